/* OCI seccomp profiles (Docker's, podman's, runtime-spec's `linux.seccomp`) as policy
 * files: recognised by content (a JSON object), read into the policy model with the
 * meaning runc gives them through libseccomp:
 *  - an entry applies when its includes hold and its excludes do not, evaluated as Docker
 *    does: `caps` against the capabilities this process can have (its permitted set: under
 *    no_new_privs it never gains more), `arches` against "amd64", `minKernel` against the
 *    running kernel;
 *  - one rule per name; names this architecture lacks are skipped (runc ignores them); an
 *    entry whose action is the default action is skipped (runc: libseccomp refuses it);
 *  - an entry's args form one condition (AND), unless two name the same index: then each is
 *    a condition of its own (OR), as runc does;
 *  - for one syscall, the first unconditional entry decides every call (libseccomp keeps
 *    the broader rule); conditional entries are tried in order, the default otherwise.
 * Comparisons keep the model's rule: on the bits of the argument the kernel keeps. */
#include "policy_file.h"
#include "policy_json.h"
#include "policy_parse.h"
#include "actions.h"
#include "scratch.h"
#include "syscalls.h"
#include "util.h"

#include <errno.h>
#include <linux/capability.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#define NATIVE_ARCH "amd64"     /* Docker compares with Go's runtime.GOARCH */

static const char *const cap_names[] = {
	"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID",
	"CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
	"CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW",
	"CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT",
	"CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE",
	"CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
	"CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE",
	"CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ",
	"CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
};

struct oci {
	struct sb_pf *pf;
	const struct sb_pf_file *f;
	const struct sb_json *j;
	uint64_t caps;
	unsigned kernel_major, kernel_minor;
	uint32_t default_action;
	struct sb_policy *out;
	bool decided[SB_NR_LIMIT];     /* an unconditional entry has decided the syscall */
	char *skipped;                 /* names this architecture lacks, for the note */
	size_t skipped_len, skipped_cap;
};

/* "FILE:LINE:COLUMN: ..." at the value n (the start of the file when n is NULL). */
#define error_at(o, n, ...) \
	sb_pf_error((o)->pf, (o)->f, (n) ? (n)->offset : 0, SANDBOX_ECONFIG, __VA_ARGS__)

/* The permitted capabilities of this process (raw capget: no libcap). */
static uint64_t own_capabilities(void)
{
	struct __user_cap_header_struct head = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2] = { { 0 } };
	if (syscall(SYS_capget, &head, data))
		return 0;
	return (uint64_t)data[1].permitted << 32 | data[0].permitted;
}

/* "6.18.0-foo" -> 6, 18; false when it does not start MAJOR.MINOR. */
static bool parse_release(const char *s, unsigned *major, unsigned *minor)
{
	unsigned v[2] = { 0, 0 };
	for (int i = 0; i < 2; i++) {
		if (*s < '0' || *s > '9')
			return false;
		while (*s >= '0' && *s <= '9' && v[i] < 100000)
			v[i] = v[i] * 10 + (unsigned)(*s++ - '0');
		if (i == 0 && *s++ != '.')
			return false;
	}
	*major = v[0];
	*minor = v[1];
	return true;
}

static bool has_cap(const struct oci *o, const char *name)
{
	for (size_t i = 0; i < sizeof(cap_names) / sizeof(cap_names[0]); i++)
		if (!strcmp(cap_names[i], name))
			return o->caps >> i & 1;
	return false;   /* a capability no kernel knows is not held (Docker: not in the set) */
}

/* Members of an object other than the accepted ones are refused: a misspelt key would
 * otherwise drop a condition silently. */
static int check_members(struct oci *o, const struct sb_json_node *obj, const char *what,
			 const char *const *accepted, const char *accepted_text)
{
	if (obj->type != SB_JSON_OBJECT)
		return error_at(o, obj, "%s: expected an object (accepted: %s)", what, accepted_text);
	for (const struct sb_json_node *m = sb_json_first(o->j, obj); m; m = sb_json_next(o->j, m)) {
		size_t i = 0;
		while (accepted[i] && strcmp(accepted[i], m->key))
			i++;
		if (!accepted[i])
			return error_at(o, m, "unknown member '%s' (accepted: %s)", m->key, accepted_text);
	}
	return 0;
}

static bool string_in(const struct oci *o, const struct sb_json_node *array, const char *s,
		      bool (*match)(const struct oci *, const char *))
{
	for (const struct sb_json_node *e = sb_json_first(o->j, array); e; e = sb_json_next(o->j, e))
		if (s ? !strcmp(e->str, s) : match && match(o, e->str))
			return true;
	return false;
}

