/*
 * sandboxify --follow: the helper stays the tracer of every process the program starts and
 * writes the blocked-syscall report line for those that have no handler of their own to do
 * it (a static program, a dynamic one without the library), on their standard error, just
 * before the SIGSYS that kills them is delivered.
 */
#ifndef SB_REPORT_FOLLOW_H
#define SB_REPORT_FOLLOW_H

#include "sandbox.h"

#include <sys/types.h>

/* pid is stopped (at the exec stop, confined, its report handler placed): follow it and
 * everything it starts until the last one is gone. Returns SANDBOX_OK then, or
 * SANDBOX_ELOAD when the tracing options could not be set. */
int sb_report_follow(pid_t pid, struct sandbox_error *err);

#endif
