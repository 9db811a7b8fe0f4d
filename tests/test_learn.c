/* sandbox-policy learn as an ordinary user runs it: the policy it writes must hold when the
 * program runs again under it, whatever the program's output is connected to. */
#include "support.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void tool(const char *const *args, const struct run_opts *opts, struct run_result *res)
{
	const char *argv[40] = { build_path("sandbox-policy") };
	size_t n = 1;
	for (; args[n - 1] && n < 39; n++)
		argv[n] = args[n - 1];
	argv[n] = NULL;
	run_process(argv, opts, res);
}

/* A directory the unprivileged user can write to. */
static const char *user_dir(void)
{
	const char *dir = make_temp_dir();
	chmod(dir, 01777);
	return dir;
}

static char *slurp(const char *path)
{
	static char text[65536];
	FILE *f = fopen(path, "r");
	ck_assert_msg(f, "cannot read %s", path);
	size_t n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = '\0';
	return text;
}

/* The library's start-up makes the C allocator's first calls (getrandom, brk) before the
 * learning filter: the learned policy must allow them anyway, or a program that calls
 * getrandom itself now and then is killed on some runs. */
START_TEST(learn_covers_what_the_start_up_hid)
{
	SKIP_UNLESS_ROOT();
	const char *dir = user_dir();
	char policy[256];
	snprintf(policy, sizeof(policy), "%s/random.policy", dir);
	struct run_opts user = { .unprivileged = true };
	struct run_result r;
	const char *learn[] = { "learn", "-o", policy, "--", build_path("tests/prog/sometimes-random"),
				"never", NULL };
	tool(learn, &user, &r);
	ck_assert_exit(&r, 0);
	run_result_free(&r);
	char setting[300];
	snprintf(setting, sizeof(setting), "SECCOMP_POLICY_FILE=%s", policy);
	const char *env[] = { preload_env(), setting, "SECCOMP_QUIET=1", NULL };
	struct run_opts o = { .env = env, .unprivileged = true };
	const char *prog[] = { build_path("tests/prog/sometimes-random"), NULL };
	int asked = 0;
	for (int i = 0; i < 20; i++) {
		run_process(prog, &o, &r);
		ck_assert_msg(exited_with(&r, 0), "run %d: %s; %s", i, describe_status(r.status), r.err);
		asked += strstr(r.out, "yes") != NULL;
		run_result_free(&r);
	}
	ck_assert_msg(asked > 0, "in 20 runs the program never called getrandom itself");
}
END_TEST

/* ---- where output goes ------------------------------------------------------------- */

enum sink { TO_TERMINAL, TO_NULL, TO_PIPE, TO_FILE, N_SINKS };
static const char *const sink_names[] = { "a terminal", "/dev/null", "a pipe", "a file" };

static char last_output[2048];   /* what the program wrote to a terminal or a pipe */

/* Runs argv as uid 65534 with stdout and stderr connected to sink; returns the wait status. */
static int run_into(const char *const *argv, const char *const *env, enum sink sink, const char *dir)
{
	int fd = -1, reader = -1;
	if (sink == TO_TERMINAL) {
		reader = posix_openpt(O_RDWR | O_NOCTTY);
		ck_assert(reader >= 0 && !grantpt(reader) && !unlockpt(reader));
		fd = open(ptsname(reader), O_RDWR | O_NOCTTY);
	} else if (sink == TO_NULL) {
		fd = open("/dev/null", O_WRONLY);
	} else if (sink == TO_PIPE) {
		int p[2];
		ck_assert(!pipe(p));
		reader = p[0];
		fd = p[1];
	} else {
		char path[256];
		snprintf(path, sizeof(path), "%s/output", dir);
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0666);
	}
	ck_assert(fd >= 0);
	pid_t pid = fork();
	ck_assert(pid >= 0);
	if (pid == 0) {
		int in = open("/dev/null", O_RDONLY);
		dup2(in, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		drop_privileges();
		execve(argv[0], (char *const *)argv, (char *const *)env);
		_exit(127);
	}
	close(fd);
	last_output[0] = '\0';
	if (reader >= 0) {
		size_t got = 0;
		ssize_t r;
		char buf[4096];
		/* A terminal's reader sees EIO once the program is gone. */
		while ((r = read(reader, buf, sizeof(buf))) > 0)
			for (ssize_t k = 0; k < r && got + 1 < sizeof(last_output); k++)
				last_output[got++] = buf[k];
		last_output[got] = '\0';
		close(reader);
	}
	int status;
	ck_assert(waitpid(pid, &status, 0) == pid);
	return status;
}

