/*
 * The table the injected runner (inject_runner.c) reads in a stopped program: the calls
 * to make in order, each with its arguments, which earlier results to add to them, where
 * to store its result and what counts as success. Plain 64-bit words, the same on both
 * sides: the launcher writes the table below the program's stack pointer, the runner
 * fills in results and `done`, and the launcher reads them back.
 */
#ifndef SB_INJECT_BATCH_ABI_H
#define SB_INJECT_BATCH_ABI_H

#include <stdint.h>

/* Success is a result of exactly 0 (prctl, seccomp with TSYNC, close...). */
#define SB_BATCH_EXPECT_ZERO 0
/* Success is any result that is not an error (-4095..-1): a descriptor, an address. */
#define SB_BATCH_EXPECT_NOT_ERROR 1

struct sb_batch_call {
	uint64_t nr;
	uint64_t args[6];
	uint64_t arg_from[6];   /* 0, or 1 + the index of an earlier call whose result is added */
	uint64_t store_at;      /* 0, or where the result goes as a 64-bit word (a rule's fd) */
	uint64_t expect;        /* SB_BATCH_EXPECT_* */
	uint64_t result;        /* written by the runner */
};

struct sb_batch_table {
	uint64_t n;
	uint64_t done;          /* calls made: the last one failed when it is below n */
	struct sb_batch_call calls[];
};

#endif
