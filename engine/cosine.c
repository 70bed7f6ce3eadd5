/* engine/cosine.c — accumulate through the inverted index, then one heap pass over the touched
 * rows; untouched rows (score 0) fill any remaining places in id order. */
#include "engine/cosine.h"

#include <stdlib.h>

#include "util/parallel.h"

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
    const uint32_t *ptr; /* ncols + 1 */
    const qent *ent;
    const fr_row_ref *D;
    size_t nq, ncols, d0, d1;
    fr_topk *tops;       /* nq heaps of this range */
    fr_status st;
} span;

static void *topk_span(void *arg)
{
    span *s = arg;
    size_t nq = s->nq;
    double *acc = calloc(nq ? nq : 1, sizeof *acc);
    float *thr = malloc((nq ? nq : 1) * sizeof *thr);
    if (!acc || !thr) {
        free(acc);
        free(thr);
        s->st = FR_ENOMEM;
        return NULL;
    }
    /* a heap not yet full takes anything: the threshold starts below every score */
    for (size_t q = 0; q < nq; q++)
        thr[q] = s->tops[q].k ? -1.0f : 3.0e38f;
    for (size_t d = s->d0; d < s->d1; d++) {
        const fr_row_entry *e = s->D[d].e;
        size_t n = s->D[d].n;
        /* per (query, row), the products arrive in ascending column order, as in fr_sparse_topk */
        for (size_t i = 0; i < n; i++) {
            uint32_t c = e[i].col;
            if (c >= s->ncols)
                continue;
            double w = e[i].v.w;
            for (uint32_t j = s->ptr[c], je = s->ptr[c + 1]; j < je; j++)
                acc[s->ent[j].q] += (double)s->ent[j].w * w;
        }
        /* rows come in ascending order: one scoring as much as the worst kept is not better */
        for (size_t q = 0; q < nq; q++) {
            float v = (float)acc[q];
            acc[q] = 0.0;
            if (v > thr[q]) {
                fr_topk *h = &s->tops[q];
                fr_topk_push_slow(h, v, (uint32_t)d);
                if (h->n == h->k)
                    thr[q] = h->val[0];
            }
        }
    }
    free(acc);
    free(thr);
    s->st = FR_OK;
    return NULL;
}

fr_status fr_cosine_topk(const fr_row_ref *Q, size_t nq, const fr_row_ref *D, size_t nd, size_t ncols, int threads,
                         fr_topk *tops, fr_error *err)
{
    size_t T = threads > 1 ? (size_t)threads : 1;
    if (T > nd)
        T = nd ? nd : 1;
    uint32_t *ptr = calloc(ncols + 2, sizeof *ptr);
    span *sp = calloc(T, sizeof *sp);
    size_t nnz = 0;
    for (size_t q = 0; q < nq; q++)
        nnz += Q[q].n;
    qent *ent = malloc((nnz ? nnz : 1) * sizeof *ent);
    fr_status st = FR_OK;
    if (!ptr || !sp || !ent || nnz > UINT32_MAX || nq > UINT32_MAX || nd > UINT32_MAX) {
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
    /* ranges of rows of about equal entries, one per thread */
    size_t total = 0;
    for (size_t d = 0; d < nd; d++)
        total += D[d].n + 1;
    size_t d = 0, run = 0;
    for (size_t t = 0; t < T; t++) {
        span *s = &sp[t];
        *s = (span){ptr, ent, D, nq, ncols, d, d, NULL, FR_OK};
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
    free(ent);
    return st;
}
