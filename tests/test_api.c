/* The public C API from include/sandbox.h, and what the build installs and exports.
 * Each Check test runs in its own child process, so filters stay there. */
#include "support.h"
#include "sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static int seccomp_mode(void)
{
	char line[256];
	int mode = -1;
	FILE *f = fopen("/proc/self/status", "r");
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "Seccomp: %d", &mode) == 1)
			break;
	if (f)
		fclose(f);
	return mode;
}

START_TEST(apply_list_from_code)
{
	struct sandbox_error err = { 0 };
	ck_assert_int_eq(sandbox_apply_list(SANDBOX_DENY_LIST, "getppid:mount", "errno:EACCES", &err),
			 SANDBOX_OK);
	errno = 0;
	ck_assert_int_eq(syscall(SYS_getppid), -1);
	ck_assert_int_eq(errno, EACCES);
	ck_assert_int_gt(syscall(SYS_getpid), 0);
	ck_assert_int_eq(seccomp_mode(), 2);
}
END_TEST

START_TEST(errors_are_returned_not_fatal)
{
	struct sandbox_error err = { 0 };
	ck_assert_int_eq(sandbox_apply_list(SANDBOX_ALLOW_LIST, "read:wrte", NULL, &err), SANDBOX_ECONFIG);
	ck_assert_int_eq(err.code, SANDBOX_ECONFIG);
	ck_assert_ptr_nonnull(strstr(err.message, "unknown syscall 'wrte'"));
	ck_assert_int_eq(sandbox_apply_list(SANDBOX_DENY_LIST, "read", "boom", &err), SANDBOX_ECONFIG);
	ck_assert_ptr_nonnull(strstr(err.message, "unknown action 'boom'"));
	ck_assert_int_eq(sandbox_apply_list((enum sandbox_list_mode)7, "read", NULL, &err), SANDBOX_ECONFIG);
	ck_assert_int_eq(sandbox_apply_list(SANDBOX_DENY_LIST, NULL, NULL, NULL), SANDBOX_ECONFIG);
	/* Nothing was installed by the failed calls. */
	ck_assert_int_eq(seccomp_mode(), 0);
}
END_TEST

/* sandbox_isolate: a bad path enters nothing; then a domain with no writable path. */
START_TEST(isolate_from_code)
{
	struct sandbox_error err = { 0 };
	if (syscall(444 /* landlock_create_ruleset */, NULL, 0, 1) <= 0) {
		printf("api: skipped: this kernel offers no Landlock\n");
		return;
	}
	ck_assert_int_eq(sandbox_isolate("/nonexistent", NULL, NULL, NULL, &err), SANDBOX_ECONFIG);
	ck_assert_str_eq(err.message, "SANDBOX_FS_READ: '/nonexistent': No such file or directory "
			 "(accepted: paths that exist and can be opened)");
	int fd = open("/etc/passwd", O_RDONLY);
	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert_int_eq(sandbox_isolate("/etc", "", NULL, NULL, &err), SANDBOX_OK);
	ck_assert_int_ge(fd = open("/etc/passwd", O_RDONLY), 0);
	close(fd);
	errno = 0;
	ck_assert_int_eq(open("/etc/passwd", O_WRONLY), -1);
	ck_assert_int_eq(errno, EACCES);
	char mem[64];
	snprintf(mem, sizeof(mem), "/proc/%d/mem", (int)getppid());
	ck_assert_int_eq(open(mem, O_RDONLY), -1);
	ck_assert_int_eq(errno, EACCES);
}
END_TEST

START_TEST(apply_env_and_scrub)
{
	struct sandbox_error err = { 0 };
	unsetenv("SECCOMP_SYSCALL_ALLOW");
	unsetenv("SECCOMP_SYSCALL_DENY");
	ck_assert_int_eq(sandbox_apply_env(&err), SANDBOX_NOTHING);
	ck_assert_int_eq(seccomp_mode(), 0);
	setenv("SECCOMP_SYSCALL_DENY", "getppid", 1);
	setenv("SECCOMP_DEFAULT_ACTION", "errno:ENOSYS", 1);
	setenv("SECCOMP_QUIET", "1", 1);
	ck_assert_int_eq(sandbox_apply_env(&err), SANDBOX_OK);
	ck_assert_int_eq(syscall(SYS_getppid), -1);
	ck_assert_int_eq(errno, ENOSYS);
	sandbox_scrub_env();
	ck_assert_ptr_null(getenv("SECCOMP_SYSCALL_DENY"));
	ck_assert_ptr_null(getenv("SECCOMP_DEFAULT_ACTION"));
	ck_assert_ptr_null(getenv("SECCOMP_QUIET"));
	ck_assert_str_eq(sandbox_version(), SANDBOX_VERSION);
}
END_TEST

static char *capture(const char *cmd)
{
	static char buf[65536];
	FILE *p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	size_t n = fread(buf, 1, sizeof(buf) - 1, p);
	buf[n] = '\0';
	pclose(p);
	return buf;
}

#define SANDBOX_STR_(x) #x
#define SANDBOX_STR(x) SANDBOX_STR_(x)

