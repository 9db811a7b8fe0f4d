/* Hostile programs: each test runs an attack as uid 65534 and checks that the program
 * ends up under exactly the filter it was given, or does not run. */
#include "support.h"

#include <fcntl.h>
#include <linux/filter.h>
#include <signal.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct run_result res;

static void teardown(void)
{
	run_result_free(&res);
}

#define ENV(...) ((const char *const[]){ preload_env(), __VA_ARGS__, NULL })

static void run_as_user(const char *const *argv, const char *const *env)
{
	struct run_opts o = { .env = env, .unprivileged = running_as_root() };
	run_process(argv, &o, &res);
}

/* An executable exporting sandbox_apply_env, or syscall() and prctl(), cannot take the
 * library's own calls: they bind inside the library, and the filter is loaded with the
 * system call instruction. */
START_TEST(exported_names_do_not_replace_the_librarys_calls)
{
	static const char *const progs[] = { "tests/prog/interposer-api", "tests/prog/interposer-libc" };
	const char *argv[] = { build_path(progs[_i]), NULL };
	run_as_user(argv, ENV("SECCOMP_SYSCALL_DENY=getppid", "SECCOMP_QUIET=1"));
	ck_assert_signal(&res, SIGSYS);
	ck_assert_str_eq(res.out, "Seccomp:\t2\n");
}
END_TEST

/* The trace action outside a tracer: the program attaches a tracer of its own that lets
 * every refused call continue. The filter is refused before main instead. */
START_TEST(trace_action_without_a_tracer_is_refused)
{
	const char *argv[] = { build_path("tests/prog/selftrace"), "110" /* getppid */, NULL };
	run_as_user(argv, ENV("SECCOMP_SYSCALL_DENY=getppid", "SECCOMP_DEFAULT_ACTION=trace",
			      "SECCOMP_QUIET=1"));
	ck_assert_exit(&res, 125);
	ck_assert_str_eq(res.out, "");
	ck_assert_pstr_eq(strstr(res.err, "the trace action hands refused calls to a tracer"),
			  strchr(res.err, 't'));
}
END_TEST

START_TEST(sandboxify_refuses_the_trace_action)
{
	const char *argv[] = { build_path("sandboxify"), build_path("tests/prog/selftrace"), "110", NULL };
	run_as_user(argv, (const char *const[]){ "SECCOMP_SYSCALL_DENY=getppid",
						 "SECCOMP_DEFAULT_ACTION=trace", "SECCOMP_QUIET=1", NULL });
	ck_assert_exit(&res, 125);
	ck_assert_str_eq(res.out, "");
	ck_assert_msg(!strncmp(res.err, "sandboxify: the trace action hands", 34), "%s", res.err);
}
END_TEST

/* stderr is exactly one line, starting with prefix and holding needle. */
static void assert_one_line(const char *prefix, const char *needle)
{
	ck_assert_msg(!strncmp(res.err, prefix, strlen(prefix)), "%s", res.err);
	ck_assert_msg(strchr(res.err, '\n') == res.err + strlen(res.err) - 1, "not one line: %s", res.err);
	ck_assert_msg(strstr(res.err, needle), "missing '%s' in: %s", needle, res.err);
}

/* Bad input stops the program before main, with one line (library: loop 0, sandboxify:
 * loop 1). */
static void expect_refused(int launcher, const char *const *vars, const char *needle)
{
	const char *env[8] = { preload_env() };
	size_t n = launcher ? 0 : 1;
	for (size_t i = 0; vars[i] && n < 7; i++)
		env[n++] = vars[i];
	env[n] = NULL;
	const char *direct[] = { build_path("tests/prog/syscaller"), "getpid", NULL };
	const char *launched[] = { build_path("sandboxify"), build_path("tests/prog/syscaller"),
				   "getpid", NULL };
	run_as_user(launcher ? launched : direct, env);
	ck_assert_exit(&res, 125);
	ck_assert_str_eq(res.out, "");
	assert_one_line(launcher ? "sandboxify: " : "libsandbox: ", needle);
	run_result_free(&res);
}
#define REFUSED(needle, ...) expect_refused(_i, (const char *const[]){ __VA_ARGS__, NULL }, needle)

