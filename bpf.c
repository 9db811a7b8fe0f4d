/* Filter generation. */
#include "libseccomp_filter.h"

int sb_compile(const struct sb_policy *p, struct sb_program *out, struct sandbox_error *err)
{
	return sb_compile_libseccomp(p, 2, out, err);
}
