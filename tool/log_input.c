/* Streaming a log through a fixed buffer and dispatching its lines to the right parser. */
#include "log.h"
#include "policy.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* The format is detected from the first LOG_BUF bytes. Lines longer than this (strace -s 100000 strings) are parsed from their first LOG_BUF
 * bytes: the name and the leading arguments are all a policy needs. */
#define LOG_BUF (1u << 20)

enum sb_log_kind sb_log_detect(const char *head, size_t len)
{
	if (memmem(head, len, "type=1326", 9) || memmem(head, len, "type=SECCOMP", 12))
		return SB_LOG_AUDIT;
	return SB_LOG_STRACE;
}

struct reader {
	const char *name;
	const struct sb_log_filter *filter;
	struct sb_observed *o;
	enum sb_log_kind kind;
	uint64_t lineno, recognised, nonblank;
};

static void note_malformed(struct reader *r, const char *line, size_t len)
{
	struct sb_observed *o = r->o;
	o->malformed++;
	if (o->first_malformed[0])
		return;
	char text[64];
	size_t n = 0;
	for (size_t i = 0; i < len && n + 1 < sizeof(text) && i < 60; i++)
		text[n++] = line[i] >= 0x20 && line[i] < 0x7f ? line[i] : '?';
	text[n] = '\0';
	snprintf(o->first_malformed, sizeof(o->first_malformed), "%s:%llu: %s%s", r->name,
		 (unsigned long long)r->lineno, text, len > 60 ? "..." : "");
}

static void dispatch(struct reader *r, const char *line, size_t len)
{
	r->lineno++;
	r->o->lines++;
	size_t i = 0;
	while (i < len && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'))
		i++;
	if (i == len)
		return;
	r->nonblank++;
	enum sb_line what = r->kind == SB_LOG_AUDIT ? sb_audit_line(r->o, line, len, r->filter)
						    : sb_strace_line(r->o, line, len);
	switch (what) {
	case SB_LINE_MALFORMED:
		note_malformed(r, line, len);
		break;
	case SB_LINE_IGNORED:
		r->o->ignored++;
		r->recognised++;
		break;
	case SB_LINE_UNKNOWN:
		r->recognised++;
		break;
	case SB_LINE_RECORD:
		r->recognised++;
		break;
	}
}

int sb_log_read(int fd, const char *name, const struct sb_log_filter *filter,
		struct sb_observed *o, enum sb_log_kind *kind, struct sandbox_error *err)
{
	struct reader r = { .name = name, .filter = filter, .o = o };
	/* Mapped, not malloc'd: one large block that is only ever touched as far as the log
	 * fills it (a small log costs a page or two). */
	char *buf = mmap(NULL, LOG_BUF, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	size_t have = 0;
	bool detected = false, skipping = false, eof = false;

	if (buf == MAP_FAILED)
		return sb_fail(err, SANDBOX_ENOMEM, "%s: out of memory", name);
	while (!eof) {
		ssize_t n = read(fd, buf + have, LOG_BUF - have);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			munmap(buf, LOG_BUF);
			return sb_fail(err, SANDBOX_ECONFIG, "%s: read failed: %s", name, strerror(e));
		}
		eof = n == 0;
		have += (size_t)n;
		if (!detected && (eof || have == LOG_BUF)) {
			r.kind = sb_log_detect(buf, have);
			detected = true;
		}
		if (!detected)
			continue;
		size_t start = 0;
		for (;;) {
			char *nl = memchr(buf + start, '\n', have - start);
			if (!nl)
				break;
			size_t len = (size_t)(nl - (buf + start));
			if (!skipping)
				dispatch(&r, buf + start, len);
			skipping = false;
			start += len + 1;
		}
		if (eof && start < have && !skipping)    /* last line without a newline */
			dispatch(&r, buf + start, have - start);
		else if (start == 0 && have == LOG_BUF) {
			/* A line longer than the buffer: parse its head, drop the rest. */
			if (!skipping)
				dispatch(&r, buf, have);
			skipping = true;
			start = have;
		}
		memmove(buf, buf + start, have - start);
		have -= start;
	}
	munmap(buf, LOG_BUF);
	*kind = r.kind;
	if (r.nonblank == 0)
		return sb_fail(err, SANDBOX_ECONFIG, "%s: empty input (expected an strace log or "
			       "kernel/audit log lines)", name);
	if (r.recognised == 0)
		return sb_fail(err, SANDBOX_ECONFIG, "%s: not a syscall log: no line is an strace "
			       "line such as 'openat(AT_FDCWD, \"/etc\", O_RDONLY) = 3' or a seccomp "
			       "audit record with type=1326 ... syscall=N", name);
	return SANDBOX_OK;
}
