/* Warnings about refusals a policy does not make hold (see policy_lint.h). */
#include "policy_lint.h"
#include "syscalls.h"

#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>

/* Linux 6.6; Debian 12's headers (6.1) predate it. */
#ifndef SYS_fchmodat2
#define SYS_fchmodat2 452
#endif

/* Calls that do the same job, so refusing one of them alone refuses nothing: a program
 * calls the other (glibc itself moved from open to openat, from fork to clone). Wider than
 * report.c's pairs, which name only the replacements a C library made. Numbers, not
 * names: every list is linted at start-up, and a table of pointers is relocated there. */
static const struct {
	short n, nr[6];
} siblings[] = {
	{ 2, { SYS_execve, SYS_execveat } },
	{ 4, { SYS_open, SYS_openat, SYS_openat2, SYS_creat } },
	{ 2, { SYS_dup2, SYS_dup3 } },
	{ 3, { SYS_rename, SYS_renameat, SYS_renameat2 } },
	{ 3, { SYS_unlink, SYS_unlinkat, SYS_rmdir } },
	{ 2, { SYS_mkdir, SYS_mkdirat } },
	{ 2, { SYS_link, SYS_linkat } },
	{ 2, { SYS_symlink, SYS_symlinkat } },
	{ 2, { SYS_mknod, SYS_mknodat } },
	{ 4, { SYS_chmod, SYS_fchmod, SYS_fchmodat, SYS_fchmodat2 } },
	{ 4, { SYS_chown, SYS_fchown, SYS_lchown, SYS_fchownat } },
	{ 3, { SYS_access, SYS_faccessat, SYS_faccessat2 } },
	{ 2, { SYS_readlink, SYS_readlinkat } },
	{ 4, { SYS_stat, SYS_lstat, SYS_newfstatat, SYS_statx } },
	{ 4, { SYS_utime, SYS_utimes, SYS_futimesat, SYS_utimensat } },
	{ 2, { SYS_accept, SYS_accept4 } },
	{ 3, { SYS_sendto, SYS_sendmsg, SYS_sendmmsg } },
	{ 3, { SYS_recvfrom, SYS_recvmsg, SYS_recvmmsg } },
	{ 4, { SYS_fork, SYS_vfork, SYS_clone, SYS_clone3 } },
	{ 6, { SYS_kill, SYS_tkill, SYS_tgkill, SYS_pidfd_send_signal, SYS_rt_sigqueueinfo,
	       SYS_rt_tgsigqueueinfo } },
	{ 2, { SYS_wait4, SYS_waitid } },
	{ 2, { SYS_pipe, SYS_pipe2 } },
	{ 2, { SYS_getdents, SYS_getdents64 } },
	{ 5, { SYS_read, SYS_readv, SYS_pread64, SYS_preadv, SYS_preadv2 } },
	{ 5, { SYS_write, SYS_writev, SYS_pwrite64, SYS_pwritev, SYS_pwritev2 } },
	{ 4, { SYS_mount, SYS_move_mount, SYS_fsmount, SYS_open_tree } },
	{ 3, { SYS_setuid, SYS_setreuid, SYS_setresuid } },
	{ 3, { SYS_setgid, SYS_setregid, SYS_setresgid } },
};

/* Calls an io_uring operation performs in the kernel without that system call (kernel 6.18:
 * IORING_OP_OPENAT, _CONNECT, _WRITE ...). */
static const short io_uring_performs[] = {
	SYS_openat, SYS_openat2, SYS_close, SYS_read, SYS_readv, SYS_pread64, SYS_preadv,
	SYS_preadv2, SYS_write, SYS_writev, SYS_pwrite64, SYS_pwritev, SYS_pwritev2,
	SYS_fsync, SYS_fdatasync, SYS_sync_file_range, SYS_fallocate, SYS_fadvise64,
	SYS_madvise, SYS_statx, SYS_renameat, SYS_renameat2, SYS_unlinkat, SYS_mkdirat,
	SYS_symlinkat, SYS_linkat, SYS_socket, SYS_connect, SYS_accept, SYS_accept4,
	SYS_bind, SYS_listen, SYS_sendmsg, SYS_recvmsg, SYS_sendto, SYS_recvfrom,
	SYS_shutdown, SYS_splice, SYS_tee, SYS_epoll_ctl, SYS_setxattr, SYS_fsetxattr,
	SYS_getxattr, SYS_fgetxattr, SYS_ftruncate, SYS_waitid, SYS_futex, SYS_poll,
};

static uint8_t answer(uint32_t action)
{
	uint32_t a = action & SECCOMP_RET_ACTION_FULL;
	return a == SECCOMP_RET_ALLOW || a == SECCOMP_RET_LOG ? SB_CAN_RUN : SB_CAN_REFUSE;
}

void sb_policy_answers(const struct sb_policy *p, uint8_t can[SB_NR_LIMIT])
{
	uint8_t by_default = answer(p->default_action);
	for (int nr = 0; nr < SB_NR_LIMIT; nr++) {
		if (!p->slot[nr]) {
			can[nr] = by_default;
			continue;
		}
		const struct sb_rule *r = &p->rules[p->slot[nr] - 1];
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
		for (short i = 0; i < siblings[g].n; i++) {
			int nr = siblings[g].nr[i];
			/* Named and refused, next to one the policy leaves to an allowing default. */
			if (sb_policy_find(p, nr) && (can[nr] & SB_CAN_REFUSE))
				add_name(refused, sizeof(refused), &ro, &n_refused, sb_syscall_name(nr));
			else if (!sb_policy_find(p, nr) && (can[nr] & SB_CAN_RUN))
				add_name(open, sizeof(open), &oo, &n_open, sb_syscall_name(nr));
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
	if (!(can[SYS_io_uring_setup] & SB_CAN_RUN) || !(can[SYS_io_uring_enter] & SB_CAN_RUN))
		return;
	char names[256] = "", line[512];
	size_t o = 0, shown = 0, refused = 0;
	for (size_t i = 0; i < sizeof(io_uring_performs) / sizeof(io_uring_performs[0]); i++) {
		int nr = io_uring_performs[i];
		if (!(can[nr] & SB_CAN_REFUSE))
			continue;
		refused++;
		if (shown < 6)
			add_name(names, sizeof(names), &o, &shown, sb_syscall_name(nr));
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
