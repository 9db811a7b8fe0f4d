/* sandbox-policy generate / learn / explain as a user runs them: real programs, real logs,
 * and the policies they produce put to work under libsandbox.so. */
#include "support.h"
#include "bpf_run.h"
#include "syscalls.h"
#include "policy.h"
#include "actions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void tool(const char *const *args, const struct run_opts *opts, struct run_result *res)
{
	const char *argv[32] = { build_path("sandbox-policy") };
	size_t n = 1;
	for (; args[n - 1] && n < 31; n++)
		argv[n] = args[n - 1];
	argv[n] = NULL;
	run_process(argv, opts, res);
}

/* The SECCOMP_SYSCALL_ALLOW=... line of an output, as "SECCOMP_SYSCALL_ALLOW=..." (static). */
static const char *env_line(const char *out)
{
	static char line[8192];
	const char *p = strstr(out, "SECCOMP_SYSCALL_ALLOW=");
	ck_assert_msg(p, "no SECCOMP_SYSCALL_ALLOW line in: %s", out);
	size_t n = strcspn(p, "\n");
	ck_assert(n < sizeof(line));
	memcpy(line, p, n);
	line[n] = '\0';
	return line;
}

/* The explain row of a syscall, with runs of spaces squeezed to one ("read 0 allow 4"). */
static const char *row(const char *out, const char *name)
{
	static char line[512];
	char key[64];
	snprintf(key, sizeof(key), "\n%s ", name);
	const char *p = strstr(out, key);
	line[0] = '\0';
	if (!p)
		return line;
	size_t n = 0;
	for (p++; *p && *p != '\n' && n + 1 < sizeof(line); p++)
		if (*p != ' ' || (n && line[n - 1] != ' '))
			line[n++] = *p;
	line[n] = '\0';
	return line;
}

/* The row explain must print for a syscall that does not depend on its arguments: the
 * action and the instruction count the interpreter finds when it runs the filter the
 * library would load for these settings (compiled by `sandbox-policy compile`). */
static const char *expected_row(const char *const *settings, const char *name)
{
	static char line[128];
	const char *dir = make_temp_dir();
	char bpf[256];
	snprintf(bpf, sizeof(bpf), "%s/expected.bpf", dir);
	const char *argv[] = { build_path("sandbox-policy"), "compile", "--from-env", "-o", bpf, NULL };
	struct run_opts o = { .env = settings };
	struct run_result r;
	run_process(argv, &o, &r);
	ck_assert_exit(&r, 0);
	run_result_free(&r);
	struct sock_filter insns[BPF_MAXINSNS];
	FILE *f = fopen(bpf, "rb");
	size_t n = fread(insns, sizeof(insns[0]), BPF_MAXINSNS, f);
	fclose(f);
	int nr = sb_syscall_number(name);
	struct seccomp_data d = { .nr = nr, .arch = sb_native_arch() };
	struct sb_bpf_trace trace;
	uint32_t action = sb_bpf_run(insns, n, &d, &trace, NULL);
	char act[48];
	snprintf(line, sizeof(line), "%s %d %s %zu", name, nr, sb_action_name(action, act, sizeof(act)),
		 trace.steps);
	return line;
}

static size_t list_length(const char *line)
{
	size_t n = 1;
	for (const char *p = strchr(line, '='); *p; p++)
		n += *p == ':';
	return n;
}

START_TEST(generate_from_fixtures)
{
	struct run_result r;
	const char *args[] = { "generate", tree_path("tests/fixtures/strace-f.log"),
			       tree_path("tests/fixtures/dmesg.log"), NULL };
	tool(args, NULL, &r);
	ck_assert_exit(&r, 0);
	/* Both inputs merged: clone3 from strace, uname from the kernel records; and what it
	 * writes is a valid policy file. */
	ck_assert_msg(strstr(r.out, "\nclone3: 1\n") && strstr(r.out, "\nuname: 1\n") &&
		      strstr(r.out, "\nexit_group: 1\n") && strstr(r.out, "end cleanly"), "%s", r.out);
	ck_assert_msg(strstr(r.err, "calls of"), "%s", r.err);
	const char *pdir = make_temp_dir();
	const char *policy = write_temp_file(pdir, "generated.policy", r.out);
	run_result_free(&r);
	const char *check[] = { "check", policy, NULL };
	tool(check, NULL, &r);
	ck_assert_exit(&r, 0);
	ck_assert_msg(strstr(r.out, ": ok:") || strstr(r.err, ": ok:"), "%s%s", r.out, r.err);
	run_result_free(&r);

	const char *freq_dir = make_temp_dir();
	char freq[256];
	snprintf(freq, sizeof(freq), "%s/freq", freq_dir);
	const char *fargs[] = { "generate", "--format", "env", "--frequency", freq,
				tree_path("tests/fixtures/strace-tt.log"), NULL };
	tool(fargs, NULL, &r);
	ck_assert_exit(&r, 0);
	ck_assert_msg(!strncmp(r.out, "SECCOMP_SYSCALL_ALLOW=mmap:", 27), "%s", r.out);  /* most frequent */
	FILE *f = fopen(freq, "r");
	char first[64] = "";
	ck_assert(f && fgets(first, sizeof(first), f));
	fclose(f);
	ck_assert_str_eq(first, "mmap: 9\n");
	run_result_free(&r);
}
END_TEST

