/* The report passed to the programs a sandboxed one starts: the variable's form, and the
 * filter's one opening for the handler, decided by the interpreter. */
#include "support.h"
#include "bpf_run.h"
#include "filter.h"
#include "report.h"
#include "report_data.h"
#include "syscalls.h"

#include <linux/audit.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>

static uint32_t decide(const struct sb_program *prog, int nr, const uint64_t args[6])
{
	struct seccomp_data d = { .nr = nr, .arch = AUDIT_ARCH_X86_64 };
	memcpy(d.args, args, sizeof(d.args));
	return sb_bpf_run(prog->insns, prog->len, &d, NULL, NULL);
}

#define TRAPPED (SECCOMP_RET_TRAP | SB_REPORT_TRAP_DATA)

/* A policy, then rt_sigaction's arguments and the action expected; COOKIE stands for the
 * report's cookie. */
#define COOKIE 0xc00c1e
static const struct {
	uint32_t rt_sigaction_action;   /* the policy's action for rt_sigaction */
	uint64_t args[6];
	uint32_t expect;
} gate_rows[] = {
	{ SECCOMP_RET_ALLOW, { SIGSYS, 0x7ffd0000, 0, 8, COOKIE }, SECCOMP_RET_ALLOW },
	{ SECCOMP_RET_ALLOW, { SIGSYS, 0x7ffd0000, 0, 8, 1 }, SECCOMP_RET_ERRNO },
	{ SECCOMP_RET_ALLOW, { SIGSYS, 0x7ffd0000, 0, 16, COOKIE }, SECCOMP_RET_ERRNO },
	/* the kernel reads the signal as an int: this is SIGSYS, with the cookie */
	{ SECCOMP_RET_ALLOW, { (1ULL << 32) | SIGSYS, 0x7ffd0000, 0, 8, COOKIE }, SECCOMP_RET_ALLOW },
	{ SECCOMP_RET_ALLOW, { SIGSYS, 0x7ffd0000, 0, 8, 0, COOKIE }, SECCOMP_RET_ERRNO },
	{ SECCOMP_RET_ALLOW, { SIGSYS, 0, 0x7ffd0000, 8 }, SECCOMP_RET_ALLOW },
	{ SECCOMP_RET_ALLOW, { SIGUSR1, 0x7ffd0000, 0, 8, COOKIE }, SECCOMP_RET_ALLOW },
	{ SECCOMP_RET_KILL_PROCESS, { SIGSYS, 0x7ffd0000, 0, 8, COOKIE }, SECCOMP_RET_ALLOW },
	{ SECCOMP_RET_KILL_PROCESS, { SIGSYS, 0x7ffd0000, 0, 8, 1 }, TRAPPED },
	{ SECCOMP_RET_KILL_PROCESS, { SIGUSR1, 0x7ffd0000, 0, 8, COOKIE }, TRAPPED },
	{ SECCOMP_RET_ERRNO | 1, { SIGSYS, 0x7ffd0000, 0, 8, COOKIE }, SECCOMP_RET_ALLOW },
	{ SECCOMP_RET_ERRNO | 1, { SIGSYS, 0x7ffd0000, 0, 8, 2 }, SECCOMP_RET_ERRNO | 1 },
};

START_TEST(the_handler_gate_needs_the_cookie)
{
	struct sb_policy p;
	struct sb_program prog = { 0 };
	struct sandbox_error err = { 0 };
	char value[64];
	/* The cookie is the inherited one: the rows can name it. */
	snprintf(value, sizeof(value), "1:%016llx:x1024::test", (unsigned long long)COOKIE);
	ck_assert_int_eq(sb_report_inherit(value, &err), 0);
	sb_policy_init(&p, SECCOMP_RET_ALLOW);
	ck_assert_ptr_nonnull(sb_policy_rule(&p, SYS_getppid, SECCOMP_RET_KILL_PROCESS));
	ck_assert_ptr_nonnull(sb_policy_rule(&p, SYS_rt_sigaction, gate_rows[_i].rt_sigaction_action));
	sb_policy_finish(&p);
	ck_assert_int_eq(sb_report_prepare(&p, &err), 0);
	ck_assert_uint_eq(sb_report_data.cookie, COOKIE);
	ck_assert_msg(sb_compile(&p, &prog, &err) == 0, "%s", err.message);
	uint32_t got = decide(&prog, SYS_rt_sigaction, gate_rows[_i].args);
	ck_assert_msg(got == gate_rows[_i].expect, "row %d: %#x, expected %#x", _i, got,
		      gate_rows[_i].expect);
	ck_assert_uint_eq(sb_policy_decide(&p, SYS_rt_sigaction, gate_rows[_i].args), got);
	sb_program_free(&prog);
	sb_policy_free(&p);
}
END_TEST

/* What the library writes reads back the same; a call refused only by the filter the
 * process inherited is named as such. */
