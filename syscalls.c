/* Native syscall names and numbers from a table generated at build time out of libseccomp's
 * (gen/syscall_names.c): reading a list costs no libseccomp code, no allocation, and a
 * binary search per name. Other ABIs' names are in syscalls_arch.c. */
#include "syscalls.h"
#include "policy.h"

#include <errno.h>
#include <limits.h>
#include <linux/audit.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

extern const char sb_syscall_pool[];
extern const uint16_t sb_syscall_by_nr[SB_SYSCALL_LIMIT];
extern const uint16_t sb_syscall_sorted[];
extern const unsigned sb_syscall_count;

uint32_t sb_native_arch(void)
{
	return AUDIT_ARCH_X86_64;
}

const char *sb_native_arch_name(void)
{
	return "x86_64";
}

int sb_syscall_number(const char *name)
{
	size_t lo = 0, hi = sb_syscall_count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int nr = sb_syscall_sorted[mid];
		int c = strcmp(name, sb_syscall_pool + sb_syscall_by_nr[nr] - 1);
		if (c == 0)
			return nr < SB_NR_LIMIT ? nr : -1;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

const char *sb_syscall_name(int nr)
{
	if (nr < 0 || nr >= SB_SYSCALL_LIMIT || !sb_syscall_by_nr[nr])
		return NULL;
	return sb_syscall_pool + sb_syscall_by_nr[nr] - 1;
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

static size_t edit_distance(const char *a, const char *b)
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
	/* Closest distances first: pass d = 0 (prefix match of a longer name is scored 1). */
	for (size_t d = 0; d <= limit && n < max; d++) {
		for (int nr = 0; nr < SB_SYSCALL_LIMIT && n < max; nr++) {
			const char *cand = sb_syscall_name(nr);
			if (!cand)
				continue;
			size_t dist = edit_distance(name, cand);
			if (dist == d && d > 0)
				out[n++] = cand;
		}
	}
	return n;
}

int sb_syscall_parse(const char *entry)
{
	if (*entry >= '0' && *entry <= '9') {
		char *end;
		errno = 0;
		unsigned long n = strtoul(entry, &end, 0);
		if (errno || *end || n >= SB_NR_LIMIT)
			return -1;
		return (int)n;
	}
	return sb_syscall_number(entry);
}
