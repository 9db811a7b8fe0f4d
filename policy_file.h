/* minijail-syntax policy files and precompiled filter files. */
#ifndef SB_POLICY_FILE_H
#define SB_POLICY_FILE_H

#include "policy.h"

/* Parse a policy file (with its includes) into *out. default_override (may be NULL) replaces
 * the file's @default action. Errors name file:line:column and the token. */
int sb_policy_parse_file(const char *path, const uint32_t *default_override,
			 struct sb_policy *out, struct sandbox_error *err);

/* Read a precompiled filter (raw struct sock_filter array), checked for size and shape. */
int sb_program_read_file(const char *path, struct sb_program *out, struct sandbox_error *err);

#endif
