/* SECCOMP_* variables -> policy model (lists) or precompiled program. */
#include "config.h"
#include "bpf_run.h"
#include "scratch.h"
#include "groups.h"
#include "guard.h"
#include "name_hash.h"
#include "policy_file.h"
#include "policy_lint.h"
#include "report.h"
#include "syscalls.h"
#include "util.h"
#include "actions.h"

#include <stddef.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define VAR(name, field) { name, offsetof(struct sb_env, field) }
const struct sb_env_var sb_env_vars[] = {
	VAR("SECCOMP_SYSCALL_ALLOW", allow), VAR("SECCOMP_SYSCALL_DENY", deny),
	VAR("SECCOMP_SYSCALL_FILTER", filter), VAR("SECCOMP_UNKNOWN_ACTION", unknown_action),
	VAR("SECCOMP_POLICY_FILE", policy_file), VAR("SECCOMP_BPF_FILE", bpf_file),
	VAR("SECCOMP_DEFAULT_ACTION", action), VAR("SECCOMP_QUIET", quiet),
	VAR("SECCOMP_REPORT", report), VAR(SB_REPORT_INHERITED_VAR, inherited_report),
	VAR(SB_INCLUDE_MAP_VAR, include_map),
	VAR("SECCOMP_SANDBOXIFY", sandboxify),
	VAR("SANDBOX_ISOLATE", isolate), VAR("SANDBOX_FS_READ", fs_read),
	VAR("SANDBOX_FS_WRITE", fs_write), VAR("SANDBOX_NET_CONNECT", net_connect),
	VAR("SANDBOX_NET_BIND", net_bind),
	{ NULL, 0 },
};
#undef VAR

/* Every name under these prefixes is ours, so an unknown one is a misspelling. */
static const char *const owned_prefixes[] = { "SECCOMP_", "SANDBOX_", NULL };

bool sb_env_owned_name(const char *name, size_t n)
{
	for (size_t i = 0; owned_prefixes[i]; i++) {
		size_t len = strlen(owned_prefixes[i]);
		if (n >= len && !memcmp(name, owned_prefixes[i], len))
			return true;
	}
	return false;
}

const char **sb_env_slot(struct sb_env *env, const char *name, size_t n)
{
	for (const struct sb_env_var *v = sb_env_vars; v->name; v++)
		if (strlen(v->name) == n && !memcmp(v->name, name, n))
			return (const char **)((char *)env + v->offset);
	return NULL;
}

void sb_env_read(struct sb_env *env)
{
	/* One pass over environ, first occurrence winning as with getenv. Not getenv itself:
	 * eight calls, and its code is a page of libc most programs never touch. */
	memset(env, 0, sizeof(*env));
	for (char **e = environ; e && *e; e++) {
		size_t n = strcspn(*e, "=");
		if (!sb_env_owned_name(*e, n))
			continue;
		const char **slot = sb_env_slot(env, *e, n);
		if (slot && !*slot && (*e)[n] == '=')
			*slot = *e + n + 1;
		else if (!slot && !env->unknown)
			env->unknown = *e;
	}
}

int sb_env_unknown_error(const char *entry, struct sandbox_error *err)
{
	char name[64], accepted[512];
	size_t n = strcspn(entry, "="), o = 0;
	snprintf(name, sizeof(name), "%.*s", (int)(n < 63 ? n : 63), entry);
	const char *nearest = NULL;
	size_t best = n < 12 ? 3 : n / 4 + 1;
	for (const struct sb_env_var *v = sb_env_vars; v->name; v++) {
		size_t d = sb_edit_distance(name, v->name);
		if (d < best)
			best = d, nearest = v->name;
		if (o < sizeof(accepted))
			o += (size_t)snprintf(accepted + o, sizeof(accepted) - o, "%s%s",
					      o ? ", " : "", v->name);
	}
	char hint[96] = "";
	if (nearest)
		snprintf(hint, sizeof(hint), "did you mean %s? ", nearest);
	return sb_fail(err, SANDBOX_ECONFIG, "%s%s: unknown variable (%saccepted: %s)", name,
		       n > 63 ? "..." : "", hint, accepted);
}