static bool lacks_cap(const struct oci *o, const char *name)
{
	return !has_cap(o, name);
}

/* includes (want true) or excludes (want false): does the entry stay? *keep is cleared
 * when it does not. */
static int conditions(struct oci *o, const struct sb_json_node *filter, bool include, bool *keep)
{
	static const char *const accepted[] = { "caps", "arches", "minKernel", NULL };
	if (!filter || filter->type == SB_JSON_NULL)
		return 0;
	int rc = check_members(o, filter, include ? "includes" : "excludes", accepted,
			       "caps, arches, minKernel");
	if (rc)
		return rc;
	const struct sb_json_node *caps = sb_json_member(o->j, filter, "caps");
	const struct sb_json_node *arches = sb_json_member(o->j, filter, "arches");
	const struct sb_json_node *kernel = sb_json_member(o->j, filter, "minKernel");
	const struct sb_json_node *lists[] = { caps, arches };
	for (int i = 0; i < 2; i++) {
		if (!lists[i] || lists[i]->type == SB_JSON_NULL)
			continue;
		if (lists[i]->type != SB_JSON_ARRAY)
			return error_at(o, lists[i], "%s: expected an array of strings", i ? "arches" :
					"caps");
		for (const struct sb_json_node *e = sb_json_first(o->j, lists[i]); e;
		     e = sb_json_next(o->j, e))
			if (e->type != SB_JSON_STRING)
				return error_at(o, e, "%s: expected an array of strings",
						i ? "arches" : "caps");
	}
	bool empty_caps = !caps || !sb_json_first(o->j, caps);
	bool empty_arches = !arches || !sb_json_first(o->j, arches);
	if (include) {
		/* Every listed capability held, the native architecture listed. */
		if (!empty_caps && string_in(o, caps, NULL, lacks_cap))
			*keep = false;
		if (!empty_arches && !string_in(o, arches, NATIVE_ARCH, NULL))
			*keep = false;
	} else {
		/* Any listed capability held, or the native architecture listed. */
		if (!empty_caps && string_in(o, caps, NULL, has_cap))
			*keep = false;
		if (!empty_arches && string_in(o, arches, NATIVE_ARCH, NULL))
			*keep = false;
	}
	if (kernel && kernel->type != SB_JSON_NULL) {
		unsigned major, minor;
		if (kernel->type != SB_JSON_STRING || !parse_release(kernel->str, &major, &minor) ||
		    strspn(kernel->str, "0123456789.") != strlen(kernel->str))
			return error_at(o, kernel, "minKernel: expected \"MAJOR.MINOR\" (such as "
					"\"4.8\")");
		bool newer = o->kernel_major > major ||
			     (o->kernel_major == major && o->kernel_minor >= minor);
		if (newer != include)
			*keep = false;
	}
	return 0;
}

static int parse_action(struct oci *o, const struct sb_json_node *action,
			const struct sb_json_node *errno_ret, uint32_t *out)
{
	static const struct { const char *name; uint32_t action; bool takes_errno; } table[] = {
		{ "SCMP_ACT_ALLOW", SECCOMP_RET_ALLOW, false },
		{ "SCMP_ACT_ERRNO", SECCOMP_RET_ERRNO, true },
		{ "SCMP_ACT_KILL", SECCOMP_RET_KILL_THREAD, false },   /* libseccomp's meaning */
		{ "SCMP_ACT_KILL_THREAD", SECCOMP_RET_KILL_THREAD, false },
		{ "SCMP_ACT_KILL_PROCESS", SECCOMP_RET_KILL_PROCESS, false },
		{ "SCMP_ACT_TRAP", SECCOMP_RET_TRAP, false },
		{ "SCMP_ACT_LOG", SECCOMP_RET_LOG, false },
		{ "SCMP_ACT_TRACE", SECCOMP_RET_TRACE, true },
	};
	static const char accepted[] = "SCMP_ACT_ALLOW, SCMP_ACT_ERRNO, SCMP_ACT_KILL, "
		"SCMP_ACT_KILL_THREAD, SCMP_ACT_KILL_PROCESS, SCMP_ACT_TRAP, SCMP_ACT_LOG, "
		"SCMP_ACT_TRACE";
	if (!action || action->type != SB_JSON_STRING)
		return error_at(o, action, "expected an action string (accepted: %s)", accepted);
	if (!strcmp(action->str, "SCMP_ACT_NOTIFY"))
		return error_at(o, action, "SCMP_ACT_NOTIFY has no meaning here: there is no "
				"container runtime to listen (accepted: %s)", accepted);
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		if (strcmp(table[i].name, action->str))
			continue;
		*out = table[i].action;
		if (errno_ret && errno_ret->type != SB_JSON_NULL) {
			if (!table[i].takes_errno)
				return error_at(o, errno_ret, "errnoRet given with %s (accepted: only "
						"with SCMP_ACT_ERRNO and SCMP_ACT_TRACE)", action->str);
			if (errno_ret->type != SB_JSON_NUMBER || !errno_ret->integer ||
			    errno_ret->number > SB_ERRNO_MAX)
				return error_at(o, errno_ret, "errnoRet: expected a number from 0 to "
						"4095");
			*out |= (uint32_t)errno_ret->number;
		} else if (table[i].takes_errno) {
			*out |= EPERM;    /* runc's default return code */
		}
		return 0;
	}
	return error_at(o, action, "unknown action '%s' (accepted: %s)", action->str, accepted);
}

