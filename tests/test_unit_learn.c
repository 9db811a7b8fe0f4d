/* The pieces of learn that need no traced program: static-program detection, the header's
 * command, the tolerance set and --timeout's number (run under the sanitizers too). */
#include "support.h"
#include "learn_notes.h"
#include "learn_tolerance.h"
#include "program_kind.h"
#include "syscalls.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>

START_TEST(static_programs_recognised)
{
	const char *dir = make_temp_dir();
	char script[300];
	snprintf(script, sizeof(script), "#!%s -x\n", build_path("tests/prog/syscaller-static"));
	const struct { const char *path; bool is_static; } cases[] = {
		{ build_path("tests/prog/syscaller-static"), true },
		{ build_path("tests/prog/syscaller"), false },
		{ "/bin/sh", false },
		{ write_temp_file(dir, "static-script", script), true },
		{ write_temp_file(dir, "dynamic-script", "#! /bin/sh\necho hi\n"), false },
		{ write_temp_file(dir, "truncated-elf", "\177ELF\2\1\1"), false },
		{ write_temp_file(dir, "self-script", "#!/proc/self/exe\n"), false },
		{ write_temp_file(dir, "text", "hello\n"), false },
		{ write_temp_file(dir, "fifo-script", "#!/dev/stdin\n"), false },
		{ "/nonexistent", false },
		{ dir, false },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ck_assert_msg(sb_program_is_static(cases[i].path) == cases[i].is_static, "%s",
			      cases[i].path);
}
END_TEST

START_TEST(header_command_quotes_what_the_shell_would_split)
{
	char *argv[] = { "./app", "it's", "two words", "plain-arg", NULL };
	struct sb_learn_notes *n = sb_learn_notes_make(&(struct sb_learn_notes_input){
		.output = "/tmp/p.policy", .library = "/usr/lib/libsandbox.so",
		.sandboxify = "/usr/bin/sandboxify", .argv = argv, .with_command = true,
		.stopped_by = SIGINT });
	ck_assert_ptr_nonnull(n);
	ck_assert_str_eq(n->lines[0], "PARTIAL: interrupted by SIGINT before ./app finished: calls it "
				      "would have made later are missing");
	ck_assert_str_eq(n->lines[1], "Run under it: SECCOMP_POLICY_FILE=/tmp/p.policy "
				      "LD_PRELOAD=/usr/lib/libsandbox.so ./app 'it'\\''s' 'two words' plain-arg");
	ck_assert_str_eq(n->lines[2], "          or: SECCOMP_POLICY_FILE=/tmp/p.policy "
				      "/usr/bin/sandboxify --preload ./app 'it'\\''s' 'two words' plain-arg");
	ck_assert_ptr_null(n->lines[3]);
	sb_learn_notes_free(n);
	n = sb_learn_notes_make(&(struct sb_learn_notes_input){
		.library = "/l.so", .sandboxify = "sandboxify", .argv = argv, .is_static = true,
		.with_command = true, .format_env = true });
	ck_assert_ptr_null(n->lines[0]);
	ck_assert_str_eq(n->hint, "run under it: env $(cat FILE) sandboxify ./app 'it'\\''s' "
				  "'two words' plain-arg");
	sb_learn_notes_free(n);
}
END_TEST

START_TEST(tolerance_restricts_by_argument)
{
	struct sb_observed *o = malloc(sizeof(*o));
	sb_observed_init(o);
	int ioctl_nr = sb_syscall_number("ioctl"), write_nr = sb_syscall_number("write");
	sb_observed_add(o, ioctl_nr, true, 0x5421);     /* FIONBIO, seen */
	sb_observed_add(o, write_nr, false, 0);
	sb_learn_tolerate_values(o, NULL);
	const struct sb_obs_arg *a = &o->args[sb_inspected_index(ioctl_nr)];
	ck_assert_uint_eq(a->n_values, 3);
	ck_assert(a->values[1] == TCGETS && a->values[2] == TIOCGWINSZ);
	char *text = NULL;
	size_t len = 0;
	FILE *rules = open_memstream(&text, &len);
	bool skip[SB_NR_LIMIT] = { false };
	skip[sb_syscall_number("lseek")] = true;
	unsigned unseen = sb_learn_tolerate(o, skip, rules);
	fclose(rules);
	/* Seen calls and skipped ones are not written again; the others are, restricted. */
	ck_assert_msg(!strstr(text, "\nwrite:") && !strstr(text, "\nioctl:") && !strstr(text, "lseek") &&
		      strstr(text, "\nnewfstatat: arg3 == 0x1000\n") &&
		      strstr(text, "\nmmap: arg2 in ~PROT_EXEC\n") && strstr(text, "--strict"), "%s", text);
	ck_assert_uint_eq(unseen, 9);
	free(text);
	/* Without argument filters (env format): added to the observations. */
	sb_observed_init(o);
	ck_assert_uint_eq(sb_learn_tolerate(o, NULL, NULL), 12);
	ck_assert(o->count[ioctl_nr] && o->count[write_nr]);
	ck_assert_uint_eq(o->args[sb_inspected_index(ioctl_nr)].n_values, 2);
	free(o);
}
END_TEST

/* futex depends on timing once there is a second thread or process, and only then. */
START_TEST(tolerance_of_futex_follows_threads)
{
	struct sb_observed *o = malloc(sizeof(*o));
	int futex_nr = sb_syscall_number("futex");
	const char *starts[] = { "clone", "clone3" };
	for (size_t i = 0; i < 2; i++) {
		sb_observed_init(o);
		sb_observed_add(o, sb_syscall_number(starts[i]), false, 0);
		ck_assert_uint_eq(sb_learn_tolerate(o, NULL, NULL), 13);
		ck_assert(o->count[futex_nr]);
	}
	char *text = NULL;
	size_t len = 0;
	FILE *rules = open_memstream(&text, &len);
	sb_observed_init(o);
	sb_learn_tolerate(o, NULL, rules);
	sb_observed_add(o, sb_syscall_number("clone3"), false, 0);
	sb_learn_tolerate(o, NULL, rules);
	sb_observed_add(o, futex_nr, false, 0);
	sb_learn_tolerate(o, NULL, rules);
	fclose(rules);
	/* Once: for the run with a thread and without futex. */
	const char *first = strstr(text, "\nfutex: 1\n");
	ck_assert_msg(first && !strstr(first + 1, "\nfutex:") && strstr(text, "on timing"), "%s", text);
	free(text);
	free(o);
}
END_TEST

START_TEST(timeout_seconds)
{
	const struct { const char *text; bool ok; unsigned value; } cases[] = {
		{ "1", true, 1 }, { "30", true, 30 }, { "86400", true, 86400 }, { "0", false, 0 },
		{ "86401", false, 0 }, { "-1", false, 0 }, { "+5", false, 0 }, { "5s", false, 0 },
		{ "", false, 0 }, { " 5", false, 0 }, { "99999999999999999999", false, 0 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		unsigned v = 0;
		ck_assert_msg(sb_learn_parse_seconds(cases[i].text, &v) == cases[i].ok, "'%s'", cases[i].text);
		if (cases[i].ok)
			ck_assert_uint_eq(v, cases[i].value);
	}
}
END_TEST

Suite *unit_learn_suite(void)
{
	Suite *s = suite_create("unit_learn");
	TCase *tc = tcase_create("unit_learn");
	tcase_add_test(tc, static_programs_recognised);
	tcase_add_test(tc, header_command_quotes_what_the_shell_would_split);
	tcase_add_test(tc, tolerance_restricts_by_argument);
	tcase_add_test(tc, tolerance_of_futex_follows_threads);
	tcase_add_test(tc, timeout_seconds);
	suite_add_tcase(s, tc);
	return s;
}
