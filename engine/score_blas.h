/* engine/score_blas.h — the dense pairwise kernel: max-pooled inner products by blocked sgemm.
 *
 * For query rows Q (nq × d) and database rows DB (ndb × d) partitioned into groups (the chunks of
 * one résumé are one group), out[q · ng + g] = max over the rows j of group g of ⟨Q_q, DB_j⟩.
 * Work is done as faiss's exhaustive search does it: one tile of qbs query rows × dbs database
 * rows at a time — one sgemm into a caller-sized scratch tile, reduced at once (max-pool per
 * group) before the next tile — so memory stays flat however large DB is.  Groups may straddle
 * tiles.  Block sizes live in fr_block_opts (no global state); the defaults are faiss's
 * (4096 × 1024, a 16 MiB tile) until bench/ measures better ones. */
#ifndef FR_ENGINE_SCORE_BLAS_H
#define FR_ENGINE_SCORE_BLAS_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

typedef struct {
    size_t qbs; /* query rows per tile (default 4096) */
    size_t dbs; /* database rows per tile (default 1024) */
} fr_block_opts;

void fr_block_opts_default(fr_block_opts *o);

/* Scratch a caller keeps across calls (one per thread): the tile and the row → group map.  Fresh
 * buffers per call cost more than the reduction — a 2 MB tile is 512 page faults, each first
 * touch zeroing a page — so callers that tile repeatedly keep one.  Zero-initialise; free with
 * fr_tile_scratch_free. */
typedef struct {
    float *tile;
    size_t tile_cap;
    uint32_t *group_of;
    size_t group_cap;
} fr_tile_scratch;

void fr_tile_scratch_free(fr_tile_scratch *ts);

/* group_start has ng + 1 entries, ascending, group_start[0] = 0, group_start[ng] = ndb; an empty
 * group scores -INFINITY.  Errors: FR_EINVAL (bad groups or sizes), FR_ENOMEM. */
fr_status fr_maxpool_scores(const float *Q, size_t nq, const float *DB, size_t ndb, size_t d,
                            const uint32_t *group_start, size_t ng, const fr_block_opts *bo, float *out,
                            fr_error *err);
/* The same with caller-kept scratch (NULL = allocate per call). */
fr_status fr_maxpool_scores_ws(const float *Q, size_t nq, const float *DB, size_t ndb, size_t d,
                               const uint32_t *group_start, size_t ng, const fr_block_opts *bo, float *out,
                               fr_tile_scratch *ts, fr_error *err);

#endif
