/* Syscall names and numbers of the native architecture (x86_64 here), through libseccomp's
 * tables, plus the foreign ABIs a filter must refuse. */
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

/* Parse a list entry: a syscall name or a decimal/0x number in native range.
 * Returns the number, or -1 when unknown/out of range. */
int sb_syscall_parse(const char *entry);

#endif
