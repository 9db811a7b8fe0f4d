/* sandboxify's decisions that need no process: Yama scope handling, program lookup, the
 * --preload guard policy. */
#include "support.h"
#include "config.h"
#include "guard.h"
#include "progpath.h"
#include "syscalls.h"
#include "yama.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* ---- Yama -------------------------------------------------------------------------- */

static int scope_of(const char *content, struct sandbox_error *err)
{
	const char *dir = make_temp_dir();
	int scope = -42;
	const char *path = content ? write_temp_file(dir, "ptrace_scope", content)
				   : write_temp_file(dir, "placeholder", "");
	if (!content) {
		static char missing[PATH_MAX];
		snprintf(missing, sizeof(missing), "%s/ptrace_scope", dir);
		path = missing;
	}
	int rc = sb_yama_read_scope(path, &scope, err);
	return rc ? -100 + rc : scope;
}

START_TEST(yama_scope_read)
{
	struct sandbox_error err = { 0 };
	ck_assert_int_eq(scope_of(NULL, &err), SB_YAMA_ABSENT);
	ck_assert_int_eq(scope_of("0\n", &err), 0);
	ck_assert_int_eq(scope_of("1\n", &err), 1);
	ck_assert_int_eq(scope_of("3", &err), 3);
	ck_assert_int_eq(scope_of("7\n", &err), -100 + SANDBOX_EIO);
	ck_assert_msg(strstr(err.message, "unexpected content '7") &&
		      strstr(err.message, "accepted: 0, 1, 2 or 3"), "%s", err.message);
	ck_assert_int_eq(scope_of("", &err), -100 + SANDBOX_EIO);
	ck_assert_int_eq(scope_of("12\n", &err), -100 + SANDBOX_EIO);
}
END_TEST

START_TEST(yama_plan_by_scope)
{
	struct sandbox_error err = { 0 };
	struct sb_yama_plan p = sb_yama_plan(SB_YAMA_ABSENT, false, &err);
	ck_assert(p.allowed && !p.declare_tracer);
	p = sb_yama_plan(0, false, &err);
	ck_assert(p.allowed && p.declare_tracer);
	p = sb_yama_plan(1, false, &err);
	ck_assert(p.allowed && p.declare_tracer);
	p = sb_yama_plan(2, true, &err);
	ck_assert(p.allowed);
	p = sb_yama_plan(2, false, &err);
	ck_assert(!p.allowed);
	ck_assert_msg(strstr(err.message, "kernel.yama.ptrace_scope is 2") &&
		      strstr(err.message, "CAP_SYS_PTRACE"), "%s", err.message);
	p = sb_yama_plan(3, true, &err);
	ck_assert(!p.allowed);
	ck_assert_msg(strstr(err.message, "kernel.yama.ptrace_scope is 3"), "%s", err.message);
	/* The same lines serve sandboxify and learn --static: neither is named. */
	ck_assert_msg(!strstr(err.message, "sandboxify"), "%s", err.message);
	p = sb_yama_plan(2, false, &err);
	ck_assert_msg(!strstr(err.message, "sandboxify"), "%s", err.message);
	p = sb_yama_plan(9, true, &err);
	ck_assert(!p.allowed);
}
END_TEST

/* ---- program lookup ---------------------------------------------------------------- */

static const char *make_file(const char *dir, const char *name, mode_t mode)
{
	char *path = write_temp_file(dir, name, "#!/bin/sh\n");
	chmod(path, mode);
	return path;
}

