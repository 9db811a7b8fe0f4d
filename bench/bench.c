/*
 * `make bench`: start-up, per-syscall cost, resident memory and BPF path lengths, each
 * measured side by side in one run (alternating runs, medians) so the machine's mood
 * cancels out. Not a test: it prints figures and never fails on them.
 *
 *   bench/bench [PAIRS]     (default 101 pairs per start-up comparison)
 *
 * Start-up compares `/bin/true` run bare with the same run under libsandbox.so (our
 * emitter) and under bench/libsandbox-libseccomp.so (the same library with libseccomp's
 * default layout compiling the filter: the original approach).
 */
#include "config.h"
#include "policy_file.h"
#include "bpf_run.h"
#include "libseccomp_filter.h"
#include "syscalls.h"
#include "load.h"
#include "pipeline.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/audit.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* What /bin/true needs once the filter is in (glibc 2.36). */
static const char small_list[] =
	"exit_group:write:read:close:newfstatat:brk:mmap:munmap:rt_sigreturn";

static char *long_list;            /* the first 358 named x86_64 syscalls */
static char lib_ours[4096], lib_libseccomp[4096], lib_empty[4096], lib_floor[4096];
static char sandboxify[PATH_MAX + 64], floor_launcher[PATH_MAX + 64], floor_launcher_whole[PATH_MAX + 64],
	static_hello[PATH_MAX + 64];

static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), by_value);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static char *build_long_list(size_t want)
{
	size_t cap = 8192, o = 0, n = 0;
	char *s = malloc(cap);
	for (int nr = 0; nr < SB_SYSCALL_LIMIT && n < want; nr++) {
		const char *name = sb_syscall_name(nr);
		if (!name)
			continue;
		o += (size_t)snprintf(s + o, cap - o, "%s%s", n ? ":" : "", name);
		n++;
	}
	return s;
}

/* Run argv with env, stdout/stderr to /dev/null; returns the wall time in ns and, in *cpu,
 * the CPU time the child used (user + system, from wait4): on a shared machine the CPU time
 * is not inflated by waiting for a core. */
static double timed_run(char *const argv[], char *const env[], double *cpu)
{
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	pid_t pid;
	int status;
	struct rusage ru;
	double t0 = now_ns();
	if (posix_spawn(&pid, argv[0], &fa, NULL, argv, env) != 0) {
		perror("posix_spawn");
		exit(1);
	}
	wait4(pid, &status, 0, &ru);
	double t = now_ns() - t0;
	posix_spawn_file_actions_destroy(&fa);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "bench: %s failed (status 0x%x) with %s\n", argv[0], status,
			env[1] ? env[1] : "no sandbox");
		exit(1);
	}
	if (cpu)
		*cpu = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e9 +
		       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e3;
	return t;
}

/* SECCOMP_REPORT=0 for the baseline (the original had no blocked-syscall report, and
 * libseccomp cannot express its trap cookie) and where a label says "no report". */
static bool no_report;

/* The optional corpus beside the tree (LIBSANDBOX_BENCH_CORPUS, which `make bench` sets from
 * CORPUS_DIR): crosvm's policies and minijail's figures for them. Rows that need it are
 * left out, with a line, when it is absent. */
static char corpus[1024], crosvm[1100], crosvm_map[1200];
/* crosvm's largest x86_64 policy once its includes are read (wl_device: 280 instructions). */
static char crosvm_policy[1200];

/* A list value, "@FILE" for SECCOMP_POLICY_FILE=FILE with the crosvm includes mapped, or
 * "=NAME=VALUE" for that variable. */
static void env_for(char *env[6], char *buf[3], const char *lib, const char *list)
{
	env[0] = "PATH=/usr/bin:/bin";
	env[1] = env[2] = env[3] = env[4] = env[5] = NULL;
	if (!lib)
		return;
	bool file = list[0] == '@', raw = list[0] == '=';
	if (asprintf(&buf[0], "LD_PRELOAD=%s", lib) < 0 ||
	    (raw ? asprintf(&buf[1], "%s", list + 1)
		 : asprintf(&buf[1], "%s=%s", file ? "SECCOMP_POLICY_FILE" : "SECCOMP_SYSCALL_ALLOW",
			    list + file)) < 0)
		exit(1);
	env[1] = buf[0];
	env[2] = list[0] ? buf[1] : NULL;      /* "": the library loaded, nothing configured */
	size_t n = list[0] ? 3 : 2;
	if (file)
		env[n++] = crosvm_map;
	if (no_report)
		env[n++] = "SECCOMP_REPORT=0";
}

