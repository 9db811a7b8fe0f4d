/*
 * libsandbox — put any Linux program under a seccomp filter.
 *
 * The library reads its configuration from the environment (see libsandbox(7)):
 *   SECCOMP_SYSCALL_ALLOW   colon-separated allow list, everything else gets the action
 *   SECCOMP_SYSCALL_DENY    colon-separated deny list, listed calls get the action
 *   SECCOMP_POLICY_FILE     a minijail-syntax policy file
 *   SECCOMP_BPF_FILE        a precompiled filter (sandbox-policy compile)
 *   SECCOMP_DEFAULT_ACTION  kill | kill_process | kill_thread | trap | log | errno[:NAME|NUMBER]
 *   SECCOMP_QUIET           1: no "adding ... to the process seccomp filter" lines
 *
 * Every call returns SANDBOX_OK (0) on success or a negative SANDBOX_E* code, and on
 * failure fills *err (when err is not NULL) with one line that names the input at fault.
 * No call exits the process; the LD_PRELOAD constructor and sandboxify decide that.
 */
#ifndef SANDBOX_H
#define SANDBOX_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The version of this header; sandbox_version() gives the library's at run time. The
 * library's SONAME is libsandbox.so.SANDBOX_VERSION_MAJOR. */
#define SANDBOX_VERSION_MAJOR 0
#define SANDBOX_VERSION_MINOR 1
#define SANDBOX_VERSION_PATCH 0
#define SANDBOX_VERSION "0.1.0"
/* For #if checks: SANDBOX_VERSION_NUMBER >= SANDBOX_VERSION_AT(0, 1, 0). */
#define SANDBOX_VERSION_AT(major, minor, patch) (((major) << 16) | ((minor) << 8) | (patch))
#define SANDBOX_VERSION_NUMBER \
	SANDBOX_VERSION_AT(SANDBOX_VERSION_MAJOR, SANDBOX_VERSION_MINOR, SANDBOX_VERSION_PATCH)

/* Exit status used by libsandbox.so and sandboxify when the sandbox cannot be set up. */
#define SANDBOX_EXIT_SETUP 125

enum sandbox_status {
	SANDBOX_OK = 0,
	SANDBOX_NOTHING = 1,      /* no SECCOMP_* variable is set: nothing was done */
	SANDBOX_ECONFIG = -1,     /* the configuration is malformed */
	SANDBOX_EIO = -2,         /* a file named by the configuration cannot be read */
	SANDBOX_ELOAD = -3,       /* the kernel refused the filter */
	SANDBOX_ENOMEM = -4,      /* out of memory */
	SANDBOX_EINTERNAL = -5,   /* filter generation failed: a bug, reported as such */
};

struct sandbox_error {
	int code;                 /* one of enum sandbox_status */
	char message[1024];       /* "SECCOMP_SYSCALL_ALLOW: unknown syscall 'wrte' ..." */
};

/* Which list an explicit configuration is. */
enum sandbox_list_mode {
	SANDBOX_ALLOW_LIST = 0,   /* listed calls run, everything else gets the action */
	SANDBOX_DENY_LIST = 1,    /* listed calls get the action, everything else runs */
};

/*
 * Build the filter the SECCOMP_* environment variables describe and install it on every
 * thread of the calling process (no_new_privs is set; TSYNC is required).
 * Returns SANDBOX_NOTHING when none of the variables is set.
 */
int sandbox_apply_env(struct sandbox_error *err);

/*
 * Install a filter from an explicit list: `list` is colon-separated syscall names or numbers
 * (empty entries are skipped), `action` uses the SECCOMP_DEFAULT_ACTION syntax (NULL: kill).
 */
int sandbox_apply_list(enum sandbox_list_mode mode, const char *list, const char *action,
		       struct sandbox_error *err);

/* Remove every SECCOMP_* configuration variable from the environment. */
void sandbox_scrub_env(void);

/* The library's version string, SANDBOX_VERSION of the build. */
const char *sandbox_version(void);

#ifdef __cplusplus
}
#endif

#endif
