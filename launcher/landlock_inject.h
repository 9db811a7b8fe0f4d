/* Entering a Landlock domain inside a program stopped at its exec (sandboxify). */
#ifndef SB_LANDLOCK_INJECT_H
#define SB_LANDLOCK_INJECT_H

#include "inject.h"
#include "inject_batch.h"
#include "landlock.h"

/*
 * Add to `calls` what makes the stopped tracee build the planned ruleset (its paths
 * opened by the tracee itself, with O_PATH, so relative paths and its mount view apply),
 * set no_new_privs and restrict itself. Nothing is added when plan->enter is false. After
 * an exec the tracee has one thread, so the domain binds the whole process. The memory
 * used is below its stack pointer (restored), or mapped and unmapped by the calls.
 */
int sb_landlock_inject(struct sb_tracee *t, struct sb_batch *calls,
		       const struct sb_isolation *iso, const struct sb_landlock_plan *plan,
		       struct sandbox_error *err);

#endif
