/* Policy files end to end: the library, sandboxify and sandbox-policy on real processes.
 * mount(2) with NULL pointers is the probe: when the filter lets it through the kernel
 * answers EFAULT, so an allowed argument and a refused one are told apart safely. */
#include "support.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static struct run_result res;
static char dir[64];

static void setup(void)
{
	snprintf(dir, sizeof(dir), "%s", make_temp_dir());
}

static void teardown(void)
{
	run_result_free(&res);
}

static const char base[] = "@system-service: 1\n";

/* A policy file in the test folder: base rules plus `rules`. Returns "SECCOMP_POLICY_FILE=..." */
static const char *policy_env(const char *name, const char *rules)
{
	return policy_file_env(dir, name, base, rules);
}

static void run(const char *launcher, const char *const *env, const char *const *calls)
{
	const char *argv[32];
	size_t n = 0;
	if (launcher) {
		argv[n++] = build_path(launcher);
		argv[n++] = build_path("tests/prog/syscaller-static");
	} else {
		argv[n++] = build_path("tests/prog/syscaller");
	}
	for (size_t i = 0; calls[i] && n < 31; i++)
		argv[n++] = calls[i];
	argv[n] = NULL;
	struct run_opts o = { .env = env };
	run_process(argv, &o, &res);
}
#define ENV(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define CALLS(...) ((const char *const[]){ __VA_ARGS__, NULL })

START_TEST(allowed_argument_passes_refused_gets_errno)
{
	/* the high word decides: 0x100000005 is allowed, 5 is not */
	const char *pol = policy_env("errno.policy", "mount: arg3 == 0x100000005; return EPERM\n");
	run(NULL, ENV(preload_env(), pol), CALLS("mount:0:0:0:0x100000005", "mount:0:0:0:5", "getpid"));
	ck_assert_exit(&res, 0);
	ck_assert_msg(strstr(res.out, "mount=-1 EFAULT\nmount=-1 EPERM\ngetpid="), "%s", res.out);
}
END_TEST

START_TEST(refused_argument_gets_the_default_kill)
{
	const char *pol = policy_env("kill.policy", "mount: arg3 == 5 || arg3 == 7\n");
	run(NULL, ENV(preload_env(), pol), CALLS("mount:0:0:0:7", "mount:0:0:0:6", "getpid"));
	ck_assert_signal(&res, SIGSYS);
	ck_assert_msg(strstr(res.out, "mount=-1 EFAULT\n") && !strstr(res.out, "getpid"), "%s",
		      res.out);
}
END_TEST

START_TEST(default_action_variable_overrides_the_fallback)
{
	const char *pol = policy_env("log.policy", "mount: arg3 == 5\n");
	run(NULL, ENV(preload_env(), pol, "SECCOMP_DEFAULT_ACTION=errno:EACCES"),
	    CALLS("mount:0:0:0:5", "mount:0:0:0:6", "reboot:0"));
	ck_assert_exit(&res, 0);
	ck_assert_msg(strstr(res.out, "mount=-1 EFAULT\nmount=-1 EACCES\nreboot=-1 EACCES\n"),
		      "%s", res.out);
}
END_TEST

START_TEST(pointer_argument_compares_all_64_bits)
{
	const char *pol = policy_env("fdcwd.policy", "mount: arg0 == AT_FDCWD; return EPERM\n");
	/* mount's arg0 is a pointer: -100 sign-extended and 0xffffff9c are two values (an int
	 * argument would keep the low word only: tests/test_arg_widths.c) */
	run(NULL, ENV(preload_env(), pol), CALLS("mount:-100", "mount:0xffffff9c"));
	ck_assert_exit(&res, 0);
	ck_assert_msg(strstr(res.out, "mount=-1 EFAULT\nmount=-1 EPERM\n"), "%s", res.out);
}
END_TEST

START_TEST(sandboxify_reads_policy_files)
{
	const char *pol = policy_env("static.policy", "mount: arg3 == 5; return EPERM\n");
	run("sandboxify", ENV(pol), CALLS("mount:0:0:0:5", "mount:0:0:0:4"));
	ck_assert_exit(&res, 0);
	ck_assert_msg(strstr(res.out, "mount=-1 EFAULT\nmount=-1 EPERM\n"), "%s", res.out);
}
END_TEST

