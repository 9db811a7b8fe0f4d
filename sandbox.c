/* The public API: configuration -> policy -> filter -> load, shared by every front end. */
#include "sandbox.h"
#include "config.h"
#include "report.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *sandbox_version(void)
{
	return SANDBOX_VERSION;
}

void sandbox_scrub_env(void)
{
	for (size_t i = 0; sb_env_names[i]; i++)
		unsetenv(sb_env_names[i]);
}

int sandbox_apply_env(struct sandbox_error *err)
{
	struct sb_env env;
	struct sb_program prog = { 0 };
	struct sb_text messages = { 0 };
	bool report;
	int rc;

	sb_env_read(&env);
	rc = sb_build_from_env(&env, &prog, &messages, &report, err);
	if (rc == SANDBOX_OK) {
		/* One write for all the lines: a long allow list must not cost a syscall each. */
		sb_text_write(&messages, STDERR_FILENO);
		if (report)
			rc = sb_report_install(err);
		if (rc == SANDBOX_OK)
			rc = sb_load(&prog, err);
	}
	sb_text_free(&messages);
	sb_program_free(&prog);
	return rc;
}

int sandbox_apply_list(enum sandbox_list_mode mode, const char *list, const char *action,
		       struct sandbox_error *err)
{
	struct sb_policy policy;
	struct sb_program prog = { 0 };
	uint32_t act = SECCOMP_RET_KILL_PROCESS;
	const char *what = mode == SANDBOX_DENY_LIST ? "deny list" : "allow list";
	int rc;

	if (mode != SANDBOX_ALLOW_LIST && mode != SANDBOX_DENY_LIST)
		return sb_fail(err, SANDBOX_ECONFIG, "list mode %d (accepted: SANDBOX_ALLOW_LIST, "
			       "SANDBOX_DENY_LIST)", (int)mode);
	if (!list)
		return sb_fail(err, SANDBOX_ECONFIG, "%s: NULL list", what);
	if (action && (rc = sb_parse_action(action, "action", &act, err)))
		return rc;
	if ((rc = sb_policy_from_list(mode, list, act, what, &policy, NULL, err)))
		return rc;
	rc = sb_compile(&policy, &prog, err);
	sb_policy_free(&policy);
	if (rc == SANDBOX_OK)
		rc = sb_load(&prog, err);
	sb_program_free(&prog);
	return rc;
}
