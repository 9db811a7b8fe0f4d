/* Isolation beside the filter (Landlock): each test runs tests/prog/reach as uid 65534
 * under the library (loop 0) or sandboxify (loop 1) and checks what it could reach. */
#include "support.h"
#include "landlock.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static struct run_result res;

static void teardown(void)
{
	run_result_free(&res);
}

#define NOBODY 65534

static bool landlock_here(void)
{
	if (sb_landlock_abi() > 0)
		return true;
	printf("isolate: skipped: this kernel offers no Landlock\n");
	return false;
}

/*
 * Run reach with actions under the library (launcher 0) or sandboxify (1), as uid 65534,
 * with the "NAME=value" settings given. With `parent`, reach runs as the child of a
 * process of the same user, outside the sandbox, that waits for it: the one it attacks.
 */
static void reach(int launcher, bool parent, const char *const *vars, const char *const *actions)
{
	const char *argv[32], *env[16];
	size_t a = 0, e = 0;
	if (parent) {
		argv[a++] = build_path("tests/prog/reach");
		argv[a++] = "parent";
		/* The settings go to the child only: the parent stays outside the sandbox. */
		argv[a++] = "/usr/bin/env";
		if (launcher == 0)
			argv[a++] = preload_env();
		for (size_t i = 0; vars[i]; i++)
			argv[a++] = vars[i];
	} else {
		if (launcher == 0)
			env[e++] = preload_env();
		for (size_t i = 0; vars[i]; i++)
			env[e++] = vars[i];
	}
	env[e] = NULL;
	if (launcher == 1)
		argv[a++] = build_path("sandboxify");
	argv[a++] = build_path("tests/prog/reach");
	for (size_t i = 0; actions[i]; i++)
		argv[a++] = actions[i];
	argv[a] = NULL;
	struct run_opts o = { .env = env, .unprivileged = running_as_root() };
	run_process(argv, &o, &res);
}
#define VARS(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define ACTS(...) ((const char *const[]){ __VA_ARGS__, NULL })

/* The escape: a program allowed openat and pwrite64 opens /proc/PPID/mem of the process
 * that started it, to rewrite its code. */
START_TEST(parent_memory_is_out_of_reach)
{
	if (!landlock_here())
		return;
	reach(_i, true, VARS("SECCOMP_SYSCALL_DENY=ptrace", "SECCOMP_QUIET=1"), ACTS("mem"));
	ck_assert_exit(&res, 0);
	ck_assert_str_eq(res.out, "mem=-1 EACCES\n");
}
END_TEST

START_TEST(parent_cannot_be_signalled)
{
	if (!landlock_here())
		return;
	if (sb_landlock_abi() < 6) {
		printf("isolate: skipped: signal scoping needs Landlock ABI 6\n");
		return;
	}
	reach(_i, true, VARS("SECCOMP_SYSCALL_DENY=ptrace", "SECCOMP_QUIET=1"), ACTS("kill"));
	ck_assert_exit(&res, 0);
	ck_assert_str_eq(res.out, "kill=-1 EPERM\n");
}
END_TEST

/* What the two tests above refuse is what an unisolated program of the same user does. */
START_TEST(isolate_0_leaves_the_parent_reachable)
{
	reach(_i, true, VARS("SECCOMP_SYSCALL_DENY=ptrace", "SECCOMP_QUIET=1", "SANDBOX_ISOLATE=0"),
	      ACTS("mem", "kill"));
	ck_assert_exit(&res, 0);
	ck_assert_str_eq(res.out, "mem=0\nkill=0\n");
}
END_TEST

/* A directory uid 65534 may write, with one file in it. */
static const char *writable_dir(void)
{
	/* make_temp_dir's buffer is reused by the next call. */
	const char *dir = strdup(make_temp_dir());
	write_temp_file(dir, "present", "x");
	if (running_as_root())
		ck_assert_int_eq(chown(dir, NOBODY, NOBODY), 0);
	return dir;
}

static const char *in(const char *dir, const char *action, const char *name)
{
	static char slots[8][512];
	static unsigned next;
	char *s = slots[next++ % 8];
	snprintf(s, sizeof(slots[0]), "%s%s/%s", action, dir, name);
	return s;
}

static const char *setting(const char *name, const char *value)
{
	static char slots[8][700];
	static unsigned next;
	char *s = slots[next++ % 8];
	snprintf(s, sizeof(slots[0]), "%s=%s", name, value);
	return s;
}

