#include "bpf_run.h"

#include <stddef.h>
#include <string.h>

static bool load_word(const struct seccomp_data *d, uint32_t off, uint32_t *out,
		      struct sb_bpf_trace *trace)
{
	if (off % 4 != 0 || off + 4 > sizeof(*d))
		return false;
	memcpy(out, (const char *)d + off, 4);
	if (trace) {
		if (off >= offsetof(struct seccomp_data, args))
			trace->read_args = true;
		else if (off >= offsetof(struct seccomp_data, instruction_pointer))
			trace->read_ip = true;
	}
	return true;
}

bool sb_bpf_alu(uint16_t op, uint32_t a, uint32_t operand, uint32_t *out)
{
	switch (op) {
	case BPF_ADD: *out = a + operand; return true;
	case BPF_SUB: *out = a - operand; return true;
	case BPF_MUL: *out = a * operand; return true;
	case BPF_DIV: if (!operand) return false; *out = a / operand; return true;
	case BPF_MOD: if (!operand) return false; *out = a % operand; return true;
	case BPF_AND: *out = a & operand; return true;
	case BPF_OR: *out = a | operand; return true;
	case BPF_XOR: *out = a ^ operand; return true;
	case BPF_LSH: *out = operand >= 32 ? 0 : a << operand; return true;
	case BPF_RSH: *out = operand >= 32 ? 0 : a >> operand; return true;
	case BPF_NEG: *out = -a; return true;
	}
	return false;
}

bool sb_bpf_jump_taken(uint16_t op, uint32_t a, uint32_t operand)
{
	switch (op) {
	case BPF_JEQ: return a == operand;
	case BPF_JGT: return a > operand;
	case BPF_JGE: return a >= operand;
	case BPF_JSET: return (a & operand) != 0;
	}
	return false;
}

uint32_t sb_bpf_run(const struct sock_filter *insns, size_t len, const struct seccomp_data *d,
		    struct sb_bpf_trace *trace, bool *fault)
{
	uint32_t a = 0, x = 0, mem[BPF_MEMWORDS] = { 0 };
	size_t pc = 0;

	if (trace)
		memset(trace, 0, sizeof(*trace));
	if (fault)
		*fault = false;
	while (pc < len) {
		const struct sock_filter *in = &insns[pc++];
		bool ok = true;

		if (trace)
			trace->steps++;
		switch (BPF_CLASS(in->code)) {
		case BPF_LD:
			if (in->code == (BPF_LD | BPF_W | BPF_ABS))
				ok = load_word(d, in->k, &a, trace);
			else if (in->code == (BPF_LD | BPF_W | BPF_LEN))
				a = sizeof(*d);
			else if (in->code == (BPF_LD | BPF_IMM))
				a = in->k;
			else if (in->code == (BPF_LD | BPF_MEM) && in->k < BPF_MEMWORDS)
				a = mem[in->k];
			else
				ok = false;
			break;
		case BPF_LDX:
			if (in->code == (BPF_LDX | BPF_W | BPF_LEN))
				x = sizeof(*d);
			else if (in->code == (BPF_LDX | BPF_IMM))
				x = in->k;
			else if (in->code == (BPF_LDX | BPF_MEM) && in->k < BPF_MEMWORDS)
				x = mem[in->k];
			else
				ok = false;
			break;
		case BPF_ST:
		case BPF_STX:
			if (in->k >= BPF_MEMWORDS)
				ok = false;
			else
				mem[in->k] = BPF_CLASS(in->code) == BPF_ST ? a : x;
			break;
		case BPF_ALU:
			ok = sb_bpf_alu(BPF_OP(in->code), a, BPF_SRC(in->code) == BPF_X ? x : in->k, &a);
			break;
		case BPF_JMP:
			if (BPF_OP(in->code) == BPF_JA) {
				pc += in->k;
			} else {
				uint32_t operand = BPF_SRC(in->code) == BPF_X ? x : in->k;
				pc += sb_bpf_jump_taken(BPF_OP(in->code), a, operand) ? in->jt : in->jf;
			}
			break;
		case BPF_RET:
			return BPF_RVAL(in->code) == BPF_A ? a : in->k;
		case BPF_MISC:
			if (BPF_MISCOP(in->code) == BPF_TAX)
				x = a;
			else
				a = x;
			break;
		default:
			ok = false;
		}
		if (!ok)
			break;
	}
	if (fault)
		*fault = true;
	return SECCOMP_RET_KILL_PROCESS;
}

