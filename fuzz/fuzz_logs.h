/* Shared body of the log-parser fuzz targets: the input line by line through one parser,
 * then whole through the streaming reader (format detection, buffering), then the writer. */
#include "log.h"
#include "policy_writer.h"

#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static void fuzz_logs(const uint8_t *data, size_t size, bool audit)
{
	static struct sb_observed o;
	static FILE *null_out;
	if (!null_out)
		null_out = fopen("/dev/null", "w");
	sb_observed_init(&o);
	struct sb_log_filter filter = { .comm = "ls", .exe = "/bin/ls", .pid = size % 3 ? -1 : 42 };
	const char *p = (const char *)data, *end = p + size;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (audit)
			sb_audit_line(&o, p, n, size % 2 ? &filter : NULL);
		else
			sb_strace_line(&o, p, n);
		p += n + 1;
	}
	int fd = memfd_create("log", MFD_CLOEXEC);
	if (fd >= 0) {
		if (write(fd, data, size) == (ssize_t)size && lseek(fd, 0, SEEK_SET) == 0) {
			struct sandbox_error err;
			enum sb_log_kind kind;
			sb_log_read(fd, "fuzz", size % 2 ? &filter : NULL, &o, &kind, &err);
		}
		close(fd);
	}
	struct sb_writer_options opt = { .format = (enum sb_out_format)(size % 4),
					 .by_frequency = size % 5 == 0, .add_exit_calls = true };
	sb_write_policy(null_out, &o, &opt);
	sb_write_frequency(null_out, &o);
}
