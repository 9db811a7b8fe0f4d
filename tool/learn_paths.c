/* Paths seen by learn's tracer -> suggested Landlock rules. */
#include "learn_paths.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define MAX_PATHS 4096

void sb_learn_paths_free(struct sb_learn_paths *lp)
{
	for (size_t i = 0; i < lp->n; i++)
		free(lp->items[i].path);
	free(lp->items);
	memset(lp, 0, sizeof(*lp));
}

/* A NUL-terminated string from the tracee, word by word; false when unreadable or long. */
static bool read_string(pid_t pid, uint64_t addr, char *out, size_t len)
{
	for (size_t o = 0; o + sizeof(long) <= len; o += sizeof(long)) {
		errno = 0;
		long w = ptrace(PTRACE_PEEKDATA, pid, (void *)(uintptr_t)(addr + o), NULL);
		if (w == -1 && errno)
			return false;
		memcpy(out + o, &w, sizeof(w));
		if (memchr(&w, '\0', sizeof(w)))
			return true;
	}
	return false;
}

/* Lexically: no "//", "." or "..". */
static void normalise(char *path)
{
	char *out = path, *p = path;
	while (*p) {
		while (*p == '/')
			p++;
		size_t n = strcspn(p, "/");
		if (n == 0)
			break;
		if (n == 1 && p[0] == '.') {
			/* nothing */
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			while (out > path && *--out != '/')
				;
		} else {
			*out++ = '/';
			memmove(out, p, n);
			out += n;
		}
		p += n;
	}
	if (out == path)
		*out++ = '/';
	*out = '\0';
}

static void add(struct sb_learn_paths *lp, const char *path, unsigned use)
{
	for (size_t i = 0; i < lp->n; i++)
		if (!strcmp(lp->items[i].path, path)) {
			lp->items[i].use |= use;
			return;
		}
	if (lp->n == MAX_PATHS) {
		lp->full = true;
		return;
	}
	if (lp->n == lp->cap) {
		size_t cap = lp->cap ? lp->cap * 2 : 64;
		void *items = realloc(lp->items, cap * sizeof(*lp->items));
		if (!items)
			return;
		lp->items = items;
		lp->cap = cap;
	}
	char *copy = strdup(path);
	if (copy)
		lp->items[lp->n++] = (struct sb_learned_path){ copy, use };
}

/* Record the path at addr, relative to dirfd (AT_FDCWD: the working directory). */
static void record_path(struct sb_learn_paths *lp, pid_t pid, long dirfd, uint64_t addr,
			unsigned use)
{
	char rel[PATH_MAX], path[2 * PATH_MAX + 2], link[64];
	if (!read_string(pid, addr, rel, sizeof(rel)) || !rel[0])
		return;
	if (rel[0] == '/') {
		snprintf(path, sizeof(path), "%s", rel);
	} else {
		if ((int)dirfd == AT_FDCWD)
			snprintf(link, sizeof(link), "/proc/%d/cwd", (int)pid);
		else
			snprintf(link, sizeof(link), "/proc/%d/fd/%d", (int)pid, (int)dirfd);
		ssize_t n = readlink(link, path, PATH_MAX);
		if (n <= 0 || path[0] != '/')
			return;
		snprintf(path + n, sizeof(path) - (size_t)n, "/%s", rel);
	}
	normalise(path);
	add(lp, path, use);
}

static unsigned open_use(uint64_t flags)
{
	return (flags & (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC)) ? SB_PATH_WRITE : SB_PATH_READ;
}

void sb_learn_paths_record(struct sb_learn_paths *lp, pid_t pid, int nr, const uint64_t a[6])
{
	switch (nr) {
	case SYS_open: record_path(lp, pid, AT_FDCWD, a[0], open_use(a[1])); break;
	case SYS_creat: case SYS_mkdir: case SYS_rmdir: case SYS_unlink: case SYS_truncate:
		record_path(lp, pid, AT_FDCWD, a[0], SB_PATH_WRITE); break;
	case SYS_openat: record_path(lp, pid, (long)a[0], a[1], open_use(a[2])); break;
	case SYS_openat2: {
		/* struct open_how starts with the flags. */
		errno = 0;
		long flags = ptrace(PTRACE_PEEKDATA, pid, (void *)(uintptr_t)a[2], NULL);
		if (!(flags == -1 && errno))
			record_path(lp, pid, (long)a[0], a[1], open_use((uint64_t)flags));
		break;
	}
	case SYS_execve: record_path(lp, pid, AT_FDCWD, a[0], SB_PATH_EXEC); break;
	case SYS_execveat: record_path(lp, pid, (long)a[0], a[1], SB_PATH_EXEC); break;
	case SYS_mkdirat: case SYS_unlinkat:
		record_path(lp, pid, (long)a[0], a[1], SB_PATH_WRITE); break;
	case SYS_rename:
		record_path(lp, pid, AT_FDCWD, a[0], SB_PATH_WRITE);
		record_path(lp, pid, AT_FDCWD, a[1], SB_PATH_WRITE);
		break;
	case SYS_renameat: case SYS_renameat2:
		record_path(lp, pid, (long)a[0], a[1], SB_PATH_WRITE);
		record_path(lp, pid, (long)a[2], a[3], SB_PATH_WRITE);
		break;
	}
}

