/* sandbox-policy learn: run a program in learning mode and write the policy it needs. */
#include "learn_trace.h"
#include "policy_writer.h"
#include "syscalls.h"
#include "policy_file.h"
#include "tool.h"
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static void usage(FILE *out)
{
	fprintf(out,
		"usage: sandbox-policy learn [OPTIONS] -- PROGRAM [ARGS...]\n"
		"Runs PROGRAM with libsandbox.so and a filter that hands every call to this tool\n"
		"(SECCOMP_DEFAULT_ACTION=trace), and writes the policy of the calls it made.\n"
		"  -o, --output FILE   write the policy to FILE (default: stdout, after the run)\n"
		"  --format FORMAT     policy (default), env, json, yaml\n"
		"  --frequency FILE    write minijail's frequency file and sort by frequency\n"
		"  --no-args           no argument filters\n"
		"  --policy FILE       run under FILE's policy; report only the calls it lacks\n"
		"  --base LIST         leave out what LIST (@group, names, policy file) allows\n"
		"  --static            install the filter at exec, as sandboxify does, instead of in\n"
		"                      the program's constructor: for static programs\n"
		"  --library PATH      libsandbox.so to preload (default: next to this tool)\n");
}

struct learn_args {
	const char *output, *frequency, *policy, *base, *library;
	int format;
	bool no_args, is_static;
	char **prog;
};

static int parse_args(int argc, char **argv, struct learn_args *a)
{
	*a = (struct learn_args){ .format = SB_OUT_POLICY };
	int i = 1;
	for (; i < argc; i++) {
		const char *opt = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(opt, "--")) {
			i++;
			break;
		}
		if (opt[0] != '-')
			break;
		if (!strcmp(opt, "--help") || !strcmp(opt, "-h")) {
			usage(stdout);
			return -1;
		}
		if (!strcmp(opt, "--no-args")) {
			a->no_args = true;
			continue;
		}
		if (!strcmp(opt, "--static")) {
			a->is_static = true;
			continue;
		}
		const char **slot = !strcmp(opt, "-o") || !strcmp(opt, "--output") ? &a->output
				  : !strcmp(opt, "--frequency") ? &a->frequency
				  : !strcmp(opt, "--policy") ? &a->policy
				  : !strcmp(opt, "--base") ? &a->base
				  : !strcmp(opt, "--library") ? &a->library
				  : !strcmp(opt, "--format") ? (const char **)&val : NULL;
		if (!slot) {
			fprintf(stderr, "sandbox-policy learn: unknown option '%s' (see --help)\n", opt);
			return SB_TOOL_USAGE;
		}
		if (!val) {
			fprintf(stderr, "sandbox-policy learn: option '%s' needs a value (see --help)\n", opt);
			return SB_TOOL_USAGE;
		}
		*slot = val;
		if (!strcmp(opt, "--format") && (a->format = sb_out_format_parse(val)) < 0) {
			fprintf(stderr, "sandbox-policy learn: --format: unknown format '%s' (accepted: "
					"policy, env, json, yaml)\n", val);
			return SB_TOOL_USAGE;
		}
		i++;
	}
	if (i >= argc) {
		fprintf(stderr, "sandbox-policy learn: no program given (usage: sandbox-policy learn "
				"[OPTIONS] -- PROGRAM [ARGS...])\n");
		return SB_TOOL_USAGE;
	}
	a->prog = argv + i;
	return 0;
}

/* dir of this tool + "/" + name, when that file exists; else the installed layout
 * (bin/../lib/NAME for the library). */
static bool next_to_tool(const char *name, const char *alt_dir, char *out, size_t len)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0)
		return false;
	self[n] = '\0';
	char *slash = strrchr(self, '/');
	if (!slash)
		return false;
	*slash = '\0';
	struct stat st;
	if ((size_t)snprintf(out, len, "%s/%s", self, name) < len && stat(out, &st) == 0)
		return true;
	if (alt_dir && (size_t)snprintf(out, len, "%s/%s/%s", self, alt_dir, name) < len &&
	    stat(out, &st) == 0)
		return true;
	return false;
}

/* PROGRAM resolved through PATH, as execvp would. */
static bool find_program(const char *prog, char *out, size_t len)
{
	if (strchr(prog, '/')) {
		snprintf(out, len, "%s", prog);
		return access(out, X_OK) == 0;
	}
	const char *path = getenv("PATH");
	for (const char *p = path ? path : "/usr/bin:/bin"; *p;) {
		size_t n = strcspn(p, ":");
		if ((size_t)snprintf(out, len, "%.*s/%s", (int)n, p, prog) < len && access(out, X_OK) == 0)
			return true;
		p += n + (p[n] == ':');
	}
	return false;
}

