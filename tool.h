/* sandbox-policy's subcommands: each takes (argc, argv) with argv[0] the command name and
 * returns the exit status. */
#ifndef SB_TOOL_H
#define SB_TOOL_H

#define SB_TOOL_USAGE 2      /* bad command line */
#define SB_TOOL_FAILED 1     /* the input has problems (check), or the work failed */

struct sb_command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

int cmd_resolve(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_compile(int argc, char **argv);
int cmd_groups(int argc, char **argv);

/* --include-map FROM=TO: prepend to SECCOMP_POLICY_INCLUDE_MAP (check, compile). 0 or
 * SB_TOOL_USAGE. */
int sb_tool_include_map(const char *mapping);

#endif
