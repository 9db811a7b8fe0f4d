/* libsandbox.so: the constructor that confines the program before its main runs. */
#include "sandbox.h"
#include "raw_syscall.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The library's own calls (sandbox_apply_env here) bind inside it: it is linked with
 * -Bsymbolic, so an executable exporting the same names cannot replace them. */
__attribute__((constructor)) static void sandbox_preload(void)
{
	struct sandbox_error err = { 0 };
	int rc = sandbox_apply_env(&err);

	if (rc < 0) {
		/* Fail closed: the program must not run unfiltered, nor run at all under a
		 * configuration other than the one asked for. */
		dprintf(STDERR_FILENO, "libsandbox: %s\n", err.message);
		sb_raw_exit(SANDBOX_EXIT_SETUP);
	}
	sandbox_scrub_env();
}
