/* Syscall injection into a ptrace-stopped tracee (x86_64 only). */
#include "inject.h"
#include "inject_batch.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>
#include <elf.h>
#include <linux/seccomp.h>

#if !defined(__x86_64__)
#error "syscall injection is implemented for x86_64 only"
#endif

/* The two bytes of `syscall`; the rest of the word is kept. */
#define SYSCALL_INSN 0x050fUL
/* Space left untouched below the stack pointer before our data (the ABI's red zone is 128
 * bytes; nothing lives there at an exec stop, but there is no reason to be tight). */
#define STACK_GAP 512

static int trace_fail(struct sandbox_error *err, pid_t pid, const char *what)
{
	return sb_fail(err, SANDBOX_ELOAD, "tracing process %d: %s: %s", (int)pid, what,
		       strerror(errno));
}

static int peek(pid_t pid, uintptr_t addr, unsigned long *word, struct sandbox_error *err)
{
	errno = 0;
	long v = ptrace(PTRACE_PEEKDATA, pid, (void *)addr, NULL);
	if (v == -1 && errno)
		return trace_fail(err, pid, "PTRACE_PEEKDATA");
	*word = (unsigned long)v;
	return SANDBOX_OK;
}

static int poke(pid_t pid, uintptr_t addr, unsigned long word, struct sandbox_error *err)
{
	if (ptrace(PTRACE_POKEDATA, pid, (void *)addr, (void *)word))
		return trace_fail(err, pid, "PTRACE_POKEDATA");
	return SANDBOX_OK;
}

/* Copy between us and the tracee: process_vm_{read,write}v when allowed, word by word with
 * PTRACE_PEEKDATA/POKEDATA otherwise (both need the same ptrace access we already have). */
static int copy_to(pid_t pid, uintptr_t addr, const void *buf, size_t len, struct sandbox_error *err)
{
	struct iovec local = { .iov_base = (void *)buf, .iov_len = len };
	struct iovec remote = { .iov_base = (void *)addr, .iov_len = len };
	if (process_vm_writev(pid, &local, 1, &remote, 1, 0) == (ssize_t)len)
		return SANDBOX_OK;
	/* addr and len are word-aligned by sb_inject_scratch. */
	for (size_t off = 0; off < len; off += sizeof(unsigned long)) {
		unsigned long w;
		memcpy(&w, (const char *)buf + off, sizeof(w));
		if (poke(pid, addr + off, w, err))
			return SANDBOX_ELOAD;
	}
	return SANDBOX_OK;
}

static int copy_from(pid_t pid, uintptr_t addr, void *buf, size_t len, struct sandbox_error *err)
{
	struct iovec local = { .iov_base = buf, .iov_len = len };
	struct iovec remote = { .iov_base = (void *)addr, .iov_len = len };
	if (process_vm_readv(pid, &local, 1, &remote, 1, 0) == (ssize_t)len)
		return SANDBOX_OK;
	for (size_t off = 0; off < len; off += sizeof(unsigned long)) {
		unsigned long w = 0;
		if (peek(pid, addr + off, &w, err))
			return SANDBOX_ELOAD;
		memcpy((char *)buf + off, &w, sizeof(w));
	}
	return SANDBOX_OK;
}

int sb_inject_write(struct sb_tracee *t, uintptr_t addr, const void *buf, size_t len,
		    struct sandbox_error *err)
{
	if ((addr | len) & 7)
		return sb_fail(err, SANDBOX_EINTERNAL, "unaligned write of %zu bytes at %#lx", len,
			       (unsigned long)addr);
	return copy_to(t->pid, addr, buf, len, err);
}

int sb_inject_read(struct sb_tracee *t, uintptr_t addr, void *buf, size_t len,
		   struct sandbox_error *err)
{
	if ((addr | len) & 7)
		return sb_fail(err, SANDBOX_EINTERNAL, "unaligned read of %zu bytes at %#lx", len,
			       (unsigned long)addr);
	return copy_from(t->pid, addr, buf, len, err);
}

/* The program's code is read-only to it: writes go through /proc/PID/mem, which writes
 * through the protection as ptrace does (a private copy of the page), or word by word
 * with PTRACE_POKEDATA where that file is refused. */
