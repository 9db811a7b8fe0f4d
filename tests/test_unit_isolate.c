/* The isolation model without processes: plans per ABI, policy-file directives, the
 * variables, and learn's path collapsing (run under the sanitizers by make check-asan). */
#include "support.h"
#include "config.h"
#include "landlock.h"
#include "learn_paths.h"
#include "policy_file.h"
#include "util.h"

#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <sched.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

/* The ruleset each ABI is asked for: the rights and scopes it knows, nothing newer. */
START_TEST(plans_follow_the_abi)
{
	static const struct { int abi; bool fs, net; int rc; uint64_t fs_rights, net_rights, scoped;
			      size_t size; } cases[] = {
		{ 0, false, false, 0, 0, 0, 0, 0 },
		{ 1, false, false, 0, SB_LL_FS_MAKE_BLOCK, 0, 0, 8 },
		{ 5, false, false, 0, SB_LL_FS_MAKE_BLOCK, 0, 0, 16 },
		{ 6, false, false, 0, 0, 0, 3, 24 },
		{ 9, false, false, 0, 0, 0, 3, 24 },     /* newer than known: used as 7 */
		{ 1, true, false, 0, 0x1fff, 0, 0, 8 },
		{ 2, true, false, 0, 0x3fff, 0, 0, 8 },
		{ 3, true, false, 0, 0x7fff, 0, 0, 8 },
		{ 5, true, false, 0, 0xffff, 0, 0, 16 },
		{ 7, true, true, 0, 0xffff, SB_LL_NET_CONNECT_TCP, 3, 24 },
		{ 3, false, true, SANDBOX_ELOAD, 0, 0, 0, 0 },
		{ 0, true, false, SANDBOX_ELOAD, 0, 0, 0, 0 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sb_isolation iso = { .fs_restricted = cases[i].fs,
					    .connect_restricted = cases[i].net };
		struct sb_landlock_plan plan;
		struct sandbox_error err = { 0 };
		int rc = sb_landlock_plan(&iso, cases[i].abi, &plan, &err);
		ck_assert_msg(rc == cases[i].rc, "case %zu: %d %s", i, rc, err.message);
		if (rc)
			continue;
		ck_assert_msg(plan.enter == (cases[i].abi > 0), "case %zu", i);
		ck_assert_msg(plan.attr.handled_access_fs == cases[i].fs_rights, "case %zu: %#llx", i,
			      (unsigned long long)plan.attr.handled_access_fs);
		ck_assert_msg(plan.attr.handled_access_net == cases[i].net_rights, "case %zu", i);
		ck_assert_msg(plan.attr.scoped == cases[i].scoped, "case %zu", i);
		ck_assert_msg(plan.attr_size == cases[i].size, "case %zu", i);
		ck_assert_msg(!!plan.warning[0] == (cases[i].abi == 0), "case %zu", i);
	}
	/* Asked for explicitly, isolation without Landlock stops the program. */
	struct sb_isolation on = { .isolate = SB_ISOLATE_ON, .isolate_where = "SANDBOX_ISOLATE" };
	struct sb_landlock_plan plan;
	ck_assert_int_eq(sb_landlock_plan(&on, 0, &plan, NULL), SANDBOX_ELOAD);
}
END_TEST

/* The policy-file directives: what they give, and every mistake named with its line. */
START_TEST(directives_parse_as_data)
{
	static const struct { const char *text, *error; } cases[] = {
		{ "@fs-read usr\n", "t.policy:1:1: @fs-read 'usr' (accepted: an absolute path)" },
		{ "read: 1\n@isolate\n", "t.policy:2:1: @isolate needs on or off" },
		{ "@isolate maybe\n", "t.policy:1:1: @isolate: 'maybe' (accepted: 0 or off, 1 or on)" },
		{ "@net-connect 0\n", "t.policy:1:1: @net-connect: '0' is not a TCP port" },
		{ "@net-bind 65536\n", "t.policy:1:1: @net-bind: '65536' is not a TCP port" },
		{ "@fs-exec /usr\n", "t.policy:1:1: unknown directive '@fs-exec' (accepted: @include" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sb_policy p;
		struct sandbox_error err = { 0 };
		ck_assert_int_eq(sb_policy_parse_text("t.policy", cases[i].text, strlen(cases[i].text),
						      NULL, &p, &err), SANDBOX_ECONFIG);
		ck_assert_msg(!strncmp(err.message, cases[i].error, strlen(cases[i].error)),
			      "case %zu: %s", i, err.message);
	}
	static const char good[] = "@fs-read /usr # the libraries\n@fs-write /tmp\n"
				   "@net-connect 443\n@net-bind 8080\n@isolate on\nread: 1\n";
	struct sb_policy p;
	struct sandbox_error err = { 0 };
	ck_assert_int_eq(sb_policy_parse_text("t.policy", good, sizeof(good) - 1, NULL, &p, &err), 0);
	ck_assert_int_eq(p.iso.isolate, SB_ISOLATE_ON);
	ck_assert_uint_eq(p.iso.n_fs, 2);
	ck_assert_str_eq(p.iso.fs[0].path, "/usr");
	ck_assert_str_eq(p.iso.fs[0].where, "t.policy:1");
	ck_assert_int_eq(p.iso.fs[1].kind, SB_FS_WRITE);
	ck_assert(p.iso.connect_restricted && p.iso.n_connect == 1 && p.iso.connect[0] == 443);
	ck_assert(p.iso.bind_restricted && p.iso.n_bind == 1 && p.iso.bind[0] == 8080);
	sb_policy_free(&p);
}
END_TEST

/* The variables, as the library reads them. */
START_TEST(variables_as_data)
{
	static const struct { struct sb_env env; const char *error; } cases[] = {
		{ { .fs_read = "/usr::/etc" }, NULL },
		{ { .net_connect = "80:0x1bb" }, NULL },
		{ { .net_bind = "http" }, "SANDBOX_NET_BIND: 'http' is not a TCP port" },
		{ { .net_connect = "-1" }, "SANDBOX_NET_CONNECT: '-1' is not a TCP port" },
		{ { .isolate = "2" }, "SANDBOX_ISOLATE: '2' (accepted: 0 or off, 1 or on)" },
		{ { .isolate = "off", .fs_write = "" }, NULL },   /* refused by sb_isolation_check */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sb_isolation iso;
		struct sandbox_error err = { 0 };
		int rc = sb_isolation_from_env(&cases[i].env, &iso, &err);
		if (cases[i].error) {
			ck_assert_int_eq(rc, SANDBOX_ECONFIG);
			ck_assert_msg(!strncmp(err.message, cases[i].error, strlen(cases[i].error)),
				      "case %zu: %s", i, err.message);
			continue;
		}
		ck_assert_int_eq(rc, 0);
		sb_isolation_free(&iso);
	}
	struct sb_isolation iso;
	ck_assert_int_eq(sb_isolation_from_env(&cases[0].env, &iso, NULL), 0);
	ck_assert_uint_eq(iso.n_fs, 2);
	ck_assert_str_eq(iso.fs[1].path, "/etc");
	sb_isolation_free(&iso);
	ck_assert_int_eq(sb_isolation_from_env(&cases[1].env, &iso, NULL), 0);
	ck_assert(iso.n_connect == 2 && iso.connect[1] == 443 && !iso.bind_restricted);
	sb_isolation_free(&iso);
	ck_assert_int_eq(sb_isolation_from_env(&cases[5].env, &iso, NULL), 0);
	ck_assert(iso.fs_restricted && iso.n_fs == 0);
	ck_assert_int_eq(sb_isolation_check(&iso, NULL), SANDBOX_ECONFIG);
	sb_isolation_free(&iso);
}
END_TEST

/* learn's suggestions: paths seen -> the commented rules written. */
START_TEST(learned_paths_collapse)
{
	const char *dir = make_temp_dir();
	char cwd[512], cwd_file[700];
	snprintf(cwd, sizeof(cwd), "%s", dir);
	write_temp_file(dir, "input", "x");
	snprintf(cwd_file, sizeof(cwd_file), "%s/sub/../input", cwd);
	struct sb_learned_path seen[] = {
		{ "/usr/lib/x86_64-linux-gnu/libc.so.6", SB_PATH_READ },
		{ "/proc/self/status", SB_PATH_READ },
		{ "/dev/null", SB_PATH_WRITE },
		{ "/var/tmp/some-temp-name", SB_PATH_WRITE },
		{ "/etc/hostname", SB_PATH_READ },
		{ "/nonexistent/probe", SB_PATH_READ },
		{ "/usr/bin/env", SB_PATH_EXEC },
		{ cwd_file, SB_PATH_READ },
		{ "/libsandbox.so", SB_PATH_READ },
	};
	struct sb_learn_paths lp = { .items = seen, .n = sizeof(seen) / sizeof(seen[0]) };
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	sb_learn_paths_write(out, &lp, cwd, "/libsandbox.so");
	fclose(out);
	char expected[2048];
	snprintf(expected, sizeof(expected),
		 "# @fs-read /etc/hostname\n# @fs-read /etc/ld.so.cache\n# @fs-read /proc\n"
		 "# @fs-read %s\n# @fs-read /usr\n# @fs-write /dev/null\n# @fs-write /var/tmp\n", cwd);
	ck_assert_msg(strstr(text, expected), "%s", text);
	free(text);
}
END_TEST

/* The thread count a domain depends on (landlock.c asks unshare(CLONE_THREAD), then
 * /proc/self/task's link count): one thread here, three with two started. */
static void *wait_for(void *arg)
{
	pthread_barrier_wait(arg);
	return NULL;
}

START_TEST(thread_count_follows_the_process)
{
	ck_assert_int_eq(sb_thread_count(), 1);
	pthread_barrier_t gate;
	pthread_t t[2];
	pthread_barrier_init(&gate, NULL, 3);
	for (int i = 0; i < 2; i++)
		ck_assert_int_eq(pthread_create(&t[i], NULL, wait_for, &gate), 0);
	ck_assert_int_eq(sb_thread_count(), 3);
	pthread_barrier_wait(&gate);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
}
END_TEST

/* A thread started without the C library's knowledge (raw clone, as a runtime of another
 * language might): counted all the same, since the kernel answers, not glibc's bookkeeping. */
static int wait_on_pipe(void *arg)
{
	char byte;
	while (read(*(int *)arg, &byte, 1) < 0)
		;
	syscall(SYS_exit, 0);             /* this thread only */
	return 0;
}

static void count_with_a_raw_thread(long expected_before)
{
	ck_assert_int_eq(sb_thread_count(), expected_before);
	int gate[2];
	ck_assert_int_eq(pipe(gate), 0);
	size_t size = 256 * 1024;
	char *stack = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ck_assert_ptr_ne(stack, MAP_FAILED);
	ck_assert_int_gt(clone(wait_on_pipe, stack + size, CLONE_VM | CLONE_FS | CLONE_FILES |
			       CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM, &gate[0]), 0);
	ck_assert_int_eq(sb_thread_count(), 2);
	ck_assert_int_eq(write(gate[1], "x", 1), 1);
}

START_TEST(thread_count_sees_threads_glibc_does_not)
{
	count_with_a_raw_thread(1);
}
END_TEST

/* Under an enclosing filter that refuses unshare with an errno (as Docker's default
 * profile does without CAP_SYS_ADMIN), /proc still counts: one thread, then two. */
START_TEST(thread_count_without_unshare)
{
	struct sock_filter refuse_unshare[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_unshare, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { .len = 4, .filter = refuse_unshare };
	ck_assert_int_eq(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), 0);
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) != 0)
		SKIP_TEST("no filter can be loaded here (%s; valgrind has no seccomp)",
			  strerror(errno));
	ck_assert_int_eq(syscall(SYS_unshare, CLONE_THREAD), -1);
	ck_assert_int_eq(errno, EPERM);
	count_with_a_raw_thread(1);
}
END_TEST