int sb_env_check(const struct sb_env *env, struct sandbox_error *err)
{
	if (env->unknown)
		return sb_env_unknown_error(env->unknown, err);
	if (env->sandboxify && strcmp(env->sandboxify, "1"))
		return sb_fail(err, SANDBOX_ECONFIG, "SECCOMP_SANDBOXIFY: '%.40s' (accepted: 1, set "
			       "by sandboxify --preload)", env->sandboxify);
	if (env->include_map)
		return sb_include_map_check(env->include_map, err);
	return SANDBOX_OK;
}

bool sb_env_selects_filter(const struct sb_env *env)
{
	return env->allow || env->deny || env->filter || env->policy_file || env->bpf_file;
}

bool sb_env_selects_isolation(const struct sb_env *env)
{
	return env->fs_read || env->fs_write || env->net_connect || env->net_bind;
}

#define ENTRY_MAX 64    /* longer than any syscall or group name */

void sb_messages_write(const struct sb_messages *m, int fd)
{
	static const char before[] = "adding ", after[] = " to the process seccomp filter\n";
	char buf[4096];
	size_t o = 0;

	for (const char *p = m->list; p && *p;) {
		/* The list was accepted, so entries are at most ENTRY_MAX bytes: room for a
		 * whole line is made first, then the entry is copied as its end is found. */
		if (o + sizeof(before) + ENTRY_MAX + sizeof(after) > sizeof(buf)) {
			sb_write_all(fd, buf, o);
			o = 0;
		}
		memcpy(buf + o, before, sizeof(before) - 1);
		size_t start = o + sizeof(before) - 1, n = 0;
		for (; p[n] && p[n] != ':' && n < ENTRY_MAX; n++)
			buf[start + n] = p[n];
		size_t shown = n;
		while (p[n] && p[n] != ':')     /* longer than any name: not shown */
			n++;
		if (shown > 0 && shown == n) {
			memcpy(buf + start + n, after, sizeof(after) - 1);
			o = start + n + sizeof(after) - 1;
		}
		p += n;
		if (*p == ':')
			p++;
	}
	if (o)
		sb_write_all(fd, buf, o);
	if (m->warnings_len)
		sb_write_all(fd, m->warnings, m->warnings_len);
}

void sb_messages_add_warning(void *ctx, const char *line)
{
	struct sb_messages *m = ctx;
	int n = snprintf(m->warnings + m->warnings_len, sizeof(m->warnings) - m->warnings_len,
			 "sandbox: warning: %s\n", line);
	/* A line that does not fit is left out whole: never half a line. */
	if (n > 0 && (size_t)n < sizeof(m->warnings) - m->warnings_len)
		m->warnings_len += (size_t)n;
	else
		m->warnings[m->warnings_len] = '\0';
}

/* Quote an entry for an error message: printable ASCII as is, anything else as \xNN, long
 * entries cut with "...". */
static const char *quote_entry(const char *s, size_t n, char *buf, size_t len)
{
	size_t o = 0;
	for (size_t i = 0; i < n && o + 8 < len; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (i == 40 && n > 48) {
			/* snprintf counts what did not fit too: o stays inside buf. */
			int w = snprintf(buf + o, len - o, "...(%zu bytes)", n);
			o = w > 0 && (size_t)w < len - o ? o + (size_t)w : len - 1;
			break;
		}
		if (ch >= 0x20 && ch < 0x7f && ch != '\\')
			buf[o++] = (char)ch;
		else
			o += (size_t)snprintf(buf + o, len - o, "\\x%02x", ch);
	}
	buf[o] = '\0';
	return buf;
}

static int bad_entry(struct sandbox_error *err, const char *what, const char *entry, size_t n,
		     const char *why, const char *separator)
{
	char q[160];
	return sb_fail(err, SANDBOX_ECONFIG, "%s: %s '%s' (accepted: syscall names of %s such as "
		       "read or write, or numbers 0-%d, separated by %s)",
		       what, why, quote_entry(entry, n, q, sizeof(q)), sb_native_arch_name(),
		       SB_NR_LIMIT - 1, separator);
}

