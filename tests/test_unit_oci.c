/*
 * OCI seccomp profiles read (Docker's, podman's, small ones of our own in tests/oci/):
 * decisions against the filter libseccomp builds from the same profile the way Docker and
 * runc do (tests/reference/oci_libseccomp.py, python3-seccomp), what is refused, and the
 * JSON reader. Real programs under the profiles: test_oci.c.
 */
#include "support.h"
#include "oci_reference.h"
#include "bpf_run.h"
#include "filter.h"
#include "policy_file.h"
#include "policy_json.h"
#include "syscalls.h"

#include <errno.h>
#include <linux/audit.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

START_TEST(decisions_match_libseccomp)
{
	if (!oci_reference_available())
		SKIP_TEST("python3-seccomp absent (the reference filter)");
	/* Copies: the path helpers return storage the next call reuses. */
	char *profiles[3] = { strdup(tree_path("tests/oci/conditions.json")),
			      corpus_path("oci/moby-default.json") ?
			      strdup(corpus_path("oci/moby-default.json")) : NULL,
			      corpus_path("oci/podman-seccomp.json") ?
			      strdup(corpus_path("oci/podman-seccomp.json")) : NULL };
	for (int i = 0; i < 3; i++) {
		if (!profiles[i]) {
			test_skipped(__func__, "test data oci/ absent (set CORPUS_DIR): only the "
				     "project's own profile compared");
			continue;
		}
		static const uint64_t caps[] = { 0, OCI_ALL_CAPS, 1ULL << 21 /* CAP_SYS_ADMIN */ };
		for (size_t c = 0; c < 3; c++) {
			struct oci_figures fig = { 0 };
			oci_compare(profiles[i], caps[c], &fig);
			ck_assert_uint_gt(fig.vectors, 1000);
			/* Where libseccomp's 64-bit comparison and ours differ, ours is
			 * libseccomp's own answer for what the kernel reads: the figures say
			 * how often and for which calls (int arguments with a high half). */
			fprintf(stderr, "oci: %s caps %llx: %zu argument vectors, %zu decided as "
				"libseccomp does, %zu as libseccomp does on the bits the kernel "
				"reads (%s )\n", strrchr(profiles[i], '/') + 1,
				(unsigned long long)caps[c], fig.vectors, fig.same, fig.narrowed,
				fig.calls);
		}
		free(profiles[i]);
	}
}
END_TEST