START_TEST(generate_errors)
{
	struct run_result r;
	const char *dir = make_temp_dir();
	const char *empty = write_temp_file(dir, "empty.log", "");
	const char *args[] = { "generate", empty, NULL };
	tool(args, NULL, &r);
	ck_assert_exit(&r, 1);
	ck_assert_msg(strstr(r.err, "empty.log: empty input"), "%s", r.err);
	run_result_free(&r);

	const char *prose = write_temp_file(dir, "notes.txt", "hello\nworld\n");
	const char *args2[] = { "generate", prose, NULL };
	tool(args2, NULL, &r);
	ck_assert_exit(&r, 1);
	ck_assert_msg(strstr(r.err, "notes.txt: not a syscall log"), "%s", r.err);
	run_result_free(&r);

	const char *args3[] = { "generate", "--strict", tree_path("tests/fixtures/strace-kill.log"), NULL };
	tool(args3, NULL, &r);
	ck_assert_exit(&r, 1);
	ck_assert_msg(strstr(r.err, "--strict: 1 malformed") && strstr(r.err, "kill(0, SIGUSR1"), "%s", r.err);
	run_result_free(&r);
	const char *args4[] = { "generate", tree_path("tests/fixtures/strace-kill.log"), NULL };
	tool(args4, NULL, &r);
	ck_assert_exit(&r, 0);
	ck_assert_msg(strstr(r.out, "\nkill: 1\n") && strstr(r.err, "1 malformed or truncated"), "%s%s",
		      r.out, r.err);
	run_result_free(&r);

	const char *args5[] = { "generate", "--format", "xml", empty, NULL };
	tool(args5, NULL, &r);
	ck_assert_exit(&r, 2);
	ck_assert_msg(strstr(r.err, "accepted: policy, env, json, yaml"), "%s", r.err);
	run_result_free(&r);

	const char *args6[] = { "generate", "--comm", "nobody", tree_path("tests/fixtures/audit.log"), NULL };
	tool(args6, NULL, &r);
	ck_assert_exit(&r, 1);
	ck_assert_msg(strstr(r.err, "no record matched"), "%s", r.err);
	run_result_free(&r);
}
END_TEST

START_TEST(generate_base_leaves_out)
{
	struct run_result r;
	const char *args[] = { "generate", "--format", "env", "--base", "read:write:mmap",
			       tree_path("tests/fixtures/strace-args.log"), NULL };
	tool(args, NULL, &r);
	ck_assert_exit(&r, 0);
	ck_assert_msg(!strstr(r.out, ":read:") && !strstr(r.out, ":write") && !strstr(r.out, "mmap") &&
		      strstr(r.out, "openat"), "%s", r.out);
	run_result_free(&r);
	/* A group, as northstar's default profile: what it always permits is left out. */
	const char *grp[] = { "generate", "--format", "yaml", "--base", "@default",
			      tree_path("tests/fixtures/strace-args.log"), NULL };
	tool(grp, NULL, &r);
	ck_assert_exit(&r, 0);
	ck_assert_msg(strstr(r.out, "seccomp:\n  profile: default\n  allow:\n") &&
		      strstr(r.out, "    openat: any\n") && !strstr(r.out, "exit_group") &&
		      !strstr(r.out, "brk") && !strstr(r.out, "mmap"), "%s", r.out);
	run_result_free(&r);
	const char *bad[] = { "generate", "--base", "@nonsense", tree_path("tests/fixtures/strace-args.log"), NULL };
	tool(bad, NULL, &r);
	ck_assert_exit(&r, 2);
	ck_assert_msg(strstr(r.err, "--base") && strstr(r.err, "@nonsense"), "%s", r.err);
	run_result_free(&r);
}
END_TEST

