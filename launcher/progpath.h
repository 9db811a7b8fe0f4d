/* Finding the program to run the way execvp(3) does. */
#ifndef SB_PROGPATH_H
#define SB_PROGPATH_H

#include <stddef.h>

#include "sandbox.h"

/* Exit statuses of a launcher that could not start the program (as in POSIX shells). */
#define SB_EXIT_NOT_EXECUTABLE 126
#define SB_EXIT_NOT_FOUND 127

/* The search path execvp uses when PATH is unset. */
#define SB_DEFAULT_PATH "/bin:/usr/bin"

/*
 * Resolve `name`: a name containing '/' is taken as it is; otherwise each directory of
 * `path_env` (NULL: SB_DEFAULT_PATH; an empty entry is the current directory) is tried in
 * order and the first regular file we may execute wins. Returns 0 with the path in out, or
 * SB_EXIT_NOT_FOUND / SB_EXIT_NOT_EXECUTABLE with a one-line err (a match that exists but
 * may not be executed is reported only when no later directory has an executable one).
 */
int sb_find_program(const char *name, const char *path_env, char *out, size_t len,
		    struct sandbox_error *err);

#endif
