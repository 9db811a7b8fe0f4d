/* Internals shared by the policy-file reader (policy_file.c: files, includes, directives,
 * the final model) and the statement parser (policy_parse.c: one `name: filter` line). */
#ifndef SB_POLICY_PARSE_H
#define SB_POLICY_PARSE_H

#include "policy.h"
#include "policy_lex.h"

/* Stand-in for "the policy's default action", resolved when the whole policy is read
 * (an @default may come later, SECCOMP_DEFAULT_ACTION overrides it). Not a valid
 * seccomp return value, so it can never reach a filter unnoticed. */
#define SB_PF_DEFAULT_ACTION 0xffffffffu

/* Limits that keep hostile input from costing memory or time. */
#define SB_PF_MAX_FILE_BYTES (1u << 20)     /* one policy file */
#define SB_PF_MAX_TOTAL_BYTES (4u << 20)    /* all files of a policy together */
#define SB_PF_MAX_LINE_BYTES (64u << 10)    /* one logical line */
#define SB_PF_MAX_INCLUDE_DEPTH 8
#define SB_PF_MAX_FILES 256
#define SB_PF_MAX_ATOMS 16384                /* argument comparisons in the whole policy */
#define SB_PF_MAX_ERRORS 100                 /* problems reported before giving up */

/* What the statements of a policy say about one syscall number, gathered before the model
 * is built (statements naming the same syscall are OR-ed). */
struct sb_pf_syscall {
	bool always;                 /* an unconditional allow: the rule allows everything */
	struct sb_clause *allow;     /* allowlist: OR of the conditions that allow */
	size_t n_allow;
	bool has_refusal;            /* an explicit refusal: `return E`, `EXPR; kill` ... */
	bool refusal_always;         /* ... given unconditionally */
	uint32_t refusal;
	char *refusal_where;         /* "FILE:LINE:COLUMN" of the refusal, for conflicts */
	struct sb_case *deny;        /* denylist: conditions that refuse, in order */
	size_t n_deny;
	/* With sb_pf.warn, statements (index + 1 in sb_pf.stmt_where) naming this syscall:
	 * the first that decides every call (an unconditional allow; in a @denylist an
	 * unconditional refusal), and the first other one, which then never applies. */
	uint32_t decisive_stmt, other_stmt;
};

/* One file being read. */
struct sb_pf_file {
	const char *path;            /* as shown in messages */
	const char *text;
	size_t len;
};

struct sb_pf {
	struct sb_pf_syscall *sys[SB_NR_LIMIT];
	bool denylist;
	bool seen_statement;
	bool has_default;
	uint32_t default_action;
	bool has_unknown;            /* @unknown ACTION */
	uint32_t unknown_action;
	size_t n_atoms;
	/* Problems: the first goes to err, every one to report (when set). */
	struct sandbox_error *err;
	int first_code;
	unsigned n_errors;
	void (*report)(void *ctx, const char *message);
	void *report_ctx;
	void (*warn)(void *ctx, const char *message);
	/* "FILE:LINE:COLUMN" of the statements seen, with warn only. */
	char **stmt_where;
	size_t n_stmt_where, cap_stmt_where;
	const char *last_stmt_text;          /* the last statement's file text and offset */
	size_t last_stmt_at;
	/* What the isolation directives ask for (policy_isolation.c). */
	struct sb_isolation iso;
};

/* An isolation directive (@isolate, @fs-read, @fs-write, @net-connect, @net-bind) at token
 * t into pf->iso: 0, the error code (reported), or SB_PF_NOT_ISOLATION for another word. */
#define SB_PF_NOT_ISOLATION 2
int sb_pf_isolation_directive(struct sb_pf *pf, const struct sb_pf_file *f, struct sb_lexer *lx,
			      struct sb_token t);
/* Their syntax, for "accepted:" lists. */
extern const char *const sb_pf_isolation_directives;

/* Record a problem at offset in f: "FILE:LINE:COLUMN: message". Returns first_code. */
int sb_pf_error(struct sb_pf *pf, const struct sb_pf_file *f, size_t offset, int code,
		const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Parse the statement `TARGET: FILTER` on the logical line lx covers (TARGET a syscall
 * name, number or @group) and merge it into pf. 0, or the error code (reported). */
int sb_pf_statement(struct sb_pf *pf, const struct sb_pf_file *f, struct sb_lexer *lx);

/* Parse an action word at the lexer (allow, 1, kill, kill-process, kill-thread, trap, log,
 * return ERRNO) into *action. 0 or error (reported). */
int sb_pf_action(struct sb_pf *pf, const struct sb_pf_file *f, struct sb_lexer *lx,
		 uint32_t *action);

/* With pf->warn: one warning per group of syscalls whose statement never applies. */
void sb_pf_warn_never_applies(struct sb_pf *pf);

void sb_pf_free(struct sb_pf *pf);

/* A policy file in JSON (f) straight into *out (finished): an OCI seccomp profile
 * (policy_oci.c; names the architecture lacks go to pf->warn as one note) or a seccompiler
 * filter (policy_seccompiler.c), told apart by their members. Problems go through pf like
 * the minijail syntax's. 0, or the error code (reported). */
struct sb_policy_file_opts;
struct sb_json;
int sb_pf_json(struct sb_pf *pf, const struct sb_pf_file *f, const struct sb_policy_file_opts *opts,
	       struct sb_policy *out);
int sb_pf_seccompiler(struct sb_pf *pf, const struct sb_pf_file *f, const struct sb_json *j,
		      const struct sb_policy_file_opts *opts, struct sb_policy *out);
/* (arg & mask) == datum as atoms the model has (one IN, one ANYBITS per bit of datum: at
 * most 65) into atoms; *never is set when datum has bits outside mask. Returns the count. */
size_t sb_pf_masked_eq(uint8_t arg, uint64_t mask, uint64_t datum, struct sb_atom *atoms,
		       bool *never);

#endif
