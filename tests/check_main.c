/* The test runner: every tests/test_*.c contributes one suite (listed in suites.gen.h).
 * SANDBOX_TEST_UNIT_ONLY=1 runs only the unit_* suites (the sanitizer build). */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#define SUITE(name) Suite *name##_suite(void);
#include "suites.gen.h"
#undef SUITE

int main(void)
{
	const char *unit_only = getenv("SANDBOX_TEST_UNIT_ONLY");
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
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
