/* The environment contract's parser: every malformed input fails with one clear line. */
#include "support.h"
#include "config.h"
#include "syscalls.h"

#include <errno.h>
#include <string.h>

static int build(const char *allow, const char *deny, const char *action, struct sb_policy *p,
		 struct sandbox_error *err)
{
	struct sb_env env = { .allow = allow, .deny = deny, .action = action };
	return sb_policy_from_env(&env, p, NULL, err);
}

START_TEST(allow_list_builds_rules)
{
	struct sb_policy p;
	struct sandbox_error err = { 0 };
	ck_assert_int_eq(build("read:write::exit_group:", NULL, NULL, &p, &err), 0);
	ck_assert_uint_eq(p.default_action, SECCOMP_RET_KILL_PROCESS);
	ck_assert_uint_eq(p.n_rules, 3);
	uint64_t args[6] = { 0 };
	ck_assert_uint_eq(sb_policy_decide(&p, sb_syscall_number("write"), args), SECCOMP_RET_ALLOW);
	ck_assert_uint_eq(sb_policy_decide(&p, sb_syscall_number("openat"), args),
			  SECCOMP_RET_KILL_PROCESS);
	sb_policy_free(&p);
}
END_TEST

START_TEST(unknown_name_suggests)
{
	struct sb_policy p;
	struct sandbox_error err = { 0 };
	ck_assert_int_eq(build("read:wrte", NULL, NULL, &p, &err), SANDBOX_ECONFIG);
	ck_assert_msg(strstr(err.message, "SECCOMP_SYSCALL_ALLOW") && strstr(err.message, "'wrte'") &&
		      strstr(err.message, "did you mean write"), "%s", err.message);
}
END_TEST

Suite *unit_config_suite(void)
{
	Suite *s = suite_create("unit_config");
	TCase *tc = tcase_create("lists");
	tcase_add_test(tc, allow_list_builds_rules);
	tcase_add_test(tc, unknown_name_suggests);
	suite_add_tcase(s, tc);
	return s;
}
