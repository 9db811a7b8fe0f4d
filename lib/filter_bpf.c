/*
 * The BPF emitter: policy model -> classic BPF, without libseccomp.
 *
 * Layout of every program:
 *
 *   ld  arch
 *   jeq AUDIT_ARCH_X86_64 ? next : ret KILL_PROCESS
 *   ld  nr
 *   binary search on nr over ranges of consecutive numbers that share one unconditional
 *   action (x32 numbers, 0x40000000 and up, are one more range: KILL_PROCESS)
 *   argument blocks, one per conditional rule, reached from the search's leaves
 *   return instructions, shared
 *
 * An unconditional syscall's path loads only arch and nr, so the kernel's seccomp action
 * cache (which emulates the filter for every number with args unknown) keeps it.
 *
 * The program is emitted back to front: every jump target is then already placed when a
 * jump is written, so offsets are known at once. When a conditional jump's target is more
 * than 255 instructions away (jt/jf are 8 bits), a fresh `ret` is emitted next to it for a
 * return, or a `ja` trampoline (32-bit offset) for code.
 */
#include "filter.h"
#include "scratch.h"
#include "syscalls.h"
#include "util.h"

#include <errno.h>
#include <linux/audit.h>
#include <stdlib.h>
#include <string.h>

/* x32 syscall numbers carry this bit on the x86_64 arch value. */
#define X32_SYSCALL_BIT 0x40000000u

#define NR_WORD ((uint32_t)offsetof(struct seccomp_data, nr))
#define ARCH_WORD ((uint32_t)offsetof(struct seccomp_data, arch))
#define ARG_LO(i) ((uint32_t)offsetof(struct seccomp_data, args[i]))
#define ARG_HI(i) ((uint32_t)offsetof(struct seccomp_data, args[i]) + 4)

/* Instructions are appended in reverse; an instruction's "position" is its index in that
 * reversed array. A jump at position p to position t has forward offset p - t - 1. */
struct emitter {
	struct sock_filter *rev;
	size_t len, cap;
	bool failed;                 /* out of memory or over BPF_MAXINSNS */
	/* Nearest `ret` emitted for each action seen so far (position + 1; 0: none). */
	struct { uint32_t action; size_t pos1; } rets[64];
	size_t n_rets;
};

/* Where control goes: a return of an action, or an emitted instruction. */
struct target {
	bool is_ret;
	uint32_t action;     /* when is_ret */
	size_t pos;          /* otherwise */
	/* The instruction at pos loads this word of seccomp_data (NO_LOAD: it does not): a
	 * jump made while A already holds that word enters at the next instruction. */
	uint32_t loads;
};

#define NO_LOAD UINT32_MAX

static struct target to_ret(uint32_t action)
{
	return (struct target){ .is_ret = true, .action = action, .loads = NO_LOAD };
}

static struct target to_pos(size_t pos)
{
	return (struct target){ .pos = pos, .loads = NO_LOAD };
}

/* Beyond this the kernel refuses the program; a bit of slack keeps growth bounded. */
#define EMIT_LIMIT (BPF_MAXINSNS + 16)

static size_t emit(struct emitter *e, uint16_t code, uint8_t jt, uint8_t jf, uint32_t k)
{
	if (e->failed)
		return e->len ? e->len - 1 : 0;
	if (e->len == e->cap) {
		size_t cap = e->cap ? e->cap * 2 : 64;
		struct sock_filter *grown = e->len >= EMIT_LIMIT ? NULL
					    : sb_realloc(e->rev, cap * sizeof(*grown));
		if (!grown) {
			e->failed = true;
			return e->len ? e->len - 1 : 0;
		}
		e->rev = grown;
		e->cap = cap;
	}
	e->rev[e->len] = (struct sock_filter){ code, jt, jf, k };
	return e->len++;
}

