/*
 * The BPF emitter, checked three ways on every policy of a table: our program, libseccomp's
 * program for the same policy (when libseccomp can express it) and the policy model must give
 * the same action for every syscall number 0..1023 and a set of argument vectors, in the cBPF
 * interpreter. Plus the properties the layout promises: foreign ABIs killed, unconditional
 * calls decided from nr and arch alone (the kernel's action cache), short argument paths,
 * far jumps, the size limit, and the same bytes for the same policy.
 */
#include "support.h"
#include "bpf_run.h"
#include "libseccomp_filter.h"
#include "syscalls.h"
#include "actions.h"

#include <linux/audit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- policies as text ----------------------------------------------------------------
 * A policy is its default action, unconditional groups and conditional rules:
 *   groups: "ACTION NR NR-NR ...; ACTION ..."
 *   rule:   "NR: CLAUSE or CLAUSE -> ACTION; CLAUSE -> ACTION; else ACTION"
 *   clause: "aN OP VALUE and aN OP VALUE ..." with OP one of == != < <= > >= & in
 */
struct policy_spec {
	const char *name;
	const char *default_action;
	const char *groups;
	const char *rules[8];
	bool libseccomp;        /* libseccomp can express it: compare with its programs too */
};

static uint32_t action_of(const char *text)
{
	uint32_t a;
	struct sandbox_error err = { 0 };
	ck_assert_msg(sb_parse_action(text, "test", &a, &err) == 0, "%s", err.message);
	return a;
}

static void add_groups(struct sb_policy *p, const char *groups)
{
	char *copy = strdup(groups), *save = NULL;
	for (char *g = strtok_r(copy, ";", &save); g; g = strtok_r(NULL, ";", &save)) {
		char *s2 = NULL, *word = strtok_r(g, " ", &s2);
		uint32_t action = action_of(word);
		while ((word = strtok_r(NULL, " ", &s2))) {
			unsigned lo, hi;
			int n = sscanf(word, "%u-%u", &lo, &hi);
			ck_assert_int_ge(n, 1);
			if (n == 1)
				hi = lo;
			for (unsigned nr = lo; nr <= hi; nr++)
				ck_assert_ptr_nonnull(sb_policy_rule(p, (int)nr, action));
		}
	}
	free(copy);
}

static int op_of(const char *s)
{
	static const char *const ops[] = { [SB_OP_EQ] = "==", [SB_OP_NE] = "!=", [SB_OP_LT] = "<",
		[SB_OP_LE] = "<=", [SB_OP_GT] = ">", [SB_OP_GE] = ">=", [SB_OP_ANYBITS] = "&",
		[SB_OP_IN] = "in" };
	for (int i = 0; i < (int)(sizeof(ops) / sizeof(ops[0])); i++)
		if (!strcmp(ops[i], s))
			return i;
	ck_abort_msg("unknown op %s", s);
	return -1;
}

static void add_rule(struct sb_policy *p, const char *text)
{
	char *copy = strdup(text), *save = NULL;
	int nr = atoi(copy);
	char *body = strchr(copy, ':') + 1;
	struct sb_rule *r = sb_policy_rule(p, nr, p->default_action);
	ck_assert_ptr_nonnull(r);
	for (char *c = strtok_r(body, ";", &save); c; c = strtok_r(NULL, ";", &save)) {
		while (*c == ' ')
			c++;
		if (!strncmp(c, "else ", 5)) {
			r->fallback = action_of(c + 5);
			continue;
		}
		char *arrow = strstr(c, "->");
		ck_assert_ptr_nonnull(arrow);
		*arrow = '\0';
		uint32_t action = action_of(arrow + 2 + strspn(arrow + 2, " "));
		struct sb_clause clauses[128];
		struct sb_atom atoms[128][6];
		size_t n_clauses = 0;
		char *s2 = NULL;
		clauses[0] = (struct sb_clause){ atoms[0], 0 };
		for (char *w = strtok_r(c, " ", &s2); w; w = strtok_r(NULL, " ", &s2)) {
			if (!strcmp(w, "and"))
				continue;
			if (!strcmp(w, "or")) {
				n_clauses++;
				ck_assert_uint_lt(n_clauses, 128);
				clauses[n_clauses] = (struct sb_clause){ atoms[n_clauses], 0 };
				continue;
			}
			struct sb_clause *cl = &clauses[n_clauses];
			ck_assert_uint_lt(cl->n_atoms, 6);
			struct sb_atom *a = &cl->atoms[cl->n_atoms++];
			ck_assert_int_eq(w[0], 'a');
			a->arg = (uint8_t)atoi(w + 1);
			a->op = (uint8_t)op_of(strtok_r(NULL, " ", &s2));
			a->value = strtoull(strtok_r(NULL, " ", &s2), NULL, 0);
		}
		ck_assert_int_eq(sb_rule_add_case(r, clauses, n_clauses + 1, action), 0);
	}
	free(copy);
}

