/* sandbox-policy generate: strace and seccomp audit logs -> a policy. */
#include "log.h"
#include "policy_writer.h"
#include "syscalls.h"
#include "tool.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage(FILE *out)
{
	fprintf(out,
		"usage: sandbox-policy generate [OPTIONS] LOG...\n"
		"  LOG                strace output (-f, -ff files, -tt, -r, raw=all ...) or kernel\n"
		"                     seccomp records (dmesg, journal, audit.log); '-' is stdin\n"
		"  -o, --output FILE  write the policy to FILE (default: stdout)\n"
		"  --format FORMAT    policy (default), env, json (seccompiler), yaml (northstar),\n"
		"                     oci (Docker, podman)\n"
		"  --frequency FILE   write minijail's frequency file and sort by frequency\n"
		"  --no-args          no argument filters for ioctl, socket, prctl, mmap, mprotect\n"
		"  --strict           malformed lines are an error\n"
		"  --comm NAME, --exe PATH, --pid N   only audit records of that process\n");
}

/* Reads a numeric option value; false when malformed. */
static bool parse_pid(const char *s, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || *end || end == s || v < 0)
		return false;
	*out = v;
	return true;
}

struct generate_args {
	const char *output, *frequency, *base;
	int format;
	bool no_args, strict;
	struct sb_log_filter filter;
	char **logs;
	int n_logs;
};

static int parse_args(int argc, char **argv, struct generate_args *a)
{
	*a = (struct generate_args){ .format = SB_OUT_POLICY, .filter = { .pid = -1 } };
	int i = 1, n_logs = 0;
	/* Options and logs in any order; logs are gathered at the front of argv + 1. */
	for (; i < argc; i++) {
		const char *opt = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;
		bool takes = true;
		if (!strcmp(opt, "--")) {
			while (++i < argc)
				argv[1 + n_logs++] = argv[i];
			break;
		}
		if (opt[0] != '-' || !strcmp(opt, "-")) {
			argv[1 + n_logs++] = argv[i];
			continue;
		}
		if (!strcmp(opt, "--help") || !strcmp(opt, "-h")) {
			usage(stdout);
			return -1;
		} else if (!strcmp(opt, "--no-args")) {
			a->no_args = true, takes = false;
		} else if (!strcmp(opt, "--strict")) {
			a->strict = true, takes = false;
		} else if (!val && strcmp(opt, "--no-args") && strcmp(opt, "--strict")) {
			fprintf(stderr, "sandbox-policy generate: option '%s' needs a value (see --help)\n", opt);
			return SB_TOOL_USAGE;
		} else if (!strcmp(opt, "-o") || !strcmp(opt, "--output")) {
			a->output = val;
		} else if (!strcmp(opt, "--format")) {
			a->format = sb_out_format_parse(val);
			if (a->format < 0) {
				fprintf(stderr, "sandbox-policy generate: --format: unknown format '%s' "
						"(accepted: policy, env, json, yaml, oci)\n", val);
				return SB_TOOL_USAGE;
			}
		} else if (!strcmp(opt, "--frequency")) {
			a->frequency = val;
		} else if (!strcmp(opt, "--base")) {
			a->base = val;
		} else if (!strcmp(opt, "--comm")) {
			a->filter.comm = val;
		} else if (!strcmp(opt, "--exe")) {
			a->filter.exe = val;
		} else if (!strcmp(opt, "--pid")) {
			if (!parse_pid(val, &a->filter.pid)) {
				fprintf(stderr, "sandbox-policy generate: --pid: '%s' is not a process id "
						"(accepted: a decimal number)\n", val);
				return SB_TOOL_USAGE;
			}
		} else {
			fprintf(stderr, "sandbox-policy generate: unknown option '%s' (see --help)\n", opt);
			return SB_TOOL_USAGE;
		}
		if (takes)
			i++;
	}
	a->logs = argv + 1;
	a->n_logs = n_logs;
	if (a->n_logs == 0) {
		fprintf(stderr, "sandbox-policy generate: no log given (usage: sandbox-policy generate "
				"[OPTIONS] LOG...; '-' reads stdin)\n");
		return SB_TOOL_USAGE;
	}
	return 0;
}

static int read_logs(const struct generate_args *a, struct sb_observed *o)
{
	for (int i = 0; i < a->n_logs; i++) {
		const char *name = a->logs[i];
		bool is_stdin = !strcmp(name, "-");
		int fd = is_stdin ? STDIN_FILENO : open(name, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			fprintf(stderr, "sandbox-policy generate: %s: %s\n", name, strerror(errno));
			return SB_TOOL_FAILED;
		}
		struct sandbox_error err = { 0 };
		enum sb_log_kind kind;
		int rc = sb_log_read(fd, is_stdin ? "<stdin>" : name, &a->filter, o, &kind, &err);
		if (!is_stdin)
			close(fd);
		if (rc) {
			fprintf(stderr, "sandbox-policy generate: %s\n", err.message);
			return SB_TOOL_FAILED;
		}
	}
	return 0;
}

