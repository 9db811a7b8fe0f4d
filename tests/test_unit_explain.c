/* Symbolic path exploration and disassembly, checked against the concrete interpreter: for
 * sample argument values, the path whose conditions hold must be the one the interpreter
 * takes (same action, same instruction count). */
#include "support.h"
#include "bpf_paths.h"
#include "bpf_run.h"
#include "libseccomp_filter.h"
#include "syscalls.h"

#include <linux/audit.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

static int nr(const char *name)
{
	int n = sb_syscall_number(name);
	ck_assert(n >= 0);
	return n;
}

/* ioctl(arg1 in {TCGETS, TIOCGWINSZ}), mmap/mprotect W^X, socket(arg0 > 2) errno (not for
 * libseccomp: it has no ordering on a 32-bit argument), read/write allowed, everything else
 * killed. */
static void build_policy(struct sb_policy *p, bool for_libseccomp)
{
	sb_policy_init(p, SECCOMP_RET_KILL_PROCESS);
	sb_policy_rule(p, nr("read"), SECCOMP_RET_ALLOW);
	sb_policy_rule(p, nr("write"), SECCOMP_RET_ALLOW);
	struct sb_rule *r = sb_policy_rule(p, nr("ioctl"), SECCOMP_RET_KILL_PROCESS);
	struct sb_atom a1 = { 1, SB_OP_EQ, 0x5401 }, a2 = { 1, SB_OP_EQ, 0x5413 };
	struct sb_clause io[2] = { { &a1, 1 }, { &a2, 1 } };
	ck_assert_int_eq(sb_rule_add_case(r, io, 2, SECCOMP_RET_ALLOW), 0);
	for (int i = 0; i < 2; i++) {
		r = sb_policy_rule(p, nr(i ? "mprotect" : "mmap"), SECCOMP_RET_KILL_PROCESS);
		struct sb_atom w1 = { 2, SB_OP_IN, ~(uint64_t)PROT_EXEC }, w2 = { 2, SB_OP_IN, ~(uint64_t)PROT_WRITE };
		struct sb_clause wx[2] = { { &w1, 1 }, { &w2, 1 } };
		ck_assert_int_eq(sb_rule_add_case(r, wx, 2, SECCOMP_RET_ALLOW), 0);
	}
	if (!for_libseccomp) {
		r = sb_policy_rule(p, nr("socket"), SECCOMP_RET_KILL_PROCESS);
		struct sb_atom s1 = { 0, SB_OP_GT, 2 };
		struct sb_clause so = { &s1, 1 };
		ck_assert_int_eq(sb_rule_add_case(r, &so, 1, SECCOMP_RET_ERRNO | 13), 0);
	}
	sb_policy_finish(p);
}

static bool cond_holds(const struct sb_path_cond *c, const struct seccomp_data *d)
{
	uint32_t words[16];
	memcpy(words, d, sizeof(words));
	uint32_t v = words[c->word] & c->mask;
	bool r = c->op == BPF_JEQ ? v == c->value : c->op == BPF_JGT ? v > c->value
		: c->op == BPF_JGE ? v >= c->value : (v & c->value) != 0;
	return r == c->taken;
}

struct check {
	const struct seccomp_data *d;
	int matches;
	uint32_t action;
	size_t steps;
};

static bool match_path(const struct sb_path *p, void *ctx)
{
	struct check *c = ctx;
	for (size_t i = 0; i < p->n_conds; i++)
		if (p->conds[i].word < 0 || !cond_holds(&p->conds[i], c->d))
			return true;
	c->matches++;
	c->action = p->action;
	c->steps = p->steps;
	return true;
}

static void check_program(const struct sb_program *prog)
{
	static const uint64_t samples[] = { 0, 1, 2, 3, 4, 5, 6, 7, 0x5401, 0x5413, 0x5402,
					    0x100005401ull, 0xffffffffull, ~0ull };
	for (int n = 0; n < SB_SYSCALL_LIMIT; n++) {
		if (!sb_syscall_name(n))
			continue;
		for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
			struct seccomp_data d = { .nr = n, .arch = sb_native_arch() };
			for (int a = 0; a < 6; a++)
				d.args[a] = samples[(i + (size_t)a * 3) % (sizeof(samples) / sizeof(samples[0]))];
			d.args[1] = d.args[2] = d.args[0] = samples[i];
			struct sb_bpf_trace trace;
			uint32_t want = sb_bpf_run(prog->insns, prog->len, &d, &trace, NULL);
			struct check c = { .d = &d };
			bool truncated;
			sb_bpf_paths(prog->insns, prog->len, d.arch, (uint32_t)n, 1000, match_path, &c, &truncated);
			ck_assert(!truncated);
			ck_assert_msg(c.matches == 1, "%s(0x%llx): %d paths match", sb_syscall_name(n),
				      (unsigned long long)samples[i], c.matches);
			ck_assert_uint_eq(c.action, want);
			ck_assert_uint_eq(c.steps, trace.steps);
		}
	}
}

START_TEST(paths_agree_with_interpreter)
{
	struct sb_policy p;
	struct sb_program prog;
	struct sandbox_error err = { 0 };
	build_policy(&p, false);
	ck_assert_msg(sb_compile(&p, &prog, &err) == 0, "%s", err.message);
	check_program(&prog);
	sb_program_free(&prog);
	sb_policy_free(&p);
	/* libseccomp's other layout too. */
	build_policy(&p, true);
	ck_assert_msg(sb_compile_libseccomp(&p, 1, &prog, &err) == 0, "%s", err.message);
	check_program(&prog);
	sb_program_free(&prog);
	sb_policy_free(&p);
}
END_TEST

