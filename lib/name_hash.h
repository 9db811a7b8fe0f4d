/*
 * The hash of the name tables generated at build time (syscall names, named constants):
 * a lookup is one or two probes, where a binary search over a cold table takes a dozen
 * cache misses per name at start-up. djb2, so the constants' generator can compute it in
 * awk; the tables are open-addressed with linear probing.
 */
#ifndef SB_NAME_HASH_H
#define SB_NAME_HASH_H

#include <stddef.h>
#include <stdint.h>

#define SB_NAME_HASH_SEED 5381u

/* One byte more of a name: for a caller that hashes while it scans for something else. */
static inline uint32_t sb_name_hash_add(uint32_t h, unsigned char c)
{
	return h * 33 + c;
}

static inline uint32_t sb_name_hash(const char *name, size_t len)
{
	uint32_t h = SB_NAME_HASH_SEED;
	for (size_t i = 0; i < len; i++)
		h = sb_name_hash_add(h, (unsigned char)name[i]);
	return h;
}

#endif
