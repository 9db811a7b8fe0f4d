/* sandboxify's decisions that need no process: Yama scope handling, program lookup, the
 * --preload guard policy. */
#include "support.h"
#include "config.h"
#include "guard.h"
#include "progpath.h"
#include "syscalls.h"
#include "yama.h"

#include <asm/prctl.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/prctl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
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

/* The guard adds start-up calls with the arguments start-up uses, and nothing else. */
START_TEST(guard_extends_allow_list)
{
	static const struct {
		const char *call;
		uint64_t args[6];
		uint32_t expect;
	} cases[] = {
		{ "openat", { -100, 1, O_RDONLY | O_CLOEXEC }, SECCOMP_RET_ALLOW },
		{ "openat", { -100, 1, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC }, SECCOMP_RET_ALLOW },
		{ "openat", { -100, 1, O_WRONLY | O_CREAT | O_TRUNC }, SECCOMP_RET_KILL_PROCESS },
		{ "openat", { -100, 1, O_RDWR }, SECCOMP_RET_KILL_PROCESS },
		{ "openat", { -100, 1, O_PATH }, SECCOMP_RET_KILL_PROCESS },
		/* flags is an int: the kernel drops the high word, so this open is read-only */
		{ "openat", { -100, 1, 1ULL << 32 }, SECCOMP_RET_ALLOW },
		{ "openat", { -100, 1, (1ULL << 32) | O_WRONLY }, SECCOMP_RET_KILL_PROCESS },
		{ "mmap", { 0, 4096, PROT_READ, MAP_PRIVATE | MAP_DENYWRITE, 3 }, SECCOMP_RET_ALLOW },
		{ "mmap", { 0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, 3 }, SECCOMP_RET_KILL_PROCESS },
		{ "prlimit64", { 0, RLIMIT_STACK, 0, 0x7ffd0000 }, SECCOMP_RET_ALLOW },
		{ "prlimit64", { 0, RLIMIT_STACK, 0x7ffd0000, 0 }, SECCOMP_RET_KILL_PROCESS },
		{ "prctl", { PR_SET_NO_NEW_PRIVS, 1 }, SECCOMP_RET_ALLOW },
		{ "prctl", { PR_SET_DUMPABLE, 1 }, SECCOMP_RET_KILL_PROCESS },
		{ "seccomp", { SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, 1 }, SECCOMP_RET_ALLOW },
		{ "seccomp", { SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER, 1 },
		  SECCOMP_RET_KILL_PROCESS },
		{ "writev", { 2, 1, 1 }, SECCOMP_RET_ALLOW },
		{ "writev", { 1, 1, 1 }, SECCOMP_RET_KILL_PROCESS },
		{ "arch_prctl", { ARCH_SET_FS, 1 }, SECCOMP_RET_ALLOW },
		{ "arch_prctl", { ARCH_SET_GS, 1 }, SECCOMP_RET_KILL_PROCESS },
		{ "rt_sigaction", { SIGSYS, 1, 0, 8 }, SECCOMP_RET_ALLOW },
		{ "rt_sigaction", { SIGINT, 1, 0, 8 }, SECCOMP_RET_KILL_PROCESS },
		{ "read", { 3, 1, 832 }, SECCOMP_RET_ALLOW },
		{ "write", { 1, 1, 1 }, SECCOMP_RET_ALLOW },           /* the policy's own */
		{ "getpid", { 0 }, SECCOMP_RET_ALLOW },
		{ "getppid", { 0 }, SECCOMP_RET_KILL_PROCESS },
		{ "socket", { AF_INET, SOCK_STREAM }, SECCOMP_RET_KILL_PROCESS },
		{ "execve", { 0 }, SECCOMP_RET_KILL_PROCESS },
		{ "kill", { 1, SIGKILL }, SECCOMP_RET_KILL_PROCESS },
		{ "ptrace", { 0 }, SECCOMP_RET_KILL_PROCESS },
		{ "clone", { 0 }, SECCOMP_RET_KILL_PROCESS },
	};
	struct sb_env env = { .allow = "write:exit_group:getpid" };
	struct sb_policy p;
	struct sandbox_error err = { 0 };
	ck_assert_int_eq(sb_policy_from_env(&env, &p, NULL, &err), 0);
	ck_assert_uint_eq(decide(&p, "mmap"), SECCOMP_RET_KILL_PROCESS);
	ck_assert_int_eq(sb_guard_policy(&p, &err), 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint32_t got = sb_policy_decide(&p, sb_syscall_number(cases[i].call), cases[i].args);
		ck_assert_msg(got == cases[i].expect, "case %zu (%s): %#x, expected %#x", i,
			      cases[i].call, got, cases[i].expect);
	}
	/* every call of the table compiles to what the model says */
	struct sb_program prog = { 0 };
	ck_assert_int_eq(sb_compile(&p, &prog, &err), 0);
	sb_program_free(&prog);
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
	/* the library's filter under sandboxify --preload: the policy, plus adding filters */
	sb_policy_free(&p);
	ck_assert_int_eq(sb_policy_from_env(&env, &p, NULL, &err), 0);
	ck_assert_int_eq(sb_allow_entry_load(&p, &err), 0);
	uint64_t tsync[6] = { SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, 1 };
	ck_assert_uint_eq(sb_policy_decide(&p, sb_syscall_number("seccomp"), tsync), SECCOMP_RET_ALLOW);
	ck_assert_uint_eq(decide(&p, "mprotect"), SECCOMP_RET_ERRNO | EPERM);
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
