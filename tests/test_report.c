/* The blocked-syscall report: a killed program names the call that killed it. */
#include "support.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ENV(...) ((const char *const[]){ preload_env(), "SECCOMP_QUIET=1", __VA_ARGS__, NULL })

static struct run_result res;

static void teardown(void)
{
	run_result_free(&res);
}

static void run(const char *const *env, const char *const *argv, bool unprivileged)
{
	struct run_opts o = { .env = env, .unprivileged = unprivileged };
	run_process(argv, &o, &res);
}
#define SYSCALLER(...) ((const char *const[]){ build_path("tests/prog/syscaller"), __VA_ARGS__, NULL })
#define HELLO ((const char *const[]){ build_path("examples/helloworld"), NULL })

START_TEST(killed_run_names_the_call_and_hints_the_sibling)
{
	run(ENV("SECCOMP_SYSCALL_ALLOW=fstat:write:exit_group"), HELLO, false);
	ck_assert_signal(&res, SIGSYS);
	ck_assert_msg(strstr(res.err, "sandbox: blocked syscall newfstatat(dfd=1, filename=0x"),
		      "stderr: %s", res.err);
	ck_assert_msg(strstr(res.err, "not in SECCOMP_SYSCALL_ALLOW (fstat is allowed: this libc "
				      "calls newfstatat instead)\n"), "stderr: %s", res.err);
	ck_assert_str_eq(res.out, "");
}
END_TEST

START_TEST(report_gets_out_when_write_is_refused)
{
	run(ENV("SECCOMP_SYSCALL_ALLOW=newfstatat:exit_group"), HELLO, false);
	ck_assert_signal(&res, SIGSYS);
	ck_assert_msg(strstr(res.err, "sandbox: blocked syscall write(fd=1, buf=0x"), "stderr: %s", res.err);
}
END_TEST

START_TEST(allowed_run_prints_nothing_extra)
{
	run(ENV("SECCOMP_SYSCALL_ALLOW=newfstatat:write:exit_group"), HELLO, false);
	ck_assert_exit(&res, 0);
	ck_assert_str_eq(res.err, "");
	ck_assert_str_eq(res.out, "Hello, world!\n");
}
END_TEST

/* Arguments by their declared names, constants by name, the rest as the kernel reads them;
 * a number the table does not name as the number, its six registers in hex. */
START_TEST(deny_list_reason_and_arguments_by_name)
{
	run(ENV("SECCOMP_SYSCALL_DENY=ioctl"), SYSCALLER("getpid", "ioctl:1:0x5401:0x7ffe0000", "getuid"),
	    false);
	ck_assert_signal(&res, SIGSYS);
	ck_assert_msg(strstr(res.err, "sandbox: blocked syscall ioctl(fd=1, cmd=TCGETS, arg=0x7ffe0000) "
				      "\xe2\x80\x94 listed in SECCOMP_SYSCALL_DENY\n"),
		      "stderr: %s", res.err);
	ck_assert_ptr_null(strstr(res.out, "getuid="));
	run_result_free(&res);
	run(ENV("SECCOMP_SYSCALL_DENY=kill:500"), SYSCALLER("500:0x10:255"), false);
	ck_assert_signal(&res, SIGSYS);
	ck_assert_msg(strstr(res.err, "sandbox: blocked syscall 500(0x10, 0xff, 0x0, 0x0, 0x0, 0x0) "
				      "\xe2\x80\x94 listed in SECCOMP_SYSCALL_DENY\n"),
		      "stderr: %s", res.err);
	run_result_free(&res);
	run(ENV("SECCOMP_SYSCALL_DENY=kill"), SYSCALLER("kill:0:0x10000000a"), false);
	ck_assert_signal(&res, SIGSYS);
	ck_assert_msg(strstr(res.err, "sandbox: blocked syscall kill(pid=0, sig=SIGUSR1) "), "stderr: %s",
		      res.err);
	ck_assert_ptr_null(strstr(res.out, "getuid="));
}
END_TEST

START_TEST(catching_sigsys_does_not_save_the_program)
{
	run(ENV("SECCOMP_SYSCALL_DENY=getppid"), SYSCALLER("@catch-sigsys", "getppid", "getuid"), false);
	ck_assert_signal(&res, SIGSYS);
	ck_assert_ptr_null(strstr(res.out, "caught"));
	ck_assert_ptr_null(strstr(res.out, "getuid="));
	ck_assert_ptr_nonnull(strstr(res.err, "blocked syscall getppid()"));
}
END_TEST

/* The kernel reads rt_sigaction's signal as an int: bits above 31 must not slip a handler
 * past the filter's guard. */
START_TEST(sigsys_handler_with_a_wide_signal_number_does_not_save_the_program)
{
	run(ENV("SECCOMP_SYSCALL_DENY=getppid"), SYSCALLER("@catch-sigsys-wide", "getppid", "getuid"),
	    false);
	ck_assert_signal(&res, SIGSYS);
	ck_assert_ptr_null(strstr(res.out, "caught"));
	ck_assert_ptr_null(strstr(res.out, "getuid="));
	ck_assert_ptr_nonnull(strstr(res.err, "blocked syscall getppid()"));
}
END_TEST