/* Alternating bare / sandboxed runs; prints the medians and their ratios, of wall time and
 * of the child's CPU time. */
static void startup(const char *label, const char *lib, const char *list, size_t pairs)
{
	char *argv[] = { "/bin/true", NULL };
	char *bare_env[6], *box_env[6], *bufs[3] = { 0 }, *unused[3];
	env_for(bare_env, unused, NULL, NULL);
	env_for(box_env, bufs, lib, list);
	double *v = calloc(4 * pairs, sizeof(double));
	double *bare = v, *box = v + pairs, *bare_cpu = v + 2 * pairs, *box_cpu = v + 3 * pairs;
	for (size_t i = 0; i < 5; i++) {               /* warm the page cache */
		timed_run(argv, bare_env, NULL);
		timed_run(argv, box_env, NULL);
	}
	for (size_t i = 0; i < pairs; i++) {
		bare[i] = timed_run(argv, bare_env, &bare_cpu[i]);
		box[i] = timed_run(argv, box_env, &box_cpu[i]);
	}
	double mb = median(bare, pairs), ms = median(box, pairs);
	double cb = median(bare_cpu, pairs), cs = median(box_cpu, pairs);
	printf("  %-40s wall %6.0f/%6.0f us = %.3fx   cpu %6.0f/%6.0f us = %.3fx\n", label,
	       ms / 1e3, mb / 1e3, ms / mb, cs / 1e3, cb / 1e3, cs / cb);
	free(v);
	free(bufs[0]);
	free(bufs[1]);
}

/* ---- per-syscall cost: a child loads a filter and times getppid ---------------------- */

enum filter_kind { NO_FILTER, OURS, LIBSECCOMP_DEFAULT, LIBSECCOMP_TREE };

static int compile_as(enum filter_kind kind, const struct sb_policy *p, struct sb_program *prog,
		      struct sandbox_error *err)
{
	return kind == OURS ? sb_compile(p, prog, err)
	       : sb_compile_libseccomp(p, kind == LIBSECCOMP_DEFAULT ? 1 : 2, prog, err);
}

static double getppid_ns(const struct sb_policy *p, enum filter_kind kind)
{
	int fds[2];
	if (pipe(fds))
		exit(1);
	pid_t pid = fork();
	if (pid == 0) {
		struct sb_program prog = { 0 };
		struct sandbox_error err = { 0 };
		int rc = 0;
		if (kind != NO_FILTER && (rc = compile_as(kind, p, &prog, &err)) == 0)
			rc = sb_load(&prog, &err);
		if (rc) {
			dprintf(2, "bench: %s\n", err.message);
			_exit(1);
		}
		const int n = 500000;
		double best = 1e30;
		for (int round = 0; round < 5; round++) {
			double t0 = now_ns();
			for (int i = 0; i < n; i++)
				syscall(SYS_getppid, 0, 0, 0, 0, 0, 0);
			double t = (now_ns() - t0) / n;
			best = t < best ? t : best;
		}
		if (write(fds[1], &best, sizeof(best)) != sizeof(best))
			_exit(1);
		_exit(0);
	}
	close(fds[1]);
	double ns = -1;
	if (read(fds[0], &ns, sizeof(ns)) != sizeof(ns))
		ns = -1;
	close(fds[0]);
	waitpid(pid, NULL, 0);
	return ns;
}

static void policy_from(const char *list, struct sb_policy *p);

/* The kernel's side of start-up: time of the seccomp() call that attaches a compiled filter
 * (checking, translating and JIT-compiling it, preparing the action cache), median of 21
 * fresh children. */
static double attach_us(const struct sb_policy *p, enum filter_kind kind)
{
	double v[21];
	for (int i = 0; i < 21; i++) {
		int fds[2];
		if (pipe(fds))
			exit(1);
		pid_t pid = fork();
		if (pid == 0) {
			struct sb_program prog = { 0 };
			struct sandbox_error err = { 0 };
			int rc = compile_as(kind, p, &prog, &err);
			struct sock_fprog fp = { .len = (unsigned short)prog.len, .filter = prog.insns };
			prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
			double t0 = now_ns();
			if (rc || syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, &fp))
				_exit(1);
			double t = (now_ns() - t0) / 1e3;
			if (write(fds[1], &t, sizeof(t)) != sizeof(t))
				_exit(1);
			_exit(0);
		}
		close(fds[1]);
		if (read(fds[0], &v[i], sizeof(v[i])) != sizeof(v[i]))
			v[i] = -1;
		close(fds[0]);
		waitpid(pid, NULL, 0);
	}
	return median(v, 21);
}

