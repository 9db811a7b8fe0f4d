/* sandboxify: install the SECCOMP_* filter, then exec the program. */
#include "sandbox.h"
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage(FILE *out)
{
	fprintf(out, "usage: sandboxify [--] PROGRAM [ARGS...]\n"
		     "Runs PROGRAM under the seccomp filter described by the SECCOMP_* variables.\n"
		     "See sandboxify(1).\n");
}

int main(int argc, char **argv)
{
	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
		if (!strcmp(argv[i], "--help")) {
			usage(stdout);
			return 0;
		}
		if (!strcmp(argv[i], "--version")) {
			printf("sandboxify %s\n", SANDBOX_VERSION);
			return 0;
		}
		fprintf(stderr, "sandboxify: unknown option '%s' (accepted: --help, --version, --)\n", argv[i]);
		return SANDBOX_EXIT_SETUP;
	}
	if (i >= argc) {
		fprintf(stderr, "sandboxify: no program given (usage: sandboxify [--] PROGRAM [ARGS...])\n");
		return SANDBOX_EXIT_SETUP;
	}
	struct sandbox_error err = { 0 };
	int rc = sandbox_apply_env(&err);
	if (rc < 0) {
		fprintf(stderr, "sandboxify: %s\n", err.message);
		return SANDBOX_EXIT_SETUP;
	}
	sandbox_scrub_env();
	execvp(argv[i], &argv[i]);
	fprintf(stderr, "sandboxify: %s: %s\n", argv[i], strerror(errno));
	return errno == ENOENT ? 127 : 126;
}