static int unknown_name(struct sandbox_error *err, const char *what, const char *name,
			const char *separator)
{
	const char *near[3];
	char hint[128], q[160];
	size_t n = sb_syscall_suggest(name, near, 3);
	return sb_fail(err, SANDBOX_ECONFIG, "%s: unknown syscall '%s' (%saccepted: %s syscall names, "
		       "numbers 0-%d or @groups, separated by %s)", what,
		       quote_entry(name, strlen(name), q, sizeof(q)), sb_hint(near, n, hint, sizeof(hint)),
		       sb_native_arch_name(), SB_NR_LIMIT - 1, separator);
}

/* An entry's bytes are printable and not spaces: '!' to '~'. */
static bool unprintable(unsigned char ch)
{
	return (unsigned char)(ch - 0x21) > 0x7e - 0x21;
}

/* sb_policy_list_entry with the entry's bytes checked (all_printable) and its name hash
 * computed by the caller's one pass over them. */
static int add_entry(struct sb_policy *out, const char *p, size_t n, uint32_t hash,
		     bool all_printable, uint32_t action, const char *what, const char *separator,
		     struct sandbox_error *err)
{
	char entry[ENTRY_MAX + 1];
	if (!all_printable)
		return bad_entry(err, what, p, n, "non-printable or space byte in entry", separator);
	if (n > ENTRY_MAX)
		return bad_entry(err, what, p, n, "entry too long", separator);
	if (n == 0)
		return SANDBOX_OK;
	/* The common case, a name, looked up in place. */
	int named = p[0] != '@' && (p[0] < '0' || p[0] > '9') ? sb_syscall_number_hashed(p, n, hash)
							       : -1;
	if (named >= 0) {
		struct sb_rule *r = sb_policy_rule(out, named, action);
		if (!r)
			return sb_fail(err, SANDBOX_ENOMEM, "%s: out of memory", what);
		r->fallback = action;
		return SANDBOX_OK;
	}
	memcpy(entry, p, n);
	entry[n] = '\0';
	if (entry[0] == '@') {
		/* A syscall group: every member, as if listed one by one. */
		bool member[SB_NR_LIMIT] = { false };
		if (sb_group_members(entry, member) < 0)
			return sb_fail(err, SANDBOX_ECONFIG, "%s: unknown group '%s' (accepted: %s)",
				       what, entry, sb_group_names());
		for (int nr = 0; nr < SB_NR_LIMIT; nr++) {
			struct sb_rule *r = member[nr] ? sb_policy_rule(out, nr, action) : NULL;
			if (member[nr] && !r)
				return sb_fail(err, SANDBOX_ENOMEM, "%s: out of memory", what);
			if (r)
				r->fallback = action;
		}
		return SANDBOX_OK;
	}
	int nr = sb_syscall_parse(entry);
	if (nr < 0) {
		if (entry[0] >= '0' && entry[0] <= '9')
			return bad_entry(err, what, entry, n, "syscall number out of range", separator);
		return unknown_name(err, what, entry, separator);
	}
	struct sb_rule *r = sb_policy_rule(out, nr, action);
	if (!r)
		return sb_fail(err, SANDBOX_ENOMEM, "%s: out of memory", what);
	r->fallback = action;
	return SANDBOX_OK;
}

int sb_policy_list_entry(struct sb_policy *out, const char *p, size_t n, uint32_t action,
			 const char *what, const char *separator, struct sandbox_error *err)
{
	uint32_t hash = SB_NAME_HASH_SEED;
	bool bad = false;
	for (size_t i = 0; i < n; i++) {
		bad |= unprintable((unsigned char)p[i]);
		hash = sb_name_hash_add(hash, (unsigned char)p[i]);
	}
	return add_entry(out, p, n, hash, !bad, action, what, separator, err);
}

