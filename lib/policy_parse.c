/* One policy statement: `TARGET: FILTER`, with FILTER an action, an argument expression
 * in disjunctive normal form, or `EXPRESSION; ACTION`. */
#include "policy_parse.h"
#include "scratch.h"
#include "constants.h"
#include "groups.h"
#include "syscalls.h"
#include "util.h"
#include "actions.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char action_words[] =
	"1, allow, kill, kill-process, kill-thread, trap, log, return ERRNO";
static const char refusal_words[] =
	"kill, kill-process, kill-thread, trap, log, return ERRNO";

#define Q(t) sb_lex_quote(f->text + (t).start, (t).len, q, sizeof(q))

/* ---- values ------------------------------------------------------------------------ */

static int parse_number(struct sb_pf *pf, const struct sb_pf_file *f, struct sb_token t,
			uint64_t *out)
{
	char q[96];
	if (sb_parse_u64(f->text + t.start, t.len, out))
		return 0;
	return sb_pf_error(pf, f, t.start, SANDBOX_ECONFIG, "bad number %s (accepted: decimal, "
			   "0x hexadecimal or 0 octal numbers below 2^64)", Q(t));
}

static int parse_value(struct sb_pf *pf, const struct sb_pf_file *f, struct sb_lexer *lx,
		       uint64_t *out, int depth);

/* term := '~' term | '(' value ')' | '-' NUMBER | NUMBER | CONSTANT */
static int parse_term(struct sb_pf *pf, const struct sb_pf_file *f, struct sb_lexer *lx,
		      uint64_t *out, int depth)
{
	char q[96];
	struct sb_token t = sb_lex_next(lx);
	int rc;

	if (depth > 32)
		return sb_pf_error(pf, f, t.start, SANDBOX_ECONFIG, "value nested too deeply at %s "
				   "(accepted: at most 32 levels of parentheses and ~)", Q(t));
	switch (t.kind) {
	case TOK_TILDE:
		if ((rc = parse_term(pf, f, lx, out, depth + 1)))
			return rc;
		*out = ~*out;
		return 0;
	case TOK_LPAREN:
		if ((rc = parse_value(pf, f, lx, out, depth + 1)))
			return rc;
		t = sb_lex_next(lx);
		if (t.kind != TOK_RPAREN)
			return sb_pf_error(pf, f, t.start, SANDBOX_ECONFIG, "unbalanced parentheses: "
					   "%s where ')' should close the value (accepted: ')')",
					   Q(t));
		return 0;
	case TOK_MINUS: {
		struct sb_token n = sb_lex_next(lx);
		if (n.kind != TOK_NUMBER)
			return sb_pf_error(pf, f, n.start, SANDBOX_ECONFIG, "%s after '-' (accepted: "
					   "a number)", Q(n));
		if ((rc = parse_number(pf, f, n, out)))
			return rc;
		if (*out > (1ull << 63))
			return sb_pf_error(pf, f, t.start, SANDBOX_ECONFIG, "negative number below "
					   "-2^63 (accepted: -2^63 to 2^64-1)");
		/* Two's complement on 64 bits: -100 is 0xffffffffffffff9c, what glibc passes
		 * for an int -100 such as AT_FDCWD. */
		*out = (uint64_t)0 - *out;
		return 0;
	}
	case TOK_NUMBER:
		return parse_number(pf, f, t, out);
	case TOK_WORD:
		if (sb_constant_lookup(f->text + t.start, t.len, out))
			return 0;
		return sb_pf_error(pf, f, t.start, SANDBOX_ECONFIG, "unknown constant %s (accepted: "
				   "a number or a constant of the system headers such as O_RDONLY, "
				   "PROT_READ, AT_FDCWD; see sandbox-policy(5))", Q(t));
	case TOK_RPAREN:
		return sb_pf_error(pf, f, t.start, SANDBOX_ECONFIG, "unbalanced parentheses: %s "
				   "without '(' (accepted: a number, constant, ~ or '(')", Q(t));
	default:
		return sb_pf_error(pf, f, t.start, SANDBOX_ECONFIG, "%s where a value should be "
				   "(accepted: a number, constant, ~VALUE, (VALUE) or A|B)", Q(t));
	}
}

