/* sandbox-policy groups: the syscall groups (systemd's SystemCallFilter= sets) and, for
 * one group, its members on the native ABI. */
#include "groups.h"
#include "syscalls.h"
#include "tool.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int by_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static const char usage[] =
	"usage: sandbox-policy groups [@NAME]\n"
	"Without NAME: every syscall group (systemd's SystemCallFilter= sets), its size and\n"
	"what it is for. With NAME: the group's members on x86_64, one a line.\n"
	"Exit status: 0, 1 unknown group, 2 bad command line.\n";

int cmd_groups(int argc, char **argv)
{
	bool member[SB_NR_LIMIT];

	if (argc == 2 && sb_tool_is_help(argv[1])) {
		fputs(usage, stdout);
		return 0;
	}
	if (argc == 1) {
		for (size_t i = 0; i < sb_groups_len; i++) {
			memset(member, 0, sizeof(member));
			int n = sb_group_members(sb_groups[i].name, member);
			printf("%-16s %3d  %s\n", sb_groups[i].name, n, sb_groups[i].help);
		}
		return 0;
	}
	if (argc != 2) {
		fputs(usage, stderr);
		return SB_TOOL_USAGE;
	}
	char name[80];
	snprintf(name, sizeof(name), "%s%s", argv[1][0] == '@' ? "" : "@", argv[1]);
	memset(member, 0, sizeof(member));
	int n = sb_group_members(name, member);
	if (n < 0) {
		fprintf(stderr, "sandbox-policy groups: unknown group '%s' (accepted: %s)\n", argv[1],
			sb_group_names());
		return SB_TOOL_FAILED;
	}
	const char *names[SB_NR_LIMIT];
	size_t k = 0;
	for (int nr = 0; nr < SB_NR_LIMIT; nr++)
		if (member[nr] && sb_syscall_name(nr))
			names[k++] = sb_syscall_name(nr);
	if (k > 1)
		qsort(names, k, sizeof(names[0]), by_name);
	for (size_t i = 0; i < k; i++)
		printf("%s\n", names[i]);
	return 0;
}
