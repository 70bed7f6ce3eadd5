/* engine/rank.c — the driver: candidate pruning, sgemm tiles, canonical refinement, threads. */
#include "engine/rank.h"

#include <cblas.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine/bf16.h"
#include "engine/cosine.h"
#include "engine/index.h"
#include "engine/topk.h"
#include "util/bits.h"
#include "util/clock.h"
#include "util/parallel.h"
#include "util/prefetch.h"
#include "util/sort.h"

void fr_rank_opts_default(fr_rank_opts *o)
{
    memset(o, 0, sizeof *o);
    o->k = 10;
    o->gate = FR_GATE_RANK;
    o->threads = 1;
    o->slack = 16;
    fr_block_opts_default(&o->blocks);
    o->posting_block = 64;
    o->resume_block = 256;
}

float fr_rank_key(const fr_pair_eval *ev, fr_gate_mode gate)
{
    /* integers below 2^24 are exact in float: the key is the printed score in units of 1e-4,
     * lifted by 20000 when the gate ranks first.  Converting a NaN, an infinity or anything
     * beyond int32 to int32 is undefined behaviour: such a score (none should reach here: models
     * and indexes are checked) is clamped first, NaN to the bottom, so it ranks last. */
    double x = (double)ev->score * 10000.0 + 0.5;
    if (!(x > -1e6)) /* NaN too */
        x = -1e6;
    else if (x > 1e6)
        x = 1e6;
    float q = (float)(int32_t)x;
    return gate == FR_GATE_RANK && ev->gate ? q + 20000.0f : q;
}

/* A candidate of the refinement and its bound. */
struct bound_ent {
    float key;
    uint32_t id;
    size_t off;              /* where its items' bounds and hints begin (bound_order, match_bound_range) */
    uint64_t noshow;         /* its fr_pair_parts.noshow */
};

typedef struct {
    const fr_docset *P, *Q;
    const fr_model *m;
    const fr_rank_opts *o;
    /* The résumés, in parts (batches prepared one at a time) ranked as one pool: a résumé is named
     * by its position in the concatenation (rbase[part] + its index in the part).  match has one. */
    const fr_docset *const *rp;
    size_t nrp;
    size_t *rbase;               /* nrp + 1 */
    /* The pool's parts: the résumé parts (rank) or the postings alone (match). */
    const fr_docset *const *pp;
    size_t npp, npool;
    const size_t *pbase;
    size_t pbase1[2];            /* pbase of a one-part pool */
    /* exhaustive runs walk the résumé parts one at a time: the current one, its first résumé's
     * position, and its bulk lexical structures (built for it, freed after it) */
    const fr_docset *R;
    size_t rb;
    fr_word_index rwix;      /* exhaustive: the current part's lines by word (the verdicts read it) */
    fr_docset rmade;         /* exhaustive: the current part with its chunk vectors made (part_begin) */
    float *rvec;             /* ... those vectors */
    size_t rvcap;
    size_t heap_k, prune_m, shortlist_m, n_units, unit_size;
    /* rank, pruned: the proxy's first lists (phase 0: proxy_pool long), their résumés' keys with
     * the records' facts decided (phase 7, résumé by résumé), the candidates (phase 8) */
    size_t proxy_pool;
    int rekey;               /* phase 7 runs: the first list is longer than the proxy list */
    uint32_t **e_id;         /* per posting: the résumés of its first and lexical lists, ascending */
    uint64_t **e_shown;      /* ... per entry: bit i set when a line of it shows item i (lines' test) */
    float **e_key;           /* ... per entry: fr_score_proxy_one's key (first-list entries, phase 7) */
    float **e_prod;          /* ... per first-list entry (rekey): its products with the posting's
                                document and items (1 + items floats), the proxy's own (phase 0) */
    uint8_t **e_flag;        /* ... per entry: E_FIRST, E_LEX */
    size_t *e_n;
    uint64_t *e_exact;       /* per posting: bit i set when its lines' test of item i missed no line */
    fr_proxy_item *pitems;   /* every posting's items as the proxy reads them */
    double *ent_idf;         /* staged: per entry of P's unit rows, its term's IDF, and per item
                                their sum (rterm_eval's `tot`) — set by phase 0 once a posting is
                                checked, read by phase 1's bounds (rterm_bounds) */
    double *item_idf;
    fr_proxy_posting *pposts;
    uint32_t *by_e_start;    /* npool + 1: the first-list entries (posting, entry) of each résumé */
    uint32_t *by_e_q, *by_e_j;
    int exhaustive;          /* asked for, or the pool is small enough that pruning cannot pay */
    int phase;               /* exhaustive: 0 tiles of the current part, 1 refine */
    /* exhaustive rank over a part that keeps no chunk vectors: the units of its phase 0 are its
     * résumé blocks, each made once into a worker's buffer and scored against every query block
     * (rmajor_unit) — a pool's chunk vectors never all in memory — after a stage (rstage 0) whose
     * units are the query blocks, each finding its items' lines over the part (xmet_all) */
    int rmajor, rstage;
    int rmajor_any;          /* some part was (its heaps' pairs judged résumé by résumé: phases 3, 4) */
    uint32_t **xid;          /* rmajor_any, per query: the ids its heap kept, and their judged pairs */
    struct refined **xref;
    size_t *xn;
    size_t n_qunits;         /* exhaustive: the query blocks */
    uint64_t *xmet_all;      /* rmajor: per item of P, xnw words of bits over the part's résumés */
    unsigned char *xexact_all;
    size_t xall_cap, xall_ecap;
    fr_topk *heaps;          /* per query */
    fr_csr_rows *inv_own;    /* per pool part: its document rows transposed, when it has none */
    const fr_csr_rows **pinv;
    /* rank: per pool part, the lists of pinv the requirements' rows walk that hold a quarter of
     * the part or more, as dense rows (dense_lists): ldense_at[part][t] the row of term t or -1 */
    int32_t **ldense_at;
    float **ldense;
    /* exhaustive: the lexical evidence in bulk, through inverted indexes of the current part */
    fr_csr_rows cinv;        /* chunk rows transposed: term → chunks */
    fr_csr_rows rinv_own;    /* résumé document rows transposed, when R has none */
    const fr_csr_rows *rinv;
    uint32_t *res_of;        /* chunk → résumé */
    double *idf_total;       /* per posting item: Σ idf of its terms */
    /* pruning: the postings' requirement rows transposed, when P has none (match) */
    fr_csr_rows preq_inv_own;
    const fr_csr_rows *preq_inv;
    /* rank, pruned, in phases: (0) each posting's lists — the proxy's first list and the lexical
     * one; (7) the first lists' résumés keyed again with their records' facts decided, résumé by
     * résumé; (8) each posting's candidates: the best of its first list by those keys and its
     * lexical list; (1) their dense bounds résumé by résumé, so that a résumé's chunk vectors are
     * read from memory once for every posting that has it as a candidate (and its chunks' norms
     * computed once), the bound's kernel then working from cache; (2) each posting's candidates
     * refined best first by those bounds */
    int staged;
    int cold;                /* match against a mapped index whose pages are not in memory: what a
                                query reads is asked for in bulk first (fr_index_cold) */
    uint32_t **cand;         /* per posting: its candidates (pool positions, ascending) */
    size_t *ncand;
    float **cdense;          /* per posting: ncand × its items, each one's dense maximum as
                                fr_dense_max computes it (fr_dense_max_prod, in phase 1) */
    float **qnorm;           /* per posting: its items' fr_norm_up */
    uint32_t **qbf;          /* per posting: its items in bfloat16 (fr_bf16_rows), when bf16 */
    int bf16;                /* phase 1 multiplies in bfloat16 (engine/bf16.h) */
    uint64_t **cnoshow;      /* per posting: ncand masks, bit i set when no line of the candidate
                                shows item i (fr_pair_parts.noshow; the proxy's lines' test) */
    float **cbound;          /* per posting: ncand bounds (fr_rank_key of fr_score_upper), phase 1's */
    /* match, pruned (msplit): each résumé's candidates from its lists (phase 0), then bounded by
     * every worker MCHUNK candidates at a time (phase 3: the chunks cut from the first candidate,
     * so that no bound depends on the threads), then refined best first (phase 2) */
    int msplit;
    size_t mb0, mb1;         /* the query block whose phases run (match_run) */
    float *mkdd, *mkld;      /* per query of the block, every pool document's coarse dense context and
                                whole-text lexical one (phase 4) */
    fr_topk *mlh;            /* per query of the block, its whole-text and requirements' lexical lists */
    fr_topk *mkh;            /* per query of the block, its context-and-skills list of each half of
                                the pool (phase 5) */
    size_t **moff;           /* per résumé: where each candidate's items begin in mden / mhint (ncand + 1) */
    float **mden;            /* per résumé: its candidates' items' dense bounds (match_bounds) */
    uint16_t **mhint;        /* ... and hints */
    struct bound_ent **msort;  /* per résumé: its candidates' bounds (by bound once phase 3 is done) */
    size_t *munit;           /* nq + 1: the first unit of phase 3 of each résumé */
    uint32_t *by_res_start;  /* npool + 1: the (posting, candidate index) pairs of each résumé */
    uint32_t *by_res_q, *by_res_j;
    size_t res_block;        /* résumés per unit of phase 1 */
    fr_word_index *wix;      /* rank, pruned: per pool part, its lines by word (the proxy list) */
    fr_hit *hits;            /* n_query × k */
    size_t *count;
    atomic_size_t next;
    atomic_int failed;
    pthread_mutex_t mu;
    fr_status status;
    fr_error err;
    double tile_flops, tile_sec;
    uint64_t candidates, refined;
} run_t;

typedef struct {
    run_t *run;
    fr_scorer *sc;
    float *qbuf, *dbuf, *D, *ptile;
    size_t qcap, dcap, Dcap, ptcap;
    float *gbuf;             /* a block of pool vectors spanning two parts, gathered */
    size_t gbcap;
    uint32_t *gs, *ioff, *cand;
    size_t gscap, icap, ccap;
    fr_topk *lh;             /* the lexical lists of the current query block (two a query) */
    fr_topk sh;              /* the shortlist's heap */
    fr_topk kh;              /* match: the context-and-skills list of a query, its halves merged */
    fr_topk pl;              /* rank, phase 8: a posting's proxy list */
    fr_topsel *ph1;          /* rank: the proxy's first lists of the current query block (proxy_lists),
                                proxy_pool long */
    float *ppay;             /* their pairs' products with the posting and its items, at the index
                                fr_topsel_push gives (proxy_lists; 1 + items floats each, 2 ·
                                proxy_pool a posting) */
    size_t *ppoff;           /* where each posting of the block's payloads begin */
    size_t ppaycap, ppoffcap;
    float *pkey;             /* proxy_lists: fr_score_proxy's scratch and keys, a pool block's */
    float *pan, *gC;         /* phase 1, match's phase 3: a résumé's chunk panel (fr_dense_panel), a
                                candidate posting's items' products with it */
    size_t pancap, gCcap;
    const float **iptr;      /* ... the items' vectors of group_prods */
    size_t iptrcap;
    uint32_t *bpan;          /* phase 1 in bfloat16: the résumé's panel (fr_bf16_panel), its items */
    const uint32_t **bptr;
    size_t bpancap, bptrcap;
    const fr_docset *bp_set; /* ... the résumé whose panel bpan holds */
    size_t bp_doc;
    const fr_docset *pn_set; /* ... the résumé whose panel pan holds */
    size_t pn_doc;
    const uint64_t **prbits; /* proxy_lists: a pool block's skill bits */
    const uint64_t **pmet;   /* proxy_lists: a posting's items' rows of lines' bits */
    size_t pkcap, prbcap, pmetcap;
    uint64_t *metb;          /* per item of the block, the pool's résumés with a line showing it */
    uint64_t *iwalk;         /* per item of the block, the words the lines' test walks */
    unsigned char *iexact;   /* per item of the block, its lines' test missed no line (its row of
                                metb proves which résumés no line of shows it) */
    size_t iwcap, iecap;
    float *lacc;             /* fr_verdict_lines_showing's scratch: per line a sum, the lines touched */
    uint32_t *ltouched;
    size_t lacap, ltcap;
    float *pA, *pC, *pslab;  /* the block's document and item vectors; their products with the pool;
                                fr_dense_gemm_nt's scratch */
    size_t metcap, pAcap, pCcap, pslcap;
    fr_topk rk;              /* the refinement's k best so far (its bound's threshold) */
    float *rden;             /* the refinement's dense maxima of one pair, per item */
    size_t rdencap;
    float *cnorm;            /* a résumé's chunks' fr_norm_up (fr_dense_max_bound's margin) */
    float *cvec;             /* a résumé's chunk vectors, made for a set that keeps none (res_vecs) */
    size_t cvcap;
    const fr_docset *cv_set; /* whose they are */
    uint32_t cv_doc;
    size_t cncap;
    const fr_docset *cn_set; /* whose they are (match asks for one résumé's again and again) */
    uint32_t cn_doc;
    struct bound_ent *bsort; /* the refinement's candidates by bound, best first */
    size_t bscap;
    float *bden, *hscr;      /* unstaged: every candidate's dense bounds; the hints' scratch */
    uint16_t *bhint;         /* unstaged: every candidate's hints */
    size_t bdcap, hscap, bhcap;
    double *acc;
    uint32_t *touched;
    unsigned char *seen;
    uint32_t *lexv;          /* phase 8: a posting's lexical list */
    fr_doc_words dw;         /* phase 7: the résumé's words with their lines */
    size_t lexvcap;
    struct refined {
        float key;
        uint32_t id;
        fr_pair_eval ev;
    } *ref;
    size_t refcap;
    /* bulk lexical parts of the current (posting block × résumé range) */
    float *lex, *mass, *ctxl;
    size_t lexcap, lexcap2, ctxcap, ctcap, r0, nrr;
    uint32_t *poff;          /* first item row of each posting of the block */
    size_t poffcap;
    double *cacc;            /* per chunk of the range */
    uint32_t *ctouch;
    unsigned char *cseen;    /* per chunk of the range: in ctouch (a sum of 0 is no sign of that) */
    size_t caccap, cscap;
    uint32_t *lcur;          /* lex_parts: where each list of the block's items and postings reached */
    size_t lccap;
    fr_tile_scratch ts;
    /* exhaustive: per item of the current posting block (from unit xua), xnw words of bits over the
     * current part's résumés, set where a line shows the item (lines_rows), and whether that row
     * is exact (the item's bound reads it and its lines' test missed no line) */
    uint64_t *xmet;
    unsigned char *xexact;
    size_t xmetcap, xexcap, xnw;
    uint32_t xua;
    const uint64_t *xm;      /* what tile_parts reads: xmet, or run->xmet_all (rmajor) */
    const unsigned char *xe;
    fr_topk *wheaps;         /* rmajor: this worker's own heap per query, merged into run->heaps once
                                every part is scored (a heap keeps the best by key then id,
                                whatever pushed it and in what order) */
    const float *rdb;        /* rmajor: the current résumé block's chunk vectors (rows_of, made once
                                for all the query blocks; NULL: tile makes them) */
    size_t rdb_n;
    struct bound_ent *xs;    /* tile: one query's pairs whose bound can enter, best first */
    size_t xscap;
    fr_pair_eval *xev;       /* tile: one posting's bounds against the tile's résumés */
    uint64_t *xns;           /* ... and their items no line shows */
    size_t xevcap, xnscap;
    /* the résumé-side term table of the match shortlist */
    int32_t *rt_slot, *rt_head, *rt_next;
    uint32_t *rt_term, *rt_chunk, *rt_touch;
    float *rt_w;
    double *rt_acc;
    unsigned char *rt_seen;  /* per chunk: in rt_touch (an accumulator of 0 is no sign of that) */
    uint64_t rt_bloom[64];   /* bit t % 4096 set for each term t in the table: most terms a posting
                                asks about are not the résumé's, and this answers for them from L1 */
    float *rt_tw, *rt_in;    /* per term of the vocabulary: its weight in the résumé's whole text,
                                and 1 when it is in the table (0 for the others): sums that add a
                                term's product whether or not the résumé has it, without a branch */
    size_t rt_tcap, rt_hcap, rt_ncap, rt_ccap, rt_wcap, rt_acap, rt_tocap, rt_scap, rt_ns;
    float *ctxd, *qdoc, *rdoc;  /* the tile's document-context block */
    size_t ctxdcap, qdcap, rdcap;
    double flops, sec, ref_sec;
    uint64_t ncand, nref, nbound, nrekey;
    uint64_t nlex;           /* inverted-list entries the lexical lists read */
    fr_error err;
} worker_t;

#define ENSURE(ptr, cap, n)                                                           \
    do {                                                                              \
        if ((n) > (cap)) {                                                            \
            size_t nc_ = (n) < 64 ? 64 : (n);                                         \
            void *np_ = realloc((ptr), nc_ * sizeof *(ptr));                          \
            if (!np_)                                                                 \
                return fr_fail(err, FR_ENOMEM, "out of memory for the score tiles");  \
            (ptr) = np_;                                                              \
            (cap) = nc_;                                                              \
        }                                                                             \
    } while (0)

static int contiguous(const uint32_t *l, size_t n)
{
    for (size_t i = 1; i < n; i++)
        if (l[i] != l[0] + i)
            return 0;
    return 1;
}

/* The unit vectors of documents l[0..n) of S as one row block: in place when they are adjacent,
 * else gathered into *buf.  *off (n + 1) receives each document's first row. */
static fr_status rows_of(const fr_docset *S, const fr_model *m, const uint32_t *l, size_t n, float **buf, size_t *cap,
                         uint32_t *off, const float **rows, size_t *nrows, fr_error *err)
{
    size_t d = S->dim, tot = 0;
    for (size_t i = 0; i < n; i++) {
        off[i] = (uint32_t)tot;
        tot += S->unit_start.v[l[i] + 1] - S->unit_start.v[l[i]];
    }
    off[n] = (uint32_t)tot;
    *nrows = tot;
    /* no rows at all (postings without items): no pointer into an empty, possibly NULL, array */
    if (n == 0 || tot == 0 || (contiguous(l, n) && !S->lazy_units)) {
        *rows = n && tot ? fr_docset_unit_vec(S, S->unit_start.v[l[0]]) : NULL;
        return FR_OK;
    }
    ENSURE(*buf, *cap, tot * d);
    for (size_t i = 0; i < n; i++) {
        uint32_t a = S->unit_start.v[l[i]], b = S->unit_start.v[l[i] + 1];
        if (S->lazy_units) /* made from the chunks' rows (fr_docset_chunk_vecs) */
            fr_docset_chunk_vecs(S, l[i], m, *buf + (size_t)off[i] * d);
        else
            memcpy(*buf + (size_t)off[i] * d, fr_docset_unit_vec(S, a), (size_t)(b - a) * d * sizeof **buf);
    }
    *rows = *buf;
    return FR_OK;
}

