/* Symbolic exploration of a seccomp filter: for one syscall number and architecture, every
 * path the program can take over the other seccomp_data words (arguments, instruction
 * pointer), with the conditions that select it, its return value and its length. Uses
 * the interpreter's semantics (bpf_run.c) with the unknown words kept symbolic. */
#ifndef SB_BPF_PATHS_H
#define SB_BPF_PATHS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <linux/filter.h>

#define SB_PATH_CONDS_MAX 48

/* One branch decision on a path: (word & mask) OP value was `taken`. word is the index of
 * the 32-bit word of seccomp_data (2, 3: instruction_pointer; 4 + 2*i, 5 + 2*i: args[i]
 * low, high); -1 for a value the program computed in a way this explorer does not follow. */
struct sb_path_cond {
	int8_t word;
	uint8_t op;        /* BPF_JEQ, BPF_JGT, BPF_JGE, BPF_JSET */
	bool taken;
	uint32_t mask, value;
};

struct sb_path {
	uint32_t arch, nr;         /* the call explored */
	uint32_t action;           /* the seccomp return value */
	size_t steps;              /* instructions executed */
	bool fault;                /* the path breaks the kernel's rules (returns KILL_PROCESS) */
	struct sb_path_cond conds[SB_PATH_CONDS_MAX];
	size_t n_conds;
};

/* Called for each path, in program order (jump-true side first); return false to stop. */
typedef bool (*sb_path_fn)(const struct sb_path *path, void *ctx);

/* Explore the paths for (arch, nr). Returns the number of paths reported; *truncated is
 * set when exploration stopped at max_paths or a path had too many conditions. */
size_t sb_bpf_paths(const struct sock_filter *insns, size_t len, uint32_t arch, uint32_t nr,
		    size_t max_paths, sb_path_fn fn, void *ctx, bool *truncated);

/* A path's conditions as text ("arg1 == 0x5401 && arg0.lo & 0x4 == 0"); "" when none. The
 * low word of a 32-bit argument (the low 16 bits of a umode_t) is the argument: "arg1". */
void sb_path_conditions_text(const struct sb_path *path, char *buf, size_t len);

/* libseccomp-style disassembly (scmp_bpf_disasm layout), annotated with the seccomp_data
 * field, syscall names and actions. */
void sb_bpf_disasm(FILE *out, const struct sock_filter *insns, size_t len);

#endif