/* The filter setting for the child: the empty allow list, or what --policy FILE names
 * (a policy file, or a settings file such as `generate --format env` writes). NULL after
 * printing the error. */
static char *filter_setting(const char *policy)
{
	char *setting = NULL;
	if (!policy)
		return strdup("SECCOMP_SYSCALL_ALLOW=");
	size_t len;
	bool binary;
	char *text = sb_tool_read_file(policy, &len, &binary);
	if (!text) {
		fprintf(stderr, "sandbox-policy learn: --policy: %s: %s\n", policy, strerror(errno));
		return NULL;
	}
	if (!binary && sb_tool_starts_with_setting(text)) {
		struct sb_env env;
		const char *bad = NULL;
		if (!sb_tool_parse_settings(text, &env, &bad))
			fprintf(stderr, "sandbox-policy learn: --policy: %s: '%.60s' is not a SECCOMP_* "
					"setting\n", policy, bad);
		else if (env.allow && asprintf(&setting, "SECCOMP_SYSCALL_ALLOW=%s", env.allow) < 0)
			setting = NULL;
		else if (!env.allow && env.policy_file &&
			 asprintf(&setting, "SECCOMP_POLICY_FILE=%s", env.policy_file) < 0)
			setting = NULL;
		else if (!env.allow && !env.policy_file)
			fprintf(stderr, "sandbox-policy learn: --policy: %s: sets neither "
					"SECCOMP_SYSCALL_ALLOW nor SECCOMP_POLICY_FILE (a deny list would "
					"leave nothing to learn)\n", policy);
	} else if (asprintf(&setting, "SECCOMP_POLICY_FILE=%s", policy) < 0) {
		setting = NULL;
	}
	free(text);
	return setting;
}

/* The child's environment: ours without SECCOMP_* (and LD_PRELOAD unless --static), plus
 * learn mode's. */
static char **learn_env(const struct learn_args *a, const char *library, char *setting,
			char **preload)
{
	size_t n = 0;
	for (char **e = environ; *e; e++)
		n++;
	char **env = calloc(n + 6, sizeof(*env));
	if (!env)
		return NULL;
	size_t k = 0;
	for (char **e = environ; *e; e++)
		if (strncmp(*e, "SECCOMP_", 8) && strncmp(*e, "SANDBOX_", 8) &&
		    (a->is_static || strncmp(*e, "LD_PRELOAD=", 11)))
			env[k++] = *e;
	*preload = NULL;
	if (!a->is_static && asprintf(preload, "LD_PRELOAD=%s", library) < 0) {
		*preload = NULL;
		free(env);
		return NULL;
	}
	if (!a->is_static) {
		env[k++] = setting;
		env[k++] = "SECCOMP_DEFAULT_ACTION=trace";
		env[k++] = "SECCOMP_QUIET=1";
		env[k++] = *preload;
	}
	env[k] = NULL;
	return env;
}

static const char *describe_status(int status, char *buf, size_t len)
{
	if (status < 0)
		snprintf(buf, len, "did not finish");
	else if (WIFEXITED(status))
		snprintf(buf, len, "exited with %d", WEXITSTATUS(status));
	else
		snprintf(buf, len, "was killed by signal %d (%s)", WTERMSIG(status),
			 strsignal(WTERMSIG(status)));
	return buf;
}

static int write_outputs(const struct learn_args *a, const struct sb_observed *o,
			 const bool *exclude, const char *title, const struct sb_learn_paths *paths,
			 const char *library)
{
	struct sb_writer_options opt = {
		.format = a->format, .by_frequency = a->frequency != NULL, .no_args = a->no_args,
		.add_exit_calls = !a->policy, .exclude = a->base ? exclude : NULL, .base_name = a->base,
		.source = NULL, .title = title,
	};
	if (a->frequency) {
		FILE *f = fopen(a->frequency, "w");
		if (!f || sb_write_frequency(f, o) < 0 || fclose(f)) {
			fprintf(stderr, "sandbox-policy learn: %s: cannot write: %s\n", a->frequency,
				strerror(errno));
			return SB_TOOL_FAILED;
		}
	}
	FILE *out = a->output && strcmp(a->output, "-") ? fopen(a->output, "w") : stdout;
	if (!out) {
		fprintf(stderr, "sandbox-policy learn: %s: %s\n", a->output, strerror(errno));
		return SB_TOOL_FAILED;
	}
	int written = sb_write_policy(out, o, &opt);
	/* Comments: JSON and YAML outputs have no place for them. */
	char cwd[PATH_MAX];
	if (written >= 0 && paths && (a->format == SB_OUT_POLICY || a->format == SB_OUT_ENV))
		sb_learn_paths_write(out, paths, getcwd(cwd, sizeof(cwd)), library,
				     a->format == SB_OUT_ENV);
	if ((out == stdout ? fflush(out) : fclose(out)) || written < 0) {
		fprintf(stderr, "sandbox-policy learn: %s: write failed\n", a->output ? a->output : "stdout");
		return SB_TOOL_FAILED;
	}
	return 0;
}

