/*
 * Memory for building a filter at start-up.
 *
 * The C allocator's first call costs a confined program about 0.1 ms on a virtual machine
 * (getrandom, brk, fresh heap pages, the allocator's own code paged in): more than the
 * kernel takes to attach the filter. A program whose policy lets it do that itself later
 * should not pay for it before main. So while a thread holds the scratch region
 * (sb_scratch_begin .. sb_scratch_end), the policy model, the parser and the emitter take
 * their memory from a static region, of which only the pages used are ever touched.
 * Anywhere else, when another thread holds the region, or when it is full, these are
 * malloc, calloc, realloc and free.
 */
#ifndef SB_SCRATCH_H
#define SB_SCRATCH_H

#include <stdbool.h>
#include <stddef.h>

/* Take the region for the calling thread; false when another thread holds it (this
 * thread's allocations then come from malloc). */
bool sb_scratch_begin(void);
/* Release the region: everything allocated from it is gone. Only after a true begin.
 * Makes no system call, so it can follow the loading of the filter. */
void sb_scratch_end(void);
/* Return the region's pages to the kernel (madvise), all but those holding keep[0..len),
 * so the program does not carry them after start-up. Before the filter is loaded: it
 * needs madvise. Nothing allocated outside keep may be used afterwards. */
void sb_scratch_give_back(const void *keep, size_t len);

void *sb_alloc(size_t n);
void *sb_zalloc(size_t n);                 /* zeroed */
void *sb_realloc(void *p, size_t n);
/* The newest block p, allocated to a bound and written only in its first n bytes, cut to
 * those: the space after is used again, and a zeroed block placed there later is not
 * cleared first (which would touch fresh pages). Any other block is left as it is.
 * Returns p; never fails. */
void *sb_trim(void *p, size_t n);
void sb_free(void *p);

#endif
