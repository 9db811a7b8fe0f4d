/* The pipeline: configuration -> policy model -> filter -> load (pipeline.h). */
#include "pipeline.h"
#include "bpf_run.h"
#include "guard.h"
#include "load.h"
#include "policy_file.h"
#include "report.h"
#include "syscalls.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <unistd.h>

/* The action a policy gives every call of nr whatever its arguments; 0 when it depends on
 * them. */
static uint32_t unconditional_action(const struct sb_policy *p, int nr)
{
	const struct sb_rule *r = sb_policy_find(p, nr);
	return r ? (r->n_cases ? 0 : r->fallback) : p->default_action;
}

static bool refuses_allocator_start(const struct sb_policy *p)
{
	return unconditional_action(p, SYS_brk) != SECCOMP_RET_ALLOW ||
	       unconditional_action(p, SYS_getrandom) != SECCOMP_RET_ALLOW;
}

static bool traces_allocator_start(const struct sb_policy *p)
{
	return (unconditional_action(p, SYS_brk) & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_TRACE ||
	       (unconditional_action(p, SYS_getrandom) & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_TRACE;
}

/* The same for a compiled program: a call is allowed whatever its arguments when the
 * program allows it on a path that reads neither them nor the instruction pointer. */
static bool program_always_allows(const struct sb_program *prog, int nr)
{
	struct seccomp_data d = { .nr = nr, .arch = sb_native_arch() };
	struct sb_bpf_trace trace = { 0 };
	bool fault = false;
	uint32_t action = sb_bpf_run(prog->insns, prog->len, &d, &trace, &fault);
	return !fault && !trace.read_args && !trace.read_ip && action == SECCOMP_RET_ALLOW;
}

int sb_pipeline_build_policy(struct sb_policy *policy, bool report_wanted,
			     const struct sb_pipeline_opts *opts, struct sb_build *out,
			     struct sandbox_error *err)
{
	int rc = SANDBOX_OK;
	*out = (struct sb_build){ 0 };
	if (opts && opts->adjust)
		rc = opts->adjust(policy, opts->adjust_arg, err);
	if (rc == SANDBOX_OK) {
		out->prime_allocator = refuses_allocator_start(policy);
		out->show_allocator_start = traces_allocator_start(policy);
	}
	if (rc == SANDBOX_OK && report_wanted && opts && opts->report && sb_report_applicable(policy)) {
		rc = sb_report_prepare(policy, err);
		out->install_report = rc == SANDBOX_OK;
	}
	if (rc == SANDBOX_OK)
		rc = sb_compile(policy, &out->program, err);
	if (rc == SANDBOX_OK && opts && opts->widen && (rc = opts->widen(policy, err)) == SANDBOX_OK)
		rc = sb_compile(policy, &out->widened, err);
	if (rc == SANDBOX_OK) {
		out->isolation = policy->iso;
		memset(&policy->iso, 0, sizeof(policy->iso));
	}
	sb_policy_free(policy);
	return rc;
}

int sb_pipeline_build(const struct sb_env *env, const struct sb_pipeline_opts *opts,
		      struct sb_build *out, struct sandbox_error *err)
{
	struct sb_policy policy;
	bool report;
	int rc;

	*out = (struct sb_build){ 0 };
	rc = sb_env_validate(env, err);
	if (rc != SANDBOX_OK && rc != SANDBOX_NOTHING)
		return rc;
	bool nothing = rc == SANDBOX_NOTHING;
	if ((rc = sb_report_parse(env->report, &report, err)))
		return rc;
	/* The report of the process that started this one: installed again here (its
	 * handler did not survive exec), or the base of this process's own. */
	bool inherited = report && opts && opts->report && env->inherited_report;
	if (inherited && (rc = sb_report_inherit(env->inherited_report, err)))
		return rc;
	if (nothing) {
		out->install_report = inherited;
		return (rc = sb_env_isolation(env, &out->isolation, err)) ? rc : SANDBOX_NOTHING;
	}
	if (env->bpf_file) {
		if (opts && (opts->adjust || opts->widen))
			return sb_fail(err, SANDBOX_ECONFIG, "SECCOMP_BPF_FILE is already compiled, so "
				       "it cannot be extended with what the dynamic loader needs "
				       "(accepted: SECCOMP_SYSCALL_ALLOW, SECCOMP_SYSCALL_DENY, "
				       "SECCOMP_SYSCALL_FILTER or SECCOMP_POLICY_FILE)");
		if ((rc = sb_program_read_file(env->bpf_file, &out->program, err)) ||
		    (rc = sb_env_isolation(env, &out->isolation, err))) {
			sb_program_free(&out->program);
			return rc;
		}
		out->prime_allocator = !program_always_allows(&out->program, SYS_brk) ||
				       !program_always_allows(&out->program, SYS_getrandom);
		out->install_report = inherited;
		return SANDBOX_OK;
	}
	if ((rc = sb_policy_from_env(env, &policy, opts ? opts->messages : NULL, err)))
		return rc;
	/* Under sandboxify --preload, which adds the exact filter at the program's entry point
	 * on top of this one (adding a filter only ever restricts). */
	if (env->sandboxify && (rc = sb_allow_entry_load(&policy, err))) {
		sb_policy_free(&policy);
		return rc;
	}
	rc = sb_pipeline_build_policy(&policy, report, opts, out, err);
	out->install_report |= rc == SANDBOX_OK && inherited;
	return rc;
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

bool sb_pipeline_wants_domain(const struct sb_isolation *iso)
{
	return sb_isolation_has_rules(iso) || iso->isolate == SB_ISOLATE_ON;
}

int sb_pipeline_enter_domain(const struct sb_isolation *iso, struct sb_messages *messages,
			     struct sandbox_error *err)
{
	struct sb_landlock_plan plan;
	/* Not even the probe when isolation is off: under sandboxify --preload the domain
	 * exists already and the guard filter need not allow the call. */
	int abi = iso->isolate == SB_ISOLATE_OFF ? 0 : sb_landlock_abi();
	int rc = sb_landlock_plan(iso, abi, &plan, err);
	if (rc == SANDBOX_OK && plan.warning[0] && messages) {
		char line[sizeof(plan.warning) + 16];
		snprintf(line, sizeof(line), "isolation: %s", plan.warning);
		sb_messages_add_warning(messages, line);
	}
	if (rc == SANDBOX_OK)
		rc = sb_isolation_check_paths(iso, err);
	if (rc == SANDBOX_OK)
		rc = sb_landlock_enter(iso, &plan, err);
	/* Once everything is accepted (an fd already open is written inside the domain). */
	if (rc == SANDBOX_OK && messages)
		sb_messages_write(messages, STDERR_FILENO);
	return rc;
}

int sb_pipeline_load(const struct sb_build *b, struct sandbox_error *err)
{
	int rc = SANDBOX_OK;
	if (b->prime_allocator)
		prime_allocator();
	if (b->install_report)
		rc = sb_report_install(err);
	if (rc == SANDBOX_OK)
		rc = sb_load(&b->program, err);
	if (rc == SANDBOX_OK && b->prime_allocator && b->show_allocator_start)
		show_allocator_start();
	return rc;
}

void sb_build_free(struct sb_build *b)
{
	sb_program_free(&b->program);
	sb_program_free(&b->widened);
	sb_isolation_free(&b->isolation);
}