/* Each program learned once, with its output in a file, as uid 65534; then run under the
 * policy with output to a terminal, /dev/null, a pipe and a file, on a bigger input, and
 * on a missing file (its error path): no run is killed. */
static const struct { const char *program; const char *option; } learned_programs[] = {
	{ "/bin/cat", NULL }, { "/usr/bin/sort", NULL }, { "/usr/bin/wc", "-l" },
	{ "/usr/bin/head", "-n1" }, { "/bin/sed", "s/a/b/" }, { "/usr/bin/make", "-v" },
};

static int killed_runs(bool strict)
{
	const char *dir = user_dir();
	const char *small = write_temp_file(dir, "small", "b\na\nc\n");
	char big[256];
	snprintf(big, sizeof(big), "%s/big", dir);
	FILE *f = fopen(big, "w");
	for (int i = 0; i < 100000; i++)
		fprintf(f, "%d\n", (int)((i * 7919L) % 100000));
	fclose(f);
	chmod(big, 0644);
	char missing[256];
	snprintf(missing, sizeof(missing), "%s/missing", dir);
	int killed = 0;
	for (size_t p = 0; p < sizeof(learned_programs) / sizeof(learned_programs[0]); p++) {
		const char *prog = learned_programs[p].program, *opt = learned_programs[p].option;
		char policy[256], output[256], setting[300];
		snprintf(policy, sizeof(policy), "%s/learned.policy", dir);
		snprintf(output, sizeof(output), "%s/learned-output", dir);
		/* sh puts learn's own output in a file: the program's too, as it learns. */
		const char *argv[16] = { "/bin/sh", "-c", "\"$@\" > \"$0\"", output,
					 build_path("sandbox-policy"), "learn", "-o", policy };
		size_t n = 8;
		if (strict)
			argv[n++] = "--strict";
		argv[n++] = "--";
		argv[n++] = prog;
		if (opt)
			argv[n++] = opt;
		argv[n++] = small;
		argv[n] = NULL;
		const char *plain[] = { "PATH=/usr/bin:/bin", "LANG=C", NULL };
		int st = run_into(argv, plain, TO_FILE, dir);
		ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "learn %s: %s", prog, describe_status(st));
		snprintf(setting, sizeof(setting), "SECCOMP_POLICY_FILE=%s", policy);
		const char *env[] = { preload_env(), setting, "LANG=C", NULL };
		const char *inputs[] = { small, big, missing };
		for (size_t in = 0; in < 3; in++)
			for (enum sink s = 0; s < N_SINKS; s++) {
				if (in > 0 && s != TO_FILE && s != TO_NULL)
					continue;
				const char *run[] = { prog, opt ? opt : inputs[in], opt ? inputs[in] : NULL, NULL };
				st = run_into(run, env, s, dir);
				if (WIFSIGNALED(st) && WTERMSIG(st) == SIGSYS) {
					killed++;
					if (!strict)
						ck_abort_msg("%s %s with output to %s: killed: %s", prog,
							     inputs[in], sink_names[s], last_output);
				}
			}
	}
	return killed;
}

START_TEST(learn_holds_wherever_output_goes)
{
	SKIP_UNLESS_ROOT();
	ck_assert_int_eq(killed_runs(false), 0);
	/* Without the tolerated calls, the same runs are killed: what the set is for. */
	ck_assert_int_gt(killed_runs(true), 0);
}
END_TEST

