/*
 * Making a ptrace-stopped process perform system calls on our behalf (x86_64).
 *
 * The tracer saves the tracee's registers and the machine word at its instruction pointer,
 * writes a `syscall` instruction there, loads the call's number and arguments into the
 * registers, single-steps once and reads the result from rax; a list of calls is made in
 * one run by code placed after that instruction (inject_batch.h). When done, the code and
 * the registers are put back, so the tracee resumes exactly where it stopped. Data the
 * calls need (a filter) is written into the tracee's stack below its stack pointer, which
 * is unused at the moment of the stop and restored afterwards.
 */
#ifndef SB_INJECT_H
#define SB_INJECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/user.h>

#include "filter.h"

/* Bytes of the program's code we may replace at its instruction pointer: the `syscall`
 * instruction and the batch runner after it (inject_batch.h). */
#define SB_INJECT_TEXT_MAX 512

struct sb_tracee {
	pid_t pid;
	struct user_regs_struct saved_regs;
	/* The program's code from saved_regs.rip on, while ours replaces it. */
	unsigned char saved_text[SB_INJECT_TEXT_MAX];
	size_t text_len;
	size_t code_len;               /* bytes of code placed after the syscall instruction */
	/* Stack bytes borrowed for data, restored by sb_inject_end(): one region below the
	 * stack pointer, from scratch_addr up, each reservation extending it downwards. */
	uintptr_t scratch_addr;
	void *scratch_saved;
	size_t scratch_len;
	bool no_new_privs;             /* the tracee has set it already (Landlock's injection) */
	bool in_syscall;               /* stopped inside execve, which has yet to return */
};

/*
 * Start injecting into `pid` stopped at PTRACE_EVENT_EXEC, inside its execve: refuses a
 * 32-bit program, then as sb_inject_begin(). The execve is finished by the first run of
 * injected code, or by a single-step (checked: no instruction runs) before the first
 * single-stepped call.
 */
int sb_inject_begin_at_exec(struct sb_tracee *t, pid_t pid, struct sandbox_error *err);

/*
 * Start injecting into `pid`, which must be in a ptrace stop of ours (for example the
 * PTRACE_EVENT_EXEC stop). Saves the registers and patches the code word.
 */
int sb_inject_begin(struct sb_tracee *t, pid_t pid, struct sandbox_error *err);

/*
 * Reserve `len` bytes of scratch memory below the tracee's stack pointer (below the previous
 * reservation), copy `data` there and return the tracee address in *addr (16-aligned).
 */
int sb_inject_scratch(struct sb_tracee *t, const void *data, size_t len, uintptr_t *addr,
		      struct sandbox_error *err);

/*
 * Run syscall `nr` with up to six arguments in the tracee; *result receives the raw return
 * value (negative errno on failure). `what` names the call in error messages. Errors here
 * are tracing failures, not the call's own failure.
 */
int sb_inject_syscall(struct sb_tracee *t, const char *what, long nr, const long args[6],
		      long *result, struct sandbox_error *err);

/* Copy len bytes (a multiple of 8, at an 8-aligned addr) into the tracee's memory, which
 * must be writable there (memory the tracee mapped, or the scratch area). */
int sb_inject_write(struct sb_tracee *t, uintptr_t addr, const void *buf, size_t len,
		    struct sandbox_error *err);

/* Copy len bytes (a multiple of 8, at an 8-aligned addr) out of the tracee's memory. */
int sb_inject_read(struct sb_tracee *t, uintptr_t addr, void *buf, size_t len,
		   struct sandbox_error *err);

/*
 * Place `len` bytes of code right after the `syscall` instruction at the tracee's
 * instruction pointer (its own code is saved and put back by sb_inject_end()), at *at.
 * *placed is false, and nothing changed, when the executable mapping there ends too soon.
 * Placing code of the same length again (the same code: the runner) writes nothing.
 */
int sb_inject_code(struct sb_tracee *t, const void *code, size_t len, uintptr_t *at, bool *placed,
		   struct sandbox_error *err);

/*
 * Resume the tracee with `regs` until it stops at a breakpoint (int3); `regs` receives its
 * registers then. Any other stop or its end is an error.
 */
int sb_inject_run_to_trap(struct sb_tracee *t, struct user_regs_struct *regs,
			  struct sandbox_error *err);

/* Restore the scratch memory, the code word and the registers. */
int sb_inject_end(struct sb_tracee *t, struct sandbox_error *err);

struct sb_batch;

/* Work done in the tracee just before its filter is loaded (placing a handler, entering a
 * Landlock domain): calls added to `calls`, made with the filter's in one run. */
typedef int (*sb_inject_fn)(struct sb_tracee *t, struct sb_batch *calls, void *arg,
			    struct sandbox_error *err);

/*
 * The whole confinement of a tracee stopped at PTRACE_EVENT_EXEC: optionally
 * prctl(PR_SET_PTRACER, 0), then before_load's calls (may be NULL),
 * prctl(PR_SET_NO_NEW_PRIVS, 1), and seccomp(SECCOMP_SET_MODE_FILTER, TSYNC, prog), made
 * in one run (inject_batch.h). Any failure is reported in err; the caller must then kill
 * the tracee, whose state is unknown.
 */
int sb_inject_filter(pid_t pid, const struct sb_program *prog, bool clear_ptracer,
		     sb_inject_fn before_load, void *arg, struct sandbox_error *err);

/*
 * One more filter for a tracee in a ptrace stop outside a system call (a breakpoint),
 * no_new_privs being set already: seccomp(SECCOMP_SET_MODE_FILTER, TSYNC, prog).
 */
int sb_inject_seccomp(pid_t pid, const struct sb_program *prog, struct sandbox_error *err);

#endif
