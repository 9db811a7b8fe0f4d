/* The tracer's loop over a program and everything it starts (follow.h). */
#include "follow.h"

#include <errno.h>
#include <stddef.h>
#include <sys/ptrace.h>
#include <sys/wait.h>

/* Seized tracees (the exec-time launcher's) stop with PTRACE_EVENT_STOP both for a group
 * stop, which must stay stopped as it would untraced, and for a new child's first stop,
 * which just resumes; only the first has no signal information. */
static void event_stop(pid_t pid, int sig)
{
	if (sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU) {
		siginfo_t si;
		if (ptrace(PTRACE_GETSIGINFO, pid, NULL, &si) < 0) {
			ptrace(PTRACE_LISTEN, pid, NULL, NULL);
			return;
		}
	}
	ptrace(PTRACE_CONT, pid, NULL, NULL);
}

void sb_follow_tree(struct sb_follow *f)
{
	f->status = -1;
	while (!(f->stop && *f->stop)) {
		int st;
		pid_t pid = waitpid(-1, &st, __WALL);
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			return;                 /* ECHILD: every tracee is gone */
		}
		if (WIFEXITED(st) || WIFSIGNALED(st)) {
			if (f->on_exit)
				f->on_exit(pid, f->arg);
			if (pid == f->main_pid) {
				f->status = st;
				if (f->stop_at_exit)
					return;
			}
			continue;
		}
		if (!WIFSTOPPED(st))
			continue;
		int sig = WSTOPSIG(st), event = st >> 16, deliver = 0;
		if (event == PTRACE_EVENT_STOP) {
			event_stop(pid, sig);
			continue;
		}
		if (sig == SIGTRAP && event == PTRACE_EVENT_SECCOMP) {
			if (f->on_seccomp)
				f->on_seccomp(pid, f->arg);
		} else if (sig == SIGTRAP && (event == PTRACE_EVENT_FORK || event == PTRACE_EVENT_VFORK ||
					      event == PTRACE_EVENT_CLONE)) {
			f->processes++;
		} else if (!(sig == SIGTRAP && event)) {
			/* A new (non-seized) tracee's first SIGSTOP comes from the kernel; a group
			 * stop has no signal information; anything else goes on to the program. */
			siginfo_t si;
			if (ptrace(PTRACE_GETSIGINFO, pid, NULL, &si) == 0 &&
			    !(sig == SIGSTOP && si.si_code == SI_USER && si.si_pid == 0)) {
				if (f->on_signal)
					f->on_signal(pid, &si, f->arg);
				deliver = sig;
			}
		}
		ptrace(PTRACE_CONT, pid, NULL, (void *)(long)deliver);
	}
}