/* One argument condition into clause atoms (masked equality takes several). */
static int parse_arg(struct oci *o, const struct sb_json_node *arg, struct sb_atom *atoms,
		     size_t *n_atoms, bool *never)
{
	static const char *const accepted[] = { "index", "value", "valueTwo", "op", NULL };
	static const struct { const char *name; enum sb_op op; } ops[] = {
		{ "SCMP_CMP_EQ", SB_OP_EQ }, { "SCMP_CMP_NE", SB_OP_NE }, { "SCMP_CMP_LT", SB_OP_LT },
		{ "SCMP_CMP_LE", SB_OP_LE }, { "SCMP_CMP_GT", SB_OP_GT }, { "SCMP_CMP_GE", SB_OP_GE },
		{ "SCMP_CMP_MASKED_EQ", SB_OP_IN },
	};
	int rc = check_members(o, arg, "args", accepted, "index, value, valueTwo, op");
	if (rc)
		return rc;
	const struct sb_json_node *index = sb_json_member(o->j, arg, "index");
	const struct sb_json_node *value = sb_json_member(o->j, arg, "value");
	const struct sb_json_node *two = sb_json_member(o->j, arg, "valueTwo");
	const struct sb_json_node *op = sb_json_member(o->j, arg, "op");
	if (!index || index->type != SB_JSON_NUMBER || !index->integer || index->number > 5)
		return error_at(o, index ? index : arg, "index: expected an argument index from 0 to "
				"5");
	const struct sb_json_node *nums[] = { value, two };
	uint64_t v[2] = { 0, 0 };
	for (int i = 0; i < 2; i++) {
		if (!nums[i])
			continue;
		if (nums[i]->type != SB_JSON_NUMBER || !nums[i]->integer)
			return error_at(o, nums[i], "%s: expected a number from 0 to 2^64-1",
					i ? "valueTwo" : "value");
		v[i] = nums[i]->number;
	}
	size_t k = 0;
	while (op && op->type == SB_JSON_STRING && k < sizeof(ops) / sizeof(ops[0]) &&
	       strcmp(ops[k].name, op->str))
		k++;
	if (!op || op->type != SB_JSON_STRING || k == sizeof(ops) / sizeof(ops[0]))
		return error_at(o, op ? op : arg, "op: expected a comparison (accepted: SCMP_CMP_EQ, "
				"SCMP_CMP_NE, SCMP_CMP_LT, SCMP_CMP_LE, SCMP_CMP_GT, SCMP_CMP_GE, "
				"SCMP_CMP_MASKED_EQ)");
	uint8_t a = (uint8_t)index->number;
	if (ops[k].op != SB_OP_IN) {
		atoms[(*n_atoms)++] = (struct sb_atom){ a, (uint8_t)ops[k].op, v[0] };
		return 0;
	}
	*n_atoms += sb_pf_masked_eq(a, v[0], v[1], atoms + *n_atoms, never);
	return 0;
}

size_t sb_pf_masked_eq(uint8_t arg, uint64_t mask, uint64_t datum, struct sb_atom *atoms,
		       bool *never)
{
	/* The mask's bits outside datum clear, each bit of datum set. */
	size_t n = 0;
	if (datum & ~mask)
		*never = true;
	atoms[n++] = (struct sb_atom){ arg, SB_OP_IN, ~(mask & ~datum) };
	for (int bit = 0; bit < 64; bit++)
		if (datum & mask & (1ULL << bit))
			atoms[n++] = (struct sb_atom){ arg, SB_OP_ANYBITS, 1ULL << bit };
	return n;
}