int sb_policy_from_list(enum sandbox_list_mode mode, const char *list, uint32_t action,
			const char *what, struct sb_policy *out, struct sb_messages *messages,
			struct sandbox_error *err)
{
	uint32_t listed = mode == SANDBOX_ALLOW_LIST ? SECCOMP_RET_ALLOW : action;
	sb_policy_init(out, mode == SANDBOX_ALLOW_LIST ? action : SECCOMP_RET_ALLOW);
	sb_policy_set_origin(out, what);
	/* Allocations of the final size: growing by doubling would touch (and fault in)
	 * about twice the pages at start-up. An entry takes two bytes at least with its
	 * separator; the pages of this bound that rules do not reach stay untouched. */
	size_t entries = strlen(list) / 2 + 1;
	size_t rules = entries < SB_NR_LIMIT ? entries : SB_NR_LIMIT;
	if ((out->rules = sb_alloc(rules * sizeof(*out->rules))))
		out->cap_rules = rules;

	for (const char *p = list; *p;) {
		/* One pass per entry: its end, its bytes checked, its name hashed. */
		uint32_t hash = SB_NAME_HASH_SEED;
		bool bad = false;
		size_t n = 0;
		for (unsigned char ch; (ch = (unsigned char)p[n]) && ch != ':'; n++) {
			bad |= unprintable(ch);
			hash = sb_name_hash_add(hash, ch);
		}
		int rc = add_entry(out, p, n, hash, !bad, listed, what, "':'", err);
		if (rc) {
			sb_policy_free(out);
			return rc;
		}
		p += n;
		if (*p == ':')
			p++;
	}
	if (out->rules && out->n_rules && out->n_rules < out->cap_rules) {
		sb_trim(out->rules, out->n_rules * sizeof(*out->rules));
		out->cap_rules = out->n_rules;      /* the block may be cut: this is all it holds */
	}
	sb_policy_finish(out);
	if (messages)
		messages->list = list;
	return SANDBOX_OK;
}

static int parse_quiet(const struct sb_env *env, bool *quiet, struct sandbox_error *err)
{
	*quiet = false;
	if (!env->quiet || !strcmp(env->quiet, "") || !strcmp(env->quiet, "0"))
		return 0;
	if (!strcmp(env->quiet, "1")) {
		*quiet = true;
		return 0;
	}
	return sb_fail(err, SANDBOX_ECONFIG, "SECCOMP_QUIET: '%.40s' (accepted: 0 or 1)", env->quiet);
}

/* Which variables may be combined: one filter source, plus the action unless the source
 * is a precompiled program. */
static int check_combination(const struct sb_env *env, struct sandbox_error *err)
{
	const char *set[5];
	size_t n = 0;
	if (env->allow) set[n++] = "SECCOMP_SYSCALL_ALLOW";
	if (env->deny) set[n++] = "SECCOMP_SYSCALL_DENY";
	if (env->filter) set[n++] = "SECCOMP_SYSCALL_FILTER";
	if (env->policy_file) set[n++] = "SECCOMP_POLICY_FILE";
	if (env->bpf_file) set[n++] = "SECCOMP_BPF_FILE";
	if (n > 1)
		return sb_fail(err, SANDBOX_ECONFIG, "%s and %s are both set (accepted: exactly one of "
			       SB_ENV_SOURCES ")", set[0], set[1]);
	if (env->bpf_file && (env->action || env->unknown_action))
		return sb_fail(err, SANDBOX_ECONFIG, "%s cannot change a precompiled SECCOMP_BPF_FILE "
			       "(unset it, or compile with the action)", env->action ?
			       "SECCOMP_DEFAULT_ACTION" : "SECCOMP_UNKNOWN_ACTION");
	return SANDBOX_OK;
}

