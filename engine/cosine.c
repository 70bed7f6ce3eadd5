/* engine/cosine.c — accumulate through the inverted index, then one heap pass over the touched
 * rows; untouched rows (score 0) fill any remaining places in id order. */
#include "engine/cosine.h"

#include <stdlib.h>

#include "util/parallel.h"

/* fr_cosine_topk: a column held by at least 1 query in DENSE_FRAC is added densely (with at least
 * DENSE_MIN_Q queries: fewer are cheap either way) */
enum { DENSE_FRAC = 4, DENSE_MIN_Q = 16 };

fr_status fr_sparse_topk(const fr_csr_rows *Q, const fr_csr_rows *inv, size_t n_db, fr_topk *tops, fr_error *err)
{
    double *acc = calloc(n_db ? n_db : 1, sizeof *acc);
    uint32_t *touched = malloc((n_db ? n_db : 1) * sizeof *touched);
    unsigned char *seen = calloc(n_db ? n_db : 1, 1);
    if (!acc || !touched || !seen) {
        free(acc);
        free(touched);
        free(seen);
        return fr_fail(err, FR_ENOMEM, "out of memory for the score accumulator");
    }
    for (size_t q = 0; q < Q->n; q++) {
        size_t nt = 0;
        for (uint32_t p = Q->ptr.v[q]; p < Q->ptr.v[q + 1]; p++) {
            uint32_t t = Q->col.v[p];
            if (t >= inv->n)
                continue;
            double w = Q->val[p];
            for (uint32_t r = inv->ptr.v[t]; r < inv->ptr.v[t + 1]; r++) {
                uint32_t d = inv->col.v[r];
                if (!seen[d]) {
                    seen[d] = 1;
                    touched[nt++] = d;
                }
                acc[d] += w * inv->val[r];
            }
        }
        fr_topk *h = &tops[q];
        fr_topk_reset(h);
        for (size_t i = 0; i < nt; i++)
            fr_topk_push(h, (float)acc[touched[i]], touched[i]);
        /* documents sharing no term score 0: they compete in id order, as long as a 0 can enter */
        for (uint32_t d = 0; d < n_db && (h->n < h->k || (h->k && h->val[0] <= 0.0f)); d++)
            if (!seen[d])
                fr_topk_push(h, 0.0f, d);
        for (size_t i = 0; i < nt; i++) {
            acc[touched[i]] = 0;
            seen[touched[i]] = 0;
        }
    }
    free(acc);
    free(touched);
    free(seen);
    return FR_OK;
}

/* ---- fr_cosine_topk ---------------------------------------------------------------------------- */

typedef struct {
    uint32_t q;
    float w;
} qent;

typedef struct {
    const uint32_t *ptr;   /* ncols + 1: a column's queries in ent */
    const qent *ent;
    const uint32_t *dense; /* per column: its row of W, or UINT32_MAX (walk its list) */
    const float *W;        /* dense columns × nq weights (0 where a query lacks the column) */
    const uint64_t *held;  /* a bit per column: held by some query */
    const fr_row_ref *D;
    size_t nq, ncols, d0, d1;
    fr_topk *tops;         /* nq heaps of this range */
    fr_status st;
} span;

/* acc[0..n) += w · x[0..n), each product exact in double (two floats' product is): the same sums,
 * bit for bit, as adding the products one query at a time — a zero of x adds +0.  AVX2 where the
 * CPU has it (4 doubles a step), SSE2 otherwise: the same results. */
__attribute__((target_clones("avx2", "default")))
static void axpy_f32(double *restrict acc, const float *restrict x, double w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        acc[i] += (double)x[i] * w;
}

/* Scores of the row into v (rounded to float, as fr_sparse_topk rounds them), acc zeroed again. */
__attribute__((target_clones("avx2", "default")))
static void round_scores(double *restrict acc, float *restrict v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        v[i] = (float)acc[i];
        acc[i] = 0.0;
    }
}

static void *topk_span(void *arg)
{
    span *s = arg;
    size_t nq = s->nq;
    double *acc = calloc(nq ? nq : 1, sizeof *acc);
    float *thr = malloc((nq + 8) * sizeof *thr), *v = malloc((nq + 8) * sizeof *v);
    if (!acc || !thr || !v) {
        free(acc);
        free(thr);
        free(v);
        s->st = FR_ENOMEM;
        return NULL;
    }
    /* a heap not yet full takes anything: its threshold starts below every score */
    for (size_t q = 0; q < nq; q++)
        thr[q] = s->tops[q].k ? -1.0f : 3.0e38f;
    for (size_t d = s->d0; d < s->d1; d++) {
        const fr_row_entry *e = s->D[d].e;
        size_t n = s->D[d].n;
        /* per (query, row), the products arrive in ascending column order, as in fr_sparse_topk */
        for (size_t i = 0; i < n; i++) {
            uint32_t c = e[i].col;
            /* most of a row's columns are in no query: a bit in L1 says so, not two arrays of
             * ncols entries each (a cache miss apiece) */
            if (c >= s->ncols || !(s->held[c >> 6] >> (c & 63) & 1))
                continue;
            double w = e[i].v.w;
            if (s->dense[c] != UINT32_MAX) {
                axpy_f32(acc, s->W + (size_t)s->dense[c] * nq, w, nq);
                continue;
            }
            for (uint32_t j = s->ptr[c], je = s->ptr[c + 1]; j < je; j++)
                acc[s->ent[j].q] += (double)s->ent[j].w * w;
        }
        round_scores(acc, v, nq);
        /* rows come in ascending order: one scoring as much as the worst kept is not better */
        for (size_t q0 = 0; q0 < nq; q0 += 8) {
            size_t q1 = nq - q0 < 8 ? nq : q0 + 8;
            int any = 0;
            for (size_t q = q0; q < q1; q++)
                any |= v[q] > thr[q];
            for (size_t q = q0; any && q < q1; q++)
                if (v[q] > thr[q]) {
                    fr_topk *h = &s->tops[q];
                    fr_topk_push_slow(h, v[q], (uint32_t)d);
                    if (h->n == h->k)
                        thr[q] = h->val[0];
                }
        }
    }
    free(acc);
    free(thr);
    free(v);
    s->st = FR_OK;
    return NULL;
}