/* strace a real program, generate, run it under the generated list: it works. */
START_TEST(round_trip_strace_generate_run)
{
	const char *dir = make_temp_dir();
	char log[256];
	snprintf(log, sizeof(log), "%s/ls.strace", dir);
	struct run_result r;
	const char *st[] = { "strace", "-f", "-o", log, "/bin/ls", "-l", "/", NULL };
	run_process(st, NULL, &r);
	ck_assert_exit(&r, 0);
	run_result_free(&r);
	const char *gen[] = { "generate", "--format", "env", log, NULL };
	tool(gen, NULL, &r);
	ck_assert_exit(&r, 0);
	char allow[8192];
	snprintf(allow, sizeof(allow), "%s", env_line(r.out));
	run_result_free(&r);

	const char *env[] = { preload_env(), allow, "SECCOMP_QUIET=1", NULL };
	struct run_opts o = { .env = env };
	const char *ls[] = { "/bin/ls", "-l", "/", NULL };
	run_process(ls, &o, &r);
	ck_assert_exit(&r, 0);
	ck_assert_msg(strstr(r.out, "tmp"), "%s", r.out);
	run_result_free(&r);
	/* The policy-file format, argument filters included (ioctl requests, W^X for mmap). */
	const char *gen_policy[] = { "generate", "-o", write_temp_file(dir, "ls.policy", ""), log, NULL };
	tool(gen_policy, NULL, &r);
	ck_assert_exit(&r, 0);
	run_result_free(&r);
	char policy_env[300];
	snprintf(policy_env, sizeof(policy_env), "SECCOMP_POLICY_FILE=%s/ls.policy", dir);
	const char *penv[] = { preload_env(), policy_env, "SECCOMP_QUIET=1", NULL };
	struct run_opts po = { .env = penv };
	run_process(ls, &po, &r);
	ck_assert_exit(&r, 0);
	run_result_free(&r);

	/* And the list is what makes it work: without getdents64, ls dies. */
	ck_assert(strstr(allow, "getdents64"));
	const char *narrow_env[] = { preload_env(), "SECCOMP_QUIET=1",
				     "SECCOMP_SYSCALL_ALLOW=read:write:exit_group:close:fstat:newfstatat:openat:mmap:brk",
				     NULL };
	struct run_opts narrow = { .env = narrow_env };
	run_process(ls, &narrow, &r);
	ck_assert_msg(!exited_with(&r, 0), "ls ran without most of its calls");
	run_result_free(&r);
}
END_TEST

/* learn as an ordinary user: the program runs normally, the list runs it again, and it is
 * shorter than strace's because the loader's calls before the filter are not in it. */
START_TEST(learn_unprivileged_round_trip)
{
	SKIP_UNLESS_ROOT();
	const char *dir = make_temp_dir();
	chmod(dir, 01777);
	char out[256];
	snprintf(out, sizeof(out), "%s/learned.env", dir);
	struct run_result r;
	const char *learn[] = { "learn", "--format", "env", "-o", out, "--", "/bin/ls", "-l", "/", NULL };
	struct run_opts user = { .unprivileged = true };
	tool(learn, &user, &r);
	ck_assert_exit(&r, 0);
	ck_assert_msg(strstr(r.out, "tmp"), "the program's own output: %s", r.out);
	ck_assert_msg(strstr(r.err, "exited with 0"), "%s", r.err);
	run_result_free(&r);
	FILE *f = fopen(out, "r");
	char learned[8192] = "";
	ck_assert(f && fgets(learned, sizeof(learned), f));
	fclose(f);
	learned[strcspn(learned, "\n")] = '\0';
	ck_assert_msg(strstr(learned, "getdents64") && strstr(learned, "exit_group"), "%s", learned);

	const char *env[] = { preload_env(), learned, "SECCOMP_QUIET=1", NULL };
	struct run_opts o = { .env = env, .unprivileged = true };
	const char *ls[] = { "/bin/ls", "-l", "/", NULL };
	run_process(ls, &o, &r);
	ck_assert_exit(&r, 0);
	run_result_free(&r);

	char log[256];
	snprintf(log, sizeof(log), "%s/ls.strace", dir);
	const char *st[] = { "strace", "-f", "-o", log, "/bin/ls", "-l", "/", NULL };
	run_process(st, NULL, &r);
	run_result_free(&r);
	const char *gen[] = { "generate", "--format", "env", log, NULL };
	tool(gen, NULL, &r);
	ck_assert_exit(&r, 0);
	size_t from_strace = list_length(env_line(r.out)), from_learn = list_length(learned);
	ck_assert_msg(from_learn < from_strace, "learned %zu syscalls, strace %zu", from_learn, from_strace);
	ck_assert(!strstr(learned, "execve"));    /* made before the filter */
	run_result_free(&r);
}
END_TEST