static int text_access(pid_t pid, uintptr_t addr, void *buf, size_t len, bool write,
		       struct sandbox_error *err)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/mem", (int)pid);
	int fd = open(path, (write ? O_WRONLY : O_RDONLY) | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : write ? pwrite(fd, buf, len, (off_t)addr)
					: pread(fd, buf, len, (off_t)addr);
	if (fd >= 0)
		close(fd);
	if (n == (ssize_t)len)
		return SANDBOX_OK;
	for (size_t off = 0; off < len; off += sizeof(unsigned long)) {
		unsigned long w = 0;
		size_t part = len - off < sizeof(w) ? len - off : sizeof(w);
		/* A partial last word keeps the bytes after it. */
		if ((!write || part < sizeof(w)) && peek(pid, addr + off, &w, err))
			return SANDBOX_ELOAD;
		if (!write) {
			memcpy((char *)buf + off, &w, part);
			continue;
		}
		memcpy(&w, (const char *)buf + off, part);
		if (poke(pid, addr + off, w, err))
			return SANDBOX_ELOAD;
	}
	return SANDBOX_OK;
}

int sb_inject_begin(struct sb_tracee *t, pid_t pid, struct sandbox_error *err)
{
	memset(t, 0, sizeof(*t));
	t->pid = pid;
	if (ptrace(PTRACE_GETREGS, pid, NULL, &t->saved_regs))
		return trace_fail(err, pid, "PTRACE_GETREGS");
	unsigned long code = 0;
	if (peek(pid, t->saved_regs.rip, &code, err))
		return SANDBOX_ELOAD;
	memcpy(t->saved_text, &code, sizeof(code));
	/* POKEDATA writes through a read-only text mapping (a private copy of the page). */
	if (poke(pid, t->saved_regs.rip, (code & ~0xffffUL) | SYSCALL_INSN, err))
		return SANDBOX_ELOAD;
	t->text_len = sizeof(code);
	return SANDBOX_OK;
}

/* Whether [addr, addr + len) lies in one executable mapping of the tracee. */
static bool executable(pid_t pid, uintptr_t addr, size_t len)
{
	if ((addr & 4095) + len <= 4096)
		return true;    /* the page the tracee is about to execute */
	char path[64], line[512];
	snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	FILE *maps = fopen(path, "re");
	bool fits = false, line_start = true;
	while (maps && fgets(line, sizeof(line), maps)) {
		/* Only what starts a line: the rest of a long one is a file name, which the
		 * program chose. */
		bool was_start = line_start;
		line_start = strchr(line, '\n') != NULL;
		uintptr_t start, end;
		char perms[5];
		if (was_start &&
		    sscanf(line, "%" SCNxPTR "-%" SCNxPTR " %4s", &start, &end, perms) == 3 &&
		    start <= addr && addr < end) {
			fits = perms[2] == 'x' && end - addr >= len;
			break;
		}
	}
	if (maps)
		fclose(maps);
	return fits;
}

int sb_inject_code(struct sb_tracee *t, const void *code, size_t len, uintptr_t *at, bool *placed,
		   struct sandbox_error *err)
{
	uintptr_t rip = t->saved_regs.rip;
	size_t total = 2 + len;
	*placed = false;
	*at = rip + 2;
	if (total > sizeof(t->saved_text))
		return sb_fail(err, SANDBOX_EINTERNAL, "%zu bytes of injected code (at most %zu)",
			       len, sizeof(t->saved_text) - 2);
	if (t->code_len == len) {
		*placed = true;
		return SANDBOX_OK;
	}
	if (!executable(t->pid, rip, total))
		return SANDBOX_OK;
	if (total > t->text_len) {
		if (text_access(t->pid, rip + t->text_len, t->saved_text + t->text_len,
				total - t->text_len, false, err))
			return SANDBOX_ELOAD;
		t->text_len = total;
	}
	if (text_access(t->pid, rip + 2, (void *)code, len, true, err))
		return SANDBOX_ELOAD;
	t->code_len = len;
	*placed = true;
	return SANDBOX_OK;
}