START_TEST(misspelt_variable_is_refused)
{
	REFUSED("SECCOMP_SYSCALL_ALOW: unknown variable (did you mean SECCOMP_SYSCALL_ALLOW?",
		"SECCOMP_SYSCALL_ALOW=exit_group");
	/* Even next to a correct one, and whatever the value. */
	REFUSED("SECCOMP_REPROT: unknown variable (did you mean SECCOMP_REPORT?",
		"SECCOMP_SYSCALL_DENY=ptrace", "SECCOMP_REPROT=0");
	REFUSED("SECCOMP_WHATEVER: unknown variable (accepted: SECCOMP_SYSCALL_ALLOW, ",
		"SECCOMP_WHATEVER=");
}
END_TEST

START_TEST(control_bytes_are_escaped_in_errors)
{
	REFUSED("unknown action 'kill\\x0a\\x1b[31mok'", "SECCOMP_SYSCALL_DENY=ptrace",
		"SECCOMP_DEFAULT_ACTION=kill\n\x1b[31mok");
	ck_assert_ptr_null(strchr(res.err ? res.err : "", 0x1b));
	REFUSED("cannot open", "SECCOMP_POLICY_FILE=/nonexistent/a\nlibsandbox: fine");
	/* sandboxify's own command line too */
	run_result_free(&res);
	const char *argv[] = { build_path("sandboxify"), "--x\n\x1b[31mok", "/bin/true", NULL };
	run_process(argv, NULL, &res);
	ck_assert_exit(&res, 125);
	ck_assert_msg(strstr(res.err, "unknown option '--x\\x0a\\x1b[31mok'") &&
		      !strchr(res.err, 0x1b) && strchr(res.err, '\n') == res.err + strlen(res.err) - 1,
		      "%s", res.err);
}
END_TEST

START_TEST(malformed_include_map_and_errno_0_are_refused)
{
	REFUSED("SECCOMP_POLICY_INCLUDE_MAP: entry '='", "SECCOMP_SYSCALL_DENY=ptrace",
		"SECCOMP_POLICY_INCLUDE_MAP==:::");
	REFUSED("SECCOMP_POLICY_INCLUDE_MAP: entry 'relative=/x'", "SECCOMP_SYSCALL_DENY=ptrace",
		"SECCOMP_POLICY_INCLUDE_MAP=/a=/b:relative=/x");
	REFUSED("would make every refused call report success", "SECCOMP_SYSCALL_DENY=ptrace",
		"SECCOMP_DEFAULT_ACTION=errno:0");
}
END_TEST

/* A filter file loading a scratch word it never stored: the kernel refuses it, so the
 * checker does, and sandboxify stops with 125 instead of killing the program. */
START_TEST(unstored_scratch_load_is_refused)
{
	const struct sock_filter insns[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 39, 0, 1),
		BPF_STMT(BPF_ST, 0),                      /* stored on one path only */
		BPF_STMT(BPF_LD | BPF_MEM, 0),
		BPF_STMT(BPF_RET | BPF_K, 0x7fff0000),
	};
	char path[512], setting[600];
	snprintf(path, sizeof(path), "%s/half.bpf", make_temp_dir());
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ck_assert_int_eq(write(fd, insns, sizeof(insns)), (ssize_t)sizeof(insns));
	close(fd);
	snprintf(setting, sizeof(setting), "SECCOMP_BPF_FILE=%s", path);
	REFUSED("instruction 3: load from a scratch word not stored on every path", setting);
}
END_TEST

/* The tool reads settings files through the same table. */
START_TEST(settings_files_use_the_one_table)
{
	const char *dir = make_temp_dir();
	const char *good = write_temp_file(dir, "good.env", "SECCOMP_SYSCALL_DENY=ptrace\n"
					   "SECCOMP_REPORT=0\nSECCOMP_POLICY_INCLUDE_MAP=/a=/b\n");
	const char *typo = write_temp_file(dir, "typo.env", "SECCOMP_SYSCALL_DENY=ptrace\n"
					   "SECCOMP_QUEIT=1\n");
	const char *argv[] = { build_path("sandbox-policy"), "explain", good, NULL };
	run_as_user(argv, NULL);
	ck_assert_exit(&res, 0);
	run_result_free(&res);
	argv[2] = typo;
	run_as_user(argv, NULL);
	ck_assert_exit(&res, 1);
	assert_one_line("sandbox-policy explain: ", "SECCOMP_QUEIT: unknown variable (did you mean "
			"SECCOMP_QUIET?");
}
END_TEST

