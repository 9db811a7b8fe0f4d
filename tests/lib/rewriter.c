/*
 * Another process rewriting a policy file while libsandbox.so reads it, made deterministic:
 * preloaded before the library (LD_PRELOAD="librewriter.so libsandbox.so"), this read()
 * sees the library's first read of a file whose name ends in REWRITER_SUFFIX and, just
 * before it, truncates the file and writes REWRITER_TEXT in its place, as a writer that
 * truncates and then writes would be caught halfway.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static int done;

ssize_t read(int fd, void *buf, size_t n)
{
	const char *suffix = getenv("REWRITER_SUFFIX"), *text = getenv("REWRITER_TEXT");
	if (!done && suffix && text) {
		char link[64], path[4096];
		snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
		ssize_t len = readlink(link, path, sizeof(path) - 1);
		size_t sl = strlen(suffix);
		if (len >= (ssize_t)sl && !memcmp(path + len - sl, suffix, sl)) {
			path[len] = '\0';
			done = 1;
			int w = open(path, O_WRONLY | O_TRUNC);
			if (w >= 0) {
				ssize_t ignored = write(w, text, strlen(text));
				(void)ignored;
				close(w);
			}
		}
	}
	return syscall(SYS_read, fd, buf, n);
}
