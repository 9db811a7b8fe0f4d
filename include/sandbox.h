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
 * and, for the Landlock domain entered before the filter (isolation from other processes):
 *   SANDBOX_ISOLATE         unset: on where Landlock exists; 0: off; 1: on, or fail
 *   SANDBOX_FS_READ         colon-separated paths readable and executable (beneath them)
 *   SANDBOX_FS_WRITE        colon-separated paths readable and writable (beneath them)
 *   SANDBOX_NET_CONNECT     colon-separated TCP ports the program may connect to
 *   SANDBOX_NET_BIND        colon-separated TCP ports the program may bind
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
#define SANDBOX_VERSION_MINOR 2
#define SANDBOX_VERSION_PATCH 0
#define SANDBOX_VERSION "0.2.0"
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
 * thread of the calling process (no_new_privs is set; TSYNC is required). First, unless
 * SANDBOX_ISOLATE=0, the process enters the Landlock domain the SANDBOX_* variables (and
 * the policy file's @isolate, @fs-*, @net-* directives) describe; a domain binds only the
 * calling thread, so with other threads running this fails with SANDBOX_ELOAD.
 * SANDBOX_FS_* / SANDBOX_NET_* alone enter the domain without a filter.
 * Returns SANDBOX_NOTHING when none of the variables is set.
 */
int sandbox_apply_env(struct sandbox_error *err);

/*
 * Install a filter from an explicit list: `list` is colon-separated syscall names or numbers
 * (empty entries are skipped), `action` uses the SECCOMP_DEFAULT_ACTION syntax (NULL: kill).
 */
int sandbox_apply_list(enum sandbox_list_mode mode, const char *list, const char *action,
		       struct sandbox_error *err);

/*
 * Enter a Landlock domain (symbol version LIBSANDBOX_0.2): the calling process can no longer trace, open the
 * memory of, signal (kernel ABI 6+) or reach by abstract unix socket (6+) any process
 * outside it, nor can its children. Each list uses the variables' syntax (colon-separated)
 * and NULL leaves that right unrestricted; an empty string refuses it everywhere:
 *   fs_read      paths beneath which files may be read and executed
 *   fs_write     paths beneath which files may be read, written, created, removed, truncated
 *   (when either is non-NULL, every other path is refused with EACCES)
 *   net_connect  TCP ports connect() may reach (kernel ABI 4+)
 *   net_bind     TCP ports bind() may take (kernel ABI 4+)
 * Sets no_new_privs. Must be called while the process has one thread (SANDBOX_ELOAD
 * otherwise). A path that cannot be opened is SANDBOX_ECONFIG; a kernel without Landlock,
 * or port rules below ABI 4, SANDBOX_ELOAD: nothing is entered then. Domains stack: a
 * second call restricts further. Call it before sandbox_apply_list, which does not isolate.
 */
int sandbox_isolate(const char *fs_read, const char *fs_write, const char *net_connect,
		    const char *net_bind, struct sandbox_error *err);

/* Remove every SECCOMP_* and SANDBOX_* configuration variable from the environment; the
 * report's SECCOMP_REPORT_INHERITED stays while the report is installed, so the programs
 * this one starts name the call that kills them too. */
void sandbox_scrub_env(void);

/* The library's version string, SANDBOX_VERSION of the build. */
const char *sandbox_version(void);

#ifdef __cplusplus
}
#endif

#endif
