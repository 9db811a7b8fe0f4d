/*
 * Naming the blocked syscall. With the report on, a call the policy kills is filtered to
 * SECCOMP_RET_TRAP carrying SB_REPORT_TRAP_DATA instead; a SIGSYS handler prints one line
 * ("sandbox: blocked syscall newfstatat(dfd=1, ..., flag=AT_EMPTY_PATH) ...") and repeats the call with SIGSYS
 * blocked, which the kernel turns into death by SIGSYS: the same status as the kill.
 *
 * Two cases are added to the policy so the handler works and cannot be disarmed:
 *  - write(2, buf, len, COOKIE) with len <= SB_REPORT_LINE_MAX is allowed, COOKIE being 64
 *    random bits known only to the handler and the filter (write ignores its fourth
 *    argument), so the line gets out even when the policy kills write (not when it refuses
 *    write with an errno: the line is then lost). A program that reads the cookie in its
 *    memory can write such lines to its fd 2, nothing more;
 *  - rt_sigaction(SIGSYS, act != NULL) "succeeds" without effect (SECCOMP_RET_ERRNO | 0), so
 *    a program cannot replace the handler and turn a kill into a continue; except
 *    rt_sigaction(SIGSYS, act, oact, 8, COOKIE) (the kernel ignores a fifth argument), the
 *    one way the report's own handler is installed again after exec, in the programs the
 *    sandboxed one starts (report_inherit.c carries the data and the cookie to them).
 */
#ifndef SB_REPORT_H
#define SB_REPORT_H

#include "policy.h"
#include "report_data.h"

/* si_errno of a SIGSYS raised by a converted kill (SECCOMP_RET_DATA of the trap), and by a
 * call of a foreign ABI (i386, x32), which is refused whatever the policy says. */
#define SB_REPORT_TRAP_DATA 0x5b0c
#define SB_REPORT_FOREIGN_DATA 0x5b0d

/* Whether the report can be used with this policy: it can not when the policy itself traps
 * (the program expects its own SIGSYS handler to run), and is not needed when nothing kills. */
bool sb_report_applicable(const struct sb_policy *p);

/* Rewrite p for the report (kill_process -> trap with SB_REPORT_TRAP_DATA, the two cases
 * above) and record what the handler needs: names, reasons, sibling hints, the cookie. */
int sb_report_prepare(struct sb_policy *p, struct sandbox_error *err);

/* Install the SIGSYS handler; call after sb_report_prepare() and before loading. */
int sb_report_install(struct sandbox_error *err);
/* True once the handler is installed in this process (the library's signal-mask wrappers
 * then keep SIGSYS deliverable). */
bool sb_report_installed(void);

/* The environment variable that carries the report to the programs started inside. */
#define SB_REPORT_INHERITED_VAR "SECCOMP_REPORT_INHERITED"

/* Take the report of the process that started this one (its data and cookie) from value:
 * installed as it is when this process loads no filter of its own, and the base of the
 * report it prepares when it does (same cookie: the inherited filter's openings must still
 * let the handler's write and rt_sigaction through). SANDBOX_ECONFIG when malformed. */
int sb_report_inherit(const char *value, struct sandbox_error *err);
/* Set SECCOMP_REPORT_INHERITED to the report prepared or inherited here, for the programs
 * this process starts: call once the handler is installed (or placed in the program). */
int sb_report_export(struct sandbox_error *err);

/* The variable's value for d, into buf (at most size bytes, NUL included); returns the
 * length it needs, like snprintf. */
size_t sb_report_encode(const struct sb_report_data *d, char *buf, size_t size);
/* Parse a value written by sb_report_encode into *out, untouched on error. */
int sb_report_decode(const char *value, struct sb_report_data *out, struct sandbox_error *err);

/* SECCOMP_REPORT: unset, "1": on; "0": off. Anything else is an error. */
int sb_report_parse(const char *value, bool *on, struct sandbox_error *err);

#endif
