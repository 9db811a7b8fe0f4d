/* The OCI reference (oci_reference.h): libseccomp's filter for a profile, built by
 * oci_libseccomp.py, run beside ours. */
#include "oci_reference.h"
#include "support.h"
#include "bpf_run.h"
#include "filter.h"
#include "policy_file.h"
#include "syscalls.h"

#include <linux/audit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PYTHON "/usr/bin/python3"


bool oci_reference_available(void)
{
	const char *argv[] = { PYTHON, "-c", "import seccomp", NULL };
	struct run_result r;
	if (access(PYTHON, X_OK))
		return false;
	run_process(argv, &(struct run_opts){ 0 }, &r);
	bool ok = exited_with(&r, 0);
	run_result_free(&r);
	return ok;
}

/* libseccomp's filter for the profile, and the names it could not resolve. */
static void reference_filter(const char *profile, uint64_t caps, struct sb_program *prog,
			     bool unknown[SB_NR_LIMIT])
{
	char caps_hex[32], out[4096], unknown_path[4200];
	snprintf(caps_hex, sizeof(caps_hex), "%llx", (unsigned long long)caps);
	snprintf(out, sizeof(out), "%s/reference.bpf", make_temp_dir());
	const char *argv[] = { PYTHON, tree_path("tests/reference/oci_libseccomp.py"), profile,
			       caps_hex, "6.18.0", out, NULL };
	struct run_result r;
	run_process(argv, &(struct run_opts){ 0 }, &r);
	ck_assert_msg(exited_with(&r, 0), "reference for %s: %s", profile, r.err);
	run_result_free(&r);
	struct sandbox_error err = { 0 };
	ck_assert_msg(sb_program_read_file(out, prog, &err) == 0, "%s", err.message);
	snprintf(unknown_path, sizeof(unknown_path), "%s.unknown", out);
	FILE *f = fopen(unknown_path, "r");
	ck_assert_ptr_nonnull(f);
	char name[128];
	memset(unknown, 0, SB_NR_LIMIT * sizeof(bool));
	while (fgets(name, sizeof(name), f)) {
		name[strcspn(name, "\n")] = '\0';
		int nr = sb_syscall_number(name);
		if (nr >= 0)
			unknown[nr] = true;
	}
	fclose(f);
}

static uint32_t run(const struct sb_program *p, int nr, const uint64_t args[6])
{
	struct seccomp_data d = { .nr = nr, .arch = AUDIT_ARCH_X86_64 };
	memcpy(d.args, args, sizeof(d.args));
	bool fault = false;
	uint32_t action = sb_bpf_run(p->insns, p->len, &d, NULL, &fault);
	ck_assert(!fault);
	return action;
}

/* The arguments as the kernel reads them: each cut to its declared width. */
static void kernel_view(int nr, const uint64_t in[6], uint64_t out[6])
{
	for (int i = 0; i < 6; i++) {
		unsigned bits = sb_syscall_arg_bits(nr, i);
		out[i] = bits >= 64 ? in[i] : in[i] & ((1ULL << bits) - 1);
	}
}

/* Values worth trying for an argument compared with v. */
static size_t candidates(uint64_t v, uint64_t *out)
{
	const uint64_t high = 0xffffffff00000000ULL;
	uint64_t c[] = { v, v - 1, v + 1, v | high, v & ~high, ~v, v ^ 1, v ^ (1ULL << 32) };
	memcpy(out, c, sizeof(c));
	return sizeof(c) / sizeof(c[0]);
}

/* Every syscall number, every argument vector built from the values the profile compares
 * with: ours must decide as libseccomp does on the arguments the kernel sees. */
void oci_compare(const char *profile, uint64_t caps, struct oci_figures *fig)
{
	struct sb_program ref, ours;
	bool unknown[SB_NR_LIMIT];
	reference_filter(profile, caps, &ref, unknown);
	struct sb_policy p;
	struct sandbox_error err = { 0 };
	struct sb_policy_file_opts opts = { .capabilities = &caps, .kernel_release = "6.18.0" };
	ck_assert_msg(sb_policy_parse_file_opts(profile, &opts, &p, &err) == 0, "%s", err.message);
	ck_assert_msg(sb_compile(&p, &ours, &err) == 0, "%s", err.message);

	for (int nr = 0; nr < SB_NR_LIMIT; nr++) {
		if (unknown[nr])
			continue;   /* this libseccomp is older than the table: runc with it skips */
		uint64_t values[6][128];
		size_t n_values[6] = { 0 };
		for (int i = 0; i < 6; i++) {
			values[i][n_values[i]++] = 0;
			values[i][n_values[i]++] = ~0ULL;
		}
		const struct sb_rule *r = sb_policy_find(&p, nr);
		for (size_t c = 0; r && c < r->n_cases; c++)
			for (size_t k = 0; k < r->cases[c].n_clauses; k++)
				for (size_t a = 0; a < r->cases[c].clauses[k].n_atoms; a++) {
					const struct sb_atom *at = &r->cases[c].clauses[k].atoms[a];
					if (n_values[at->arg] + 8 <= 128)
						n_values[at->arg] += candidates(at->value,
							values[at->arg] + n_values[at->arg]);
				}
		/* The product over the first three arguments compared, the rest at each value. */
		size_t idx[6] = { 0 };
		for (;;) {
			uint64_t args[6], seen[6];
			for (int i = 0; i < 6; i++)
				args[i] = values[i][idx[i]];
			kernel_view(nr, args, seen);
			uint32_t mine = run(&ours, nr, args), theirs = run(&ref, nr, seen);
			ck_assert_msg(mine == theirs, "%s caps %llx: %s (%d) args %llx %llx %llx %llx: ours "
				      "0x%08x, libseccomp 0x%08x", profile, (unsigned long long)caps,
				      sb_syscall_name(nr), nr, (unsigned long long)args[0],
				      (unsigned long long)args[1], (unsigned long long)args[2],
				      (unsigned long long)args[3], mine, theirs);
			fig->vectors++;
			if (mine == run(&ref, nr, args)) {
				fig->same++;
			} else {
				fig->narrowed++;
				char word[64];
				snprintf(word, sizeof(word), " %s", sb_syscall_name(nr));
				size_t len = strlen(fig->calls), wl = strlen(word);
				if (!strstr(fig->calls, word) && len + wl < sizeof(fig->calls))
					memcpy(fig->calls + len, word, wl + 1);
			}
			int i = 0;
			while (i < 6 && ++idx[i] == n_values[i])
				idx[i++] = 0;
			if (i == 6)
				break;
		}
	}
	sb_policy_free(&p);
	sb_program_free(&ours);
	sb_program_free(&ref);
}

