/* sandbox-policy learn as an ordinary user runs it: the policy it writes must hold when the
 * program runs again under it, whatever the program's output is connected to. */
#include "support.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void tool(const char *const *args, const struct run_opts *opts, struct run_result *res)
{
	const char *argv[40] = { tree_path("sandbox-policy") };
	size_t n = 1;
	for (; args[n - 1] && n < 39; n++)
		argv[n] = args[n - 1];
	argv[n] = NULL;
	run_process(argv, opts, res);
}

/* A directory the unprivileged user can write to. */
static const char *user_dir(void)
{
	const char *dir = make_temp_dir();
	chmod(dir, 01777);
	return dir;
}

__attribute__((unused)) static char *slurp(const char *path)
{
	static char text[65536];
	FILE *f = fopen(path, "r");
	ck_assert_msg(f, "cannot read %s", path);
	size_t n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = '\0';
	return text;
}

/* The library's start-up makes the C allocator's first calls (getrandom, brk) before the
 * learning filter: the learned policy must allow them anyway, or a program that calls
 * getrandom itself now and then is killed on some runs. */
START_TEST(learn_covers_what_the_start_up_hid)
{
	if (!running_as_root()) {
		puts("skipped: learn_covers_what_the_start_up_hid needs root to drop privileges");
		return;
	}
	const char *dir = user_dir();
	char policy[256];
	snprintf(policy, sizeof(policy), "%s/random.policy", dir);
	struct run_opts user = { .unprivileged = true };
	struct run_result r;
	const char *learn[] = { "learn", "-o", policy, "--", tree_path("tests/prog/sometimes-random"),
				"never", NULL };
	tool(learn, &user, &r);
	ck_assert_exit(&r, 0);
	run_result_free(&r);
	char setting[300];
	snprintf(setting, sizeof(setting), "SECCOMP_POLICY_FILE=%s", policy);
	const char *env[] = { preload_env(), setting, "SECCOMP_QUIET=1", NULL };
	struct run_opts o = { .env = env, .unprivileged = true };
	const char *prog[] = { tree_path("tests/prog/sometimes-random"), NULL };
	int asked = 0;
	for (int i = 0; i < 20; i++) {
		run_process(prog, &o, &r);
		ck_assert_msg(exited_with(&r, 0), "run %d: %s; %s", i, describe_status(r.status), r.err);
		asked += strstr(r.out, "yes") != NULL;
		run_result_free(&r);
	}
	ck_assert_msg(asked > 0, "in 20 runs the program never called getrandom itself");
}
END_TEST

Suite *learn_suite(void)
{
	Suite *s = suite_create("learn");
	TCase *tc = tcase_create("learn");
	tcase_add_test(tc, learn_covers_what_the_start_up_hid);
	suite_add_tcase(s, tc);
	return s;
}
