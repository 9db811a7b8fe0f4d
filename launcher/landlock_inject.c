/* The Landlock calls of landlock.c, made by a ptrace-stopped program (inject.h). */
#include "landlock_inject.h"
#include "inject_batch.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
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

/* Layout of the block placed in the tracee: the ruleset attribute, one 16-byte slot per
 * rule (a path rule's descriptor is stored into its slot by the call that opens it),
 * then the paths, each NUL-terminated. */
#define RULES_AT 32
_Static_assert(sizeof(((struct sb_landlock_plan *)0)->attr) <= RULES_AT, "the attribute fits");
#define SLOT 16
/* Larger blocks (many long paths) are mapped instead of borrowing the stack. */
#define SCRATCH_MAX 8192
#define CONTEXT "entering its Landlock domain"

static long add(struct sb_batch *calls, const char *what, long nr, const long args[6], int expect,
		struct sandbox_error *err)
{
	return sb_batch_add(calls, what, CONTEXT, nr, args, expect, err);
}

/* The calls for the rules: open, add, close for a path; add for a port. */
static int add_rules(struct sb_batch *calls, const struct sb_isolation *iso, long ruleset,
		     long block, const size_t *path_at, size_t *slot, struct sandbox_error *err)
{
	for (size_t i = 0; i < iso->n_fs; i++, (*slot)++) {
		long at = block + RULES_AT + (long)(*slot * SLOT);
		const long open_args[6] = { AT_FDCWD, block + (long)path_at[i], O_PATH | O_CLOEXEC };
		const long rule_args[6] = { 0, SB_LL_RULE_PATH_BENEATH, at };
		const long close_args[6] = { 0 };
		long opened = add(calls, "open(O_PATH) of a rule's path", SYS_openat, open_args,
				  SB_BATCH_EXPECT_NOT_ERROR, err);
		char message[sizeof(err->message)];
		snprintf(message, sizeof(message), "%s: '%s' cannot be opened by the program "
			 "(accepted: paths that exist and can be opened)", iso->fs[i].where,
			 iso->fs[i].path);
		if (opened < 0 || sb_batch_on_failure(calls, opened, SANDBOX_ECONFIG, message, err))
			return SANDBOX_ENOMEM;
		/* The descriptor goes into the rule's parent_fd (offset 8; the word's upper
		 * half is the slot's padding). */
		sb_batch_store(calls, opened, (uintptr_t)at + 8);
		long added = add(calls, "landlock_add_rule(path)", SYS_landlock_add_rule, rule_args,
				 SB_BATCH_EXPECT_ZERO, err);
		long closed = added < 0 ? -1 : add(calls, "close", SYS_close, close_args,
						   SB_BATCH_EXPECT_ZERO, err);
		if (closed < 0)
			return SANDBOX_ENOMEM;
		sb_batch_arg_from(calls, added, 0, ruleset);
		sb_batch_arg_from(calls, closed, 0, opened);
	}
	for (int b = 0; b < 2; b++) {
		bool restricted = b ? iso->bind_restricted : iso->connect_restricted;
		size_t n = restricted ? (b ? iso->n_bind : iso->n_connect) : 0;
		for (size_t i = 0; i < n; i++, (*slot)++) {
			const long rule_args[6] = { 0, SB_LL_RULE_NET_PORT,
						    block + RULES_AT + (long)(*slot * SLOT) };
			long added = add(calls, "landlock_add_rule(port)", SYS_landlock_add_rule,
					 rule_args, SB_BATCH_EXPECT_ZERO, err);
			if (added < 0)
				return SANDBOX_ENOMEM;
			sb_batch_arg_from(calls, added, 0, ruleset);
		}
	}
	return SANDBOX_OK;
}

