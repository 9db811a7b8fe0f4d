/* Installing a compiled filter on the calling process. */
#include "load.h"
#include "raw_syscall.h"
#include "util.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

long sb_tracer_pid(void)
{
	char status[4096];
	long long pid = sb_read_proc_status(0, status, sizeof(status)) ?
			sb_status_number(status, "TracerPid", 10) : -1;
	return pid > 0 ? (long)pid : 0;
}

/* Whether prog can return SECCOMP_RET_TRACE (a return of the accumulator can be anything). */
static bool may_hand_to_tracer(const struct sb_program *prog)
{
	for (size_t i = 0; i < prog->len; i++) {
		const struct sock_filter *in = &prog->insns[i];
		if (in->code == (BPF_RET | BPF_A) ||
		    (in->code == (BPF_RET | BPF_K) &&
		     (in->k & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_TRACE))
			return true;
	}
	return false;
}

int sb_check_trace(const struct sb_program *prog, bool traced, struct sandbox_error *err)
{
	/* The trace action hands a call to whoever traces the process: one attached after
	 * the filter loads, even a child the program starts with PTRACE_O_TRACESECCOMP,
	 * would let every refused call run. */
	if (!traced && may_hand_to_tracer(prog))
		return sb_fail(err, SANDBOX_ECONFIG, "the trace action hands refused calls to a "
			       "tracer, and this process has none, so any process that attaches "
			       "later could let them run (accepted: trace only under a tracer, such "
			       "as sandbox-policy learn; kill, trap, errno or log otherwise)");
	return SANDBOX_OK;
}

int sb_load(const struct sb_program *prog, struct sandbox_error *err)
{
	struct sock_fprog fprog = { .len = (unsigned short)prog->len, .filter = prog->insns };
	int refused = sb_check_trace(prog, may_hand_to_tracer(prog) && sb_tracer_pid() > 0, err);
	if (refused)
		return refused;

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
