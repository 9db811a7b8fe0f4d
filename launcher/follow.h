/*
 * Following every process a traced program starts, until the last one is gone: the loop
 * shared by `sandbox-policy learn` (which records each traced call) and `sandboxify
 * --follow` (which names the call that kills a program with no report handler of its own).
 * The tracer must have set PTRACE_O_TRACEFORK, _TRACEVFORK and _TRACECLONE on the first
 * tracee, so every process and thread it starts is a tracee too.
 */
#ifndef SB_FOLLOW_H
#define SB_FOLLOW_H

#include <signal.h>
#include <stdbool.h>
#include <sys/types.h>

struct sb_follow {
	pid_t main_pid;                /* the program the tool started */
	bool stop_at_exit;             /* return when main_pid exits, not when every tracee has */
	volatile sig_atomic_t *stop;   /* set by a signal handler: return at the next wake-up */
	/* PTRACE_EVENT_SECCOMP (the filter's trace action), the tracee stopped; may be NULL. */
	void (*on_seccomp)(pid_t pid, void *arg);
	/* A signal about to be delivered to pid (si is what PTRACE_GETSIGINFO gave); it is
	 * delivered unchanged afterwards. May be NULL. */
	void (*on_signal)(pid_t pid, const siginfo_t *si, void *arg);
	/* A tracee is gone (exited or killed). May be NULL. */
	void (*on_exit)(pid_t pid, void *arg);
	void *arg;
	int status;                    /* out: main_pid's wait status (-1 while it runs) */
	unsigned long processes;       /* out: processes and threads started (events seen) */
};

/* Resume nothing: every tracee is expected stopped or running already; waits for them. */
void sb_follow_tree(struct sb_follow *f);

#endif
