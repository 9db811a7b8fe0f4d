/* The blocked-syscall report in the programs the sandboxed one starts. */
#include "support.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define ENV(...) ((const char *const[]){ preload_env(), "SECCOMP_QUIET=1", __VA_ARGS__, NULL })

static struct run_result res;

static void teardown(void)
{
	run_result_free(&res);
}

static void run(const char *const *env, const char *const *argv)
{
	/* As uid 65534 when the suite runs as root, as the suite's user otherwise. */
	struct run_opts o = { .env = env, .unprivileged = running_as_root() };
	run_process(argv, &o, &res);
}

#define SH(script) ((const char *const[]){ "/bin/sh", "-c", script, NULL })

/* The first case: a pipeline whose ls is refused lgetxattr. The shell carries on
 * (wc is the pipeline's status), the line comes from ls. */
START_TEST(pipeline_member_reports)
{
	run(ENV("SECCOMP_SYSCALL_DENY=lgetxattr"), SH("ls -l /etc | wc -l"));
	ck_assert_exit(&res, 0);
	ck_assert_msg(strstr(res.err, "sandbox: blocked syscall lgetxattr(pathname=0x"),
		      "stderr: %s", res.err);
	ck_assert_msg(strstr(res.err, "listed in SECCOMP_SYSCALL_DENY\n"), "stderr: %s", res.err);
}
END_TEST

/* make's rm: the recipe's line names unlinkat, the file stays. */
START_TEST(make_recipe_reports)
{
	const char *dir = make_temp_dir();
	write_temp_file(dir, "Makefile", "all:\n\trm -f victim\n");
	write_temp_file(dir, "victim", "");
	char script[512];
	snprintf(script, sizeof(script), "cd %s && make -s", dir);
	run(ENV("SECCOMP_SYSCALL_DENY=unlinkat:unlink"), SH(script));
	ck_assert_exit(&res, 2);
	ck_assert_msg(strstr(res.err, "sandbox: blocked syscall unlinkat(dfd=AT_FDCWD, pathname=0x"),
		      "stderr: %s", res.err);
	ck_assert_msg(strstr(res.err, "Bad system call"), "stderr: %s", res.err);
	char victim[512];
	snprintf(victim, sizeof(victim), "%s/victim", dir);
	struct stat st;
	ck_assert_int_eq(stat(victim, &st), 0);
}
END_TEST

/* Grandchildren too: the report passes from each program to the next (sched_yield, 24:
 * a call the shell itself never makes). */
START_TEST(grandchild_reports)
{
	const char *prog = build_path("tests/prog/syscaller");
	run(ENV("SECCOMP_SYSCALL_DENY=sched_yield"),
	    (const char *const[]){ prog, "@exec", "/bin/sh", "-c", "\"$0\" getpid 24 getuid", prog,
				   NULL });
	ck_assert_exit(&res, 128 + SIGSYS);   /* the shell's status for its child */
	ck_assert_msg(strstr(res.err, "sandbox: blocked syscall sched_yield() \xe2\x80\x94 listed in "
				      "SECCOMP_SYSCALL_DENY\n"), "stderr: %s", res.err);
	ck_assert_ptr_nonnull(strstr(res.out, "getpid="));
	ck_assert_ptr_null(strstr(res.out, "getuid="));
}
END_TEST

/* A child cannot use the report's handler slot for a handler of its own: its sigaction is
 * faked as in the first program, so the refused call still ends it. */
START_TEST(child_cannot_catch_sigsys)
{
	const char *prog = build_path("tests/prog/syscaller");
	run(ENV("SECCOMP_SYSCALL_DENY=getppid"),
	    (const char *const[]){ prog, "@exec", prog, "@catch-sigsys", "getppid", "getuid", NULL });
	ck_assert_signal(&res, SIGSYS);
	ck_assert_ptr_nonnull(strstr(res.err, "sandbox: blocked syscall getppid()"));
	ck_assert_ptr_null(strstr(res.out, "getuid="));
	ck_assert_ptr_null(strstr(res.out, "caught"));
}
END_TEST