START_TEST(include_map_variable_redirects_includes)
{
	char sub[128], env[256];
	snprintf(sub, sizeof(sub), "%s/shared", dir);
	mkdir(sub, 0755);
	write_temp_file(sub, "common.policy", "mount: arg3 == 5; return ENODEV\n");
	const char *pol = policy_env("inc.policy", "@include /usr/share/policy/app/common.policy\n");
	snprintf(env, sizeof(env), "SECCOMP_POLICY_INCLUDE_MAP=/usr/share/policy/app=%s", sub);
	run(NULL, ENV(preload_env(), pol, env), CALLS("mount:0:0:0:6"));
	ck_assert_exit(&res, 0);
	ck_assert_str_eq(res.out, "mount=-1 ENODEV\n");
	/* without the map the include is missing: the program never runs */
	run(NULL, ENV(preload_env(), pol), CALLS("getpid"));
	ck_assert_exit(&res, 125);
	ck_assert_str_eq(res.out, "");
	ck_assert_msg(strstr(res.err, "inc.policy:2:1: include not found: "
			     "'/usr/share/policy/app/common.policy'"), "%s", res.err);
}
END_TEST

START_TEST(bad_policy_fails_closed)
{
	const char *pol = policy_env("bad.policy", "mount: arg3 == MS_NOSUCH\n");
	run(NULL, ENV(preload_env(), pol), CALLS("getpid"));
	ck_assert_exit(&res, 125);
	ck_assert_str_eq(res.out, "");
	ck_assert_msg(strstr(res.err, "bad.policy:2:16: unknown constant 'MS_NOSUCH'"), "%s", res.err);
	run("sandboxify", ENV(pol), CALLS("getpid"));
	ck_assert_exit(&res, 125);
	ck_assert_str_eq(res.out, "");

	pol = policy_env("ok.policy", "");
	run(NULL, ENV(preload_env(), pol, "SECCOMP_SYSCALL_ALLOW=read"), CALLS("getpid"));
	ck_assert_exit(&res, 125);
	ck_assert_msg(strstr(res.err, "SECCOMP_SYSCALL_ALLOW and SECCOMP_POLICY_FILE are both set"),
		      "%s", res.err);
	run(NULL, ENV(preload_env(), "SECCOMP_POLICY_FILE=/dev/zero"), CALLS("getpid"));
	ck_assert_exit(&res, 125);
	ck_assert_msg(strstr(res.err, "/dev/zero: not a regular file"), "%s", res.err);
}
END_TEST

START_TEST(groups_in_the_allow_list)
{
	run(NULL, ENV(preload_env(), "SECCOMP_SYSCALL_ALLOW=@system-service", "SECCOMP_QUIET=1"),
	    CALLS("getpid", "mount:0:0:0:0"));
	ck_assert_signal(&res, SIGSYS);
	ck_assert_msg(strstr(res.out, "getpid=") && !strstr(res.out, "mount="), "%s", res.out);
	run(NULL, ENV(preload_env(), "SECCOMP_SYSCALL_DENY=@mount", "SECCOMP_DEFAULT_ACTION=errno:EPERM"),
	    CALLS("mount:0:0:0:0", "getpid"));
	ck_assert_exit(&res, 0);
	ck_assert_msg(strstr(res.out, "mount=-1 EPERM\ngetpid="), "%s", res.out);
	ck_assert_msg(strstr(res.err, "adding @mount to the process seccomp filter"), "%s", res.err);
}
END_TEST

static void tool(const char *const *argv, const char *const *env)
{
	struct run_opts o = { .env = env };
	run_process(argv, &o, &res);
}

