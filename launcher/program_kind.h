/* Whether a program is statically linked: learn installs its filter differently then. */
#ifndef SB_PROGRAM_KIND_H
#define SB_PROGRAM_KIND_H

#include <stdbool.h>

/*
 * True when `path` is an ELF executable without a program interpreter (PT_INTERP): the
 * kernel starts it at its own first instruction, no dynamic loader runs, LD_PRELOAD is
 * never read. A "#!" script is judged by its interpreter. false for anything else,
 * including files that cannot be read (running them reports the error).
 */
bool sb_program_is_static(const char *path);

#endif
