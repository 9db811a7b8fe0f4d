/* Native syscall names come from a table generated at build time; they must resolve exactly
 * as libseccomp resolves them (the reference the table was made from). */
#include "support.h"
#include "syscalls.h"
#include "policy.h"

#include <linux/audit.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>

START_TEST(names_match_libseccomp)
{
	int named = 0;
	for (int nr = 0; nr < SB_SYSCALL_LIMIT; nr++) {
		char *ref = seccomp_syscall_resolve_num_arch(SCMP_ARCH_X86_64, nr);
		const char *ours = sb_syscall_name(nr);
		ck_assert_msg((ref == NULL) == (ours == NULL) && (!ref || !strcmp(ref, ours)),
			      "nr %d: libseccomp %s, table %s", nr, ref ? ref : "-", ours ? ours : "-");
		if (ref) {
			ck_assert_int_eq(sb_syscall_number(ref), nr);
			ck_assert_int_eq(sb_syscall_number_arch(AUDIT_ARCH_X86_64, ref), nr);
			named++;
		}
		free(ref);
	}
	ck_assert_int_gt(named, 350);
	static const char *const unknown[] = { "", "wrte", "writ", "writee", "WRITE", "zzz",
		"_llseek", "socketcall", "a", "~" };
	for (size_t i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
		int ref = seccomp_syscall_resolve_name_arch(SCMP_ARCH_X86_64, unknown[i]);
		ck_assert_msg(sb_syscall_number(unknown[i]) == (ref >= 0 ? ref : -1),
			      "'%s': table %d, libseccomp %d", unknown[i], sb_syscall_number(unknown[i]), ref);
	}
	/* Other ABIs still go through libseccomp. */
	ck_assert_int_eq(sb_syscall_number_arch(AUDIT_ARCH_I386, "write"), 4);
	ck_assert_str_eq(sb_syscall_name_arch(AUDIT_ARCH_I386, 11), "execve");
}
END_TEST

Suite *unit_syscalls_suite(void)
{
	Suite *s = suite_create("unit_syscalls");
	TCase *tc = tcase_create("names");
	tcase_add_test(tc, names_match_libseccomp);
	suite_add_tcase(s, tc);
	return s;
}
