/* Symbolic path exploration of seccomp filters. */
#include "bpf_paths.h"
#include "arg_names.h"
#include "bpf_run.h"
#include "syscalls.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <linux/seccomp.h>

enum { K_CONST, K_WORD, K_OPAQUE };

struct sym {
	uint8_t kind;
	int8_t word;      /* K_WORD: index of the 32-bit word of seccomp_data */
	uint32_t mask;    /* K_WORD: the value is word & mask */
	uint32_t k;       /* K_CONST */
};

struct state {
	struct sym a, x, mem[BPF_MEMWORDS];
	size_t pc;
	struct sb_path path;
};

struct explorer {
	const struct sock_filter *insns;
	size_t len, max_paths, reported;
	uint32_t arch, nr;
	sb_path_fn fn;
	void *ctx;
	bool stop, truncated;
};

static struct sym constant(uint32_t k)
{
	return (struct sym){ .kind = K_CONST, .k = k };
}

static void finish(struct explorer *e, struct state *s, uint32_t action, bool fault)
{
	if (e->stop)
		return;
	if (e->reported == e->max_paths) {
		e->truncated = e->stop = true;
		return;
	}
	s->path.arch = e->arch;
	s->path.nr = e->nr;
	s->path.action = action;
	s->path.fault = fault;
	e->reported++;
	if (!e->fn(&s->path, e->ctx))
		e->stop = true;
}

static bool load_abs(const struct explorer *e, uint32_t off, struct sym *out)
{
	if (off % 4 || off + 4 > sizeof(struct seccomp_data))
		return false;
	if (off == offsetof(struct seccomp_data, nr))
		*out = constant(e->nr);
	else if (off == offsetof(struct seccomp_data, arch))
		*out = constant(e->arch);
	else
		*out = (struct sym){ .kind = K_WORD, .word = (int8_t)(off / 4), .mask = 0xffffffffu };
	return true;
}

/* The value of (word & mask) when an earlier branch pinned it down. */
static bool known_value(const struct sb_path *p, int word, uint32_t mask, uint32_t *out)
{
	for (size_t i = 0; i < p->n_conds; i++) {
		const struct sb_path_cond *c = &p->conds[i];
		if (c->word != word || c->op != BPF_JEQ || !c->taken)
			continue;
		if (c->mask == 0xffffffffu || c->mask == mask) {
			*out = c->value & mask;
			return true;
		}
	}
	return false;
}

/* Can (word & mask) OP v come out `taken`, given the path so far? Interval reasoning over
 * the comparisons on the same expression; JSET is assumed possible. */
static bool feasible(const struct sb_path *p, int word, uint32_t mask, uint8_t op, uint32_t v,
		     bool taken)
{
	uint64_t lo = 0, hi = mask;
	for (size_t i = 0; i < p->n_conds; i++) {
		const struct sb_path_cond *c = &p->conds[i];
		if (c->word != word || c->mask != mask)
			continue;
		if (c->op == BPF_JGT) {
			if (c->taken) { if (c->value + 1ull > lo) lo = c->value + 1ull; }
			else if (c->value < hi) hi = c->value;
		} else if (c->op == BPF_JGE) {
			if (c->taken) { if (c->value > lo) lo = c->value; }
			else if (c->value == 0) return false;
			else if (c->value - 1ull < hi) hi = c->value - 1ull;
		} else if (c->op == BPF_JEQ && !c->taken && op == BPF_JEQ && taken && c->value == v) {
			return false;
		}
	}
	if (lo > hi)
		return false;
	switch (op) {
	case BPF_JEQ: return taken ? (v & ~mask) == 0 && v >= lo && v <= hi : !(lo == hi && lo == v);
	case BPF_JGT: return taken ? hi > v : lo <= v;
	case BPF_JGE: return taken ? hi >= v : lo < v;
	case BPF_JSET: return taken ? (mask & v) != 0 : true;
	}
	return true;
}

static void run(struct explorer *e, struct state *s);

static void branch(struct explorer *e, const struct state *s, size_t target, int word,
		   uint32_t mask, uint8_t op, uint32_t v, bool taken)
{
	struct state next = *s;
	struct sb_path *p = &next.path;
	if (p->n_conds == SB_PATH_CONDS_MAX)
		e->truncated = true;
	else
		p->conds[p->n_conds++] = (struct sb_path_cond){ (int8_t)word, op, taken, mask, v };
	next.pc = target;
	run(e, &next);
}

