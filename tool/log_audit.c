/* Kernel seccomp audit records -> observations. The same record reaches dmesg/the journal
 * ("audit: type=1326 audit(T:S): ... arch=c000003e syscall=262 ...") and audit.log
 * ("type=SECCOMP msg=audit(T:S): ..."). */
#include "log.h"
#include "syscalls.h"

#include <stdlib.h>
#include <string.h>

/* The value of " KEY=" in the record (quoted values without their quotes). */
static bool field(const char *line, const char *end, const char *key, const char **value,
		  size_t *len)
{
	size_t klen = strlen(key);
	for (const char *p = line; p < end;) {
		const char *hit = memmem(p, (size_t)(end - p), key, klen);
		if (!hit)
			return false;
		p = hit + klen;
		if (hit != line && hit[-1] != ' ')
			continue;
		if (p < end && *p == '"') {
			const char *close = memchr(p + 1, '"', (size_t)(end - p - 1));
			if (!close)
				return false;
			*value = p + 1;
			*len = (size_t)(close - p - 1);
			return true;
		}
		const char *v = p;
		while (p < end && *p != ' ' && *p != '\x1d')
			p++;
		*value = v;
		*len = (size_t)(p - v);
		return true;
	}
	return false;
}

static bool number(const char *s, size_t len, int base, uint64_t *out)
{
	if (len == 0 || len > 20)
		return false;
	char tmp[24];
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	char *e;
	*out = strtoull(tmp, &e, base);
	return *e == '\0' && tmp[0] != '-';
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	return -1;
}

/* The audit subsystem writes comm/exe values with spaces or odd bytes as bare hex. */
static bool same_text(const char *line, const char *value, size_t len, const char *want)
{
	bool quoted = value > line && value[-1] == '"';
	size_t wlen = strlen(want);
	if (quoted)
		return len == wlen && !memcmp(value, want, len);
	if (len != 2 * wlen)
		return false;
	for (size_t i = 0; i < wlen; i++) {
		int hi = hexval(value[2 * i]), lo = hexval(value[2 * i + 1]);
		if (hi < 0 || lo < 0 || (char)(hi * 16 + lo) != want[i])
			return false;
	}
	return true;
}

enum sb_line sb_audit_line(struct sb_observed *o, const char *line, size_t len,
			   const struct sb_log_filter *filter)
{
	const char *end = line + len;
	if (!memmem(line, len, "type=1326 ", 10) && !memmem(line, len, "type=SECCOMP ", 13))
		return SB_LINE_IGNORED;
	const char *v;
	size_t vlen;
	uint64_t arch, nr, pid;
	if (!field(line, end, "arch=", &v, &vlen) || !number(v, vlen, 16, &arch) ||
	    !field(line, end, "syscall=", &v, &vlen) || !number(v, vlen, 10, &nr))
		return SB_LINE_MALFORMED;
	if (filter) {
		if (filter->pid >= 0 && (!field(line, end, "pid=", &v, &vlen) ||
					 !number(v, vlen, 10, &pid) || pid != (uint64_t)filter->pid))
			return SB_LINE_IGNORED;
		if (filter->comm && (!field(line, end, "comm=", &v, &vlen) ||
				     !same_text(line, v, vlen, filter->comm)))
			return SB_LINE_IGNORED;
		if (filter->exe && (!field(line, end, "exe=", &v, &vlen) ||
				    !same_text(line, v, vlen, filter->exe)))
			return SB_LINE_IGNORED;
	}
	if (arch > UINT32_MAX || nr > 100000 || !sb_arch_name((uint32_t)arch)) {
		o->unknown++;
		return SB_LINE_UNKNOWN;
	}
	int native = (int)nr;
	if ((uint32_t)arch != sb_native_arch()) {
		/* Another ABI (a 32-bit program): the same call by name, when the native ABI has it. */
		const char *name = sb_syscall_name_arch((uint32_t)arch, (int)nr);
		native = name ? sb_syscall_number(name) : -1;
		o->foreign++;
	}
	if (native < 0 || !sb_syscall_name(native)) {
		o->unknown++;
		return SB_LINE_UNKNOWN;
	}
	sb_observed_add(o, native, false, 0);
	return SB_LINE_RECORD;
}