static void attach_cost(void)
{
	struct sb_policy p;
	policy_from(long_list, &p);
	printf("  358 allowed: ours %.0f us, libseccomp default layout %.0f us\n",
	       attach_us(&p, OURS), attach_us(&p, LIBSECCOMP_DEFAULT));
	sb_policy_free(&p);
	policy_from(small_list, &p);
	printf("  9 allowed:   ours %.0f us, libseccomp default layout %.0f us\n",
	       attach_us(&p, OURS), attach_us(&p, LIBSECCOMP_DEFAULT));
	sb_policy_free(&p);
}

static void policy_from(const char *list, struct sb_policy *p)
{
	struct sandbox_error err = { 0 };
	if (sb_policy_from_list(SANDBOX_ALLOW_LIST, list, SECCOMP_RET_KILL_PROCESS, "bench", p,
				NULL, &err)) {
		fprintf(stderr, "bench: %s\n", err.message);
		exit(1);
	}
}

/* The same list, with getppid allowed only when its (unused) first argument is 0: the
 * kernel's action cache cannot answer for it, so the filter runs on every call. */
static void add_getppid_condition(struct sb_policy *p)
{
	struct sb_rule *r = sb_policy_rule(p, SYS_getppid, p->default_action);
	struct sb_atom a = { 0, SB_OP_EQ, 0 };
	struct sb_clause c = { &a, 1 };
	r->fallback = p->default_action;
	sb_rule_add_case(r, &c, 1, SECCOMP_RET_ALLOW);
	sb_policy_finish(p);
}

static void syscall_cost(void)
{
	struct sb_policy plain, cond;
	policy_from(long_list, &plain);
	policy_from(long_list, &cond);
	add_getppid_condition(&cond);
	double bare = getppid_ns(&plain, NO_FILTER);
	printf("  getppid, no filter                            %6.1f ns\n", bare);
	static const struct { const char *label; enum filter_kind kind; } kinds[] = {
		{ "ours", OURS }, { "libseccomp default", LIBSECCOMP_DEFAULT },
		{ "libseccomp tree", LIBSECCOMP_TREE },
	};
	for (size_t i = 0; i < 3; i++) {
		double a = getppid_ns(&plain, kinds[i].kind), b = getppid_ns(&cond, kinds[i].kind);
		printf("  getppid, 358 allowed, %-20s    %6.1f ns (%.2fx); argument rule %6.1f ns "
		       "(%.2fx)\n", kinds[i].label, a, a / bare, b, b / bare);
	}
	sb_policy_free(&plain);
	sb_policy_free(&cond);
}

/* ---- resident memory ---------------------------------------------------------------- */

/* VmRSS (KiB) of `sh -c` reading its own status after start-up: the sandboxed run's
 * difference is what the library adds to a process. */
