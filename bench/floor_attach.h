/* What both floors do, and all they do: read the compiled filter BENCH_FLOOR_BPF names and
 * attach it to the calling process. False when there is no such filter or the kernel
 * refuses it. */
#ifndef BENCH_FLOOR_ATTACH_H
#define BENCH_FLOOR_ATTACH_H

#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static inline bool floor_attach(unsigned flags)
{
	static struct sock_filter insns[BPF_MAXINSNS];
	const char *path = getenv("BENCH_FLOOR_BPF");
	int fd = path ? open(path, O_RDONLY | O_CLOEXEC) : -1;
	ssize_t n = fd >= 0 ? read(fd, insns, sizeof(insns)) : -1;
	if (fd >= 0)
		close(fd);
	struct sock_fprog prog = { .len = (unsigned short)(n / 8), .filter = insns };
	return n > 0 && n % 8 == 0 && !prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) &&
	       !syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &prog);
}

#endif
