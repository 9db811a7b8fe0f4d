/* The observation set shared by the log parsers and learn mode. */
#include "observed.h"
#include "syscalls.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <linux/fs.h>

static const struct { const char *name; unsigned arg; } inspected[SB_INS_COUNT] = {
	[SB_INS_IOCTL] = { "ioctl", 1 },
	[SB_INS_SOCKET] = { "socket", 0 },
	[SB_INS_PRCTL] = { "prctl", 0 },
	[SB_INS_MMAP] = { "mmap", 2 },
	[SB_INS_MPROTECT] = { "mprotect", 2 },
};

/* ---- name hash: strace prints one name per line, so the lookup must not be a scan ---- */

#define HASH_SLOTS 2048      /* power of two, > 4 * SB_SYSCALL_LIMIT names */
static struct { const char *name; uint8_t len; int16_t nr; } hash_table[HASH_SLOTS];
static bool hash_built;
static int inspected_nr[SB_INS_COUNT];

static uint32_t hash_name(const char *s, size_t len)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static void build_hash(void)
{
	if (hash_built)
		return;
	for (int nr = 0; nr < SB_SYSCALL_LIMIT; nr++) {
		const char *name = sb_syscall_name(nr);
		if (!name)
			continue;
		size_t len = strlen(name);
		uint32_t h = hash_name(name, len) & (HASH_SLOTS - 1);
		while (hash_table[h].name)
			h = (h + 1) & (HASH_SLOTS - 1);
		hash_table[h].name = name;
		hash_table[h].len = (uint8_t)len;
		hash_table[h].nr = (int16_t)nr;
	}
	for (int i = 0; i < SB_INS_COUNT; i++)
		inspected_nr[i] = sb_syscall_number(inspected[i].name);
	hash_built = true;
}

int sb_syscall_lookup(const char *name, size_t len)
{
	build_hash();
	if (len == 0 || len > 40)
		return -1;
	for (uint32_t h = hash_name(name, len) & (HASH_SLOTS - 1); hash_table[h].name;
	     h = (h + 1) & (HASH_SLOTS - 1))
		if (hash_table[h].len == len && !memcmp(hash_table[h].name, name, len))
			return hash_table[h].nr;
	return -1;
}

void sb_observed_init(struct sb_observed *o)
{
	memset(o, 0, sizeof(*o));
	build_hash();
}

int sb_inspected_index(int nr)
{
	build_hash();
	for (int i = 0; i < SB_INS_COUNT; i++)
		if (inspected_nr[i] == nr)
			return i;
	return -1;
}

unsigned sb_inspected_arg(int i)
{
	return inspected[i].arg;
}

void sb_observed_add(struct sb_observed *o, int nr, bool has_value, uint64_t value)
{
	if (nr < 0 || nr >= SB_NR_LIMIT)
		return;
	o->count[nr]++;
	o->records++;
	int i = sb_inspected_index(nr);
	if (i < 0)
		return;
	struct sb_obs_arg *a = &o->args[i];
	if (a->any)
		return;
	if (!has_value) {
		a->any = true;
		return;
	}
	if (i == SB_INS_IOCTL || i == SB_INS_SOCKET || i == SB_INS_PRCTL || i == SB_INS_MMAP ||
	    i == SB_INS_MPROTECT)
		value &= 0xffffffffu;   /* int arguments: the kernel reads 32 bits */
	for (unsigned k = 0; k < a->n_values; k++)
		if (a->values[k] == value)
			return;
	if (a->n_values == SB_OBS_VALUES_MAX) {
		a->any = true;
		return;
	}
	a->values[a->n_values++] = value;
}

/* ---- constants strace prints for the inspected arguments ----------------------------- */

struct constant {
	const char *name;
	uint64_t value;
	int8_t group;    /* SB_INS_* it names, for comments */
};