static long rss_kib(const char *lib, const char *list)
{
	char *argv[] = { "/bin/sh", "-c", "read -r _ < /proc/self/status; "
			 "while read -r k v _; do [ \"$k\" = VmRSS: ] && echo $v; done < /proc/self/status",
			 NULL };
	char *env[6], *bufs[3] = { 0 };
	env_for(env, bufs, lib, list);
	int fds[2];
	if (pipe(fds))
		exit(1);
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	pid_t pid;
	if (posix_spawn(&pid, argv[0], &fa, NULL, argv, env))
		exit(1);
	close(fds[1]);
	char buf[64] = "";
	ssize_t n = read(fds[0], buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = '\0';
	close(fds[0]);
	waitpid(pid, NULL, 0);
	posix_spawn_file_actions_destroy(&fa);
	free(bufs[0]);
	free(bufs[1]);
	return atol(buf);
}

static void memory(const char *label, const char *lib)
{
	/* Which pages of libc the kernel maps around a fault varies from run to run by some
	 * tens of KiB: many alternating runs. */
	enum { RUNS = 61 };
	double bare[RUNS], box[RUNS];
	for (int i = 0; i < RUNS; i++) {
		bare[i] = (double)rss_kib(NULL, NULL);
		box[i] = (double)rss_kib(lib, long_list);
	}
	double b = median(bare, RUNS), s = median(box, RUNS);
	printf("  %-44s VmRSS %6.0f KiB, bare %6.0f KiB: +%.0f KiB\n", label, s, b, s - b);
}

/* ---- path lengths --------------------------------------------------------------------- */

static void paths(const char *label, const struct sb_policy *p)
{
	static const char *const names[] = { "ours", "libseccomp default", "libseccomp tree" };
	static const enum filter_kind kinds[] = { OURS, LIBSECCOMP_DEFAULT, LIBSECCOMP_TREE };
	printf("  %s\n", label);
	for (int k = 0; k < 3; k++) {
		struct sb_program prog;
		struct sandbox_error err = { 0 };
		int rc = compile_as(kinds[k], p, &prog, &err);
		if (rc) {
			printf("    %-20s %s\n", names[k], err.message);
			continue;
		}
		size_t sum = 0, max = 0;
		for (uint32_t nr = 0; nr < 512; nr++) {
			struct seccomp_data d = { .nr = (int)nr, .arch = AUDIT_ARCH_X86_64 };
			struct sb_bpf_trace t;
			sb_bpf_run(prog.insns, prog.len, &d, &t, NULL);
			sum += t.steps;
			max = t.steps > max ? t.steps : max;
		}
		struct seccomp_data w = { .nr = SYS_write, .arch = AUDIT_ARCH_X86_64, .args = { 2 } };
		struct sb_bpf_trace t;
		sb_bpf_run(prog.insns, prog.len, &w, &t, NULL);
		printf("    %-20s %5zu instructions; executed over nr 0..511: mean %5.1f, max %3zu; "
		       "write(2, ...) %zu\n", names[k], prog.len, (double)sum / 512, max, t.steps);
		sb_program_free(&prog);
	}
}

static void path_lengths(void)
{
	struct sb_policy p;
	policy_from(long_list, &p);
	paths("358 allowed syscalls", &p);
	sb_policy_free(&p);
	policy_from(small_list, &p);
	paths("9 allowed syscalls", &p);
	sb_policy_free(&p);

	/* 450 allowed, write only on fd 1 and 2 (the case of issue's figures). */
	char *list450 = build_long_list(450);
	policy_from(list450, &p);
	struct sb_rule *r = sb_policy_rule(&p, SYS_write, SECCOMP_RET_ALLOW);
	struct sb_atom one = { 0, SB_OP_EQ, 1 }, two = { 0, SB_OP_EQ, 2 };
	struct sb_clause cl[2] = { { &one, 1 }, { &two, 1 } };
	r->fallback = p.default_action;
	sb_rule_add_case(r, cl, 2, SECCOMP_RET_ALLOW);
	paths("450 allowed syscalls, write only to fd 1 or 2", &p);
	sb_policy_free(&p);
	free(list450);
}

/* Mean instructions over nr 0..511 (x86_64, arguments zero) on every crosvm policy, next
 * to minijail's binary-tree figures for the same policies. */
static void corpus_paths(void)
{
	char table[PATH_MAX + 64];
	snprintf(table, sizeof(table), "%s/minijail-bst-instructions.tsv", corpus);
	FILE *f = fopen(table, "r");
	if (!f) {
		printf("  crosvm corpus: %s absent, row left out (make bench CORPUS_DIR=...)\n", table);
		return;
	}
	char line[512];
	double ours = 0, theirs = 0, worst = 0;
	int n = 0;
	while (fgets(line, sizeof(line), f)) {
		char name[128], path[1400];
		int len, max;
		double mean;
		if (line[0] == '#' || sscanf(line, "%127s %d %lf %d", name, &len, &mean, &max) != 4)
			continue;
		snprintf(path, sizeof(path), "%s/%s", crosvm, name);
		struct sb_policy_file_opts opts = { .include_map = strchr(crosvm_map, '=') + 1 };
		struct sb_policy p;
		struct sb_program prog;
		struct sandbox_error err = { 0 };
		if (sb_policy_parse_file_opts(path, &opts, &p, &err) || sb_compile(&p, &prog, &err)) {
			printf("  %s: %s\n", name, err.message);
			continue;
		}
		size_t sum = 0;
		for (uint32_t nr = 0; nr < 512; nr++) {
			struct seccomp_data d = { .nr = (int)nr, .arch = AUDIT_ARCH_X86_64 };
			struct sb_bpf_trace t;
			sb_bpf_run(prog.insns, prog.len, &d, &t, NULL);
			sum += t.steps;
		}
		double m = (double)sum / 512;
		ours += m;
		theirs += mean;
		worst = m / mean > worst ? m / mean : worst;
		n++;
		sb_program_free(&prog);
		sb_policy_free(&p);
	}
	fclose(f);
	if (n)
		printf("  crosvm corpus, %d policies: mean per call %.2f (minijail's tree %.2f); "
		       "worst ratio to minijail %.2f\n", n, ours / n, theirs / n, worst);
}

/* The 358-syscall filter as `sandbox-policy compile` writes it (no report), in a
 * temporary file; its name, as "=VARIABLE=PATH" for env_for(). */
static char *compiled_long_list(const char *variable)
{
	static char path[] = "/tmp/sandbox-bench-XXXXXX";
	static bool written;
	if (!written) {
		struct sb_policy p;
		struct sb_program prog = { 0 };
		struct sandbox_error err = { 0 };
		int fd = mkstemp(path);
		policy_from(long_list, &p);
		if (fd < 0 || sb_compile(&p, &prog, &err) ||
		    write(fd, prog.insns, prog.len * sizeof(*prog.insns)) !=
			    (ssize_t)(prog.len * sizeof(*prog.insns)))
			exit(1);
		close(fd);
		sb_program_free(&prog);
		sb_policy_free(&p);
		written = true;
	}
	char *arg;
	if (asprintf(&arg, "=%s=%s", variable, path) < 0)
		exit(1);
	return arg;
}

/* ---- start-up against the floor of each approach ------------------------------------ */

/* Temporary files written by compiled(), removed at the end. */
static char *temp_files[64];
static size_t n_temp_files;

/* The filter the pipeline builds for env, without the report (as `sandbox-policy compile`
 * writes it), in a temporary file; returns "=BENCH_FLOOR_BPF=PATH" for env_for(). */
static char *compiled(const struct sb_env *env)
{
	char path[] = "/tmp/sandbox-bench-XXXXXX", *arg;
	struct sb_build build;
	struct sandbox_error err = { 0 };
	int fd = mkstemp(path);
	if (fd < 0 || sb_pipeline_build(env, NULL, &build, &err) ||
	    write(fd, build.program.insns, build.program.len * sizeof(*build.program.insns)) !=
		    (ssize_t)(build.program.len * sizeof(*build.program.insns))) {
		fprintf(stderr, "bench: compiling the floor's filter: %s\n", err.message);
		exit(1);
	}
	close(fd);
	sb_build_free(&build);
	temp_files[n_temp_files++] = strdup(path);
	if (asprintf(&arg, "=BENCH_FLOOR_BPF=%s", path) < 0)
		exit(1);
	return arg;
}

/* Alternating runs of A and B; the median of the per-pair ratios A/B, of wall time and of
 * the child's CPU time. */
static void versus(const char *label, char *const argv_a[], char *const env_a[],
		   char *const argv_b[], char *const env_b[], size_t pairs)
{
	double *v = calloc(2 * pairs, sizeof(double)), *wall = v, *cpu = v + pairs;
	double a_sum = 0, b_sum = 0;
	for (size_t i = 0; i < 5; i++) {
		timed_run(argv_a, env_a, NULL);
		timed_run(argv_b, env_b, NULL);
	}
	for (size_t i = 0; i < pairs; i++) {
		double ca, cb, a = timed_run(argv_a, env_a, &ca), b = timed_run(argv_b, env_b, &cb);
		wall[i] = a / b;
		cpu[i] = cb > 0 ? ca / cb : 1;
		a_sum += a;
		b_sum += b;
	}
	printf("  %-44s %6.0f/%6.0f us   wall %.3fx   cpu %.3fx\n", label, a_sum / pairs / 1e3,
	       b_sum / pairs / 1e3, median(wall, pairs), median(cpu, pairs));
	free(v);
}

/* The library with list (env_for's syntax) against the floor library attaching floor_arg. */
static void library_versus_floor(const char *label, const char *list, const char *floor_arg,
				 bool plain, size_t pairs)
{
	char *argv[] = { "/bin/true", NULL };
	char *ours[8], *floor[6], *bufs[3] = { 0 }, *fbufs[3] = { 0 };
	env_for(ours, bufs, lib_ours, list);
	size_t n = 0;
	while (ours[n])
		n++;
	if (plain) {
		ours[n++] = "SECCOMP_REPORT=0";
		ours[n++] = "SANDBOX_ISOLATE=0";
	}
	ours[n] = NULL;
	env_for(floor, fbufs, lib_floor, floor_arg);
	versus(label, argv, ours, argv, floor, pairs);
	/* make bench-floors LIBRARY_B=PATH: this build against another, side by side. */
	const char *other = getenv("LIBSANDBOX_BENCH_LIBRARY_B");
	if (other && *other && !plain) {
		char *theirs[8], *obufs[3] = { 0 };
		env_for(theirs, obufs, other, list);
		versus("  same, against LIBRARY_B", argv, ours, argv, theirs, pairs);
		free(obufs[0]);
		free(obufs[1]);
	}
	free(bufs[0]);
	free(bufs[1]);
	free(fbufs[0]);
	free(fbufs[1]);
}

/* sandboxify on a static hello world against a launcher that only attaches the same list
 * (plus execve, which it needs itself) and execs; then against the same launcher linked
 * whole (static-pie) as sandboxify is, the floor for a launcher that is. */
static void launcher_versus_floor(const char *list, size_t pairs)
{
	char *with_exec, *setting, *floor_file;
	if (asprintf(&with_exec, "%s:execve", list) < 0 || asprintf(&setting, "SECCOMP_SYSCALL_ALLOW=%s", list) < 0)
		exit(1);
	char *floor_arg = compiled(&(struct sb_env){ .allow = with_exec });
	floor_file = floor_arg + 1;                     /* "BENCH_FLOOR_BPF=PATH" */
	char *ours_argv[] = { sandboxify, static_hello, NULL };
	char *ours_env[] = { "PATH=/usr/bin:/bin", setting, "SECCOMP_QUIET=1", NULL };
	char *floor_argv[] = { floor_launcher, static_hello, NULL };
	char *floor_env[] = { "PATH=/usr/bin:/bin", floor_file, NULL };
	versus("sandboxify, static hello world", ours_argv, ours_env, floor_argv, floor_env, pairs);
	floor_argv[0] = floor_launcher_whole;
	if (access(floor_launcher_whole, X_OK) == 0)
		versus("  same, floor linked whole too", ours_argv, ours_env, floor_argv, floor_env, pairs);
	/* make bench-floors SANDBOXIFY_B=PATH: this build against another, side by side. */
	char *other = getenv("LIBSANDBOX_BENCH_SANDBOXIFY_B");
	if (other && *other) {
		char *other_argv[] = { other, static_hello, NULL };
		versus("  same, against SANDBOXIFY_B", ours_argv, ours_env, other_argv, ours_env, pairs);
	}
	free(with_exec);
	free(setting);
	free(floor_arg);
}

/* Microseconds start-up adds over a bare run (medians of alternating pairs). */
static double added_us(const char *list, size_t pairs)
{
	char *argv[] = { "/bin/true", NULL };
	char *bare_env[6], *box_env[6], *bufs[3] = { 0 }, *unused[3];
	env_for(bare_env, unused, NULL, NULL);
	env_for(box_env, bufs, lib_ours, list);
	double *v = calloc(2 * pairs, sizeof(double));
	for (size_t i = 0; i < pairs; i++) {
		v[i] = timed_run(argv, bare_env, NULL);
		v[pairs + i] = timed_run(argv, box_env, NULL);
	}
	double us = (median(v + pairs, pairs) - median(v, pairs)) / 1e3;
	free(v);
	free(bufs[0]);
	free(bufs[1]);
	return us;
}

/* Least squares through (x, y): prints "about A us + B us per UNIT". */
static void print_line(const double *x, const double *y, size_t n, const char *unit)
{
	double sx = 0, sy = 0, sxx = 0, sxy = 0;
	for (size_t i = 0; i < n; i++)
		sx += x[i], sy += y[i], sxx += x[i] * x[i], sxy += x[i] * y[i];
	double b = (n * sxy - sx * sy) / (n * sxx - sx * sx), a = (sy - b * sx) / n;
	double worst = 0;
	for (size_t i = 0; i < n; i++) {
		double off = y[i] - (a + b * x[i]);
		worst = off < 0 ? (-off > worst ? -off : worst) : (off > worst ? off : worst);
	}
	printf("    linear fit: %.0f us + %.3f us per %s (largest deviation %.0f us)\n", a, b, unit,
	       worst);
}

/* How start-up grows with the list's length and with the number of included files. */
static void growth(size_t pairs)
{
	static const size_t names[] = { 10, 100, 358 };
	double x[3], y[3];
	printf("start-up added over a bare run, by list length (allow list, report on):\n");
	for (size_t i = 0; i < 3; i++) {
		/* What /bin/true needs, then the first names of the table up to the length. */
		char *more = build_long_list(names[i] - 9), *list;
		if (asprintf(&list, "%s:%s", small_list, more) < 0)
			exit(1);
		free(more);
		x[i] = (double)names[i];
		y[i] = added_us(list, pairs);
		printf("    %3zu names: %6.0f us\n", names[i], y[i]);
		free(list);
	}
	print_line(x, y, 3, "name");

	static const size_t files[] = { 1, 10, 40 };
	static const char rules[] =
		"read: 1\nwrite: arg0 == 1 || arg0 == 2\nclose: 1\nexit_group: 1\nbrk: 1\n"
		"mmap: arg2 in ~PROT_EXEC\nmunmap: 1\nnewfstatat: 1\nrt_sigreturn: 1\n"
		"ioctl: arg1 == TCGETS || arg1 == FIONBIO || arg1 == TIOCGWINSZ\n"
		"fcntl: arg1 == F_GETFL || arg1 == F_SETFL\nlseek: arg2 != SEEK_END\n"
		"openat: arg2 in O_RDONLY|O_CLOEXEC; return EACCES\n";
	char dir[] = "/tmp/sandbox-bench-dir-XXXXXX";
	if (!mkdtemp(dir))
		exit(1);
	printf("start-up added over a bare run, by included policy files (%zu bytes each):\n",
	       sizeof(rules) - 1);
	for (size_t i = 0; i < 3; i++) {
		char top[PATH_MAX + 64], arg[PATH_MAX + 128];
		snprintf(top, sizeof(top), "%s/top-%zu.policy", dir, files[i]);
		FILE *t = fopen(top, "w");
		for (size_t k = 0; k < files[i]; k++) {
			char inc[PATH_MAX + 64];
			snprintf(inc, sizeof(inc), "%s/part-%zu.policy", dir, k);
			FILE *f = fopen(inc, "w");
			fputs(rules, f);
			fclose(f);
			fprintf(t, "@include %s\n", inc);
		}
		fclose(t);
		snprintf(arg, sizeof(arg), "@%s", top);
		x[i] = (double)files[i];
		y[i] = added_us(arg, pairs);
		printf("    %3zu files: %6.0f us\n", files[i], y[i]);
	}
	print_line(x, y, 3, "file");
	char cmd[PATH_MAX + 16];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd))
		fprintf(stderr, "bench: could not remove %s\n", dir);
}

