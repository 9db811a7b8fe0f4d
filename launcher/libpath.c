/* The library's search order for the launchers (libpath.h). */
#include "libpath.h"
#include "util.h"
#include "install_dirs.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* dir + "/" + name into out when it fits and can be read. */
static bool readable_in(const char *dir, const char *name, char *out, size_t len)
{
	size_t d = strlen(dir), n = strlen(name);
	if (d + 1 + n >= len)
		return false;
	memcpy(out, dir, d);
	out[d] = '/';
	memcpy(out + d + 1, name, n + 1);
	return access(out, R_OK) == 0;
}

/* The running program's directory into dir; false when /proc/self/exe cannot be read. */
static bool self_dir(char dir[PATH_MAX])
{
	ssize_t n = readlink("/proc/self/exe", dir, PATH_MAX - 1);
	if (n <= 0)
		return false;
	dir[n] = '\0';
	*strrchr(dir, '/') = '\0';
	return true;
}

bool sb_beside_self(const char *name, char *out, size_t len)
{
	char self[PATH_MAX];
	return self_dir(self) && readable_in(self, name, out, len);
}

static int locate(const char *given, const char *option, char *out, size_t len,
		  struct sandbox_error *err)
{
	const char *from = option;
	if (!given && (given = getenv(SB_LIBRARY_VAR)) && *given)
		from = SB_LIBRARY_VAR;
	if (given && *given) {
		if (access(given, R_OK))
			return sb_fail(err, SANDBOX_EIO, "cannot read libsandbox.so at '%s': %s (set by %s)",
				       given, strerror(errno), from);
		if (strlen(given) >= len)
			return sb_fail(err, SANDBOX_ECONFIG, "libsandbox.so path too long (set by %s)", from);
		strcpy(out, given);
		return SANDBOX_OK;
	}
	char self[PATH_MAX], up[PATH_MAX + 8];
	if (!self_dir(self))
		return sb_fail(err, SANDBOX_EIO, "/proc/self/exe: %s (accepted: %s PATH or %s)",
			       strerror(errno), option, SB_LIBRARY_VAR);
	snprintf(up, sizeof(up), "%s/../lib", self);
	if (readable_in(self, SB_LIBRARY_SONAME, out, len) || readable_in(up, SB_LIBRARY_SONAME, out, len) ||
	    readable_in(SB_INSTALLED_LIBDIR, SB_LIBRARY_SONAME, out, len))
		return SANDBOX_OK;
	return sb_fail(err, SANDBOX_EIO, "%s is neither beside %s, in %s/../lib nor in %s "
		       "(accepted: %s PATH or %s)", SB_LIBRARY_SONAME, self, self, SB_INSTALLED_LIBDIR,
		       option, SB_LIBRARY_VAR);
}

int sb_find_library(const char *given, const char *option, char *out, size_t len,
		    struct sandbox_error *err)
{
	int rc = locate(given, option, out, len, err);
	if (rc == SANDBOX_OK && strpbrk(out, " :"))
		return sb_fail(err, SANDBOX_ECONFIG, "libsandbox.so cannot be preloaded from a path "
			       "with a space or ':' ('%s'; accepted: a path without them)", out);
	return rc;
}
