/*
 * syscaller: performs the syscalls named on its command line and prints each result, so
 * tests can watch a filter's decisions from inside a real process.
 *
 *   syscaller CALL...       CALL = NAME[:ARG...]  (ARG decimal, negative or 0x hex, or
 *                           self: this process's id)
 *                           NAME is a syscall name from the table below or a number
 *   @thread                 the following calls run in a new thread (joined at the end)
 *   @fork                   the following calls run in a child; prints "child: exit N"
 *   @exec PATH ARGS...      execv PATH with the remaining words
 *   @seccomp                prints the Seccomp: line of /proc/self/status
 *   @status FIELD           prints the FIELD: line of /proc/self/status (TracerPid, NoNewPrivs)
 *   @children               prints "children: PIDS" from /proc/thread-self/children
 *   @env NAME               prints NAME=value or NAME unset
 *   @catch-sigsys           installs a SIGSYS handler that prints and returns
 *   @catch-sigsys-wide      the same handler, installed with a raw rt_sigaction whose signal
 *                           number has bit 32 set (the kernel reads an int: still SIGSYS)
 *   @block-sigsys           blocks SIGSYS (sigprocmask)
 *   @block-all              blocks every signal (pthread_sigmask), as server threads do
 *   @block-sigsys-raw       blocks SIGSYS with the rt_sigprocmask system call itself
 *   @spawn-blocked PATH ARGS...  posix_spawn PATH with every signal blocked in the child
 *                           (POSIX_SPAWN_SETSIGMASK); prints "child: exit N"
 * Output: "NAME=RET" or "NAME=-1 ENAME", one line per call, flushed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define S(name) { #name, SYS_##name }
static const struct { const char *name; long nr; } table[] = {
	S(read), S(write), S(openat), S(close), S(getpid), S(getppid), S(gettid), S(getuid),
	S(uname), S(execve), S(mmap), S(mprotect), S(munmap), S(socket), S(kill), S(ptrace),
	S(fork), S(getcwd), S(dup), S(dup2), S(fstat), S(newfstatat), S(statx), S(open),
	S(stat), S(personality), S(sched_yield), S(prctl), S(ioctl), S(fcntl), S(lseek),
	S(nanosleep), S(getrandom), S(madvise), S(chdir), S(umask), S(getpgrp), S(setsid),
	S(sysinfo), S(times), S(getrusage), S(clock_gettime), S(brk), S(pipe2), S(eventfd2),
	S(memfd_create), S(unshare), S(mount), S(reboot), S(rt_sigaction), S(tgkill),
};

static long lookup(const char *name)
{
	if (name[0] >= '0' && name[0] <= '9')
		return strtol(name, NULL, 0);
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (!strcmp(table[i].name, name))
			return table[i].nr;
	fprintf(stderr, "syscaller: unknown syscall %s\n", name);
	exit(2);
}

static void call(const char *spec)
{
	char buf[256], *save, *name;
	long args[6] = { 0 };
	int n = 0;
	snprintf(buf, sizeof(buf), "%s", spec);
	name = strtok_r(buf, ":", &save);
	for (char *a; n < 6 && (a = strtok_r(NULL, ":", &save)); n++)
		args[n] = !strcmp(a, "self") ? getpid() : (long)strtoull(a, NULL, 0);
	long nr = lookup(name);
	errno = 0;
	long rc = syscall(nr, args[0], args[1], args[2], args[3], args[4], args[5]);
	if (rc == -1)
		printf("%s=-1 %s\n", name, strerrorname_np(errno));
	else
		printf("%s=%ld\n", name, rc);
	fflush(stdout);
}

static char **thread_calls;
static int thread_n;

static void *thread_main(void *arg)
{
	(void)arg;
	for (int i = 0; i < thread_n; i++)
		call(thread_calls[i]);
	return NULL;
}

static void on_sigsys(int sig, siginfo_t *si, void *ctx)
{
	(void)sig; (void)ctx;
	char line[64];
	int len = snprintf(line, sizeof(line), "caught SIGSYS for syscall %d\n", si->si_syscall);
	ssize_t ignored = write(1, line, (size_t)len);
	(void)ignored;
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "@thread")) {
			pthread_t t;
			thread_calls = &argv[i + 1];
			thread_n = argc - i - 1;
			pthread_create(&t, NULL, thread_main, NULL);
			pthread_join(t, NULL);
			return 0;
		} else if (!strcmp(a, "@fork")) {
			pid_t pid = fork();
			if (pid < 0) {
				printf("fork=-1 %s\n", strerrorname_np(errno));
				return 3;
			}
			if (pid == 0)
				continue;
			int st;
			waitpid(pid, &st, 0);
			if (WIFSIGNALED(st))
				printf("child: signal %d\n", WTERMSIG(st));
			else
				printf("child: exit %d\n", WEXITSTATUS(st));
			return 0;
		} else if (!strcmp(a, "@exec") && i + 1 < argc) {
			fflush(stdout);
			execv(argv[i + 1], &argv[i + 1]);
			printf("execv=-1 %s\n", strerrorname_np(errno));
			return 3;
		} else if (!strcmp(a, "@seccomp")) {
			char line[256];
			FILE *f = fopen("/proc/self/status", "r");
			while (f && fgets(line, sizeof(line), f))
				if (!strncmp(line, "Seccomp:", 8))
					fputs(line, stdout);
			if (f)
				fclose(f);
			fflush(stdout);
		} else if (!strcmp(a, "@status") && i + 1 < argc) {
			char line[256];
			size_t n = strlen(argv[++i]);
			FILE *f = fopen("/proc/self/status", "r");
			while (f && fgets(line, sizeof(line), f))
				if (!strncmp(line, argv[i], n) && line[n] == ':')
					fputs(line, stdout);
			if (f)
				fclose(f);
			fflush(stdout);
		} else if (!strcmp(a, "@children")) {
			char list[1024] = "";
			FILE *f = fopen("/proc/thread-self/children", "r");
			size_t n = f ? fread(list, 1, sizeof(list) - 1, f) : 0;
			list[n] = '\0';
			if (f)
				fclose(f);
			printf(f ? "children: %s\n" : "children: unreadable\n", list);
			fflush(stdout);
		} else if (!strcmp(a, "@env") && i + 1 < argc) {
			const char *v = getenv(argv[++i]);
			printf(v ? "%s=%s\n" : "%s unset\n", argv[i], v);
			fflush(stdout);
		} else if (!strcmp(a, "@catch-sigsys")) {
			struct sigaction sa = { .sa_sigaction = on_sigsys, .sa_flags = SA_SIGINFO };
			if (sigaction(SIGSYS, &sa, NULL))
				printf("sigaction=-1 %s\n", strerrorname_np(errno));
		} else if (!strcmp(a, "@catch-sigsys-wide")) {
			/* glibc's restorer, borrowed from a handler installed for SIGUSR1. */
			struct sigaction sa = { .sa_sigaction = on_sigsys, .sa_flags = SA_SIGINFO };
			unsigned long kact[4];
			sigaction(SIGUSR1, &sa, NULL);
			syscall(SYS_rt_sigaction, SIGUSR1, NULL, kact, 8);
			long rc = syscall(SYS_rt_sigaction, (1L << 32) | SIGSYS, kact, NULL, 8);
			printf("rt_sigaction-wide=%ld\n", rc);
			fflush(stdout);
		} else if (!strcmp(a, "@block-sigsys")) {
			sigset_t set;
			sigemptyset(&set);
			sigaddset(&set, SIGSYS);
			sigprocmask(SIG_BLOCK, &set, NULL);
		} else if (!strcmp(a, "@block-all")) {
			sigset_t set;
			sigfillset(&set);
			pthread_sigmask(SIG_SETMASK, &set, NULL);
		} else if (!strcmp(a, "@signalfd-all")) {
			/* An event loop taking every signal through a signalfd. */
			sigset_t set;
			sigfillset(&set);
			sigprocmask(SIG_BLOCK, &set, NULL);
			printf("signalfd=%s\n", signalfd(-1, &set, SFD_CLOEXEC) >= 0 ? "ok" : "failed");
			fflush(stdout);
		} else if (!strcmp(a, "@block-sigsys-raw")) {
			unsigned long set = 1UL << (SIGSYS - 1);
			syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, NULL, sizeof(set));
		} else if (!strcmp(a, "@spawn-blocked") && i + 1 < argc) {
			posix_spawnattr_t attr;
			sigset_t all;
			pid_t pid;
			int st;
			extern char **environ;
			sigfillset(&all);
			posix_spawnattr_init(&attr);
			posix_spawnattr_setsigmask(&attr, &all);
			posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK);
			fflush(stdout);
			if (posix_spawn(&pid, argv[i + 1], NULL, &attr, &argv[i + 1], environ)) {
				printf("posix_spawn=-1\n");
				return 3;
			}
			waitpid(pid, &st, 0);
			printf("child: exit %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
			return 0;
		} else {
			call(a);
		}
	}
	return 0;
}
