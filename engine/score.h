/* engine/score.h — one (posting, résumé) pair: per-item coverage, statuses, the score, the gate.
 *
 * For item i of posting p and résumé r (docs/SCORING.md has the reasoning):
 *   lex(i)   = max over r's chunks of the TF-IDF cosine ⟨item, chunk⟩ (sparse, exact)
 *   dense(i) = max over r's chunks of ⟨P item, P chunk⟩, the LSA vectors (clamped at 0)
 *   mass(i)  = share of the item's IDF mass (Σ idf of its distinct terms) present anywhere in r
 *   skill(i) = share of the item's lexicon skills r mentions (any_of items: 1 if any); absent
 *              when the item names none
 *   text     = β·lex + (1 − β)·dense
 *   coverage = α·text + (1 − α)·max(mass, skill)
 * Statuses are the verdicts of the item's kind (engine/verdict.h: education, enrolment, years,
 * language, credential, soft, logistics, skill, free-text domain); an item with neither skills nor
 * content words is met (coverage ≥ t_met), partial (≥ t_partial) or missing.
 *   context  = β_ctx·cos(p, r) + (1 − β_ctx)·⟨P p, P r⟩   (whole documents)
 *   skills   = share of the skills the posting asks for (lexicon skills in its requirements,
 *              duties and skill list; in its whole text when no requirement was recognised; not
 *              its spoken languages and soft skills) that r names anywhere
 *   score    = form 1 (geometric, the default since issue 15):
 *                exp(Σ_k w_k·ln(floor + (1 − floor)·v_k) / Σ_k w_k) over k = context, required,
 *                preferred, skills, where v = context, and for the others the mean coverage over
 *                items (skills) with `shrink` pseudo-items of coverage `prior` added — so every part
 *                is present, a posting of few or no requirements cannot reach full coverage on one
 *                generic match, and a résumé of another field (low context) is not lifted by
 *                requirements nearly everyone meets;
 *              form 0 (arithmetic, issue 7): (w_req·mean required coverage + w_pref·mean preferred
 *                coverage + w_ctx·context + w_skill·skills) / (sum of the weights of the parts present)
 *   gate     = no required item is missing.
 *
 * The dense maxima may come from sgemm tiles (fast, for choosing candidates) or be computed here
 * by a fixed-order kernel (canonical): reported scores are always canonical, so rank, match and
 * explain give the same pair the same bits whatever the block shapes, threads or BLAS kernel. */
#ifndef FR_ENGINE_SCORE_H
#define FR_ENGINE_SCORE_H

#include <stddef.h>
#include <stdint.h>

#include "engine/docset.h"
#include "engine/verdict.h"
#include "models/model.h"
#include "util/err.h"

typedef enum { FR_ITEM_MET = 0, FR_ITEM_PARTIAL, FR_ITEM_UNKNOWN, FR_ITEM_MISSING } fr_item_status;
const char *fr_item_status_name(fr_item_status s);  /* "met", "partial", "unknown", "missing" */

/* What decided an item's status. */
enum { FR_BY_EVIDENCE = 0, FR_BY_YEARS = 1, FR_BY_DEGREE = 2, FR_BY_ENROLMENT = 4 };

typedef struct {
    float cov;             /* coverage in [0, 1] */
    uint8_t status;        /* fr_item_status */
    uint8_t decided_by;    /* FR_BY_* bits of the facts that decided it; 0 = the evidence */
    float lex, dense, mass, skill, text, evidence; /* parts (skill < 0: the item names none) */
    float years_have;      /* years r shows for it (years items), else -1 */
    int32_t lex_chunk;     /* chunk (index within r) of the best lexical match, -1 if none */
    int32_t dense_chunk;   /* chunk of the best dense match, -1 if r has no chunks */
    fr_verdict verdict;    /* the item's kind's decision (verdict.decided = 0: the evidence decided) */
} fr_item_eval;

typedef struct {
    float score;           /* in [0, 1] */
    uint8_t gate;          /* 1: no required item missing */
    uint32_t req_met, req_total, pref_met, pref_total;
    float req_cov, pref_cov;  /* mean coverages (-1 when the posting has none) */
    float ctx, ctx_lex, ctx_dense;
    uint32_t skills_have, skills_total;  /* of the skills the posting asks for, those r names */
    float skill_cov;       /* skills_have / skills_total (-1 when the posting names none) */
} fr_pair_eval;

