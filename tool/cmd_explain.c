/* sandbox-policy explain: what a filter decides for every syscall, how many instructions
 * each decision costs, and the program itself. */
#include "pipeline.h"
#include "bpf_paths.h"
#include "bpf_run.h"
#include "config.h"
#include "policy_file.h"
#include "syscalls.h"
#include "tool.h"
#include "util.h"
#include "actions.h"

#include <errno.h>
#include <linux/audit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define PATHS_PER_SYSCALL 256

static void usage(FILE *out)
{
	fprintf(out,
		"usage: sandbox-policy explain [--disasm] [--allowed] INPUT | --from-env\n"
		"  INPUT        a policy file, a file of SECCOMP_*=VALUE lines (as generate --format env\n"
		"               writes), such a line itself, or a compiled filter (.bpf)\n"
		"  --from-env   the SECCOMP_* variables of this environment\n"
		"  --disasm     also print the program, instruction by instruction\n"
		"  --allowed    list only the syscalls not decided by the default action\n");
}

/* ---- input ------------------------------------------------------------------------- */

/* The filter the library would load for env (without the report: it needs a process). */
static int build_program(const struct sb_env *env, struct sb_program *prog,
			 struct sb_isolation *iso, struct sandbox_error *err)
{
	struct sb_build build;
	int rc = sb_pipeline_build(env, NULL, &build, err);
	*prog = build.program;
	*iso = build.isolation;
	return rc;
}

/* The program INPUT describes; *what describes it for the header. */
static int load_input(const char *input, bool from_env, struct sb_program *prog,
		      struct sb_isolation *iso, char *what, size_t what_len)
{
	struct sandbox_error err = { 0 };
	struct sb_env env;
	int rc;
	if (from_env) {
		sb_env_read(&env);
		snprintf(what, what_len, "the SECCOMP_* environment");
		rc = build_program(&env, prog, iso, &err);
		if (rc == SANDBOX_NOTHING)
			sb_fail(&err, rc, "none of " SB_ENV_SOURCES " in the environment");
	} else {
		struct stat st;
		size_t len = strlen(input);
		bool is_file = stat(input, &st) == 0;
		bool binary = false;
		char *text = NULL;
		if (!is_file && sb_tool_is_setting(input, len)) {
			text = strdup(input);
			snprintf(what, what_len, "%s", input);
		} else if (!is_file) {
			fprintf(stderr, "sandbox-policy explain: %s: %s\n", input, strerror(errno));
			return SB_TOOL_FAILED;
		} else {
			text = sb_tool_read_file(input, &len, &binary);
			if (!text) {
				fprintf(stderr, "sandbox-policy explain: %s: %s\n", input, strerror(errno));
				return SB_TOOL_FAILED;
			}
			snprintf(what, what_len, "%s", input);
		}
		const char *bad = NULL;
		bool dotbpf = len >= 4 && !strcmp(input + strlen(input) - 4, ".bpf");
		if (is_file && (binary || dotbpf)) {
			rc = sb_program_read_file(input, prog, &err);
		} else if (text && sb_tool_starts_with_setting(text) && sb_tool_parse_settings(text, &env, &bad)) {
			rc = build_program(&env, prog, iso, &err);
			if (rc == SANDBOX_NOTHING)
				sb_fail(&err, rc, "%s: no variable selects a filter", input);
		} else if (bad && !bad[strspn(bad, "ABCDEFGHIJKLMNOPQRSTUVWXYZ_")]) {
			/* A setting's line whose name is none of the variables. */
			char why[sizeof(err.message)];
			sb_env_unknown_error(bad, &err);
			memcpy(why, err.message, sizeof(why));
			rc = sb_fail(&err, SANDBOX_ECONFIG, "%s: %s", input, why);
		} else if (bad) {
			rc = sb_fail(&err, SANDBOX_ECONFIG, "%s: '%.60s' is not a SECCOMP_* setting "
				     "(accepted: SECCOMP_SYSCALL_ALLOW=..., SECCOMP_SYSCALL_DENY=..., "
				     "SECCOMP_SYSCALL_FILTER=..., SECCOMP_POLICY_FILE=..., "
				     "SECCOMP_BPF_FILE=..., SECCOMP_DEFAULT_ACTION=..., "
				     "SECCOMP_UNKNOWN_ACTION=...)", input, bad);
		} else {
			struct sb_env file = { .policy_file = input,
					       .include_map = sb_tool_env.include_map };
			rc = build_program(&file, prog, iso, &err);
		}
		free(text);
	}
	if (rc) {
		fprintf(stderr, "sandbox-policy explain: %s\n", err.message);
		return SB_TOOL_FAILED;
	}
	return 0;
}