int sb_inject_scratch(struct sb_tracee *t, const void *data, size_t len, uintptr_t *addr,
		      struct sandbox_error *err)
{
	size_t rounded = (len + 15) & ~(size_t)15;
	uintptr_t low = t->scratch_saved ? t->scratch_addr :
			((uintptr_t)t->saved_regs.rsp - STACK_GAP) & ~(uintptr_t)15;
	uintptr_t at = low - rounded;
	/* The saved bytes of the whole region, in address order: the new part first. */
	char *saved = malloc(t->scratch_len + rounded);
	void *padded = calloc(1, rounded);
	if (!saved || !padded) {
		free(saved);
		free(padded);
		return sb_fail(err, SANDBOX_ENOMEM, "out of memory");
	}
	memcpy(padded, data, len);
	int rc = copy_from(t->pid, at, saved, rounded, err);
	if (rc == SANDBOX_OK) {
		if (t->scratch_len)
			memcpy(saved + rounded, t->scratch_saved, t->scratch_len);
		free(t->scratch_saved);
		t->scratch_addr = at;
		t->scratch_saved = saved;
		t->scratch_len += rounded;
		rc = copy_to(t->pid, at, padded, rounded, err);
	} else {
		free(saved);
	}
	free(padded);
	*addr = at;
	return rc;
}

/* Wait for the tracee's next stop, passing on nothing: during injection the only expected
 * stop is the single-step trap. */
static int wait_step(struct sb_tracee *t, struct sandbox_error *err)
{
	int status;
	if (sb_waitpid(t->pid, &status, __WALL) < 0)
		return trace_fail(err, t->pid, "waitpid");
	if (WIFEXITED(status) || WIFSIGNALED(status))
		return sb_fail(err, SANDBOX_ELOAD, "process %d ended while its filter was being "
			       "installed", (int)t->pid);
	if (!WIFSTOPPED(status) || WSTOPSIG(status) != SIGTRAP || (status >> 16) != 0)
		return sb_fail(err, SANDBOX_ELOAD, "process %d stopped unexpectedly (status 0x%x) "
			       "while its filter was being installed", (int)t->pid, status);
	return SANDBOX_OK;
}

/* Finish the execve the tracee is stopped in without running a user instruction: with
 * single-stepping on, the kernel reports a trap on the way out of the syscall. Verified:
 * the instruction pointer must not move. */
static int leave_syscall(struct sb_tracee *t, struct sandbox_error *err)
{
	struct user_regs_struct after;
	if (ptrace(PTRACE_SINGLESTEP, t->pid, NULL, NULL))
		return trace_fail(err, t->pid, "PTRACE_SINGLESTEP");
	if (wait_step(t, err))
		return SANDBOX_ELOAD;
	if (ptrace(PTRACE_GETREGS, t->pid, NULL, &after))
		return trace_fail(err, t->pid, "PTRACE_GETREGS");
	if (after.rip != t->saved_regs.rip)
		return sb_fail(err, SANDBOX_ELOAD, "process %d ran past its exec stop (at %#llx, "
			       "expected %#llx)", (int)t->pid, (unsigned long long)after.rip,
			       (unsigned long long)t->saved_regs.rip);
	t->in_syscall = false;
	return SANDBOX_OK;
}

int sb_inject_begin_at_exec(struct sb_tracee *t, pid_t pid, struct sandbox_error *err)
{
	/* A 32-bit program (IA32 emulation) would run our `syscall` with i386 numbers and
	 * registers, or fault: where the calls happen to return 0 (prctl's 157 is
	 * sched_getscheduler there, seccomp's 317 move_pages) it would run unfiltered.
	 * The kernel gives the 32-bit register set, smaller, for a task in 32-bit mode. */
	struct user_regs_struct native;
	struct iovec view = { .iov_base = &native, .iov_len = sizeof(native) };
	memset(t, 0, sizeof(*t));
	if (ptrace(PTRACE_GETREGSET, pid, (void *)NT_PRSTATUS, &view))
		return trace_fail(err, pid, "PTRACE_GETREGSET");
	if (view.iov_len != sizeof(native))
		return sb_fail(err, SANDBOX_ELOAD, "process %d is a 32-bit program (accepted: x86_64 "
			       "programs; the filter kills every i386 call)", (int)pid);
	int rc = sb_inject_begin(t, pid, err);
	/* Still inside execve: what the program gets back from it is 0, whoever finishes it. */
	t->saved_regs.rax = 0;
	t->in_syscall = true;
	return rc;
}