/* The "# Run under it: " (or "or: ") line of a learned policy, without the prefix. */
static const char *header_command(const char *text, const char *prefix)
{
	static char line[4096];
	const char *p = strstr(text, prefix);
	ck_assert_msg(p, "no '%s' line in:\n%s", prefix, text);
	p += strlen(prefix);
	size_t n = strcspn(p, "\n");
	ck_assert(n < sizeof(line));
	memcpy(line, p, n);
	line[n] = '\0';
	return line;
}

static void run_shell(const char *command, struct run_result *r)
{
	const char *argv[] = { "/bin/sh", "-c", command, NULL };
	struct run_opts user = { .unprivileged = true };
	run_process(argv, &user, r);
}

/* The header says how to run under the policy, and that command works as written. A
 * static program is recognised without --static and learned from its first instruction. */
START_TEST(learn_header_command_runs)
{
	SKIP_UNLESS_ROOT();
	const char *dir = user_dir();
	char policy[256];
	snprintf(policy, sizeof(policy), "%s/dynamic.policy", dir);
	struct run_opts user = { .unprivileged = true };
	struct run_result r;
	const char *learn[] = { "learn", "-o", policy, "--", build_path("tests/prog/syscaller"), "getpid",
				"getuid", NULL };
	tool(learn, &user, &r);
	ck_assert_exit(&r, 0);
	run_result_free(&r);
	const char *text = slurp(policy);
	const char *forms[] = { "# Run under it: ", "#           or: " };
	for (size_t i = 0; i < 2; i++) {
		run_shell(header_command(text, forms[i]), &r);
		ck_assert_exit(&r, 0);
		ck_assert_msg(strstr(r.out, "getuid=65534"), "%s: %s", forms[i], r.out);
		run_result_free(&r);
	}

	snprintf(policy, sizeof(policy), "%s/static.policy", dir);
	const char *learn_static[] = { "learn", "-o", policy, "--", build_path("tests/prog/syscaller-static"),
				       "getuid", NULL };
	tool(learn_static, &user, &r);
	ck_assert_exit(&r, 0);
	ck_assert_msg(strstr(r.err, "statically linked") && strstr(r.err, "--static"), "%s", r.err);
	run_result_free(&r);
	text = slurp(policy);
	ck_assert_msg(strstr(text, "\narch_prctl: 1\n") && strstr(text, "\ngetuid: 1\n") &&
		      !strstr(text, "or: "), "%s", text);
	const char *command = header_command(text, "# Run under it: ");
	ck_assert_msg(strstr(command, "sandboxify ") && !strstr(command, "--preload"), "%s", command);
	run_shell(command, &r);
	ck_assert_exit(&r, 0);
	ck_assert_msg(strstr(r.out, "getuid=65534"), "%s", r.out);
	run_result_free(&r);

	/* An argument holding a newline stays inside the header's comment. */
	snprintf(policy, sizeof(policy), "%s/newline.policy", dir);
	const char *learn_newline[] = { "learn", "-o", policy, "--", build_path("tests/prog/syscaller"),
					"getpid", "\nptrace: 1\n", NULL };
	tool(learn_newline, &user, &r);
	run_result_free(&r);
	text = slurp(policy);
	ck_assert_msg(!strstr(text, "\nptrace: 1") && strstr(text, "\ngetpid: 1\n"), "%s", text);

	/* The env format given as a policy file: one line saying what to do instead. */
	char env_file[256];
	snprintf(env_file, sizeof(env_file), "%s/learned.env", dir);
	const char *learn_env[] = { "learn", "--format", "env", "-o", env_file, "--", "/bin/true", NULL };
	tool(learn_env, &user, &r);
	ck_assert_exit(&r, 0);
	ck_assert_msg(strstr(r.err, "run under it: env $(cat "), "%s", r.err);
	char hint[4096];
	snprintf(hint, sizeof(hint), "%s", header_command(r.err, "run under it: "));
	char setting[300];
	snprintf(setting, sizeof(setting), "SECCOMP_POLICY_FILE=%s", env_file);
	const char *env[] = { preload_env(), setting, NULL };
	struct run_opts o = { .env = env, .unprivileged = true };
	const char *prog[] = { "/bin/true", NULL };
	run_result_free(&r);
	run_process(prog, &o, &r);
	ck_assert_exit(&r, 125);
	ck_assert_msg(strstr(r.err, "SECCOMP_SYSCALL_ALLOW=... is an environment setting") &&
		      strstr(r.err, "env $(cat FILE) PROGRAM") && !strchr(strchr(r.err, '\n') + 1, '\n'),
		      "%s", r.err);
	run_result_free(&r);
	run_shell(hint, &r);
	ck_assert_exit(&r, 0);
	run_result_free(&r);
}
END_TEST