static size_t *ret_slot(struct emitter *e, uint32_t action)
{
	for (size_t i = 0; i < e->n_rets; i++)
		if (e->rets[i].action == action)
			return &e->rets[i].pos1;
	if (e->n_rets == sizeof(e->rets) / sizeof(e->rets[0]))
		return NULL;
	e->rets[e->n_rets].action = action;
	e->rets[e->n_rets].pos1 = 0;
	return &e->rets[e->n_rets++].pos1;
}

static size_t emit_ret(struct emitter *e, uint32_t action)
{
	size_t pos = emit(e, BPF_RET | BPF_K, 0, 0, action);
	size_t *slot = ret_slot(e, action);
	if (slot)
		*slot = pos + 1;
	return pos;
}

/* The position a jump placed at `at` (or later, up to `at` + 2) can reach for t, emitting
 * a nearer `ret` or a `ja` trampoline when t is out of 8-bit range. a_holds: the word A
 * holds when the jump is taken (NO_LOAD: unknown). */
static size_t reach(struct emitter *e, struct target t, size_t at, uint32_t a_holds)
{
	if (!t.is_ret && t.loads != NO_LOAD && t.loads == a_holds)
		t.pos--;
	if (t.is_ret) {
		size_t *slot = ret_slot(e, t.action);
		if (slot && *slot && at + 2 - *slot <= 255)
			return *slot - 1;
		return emit_ret(e, t.action);
	}
	if (at + 2 - t.pos - 1 <= 255)
		return t.pos;
	size_t ja = e->len;
	return emit(e, BPF_JMP | BPF_JA, 0, 0, (uint32_t)(ja - t.pos - 1));
}

/* A conditional jump `if (A op k) goto yes; else goto no` where A holds word a_holds;
 * returns its position. */
static size_t emit_jump(struct emitter *e, uint16_t op, uint32_t k, struct target yes,
			struct target no, uint32_t a_holds)
{
	size_t y = reach(e, yes, e->len, a_holds);
	size_t n = reach(e, no, e->len, a_holds);
	size_t p = e->len;
	if (e->failed)
		return emit(e, 0, 0, 0, 0);
	return emit(e, BPF_JMP | op | BPF_K, (uint8_t)(p - y - 1), (uint8_t)(p - n - 1), k);
}

/* Make the instruction about to be emitted fall through into t. */
static void fall_into(struct emitter *e, struct target t)
{
	if (t.is_ret) {
		/* pos1 0 is "no such ret yet", even when nothing at all is emitted yet (a
		 * policy that decides every number alike). */
		size_t *slot = ret_slot(e, t.action);
		if (!slot || !*slot || *slot != e->len)
			emit_ret(e, t.action);
	} else if (t.pos + 1 != e->len)
		emit(e, BPF_JMP | BPF_JA, 0, 0, (uint32_t)(e->len - t.pos - 1));
}

static struct target load_then(struct emitter *e, uint32_t offset, struct target next)
{
	fall_into(e, next);
	struct target t = to_pos(emit(e, BPF_LD | BPF_W | BPF_ABS, 0, 0, offset));
	t.loads = offset;
	return t;
}

static struct target jump(struct emitter *e, uint16_t op, uint32_t k, struct target yes,
			  struct target no, uint32_t a_holds)
{
	return to_pos(emit_jump(e, op, k, yes, no, a_holds));
}

/* ---- argument atoms on 64-bit arguments: comparisons on two 32-bit words ------------- */

/* arg == v; the low word first: it tells most values apart, and a following atom on the
 * same low word then skips its load. */
static struct target atom_eq(struct emitter *e, int arg, uint64_t v, struct target yes,
			     struct target no)
{
	struct target hi = jump(e, BPF_JEQ, (uint32_t)(v >> 32), yes, no, ARG_HI(arg));
	hi = load_then(e, ARG_HI(arg), hi);
	struct target lo = jump(e, BPF_JEQ, (uint32_t)v, hi, no, ARG_LO(arg));
	return load_then(e, ARG_LO(arg), lo);
}

