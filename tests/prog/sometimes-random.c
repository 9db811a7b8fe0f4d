/*
 * sometimes-random: prints a line with printf (so the C allocator starts) and, on about
 * half of its runs, asks the kernel for random bytes itself, as glibc's temporary-name
 * code does now and then. Which half: a bit of the bytes the kernel hands every new
 * program (AT_RANDOM). With the argument "never" it does not ask.
 */
#define _GNU_SOURCE
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/random.h>

int main(int argc, char **argv)
{
	const unsigned char *seed = (const unsigned char *)getauxval(AT_RANDOM);
	bool ask = !(argc > 1 && !strcmp(argv[1], "never")) && seed && (seed[0] & 1);
	unsigned char bytes[8] = { 0 };
	if (ask && getrandom(bytes, sizeof(bytes), GRND_NONBLOCK) != sizeof(bytes))
		return 2;
	printf("asked for random bytes: %s\n", ask ? "yes" : "no");
	return 0;
}