/* value := term ('|' term)* */
static int parse_value(struct sb_pf *pf, const struct sb_pf_file *f, struct sb_lexer *lx,
		       uint64_t *out, int depth)
{
	int rc = parse_term(pf, f, lx, out, depth);
	while (!rc && sb_lex_peek(lx).kind == TOK_OR) {
		uint64_t more;
		sb_lex_next(lx);
		if ((rc = parse_term(pf, f, lx, &more, depth)))
			return rc;
		*out |= more;
	}
	return rc;
}

/* ---- expressions ------------------------------------------------------------------- */

/* A growing OR of ANDs. */
struct dnf {
	struct sb_clause *clauses;
	size_t n, cap;
};

static void dnf_free(struct dnf *d)
{
	for (size_t i = 0; i < d->n; i++)
		sb_free(d->clauses[i].atoms);
	sb_free(d->clauses);
	memset(d, 0, sizeof(*d));
}

static bool add_atom(struct sb_clause *c, const struct sb_atom *a)
{
	struct sb_atom *grown = sb_realloc(c->atoms, (c->n_atoms + 1) * sizeof(*grown));
	if (!grown)
		return false;
	c->atoms = grown;
	c->atoms[c->n_atoms++] = *a;
	return true;
}

static int parse_atom(struct sb_pf *pf, const struct sb_pf_file *f, struct sb_lexer *lx,
		      struct sb_atom *a)
{
	static const struct { enum sb_tok tok; enum sb_op op; } ops[] = {
		{ TOK_EQ, SB_OP_EQ }, { TOK_NE, SB_OP_NE }, { TOK_LT, SB_OP_LT },
		{ TOK_LE, SB_OP_LE }, { TOK_GT, SB_OP_GT }, { TOK_GE, SB_OP_GE },
		{ TOK_AND, SB_OP_ANYBITS },
	};
	char q[96];
	struct sb_token t = sb_lex_next(lx);
	const char *s = f->text + t.start;

	if (t.kind == TOK_LPAREN)
		return sb_pf_error(pf, f, t.start, SANDBOX_ECONFIG, "'(' around a comparison "
				   "(accepted: argN OP VALUE joined by && and ||; parentheses "
				   "group values only)");
	if (t.kind != TOK_WORD || t.len < 4 || memcmp(s, "arg", 3) != 0 ||
	    s[3] < '0' || s[3] > '9')
		return sb_pf_error(pf, f, t.start, SANDBOX_ECONFIG, "%s where an argument should "
				   "be (accepted: arg0 to arg5, or an action: %s)", Q(t),
				   action_words);
	for (size_t i = 3; i < t.len; i++)
		if (s[i] < '0' || s[i] > '9')
			return sb_pf_error(pf, f, t.start, SANDBOX_ECONFIG, "bad argument %s "
					   "(accepted: arg0 to arg5)", Q(t));
	if (t.len != 4 || s[3] > '5')
		return sb_pf_error(pf, f, t.start, SANDBOX_ECONFIG, "argument index out of range "
				   "in %s (accepted: arg0 to arg5)", Q(t));
	a->arg = (uint8_t)(s[3] - '0');

	t = sb_lex_next(lx);
	size_t i;
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (t.kind == ops[i].tok)
			break;
	if (i < sizeof(ops) / sizeof(ops[0]))
		a->op = (uint8_t)ops[i].op;
	else if (sb_tok_is(lx, t, "in"))
		a->op = SB_OP_IN;
	else
		return sb_pf_error(pf, f, t.start, SANDBOX_ECONFIG, "%s where a comparison should "
				   "be (accepted: == != < <= > >= & in)", Q(t));
	return parse_value(pf, f, lx, &a->value, 0);
}

