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

static inline uint32_t sb_name_hash(const char *name, size_t len)
{
	uint32_t h = 5381;
	for (size_t i = 0; i < len; i++)
		h = h * 33 + (unsigned char)name[i];
	return h;
}

#endif