/* The score from a pair's parts: fr_score_pair and explain's arithmetic both go through it, so the
 * arithmetic shown is the arithmetic done. */
enum { FR_PART_CTX = 0, FR_PART_REQ, FR_PART_PREF, FR_PART_SKILL, FR_N_PARTS };
typedef struct {
    double w[FR_N_PARTS];     /* weights as used (form 0: 0 for a part the pair lacks) */
    double value[FR_N_PARTS]; /* the part as it enters (form 1: coverage shrunk toward the prior) */
    double term[FR_N_PARTS];  /* form 1: floor + (1 − floor)·value; form 0: value */
    double score;             /* in [0, 1]; NaN when a part was not finite */
} fr_score_terms;
void fr_score_combine(const fr_score_params *sp, const fr_pair_eval *pe, fr_score_terms *t);

/* Per-thread scratch: the current posting's term table and accumulators. */
typedef struct fr_scorer fr_scorer;

fr_status fr_scorer_new(const fr_model *m, fr_scorer **out, fr_error *err);
/* R's lines by word (engine/wordidx.h), for the verdicts of pairs with R's résumés: the same
 * verdicts, read from the index's line records (NULL: none). */
void fr_scorer_word_index(fr_scorer *s, const fr_docset *R, const fr_word_index *wix);
/* With `on`, the chunk vectors the scorer makes for a résumé of a set that keeps none
 * (fr_docset.lazy_units) serve its next calls about the same résumé, until turned off — for a run
 * of calls that holds the sets still (the sets are known by their addresses). */
void fr_scorer_keep_vecs(fr_scorer *s, int on);
void fr_scorer_free(fr_scorer *s);
/* A scorer remembers the posting it last scored by its set's address and index (its term table
 * is built once per posting): after that set is freed, call this before scoring a set that may
 * live at the same address (`eval --verdicts` builds one pair after another on the stack). */
void fr_scorer_forget(fr_scorer *s);
/* Score with these parameters instead of the model's (`fitrank eval --set`, tuning). */
void fr_scorer_set_params(fr_scorer *s, const fr_score_params *sp);
const fr_score_params *fr_scorer_params(const fr_scorer *s);
/* Does scoring read an item's lexical maximum over the chunks (fr_pair_parts.lex)?  Through the
 * text evidence when beta > 0, and for soft items always (a soft item no chunk shares a word
 * with is silent: engine/verdict.c).  Where it does not, bulk paths may leave it 0. */
int fr_score_reads_lex(const fr_score_params *sp, const fr_unit_item *it);
/* Does it read that maximum only as whether it is above 0 (beta = 0: a soft item's verdict)?  Then
 * bulk paths may give any value of the same sign in its place (engine/rank.c: 1 or 0). */
int fr_score_reads_lex_sign(const fr_score_params *sp, const fr_unit_item *it);

/* Evidence computed elsewhere for one pair, in bulk (engine/rank.c): per item of the posting,
 * `stride` floats apart.  A NULL array is computed here, canonically. */
typedef struct {
    const float *dense;   /* max dense similarity over r's chunks */
    const float *lex;     /* max lexical cosine over r's chunks; with it, mass and ctx_lex */
    const float *mass;    /* share of the item's IDF mass present in r */
    size_t stride;
    float ctx_lex;        /* whole-document TF-IDF cosine (with lex) */
    const float *ctx_dense; /* whole-document dense similarity, or NULL */
    int dense_exact;      /* cut mode (fr_score_pair_cut): dense holds every item's maximum as the
                             canonical path computes it; else the preferred items' are bounds */
    uint64_t noshow;      /* bounds (fr_score_upper, cut mode): bit i set when no line of r shows
                             item i's words (fr_verdict_lines_showing, exact), i < 64 */
    uint64_t lines_known; /* bit i set when noshow's bit i is exact both ways (clear: a line of r
                             shows item i): its verdict then reads no line (fr_verdict_ctx.lines) */
} fr_pair_parts;

/* Evaluate posting p of P against résumé r of R, from `parts` (NULL: everything canonical).
 * items: NULL, or room for the posting's items (filled; evidence chunks only when computed
 * here).  FR_ENOMEM, or FR_EFORMAT for a corrupt document of a mapped index. */