START_TEST(learn_follows_threads_and_children)
{
	struct run_result r;
	const char *learn[] = { "learn", "--format", "env", "--", build_path("tests/prog/syscaller"),
				"@fork", "getppid", "@thread", "gettid", NULL };
	tool(learn, NULL, &r);
	ck_assert_exit(&r, 0);
	const char *line = env_line(r.out);
	ck_assert_msg(strstr(line, ":getppid:") && strstr(line, ":gettid:") && strstr(line, "wait4") &&
		      strstr(line, "clone3"), "%s", line);
	ck_assert_msg(strstr(r.err, "in 3 processes/threads"), "%s", r.err);
	run_result_free(&r);
	/* A program it executes inherits the filter: its loader's calls are recorded too. */
	const char *exec[] = { "learn", "--format", "env", "--", build_path("tests/prog/syscaller"),
			       "@exec", "/bin/true", NULL };
	tool(exec, NULL, &r);
	ck_assert_exit(&r, 0);
	line = env_line(r.out);
	ck_assert_msg(strstr(line, ":execve:") && strstr(line, ":openat:") && strstr(line, ":mmap:"),
		      "%s", line);
	run_result_free(&r);
}
END_TEST

START_TEST(learn_static_program)
{
	struct run_result r;
	const char *dir = make_temp_dir();
	char out[256];
	snprintf(out, sizeof(out), "%s/static.policy", dir);
	const char *learn[] = { "learn", "--static", "-o", out, "--",
				build_path("tests/prog/syscaller-static"), "getpid", "socket:1:1:0", NULL };
	tool(learn, NULL, &r);
	ck_assert_exit(&r, 0);
	run_result_free(&r);
	FILE *f = fopen(out, "r");
	char text[8192];
	size_t n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = '\0';
	/* From the program's first instruction: its own start-up and calls (socket with its
	 * domain), not the execve that started it. */
	ck_assert_msg(strstr(text, "\ngetpid: 1\n") && strstr(text, "\nsocket: arg0 == AF_UNIX\n") &&
		      strstr(text, "\narch_prctl: 1\n") && !strstr(text, "execve"), "%s", text);

	/* As an ordinary user, and the result runs the program under sandboxify. */
	const char *udir = make_temp_dir();
	chmod(udir, 01777);
	char env_out[256];
	snprintf(env_out, sizeof(env_out), "%s/static.env", udir);
	const char *learn_env[] = { "learn", "--static", "--format", "env", "-o", env_out, "--",
				    build_path("tests/prog/syscaller-static"), "@fork", "getppid",
				    "@thread", "gettid", NULL };
	struct run_opts user = { .unprivileged = true };
	tool(learn_env, &user, &r);
	ck_assert_exit(&r, 0);
	ck_assert_msg(strstr(r.err, "in 3 processes/threads"), "%s", r.err);
	run_result_free(&r);
	f = fopen(env_out, "r");
	char learned[4096] = "";
	ck_assert(f && fgets(learned, sizeof(learned), f));
	fclose(f);
	learned[strcspn(learned, "\n")] = '\0';
	ck_assert_msg(strstr(learned, ":getppid:") && strstr(learned, ":gettid:"), "%s", learned);
	const char *env[] = { learned, "SECCOMP_QUIET=1", NULL };
	struct run_opts o = { .env = env, .unprivileged = true };
	const char *prog[] = { build_path("sandboxify"), build_path("tests/prog/syscaller-static"), "@fork",
			       "getppid", "@thread", "gettid", NULL };
	run_process(prog, &o, &r);
	ck_assert_exit(&r, 0);
	ck_assert_msg(strstr(r.out, "child: exit 0") && strstr(r.out, "gettid="), "%s", r.out);
	run_result_free(&r);
}
END_TEST

