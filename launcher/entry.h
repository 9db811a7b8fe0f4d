/*
 * Letting a traced program run up to its entry point (AT_ENTRY: the executable's own first
 * instruction, after the dynamic loader, the libraries' constructors and the executable's
 * .preinit_array) and stopping it there, for sandboxify --preload, which installs the
 * exact filter at that point (x86_64).
 */
#ifndef SB_ENTRY_H
#define SB_ENTRY_H

#include <sys/types.h>

#include "sandbox.h"

/*
 * pid is in a ptrace stop of ours (the exec stop) and traced with PTRACE_O_TRACEEXEC.
 * Sets a breakpoint at its entry point, resumes it (passing on its signals) and returns
 * SANDBOX_OK with it stopped exactly at the entry point, code and registers as they were
 * (at once when it is there already: a static program). SANDBOX_NOTHING when it ended
 * before; SANDBOX_ELOAD when it ran another program first (execve before its entry point)
 * or tracing failed: the caller then kills it.
 */
int sb_run_to_entry(pid_t pid, struct sandbox_error *err);

#endif