#define K(g, n) { #n, (uint64_t)(n), g }
static const struct constant constants[] = {
	K(SB_INS_MMAP, PROT_NONE), K(SB_INS_MMAP, PROT_READ), K(SB_INS_MMAP, PROT_WRITE),
	K(SB_INS_MMAP, PROT_EXEC), K(SB_INS_MMAP, PROT_GROWSDOWN), K(SB_INS_MMAP, PROT_GROWSUP),
	K(SB_INS_SOCKET, AF_UNSPEC), K(SB_INS_SOCKET, AF_UNIX), K(SB_INS_SOCKET, AF_LOCAL),
	K(SB_INS_SOCKET, AF_INET), K(SB_INS_SOCKET, AF_INET6), K(SB_INS_SOCKET, AF_NETLINK),
	K(SB_INS_SOCKET, AF_PACKET), K(SB_INS_SOCKET, AF_VSOCK), K(SB_INS_SOCKET, AF_BLUETOOTH),
	K(SB_INS_SOCKET, AF_ALG), K(SB_INS_SOCKET, AF_CAN),
	K(SB_INS_PRCTL, PR_SET_PDEATHSIG), K(SB_INS_PRCTL, PR_GET_PDEATHSIG),
	K(SB_INS_PRCTL, PR_GET_DUMPABLE), K(SB_INS_PRCTL, PR_SET_DUMPABLE),
	K(SB_INS_PRCTL, PR_SET_KEEPCAPS), K(SB_INS_PRCTL, PR_GET_KEEPCAPS),
	K(SB_INS_PRCTL, PR_SET_NAME), K(SB_INS_PRCTL, PR_GET_NAME),
	K(SB_INS_PRCTL, PR_GET_SECCOMP), K(SB_INS_PRCTL, PR_SET_SECCOMP),
	K(SB_INS_PRCTL, PR_CAPBSET_READ), K(SB_INS_PRCTL, PR_CAPBSET_DROP),
	K(SB_INS_PRCTL, PR_GET_TSC), K(SB_INS_PRCTL, PR_SET_TSC),
	K(SB_INS_PRCTL, PR_GET_SECUREBITS), K(SB_INS_PRCTL, PR_SET_SECUREBITS),
	K(SB_INS_PRCTL, PR_SET_TIMERSLACK), K(SB_INS_PRCTL, PR_GET_TIMERSLACK),
	K(SB_INS_PRCTL, PR_SET_MM), K(SB_INS_PRCTL, PR_SET_CHILD_SUBREAPER),
	K(SB_INS_PRCTL, PR_GET_CHILD_SUBREAPER), K(SB_INS_PRCTL, PR_SET_NO_NEW_PRIVS),
	K(SB_INS_PRCTL, PR_GET_NO_NEW_PRIVS), K(SB_INS_PRCTL, PR_GET_TID_ADDRESS),
	K(SB_INS_PRCTL, PR_SET_THP_DISABLE), K(SB_INS_PRCTL, PR_GET_THP_DISABLE),
	K(SB_INS_PRCTL, PR_CAP_AMBIENT), K(SB_INS_PRCTL, PR_SVE_SET_VL),
	K(SB_INS_PRCTL, PR_GET_SPECULATION_CTRL), K(SB_INS_PRCTL, PR_SET_SPECULATION_CTRL),
	K(SB_INS_PRCTL, PR_SET_VMA),
	K(SB_INS_IOCTL, TCGETS), K(SB_INS_IOCTL, TCSETS), K(SB_INS_IOCTL, TCSETSW),
	K(SB_INS_IOCTL, TCSETSF), K(SB_INS_IOCTL, TCGETA), K(SB_INS_IOCTL, TCSETA),
	K(SB_INS_IOCTL, TCSBRK), K(SB_INS_IOCTL, TCXONC), K(SB_INS_IOCTL, TCFLSH),
	K(SB_INS_IOCTL, TIOCEXCL), K(SB_INS_IOCTL, TIOCNXCL), K(SB_INS_IOCTL, TIOCSCTTY),
	K(SB_INS_IOCTL, TIOCGPGRP), K(SB_INS_IOCTL, TIOCSPGRP), K(SB_INS_IOCTL, TIOCOUTQ),
	K(SB_INS_IOCTL, TIOCSTI), K(SB_INS_IOCTL, TIOCGWINSZ), K(SB_INS_IOCTL, TIOCSWINSZ),
	K(SB_INS_IOCTL, TIOCMGET), K(SB_INS_IOCTL, TIOCMSET), K(SB_INS_IOCTL, TIOCGSOFTCAR),
	K(SB_INS_IOCTL, FIONREAD), K(SB_INS_IOCTL, TIOCINQ), K(SB_INS_IOCTL, TIOCLINUX),
	K(SB_INS_IOCTL, TIOCCONS), K(SB_INS_IOCTL, FIONBIO), K(SB_INS_IOCTL, TIOCNOTTY),
	K(SB_INS_IOCTL, TIOCSETD), K(SB_INS_IOCTL, TIOCGETD), K(SB_INS_IOCTL, TIOCGSID),
	K(SB_INS_IOCTL, TIOCGPTN),
	K(SB_INS_IOCTL, TIOCSPTLCK), K(SB_INS_IOCTL, TIOCGPTPEER), K(SB_INS_IOCTL, FIONCLEX),
	K(SB_INS_IOCTL, FIOCLEX), K(SB_INS_IOCTL, FIOASYNC), K(SB_INS_IOCTL, FIOQSIZE),
	K(SB_INS_IOCTL, TIOCGLCKTRMIOS), K(SB_INS_IOCTL, TIOCSLCKTRMIOS),
	K(SB_INS_IOCTL, FS_IOC_GETFLAGS), K(SB_INS_IOCTL, FS_IOC_SETFLAGS),
	K(SB_INS_IOCTL, FS_IOC_GETVERSION),
	K(SB_INS_IOCTL, FIGETBSZ), K(SB_INS_IOCTL, FIBMAP), K(SB_INS_IOCTL, FICLONE),
	K(SB_INS_IOCTL, BLKGETSIZE64), K(SB_INS_IOCTL, BLKSSZGET),
	K(SB_INS_IOCTL, SIOCGIFCONF), K(SB_INS_IOCTL, SIOCGIFFLAGS), K(SB_INS_IOCTL, SIOCGIFINDEX),
	K(SB_INS_IOCTL, SIOCGIFHWADDR), K(SB_INS_IOCTL, SIOCGIFMTU), K(SB_INS_IOCTL, SIOCGIFADDR),
	K(SB_INS_IOCTL, SIOCGIFNAME),
};
#undef K

