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

#include <stdbool.h>
#include <stddef.h>
#include "config.h"

/* True when arg asks for a command's usage (--help or -h): printed on standard output,
 * exit status 0. */
bool sb_tool_is_help(const char *arg);

int cmd_resolve(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_compile(int argc, char **argv);
int cmd_groups(int argc, char **argv);

/* The SECCOMP_* variables of the tool's own environment, read once before a command runs
 * (an include map there applies to every policy file the tool reads). */
extern struct sb_env sb_tool_env;

/* --include-map FROM=TO (check, compile): put before the include map of sb_tool_env, so it
 * wins over the environment's. 0 or SB_TOOL_USAGE. */
int sb_tool_include_map(const char *mapping);

/* A policy file parsed as the library would, with sb_tool_env's include map. */
int sb_tool_parse_policy_file(const char *path, struct sb_policy *out, struct sandbox_error *err);

int cmd_generate(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_learn(int argc, char **argv);

/* --base of generate and learn: mark in exclude[] the syscalls that BASE (a group such as
 * @default, a SECCOMP_SYSCALL_ALLOW-style list, or a policy file path) allows whatever their
 * arguments. Prints the error prefixed with prog; 0 or SB_TOOL_USAGE. */
int sb_tool_base_exclusions(const char *base, bool exclude[SB_NR_LIMIT], const char *prog);

struct sb_env;

/* What the Landlock domain of iso would enforce on this kernel, one "PREFIXisolation: ..."
 * line each; SANDBOX_ECONFIG / SANDBOX_ELOAD (nothing printed) when the library would refuse
 * it here: a path that does not open, port rules the kernel cannot enforce. */
#include <stdio.h>
int sb_tool_print_isolation(FILE *out, const char *prefix, const struct sb_isolation *iso,
			    struct sandbox_error *err);

/* "SECCOMP_NAME=value" or "SANDBOX_NAME=value" (optionally after `export `) in the n bytes
 * at s. */
bool sb_tool_is_setting(const char *s, size_t n);
/* Whether the first line of text that is not blank or a comment is such a setting. */
bool sb_tool_starts_with_setting(const char *text);
/* Fill env from setting lines (comments, blank lines, `export`, quoted values allowed);
 * values point into text, which is modified. false, with *bad at the line, when a line is
 * something else. */
bool sb_tool_parse_settings(char *text, struct sb_env *env, const char **bad);
/* A whole file (at most 64 MiB) NUL-terminated; *binary when it holds a NUL byte. NULL with
 * errno on failure. */
char *sb_tool_read_file(const char *path, size_t *len, bool *binary);

#endif
