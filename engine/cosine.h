/* engine/cosine.h — exact sparse inner products, top-k per query: the work scikit-learn's
 * linear_kernel + argpartition does for TF-IDF cosine ranking (rows L2-normalised → cosine),
 * through an inverted index of the database so each query touches only the documents that share
 * a term with it.  Sums are accumulated in double (scikit-learn works in float64) and ties are
 * broken by the lower document id, so results do not depend on order or threads. */
#ifndef FR_ENGINE_COSINE_H
#define FR_ENGINE_COSINE_H

#include "engine/csr.h"
#include "engine/topk.h"

/* For each query row q of Q, fill tops[q] (initialised by the caller with fr_topk_init(k)) with
 * the k best database rows of D by inner product; rows sharing no term score 0 and compete too
 * (lowest ids first), so k larger than D returns all of D.  `inv` is fr_csr_transpose(D). */
fr_status fr_sparse_topk(const fr_csr_rows *Q, const fr_csr_rows *inv, size_t n_db, fr_topk *tops, fr_error *err);

#endif
