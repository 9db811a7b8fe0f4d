/* The syscalls a program was seen to make, gathered from logs (generate) or from a traced
 * run (learn): a count per native syscall number and, for the calls whose arguments a
 * generated policy inspects, the distinct values of that argument. */
#ifndef SB_OBSERVED_H
#define SB_OBSERVED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "policy.h"

/* The inspected calls: ioctl (request), socket (domain), prctl (option), mmap and mprotect
 * (prot). Their order is the index into sb_observed.args. */
enum sb_inspected { SB_INS_IOCTL, SB_INS_SOCKET, SB_INS_PRCTL, SB_INS_MMAP, SB_INS_MPROTECT,
		    SB_INS_COUNT };

/* Beyond this many distinct values an argument filter stops being useful: allow any. */
#define SB_OBS_VALUES_MAX 32

struct sb_obs_arg {
	uint64_t values[SB_OBS_VALUES_MAX];
	unsigned n_values;
	bool any;        /* a call with an unknown or unparsable value, or too many values */
};

struct sb_observed {
	uint64_t count[SB_NR_LIMIT];          /* calls seen per native number */
	struct sb_obs_arg args[SB_INS_COUNT];
	/* Input statistics for the report. */
	uint64_t lines, records, ignored, malformed, unknown, foreign;
	char first_malformed[160];            /* "FILE:LINE: text" of the first malformed line */
	char first_unknown[64];               /* first syscall name that did not resolve */
};

void sb_observed_init(struct sb_observed *o);

/* Which inspected call nr is (SB_INS_*), or -1. */
int sb_inspected_index(int nr);
/* The argument index inspected for SB_INS_* i (ioctl: 1, socket: 0, ...). */
unsigned sb_inspected_arg(int i);

/* Record one call. value: the inspected argument's value when has_value, else the call's
 * arguments are unknown (audit records) and the inspected argument allows any value. */
void sb_observed_add(struct sb_observed *o, int nr, bool has_value, uint64_t value);

/* Native syscall number of a name of len bytes (hash lookup, no allocation), or -1. */
int sb_syscall_lookup(const char *name, size_t len);

/*
 * The value of a syscall argument as strace prints it: a number (decimal, 0x hex, octal,
 * negative), a number followed by a C comment naming it, or symbolic constants joined by '|' (PROT_READ|PROT_WRITE,
 * AF_UNIX, PR_SET_NAME, TCGETS ...). false when it cannot be resolved.
 */
bool sb_argument_value(const char *s, size_t len, uint64_t *out);

#endif