fr_status fr_score_pair(fr_scorer *s, const fr_docset *P, size_t p, const fr_docset *R, size_t r,
                        const fr_pair_parts *parts, fr_pair_eval *out, fr_item_eval *items, fr_error *err);

/* Whether a pair with this bound can still enter the caller's heap (its ctx). */
typedef int (*fr_pair_enter)(void *ctx, const fr_pair_eval *bound);
/* fr_score_pair (no items), judged in two steps: the required items first, then — only when
 * enter() accepts the pair's bound with those exact (gate included) and the preferred items at
 * the most their evidence allows — the preferred ones; otherwise *cut = 1 and *out is not set.
 * parts: dense given (exact for the required items, a bound such as fr_dense_max_bound's for the
 * preferred ones, whose values are computed canonically when reached — or, with dense_exact, every
 * item's value as the caller computed it), the lexical parts given (a tile's bulk parts) or not.
 * A pair not cut gets the bits fr_score_pair gives it with the same parts. */
fr_status fr_score_pair_cut(fr_scorer *s, const fr_docset *P, size_t p, const fr_docset *R, size_t r,
                            const fr_pair_parts *parts, fr_pair_enter enter, void *ctx, int *cut, fr_pair_eval *out,
                            fr_error *err);

/* A bound on what fr_score_pair gives for the same pair and parts (dense given; lex, mass and
 * ctx_lex given together or computed as fr_score_pair computes them; ctx_dense given or not): the
 * gate passed, every item's coverage at the most its evidence allows (engine/score.c cov_bound),
 * the chunks' lexical maximum at 1 where not given, every other part exact — so that a pair whose
 * bound cannot enter a full heap is not judged (its verdicts and lexical walk are most of a pair's
 * cost) and the heap is what it would have been.  Verifies the pair's documents as fr_score_pair
 * does (FR_EFORMAT for a damaged one). */
fr_status fr_score_upper(fr_scorer *s, const fr_docset *P, size_t p, const fr_docset *R, size_t r,
                         const fr_pair_parts *parts, fr_pair_eval *out, fr_error *err);

/* fr_score_upper of posting p against the n résumés r0.. of R at once, into out[0..n): résumé j's
 * parts at offset j of base's dense, lex, mass (given; items `stride` apart) and ctx_dense (given),
 * its lexical context ctx_lex[j], its items no line shows noshow[j] — each bound the bits
 * fr_score_upper gives the pair: a tile's pairs are all bounded, and reading each item's mode and
 * skills once for a block of résumés, not once a pair, made bounding them cheaper. */
fr_status fr_score_upper_many(fr_scorer *s, const fr_docset *P, size_t p, const fr_docset *R, size_t r0, size_t n,
                              const fr_pair_parts *base, const float *ctx_lex, const uint64_t *noshow,
                              fr_pair_eval *out, fr_error *err);

/* The part of the score a posting gets without reading its items, for ordering the postings of
 * one résumé (match's context-and-skills list, engine/rank.c): fr_score_combine with context ctx
 * and the posting's skills `have` of `total` named, the requirement parts at their prior (the same
 * for every posting: left out).  Form 1: the weighted logs of the two terms (a fast log, monotone:
 * an order, not a score); form 0: their weighted sum.  Larger is better. */
float fr_score_ctx_skill_key(const fr_score_params *sp, float ctx, unsigned have, unsigned total);
/* The most fr_score_ctx_skill_key can give with context ctx, whatever the skills (every one
 * named): ≥ the key, so that a posting below a full list's last needs no skill count. */
float fr_score_ctx_skill_most(const fr_score_params *sp, float ctx);