/* expression := clause ('||' clause)*, clause := atom ('&&' atom)* */
static int parse_expression(struct sb_pf *pf, const struct sb_pf_file *f, struct sb_lexer *lx,
			    struct dnf *d)
{
	int rc;
	for (;;) {
		if (d->n == d->cap) {
			size_t cap = d->cap ? d->cap * 2 : 4;
			struct sb_clause *grown = sb_realloc(d->clauses, cap * sizeof(*grown));
			if (!grown)
				goto oom;
			d->clauses = grown;
			d->cap = cap;
		}
		struct sb_clause *c = &d->clauses[d->n++];
		memset(c, 0, sizeof(*c));
		for (;;) {
			struct sb_atom a;
			if ((rc = parse_atom(pf, f, lx, &a)))
				return rc;
			if (!add_atom(c, &a))
				goto oom;
			if (sb_lex_peek(lx).kind != TOK_ANDAND)
				break;
			sb_lex_next(lx);
		}
		if (sb_lex_peek(lx).kind != TOK_OROR)
			return 0;
		sb_lex_next(lx);
	}
oom:
	return sb_pf_error(pf, f, lx->pos, SANDBOX_ENOMEM, "out of memory");
}

/* ---- actions ----------------------------------------------------------------------- */

int sb_pf_action(struct sb_pf *pf, const struct sb_pf_file *f, struct sb_lexer *lx,
		 uint32_t *action)
{
	static const struct { const char *word; uint32_t action; } words[] = {
		{ "allow", SECCOMP_RET_ALLOW },
		{ "kill", SECCOMP_RET_KILL_PROCESS },
		{ "kill-process", SECCOMP_RET_KILL_PROCESS },
		{ "kill-thread", SECCOMP_RET_KILL_THREAD },
		{ "trap", SECCOMP_RET_TRAP },
		{ "log", SECCOMP_RET_LOG },
	};
	char q[96];
	struct sb_token t = sb_lex_next(lx);

	if (t.kind == TOK_NUMBER && t.len == 1 && f->text[t.start] == '1') {
		*action = SECCOMP_RET_ALLOW;
		return 0;
	}
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		if (sb_tok_is(lx, t, words[i].word)) {
			*action = words[i].action;
			return 0;
		}
	}
	if (!sb_tok_is(lx, t, "return"))
		return sb_pf_error(pf, f, t.start, SANDBOX_ECONFIG, "unknown action %s (accepted: "
				   "%s)", Q(t), action_words);
	t = sb_lex_next(lx);
	if (t.kind == TOK_WORD) {
		char name[32];
		if (t.len < sizeof(name)) {
			memcpy(name, f->text + t.start, t.len);
			name[t.len] = '\0';
			int e = sb_errno_from_name(name);
			if (e >= 0) {
				*action = SECCOMP_RET_ERRNO | (uint32_t)e;
				return 0;
			}
		}
	} else if (t.kind == TOK_NUMBER) {
		uint64_t e;
		if (parse_number(pf, f, t, &e))
			return pf->first_code;
		if (e <= SB_ERRNO_MAX) {
			*action = SECCOMP_RET_ERRNO | (uint32_t)e;
			return 0;
		}
	}
	return sb_pf_error(pf, f, t.start, SANDBOX_ECONFIG, "unknown errno %s after 'return' "
			   "(accepted: a name such as EPERM or ENOENT, or a number from 0 to %d)",
			   Q(t), SB_ERRNO_MAX);
}

/* ---- statements -------------------------------------------------------------------- */

static struct sb_pf_syscall *syscall_state(struct sb_pf *pf, int nr)
{
	if (!pf->sys[nr])
		pf->sys[nr] = sb_zalloc(sizeof(*pf->sys[nr]));
	return pf->sys[nr];
}