static int xs_cmp(const void *a, const void *b)
{
    const struct bound_ent *x = a, *y = b;
    if (x->key != y->key)
        return x->key > y->key ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* Whether a pair (its heap, its id) whose bound is b can still enter the heap — as the gate
 * filter would drop it, a pair failing the gate cannot under --gate filter. */
struct tile_test {
    const fr_topk *h;
    uint32_t id;
    fr_gate_mode gate;
};

static int tile_can_enter(void *ctx, const fr_pair_eval *b)
{
    const struct tile_test *t = ctx;
    if (t->gate == FR_GATE_FILTER && !b->gate)
        return 0;
    return t->h->n < t->h->k ||
           (t->h->k > 0 && fr_topk_better(fr_rank_key(b, t->gate), t->id, t->h->val[0], t->h->id[0]));
}

/* Pair (posting pl[i], résumé rl[j]) of a tile: its bulk parts (the tile's products, lex_parts'
 * arrays) and the items no line of the résumé shows (lines_rows). */
static void tile_parts(const worker_t *w, const uint32_t *pl, size_t i, const uint32_t *rl, size_t j, size_t nr,
                       fr_pair_parts *parts)
{
    const fr_docset *P = w->run->P;
    size_t jr = rl[j] - w->r0, at = (size_t)w->poff[i] * w->nrr + jr;
    *parts = (fr_pair_parts){w->D + (size_t)w->ioff[i] * nr + j, w->lex + at, w->mass + at, nr, 0,
                             w->ctxd + i * nr + j, 1, 0, 0};
    /* the bulk arrays cover exactly this tile's résumés: same stride as D */
    parts->ctx_lex = w->ctxl[i * w->nrr + jr];
    uint32_t t0 = P->unit_start.v[pl[i]] - w->xua, ni = P->unit_start.v[pl[i] + 1] - P->unit_start.v[pl[i]];
    for (uint32_t t = 0; t < ni && t < 64; t++) {
        const uint64_t *row = w->xm + (size_t)(t0 + t) * w->xnw;
        parts->noshow |= (uint64_t)(w->xe[t0 + t] && !(row[rl[j] / 64] >> (rl[j] % 64) & 1)) << t;
        parts->lines_known |= (uint64_t)w->xe[t0 + t] << t;
    }
}

/* Score postings pl × résumés rl (of the current résumé part) from one sgemm tile into the
 * queries' heaps; the lexical parts are in w->lex/mass/ctxl (lex_parts), the lines showing each
 * item in w->xmet (lines_rows).  Per query, every pair is bounded (fr_score_upper: cheap, no
 * verdicts), those whose bound can enter the heap are judged best bound first, each with its
 * required items weakest first, set aside as soon as its bound cannot enter (fr_score_pair_cut):
 * the verdicts were most of the phase.  What the heap keeps is what pushing every pair's key would
 * keep: a pair set aside could not have entered, and the heap's order (key, then id) does not
 * depend on the order of pushes. */
static fr_status tile(worker_t *w, const uint32_t *pl, size_t np, const uint32_t *rl, size_t nr, fr_error *err)
{
    run_t *run = w->run;
    const fr_docset *P = run->P, *R = run->R;
    fr_scorer_word_index(w->sc, R, &run->rwix);
    ENSURE(w->ioff, w->icap, np + 1);
    ENSURE(w->gs, w->gscap, nr + 1);
    ENSURE(w->qdoc, w->qdcap, np * P->dim + 1);
    ENSURE(w->rdoc, w->rdcap, nr * P->dim + 1);
    const float *Q, *DB;
    size_t nq, ndb;
    fr_status st = rows_of(P, run->m, pl, np, &w->qbuf, &w->qcap, w->ioff, &Q, &nq, err);
    if (st == FR_OK && w->rdb) { /* (rmajor_unit: made once for the block, offsets in gs) */
        DB = w->rdb;
        ndb = w->rdb_n;
    } else if (st == FR_OK)
        st = rows_of(R, run->m, rl, nr, &w->dbuf, &w->dcap, w->gs, &DB, &ndb, err);
    if (st != FR_OK)
        return st;
    ENSURE(w->D, w->Dcap, nq * nr + 1);
    ENSURE(w->ctxd, w->ctxdcap, np * nr + 1);
    /* the documents' dense context for the tile, one more sgemm (np × nr) */
    for (size_t i = 0; i < np; i++)
        memcpy(w->qdoc + i * P->dim, fr_docset_doc_vec(P, pl[i]), P->dim * sizeof *w->qdoc);
    for (size_t j = 0; j < nr; j++)
        memcpy(w->rdoc + j * P->dim, fr_docset_doc_vec(R, rl[j]), P->dim * sizeof *w->rdoc);
    if (np && nr)
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (blasint)np, (blasint)nr, (blasint)P->dim, 1.0f, w->qdoc,
                    (blasint)P->dim, w->rdoc, (blasint)P->dim, 0.0f, w->ctxd, (blasint)nr);
    if (nq && nr) {
        double t0 = fr_now();
        st = fr_maxpool_scores_ws(Q, nq, DB, ndb, P->dim, w->gs, nr, &run->o->blocks, w->D, &w->ts, err);
        w->sec += fr_now() - t0;
        w->flops += 2.0 * (double)nq * (double)ndb * (double)P->dim;
        if (st != FR_OK)
            return st;
    }
    fr_gate_mode gate = run->o->gate;
    int per_res = run->o->per_resume;
    size_t nqry = per_res ? nr : np, ncand = per_res ? np : nr;
    ENSURE(w->xs, w->xscap, ncand + 1);
    /* rank: a posting's bounds against the tile's résumés at once (they are adjacent) */
    int many = !per_res && nr > 0 && contiguous(rl, nr);
    if (many) {
        ENSURE(w->xev, w->xevcap, nr);
        ENSURE(w->xns, w->xnscap, nr);
    }
    for (size_t a = 0; a < nqry; a++) {
        fr_topk *heaps = w->wheaps ? w->wheaps : run->heaps;
        fr_topk *h = per_res ? &heaps[rl[a]] : &heaps[pl[a]];
        size_t nb = 0;
        if (many) {
            fr_pair_parts base;
            for (size_t j = 0; j < nr; j++) {
                tile_parts(w, pl, a, rl, j, nr, &base);
                w->xns[j] = base.noshow;
            }
            tile_parts(w, pl, a, rl, 0, nr, &base);
            if ((st = fr_score_upper_many(w->sc, P, pl[a], R, rl[0], nr, &base, w->ctxl + a * w->nrr + (rl[0] - w->r0),
                                          w->xns, w->xev, err)) != FR_OK)
                return st;
        }
        for (size_t b = 0; b < ncand; b++) {
            size_t i = per_res ? b : a, j = per_res ? a : b;
            uint32_t id = per_res ? pl[i] : (uint32_t)(run->rb + rl[j]);
            fr_pair_parts parts;
            fr_pair_eval ev;
            if (many)
                ev = w->xev[j];
            else {
                tile_parts(w, pl, i, rl, j, nr, &parts);
                if ((st = fr_score_upper(w->sc, P, pl[i], R, rl[j], &parts, &ev, err)) != FR_OK)
                    return st;
            }
            float key = fr_rank_key(&ev, gate);
            if (h->n == h->k && (h->k == 0 || !fr_topk_better(key, id, h->val[0], h->id[0]))) {
                w->nbound++;
                continue;
            }
            w->xs[nb++] = (struct bound_ent){key, id, b, 0}; /* (its parts are made again when judged) */
        }
        qsort(w->xs, nb, sizeof *w->xs, xs_cmp);
        for (size_t x = 0; x < nb; x++) {
            uint32_t id = w->xs[x].id;
            if (h->n == h->k && (h->k == 0 || !fr_topk_better(w->xs[x].key, id, h->val[0], h->id[0]))) {
                w->nbound += nb - x; /* the rest are no better: none can enter */
                break;
            }
            size_t i = per_res ? w->xs[x].off : a, j = per_res ? a : w->xs[x].off;
            fr_pair_parts parts;
            fr_pair_eval ev;
            tile_parts(w, pl, i, rl, j, nr, &parts);
            struct tile_test tt = {h, id, gate};
            int cut = 0;
            st = fr_score_pair_cut(w->sc, P, pl[i], R, rl[j], &parts, tile_can_enter, &tt, &cut, &ev, err);
            if (st != FR_OK)
                return st;
            if (cut) {
                w->nbound++;
                continue;
            }
            if (gate == FR_GATE_FILTER && !ev.gate)
                continue;
            fr_topk_push(h, fr_rank_key(&ev, gate), id);
        }
    }
    w->ncand += (uint64_t)np * nr;
    return FR_OK;
}