/* With an existing policy, only what it lacks is reported. */
START_TEST(learn_reports_what_a_policy_lacks)
{
	const char *dir = make_temp_dir();
	char first[256];
	snprintf(first, sizeof(first), "%s/first.env", dir);
	struct run_result r;
	const char *learn[] = { "learn", "--format", "env", "-o", first, "--",
				build_path("tests/prog/syscaller"), "getpid", NULL };
	tool(learn, NULL, &r);
	ck_assert_exit(&r, 0);
	run_result_free(&r);
	const char *again[] = { "learn", "--policy", first, "--", build_path("tests/prog/syscaller"),
				"getpid", "getuid", "socket:1:1:0", NULL };
	tool(again, NULL, &r);
	ck_assert_exit(&r, 0);
	ck_assert_msg(strstr(r.out, "does not allow\n# sorted by name\ngetuid: 1\n"
				    "socket: arg0 == AF_UNIX\n"), "%s", r.out);
	ck_assert_msg(strstr(r.err, "2 calls of 2 syscalls missing from the policy"), "%s", r.err);
	run_result_free(&r);
	/* The same with a policy file. */
	char policy[256];
	snprintf(policy, sizeof(policy), "%s/first.policy", dir);
	const char *learn_policy[] = { "learn", "-o", policy, "--", build_path("tests/prog/syscaller"),
				       "getpid", NULL };
	tool(learn_policy, NULL, &r);
	ck_assert_exit(&r, 0);
	run_result_free(&r);
	const char *again_policy[] = { "learn", "--format", "env", "--policy", policy, "--",
				       build_path("tests/prog/syscaller"), "getpid", "getuid", NULL };
	tool(again_policy, NULL, &r);
	ck_assert_exit(&r, 0);
	ck_assert_msg(strstr(r.out, "SECCOMP_SYSCALL_ALLOW=getuid\n"), "%s", r.out);
	run_result_free(&r);
	const char *deny = write_temp_file(dir, "deny.env", "SECCOMP_SYSCALL_DENY=ptrace\n");
	const char *bad[] = { "learn", "--policy", deny, "--", "/bin/true", NULL };
	tool(bad, NULL, &r);
	ck_assert_exit(&r, 1);
	ck_assert_msg(strstr(r.err, "sets neither SECCOMP_SYSCALL_ALLOW nor SECCOMP_POLICY_FILE"), "%s", r.err);
	run_result_free(&r);
}
END_TEST

START_TEST(learn_errors_and_trace_without_tracer)
{
	struct run_result r;
	const char *learn[] = { "learn", "--", "/nonexistent/program", NULL };
	tool(learn, NULL, &r);
	ck_assert_exit(&r, 1);
	ck_assert_msg(strstr(r.err, "/nonexistent/program: no such file"), "%s", r.err);
	run_result_free(&r);
	/* The trace action outside learn mode: refused before main (a tracer attached later
	 * could let the refused calls run). */
	const char *env[] = { preload_env(), "SECCOMP_QUIET=1", "SECCOMP_DEFAULT_ACTION=trace",
			      "SECCOMP_SYSCALL_DENY=getppid", NULL };
	struct run_opts o = { .env = env };
	const char *prog[] = { build_path("tests/prog/syscaller"), "getppid", "getpid", NULL };
	run_process(prog, &o, &r);
	ck_assert_exit(&r, 125);
	ck_assert_str_eq(r.out, "");
	run_result_free(&r);
}
END_TEST

