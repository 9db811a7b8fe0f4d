/* Arguments by name (arg_names.h). The constants come from the kernel's uapi headers, the
 * declarations from the syscall table (gen/syscall_names.h). */
#include "arg_names.h"

/* The tables are read only to name a value (a report, a tool): in the library they go to
 * .lrodata, away from the pages every start-up touches; the blob copies .rodata only. */
#ifdef SB_REPORT_BLOB
#define SB_COLD_DATA
#else
#define SB_COLD_DATA __attribute__((section(".lrodata")))
#endif
#include "syscall_names.h"

#include <stddef.h>
#include <asm/termbits.h>
#include <asm/ioctls.h>
#include <linux/mman.h>
#include <asm/signal.h>
#include <asm/unistd.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/prctl.h>
#include <linux/sched.h>
#include <linux/net.h>

/* Values of <sys/socket.h> (glibc's: the kernel's uapi headers do not export them), the
 * same on every Linux ABI. */
enum { AF_UNSPEC = 0, AF_UNIX = 1, AF_INET = 2, AF_NETLINK = 16, AF_PACKET = 17,
       AF_INET6 = 10, AF_BLUETOOTH = 31, AF_ALG = 38, AF_VSOCK = 40, AF_CAN = 29,
       SOCK_STREAM = 1, SOCK_DGRAM = 2, SOCK_RAW = 3, SOCK_RDM = 4, SOCK_SEQPACKET = 5,
       SOCK_PACKET = 10, SOCK_NONBLOCK = 04000, SOCK_CLOEXEC = 02000000 };

struct named {
	uint32_t value;
	char name[32];         /* the longest, PR_SET_SYSCALL_USER_DISPATCH, has 28 */
};
#define N(x) { (uint32_t)(x), #x }

static const struct named SB_COLD_DATA ioctls[] = {
	N(TCGETS), N(TCSETS), N(TCSETSW), N(TCSETSF), N(TCGETA), N(TCSETA), N(TCSBRK),
	N(TCXONC), N(TCFLSH), N(TIOCEXCL), N(TIOCNXCL), N(TIOCSCTTY), N(TIOCGPGRP),
	N(TIOCSPGRP), N(TIOCOUTQ), N(TIOCSTI), N(TIOCGWINSZ), N(TIOCSWINSZ), N(TIOCMGET),
	N(TIOCMSET), N(FIONREAD), N(TIOCLINUX), N(TIOCCONS), N(FIONBIO), N(TIOCNOTTY),
	N(TIOCSETD), N(TIOCGETD), N(TIOCGSID), N(TIOCGPTN), N(TIOCSPTLCK), N(TIOCGPTPEER),
	N(FIONCLEX), N(FIOCLEX), N(FIOASYNC), N(FIOQSIZE), N(TCGETS2), N(TCSETS2),
	N(TIOCGLCKTRMIOS), N(TIOCSLCKTRMIOS), N(FS_IOC_GETFLAGS), N(FS_IOC_SETFLAGS),
	N(FS_IOC_GETVERSION), N(FIGETBSZ), N(FIBMAP), N(FICLONE), N(FICLONERANGE),
	N(FIDEDUPERANGE), N(BLKGETSIZE64), N(BLKSSZGET), N(FIFREEZE), N(FITHAW),
};

static const struct named SB_COLD_DATA families[] = {
	N(AF_UNSPEC), N(AF_UNIX), N(AF_INET), N(AF_INET6), N(AF_NETLINK), N(AF_PACKET),
	N(AF_BLUETOOTH), N(AF_ALG), N(AF_VSOCK), N(AF_CAN),
};

static const struct named SB_COLD_DATA socket_types[] = {
	N(SOCK_STREAM), N(SOCK_DGRAM), N(SOCK_RAW), N(SOCK_RDM), N(SOCK_SEQPACKET),
	N(SOCK_PACKET),
};
static const struct named SB_COLD_DATA socket_flags[] = { N(SOCK_NONBLOCK), N(SOCK_CLOEXEC) };

