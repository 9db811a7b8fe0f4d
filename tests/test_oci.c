/*
 * Real programs under OCI seccomp profiles: Docker's default profile and podman's, run as
 * an unprivileged user (a container's user without capabilities), and check's note. The
 * decisions themselves are compared with libseccomp's in test_unit_oci.c.
 */
#include "support.h"

#include <stdio.h>
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


Suite *oci_suite(void)
{
	Suite *s = suite_create("oci");
	TCase *tc = tcase_create("profiles");
	tcase_add_test(tc, docker_default_profile);
	tcase_add_test(tc, podman_profile_runs_a_pipeline);
	tcase_add_test(tc, check_lists_skipped_names);
	suite_add_tcase(s, tc);
	return s;
}
