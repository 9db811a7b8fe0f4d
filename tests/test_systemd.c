/*
 * systemd's forms: SECCOMP_SYSCALL_FILTER takes a SystemCallFilter= value verbatim and
 * SECCOMP_DEFAULT_ACTION a bare errno name as SystemCallErrorNumber= does. A table of
 * settings -> decisions on the model, then real processes.
 */
#include "support.h"
#include "config.h"
#include "actions.h"
#include "syscalls.h"

#include <errno.h>
#include <signal.h>
#include <string.h>

#define ENV(...) ((const char *const[]){ preload_env(), "SECCOMP_QUIET=1", __VA_ARGS__, NULL })
#define ERRNO(e) (SECCOMP_RET_ERRNO | (e))
#define KILL SECCOMP_RET_KILL_PROCESS
#define ALLOW SECCOMP_RET_ALLOW

START_TEST(systemd_filter_decisions)
{
	static const struct {
		const char *filter, *action, *call;
		uint32_t expected;
	} rows[] = {
		{ "~@mount", NULL, "mount", KILL },
		{ "~@mount", NULL, "umount2", KILL },
		{ "~@mount", NULL, "read", ALLOW },
		{ "~@mount", "EPERM", "mount", ERRNO(EPERM) },
		{ "~@mount", "errno:EPERM", "mount", ERRNO(EPERM) },
		{ "~@mount mount:EACCES", "EPERM", "mount", ERRNO(EACCES) },
		{ "~@mount mount:EACCES", "EPERM", "pivot_root", ERRNO(EPERM) },
		{ "~mount:13 reboot", NULL, "mount", ERRNO(EACCES) },
		{ "~mount:13 reboot", NULL, "reboot", KILL },
		{ "@system-service", NULL, "openat", ALLOW },
		{ "@system-service", NULL, "mount", KILL },
		{ "@system-service", "EPERM", "reboot", ERRNO(EPERM) },
		{ "@system-service mount", NULL, "mount", ALLOW },
		{ "  @basic-io\t@signal\n exit_group  ", NULL, "exit_group", ALLOW },
		{ "  @basic-io\t@signal\n exit_group  ", NULL, "rt_sigaction", ALLOW },
		{ "  @basic-io\t@signal\n exit_group  ", NULL, "openat", KILL },
		{ "~ @reboot", NULL, "reboot", KILL },
		{ "~@file-system", NULL, "mmap", ALLOW },
		{ "~@file-system", NULL, "openat", KILL },
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct sb_env env = { .filter = rows[i].filter, .action = rows[i].action };
		struct sb_policy p;
		struct sandbox_error err = { 0 };
		ck_assert_msg(sb_policy_from_env(&env, &p, NULL, &err) == 0, "'%s': %s",
			      rows[i].filter, err.message);
		uint64_t args[6] = { 0 };
		uint32_t got = sb_policy_decide(&p, sb_syscall_number(rows[i].call), args);
		ck_assert_msg(got == rows[i].expected, "'%s' (%s) %s: 0x%08x, expected 0x%08x",
			      rows[i].filter, rows[i].action ? rows[i].action : "default",
			      rows[i].call, got, rows[i].expected);
		sb_policy_free(&p);
	}
}
END_TEST

START_TEST(systemd_filter_refusals)
{
	static const struct { const char *filter, *message; } rows[] = {
		{ "", "SECCOMP_SYSCALL_FILTER: no syscall listed" },
		{ "~", "SECCOMP_SYSCALL_FILTER: no syscall listed" },
		{ "@system-service mount:EACCES", "an errno applies only to a deny list" },
		{ "~mount:EFOO", "unknown errno in 'mount:EFOO'" },
		{ "~mount:4096", "unknown errno in 'mount:4096'" },
		{ "~:EPERM", "':EPERM' names no syscall" },
		{ "~@nope", "unknown group '@nope'" },
		{ "~mont", "unknown syscall 'mont' (did you mean mount" },
		{ "read:write", "an errno applies only to a deny list" },
		{ "~read\x01", "non-printable or space byte" },
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct sb_env env = { .filter = rows[i].filter };
		struct sb_policy p;
		struct sandbox_error err = { 0 };
		ck_assert_msg(sb_policy_from_env(&env, &p, NULL, &err) == SANDBOX_ECONFIG,
			      "'%s' accepted", rows[i].filter);
		ck_assert_msg(strstr(err.message, rows[i].message) && !strchr(err.message, '\n'),
			      "'%s': %s", rows[i].filter, err.message);
	}
	/* One filter source at a time. */
	struct sb_env env = { .filter = "~@mount", .deny = "mount" };
	struct sb_policy p;
	struct sandbox_error err = { 0 };
	ck_assert_int_eq(sb_policy_from_env(&env, &p, NULL, &err), SANDBOX_ECONFIG);
	ck_assert_msg(strstr(err.message, "SECCOMP_SYSCALL_DENY and SECCOMP_SYSCALL_FILTER are both "
			     "set"), "%s", err.message);
}
END_TEST

