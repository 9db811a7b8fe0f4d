/* Telling static programs from dynamic ones by their ELF program headers. */
#include "program_kind.h"

#include <elf.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The kernel follows at most this many "#!" interpreters (BINPRM_MAX_RECURSION). */
#define MAX_SCRIPT_DEPTH 4

static bool has_interp(int fd, const unsigned char *ident, const void *header)
{
	bool wide = ident[EI_CLASS] == ELFCLASS64;
	const Elf64_Ehdr *h64 = header;
	const Elf32_Ehdr *h32 = header;
	off_t offset = wide ? (off_t)h64->e_phoff : (off_t)h32->e_phoff;
	unsigned count = wide ? h64->e_phnum : h32->e_phnum;
	size_t size = wide ? h64->e_phentsize : h32->e_phentsize;
	if (size < (wide ? sizeof(Elf64_Phdr) : sizeof(Elf32_Phdr)))
		return true;    /* malformed: not ours to judge, the kernel will say */
	for (unsigned i = 0; i < count; i++) {
		union { Elf64_Phdr p64; Elf32_Phdr p32; } ph;
		size_t want = wide ? sizeof(ph.p64) : sizeof(ph.p32);
		if (pread(fd, &ph, want, offset + (off_t)(i * size)) != (ssize_t)want)
			return true;
		if ((wide ? ph.p64.p_type : ph.p32.p_type) == PT_INTERP)
			return true;
	}
	return false;
}

static bool is_static(const char *path, int depth)
{
	/* Non-blocking: a "#!" line may name a FIFO or a device, which is not a program. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	struct stat st;
	if (fd < 0)
		return false;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		return false;
	}
	union { unsigned char bytes[256]; Elf64_Ehdr h64; Elf32_Ehdr h32; } head;
	memset(&head, 0, sizeof(head));
	ssize_t n = pread(fd, &head, sizeof(head) - 1, 0);
	bool result = false;
	if (n >= (ssize_t)sizeof(Elf64_Ehdr) && !memcmp(head.bytes, ELFMAG, SELFMAG) &&
	    (head.bytes[EI_CLASS] == ELFCLASS64 || head.bytes[EI_CLASS] == ELFCLASS32)) {
		result = (head.h64.e_type == ET_EXEC || head.h64.e_type == ET_DYN) &&
			 !has_interp(fd, head.bytes, &head);
	} else if (n > 2 && head.bytes[0] == '#' && head.bytes[1] == '!' && depth < MAX_SCRIPT_DEPTH) {
		char *interp = (char *)head.bytes + 2;
		interp += strspn(interp, " \t");
		interp[strcspn(interp, " \t\n")] = '\0';
		result = interp[0] == '/' && is_static(interp, depth + 1);
	}
	close(fd);
	return result;
}

bool sb_program_is_static(const char *path)
{
	return is_static(path, 0);
}
