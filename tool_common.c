/* Helpers shared by sandbox-policy's authoring commands. */
#include "config.h"
#include "policy_file.h"
#include "tool.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

int sb_tool_base_exclusions(const char *base, bool exclude[SB_NR_LIMIT], const char *prog)
{
	struct sb_policy p;
	struct sandbox_error err = { 0 };
	struct stat st;
	int rc;
	/* A group (@default), a list of names and groups, or a policy file. */
	if (base[0] != '@' && strchr(base, '/') && stat(base, &st) == 0)
		rc = sb_policy_parse_file(base, NULL, &p, &err);
	else
		rc = sb_policy_from_list(SANDBOX_ALLOW_LIST, base, SECCOMP_RET_KILL_PROCESS, "--base",
					 &p, NULL, &err);
	if (rc) {
		fprintf(stderr, "%s: %s\n", prog, err.message);
		return SB_TOOL_USAGE;
	}
	for (size_t i = 0; i < p.n_rules; i++) {
		const struct sb_rule *r = &p.rules[i];
		/* Only what the base allows whatever the arguments can be left out. */
		if (r->n_cases == 0 && r->fallback == SECCOMP_RET_ALLOW)
			exclude[r->nr] = true;
	}
	sb_policy_free(&p);
	return 0;
}
