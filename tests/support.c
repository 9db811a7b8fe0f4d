#include "support.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

extern char **environ;

__attribute__((noreturn)) static void die(const char *what)
{
	ck_abort_msg("test harness: %s: %s", what, strerror(errno));
	abort();
}

static void build_env(const struct run_opts *o, char **out, size_t max)
{
	size_t n = 0;
	if (o && o->keep_env) {
		for (char **e = environ; *e && n + 1 < max; e++)
			out[n++] = *e;
	} else {
		out[n++] = "PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin";
		out[n++] = "LANG=C";
		out[n++] = "HOME=/tmp";
	}
	for (const char *const *e = o && o->env ? o->env : NULL; e && *e && n + 1 < max; e++)
		out[n++] = (char *)*e;
	out[n] = NULL;
}

void drop_privileges(void)
{
	/* An ordinary user running the suite is already what the check needs. */
	if (geteuid() != 0)
		return;
	if (setgroups(0, NULL) || setgid(65534) || setuid(65534)) {
		perror("drop privileges");
		_exit(120);
	}
}

/* Read both pipes until EOF without deadlocking on a chatty child. */
static void collect(int out_fd, int err_fd, struct run_result *res)
{
	size_t cap[2] = { 4096, 4096 }, len[2] = { 0, 0 };
	char *buf[2] = { malloc(cap[0]), malloc(cap[1]) };
	struct pollfd fds[2] = { { .fd = out_fd, .events = POLLIN }, { .fd = err_fd, .events = POLLIN } };
	int open_fds = 2;

	while (open_fds > 0) {
		if (poll(fds, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			die("poll");
		}
		for (int i = 0; i < 2; i++) {
			if (fds[i].fd < 0 || !fds[i].revents)
				continue;
			if (len[i] + 4096 > cap[i])
				buf[i] = realloc(buf[i], cap[i] *= 2);
			ssize_t r = read(fds[i].fd, buf[i] + len[i], cap[i] - len[i] - 1);
			if (r <= 0) {
				close(fds[i].fd);
				fds[i].fd = -1;
				open_fds--;
			} else {
				len[i] += (size_t)r;
			}
		}
	}
	buf[0][len[0]] = buf[1][len[1]] = '\0';
	res->out = buf[0];
	res->err = buf[1];
}

void run_process(const char *const *argv, const struct run_opts *opts, struct run_result *res)
{
	int out[2], err[2], in[2];
	char *env[512];

	memset(res, 0, sizeof(*res));
	build_env(opts, env, sizeof(env) / sizeof(env[0]));
	if (pipe2(out, O_CLOEXEC) || pipe2(err, O_CLOEXEC) || pipe2(in, O_CLOEXEC))
		die("pipe");
	pid_t pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		dup2(err[1], 2);
		signal(SIGPIPE, SIG_DFL);
		if (opts && opts->unprivileged)
			drop_privileges();
		execvpe(argv[0], (char *const *)argv, env);
		dprintf(2, "exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(out[1]);
	close(err[1]);
	close(in[0]);
	if (opts && opts->stdin_text) {
		signal(SIGPIPE, SIG_IGN);
		ssize_t ignored = write(in[1], opts->stdin_text, strlen(opts->stdin_text));
		(void)ignored;
	}
	close(in[1]);
	collect(out[0], err[0], res);
	while (waitpid(pid, &res->status, 0) < 0)
		if (errno != EINTR)
			die("waitpid");
}

void run_result_free(struct run_result *res)
{
	free(res->out);
	free(res->err);
	res->out = res->err = NULL;
}

bool exited_with(const struct run_result *res, int code)
{
	return WIFEXITED(res->status) && WEXITSTATUS(res->status) == code;
}

bool killed_by(const struct run_result *res, int sig)
{
	return WIFSIGNALED(res->status) && WTERMSIG(res->status) == sig;
}

const char *describe_status(int status)
{
	static char buf[64];
	if (WIFEXITED(status))
		snprintf(buf, sizeof(buf), "exit %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, sizeof(buf), "signal %d (%s)", WTERMSIG(status), strsignal(WTERMSIG(status)));
	else
		snprintf(buf, sizeof(buf), "status 0x%x", status);
	return buf;
}

/* Absolute "DIR/relative" in one of eight rotating slots; DIR comes from `variable`, else
 * from the working directory joined with `fallback`. */
static const char *path_in(const char *variable, const char *fallback, char top[PATH_MAX],
			   const char *relative)
{
	static char slots[8][PATH_MAX + 256];
	static unsigned next;
	if (!top[0]) {
		const char *env = getenv(variable);
		char cwd[PATH_MAX];
		if (env)
			snprintf(top, PATH_MAX, "%s", env);
		else if (getcwd(cwd, sizeof(cwd)))
			snprintf(top, PATH_MAX, "%s%s", cwd, fallback);
		else
			die("getcwd");
	}
	char *slot = slots[next++ % 8];
	snprintf(slot, sizeof(slots[0]), "%s/%s", top, relative);
	return slot;
}

const char *tree_path(const char *relative)
{
	static char top[PATH_MAX];
	return path_in("LIBSANDBOX_TEST_TOP", "", top, relative);
}

const char *build_path(const char *relative)
{
	static char top[PATH_MAX];
	return path_in("LIBSANDBOX_TEST_BUILD", "/build", top, relative);
}

const char *corpus_path(const char *relative)
{
	static char top[PATH_MAX];
	const char *dir = getenv("LIBSANDBOX_TEST_CORPUS");
	if (!dir || !*dir)
		return NULL;
	const char *path = path_in("LIBSANDBOX_TEST_CORPUS", "", top, relative);
	return access(path, R_OK) == 0 ? path : NULL;
}

void test_skipped(const char *test, const char *fmt, ...)
{
	char why[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	size_t n = strlen(test);
	/* Check names a test's function NAME_fn */
	if (n > 3 && !strcmp(test + n - 3, "_fn"))
		n -= 3;
	fprintf(stderr, "skipped: %.*s: %s\n", (int)n, test, why);
}

const char *preload_env(void)
{
	static char buf[PATH_MAX + 300];
	snprintf(buf, sizeof(buf), "LD_PRELOAD=%s", build_path("libsandbox.so"));
	return buf;
}

const char *make_temp_dir(void)
{
	static char dir[64];
	const char *run = getenv("LIBSANDBOX_TEST_TMP");
	snprintf(dir, sizeof(dir), "%s/test-XXXXXX", run && *run ? run : "/tmp");
	if (!mkdtemp(dir))
		die("mkdtemp");
	chmod(dir, 0755);
	return dir;
}

char *write_temp_file(const char *dir, const char *name, const char *text)
{
	static char slots[8][PATH_MAX + 256];
	static unsigned next;
	char *path = slots[next++ % 8];
	snprintf(path, sizeof(slots[0]), "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	if (!f)
		die(path);
	fputs(text, f);
	fclose(f);
	chmod(path, 0644);
	return path;
}

const char *policy_file_env(const char *dir, const char *name, const char *base, const char *rules)
{
	static char env[4][PATH_MAX + 32];
	static unsigned next;
	char text[8192];
	snprintf(text, sizeof(text), "%s%s", base, rules);
	char *e = env[next++ % 4];
	snprintf(e, sizeof(env[0]), "SECCOMP_POLICY_FILE=%s", write_temp_file(dir, name, text));
	return e;
}

bool running_as_root(void)
{
	return geteuid() == 0;
}

const char *write_entry_at_the_end(const char *where)
{
	static char path[4200];
	unsigned char image[4096] = { 0 };
	const uint64_t base = 0x400000;
	static const unsigned char code[] = { 0xb8, 0xe7, 0x00, 0x00, 0x00,   /* mov eax, 231 */
					      0x31, 0xff,                     /* xor edi, edi */
					      0x0f, 0x05 };                   /* syscall */
	Elf64_Ehdr eh = {
		.e_ident = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS64, ELFDATA2LSB, EV_CURRENT },
		.e_type = ET_EXEC, .e_machine = EM_X86_64, .e_version = EV_CURRENT,
		.e_entry = base + sizeof(image) - sizeof(code), .e_phoff = sizeof(Elf64_Ehdr),
		.e_ehsize = sizeof(Elf64_Ehdr), .e_phentsize = sizeof(Elf64_Phdr), .e_phnum = 1 };
	Elf64_Phdr ph = { .p_type = PT_LOAD, .p_flags = PF_R | PF_X, .p_offset = 0,
			  .p_vaddr = base, .p_paddr = base, .p_filesz = sizeof(image),
			  .p_memsz = sizeof(image), .p_align = 4096 };
	memcpy(image, &eh, sizeof(eh));
	memcpy(image + sizeof(eh), &ph, sizeof(ph));
	memcpy(image + sizeof(image) - sizeof(code), code, sizeof(code));
	if (where)
		snprintf(path, sizeof(path), "%s", where);
	else
		snprintf(path, sizeof(path), "%s/entry-at-the-end", make_temp_dir());
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0755);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, image, sizeof(image)), sizeof(image));
	close(fd);
	return path;
}

