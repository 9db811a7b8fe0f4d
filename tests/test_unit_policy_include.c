/* Policy files on disk: includes (relative, absolute, redirected, nested, cycles, depth),
 * unreadable and non-regular files, the crosvm corpus, the constant table, syscall groups
 * in the environment lists, and precompiled filter files. */
#include "policy_test_util.h"
#include "config.h"
#include "constants.h"
#include "groups.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>


static int parse_path(const char *path, const char *map, struct sb_policy *p,
		      struct sandbox_error *err)
{
	struct sb_policy_file_opts opts = { .include_map = map };
	memset(err, 0, sizeof(*err));
	return sb_policy_parse_file_opts(path, &opts, p, err);
}

static void expect_file_error(const char *path, const char *map, const char *want1,
			      const char *want2)
{
	struct sandbox_error err;
	struct sb_policy p;
	ck_assert_msg(parse_path(path, map, &p, &err) != 0, "%s accepted", path);
	ck_assert_msg(strstr(err.message, want1) && (!want2 || strstr(err.message, want2)),
		      "message '%s' lacks '%s' / '%s'", err.message, want1, want2 ? want2 : "");
}

static uint32_t decide_policy(const struct sb_policy *p, const char *name, uint64_t a0)
{
	uint64_t args[6] = { a0 };
	return sb_policy_decide(p, sb_syscall_number(name), args);
}

/* An included file cannot change what the including file's rules mean: @denylist there
 * would turn an allow-list policy into a deny list (everything unnamed allowed), and an
 * allow-list file included in a @denylist policy would have its conditions read as
 * refusals (`mmap: arg2 in ~PROT_EXEC` refusing exactly the safe calls). */
START_TEST(include_cannot_switch_list_mode)
{
	char dir[64], text[256];
	snprintf(dir, sizeof(dir), "%s", make_temp_dir());
	write_temp_file(dir, "deny.policy", "@denylist\nptrace: kill\n");
	write_temp_file(dir, "allow.policy", "mmap: arg2 in ~PROT_EXEC\n");
	snprintf(text, sizeof(text), "@include deny.policy\nmmap: arg2 in ~PROT_EXEC\n");
	expect_file_error(write_temp_file(dir, "top1.policy", text), NULL,
			  "deny.policy:1:1", "@denylist in an included file");
	snprintf(text, sizeof(text), "@denylist\n@include allow.policy\nptrace: kill\n");
	expect_file_error(write_temp_file(dir, "top2.policy", text), NULL,
			  "allow.policy:1:1", "without @denylist");

	/* Both files deny lists: accepted, each rule a refusal. */
	snprintf(text, sizeof(text), "@denylist\n@include deny.policy\nmount: return EPERM\n");
	char *top = write_temp_file(dir, "top3.policy", text);
	struct sb_policy p;
	struct sandbox_error err;
	ck_assert_msg(parse_path(top, NULL, &p, &err) == 0, "%s", err.message);
	ck_assert_uint_eq(decide_policy(&p, "ptrace", 0), SECCOMP_RET_KILL_PROCESS);
	ck_assert_uint_eq(decide_policy(&p, "mount", 0), SECCOMP_RET_ERRNO | EPERM);
	ck_assert_uint_eq(decide_policy(&p, "read", 0), ALLOW);
	sb_policy_free(&p);
}
END_TEST

START_TEST(includes_relative_absolute_nested)
{
	char dir[64], sub[128], path[256];
	snprintf(dir, sizeof(dir), "%s", make_temp_dir());
	snprintf(sub, sizeof(sub), "%s/sub", dir);
	mkdir(sub, 0755);
	write_temp_file(sub, "leaf.policy", "getpid: 1\n");
	write_temp_file(sub, "middle.policy", "@include leaf.policy\nwrite: arg0 == 1\n");
	snprintf(path, sizeof(path), "@include sub/middle.policy\n@include %s/sub/leaf.policy\n"
		 "write: arg0 == 2\n", dir);
	char *top = write_temp_file(dir, "top.policy", path);

	struct sb_policy p;
	struct sandbox_error err;
	ck_assert_msg(parse_path(top, NULL, &p, &err) == 0, "%s", err.message);
	ck_assert_uint_eq(decide_policy(&p, "getpid", 0), ALLOW);
	ck_assert_uint_eq(decide_policy(&p, "write", 1), ALLOW);
	ck_assert_uint_eq(decide_policy(&p, "write", 2), ALLOW);
	ck_assert_uint_eq(decide_policy(&p, "write", 3), KILL);
	sb_policy_free(&p);
}
END_TEST

