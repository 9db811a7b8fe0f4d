/* sandboxify as users see it: real launches, as root and as an unprivileged user (loop
 * index 1), checking exit statuses, signals, output and the launched process itself. */
#include "support.h"
#include "launch.h"
#include "program_kind.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* What a static glibc 2.36 program makes at start and to print (README, measured). */
#define STATIC_START "brk:arch_prctl:set_tid_address:set_robust_list:rseq:prlimit64:readlink:" \
		     "getrandom:mprotect:newfstatat:write:exit_group"
/* ... plus reading a /proc file */
#define STATIC_PROC STATIC_START ":openat:read:close"

static char allow_buf[8][2048];
static unsigned allow_next;

static const char *allow(const char *list)
{
	char *b = allow_buf[allow_next++ % 8];
	snprintf(b, sizeof(allow_buf[0]), "SECCOMP_SYSCALL_ALLOW=%s", list);
	return b;
}

/* Skip the unprivileged variant when not root (there is no one to drop from). */
#define MAYBE_SKIP_UNPRIV() do { if (_i) SKIP_UNLESS_ROOT(); } while (0)

static void sandboxify(const char *const *args, const char *const *env, bool unprivileged,
		       struct run_result *res)
{
	const char *argv[32] = { build_path("sandboxify") };
	size_t n = 1;
	for (; args[n - 1] && n < 31; n++)
		argv[n] = args[n - 1];
	argv[n] = NULL;
	struct run_opts o = { .env = env, .unprivileged = unprivileged };
	run_process(argv, &o, res);
}

START_TEST(static_hello_allowed)
{
	MAYBE_SKIP_UNPRIV();
	struct run_result r;
	sandboxify((const char *[]){ build_path("examples/helloworld-static"), NULL },
		   (const char *[]){ allow(STATIC_START), NULL }, _i, &r);
	ck_assert_exit(&r, 0);
	ck_assert_str_eq(r.out, "Hello, world!\n");
	ck_assert_msg(strstr(r.err, "adding write to the process seccomp filter\n") &&
		      strstr(r.err, "adding exit_group to the process seccomp filter\n"), "%s", r.err);
	run_result_free(&r);
}
END_TEST

START_TEST(static_hello_killed)
{
	MAYBE_SKIP_UNPRIV();
	struct run_result r;
	/* everything but write */
	sandboxify((const char *[]){ build_path("examples/helloworld-static"), NULL },
		   (const char *[]){ allow("brk:arch_prctl:set_tid_address:set_robust_list:rseq:"
			   "prlimit64:readlink:getrandom:mprotect:newfstatat:exit_group"),
			   "SECCOMP_QUIET=1", "SECCOMP_REPORT=0", NULL }, _i, &r);
	ck_assert_signal(&r, SIGSYS);
	ck_assert_str_eq(r.out, "");
	ck_assert_str_eq(r.err, "");
	run_result_free(&r);
}
END_TEST

START_TEST(static_program_reports_the_blocked_call)
{
	MAYBE_SKIP_UNPRIV();
	struct run_result r;
	/* the handler is placed by sandboxify: a static program has no libsandbox.so */
	sandboxify((const char *[]){ build_path("examples/helloworld-static"), NULL },
		   (const char *[]){ allow("brk:arch_prctl:set_tid_address:set_robust_list:rseq:"
			   "prlimit64:readlink:getrandom:mprotect:newfstatat:exit_group"),
			   "SECCOMP_QUIET=1", NULL }, _i, &r);
	ck_assert_signal(&r, SIGSYS);
	ck_assert_str_eq(r.out, "");
	ck_assert_msg(!strncmp(r.err, "sandbox: blocked syscall write(fd=1, buf=0x", 43) &&
		      strstr(r.err, "not in SECCOMP_SYSCALL_ALLOW\n"), "%s", r.err);
	run_result_free(&r);

	/* its own SIGSYS handler does not save a program */
	sandboxify((const char *[]){ build_path("tests/prog/syscaller-static"), "@catch-sigsys",
				     "getppid", NULL },
		   (const char *[]){ allow(STATIC_START ":rt_sigaction"), "SECCOMP_QUIET=1", NULL },
		   _i, &r);
	ck_assert_signal(&r, SIGSYS);
	ck_assert_msg(!strstr(r.out, "caught") && !strstr(r.out, "getppid="), "%s", r.out);
	ck_assert_msg(strstr(r.err, "sandbox: blocked syscall getppid()"), "%s", r.err);
	run_result_free(&r);
}
END_TEST

