/* Policy-file syntax: every construct, its decisions run through the compiled filter. */
#include "policy_test_util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>

START_TEST(unconditional_allow)
{
	struct compiled c;
	compile_text("read: 1\nwrite: allow\n", NULL, &c);
	ck_assert_uint_eq(c.policy.default_action, KILL);
	ck_assert_uint_eq(decide(&c, "read", 0), ALLOW);
	ck_assert_uint_eq(decide(&c, "write", 1, 2, 3), ALLOW);
	ck_assert_uint_eq(decide(&c, "openat", 0), KILL);
	compiled_free(&c);
}
END_TEST

START_TEST(comparisons_on_64_bit_arguments_use_all_64_bits)
{
	struct compiled c;
	compile_text("read: arg1 == 0x100000001\n"
		     "write: arg1 != 0x100000000\n"
		     "lseek: arg1 < 0x100000000\n"
		     "pread64: arg3 <= 0x100000000\n"
		     "pwrite64: arg3 > 0xffffffff\n"
		     "readv: arg2 >= 0x200000000\n"
		     "writev: arg2 & 0x100000000\n"
		     "mmap: arg3 in 0xff00000000ff\n", NULL, &c);
	ck_assert_uint_eq(decide(&c, "read", 0, 0x100000001), ALLOW);
	ck_assert_uint_eq(decide(&c, "read", 0, 0x1), KILL);
	ck_assert_uint_eq(decide(&c, "read", 0, 0x200000001), KILL);
	ck_assert_uint_eq(decide(&c, "write", 0, 0x100000000), KILL);
	ck_assert_uint_eq(decide(&c, "write", 0, 0), ALLOW);
	ck_assert_uint_eq(decide(&c, "write", 0, 0x200000000), ALLOW);
	ck_assert_uint_eq(decide(&c, "lseek", 0, 0xffffffff), ALLOW);
	ck_assert_uint_eq(decide(&c, "lseek", 0, 0x100000000), KILL);
	ck_assert_uint_eq(decide(&c, "lseek", 0, 0x1ffffffff), KILL);
	ck_assert_uint_eq(decide(&c, "pread64", 0, 0, 0, 0x100000000), ALLOW);
	ck_assert_uint_eq(decide(&c, "pread64", 0, 0, 0, 0x100000001), KILL);
	ck_assert_uint_eq(decide(&c, "pwrite64", 0, 0, 0, 0x100000000), ALLOW);
	ck_assert_uint_eq(decide(&c, "pwrite64", 0, 0, 0, 0xffffffff), KILL);
	ck_assert_uint_eq(decide(&c, "readv", 0, 0, 0x200000000), ALLOW);
	ck_assert_uint_eq(decide(&c, "readv", 0, 0, 0x1ffffffff), KILL);
	ck_assert_uint_eq(decide(&c, "writev", 0, 0, 0x300000000), ALLOW);
	ck_assert_uint_eq(decide(&c, "writev", 0, 0, 0xffffffff), KILL);
	ck_assert_uint_eq(decide(&c, "mmap", 0, 0, 0, 0xab00000000cd), ALLOW);
	ck_assert_uint_eq(decide(&c, "mmap", 0, 0, 0, 0), ALLOW);
	ck_assert_uint_eq(decide(&c, "mmap", 0, 0, 0, 0x100), KILL);
	ck_assert_uint_eq(decide(&c, "mmap", 0, 0, 0, 0x10000000000ff), KILL);
	compiled_free(&c);
}
END_TEST

START_TEST(disjunctive_normal_form)
{
	struct compiled c;
	compile_text("write: arg0 == 1 && arg2 < 100 || arg0 == 2\n", NULL, &c);
	ck_assert_uint_eq(decide(&c, "write", 1, 0, 99), ALLOW);
	ck_assert_uint_eq(decide(&c, "write", 1, 0, 100), KILL);
	ck_assert_uint_eq(decide(&c, "write", 2, 0, 5000), ALLOW);
	ck_assert_uint_eq(decide(&c, "write", 3, 0, 0), KILL);
	compiled_free(&c);
}
END_TEST

