/* The calls learn allows although the learning run did not make them: what the C library
 * and common utility code do or not depending on what the program's descriptors are
 * connected to, how big its input is, whether a file exists, or, once a program has a
 * second thread or process, on timing. */
#ifndef SB_LEARN_TOLERANCE_H
#define SB_LEARN_TOLERANCE_H

#include <stdbool.h>
#include <stdio.h>

#include "observed.h"

/* A call o has seen with argument values (ioctl requests, mmap protections) gets the
 * tolerated values too; the syscalls marked in skip ([SB_NR_LIMIT], may be NULL) are left
 * alone. Before the policy is written. */
void sb_learn_tolerate_values(struct sb_observed *o, const bool *skip);

/*
 * The tolerated calls o has not seen, but for those marked in skip: written to `rules` as
 * policy lines restricted by argument, under a comment naming why (after the policy); with
 * rules NULL (formats without argument filters) added to o instead (before it). Returns
 * how many.
 */
unsigned sb_learn_tolerate(struct sb_observed *o, const bool *skip, FILE *rules);

#endif
