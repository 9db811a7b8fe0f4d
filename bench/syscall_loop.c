/* A syscall-heavy loop for the learn benchmark: N getppid calls (default 200000). */
#define _GNU_SOURCE
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 200000;
	for (long i = 0; i < n; i++)
		syscall(SYS_getppid);
	return 0;
}