START_TEST(values_numbers_constants_masks)
{
	struct compiled c;
	compile_text("mmap: arg2 == PROT_READ|PROT_WRITE || arg2 == 010 || arg2 == 0x20\n"
		     "mprotect: arg2 in ~PROT_EXEC\n"
		     "madvise: arg2 == (MADV_DONTNEED) || arg2 == ~~MADV_GUARD_INSTALL\n"
		     "openat: arg0 == AT_FDCWD && arg2 in (O_RDONLY|O_CLOEXEC|O_NONBLOCK)\n"
		     "close: arg0 == -1\n"
		     "ioctl: arg1 == TCGETS2 || arg1 == FS_IOC_GET_ENCRYPTION_POLICY_EX\n"
		     "prctl: arg0 == PR_GET_AUXV\n", NULL, &c);
	ck_assert_uint_eq(decide(&c, "mmap", 0, 0, PROT_READ | PROT_WRITE), ALLOW);
	ck_assert_uint_eq(decide(&c, "mmap", 0, 0, 8), ALLOW);
	ck_assert_uint_eq(decide(&c, "mmap", 0, 0, 32), ALLOW);
	ck_assert_uint_eq(decide(&c, "mmap", 0, 0, PROT_READ), KILL);
	ck_assert_uint_eq(decide(&c, "mprotect", 0, 0, PROT_READ | PROT_WRITE), ALLOW);
	ck_assert_uint_eq(decide(&c, "mprotect", 0, 0, PROT_READ | PROT_EXEC), KILL);
	ck_assert_uint_eq(decide(&c, "madvise", 0, 0, MADV_DONTNEED), ALLOW);
	ck_assert_uint_eq(decide(&c, "madvise", 0, 0, 102), ALLOW);
	ck_assert_uint_eq(decide(&c, "madvise", 0, 0, MADV_WILLNEED), KILL);
	/* openat's dfd is an int: AT_FDCWD zero-extended (glibc's) and sign-extended are the
	 * same descriptor to the kernel, so to the filter. */
	ck_assert_uint_eq(decide(&c, "openat", (uint64_t)(int64_t)AT_FDCWD, 0, O_CLOEXEC), ALLOW);
	ck_assert_uint_eq(decide(&c, "openat", 0xffffff9c, 0, O_CLOEXEC), ALLOW);
	ck_assert_uint_eq(decide(&c, "openat", 0xffffff9d, 0, O_CLOEXEC), KILL);
	ck_assert_uint_eq(decide(&c, "openat", (uint64_t)(int64_t)AT_FDCWD, 0, O_RDWR), KILL);
	ck_assert_uint_eq(decide(&c, "close", 0xffffffffffffffff), ALLOW);
	ck_assert_uint_eq(decide(&c, "close", 0xffffffff), ALLOW);
	ck_assert_uint_eq(decide(&c, "close", 0xfffffffe), KILL);
	ck_assert_uint_eq(decide(&c, "ioctl", 0, 0x802c542a), ALLOW);
	ck_assert_uint_eq(decide(&c, "ioctl", 0, 0xc0096616), ALLOW);
	ck_assert_uint_eq(decide(&c, "ioctl", 0, 0x5401), KILL);
	ck_assert_uint_eq(decide(&c, "prctl", 0x41555856), ALLOW);
	compiled_free(&c);
}
END_TEST

START_TEST(return_errno)
{
	struct compiled c;
	compile_text("openat: arg2 in O_RDONLY|O_CLOEXEC; return EACCES\n"
		     "open: return ENOENT\n"
		     "uname: return 38\n", NULL, &c);
	ck_assert_uint_eq(decide(&c, "openat", 0, 0, O_CLOEXEC), ALLOW);
	ck_assert_uint_eq(decide(&c, "openat", 0, 0, O_WRONLY), ERRNO(EACCES));
	ck_assert_uint_eq(decide(&c, "open", 0), ERRNO(ENOENT));
	ck_assert_uint_eq(decide(&c, "uname", 0), ERRNO(ENOSYS));
	ck_assert_uint_eq(decide(&c, "read", 0), KILL);
	compiled_free(&c);
}
END_TEST

