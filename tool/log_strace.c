/* strace output -> observations. */
#include "log.h"
#include "syscalls.h"

#include <string.h>

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static bool starts(const char *p, const char *end, const char *word)
{
	size_t n = strlen(word);
	return (size_t)(end - p) >= n && !memcmp(p, word, n);
}

static const char *skip_blanks(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

/* The prefixes strace puts before a call: "[pid N]", a bare pid (-f -o), -t/-tt/-ttt/-r
 * times and "[ADDRESS]" (-i). NULL when the line ends inside them. */
static const char *skip_prefixes(const char *p, const char *end)
{
	for (int tokens = 0; tokens < 5; tokens++) {
		p = skip_blanks(p, end);
		if (p == end)
			return NULL;
		if (*p == '[' && p + 1 < end && p[1] != ' ') {
			const char *close = memchr(p, ']', (size_t)(end - p));
			if (!close)
				return NULL;
			p = close + 1;
			continue;
		}
		if (!is_digit(*p))
			return p;
		const char *q = p;
		while (q < end && (is_digit(*q) || *q == ':' || *q == '.'))
			q++;
		if (q == end || (*q != ' ' && *q != '\t'))
			return p;      /* not a prefix token; the caller rejects it */
		p = q;
	}
	return skip_blanks(p, end);
}

/* The text of argument `index` of the call whose '(' is at open: commas at nesting depth 0
 * separate arguments; strings, {}, [] and () nest; "<...>" after a descriptor (-y) too. */
static bool argument(const char *open, const char *end, unsigned index, const char **arg,
		     size_t *len)
{
	const char *p = open + 1, *start = p;
	int depth = 0;
	unsigned at = 0;
	for (; p < end; p++) {
		char c = *p;
		if (c == '"') {
			for (p++; p < end && *p != '"'; p++)
				if (*p == '\\')
					p++;
			if (p >= end) {
				p = end;   /* a string cut after a backslash: stop at the line's end */
				break;
			}
			continue;
		}
		if (c == '<' && depth == 0 && p > start && is_digit(p[-1])) {
			const char *close = memchr(p, '>', (size_t)(end - p));
			if (!close)
				break;
			p = close;
			continue;
		}
		if (c == '<' && depth == 0 && starts(p, end, "<unfinished"))
			break;
		if (c == '(' || c == '[' || c == '{') {
			depth++;
		} else if (c == ')' || c == ']' || c == '}') {
			if (depth == 0)
				break;
			depth--;
		} else if (c == ',' && depth == 0) {
			if (at == index) {
				*arg = start;
				*len = (size_t)(p - start);
				return true;
			}
			at++;
			start = p + 1;
		}
	}
	if (at != index || p == start)
		return false;
	*arg = start;
	*len = (size_t)(p - start);
	return true;
}

/* The call ended on this line (" = RESULT") or continues later ("<unfinished ...>"). */
static bool complete(const char *open, const char *end)
{
	while (end > open && (end[-1] == ' ' || end[-1] == '\r' || end[-1] == '\t'))
		end--;
	if (end - open >= 16 && !memcmp(end - 16, "<unfinished ...>", 16))
		return true;
	/* The result comes last: search back for ") = " / ")= " (the padded form). */
	for (const char *p = end - 2; p > open + 1; p--)
		if (*p == '=' && p[1] == ' ' && (p[-1] == ' ' || p[-1] == ')')) {
			const char *q = p - 1;
			while (q > open && *q == ' ')
				q--;
			if (*q == ')')
				return true;
		}
	return false;
}

static int number_name(const char *p, size_t len)
{
	/* strace prints calls it has no name for as syscall_0x1b6 (6.x) or syscall_438. */
	if (len <= 8 || memcmp(p, "syscall_", 8))
		return -2;
	uint64_t v;
	if (!sb_argument_value(p + 8, len - 8, &v) || v >= SB_NR_LIMIT)
		return -1;
	return (int)v;
}

enum sb_line sb_strace_line(struct sb_observed *o, const char *line, size_t len)
{
	const char *end = line + len;
	const char *p = skip_prefixes(line, end);
	if (!p)
		return SB_LINE_MALFORMED;
	if (starts(p, end, "--- ") || starts(p, end, "+++ ") || starts(p, end, "<... ") ||
	    starts(p, end, "strace: ") || starts(p, end, "[ Process PID="))
		return SB_LINE_IGNORED;
	const char *name = p;
	while (p < end && ((*p >= 'a' && *p <= 'z') || is_digit(*p) || *p == '_'))
		p++;
	size_t name_len = (size_t)(p - name);
	if (name_len == 0 || p == end || *p != '(' || is_digit(*name))
		return SB_LINE_MALFORMED;
	/* A line cut short (the log's end when strace was killed, or another process's output
	 * spliced in) still names a call that was made: keep it, and count the line. */
	bool cut = !complete(p, end);
	int nr = number_name(name, name_len);
	if (nr == -2)
		nr = sb_syscall_lookup(name, name_len);
	if (nr >= 0 && !sb_syscall_name(nr))
		nr = -1;
	if (nr < 0 && cut)
		return SB_LINE_MALFORMED;
	if (nr < 0) {
		o->unknown++;
		if (!o->first_unknown[0] && name_len < sizeof(o->first_unknown)) {
			memcpy(o->first_unknown, name, name_len);
			o->first_unknown[name_len] = '\0';
		}
		return SB_LINE_UNKNOWN;
	}
	int ins = sb_inspected_index(nr);
	uint64_t value = 0;
	bool has_value = false;
	if (ins >= 0) {
		const char *arg;
		size_t arg_len;
		if (argument(p, end, sb_inspected_arg(ins), &arg, &arg_len))
			has_value = sb_argument_value(arg, arg_len, &value);
	}
	sb_observed_add(o, nr, has_value, value);
	return cut ? SB_LINE_MALFORMED : SB_LINE_RECORD;
}