/* ---- rules ------------------------------------------------------------------------- */

static bool beneath(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	if (n == 1)
		return true;                       /* "/" */
	return !strncmp(path, dir, n) && (path[n] == '/' || path[n] == '\0');
}

/* The directory a rule for path should name: a few well-known trees whole, the working
 * directory whole, elsewhere the file itself (or, written, its directory, since creating
 * and removing are rights of the directory). "" when no rule is suggested. */
static void rule_for(const char *path, unsigned use, const char *cwd, char *out, size_t len)
{
	static const char *const whole[] = { "/usr", "/proc", "/tmp", "/var/tmp", "/dev/shm" };
	char real[PATH_MAX];
	out[0] = '\0';
	/* /proc/self/... must not become the tracer's own pid. */
	if (beneath(path, "/proc")) {
		snprintf(out, len, "/proc");
		return;
	}
	const char *p = realpath(path, real) ? real : path;
	if (cwd && cwd[0] && strcmp(cwd, "/") && beneath(p, cwd)) {
		snprintf(out, len, "%s", cwd);
		return;
	}
	for (size_t i = 0; i < sizeof(whole) / sizeof(whole[0]); i++)
		if (beneath(p, whole[i])) {
			snprintf(out, len, "%s", whole[i]);
			return;
		}
	struct stat st;
	bool exists = stat(p, &st) == 0;
	if (exists && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
		/* A device (/dev/null, a terminal): never created, only opened. */
		snprintf(out, len, "%s", p);
	} else if ((use & SB_PATH_WRITE) && (!exists || !S_ISDIR(st.st_mode))) {
		/* Created, removed, renamed or written: its directory. */
		snprintf(out, len, "%s", p);
		char *slash = strrchr(out, '/');
		if (slash)
			slash[slash == out] = '\0';
	} else if (p == real) {
		snprintf(out, len, "%s", p);
	}
	if (out[0] && stat(out, &st))
		out[0] = '\0';
}

struct rule { char path[PATH_MAX]; unsigned use; };

static int by_path(const void *a, const void *b)
{
	return strcmp(((const struct rule *)a)->path, ((const struct rule *)b)->path);
}

/* Which lines a rule gives: @fs-write for what was written, @fs-read for the rest and for
 * what was executed (writing does not grant execution). */
static bool read_line(unsigned use)
{
	return !(use & SB_PATH_WRITE) || (use & SB_PATH_EXEC);
}

/* Whether the lines of `by`, a directory above r, already grant what r needs. */
static bool covered(const struct rule *r, const struct rule *by)
{
	if (r == by || !beneath(r->path, by->path))
		return false;
	if ((r->use & SB_PATH_WRITE) && !(by->use & SB_PATH_WRITE))
		return false;
	return !(r->use & SB_PATH_EXEC) || read_line(by->use);
}

void sb_learn_paths_write(FILE *out, const struct sb_learn_paths *lp, const char *cwd,
			  const char *ignore)
{
	/* The dynamic loader opens these before the learning filter exists: not seen, but
	 * every dynamic program needs them. */
	static const struct sb_learned_path loader[] = {
		{ "/usr", SB_PATH_EXEC }, { "/etc/ld.so.cache", SB_PATH_READ } };
	struct rule *rules = calloc(lp->n + 3, sizeof(*rules));
	size_t n = 0;
	if (!rules)
		return;
	for (size_t i = 0; i < lp->n + 2; i++) {
		const struct sb_learned_path *seen = i < 2 ? &loader[i] : &lp->items[i - 2];
		char dir[PATH_MAX];
		if (ignore && !strcmp(seen->path, ignore))
			continue;
		rule_for(seen->path, seen->use, cwd, dir, sizeof(dir));
		if (!dir[0])
			continue;
		size_t j = 0;
		while (j < n && strcmp(rules[j].path, dir))
			j++;
		if (j == n)
			snprintf(rules[n++].path, PATH_MAX, "%s", dir);
		rules[j].use |= seen->use;
	}
	qsort(rules, n, sizeof(*rules), by_path);
	fprintf(out, "\n# Filesystem rules this run suggests: the paths it opened, collapsed. Review\n"
		"# and uncomment them: once any is active, every other path is refused (EACCES).\n");
	if (lp->full)
		fprintf(out, "# (more than %d distinct paths were opened: only the first are shown)\n",
			MAX_PATHS);
	for (int write = 0; write < 2; write++) {
		for (size_t i = 0; i < n; i++) {
			bool is_write = rules[i].use & SB_PATH_WRITE;
			bool dropped = false;
			for (size_t j = 0; j < n && !dropped; j++)
				dropped = covered(&rules[i], &rules[j]);
			bool wanted = write ? is_write : read_line(rules[i].use);
			if (dropped || !wanted)
				continue;
			fprintf(out, "# @fs-%s %s\n", write ? "write" : "read", rules[i].path);
		}
	}
	free(rules);
}
