/* libsandbox.so end to end: real processes under LD_PRELOAD, their statuses and output. */
#include "support.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define ENV(...) ((const char *const[]){ preload_env(), __VA_ARGS__, NULL })

static struct run_result res;

static void teardown(void)
{
	run_result_free(&res);
}

static void run_hello(const char *const *env)
{
	const char *argv[] = { build_path("examples/helloworld"), NULL };
	struct run_opts o = { .env = env };
	run_process(argv, &o, &res);
}

static void run_syscaller(const char *const *env, const char *const *calls)
{
	const char *argv[32] = { build_path("tests/prog/syscaller") };
	size_t n = 1;
	for (; calls[n - 1] && n < 31; n++)
		argv[n] = calls[n - 1];
	argv[n] = NULL;
	struct run_opts o = { .env = env };
	run_process(argv, &o, &res);
}
#define SYSCALLER(env, ...) run_syscaller(env, (const char *const[]){ __VA_ARGS__, NULL })

/* The seed README's examples, corrected for glibc 2.36 (printf calls newfstatat). */
START_TEST(readme_allowed_hello_world)
{
	run_hello(ENV("SECCOMP_SYSCALL_ALLOW=newfstatat:write:exit_group"));
	ck_assert_exit(&res, 0);
	ck_assert_str_eq(res.out, "Hello, world!\n");
	ck_assert_str_eq(res.err, "adding newfstatat to the process seccomp filter\n"
				  "adding write to the process seccomp filter\n"
				  "adding exit_group to the process seccomp filter\n");
}
END_TEST

START_TEST(readme_killed_hello_world)
{
	run_hello(ENV("SECCOMP_SYSCALL_ALLOW=newfstatat:exit_group"));
	ck_assert_signal(&res, SIGSYS);
	ck_assert_str_eq(res.out, "");
}
END_TEST

/* The C allocator's first call needs brk and getrandom. A list that refuses them gets the
 * allocator set up before the filter (so printf works, as above); one that allows them
 * leaves the program's memory alone. heapless reads its own maps without allocating. */
static void run_heapless(const char *list)
{
	const char *argv[] = { build_path("tests/prog/heapless"), NULL };
	struct run_opts o = { .env = ENV(list, "SECCOMP_QUIET=1") };
	run_process(argv, &o, &res);
}

START_TEST(allocator_is_set_up_only_when_the_filter_would_refuse_it)
{
	const char *needs = "openat:read:write:close:exit_group";
	char list[256];
	snprintf(list, sizeof(list), "SECCOMP_SYSCALL_ALLOW=%s:brk:getrandom", needs);
	run_heapless(list);
	ck_assert_exit(&res, 0);
	ck_assert_str_eq(res.out, "heap: no\n");
	run_result_free(&res);
	/* Without getrandom, or without brk: set up before the filter. */
	snprintf(list, sizeof(list), "SECCOMP_SYSCALL_ALLOW=%s:brk", needs);
	run_heapless(list);
	ck_assert_exit(&res, 0);
	ck_assert_str_eq(res.out, "heap: yes\n");
	run_result_free(&res);
	snprintf(list, sizeof(list), "SECCOMP_SYSCALL_ALLOW=%s:getrandom", needs);
	run_heapless(list);
	ck_assert_exit(&res, 0);
	ck_assert_str_eq(res.out, "heap: yes\n");
	run_result_free(&res);
	/* A deny list that leaves both alone, and one that refuses brk. */
	run_heapless("SECCOMP_SYSCALL_DENY=ptrace");
	ck_assert_exit(&res, 0);
	ck_assert_str_eq(res.out, "heap: no\n");
	run_result_free(&res);
	run_heapless("SECCOMP_SYSCALL_DENY=brk");
	ck_assert_exit(&res, 0);
	ck_assert_str_eq(res.out, "heap: yes\n");
	run_result_free(&res);
	/* A compiled filter is read for it too: with and without getrandom. */
	const char *dir = make_temp_dir();
	for (int with = 0; with < 2; with++) {
		char bpf[256], setting[300], list[256];
		snprintf(bpf, sizeof(bpf), "%s/%d.bpf", dir, with);
		snprintf(list, sizeof(list), "SECCOMP_SYSCALL_ALLOW=%s:brk%s", needs,
			 with ? ":getrandom" : "");
		const char *argv[] = { build_path("sandbox-policy"), "compile", "--from-env", "-o",
				       bpf, NULL };
		struct run_opts o = { .env = (const char *const[]){ list, NULL } };
		run_process(argv, &o, &res);
		ck_assert_exit(&res, 0);
		run_result_free(&res);
		snprintf(setting, sizeof(setting), "SECCOMP_BPF_FILE=%s", bpf);
		run_heapless(setting);
		ck_assert_exit(&res, 0);
		ck_assert_str_eq(res.out, with ? "heap: no\n" : "heap: yes\n");
		run_result_free(&res);
	}
}
END_TEST

