/* Installing a compiled filter on the calling process. */
#include "policy.h"
#include "raw_syscall.h"

#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int sb_load(const struct sb_program *prog, struct sandbox_error *err)
{
	struct sock_fprog fprog = { .len = (unsigned short)prog->len, .filter = prog->insns };

	if (prog->len == 0 || prog->len > BPF_MAXINSNS)
		return sb_fail(err, SANDBOX_ELOAD, "filter of %zu instructions (the kernel takes 1 to %d)",
			       prog->len, BPF_MAXINSNS);
	/* Without no_new_privs an unprivileged process may not install a filter, and a
	 * set-user-ID exec could otherwise run with privileges under a filter it did not
	 * expect. */
	long rc = sb_raw_syscall(SYS_prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	if (rc < 0)
		return sb_fail(err, SANDBOX_ELOAD, "prctl(PR_SET_NO_NEW_PRIVS): %s", strerror((int)-rc));
	rc = sb_raw_syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC,
			    (long)&fprog, 0, 0);
	if (rc > 0)
		return sb_fail(err, SANDBOX_ELOAD,
			       "could not confine thread %ld: it runs under a different seccomp "
			       "filter, so the process would not be fully filtered", rc);
	if (rc < 0)
		return sb_fail(err, SANDBOX_ELOAD, "seccomp(SECCOMP_SET_MODE_FILTER): %s",
			       strerror((int)-rc));
	return SANDBOX_OK;
}
