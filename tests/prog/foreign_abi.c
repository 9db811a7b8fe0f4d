/* Calls getpid through another ABI: `i386` with int 0x80 (i386 number 20), `x32` with the
 * syscall instruction and an x32 number (0x40000000 | 39). Prints what the call returned;
 * under a filter the call is refused before it runs. Exit 0 when it returned the pid. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static long i386_getpid(void)
{
	long ret;
	__asm__ volatile("int $0x80" : "=a"(ret) : "a"(20L) : "memory", "r8", "r9", "r10", "r11");
	return ret;
}

static long x32_getpid(void)
{
	long ret;
	__asm__ volatile("syscall" : "=a"(ret) : "a"(0x40000000L | 39) : "rcx", "r11", "memory");
	return ret;
}

int main(int argc, char **argv)
{
	if (argc != 2 || (strcmp(argv[1], "i386") && strcmp(argv[1], "x32"))) {
		fprintf(stderr, "usage: foreign_abi i386|x32\n");
		return 2;
	}
	long got = !strcmp(argv[1], "i386") ? i386_getpid() : x32_getpid();
	printf("%ld\n", got);
	return got == (long)getpid() ? 0 : 1;
}
