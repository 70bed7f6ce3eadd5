/* engine/csr.h — sparse rows (compressed sparse row matrices) of TF-IDF weights, the engine's
 * exact lexical representation.  Built row by row; the transpose is an inverted index. */
#ifndef FR_ENGINE_CSR_H
#define FR_ENGINE_CSR_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/err.h"
#include "util/sort.h" /* fr_u32_lower_bound */

typedef struct {
    size_t n;        /* rows */
    size_t ncols;    /* columns (vocabulary size) */
    fr_u32vec ptr;   /* n + 1 row starts */
    fr_u32vec col;   /* column of each entry, ascending within a row */
    float *val;      /* weight of each entry */
    size_t cap;
} fr_csr_rows;

/* Start an empty matrix of ncols columns.  Free with fr_csr_free. */
fr_status fr_csr_init(fr_csr_rows *m, size_t ncols);
/* Room for `rows` more rows of `nnz` entries in all (appending them then moves nothing). */
fr_status fr_csr_reserve(fr_csr_rows *m, size_t rows, size_t nnz);
/* Append one row (cols ascending, each < ncols). */
fr_status fr_csr_append(fr_csr_rows *m, const uint32_t *cols, const float *vals, size_t n);
/* The transpose (an inverted index: for each column, its rows and weights). */
fr_status fr_csr_transpose(const fr_csr_rows *m, fr_csr_rows *t);
void fr_csr_free(fr_csr_rows *m);
int fr_csr_find(const fr_csr_rows *m, size_t row, uint32_t col, uint32_t *at);
/* ⟨row i of a, row j of b⟩ (same columns), summed in double in ascending column order — the order
 * the inverted-index accumulation of engine/cosine.c adds in, so both give the same bits. */
float fr_csr_dot(const fr_csr_rows *a, size_t i, const fr_csr_rows *b, size_t j);

#endif