/* Division by a value the program read from the arguments: the path where it is zero ends
 * in a fault (reported here), the other continues with that condition on it. Returns false
 * when the division can only fault. */
static bool divide_by_unknown(struct explorer *e, struct state *s, struct sym x)
{
	uint32_t v;
	if (x.kind == K_WORD && known_value(&s->path, x.word, x.mask, &v)) {
		if (v == 0)
			finish(e, s, SECCOMP_RET_KILL_PROCESS, true);
		return v != 0;
	}
	int word = x.kind == K_WORD ? x.word : -1;
	uint32_t mask = x.kind == K_WORD ? x.mask : 0xffffffffu;
	bool can_zero = word < 0 || feasible(&s->path, word, mask, BPF_JEQ, 0, true);
	bool can_other = word < 0 || feasible(&s->path, word, mask, BPF_JEQ, 0, false);
	if (can_zero) {
		struct state zero = *s;
		if (zero.path.n_conds == SB_PATH_CONDS_MAX)
			e->truncated = true;
		else
			zero.path.conds[zero.path.n_conds++] =
				(struct sb_path_cond){ (int8_t)word, BPF_JEQ, true, mask, 0 };
		finish(e, &zero, SECCOMP_RET_KILL_PROCESS, true);
	}
	if (!can_other || e->stop)
		return false;
	if (s->path.n_conds == SB_PATH_CONDS_MAX)
		e->truncated = true;
	else
		s->path.conds[s->path.n_conds++] =
			(struct sb_path_cond){ (int8_t)word, BPF_JEQ, false, mask, 0 };
	return true;
}

