/* Entering a Landlock domain inside a program stopped at its exec (sandboxify). */
#ifndef SB_LANDLOCK_INJECT_H
#define SB_LANDLOCK_INJECT_H

#include "inject.h"
#include "landlock.h"

/*
 * Make the stopped tracee build the planned ruleset (its paths opened by the tracee itself,
 * with O_PATH, so relative paths and its mount view apply), set no_new_privs and restrict
 * itself. Nothing happens when plan->enter is false. After an exec the tracee has one
 * thread, so the domain binds the whole process. The memory used is unmapped afterwards.
 */
int sb_landlock_inject(struct sb_tracee *t, const struct sb_isolation *iso,
		       const struct sb_landlock_plan *plan, struct sandbox_error *err);

#endif