/* A stand-in for the key of posting p against a résumé, cheap enough for every pair of a pool, to
 * choose the candidates that are scored (engine/rank.c): each item's dense part its product with
 * the whole résumé vector, a domain item's fact (kinds skill and other) 1 when a line of the
 * résumé shows it (fr_verdict_lines_showing) and else half — or what its skills named give, when
 * more — every other item's fact assumed, the item and posting skill shares exact, the context the
 * documents' dense similarity, the gate assumed passed.  Measured on 20 postings × 20,000
 * generated résumés (bench/RESULTS.md): whether a line shows a domain item is what ranks the true
 * top 10 near the top; the exact mass, partial shares and chunk maxima hardly change it.
 * fr_score_proxy_posting reads the posting once (items: room for its items); fr_score_proxy then
 * keys nj résumés at once (each key the same bits whatever nj: every résumé's arithmetic is its
 * own, in item order): idoc[i · stride + j] item i's product with résumé j, met[i] (items past 64:
 * none) a bit row over the pool where bit g0 + j says a line of résumé j shows item i, rbits[j] its
 * skills, ctx[j] the documents' product; keys into out[j], scratch room for 3 · nj floats.
 * Larger is better — the log of fr_score_combine's form 1, in float, or form 0 — comparable
 * between the résumés of one posting only. */
typedef struct {
    uint8_t cls;        /* 0: a fact assumed; 1: a domain item; 2: nothing decides it (the evidence);
                           3: a fact of the résumé's records (years, degree, enrolment, language,
                           credential): assumed by fr_score_proxy, decided by fr_score_proxy_one */
    uint8_t any_of;
    uint32_t ns;        /* its skills */
    const uint32_t *sk;
} fr_proxy_item;
typedef struct {
    const fr_score_params *sp;
    const fr_proxy_item *items;
    uint32_t ni, n_req, skills_total;
    const uint64_t *pskills;
    size_t n_skill_words;
} fr_proxy_posting;
void fr_score_proxy_posting(const fr_score_params *sp, const fr_docset *P, size_t p, fr_proxy_item *items,
                            fr_proxy_posting *out);
void fr_score_proxy(const fr_proxy_posting *pp, const float *idoc, size_t stride, const uint64_t *const *met, size_t g0,
                    const uint64_t *const *rbits, const float *ctx, size_t nj, float *scratch, float *out);
/* The proxy of one pair (posting p of P, résumé r of R; wix R's lines by word, dw r's words with
 * their lines (fr_doc_words_build), either NULL) with the
 * facts fr_score_proxy assumes decided: fr_verdict_decide for every item of classes 1 and 3 — the
 * item's product with the whole résumé (idoc[i · stride]) standing for its best chunk's, a domain
 * item's line as the lines' test found it (bit i of shown: a line shows it; of exact: the test
 * missed no line, so a clear bit of shown says none does; else the verdict reads the lines) — and
 * every other item's term the bits fr_score_proxy gives it; ctx the documents' product.  Measured
 * on generated pools (10k résumés × 100 postings, every pair scored; bench/RESULTS.md): with the
 * facts assumed the true top 10 ranked within the first 1 % of the pool 0.903 of the time, with
 * them decided 0.982 — years of relevant experience most of it (0.948 alone).  A pair costs a
 * few µs (the years read every dated job's words), so it re-keys the proxy's best few thousand,
 * not the pool (engine/rank.c, phase 7). */
float fr_score_proxy_one(fr_scorer *s, const fr_proxy_posting *pp, const fr_docset *P, size_t p, const fr_docset *R,
                         size_t r, const fr_word_index *wix, const fr_doc_words *dw, const float *idoc, size_t stride,
                         uint64_t shown, uint64_t exact, float ctx);

/* Unit u of P's best dense similarity over a résumé's nc chunks, their vectors rv (nc rows of
 * P->dim floats: fr_docset_chunk_vecs), canonically (fr_dot_canon): -inf for a résumé without
 * chunks; *arg (may be NULL) the chunk, left as it is when there is none. */
float fr_dense_max(const fr_docset *P, size_t u, const float *rv, uint32_t nc, int32_t *arg);

/* fr_dense_max of the ni items u0.. of P at once, the same bits and arguments (arg may be NULL;
 * arg[i] is left as it is when r has no chunks): a blocked kernel with fr_dot_canon's lanes. */
void fr_dense_max_canon(const fr_docset *P, size_t u0, size_t ni, const float *rv, uint32_t nc, float *out,
                        int32_t *arg);

/* out[i] ≥ fr_dense_max(P, u0 + i, rv, nc) for the ni items u0.. of P (inorm[i]: fr_norm_up of item
 * i's vector; cnorm[c]: of r's chunk c), for any finite vectors (-inf
 * for a résumé without chunks): the maxima in a fast order (each chunk read once per four items) plus a
 * margin for the difference of orders (engine/score.c) — a bound to skip pairs with, never a score. */
