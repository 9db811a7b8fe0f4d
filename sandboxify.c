/* sandboxify: run a program under the SECCOMP_* filter from its first instruction, in the
 * same process, without the policy having to allow execve (see sandboxify(1)). */
#include "sandbox.h"
#include "pipeline.h"
#include "entry.h"
#include "guard.h"
#include "inject.h"
#include "landlock_inject.h"
#include "launch.h"
#include "libpath.h"
#include "install_dirs.h"
#include "progpath.h"
#include "util.h"
#include "load.h"
#include "report.h"
#include "report_follow.h"
#include "report_inject.h"
#include "yama.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define USAGE "usage: sandboxify [--preload] [--library PATH] [--follow] [--] PROGRAM [ARGS...]"

extern char **environ;

struct options {
	bool preload;
	bool follow;             /* stay the tracer of everything started, for the report */
	const char *library;
	int program;             /* index of PROGRAM in argv */
};

struct injection {
	const struct sb_program *filter;
	const struct sb_program *final;  /* --preload: installed at the entry point */
	bool clear_ptracer;
	bool report;             /* place the blocked-syscall report handler */
	const struct sb_isolation *iso;
	const struct sb_landlock_plan *plan;
};

static int setup_error(const char *message)
{
	fprintf(stderr, "sandboxify: %s\n", message);
	return SANDBOX_EXIT_SETUP;
}

static void usage(void)
{
	printf(USAGE "\n"
	       "Runs PROGRAM under the seccomp filter described by the SECCOMP_* variables,\n"
	       "installed before its first instruction; the filter need not allow execve.\n"
	       "  --preload        for dynamically linked programs: a guard filter (the policy plus\n"
	       "                   what the dynamic loader needs) from the start, then\n"
	       "                   libsandbox.so tightens it to the policy before main\n"
	       "  --library PATH   libsandbox.so for --preload (default: $SANDBOXIFY_LIBRARY, else\n"
	       "                   beside sandboxify, in ../lib/ from it, or in " SB_INSTALLED_LIBDIR ")\n"
	       "  --follow         stay attached to every process the program starts, to name\n"
	       "                   the call that kills one with no report of its own (a static\n"
	       "                   program); they cannot be traced by anything else\n"
	       "  --help, --version\n"
	       "Exit status: the program's own; 125 setup failure, 126 not executable, 127 not found.\n"
	       "See sandboxify(1).\n");
}

/* Returns -1 to go on, or an exit status. */
static int parse_options(int argc, char **argv, struct options *o)
{
	int i = 1;
	memset(o, 0, sizeof(*o));
	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--")) {
			i++;
			break;
		} else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage();
			return 0;
		} else if (!strcmp(a, "--version")) {
			printf("sandboxify %s\n", SANDBOX_VERSION);
			return 0;
		} else if (!strcmp(a, "--preload")) {
			o->preload = true;
		} else if (!strcmp(a, "--follow")) {
			o->follow = true;
		} else if (!strcmp(a, "--library") || !strncmp(a, "--library=", 10)) {
			o->library = a[9] == '=' ? a + 10 : (i + 1 < argc ? argv[++i] : NULL);
			if (!o->library || !o->library[0])
				return setup_error("--library needs a path to libsandbox.so");
		} else {
			char shown[96];
			sb_escape_controls(a, shown, sizeof(shown));
			fprintf(stderr, "sandboxify: unknown option '%.80s' (accepted: --preload, "
				"--library PATH, --follow, --help (-h), --version, --)\n", shown);
			return SANDBOX_EXIT_SETUP;
		}
	}
	if (i >= argc)
		return setup_error("no program given (" USAGE ")");
	o->program = i;
	return -1;
}

static int add_guard(struct sb_policy *policy, struct sandbox_error *err)
{
	return sb_guard_policy(policy, err);
}

/* The filter installed at exec, before the program's first instruction (no allocator to
 * prime, only the report to place; report NULL: none). With --preload: the guard there
 * (build->widened), the policy's own filter (build->program) at the entry point. Both kill
 * what the policy kills and carry the report, placed at exec as for a static program: the
 * library's own handler cannot replace it (the report fakes rt_sigaction(SIGSYS)), and it
 * handles the library filter's kills as well. */
