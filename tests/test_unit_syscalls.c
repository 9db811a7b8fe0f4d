/* Native syscall names come from the project's table of Linux 6.18, generated at build time:
 * every number libseccomp 2.5.4 names resolves as libseccomp resolves it, and the calls
 * added since (which libseccomp 2.5.4 does not know) are named too. */
#include "support.h"
#include "syscalls.h"
#include "policy.h"

#include <linux/audit.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>

/* Named by Linux 6.18, unknown to libseccomp 2.5.4. */
static const struct { int nr; const char *name; } newer[] = {
	{ 335, "uretprobe" }, { 336, "uprobe" }, { 457, "statmount" }, { 458, "listmount" },
	{ 459, "lsm_get_self_attr" }, { 460, "lsm_set_self_attr" }, { 461, "lsm_list_modules" },
	{ 462, "mseal" }, { 463, "setxattrat" }, { 464, "getxattrat" }, { 465, "listxattrat" },
	{ 466, "removexattrat" }, { 467, "open_tree_attr" }, { 468, "file_getattr" },
	{ 469, "file_setattr" },
};

static const char *newer_name(int nr)
{
	for (size_t i = 0; i < sizeof(newer) / sizeof(newer[0]); i++)
		if (newer[i].nr == nr)
			return newer[i].name;
	return NULL;
}

START_TEST(names_match_libseccomp)
{
	int named = 0;
	for (int nr = 0; nr < SB_SYSCALL_LIMIT; nr++) {
		char *ref = seccomp_syscall_resolve_num_arch(SCMP_ARCH_X86_64, nr);
		const char *ours = sb_syscall_name(nr), *added = newer_name(nr);
		if (added) {
			ck_assert_msg(!ref && ours && !strcmp(ours, added), "nr %d: %s", nr,
				      ours ? ours : "-");
			ck_assert_int_eq(sb_syscall_number(added), nr);
			continue;
		}
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
	ck_assert_ptr_null(sb_syscall_name(470));
	ck_assert_int_eq(sb_syscall_parse("470"), 470);
	ck_assert_int_eq(sb_syscall_parse("1023"), 1023);
	ck_assert_str_eq(sb_syscall_table_kernel(), "6.18");
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
