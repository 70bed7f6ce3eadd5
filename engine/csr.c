/* engine/csr.c — CSR building and transposition (a counting sort by column). */
#include "engine/csr.h"

#include <stdlib.h>
#include <string.h>

fr_status fr_csr_init(fr_csr_rows *m, size_t ncols)
{
    memset(m, 0, sizeof *m);
    m->ncols = ncols;
    return fr_u32vec_push(&m->ptr, 0);
}

/* The weights' array made room for `cap` entries (the one home of its growth). */
static fr_status val_cap(fr_csr_rows *m, size_t cap)
{
    float *v = cap <= SIZE_MAX / sizeof *v ? fr_regrow(m->val, m->cap * sizeof *v, cap * sizeof *v) : NULL;
    if (!v)
        return FR_ENOMEM;
    m->val = v;
    m->cap = cap;
    return FR_OK;
}

fr_status fr_csr_reserve(fr_csr_rows *m, size_t rows, size_t nnz)
{
    size_t need;
    if (fr_u32vec_reserve(&m->ptr, rows) != FR_OK || fr_u32vec_reserve(&m->col, nnz) != FR_OK ||
        !fr_size_add(m->col.n, nnz, &need))
        return FR_ENOMEM;
    return need <= m->cap ? FR_OK : val_cap(m, need);
}

fr_status fr_csr_append(fr_csr_rows *m, const uint32_t *cols, const float *vals, size_t n)
{
    size_t nnz = m->col.n;
    if (nnz + n > UINT32_MAX)
        return FR_ENOMEM;
    for (size_t i = 0; i < n; i++)
        if (cols[i] >= m->ncols || (i && cols[i] <= cols[i - 1]))
            return FR_EINVAL;
    if (nnz + n > m->cap) {
        size_t cap = m->cap ? m->cap : 1024;
        while (cap < nnz + n)
            cap *= 2;
        if (val_cap(m, cap) != FR_OK)
            return FR_ENOMEM;
    }
    if (fr_u32vec_reserve(&m->col, n) != FR_OK)
        return FR_ENOMEM;
    if (n) {
        memcpy(m->col.v + nnz, cols, n * sizeof *cols);
        memcpy(m->val + nnz, vals, n * sizeof *vals);
    }
    m->col.n = nnz + n;
    if (fr_u32vec_push(&m->ptr, (uint32_t)(nnz + n)) != FR_OK)
        return FR_ENOMEM;
    m->n++;
    return FR_OK;
}

fr_status fr_csr_transpose(const fr_csr_rows *m, fr_csr_rows *t)
{
    memset(t, 0, sizeof *t);
    size_t nnz = m->col.n;
    t->n = m->ncols;
    t->ncols = m->n;
    if (fr_u32vec_reserve(&t->ptr, m->ncols + 1) != FR_OK || fr_u32vec_reserve(&t->col, nnz) != FR_OK) {
        fr_csr_free(t);
        return FR_ENOMEM;
    }
    t->val = malloc((nnz ? nnz : 1) * sizeof *t->val);
    if (!t->val) {
        fr_csr_free(t);
        return FR_ENOMEM;
    }
    t->cap = nnz;
    memset(t->ptr.v, 0, (m->ncols + 1) * sizeof *t->ptr.v);
    for (size_t i = 0; i < nnz; i++)
        t->ptr.v[m->col.v[i] + 1]++;
    for (size_t c = 0; c < m->ncols; c++)
        t->ptr.v[c + 1] += t->ptr.v[c];
    t->ptr.n = m->ncols + 1;
    uint32_t *fill = malloc((m->ncols ? m->ncols : 1) * sizeof *fill);
    if (!fill) {
        fr_csr_free(t);
        return FR_ENOMEM;
    }
    memcpy(fill, t->ptr.v, m->ncols * sizeof *fill);
    /* rows in order, so each column's list comes out sorted by row */
    for (size_t r = 0; r < m->n; r++)
        for (uint32_t p = m->ptr.v[r]; p < m->ptr.v[r + 1]; p++) {
            uint32_t c = m->col.v[p], q = fill[c]++;
            t->col.v[q] = (uint32_t)r;
            t->val[q] = m->val[p];
        }
    t->col.n = nnz;
    free(fill);
    return FR_OK;
}

void fr_csr_free(fr_csr_rows *m)
{
    fr_u32vec_free(&m->ptr);
    fr_u32vec_free(&m->col);
    free(m->val);
    memset(m, 0, sizeof *m);
}

float fr_csr_dot(const fr_csr_rows *a, size_t i, const fr_csr_rows *b, size_t j)
{
    uint32_t p = a->ptr.v[i], pe = a->ptr.v[i + 1], q = b->ptr.v[j], qe = b->ptr.v[j + 1];
    double acc = 0;
    while (p < pe && q < qe) {
        if (a->col.v[p] == b->col.v[q])
            acc += (double)a->val[p++] * (double)b->val[q++];
        else if (a->col.v[p] < b->col.v[q])
            p++;
        else
            q++;
    }
    return (float)acc;
}

int fr_csr_find(const fr_csr_rows *m, size_t row, uint32_t col, uint32_t *at)
{
    uint32_t lo = fr_u32_lower_bound(m->col.v, m->ptr.v[row], m->ptr.v[row + 1], col);
    if (at)
        *at = lo;
    return lo < m->ptr.v[row + 1] && m->col.v[lo] == col;
}
