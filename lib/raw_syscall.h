/*
 * System calls made with the instruction itself, not through libc's syscall() or prctl():
 * a program may export functions of those names (an executable linked with -rdynamic comes
 * first in the symbol search), and the calls that confine it must reach the kernel.
 * Returns the kernel's result: negative errno on failure.
 */
#ifndef SB_RAW_SYSCALL_H
#define SB_RAW_SYSCALL_H

#if !defined(__x86_64__)
#error "raw system calls are implemented for x86_64 only"
#endif

static inline long sb_raw_syscall(long nr, long a0, long a1, long a2, long a3, long a4)
{
	long rc;
	register long r10 __asm__("r10") = a3;
	register long r8 __asm__("r8") = a4;
	__asm__ volatile("syscall"
			 : "=a"(rc)
			 : "0"(nr), "D"(a0), "S"(a1), "d"(a2), "r"(r10), "r"(r8)
			 : "rcx", "r11", "memory");
	return rc;
}

/* With a sixth argument; the freestanding code copied into programs (the report handler,
 * sandboxify's injected runner) uses this too. */
static inline long sb_raw_syscall6(long nr, long a0, long a1, long a2, long a3, long a4, long a5)
{
	register long r10 __asm__("r10") = a3;
	register long r8 __asm__("r8") = a4;
	register long r9 __asm__("r9") = a5;
	long rc;
	__asm__ volatile("syscall"
			 : "=a"(rc)
			 : "0"(nr), "D"(a0), "S"(a1), "d"(a2), "r"(r10), "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return rc;
}

/* exit_group, for the fail-closed exits of the library's constructor. */
static inline _Noreturn void sb_raw_exit(int status)
{
	for (;;)
		sb_raw_syscall(231 /* exit_group */, status, 0, 0, 0, 0);
}

#endif
