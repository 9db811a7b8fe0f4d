/* Shared test helpers: run real processes, read their status and output. */
#ifndef SB_TEST_SUPPORT_H
#define SB_TEST_SUPPORT_H

#include <check.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <sys/wait.h>

struct run_result {
	int status;        /* raw wait status */
	char *out;         /* captured stdout, NUL-terminated */
	char *err;         /* captured stderr, NUL-terminated */
};

struct run_opts {
	const char *const *env;  /* extra "NAME=value" entries on top of PATH/HOME/LANG=C */
	bool unprivileged;       /* as root: drop to uid/gid 65534, no capabilities; as an
				    ordinary user: run as that user */
	const char *stdin_text;  /* written to the child's stdin (NULL: /dev/null) */
	bool keep_env;           /* start from the test runner's environment, not a clean one */
};

/* Run argv (argv[0] is a path or a PATH name) and wait. Aborts the test on harness errors. */
void run_process(const char *const *argv, const struct run_opts *opts, struct run_result *res);
void run_result_free(struct run_result *res);

/* Convenience: exited normally with this code / was killed by this signal. */
bool exited_with(const struct run_result *res, int code);
bool killed_by(const struct run_result *res, int sig);
/* "exit 3" / "signal 31" / ... for failure messages. */
const char *describe_status(int status);

/* Absolute path of a file in the source tree ("tests/fixtures/audit.log", "README.md"). */
const char *tree_path(const char *relative);
/* Absolute path of a build output ("libsandbox.so", "tests/prog/syscaller"): under
 * $LIBSANDBOX_TEST_BUILD, which `make check` sets, else build/ in the working directory. */
const char *build_path(const char *relative);
/* The optional test data beside the tree (crosvm's policies, OCI profiles), from
 * $LIBSANDBOX_TEST_CORPUS (`make check` passes CORPUS_DIR): "DIR/relative", or NULL when that
 * file or folder is absent. */
const char *corpus_path(const char *relative);

/* A check that cannot run here says so on standard error ("skipped: TEST: WHY") and returns;
 * it never passes silently. */
void test_skipped(const char *test, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#define SKIP_TEST(...) do { test_skipped(__func__, __VA_ARGS__); return; } while (0)
/* Root-only checks (they drop to uid 65534 to prove the unprivileged paths). */
#define SKIP_UNLESS_ROOT() \
	do { if (!running_as_root()) SKIP_TEST("needs root to drop to uid 65534"); } while (0)
/* The corpus file or folder `relative`, or skip the check when it is absent. */
#define CORPUS_OR_SKIP(var, relative) \
	do { if (!((var) = corpus_path(relative))) \
		SKIP_TEST("test data %s absent (set CORPUS_DIR)", relative); } while (0)

/* "LD_PRELOAD=/abs/libsandbox.so" */
const char *preload_env(void);

/* A fresh temporary directory, mode 0755, inside the run's own directory
 * ($LIBSANDBOX_TEST_TMP, made and removed by the runner), else in /tmp. */
const char *make_temp_dir(void);
/* Write text to dir/name, return the full path (static storage per call slot). */
char *write_temp_file(const char *dir, const char *name, const char *text);
/* A policy file dir/name holding base then rules: "SECCOMP_POLICY_FILE=PATH" (four
 * rotating slots). */
const char *policy_file_env(const char *dir, const char *name, const char *base, const char *rules);

/* An x86_64 executable of one page, read and execute, whose entry point is its last 9
 * bytes: exit_group(0). Nothing fits beside its instruction pointer. Written at `where`,
 * or in a fresh temporary directory when NULL; returns its path. */
const char *write_entry_at_the_end(const char *where);

/* In a child: become uid/gid 65534 with no supplementary groups (exits 120 on failure). */
void drop_privileges(void);

/* True when running as root (privilege-dropping tests need it). */
bool running_as_root(void);

#define ck_assert_exit(res, code) \
	ck_assert_msg(exited_with(res, code), "expected exit %d, got %s; stderr: %s", code, \
		      describe_status((res)->status), (res)->err)
#define ck_assert_signal(res, sig) \
	ck_assert_msg(killed_by(res, sig), "expected signal %d, got %s; stderr: %s", sig, \
		      describe_status((res)->status), (res)->err)

#endif
