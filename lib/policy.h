/*
 * The policy model: what every front end (environment lists, policy files, learned logs)
 * produces and every back end (BPF emitter, libseccomp reference, explain) consumes.
 *
 * A policy is a default action plus at most one rule per native syscall number.
 * A rule is an ordered list of cases and a fallback: the first case whose condition holds
 * decides; when none holds, the fallback does. A rule with no cases is unconditional.
 * A condition is in disjunctive normal form: OR of clauses, each an AND of atoms
 * `arg[N] OP VALUE`. An atom compares the bits of the argument the kernel keeps, per the
 * argument's declared type (sb_syscall_arg_bits: int 32, umode_t 16, pointers and longs
 * 64), with VALUE taken modulo the same width: atoms keep VALUE as written, and every
 * back end (emitter, model, libseccomp reference, writers) applies the width.
 *
 * Actions are seccomp return values (SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO | errno, ...).
 */
#ifndef SB_POLICY_H
#define SB_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/seccomp.h>

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
	/* For calls of another ABI (i386 int 0x80, x32): always refused; the report turns the
	 * kill into its trap so it can name them (SB_FOREIGN_ARCH_ACTION otherwise). */
	uint32_t foreign_action;
	/* With has_unknown_action, native numbers the syscall table does not name (calls newer
	 * than the table, gaps, 1024 and up) without a rule get unknown_action instead, so a
	 * newer C library's probe of a new call fails (ENOSYS) and it falls back. */
	bool has_unknown_action;
	uint32_t unknown_action;
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

/* Append a case to a rule; the clauses (and their atoms) are copied. A clause that could
 * never decide is left out (one the rule already has, or one written twice), and a case
 * left with no clause adds nothing: a rule included twice compiles once. 0 or -ENOMEM. */
int sb_rule_add_case(struct sb_rule *r, const struct sb_clause *clauses, size_t n_clauses,
		     uint32_t action);
/* The same, as the rule's first case (it decides before every other). */
int sb_rule_prepend_case(struct sb_rule *r, const struct sb_clause *clauses, size_t n_clauses,
			 uint32_t action);

/* Drop a rule's cases: it now always gives `action`. */
void sb_rule_make_unconditional(struct sb_rule *r, uint32_t action);

/* Sort rules by number; call before compiling. */
void sb_policy_finish(struct sb_policy *p);

/* The action for a native number without a rule: the default, or the unknown-call action. */
uint32_t sb_policy_no_rule_action(const struct sb_policy *p, uint32_t nr);

/* The action the policy gives a native call with these arguments (the model's own meaning,
 * used by tests and `explain` to check compiled filters). */
uint32_t sb_policy_decide(const struct sb_policy *p, int nr, const uint64_t args[6]);

#endif
