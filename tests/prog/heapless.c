/*
 * heapless: says whether the process has a heap, without making one: raw system calls
 * and static memory only, no stdio and no malloc. Prints "heap: yes" or "heap: no".
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

static char maps[1 << 16];

int main(void)
{
	int fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
	size_t n = 0;
	ssize_t r;
	if (fd < 0)
		return 2;
	while (n < sizeof(maps) - 1 && (r = read(fd, maps + n, sizeof(maps) - 1 - n)) > 0)
		n += (size_t)r;
	close(fd);
	maps[n] = '\0';
	const char *line = strstr(maps, "[heap]") ? "heap: yes\n" : "heap: no\n";
	return write(1, line, strlen(line)) > 0 ? 0 : 3;
}
