/*
 * The floor of start-up under any preloaded seccomp library: a constructor that reads a
 * compiled filter (the file named by BENCH_FLOOR_BPF) and attaches it, nothing else. What
 * libsandbox.so adds above this is its own cost; this itself is the kernel's (attaching
 * a filter: checking, translating and JIT-compiling it) plus preloading a library.
 */
#include "floor_attach.h"

__attribute__((constructor)) static void attach(void)
{
	if (!floor_attach(SECCOMP_FILTER_FLAG_TSYNC))
		_exit(125);
}