START_TEST(pid_is_preserved)
{
	MAYBE_SKIP_UNPRIV();
	char script[4096];
	snprintf(script, sizeof(script), "echo $$; exec %s %s getpid", build_path("sandboxify"),
		 build_path("tests/prog/syscaller-static"));
	struct run_result r;
	struct run_opts o = { .env = (const char *[]){ allow(STATIC_START ":getpid"),
						       "SECCOMP_QUIET=1", NULL },
			      .unprivileged = _i };
	run_process((const char *[]){ "/bin/sh", "-c", script, NULL }, &o, &r);
	ck_assert_exit(&r, 0);
	long shell_pid = 0, program_pid = -1;
	ck_assert_int_eq(sscanf(r.out, "%ld\ngetpid=%ld", &shell_pid, &program_pid), 2);
	ck_assert_int_eq(shell_pid, program_pid);
	run_result_free(&r);
}
END_TEST

START_TEST(program_is_confined_from_the_start)
{
	MAYBE_SKIP_UNPRIV();
	struct run_result r;
	sandboxify((const char *[]){ build_path("tests/prog/syscaller-static"), "@status", "Seccomp",
				     "@status", "NoNewPrivs", "@status", "TracerPid", NULL },
		   (const char *[]){ allow(STATIC_PROC), "SECCOMP_QUIET=1", NULL }, _i, &r);
	ck_assert_exit(&r, 0);
	ck_assert_str_eq(r.out, "Seccomp:\t2\nNoNewPrivs:\t1\nTracerPid:\t0\n");
	run_result_free(&r);
}
END_TEST

START_TEST(exec_refused_without_execve)
{
	MAYBE_SKIP_UNPRIV();
	const char *prog = build_path("tests/prog/syscaller-static");
	struct run_result r;
	sandboxify((const char *[]){ prog, "getpid", "@exec", prog, "getppid", NULL },
		   (const char *[]){ allow(STATIC_START ":getpid:getppid"), "SECCOMP_QUIET=1", NULL },
		   _i, &r);
	ck_assert_signal(&r, SIGSYS);
	ck_assert_msg(strstr(r.out, "getpid=") && !strstr(r.out, "getppid="), "%s", r.out);
	run_result_free(&r);
}
END_TEST

START_TEST(exec_allowed_with_execve)
{
	MAYBE_SKIP_UNPRIV();
	const char *prog = build_path("tests/prog/syscaller-static");
	struct run_result r;
	sandboxify((const char *[]){ prog, "getpid", "@exec", prog, "getppid", NULL },
		   (const char *[]){ allow(STATIC_START ":getpid:getppid:execve"), "SECCOMP_QUIET=1",
				     NULL }, _i, &r);
	ck_assert_exit(&r, 0);
	ck_assert_msg(strstr(r.out, "getpid=") && strstr(r.out, "getppid="), "%s", r.out);
	run_result_free(&r);
}
END_TEST

START_TEST(exit_status_is_the_programs)
{
	MAYBE_SKIP_UNPRIV();
	struct run_result r;
	/* syscaller exits 3 when its exec fails */
	sandboxify((const char *[]){ build_path("tests/prog/syscaller-static"), "@exec",
				     "/nonexistent/program", NULL },
		   (const char *[]){ allow(STATIC_START ":execve"), "SECCOMP_QUIET=1", NULL }, _i, &r);
	ck_assert_exit(&r, 3);
	ck_assert_str_eq(r.out, "execv=-1 ENOENT\n");
	run_result_free(&r);
}
END_TEST

START_TEST(program_found_in_path)
{
	MAYBE_SKIP_UNPRIV();
	char path[4200];
	snprintf(path, sizeof(path), "PATH=/nonexistent:%s:/usr/bin:/bin", build_path("tests/prog"));
	struct run_result r;
	struct run_opts o = { .env = (const char *[]){ allow(STATIC_START ":getpid"),
						       "SECCOMP_QUIET=1", NULL },
			      .unprivileged = _i };
	/* env replaces PATH (run_process puts its own first) */
	run_process((const char *[]){ "env", path, build_path("sandboxify"), "--",
				      "syscaller-static", "getpid", NULL }, &o, &r);
	ck_assert_exit(&r, 0);
	ck_assert_msg(!strncmp(r.out, "getpid=", 7), "%s", r.out);
	run_result_free(&r);
}
END_TEST

