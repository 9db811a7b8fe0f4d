/* The paths a program opened during `sandbox-policy learn`, and the filesystem rules they
 * suggest (@fs-read / @fs-write, written as comments to review). */
#ifndef SB_LEARN_PATHS_H
#define SB_LEARN_PATHS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

enum sb_path_use { SB_PATH_READ = 1, SB_PATH_EXEC = 2, SB_PATH_WRITE = 4 };

struct sb_learn_paths {
	struct sb_learned_path { char *path; unsigned use; } *items;
	size_t n, cap;
	bool full;                 /* more distinct paths than kept */
};

void sb_learn_paths_free(struct sb_learn_paths *lp);

/* At a seccomp stop of pid for native call nr: when nr names paths (open, openat, openat2,
 * creat, execve, mkdir, unlink, rename ... and their *at forms), read them from the
 * tracee, make them absolute (its working directory or dirfd) and record their use. */
void sb_learn_paths_record(struct sb_learn_paths *lp, pid_t pid, int nr, const uint64_t args[6]);

/* The rules the paths suggest, collapsed (/usr, /proc, /tmp, the working directory cwd, the
 * files themselves elsewhere, parents of what was created or removed), as commented
 * "# @fs-read PATH" / "# @fs-write PATH" lines. /usr and /etc/ld.so.cache, which the dynamic loader opens
 * before any filter, are always there. Paths that do not exist now, and `ignore` (the
 * preloaded library, may be NULL), are left out. */
void sb_learn_paths_write(FILE *out, const struct sb_learn_paths *lp, const char *cwd,
			  const char *ignore);

#endif
