/* The log parsers and the policy writer: recorded strace logs and kernel records from this
 * machine (tests/fixtures/), and synthetic edge cases. */
#include "support.h"
#include "log.h"
#include "policy_writer.h"
#include "syscalls.h"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct sb_observed obs;

static int nr(const char *name)
{
	int n = sb_syscall_number(name);
	ck_assert_msg(n >= 0, "no syscall %s", name);
	return n;
}

/* Each line in a buffer of exactly its length, so the sanitizer build sees any read past it. */
static enum sb_line strace(const char *line)
{
	size_t n = strlen(line);
	char *copy = malloc(n ? n : 1);
	memcpy(copy, line, n);
	enum sb_line r = sb_strace_line(&obs, copy, n);
	free(copy);
	return r;
}

static int read_fixture(const char *name, const struct sb_log_filter *f, enum sb_log_kind *kind,
			struct sandbox_error *err)
{
	char rel[128];
	snprintf(rel, sizeof(rel), "tests/fixtures/%s", name);
	int fd = open(tree_path(rel), O_RDONLY);
	ck_assert_msg(fd >= 0, "fixture %s missing", rel);
	int rc = sb_log_read(fd, name, f, &obs, kind, err);
	close(fd);
	return rc;
}

static int read_text(const char *text, struct sandbox_error *err)
{
	const char *dir = make_temp_dir();
	const char *path = write_temp_file(dir, "log", text);
	int fd = open(path, O_RDONLY);
	enum sb_log_kind kind;
	int rc = sb_log_read(fd, "log", NULL, &obs, &kind, err);
	close(fd);
	return rc;
}

START_TEST(strace_prefixes_and_timestamps)
{
	sb_observed_init(&obs);
	const char *lines[] = {
		"openat(AT_FDCWD, \"/etc/passwd\", O_RDONLY|O_CLOEXEC) = 3",
		"12345 read(3, \"root:x:0:0\"..., 4096) = 1024",
		"[pid 12345] write(1, \"a, b\", 4)           = 4",
		"05:29:45 close(3)                         = 0",
		"12057 05:29:45.839331 getpid()             = 12057",
		"1795498185.932357 getuid()                = 0",
		"     0.000123 brk(NULL)                   = 0x55d0",
		"12057      0.000123 gettid()             = 12057",
		"[00007f3a2b1c4e8e] lseek(3, 0, SEEK_SET) = 0",
		"exit_group(0)                           = ?",
	};
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		ck_assert_msg(strace(lines[i]) == SB_LINE_RECORD, "not recorded: %s", lines[i]);
	const char *names[] = { "openat", "read", "write", "close", "getpid", "getuid", "brk",
				"gettid", "lseek", "exit_group" };
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		ck_assert_uint_eq(obs.count[nr(names[i])], 1);
	ck_assert_uint_eq(obs.records, 10);
}
END_TEST

START_TEST(strace_unfinished_resumed_signals_exits)
{
	sb_observed_init(&obs);
	ck_assert_int_eq(strace("12034 rt_sigprocmask(SIG_SETMASK, [],  <unfinished ...>"), SB_LINE_RECORD);
	ck_assert_int_eq(strace("12034 <... rt_sigprocmask resumed>NULL, 8) = 0"), SB_LINE_IGNORED);
	ck_assert_int_eq(strace("--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED} ---"), SB_LINE_IGNORED);
	ck_assert_int_eq(strace("12034 +++ exited with 0 +++"), SB_LINE_IGNORED);
	ck_assert_int_eq(strace("+++ killed by SIGKILL +++"), SB_LINE_IGNORED);
	ck_assert_int_eq(strace("strace: Process 12186 attached"), SB_LINE_IGNORED);
	/* Counted once: the unfinished half, not the resumed one. */
	ck_assert_uint_eq(obs.count[nr("rt_sigprocmask")], 1);
	ck_assert_uint_eq(obs.records, 1);
}
END_TEST

START_TEST(strace_numbers_and_unknown_names)
{
	sb_observed_init(&obs);
	ck_assert_int_eq(strace("syscall_0x1b6(0x1, 0x2, 0, 0, 0, 0) = -1 ENOSYS (Function not implemented)"),
			 SB_LINE_RECORD);
	ck_assert_uint_eq(obs.count[0x1b6], 1);
	ck_assert_int_eq(strace("syscall_438(0x1, 0x2) = 0"), SB_LINE_RECORD);
	ck_assert_uint_eq(obs.count[438], 2);
	ck_assert_int_eq(strace("syscall_0x3e7(0, 0, 0, 0, 0, 0) = -1 ENOSYS"), SB_LINE_UNKNOWN);
	ck_assert_int_eq(strace("oldolduname(0x7ffd) = 0"), SB_LINE_UNKNOWN);
	ck_assert_uint_eq(obs.unknown, 2);
	ck_assert_str_eq(obs.first_unknown, "syscall_0x3e7");
}
END_TEST

