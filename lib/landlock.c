/* The Landlock model, the ruleset the running ABI can express, and entering it here. */
#include "landlock.h"
#include "config.h"
#include "policy.h"
#include "raw_syscall.h"
#include "scratch.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#ifndef SYS_landlock_create_ruleset
#define SYS_landlock_create_ruleset 444
#define SYS_landlock_add_rule 445
#define SYS_landlock_restrict_self 446
#endif

/* ---- the model ------------------------------------------------------------------- */

void sb_isolation_free(struct sb_isolation *iso)
{
	for (size_t i = 0; i < iso->n_fs; i++) {
		sb_free(iso->fs[i].path);
		sb_free(iso->fs[i].where);
	}
	sb_free(iso->fs);
	memset(iso, 0, sizeof(*iso));
}

static char *copy_text(const char *s, size_t n)
{
	char *c = sb_alloc(n + 1);
	if (c) {
		memcpy(c, s, n);
		c[n] = '\0';
	}
	return c;
}

int sb_isolation_add_path(struct sb_isolation *iso, enum sb_fs_kind kind, const char *path,
			  size_t len, const char *where, struct sandbox_error *err)
{
	if (len == 0 || len >= PATH_MAX || memchr(path, '\0', len))
		return sb_fail(err, SANDBOX_ECONFIG, "%s: path of %zu bytes (accepted: 1 to %d bytes)",
			       where, len, PATH_MAX - 1);
	if (iso->n_fs == iso->cap_fs) {
		size_t cap = iso->cap_fs ? iso->cap_fs * 2 : 8;
		struct sb_fs_rule *fs = sb_realloc(iso->fs, cap * sizeof(*fs));
		if (!fs)
			return sb_fail(err, SANDBOX_ENOMEM, "%s: out of memory", where);
		iso->fs = fs;
		iso->cap_fs = cap;
	}
	struct sb_fs_rule *r = &iso->fs[iso->n_fs];
	r->kind = kind;
	r->path = copy_text(path, len);
	r->where = copy_text(where, strlen(where));
	if (!r->path || !r->where) {
		sb_free(r->path);
		sb_free(r->where);
		return sb_fail(err, SANDBOX_ENOMEM, "%s: out of memory", where);
	}
	iso->n_fs++;
	iso->fs_restricted = true;
	return SANDBOX_OK;
}

int sb_isolation_add_port(struct sb_isolation *iso, bool bind, const char *text, size_t len,
			  const char *what, struct sandbox_error *err)
{
	uint64_t port;
	char shown[48];
	if (!sb_parse_u64(text, len, &port) || port == 0 || port > 65535) {
		snprintf(shown, sizeof(shown), "%.*s", (int)(len < 40 ? len : 40), text);
		return sb_fail(err, SANDBOX_ECONFIG, "%s: '%s' is not a TCP port (accepted: numbers "
			       "1-65535, separated by ':')", what, shown);
	}
	uint16_t *ports = bind ? iso->bind : iso->connect;
	size_t *n = bind ? &iso->n_bind : &iso->n_connect;
	if (*n == SB_PORTS_MAX)
		return sb_fail(err, SANDBOX_ECONFIG, "%s: more than %d ports", what, SB_PORTS_MAX);
	ports[(*n)++] = (uint16_t)port;
	if (bind)
		iso->bind_restricted = true;
	else
		iso->connect_restricted = true;
	return SANDBOX_OK;
}

int sb_isolation_parse_switch(const char *text, size_t len, const char *what,
			      enum sb_isolate *out, struct sandbox_error *err)
{
	static const struct { const char *word; enum sb_isolate value; } words[] = {
		{ "", SB_ISOLATE_DEFAULT }, { "0", SB_ISOLATE_OFF }, { "off", SB_ISOLATE_OFF },
		{ "1", SB_ISOLATE_ON }, { "on", SB_ISOLATE_ON },
	};
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strlen(words[i].word) == len && !memcmp(words[i].word, text, len)) {
			*out = words[i].value;
			return SANDBOX_OK;
		}
	return sb_fail(err, SANDBOX_ECONFIG, "%s: '%.*s' (accepted: 0 or off, 1 or on)", what,
		       (int)(len < 40 ? len : 40), text);
}

