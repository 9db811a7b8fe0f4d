/*
 * The code sandboxify places at a stopped program's instruction pointer to make all of
 * its calls in one run instead of one single-step each (inject_batch.h): it walks the
 * table, makes each call, records its result, stops at the first failure, and ends on a
 * breakpoint the launcher waits for. Freestanding and relocation-free, built on its own
 * and copied as bytes (gen/inject_runner_blob.c); the program's own code is put back
 * before its first instruction runs.
 */
#include "inject_batch_abi.h"
#include "raw_syscall.h"

__attribute__((noreturn, used)) void sb_inject_runner(struct sb_batch_table *table)
{
	for (uint64_t i = 0; i < table->n; i++) {
		struct sb_batch_call *c = &table->calls[i];
		long args[6];
		for (int j = 0; j < 6; j++) {
			args[j] = (long)c->args[j];
			if (c->arg_from[j] && c->arg_from[j] <= i)
				args[j] += (long)table->calls[c->arg_from[j] - 1].result;
		}
		long result = sb_raw_syscall6((long)c->nr, args[0], args[1], args[2], args[3], args[4],
					   args[5]);
		c->result = (uint64_t)result;
		table->done = i + 1;
		if (c->store_at)
			*(volatile uint64_t *)c->store_at = (uint64_t)result;
		int failed = c->expect == SB_BATCH_EXPECT_ZERO ? result != 0
							      : (unsigned long)result > -4096UL;
		if (failed)
			break;
	}
	for (;;)
		__asm__ volatile("int3");
}
