/* The launcher/helper pair that acts on a program at its exec stop. */
#include "launch.h"
#include "config.h"
#include "policy.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define MSG_ATTACHED 'A'
#define MSG_ERROR 'E'
#define MSG_GO 'g'

/* Close every descriptor except those listed (sorted ascending, -1 ends the list). */
static void close_all_except(const int *keep)
{
	unsigned lo = 0;
	for (; *keep >= 0; keep++) {
		if ((unsigned)*keep > lo)
			syscall(SYS_close_range, lo, (unsigned)*keep - 1, 0);
		lo = (unsigned)*keep + 1;
	}
	syscall(SYS_close_range, lo, ~0U, 0);
}

/* The helper's one message after attaching: `head` (its pid, or nothing), then "A", or "E"
 * and the error. */
static void helper_say(int fd, const void *head, size_t head_len, const char *fmt,
		       const char *detail)
{
	char msg[sizeof(pid_t) + 1100];
	memcpy(msg, head, head_len);
	size_t n = head_len;
	if (!fmt) {
		msg[n++] = MSG_ATTACHED;
	} else {
		msg[n++] = MSG_ERROR;
		int len = snprintf(msg + n, sizeof(msg) - n, fmt, detail);
		n += len < 0 ? 0 : (size_t)len < sizeof(msg) - n ? (size_t)len : sizeof(msg) - n - 1;
	}
	sb_write_all(fd, msg, n);
}

/* Stay attached until the exec stop, passing on whatever else happens to the launcher. */
static int helper_follow(const struct sb_launch *l, pid_t target)
{
	for (;;) {
		int status;
		pid_t w = sb_waitpid(target, &status, __WALL);
		if (w < 0 || WIFEXITED(status) || WIFSIGNALED(status))
			return 0;   /* the launcher is gone (exec failed, or it was killed) */
		if (!WIFSTOPPED(status))
			continue;
		int event = status >> 16, sig = WSTOPSIG(status);
		if (event == PTRACE_EVENT_EXEC) {
			struct sandbox_error err = { 0 };
			/* The helper runs unfiltered as the program's user and outlives the
			 * program's first instruction by a moment: a program allowed ptrace or
			 * process_vm_writev must not be able to take it over. Non-dumpable,
			 * only CAP_SYS_PTRACE can attach to it. Not before: dumpability
			 * belongs to the memory, which the launcher shared until this exec,
			 * and a non-dumpable launcher cannot be traced by its own user. */
			if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)) {
				kill(target, SIGKILL);
				return 1;
			}
			if (l->at_exec(target, l->arg, &err) != SANDBOX_OK) {
				kill(target, SIGKILL);
				dprintf(STDERR_FILENO, "%s: %s\n", l->name, err.message);
				return 1;
			}
			/* Hold nothing of the program's once it runs: no descriptors, no
			 * tracing. */
			close_all_except((const int[]){ -1 });
			/* The detach wakes the program on this CPU, and what is left of the
			 * helper (its exit, freeing the launcher's old memory: a tenth of a
			 * launch) would run first: at the lowest priority it runs after the
			 * program or beside it, never before. */
			sched_setscheduler(0, SCHED_IDLE, &(struct sched_param){ 0 });
			/* ESRCH: at_exec traced the program to its end (a recording tool). */
			if (ptrace(PTRACE_DETACH, target, NULL, NULL) && errno != ESRCH) {
				kill(target, SIGKILL);
				return 1;
			}
			sched_yield();
			return 0;
		}
		if (event == PTRACE_EVENT_STOP) {
			/* Group stop (SIGSTOP and friends): stay stopped like an untraced
			 * process would, without resuming it ourselves. */
			if (sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU)
				ptrace(PTRACE_LISTEN, target, NULL, NULL);
			else
				ptrace(PTRACE_CONT, target, NULL, NULL);
			continue;
		}
		/* A signal for the launcher: deliver it unchanged. */
		ptrace(PTRACE_CONT, target, NULL, (void *)(long)sig);
	}
}