int sb_inject_syscall(struct sb_tracee *t, const char *what, long nr, const long args[6],
		      long *result, struct sandbox_error *err)
{
	/* The syscall instruction is only reached from outside one. */
	if (t->in_syscall && leave_syscall(t, err))
		return SANDBOX_ELOAD;
	struct user_regs_struct regs = t->saved_regs;
	regs.rip = t->saved_regs.rip;
	regs.rax = (unsigned long)nr;
	/* Not inside a syscall as far as restart logic is concerned. */
	regs.orig_rax = (unsigned long)-1;
	regs.rdi = (unsigned long)args[0];
	regs.rsi = (unsigned long)args[1];
	regs.rdx = (unsigned long)args[2];
	regs.r10 = (unsigned long)args[3];
	regs.r8 = (unsigned long)args[4];
	regs.r9 = (unsigned long)args[5];
	if (ptrace(PTRACE_SETREGS, t->pid, NULL, &regs))
		return trace_fail(err, t->pid, "PTRACE_SETREGS");
	if (ptrace(PTRACE_SINGLESTEP, t->pid, NULL, NULL))
		return trace_fail(err, t->pid, "PTRACE_SINGLESTEP");
	if (wait_step(t, err))
		return SANDBOX_ELOAD;
	if (ptrace(PTRACE_GETREGS, t->pid, NULL, &regs))
		return trace_fail(err, t->pid, "PTRACE_GETREGS");
	if (regs.rip != t->saved_regs.rip + 2)
		return sb_fail(err, SANDBOX_ELOAD, "process %d: injected %s did not run (stopped at "
			       "%#llx)", (int)t->pid, what, (unsigned long long)regs.rip);
	*result = (long)regs.rax;
	return SANDBOX_OK;
}

int sb_inject_run_to_trap(struct sb_tracee *t, struct user_regs_struct *regs,
			  struct sandbox_error *err)
{
	/* From the exec stop, the kernel finishes execve (its result goes to rax, which the
	 * code run reads nothing from) and returns to regs->rip: no stop to leave it. */
	if (!t->in_syscall)
		regs->orig_rax = (unsigned long)-1;
	if (ptrace(PTRACE_SETREGS, t->pid, NULL, regs))
		return trace_fail(err, t->pid, "PTRACE_SETREGS");
	if (ptrace(PTRACE_CONT, t->pid, NULL, NULL))
		return trace_fail(err, t->pid, "PTRACE_CONT");
	if (wait_step(t, err))
		return SANDBOX_ELOAD;
	t->in_syscall = false;
	if (ptrace(PTRACE_GETREGS, t->pid, NULL, regs))
		return trace_fail(err, t->pid, "PTRACE_GETREGS");
	return SANDBOX_OK;
}

int sb_inject_end(struct sb_tracee *t, struct sandbox_error *err)
{
	int rc = SANDBOX_OK;
	if (t->scratch_saved) {
		rc = copy_to(t->pid, t->scratch_addr, t->scratch_saved, t->scratch_len, err);
		free(t->scratch_saved);
		t->scratch_saved = NULL;
	}
	if (rc == SANDBOX_OK && t->text_len) {
		rc = text_access(t->pid, t->saved_regs.rip, t->saved_text, t->text_len, true, err);
		if (rc == SANDBOX_OK)
			t->text_len = 0;
	}
	if (rc == SANDBOX_OK && ptrace(PTRACE_SETREGS, t->pid, NULL, &t->saved_regs))
		rc = trace_fail(err, t->pid, "PTRACE_SETREGS");
	return rc;
}

static int call_ok(struct sb_tracee *t, const char *what, long nr, const long args[6],
		   struct sandbox_error *err)
{
	long result;
	if (sb_inject_syscall(t, what, nr, args, &result, err))
		return SANDBOX_ELOAD;
	if (result < 0)
		return sb_fail(err, SANDBOX_ELOAD, "%s in process %d: %s", what, (int)t->pid,
			       strerror((int)-result));
	if (result > 0)
		return sb_fail(err, SANDBOX_ELOAD, "%s in process %d returned %ld: another thread "
			       "runs under a different filter", what, (int)t->pid, result);
	return SANDBOX_OK;
}

/* Copy prog, then the sock_fprog pointing at it, into the tracee's scratch memory;
 * *fprog_at receives the sock_fprog's address. */
static int stage_program(struct sb_tracee *t, const struct sb_program *prog, uintptr_t *fprog_at,
			 struct sandbox_error *err)
{
	struct sock_fprog fprog = { .len = (unsigned short)prog->len };
	size_t insns_bytes = prog->len * sizeof(struct sock_filter);
	uintptr_t data;

