/* The blocked-syscall report for the processes a sandboxed program starts (report_follow.h). */
#include "report_follow.h"
#include "follow.h"
#include "report.h"
#include "report_data.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <unistd.h>

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434       /* Linux 5.3 */
#endif
#ifndef SYS_pidfd_getfd
#define SYS_pidfd_getfd 438      /* Linux 5.6 */
#endif

#ifndef SYS_SECCOMP
#define SYS_SECCOMP 1            /* si_code of a seccomp trap's SIGSYS */
#endif

#define FOLLOW_OPTIONS (PTRACE_O_TRACEEXEC | PTRACE_O_EXITKILL | PTRACE_O_TRACEFORK | \
			PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE)

/* Threads whose own handler took a SIGSYS: the next one there is the handler repeating the
 * refused call to die by it, already reported. */
struct handled {
	pid_t *tids;
	size_t n, cap;
};

static bool is_handled(const struct handled *h, pid_t tid)
{
	for (size_t i = 0; i < h->n; i++)
		if (h->tids[i] == tid)
			return true;
	return false;
}

static void mark_handled(struct handled *h, pid_t tid)
{
	if (h->n == h->cap) {
		size_t cap = h->cap ? h->cap * 2 : 16;
		pid_t *grown = realloc(h->tids, cap * sizeof(*grown));
		if (!grown)
			return;          /* at worst the line is written twice */
		h->tids = grown;
		h->cap = cap;
	}
	h->tids[h->n++] = tid;
}

static void forget(pid_t tid, void *arg)
{
	struct handled *h = arg;
	for (size_t i = 0; i < h->n; i++)
		if (h->tids[i] == tid)
			h->tids[i] = h->tids[--h->n];
}

/* From the thread's status: its process (pidfd_open takes a process, not a thread) and
 * whether that process has a SIGSYS handler (SigCgt): the library's, or the one sandboxify
 * placed in the first program, which report by themselves. */
static bool read_status(pid_t tid, pid_t *tgid, bool *catches_sigsys)
{
	char status[4096];
	if (!sb_read_proc_status(tid, status, sizeof(status)))
		return false;
	long long group = sb_status_number(status, "Tgid", 10);
	long long caught = sb_status_number(status, "SigCgt", 16);
	if (group <= 0 || caught < 0)
		return false;
	*tgid = (pid_t)group;
	*catches_sigsys = (unsigned long long)caught >> (SIGSYS - 1) & 1;
	return true;
}

/* On the process's own descriptor 2, wherever it points now. */
static void write_to_stderr_of(pid_t tgid, const char *line, size_t len)
{
	int pidfd = (int)syscall(SYS_pidfd_open, tgid, 0);
	if (pidfd < 0)
		return;
	int fd = (int)syscall(SYS_pidfd_getfd, pidfd, STDERR_FILENO, 0);
	close(pidfd);
	if (fd < 0)
		return;
	sb_write_all(fd, line, len);
	close(fd);
}

static void report_unhandled(pid_t tid, const siginfo_t *si, void *arg)
{
	struct handled *h = arg;
	if (si->si_signo != SIGSYS || si->si_code != SYS_SECCOMP ||
	    (si->si_errno != SB_REPORT_TRAP_DATA && si->si_errno != SB_REPORT_FOREIGN_DATA))
		return;
	pid_t tgid;
	bool catches;
	if (is_handled(h, tid) || !read_status(tid, &tgid, &catches))
		return;
	if (catches) {
		mark_handled(h, tid);
		return;
	}
	char line[SB_REPORT_LINE_MAX];
	unsigned long n;
	if (si->si_errno == SB_REPORT_FOREIGN_DATA) {
		n = sb_report_foreign_line(&sb_report_data, line, sizeof(line),
					   (uint32_t)si->si_syscall, si->si_arch);
	} else {
		struct user_regs_struct regs;
		if (ptrace(PTRACE_GETREGS, tid, NULL, &regs))
			return;
		const uint64_t args[6] = { regs.rdi, regs.rsi, regs.rdx, regs.r10, regs.r8, regs.r9 };
		n = sb_report_line(&sb_report_data, line, sizeof(line), si->si_syscall, si->si_arch,
				   args);
	}
	write_to_stderr_of(tgid, line, n);
}

int sb_report_follow(pid_t pid, struct sandbox_error *err)
{
	if (ptrace(PTRACE_SETOPTIONS, pid, NULL, (void *)(long)FOLLOW_OPTIONS))
		return sb_fail(err, SANDBOX_ELOAD, "--follow: PTRACE_SETOPTIONS: %s", strerror(errno));
	/* From here on nothing of the launcher's is needed: its standard error goes too. */
	close(STDERR_FILENO);
	struct handled h = { 0 };
	struct sb_follow f = { .main_pid = pid, .on_signal = report_unhandled, .on_exit = forget,
			       .arg = &h };
	ptrace(PTRACE_CONT, pid, NULL, NULL);
	sb_follow_tree(&f);
	free(h.tids);
	return SANDBOX_OK;
}
