/* The ptrace loop behind `sandbox-policy learn`. */
#include "learn_trace.h"
#include "syscalls.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define TRACE_OPTIONS (PTRACE_O_TRACESECCOMP | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | \
		       PTRACE_O_TRACECLONE | PTRACE_O_TRACEEXEC | PTRACE_O_EXITKILL)

static void record(pid_t pid, struct sb_observed *o)
{
	struct __ptrace_syscall_info info;
	long got = ptrace(PTRACE_GET_SYSCALL_INFO, pid, (void *)sizeof(info), &info);
	if (got <= 0 || info.op != PTRACE_SYSCALL_INFO_SECCOMP)
		return;
	if (info.arch != sb_native_arch() || info.seccomp.nr >= SB_NR_LIMIT) {
		o->foreign++;
		return;
	}
	int nr = (int)info.seccomp.nr;
	int ins = sb_inspected_index(nr);
	sb_observed_add(o, nr, ins >= 0, ins >= 0 ? info.seccomp.args[sb_inspected_arg(ins)] : 0);
}

/* A stopped process that is not at a ptrace event: a new tracee's first SIGSTOP, a
 * group stop, or a signal on its way to the program (passed on). */
static int signal_to_deliver(pid_t pid, int sig)
{
	siginfo_t si;
	if (ptrace(PTRACE_GETSIGINFO, pid, NULL, &si) < 0)
		return 0;                       /* group stop: just resume */
	if (sig == SIGSTOP && si.si_code == SI_USER && si.si_pid == 0)
		return 0;                       /* the kernel's stop of a new tracee */
	return sig;
}

int sb_learn_trace(struct sb_learn_run *run, struct sb_observed *o, struct sandbox_error *err)
{
	int ready[2];
	if (pipe2(ready, O_CLOEXEC) < 0)
		return sb_fail(err, SANDBOX_EINTERNAL, "learn: pipe: %s", strerror(errno));
	pid_t child = fork();
	if (child < 0) {
		close(ready[0]);
		close(ready[1]);
		return sb_fail(err, SANDBOX_EINTERNAL, "learn: fork: %s", strerror(errno));
	}
	if (child == 0) {
		close(ready[0]);
		if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) < 0) {
			dprintf(ready[1], "PTRACE_TRACEME: %s", strerror(errno));
			_exit(127);
		}
		execve(run->argv[0], (char *const *)run->argv, (char *const *)run->env);
		dprintf(ready[1], "%s: %s", run->argv[0], strerror(errno));
		_exit(127);
	}
	close(ready[1]);

	bool first = true;
	run->processes = 1;
	run->status = -1;
	for (;;) {
		int status;
		pid_t pid = waitpid(-1, &status, __WALL);
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			break;                  /* ECHILD: every tracee is gone */
		}
		if (WIFEXITED(status) || WIFSIGNALED(status)) {
			if (pid == child)
				run->status = status;
			continue;
		}
		if (!WIFSTOPPED(status))
			continue;
		int sig = WSTOPSIG(status), event = status >> 16, deliver = 0;
		if (first && pid == child) {
			/* The exec of the traced child: from here on, options and events. */
			first = false;
			if (ptrace(PTRACE_SETOPTIONS, pid, NULL, (void *)(long)TRACE_OPTIONS) < 0) {
				int e = errno;
				kill(child, SIGKILL);
				waitpid(child, NULL, 0);
				close(ready[0]);
				return sb_fail(err, SANDBOX_EINTERNAL, "learn: PTRACE_SETOPTIONS: %s",
					       strerror(e));
			}
		} else if (sig == SIGTRAP && event == PTRACE_EVENT_SECCOMP) {
			record(pid, o);
		} else if (sig == SIGTRAP && (event == PTRACE_EVENT_FORK || event == PTRACE_EVENT_VFORK ||
					      event == PTRACE_EVENT_CLONE)) {
			run->processes++;
		} else if (sig == SIGTRAP && event) {
			/* exec and other events: nothing to do */
		} else {
			deliver = signal_to_deliver(pid, sig);
		}
		ptrace(PTRACE_CONT, pid, NULL, (void *)(long)deliver);
	}
	char why[300];
	ssize_t n = read(ready[0], why, sizeof(why) - 1);
	close(ready[0]);
	if (n > 0) {
		why[n] = '\0';
		return sb_fail(err, SANDBOX_ECONFIG, "learn: cannot run %s", why);
	}
	return SANDBOX_OK;
}