START_TEST(readme_log_mode_lets_calls_through)
{
	run_hello(ENV("SECCOMP_SYSCALL_ALLOW=", "SECCOMP_DEFAULT_ACTION=log"));
	ck_assert_exit(&res, 0);
	ck_assert_str_eq(res.out, "Hello, world!\n");
}
END_TEST

START_TEST(quiet_silences_messages)
{
	run_hello(ENV("SECCOMP_SYSCALL_ALLOW=newfstatat:write:exit_group", "SECCOMP_QUIET=1"));
	ck_assert_exit(&res, 0);
	ck_assert_str_eq(res.err, "");
}
END_TEST

START_TEST(nothing_set_does_nothing)
{
	SYSCALLER(ENV("SECCOMP_QUIET=1"), "@seccomp", "getppid");
	ck_assert_exit(&res, 0);
	ck_assert_ptr_nonnull(strstr(res.out, "Seccomp:\t0\n"));
	ck_assert_str_eq(res.err, "");
}
END_TEST

START_TEST(deny_list_kills_listed_call_only)
{
	SYSCALLER(ENV("SECCOMP_SYSCALL_DENY=getppid:mount"), "getpid", "getppid", "getuid");
	ck_assert_signal(&res, SIGSYS);
	ck_assert_ptr_nonnull(strstr(res.out, "getpid="));
	ck_assert_ptr_null(strstr(res.out, "getuid="));
}
END_TEST

START_TEST(deny_list_with_errno_name)
{
	SYSCALLER(ENV("SECCOMP_SYSCALL_DENY=getppid", "SECCOMP_DEFAULT_ACTION=errno:ENOSYS"),
		  "getppid", "getuid");
	ck_assert_exit(&res, 0);
	ck_assert_ptr_nonnull(strstr(res.out, "getppid=-1 ENOSYS\n"));
	ck_assert_ptr_nonnull(strstr(res.out, "getuid="));
}
END_TEST

START_TEST(allow_list_with_errno_number_and_plain_errno)
{
	SYSCALLER(ENV("SECCOMP_SYSCALL_ALLOW=newfstatat:write:exit_group:getuid",
		      "SECCOMP_DEFAULT_ACTION=errno:13"), "getppid", "getuid");
	ck_assert_exit(&res, 0);
	ck_assert_ptr_nonnull(strstr(res.out, "getppid=-1 EACCES\n"));
	run_result_free(&res);
	SYSCALLER(ENV("SECCOMP_SYSCALL_DENY=getppid", "SECCOMP_DEFAULT_ACTION=errno"), "getppid");
	ck_assert_exit(&res, 0);
	ck_assert_str_eq(res.out, "getppid=-1 EPERM\n");
}
END_TEST

START_TEST(numbers_work_as_names)
{
	/* 110 is getppid on x86_64. */
	SYSCALLER(ENV("SECCOMP_SYSCALL_DENY=110", "SECCOMP_DEFAULT_ACTION=errno:EXDEV"), "getppid");
	ck_assert_exit(&res, 0);
	ck_assert_str_eq(res.out, "getppid=-1 EXDEV\n");
}
END_TEST

START_TEST(trap_and_kill_thread_actions)
{
	SYSCALLER(ENV("SECCOMP_SYSCALL_DENY=getppid", "SECCOMP_DEFAULT_ACTION=trap"), "getppid");
	ck_assert_signal(&res, SIGSYS);
	run_result_free(&res);
	/* kill_thread on the only thread ends the process, with SIGSYS as its status. */
	SYSCALLER(ENV("SECCOMP_SYSCALL_DENY=getppid", "SECCOMP_DEFAULT_ACTION=kill_thread"),
		  "getpid", "getppid", "getuid");
	ck_assert_signal(&res, SIGSYS);
	ck_assert_ptr_null(strstr(res.out, "getuid="));
}
END_TEST

