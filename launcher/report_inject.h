/* The blocked-syscall report for programs that do not load libsandbox.so: sandboxify
 * places the freestanding handler (report_blob.h) in the program at its exec stop. */
#ifndef SB_REPORT_INJECT_H
#define SB_REPORT_INJECT_H

#include "inject.h"

/*
 * In the stopped tracee: map an anonymous region (at once) and copy the handler and the
 * prepared sb_report_data (sb_report_prepare() must have run) into it; then add to
 * `calls` making it read-only and executable and installing the handler for SIGSYS with
 * rt_sigaction (SA_SIGINFO, every signal blocked while it runs, the blob's own
 * rt_sigreturn restorer). `arg` is unused (the signature is sb_inject_fn).
 */
int sb_report_inject(struct sb_tracee *t, struct sb_batch *calls, void *arg,
		     struct sandbox_error *err);

#endif