static void build_policy(const struct policy_spec *spec, struct sb_policy *p)
{
	sb_policy_init(p, action_of(spec->default_action));
	snprintf(p->origin, sizeof(p->origin), "%s", spec->name);
	if (spec->groups)
		add_groups(p, spec->groups);
	for (size_t i = 0; i < 8 && spec->rules[i]; i++)
		add_rule(p, spec->rules[i]);
	sb_policy_finish(p);
}

/* Many clauses for one rule: "a0 == 1000 or a0 == 1001 ..." (for size and far jumps). */
static char *many_clauses(int nr, int n, const char *action)
{
	size_t cap = (size_t)n * 48 + 64, o = 0;
	char *s = malloc(cap);
	o += (size_t)snprintf(s + o, cap - o, "%d: ", nr);
	for (int i = 0; i < n; i++)
		o += (size_t)snprintf(s + o, cap - o, "%sa%d == 0x%llx", i ? " or " : "", i % 6,
				      (unsigned long long)(1000 + i) << (i % 2 ? 32 : 0));
	snprintf(s + o, cap - o, " -> %s; else kill", action);
	return s;
}

/* ---- the table ----------------------------------------------------------------------- */

#define AT_FDCWD_64 "0xffffffffffffff9c"

static const struct policy_spec policies[] = {
	{ "allow list", "kill", "allow 0 1 2 3 5 9 10 11 12 60 231 257 262", {0}, true },
	{ "allow list, errno default", "errno:38", "allow 0-40 42 44-60 200-262", {0}, true },
	{ "deny list", "allow", "kill 101 59 322 165", {0}, true },
	{ "deny list, errno:EPERM", "allow", "errno:1 2 257 59", {0}, true },
	{ "every action kind", "kill_thread",
	  "allow 0-3; errno:13 4; errno:4000 5; trap 6; log 7; kill_process 8; kill_thread 9; "
	  "errno:0 10; allow 1023 1000", {0}, true },
	/* libseccomp refuses errno 4095 (the kernel's MAX_ERRNO) */
	{ "largest errno", "errno:4095", "allow 0-3; errno:4094 4; errno:4095 5", {0}, false },
	{ "numbers at the edges", "kill", "allow 0 511 512 1022 1023; errno:1 1021", {0}, true },
	/* 64-bit arguments: numbers the table declares nothing for (above 469) */
	{ "every op on arg0", "kill", "allow 0 60 231",
	  { "501: a0 == 2 -> allow", "502: a0 != 7 -> allow", "503: a0 < 5 -> allow",
	    "504: a0 <= 5 -> allow", "505: a0 > 0x100000000 -> allow", "506: a0 >= 0x100000000 -> allow",
	    "507: a0 & 0x300000004 -> allow", "508: a0 in 0x3 -> allow" }, true },
	{ "high words that differ", "errno:1", "allow 0",
	  { "501: a1 == 0x100000002 -> allow", "502: a2 < 0x100000000 -> allow",
	    "503: a3 > 0xffffffff -> allow", "504: a4 <= 0x1ffffffff -> allow",
	    "505: a5 >= 0xffffffff00000000 -> allow", "506: a0 != 0xffffffff -> allow",
	    "507: a0 & 0x8000000000000000 -> allow", "508: a0 in 0xffffffff -> allow" }, true },
	/* 32-bit (kill's int sig, fcntl's unsigned int cmd) and 16-bit (fchmod's umode_t)
	 * arguments: the constant modulo the width, the high bits ignored */
	{ "narrow arguments, every op", "kill", "allow 0 60 231",
	  { "62: a1 == 0x10000000a -> allow", "72: a1 != 0xffffffff -> allow",
	    "91: a1 < 0x1ff -> allow", "268: a2 <= 0x1ff -> allow", "63: a0 > 0x1ffffffff -> allow",
	    "200: a1 >= 0x100000020 -> allow", "3: a0 & 0x300000004 -> allow",
	    "33: a1 in 0x300000003 -> allow" }, false },
	{ "narrow arguments, masked equalities", "errno:1", "allow 0",
	  { "62: a1 == 0x10000000a -> allow", "72: a1 == 0xffffffffffffff9c -> allow",
	    "91: a1 == 0x1001ed -> allow", "3: a0 & 0x300000004 -> allow",
	    "33: a1 in 0x300000003 -> allow", "268: a2 in 0x1ff or a0 == 5 -> allow" }, true },
	{ "AT_FDCWD", "kill", "allow 0 1 2",
	  { "257: a0 == " AT_FDCWD_64 " -> allow", "262: a0 == " AT_FDCWD_64 " and a3 in 0x100 -> allow",
	    "263: a0 != " AT_FDCWD_64 " -> errno:1" }, false },
	{ "DNF with several atoms", "kill", "allow 0 60",
	  { "9: a2 in 0x3 and a3 & 0x20 or a0 == 0 and a1 < 0x1000 -> allow",
	    "10: a1 == 1 and a2 == 2 and a3 == 3 or a4 == 4 or a5 >= 0x8000000000000000 -> errno:22" },
	  true },
	{ "ordered cases, different actions", "kill", "allow 0 1",
	  { "16: a1 == 0x5401 -> allow; a1 == 0x5402 -> errno:25; a1 > 0x5400 -> trap; else errno:1",
	    "72: a1 == 1 -> allow; a1 == 2 -> log; else kill_thread",
	    "3: a0 == 0 -> errno:9; a0 < 3 -> allow" }, false },
	{ "fallbacks that differ from the default", "errno:38", "allow 0",
	  { "1: a0 == 1 -> allow; else kill", "2: a1 in 0x0 -> allow; else errno:13",
	    "4: a0 == 5 -> kill; else allow" }, false },
	{ "cases that change nothing", "kill", "allow 0 2",
	  { "1: a0 == 1 -> allow; else allow", "3: a0 == 1 -> errno:1; a0 == 2 -> allow; else allow" },
	  false },
	{ "impossible and certain atoms", "kill", NULL,
	  { "1: a0 & 0 -> allow", "2: a0 in 0xffffffffffffffff -> allow",
	    "3: a0 > 0xffffffffffffffff -> allow", "4: a0 >= 0 -> allow", "5: a0 < 0 -> allow",
	    "6: a0 <= 0xffffffffffffffff -> errno:1" }, false },
	/* every number decided alike: the program's first instruction is that decision's
	 * return (a program ending in a load, before, which the kernel refuses) */
	{ "nothing allowed", "kill", NULL, {0}, true },
	{ "nothing refused", "allow", NULL, {0}, true },
	{ "deny mode with arguments", "allow", "kill 59 322",
	  { "101: a0 != 0 -> kill", "62: a1 == 9 -> kill; a1 == 19 -> errno:1" }, false },
};