START_TEST(no_child_and_helper_gone)
{
	MAYBE_SKIP_UNPRIV();
	/* The helper is orphaned on purpose; as subreaper we inherit it and can see it end. */
	ck_assert_int_eq(prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0), 0);
	struct run_result r;
	sandboxify((const char *[]){ build_path("tests/prog/syscaller-static"), "@children", NULL },
		   (const char *[]){ allow(STATIC_PROC), "SECCOMP_QUIET=1", NULL }, _i, &r);
	ck_assert_exit(&r, 0);
	ck_assert_str_eq(r.out, "children: \n");
	int status, orphans = 0;
	pid_t pid;
	while ((pid = waitpid(-1, &status, 0)) > 0) {
		orphans++;
		ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "helper: %s",
			      describe_status(status));
	}
	ck_assert_int_eq(errno, ECHILD);
	ck_assert_int_eq(orphans, 1);   /* the helper, and it exited by itself */
	run_result_free(&r);
}
END_TEST

/* sandboxify is never filtered: the environment it passes on (LD_PRELOAD for the program)
 * runs no code in it, because it is linked whole and no dynamic loader reads the
 * environment before it. */
START_TEST(environment_runs_no_code_in_the_launcher)
{
	MAYBE_SKIP_UNPRIV();
	if (!sb_program_is_static(build_path("sandboxify")))
		SKIP_TEST("this build's sandboxify is linked dynamically (LAUNCHER_LDFLAGS)");
	char preload[4200];
	snprintf(preload, sizeof(preload), "LD_PRELOAD=%s", build_path("tests/lib/libannounce.so"));
	struct run_result r;
	/* The library announces itself wherever a loader runs it. */
	const char *dynamic[] = { build_path("tests/prog/syscaller"), "getpid", NULL };
	const char *env[] = { preload, NULL };
	run_process(dynamic, &(struct run_opts){ .env = env, .unprivileged = _i }, &r);
	ck_assert_exit(&r, 0);
	ck_assert_msg(strstr(r.err, "preloaded code ran in syscaller"), "%s", r.err);
	run_result_free(&r);
	sandboxify((const char *[]){ build_path("tests/prog/syscaller-static"), "getpid", NULL },
		   (const char *[]){ allow(STATIC_START ":getpid"), preload, "SECCOMP_QUIET=1", NULL }, _i, &r);
	ck_assert_exit(&r, 0);
	ck_assert_msg(!strstr(r.err, "preloaded code ran"), "%s", r.err);
	run_result_free(&r);
}
END_TEST

/* A program whose entry point leaves no room for the injected runner beside it gets the
 * same calls one single-step each: the report, the Landlock domain, the filter. */
START_TEST(entry_point_without_room_for_the_runner)
{
	MAYBE_SKIP_UNPRIV();
	const char *tiny = write_entry_at_the_end(NULL);
	struct run_result r;
	sandboxify((const char *[]){ tiny, NULL }, (const char *[]){ allow("exit_group"), NULL }, _i, &r);
	ck_assert_exit(&r, 0);
	run_result_free(&r);
	sandboxify((const char *[]){ tiny, NULL }, (const char *[]){ allow("exit"), NULL }, _i, &r);
	ck_assert_signal(&r, SIGSYS);
	ck_assert_msg(strstr(r.err, "blocked syscall exit_group"), "%s", r.err);
	run_result_free(&r);
}
END_TEST

/* The helper shares the launcher's memory (clone with CLONE_VM); under an enclosing filter
 * that refuses that with an errno, it is started as a copy and the launch works the same. */
