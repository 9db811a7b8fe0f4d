/*
 * libFuzzer target for the SECCOMP_SYSCALL_ALLOW / _DENY list parser: any input must
 * either give a policy whose compiled filter decides every syscall number as the model
 * does, with every named entry in it, or fail with a one-line message. The first byte
 * picks allow ('A', or an even byte) or deny mode; the rest is the list.
 * Build and run: make fuzz && make fuzz-run FUZZ_TARGETS=list.
 */
#include "bpf_run.h"
#include "config.h"
#include "filter.h"
#include "scratch.h"
#include "syscalls.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The list's own entries, split here without the parser's one-pass scan: each name the
 * table knows has a rule. */
static void check_names(const struct sb_policy *p, const char *list)
{
	for (const char *e = list; *e;) {
		size_t n = strcspn(e, ":");
		char name[80];
		if (n > 0 && n < sizeof(name) && e[0] != '@') {
			memcpy(name, e, n);
			name[n] = '\0';
			int nr = sb_syscall_parse(name);
			if (nr >= 0 && !sb_policy_find(p, nr)) {
				fprintf(stderr, "entry %s (%d) has no rule\n", name, nr);
				abort();
			}
		}
		e += n;
		if (*e == ':')
			e++;
	}
}

static void check_filter(const struct sb_policy *p, const struct sb_program *prog)
{
	uint64_t args[6] = { 0 };
	for (int nr = 0; nr < SB_NR_LIMIT + 8; nr++) {
		struct seccomp_data d = { .nr = nr, .arch = sb_native_arch() };
		bool fault;
		uint32_t got = sb_bpf_run(prog->insns, prog->len, &d, NULL, &fault);
		uint32_t want = sb_policy_decide(p, nr, args);
		if (fault || got != want) {
			fprintf(stderr, "filter and model disagree: nr %d: filter 0x%08x, model "
				"0x%08x%s\n", nr, got, want, fault ? " (fault)" : "");
			abort();
		}
	}
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static int null_fd = -1;
	if (null_fd < 0)
		null_fd = open("/dev/null", O_WRONLY);
	if (size == 0)
		return 0;
	bool allow = data[0] == 'A' || (data[0] != 'D' && data[0] % 2 == 0);
	char *list = malloc(size);
	memcpy(list, data + 1, size - 1);
	list[size - 1] = '\0';
	/* The library builds in its scratch region; so does this. */
	bool scratch = sb_scratch_begin();
	struct sb_policy policy;
	struct sb_messages messages = { 0 };
	struct sandbox_error err = { 0 };
	if (sb_policy_from_list(allow ? SANDBOX_ALLOW_LIST : SANDBOX_DENY_LIST, list,
				SECCOMP_RET_KILL_PROCESS, "SECCOMP_SYSCALL_ALLOW", &policy, &messages,
				&err)) {
		if (!err.message[0] || strchr(err.message, '\n'))
			abort();
		free(list);
		if (scratch)
			sb_scratch_end();
		return 0;
	}
	check_names(&policy, list);
	sb_messages_write(&messages, null_fd);
	/* Rules added after the list, as the report adds its own: the list's array was cut
	 * to what it held, and appending must grow it, not write past it. */
	for (int nr = 0; nr < SB_NR_LIMIT; nr += 97)
		if (!sb_policy_rule(&policy, nr, policy.default_action))
			abort();
	sb_policy_finish(&policy);
	struct sb_program prog = { 0 };
	if (sb_compile(&policy, &prog, &err) == 0) {
		check_filter(&policy, &prog);
		sb_program_free(&prog);
	}
	sb_policy_free(&policy);
	free(list);
	if (scratch)
		sb_scratch_end();
	return 0;
}
