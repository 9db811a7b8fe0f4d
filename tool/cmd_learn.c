/* sandbox-policy learn: run a program in learning mode and write the policy it needs. */
#include "pipeline.h"
#include "learn_trace.h"
#include "learn_notes.h"
#include "learn_tolerance.h"
#include "program_kind.h"
#include "policy_writer.h"
#include "syscalls.h"
#include "policy_file.h"
#include "tool.h"
#include "libpath.h"
#include "progpath.h"
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
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
		"  --format FORMAT     policy (default), env, json, yaml, oci\n"
		"  --frequency FILE    write minijail's frequency file and sort by frequency\n"
		"  --no-args           no argument filters\n"
		"  --policy FILE       run under FILE's policy; report only the calls it lacks\n"
		"  --base LIST         leave out what LIST (@group, names, policy file) allows\n"
		"  --static            install the filter at exec, as sandboxify does, instead of in\n"
		"                      the program's constructor (static programs are recognised\n"
		"                      without it)\n"
		"  --library PATH      libsandbox.so to preload (default: next to this tool)\n"
		"  --merge             with -o FILE: add to FILE what the run needed that FILE does\n"
		"                      not allow, keeping what FILE says (policy format)\n"
		"  --strict            only what the run made: leave out the calls tolerated because\n"
		"                      the C library makes them or not depending on where output goes\n"
		"  --timeout SECONDS   stop after SECONDS and write what was learned (marked partial)\n"
		"  --stop-at-exit      stop when PROGRAM itself exits; descendants still running are\n"
		"                      killed (default: follow every descendant until the last exits)\n"
		"Exit status: PROGRAM's when it failed (128+N for signal N), 124 after --timeout,\n"
		"128+N when this tool got signal N, 1 when learning failed, 2 for a bad command line.\n");
}

struct learn_args {
	const char *output, *frequency, *policy, *base, *library, *timeout;
	int format;
	bool no_args, is_static, merge, strict, stop_at_exit;
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
		bool *flag = !strcmp(opt, "--static") ? &a->is_static
			   : !strcmp(opt, "--merge") ? &a->merge
			   : !strcmp(opt, "--strict") ? &a->strict
			   : !strcmp(opt, "--stop-at-exit") ? &a->stop_at_exit : NULL;
		if (flag) {
			*flag = true;
			continue;
		}
		const char **slot = !strcmp(opt, "-o") || !strcmp(opt, "--output") ? &a->output
				  : !strcmp(opt, "--frequency") ? &a->frequency
				  : !strcmp(opt, "--policy") ? &a->policy
				  : !strcmp(opt, "--base") ? &a->base
				  : !strcmp(opt, "--library") ? &a->library
				  : !strcmp(opt, "--timeout") ? &a->timeout
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
					"policy, env, json, yaml, oci)\n", val);
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
	if (a->merge && (!a->output || !strcmp(a->output, "-") || a->policy || a->format != SB_OUT_POLICY)) {
		fprintf(stderr, "sandbox-policy learn: --merge needs -o FILE, the policy format and no "
				"--policy (it reads FILE as the policy to add to)\n");
		return SB_TOOL_USAGE;
	}
	return 0;
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

/* Whether path can be written: an existing file opened for writing, else its directory.
 * Checked before the program runs, so a program with side effects does not run for
 * nothing. */
static bool writable(const char *what, const char *path)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd >= 0) {
		close(fd);
		return true;
	}
	if (errno == ENOENT) {
		char dir[PATH_MAX];
		snprintf(dir, sizeof(dir), "%s", path);
		char *slash = strrchr(dir, '/');
		if (!slash)
			snprintf(dir, sizeof(dir), ".");
		else
			slash[slash == dir] = '\0';
		if (!access(dir, W_OK | X_OK))
			return true;
	}
	fprintf(stderr, "sandbox-policy learn: %s %s: cannot write: %s (nothing was run)\n", what,
		path, strerror(errno));
	return false;
}

/* The exit status learn ends with: the program's failure, or how learning was stopped. */
static int learn_status(const struct sb_learn_run *run)
{
	if (run->stopped_by)
		return run->stopped_by == SIGALRM ? SB_LEARN_TIMED_OUT : 128 + run->stopped_by;
	if (run->status < 0)
		return 0;
	if (WIFEXITED(run->status))
		return WEXITSTATUS(run->status);
	return WIFSIGNALED(run->status) ? 128 + WTERMSIG(run->status) : 0;
}