/* The block's image: the attribute, the rules' slots (descriptors to come), the paths. */
static char *block_image(const struct sb_isolation *iso, const struct sb_landlock_plan *plan,
			 size_t *size, size_t **path_at)
{
	size_t n_ports = (iso->bind_restricted ? iso->n_bind : 0) +
			 (iso->connect_restricted ? iso->n_connect : 0);
	size_t len = RULES_AT + (iso->n_fs + n_ports) * SLOT;
	*path_at = calloc(iso->n_fs + 1, sizeof(**path_at));
	if (!*path_at)
		return NULL;
	for (size_t i = 0; i < iso->n_fs; i++) {
		(*path_at)[i] = len;
		len += strlen(iso->fs[i].path) + 1;
	}
	char *image = calloc(1, len);
	if (!image)
		return NULL;
	memcpy(image, &plan->attr, sizeof(plan->attr));
	size_t slot = 0;
	for (size_t i = 0; i < iso->n_fs; i++, slot++) {
		strcpy(image + (*path_at)[i], iso->fs[i].path);
		/* A directory that became a file since this stat gets directory rights, which
		 * the kernel refuses on a file: the launch fails rather than grants more. */
		struct stat st;
		bool dir = stat(iso->fs[i].path, &st) == 0 && S_ISDIR(st.st_mode);
		struct sb_ll_path_beneath pb = {
			.allowed_access = sb_landlock_rule_rights(iso->fs[i].kind, plan->abi, dir) &
					  plan->attr.handled_access_fs };
		memcpy(image + RULES_AT + slot * SLOT, &pb, sizeof(pb));
	}
	for (int b = 0; b < 2; b++) {
		bool restricted = b ? iso->bind_restricted : iso->connect_restricted;
		const uint16_t *ports = b ? iso->bind : iso->connect;
		size_t n = restricted ? (b ? iso->n_bind : iso->n_connect) : 0;
		for (size_t i = 0; i < n; i++, slot++) {
			struct sb_ll_net_port np = {
				.allowed_access = b ? SB_LL_NET_BIND_TCP : SB_LL_NET_CONNECT_TCP,
				.port = ports[i] };
			memcpy(image + RULES_AT + slot * SLOT, &np, sizeof(np));
		}
	}
	*size = len;
	return image;
}

int sb_landlock_inject(struct sb_tracee *t, struct sb_batch *calls,
		       const struct sb_isolation *iso, const struct sb_landlock_plan *plan,
		       struct sandbox_error *err)
{
	if (!plan->enter)
		return SANDBOX_OK;
	size_t needed, *path_at = NULL;
	char *image = block_image(iso, plan, &needed, &path_at);
	if (!image) {
		free(path_at);
		return sb_fail(err, SANDBOX_ENOMEM, "out of memory");
	}
	/* A small block (no paths, or a few) goes below the stack pointer with the filter's,
	 * restored afterwards; a larger one is mapped at once and unmapped by the calls. */
	long block;
	bool mapped = needed > SCRATCH_MAX;
	size_t size = mapped ? (needed + 4095) & ~(size_t)4095 : needed;
	const long mmap_args[6] = { 0, (long)size, PROT_READ | PROT_WRITE,
				    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0 };
	uintptr_t scratch;
	int rc = SANDBOX_OK;
	if (!mapped) {
		rc = sb_inject_scratch(t, image, needed, &scratch, err);
		block = (long)scratch;
	} else if (sb_inject_syscall(t, "mmap", SYS_mmap, mmap_args, &block, err)) {
		rc = SANDBOX_ELOAD;
	} else if (block < 0 && block > -4096) {
		rc = sb_fail(err, SANDBOX_ELOAD, "mmap in process %d (" CONTEXT "): %s",
			     (int)t->pid, strerror((int)-block));
	} else {
		char *padded = realloc(image, size);
		if (padded) {
			memset(padded + needed, 0, size - needed);
			image = padded;
		}
		rc = padded ? sb_inject_write(t, (uintptr_t)block, image, size, err)
			    : sb_fail(err, SANDBOX_ENOMEM, "out of memory");
	}
	free(image);
	const long create[6] = { block, (long)plan->attr_size, 0 };
	const long nnp[6] = { PR_SET_NO_NEW_PRIVS, 1 };
	const long restrict_args[6] = { 0, plan->restrict_flags };
	const long close_args[6] = { 0 }, unmap[6] = { block, (long)size };
	long ruleset = -1, restricted = -1, closed = -1;
	size_t slot = 0;
	if (rc == SANDBOX_OK &&
	    (ruleset = add(calls, "landlock_create_ruleset", SYS_landlock_create_ruleset, create,
			   SB_BATCH_EXPECT_NOT_ERROR, err)) < 0)
		rc = SANDBOX_ENOMEM;
	if (rc == SANDBOX_OK)
		rc = add_rules(calls, iso, ruleset, block, path_at, &slot, err);
	if (rc == SANDBOX_OK &&
	    (add(calls, "prctl(PR_SET_NO_NEW_PRIVS)", SYS_prctl, nnp, SB_BATCH_EXPECT_ZERO, err) < 0 ||
	     (restricted = add(calls, "landlock_restrict_self", SYS_landlock_restrict_self,
			       restrict_args, SB_BATCH_EXPECT_ZERO, err)) < 0 ||
	     (closed = add(calls, "close", SYS_close, close_args, SB_BATCH_EXPECT_ZERO, err)) < 0 ||
	     (mapped && add(calls, "munmap", SYS_munmap, unmap, SB_BATCH_EXPECT_ZERO, err) < 0)))
		rc = SANDBOX_ENOMEM;
	if (rc == SANDBOX_OK) {
		sb_batch_arg_from(calls, restricted, 0, ruleset);
		sb_batch_arg_from(calls, closed, 0, ruleset);
		/* Set by these calls when they run; nothing runs if any fails. */
		t->no_new_privs = true;
	}
	free(path_at);
	return rc;
}