/* learn ends with the program's failure; a policy that cannot load and an output that
 * cannot be written stop it before the program runs. */
START_TEST(learn_exit_status_and_order)
{
	const char *dir = user_dir();
	struct run_opts user = { .unprivileged = running_as_root() };
	struct run_result r;
	const char *exits[] = { "learn", "--", "/bin/sh", "-c", "exit 3", NULL };
	tool(exits, &user, &r);
	ck_assert_exit(&r, 3);
	ck_assert_msg(strstr(r.out, "\nexit_group: 1\n"), "the policy is written: %s", r.out);
	run_result_free(&r);
	const char *killed[] = { "learn", "--", "/bin/sh", "-c", "kill -TERM $$", NULL };
	tool(killed, &user, &r);
	ck_assert_exit(&r, 128 + SIGTERM);
	run_result_free(&r);

	const char *bad = write_temp_file(dir, "bad.policy", "read: bogus\n");
	char side[256];
	snprintf(side, sizeof(side), "%s/side-effect", dir);
	const char *bad_policy[] = { "learn", "--policy", bad, "--", "/usr/bin/touch", side, NULL };
	tool(bad_policy, &user, &r);
	ck_assert_exit(&r, 1);
	ck_assert_msg(strstr(r.err, "--policy: ") && strstr(r.err, "bogus"), "%s", r.err);
	run_result_free(&r);
	const char *unwritable[] = { "learn", "-o", "/nonexistent-dir/learned.policy", "--",
				     "/usr/bin/touch", side, NULL };
	tool(unwritable, &user, &r);
	ck_assert_exit(&r, 1);
	ck_assert_msg(strstr(r.err, "/nonexistent-dir/learned.policy: cannot write") &&
		      strstr(r.err, "nothing was run"), "%s", r.err);
	run_result_free(&r);
	ck_assert_msg(access(side, F_OK) != 0, "the program ran although nothing could be written");

	/* A program the kernel cannot execute: one prefix, the reason. */
	const char *text = write_temp_file(dir, "not-a-program", "plain text\n");
	chmod(text, 0755);
	const char *cannot[] = { "learn", "--", text, NULL };
	tool(cannot, &user, &r);
	ck_assert_exit(&r, 1);
	ck_assert_msg(strstr(r.err, "sandbox-policy learn: cannot run ") &&
		      strstr(r.err, "Exec format error") && !strstr(r.err, "learn: learn:"), "%s", r.err);
	run_result_free(&r);
}
END_TEST

