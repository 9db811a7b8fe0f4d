/* The start-up scratch region: malloc's contract, whoever holds the region and however full. */
#include "support.h"
#include "scratch.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static void fill(unsigned char *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(seed + i * 7);
}

static bool holds(const unsigned char *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != (unsigned char)(seed + i * 7))
			return false;
	return true;
}

static bool all_zero(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

/* Blocks are aligned and distinct, keep their bytes through growth, shrinking and moves,
 * and zeroed blocks are zero even where an earlier block left data. */
static void exercise(void)
{
	unsigned char *a = sb_alloc(100), *b = sb_zalloc(3000);
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert_uint_eq((uintptr_t)a % 16, 0);
	ck_assert_uint_eq((uintptr_t)b % 16, 0);
	fill(a, 100, 1);
	ck_assert(all_zero(b, 3000));
	fill(b, 3000, 2);
	/* b is the newest block: it grows where it is or moves, with its bytes either way. */
	b = sb_realloc(b, 9000);
	ck_assert(holds(b, 3000, 2));
	fill(b, 9000, 3);
	/* a is not the newest: growing it moves it. */
	a = sb_realloc(a, 5000);
	ck_assert(holds(a, 100, 1));
	fill(a, 5000, 4);
	ck_assert(holds(b, 9000, 3));
	unsigned char *c = sb_realloc(NULL, 64);
	fill(c, 64, 5);
	ck_assert(holds(a, 5000, 4));
	sb_free(c);
	/* Freed newest block, then a zeroed one over the same bytes. */
	unsigned char *z = sb_zalloc(64);
	ck_assert(all_zero(z, 64));
	sb_free(z);
	b = sb_realloc(b, 10);
	ck_assert(holds(b, 10, 3));
	sb_free(a);
	sb_free(b);
	sb_free(NULL);
}

START_TEST(outside_a_build_it_is_malloc)
{
	exercise();
}
END_TEST

START_TEST(inside_a_build)
{
	ck_assert(sb_scratch_begin());
	exercise();
	sb_scratch_end();
	/* Again, over the bytes the first build left behind. */
	ck_assert(sb_scratch_begin());
	unsigned char *big = sb_zalloc(20000);
	ck_assert(all_zero(big, 20000));
	sb_free(big);
	exercise();
	sb_scratch_end();
}
END_TEST

START_TEST(a_full_region_spills_to_malloc)
{
	enum { BLOCKS = 40, SIZE = 16384 };      /* 640 KB: more than the region holds */
	unsigned char *b[BLOCKS];
	ck_assert(sb_scratch_begin());
	for (unsigned i = 0; i < BLOCKS; i++) {
		b[i] = sb_zalloc(SIZE);
		ck_assert_ptr_nonnull(b[i]);
		ck_assert(all_zero(b[i], SIZE));
		fill(b[i], SIZE, i);
	}
	for (unsigned i = 0; i < BLOCKS; i++) {
		ck_assert(holds(b[i], SIZE, i));
		sb_free(b[i]);
	}
	/* A block larger than the whole region, and one grown past it. */
	unsigned char *big = sb_alloc(1 << 20);
	ck_assert_ptr_nonnull(big);
	fill(big, 1 << 20, 9);
	ck_assert(holds(big, 1 << 20, 9));
	sb_free(big);
	unsigned char *grown = sb_alloc(100);
	fill(grown, 100, 6);
	grown = sb_realloc(grown, 1 << 20);
	ck_assert_ptr_nonnull(grown);
	ck_assert(holds(grown, 100, 6));
	sb_free(grown);
	sb_scratch_end();
}
END_TEST

/* Before the filter loads, the region's pages go back to the kernel, all but the kept
 * block's: those read as zero again, the kept block keeps its bytes. */
START_TEST(pages_are_given_back_but_the_kept_block)
{
	ck_assert(sb_scratch_begin());
	unsigned char *scratch = sb_alloc(4 * 4096);
	fill(scratch, 4 * 4096, 3);
	unsigned char *program = sb_alloc(300);
	fill(program, 300, 8);
	sb_scratch_give_back(program, 300);
	ck_assert(holds(program, 300, 8));
	ck_assert(all_zero(scratch + 4096, 2 * 4096));      /* whole pages of it, at least */
	sb_free(program);
	sb_scratch_end();
	/* The next build's zeroed blocks are zero, over returned pages and kept ones. */
	ck_assert(sb_scratch_begin());
	unsigned char *z = sb_zalloc(5 * 4096);
	ck_assert(all_zero(z, 5 * 4096));
	sb_free(z);
	/* Nothing kept: everything goes back. */
	unsigned char *all = sb_alloc(3 * 4096);
	fill(all, 3 * 4096, 4);
	sb_scratch_give_back(NULL, 0);
	ck_assert(all_zero(all + 4096, 4096));
	sb_scratch_end();
}
END_TEST

/* An array allocated to a bound and cut to what was written: the space after it is used
 * again, and a zeroed block placed there is zero without being cleared first, so the
 * pages the bound never reached stay untouched (mincore: not resident). */
START_TEST(a_trimmed_bound_leaves_its_pages_untouched)
{
	ck_assert(sb_scratch_begin());
	sb_scratch_give_back(NULL, 0);      /* whatever this process touched before goes back */
	unsigned char *bound = sb_alloc(16 * 4096);
	fill(bound, 100, 1);
	ck_assert_ptr_eq(sb_trim(bound, 100), bound);
	ck_assert(holds(bound, 100, 1));
	unsigned char *next = sb_zalloc(12 * 4096);
	ck_assert_msg(next < bound + 4096, "the space after the cut was not used again");
	uintptr_t from = ((uintptr_t)next + 2 * 4096) & ~(uintptr_t)4095;
	unsigned char resident[8];
	ck_assert_int_eq(mincore((void *)from, sizeof(resident) * 4096, resident), 0);
	for (size_t i = 0; i < sizeof(resident); i++)
		ck_assert_msg(!(resident[i] & 1), "page %zu of the zeroed block was touched", i + 2);
	ck_assert(all_zero(next, 12 * 4096));
	/* Not the newest block: left as it is, bytes and all. */
	unsigned char *older = next;
	fill(older, 64, 2);
	unsigned char *newest = sb_alloc(16);
	ck_assert_ptr_eq(sb_trim(older, 64), older);
	ck_assert(holds(older, 64, 2));
	ck_assert_ptr_eq(sb_alloc(16), newest + 32);
	sb_scratch_end();
}
END_TEST

static void *other_thread(void *arg)
{
	(void)arg;
	bool got = sb_scratch_begin();
	exercise();
	if (got)
		sb_scratch_end();
	return (void *)(uintptr_t)got;
}

START_TEST(one_holder_at_a_time)
{
	pthread_t t;
	void *got;
	ck_assert(sb_scratch_begin());
	ck_assert(!sb_scratch_begin());
	unsigned char *mine = sb_alloc(256);
	fill(mine, 256, 7);
	/* Held by this thread: the other one builds with malloc, and harms nothing here. */
	ck_assert_int_eq(pthread_create(&t, NULL, other_thread, NULL), 0);
	ck_assert_int_eq(pthread_join(t, &got), 0);
	ck_assert_ptr_null(got);
	ck_assert(holds(mine, 256, 7));
	sb_free(mine);
	sb_scratch_end();
	/* Released: another thread may take it. */
	ck_assert_int_eq(pthread_create(&t, NULL, other_thread, NULL), 0);
	ck_assert_int_eq(pthread_join(t, &got), 0);
	ck_assert_ptr_nonnull(got);
}
END_TEST

#if defined(__SANITIZE_ADDRESS__)
/* Under AddressSanitizer a write past a region block is caught as past a malloc'd one. */
START_TEST(overflow_is_reported_under_asan)
{
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		dup2(null, STDERR_FILENO);
		sb_scratch_begin();
		volatile unsigned char *p = sb_alloc(24);
		p[24] = 1;
		_exit(0);
	}
	int status;
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(!(WIFEXITED(status) && WEXITSTATUS(status) == 0));
}
END_TEST
#endif

Suite *unit_scratch_suite(void)
{
	Suite *s = suite_create("unit_scratch");
	TCase *tc = tcase_create("scratch");
	tcase_add_test(tc, outside_a_build_it_is_malloc);
	tcase_add_test(tc, inside_a_build);
	tcase_add_test(tc, a_full_region_spills_to_malloc);
	tcase_add_test(tc, one_holder_at_a_time);
	tcase_add_test(tc, pages_are_given_back_but_the_kept_block);
	tcase_add_test(tc, a_trimmed_bound_leaves_its_pages_untouched);
#if defined(__SANITIZE_ADDRESS__)
	tcase_add_test(tc, overflow_is_reported_under_asan);
#endif
	suite_add_tcase(s, tc);
	return s;
}