static size_t put_unsigned(char *out, unsigned v)
{
	char digits[12];
	size_t n = 0;
	do
		digits[n++] = (char)('0' + v % 10);
	while ((v /= 10));
	for (size_t i = 0; i < n; i++)
		out[i] = digits[n - 1 - i];
	return n;
}

/* "FILE:LINE:COLUMN" of offset in f, allocated; NULL when out of memory. Made by hand:
 * snprintf would page in printf's code while a policy is read at start-up. */
static char *where(const struct sb_pf_file *f, size_t offset)
{
	unsigned line, col;
	sb_lex_position(f->text, offset, &line, &col);
	size_t path_len = strlen(f->path);
	char *s = sb_alloc(path_len + 2 * 12 + 1);
	if (!s)
		return NULL;
	memcpy(s, f->path, path_len);
	size_t o = path_len;
	s[o++] = ':';
	o += put_unsigned(s + o, line);
	s[o++] = ':';
	o += put_unsigned(s + o, col);
	s[o] = '\0';
	return s;
}

static int set_refusal(struct sb_pf *pf, const struct sb_pf_file *f, size_t at, int nr,
		       struct sb_pf_syscall *s, uint32_t action, bool always)
{
	if (s->has_refusal && s->refusal != action) {
		char a[48], b[48];
		const char *name = sb_syscall_name(nr);
		return sb_pf_error(pf, f, at, SANDBOX_ECONFIG, "conflicting refusals for %s: %s "
				   "here, %s at %s (accepted: one refusal action per syscall)",
				   name ? name : "this syscall", sb_action_name(action, a, sizeof(a)),
				   sb_action_name(s->refusal, b, sizeof(b)),
				   s->refusal_where ? s->refusal_where : "an earlier line");
	}
	if (!s->has_refusal)
		s->refusal_where = where(f, at);
	s->has_refusal = true;
	s->refusal = action;
	s->refusal_always |= always;
	return 0;
}

/* Index + 1 of the statement at offset at of f in pf->stmt_where (a group's statement is
 * merged once per member: one entry); 0 when out of memory. */
static uint32_t statement_index(struct sb_pf *pf, const struct sb_pf_file *f, size_t at)
{
	if (pf->n_stmt_where && pf->last_stmt_text == f->text && pf->last_stmt_at == at)
		return (uint32_t)pf->n_stmt_where;
	if (pf->n_stmt_where == pf->cap_stmt_where) {
		size_t cap = pf->cap_stmt_where ? 2 * pf->cap_stmt_where : 16;
		char **grown = sb_realloc(pf->stmt_where, cap * sizeof(*grown));
		if (!grown)
			return 0;
		pf->stmt_where = grown;
		pf->cap_stmt_where = cap;
	}
	char *w = where(f, at);
	if (!w)
		return 0;
	pf->stmt_where[pf->n_stmt_where++] = w;
	pf->last_stmt_text = f->text;
	pf->last_stmt_at = at;
	return (uint32_t)pf->n_stmt_where;
}

