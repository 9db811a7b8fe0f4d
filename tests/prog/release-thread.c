/* Lets the thread started by tests/lib/threadctor.c's constructor run, from main. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>

int main(void)
{
	void (*release)(void) = (void (*)(void))dlsym(RTLD_DEFAULT, "threadctor_release");
	if (!release) {
		fprintf(stderr, "release-thread: libthreadctor.so is not preloaded\n");
		return 2;
	}
	release();
	printf("main done\n");
	return 0;
}