static const struct named SB_COLD_DATA prctls[] = {
	N(PR_SET_PDEATHSIG), N(PR_GET_PDEATHSIG), N(PR_GET_DUMPABLE), N(PR_SET_DUMPABLE),
	N(PR_GET_UNALIGN), N(PR_SET_UNALIGN), N(PR_GET_KEEPCAPS), N(PR_SET_KEEPCAPS),
	N(PR_GET_FPEMU), N(PR_SET_FPEMU), N(PR_GET_FPEXC), N(PR_SET_FPEXC), N(PR_GET_TIMING),
	N(PR_SET_TIMING), N(PR_SET_NAME), N(PR_GET_NAME), N(PR_GET_ENDIAN), N(PR_SET_ENDIAN),
	N(PR_GET_SECCOMP), N(PR_SET_SECCOMP), N(PR_CAPBSET_READ), N(PR_CAPBSET_DROP),
	N(PR_GET_TSC), N(PR_SET_TSC), N(PR_GET_SECUREBITS), N(PR_SET_SECUREBITS),
	N(PR_SET_TIMERSLACK), N(PR_GET_TIMERSLACK), N(PR_TASK_PERF_EVENTS_DISABLE),
	N(PR_TASK_PERF_EVENTS_ENABLE), N(PR_MCE_KILL), N(PR_MCE_KILL_GET), N(PR_SET_MM),
	N(PR_SET_CHILD_SUBREAPER), N(PR_GET_CHILD_SUBREAPER), N(PR_SET_NO_NEW_PRIVS),
	N(PR_GET_NO_NEW_PRIVS), N(PR_GET_TID_ADDRESS), N(PR_SET_THP_DISABLE),
	N(PR_GET_THP_DISABLE), N(PR_SET_FP_MODE), N(PR_GET_FP_MODE), N(PR_CAP_AMBIENT),
	N(PR_SVE_SET_VL), N(PR_SVE_GET_VL), N(PR_GET_SPECULATION_CTRL),
	N(PR_SET_SPECULATION_CTRL), N(PR_SET_TAGGED_ADDR_CTRL), N(PR_GET_TAGGED_ADDR_CTRL),
	N(PR_SET_IO_FLUSHER), N(PR_GET_IO_FLUSHER), N(PR_SET_SYSCALL_USER_DISPATCH),
	N(PR_SCHED_CORE), N(PR_SET_VMA), { 65, "PR_SET_MDWE" }, { 66, "PR_GET_MDWE" },
	{ 67, "PR_SET_MEMORY_MERGE" }, { 68, "PR_GET_MEMORY_MERGE" }, { 0x41555856, "PR_GET_AUXV" },
};

static const struct named SB_COLD_DATA prots[] = {
	N(PROT_READ), N(PROT_WRITE), N(PROT_EXEC), N(PROT_GROWSDOWN),
	N(PROT_GROWSUP),
};

static const struct named SB_COLD_DATA map_types[] = {
	N(MAP_SHARED), N(MAP_PRIVATE), N(MAP_SHARED_VALIDATE),
};
static const struct named SB_COLD_DATA map_flags[] = {
	N(MAP_FIXED), N(MAP_ANONYMOUS), N(MAP_GROWSDOWN), N(MAP_DENYWRITE), N(MAP_EXECUTABLE),
	N(MAP_LOCKED), N(MAP_NORESERVE), N(MAP_POPULATE), N(MAP_NONBLOCK), N(MAP_STACK),
	N(MAP_HUGETLB), N(MAP_SYNC), N(MAP_FIXED_NOREPLACE), N(MAP_32BIT),
};

static const struct named SB_COLD_DATA open_modes[] = { N(O_RDONLY), N(O_WRONLY), N(O_RDWR) };
/* Composite flags first: O_SYNC includes O_DSYNC, O_TMPFILE O_DIRECTORY. */
static const struct named SB_COLD_DATA open_flags[] = {
	N(O_TMPFILE), N(O_SYNC), N(O_CREAT), N(O_EXCL), N(O_NOCTTY), N(O_TRUNC), N(O_APPEND),
	N(O_NONBLOCK), N(O_DSYNC), N(FASYNC), N(O_DIRECT), N(O_DIRECTORY), N(O_NOFOLLOW), N(O_NOATIME), N(O_CLOEXEC), N(O_PATH),
};

