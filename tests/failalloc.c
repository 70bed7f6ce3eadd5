/* tests/failalloc.c — the shims the library's allocation calls are renamed to in check_failalloc
 * (tests/failalloc.h says how and why).  Test-only global state: one counter per process, one
 * shared page for the forked children of Check. */
#define _DEFAULT_SOURCE /* scandir, alphasort */
#include "tests/failalloc.h"

#include <dirent.h>
#include <errno.h>
#include <lapacke.h>
#include <libstemmer.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <utf8proc.h>

#include "util/buf.h"

#if defined(__SANITIZE_ADDRESS__)
#define FA_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FA_ASAN 1
#endif
#endif
#ifdef FA_ASAN
#include <sanitizer/common_interface_defs.h>
#endif

typedef struct {
    _Atomic uint64_t max;
    _Atomic int fired;
} fa_shared;

static _Atomic uint64_t n_alloc, fail_at;
static _Atomic int persist, fired, trace;
static fa_shared *shared;

static void shared_map(void)
{
    if (!shared) {
        void *p = mmap(NULL, sizeof *shared, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) {
            perror("failalloc: mmap");
            abort();
        }
        shared = p;
    }
}

/* Count one allocation; 1 when it must fail.  The stack is printed only under ASan (the only
 * build that injects). */
static int fail_now(void)
{
    uint64_t c = atomic_fetch_add(&n_alloc, 1) + 1;
    if (shared) {
        uint64_t m = atomic_load(&shared->max);
        while (c > m && !atomic_compare_exchange_weak(&shared->max, &m, c))
            ;
    }
    uint64_t f = atomic_load(&fail_at);
    if (f == 0 || c < f || (c > f && !atomic_load(&persist)))
        return 0;
    atomic_store(&fired, 1);
    if (shared)
        atomic_store(&shared->fired, 1);
    if (atomic_load(&trace)) {
        fprintf(stderr, "failalloc: allocation %llu fails here:\n", (unsigned long long)c);
#ifdef FA_ASAN
        __sanitizer_print_stack_trace();
#endif
    }
    return 1;
}

void fa_arm(uint64_t n, int persist_)
{
    shared_map();
    atomic_store(&fail_at, 0);
    atomic_store(&n_alloc, 0);
    atomic_store(&fired, 0);
    atomic_store(&shared->max, 0);
    atomic_store(&shared->fired, 0);
    atomic_store(&persist, persist_);
    atomic_store(&fail_at, n);
}

void fa_disarm(void) { atomic_store(&fail_at, 0); }
uint64_t fa_count(void) { return atomic_load(&n_alloc); }
int fa_fired(void) { return atomic_load(&fired); }
uint64_t fa_shared_max(void) { return shared ? atomic_load(&shared->max) : 0; }
int fa_shared_fired(void) { return shared ? atomic_load(&shared->fired) : 0; }
void fa_trace(int on) { atomic_store(&trace, on); }

int fa_linked(void)
{
    uint64_t before = fa_count();
    fr_buf b = {0};
    fr_status st = fr_buf_append(&b, "x", 1);
    fr_buf_free(&b);
    return st == FR_OK && fa_count() != before;
}

/* The shims: declared here only (the library's objects reference them after renaming). */
void *fa_malloc(size_t n);
void *fa_calloc(size_t n, size_t size);
void *fa_realloc(void *p, size_t n);
char *fa_strdup(const char *s);
utf8proc_ssize_t fa_utf8proc_map(const utf8proc_uint8_t *str, utf8proc_ssize_t len, utf8proc_uint8_t **dst,
                                 utf8proc_option_t options);
struct sb_stemmer *fa_sb_stemmer_new(const char *algorithm, const char *charenc);
const sb_symbol *fa_sb_stemmer_stem(struct sb_stemmer *st, const sb_symbol *word, int size);
int fa_scandir(const char *dir, struct dirent ***names, int (*filter)(const struct dirent *),
               int (*compar)(const struct dirent **, const struct dirent **));
lapack_int fa_LAPACKE_sgeqrf(int layout, lapack_int m, lapack_int n, float *a, lapack_int lda, float *tau);
lapack_int fa_LAPACKE_sorgqr(int layout, lapack_int m, lapack_int n, lapack_int k, float *a, lapack_int lda,
                             const float *tau);
