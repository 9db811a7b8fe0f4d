/*
 * inherited_handler: the attack the inherited report leaves open. Reads the cookie from
 * SECCOMP_REPORT_INHERITED, installs a SIGSYS handler of its own through the filter's
 * opening for the report (rt_sigaction with the cookie as fifth argument), then makes the
 * refused call getppid. Prints "survived" and exits 0 when its handler ran instead of the
 * kill. Without the variable it tries with a zero cookie: the kernel's kill (report off)
 * ignores any handler.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

struct kernel_sigaction {
	void (*handler)(int);
	unsigned long flags;
	void (*restorer)(void);
	uint64_t mask;
};

void restore_rt(void);
__asm__(".text\nrestore_rt:\n\tmov $15, %eax\n\tsyscall\n\thlt\n");

static volatile sig_atomic_t caught;

static void on_sigsys(int sig)
{
	(void)sig;
	caught = 1;
}

int main(void)
{
	const char *value = getenv("SECCOMP_REPORT_INHERITED");
	uint64_t cookie = value && !strncmp(value, "1:", 2) ? strtoull(value + 2, NULL, 16) : 0;
	struct kernel_sigaction act = { .handler = on_sigsys, .flags = 0x04000000 /* SA_RESTORER */,
					.restorer = restore_rt };
	syscall(SYS_rt_sigaction, SIGSYS, &act, NULL, 8, cookie);
	syscall(SYS_getppid);
	if (!caught)
		return 3;
	printf("survived\n");
	return 0;
}