START_TEST(strace_malformed_lines)
{
	sb_observed_init(&obs);
	const char *bad[] = { "hello world", "12345", "(", "=", "[pid 12", "Read(3) = 1",
			      ", child_tidptr=0x7f51b4b99a10) = 12186", "\x01\x02\xff(" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(strace(bad[i]) == SB_LINE_MALFORMED, "accepted: %s", bad[i]);
	/* Cut short: counted as malformed, but the call it names is kept. */
	ck_assert_int_eq(strace("12231 kill(0, SIGUSR1"), SB_LINE_MALFORMED);
	ck_assert_uint_eq(obs.count[nr("kill")], 1);
	ck_assert_int_eq(strace("getpid()        ="), SB_LINE_MALFORMED);   /* found by fuzzing */
	ck_assert_int_eq(strace("ioctl(1, \"a\\"), SB_LINE_MALFORMED);        /* found by fuzzing */
	ck_assert_int_eq(strace("socket(\"\\"), SB_LINE_MALFORMED);
	ck_assert_uint_eq(obs.records, 4);
}
END_TEST

START_TEST(strace_argument_values)
{
	sb_observed_init(&obs);
	strace("ioctl(1, TCGETS, 0x7ffce918a550)        = -1 ENOTTY");
	strace("ioctl(0x1, 0x5413, 0x7ffc)        = 0");
	strace("ioctl(3</dev/pts/0<char 136:0>>, TIOCGWINSZ, {ws_row=1}) = 0");
	strace("socket(AF_UNIX, SOCK_STREAM, 0)         = 3");
	strace("socket(0x2, 0x1, 0)                     = 0x3");
	strace("prctl(PR_SET_NAME, \"a,b(\")                = 0");
	strace("mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f");
	strace("mmap(0x7ff9f370c000, 1400832, PROT_READ|PROT_EXEC, MAP_PRIVATE, 3, 0x26000 <unfinished ...>");
	strace("mprotect(0x7f, 4096, PROT_NONE) = 0");
	const struct sb_obs_arg *io = &obs.args[SB_INS_IOCTL];
	ck_assert(!io->any);
	ck_assert_uint_eq(io->n_values, 2);   /* TCGETS twice (0x5413 is TIOCGWINSZ) */
	ck_assert_uint_eq(io->values[0], 0x5401);
	ck_assert_uint_eq(io->values[1], 0x5413);
	ck_assert_uint_eq(obs.args[SB_INS_SOCKET].n_values, 2);
	ck_assert_uint_eq(obs.args[SB_INS_PRCTL].values[0], 15);
	ck_assert_uint_eq(obs.args[SB_INS_MMAP].n_values, 2);
	ck_assert_uint_eq(obs.args[SB_INS_MMAP].values[0], 3);
	ck_assert_uint_eq(obs.args[SB_INS_MMAP].values[1], 5);
	ck_assert_uint_eq(obs.args[SB_INS_MPROTECT].values[0], 0);
	/* strace's _IOC() form for requests it has no name for: encoded as the kernel does. */
	strace("ioctl(3, _IOC(_IOC_READ, 0x46, 0x2, 0x8), 0x7ffe) = 0");
	ck_assert(!obs.args[SB_INS_IOCTL].any);
	ck_assert_uint_eq(obs.args[SB_INS_IOCTL].values[2], _IOC(_IOC_READ, 0x46, 0x2, 0x8));
	strace("ioctl(3, _IOC(_IOC_READ|_IOC_WRITE, 0x64, 0x1, 0x10), 0) = 0");
	ck_assert_uint_eq(obs.args[SB_INS_IOCTL].values[3], _IOC(_IOC_READ | _IOC_WRITE, 0x64, 0x1, 0x10));
	/* A value strace could not name: the argument filter gives way to "any". */
	strace("ioctl(3, SOME_DRIVER_REQUEST, 0x7ffe) = 0");
	ck_assert(obs.args[SB_INS_IOCTL].any);
	uint64_t v;
	ck_assert(sb_argument_value("0x3001 /* ARCH_??? */", 21, &v) && v == 0x3001);
	ck_assert(sb_argument_value("-1", 2, &v) && v == UINT64_MAX);
	ck_assert(!sb_argument_value("PROT_READ|", 10, &v));
	ck_assert(!sb_argument_value("NOT_A_CONSTANT", 14, &v));
}
END_TEST

START_TEST(audit_records)
{
	sb_observed_init(&obs);
	const char *dmesg = "[ 1280.331481] audit: type=1326 audit(1795498234.455:58): auid=4294967295 "
			    "uid=0 gid=0 ses=4294967295 pid=12945 comm=\"syscaller\" exe=\"/opt/demo/syscaller\" "
			    "sig=0 arch=c000003e syscall=39 compat=0 ip=0x7fa3fe382829 code=0x7ffc0000";
	ck_assert_int_eq(sb_audit_line(&obs, dmesg, strlen(dmesg), NULL), SB_LINE_RECORD);
	ck_assert_uint_eq(obs.count[nr("getpid")], 1);
	struct sb_log_filter other = { .comm = "other", .pid = -1 };
	ck_assert_int_eq(sb_audit_line(&obs, dmesg, strlen(dmesg), &other), SB_LINE_IGNORED);
	struct sb_log_filter by_pid = { .pid = 12945 };
	ck_assert_int_eq(sb_audit_line(&obs, dmesg, strlen(dmesg), &by_pid), SB_LINE_RECORD);
	/* i386 write (4) maps to the native write by name. */
	const char *i386 = "audit: type=1326 audit(1.2:3): pid=1 comm=\"x\" sig=0 arch=40000003 syscall=4 compat=1";
	ck_assert_int_eq(sb_audit_line(&obs, i386, strlen(i386), NULL), SB_LINE_RECORD);
	ck_assert_uint_eq(obs.count[nr("write")], 1);
	ck_assert_uint_eq(obs.foreign, 1);
	const char *no_nr = "audit: type=1326 audit(1.2:3): pid=1 comm=\"x\" arch=c000003e";
	ck_assert_int_eq(sb_audit_line(&obs, no_nr, strlen(no_nr), NULL), SB_LINE_MALFORMED);
	const char *other_type = "type=SYSCALL msg=audit(1.2:3): arch=c000003e syscall=59 success=yes";
	ck_assert_int_eq(sb_audit_line(&obs, other_type, strlen(other_type), NULL), SB_LINE_IGNORED);
	/* Audit writes names with spaces as hex. */
	const char *hex = "audit: type=1326 audit(1.2:3): pid=7 comm=6D7920617070 exe=\"/a\" sig=0 "
			  "arch=c000003e syscall=63 compat=0";
	struct sb_log_filter my_app = { .comm = "my app", .pid = -1 };
	ck_assert_int_eq(sb_audit_line(&obs, hex, strlen(hex), &my_app), SB_LINE_RECORD);
	ck_assert_uint_eq(obs.count[nr("uname")], 1);
	/* Audit records carry no arguments: inspected calls allow any value. */
	const char *ioctl = "type=SECCOMP msg=audit(1.2:3): pid=7 comm=\"a\" sig=0 arch=c000003e syscall=16 compat=0";
	ck_assert_int_eq(sb_audit_line(&obs, ioctl, strlen(ioctl), NULL), SB_LINE_RECORD);
	ck_assert(obs.args[SB_INS_IOCTL].any);
}
END_TEST

START_TEST(fixtures_of_every_strace_mode)
{
	static const char *const fixtures[] = {
		"strace-f.log", "strace-pid.log", "strace-ff.12194", "strace-ff.12195",
		"strace-ff.12196", "strace-raw.log", "strace-t.log", "strace-tt.log",
		"strace-ttt.log", "strace-r.log", "strace-args.log", "strace-bynumber.log",
		"strace-kill.log",
	};
	for (size_t i = 0; i < sizeof(fixtures) / sizeof(fixtures[0]); i++) {
		struct sandbox_error err = { 0 };
		enum sb_log_kind kind;
		sb_observed_init(&obs);
		ck_assert_msg(read_fixture(fixtures[i], NULL, &kind, &err) == 0, "%s: %s", fixtures[i],
			      err.message);
		ck_assert_int_eq(kind, SB_LOG_STRACE);
		ck_assert_msg(obs.count[nr("execve")] || !strcmp(fixtures[i], "strace-ff.12195") ||
			      !strcmp(fixtures[i], "strace-ff.12196"), "%s: no execve", fixtures[i]);
		ck_assert_msg(obs.count[nr("exit_group")] || obs.count[nr("exit")] ||
			      !strcmp(fixtures[i], "strace-kill.log"), "%s: no exit", fixtures[i]);
		/* Only the logs with spliced or cut lines have malformed ones. */
		bool damaged = !strcmp(fixtures[i], "strace-pid.log") || !strcmp(fixtures[i], "strace-kill.log");
		ck_assert_msg(damaged == (obs.malformed > 0), "%s: %llu malformed (%s)", fixtures[i],
			      (unsigned long long)obs.malformed, obs.first_malformed);
	}
	/* -f: the thread's and the child's calls are there. */
	sb_observed_init(&obs);
	struct sandbox_error err = { 0 };
	enum sb_log_kind kind;
	read_fixture("strace-f.log", NULL, &kind, &err);
	ck_assert(obs.count[nr("gettid")] == 1 && obs.count[nr("getppid")] == 1 &&
		  obs.count[nr("clone3")] == 1 && obs.count[nr("wait4")] == 1);
	/* raw=all: numbers instead of names. */
	sb_observed_init(&obs);
	read_fixture("strace-raw.log", NULL, &kind, &err);
	ck_assert_uint_eq(obs.args[SB_INS_PRCTL].values[0], 15);
	ck_assert_uint_eq(obs.args[SB_INS_IOCTL].values[0], 0x5401);
}
END_TEST

START_TEST(fixtures_of_kernel_records)
{
	struct sandbox_error err = { 0 };
	enum sb_log_kind kind;
	sb_observed_init(&obs);
	ck_assert_int_eq(read_fixture("dmesg.log", NULL, &kind, &err), 0);
	ck_assert_int_eq(kind, SB_LOG_AUDIT);
	ck_assert(obs.count[nr("getpid")] && obs.count[nr("getuid")] && obs.count[nr("socket")]);
	sb_observed_init(&obs);
	struct sb_log_filter f = { .comm = "helloworld", .pid = -1 };
	ck_assert_int_eq(read_fixture("audit.log", &f, &kind, &err), 0);
	ck_assert_uint_eq(obs.records, 2);   /* write and fstat; not the other program's socket */
	ck_assert(obs.count[nr("write")] && obs.count[nr("fstat")] && !obs.count[nr("socket")]);
	ck_assert_uint_eq(obs.count[nr("execve")], 0);    /* a SYSCALL record, not seccomp's */
	sb_observed_init(&obs);
	struct sb_log_filter e = { .exe = "/opt/demo/other", .pid = -1 };
	read_fixture("audit.log", &e, &kind, &err);
	ck_assert_uint_eq(obs.records, 1);
	ck_assert_uint_eq(obs.count[nr("socket")], 1);
}
END_TEST

START_TEST(empty_and_unrecognised_inputs)
{
	struct sandbox_error err = { 0 };
	sb_observed_init(&obs);
	ck_assert_int_eq(read_text("", &err), SANDBOX_ECONFIG);
	ck_assert_msg(strstr(err.message, "log: empty input"), "%s", err.message);
	ck_assert_int_eq(read_text("\n  \n", &err), SANDBOX_ECONFIG);
	ck_assert_int_eq(read_text("This is a README.\nNothing to see.\n", &err), SANDBOX_ECONFIG);
	ck_assert_msg(strstr(err.message, "log: not a syscall log"), "%s", err.message);
	ck_assert_int_eq(read_text("\x7f" "ELF\x02\x01\x01", &err), SANDBOX_ECONFIG);
}
END_TEST

START_TEST(long_lines_and_missing_newline)
{
	struct sandbox_error err = { 0 };
	size_t big = (1u << 20) + 5000;
	char *text = malloc(big + 200);
	strcpy(text, "write(1, \"");
	memset(text + 10, 'x', big);
	strcpy(text + 10 + big, "\", 5) = 5\ngetpid() = 7");    /* no final newline */
	sb_observed_init(&obs);
	ck_assert_int_eq(read_text(text, &err), 0);
	free(text);
	ck_assert_uint_eq(obs.count[nr("write")], 1);   /* its head was parsed, the rest dropped */
	ck_assert_uint_eq(obs.count[nr("getpid")], 1);
	ck_assert_uint_eq(obs.lines, 2);
}
END_TEST

static char *write_to_string(const struct sb_writer_options *opt)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	ck_assert_int_ge(sb_write_policy(f, &obs, opt), 0);
	fclose(f);
	return buf;
}

