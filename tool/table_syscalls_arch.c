/* Syscall names of other ABIs (i386, aarch64 ...) through libseccomp's tables, for reading
 * logs; kept apart from syscalls.c so the preload library, which only needs native names,
 * carries no libseccomp code. */
#include "syscalls.h"

#include <linux/audit.h>
#include <seccomp.h>
#include <stdlib.h>

int sb_syscall_number_arch(uint32_t audit_arch, const char *name)
{
	if (!sb_arch_name(audit_arch))
		return -1;
	if (audit_arch == AUDIT_ARCH_X86_64)
		return sb_syscall_number(name);
	int nr = seccomp_syscall_resolve_name_arch(audit_arch, name);
	return nr >= 0 ? nr : -1;
}

const char *sb_syscall_name_arch(uint32_t audit_arch, int nr)
{
	static char *last;
	if (!sb_arch_name(audit_arch) || nr < 0)
		return NULL;
	if (audit_arch == AUDIT_ARCH_X86_64)
		return sb_syscall_name(nr);
	free(last);
	last = seccomp_syscall_resolve_num_arch(audit_arch, nr);
	return last;
}
