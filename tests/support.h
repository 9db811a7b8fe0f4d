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
	bool unprivileged;       /* run as uid/gid 65534 with no capabilities (needs root) */
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

/* Absolute path of a file in the source tree ("libsandbox.so", "tests/prog/syscaller"). */
const char *tree_path(const char *relative);
/* "LD_PRELOAD=/abs/libsandbox.so" */
const char *preload_env(void);

/* A fresh temporary directory (removed at exit of the test process). */
const char *make_temp_dir(void);
/* Write text to dir/name, return the full path (static storage per call slot). */
char *write_temp_file(const char *dir, const char *name, const char *text);

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