/* A policy file rewritten while the library reads it: caught halfway (truncated, the new
 * text not all written), it must not load as the half it is. */
START_TEST(policy_file_rewritten_while_read_is_refused)
{
	const char *dir = make_temp_dir();
	const char *policy = write_temp_file(dir, "rewritten.policy",
					     "@denylist\ngetppid: kill\nptrace: kill\n");
	chmod(policy, 0666);   /* the writer is the program's user */
	static char preload[8192], file[4200];
	snprintf(preload, sizeof(preload), "LD_PRELOAD=%s %s", build_path("tests/lib/librewriter.so"),
		 preload_env() + strlen("LD_PRELOAD="));
	snprintf(file, sizeof(file), "SECCOMP_POLICY_FILE=%s", policy);
	const char *env[] = { preload, file, "REWRITER_SUFFIX=/rewritten.policy",
			      "REWRITER_TEXT=@denylist\nptrace: kill\n", NULL };
	const char *argv[] = { build_path("tests/prog/syscaller"), "getppid", NULL };
	run_as_user(argv, env);
	ck_assert_exit(&res, 125);
	ck_assert_str_eq(res.out, "");
	assert_one_line("libsandbox: policy file: ", "rewritten.policy: changed while being read");
}
END_TEST

/* The report's cookie read from memory opens no write the policy refuses with an errno. */
START_TEST(report_cookie_opens_no_refused_write)
{
	const char *policy = write_temp_file(make_temp_dir(), "write.policy",
					     "@denylist\nwrite: return EPERM\ngetppid: kill\n");
	static char file[4200];
	snprintf(file, sizeof(file), "SECCOMP_POLICY_FILE=%s", policy);
	const char *argv[] = { build_path("tests/prog/cookie_thief"), NULL };
	run_as_user(argv, ENV(file, "SECCOMP_QUIET=1"));
	ck_assert_exit(&res, 0);
	ck_assert_str_eq(res.err, "");
}
END_TEST

static void assert_err_has(const char *needle)
{
	ck_assert_msg(strstr(res.err, needle), "missing '%s' in: %s", needle, res.err);
}

/* ---- sandboxify --preload: nothing before the entry point changes the filter ------- */

static void preload(const char *prog, const char *const *args, const char *const *env)
{
	const char *argv[16] = { build_path("sandboxify"), "--preload", build_path(prog) };
	for (size_t i = 0; i < 12 && args[i]; i++)
		argv[i + 3] = args[i];
	run_as_user(argv, env);
}
#define NO_ARGS ((const char *const[]){ NULL })
/* What prehostile's main needs once the library no longer primes the allocator. */
#define MAIN_NEEDS "SECCOMP_SYSCALL_ALLOW=write:newfstatat:exit_group:brk:getrandom"

START_TEST(preinit_scrubbing_the_environment_changes_nothing)
{
	preload("tests/prog/prehostile", NO_ARGS, (const char *const[]){ MAIN_NEEDS,
		"SECCOMP_QUIET=1", "PREHOSTILE=scrub", NULL });
	ck_assert_signal(&res, SIGSYS);
	ck_assert_str_eq(res.out, "pre=0\nmain\n");
	assert_err_has("blocked syscall mprotect(start=");
}
END_TEST

START_TEST(preinit_cannot_create_files_or_sockets)
{
	char *dir = (char *)make_temp_dir(), target[600], mode[700];
	chmod(dir, 0777);
	snprintf(target, sizeof(target), "%s/created", dir);
	snprintf(mode, sizeof(mode), "PREHOSTILE=create:%s", target);
	preload("tests/prog/prehostile", NO_ARGS, (const char *const[]){ MAIN_NEEDS,
		"SECCOMP_QUIET=1", mode, NULL });
	ck_assert_signal(&res, SIGSYS);
	ck_assert_str_eq(res.out, "");
	ck_assert_int_ne(access(target, F_OK), 0);
	assert_err_has("blocked syscall openat(dfd=AT_FDCWD");
	run_result_free(&res);
	preload("tests/prog/prehostile", NO_ARGS, (const char *const[]){ MAIN_NEEDS,
		"SECCOMP_QUIET=1", "PREHOSTILE=socket", NULL });
	ck_assert_signal(&res, SIGSYS);
	ck_assert_str_eq(res.out, "");
}
END_TEST