START_TEST(actions)
{
	struct compiled c;
	compile_text("ptrace: kill\nmount: kill-process\nunshare: kill-thread\nsetns: trap\n"
		     "personality: log\nclone: arg0 & CLONE_THREAD; trap\n", NULL, &c);
	ck_assert_uint_eq(decide(&c, "ptrace", 0), SECCOMP_RET_KILL_PROCESS);
	ck_assert_uint_eq(decide(&c, "mount", 0), SECCOMP_RET_KILL_PROCESS);
	ck_assert_uint_eq(decide(&c, "unshare", 0), SECCOMP_RET_KILL_THREAD);
	ck_assert_uint_eq(decide(&c, "setns", 0), SECCOMP_RET_TRAP);
	ck_assert_uint_eq(decide(&c, "personality", 0), SECCOMP_RET_LOG);
	ck_assert_uint_eq(decide(&c, "clone", 0x10000), ALLOW);
	ck_assert_uint_eq(decide(&c, "clone", 0x11), SECCOMP_RET_TRAP);
	compiled_free(&c);
}
END_TEST

START_TEST(repeated_syscall_is_ored)
{
	struct compiled c;
	compile_text("prctl: arg0 == PR_SET_VMA\nprctl: arg0 == PR_SET_NAME\n"
		     "tgkill: arg2 == SIGABRT\ntgkill: 1\n"
		     "openat: arg0 == 3\nopenat: return ENOENT\n", NULL, &c);
	ck_assert_uint_eq(decide(&c, "prctl", 0x53564d41), ALLOW);
	ck_assert_uint_eq(decide(&c, "prctl", 15), ALLOW);
	ck_assert_uint_eq(decide(&c, "prctl", 16), KILL);
	ck_assert_uint_eq(decide(&c, "tgkill", 0, 0, 9), ALLOW);
	ck_assert_uint_eq(decide(&c, "openat", 3), ALLOW);
	ck_assert_uint_eq(decide(&c, "openat", 4), ERRNO(ENOENT));
	compiled_free(&c);
	expect_error("openat: return ENOENT\nopenat: return EPERM\n", "bad.policy:2:1",
		     "conflicting refusals for openat");
}
END_TEST

START_TEST(default_directive_and_override)
{
	struct compiled c;
	compile_text("@default trap\nwrite: arg0 == 1\nread: arg0 == 0; return EPERM\n", NULL, &c);
	ck_assert_uint_eq(c.policy.default_action, SECCOMP_RET_TRAP);
	ck_assert_uint_eq(decide(&c, "getpid", 0), SECCOMP_RET_TRAP);
	ck_assert_uint_eq(decide(&c, "write", 2), SECCOMP_RET_TRAP);
	compiled_free(&c);

	/* SECCOMP_DEFAULT_ACTION replaces the default wherever it applies, also as the fallback
	 * of a conditional rule, but not an explicit refusal. */
	uint32_t log = SECCOMP_RET_LOG;
	compile_text("@default trap\nwrite: arg0 == 1\nread: arg0 == 0; return EPERM\n", &log, &c);
	ck_assert_uint_eq(decide(&c, "getpid", 0), SECCOMP_RET_LOG);
	ck_assert_uint_eq(decide(&c, "write", 2), SECCOMP_RET_LOG);
	ck_assert_uint_eq(decide(&c, "write", 1), ALLOW);
	ck_assert_uint_eq(decide(&c, "read", 1), ERRNO(EPERM));
	compiled_free(&c);
	compile_text("@default kill-thread\n", NULL, &c);
	ck_assert_uint_eq(decide(&c, "read", 0), SECCOMP_RET_KILL_THREAD);
	compiled_free(&c);
	compile_text("@default return EPERM\n", NULL, &c);
	ck_assert_uint_eq(decide(&c, "read", 0), ERRNO(EPERM));
	compiled_free(&c);
	expect_error("@default trap\n@default log\n", "bad.policy:2:1", "second, different @default");
}
END_TEST