START_TEST(environment_is_scrubbed_and_seccomp_is_2)
{
	SYSCALLER(ENV("SECCOMP_SYSCALL_DENY=mount", "SECCOMP_DEFAULT_ACTION=kill", "SECCOMP_QUIET=1"),
		  "@env", "SECCOMP_SYSCALL_DENY", "@env", "SECCOMP_DEFAULT_ACTION", "@env",
		  "SECCOMP_QUIET", "@seccomp");
	ck_assert_exit(&res, 0);
	ck_assert_str_eq(res.out, "SECCOMP_SYSCALL_DENY unset\nSECCOMP_DEFAULT_ACTION unset\n"
				  "SECCOMP_QUIET unset\nSeccomp:\t2\n");
}
END_TEST

START_TEST(threads_are_confined)
{
	SYSCALLER(ENV("SECCOMP_SYSCALL_DENY=getppid"), "getpid", "@thread", "getppid", "getuid");
	ck_assert_signal(&res, SIGSYS);
	ck_assert_ptr_null(strstr(res.out, "getuid="));
}
END_TEST

static void run_with_ctor_thread(const char *const *extra)
{
	static char preload[8192];
	/* The last preloaded object's constructor runs first: the thread exists before
	 * libsandbox.so installs the filter. */
	snprintf(preload, sizeof(preload), "LD_PRELOAD=%s %s", build_path("libsandbox.so"),
		 build_path("tests/lib/libthreadctor.so"));
	/* Isolation off: a Landlock domain would bind only one thread, so with isolation on
	 * the program is stopped before any filter (test_isolate.c). */
	const char *env[8] = { preload, "SANDBOX_ISOLATE=0" };
	for (size_t i = 0; extra[i]; i++)
		env[i + 2] = extra[i];
	const char *argv[] = { build_path("tests/prog/release-thread"), NULL };
	struct run_opts o = { .env = env };
	run_process(argv, &o, &res);
}

START_TEST(thread_from_another_constructor_is_confined)
{
	run_with_ctor_thread((const char *const[]){ "SECCOMP_QUIET=1", NULL });
	ck_assert_exit(&res, 0);
	ck_assert_ptr_nonnull(strstr(res.out, "thread getppid="));
	run_result_free(&res);
	run_with_ctor_thread((const char *const[]){ "SECCOMP_SYSCALL_DENY=getppid", NULL });
	ck_assert_signal(&res, SIGSYS);
	ck_assert_ptr_null(strstr(res.out, "thread getppid="));
}
END_TEST

START_TEST(unsynchronisable_thread_stops_the_program)
{
	run_with_ctor_thread((const char *const[]){ "SECCOMP_SYSCALL_DENY=getppid",
						    "THREADCTOR_OWN_FILTER=1", NULL });
	ck_assert_exit(&res, 125);
	ck_assert_ptr_nonnull(strstr(res.err, "could not confine thread"));
	ck_assert_str_eq(res.out, "");
}
END_TEST

START_TEST(children_inherit_across_fork_and_exec)
{
	SYSCALLER(ENV("SECCOMP_SYSCALL_DENY=getppid"), "@fork", "getppid");
	ck_assert_exit(&res, 0);
	ck_assert_str_eq(res.out, "child: signal 31\n");
	run_result_free(&res);
	/* The variables are gone in the new program, the filter is not. */
	SYSCALLER(ENV("SECCOMP_SYSCALL_DENY=getppid"), "@exec", build_path("tests/prog/syscaller-static"),
		  "@env", "SECCOMP_SYSCALL_DENY", "@seccomp", "getppid", "getuid");
	ck_assert_signal(&res, SIGSYS);
	ck_assert_str_eq(res.out, "SECCOMP_SYSCALL_DENY unset\nSeccomp:\t2\n");
}
END_TEST