/* A static program has no loader: the exact filter from its first instruction. */
START_TEST(preload_confines_a_static_program_exactly)
{
	preload("tests/prog/syscaller-static", (const char *const[]){ "getpid", "openat:-100:0:0",
		NULL }, (const char *const[]){ "SECCOMP_QUIET=1", "SECCOMP_SYSCALL_ALLOW=brk:"
		"arch_prctl:set_tid_address:set_robust_list:rseq:prlimit64:readlink:getrandom:"
		"mprotect:newfstatat:write:exit_group:getpid", NULL });
	ck_assert_signal(&res, SIGSYS);
	ck_assert_msg(!strncmp(res.out, "getpid=", 7) && !strstr(res.out, "openat"), "%s", res.out);
}
END_TEST

START_TEST(preload_refuses_two_ld_preload_entries)
{
	preload("tests/prog/syscaller", (const char *const[]){ "getpid", NULL },
		(const char *const[]){ "SECCOMP_SYSCALL_ALLOW=getpid", "LD_PRELOAD=",
				       "LD_PRELOAD=", NULL });
	ck_assert_exit(&res, 125);
	ck_assert_str_eq(res.out, "");
	assert_one_line("sandboxify: ", "--preload: LD_PRELOAD is in the environment 2 times");
}
END_TEST

/* ---- policies that leave open what they seem to close ------------------------------ */

static void tool(const char *const *args, const char *const *env)
{
	const char *argv[16] = { build_path("sandbox-policy") };
	for (size_t i = 0; i < 14 && args[i]; i++)
		argv[i + 1] = args[i];
	run_as_user(argv, env);
}


START_TEST(deny_list_names_the_sibling_left_open)
{
	const char *argv[] = { build_path("tests/prog/syscaller"), "getpid", NULL };
	run_as_user(argv, ENV("SECCOMP_SYSCALL_DENY=execve:ptrace:dup2"));
	ck_assert_exit(&res, 0);
	assert_err_has("sandbox: warning: SECCOMP_SYSCALL_DENY refuses execve but not execveat, "
		       "which does the same (refuse it too)\n");
	assert_err_has("sandbox: warning: SECCOMP_SYSCALL_DENY refuses dup2 but not dup3, ");
	run_result_free(&res);
	/* Both named: nothing to say. */
	run_as_user(argv, ENV("SECCOMP_SYSCALL_DENY=execve:execveat:ptrace"));
	ck_assert_exit(&res, 0);
	ck_assert_ptr_null(strstr(res.err, "warning"));
	run_result_free(&res);
	/* sandboxify says the same, and so does check. */
	const char *launched[] = { build_path("sandboxify"), build_path("tests/prog/syscaller"),
				   "getpid", NULL };
	run_as_user(launched, (const char *const[]){ "SECCOMP_SYSCALL_DENY=open:ptrace", NULL });
	ck_assert_exit(&res, 0);
	assert_err_has("sandbox: warning: SECCOMP_SYSCALL_DENY refuses open but not openat, "
		       "openat2, creat, which do the same (refuse them too)\n");
	run_result_free(&res);
	const char *policy = write_temp_file(make_temp_dir(), "deny.policy",
					     "@denylist\nexecve: kill\nptrace: kill\n");
	tool((const char *const[]){ "check", policy, NULL }, NULL);
	ck_assert_exit(&res, 0);
	assert_err_has("deny.policy refuses execve but not execveat");
}
END_TEST