START_TEST(helper_started_where_sharing_memory_is_refused)
{
	MAYBE_SKIP_UNPRIV();
	const char *dir = make_temp_dir();
	const char *outer = policy_file_env(dir, "outer.policy", "@default allow\n",
					    "clone: arg0 in ~CLONE_VM; return EPERM\n");
	/* The outer sandboxify takes its own variables out of the inner one's environment. */
	char inner_allow[2200];
	snprintf(inner_allow, sizeof(inner_allow), "SECCOMP_SYSCALL_ALLOW=%s:getpid", STATIC_START);
	struct run_result r;
	sandboxify((const char *[]){ "/usr/bin/env", inner_allow, "SECCOMP_QUIET=1",
				     build_path("sandboxify"), build_path("tests/prog/syscaller-static"),
				     "getpid", NULL },
		   (const char *[]){ outer, "SECCOMP_QUIET=1", NULL }, _i, &r);
	ck_assert_exit(&r, 0);
	ck_assert_msg(!strncmp(r.out, "getpid=", 7), "%s", r.out);
	run_result_free(&r);
}
END_TEST

/* The helper exits at the lowest priority, after the program has started: the program,
 * hostile and allowed ptrace, looks for it and tries to attach to it and read its memory
 * (which holds the report's cookie). Isolation is off, so only the helper's being
 * non-dumpable stands in the way; pinned to one CPU, the helper is still there. */
START_TEST(program_cannot_take_over_its_exiting_helper)
{
	SKIP_UNLESS_ROOT();
	struct run_result r;
	const char *argv[] = { "taskset", "-c", "0", build_path("sandboxify"),
			       build_path("tests/prog/helper_thief"), NULL };
	const char *env[] = { "SECCOMP_SYSCALL_DENY=acct", "SANDBOX_ISOLATE=0", "SECCOMP_QUIET=1", NULL };
	run_process(argv, &(struct run_opts){ .env = env, .unprivileged = true }, &r);
	/* Exit 0: no attach, no memory opened or read, for any process named so. */
	ck_assert_msg(exited_with(&r, 0), "%s: %s%s", describe_status(r.status), r.out, r.err);
	/* A live helper answers EPERM to the read; one that has exited (not yet reaped) ESRCH. */
	bool live = strstr(r.out, "seize=EPERM mem=EACCES read=EPERM") != NULL;
	run_result_free(&r);
	if (!live)
		SKIP_TEST("the helper had exited before the program looked for it");
}
END_TEST

/* ---- --preload --------------------------------------------------------------------- */

#define DYN_AFTER_START "write:newfstatat:exit_group:getpid"

START_TEST(preload_tightens_after_start)
{
	MAYBE_SKIP_UNPRIV();
	const char *prog = build_path("tests/prog/syscaller");
	struct run_result r;
	/* mprotect is in the guard (the loader needs it) but not in the policy */
	sandboxify((const char *[]){ "--preload", prog, "getpid", "mprotect:0:0:0", NULL },
		   (const char *[]){ allow(DYN_AFTER_START), NULL }, _i, &r);
	ck_assert_signal(&r, SIGSYS);
	ck_assert_msg(!strncmp(r.out, "getpid=", 7) && !strstr(r.out, "mprotect"), "%s", r.out);
	/* sandboxify printed the lines once; the library was quiet */
	const char *first = strstr(r.err, "adding getpid to the process seccomp filter\n");
	ck_assert_msg(first && !strstr(first + 1, "adding getpid"), "%s", r.err);
	run_result_free(&r);

	sandboxify((const char *[]){ "--preload", prog, "getpid", NULL },
		   (const char *[]){ allow(DYN_AFTER_START), "SECCOMP_QUIET=1", NULL }, _i, &r);
	ck_assert_exit(&r, 0);
	ck_assert_msg(!strncmp(r.out, "getpid=", 7), "%s", r.out);
	ck_assert_str_eq(r.err, "");
	run_result_free(&r);
}
END_TEST

/* A policy long enough that the constructor returns pages of its scratch area (madvise)
 * while the guard is the filter in force. */
START_TEST(preload_with_a_long_policy)
{
	MAYBE_SKIP_UNPRIV();
	struct run_result r;
	sandboxify((const char *[]){ "--preload", build_path("tests/prog/syscaller"), "getpid",
				     NULL },
		   (const char *[]){ allow(DYN_AFTER_START ":@basic-io:@file-system:@process:"
				     "@signal:@io-event"), "SECCOMP_QUIET=1", NULL }, _i, &r);
	ck_assert_exit(&r, 0);
	ck_assert_msg(!strncmp(r.out, "getpid=", 7), "%s", r.out);
	ck_assert_str_eq(r.err, "");
	run_result_free(&r);
}
END_TEST