START_TEST(include_map_redirects_absolute_paths)
{
	char dir[64];
	snprintf(dir, sizeof(dir), "%s", make_temp_dir());
	write_temp_file(dir, "common.policy", "getppid: 1\n");
	char *top = write_temp_file(dir, "top.policy",
				    "@include /usr/share/policy/nowhere/common.policy\n");
	char map[256];
	expect_file_error(top, NULL, "top.policy:1:1: include not found: "
			  "'/usr/share/policy/nowhere/common.policy'", "SECCOMP_POLICY_INCLUDE_MAP");
	snprintf(map, sizeof(map), "/unrelated=/x:/usr/share/policy/nowhere/=%s", dir);
	struct sb_policy p;
	struct sandbox_error err;
	ck_assert_msg(parse_path(top, map, &p, &err) == 0, "%s", err.message);
	ck_assert_uint_eq(decide_policy(&p, "getppid", 0), ALLOW);
	sb_policy_free(&p);

	/* the library reads the map from the environment */
	setenv(SB_INCLUDE_MAP_VAR, map, 1);
	setenv("SECCOMP_POLICY_FILE", top, 1);
	struct sb_env env;
	sb_env_read(&env);
	ck_assert_msg(sb_policy_from_env(&env, &p, NULL, &err) == 0, "%s", err.message);
	unsetenv(SB_INCLUDE_MAP_VAR);
	unsetenv("SECCOMP_POLICY_FILE");
	sb_policy_free(&p);
	/* a prefix matches whole path components only */
	snprintf(map, sizeof(map), "/usr/share/policy/now=%s", dir);
	expect_file_error(top, map, "include not found", NULL);
}
END_TEST

START_TEST(include_cycles_depth_and_bad_files)
{
	char dir[64], text[128];
	snprintf(dir, sizeof(dir), "%s", make_temp_dir());
	char *a = strdup(write_temp_file(dir, "a.policy", "read: 1\n@include b.policy\n"));
	write_temp_file(dir, "b.policy", "@include a.policy\n");
	expect_file_error(a, NULL, "b.policy:1:1: @include cycle", "a.policy");
	free(a);

	for (int i = 0; i < 12; i++) {
		char name[32];
		snprintf(name, sizeof(name), "d%d.policy", i);
		snprintf(text, sizeof(text), "@include d%d.policy\n", i + 1);
		write_temp_file(dir, name, text);
	}
	write_temp_file(dir, "d12.policy", "read: 1\n");
	char deep[128];
	snprintf(deep, sizeof(deep), "%s/d0.policy", dir);
	expect_file_error(deep, NULL, "@include nested more than 8 levels deep", NULL);
	snprintf(deep, sizeof(deep), "%s/d5.policy", dir);   /* 7 levels: fine */
	struct sb_policy p;
	struct sandbox_error err;
	ck_assert_msg(parse_path(deep, NULL, &p, &err) == 0, "%s", err.message);
	sb_policy_free(&p);

	write_temp_file(dir, "dir.policy", "@include /tmp\n");
	snprintf(deep, sizeof(deep), "%s/dir.policy", dir);
	expect_file_error(deep, NULL, "dir.policy:1:1: @include: /tmp: not a regular file", NULL);
	char fifo[128];
	snprintf(fifo, sizeof(fifo), "%s/fifo.policy", dir);
	ck_assert_int_eq(mkfifo(fifo, 0644), 0);
	expect_file_error(fifo, NULL, "fifo.policy: not a regular file", NULL);
	expect_file_error("/dev/zero", NULL, "/dev/zero: not a regular file", NULL);
	snprintf(deep, sizeof(deep), "%s/missing.policy", dir);
	expect_file_error(deep, NULL, "missing.policy: cannot open: No such file", NULL);
	char *unreadable = write_temp_file(dir, "secret.policy", "read: 1\n");
	chmod(unreadable, 0);
	if (!running_as_root())
		expect_file_error(unreadable, NULL, "cannot open: Permission denied", NULL);
	else
		test_skipped(__func__, "root reads a file of mode 0: the permission error is not checked");
	write_temp_file(dir, "noarg.policy", "@include\n");
	snprintf(deep, sizeof(deep), "%s/noarg.policy", dir);
	expect_file_error(deep, NULL, "noarg.policy:1:1: @include without a path", NULL);

	chmod(unreadable, 0644);
	FILE *f = fopen(unreadable, "w");
	ck_assert_ptr_nonnull(f);
	for (int i = 0; i < (10 << 20) / 64; i++)
		fputs("# a ten megabyte policy is refused before it is read completely\n", f);
	fclose(f);
	expect_file_error(unreadable, NULL, "too large (accepted: at most 1048576 bytes)", NULL);
}
END_TEST