lapack_int fa_LAPACKE_ssyevd(int layout, char jobz, char uplo, lapack_int n, float *a, lapack_int lda, float *w);

void *fa_malloc(size_t n) { return fail_now() ? NULL : malloc(n); }
void *fa_calloc(size_t n, size_t size) { return fail_now() ? NULL : calloc(n, size); }
void *fa_realloc(void *p, size_t n) { return fail_now() ? NULL : realloc(p, n); }
char *fa_strdup(const char *s) { return fail_now() ? NULL : strdup(s); }

utf8proc_ssize_t fa_utf8proc_map(const utf8proc_uint8_t *str, utf8proc_ssize_t len, utf8proc_uint8_t **dst,
                                 utf8proc_option_t options)
{
    if (fail_now()) {
        *dst = NULL;
        return UTF8PROC_ERROR_NOMEM;
    }
    return utf8proc_map(str, len, dst, options);
}

struct sb_stemmer *fa_sb_stemmer_new(const char *algorithm, const char *charenc)
{
    return fail_now() ? NULL : sb_stemmer_new(algorithm, charenc);
}

/* Snowball grows its buffer when a word is longer than any before and returns NULL when that fails. */
const sb_symbol *fa_sb_stemmer_stem(struct sb_stemmer *st, const sb_symbol *word, int size)
{
    return fail_now() ? NULL : sb_stemmer_stem(st, word, size);
}

int fa_scandir(const char *dir, struct dirent ***names, int (*filter)(const struct dirent *),
               int (*compar)(const struct dirent **, const struct dirent **))
{
    if (fail_now()) {
        errno = ENOMEM;
        return -1;
    }
    return scandir(dir, names, filter, compar);
}

/* The LAPACKE drivers allocate their workspace and return LAPACK_WORK_MEMORY_ERROR without it. */
lapack_int fa_LAPACKE_sgeqrf(int layout, lapack_int m, lapack_int n, float *a, lapack_int lda, float *tau)
{
    return fail_now() ? LAPACK_WORK_MEMORY_ERROR : LAPACKE_sgeqrf(layout, m, n, a, lda, tau);
}

lapack_int fa_LAPACKE_sorgqr(int layout, lapack_int m, lapack_int n, lapack_int k, float *a, lapack_int lda,
                             const float *tau)
{
    return fail_now() ? LAPACK_WORK_MEMORY_ERROR : LAPACKE_sorgqr(layout, m, n, k, a, lda, tau);
}

lapack_int fa_LAPACKE_ssyevd(int layout, char jobz, char uplo, lapack_int n, float *a, lapack_int lda, float *w)
{
    return fail_now() ? LAPACK_WORK_MEMORY_ERROR : LAPACKE_ssyevd(layout, jobz, uplo, n, a, lda, w);
}

/* ------------------------------------------------------------------ the sweep of the unit suites */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Run test case `tc` of a fresh runner of `s` with allocation n failing; returns the number of
 * tests that died (each reported on stderr), and through *failed those that failed. */
static const char *sweep_tmp;

static int sweep_run(const fa_suite *s, const char *tc, uint64_t n, int *failed)
{
    /* every run starts from an empty temporary directory, as a fresh test process would */
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s' && mkdir -p '%s'", sweep_tmp, sweep_tmp);
    if (sweep_tmp[0] && system(cmd) != 0)
        fprintf(stderr, "failalloc sweep: could not empty %s\n", sweep_tmp);
    SRunner *sr = srunner_create(s->make());
    srunner_set_fork_status(sr, CK_FORK);
    fa_arm(n, 0);
    srunner_run(sr, NULL, tc, CK_SILENT);
    fa_disarm();
    int dead = 0;
    *failed = 0;
    TestResult **res = srunner_results(sr);
    for (int i = 0, nr = srunner_ntests_run(sr); i < nr; i++) {
        int t = tr_rtype(res[i]);
        if (t == CK_ERROR) {
            dead++;
            fprintf(stderr,
                    "failalloc sweep: %s/%s died with allocation %llu failing: %s:%d: %s\n"
                    "  reproduce: CK_RUN_SUITE=%s CK_RUN_CASE=%s FR_FAILALLOC_SWEEP_AT=%llu "
                    "FR_FAILALLOC=sweep check_failalloc\n",
                    s->name, tc, (unsigned long long)n, tr_lfile(res[i]), tr_lno(res[i]), tr_msg(res[i]), s->name,
                    tc, (unsigned long long)n);
        } else if (t == CK_FAILURE) {
            ++*failed;
            if (n == 0)
                fprintf(stderr, "failalloc sweep: %s/%s fails without injection: %s:%d: %s\n", s->name, tc,
                        tr_lfile(res[i]), tr_lno(res[i]), tr_msg(res[i]));
        }
    }
    free(res);
    srunner_free(sr);
    return dead;
}

