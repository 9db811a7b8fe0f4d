/*
 * Real programs under OCI seccomp profiles: Docker's default profile and podman's, run as
 * an unprivileged user (a container's user without capabilities), and check's note. The
 * decisions themselves are compared with libseccomp's in test_unit_oci.c.
 */
#include "support.h"
#include "oci_reference.h"
#include "bpf_run.h"
#include "filter.h"
#include "policy_file.h"
#include "syscalls.h"

#include <linux/audit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct run_result res;

#define ENV(...) ((const char *const[]){ preload_env(), "SECCOMP_QUIET=1", __VA_ARGS__, NULL })

static void run_under(const char *profile, const char *const *argv)
{
	char var[4200];
	snprintf(var, sizeof(var), "SECCOMP_POLICY_FILE=%s", profile);
	run_process(argv, &(struct run_opts){ .env = ENV(var), .unprivileged = true }, &res);
}

/* Docker's default profile as a container's unprivileged user meets it: ls runs, a user
 * namespace and a vsock socket are refused with EPERM (also with junk in the high half of
 * socket's int argument, which libseccomp's 64-bit comparison would let through). */
START_TEST(docker_default_profile)
{
	SKIP_UNLESS_ROOT();
	const char *profile;
	CORPUS_OR_SKIP(profile, "oci/moby-default.json");
	run_under(profile, (const char *const[]){ "ls", "/", NULL });
	ck_assert_exit(&res, 0);
	ck_assert_msg(strstr(res.out, "bin\n") && strstr(res.out, "usr\n"), "%s", res.out);
	run_result_free(&res);

	run_under(profile, (const char *const[]){ "unshare", "-U", "true", NULL });
	ck_assert_exit(&res, 1);
	ck_assert_msg(strstr(res.err, "Operation not permitted"), "%s", res.err);
	run_result_free(&res);

	run_under(profile, (const char *const[]){ build_path("tests/prog/syscaller"), "socket:40:1:0",
		  "socket:0x100000028:1:0", "socket:1:1:0", NULL });
	ck_assert_exit(&res, 0);
	static const char refused[] = "socket=-1 EPERM\nsocket=-1 EPERM\nsocket=";
	ck_assert_msg(!strncmp(res.out, refused, strlen(refused)) &&
		      !strstr(res.out + strlen(refused), "-1"), "%s", res.out);
	run_result_free(&res);
}
END_TEST

/* podman's profile (default ENOSYS) runs a shell pipeline. */
START_TEST(podman_profile_runs_a_pipeline)
{
	SKIP_UNLESS_ROOT();
	const char *profile;
	CORPUS_OR_SKIP(profile, "oci/podman-seccomp.json");
	run_under(profile, (const char *const[]){ "sh", "-c", "printf 'b\\na\\nc\\n' | sort | head -n 2",
		  NULL });
	ck_assert_exit(&res, 0);
	ck_assert_str_eq(res.out, "a\nb\n");
	run_result_free(&res);
	run_under(profile, (const char *const[]){ build_path("tests/prog/syscaller"), "reboot:0", NULL });
	ck_assert_exit(&res, 0);
	ck_assert_str_eq(res.out, "reboot=-1 EPERM\n");
	run_result_free(&res);
}
END_TEST

/* check names what the architecture lacks, as runc skips it. */
START_TEST(check_lists_skipped_names)
{
	const char *argv[] = { build_path("sandbox-policy"), "check",
			       tree_path("tests/oci/conditions.json"), NULL };
	run_process(argv, &(struct run_opts){ 0 }, &res);
	ck_assert_exit(&res, 0);
	ck_assert_msg(strstr(res.err, "conditions.json: note: names x86_64 lacks, skipped as runc "
			     "does: not_a_syscall, chown32\n"), "%s", res.err);
	run_result_free(&res);
}
END_TEST


static void parse_and_compile(const char *name, const char *text, struct sb_policy *p,
			      struct sb_program *prog)
{
	struct sandbox_error err = { 0 };
	ck_assert_msg(sb_policy_parse_text(name, text, strlen(text), NULL, p, &err) == 0, "%s: %s",
		      name, err.message);
	ck_assert_msg(sb_compile(p, prog, &err) == 0, "%s", err.message);
}

static uint32_t decide(const struct sb_program *prog, int nr, const uint64_t args[6])
{
	struct seccomp_data d = { .nr = nr, .arch = AUDIT_ARCH_X86_64 };
	memcpy(d.args, args, sizeof(d.args));
	return sb_bpf_run(prog->insns, prog->len, &d, NULL, NULL);
}