START_TEST(lookup_like_execvp)
{
	struct sandbox_error err = { 0 };
	char out[PATH_MAX], path[3 * 64 + 8];
	const char *a = make_temp_dir();
	static char a_dir[64];
	snprintf(a_dir, sizeof(a_dir), "%s", a);
	const char *b = make_temp_dir();
	make_file(a_dir, "tool", 0644);           /* found first but not executable */
	const char *good = make_file(b, "tool", 0755);
	make_file(a_dir, "only-plain", 0644);
	make_file(b, "other", 0755);

	snprintf(path, sizeof(path), "/nonexistent:%s:%s", a_dir, b);
	ck_assert_int_eq(sb_find_program("tool", path, out, sizeof(out), &err), 0);
	ck_assert_str_eq(out, good);
	ck_assert_int_eq(sb_find_program("only-plain", path, out, sizeof(out), &err),
			 SB_EXIT_NOT_EXECUTABLE);
	ck_assert_msg(strstr(err.message, "only-plain: cannot execute"), "%s", err.message);
	ck_assert_int_eq(sb_find_program("missing", path, out, sizeof(out), &err), SB_EXIT_NOT_FOUND);
	ck_assert_msg(strstr(err.message, "missing: command not found in PATH (/nonexistent:"),
		      "%s", err.message);
	/* a name with a slash is not searched */
	ck_assert_int_eq(sb_find_program(good, "/nonexistent", out, sizeof(out), &err), 0);
	ck_assert_str_eq(out, good);
	ck_assert_int_eq(sb_find_program("sub/tool", path, out, sizeof(out), &err), SB_EXIT_NOT_FOUND);
	ck_assert_int_eq(sb_find_program(b, path, out, sizeof(out), &err), SB_EXIT_NOT_EXECUTABLE);
	ck_assert_msg(strstr(err.message, "is a directory"), "%s", err.message);
	/* PATH unset: the execvp default */
	ck_assert_int_eq(sb_find_program("sh", NULL, out, sizeof(out), &err), 0);
	ck_assert_str_eq(out, "/bin/sh");
	ck_assert_int_eq(sb_find_program("", path, out, sizeof(out), &err), SB_EXIT_NOT_FOUND);
}
END_TEST

/* ---- the guard --------------------------------------------------------------------- */

static uint32_t decide(const struct sb_policy *p, const char *name)
{
	uint64_t args[6] = { 0 };
	return sb_policy_decide(p, sb_syscall_number(name), args);
}

START_TEST(guard_extends_allow_list)
{
	struct sb_env env = { .allow = "write:exit_group:getpid" };
	struct sb_policy p;
	struct sandbox_error err = { 0 };
	ck_assert_int_eq(sb_policy_from_env(&env, &p, NULL, &err), 0);
	ck_assert_uint_eq(decide(&p, "mmap"), SECCOMP_RET_KILL_PROCESS);
	ck_assert_int_eq(sb_guard_policy(&p, &err), 0);
	for (size_t i = 0; sb_guard_syscalls[i]; i++)
		ck_assert_msg(decide(&p, sb_guard_syscalls[i]) == SECCOMP_RET_ALLOW, "%s",
			      sb_guard_syscalls[i]);
	ck_assert_uint_eq(decide(&p, "getpid"), SECCOMP_RET_ALLOW);
	/* nothing beyond policy and guard */
	ck_assert_uint_eq(decide(&p, "getppid"), SECCOMP_RET_KILL_PROCESS);
	ck_assert_uint_eq(decide(&p, "execve"), SECCOMP_RET_KILL_PROCESS);
	ck_assert_uint_eq(decide(&p, "ptrace"), SECCOMP_RET_KILL_PROCESS);
	sb_policy_free(&p);
}
END_TEST

START_TEST(guard_overrides_deny_list)
{
	/* a deny list that would stop the loader: the guard lets the loader run, the
	 * library applies the denial once the program is up */
	struct sb_env env = { .deny = "mprotect:execve", .action = "errno:EPERM" };
	struct sb_policy p;
	struct sandbox_error err = { 0 };
	ck_assert_int_eq(sb_policy_from_env(&env, &p, NULL, &err), 0);
	ck_assert_int_eq(sb_guard_policy(&p, &err), 0);
	ck_assert_uint_eq(decide(&p, "mprotect"), SECCOMP_RET_ALLOW);
	ck_assert_uint_eq(decide(&p, "execve"), SECCOMP_RET_ERRNO | EPERM);
	ck_assert_uint_eq(decide(&p, "getppid"), SECCOMP_RET_ALLOW);
	sb_policy_free(&p);
}
END_TEST

Suite *unit_sandboxify_suite(void)
{
	Suite *s = suite_create("unit_sandboxify");
	TCase *tc = tcase_create("decisions");
	tcase_add_test(tc, yama_scope_read);
	tcase_add_test(tc, yama_plan_by_scope);
	tcase_add_test(tc, lookup_like_execvp);
	tcase_add_test(tc, guard_extends_allow_list);
	tcase_add_test(tc, guard_overrides_deny_list);
	suite_add_tcase(s, tc);
	return s;
}
