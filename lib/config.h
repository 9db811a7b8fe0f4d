/* The SECCOMP_* environment configuration and the policy it describes. */
#ifndef SB_CONFIG_H
#define SB_CONFIG_H

#include "filter.h"

/* The variables, as read from the environment (NULL: unset). */
struct sb_env {
	const char *allow;        /* SECCOMP_SYSCALL_ALLOW */
	const char *deny;         /* SECCOMP_SYSCALL_DENY */
	const char *filter;       /* SECCOMP_SYSCALL_FILTER (systemd's SystemCallFilter= syntax) */
	const char *policy_file;  /* SECCOMP_POLICY_FILE */
	const char *bpf_file;     /* SECCOMP_BPF_FILE */
	const char *action;       /* SECCOMP_DEFAULT_ACTION */
	const char *unknown_action; /* SECCOMP_UNKNOWN_ACTION: calls the syscall table does not know */
	const char *quiet;        /* SECCOMP_QUIET */
	const char *report;       /* SECCOMP_REPORT */
	const char *inherited_report; /* SECCOMP_REPORT_INHERITED: set for children (report.h) */
	const char *include_map;  /* SECCOMP_POLICY_INCLUDE_MAP */
	const char *sandboxify;   /* SECCOMP_SANDBOXIFY: set by sandboxify --preload */
	const char *isolate;      /* SANDBOX_ISOLATE (landlock.h) */
	const char *fs_read;      /* SANDBOX_FS_READ */
	const char *fs_write;     /* SANDBOX_FS_WRITE */
	const char *net_connect;  /* SANDBOX_NET_CONNECT */
	const char *net_bind;     /* SANDBOX_NET_BIND */
	/* The first "NAME=value" entry under one of our prefixes whose NAME is none of the
	 * variables (a misspelling: refused by sb_env_check). */
	const char *unknown;
};

/* The one table of configuration variables: name and where sb_env keeps its value.
 * NULL-terminated. Every front end reads, checks and scrubs through it. */
struct sb_env_var {
	const char *name;
	size_t offset;            /* of the const char * in struct sb_env */
};
extern const struct sb_env_var sb_env_vars[];

void sb_env_read(struct sb_env *env);
/* The slot of variable NAME (n bytes, no '=') in env; NULL when NAME is not a variable. */
const char **sb_env_slot(struct sb_env *env, const char *name, size_t n);
/* True when the n bytes at name start with a prefix whose names are all ours (SECCOMP_,
 * SANDBOX_). */
bool sb_env_owned_name(const char *name, size_t n);
/* "SECCOMP_X: unknown variable (did you mean ...?)" for NAME[=value], into err. */
int sb_env_unknown_error(const char *entry, struct sandbox_error *err);
/* SANDBOX_ECONFIG when env holds an unknown variable or a malformed include map. */
int sb_env_check(const struct sb_env *env, struct sandbox_error *err);
/* True when any variable that selects a filter is set. */
bool sb_env_selects_filter(const struct sb_env *env);
/* True when any SANDBOX_* rule variable (paths, ports) is set: the library then enters a
 * Landlock domain even without a filter. */
bool sb_env_selects_isolation(const struct sb_env *env);

/* The "adding NAME to the process seccomp filter" lines a list earns, written once the
 * whole configuration has been accepted. Only the list is kept and the lines are made at
 * write time in a small buffer: a 358-entry list would otherwise cost 16 KB of fresh
 * memory at every start-up. */
struct sb_messages {
	const char *list;         /* NULL: nothing to say (quiet, or not a list) */
	/* "sandbox: warning: ..." lines (policy_lint.h), then a NUL. */
	char warnings[1024];
	size_t warnings_len;
};
/* Write the lines to fd, a few KB per write, then the warnings (errors are ignored: these
 * are messages). */
void sb_messages_write(const struct sb_messages *m, int fd);

/* Add "sandbox: warning: LINE" to the sb_messages at ctx (a policy_lint.h callback). */
void sb_messages_add_warning(void *ctx, const char *line);

/* The variables checked as a whole: known names, one filter source, SECCOMP_QUIET and
 * the action well-formed. SANDBOX_NOTHING when none selects a filter. */
int sb_env_validate(const struct sb_env *env, struct sandbox_error *err);

/* The isolation the SANDBOX_* variables alone ask for (no policy file: none, or a compiled
 * filter), checked; into *iso (NULL: only checked). */
struct sb_isolation;
int sb_env_isolation(const struct sb_env *env, struct sb_isolation *iso, struct sandbox_error *err);


/* Only the policy, for lists and policy files (sandboxify's guard and the tools use it).
 * The policy's isolation (out->iso) holds the SANDBOX_* variables' rules and the file's. */
int sb_policy_from_env(const struct sb_env *env, struct sb_policy *out, struct sb_messages *messages,
		       struct sandbox_error *err);

/* The variables that select a filter, for messages ("accepted: ..."). */
#define SB_ENV_SOURCES "SECCOMP_SYSCALL_ALLOW, SECCOMP_SYSCALL_DENY, SECCOMP_SYSCALL_FILTER, " \
	"SECCOMP_POLICY_FILE or SECCOMP_BPF_FILE"

/* Build the policy for one list. `what` names the variable in messages. */
int sb_policy_from_list(enum sandbox_list_mode mode, const char *list, uint32_t action,
			const char *what, struct sb_policy *out, struct sb_messages *messages,
			struct sandbox_error *err);

/* Add one list entry (n bytes at entry: a syscall name, number or @group) to out, every
 * syscall it names given action. `separator` completes "separated by ..." in messages. */
int sb_policy_list_entry(struct sb_policy *out, const char *entry, size_t n, uint32_t action,
			 const char *what, const char *separator, struct sandbox_error *err);

/* Build the policy for a systemd SystemCallFilter= value (config_systemd.c): an allow list,
 * or with a leading '~' a deny list whose entries may carry ":ERRNO". `action` is what the
 * calls outside an allow list, or the deny list's entries without an errno, get. */
int sb_policy_from_systemd_filter(const char *value, uint32_t action, const char *what,
				  struct sb_policy *out, struct sandbox_error *err);

#endif