/* Several runs, one policy: --merge adds what a run needed, keeping the file's own lines. */
START_TEST(learn_merge_adds_to_a_policy)
{
	const char *dir = user_dir();
	struct run_opts user = { .unprivileged = running_as_root() };
	char policy[256];
	snprintf(policy, sizeof(policy), "%s/merged.policy", dir);
	struct run_result r;
	const char *first[] = { "learn", "--merge", "-o", policy, "--", build_path("tests/prog/syscaller"),
				"getpid", NULL };
	tool(first, &user, &r);
	ck_assert_exit(&r, 0);
	run_result_free(&r);
	FILE *f = fopen(policy, "a");
	fputs("# kept: a hand edit\nuname: 1\n", f);
	fclose(f);
	const char *second[] = { "learn", "--merge", "-o", policy, "--", build_path("tests/prog/syscaller"),
				 "getuid", "socket:1:1:0", NULL };
	tool(second, &user, &r);
	ck_assert_exit(&r, 0);
	ck_assert_msg(strstr(r.err, "2 calls of 2 syscalls missing from the policy"), "%s", r.err);
	run_result_free(&r);
	const char *text = slurp(policy);
	ck_assert_msg(strstr(text, "# kept: a hand edit\nuname: 1\n") && strstr(text, "\ngetpid: 1\n") &&
		      strstr(text, "--merge") && strstr(text, "\ngetuid: 1\n") &&
		      strstr(text, "\nsocket: arg0 == AF_UNIX\n"), "%s", text);
	char setting[300];
	snprintf(setting, sizeof(setting), "SECCOMP_POLICY_FILE=%s", policy);
	const char *env[] = { preload_env(), setting, NULL };
	struct run_opts o = { .env = env, .unprivileged = running_as_root() };
	const char *both[] = { build_path("tests/prog/syscaller"), "getpid", "getuid", "socket:1:1:0",
			       "uname", NULL };
	run_process(both, &o, &r);
	ck_assert_exit(&r, 0);
	run_result_free(&r);
	/* Nothing new: the file stays as it is. */
	char before[65536];
	snprintf(before, sizeof(before), "%s", slurp(policy));
	tool(second, &user, &r);
	ck_assert_exit(&r, 0);
	ck_assert_msg(strstr(r.err, "allows every call"), "%s", r.err);
	ck_assert_str_eq(slurp(policy), before);
	run_result_free(&r);
}
END_TEST

/* Reads a pid the program wrote to path, once it is there. */
static pid_t wait_for_pid_file(const char *path)
{
	for (int i = 0; i < 6000; i++) {
		FILE *f = fopen(path, "r");
		int pid = 0;
		if (f) {
			bool got = fscanf(f, "%d", &pid) == 1;
			fclose(f);
			if (got && pid > 0)
				return pid;
		}
		usleep(10000);
	}
	ck_abort_msg("%s never appeared", path);
	return -1;
}

/* Whether pid is gone (or a zombie no one waits for), after waiting for it a while. */
static bool gone(pid_t pid)
{
	for (int i = 0; i < 3000; i++) {
		char path[64], state = 0;
		snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
		FILE *f = fopen(path, "r");
		if (!f)
			return true;
		bool zombie = fscanf(f, "%*d (%*[^)]) %c", &state) == 1 && state == 'Z';
		fclose(f);
		if (zombie)
			return true;
		usleep(10000);
	}
	return false;
}

/* SIGINT to learn, a timeout, and a background child: what was learned is written, marked
 * partial when learning was cut short, and nothing is left running. */
/* Starts `sandbox-policy learn -o POLICY [--static] -- PROGRAM... sh -c SCRIPT` as uid 65534
 * (SIGHUP ignored, as under nohup), waits until the script wrote its pid to pid_file, sends
 * sig to learn and returns learn's wait status; *program gets the script's pid. */
static int interrupt_learning(const char *policy, bool at_exec, const char *script,
			      const char *pid_file, int sig, pid_t *program)
{
	pid_t learn = fork();
	ck_assert(learn >= 0);
	if (learn == 0) {
		int null = open("/dev/null", O_RDWR);
		dup2(null, 0);
		dup2(null, 1);
		dup2(null, 2);
		signal(SIGHUP, SIG_IGN);
		if (running_as_root())
			drop_privileges();
		if (at_exec)
			execl(build_path("sandbox-policy"), "sandbox-policy", "learn", "-o", policy, "--",
			      build_path("tests/prog/syscaller-static"), "@exec", "/bin/sh", "-c", script,
			      (char *)NULL);
		else
			execl(build_path("sandbox-policy"), "sandbox-policy", "learn", "-o", policy, "--",
			      "/bin/sh", "-c", script, (char *)NULL);
		_exit(127);
	}
	*program = wait_for_pid_file(pid_file);
	kill(learn, sig);
	int status;
	ck_assert(waitpid(learn, &status, 0) == learn);
	return status;
}

