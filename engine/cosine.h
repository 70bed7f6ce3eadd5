/* engine/cosine.h — exact sparse inner products, top-k per query: the work scikit-learn's
 * linear_kernel + argpartition does for TF-IDF cosine ranking (rows L2-normalised → cosine),
 * through an inverted index of the database so each query touches only the documents that share
 * a term with it.  Sums are accumulated in double (scikit-learn works in float64) and ties are
 * broken by the lower document id, so results do not depend on order or threads. */
#ifndef FR_ENGINE_COSINE_H
#define FR_ENGINE_COSINE_H

#include "engine/csr.h"
#include "engine/topk.h"
#include "models/model.h"

/* For each query row q of Q, fill tops[q] (initialised by the caller with fr_topk_init(k)) with
 * the k best database rows of D by inner product; rows sharing no term score 0 and compete too
 * (lowest ids first), so k larger than D returns all of D.  `inv` is fr_csr_transpose(D). */
fr_status fr_sparse_topk(const fr_csr_rows *Q, const fr_csr_rows *inv, size_t n_db, fr_topk *tops, fr_error *err);

/* A row given by its entries (columns ascending), borrowed: fr_cofit's rows (models/model.h). */
typedef struct {
    const fr_row_entry *e;
    size_t n;
} fr_row_ref;

/* The same top k as fr_sparse_topk — for each query row Q[q], the k best rows of D by inner product
 * (summed in double in ascending column order, then rounded to float: the very bits fr_sparse_topk
 * gives), ties to the lower row, rows sharing no term at 0 competing too — for a few queries
 * against many rows, on up to `threads` threads, with the same result for any number of threads.
 * It walks D row by row against an inverted index of Q (small: its accumulators stay in L1) and
 * needs no transpose of D.  Columns at or above ncols are ignored.  tops[q] as for
 * fr_sparse_topk (fr_topk_init(k), empty).  FR_ENOMEM. */
fr_status fr_cosine_topk(const fr_row_ref *Q, size_t nq, const fr_row_ref *D, size_t nd, size_t ncols, int threads,
                         fr_topk *tops, fr_error *err);

#endif