/* Values the argument vectors are drawn from: the policies' constants and their
 * neighbours, words whose high half differs, AT_FDCWD. */
static const uint64_t values[] = {
	0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0x20, 0x21, 0x100, 0x101, 0xfff, 0x1000, 0x5400, 0x5401,
	0x5402, 0x5403, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff, 0x100000000, 0x100000001,
	0x100000002, 0x100000004, 0x1ffffffff, 0x200000000, 0x300000004, 0xffffffff00000000,
	0xffffffff00000001, 0x7fffffffffffffff, 0x8000000000000000, 0xfffffffffffffffe,
	0xffffffffffffffff, 0xffffffffffffff9c, 0xffffff9c, 0x3e8, 0x3e800000000, 0x3e9,
	/* for the narrow arguments: SIGUSR1 with junk above, modes with junk above 16 bits */
	0xa, 0x10000000a, 0xffffffff0000000a, 0x1ed, 0x1001ed, 0x1ff, 0x200, 0x7fff01ff, 0xffff,
	0x10000, 0x11f, 0x120,
};
#define N_VALUES (sizeof(values) / sizeof(values[0]))

static struct seccomp_data data_for(uint32_t arch, uint32_t nr, const uint64_t args[6])
{
	struct seccomp_data d = { .nr = (int)nr, .arch = arch, .instruction_pointer = 0x401000 };
	for (int i = 0; i < 6; i++)
		d.args[i] = args ? args[i] : 0;
	return d;
}