static const struct named SB_COLD_DATA fcntls[] = {
	N(F_DUPFD), N(F_GETFD), N(F_SETFD), N(F_GETFL), N(F_SETFL), N(F_GETLK), N(F_SETLK),
	N(F_SETLKW), N(F_SETOWN), N(F_GETOWN), N(F_SETSIG), N(F_GETSIG), N(F_SETOWN_EX),
	N(F_GETOWN_EX), N(F_OFD_GETLK), N(F_OFD_SETLK), N(F_OFD_SETLKW), N(F_SETLEASE),
	N(F_GETLEASE), N(F_NOTIFY), N(F_DUPFD_CLOEXEC), N(F_SETPIPE_SZ), N(F_GETPIPE_SZ),
	N(F_ADD_SEALS), N(F_GET_SEALS),
};

static const struct named SB_COLD_DATA signals[] = {
	N(SIGHUP), N(SIGINT), N(SIGQUIT), N(SIGILL), N(SIGTRAP), N(SIGABRT), N(SIGBUS),
	N(SIGFPE), N(SIGKILL), N(SIGUSR1), N(SIGSEGV), N(SIGUSR2), N(SIGPIPE), N(SIGALRM),
	N(SIGTERM), N(SIGSTKFLT), N(SIGCHLD), N(SIGCONT), N(SIGSTOP), N(SIGTSTP), N(SIGTTIN),
	N(SIGTTOU), N(SIGURG), N(SIGXCPU), N(SIGXFSZ), N(SIGVTALRM), N(SIGPROF), N(SIGWINCH),
	N(SIGIO), N(SIGPWR), N(SIGSYS),
};

static const struct named SB_COLD_DATA clone_flags[] = {
	N(CLONE_VM), N(CLONE_FS), N(CLONE_FILES), N(CLONE_SIGHAND), N(CLONE_PIDFD),
	N(CLONE_PTRACE), N(CLONE_VFORK), N(CLONE_PARENT), N(CLONE_THREAD), N(CLONE_NEWNS),
	N(CLONE_SYSVSEM), N(CLONE_SETTLS), N(CLONE_PARENT_SETTID), N(CLONE_CHILD_CLEARTID),
	N(CLONE_DETACHED), N(CLONE_UNTRACED), N(CLONE_CHILD_SETTID), N(CLONE_NEWCGROUP),
	N(CLONE_NEWUTS), N(CLONE_NEWIPC), N(CLONE_NEWUSER), N(CLONE_NEWPID), N(CLONE_NEWNET),
	N(CLONE_IO),
};

static const struct named SB_COLD_DATA at_fds[] = { N(AT_FDCWD) };
static const struct named SB_COLD_DATA at_flags[] = {
	N(AT_SYMLINK_NOFOLLOW), N(AT_REMOVEDIR), N(AT_SYMLINK_FOLLOW), N(AT_NO_AUTOMOUNT),
	N(AT_EMPTY_PATH), N(AT_STATX_FORCE_SYNC), N(AT_STATX_DONT_SYNC), N(AT_RECURSIVE),
};

#define COUNT(a) (sizeof(a) / sizeof(a[0]))

/* How an argument's values are named: an enumeration on the bits of enum_mask (all of them
 * when there are no flags), then flags on the others. */
struct naming {
	const struct named *enums, *flags;
	unsigned n_enums, n_flags;
	uint32_t enum_mask;
	const char *none;          /* the name of 0 when nothing is set (PROT_NONE) */
};

static int arg_letter(int nr, int arg, const char **name)
{
	if (nr < 0 || nr >= SB_SYSCALL_NAMES_LIMIT || !sb_syscall_arg_names_at[nr] || arg < 0)
		return 0;
	const char *p = sb_syscall_arg_names + sb_syscall_arg_names_at[nr];
	for (int i = 0; *p; i++) {
		if (i == arg) {
			*name = p + 1;
			return *p;
		}
		while (*p)
			p++;
		p++;
	}
	return 0;
}

int sb_arg_count(int nr)
{
	if (nr < 0 || nr >= SB_SYSCALL_NAMES_LIMIT || !sb_syscall_arg_names_at[nr])
		return -1;
	int n = 0;
	const char *name;
	while (arg_letter(nr, n, &name))
		n++;
	return n;
}