/* The source list for the header comment: the log names, shortened when many. */
static void describe_sources(const struct generate_args *a, char *buf, size_t len)
{
	size_t o = 0;
	buf[0] = '\0';
	for (int i = 0; i < a->n_logs && o + 1 < len; i++) {
		if (o + strlen(a->logs[i]) + 20 > len) {
			snprintf(buf + o, len - o, " and %d more", a->n_logs - i);
			return;
		}
		o += (size_t)snprintf(buf + o, len - o, "%s%s", i ? " " : "", a->logs[i]);
	}
}

static void report(const struct sb_observed *o, int written)
{
	size_t distinct = 0;
	for (int nr = 0; nr < SB_NR_LIMIT; nr++)
		distinct += o->count[nr] > 0;
	fprintf(stderr, "sandbox-policy generate: %llu lines, %llu calls of %zu syscalls, %d in the "
			"policy", (unsigned long long)o->lines, (unsigned long long)o->records, distinct,
		written);
	if (o->foreign)
		fprintf(stderr, "; %llu records of another ABI mapped by name",
			(unsigned long long)o->foreign);
	if (o->unknown)
		fprintf(stderr, "; %llu calls not on %s left out (first: %s)",
			(unsigned long long)o->unknown, sb_native_arch_name(),
			o->first_unknown[0] ? o->first_unknown : "a number");
	fputc('\n', stderr);
	if (o->malformed)
		fprintf(stderr, "sandbox-policy generate: %llu malformed or truncated lines (calls "
				"on cut lines are kept; first: %s)\n", (unsigned long long)o->malformed, o->first_malformed);
}

static int write_file(const char *path, int (*writer)(FILE *, const void *, const void *),
		      const void *x, const void *y, int *result)
{
	FILE *out = path && strcmp(path, "-") ? fopen(path, "w") : stdout;
	if (!out) {
		fprintf(stderr, "sandbox-policy generate: %s: %s\n", path, strerror(errno));
		return SB_TOOL_FAILED;
	}
	*result = writer(out, x, y);
	int closed = out == stdout ? fflush(out) : fclose(out);
	if (*result < 0 || closed) {
		fprintf(stderr, "sandbox-policy generate: %s: write failed\n", path ? path : "stdout");
		return SB_TOOL_FAILED;
	}
	return 0;
}

static int policy_writer(FILE *out, const void *o, const void *opt)
{
	return sb_write_policy(out, o, opt);
}

static int frequency_writer(FILE *out, const void *o, const void *unused)
{
	(void)unused;
	return sb_write_frequency(out, o);
}

int cmd_generate(int argc, char **argv)
{
	struct generate_args a;
	int rc = parse_args(argc, argv, &a);
	if (rc)
		return rc < 0 ? 0 : rc;

	bool exclude[SB_NR_LIMIT] = { false };
	if (a.base && (rc = sb_tool_base_exclusions(a.base, exclude, "sandbox-policy generate")))
		return rc;

	struct sb_observed *o = malloc(sizeof(*o));
	if (!o) {
		fprintf(stderr, "sandbox-policy generate: out of memory\n");
		return SB_TOOL_FAILED;
	}
	sb_observed_init(o);
	rc = read_logs(&a, o);
	if (!rc && o->records == 0) {
		fprintf(stderr, "sandbox-policy generate: no syscall found in the input%s\n",
			a.filter.comm || a.filter.exe || a.filter.pid >= 0
				? " (no record matched --comm/--exe/--pid)" : "");
		rc = SB_TOOL_FAILED;
	}
	if (!rc && a.strict && o->malformed) {
		fprintf(stderr, "sandbox-policy generate: --strict: %llu malformed or truncated lines "
				"(first: %s)\n", (unsigned long long)o->malformed, o->first_malformed);
		rc = SB_TOOL_FAILED;
	}
	char sources[512];
	describe_sources(&a, sources, sizeof(sources));
	struct sb_writer_options opt = {
		.format = a.format, .by_frequency = a.frequency != NULL, .no_args = a.no_args,
		.add_exit_calls = true, .exclude = a.base ? exclude : NULL, .base_name = a.base,
		.source = sources, .title = "generated by sandbox-policy generate",
	};
	int written = 0, ignored;
	if (!rc && a.frequency)
		rc = write_file(a.frequency, frequency_writer, o, NULL, &ignored);
	if (!rc)
		rc = write_file(a.output, policy_writer, o, &opt, &written);
	if (!rc)
		report(o, written);
	free(o);
	return rc;
}
