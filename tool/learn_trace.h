/* Learn mode's tracer: runs a program whose seccomp filter sends every call it does not
 * allow to the tracer (SECCOMP_RET_TRACE), records those calls and lets them run. */
#ifndef SB_LEARN_TRACE_H
#define SB_LEARN_TRACE_H

#include "filter.h"
#include "observed.h"
#include "learn_paths.h"

struct sb_learn_run {
	const char *const *argv;   /* argv[0] is the program's resolved path */
	const char *const *env;    /* its complete environment */
	const char *name;          /* prefix of the messages the launcher's helper prints */
	unsigned timeout;          /* seconds before learning stops (SIGALRM); 0: none */
	bool stop_at_exit;         /* stop when the program itself exits: its descendants
				      still running are killed instead of followed */
	int status;                /* wait status of the program, when it ended (else -1) */
	unsigned long processes;   /* processes and threads followed */
	int stopped_by;            /* SIGINT, SIGTERM or SIGHUP received, SIGALRM for the
				      timeout: learning stopped early, the program and its
				      descendants were killed; else 0 */
	struct sb_learn_paths *paths;  /* the paths of the calls recorded (NULL: not kept) */
};

/*
 * Dynamic programs: fork; the child asks to be traced (PTRACE_TRACEME, which also works
 * under Yama's ptrace_scope 1) and execs run->argv with run->env, whose LD_PRELOAD and
 * SECCOMP_* settings make the library install the learning filter. The tracer follows
 * forks, vforks, clones and execs, records each PTRACE_EVENT_SECCOMP stop (number and
 * arguments) into o, and continues the call, until every tracee is gone (or the program
 * itself, with stop_at_exit). SIGINT, SIGTERM, SIGHUP and the timeout stop it early: what
 * was recorded stays in o. Returns 0 when the program ran (whatever its exit status), or an
 * error with the message in err.
 */
int sb_learn_trace(struct sb_learn_run *run, struct sb_observed *o, struct sandbox_error *err);

/*
 * Static programs: the filter `prog` is installed at the program's exec stop by the
 * exec-time launcher (launch.h, the mechanism sandboxify uses), whose helper then stays
 * the tracer and records as above. The observations live in memory shared with the helper.
 */
int sb_learn_trace_at_exec(struct sb_learn_run *run, const struct sb_program *prog,
			   struct sb_observed *o, struct sandbox_error *err);

#endif
