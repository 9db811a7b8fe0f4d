/* sandbox-policy: write, check, compile, learn and explain policies. */
#include "sandbox.h"
#include "tool.h"

#include <stdio.h>
#include <string.h>

static const struct sb_command commands[] = {
	{ "generate", cmd_generate, "LOG...  a policy from strace or seccomp audit logs" },
	{ "learn", cmd_learn, "-- PROG ARGS...  run a program and write the policy it needs" },
	{ "explain", cmd_explain, "INPUT  the decision for every syscall, paths, disassembly" },
	{ "resolve", cmd_resolve, "NAME|NUMBER...  syscall names <-> numbers" },
	{ "check", cmd_check, "FILE  report every problem of a policy file" },
	{ "compile", cmd_compile, "FILE -o OUT.bpf | --from-env -o OUT.bpf  the filter the library loads" },
	{ "groups", cmd_groups, "[@NAME]  syscall groups and their members" },
};

static void usage(FILE *out)
{
	fprintf(out, "usage: sandbox-policy COMMAND [ARGS...]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-9s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\nsandbox-policy --version; see sandbox-policy(1).\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return SB_TOOL_USAGE;
	}
	if (sb_tool_is_help(argv[1]) || !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("sandbox-policy %s\n", SANDBOX_VERSION);
		return 0;
	}
	sb_env_read(&sb_tool_env);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "sandbox-policy: unknown command '%s' (run 'sandbox-policy --help')\n", argv[1]);
	return SB_TOOL_USAGE;
}