START_TEST(listed_paths_work_and_others_are_refused)
{
	if (!landlock_here())
		return;
	const char *readable = writable_dir(), *writable = writable_dir(), *other = writable_dir();
	/* /usr and /etc: what the loader reads when sandboxify starts a dynamic program. */
	char read_list[600];
	snprintf(read_list, sizeof(read_list), "/usr:/etc/ld.so.cache:%s", readable);
	reach(_i, false, VARS("SECCOMP_SYSCALL_DENY=ptrace", "SECCOMP_QUIET=1",
			      setting("SANDBOX_FS_READ", read_list), setting("SANDBOX_FS_WRITE", writable)),
	      ACTS(in(readable, "read:", "present"), in(writable, "read:", "present"),
		   in(other, "read:", "present"), in(writable, "create:", "new"),
		   in(readable, "create:", "new"), in(other, "create:", "new")));
	ck_assert_exit(&res, 0);
	ck_assert_str_eq(res.out, "read=0\nread=0\nread=-1 EACCES\n"
				  "create=0\ncreate=-1 EACCES\ncreate=-1 EACCES\n");
	struct stat st;
	ck_assert_int_eq(stat(in(writable, "", "new"), &st), 0);
	ck_assert_int_ne(stat(in(other, "", "new"), &st), 0);
}
END_TEST

/* The programs a confined one starts preload the library too: it stays readable. */
START_TEST(children_still_load_the_library)
{
	if (!landlock_here())
		return;
	const char *argv[] = { "/bin/sh", "-c", "/bin/cat /etc/hostname || echo refused", NULL };
	struct run_opts o = { .env = VARS(preload_env(), "SECCOMP_SYSCALL_DENY=ptrace", "SECCOMP_QUIET=1",
					  "SANDBOX_FS_READ=/usr"),
			      .unprivileged = running_as_root() };
	run_process(argv, &o, &res);
	ck_assert_exit(&res, 0);
	ck_assert_str_eq(res.out, "refused\n");
	ck_assert_str_eq(res.err, "/bin/cat: /etc/hostname: Permission denied\n");
}
END_TEST

/* io_uring opens files in the kernel, past any seccomp filter; Landlock checks them. */
START_TEST(io_uring_cannot_create_outside_the_write_rules)
{
	if (!landlock_here())
		return;
	const char *writable = writable_dir(), *other = writable_dir();
	reach(0, false, VARS("SECCOMP_SYSCALL_DENY=ptrace", "SECCOMP_QUIET=1",
			     setting("SANDBOX_FS_WRITE", writable)),
	      ACTS(in(writable, "uring-create:", "inside"), in(other, "uring-create:", "outside")));
	ck_assert_exit(&res, 0);
	if (strstr(res.out, "uring=unavailable")) {
		printf("isolate: skipped: io_uring is disabled here\n");
		return;
	}
	ck_assert_str_eq(res.out, "uring-create=0\nuring-create=-1 EACCES\n");
	struct stat st;
	ck_assert_int_ne(stat(in(other, "", "outside"), &st), 0);
	/* Without rules the same call creates the file: the refusal above is Landlock's. */
	run_result_free(&res);
	reach(0, false, VARS("SECCOMP_SYSCALL_DENY=ptrace", "SECCOMP_QUIET=1"),
	      ACTS(in(other, "uring-create:", "outside")));
	ck_assert_str_eq(res.out, "uring-create=0\n");
}
END_TEST

/* A listening socket on 127.0.0.1 (never accepted: the backlog completes connects). */
static int listen_loopback(int *port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(sa);
	int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	ck_assert_int_ge(s, 0);
	ck_assert_int_eq(bind(s, (struct sockaddr *)&sa, sizeof(sa)), 0);
	ck_assert_int_eq(listen(s, 4), 0);
	ck_assert_int_eq(getsockname(s, (struct sockaddr *)&sa, &len), 0);
	*port = ntohs(sa.sin_port);
	return s;
}

