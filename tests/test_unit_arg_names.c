/* Arguments by name: every name written reads back in a policy file as the same value, and
 * values come out as the kernel reads them. */
#include "support.h"
#include "arg_names.h"
#include "constants.h"
#include "syscalls.h"

#include <string.h>

static int nr(const char *name)
{
	int n = sb_syscall_number(name);
	ck_assert_msg(n >= 0, "%s", name);
	return n;
}

/* generate and learn write these names into policies: the parser must know each, with the
 * same value on the bits the argument has. */
START_TEST(every_name_reads_back_in_a_policy)
{
	uint32_t value;
	const char *name;
	unsigned i = 0;
	for (; (name = sb_arg_constant(i, &value)); i++) {
		uint64_t parsed;
		ck_assert_msg(strlen(name) < 31, "%s", name);
		ck_assert_msg(sb_constant_lookup(name, strlen(name), &parsed), "%s unknown to policies", name);
		ck_assert_msg((uint32_t)parsed == value, "%s: 0x%x here, 0x%llx in policies", name, value,
			      (unsigned long long)parsed);
	}
	ck_assert_uint_gt(i, 200);
}
END_TEST

static const struct {
	const char *call;
	int arg;
	uint64_t value;
	const char *text;
} cases[] = {
	{ "ioctl", 1, 0x5401, "TCGETS" },
	{ "ioctl", 1, 0x100005401, "TCGETS" },          /* the kernel reads an unsigned int */
	{ "ioctl", 1, 0x1234, "4660" },
	{ "ioctl", 0, 1, "1" },
	{ "ioctl", 2, 0x7ffe0000, "0x7ffe0000" },
	{ "socket", 0, 1, "AF_UNIX" },
	{ "socket", 1, 0x80001, "SOCK_STREAM|SOCK_CLOEXEC" },
	{ "socket", 1, 0x800, "SOCK_NONBLOCK" },
	{ "prctl", 0, 15, "PR_SET_NAME" },
	{ "mmap", 2, 3, "PROT_READ|PROT_WRITE" },
	{ "mmap", 2, 0, "PROT_NONE" },
	{ "mmap", 3, 0x22, "MAP_PRIVATE|MAP_ANONYMOUS" },
	{ "mprotect", 2, 5, "PROT_READ|PROT_EXEC" },
	{ "openat", 0, 0xffffff9c, "AT_FDCWD" },
	{ "openat", 0, 0xffffffffffffff9c, "AT_FDCWD" },
	{ "openat", 0, 3, "3" },
	{ "openat", 2, 0x80000, "O_RDONLY|O_CLOEXEC" },
	{ "openat", 2, 0x241, "O_WRONLY|O_CREAT|O_TRUNC" },
	{ "openat", 3, 0644, "0644" },
	{ "open", 1, 0x101002, "O_RDWR|O_SYNC" },
	{ "newfstatat", 3, 0x1000, "AT_EMPTY_PATH" },
	{ "unlinkat", 2, 0x200, "AT_REMOVEDIR" },
	{ "fcntl", 1, 1030, "F_DUPFD_CLOEXEC" },
	{ "clone", 0, 0x3d0f00, "CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|"
				"CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID" },
	{ "clone", 0, 0x1200011, "SIGCHLD|CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID" },
	{ "kill", 1, 0x10000000a, "SIGUSR1" },
	{ "kill", 0, 0xffffffff, "-1" },
	{ "tgkill", 2, 9, "SIGKILL" },
	{ "rt_sigaction", 0, 31, "SIGSYS" },
	{ "fchmod", 1, 0x100001ed, "0755" },
};

START_TEST(values_as_the_kernel_reads_them)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char buf[256];
		sb_arg_value_text(nr(cases[i].call), cases[i].arg, cases[i].value, buf, sizeof(buf));
		ck_assert_msg(!strcmp(buf, cases[i].text), "%s arg%d 0x%llx: '%s', want '%s'",
			      cases[i].call, cases[i].arg, (unsigned long long)cases[i].value, buf,
			      cases[i].text);
	}
	/* a name that does not fit: nothing, and the caller writes the number */
	char small[4];
	ck_assert_uint_eq(sb_arg_value_name(nr("ioctl"), 1, 0x5401, small, sizeof(small)), 0);
	ck_assert_uint_eq(sb_arg_value_name(nr("ioctl"), 1, 0x1234, small, sizeof(small)), 0);
}
END_TEST

START_TEST(declared_names)
{
	ck_assert_int_eq(sb_arg_count(nr("ioctl")), 3);
	ck_assert_str_eq(sb_arg_name(nr("ioctl"), 1), "cmd");
	ck_assert_ptr_null(sb_arg_name(nr("ioctl"), 3));
	ck_assert_int_eq(sb_arg_count(nr("getppid")), 0);
	ck_assert_int_eq(sb_arg_count(nr("uselib")), -1);       /* no metadata */
	ck_assert_int_eq(sb_arg_count(500), -1);
	ck_assert_str_eq(sb_arg_name(nr("file_setattr"), 4), "at_flags");
}
END_TEST

Suite *unit_arg_names_suite(void)
{
	Suite *s = suite_create("unit_arg_names");
	TCase *tc = tcase_create("names");
	tcase_add_test(tc, every_name_reads_back_in_a_policy);
	tcase_add_test(tc, values_as_the_kernel_reads_them);
	tcase_add_test(tc, declared_names);
	suite_add_tcase(s, tc);
	return s;
}
