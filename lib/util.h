/*
 * Small pieces every layer uses: one-line errors, strict number parsing, ':'-lists, whole
 * reads and writes that survive signals, and the "did you mean" hint.
 */
#ifndef SB_UTIL_H
#define SB_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "sandbox.h"

/* in, with every control byte (below 0x20, 0x7f) written as \xNN, cut to fit len. */
void sb_escape_controls(const char *in, char *out, size_t len);
/* Fill err (may be NULL) and return code. The message is one line: control bytes are
 * escaped. */
int sb_fail(struct sandbox_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The number s[0..n) spells: decimal, 0x hexadecimal or 0 octal, below 2^64, nothing
 * else (no sign, no space). False when it is not one. */
bool sb_parse_u64(const char *s, size_t n, uint64_t *out);

/* Length of the entry at s in a ':'-separated list (lists, include maps). */
size_t sb_list_entry_len(const char *s);

/* write() until all n bytes are out, retrying on EINTR; false on error or a zero write. */
bool sb_write_all(int fd, const void *buf, size_t n);
/* read() up to n bytes, stopping at end of file, retrying on EINTR: the count, or -1. */
ssize_t sb_read_full(int fd, void *buf, size_t n);
/* waitpid() retried on EINTR. */
pid_t sb_waitpid(pid_t pid, int *status, int flags);

/* Read a whole regular file of at most max bytes into a NUL-terminated buffer (*len
 * without the NUL; from sb_alloc, give back with sb_free); *file (may be NULL) receives
 * the status of the file read. `what` names the input for messages. Refuses devices,
 * FIFOs, directories and larger files, and never blocks on opening. After a failed open
 * errno is open's, so a caller can tell a missing file. */
struct stat;
int sb_read_small_file(const char *path, size_t max, const char *what, char **data,
		       size_t *len, struct stat *file, struct sandbox_error *err);

/* "did you mean A, B? " for the n names in near[] ("" when n is 0), into buf; returns buf.
 * The one format of every suggestion the project makes. */
const char *sb_hint(const char *const *near, size_t n, char *buf, size_t len);

/* /proc/PID/status (pid 0: this process) read whole into buf (len bytes, NUL-terminated),
 * with the system calls themselves (the library's constructor uses it); false when it
 * cannot be read. */
bool sb_read_proc_status(pid_t pid, char *buf, size_t len);
/* The number after "FIELD:" in that text, in base 10 or 16 (SigCgt is hex); -1 when the
 * field is absent. */
long long sb_status_number(const char *status, const char *field, int base);

#endif