START_TEST(library_exports_only_the_api)
{
	char cmd[4200];
	snprintf(cmd, sizeof(cmd), "nm -D --defined-only %s | awk '$2 == \"T\" {print $3}' | sort",
		 build_path("libsandbox.so"));
	/* The API, and the four C-library calls wrapped to keep SIGSYS deliverable, under
	 * glibc's own version names (preload_signals.c): nothing else. */
	ck_assert_str_eq(capture(cmd), "posix_spawnattr_setsigmask@@GLIBC_2.2.5\n"
			 "pthread_sigmask@@GLIBC_2.32\n"
			 "sandbox_apply_env@@LIBSANDBOX_0.1\nsandbox_apply_list@@LIBSANDBOX_0.1\n"
			 "sandbox_isolate@@LIBSANDBOX_0.2\nsandbox_scrub_env@@LIBSANDBOX_0.1\n"
			 "sandbox_version@@LIBSANDBOX_0.1\nsigaction@@GLIBC_2.2.5\n"
			 "sigprocmask@@GLIBC_2.2.5\n");
	/* a distribution's package: the SONAME carries the major version */
	snprintf(cmd, sizeof(cmd), "readelf -d %s | sed -n 's/.*Library soname: \\[\\(.*\\)\\]/\\1/p'",
		 build_path("libsandbox.so"));
	ck_assert_str_eq(capture(cmd), "libsandbox.so." SANDBOX_STR(SANDBOX_VERSION_MAJOR) "\n");
	snprintf(cmd, sizeof(cmd), "readelf -d %s | grep -c 'NEEDED.*libseccomp'", build_path("libsandbox.so"));
	ck_assert_str_eq(capture(cmd), "0\n");
}
END_TEST

START_TEST(install_and_uninstall_honour_the_variables)
{
	const char *dir = make_temp_dir();
	char cmd[4200];
	static const char *const files[] = {
		"opt/sb/bin/sandboxify", "opt/sb/bin/sandbox-policy", "opt/sb/lib64/libsandbox.so",
		"opt/sb/include/sandbox.h", "opt/sb/lib64/pkgconfig/libsandbox.pc",
		"opt/sb/share/man/man7/libsandbox.7",
	};
	snprintf(cmd, sizeof(cmd), "make -s -C %s install DESTDIR=%s PREFIX=/opt/sb LIBDIR=/opt/sb/lib64 >/dev/null",
		 tree_path(""), dir);
	ck_assert_int_eq(system(cmd), 0);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(cmd, sizeof(cmd), "%s/%s", dir, files[i]);
		ck_assert_msg(access(cmd, F_OK) == 0, "not installed: %s", files[i]);
	}
	snprintf(cmd, sizeof(cmd), "grep -q '^libdir=/opt/sb/lib64$' %s/opt/sb/lib64/pkgconfig/libsandbox.pc", dir);
	ck_assert_int_eq(system(cmd), 0);
	snprintf(cmd, sizeof(cmd), "make -s -C %s uninstall DESTDIR=%s PREFIX=/opt/sb LIBDIR=/opt/sb/lib64 >/dev/null",
		 tree_path(""), dir);
	ck_assert_int_eq(system(cmd), 0);
	snprintf(cmd, sizeof(cmd), "find %s -type f | wc -l", dir);
	ck_assert_str_eq(capture(cmd), "0\n");
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

/* Every program and every subcommand answers --help and -h with its usage on standard
 * output and status 0, and nothing on standard error. */
START_TEST(every_command_answers_help)
{
	static const char *const commands[][2] = {
		{ "sandboxify", NULL }, { "sandbox-policy", NULL }, { "sandbox-policy", "check" },
		{ "sandbox-policy", "compile" }, { "sandbox-policy", "resolve" },
		{ "sandbox-policy", "groups" }, { "sandbox-policy", "explain" },
		{ "sandbox-policy", "generate" }, { "sandbox-policy", "learn" },
	};
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		for (int flag = 0; flag < 2; flag++) {
			const char *argv[4] = { build_path(commands[i][0]) };
			size_t n = 1;
			if (commands[i][1])
				argv[n++] = commands[i][1];
			argv[n++] = flag ? "-h" : "--help";
			struct run_result r;
			run_process(argv, NULL, &r);
			const char *name = commands[i][1] ? commands[i][1] : commands[i][0];
			ck_assert_msg(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0, "%s %s: %s",
				      name, argv[n - 1], describe_status(r.status));
			ck_assert_msg(!strncmp(r.out, "usage: ", 7) && strstr(r.out, name),
				      "%s %s printed '%.80s'", name, argv[n - 1], r.out);
			ck_assert_msg(r.err[0] == '\0', "%s %s: %s", name, argv[n - 1], r.err);
			run_result_free(&r);
		}
	}
}
END_TEST

/* The man pages' headers agree: title, section, date, "libsandbox VERSION", manual name. */
START_TEST(man_page_headers_name_this_version)
{
	static const char *const pages[][2] = {
		{ "man/libsandbox.7", "LIBSANDBOX 7" }, { "man/sandboxify.1", "SANDBOXIFY 1" },
		{ "man/sandbox-policy.1", "SANDBOX-POLICY 1" }, { "man/sandbox-policy.5", "SANDBOX-POLICY 5" },
	};
	for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
		char cmd[4200], want[128];
		snprintf(cmd, sizeof(cmd), "head -n 1 %s", tree_path(pages[i][0]));
		snprintf(want, sizeof(want), ".TH %s \"", pages[i][1]);
		char *line = capture(cmd);
		ck_assert_msg(!strncmp(line, want, strlen(want)), "%s: %s", pages[i][0], line);
		ck_assert_msg(strstr(line, "\" \"libsandbox " SANDBOX_VERSION "\" \""), "%s: %s",
			      pages[i][0], line);
	}
}
END_TEST

Suite *api_suite(void)
{
	Suite *s = suite_create("api");
	TCase *tc = tcase_create("api");
	tcase_add_test(tc, apply_list_from_code);
	tcase_add_test(tc, errors_are_returned_not_fatal);
	tcase_add_test(tc, apply_env_and_scrub);
	tcase_add_test(tc, isolate_from_code);
	tcase_add_test(tc, library_exports_only_the_api);
	tcase_add_test(tc, every_command_answers_help);
	tcase_add_test(tc, man_page_headers_name_this_version);
	tcase_add_test(tc, install_and_uninstall_honour_the_variables);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}