/* arg > v (lo_op BPF_JGT) or arg >= v (lo_op BPF_JGE): the high words decide unless equal. */
static struct target atom_greater(struct emitter *e, int arg, uint64_t v, uint16_t lo_op,
				  struct target yes, struct target no)
{
	uint32_t vhi = (uint32_t)(v >> 32);
	struct target lo = jump(e, lo_op, (uint32_t)v, yes, no, ARG_LO(arg));
	lo = load_then(e, ARG_LO(arg), lo);
	struct target hi = jump(e, BPF_JEQ, vhi, lo, no, ARG_HI(arg));
	if (vhi != UINT32_MAX)                    /* else hi > vhi is impossible */
		hi = jump(e, BPF_JGT, vhi, yes, hi, ARG_HI(arg));
	return load_then(e, ARG_HI(arg), hi);
}

/* arg & v != 0 */
static struct target atom_anybits(struct emitter *e, int arg, uint64_t v, struct target yes,
				  struct target no)
{
	uint32_t vhi = (uint32_t)(v >> 32), vlo = (uint32_t)v;
	struct target t = no;
	if (vhi)
		t = load_then(e, ARG_HI(arg), jump(e, BPF_JSET, vhi, yes, t, ARG_HI(arg)));
	if (vlo)
		t = load_then(e, ARG_LO(arg), jump(e, BPF_JSET, vlo, yes, t, ARG_LO(arg)));
	return t;
}

/* arg & ~v == 0 */
static struct target atom_in(struct emitter *e, int arg, uint64_t v, struct target yes,
			     struct target no)
{
	uint64_t outside = ~v;
	uint32_t ohi = (uint32_t)(outside >> 32), olo = (uint32_t)outside;
	struct target t = yes;
	if (ohi)
		t = load_then(e, ARG_HI(arg), jump(e, BPF_JSET, ohi, no, t, ARG_HI(arg)));
	if (olo)
		t = load_then(e, ARG_LO(arg), jump(e, BPF_JSET, olo, no, t, ARG_LO(arg)));
	return t;
}

/* ---- argument atoms on the low word: 32-bit and 16-bit declared types ------------------ */

/* What A holds after the low word of arg is loaded and masked to 16 bits (not an offset:
 * seccomp_data is far smaller). A jump made while A holds it into the same two-instruction
 * load enters at its `and`, which changes nothing. */
#define ARG_LO16(i) (ARG_LO(i) | 0x80000000u)

static struct target load_low(struct emitter *e, int arg, unsigned bits, struct target next)
{
	if (bits == 32)
		return load_then(e, ARG_LO(arg), next);
	fall_into(e, next);
	emit(e, BPF_ALU | BPF_AND | BPF_K, 0, 0, 0xffff);
	struct target t = to_pos(emit(e, BPF_LD | BPF_W | BPF_ABS, 0, 0, ARG_LO(arg)));
	t.loads = ARG_LO16(arg);
	return t;
}

/* The kernel reads only `bits` of the register: one word, one comparison, the constant
 * modulo 2^bits. */
static struct target atom_low(struct emitter *e, const struct sb_atom *a, unsigned bits,
			      struct target yes, struct target no)
{
	uint32_t k = (uint32_t)(a->value & ((1ULL << bits) - 1));
	uint32_t holds = bits == 32 ? ARG_LO(a->arg) : ARG_LO16(a->arg);
	uint32_t outside = ~k & (uint32_t)((1ULL << bits) - 1);
	uint16_t op;
	switch (a->op) {
	case SB_OP_EQ: op = BPF_JEQ; break;
	case SB_OP_NE: op = BPF_JEQ; { struct target t = yes; yes = no; no = t; } break;
	case SB_OP_GT: op = BPF_JGT; break;
	case SB_OP_GE: op = BPF_JGE; break;
	case SB_OP_LE: op = BPF_JGT; { struct target t = yes; yes = no; no = t; } break;
	case SB_OP_LT: op = BPF_JGE; { struct target t = yes; yes = no; no = t; } break;
	case SB_OP_ANYBITS:
		if (!k)
			return no;
		op = BPF_JSET;
		break;
	case SB_OP_IN:
		if (!outside)
			return yes;
		op = BPF_JSET;
		k = outside;
		{ struct target t = yes; yes = no; no = t; }
		break;
	default:
		e->failed = true;
		return no;
	}
	return load_low(e, a->arg, bits, jump(e, op, k, yes, no, holds));
}

