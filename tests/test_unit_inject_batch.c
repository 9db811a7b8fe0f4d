/* The calls a stopped program makes in one run (launcher/inject_batch.c), in real traced
 * processes: each list, then the results and the message expected. The same lists run
 * one single-step per call in a program with no room for the runner beside its entry. */
#include "support.h"
#include "inject_batch.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* A static program stopped at its first instruction, traced by us. */
static pid_t start_stopped(const char *path)
{
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		ptrace(PTRACE_TRACEME, 0, NULL, NULL);
		execl(path, path, (char *)NULL);
		_exit(127);
	}
	int status;
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFSTOPPED(status) && WSTOPSIG(status) == SIGTRAP, "%s: %s", path,
		      describe_status(status));
	return pid;
}

static void stop_it(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

static const char *program(int i)
{
	return i ? write_entry_at_the_end(NULL) : build_path("tests/prog/syscaller-static");
}

#define CONTEXT "testing"

/* Results feed later calls and land in memory: open, dup of what it opened, closes. */
START_TEST(results_feed_later_calls)
{
	pid_t pid = start_stopped(program(_i));
	struct sb_tracee t;
	struct sb_batch b = { 0 };
	struct sandbox_error err = { 0 };
	ck_assert_int_eq(sb_inject_begin(&t, pid, &err), SANDBOX_OK);
	static const char data[16] = "/dev/null";
	uintptr_t path_at, word_at;
	ck_assert_int_eq(sb_inject_scratch(&t, data, sizeof(data), &path_at, &err), SANDBOX_OK);
	ck_assert_int_eq(sb_inject_scratch(&t, (char[16]){ 0 }, 16, &word_at, &err), SANDBOX_OK);

	/* O_APPEND marks what was opened: F_GETFL on the dup shows it came from this open. */
	const long open_args[6] = { AT_FDCWD, (long)path_at, O_WRONLY | O_APPEND | O_CLOEXEC };
	const long none[6] = { 0 }, getfl[6] = { 0, F_GETFL };
	long opened = sb_batch_add(&b, "open", CONTEXT, SYS_openat, open_args,
				   SB_BATCH_EXPECT_NOT_ERROR, &err);
	sb_batch_store(&b, opened, word_at);
	long duped = sb_batch_add(&b, "dup", CONTEXT, SYS_dup, none, SB_BATCH_EXPECT_NOT_ERROR, &err);
	sb_batch_arg_from(&b, duped, 0, opened);
	long flags = sb_batch_add(&b, "fcntl", CONTEXT, SYS_fcntl, getfl, SB_BATCH_EXPECT_NOT_ERROR, &err);
	sb_batch_arg_from(&b, flags, 0, duped);
	long pid_call = sb_batch_add(&b, "getpid", CONTEXT, SYS_getpid, none,
				     SB_BATCH_EXPECT_NOT_ERROR, &err);
	long close_dup = sb_batch_add(&b, "close", CONTEXT, SYS_close, none, SB_BATCH_EXPECT_ZERO, &err);
	sb_batch_arg_from(&b, close_dup, 0, duped);
	long close_first = sb_batch_add(&b, "close", CONTEXT, SYS_close, none, SB_BATCH_EXPECT_ZERO, &err);
	sb_batch_arg_from(&b, close_first, 0, opened);

	ck_assert_msg(sb_batch_run(&t, &b, &err) == SANDBOX_OK, "%s", err.message);
	ck_assert(b.stepped == (_i == 1));
	long fd = (long)b.calls[opened].result;
	long dup_fd = (long)b.calls[duped].result;
	ck_assert_msg(fd >= 0 && dup_fd >= 0 && dup_fd != fd, "%ld %ld", fd, dup_fd);
	ck_assert_int_eq((long)b.calls[flags].result & (O_ACCMODE | O_APPEND), O_WRONLY | O_APPEND);
	ck_assert_int_eq((long)b.calls[pid_call].result, pid);
	ck_assert_int_eq((long)b.calls[close_dup].result, 0);
	ck_assert_int_eq((long)b.calls[close_first].result, 0);
	uint64_t stored;
	ck_assert_int_eq(sb_inject_read(&t, word_at, &stored, sizeof(stored), &err), SANDBOX_OK);
	ck_assert_int_eq((long)stored, fd);
	ck_assert_int_eq(sb_inject_end(&t, &err), SANDBOX_OK);
	sb_batch_free(&b);

	/* Put back as it was: the program runs from its first instruction to its end. */
	ck_assert_int_eq(ptrace(PTRACE_CONT, pid, NULL, NULL), 0);
	int status;
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "%s",
		      describe_status(status));
}
END_TEST

