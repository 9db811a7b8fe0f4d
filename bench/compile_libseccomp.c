/* The bench's baseline library: libsandbox.so with sb_compile() replaced by libseccomp's
 * default layout (the original approach). Linked before the core archive, so the
 * archive's emitter is not pulled in; the product itself never contains this. */
#include "libseccomp_filter.h"

int sb_compile(const struct sb_policy *p, struct sb_program *out, struct sandbox_error *err)
{
	return sb_compile_libseccomp(p, 1, out, err);
}
