/* sandbox-policy compile: the raw BPF program (struct sock_filter array) the library would
 * load for a policy file or for the SECCOMP_* environment, byte for byte: it goes through
 * the same pipeline (sb_pipeline_build) the library's constructor runs. */
#include "pipeline.h"
#include "util.h"
#include "config.h"
#include "policy_file.h"
#include "tool.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
	"usage: sandbox-policy compile [--include-map FROM=TO]... [--default-action ACTION] "
	"FILE -o OUT.bpf\n"
	"       sandbox-policy compile --from-env -o OUT.bpf\n"
	"Compiles a policy file (or the SECCOMP_* variables) into the filter the library loads,\n"
	"for SECCOMP_BPF_FILE. OUT.bpf '-' is standard output.\n"
	"  --include-map FROM=TO   read includes of FROM/... from TO/... (repeatable)\n"
	"  --default-action ACTION the action for calls the policy does not name\n"
	"  --from-env              compile what the SECCOMP_* variables describe\n"
	"Exit status: 0 written, 1 the policy has problems, 2 bad command line.\n";

static int write_all(const char *path, const void *data, size_t len)
{
	int fd = strcmp(path, "-") ? open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)
				   : STDOUT_FILENO;
	if (fd < 0)
		return -errno;
	if (!sb_write_all(fd, data, len)) {
		int e = errno ? errno : EIO;
		if (fd != STDOUT_FILENO)
			close(fd);
		return -e;
	}
	if (fd != STDOUT_FILENO && close(fd) < 0)
		return -errno;
	return 0;
}

int cmd_compile(int argc, char **argv)
{
	const char *file = NULL, *out = NULL, *action = NULL;
	bool from_env = false;
	int rc;

	for (int i = 1; i < argc; i++) {
		if (sb_tool_is_help(argv[i])) {
			fputs(usage, stdout);
			return 0;
		} else if (!strcmp(argv[i], "-o") && i + 1 < argc) {
			out = argv[++i];
		} else if (!strcmp(argv[i], "--from-env")) {
			from_env = true;
		} else if (!strcmp(argv[i], "--include-map") && i + 1 < argc) {
			if ((rc = sb_tool_include_map(argv[++i])))
				return rc;
		} else if (!strcmp(argv[i], "--default-action") && i + 1 < argc) {
			action = argv[++i];
		} else if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "sandbox-policy compile: unknown option '%s'\n%s", argv[i], usage);
			return SB_TOOL_USAGE;
		} else if (file) {
			fprintf(stderr, "sandbox-policy compile: one FILE only\n%s", usage);
			return SB_TOOL_USAGE;
		} else {
			file = argv[i];
		}
	}
	if (!out || from_env == (file != NULL) || (from_env && action)) {
		fputs(usage, stderr);
		return SB_TOOL_USAGE;
	}

	struct sb_env env = { 0 };
	if (from_env) {
		env = sb_tool_env;
	} else {
		env.policy_file = file;
		env.action = action ? action : sb_tool_env.action;
		env.include_map = sb_tool_env.include_map;
	}
	struct sb_build build = { 0 };
	struct sandbox_error err = { 0 };
	/* No blocked-syscall report: it needs a per-process cookie, so the written filter is
	 * the one the library loads with SECCOMP_REPORT=0. */
	struct sb_messages messages = { 0 };
	rc = sb_pipeline_build(&env, &(struct sb_pipeline_opts){ .messages = &messages }, &build, &err);
	if (rc == SANDBOX_NOTHING) {
		fprintf(stderr, "sandbox-policy compile: --from-env: none of " SB_ENV_SOURCES
			" is set\n");
		return SB_TOOL_FAILED;
	}
	if (rc) {
		fprintf(stderr, "sandbox-policy compile: %s\n", err.message);
		return SB_TOOL_FAILED;
	}
	fputs(messages.warnings, stderr);
	/* A compiled filter is seccomp alone: the domain is described beside it. */
	const struct sb_isolation *iso = &build.isolation;
	if (sb_isolation_has_rules(iso) || iso->isolate != SB_ISOLATE_DEFAULT)
		fprintf(stderr, "sandbox: warning: the isolation directives (@isolate, @fs-*, "
			"@net-*) are not part of a compiled filter: give them with SECCOMP_BPF_FILE "
			"as SANDBOX_* variables\n");
	const struct sb_program *prog = &build.program;
	rc = write_all(out, prog->insns, prog->len * sizeof(*prog->insns));
	if (rc)
		fprintf(stderr, "sandbox-policy compile: %s: cannot write: %s\n", out, strerror(-rc));
	else if (strcmp(out, "-"))
		fprintf(stderr, "%s: %zu instructions (%zu bytes)\n", out, prog->len,
			prog->len * sizeof(*prog->insns));
	sb_build_free(&build);
	return rc ? SB_TOOL_FAILED : 0;
}
