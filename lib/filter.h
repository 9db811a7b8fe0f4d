/* The compiled filter: a policy turned into a classic BPF program by the emitter
 * (filter_bpf.c), the program the library loads. */
#ifndef SB_FILTER_H
#define SB_FILTER_H

#include <linux/filter.h>
#include <stddef.h>

#include "policy.h"

struct sb_program {
	struct sock_filter *insns;
	size_t len;
};

void sb_program_free(struct sb_program *prog);

/* The filter for a policy: SANDBOX_OK, or an error (a policy too large for the kernel's
 * 4096 instructions, out of memory). */
int sb_compile(const struct sb_policy *p, struct sb_program *out, struct sandbox_error *err);

#endif
