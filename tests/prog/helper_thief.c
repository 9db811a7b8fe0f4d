/*
 * helper_thief: a hostile program started by sandboxify, whose helper may still be exiting
 * (at the lowest priority) when the program runs. It looks for that helper — any process
 * named "sandboxify" but itself — and tries to take it over: attach to it with ptrace, open
 * its memory, read it with process_vm_readv. Prints one line per process found:
 * "helper PID: seize=ERR mem=ERR read=ERR", "helper PID: TAKEN OVER" if anything worked,
 * and "found N" at the end. Exits 1 when it took one over.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <unistd.h>

static bool named_sandboxify(const char *pid)
{
	char path[300], comm[32] = "";
	snprintf(path, sizeof(path), "/proc/%s/comm", pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, comm, sizeof(comm) - 1);
	if (fd >= 0)
		close(fd);
	return n > 0 && !strcmp(comm, "sandboxify\n");
}

/* Tries each way in; returns true when one worked. */
static bool attack(pid_t pid)
{
	char path[64], byte;
	int seize = ptrace(PTRACE_SEIZE, pid, NULL, NULL) ? errno : 0;
	snprintf(path, sizeof(path), "/proc/%d/mem", (int)pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int mem = fd < 0 ? errno : 0;
	if (fd >= 0)
		close(fd);
	/* Any address: the permission check comes before the address is looked at. */
	struct iovec local = { &byte, 1 }, remote = { (void *)0x10000, 1 };
	int read_err = process_vm_readv(pid, &local, 1, &remote, 1, 0) < 0 ? errno : 0;
	if (!seize || !mem || (read_err != EPERM && read_err != ESRCH)) {
		printf("helper %d: TAKEN OVER (seize=%s mem=%s read=%s)\n", (int)pid,
		       strerrorname_np(seize) ?: "0", strerrorname_np(mem) ?: "0",
		       strerrorname_np(read_err) ?: "0");
		return true;
	}
	printf("helper %d: seize=%s mem=%s read=%s\n", (int)pid, strerrorname_np(seize),
	       strerrorname_np(mem), strerrorname_np(read_err));
	return false;
}

int main(void)
{
	bool taken = false;
	int found = 0;
	DIR *proc = opendir("/proc");
	for (struct dirent *e; proc && (e = readdir(proc));) {
		pid_t pid = (pid_t)atoi(e->d_name);
		if (pid <= 0 || pid == getpid() || !named_sandboxify(e->d_name))
			continue;
		found++;
		taken |= attack(pid);
	}
	if (proc)
		closedir(proc);
	printf("found %d\n", found);
	return taken ? 1 : 0;
}
