/*
 * libsandbox.so: SIGSYS stays deliverable. The report (lib/report.c) is a SIGSYS handler,
 * and the kernel resets a blocked SIGSYS to its default action when a filter traps: a
 * program that blocks every signal in a worker thread, or SIGSYS alone, would die without
 * a word. So, once the report is installed in this process, the C library's calls that block
 * signals leave SIGSYS out of the set: sigprocmask, pthread_sigmask, a handler's sa_mask
 * (sigaction), and posix_spawn's mask for a child. Everything else they do is the C
 * library's own (reached through RTLD_NEXT). A program that blocks SIGSYS with the raw
 * rt_sigprocmask system call is not seen here: it still dies by SIGSYS, silently.
 *
 * These definitions carry glibc's own version names (libsandbox.version) so that a
 * program's versioned references bind to them; they are linked into libsandbox.so alone,
 * never into the tools, which would otherwise take them from the archive.
 */
#include "report.h"

#include <dlfcn.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>

/* The C library's definitions: looked up when the report is installed, before the filter
 * is loaded (so whatever dlsym needs is still allowed), and on first use should a call
 * come earlier (another library's constructor). */
static __typeof__(&sigprocmask) next_sigprocmask;
static __typeof__(&pthread_sigmask) next_pthread_sigmask;
static __typeof__(&sigaction) next_sigaction;
static __typeof__(&posix_spawnattr_setsigmask) next_posix_spawnattr_setsigmask;

#define FIND(name) (next_##name = (__typeof__(&name))dlsym(RTLD_NEXT, #name))
#define NEXT(name) __typeof__(&name) next = next_##name ? next_##name : FIND(name)

void sb_report_wrappers_ready(void)
{
	FIND(sigprocmask);
	FIND(pthread_sigmask);
	FIND(sigaction);
	FIND(posix_spawnattr_setsigmask);
}

static const sigset_t *leave_sigsys(const sigset_t *set, sigset_t *copy)
{
	if (!set || !sb_report_installed() || !sigismember(set, SIGSYS))
		return set;
	*copy = *set;
	sigdelset(copy, SIGSYS);
	return copy;
}

int sigprocmask(int how, const sigset_t *set, sigset_t *old)
{
	NEXT(sigprocmask);
	sigset_t copy;
	return next(how, how == SIG_UNBLOCK ? set : leave_sigsys(set, &copy), old);
}

int pthread_sigmask(int how, const sigset_t *set, sigset_t *old)
{
	NEXT(pthread_sigmask);
	sigset_t copy;
	return next(how, how == SIG_UNBLOCK ? set : leave_sigsys(set, &copy), old);
}

int sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{
	NEXT(sigaction);
	/* SIGSYS's own handler keeps its mask: the report relies on SIGSYS being blocked
	 * while it runs (and the filter refuses other handlers for SIGSYS anyway). */
	if (act && sig != SIGSYS && sb_report_installed() && sigismember(&act->sa_mask, SIGSYS)) {
		struct sigaction copy = *act;
		sigdelset(&copy.sa_mask, SIGSYS);
		return next(sig, &copy, old);
	}
	return next(sig, act, old);
}

int posix_spawnattr_setsigmask(posix_spawnattr_t *attr, const sigset_t *mask)
{
	NEXT(posix_spawnattr_setsigmask);
	sigset_t copy;
	return next(attr, leave_sigsys(mask, &copy));
}
