/* models/lsa.c — the dense projection of TF-IDF space: a truncated SVD (LSA) by the randomized
 * range finder of Halko, Martinsson & Tropp (2011), built on BLAS/LAPACK:
 *
 *   Ω  ~ N(0,1)^{V×l}, l = d + 10          (a seeded generator: the same corpus gives the same model)
 *   Q  = orth(X Ω);  q = 7 times: Q = orth(X orth(Xᵀ Q))        (power iterations: sharper spectrum)
 *   Bᵀ = Xᵀ Q                       (V × l)
 *   G  = (Bᵀ)ᵀ Bᵀ = B Bᵀ            (l × l, one sgemm)  →  ssyevd: G = U Λ Uᵀ
 *   σ  = √λ,  P = Bᵀ U_d Σ_d⁻¹      (V × d, one sgemm): the top-d right singular vectors of X
 *
 * X is sparse (~0.2 % dense), so the products with X are sparse kernels; the dense work (QR,
 * Bᵀ's Gram matrix, P) is LAPACK and sgemm.  Signs follow scikit-learn's svd_flip convention
 * (each column's largest-magnitude entry positive) so the projection is deterministic. */
#include <cblas.h>
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "models/internal.h"

/* Power iterations and oversampling: scikit-learn's randomized_svd uses 7 iterations (its "auto"
 * for a small rank) and 10 extra columns; TF-IDF spectra are flat, so fewer iterations leave the
 * tail singular values visibly low (measured: 2 iterations gave 3 % error on the 16th of 32). */
#define FR_LSA_POWER_ITERS 7
#define FR_LSA_OVERSAMPLE 10

/* xorshift64* + Box-Muller: a reproducible standard normal stream. */
static uint64_t next_u64(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 0x2545F4914F6CDD1DULL;
}

static float gauss(uint64_t *s)
{
    double u1 = ((double)(next_u64(s) >> 11) + 0.5) / 9007199254740992.0;
    double u2 = (double)(next_u64(s) >> 11) / 9007199254740992.0;
    return (float)(sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2));
}

/* Y (n × l) = X (n × V, CSR) · A (V × l) */
static void x_times(const fr_csr *X, const float *A, size_t l, float *Y)
{
    memset(Y, 0, X->n * l * sizeof *Y);
    for (size_t i = 0; i < X->n; i++) {
        float *y = Y + i * l;
        for (uint32_t p = X->rowptr[i]; p < X->rowptr[i + 1]; p++)
            cblas_saxpy((blasint)l, X->vals[p], A + (size_t)X->cols[p] * l, 1, y, 1);
    }
}

/* Z (V × l) = Xᵀ · Q (n × l) */
static void xt_times(const fr_csr *X, size_t V, const float *Q, size_t l, float *Z)
{
    memset(Z, 0, V * l * sizeof *Z);
    for (size_t i = 0; i < X->n; i++) {
        const float *q = Q + i * l;
        for (uint32_t p = X->rowptr[i]; p < X->rowptr[i + 1]; p++)
            cblas_saxpy((blasint)l, X->vals[p], q, 1, Z + (size_t)X->cols[p] * l, 1);
    }
}

/* Orthonormalise the columns of A (rows × cols, rows ≥ cols) in place; LAPACK's info in *info. */
static int orth(float *A, size_t rows, size_t cols, float *tau, lapack_int *info)
{
    if ((*info = LAPACKE_sgeqrf(LAPACK_ROW_MAJOR, (lapack_int)rows, (lapack_int)cols, A, (lapack_int)cols, tau)) != 0)
        return 0;
    return (*info = LAPACKE_sorgqr(LAPACK_ROW_MAJOR, (lapack_int)rows, (lapack_int)cols, (lapack_int)cols, A,
                                   (lapack_int)cols, tau)) == 0;
}