int cmd_learn(int argc, char **argv)
{
	struct learn_args a;
	int rc = parse_args(argc, argv, &a);
	if (rc)
		return rc < 0 ? 0 : rc;
	bool exclude[SB_NR_LIMIT] = { false };
	if (a.base && (rc = sb_tool_base_exclusions(a.base, exclude, "sandbox-policy learn")))
		return rc;

	char library[PATH_MAX] = "", program[PATH_MAX];
	if (a.library)
		snprintf(library, sizeof(library), "%s", a.library);
	else if (!a.is_static && !next_to_tool("libsandbox.so", "../lib", library, sizeof(library))) {
		fprintf(stderr, "sandbox-policy learn: libsandbox.so not found next to this tool or in "
				"../lib (give it with --library PATH)\n");
		return SB_TOOL_FAILED;
	}
	if (!a.is_static && access(library, R_OK)) {
		fprintf(stderr, "sandbox-policy learn: --library: %s: %s\n", library, strerror(errno));
		return SB_TOOL_FAILED;
	}
	if (!find_program(a.prog[0], program, sizeof(program))) {
		fprintf(stderr, "sandbox-policy learn: %s: no such program (or not executable)\n",
			a.prog[0]);
		return SB_TOOL_FAILED;
	}
	size_t n_args = 0;
	while (a.prog[n_args])
		n_args++;
	char *setting = filter_setting(a.policy), *preload = NULL;
	if (!setting)
		return SB_TOOL_FAILED;
	const char **child_argv = calloc(n_args + 1, sizeof(*child_argv));
	char **env = learn_env(&a, library, setting, &preload);
	struct sb_observed *o = malloc(sizeof(*o));
	struct sb_program prog = { 0 };
	struct sandbox_error err = { 0 };
	if (!child_argv || !env || !o) {
		fprintf(stderr, "sandbox-policy learn: out of memory\n");
		rc = SB_TOOL_FAILED;
		goto out;
	}
	child_argv[0] = program;
	for (size_t i = 1; i < n_args; i++)
		child_argv[i] = a.prog[i];
	child_argv[n_args] = NULL;

	sb_observed_init(o);
	/* Paths are seen only when every call is traced: not under --policy, nor --static. */
	struct sb_learn_paths paths = { 0 };
	struct sb_learn_run run = { .argv = child_argv, .env = (const char *const *)env,
				    .paths = a.policy || a.is_static ? NULL : &paths };
	if (a.is_static) {
		/* The same filter the library would build from these settings, installed at the
		 * exec stop instead. */
		struct sb_env settings = { .action = "trace", .quiet = "1",
					   .include_map = getenv(SB_INCLUDE_MAP_VAR) };
		if (!strncmp(setting, "SECCOMP_SYSCALL_ALLOW=", 22))
			settings.allow = setting + 22;
		else
			settings.policy_file = setting + 20;
		rc = sb_build_from_env(&settings, &prog, NULL, NULL, NULL, &err);
		if (!rc)
			rc = sb_learn_trace_at_exec(&run, &prog, o, &err);
	} else {
		rc = sb_learn_trace(&run, o, &err);
	}
	if (rc) {
		fprintf(stderr, "sandbox-policy learn: %s\n", err.message);
		rc = SB_TOOL_FAILED;
		goto out;
	}
	char status[80], title[PATH_MAX + 64];
	size_t distinct = 0;
	for (int nr = 0; nr < SB_NR_LIMIT; nr++)
		distinct += o->count[nr] > 0;
	fprintf(stderr, "sandbox-policy learn: %s %s; %llu calls of %zu syscalls %s in %lu "
			"processes/threads\n", a.prog[0], describe_status(run.status, status, sizeof(status)),
		(unsigned long long)o->records, distinct,
		a.policy ? "missing from the policy" : "recorded", run.processes);
	if (a.policy)
		snprintf(title, sizeof(title), "calls %s made that %s does not allow", a.prog[0], a.policy);
	else
		snprintf(title, sizeof(title), "learned by sandbox-policy learn%s from %s",
			 a.is_static ? " --static" : "", a.prog[0]);
	if (a.policy && o->records == 0)
		fprintf(stderr, "sandbox-policy learn: %s allows every call %s made\n", a.policy, a.prog[0]);
	rc = write_outputs(&a, o, exclude, title, run.paths, library);
out:
	sb_learn_paths_free(&paths);
	sb_program_free(&prog);
	free(o);
	free(env);
	free(setting);
	free(preload);
	free(child_argv);
	return rc;
}
