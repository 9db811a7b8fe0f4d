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

Suite *hostile_suite(void)
{
	Suite *s = suite_create("hostile");
	TCase *tc = tcase_create("library");
	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_loop_test(tc, exported_names_do_not_replace_the_librarys_calls, 0, 2);
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);
	return s;
}
