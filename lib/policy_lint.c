/* Warnings about refusals a policy does not make hold (see policy_lint.h). */
#include "policy_lint.h"
#include "syscalls.h"

#include <stdio.h>
#include <string.h>

/* Calls that do the same job, so refusing one of them alone refuses nothing: a program
 * calls the other (glibc itself moved from open to openat, from fork to clone). Wider than
 * report.c's pairs, which name only the replacements a C library made. */
static const char *const siblings[][6] = {
	{ "execve", "execveat" },
	{ "open", "openat", "openat2", "creat" },
	{ "dup2", "dup3" },
	{ "rename", "renameat", "renameat2" },
	{ "unlink", "unlinkat", "rmdir" },
	{ "mkdir", "mkdirat" },
	{ "link", "linkat" },
	{ "symlink", "symlinkat" },
	{ "mknod", "mknodat" },
	{ "chmod", "fchmod", "fchmodat", "fchmodat2" },
	{ "chown", "fchown", "lchown", "fchownat" },
	{ "access", "faccessat", "faccessat2" },
	{ "readlink", "readlinkat" },
	{ "stat", "lstat", "newfstatat", "statx" },
	{ "utime", "utimes", "futimesat", "utimensat" },
	{ "accept", "accept4" },
	{ "sendto", "sendmsg", "sendmmsg" },
	{ "recvfrom", "recvmsg", "recvmmsg" },
	{ "fork", "vfork", "clone", "clone3" },
	{ "kill", "tkill", "tgkill", "pidfd_send_signal", "rt_sigqueueinfo", "rt_tgsigqueueinfo" },
	{ "wait4", "waitid" },
	{ "pipe", "pipe2" },
	{ "getdents", "getdents64" },
	{ "read", "readv", "pread64", "preadv", "preadv2" },
	{ "write", "writev", "pwrite64", "pwritev", "pwritev2" },
	{ "mount", "move_mount", "fsmount", "open_tree" },
	{ "setuid", "setreuid", "setresuid" },
	{ "setgid", "setregid", "setresgid" },
};

/* Calls an io_uring operation performs in the kernel without that system call (kernel 6.18:
 * IORING_OP_OPENAT, _CONNECT, _WRITE ...). */
static const char *const io_uring_performs[] = {
	"openat", "openat2", "close", "read", "readv", "pread64", "preadv", "preadv2", "write",
	"writev", "pwrite64", "pwritev", "pwritev2", "fsync", "fdatasync", "sync_file_range",
	"fallocate", "fadvise64", "madvise", "statx", "renameat", "renameat2", "unlinkat",
	"mkdirat", "symlinkat", "linkat", "socket", "connect", "accept", "accept4", "bind",
	"listen", "sendmsg", "recvmsg", "sendto", "recvfrom", "shutdown", "splice", "tee",
	"epoll_ctl", "setxattr", "fsetxattr", "getxattr", "fgetxattr", "ftruncate", "waitid",
	"futex", "poll", NULL,
};

static uint8_t answer(uint32_t action)
{
	uint32_t a = action & SECCOMP_RET_ACTION_FULL;
	return a == SECCOMP_RET_ALLOW || a == SECCOMP_RET_LOG ? SB_CAN_RUN : SB_CAN_REFUSE;
}

void sb_policy_answers(const struct sb_policy *p, uint8_t can[SB_NR_LIMIT])
{
	for (int nr = 0; nr < SB_NR_LIMIT; nr++) {
		const struct sb_rule *r = sb_policy_find(p, nr);
		if (!r) {
			can[nr] = answer(p->default_action);
			continue;
		}
		can[nr] = answer(r->fallback);
		for (size_t i = 0; i < r->n_cases; i++)
			can[nr] |= answer(r->cases[i].action);
	}
}

/* Append "a, b, c" style names to buf at *o. */
static void add_name(char *buf, size_t len, size_t *o, size_t *count, const char *name)
{
	if (*o < len)
		*o += (size_t)snprintf(buf + *o, len - *o, "%s%s", (*count)++ ? ", " : "", name);
}

static void lint_siblings(const struct sb_policy *p, const uint8_t *can, sb_lint_fn fn, void *ctx)
{
	for (size_t g = 0; g < sizeof(siblings) / sizeof(siblings[0]); g++) {
		char refused[128] = "", open[160] = "", line[512];
		size_t ro = 0, oo = 0, n_refused = 0, n_open = 0;
		for (size_t i = 0; i < 6 && siblings[g][i]; i++) {
			int nr = sb_syscall_number(siblings[g][i]);
			if (nr < 0 || nr >= SB_NR_LIMIT)
				continue;
			/* Named and refused, next to one the policy leaves to an allowing default. */
			if (sb_policy_find(p, nr) && (can[nr] & SB_CAN_REFUSE))
				add_name(refused, sizeof(refused), &ro, &n_refused, siblings[g][i]);
			else if (!sb_policy_find(p, nr) && (can[nr] & SB_CAN_RUN))
				add_name(open, sizeof(open), &oo, &n_open, siblings[g][i]);
		}
		if (!n_refused || !n_open)
			continue;
		snprintf(line, sizeof(line), "%s refuses %s but not %s, which %s the same (refuse %s "
			 "too)", p->origin, refused, open, n_open > 1 ? "do" : "does",
			 n_open > 1 ? "them" : "it");
		fn(ctx, line);
	}
}

void sb_lint_io_uring(const uint8_t can[SB_NR_LIMIT], const char *origin, sb_lint_fn fn, void *ctx)
{
	int setup = sb_syscall_number("io_uring_setup"), enter = sb_syscall_number("io_uring_enter");
	if (setup < 0 || enter < 0 || !(can[setup] & SB_CAN_RUN) || !(can[enter] & SB_CAN_RUN))
		return;
	char names[256] = "", line[512];
	size_t o = 0, shown = 0, refused = 0;
	for (size_t i = 0; io_uring_performs[i]; i++) {
		int nr = sb_syscall_number(io_uring_performs[i]);
		if (nr < 0 || !(can[nr] & SB_CAN_REFUSE))
			continue;
		refused++;
		if (shown < 6)
			add_name(names, sizeof(names), &o, &shown, io_uring_performs[i]);
	}
	if (!refused)
		return;
	char more[32] = "";
	if (refused > shown)
		snprintf(more, sizeof(more), " and %zu more", refused - shown);
	snprintf(line, sizeof(line), "%s allows io_uring_setup and io_uring_enter: its refusal of "
		 "%s%s does not hold, since io_uring performs %s without %s system call%s (refuse "
		 "io_uring_setup too)", origin, names, more, refused > 1 ? "these" : "this",
		 refused > 1 ? "their" : "its", refused > 1 ? "s" : "");
	fn(ctx, line);
}

void sb_policy_lint(const struct sb_policy *p, sb_lint_fn fn, void *ctx)
{
	uint8_t can[SB_NR_LIMIT];
	sb_policy_answers(p, can);
	lint_siblings(p, can, fn, ctx);
	sb_lint_io_uring(can, p->origin, fn, ctx);
}
