/* execvp-style program lookup with exit-status-ready errors. */
#include "progpath.h"
#include "policy.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* 0 when `path` can be executed by us; otherwise the errno execve would give. */
static int check_executable(const char *path)
{
	struct stat st;
	if (stat(path, &st))
		return errno;
	if (S_ISDIR(st.st_mode))
		return EISDIR;
	if (!S_ISREG(st.st_mode))
		return EACCES;
	if (faccessat(AT_FDCWD, path, X_OK, AT_EACCESS))
		return errno;
	return 0;
}

static int not_executable(const char *path, int e, struct sandbox_error *err)
{
	const char *why = e == EISDIR ? "is a directory" :
			  e == EACCES ? "permission denied: not an executable regular file" : strerror(e);
	sb_fail(err, SANDBOX_ECONFIG, "%s: cannot execute: %s", path, why);
	return SB_EXIT_NOT_EXECUTABLE;
}

int sb_find_program(const char *name, const char *path_env, char *out, size_t len,
		    struct sandbox_error *err)
{
	if (!name[0]) {
		sb_fail(err, SANDBOX_ECONFIG, "empty program name");
		return SB_EXIT_NOT_FOUND;
	}
	if (strchr(name, '/')) {
		int e = check_executable(name);
		if (e == ENOENT || e == ENOTDIR) {
			sb_fail(err, SANDBOX_ECONFIG, "%s: no such file", name);
			return SB_EXIT_NOT_FOUND;
		}
		if (e)
			return not_executable(name, e, err);
		if ((size_t)snprintf(out, len, "%s", name) >= len) {
			sb_fail(err, SANDBOX_ECONFIG, "%.64s...: path too long", name);
			return SB_EXIT_NOT_FOUND;
		}
		return 0;
	}

	const char *path = path_env ? path_env : SB_DEFAULT_PATH;
	char denied[4096] = "";
	int denied_errno = 0;
	for (const char *p = path;;) {
		const char *end = strchr(p, ':');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		char candidate[4096];
		int w = n ? snprintf(candidate, sizeof(candidate), "%.*s/%s", (int)n, p, name)
			  : snprintf(candidate, sizeof(candidate), "%s", name);
		if (w > 0 && (size_t)w < sizeof(candidate)) {
			int e = check_executable(candidate);
			if (e == 0) {
				if ((size_t)snprintf(out, len, "%s", candidate) < len)
					return 0;
			} else if (e != ENOENT && e != ENOTDIR && !denied[0]) {
				snprintf(denied, sizeof(denied), "%s", candidate);
				denied_errno = e;
			}
		}
		if (!end)
			break;
		p = end + 1;
	}
	if (denied[0])
		return not_executable(denied, denied_errno, err);
	sb_fail(err, SANDBOX_ECONFIG, "%s: command not found in PATH (%.900s)", name, path);
	return SB_EXIT_NOT_FOUND;
}
