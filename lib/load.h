/* Loading a compiled filter into the kernel. */
#ifndef SB_LOAD_H
#define SB_LOAD_H

#include "filter.h"

/* Install prog on every thread of the calling process (no_new_privs + TSYNC). */
int sb_load(const struct sb_program *prog, struct sandbox_error *err);

#endif
