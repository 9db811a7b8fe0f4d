/* A list of calls made by a ptrace-stopped program in one run (see inject_batch.h). */
#include "inject_batch.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>

/* gen/inject_runner_blob.c, from inject_runner.c. */
extern const unsigned char sb_inject_runner_blob[];
extern const unsigned long sb_inject_runner_blob_len, sb_inject_runner_blob_entry;

/* The runner's own stack, below the table; it needs a few dozen bytes. */
#define RUNNER_STACK 512

long sb_batch_add(struct sb_batch *b, const char *what, const char *context, long nr,
		  const long args[6], int expect, struct sandbox_error *err)
{
	if (b->n == b->cap) {
		size_t cap = b->cap ? 2 * b->cap : 16;
		struct sb_batch_call *calls = realloc(b->calls, cap * sizeof(*calls));
		if (calls)
			b->calls = calls;
		struct sb_batch_note *notes = calls ? realloc(b->notes, cap * sizeof(*notes)) : NULL;
		if (!notes)
			return sb_fail(err, SANDBOX_ENOMEM, "out of memory"), -1;
		b->notes = notes;
		b->cap = cap;
	}
	struct sb_batch_call *c = &b->calls[b->n];
	memset(c, 0, sizeof(*c));
	c->nr = (uint64_t)nr;
	for (int j = 0; j < 6; j++)
		c->args[j] = (uint64_t)args[j];
	c->expect = (uint64_t)expect;
	b->notes[b->n] = (struct sb_batch_note){ .what = what, .context = context };
	return (long)b->n++;
}

void sb_batch_arg_from(struct sb_batch *b, long call, int arg, long from)
{
	b->calls[call].arg_from[arg] = (uint64_t)from + 1;
}

void sb_batch_store(struct sb_batch *b, long call, uintptr_t addr)
{
	b->calls[call].store_at = addr;
}

int sb_batch_on_failure(struct sb_batch *b, long call, int code, const char *message,
			struct sandbox_error *err)
{
	char *copy = strdup(message);
	if (!copy)
		return sb_fail(err, SANDBOX_ENOMEM, "out of memory");
	free(b->notes[call].failure);
	b->notes[call].failure = copy;
	b->notes[call].failure_code = code;
	return SANDBOX_OK;
}

void sb_batch_free(struct sb_batch *b)
{
	for (size_t i = 0; i < b->n; i++)
		free(b->notes[i].failure);
	free(b->notes);
	free(b->calls);
	memset(b, 0, sizeof(*b));
}

static bool met(const struct sb_batch_call *c)
{
	long r = (long)c->result;
	return c->expect == SB_BATCH_EXPECT_ZERO ? r == 0 : (unsigned long)r <= -4096UL;
}

static int failure(const struct sb_tracee *t, const struct sb_batch *b, size_t i,
		   struct sandbox_error *err)
{
	const struct sb_batch_note *note = &b->notes[i];
	long r = (long)b->calls[i].result;
	if (note->failure)
		return sb_fail(err, note->failure_code, "%s", note->failure);
	if (r > 0 && b->calls[i].nr == SYS_seccomp)
		return sb_fail(err, SANDBOX_ELOAD, "%s in process %d returned %ld: another thread "
			       "runs under a different filter", note->what, (int)t->pid, r);
	if (r > 0)
		return sb_fail(err, SANDBOX_ELOAD, "%s in process %d (%s) returned %ld", note->what,
			       (int)t->pid, note->context, r);
	return sb_fail(err, SANDBOX_ELOAD, "%s in process %d (%s): %s", note->what, (int)t->pid,
		       note->context, strerror((int)-r));
}

/* The same calls one single-step each, the launcher doing the runner's work. */
static int run_stepped(struct sb_tracee *t, struct sb_batch *b, struct sandbox_error *err)
{
	b->stepped = true;
	for (size_t i = 0; i < b->n; i++) {
		struct sb_batch_call *c = &b->calls[i];
		long args[6], result;
		for (int j = 0; j < 6; j++)
			args[j] = (long)c->args[j] +
				  (c->arg_from[j] && c->arg_from[j] <= i ?
				   (long)b->calls[c->arg_from[j] - 1].result : 0);
		if (sb_inject_syscall(t, b->notes[i].what, (long)c->nr, args, &result, err))
			return SANDBOX_ELOAD;
		c->result = (uint64_t)result;
		uint64_t word = c->result;
		if (c->store_at && sb_inject_write(t, c->store_at, &word, sizeof(word), err))
			return SANDBOX_ELOAD;
		if (!met(c))
			return failure(t, b, i, err);
	}
	return SANDBOX_OK;
}

int sb_batch_run(struct sb_tracee *t, struct sb_batch *b, struct sandbox_error *err)
{
	if (!b->n)
		return SANDBOX_OK;
	uintptr_t code;
	bool placed;
	if (sb_inject_code(t, sb_inject_runner_blob, sb_inject_runner_blob_len, &code, &placed, err))
		return SANDBOX_ELOAD;
	if (!placed)
		return run_stepped(t, b, err);

	size_t table_len = sizeof(struct sb_batch_table) + b->n * sizeof(struct sb_batch_call);
	struct sb_batch_table *table = calloc(1, table_len);
	if (!table)
		return sb_fail(err, SANDBOX_ENOMEM, "out of memory");
	table->n = b->n;
	memcpy(table->calls, b->calls, b->n * sizeof(*b->calls));
	uintptr_t table_at = 0, stack_at = 0;
	static const char stack[RUNNER_STACK];
	int rc = sb_inject_scratch(t, table, table_len, &table_at, err);
	if (rc == SANDBOX_OK)
		rc = sb_inject_scratch(t, stack, sizeof(stack), &stack_at, err);
	struct user_regs_struct regs = t->saved_regs;
	regs.rip = code + sb_inject_runner_blob_entry;
	regs.rdi = table_at;
	/* As at a function's entry: 16-aligned before the call pushed its return address. */
	regs.rsp = stack_at + sizeof(stack) - 8;
	if (rc == SANDBOX_OK)
		rc = sb_inject_run_to_trap(t, &regs, err);
	if (rc == SANDBOX_OK && (regs.rip <= code || regs.rip > code + sb_inject_runner_blob_len))
		rc = sb_fail(err, SANDBOX_ELOAD, "process %d: the injected calls stopped outside "
			     "their code (at %#llx)", (int)t->pid, (unsigned long long)regs.rip);
	if (rc == SANDBOX_OK)
		rc = sb_inject_read(t, table_at, table, table_len, err);
	if (rc == SANDBOX_OK && (table->done > b->n || table->done == 0))
		rc = sb_fail(err, SANDBOX_ELOAD, "process %d: the injected calls report %llu of %zu "
			     "made", (int)t->pid, (unsigned long long)table->done, b->n);
	for (size_t i = 0; rc == SANDBOX_OK && i < table->done; i++) {
		b->calls[i].result = table->calls[i].result;
		if (!met(&b->calls[i]))
			rc = failure(t, b, i, err);
		else if (i + 1 == table->done && table->done < b->n)
			rc = sb_fail(err, SANDBOX_ELOAD, "process %d: the injected calls stopped after "
				     "%zu of %zu", (int)t->pid, i + 1, b->n);
	}
	free(table);
	return rc;
}