static int ref_cmp(const void *a, const void *b)
{
    const struct refined *x = a, *y = b;
    if (x->key != y->key)
        return x->key > y->key ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

static int bound_cmp(const void *a, const void *b)
{
    const struct bound_ent *x = a, *y = b;
    if (x->key != y->key)
        return x->key > y->key ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* The résumé at position g of the pool's concatenation: its part, and its index there (*local). */
static const fr_docset *res_part_at(const run_t *run, size_t g, uint32_t *local, size_t *part)
{
    size_t lo = 0, hi = run->nrp; /* the last part whose first résumé is at or before g */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (run->rbase[mid] <= g)
            lo = mid;
        else
            hi = mid;
    }
    *local = (uint32_t)(g - run->rbase[lo]);
    *part = lo;
    return run->rp[lo];
}

static const fr_docset *res_part(const run_t *run, size_t g, uint32_t *local)
{
    size_t part;
    return res_part_at(run, g, local, &part);
}

/* Résumé r of R's chunk vectors (fr_docset_chunk_vecs): *rv, made in w->cvec when R keeps none
 * (rank's pool: fr_docset.lazy_units), once for a run of calls about the same résumé. */
static fr_status res_vecs(worker_t *w, const fr_docset *R, uint32_t r, const float **rv, fr_error *err)
{
    uint32_t nc = R->unit_start.v[r + 1] - R->unit_start.v[r];
    if (!R->lazy_units || (w->cv_set == R && w->cv_doc == r)) {
        *rv = !nc ? NULL : R->lazy_units ? w->cvec : fr_docset_unit_vec(R, R->unit_start.v[r]);
        return FR_OK;
    }
    ENSURE(w->cvec, w->cvcap, (size_t)nc * R->dim + 1);
    *rv = fr_docset_chunk_vecs(R, r, w->run->m, w->cvec);
    w->cv_set = R;
    w->cv_doc = r;
    return FR_OK;
}

/* fr_norm_up of each chunk of résumé r of R (its vectors rv), in w->cnorm. */
static fr_status chunk_norms(worker_t *w, const fr_docset *R, uint32_t r, const float *rv, fr_error *err)
{
    if (w->cn_set == R && w->cn_doc == r)
        return FR_OK;
    uint32_t c0 = R->unit_start.v[r], nc = R->unit_start.v[r + 1] - c0;
    ENSURE(w->cnorm, w->cncap, (size_t)nc + 1);
    for (uint32_t c = 0; c < nc; c++)
        w->cnorm[c] = fr_norm_up(rv + (size_t)c * R->dim, R->dim);
    w->cn_set = R;
    w->cn_doc = r;
    return FR_OK;
}

/* Résumé r of R's chunks (its vectors rv) as a panel for fr_dense_prods, in w->pan. */
static fr_status chunk_panel(worker_t *w, const fr_docset *R, uint32_t r, const float *rv, fr_error *err)
{
    if (w->pn_set == R && w->pn_doc == r)
        return FR_OK;
    uint32_t nc = R->unit_start.v[r + 1] - R->unit_start.v[r];
    ENSURE(w->pan, w->pancap, R->dim * fr_dense_panel_width(nc) + 1);
    if (nc)
        fr_dense_panel(rv, nc, R->dim, w->pan);
    w->pn_set = R;
    w->pn_doc = r;
    return FR_OK;
}

/* Résumé r of R's chunks as a bfloat16 panel for fr_bf16_prods, in w->bpan. */
static fr_status chunk_panel_bf16(worker_t *w, const fr_docset *R, uint32_t r, const float *rv, fr_error *err)
{
    if (w->bp_set == R && w->bp_doc == r)
        return FR_OK;
    uint32_t nc = R->unit_start.v[r + 1] - R->unit_start.v[r];
    ENSURE(w->bpan, w->bpancap, fr_bf16_words(R->dim) * fr_dense_panel_width(nc) + 1);
    if (nc)
        fr_bf16_panel(rv, nc, R->dim, w->bpan);
    w->bp_set = R;
    w->bp_doc = r;
    return FR_OK;
}

/* The products of the items of postings ps[0..n) — P's, one after another — with résumé r of R's
 * chunk panel (w->pan: chunk_panel; with bf16, w->bpan and the items' run->qbf), in w->gC (a row
 * an item, fr_dense_panel_width wide): the items read where they lie, eight at a time across
 * postings (a posting's ten items alone left the kernel's second block three quarters idle). */
static fr_status group_prods(worker_t *w, const uint32_t *ps, size_t n, const fr_docset *R, uint32_t r, int bf16,
                             fr_error *err)
{
    const fr_docset *P = w->run->P;
    uint32_t nc = R->unit_start.v[r + 1] - R->unit_start.v[r];
    size_t m = 0;
    for (size_t j = 0; j < n; j++)
        m += P->unit_start.v[ps[j] + 1] - P->unit_start.v[ps[j]];
    ENSURE(w->gC, w->gCcap, m * fr_dense_panel_width(nc) + 1); /* (read with an offset even when empty) */
    ENSURE(w->iptr, w->iptrcap, m + 1);
    if (m == 0 || nc == 0)
        return FR_OK;
    if (bf16) {
        ENSURE(w->bptr, w->bptrcap, m + 1);
        size_t dw = fr_bf16_words(P->dim);
        for (size_t j = 0, at = 0; j < n; j++)
            for (uint32_t i = 0; i < P->unit_start.v[ps[j] + 1] - P->unit_start.v[ps[j]]; i++)
                w->bptr[at++] = w->run->qbf[ps[j]] + i * dw;
        fr_bf16_prods(w->bptr, m, P->dim, w->bpan, nc, w->gC);
        return FR_OK;
    }
    for (size_t j = 0, at = 0; j < n; j++)
        for (uint32_t u = P->unit_start.v[ps[j]]; u < P->unit_start.v[ps[j] + 1]; u++)
            w->iptr[at++] = fr_docset_unit_vec(P, u);
    fr_dense_prods(w->iptr, m, P->dim, w->pan, nc, w->gC);
    return FR_OK;
}

/* A group of postings whose items' products group_prods makes at once: at most this many items,
 * and their products at most this many floats (4 MB however long the résumé: a query's buffers
 * stay a few hundred pages, each a fault when first touched) — one posting at least. */
enum { GROUP_ITEMS = 1024, GROUP_FLOATS = 1 << 20 };

/* Whether a pair (a worker, a pool document) whose bound is b can still enter the refinement's k
 * best — as the gate filter would drop it, a pair failing the gate cannot under --gate filter. */
struct heap_test {
    const worker_t *w;
    uint32_t id;
};

static int can_enter(void *ctx, const fr_pair_eval *b)
{
    const struct heap_test *t = ctx;
    const worker_t *w = t->w;
    if (w->run->o->gate == FR_GATE_FILTER && !b->gate)
        return 0;
    return w->rk.n < w->rk.k || w->rk.k == 0 ||
           fr_topk_better(fr_rank_key(b, w->run->o->gate), t->id, w->rk.val[0], w->rk.id[0]);
}

/* Score pool document `id` against query q canonically (fixed-order kernel: the numbers `explain`
 * prints) — unless the query already has k results and judging the pair's required items shows it
 * cannot beat the k-th (fr_score_pair_cut): *skip = 1.  bnd, hint: the pair's dense bounds and
 * their hints (bound_order), given whenever the heap can fill (more candidates than k); hint NULL:
 * bnd holds the items' canonical maxima (the staged path's phase 1); noshow: the items no line of
 * the résumé shows (fr_pair_parts.noshow, phase 0), 0 when not known. */
static fr_status score_canon(worker_t *w, size_t q, uint32_t id, const float *bnd, const uint16_t *hint,
                             uint64_t noshow, fr_pair_eval *ev, int *skip, fr_error *err)
{
    run_t *run = w->run;
    const fr_docset *P = run->P, *R;
    size_t p = q;
    uint32_t r = (uint32_t)q;
    size_t part = 0;
    if (run->o->per_resume) {
        p = id;
        R = run->rp[0];
    } else
        R = res_part_at(run, id, &r, &part);
    /* rank, pruned: the part's lines by word serve the verdicts too; exhaustive: its part's index
     * lived while its tiles ran (part_end), none now */
    fr_scorer_word_index(w->sc, R, run->wix && !run->o->per_resume ? &run->wix[part] : NULL);
    *skip = 0;
    if (w->rk.n < w->rk.k || w->rk.k == 0) {
        /* staged: the items' canonical maxima are phase 1's (the same pair eval; the chunks are
         * not read again) */
        fr_pair_parts exact = {bnd, NULL, NULL, 1, 0, NULL, 1, 0, 0};
        return fr_score_pair(w->sc, P, p, R, r, bnd && !hint ? &exact : NULL, ev, NULL, err);
    }
    fr_status st = fr_docset_check_doc(P, p, err);
    if (st == FR_OK)
        st = fr_docset_check_doc(R, r, err);
    if (st != FR_OK)
        return st;
    /* the required items' dense maxima as fr_score_pair's canonical path computes them (the bound's
     * hint names the one chunk that can hold an item's maximum: one product instead of a scan);
     * the preferred ones' fast bounds (computed canonically only if the pair can still enter once
     * its required items are judged: fr_score_pair_cut).  The pair's bound was above the k-th
     * (refine_body): judging its required items is what can set it aside. */
    uint32_t u0 = P->unit_start.v[p], ni = P->unit_start.v[p + 1] - u0, n_req = P->n_req.v[p];
    if (n_req > ni)
        n_req = ni;
    if (hint) { /* (without: staged, phase 1 computed every item's maximum canonically) */
        const float *rv;
        ENSURE(w->rden, w->rdencap, 2 * (size_t)ni + 1);
        if ((st = res_vecs(w, R, r, &rv, err)) != FR_OK)
            return st;
        fr_dense_max_hinted(P, u0, n_req, rv, R->unit_start.v[r + 1] - R->unit_start.v[r], hint, w->rden);
        if (ni > n_req)
            memcpy(w->rden + n_req, bnd + n_req, (ni - n_req) * sizeof *w->rden);
    }
    /* the same pair eval as with no parts: the lexical and mass parts and the context are computed
     * canonically, the dense maxima are these (the preferred ones recomputed unless exact); only
     * the items' evidence chunks (not asked) differ */
    fr_pair_parts parts = {hint ? w->rden : bnd, NULL, NULL, 1, 0, NULL, hint == NULL, noshow, 0};
    struct heap_test ht = {w, id};
    int cut;
    if ((st = fr_score_pair_cut(w->sc, P, p, R, r, &parts, can_enter, &ht, &cut, ev, err)) != FR_OK)
        return st;
    *skip = cut;
    return FR_OK;
}

/* Ask for the start of pool résumé g's whole-document row (the candidates' rows are read in no
 * order the hardware can guess, each from memory: fr_score_upper's samples halved at 20k × 1k). */
static void prefetch_row(const run_t *run, uint32_t g)
{
    uint32_t r;
    const fr_docset *R = res_part(run, g, &r);
    const fr_csr_rows *D = &R->doc_rows;
    for (uint32_t e = D->ptr.v[r], k = 0; k < 8 && e < D->ptr.v[r + 1]; e += 16, k++) { /* 16 a line */
        FR_PREFETCH(D->col.v + e);
        FR_PREFETCH(D->val + e);
    }
    /* and its words, which the verdicts search (fr_docset_has_word: a binary search, each of its
     * steps a miss) */
    uint32_t w0 = fr_docset_rfacts(R, r)->word_start;
    uint32_t w1 = r + 1 < R->n ? fr_docset_rfacts(R, r + 1)->word_start : (uint32_t)R->doc_words.n;
    for (uint32_t x = w0, k = 0; k < 32 && x < w1; x += 16, k++)
        FR_PREFETCH(R->doc_words.v + x);
}

static fr_status rterm_build(worker_t *w, const fr_docset *R, size_t r, int lists, fr_error *err);
static void rterm_clear(worker_t *w);
static float rterm_eval(worker_t *w, const fr_docset *P, size_t p, float *lx, float *ms);
static float up_margin(float x);

/* x raised above any value the same sum in another order can give: rterm_eval sums in double
 * (relative error ~1e-15 for its few hundred terms) and rounds to float once; the canonical path
 * differs by a rounding or two of a float, well inside 2^-20 relative plus 2^-40 (a bound only). */
/* match: candidates a unit of phase 3 bounds (~10 units for a query's 2,500: both threads busy to
 * the end; each unit's items ~1,600, a few groups of match_bounds) */
enum { MCHUNK = 256 };

static float up_margin(float x) { return x + fabsf(x) * 0x1p-20f + 0x1p-40f; }

/* match: the dense bounds and hints of every candidate posting ids[0..n) against résumé q (into
 * den / hint, each candidate's items from where the previous one's end), as rank's phase
 * 1 computes them: the résumé's chunks made a panel once, each candidate's items multiplied with
 * it where they lie (group_prods) — in place of a fixed-order scan of every chunk per item,
 * which was a fifth of a query at 100k postings.  Each candidate is verified before its vectors
 * are read. */
static fr_status match_bounds(worker_t *w, size_t q, const uint32_t *ids, size_t n, float *den, uint16_t *hint,
                              fr_error *err)
{
    run_t *run = w->run;
    const fr_docset *P = run->P, *R = run->rp[0];
    const float *rv = NULL;
    fr_status st = fr_docset_check_scoring(R, q, err);
    if (st == FR_OK)
        st = res_vecs(w, R, (uint32_t)q, &rv, err);
    if (st == FR_OK)
        st = chunk_norms(w, R, (uint32_t)q, rv, err);
    if (st == FR_OK)
        st = chunk_panel(w, R, (uint32_t)q, rv, err);
    if (st != FR_OK)
        return st;
    size_t d = P->dim, total = 0;
    for (size_t j = 0; j < n; j++)
        total += P->unit_start.v[ids[j] + 1] - P->unit_start.v[ids[j]];
    ENSURE(w->rden, w->rdencap, total + 1); /* the items' norms */
    uint32_t nc = R->unit_start.v[q + 1] - R->unit_start.v[q];
    size_t pw = fr_dense_panel_width(nc);
    for (size_t ja = 0, jb, off = 0; ja < n; ja = jb) {
        size_t m = 0;
        for (jb = ja; jb < n; jb++) {
            size_t ni = P->unit_start.v[ids[jb] + 1] - P->unit_start.v[ids[jb]];
            if (jb > ja && (m + ni > GROUP_ITEMS || (m + ni) * pw > GROUP_FLOATS))
                break;
            m += ni;
        }
        if ((st = fr_docset_check_scoring_many(P, ids + ja, jb - ja, err)) != FR_OK)
            return st;
        for (size_t j = ja; j < jb; j++)
            if ((st = fr_docset_check_scoring(P, ids[j], err)) != FR_OK)
                return st;
        if ((st = group_prods(w, ids + ja, jb - ja, R, (uint32_t)q, 0, err)) != FR_OK)
            return st;
        for (size_t j = ja, at = 0; j < jb; j++) {
            uint32_t u0 = P->unit_start.v[ids[j]], ni = P->unit_start.v[ids[j] + 1] - u0;
            for (uint32_t i = 0; i < ni; i++)
                w->rden[off + i] = fr_norm_up(fr_docset_unit_vec(P, u0 + i), d);
            ENSURE(w->hscr, w->hscap, 2 * (size_t)ni + 1);
            fr_dense_max_bound_prod(w->gC + at * pw, pw, ni, nc, d, w->rden + off, w->cnorm, den + off, hint + off,
                                    w->hscr);
            at += ni;
            off += ni;
        }
    }
    return FR_OK;
}

/* match: the bounds of candidate postings ids[0..n) of résumé q into ents[0..n) (in the order of
 * ids), their items' dense bounds and hints into den / hint, ents[j].off counting from off0 — the
 * dense parts from match_bounds, the lexical parts from the résumé's term table (rterm_eval), each
 * raised by a margin above what another summation order can give, so that fr_score_upper stays a
 * bound without walking the résumé's row per candidate. */
static fr_status match_bound_range(worker_t *w, size_t q, const uint32_t *ids, size_t n, float *den, uint16_t *hint,
                                   struct bound_ent *ents, size_t off0, fr_error *err)
{
    run_t *run = w->run;
    const fr_docset *P = run->P, *R = run->rp[0];
    fr_status st = match_bounds(w, q, ids, n, den, hint, err);
    if (st == FR_OK)
        st = rterm_build(w, R, q, 1, err);
    if (st != FR_OK)
        return st;
    for (size_t j = 0, off = 0; j < n && st == FR_OK; j++) {
        /* the candidate's rows and records, read again (out of L2 since match_bounds) */
        for (int k = 1; k < 3; k++)
            if (j + 4 * (size_t)(3 - k) < n)
                fr_index_cache_doc(P, ids[j + 4 * (size_t)(3 - k)], k);
        size_t p = ids[j];
        uint32_t ni = P->unit_start.v[p + 1] - P->unit_start.v[p];
        ENSURE(w->rden, w->rdencap, 2 * (size_t)ni + 1);
        float *lx = w->rden, *ms = w->rden + ni;
        fr_pair_eval ev;
        /* before rterm_eval indexes the term table by the posting's term ids */
        if ((st = fr_docset_check_scoring(P, p, err)) != FR_OK)
            break;
        fr_pair_parts parts = {den + off, lx, ms, 1, up_margin(rterm_eval(w, P, p, lx, ms)), NULL, 0, 0, 0};
        for (uint32_t i = 0; i < ni; i++) {
            lx[i] = up_margin(lx[i]);
            ms[i] = up_margin(ms[i]);
        }
        if ((st = fr_score_upper(w->sc, P, p, R, q, &parts, &ev, err)) != FR_OK)
            break;
        ents[j] = (struct bound_ent){fr_rank_key(&ev, run->o->gate), ids[j], off0 + off, 0};
        off += ni;
    }
    rterm_clear(w);
    return st;
}

/* The bound of every candidate ids[0..n) of query q (fast dense maxima, then fr_score_upper),
 * best first (ties by id), in w->bsort. */
static fr_status bound_order(worker_t *w, size_t q, const uint32_t *ids, size_t n, fr_error *err)
{
    run_t *run = w->run;
    const fr_docset *P = run->P, *R;
    ENSURE(w->bsort, w->bscap, n + 1);
    if (run->o->per_resume) { /* match (exhaustive: its heap's candidates) */
        size_t total = 0;
        for (size_t j = 0; j < n; j++) {
            total += P->unit_start.v[ids[j] + 1] - P->unit_start.v[ids[j]];
            if (run->cold) /* every candidate's pages asked for before the first is read */
                fr_index_prefetch_doc(P, ids[j]);
        }
        ENSURE(w->bden, w->bdcap, total + 1);
        ENSURE(w->bhint, w->bhcap, total + 1);
        fr_status st = match_bound_range(w, q, ids, n, w->bden, w->bhint, w->bsort, 0, err);
        if (st != FR_OK)
            return st;
        qsort(w->bsort, n, sizeof *w->bsort, bound_cmp);
        return FR_OK;
    }
    size_t off = 0;
    if (run->staged) { /* phase 1 bounded them */
        uint32_t ni = P->unit_start.v[q + 1] - P->unit_start.v[q];
        for (size_t j = 0; j < n; j++, off += ni)
            w->bsort[j] = (struct bound_ent){run->cbound[q][j], ids[j], off, run->cnoshow[q][j]};
        qsort(w->bsort, n, sizeof *w->bsort, bound_cmp);
        return FR_OK;
    }
    for (size_t j = 0; j < n; j++) {
        uint32_t r = (uint32_t)q;
        if (j + 2 < n) /* its row is read from memory: ask ahead */
            prefetch_row(run, ids[j + 2]);
        R = res_part(run, ids[j], &r);
        uint32_t u0 = P->unit_start.v[q], ni = P->unit_start.v[q + 1] - u0;
        ENSURE(w->rden, w->rdencap, 2 * (size_t)ni + 1);
        float *inorm = w->rden + ni;
        fr_pair_parts parts = {NULL, NULL, NULL, 1, 0, NULL, 0, 0, 0};
        fr_pair_eval ev;
        /* fr_score_upper verifies the pair's documents before the vectors are read */
        fr_status st = fr_docset_check_scoring(P, q, err);
        if (st == FR_OK)
            st = fr_docset_check_scoring(R, r, err);
        if (st != FR_OK)
            return st;
        /* kept, with their hints, for the candidate's judging (score_canon) */
        ENSURE(w->bden, w->bdcap, off + ni + 1);
        ENSURE(w->bhint, w->bhcap, off + ni + 1);
        ENSURE(w->hscr, w->hscap, 2 * (size_t)ni + 1);
        if (j == 0) /* rank: the query's items, once */
            for (uint32_t i = 0; i < ni; i++)
                inorm[i] = fr_norm_up(fr_docset_unit_vec(P, u0 + i), P->dim);
        const float *rv;
        if ((st = res_vecs(w, R, r, &rv, err)) != FR_OK || (st = chunk_norms(w, R, r, rv, err)) != FR_OK)
            return st;
        fr_dense_max_bound(P, u0, ni, inorm, rv, R->unit_start.v[r + 1] - R->unit_start.v[r], w->cnorm, w->bden + off,
                           w->bhint + off, w->hscr);
        parts.dense = w->bden + off;
        if ((st = fr_score_upper(w->sc, P, q, R, r, &parts, &ev, err)) != FR_OK)
            return st;
        w->bsort[j] = (struct bound_ent){fr_rank_key(&ev, run->o->gate), ids[j], off, parts.noshow};
        off += ni;
    }
    qsort(w->bsort, n, sizeof *w->bsort, bound_cmp);
    return FR_OK;
}

/* Score the pool documents ids[0..n) against query q canonically and keep the best k by (gate,
 * rounded score, id) as the query's result. */
static fr_status refine_body(worker_t *w, size_t q, const uint32_t *ids, size_t n, fr_error *err)
{
    run_t *run = w->run;
    size_t kept = 0;
    ENSURE(w->ref, w->refcap, n + 1);
    fr_topk_reset(&w->rk);
    /* Best first: every candidate's bound from fast dense maxima (fr_dense_max_bound), then the
     * candidates in the order of their bounds, so that the k-th rises at once and the walk stops
     * at the first bound below it — what is kept is what the order of ids would keep, since a
     * pair is only ever left out when a bound shows it cannot enter. */
    const struct bound_ent *by = NULL; /* the candidates by bound, or in the order of ids */
    if (n > run->o->k && run->msplit) { /* bounded in phase 3 */
        qsort(run->msort[q], n, sizeof *run->msort[q], bound_cmp);
        by = run->msort[q];
    } else if (n > run->o->k) {
        fr_status st = bound_order(w, q, ids, n, err);
        if (st != FR_OK)
            return st;
        by = w->bsort;
    }
    for (size_t i = 0; i < n; i++) {
        uint32_t id = by ? by[i].id : ids[i];
        if (!run->o->per_resume && i + 2 < n)
            prefetch_row(run, by ? by[i + 2].id : ids[i + 2]);
        if (by && w->rk.n == w->rk.k && w->rk.k && !fr_topk_better(by[i].key, id, w->rk.val[0], w->rk.id[0])) {
            w->nbound++;
            if (by[i].key < w->rk.val[0]) { /* and so is every bound after it */
                w->nbound += n - i - 1;
                break;
            }
            continue;
        }
        fr_pair_eval ev;
        int skip;
        const float *bnd = NULL;
        const uint16_t *hint = NULL;
        if (by && run->msplit) {
            bnd = run->mden[q] + by[i].off;
            hint = run->mhint[q] + by[i].off;
        } else if (by) {
            int staged = run->staged && run->cdense[q];
            bnd = (staged ? run->cdense[q] : w->bden) + by[i].off;
            hint = staged ? NULL : w->bhint + by[i].off;
        }
        fr_status st = score_canon(w, q, id, bnd, hint, by ? by[i].noshow : 0, &ev, &skip, err);
        if (st != FR_OK)
            return st;
        if (skip) {
            w->nbound++;
            continue;
        }
        w->nref++;
        if (run->o->gate == FR_GATE_FILTER && !ev.gate)
            continue;
        float key = fr_rank_key(&ev, run->o->gate);
        fr_topk_push(&w->rk, key, id);
        w->ref[kept++] = (struct refined){key, id, ev};
    }
    qsort(w->ref, kept, sizeof *w->ref, ref_cmp);
    size_t k = kept < run->o->k ? kept : run->o->k;
    fr_hit *out = run->hits + q * run->o->k;
    for (size_t i = 0; i < k; i++) {
        out[i].posting = run->o->per_resume ? w->ref[i].id : (uint32_t)q;
        out[i].resume = run->o->per_resume ? (uint32_t)q : w->ref[i].id;
        out[i].ev = w->ref[i].ev;
    }
    run->count[q] = k;
    return FR_OK;
}

/* Refine ids (the pruned path's candidates), or the pairs the query's heap kept (ids == NULL). */
static fr_status refine(worker_t *w, size_t q, const uint32_t *ids, size_t n, fr_error *err)
{
    double t0 = fr_now();
    fr_topk *h = &w->run->heaps[q];
    if (!ids) {
        n = fr_topk_sort(h);
        ids = h->id;
    }
    fr_status st = refine_body(w, q, ids, n, err);
    fr_topk_free(h); /* spent */
    w->ref_sec += fr_now() - t0;
    return st;
}

/* The résumé-side term table (see shortlist): rt_slot[t] = slot of term t or -1; per slot the
 * résumé's whole-document weight and, with lists (rterm_eval reads them; rterm_bounds does not),
 * a list of (chunk, weight) entries. */
static fr_status rterm_build(worker_t *w, const fr_docset *R, size_t r, int lists, fr_error *err)
{
    if (!w->rt_slot) {
        size_t nt = w->run->rp[0]->n_terms ? w->run->rp[0]->n_terms : fr_model_n_terms(w->run->m);
        w->rt_slot = malloc((nt + 1) * sizeof *w->rt_slot);
        w->rt_tw = calloc(nt + 1, sizeof *w->rt_tw);
        w->rt_in = calloc(nt + 1, sizeof *w->rt_in);
        if (!w->rt_slot || !w->rt_tw || !w->rt_in) {
            free(w->rt_slot);
            free(w->rt_tw);
            free(w->rt_in);
            w->rt_slot = NULL;
            w->rt_tw = w->rt_in = NULL;
            return fr_fail(err, FR_ENOMEM, "out of memory");
        }
        for (size_t t = 0; t <= nt; t++)
            w->rt_slot[t] = -1;
    }
    fr_status cs = fr_docset_check_doc(R, r, err);
    if (cs != FR_OK)
        return cs;
    const fr_csr_rows *D = &R->doc_rows, *C = &R->unit_rows;
    uint32_t c0 = R->unit_start.v[r], c1 = R->unit_start.v[r + 1];
    size_t nd = D->ptr.v[r + 1] - D->ptr.v[r], ne = C->ptr.v[c1] - C->ptr.v[c0];
    ENSURE(w->rt_term, w->rt_tcap, nd + ne + 1);
    ENSURE(w->rt_head, w->rt_hcap, nd + ne + 1);
    ENSURE(w->rt_next, w->rt_ncap, ne + 1);
    ENSURE(w->rt_chunk, w->rt_ccap, ne + 1);
    ENSURE(w->rt_w, w->rt_wcap, ne + 1);
    ENSURE(w->rt_acc, w->rt_acap, (size_t)(c1 - c0) + 1);
    ENSURE(w->rt_touch, w->rt_tocap, (size_t)(c1 - c0) + 1);
    ENSURE(w->rt_seen, w->rt_scap, (size_t)(c1 - c0) + 1);
    size_t ns = 0, n_e = 0;
    for (uint32_t e = D->ptr.v[r]; e < D->ptr.v[r + 1]; e++) {
        uint32_t t = D->col.v[e];
        w->rt_slot[t] = (int32_t)ns;
        w->rt_bloom[t / 64 % 64] |= (uint64_t)1 << (t % 64);
        w->rt_tw[t] = D->val[e];
        w->rt_in[t] = 1;
        w->rt_term[ns] = t;
        w->rt_head[ns++] = -1;
    }
    for (uint32_t c = c0; c < c1; c++)
        for (uint32_t e = C->ptr.v[c]; e < C->ptr.v[c + 1]; e++) {
            uint32_t t = C->col.v[e];
            if (w->rt_slot[t] < 0) { /* a chunk term the whole text did not give (tokenisation at edges) */
                w->rt_slot[t] = (int32_t)ns;
                w->rt_bloom[t / 64 % 64] |= (uint64_t)1 << (t % 64);
                w->rt_in[t] = 1;
                w->rt_term[ns] = t;
                w->rt_head[ns++] = -1;
            }
            if (!lists)
                continue;
            int32_t k = w->rt_slot[t];
            w->rt_chunk[n_e] = c - c0;
            w->rt_w[n_e] = C->val[e];
            w->rt_next[n_e] = w->rt_head[k];
            w->rt_head[k] = (int32_t)n_e++;
        }
    w->rt_ns = ns;
    for (uint32_t c = 0; c < c1 - c0; c++) {
        w->rt_acc[c] = 0;
        w->rt_seen[c] = 0;
    }
    return FR_OK;
}

static void rterm_clear(worker_t *w)
{
    for (size_t k = 0; k < w->rt_ns; k++) {
        w->rt_slot[w->rt_term[k]] = -1;
        w->rt_tw[w->rt_term[k]] = 0;
        w->rt_in[w->rt_term[k]] = 0;
    }
    memset(w->rt_bloom, 0, sizeof w->rt_bloom);
    w->rt_ns = 0;
}

/* Term t's slot in the table, or -1 (the filter first). */
static inline int32_t rterm_slot(const worker_t *w, uint32_t t)
{
    return w->rt_bloom[t / 64 % 64] >> (t % 64) & 1 ? w->rt_slot[t] : -1;
}

/* The whole-document cosine of posting p (its row of D) with the résumé in the table: a term the
 * résumé lacks adds +0 (its weight there is 0), which leaves the sum's bits as they were. */
static double rterm_ctx(const worker_t *w, const fr_csr_rows *D, size_t p)
{
    double ctx = 0;
    for (uint32_t e = D->ptr.v[p]; e < D->ptr.v[p + 1]; e++)
        ctx += (double)D->val[e] * w->rt_tw[D->col.v[e]];
    return ctx;
}

/* Lexical parts of posting p against the résumé in the table: per item the best chunk cosine (lx)
 * and IDF share present (ms); returns the whole-document cosine.  (Bounds, which need no chunk:
 * rterm_bounds.) */
static float rterm_eval(worker_t *w, const fr_docset *P, size_t p, float *lx, float *ms)
{
    const fr_csr_rows *U = &P->unit_rows, *D = &P->doc_rows;
    const double *idfs = fr_model_idfs(w->run->m);
    uint32_t u0 = P->unit_start.v[p], u1 = P->unit_start.v[p + 1];
    for (uint32_t u = u0; u < u1; u++) {
        double have = 0, tot = 0;
        size_t nt = 0;
        for (uint32_t e = U->ptr.v[u]; e < U->ptr.v[u + 1]; e++) {
            uint32_t t = U->col.v[e];
            double idf = idfs[t];
            tot += idf;
            int32_t k = rterm_slot(w, t);
            if (k < 0)
                continue;
            have += idf;
            for (int32_t x = w->rt_head[k]; x >= 0; x = w->rt_next[x]) {
                uint32_t c = w->rt_chunk[x];
                if (!w->rt_seen[c]) {
                    w->rt_seen[c] = 1;
                    w->rt_touch[nt++] = c;
                }
                w->rt_acc[c] += (double)U->val[e] * w->rt_w[x];
            }
        }
        double best = 0;
        for (size_t i = 0; i < nt; i++) {
            best = w->rt_acc[w->rt_touch[i]] > best ? w->rt_acc[w->rt_touch[i]] : best;
            w->rt_acc[w->rt_touch[i]] = 0;
            w->rt_seen[w->rt_touch[i]] = 0;
        }
        lx[u - u0] = (float)best;
        ms[u - u0] = tot > 0 ? (float)(have / tot) : 0.0f;
    }
    return (float)rterm_ctx(w, D, p);
}

/* rterm_eval's shares for bounds (lx not asked) from phase 0's IDFs and their totals: each item's
 * sum of its terms' IDFs, each times 1 or 0 — the same sum as rterm_eval's (+0 for a term the
 * résumé lacks), without a branch on each term or its IDF read from the model's table. */
static float rterm_bounds(worker_t *w, const fr_docset *P, size_t p, float *ms)
{
    const run_t *run = w->run;
    const fr_csr_rows *U = &P->unit_rows;
    uint32_t u0 = P->unit_start.v[p], u1 = P->unit_start.v[p + 1];
    for (uint32_t u = u0; u < u1; u++) {
        double have = 0, tot = run->item_idf[u];
        for (uint32_t e = U->ptr.v[u]; e < U->ptr.v[u + 1]; e++)
            have += run->ent_idf[e] * w->rt_in[U->col.v[e]];
        ms[u - u0] = tot > 0 ? (float)(have / tot) : 0.0f;
    }
    return (float)rterm_ctx(w, &P->doc_rows, p);
}

/* Stage 2 of pruning: score the nc candidates of query q with every part exact except the dense
 * one, approximated by ⟨item, whole résumé⟩ instead of the max over its chunks (one sgemm of the
 * items against the candidates' document vectors: ~1/70 of the item × chunk work), and keep the
 * prune_m best by (gate, score) in w->cand.  The context alone is a poor proxy for the final
 * order, which puts the gate first: this stage is what makes recall@10 high. */
static fr_status shortlist(worker_t *w, size_t q, size_t nc, fr_error *err)
{
    run_t *run = w->run;
    const fr_docset *P = run->P, *R = run->rp[0];
    size_t d = P->dim;
    fr_topk_reset(&w->sh);
    if (!run->o->per_resume) {
        uint32_t u0 = P->unit_start.v[q], ni = P->unit_start.v[q + 1] - u0;
        ENSURE(w->rdoc, w->rdcap, nc * d + 1);
        ENSURE(w->D, w->Dcap, (size_t)ni * nc + 1);
        uint32_t r = 0;
        for (size_t j = 0; j < nc; j++) {
            const fr_docset *Rj = res_part(run, w->cand[j], &r);
            memcpy(w->rdoc + j * d, fr_docset_doc_vec(Rj, r), d * sizeof *w->rdoc);
        }
        if (ni)
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (blasint)ni, (blasint)nc, (blasint)d, 1.0f,
                        fr_docset_unit_vec(P, u0), (blasint)d, w->rdoc, (blasint)d, 0.0f, w->D, (blasint)nc);
        for (size_t j = 0; j < nc; j++) {
            fr_pair_eval ev;
            fr_pair_parts parts = {w->D + j, NULL, NULL, nc, 0, NULL, 0, 0, 0};
            const fr_docset *Rj = res_part(run, w->cand[j], &r);
            fr_status st;
            if (w->sh.n == w->sh.k) { /* the cut is full: judge only what can still enter it */
                if ((st = fr_score_upper(w->sc, P, q, Rj, r, &parts, &ev, err)) != FR_OK)
                    return st;
                if (w->sh.k == 0 || !fr_topk_better(fr_rank_key(&ev, run->o->gate), w->cand[j], w->sh.val[0], w->sh.id[0])) {
                    w->nbound++;
                    continue;
                }
            }
            st = fr_score_pair(w->sc, P, q, Rj, r, &parts, &ev, NULL, err);
            if (st != FR_OK)
                return st;
            fr_topk_push(&w->sh, fr_rank_key(&ev, run->o->gate), w->cand[j]);
        }
    } else {
        /* One résumé against many postings.  The dense evidence: a few dot products per candidate
         * (its items are contiguous rows; nothing gathered).  The lexical evidence from the
         * résumé's side: a term table of the résumé built once (term → its chunks), so each
         * candidate costs a lookup per item term instead of a table of its own and a scan of
         * every chunk (7 → ~1 µs per candidate at 100k postings).  Approximate in the last bits
         * only (another summation order); the refine step recomputes canonically. */
        fr_status st = rterm_build(w, R, q, 1, err);
        if (st != FR_OK)
            return st;
        const float *rv = fr_docset_doc_vec(R, q);
        for (size_t j = 0; j < nc; j++) {
            uint32_t p = w->cand[j], u0 = P->unit_start.v[p], ni = P->unit_start.v[p + 1] - u0;
            /* before rterm_eval indexes the term table by its term ids (a mapped index's are
             * verified on first use) */
            if ((st = fr_docset_check_scoring(P, p, err)) != FR_OK)
                return st;
            ENSURE(w->D, w->Dcap, 3 * (size_t)ni + 1);
            float *dm = w->D, *lx = w->D + ni, *ms = w->D + 2 * (size_t)ni;
            for (uint32_t i = 0; i < ni; i++)
                dm[i] = fr_dot_canon(fr_docset_unit_vec(P, u0 + i), rv, d);
            fr_pair_parts parts = {dm, lx, ms, 1, rterm_eval(w, P, p, lx, ms), NULL, 0, 0, 0};
            fr_pair_eval ev;
            if (w->sh.n == w->sh.k) { /* the cut is full: judge only what can still enter it */
                if ((st = fr_score_upper(w->sc, P, p, R, q, &parts, &ev, err)) != FR_OK)
                    return st;
                if (w->sh.k == 0 || !fr_topk_better(fr_rank_key(&ev, run->o->gate), p, w->sh.val[0], w->sh.id[0])) {
                    w->nbound++;
                    continue;
                }
            }
            st = fr_score_pair(w->sc, P, p, R, q, &parts, &ev, NULL, err);
            if (st != FR_OK)
                return st;
            fr_topk_push(&w->sh, fr_rank_key(&ev, run->o->gate), p);
        }
        rterm_clear(w);
    }
    size_t n = fr_topk_sort(&w->sh);
    memcpy(w->cand, w->sh.id, n * sizeof *w->cand);
    return FR_OK;
}

