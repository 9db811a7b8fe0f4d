/*
 * Policy tables (tests/policies/README): every NAME.policy with its NAME.table of decisions,
 * checked on the policy model, on the filter the emitter compiles (run by the cBPF
 * interpreter) and on libseccomp's filter for the same policy where libseccomp can express
 * it. A row names a syscall, its arguments and the action all three must give.
 */
#include "policy_test_util.h"
#include "constants.h"
#include "libseccomp_filter.h"
#include "util.h"
#include "actions.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

struct row {
	char name[64];
	uint64_t args[6];
	uint32_t action;
};

/* "A|B|0x10": each part a number or a constant name. */
static uint64_t table_value(const char *text, const char *where)
{
	uint64_t value = 0;
	for (const char *p = text; *p;) {
		size_t n = strcspn(p, "|");
		uint64_t part;
		ck_assert_msg(sb_parse_u64(p, n, &part) || sb_constant_lookup(p, n, &part),
			      "%s: '%.*s' is neither a number nor a known constant", where, (int)n, p);
		value |= part;
		p += n + (p[n] == '|');
	}
	return value;
}

/* One table line into *r; false for blank lines and comments. */
static bool parse_row(char *line, const char *where, struct row *r)
{
	line[strcspn(line, "#\n")] = '\0';
	char *arrow = strstr(line, "->");
	if (!arrow) {
		ck_assert_msg(strspn(line, " \t") == strlen(line), "%s: no '->' in '%s'", where, line);
		return false;
	}
	*arrow = '\0';
	memset(r, 0, sizeof(*r));
	char action[64];
	ck_assert_msg(sscanf(arrow + 2, " %63s", action) == 1, "%s: no action", where);
	struct sandbox_error err = { 0 };
	ck_assert_msg(sb_parse_action(action, where, &r->action, &err) == 0, "%s", err.message);
	char *save = NULL, *word = strtok_r(line, " \t", &save);
	ck_assert_msg(word != NULL, "%s: no syscall", where);
	snprintf(r->name, sizeof(r->name), "%s", word);
	for (int i = 0; (word = strtok_r(NULL, " \t", &save)); i++) {
		ck_assert_msg(i < 6, "%s: more than six arguments", where);
		r->args[i] = table_value(word, where);
	}
	return true;
}

static uint32_t run_filter(const struct sb_program *prog, int nr, const uint64_t args[6],
			   struct sb_bpf_trace *trace)
{
	struct seccomp_data d = { .nr = nr, .arch = sb_native_arch() };
	memcpy(d.args, args, sizeof(d.args));
	bool fault;
	uint32_t action = sb_bpf_run(prog->insns, prog->len, &d, trace, &fault);
	ck_assert(!fault);
	return action;
}

static size_t check_table(const char *dir, const char *name)
{
	char policy[PATH_MAX], table[PATH_MAX], map[PATH_MAX + 64], where[PATH_MAX + 32];
	snprintf(policy, sizeof(policy), "%s/%s.policy", dir, name);
	snprintf(table, sizeof(table), "%s/%s.table", dir, name);
	snprintf(map, sizeof(map), "/usr/share/policy/sandbox-tests=%s/include", dir);
	struct sb_policy_file_opts opts = { .include_map = map };
	struct sb_policy p;
	struct sb_program ours, theirs = { 0 };
	struct sandbox_error err = { 0 };
	ck_assert_msg(sb_policy_parse_file_opts(policy, &opts, &p, &err) == 0, "%s", err.message);
	ck_assert_msg(sb_compile(&p, &ours, &err) == 0, "%s: %s", name, err.message);
	ck_assert_msg(!sb_bpf_validate(ours.insns, ours.len, NULL), "%s: invalid filter", name);
	bool reference = sb_compile_libseccomp(&p, 2, &theirs, &err) == 0;

	FILE *f = fopen(table, "r");
	ck_assert_msg(f != NULL, "%s: cannot read", table);
	char line[512];
	size_t rows = 0;
	for (unsigned lineno = 1; fgets(line, sizeof(line), f); lineno++) {
		struct row r;
		snprintf(where, sizeof(where), "%s.table:%u", name, lineno);
		if (!parse_row(line, where, &r))
			continue;
		int nr = sb_syscall_number(r.name);
		ck_assert_msg(nr >= 0, "%s: unknown syscall %s", where, r.name);
		const struct sb_rule *rule = sb_policy_find(&p, nr);
		struct sb_bpf_trace trace;
		uint32_t model = sb_policy_decide(&p, nr, r.args);
		uint32_t filter = run_filter(&ours, nr, r.args, &trace);
		ck_assert_msg(model == r.action, "%s: model gives 0x%08x, table 0x%08x", where,
			      model, r.action);
		ck_assert_msg(filter == r.action, "%s: filter gives 0x%08x, table 0x%08x", where,
			      filter, r.action);
		/* a call without conditions is decided on its number alone (the kernel caches it) */
		if (!rule || !rule->n_cases)
			ck_assert_msg(!trace.read_args, "%s: reads arguments it has no rule on", where);
		if (reference)
			ck_assert_msg(run_filter(&theirs, nr, r.args, NULL) == r.action,
				      "%s: libseccomp's filter disagrees", where);
		rows++;
	}
	fclose(f);
	sb_program_free(&ours);
	sb_program_free(&theirs);
	sb_policy_free(&p);
	return rows;
}

