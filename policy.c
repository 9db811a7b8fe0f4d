#include "policy.h"
#include "scratch.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sb_escape_controls(const char *in, char *out, size_t len)
{
	size_t o = 0;
	for (; *in && o + 1 < len; in++) {
		unsigned char ch = (unsigned char)*in;
		if (ch >= 0x20 && ch != 0x7f) {
			out[o++] = (char)ch;
		} else if (o + 5 < len) {
			static const char hex[] = "0123456789abcdef";
			out[o++] = '\\', out[o++] = 'x';
			out[o++] = hex[ch >> 4], out[o++] = hex[ch & 15];
		} else {
			break;
		}
	}
	out[o] = '\0';
}

int sb_fail(struct sandbox_error *err, int code, const char *fmt, ...)
{
	if (err) {
		/* Values from the environment and file names end up here: a newline or a
		 * terminal escape in them must not reach the terminal raw. */
		char raw[sizeof(err->message)];
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(raw, sizeof(raw), fmt, ap);
		va_end(ap);
		sb_escape_controls(raw, err->message, sizeof(err->message));
		err->code = code;
	}
	return code;
}

/* Not strtoull: it takes signs and spaces, and its first call pages in libc's locale
 * tables at the start-up of every confined program. */
bool sb_parse_u64(const char *s, size_t n, uint64_t *out)
{
	unsigned base = 10;
	size_t i = 0;
	uint64_t v = 0;

	if (n >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		base = 16, i = 2;
	else if (n >= 2 && s[0] == '0')
		base = 8, i = 1;
	if (i == n)
		return false;
	for (; i < n; i++) {
		char c = s[i];
		unsigned d = c >= '0' && c <= '9' ? (unsigned)(c - '0')
			   : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
			   : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10) : 99;
		if (d >= base || v > (UINT64_MAX - d) / base)
			return false;
		v = v * base + d;
	}
	*out = v;
	return true;
}

size_t sb_list_entry_len(const char *s)
{
	size_t n = 0;
	while (s[n] && s[n] != ':')     /* not strcspn: one more page of libc at start-up */
		n++;
	return n;
}

void sb_policy_init(struct sb_policy *p, uint32_t default_action)
{
	memset(p, 0, sizeof(*p));
	p->default_action = default_action;
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

int sb_rule_add_case(struct sb_rule *r, const struct sb_clause *clauses, size_t n_clauses,
		     uint32_t action)
{
	struct sb_case *grown = sb_realloc(r->cases, (r->n_cases + 1) * sizeof(*grown));
	if (!grown)
		return -ENOMEM;
	r->cases = grown;
	struct sb_case *c = &r->cases[r->n_cases];
	if (copy_clauses(&c->clauses, clauses, n_clauses))
		return -ENOMEM;
	c->n_clauses = n_clauses;
	c->action = action;
	r->n_cases++;
	return 0;
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

void sb_policy_finish(struct sb_policy *p)
{
	if (p->n_rules > 1 && !sort_by_place(p))
		qsort(p->rules, p->n_rules, sizeof(*p->rules), by_nr);
	for (size_t i = 0; i < p->n_rules; i++)
		p->slot[p->rules[i].nr] = (uint16_t)(i + 1);
}

static bool atom_holds(const struct sb_atom *a, const uint64_t args[6])
{
	uint64_t v = args[a->arg];
	switch (a->op) {
	case SB_OP_EQ: return v == a->value;
	case SB_OP_NE: return v != a->value;
	case SB_OP_LT: return v < a->value;
	case SB_OP_LE: return v <= a->value;
	case SB_OP_GT: return v > a->value;
	case SB_OP_GE: return v >= a->value;
	case SB_OP_ANYBITS: return (v & a->value) != 0;
	case SB_OP_IN: return (v & ~a->value) == 0;
	}
	return false;
}

static bool case_holds(const struct sb_case *c, const uint64_t args[6])
{
	for (size_t i = 0; i < c->n_clauses; i++) {
		bool all = true;
		for (size_t j = 0; j < c->clauses[i].n_atoms && all; j++)
			all = atom_holds(&c->clauses[i].atoms[j], args);
		if (all)
			return true;
	}
	return false;
}

uint32_t sb_policy_decide(const struct sb_policy *p, int nr, const uint64_t args[6])
{
	const struct sb_rule *r = sb_policy_find(p, nr);
	if (!r)
		return p->default_action;
	for (size_t i = 0; i < r->n_cases; i++)
		if (case_holds(&r->cases[i], args))
			return r->cases[i].action;
	return r->fallback;
}

void sb_program_free(struct sb_program *prog)
{
	sb_free(prog->insns);
	prog->insns = NULL;
	prog->len = 0;
}
