/*
 * Isolation beside the seccomp filter: a Landlock domain (unprivileged, Linux 5.13+).
 *
 * A filter sees call numbers and registers, never paths or peers: a program allowed openat
 * and pwrite64 can open /proc/PPID/mem of the shell that started it and rewrite its code.
 * A process inside a Landlock domain cannot ptrace or open the memory of a process outside
 * it; from ABI 6 it cannot signal one or connect to its abstract unix sockets either. The
 * same domain carries the filesystem and TCP port rules of SANDBOX_FS_* / SANDBOX_NET_*
 * and of the @fs-read, @fs-write, @net-connect, @net-bind and @isolate policy directives.
 *
 * The pieces: the model (struct sb_isolation, filled from the environment and from policy
 * files), the plan (the ruleset the running ABI can express), and two ways to enter it:
 * here (the library) or injected into a stopped program (sandboxify, landlock_inject.c).
 */
#ifndef SB_LANDLOCK_H
#define SB_LANDLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sandbox.h"

/* The kernel's UAPI (include/uapi/linux/landlock.h) as of ABI 7. Debian 12's 6.1 headers
 * stop at ABI 2 and lack the net and scope fields, so the structures are declared here
 * under our own names, with the kernel's layout, and the constants are the kernel's. */
struct sb_ll_ruleset_attr {
	uint64_t handled_access_fs;
	uint64_t handled_access_net;     /* ABI 4 */
	uint64_t scoped;                 /* ABI 6 */
};
struct sb_ll_path_beneath {
	uint64_t allowed_access;
	int32_t parent_fd;
} __attribute__((packed));
struct sb_ll_net_port {
	uint64_t allowed_access;
	uint64_t port;
};

#define SB_LL_CREATE_RULESET_VERSION (1U << 0)
#define SB_LL_RULE_PATH_BENEATH 1
#define SB_LL_RULE_NET_PORT 2        /* ABI 4 */

#define SB_LL_FS_EXECUTE (1ULL << 0)
#define SB_LL_FS_WRITE_FILE (1ULL << 1)
#define SB_LL_FS_READ_FILE (1ULL << 2)
#define SB_LL_FS_READ_DIR (1ULL << 3)
#define SB_LL_FS_REMOVE_DIR (1ULL << 4)
#define SB_LL_FS_REMOVE_FILE (1ULL << 5)
#define SB_LL_FS_MAKE_CHAR (1ULL << 6)
#define SB_LL_FS_MAKE_DIR (1ULL << 7)
#define SB_LL_FS_MAKE_REG (1ULL << 8)
#define SB_LL_FS_MAKE_SOCK (1ULL << 9)
#define SB_LL_FS_MAKE_FIFO (1ULL << 10)
#define SB_LL_FS_MAKE_BLOCK (1ULL << 11)
#define SB_LL_FS_MAKE_SYM (1ULL << 12)
#define SB_LL_FS_REFER (1ULL << 13)        /* ABI 2 */
#define SB_LL_FS_TRUNCATE (1ULL << 14)     /* ABI 3 */
#define SB_LL_FS_IOCTL_DEV (1ULL << 15)    /* ABI 5 */
#define SB_LL_NET_BIND_TCP (1ULL << 0)     /* ABI 4 */
#define SB_LL_NET_CONNECT_TCP (1ULL << 1)  /* ABI 4 */
#define SB_LL_SCOPE_ABSTRACT_UNIX_SOCKET (1ULL << 0) /* ABI 6 */
#define SB_LL_SCOPE_SIGNAL (1ULL << 1)               /* ABI 6 */
/* landlock_restrict_self flags (ABI 7): denials are audited in the process that entered
 * the domain by default; this one also audits them in the programs it executes. */
#define SB_LL_RESTRICT_SELF_LOG_NEW_EXEC_ON (1U << 1)

/* The newest ABI this code knows; a newer kernel is used as this one. */
#define SB_LL_ABI_KNOWN 7

/* ---- the model ------------------------------------------------------------------- */

enum sb_isolate {
	SB_ISOLATE_DEFAULT = 0,   /* on, but a kernel without Landlock only earns a warning */
	SB_ISOLATE_OFF,           /* SANDBOX_ISOLATE=0, @isolate off */
	SB_ISOLATE_ON,            /* SANDBOX_ISOLATE=1, @isolate on: no Landlock -> exit 125 */
};

enum sb_fs_kind { SB_FS_READ, SB_FS_WRITE };