static _Noreturn void helper_main(const struct sb_launch *l, pid_t target, int to_launcher,
				  int from_launcher)
{
	/* Sorted: the pipes may sit below stderr when sandboxify was started with 0 or 1 closed. */
	int keep[] = { STDERR_FILENO, to_launcher, from_launcher, -1 };
	for (int i = 0; i < 3; i++)
		for (int j = i + 1; j < 3; j++)
			if (keep[j] < keep[i]) {
				int tmp = keep[i];
				keep[i] = keep[j];
				keep[j] = tmp;
			}
	close_all_except(keep);
	signal(SIGPIPE, SIG_IGN);

	/* The launcher reads our pid first. Where Yama asks for it, it names us its tracer
	 * before we attach, so it needs the pid alone and says when; elsewhere we attach at
	 * once and send the pid with the outcome: one wake-up of the launcher, not three. */
	pid_t self = getpid();
	size_t head = l->declare_tracer ? 0 : sizeof(self);
	char go;
	if (l->declare_tracer &&
	    (!sb_write_all(to_launcher, &self, sizeof(self)) || sb_read_full(from_launcher, &go, 1) != 1 ||
	     go != MSG_GO))
		_exit(0);   /* the launcher gave up */
	if (ptrace(PTRACE_SEIZE, target, NULL,
		   (void *)(long)(PTRACE_O_TRACEEXEC | PTRACE_O_EXITKILL))) {
		int e = errno;
		char detail[256];
		snprintf(detail, sizeof(detail), "%s%s%s%s", strerror(e),
			 e == EPERM ? " (is " : "", e == EPERM ? l->name : "",
			 e == EPERM ? " itself being traced or debugged, or made non-dumpable?)" : "");
		helper_say(to_launcher, &self, head, "cannot trace the launcher to install the "
			   "filter: ptrace(PTRACE_SEIZE): %s", detail);
		_exit(1);
	}
	helper_say(to_launcher, &self, head, NULL, NULL);
	close(to_launcher);
	close(from_launcher);
	_exit(helper_follow(l, target));
}

/* What the helper starts from: in static storage, which stays as it is in the memory the
 * helper keeps once the launcher has gone on (start_helper's frame does not). */
static struct helper_start {
	const struct sb_launch *launch;
	pid_t target;
	int to_launcher, from_launcher;
} helper_start;

static int helper_entry(void *arg)
{
	const struct helper_start *h = arg;
	helper_main(h->launch, h->target, h->to_launcher, h->from_launcher);
}

/* The helper's own stack: it runs in the launcher's memory (below). */
#define HELPER_STACK (512 * 1024)

/*
 * Fork twice so the helper is nobody's child here: the program must not inherit it. The
 * middle process only starts the helper and exits, so it borrows this process's memory
 * (vfork: this process waits meanwhile), touching nothing of ours but its own locals:
 * closing its copies of two descriptors (the table is its own) and clone.
 *
 * The helper does not copy the memory either (CLONE_VM, on a stack of its own): copying
 * the address space, and tearing the copy down at its exit, were a tenth of a launch.
 * Until the exec the two share it, so neither may change what the other uses: the
 * launcher only reads and writes the pipes and calls prctl and execve, the helper only
 * writes its pid, attaches and waits, with no allocation on either side. The exec gives
 * the launcher a new address space and leaves the old one to the helper alone, which is
 * when it allocates, makes itself non-dumpable and acts on the program.
 */
