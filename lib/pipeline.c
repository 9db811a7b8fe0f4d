/* The pipeline: configuration -> policy model -> filter -> load (pipeline.h). */
#include "pipeline.h"
#include "bpf_run.h"
#include "load.h"
#include "policy_file.h"
#include "report.h"
#include "syscalls.h"
#include "util.h"

#include <stdlib.h>
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
	if ((rc = sb_env_validate(env, err)) || (rc = sb_report_parse(env->report, &report, err)))
		return rc;
	if (env->bpf_file) {
		if (opts && opts->adjust)
			return sb_fail(err, SANDBOX_ECONFIG, "SECCOMP_BPF_FILE is already compiled, so "
				       "it cannot be extended with what the dynamic loader needs "
				       "(accepted: SECCOMP_SYSCALL_ALLOW, SECCOMP_SYSCALL_DENY, "
				       "SECCOMP_SYSCALL_FILTER or SECCOMP_POLICY_FILE)");
		if ((rc = sb_program_read_file(env->bpf_file, &out->program, err)))
			return rc;
		out->prime_allocator = !program_always_allows(&out->program, SYS_brk) ||
				       !program_always_allows(&out->program, SYS_getrandom);
		return SANDBOX_OK;
	}
	if ((rc = sb_policy_from_env(env, &policy, opts ? opts->messages : NULL, err)))
		return rc;
	return sb_pipeline_build_policy(&policy, report, opts, out, err);
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
}