static struct target atom(struct emitter *e, int nr, const struct sb_atom *a,
			  struct target yes, struct target no)
{
	unsigned bits = sb_syscall_arg_bits(nr, a->arg);
	if (bits < 64)
		return atom_low(e, a, bits, yes, no);
	switch (a->op) {
	case SB_OP_EQ: return atom_eq(e, a->arg, a->value, yes, no);
	case SB_OP_NE: return atom_eq(e, a->arg, a->value, no, yes);
	case SB_OP_GT: return atom_greater(e, a->arg, a->value, BPF_JGT, yes, no);
	case SB_OP_GE: return atom_greater(e, a->arg, a->value, BPF_JGE, yes, no);
	case SB_OP_LE: return atom_greater(e, a->arg, a->value, BPF_JGT, no, yes);
	case SB_OP_LT: return atom_greater(e, a->arg, a->value, BPF_JGE, no, yes);
	case SB_OP_ANYBITS: return atom_anybits(e, a->arg, a->value, yes, no);
	case SB_OP_IN: return atom_in(e, a->arg, a->value, yes, no);
	}
	e->failed = true;
	return no;
}

/* ---- rules ------------------------------------------------------------------------- */

static struct target clause(struct emitter *e, int nr, const struct sb_clause *c,
			    struct target yes, struct target no)
{
	struct target t = yes;
	for (size_t i = c->n_atoms; i-- > 0;)
		t = atom(e, nr, &c->atoms[i], t, no);
	return t;
}

static struct target condition(struct emitter *e, int nr, const struct sb_case *c,
			       struct target yes, struct target no)
{
	struct target t = no;
	for (size_t i = c->n_clauses; i-- > 0;)
		t = clause(e, nr, &c->clauses[i], yes, t);
	return t;
}

/* Cases after the last one whose action differs from the fallback change nothing. */
static size_t effective_cases(const struct sb_rule *r)
{
	size_t n = r->n_cases;
	while (n > 0 && r->cases[n - 1].action == r->fallback)
		n--;
	return n;
}

static struct target rule_block(struct emitter *e, const struct sb_rule *r)
{
	struct target t = to_ret(r->fallback);
	for (size_t i = effective_cases(r); i-- > 0;)
		t = condition(e, r->nr, &r->cases[i], to_ret(r->cases[i].action), t);
	return t;
}

/* ---- the syscall number search ----------------------------------------------------- */

/* Numbers [start, next range's start) share one outcome: an action, or a conditional rule. */
struct range {
	uint32_t start;
	const struct sb_rule *rule;   /* conditional rule (then the range is one number) */
	uint32_t action;              /* otherwise */
};

struct ranges {
	struct range *out;
	size_t n, cap;
	struct range last;
};

/* Adds a range unless it only continues the previous one's action. */
static void add_range(struct ranges *rs, struct range cur)
{
	if (!cur.rule && rs->n && !rs->last.rule && rs->last.action == cur.action)
		return;
	if (rs->n < rs->cap)
		rs->out[rs->n] = cur;
	rs->last = cur;
	rs->n++;
}

/* At most this many ranges: a gap and the rule for each rule, a last gap and three
 * ranges above the numbers; with actions for unknown numbers, a range per number. The
 * array is allocated to the bound: its pages the ranges do not reach stay untouched,
 * and the rules are walked once. */
static size_t ranges_bound(const struct sb_policy *p)
{
	return p->has_unknown_action ? SB_NR_LIMIT + 3 : 2 * p->n_rules + 4;
}

/* Fills out (room for cap) and returns the number of ranges. Walks the rules (sorted by
 * number), not every number: the gaps between them share the default unless some
 * numbers there are unknown to the table and have their own action. */
