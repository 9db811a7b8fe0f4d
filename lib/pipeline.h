/*
 * The one pipeline every front end runs: configuration -> policy model -> filter -> load.
 *
 * The library's constructor and C API build and load in their own process; sandboxify
 * builds here and places the filter in the program it starts (launcher/inject.c);
 * sandbox-policy builds to compile, explain or learn. Nothing is parsed, looked up or
 * compiled anywhere else.
 */
#ifndef SB_PIPELINE_H
#define SB_PIPELINE_H

#include <stdbool.h>

#include "config.h"
#include "filter.h"
#include "landlock.h"

struct sb_pipeline_opts {
	/* Set up the "adding NAME to the process seccomp filter" lines and the warnings
	 * (NULL: none; SECCOMP_QUIET=1 also silences the lines). */
	struct sb_messages *messages;
	/* Prepare the blocked-syscall report when SECCOMP_REPORT and the policy allow it
	 * (false: the filter is for another process or for a file). */
	bool report;
	/* Called on the policy just before it is compiled (sandboxify --preload extends it
	 * with what the dynamic loader needs); NULL: none. A precompiled SECCOMP_BPF_FILE has
	 * no policy to adjust and is refused when this or widen is set. */
	int (*adjust)(struct sb_policy *policy, void *arg, struct sandbox_error *err);
	void *adjust_arg;
	/* A second filter from the same policy (report included), compiled after `widen` has
	 * added to it: sandboxify --preload's guard, in force until the program's entry point
	 * where the first one is added (NULL: none). */
	int (*widen)(struct sb_policy *policy, struct sandbox_error *err);
};

/* What a build gives: the filter, and what must happen in the process that loads it just
 * before (and after) the load. */
struct sb_build {
	struct sb_program program;
	struct sb_program widened;  /* opts->widen's filter, or empty */
	/* The Landlock domain the SANDBOX_* variables and the policy's directives ask for
	 * (landlock.h), entered before the filter; filled for SANDBOX_OK and SANDBOX_NOTHING. */
	struct sb_isolation isolation;
	bool install_report;        /* sb_report_install(): the report was prepared */
	/* Make the C allocator's first call before the filter: the filter would refuse what
	 * it needs (brk, getrandom), and lists are written for programs whose heap is ready. */
	bool prime_allocator;
	/* The filter hands brk or getrandom to a tracer (learn mode): once it is loaded, make
	 * the primed calls again, harmlessly, so the tracer sees what the allocator needs. */
	bool show_allocator_start;
};

/*
 * Build the filter the variables describe: a policy (lists or policy file) compiled, or a
 * precompiled program read and checked. opts may be NULL (no messages, no report).
 * SANDBOX_NOTHING when no variable selects a filter (the others are still checked).
 */
int sb_pipeline_build(const struct sb_env *env, const struct sb_pipeline_opts *opts,
		      struct sb_build *out, struct sandbox_error *err);
/* The same from a policy already made (the C API's lists); the policy is consumed. */
int sb_pipeline_build_policy(struct sb_policy *policy, bool report_wanted,
			     const struct sb_pipeline_opts *opts, struct sb_build *out,
			     struct sandbox_error *err);
/* In the calling process: enter the Landlock domain `iso` describes (a kernel without it,
 * under the default setting, adds a warning to messages), then write messages (NULL: none).
 * Before the filter, so the filter need not allow the landlock calls. */
int sb_pipeline_enter_domain(const struct sb_isolation *iso, struct sb_messages *messages,
			     struct sandbox_error *err);
/* True when iso asks for a domain even without a filter (rules, or SANDBOX_ISOLATE=1). */
bool sb_pipeline_wants_domain(const struct sb_isolation *iso);
/* In the calling process: what the build asks for before the load, then the load on
 * every thread. */
int sb_pipeline_load(const struct sb_build *b, struct sandbox_error *err);

void sb_build_free(struct sb_build *b);

#endif