/* A call neither the policy nor the guard allows is killed by the guard first: the
 * report must still name it, as it does without --preload. */
START_TEST(preload_reports_the_blocked_call)
{
	MAYBE_SKIP_UNPRIV();
	struct run_result r;
	sandboxify((const char *[]){ "--preload", build_path("tests/prog/syscaller"), "getpid",
				     "getppid", "getuid", NULL },
		   (const char *[]){ "SECCOMP_SYSCALL_DENY=getppid", "SECCOMP_QUIET=1", NULL }, _i, &r);
	ck_assert_signal(&r, SIGSYS);
	ck_assert_msg(strstr(r.out, "getpid=") && !strstr(r.out, "getuid="), "%s", r.out);
	ck_assert_msg(strstr(r.err, "sandbox: blocked syscall getppid() "), "%s", r.err);
	ck_assert_msg(strstr(r.err, "listed in SECCOMP_SYSCALL_DENY\n"), "%s", r.err);
	run_result_free(&r);
	/* ... and a program that tries to take SIGSYS over still dies */
	sandboxify((const char *[]){ "--preload", build_path("tests/prog/syscaller"), "@catch-sigsys",
				     "getppid", "getuid", NULL },
		   (const char *[]){ "SECCOMP_SYSCALL_DENY=getppid", "SECCOMP_QUIET=1", NULL }, _i, &r);
	ck_assert_signal(&r, SIGSYS);
	ck_assert_msg(!strstr(r.out, "caught") && !strstr(r.out, "getuid="), "%s", r.out);
	run_result_free(&r);
}
END_TEST

START_TEST(preload_library_broken_confines_exactly)
{
	MAYBE_SKIP_UNPRIV();
	const char *dir = make_temp_dir();
	const char *broken = write_temp_file(dir, "libsandbox.so", "not an ELF object\n");
	char library[4200];
	snprintf(library, sizeof(library), "SANDBOXIFY_LIBRARY=%s", broken);
	struct run_result r;
	/* The loader refuses the library and carries on under the guard; from the entry
	 * point on the policy applies exactly (without the library, nothing sets up the
	 * allocator before it: the policy names brk and getrandom). */
	sandboxify((const char *[]){ "--preload", build_path("tests/prog/syscaller"), "getpid",
				     "mprotect:0:0:0", "getppid", NULL },
		   (const char *[]){ allow(DYN_AFTER_START ":brk:getrandom"), "SECCOMP_QUIET=1",
				     library, NULL }, _i, &r);
	ck_assert_signal(&r, SIGSYS);
	ck_assert_msg(strstr(r.err, "cannot be preloaded"), "%s", r.err);
	ck_assert_msg(strstr(r.out, "getpid=") && !strstr(r.out, "mprotect") &&
		      !strstr(r.out, "getppid"), "%s", r.out);
	run_result_free(&r);
	/* a path the loader cannot use at all (a directory) */
	sandboxify((const char *[]){ "--preload", "--library", dir, build_path("tests/prog/syscaller"),
				     "getpid", "getppid", NULL },
		   (const char *[]){ allow(DYN_AFTER_START ":brk:getrandom"), "SECCOMP_QUIET=1",
				     NULL }, _i, &r);
	ck_assert_signal(&r, SIGSYS);
	ck_assert_msg(strstr(r.err, "cannot be preloaded"), "%s", r.err);
	ck_assert_msg(strstr(r.out, "getpid=") && !strstr(r.out, "getppid"), "%s", r.out);
	run_result_free(&r);
}
END_TEST

/* ---- errors ------------------------------------------------------------------------ */

static void expect_error(const char *const *args, const char *const *env, bool unprivileged,
			 int code, const char *message)
{
	struct run_result r;
	sandboxify(args, env, unprivileged, &r);
	ck_assert_exit(&r, code);
	ck_assert_msg(strstr(r.err, message), "expected '%s' in: %s", message, r.err);
	/* one line, and the program never ran */
	ck_assert_msg(!strncmp(r.err, "sandboxify: ", 12) && strchr(r.err, '\n') == r.err + strlen(r.err) - 1,
		      "not one line: %s", r.err);
	ck_assert_str_eq(r.out, "");
	run_result_free(&r);
}

