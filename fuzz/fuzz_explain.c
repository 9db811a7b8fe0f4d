/* libFuzzer target: explain's symbolic path exploration, checked against the concrete
 * interpreter. The input is a filter (8-byte instructions) followed by nothing else; every
 * valid program is explored for a few syscall numbers, and for argument values taken from
 * the input the one path whose conditions hold must give the interpreter's action and
 * instruction count. */
#include "bpf_paths.h"
#include "bpf_run.h"
#include "syscalls.h"

#include <stdlib.h>
#include <string.h>

struct check {
	const struct seccomp_data *d;
	int matches;
	bool opaque;
	const struct sb_path *found;
	struct sb_path copy;
};

static bool holds(const struct sb_path_cond *c, const struct seccomp_data *d)
{
	uint32_t words[16];
	memcpy(words, d, sizeof(words));
	uint32_t v = words[c->word] & c->mask;
	bool r = c->op == BPF_JEQ ? v == c->value : c->op == BPF_JGT ? v > c->value
		: c->op == BPF_JGE ? v >= c->value : (v & c->value) != 0;
	return r == c->taken;
}

static bool visit(const struct sb_path *p, void *ctx)
{
	struct check *c = ctx;
	for (size_t i = 0; i < p->n_conds; i++) {
		if (p->conds[i].word < 0) {
			c->opaque = true;
			return true;
		}
		if (!holds(&p->conds[i], c->d))
			return true;
	}
	c->matches++;
	c->copy = *p;
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t len = size / sizeof(struct sock_filter);
	if (len == 0 || len > 64)
		return 0;
	struct sock_filter insns[64];
	memcpy(insns, data, len * sizeof(struct sock_filter));
	if (sb_bpf_validate(insns, len, NULL))
		return 0;
	uint64_t seed = 0;
	for (size_t i = 0; i < size; i++)
		seed = seed * 131 + data[i];
	for (int round = 0; round < 4; round++) {
		struct seccomp_data d = { .nr = (int)(seed % 8), .arch = round == 3 ? 0x40000003u : sb_native_arch() };
		for (int a = 0; a < 6; a++) {
			seed = seed * 6364136223846793005ull + 1442695040888963407ull;
			d.args[a] = (seed >> 7) % 3 == 0 ? (seed & 0xff) : seed;
		}
		d.instruction_pointer = seed ^ 0x5555;
		struct sb_bpf_trace trace;
		bool fault;
		uint32_t want = sb_bpf_run(insns, len, &d, &trace, &fault);
		struct check c = { .d = &d };
		bool truncated;
		sb_bpf_paths(insns, len, d.arch, (uint32_t)d.nr, 4096, visit, &c, &truncated);
		if (truncated || c.opaque)
			continue;
		if (c.matches != 1)
			abort();
		if (c.copy.fault)
			continue;
		if (c.copy.action != want || c.copy.steps != trace.steps)
			abort();
		char text[1024];
		sb_path_conditions_text(&c.copy, text, sizeof(text));
	}
	return 0;
}
