/* Learn mode's tracer: runs a program whose seccomp filter sends every call it does not
 * allow to the tracer (SECCOMP_RET_TRACE), records those calls and lets them run. */
#ifndef SB_LEARN_TRACE_H
#define SB_LEARN_TRACE_H

#include "observed.h"

struct sb_learn_run {
	const char *const *argv;   /* what the child execs (the program, or a launcher) */
	const char *const *env;    /* its complete environment */
	int status;                /* wait status of the first process, when it ended */
	unsigned long processes;   /* processes and threads followed */
};

/*
 * Fork; the child asks to be traced (PTRACE_TRACEME, which also works under Yama's
 * ptrace_scope 1) and execs run->argv with run->env. The tracer follows forks, vforks,
 * clones and execs, records each PTRACE_EVENT_SECCOMP stop (number and arguments) into o,
 * and continues the call. Returns 0 when the program ran (whatever its exit status), or
 * SANDBOX_EINTERNAL/SANDBOX_ECONFIG with the message in err.
 */
int sb_learn_trace(struct sb_learn_run *run, struct sb_observed *o, struct sandbox_error *err);

#endif