static void run(struct explorer *e, struct state *s)
{
	while (!e->stop) {
		if (s->pc >= e->len) {
			finish(e, s, SECCOMP_RET_KILL_PROCESS, true);
			return;
		}
		const struct sock_filter *in = &e->insns[s->pc++];
		s->path.steps++;
		uint32_t k = in->k;
		switch (BPF_CLASS(in->code)) {
		case BPF_LD:
		case BPF_LDX: {
			struct sym *dst = BPF_CLASS(in->code) == BPF_LD ? &s->a : &s->x;
			uint16_t mode = BPF_MODE(in->code);
			if (BPF_CLASS(in->code) == BPF_LD && in->code == (BPF_LD | BPF_W | BPF_ABS)) {
				if (!load_abs(e, k, dst))
					goto fault;
			} else if (mode == BPF_LEN && BPF_SIZE(in->code) == BPF_W) {
				*dst = constant(sizeof(struct seccomp_data));
			} else if (mode == BPF_IMM) {
				*dst = constant(k);
			} else if (mode == BPF_MEM && k < BPF_MEMWORDS) {
				*dst = s->mem[k];
			} else {
				goto fault;
			}
			break;
		}
		case BPF_ST:
		case BPF_STX:
			if (k >= BPF_MEMWORDS)
				goto fault;
			s->mem[k] = BPF_CLASS(in->code) == BPF_ST ? s->a : s->x;
			break;
		case BPF_ALU: {
			struct sym b = BPF_SRC(in->code) == BPF_X ? s->x : constant(k);
			uint16_t op = BPF_OP(in->code);
			if (s->a.kind == K_CONST && (b.kind == K_CONST || op == BPF_NEG)) {
				uint32_t r;
				if (!sb_bpf_alu(op, s->a.k, b.k, &r))
					goto fault;
				s->a = constant(r);
			} else if (op == BPF_AND && s->a.kind == K_WORD && b.kind == K_CONST) {
				s->a.mask &= b.k;
				if (s->a.mask == 0)
					s->a = constant(0);
			} else if ((op == BPF_DIV || op == BPF_MOD) && b.kind == K_CONST && b.k == 0) {
				goto fault;
			} else if ((op == BPF_DIV || op == BPF_MOD) && b.kind != K_CONST) {
				/* Dividing by X taken from the arguments: X == 0 is the kernel's fault. */
				if (!divide_by_unknown(e, s, b))
					return;
				s->a = (struct sym){ .kind = K_OPAQUE };
			} else {
				s->a = (struct sym){ .kind = K_OPAQUE };
			}
			break;
		}
		case BPF_JMP: {
			uint8_t op = (uint8_t)BPF_OP(in->code);
			if (op == BPF_JA) {
				s->pc += k;
				break;
			}
			size_t t = s->pc + in->jt, f = s->pc + in->jf;
			struct sym b = BPF_SRC(in->code) == BPF_X ? s->x : constant(k);
			struct sym a = s->a;
			uint32_t va;
			if (a.kind == K_WORD && known_value(&s->path, a.word, a.mask, &va))
				a = constant(va);
			if (a.kind == K_CONST && b.kind == K_CONST) {
				s->pc = sb_bpf_jump_taken(op, a.k, b.k) ? t : f;
				break;
			}
			if (a.kind == K_WORD && b.kind == K_CONST) {
				bool can_t = feasible(&s->path, a.word, a.mask, op, b.k, true);
				bool can_f = feasible(&s->path, a.word, a.mask, op, b.k, false);
				if (can_t && can_f && t == f) {
					s->pc = t;
					break;
				}
				if (can_t)
					branch(e, s, t, a.word, a.mask, op, b.k, true);
				if (can_f)
					branch(e, s, f, a.word, a.mask, op, b.k, false);
				return;
			}
			/* A value computed from the arguments, or compared with X: both ways. */
			branch(e, s, t, -1, 0xffffffffu, op, b.kind == K_CONST ? b.k : 0, true);
			branch(e, s, f, -1, 0xffffffffu, op, b.kind == K_CONST ? b.k : 0, false);
			return;
		}
		case BPF_RET:
			if (BPF_RVAL(in->code) == BPF_A) {
				if (s->a.kind != K_CONST) {
					/* Returning an argument: report it as computed. */
					finish(e, s, SECCOMP_RET_KILL_PROCESS, true);
					return;
				}
				finish(e, s, s->a.k, false);
			} else {
				finish(e, s, k, false);
			}
			return;
		case BPF_MISC:
			if (BPF_MISCOP(in->code) == BPF_TAX)
				s->x = s->a;
			else
				s->a = s->x;
			break;
		default:
			goto fault;
		}
	}
	return;
fault:
	finish(e, s, SECCOMP_RET_KILL_PROCESS, true);
}

size_t sb_bpf_paths(const struct sock_filter *insns, size_t len, uint32_t arch, uint32_t nr,
		    size_t max_paths, sb_path_fn fn, void *ctx, bool *truncated)
{
	struct explorer e = { .insns = insns, .len = len, .max_paths = max_paths, .arch = arch,
			      .nr = nr, .fn = fn, .ctx = ctx };
	static struct state start;     /* large: keep it off the stack of deep recursions */
	memset(&start, 0, sizeof(start));
	for (size_t i = 0; i < BPF_MEMWORDS; i++)
		start.mem[i] = constant(0);
	start.a = start.x = constant(0);
	run(&e, &start);
	if (truncated)
		*truncated = e.truncated;
	return e.reported;
}

/* "arg1 (cmd)": the index a policy uses, the name the kernel declares. */
static void whole_arg_name(const struct sb_path *p, int arg, char *buf, size_t len)
{
	const char *decl = p->arch == sb_native_arch() ? sb_arg_name((int)p->nr, arg) : NULL;
	if (decl)
		snprintf(buf, len, "arg%d (%s)", arg, decl);
	else
		snprintf(buf, len, "arg%d", arg);
}

/* A value compared for equality with a whole argument: by name when one fits, else as the
 * kernel reads the argument (fd == 1, mode == 0644). */
static void value_text(const struct sb_path *p, int arg, uint64_t v, char *buf, size_t len)
{
	if (p->arch != sb_native_arch() || !sb_arg_value_text((int)p->nr, arg, v, buf, len))
		snprintf(buf, len, "0x%llx", (unsigned long long)v);
}