/* The first call that misses its expectation stops the run and is named; none after it
 * is made. */
START_TEST(first_failure_stops_the_run)
{
	pid_t pid = start_stopped(program(_i));
	struct sb_tracee t;
	struct sb_batch b = { 0 };
	struct sandbox_error err = { 0 };
	ck_assert_int_eq(sb_inject_begin(&t, pid, &err), SANDBOX_OK);
	const long none[6] = { 0 }, bad_fd[6] = { 1000 }, ptracer[6] = { 0x59616d61, 0 };
	sb_batch_add(&b, "getpid", CONTEXT, SYS_getpid, none, SB_BATCH_EXPECT_NOT_ERROR, &err);
	long closed = sb_batch_add(&b, "close", CONTEXT, SYS_close, bad_fd, SB_BATCH_EXPECT_ZERO, &err);
	long after = sb_batch_add(&b, "prctl", CONTEXT, SYS_prctl, ptracer, SB_BATCH_EXPECT_ZERO, &err);
	ck_assert_int_eq(sb_batch_run(&t, &b, &err), SANDBOX_ELOAD);
	char expected[128];
	snprintf(expected, sizeof(expected), "close in process %d (" CONTEXT "): %s", (int)pid,
		 strerror(EBADF));
	ck_assert_str_eq(err.message, expected);
	ck_assert_int_eq((long)b.calls[closed].result, -EBADF);
	ck_assert_int_eq((long)b.calls[after].result, 0);   /* never made */
	/* A message of the caller's own instead of the generic one. */
	ck_assert_int_eq(sb_batch_on_failure(&b, closed, SANDBOX_ECONFIG, "X: 'y' cannot be opened",
					     &err), SANDBOX_OK);
	ck_assert_int_eq(sb_batch_run(&t, &b, &err), SANDBOX_ECONFIG);
	ck_assert_str_eq(err.message, "X: 'y' cannot be opened");
	ck_assert_int_eq(sb_inject_end(&t, &err), SANDBOX_OK);
	sb_batch_free(&b);
	stop_it(pid);
}
END_TEST

/* A program of one page at 0x200000 whose interpreter is `interp`: the kernel maps both
 * and starts at the interpreter's entry point, above the program in /proc/PID/maps. */
static void write_with_interpreter(const char *path, const char *interp)
{
	unsigned char image[4096] = { 0 };
	const uint64_t base = 0x200000;
	size_t interp_at = sizeof(Elf64_Ehdr) + 2 * sizeof(Elf64_Phdr), interp_len = strlen(interp) + 1;
	ck_assert_uint_lt(interp_at + interp_len, sizeof(image));
	Elf64_Ehdr eh = {
		.e_ident = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS64, ELFDATA2LSB, EV_CURRENT },
		.e_type = ET_EXEC, .e_machine = EM_X86_64, .e_version = EV_CURRENT,
		.e_entry = base + sizeof(image) - 1, .e_phoff = sizeof(Elf64_Ehdr),
		.e_ehsize = sizeof(Elf64_Ehdr), .e_phentsize = sizeof(Elf64_Phdr), .e_phnum = 2 };
	Elf64_Phdr ph[2] = {
		{ .p_type = PT_INTERP, .p_flags = PF_R, .p_offset = interp_at, .p_vaddr = base + interp_at,
		  .p_filesz = interp_len, .p_memsz = interp_len, .p_align = 1 },
		{ .p_type = PT_LOAD, .p_flags = PF_R | PF_X, .p_vaddr = base, .p_paddr = base,
		  .p_filesz = sizeof(image), .p_memsz = sizeof(image), .p_align = 4096 } };
	memcpy(image, &eh, sizeof(eh));
	memcpy(image + sizeof(eh), ph, sizeof(ph));
	memcpy(image + interp_at, interp, interp_len);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0755);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, image, sizeof(image)), sizeof(image));
	close(fd);
}