START_TEST(error_cases)
{
	MAYBE_SKIP_UNPRIV();
	const char *prog = build_path("tests/prog/syscaller-static");
	const char *const ok_env[] = { allow(STATIC_START ":getpid"), "SECCOMP_QUIET=1", NULL };
	const char *dir = make_temp_dir();
	const char *plain = write_temp_file(dir, "not-executable", "#!/bin/sh\necho ran\n");

	expect_error((const char *[]){ NULL }, ok_env, _i, 125, "no program given");
	expect_error((const char *[]){ "--", NULL }, ok_env, _i, 125, "no program given");
	expect_error((const char *[]){ "--frobnicate", prog, NULL }, ok_env, _i, 125,
		     "unknown option '--frobnicate'");
	expect_error((const char *[]){ "no-such-program-xyz", NULL }, ok_env, _i, 127,
		     "no-such-program-xyz: command not found in PATH");
	expect_error((const char *[]){ "/nonexistent/prog", NULL }, ok_env, _i, 127,
		     "/nonexistent/prog: no such file");
	expect_error((const char *[]){ plain, NULL }, ok_env, _i, 126, "cannot execute: permission denied");
	expect_error((const char *[]){ dir, NULL }, ok_env, _i, 126, "cannot execute: is a directory");
	/* a bad configuration: 125 and the program does not run */
	expect_error((const char *[]){ prog, "getpid", NULL },
		     (const char *[]){ allow("read:wrte"), NULL }, _i, 125,
		     "SECCOMP_SYSCALL_ALLOW: unknown syscall 'wrte' (did you mean write");
	expect_error((const char *[]){ prog, "getpid", NULL },
		     (const char *[]){ allow("read"), "SECCOMP_SYSCALL_DENY=write", NULL }, _i, 125,
		     "SECCOMP_SYSCALL_ALLOW and SECCOMP_SYSCALL_DENY are both set");
	expect_error((const char *[]){ prog, "getpid", NULL },
		     (const char *[]){ allow("read"), "SECCOMP_DEFAULT_ACTION=explode", NULL }, _i, 125,
		     "SECCOMP_DEFAULT_ACTION: unknown action 'explode'");
	expect_error((const char *[]){ prog, "getpid", NULL }, (const char *[]){ NULL }, _i, 125,
		     "no filter configured");
	expect_error((const char *[]){ prog, "getpid", NULL },
		     (const char *[]){ allow("read"), "SECCOMP_REPORT=yes", NULL }, _i, 125,
		     "SECCOMP_REPORT: 'yes'");
	expect_error((const char *[]){ "--preload", prog, "getpid", NULL },
		     (const char *[]){ "SECCOMP_BPF_FILE=/dev/null", NULL }, _i, 125,
		     "SECCOMP_BPF_FILE is already compiled, so it cannot be extended");
	expect_error((const char *[]){ "--preload", "--library", "/nonexistent/libsandbox.so", prog,
				       NULL }, ok_env, _i, 125,
		     "cannot read libsandbox.so at '/nonexistent/libsandbox.so'");
	expect_error((const char *[]){ "--library", NULL }, ok_env, _i, 125,
		     "--library needs a path");
	/* The loader splits LD_PRELOAD at spaces and colons: such a path would never load,
	 * and the program would run under the guard instead of its policy. */
	const char *spaced = write_temp_file(dir, "lib sandbox.so", "");
	expect_error((const char *[]){ "--preload", "--library", spaced, prog, NULL }, ok_env, _i,
		     125, "cannot be preloaded from a path with a space or ':'");
}
END_TEST

