/* Reading kernel.yama.ptrace_scope and deciding how the launcher gets itself traced. */
#include "yama.h"
#include "policy.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int sb_yama_read_scope(const char *path, int *scope, struct sandbox_error *err)
{
	char buf[32];
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		if (errno == ENOENT) {
			*scope = SB_YAMA_ABSENT;
			return SANDBOX_OK;
		}
		return sb_fail(err, SANDBOX_EIO, "%s: %s (needed to know whether kernel.yama.ptrace_scope "
			       "lets a helper trace this process)", path, strerror(errno));
	}
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	int saved = errno;
	close(fd);
	if (n < 0)
		return sb_fail(err, SANDBOX_EIO, "%s: %s", path, strerror(saved));
	buf[n] = '\0';
	if (n >= 1 && buf[0] >= '0' && buf[0] <= '3' && (n == 1 || buf[1] == '\n')) {
		*scope = buf[0] - '0';
		return SANDBOX_OK;
	}
	return sb_fail(err, SANDBOX_EIO, "%s: unexpected content '%.8s' (accepted: 0, 1, 2 or 3)",
		       path, buf);
}

struct sb_yama_plan sb_yama_plan(int scope, bool has_cap_sys_ptrace, struct sandbox_error *err)
{
	struct sb_yama_plan plan = { .allowed = true, .declare_tracer = false };

	switch (scope) {
	case SB_YAMA_ABSENT:
		break;
	case 0:
	case 1:
		/* Scope 0 would not need the declaration, but it costs nothing and keeps the
		 * launch working if the setting is raised to 1 while we run. */
		plan.declare_tracer = true;
		break;
	case 2:
		if (has_cap_sys_ptrace)
			break;
		plan.allowed = false;
		sb_fail(err, SANDBOX_ELOAD, "kernel.yama.ptrace_scope is 2 (admin-only attach), so "
			"the filter cannot be installed at exec without CAP_SYS_PTRACE (accepted: "
			"kernel.yama.ptrace_scope 0 or 1, or run with CAP_SYS_PTRACE)");
		break;
	case 3:
		plan.allowed = false;
		sb_fail(err, SANDBOX_ELOAD, "kernel.yama.ptrace_scope is 3 (no attach), so the filter "
			"cannot be installed at exec (accepted: kernel.yama.ptrace_scope 0, 1 or 2; "
			"for a dynamically linked program use LD_PRELOAD=libsandbox.so instead)");
		break;
	default:
		plan.allowed = false;
		sb_fail(err, SANDBOX_ELOAD, "kernel.yama.ptrace_scope has unknown value %d "
			"(accepted: 0, 1, 2 or 3)", scope);
		break;
	}
	return plan;
}

bool sb_has_cap_sys_ptrace(void)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[2];

	memset(data, 0, sizeof(data));
	if (syscall(SYS_capget, &hdr, data))
		return false;
	return (data[CAP_SYS_PTRACE / 32].effective >> (CAP_SYS_PTRACE % 32)) & 1;
}
