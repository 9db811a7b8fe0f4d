/* seccompiler's JSON filters (Firecracker's format, and what `sandbox-policy generate
 * --format json` writes) as policy files: one filter, named anything ("main" when we write
 * it), with default_action, filter_action and filter[] rules of a syscall name and args
 * conditions (index, type dword/qword, op eq/ne/lt/le/gt/ge or {"masked_eq": MASK}, val).
 * A syscall's rules are alternatives: any that holds gives filter_action, a rule without
 * args always does; the default action otherwise. */
#include "policy_file.h"
#include "policy_json.h"
#include "policy_parse.h"
#include "actions.h"
#include "syscalls.h"

#include <string.h>

#define error_at(pf, f, n, ...) \
	sb_pf_error(pf, f, (n) ? (n)->offset : 0, SANDBOX_ECONFIG, __VA_ARGS__)

static const char actions_text[] = "allow, kill_thread, kill_process, log, trap, {\"errno\": N}, "
	"{\"trace\": N}";

static int action(struct sb_pf *pf, const struct sb_pf_file *f, const struct sb_json *j,
		  const struct sb_json_node *n, uint32_t *out)
{
	static const struct { const char *name; uint32_t action; } plain[] = {
		{ "allow", SECCOMP_RET_ALLOW }, { "kill_thread", SECCOMP_RET_KILL_THREAD },
		{ "kill_process", SECCOMP_RET_KILL_PROCESS }, { "log", SECCOMP_RET_LOG },
		{ "trap", SECCOMP_RET_TRAP },
	};
	if (n && n->type == SB_JSON_STRING)
		for (size_t i = 0; i < sizeof(plain) / sizeof(plain[0]); i++)
			if (!strcmp(plain[i].name, n->str)) {
				*out = plain[i].action;
				return 0;
			}
	const struct sb_json_node *v = n && n->type == SB_JSON_OBJECT ? sb_json_first(j, n) : NULL;
	if (v && !sb_json_next(j, v) && (!strcmp(v->key, "errno") || !strcmp(v->key, "trace")) &&
	    v->type == SB_JSON_NUMBER && v->integer && v->number <= SB_ERRNO_MAX) {
		*out = (!strcmp(v->key, "errno") ? SECCOMP_RET_ERRNO : SECCOMP_RET_TRACE) |
		       (uint32_t)v->number;
		return 0;
	}
	return error_at(pf, f, n, "expected an action (accepted: %s, N from 0 to %d)", actions_text,
			SB_ERRNO_MAX);
}

static bool only_members(const struct sb_json *j, const struct sb_json_node *obj,
			 const char *const *accepted, const struct sb_json_node **bad)
{
	for (const struct sb_json_node *m = sb_json_first(j, obj); m; m = sb_json_next(j, m)) {
		size_t i = 0;
		while (accepted[i] && strcmp(accepted[i], m->key))
			i++;
		if (!accepted[i]) {
			*bad = m;
			return false;
		}
	}
	return true;
}

/* One condition into one or more atoms (a masked equality takes several). */
static int condition(struct sb_pf *pf, const struct sb_pf_file *f, const struct sb_json *j,
		     int nr, const struct sb_json_node *c, struct sb_atom *atoms, size_t *n_atoms,
		     bool *never)
{
	static const char *const accepted[] = { "index", "type", "op", "val", "comment", NULL };
	static const struct { const char *name; enum sb_op op; } ops[] = {
		{ "eq", SB_OP_EQ }, { "ne", SB_OP_NE }, { "lt", SB_OP_LT }, { "le", SB_OP_LE },
		{ "gt", SB_OP_GT }, { "ge", SB_OP_GE },
	};
	const struct sb_json_node *bad;
	if (c->type != SB_JSON_OBJECT)
		return error_at(pf, f, c, "expected a condition object (accepted: index, type, op, val)");
	if (!only_members(j, c, accepted, &bad))
		return error_at(pf, f, bad, "unknown member '%s' (accepted: index, type, op, val, "
				"comment)", bad->key);
	const struct sb_json_node *index = sb_json_member(j, c, "index");
	const struct sb_json_node *type = sb_json_member(j, c, "type");
	const struct sb_json_node *op = sb_json_member(j, c, "op");
	const struct sb_json_node *val = sb_json_member(j, c, "val");
	if (!index || index->type != SB_JSON_NUMBER || !index->integer || index->number > 5)
		return error_at(pf, f, index ? index : c, "index: expected 0 to 5");
	uint8_t arg = (uint8_t)index->number;
	bool dword = type && type->type == SB_JSON_STRING && !strcmp(type->str, "dword");
	if (!type || type->type != SB_JSON_STRING || (!dword && strcmp(type->str, "qword")))
		return error_at(pf, f, type ? type : c, "type: expected \"dword\" or \"qword\"");
	/* dword compares the low half only; the model compares what the kernel keeps, so a
	 * dword on a 64-bit argument has no exact meaning here. */
	if (dword && sb_syscall_arg_bits(nr, arg) == 64)
		return error_at(pf, f, type, "a dword comparison of %s's 64-bit argument %u cannot be "
				"kept exactly (accepted: qword)", sb_syscall_name(nr), (unsigned)arg);
	if (!val || val->type != SB_JSON_NUMBER || !val->integer || (dword && val->number >> 32))
		return error_at(pf, f, val ? val : c, "val: expected a number below 2^%d", dword ? 32 : 64);
	if (op && op->type == SB_JSON_OBJECT) {
		const struct sb_json_node *mask = sb_json_member(j, op, "masked_eq");
		if (!mask || mask->type != SB_JSON_NUMBER || !mask->integer || sb_json_next(j, mask) ||
		    sb_json_first(j, op) != mask)
			return error_at(pf, f, op, "op: expected {\"masked_eq\": MASK}");
		*n_atoms += sb_pf_masked_eq(arg, mask->number, val->number, atoms + *n_atoms, never);
		return 0;
	}
	for (size_t i = 0; op && op->type == SB_JSON_STRING && i < sizeof(ops) / sizeof(ops[0]); i++)
		if (!strcmp(ops[i].name, op->str)) {
			atoms[(*n_atoms)++] = (struct sb_atom){ arg, (uint8_t)ops[i].op, val->number };
			return 0;
		}
	return error_at(pf, f, op ? op : c, "op: expected a comparison (accepted: eq, ne, lt, le, gt, "
			"ge, {\"masked_eq\": MASK})");
}

