/* The start-up allowance added to a policy for sandboxify --preload. */
#include "guard.h"
#include "syscalls.h"
#include "util.h"

const char *const sb_guard_syscalls[] = {
	/* ld.so: finding, mapping and relocating libraries */
	"access", "openat", "read", "pread64", "newfstatat", "fstat", "close", "mmap", "munmap",
	"mprotect", "brk",
	/* ld.so reports a library it cannot preload with writev, then carries on */
	"writev",
	/* libc start-up: TLS, thread and robust-futex registration, rseq, stack limit,
	 * malloc's random seed */
	"arch_prctl", "set_tid_address", "set_robust_list", "rseq", "prlimit64", "getrandom",
	/* libsandbox.so's constructor: the "adding ..." lines, no_new_privs, loading;
	 * exit_group for its fail-closed exit (getrandom above also seeds its report) */
	"seccomp", "write", "prctl", "exit_group",
	/* ... for the blocked-syscall report, its SIGSYS handler; and the scratch pages it
	 * built the filter in, returned before loading */
	"rt_sigaction", "madvise",
	NULL,
};

int sb_guard_policy(struct sb_policy *policy, struct sandbox_error *err)
{
	for (size_t i = 0; sb_guard_syscalls[i]; i++) {
		int nr = sb_syscall_number(sb_guard_syscalls[i]);
		if (nr < 0)
			return sb_fail(err, SANDBOX_EINTERNAL, "guard syscall %s unknown to libseccomp",
				       sb_guard_syscalls[i]);
		struct sb_rule *r = sb_policy_rule(policy, nr, SECCOMP_RET_ALLOW);
		if (!r)
			return sb_fail(err, SANDBOX_ENOMEM, "out of memory");
		sb_rule_make_unconditional(r, SECCOMP_RET_ALLOW);
	}
	sb_policy_finish(policy);
	return SANDBOX_OK;
}
