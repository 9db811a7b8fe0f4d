/* minijail-syntax policy files and precompiled filter files. The syntax is described in
 * sandbox-policy(5). */
#ifndef SB_POLICY_FILE_H
#define SB_POLICY_FILE_H

#include "filter.h"

/* The variable that redirects @include paths: "FROM=TO[:FROM=TO...]"; an include whose
 * path is FROM or starts with FROM/ is read from TO instead (first match wins). */
#define SB_INCLUDE_MAP_VAR "SECCOMP_POLICY_INCLUDE_MAP"
/* SANDBOX_ECONFIG unless every non-empty entry of the map is FROM=TO, FROM absolute. */
int sb_include_map_check(const char *map, struct sandbox_error *err);

struct sb_policy_file_opts {
	/* Replaces the default action everywhere it applies (@default, the fallback of
	 * conditional rules; in a @denylist the action of entries without their own). */
	const uint32_t *default_override;
	/* @include redirection in SECCOMP_POLICY_INCLUDE_MAP syntax (NULL: none). */
	const char *include_map;
	/* Called with every problem found ("FILE:LINE:COLUMN: ..."), not only the first. */
	void (*report)(void *ctx, const char *message);
	void *report_ctx;
	/* Called (with report_ctx) with "FILE:LINE:COLUMN: warning: ..." for statements that
	 * can never take effect (NULL: not looked for). */
	void (*warn)(void *ctx, const char *message);
	/* For OCI profiles' includes/excludes: the capability set (bit N: capability N) and
	 * kernel release ("6.18.0") to evaluate them against; NULL: this process's permitted
	 * set, the running kernel. */
	const uint64_t *capabilities;
	const char *kernel_release;
};

/* Parse a policy file (with its includes) into *out (finished, ready to compile). On error
 * *out is left empty and err names FILE:LINE:COLUMN and the token. A file whose first
 * non-blank byte is '{' is JSON: an OCI seccomp profile (policy_oci.c) or a seccompiler
 * filter (policy_seccompiler.c). */
int sb_policy_parse_file_opts(const char *path, const struct sb_policy_file_opts *opts,
			      struct sb_policy *out, struct sandbox_error *err);

/* The same for a policy held in memory (tests, fuzzing); name stands for the file in
 * messages and relative includes. */
int sb_policy_parse_text(const char *name, const char *text, size_t len,
			 const struct sb_policy_file_opts *opts, struct sb_policy *out,
			 struct sandbox_error *err);

/* Read a precompiled filter (raw struct sock_filter array, as `sandbox-policy compile`
 * writes it): size a multiple of 8, 1 to 4096 instructions, and a shape the kernel would
 * accept (sb_bpf_validate); anything else is refused. */
int sb_program_read_file(const char *path, struct sb_program *out, struct sandbox_error *err);


#endif
