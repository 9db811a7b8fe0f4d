/*
 * The report passed to the programs a sandboxed program starts. After exec the SIGSYS
 * handler is gone and nothing of the process's memory survives; the environment does. The
 * library in the new program reads SECCOMP_REPORT_INHERITED and installs the same handler
 * with the same data, through the filter's one opening for it (report.h).
 *
 * Value: "1:COOKIE:REASONS:SIBLINGS:ORIGIN"
 *   COOKIE    16 lowercase hex digits
 *   REASONS   runs "<letter><count>" covering every number below SB_REPORT_NR_LIMIT in
 *             order; x none, n not allowed, d denied, p policy, a arguments, i inherited
 *   SIBLINGS  "refused>allowed" pairs of numbers, comma-separated, possibly none
 *   ORIGIN    the rest: printable text, at most 255 bytes
 */
#include "report.h"
#include "report_data.h"
#include "util.h"

#include <string.h>

static const char reason_letters[] = {
	[SB_REASON_NONE] = 'x', [SB_REASON_NOT_ALLOWED] = 'n', [SB_REASON_DENIED] = 'd',
	[SB_REASON_POLICY] = 'p', [SB_REASON_ARGUMENTS] = 'a', [SB_REASON_INHERITED] = 'i',
};
#define N_REASONS (sizeof(reason_letters) / sizeof(reason_letters[0]))

static int reason_of(char letter)
{
	for (unsigned r = 0; r < N_REASONS; r++)
		if (reason_letters[r] == letter)
			return (int)r;
	return -1;
}

/* Appends without stdio: this runs at every start-up of a program with the report. */
struct out {
	char *buf;
	size_t size, len;
};

static void put_char(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void put_text(struct out *o, const char *s)
{
	while (*s)
		put_char(o, *s++);
}

static void put_decimal(struct out *o, unsigned long v)
{
	char digits[24];
	int n = 0;
	do
		digits[n++] = (char)('0' + v % 10);
	while ((v /= 10));
	while (n)
		put_char(o, digits[--n]);
}

/* Where the run of `value` starting at `from` ends: eight entries at a time, since most of
 * the table is one long run (the default's reason) that every start-up walks. */
static unsigned run_end(const uint8_t *a, unsigned from, unsigned end, uint8_t value)
{
	const uint64_t same = 0x0101010101010101ULL * value;
	unsigned i = from;
	for (uint64_t w; i + 8 <= end && (memcpy(&w, a + i, 8), w == same); i += 8)
		;
	while (i < end && a[i] == value)
		i++;
	return i;
}

size_t sb_report_encode(const struct sb_report_data *d, char *buf, size_t size)
{
	struct out o = { buf, size, 0 };
	put_text(&o, "1:");
	for (int shift = 60; shift >= 0; shift -= 4)
		put_char(&o, "0123456789abcdef"[(d->cookie >> shift) & 0xf]);
	put_char(&o, ':');
	for (unsigned nr = 0; nr < SB_REPORT_NR_LIMIT;) {
		unsigned end = run_end(d->reason, nr, SB_REPORT_NR_LIMIT, d->reason[nr]);
		put_char(&o, d->reason[nr] < N_REASONS ? reason_letters[d->reason[nr]] : 'x');
		put_decimal(&o, end - nr);
		nr = end;
	}
	put_char(&o, ':');
	bool first = true;
	for (unsigned nr = 0; nr < SB_REPORT_NR_LIMIT; nr++) {
		/* Four entries at a time: nearly all are -1 (no sibling). */
		uint64_t w;
		if (nr % 4 == 0 && nr + 4 <= SB_REPORT_NR_LIMIT &&
		    (memcpy(&w, &d->sibling[nr], 8), w == ~(uint64_t)0)) {
			nr += 3;
			continue;
		}
		if (d->sibling[nr] >= 0) {
			if (!first)
				put_char(&o, ',');
			put_decimal(&o, nr);
			put_char(&o, '>');
			put_decimal(&o, (unsigned long)d->sibling[nr]);
			first = false;
		}
	}
	put_char(&o, ':');
	put_text(&o, d->origin);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return o.len;
}

static bool read_number(const char **p, unsigned long max, unsigned long *out)
{
	const char *s = *p;
	unsigned long v = 0;
	if (*s < '0' || *s > '9')
		return false;
	for (; *s >= '0' && *s <= '9'; s++) {
		v = v * 10 + (unsigned long)(*s - '0');
		if (v > max)
			return false;
	}
	*p = s;
	*out = v;
	return true;
}

/* Returns NULL when well-formed, else what was wrong. */
static const char *decode(const char *p, struct sb_report_data *d)
{
	if (strncmp(p, "1:", 2))
		return "not version 1";
	p += 2;
	uint64_t cookie = 0;
	for (int i = 0; i < 16; i++, p++) {
		int v = *p >= '0' && *p <= '9' ? *p - '0' : *p >= 'a' && *p <= 'f' ? *p - 'a' + 10 : -1;
		if (v < 0)
			return "the cookie is not 16 hex digits";
		cookie = cookie << 4 | (uint64_t)v;
	}
	if (*p++ != ':')
		return "the cookie is not 16 hex digits";
	d->cookie = cookie;
	unsigned nr = 0;
	while (*p != ':') {
		int reason = reason_of(*p);
		unsigned long run;
		p++;
		if (reason < 0 || !read_number(&p, SB_REPORT_NR_LIMIT - nr, &run) || !run)
			return "malformed reasons";
		memset(d->reason + nr, reason, run);
		nr += (unsigned)run;
	}
	if (nr != SB_REPORT_NR_LIMIT)
		return "the reasons do not cover every syscall number";
	p++;
	for (unsigned i = 0; i < SB_REPORT_NR_LIMIT; i++)
		d->sibling[i] = -1;
	while (*p != ':') {
		unsigned long refused, allowed;
		if (!read_number(&p, SB_REPORT_NR_LIMIT - 1, &refused) || *p++ != '>' ||
		    !read_number(&p, SB_REPORT_NR_LIMIT - 1, &allowed) || (*p != ',' && *p != ':'))
			return "malformed sibling pairs";
		d->sibling[refused] = (int16_t)allowed;
		if (*p == ',' && *++p == ':')
			return "malformed sibling pairs";
	}
	p++;
	size_t len = strlen(p);
	if (len >= sizeof(d->origin))
		return "the origin is longer than 255 bytes";
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)p[i] < 0x20 || p[i] == 0x7f)
			return "control characters in the origin";
	memcpy(d->origin, p, len + 1);
	return NULL;
}

int sb_report_decode(const char *value, struct sb_report_data *out, struct sandbox_error *err)
{
	/* Decoded aside, so a malformed value leaves nothing half-written; on the stack, not
	 * the heap: in a program started inside, the C allocator would be set up for it. */
	struct sb_report_data d;
	memset(&d, 0, sizeof(d));
	const char *wrong = decode(value, &d);
	if (wrong)
		return sb_fail(err, SANDBOX_ECONFIG, SB_REPORT_INHERITED_VAR ": %s (accepted: the "
			       "value the library sets for the programs a sandboxed one starts; unset "
			       "it to start them without the report)", wrong);
	memcpy(out, &d, sizeof(d));
	return SANDBOX_OK;
}
