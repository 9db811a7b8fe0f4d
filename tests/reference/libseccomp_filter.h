/* The same policy compiled through libseccomp: the reference the BPF emitter is checked
 * against, and the baseline `make bench` compares with. */
#ifndef SB_LIBSECCOMP_FILTER_H
#define SB_LIBSECCOMP_FILTER_H

#include "filter.h"

/* Build and export the libseccomp filter for p (optimize 1: libseccomp's default layout;
 * 2: its binary tree). Returns SANDBOX_EINTERNAL with a message for policies libseccomp
 * cannot express (cases with different actions, a conditional rule whose fallback is not
 * the default action, two conditions on one argument in a clause, `!=` or an ordering on an
 * argument narrower than 64 bits: libseccomp 2.5.4 compares all 64 bits, and only its
 * masked equality can be kept to the bits the kernel reads). */
int sb_compile_libseccomp(const struct sb_policy *p, int optimize, struct sb_program *out,
			  struct sandbox_error *err);

#endif