/* Copy the corpus to a temporary folder and redirect its absolute includes there. */
static const char *corpus_copy(const char *crosvm)
{
	static char dir[64];
	if (dir[0])
		return dir;
	snprintf(dir, sizeof(dir), "%s", make_temp_dir());
	DIR *d = opendir(crosvm);
	ck_assert_msg(d != NULL, "corpus %s missing", crosvm);
	for (struct dirent *e; (e = readdir(d));) {
		char from[PATH_MAX], to[PATH_MAX], buf[65536];
		if (e->d_name[0] == '.')
			continue;
		snprintf(from, sizeof(from), "%s/%s", crosvm, e->d_name);
		snprintf(to, sizeof(to), "%s/%s", dir, e->d_name);
		FILE *in = fopen(from, "r"), *out = fopen(to, "w");
		ck_assert(in && out);
		for (size_t n; (n = fread(buf, 1, sizeof(buf), in)) > 0;)
			fwrite(buf, 1, n, out);
		fclose(in);
		fclose(out);
	}
	closedir(d);
	return dir;
}

START_TEST(every_crosvm_policy_compiles)
{
	const char *crosvm;
	CORPUS_OR_SKIP(crosvm, "crosvm-x86_64");
	const char *dir = corpus_copy(crosvm);
	char map[128];
	snprintf(map, sizeof(map), "/usr/share/policy/crosvm=%s", dir);
	DIR *d = opendir(dir);
	int count = 0;
	for (struct dirent *e; (e = readdir(d));) {
		size_t n = strlen(e->d_name);
		if (n < 7 || strcmp(e->d_name + n - 7, ".policy"))
			continue;
		char path[PATH_MAX];
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		struct sb_policy p;
		struct sb_program prog = { 0 };
		struct sandbox_error err;
		ck_assert_msg(parse_path(path, map, &p, &err) == 0, "%s", err.message);
		ck_assert_msg(sb_compile(&p, &prog, &err) == 0, "%s: %s", e->d_name, err.message);
		ck_assert_msg(sb_bpf_validate(prog.insns, prog.len, NULL) == NULL, "%s", e->d_name);
		sb_program_free(&prog);
		sb_policy_free(&p);
		count++;
	}
	closedir(d);
	ck_assert_int_ge(count, 45);
}
END_TEST

START_TEST(crosvm_rules_decide_as_written)
{
	const char *crosvm;
	CORPUS_OR_SKIP(crosvm, "crosvm-x86_64");
	const char *dir = corpus_copy(crosvm);
	char map[128], path[PATH_MAX];
	snprintf(map, sizeof(map), "/usr/share/policy/crosvm=%s", dir);
	snprintf(path, sizeof(path), "%s/fs_device.policy", dir);
	struct sb_policy p;
	struct sandbox_error err;
	ck_assert_msg(parse_path(path, map, &p, &err) == 0, "%s", err.message);
	uint64_t args[6] = { 0 };
	args[0] = 0x53564d41;   /* prctl PR_SET_VMA, from the included common_device.policy */
	ck_assert_uint_eq(sb_policy_decide(&p, sb_syscall_number("prctl"), args), ALLOW);
	args[0] = 15;           /* PR_SET_NAME, from fs_device.policy itself */
	ck_assert_uint_eq(sb_policy_decide(&p, sb_syscall_number("prctl"), args), ALLOW);
	args[0] = 22;
	ck_assert_uint_eq(sb_policy_decide(&p, sb_syscall_number("prctl"), args), KILL);
	ck_assert_uint_eq(decide_policy(&p, "open", 0), ERRNO(ENOENT));
	ck_assert_uint_eq(decide_policy(&p, "openat", 0), ALLOW);
	args[0] = 0; args[2] = 4;   /* mmap PROT_EXEC refused by 'arg2 in ~PROT_EXEC' */
	ck_assert_uint_eq(sb_policy_decide(&p, sb_syscall_number("mmap"), args), KILL);
	args[2] = 3;
	ck_assert_uint_eq(sb_policy_decide(&p, sb_syscall_number("mmap"), args), ALLOW);
	sb_policy_free(&p);
}
END_TEST

/* Our table against the one crosvm generated for minijail: every name both know has the
 * same value, except masks of "all flags" that grow with each kernel (*__MASK). */