fr_status fr_cosine_topk(const fr_row_ref *Q, size_t nq, const fr_row_ref *D, size_t nd, size_t ncols, int threads,
                         fr_topk *tops, fr_error *err)
{
    size_t T = threads > 1 ? (size_t)threads : 1;
    if (T > nd)
        T = nd ? nd : 1;
    uint32_t *ptr = calloc(ncols + 2, sizeof *ptr), *dense = malloc((ncols ? ncols : 1) * sizeof *dense);
    span *sp = calloc(T, sizeof *sp);
    float *W = NULL;
    uint64_t *held = calloc(ncols / 64 + 1, sizeof *held);
    size_t nnz = 0;
    for (size_t q = 0; q < nq; q++)
        nnz += Q[q].n;
    qent *ent = malloc((nnz ? nnz : 1) * sizeof *ent);
    fr_status st = FR_OK;
    if (!ptr || !dense || !held || !sp || !ent || nnz > UINT32_MAX || nq > UINT32_MAX || nd > UINT32_MAX) {
        st = fr_fail(err, FR_ENOMEM, "out of memory for the queries' inverted index");
        goto done;
    }
    /* the queries' inverted index: per column, its queries in ascending order (counting sort) */
    for (size_t q = 0; q < nq; q++)
        for (size_t i = 0; i < Q[q].n; i++)
            if (Q[q].e[i].col < ncols)
                ptr[Q[q].e[i].col + 2]++;
    for (size_t c = 0; c < ncols; c++)
        ptr[c + 2] += ptr[c + 1];
    for (size_t q = 0; q < nq; q++)
        for (size_t i = 0; i < Q[q].n; i++) {
            uint32_t c = Q[q].e[i].col;
            if (c < ncols)
                ent[ptr[c + 1]++] = (qent){(uint32_t)q, Q[q].e[i].v.w};
        }
    /* A column held by many queries is added as a dense row of nq weights (a vector loop of nq/4
     * steps) rather than through its list (a scattered add per query): from 1 query in DENSE_FRAC
     * on, the dense row costs less (measured: bench/RESULTS.md). */
    size_t nden = 0;
    for (size_t c = 0; c < ncols; c++)
        if (ptr[c + 1] > ptr[c])
            held[c >> 6] |= (uint64_t)1 << (c & 63);
    for (size_t c = 0; c < ncols; c++)
        dense[c] = (ptr[c + 1] - ptr[c]) * DENSE_FRAC >= nq && nq >= DENSE_MIN_Q ? (uint32_t)nden++ : UINT32_MAX;
    if (nden && !(W = calloc(nden * nq, sizeof *W))) {
        st = fr_fail(err, FR_ENOMEM, "out of memory for the queries' inverted index");
        goto done;
    }
    for (size_t c = 0; c < ncols; c++)
        if (dense[c] != UINT32_MAX)
            for (uint32_t j = ptr[c]; j < ptr[c + 1]; j++)
                W[(size_t)dense[c] * nq + ent[j].q] = ent[j].w;
    /* ranges of rows of about equal entries, one per thread */
    size_t total = 0;
    for (size_t d = 0; d < nd; d++)
        total += D[d].n + 1;
    size_t d = 0, run = 0;
    for (size_t t = 0; t < T; t++) {
        span *s = &sp[t];
        *s = (span){ptr, ent, dense, W, held, D, nq, ncols, d, d, NULL, FR_OK};
        size_t goal = total / T * (t + 1);
        while (d < nd && (t == T - 1 || run < goal))
            run += D[d++].n + 1;
        s->d1 = d;
        if (t == 0)
            s->tops = tops; /* the first range fills the caller's heaps, the others are merged in */
        else if (!(s->tops = calloc(nq ? nq : 1, sizeof *s->tops))) {
            st = fr_fail(err, FR_ENOMEM, "out of memory");
            goto done;
        } else
            for (size_t q = 0; q < nq; q++)
                if (fr_topk_init(&s->tops[q], tops[q].k) != FR_OK) {
                    st = fr_fail(err, FR_ENOMEM, "out of memory");
                    goto done;
                }
    }
    fr_run_parts(sp, T, sizeof *sp, topk_span);
    for (size_t t = 0; t < T; t++)
        if (sp[t].st != FR_OK) {
            st = fr_fail(err, FR_ENOMEM, "out of memory scoring");
            goto done;
        }
    /* the pairs kept by each range compete again: the k best of all, whatever the split */
    for (size_t t = 1; t < T; t++)
        for (size_t q = 0; q < nq; q++)
            for (size_t i = 0; i < sp[t].tops[q].n; i++)
                fr_topk_push(&tops[q], sp[t].tops[q].val[i], sp[t].tops[q].id[i]);
done:
    for (size_t t = 1; sp && t < T; t++) {
        for (size_t q = 0; sp[t].tops && q < nq; q++)
            fr_topk_free(&sp[t].tops[q]);
        free(sp[t].tops);
    }
    free(sp);
    free(ptr);
    free(dense);
    free(held);
    free(W);
    free(ent);
    return st;
}
