/*
 * libsandbox.so: SIGSYS stays deliverable. The report (lib/report.c) is a SIGSYS handler,
 * and the kernel resets a blocked SIGSYS to its default action when a filter traps: a
 * program that blocks every signal in a worker thread, or SIGSYS alone, would die without
 * a word. So, once the report is installed in this process, the C library's calls that block
 * signals leave SIGSYS out of the set: sigprocmask, pthread_sigmask, a handler's sa_mask
 * (sigaction), and posix_spawn's mask for a child. Everything else they do is glibc
 * 2.36's own: sigaction through the __sigaction it exports, the masks as its code sets
 * them (written out here rather than looked up with dlsym, which cost microseconds at
 * every start-up with the report). A program that blocks SIGSYS with the raw
 * rt_sigprocmask system call is not seen here: it still dies by SIGSYS, silently.
 *
 * These definitions carry glibc's own version names (libsandbox.version) so that a
 * program's versioned references bind to them; they are linked into libsandbox.so alone,
 * never into the tools, which would otherwise take them from the archive.
 */
#include "raw_syscall.h"
#include "report.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>

/* The C library's own sigaction, under the name it exports for callers like this one. */
extern int __sigaction(int sig, const struct sigaction *act, struct sigaction *old);

static const sigset_t *leave_sigsys(const sigset_t *set, sigset_t *copy)
{
	if (!set || !sb_report_installed() || !sigismember(set, SIGSYS))
		return set;
	*copy = *set;
	sigdelset(copy, SIGSYS);
	return copy;
}

/* glibc 2.36's pthread_sigmask, which its sigprocmask calls: the C library's two internal
 * signals (32, SIGCANCEL, and 33, SIGSETXID) are never blocked, then rt_sigprocmask with
 * the kernel's 8-byte set. Returns 0 or an error number. */
static int set_mask(int how, const sigset_t *set, sigset_t *old)
{
	const unsigned long internal = 3UL << 31;   /* bits of signals 32 and 33 */
	sigset_t local;
	if (set && (set->__val[0] & internal)) {
		local = *set;
		local.__val[0] &= ~internal;
		set = &local;
	}
	long rc = sb_raw_syscall(SYS_rt_sigprocmask, how, (long)set, (long)old, 8, 0);
	return rc < 0 ? (int)-rc : 0;
}

int sigprocmask(int how, const sigset_t *set, sigset_t *old)
{
	sigset_t copy;
	int e = set_mask(how, how == SIG_UNBLOCK ? set : leave_sigsys(set, &copy), old);
	if (e) {
		errno = e;
		return -1;
	}
	return 0;
}

int pthread_sigmask(int how, const sigset_t *set, sigset_t *old)
{
	sigset_t copy;
	return set_mask(how, how == SIG_UNBLOCK ? set : leave_sigsys(set, &copy), old);
}

int sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{
	/* SIGSYS's own handler keeps its mask: the report relies on SIGSYS being blocked
	 * while it runs (and the filter refuses other handlers for SIGSYS anyway). */
	if (act && sig != SIGSYS && sb_report_installed() && sigismember(&act->sa_mask, SIGSYS)) {
		struct sigaction copy = *act;
		sigdelset(&copy.sa_mask, SIGSYS);
		return __sigaction(sig, &copy, old);
	}
	return __sigaction(sig, act, old);
}

/* As glibc's: the mask is copied into the attributes. */
int posix_spawnattr_setsigmask(posix_spawnattr_t *attr, const sigset_t *mask)
{
	sigset_t copy;
	attr->__ss = *leave_sigsys(mask, &copy);
	return 0;
}
