/* Actions: what a rule or the default does to a call, as seccomp return values
 * (SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO | errno, ...), and errno names. */
#ifndef SB_ACTIONS_H
#define SB_ACTIONS_H

#include <stddef.h>
#include <stdint.h>

#include "sandbox.h"

/* Parse the SECCOMP_DEFAULT_ACTION syntax: kill, kill_process, kill_thread, trap, log,
 * allow, trace (learn mode: SECCOMP_RET_TRACE, ENOSYS without a tracer), errno, errno:NAME,
 * errno:NUMBER; minijail spellings (kill-process, kill-thread) are accepted too. `what`
 * names the input for the error message. */
int sb_parse_action(const char *text, const char *what, uint32_t *action,
		    struct sandbox_error *err);
/* The same for an action that applies to every refused call (SECCOMP_DEFAULT_ACTION, the
 * API's action): errno 0 is refused, and a bare errno name (EPERM) is errno:EPERM, as in
 * systemd's SystemCallErrorNumber=. */
int sb_parse_default_action(const char *text, const char *what, uint32_t *action,
			    struct sandbox_error *err);
/* "kill_process", "errno:EPERM" ... into buf; returns buf. */
const char *sb_action_name(uint32_t action, char *buf, size_t len);

/* errno names <-> numbers, from the system headers (generated at build time). */
int sb_errno_from_name(const char *name);           /* -1 when unknown */
const char *sb_errno_name(int number);               /* NULL when unknown */
#define SB_ERRNO_MAX 4095                             /* SECCOMP_RET_DATA allows 0xffff, the kernel 4095 */

#endif
