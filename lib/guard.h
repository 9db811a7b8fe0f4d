/*
 * The guard filter of `sandboxify --preload`: the user's policy, plus what the dynamic
 * loader, libc start-up and libsandbox.so's constructor do before the program's entry
 * point, each call only with the arguments start-up uses (read-only opens, private
 * mappings, ...). sandboxify installs it at exec and the exact policy at the entry point,
 * so nothing the program does before (its .preinit_array, its libraries' constructors,
 * its environment) changes the filter main runs under.
 */
#ifndef SB_GUARD_H
#define SB_GUARD_H

#include "policy.h"

/* Add the start-up calls to `policy` (after its own cases), then sort it for compiling. */
int sb_guard_policy(struct sb_policy *policy, struct sandbox_error *err);

/* The i-th start-up call's name and the condition it is allowed under (n == 0: any
 * arguments); NULL past the last. */
const char *sb_guard_call(size_t i, const struct sb_atom **atoms, size_t *n);

/* Let `policy` allow seccomp(SECCOMP_SET_MODE_FILTER, TSYNC), so that sandboxify can add
 * the exact filter at the entry point on top of the one libsandbox.so loads before it
 * (SECCOMP_SANDBOXIFY=1). Adding a filter only ever restricts. */
int sb_allow_entry_load(struct sb_policy *policy, struct sandbox_error *err);

#endif