/* The variable is the report's only: a forged one (another cookie) leaves the child without
 * the line but killed all the same; a malformed one stops the child with one line. */
START_TEST(forged_inherited_report_changes_nothing_but_the_line)
{
	const char *prog = build_path("tests/prog/syscaller");
	char script[1024];
	snprintf(script, sizeof(script), "SECCOMP_REPORT_INHERITED=\"$(printf %%s \"$SECCOMP_REPORT_INHERITED\" "
		 "| sed 's/^1:[0-9a-f]*:/1:0123456789abcdef:/')\" exec %s 24 getuid", prog);
	run(ENV("SECCOMP_SYSCALL_DENY=sched_yield"), SH(script));
	ck_assert_signal(&res, SIGSYS);
	ck_assert_ptr_null(strstr(res.out, "getuid="));
	ck_assert_msg(!strstr(res.err, "blocked syscall"), "stderr: %s", res.err);
	run_result_free(&res);

	snprintf(script, sizeof(script), "SECCOMP_REPORT_INHERITED=1:zz exec %s getpid", prog);
	run(ENV("SECCOMP_SYSCALL_DENY=sched_yield"), SH(script));
	ck_assert_exit(&res, 125);
	ck_assert_msg(strstr(res.err, "libsandbox: SECCOMP_REPORT_INHERITED: "), "stderr: %s", res.err);
	ck_assert_str_eq(res.out, "");
}
END_TEST

/* What the opening leaves: a program that reads the cookie from its environment can
 * install a handler of its own with it and survive the refused call (which still does not
 * run). SECCOMP_REPORT=0 closes it: no cookie, no opening, the kernel's kill. */
START_TEST(cookie_from_the_environment_buys_a_handler_unless_report_off)
{
	const char *prog = build_path("tests/prog/syscaller");
	const char *attack = build_path("tests/prog/inherited_handler");
	run(ENV("SECCOMP_SYSCALL_DENY=getppid"), (const char *const[]){ prog, "@exec", attack, NULL });
	ck_assert_exit(&res, 0);
	ck_assert_str_eq(res.out, "survived\n");
	run_result_free(&res);
	run(ENV("SECCOMP_SYSCALL_DENY=getppid", "SECCOMP_REPORT=0"),
	    (const char *const[]){ prog, "@exec", attack, NULL });
	ck_assert_signal(&res, SIGSYS);
	ck_assert_str_eq(res.out, "");
}
END_TEST

/* SECCOMP_REPORT=0 is for the whole tree: no child reports. */
START_TEST(report_off_reaches_no_child)
{
	const char *prog = build_path("tests/prog/syscaller");
	run(ENV("SECCOMP_SYSCALL_DENY=getppid", "SECCOMP_REPORT=0"),
	    (const char *const[]){ prog, "@exec", prog, "@env", "SECCOMP_REPORT_INHERITED", "getppid", NULL });
	ck_assert_signal(&res, SIGSYS);
	ck_assert_str_eq(res.out, "SECCOMP_REPORT_INHERITED unset\n");
	ck_assert_str_eq(res.err, "");
}
END_TEST

/* Under sandboxify --preload a dynamic child reports as under the library; a static child
 * has no code of ours to run the report: without --follow it dies by SIGSYS in silence, as
 * documented; with --follow the helper, still its tracer, writes the line for it. */
