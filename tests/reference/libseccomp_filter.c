#include "libseccomp_filter.h"
#include "syscalls.h"
#include "util.h"

#include <errno.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* One AND clause becomes one or more libseccomp rules: an ANYBITS atom with several bits
 * has no single libseccomp comparison, so the clause is split per bit. */
static int add_clause(scmp_filter_ctx ctx, uint32_t action, int nr, const struct sb_clause *cl,
		      size_t from, struct scmp_arg_cmp *cmps, size_t n_cmps)
{
	if (from == cl->n_atoms)
		return seccomp_rule_add_array(ctx, action, nr, (unsigned)n_cmps, cmps);
	const struct sb_atom *a = &cl->atoms[from];
	for (size_t i = 0; i < n_cmps; i++)
		if (cmps[i].arg == a->arg)
			return -EEXIST;
	struct scmp_arg_cmp *c = &cmps[n_cmps];
	c->arg = a->arg;
	c->datum_b = 0;
	uint64_t mask = sb_syscall_arg_mask(nr, a->arg), k = a->value & mask;
	if (mask != UINT64_MAX) {
		/* libseccomp 2.5.4 compares all 64 bits; a masked equality keeps to the bits
		 * the kernel reads. It has no masked != or ordering: those stay with the model. */
		switch (a->op) {
		case SB_OP_EQ: c->op = SCMP_CMP_MASKED_EQ; c->datum_a = mask; c->datum_b = k; break;
		case SB_OP_IN: c->op = SCMP_CMP_MASKED_EQ; c->datum_a = ~k & mask; break;
		case SB_OP_ANYBITS: break;
		default: return -EOPNOTSUPP;
		}
		if (a->op != SB_OP_ANYBITS)
			return add_clause(ctx, action, nr, cl, from + 1, cmps, n_cmps + 1);
	}
	switch (a->op) {
	case SB_OP_EQ: c->op = SCMP_CMP_EQ; c->datum_a = a->value; break;
	case SB_OP_NE: c->op = SCMP_CMP_NE; c->datum_a = a->value; break;
	case SB_OP_LT: c->op = SCMP_CMP_LT; c->datum_a = a->value; break;
	case SB_OP_LE: c->op = SCMP_CMP_LE; c->datum_a = a->value; break;
	case SB_OP_GT: c->op = SCMP_CMP_GT; c->datum_a = a->value; break;
	case SB_OP_GE: c->op = SCMP_CMP_GE; c->datum_a = a->value; break;
	case SB_OP_IN: c->op = SCMP_CMP_MASKED_EQ; c->datum_a = ~a->value; break;
	case SB_OP_ANYBITS:
		for (int bit = 0; bit < 64; bit++) {
			uint64_t m = 1ULL << bit;
			if (!(k & m))
				continue;
			c->op = SCMP_CMP_MASKED_EQ;
			c->datum_a = m;
			c->datum_b = m;
			int rc = add_clause(ctx, action, nr, cl, from + 1, cmps, n_cmps + 1);
			if (rc)
				return rc;
		}
		return 0;
	default:
		return -EINVAL;
	}
	return add_clause(ctx, action, nr, cl, from + 1, cmps, n_cmps + 1);
}

static int add_rule(scmp_filter_ctx ctx, const struct sb_policy *p, const struct sb_rule *r,
		    struct sandbox_error *err)
{
	if (r->n_cases == 0) {
		if (r->fallback == p->default_action)
			return 0;
		int rc = seccomp_rule_add(ctx, r->fallback, r->nr, 0);
		if (rc)
			return sb_fail(err, SANDBOX_EINTERNAL, "syscall %d: libseccomp refused a rule: %s",
				       r->nr, strerror(-rc));
		return 0;
	}
	if (r->fallback != p->default_action)
		return sb_fail(err, SANDBOX_EINTERNAL,
			       "syscall %d: libseccomp cannot express a conditional rule whose "
			       "fallback differs from the default action", r->nr);
	for (size_t i = 0; i < r->n_cases; i++) {
		const struct sb_case *c = &r->cases[i];
		if (c->action != r->cases[0].action)
			return sb_fail(err, SANDBOX_EINTERNAL,
				       "syscall %d: libseccomp cannot express ordered cases", r->nr);
		if (c->action == p->default_action)
			continue;
		for (size_t j = 0; j < c->n_clauses; j++) {
			struct scmp_arg_cmp cmps[6];
			if (c->clauses[j].n_atoms > 6)
				return sb_fail(err, SANDBOX_EINTERNAL,
					       "syscall %d: more than 6 atoms in a clause", r->nr);
			int rc = add_clause(ctx, c->action, r->nr, &c->clauses[j], 0, cmps, 0);
			if (rc)
				return sb_fail(err, SANDBOX_EINTERNAL,
					       "syscall %d: libseccomp refused a rule: %s", r->nr,
					       strerror(-rc));
		}
	}
	return 0;
}

int sb_compile_libseccomp(const struct sb_policy *p, int optimize, struct sb_program *out,
			  struct sandbox_error *err)
{
	int rc = SANDBOX_OK, fd = -1;
	scmp_filter_ctx ctx = seccomp_init(p->default_action);
	memset(out, 0, sizeof(*out));
	if (!ctx)
		return sb_fail(err, SANDBOX_EINTERNAL, "libseccomp refused default action 0x%x",
			       p->default_action);
	if (seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, p->foreign_action) ||
	    seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, (uint32_t)optimize)) {
		rc = sb_fail(err, SANDBOX_EINTERNAL, "libseccomp refused the filter attributes");
		goto out;
	}
	for (size_t i = 0; i < p->n_rules; i++) {
		rc = add_rule(ctx, p, &p->rules[i], err);
		if (rc)
			goto out;
	}
	fd = memfd_create("sandbox-bpf", MFD_CLOEXEC);
	if (fd < 0 || seccomp_export_bpf(ctx, fd) < 0) {
		rc = sb_fail(err, SANDBOX_EINTERNAL, "libseccomp could not export the filter");
		goto out;
	}
	off_t size = lseek(fd, 0, SEEK_END);
	if (size <= 0 || size % sizeof(struct sock_filter) ||
	    !(out->insns = malloc((size_t)size)) ||
	    pread(fd, out->insns, (size_t)size, 0) != size) {
		sb_program_free(out);
		rc = sb_fail(err, SANDBOX_EINTERNAL, "libseccomp exported an unreadable filter");
		goto out;
	}
	out->len = (size_t)size / sizeof(struct sock_filter);
out:
	if (fd >= 0)
		close(fd);
	seccomp_release(ctx);
	return rc;
}