START_TEST(traced_launcher_execs_under_filter)
{
	MAYBE_SKIP_UNPRIV();
	/* Under strace no helper can attach: sandboxify loads the filter itself and execs
	 * under it, so the exec needs execve in the policy; without it the launch is killed
	 * and the program never runs unfiltered. */
	struct run_result r;
	struct run_opts o = { .env = (const char *[]){ allow(STATIC_START ":getpid"),
						       "SECCOMP_QUIET=1", NULL },
			      .unprivileged = _i };
	const char *argv[] = { "strace", "-o", "/dev/null", build_path("sandboxify"),
			       build_path("tests/prog/syscaller-static"), "getpid", "getppid", NULL };
	run_process(argv, &o, &r);
	ck_assert_signal(&r, SIGSYS);    /* strace dies of its tracee's signal */
	ck_assert_str_eq(r.out, "");
	run_result_free(&r);

	o.env = (const char *[]){ allow(STATIC_START ":getpid:execve"), "SECCOMP_QUIET=1", NULL };
	run_process(argv, &o, &r);
	ck_assert_signal(&r, SIGSYS);
	ck_assert_msg(!strncmp(r.out, "getpid=", 7) && !strstr(r.out, "getppid"), "%s", r.out);
	run_result_free(&r);
}
END_TEST

START_TEST(help_and_version)
{
	struct run_result r;
	sandboxify((const char *[]){ "--help", NULL }, NULL, false, &r);
	ck_assert_exit(&r, 0);
	ck_assert_msg(strstr(r.out, "usage: sandboxify [--preload]"), "%s", r.out);
	run_result_free(&r);
	sandboxify((const char *[]){ "--version", NULL }, NULL, false, &r);
	ck_assert_exit(&r, 0);
	ck_assert_msg(!strncmp(r.out, "sandboxify ", 11), "%s", r.out);
	run_result_free(&r);
	/* after --, options are the program's */
	sandboxify((const char *[]){ "--", "--help", NULL },
		   (const char *[]){ allow("read"), NULL }, false, &r);
	ck_assert_exit(&r, 127);
	run_result_free(&r);
}
END_TEST

/* ---- the README example, as written ------------------------------------------------ */

/* The "$ SECCOMP_..." command lines of the sandboxify section, in order. */
static size_t readme_commands(char cmds[][1024], size_t max)
{
	FILE *f = fopen(tree_path("README.md"), "r");
	ck_assert_msg(f != NULL, "README.md");
	char line[1024];
	bool in_section = false;
	size_t n = 0;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "<!-- section: ", 14))
			in_section = strstr(line, "section: sandboxify ") != NULL;
		else if (in_section && !strncmp(line, "$ SECCOMP_", 10) && strstr(line, "sandboxify ") &&
			 n < max) {
			line[strcspn(line, "\n")] = '\0';
			snprintf(cmds[n++], 1024, "%s", line + 2);
		}
	}
	fclose(f);
	return n;
}

START_TEST(readme_example_works)
{
	MAYBE_SKIP_UNPRIV();
	char cmds[8][1024];
	ck_assert_uint_eq(readme_commands(cmds, 8), 5);
	char path[4200], script[2048];
	snprintf(path, sizeof(path), "PATH=%s:/usr/bin:/bin", build_path(""));
	snprintf(script, sizeof(script), "cd %s && %s", tree_path(""), cmds[0]);
	struct run_result r;
	struct run_opts o = { .unprivileged = _i };
	run_process((const char *[]){ "env", path, "sh", "-c", script, NULL }, &o, &r);
	ck_assert_exit(&r, 0);
	ck_assert_str_eq(r.out, "Hello, world!\n");
	run_result_free(&r);
	/* the second example drops write: killed before printing */
	snprintf(script, sizeof(script), "cd %s && %s", tree_path(""), cmds[1]);
	run_process((const char *[]){ "env", path, "sh", "-c", script, NULL }, &o, &r);
	/* the shell reports the signal as 128 + SIGSYS */
	ck_assert_exit(&r, 128 + SIGSYS);
	ck_assert_str_eq(r.out, "");
	ck_assert_msg(strstr(r.err, "Bad system call"), "%s", r.err);
	run_result_free(&r);
	/* --follow: a static child dies in silence without it, named with it */
	for (int follow = 0; follow < 2; follow++) {
		snprintf(script, sizeof(script), "cd %s && %s", tree_path(""), cmds[2 + follow]);
		run_process((const char *[]){ "env", path, "sh", "-c", script, NULL }, &o, &r);
		ck_assert_exit(&r, 0);
		ck_assert_str_eq(r.out, "status 159\n");
		ck_assert_msg(!strstr(r.err, "sandbox: blocked syscall readlink(path=0x") == !follow,
			      "%s", r.err);
		run_result_free(&r);
	}
	/* the --preload example */
	snprintf(script, sizeof(script), "cd %s && %s", tree_path(""), cmds[4]);
	run_process((const char *[]){ "env", path, "sh", "-c", script, NULL }, &o, &r);
	ck_assert_exit(&r, 0);
	ck_assert_str_eq(r.out, "Hello, world!\n");
	run_result_free(&r);
}
END_TEST