static void note_skipped(struct oci *o, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = o->skipped; p && (p = strstr(p, name)); p += n)
		if ((p == o->skipped || p[-1] == ' ') && (p[n] == ',' || p[n] == '\0'))
			return;   /* listed already */
	if (o->skipped_len + n + 3 > o->skipped_cap) {
		size_t cap = (o->skipped_cap + n + 3) * 2;
		char *grown = sb_realloc(o->skipped, cap);
		if (!grown)
			return;
		o->skipped = grown;
		o->skipped_cap = cap;
	}
	o->skipped_len += (size_t)snprintf(o->skipped + o->skipped_len, o->skipped_cap - o->skipped_len,
					   "%s%s", o->skipped_len ? ", " : "", name);
}

/* One syscalls[] entry into the rules of the syscalls it names. */
static int entry(struct oci *o, const struct sb_json_node *e)
{
	static const char *const accepted[] = { "names", "name", "action", "errnoRet", "errno",
		"args", "comment", "includes", "excludes", NULL };
	int rc = check_members(o, e, "syscalls", accepted, "names, name, action, errnoRet, args, "
			       "includes, excludes, comment, errno");
	if (rc)
		return rc;
	uint32_t action;
	if ((rc = parse_action(o, sb_json_member(o->j, e, "action"),
			       sb_json_member(o->j, e, "errnoRet"), &action)))
		return rc;
	bool keep = true;
	if ((rc = conditions(o, sb_json_member(o->j, e, "includes"), true, &keep)) ||
	    (rc = conditions(o, sb_json_member(o->j, e, "excludes"), false, &keep)))
		return rc;

	/* The arguments: one clause (AND), or one clause per argument (OR) when an index
	 * repeats. A masked equality takes up to 65 atoms. */
	const struct sb_json_node *args = sb_json_member(o->j, e, "args");
	struct sb_atom atoms[6 * 65];
	struct sb_clause clauses[6], holding[6];
	size_t n_atoms = 0, n_args = 0, n_clauses = 0, n_holding = 0;
	unsigned per_index[6] = { 0 };
	bool never = false, repeated = false;
	if (args && args->type != SB_JSON_NULL && args->type != SB_JSON_ARRAY)
		return error_at(o, args, "args: expected an array");
	for (const struct sb_json_node *a = sb_json_first(o->j, args); a; a = sb_json_next(o->j, a)) {
		if (n_args == 6)
			return error_at(o, a, "args: more than six conditions");
		size_t start = n_atoms;
		bool arg_never = false;
		if ((rc = parse_arg(o, a, atoms, &n_atoms, &arg_never)))
			return rc;
		repeated |= ++per_index[atoms[start].arg] > 1;
		clauses[n_args++] = (struct sb_clause){ atoms + start, n_atoms - start };
		if (!arg_never)
			holding[n_holding++] = clauses[n_args - 1];
		never |= arg_never;
	}
	if (repeated) {
		/* OR: a masked equality that never holds drops out. */
		memcpy(clauses, holding, sizeof(holding[0]) * n_holding);
		n_clauses = n_holding;
	} else if (n_args) {
		clauses[0] = (struct sb_clause){ atoms, n_atoms };
		n_clauses = never ? 0 : 1;
	}

	const struct sb_json_node *names = sb_json_member(o->j, e, "names");
	const struct sb_json_node *name = sb_json_member(o->j, e, "name");
	if (names && names->type != SB_JSON_NULL && names->type != SB_JSON_ARRAY)
		return error_at(o, names, "names: expected an array of syscall names");
	if (names && sb_json_first(o->j, names) && name)
		return error_at(o, name, "both name and names given (accepted: one of them)");
	const struct sb_json_node *first = name ? name : sb_json_first(o->j, names);
	for (const struct sb_json_node *n = first; n; n = n == name ? NULL : sb_json_next(o->j, n)) {
		if (n->type != SB_JSON_STRING)
			return error_at(o, n, "names: expected syscall names as strings");
		int nr = sb_syscall_number(n->str);
		if (nr < 0) {
			if (o->pf->warn)   /* only check shows it: no printf at every start-up */
				note_skipped(o, n->str);
			continue;
		}
		if (!keep || action == o->default_action || nr >= SB_NR_LIMIT || o->decided[nr])
			continue;
		struct sb_rule *r = sb_policy_rule(o->out, nr, o->default_action);
		if (!r)
			return sb_pf_error(o->pf, NULL, 0, SANDBOX_ENOMEM, "%s: out of memory", o->f->path);
		if (!n_args) {
			sb_rule_make_unconditional(r, action);
			o->decided[nr] = true;
		} else if (n_clauses && sb_rule_add_case(r, clauses, n_clauses, action)) {
			return sb_pf_error(o->pf, NULL, 0, SANDBOX_ENOMEM, "%s: out of memory", o->f->path);
		}
	}
	return 0;
}