START_TEST(constant_table_has_current_names)
{
	static const char *const needed[] = { "MADV_GUARD_INSTALL", "PR_GET_AUXV", "TCGETS2",
		"FS_IOC_GET_ENCRYPTION_POLICY_EX", "FS_IOC_FSGETXATTR", "CLONE_THREAD", "SCHED_IDLE" };
	for (size_t i = 0; i < sizeof(needed) / sizeof(needed[0]); i++) {
		uint64_t v;
		ck_assert_msg(sb_constant_lookup(needed[i], strlen(needed[i]), &v), "%s", needed[i]);
	}
	uint64_t v;
	ck_assert(sb_constant_lookup("AT_FDCWD", 8, &v));
	ck_assert_uint_eq(v, 0xffffffffffffff9cull);
	ck_assert(!sb_constant_lookup("AT_FDCWDX", 9, &v));
	ck_assert(!sb_constant_lookup("AT_FDCW", 7, &v));
}
END_TEST

START_TEST(constants_agree_with_crosvm_table)
{
	const char *table;
	CORPUS_OR_SKIP(table, "crosvm-x86_64/constants.json");
	FILE *f = fopen(table, "r");
	ck_assert_ptr_nonnull(f);
	char line[512];
	int compared = 0, in_constants = 0;
	while (fgets(line, sizeof(line), f)) {
		char name[128];
		long long value;
		if (strstr(line, "\"constants\""))
			in_constants = 1;
		else if (in_constants && strchr(line, '}'))
			break;
		if (!in_constants || sscanf(line, " \"%127[^\"]\": %lld", name, &value) != 2)
			continue;
		uint64_t ours;
		if (!sb_constant_lookup(name, strlen(name), &ours) || strstr(name, "__MASK"))
			continue;
		ck_assert_msg(ours == (uint64_t)value, "%s: ours 0x%llx, crosvm's 0x%llx", name,
			      (unsigned long long)ours, (unsigned long long)value);
		compared++;
	}
	fclose(f);
	ck_assert_int_ge(compared, 1000);
}
END_TEST

START_TEST(groups_in_environment_lists)
{
	struct sb_env env = { .allow = "@basic-io:exit_group" };
	struct sb_policy p;
	struct sandbox_error err = { 0 };
	ck_assert_int_eq(sb_policy_from_env(&env, &p, NULL, &err), 0);
	ck_assert_uint_eq(decide_policy(&p, "pwritev2", 0), ALLOW);
	ck_assert_uint_eq(decide_policy(&p, "exit_group", 0), ALLOW);
	ck_assert_uint_eq(decide_policy(&p, "socket", 0), KILL);
	sb_policy_free(&p);

	struct sb_env deny = { .deny = "@mount:@reboot", .action = "errno:EPERM" };
	ck_assert_int_eq(sb_policy_from_env(&deny, &p, NULL, &err), 0);
	ck_assert_uint_eq(decide_policy(&p, "mount", 0), ERRNO(EPERM));
	ck_assert_uint_eq(decide_policy(&p, "kexec_load", 0), ERRNO(EPERM));
	ck_assert_uint_eq(decide_policy(&p, "read", 0), ALLOW);
	sb_policy_free(&p);

	struct sb_env bad = { .allow = "read:@basic_io" };
	ck_assert_int_eq(sb_policy_from_env(&bad, &p, NULL, &err), SANDBOX_ECONFIG);
	ck_assert_msg(strstr(err.message, "SECCOMP_SYSCALL_ALLOW: unknown group '@basic_io' "
			     "(accepted: @aio, @basic-io"), "%s", err.message);
}
END_TEST

START_TEST(group_table)
{
	bool m[SB_NR_LIMIT] = { false };
	ck_assert_int_gt(sb_group_members("@system-service", m), 250);
	ck_assert(m[sb_syscall_number("read")] && m[sb_syscall_number("exit_group")]);
	ck_assert(!m[sb_syscall_number("mount")] && !m[sb_syscall_number("reboot")]);
	memset(m, 0, sizeof(m));
	/* i386-only names (_llseek) are skipped, the native ones kept */
	ck_assert_int_eq(sb_group_members("@basic-io", m), 16);
	memset(m, 0, sizeof(m));
	ck_assert_int_eq(sb_group_members("basic-io", m), -1);
	for (size_t i = 0; i < sb_groups_len; i++) {
		memset(m, 0, sizeof(m));
		ck_assert_msg(sb_group_members(sb_groups[i].name, m) > 0, "%s", sb_groups[i].name);
		/* every nested "@group" named in the members exists */
		for (const char *s = strchr(sb_groups[i].members, '@'); s; s = strchr(s + 1, '@')) {
			char ref[40];
			size_t len = strcspn(s, " ");
			ck_assert_uint_lt(len, sizeof(ref));
			memcpy(ref, s, len);
			ref[len] = '\0';
			ck_assert_msg(sb_group_find(ref), "%s: %s", sb_groups[i].name, ref);
		}
	}
}
END_TEST