/* acc[d] += wq · dv[d] over the n documents of a dense list, seen[d] set where it holds the term:
 * a document lacking it adds +0, which leaves its sum's bits as they were. */
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__)
__attribute__((target_clones("avx2", "default")))
#endif
static void dense_add(double *acc, unsigned char *seen, const float *dv, double wq, size_t n)
{
    for (size_t d = 0; d < n; d++) {
        acc[d] += wq * dv[d];
        seen[d] |= dv[d] != 0.0f;
    }
}

/* Push the inner products of one sparse query row with the documents of pool part `part` into h
 * (and, vals not NULL, store them at vals[document], leaving the others as they were), through
 * its inverted index invs[part]; *bad set when a list names a document beyond its part (a corrupt
 * index).  Each document's sum runs over the query's terms in order, whatever the parts.  A list
 * with a dense row (rank: dense_lists) is added row-wide, in vector steps instead of a scattered
 * update per entry — on generated text the lists of a quarter of the pool or more held three
 * quarters of the entries. */
static fr_status lex_part(worker_t *w, const fr_csr_rows *QR, size_t q, const fr_csr_rows *const *invs, size_t part,
                          fr_topk *h, float *vals, int *bad, fr_error *err)
{
    run_t *run = w->run;
    const fr_csr_rows *inv = invs[part];
    size_t nt = 0, n = run->pp[part]->n, base = run->pbase[part];
    const int32_t *at = invs == run->pinv && run->ldense_at ? run->ldense_at[part] : NULL;
    /* every document looked at afterwards, in id order: with dense rows (rank), and in match,
     * whose one query's lists hold ~3 M entries at 100k postings — a mark per entry without
     * the branch and list of first visits (a third of the walk's time) */
    int scan = at || run->o->per_resume;
    for (uint32_t e = QR->ptr.v[q]; run->cold && e < QR->ptr.v[q + 1]; e++) /* all at once: read together */
        fr_index_prefetch_list(run->pp[part], inv, QR->col.v[e]);
    for (uint32_t e = QR->ptr.v[q]; e < QR->ptr.v[q + 1]; e++) {
        uint32_t t = QR->col.v[e];
        double wq = QR->val[e];
        fr_status ls = fr_docset_check_list(run->pp[part], inv, t, err); /* an index file's list */
        if (ls != FR_OK)
            return ls;
        w->nlex += inv->ptr.v[t + 1] - inv->ptr.v[t];
        if (at && at[t] >= 0) {
            dense_add(w->acc, w->seen, run->ldense[part] + (size_t)at[t] * n, wq, n);
            continue;
        }
        if (scan) {
            for (uint32_t x = inv->ptr.v[t]; x < inv->ptr.v[t + 1]; x++) {
                uint32_t dd = inv->col.v[x];
                if (dd >= n) {
                    *bad = 1;
                    continue;
                }
                w->seen[dd] = 1;
                w->acc[dd] += wq * inv->val[x];
            }
            continue;
        }
        for (uint32_t x = inv->ptr.v[t]; x < inv->ptr.v[t + 1]; x++) {
            uint32_t dd = inv->col.v[x];
            if (dd >= n) {
                *bad = 1;
                continue;
            }
            if (!w->seen[dd]) {
                w->seen[dd] = 1;
                w->touched[nt++] = dd;
            }
            w->acc[dd] += wq * inv->val[x];
        }
    }
    if (scan) /* in id order: the heap keeps the same documents in any order (ids are distinct) */
        for (uint32_t d = 0; d < n; d++)
            if (w->seen[d])
                w->touched[nt++] = d;
    for (size_t x = 0; x < nt; x++) {
        if (vals)
            vals[base + w->touched[x]] = (float)w->acc[w->touched[x]];
        fr_topk_push(h, (float)w->acc[w->touched[x]], (uint32_t)(base + w->touched[x]));
        w->acc[w->touched[x]] = 0;
        w->seen[w->touched[x]] = 0;
    }
    return FR_OK;
}

#define CORRUPT_LIST "corrupt index: an inverted list names a document beyond the set"

/* lex_part over every part of the pool, in order. */
static fr_status lex_list(worker_t *w, const fr_csr_rows *QR, size_t q, const fr_csr_rows *const *invs, fr_topk *h,
                          float *vals, fr_error *err)
{
    int bad = 0;
    for (size_t part = 0; part < w->run->npp; part++) {
        fr_status ls = lex_part(w, QR, q, invs, part, h, vals, &bad, err);
        if (ls != FR_OK)
            return ls;
    }
    return bad ? fr_fail(err, FR_EFORMAT, CORRUPT_LIST) : FR_OK;
}

/* Dense rows of the pool parts' lists that the rows of QR walk and that hold a quarter of their
 * part or more (lex_list), each list verified first; a list naming a document beyond its part, or
 * holding a value that is not positive, keeps its entries (lex_list reports the one, and a zero
 * would be taken for a missing term). */
static fr_status dense_lists(run_t *run, const fr_csr_rows *QR, fr_error *err)
{
    run->ldense_at = calloc(run->npp ? run->npp : 1, sizeof *run->ldense_at);
    run->ldense = calloc(run->npp ? run->npp : 1, sizeof *run->ldense);
    if (!run->ldense_at || !run->ldense)
        return fr_fail(err, FR_ENOMEM, "out of memory");
    size_t nq = QR->ptr.n ? QR->ptr.v[QR->ptr.n - 1] : 0;
    for (size_t part = 0; part < run->npp; part++) {
        const fr_csr_rows *inv = run->pinv[part];
        size_t nterms = inv->ptr.n ? inv->ptr.n - 1 : 0, n = run->pp[part]->n, nd = 0;
        if (n < 64)
            continue; /* rows of a few documents save nothing */
        int32_t *at = malloc((nterms + 1) * sizeof *at);
        if (!at)
            return fr_fail(err, FR_ENOMEM, "out of memory");
        run->ldense_at[part] = at;
        for (size_t t = 0; t <= nterms; t++)
            at[t] = -1;
        for (size_t e = 0; e < nq; e++) { /* which, numbered */
            uint32_t t = QR->col.v[e];
            if (t >= nterms || at[t] != -1 || 4 * (size_t)(inv->ptr.v[t + 1] - inv->ptr.v[t]) < n)
                continue;
            fr_status st = fr_docset_check_list(run->pp[part], inv, t, err);
            if (st != FR_OK)
                return st;
            int ok = 1;
            for (uint32_t x = inv->ptr.v[t]; x < inv->ptr.v[t + 1] && ok; x++)
                ok = inv->col.v[x] < n && inv->val[x] > 0;
            at[t] = ok ? (int32_t)nd++ : -2;
        }
        float *rows = calloc(nd * n + 1, sizeof *rows);
        if (!rows)
            return fr_fail(err, FR_ENOMEM, "out of memory");
        run->ldense[part] = rows;
        for (size_t t = 0; t < nterms; t++) {
            if (at[t] == -2)
                at[t] = -1;
            for (uint32_t x = inv->ptr.v[t]; at[t] >= 0 && x < inv->ptr.v[t + 1]; x++)
                rows[(size_t)at[t] * n + inv->col.v[x]] = inv->val[x];
        }
    }
    return FR_OK;
}

/* The context-and-skills list of résumé q (match): the postings by the two parts of the score
 * that need none of their items — the context (lexical: ld, the exact whole-text cosines of the
 * lexical list, 0 where it found none; dense: dd, the coarse prefix's products) and the share of
 * the posting's skills the résumé names (AND and popcount over the pool's skill sets) — combined
 * as the score combines them (fr_score_ctx_skill_key).  Measured on 48 LiveCareer résumés against
 * 100,000 postings: with the lists of whole-text dense and lexical similarity and of the
 * requirements' lexical one, this list found 0.985 of the exhaustive top 10 at 1,000 a list,
 * where a list by the skill share alone found 0.979 together with a list of the requirements'
 * dense similarity; it carries the dense context, so that the whole texts' dense list is
 * unnecessary too at twice its size (match_lists; bench/RESULTS.md).  Here the pool documents
 * [g0, g1) into h: the list of the whole pool is the best of the lists of its parts, whatever the
 * cut (fr_topk's order is total). */
static void ctx_skill_list(worker_t *w, size_t q, const float *dd, const float *ld, size_t g0, size_t g1, fr_topk *h)
{
    const run_t *run = w->run;
    const fr_docset *Q = run->Q;
    const fr_score_params *sp = fr_scorer_params(w->sc);
    size_t nw = Q->n_skill_words;
    const uint64_t *qb = fr_docset_skill_bits(Q, q);
    float bc = (float)sp->beta_ctx;
    /* the largest context whose bound fell below the list's last: any context no larger falls below
     * too (the bound rises with the context; the last only rises) — no bound worked out for it */
    float rej = -1;
    fr_topk_reset(h);
    for (size_t part = 0; part < run->npp; part++) {
        const fr_docset *pool = run->pp[part];
        size_t base = run->pbase[part];
        size_t j0 = g0 > base ? g0 - base : 0, j1 = g1 > base ? g1 - base : 0;
        j1 = j1 < pool->n ? j1 : pool->n;
        for (size_t j = j0; j < j1; j++) {
            float l = ld[base + j], d = dd[base + j];
            l = l < 0 ? 0 : l > 1 ? 1 : l;
            d = d < 0 ? 0 : d > 1 ? 1 : d;
            float ctx = bc * l + (1 - bc) * d;
            /* a full list's last cannot be beaten by a key below it: no skill count needed */
            if (h->n == h->k && h->k) {
                if (ctx <= rej)
                    continue;
                if (fr_score_ctx_skill_most(sp, ctx) < h->val[0]) {
                    rej = ctx;
                    continue;
                }
            }
            const uint64_t *pb = fr_docset_skill_bits(pool, j);
            float key = fr_score_ctx_skill_key(sp, ctx, fr_popcount_and(qb, pb, nw), fr_popcount(pb, nw));
            fr_topk_push(h, key, (uint32_t)(base + j));
        }
    }
}

/* The vectors of pool documents [j0, j0 + nj) for dense list src (0: their coarse prefixes, match's
 * list; 2: the whole documents' full vectors, the proxy list's): in place when one part holds them all, else gathered — so the blocks, and with them every product's bits, never depend on where the
 * parts end. */
static fr_status pool_coarse(worker_t *w, int src, size_t j0, size_t nj, const float **out, fr_error *err)
{
    const run_t *run = w->run;
    size_t cd = src == 2 ? run->Q->dim : run->Q->cdim, at = 0;
    size_t part = 0;
    while (run->pbase[part + 1] <= j0)
        part++;
    for (; at < nj; part++) {
        const fr_docset *S = run->pp[part];
        size_t l0 = j0 + at - run->pbase[part], take = S->n - l0 < nj - at ? S->n - l0 : nj - at;
        const float *v = src == 2 ? fr_docset_doc_vec(S, l0) : fr_docset_doc_coarse(S, l0);
        if (take == nj) {
            *out = v;
            return FR_OK;
        }
        ENSURE(w->gbuf, w->gbcap, nj * cd + 1);
        memcpy(w->gbuf + at * cd, v, take * cd * sizeof *w->gbuf);
        at += take;
    }
    *out = w->gbuf;
    return FR_OK;
}

/* fr_verdict_lines_showing's scratch for a set of nl lines: sums that start at zero (calloc; the
 * test leaves them zero) and the lines touched. */
static fr_status lines_scratch(worker_t *w, size_t nl, fr_error *err)
{
    if (nl + 1 > w->lacap) {
        free(w->lacc);
        w->lacap = 0;
        if (!(w->lacc = calloc(nl + 1, sizeof *w->lacc)))
            return fr_fail(err, FR_ENOMEM, "out of memory");
        w->lacap = nl + 1;
    }
    ENSURE(w->ltouched, w->ltcap, nl + 1);
    return FR_OK;
}

/* The proxy list of each query of [q0, q1) (rank): the shortlist_m best résumés of the whole pool
 * by fr_score_proxy — every item's product with each résumé's vector and the documents' own from
 * one sgemm a block of 4,096 résumés, and per domain item the résumés with a line showing it
 * (fr_verdict_lines_showing through the parts' word indexes).  The blocks are cut from the start
 * of the pool and the query blocks are fixed: the same products whatever the parts or threads. */
static fr_status proxy_lists(worker_t *w, size_t q0, size_t q1, fr_error *err)
{
    run_t *run = w->run;
    const fr_docset *P = run->P;
    const fr_score_params *sp = fr_scorer_params(w->sc);
    size_t nq = q1 - q0, d = P->dim, npool = run->npool, pbs = 4096, nw = (npool + 63) / 64;
    const double *idfs = fr_model_idfs(run->m);
    for (size_t q = q0; q < q1; q++) {
        fr_status cs = fr_docset_check_scoring(P, q, err); /* before its items and vectors are read */
        if (cs != FR_OK)
            return cs;
        fr_topsel_reset(&w->ph1[q - q0]);
        for (uint32_t u = P->unit_start.v[q]; u < P->unit_start.v[q + 1]; u++) { /* (rterm_bounds') */
            double tot = 0;
            for (uint32_t e = P->unit_rows.ptr.v[u]; e < P->unit_rows.ptr.v[u + 1]; e++) {
                run->ent_idf[e] = idfs[P->unit_rows.col.v[e]];
                tot += run->ent_idf[e];
            }
            run->item_idf[u] = tot;
        }
    }
    uint32_t ua = P->unit_start.v[q0], nu = P->unit_start.v[q1] - ua;
    ENSURE(w->metb, w->metcap, (size_t)nu * nw + 1);
    memset(w->metb, 0, (size_t)nu * nw * sizeof *w->metb);
    /* each posting read once for the run (phase 7 reads them again, résumé by résumé) */
    for (size_t q = q0; q < q1; q++)
        fr_score_proxy_posting(sp, P, q, run->pitems + P->unit_start.v[q], &run->pposts[q]);
    const fr_proxy_item *pitems = run->pitems + ua;
    size_t n_lines = 0;
    for (size_t part = 0; part < run->npp; part++)
        n_lines += run->pp[part]->n_units;
    ENSURE(w->iwalk, w->iwcap, (size_t)nu + 1);
    ENSURE(w->iexact, w->iecap, (size_t)nu + 1);
    for (uint32_t t = 0; t < nu; t++) {
        w->iexact[t] = 0;
        if (pitems[t].cls != 1) /* the proxy's domain items: the ones whose fact a line decides */
            continue;
        /* A word on more than one line in 32 of the pool is not walked (looked up in the lines
         * the item's rarer words reach): on generated text of Zipf-drawn words such lists made
         * the lines' test most of the ranking (100k résumés × 1k postings: 229 s walking every
         * heavier word, 182 s so).  A line only common words show is then missed — the proxy's
         * loss, measured by recall (100k: 1.000 at 1 in 32; 0.920 at 1 in 256, 165 s).
         * Counted over the whole pool, so the same words are walked whatever the parts. */
        const fr_csr_rows *IW = &P->unit_words;
        uint32_t e0 = IW->ptr.v[ua + t], nwd = IW->ptr.v[ua + t + 1] - e0;
        uint64_t walk = 0;
        for (uint32_t i = 0; i < nwd && i < 64; i++) {
            size_t cnt = 0, nl;
            for (size_t part = 0; part < run->npp; part++) {
                fr_word_index_units(&run->wix[part], IW->col.v[e0 + i], &nl);
                cnt += nl;
            }
            walk |= (uint64_t)(cnt <= n_lines / 32) << i;
        }
        w->iwalk[t] = walk;
        w->iexact[t] = 1;
    }
    /* part by part, every item of the block: a part's lines, lists and sums stay in cache for all
     * of them (item by item, each part's came from memory again — the test is bound by its loads) */
    for (size_t part = 0; part < run->npp; part++) {
        size_t nl = run->pp[part]->n_units;
        fr_status ls = lines_scratch(w, nl, err);
        if (ls != FR_OK)
            return ls;
        for (uint32_t t = 0; t < nu; t++)
            if (pitems[t].cls == 1)
                w->iexact[t] &= (unsigned char)fr_verdict_lines_showing(
                    P, ua + t, run->pp[part], &run->wix[part], sp->v_domain_met, w->iwalk[t], w->metb + (size_t)t * nw,
                    run->pbase[part], w->lacc, w->ltouched);
    }
    size_t rows = nq + nu;
    ENSURE(w->pA, w->pAcap, rows * d + 1);
    memcpy(w->pA, fr_docset_doc_vec(P, q0), nq * d * sizeof *w->pA);
    if (nu)
        memcpy(w->pA + nq * d, fr_docset_unit_vec(P, ua), (size_t)nu * d * sizeof *w->pA);
    ENSURE(w->pC, w->pCcap, rows * (npool < pbs ? npool : pbs) + 1);
    ENSURE(w->pslab, w->pslcap, fr_dense_gemm_scratch(d));
    int rekey = run->rekey; /* (phase 7 reads the payloads) */
    ENSURE(w->ppoff, w->ppoffcap, nq + 1);
    w->ppoff[0] = 0;
    for (size_t i = 0; i < nq; i++)
        w->ppoff[i + 1] = w->ppoff[i] + (rekey ? 2 * run->proxy_pool * (P->unit_start.v[q0 + i + 1] - P->unit_start.v[q0 + i] + 1) : 0);
    ENSURE(w->ppay, w->ppaycap, w->ppoff[nq] + 1);
    ENSURE(w->pkey, w->pkcap, 4 * pbs + 1);
    ENSURE(w->prbits, w->prbcap, pbs + 1);
    ENSURE(w->pmet, w->pmetcap, 64 + 1);
    size_t part = 0;
    for (size_t j0 = 0; j0 < npool; j0 += pbs) {
        size_t nj = npool - j0 < pbs ? npool - j0 : pbs;
        const float *pb = NULL;
        fr_status gs = pool_coarse(w, 2, j0, nj, &pb, err);
        if (gs != FR_OK)
            return gs;
        fr_dense_gemm_nt(w->pA, rows, d, pb, nj, d, d, w->pC, nj, w->pslab);
        for (size_t j = 0; j < nj; j++) {
            size_t g = j0 + j;
            while (run->pbase[part + 1] <= g)
                part++;
            w->prbits[j] = fr_docset_skill_bits(run->pp[part], g - run->pbase[part]);
        }
        for (size_t i = 0; i < nq; i++) {
            size_t q = q0 + i;
            uint32_t t0 = P->unit_start.v[q] - ua, ni = P->unit_start.v[q + 1] - P->unit_start.v[q];
            for (uint32_t t = 0; t < ni && t < 64; t++)
                w->pmet[t] = w->metb + (size_t)(t0 + t) * nw;
            float *key = w->pkey + 3 * pbs;
            fr_score_proxy(&run->pposts[q], w->pC + (nq + t0) * nj, nj, w->pmet, j0, w->prbits, w->pC + i * nj, nj, w->pkey,
                           key);
            if (!rekey) {
                for (size_t j = 0; j < nj; j++)
                    (void)fr_topsel_push(&w->ph1[i], key[j], (uint32_t)(j0 + j));
                continue;
            }
            /* each pair kept with its products (phase 7's: the first list's pairs, from this
             * sgemm — its blocks fixed, so the same bits whatever the threads or parts) */
            for (size_t j = 0; j < nj; j++) {
                long slot = fr_topsel_push(&w->ph1[i], key[j], (uint32_t)(j0 + j));
                if (slot < 0)
                    continue;
                float *pay = w->ppay + w->ppoff[i] + (size_t)slot * (ni + 1);
                pay[0] = w->pC[i * nj + j];
                for (uint32_t t = 0; t < ni; t++)
                    pay[1 + t] = w->pC[(nq + t0 + t) * nj + j];
            }
        }
    }
    for (size_t i = 0; i < nq; i++)
        fr_topsel_finish(&w->ph1[i]);
    return FR_OK;
}

/* match: résumé q's nc candidates (w->cand) kept for phases 3 and 2, with room for their bounds. */
static fr_status match_keep(worker_t *w, size_t q, size_t nc, fr_error *err)
{
    run_t *run = w->run;
    const fr_docset *P = run->P;
    run->cand[q] = malloc((nc ? nc : 1) * sizeof **run->cand);
    run->moff[q] = malloc((nc + 1) * sizeof **run->moff);
    run->msort[q] = malloc((nc ? nc : 1) * sizeof **run->msort);
    if (!run->cand[q] || !run->moff[q] || !run->msort[q])
        return fr_fail(err, FR_ENOMEM, "out of memory");
    memcpy(run->cand[q], w->cand, nc * sizeof *w->cand);
    run->ncand[q] = nc;
    size_t total = 0;
    for (size_t j = 0; j < nc; j++) {
        run->moff[q][j] = total;
        total += P->unit_start.v[w->cand[j] + 1] - P->unit_start.v[w->cand[j]];
        if (run->cold) /* every candidate's pages asked for before the first is read */
            fr_index_prefetch_doc(P, w->cand[j]);
    }
    run->moff[q][nc] = total;
    run->mden[q] = malloc((total + 1) * sizeof **run->mden);
    run->mhint[q] = malloc((total + 1) * sizeof **run->mhint);
    if (!run->mden[q] || !run->mhint[q])
        return fr_fail(err, FR_ENOMEM, "out of memory");
    return FR_OK;
}

/* match, phase 3: unit u — candidates [j0, j0 + MCHUNK) of one résumé — bounded (match_bound_range). */
static fr_status mbound_unit(worker_t *w, size_t u, fr_error *err)
{
    run_t *run = w->run;
    u += run->munit[run->mb0];
    size_t lo = run->mb0, hi = run->mb1; /* the résumé q with munit[q] <= u < munit[q + 1] */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (run->munit[mid] <= u)
            lo = mid;
        else
            hi = mid;
    }
    size_t q = lo, j0 = (u - run->munit[q]) * MCHUNK, n = run->ncand[q] - j0 < MCHUNK ? run->ncand[q] - j0 : MCHUNK;
    size_t at = run->moff[q][j0];
    return match_bound_range(w, q, run->cand[q] + j0, n, run->mden[q] + at, run->mhint[q] + at, run->msort[q] + j0,
                             at, err);
}

