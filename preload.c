/* libsandbox.so: the constructor that confines the program before its main runs. */
#include "sandbox.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

__attribute__((constructor)) static void sandbox_preload(void)
{
	struct sandbox_error err = { 0 };
	int rc = sandbox_apply_env(&err);

	if (rc < 0) {
		/* Fail closed: the program must not run unfiltered, nor run at all under a
		 * configuration other than the one asked for. */
		dprintf(STDERR_FILENO, "libsandbox: %s\n", err.message);
		_exit(SANDBOX_EXIT_SETUP);
	}
	sandbox_scrub_env();
}
