/* Loading a compiled filter into the kernel. */
#ifndef SB_LOAD_H
#define SB_LOAD_H

#include "filter.h"

#include <stdbool.h>

/* Install prog on every thread of the calling process (no_new_privs + TSYNC). A filter that
 * can return SECCOMP_RET_TRACE is refused unless the process is traced now (sb_check_trace). */
int sb_load(const struct sb_program *prog, struct sandbox_error *err);
/* SANDBOX_ECONFIG when prog can hand calls to a tracer and `traced` is false. */
int sb_check_trace(const struct sb_program *prog, bool traced, struct sandbox_error *err);
/* The pid of the process tracing the caller (TracerPid), 0 when none or unreadable. */
long sb_tracer_pid(void);

#endif
