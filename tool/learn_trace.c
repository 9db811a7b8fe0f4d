/* The ptrace loop behind `sandbox-policy learn`. */
#include "learn_trace.h"
#include "follow.h"
#include "inject.h"
#include "launch.h"
#include "syscalls.h"
#include "yama.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define TRACE_OPTIONS (PTRACE_O_TRACESECCOMP | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | \
		       PTRACE_O_TRACECLONE | PTRACE_O_TRACEEXEC | PTRACE_O_EXITKILL)

static void record(pid_t pid, struct sb_observed *o, struct sb_learn_paths *paths)
{
	struct __ptrace_syscall_info info;
	long got = ptrace(PTRACE_GET_SYSCALL_INFO, pid, (void *)sizeof(info), &info);
	if (got <= 0 || info.op != PTRACE_SYSCALL_INFO_SECCOMP)
		return;
	if (info.arch != sb_native_arch() || info.seccomp.nr >= SB_NR_LIMIT) {
		o->foreign++;
		return;
	}
	int nr = (int)info.seccomp.nr;
	int ins = sb_inspected_index(nr);
	if (paths)
		sb_learn_paths_record(paths, pid, nr, (const uint64_t *)info.seccomp.args);
	sb_observed_add(o, nr, ins >= 0, ins >= 0 ? info.seccomp.args[sb_inspected_arg(ins)] : 0);
}

/* ---- stopping early: a signal to the tool or the timeout --------------------------- */

static volatile sig_atomic_t stop_signal;
static volatile pid_t stop_program;
static struct shared *volatile stop_shared;      /* at-exec mode: the helper's pid */
static const int stop_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGALRM };
#define N_STOP_SIGNALS (sizeof(stop_signals) / sizeof(stop_signals[0]))

static pid_t shared_helper(struct shared *sh);

/* Kills the program (and the at-exec helper, whose death kills every tracee it holds):
 * the tracer's wait returns, sees stop_signal, and stops following. */
static void on_stop(int sig)
{
	int saved = errno;
	if (!stop_signal)
		stop_signal = sig;
	if (stop_program > 0)
		kill(stop_program, SIGKILL);
	struct shared *sh = stop_shared;
	if (sh && shared_helper(sh) > 0)
		kill(shared_helper(sh), SIGKILL);
	errno = saved;
}

/* A signal ignored when the tool started (nohup, a background job's SIGINT) stays
 * ignored. */
static void catch_stops(struct sigaction old[N_STOP_SIGNALS])
{
	stop_signal = 0;
	stop_program = 0;
	struct sigaction sa = { .sa_handler = on_stop };   /* no SA_RESTART: waits return */
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < N_STOP_SIGNALS; i++) {
		sigaction(stop_signals[i], NULL, &old[i]);
		bool ours = stop_signals[i] == SIGALRM;          /* the timeout */
		if (old[i].sa_handler != SIG_IGN || ours)
			sigaction(stop_signals[i], &sa, NULL);
	}
}

/* In a child that is about to become the program (or its helper): the dispositions the
 * tool was started with. */
static void restore_stops_in_child(const struct sigaction old[N_STOP_SIGNALS])
{
	for (size_t i = 0; i < N_STOP_SIGNALS; i++)
		sigaction(stop_signals[i], &old[i], NULL);
}

/* The program runs as pid: from now on a stop kills it; the timeout starts. */
static void watch_program(pid_t pid, unsigned timeout)
{
	stop_program = pid;
	if (stop_signal)
		kill(pid, SIGKILL);
	if (timeout)
		alarm(timeout);
}

static int release_stops(const struct sigaction old[N_STOP_SIGNALS])
{
	alarm(0);
	stop_program = 0;
	stop_shared = NULL;
	for (size_t i = 0; i < N_STOP_SIGNALS; i++)
		sigaction(stop_signals[i], &old[i], NULL);
	return stop_signal;
}

