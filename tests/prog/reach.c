/*
 * reach: tries to reach things outside a sandbox and prints each outcome, one line per
 * action, "NAME=0" or "NAME=-1 ENAME" (flushed):
 *   mem              open /proc/PPID/mem for writing (the takeover of the parent's code)
 *   kill             kill(PPID, 0): may it signal its parent?
 *   read:PATH        open PATH read-only
 *   create:PATH      create PATH (O_WRONLY|O_CREAT|O_EXCL) and write a byte
 *   uring-create:PATH  create PATH with io_uring's IORING_OP_OPENAT (raw syscalls);
 *                    "uring=unavailable" when io_uring cannot be set up at all
 *   connect:PORT     TCP connect to 127.0.0.1:PORT
 * parent PROGRAM ARGS...: fork; the child runs PROGRAM, this process waits and exits with
 * its status (a parent of the same user, outside the child's sandbox, to attack).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/io_uring.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void report(const char *name, long rc, int err)
{
	if (rc < 0)
		printf("%s=-1 %s\n", name, strerrorname_np(err));
	else
		printf("%s=0\n", name);
	fflush(stdout);
}

/* One IORING_OP_OPENAT through a fresh ring; the kernel's result (fd or -errno). */
static long uring_openat(const char *path, int flags, int *unavailable)
{
	struct io_uring_params p = { 0 };
	int fd = (int)syscall(SYS_io_uring_setup, 1, &p);
	if (fd < 0) {
		*unavailable = 1;
		return -errno;
	}
	size_t sq_len = p.sq_off.array + p.sq_entries * sizeof(unsigned);
	size_t cq_len = p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe);
	char *sq = mmap(NULL, sq_len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, IORING_OFF_SQ_RING);
	char *cq = mmap(NULL, cq_len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, IORING_OFF_CQ_RING);
	struct io_uring_sqe *sqes = mmap(NULL, p.sq_entries * sizeof(*sqes), PROT_READ | PROT_WRITE,
					 MAP_SHARED, fd, IORING_OFF_SQES);
	if (sq == MAP_FAILED || cq == MAP_FAILED || sqes == MAP_FAILED) {
		*unavailable = 1;
		return -errno;
	}
	memset(&sqes[0], 0, sizeof(sqes[0]));
	sqes[0].opcode = IORING_OP_OPENAT;
	sqes[0].fd = AT_FDCWD;
	sqes[0].addr = (unsigned long)path;
	sqes[0].len = 0600;
	sqes[0].open_flags = (unsigned)flags;
	unsigned *tail = (unsigned *)(sq + p.sq_off.tail);
	((unsigned *)(sq + p.sq_off.array))[*tail & *(unsigned *)(sq + p.sq_off.ring_mask)] = 0;
	__atomic_store_n(tail, *tail + 1, __ATOMIC_RELEASE);
	if (syscall(SYS_io_uring_enter, fd, 1, 1, IORING_ENTER_GETEVENTS, NULL, 0) < 0)
		return -errno;
	unsigned head = *(unsigned *)(cq + p.cq_off.head);
	struct io_uring_cqe *cqe = (struct io_uring_cqe *)(cq + p.cq_off.cqes) +
				   (head & *(unsigned *)(cq + p.cq_off.ring_mask));
	return cqe->res;
}

static void act(const char *spec)
{
	const char *arg = strchr(spec, ':');
	arg = arg ? arg + 1 : "";
	char path[64];
	long rc;
	if (!strcmp(spec, "mem")) {
		snprintf(path, sizeof(path), "/proc/%d/mem", (int)getppid());
		rc = open(path, O_RDWR);
		report("mem", rc, errno);
	} else if (!strcmp(spec, "kill")) {
		rc = kill(getppid(), 0);
		report("kill", rc, errno);
	} else if (!strncmp(spec, "read:", 5)) {
		rc = open(arg, O_RDONLY);
		report("read", rc, errno);
	} else if (!strncmp(spec, "create:", 7)) {
		rc = open(arg, O_WRONLY | O_CREAT | O_EXCL, 0600);
		if (rc >= 0 && write((int)rc, "x", 1) != 1)
			rc = -1;
		report("create", rc, errno);
	} else if (!strncmp(spec, "uring-create:", 13)) {
		int unavailable = 0;
		rc = uring_openat(arg, O_WRONLY | O_CREAT | O_EXCL, &unavailable);
		if (unavailable) {
			printf("uring=unavailable\n");
			fflush(stdout);
		} else {
			report("uring-create", rc < 0 ? -1 : rc, rc < 0 ? (int)-rc : 0);
		}
	} else if (!strncmp(spec, "connect:", 8)) {
		struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(arg)),
					  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
		int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
		rc = s < 0 ? -1 : connect(s, (struct sockaddr *)&sa, sizeof(sa));
		report("connect", rc, errno);
		if (s >= 0)
			close(s);
	} else {
		fprintf(stderr, "reach: unknown action %s\n", spec);
		exit(2);
	}
}

int main(int argc, char **argv)
{
	if (argc > 2 && !strcmp(argv[1], "parent")) {
		pid_t pid = fork();
		if (pid == 0) {
			execv(argv[2], argv + 2);
			_exit(127);
		}
		int status;
		if (pid < 0 || waitpid(pid, &status, 0) < 0)
			return 3;
		if (WIFSIGNALED(status))
			raise(WTERMSIG(status));
		return WEXITSTATUS(status);
	}
	for (int i = 1; i < argc; i++)
		act(argv[i]);
	return 0;
}
