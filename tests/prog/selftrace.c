/*
 * selftrace: a hostile program given SECCOMP_DEFAULT_ACTION=trace. A child attaches to it
 * with PTRACE_O_TRACESECCOMP and lets every traced call continue, then the program makes
 * the calls named on its command line (syscall numbers) and prints "NR=RESULT" for each:
 * if the filter loaded, every refused call would run.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void tracer(pid_t target, int ready)
{
	if (ptrace(PTRACE_SEIZE, target, NULL, (void *)(long)PTRACE_O_TRACESECCOMP)) {
		perror("selftrace: PTRACE_SEIZE");
		_exit(1);
	}
	if (write(ready, "A", 1) != 1)
		_exit(1);
	for (;;) {
		int status;
		if (waitpid(target, &status, __WALL) < 0 || !WIFSTOPPED(status))
			_exit(0);
		int sig = WSTOPSIG(status);
		bool event = (status >> 16) != 0;
		ptrace(PTRACE_CONT, target, NULL, (void *)(long)(event || sig == SIGTRAP ? 0 : sig));
	}
}

int main(int argc, char **argv)
{
	int p[2];
	char c;
	prctl(PR_SET_PTRACER, PR_SET_PTRACER_ANY, 0, 0, 0);
	if (pipe(p))
		return 1;
	pid_t self = getpid();
	if (fork() == 0) {
		close(p[0]);
		tracer(self, p[1]);
	}
	close(p[1]);
	if (read(p[0], &c, 1) != 1)
		return 1;
	for (int i = 1; i < argc; i++) {
		long nr = strtol(argv[i], NULL, 0);
		printf("%ld=%ld\n", nr, syscall(nr, 0, 0, 0, 0, 0, 0));
	}
	return 0;
}