fr_status fr__lsa(const fr_csr *X, size_t V, size_t d, uint64_t seed, float *P, float *sigma, fr_error *err)
{
    size_t n = X->n, m = n < V ? n : V;
    if (d == 0 || d >= m)
        return fr_fail(err, FR_EINVAL, "projection dimension %zu must be below min(documents, terms) = %zu", d, m);
    size_t l = d + FR_LSA_OVERSAMPLE < m ? d + FR_LSA_OVERSAMPLE : m;
    size_t big = (n > V ? n : V) * l, bytes;
    if (!fr_size_mul(big, sizeof(float), &bytes))
        return fr_fail(err, FR_ENOMEM, "projection too large");
    float *omega = malloc(V * l * sizeof *omega), *Y = malloc(n * l * sizeof *Y), *Z = malloc(V * l * sizeof *Z);
    float *tau = malloc(l * sizeof *tau), *G = malloc(l * l * sizeof *G), *w = malloc(l * sizeof *w);
    float *U = malloc(l * d * sizeof *U);
    fr_status s = FR_OK;
    lapack_int info = 0;
    if (!omega || !Y || !Z || !tau || !G || !w || !U) {
        s = fr_fail(err, FR_ENOMEM, "out of memory computing the projection");
        goto done;
    }
    uint64_t state = seed ? seed : 0x9E3779B97F4A7C15ULL;
    for (size_t i = 0; i < V * l; i++)
        omega[i] = gauss(&state);
    x_times(X, omega, l, Y);
    if (!orth(Y, n, l, tau, &info))
        goto lapack;
    for (int q = 0; q < FR_LSA_POWER_ITERS; q++) {
        xt_times(X, V, Y, l, Z);
        if (!orth(Z, V, l, tau, &info))
            goto lapack;
        x_times(X, Z, l, Y);
        if (!orth(Y, n, l, tau, &info))
            goto lapack;
    }
    xt_times(X, V, Y, l, Z); /* Z = Bᵀ */
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (blasint)l, (blasint)l, (blasint)V, 1.0f, Z, (blasint)l, Z,
                (blasint)l, 0.0f, G, (blasint)l);
    if ((info = LAPACKE_ssyevd(LAPACK_ROW_MAJOR, 'V', 'U', (lapack_int)l, G, (lapack_int)l, w)) != 0)
        goto lapack;
    /* eigenvalues ascend: the top d are the last columns */
    for (size_t k = 0; k < d; k++) {
        double lam = w[l - 1 - k] > 0 ? w[l - 1 - k] : 0;
        sigma[k] = (float)sqrt(lam);
        for (size_t r = 0; r < l; r++)
            U[r * d + k] = G[r * l + (l - 1 - k)];
    }
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (blasint)V, (blasint)d, (blasint)l, 1.0f, Z, (blasint)l, U,
                (blasint)d, 0.0f, P, (blasint)d);
    for (size_t k = 0; k < d; k++) {
        float inv = sigma[k] > 1e-6f * (sigma[0] > 0 ? sigma[0] : 1) ? 1.0f / sigma[k] : 0.0f;
        size_t arg = 0;
        float best = 0;
        for (size_t j = 0; j < V; j++) {
            P[j * d + k] *= inv;
            if (fabsf(P[j * d + k]) > best) {
                best = fabsf(P[j * d + k]);
                arg = j;
            }
        }
        if (P[arg * d + k] < 0) /* svd_flip: the largest-magnitude entry is positive */
            for (size_t j = 0; j < V; j++)
                P[j * d + k] = -P[j * d + k];
    }
    goto done;
lapack:
    /* the LAPACKE drivers allocate their workspace: without it they say so */
    s = info == LAPACK_WORK_MEMORY_ERROR ? fr_fail(err, FR_ENOMEM, "out of memory computing the projection")
                                         : fr_fail(err, FR_EINVAL, "LAPACK failed while computing the projection");
done:
    free(omega);
    free(Y);
    free(Z);
    free(tau);
    free(G);
    free(w);
    free(U);
    return s;
}

size_t fr_model_dim(const fr_model *m) { return m->dim; }
const float *fr_model_sigma(const fr_model *m) { return m->sigma; }

