/* SECCOMP_SYSCALL_FILTER: the value of systemd's SystemCallFilter= taken verbatim (see
 * systemd.exec(5)), so a unit file's line carries over unchanged. Entries are separated by
 * white space; a leading '~' makes the list a deny list; in a deny list an entry may end in
 * ":ERRNO" (a name such as EACCES or a number), which that entry returns instead of the
 * default action. Names, numbers and @groups are those of the ':' lists. */
#include "config.h"
#include "actions.h"
#include "util.h"

#include <string.h>

#define FILTER_SEPARATOR "white space (a leading ~ for a deny list, NAME:ERRNO in one)"

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/* ERRNO of "NAME:ERRNO" (n bytes at text) into *out; false when it is neither an errno name
 * nor a number from 0 to SB_ERRNO_MAX. */
static bool parse_errno(const char *text, size_t n, uint32_t *out)
{
	char buf[24];
	uint64_t number;
	if (n == 0 || n >= sizeof(buf))
		return false;
	memcpy(buf, text, n);
	buf[n] = '\0';
	int named = sb_errno_from_name(buf);
	if (named >= 0)
		number = (uint64_t)named;
	else if (!sb_parse_u64(buf, n, &number) || number > SB_ERRNO_MAX)
		return false;
	*out = SECCOMP_RET_ERRNO | (uint32_t)number;
	return true;
}

int sb_policy_from_systemd_filter(const char *value, uint32_t action, const char *what,
				  struct sb_policy *out, struct sandbox_error *err)
{
	const char *p = value;
	while (is_space(*p))
		p++;
	bool deny = *p == '~';
	if (deny)
		p++;
	sb_policy_init(out, deny ? SECCOMP_RET_ALLOW : action);
	sb_policy_set_origin(out, what);
	size_t words = 0;
	for (;;) {
		while (is_space(*p))
			p++;
		if (!*p)
			break;
		size_t n = 0;
		while (p[n] && !is_space(p[n]))
			n++;
		const char *colon = memchr(p, ':', n);
		size_t name_len = colon ? (size_t)(colon - p) : n;
		uint32_t entry_action = deny ? action : SECCOMP_RET_ALLOW;
		int rc = SANDBOX_OK;
		if (colon && !deny)
			rc = sb_fail(err, SANDBOX_ECONFIG, "%s: '%.*s': an errno applies only to a deny "
				     "list (accepted: a leading ~, as in '~%.*s')", what, (int)(n < 80 ? n : 80),
				     p, (int)(n < 80 ? n : 80), p);
		else if (colon && !parse_errno(colon + 1, n - name_len - 1, &entry_action))
			rc = sb_fail(err, SANDBOX_ECONFIG, "%s: unknown errno in '%.*s' (accepted: "
				     "NAME:ERRNO with a name such as EPERM or EACCES, or a number from "
				     "0 to %d)", what, (int)(n < 80 ? n : 80), p, SB_ERRNO_MAX);
		else if (name_len == 0)
			rc = sb_fail(err, SANDBOX_ECONFIG, "%s: '%.*s' names no syscall (accepted: "
				     "NAME, @group or NAME:ERRNO)", what, (int)(n < 80 ? n : 80), p);
		else
			rc = sb_policy_list_entry(out, p, name_len, entry_action, what,
						  FILTER_SEPARATOR, err);
		if (rc) {
			sb_policy_free(out);
			return rc;
		}
		words++;
		p += n;
	}
	/* systemd reads an empty value as "no filter"; here that would run the program with
	 * less confinement than the variable suggests. */
	if (words == 0) {
		sb_policy_free(out);
		return sb_fail(err, SANDBOX_ECONFIG, "%s: no syscall listed (accepted: systemd's "
			       "SystemCallFilter= syntax, such as '@system-service' or '~@mount "
			       "@reboot' or '~mount:EACCES')", what);
	}
	sb_policy_finish(out);
	return SANDBOX_OK;
}