const char *sb_arg_name(int nr, int arg)
{
	const char *name = 0;
	return arg_letter(nr, arg, &name) ? name : 0;
}

static int is_dirfd(const char *name)
{
	unsigned long n = 0;
	while (name[n])
		n++;
	return n >= 3 && name[n - 3] == 'd' && name[n - 2] == 'f' && name[n - 1] == 'd';
}

#define ENUM(t) ((struct naming){ t, 0, COUNT(t), 0, 0xffffffffu, 0 })

/* The naming of argument `arg` of nr; false when its values have no names here. */
static int naming_of(int nr, int arg, struct naming *out)
{
	const char *name = 0;
	int letter = arg_letter(nr, arg, &name);
	if (!letter)
		return 0;
	switch (nr) {
	case __NR_ioctl:
		if (arg == 1) { *out = ENUM(ioctls); return 1; }
		break;
	case __NR_socket:
	case __NR_socketpair:
		if (arg == 0) { *out = ENUM(families); return 1; }
		if (arg == 1) {
			*out = (struct naming){ socket_types, socket_flags, COUNT(socket_types),
						COUNT(socket_flags), 0xf, 0 };
			return 1;
		}
		break;
	case __NR_prctl:
		if (arg == 0) { *out = ENUM(prctls); return 1; }
		break;
	case __NR_mmap:
		if (arg == 3) {
			*out = (struct naming){ map_types, map_flags, COUNT(map_types),
						COUNT(map_flags), 0xf, 0 };
			return 1;
		}
		/* prot is arg 2 of mmap, mprotect and pkey_mprotect */
		__attribute__((fallthrough));
	case __NR_mprotect:
	case __NR_pkey_mprotect:
		if (arg == 2) {
			*out = (struct naming){ 0, prots, 0, COUNT(prots), 0, "PROT_NONE" };
			return 1;
		}
		break;
	case __NR_fcntl:
		if (arg == 1) { *out = ENUM(fcntls); return 1; }
		break;
	case __NR_clone:
		/* the low byte is the signal sent to the parent at exit */
		if (arg == 0) {
			*out = (struct naming){ signals, clone_flags, COUNT(signals),
						COUNT(clone_flags), 0xff, 0 };
			return 1;
		}
		break;
	case __NR_kill:
	case __NR_tkill:
	case __NR_tgkill:
	case __NR_rt_sigaction:
	case __NR_rt_sigqueueinfo:
	case __NR_rt_tgsigqueueinfo:
	case __NR_pidfd_send_signal:
		if (arg == (nr == __NR_rt_sigaction ? 0
			    : nr == __NR_tgkill || nr == __NR_rt_tgsigqueueinfo ? 2 : 1)) {
			*out = ENUM(signals);
			return 1;
		}
		break;
	}
	if (!name)
		return 0;
	if (is_dirfd(name)) {
		*out = ENUM(at_fds);
		return 1;
	}
	/* open's and openat's flags, the *at calls' flags */
	if ((nr == __NR_open && arg == 1) || (nr == __NR_openat && arg == 2)) {
		*out = (struct naming){ open_modes, open_flags, COUNT(open_modes), COUNT(open_flags),
					O_ACCMODE, 0 };
		return 1;
	}
	/* (faccessat2's 0x200 is AT_EACCESS, renameat2's flags are RENAME_*) */
	if (nr != __NR_openat && nr != __NR_faccessat2 && nr != __NR_renameat2 && name[0] == 'f' && name[1] == 'l' && name[2] == 'a' &&
	    name[3] == 'g' && arg_letter(nr, 0, &name) && is_dirfd(name)) {
		*out = (struct naming){ 0, at_flags, 0, COUNT(at_flags), 0, 0 };
		return 1;
	}
	return 0;
}

struct text {
	char *buf;
	unsigned long len, cap;
	int overflow;
};

static void put(struct text *t, const char *s)
{
	for (; *s; s++) {
		if (t->len + 1 >= t->cap) {
			t->overflow = 1;
			return;
		}
		t->buf[t->len++] = *s;
	}
	t->buf[t->len] = '\0';
}