/* Merge one parsed statement into the state of syscall nr. */
static int merge(struct sb_pf *pf, const struct sb_pf_file *f, size_t at, int nr,
		 const struct dnf *cond, bool has_action, uint32_t action)
{
	struct sb_pf_syscall *s = syscall_state(pf, nr);
	if (!s)
		return sb_pf_error(pf, f, at, SANDBOX_ENOMEM, "out of memory");
	if (pf->warn) {
		bool decisive = !cond->n && (pf->denylist ? action != SECCOMP_RET_ALLOW
							  : action == SECCOMP_RET_ALLOW);
		uint32_t *slot = decisive ? &s->decisive_stmt : &s->other_stmt;
		if (!*slot && !(*slot = statement_index(pf, f, at)))
			return sb_pf_error(pf, f, at, SANDBOX_ENOMEM, "out of memory");
	}
	if (!cond->n) {                      /* an unconditional action */
		if (action == SECCOMP_RET_ALLOW) {
			s->always = true;
			return 0;
		}
		return set_refusal(pf, f, at, nr, s, action, true);
	}
	if (pf->denylist) {                  /* refused when the condition holds */
		struct sb_case c = { cond->clauses, cond->n,
				     has_action ? action : SB_PF_DEFAULT_ACTION };
		struct sb_rule tmp = { .cases = s->deny, .n_cases = s->n_deny };
		if (sb_rule_add_case(&tmp, c.clauses, c.n_clauses, c.action))
			return sb_pf_error(pf, f, at, SANDBOX_ENOMEM, "out of memory");
		s->deny = tmp.cases;
		s->n_deny = tmp.n_cases;
		return 0;
	}
	/* allowlist: allowed when the condition holds, else the refusal (or the default) */
	struct sb_rule tmp = { 0 };
	if (sb_rule_add_case(&tmp, cond->clauses, cond->n, SECCOMP_RET_ALLOW))
		return sb_pf_error(pf, f, at, SANDBOX_ENOMEM, "out of memory");
	/* The copy keeps each clause once (a clause written twice can never decide twice). */
	size_t n = tmp.cases[0].n_clauses;
	struct sb_clause *grown = sb_realloc(s->allow, (s->n_allow + n) * sizeof(*grown));
	if (!grown) {
		for (size_t i = 0; i < n; i++)
			sb_free(tmp.cases[0].clauses[i].atoms);
		sb_free(tmp.cases[0].clauses);
		sb_free(tmp.cases);
		return sb_pf_error(pf, f, at, SANDBOX_ENOMEM, "out of memory");
	}
	memcpy(grown + s->n_allow, tmp.cases[0].clauses, n * sizeof(*grown));
	s->allow = grown;
	s->n_allow += n;
	sb_free(tmp.cases[0].clauses);
	sb_free(tmp.cases);
	if (has_action)
		return set_refusal(pf, f, at, nr, s, action, false);
	return 0;
}

/* TARGET: a syscall name or number (*single gets it), or an @group (*single is -1 and the
 * group's numbers are marked in member, which is cleared first). A statement names one
 * call far more often than a group: it then touches no 1 KB table. */
static int parse_target(struct sb_pf *pf, const struct sb_pf_file *f, struct sb_token t,
			bool member[SB_NR_LIMIT], int *single)
{
	*single = -1;
	char name[72], q[96];
	if ((t.kind != TOK_WORD && t.kind != TOK_NUMBER) || t.len >= sizeof(name))
		return sb_pf_error(pf, f, t.start, SANDBOX_ECONFIG, "%s where a syscall should be "
				   "(accepted: a %s syscall name, a number 0-%d, an @group, or a "
				   "directive @include, @frequency, @default, @denylist)", Q(t),
				   sb_native_arch_name(), SB_NR_LIMIT - 1);
	memcpy(name, f->text + t.start, t.len);
	name[t.len] = '\0';
	if (name[0] == '@') {
		memset(member, 0, SB_NR_LIMIT * sizeof(member[0]));
		if (sb_group_members(name, member) < 0)
			return sb_pf_error(pf, f, t.start, SANDBOX_ECONFIG, "unknown group %s "
					   "(accepted: %s)", Q(t), sb_group_names());
		return 0;
	}
	int nr = sb_syscall_parse(name);
	if (nr >= 0) {
		*single = nr;
		return 0;
	}
	if (t.kind == TOK_NUMBER)
		return sb_pf_error(pf, f, t.start, SANDBOX_ECONFIG, "syscall number %s out of range "
				   "(accepted: 0-%d)", Q(t), SB_NR_LIMIT - 1);
	if (!strncmp(name, "SECCOMP_", 8) && t.start + t.len < f->len && f->text[t.start + t.len] == '=')
		return sb_pf_error(pf, f, t.start, SANDBOX_ECONFIG, "%s=... is an environment "
				   "setting (`--format env`), not a policy: give it in the environment "
				   "(env $(cat FILE) PROGRAM), or write a policy with --format policy",
				   name);
	/* Suggestions cost an edit distance against every name: only for a message someone
	 * reads, and for a name no longer than the longest syscall's. */
	const char *near[3];
	size_t n = (pf->n_errors == 0 || pf->report) && t.len <= 32 ? sb_syscall_suggest(name, near, 3)
								      : 0;
	char hint[128];
	return sb_pf_error(pf, f, t.start, SANDBOX_ECONFIG, "unknown syscall %s (%saccepted: "
			   "%s syscall names, numbers 0-%d or @groups)", Q(t), sb_hint(near, n, hint, sizeof(hint)),
			   sb_native_arch_name(), SB_NR_LIMIT - 1);
}