/* The helper is an unfiltered process of the program's user that outlives the program's
 * first instruction by a few microseconds: it must not be open to ptrace or /proc/PID/mem
 * from that program (a policy may allow ptrace). */
static int report_dumpable(pid_t pid, void *arg, struct sandbox_error *err)
{
	(void)pid; (void)arg; (void)err;
	dprintf(STDERR_FILENO, "helper dumpable=%d\n", prctl(PR_GET_DUMPABLE, 0, 0, 0, 0));
	return SANDBOX_OK;
}

START_TEST(helper_cannot_be_traced_by_the_program)
{
	int out[2];
	ck_assert_int_eq(pipe(out), 0);
	pid_t child = fork();
	ck_assert_int_ge(child, 0);
	if (child == 0) {
		dup2(out[1], STDERR_FILENO);
		close(out[0]);
		close(out[1]);
		char *const argv[] = { "true", NULL };
		char *const envp[] = { NULL };
		struct sb_launch l = { .name = "test", .path = "/bin/true", .argv = argv,
				       .envp = envp, .at_exec = report_dumpable };
		struct sandbox_error err = { 0 };
		int exec_errno;
		sb_launch(&l, &exec_errno, &err);
		_exit(99);
	}
	close(out[1]);
	char buf[256] = "";
	size_t got = 0;
	ssize_t n;
	while ((n = read(out[0], buf + got, sizeof(buf) - 1 - got)) > 0)
		got += (size_t)n;
	buf[got] = '\0';
	close(out[0]);
	int status;
	ck_assert_int_eq(waitpid(child, &status, 0), child);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "%s", describe_status(status));
	ck_assert_str_eq(buf, "helper dumpable=0\n");
}
END_TEST

Suite *sandboxify_suite(void)
{
	Suite *s = suite_create("sandboxify");
	TCase *tc = tcase_create("launch");
	/* loop index: 0 as root, 1 as uid 65534 without capabilities */
	tcase_add_loop_test(tc, static_hello_allowed, 0, 2);
	tcase_add_loop_test(tc, static_hello_killed, 0, 2);
	tcase_add_loop_test(tc, static_program_reports_the_blocked_call, 0, 2);
	tcase_add_loop_test(tc, pid_is_preserved, 0, 2);
	tcase_add_loop_test(tc, program_is_confined_from_the_start, 0, 2);
	tcase_add_loop_test(tc, exec_refused_without_execve, 0, 2);
	tcase_add_loop_test(tc, exec_allowed_with_execve, 0, 2);
	tcase_add_loop_test(tc, exit_status_is_the_programs, 0, 2);
	tcase_add_loop_test(tc, program_found_in_path, 0, 2);
	tcase_add_loop_test(tc, no_child_and_helper_gone, 0, 2);
	tcase_add_loop_test(tc, environment_runs_no_code_in_the_launcher, 0, 2);
	tcase_add_loop_test(tc, entry_point_without_room_for_the_runner, 0, 2);
	tcase_add_loop_test(tc, helper_started_where_sharing_memory_is_refused, 0, 2);
	tcase_add_test(tc, program_cannot_take_over_its_exiting_helper);
	tcase_add_loop_test(tc, preload_tightens_after_start, 0, 2);
	tcase_add_loop_test(tc, preload_with_a_long_policy, 0, 2);
	tcase_add_loop_test(tc, preload_reports_the_blocked_call, 0, 2);
	tcase_add_loop_test(tc, preload_library_broken_confines_exactly, 0, 2);
	tcase_add_loop_test(tc, error_cases, 0, 2);
	tcase_add_loop_test(tc, traced_launcher_execs_under_filter, 0, 2);
	tcase_add_test(tc, help_and_version);
	tcase_add_test(tc, helper_cannot_be_traced_by_the_program);
	tcase_add_loop_test(tc, readme_example_works, 0, 2);
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);
	return s;
}