/*
 * The program chooses its file's name, which /proc/PID/maps shows at the end of its
 * mapping's line. A name long enough that the line is read in two parts, the second
 * starting like a line of its own ("0-7fffffffffff r-xp"), must not pass for a mapping
 * that holds the entry point: its interpreter's entry leaves no room, and the runner
 * placed there would run past the real mapping.
 */
START_TEST(a_file_name_does_not_pass_for_a_mapping)
{
	/* The name starts at column 73 of the line and the line is read 511 bytes at a
	 * time: the fragment goes at byte 438 of the path. */
	const size_t name_column = 73, chunk = 511, fragment_at = chunk - name_column;
	const char *fragment = "0-7fffffffffff r-xp 00000000 00:00 0 fake";
	const char *dir = make_temp_dir();
	char interp[1024], path[1024];
	snprintf(interp, sizeof(interp), "%s/interp", dir);
	write_entry_at_the_end(interp);
	size_t n = (size_t)snprintf(path, sizeof(path), "%s", dir);
	while (n + 1 + 200 < fragment_at) {
		path[n++] = '/';
		memset(path + n, 'a', 200);
		n += 200;
		path[n] = '\0';
		ck_assert_int_eq(mkdir(path, 0755), 0);
	}
	path[n++] = '/';
	memset(path + n, 'b', fragment_at - n);
	snprintf(path + fragment_at, sizeof(path) - fragment_at, "%s", fragment);
	write_with_interpreter(path, interp);

	pid_t pid = start_stopped(path);
	/* The premise: the line really is read so, before the interpreter's. */
	char maps_path[64], line[512];
	snprintf(maps_path, sizeof(maps_path), "/proc/%d/maps", (int)pid);
	FILE *maps = fopen(maps_path, "r");
	bool aligned = false;
	for (bool start = true; maps && fgets(line, sizeof(line), maps);) {
		if (!start && !strncmp(line, fragment, strlen(fragment)))
			aligned = true;
		start = strchr(line, '\n') != NULL;
	}
	if (maps)
		fclose(maps);
	ck_assert_msg(aligned, "the name did not land at a %zu-byte boundary of its line", chunk);

	struct sb_tracee t;
	struct sb_batch b = { 0 };
	struct sandbox_error err = { 0 };
	const long none[6] = { 0 };
	ck_assert_int_eq(sb_inject_begin(&t, pid, &err), SANDBOX_OK);
	ck_assert_uint_eq(t.saved_regs.rip, 0x400000 + 4096 - 9);
	long call = sb_batch_add(&b, "getpid", CONTEXT, SYS_getpid, none, SB_BATCH_EXPECT_NOT_ERROR, &err);
	ck_assert_msg(sb_batch_run(&t, &b, &err) == SANDBOX_OK, "%s", err.message);
	ck_assert(b.stepped);
	ck_assert_int_eq((long)b.calls[call].result, pid);
	ck_assert_int_eq(sb_inject_end(&t, &err), SANDBOX_OK);
	sb_batch_free(&b);
	stop_it(pid);
}
END_TEST

Suite *unit_inject_batch_suite(void)
{
	Suite *s = suite_create("unit_inject_batch");
	TCase *tc = tcase_create("batch");
	/* 0: the runner beside the entry point; 1: no room, one single-step per call. */
	tcase_add_loop_test(tc, results_feed_later_calls, 0, 2);
	tcase_add_loop_test(tc, first_failure_stops_the_run, 0, 2);
	tcase_add_test(tc, a_file_name_does_not_pass_for_a_mapping);
	suite_add_tcase(s, tc);
	return s;
}