/* rt_sigaction runs under log (or trace) too: the guard must cover every action that lets
 * the call through, not only allow. */
START_TEST(sigsys_handler_under_a_log_default_does_not_save_the_program)
{
	const char *dir = make_temp_dir();
	char *policy = write_temp_file(dir, "log.policy", "@default log\ngetppid: kill\n");
	char var[4200];
	snprintf(var, sizeof(var), "SECCOMP_POLICY_FILE=%s", policy);
	run(ENV(var), SYSCALLER("@catch-sigsys", "getppid", "getuid"), false);
	ck_assert_signal(&res, SIGSYS);
	ck_assert_ptr_null(strstr(res.out, "caught"));
	ck_assert_ptr_null(strstr(res.out, "getuid="));
	ck_assert_ptr_nonnull(strstr(res.err, "blocked syscall getppid()"));
}
END_TEST

/* A program that blocks SIGSYS through the C library (sigprocmask), a thread that blocks
 * every signal (pthread_sigmask), or an event loop reading every signal from a signalfd
 * still gets the report: the library keeps SIGSYS out of the masks it sets, and the kill
 * happens as before. */
START_TEST(blocking_sigsys_does_not_save_the_program)
{
	static const char *const how[][2] = { { "@block-sigsys", "getpid" }, { "@block-all", "@thread" },
					      { "@signalfd-all", "getpid" } };
	run(ENV("SECCOMP_SYSCALL_DENY=getppid"), SYSCALLER(how[_i][0], how[_i][1], "getppid", "getuid"),
	    running_as_root());
	ck_assert_signal(&res, SIGSYS);
	ck_assert_ptr_null(strstr(res.out, "getuid="));
	ck_assert_msg(_i != 2 || strstr(res.out, "signalfd=ok\n"), "stdout: %s", res.out);
	ck_assert_msg(strstr(res.err, "sandbox: blocked syscall getppid() \xe2\x80\x94 listed in "
			     "SECCOMP_SYSCALL_DENY"), "stderr: %s", res.err);
}
END_TEST

/* Blocked with the raw system call, SIGSYS is out of the library's sight: the program still
 * dies by SIGSYS, without the line (the documented limit). Without the report the masks are
 * the program's own. */
START_TEST(raw_blocking_still_kills)
{
	run(ENV("SECCOMP_SYSCALL_DENY=getppid"), SYSCALLER("@block-sigsys-raw", "getppid", "getuid"), false);
	ck_assert_signal(&res, SIGSYS);
	ck_assert_ptr_null(strstr(res.out, "getuid="));
	ck_assert_str_eq(res.err, "");
}
END_TEST

/* posix_spawn's mask for a child leaves SIGSYS out too (the child's SigBlk, bit 30), and is
 * the program's own with the report off. */
START_TEST(spawned_child_keeps_sigsys_deliverable)
{
	const char *prog = build_path("tests/prog/syscaller");
	const char *const argv[] = { prog, "@spawn-blocked", prog, "@status", "SigBlk", NULL };
	run(ENV("SECCOMP_SYSCALL_DENY=ptrace"), argv, false);
	ck_assert_exit(&res, 0);
	unsigned long long mask;
	const char *line = strstr(res.out, "SigBlk:");
	ck_assert_msg(line && sscanf(line, "SigBlk: %llx", &mask) == 1, "%s", res.out);
	ck_assert_msg(!(mask & (1ULL << (SIGSYS - 1))) && (mask & (1ULL << (SIGUSR1 - 1))),
		      "SigBlk %llx", mask);
	run_result_free(&res);
	run(ENV("SECCOMP_SYSCALL_DENY=ptrace", "SECCOMP_REPORT=0"), argv, false);
	line = strstr(res.out, "SigBlk:");
	ck_assert_msg(line && sscanf(line, "SigBlk: %llx", &mask) == 1, "%s", res.out);
	ck_assert_msg(mask & (1ULL << (SIGSYS - 1)), "SigBlk %llx", mask);
}
END_TEST

START_TEST(threads_report_and_die)
{
	run(ENV("SECCOMP_SYSCALL_DENY=getppid"), SYSCALLER("getpid", "@thread", "getppid", "getuid"), false);
	ck_assert_signal(&res, SIGSYS);
	ck_assert_ptr_nonnull(strstr(res.err, "blocked syscall getppid()"));
	ck_assert_ptr_null(strstr(res.out, "getuid="));
}
END_TEST

START_TEST(report_off_is_a_silent_kill)
{
	run(ENV("SECCOMP_SYSCALL_DENY=getppid", "SECCOMP_REPORT=0"), SYSCALLER("getppid"), false);
	ck_assert_signal(&res, SIGSYS);
	ck_assert_str_eq(res.err, "");
}
END_TEST