START_TEST(connect_only_to_listed_ports)
{
	if (!landlock_here())
		return;
	if (sb_landlock_abi() < 4) {
		printf("isolate: skipped: port rules need Landlock ABI 4\n");
		return;
	}
	int listed, other;
	int s1 = listen_loopback(&listed), s2 = listen_loopback(&other);
	char allowed[32], to_listed[32], to_other[32];
	snprintf(allowed, sizeof(allowed), "SANDBOX_NET_CONNECT=%d", listed);
	snprintf(to_listed, sizeof(to_listed), "connect:%d", listed);
	snprintf(to_other, sizeof(to_other), "connect:%d", other);
	reach(_i, false, VARS("SECCOMP_SYSCALL_DENY=ptrace", "SECCOMP_QUIET=1", allowed),
	      ACTS(to_listed, to_other));
	ck_assert_exit(&res, 0);
	ck_assert_str_eq(res.out, "connect=0\nconnect=-1 EACCES\n");
	close(s1);
	close(s2);
}
END_TEST

/* stderr is exactly one line starting with prefix and holding needle. */
static void assert_one_line(const char *prefix, const char *needle)
{
	ck_assert_msg(!strncmp(res.err, prefix, strlen(prefix)), "%s", res.err);
	ck_assert_msg(strchr(res.err, '\n') == res.err + strlen(res.err) - 1, "not one line: %s", res.err);
	ck_assert_msg(strstr(res.err, needle), "missing '%s' in: %s", needle, res.err);
}

START_TEST(bad_settings_stop_the_program)
{
	static const struct { const char *var, *needle; } cases[] = {
		{ "SANDBOX_FS_READ=/usr:/nonexistent/dir",
		  "SANDBOX_FS_READ: '/nonexistent/dir': No such file or directory" },
		{ "SANDBOX_FS_WRIT=/tmp", "SANDBOX_FS_WRIT: unknown variable (did you mean "
		  "SANDBOX_FS_WRITE?" },
		{ "SANDBOX_NET_CONNECT=http", "SANDBOX_NET_CONNECT: 'http' is not a TCP port" },
		{ "SANDBOX_ISOLATE=yes", "SANDBOX_ISOLATE: 'yes' (accepted: 0 or off, 1 or on)" },
	};
	const char *prefix = _i ? "sandboxify: " : "libsandbox: ";
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		reach(_i, false, VARS("SECCOMP_SYSCALL_DENY=ptrace", "SECCOMP_QUIET=1", cases[c].var),
		      ACTS("kill"));
		ck_assert_exit(&res, 125);
		ck_assert_str_eq(res.out, "");
		assert_one_line(prefix, cases[c].needle);
		run_result_free(&res);
	}
	/* Isolation off next to rules is a contradiction, not a choice between them. */
	reach(_i, false, VARS("SECCOMP_SYSCALL_DENY=ptrace", "SANDBOX_ISOLATE=0",
			      "SANDBOX_FS_READ=/usr"), ACTS("kill"));
	ck_assert_exit(&res, 125);
	assert_one_line(prefix, "SANDBOX_ISOLATE turns isolation off");
}
END_TEST

/* Policy-file directives give the same rules, under sandboxify a static program too. */
START_TEST(policy_file_rules_apply)
{
	if (!landlock_here())
		return;
	const char *writable = writable_dir(), *other = writable_dir();
	char text[1024];
	snprintf(text, sizeof(text), "@denylist\n@fs-read /usr\n@fs-read /etc/ld.so.cache\n"
		 "@fs-write %s\nptrace: kill\n", writable);
	const char *policy = write_temp_file(make_temp_dir(), "rules.policy", text);
	reach(_i, false, VARS(setting("SECCOMP_POLICY_FILE", policy), "SECCOMP_QUIET=1"),
	      ACTS(in(writable, "create:", "f"), in(other, "create:", "f"), "read:/etc/passwd"));
	ck_assert_exit(&res, 0);
	ck_assert_str_eq(res.out, "create=0\ncreate=-1 EACCES\nread=-1 EACCES\n");
}
END_TEST

START_TEST(sandboxify_confines_a_static_program)
{
	if (!landlock_here())
		return;
	const char *writable = writable_dir();
	const char *argv[] = { build_path("sandboxify"), build_path("examples/helloworld-static"), NULL };
	struct run_opts o = { .env = VARS("SECCOMP_SYSCALL_DENY=ptrace", "SECCOMP_QUIET=1",
					  setting("SANDBOX_FS_WRITE", writable)),
			      .unprivileged = running_as_root() };
	run_process(argv, &o, &res);
	ck_assert_exit(&res, 0);
	ck_assert_str_eq(res.out, "Hello, world!\n");
	/* Its NoNewPrivs and domain are in place before its first instruction: a dynamic
	 * program without /usr in its rules cannot even load libc. */
	run_result_free(&res);
	reach(1, false, VARS("SECCOMP_SYSCALL_DENY=ptrace", "SECCOMP_QUIET=1",
			     setting("SANDBOX_FS_WRITE", writable)), ACTS("kill"));
	ck_assert_exit(&res, 127);
	ck_assert_msg(strstr(res.err, "libc.so.6: cannot open shared object file"), "%s", res.err);
}
END_TEST