int sb_env_validate(const struct sb_env *env, struct sandbox_error *err)
{
	bool quiet;
	uint32_t action;
	int rc;
	if ((rc = sb_env_check(env, err)) || (rc = check_combination(env, err)) ||
	    (rc = parse_quiet(env, &quiet, err)))
		return rc;
	/* A lone action or quiet setting selects nothing, but is still checked so a typo does
	 * not go unnoticed. */
	if (env->action && !env->bpf_file &&
	    (rc = sb_parse_default_action(env->action, "SECCOMP_DEFAULT_ACTION", &action, err)))
		return rc;
	if (env->unknown_action && !env->bpf_file &&
	    (rc = sb_parse_default_action(env->unknown_action, "SECCOMP_UNKNOWN_ACTION", &action, err)))
		return rc;
	return sb_env_selects_filter(env) ? SANDBOX_OK : SANDBOX_NOTHING;
}

/* The variables' isolation, then the policy file's under it: a variable's explicit
 * SANDBOX_ISOLATE wins over @isolate, rules of both apply. */
static int add_env_isolation(const struct sb_env *env, struct sb_policy *out,
			     struct sandbox_error *err)
{
	struct sb_isolation iso;
	int rc = sb_isolation_from_env(env, &iso, err);
	if (rc == SANDBOX_OK && (rc = sb_isolation_merge(&iso, &out->iso, err)))
		sb_isolation_free(&iso);
	if (rc == SANDBOX_OK) {
		sb_isolation_free(&out->iso);
		out->iso = iso;
		rc = sb_isolation_check(&out->iso, err);
	}
	if (rc)
		sb_policy_free(out);
	return rc;
}

int sb_policy_from_env(const struct sb_env *env, struct sb_policy *out, struct sb_messages *messages,
		       struct sandbox_error *err)
{
	uint32_t action = SECCOMP_RET_KILL_PROCESS;
	bool quiet;
	int rc;

	if ((rc = sb_env_check(env, err)) || (rc = check_combination(env, err)) ||
	    (rc = parse_quiet(env, &quiet, err)))
		return rc;
	if (env->bpf_file)
		return sb_fail(err, SANDBOX_ECONFIG, "SECCOMP_BPF_FILE is a compiled filter, not a policy");
	if (env->action &&
	    (rc = sb_parse_default_action(env->action, "SECCOMP_DEFAULT_ACTION", &action, err)))
		return rc;
	uint32_t unknown_action = 0;
	if (env->unknown_action &&
	    (rc = sb_parse_default_action(env->unknown_action, "SECCOMP_UNKNOWN_ACTION",
					  &unknown_action, err)))
		return rc;
	if (quiet)
		messages = NULL;
	if (env->policy_file)
		rc = sb_policy_parse_file_opts(env->policy_file, &(struct sb_policy_file_opts){
			.default_override = env->action ? &action : NULL,
			.include_map = env->include_map }, out, err);
	else if (env->allow)
		rc = sb_policy_from_list(SANDBOX_ALLOW_LIST, env->allow, action,
					 "SECCOMP_SYSCALL_ALLOW", out, messages, err);
	else if (env->deny)
		rc = sb_policy_from_list(SANDBOX_DENY_LIST, env->deny, action,
					 "SECCOMP_SYSCALL_DENY", out, messages, err);
	else if (env->filter)
		rc = sb_policy_from_systemd_filter(env->filter, action, "SECCOMP_SYSCALL_FILTER",
						   out, err);
	else
		return SANDBOX_NOTHING;
	if (rc == SANDBOX_OK && env->unknown_action) {
		/* Over a policy file's @unknown, as SECCOMP_DEFAULT_ACTION over its @default. */
		out->has_unknown_action = true;
		out->unknown_action = unknown_action;
	}
	if (rc == SANDBOX_OK)
		rc = add_env_isolation(env, out, err);
	if (rc == SANDBOX_OK && messages)
		sb_policy_lint(out, sb_messages_add_warning, messages);
	return rc;
}

/* The isolation of a configuration without a policy (none, or a compiled filter). */
int sb_env_isolation(const struct sb_env *env, struct sb_isolation *iso, struct sandbox_error *err)
{
	struct sb_isolation mine = { 0 }, *into = iso ? iso : &mine;
	int rc = sb_isolation_from_env(env, into, err);
	if (rc == SANDBOX_OK)
		rc = sb_isolation_check(into, err);
	if (rc || !iso)
		sb_isolation_free(into);
	return rc;
}

