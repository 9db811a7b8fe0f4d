/* The public API: configuration -> policy -> filter -> load, shared by every front end. */
#include "sandbox.h"
#include "config.h"
#include "report.h"
#include "scratch.h"
#include "util.h"
#include "actions.h"
#include "load.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/syscall.h>
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

/* The calls prime_allocator made before the filter, made again after it in a form that
 * changes nothing (a brk query, zero random bytes): a learning tracer must record them, or
 * the policy it writes lacks what the program's own allocator and temporary-name code
 * need (glibc's mkstemp calls getrandom now and then). */
static void show_allocator_start(void)
{
	syscall(SYS_brk, 0);
	syscall(SYS_getrandom, NULL, 0, GRND_NONBLOCK);
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
	if (rc == SANDBOX_OK && before->prime_allocator && before->show_allocator_start)
		show_allocator_start();
	return rc;
}

int sandbox_apply_env(struct sandbox_error *err)
{
	struct sb_env env;
	struct sb_program prog = { 0 };
	struct sb_messages messages = { 0 };
	struct sb_before_load before;
	int rc;

	sb_env_read(&env);
	/* Everything built here is freed before returning: the scratch region serves. */
	bool scratch = sb_scratch_begin();
	rc = sb_build_from_env(&env, &prog, &messages, &before, err);
	if (rc == SANDBOX_OK) {
		sb_messages_write(&messages, STDERR_FILENO);
		sb_scratch_give_back(prog.insns, prog.len * sizeof(*prog.insns));
		rc = apply_program(&prog, &before, err);
	}
	sb_program_free(&prog);
	if (scratch)
		sb_scratch_end();
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
			.prime_allocator = sb_refuses_allocator_start(&policy),
			.show_allocator_start = sb_traces_allocator_start(&policy) };
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