static int build_filter(const struct options *o, struct sb_build *build, struct sb_messages *messages,
			bool *report, struct sandbox_error *err)
{
	struct sb_env env;
	struct sb_pipeline_opts opts = { .messages = messages, .report = report != NULL,
					 .widen = o->preload ? add_guard : NULL };
	sb_env_read(&env);
	int rc = sb_pipeline_build(&env, &opts, build, err);
	if (report)
		*report = rc == SANDBOX_OK && build->install_report;
	if (rc == SANDBOX_NOTHING)
		return sb_fail(err, SANDBOX_ECONFIG, "no filter configured (accepted: set one of "
			       SB_ENV_SOURCES ")");
	return rc;
}

static int prepare_preload_env(const char *library, bool traced, struct sandbox_error *err)
{
	/* setenv edits the first, the loader reads the last: the library would not load. */
	size_t preloads = 0;
	for (char **e = environ; *e; e++)
		preloads += !strncmp(*e, "LD_PRELOAD=", 11);
	if (preloads > 1)
		return sb_fail(err, SANDBOX_ECONFIG, "--preload: LD_PRELOAD is in the environment "
			       "%zu times (accepted: once at most)", preloads);
	const char *old = getenv("LD_PRELOAD");
	char value[PATH_MAX * 2];
	if ((size_t)snprintf(value, sizeof(value), "%s%s%s", library, old && *old ? ":" : "",
			     old && *old ? old : "") >= sizeof(value))
		return sb_fail(err, SANDBOX_ECONFIG, "LD_PRELOAD too long");
	/* The library repeats nothing sandboxify has already printed. */
	if (setenv("LD_PRELOAD", value, 1) || setenv("SECCOMP_QUIET", "1", 1) ||
	    (!traced && setenv("SECCOMP_SANDBOXIFY", "1", 1)))
		return sb_fail(err, SANDBOX_ENOMEM, "setenv: %s", strerror(errno));
	/* The Landlock domain is entered at exec, before any code of the program runs, and
	 * no code can leave it: the library adds none (the guard need not allow its calls). */
	for (const struct sb_env_var *v = sb_env_vars; v->name; v++)
		if (!strncmp(v->name, "SANDBOX_", 8))
			unsetenv(v->name);
	if (setenv("SANDBOX_ISOLATE", "0", 1))
		return sb_fail(err, SANDBOX_ENOMEM, "setenv: %s", strerror(errno));
	return SANDBOX_OK;
}

/*
 * Already traced (strace, a debugger, sandbox-policy learn --static): no helper can attach,
 * and the tracer sees everything anyway. Load the filter here and exec under it, so the
 * exec itself is filtered: a policy without execve kills the launch; the program never runs
 * unfiltered.
 */
static int exec_under_filter(const char *path, char **argv, const struct sb_program *prog,
			     const struct sb_isolation *iso, const struct sb_landlock_plan *plan)
{
	struct sandbox_error err = { 0 };
	if (sb_landlock_enter(iso, plan, &err) || sb_load(prog, &err))
		return setup_error(err.message);
	execve(path, argv, environ);
	int e = errno;
	fprintf(stderr, "sandboxify: %s: %s\n", path, strerror(e));
	return e == ENOENT ? SB_EXIT_NOT_FOUND : SB_EXIT_NOT_EXECUTABLE;
}

/* Before the filter: the report handler, then the Landlock domain (so the filter need not
 * allow the landlock calls). */
static int before_filter(struct sb_tracee *t, struct sb_batch *calls, void *arg,
			 struct sandbox_error *err)
{
	const struct injection *inj = arg;
	int rc = inj->report ? sb_report_inject(t, calls, NULL, err) : SANDBOX_OK;
	return rc ? rc : sb_landlock_inject(t, calls, inj->iso, inj->plan, err);
}

static int confine_at_exec(pid_t pid, void *arg, struct sandbox_error *err)
{
	const struct injection *inj = arg;
	int rc = sb_inject_filter(pid, inj->filter, inj->clear_ptracer, before_filter, arg, err);
	if (rc || !inj->final)
		return rc;
	/* --preload: the loader and the libraries start under the guard; the policy's own
	 * filter is added at the entry point, whatever they did to the environment. */
	rc = sb_run_to_entry(pid, err);
	if (rc == SANDBOX_NOTHING)
		return SANDBOX_OK;   /* it ended before (the loader failed) */
	return rc ? rc : sb_inject_seccomp(pid, inj->final, err);
}

