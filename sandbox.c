/* The public API: configuration -> policy -> filter -> load, shared by every front end. */
#include "sandbox.h"
#include "config.h"
#include "report.h"
#include "scratch.h"

#include <dlfcn.h>
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
	/* Looked for first: a program that links the library for good and runs
	 * unconfigured does not page in unsetenv's part of libc at every start. */
	static const struct sb_env none;
	struct sb_env env;
	sb_env_read(&env);
	if (!memcmp(&env, &none, sizeof(env)))
		return;
	for (const struct sb_env_var *v = sb_env_vars; v->name; v++)
		unsetenv(v->name);
}

/* The C allocator's first call asks the kernel for randomness and heap (getrandom, brk).
 * When the filter would refuse those, it is made here, before the filter, as the original
 * library's own allocations made it: so a list names what the program does, and
 * "newfstatat:write:exit_group" keeps running a printf hello world. */
static void prime_allocator(void)
{
	void *volatile first = malloc(1);
	free(first);
}

static int apply_program(const struct sb_program *prog, const struct sb_before_load *before,
			 struct sandbox_error *err)
{
	int rc = SANDBOX_OK;
	if (before->prime_allocator)
		prime_allocator();
	if (before->install_report)
		rc = sb_report_install(err);
	if (rc == SANDBOX_OK)
		rc = sb_load(prog, err);
	return rc;
}

/* The Landlock domain iso asks for, entered before the filter: the filter then need not
 * allow the landlock calls. A kernel without Landlock under the default setting adds the
 * warning to messages. */
static int isolate(const struct sb_isolation *iso, struct sb_messages *messages,
		   struct sandbox_error *err)
{
	struct sb_landlock_plan plan;
	/* Not even the probe when isolation is off: under sandboxify --preload the domain
	 * exists already and the guard filter need not allow the call. */
	int abi = iso->isolate == SB_ISOLATE_OFF ? 0 : sb_landlock_abi();
	int rc = sb_landlock_plan(iso, abi, &plan, err);
	if (rc == SANDBOX_OK && plan.warning[0]) {
		char line[sizeof(plan.warning) + 16];
		snprintf(line, sizeof(line), "isolation: %s", plan.warning);
		sb_messages_add_warning(messages, line);
	}
	if (rc == SANDBOX_OK)
		rc = sb_isolation_check_paths(iso, err);
	if (rc == SANDBOX_OK)
		rc = sb_landlock_enter(iso, &plan, err);
	/* Once everything is accepted (an fd already open is written inside the domain). */
	if (rc == SANDBOX_OK)
		sb_messages_write(messages, STDERR_FILENO);
	return rc;
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
	struct sb_program prog = { 0 };
	struct sb_messages messages = { 0 };
	struct sb_before_load before;
	struct sb_isolation iso;
	int rc;

	sb_env_read(&env);
	/* Everything built here is freed before returning: the scratch region serves. */
	bool scratch = sb_scratch_begin();
	rc = sb_build_from_env(&env, &prog, &messages, &before, &iso, err);
	int kept = rc == SANDBOX_OK || rc == SANDBOX_NOTHING ? keep_library_readable(&iso, err)
							     : SANDBOX_OK;
	if (kept)
		rc = kept;
	/* Rules alone (no filter) still make a domain. */
	if (rc == SANDBOX_NOTHING && (sb_isolation_has_rules(&iso) || iso.isolate == SB_ISOLATE_ON))
		rc = isolate(&iso, &messages, err);
	else if (rc == SANDBOX_OK && (rc = isolate(&iso, &messages, err)) == SANDBOX_OK) {
		sb_scratch_give_back(prog.insns, prog.len * sizeof(*prog.insns));
		rc = apply_program(&prog, &before, err);
	}
	sb_isolation_free(&iso);
	sb_program_free(&prog);
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
		rc = isolate(&iso, &messages, err);
	sb_isolation_free(&iso);
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
	if (action && (rc = sb_parse_default_action(action, "action", &act, err)))
		return rc;
	bool scratch = sb_scratch_begin();
	rc = sb_policy_from_list(mode, list, act, what, &policy, NULL, err);
	if (rc == SANDBOX_OK) {
		struct sb_before_load before = {
			.prime_allocator = sb_refuses_allocator_start(&policy) };
		rc = sb_compile(&policy, &prog, err);
		sb_policy_free(&policy);
		sb_scratch_give_back(prog.insns, prog.len * sizeof(*prog.insns));
		if (rc == SANDBOX_OK)
			rc = apply_program(&prog, &before, err);
		sb_program_free(&prog);
	}
	if (scratch)
		sb_scratch_end();
	return rc;
}