/* What a container runtime alone can do, and malformed profiles: one line each. */
START_TEST(refusals)
{
	static const struct { const char *text, *message; } rows[] = {
		{ "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"listenerPath\":\"/run/l.sock\"}",
		  "t.json:1:50: listenerPath has no meaning here" },
		{ "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"flags\":[\"SECCOMP_FILTER_FLAG_LOG\"]}",
		  "t.json:1:43: flags has no meaning here" },
		{ "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[{\"names\":[\"read\"],"
		  "\"action\":\"SCMP_ACT_NOTIFY\"}]}", "SCMP_ACT_NOTIFY has no meaning here" },
		{ "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[{\"names\":[\"read\"],"
		  "\"action\":\"SCMP_ACT_ALLOW\",\"agrs\":[]}]}", "unknown member 'agrs' (accepted: names" },
		{ "{\"defaultAction\":\"SCMP_ACT_ALOW\"}", "unknown action 'SCMP_ACT_ALOW'" },
		{ "{\"syscalls\":[]}", "expected an action string" },
		{ "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[{\"names\":[\"read\"],"
		  "\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":6,\"value\":1,\"op\":\"SCMP_CMP_EQ\"}]}]}",
		  "index: expected an argument index from 0 to 5" },
		{ "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[{\"names\":[\"read\"],"
		  "\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":0,\"value\":1,\"op\":\"SCMP_CMP_EQQ\"}]}]}",
		  "op: expected a comparison" },
		{ "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[{\"names\":[\"read\"],"
		  "\"action\":\"SCMP_ACT_ALLOW\",\"errnoRet\":1}]}", "errnoRet given with SCMP_ACT_ALLOW" },
		{ "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[{\"names\":[\"read\"],"
		  "\"action\":\"SCMP_ACT_ALLOW\",\"includes\":{\"minKernel\":\"4\"}}]}",
		  "minKernel: expected \"MAJOR.MINOR\"" },
		{ "{\"defaultAction\":\"SCMP_ACT_ERRNO\",}", "t.json:1:35: expected a member name" },
		{ "{\"defaultAction\":\"SCMP_ACT_ERRNO\"} x", "t.json:1:36: text after the JSON value" },
		{ "  {\"defaultAction\":\"SCMP_\\u0000\"}", "\\u0000 in a string" },
		/* seccompiler's format */
		{ "{\"a\":{\"filter\":[]},\"b\":{\"filter\":[]}}", "with more than one filter" },
		{ "{\"main\":{\"default_action\":\"kill\",\"filter_action\":\"allow\",\"filter\":[]}}",
		  "t.json:1:27: expected an action (accepted: allow, kill_thread" },
		{ "{\"main\":{\"default_action\":\"trap\",\"filter_action\":\"allow\",\"filter\":"
		  "[{\"syscall\":\"mmap\",\"args\":[{\"index\":0,\"type\":\"dword\",\"op\":\"eq\","
		  "\"val\":0}]}]}}", "a dword comparison of mmap's 64-bit argument 0" },
		{ "{\"main\":{\"default_action\":\"trap\",\"filter_action\":\"allow\",\"filter\":"
		  "[{\"syscall\":\"wrte\"}]}}", "unknown syscall 'wrte'" },
		{ "{\"main\":{\"default_action\":\"trap\",\"filter_action\":\"allow\",\"filter\":"
		  "[{\"syscall\":\"read\",\"args\":[{\"index\":0,\"type\":\"dword\",\"op\":\"in\","
		  "\"val\":0}]}]}}", "op: expected a comparison (accepted: eq" },
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct sb_policy p;
		struct sandbox_error err = { 0 };
		ck_assert_msg(sb_policy_parse_text("t.json", rows[i].text, strlen(rows[i].text), NULL,
						   &p, &err) == SANDBOX_ECONFIG, "accepted: %s", rows[i].text);
		ck_assert_msg(strstr(err.message, rows[i].message) && !strchr(err.message, '\n'),
			      "%s: %s", rows[i].text, err.message);
	}
}
END_TEST


START_TEST(json_reader)
{
	static const char text[] = " {\"a\": [1, -0, 18446744073709551615, 18446744073709551616, 1.5, "
		"-2, 1e3], \"s\": \"\\u00e9\\ud83d\\ude00\\n\\\"\", \"t\": true, \"n\": null, \"o\": {}} ";
	struct sb_json j;
	size_t at;
	const char *why;
	ck_assert_msg(sb_json_parse(text, strlen(text), &j, &at, &why), "%zu: %s", at, why);
	const struct sb_json_node *a = sb_json_member(&j, &j.nodes[0], "a");
	static const struct { bool integer; uint64_t number; } numbers[] = {
		{ true, 1 }, { true, 0 }, { true, UINT64_MAX }, { false, 0 }, { false, 0 },
		{ false, 0 }, { false, 0 } };
	size_t i = 0;
	for (const struct sb_json_node *n = sb_json_first(&j, a); n; n = sb_json_next(&j, n), i++) {
		ck_assert_int_eq(n->type, SB_JSON_NUMBER);
		ck_assert_int_eq(n->integer, numbers[i].integer);
		ck_assert_uint_eq(n->number, numbers[i].number);
	}
	ck_assert_uint_eq(i, 7);
	ck_assert_str_eq(sb_json_member(&j, &j.nodes[0], "s")->str, "\xc3\xa9\xf0\x9f\x98\x80\n\"");
	ck_assert(sb_json_member(&j, &j.nodes[0], "t")->boolean);
	ck_assert_int_eq(sb_json_member(&j, &j.nodes[0], "n")->type, SB_JSON_NULL);
	ck_assert_ptr_null(sb_json_first(&j, sb_json_member(&j, &j.nodes[0], "o")));
	ck_assert_ptr_null(sb_json_member(&j, &j.nodes[0], "missing"));
	sb_json_free(&j);

	static const char *const bad[] = { "", "{", "[1,]", "{\"a\":1,}", "01", "1.", "-", "\"\\x\"",
		"\"\\ud800\"", "\"\\udc00\"", "\"a\nb\"", "tru", "{\"a\" 1}", "[1 2]", "{} {}", "/* */{}" };
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(!sb_json_parse(bad[i], strlen(bad[i]), &j, &at, &why) && why[0] &&
			      at <= strlen(bad[i]), "accepted: %s", bad[i]);
	/* Nesting is bounded: a hostile file cannot exhaust the stack. */
	char deep[SB_JSON_MAX_DEPTH * 2 + 8];
	memset(deep, '[', SB_JSON_MAX_DEPTH + 2);
	memset(deep + SB_JSON_MAX_DEPTH + 2, ']', SB_JSON_MAX_DEPTH + 2);
	ck_assert(!sb_json_parse(deep, 2 * SB_JSON_MAX_DEPTH + 4, &j, &at, &why));
	ck_assert_str_eq(why, "nested too deeply");
}
END_TEST