int fa_sweep(const fa_suite *suites, size_t n_suites, unsigned points, const char *tmpdir)
{
    sweep_tmp = tmpdir;
    int bad = 0;
    uint64_t all_points = 0, all_runs = 0;
    double t_all = now_s();
    const char *only_suite = getenv("CK_RUN_SUITE"), *only_case = getenv("CK_RUN_CASE"),
               *at = getenv("FR_FAILALLOC_SWEEP_AT");
    for (size_t si = 0; si < n_suites; si++) {
        const fa_suite *s = &suites[si];
        if (only_suite && *only_suite && strcmp(only_suite, s->name) != 0)
            continue;
        /* the test cases' names, from a plain run's results */
        char names[16][64];
        size_t nn = 0;
        {
            SRunner *sr = srunner_create(s->make());
            srunner_set_fork_status(sr, CK_FORK);
            fa_arm(0, 0);
            srunner_run_all(sr, CK_SILENT);
            TestResult **res = srunner_results(sr);
            for (int i = 0, nr = srunner_ntests_run(sr); i < nr; i++) {
                const char *tc = tr_tcname(res[i]);
                size_t k = 0;
                while (k < nn && strcmp(names[k], tc) != 0)
                    k++;
                if (k == nn && nn < 16)
                    snprintf(names[nn++], sizeof names[0], "%s", tc);
            }
            free(res);
            srunner_free(sr);
        }
        for (size_t ci = 0; ci < nn; ci++) {
            const char *tc = names[ci];
            if (only_case && *only_case && strcmp(only_case, tc) != 0)
                continue;
            double t0 = now_s();
            int failed;
            int dead = sweep_run(s, tc, 0, &failed);
            uint64_t count = fa_shared_max();
            if (dead || failed) {
                fprintf(stderr, "failalloc sweep: %s/%s fails without injection: not swept\n", s->name, tc);
                bad++;
                continue;
            }
            if (at && *at) {
                bad += sweep_run(s, tc, strtoull(at, NULL, 10), &failed) != 0;
                continue;
            }
            uint64_t runs = 0, dead_runs = 0, half = points / 2;
            for (uint64_t k = 0;; k++) {
                uint64_t n;
                if (points == 0 || count <= points)
                    n = k + 1;
                else if (k < half)
                    n = k + 1;
                else if (k < points)
                    n = half + 1 + (k - half) * (count - half) / (points - half);
                else
                    break;
                if (n > count)
                    break;
                int d = sweep_run(s, tc, n, &failed);
                if (!fa_shared_fired()) /* no test got as far as n (threads may vary the count) */
                    break;
                runs++;
                dead_runs += d != 0;
            }
            printf("failalloc sweep: %-10s %-8s %8llu allocations (largest test), %5llu runs, %llu with a dead test "
                   "(%.1f s)\n",
                   s->name, tc, (unsigned long long)count, (unsigned long long)runs, (unsigned long long)dead_runs,
                   now_s() - t0);
            fflush(stdout);
            all_points += count;
            all_runs += runs;
            bad += (int)dead_runs;
        }
    }
    printf("failalloc sweep: %llu runs over test cases with %llu allocations in all, %d bad, %.0f s\n",
           (unsigned long long)all_runs, (unsigned long long)all_points, bad, now_s() - t_all);
    return bad;
}
