/*
 * The SIGSYS report handler. Freestanding on purpose: no libc, no allocation, raw
 * syscalls, only sb_report_data, so it is async-signal-safe in libsandbox.so and can be
 * built as a position-independent blob that sandboxify places in a static program.
 */
#include "arg_names.h"
#include "raw_syscall.h"
#include "report_data.h"
#include "report.h"
#include "syscall_names.h"
#include "syscall_names_foreign.h"

#include <linux/audit.h>
#include <stddef.h>
#include <sys/syscall.h>
#include <ucontext.h>

/* si_code of a SIGSYS raised by a seccomp trap (asm-generic/siginfo.h). */
#ifndef SYS_SECCOMP
#define SYS_SECCOMP 1
#endif

__attribute__((visibility("hidden"))) struct sb_report_data sb_report_data;

struct out {
	char *buf;
	unsigned long len, cap;
};

static void put(struct out *o, const char *s)
{
	while (*s && o->len + 1 < o->cap)
		o->buf[o->len++] = *s++;
	o->buf[o->len] = '\0';
}

static void put_num(struct out *o, uint64_t v, unsigned base)
{
	char digits[32];
	sb_number_text(v, base, digits, sizeof(digits));
	put(o, digits);
}

static const char *name_of(const struct sb_report_data *d, int nr)
{
	(void)d;
	if (nr < 0 || nr >= SB_SYSCALL_NAMES_LIMIT || !sb_syscall_name_at[nr])
		return NULL;
	return sb_syscall_name_chars + sb_syscall_name_at[nr];
}

/* X32 numbers carry this bit on the x86_64 arch value. */
#define X32_SYSCALL_BIT 0x40000000u

/* The name of a call of another ABI, or NULL. From 424 on every ABI shares the native
 * numbering; below 512, x32 uses the native numbers. */
static const char *foreign_name(const struct sb_report_data *d, uint32_t arch, uint32_t nr,
				const char **abi)
{
	*abi = NULL;
	if (arch == AUDIT_ARCH_I386) {
		*abi = "i386";
		if (nr < SB_I386_NAMES_LIMIT)
			return sb_i386_name_at[nr] ? sb_foreign_name_chars + sb_i386_name_at[nr] : NULL;
		return name_of(d, (int)nr);
	}
	if (arch == AUDIT_ARCH_X86_64 && (nr & X32_SYSCALL_BIT)) {
		*abi = "x32";
		nr &= ~X32_SYSCALL_BIT;
		if (nr >= SB_X32_NAMES_FIRST && nr < SB_X32_NAMES_LIMIT)
			return sb_x32_name_at[nr - SB_X32_NAMES_FIRST] ?
			       sb_foreign_name_chars + sb_x32_name_at[nr - SB_X32_NAMES_FIRST] : NULL;
		return name_of(d, (int)nr);
	}
	return NULL;
}

unsigned long sb_report_foreign_line(const struct sb_report_data *d, char *buf, unsigned long len,
				     uint32_t nr, uint32_t arch)
{
	struct out o = { .buf = buf, .cap = len };
	const char *abi, *name = foreign_name(d, arch, nr, &abi);
	if (len == 0)
		return 0;
	buf[0] = '\0';
	put(&o, "sandbox: blocked ");
	if (abi) {
		put(&o, abi);
		put(&o, " syscall ");
		put_num(&o, nr & ~X32_SYSCALL_BIT, 10);
	} else {
		put(&o, "syscall ");
		put_num(&o, nr, 10);
		put(&o, " of ABI 0x");
		put_num(&o, arch, 16);
	}
	if (name) {
		put(&o, " (");
		put(&o, name);
		put(&o, ")");
	}
	put(&o, " \xe2\x80\x94 foreign ABI, always refused\n");
	return o.len;
}

