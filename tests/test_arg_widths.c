/*
 * A filter compares what the kernel reads: the bits of each argument its declared type keeps
 * (int: the low 32, umode_t: the low 16, pointers and longs: all 64). Real processes for the
 * attack and for glibc's values, then the compiled filters in the interpreter, per type.
 */
#include "support.h"
#include "policy_test_util.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* What syscaller needs besides the calls under test. */
static const char base[] = "@default: 1\n@basic-io: 1\nnewfstatat: 1\nreadlink: 1\n";

static const char *policy_env(const char *name, const char *rules)
{
	return policy_file_env(dir, name, base, rules);
}

/* syscaller under the library, or under sandboxify (static build), as uid 65534 when the
 * tests run as root. */
static void run_calls(const char *launcher, const char *policy, const char *const *calls)
{
	const char *argv[16], *env[] = { preload_env(), policy, NULL };
	size_t n = 0;
	if (launcher) {
		argv[n++] = build_path(launcher);
		argv[n++] = build_path("tests/prog/syscaller-static");
		env[0] = policy;
		env[1] = NULL;
	} else {
		argv[n++] = build_path("tests/prog/syscaller");
	}
	for (size_t i = 0; calls[i] && n < 15; i++)
		argv[n++] = calls[i];
	argv[n] = NULL;
	struct run_opts o = { .env = env, .unprivileged = running_as_root() };
	run_process(argv, &o, &res);
}
#define CALLS(...) ((const char *const[]){ __VA_ARGS__, NULL })

/* kill's signal is an int: junk in the high half does not change the signal delivered, so
 * it must not change the filter's answer either. */
START_TEST(kill_with_junk_in_the_high_half_is_still_sigusr1)
{
	static const char *const launchers[] = { NULL, "sandboxify" };
	const char *pol = policy_env("kill.policy", "kill: arg1 != SIGUSR1; return EPERM\n");
	for (size_t i = 0; i < 2; i++) {
		run_calls(launchers[i], pol, CALLS("kill:self:0", "kill:self:0x100000000",
						   "kill:self:0x10000000a", "kill:self:10"));
		ck_assert_msg(exited_with(&res, 0), "%s: %s; out: %s; err: %s",
			      launchers[i] ? launchers[i] : "library", describe_status(res.status),
			      res.out, res.err);
		ck_assert_str_eq(res.out, "kill=0\nkill=0\nkill=-1 EPERM\nkill=-1 EPERM\n");
		run_result_free(&res);
	}
}
END_TEST

/* glibc passes AT_FDCWD zero-extended (0x00000000ffffff9c); the kernel reads an int. Both
 * spellings are AT_FDCWD to the filter; another descriptor is not. A NULL path makes an
 * allowed call fail with EFAULT. */
START_TEST(at_fdcwd_matches_both_spellings)
{
	const char *pol = policy_env("fdcwd.policy", "openat: arg0 == AT_FDCWD; return EPERM\n");
	run_calls(NULL, pol, CALLS("openat:0xffffff9c", "openat:-100", "openat:0x12345ffffff9c",
				   "openat:3"));
	ck_assert_exit(&res, 0);
	ck_assert_str_eq(res.out, "openat=-1 EFAULT\nopenat=-1 EFAULT\nopenat=-1 EFAULT\n"
			 "openat=-1 EPERM\n");
}
END_TEST

/* README's example, with glibc's own open() (cat) and with the flags of a write. */
START_TEST(readme_openat_example_behaves_as_written)
{
	const char *pol = policy_env("readme.policy", "fadvise64: 1\nmmap: 1\nmunmap: 1\nbrk: 1\n"
		"openat: arg0 == AT_FDCWD && arg2 in O_RDONLY|O_CLOEXEC; return EACCES\n");
	char *data = write_temp_file(dir, "data.txt", "kept\n");
	chmod(dir, 0755);
	chmod(data, 0644);
	const char *argv[] = { "/bin/cat", data, NULL };
	const char *env[] = { preload_env(), pol, NULL };
	struct run_opts o = { .env = env, .unprivileged = running_as_root() };
	run_process(argv, &o, &res);
	ck_assert_exit(&res, 0);
	ck_assert_str_eq(res.out, "kept\n");
	run_result_free(&res);

	/* O_WRONLY|O_CREAT|O_TRUNC: EACCES; O_RDONLY|O_CLOEXEC from another directory: EACCES */
	run_calls(NULL, pol, CALLS("openat:0xffffff9c:0:0x241", "openat:-100:0:0x80000",
				   "openat:3:0:0"));
	ck_assert_exit(&res, 0);
	ck_assert_str_eq(res.out, "openat=-1 EACCES\nopenat=-1 EFAULT\nopenat=-1 EACCES\n");
}
END_TEST

/* ---- compiled filters in the interpreter, per declared type --------------------------- */