/* ---- per-syscall decisions --------------------------------------------------------- */

struct collect {
	struct sb_path paths[PATHS_PER_SYSCALL];
	size_t n;
};

static bool collect_path(const struct sb_path *p, void *ctx)
{
	struct collect *c = ctx;
	c->paths[c->n++] = *p;
	return true;
}

struct totals {
	size_t by_action_count[8];
	uint32_t by_action[8];
	size_t n_actions;
	size_t min_steps, max_steps, sum_steps, n_calls;
	bool truncated;
};

static void count_action(struct totals *t, uint32_t action)
{
	for (size_t i = 0; i < t->n_actions; i++)
		if (t->by_action[i] == action) {
			t->by_action_count[i]++;
			return;
		}
	if (t->n_actions < 8) {
		t->by_action[t->n_actions] = action;
		t->by_action_count[t->n_actions++] = 1;
	}
}

/* The action most syscalls get: what the filter does by default. */
static uint32_t common_action(const struct totals *t)
{
	size_t best = 0;
	for (size_t i = 1; i < t->n_actions; i++)
		if (t->by_action_count[i] > t->by_action_count[best])
			best = i;
	return t->n_actions ? t->by_action[best] : SECCOMP_RET_KILL_PROCESS;
}

static void explain_syscall(FILE *out, const struct sb_program *prog, int nr, const char *name,
			    struct collect *c, struct totals *t, bool print, uint32_t hide)
{
	bool truncated;
	c->n = 0;
	sb_bpf_paths(prog->insns, prog->len, sb_native_arch(), (uint32_t)nr, PATHS_PER_SYSCALL,
		     collect_path, c, &truncated);
	t->truncated |= truncated;
	bool uniform = true;
	for (size_t i = 0; i < c->n; i++) {
		uniform &= c->paths[i].action == c->paths[0].action;
		size_t s = c->paths[i].steps;
		if (!t->n_calls++ || s < t->min_steps)
			t->min_steps = s;
		if (s > t->max_steps)
			t->max_steps = s;
		t->sum_steps += s;
	}
	if (!print) {
		count_action(t, uniform && c->n ? c->paths[0].action : 0xffffffffu);
		return;
	}
	if (c->n == 0 || (uniform && c->paths[0].action == hide))
		return;
	char action[48], cond[512];
	for (size_t i = 0; i < c->n; i++) {
		const struct sb_path *p = &c->paths[i];
		sb_action_name(p->action, action, sizeof(action));
		if (uniform && i > 0)
			break;
		if (uniform) {
			size_t lo = p->steps, hi = p->steps;
			for (size_t j = 1; j < c->n; j++) {
				lo = c->paths[j].steps < lo ? c->paths[j].steps : lo;
				hi = c->paths[j].steps > hi ? c->paths[j].steps : hi;
			}
			char steps[32];
			snprintf(steps, sizeof(steps), lo == hi ? "%zu" : "%zu-%zu", lo, hi);
			fprintf(out, "%-22s %4d  %-16s %6s\n", name, nr, action, steps);
			continue;
		}
		sb_path_conditions_text(p, cond, sizeof(cond));
		char nr_text[16] = "";
		if (i == 0)
			snprintf(nr_text, sizeof(nr_text), "%d", nr);
		fprintf(out, "%-22s %4s  %-16s %6zu  if %s%s\n", i == 0 ? name : "", nr_text, action,
			p->steps, cond[0] ? cond : "(always)", p->fault ? " [invalid path]" : "");
	}
	if (truncated)
		fprintf(out, "%-22s %4s  (more than %d paths; the rest not shown)\n", "", "",
			PATHS_PER_SYSCALL);
}