unsigned long sb_report_line(const struct sb_report_data *d, char *buf, unsigned long len,
			     int nr, uint32_t arch, const uint64_t args[6])
{
	struct out o = { .buf = buf, .cap = len };
	if (len == 0)
		return 0;
	buf[0] = '\0';
	int native = arch == AUDIT_ARCH_X86_64 && nr >= 0 && nr < SB_REPORT_NR_LIMIT;
	const char *name = native ? name_of(d, nr) : NULL;

	/* "ioctl(fd=1, cmd=TCGETS, arg=0x7ffe...)" when the table declares the arguments, all
	 * six registers in hex when not; a number without a name as the number. */
	put(&o, "sandbox: blocked syscall ");
	if (name)
		put(&o, name);
	else
		put_num(&o, (uint32_t)nr, 10);
	put(&o, "(");
	int declared = native ? sb_arg_count(nr) : -1;
	for (int i = 0; i < (declared < 0 ? 6 : declared); i++) {
		char value[96];
		if (i)
			put(&o, ", ");
		if (declared < 0) {
			put_num(&o, args[i], 16);
			continue;
		}
		put(&o, sb_arg_name(nr, i));
		put(&o, "=");
		sb_arg_value_text(nr, i, args[i], value, sizeof(value));
		put(&o, value);
	}
	put(&o, ") \xe2\x80\x94 ");   /* an em dash */
	switch (native ? d->reason[nr] : SB_REASON_NONE) {
	case SB_REASON_NOT_ALLOWED:
		put(&o, "not in SECCOMP_SYSCALL_ALLOW");
		break;
	case SB_REASON_DENIED:
		put(&o, "listed in SECCOMP_SYSCALL_DENY");
		break;
	case SB_REASON_ARGUMENTS:
		put(&o, "arguments refused by ");
		put(&o, d->origin);
		break;
	case SB_REASON_INHERITED:
		put(&o, "refused by the filter of an enclosing sandbox");
		break;
	default:
		put(&o, "refused by ");
		put(&o, d->origin);
	}
	const char *sibling = native && d->sibling[nr] >= 0 ? name_of(d, d->sibling[nr]) : NULL;
	if (sibling) {
		put(&o, " (");
		put(&o, sibling);
		put(&o, " is allowed: this libc calls ");
		put(&o, name ? name : "another call");
		put(&o, " instead)");
	}
	put(&o, "\n");
	return o.len;
}

void sb_report_handler(int sig, siginfo_t *si, void *context)
{
	(void)sig;
	const struct sb_report_data *d = &sb_report_data;
	ucontext_t *uc = context;
	greg_t *regs = uc->uc_mcontext.gregs;
	uint64_t args[6] = { (uint64_t)regs[REG_RDI], (uint64_t)regs[REG_RSI], (uint64_t)regs[REG_RDX],
			     (uint64_t)regs[REG_R10], (uint64_t)regs[REG_R8], (uint64_t)regs[REG_R9] };

	/* A SIGSYS sent with kill() carries no syscall to repeat; the handler cannot be
	 * swapped for the default one (the filter fakes that), so such a signal is ignored. */
	if (si->si_code != SYS_SECCOMP)
		return;
	if (si->si_errno == SB_REPORT_FOREIGN_DATA) {
		char line[SB_REPORT_LINE_MAX];
		unsigned long n = sb_report_foreign_line(d, line, sizeof(line), (uint32_t)si->si_syscall,
							 si->si_arch);
		sb_raw_syscall6(SYS_write, 2, (long)line, (long)n, (long)d->cookie, 0, 0);
		/* Repeating the call natively would run another syscall of the same number; an
		 * x32 number traps like every foreign call (the filter refuses them all), and
		 * with SIGSYS blocked here the kernel kills by SIGSYS, as the kill would have. */
		sb_raw_syscall6((long)(X32_SYSCALL_BIT | SYS_getpid), 0, 0, 0, 0, 0, 0);
		sb_raw_syscall6(SYS_exit_group, 128 + 31, 0, 0, 0, 0, 0);
	}
	if (si->si_errno == SB_REPORT_TRAP_DATA) {
		char line[SB_REPORT_LINE_MAX];
		unsigned long n = sb_report_line(d, line, sizeof(line), si->si_syscall, si->si_arch, args);
		sb_raw_syscall6(SYS_write, 2, (long)line, (long)n, (long)d->cookie, 0, 0);
	}
	/* SIGSYS is blocked while this handler runs: the same call traps again and the kernel,
	 * finding the signal blocked, resets it to its default action and the process dies by
	 * SIGSYS, as it would have under the kill. */
	sb_raw_syscall6(si->si_syscall, (long)args[0], (long)args[1], (long)args[2], (long)args[3],
		     (long)args[4], (long)args[5]);
	/* Not reached; if it were, exit rather than return into the refused call. exit_group
	 * itself traps (and so kills) when the policy refuses it. */
	sb_raw_syscall6(SYS_exit_group, 128 + 31, 0, 0, 0, 0, 0);
}

/* Return path for a handler installed with a raw rt_sigaction (sandboxify's static
 * programs have no libc restorer of ours): rt_sigreturn. */
__asm__(".text\n"
	".globl sb_report_restorer\n"
	".hidden sb_report_restorer\n"
	".type sb_report_restorer, @function\n"
	"sb_report_restorer:\n"
	"\tmov $15, %eax\n"
	"\tsyscall\n"
	"\thlt\n");
