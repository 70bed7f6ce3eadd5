/* bench/sgemm_peak.c — in-process sgemm peak: best of R runs of an N³ sgemm, GFLOP/s.
 * Usage: sgemm_peak [N (default 2048)] [R (default 5)].  Prints the OpenBLAS core it runs on. */
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
    int n = argc > 1 ? atoi(argv[1]) : 2048, r = argc > 2 ? atoi(argv[2]) : 5;
    if (n < 16 || n > 16384 || r < 1)
        return 2;
    size_t nn = (size_t)n * (size_t)n;
    float *a = malloc(nn * sizeof *a), *b = malloc(nn * sizeof *b), *c = malloc(nn * sizeof *c);
    if (!a || !b || !c)
        return 3;
    for (size_t i = 0; i < nn; i++) {
        a[i] = (float)(i % 7) * 0.1f;
        b[i] = (float)(i % 5) * 0.2f;
    }
    double best = 1e30;
    for (int i = 0; i < r; i++) {
        double t0 = now();
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0f, a, n, b, n, 0.0f, c, n);
        double t = now() - t0;
        if (t < best)
            best = t;
    }
    printf("{\"n\": %d, \"core\": \"%s\", \"threads\": %d, \"best_s\": %.4f, \"gflops\": %.1f}\n", n,
           openblas_get_corename(), openblas_get_num_threads(), best, 2.0 * n * (double)nn / best / 1e9);
    free(a);
    free(b);
    free(c);
    return 0;
}
