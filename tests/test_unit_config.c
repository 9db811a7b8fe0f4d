/* The environment contract's parser: every malformed input fails with one clear line. */
#include "pipeline.h"
#include "support.h"
#include "config.h"
#include "syscalls.h"
#include "bpf_run.h"
#include "report.h"
#include "util.h"
#include "actions.h"
#include "report_data.h"

#include <linux/audit.h>
#include <stdio.h>

#include <errno.h>
#include <string.h>
#include <signal.h>
#include <sys/syscall.h>

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

static void expect_error(const char *allow, const char *deny, const char *action, const char *needle)
{
	struct sb_policy p;
	struct sandbox_error err = { 0 };
	int rc = build(allow, deny, action, &p, &err);
	ck_assert_int_eq(rc, SANDBOX_ECONFIG);
	ck_assert_int_eq(err.code, SANDBOX_ECONFIG);
	ck_assert_msg(strstr(err.message, needle), "missing '%s' in: %s", needle, err.message);
	ck_assert_ptr_null(strchr(err.message, '\n'));
}

START_TEST(malformed_inputs)
{
	static const struct { const char *allow, *deny, *action, *needle; } cases[] = {
		{ "read:wrte", NULL, NULL, "SECCOMP_SYSCALL_ALLOW: unknown syscall 'wrte' (did you mean write" },
		{ "opneat", NULL, NULL, "did you mean openat" },
		{ NULL, "getppid:xyzzyplugh", NULL, "SECCOMP_SYSCALL_DENY: unknown syscall 'xyzzyplugh' (accepted:" },
		{ "read", "write", NULL, "SECCOMP_SYSCALL_ALLOW and SECCOMP_SYSCALL_DENY are both set" },
		{ "read", NULL, "kil", "SECCOMP_DEFAULT_ACTION: unknown action 'kil' (accepted: kill," },
		{ "read", NULL, "errno:EWHAT", "unknown errno 'EWHAT'" },
		{ "read", NULL, "errno:4096", "unknown errno '4096'" },
		{ "read", NULL, "errno:-1", "unknown errno '-1'" },
		{ "read", NULL, "errno:", "unknown errno ''" },
		{ "read", NULL, "ERRNO", "unknown action 'ERRNO'" },
		{ "read:1024", NULL, NULL, "syscall number out of range '1024'" },
		{ "read:0x400", NULL, NULL, "syscall number out of range '0x400'" },
		{ "read:12abc", NULL, NULL, "syscall number out of range '12abc'" },
		{ "read:99999999999999999999999", NULL, NULL, "out of range" },
		{ "read: write", NULL, NULL, "non-printable or space byte in entry ' write'" },
		{ "read:wr\x7fte", NULL, NULL, "entry 'wr\\x7fte'" },
		{ "read:\xc3\xa9", NULL, NULL, "non-printable" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		expect_error(cases[i].allow, cases[i].deny, cases[i].action, cases[i].needle);
}
END_TEST

START_TEST(long_name_is_cut_in_the_message)
{
	char name[201];
	memset(name, 'a', 200);
	name[200] = '\0';
	expect_error(name, NULL, NULL, "entry too long 'aaaaaaaaaa");
	expect_error(name, NULL, NULL, "...(200 bytes)");
	/* Escaped bytes up to the cut: the note of the length is cut to the buffer too (it
	 * was written past it, under ASan a stack-buffer-overflow). */
	char escaped[50] = "red";
	memset(escaped + 3, '\b', 46);
	escaped[49] = '\0';
	expect_error(escaped, NULL, NULL, "non-printable or space byte in entry 'red\\x08\\x08");
}
END_TEST

START_TEST(actions_parse)
{
	static const struct { const char *text; uint32_t action; } cases[] = {
		{ "kill", SECCOMP_RET_KILL_PROCESS }, { "kill_process", SECCOMP_RET_KILL_PROCESS },
		{ "kill_thread", SECCOMP_RET_KILL_THREAD }, { "trap", SECCOMP_RET_TRAP },
		{ "log", SECCOMP_RET_LOG }, { "errno", SECCOMP_RET_ERRNO | EPERM },
		{ "errno:ENOSYS", SECCOMP_RET_ERRNO | ENOSYS }, { "errno:0", SECCOMP_RET_ERRNO },
		{ "errno:4095", SECCOMP_RET_ERRNO | 4095 }, { "errno:0x10", SECCOMP_RET_ERRNO | 16 },
		{ "errno:EWOULDBLOCK", SECCOMP_RET_ERRNO | EAGAIN },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint32_t a = 0;
		ck_assert_int_eq(sb_parse_action(cases[i].text, "X", &a, NULL), 0);
		ck_assert_uint_eq(a, cases[i].action);
	}
	char buf[64];
	ck_assert_str_eq(sb_action_name(SECCOMP_RET_ERRNO | EAGAIN, buf, sizeof(buf)), "errno:EAGAIN");
	ck_assert_str_eq(sb_action_name(SECCOMP_RET_KILL_PROCESS, buf, sizeof(buf)), "kill_process");
}
END_TEST

START_TEST(deny_list_and_numbers)
{
	struct sb_policy p;
	uint64_t args[6] = { 0 };
	ck_assert_int_eq(build(NULL, "110:0x27:getppid:", "errno:EACCES", &p, NULL), 0);
	ck_assert_uint_eq(p.default_action, SECCOMP_RET_ALLOW);
	ck_assert_uint_eq(p.n_rules, 2);
	ck_assert_uint_eq(sb_policy_decide(&p, 110, args), SECCOMP_RET_ERRNO | EACCES);
	ck_assert_uint_eq(sb_policy_decide(&p, 39, args), SECCOMP_RET_ERRNO | EACCES);
	ck_assert_uint_eq(sb_policy_decide(&p, 1, args), SECCOMP_RET_ALLOW);
	sb_policy_free(&p);
	/* An empty allow list allows nothing; empty entries are skipped. */
	ck_assert_int_eq(build("::", NULL, "log", &p, NULL), 0);
	ck_assert_uint_eq(p.n_rules, 0);
	ck_assert_uint_eq(p.default_action, SECCOMP_RET_LOG);
	sb_policy_free(&p);
}
END_TEST

/* What sb_messages_write writes, as a string (static storage). */
static const char *written(const struct sb_messages *m)
{
	static char text[65536];
	FILE *f = tmpfile();
	ck_assert_ptr_nonnull(f);
	sb_messages_write(m, fileno(f));
	rewind(f);
	size_t n = fread(text, 1, sizeof(text) - 1, f);
	text[n] = '\0';
	fclose(f);
	return text;
}

START_TEST(messages_follow_the_list)
{
	struct sb_policy p;
	struct sb_messages m = { 0 };
	struct sb_env env = { .allow = "fstat::write:1" };
	ck_assert_int_eq(sb_policy_from_env(&env, &p, &m, NULL), 0);
	ck_assert_str_eq(written(&m), "adding fstat to the process seccomp filter\n"
				      "adding write to the process seccomp filter\n"
				      "adding 1 to the process seccomp filter\n");
	sb_policy_free(&p);
	m.list = NULL;
	env.quiet = "1";
	ck_assert_int_eq(sb_policy_from_env(&env, &p, &m, NULL), 0);
	ck_assert_ptr_null(m.list);
	ck_assert_str_eq(written(&m), "");
	sb_policy_free(&p);
	/* Nothing announced for a list that is refused. */
	env = (struct sb_env){ .allow = "read:wrte" };
	ck_assert_int_ne(sb_policy_from_env(&env, &p, &m, NULL), 0);
	ck_assert_ptr_null(m.list);
}
END_TEST

START_TEST(messages_of_a_long_list_are_all_written)
{
	/* More lines than one write's buffer holds: every one arrives, in order, whole. */
	char list[16384], expect[65536];
	size_t lo = 0, eo = 0;
	for (int nr = 0, n = 0; nr < SB_NR_LIMIT && n < 358; nr++) {
		const char *name = sb_syscall_name(nr);
		if (!name)
			continue;
		lo += (size_t)snprintf(list + lo, sizeof(list) - lo, "%s%s", n++ ? ":" : "", name);
		eo += (size_t)snprintf(expect + eo, sizeof(expect) - eo,
				       "adding %s to the process seccomp filter\n", name);
	}
	ck_assert_uint_gt(eo, 8192);
	struct sb_policy p;
	struct sb_messages m = { 0 };
	struct sb_env env = { .allow = list };
	ck_assert_int_eq(sb_policy_from_env(&env, &p, &m, NULL), 0);
	ck_assert_str_eq(written(&m), expect);
	sb_policy_free(&p);
}
END_TEST

START_TEST(numbers_parse_strictly)
{
	static const struct { const char *text; bool ok; uint64_t value; } cases[] = {
		{ "0", true, 0 }, { "42", true, 42 }, { "0x1F", true, 31 }, { "0X1f", true, 31 },
		{ "0777", true, 511 }, { "18446744073709551615", true, UINT64_MAX },
		{ "0xffffffffffffffff", true, UINT64_MAX },
		{ "01777777777777777777777", true, UINT64_MAX },
		{ "18446744073709551616", false, 0 }, { "0x10000000000000000", false, 0 },
		{ "", false, 0 }, { "0x", false, 0 }, { "08", false, 0 }, { "-1", false, 0 },
		{ "+1", false, 0 }, { " 1", false, 0 }, { "1 ", false, 0 }, { "1a", false, 0 },
		{ "0xg", false, 0 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint64_t v = 12345;
		bool ok = sb_parse_u64(cases[i].text, strlen(cases[i].text), &v);
		ck_assert_msg(ok == cases[i].ok, "'%s': %d", cases[i].text, ok);
		if (ok)
			ck_assert_msg(v == cases[i].value, "'%s': %llu", cases[i].text,
				      (unsigned long long)v);
	}
	/* Only the n bytes given are read. */
	uint64_t v;
	ck_assert(sb_parse_u64("12:34", 2, &v) && v == 12);
}
END_TEST

START_TEST(value_at_the_kernel_limit)
{
	/* 128 KiB of entries, some 25,000: parsed in linear time, duplicates merged. */
	static char big[131072];
	size_t o = 0;
	static const char *const names[] = { "read:", "write:", "getppid:", "openat:", "1:" };
	for (size_t i = 0; o + 16 < sizeof(big); i++)
		o += (size_t)snprintf(big + o, sizeof(big) - o, "%s", names[i % 5]);
	struct sb_policy p;
	ck_assert_int_eq(build(big, NULL, NULL, &p, NULL), 0);
	ck_assert_uint_eq(p.n_rules, 4);
	sb_policy_free(&p);
}
END_TEST

/* The contract's foreign-ABI rule, checked on the exported program with the interpreter:
 * i386 and x32 calls kill the process in allow and deny mode alike. */
START_TEST(foreign_abis_kill_the_process)
{
	static const struct sb_env envs[] = {
		{ .allow = "read:write:exit_group:getppid" },
		{ .deny = "getppid" },
		{ .deny = "", .action = "log" },
		{ .allow = "", .action = "errno:EPERM" },
	};
	for (size_t e = 0; e < sizeof(envs) / sizeof(envs[0]); e++) {
		struct sb_build build;
		struct sandbox_error err = { 0 };
		ck_assert_msg(sb_pipeline_build(&envs[e], NULL, &build, &err) == 0, "%s", err.message);
		struct sb_program prog = build.program;
		ck_assert_ptr_null(sb_bpf_validate(prog.insns, prog.len, NULL));
		for (int nr = 0; nr < 600; nr++) {
			struct seccomp_data d = { .nr = nr, .arch = AUDIT_ARCH_I386 };
			ck_assert_uint_eq(sb_bpf_run(prog.insns, prog.len, &d, NULL, NULL), SECCOMP_RET_KILL_PROCESS);
			d.arch = AUDIT_ARCH_X86_64;
			d.nr = 0x40000000 + nr;   /* x32 */
			ck_assert_uint_eq(sb_bpf_run(prog.insns, prog.len, &d, NULL, NULL), SECCOMP_RET_KILL_PROCESS);
		}
		struct seccomp_data native = { .nr = 110, .arch = AUDIT_ARCH_X86_64 };
		uint32_t expect = e == 0 ? SECCOMP_RET_ALLOW : e == 1 ? SECCOMP_RET_KILL_PROCESS
			: e == 2 ? SECCOMP_RET_ALLOW : (SECCOMP_RET_ERRNO | EPERM);
		ck_assert_uint_eq(sb_bpf_run(prog.insns, prog.len, &native, NULL, NULL), expect);
		sb_program_free(&prog);
	}
}
END_TEST

/* With the report, every foreign call traps with the report's foreign mark instead (the
 * handler names it, then dies by SIGSYS); native decisions are those of the policy. */
START_TEST(foreign_abis_trap_for_the_report)
{
	struct sb_env env = { .allow = "read:write:exit_group:getppid" };
	struct sb_pipeline_opts opts = { .report = true };
	struct sb_build build;
	struct sandbox_error err = { 0 };
	ck_assert_msg(sb_pipeline_build(&env, &opts, &build, &err) == 0, "%s", err.message);
	ck_assert(build.install_report);
	const struct sb_program *prog = &build.program;
	for (int nr = 0; nr < 600; nr++) {
		struct seccomp_data d = { .nr = nr, .arch = AUDIT_ARCH_I386 };
		ck_assert_uint_eq(sb_bpf_run(prog->insns, prog->len, &d, NULL, NULL),
				  SECCOMP_RET_TRAP | SB_REPORT_FOREIGN_DATA);
		d.arch = AUDIT_ARCH_X86_64;
		d.nr = 0x40000000 + nr;
		ck_assert_uint_eq(sb_bpf_run(prog->insns, prog->len, &d, NULL, NULL),
				  SECCOMP_RET_TRAP | SB_REPORT_FOREIGN_DATA);
	}
	struct seccomp_data native = { .nr = 110, .arch = AUDIT_ARCH_X86_64 };
	ck_assert_uint_eq(sb_bpf_run(prog->insns, prog->len, &native, NULL, NULL), SECCOMP_RET_ALLOW);
	native.nr = 39;   /* getpid: refused, so trapped for the report too */
	ck_assert_uint_eq(sb_bpf_run(prog->insns, prog->len, &native, NULL, NULL),
			  SECCOMP_RET_TRAP | SB_REPORT_TRAP_DATA);
	char line[SB_REPORT_LINE_MAX];
	sb_report_foreign_line(&sb_report_data, line, sizeof(line), 20, AUDIT_ARCH_I386);
	ck_assert_str_eq(line, "sandbox: blocked i386 syscall 20 (getpid) \xe2\x80\x94 foreign ABI, "
			 "always refused\n");
	sb_report_foreign_line(&sb_report_data, line, sizeof(line), 0x40000000 + 513, AUDIT_ARCH_X86_64);
	ck_assert_str_eq(line, "sandbox: blocked x32 syscall 513 (rt_sigreturn) \xe2\x80\x94 foreign "
			 "ABI, always refused\n");
	sb_report_foreign_line(&sb_report_data, line, sizeof(line), 449, AUDIT_ARCH_I386);
	ck_assert_str_eq(line, "sandbox: blocked i386 syscall 449 (futex_waitv) \xe2\x80\x94 foreign "
			 "ABI, always refused\n");
	sb_build_free(&build);
}
END_TEST

/* With the report armed, the filter must fake rt_sigaction(SIGSYS, act) whatever the upper
 * half of the signal number (the kernel reads an int) and whatever action lets the call
 * run (allow, log, trace), or a program could install its own SIGSYS handler and survive
 * a kill. Checked on the compiled filter with the interpreter, against the model. */
START_TEST(report_guards_the_sigsys_handler)
{
	static const uint32_t defaults[] = { SECCOMP_RET_ALLOW, SECCOMP_RET_LOG, SECCOMP_RET_TRACE };
	static const uint64_t sigs[] = { SIGSYS, (1ULL << 32) | SIGSYS, ~0ULL << 32 | SIGSYS,
					 0xffffffffULL << 32 | SIGSYS };
	for (size_t i = 0; i < sizeof(defaults) / sizeof(defaults[0]); i++) {
		struct sb_policy p;
		struct sb_program prog = { 0 };
		struct sandbox_error err = { 0 };
		sb_policy_init(&p, defaults[i]);
		ck_assert_ptr_nonnull(sb_policy_rule(&p, 110, SECCOMP_RET_KILL_PROCESS));
		sb_policy_finish(&p);
		ck_assert(sb_report_applicable(&p));
		ck_assert_int_eq(sb_report_prepare(&p, &err), 0);
		ck_assert_msg(sb_compile(&p, &prog, &err) == 0, "%s", err.message);
		for (size_t s = 0; s < sizeof(sigs) / sizeof(sigs[0]); s++) {
			struct seccomp_data d = { .nr = SYS_rt_sigaction, .arch = AUDIT_ARCH_X86_64,
						  .args = { sigs[s], 0x7ffd0000, 0, 8 } };
			uint32_t got = sb_bpf_run(prog.insns, prog.len, &d, NULL, NULL);
			ck_assert_msg(got == SECCOMP_RET_ERRNO, "default %#x, signal %#llx: %#x",
				      defaults[i], (unsigned long long)sigs[s], got);
			const uint64_t args[6] = { d.args[0], d.args[1], d.args[2], d.args[3] };
			ck_assert_uint_eq(sb_policy_decide(&p, d.nr, args), got);
			d.args[1] = 0;   /* a query changes nothing: it runs */
			ck_assert_uint_eq(sb_bpf_run(prog.insns, prog.len, &d, NULL, NULL), defaults[i]);
		}
		struct seccomp_data other = { .nr = SYS_rt_sigaction, .arch = AUDIT_ARCH_X86_64,
					      .args = { SIGUSR1, 0x7ffd0000, 0, 8 } };
		ck_assert_uint_eq(sb_bpf_run(prog.insns, prog.len, &other, NULL, NULL), defaults[i]);
		struct seccomp_data killed = { .nr = 110, .arch = AUDIT_ARCH_X86_64 };
		ck_assert_uint_eq(sb_bpf_run(prog.insns, prog.len, &killed, NULL, NULL),
				  SECCOMP_RET_TRAP | SB_REPORT_TRAP_DATA);
		sb_program_free(&prog);
		sb_policy_free(&p);

		/* Nothing kills: no report, and rt_sigaction keeps the policy's own action
		 * (learn mode's trace must see it). */
		sb_policy_init(&p, defaults[i]);
		ck_assert_ptr_nonnull(sb_policy_rule(&p, 110, SECCOMP_RET_ERRNO | EPERM));
		sb_policy_finish(&p);
		ck_assert(!sb_report_applicable(&p));
		sb_policy_free(&p);
	}
}
END_TEST

/* The report's write exception: one line (fd 2, at most SB_REPORT_LINE_MAX bytes, the
 * cookie), and only where the policy would kill write; an explicit errno is left alone. */
START_TEST(report_write_exception_is_one_line)
{
	static const struct {
		uint32_t write_action;     /* 0: no rule for write (default allow) */
		uint64_t fd, len;
		bool cookie;
		uint32_t expect;
	} cases[] = {
		{ SECCOMP_RET_KILL_PROCESS, 2, SB_REPORT_LINE_MAX, true, SECCOMP_RET_ALLOW },
		{ SECCOMP_RET_KILL_PROCESS, 2, SB_REPORT_LINE_MAX + 1, true, SECCOMP_RET_TRAP | SB_REPORT_TRAP_DATA },
		{ SECCOMP_RET_KILL_PROCESS, 2, 1 << 20, true, SECCOMP_RET_TRAP | SB_REPORT_TRAP_DATA },
		{ SECCOMP_RET_KILL_PROCESS, 1, 10, true, SECCOMP_RET_TRAP | SB_REPORT_TRAP_DATA },
		{ SECCOMP_RET_KILL_PROCESS, 2, 10, false, SECCOMP_RET_TRAP | SB_REPORT_TRAP_DATA },
		{ SECCOMP_RET_ERRNO | EPERM, 2, 10, true, SECCOMP_RET_ERRNO | EPERM },
		{ 0, 2, 1 << 20, false, SECCOMP_RET_ALLOW },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sb_policy p;
		struct sb_program prog = { 0 };
		struct sandbox_error err = { 0 };
		sb_policy_init(&p, SECCOMP_RET_ALLOW);
		ck_assert_ptr_nonnull(sb_policy_rule(&p, SYS_getppid, SECCOMP_RET_KILL_PROCESS));
		if (cases[i].write_action)
			ck_assert_ptr_nonnull(sb_policy_rule(&p, SYS_write, cases[i].write_action));
		sb_policy_finish(&p);
		ck_assert_int_eq(sb_report_prepare(&p, &err), 0);
		ck_assert_msg(sb_compile(&p, &prog, &err) == 0, "%s", err.message);
		struct seccomp_data d = { .nr = SYS_write, .arch = AUDIT_ARCH_X86_64,
					  .args = { cases[i].fd, 0x7ffd0000, cases[i].len,
						    cases[i].cookie ? sb_report_data.cookie : 1 } };
		uint32_t got = sb_bpf_run(prog.insns, prog.len, &d, NULL, NULL);
		ck_assert_msg(got == cases[i].expect, "case %zu: %#x, expected %#x", i, got,
			      cases[i].expect);
		sb_program_free(&prog);
		sb_policy_free(&p);
	}
}
END_TEST

Suite *unit_config_suite(void)
{
	Suite *s = suite_create("unit_config");
	TCase *tc = tcase_create("lists");
	tcase_add_test(tc, allow_list_builds_rules);
	tcase_add_test(tc, unknown_name_suggests);
	tcase_add_test(tc, malformed_inputs);
	tcase_add_test(tc, long_name_is_cut_in_the_message);
	tcase_add_test(tc, actions_parse);
	tcase_add_test(tc, deny_list_and_numbers);
	tcase_add_test(tc, messages_follow_the_list);
	tcase_add_test(tc, messages_of_a_long_list_are_all_written);
	tcase_add_test(tc, numbers_parse_strictly);
	tcase_add_test(tc, value_at_the_kernel_limit);
	tcase_add_test(tc, foreign_abis_kill_the_process);
	tcase_add_test(tc, foreign_abis_trap_for_the_report);
	tcase_add_test(tc, report_guards_the_sigsys_handler);
	tcase_add_test(tc, report_write_exception_is_one_line);
	suite_add_tcase(s, tc);
	return s;
}
