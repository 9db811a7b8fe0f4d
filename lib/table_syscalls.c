/* Native syscall names, numbers and argument declarations from tables generated at build
 * time out of tools/syscalls-x86_64-linux-*.tsv (gen/syscall_names.h, gen/syscall_args.c);
 * other ABIs' names are in syscalls_arch.c. */
#include "syscalls.h"
#include "policy.h"
#include "syscall_names.h"
#include "name_hash.h"
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <linux/audit.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

uint32_t sb_native_arch(void)
{
	return AUDIT_ARCH_X86_64;
}

const char *sb_native_arch_name(void)
{
	return "x86_64";
}

/* The generated hash table: no libseccomp code in the preload library, and a probe or
 * two per list entry. */
int sb_syscall_number_hashed(const char *name, size_t n, uint32_t hash)
{
	uint32_t i = hash % SB_SYSCALL_NAME_SLOTS;
	for (unsigned v; (v = sb_syscall_by_hash[i]); i = (i + 1) % SB_SYSCALL_NAME_SLOTS) {
		int nr = (int)v - 1;
		const char *entry = sb_syscall_name_chars + sb_syscall_name_at[nr];
		/* In line, not strncmp: a few bytes, 358 times at start-up for a long list. A
		 * shorter entry stops at its NUL, which no byte of a name equals. */
		size_t k = 0;
		while (k < n && entry[k] == name[k])
			k++;
		if (k == n && entry[n] == '\0')
			return nr < SB_NR_LIMIT ? nr : -1;
	}
	return -1;
}

int sb_syscall_number_n(const char *name, size_t n)
{
	return sb_syscall_number_hashed(name, n, sb_name_hash(name, n));
}

int sb_syscall_number(const char *name)
{
	return sb_syscall_number_n(name, strlen(name));
}

/* Native names by number: an offset into the generated table, nothing to search or allocate. */
const char *sb_syscall_name(int nr)
{
	if (nr < 0 || nr >= SB_SYSCALL_NAMES_LIMIT || !sb_syscall_name_at[nr])
		return NULL;
	return sb_syscall_name_chars + sb_syscall_name_at[nr];
}

const char *sb_syscall_table_kernel(void)
{
	return SB_SYSCALL_TABLE_KERNEL;
}

/* gen/syscall_args.c */
extern const uint8_t sb_syscall_arg_width[SB_SYSCALL_NAMES_LIMIT][6];

unsigned sb_syscall_arg_bits(int nr, int arg)
{
	if (nr < 0 || nr >= SB_SYSCALL_NAMES_LIMIT || arg < 0 || arg > 5 ||
	    !sb_syscall_arg_width[nr][arg])
		return 64;
	return sb_syscall_arg_width[nr][arg];
}

uint64_t sb_syscall_arg_mask(int nr, int arg)
{
	unsigned bits = sb_syscall_arg_bits(nr, arg);
	return bits == 64 ? UINT64_MAX : (1ULL << bits) - 1;
}

const char *sb_arch_name(uint32_t audit_arch)
{
	switch (audit_arch) {
	case AUDIT_ARCH_X86_64: return "x86_64";
	case AUDIT_ARCH_I386: return "i386";
	case AUDIT_ARCH_AARCH64: return "aarch64";
	case AUDIT_ARCH_ARM: return "arm";
	case AUDIT_ARCH_PPC64LE: return "ppc64le";
	case AUDIT_ARCH_S390X: return "s390x";
	case AUDIT_ARCH_RISCV64: return "riscv64";
	}
	return NULL;
}

size_t sb_edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t row[64];
	if (la >= 63 || lb >= 63)
		return SIZE_MAX;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

size_t sb_syscall_suggest(const char *name, const char **out, size_t max)
{
	size_t len = strlen(name), limit = len < 6 ? 2 : len / 3, n = 0;
	if (max == 0)
		return 0;
	/* Each distance once (they dominate the cost of a policy-file error), then the
	 * closest first; d = 0 is the name itself. */
	size_t dist[SB_SYSCALL_LIMIT];
	for (int nr = 0; nr < SB_SYSCALL_LIMIT; nr++)
		dist[nr] = sb_syscall_name(nr) ? sb_edit_distance(name, sb_syscall_name(nr)) : SIZE_MAX;
	for (size_t d = 1; d <= limit && n < max; d++)
		for (int nr = 0; nr < SB_SYSCALL_LIMIT && n < max; nr++)
			if (dist[nr] == d)
				out[n++] = sb_syscall_name(nr);
	return n;
}

int sb_syscall_parse(const char *entry)
{
	if (*entry >= '0' && *entry <= '9') {
		uint64_t n;
		if (!sb_parse_u64(entry, strlen(entry), &n) || n >= SB_NR_LIMIT)
			return -1;
		return (int)n;
	}
	return sb_syscall_number(entry);
}
