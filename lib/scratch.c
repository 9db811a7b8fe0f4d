/* The start-up scratch region: a bump allocator over static memory (see scratch.h). */
#include "scratch.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define SB_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SB_ASAN 1
#endif
#endif

#ifdef SB_ASAN
#include <sanitizer/asan_interface.h>
/* What is not handed out stays poisoned, so reading or writing past a block is reported as
 * it would be past a malloc'd one. */
#define POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

/* A crosvm policy with its includes builds in about 40 KB; a bigger policy spills to
 * malloc. Pages of .bss never touched cost nothing. */
#define PAGE 4096                          /* x86-64, like the native tables */
#define REGION_SIZE (48 * PAGE)
#define ALIGN 16

struct header {
	size_t size;                       /* bytes asked for */
	size_t unused;                     /* keeps blocks 16-byte aligned */
};

/* A common symbol, so the linker places it after every other zero-initialised variable:
 * those keep sharing the pages .data already dirties, and the region's own pages can be
 * given back whole (sb_scratch_give_back). Not page-aligned for the same reason: that
 * would start .bss on a fresh page. */
unsigned char sb_scratch_region[REGION_SIZE] __attribute__((common, aligned(ALIGN)));
#define region sb_scratch_region
static uintptr_t owner;                    /* thread pointer of the holder, 0: free */
static size_t used;                        /* bytes handed out */
static size_t dirty;                       /* bytes ever handed out: beyond, still zero */
static unsigned char *last;                /* the newest block: it can grow, or go */

/* Read without a call into libc, whose pages may not be in yet. */
static uintptr_t this_thread(void)
{
	return (uintptr_t)__builtin_thread_pointer();
}

static bool held_here(void)
{
	return __atomic_load_n(&owner, __ATOMIC_ACQUIRE) == this_thread();
}

static bool in_region(const void *p)
{
	return (const unsigned char *)p >= region && (const unsigned char *)p < region + REGION_SIZE;
}

static size_t rounded(size_t n)
{
	return (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
}

static struct header *header_of(void *block)
{
	return (struct header *)((unsigned char *)block - sizeof(struct header));
}

static size_t size_of(void *block)
{
	struct header *h = header_of(block);
	UNPOISON(h, sizeof(*h));
	size_t size = h->size;
	POISON(h, sizeof(*h));
	return size;
}

static void set_size(void *block, size_t n)
{
	struct header *h = header_of(block);
	UNPOISON(h, sizeof(*h));
	h->size = n;
	POISON(h, sizeof(*h));
}

static void set_used(size_t n)
{
	used = n;
	if (dirty < used)
		dirty = used;
}

bool sb_scratch_begin(void)
{
	uintptr_t expected = 0;
	if (!__atomic_compare_exchange_n(&owner, &expected, this_thread(), false, __ATOMIC_ACQUIRE,
					 __ATOMIC_RELAXED))
		return false;
	used = 0;
	last = NULL;
	POISON(region, REGION_SIZE);
	return true;
}

void sb_scratch_end(void)
{
	if (!held_here())
		return;
	POISON(region, REGION_SIZE);
	used = 0;
	last = NULL;
	__atomic_store_n(&owner, 0, __ATOMIC_RELEASE);
}

static void give_back(uintptr_t from, uintptr_t to)
{
	if (to > from)
		syscall(SYS_madvise, from, to - from, MADV_DONTNEED);
}

void sb_scratch_give_back(const void *keep, size_t len)
{
	if (!held_here())
		return;
	/* Whole pages of the region only: the first may hold other variables too. */
	uintptr_t start = ((uintptr_t)region + PAGE - 1) & ~(uintptr_t)(PAGE - 1);
	uintptr_t end = ((uintptr_t)region + dirty + PAGE - 1) & ~(uintptr_t)(PAGE - 1);
	uintptr_t region_end = ((uintptr_t)region + REGION_SIZE) & ~(uintptr_t)(PAGE - 1);
	if (end > region_end)
		end = region_end;
	if (!in_region(keep) || len == 0) {
		give_back(start, end);
		if (end > start && dirty > start - (uintptr_t)region)
			dirty = start - (uintptr_t)region;
		return;
	}
	/* The block's header too: sb_free reads it. */
	uintptr_t keep_from = ((uintptr_t)keep - sizeof(struct header)) & ~(uintptr_t)(PAGE - 1);
	uintptr_t keep_to = ((uintptr_t)keep + len + PAGE - 1) & ~(uintptr_t)(PAGE - 1);
	give_back(start, keep_from);
	give_back(keep_to, end);
	/* dirty stays: the pages kept are still written, and a zero page cleared again costs
	 * only time, in a second build (sandbox_apply_list at run time). */
}

/* A block from the region; NULL when the region is not held here or has no room. */
static void *region_alloc(size_t n)
{
	if (n == 0)
		n = 1;
	if (!held_here() || n > REGION_SIZE ||
	    REGION_SIZE - used < sizeof(struct header) + rounded(n))
		return NULL;
	unsigned char *block = region + used + sizeof(struct header);
	set_used(used + sizeof(struct header) + rounded(n));
	set_size(block, n);
	UNPOISON(block, n);
	last = block;
	return block;
}

void *sb_alloc(size_t n)
{
	void *p = region_alloc(n);
	return p ? p : malloc(n ? n : 1);
}

void *sb_zalloc(size_t n)
{
	size_t start = used + sizeof(struct header), clean_from = dirty;
	unsigned char *p = region_alloc(n);
	if (!p)
		return calloc(1, n ? n : 1);
	/* Only what earlier blocks used needs clearing: writing zeros over the rest would
	 * fault in fresh pages for nothing. */
	if (start < clean_from)
		memset(p, 0, clean_from - start < n ? clean_from - start : n);
	return p;
}

void sb_free(void *p)
{
	if (!in_region(p)) {
		free(p);
		return;
	}
	POISON(p, size_of(p));
	if (p == last && held_here()) {
		used = (size_t)((unsigned char *)p - region) - sizeof(struct header);
		last = NULL;
	}
}

void *sb_trim(void *p, size_t n)
{
	/* Only the newest block is cut; any other keeps its size (a cut is never needed). */
	if (!in_region(p) || p != last || !held_here() || n == 0 || n > size_of(p))
		return p;
	size_t old = size_of(p), start = (size_t)((unsigned char *)p - region);
	bool dirty_was_this_block = dirty == start + rounded(old);
	POISON((unsigned char *)p + n, old - n);
	set_size(p, n);
	used = start + rounded(n);
	/* The rest was never written: later zeroed blocks need not clear it. */
	if (dirty_was_this_block)
		dirty = used;
	return p;
}

void *sb_realloc(void *p, size_t n)
{
	if (!p)
		return sb_alloc(n);
	if (!in_region(p))
		return realloc(p, n ? n : 1);
	if (n == 0)
		n = 1;
	size_t old = size_of(p);
	size_t start = (size_t)((unsigned char *)p - region);
	if (p == last && held_here() && n <= REGION_SIZE && REGION_SIZE - start >= rounded(n)) {
		/* The newest block grows or shrinks in place: a list growing one entry at a
		 * time is never copied. */
		set_used(start + rounded(n));
		set_size(p, n);
		if (n > old)
			UNPOISON((unsigned char *)p + old, n - old);
		else
			POISON((unsigned char *)p + n, old - n);
		return p;
	}
	void *moved = sb_alloc(n);
	if (!moved)
		return NULL;
	memcpy(moved, p, old < n ? old : n);
	sb_free(p);
	return moved;
}
