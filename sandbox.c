/* The public API: the library's own process through the one pipeline (pipeline.h). */
#include "sandbox.h"
#include "pipeline.h"
#include "report.h"
#include "scratch.h"
#include "util.h"
#include "actions.h"

#include <dlfcn.h>
#include <stddef.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *sandbox_version(void)
{
	return SANDBOX_VERSION;
}

void sandbox_scrub_env(void)
{
	/* One pass that compacts environ in place, as unsetenv does, rather than one
	 * unsetenv (a scan of the whole environment) per variable name. */
	struct sb_env env;
	size_t keep = 0;
	for (char **e = environ; e && *e; e++) {
		size_t n = strcspn(*e, "=");
		const char **slot = sb_env_owned_name(*e, n) ? sb_env_slot(&env, *e, n) : NULL;
		bool ours = slot && (*e)[n] == '=';
		if (ours && slot == &env.inherited_report && sb_report_installed())
			ours = false;   /* the report, passed on (report.h) */
		if (!ours)
			environ[keep++] = *e;
	}
	if (environ)
		environ[keep] = NULL;
}

/* The programs the confined one starts preload the library too: with filesystem rules it
 * must stay readable, or each of them would print the loader's "cannot be preloaded". */
static int keep_library_readable(struct sb_isolation *iso, struct sandbox_error *err)
{
	Dl_info self;
	if (!iso->fs_restricted || !dladdr((void *)sandbox_apply_env, &self) || !self.dli_fname ||
	    self.dli_fname[0] != '/')
		return SANDBOX_OK;
	return sb_isolation_add_path(iso, SB_FS_READ, self.dli_fname, strlen(self.dli_fname),
				     "libsandbox.so", err);
}

int sandbox_apply_env(struct sandbox_error *err)
{
	struct sb_env env;
	struct sb_build build;
	struct sb_messages messages = { 0 };
	struct sb_pipeline_opts opts = { .messages = &messages, .report = true };
	int rc;

	sb_env_read(&env);
	/* Everything built here is freed before returning: the scratch region serves. */
	bool scratch = sb_scratch_begin();
	rc = sb_pipeline_build(&env, &opts, &build, err);
	int kept = rc == SANDBOX_OK || rc == SANDBOX_NOTHING ?
		   keep_library_readable(&build.isolation, err) : SANDBOX_OK;
	if (kept)
		rc = kept;
	/* A program started by a sandboxed one: no filter of its own, the inherited report. */
	if (rc == SANDBOX_NOTHING && build.install_report && (kept = sb_report_install(err)))
		rc = kept;
	/* Rules alone (no filter) still make a domain. */
	if (rc == SANDBOX_NOTHING && sb_pipeline_wants_domain(&build.isolation))
		rc = sb_pipeline_enter_domain(&build.isolation, &messages, err);
	else if (rc == SANDBOX_OK &&
		 (rc = sb_pipeline_enter_domain(&build.isolation, &messages, err)) == SANDBOX_OK) {
		sb_scratch_give_back(build.program.insns, build.program.len * sizeof(*build.program.insns));
		rc = sb_pipeline_load(&build, err);
	}
	/* For the programs this one starts (sandbox_scrub_env() leaves the variable). */
	if ((rc == SANDBOX_OK || rc == SANDBOX_NOTHING) && sb_report_installed() &&
	    (kept = sb_report_export(err)))
		rc = kept;
	sb_build_free(&build);
	if (scratch)
		sb_scratch_end();
	return rc;
}

int sandbox_isolate(const char *fs_read, const char *fs_write, const char *net_connect,
		    const char *net_bind, struct sandbox_error *err)
{
	/* The variables' syntax and checks, with isolation asked for explicitly. */
	struct sb_env env = { .isolate = "1", .fs_read = fs_read, .fs_write = fs_write,
			      .net_connect = net_connect, .net_bind = net_bind };
	struct sb_isolation iso;
	struct sb_messages messages = { 0 };
	int rc = sb_isolation_from_env(&env, &iso, err);
	if (rc == SANDBOX_OK)
		rc = sb_pipeline_enter_domain(&iso, &messages, err);
	sb_isolation_free(&iso);
	return rc;
}

int sandbox_apply_list(enum sandbox_list_mode mode, const char *list, const char *action,
		       struct sandbox_error *err)
{
	struct sb_policy policy;
	struct sb_build build = { 0 };
	uint32_t act = SECCOMP_RET_KILL_PROCESS;
	const char *what = mode == SANDBOX_DENY_LIST ? "deny list" : "allow list";
	int rc;

	if (mode != SANDBOX_ALLOW_LIST && mode != SANDBOX_DENY_LIST)
		return sb_fail(err, SANDBOX_ECONFIG, "list mode %d (accepted: SANDBOX_ALLOW_LIST, "
			       "SANDBOX_DENY_LIST)", (int)mode);
	if (!list)
		return sb_fail(err, SANDBOX_ECONFIG, "%s: NULL list", what);
	if (action && (rc = sb_parse_default_action(action, "action", &act, err)))
		return rc;
	bool scratch = sb_scratch_begin();
	rc = sb_policy_from_list(mode, list, act, what, &policy, NULL, err);
	/* No report: a program calling the API at run time keeps its own SIGSYS handling. */
	if (rc == SANDBOX_OK)
		rc = sb_pipeline_build_policy(&policy, false, NULL, &build, err);
	if (rc == SANDBOX_OK) {
		sb_scratch_give_back(build.program.insns, build.program.len * sizeof(*build.program.insns));
		rc = sb_pipeline_load(&build, err);
	}
	sb_build_free(&build);
	if (scratch)
		sb_scratch_end();
	return rc;
}