static bool seccomp_allows(uint16_t code, uint32_t k)
{
	switch (code) {
	case BPF_LD | BPF_W | BPF_ABS:
		return k % 4 == 0 && k < sizeof(struct seccomp_data);
	case BPF_LD | BPF_W | BPF_LEN:
	case BPF_LDX | BPF_W | BPF_LEN:
	case BPF_RET | BPF_K: case BPF_RET | BPF_A:
	case BPF_ALU | BPF_ADD | BPF_K: case BPF_ALU | BPF_ADD | BPF_X:
	case BPF_ALU | BPF_SUB | BPF_K: case BPF_ALU | BPF_SUB | BPF_X:
	case BPF_ALU | BPF_MUL | BPF_K: case BPF_ALU | BPF_MUL | BPF_X:
	case BPF_ALU | BPF_DIV | BPF_X:
	case BPF_ALU | BPF_AND | BPF_K: case BPF_ALU | BPF_AND | BPF_X:
	case BPF_ALU | BPF_OR | BPF_K: case BPF_ALU | BPF_OR | BPF_X:
	case BPF_ALU | BPF_XOR | BPF_K: case BPF_ALU | BPF_XOR | BPF_X:
	case BPF_ALU | BPF_LSH | BPF_X: case BPF_ALU | BPF_RSH | BPF_X:
	case BPF_ALU | BPF_NEG:
	case BPF_LD | BPF_IMM: case BPF_LDX | BPF_IMM:
	case BPF_MISC | BPF_TAX: case BPF_MISC | BPF_TXA:
	case BPF_JMP | BPF_JA:
	case BPF_JMP | BPF_JEQ | BPF_K: case BPF_JMP | BPF_JEQ | BPF_X:
	case BPF_JMP | BPF_JGE | BPF_K: case BPF_JMP | BPF_JGE | BPF_X:
	case BPF_JMP | BPF_JGT | BPF_K: case BPF_JMP | BPF_JGT | BPF_X:
	case BPF_JMP | BPF_JSET | BPF_K: case BPF_JMP | BPF_JSET | BPF_X:
		return true;
	case BPF_ALU | BPF_DIV | BPF_K:
		return k != 0;
	case BPF_ALU | BPF_LSH | BPF_K: case BPF_ALU | BPF_RSH | BPF_K:
		return k < 32;
	case BPF_LD | BPF_MEM: case BPF_LDX | BPF_MEM:
	case BPF_ST: case BPF_STX:
		return k < BPF_MEMWORDS;
	}
	return false;
}

/* The kernel refuses a load from a scratch word that some path reaches without storing
 * it. Jumps only go forward, so one pass carries the words stored on every path: what
 * falls through, intersected with what every jump to the instruction brings. Index of the
 * first bad load, or len. */
static size_t unstored_load(const struct sock_filter *insns, size_t len)
{
	uint16_t stored_on_arrival[BPF_MAXINSNS];
	uint16_t stored = 0;
	for (size_t i = 0; i < len; i++)
		stored_on_arrival[i] = 0xffff;
	for (size_t i = 0; i < len; i++) {
		const struct sock_filter *in = &insns[i];
		stored &= stored_on_arrival[i];
		if (in->code == BPF_ST || in->code == BPF_STX) {
			stored |= (uint16_t)(1u << in->k);
		} else if (in->code == (BPF_LD | BPF_MEM) || in->code == (BPF_LDX | BPF_MEM)) {
			if (!(stored & (1u << in->k)))
				return i;
		} else if (BPF_CLASS(in->code) == BPF_JMP) {
			if (BPF_OP(in->code) == BPF_JA) {
				stored_on_arrival[i + 1 + in->k] &= stored;
			} else {
				stored_on_arrival[i + 1 + in->jt] &= stored;
				stored_on_arrival[i + 1 + in->jf] &= stored;
			}
			stored = 0xffff;   /* nothing falls through a jump */
		}
	}
	return len;
}

const char *sb_bpf_validate(const struct sock_filter *insns, size_t len, size_t *bad_index)
{
	if (len == 0)
		return "empty program";
	if (len > BPF_MAXINSNS) {
		if (bad_index)
			*bad_index = BPF_MAXINSNS;
		return "more than 4096 instructions";
	}
	for (size_t i = 0; i < len; i++) {
		const struct sock_filter *in = &insns[i];
		if (bad_index)
			*bad_index = i;
		if (!seccomp_allows(in->code, in->k))
			return "instruction not allowed in a seccomp filter";
		if (BPF_CLASS(in->code) == BPF_JMP) {
			size_t far = BPF_OP(in->code) == BPF_JA ? (size_t)in->k
				     : (in->jt > in->jf ? in->jt : in->jf);
			if (far >= len - i - 1)
				return "jump out of range";
		}
	}
	if (bad_index)
		*bad_index = len - 1;
	if (BPF_CLASS(insns[len - 1].code) != BPF_RET)
		return "program does not end with a return";
	size_t load = unstored_load(insns, len);
	if (load < len) {
		if (bad_index)
			*bad_index = load;
		return "load from a scratch word not stored on every path to it";
	}
	return NULL;
}
