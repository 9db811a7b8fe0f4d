#include "policy.h"
#include "syscalls.h"
#include "scratch.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sb_policy_init(struct sb_policy *p, uint32_t default_action)
{
	memset(p, 0, sizeof(*p));
	p->default_action = default_action;
	p->foreign_action = SB_FOREIGN_ARCH_ACTION;
}

void sb_policy_set_origin(struct sb_policy *p, const char *what)
{
	/* Not snprintf: printf's code would be paged in at every start-up for this copy. */
	size_t n = strnlen(what, sizeof(p->origin) - 1);
	memcpy(p->origin, what, n);
	p->origin[n] = '\0';
}

static void free_clauses(struct sb_clause *clauses, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sb_free(clauses[i].atoms);
	sb_free(clauses);
}

static void free_rule(struct sb_rule *r)
{
	for (size_t i = 0; i < r->n_cases; i++)
		free_clauses(r->cases[i].clauses, r->cases[i].n_clauses);
	sb_free(r->cases);
}

void sb_rule_make_unconditional(struct sb_rule *r, uint32_t action)
{
	free_rule(r);
	r->cases = NULL;
	r->n_cases = 0;
	r->fallback = action;
}

void sb_policy_free(struct sb_policy *p)
{
	for (size_t i = 0; i < p->n_rules; i++)
		free_rule(&p->rules[i]);
	sb_free(p->rules);
	p->rules = NULL;
	p->n_rules = p->cap_rules = 0;
	memset(p->slot, 0, sizeof(p->slot));
	sb_isolation_free(&p->iso);
}

static int by_nr(const void *a, const void *b)
{
	const struct sb_rule *x = a, *y = b;
	return (x->nr > y->nr) - (x->nr < y->nr);
}

const struct sb_rule *sb_policy_find(const struct sb_policy *p, int nr)
{
	if (nr < 0 || nr >= SB_NR_LIMIT || !p->slot[nr])
		return NULL;
	return &p->rules[p->slot[nr] - 1];
}

struct sb_rule *sb_policy_rule(struct sb_policy *p, int nr, uint32_t fallback_if_new)
{
	if (nr < 0 || nr >= SB_NR_LIMIT)
		return NULL;
	struct sb_rule *found = (struct sb_rule *)sb_policy_find(p, nr);
	if (found)
		return found;
	if (p->n_rules == p->cap_rules) {
		size_t cap = p->cap_rules ? p->cap_rules * 2 : 64;
		struct sb_rule *grown = sb_realloc(p->rules, cap * sizeof(*grown));
		if (!grown)
			return NULL;
		p->rules = grown;
		p->cap_rules = cap;
	}
	p->slot[nr] = (uint16_t)(p->n_rules + 1);
	struct sb_rule *r = &p->rules[p->n_rules++];
	memset(r, 0, sizeof(*r));
	r->nr = nr;
	r->fallback = fallback_if_new;
	return r;
}

static int copy_clauses(struct sb_clause **dst, const struct sb_clause *src, size_t n)
{
	*dst = sb_zalloc((n ? n : 1) * sizeof(**dst));
	if (!*dst)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		size_t bytes = src[i].n_atoms * sizeof(struct sb_atom);
		(*dst)[i].atoms = sb_alloc(bytes ? bytes : 1);
		if (!(*dst)[i].atoms) {
			free_clauses(*dst, i);
			*dst = NULL;
			return -ENOMEM;
		}
		memcpy((*dst)[i].atoms, src[i].atoms, bytes);
		(*dst)[i].n_atoms = src[i].n_atoms;
	}
	return 0;
}

static bool has_atom(const struct sb_clause *c, const struct sb_atom *a)
{
	for (size_t i = 0; i < c->n_atoms; i++)
		if (c->atoms[i].arg == a->arg && c->atoms[i].op == a->op && c->atoms[i].value == a->value)
			return true;
	return false;
}

/* The same AND of atoms, in any order (an atom written twice counts once). */
static bool same_clause(const struct sb_clause *a, const struct sb_clause *b)
{
	for (size_t i = 0; i < a->n_atoms; i++)
		if (!has_atom(b, &a->atoms[i]))
			return false;
	for (size_t i = 0; i < b->n_atoms; i++)
		if (!has_atom(a, &b->atoms[i]))
			return false;
	return true;
}

/* True when clause c of a new case can never decide: an earlier case (when the new one
 * goes last), or an earlier clause of the new case, holds whenever c does (the same
 * clause). The first case that holds decides, so dropping it changes nothing; it keeps a
 * rule included twice from compiling twice. */
static bool shadowed(const struct sb_rule *r, bool last, const struct sb_clause *clauses, size_t c)
{
	for (size_t k = 0; last && k < r->n_cases; k++)
		for (size_t j = 0; j < r->cases[k].n_clauses; j++)
			if (same_clause(&r->cases[k].clauses[j], &clauses[c]))
				return true;
	for (size_t j = 0; j < c; j++)
		if (same_clause(&clauses[j], &clauses[c]))
			return true;
	return false;
}