int sb_isolation_merge(struct sb_isolation *dst, const struct sb_isolation *src,
		       struct sandbox_error *err)
{
	int rc;
	if (dst->isolate == SB_ISOLATE_DEFAULT) {
		dst->isolate = src->isolate;
		dst->isolate_where = src->isolate_where;
	}
	for (size_t i = 0; i < src->n_fs; i++)
		if ((rc = sb_isolation_add_path(dst, src->fs[i].kind, src->fs[i].path,
						strlen(src->fs[i].path), src->fs[i].where, err)))
			return rc;
	dst->fs_restricted |= src->fs_restricted;
	dst->connect_restricted |= src->connect_restricted;
	dst->bind_restricted |= src->bind_restricted;
	for (int b = 0; b < 2; b++) {
		const uint16_t *ports = b ? src->bind : src->connect;
		size_t n = b ? src->n_bind : src->n_connect;
		uint16_t *to = b ? dst->bind : dst->connect;
		size_t *at = b ? &dst->n_bind : &dst->n_connect;
		if (*at + n > SB_PORTS_MAX)
			return sb_fail(err, SANDBOX_ECONFIG, "more than %d TCP ports to %s",
				       SB_PORTS_MAX, b ? "bind" : "connect");
		memcpy(to + *at, ports, n * sizeof(*ports));
		*at += n;
	}
	return SANDBOX_OK;
}

bool sb_isolation_has_rules(const struct sb_isolation *iso)
{
	return iso->fs_restricted || iso->connect_restricted || iso->bind_restricted;
}

int sb_isolation_check(const struct sb_isolation *iso, struct sandbox_error *err)
{
	if (iso->isolate == SB_ISOLATE_OFF && sb_isolation_has_rules(iso))
		return sb_fail(err, SANDBOX_ECONFIG, "%s turns isolation off, and filesystem or port "
			       "rules are given: any Landlock domain keeps other processes out of "
			       "reach (accepted: isolation off without rules, or rules with it on)",
			       iso->isolate_where ? iso->isolate_where : "isolation");
	return SANDBOX_OK;
}

/* open(O_PATH) with the instruction itself: an executable exporting open() must not choose
 * which directory a rule grants. */
static long open_path(const char *path)
{
	return sb_raw_syscall(SYS_openat, AT_FDCWD, (long)path, O_PATH | O_CLOEXEC, 0, 0);
}

int sb_isolation_check_paths(const struct sb_isolation *iso, struct sandbox_error *err)
{
	for (size_t i = 0; i < iso->n_fs; i++) {
		long fd = open_path(iso->fs[i].path);
		if (fd < 0)
			return sb_fail(err, SANDBOX_ECONFIG, "%s: '%s': %s (accepted: paths that exist "
				       "and can be opened)", iso->fs[i].where, iso->fs[i].path,
				       strerror((int)-fd));
		sb_raw_syscall(SYS_close, fd, 0, 0, 0, 0);
	}
	return SANDBOX_OK;
}

static int add_list(struct sb_isolation *iso, const char *list, const char *what, bool path,
		    enum sb_fs_kind kind, bool bind, struct sandbox_error *err)
{
	int rc = SANDBOX_OK;
	if (path)
		iso->fs_restricted = true;
	else if (bind)
		iso->bind_restricted = true;
	else
		iso->connect_restricted = true;
	for (const char *p = list; *p && rc == SANDBOX_OK;) {
		size_t n = sb_list_entry_len(p);
		if (n)
			rc = path ? sb_isolation_add_path(iso, kind, p, n, what, err)
				  : sb_isolation_add_port(iso, bind, p, n, what, err);
		p += n;
		if (*p == ':')
			p++;
	}
	return rc;
}

int sb_isolation_from_env(const struct sb_env *env, struct sb_isolation *out,
			  struct sandbox_error *err)
{
	int rc = SANDBOX_OK;
	memset(out, 0, sizeof(*out));
	if (env->isolate) {
		rc = sb_isolation_parse_switch(env->isolate, strlen(env->isolate), "SANDBOX_ISOLATE",
					       &out->isolate, err);
		out->isolate_where = "SANDBOX_ISOLATE";
	}
	if (!rc && env->fs_read)
		rc = add_list(out, env->fs_read, "SANDBOX_FS_READ", true, SB_FS_READ, false, err);
	if (!rc && env->fs_write)
		rc = add_list(out, env->fs_write, "SANDBOX_FS_WRITE", true, SB_FS_WRITE, false, err);
	if (!rc && env->net_connect)
		rc = add_list(out, env->net_connect, "SANDBOX_NET_CONNECT", false, 0, false, err);
	if (!rc && env->net_bind)
		rc = add_list(out, env->net_bind, "SANDBOX_NET_BIND", false, 0, true, err);
	if (rc)
		sb_isolation_free(out);
	return rc;
}