static bool starts_action(const struct sb_lexer *lx, const struct sb_pf_file *f, struct sb_token t)
{
	static const char *const words[] = { "allow", "kill", "kill-process", "kill-thread",
					     "trap", "log", "return" };
	if (t.kind == TOK_NUMBER)
		return t.len == 1 && f->text[t.start] == '1';
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (sb_tok_is(lx, t, words[i]))
			return true;
	return false;
}

int sb_pf_statement(struct sb_pf *pf, const struct sb_pf_file *f, struct sb_lexer *lx)
{
	bool member[SB_NR_LIMIT];
	int single;
	struct dnf cond = { 0 };
	bool has_action = false;
	uint32_t action = SECCOMP_RET_ALLOW;
	char q[96];
	int rc;

	struct sb_token target = sb_lex_next(lx);
	if ((rc = parse_target(pf, f, target, member, &single)))
		return rc;
	struct sb_token t = sb_lex_next(lx);
	if (t.kind != TOK_COLON)
		return sb_pf_error(pf, f, t.start, SANDBOX_ECONFIG, "missing ':' after %s: found %s "
				   "(accepted: NAME: FILTER)", sb_lex_quote(f->text + target.start,
				   target.len, (char[96]){ 0 }, 96), Q(t));

	t = sb_lex_peek(lx);
	if (t.kind == TOK_END)
		return sb_pf_error(pf, f, t.start, SANDBOX_ECONFIG, "missing filter after ':' "
				   "(accepted: %s, or an argument expression)", action_words);
	if (starts_action(lx, f, t)) {
		if ((rc = sb_pf_action(pf, f, lx, &action)))
			return rc;
		has_action = true;
	} else {
		if ((rc = parse_expression(pf, f, lx, &cond)))
			goto out;
		if (sb_lex_peek(lx).kind == TOK_SEMI) {
			sb_lex_next(lx);
			t = sb_lex_peek(lx);
			if ((rc = sb_pf_action(pf, f, lx, &action)))
				goto out;
			if (action == SECCOMP_RET_ALLOW) {
				rc = sb_pf_error(pf, f, t.start, SANDBOX_ECONFIG, "%s after ';' "
						 "(accepted: %s; the expression already allows)",
						 Q(t), refusal_words);
				goto out;
			}
			has_action = true;
		}
	}
	t = sb_lex_next(lx);
	if (t.kind != TOK_END) {
		rc = sb_pf_error(pf, f, t.start, SANDBOX_ECONFIG, "trailing %s after the filter "
				 "(accepted: && or || between comparisons, '; ACTION', a # comment, "
				 "or the end of the line)", Q(t));
		goto out;
	}
	if (pf->denylist && !cond.n && action == SECCOMP_RET_ALLOW) {
		rc = sb_pf_error(pf, f, target.start, SANDBOX_ECONFIG, "allow entry in a @denylist "
				 "policy, which lists what is refused (accepted: %s, or a condition "
				 "under which the call is refused)", refusal_words);
		goto out;
	}
	/* A group repeats the expression for each member: count every copy, so a short line
	 * cannot make the policy huge. */
	size_t atoms = 0, members = 0;
	for (size_t i = 0; i < cond.n; i++)
		atoms += cond.clauses[i].n_atoms;
	const bool *end = member + SB_NR_LIMIT;
	if (single >= 0)
		members = 1;
	else
		for (const bool *m = member; (m = memchr(m, 1, (size_t)(end - m))); m++)
			members++;
	if (atoms && (pf->n_atoms += atoms * members) > SB_PF_MAX_ATOMS) {
		rc = sb_pf_error(pf, f, target.start, SANDBOX_ECONFIG, "more than %u argument "
				 "comparisons in the policy, counting each member of a group "
				 "(accepted: at most %u)", SB_PF_MAX_ATOMS, SB_PF_MAX_ATOMS);
		goto out;
	}
	pf->seen_statement = true;
	if (single >= 0)
		rc = merge(pf, f, target.start, single, &cond, has_action, action);
	else
		for (const bool *m = member; (m = memchr(m, 1, (size_t)(end - m))); m++)
			if ((rc = merge(pf, f, target.start, (int)(m - member), &cond, has_action,
					action)))
				goto out;
out:
	dnf_free(&cond);
	return rc;
}

