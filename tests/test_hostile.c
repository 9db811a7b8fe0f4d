/* Hostile programs: each test runs an attack as uid 65534 and checks that the program
 * ends up under exactly the filter it was given, or does not run. */
#include "support.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct run_result res;

static void teardown(void)
{
	run_result_free(&res);
}

#define ENV(...) ((const char *const[]){ preload_env(), __VA_ARGS__, NULL })

static void run_as_user(const char *const *argv, const char *const *env)
{
	struct run_opts o = { .env = env, .unprivileged = running_as_root() };
	run_process(argv, &o, &res);
}

/* An executable exporting sandbox_apply_env, or syscall() and prctl(), cannot take the
 * library's own calls: they bind inside the library, and the filter is loaded with the
 * system call instruction. */
START_TEST(exported_names_do_not_replace_the_librarys_calls)
{
	static const char *const progs[] = { "tests/prog/interposer-api", "tests/prog/interposer-libc" };
	const char *argv[] = { tree_path(progs[_i]), NULL };
	run_as_user(argv, ENV("SECCOMP_SYSCALL_DENY=getppid", "SECCOMP_QUIET=1"));
	ck_assert_signal(&res, SIGSYS);
	ck_assert_str_eq(res.out, "Seccomp:\t2\n");
}
END_TEST

/* The trace action outside a tracer: the program attaches a tracer of its own that lets
 * every refused call continue. The filter is refused before main instead. */
START_TEST(trace_action_without_a_tracer_is_refused)
{
	const char *argv[] = { tree_path("tests/prog/selftrace"), "110" /* getppid */, NULL };
	run_as_user(argv, ENV("SECCOMP_SYSCALL_DENY=getppid", "SECCOMP_DEFAULT_ACTION=trace",
			      "SECCOMP_QUIET=1"));
	ck_assert_exit(&res, 125);
	ck_assert_str_eq(res.out, "");
	ck_assert_pstr_eq(strstr(res.err, "the trace action hands refused calls to a tracer"),
			  strchr(res.err, 't'));
}
END_TEST

START_TEST(sandboxify_refuses_the_trace_action)
{
	const char *argv[] = { tree_path("sandboxify"), tree_path("tests/prog/selftrace"), "110", NULL };
	run_as_user(argv, (const char *const[]){ "SECCOMP_SYSCALL_DENY=getppid",
						 "SECCOMP_DEFAULT_ACTION=trace", "SECCOMP_QUIET=1", NULL });
	ck_assert_exit(&res, 125);
	ck_assert_str_eq(res.out, "");
	ck_assert_msg(!strncmp(res.err, "sandboxify: the trace action hands", 34), "%s", res.err);
}
END_TEST

Suite *hostile_suite(void)
{
	Suite *s = suite_create("hostile");
	TCase *tc = tcase_create("library");
	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_loop_test(tc, exported_names_do_not_replace_the_librarys_calls, 0, 2);
	tcase_add_test(tc, trace_action_without_a_tracer_is_refused);
	tcase_add_test(tc, sandboxify_refuses_the_trace_action);
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);
	return s;
}