struct recording {
	struct sb_observed *o;
	struct sb_learn_paths *paths;
};

static void record_event(pid_t pid, void *arg)
{
	struct recording *r = arg;
	record(pid, r->o, r->paths);
}

/* Follow every tracee until none is left (or main_pid, with stop_at_exit) or a stop
 * signal came; *status gets main_pid's wait status. Paths are kept when paths is set. */
static void follow(pid_t main_pid, bool stop_at_exit, struct sb_observed *o, int *status,
		   unsigned long *processes, struct sb_learn_paths *paths)
{
	struct recording r = { o, paths };
	struct sb_follow f = { .main_pid = main_pid, .stop_at_exit = stop_at_exit,
			       .stop = &stop_signal, .on_seccomp = record_event, .arg = &r };
	sb_follow_tree(&f);
	if (f.status != -1)
		*status = f.status;
	*processes += f.processes;
}

int sb_learn_trace(struct sb_learn_run *run, struct sb_observed *o, struct sandbox_error *err)
{
	int ready[2];
	if (pipe2(ready, O_CLOEXEC) < 0)
		return sb_fail(err, SANDBOX_EINTERNAL, "pipe: %s", strerror(errno));
	struct sigaction old[N_STOP_SIGNALS];
	catch_stops(old);
	pid_t child = fork();
	if (child < 0) {
		release_stops(old);
		close(ready[0]);
		close(ready[1]);
		return sb_fail(err, SANDBOX_EINTERNAL, "fork: %s", strerror(errno));
	}
	if (child == 0) {
		restore_stops_in_child(old);
		close(ready[0]);
		if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) < 0) {
			dprintf(ready[1], "PTRACE_TRACEME: %s", strerror(errno));
			_exit(127);
		}
		execve(run->argv[0], (char *const *)run->argv, (char *const *)run->env);
		dprintf(ready[1], "%s: %s", run->argv[0], strerror(errno));
		_exit(127);
	}
	close(ready[1]);
	watch_program(child, run->timeout);
	run->processes = 1;
	run->status = -1;
	/* The first stop is the exec of the traced child: from there on, options and events. */
	int st;
	while (waitpid(child, &st, __WALL) < 0 && errno == EINTR)
		;
	if (WIFSTOPPED(st)) {
		if (ptrace(PTRACE_SETOPTIONS, child, NULL, (void *)(long)TRACE_OPTIONS) < 0) {
			int e = errno;
			kill(child, SIGKILL);
			waitpid(child, NULL, 0);
			close(ready[0]);
			release_stops(old);
			return sb_fail(err, SANDBOX_EINTERNAL, "PTRACE_SETOPTIONS: %s", strerror(e));
		}
		ptrace(PTRACE_CONT, child, NULL, NULL);
		follow(child, run->stop_at_exit, o, &run->status, &run->processes, run->paths);
	} else {
		run->status = st;
	}
	run->stopped_by = release_stops(old);
	char why[300];
	ssize_t n = run->stopped_by ? 0 : read(ready[0], why, sizeof(why) - 1);
	close(ready[0]);
	if (n > 0) {
		why[n] = '\0';
		return sb_fail(err, SANDBOX_ECONFIG, "cannot run %s", why);
	}
	return SANDBOX_OK;
}

/* ---- static programs: the filter installed at the exec stop ------------------------ */

/* Shared between this process and the launcher's helper, which records. */
struct shared {
	struct sb_observed o;
	int status;
	unsigned long processes;
	pid_t helper;
	uint32_t finished;             /* futex word: 1 when the helper has seen every tracee go */
};

struct at_exec_arg {
	const struct sb_program *prog;
	bool clear_ptracer, stop_at_exit;
	struct shared *sh;
};

static pid_t shared_helper(struct shared *sh)
{
	return __atomic_load_n(&sh->helper, __ATOMIC_ACQUIRE);
}