static uint32_t run(const struct sb_program *prog, const struct seccomp_data *d,
		    struct sb_bpf_trace *trace)
{
	bool fault;
	uint32_t action = sb_bpf_run(prog->insns, prog->len, d, trace, &fault);
	ck_assert_msg(!fault, "program faulted on nr %d", d->nr);
	return action;
}

static void assert_valid(const struct sb_program *prog, const char *what)
{
	size_t bad = 0;
	const char *why = sb_bpf_validate(prog->insns, prog->len, &bad);
	ck_assert_msg(!why, "%s: invalid at %zu: %s", what, bad, why);
}

/* The next argument vector (deterministic): one argument set, all set, random pairs. */
static void vector(size_t i, uint64_t args[6])
{
	memset(args, 0, 6 * sizeof(*args));
	size_t single = 6 * N_VALUES;
	if (i < single) {
		args[i / N_VALUES] = values[i % N_VALUES];
		return;
	}
	i -= single;
	if (i < N_VALUES) {
		for (int a = 0; a < 6; a++)
			args[a] = values[i];
		return;
	}
	uint64_t x = i * 0x9e3779b97f4a7c15ULL + 1;
	for (int a = 0; a < 6; a++) {
		x ^= x >> 29; x *= 0xbf58476d1ce4e5b9ULL; x ^= x >> 32;
		args[a] = values[x % N_VALUES];
	}
}
#define N_VECTORS (7 * N_VALUES + 600)

/* Our program, libseccomp's (optional) and the model agree everywhere. */
static void assert_equivalent(const struct sb_policy *p, const struct sb_program *ours,
			      const struct sb_program *theirs, const char *name)
{
	uint64_t args[6];
	for (uint32_t nr = 0; nr < SB_NR_LIMIT; nr++) {
		const struct sb_rule *r = sb_policy_find(p, (int)nr);
		size_t n = r && r->n_cases ? N_VECTORS : 3;
		for (size_t v = 0; v < n; v++) {
			vector(v, args);
			struct seccomp_data d = data_for(AUDIT_ARCH_X86_64, nr, args);
			uint32_t want = sb_policy_decide(p, (int)nr, args);
			uint32_t got = run(ours, &d, NULL);
			ck_assert_msg(got == want, "%s: nr %u args %llx %llx %llx %llx %llx %llx: "
				      "ours 0x%x, model 0x%x", name, nr, (unsigned long long)args[0],
				      (unsigned long long)args[1], (unsigned long long)args[2],
				      (unsigned long long)args[3], (unsigned long long)args[4],
				      (unsigned long long)args[5], got, want);
			if (theirs) {
				uint32_t ref = run(theirs, &d, NULL);
				ck_assert_msg(ref == want, "%s: nr %u vector %zu: libseccomp 0x%x, "
					      "model 0x%x", name, nr, v, ref, want);
			}
		}
	}
}