	if (prog->len == 0 || prog->len > BPF_MAXINSNS)
		return sb_fail(err, SANDBOX_ELOAD, "filter of %zu instructions (the kernel takes 1 to %d)",
			       prog->len, BPF_MAXINSNS);
	/* One block: the instructions, then the sock_fprog pointing at them. */
	size_t header_at = (insns_bytes + 15) & ~(size_t)15;
	char *block = calloc(1, header_at + sizeof(fprog));
	if (!block)
		return sb_fail(err, SANDBOX_ENOMEM, "out of memory");
	memcpy(block, prog->insns, insns_bytes);
	/* The data address is known only once reserved: reserve, then rewrite the header. */
	int rc = sb_inject_scratch(t, block, header_at + sizeof(fprog), &data, err);
	free(block);
	if (rc)
		return rc;
	fprog.filter = (struct sock_filter *)data;
	*fprog_at = data + header_at;
	return copy_to(t->pid, *fprog_at, &fprog, (sizeof(fprog) + 7) & ~(size_t)7, err);
}

static int load_staged(struct sb_tracee *t, uintptr_t fprog_at, struct sandbox_error *err)
{
	const long sec[6] = { SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, (long)fprog_at };
	return call_ok(t, "seccomp(SECCOMP_SET_MODE_FILTER)", SYS_seccomp, sec, err);
}

/* Put everything back; the first error wins. */
static int finish(struct sb_tracee *t, int rc, struct sandbox_error *err)
{
	struct sandbox_error restore_err;
	if (sb_inject_end(t, &restore_err) && rc == SANDBOX_OK) {
		rc = SANDBOX_ELOAD;
		if (err)
			*err = restore_err;
	}
	free(t->scratch_saved);
	return rc;
}

int sb_inject_filter(pid_t pid, const struct sb_program *prog, bool clear_ptracer,
		     sb_inject_fn before_load, void *arg, struct sandbox_error *err)
{
	struct sb_tracee t;
	struct sb_batch calls = { 0 };
	uintptr_t fprog_at;
	int rc;

	memset(&t, 0, sizeof(t));
	/* Nothing to put back when these fail: the tracee is killed. */
	if ((rc = sb_inject_begin_at_exec(&t, pid, err)))
		return rc;
	if ((rc = stage_program(&t, prog, &fprog_at, err)))
		return finish(&t, rc, err);
	const long ptracer[6] = { PR_SET_PTRACER, 0 }, nnp[6] = { PR_SET_NO_NEW_PRIVS, 1 };
	const long sec[6] = { SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, (long)fprog_at };
	if (clear_ptracer && sb_batch_add(&calls, "prctl(PR_SET_PTRACER, 0)", "withdrawing the "
					  "launcher's tracer", SYS_prctl, ptracer,
					  SB_BATCH_EXPECT_ZERO, err) < 0)
		rc = SANDBOX_ENOMEM;
	if (rc == SANDBOX_OK && before_load)
		rc = before_load(&t, &calls, arg, err);
	if (rc == SANDBOX_OK && !t.no_new_privs &&
	    sb_batch_add(&calls, "prctl(PR_SET_NO_NEW_PRIVS)", "installing the filter", SYS_prctl,
			 nnp, SB_BATCH_EXPECT_ZERO, err) < 0)
		rc = SANDBOX_ENOMEM;
	if (rc == SANDBOX_OK &&
	    sb_batch_add(&calls, "seccomp(SECCOMP_SET_MODE_FILTER)", "installing the filter",
			 SYS_seccomp, sec, SB_BATCH_EXPECT_ZERO, err) < 0)
		rc = SANDBOX_ENOMEM;
	if (rc == SANDBOX_OK)
		rc = sb_batch_run(&t, &calls, err);
	sb_batch_free(&calls);
	return finish(&t, rc, err);
}

int sb_inject_seccomp(pid_t pid, const struct sb_program *prog, struct sandbox_error *err)
{
	struct sb_tracee t;
	uintptr_t fprog_at;
	int rc;

	memset(&t, 0, sizeof(t));
	if ((rc = sb_inject_begin(&t, pid, err)))
		return rc;
	if ((rc = stage_program(&t, prog, &fprog_at, err)))
		return finish(&t, rc, err);
	return finish(&t, load_staged(&t, fprog_at, err), err);
}