/* The union of query q's lists, in id order (the proxy's sgemm then sees the same matrix whatever
 * filled the lists), cut to prune_m by the shortlist when longer: w->cand[0..*nc). */
static fr_status take_candidates(worker_t *w, size_t q, fr_topk *const *lists, int n_lists, size_t *ncp,
                                 fr_error *err)
{
    run_t *run = w->run;
    size_t nc = 0, total = 0;
    for (int l = 0; l < n_lists; l++)
        total += lists[l]->n;
    ENSURE(w->cand, w->ccap, total + 1);
    for (int l = 0; l < n_lists; l++)
        for (size_t x = 0; x < lists[l]->n; x++)
            if (!w->seen[lists[l]->id[x]]) {
                w->seen[lists[l]->id[x]] = 1;
                w->cand[nc++] = lists[l]->id[x];
            }
    for (size_t x = 0; x < nc; x++)
        w->seen[w->cand[x]] = 0;
    fr_sort_u32(w->cand, nc);
    if (nc > run->prune_m) {
        fr_status st = shortlist(w, q, nc, err);
        if (st != FR_OK)
            return st;
        nc = run->prune_m;
    }
    w->ncand += nc;
    *ncp = nc;
    return FR_OK;
}

enum { E_FIRST = 1, E_LEX = 2 };

/* Posting q's entries (keep_entries) freed: spent in phase 8, or left by a failed run (an array of
 * them not made yet is NULL). */
#define FREE_ENTRY(a, q)                                                      \
    do {                                                                      \
        if (a) {                                                              \
            free((a)[q]);                                                     \
            (a)[q] = NULL;                                                    \
        }                                                                     \
    } while (0)

static void entries_free(run_t *run, size_t q)
{
    FREE_ENTRY(run->e_id, q);
    FREE_ENTRY(run->e_shown, q);
    FREE_ENTRY(run->e_key, q);
    FREE_ENTRY(run->e_flag, q);
    FREE_ENTRY(run->e_prod, q);
}

/* Query q0 + i's entries for phases 7 and 8: the résumés of its first proxy list (w->ph1[i]) and
 * of its lexical list (w->lh[2i + 1]), in id order, each with the items a line of it shows (the
 * block's lines' test, gone once the block is done). */
static fr_status keep_entries(worker_t *w, size_t q0, size_t i, fr_error *err)
{
    run_t *run = w->run;
    const fr_docset *P = run->P;
    size_t q = q0 + i, nw = (run->npool + 63) / 64;
    const uint32_t *lists[2] = {w->ph1[i].id, w->lh[2 * i + 1].id};
    size_t ln[2] = {w->ph1[i].n, w->lh[2 * i + 1].n}, total = ln[0] + ln[1], n = 0;
    ENSURE(w->cand, w->ccap, total + 1);
    for (int l = 0; l < 2; l++)
        for (size_t x = 0; x < ln[l]; x++) {
            uint32_t g = lists[l][x];
            if (!w->seen[g])
                w->cand[n++] = g;
            w->seen[g] |= (unsigned char)(l ? E_LEX : E_FIRST);
        }
    fr_sort_u32(w->cand, n);
    run->e_id[q] = malloc((n ? n : 1) * sizeof **run->e_id);
    run->e_shown[q] = malloc((n ? n : 1) * sizeof **run->e_shown);
    run->e_key[q] = malloc((n ? n : 1) * sizeof **run->e_key);
    run->e_flag[q] = malloc(n ? n : 1);
    if (!run->e_id[q] || !run->e_shown[q] || !run->e_key[q] || !run->e_flag[q])
        return fr_fail(err, FR_ENOMEM, "out of memory");
    uint32_t ub = P->unit_start.v[q0], u0 = P->unit_start.v[q], ni = P->unit_start.v[q + 1] - u0;
    uint64_t ex = 0, lined = 0;
    for (uint32_t t = 0; t < ni && t < 64; t++) {
        ex |= (uint64_t)w->iexact[u0 - ub + t] << t;
        lined |= (uint64_t)(run->pitems[u0 + t].cls == 1) << t;
    }
    run->e_exact[q] = ex;
    for (size_t j = 0; j < n; j++) {
        uint32_t g = w->cand[j];
        uint64_t m = 0;
        for (uint64_t b = lined; b; b &= b - 1) {
            unsigned t = (unsigned)__builtin_ctzll(b);
            const uint64_t *row = w->metb + (size_t)(u0 - ub + t) * nw;
            m |= (row[g / 64] >> (g % 64) & 1) << t;
        }
        run->e_id[q][j] = g;
        run->e_shown[q][j] = m;
        run->e_flag[q][j] = w->seen[g];
        run->e_key[q][j] = -INFINITY;
        w->seen[g] = 0;
    }
    run->e_n[q] = n;
    if (!run->rekey)
        return FR_OK; /* every first-list entry is taken */
    /* the first list's products with the posting and its items, kept with its pairs */
    size_t rows = (size_t)ni + 1;
    run->e_prod[q] = malloc((n * rows + 1) * sizeof **run->e_prod);
    if (!run->e_prod[q])
        return fr_fail(err, FR_ENOMEM, "out of memory");
    const fr_topsel *h = &w->ph1[i];
    for (size_t x = 0; x < h->n; x++) {
        uint32_t e = fr_u32_lower_bound(run->e_id[q], 0, (uint32_t)n, h->id[x]);
        memcpy(run->e_prod[q] + e * rows, w->ppay + w->ppoff[i] + (size_t)h->aux[x] * rows, rows * sizeof *run->e_prod[q]);
    }
    return FR_OK;
}

/* rank, pruned, phase 0: each posting of [q0, q1)'s lists — the proxy's first list (proxy_pool
 * long) and the lexical list of its requirements — kept with what the block's lines' test found
 * for phase 7 (keep_entries).  On LiveCareer × 7 (17,388 résumés × 393 postings) the five lists
 * with the proxy's and the requirements' lexical list with the skill and proxy lists both found
 * 0.9954 of the exhaustive top 10 — the proxy orders by the dense context already — with a third
 * fewer candidates to refine; without the skill list (the proxy counts the skills named already)
 * 0.9952 with a quarter fewer again (docs/SCORING.md).  (match's lists: match_lists.)  Every step
 * is a function of the query and the whole pool (ties by id), never of how the pool is cut into
 * parts or blocks: `rank` gives the same output for any --batch or --threads. */
static fr_status pruned_unit(worker_t *w, size_t q0, size_t q1, fr_error *err)
{
    run_t *run = w->run;
    const fr_docset *Qs = run->Q;
    size_t nq = q1 - q0;
    for (size_t i = 0; i < 2 * nq; i++)
        fr_topk_reset(&w->lh[i]);
    fr_status ps = proxy_lists(w, q0, q1, err);
    for (size_t q = q0; q < q1 && ps == FR_OK; q++)
        ps = fr_docset_check_doc(Qs, q, err);
    /* the lexical lists, exact through the inverted indexes: part by part, every posting of the
     * block — a part's lists and dense rows read again from cache by the postings that share
     * their terms (posting by posting, every part came from memory again: 2.3 G entries at 100k
     * × 1k); each posting's pushes in the order of parts as before, so the same lists */
    int bad = 0;
    for (size_t part = 0; part < run->npp && ps == FR_OK; part++)
        for (size_t i = 0; i < nq && ps == FR_OK; i++)
            ps = lex_part(w, &run->P->req_rows, q0 + i, run->pinv, part, &w->lh[2 * i + 1], NULL, &bad, err);
    if (ps == FR_OK && bad)
        ps = fr_fail(err, FR_EFORMAT, CORRUPT_LIST);
    for (size_t i = 0; i < nq && ps == FR_OK; i++)
        ps = keep_entries(w, q0, i, err);
    return ps;
}

/* rank, pruned, phase 7: the first-list entries of résumés [g0, g1) keyed by fr_score_proxy_one,
 * résumé by résumé — its records, words and lines read once for the postings that list it (~30
 * at 100k × 1k; posting by posting, each of its few thousand résumés came cold from all over the
 * pool: 9 µs a pair).  Each key a function of the posting's entries and the pair (phase 0's products:
 * the same whatever the threads or parts). */
static fr_status rekey_unit(worker_t *w, size_t g0, size_t g1, fr_error *err)
{
    run_t *run = w->run;
    const fr_docset *P = run->P;
    for (size_t g = g0; g < g1; g++) {
        if (run->by_e_start[g] == run->by_e_start[g + 1])
            continue;
        uint32_t r;
        size_t part;
        const fr_docset *R = res_part_at(run, g, &r, &part);
        fr_status st = fr_docset_check_scoring(R, r, err); /* before its records are read */
        if (st != FR_OK)
            return st;
        const fr_word_index *wix = run->wix ? &run->wix[part] : NULL;
        const fr_rfacts *f = fr_docset_rfacts(R, r);
        uint32_t c0 = R->unit_start.v[r], w0 = f->word_start;
        uint32_t w1 = r + 1 < R->n ? fr_docset_rfacts(R, r + 1)->word_start : (uint32_t)R->doc_words.n;
        if ((st = fr_doc_words_build(&w->dw, &R->unit_words, c0, R->unit_start.v[r + 1] - c0, R->doc_words.v + w0,
                                     w1 - w0, err)) != FR_OK)
            return st;
        for (size_t x = run->by_e_start[g]; x < run->by_e_start[g + 1]; x++) {
            uint32_t q = run->by_e_q[x], j = run->by_e_j[x];
            uint32_t ni = P->unit_start.v[q + 1] - P->unit_start.v[q];
            const float *prod = run->e_prod[q] + (size_t)j * (ni + 1);
            run->e_key[q][j] = fr_score_proxy_one(w->sc, &run->pposts[q], P, q, R, r, wix, &w->dw, prod + 1, 1,
                                                  run->e_shown[q][j], run->e_exact[q], prod[0]);
            w->nrekey++;
        }
    }
    return FR_OK;
}

/* rank, pruned, phase 8: each posting of [q0, q1)'s candidates — its proxy list (the shortlist_m
 * best of its first list by phase 7's keys) and its lexical list — with what phases 1 and 2 need. */
static fr_status cands_unit(worker_t *w, size_t q0, size_t q1, fr_error *err)
{
    run_t *run = w->run;
    const fr_docset *P = run->P;
    for (size_t q = q0; q < q1; q++) {
        size_t n = run->e_n[q], nl = 0, nc = 0;
        fr_topk *ph = &w->pl;
        fr_topk_reset(ph);
        ENSURE(w->lexv, w->lexvcap, n + 1);
        for (size_t j = 0; j < n; j++) {
            if (run->e_flag[q][j] & E_FIRST)
                fr_topk_push(ph, run->e_key[q][j], run->e_id[q][j]);
            if (run->e_flag[q][j] & E_LEX)
                w->lexv[nl++] = run->e_id[q][j];
        }
        fr_topk lex = {NULL, w->lexv, nl, nl};
        fr_topk *lists[2] = {&lex, ph};
        fr_status st = take_candidates(w, q, lists, 2, &nc, err);
        if (st != FR_OK)
            return st;
        /* refined in phase 2, once phase 1 has bounded them */
        if ((st = fr_docset_check_scoring(P, q, err)) != FR_OK) /* before its vectors are read */
            return st;
        uint32_t u0 = P->unit_start.v[q], ni = P->unit_start.v[q + 1] - u0;
        run->cand[q] = malloc((nc ? nc : 1) * sizeof **run->cand);
        run->cdense[q] = malloc((nc * ni + 1) * sizeof **run->cdense);
        run->qnorm[q] = malloc((ni ? ni : 1) * sizeof **run->qnorm);
        run->qbf[q] = run->bf16 ? malloc((ni * fr_bf16_words(P->dim) + 1) * sizeof **run->qbf) : NULL;
        run->cnoshow[q] = malloc((nc ? nc : 1) * sizeof **run->cnoshow);
        run->cbound[q] = malloc((nc ? nc : 1) * sizeof **run->cbound);
        if (!run->cand[q] || !run->cdense[q] || !run->qnorm[q] || (run->bf16 && !run->qbf[q]) || !run->cnoshow[q] ||
            !run->cbound[q])
            return fr_fail(err, FR_ENOMEM, "out of memory");
        memcpy(run->cand[q], w->cand, nc * sizeof *w->cand);
        run->ncand[q] = nc;
        /* each candidate's items no line shows (the exact ones of the posting's first 64), from
         * what phase 0's lines' test found: every candidate is an entry (both id-ordered) */
        for (size_t j = 0; j < nc; j++) {
            uint32_t e = fr_u32_lower_bound(run->e_id[q], 0, (uint32_t)n, w->cand[j]);
            run->cnoshow[q][j] = run->e_exact[q] & ~run->e_shown[q][e];
        }
        for (uint32_t t = 0; t < ni; t++)
            run->qnorm[q][t] = fr_norm_up(fr_docset_unit_vec(P, u0 + t), P->dim);
        if (run->bf16 && ni)
            fr_bf16_rows(fr_docset_unit_vec(P, u0), ni, P->dim, P->dim, run->qbf[q]);
        entries_free(run, q); /* spent */
    }
    return FR_OK;
}

/* match, phase 4 — the lists of the query block [mb0, mb1) but the context-and-skills ones, in
 * units for both threads: unit 0 the coarse dense contexts of every pool document (one product a
 * pool block for the whole query block); unit 1 + 2i the whole-text lexical list of query
 * mb0 + i, which fills its lexical contexts, unit 2 + 2i its requirements' lexical list (at 100k
 * postings ~5, ~7 and ~3 ms: taken in that order, the two threads end together).  Three lists a
 * query — by context and skills (ctx_skill_list, shortlist_m), the postings' whole text by
 * lexical similarity (half as many) and their requirements by lexical similarity (a quarter): on
 * 48 LiveCareer résumés × 100k postings these found 0.994 of the exhaustive top 10 with 2,600
 * candidates where four lists of 1,500 (a whole-text dense list the fourth) found 0.992 with
 * 3,700; 0.998 on another 48 (bench/RESULTS.md). */
static fr_status match_lists(worker_t *w, size_t u, fr_error *err)
{
    run_t *run = w->run;
    const fr_docset *Qs = run->Q;
    size_t q0 = run->mb0, nq = run->mb1 - run->mb0, npool = run->npool, pbs = 4096;
    if (u > 0) {
        size_t i = (u - 1) / 2;
        fr_status ls = fr_docset_check_doc(Qs, q0 + i, err);
        if (ls != FR_OK)
            return ls;
        if (u % 2 == 0) {
            fr_topk_reset(&run->mlh[2 * i + 1]);
            return lex_list(w, &Qs->doc_rows, q0 + i, &run->preq_inv, &run->mlh[2 * i + 1], NULL, err);
        }
        float *kld = run->mkld + i * npool;
        memset(kld, 0, npool * sizeof *kld);
        fr_topk_reset(&run->mlh[2 * i]);
        return lex_list(w, &Qs->doc_rows, q0 + i, run->pinv, &run->mlh[2 * i], kld, err);
    }
    size_t cd = Qs->cdim;
    const float *qa = fr_docset_doc_coarse(Qs, q0);
    ENSURE(w->ptile, w->ptcap, nq * (npool < pbs ? npool : pbs) + 1);
    /* the postings' coarse vectors and skill sets verified before they are read, while the other
     * thread walks the lexical lists (the first bound's check waited for it, both threads idle) */
    for (size_t part = 0; part < run->npp; part++) {
        fr_status vs = fr_index_verify_shared(run->pp[part], err);
        if (vs != FR_OK)
            return vs;
    }
    for (size_t j0 = 0; j0 < npool; j0 += pbs) {
        size_t nj = npool - j0 < pbs ? npool - j0 : pbs;
        const float *pb = NULL;
        fr_status gs = pool_coarse(w, 0, j0, nj, &pb, err);
        if (gs != FR_OK)
            return gs;
        if (nq <= 2) /* sgemm would pack (copy) the whole pool block for one or two rows */
            for (size_t i = 0; i < nq; i++)
                cblas_sgemv(CblasRowMajor, CblasNoTrans, (blasint)nj, (blasint)cd, 1.0f, pb, (blasint)cd,
                            qa + i * cd, 1, 0.0f, w->ptile + i * nj, 1);
        else
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (blasint)nq, (blasint)nj, (blasint)cd, 1.0f, qa,
                        (blasint)cd, pb, (blasint)cd, 0.0f, w->ptile, (blasint)nj);
        for (size_t i = 0; i < nq; i++)
            memcpy(run->mkdd + i * npool + j0, w->ptile + i * nj, nj * sizeof *run->mkdd);
    }
    return FR_OK;
}

/* match, phase 5: unit 2i + h — query mb0 + i's context-and-skills list of half h of the pool. */
static void match_ctx(worker_t *w, size_t u)
{
    run_t *run = w->run;
    size_t i = u / 2, npool = run->npool, mid = npool / 2;
    ctx_skill_list(w, run->mb0 + i, run->mkdd + i * npool, run->mkld + i * npool, u % 2 ? mid : 0,
                   u % 2 ? npool : mid, &run->mkh[u]);
}

/* match, phase 6: query mb0 + u's candidates — the union of its lists, its context-and-skills list
 * the best of its halves' — kept for phases 3 and 2. */
static fr_status match_cands(worker_t *w, size_t u, fr_error *err)
{
    run_t *run = w->run;
    fr_topk_reset(&w->kh);
    for (size_t h = 2 * u; h < 2 * u + 2; h++)
        for (size_t x = 0; x < run->mkh[h].n; x++)
            fr_topk_push(&w->kh, run->mkh[h].val[x], run->mkh[h].id[x]);
    fr_topk *lists[3] = {&w->kh, &run->mlh[2 * u], &run->mlh[2 * u + 1]};
    size_t nc = 0;
    fr_status st = take_candidates(w, run->mb0 + u, lists, 3, &nc, err);
    return st == FR_OK ? match_keep(w, run->mb0 + u, nc, err) : st;
}

/* match, phase 2: query mb0 + u refined, its candidates' bounds spent. */
static fr_status match_refine(worker_t *w, size_t u, fr_error *err)
{
    run_t *run = w->run;
    size_t q = run->mb0 + u;
    fr_status st = refine(w, q, run->cand[q], run->ncand[q], err);
    free(run->cand[q]);
    free(run->moff[q]);
    free(run->mden[q]);
    free(run->mhint[q]);
    free(run->msort[q]);
    run->cand[q] = NULL;
    run->moff[q] = NULL;
    run->mden[q] = NULL;
    run->mhint[q] = NULL;
    run->msort[q] = NULL;
    return st;
}

static fr_status match_unit(worker_t *w, size_t u, fr_error *err)
{
    switch (w->run->phase) {
    case 4:
        return match_lists(w, u, err);
    case 5:
        match_ctx(w, u);
        return FR_OK;
    case 6:
        return match_cands(w, u, err);
    case 3:
        return mbound_unit(w, u, err);
    default:
        return match_refine(w, u, err);
    }
}

/* Where list x of an inverted index (entries ptr[x]..ptr[x + 1], columns ascending) reaches column
 * lo: from the cursor *cur of the previous range when the ranges follow each other (cont), else by
 * binary search; the first entry at lo or beyond. */
static uint32_t list_from(const fr_csr_rows *inv, uint32_t x, uint32_t lo, int cont, uint32_t cur)
{
    return cont ? cur : fr_u32_lower_bound(inv->col.v, inv->ptr.v[x], inv->ptr.v[x + 1], lo);
}

/* The chunks' lexical maxima of item u (entries of U) against résumés [r0, r1) (chunks [c0, c1))
 * into lex (one per résumé): every chunk holding each of its terms, summed per chunk in term
 * order as the canonical walk sums them.  cur: per entry of the item, where its list reached. */
static void lex_chunks(worker_t *w, const fr_csr_rows *U, uint32_t u, size_t r0, uint32_t c0, uint32_t c1, int cont,
                       uint32_t *cur, float *lex)
{
    const fr_csr_rows *ci = &w->run->cinv;
    size_t nt = 0;
    for (uint32_t e = U->ptr.v[u], k = 0; e < U->ptr.v[u + 1]; e++, k++) {
        uint32_t t = U->col.v[e], x = list_from(ci, t, c0, cont, cur[k]);
        double wi = U->val[e];
        for (; x < ci->ptr.v[t + 1] && ci->col.v[x] < c1; x++) {
            uint32_t c = ci->col.v[x] - c0;
            if (!w->cseen[c]) {
                w->cseen[c] = 1;
                w->ctouch[nt++] = c;
            }
            w->cacc[c] += wi * ci->val[x];
        }
        cur[k] = x;
    }
    for (size_t k = 0; k < nt; k++) {
        uint32_t c = w->ctouch[k];
        size_t jr = w->run->res_of[c0 + c] - r0;
        if ((float)w->cacc[c] > lex[jr])
            lex[jr] = (float)w->cacc[c];
        w->cacc[c] = 0;
        w->cseen[c] = 0;
    }
}

/* lex_chunks where the score reads only whether an item's maximum is above 0: lex[j] = 1 for each
 * résumé j with a chunk holding one of the item's terms with a product of weights above 1e-30 (so
 * that the canonical sum, rounded to float, is above 0 too); 0: a product in (0, 1e-30] or below 0
 * was met, which only the sums can tell (lex is then left for lex_chunks, from the lists' starts). */
