/* Running a traced program up to its entry point (see entry.h). */
#include "entry.h"
#include "policy.h"
#include "util.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#define INT3 0xccUL

static int trace_fail(struct sandbox_error *err, pid_t pid, const char *what)
{
	return sb_fail(err, SANDBOX_ELOAD, "tracing process %d: %s: %s", (int)pid, what,
		       strerror(errno));
}

/* AT_ENTRY from /proc/PID/auxv: the kernel's word, which the program cannot change. */
static int entry_point(pid_t pid, unsigned long *entry, struct sandbox_error *err)
{
	char path[64];
	unsigned long aux[2 * 64];
	snprintf(path, sizeof(path), "/proc/%d/auxv", (int)pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, aux, sizeof(aux));
	if (fd >= 0)
		close(fd);
	for (ssize_t i = 0; i + 1 < n / (ssize_t)sizeof(aux[0]); i += 2)
		if (aux[i] == AT_ENTRY) {
			*entry = aux[i + 1];
			return SANDBOX_OK;
		}
	return sb_fail(err, SANDBOX_ELOAD, "%s: no AT_ENTRY (%s)", path,
		       n < 0 ? strerror(errno) : "not in the auxiliary vector");
}

int sb_run_to_entry(pid_t pid, struct sandbox_error *err)
{
	struct user_regs_struct regs;
	unsigned long entry = 0, code;

	if (entry_point(pid, &entry, err))
		return SANDBOX_ELOAD;
	if (ptrace(PTRACE_GETREGS, pid, NULL, &regs))
		return trace_fail(err, pid, "PTRACE_GETREGS");
	if (regs.rip == entry)
		return SANDBOX_OK;   /* no dynamic loader: the first instruction is the entry */
	errno = 0;
	code = (unsigned long)ptrace(PTRACE_PEEKTEXT, pid, (void *)entry, NULL);
	if (errno)
		return trace_fail(err, pid, "PTRACE_PEEKTEXT");
	if (ptrace(PTRACE_POKETEXT, pid, (void *)entry, (void *)((code & ~0xffUL) | INT3)))
		return trace_fail(err, pid, "PTRACE_POKETEXT");

	if (ptrace(PTRACE_CONT, pid, NULL, NULL))
		return trace_fail(err, pid, "PTRACE_CONT");
	for (;;) {
		int status;
		pid_t w;
		while ((w = waitpid(pid, &status, __WALL)) < 0 && errno == EINTR)
			;
		if (w < 0)
			return trace_fail(err, pid, "waitpid");
		if (WIFEXITED(status) || WIFSIGNALED(status))
			return SANDBOX_NOTHING;
		int event = status >> 16, stop = WSTOPSIG(status);
		long rc;
		if (event == PTRACE_EVENT_EXEC)
			return sb_fail(err, SANDBOX_ELOAD, "process %d ran another program before "
				       "reaching its entry point", (int)pid);
		if (event == PTRACE_EVENT_STOP) {
			/* A group stop: stay stopped as an untraced process would. */
			bool stopping = stop == SIGSTOP || stop == SIGTSTP || stop == SIGTTIN ||
					stop == SIGTTOU;
			rc = ptrace(stopping ? PTRACE_LISTEN : PTRACE_CONT, pid, NULL, NULL);
		} else if (stop == SIGTRAP && !ptrace(PTRACE_GETREGS, pid, NULL, &regs) &&
			   regs.rip == entry + 1) {
			/* Our breakpoint: put the code and the instruction pointer back. */
			regs.rip = entry;
			if (ptrace(PTRACE_POKETEXT, pid, (void *)entry, (void *)code))
				return trace_fail(err, pid, "PTRACE_POKETEXT");
			if (ptrace(PTRACE_SETREGS, pid, NULL, &regs))
				return trace_fail(err, pid, "PTRACE_SETREGS");
			return SANDBOX_OK;
		} else {
			/* The program's own signal: deliver it. */
			rc = ptrace(PTRACE_CONT, pid, NULL, (void *)(long)stop);
		}
		if (rc && errno != ESRCH)
			return trace_fail(err, pid, "PTRACE_CONT");
	}
}