static int record_from_exec(pid_t pid, void *arg, struct sandbox_error *err)
{
	struct at_exec_arg *a = arg;
	struct shared *sh = a->sh;
	__atomic_store_n(&sh->helper, getpid(), __ATOMIC_RELEASE);
	int rc = sb_inject_filter(pid, a->prog, a->clear_ptracer, NULL, NULL, err);
	if (rc == SANDBOX_OK && ptrace(PTRACE_SETOPTIONS, pid, NULL, (void *)(long)TRACE_OPTIONS))
		rc = sb_fail(err, SANDBOX_ELOAD, "PTRACE_SETOPTIONS: %s", strerror(errno));
	if (rc == SANDBOX_OK) {
		ptrace(PTRACE_CONT, pid, NULL, NULL);
		/* The helper's memory is its own: paths are not kept for static programs. */
		follow(pid, a->stop_at_exit, &sh->o, &sh->status, &sh->processes, NULL);
	}
	__atomic_store_n(&sh->finished, 1, __ATOMIC_RELEASE);
	syscall(SYS_futex, &sh->finished, FUTEX_WAKE, 1, NULL, NULL, 0);
	return rc;
}

int sb_learn_trace_at_exec(struct sb_learn_run *run, const struct sb_program *prog,
			   struct sb_observed *o, struct sandbox_error *err)
{
	int scope, rc;
	if ((rc = sb_yama_read_scope(SB_YAMA_SCOPE_PATH, &scope, err)))
		return rc;
	struct sb_yama_plan plan = sb_yama_plan(scope, sb_has_cap_sys_ptrace(), err);
	if (!plan.allowed)
		return SANDBOX_ECONFIG;
	struct shared *sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
				 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		return sb_fail(err, SANDBOX_ENOMEM, "out of memory");
	memset(sh, 0, sizeof(*sh));
	sb_observed_init(&sh->o);
	sh->status = -1;
	sh->processes = 1;
	struct at_exec_arg arg = { .prog = prog, .clear_ptracer = plan.declare_tracer,
				   .stop_at_exit = run->stop_at_exit, .sh = sh };

	struct sigaction old[N_STOP_SIGNALS];
	catch_stops(old);
	stop_shared = sh;
	pid_t child = fork();
	if (child < 0) {
		release_stops(old);
		munmap(sh, sizeof(*sh));
		return sb_fail(err, SANDBOX_EINTERNAL, "fork: %s", strerror(errno));
	}
	if (child == 0) {
		restore_stops_in_child(old);
		struct sb_launch l = {
			.name = run->name, .path = run->argv[0],
			.argv = (char *const *)run->argv, .envp = (char *const *)run->env,
			.declare_tracer = plan.declare_tracer, .at_exec = record_from_exec, .arg = &arg,
		};
		int exec_errno = 0;
		struct sandbox_error e = { 0 };
		sb_launch(&l, &exec_errno, &e);
		dprintf(STDERR_FILENO, "%s: %s\n", run->name, e.message);
		_exit(127);
	}
	watch_program(child, run->timeout);
	int st;
	while (waitpid(child, &st, 0) < 0 && errno == EINTR)
		;
	run->status = st;
	/* The program is gone; its children may not be. Wait for the helper to see the last
	 * tracee go, or to be gone itself. */
	while (!__atomic_load_n(&sh->finished, __ATOMIC_ACQUIRE) && !stop_signal) {
		struct timespec tick = { .tv_nsec = 100 * 1000 * 1000 };
		syscall(SYS_futex, &sh->finished, FUTEX_WAIT, 0, &tick, NULL, 0);
		pid_t helper = shared_helper(sh);
		if (helper == 0 || (kill(helper, 0) < 0 && errno == ESRCH))
			break;
	}
	run->stopped_by = release_stops(old);
	*o = sh->o;
	run->processes = sh->processes;
	munmap(sh, sizeof(*sh));
	return SANDBOX_OK;
}