START_TEST(load_failure_stops_the_program)
{
	/* An outer filter makes seccomp() fail with EPERM for the inner program. */
	static char inner_preload[8192];
	snprintf(inner_preload, sizeof(inner_preload), "%s", preload_env());
	SYSCALLER(ENV("SECCOMP_SYSCALL_DENY=seccomp", "SECCOMP_DEFAULT_ACTION=errno:EPERM"),
		  "@exec", "/usr/bin/env", "SECCOMP_SYSCALL_ALLOW=write:exit_group",
		  build_path("examples/helloworld"));
	ck_assert_exit(&res, 125);
	ck_assert_ptr_nonnull(strstr(res.err, "libsandbox: seccomp(SECCOMP_SET_MODE_FILTER): "
					      "Operation not permitted"));
	ck_assert_str_eq(res.out, "");
}
END_TEST

START_TEST(unprivileged_user_is_sandboxed)
{
	SKIP_UNLESS_ROOT();
	const char *argv[] = { build_path("tests/prog/syscaller"), "@seccomp", "getuid", "getppid", NULL };
	struct run_opts o = { .env = ENV("SECCOMP_SYSCALL_DENY=getppid"), .unprivileged = true };
	run_process(argv, &o, &res);
	ck_assert_signal(&res, SIGSYS);
	ck_assert_str_eq(res.out, "Seccomp:\t2\ngetuid=65534\n");
}
END_TEST

/* Bad configurations: exit 125 before main, one line naming the variable and the entry. */
static void expect_setup_error(const char *const *env, const char *needle)
{
	run_hello(env);
	ck_assert_exit(&res, 125);
	ck_assert_str_eq(res.out, "");
	ck_assert_msg(strstr(res.err, needle), "missing '%s' in: %s", needle, res.err);
	ck_assert_msg(strncmp(res.err, "libsandbox: ", 12) == 0 && strchr(res.err, '\n') ==
		      res.err + strlen(res.err) - 1, "not one line: %s", res.err);
}

START_TEST(bad_configuration_fails_closed)
{
	expect_setup_error(ENV("SECCOMP_SYSCALL_ALLOW=write:wrte"), "unknown syscall 'wrte' (did you mean write");
	run_result_free(&res);
	expect_setup_error(ENV("SECCOMP_SYSCALL_ALLOW=write", "SECCOMP_SYSCALL_DENY=read"),
			   "SECCOMP_SYSCALL_ALLOW and SECCOMP_SYSCALL_DENY are both set");
	run_result_free(&res);
	expect_setup_error(ENV("SECCOMP_SYSCALL_DENY=read", "SECCOMP_DEFAULT_ACTION=explode"),
			   "SECCOMP_DEFAULT_ACTION: unknown action 'explode'");
	run_result_free(&res);
	expect_setup_error(ENV("SECCOMP_SYSCALL_DENY=read", "SECCOMP_DEFAULT_ACTION=errno:EWHAT"),
			   "unknown errno 'EWHAT'");
	run_result_free(&res);
	expect_setup_error(ENV("SECCOMP_SYSCALL_DENY=read:99999"), "syscall number out of range '99999'");
	run_result_free(&res);
	expect_setup_error(ENV("SECCOMP_SYSCALL_DENY=read:wr\x01te"), "non-printable");
	run_result_free(&res);
	expect_setup_error(ENV("SECCOMP_SYSCALL_DENY=read", "SECCOMP_QUIET=yes"), "SECCOMP_QUIET");
}
END_TEST

START_TEST(lone_bad_action_is_still_an_error)
{
	expect_setup_error(ENV("SECCOMP_DEFAULT_ACTION=kil"), "SECCOMP_DEFAULT_ACTION: unknown action 'kil'");
}
END_TEST

START_TEST(value_at_the_kernel_limit)
{
	/* One environment string may be 128 KiB (MAX_ARG_STRLEN): about 25,000 entries. */
	static char big[131072];
	size_t o = snprintf(big, sizeof(big), "SECCOMP_SYSCALL_DENY=");
	while (o + 8 < sizeof(big) - 1)
		o += (size_t)snprintf(big + o, sizeof(big) - o, "getppid:");
	SYSCALLER(ENV(big, "SECCOMP_DEFAULT_ACTION=errno:ENOSYS", "SECCOMP_QUIET=1"), "getppid", "getuid");
	ck_assert_exit(&res, 0);
	ck_assert_ptr_nonnull(strstr(res.out, "getppid=-1 ENOSYS\ngetuid="));
}
END_TEST