START_TEST(every_policy_table_holds)
{
	const char *dir = tree_path("tests/policies");
	DIR *d = opendir(dir);
	ck_assert_msg(d != NULL, "cannot open %s", dir);
	size_t tables = 0, rows = 0;
	for (struct dirent *e; (e = readdir(d));) {
		size_t n = strlen(e->d_name);
		if (n <= 6 || strcmp(e->d_name + n - 6, ".table"))
			continue;
		char name[256];
		snprintf(name, sizeof(name), "%.*s", (int)(n - 6), e->d_name);
		rows += check_table(dir, name);
		tables++;
	}
	closedir(d);
	ck_assert_uint_ge(tables, 2);
	ck_assert_uint_ge(rows, 50);
}
END_TEST

/* The harness itself must be able to fail: a row that contradicts its policy is caught. */
START_TEST(a_wrong_row_is_caught)
{
	char line[] = "write 3 -> allow\n";
	struct row r;
	ck_assert(parse_row(line, "inline", &r));
	struct compiled c;
	compile_text("write: arg0 == 1\n", NULL, &c);
	ck_assert_uint_ne(decide(&c, r.name, r.args[0]), r.action);
	compiled_free(&c);
	char comment[] = "   # only a comment\n";
	ck_assert(!parse_row(comment, "inline", &r));
	ck_assert_uint_eq(table_value("O_RDONLY|O_CLOEXEC|0x4", "inline"), 02000000 | 4);
}
END_TEST

/* A policy included ten times compiles to the filter it compiles to once: a rule that is
 * already there adds nothing (the first case that holds decides, so a repeated clause can
 * never decide). The filter stays the same length and decides the same. */
START_TEST(repeated_rules_compile_once)
{
	const char *dir = make_temp_dir();
	char text[4096] = "", map[PATH_MAX + 64];
	const char *device = tree_path("tests/policies/device.policy");
	snprintf(map, sizeof(map), "/usr/share/policy/sandbox-tests=%s",
		 tree_path("tests/policies/include"));
	struct sb_program prog[2];
	struct sb_policy p[2];
	for (int copies = 1, k = 0; k < 2; copies = 10, k++) {
		size_t o = 0;
		for (int i = 0; i < copies; i++)
			o += (size_t)snprintf(text + o, sizeof(text) - o, "@include %s\n", device);
		o += (size_t)snprintf(text + o, sizeof(text) - o, "ioctl: arg1 == TCGETS || arg1 == TCGETS\n");
		const char *path = write_temp_file(dir, k ? "ten.policy" : "one.policy", text);
		struct sb_policy_file_opts opts = { .include_map = map };
		struct sandbox_error err = { 0 };
		ck_assert_msg(sb_policy_parse_file_opts(path, &opts, &p[k], &err) == 0, "%s", err.message);
		ck_assert_msg(sb_compile(&p[k], &prog[k], &err) == 0, "%s", err.message);
	}
	ck_assert_uint_eq(prog[1].len, prog[0].len);
	ck_assert_mem_eq(prog[1].insns, prog[0].insns, prog[0].len * sizeof(prog[0].insns[0]));
	for (int nr = 0; nr < SB_NR_LIMIT; nr++) {
		uint64_t args[6] = { 3, 0x5401, 0x80000, 0, 0, 0 };
		ck_assert_uint_eq(sb_policy_decide(&p[1], nr, args), sb_policy_decide(&p[0], nr, args));
	}
	for (int k = 0; k < 2; k++) {
		sb_program_free(&prog[k]);
		sb_policy_free(&p[k]);
	}
}
END_TEST

Suite *unit_policy_tables_suite(void)
{
	Suite *s = suite_create("unit_policy_tables");
	TCase *tc = tcase_create("tables");
	tcase_add_test(tc, every_policy_table_holds);
	tcase_add_test(tc, a_wrong_row_is_caught);
	tcase_add_test(tc, repeated_rules_compile_once);
	suite_add_tcase(s, tc);
	return s;
}
