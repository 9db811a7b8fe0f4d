/* The tolerance set of sandbox-policy learn (see learn_tolerance.h and sandbox-policy(1)). */
#include "learn_tolerance.h"
#include "syscalls.h"

#include <sys/ioctl.h>
#include <sys/mman.h>

/* Each entry was seen to kill a program learned with its output in one place and run with
 * it in another (a terminal, a pipe, a file, /dev/null), with a bigger input, with a
 * missing file, or, for futex, on a second run of the same command. None changes anything
 * or reaches data the program holds no descriptor for; readlink reads where a symbolic
 * link points, as stat reads a file's size; futex waits for and wakes the program's own
 * threads and processes. */
static const struct tolerated {
	const char *name;
	const char *rule;           /* the policy line's condition when the call was not seen */
	uint64_t values[2];         /* for inspected calls: the tolerated argument values */
	unsigned n_values;
	const char *why;
	const char *after[2];       /* tolerated only when the run made one of these calls */
} tolerated[] = {
#define ALWAYS { NULL }       /* whatever else the run made */
	{ "ioctl", "arg1 == TCGETS || arg1 == TIOCGWINSZ", { TCGETS, TIOCGWINSZ }, 2,
	  "isatty() and the terminal's width: output to a terminal or /dev/null", ALWAYS },
	{ "readlink", "1", { 0 }, 0,
	  "ttyname(): the terminal's name (/proc/self/fd/N), when output is a terminal", ALWAYS },
	{ "write", "arg0 == 1 || arg0 == 2", { 0 }, 0,
	  "output and error messages on stdout and stderr: a missing file, an output other "
	  "than a file", ALWAYS },
	{ "newfstatat", "arg3 == 0x1000", { 0 }, 0, "fstat(): stdio asks what a descriptor is", ALWAYS },
	{ "lseek", "1", { 0 }, 0, "stdio at exit, when the input is seekable", ALWAYS },
	{ "fadvise64", "1", { 0 }, 0, "sequential-read advice when the input is a file", ALWAYS },
	{ "copy_file_range", "1", { 0 }, 0, "copies between descriptors when the output is a file", ALWAYS },
	{ "read", "1", { 0 }, 0, "the same copies by hand when the output is not a file", ALWAYS },
	{ "mmap", "arg2 in ~PROT_EXEC", { PROT_READ | PROT_WRITE }, 1,
	  "the allocator's large blocks: a bigger input", ALWAYS },
	{ "munmap", "1", { 0 }, 0, "the allocator returning large blocks: a bigger input", ALWAYS },
	{ "mremap", "1", { 0 }, 0, "the allocator growing large blocks: a bigger input", ALWAYS },
	{ "brk", "1", { 0 }, 0, "the allocator's heap: a bigger input", ALWAYS },
	/* The C library waits on a futex only when a lock, a join or a condition finds the
	 * other thread not done yet: one run in thirty of a program that joins a short thread
	 * made no futex call at all. Without a second thread or process nothing can contend. */
	{ "futex", "1", { 0 }, 0,
	  "waits between threads or processes: a lock or a join found busy, depending on timing",
	  { "clone", "clone3" } },
#undef ALWAYS
};

/* Whether t applies to a run that made the calls counted in o. */
static bool applies(const struct tolerated *t, const struct sb_observed *o)
{
	if (!t->after[0])
		return true;
	for (size_t k = 0; k < sizeof(t->after) / sizeof(t->after[0]) && t->after[k]; k++) {
		int nr = sb_syscall_number(t->after[k]);
		if (nr >= 0 && o->count[nr])
			return true;
	}
	return false;
}

/* Adds v to the values seen for inspected call ins, unless any value is allowed already. */
static void add_value(struct sb_observed *o, int ins, uint64_t v)
{
	struct sb_obs_arg *a = &o->args[ins];
	if (a->any)
		return;
	for (unsigned k = 0; k < a->n_values; k++)
		if (a->values[k] == v)
			return;
	if (a->n_values == SB_OBS_VALUES_MAX)
		a->any = true;
	else
		a->values[a->n_values++] = v;
}

void sb_learn_tolerate_values(struct sb_observed *o, const bool *skip)
{
	for (size_t i = 0; i < sizeof(tolerated) / sizeof(tolerated[0]); i++) {
		const struct tolerated *t = &tolerated[i];
		int nr = sb_syscall_number(t->name);
		int ins = nr < 0 ? -1 : sb_inspected_index(nr);
		if (ins < 0 || (skip && skip[nr]) || !o->count[nr])
			continue;
		for (unsigned k = 0; k < t->n_values; k++)
			add_value(o, ins, t->values[k]);
	}
}

unsigned sb_learn_tolerate(struct sb_observed *o, const bool *skip, FILE *rules)
{
	unsigned unseen = 0;
	for (size_t i = 0; i < sizeof(tolerated) / sizeof(tolerated[0]); i++) {
		const struct tolerated *t = &tolerated[i];
		int nr = sb_syscall_number(t->name);
		if (nr < 0 || (skip && skip[nr]))
			continue;
		int ins = sb_inspected_index(nr);
		if (o->count[nr] || !applies(t, o))
			continue;
		if (!rules) {
			sb_observed_add(o, nr, ins >= 0 && t->n_values, t->n_values ? t->values[0] : 0);
			for (unsigned k = 1; ins >= 0 && k < t->n_values; k++)
				add_value(o, ins, t->values[k]);
			unseen++;
			continue;
		}
		if (!unseen++)
			fputs("# Tolerated, not seen in this run: calls the C library and common "
			      "utilities make or not\n# depending on where input and output are "
			      "connected, or on timing (--strict leaves them out)\n", rules);
		fprintf(rules, "# %s\n%s: %s\n", t->why, t->name, t->rule);
	}
	return unseen;
}