/* The four start-up ratios against their floors (side by side, median of per-pair ratios). */
static void floors(size_t pairs)
{
	printf("start-up against the floor of each approach (A/B, %zu alternating pairs):\n", pairs);
	char *small = compiled(&(struct sb_env){ .allow = small_list });
	char *large = compiled(&(struct sb_env){ .allow = long_list });
	library_versus_floor("library, 9 names / attach only", small_list, small, false, pairs);
	library_versus_floor("  same, report and isolation off", small_list, small, true, pairs);
	library_versus_floor("library, 358 names / attach only", long_list, large, false, pairs);
	library_versus_floor("  same, report and isolation off", long_list, large, true, pairs);
	if (access(crosvm_policy, R_OK) == 0) {
		char arg[sizeof(crosvm_policy) + 1] = "@";
		strcat(arg, crosvm_policy);
		char *wl = compiled(&(struct sb_env){ .policy_file = crosvm_policy,
						      .include_map = strchr(crosvm_map, '=') + 1 });
		library_versus_floor("library, crosvm wl_device / attach only", arg, wl, false, pairs);
		free(wl);
	} else {
		printf("  crosvm wl_device.policy: %s absent, row left out\n", crosvm_policy);
	}
	const char *list = getenv("LIBSANDBOX_BENCH_STATIC_LIST");
	if (list && *list && access(static_hello, X_OK) == 0)
		launcher_versus_floor(list, pairs);
	else
		printf("  sandboxify row left out: no static hello world or list (make bench builds them)\n");
	free(small);
	free(large);
}