/* ---- the plan -------------------------------------------------------------------- */

int sb_landlock_abi(void)
{
	long v = sb_raw_syscall(SYS_landlock_create_ruleset, 0, 0, SB_LL_CREATE_RULESET_VERSION, 0, 0);
	return v > 0 ? (int)v : 0;
}

uint64_t sb_landlock_fs_rights(int abi)
{
	uint64_t r = abi >= 1 ? (SB_LL_FS_MAKE_SYM << 1) - 1 : 0;   /* the 13 rights of ABI 1 */
	if (abi >= 2)
		r |= SB_LL_FS_REFER;
	if (abi >= 3)
		r |= SB_LL_FS_TRUNCATE;
	if (abi >= 5)
		r |= SB_LL_FS_IOCTL_DEV;
	return r;
}

/* Rights that apply to a file itself (the kernel refuses the others on a non-directory). */
#define FILE_RIGHTS (SB_LL_FS_EXECUTE | SB_LL_FS_WRITE_FILE | SB_LL_FS_READ_FILE | \
		     SB_LL_FS_TRUNCATE | SB_LL_FS_IOCTL_DEV)
#define READ_RIGHTS (SB_LL_FS_EXECUTE | SB_LL_FS_READ_FILE | SB_LL_FS_READ_DIR)

uint64_t sb_landlock_rule_rights(enum sb_fs_kind kind, int abi, bool is_dir)
{
	/* Writing is everything but execution: a program that may write a directory does not
	 * also get to run what it wrote there (list the path in both for that). */
	uint64_t r = sb_landlock_fs_rights(abi) & (kind == SB_FS_READ ? READ_RIGHTS : ~SB_LL_FS_EXECUTE);
	return is_dir ? r : r & FILE_RIGHTS;
}

int sb_landlock_plan(const struct sb_isolation *iso, int abi, struct sb_landlock_plan *plan,
		     struct sandbox_error *err)
{
	int rc;
	memset(plan, 0, sizeof(*plan));
	if ((rc = sb_isolation_check(iso, err)))
		return rc;
	plan->abi = abi > SB_LL_ABI_KNOWN ? SB_LL_ABI_KNOWN : abi;
	if (iso->isolate == SB_ISOLATE_OFF)
		return SANDBOX_OK;
	const char *asked = iso->fs_restricted ? "filesystem rules"
			    : sb_isolation_has_rules(iso) ? "port rules"
			    : iso->isolate == SB_ISOLATE_ON ? iso->isolate_where : NULL;
	if (plan->abi <= 0) {
		if (asked)
			return sb_fail(err, SANDBOX_ELOAD, "%s: this kernel offers no Landlock (not "
				       "built, or not in the lsm= boot list), so the program would run "
				       "unconfined by them (accepted: a kernel with Landlock, or "
				       "SANDBOX_ISOLATE unset for seccomp alone)", asked);
		snprintf(plan->warning, sizeof(plan->warning), "this kernel offers no Landlock: the "
			 "program can still reach other processes of its user (seccomp alone; "
			 "SANDBOX_ISOLATE=0 says so on purpose)");
		return SANDBOX_OK;
	}
	if ((iso->connect_restricted || iso->bind_restricted) && plan->abi < 4)
		return sb_fail(err, SANDBOX_ELOAD, "TCP port rules need Landlock ABI 4 (Linux 6.7); "
			       "this kernel offers ABI %d (accepted: no SANDBOX_NET_*/@net-* here)",
			       plan->abi);
	struct sb_ll_ruleset_attr *a = &plan->attr;
	if (iso->fs_restricted)
		a->handled_access_fs = sb_landlock_fs_rights(plan->abi);
	if (iso->connect_restricted)
		a->handled_access_net |= SB_LL_NET_CONNECT_TCP;
	if (iso->bind_restricted)
		a->handled_access_net |= SB_LL_NET_BIND_TCP;
	if (plan->abi >= 6)
		a->scoped = SB_LL_SCOPE_ABSTRACT_UNIX_SOCKET | SB_LL_SCOPE_SIGNAL;
	else if (!a->handled_access_fs && !a->handled_access_net)
		/* Any domain keeps ptrace and /proc/PID/mem of outside processes out of reach;
		 * a ruleset must handle something, and making block devices is refused to
		 * unprivileged programs anyway. */
		a->handled_access_fs = SB_LL_FS_MAKE_BLOCK;
	plan->attr_size = plan->abi >= 6 ? sizeof(*a) : plan->abi >= 4 ? 16 : 8;
	/* Refusals reach the audit log (when audit is on) from every program of the
	 * sandbox, not only the first. */
	if (plan->abi >= 7)
		plan->restrict_flags = SB_LL_RESTRICT_SELF_LOG_NEW_EXEC_ON;
	plan->enter = true;
	return SANDBOX_OK;
}