START_TEST(explain_env_and_bpf)
{
	struct run_result r;
	const char *args[] = { "explain", "--allowed", "SECCOMP_SYSCALL_ALLOW=read:write:exit_group", NULL };
	tool(args, NULL, &r);
	ck_assert_exit(&r, 0);
	ck_assert_msg(strstr(r.out, "# default (most syscalls): kill_process"), "%s", r.out);
	const char *list[] = { "SECCOMP_SYSCALL_ALLOW=read:write:exit_group", NULL };
	ck_assert_str_eq(row(r.out, "read"), expected_row(list, "read"));
	ck_assert_str_eq(row(r.out, "exit_group"), expected_row(list, "exit_group"));
	ck_assert_str_eq(row(r.out, "openat"), "");
	run_result_free(&r);

	/* A file of settings (what generate --format env writes), every syscall listed. */
	const char *dir = make_temp_dir();
	const char *envfile = write_temp_file(dir, "policy.env",
		"# comment\nSECCOMP_SYSCALL_DENY=ptrace:kexec_load\nexport SECCOMP_DEFAULT_ACTION=errno:EPERM\n");
	const char *args2[] = { "explain", "--disasm", envfile, NULL };
	tool(args2, NULL, &r);
	ck_assert_exit(&r, 0);
	ck_assert(strstr(r.out, "# default (most syscalls): allow"));
	const char *deny[] = { "SECCOMP_SYSCALL_DENY=ptrace:kexec_load", "SECCOMP_DEFAULT_ACTION=errno:EPERM", NULL };
	ck_assert_str_eq(row(r.out, "ptrace"), expected_row(deny, "ptrace"));
	ck_assert(strstr(row(r.out, "ptrace"), "errno:EPERM"));
	ck_assert_str_eq(row(r.out, "openat"), expected_row(deny, "openat"));
	/* The disassembly names the syscall the filter compares nr with (== or a range bound,
	 * depending on the layout the emitter chose). */
	const char *listing = strstr(r.out, " line  OP   JT   JF   K\n");
	ck_assert(listing && strstr(listing, " ptrace\n") && strstr(listing, "; nr ") &&
		  strstr(listing, "ret ERRNO(1)\n") && strstr(listing, "; arch x86_64\n"));
	run_result_free(&r);

	/* The environment itself. */
	const char *env[] = { "SECCOMP_SYSCALL_ALLOW=getpid", NULL };
	struct run_opts o = { .env = env };
	const char *args3[] = { "explain", "--allowed", "--from-env", NULL };
	tool(args3, &o, &r);
	ck_assert_exit(&r, 0);
	ck_assert_str_eq(row(r.out, "getpid"), expected_row(env, "getpid"));
	run_result_free(&r);

	/* A compiled filter with an argument condition: conditions recovered from the program. */
	static const unsigned char prog[] = {
		0x20, 0, 0, 0, 0x04, 0, 0, 0,  0x15, 0, 0, 5, 0x3e, 0, 0, 0xc0,      /* arch */
		0x20, 0, 0, 0, 0x00, 0, 0, 0,  0x15, 0, 0, 2, 0x10, 0, 0, 0,         /* nr == ioctl */
		0x20, 0, 0, 0, 0x18, 0, 0, 0,  0x15, 0, 0, 1, 0x01, 0x54, 0, 0,     /* arg1.lo == TCGETS */
		0x06, 0, 0, 0, 0, 0, 0xff, 0x7f,                                    /* allow */
		0x06, 0, 0, 0, 0, 0, 0, 0x80,                                       /* kill_process */
	};
	char path[256];
	snprintf(path, sizeof(path), "%s/filter.bpf", dir);
	FILE *f = fopen(path, "wb");
	fwrite(prog, 1, sizeof(prog), f);
	fclose(f);
	const char *args4[] = { "explain", path, NULL };
	tool(args4, NULL, &r);
	ck_assert_exit(&r, 0);
	ck_assert(strstr(r.out, "8 instructions"));
	/* cmd is an unsigned int: its low word is all of it */
	ck_assert_str_eq(row(r.out, "ioctl"), "ioctl 16 allow 7 if arg1 (cmd) == TCGETS");
	ck_assert_msg(strstr(r.out, "kill_process          7  if arg1 (cmd) != TCGETS"), "%s", r.out);
	ck_assert_str_eq(row(r.out, "read"), "read 0 allow 5");
	run_result_free(&r);

	const char *bad = write_temp_file(dir, "bad.env", "SECCOMP_SYSCALL_ALLOW=read\nPATH=/bin\n");
	const char *args5[] = { "explain", bad, NULL };
	tool(args5, NULL, &r);
	ck_assert_exit(&r, 1);
	ck_assert_msg(strstr(r.err, "'PATH=/bin' is not a SECCOMP_* setting"), "%s", r.err);
	run_result_free(&r);
}
END_TEST

Suite *authoring_suite(void)
{
	Suite *s = suite_create("authoring");
	TCase *tc = tcase_create("authoring");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, generate_from_fixtures);
	tcase_add_test(tc, generate_errors);
	tcase_add_test(tc, generate_base_leaves_out);
	tcase_add_test(tc, round_trip_strace_generate_run);
	tcase_add_test(tc, learn_unprivileged_round_trip);
	tcase_add_test(tc, learn_follows_threads_and_children);
	tcase_add_test(tc, learn_static_program);
	tcase_add_test(tc, learn_reports_what_a_policy_lacks);
	tcase_add_test(tc, learn_errors_and_trace_without_tracer);
	tcase_add_test(tc, explain_env_and_bpf);
	suite_add_tcase(s, tc);
	return s;
}
