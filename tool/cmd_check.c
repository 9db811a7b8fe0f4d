/* sandbox-policy check: parse and resolve a policy file, report every problem with
 * file:line:column, and compile it; exit 0 only when the library would load it. */
#include "config.h"
#include "policy_file.h"
#include "policy_lint.h"
#include "tool.h"
#include "actions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void print_problem(void *ctx, const char *message)
{
	(void)ctx;
	fprintf(stderr, "%s\n", message);
}

static const char usage[] =
	"usage: sandbox-policy check [--include-map FROM=TO]... FILE\n"
	"Reports every problem and warning of a policy file as FILE:LINE:COLUMN: MESSAGE,\n"
	"then compiles it as the library would.\n"
	"  --include-map FROM=TO   read includes of FROM/... from TO/... (repeatable)\n"
	"Exit status: 0 the library would load it, 1 it has problems, 2 bad command line.\n";

int cmd_check(int argc, char **argv)
{
	const char *file = NULL;
	int rc;

	for (int i = 1; i < argc; i++) {
		if (sb_tool_is_help(argv[i])) {
			fputs(usage, stdout);
			return 0;
		} else if (!strcmp(argv[i], "--include-map") && i + 1 < argc) {
			if ((rc = sb_tool_include_map(argv[++i])))
				return rc;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "sandbox-policy check: unknown option '%s'\n", argv[i]);
			return SB_TOOL_USAGE;
		} else if (file) {
			fprintf(stderr, "sandbox-policy check: one FILE only\n");
			return SB_TOOL_USAGE;
		} else {
			file = argv[i];
		}
	}
	if (!file) {
		fputs(usage, stderr);
		return SB_TOOL_USAGE;
	}

	struct sb_policy policy;
	struct sb_program prog = { 0 };
	struct sandbox_error err = { 0 };
	struct sb_policy_file_opts opts = {
		.include_map = sb_tool_env.include_map,
		.report = print_problem,
		.warn = print_problem,
	};
	if (sb_policy_parse_file_opts(file, &opts, &policy, &err))
		return SB_TOOL_FAILED;
	rc = sb_compile(&policy, &prog, &err);
	if (rc) {
		fprintf(stderr, "%s: %s\n", file, err.message);
		sb_policy_free(&policy);
		return SB_TOOL_FAILED;
	}
	struct sb_messages warnings = { 0 };
	sb_policy_lint(&policy, sb_messages_add_warning, &warnings);
	fputs(warnings.warnings, stderr);
	/* The isolation lines follow the verdict, which depends on them. */
	char *isolation = NULL;
	size_t isolation_len = 0;
	FILE *lines = open_memstream(&isolation, &isolation_len);
	rc = lines ? sb_tool_print_isolation(lines, "  ", &policy.iso, &err) : SANDBOX_ENOMEM;
	if (lines)
		fclose(lines);
	if (rc) {
		fprintf(stderr, "%s: %s\n", file, lines ? err.message : "out of memory");
		free(isolation);
		sb_program_free(&prog);
		sb_policy_free(&policy);
		return SB_TOOL_FAILED;
	}
	char action[48];
	printf("%s: ok: %zu syscalls with rules, default %s, %zu BPF instructions\n%s", file,
	       policy.n_rules, sb_action_name(policy.default_action, action, sizeof(action)),
	       prog.len, isolation);
	free(isolation);
	sb_program_free(&prog);
	sb_policy_free(&policy);
	return 0;
}