/* procfs counts a process's threads in the link count of /proc/self/task (2 + one per
 * thread): one stat, where /proc/self/status is a page of text formatted for us. */
static long threads_in_proc(void)
{
	struct stat task;
	if (sb_raw_syscall(SYS_newfstatat, AT_FDCWD, (long)"/proc/self/task", (long)&task, 0, 0) == 0 &&
	    task.st_nlink >= 3)
		return (long)task.st_nlink - 2;
	char status[4096];
	long long threads = sb_read_proc_status(0, status, sizeof(status)) ?
			    sb_status_number(status, "Threads", 10) : -1;
	return threads > 0 ? (long)threads : 0;
}

long sb_thread_count(void)
{
	/* unshare(CLONE_THREAD) changes nothing, and the kernel refuses it with EINVAL exactly
	 * when the thread group has another member, however that thread was started: the
	 * answer for one thread without a path walk in /proc (the first lookup of /proc/self
	 * in a new process costs about 40 us, a twentieth of a program's start). Refused (more
	 * threads, or an enclosing filter's errno), /proc counts them. */
	if (sb_raw_syscall(SYS_unshare, CLONE_THREAD, 0, 0, 0, 0) == 0)
		return 1;
	return threads_in_proc();
}

static int add_path_rule(long ruleset, const struct sb_fs_rule *r, const struct sb_landlock_plan *plan,
			 struct sandbox_error *err)
{
	struct stat st;
	long fd = open_path(r->path), rc;
	if (fd < 0)
		return sb_fail(err, SANDBOX_ECONFIG, "%s: '%s': %s (accepted: paths that exist and "
			       "can be opened)", r->where, r->path, strerror((int)-fd));
	rc = sb_raw_syscall(SYS_fstat, fd, (long)&st, 0, 0, 0);
	if (rc == 0) {
		struct sb_ll_path_beneath pb = {
			.allowed_access = sb_landlock_rule_rights(r->kind, plan->abi, S_ISDIR(st.st_mode)) &
					  plan->attr.handled_access_fs,
			.parent_fd = (int32_t)fd };
		rc = sb_raw_syscall(SYS_landlock_add_rule, ruleset, SB_LL_RULE_PATH_BENEATH, (long)&pb, 0, 0);
	}
	sb_raw_syscall(SYS_close, fd, 0, 0, 0, 0);
	if (rc < 0)
		return sb_fail(err, SANDBOX_ELOAD, "%s: landlock_add_rule for '%s': %s", r->where,
			       r->path, strerror((int)-rc));
	return SANDBOX_OK;
}

static int add_port_rules(long ruleset, const uint16_t *ports, size_t n, uint64_t access,
			  struct sandbox_error *err)
{
	for (size_t i = 0; i < n; i++) {
		struct sb_ll_net_port np = { .allowed_access = access, .port = ports[i] };
		long rc = sb_raw_syscall(SYS_landlock_add_rule, ruleset, SB_LL_RULE_NET_PORT, (long)&np, 0, 0);
		if (rc < 0)
			return sb_fail(err, SANDBOX_ELOAD, "landlock_add_rule for TCP port %u: %s",
				       ports[i], strerror((int)-rc));
	}
	return SANDBOX_OK;
}