START_TEST(io_uring_next_to_refusals_is_named)
{
	const char *argv[] = { build_path("tests/prog/syscaller"), "getpid", NULL };
	run_as_user(argv, ENV("SECCOMP_SYSCALL_DENY=socket:connect"));
	ck_assert_exit(&res, 0);
	assert_err_has("sandbox: warning: SECCOMP_SYSCALL_DENY allows io_uring_setup and "
		       "io_uring_enter: its refusal of socket, connect does not hold, since io_uring "
		       "performs these without their system calls (refuse io_uring_setup too)\n");
	run_result_free(&res);
	run_as_user(argv, ENV("SECCOMP_SYSCALL_DENY=socket:connect:io_uring_setup"));
	ck_assert_exit(&res, 0);
	ck_assert_ptr_null(strstr(res.err, "warning"));
	run_result_free(&res);
	/* An allow list that lets io_uring in refuses nearly everything io_uring does. */
	const char *dir = make_temp_dir();
	const char *policy = write_temp_file(dir, "ring.policy", "io_uring_setup: 1\n"
					     "io_uring_enter: 1\nexit_group: 1\n");
	tool((const char *const[]){ "compile", policy, "-o", "/dev/null", NULL }, NULL);
	ck_assert_exit(&res, 0);
	assert_err_has("ring.policy allows io_uring_setup and io_uring_enter: its refusal of "
		       "openat, openat2, close, read, readv, pread64 and ");
	run_result_free(&res);
	/* generate (and learn, through the same writer) from a log of a program using it. */
	const char *log = write_temp_file(dir, "ring.log", "io_uring_setup(8, {}) = 3\n"
					  "io_uring_enter(3, 1, 0, 0, NULL, 8) = 1\n");
	tool((const char *const[]){ "generate", log, NULL }, NULL);
	ck_assert_exit(&res, 0);
	assert_err_has("sandbox: warning: the policy written allows io_uring_setup and io_uring_enter");
}
END_TEST

/* check names a statement that can never take effect, and the one that decides instead. */
START_TEST(check_names_rules_that_never_apply)
{
	const char *dir = make_temp_dir();
	const char *policy = write_temp_file(dir, "never.policy", "@system-service: 1\n"
					     "openat: return EACCES\nexit_group: 1\n");
	tool((const char *const[]){ "check", policy, NULL }, NULL);
	ck_assert_exit(&res, 0);
	char expected[1024];
	snprintf(expected, sizeof(expected), "%s:2:1: warning: never applies to openat: %s:1:1 "
		 "allows it unconditionally, which decides every call\n", policy, policy);
	ck_assert_str_eq(res.err, expected);
	run_result_free(&res);
	const char *deny = write_temp_file(dir, "never-deny.policy", "@denylist\n"
					   "ptrace: arg0 == 16\nptrace: kill\n");
	tool((const char *const[]){ "check", deny, NULL }, NULL);
	ck_assert_exit(&res, 0);
	snprintf(expected, sizeof(expected), "%s:2:1: warning: never applies to ptrace: %s:3:1 "
		 "refuses it unconditionally, which decides every call\n", deny, deny);
	ck_assert_str_eq(res.err, expected);
}
END_TEST

Suite *hostile_suite(void)
{
	Suite *s = suite_create("hostile");
	TCase *tc = tcase_create("library");
	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_loop_test(tc, exported_names_do_not_replace_the_librarys_calls, 0, 2);
	tcase_add_test(tc, trace_action_without_a_tracer_is_refused);
	tcase_add_test(tc, sandboxify_refuses_the_trace_action);
	tcase_add_loop_test(tc, misspelt_variable_is_refused, 0, 2);
	tcase_add_loop_test(tc, control_bytes_are_escaped_in_errors, 0, 2);
	tcase_add_loop_test(tc, malformed_include_map_and_errno_0_are_refused, 0, 2);
	tcase_add_loop_test(tc, unstored_scratch_load_is_refused, 0, 2);
	tcase_add_test(tc, settings_files_use_the_one_table);
	tcase_add_test(tc, policy_file_rewritten_while_read_is_refused);
	tcase_add_test(tc, report_cookie_opens_no_refused_write);
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);
	TCase *entry = tcase_create("preload");
	tcase_add_checked_fixture(entry, NULL, teardown);
	tcase_add_test(entry, preinit_scrubbing_the_environment_changes_nothing);
	tcase_add_test(entry, preinit_cannot_create_files_or_sockets);
	tcase_add_test(entry, preload_confines_a_static_program_exactly);
	tcase_add_test(entry, preload_refuses_two_ld_preload_entries);
	tcase_set_timeout(entry, 30);
	suite_add_tcase(s, entry);
	TCase *lint = tcase_create("policies");
	tcase_add_checked_fixture(lint, NULL, teardown);
	tcase_add_test(lint, deny_list_names_the_sibling_left_open);
	tcase_add_test(lint, io_uring_next_to_refusals_is_named);
	tcase_add_test(lint, check_names_rules_that_never_apply);
	tcase_set_timeout(lint, 30);
	suite_add_tcase(s, lint);
	return s;
}
