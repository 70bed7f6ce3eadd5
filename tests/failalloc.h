/* tests/failalloc.h — allocation-failure injection for the library (SQLite's "malloc test" at
 * our size).
 *
 * `make failalloc` links the test binary build/failalloc/check_failalloc against a copy of the
 * library archive whose calls to malloc, calloc, realloc, strdup — and to the few library
 * functions that allocate on its behalf and report failure (utf8proc_map, sb_stemmer_new,
 * sb_stemmer_stem, scandir, the three LAPACKE drivers) — are renamed (objcopy --redefine-sym
 * X=fa_X) to the shims of tests/failalloc.c.  Only the library's own calls are redirected: the
 * tests' allocations, Check's and the shared libraries' are not, so a failure injected here is
 * always one the library must handle.  In check_fitrank nothing is redirected and fa_linked() is 0.
 * Not injected: cJSON's parser, which returns NULL alike for a syntax error and for memory it
 * could not get, so the library cannot tell them apart (a JSON file then reads as invalid JSON);
 * and allocations inside libc (fopen, mkstemp), OpenBLAS and pdftotext.
 *
 * Counting: every redirected call is one "allocation"; fa_arm(n, persist) makes the n-th from now
 * fail (and, when persist, every one after it, as when memory stays exhausted).  The counter is
 * per process; what any process saw (the largest count, whether an injection fired) is also kept
 * in a shared page, so that the parent of Check's forked tests learns what its children did. */
#ifndef FR_TESTS_FAILALLOC_H
#define FR_TESTS_FAILALLOC_H

#include <check.h>
#include <stddef.h>
#include <stdint.h>

/* 1 when the library's allocations come through the shims (check_failalloc). */
int fa_linked(void);
/* Fail the n-th allocation from now (n >= 1; 0: none), and every later one when `persist`.
 * Resets the count and the fired flag (also the shared ones). */
void fa_arm(uint64_t n, int persist);
/* Stop failing; the count goes on. */
void fa_disarm(void);
/* Allocations since the last fa_arm, in this process. */
uint64_t fa_count(void);
/* Whether an injected failure happened since the last fa_arm, in this process. */
int fa_fired(void);
/* The largest count and whether any injection fired, over this process and its forked children
 * since the last fa_arm. */
uint64_t fa_shared_max(void);
int fa_shared_fired(void);
/* Print the stack of each injected failure to stderr (under ASan; otherwise its caller's address). */
void fa_trace(int on);

/* The sweep of the ordinary unit suites (`make failalloc`'s second part).  Each test case of each
 * suite runs in Check's fork mode once to count its allocations (the largest count of any of its
 * tests: every forked test starts counting from the same point), then once per injection point n,
 * every test of the case with its own n-th allocation failing.  Tests will fail their assertions
 * under injection — expected: what must never happen is a test that dies (signal, ASan/UBSan
 * report, timeout, early exit), which Check reports as an error.  `points`: runs per test case;
 * 0 = every n up to the count, else the first points/2 and points/2 more spread evenly over the
 * rest.  Returns the number of runs with a dead test (and of test cases failing without
 * injection); prints one line per test case.  `tmpdir` (the tests' t_tmpdir()) is emptied before
 * every run. */
typedef struct {
    const char *name;
    Suite *(*make)(void);
} fa_suite;
int fa_sweep(const fa_suite *suites, size_t n, unsigned points, const char *tmpdir);

#endif
