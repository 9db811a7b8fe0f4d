/* Syscall names, numbers and argument declarations of the native architecture (x86_64
 * here), from the project's table of Linux's (tools/syscalls-x86_64-linux-*.tsv, generated
 * into C at build time), plus the foreign ABIs a filter must refuse (libseccomp's tables). */
#ifndef SB_SYSCALLS_H
#define SB_SYSCALLS_H

#include <stddef.h>
#include <stdint.h>

/* Largest native syscall number the tables know, plus one (loop bound). */
#define SB_SYSCALL_LIMIT 512

/* AUDIT_ARCH value of the native ABI (seccomp_data.arch). */
uint32_t sb_native_arch(void);
/* "x86_64" */
const char *sb_native_arch_name(void);

/* Number of a native syscall name, or -1. */
int sb_syscall_number(const char *name);
/* The same for the n bytes at name (a list entry in place, not NUL-terminated there). */
int sb_syscall_number_n(const char *name, size_t n);
/* The same, with sb_name_hash(name, n) (name_hash.h) already computed by the caller. */
int sb_syscall_number_hashed(const char *name, size_t n, uint32_t hash);
/* Name of a native syscall number (static storage), or NULL. */
const char *sb_syscall_name(int nr);

/* Number of a name on another ABI given by AUDIT_ARCH value, or -1 (for log parsing). */
int sb_syscall_number_arch(uint32_t audit_arch, const char *name);
/* Name on another ABI, or NULL. Static storage valid until the next call. */
const char *sb_syscall_name_arch(uint32_t audit_arch, int nr);
/* "x86_64", "i386", "x32" ... for an AUDIT_ARCH value, or NULL. */
const char *sb_arch_name(uint32_t audit_arch);

/* Up to `max` nearest native names to a misspelt one (edit distance, then prefix), into
 * out[]; returns how many. */
size_t sb_syscall_suggest(const char *name, const char **out, size_t max);
/* Levenshtein distance; SIZE_MAX for strings of 63 bytes or more. */
size_t sb_edit_distance(const char *a, const char *b);

/* Kernel release the native table comes from ("6.18"). */
const char *sb_syscall_table_kernel(void);

/* The bits of argument `arg` (0..5) of native call nr that the kernel keeps: it converts
 * each 64-bit register to the declared type before using it. 32 for int, unsigned int,
 * pid_t, u32 ...; 16 for umode_t; 64 for pointers, long, size_t, loff_t, and for calls or
 * arguments without a declaration. A filter compares exactly these bits. */
unsigned sb_syscall_arg_bits(int nr, int arg);
/* The same as a mask: 0xffffffff, 0xffff or all ones. */
uint64_t sb_syscall_arg_mask(int nr, int arg);
/* Declared names and values by name: arg_names.h. */

/* Parse a list entry: a syscall name or a decimal/0x number in native range.
 * Returns the number, or -1 when unknown/out of range. */
int sb_syscall_parse(const char *entry);

#endif
