/* A seccomp filter as text, in the layout of libseccomp's scmp_bpf_disasm, with the
 * seccomp_data field each load reads and the syscall each comparison with nr names. */
#include "bpf_paths.h"
#include "policy.h"
#include "syscalls.h"

#include <stddef.h>
#include <stdio.h>
#include <linux/seccomp.h>

static const char *field_name(uint32_t off, char *buf, size_t len)
{
	if (off == 0)
		return "nr";
	if (off == 4)
		return "arch";
	if (off == 8 || off == 12)
		return off == 8 ? "instruction_pointer lo" : "instruction_pointer hi";
	if (off >= 16 && off < 64) {
		snprintf(buf, len, "args[%u] %s", (off - 16) / 8, (off - 16) % 8 ? "hi" : "lo");
		return buf;
	}
	return "out of seccomp_data";
}

static const char *ret_name(uint32_t k, char *buf, size_t len)
{
	switch (k & SECCOMP_RET_ACTION_FULL) {
	case SECCOMP_RET_KILL_PROCESS: return "KILL_PROCESS";
	case SECCOMP_RET_KILL_THREAD: return "KILL";
	case SECCOMP_RET_TRAP: return "TRAP";
	case SECCOMP_RET_LOG: return "LOG";
	case SECCOMP_RET_ALLOW: return "ALLOW";
	case SECCOMP_RET_USER_NOTIF: return "USER_NOTIF";
	case SECCOMP_RET_ERRNO: snprintf(buf, len, "ERRNO(%u)", k & SECCOMP_RET_DATA); return buf;
	case SECCOMP_RET_TRACE: snprintf(buf, len, "TRACE(%u)", k & SECCOMP_RET_DATA); return buf;
	}
	snprintf(buf, len, "0x%08x", k);
	return buf;
}

void sb_bpf_disasm(FILE *out, const struct sock_filter *insns, size_t len)
{
	static const char *const alu_names[16] = {
		[BPF_ADD >> 4] = "add", [BPF_SUB >> 4] = "sub", [BPF_MUL >> 4] = "mul",
		[BPF_DIV >> 4] = "div", [BPF_OR >> 4] = "or", [BPF_AND >> 4] = "and",
		[BPF_LSH >> 4] = "lsh", [BPF_RSH >> 4] = "rsh", [BPF_NEG >> 4] = "neg",
		[BPF_MOD >> 4] = "mod", [BPF_XOR >> 4] = "xor",
	};
	static const char *const jmp_names[16] = {
		[BPF_JA >> 4] = "jmp", [BPF_JEQ >> 4] = "jeq", [BPF_JGT >> 4] = "jgt",
		[BPF_JGE >> 4] = "jge", [BPF_JSET >> 4] = "jset",
	};
	/* Which word A holds, in program order (a hint, exact for straight-line loads). */
	int64_t a_field = -1;

	fprintf(out, " line  OP   JT   JF   K\n=================================\n");
	for (size_t i = 0; i < len; i++) {
		const struct sock_filter *in = &insns[i];
		char text[64] = "", note[96] = "", buf[48];
		uint32_t k = in->k;
		switch (BPF_CLASS(in->code)) {
		case BPF_LD:
		case BPF_LDX: {
			const char *op = BPF_CLASS(in->code) == BPF_LD ? "ld " : "ldx";
			switch (BPF_MODE(in->code)) {
			case BPF_ABS:
				snprintf(text, sizeof(text), "%s $data[%u]", op, k);
				snprintf(note, sizeof(note), "%s", field_name(k, buf, sizeof(buf)));
				break;
			case BPF_MEM: snprintf(text, sizeof(text), "%s $temp[%u]", op, k); break;
			case BPF_LEN: snprintf(text, sizeof(text), "%s $len", op); break;
			default: snprintf(text, sizeof(text), "%s %u", op, k);
			}
			if (BPF_CLASS(in->code) == BPF_LD)
				a_field = BPF_MODE(in->code) == BPF_ABS ? (int64_t)k : -1;
			break;
		}
		case BPF_ST: snprintf(text, sizeof(text), "st  $temp[%u]", k); break;
		case BPF_STX: snprintf(text, sizeof(text), "stx $temp[%u]", k); break;
		case BPF_ALU: {
			const char *name = alu_names[BPF_OP(in->code) >> 4];
			if (BPF_SRC(in->code) == BPF_X)
				snprintf(text, sizeof(text), "%s X", name ? name : "???");
			else
				snprintf(text, sizeof(text), "%s %u", name ? name : "???", k);
			a_field = -1;
			break;
		}
		case BPF_JMP: {
			const char *name = jmp_names[BPF_OP(in->code) >> 4];
			if (BPF_OP(in->code) == BPF_JA) {
				snprintf(text, sizeof(text), "jmp %04zu", i + 1 + k);
				break;
			}
			if (BPF_SRC(in->code) == BPF_X)
				snprintf(text, sizeof(text), "%s X true:%04zu false:%04zu", name ? name : "???",
					 i + 1 + in->jt, i + 1 + in->jf);
			else
				snprintf(text, sizeof(text), "%s %u true:%04zu false:%04zu", name ? name : "???",
					 k, i + 1 + in->jt, i + 1 + in->jf);
			if (a_field == 0 && BPF_SRC(in->code) == BPF_K && sb_syscall_name((int)k))
				snprintf(note, sizeof(note), "nr %s %s",
					 BPF_OP(in->code) == BPF_JEQ ? "==" : BPF_OP(in->code) == BPF_JGE ? ">="
					 : BPF_OP(in->code) == BPF_JGT ? ">" : "&", sb_syscall_name((int)k));
			else if (a_field == 4 && sb_arch_name(k))
				snprintf(note, sizeof(note), "arch %s", sb_arch_name(k));
			break;
		}
		case BPF_RET:
			if (BPF_RVAL(in->code) == BPF_A)
				snprintf(text, sizeof(text), "ret A");
			else
				snprintf(text, sizeof(text), "ret %s", ret_name(k, buf, sizeof(buf)));
			break;
		case BPF_MISC:
			snprintf(text, sizeof(text), "%s", BPF_MISCOP(in->code) == BPF_TAX ? "tax" : "txa");
			break;
		}
		fprintf(out, " %04zu: 0x%02x 0x%02x 0x%02x 0x%08x   ", i, in->code, in->jt, in->jf, k);
		if (note[0])
			fprintf(out, "%-36s; %s\n", text, note);
		else
			fprintf(out, "%s\n", text);
	}
}
