#include "report.h"
#include "report_data.h"
#include "syscalls.h"
#include "util.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <assert.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <unistd.h>


#define report sb_report_data

/* What the report keeps for the life of the process beside its data. installed: the
 * handler is in place in this process; inherited: the data (and cookie) came from
 * SECCOMP_REPORT_INHERITED; prepared: this process built its own from a policy. The
 * exported variable, and the environment array made when it is new. In .data, not .bss:
 * the dynamic loader has written that page already (relocating it), so what a start
 * touches here (the flags, the array and the value's first bytes) costs no page fault,
 * where fresh .bss pages cost one each, and two for a page read before it is written. */
#define EXPORTED_VALUE_MAX (sizeof(SB_REPORT_INHERITED_VAR) + 32 + SB_REPORT_NR_LIMIT * 16 + 256)
static struct {
	bool installed, inherited, prepared;
	char *environ[256];
	/* Sized for the worst case: a run per number, every number a sibling pair. */
	char value[EXPORTED_VALUE_MAX];
} kept __attribute__((section(".data")));

static_assert(SB_REPORT_NR_LIMIT == SB_NR_LIMIT, "report tables cover every syscall number");

/* Calls that glibc or the kernel use in place of an older one: when the older is allowed
 * and the newer is refused, the allow list was most likely written from old documentation
 * or another libc. Pairs are (allowed, refused), native numbers like every table here.
 * Not policy_lint.c's groups: those are calls with the same effect (read and pread64,
 * kill and tgkill), which a deny list must refuse together; these are the replacements a
 * C library made, the only ones a hint about "this libc" may name. */
static const short siblings[][2] = {
	{ SYS_fstat, SYS_newfstatat }, { SYS_stat, SYS_newfstatat }, { SYS_lstat, SYS_newfstatat },
	{ SYS_stat, SYS_statx }, { SYS_fstat, SYS_statx }, { SYS_lstat, SYS_statx },
	{ SYS_newfstatat, SYS_statx }, { SYS_statx, SYS_newfstatat }, { SYS_open, SYS_openat },
	{ SYS_openat, SYS_openat2 }, { SYS_open, SYS_openat2 }, { SYS_creat, SYS_openat },
	{ SYS_access, SYS_faccessat }, { SYS_access, SYS_faccessat2 },
	{ SYS_faccessat, SYS_faccessat2 }, { SYS_readlink, SYS_readlinkat },
	{ SYS_unlink, SYS_unlinkat }, { SYS_rmdir, SYS_unlinkat }, { SYS_mkdir, SYS_mkdirat },
	{ SYS_rename, SYS_renameat }, { SYS_rename, SYS_renameat2 }, { SYS_renameat, SYS_renameat2 },
	{ SYS_link, SYS_linkat }, { SYS_symlink, SYS_symlinkat }, { SYS_chmod, SYS_fchmodat },
	{ SYS_chown, SYS_fchownat }, { SYS_lchown, SYS_fchownat }, { SYS_mknod, SYS_mknodat },
	{ SYS_getdents, SYS_getdents64 }, { SYS_select, SYS_pselect6 }, { SYS_poll, SYS_ppoll },
	{ SYS_epoll_wait, SYS_epoll_pwait }, { SYS_epoll_pwait, SYS_epoll_pwait2 },
	{ SYS_epoll_create, SYS_epoll_create1 }, { SYS_dup2, SYS_dup3 }, { SYS_pipe, SYS_pipe2 },
	{ SYS_eventfd, SYS_eventfd2 }, { SYS_signalfd, SYS_signalfd4 },
	{ SYS_inotify_init, SYS_inotify_init1 }, { SYS_accept, SYS_accept4 }, { SYS_fork, SYS_clone },
	{ SYS_vfork, SYS_clone }, { SYS_clone, SYS_clone3 }, { SYS_wait4, SYS_waitid },
	{ SYS_time, SYS_clock_gettime }, { SYS_gettimeofday, SYS_clock_gettime },
	{ SYS_nanosleep, SYS_clock_nanosleep }, { SYS_utime, SYS_utimensat },
	{ SYS_utimes, SYS_utimensat }, { SYS_futimesat, SYS_utimensat },
	{ SYS_getrlimit, SYS_prlimit64 }, { SYS_setrlimit, SYS_prlimit64 },
	{ SYS_sendfile, SYS_copy_file_range },
};