int main(int argc, char **argv)
{
	size_t pairs = argc > 1 ? strtoul(argv[1], NULL, 10) : 101;
	if (pairs < 20)
		pairs = 20;
	long_list = build_long_list(358);
	const char *corpus_env = getenv("LIBSANDBOX_BENCH_CORPUS");
	snprintf(corpus, sizeof(corpus), "%.1000s", corpus_env ? corpus_env : "");
	snprintf(crosvm, sizeof(crosvm), "%s/crosvm-x86_64", corpus);
	snprintf(crosvm_map, sizeof(crosvm_map), "SECCOMP_POLICY_INCLUDE_MAP=/usr/share/policy/crosvm=%s", crosvm);
	snprintf(crosvm_policy, sizeof(crosvm_policy), "%s/wl_device.policy", crosvm);
	char *self = realpath("/proc/self/exe", NULL), *dir = strrchr(self, '/');
	*dir = '\0';
	snprintf(lib_ours, sizeof(lib_ours), "%s/../libsandbox.so", self);
	snprintf(lib_libseccomp, sizeof(lib_libseccomp), "%s/libsandbox-libseccomp.so", self);
	snprintf(lib_empty, sizeof(lib_empty), "%s/empty.so", self);
	snprintf(lib_floor, sizeof(lib_floor), "%s/floor.so", self);
	snprintf(floor_launcher, sizeof(floor_launcher), "%s/floor_launcher", self);
	snprintf(floor_launcher_whole, sizeof(floor_launcher_whole), "%s/floor_launcher-static-pie", self);
	snprintf(sandboxify, sizeof(sandboxify), "%s/../sandboxify", self);
	snprintf(static_hello, sizeof(static_hello), "%s/../examples/helloworld-static", self);
	char *floor_arg = compiled_long_list("BENCH_FLOOR_BPF");
	char *bpf_file_arg = compiled_long_list("SECCOMP_BPF_FILE");

	floors(pairs < 41 ? 41 : pairs);
	/* make bench-floors: the four ratios alone, for measuring a change to start-up. */
	if (getenv("LIBSANDBOX_BENCH_FLOORS_ONLY"))
		return 0;
	growth(pairs);
	printf("start-up of /bin/true, medians of %zu alternating pairs (sandboxed/bare):\n", pairs);
	/* The floors: preloading any library (an empty one), and a library that does nothing
	 * but attach a compiled filter (the kernel's part). */
	startup("an empty preloaded library", lib_empty, long_list, pairs);
	startup("floor: only attach the 358 filter", lib_floor, floor_arg, pairs);
	startup("libsandbox.so, no SECCOMP_* variable", lib_ours, "", pairs);
	startup("ours, 358 allowed", lib_ours, long_list, pairs);
	startup("ours, 9 allowed", lib_ours, small_list, pairs);
	char crosvm_arg[sizeof(crosvm_policy) + 1] = "@";
	strcat(crosvm_arg, crosvm_policy);
	if (access(crosvm_policy, R_OK) == 0)
		startup("ours, crosvm wl_device.policy", lib_ours, crosvm_arg, pairs);
	else
		printf("  crosvm wl_device.policy: %s absent, row left out\n", crosvm_policy);
	startup("ours, 358 compiled (SECCOMP_BPF_FILE)", lib_ours, bpf_file_arg, pairs);
	no_report = true;
	startup("ours, 358 allowed, SECCOMP_REPORT=0", lib_ours, long_list, pairs);
	startup("ours, 9 allowed, SECCOMP_REPORT=0", lib_ours, small_list, pairs);
	startup("libseccomp default layout, 358 allowed", lib_libseccomp, long_list, pairs);
	startup("libseccomp default layout, 9 allowed", lib_libseccomp, small_list, pairs);
	printf("resident memory added (sh reading its VmRSS, 358 allowed, medians of 61 alternating runs):\n");
	no_report = false;
	memory("ours", lib_ours);
	no_report = true;
	memory("libseccomp default layout (SECCOMP_REPORT=0)", lib_libseccomp);
	printf("seccomp() attaching the filter (kernel time, in start-up above):\n");
	attach_cost();
	printf("per-syscall cost (best of 5 x 500,000 calls):\n");
	syscall_cost();
	printf("BPF instructions (interpreter, x86_64, arguments zero unless said):\n");
	path_lengths();
	corpus_paths();
	unlink(strchr(floor_arg + 1, '=') + 1);
	for (size_t i = 0; i < n_temp_files; i++) {
		unlink(temp_files[i]);
		free(temp_files[i]);
	}
	free(floor_arg);
	free(bpf_file_arg);
	free(self);
	free(long_list);
	return 0;
}
