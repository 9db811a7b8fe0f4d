/*
 * Arguments by name: each native call's arguments as the kernel declares them ("fd",
 * "cmd") and their values as constants (TCGETS, AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC,
 * PROT_READ|PROT_WRITE, O_RDONLY|O_CLOEXEC, SIGUSR1, AT_FDCWD ...) or as the number the
 * kernel reads. The report, explain and the policy writers name values here.
 *
 * Freestanding, no libc, no pointer in its data: it is linked with the SIGSYS report
 * handler into the blob sandboxify copies into static programs.
 */
#ifndef SB_ARG_NAMES_H
#define SB_ARG_NAMES_H

#include <stdint.h>

/* Number of arguments the kernel declares for native call nr, or -1 when the table
 * declares none (a number beyond it, a call without metadata). */
int sb_arg_count(int nr);

/* Declared name of argument `arg` of nr ("fd"), or 0 (NULL) when none. */
const char *sb_arg_name(int nr, int arg);

/* The value as a constant's name, or flags joined by '|' ("O_RDONLY|O_CLOEXEC"), into buf
 * (NUL-terminated); returns its length, 0 when no name fits the value (or buf is too
 * small). Only the bits the kernel reads of the argument count. */
unsigned long sb_arg_value_name(int nr, int arg, uint64_t value, char *buf, unsigned long len);

/* The value as a name when one fits, else as the kernel reads the argument: decimal for a
 * 32-bit int, octal for umode_t, hex otherwise. Returns the length. */
unsigned long sb_arg_value_text(int nr, int arg, uint64_t value, char *buf, unsigned long len);

/* v in base 10, 8 (with a leading 0) or 16 (with 0x); returns the length. */
unsigned long sb_number_text(uint64_t v, unsigned base, char *buf, unsigned long len);

/* The i-th constant these names come from (0 ... until NULL), for checks. */
const char *sb_arg_constant(unsigned i, uint32_t *value);

#endif