struct sb_fs_rule {
	enum sb_fs_kind kind;
	char *path;               /* owned, NUL-terminated */
	char *where;              /* owned: "SANDBOX_FS_READ" or "FILE:LINE", for messages */
};

#define SB_PORTS_MAX 64

struct sb_isolation {
	enum sb_isolate isolate;
	const char *isolate_where;        /* what set it (static or owned by where_text) */
	/* A list was given (even empty): the filesystem / that TCP right is restricted. */
	bool fs_restricted, connect_restricted, bind_restricted;
	struct sb_fs_rule *fs;
	size_t n_fs, cap_fs;
	uint16_t connect[SB_PORTS_MAX], bind[SB_PORTS_MAX];
	size_t n_connect, n_bind;
};

void sb_isolation_free(struct sb_isolation *iso);
/* Add a path rule (copied); `where` names its origin. 0 or SANDBOX_ENOMEM. */
int sb_isolation_add_path(struct sb_isolation *iso, enum sb_fs_kind kind, const char *path,
			  size_t len, const char *where, struct sandbox_error *err);
/* Add a TCP port given as text (1-65535); `what` names the input in messages. */
int sb_isolation_add_port(struct sb_isolation *iso, bool bind, const char *text, size_t len,
			  const char *what, struct sandbox_error *err);
/* Parse "0", "1", "off", "on" (and "" for the default). */
int sb_isolation_parse_switch(const char *text, size_t len, const char *what,
			      enum sb_isolate *out, struct sandbox_error *err);
/* Add everything of src to dst (policy file rules under the environment's); an explicit
 * isolate setting of src wins only over a default one. */
int sb_isolation_merge(struct sb_isolation *dst, const struct sb_isolation *src,
		       struct sandbox_error *err);
/* True when the model asks for any rule (paths or ports). */
bool sb_isolation_has_rules(const struct sb_isolation *iso);
/* Refuse what cannot be meant: isolation off next to rules (any domain isolates). */
int sb_isolation_check(const struct sb_isolation *iso, struct sandbox_error *err);
/* Every path opens: SANDBOX_ECONFIG naming the first that does not. */
int sb_isolation_check_paths(const struct sb_isolation *iso, struct sandbox_error *err);

/* The SANDBOX_* variables (config.h) into a model. */
struct sb_env;
int sb_isolation_from_env(const struct sb_env *env, struct sb_isolation *out,
			  struct sandbox_error *err);

/* ---- the plan -------------------------------------------------------------------- */

/* The running kernel's Landlock ABI: 0 when Landlock is absent or disabled. */
int sb_landlock_abi(void);

/* Every filesystem right ABI `abi` knows. */
uint64_t sb_landlock_fs_rights(int abi);
/* The rights a rule grants under `abi`, for a directory or (is_dir false) a file. */
uint64_t sb_landlock_rule_rights(enum sb_fs_kind kind, int abi, bool is_dir);

struct sb_landlock_plan {
	bool enter;                       /* false: no domain (isolation off, or no Landlock) */
	int abi;
	struct sb_ll_ruleset_attr attr;
	size_t attr_size;                 /* the part of attr the ABI knows */
	uint32_t restrict_flags;          /* for landlock_restrict_self */
	/* Without Landlock under the default setting: the warning line to print. */
	char warning[256];
};

/* The ruleset the model needs under `abi` (a test may ask for a lower ABI than the
 * kernel's). SANDBOX_ELOAD when the ABI cannot express what was asked for (no Landlock
 * with isolation asked explicitly or rules given; port rules below ABI 4). */
int sb_landlock_plan(const struct sb_isolation *iso, int abi, struct sb_landlock_plan *plan,
		     struct sandbox_error *err);

/* Enter the planned domain in the calling process: ruleset, rules (paths opened with
 * O_PATH), no_new_privs, restrict_self. The calling process must have one thread: a
 * domain binds only the thread that enters it, and the kernel offers no way (up to ABI 7)
 * to bind the others, so with more threads this fails without entering anything. */
int sb_landlock_enter(const struct sb_isolation *iso, const struct sb_landlock_plan *plan,
		      struct sandbox_error *err);

/* "isolation: ..." lines describing what the plan enforces, for explain and check;
 * calls line(ctx, text) once per line. */
void sb_isolation_describe(const struct sb_isolation *iso, const struct sb_landlock_plan *plan,
			   void (*line)(void *ctx, const char *text), void *ctx);

/* The number of threads of the calling process (1 from unshare(CLONE_THREAD) succeeding,
 * otherwise from /proc); 0 if unknown. */
long sb_thread_count(void);

#endif