static int lex_sign(worker_t *w, const fr_csr_rows *U, uint32_t u, size_t r0, uint32_t c0, uint32_t c1, int cont,
                    uint32_t *cur, float *lex)
{
    const fr_csr_rows *ci = &w->run->cinv;
    for (uint32_t e = U->ptr.v[u], k = 0; e < U->ptr.v[u + 1]; e++, k++) {
        uint32_t t = U->col.v[e], x = list_from(ci, t, c0, cont, cur[k]);
        double wi = U->val[e];
        for (; x < ci->ptr.v[t + 1] && ci->col.v[x] < c1; x++) {
            double pr = wi * ci->val[x];
            if (pr > 1e-30)
                lex[w->run->res_of[ci->col.v[x]] - r0] = 1;
            else if (pr != 0)
                return 0;
        }
        cur[k] = x;
    }
    return 1;
}

/* The lexical evidence of postings [p0, p1) against résumés [r0, r1), in bulk: for each item
 * term, only the chunks and résumés that contain it (inverted indexes), instead of every chunk
 * entry of every résumé per posting.  Fills w->lex, w->mass ([item of the block × résumé]) and
 * w->ctxl ([posting of the block × résumé]).  cont: the same postings as the previous call, whose
 * résumés ended at r0 — each list is read on from where that call left it (the lists ascend), no
 * search (binary searches were a fifth of this). */
static fr_status lex_parts(worker_t *w, size_t p0, size_t p1, size_t r0, size_t r1, int cont, fr_error *err)
{
    run_t *run = w->run;
    const fr_docset *P = run->P, *R = run->R;
    const fr_csr_rows *U = &P->unit_rows, *DP = &P->doc_rows, *ri = run->rinv;
    size_t np = p1 - p0, nrr = r1 - r0;
    uint32_t u0 = P->unit_start.v[p0], nu = P->unit_start.v[p1] - u0;
    uint32_t c0 = R->unit_start.v[r0], c1 = R->unit_start.v[r1];
    uint32_t ue0 = U->ptr.v[u0], nue = U->ptr.v[u0 + nu] - ue0, de0 = DP->ptr.v[p0], nde = DP->ptr.v[p1] - de0;
    ENSURE(w->lex, w->lexcap, (size_t)nu * nrr + 1);
    ENSURE(w->mass, w->lexcap2, (size_t)nu * nrr + 1);
    ENSURE(w->ctxl, w->ctxcap, np * nrr + 1);
    ENSURE(w->poff, w->poffcap, np + 1);
    ENSURE(w->cacc, w->caccap, (size_t)(c1 - c0) + 1);
    ENSURE(w->ctouch, w->ctcap, (size_t)(c1 - c0) + 1);
    ENSURE(w->cseen, w->cscap, (size_t)(c1 - c0) + 1);
    ENSURE(w->lcur, w->lccap, 2 * (size_t)nue + nde + 1);
    uint32_t *ccur = w->lcur, *rcur = w->lcur + nue, *dcur = w->lcur + 2 * (size_t)nue;
    memset(w->cacc, 0, (size_t)(c1 - c0) * sizeof *w->cacc);
    memset(w->cseen, 0, (size_t)(c1 - c0));
    memset(w->lex, 0, (size_t)nu * nrr * sizeof *w->lex);
    memset(w->mass, 0, (size_t)nu * nrr * sizeof *w->mass);
    memset(w->ctxl, 0, np * nrr * sizeof *w->ctxl);
    for (size_t i = 0; i <= np; i++)
        w->poff[i] = P->unit_start.v[p0 + i] - u0;
    w->r0 = r0;
    w->nrr = nrr;
    const fr_score_params *sp = fr_scorer_params(w->sc);
    for (uint32_t u = u0; u < u0 + nu; u++) {
        float *lex = w->lex + (size_t)(u - u0) * nrr, *mass = w->mass + (size_t)(u - u0) * nrr;
        uint32_t k0 = U->ptr.v[u] - ue0;
        /* the chunks' lexical maximum only where the score reads it (with beta = 0, soft items):
         * a walk over every chunk holding each of the item's terms; where it reads only whether
         * the maximum is above 0, which résumés have a chunk sharing a term with positive weights
         * (lex_sign), the walk without sums */
        const fr_unit_item *it = fr_docset_item(P, u);
        if (fr_score_reads_lex_sign(sp, it)) {
            if (!lex_sign(w, U, u, r0, c0, c1, cont, ccur + k0, lex)) { /* a product too small to tell: summed */
                memset(lex, 0, nrr * sizeof *lex);
                lex_chunks(w, U, u, r0, c0, c1, 0, ccur + k0, lex);
            }
        } else if (fr_score_reads_lex(sp, it))
            lex_chunks(w, U, u, r0, c0, c1, cont, ccur + k0, lex);
        for (uint32_t e = U->ptr.v[u], k = k0; e < U->ptr.v[u + 1]; e++, k++) {
            uint32_t t = U->col.v[e], x = list_from(ri, t, (uint32_t)r0, cont, rcur[k]);
            float idf = (float)(fr_model_idf(run->m, t) / run->idf_total[u]);
            for (; x < ri->ptr.v[t + 1] && ri->col.v[x] < r1; x++)
                if (ri->col.v[x] >= r0) /* always, unless a mapped list is corrupt (unsorted) */
                    mass[ri->col.v[x] - r0] += idf;
            rcur[k] = x;
        }
    }
    for (size_t i = 0; i < np; i++) {
        float *ctx = w->ctxl + i * nrr;
        for (uint32_t e = DP->ptr.v[p0 + i]; e < DP->ptr.v[p0 + i + 1]; e++) {
            uint32_t t = DP->col.v[e], x = list_from(ri, t, (uint32_t)r0, cont, dcur[e - de0]);
            float wp = DP->val[e];
            for (; x < ri->ptr.v[t + 1] && ri->col.v[x] < r1; x++)
                if (ri->col.v[x] >= r0)
                    ctx[ri->col.v[x] - r0] += wp * ri->val[x];
            dcur[e - de0] = x;
        }
    }
    return FR_OK;
}

/* Per item of postings [p0, p1), the résumés of the current part with a line showing it, for the
 * items whose bound reads that (fr_verdict_most_reads_lines): fr_verdict_lines_showing with every
 * word walked, so the rows are exact and a pair's bound takes an item no line of its résumé shows
 * at the partial it can at most be (fr_pair_parts.noshow).  With the item at 1, 136 k of 500 k
 * pairs of `bench --exhaustive` (5,000 × 100) had a bound above their posting's final threshold;
 * with it, 39 k. */
static fr_status lines_rows_to(worker_t *w, size_t p0, size_t p1, uint64_t *xmet, unsigned char *xexact,
                               fr_error *err)
{
    run_t *run = w->run;
    const fr_docset *P = run->P, *R = run->R;
    const fr_score_params *sp = fr_scorer_params(w->sc);
    uint32_t ua = P->unit_start.v[p0], nu = P->unit_start.v[p1] - ua;
    size_t nw = (R->n + 63) / 64, nl = R->n_units;
    memset(xmet, 0, (size_t)nu * nw * sizeof *xmet);
    fr_status ls = lines_scratch(w, nl, err);
    if (ls != FR_OK)
        return ls;
    for (uint32_t t = 0; t < nu; t++)
        xexact[t] = fr_verdict_most_reads_lines(P, ua + t) &&
                    fr_verdict_lines_showing(P, ua + t, R, &run->rwix, sp->v_domain_met, ~(uint64_t)0,
                                             xmet + (size_t)t * nw, 0, w->lacc, w->ltouched);
    return FR_OK;
}

static fr_status lines_rows(worker_t *w, size_t p0, size_t p1, fr_error *err)
{
    const fr_docset *P = w->run->P, *R = w->run->R;
    uint32_t ua = P->unit_start.v[p0], nu = P->unit_start.v[p1] - ua;
    size_t nw = (R->n + 63) / 64;
    ENSURE(w->xmet, w->xmetcap, (size_t)nu * nw + 1);
    ENSURE(w->xexact, w->xexcap, (size_t)nu + 1);
    w->xm = w->xmet;
    w->xe = w->xexact;
    w->xua = ua;
    w->xnw = nw;
    return lines_rows_to(w, p0, p1, w->xmet, w->xexact, err);
}

/* Every pair of queries [q0, q1) × the pool (match: every posting; rank: the current résumé
 * part), a tile (posting block × résumé block) at a time: lexical parts in bulk, dense maxima
 * from one sgemm, then the pairs into the queries' heaps (refined once every part is done). */
