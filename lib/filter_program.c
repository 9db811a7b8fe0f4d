/* The compiled program's lifetime, apart from the emitter (filter_bpf.c) so that a build
 * replacing the emitter (the benchmark's libseccomp baseline) keeps it. */
#include "filter.h"
#include "scratch.h"

void sb_program_free(struct sb_program *prog)
{
	sb_free(prog->insns);
	prog->insns = NULL;
	prog->len = 0;
}
