/*
 * The policy model: what every front end (environment lists, policy files, learned logs)
 * produces and every back end (BPF emitter, libseccomp reference, explain) consumes.
 *
 * A policy is a default action plus at most one rule per native syscall number.
 * A rule is an ordered list of cases and a fallback: the first case whose condition holds
 * decides; when none holds, the fallback does. A rule with no cases is unconditional.
 * A condition is in disjunctive normal form: OR of clauses, each an AND of atoms
 * `arg[N] OP VALUE` on the full 64-bit argument.
 *
 * Actions are seccomp return values (SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO | errno, ...).
 */
#ifndef SB_POLICY_H
#define SB_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include <linux/seccomp.h>
#include <linux/filter.h>

#include "sandbox.h"
#include "landlock.h"

enum sb_op {
	SB_OP_EQ,       /* arg == value */
	SB_OP_NE,       /* arg != value */
	SB_OP_LT,       /* arg <  value, unsigned 64-bit */
	SB_OP_LE,
	SB_OP_GT,
	SB_OP_GE,
	SB_OP_ANYBITS,  /* arg & value != 0: some bit of value is set */
	SB_OP_IN,       /* arg & ~value == 0: no bit outside value is set */
};

struct sb_atom {
	uint8_t arg;          /* 0..5 */
	uint8_t op;           /* enum sb_op */
	uint64_t value;
};

struct sb_clause {            /* AND of atoms */
	struct sb_atom *atoms;
	size_t n_atoms;
};

struct sb_case {              /* condition (OR of clauses) -> action */
	struct sb_clause *clauses;
	size_t n_clauses;
	uint32_t action;
};

struct sb_rule {
	int nr;               /* native syscall number */
	uint32_t fallback;    /* action when no case holds, or always when n_cases == 0 */
	struct sb_case *cases;
	size_t n_cases;
};

/* Native syscall numbers a policy may name are below this (x86_64 has about 460). */
#define SB_NR_LIMIT 1024

struct sb_policy {
	uint32_t default_action;   /* for syscall numbers without a rule */
	struct sb_rule *rules;     /* sorted by nr after sb_policy_finish() */
	size_t n_rules, cap_rules;
	uint16_t slot[SB_NR_LIMIT]; /* nr -> index in rules + 1; 0: no rule */
	/* Where the policy came from, for messages: "SECCOMP_SYSCALL_ALLOW", a file name. */
	char origin[256];
	/* The Landlock domain asked for beside the filter (SANDBOX_*, @fs-read ...). */
	struct sb_isolation iso;
};

/* Actions outside the native ABI (i386 int 0x80, x32) always get this. */
#define SB_FOREIGN_ARCH_ACTION SECCOMP_RET_KILL_PROCESS

void sb_policy_init(struct sb_policy *p, uint32_t default_action);
/* Name where the policy came from (cut to fit origin). */
void sb_policy_set_origin(struct sb_policy *p, const char *what);
void sb_policy_free(struct sb_policy *p);

/* The rule for nr (0 <= nr < SB_NR_LIMIT), created (unconditional, fallback = fallback_if_new) when missing.
 * NULL on allocation failure or nr out of range. */
struct sb_rule *sb_policy_rule(struct sb_policy *p, int nr, uint32_t fallback_if_new);
/* Existing rule for nr or NULL. Works before and after sb_policy_finish(). */
const struct sb_rule *sb_policy_find(const struct sb_policy *p, int nr);

/* Append a case to a rule; the clauses (and their atoms) are copied. 0 or -ENOMEM. */
int sb_rule_add_case(struct sb_rule *r, const struct sb_clause *clauses, size_t n_clauses,
		     uint32_t action);

/* Drop a rule's cases: it now always gives `action`. */
void sb_rule_make_unconditional(struct sb_rule *r, uint32_t action);

/* Sort rules by number; call before compiling. */
void sb_policy_finish(struct sb_policy *p);

/* The action the policy gives a native call with these arguments (the model's own meaning,
 * used by tests and `explain` to check compiled filters). */
uint32_t sb_policy_decide(const struct sb_policy *p, int nr, const uint64_t args[6]);

/* ---- errors ------------------------------------------------------------------------ */

/* in, with every control byte (below 0x20, 0x7f) written as \xNN, cut to fit len. */
void sb_escape_controls(const char *in, char *out, size_t len);
/* Fill err (may be NULL) and return code. The message is one line: control bytes are
 * escaped. */
int sb_fail(struct sandbox_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The number s[0..n) spells: decimal, 0x hexadecimal or 0 octal, below 2^64, nothing
 * else (no sign, no space). False when it is not one. */
bool sb_parse_u64(const char *s, size_t n, uint64_t *out);

/* Length of the entry at s in a ':'-separated list (lists, include maps). */
size_t sb_list_entry_len(const char *s);

/* ---- actions ----------------------------------------------------------------------- */

/* Parse the SECCOMP_DEFAULT_ACTION syntax: kill, kill_process, kill_thread, trap, log,
 * allow, trace (learn mode: SECCOMP_RET_TRACE, ENOSYS without a tracer), errno, errno:NAME,
 * errno:NUMBER; minijail spellings (kill-process, kill-thread) are accepted too. `what` names the input for the error message. */
int sb_parse_action(const char *text, const char *what, uint32_t *action,
		    struct sandbox_error *err);
/* The same for an action that applies to every refused call (SECCOMP_DEFAULT_ACTION, the
 * API's action): errno 0 is refused. */
int sb_parse_default_action(const char *text, const char *what, uint32_t *action,
			    struct sandbox_error *err);
/* "kill_process", "errno:EPERM" ... into buf; returns buf. */
const char *sb_action_name(uint32_t action, char *buf, size_t len);

/* errno names <-> numbers, from the system headers (generated at build time). */
int sb_errno_from_name(const char *name);           /* -1 when unknown */
const char *sb_errno_name(int number);               /* NULL when unknown */
#define SB_ERRNO_MAX 4095                             /* SECCOMP_RET_DATA allows 0xffff, the kernel 4095 */

/* ---- the compiled filter ----------------------------------------------------------- */

struct sb_program {
	struct sock_filter *insns;
	size_t len;
};

void sb_program_free(struct sb_program *prog);

/* The filter the library loads for a policy (BPF emitter, bpf.c). */
int sb_compile(const struct sb_policy *p, struct sb_program *out, struct sandbox_error *err);

/* Install prog on every thread (no_new_privs + TSYNC). A filter that can return
 * SECCOMP_RET_TRACE is refused unless the process is traced now (sb_check_trace). */
int sb_load(const struct sb_program *prog, struct sandbox_error *err);
/* SANDBOX_ECONFIG when prog can hand calls to a tracer and `traced` is false. */
int sb_check_trace(const struct sb_program *prog, bool traced, struct sandbox_error *err);
/* The pid of the process tracing the caller (TracerPid), 0 when none or unreadable. */
long sb_tracer_pid(void);

#endif