void fr_dense_max_bound(const fr_docset *P, size_t u0, size_t ni, const float *inorm, const float *rv, uint32_t nc,
                        const float *cnorm, float *out, uint16_t *hint, float *scratch);
/* hint (NULL: not asked; else with scratch, room for 2 · ni floats): per item, the one chunk whose
 * canonical product can be the canonical maximum — every other chunk's fast product plus the
 * margin lies below its fast product minus the margin — so that fr_dense_max is that one
 * fr_dot_canon (fr_dense_max_hinted); FR_NO_HINT when more than one chunk could be, or r has none. */
#define FR_NO_HINT 0xFFFFu
/* fr_dense_max of the ni items u0.. (out, the same bits), reading only the hinted chunk of an item
 * with a hint (hint may be NULL: every item scanned). */
void fr_dense_max_hinted(const fr_docset *P, size_t u0, size_t ni, const float *rv, uint32_t nc, const uint16_t *hint,
                         float *out);
/* fr_dense_max_bound from the products themselves, computed in any order (an sgemm): prod[i · ld +
 * c] item i's with chunk c of the résumé's nc, d their dimension — the same margins, so the same
 * guarantees for out and hint. */
void fr_dense_max_bound_prod(const float *prod, size_t ld, size_t ni, uint32_t nc, size_t d, const float *inorm,
                             const float *cnorm, float *out, uint16_t *hint, float *scratch);
/* fr_dense_max of the ni items u0.. of P (out: the same bits) from their products with r's nc
 * chunks computed in any order (prod[i · ld + c]: fr_dense_prods', or fr_bf16_prods' when bf16),
 * inorm and cnorm as fr_dense_max_bound's: the canonical product of only those chunks whose fast
 * one, within the kernel's margin, can reach the top chunk's — one chunk for most items. */
void fr_dense_max_prod(const float *prod, size_t ld, size_t ni, uint32_t nc, int bf16, const float *inorm,
                       const float *cnorm, const fr_docset *P, size_t u0, const float *rv, float *out);
/* A résumé's chunks rv (nc × d) as a panel for fr_dense_prods: d rows of fr_dense_panel_width(nc)
 * floats (nc rounded up to 8), row k chunk c's k-th component, zero past nc. */
size_t fr_dense_panel_width(uint32_t nc);
void fr_dense_panel(const float *rv, uint32_t nc, size_t d, float *panel);
/* prod[i · fr_dense_panel_width(nc) + c] = items[i] (ni vectors of d floats, wherever they lie) ·
 * chunk c of the panel, for c < the width (zero past nc) — in a fast order, with FMA where the CPU
 * has it: fr_dense_max_bound_prod's products (ld the width), never a score. */
void fr_dense_prods(const float *const *items, size_t ni, size_t d, const float *panel, uint32_t nc, float *prod);
/* c[i · ldc + j] = a_i · b_j for the na rows of a (lda floats apart) and the nb rows of b (ldb apart),
 * d floats each — fr_dense_prods' kernel on panels of 32 of b's rows, so in a fast order, with FMA
 * where the CPU has it (its widest vectors whatever OpenBLAS's core type): products to choose
 * candidates by, never a score.  scratch: fr_dense_gemm_scratch(d) floats. */
size_t fr_dense_gemm_scratch(size_t d);
void fr_dense_gemm_nt(const float *a, size_t na, size_t lda, const float *b, size_t nb, size_t ldb, size_t d, float *c,
                      size_t ldc, float *scratch);
/* A vector's L2 norm rounded up as fr_dense_max_bound's margin needs it (inorm, cnorm). */
float fr_norm_up(const float *v, size_t d);

/* The fixed-order inner product (16 float lanes, summed pairwise): same bits on every machine. */
float fr_dot_canon(const float *a, const float *b, size_t d);

/* Scores are reported to 4 decimals; ranking keys use the same rounding so that what is printed
 * equal ties by id.  Scores lie in [0, 1]; anything else (NaN included) is clamped before the
 * conversion to int32, which would be undefined behaviour. */
static inline float fr_score_round(float s)
{
    double x = (double)s * 10000.0 + 0.5;
    x = x > 0 ? (x < 1e6 ? x : 1e6) : 0;
    return (float)((double)(int32_t)x / 10000.0);
}

#endif
