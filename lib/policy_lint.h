/*
 * Policies that load but leave open what they seem to close: a refused call whose sibling
 * does the same job and is allowed (execve refused, execveat not), and io_uring allowed
 * next to refusals of calls io_uring performs without a system call of that name. Each
 * finding is one line, without a prefix; the front ends add theirs ("sandbox: warning: ").
 */
#ifndef SB_POLICY_LINT_H
#define SB_POLICY_LINT_H

#include <stdint.h>

#include "policy.h"

typedef void (*sb_lint_fn)(void *ctx, const char *line);

/* What a policy can answer for a call, whatever its arguments: bits of these. */
enum { SB_CAN_RUN = 1, SB_CAN_REFUSE = 2 };

/* can[nr] for every native number below SB_NR_LIMIT. */
void sb_policy_answers(const struct sb_policy *p, uint8_t can[SB_NR_LIMIT]);

/* Every finding about p (origin names it in the lines). */
void sb_policy_lint(const struct sb_policy *p, sb_lint_fn fn, void *ctx);

/* The io_uring finding alone, from answers (learn and generate, whose policies are lists
 * of what ran). */
void sb_lint_io_uring(const uint8_t can[SB_NR_LIMIT], const char *origin, sb_lint_fn fn, void *ctx);

#endif