START_TEST(learn_interrupted_keeps_what_it_learned)
{
	const char *dir = user_dir();
	char policy[256], pid_file[256], script[600];
	snprintf(policy, sizeof(policy), "%s/partial.policy", dir);
	snprintf(pid_file, sizeof(pid_file), "%s/sleeper", dir);
	snprintf(script, sizeof(script), "echo $$ > %s; exec sleep 600", pid_file);
	pid_t sleeper;
	int status = interrupt_learning(policy, false, script, pid_file, SIGINT, &sleeper);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 128 + SIGINT, "%s", describe_status(status));
	const char *text = slurp(policy);
	ck_assert_msg(strstr(text, "# PARTIAL: interrupted by SIGINT") && strstr(text, "\nopenat: 1\n"),
		      "%s", text);
	ck_assert_msg(gone(sleeper), "the program still runs");

	/* Installed at exec: the helper that records is stopped too. */
	unlink(pid_file);
	status = interrupt_learning(policy, true, script, pid_file, SIGTERM, &sleeper);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 128 + SIGTERM, "%s", describe_status(status));
	text = slurp(policy);
	ck_assert_msg(strstr(text, "# PARTIAL: stopped by SIGTERM") && strstr(text, "\nexecve: 1\n"),
		      "%s", text);
	ck_assert_msg(gone(sleeper), "the program still runs");

	/* SIGHUP ignored when learn started (nohup) stays ignored: learning goes on. */
	unlink(pid_file);
	snprintf(script, sizeof(script), "echo $$ > %s; sleep 1", pid_file);
	status = interrupt_learning(policy, false, script, pid_file, SIGHUP, &sleeper);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "%s", describe_status(status));
	ck_assert_msg(!strstr(slurp(policy), "PARTIAL"), "%s", slurp(policy));
	snprintf(script, sizeof(script), "echo $$ > %s; exec sleep 600", pid_file);

	unlink(pid_file);
	struct run_opts user = { .unprivileged = running_as_root() };
	struct run_result r;
	const char *timed[] = { "learn", "--timeout", "1", "-o", policy, "--", "/bin/sh", "-c", script, NULL };
	tool(timed, &user, &r);
	ck_assert_exit(&r, 124);
	ck_assert_msg(strstr(slurp(policy), "# PARTIAL: stopped after the --timeout"), "%s", slurp(policy));
	ck_assert(gone(wait_for_pid_file(pid_file)));
	run_result_free(&r);

	/* A background child left behind: --stop-at-exit stops with the program. */
	unlink(pid_file);
	snprintf(script, sizeof(script), "sleep 600 & echo $! > %s", pid_file);
	const char *background[] = { "learn", "--stop-at-exit", "-o", policy, "--", "/bin/sh", "-c",
				     script, NULL };
	tool(background, &user, &r);
	ck_assert_exit(&r, 0);
	ck_assert_msg(!strstr(slurp(policy), "PARTIAL") && strstr(slurp(policy), "\nclone: 1\n"), "%s",
		      slurp(policy));
	ck_assert_msg(gone(wait_for_pid_file(pid_file)), "the background child still runs");
	run_result_free(&r);
}
END_TEST

Suite *learn_suite(void)
{
	Suite *s = suite_create("learn");
	TCase *tc = tcase_create("learn");
	tcase_add_test(tc, learn_covers_what_the_start_up_hid);
	tcase_add_test(tc, learn_holds_wherever_output_goes);
	tcase_add_test(tc, learn_header_command_runs);
	tcase_add_test(tc, learn_exit_status_and_order);
	tcase_add_test(tc, learn_merge_adds_to_a_policy);
	tcase_add_test(tc, learn_interrupted_keeps_what_it_learned);
	suite_add_tcase(s, tc);
	return s;
}