/* seccompiler's filters: alternatives per syscall, a rule without args decides alone,
 * masked equality, errno actions, dword on an int argument. */
START_TEST(seccompiler_decisions)
{
	static const char text[] = "{ \"vmm\": { \"default_action\": { \"errno\": 38 },"
		" \"filter_action\": \"allow\", \"filter\": ["
		" { \"syscall\": \"read\" },"
		" { \"syscall\": \"socket\", \"args\": [ { \"index\": 0, \"type\": \"dword\","
		"   \"op\": \"eq\", \"val\": 1 } ] },"
		" { \"syscall\": \"socket\", \"args\": [ { \"index\": 0, \"type\": \"dword\","
		"   \"op\": \"eq\", \"val\": 2 }, { \"index\": 1, \"type\": \"dword\", \"op\": \"le\","
		"   \"val\": 2, \"comment\": \"stream or dgram\" } ] },"
		" { \"syscall\": \"mmap\", \"args\": [ { \"index\": 3, \"type\": \"qword\","
		"   \"op\": { \"masked_eq\": 48 }, \"val\": 32 } ] },"
		" { \"syscall\": \"close\", \"args\": [ { \"index\": 0, \"type\": \"dword\","
		"   \"op\": \"gt\", \"val\": 2 } ] },"
		" { \"syscall\": \"close\" } ] } }";
	static const struct { const char *call; uint64_t a0, a1, a3; uint32_t expected; } rows[] = {
		{ "read", 0, 0, 0, SECCOMP_RET_ALLOW },
		{ "write", 0, 0, 0, SECCOMP_RET_ERRNO | 38 },
		{ "socket", 1, 99, 0, SECCOMP_RET_ALLOW },
		{ "socket", 1 | 1ULL << 32, 0, 0, SECCOMP_RET_ALLOW },   /* int: the kernel's bits */
		{ "socket", 2, 2, 0, SECCOMP_RET_ALLOW },
		{ "socket", 2, 3, 0, SECCOMP_RET_ERRNO | 38 },
		{ "socket", 10, 1, 0, SECCOMP_RET_ERRNO | 38 },
		{ "mmap", 0, 0, 0x20, SECCOMP_RET_ALLOW },
		{ "mmap", 0, 0, 0x22, SECCOMP_RET_ALLOW },
		{ "mmap", 0, 0, 0x30, SECCOMP_RET_ERRNO | 38 },
		{ "mmap", 0, 0, 0x10, SECCOMP_RET_ERRNO | 38 },
		{ "close", 0, 0, 0, SECCOMP_RET_ALLOW },               /* the rule without args */
	};
	struct sb_policy p;
	struct sandbox_error err = { 0 };
	ck_assert_msg(sb_policy_parse_text("f.json", text, strlen(text), NULL, &p, &err) == 0, "%s",
		      err.message);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		uint64_t args[6] = { rows[i].a0, rows[i].a1, 0, rows[i].a3 };
		uint32_t got = sb_policy_decide(&p, sb_syscall_number(rows[i].call), args);
		ck_assert_msg(got == rows[i].expected, "%s 0x%llx 0x%llx 0x%llx: 0x%08x, expected 0x%08x",
			      rows[i].call, (unsigned long long)rows[i].a0, (unsigned long long)rows[i].a1,
			      (unsigned long long)rows[i].a3, got, rows[i].expected);
	}
	sb_policy_free(&p);
}
END_TEST

Suite *unit_oci_suite(void)
{
	Suite *s = suite_create("unit_oci");
	TCase *tc = tcase_create("read");
	tcase_add_test(tc, decisions_match_libseccomp);
	tcase_add_test(tc, refusals);
	tcase_add_test(tc, json_reader);
	tcase_add_test(tc, seccompiler_decisions);
	suite_add_tcase(s, tc);
	return s;
}