static int write_outputs(const struct learn_args *a, struct sb_observed *o, const bool *exclude,
			 const char *title, const char *const *notes, const bool *in_policy,
			 const struct sb_learn_paths *paths, const char *library)
{
	struct sb_writer_options opt = {
		.format = a->format, .by_frequency = a->frequency != NULL, .no_args = a->no_args,
		.add_exit_calls = !a->policy && !a->merge, .exclude = a->base ? exclude : NULL,
		.base_name = a->base, .source = NULL, .title = title, .notes = notes,
	};
	if (a->frequency) {
		FILE *f = fopen(a->frequency, "w");
		if (!f || sb_write_frequency(f, o) < 0 || fclose(f)) {
			fprintf(stderr, "sandbox-policy learn: %s: cannot write: %s\n", a->frequency,
				strerror(errno));
			return SB_TOOL_FAILED;
		}
	}
	bool tolerate = !a->strict && !a->policy;
	bool skip[SB_NR_LIMIT];
	for (int nr = 0; nr < SB_NR_LIMIT; nr++)
		skip[nr] = (a->base && exclude[nr]) || (in_policy && in_policy[nr]);
	if (a->merge && o->records == 0)
		return 0;            /* the policy allows everything the run made */
	if (tolerate)
		sb_learn_tolerate_values(o, skip);
	/* Rules restricted by argument only where the output has argument filters. */
	bool tolerance_rules = a->format == SB_OUT_POLICY && !a->no_args;
	if (tolerate && !tolerance_rules)
		sb_learn_tolerate(o, skip, NULL);
	FILE *out = a->output && strcmp(a->output, "-") ? fopen(a->output, a->merge ? "a" : "w")
							: stdout;
	if (!out) {
		fprintf(stderr, "sandbox-policy learn: %s: %s\n", a->output, strerror(errno));
		return SB_TOOL_FAILED;
	}
	if (a->merge)
		fputc('\n', out);
	int written = sb_write_policy(out, o, &opt);
	if (tolerate && tolerance_rules)
		sb_learn_tolerate(o, skip, out);
	/* Suggested filesystem rules, as comments: only a policy file has a place for them
	 * (an env file is read with `env $(cat FILE)`, JSON and YAML have no comments). */
	char cwd[PATH_MAX];
	if (written >= 0 && paths && a->format == SB_OUT_POLICY)
		sb_learn_paths_write(out, paths, getcwd(cwd, sizeof(cwd)), library);
	if ((out == stdout ? fflush(out) : fclose(out)) || written < 0) {
		fprintf(stderr, "sandbox-policy learn: %s: write failed\n", a->output ? a->output : "stdout");
		return SB_TOOL_FAILED;
	}
	return 0;
}

/* Which calls the policy already names (a pipeline adjust hook that changes nothing). */
static int note_rules(struct sb_policy *policy, void *in_policy, struct sandbox_error *err)
{
	(void)err;
	for (int nr = 0; nr < SB_NR_LIMIT; nr++)
		((bool *)in_policy)[nr] = sb_policy_find(policy, nr) != NULL;
	return SANDBOX_OK;
}

/* The filter's policy, built before the run: a policy that cannot load stops learn here
 * (exit 1), and --static installs the compiled program. in_policy[nr]: the policy has a
 * rule for nr. */