START_TEST(bare_errno_default_action)
{
	uint32_t action;
	struct sandbox_error err = { 0 };
	ck_assert_int_eq(sb_parse_default_action("EPERM", "x", &action, &err), 0);
	ck_assert_uint_eq(action, ERRNO(EPERM));
	ck_assert_int_eq(sb_parse_default_action("ENOSYS", "x", &action, &err), 0);
	ck_assert_uint_eq(action, ERRNO(ENOSYS));
	ck_assert_int_eq(sb_parse_default_action("EPRM", "x", &action, &err), SANDBOX_ECONFIG);
	ck_assert_int_eq(sb_parse_default_action("eperm", "x", &action, &err), SANDBOX_ECONFIG);
}
END_TEST

static struct run_result res;

static void syscaller(const char *const *env, const char *const *calls)
{
	const char *argv[16] = { build_path("tests/prog/syscaller") };
	for (size_t n = 1; calls[n - 1] && n < 15; n++)
		argv[n] = calls[n - 1];
	run_process(argv, &(struct run_opts){ .env = env, .unprivileged = running_as_root() }, &res);
}
#define SYSCALLER(env, ...) syscaller(env, (const char *const[]){ __VA_ARGS__, NULL })

/* A unit file's lines carried over: the errno entry returns it, the group's other members
 * the default errno, and everything else runs. */
START_TEST(systemd_filter_in_a_process)
{
	SYSCALLER(ENV("SECCOMP_SYSCALL_FILTER=~@mount @reboot unshare:EACCES",
		      "SECCOMP_DEFAULT_ACTION=ENOSYS"),
		  "mount:0:0:0:0:0", "unshare:0x10000000", "reboot:0", "getpid");
	ck_assert_exit(&res, 0);
	ck_assert_msg(strstr(res.out, "mount=-1 ENOSYS\n") && strstr(res.out, "unshare=-1 EACCES\n") &&
		      strstr(res.out, "reboot=-1 ENOSYS\n") && strstr(res.out, "getpid="), "%s", res.out);
	run_result_free(&res);

	/* Without SystemCallErrorNumber=, a listed call kills, as systemd's default does. */
	SYSCALLER(ENV("SECCOMP_SYSCALL_FILTER=~@mount"), "getpid", "mount:0:0:0:0:0", "getuid");
	ck_assert_signal(&res, SIGSYS);
	ck_assert_msg(strstr(res.out, "getpid=") && !strstr(res.out, "getuid="), "%s", res.out);
	run_result_free(&res);

	/* A misspelt value never runs the program. */
	SYSCALLER(ENV("SECCOMP_SYSCALL_FILTER=~@mont"), "getpid");
	ck_assert_exit(&res, 125);
	ck_assert_msg(strstr(res.err, "unknown group '@mont'") && !strstr(res.out, "getpid"),
		      "%s", res.err);
	run_result_free(&res);
}
END_TEST

Suite *systemd_suite(void)
{
	Suite *s = suite_create("systemd");
	TCase *tc = tcase_create("forms");
	tcase_add_test(tc, systemd_filter_decisions);
	tcase_add_test(tc, systemd_filter_refusals);
	tcase_add_test(tc, bare_errno_default_action);
	tcase_add_test(tc, systemd_filter_in_a_process);
	suite_add_tcase(s, tc);
	return s;
}