static int confine_and_follow(pid_t pid, void *arg, struct sandbox_error *err)
{
	int rc = confine_at_exec(pid, arg, err);
	return rc ? rc : sb_report_follow(pid, err);
}

int main(int argc, char **argv)
{
	struct options o;
	struct sandbox_error err = { 0 };
	struct sb_build build = { 0 };
	struct sb_messages messages = { 0 };
	struct sb_landlock_plan plan;
	char path[PATH_MAX], library[PATH_MAX];
	int scope, rc;
	bool report = false;
	bool traced;

	if ((rc = parse_options(argc, argv, &o)) >= 0)
		return rc;
	/* Under a tracer the report handler could not be placed (it needs the helper). */
	traced = sb_tracer_pid() > 0;
	if (o.follow && traced)
		return setup_error("--follow: sandboxify is being traced already, and a process has "
				   "one tracer (accepted: --follow untraced)");
	if (build_filter(&o, &build, &messages, traced ? NULL : &report, &err) != SANDBOX_OK ||
	    sb_landlock_plan(&build.isolation, sb_landlock_abi(), &plan, &err) ||
	    sb_isolation_check_paths(&build.isolation, &err))
		return setup_error(err.message);
	if (plan.warning[0])
		fprintf(stderr, "sandboxify: warning: isolation: %s\n", plan.warning);
	if (o.follow && !report)
		return setup_error("--follow writes the blocked-syscall report, which this policy "
				   "does not have (accepted: --follow with SECCOMP_REPORT unset or 1, "
				   "a policy that kills)");
	/* The helper that installs the filter detaches before the program runs. */
	/* The filter in force from exec: the guard with --preload. */
	const struct sb_program *first = o.preload ? &build.widened : &build.program;
	if (!traced && sb_check_trace(first, false, &err))
		return setup_error(err.message);
	if ((rc = sb_find_program(argv[o.program], getenv("PATH"), path, sizeof(path), &err))) {
		fprintf(stderr, "sandboxify: %s\n", err.message);
		return rc;
	}
	if (o.preload) {
		if (sb_find_library(o.library, "--library", library, sizeof(library), &err) ||
		    prepare_preload_env(library, traced, &err))
			return setup_error(err.message);
		/* Filesystem rules that left the library out would let the loader skip it and
		 * main run under the guard alone. */
		if (build.isolation.fs_restricted &&
		    sb_isolation_add_path(&build.isolation, SB_FS_READ, library, strlen(library),
					  "--preload", &err))
			return setup_error(err.message);
	} else {
		sandbox_scrub_env();
	}
	/* The report placed in the program reaches the dynamic programs it starts that preload
	 * the library (report.h). */
	if (report && sb_report_export(&err))
		return setup_error(err.message);
	if (traced) {
		sb_messages_write(&messages, STDERR_FILENO);
		return exec_under_filter(path, &argv[o.program], first, &build.isolation, &plan);
	}
	if (sb_yama_read_scope(SB_YAMA_SCOPE_PATH, &scope, &err))
		return setup_error(err.message);
	struct sb_yama_plan yama = sb_yama_plan(scope, sb_has_cap_sys_ptrace(), &err);
	if (!yama.allowed)
		return setup_error(err.message);

	/* One write for all the lines: a long allow list must not cost a syscall each. */
	sb_messages_write(&messages, STDERR_FILENO);

	struct injection inj = { .filter = first, .final = o.preload ? &build.program : NULL,
				 .clear_ptracer = yama.declare_tracer, .report = report,
				 .iso = &build.isolation, .plan = &plan };
	struct sb_launch launch = {
		.name = "sandboxify", .path = path, .argv = &argv[o.program], .envp = environ,
		.declare_tracer = yama.declare_tracer,
		.at_exec = o.follow ? confine_and_follow : confine_at_exec, .arg = &inj,
	};
	int exec_errno;
	rc = sb_launch(&launch, &exec_errno, &err);
	fprintf(stderr, "sandboxify: %s\n", err.message);
	if (exec_errno)
		return exec_errno == ENOENT ? SB_EXIT_NOT_FOUND : SB_EXIT_NOT_EXECUTABLE;
	return SANDBOX_EXIT_SETUP;
}
