/*
 * The calls a ptrace-stopped program makes to confine itself, made in one run instead of
 * one single-step each: the launcher lists them (with the results later ones take as
 * arguments, and where a result must be stored), places a small runner beside the
 * program's instruction pointer and the list below its stack pointer, resumes it once and
 * waits for the runner's breakpoint. Each stop costs two context switches; a launch with
 * the report and a Landlock domain made nine of them.
 *
 * Where the program's code mapping has no room for the runner (an entry point within a
 * few hundred bytes of the end of its executable mapping), the same list is made one
 * single-step per call, with the same results and checks.
 */
#ifndef SB_INJECT_BATCH_H
#define SB_INJECT_BATCH_H

#include <stddef.h>
#include <stdint.h>

#include "inject.h"
#include "inject_batch_abi.h"

struct sb_batch_note {
	const char *what;       /* the call, for messages: "landlock_restrict_self" */
	const char *context;    /* why it is made: "entering its Landlock domain" */
	char *failure;          /* NULL, or the whole message when it fails (owned) */
	int failure_code;       /* the error code that goes with `failure` */
};

struct sb_batch {
	struct sb_batch_call *calls;
	struct sb_batch_note *notes;
	size_t n, cap;
	bool stepped;           /* made one single-step per call (no room for the runner) */
};

/*
 * Appends a call; returns its index, or -1 when out of memory (err says so). `expect` is
 * SB_BATCH_EXPECT_ZERO or SB_BATCH_EXPECT_NOT_ERROR. `what` and `context` must outlive
 * the batch (string literals).
 */
long sb_batch_add(struct sb_batch *b, const char *what, const char *context, long nr,
		  const long args[6], int expect, struct sandbox_error *err);

/* Argument `arg` (0-5) of call `call` gets the result of the earlier call `from` added. */
void sb_batch_arg_from(struct sb_batch *b, long call, int arg, long from);

/* The result of call `call` is also written, as a 64-bit word, at `addr` in the tracee
 * (8-aligned, writable: scratch memory), before the next call is made. */
void sb_batch_store(struct sb_batch *b, long call, uintptr_t addr);

/* When call `call` fails, err gets `message` and `code` instead of the generic line. */
int sb_batch_on_failure(struct sb_batch *b, long call, int code, const char *message,
			struct sandbox_error *err);

/*
 * Makes the calls in the tracee, in order, stopping at the first that does not meet its
 * expectation (err names it, the process and the error). On return the results are in
 * b->calls[i].result. The tracee's code, stack and registers are put back by
 * sb_inject_end().
 */
int sb_batch_run(struct sb_tracee *t, struct sb_batch *b, struct sandbox_error *err);

void sb_batch_free(struct sb_batch *b);

#endif