START_TEST(patchelf_links_the_library_for_good)
{
	const char *dir = make_temp_dir();
	char copy[256], cmd[1024];
	snprintf(copy, sizeof(copy), "%s/helloworld", dir);
	snprintf(cmd, sizeof(cmd), "cp %s %s && patchelf --add-needed %s %s", build_path("examples/helloworld"),
		 copy, build_path("libsandbox.so"), copy);
	ck_assert_int_eq(system(cmd), 0);
	const char *argv[] = { copy, NULL };
	struct run_opts o = { .env = (const char *const[]){ "SECCOMP_SYSCALL_ALLOW=newfstatat:write:exit_group", NULL } };
	run_process(argv, &o, &res);
	ck_assert_exit(&res, 0);
	ck_assert_str_eq(res.out, "Hello, world!\n");
	run_result_free(&res);
	o.env = (const char *const[]){ "SECCOMP_SYSCALL_ALLOW=newfstatat:exit_group", NULL };
	run_process(argv, &o, &res);
	ck_assert_signal(&res, SIGSYS);
	run_result_free(&res);
	/* Without the library the program refuses to start rather than run unfiltered. */
	snprintf(cmd, sizeof(cmd), "cd %s && cp %s libsandbox.so && cp %s hello2 && patchelf --add-needed "
		 "%s/libsandbox.so hello2 && rm libsandbox.so", dir, build_path("libsandbox.so"),
		 build_path("examples/helloworld"), dir);
	ck_assert_int_eq(system(cmd), 0);
	snprintf(copy, sizeof(copy), "%s/hello2", dir);
	run_process(argv, &o, &res);
	ck_assert_exit(&res, 127);
	ck_assert_ptr_nonnull(strstr(res.err, "libsandbox.so: cannot open shared object file"));
	ck_assert_str_eq(res.out, "");
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

Suite *core_suite(void)
{
	Suite *s = suite_create("core");
	TCase *readme = tcase_create("readme");
	tcase_add_checked_fixture(readme, NULL, teardown);
	tcase_add_test(readme, readme_allowed_hello_world);
	tcase_add_test(readme, readme_killed_hello_world);
	tcase_add_test(readme, allocator_is_set_up_only_when_the_filter_would_refuse_it);
	tcase_add_test(readme, readme_log_mode_lets_calls_through);
	tcase_add_test(readme, quiet_silences_messages);
	tcase_add_test(readme, nothing_set_does_nothing);
	suite_add_tcase(s, readme);

	TCase *actions = tcase_create("actions");
	tcase_add_checked_fixture(actions, NULL, teardown);
	tcase_add_test(actions, deny_list_kills_listed_call_only);
	tcase_add_test(actions, deny_list_with_errno_name);
	tcase_add_test(actions, allow_list_with_errno_number_and_plain_errno);
	tcase_add_test(actions, numbers_work_as_names);
	tcase_add_test(actions, trap_and_kill_thread_actions);
	suite_add_tcase(s, actions);

	TCase *enforce = tcase_create("enforcement");
	tcase_add_checked_fixture(enforce, NULL, teardown);
	tcase_add_test(enforce, environment_is_scrubbed_and_seccomp_is_2);
	tcase_add_test(enforce, threads_are_confined);
	tcase_add_test(enforce, thread_from_another_constructor_is_confined);
	tcase_add_test(enforce, unsynchronisable_thread_stops_the_program);
	tcase_add_test(enforce, children_inherit_across_fork_and_exec);
	tcase_add_test(enforce, load_failure_stops_the_program);
	tcase_add_test(enforce, unprivileged_user_is_sandboxed);
	tcase_add_test(enforce, patchelf_links_the_library_for_good);
	suite_add_tcase(s, enforce);

	TCase *bad = tcase_create("bad input");
	tcase_add_checked_fixture(bad, NULL, teardown);
	tcase_add_test(bad, bad_configuration_fails_closed);
	tcase_add_test(bad, lone_bad_action_is_still_an_error);
	tcase_add_test(bad, value_at_the_kernel_limit);
	suite_add_tcase(s, bad);
	return s;
}