/* i386 and x32 calls, and other arches: kill the process whatever the policy says. */
static void assert_foreign_killed(const struct sb_program *prog, const char *name)
{
	static const uint32_t arches[] = { AUDIT_ARCH_I386, AUDIT_ARCH_AARCH64, AUDIT_ARCH_ARM, 0 };
	for (size_t a = 0; a < sizeof(arches) / sizeof(arches[0]); a++)
		for (uint32_t nr = 0; nr < SB_NR_LIMIT; nr += a ? 97 : 1) {
			struct seccomp_data d = data_for(arches[a], nr, NULL);
			ck_assert_msg(run(prog, &d, NULL) == SECCOMP_RET_KILL_PROCESS,
				      "%s: arch 0x%x nr %u not killed", name, arches[a], nr);
		}
	for (uint32_t n = 0; n < SB_NR_LIMIT; n++) {
		struct seccomp_data d = data_for(AUDIT_ARCH_X86_64, 0x40000000u + n, NULL);
		ck_assert_msg(run(prog, &d, NULL) == SECCOMP_RET_KILL_PROCESS,
			      "%s: x32 nr 0x%x not killed", name, 0x40000000u + n);
	}
	struct seccomp_data d = data_for(AUDIT_ARCH_X86_64, 0x7fffffffu, NULL);
	ck_assert_uint_eq(run(prog, &d, NULL), SECCOMP_RET_KILL_PROCESS);
}

/* Every call without argument conditions is decided from nr and arch alone. */
static void assert_cacheable(const struct sb_policy *p, const struct sb_program *prog,
			     const char *name)
{
	for (uint32_t nr = 0; nr < SB_NR_LIMIT; nr++) {
		const struct sb_rule *r = sb_policy_find(p, (int)nr);
		if (r && r->n_cases)
			continue;
		struct sb_bpf_trace trace;
		struct seccomp_data d = data_for(AUDIT_ARCH_X86_64, nr, NULL);
		run(prog, &d, &trace);
		ck_assert_msg(!trace.read_args && !trace.read_ip,
			      "%s: nr %u reads more than nr and arch", name, nr);
	}
}

static void compile_ok(const struct sb_policy *p, struct sb_program *prog)
{
	struct sandbox_error err = { 0 };
	ck_assert_msg(sb_compile(p, prog, &err) == 0, "%s: %s", p->origin, err.message);
	assert_valid(prog, p->origin);
}

START_TEST(matches_model_and_libseccomp)
{
	const struct policy_spec *spec = &policies[_i];
	struct sb_policy p;
	struct sb_program ours, again, theirs[2] = { { 0 }, { 0 } };
	struct sandbox_error err = { 0 };

	build_policy(spec, &p);
	compile_ok(&p, &ours);
	for (int opt = 1; opt <= 2; opt++) {
		int rc = sb_compile_libseccomp(&p, opt, &theirs[opt - 1], &err);
		ck_assert_msg(rc == 0 || !spec->libseccomp, "%s: libseccomp: %s", spec->name,
			      err.message);
		if (rc == 0)
			assert_valid(&theirs[opt - 1], "libseccomp");
	}
	assert_equivalent(&p, &ours, theirs[1].len ? &theirs[1] : NULL, spec->name);
	if (theirs[0].len)
		assert_equivalent(&p, &ours, &theirs[0], spec->name);
	assert_foreign_killed(&ours, spec->name);
	if (theirs[1].len)
		assert_foreign_killed(&theirs[1], "libseccomp");
	assert_cacheable(&p, &ours, spec->name);

	/* nr -1 (a tracer skipping a call) keeps the default action, as with libseccomp. */
	struct seccomp_data d = data_for(AUDIT_ARCH_X86_64, UINT32_MAX, NULL);
	ck_assert_uint_eq(run(&ours, &d, NULL), p.default_action);
	if (theirs[1].len)
		ck_assert_uint_eq(run(&theirs[1], &d, NULL), p.default_action);

	compile_ok(&p, &again);
	ck_assert_uint_eq(again.len, ours.len);
	ck_assert_msg(!memcmp(again.insns, ours.insns, ours.len * sizeof(*ours.insns)),
		      "%s: two compilations differ", spec->name);
	sb_program_free(&ours);
	sb_program_free(&again);
	sb_program_free(&theirs[0]);
	sb_program_free(&theirs[1]);
	sb_policy_free(&p);
}
END_TEST

/* ---- path lengths ---------------------------------------------------------------------- */

