/* The test runner: every tests/test_*.c contributes one suite (listed in suites.gen.h).
 * LIBSANDBOX_TEST_UNIT_ONLY=1 runs only the unit_* suites (the sanitizer build). */
#include <check.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SUITE(name) Suite *name##_suite(void);
#include "suites.gen.h"
#undef SUITE

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st, (void)type, (void)ftw;
	remove(path);
	return 0;
}

int main(void)
{
	/* Every temporary directory of the run lies in this one, removed at the end whatever
	 * the tests did (a failed or killed test cannot clean up after itself). 0755: the
	 * unprivileged checks run as uid 65534 inside it. */
	char run_dir[] = "/tmp/sandbox-tests-XXXXXX";
	if (!mkdtemp(run_dir) || chmod(run_dir, 0755)) {
		perror("test runner: temporary directory");
		return EXIT_FAILURE;
	}
	setenv("LIBSANDBOX_TEST_TMP", run_dir, 1);
	const char *unit_only = getenv("LIBSANDBOX_TEST_UNIT_ONLY");
	/* Check's default is 4 s a test; a loaded 2-core machine running real processes (and
	 * the sanitizer build) needs more. A hung test still fails, after a minute. Set before
	 * the suites are created: tcase_create() reads it. */
	setenv("CK_DEFAULT_TIMEOUT", "60", 0);
	SRunner *sr = srunner_create(NULL);
#define SUITE(name) \
	if (!unit_only || !strncmp(#name, "unit_", 5)) \
		srunner_add_suite(sr, name##_suite());
#include "suites.gen.h"
#undef SUITE
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	nftw(run_dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
