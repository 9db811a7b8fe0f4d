/* The Yama LSM's ptrace restriction, as it bears on a launcher that is traced by a helper
 * which is not its ancestor. */
#ifndef SB_YAMA_H
#define SB_YAMA_H

#include <stdbool.h>

#include "sandbox.h"

/* Where the kernel publishes the setting (kernel.yama.ptrace_scope). */
#define SB_YAMA_SCOPE_PATH "/proc/sys/kernel/yama/ptrace_scope"

/* The scope when Yama is not in the kernel: nothing restricts ptrace beyond the usual
 * same-user and dumpable checks. */
#define SB_YAMA_ABSENT (-1)

/*
 * Read the scope from `path` (normally SB_YAMA_SCOPE_PATH) into *scope: 0..3, or
 * SB_YAMA_ABSENT when the file does not exist. A file that exists but cannot be read or
 * does not hold a number 0..3 is an error (we cannot know what the kernel will allow).
 */
int sb_yama_read_scope(const char *path, int *scope, struct sandbox_error *err);

/* What the launcher must do for a given scope. */
struct sb_yama_plan {
	bool allowed;          /* false: a helper cannot trace us; refuse to run */
	bool declare_tracer;   /* prctl(PR_SET_PTRACER, helper) before the helper attaches, and
				  prctl(PR_SET_PTRACER, 0) in the program before it runs */
};

/*
 * Decide from the scope and whether the caller holds CAP_SYS_PTRACE (which scope 2 asks for).
 * When not allowed, err says which setting blocks and how to change it.
 */
struct sb_yama_plan sb_yama_plan(int scope, bool has_cap_sys_ptrace, struct sandbox_error *err);

/* True when the calling process has CAP_SYS_PTRACE in its effective set. */
bool sb_has_cap_sys_ptrace(void);

#endif