void sb_pf_warn_never_applies(struct sb_pf *pf)
{
	for (int nr = 0; pf->warn && nr < SB_NR_LIMIT; nr++) {
		const struct sb_pf_syscall *s = pf->sys[nr];
		if (!s || !s->decisive_stmt || !s->other_stmt)
			continue;
		/* One line per pair of statements, naming every syscall they share. */
		bool first = true;
		for (int m = 0; m < nr && first; m++)
			first = !pf->sys[m] || pf->sys[m]->decisive_stmt != s->decisive_stmt ||
				pf->sys[m]->other_stmt != s->other_stmt;
		if (!first)
			continue;
		char names[256] = "", line[1024];
		size_t o = 0, count = 0;
		for (int m = nr; m < SB_NR_LIMIT; m++) {
			const struct sb_pf_syscall *t = pf->sys[m];
			if (!t || t->decisive_stmt != s->decisive_stmt || t->other_stmt != s->other_stmt)
				continue;
			if (count++ < 6 && o < sizeof(names))
				o += (size_t)snprintf(names + o, sizeof(names) - o, "%s%s",
						      count > 1 ? ", " : "",
						      sb_syscall_name(m) ? sb_syscall_name(m) : "?");
		}
		char more[32] = "";
		if (count > 6)
			snprintf(more, sizeof(more), " and %zu more", count - 6);
		snprintf(line, sizeof(line), "%s: warning: never applies to %s%s: %s %s %s "
			 "unconditionally, which decides every call", pf->stmt_where[s->other_stmt - 1],
			 names, more, pf->stmt_where[s->decisive_stmt - 1],
			 pf->denylist ? "refuses" : "allows", count > 1 ? "them" : "it");
		pf->warn(pf->report_ctx, line);
	}
}

void sb_pf_free(struct sb_pf *pf)
{
	sb_isolation_free(&pf->iso);
	for (size_t i = 0; i < pf->n_stmt_where; i++)
		sb_free(pf->stmt_where[i]);
	sb_free(pf->stmt_where);
	for (int nr = 0; nr < SB_NR_LIMIT; nr++) {
		struct sb_pf_syscall *s = pf->sys[nr];
		if (!s)
			continue;
		for (size_t i = 0; i < s->n_allow; i++)
			sb_free(s->allow[i].atoms);
		sb_free(s->allow);
		struct sb_rule tmp = { .cases = s->deny, .n_cases = s->n_deny };
		for (size_t i = 0; i < tmp.n_cases; i++) {
			for (size_t j = 0; j < tmp.cases[i].n_clauses; j++)
				sb_free(tmp.cases[i].clauses[j].atoms);
			sb_free(tmp.cases[i].clauses);
		}
		sb_free(tmp.cases);
		sb_free(s->refusal_where);
		sb_free(s);
		pf->sys[nr] = NULL;
	}
}