int sb_landlock_enter(const struct sb_isolation *iso, const struct sb_landlock_plan *plan,
		      struct sandbox_error *err)
{
	if (!plan->enter)
		return SANDBOX_OK;
	long threads = sb_thread_count();
	if (threads == 0)
		return sb_fail(err, SANDBOX_ELOAD, "isolation: /proc/self/status gives no thread count, "
			       "and a Landlock domain binds only the thread that enters it (accepted: "
			       "/proc mounted, or SANDBOX_ISOLATE=0 without filesystem or port rules)");
	if (threads != 1)
		return sb_fail(err, SANDBOX_ELOAD, "isolation: the process runs %ld threads before "
			       "main, and a Landlock domain binds only the thread that enters it, so "
			       "the others would stay unisolated (accepted: no thread started before "
			       "main, or SANDBOX_ISOLATE=0 without filesystem or port rules)", threads);
	long ruleset = sb_raw_syscall(SYS_landlock_create_ruleset, (long)&plan->attr,
				      (long)plan->attr_size, 0, 0, 0);
	if (ruleset < 0)
		return sb_fail(err, SANDBOX_ELOAD, "landlock_create_ruleset (ABI %d): %s", plan->abi,
			       strerror((int)-ruleset));
	int rc = SANDBOX_OK;
	for (size_t i = 0; rc == SANDBOX_OK && i < iso->n_fs; i++)
		rc = add_path_rule(ruleset, &iso->fs[i], plan, err);
	if (rc == SANDBOX_OK && iso->connect_restricted)
		rc = add_port_rules(ruleset, iso->connect, iso->n_connect, SB_LL_NET_CONNECT_TCP, err);
	if (rc == SANDBOX_OK && iso->bind_restricted)
		rc = add_port_rules(ruleset, iso->bind, iso->n_bind, SB_LL_NET_BIND_TCP, err);
	if (rc == SANDBOX_OK) {
		/* Without no_new_privs an unprivileged process may not restrict itself. */
		long r = sb_raw_syscall(SYS_prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
		if (r == 0)
			r = sb_raw_syscall(SYS_landlock_restrict_self, ruleset, plan->restrict_flags, 0,
					   0, 0);
		if (r < 0)
			rc = sb_fail(err, SANDBOX_ELOAD, "landlock_restrict_self: %s", strerror((int)-r));
	}
	sb_raw_syscall(SYS_close, ruleset, 0, 0, 0, 0);
	return rc;
}

/* ---- describing ------------------------------------------------------------------ */

static void describe_ports(const char *verb, const uint16_t *ports, size_t n,
			   void (*line)(void *ctx, const char *text), void *ctx)
{
	char buf[512];
	size_t o = (size_t)snprintf(buf, sizeof(buf), "isolation: TCP %s only to port%s", verb,
				    n == 1 ? "" : "s");
	for (size_t i = 0; i < n && o < sizeof(buf); i++)
		o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s %u", i ? "," : "", ports[i]);
	if (n == 0)
		snprintf(buf, sizeof(buf), "isolation: TCP %s refused to every port", verb);
	line(ctx, buf);
}

void sb_isolation_describe(const struct sb_isolation *iso, const struct sb_landlock_plan *plan,
			   void (*line)(void *ctx, const char *text), void *ctx)
{
	char buf[PATH_MAX + 128];
	if (iso->isolate == SB_ISOLATE_OFF) {
		line(ctx, "isolation: off (other processes of the user stay reachable)");
		return;
	}
	if (!plan->enter) {
		snprintf(buf, sizeof(buf), "isolation: none: %s", plan->warning);
		line(ctx, buf);
		return;
	}
	snprintf(buf, sizeof(buf), "isolation: Landlock ABI %d: processes outside the sandbox "
		 "cannot be traced or have their memory opened%s", plan->abi, plan->abi >= 6 ?
		 ", nor be signalled or reached by abstract unix socket" : " (signals can still "
		 "reach them: scoping needs ABI 6)");
	line(ctx, buf);
	for (size_t i = 0; i < iso->n_fs; i++) {
		snprintf(buf, sizeof(buf), "isolation: %s beneath %s (%s)", iso->fs[i].kind ==
			 SB_FS_READ ? "read and execute" : "read, write, create, remove",
			 iso->fs[i].path, iso->fs[i].where);
		line(ctx, buf);
	}
	if (iso->fs_restricted)
		line(ctx, "isolation: every other path refused with EACCES");
	if (iso->connect_restricted)
		describe_ports("connect", iso->connect, iso->n_connect, line, ctx);
	if (iso->bind_restricted)
		describe_ports("bind", iso->bind, iso->n_bind, line, ctx);
}