int sb_report_parse(const char *value, bool *on, struct sandbox_error *err)
{
	*on = true;
	if (!value || !strcmp(value, "") || !strcmp(value, "1"))
		return 0;
	if (!strcmp(value, "0")) {
		*on = false;
		return 0;
	}
	return sb_fail(err, SANDBOX_ECONFIG, "SECCOMP_REPORT: '%.40s' (accepted: 1 to name a blocked "
		       "syscall before the process dies, 0 for a silent kill)", value);
}

static bool is_kill(uint32_t action)
{
	return (action & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_KILL_PROCESS;
}

static bool is_trap(uint32_t action)
{
	return (action & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_TRAP;
}

bool sb_report_applicable(const struct sb_policy *p)
{
	/* Nothing to report without a kill; the report's extra cases (which fake
	 * rt_sigaction(SIGSYS)) would then only change what learn mode sees. */
	bool kills = is_kill(p->default_action);
	if (is_trap(p->default_action))
		return false;
	for (size_t i = 0; i < p->n_rules; i++) {
		const struct sb_rule *r = &p->rules[i];
		if (is_trap(r->fallback))
			return false;
		kills |= is_kill(r->fallback);
		for (size_t c = 0; c < r->n_cases; c++) {
			if (is_trap(r->cases[c].action))
				return false;
			kills |= is_kill(r->cases[c].action);
		}
	}
	return kills;
}

static uint32_t converted(uint32_t action)
{
	return is_kill(action) ? SECCOMP_RET_TRAP | SB_REPORT_TRAP_DATA : action;
}

static bool refused_unconditionally(const struct sb_policy *p, int nr)
{
	const struct sb_rule *r = sb_policy_find(p, nr);
	if (!r)
		return is_kill(p->default_action);
	return r->n_cases == 0 && is_kill(r->fallback);
}

static bool allowed_somehow(const struct sb_policy *p, int nr)
{
	const struct sb_rule *r = sb_policy_find(p, nr);
	if (!r)
		return p->default_action == SECCOMP_RET_ALLOW;
	if (r->fallback == SECCOMP_RET_ALLOW)
		return true;
	for (size_t c = 0; c < r->n_cases; c++)
		if (r->cases[c].action == SECCOMP_RET_ALLOW)
			return true;
	return false;
}

/* Whether some path of nr's rule lets the call run: allow, and also log, trace and user
 * notification, which all execute it. */
static bool lets_run(uint32_t action)
{
	uint32_t a = action & SECCOMP_RET_ACTION_FULL;
	return a == SECCOMP_RET_ALLOW || a == SECCOMP_RET_LOG || a == SECCOMP_RET_TRACE ||
	       a == SECCOMP_RET_USER_NOTIF;
}

static bool may_run(const struct sb_policy *p, int nr)
{
	const struct sb_rule *r = sb_policy_find(p, nr);
	if (!r)
		return lets_run(p->default_action);
	if (lets_run(r->fallback))
		return true;
	for (size_t c = 0; c < r->n_cases; c++)
		if (lets_run(r->cases[c].action))
			return true;
	return false;
}

/* Prepend a case to nr's rule (creating the rule with the default as fallback). */
static int prepend_case(struct sb_policy *p, int nr, const struct sb_clause *clauses,
			size_t n_clauses, uint32_t action)
{
	struct sb_rule *r = sb_policy_rule(p, nr, p->default_action);
	if (!r || sb_rule_prepend_case(r, clauses, n_clauses, action))
		return -ENOMEM;
	return 0;
}

static void record_reasons(const struct sb_policy *p, bool allow_list, bool deny_list)
{
	uint8_t named = allow_list ? SB_REASON_NOT_ALLOWED : deny_list ? SB_REASON_DENIED :
			SB_REASON_POLICY;
	/* The numbers without a rule first, all at once; then each rule's own. */
	memset(report.reason, is_kill(p->default_action) ? named : SB_REASON_NONE,
	       sizeof(report.reason));
	memset(report.sibling, 0xff, sizeof(report.sibling));   /* -1: none */
	for (size_t i = 0; i < p->n_rules; i++) {
		const struct sb_rule *r = &p->rules[i];
		report.reason[r->nr] = r->n_cases ? SB_REASON_ARGUMENTS :
				       is_kill(r->fallback) ? named : SB_REASON_NONE;
	}
	for (size_t i = 0; i < sizeof(siblings) / sizeof(siblings[0]); i++) {
		int allowed = siblings[i][0], refused = siblings[i][1];
		if (report.sibling[refused] < 0 && allowed_somehow(p, allowed) &&
		    refused_unconditionally(p, refused))
			report.sibling[refused] = (int16_t)allowed;
	}
}

int sb_report_prepare(struct sb_policy *p, struct sandbox_error *err)
{
	kept.prepared = true;
	uint8_t inherited_reason[SB_REPORT_NR_LIMIT];
	if (kept.inherited)
		memcpy(inherited_reason, report.reason, sizeof(inherited_reason));
	/* syscall(), not getrandom(): its page of libc is in already, for seccomp(). */
	if (kept.inherited)
		;   /* the inherited filter's openings know only its cookie */
	else if (syscall(SYS_getrandom, &report.cookie, sizeof(report.cookie), GRND_NONBLOCK) !=
		 (long)sizeof(report.cookie)) {
		/* Early in boot the pool may not be ready; AT_RANDOM is 16 fresh bytes per exec. */
		const uint64_t *at_random = (const uint64_t *)getauxval(AT_RANDOM);
		if (!at_random)
			return sb_fail(err, SANDBOX_EINTERNAL, "no randomness for the report cookie");
		report.cookie = at_random[1] ^ (uint64_t)(uintptr_t)&report;
	}
	/* Not snprintf: printf's code would be paged in at every start-up for this copy. */
	size_t origin_len = strnlen(p->origin, sizeof(report.origin) - 1);
	memcpy(report.origin, p->origin, origin_len);
	report.origin[origin_len] = '\0';
	record_reasons(p, !strcmp(p->origin, "SECCOMP_SYSCALL_ALLOW"),
		       !strcmp(p->origin, "SECCOMP_SYSCALL_DENY"));
	for (int nr = 0; kept.inherited && nr < SB_NR_LIMIT; nr++)
		if (report.reason[nr] == SB_REASON_NONE && inherited_reason[nr] != SB_REASON_NONE)
			report.reason[nr] = SB_REASON_INHERITED;

	/* The line's write is let through only where write itself would be killed: a policy
	 * that refuses write with an errno meant it, and then the line is lost (the kill
	 * still happens). */
	const struct sb_rule *w = sb_policy_find(p, SYS_write);
	bool write_kills = w ? is_kill(w->fallback) : is_kill(p->default_action);
	for (size_t c = 0; w && c < w->n_cases; c++)
		write_kills |= is_kill(w->cases[c].action);

	p->default_action = converted(p->default_action);
	p->foreign_action = SECCOMP_RET_TRAP | SB_REPORT_FOREIGN_DATA;
	for (size_t i = 0; i < p->n_rules; i++) {
		struct sb_rule *r = &p->rules[i];
		r->fallback = converted(r->fallback);
		for (size_t c = 0; c < r->n_cases; c++)
			r->cases[c].action = converted(r->cases[c].action);
	}
	/* One line to stderr: a program that finds the cookie in its memory gets no more. */
	struct sb_atom report_write[] = {
		{ .arg = 0, .op = SB_OP_EQ, .value = STDERR_FILENO },
		{ .arg = 2, .op = SB_OP_LE, .value = SB_REPORT_LINE_MAX },
		{ .arg = 3, .op = SB_OP_EQ, .value = report.cookie },
	};
	/* The kernel reads the signal as an int: a number with bits above 31 set is SIGSYS
	 * too when its low word is, so any such number is caught as well. */
	struct sb_atom sigsys_exact[] = {
		{ .arg = 0, .op = SB_OP_EQ, .value = SIGSYS },
		{ .arg = 1, .op = SB_OP_NE, .value = 0 },
	};
	struct sb_atom sigsys_wide[] = {
		{ .arg = 0, .op = SB_OP_GT, .value = UINT32_MAX },
		{ .arg = 1, .op = SB_OP_NE, .value = 0 },
	};
	struct sb_clause sigsys_handler[] = {
		{ .atoms = sigsys_exact, .n_atoms = 2 },
		{ .atoms = sigsys_wide, .n_atoms = 2 },
	};
	/* The report's own installation in a program started inside (report_inherit.c):
	 * checked before the fake above, and whatever the policy says of rt_sigaction. */
	struct sb_atom handler_gate[] = {
		{ .arg = 0, .op = SB_OP_EQ, .value = SIGSYS },
		{ .arg = 3, .op = SB_OP_EQ, .value = sizeof(uint64_t) },
		{ .arg = 4, .op = SB_OP_EQ, .value = report.cookie },
	};
	int rc = 0;
	if (write_kills)
		rc = prepend_case(p, SYS_write, &(struct sb_clause){ report_write, 3 }, 1,
				  SECCOMP_RET_ALLOW);
	if (!rc && may_run(p, SYS_rt_sigaction))
		rc = prepend_case(p, SYS_rt_sigaction, sigsys_handler, 2, SECCOMP_RET_ERRNO | 0);
	if (!rc)
		rc = prepend_case(p, SYS_rt_sigaction, &(struct sb_clause){ handler_gate, 3 }, 1,
				  SECCOMP_RET_ALLOW);
	if (rc)
		return sb_fail(err, SANDBOX_ENOMEM, "out of memory preparing the blocked-syscall report");
	sb_policy_finish(p);
	return SANDBOX_OK;
}

bool sb_report_installed(void)
{
	return kept.installed;
}

int sb_report_inherit(const char *value, struct sandbox_error *err)
{
	int rc = sb_report_decode(value, &report, err);
	kept.inherited = rc == SANDBOX_OK;
	return rc;
}

/* report_handler.c */
void sb_report_restorer(void);

int sb_report_install(struct sandbox_error *err)
{
	/* The system call itself, not sigaction(): the cookie in its fifth argument is what an
	 * inherited filter lets through (the C library has no way to pass it). Every signal
	 * blocked while the handler runs: nothing interrupts the report. */
	struct sb_kernel_sigaction act = {
		.handler = (unsigned long)sb_report_handler,
		.flags = SA_SIGINFO | SA_RESTORER,
		.restorer = (unsigned long)sb_report_restorer,
		.mask = ~(uint64_t)0,
	}, now = { 0 };
	if (syscall(SYS_rt_sigaction, SIGSYS, &act, NULL, sizeof(act.mask), report.cookie) ||
	    syscall(SYS_rt_sigaction, SIGSYS, NULL, &now, sizeof(now.mask)))
		return sb_fail(err, SANDBOX_EINTERNAL, "cannot install the SIGSYS report handler: %s",
			       strerror(errno));
	/* An inherited filter fakes the call for any other cookie: a forged or stale
	 * SECCOMP_REPORT_INHERITED. Its kills then stay silent, which is all it can change. */
	if (now.handler != act.handler)
		return SANDBOX_OK;
	kept.installed = true;
	return SANDBOX_OK;
}

int sb_report_export(struct sandbox_error *err)
{
	if (kept.inherited && !kept.prepared)
		return SANDBOX_OK;   /* the environment carries it already, as it came */
	char *value = kept.value;
	size_t name = sizeof(SB_REPORT_INHERITED_VAR) - 1;
	memcpy(value, SB_REPORT_INHERITED_VAR "=", name + 1);
	if (sb_report_encode(&report, value + name + 1, sizeof(kept.value) - name - 1) >=
	    sizeof(kept.value) - name - 1)
		return sb_fail(err, SANDBOX_EINTERNAL, "the report is too large to pass on");
	/* The static buffer becomes the entry, without the C library's setenv: it would
	 * allocate, and a program whose policy allows the allocator's calls keeps its heap
	 * untouched until main (the library's own allocations are in its scratch region). */
	char **e = environ;
	size_t n = 0;
	for (; e && e[n]; n++)
		if (!strncmp(e[n], value, name + 1)) {
			e[n] = value;
			return SANDBOX_OK;
		}
	char **grown = kept.environ;
	if (n + 2 <= sizeof(kept.environ) / sizeof(kept.environ[0])) {
		if (n)
			memcpy(grown, e, n * sizeof(*e));
		grown[n] = value;
		grown[n + 1] = NULL;
		environ = grown;
	} else if (putenv(value)) {
		return sb_fail(err, SANDBOX_ENOMEM, "putenv(" SB_REPORT_INHERITED_VAR "): %s",
			       strerror(errno));
	}
	return SANDBOX_OK;
}