START_TEST(denylist)
{
	struct compiled c;
	compile_text("@denylist\nptrace: kill\nmount: return EPERM\npersonality: arg0 != 0\n"
		     "prctl: arg0 == PR_SET_SECCOMP; trap\n@swap: return EACCES\n", NULL, &c);
	ck_assert_uint_eq(c.policy.default_action, ALLOW);
	ck_assert_uint_eq(decide(&c, "read", 0), ALLOW);
	ck_assert_uint_eq(decide(&c, "ptrace", 0), KILL);
	ck_assert_uint_eq(decide(&c, "mount", 0), ERRNO(EPERM));
	ck_assert_uint_eq(decide(&c, "personality", 0), ALLOW);
	ck_assert_uint_eq(decide(&c, "personality", 8), KILL);
	ck_assert_uint_eq(decide(&c, "prctl", 22), SECCOMP_RET_TRAP);
	ck_assert_uint_eq(decide(&c, "prctl", 15), ALLOW);
	ck_assert_uint_eq(decide(&c, "swapon", 0), ERRNO(EACCES));
	compiled_free(&c);
	/* The override sets what entries without their own action get. */
	uint32_t eperm = ERRNO(EPERM);
	compile_text("@denylist\npersonality: arg0 != 0\n", &eperm, &c);
	ck_assert_uint_eq(decide(&c, "personality", 8), ERRNO(EPERM));
	ck_assert_uint_eq(decide(&c, "read", 8), ALLOW);
	compiled_free(&c);
	expect_error("@denylist\nread: 1\n", "bad.policy:2:1", "allow entry in a @denylist");
	expect_error("read: 1\n@denylist\n", "bad.policy:2:1", "@denylist after the first rule");
}
END_TEST

START_TEST(numbers_groups_continuations_comments)
{
	struct compiled c;
	compile_text("# comment line\n"
		     "0: 1   # read by number\n"
		     "0x27: 1\n"
		     "@basic-io: 1\n"
		     "@signal: allow\n"
		     "@default: 1\n"
		     "fcntl: arg1 == F_GETFL || \\\n"
		     "       arg1 == F_SETFL \\\n"
		     "       || arg1 == F_GETFD\n"
		     "\n   \t\n", NULL, &c);
	ck_assert_uint_eq(decide(&c, "read", 0), ALLOW);
	ck_assert_uint_eq(decide(&c, "getpid", 0), ALLOW);      /* 39 = 0x27 */
	ck_assert_uint_eq(decide(&c, "pwritev2", 0), ALLOW);   /* @basic-io */
	ck_assert_uint_eq(decide(&c, "rt_sigaction", 0), ALLOW);
	ck_assert_uint_eq(decide(&c, "exit_group", 0), ALLOW); /* @default */
	ck_assert_uint_eq(decide(&c, "fcntl", 0, F_SETFL), ALLOW);
	ck_assert_uint_eq(decide(&c, "fcntl", 0, F_GETFD), ALLOW);
	ck_assert_uint_eq(decide(&c, "fcntl", 0, F_SETFD), KILL);
	ck_assert_uint_eq(decide(&c, "socket", 0), KILL);
	compiled_free(&c);
}
END_TEST