static int build_filter(const struct learn_args *a, const char *setting, struct sb_program *prog,
			bool *in_policy)
{
	struct sb_env settings = { .action = "trace", .quiet = "1",
				   .include_map = sb_tool_env.include_map };
	if (!strncmp(setting, "SECCOMP_SYSCALL_ALLOW=", 22))
		settings.allow = setting + 22;
	else
		settings.policy_file = setting + 20;
	struct sandbox_error err = { 0 };
	struct sb_build build;
	struct sb_pipeline_opts opts = { .adjust = note_rules, .adjust_arg = in_policy };
	int rc = sb_pipeline_build(&settings, &opts, &build, &err);
	if (rc == SANDBOX_OK && a->is_static)
		*prog = build.program;      /* installed at the exec stop */
	else
		sb_build_free(&build);
	if (rc) {
		fprintf(stderr, "sandbox-policy learn: %s%s\n", a->policy ? "--policy: " :
			a->merge ? "--merge: " : "", err.message);
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
	unsigned timeout = 0;
	if (a.timeout && !sb_learn_parse_seconds(a.timeout, &timeout)) {
		fprintf(stderr, "sandbox-policy learn: --timeout: '%s' is not a number of seconds "
				"(accepted: 1 to 86400)\n", a.timeout);
		return SB_TOOL_USAGE;
	}
	bool exclude[SB_NR_LIMIT] = { false };
	if (a.base && (rc = sb_tool_base_exclusions(a.base, exclude, "sandbox-policy learn")))
		return rc;

	char library[PATH_MAX] = "", program[PATH_MAX];
	struct sandbox_error err = { 0 };
	if (sb_find_program(a.prog[0], getenv("PATH"), program, sizeof(program), &err)) {
		fprintf(stderr, "sandbox-policy learn: %s\n", err.message);
		return SB_TOOL_FAILED;
	}
	if (!a.is_static && sb_program_is_static(program)) {
		fprintf(stderr, "sandbox-policy learn: %s is statically linked (no ELF interpreter, "
				"LD_PRELOAD never read): learning from its first instruction, as "
				"--static does\n", a.prog[0]);
		a.is_static = true;
	}
	if (!a.is_static && sb_find_library(a.library, "--library", library, sizeof(library), &err)) {
		fprintf(stderr, "sandbox-policy learn: %s\n", err.message);
		return SB_TOOL_FAILED;
	}
	if ((a.output && strcmp(a.output, "-") && !writable("-o", a.output)) ||
	    (a.frequency && !writable("--frequency", a.frequency)))
		return SB_TOOL_FAILED;
	const char *policy_file = a.policy;
	if (a.merge && !access(a.output, F_OK))
		policy_file = a.output;
	else
		a.merge = false;     /* nothing to merge into yet: the first run writes it */
	size_t n_args = 0;
	while (a.prog[n_args])
		n_args++;
	char *setting = filter_setting(policy_file), *preload = NULL;
	if (!setting)
		return SB_TOOL_FAILED;
	const char **child_argv = calloc(n_args + 1, sizeof(*child_argv));
	char **env = learn_env(&a, library, setting, &preload);
	struct sb_observed *o = malloc(sizeof(*o));
	bool *in_policy = calloc(SB_NR_LIMIT, sizeof(*in_policy));
	struct sb_program prog = { 0 };
	struct sb_learn_notes *notes = NULL;
	struct sb_learn_paths paths = { 0 };
	if (!child_argv || !env || !o || !in_policy) {
		fprintf(stderr, "sandbox-policy learn: out of memory\n");
		rc = SB_TOOL_FAILED;
		goto out;
	}
	if ((rc = build_filter(&a, setting, &prog, in_policy)))
		goto out;
	child_argv[0] = program;
	for (size_t i = 1; i < n_args; i++)
		child_argv[i] = a.prog[i];
	child_argv[n_args] = NULL;

	sb_observed_init(o);
	/* Paths are seen only when every call is traced: not under a policy, nor --static. */
	struct sb_learn_run run = { .argv = child_argv, .env = (const char *const *)env,
				    .name = "sandbox-policy learn", .timeout = timeout,
				    .stop_at_exit = a.stop_at_exit,
				    .paths = policy_file || a.is_static ? NULL : &paths };
	rc = a.is_static ? sb_learn_trace_at_exec(&run, &prog, o, &err) : sb_learn_trace(&run, o, &err);
	if (rc) {
		fprintf(stderr, "sandbox-policy learn: %s\n", err.message);
		rc = SB_TOOL_FAILED;
		goto out;
	}
	char status[80], title[PATH_MAX + 64], sandboxify[PATH_MAX];
	if (!sb_beside_self("sandboxify", sandboxify, sizeof(sandboxify)))
		snprintf(sandboxify, sizeof(sandboxify), "sandboxify");
	size_t distinct = 0;
	for (int nr = 0; nr < SB_NR_LIMIT; nr++)
		distinct += o->count[nr] > 0;
	fprintf(stderr, "sandbox-policy learn: %s %s; %llu calls of %zu syscalls %s in %lu "
			"processes/threads\n", a.prog[0], describe_status(run.status, status, sizeof(status)),
		(unsigned long long)o->records, distinct,
		policy_file ? "missing from the policy" : "recorded", run.processes);
	if (run.stopped_by)
		fprintf(stderr, "sandbox-policy learn: %s: the policy written is partial\n",
			sb_learn_stop_reason(run.stopped_by));
	if (a.merge)
		snprintf(title, sizeof(title), "added by sandbox-policy learn --merge from %s: calls the "
			 "rules above did not allow", a.prog[0]);
	else if (a.policy)
		snprintf(title, sizeof(title), "calls %s made that %s does not allow", a.prog[0], a.policy);
	else
		snprintf(title, sizeof(title), "learned by sandbox-policy learn%s from %s",
			 a.is_static ? " --static" : "", a.prog[0]);
	if (policy_file && o->records == 0)
		fprintf(stderr, "sandbox-policy learn: %s allows every call %s made\n", policy_file,
			a.prog[0]);
	notes = sb_learn_notes_make(&(struct sb_learn_notes_input){
		.output = a.output, .library = library, .sandboxify = sandboxify,
		.is_static = a.is_static, .argv = a.prog,
		.stopped_by = run.stopped_by, .with_command = !a.policy && !a.merge,
		.format_env = a.format == SB_OUT_ENV });
	if (!notes) {
		fprintf(stderr, "sandbox-policy learn: out of memory\n");
		rc = SB_TOOL_FAILED;
		goto out;
	}
	rc = write_outputs(&a, o, exclude, title, (const char *const *)notes->lines,
			   a.merge ? in_policy : NULL, run.paths, library);
	if (rc == 0 && notes->hint && a.format == SB_OUT_ENV)
		fprintf(stderr, "sandbox-policy learn: %s\n", notes->hint);
	if (rc == 0)
		rc = learn_status(&run);
out:
	sb_learn_paths_free(&paths);
	sb_learn_notes_free(notes);
	sb_program_free(&prog);
	free(in_policy);
	free(o);
	free(env);
	free(setting);
	free(preload);
	free(child_argv);
	return rc;
}
