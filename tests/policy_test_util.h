/* Helpers shared by the policy-file unit tests: parse a policy from text, compile it with
 * sb_compile() and ask the cBPF interpreter for decisions (checked against the model). */
#ifndef SB_POLICY_TEST_UTIL_H
#define SB_POLICY_TEST_UTIL_H

#include "support.h"
#include "bpf_run.h"
#include "policy_file.h"
#include "syscalls.h"

#include <string.h>

struct compiled {
	struct sb_policy policy;
	struct sb_program prog;
};

/* Parse text (as file "name" in dir, or in memory when dir is NULL) and compile it; the
 * test fails with the parser's message when either step fails. */
static inline void compile_text(const char *text, const uint32_t *override, struct compiled *c)
{
	struct sandbox_error err = { 0 };
	struct sb_policy_file_opts opts = { .default_override = override };
	memset(c, 0, sizeof(*c));
	int rc = sb_policy_parse_text("test.policy", text, strlen(text), &opts, &c->policy, &err);
	ck_assert_msg(rc == 0, "parse failed: %s", err.message);
	rc = sb_compile(&c->policy, &c->prog, &err);
	ck_assert_msg(rc == 0, "compile failed: %s", err.message);
}

static inline void compiled_free(struct compiled *c)
{
	sb_program_free(&c->prog);
	sb_policy_free(&c->policy);
}

/* The filter's action for syscall `name` with these arguments; the model must agree. */
static inline uint32_t decide6(const struct compiled *c, const char *name, uint64_t a0, uint64_t a1,
			       uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	int nr = sb_syscall_number(name);
	ck_assert_msg(nr >= 0, "no syscall %s", name);
	uint64_t args[6] = { a0, a1, a2, a3, a4, a5 };
	struct seccomp_data d = { .nr = nr, .arch = sb_native_arch() };
	memcpy(d.args, args, sizeof(args));
	bool fault;
	uint32_t got = sb_bpf_run(c->prog.insns, c->prog.len, &d, NULL, &fault);
	ck_assert_msg(!fault, "filter faulted for %s", name);
	uint32_t model = sb_policy_decide(&c->policy, nr, args);
	ck_assert_msg(got == model, "%s: filter says 0x%08x, model 0x%08x", name, got, model);
	return got;
}
#define decide(c, name, ...) decide6_(c, name, __VA_ARGS__, 0, 0, 0, 0, 0, 0)
#define decide6_(c, name, a, b, cc, d, e, f, ...) decide6(c, name, a, b, cc, d, e, f)

/* Parsing must fail with a message containing every string given. */
static inline void expect_error(const char *text, const char *want1, const char *want2)
{
	struct sandbox_error err = { 0 };
	struct sb_policy p;
	int rc = sb_policy_parse_text("bad.policy", text, strlen(text), NULL, &p, &err);
	ck_assert_msg(rc != 0, "accepted: %s", text);
	ck_assert_msg(strstr(err.message, want1) && (!want2 || strstr(err.message, want2)),
		      "message '%s' lacks '%s' / '%s'", err.message, want1, want2 ? want2 : "");
	ck_assert_uint_eq(p.n_rules, 0);
}

#define ALLOW SECCOMP_RET_ALLOW
#define KILL SECCOMP_RET_KILL_PROCESS
#define ERRNO(e) (SECCOMP_RET_ERRNO | (e))

#endif
