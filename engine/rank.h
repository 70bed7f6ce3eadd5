/* engine/rank.h — top-k over many (posting, résumé) pairs: prune, score in sgemm tiles, refine.
 *
 *   1. candidates (default): for each query document, the shortlist_m best of the pool from a
 *      few lists — rank: by exact TF-IDF cosine with the requirements (inverted index) and by a
 *      proxy of the final key; match: by context and skills named (the score's two parts that
 *      need no items), by exact TF-IDF cosine of the whole texts and of the requirements — their
 *      union refined whole, best bound first, unless prune_m asks for a cut by a proxy of
 *      the final key (every part exact but the dense item evidence, taken against the whole
 *      résumé instead of each chunk).  Wherever a full heap or cut decides, a pair is judged only
 *      if its bound (fr_score_upper) can still enter it.  `exhaustive` skips this: every pair is
 *      a candidate.
 *   2. tiles: the items of a block of postings × the chunks of a block of résumés, one sgemm per
 *      tile, max-pooled per résumé (engine/score_blas.h); each pair of the tile is then scored
 *      (engine/score.h) with those maxima and offered to its query's heap of k + slack.
 *   3. refine: the pairs left in each heap are scored again canonically (fixed-order kernel), and
 *      the best k by (gate, rounded score, id) are the result — so the reported scores are the ones
 *      `explain` computes, bit for bit, and no thread count or tile shape can change them.
 *
 * Query = posting (per_resume = 0, `fitrank rank`) or résumé (per_resume = 1, `fitrank match`).
 * Work is split over threads by query blocks (each heap has one owner: no locks, no merging);
 * BLAS itself should run one thread per caller (the CLI sets it). */
#ifndef FR_ENGINE_RANK_H
#define FR_ENGINE_RANK_H

#include <stddef.h>
#include <stdint.h>

#include "engine/docset.h"
#include "engine/score.h"
#include "engine/score_blas.h"

typedef enum { FR_GATE_RANK = 0, FR_GATE_FILTER, FR_GATE_OFF } fr_gate_mode;

typedef struct {
    size_t k;             /* results per query (default 10) */
    fr_gate_mode gate;
    int per_resume;       /* 0: top résumés per posting; 1: top postings per résumé */
    int exhaustive;       /* score every pair (also done, being exact and cheaper, when the pool
                             holds at most 4 × shortlist_m documents) */
    int prune_small_pools; /* prune whatever the pool's size (tests of the pruned path) */
    size_t prune_m;       /* candidates per query scored exactly, cut by the proxy score; 0 =
                             every candidate of the lists */
    size_t shortlist_m;   /* candidates from each of the lists (at least k); 0 = max(1000, 20 ·
                             prune_m) with prune_m given, else max(1000, 100k) in rank and
                             max(2000, 200k) in match (its lexical lists N/2 and N/4) */
    int threads;          /* worker threads, ≥ 1 */
    size_t slack;         /* extra heap places refined canonically (default 16) */
    fr_block_opts blocks; /* sgemm tile shape inside fr_maxpool_scores */
    size_t posting_block, resume_block; /* documents per tile (defaults 64 and 256) */
    int float_bounds;     /* the staged path's bounds from float products even where bfloat16 runs
                             (engine/bf16.h; tests: the outputs are the same) */
} fr_rank_opts;

void fr_rank_opts_default(fr_rank_opts *o);

typedef struct {
    uint32_t posting, resume;
    fr_pair_eval ev;
} fr_hit;

typedef struct {
    size_t n_query;
    size_t *start;        /* n_query + 1: the hits of query q are hits[start[q] .. start[q + 1]) */
    fr_hit *hits;
    /* what the run did (bench/) */
    int pruned;           /* 0: every pair was scored (asked, or a pool of at most 4 shortlists) */
    int bf16_bounds;      /* the pruned path's bounds from bfloat16 products (engine/bf16.h) */
    uint64_t candidates;  /* pairs that reached the tiles */
    uint64_t refined;     /* pairs scored canonically */
    uint64_t bounded;     /* of the candidates, pairs left unjudged: their best possible key could
                             not enter their query's full heap (fr_score_upper) */
    uint64_t rekeyed;     /* rank, pruned: pairs of the proxy's first lists keyed again with their
                             facts decided (fr_score_proxy_one) */
    uint64_t lex_entries; /* inverted-list entries the lexical shortlists read */
    double tile_flops;    /* sgemm flops of the item × chunk tiles */
    double tile_sec;      /* time inside those sgemm calls, summed over threads */
    double prune_sec, score_sec; /* wall time of the set-up and of candidates + tiles + refine */
    double refine_sec;    /* time in the canonical refinement and top-k cut, summed over threads */
} fr_rank_result;

/* The gate/score ordering key: higher is better. */
float fr_rank_key(const fr_pair_eval *ev, fr_gate_mode gate);

fr_status fr_rank(const fr_docset *P, const fr_docset *R, const fr_model *m, const fr_rank_opts *o,
                  fr_rank_result *out, fr_error *err);
/* The same over résumés held in n_parts sets — batches prepared one at a time (and spilled to
 * index files by the CLI) — ranked as one pool: hits name a résumé by its position in the
 * concatenation of the parts.  The output does not depend on where the parts end: candidates are
 * chosen against the whole pool, blocks of pool vectors are cut at the same places, each sum runs
 * in the same order; the pruned path scores its candidates canonically one pair at a time.
 * Exhaustive runs walk the parts one at a time (memory: one part's inverted indexes).  match
 * (per_resume) takes one part. */
fr_status fr_rank_parts(const fr_docset *P, const fr_docset *const *R, size_t n_parts, const fr_model *m,
                        const fr_rank_opts *o, fr_rank_result *out, fr_error *err);
void fr_rank_result_free(fr_rank_result *r);

/* --mode cosine: whole-document TF-IDF cosine only (scikit-learn's TfidfVectorizer +
 * linear_kernel), top k per query, no gates; scores are the cosines (hits' ev.score = ev.ctx_lex). */
fr_status fr_rank_cosine(const fr_docset *P, const fr_docset *R, const fr_rank_opts *o, fr_rank_result *out,
                         fr_error *err);

#endif
