/* The start-up allowance added to a policy for sandboxify --preload. */
#include "guard.h"
#include "syscalls.h"
#include "util.h"

#include <asm/prctl.h>
#include <fcntl.h>
#include <linux/prctl.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>

/* What the dynamic loader, libc start-up and libsandbox.so's constructor do before the
 * program's entry point (measured with strace on Debian 12, glibc 2.36), each call allowed
 * only with the arguments that start-up uses: files opened read-only, private mappings,
 * limits read not set, messages to fd 2 only, no_new_privs, filters added (which only
 * restrict). No socket, exec, process, signal or file creation. */
#define ANY { .n = 0 }
#define ONE(arg_, op_, value_) { .atoms = { { .arg = arg_, .op = op_, .value = value_ } }, .n = 1 }
#define TWO(a0, op0, v0, a1, op1, v1) \
	{ .atoms = { { .arg = a0, .op = op0, .value = v0 }, { .arg = a1, .op = op1, .value = v1 } }, .n = 2 }
static const struct {
	const char *name;
	struct { struct sb_atom atoms[2]; size_t n; } when;   /* n == 0: any arguments */
} startup[] = {
	{ "openat", ONE(2, SB_OP_IN, O_CLOEXEC | O_DIRECTORY | O_NONBLOCK | O_NOCTTY | O_LARGEFILE |
			O_NOFOLLOW) },
	{ "access", ANY }, { "read", ANY }, { "pread64", ANY }, { "newfstatat", ANY },
	{ "fstat", ANY }, { "close", ANY }, { "munmap", ANY }, { "mprotect", ANY }, { "brk", ANY },
	{ "mmap", ONE(3, SB_OP_IN, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_DENYWRITE |
		      MAP_NORESERVE | MAP_STACK | MAP_FIXED_NOREPLACE | MAP_POPULATE) },
	/* the loader's and the library's one-line errors */
	{ "writev", ONE(0, SB_OP_EQ, 2) }, { "write", ONE(0, SB_OP_EQ, 2) },
	{ "arch_prctl", ONE(0, SB_OP_EQ, ARCH_SET_FS) },
	{ "set_tid_address", ANY }, { "set_robust_list", ANY }, { "rseq", ANY },
	{ "prlimit64", ONE(2, SB_OP_EQ, 0) }, { "getrandom", ANY },
	{ "prctl", TWO(0, SB_OP_EQ, PR_SET_NO_NEW_PRIVS, 1, SB_OP_EQ, 1) },
	{ "seccomp", TWO(0, SB_OP_EQ, SECCOMP_SET_MODE_FILTER, 1, SB_OP_EQ, SECCOMP_FILTER_FLAG_TSYNC) },
	/* the library's report handler (the report's own case fakes a new one when the
	 * report is placed at exec), and the pages it built the filter in */
	{ "rt_sigaction", ONE(0, SB_OP_EQ, SIGSYS) }, { "madvise", ONE(2, SB_OP_EQ, MADV_DONTNEED) },
	{ "exit_group", ANY },
};

/* Allowed when the arguments match; appended, so the policy's own cases decide first
 * (a report's fake rt_sigaction(SIGSYS) among them). */
static int allow_when(struct sb_policy *policy, const char *name, const struct sb_atom *atoms,
		      size_t n, struct sandbox_error *err)
{
	int nr = sb_syscall_number(name);
	if (nr < 0)
		return sb_fail(err, SANDBOX_EINTERNAL, "guard syscall %s unknown", name);
	struct sb_rule *r = sb_policy_rule(policy, nr, policy->default_action);
	if (!r)
		return sb_fail(err, SANDBOX_ENOMEM, "out of memory");
	if (n == 0)
		sb_rule_make_unconditional(r, SECCOMP_RET_ALLOW);
	else if (sb_rule_add_case(r, &(struct sb_clause){ (struct sb_atom *)atoms, n }, 1,
				  SECCOMP_RET_ALLOW))
		return sb_fail(err, SANDBOX_ENOMEM, "out of memory");
	return SANDBOX_OK;
}

int sb_guard_policy(struct sb_policy *policy, struct sandbox_error *err)
{
	for (size_t i = 0; i < sizeof(startup) / sizeof(startup[0]); i++) {
		int rc = allow_when(policy, startup[i].name, startup[i].when.atoms,
				    startup[i].when.n, err);
		if (rc)
			return rc;
	}
	sb_policy_finish(policy);
	return SANDBOX_OK;
}

int sb_allow_entry_load(struct sb_policy *policy, struct sandbox_error *err)
{
	for (size_t i = 0; i < sizeof(startup) / sizeof(startup[0]); i++)
		if (!strcmp(startup[i].name, "seccomp")) {
			int rc = allow_when(policy, "seccomp", startup[i].when.atoms,
					    startup[i].when.n, err);
			if (rc == SANDBOX_OK)
				sb_policy_finish(policy);
			return rc;
		}
	return sb_fail(err, SANDBOX_EINTERNAL, "no seccomp in the guard");
}

const char *sb_guard_call(size_t i, const struct sb_atom **atoms, size_t *n)
{
	if (i >= sizeof(startup) / sizeof(startup[0]))
		return NULL;
	*atoms = startup[i].when.atoms;
	*n = startup[i].when.n;
	return startup[i].name;
}