static size_t steps(const struct sb_program *prog, uint32_t nr, const uint64_t args[6])
{
	struct sb_bpf_trace trace;
	struct seccomp_data d = data_for(AUDIT_ARCH_X86_64, nr, args);
	run(prog, &d, &trace);
	return trace.steps;
}

/* Mean and maximum instructions over nr 0..511 with arguments zero (the measure minijail's
 * figures use). */
static void path_stats(const struct sb_program *prog, double *mean, size_t *max)
{
	size_t sum = 0;
	*max = 0;
	for (uint32_t nr = 0; nr < 512; nr++) {
		size_t n = steps(prog, nr, NULL);
		sum += n;
		*max = n > *max ? n : *max;
	}
	*mean = (double)sum / 512;
}

/* 450 allowed syscalls, write allowed only on fd 1 or 2: at most 10 instructions on the
 * write path (17 in the deepest layout; `make bench` showed 12 when the fd was compared on
 * 64 bits), and no more than libseccomp's binary tree on average or at worst. Two
 * layouts: every number up to 450 (few ranges) and every even number (one range per call,
 * the deepest search). */
START_TEST(write_rule_path_is_short)
{
	static const char *const write_rule = "1: a0 == 1 or a0 == 2 -> allow";
	for (int layout = 0; layout < 2; layout++) {
		struct sb_policy p;
		struct policy_spec spec = { "450 allowed + write rule", "kill", NULL, { write_rule } };
		build_policy(&spec, &p);
		/* x86_64 names only some 370 numbers: the first layout takes every number up to
		 * 450 (the numbers without a name too), the second every even one. */
		int allowed = 1;
		for (int nr = 2; allowed < 450 && nr < SB_NR_LIMIT; nr++)
			if (!layout || nr % 2 == 0)
				allowed += sb_policy_rule(&p, nr, SECCOMP_RET_ALLOW) != NULL;
		ck_assert_int_eq(allowed, 450);
		sb_policy_rule(&p, 0, SECCOMP_RET_ALLOW);
		sb_policy_finish(&p);

		struct sb_program ours, tree;
		struct sandbox_error err = { 0 };
		compile_ok(&p, &ours);
		ck_assert_int_eq(sb_compile_libseccomp(&p, 2, &tree, &err), 0);
		for (uint64_t fd = 0; fd < 4; fd++) {
			uint64_t args[6] = { fd, 0x1000, 10 };
			size_t n = steps(&ours, 1, args);
			/* fd is an unsigned int: one load and one comparison per value */
			ck_assert_msg(n <= (layout ? 17 : 10), "layout %d, write(%llu): %zu instructions (libseccomp "
				      "tree %zu)", layout, (unsigned long long)fd, n, steps(&tree, 1, args));
		}
		double mean, ref_mean;
		size_t max, ref_max;
		path_stats(&ours, &mean, &max);
		path_stats(&tree, &ref_mean, &ref_max);
		ck_assert_msg(mean <= ref_mean && max <= ref_max, "layout %d: mean %.2f max %zu, "
			      "libseccomp tree mean %.2f max %zu", layout, mean, max, ref_mean, ref_max);
		assert_equivalent(&p, &ours, &tree, "450 allowed");
		assert_cacheable(&p, &ours, "450 allowed");
		sb_program_free(&ours);
		sb_program_free(&tree);
		sb_policy_free(&p);
	}
}
END_TEST

/* Unconditional calls: arch, nr, a balanced search, the return; 1024 ranges take 10
 * comparisons, plus a `ja` on the two top levels, whose jumps span more than 255
 * instructions. */
START_TEST(search_depth_is_logarithmic)
{
	struct sb_policy p;
	sb_policy_init(&p, SECCOMP_RET_KILL_PROCESS);
	for (int nr = 0; nr < SB_NR_LIMIT; nr += 2)     /* 512 allowed ranges, 512 gaps */
		sb_policy_rule(&p, nr, SECCOMP_RET_ALLOW);
	sb_policy_finish(&p);
	struct sb_program prog;
	compile_ok(&p, &prog);
	for (uint32_t nr = 0; nr < SB_NR_LIMIT; nr++)
		ck_assert_uint_le(steps(&prog, nr, NULL), 3 + 10 + 1 + 2);
	assert_equivalent(&p, &prog, NULL, "alternating");
	sb_program_free(&prog);
	sb_policy_free(&p);
}
END_TEST