START_TEST(writer_formats)
{
	sb_observed_init(&obs);
	strace("ioctl(1, TCGETS, 0) = 0");
	strace("ioctl(1, 0x1234, 0) = 0");
	strace("mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE, -1, 0) = 0x7f");
	strace("mmap(NULL, 8192, PROT_READ|PROT_EXEC, MAP_PRIVATE, 3, 0) = 0x7f");
	strace("write(1, \"a\", 1) = 1");
	strace("write(1, \"a\", 1) = 1");
	strace("write(1, \"a\", 1) = 1");
	struct sb_writer_options opt = { .format = SB_OUT_POLICY, .add_exit_calls = true };
	char *text = write_to_string(&opt);
	/* constants by name; a number only where no name fits, said in a comment */
	ck_assert_msg(strstr(text, "\n# ioctl arg1: no name for 0x1234\nioctl: arg1 == TCGETS || arg1 == 0x1234\n") &&
		      strstr(text, "\nmmap: arg2 in ~PROT_EXEC || arg2 in ~PROT_WRITE\n") &&
		      strstr(text, "\nwrite: 1\n") && strstr(text, "\nrt_sigreturn: 1\n") &&
		      strstr(text, "end cleanly"), "%s", text);
	ck_assert(strstr(text, "\nioctl") < strstr(text, "\nwrite"));   /* by name */
	free(text);
	/* A call that wanted W and X together: no W^X rule. */
	strace("mmap(NULL, 8192, PROT_READ|PROT_WRITE|PROT_EXEC, MAP_PRIVATE, -1, 0) = 0x7f");
	opt.by_frequency = true;
	text = write_to_string(&opt);
	ck_assert_msg(strstr(text, "\nmmap: 1\n"), "%s", text);
	ck_assert(strstr(text, "\nmmap") < strstr(text, "\nwrite"));   /* 3 before 3, by name */
	ck_assert(strstr(text, "\nwrite") < strstr(text, "\nioctl"));
	free(text);
	opt = (struct sb_writer_options){ .format = SB_OUT_ENV, .add_exit_calls = true };
	text = write_to_string(&opt);
	ck_assert_str_eq(text, "SECCOMP_SYSCALL_ALLOW=exit:exit_group:ioctl:mmap:restart_syscall:"
			       "rt_sigreturn:write\n");
	free(text);
	opt.no_args = true;
	opt.format = SB_OUT_POLICY;
	text = write_to_string(&opt);
	ck_assert_msg(strstr(text, "\nioctl: 1\n"), "%s", text);
	free(text);
	opt = (struct sb_writer_options){ .format = SB_OUT_JSON };
	text = write_to_string(&opt);
	ck_assert_msg(strstr(text, "\"syscall\": \"ioctl\"") && strstr(text, "\"op\": \"eq\", \"val\": 21505") &&
		      strstr(text, "\"default_action\": \"kill_process\""), "%s", text);
	free(text);
	opt = (struct sb_writer_options){ .format = SB_OUT_YAML, .base_name = "@default" };
	text = write_to_string(&opt);
	ck_assert_msg(strstr(text, "seccomp:\n  profile: default\n  allow:\n") &&
		      strstr(text, "    write: any\n") && strstr(text, "        index: 1\n        values: [21505, 4660]"),
		      "%s", text);
	free(text);
	bool exclude[SB_NR_LIMIT] = { false };
	exclude[nr("write")] = true;
	opt = (struct sb_writer_options){ .format = SB_OUT_ENV, .exclude = exclude };
	text = write_to_string(&opt);
	ck_assert_str_eq(text, "SECCOMP_SYSCALL_ALLOW=ioctl:mmap\n");
	free(text);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	sb_write_frequency(f, &obs);
	fclose(f);
	ck_assert_str_eq(buf, "mmap: 3\nwrite: 3\nioctl: 2\n");
	free(buf);
}
END_TEST

Suite *unit_logs_suite(void)
{
	Suite *s = suite_create("unit_logs");
	TCase *tc = tcase_create("logs");
	tcase_add_test(tc, strace_prefixes_and_timestamps);
	tcase_add_test(tc, strace_unfinished_resumed_signals_exits);
	tcase_add_test(tc, strace_numbers_and_unknown_names);
	tcase_add_test(tc, strace_malformed_lines);
	tcase_add_test(tc, strace_argument_values);
	tcase_add_test(tc, audit_records);
	tcase_add_test(tc, fixtures_of_every_strace_mode);
	tcase_add_test(tc, fixtures_of_kernel_records);
	tcase_add_test(tc, empty_and_unrecognised_inputs);
	tcase_add_test(tc, long_lines_and_missing_newline);
	tcase_add_test(tc, writer_formats);
	suite_add_tcase(s, tc);
	return s;
}
