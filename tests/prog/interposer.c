/*
 * interposer: a hostile executable linked with -rdynamic that exports functions of the
 * names libsandbox.so uses, hoping the library's calls bind to them instead:
 *   built -DINTERPOSE_API   sandbox_apply_env and sandbox_scrub_env that do nothing;
 *   built -DINTERPOSE_LIBC  syscall() and prctl() that pretend to succeed.
 * main prints the Seccomp: line of /proc/self/status, then calls getppid with the syscall
 * instruction itself (this program's syscall() is a fake): under a deny list of getppid
 * it must die by SIGSYS.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>

#ifdef INTERPOSE_API
struct sandbox_error;
int sandbox_apply_env(struct sandbox_error *err);
int sandbox_apply_env(struct sandbox_error *err)
{
	(void)err;
	return 0;
}
void sandbox_scrub_env(void);
void sandbox_scrub_env(void)
{
}
#endif

#ifdef INTERPOSE_LIBC
long syscall(long nr, ...)
{
	(void)nr;
	return 0;
}
int prctl(int option, ...)
{
	(void)option;
	return 0;
}
#endif

static long raw_getppid(void)
{
	long rc;
	__asm__ volatile("syscall" : "=a"(rc) : "0"((long)SYS_getppid) : "rcx", "r11", "memory");
	return rc;
}

int main(void)
{
	char line[256];
	FILE *f = fopen("/proc/self/status", "r");
	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "Seccomp:", 8))
			fputs(line, stdout);
	if (f)
		fclose(f);
	fflush(stdout);
	printf("getppid=%ld\n", raw_getppid());
	return 0;
}
