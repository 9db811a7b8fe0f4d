/*
 * What the SIGSYS report handler reads: prepared before the filter is loaded, with no
 * pointers, so the same handler code can run inside libsandbox.so or be copied, with this
 * data, into a static program by sandboxify. Syscall names are compiled into the handler.
 */
#ifndef SB_REPORT_DATA_H
#define SB_REPORT_DATA_H

#include <signal.h>
#include <stdint.h>

#define SB_REPORT_NR_LIMIT 1024      /* = SB_NR_LIMIT */
/* The longest report line: the filter lets no longer write through with the cookie. */
#define SB_REPORT_LINE_MAX 512

enum sb_report_reason {
	SB_REASON_NONE,           /* not refused (the trap came from elsewhere) */
	SB_REASON_NOT_ALLOWED,    /* not in SECCOMP_SYSCALL_ALLOW */
	SB_REASON_DENIED,         /* listed in SECCOMP_SYSCALL_DENY */
	SB_REASON_POLICY,         /* refused by the policy file */
	SB_REASON_ARGUMENTS,      /* the arguments are refused */
	SB_REASON_INHERITED,      /* allowed here, refused by a filter the process inherited */
};

struct sb_report_data {
	uint64_t cookie;                          /* write(2, ..., cookie) passes the filter */
	char origin[256];                         /* variable or policy file */
	uint8_t reason[SB_REPORT_NR_LIMIT];       /* enum sb_report_reason per syscall */
	int16_t sibling[SB_REPORT_NR_LIMIT];      /* allowed call the refused one replaces, or -1 */
};

extern struct sb_report_data sb_report_data;

/* The kernel's struct sigaction for rt_sigaction on x86_64 (not glibc's): the handler is
 * installed with the system call itself, by the library (with the cookie an inherited
 * filter lets through) and by sandboxify in a traced program. */
struct sb_kernel_sigaction {
	unsigned long handler;
	unsigned long flags;
	unsigned long restorer;
	uint64_t mask;
};
#ifndef SA_RESTORER
#define SA_RESTORER 0x04000000
#endif

/* Format the report line for a refused native call into buf; returns its length. */
unsigned long sb_report_line(const struct sb_report_data *d, char *buf, unsigned long len,
			     int nr, uint32_t arch, const uint64_t args[6]);

/* The same for a call of a foreign ABI (i386 through int 0x80, x32): "blocked i386 syscall
 * 20 (getpid) -- foreign ABI, always refused". */
unsigned long sb_report_foreign_line(const struct sb_report_data *d, char *buf, unsigned long len,
				     uint32_t nr, uint32_t arch);

/* The SA_SIGINFO handler. */
void sb_report_handler(int sig, siginfo_t *si, void *context);

#endif