static bool parse_number(const char *s, size_t len, uint64_t *out)
{
	bool negative = false;
	size_t i = 0;
	if (len && s[0] == '-') {
		negative = true;
		i = 1;
	}
	if (i >= len || s[i] < '0' || s[i] > '9')
		return false;
	uint64_t v = 0;
	unsigned base = 10;
	if (s[i] == '0' && i + 1 < len && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
		base = 16;
		i += 2;
		if (i >= len)
			return false;
	} else if (s[i] == '0' && i + 1 < len) {
		base = 8;
		i++;
	}
	for (; i < len; i++) {
		unsigned d;
		char c = s[i];
		if (c >= '0' && c <= '9')
			d = (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			d = (unsigned)(c - 'A' + 10);
		else
			return false;
		if (d >= base || v > (UINT64_MAX - d) / base)
			return false;
		v = v * base + d;
	}
	*out = negative ? (uint64_t)-(int64_t)v : v;
	return true;
}

static bool parse_constant(const char *s, size_t len, uint64_t *out)
{
	for (size_t i = 0; i < sizeof(constants) / sizeof(constants[0]); i++)
		if (strlen(constants[i].name) == len && !memcmp(constants[i].name, s, len)) {
			*out = constants[i].value;
			return true;
		}
	return parse_number(s, len, out);
}

/* strace's form for ioctl requests it has no name for: _IOC(DIR, TYPE, NR, SIZE), DIR a
 * '|'-joined set of _IOC_NONE/_IOC_READ/_IOC_WRITE. */
static bool parse_ioc(const char *s, size_t len, uint64_t *out)
{
	if (len < 6 || memcmp(s, "_IOC(", 5) || s[len - 1] != ')')
		return false;
	const char *p = s + 5, *end = s + len - 1;
	uint64_t field[4];
	for (int i = 0; i < 4; i++) {
		const char *comma = i < 3 ? memchr(p, ',', (size_t)(end - p)) : end;
		if (!comma)
			return false;
		const char *a = p, *b = comma;
		while (a < b && *a == ' ')
			a++;
		if (i == 0) {
			field[0] = 0;
			for (const char *q = a; q < b;) {
				const char *bar = memchr(q, '|', (size_t)(b - q));
				size_t n = bar ? (size_t)(bar - q) : (size_t)(b - q);
				if (n == 9 && !memcmp(q, "_IOC_NONE", 9))
					field[0] |= 0;
				else if (n == 9 && !memcmp(q, "_IOC_READ", 9))
					field[0] |= 2;
				else if (n == 10 && !memcmp(q, "_IOC_WRITE", 10))
					field[0] |= 1;
				else
					return false;
				q += n + (bar ? 1 : 0);
			}
		} else if (!parse_number(a, (size_t)(b - a), &field[i])) {
			return false;
		}
		p = comma + 1;
	}
	if (field[1] > 0xff || field[2] > 0xff || field[3] > 0x3fff)
		return false;
	*out = field[0] << 30 | field[3] << 16 | field[1] << 8 | field[2];
	return true;
}

bool sb_argument_value(const char *s, size_t len, uint64_t *out)
{
	while (len && (*s == ' ' || *s == '\t'))
		s++, len--;
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	/* strace -X verbose and unknown values print the number then a C comment naming it. */
	const char *comment = memchr(s, '/', len);
	if (comment && comment + 1 < s + len && comment[1] == '*') {
		len = (size_t)(comment - s);
		while (len && s[len - 1] == ' ')
			len--;
	}
	if (len == 0)
		return false;
	if (parse_ioc(s, len, out))
		return true;
	uint64_t v = 0;
	for (const char *p = s, *end = s + len; p < end;) {
		const char *bar = memchr(p, '|', (size_t)(end - p));
		size_t n = bar ? (size_t)(bar - p) : (size_t)(end - p);
		uint64_t part;
		if (!parse_constant(p, n, &part))
			return false;
		v |= part;
		p += n + (bar ? 1 : 0);
		if (bar && p == end)
			return false;
	}
	*out = v;
	return true;
}
