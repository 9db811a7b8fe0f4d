/* sandbox-policy resolve: syscall names <-> numbers, like scmp_sys_resolver. */
#include "syscalls.h"
#include "tool.h"

#include <stdio.h>
#include <string.h>

static const char usage[] =
	"usage: sandbox-policy resolve NAME|NUMBER...\n"
	"Prints the number of each syscall NAME and the name of each NUMBER (x86_64).\n"
	"Exit status: 0 all resolved, 1 one is unknown, 2 bad command line.\n";

int cmd_resolve(int argc, char **argv)
{
	int status = 0;
	if (argc == 2 && sb_tool_is_help(argv[1])) {
		fputs(usage, stdout);
		return 0;
	}
	if (argc < 2) {
		fputs(usage, stderr);
		return SB_TOOL_USAGE;
	}
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (a[0] >= '0' && a[0] <= '9') {
			int nr = sb_syscall_parse(a);
			const char *name = nr >= 0 ? sb_syscall_name(nr) : NULL;
			if (name) {
				printf("%s\n", name);
				continue;
			}
		} else {
			int nr = sb_syscall_number(a);
			if (nr >= 0) {
				printf("%d\n", nr);
				continue;
			}
		}
		fprintf(stderr, "sandbox-policy resolve: no %s syscall '%s'\n", sb_native_arch_name(), a);
		status = SB_TOOL_FAILED;
	}
	return status;
}
