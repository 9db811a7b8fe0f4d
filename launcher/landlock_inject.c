/* The Landlock calls of landlock.c, made by a ptrace-stopped program (inject.h). */
#include "landlock_inject.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#ifndef SYS_landlock_create_ruleset
#define SYS_landlock_create_ruleset 444
#define SYS_landlock_add_rule 445
#define SYS_landlock_restrict_self 446
#endif

/* Layout of the block mapped in the tracee: the ruleset attribute, one rule (rewritten
 * before each landlock_add_rule), then the paths, each NUL-terminated. */
#define RULE_AT 32
#define PATHS_AT 64
/* Larger blocks (many long paths) are mapped instead of borrowing the stack. */
#define SCRATCH_MAX 8192

static int call(struct sb_tracee *t, const char *what, long nr, const long args[6], long *result,
		struct sandbox_error *err)
{
	long ignored;
	if (!result)
		result = &ignored;
	if (sb_inject_syscall(t, what, nr, args, result, err))
		return SANDBOX_ELOAD;
	if (*result < 0 && *result > -4096)
		return sb_fail(err, SANDBOX_ELOAD, "%s in process %d (entering its Landlock "
			       "domain): %s", what, (int)t->pid, strerror((int)-*result));
	return SANDBOX_OK;
}

static int add_rule(struct sb_tracee *t, long ruleset, long block, int type, const void *rule,
		    size_t len, const char *what, struct sandbox_error *err)
{
	char padded[32] = { 0 };
	memcpy(padded, rule, len);
	int rc = sb_inject_write(t, (uintptr_t)block + RULE_AT, padded, sizeof(padded), err);
	const long args[6] = { ruleset, type, block + RULE_AT, 0 };
	return rc ? rc : call(t, what, SYS_landlock_add_rule, args, NULL, err);
}

static int add_rules(struct sb_tracee *t, const struct sb_isolation *iso,
		     const struct sb_landlock_plan *plan, long ruleset, long block,
		     const size_t *path_at, struct sandbox_error *err)
{
	int rc = SANDBOX_OK;
	for (size_t i = 0; rc == SANDBOX_OK && i < iso->n_fs; i++) {
		/* A directory that became a file since this stat gets directory rights, which
		 * the kernel refuses on a file: the launch fails rather than grants more. */
		struct stat st;
		bool dir = stat(iso->fs[i].path, &st) == 0 && S_ISDIR(st.st_mode);
		long fd;
		const long open_args[6] = { AT_FDCWD, block + (long)path_at[i], O_PATH | O_CLOEXEC };
		if ((rc = call(t, "open(O_PATH) of a rule's path", SYS_openat, open_args, &fd, err)))
			return sb_fail(err, SANDBOX_ECONFIG, "%s: '%s' cannot be opened by the program "
				       "(accepted: paths that exist and can be opened)",
				       iso->fs[i].where, iso->fs[i].path);
		struct sb_ll_path_beneath pb = {
			.allowed_access = sb_landlock_rule_rights(iso->fs[i].kind, plan->abi, dir) &
					  plan->attr.handled_access_fs,
			.parent_fd = (int32_t)fd };
		rc = add_rule(t, ruleset, block, SB_LL_RULE_PATH_BENEATH, &pb, sizeof(pb),
			      "landlock_add_rule(path)", err);
		const long close_args[6] = { fd };
		if (rc == SANDBOX_OK)
			rc = call(t, "close", SYS_close, close_args, NULL, err);
	}
	for (int b = 0; b < 2; b++) {
		bool restricted = b ? iso->bind_restricted : iso->connect_restricted;
		const uint16_t *ports = b ? iso->bind : iso->connect;
		size_t n = b ? iso->n_bind : iso->n_connect;
		for (size_t i = 0; rc == SANDBOX_OK && restricted && i < n; i++) {
			struct sb_ll_net_port np = {
				.allowed_access = b ? SB_LL_NET_BIND_TCP : SB_LL_NET_CONNECT_TCP,
				.port = ports[i] };
			rc = add_rule(t, ruleset, block, SB_LL_RULE_NET_PORT, &np, sizeof(np),
				      "landlock_add_rule(port)", err);
		}
	}
	return rc;
}

int sb_landlock_inject(struct sb_tracee *t, const struct sb_isolation *iso,
		       const struct sb_landlock_plan *plan, struct sandbox_error *err)
{
	if (!plan->enter)
		return SANDBOX_OK;
	size_t size = PATHS_AT, *path_at = calloc(iso->n_fs + 1, sizeof(*path_at));
	if (!path_at)
		return sb_fail(err, SANDBOX_ENOMEM, "out of memory");
	for (size_t i = 0; i < iso->n_fs; i++) {
		path_at[i] = size;
		size += strlen(iso->fs[i].path) + 1;
	}
	size_t needed = size;
	size = (size + 4095) & ~(size_t)4095;
	char *image = calloc(1, size);
	if (!image) {
		free(path_at);
		return sb_fail(err, SANDBOX_ENOMEM, "out of memory");
	}
	memcpy(image, &plan->attr, sizeof(plan->attr));
	for (size_t i = 0; i < iso->n_fs; i++)
		strcpy(image + path_at[i], iso->fs[i].path);

	/* A small block (no paths, or a few) goes below the stack pointer with the filter's,
	 * restored afterwards: two injected calls (mmap, munmap) fewer at every launch. */
	long block, ruleset = -1;
	bool mapped = needed > SCRATCH_MAX;
	const long mmap_args[6] = { 0, (long)size, PROT_READ | PROT_WRITE,
				    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0 };
	uintptr_t scratch;
	int rc = mapped ? call(t, "mmap", SYS_mmap, mmap_args, &block, err)
			: sb_inject_scratch(t, image, needed, &scratch, err);
	if (!mapped)
		block = (long)scratch;
	else if (rc == SANDBOX_OK)
		rc = sb_inject_write(t, (uintptr_t)block, image, size, err);
	const long create[6] = { block, (long)plan->attr_size, 0 };
	if (rc == SANDBOX_OK)
		rc = call(t, "landlock_create_ruleset", SYS_landlock_create_ruleset, create, &ruleset, err);
	if (rc == SANDBOX_OK)
		rc = add_rules(t, iso, plan, ruleset, block, path_at, err);
	const long nnp[6] = { PR_SET_NO_NEW_PRIVS, 1 };
	const long restrict_args[6] = { ruleset, plan->restrict_flags };
	if (rc == SANDBOX_OK)
		rc = call(t, "prctl(PR_SET_NO_NEW_PRIVS)", SYS_prctl, nnp, NULL, err);
	t->no_new_privs = rc == SANDBOX_OK;
	if (rc == SANDBOX_OK)
		rc = call(t, "landlock_restrict_self", SYS_landlock_restrict_self, restrict_args, NULL, err);
	const long close_args[6] = { ruleset }, unmap[6] = { block, (long)size };
	if (rc == SANDBOX_OK)
		rc = call(t, "close", SYS_close, close_args, NULL, err);
	if (rc == SANDBOX_OK && mapped)
		rc = call(t, "munmap", SYS_munmap, unmap, NULL, err);
	free(image);
	free(path_at);
	return rc;
}
