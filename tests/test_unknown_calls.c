/*
 * Calls newer than the syscall table: SECCOMP_UNKNOWN_ACTION and the policy directive
 * @unknown give the numbers the table does not name (gaps, 470 and up) an action of their
 * own, such as errno:ENOSYS, so a newer C library's probe fails and it falls back; without
 * them such a call gets the default action (killed), as the seed contract says.
 */
#include "support.h"
#include "bpf_run.h"
#include "config.h"
#include "filter.h"
#include "syscalls.h"

#include <errno.h>
#include <linux/audit.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#define ENOSYS_ACTION (SECCOMP_RET_ERRNO | ENOSYS)

static struct run_result res;

/* The model and the compiled filter, number by number. */
START_TEST(unknown_numbers_get_their_action)
{
	static const struct { const char *unknown; uint32_t nr, expected; } rows[] = {
		{ "errno:ENOSYS", 470, ENOSYS_ACTION },        /* after file_setattr (469) */
		{ "errno:ENOSYS", 400, ENOSYS_ACTION },        /* a gap in x86_64's numbering */
		{ "errno:ENOSYS", 1023, ENOSYS_ACTION },
		{ "errno:ENOSYS", 1024, ENOSYS_ACTION },
		{ "errno:ENOSYS", 0x3fffffff, ENOSYS_ACTION },
		{ "errno:ENOSYS", 0x40000000, SECCOMP_RET_KILL_PROCESS },   /* x32: another ABI */
		{ "errno:ENOSYS", 0xffffffff, SECCOMP_RET_KILL_PROCESS },   /* a tracer's skip */
		{ "errno:ENOSYS", 110 /* getppid: known, not listed */, SECCOMP_RET_KILL_PROCESS },
		{ "errno:ENOSYS", 469 /* file_setattr, listed */, SECCOMP_RET_ALLOW },
		{ "errno:ENOSYS", 500 /* listed by number */, SECCOMP_RET_ALLOW },
		{ "EPERM", 471, SECCOMP_RET_ERRNO | EPERM },
		{ NULL, 470, SECCOMP_RET_KILL_PROCESS },         /* the seed contract */
		{ NULL, 400, SECCOMP_RET_KILL_PROCESS },
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct sb_env env = { .allow = "read:file_setattr:500", .unknown_action = rows[i].unknown };
		struct sb_policy p;
		struct sb_program prog;
		struct sandbox_error err = { 0 };
		ck_assert_msg(sb_policy_from_env(&env, &p, NULL, &err) == 0, "%s", err.message);
		ck_assert_msg(sb_compile(&p, &prog, &err) == 0, "%s", err.message);
		uint64_t args[6] = { 0 };
		struct seccomp_data d = { .nr = (int)rows[i].nr, .arch = AUDIT_ARCH_X86_64 };
		uint32_t filter = sb_bpf_run(prog.insns, prog.len, &d, NULL, NULL);
		ck_assert_msg(filter == rows[i].expected, "%s nr %u: filter 0x%08x, expected 0x%08x",
			      rows[i].unknown ? rows[i].unknown : "unset", rows[i].nr, filter,
			      rows[i].expected);
		if (rows[i].nr < 0x40000000)
			ck_assert_uint_eq(sb_policy_decide(&p, (int)rows[i].nr, args), rows[i].expected);
		sb_program_free(&prog);
		sb_policy_free(&p);
	}
}
END_TEST

/* syscaller under the library, or its static build under a launcher: 470, then getpid. */
static void syscaller(const char *const *env, const char *launcher)
{
	const char *argv[5], **a = argv;
	if (launcher) {
		*a++ = build_path(launcher);
		*a++ = build_path("tests/prog/syscaller-static");
	} else {
		*a++ = build_path("tests/prog/syscaller");
	}
	*a++ = "470";
	*a++ = "getpid";
	*a = NULL;
	run_process(argv, &(struct run_opts){ .env = env, .unprivileged = running_as_root() }, &res);
}

/* A real process probing call 470: ENOSYS with the option, killed without. */
START_TEST(a_new_call_fails_with_enosys_or_kills)
{
	static const char allow[] = "SECCOMP_SYSCALL_ALLOW=@default:@basic-io:newfstatat:readlink";
	const char *pol = write_temp_file(make_temp_dir(), "new.policy", "@unknown return ENOSYS\n"
					  "@default: 1\n@basic-io: 1\nnewfstatat: 1\nreadlink: 1\n");
	char policy_var[4200];
	snprintf(policy_var, sizeof(policy_var), "SECCOMP_POLICY_FILE=%s", pol);
	static const char *const launchers[] = { NULL, "sandboxify" };
	for (int l = 0; l < 2; l++) {
		const char *preload = launchers[l] ? "SECCOMP_QUIET=1" : preload_env();
		syscaller((const char *const[]){ preload, "SECCOMP_QUIET=1", allow,
						 "SECCOMP_UNKNOWN_ACTION=errno:ENOSYS", NULL }, launchers[l]);
		ck_assert_exit(&res, 0);
		ck_assert_msg(!strncmp(res.out, "470=-1 ENOSYS\ngetpid=", 21), "%s", res.out);
		run_result_free(&res);

		syscaller((const char *const[]){ preload, "SECCOMP_QUIET=1", policy_var, NULL },
			  launchers[l]);
		ck_assert_exit(&res, 0);
		ck_assert_msg(!strncmp(res.out, "470=-1 ENOSYS\ngetpid=", 21), "%s", res.out);
		run_result_free(&res);

		syscaller((const char *const[]){ preload, "SECCOMP_QUIET=1", allow, NULL }, launchers[l]);
		ck_assert_signal(&res, SIGSYS);
		ck_assert_str_eq(res.out, "");
		run_result_free(&res);
	}
}
END_TEST

Suite *unknown_calls_suite(void)
{
	Suite *s = suite_create("unknown_calls");
	TCase *tc = tcase_create("option");
	tcase_add_test(tc, unknown_numbers_get_their_action);
	tcase_add_test(tc, a_new_call_fails_with_enosys_or_kills);
	suite_add_tcase(s, tc);
	return s;
}
