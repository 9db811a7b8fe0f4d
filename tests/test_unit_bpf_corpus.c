/*
 * The emitter on real policies: every crosvm x86_64 policy of the shared corpus (copied to a
 * temporary folder, its /usr/share/policy/crosvm includes redirected there) compiles to a
 * valid program that agrees with the policy model for every syscall number and a set of
 * argument vectors, keeps unconditional calls cacheable, and runs no more instructions on
 * average (nr 0..511, x86_64, arguments zero) than minijail's binary-tree compiler does on
 * the same policy (its figures: minijail-bst-instructions.tsv).
 */
#include "support.h"
#include "bpf_run.h"
#include "policy_file.h"

#include <dirent.h>
#include <limits.h>
#include <linux/audit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *corpus_copy(const char *crosvm)
{
	static char dir[PATH_MAX];
	if (dir[0])
		return dir;
	snprintf(dir, sizeof(dir), "%s", make_temp_dir());
	DIR *d = opendir(crosvm);
	ck_assert_msg(d != NULL, "corpus %s missing", crosvm);
	for (struct dirent *e; (e = readdir(d));) {
		char from[PATH_MAX], to[PATH_MAX + 256], buf[65536];
		if (e->d_name[0] == '.')
			continue;
		snprintf(from, sizeof(from), "%s/%s", crosvm, e->d_name);
		snprintf(to, sizeof(to), "%s/%s", dir, e->d_name);
		FILE *in = fopen(from, "r"), *out = fopen(to, "w");
		ck_assert(in && out);
		for (size_t n; (n = fread(buf, 1, sizeof(buf), in)) > 0;)
			ck_assert_uint_eq(fwrite(buf, 1, n, out), n);
		fclose(in);
		fclose(out);
	}
	closedir(d);
	return dir;
}

struct reference {
	char name[128];
	double mean;          /* minijail's mean instructions, nr 0..511 */
	int max;
};

static size_t read_reference(const char *table, struct reference *refs, size_t cap)
{
	FILE *f = fopen(table, "r");
	ck_assert_msg(f != NULL, "cannot read %s", table);
	char line[512];
	size_t n = 0;
	while (fgets(line, sizeof(line), f) && n < cap) {
		int len;
		if (line[0] == '#')
			continue;
		if (sscanf(line, "%127s %d %lf %d", refs[n].name, &len, &refs[n].mean,
			   &refs[n].max) == 4)
			n++;
	}
	fclose(f);
	return n;
}

/* Argument vectors: zero, and words the crosvm rules compare with (fds, ioctl numbers,
 * flags, AT_FDCWD) in every position. */
static const uint64_t arg_values[] = {
	0, 1, 2, 3, 0x80, 0x100, 0x800, 0x80000, 0x5401, 0x541b, 0xc0045878, 0x4008af00,
	0x7fffffff, 0xffffffff, 0x100000000, 0xffffffffffffff9c, 0xffffffffffffffff, 4, 6, 7,
	0x40, 0x1000, 0x10000,
};
#define N_ARG_VALUES (sizeof(arg_values) / sizeof(arg_values[0]))

static void check_policy(const char *dir, const struct reference *ref)
{
	char path[PATH_MAX + 256], map[PATH_MAX + 64];
	snprintf(path, sizeof(path), "%s/%s", dir, ref->name);
	snprintf(map, sizeof(map), "/usr/share/policy/crosvm=%s", dir);
	struct sb_policy_file_opts opts = { .include_map = map };
	struct sb_policy p;
	struct sb_program prog;
	struct sandbox_error err = { 0 };

	ck_assert_msg(sb_policy_parse_file_opts(path, &opts, &p, &err) == 0, "%s", err.message);
	ck_assert_msg(sb_compile(&p, &prog, &err) == 0, "%s: %s", ref->name, err.message);
	ck_assert_msg(!sb_bpf_validate(prog.insns, prog.len, NULL), "%s: invalid program",
		      ref->name);

	size_t sum = 0;
	for (uint32_t nr = 0; nr < SB_NR_LIMIT; nr++) {
		const struct sb_rule *r = sb_policy_find(&p, (int)nr);
		bool conditional = r && r->n_cases;
		for (size_t v = 0; v < (conditional ? 6 * N_ARG_VALUES : 1); v++) {
			uint64_t args[6] = { 0 };
			args[v / N_ARG_VALUES % 6] = arg_values[v % N_ARG_VALUES];
			struct seccomp_data d = { .nr = (int)nr, .arch = AUDIT_ARCH_X86_64 };
			memcpy(d.args, args, sizeof(args));
			struct sb_bpf_trace trace;
			bool fault;
			uint32_t got = sb_bpf_run(prog.insns, prog.len, &d, &trace, &fault);
			uint32_t want = sb_policy_decide(&p, (int)nr, args);
			ck_assert_msg(!fault && got == want, "%s: nr %u arg%zu=0x%llx: filter 0x%x, "
				      "policy 0x%x", ref->name, nr, v / N_ARG_VALUES % 6,
				      (unsigned long long)args[v / N_ARG_VALUES % 6], got, want);
			if (v == 0 && nr < 512)
				sum += trace.steps;
			if (!conditional)
				ck_assert_msg(!trace.read_args, "%s: nr %u reads its arguments "
					      "without a condition on them", ref->name, nr);
		}
	}
	double mean = (double)sum / 512;
	ck_assert_msg(mean <= ref->mean, "%s: mean %.2f instructions, minijail's %.2f",
		      ref->name, mean, ref->mean);
	sb_program_free(&prog);
	sb_policy_free(&p);
}

START_TEST(crosvm_policies_beat_minijail)
{
	static struct reference refs[128];
	const char *crosvm, *table;
	CORPUS_OR_SKIP(crosvm, "crosvm-x86_64");
	CORPUS_OR_SKIP(table, "minijail-bst-instructions.tsv");
	size_t n = read_reference(table, refs, 128);
	ck_assert_uint_ge(n, 30);
	const char *dir = corpus_copy(crosvm);
	for (size_t i = 0; i < n; i++)
		check_policy(dir, &refs[i]);
}
END_TEST

Suite *unit_bpf_corpus_suite(void)
{
	Suite *s = suite_create("unit_bpf_corpus");
	TCase *tc = tcase_create("crosvm");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, crosvm_policies_beat_minijail);
	suite_add_tcase(s, tc);
	return s;
}