START_TEST(sandboxify_children)
{
	const char *prog = build_path("tests/prog/syscaller");
	const char *const env[] = { "SECCOMP_QUIET=1", "SECCOMP_SYSCALL_DENY=getppid", NULL };
	const char *sbx = build_path("sandboxify");
	run(env, (const char *const[]){ sbx, "--preload", "--", prog, "@exec", prog, "getppid",
					"getuid", NULL });
	ck_assert_signal(&res, SIGSYS);
	ck_assert_msg(strstr(res.err, "sandbox: blocked syscall getppid()"), "stderr: %s", res.err);
	ck_assert_ptr_null(strstr(res.out, "getuid="));
	run_result_free(&res);

	const char *stat_prog = build_path("tests/prog/syscaller-static");
	const char *const without[] = { sbx, "--", stat_prog, "@exec", stat_prog, "getppid", "getuid",
					NULL };
	const char *const with[] = { sbx, "--follow", "--", stat_prog, "@exec", stat_prog, "getppid",
				     "getuid", NULL };
	for (int follow = 0; follow < 2; follow++) {
		const char *const *argv = follow ? with : without;
		run(env, argv);
		ck_assert_signal(&res, SIGSYS);
		ck_assert_ptr_null(strstr(res.out, "getuid="));
		bool line = strstr(res.err, "sandbox: blocked syscall getppid() \xe2\x80\x94 listed in "
					    "SECCOMP_SYSCALL_DENY\n") != NULL;
		ck_assert_msg(line == (follow == 1), "follow %d, stderr: %s", follow, res.err);
		run_result_free(&res);
	}
}
END_TEST

/* With --follow every process of the tree gets the line once, whatever it is: a static
 * program, a dynamic one without the library, a thread, one that blocked SIGSYS with the
 * raw system call (the kernel unblocks it to kill; the helper sees it on its way), and one
 * whose own handler reports (the library's: not twice). Job control and the shell's own
 * status are untouched. */
START_TEST(sandboxify_follow_reports_for_the_whole_tree)
{
	const char *dyn = build_path("tests/prog/syscaller"), *stat = build_path("tests/prog/syscaller-static");
	char script[2048];
	snprintf(script, sizeof(script),
		 "%s 24; echo a; LD_PRELOAD= %s 24; echo b; %s @thread 24; echo c; "
		 "%s @block-sigsys-raw 24; echo d; %s 24; echo e; "
		 "sleep 0.3 & kill -STOP $!; kill -CONT $!; wait $!; echo waited $?; exit 7",
		 stat, dyn, stat, dyn, dyn);
	const char *const env[] = { "SECCOMP_QUIET=1", "SECCOMP_SYSCALL_DENY=sched_yield", NULL };
	run(env, (const char *const[]){ build_path("sandboxify"), "--preload", "--follow", "--",
					"/bin/sh", "-c", script, NULL });
	ck_assert_exit(&res, 7);
	ck_assert_str_eq(res.out, "a\nb\nc\nd\ne\nwaited 0\n");
	size_t lines = 0;
	for (const char *p = res.err; (p = strstr(p, "sandbox: blocked syscall sched_yield() ")); p++)
		lines++;
	ck_assert_msg(lines == 5, "%zu lines: %s", lines, res.err);
}
END_TEST

/* --follow writes the report: without one it is refused, and under a tracer too. */
START_TEST(sandboxify_follow_needs_the_report)
{
	const char *const env[] = { "SECCOMP_QUIET=1", "SECCOMP_SYSCALL_DENY=sched_yield",
				    "SECCOMP_REPORT=0", NULL };
	run(env, (const char *const[]){ build_path("sandboxify"), "--follow", "--", "/bin/true", NULL });
	ck_assert_exit(&res, 125);
	ck_assert_msg(strstr(res.err, "sandboxify: --follow writes the blocked-syscall report, which "
				      "this policy does not have (accepted: "), "stderr: %s", res.err);
	ck_assert_str_eq(res.out, "");
}
END_TEST

Suite *report_children_suite(void)
{
	Suite *s = suite_create("report_children");
	TCase *tc = tcase_create("report_children");
	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, pipeline_member_reports);
	tcase_add_test(tc, make_recipe_reports);
	tcase_add_test(tc, grandchild_reports);
	tcase_add_test(tc, child_cannot_catch_sigsys);
	tcase_add_test(tc, forged_inherited_report_changes_nothing_but_the_line);
	tcase_add_test(tc, report_off_reaches_no_child);
	tcase_add_test(tc, cookie_from_the_environment_buys_a_handler_unless_report_off);
	tcase_add_test(tc, sandboxify_children);
	tcase_add_test(tc, sandboxify_follow_reports_for_the_whole_tree);
	tcase_add_test(tc, sandboxify_follow_needs_the_report);
	suite_add_tcase(s, tc);
	return s;
}