struct width_case {
	const char *call;
	uint64_t args[6];
	uint32_t want;
};

static void check_cases(const char *policy, const struct width_case *cases, size_t n)
{
	struct compiled c;
	compile_text(policy, NULL, &c);
	for (size_t i = 0; i < n; i++) {
		const uint64_t *a = cases[i].args;
		uint32_t got = decide6(&c, cases[i].call, a[0], a[1], a[2], a[3], a[4], a[5]);
		ck_assert_msg(got == cases[i].want, "%s(%#llx, %#llx, %#llx, %#llx): 0x%x, want 0x%x",
			      cases[i].call, (unsigned long long)a[0], (unsigned long long)a[1],
			      (unsigned long long)a[2], (unsigned long long)a[3], got, cases[i].want);
	}
	compiled_free(&c);
}
#define CHECK_CASES(policy, cases) check_cases(policy, cases, sizeof(cases) / sizeof(cases[0]))

#define ALLOW SECCOMP_RET_ALLOW
#define EPERM_ (SECCOMP_RET_ERRNO | 1)
#define KILL SECCOMP_RET_KILL_PROCESS

START_TEST(int_arguments_compare_the_low_word)
{
	static const char policy[] =
		"kill: arg1 != SIGUSR1; return EPERM\n"
		"close: arg0 < 3; return EPERM\n"
		"fcntl: arg1 == F_GETFL || arg1 & 0x40000000; return EPERM\n"
		"dup: arg0 in 0xff; return EPERM\n"
		"openat: arg0 == AT_FDCWD; return EPERM\n";
	static const struct width_case cases[] = {
		{ "kill", { 1, 0xa }, EPERM_ },
		{ "kill", { 1, 0x10000000a }, EPERM_ },          /* the kernel sends SIGUSR1 */
		{ "kill", { 1, 0xffffffff0000000a }, EPERM_ },
		{ "kill", { 1, 0x100000000 }, ALLOW },            /* signal 0 */
		{ "close", { 2 }, ALLOW },
		{ "close", { 0x100000002 }, ALLOW },               /* fd 2 */
		{ "close", { 0x3 }, EPERM_ },
		{ "close", { 0xffffffff00000003 }, EPERM_ },
		{ "fcntl", { 1, 3 }, ALLOW },
		{ "fcntl", { 1, 0x700000003 }, ALLOW },
		{ "fcntl", { 1, 0x4000000000000000 }, EPERM_ },   /* not a bit the kernel reads */
		{ "fcntl", { 1, 0x40000000 }, ALLOW },
		{ "dup", { 0x80 }, ALLOW },
		{ "dup", { 0xff00000080 }, ALLOW },
		{ "dup", { 0x180 }, EPERM_ },
		{ "openat", { 0xffffff9c }, ALLOW },
		{ "openat", { 0xffffffffffffff9c }, ALLOW },
		{ "openat", { 0xffffff9d }, EPERM_ },
	};
	CHECK_CASES(policy, cases);
}
END_TEST

START_TEST(pointer_and_long_arguments_compare_all_64_bits)
{
	static const char policy[] =
		"openat: arg1 == 0x1000; return EPERM\n"
		"mmap: arg2 in PROT_READ|PROT_WRITE && arg5 < 0x100000000; return EPERM\n"
		"lseek: arg1 == -1; return EPERM\n";
	static const struct width_case cases[] = {
		{ "openat", { 0, 0x1000 }, ALLOW },
		{ "openat", { 0, 0x100001000 }, EPERM_ },
		{ "openat", { 0, 0x8000000000001000 }, EPERM_ },
		{ "mmap", { 0, 0, 3, 0, 0, 0xffffffff }, ALLOW },
		{ "mmap", { 0, 0, 0x100000003, 0, 0, 0 }, EPERM_ },
		{ "mmap", { 0, 0, 3, 0, 0, 0x100000000 }, EPERM_ },
		{ "lseek", { 0, 0xffffffffffffffff }, ALLOW },
		{ "lseek", { 0, 0xffffffff }, EPERM_ },
	};
	CHECK_CASES(policy, cases);
}
END_TEST