/* generate --format oci (and json, seccompiler's): the file read back decides as the
 * policy-file output of the same log, and libseccomp built from the OCI profile the way runc
 * builds it decides the same. */
START_TEST(generated_profile_reads_back)
{
	static const char *const logs[] = { "tests/fixtures/strace-args.log",
					    "tests/fixtures/strace-f.log" };
	static const char *const formats[] = { "oci", "json" };
	for (size_t l = 0; l < 2 * sizeof(logs) / sizeof(logs[0]); l++) {
		const char *format = formats[l % 2];
		char *log = strdup(tree_path(logs[l / 2]));
		struct run_result oci, policy;
		const char *a1[] = { build_path("sandbox-policy"), "generate", "--format", format, log,
				     NULL };
		run_process(a1, &(struct run_opts){ 0 }, &oci);
		ck_assert_exit(&oci, 0);
		const char *a2[] = { build_path("sandbox-policy"), "generate", log, NULL };
		run_process(a2, &(struct run_opts){ 0 }, &policy);
		ck_assert_exit(&policy, 0);

		struct sb_policy po, pp;
		struct sb_program fo, fp;
		parse_and_compile("generated.json", oci.out, &po, &fo);
		parse_and_compile("generated.policy", policy.out, &pp, &fp);
		ck_assert_uint_eq(po.n_rules, pp.n_rules);
		for (int nr = 0; nr < SB_NR_LIMIT; nr++) {
			const struct sb_rule *r = sb_policy_find(&pp, nr);
			uint64_t probes[16] = { 0, ~0ULL, 1, 2, 3, 4, 6, 7 };
			size_t n_probes = 8;
			for (size_t c = 0; r && c < r->n_cases; c++)
				for (size_t k = 0; k < r->cases[c].n_clauses; k++)
					for (size_t a = 0; a < r->cases[c].clauses[k].n_atoms && n_probes < 14; a++) {
						probes[n_probes++] = r->cases[c].clauses[k].atoms[a].value;
						probes[n_probes++] = r->cases[c].clauses[k].atoms[a].value + 1;
					}
			for (size_t i = 0; i < n_probes; i++)
				for (int arg = 0; arg < 6; arg++) {
					uint64_t args[6] = { 0 };
					args[arg] = probes[i];
					ck_assert_msg(decide(&fo, nr, args) == decide(&fp, nr, args),
						      "%s: %s arg%d = 0x%llx: %s 0x%08x, policy 0x%08x", log,
						      sb_syscall_name(nr), arg,
						      (unsigned long long)probes[i], format,
						      decide(&fo, nr, args), decide(&fp, nr, args));
				}
		}
		if (!strcmp(format, "json")) {
			/* seccompiler's format has no libseccomp reading to compare with */
		} else if (oci_reference_available()) {
			char *path = strdup(write_temp_file(make_temp_dir(), "generated.json", oci.out));
			struct oci_figures fig = { 0 };
			oci_compare(path, 0, &fig);
			free(path);
		} else {
			test_skipped(__func__, "python3-seccomp absent: libseccomp's reading not compared");
		}
		sb_policy_free(&po);
		sb_policy_free(&pp);
		sb_program_free(&fo);
		sb_program_free(&fp);
		run_result_free(&oci);
		run_result_free(&policy);
		free(log);
	}
}
END_TEST

/* learn --format oci: the profile learned from a run lets the same run through. */
START_TEST(learned_profile_runs_the_program)
{
	SKIP_UNLESS_ROOT();
	char *out = strdup(write_temp_file(make_temp_dir(), "learned.json", ""));
	const char *learn[] = { build_path("sandbox-policy"), "learn", "--format", "oci", "-o", out,
				"--", "/bin/echo", "hi", NULL };
	run_process(learn, &(struct run_opts){ 0 }, &res);
	ck_assert_exit(&res, 0);
	run_result_free(&res);
	run_under(out, (const char *const[]){ "/bin/echo", "hi", NULL });
	ck_assert_exit(&res, 0);
	ck_assert_str_eq(res.out, "hi\n");
	run_result_free(&res);
	free(out);
}
END_TEST

Suite *oci_suite(void)
{
	Suite *s = suite_create("oci");
	TCase *tc = tcase_create("profiles");
	tcase_add_test(tc, docker_default_profile);
	tcase_add_test(tc, podman_profile_runs_a_pipeline);
	tcase_add_test(tc, check_lists_skipped_names);
	tcase_add_test(tc, generated_profile_reads_back);
	tcase_add_test(tc, learned_profile_runs_the_program);
	suite_add_tcase(s, tc);
	return s;
}
