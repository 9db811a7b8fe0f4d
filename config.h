/* The SECCOMP_* environment configuration and the policy it describes. */
#ifndef SB_CONFIG_H
#define SB_CONFIG_H

#include "policy.h"

/* The variables, as read from the environment (NULL: unset). */
struct sb_env {
	const char *allow;        /* SECCOMP_SYSCALL_ALLOW */
	const char *deny;         /* SECCOMP_SYSCALL_DENY */
	const char *policy_file;  /* SECCOMP_POLICY_FILE */
	const char *bpf_file;     /* SECCOMP_BPF_FILE */
	const char *action;       /* SECCOMP_DEFAULT_ACTION */
	const char *quiet;        /* SECCOMP_QUIET */
	const char *report;       /* SECCOMP_REPORT */
};

/* Names of every configuration variable, NULL-terminated (for scrubbing and docs). */
extern const char *const sb_env_names[];

void sb_env_read(struct sb_env *env);
/* True when any variable that selects a filter is set. */
bool sb_env_selects_filter(const struct sb_env *env);

/* A growing text buffer for the "adding ..." lines, written in one go. */
struct sb_text {
	char *data;
	size_t len, cap;
	bool failed;
};
void sb_text_append(struct sb_text *t, const char *s, size_t n);
void sb_text_free(struct sb_text *t);
/* Write the whole text to fd (errors are ignored: these are messages). */
void sb_text_write(const struct sb_text *t, int fd);

/* write() until all n bytes are out, retrying on EINTR; false on error or a zero write. */
bool sb_write_all(int fd, const void *buf, size_t n);

/*
 * Build the filter the variables describe: a policy (lists or policy file) compiled, or a
 * precompiled program read and checked. `messages` (may be NULL) receives the
 * "adding NAME to the process seccomp filter" lines unless SECCOMP_QUIET=1.
 * With report_armed non-NULL the blocked-syscall report (report.h) is prepared when
 * SECCOMP_REPORT allows and the policy can use it; *report_armed then tells the caller to
 * install the handler (sb_report_install) before loading. NULL: no report (launchers).
 * Returns SANDBOX_NOTHING when no variable selects a filter.
 */
int sb_build_from_env(const struct sb_env *env, struct sb_program *out, struct sb_text *messages,
		      bool *report_armed, struct sandbox_error *err);

/* Only the policy, for lists and policy files (sandboxify's guard and the tools use it). */
int sb_policy_from_env(const struct sb_env *env, struct sb_policy *out, struct sb_text *messages,
		       struct sandbox_error *err);

/* Build the policy for one list. `what` names the variable in messages. */
int sb_policy_from_list(enum sandbox_list_mode mode, const char *list, uint32_t action,
			const char *what, struct sb_policy *out, struct sb_text *messages,
			struct sandbox_error *err);

#endif