/* The status fields the library and sandboxify read (util.c), from a text and for real. */
START_TEST(status_fields_parse)
{
	const char text[] = "Name:\tx\nPid:\t42\nPPid:\t1\nTracerPid:\t0\nThreads:\t3\n"
			    "SigCgt:\t0000000040000a00\n";
	ck_assert_int_eq(sb_status_number(text, "Pid", 10), 42);
	ck_assert_int_eq(sb_status_number(text, "TracerPid", 10), 0);
	ck_assert_int_eq(sb_status_number(text, "Threads", 10), 3);
	ck_assert_int_eq(sb_status_number(text, "SigCgt", 16), 0x40000a00);
	ck_assert_int_eq(sb_status_number(text, "Tgid", 10), -1);
	ck_assert_int_eq(sb_status_number(text, "Sig", 16), -1);
	char self[4096], by_pid[4096];
	ck_assert(sb_read_proc_status(0, self, sizeof(self)));
	ck_assert(sb_read_proc_status(getpid(), by_pid, sizeof(by_pid)));
	ck_assert_int_eq(sb_status_number(self, "Tgid", 10), getpid());
	ck_assert_int_eq(sb_status_number(by_pid, "Tgid", 10), getpid());
	ck_assert(!sb_read_proc_status(0x7ffffffe, by_pid, sizeof(by_pid)));
}
END_TEST

Suite *unit_isolate_suite(void)
{
	Suite *s = suite_create("unit_isolate");
	TCase *tc = tcase_create("model");
	tcase_add_test(tc, plans_follow_the_abi);
	tcase_add_test(tc, thread_count_follows_the_process);
	tcase_add_test(tc, thread_count_sees_threads_glibc_does_not);
	tcase_add_test(tc, thread_count_without_unshare);
	tcase_add_test(tc, status_fields_parse);
	tcase_add_test(tc, directives_parse_as_data);
	tcase_add_test(tc, variables_as_data);
	tcase_add_test(tc, learned_paths_collapse);
	suite_add_tcase(s, tc);
	return s;
}