int sb_pf_seccompiler(struct sb_pf *pf, const struct sb_pf_file *f, const struct sb_json *j,
		      const struct sb_policy_file_opts *opts, struct sb_policy *out)
{
	static const char *const filter_members[] = { "default_action", "filter_action", "filter",
		NULL };
	static const char *const rule_members[] = { "syscall", "args", "comment", NULL };
	const struct sb_json_node *root = &j->nodes[0], *bad;
	const struct sb_json_node *main = sb_json_first(j, root);
	if (!main || sb_json_next(j, main))
		return error_at(pf, f, root, "a seccompiler file with %s filter (accepted: exactly "
				"one, such as \"main\")", main ? "more than one" : "no");
	if (main->type != SB_JSON_OBJECT || !only_members(j, main, filter_members, &bad))
		return error_at(pf, f, main->type == SB_JSON_OBJECT ? bad : main, "expected a filter "
				"of default_action, filter_action, filter");
	uint32_t deflt, match;
	int rc;
	if ((rc = action(pf, f, j, sb_json_member(j, main, "default_action"), &deflt)) ||
	    (rc = action(pf, f, j, sb_json_member(j, main, "filter_action"), &match)))
		return rc;
	if (opts && opts->default_override)
		deflt = *opts->default_override;
	const struct sb_json_node *rules = sb_json_member(j, main, "filter");
	if (!rules || rules->type != SB_JSON_ARRAY)
		return error_at(pf, f, rules ? rules : main, "filter: expected an array of rules");
	sb_policy_init(out, deflt);
	sb_policy_set_origin(out, f->path);
	bool always[SB_NR_LIMIT] = { false };
	for (const struct sb_json_node *r = sb_json_first(j, rules); r && !rc; r = sb_json_next(j, r)) {
		const struct sb_json_node *name = r->type == SB_JSON_OBJECT ?
						  sb_json_member(j, r, "syscall") : NULL;
		if (r->type != SB_JSON_OBJECT || !only_members(j, r, rule_members, &bad)) {
			rc = error_at(pf, f, r->type == SB_JSON_OBJECT ? bad : r, "expected a rule "
				      "(accepted: syscall, args, comment)");
			break;
		}
		int nr = name && name->type == SB_JSON_STRING ? sb_syscall_number(name->str) : -1;
		if (nr < 0 || nr >= SB_NR_LIMIT) {
			rc = error_at(pf, f, name ? name : r, "unknown syscall '%s' (accepted: %s "
				      "syscall names)", name && name->type == SB_JSON_STRING ?
				      name->str : "", sb_native_arch_name());
			break;
		}
		struct sb_atom atoms[6 * 65];
		size_t n_atoms = 0, n_args = 0;
		bool never = false;
		const struct sb_json_node *args = sb_json_member(j, r, "args");
		if (args && args->type != SB_JSON_ARRAY) {
			rc = error_at(pf, f, args, "args: expected an array of conditions");
			break;
		}
		for (const struct sb_json_node *c = sb_json_first(j, args); c && !rc;
		     c = sb_json_next(j, c), n_args++)
			rc = n_args == 6 ? error_at(pf, f, c, "args: more than six conditions")
			     : condition(pf, f, j, nr, c, atoms, &n_atoms, &never);
		if (rc || always[nr] || match == deflt)
			continue;
		struct sb_rule *rule = sb_policy_rule(out, nr, deflt);
		struct sb_clause clause = { atoms, n_atoms };
		if (!rule || (n_args && !never && sb_rule_add_case(rule, &clause, 1, match))) {
			rc = sb_pf_error(pf, NULL, 0, SANDBOX_ENOMEM, "%s: out of memory", f->path);
		} else if (!n_args) {
			sb_rule_make_unconditional(rule, match);
			always[nr] = true;
		}
	}
	if (rc) {
		sb_policy_free(out);
		return pf->first_code;
	}
	sb_policy_finish(out);
	return 0;
}