/* Returns true when the word is a whole argument (a 32-bit one, or a umode_t's 16 bits). */
static bool word_name(const struct sb_path *p, int word, uint32_t mask, char *buf, size_t len)
{
	char base[16];
	int arg = (word - 4) / 2;
	unsigned bits = word >= 4 && word % 2 == 0 && p->arch == sb_native_arch()
			? sb_syscall_arg_bits((int)p->nr, arg) : 64;
	if ((bits == 32 && mask == 0xffffffffu) || (bits == 16 && mask == 0xffffu)) {
		whole_arg_name(p, arg, buf, len);
		return true;
	}
	if (word == 2 || word == 3)
		snprintf(base, sizeof(base), "ip.%s", word == 2 ? "lo" : "hi");
	else if (word >= 4)
		snprintf(base, sizeof(base), "arg%d.%s", arg, word % 2 ? "hi" : "lo");
	else
		snprintf(base, sizeof(base), "<computed>");
	if (mask == 0xffffffffu)
		snprintf(buf, len, "%s", base);
	else
		snprintf(buf, len, "(%s & 0x%x)", base, mask);
	return false;
}

static size_t append(char *buf, size_t len, size_t at, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static size_t append(char *buf, size_t len, size_t at, const char *fmt, ...)
{
	if (at >= len)
		return at;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf + at, len - at, fmt, ap);
	va_end(ap);
	return n < 0 ? at : at + (size_t)n;
}

void sb_path_conditions_text(const struct sb_path *p, char *buf, size_t len)
{
	bool used[SB_PATH_CONDS_MAX] = { false };
	size_t at = 0;
	buf[0] = '\0';
	/* Both halves of an argument pinned: one 64-bit equality. */
	for (size_t i = 0; i < p->n_conds; i++) {
		const struct sb_path_cond *lo = &p->conds[i];
		if (lo->word < 4 || lo->word % 2 || lo->op != BPF_JEQ || !lo->taken ||
		    lo->mask != 0xffffffffu)
			continue;
		for (size_t j = 0; j < p->n_conds; j++) {
			const struct sb_path_cond *hi = &p->conds[j];
			if (used[j] || hi->word != lo->word + 1 || hi->op != BPF_JEQ || !hi->taken ||
			    hi->mask != 0xffffffffu)
				continue;
			used[i] = used[j] = true;
			char name[48], value[96];
			int arg = (lo->word - 4) / 2;
			whole_arg_name(p, arg, name, sizeof(name));
			value_text(p, arg, (uint64_t)hi->value << 32 | lo->value, value, sizeof(value));
			at = append(buf, len, at, "%s%s == %s", at ? " && " : "", name, value);
			break;
		}
	}
	/* An inequality is implied by a later equality on the same value: leave it out. */
	for (size_t i = 0; i < p->n_conds; i++)
		for (size_t j = 0; j < p->n_conds && p->conds[i].op == BPF_JEQ && !p->conds[i].taken; j++)
			if (p->conds[j].op == BPF_JEQ && p->conds[j].taken &&
			    p->conds[j].word == p->conds[i].word &&
			    (p->conds[j].mask == p->conds[i].mask || p->conds[j].mask == 0xffffffffu))
				used[i] = true;
	for (size_t i = 0; i < p->n_conds; i++) {
		if (used[i])
			continue;
		const struct sb_path_cond *c = &p->conds[i];
		char name[48], value[96];
		bool whole = word_name(p, c->word, c->mask, name, sizeof(name));
		const char *sep = at ? " && " : "";
		switch (c->op) {
		case BPF_JEQ:
			if (whole)
				value_text(p, (c->word - 4) / 2, c->value, value, sizeof(value));
			else
				snprintf(value, sizeof(value), "0x%x", c->value);
			at = append(buf, len, at, "%s%s %s %s", sep, name, c->taken ? "==" : "!=", value);
			break;
		case BPF_JGT:
			at = append(buf, len, at, "%s%s %s 0x%x", sep, name, c->taken ? ">" : "<=", c->value);
			break;
		case BPF_JGE:
			at = append(buf, len, at, "%s%s %s 0x%x", sep, name, c->taken ? ">=" : "<", c->value);
			break;
		case BPF_JSET:
			at = append(buf, len, at, "%s%s & 0x%x %s 0", sep, name, c->value,
				    c->taken ? "!=" : "==");
			break;
		}
	}
}