START_TEST(other_actions_are_unchanged)
{
	run(ENV("SECCOMP_SYSCALL_ALLOW=", "SECCOMP_DEFAULT_ACTION=log"), HELLO, false);
	ck_assert_exit(&res, 0);
	ck_assert_str_eq(res.out, "Hello, world!\n");
	run_result_free(&res);
	run(ENV("SECCOMP_SYSCALL_DENY=getppid", "SECCOMP_DEFAULT_ACTION=errno:ENOSYS"),
	    SYSCALLER("getppid"), false);
	ck_assert_exit(&res, 0);
	ck_assert_str_eq(res.out, "getppid=-1 ENOSYS\n");
	run_result_free(&res);
	/* An explicit trap is the program's to handle: no report, its own handler runs. */
	run(ENV("SECCOMP_SYSCALL_DENY=getppid", "SECCOMP_DEFAULT_ACTION=trap"),
	    SYSCALLER("@catch-sigsys", "getppid", "getuid"), false);
	ck_assert_exit(&res, 0);
	ck_assert_ptr_nonnull(strstr(res.out, "caught SIGSYS for syscall 110\n"));
	ck_assert_ptr_nonnull(strstr(res.out, "getuid="));
	ck_assert_str_eq(res.err, "");
}
END_TEST

START_TEST(bad_report_value_fails_closed)
{
	run(ENV("SECCOMP_SYSCALL_DENY=getppid", "SECCOMP_REPORT=yes"), SYSCALLER("getpid"), false);
	ck_assert_exit(&res, 125);
	ck_assert_ptr_nonnull(strstr(res.err, "SECCOMP_REPORT: 'yes' (accepted: 1"));
}
END_TEST

START_TEST(unprivileged_user_sees_the_report)
{
	SKIP_UNLESS_ROOT();
	run(ENV("SECCOMP_SYSCALL_ALLOW=fstat:write:exit_group"), HELLO, true);
	ck_assert_signal(&res, SIGSYS);
	ck_assert_ptr_nonnull(strstr(res.err, "sandbox: blocked syscall newfstatat("));
}
END_TEST

/* A call of another ABI is refused whatever the policy says; with the report it is named
 * as such before the process dies by SIGSYS. The i386 case needs the kernel's IA32
 * emulation (probed with the same program run unfiltered); x32 calls are trapped by the
 * filter before any kernel support for them matters. */
START_TEST(foreign_abi_calls_are_named)
{
	static const char *const abis[] = { "i386", "x32" };
	static const char *const want[] = {
		"sandbox: blocked i386 syscall 20 (getpid) \xe2\x80\x94 foreign ABI, always refused\n",
		"sandbox: blocked x32 syscall 39 (getpid) \xe2\x80\x94 foreign ABI, always refused\n",
	};
	const char *prog = build_path("tests/prog/foreign_abi");
	if (_i == 0) {
		run((const char *const[]){ NULL }, (const char *const[]){ prog, "i386", NULL }, false);
		if (!exited_with(&res, 0))
			SKIP_TEST("no IA32 emulation in this kernel (int 0x80 getpid: %s)",
				  describe_status(res.status));
		run_result_free(&res);
	}
	/* An allow list that allows getpid itself: the ABI alone refuses the call. */
	run(ENV("SECCOMP_SYSCALL_DENY=ptrace"), (const char *const[]){ prog, abis[_i], NULL },
	    running_as_root());
	ck_assert_signal(&res, SIGSYS);
	ck_assert_str_eq(res.out, "");
	ck_assert_msg(strstr(res.err, want[_i]), "stderr: %s", res.err);
	/* Without the report: the same kill, in silence. */
	run_result_free(&res);
	run(ENV("SECCOMP_SYSCALL_DENY=ptrace", "SECCOMP_REPORT=0"),
	    (const char *const[]){ prog, abis[_i], NULL }, false);
	ck_assert_signal(&res, SIGSYS);
	ck_assert_str_eq(res.err, "");
}
END_TEST

Suite *report_suite(void)
{
	Suite *s = suite_create("report");
	TCase *tc = tcase_create("report");
	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, killed_run_names_the_call_and_hints_the_sibling);
	tcase_add_test(tc, report_gets_out_when_write_is_refused);
	tcase_add_test(tc, allowed_run_prints_nothing_extra);
	tcase_add_test(tc, deny_list_reason_and_arguments_by_name);
	tcase_add_test(tc, catching_sigsys_does_not_save_the_program);
	tcase_add_test(tc, sigsys_handler_with_a_wide_signal_number_does_not_save_the_program);
	tcase_add_test(tc, sigsys_handler_under_a_log_default_does_not_save_the_program);
	tcase_add_loop_test(tc, blocking_sigsys_does_not_save_the_program, 0, 3);
	tcase_add_test(tc, raw_blocking_still_kills);
	tcase_add_test(tc, spawned_child_keeps_sigsys_deliverable);
	tcase_add_test(tc, threads_report_and_die);
	tcase_add_test(tc, report_off_is_a_silent_kill);
	tcase_add_test(tc, other_actions_are_unchanged);
	tcase_add_test(tc, bad_report_value_fails_closed);
	tcase_add_test(tc, unprivileged_user_sees_the_report);
	tcase_add_loop_test(tc, foreign_abi_calls_are_named, 0, 2);
	suite_add_tcase(s, tc);
	return s;
}
