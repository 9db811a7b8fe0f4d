/* Action and errno names: the SECCOMP_DEFAULT_ACTION syntax and its minijail spellings. */
#include "policy.h"
#include "errnos.h"
#include "util.h"
#include "actions.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int sb_errno_from_name(const char *name)
{
	for (size_t i = 0; i < sb_errno_table_len; i++)
		if (strcmp(sb_errno_table[i].name, name) == 0)
			return sb_errno_table[i].value;
	return -1;
}

const char *sb_errno_name(int number)
{
	/* Prefer the first name in the table's sorted order that is not an alias: EAGAIN
	 * before EWOULDBLOCK, EDEADLK before EDEADLOCK, ENOTSUP after EOPNOTSUPP. */
	static const char *const aliases[] = { "EWOULDBLOCK", "EDEADLOCK", "ENOTSUP" };
	const char *found = NULL;
	for (size_t i = 0; i < sb_errno_table_len; i++) {
		if (sb_errno_table[i].value != number)
			continue;
		bool alias = false;
		for (size_t a = 0; a < sizeof(aliases) / sizeof(aliases[0]); a++)
			alias |= strcmp(aliases[a], sb_errno_table[i].name) == 0;
		if (!alias)
			return sb_errno_table[i].name;
		found = sb_errno_table[i].name;
	}
	return found;
}

/* Strict unsigned decimal, 0x hexadecimal or 0 octal; no sign, no trailing bytes. */
static bool parse_number(const char *s, unsigned long *out)
{
	uint64_t v;
	if (!sb_parse_u64(s, strlen(s), &v) || v > ULONG_MAX)
		return false;
	*out = (unsigned long)v;
	return true;
}

static const char action_syntax[] =
	"kill, kill_process, kill_thread, trap, log, trace, allow, errno, errno:NAME or errno:NUMBER";

int sb_parse_action(const char *text, const char *what, uint32_t *action,
		    struct sandbox_error *err)
{
	static const struct { const char *name; uint32_t action; } plain[] = {
		{ "kill", SECCOMP_RET_KILL_PROCESS },
		{ "kill_process", SECCOMP_RET_KILL_PROCESS },
		{ "kill-process", SECCOMP_RET_KILL_PROCESS },
		{ "kill_thread", SECCOMP_RET_KILL_THREAD },
		{ "kill-thread", SECCOMP_RET_KILL_THREAD },
		{ "trap", SECCOMP_RET_TRAP },
		{ "log", SECCOMP_RET_LOG },
		{ "trace", SECCOMP_RET_TRACE },
		{ "allow", SECCOMP_RET_ALLOW },
		{ "errno", SECCOMP_RET_ERRNO | EPERM },
	};
	for (size_t i = 0; i < sizeof(plain) / sizeof(plain[0]); i++) {
		if (strcmp(text, plain[i].name) == 0) {
			*action = plain[i].action;
			return 0;
		}
	}
	if (strncmp(text, "errno:", 6) == 0) {
		const char *e = text + 6;
		unsigned long n;
		int named = sb_errno_from_name(e);
		if (named >= 0) {
			*action = SECCOMP_RET_ERRNO | (uint32_t)named;
			return 0;
		}
		if (parse_number(e, &n) && n <= SB_ERRNO_MAX) {
			*action = SECCOMP_RET_ERRNO | (uint32_t)n;
			return 0;
		}
		return sb_fail(err, SANDBOX_ECONFIG,
			       "%s: unknown errno '%.64s' in '%.80s' (accepted: a name such as EPERM or "
			       "ENOSYS, or a number from 0 to %d)",
			       what, e, text, SB_ERRNO_MAX);
	}
	return sb_fail(err, SANDBOX_ECONFIG, "%s: unknown action '%.80s' (accepted: %s)", what,
		       text, action_syntax);
}

int sb_parse_default_action(const char *text, const char *what, uint32_t *action,
			    struct sandbox_error *err)
{
	/* A bare errno name, as systemd's SystemCallErrorNumber= takes it. */
	int named = text[0] == 'E' ? sb_errno_from_name(text) : -1;
	if (named > 0) {
		*action = SECCOMP_RET_ERRNO | (uint32_t)named;
		return 0;
	}
	int rc = sb_parse_action(text, what, action, err);
	/* One errno for every call the policy refuses: 0 would have each of them report
	 * success without running, which no program can tell from the real thing. */
	if (rc == 0 && *action == SECCOMP_RET_ERRNO)
		return sb_fail(err, SANDBOX_ECONFIG, "%s: '%.80s' would make every refused call "
			       "report success without running (accepted: errno:NAME or a number "
			       "from 1 to %d)", what, text, SB_ERRNO_MAX);
	return rc;
}

const char *sb_action_name(uint32_t action, char *buf, size_t len)
{
	switch (action & SECCOMP_RET_ACTION_FULL) {
	case SECCOMP_RET_KILL_PROCESS: snprintf(buf, len, "kill_process"); break;
	case SECCOMP_RET_KILL_THREAD: snprintf(buf, len, "kill_thread"); break;
	case SECCOMP_RET_TRAP: snprintf(buf, len, "trap"); break;
	case SECCOMP_RET_LOG: snprintf(buf, len, "log"); break;
	case SECCOMP_RET_ALLOW: snprintf(buf, len, "allow"); break;
	case SECCOMP_RET_TRACE:
		if (action & SECCOMP_RET_DATA)
			snprintf(buf, len, "trace:%u", action & SECCOMP_RET_DATA);
		else
			snprintf(buf, len, "trace");
		break;
	case SECCOMP_RET_USER_NOTIF: snprintf(buf, len, "user_notif"); break;
	case SECCOMP_RET_ERRNO: {
		const char *name = sb_errno_name((int)(action & SECCOMP_RET_DATA));
		if (name)
			snprintf(buf, len, "errno:%s", name);
		else
			snprintf(buf, len, "errno:%u", action & SECCOMP_RET_DATA);
		break;
	}
	default:
		snprintf(buf, len, "0x%08x", action);
	}
	return buf;
}
