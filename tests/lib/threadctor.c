/*
 * A library whose constructor starts a thread before libsandbox.so's constructor runs
 * (preload it first: LD_PRELOAD="libthreadctor.so libsandbox.so"). The thread waits until
 * main has started, then calls getppid and prints "thread getppid=N".
 * THREADCTOR_OWN_FILTER=1: the thread first installs a filter of its own (without TSYNC),
 * so libsandbox.so cannot synchronise it and must refuse to run the program.
 */
#define _GNU_SOURCE
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int main_started, filtered;

static void *worker(void *arg)
{
	(void)arg;
	if (getenv("THREADCTOR_OWN_FILTER")) {
		struct sock_filter allow[] = { BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW) };
		struct sock_fprog prog = { .len = 1, .filter = allow };
		prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
		syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog);
	}
	pthread_mutex_lock(&lock);
	filtered = 1;
	pthread_cond_broadcast(&cond);
	while (!main_started)
		pthread_cond_wait(&cond, &lock);
	pthread_mutex_unlock(&lock);
	long ppid = syscall(SYS_getppid);
	printf("thread getppid=%ld\n", ppid);
	fflush(stdout);
	return NULL;
}

static pthread_t thread;

__attribute__((constructor)) static void start_thread(void)
{
	pthread_create(&thread, NULL, worker, NULL);
	pthread_mutex_lock(&lock);
	while (!filtered)
		pthread_cond_wait(&cond, &lock);
	pthread_mutex_unlock(&lock);
}

/* Called by tests/prog/release-thread once main runs. */
void threadctor_release(void);
void threadctor_release(void)
{
	pthread_mutex_lock(&lock);
	main_started = 1;
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&lock);
	pthread_join(thread, NULL);
}