/* umode_t: the kernel keeps 16 bits; a call without a declaration keeps all 64. */
START_TEST(umode_and_undeclared_arguments)
{
	static const char policy[] =
		"fchmod: arg1 in 0755; return EPERM\n"
		"mkdirat: arg2 == 0700; return EPERM\n"
		"getpid: arg0 == 5; return EPERM\n"
		"500: arg0 == 5; return EPERM\n";
	static const struct width_case cases[] = {
		{ "fchmod", { 3, 0644 }, ALLOW },
		{ "fchmod", { 3, 0x100001a4 }, ALLOW },          /* 0644 */
		{ "fchmod", { 3, 0x1000000001a4 }, ALLOW },
		{ "fchmod", { 3, 04755 }, EPERM_ },
		{ "mkdirat", { 0, 0, 0700 }, ALLOW },
		{ "mkdirat", { 0, 0, 0x700001c0 }, ALLOW },
		{ "mkdirat", { 0, 0, 0701 }, EPERM_ },
		{ "getpid", { 5 }, ALLOW },
		{ "getpid", { 0x100000005 }, EPERM_ },
	};
	CHECK_CASES(policy, cases);
	ck_assert_uint_eq(sb_syscall_arg_bits(500, 0), 64);
	ck_assert_uint_eq(sb_syscall_arg_bits(sb_syscall_number("kill"), 1), 32);
	ck_assert_uint_eq(sb_syscall_arg_bits(sb_syscall_number("fchmod"), 1), 16);
	ck_assert_uint_eq(sb_syscall_arg_bits(sb_syscall_number("mmap"), 0), 64);
}
END_TEST

/* The seccompiler JSON writer says the same: ioctl's cmd (unsigned int) and socket's family
 * (int) are dwords, mmap's prot (unsigned long) a qword. */
START_TEST(json_writer_types_follow_the_declarations)
{
	const char *argv[] = { build_path("sandbox-policy"), "generate", "--format", "json",
			       tree_path("tests/fixtures/strace-args.log"), NULL };
	run_process(argv, NULL, &res);
	ck_assert_exit(&res, 0);
	ck_assert_msg(strstr(res.out, "{ \"index\": 1, \"type\": \"dword\", \"op\": \"eq\", \"val\": 21505") &&
		      strstr(res.out, "{ \"index\": 0, \"type\": \"dword\", \"op\": \"eq\", \"val\": 1") &&
		      strstr(res.out, "{ \"index\": 2, \"type\": \"qword\", \"op\": { \"masked_eq\": 4 }") &&
		      !strstr(res.out, "\"index\": 2, \"type\": \"dword\""), "%s", res.out);
}
END_TEST

/* ---- the table: Linux 6.18's names --------------------------------------------------- */

START_TEST(new_names_in_lists_and_policy_files)
{
	static const char *const names[] = { "mseal", "listmount", "statmount",
		"lsm_get_self_attr", "lsm_set_self_attr", "lsm_list_modules", "uretprobe",
		"setxattrat", "getxattrat", "listxattrat", "removexattrat", "open_tree_attr",
		"file_getattr", "file_setattr", "fchmodat2", "map_shadow_stack" };
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		ck_assert_msg(sb_syscall_number(names[i]) > 0, "%s unknown", names[i]);
	ck_assert_int_eq(sb_syscall_number("mseal"), 462);
	ck_assert_int_eq(sb_syscall_number("file_setattr"), 469);
	ck_assert_str_eq(sb_syscall_name(335), "uretprobe");

	/* a list naming them runs; mseal(0, 0, 0) is allowed and succeeds */
	const char *argv[] = { build_path("tests/prog/syscaller"), "462:0:0:0", "getpid", NULL };
	const char *env[] = { preload_env(), "SECCOMP_SYSCALL_ALLOW=@default:@basic-io:newfstatat:"
			      "mseal:listmount:lsm_list_modules:file_getattr:open_tree_attr",
			      "SECCOMP_QUIET=1", NULL };
	struct run_opts o = { .env = env };
	run_process(argv, &o, &res);
	ck_assert_exit(&res, 0);
	ck_assert_msg(strstr(res.out, "462=0\ngetpid="), "%s", res.out);
	run_result_free(&res);

	/* a policy file too: listmount refused with ENOSYS, getxattrat allowed (not mseal:
	 * systemd v258's @default, which the base allows, has it) */
	const char *pol = policy_env("new.policy", "listmount: return ENOSYS\ngetxattrat: 1\n");
	run_calls(NULL, pol, CALLS("458:0:0:0:0", "464:-1:0:0:0:0:0"));
	ck_assert_exit(&res, 0);
	ck_assert_str_eq(res.out, "458=-1 ENOSYS\n464=-1 EINVAL\n");
}
END_TEST

Suite *arg_widths_suite(void)
{
	Suite *s = suite_create("arg_widths");
	TCase *tc = tcase_create("processes");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, kill_with_junk_in_the_high_half_is_still_sigusr1);
	tcase_add_test(tc, at_fdcwd_matches_both_spellings);
	tcase_add_test(tc, readme_openat_example_behaves_as_written);
	tcase_add_test(tc, new_names_in_lists_and_policy_files);
	tcase_add_test(tc, json_writer_types_follow_the_declarations);
	suite_add_tcase(s, tc);
	tc = tcase_create("interpreter");
	tcase_add_test(tc, int_arguments_compare_the_low_word);
	tcase_add_test(tc, pointer_and_long_arguments_compare_all_64_bits);
	tcase_add_test(tc, umode_and_undeclared_arguments);
	suite_add_tcase(s, tc);
	return s;
}
