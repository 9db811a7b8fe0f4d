/*
 * The floor of start-up under any launcher that confines a program before its first
 * instruction: attach the compiled filter named by BENCH_FLOOR_BPF to itself, then exec
 * the program (the filter must allow execve). What sandboxify adds above this is its own
 * cost: the helper, the stop at exec, placing the filter and the report in the program.
 */
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static struct sock_filter insns[BPF_MAXINSNS];

int main(int argc, char **argv)
{
	const char *path = getenv("BENCH_FLOOR_BPF");
	int fd = path ? open(path, O_RDONLY | O_CLOEXEC) : -1;
	ssize_t n = fd >= 0 ? read(fd, insns, sizeof(insns)) : -1;
	if (fd >= 0)
		close(fd);
	struct sock_fprog prog = { .len = (unsigned short)(n / 8), .filter = insns };
	if (argc < 2 || n <= 0 || n % 8 || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog))
		return 125;
	execv(argv[1], argv + 1);
	return 127;
}
