/*
 * Exec a program in the calling process with a short-lived tracer that acts on the
 * program at its very first instruction (the PTRACE_EVENT_EXEC stop), then lets go.
 *
 *   launcher (this process)            helper (double-forked, not our child)
 *   ----------------------            --------------------------------------
 *   vfork -> child clones the helper   (CLONE_VM: our memory until the exec)
 *            and exits
 *   without Yama:
 *   waits for one message             PTRACE_SEIZE(launcher, TRACEEXEC | EXITKILL)
 *                                     sends its pid and "attached"
 *   where Yama asks for it:
 *   reads the helper's pid            sends its pid
 *   prctl(PR_SET_PTRACER, helper)     waits for "go"
 *   sends "go"                        PTRACE_SEIZE(launcher, TRACEEXEC | EXITKILL)
 *   waits for "attached"              sends "attached"
 *   then:
 *   execve(program)  ---------------> PTRACE_EVENT_EXEC stop: non-dumpable, at_exec()
 *                                     closes every descriptor, PTRACE_DETACH, exits
 *   the program runs, same PID
 *
 * EXITKILL makes the kernel kill the launcher if the helper dies while attached, so the
 * program never runs without at_exec() having succeeded. If at_exec() fails, the helper
 * kills the program before it runs an instruction.
 */
#ifndef SB_LAUNCH_H
#define SB_LAUNCH_H

#include <stdbool.h>
#include <sys/types.h>

#include "sandbox.h"

/* Called in the helper with the program stopped at PTRACE_EVENT_EXEC; SANDBOX_OK lets it
 * run, anything else kills it (err is printed as "NAME: message"). A tool that wants to
 * watch the program may keep tracing here (PTRACE_SETOPTIONS, PTRACE_SYSCALL, ...) for as
 * long as it likes; when it returns, the helper detaches if the program still exists. */
typedef int (*sb_at_exec_fn)(pid_t pid, void *arg, struct sandbox_error *err);

struct sb_launch {
	const char *name;          /* prefix of the helper's error messages: "sandboxify" */
	const char *path;          /* the program, already resolved (no PATH search here) */
	char *const *argv;
	char *const *envp;
	bool declare_tracer;       /* Yama: prctl(PR_SET_PTRACER, helper) first (see yama.h) */
	sb_at_exec_fn at_exec;
	void *arg;
};

/*
 * Run the launch. On success it does not return: the calling process is the program.
 * Returns SANDBOX_ELOAD (or ENOMEM) with err set when the helper could not be set up, and
 * SANDBOX_EIO with *exec_errno set when execve itself failed (the helper then exits).
 */
int sb_launch(const struct sb_launch *l, int *exec_errno, struct sandbox_error *err);

#endif
