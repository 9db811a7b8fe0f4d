/* A classic-BPF interpreter for seccomp programs: runs a filter on a struct seccomp_data
 * the way the kernel does, and counts the instructions executed. Used by `sandbox-policy
 * explain`, by the checks on precompiled filters and by the tests. */
#ifndef SB_BPF_RUN_H
#define SB_BPF_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

struct sb_bpf_trace {
	size_t steps;          /* instructions executed */
	bool read_args;        /* the path loaded a word of args[] */
	bool read_ip;          /* the path loaded instruction_pointer */
};

/* Returns the seccomp return value. A program that falls off the end, reads outside
 * seccomp_data, divides by zero or jumps out of range returns SECCOMP_RET_KILL_PROCESS and
 * sets *fault (when not NULL) — the kernel's checker would have refused such a program. */
uint32_t sb_bpf_run(const struct sock_filter *insns, size_t len, const struct seccomp_data *d,
		    struct sb_bpf_trace *trace, bool *fault);

/* One ALU operation on the accumulator (false: division by zero or an unknown op) and one
 * conditional jump's test, with the kernel's meaning; shared with the path explorer. */
bool sb_bpf_alu(uint16_t op, uint32_t a, uint32_t operand, uint32_t *out);
bool sb_bpf_jump_taken(uint16_t op, uint32_t a, uint32_t operand);

/* The kernel's load-time checks (seccomp_check_filter + bpf_check_classic): only the
 * instructions seccomp allows, aligned in-range loads of seccomp_data, forward jumps in
 * range, ends in RET, at most BPF_MAXINSNS. NULL when valid, else a static description. */
const char *sb_bpf_validate(const struct sock_filter *insns, size_t len, size_t *bad_index);

#endif