START_TEST(compiled_filter_file_loads_and_malformed_is_refused)
{
	const char *pol = policy_env("c.policy", "mount: arg3 == 5; return EPERM\n");
	char out[128], env[160];
	snprintf(out, sizeof(out), "%s/c.bpf", dir);
	tool(ENV(build_path("sandbox-policy"), "compile", strchr(pol, '=') + 1, "-o", out), NULL);
	ck_assert_exit(&res, 0);
	struct stat st;
	ck_assert_int_eq(stat(out, &st), 0);
	ck_assert_int_eq(st.st_size % 8, 0);

	snprintf(env, sizeof(env), "SECCOMP_BPF_FILE=%s", out);
	run(NULL, ENV(preload_env(), env), CALLS("mount:0:0:0:5", "mount:0:0:0:4"));
	ck_assert_exit(&res, 0);
	ck_assert_msg(strstr(res.out, "mount=-1 EFAULT\nmount=-1 EPERM\n"), "%s", res.out);
	run("sandboxify", ENV(env), CALLS("mount:0:0:0:4"));
	ck_assert_exit(&res, 0);
	ck_assert_str_eq(res.out, "mount=-1 EPERM\n");

	/* the same policy through --from-env gives the same bytes */
	char out2[128], cmp[300];
	snprintf(out2, sizeof(out2), "%s/env.bpf", dir);
	tool(ENV(build_path("sandbox-policy"), "compile", "--from-env", "-o", out2), ENV(pol));
	ck_assert_exit(&res, 0);
	snprintf(cmp, sizeof(cmp), "cmp %s %s", out, out2);
	ck_assert_int_eq(system(cmp), 0);

	char *bad = write_temp_file(dir, "bad.bpf", "not a filter!!!\n");   /* 16 bytes */
	snprintf(env, sizeof(env), "SECCOMP_BPF_FILE=%s", bad);
	run(NULL, ENV(preload_env(), env), CALLS("getpid"));
	ck_assert_exit(&res, 125);
	ck_assert_str_eq(res.out, "");
	ck_assert_msg(strstr(res.err, "bad.bpf: instruction 0: instruction not allowed"), "%s",
		      res.err);
	run("sandboxify", ENV(env), CALLS("getpid"));
	ck_assert_exit(&res, 125);
	ck_assert_str_eq(res.out, "");
}
END_TEST

START_TEST(check_reports_every_problem)
{
	char *bad = write_temp_file(dir, "many.policy", "read: 1\nwrte: 1\nopenat: arg7 == 0\n"
				    "close: arg0 == (1\n@include nowhere.policy\n");
	tool(ENV(build_path("sandbox-policy"), "check", bad), NULL);
	ck_assert_exit(&res, 1);
	ck_assert_msg(strstr(res.err, "many.policy:2:1: unknown syscall 'wrte'") &&
		      strstr(res.err, "many.policy:3:9: argument index out of range") &&
		      strstr(res.err, "many.policy:4:18: unbalanced parentheses") &&
		      strstr(res.err, "many.policy:5:1: include not found"), "%s", res.err);
	char *good = write_temp_file(dir, "good.policy", "read: 1\nwrite: arg0 == 1\n");
	tool(ENV(build_path("sandbox-policy"), "check", good), NULL);
	ck_assert_exit(&res, 0);
	ck_assert_msg(strstr(res.out, "good.policy: ok: 2 syscalls with rules"), "%s", res.out);
	tool(ENV(build_path("sandbox-policy"), "check"), NULL);
	ck_assert_exit(&res, 2);
	tool(ENV(build_path("sandbox-policy"), "compile", good), NULL);
	ck_assert_exit(&res, 2);
}
END_TEST

START_TEST(groups_command_lists_groups_and_members)
{
	tool(ENV(build_path("sandbox-policy"), "groups"), NULL);
	ck_assert_exit(&res, 0);
	ck_assert_msg(strstr(res.out, "@basic-io") && strstr(res.out, "@system-service"), "%s", res.out);
	tool(ENV(build_path("sandbox-policy"), "groups", "@io-event"), NULL);
	ck_assert_exit(&res, 0);
	ck_assert_msg(strstr(res.out, "\nepoll_wait\n") && !strstr(res.out, "_newselect"), "%s", res.out);
	tool(ENV(build_path("sandbox-policy"), "groups", "@nope"), NULL);
	ck_assert_exit(&res, 1);
	ck_assert_msg(strstr(res.err, "unknown group '@nope' (accepted: @aio"), "%s", res.err);
}
END_TEST

Suite *policy_file_suite(void)
{
	Suite *s = suite_create("policy_file");
	TCase *tc = tcase_create("end to end");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, allowed_argument_passes_refused_gets_errno);
	tcase_add_test(tc, refused_argument_gets_the_default_kill);
	tcase_add_test(tc, default_action_variable_overrides_the_fallback);
	tcase_add_test(tc, pointer_argument_compares_all_64_bits);
	tcase_add_test(tc, sandboxify_reads_policy_files);
	tcase_add_test(tc, include_map_variable_redirects_includes);
	tcase_add_test(tc, bad_policy_fails_closed);
	tcase_add_test(tc, groups_in_the_allow_list);
	tcase_add_test(tc, compiled_filter_file_loads_and_malformed_is_refused);
	tcase_add_test(tc, check_reports_every_problem);
	tcase_add_test(tc, groups_command_lists_groups_and_members);
	suite_add_tcase(s, tc);
	return s;
}
