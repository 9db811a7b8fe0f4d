/* Named constants for policy-file values (PROT_READ, AT_FDCWD, TCGETS2 ...): the table
 * generated at build time from the system's kernel and libc headers plus
 * tools/constants-supplement.txt (gen/constants.c, sorted by name). */
#ifndef SB_CONSTANTS_H
#define SB_CONSTANTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sb_constant {
	uint32_t name;        /* offset of the NUL-terminated name in sb_constant_names */
	/* The value as C gives it with the header's own type: an int -100 stays -100, an
	 * unsigned 0xc0046686 stays positive. */
	long long value;
};

extern const struct sb_constant sb_constant_table[];
extern const char sb_constant_names[];
extern const size_t sb_constant_table_len;
/* Hash of each name (name_hash.h) modulo sb_constant_slots -> table index + 1, linear
 * probing; 0: empty. */
extern const unsigned short sb_constant_by_hash[];
extern const unsigned sb_constant_slots;

/* Look up name[0..len). On success *value is the 64-bit argument value: negative
 * constants sign-extended (AT_FDCWD -> 0xffffffffffffff9c), as glibc passes an int in a
 * 64-bit register. */
bool sb_constant_lookup(const char *name, size_t len, uint64_t *value);

#endif