static fr_status exhaustive_unit(worker_t *w, size_t q0, size_t q1, fr_error *err)
{
    run_t *run = w->run;
    size_t npool = run->o->per_resume ? run->P->n : run->R->n;
    size_t bs = run->o->per_resume ? run->o->posting_block : run->o->resume_block;
    size_t nq = q1 - q0, ncap = (nq > bs ? nq : bs);
    uint32_t *ql = malloc(nq * sizeof *ql), *pl = malloc(ncap * sizeof *pl);
    if (!ql || !pl) {
        free(ql);
        free(pl);
        return fr_fail(err, FR_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < nq; i++)
        ql[i] = (uint32_t)(q0 + i);
    fr_status st = run->o->per_resume ? FR_OK : lines_rows(w, q0, q1, err);
    for (size_t j0 = 0; j0 < npool && st == FR_OK; j0 += bs) {
        size_t nj = npool - j0 < bs ? npool - j0 : bs;
        for (size_t j = 0; j < nj; j++)
            pl[j] = (uint32_t)(j0 + j);
        if (run->o->per_resume) {
            st = lines_rows(w, j0, j0 + nj, err);
            if (st == FR_OK)
                st = lex_parts(w, j0, j0 + nj, q0, q1, 0, err);
            if (st == FR_OK)
                st = tile(w, pl, nj, ql, nq, err);
        } else {
            st = lex_parts(w, q0, q1, j0, j0 + nj, j0 > 0, err);
            if (st == FR_OK)
                st = tile(w, ql, nq, pl, nj, err);
        }
    }
    free(ql);
    free(pl);
    return st;
}

/* rmajor, stage 0: the lines showing each item of query block [q0, q1) over the current part,
 * into the run's rows (each block its own items' rows). */
static fr_status rlines_unit(worker_t *w, size_t q0, size_t q1, fr_error *err)
{
    const run_t *run = w->run;
    size_t ua = run->P->unit_start.v[q0], nw = (run->R->n + 63) / 64;
    return lines_rows_to(w, q0, q1, run->xmet_all + ua * nw, run->xexact_all + ua, err);
}

/* rmajor, stage 1: résumé block b of the current part against every query block — the same tiles
 * as exhaustive_unit's (query block × résumé block, the same shapes, so the same products), in
 * another order: the block's chunk vectors are made once, from its rows, into this worker's
 * buffer, and read by every query block's tile while they are in cache.  The pairs go into the
 * worker's own heaps (two workers may hold the same query's). */
static fr_status rmajor_unit(worker_t *w, size_t b, fr_error *err)
{
    run_t *run = w->run;
    const fr_docset *R = run->R;
    size_t bs = run->o->resume_block ? run->o->resume_block : 1, us = run->unit_size;
    size_t j0 = b * bs, nj = R->n - j0 < bs ? R->n - j0 : bs;
    if (!w->wheaps) {
        if (!(w->wheaps = calloc(run->Q->n ? run->Q->n : 1, sizeof *w->wheaps)))
            return fr_fail(err, FR_ENOMEM, "out of memory");
        for (size_t q = 0; q < run->Q->n; q++)
            if (fr_topk_init(&w->wheaps[q], run->heaps[q].k) != FR_OK)
                return fr_fail(err, FR_ENOMEM, "out of memory");
    }
    ENSURE(w->gs, w->gscap, nj + 1);
    uint32_t *ql = malloc((us ? us : 1) * sizeof *ql), *pl = malloc((nj ? nj : 1) * sizeof *pl);
    fr_status st = ql && pl ? FR_OK : fr_fail(err, FR_ENOMEM, "out of memory");
    for (size_t j = 0; j < nj && st == FR_OK; j++)
        pl[j] = (uint32_t)(j0 + j);
    const float *DB = NULL;
    size_t ndb = 0;
    if (st == FR_OK)
        st = rows_of(R, run->m, pl, nj, &w->dbuf, &w->dcap, w->gs, &DB, &ndb, err);
    w->rdb = st == FR_OK && ndb ? DB : NULL;
    w->rdb_n = ndb;
    w->xm = run->xmet_all;
    w->xe = run->xexact_all;
    w->xua = 0;
    w->xnw = (R->n + 63) / 64;
    for (size_t u = 0; u < run->n_qunits && st == FR_OK; u++) {
        size_t q0 = u * us, q1 = q0 + us < run->Q->n ? q0 + us : run->Q->n;
        for (size_t i = q0; i < q1; i++)
            ql[i - q0] = (uint32_t)i;
        st = lex_parts(w, q0, q1, j0, j0 + nj, 0, err);
        if (st == FR_OK)
            st = tile(w, ql, q1 - q0, pl, nj, err);
    }
    w->rdb = NULL;
    free(ql);
    free(pl);
    return st;
}

/* rmajor_any, phase 3: every pair the heaps kept of the pool's résumés [g0, g1), judged whole
 * (fr_score_pair: the eval refine_body's canonical path gives), résumé by résumé — its chunk
 * vectors made once by the scorer for all its pairs.  Judging every kept pair is what refinement
 * did nearly always (the heaps hold k + slack pairs, bounded above the k-th). */
static fr_status xexact_unit(worker_t *w, size_t g0, size_t g1, fr_error *err)
{
    run_t *run = w->run;
    fr_status st = FR_OK;
    double t0 = fr_now();
    fr_scorer_keep_vecs(w->sc, 1);
    for (size_t g = g0; g < g1 && st == FR_OK; g++) {
        if (run->by_res_start[g] == run->by_res_start[g + 1])
            continue;
        uint32_t r;
        const fr_docset *R = res_part(run, g, &r);
        fr_scorer_word_index(w->sc, R, NULL); /* (as refine's: the part's index lived with its tiles) */
        for (size_t x = run->by_res_start[g]; x < run->by_res_start[g + 1] && st == FR_OK; x++) {
            uint32_t q = run->by_res_q[x], j = run->by_res_j[x];
            struct refined *e = &run->xref[q][j];
            st = fr_score_pair(w->sc, run->P, q, R, r, NULL, &e->ev, NULL, err);
            e->key = fr_rank_key(&e->ev, run->o->gate);
            e->id = (uint32_t)g;
            w->nref++;
        }
    }
    fr_scorer_keep_vecs(w->sc, 0);
    w->ref_sec += fr_now() - t0; /* (the refinement's, as refine's time) */
    return st;
}

/* rmajor_any, phase 4: query q's k best of its judged pairs (refine_body's output). */
static void xcollect(worker_t *w, size_t q)
{
    run_t *run = w->run;
    double t0 = fr_now();
    struct refined *v = run->xref[q];
    size_t n = run->xn[q], kept = 0;
    for (size_t j = 0; j < n; j++) /* (in place: the pairs are spent) */
        if (run->o->gate != FR_GATE_FILTER || v[j].ev.gate)
            v[kept++] = v[j];
    qsort(v, kept, sizeof *v, ref_cmp);
    size_t k = kept < run->o->k ? kept : run->o->k;
    fr_hit *out = run->hits + q * run->o->k;
    for (size_t i = 0; i < k; i++)
        out[i] = (fr_hit){(uint32_t)q, v[i].id, v[i].ev};
    run->count[q] = k;
    w->ref_sec += fr_now() - t0;
}

/* Phase 1: the bounds of résumé r's candidate pairs [x0, x1) of the grouping (by_res_q, by_res_j),
 * into cbound — their dense parts the canonical maxima just found (cdense), their lexical ones
 * from the résumé's term table (rterm_eval), each raised by a margin above what another
 * summation order gives, as match bounds its candidates: one walk of the résumé's words for its
 * ~20 postings, where fr_score_upper per pair marked them again for each (a fifth of the pruned
 * ranking at 100k × 1k).  A lexical maximum the score does not read (beta = 0) is taken at its
 * most, as fr_score_upper takes it: 1, or 0 when beta is 0. */
static fr_status resume_bounds(worker_t *w, const fr_docset *R, uint32_t r, size_t x0, size_t x1, fr_error *err)
{
    run_t *run = w->run;
    const fr_docset *P = run->P;
    const fr_score_params *sp = fr_scorer_params(w->sc);
    size_t most = 0; /* (the scratch grown before the table is built: a failure leaves it clear) */
    for (size_t x = x0; x < x1; x++) {
        size_t ni = P->unit_start.v[run->by_res_q[x] + 1] - P->unit_start.v[run->by_res_q[x]];
        most = ni > most ? ni : most;
    }
    ENSURE(w->rden, w->rdencap, 2 * most + 1);
    fr_status st = rterm_build(w, R, r, 0, err);
    for (size_t x = x0; x < x1 && st == FR_OK; x++) {
        uint32_t q = run->by_res_q[x], j = run->by_res_j[x];
        uint32_t ni = P->unit_start.v[q + 1] - P->unit_start.v[q];
        float *lx = w->rden, *ms = w->rden + ni;
        float ctx = up_margin(rterm_bounds(w, P, q, ms));
        for (uint32_t i = 0; i < ni; i++) {
            lx[i] = sp->beta != 0;
            ms[i] = up_margin(ms[i]);
        }
        fr_pair_parts parts = {run->cdense[q] + (size_t)j * ni, lx, ms, 1, ctx, NULL, 0, run->cnoshow[q][j], 0};
        fr_pair_eval ev;
        if ((st = fr_score_upper(w->sc, P, q, R, r, &parts, &ev, err)) == FR_OK)
            run->cbound[q][j] = fr_rank_key(&ev, run->o->gate);
    }
    rterm_clear(w);
    return st;
}

/* Phase 1 of the staged path: the dense maxima and bounds of every (posting, candidate) pair whose
 * résumé is in pool positions [g0, g1), résumé by résumé. */
static fr_status bound_unit(worker_t *w, size_t g0, size_t g1, fr_error *err)
{
    run_t *run = w->run;
    const fr_docset *P = run->P;
    double t0 = fr_now();
    for (size_t g = g0; g < g1; g++) {
        if (run->by_res_start[g] == run->by_res_start[g + 1])
            continue;
        uint32_t r;
        const fr_docset *R = res_part(run, g, &r);
        const float *rv = NULL;
        fr_status st = fr_docset_check_scoring(R, r, err);
        if (st == FR_OK)
            st = res_vecs(w, R, r, &rv, err);
        if (st == FR_OK)
            st = chunk_norms(w, R, r, rv, err);
        if (st != FR_OK)
            return st;
        /* every candidate posting's items against the résumé's chunk panel, made once (the
         * items read where they are: an sgemm of them gathered and packed ran at half the
         * kernel's rate on a résumé's dozen chunks), then each pair's bounds and hints from the
         * products and its canonical maxima from the hinted chunks, while they are in cache */
        if ((st = run->bf16 ? chunk_panel_bf16(w, R, r, rv, err) : chunk_panel(w, R, r, rv, err)) != FR_OK)
            return st;
        uint32_t nc = R->unit_start.v[r + 1] - R->unit_start.v[r];
        size_t pw = fr_dense_panel_width(nc), x1 = run->by_res_start[g + 1];
        for (size_t xa = run->by_res_start[g], xb; xa < x1; xa = xb) {
            size_t m = 0;
            for (xb = xa; xb < x1; xb++) {
                size_t ni = P->unit_start.v[run->by_res_q[xb] + 1] - P->unit_start.v[run->by_res_q[xb]];
                if (xb > xa && (m + ni > GROUP_ITEMS || (m + ni) * pw > GROUP_FLOATS))
                    break;
                m += ni;
            }
            if ((st = group_prods(w, run->by_res_q + xa, xb - xa, R, r, run->bf16, err)) != FR_OK)
                return st;
            for (size_t x = xa, at = 0; x < xb; x++) {
                uint32_t q = run->by_res_q[x], j = run->by_res_j[x];
                uint32_t u0 = P->unit_start.v[q], ni = P->unit_start.v[q + 1] - u0;
                fr_dense_max_prod(w->gC + at * pw, pw, ni, nc, run->bf16, run->qnorm[q], w->cnorm, P, u0, rv,
                                  run->cdense[q] + (size_t)j * ni);
                at += ni;
            }
        }
        if ((st = resume_bounds(w, R, r, run->by_res_start[g], x1, err)) != FR_OK)
            return st;
    }
    w->ref_sec += fr_now() - t0;
    return FR_OK;
}

/* Pairs (posting q, its j-th of ids[q]) grouped by résumé — those whose flag[q][j] has a bit of
 * `want` (flag NULL: all) — into *start (npool + 1 offsets), *oq, *oj: a counting sort, so by
 * posting, then j, within each. */
static fr_status group_pairs(const run_t *run, uint32_t *const *ids, const size_t *n, uint8_t *const *flag, unsigned want,
                             uint32_t **start, uint32_t **oq, uint32_t **oj, fr_error *err)
{
    size_t nq = run->Q->n, tot = 0;
    for (size_t q = 0; q < nq; q++)
        for (size_t j = 0; j < n[q]; j++)
            tot += !flag || (flag[q][j] & want);
    if (tot > UINT32_MAX)
        return fr_fail(err, FR_ENOMEM, "too many candidates");
    *start = calloc(run->npool + 2, sizeof **start);
    *oq = malloc((tot ? tot : 1) * sizeof **oq);
    *oj = malloc((tot ? tot : 1) * sizeof **oj);
    if (!*start || !*oq || !*oj)
        return fr_fail(err, FR_ENOMEM, "out of memory");
    uint32_t *st = *start;
    for (size_t q = 0; q < nq; q++)
        for (size_t j = 0; j < n[q]; j++)
            if (!flag || (flag[q][j] & want))
                st[ids[q][j] + 2]++;
    for (size_t g = 0; g < run->npool; g++)
        st[g + 2] += st[g + 1];
    for (size_t q = 0; q < nq; q++)
        for (size_t j = 0; j < n[q]; j++)
            if (!flag || (flag[q][j] & want)) {
                uint32_t at = st[ids[q][j] + 1]++;
                (*oq)[at] = (uint32_t)q;
                (*oj)[at] = (uint32_t)j;
            }
    return FR_OK;
}

static void *worker_main(void *arg)
{
    worker_t *w = arg;
    run_t *run = w->run;
    for (;;) {
        size_t u = atomic_fetch_add(&run->next, 1);
        if (u >= run->n_units || atomic_load(&run->failed))
            break;
        size_t q0 = u * run->unit_size, q1 = q0 + run->unit_size;
        if (q1 > run->Q->n)
            q1 = run->Q->n;
        fr_status st = FR_OK;
        if (run->msplit) {
            st = match_unit(w, u, &w->err);
        } else if (!run->exhaustive && run->phase == 1) {
            size_t g0 = u * run->res_block, g1 = g0 + run->res_block;
            st = bound_unit(w, g0, g1 < run->npool ? g1 : run->npool, &w->err);
        } else if (!run->exhaustive && run->phase == 7) {
            size_t g0 = u * run->res_block, g1 = g0 + run->res_block;
            st = rekey_unit(w, g0, g1 < run->npool ? g1 : run->npool, &w->err);
        } else if (!run->exhaustive && run->phase == 8) {
            st = cands_unit(w, q0, q1, &w->err);
        } else if (!run->exhaustive && run->phase == 2) {
            for (size_t q = q0; q < q1 && st == FR_OK; q++) {
                st = refine(w, q, run->cand[q], run->ncand[q], &w->err);
                free(run->cand[q]); /* spent */
                free(run->cdense[q]);
                free(run->cnoshow[q]);
                run->cand[q] = NULL;
                run->cdense[q] = NULL;
                run->cnoshow[q] = NULL;
            }
        } else if (!run->exhaustive)
            st = pruned_unit(w, q0, q1, &w->err);
        else if (run->phase == 0 && run->rmajor)
            st = run->rstage == 0 ? rlines_unit(w, q0, q1, &w->err) : rmajor_unit(w, u, &w->err);
        else if (run->phase == 0)
            st = exhaustive_unit(w, q0, q1, &w->err);
        else if (run->phase == 3) {
            size_t g0 = u * run->res_block, g1 = g0 + run->res_block;
            st = xexact_unit(w, g0, g1 < run->npool ? g1 : run->npool, &w->err);
        } else if (run->phase == 4)
            for (size_t q = q0; q < q1; q++)
                xcollect(w, q);
        else
            for (size_t q = q0; q < q1 && st == FR_OK; q++)
                st = refine(w, q, NULL, 0, &w->err);
        if (st != FR_OK) {
            pthread_mutex_lock(&run->mu);
            if (run->status == FR_OK) {
                run->status = st;
                run->err = w->err;
            }
            pthread_mutex_unlock(&run->mu);
            atomic_store(&run->failed, 1);
            break;
        }
    }
    return NULL;
}

static void worker_free(worker_t *w)
{
    fr_scorer_free(w->sc);
    free(w->qbuf);
    free(w->dbuf);
    free(w->D);
    free(w->ptile);
    free(w->gs);
    free(w->ioff);
    free(w->cand);
    free(w->acc);
    free(w->touched);
    free(w->seen);
    free(w->ref);
    free(w->lex);
    free(w->mass);
    free(w->ctxl);
    free(w->poff);
    free(w->cacc);
    free(w->ctouch);
    free(w->cseen);
    free(w->rt_seen);
    free(w->gbuf);
    fr_tile_scratch_free(&w->ts);
    free(w->rt_slot);
    free(w->rt_tw);
    free(w->rt_in);
    free(w->rt_head);
    free(w->rt_next);
    free(w->rt_term);
    free(w->rt_chunk);
    free(w->rt_touch);
    free(w->rt_w);
    free(w->rt_acc);
    free(w->ctxd);
    free(w->qdoc);
    free(w->rdoc);
    for (size_t i = 0; w->lh && i < 2 * w->run->unit_size; i++)
        fr_topk_free(&w->lh[i]);
    free(w->lh);
    fr_topk_free(&w->pl);
    for (size_t i = 0; w->ph1 && i < w->run->unit_size; i++)
        fr_topsel_free(&w->ph1[i]);
    free(w->ph1);
    free(w->metb);
    free(w->xmet);
    for (size_t q = 0; w->wheaps && q < w->run->Q->n; q++)
        fr_topk_free(&w->wheaps[q]);
    free(w->wheaps);
    free(w->lcur);
    free(w->xexact);
    free(w->xs);
    free(w->xev);
    free(w->xns);
    free(w->cvec);
    free(w->iwalk);
    free(w->iexact);
    free(w->pA);
    free(w->lexv);
    free(w->ppay);
    free(w->ppoff);
    fr_doc_words_free(&w->dw);
    free(w->pC);
    free(w->pkey);
    free(w->pslab);
    free(w->pan);
    free(w->bpan);
    free(w->bptr);
    free(w->gC);
    free(w->iptr);
    free(w->prbits);
    free(w->pmet);
    free(w->lacc);
    free(w->ltouched);
    fr_topk_free(&w->sh);
    fr_topk_free(&w->rk);
    free(w->rden);
    free(w->cnorm);
    free(w->bsort);
    free(w->bden);
    free(w->bhint);
    free(w->hscr);
    fr_topk_free(&w->kh);
}

static fr_status worker_init(worker_t *w, run_t *run, fr_error *err)
{
    memset(w, 0, sizeof *w);
    w->run = run;
    fr_status st = fr_scorer_new(run->m, &w->sc, err);
    if (st != FR_OK)
        return st;
    if (run->exhaustive)
        return FR_OK;
    size_t np = run->npool ? run->npool : 1;
    w->acc = calloc(np, sizeof *w->acc);
    w->touched = malloc(np * sizeof *w->touched);
    w->seen = calloc(np, 1);
    w->lh = run->staged ? calloc(2 * run->unit_size, sizeof *w->lh) : NULL;
    if (!w->acc || !w->touched || !w->seen || (run->staged && !w->lh))
        return fr_fail(err, FR_ENOMEM, "out of memory");
    for (size_t i = 0; run->staged && i < 2 * run->unit_size; i++)
        if (fr_topk_init(&w->lh[i], run->shortlist_m) != FR_OK)
            return fr_fail(err, FR_ENOMEM, "out of memory");
    if (run->staged) {
        w->ph1 = calloc(run->unit_size, sizeof *w->ph1);
        if (!w->ph1 || fr_topk_init(&w->pl, run->shortlist_m) != FR_OK)
            return fr_fail(err, FR_ENOMEM, "out of memory");
        for (size_t i = 0; i < run->unit_size; i++)
            if (fr_topsel_init(&w->ph1[i], run->proxy_pool) != FR_OK)
                return fr_fail(err, FR_ENOMEM, "out of memory");
    }
    if (fr_topk_init(&w->sh, run->prune_m) != FR_OK || fr_topk_init(&w->kh, run->shortlist_m) != FR_OK ||
        fr_topk_init(&w->rk, run->o->k) != FR_OK)
        return fr_fail(err, FR_ENOMEM, "out of memory");
    return FR_OK;
}

void fr_rank_result_free(fr_rank_result *r)
{
    free(r->start);
    free(r->hits);
    memset(r, 0, sizeof *r);
}

/* Compact run->hits (k per query) into out. */
static fr_status collect(run_t *run, fr_rank_result *out, fr_error *err)
{
    size_t nq = run->Q->n, tot = 0;
    out->n_query = nq;
    out->start = malloc((nq + 1) * sizeof *out->start);
    for (size_t q = 0; q < nq; q++)
        tot += run->count[q];
    out->hits = malloc((tot ? tot : 1) * sizeof *out->hits);
    if (!out->start || !out->hits)
        return fr_fail(err, FR_ENOMEM, "out of memory");
    size_t at = 0;
    for (size_t q = 0; q < nq; q++) {
        out->start[q] = at;
        memcpy(out->hits + at, run->hits + q * run->o->k, run->count[q] * sizeof *out->hits);
        at += run->count[q];
    }
    out->start[nq] = at;
    return FR_OK;
}

/* The bulk lexical structures of résumé part R (exhaustive runs): chunk and résumé inverted
 * indexes, chunk → résumé. */
/* A range of résumés' chunk vectors made into a part's buffer (part_begin), on a thread each. */
struct vec_job {
    const fr_docset *R;
    const fr_model *m;
    float *buf;
    size_t r0, r1;
};

static void *make_vecs(void *arg)
{
    struct vec_job *j = arg;
    for (size_t r = j->r0; r < j->r1; r++)
        fr_docset_chunk_vecs(j->R, r, j->m, j->buf + (size_t)j->R->unit_start.v[r] * j->R->dim);
    return NULL;
}

/* *made: R (a set that keeps no chunk vectors) with its vectors made into buf (room for all its
 * chunks), on `threads` threads — a shallow copy, read only, never freed as a set. */
static void made_set(const fr_docset *R, const fr_model *m, int threads, float *buf, fr_docset *made)
{
    struct vec_job jobs[8];
    size_t nj = threads < 1 ? 1 : threads > 8 ? 8 : (size_t)threads;
    for (size_t i = 0; i < nj; i++)
        jobs[i] = (struct vec_job){R, m, buf, R->n * i / nj, R->n * (i + 1) / nj};
    fr_run_parts(jobs, nj, sizeof *jobs, make_vecs);
    *made = *R;
    made->unit_vec.data = (char *)buf;
    made->unit_vec.len = R->n_units * R->dim * sizeof *buf;
    made->unit_vec.cap = 0;
    made->lazy_units = 0;
}

/* One of part_begin's indexes of R: 0 its chunks' rows transposed, 1 its documents' rows (when it
 * keeps none), 2 its lines by word. */
struct index_job {
    const fr_docset *R;
    run_t *run;
    int which;
    fr_status st;
    fr_error err;
};

static void *build_index(void *arg)
{
    struct index_job *j = arg;
    const fr_docset *R = j->R;
    if (j->which == 0 && fr_csr_transpose(&R->unit_rows, &j->run->cinv) != FR_OK)
        j->st = fr_fail(&j->err, FR_ENOMEM, "out of memory for the inverted indexes");
    else if (j->which == 1 && !R->has_inv && fr_csr_transpose(&R->doc_rows, &j->run->rinv_own) != FR_OK)
        j->st = fr_fail(&j->err, FR_ENOMEM, "out of memory for the inverted indexes");
    else if (j->which == 2)
        j->st = fr_word_index_build(&R->unit_words, R->unit_start.v, R->n, &j->run->rwix, &j->err);
    return NULL;
}

/* The pool parts' word indexes (rank's pruned path), each part verified first: parts t, t + nt,
 * ... on thread t of nt (at 100k résumés, ~100 parts: 0.6-0.9 s on one thread, the other
 * waiting).  Each job stops at its first failure; the run reports the failure of the lowest
 * part, as building them in order would. */
struct wix_job {
    run_t *run;
    size_t t, nt, bad;
    fr_status st;
    fr_error err;
};

static void *wix_part(void *arg)
{
    struct wix_job *j = arg;
    const run_t *run = j->run;
    fr_wix_scratch scr = {0}; /* one for the job's parts */
    for (size_t i = j->t; i < run->npp && j->st == FR_OK; i += j->nt) {
        const fr_docset *S = run->pp[i];
        j->st = fr_docset_check_all(S, &j->err); /* about to read every line's words */
        if (j->st == FR_OK)
            j->st = fr_word_index_build_in(&S->unit_words, S->unit_start.v, S->n, &scr, &run->wix[i], &j->err);
        j->bad = i;
    }
    fr_wix_scratch_free(&scr);
    return NULL;
}

static fr_status word_indexes(run_t *run, fr_error *err)
{
    struct wix_job jobs[8];
    size_t nt = run->o->threads < 1 ? 1 : run->o->threads > 8 ? 8 : (size_t)run->o->threads;
    nt = nt < run->npp ? nt : run->npp ? run->npp : 1;
    for (size_t t = 0; t < nt; t++)
        jobs[t] = (struct wix_job){run, t, nt, 0, FR_OK, {0}};
    fr_run_parts(jobs, nt, sizeof *jobs, wix_part);
    const struct wix_job *first = NULL;
    for (size_t t = 0; t < nt; t++)
        if (jobs[t].st != FR_OK && (!first || jobs[t].bad < first->bad))
            first = &jobs[t];
    if (!first)
        return FR_OK;
    if (err)
        *err = first->err;
    return first->st;
}

static fr_status part_begin(run_t *run, const fr_docset *R, size_t base, fr_error *err)
{
    run->R = R;
    run->rb = base;
    fr_status st = fr_docset_check_all(R, err);
    if (st != FR_OK)
        return st;
    /* rank over a part that keeps no chunk vectors: résumé blocks as the units (rmajor_unit) */
    run->rmajor = run->exhaustive && !run->o->per_resume && R->lazy_units;
    run->rmajor_any |= run->rmajor;
    if (run->rmajor) {
        size_t nw = (R->n + 63) / 64, nu = run->P->n_units;
        if (nu * nw + 1 > run->xall_cap) {
            free(run->xmet_all);
            run->xall_cap = 0;
            if (!(run->xmet_all = malloc((nu * nw + 1) * sizeof *run->xmet_all)))
                return fr_fail(err, FR_ENOMEM, "out of memory for the lines' rows");
            run->xall_cap = nu * nw + 1;
        }
        if (nu + 1 > run->xall_ecap) {
            free(run->xexact_all);
            run->xall_ecap = 0;
            if (!(run->xexact_all = malloc(nu + 1)))
                return fr_fail(err, FR_ENOMEM, "out of memory for the lines' rows");
            run->xall_ecap = nu + 1;
        }
    } else if (R->lazy_units && run->n_units > 1) {
        /* a part that keeps no chunk vectors (match's): made once for all the query blocks, each
         * of which reads every chunk */
        size_t need = R->n_units * R->dim;
        if (need > run->rvcap) {
            free(run->rvec);
            run->rvcap = 0;
            if (!(run->rvec = malloc((need + 1) * sizeof *run->rvec)))
                return fr_fail(err, FR_ENOMEM, "out of memory for the chunk vectors");
            run->rvcap = need;
        }
        made_set(R, run->m, run->o->threads, run->rvec, &run->rmade);
        run->R = R = &run->rmade;
    }
    run->rinv = R->has_inv ? &R->doc_inv : &run->rinv_own;
    run->res_of = malloc((R->n_units + 1) * sizeof *run->res_of);
    if (!run->res_of)
        return fr_fail(err, FR_ENOMEM, "out of memory for the inverted indexes");
    for (size_t r = 0; r < R->n; r++)
        for (uint32_t c = R->unit_start.v[r]; c < R->unit_start.v[r + 1]; c++)
            run->res_of[c] = (uint32_t)r;
    /* the indexes are independent: built side by side (one thread, the others waiting, was a
     * twentieth of the phase's wall time on 2 threads) */
    struct index_job jobs[3] = {{R, run, 0, FR_OK, {0}}, {R, run, 1, FR_OK, {0}}, {R, run, 2, FR_OK, {0}}};
    fr_run_parts(jobs, run->o->threads > 1 ? 3 : 1, sizeof *jobs, build_index);
    if (run->o->threads <= 1)
        for (int i = 1; i < 3; i++)
            build_index(&jobs[i]);
    for (int i = 0; i < 3; i++)
        if (jobs[i].st != FR_OK) {
            if (err)
                *err = jobs[i].err;
            return jobs[i].st;
        }
    return FR_OK;
}

static void part_end(run_t *run)
{
    fr_csr_free(&run->cinv);
    fr_csr_free(&run->rinv_own);
    free(run->res_of);
    run->res_of = NULL;
    run->rinv = NULL;
    fr_word_index_free(&run->rwix);
}

/* Run the workers over every query block once. */
static fr_status run_phase(run_t *run, worker_t *ws, int nt, fr_error *err)
{
    atomic_store(&run->next, 0);
    fr_run_parts(ws, (size_t)nt, sizeof *ws, worker_main);
    if (run->status != FR_OK) {
        if (err) /* optional, as everywhere */
            *err = run->err;
        return run->status;
    }
    return FR_OK;
}

/* match: each query block's phases — 4 and 5 its lists, 6 its candidates, 3 their bounds, 2 the
 * refinement — each in units that both threads take (a single query's were one thread's). */
/* The pairs ids[q][0..n[q]) grouped by résumé (by_res_*), a phase over the pool's résumé blocks
 * (res_phase), then one over the query blocks (q_phase, n_qunits of them). */
static fr_status by_resume_then_query(run_t *run, worker_t *ws, int nt, uint32_t *const *ids, const size_t *n,
                                      int res_phase, int q_phase, size_t n_qunits, fr_error *err)
{
    fr_status st = group_pairs(run, ids, n, NULL, 0, &run->by_res_start, &run->by_res_q, &run->by_res_j, err);
    if (st == FR_OK) {
        run->phase = res_phase;
        run->n_units = (run->npool + run->res_block - 1) / run->res_block;
        st = run_phase(run, ws, nt, err);
    }
    if (st == FR_OK) {
        run->phase = q_phase;
        run->n_units = n_qunits;
        st = run_phase(run, ws, nt, err);
    }
    return st;
}

static fr_status match_run(run_t *run, worker_t *ws, int nt, fr_error *err)
{
    static const int phases[] = {4, 5, 6, 3, 2};
    size_t nq = run->Q->n;
    for (size_t b0 = 0; b0 < nq; b0 += run->unit_size) {
        size_t b1 = b0 + run->unit_size < nq ? b0 + run->unit_size : nq, nb = b1 - b0;
        run->mb0 = b0;
        run->mb1 = b1;
        for (size_t k = 0; k < sizeof phases / sizeof *phases; k++) {
            run->phase = phases[k];
            run->n_units = run->phase == 4 ? 2 * nb + 1 : run->phase == 5 ? 2 * nb
                         : run->phase == 3 ? run->munit[b1] - run->munit[b0] : nb;
            fr_status st = run_phase(run, ws, nt, err);
            if (st != FR_OK)
                return st;
            for (size_t q = b0; run->phase == 6 && q < b1; q++) {
                size_t nc = run->ncand[q];
                run->munit[q + 1] = run->munit[q] + (nc > run->o->k ? (nc + MCHUNK - 1) / MCHUNK : 0);
            }
        }
    }
    return FR_OK;
}

fr_status fr_rank(const fr_docset *P, const fr_docset *R, const fr_model *m, const fr_rank_opts *o,
                  fr_rank_result *out, fr_error *err)
{
    return fr_rank_parts(P, &R, 1, m, o, out, err);
}

fr_status fr_rank_parts(const fr_docset *P, const fr_docset *const *R, size_t n_parts, const fr_model *m,
                        const fr_rank_opts *o, fr_rank_result *out, fr_error *err)
{
    memset(out, 0, sizeof *out);
    fr_rank_opts capped = *o; /* k is capped at the pool below: `-k 100000000` sizes nothing by it */
    o = &capped;
    if (n_parts == 0 || (o->per_resume && n_parts != 1))
        return fr_fail(err, FR_EINVAL, "fr_rank: %s", n_parts ? "match takes its résumés as one set" : "no résumés");
    if (P->kind != FR_SET_POSTINGS)
        return fr_fail(err, FR_EINVAL, "fr_rank: postings and résumés swapped");
    if (strcmp(P->model_hash, fr_model_hash(m)) != 0)
        return fr_fail(err, FR_EINVAL, "documents were prepared with another model");
    for (size_t i = 0; i < n_parts; i++) {
        if (R[i]->kind != FR_SET_RESUMES)
            return fr_fail(err, FR_EINVAL, "fr_rank: postings and résumés swapped");
        if (strcmp(R[i]->model_hash, fr_model_hash(m)) != 0)
            return fr_fail(err, FR_EINVAL, "documents were prepared with another model");
    }
    if (!fr_model_dim(m))
        return fr_fail(err, FR_EVERSION, "model %s has no LSA projection: fit it with --dim > 0 to score requirements "
                       "with it (--mode cosine needs none)", fr_model_hash(m));
    double t_start = fr_now();
    run_t run;
    memset(&run, 0, sizeof run);
    run.P = P;
    run.m = m;
    run.o = o;
    run.rp = R;
    run.nrp = n_parts;
    run.rbase = malloc((n_parts + 1) * sizeof *run.rbase);
    if (!run.rbase)
        return fr_fail(err, FR_ENOMEM, "out of memory");
    run.rbase[0] = 0;
    for (size_t i = 0; i < n_parts; i++)
        run.rbase[i + 1] = run.rbase[i] + R[i]->n;
    if (run.rbase[n_parts] > UINT32_MAX) {
        free(run.rbase);
        return fr_fail(err, FR_EINVAL, "more than 2^32 - 1 résumés in one ranking");
    }
    run.Q = o->per_resume ? R[0] : P;
    if (o->per_resume) {
        run.pp = &run.P;
        run.npp = 1;
        run.pbase1[1] = P->n;
        run.pbase = run.pbase1;
    } else {
        run.pp = R;
        run.npp = n_parts;
        run.pbase = run.rbase;
    }
    run.npool = run.pbase[run.npp];
    if (capped.k > run.npool)
        capped.k = run.npool;
    run.heap_k = o->k + o->slack;
    /* rank: every candidate of the five lists is refined (each judged only if its bound can still
     * make the top k): the proxy's cut to a few lost more of the true top k than the lists do
     * (393 Google postings x 2,484 LiveCareer résumés, --shortlist 250: recall@10 0.947 cut to 50,
     * 0.996 uncut, in less time) and cost as much as refining them.  So does match now: its
     * cut to 50 lost 0.06 of the exhaustive top 10 at 100k postings, its lists 0.02 (issue 18);
     * the candidates' bounds come from one sgemm a group (match_bounds). */
    if (o->shortlist_m) /* at least k: a list shorter than k could leave a query short of results
                           where the pool has them (the proxy's list holds every résumé in reach) */
        run.shortlist_m = o->shortlist_m > o->k ? o->shortlist_m : o->k;
    else if (o->prune_m)
        run.shortlist_m = 20 * o->prune_m > 1000 ? 20 * o->prune_m : 1000;
    else if (o->per_resume) /* 48 + 48 LiveCareer résumés × 100k postings (two sets, bench/RESULTS.md):
                               recall@10 0.994 / 0.998 with 2,000 (lexical lists 1,000 and 500) */
        run.shortlist_m = 200 * o->k > 2000 ? 200 * o->k : 2000;
    else
        run.shortlist_m = 100 * o->k > 1000 ? 100 * o->k : 1000;
    run.prune_m = o->prune_m ? o->prune_m : 5 * run.shortlist_m;
    /* The proxy's first list, re-keyed with the records' facts decided (phase 7): 3 % of the pool,
     * between one and three shortlists.  Measured (bench/RESULTS.md, eleventh pass; generated
     * pools, seed 2): at lists of 1 % of the pool, re-keying 3 % found 0.972 of the exhaustive top
     * 10 where the list alone found 0.932 (20k × 1k), 0.985 for 0.970 at 100k × 1k; where the
     * lists already cover more (LiveCareer × 7: 17,388 résumés, lists of 6 %) it found nothing more
     * (0.9952 both) at a fifth more time — there it is not run. */
    {
        size_t pool3 = run.npool * 3 / 100, lo = run.shortlist_m, hi = 3 * run.shortlist_m;
        run.proxy_pool = pool3 < lo ? lo : pool3 > hi ? hi : pool3;
        run.rekey = run.proxy_pool > run.shortlist_m;
    }
    /* The shortlist lists would cover most of a small pool, and their proxy scoring costs more per
     * pair than the tiles' bulk path (measured: 393 postings × 2,484 résumés, 2 threads: 2.8 s
     * pruned vs 1.4 s exhaustive): below 4 shortlists, score everything — exact and cheaper. */
    run.exhaustive = o->exhaustive || (!o->prune_small_pools && run.npool <= 4 * run.shortlist_m);
    out->pruned = !run.exhaustive;
    /* rank's pruned path: 64 postings a block — each block reads the whole pool's vectors for the
     * proxy's products, laying each 32 of them out as a panel (fr_dense_gemm_nt): the fewer
     * blocks, the fewer times (100k × 1k: phase 0 9.3–9.7 → 8.7–9.0 s against 32).  Its products
     * do not depend on the block's shape, as an sgemm's did (32 was chosen for that). */
    run.unit_size = run.exhaustive ? (o->per_resume ? o->resume_block : o->posting_block) : o->per_resume ? 8 : 64;
    if (run.unit_size == 0)
        run.unit_size = 1;
    size_t nq = run.Q->n;
    run.n_units = (nq + run.unit_size - 1) / run.unit_size;
    if (run.exhaustive && run.n_units > 0) {
        /* an even number of blocks, of at most the size asked, as even as they can be: a block is
         * a thread's whole share of a part (its heaps are its own), and 100 postings as blocks of
         * 64 and 36 left one of two threads idle a third of the phase.  Even, not a multiple of
         * the threads: the tiles' shapes, and so their products' last bits, never depend on them */
        size_t nb = (run.n_units + 1) / 2 * 2;
        nb = nb < nq ? nb : nq;
        run.unit_size = (nq + nb - 1) / nb;
        run.n_units = (nq + run.unit_size - 1) / run.unit_size;
    }
    atomic_init(&run.next, 0);
    atomic_init(&run.failed, 0);
    pthread_mutex_init(&run.mu, NULL);
    fr_status st = FR_OK;
    run.heaps = calloc(nq ? nq : 1, sizeof *run.heaps);
    run.hits = malloc((nq * o->k + 1) * sizeof *run.hits);
    run.count = calloc(nq ? nq : 1, sizeof *run.count);
    run.inv_own = calloc(run.npp, sizeof *run.inv_own);
    run.pinv = calloc(run.npp, sizeof *run.pinv);
    if (!run.heaps || !run.hits || !run.count || !run.inv_own || !run.pinv)
        st = fr_fail(err, FR_ENOMEM, "out of memory");
    for (size_t q = 0; q < nq && st == FR_OK; q++)
        if (fr_topk_init(&run.heaps[q], o->k && run.exhaustive ? run.heap_k : 0) != FR_OK)
            st = fr_fail(err, FR_ENOMEM, "out of memory");
    if (st == FR_OK && run.exhaustive)
        st = fr_docset_check_all(P, err);
    if (st == FR_OK && run.exhaustive) {
        run.idf_total = malloc((P->n_units + 1) * sizeof *run.idf_total);
        if (!run.idf_total)
            st = fr_fail(err, FR_ENOMEM, "out of memory");
        for (size_t u = 0; st == FR_OK && u < P->n_units; u++) {
            double tot = 0;
            for (uint32_t e = P->unit_rows.ptr.v[u]; e < P->unit_rows.ptr.v[u + 1]; e++)
                tot += fr_model_idf(m, P->unit_rows.col.v[e]);
            run.idf_total[u] = tot > 0 ? tot : 1;
        }
    }
    /* pruning: each pool part's inverted index (an index file stores it; else built here) */
    for (size_t i = 0; st == FR_OK && !run.exhaustive && i < run.npp; i++) {
        const fr_docset *S = run.pp[i];
        if ((!S->has_inv) || (o->per_resume && !P->has_req_inv))
            st = fr_docset_check_all(S, err); /* about to transpose its rows */
        if (st == FR_OK && !S->has_inv && fr_csr_transpose(&S->doc_rows, &run.inv_own[i]) != FR_OK)
            st = fr_fail(err, FR_ENOMEM, "out of memory for the inverted index");
        run.pinv[i] = S->has_inv ? &S->doc_inv : &run.inv_own[i];
    }
    run.preq_inv = P->has_req_inv ? &P->req_inv : &run.preq_inv_own;
    if (st == FR_OK && !run.exhaustive && o->per_resume && !P->has_req_inv &&
        fr_csr_transpose(&P->req_rows, &run.preq_inv_own) != FR_OK)
        st = fr_fail(err, FR_ENOMEM, "out of memory");
    /* rank's pruned path is staged (see run_t); match scores one résumé: nothing to share */
    run.staged = !run.exhaustive && !o->per_resume;
    run.bf16 = run.staged && !o->float_bounds && fr_bf16_available();
    out->bf16_bounds = run.bf16;
    run.msplit = !run.exhaustive && o->per_resume;
    if (!run.exhaustive && o->per_resume) { /* match: a mapped index is read at random */
        fr_index_advise_query(P);
        run.cold = fr_index_cold(P);
    }
    run.res_block = 64;
    if (st == FR_OK && run.staged) /* rank: a thousand postings walk the same long lists */
        st = dense_lists(&run, &P->req_rows, err);
    if (st == FR_OK && run.staged) {
        run.wix = calloc(run.npp ? run.npp : 1, sizeof *run.wix);
        if (!run.wix)
            st = fr_fail(err, FR_ENOMEM, "out of memory");
        if (st == FR_OK)
            st = word_indexes(&run, err);
    }
    if (st == FR_OK && run.msplit) {
        size_t nb = nq < run.unit_size ? nq : run.unit_size, np = run.npool ? run.npool : 1;
        /* lists a half (whole texts) and a quarter (requirements) of the context-and-skills one */
        size_t m_half = run.shortlist_m / 2 > o->k ? run.shortlist_m / 2 : o->k,
               m_quarter = run.shortlist_m / 4 > o->k ? run.shortlist_m / 4 : o->k;
        run.mkdd = malloc((nb * np + 1) * sizeof *run.mkdd);
        run.mkld = malloc((nb * np + 1) * sizeof *run.mkld);
        run.mlh = calloc(2 * nb + 1, sizeof *run.mlh);
        run.mkh = calloc(2 * nb + 1, sizeof *run.mkh);
        if (!run.mkdd || !run.mkld || !run.mlh || !run.mkh)
            st = fr_fail(err, FR_ENOMEM, "out of memory");
        for (size_t i = 0; st == FR_OK && i < 2 * nb; i++)
            if (fr_topk_init(&run.mlh[i], i % 2 ? m_quarter : m_half) != FR_OK ||
                fr_topk_init(&run.mkh[i], run.shortlist_m) != FR_OK)
                st = fr_fail(err, FR_ENOMEM, "out of memory");
    }
    if (st == FR_OK && run.msplit) {
        run.moff = calloc(nq ? nq : 1, sizeof *run.moff);
        run.mden = calloc(nq ? nq : 1, sizeof *run.mden);
        run.mhint = calloc(nq ? nq : 1, sizeof *run.mhint);
        run.msort = calloc(nq ? nq : 1, sizeof *run.msort);
        run.munit = calloc(nq + 1, sizeof *run.munit);
        if (!run.moff || !run.mden || !run.mhint || !run.msort || !run.munit)
            st = fr_fail(err, FR_ENOMEM, "out of memory");
    }
    if (st == FR_OK && (run.staged || run.msplit)) {
        run.cand = calloc(nq ? nq : 1, sizeof *run.cand);
        run.ncand = calloc(nq ? nq : 1, sizeof *run.ncand);
        run.cdense = calloc(nq ? nq : 1, sizeof *run.cdense);
        run.qnorm = calloc(nq ? nq : 1, sizeof *run.qnorm);
        run.qbf = calloc(nq ? nq : 1, sizeof *run.qbf);
        run.cnoshow = calloc(nq ? nq : 1, sizeof *run.cnoshow);
        run.cbound = calloc(nq ? nq : 1, sizeof *run.cbound);
        if (!run.cand || !run.ncand || !run.cdense || !run.qnorm || !run.qbf || !run.cnoshow || !run.cbound)
            st = fr_fail(err, FR_ENOMEM, "out of memory");
    }
    if (st == FR_OK && run.staged) {
        run.e_id = calloc(nq ? nq : 1, sizeof *run.e_id);
        run.e_shown = calloc(nq ? nq : 1, sizeof *run.e_shown);
        run.e_key = calloc(nq ? nq : 1, sizeof *run.e_key);
        run.e_prod = calloc(nq ? nq : 1, sizeof *run.e_prod);
        run.e_flag = calloc(nq ? nq : 1, sizeof *run.e_flag);
        run.e_n = calloc(nq ? nq : 1, sizeof *run.e_n);
        run.e_exact = calloc(nq ? nq : 1, sizeof *run.e_exact);
        run.pitems = malloc((run.P->n_units + 1) * sizeof *run.pitems);
        run.pposts = malloc((nq ? nq : 1) * sizeof *run.pposts);
        run.ent_idf = malloc(((size_t)run.P->unit_rows.ptr.v[run.P->n_units] + 1) * sizeof *run.ent_idf);
        run.item_idf = malloc((run.P->n_units + 1) * sizeof *run.item_idf);
        if (!run.e_id || !run.e_shown || !run.e_key || !run.e_prod || !run.e_flag || !run.e_n || !run.e_exact ||
            !run.pitems || !run.pposts || !run.ent_idf || !run.item_idf)
            st = fr_fail(err, FR_ENOMEM, "out of memory");
    }
    int nt = o->threads < 1 ? 1 : o->threads;
    if ((size_t)nt > run.n_units && !run.msplit) /* (match: phase 3 has a unit per MCHUNK candidates) */
        nt = run.n_units ? (int)run.n_units : 1;
    worker_t *ws = calloc((size_t)nt, sizeof *ws);
    if (st == FR_OK && !ws)
        st = fr_fail(err, FR_ENOMEM, "out of memory");
    int started = 0;
    for (int i = 0; i < nt && st == FR_OK; i++) {
        st = worker_init(&ws[i], &run, err);
        started = i + 1;
    }
    double t_score = fr_now();
    if (st == FR_OK && o->k) {
        /* workers take query blocks from a shared counter: one that runs late finds none left */
        if (run.msplit) {
            st = match_run(&run, ws, nt, err);
        } else if (!run.exhaustive) {
            size_t n_query_units = run.n_units;
            st = run_phase(&run, ws, nt, err);
            if (st == FR_OK && run.rekey)
                st = group_pairs(&run, run.e_id, run.e_n, run.e_flag, E_FIRST, &run.by_e_start, &run.by_e_q,
                                 &run.by_e_j, err);
            if (st == FR_OK && run.rekey) { /* (else every entry is taken) */
                run.phase = 7;
                run.n_units = (run.npool + run.res_block - 1) / run.res_block;
                st = run_phase(&run, ws, nt, err);
            }
            free(run.by_e_start);
            free(run.by_e_q);
            free(run.by_e_j);
            run.by_e_start = run.by_e_q = run.by_e_j = NULL;
            if (st == FR_OK) {
                run.phase = 8;
                run.n_units = n_query_units;
                st = run_phase(&run, ws, nt, err);
            }
            if (st == FR_OK)
                st = by_resume_then_query(&run, ws, nt, run.cand, run.ncand, 1, 2, n_query_units, err);
        } else {
            /* one résumé part at a time (its inverted indexes live only while it is scored), every
             * pair into the queries' heaps; then each heap refined */
            run.n_qunits = run.n_units;
            for (size_t i = 0; i < n_parts && st == FR_OK; i++) {
                st = part_begin(&run, R[i], run.rbase[i], err);
                if (st == FR_OK && run.rmajor) {
                    run.rstage = 0; /* the lines, query block by query block */
                    st = run_phase(&run, ws, nt, err);
                    run.rstage = 1; /* the tiles, résumé block by résumé block */
                    size_t bs = o->resume_block ? o->resume_block : 1;
                    run.n_units = (R[i]->n + bs - 1) / bs;
                    if (st == FR_OK)
                        st = run_phase(&run, ws, nt, err);
                    run.n_units = run.n_qunits;
                } else if (st == FR_OK)
                    st = run_phase(&run, ws, nt, err);
                part_end(&run);
            }
            /* the workers' own heaps (rmajor) into the queries' */
            for (int t = 0; t < nt && st == FR_OK; t++)
                for (size_t q = 0; ws[t].wheaps && q < nq; q++)
                    for (size_t x = 0; x < ws[t].wheaps[q].n; x++)
                        fr_topk_push(&run.heaps[q], ws[t].wheaps[q].val[x], ws[t].wheaps[q].id[x]);
            if (st == FR_OK && run.rmajor_any) {
                /* the pairs every heap kept judged whole, résumé by résumé (phase 3: each one's
                 * chunk vectors made once for its pairs — refined posting by posting, they were
                 * made again for every pair, bound and judged), then each query's k best (4) */
                run.xid = calloc(nq ? nq : 1, sizeof *run.xid);
                run.xref = calloc(nq ? nq : 1, sizeof *run.xref);
                run.xn = calloc(nq ? nq : 1, sizeof *run.xn);
                if (!run.xid || !run.xref || !run.xn)
                    st = fr_fail(err, FR_ENOMEM, "out of memory");
                for (size_t q = 0; q < nq && st == FR_OK; q++) {
                    size_t n = fr_topk_sort(&run.heaps[q]);
                    run.xid[q] = malloc((n ? n : 1) * sizeof **run.xid);
                    run.xref[q] = malloc((n ? n : 1) * sizeof **run.xref);
                    if (!run.xid[q] || !run.xref[q])
                        st = fr_fail(err, FR_ENOMEM, "out of memory");
                    else if (n)
                        memcpy(run.xid[q], run.heaps[q].id, n * sizeof **run.xid);
                    run.xn[q] = n;
                }
                if (st == FR_OK)
                    st = by_resume_then_query(&run, ws, nt, run.xid, run.xn, 3, 4, run.n_qunits, err);
            } else if (st == FR_OK) {
                run.phase = 1;
                st = run_phase(&run, ws, nt, err);
            }
        }
    }
    if (st == FR_OK)
        st = collect(&run, out, err);
    for (int i = 0; i < started; i++) {
        out->tile_flops += ws[i].flops;
        out->tile_sec += ws[i].sec;
        out->candidates += ws[i].ncand;
        out->refined += ws[i].nref;
        out->bounded += ws[i].nbound;
        out->rekeyed += ws[i].nrekey;
        out->lex_entries += ws[i].nlex;
        out->refine_sec += ws[i].ref_sec;
        worker_free(&ws[i]);
    }
    out->prune_sec = t_score - t_start;
    out->score_sec = fr_now() - t_score;
    free(ws);
    for (size_t q = 0; run.heaps && q < nq; q++)
        fr_topk_free(&run.heaps[q]);
    free(run.heaps);
    free(run.xmet_all);
    free(run.xexact_all);
    free(run.hits);
    free(run.count);
    for (size_t q = 0; q < nq; q++) {
        if (run.xid)
            free(run.xid[q]);
        if (run.xref)
            free(run.xref[q]);
        if (run.moff)
            free(run.moff[q]);
        if (run.mden)
            free(run.mden[q]);
        if (run.mhint)
            free(run.mhint[q]);
        if (run.msort)
            free(run.msort[q]);
        if (run.cand)
            free(run.cand[q]);
        if (run.cdense)
            free(run.cdense[q]);
        if (run.qnorm)
            free(run.qnorm[q]);
        if (run.qbf)
            free(run.qbf[q]);
        if (run.cnoshow)
            free(run.cnoshow[q]);
        if (run.cbound)
            free(run.cbound[q]);
        entries_free(&run, q);
    }
    free(run.e_prod);
    free(run.e_id);
    free(run.e_shown);
    free(run.e_key);
    free(run.e_flag);
    free(run.e_n);
    free(run.e_exact);
    free(run.pitems);
    free(run.ent_idf);
    free(run.item_idf);
    free(run.pposts);
    free(run.rvec);
    for (size_t i = 0; i < 2 * (nq < run.unit_size ? nq : run.unit_size); i++) {
        if (run.mlh)
            fr_topk_free(&run.mlh[i]);
        if (run.mkh)
            fr_topk_free(&run.mkh[i]);
    }
    free(run.mlh);
    free(run.mkh);
    free(run.mkdd);
    free(run.mkld);
    free(run.moff);
    free(run.mden);
    free(run.mhint);
    free(run.msort);
    free(run.munit);
    free(run.cand);
    free(run.ncand);
    free(run.cdense);
    free(run.qnorm);
    free(run.qbf);
    free(run.cnoshow);
    free(run.cbound);
    for (size_t i = 0; run.wix && i < run.npp; i++)
        fr_word_index_free(&run.wix[i]);
    free(run.wix);
    free(run.xid);
    free(run.xref);
    free(run.xn);
    free(run.by_res_start);
    free(run.by_res_q);
    free(run.by_res_j);
    for (size_t i = 0; run.inv_own && i < run.npp; i++)
        fr_csr_free(&run.inv_own[i]);
    free(run.inv_own);
    free(run.pinv);
    for (size_t i = 0; i < run.npp; i++) {
        if (run.ldense_at)
            free(run.ldense_at[i]);
        if (run.ldense)
            free(run.ldense[i]);
    }
    free(run.ldense_at);
    free(run.ldense);
    fr_csr_free(&run.preq_inv_own);
    part_end(&run);
    free(run.idf_total);
    free(run.rbase);
    pthread_mutex_destroy(&run.mu);
    if (st != FR_OK)
        fr_rank_result_free(out);
    return st;
}

fr_status fr_rank_cosine(const fr_docset *P, const fr_docset *R, const fr_rank_opts *o, fr_rank_result *out,
                         fr_error *err)
{
    memset(out, 0, sizeof *out);
    const fr_docset *Q = o->per_resume ? R : P, *pool = o->per_resume ? P : R;
    fr_rank_opts capped = *o; /* no more hits than the pool holds, whatever -k says */
    if (capped.k > pool->n)
        capped.k = pool->n;
    o = &capped;
    size_t nq = Q->n;
    fr_csr_rows inv;
    fr_status cs = fr_docset_check_all(Q, err);
    if (cs == FR_OK)
        cs = fr_docset_check_all(pool, err);
    if (cs != FR_OK)
        return cs;
    fr_topk *tops = calloc(nq ? nq : 1, sizeof *tops);
    out->start = malloc((nq + 1) * sizeof *out->start);
    out->hits = malloc((nq * o->k + 1) * sizeof *out->hits);
    if (!tops || !out->start || !out->hits || fr_csr_transpose(&pool->doc_rows, &inv) != FR_OK) {
        free(tops);
        fr_rank_result_free(out);
        return fr_fail(err, FR_ENOMEM, "out of memory");
    }
    fr_status st = FR_OK;
    for (size_t q = 0; q < nq && st == FR_OK; q++)
        if (fr_topk_init(&tops[q], o->k) != FR_OK)
            st = fr_fail(err, FR_ENOMEM, "out of memory");
    if (st == FR_OK)
        st = fr_sparse_topk(&Q->doc_rows, &inv, pool->n, tops, err);
    size_t at = 0;
    out->n_query = nq;
    for (size_t q = 0; q < nq && st == FR_OK; q++) {
        out->start[q] = at;
        size_t n = fr_topk_sort(&tops[q]);
        for (size_t i = 0; i < n; i++) {
            fr_hit *h = &out->hits[at++];
            memset(h, 0, sizeof *h);
            h->posting = o->per_resume ? tops[q].id[i] : (uint32_t)q;
            h->resume = o->per_resume ? (uint32_t)q : tops[q].id[i];
            h->ev.score = h->ev.ctx_lex = tops[q].val[i];
            h->ev.gate = 1;
        }
    }
    out->start[nq] = at;
    for (size_t q = 0; q < nq; q++)
        fr_topk_free(&tops[q]);
    free(tops);
    fr_csr_free(&inv);
    if (st != FR_OK)
        fr_rank_result_free(out);
    return st;
}