START_TEST(bad_inputs_name_line_column_and_token)
{
	expect_error("read: 1\nwrte: 1\n", "bad.policy:2:1: unknown syscall 'wrte'", "did you mean write");
	expect_error("read: arg6 == 1\n", "bad.policy:1:7: argument index out of range in 'arg6'",
		     "accepted: arg0 to arg5");
	expect_error("read: arg0 == FOO_BAR\n", "bad.policy:1:15: unknown constant 'FOO_BAR'", NULL);
	expect_error("read: arg0 == (1|2\n", "bad.policy:1:19: unbalanced parentheses", NULL);
	expect_error("read: arg0 == 1|2)\n", "bad.policy:1:18: trailing ')'", NULL);
	expect_error("read 1\n", "bad.policy:1:6: missing ':' after 'read'", NULL);
	expect_error("read: 1 1\n", "bad.policy:1:9: trailing '1'", NULL);
	expect_error("read: arg0 === 1\n", "bad.policy:1:14:", "'='");
	expect_error("read: arg0 =~ 1\n", "bad.policy:1:12:", "accepted: == != < <= > >= & in");
	expect_error("read:\n", "bad.policy:1:6: missing filter", NULL);
	expect_error("read: return EWHAT\n", "bad.policy:1:14: unknown errno 'EWHAT'", NULL);
	expect_error("read: return 4096\n", "unknown errno '4096'", NULL);
	expect_error("read: arg0 == 1; allow\n", "bad.policy:1:18:", "accepted: kill");
	expect_error("read: user-notify\n", "bad.policy:1:7: 'user-notify' where", "kill-thread, trap, log, return ERRNO");
	expect_error("read: arg0 == 0x1ffffffffffffffff\n", "bad number '0x1ffffffffffffffff'", NULL);
	expect_error("read: arg0 == 12abc\n", "bad number '12abc'", NULL);
	expect_error("@nope: 1\n", "unknown group '@nope'", "@basic-io");
	expect_error("@bogus\n", "unknown directive '@bogus'", NULL);
	expect_error("2000: 1\n", "syscall number '2000' out of range", NULL);
	expect_error("read: 1\nwrite\x01: 1\n", "bad.policy:2:6", "'\\x01'");
}
END_TEST

START_TEST(bad_bytes_and_sizes)
{
	struct sandbox_error err = { 0 };
	struct sb_policy p;
	static const char nul[] = "read: 1\nwr\0ite: 1\n";
	ck_assert_int_ne(sb_policy_parse_text("n.policy", nul, sizeof(nul) - 1, NULL, &p, &err), 0);
	ck_assert_msg(strstr(err.message, "n.policy:2:3: NUL byte"), "%s", err.message);

	size_t big = 10u << 20;
	char *text = malloc(big + 1);
	memset(text, '#', big);
	text[big] = '\0';
	ck_assert_int_ne(sb_policy_parse_text("big.policy", text, big, NULL, &p, &err), 0);
	ck_assert_msg(strstr(err.message, "too large"), "%s", err.message);
	/* one line of 1 MB inside an acceptable file size is refused on its own */
	size_t line = 1000000;
	memcpy(text, "read: 1 ", 8);
	text[line] = '\n';
	ck_assert_int_ne(sb_policy_parse_text("long.policy", text, line + 1, NULL, &p, &err), 0);
	ck_assert_msg(strstr(err.message, "long.policy:1:1: line of 1000000 bytes is too long"),
		      "%s", err.message);
	free(text);

	/* a group repeats its expression for every member, and each copy counts */
	char many[2048] = "";
	for (int i = 0; i < 10; i++)   /* 5 x ~370 members x 10 lines */
		strcat(many, "@known: arg0 == 1 || arg1 == 2 || arg2 == 3 || arg3 == 4 || arg5 == 6\n");
	ck_assert_int_ne(sb_policy_parse_text("g.policy", many, strlen(many), NULL, &p, &err), 0);
	ck_assert_msg(strstr(err.message, "g.policy:") &&
		      strstr(err.message, "more than 16384 argument comparisons"), "%s", err.message);
}
END_TEST

Suite *unit_policy_file_suite(void)
{
	Suite *s = suite_create("unit_policy_file");
	TCase *tc = tcase_create("syntax");
	tcase_add_test(tc, unconditional_allow);
	tcase_add_test(tc, comparisons_on_64_bit_arguments_use_all_64_bits);
	tcase_add_test(tc, disjunctive_normal_form);
	tcase_add_test(tc, values_numbers_constants_masks);
	tcase_add_test(tc, return_errno);
	tcase_add_test(tc, actions);
	tcase_add_test(tc, repeated_syscall_is_ored);
	tcase_add_test(tc, default_directive_and_override);
	tcase_add_test(tc, denylist);
	tcase_add_test(tc, numbers_groups_continuations_comments);
	tcase_add_test(tc, bad_inputs_name_line_column_and_token);
	tcase_add_test(tc, bad_bytes_and_sizes);
	suite_add_tcase(s, tc);
	return s;
}
