/* libFuzzer target: telling static programs from dynamic ones (ELF headers, "#!" lines).
 * The input is the program file, given through a memfd. */
#include "program_kind.h"

#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int fd = memfd_create("program", MFD_CLOEXEC);
	if (fd < 0 || write(fd, data, size) != (ssize_t)size) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	char path[64];
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	(void)sb_program_is_static(path);
	close(fd);
	return 0;
}