/* sandboxify passes a long rule list (over 8 KB of paths) through memory it maps in the
 * program, a short one below its stack pointer: both enter the same domain. */
START_TEST(sandboxify_long_rule_lists)
{
	if (!landlock_here())
		return;
	const char *dir = make_temp_dir();
	static char list[16384] = "SANDBOX_FS_READ=";
	size_t o = strlen(list);
	char name[256];
	memset(name, 'd', 220);
	name[220] = '\0';
	for (int i = 0; i < 40; i++) {
		char path[4096];
		snprintf(path, sizeof(path), "%s/%02d%s", dir, i, name);
		ck_assert_int_eq(mkdir(path, 0755), 0);
		o += (size_t)snprintf(list + o, sizeof(list) - o, "%s%s", i ? ":" : "", path);
	}
	ck_assert_uint_gt(o, 8192);
	const char *argv[] = { build_path("sandboxify"), build_path("examples/helloworld-static"), NULL };
	struct run_opts opts = { .env = VARS("SECCOMP_SYSCALL_DENY=ptrace", "SECCOMP_QUIET=1", list),
				 .unprivileged = running_as_root() };
	run_process(argv, &opts, &res);
	ck_assert_exit(&res, 0);
	ck_assert_str_eq(res.out, "Hello, world!\n");
}
END_TEST

/*
 * The degradation: the domain each ABI gives when only isolation is asked for, entered
 * for real by a process of uid 65534 whose parent, of the same user, it then attacks.
 * Every ABI keeps the parent's memory out of reach; signals are scoped from ABI 6.
 */
static int attack_parent_under_abi(int abi)
{
	pid_t child = fork();
	ck_assert_int_ge(child, 0);
	if (child == 0) {
		/* As a shell of that user would be: dumpable (a set-user-ID change cleared it). */
		if (running_as_root() && (setgid(NOBODY) || setuid(NOBODY) ||
					  prctl(PR_SET_DUMPABLE, 1)))
			_exit(100);
		pid_t attacker = fork();
		if (attacker == 0) {
			struct sb_isolation iso = { 0 };
			struct sb_landlock_plan plan;
			struct sandbox_error err;
			if (sb_landlock_plan(&iso, abi, &plan, &err) || sb_landlock_enter(&iso, &plan, &err))
				_exit(101);
			char mem[64];
			snprintf(mem, sizeof(mem), "/proc/%d/mem", (int)getppid());
			int reached = 0;
			if (open(mem, O_RDWR) >= 0)
				reached |= 1;
			if (kill(getppid(), 0) == 0)
				reached |= 2;
			_exit(reached);
		}
		int status;
		waitpid(attacker, &status, 0);
		_exit(WIFEXITED(status) ? WEXITSTATUS(status) : 102);
	}
	int status;
	waitpid(child, &status, 0);
	ck_assert(WIFEXITED(status));
	return WEXITSTATUS(status);
}

START_TEST(older_abis_degrade_to_what_they_can_enforce)
{
	int kernel = sb_landlock_abi();
	if (!landlock_here())
		return;
	ck_assert_int_eq(attack_parent_under_abi(0 /* no domain */), 3);
	for (int abi = 1; abi <= kernel && abi <= SB_LL_ABI_KNOWN; abi++)
		ck_assert_msg(attack_parent_under_abi(abi) == (abi >= 6 ? 0 : 2),
			      "ABI %d: reached %d", abi, attack_parent_under_abi(abi));
}
END_TEST

/* A thread started before main would stay outside the domain: refused, unless isolation
 * is off. */
START_TEST(threads_before_main_are_refused)
{
	static char preload[8192];
	snprintf(preload, sizeof(preload), "LD_PRELOAD=%s %s", build_path("libsandbox.so"),
		 build_path("tests/lib/libthreadctor.so"));
	const char *argv[] = { build_path("tests/prog/release-thread"), NULL };
	struct run_opts o = { .env = VARS(preload, "SECCOMP_SYSCALL_DENY=ptrace") };
	run_process(argv, &o, &res);
	if (!landlock_here())
		return;
	ck_assert_exit(&res, 125);
	assert_one_line("libsandbox: isolation: the process runs 2 threads before main", "SANDBOX_ISOLATE=0");
}
END_TEST