START_TEST(encoding_round_trips_and_inherited_reasons_merge)
{
	struct sb_policy p;
	struct sandbox_error err = { 0 };
	/* The parent refused getppid and getuid. */
	static struct sb_report_data parent;
	memset(&parent, 0, sizeof(parent));
	parent.cookie = 0x0123456789abcdefULL;
	strcpy(parent.origin, "SECCOMP_SYSCALL_DENY");
	for (int nr = 0; nr < SB_REPORT_NR_LIMIT; nr++)
		parent.sibling[nr] = -1;
	parent.reason[SYS_getppid] = parent.reason[SYS_getuid] = SB_REASON_DENIED;
	parent.sibling[SYS_openat2] = SYS_openat;
	static char value[32768];
	size_t n = sb_report_encode(&parent, value, sizeof(value));
	ck_assert_uint_lt(n, sizeof(value));
	ck_assert_str_eq(value, "1:0123456789abcdef:x102d1x7d1x913:437>257:SECCOMP_SYSCALL_DENY");
	ck_assert_int_eq(sb_report_inherit(value, &err), 0);
	ck_assert(!memcmp(&sb_report_data, &parent, sizeof(parent)));

	/* This process denies getuid itself and kill, on top. */
	sb_policy_init(&p, SECCOMP_RET_ALLOW);
	ck_assert_ptr_nonnull(sb_policy_rule(&p, SYS_getuid, SECCOMP_RET_KILL_PROCESS));
	ck_assert_ptr_nonnull(sb_policy_rule(&p, SYS_kill, SECCOMP_RET_KILL_PROCESS));
	snprintf(p.origin, sizeof(p.origin), "SECCOMP_SYSCALL_DENY");
	sb_policy_finish(&p);
	ck_assert_int_eq(sb_report_prepare(&p, &err), 0);
	ck_assert_uint_eq(sb_report_data.cookie, parent.cookie);
	ck_assert_int_eq(sb_report_data.reason[SYS_getuid], SB_REASON_DENIED);
	ck_assert_int_eq(sb_report_data.reason[SYS_kill], SB_REASON_DENIED);
	ck_assert_int_eq(sb_report_data.reason[SYS_getppid], SB_REASON_INHERITED);
	char line[SB_REPORT_LINE_MAX];
	const uint64_t args[6] = { 0 };
	line[sb_report_line(&sb_report_data, line, sizeof(line), SYS_getppid, AUDIT_ARCH_X86_64, args)] = 0;
	ck_assert_str_eq(line, "sandbox: blocked syscall getppid() \xe2\x80\x94 refused by the "
			 "filter of an enclosing sandbox\n");
	sb_policy_free(&p);
}
END_TEST

/* Every malformed value is refused whole, naming the variable, and changes nothing. */
static const char *const malformed[] = {
	"", "2:0123456789abcdef:x1024::o", "1:0123456789abcde:x1024::o",
	"1:0123456789abcdeg:x1024::o", "1:0123456789ABCDEF:x1024::o", "1:0123456789abcdef:x1023::o",
	"1:0123456789abcdef:x1025::o", "1:0123456789abcdef:x1000x0x24::o",
	"1:0123456789abcdef:q1024::o", "1:0123456789abcdef:x99999999999999999999::o",
	"1:0123456789abcdef:x1024:5>:o", "1:0123456789abcdef:x1024:1024>3:o",
	"1:0123456789abcdef:x1024:5>3,:o", "1:0123456789abcdef:x1024:5-3:o",
	"1:0123456789abcdef:x1024::o\x1b[2J", "1:0123456789abcdef:x1024",
	"1:0123456789abcdef:x1024:",
};

START_TEST(malformed_values_fail_whole)
{
	static struct sb_report_data d, before;
	struct sandbox_error err = { 0 };
	memset(&d, 0x5a, sizeof(d));
	before = d;
	ck_assert_int_eq(sb_report_decode(malformed[_i], &d, &err), SANDBOX_ECONFIG);
	ck_assert_msg(!strncmp(err.message, "SECCOMP_REPORT_INHERITED: ", 26), "%s", err.message);
	ck_assert(!memcmp(&d, &before, sizeof(d)));
	/* An origin of 255 bytes is the longest. */
	char value[400];
	snprintf(value, sizeof(value), "1:0123456789abcdef:x1024::%0255d", 0);
	ck_assert_int_eq(sb_report_decode(value, &d, &err), 0);
	snprintf(value, sizeof(value), "1:0123456789abcdef:x1024::%0256d", 0);
	ck_assert_int_eq(sb_report_decode(value, &d, &err), SANDBOX_ECONFIG);
}
END_TEST

Suite *unit_report_inherit_suite(void)
{
	Suite *s = suite_create("unit_report_inherit");
	TCase *tc = tcase_create("unit_report_inherit");
	tcase_add_loop_test(tc, the_handler_gate_needs_the_cookie, 0,
			    (int)(sizeof(gate_rows) / sizeof(gate_rows[0])));
	tcase_add_test(tc, encoding_round_trips_and_inherited_reasons_merge);
	tcase_add_loop_test(tc, malformed_values_fail_whole, 0,
			    (int)(sizeof(malformed) / sizeof(malformed[0])));
	suite_add_tcase(s, tc);
	return s;
}
