/*
 * libFuzzer target for the policy-file parser: any input must either parse into a policy
 * whose compiled filter decides exactly as the model does, or fail with a located
 * message. Absolute includes of /usr/share/policy/crosvm/ are read from fuzz/includes/
 * (crosvm's shared policies); every other include resolves to a missing file.
 * Build and run: make fuzz && make fuzz-run (see README, "policy files").
 */
#include "bpf_run.h"
#include "policy_file.h"
#include "policy_lint.h"
#include "scratch.h"
#include "syscalls.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef FUZZ_INCLUDES
#define FUZZ_INCLUDES "fuzz/includes"
#endif

static void check_decision(const struct sb_policy *p, const struct sb_program *prog, int nr,
			   const uint64_t args[6])
{
	struct seccomp_data d = { .nr = nr, .arch = sb_native_arch() };
	for (int i = 0; i < 6; i++)
		d.args[i] = args[i];
	bool fault;
	uint32_t got = sb_bpf_run(prog->insns, prog->len, &d, NULL, &fault);
	uint32_t want = sb_policy_decide(p, nr, args);
	if (fault || got != want) {
		fprintf(stderr, "filter and model disagree: nr %d: filter 0x%08x, model 0x%08x%s\n",
			nr, got, want, fault ? " (fault)" : "");
		abort();
	}
}

/* Probe every rule with the values its comparisons name, their neighbours and words
 * whose other half differs, on each argument. */
static void check_filter(const struct sb_policy *p, const struct sb_program *prog)
{
	for (size_t r = 0; r < p->n_rules; r++) {
		const struct sb_rule *rule = &p->rules[r];
		uint64_t zero[6] = { 0 };
		check_decision(p, prog, rule->nr, zero);
		for (size_t c = 0; c < rule->n_cases && c < 4; c++) {
			const struct sb_case *cs = &rule->cases[c];
			for (size_t k = 0; k < cs->n_clauses && k < 8; k++) {
				for (size_t a = 0; a < cs->clauses[k].n_atoms && a < 8; a++) {
					const struct sb_atom *at = &cs->clauses[k].atoms[a];
					uint64_t probes[] = { at->value, at->value - 1, at->value + 1,
							      at->value ^ 0xffffffff00000000ull,
							      at->value & 0xffffffffull, ~at->value };
					for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
						uint64_t args[6] = { 0 };
						args[at->arg] = probes[i];
						check_decision(p, prog, rule->nr, args);
					}
				}
			}
		}
	}
}

/* The isolation directives' model: planned for every ABI and described, never entered. */
static void count_line(void *ctx, const char *text)
{
	if (!text[0] || strchr(text, '\n'))
		abort();
	++*(unsigned *)ctx;
}

static void check_isolation(const struct sb_isolation *iso)
{
	for (int abi = 0; abi <= SB_LL_ABI_KNOWN + 1; abi++) {
		struct sb_landlock_plan plan;
		struct sandbox_error err = { 0 };
		unsigned lines = 0;
		if (sb_landlock_plan(iso, abi, &plan, &err)) {
			if (!err.message[0])
				abort();
			continue;
		}
		/* Nothing handled that the ABI does not know. */
		if (plan.attr.handled_access_fs & ~sb_landlock_fs_rights(abi) ||
		    (abi < 4 && plan.attr.handled_access_net) || (abi < 6 && plan.attr.scoped))
			abort();
		sb_isolation_describe(iso, &plan, count_line, &lines);
		if (lines == 0)
			abort();
	}
}

static void count_problem(void *ctx, const char *message)
{
	if (!message[0])
		abort();
	++*(unsigned *)ctx;
}

/* Warnings (never-applies, lint) are one line each. */
static void check_warning(void *ctx, const char *message)
{
	(void)ctx;
	if (!message[0] || strchr(message, '\n'))
		abort();
}

/* The library parses and compiles in its scratch region: so does this (every block cut,
 * grown or freed there is poisoned under ASan). */
static int parse_and_check(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	bool scratch = sb_scratch_begin();
	int rc = parse_and_check(data, size);
	if (scratch)
		sb_scratch_end();
	return rc;
}

static int parse_and_check(const unsigned char *data, size_t size)
{
	struct sb_policy policy;
	struct sb_program prog = { 0 };
	struct sandbox_error err = { 0 };
	static const uint32_t log_action = SECCOMP_RET_LOG;
	struct sb_policy_file_opts opts = {
		.include_map = "/usr/share/policy/crosvm=" FUZZ_INCLUDES ":/=/nonexistent-fuzz-root",
		/* The first input byte picks whether SECCOMP_DEFAULT_ACTION is in play. */
		.default_override = size && (data[0] & 1) ? &log_action : NULL,
	};
	unsigned problems = 0;
	if (size && (data[0] & 2)) {   /* and whether every problem is reported, as check does */
		opts.report = count_problem;
		opts.report_ctx = &problems;
		opts.warn = check_warning;
	}

	if (sb_policy_parse_text("/fuzz/input.policy", (const char *)data, size, &opts, &policy,
				 &err)) {
		if (!err.message[0] || !memchr(err.message, '\0', sizeof(err.message)))
			abort();
		if (opts.report && problems == 0)
			abort();
		return 0;
	}
	sb_policy_lint(&policy, check_warning, NULL);
	check_isolation(&policy.iso);
	if (sb_compile(&policy, &prog, &err) == 0) {
		check_filter(&policy, &prog);
		sb_program_free(&prog);
	}
	sb_policy_free(&policy);
	return 0;
}
