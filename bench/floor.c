/*
 * The floor of start-up under any preloaded seccomp library: a constructor that reads a
 * compiled filter (the file named by BENCH_FLOOR_BPF) and attaches it, nothing else. What
 * libsandbox.so adds above this is its own cost; this itself is the kernel's (attaching
 * a filter: checking, translating and JIT-compiling it) plus preloading a library.
 */
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static struct sock_filter insns[BPF_MAXINSNS];

__attribute__((constructor)) static void attach(void)
{
	const char *path = getenv("BENCH_FLOOR_BPF");
	int fd = path ? open(path, O_RDONLY | O_CLOEXEC) : -1;
	ssize_t n = fd >= 0 ? read(fd, insns, sizeof(insns)) : -1;
	if (fd >= 0)
		close(fd);
	struct sock_fprog prog = { .len = (unsigned short)(n / 8), .filter = insns };
	if (n <= 0 || n % 8 || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, &prog))
		_exit(125);
}
