/* Placeholder until the policy-file parser lands: both sources fail closed. */
#include "policy_file.h"

int sb_policy_parse_file(const char *path, const uint32_t *default_override,
			 struct sb_policy *out, struct sandbox_error *err)
{
	(void)default_override; (void)out;
	return sb_fail(err, SANDBOX_ECONFIG, "SECCOMP_POLICY_FILE: %s: policy files are not supported yet", path);
}

int sb_program_read_file(const char *path, struct sb_program *out, struct sandbox_error *err)
{
	(void)out;
	return sb_fail(err, SANDBOX_ECONFIG, "SECCOMP_BPF_FILE: %s: filter files are not supported yet", path);
}