static void explain_foreign(FILE *out, const struct sb_program *prog)
{
	struct sb_bpf_trace trace;
	struct seccomp_data d = { .nr = 1, .arch = AUDIT_ARCH_I386 };
	char action[48];
	uint32_t r = sb_bpf_run(prog->insns, prog->len, &d, &trace, NULL);
	fprintf(out, "i386 (arch 0x%08x), any nr: %s, %zu insns\n", AUDIT_ARCH_I386,
		sb_action_name(r, action, sizeof(action)), trace.steps);
	d = (struct seccomp_data){ .nr = 0x40000000 | 1, .arch = sb_native_arch() };
	r = sb_bpf_run(prog->insns, prog->len, &d, &trace, NULL);
	fprintf(out, "x32 (nr 0x40000000 + n), write: %s, %zu insns\n",
		sb_action_name(r, action, sizeof(action)), trace.steps);
}

int cmd_explain(int argc, char **argv)
{
	bool disasm = false, from_env = false, allowed_only = false;
	const char *input = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--disasm"))
			disasm = true;
		else if (!strcmp(argv[i], "--from-env"))
			from_env = true;
		else if (!strcmp(argv[i], "--allowed"))
			allowed_only = true;
		else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return 0;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "sandbox-policy explain: unknown option '%s' (see --help)\n", argv[i]);
			return SB_TOOL_USAGE;
		} else if (input) {
			fprintf(stderr, "sandbox-policy explain: one INPUT at a time ('%s' and '%s')\n",
				input, argv[i]);
			return SB_TOOL_USAGE;
		} else {
			input = argv[i];
		}
	}
	if (!input == !from_env) {
		fprintf(stderr, "sandbox-policy explain: give one INPUT or --from-env (see --help)\n");
		return SB_TOOL_USAGE;
	}
	struct sb_program prog = { 0 };
	struct sb_isolation iso = { 0 };
	struct sandbox_error err = { 0 };
	char what[300];
	int rc = load_input(input, from_env, &prog, &iso, what, sizeof(what));
	if (rc)
		return rc;
	size_t bad;
	const char *invalid = sb_bpf_validate(prog.insns, prog.len, &bad);
	FILE *out = stdout;
	fprintf(out, "# %s: %zu instructions, %s ABI\n", what, prog.len, sb_native_arch_name());
	if (invalid)
		fprintf(out, "# warning: the kernel would refuse this program: %s at %zu\n", invalid, bad);
	rc = sb_tool_print_isolation(out, "# ", &iso, &err);
	sb_isolation_free(&iso);
	if (rc)
		fprintf(out, "# warning: the library would refuse this isolation here: %s\n",
			err.message);

	struct collect *c = malloc(sizeof(*c));
	struct totals t = { 0 };
	if (!c) {
		sb_program_free(&prog);
		fprintf(stderr, "sandbox-policy explain: out of memory\n");
		return SB_TOOL_FAILED;
	}
	/* First pass: which action is the default, so --allowed can hide it. */
	for (int nr = 0; nr < SB_SYSCALL_LIMIT; nr++)
		if (sb_syscall_name(nr))
			explain_syscall(out, &prog, nr, sb_syscall_name(nr), c, &t, false, 0);
	uint32_t usual = common_action(&t);
	char action[48];
	fprintf(out, "# default (most syscalls): %s\n", sb_action_name(usual, action, sizeof(action)));
	fprintf(out, "%-22s %4s  %-16s %6s  %s\n", "syscall", "nr", "action", "insns", "conditions");
	struct totals shown = { 0 };
	for (int nr = 0; nr < SB_SYSCALL_LIMIT; nr++)
		if (sb_syscall_name(nr))
			explain_syscall(out, &prog, nr, sb_syscall_name(nr), c, &shown, true,
					allowed_only ? usual : 0xffffffffu);
	explain_foreign(out, &prog);
	fprintf(out, "# instructions per syscall: min %zu, max %zu, mean %.1f over %zu paths\n",
		t.min_steps, t.max_steps, t.n_calls ? (double)t.sum_steps / (double)t.n_calls : 0.0,
		t.n_calls);
	if (disasm) {
		fputc('\n', out);
		sb_bpf_disasm(out, prog.insns, prog.len);
	}
	free(c);
	sb_program_free(&prog);
	return fflush(out) ? SB_TOOL_FAILED : 0;
}
