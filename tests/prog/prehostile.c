/*
 * prehostile: code that runs before the dynamic loader hands over to the program (its
 * .preinit_array), trying to get out from under sandboxify --preload. PREHOSTILE says what:
 *   scrub        remove every SECCOMP_* entry from the environment (no system call)
 *   create:PATH  create PATH for writing
 *   socket       open an IPv4 socket
 * main then prints "pre=RESULT" (the attempt's raw result) and "main", and calls mprotect,
 * which the tests' policies leave out: "mprotect=RESULT" means it was allowed.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

static long pre_result = -1;

static long raw(long nr, long a, long b, long c)
{
	long rc;
	__asm__ volatile("syscall" : "=a"(rc) : "0"(nr), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
	return rc;
}

static void before_everything(int argc, char **argv, char **envp)
{
	(void)argc, (void)argv;
	const char *mode = NULL;
	for (char **e = envp; *e; e++)
		if (!strncmp(*e, "PREHOSTILE=", 11))
			mode = *e + 11;
	if (!mode)
		return;
	if (!strcmp(mode, "scrub")) {
		char **out = envp;
		for (char **e = envp; *e; e++)
			if (strncmp(*e, "SECCOMP_", 8))
				*out++ = *e;
		*out = NULL;
		pre_result = 0;
	} else if (!strncmp(mode, "create:", 7)) {
		pre_result = raw(SYS_openat, AT_FDCWD, (long)(mode + 7), O_WRONLY | O_CREAT | O_CLOEXEC);
	} else if (!strcmp(mode, "socket")) {
		pre_result = raw(SYS_socket, AF_INET, SOCK_STREAM, 0);
	}
}

__attribute__((section(".preinit_array"), used))
static void (*const preinit)(int, char **, char **) = before_everything;

int main(void)
{
	printf("pre=%ld\nmain\n", pre_result);
	fflush(stdout);
	printf("mprotect=%ld\n", raw(SYS_mprotect, 0, 0, 0));
	return 0;
}
