/* Syscall logs -> observations: strace output and the kernel's seccomp audit records (dmesg,
 * journal, audit.log). Files are streamed through one fixed buffer, one line at a time,
 * with no allocation per line, so memory stays flat whatever the log's size. */
#ifndef SB_LOG_H
#define SB_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "observed.h"

enum sb_log_kind { SB_LOG_STRACE, SB_LOG_AUDIT };

/* What one line turned out to be. */
enum sb_line {
	SB_LINE_RECORD,     /* a syscall, recorded */
	SB_LINE_IGNORED,    /* a line of the format that is not a new call (signal, exit, resumed,
			       another audit record type, a record the filter left out) */
	SB_LINE_UNKNOWN,    /* a call whose name or number is not a native syscall */
	SB_LINE_MALFORMED,  /* not a line of the format, or cut short (a cut strace line whose
			       call name is complete is still recorded) */
};

/* Which seccomp audit records to take (NULL / -1: all). */
struct sb_log_filter {
	const char *comm;   /* the comm= field (15 bytes at most in the kernel) */
	const char *exe;    /* the exe= field, a full path */
	long pid;           /* the pid= field, or -1 */
};

/* One strace line (without its newline). Understands -f/-ff, "[pid N]" and bare-pid
 * prefixes, -t/-tt/-ttt/-r timestamps, -i addresses, <unfinished ...>/<... resumed>,
 * -e raw=all numbers, signals, exits and calls printed by number (syscall_0x1b6). */
enum sb_line sb_strace_line(struct sb_observed *o, const char *line, size_t len);

/* One kernel log or audit.log line; only type=1326 / type=SECCOMP records count. */
enum sb_line sb_audit_line(struct sb_observed *o, const char *line, size_t len,
			   const struct sb_log_filter *filter);

/* The format of a log, from its first bytes. */
enum sb_log_kind sb_log_detect(const char *head, size_t len);

/*
 * Stream a whole log from fd into o. `name` names it in messages. On return *kind is the
 * detected format. Fails (SANDBOX_ECONFIG, message naming the file) on a read error, an
 * empty input, or one in which no line is of the detected format.
 */
int sb_log_read(int fd, const char *name, const struct sb_log_filter *filter,
		struct sb_observed *o, enum sb_log_kind *kind, struct sandbox_error *err);

#endif