/* learn runs under isolation (its tracer is outside the domain) and records the paths;
 * its suggested rules, once uncommented, run the program again, and refuse what it did
 * not open. */
START_TEST(learn_suggests_rules_that_run_the_program)
{
	if (!landlock_here())
		return;
	const char *dir = writable_dir();
	char script[4096], policy[600];
	snprintf(policy, sizeof(policy), "%s/learned.policy", dir);
	snprintf(script, sizeof(script), "cd %s && %s learn -o learned.policy -- %s read:/etc/hostname "
		 "create:%s/made && sed -i 's/^# @fs-/@fs-/' learned.policy && rm made",
		 dir, build_path("sandbox-policy"), build_path("tests/prog/reach"), dir);
	struct run_opts o = { .unprivileged = running_as_root() };
	run_process((const char *[]){ "/bin/sh", "-c", script, NULL }, &o, &res);
	ck_assert_exit(&res, 0);
	char expected[700];
	snprintf(expected, sizeof(expected), "@fs-read /etc/hostname\n@fs-read /etc/ld.so.cache\n"
		 "@fs-read /usr\n@fs-write %s\n", dir);
	run_result_free(&res);
	run_process((const char *[]){ "/bin/cat", policy, NULL }, &o, &res);
	ck_assert_msg(strstr(res.out, expected), "%s", res.out);
	run_result_free(&res);
	/* Under the library, as learned (sandboxify would also need the loader's calls). */
	reach(0, false, VARS(setting("SECCOMP_POLICY_FILE", policy), "SECCOMP_QUIET=1"),
	      ACTS("read:/etc/hostname", in(dir, "create:", "again"), "read:/etc/passwd"));
	ck_assert_exit(&res, 0);
	ck_assert_str_eq(res.out, "read=0\ncreate=0\nread=-1 EACCES\n");
}
END_TEST

/* Isolation off next to rules, and compiled filters, in the tool. */
START_TEST(tools_refuse_or_warn)
{
	/* Off next to rules: check refuses what the library would. */
	const char *off = write_temp_file(make_temp_dir(), "off.policy", "@isolate off\n@fs-read /usr\nread: 1\n");
	const char *argv[] = { build_path("sandbox-policy"), "check", off, NULL };
	run_process(argv, NULL, &res);
	ck_assert_exit(&res, 1);
	ck_assert_msg(strstr(res.err, "@isolate off turns isolation off"), "%s", res.err);
	/* A compiled filter cannot carry them: compile says so. */
	run_result_free(&res);
	const char *rules = write_temp_file(make_temp_dir(), "rules.policy", "@fs-read /usr\nread: 1\n");
	const char *compile[] = { build_path("sandbox-policy"), "compile", "-o", "/dev/null", rules, NULL };
	run_process(compile, NULL, &res);
	ck_assert_exit(&res, 0);
	ck_assert_msg(strstr(res.err, "are not part of a compiled filter"), "%s", res.err);
}
END_TEST

Suite *isolate_suite(void)
{
	Suite *s = suite_create("isolate");
	TCase *tc = tcase_create("reach");
	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_loop_test(tc, parent_memory_is_out_of_reach, 0, 2);
	tcase_add_loop_test(tc, parent_cannot_be_signalled, 0, 2);
	tcase_add_loop_test(tc, isolate_0_leaves_the_parent_reachable, 0, 2);
	tcase_add_loop_test(tc, listed_paths_work_and_others_are_refused, 0, 2);
	tcase_add_test(tc, io_uring_cannot_create_outside_the_write_rules);
	tcase_add_test(tc, children_still_load_the_library);
	tcase_add_loop_test(tc, connect_only_to_listed_ports, 0, 2);
	tcase_add_loop_test(tc, bad_settings_stop_the_program, 0, 2);
	tcase_add_loop_test(tc, policy_file_rules_apply, 0, 2);
	tcase_add_test(tc, sandboxify_confines_a_static_program);
	tcase_add_test(tc, sandboxify_long_rule_lists);
	tcase_add_test(tc, older_abis_degrade_to_what_they_can_enforce);
	tcase_add_test(tc, tools_refuse_or_warn);
	tcase_add_test(tc, threads_before_main_are_refused);
	tcase_add_test(tc, learn_suggests_rules_that_run_the_program);
	suite_add_tcase(s, tc);
	return s;
}