/* seccompiler's files hold named filters of default_action, filter_action and filter;
 * an OCI profile's members are its own (defaultAction, syscalls ...). */
static bool is_seccompiler(const struct sb_json *j)
{
	const struct sb_json_node *first = sb_json_first(j, &j->nodes[0]);
	return first && first->type == SB_JSON_OBJECT &&
	       (sb_json_member(j, first, "filter") || sb_json_member(j, first, "default_action"));
}

int sb_pf_json(struct sb_pf *pf, const struct sb_pf_file *f, const struct sb_policy_file_opts *opts,
	       struct sb_policy *out)
{
	static const char *const accepted[] = { "defaultAction", "defaultErrnoRet", "defaultErrno",
		"architectures", "archMap", "syscalls", "flags", "listenerPath", "listenerMetadata",
		"comment", NULL };
	struct sb_json j;
	size_t at;
	const char *why;
	if (!sb_json_parse(f->text, f->len, &j, &at, &why))
		return sb_pf_error(pf, f, at, SANDBOX_ECONFIG, "%s (a policy file starting with '{' is "
				   "JSON: an OCI seccomp profile or a seccompiler filter)", why);
	if (j.nodes[0].type == SB_JSON_OBJECT && is_seccompiler(&j)) {
		int rc = sb_pf_seccompiler(pf, f, &j, opts, out);
		sb_json_free(&j);
		return rc;
	}
	struct oci *o = sb_zalloc(sizeof(*o));
	if (!o) {
		sb_json_free(&j);
		return sb_pf_error(pf, NULL, 0, SANDBOX_ENOMEM, "%s: out of memory", f->path);
	}
	*o = (struct oci){ .pf = pf, .f = f, .j = &j, .out = out };
	o->caps = opts && opts->capabilities ? *opts->capabilities : own_capabilities();
	struct utsname u;
	const char *release = opts && opts->kernel_release ? opts->kernel_release
			      : uname(&u) == 0 ? u.release : "0.0";
	if (!parse_release(release, &o->kernel_major, &o->kernel_minor))
		o->kernel_major = o->kernel_minor = 0;

	const struct sb_json_node *root = &j.nodes[0];
	int rc = check_members(o, root, "the profile", accepted, "defaultAction, defaultErrnoRet, "
			       "syscalls, architectures, archMap, comment");
	/* What only a container runtime can do is refused rather than dropped. */
	static const char *const runtime_only[] = { "flags", "listenerPath", "listenerMetadata" };
	for (size_t i = 0; !rc && i < 3; i++) {
		const struct sb_json_node *m = sb_json_member(&j, root, runtime_only[i]);
		bool empty = !m || m->type == SB_JSON_NULL || (m->type == SB_JSON_STRING && !m->str[0]) ||
			     (m->type == SB_JSON_ARRAY && !m->child);
		if (!empty)
			rc = error_at(o, m, "%s has no meaning here: it asks a container runtime for a "
				      "seccomp listener or filter flags (accepted: the profile without "
				      "it)", runtime_only[i]);
	}
	if (!rc)
		rc = parse_action(o, sb_json_member(&j, root, "defaultAction"),
				  sb_json_member(&j, root, "defaultErrnoRet"), &o->default_action);
	if (!rc && opts && opts->default_override)
		o->default_action = *opts->default_override;
	const struct sb_json_node *syscalls = sb_json_member(&j, root, "syscalls");
	if (!rc && syscalls && syscalls->type != SB_JSON_NULL && syscalls->type != SB_JSON_ARRAY)
		rc = error_at(o, syscalls, "syscalls: expected an array");
	if (!rc) {
		sb_policy_init(out, o->default_action);
		sb_policy_set_origin(out, f->path);
		for (const struct sb_json_node *e = sb_json_first(&j, syscalls); e && !rc;
		     e = sb_json_next(&j, e))
			rc = entry(o, e);
		if (rc)
			sb_policy_free(out);
		else
			sb_policy_finish(out);
	}
	if (!rc && o->skipped_len && pf->warn) {
		char line[4096];
		snprintf(line, sizeof(line), "%s: note: names %s lacks, skipped as runc does: %s",
			 f->path, sb_native_arch_name(), o->skipped);
		pf->warn(pf->report_ctx, line);
	}
	sb_free(o->skipped);
	sb_free(o);
	sb_json_free(&j);
	return rc ? pf->first_code : 0;
}