static int start_helper(const struct sb_launch *l, int to_launcher[2], int to_helper[2],
			struct sandbox_error *err)
{
	char *stack = mmap(NULL, HELPER_STACK, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (stack == MAP_FAILED)
		return sb_fail(err, SANDBOX_ENOMEM, "mmap of the helper's stack: %s", strerror(errno));
	helper_start = (struct helper_start){ .launch = l, .target = getpid(),
					      .to_launcher = to_launcher[1],
					      .from_launcher = to_helper[0] };
	pid_t mid = vfork();
	if (mid < 0) {
		munmap(stack, HELPER_STACK);
		return sb_fail(err, SANDBOX_ELOAD, "fork: %s", strerror(errno));
	}
	if (mid == 0) {
		close(to_launcher[0]);
		close(to_helper[1]);
		pid_t helper = clone(helper_entry, stack + HELPER_STACK, CLONE_VM | SIGCHLD,
				     &helper_start);
		/* Where sharing is refused (an enclosing filter returning an errno), a copy works
		 * the same, at the copy's price. */
		if (helper < 0 && (helper = fork()) == 0)
			helper_entry(&helper_start);
		_exit(helper < 0 ? 1 : 0);
	}
	int status;
	if (sb_waitpid(mid, &status, 0) < 0)
		return sb_fail(err, SANDBOX_ELOAD, "waitpid: %s", strerror(errno));
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		munmap(stack, HELPER_STACK);
		return sb_fail(err, SANDBOX_ELOAD, "could not start the tracing helper (fork failed)");
	}
	return SANDBOX_OK;
}

int sb_launch(const struct sb_launch *l, int *exec_errno, struct sandbox_error *err)
{
	int to_launcher[2], to_helper[2];
	int rc;

	*exec_errno = 0;
	if (pipe2(to_launcher, O_CLOEXEC))
		return sb_fail(err, SANDBOX_ELOAD, "pipe: %s", strerror(errno));
	if (pipe2(to_helper, O_CLOEXEC)) {
		rc = sb_fail(err, SANDBOX_ELOAD, "pipe: %s", strerror(errno));
		goto close_first;
	}
	if ((rc = start_helper(l, to_launcher, to_helper, err)))
		goto close_all;
	close(to_launcher[1]);
	to_launcher[1] = -1;
	close(to_helper[0]);
	to_helper[0] = -1;

	pid_t helper;
	if (sb_read_full(to_launcher[0], &helper, sizeof(helper)) != (ssize_t)sizeof(helper)) {
		rc = sb_fail(err, SANDBOX_ELOAD, "the tracing helper exited before starting");
		goto close_all;
	}
	if (l->declare_tracer && prctl(PR_SET_PTRACER, helper, 0, 0, 0)) {
		rc = sb_fail(err, SANDBOX_ELOAD, "prctl(PR_SET_PTRACER): %s (needed because "
			     "kernel.yama.ptrace_scope is 1)", strerror(errno));
		goto close_all;
	}
	char msg[1100] = { MSG_GO };
	if (l->declare_tracer && !sb_write_all(to_helper[1], msg, 1)) {
		rc = sb_fail(err, SANDBOX_ELOAD, "the tracing helper exited before attaching");
		goto close_all;
	}
	ssize_t n = sb_read_full(to_launcher[0], msg, sizeof(msg) - 1);
	if (n < 1 || msg[0] != MSG_ATTACHED) {
		msg[n > 0 ? n : 0] = '\0';
		if (n > 1 && msg[0] == MSG_ERROR)
			rc = sb_fail(err, SANDBOX_ELOAD, "%s", msg + 1);
		else
			rc = sb_fail(err, SANDBOX_ELOAD, "the tracing helper exited before attaching");
		goto close_all;
	}
	close(to_launcher[0]);
	close(to_helper[1]);
	execve(l->path, l->argv, l->envp);
	*exec_errno = errno;
	return sb_fail(err, SANDBOX_EIO, "%s: %s", l->path, strerror(errno));

close_all:
	if (to_helper[0] >= 0)
		close(to_helper[0]);
	if (to_helper[1] >= 0)
		close(to_helper[1]);
close_first:
	close(to_launcher[0]);
	if (to_launcher[1] >= 0)
		close(to_launcher[1]);
	return rc;
}
