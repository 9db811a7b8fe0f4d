/* Where libsandbox.so is, for the launchers that preload it (sandboxify --preload and
 * sandbox-policy learn): one search order for both. */
#ifndef SB_LIBPATH_H
#define SB_LIBPATH_H

#include <stdbool.h>
#include <stddef.h>

#include "sandbox.h"

/* The variable that names the library when no option does. */
#define SB_LIBRARY_VAR "SANDBOXIFY_LIBRARY"

/*
 * The library to preload into `out`: `given` (an option's value, named `option` in
 * messages; NULL: none), else $SANDBOXIFY_LIBRARY, else the library beside the running
 * program (a build tree), in ../lib from it (a relocated install), or in the LIBDIR the
 * tools were installed with (multiarch included). The file must be readable and its path
 * free of spaces and ':', which LD_PRELOAD cannot carry. SANDBOX_OK, or SANDBOX_EIO /
 * SANDBOX_ECONFIG with one line naming where it looked and what is accepted.
 */
int sb_find_library(const char *given, const char *option, char *out, size_t len,
		    struct sandbox_error *err);

/* The directory of the running program + "/" + name into out, when that file exists
 * (a tool finding its sibling programs in a build tree or an install). */
bool sb_beside_self(const char *name, char *out, size_t len);

#endif