static int add_case(struct sb_rule *r, const struct sb_clause *clauses, size_t n_clauses,
		    uint32_t action, bool last)
{
	/* Only the clauses that can still decide; a case left with none adds nothing. */
	struct sb_clause *kept = sb_alloc((n_clauses ? n_clauses : 1) * sizeof(*kept));
	size_t n_kept = 0;
	if (!kept)
		return -ENOMEM;
	for (size_t i = 0; i < n_clauses; i++)
		if (!shadowed(r, last, clauses, i))
			kept[n_kept++] = clauses[i];
	if (n_clauses && !n_kept) {
		sb_free(kept);
		return 0;
	}
	struct sb_case *grown = sb_realloc(r->cases, (r->n_cases + 1) * sizeof(*grown));
	if (!grown) {
		sb_free(kept);
		return -ENOMEM;
	}
	r->cases = grown;
	size_t at = last ? r->n_cases : 0;
	memmove(&r->cases[at + 1], &r->cases[at], (r->n_cases - at) * sizeof(r->cases[0]));
	struct sb_case *c = &r->cases[at];
	int rc = copy_clauses(&c->clauses, kept, n_kept);
	sb_free(kept);
	if (rc) {
		memmove(&r->cases[at], &r->cases[at + 1], (r->n_cases - at) * sizeof(r->cases[0]));
		return -ENOMEM;
	}
	c->n_clauses = n_kept;
	c->action = action;
	r->n_cases++;
	return 0;
}

int sb_rule_add_case(struct sb_rule *r, const struct sb_clause *clauses, size_t n_clauses,
		     uint32_t action)
{
	return add_case(r, clauses, n_clauses, action, true);
}

int sb_rule_prepend_case(struct sb_rule *r, const struct sb_clause *clauses, size_t n_clauses,
			 uint32_t action)
{
	return add_case(r, clauses, n_clauses, action, false);
}

/* Rules have distinct numbers below SB_NR_LIMIT, so each one's place is the count of
 * smaller numbers: a permutation in place, without qsort's scratch buffer and memory-size
 * query (a syscall and several page faults at every start-up). */
static bool sort_by_place(struct sb_policy *p)
{
	uint16_t place[SB_NR_LIMIT];
	memset(place, 0xff, sizeof(place));
	for (size_t i = 0; i < p->n_rules; i++) {
		int nr = p->rules[i].nr;
		if (nr < 0 || nr >= SB_NR_LIMIT || place[nr] != UINT16_MAX)
			return false;
		place[nr] = 0;
	}
	uint16_t next = 0;
	for (int nr = 0; nr < SB_NR_LIMIT; nr++)
		if (place[nr] != UINT16_MAX)
			place[nr] = next++;
	for (size_t i = 0; i < p->n_rules; i++) {
		while (place[p->rules[i].nr] != i) {
			size_t j = place[p->rules[i].nr];
			struct sb_rule tmp = p->rules[j];
			p->rules[j] = p->rules[i];
			p->rules[i] = tmp;
		}
	}
	return true;
}

/* Short lists, or a sorted one with a few rules appended (the report's): a pass each. */
static void insertion_sort(struct sb_policy *p)
{
	for (size_t i = 1; i < p->n_rules; i++) {
		struct sb_rule r = p->rules[i];
		size_t j = i;
		for (; j > 0 && p->rules[j - 1].nr > r.nr; j--)
			p->rules[j] = p->rules[j - 1];
		p->rules[j] = r;
	}
}

void sb_policy_finish(struct sb_policy *p)
{
	size_t sorted = 1;   /* the sorted prefix */
	while (sorted < p->n_rules && p->rules[sorted - 1].nr < p->rules[sorted].nr)
		sorted++;
	if (sorted >= p->n_rules)
		;
	else if (p->n_rules <= 32 || p->n_rules - sorted <= 4)
		insertion_sort(p);
	else if (!sort_by_place(p))
		qsort(p->rules, p->n_rules, sizeof(*p->rules), by_nr);
	for (size_t i = 0; i < p->n_rules; i++)
		p->slot[p->rules[i].nr] = (uint16_t)(i + 1);
}

/* On the bits of the argument the kernel keeps (its declared type), the constant taken
 * modulo the same width. */
static bool atom_holds(const struct sb_atom *a, int nr, const uint64_t args[6])
{
	uint64_t mask = sb_syscall_arg_mask(nr, a->arg);
	uint64_t v = args[a->arg] & mask, k = a->value & mask;
	switch (a->op) {
	case SB_OP_EQ: return v == k;
	case SB_OP_NE: return v != k;
	case SB_OP_LT: return v < k;
	case SB_OP_LE: return v <= k;
	case SB_OP_GT: return v > k;
	case SB_OP_GE: return v >= k;
	case SB_OP_ANYBITS: return (v & k) != 0;
	case SB_OP_IN: return (v & ~k) == 0;
	}
	return false;
}

static bool case_holds(const struct sb_case *c, int nr, const uint64_t args[6])
{
	for (size_t i = 0; i < c->n_clauses; i++) {
		bool all = true;
		for (size_t j = 0; j < c->clauses[i].n_atoms && all; j++)
			all = atom_holds(&c->clauses[i].atoms[j], nr, args);
		if (all)
			return true;
	}
	return false;
}

uint32_t sb_policy_no_rule_action(const struct sb_policy *p, uint32_t nr)
{
	/* x32 numbers (0x40000000 and up) are another ABI, and -1 a tracer's skip. */
	if (!p->has_unknown_action)
		return p->default_action;
	bool unknown = nr < 0x40000000u && (nr >= SB_NR_LIMIT || !sb_syscall_name((int)nr));
	return unknown ? p->unknown_action : p->default_action;
}

uint32_t sb_policy_decide(const struct sb_policy *p, int nr, const uint64_t args[6])
{
	const struct sb_rule *r = sb_policy_find(p, nr);
	if (!r)
		return sb_policy_no_rule_action(p, (uint32_t)nr);
	for (size_t i = 0; i < r->n_cases; i++)
		if (case_holds(&r->cases[i], nr, args))
			return r->cases[i].action;
	return r->fallback;
}