static size_t build_ranges(const struct sb_policy *p, struct range *out, size_t cap)
{
	struct ranges rs = { .out = out, .cap = cap };
	uint32_t nr = 0;
	for (size_t i = 0; i <= p->n_rules; i++) {
		uint32_t end = i < p->n_rules ? (uint32_t)p->rules[i].nr : SB_NR_LIMIT;
		if (p->has_unknown_action)
			for (; nr < end; nr++)
				add_range(&rs, (struct range){ nr, NULL, sb_policy_no_rule_action(p, nr) });
		else if (nr < end)
			add_range(&rs, (struct range){ nr, NULL, p->default_action });
		if (i == p->n_rules)
			break;
		const struct sb_rule *r = &p->rules[i];
		add_range(&rs, (struct range){ (uint32_t)r->nr, effective_cases(r) ? r : NULL,
					       r->fallback });
		nr = (uint32_t)r->nr + 1;
	}
	/* x32 numbers -> kill. nr -1 is what a tracer sets to skip a call; it keeps the
	 * default action, as in libseccomp's filters. */
	add_range(&rs, (struct range){ SB_NR_LIMIT, NULL, sb_policy_no_rule_action(p, SB_NR_LIMIT) });
	add_range(&rs, (struct range){ X32_SYSCALL_BIT, NULL, p->foreign_action });
	add_range(&rs, (struct range){ UINT32_MAX, NULL, p->default_action });
	return rs.n;
}

/* Ranges [lo, hi]; emits the right half first so the left half falls through. */
static struct target search(struct emitter *e, const struct range *r, size_t lo, size_t hi)
{
	if (lo == hi)
		return r[lo].rule ? rule_block(e, r[lo].rule) : to_ret(r[lo].action);
	size_t mid = lo + (hi - lo + 1) / 2;
	struct target right = search(e, r, mid, hi);
	struct target left = search(e, r, lo, mid - 1);
	return jump(e, BPF_JGE, r[mid].start, right, left, NR_WORD);
}

int sb_compile(const struct sb_policy *p, struct sb_program *out, struct sandbox_error *err)
{
	struct emitter e = { 0 };
	size_t cap = ranges_bound(p);
	struct range *ranges = sb_alloc(cap * sizeof(*ranges));

	memset(out, 0, sizeof(*out));
	if (!ranges)
		return sb_fail(err, SANDBOX_ENOMEM, "%s: out of memory compiling the filter",
			       p->origin);
	size_t n = build_ranges(p, ranges, cap);
	if (n > cap) {
		sb_free(ranges);
		return sb_fail(err, SANDBOX_EINTERNAL, "%s: %zu ranges where at most %zu were "
			       "expected", p->origin, n, cap);
	}
	sb_trim(ranges, n * sizeof(*ranges));
	struct target t = search(&e, ranges, 0, n - 1);
	t = load_then(&e, offsetof(struct seccomp_data, nr), t);
	t = jump(&e, BPF_JEQ, AUDIT_ARCH_X86_64, t, to_ret(p->foreign_action), ARCH_WORD);
	load_then(&e, offsetof(struct seccomp_data, arch), t);
	sb_free(ranges);

	if (e.failed || e.len > BPF_MAXINSNS) {
		bool too_big = e.len > BPF_MAXINSNS;
		sb_free(e.rev);
		if (too_big)
			return sb_fail(err, SANDBOX_EINTERNAL,
				       "%s: the filter needs more than %d BPF instructions (the "
				       "kernel's limit); simplify the argument conditions",
				       p->origin, BPF_MAXINSNS);
		return sb_fail(err, SANDBOX_ENOMEM, "%s: out of memory compiling the filter",
			       p->origin);
	}
	out->insns = sb_alloc(e.len * sizeof(*out->insns));
	if (!out->insns) {
		sb_free(e.rev);
		return sb_fail(err, SANDBOX_ENOMEM, "%s: out of memory compiling the filter",
			       p->origin);
	}
	for (size_t i = 0; i < e.len; i++)
		out->insns[i] = e.rev[e.len - 1 - i];
	out->len = e.len;
	sb_free(e.rev);
	return SANDBOX_OK;
}