struct texts {
	char text[8][256];
	uint32_t action[8];
	size_t n;
};

static bool keep_text(const struct sb_path *p, void *ctx)
{
	struct texts *t = ctx;
	if (t->n < 8) {
		t->action[t->n] = p->action;
		sb_path_conditions_text(p, t->text[t->n++], 256);
	}
	return true;
}

START_TEST(conditions_read_like_the_policy)
{
	struct sb_policy p;
	struct sb_program prog;
	struct sandbox_error err = { 0 };
	build_policy(&p, false);
	ck_assert_int_eq(sb_compile(&p, &prog, &err), 0);
	struct texts t = { .n = 0 };
	sb_bpf_paths(prog.insns, prog.len, sb_native_arch(), (uint32_t)nr("ioctl"), 100, keep_text, &t, NULL);
	bool tcgets = false, winsz = false, killed = false;
	for (size_t i = 0; i < t.n; i++) {
		/* arguments by their declared names, constants by name */
		tcgets |= t.action[i] == SECCOMP_RET_ALLOW && !strcmp(t.text[i], "arg1 (cmd) == TCGETS");
		winsz |= t.action[i] == SECCOMP_RET_ALLOW && !strcmp(t.text[i], "arg1 (cmd) == TIOCGWINSZ");
		/* cmd is an unsigned int: its high word is never looked at */
		killed |= t.action[i] == SECCOMP_RET_KILL_PROCESS &&
			  !strcmp(t.text[i], "arg1 (cmd) != TCGETS && arg1 (cmd) != TIOCGWINSZ");
	}
	ck_assert_msg(tcgets && winsz && killed, "%s | %s | %s", t.text[0], t.text[1], t.text[2]);
	t.n = 0;
	sb_bpf_paths(prog.insns, prog.len, sb_native_arch(), (uint32_t)nr("read"), 100, keep_text, &t, NULL);
	ck_assert_uint_eq(t.n, 1);
	ck_assert_str_eq(t.text[0], "");
	t.n = 0;
	sb_bpf_paths(prog.insns, prog.len, AUDIT_ARCH_I386, 3, 100, keep_text, &t, NULL);
	ck_assert(t.n == 1 && t.action[0] == SECCOMP_RET_KILL_PROCESS);
	sb_program_free(&prog);
	sb_policy_free(&p);
}
END_TEST

START_TEST(hand_written_programs)
{
	/* ALU on an argument, a scratch slot, and a path that falls off the end. */
	struct sock_filter insns[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 16),          /* args[0] lo */
		BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 0xff),
		BPF_STMT(BPF_ST, 3),
		BPF_STMT(BPF_LD | BPF_MEM, 3),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 7, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_ALU | BPF_ADD | BPF_K, 1),
		BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, 100, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1),
	};
	struct texts t = { .n = 0 };
	sb_bpf_paths(insns, 9, sb_native_arch(), 9, 100, keep_text, &t, NULL);
	ck_assert_uint_eq(t.n, 3);
	ck_assert_str_eq(t.text[0], "(arg0.lo & 0xff) == 0x7");
	ck_assert_uint_eq(t.action[0], SECCOMP_RET_ALLOW);
	ck_assert_msg(strstr(t.text[1], "<computed> > 0x64"), "%s", t.text[1]);
	ck_assert_uint_eq(t.action[1], SECCOMP_RET_ERRNO | 1);
	ck_assert_uint_eq(t.action[2], SECCOMP_RET_KILL_PROCESS);   /* fell off the end */

	/* Dividing by an argument: zero is the kernel's fault, a path of its own (found by
	 * the differential fuzzer). */
	struct sock_filter divide[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 16),
		BPF_STMT(BPF_MISC | BPF_TAX, 0),
		BPF_STMT(BPF_LD | BPF_IMM, 100),
		BPF_STMT(BPF_ALU | BPF_DIV | BPF_X, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct texts d = { .n = 0 };
	sb_bpf_paths(divide, 5, sb_native_arch(), 9, 100, keep_text, &d, NULL);
	ck_assert_uint_eq(d.n, 2);
	ck_assert_str_eq(d.text[0], "arg0.lo == 0x0");
	ck_assert_uint_eq(d.action[0], SECCOMP_RET_KILL_PROCESS);
	ck_assert_str_eq(d.text[1], "arg0.lo != 0x0");
	ck_assert_uint_eq(d.action[1], SECCOMP_RET_ALLOW);

	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	sb_bpf_disasm(f, insns, 9);
	fclose(f);
	ck_assert_msg(strstr(buf, " 0000: 0x20 0x00 0x00 0x00000010   ld  $data[16]") &&
		      strstr(buf, "; args[0] lo") && strstr(buf, "and 255") && strstr(buf, "st  $temp[3]") &&
		      strstr(buf, "jeq 7 true:0005 false:0006") && strstr(buf, "ret ALLOW") &&
		      strstr(buf, "ret ERRNO(1)"), "%s", buf);
	free(buf);
}
END_TEST

Suite *unit_explain_suite(void)
{
	Suite *s = suite_create("unit_explain");
	TCase *tc = tcase_create("paths");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, paths_agree_with_interpreter);
	tcase_add_test(tc, conditions_read_like_the_policy);
	tcase_add_test(tc, hand_written_programs);
	suite_add_tcase(s, tc);
	return s;
}
