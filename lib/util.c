/* Small pieces every layer uses (util.h). */
#include "util.h"
#include "raw_syscall.h"
#include "scratch.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

void sb_escape_controls(const char *in, char *out, size_t len)
{
	size_t o = 0;
	for (; *in && o + 1 < len; in++) {
		unsigned char ch = (unsigned char)*in;
		if (ch >= 0x20 && ch != 0x7f) {
			out[o++] = (char)ch;
		} else if (o + 5 < len) {
			static const char hex[] = "0123456789abcdef";
			out[o++] = '\\', out[o++] = 'x';
			out[o++] = hex[ch >> 4], out[o++] = hex[ch & 15];
		} else {
			break;
		}
	}
	out[o] = '\0';
}

int sb_fail(struct sandbox_error *err, int code, const char *fmt, ...)
{
	if (err) {
		/* Values from the environment and file names end up here: a newline or a
		 * terminal escape in them must not reach the terminal raw. */
		char raw[sizeof(err->message)];
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(raw, sizeof(raw), fmt, ap);
		va_end(ap);
		sb_escape_controls(raw, err->message, sizeof(err->message));
		err->code = code;
	}
	return code;
}

/* Not strtoull: it takes signs and spaces, and its first call pages in libc's locale
 * tables at the start-up of every confined program. */
bool sb_parse_u64(const char *s, size_t n, uint64_t *out)
{
	unsigned base = 10;
	size_t i = 0;
	uint64_t v = 0;

	if (n >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		base = 16, i = 2;
	else if (n >= 2 && s[0] == '0')
		base = 8, i = 1;
	if (i == n)
		return false;
	for (; i < n; i++) {
		char c = s[i];
		unsigned d = c >= '0' && c <= '9' ? (unsigned)(c - '0')
			   : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
			   : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10) : 99;
		if (d >= base || v > (UINT64_MAX - d) / base)
			return false;
		v = v * base + d;
	}
	*out = v;
	return true;
}

size_t sb_list_entry_len(const char *s)
{
	size_t n = 0;
	while (s[n] && s[n] != ':')     /* not strcspn: one more page of libc at start-up */
		n++;
	return n;
}

bool sb_write_all(int fd, const void *buf, size_t n)
{
	const char *p = buf;
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		p += w;
		n -= (size_t)w;
	}
	return true;
}