static char *write_bytes(const char *dir, const char *name, const void *data, size_t len)
{
	static char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	if (len)
		ck_assert_uint_eq(fwrite(data, 1, len, f), len);
	fclose(f);
	return path;
}

START_TEST(precompiled_filter_files)
{
	char dir[64];
	snprintf(dir, sizeof(dir), "%s", make_temp_dir());
	struct compiled c;
	compile_text("read: 1\nwrite: arg0 == 1\n", NULL, &c);
	struct sb_program prog;
	struct sandbox_error err = { 0 };
	char *path = write_bytes(dir, "ok.bpf", c.prog.insns, c.prog.len * 8);
	ck_assert_msg(sb_program_read_file(path, &prog, &err) == 0, "%s", err.message);
	ck_assert_uint_eq(prog.len, c.prog.len);
	ck_assert(!memcmp(prog.insns, c.prog.insns, prog.len * 8));
	sb_program_free(&prog);

	path = write_bytes(dir, "odd.bpf", c.prog.insns, c.prog.len * 8 - 3);
	ck_assert_int_eq(sb_program_read_file(path, &prog, &err), SANDBOX_ECONFIG);
	ck_assert_msg(strstr(err.message, "is not a filter"), "%s", err.message);
	path = write_bytes(dir, "empty.bpf", "", 0);
	ck_assert_int_eq(sb_program_read_file(path, &prog, &err), SANDBOX_ECONFIG);

	struct sock_filter big[BPF_MAXINSNS + 1];
	for (size_t i = 0; i < BPF_MAXINSNS + 1; i++)
		big[i] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	path = write_bytes(dir, "big.bpf", big, sizeof(big));
	ck_assert_int_ne(sb_program_read_file(path, &prog, &err), 0);
	ck_assert_msg(strstr(err.message, "too large"), "%s", err.message);
	path = write_bytes(dir, "max.bpf", big, BPF_MAXINSNS * 8);
	ck_assert_int_eq(sb_program_read_file(path, &prog, &err), 0);
	sb_program_free(&prog);

	struct sock_filter jump[] = {
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 5, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	path = write_bytes(dir, "jump.bpf", jump, sizeof(jump));
	ck_assert_int_eq(sb_program_read_file(path, &prog, &err), SANDBOX_ECONFIG);
	ck_assert_msg(strstr(err.message, "instruction 0: jump out of range"), "%s", err.message);
	struct sock_filter noret[] = { BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0) };
	path = write_bytes(dir, "noret.bpf", noret, sizeof(noret));
	ck_assert_int_eq(sb_program_read_file(path, &prog, &err), SANDBOX_ECONFIG);
	ck_assert_msg(strstr(err.message, "does not end with a return"), "%s", err.message);
	struct sock_filter load[] = { BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 64),
				      BPF_STMT(BPF_RET | BPF_A, 0) };
	path = write_bytes(dir, "load.bpf", load, sizeof(load));
	ck_assert_int_eq(sb_program_read_file(path, &prog, &err), SANDBOX_ECONFIG);
	ck_assert_int_eq(sb_program_read_file("/dev/null", &prog, &err), SANDBOX_EIO);
	ck_assert_msg(strstr(err.message, "not a regular file"), "%s", err.message);
	ck_assert_ptr_null(prog.insns);
	compiled_free(&c);
}
END_TEST

Suite *unit_policy_include_suite(void)
{
	Suite *s = suite_create("unit_policy_include");
	TCase *tc = tcase_create("files");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, includes_relative_absolute_nested);
	tcase_add_test(tc, include_cannot_switch_list_mode);
	tcase_add_test(tc, include_map_redirects_absolute_paths);
	tcase_add_test(tc, include_cycles_depth_and_bad_files);
	tcase_add_test(tc, every_crosvm_policy_compiles);
	tcase_add_test(tc, crosvm_rules_decide_as_written);
	tcase_add_test(tc, constant_table_has_current_names);
	tcase_add_test(tc, constants_agree_with_crosvm_table);
	tcase_add_test(tc, groups_in_environment_lists);
	tcase_add_test(tc, group_table);
	tcase_add_test(tc, precompiled_filter_files);
	suite_add_tcase(s, tc);
	return s;
}