/* out[j] += Σ w[i] · row_i[j] over n rows, each element's terms added in the order of the rows
 * (a multiply, then an add: no FMA contraction under -std=c11) — four rows a pass, so that out is
 * loaded and stored once per four rows, in the lanes of whichever clone the CPU runs: the same
 * bits as one row at a time on every machine. */
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__)
__attribute__((target_clones("avx512f", "avx2", "default")))
#endif
static void project_rows(const float *proj, const uint32_t *ids, const float *w, size_t n, size_t d,
                         float *restrict out)
{
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        /* the rows two passes ahead asked for: a text's rows lie anywhere in the matrix (12.8 MB
         * for the reference model), and rank's phase 1, projecting its candidates' chunks while
         * the pool's arrays pass through the caches, waited on them (100k × 1k: phase 1 −0.5 to
         * −1 s; no effect measured where the matrix stays cached) */
        for (size_t a = i + 8; a < i + 12 && a < n; a++)
            for (size_t l = 0; l < d; l += 16)
                __builtin_prefetch(proj + (size_t)ids[a] * d + l);
        const float *restrict r0 = proj + (size_t)ids[i] * d, *restrict r1 = proj + (size_t)ids[i + 1] * d;
        const float *restrict r2 = proj + (size_t)ids[i + 2] * d, *restrict r3 = proj + (size_t)ids[i + 3] * d;
        float w0 = w[i], w1 = w[i + 1], w2 = w[i + 2], w3 = w[i + 3];
        for (size_t j = 0; j < d; j++) {
            float o = out[j];
            o += w0 * r0[j];
            o += w1 * r1[j];
            o += w2 * r2[j];
            o += w3 * r3[j];
            out[j] = o;
        }
    }
    for (; i < n; i++) {
        const float *restrict row = proj + (size_t)ids[i] * d;
        float wi = w[i];
        for (size_t j = 0; j < d; j++)
            out[j] += wi * row[j];
    }
}

/* v scaled to unit length, given its sum of squares ss (zero: left as it is). */
static void unit_scale(float *v, size_t d, double ss)
{
    if (ss > 0) {
        float inv = (float)(1.0 / sqrt(ss));
        for (size_t j = 0; j < d; j++)
            v[j] *= inv;
    }
}

fr_status fr_project(const fr_model *m, const fr_sparse *x, float *out)
{
    size_t d = m->dim;
    if (!d)
        return FR_EINVAL;
    memset(out, 0, d * sizeof *out);
    project_rows(m->proj, x->ids, x->w, x->n, d, out);
    double ss = 0;
    for (size_t j = 0; j < d; j++)
        ss += (double)out[j] * out[j];
    unit_scale(out, d, ss);
    return FR_OK;
}

fr_status fr_project_rows(const fr_model *m, const uint32_t *ptr, const uint32_t *ids, const float *w, size_t n,
                          float *out)
{
    size_t d = m->dim;
    if (!d)
        return FR_EINVAL;
    for (size_t i = 0; i < n; i++) {
        float *o = out + i * d;
        memset(o, 0, d * sizeof *o);
        size_t e0 = ptr[i], e1 = ptr[i + 1];
        if (e1 > e0)
            project_rows(m->proj, ids + e0, w + e0, e1 - e0, d, o);
    }
    /* each row's sum of squares is a chain of d dependent double adds, in fr_project's order (its
     * bits are the vector's): four rows' chains side by side hide each other's latency — alone
     * they were a third of projecting a chunk */
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        const float *o0 = out + i * d, *o1 = o0 + d, *o2 = o1 + d, *o3 = o2 + d;
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (size_t j = 0; j < d; j++) {
            s0 += (double)o0[j] * o0[j];
            s1 += (double)o1[j] * o1[j];
            s2 += (double)o2[j] * o2[j];
            s3 += (double)o3[j] * o3[j];
        }
        unit_scale(out + i * d, d, s0);
        unit_scale(out + (i + 1) * d, d, s1);
        unit_scale(out + (i + 2) * d, d, s2);
        unit_scale(out + (i + 3) * d, d, s3);
    }
    for (; i < n; i++) {
        float *o = out + i * d;
        double ss = 0;
        for (size_t j = 0; j < d; j++)
            ss += (double)o[j] * o[j];
        unit_scale(o, d, ss);
    }
    return FR_OK;
}