static const struct named *find(const struct named *table, unsigned n, uint32_t v)
{
	for (unsigned i = 0; i < n; i++)
		if (table[i].value == v)
			return &table[i];
	return 0;
}

/* The mask of the bits the kernel reads: letter i/u 32, m 16, x 64. */
static uint64_t read_mask(int letter)
{
	return letter == 'm' ? 0xffff : letter == 'x' ? ~0ULL : 0xffffffffULL;
}

unsigned long sb_arg_value_name(int nr, int arg, uint64_t value, char *buf, unsigned long len)
{
	struct naming n;
	const char *name;
	struct text t = { buf, 0, len, 0 };
	if (len == 0 || !naming_of(nr, arg, &n))
		return 0;
	value &= read_mask(arg_letter(nr, arg, &name));
	if (value >> 32)
		return 0;
	uint32_t v = (uint32_t)value, rest = v & ~n.enum_mask;
	buf[0] = '\0';
	if (n.n_enums) {
		const struct named *e = find(n.enums, n.n_enums, v & n.enum_mask);
		if (e)
			put(&t, e->name);
		else if (v & n.enum_mask)
			return 0;
	}
	for (unsigned i = 0; i < n.n_flags && rest; i++) {
		uint32_t f = n.flags[i].value;
		if (f && (rest & f) == f) {
			if (t.len)
				put(&t, "|");
			put(&t, n.flags[i].name);
			rest &= ~f;
		}
	}
	if (rest)
		return 0;
	if (!t.len && n.none)
		put(&t, n.none);
	return t.overflow ? 0 : t.len;
}

unsigned long sb_number_text(uint64_t v, unsigned base, char *buf, unsigned long len)
{
	char tmp[24], one[2] = { 0, 0 };
	struct text t = { buf, 0, len, 0 };
	int n = 0;
	if (len == 0)
		return 0;
	buf[0] = '\0';
	do {
		tmp[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	if (base == 16)
		put(&t, "0x");
	else if (base == 8 && !(n == 1 && tmp[0] == '0'))
		put(&t, "0");
	while (n > 0) {
		one[0] = tmp[--n];
		put(&t, one);
	}
	return t.len;
}

static void put_number(struct text *t, uint64_t v, unsigned base)
{
	char digits[32];
	sb_number_text(v, base, digits, sizeof(digits));
	put(t, digits);
}

/* Table k of all (NULL after the last), by a switch: an array of their addresses would be
 * data with relocations, which the blob cannot have. */
static const struct named *table_at(unsigned k, unsigned *n)
{
	switch (k) {
#define T(t) *n = COUNT(t); return t
	case 0: T(ioctls);
	case 1: T(families);
	case 2: T(socket_types);
	case 3: T(socket_flags);
	case 4: T(prctls);
	case 5: T(prots);
	case 6: T(map_types);
	case 7: T(map_flags);
	case 8: T(open_modes);
	case 9: T(open_flags);
	case 10: T(fcntls);
	case 11: T(signals);
	case 12: T(clone_flags);
	case 13: T(at_fds);
	case 14: T(at_flags);
#undef T
	}
	return 0;
}

const char *sb_arg_constant(unsigned i, uint32_t *value)
{
	unsigned n;
	for (unsigned k = 0;; k++, i -= n) {
		const struct named *t = table_at(k, &n);
		if (!t)
			return 0;
		if (i < n) {
			*value = t[i].value;
			return t[i].name;
		}
	}
}

unsigned long sb_arg_value_text(int nr, int arg, uint64_t value, char *buf, unsigned long len)
{
	unsigned long n = sb_arg_value_name(nr, arg, value, buf, len);
	if (n || len == 0)
		return n;
	struct text t = { buf, 0, len, 0 };
	const char *name;
	int letter = arg_letter(nr, arg, &name);
	buf[0] = '\0';
	if (letter == 'i' && (int32_t)value < 0) {
		put(&t, "-");
		put_number(&t, (uint64_t)-(int64_t)(int32_t)value, 10);
	} else if (letter == 'i' || letter == 'u') {
		put_number(&t, (uint32_t)value, 10);
	} else if (letter == 'm') {
		put_number(&t, value & 0xffff, 8);
	} else {
		put_number(&t, value, 16);
	}
	return t.len;
}