/* ---- far jumps and the size limit ------------------------------------------------------ */

/* Big argument blocks between search leaves: jumps over 255 instructions need trampolines
 * or nearer returns; the result must still be valid and exact. */
START_TEST(far_jumps_are_bridged)
{
	struct sb_policy p;
	struct policy_spec spec = { "far jumps", "kill", "allow 0 2-9 200-300; errno:1 400-420" };
	build_policy(&spec, &p);
	static const int nrs[] = { 1, 10, 100, 150, 310 };
	for (size_t i = 0; i < sizeof(nrs) / sizeof(nrs[0]); i++) {
		char *text = many_clauses(nrs[i], 90, i % 2 ? "allow" : "errno:13");
		add_rule(&p, text);
		free(text);
	}
	sb_policy_finish(&p);
	struct sb_program prog, theirs;
	struct sandbox_error err = { 0 };
	compile_ok(&p, &prog);
	ck_assert_uint_gt(prog.len, 1500);
	bool far = false;
	for (size_t i = 0; i < prog.len; i++)
		far |= prog.insns[i].code == (BPF_JMP | BPF_JA) && prog.insns[i].k > 255;
	ck_assert_msg(far, "no far jump exercised (%zu instructions)", prog.len);
	ck_assert_int_eq(sb_compile_libseccomp(&p, 2, &theirs, &err), 0);
	assert_equivalent(&p, &prog, &theirs, "far jumps");
	assert_foreign_killed(&prog, "far jumps");
	assert_cacheable(&p, &prog, "far jumps");
	sb_program_free(&prog);
	sb_program_free(&theirs);
	sb_policy_free(&p);
}
END_TEST

START_TEST(too_big_fails_clearly)
{
	struct sb_policy p;
	struct policy_spec spec = { "huge policy", "kill", "allow 0" };
	build_policy(&spec, &p);
	for (int nr = 1; nr <= 12; nr++) {
		char *text = many_clauses(nr, 100, "allow");
		add_rule(&p, text);
		free(text);
	}
	sb_policy_finish(&p);
	struct sb_program prog = { 0 };
	struct sandbox_error err = { 0 };
	ck_assert_int_eq(sb_compile(&p, &prog, &err), SANDBOX_EINTERNAL);
	ck_assert_ptr_null(prog.insns);
	ck_assert_msg(strstr(err.message, "huge policy") && strstr(err.message, "4096"), "%s",
		      err.message);
	sb_policy_free(&p);
}
END_TEST

/* Just under the limit still compiles and runs exactly. */
START_TEST(near_the_limit_compiles)
{
	struct sb_policy p;
	struct policy_spec spec = { "large policy", "kill", "allow 0" };
	build_policy(&spec, &p);
	for (int nr = 1; nr <= 10; nr++) {
		char *text = many_clauses(nr, 100, nr % 3 ? "allow" : "log");
		add_rule(&p, text);
		free(text);
	}
	sb_policy_finish(&p);
	struct sb_program prog;
	compile_ok(&p, &prog);
	ck_assert_uint_gt(prog.len, 3000);
	ck_assert_uint_le(prog.len, BPF_MAXINSNS);
	assert_equivalent(&p, &prog, NULL, "large policy");
	sb_program_free(&prog);
	sb_policy_free(&p);
}
END_TEST

Suite *unit_bpf_suite(void)
{
	Suite *s = suite_create("unit_bpf");
	TCase *tc = tcase_create("emitter");
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, matches_model_and_libseccomp, 0,
			    (int)(sizeof(policies) / sizeof(policies[0])));
	tcase_add_test(tc, write_rule_path_is_short);
	tcase_add_test(tc, search_depth_is_logarithmic);
	tcase_add_test(tc, far_jumps_are_bridged);
	tcase_add_test(tc, too_big_fails_clearly);
	tcase_add_test(tc, near_the_limit_compiles);
	suite_add_tcase(s, tc);
	return s;
}
