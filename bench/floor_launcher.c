/*
 * The floor of start-up under any launcher that confines a program before its first
 * instruction: attach the compiled filter named by BENCH_FLOOR_BPF to itself, then exec
 * the program (the filter must allow execve). What sandboxify adds above this is its own
 * cost: the helper, the stop at exec, placing the filter and the report in the program.
 */
#include "floor_attach.h"

int main(int argc, char **argv)
{
	if (argc < 2 || !floor_attach(0))
		return 125;
	execv(argv[1], argv + 1);
	return 127;
}
