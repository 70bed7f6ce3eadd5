/* bench/sgemm_peak.c — in-process sgemm peak: best of R runs, GFLOP/s.
 * Usage: sgemm_peak [N (default 2048)] [R (default 5)]          an N³ product, C = A·B
 *        sgemm_peak M N K R                                       the scorer's shape, C = A·Bᵀ
 * (row-major, B stored as N rows of K: items × chunks, as fr_maxpool_scores calls it).  Prints
 * the OpenBLAS core and thread count it runs with (set OPENBLAS_CORETYPE / OPENBLAS_NUM_THREADS
 * as the run being compared used them). */
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

extern char *openblas_get_corename(void);
extern int openblas_get_num_threads(void);

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    int shaped = argc > 4;
    int m = argc > 1 ? atoi(argv[1]) : 2048, n = shaped ? atoi(argv[2]) : m, k = shaped ? atoi(argv[3]) : m;
    int r = shaped ? atoi(argv[4]) : (argc > 2 ? atoi(argv[2]) : 5);
    if (m < 1 || n < 1 || k < 1 || m > 16384 || n > 65536 || k > 16384 || r < 1)
        return 2;
    size_t na = (size_t)m * (size_t)k, nb = (size_t)n * (size_t)k, nc = (size_t)m * (size_t)n;
    float *a = malloc(na * sizeof *a), *b = malloc(nb * sizeof *b), *c = malloc(nc * sizeof *c);
    if (!a || !b || !c)
        return 3;
    for (size_t i = 0; i < na; i++)
        a[i] = (float)(i % 7) * 0.1f;
    for (size_t i = 0; i < nb; i++)
        b[i] = (float)(i % 5) * 0.2f;
    for (size_t i = 0; i < nc; i++)
        c[i] = 0; /* first touch outside the timing */
    double best = 1e30;
    for (int i = 0; i < r; i++) {
        double t0 = now();
        if (shaped)
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, m, n, k, 1.0f, a, k, b, k, 0.0f, c, n);
        else
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1.0f, a, k, b, n, 0.0f, c, n);
        double t = now() - t0;
        if (t < best)
            best = t;
    }
    printf("{\"m\": %d, \"n\": %d, \"k\": %d, \"core\": \"%s\", \"threads\": %d, \"best_s\": %.5f, \"gflops\": %.1f}\n", m,
           n, k, openblas_get_corename(), openblas_get_num_threads(), best, 2.0 * m * (double)n * k / best / 1e9);
    free(a);
    free(b);
    free(c);
    return 0;
}
