/* Syscall groups with systemd's SystemCallFilter= names and meanings (@basic-io,
 * @file-system, @system-service ...), usable in policy files and in the
 * SECCOMP_SYSCALL_ALLOW/DENY lists. */
#ifndef SB_GROUPS_H
#define SB_GROUPS_H

#include <stdbool.h>
#include <stddef.h>

#include "policy.h"

/* Names and help are stored in place and members as one string, so the table needs a
 * single relocation per group instead of one per member: fewer pages for the dynamic
 * loader to touch in every sandboxed process. */
struct sb_group {
	char name[24];                 /* "@basic-io" */
	char help[80];                 /* one line */
	const char *members;           /* space-separated syscall names and "@group" references */
};

extern const struct sb_group sb_groups[];
extern const size_t sb_groups_len;

/* The group called name ("@basic-io"; the '@' is required), or NULL. */
const struct sb_group *sb_group_find(const char *name);

/* Mark in member[] every native syscall number of the group, nested groups expanded.
 * Names the native ABI does not have are skipped, as systemd does. @known is every
 * syscall the tables know. Returns how many numbers were marked, -1 if name is unknown. */
int sb_group_members(const char *name, bool member[SB_NR_LIMIT]);

/* "@aio, @basic-io, ..." — every group name, for error messages (static storage). */
const char *sb_group_names(void);

#endif