ssize_t sb_read_full(int fd, void *buf, size_t n)
{
	size_t got = 0;
	while (got < n) {
		ssize_t r = read(fd, (char *)buf + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

pid_t sb_waitpid(pid_t pid, int *status, int flags)
{
	pid_t w;
	while ((w = waitpid(pid, status, flags)) < 0 && errno == EINTR)
		;
	return w;
}

const char *sb_hint(const char *const *near, size_t n, char *buf, size_t len)
{
	size_t o = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n && o < len; i++)
		o += (size_t)snprintf(buf + o, len - o, "%s%s", i ? ", " : "did you mean ", near[i]);
	if (n && o < len)
		snprintf(buf + o, len - o, "? ");
	return buf;
}

static bool same_time(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec == b->tv_sec && a->tv_nsec == b->tv_nsec;
}

int sb_read_small_file(const char *path, size_t max, const char *what, char **data,
		       size_t *len, struct stat *file, struct sandbox_error *err)
{
	struct stat st;
	/* Callers tell a missing file by errno == ENOENT: no stale value may pass for it. */
	errno = 0;
	/* O_NONBLOCK: opening a FIFO must not hang the program before main. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		int e = errno;
		int rc = sb_fail(err, SANDBOX_EIO, "%s: %.300s: cannot open: %s", what, path,
				 strerror(e));
		errno = e;
		return rc;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return sb_fail(err, SANDBOX_EIO, "%s: %.300s: not a regular file (accepted: a "
			       "regular file)", what, path);
	}
	if ((unsigned long long)st.st_size > max) {
		close(fd);
		return sb_fail(err, SANDBOX_ECONFIG, "%s: %.300s: file of %lld bytes is too large "
			       "(accepted: at most %zu bytes)", what, path, (long long)st.st_size, max);
	}
	/* Sized for the file as it is, plus a byte to notice it growing (then up to max). */
	size_t cap = (size_t)st.st_size + 1, n = 0;
	char *buf = sb_alloc(cap + 1);
	if (!buf) {
		close(fd);
		return sb_fail(err, SANDBOX_ENOMEM, "%s: out of memory", what);
	}
	for (;;) {
		if (n == cap && cap <= max) {
			char *grown = sb_realloc(buf, max + 2);
			if (!grown) {
				sb_free(buf);
				close(fd);
				return sb_fail(err, SANDBOX_ENOMEM, "%s: out of memory", what);
			}
			buf = grown;
			cap = max + 1;
		}
		ssize_t r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;
			sb_free(buf);
			close(fd);
			return sb_fail(err, SANDBOX_EIO, "%s: %.300s: cannot read: %s", what, path,
				       strerror(e));
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > max) {   /* grew while being read */
			sb_free(buf);
			close(fd);
			return sb_fail(err, SANDBOX_ECONFIG, "%s: %.300s: file is too large "
				       "(accepted: at most %zu bytes)", what, path, max);
		}
	}
	/* A file rewritten while we read it may have given us half of one version: its
	 * size, modification or change time then differs from before the read (the kernel
	 * gives a file whose times were just read fine-grained ones at its next change). */
	struct stat after;
	if (fstat(fd, &after) < 0 || after.st_size != st.st_size || (off_t)n != st.st_size ||
	    !same_time(&after.st_mtim, &st.st_mtim) || !same_time(&after.st_ctim, &st.st_ctim)) {
		sb_free(buf);
		close(fd);
		return sb_fail(err, SANDBOX_EIO, "%s: %.300s: changed while being read (accepted: a "
			       "file that is not rewritten in place; replace it by renaming a "
			       "complete new file over it)", what, path);
	}
	close(fd);
	buf[n] = '\0';
	*data = buf;
	*len = n;
	if (file)
		*file = st;
	return 0;
}

bool sb_read_proc_status(pid_t pid, char *buf, size_t len)
{
	char path[40] = "/proc/self/status";
	if (pid > 0) {
		/* Not snprintf: printf's code would be paged in by the constructor. */
		char digits[12];
		int n = 0;
		for (unsigned v = (unsigned)pid; v; v /= 10)
			digits[n++] = (char)('0' + v % 10);
		size_t o = 6;               /* after "/proc/" */
		while (n)
			path[o++] = digits[--n];
		memcpy(path + o, "/status", 8);
	}
	long fd = sb_raw_syscall(SYS_openat, AT_FDCWD, (long)path, O_RDONLY | O_CLOEXEC, 0, 0);
	if (fd < 0)
		return false;
	size_t got = 0;
	for (long n; got + 1 < len; got += (size_t)n) {
		n = sb_raw_syscall(SYS_read, fd, (long)(buf + got), (long)(len - 1 - got), 0, 0);
		if (n == -EINTR) {
			n = 0;
			continue;
		}
		if (n <= 0)
			break;
	}
	sb_raw_syscall(SYS_close, fd, 0, 0, 0, 0);
	buf[got] = '\0';
	return got > 0;
}

long long sb_status_number(const char *status, const char *field, int base)
{
	size_t n = strlen(field);
	for (const char *line = status; line; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
		if (strncmp(line, field, n) || line[n] != ':')
			continue;
		const char *p = line + n + 1;
		while (*p == '\t' || *p == ' ')
			p++;
		long long v = 0;
		bool any = false;
		for (;; p++, any = true) {
			int d = *p >= '0' && *p <= '9' ? *p - '0' :
				base == 16 && *p >= 'a' && *p <= 'f' ? *p - 'a' + 10 : -1;
			if (d < 0)
				break;
			v = v * base + d;
		}
		return any ? v : -1;
	}
	return -1;
}
