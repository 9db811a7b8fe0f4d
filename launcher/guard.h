/*
 * The guard filter of `sandboxify --preload`: the user's policy, plus exactly what the
 * dynamic loader, libc start-up and libsandbox.so's constructor need before the
 * constructor installs the user's own filter on top. If libsandbox.so never loads, the
 * program still runs under the guard, never unfiltered.
 */
#ifndef SB_GUARD_H
#define SB_GUARD_H

#include "policy.h"

/* The syscalls added, NULL-terminated (measured with strace on Debian 12, glibc 2.36). */
extern const char *const sb_guard_syscalls[];

/* Allow each of sb_guard_syscalls unconditionally in `policy` (replacing its rule, if
 * any), then sort it for compiling. */
int sb_guard_policy(struct sb_policy *policy, struct sandbox_error *err);

#endif
