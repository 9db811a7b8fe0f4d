/* Placeholder for policy files until the policy-file parser lands (fails closed); the
 * precompiled filter reader is complete. */
#include "policy_file.h"
#include "bpf_run.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int sb_policy_parse_file(const char *path, const uint32_t *default_override,
			 struct sb_policy *out, struct sandbox_error *err)
{
	(void)default_override; (void)out;
	return sb_fail(err, SANDBOX_ECONFIG, "SECCOMP_POLICY_FILE: %s: policy files are not supported yet", path);
}

int sb_program_read_file(const char *path, struct sb_program *out, struct sandbox_error *err)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return sb_fail(err, SANDBOX_ECONFIG, "SECCOMP_BPF_FILE: %s: %s", path, strerror(errno));
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_size == 0 ||
	    st.st_size % sizeof(struct sock_filter) ||
	    (size_t)st.st_size > BPF_MAXINSNS * sizeof(struct sock_filter)) {
		close(fd);
		return sb_fail(err, SANDBOX_ECONFIG, "SECCOMP_BPF_FILE: %s: not a compiled filter "
			       "(accepted: a regular file of 1 to %d 8-byte BPF instructions)",
			       path, BPF_MAXINSNS);
	}
	size_t len = (size_t)st.st_size / sizeof(struct sock_filter);
	struct sock_filter *insns = malloc((size_t)st.st_size);
	if (!insns) {
		close(fd);
		return sb_fail(err, SANDBOX_ENOMEM, "SECCOMP_BPF_FILE: %s: out of memory", path);
	}
	size_t got = 0;
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, (char *)insns + got, (size_t)st.st_size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	size_t bad;
	const char *why = got == (size_t)st.st_size ? sb_bpf_validate(insns, len, &bad) : "short read";
	if (why) {
		free(insns);
		return sb_fail(err, SANDBOX_ECONFIG, "SECCOMP_BPF_FILE: %s: %s at instruction %zu",
			       path, why, got == (size_t)st.st_size ? bad : 0);
	}
	out->insns = insns;
	out->len = len;
	return SANDBOX_OK;
}
