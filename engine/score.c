/* engine/score.c — the evidence blend and the facts for one (posting, résumé) pair.
 *
 * Lexical work goes through a term table of the current posting: slot[t] ≥ 0 for every term of
 * the posting (its whole-document row and its items' rows), and each slot lists the items that
 * contain the term with their weights.  A résumé is then read once, chunk by chunk: each chunk
 * entry costs one table lookup, and only shared terms do any arithmetic — the sparse kernel the
 * issue asks for, with no dense GEMM over the vocabulary.  The table is rebuilt only when the
 * posting changes, so scoring one posting against many résumés pays for it once. */
#include "engine/score.h"

#include "engine/bf16.h"
#include "engine/kinds.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/bits.h"

const char *fr_item_status_name(fr_item_status s)
{
    static const char *const names[] = {"met", "partial", "unknown", "missing"};
    return (unsigned)s < 4 ? names[s] : "?";
}

struct fr_scorer {
    const fr_model *model;
    fr_score_params sp;
    const fr_docset *wix_of;  /* the set whose lines wix indexes (fr_scorer_word_index) */
    const fr_word_index *wix;
    int32_t *slot;            /* per vocabulary term: slot or -1 */
    /* current posting */
    const fr_docset *P;
    size_t p;
    fr_u32vec slot_term;      /* term of each slot */
    float *slot_doc_w;        /* the posting's whole-document weight of each slot's term */
    int32_t *slot_head;       /* first (item, weight) entry of a slot, -1 */
    int32_t *slot_lhead;      /* the same, of the items whose score reads their lexical maximum */
    size_t slot_cap;
    int any_lex;              /* the posting has such items */
    int req_lex;              /* ... among its required items */
    int32_t *e_next;          /* entries: linked per slot */
    int32_t *e_lnext;         /* linked per slot, those items' entries only */
    uint32_t *e_item;
    float *e_w;
    size_t e_cap, n_e;
    uint8_t *present;         /* per slot: the résumé contains the term */
    /* per item of the current posting */
    double *acc, *lexmax, *idf_total;
    int32_t *lexarg;
    float *dmax;              /* the items' canonical dense maxima (fr_dense_max_canon) */
    int32_t *darg;
    fr_item_eval *rev;        /* cut mode: the items judged (items_cut), their bounds, order, cost class */
    float *rub;
    uint32_t *rord;
    uint8_t *rcls;
    unsigned char *rjudged;
    uint32_t *touched;
    unsigned char *iseen;     /* per item: in touched (an accumulator of 0 is no sign of that: a
                                 term of IDF 0 adds 0) */
    size_t item_cap;
    float *cvec;              /* a résumé's chunk vectors, made for a set that keeps none */
    size_t cvec_cap;
    int cv_keep;              /* fr_scorer_keep_vecs: cvec holds cv_set's résumé cv_doc's (cv_set set) */
    const fr_docset *cv_set;
    size_t cv_doc;
    uint32_t cred_keys[FR_CRED_KEYS]; /* fr_verdict_credential_keys (the verdicts of credential items) */
    size_t n_cred_keys;
    double *ub_req, *ub_pref; /* fr_score_upper_many: per résumé, its bound's sums */
    size_t ub_cap;
};

/* Résumé r's chunk vectors (fr_docset_chunk_vecs), made in the scorer's buffer when R keeps none:
 * *rv, NULL when it has no chunk. */
static fr_status chunk_vecs(fr_scorer *s, const fr_docset *R, size_t r, const float **rv, fr_error *err)
{
    size_t need = (size_t)(R->unit_start.v[r + 1] - R->unit_start.v[r]) * R->dim;
    if (R->lazy_units && s->cv_keep && s->cv_set == R && s->cv_doc == r) {
        *rv = need ? s->cvec : NULL; /* made by the call before, about the same résumé */
        return FR_OK;
    }
    if (R->lazy_units && need > s->cvec_cap) {
        float *n = realloc(s->cvec, need * sizeof *n);
        if (!n)
            return fr_fail(err, FR_ENOMEM, "out of memory");
        s->cvec = n;
        s->cvec_cap = need;
    }
    *rv = fr_docset_chunk_vecs(R, r, s->model, s->cvec);
    if (R->lazy_units && s->cv_keep) {
        s->cv_set = R;
        s->cv_doc = r;
    }
    return FR_OK;
}

void fr_scorer_keep_vecs(fr_scorer *s, int on)
{
    s->cv_keep = on;
    s->cv_set = NULL;
}

void fr_scorer_word_index(fr_scorer *s, const fr_docset *R, const fr_word_index *wix)
{
    s->wix_of = wix ? R : NULL;
    s->wix = wix;
}

fr_status fr_scorer_new(const fr_model *m, fr_scorer **out, fr_error *err)
{
    fr_scorer *s = calloc(1, sizeof *s);
    size_t nt = fr_model_n_terms(m);
    if (!s || !(s->slot = malloc((nt ? nt : 1) * sizeof *s->slot))) {
        free(s);
        return fr_fail(err, FR_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < nt; i++)
        s->slot[i] = -1;
    s->model = m;
    s->sp = fr_model_opts(m)->score;
    s->n_cred_keys = fr_verdict_credential_keys(s->cred_keys);
    *out = s;
    return FR_OK;
}

void fr_scorer_set_params(fr_scorer *s, const fr_score_params *sp) { s->sp = *sp; }

const fr_score_params *fr_scorer_params(const fr_scorer *s) { return &s->sp; }

int fr_score_reads_lex(const fr_score_params *sp, const fr_unit_item *it)
{
    return sp->beta != 0 || it->kind == FR_KIND_SOFT;
}

int fr_score_reads_lex_sign(const fr_score_params *sp, const fr_unit_item *it)
{
    /* with beta = 0 the text is 0 · lex + dense (lex finite: in [0, 1]), and the verdicts read lex
     * only in decide_cues's "lex <= 0" (a soft item no chunk shares a word with is silent) */
    return sp->beta == 0 && it->kind == FR_KIND_SOFT;
}

void fr_scorer_forget(fr_scorer *s)
{
    s->wix_of = NULL;
    s->wix = NULL;
    for (size_t k = 0; k < s->slot_term.n; k++)
        s->slot[s->slot_term.v[k]] = -1;
    s->slot_term.n = 0;
    s->n_e = 0;
    s->P = NULL;
}

void fr_scorer_free(fr_scorer *s)
{
    if (!s)
        return;
    free(s->slot);
    fr_u32vec_free(&s->slot_term);
    free(s->slot_doc_w);
    free(s->slot_head);
    free(s->slot_lhead);
    free(s->e_next);
    free(s->e_lnext);
    free(s->e_item);
    free(s->e_w);
    free(s->present);
    free(s->acc);
    free(s->lexmax);
    free(s->idf_total);
    free(s->lexarg);
    free(s->dmax);
    free(s->darg);
    free(s->rev);
    free(s->rub);
    free(s->rord);
    free(s->rcls);
    free(s->ub_req);
    free(s->ub_pref);
    free(s->rjudged);
    free(s->touched);
    free(s->iseen);
    free(s->cvec);
    free(s);
}

#define GROW(ptr, n)                                                                  \
    do {                                                                              \
        void *np_ = realloc((ptr), (n) * sizeof *(ptr));                              \
        if (!np_)                                                                     \
            return FR_ENOMEM;                                                         \
        (ptr) = np_;                                                                  \
    } while (0)

static fr_status reserve_slots(fr_scorer *s, size_t n)
{
    if (n <= s->slot_cap)
        return FR_OK;
    size_t cap = s->slot_cap ? s->slot_cap : 256;
    while (cap < n)
        cap *= 2;
    GROW(s->slot_doc_w, cap);
    GROW(s->slot_head, cap);
    GROW(s->slot_lhead, cap);
    GROW(s->present, cap);
    s->slot_cap = cap;
    return FR_OK;
}

static fr_status reserve_items(fr_scorer *s, size_t n)
{
    if (n <= s->item_cap)
        return FR_OK;
    size_t cap = s->item_cap ? s->item_cap : 64;
    while (cap < n)
        cap *= 2;
    GROW(s->acc, cap);
    GROW(s->lexmax, cap);
    GROW(s->idf_total, cap);
    GROW(s->lexarg, cap);
    GROW(s->dmax, cap);
    GROW(s->darg, cap);
    GROW(s->rev, cap);
    GROW(s->rub, cap);
    GROW(s->rord, cap);
    GROW(s->rcls, cap);
    GROW(s->rjudged, cap);
    GROW(s->touched, cap);
    GROW(s->iseen, cap);
    s->item_cap = cap;
    return FR_OK;
}

static fr_status add_slot(fr_scorer *s, uint32_t t, float doc_w, int32_t *out)
{
    if (s->slot[t] >= 0) {
        *out = s->slot[t];
        return FR_OK;
    }
    size_t k = s->slot_term.n;
    if (reserve_slots(s, k + 1) != FR_OK || fr_u32vec_push(&s->slot_term, t) != FR_OK)
        return FR_ENOMEM;
    s->slot_doc_w[k] = doc_w;
    s->slot_head[k] = s->slot_lhead[k] = -1;
    s->present[k] = 0;
    s->slot[t] = (int32_t)k;
    *out = (int32_t)k;
    return FR_OK;
}

/* Make posting p of P the current one (its term table). */
static fr_status set_posting(fr_scorer *s, const fr_docset *P, size_t p)
{
    if (s->P == P && s->p == p)
        return FR_OK;
    for (size_t k = 0; k < s->slot_term.n; k++)
        s->slot[s->slot_term.v[k]] = -1;
    s->slot_term.n = 0;
    s->n_e = 0;
    s->P = NULL;
    const fr_csr_rows *D = &P->doc_rows;
    int32_t k;
    for (uint32_t e = D->ptr.v[p]; e < D->ptr.v[p + 1]; e++)
        if (add_slot(s, D->col.v[e], D->val[e], &k) != FR_OK)
            return FR_ENOMEM;
    uint32_t u0 = P->unit_start.v[p], u1 = P->unit_start.v[p + 1];
    if (reserve_items(s, u1 - u0) != FR_OK)
        return FR_ENOMEM;
    const fr_csr_rows *U = &P->unit_rows;
    s->any_lex = s->req_lex = 0;
    for (uint32_t u = u0; u < u1; u++) {
        double tot = 0;
        int reads = fr_score_reads_lex(&s->sp, fr_docset_item(P, u));
        s->any_lex |= reads;
        s->req_lex |= reads && u - u0 < P->n_req.v[p];
        for (uint32_t e = U->ptr.v[u]; e < U->ptr.v[u + 1]; e++) {
            uint32_t t = U->col.v[e];
            if (add_slot(s, t, 0.0f, &k) != FR_OK)
                return FR_ENOMEM;
            if (s->n_e == s->e_cap) {
                size_t cap = s->e_cap ? 2 * s->e_cap : 256;
                GROW(s->e_next, cap);
                GROW(s->e_lnext, cap);
                GROW(s->e_item, cap);
                GROW(s->e_w, cap);
                s->e_cap = cap;
            }
            s->e_next[s->n_e] = s->slot_head[k];
            s->e_item[s->n_e] = u - u0;
            s->e_w[s->n_e] = U->val[e];
            s->e_lnext[s->n_e] = -1;
            if (reads) {
                s->e_lnext[s->n_e] = s->slot_lhead[k];
                s->slot_lhead[k] = (int32_t)s->n_e;
            }
            s->slot_head[k] = (int32_t)s->n_e++;
            tot += fr_model_idf(s->model, t);
        }
        s->idf_total[u - u0] = tot;
        s->acc[u - u0] = 0;
        s->iseen[u - u0] = 0;
    }
    s->P = P;
    s->p = p;
    return FR_OK;
}

/* The current posting's terms that résumé r contains (s->present, cleared by clear_present), and
 * the whole documents' lexical cosine. */
static double mark_present(fr_scorer *s, const fr_docset *R, size_t r)
{
    const fr_csr_rows *D = &R->doc_rows;
    double ctx_lex = 0;
    for (uint32_t e = D->ptr.v[r]; e < D->ptr.v[r + 1]; e++) {
        int32_t k = s->slot[D->col.v[e]];
        if (k >= 0) {
            s->present[k] = 1;
            ctx_lex += (double)D->val[e] * s->slot_doc_w[k];
        }
    }
    return ctx_lex;
}

static void clear_present(fr_scorer *s)
{
    for (size_t k = 0; k < s->slot_term.n; k++)
        s->present[k] = 0;
}

/* The share of item i's (unit u's) IDF mass the marked résumé holds. */
static float present_mass(const fr_scorer *s, const fr_docset *P, uint32_t u, uint32_t i)
{
    const fr_csr_rows *U = &P->unit_rows;
    double have = 0;
    for (uint32_t e = U->ptr.v[u]; e < U->ptr.v[u + 1]; e++)
        if (s->present[s->slot[U->col.v[e]]])
            have += fr_model_idf(s->model, U->col.v[e]);
    double m = s->idf_total[i] > 0 ? have / s->idf_total[i] : 0;
    return (float)(m < 0 ? 0 : m > 1 ? 1 : m);
}

/* Cloned for AVX-512 and AVX2 (glibc picks the clone at load): the same lanes in the same order
 * with no FMA contraction (-std=c11 implies -ffp-contract=off), so every clone gives the same bits
 * (AVX-512: the sixteen lanes in one register). */
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__)
__attribute__((target_clones("arch=x86-64-v4", "avx2", "default")))
#endif
float fr_dot_canon(const float *a, const float *b, size_t d)
{
    float lane[16] = {0};
    size_t i = 0;
    for (; i + 16 <= d; i += 16)
        for (size_t l = 0; l < 16; l++)
            lane[l] += a[i + l] * b[i + l];
    for (size_t l = 0; i < d; i++, l++)
        lane[l] += a[i] * b[i];
    for (size_t w = 8; w; w /= 2)
        for (size_t l = 0; l < w; l++)
            lane[l] += lane[l + w];
    return lane[0];
}

static float clamp01(double x) { return (float)(x < 0 ? 0 : x > 1 ? 1 : x); }

static int has_skill(const uint64_t *bits, uint32_t sk) { return (int)((bits[sk / 64] >> (sk % 64)) & 1u); }

/* An item's skill share: of its ns skills, those the résumé names (any_of: 1 if any) — the
 * score's and the proxy's. */
static float skill_share(const uint64_t *bits, const uint32_t *sk, size_t ns, int any_of)
{
    size_t hit = 0;
    for (size_t j = 0; j < ns; j++)
        hit += (size_t)has_skill(bits, sk[j]);
    return any_of ? (hit ? 1.0f : 0.0f) : (float)hit / (float)ns;
}

/* coverage of n items (skills) of mean `mean`, with the pseudo-items of the prior added */
static double shrunk(double mean, uint32_t n, const fr_score_params *sp)
{
    double m = sp->shrink;
    if (n == 0)
        return sp->prior;
    return (mean * n + m * sp->prior) / ((double)n + m);
}

void fr_score_combine(const fr_score_params *sp, const fr_pair_eval *pe, fr_score_terms *t)
{
    const double w[FR_N_PARTS] = {sp->w_ctx, sp->w_req, sp->w_pref, sp->w_skill};
    const uint32_t n[FR_N_PARTS] = {1, pe->req_total, pe->pref_total, pe->skills_total};
    const double mean[FR_N_PARTS] = {pe->ctx, pe->req_cov, pe->pref_cov, pe->skill_cov};
    double num = 0, den = 0;
    for (int k = 0; k < FR_N_PARTS; k++) {
        if (sp->form == 1) {
            t->w[k] = w[k];
            t->value[k] = k == FR_PART_CTX ? mean[k] : shrunk(mean[k], n[k], sp);
            t->term[k] = sp->floor + (1 - sp->floor) * t->value[k];
            /* a weight of 0 leaves the part out (0 · ln 0 would be NaN with a floor of 0) */
            if (w[k] > 0)
                num += w[k] * log(t->term[k]);
        } else {
            t->w[k] = n[k] ? w[k] : 0;
            t->value[k] = t->term[k] = n[k] ? mean[k] : 0;
            num += t->w[k] * t->term[k];
        }
        den += t->w[k];
    }
    if (!(den > 0))
        t->score = 0;
    else
        t->score = sp->form == 1 ? exp(num / den) : num / den;
}

/* An item's skill share, text and evidence from its lexical, dense and mass parts (set in ev):
 * what its verdict and coverage are made of. */
static void item_evidence(const fr_score_params *sp, const fr_docset *P, uint32_t u, const uint64_t *bits,
                          fr_item_eval *ev)
{
    size_t ns;
    const uint32_t *sk = fr_docset_item_skills(P, u, &ns);
    ev->skill = ns ? skill_share(bits, sk, ns, fr_docset_item(P, u)->any_of) : -1;
    ev->text = clamp01(sp->beta * ev->lex + (1 - sp->beta) * ev->dense);
    double share = ev->skill > ev->mass ? ev->skill : ev->mass;
    ev->evidence = clamp01(sp->alpha * ev->text + (1 - sp->alpha) * share);
}

static float dense_max_v(const float *iv, size_t d, const float *rv, uint32_t nc, int32_t *arg);

float fr_dense_max(const fr_docset *P, size_t u, const float *rv, uint32_t nc, int32_t *arg)
{
    return dense_max_v(fr_docset_unit_vec(P, u), P->dim, rv, nc, arg);
}

static float dense_max_v(const float *iv, size_t d, const float *rv, uint32_t nc, int32_t *arg)
{
    float dm = -INFINITY;
    for (uint32_t c = 0; c < nc; c++) {
        float x = fr_dot_canon(iv, rv + (size_t)c * d, d);
        if (x > dm) {
            dm = x;
            if (arg)
                *arg = (int32_t)c;
        }
    }
    return dm;
}

/* Eight float lanes (GCC's vector extension keeps them in registers on every target: two SSE
 * halves without AVX), loaded and stored through memcpy — never passed by value: a 32-byte vector
 * argument's ABI depends on the target. */
typedef float fr_v8 __attribute__((vector_size(32)));
#define FR_LOAD8(v, p) memcpy(&(v), (p), sizeof(v))
#define FR_STORE8(p, v) memcpy((p), &(v), sizeof(v))
/* Sixteen float lanes: two fr_v8 of a chunk panel's row (fr_dense_panel), or of a vector
 * (dots_canon4), loaded and stored through memcpy as fr_v8 is. */
typedef float fr_v16 __attribute__((vector_size(64)));
#define FR_LOAD16(v, p) memcpy(&(v), (p), sizeof(v))
#define FR_STORE16(p, v) memcpy((p), &(v), sizeof(v))
#define FR_HSUM8(v) ((((v)[0] + (v)[4]) + ((v)[1] + (v)[5])) + (((v)[2] + (v)[6]) + ((v)[3] + (v)[7])))

/* Two items against three chunks with fr_dot_canon's arithmetic: each product's sixteen lanes
 * accumulated in the same order (a multiply, then an add: no FMA contraction under -std=c11),
 * the tail and the pairwise fold as there — so every one of the six results has fr_dot_canon's
 * bits, at a third of its loads per product (each chunk segment read once for two items). */
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__)
__attribute__((target_clones("avx2", "default")))
#endif
static void dots_canon23(const float *const it[2], const float *const ch[3], size_t d, float out[6])
{
    /* written out by hand, as dots43 is: arrays of accumulators end up on the stack */
    fr_v8 a00l = {0}, a00h = {0}, a01l = {0}, a01h = {0}, a02l = {0}, a02h = {0};
    fr_v8 a10l = {0}, a10h = {0}, a11l = {0}, a11h = {0}, a12l = {0}, a12h = {0};
    size_t k = 0;
    for (; k + 16 <= d; k += 16) {
        fr_v8 i0l, i0h, i1l, i1h, cl, chh;
        FR_LOAD8(i0l, it[0] + k);
        FR_LOAD8(i0h, it[0] + k + 8);
        FR_LOAD8(i1l, it[1] + k);
        FR_LOAD8(i1h, it[1] + k + 8);
        /* chunk c's segment against both items */
#define FR_CANON_CHUNK(c, x0l, x0h, x1l, x1h) \
    do {                                      \
        FR_LOAD8(cl, ch[c] + k);              \
        FR_LOAD8(chh, ch[c] + k + 8);         \
        x0l += i0l * cl;                      \
        x0h += i0h * chh;                     \
        x1l += i1l * cl;                      \
        x1h += i1h * chh;                     \
    } while (0)
        FR_CANON_CHUNK(0, a00l, a00h, a10l, a10h);
        FR_CANON_CHUNK(1, a01l, a01h, a11l, a11h);
        FR_CANON_CHUNK(2, a02l, a02h, a12l, a12h);
#undef FR_CANON_CHUNK
    }
    const fr_v8 acc[6][2] = {{a00l, a00h}, {a01l, a01h}, {a02l, a02h}, {a10l, a10h}, {a11l, a11h}, {a12l, a12h}};
    for (int x = 0; x < 6; x++) {
        float lane[16];
        FR_STORE8(lane, acc[x][0]);
        FR_STORE8(lane + 8, acc[x][1]);
        const float *a = it[x / 3], *b = ch[x % 3];
        for (size_t i = k, l = 0; i < d; i++, l++)
            lane[l] += a[i] * b[i];
        for (size_t w = 8; w; w /= 2)
            for (size_t l = 0; l < w; l++)
                lane[l] += lane[l + w];
        out[x] = lane[0];
    }
}

void fr_dense_max_canon(const fr_docset *P, size_t u0, size_t ni, const float *rv, uint32_t nc, float *out,
                        int32_t *arg)
{
    for (size_t i = 0; i < ni; i++)
        out[i] = -INFINITY;
    /* chunks in increasing order for every item (the first of equal maxima is the argument, as in
     * fr_dense_max); past the last item or chunk, the block's first again, its results unused */
    for (uint32_t cb = 0; cb < nc; cb += 3) {
        const float *ch[3];
        for (uint32_t c = 0; c < 3; c++)
            ch[c] = rv + (size_t)(cb + c < nc ? cb + c : cb) * P->dim;
        uint32_t ncb = nc - cb < 3 ? nc - cb : 3;
        for (size_t ib = 0; ib < ni; ib += 2) {
            const float *it[2] = {fr_docset_unit_vec(P, u0 + ib), fr_docset_unit_vec(P, u0 + (ib + 1 < ni ? ib + 1 : ib))};
            float x[6];
            dots_canon23(it, ch, P->dim, x);
            for (size_t i = 0; i < 2 && ib + i < ni; i++)
                for (uint32_t c = 0; c < ncb; c++)
                    if (x[3 * i + c] > out[ib + i]) {
                        out[ib + i] = x[3 * i + c];
                        if (arg)
                            arg[ib + i] = (int32_t)(cb + c);
                    }
        }
    }
}

void fr_dense_max_hinted(const fr_docset *P, size_t u0, size_t ni, const float *rv, uint32_t nc, const uint16_t *hint,
                         float *out)
{
    const float *iv = ni ? fr_docset_unit_vec(P, u0) : NULL;
    size_t d = P->dim;
    for (size_t i = 0; i < ni; i++)
        out[i] = hint && hint[i] != FR_NO_HINT ? fr_dot_canon(iv + i * d, rv + (size_t)hint[i] * d, d)
                                               : dense_max_v(iv + i * d, d, rv, nc, NULL);
}

/* Four items against three chunks in any summation order (FMA where the clone has it: this is a
 * bound, not a score): twelve accumulators, and each step loads three chunk and four item segments
 * for twelve products — twice the products per load of one chunk against many items. */
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__)
__attribute__((target_clones("arch=x86-64-v3", "default"), optimize("fp-contract=fast")))
#endif
static void dots43(const float *const it[4], const float *const ch[3], size_t d, float out[12])
{
    /* written out by hand: as arrays and loops GCC 12 keeps the accumulators on the stack */
    fr_v8 a00 = {0}, a01 = {0}, a02 = {0}, a10 = {0}, a11 = {0}, a12 = {0};
    fr_v8 a20 = {0}, a21 = {0}, a22 = {0}, a30 = {0}, a31 = {0}, a32 = {0};
    size_t k = 0;
    for (; k + 8 <= d; k += 8) {
        fr_v8 c0, c1, c2, x;
        FR_LOAD8(c0, ch[0] + k);
        FR_LOAD8(c1, ch[1] + k);
        FR_LOAD8(c2, ch[2] + k);
        FR_LOAD8(x, it[0] + k);
        a00 += x * c0;
        a01 += x * c1;
        a02 += x * c2;
        FR_LOAD8(x, it[1] + k);
        a10 += x * c0;
        a11 += x * c1;
        a12 += x * c2;
        FR_LOAD8(x, it[2] + k);
        a20 += x * c0;
        a21 += x * c1;
        a22 += x * c2;
        FR_LOAD8(x, it[3] + k);
        a30 += x * c0;
        a31 += x * c1;
        a32 += x * c2;
    }
    float t[12] = {FR_HSUM8(a00), FR_HSUM8(a01), FR_HSUM8(a02), FR_HSUM8(a10), FR_HSUM8(a11), FR_HSUM8(a12),
                   FR_HSUM8(a20), FR_HSUM8(a21), FR_HSUM8(a22), FR_HSUM8(a30), FR_HSUM8(a31), FR_HSUM8(a32)};
    for (; k < d; k++)
        for (int i = 0; i < 4; i++)
            for (int c = 0; c < 3; c++)
                t[3 * i + c] += it[i][k] * ch[c][k];
    memcpy(out, t, sizeof t);
}

/* Two summation orders of the same products differ by at most 2·d·u·Σ|a_k·b_k| ≤ 2·d·u·|a|·|b|
 * (u = 2^-24, Cauchy–Schwarz); the margin doubles that, and the norms are rounded up by it too, so
 * the bound holds for any finite vectors, normalised or not. */
static float bound_gamma(size_t d) { return (float)(4.0 * (double)(d + 2) / 16777216.0); }

#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__)
__attribute__((target_clones("arch=x86-64-v3", "default"), optimize("fp-contract=fast")))
#endif
float fr_norm_up(const float *v, size_t d)
{
    fr_v8 acc = {0};
    size_t k = 0;
    for (; k + 8 <= d; k += 8) { /* eight lanes: the margin covers any order of the sum */
        fr_v8 x;
        FR_LOAD8(x, v + k);
        acc += x * x;
    }
    float n2 = FR_HSUM8(acc);
    for (; k < d; k++)
        n2 += v[k] * v[k];
    return sqrtf(n2) * (1.0f + bound_gamma(d));
}

/* The bound's running state of one item over its chunks: out the largest upper end so far (with
 * hints: among the chunks other than the hinted one, whose ends are up and lo). */
static void bound_init(size_t ni, float *out, uint16_t *hint, float *up, float *lo)
{
    for (size_t i = 0; i < ni; i++) {
        out[i] = -INFINITY;
        if (hint) {
            hint[i] = FR_NO_HINT;
            up[i] = lo[i] = -INFINITY;
        }
    }
}

/* Chunk c's fast product x with item i, m its margin. */
static inline void bound_step(size_t i, uint32_t c, float x, float m, float *out, uint16_t *hint, float *up, float *lo)
{
    float b = x + m;
    if (!hint) {
        if (b > out[i])
            out[i] = b;
    } else if (b > up[i]) {
        if (up[i] > out[i])
            out[i] = up[i];
        up[i] = b;
        lo[i] = x - m;
        hint[i] = c < FR_NO_HINT ? (uint16_t)c : FR_NO_HINT;
    } else if (b > out[i])
        out[i] = b;
}

static void bound_finish(size_t ni, float *out, uint16_t *hint, const float *up, const float *lo)
{
    if (hint)
        for (size_t i = 0; i < ni; i++) {
            /* the canonical value of every other chunk is below its upper end, and so below the
             * hinted chunk's lower end, which the hinted chunk's canonical value is above: only
             * that chunk can hold the canonical maximum */
            if (!(out[i] < lo[i]))
                hint[i] = FR_NO_HINT;
            if (up[i] > out[i])
                out[i] = up[i];
        }
}

void fr_dense_max_bound(const fr_docset *P, size_t u0, size_t ni, const float *inorm, const float *rv, uint32_t nc,
                        const float *cnorm, float *out, uint16_t *hint, float *scratch)
{
    size_t d = P->dim;
    const float gamma = bound_gamma(d);
    float *up = scratch, *lo = scratch ? scratch + ni : NULL;
    bound_init(ni, out, hint, up, lo);
    /* blocks of four items × three chunks; past the last of either, the first of the block again
     * (its results unused) */
    for (uint32_t cb = 0; cb < nc; cb += 3) {
        const float *ch[3];
        for (uint32_t c = 0; c < 3; c++)
            ch[c] = rv + (size_t)(cb + c < nc ? cb + c : cb) * d;
        uint32_t ncb = nc - cb < 3 ? nc - cb : 3;
        for (size_t ib = 0; ib < ni; ib += 4) {
            const float *it[4];
            for (size_t i = 0; i < 4; i++)
                it[i] = fr_docset_unit_vec(P, u0 + (ib + i < ni ? ib + i : ib));
            float x[12];
            dots43(it, ch, d, x);
            for (size_t i = 0; i < 4 && ib + i < ni; i++)
                for (uint32_t c = 0; c < ncb; c++)
                    bound_step(ib + i, cb + c, x[3 * i + c], gamma * inorm[ib + i] * cnorm[cb + c], out, hint, up, lo);
        }
    }
    bound_finish(ni, out, hint, up, lo);
}

typedef int32_t fr_i8 __attribute__((vector_size(32)));

/* What bound_step's sequence gives for one item's row of products x (margins gi · cnorm[c]): the
 * largest upper end b_c = x_c + gi · cnorm_c (*best, -inf when none; NaNs never taken), the first
 * chunk with it (*at, 0 when none), and the largest among the other chunks (*other) — in one pass
 * of eight lanes, each keeping its largest, the first chunk with it and its second largest (the
 * branches of a scalar pass were most of the time), folded at the end.  The same sums as the
 * scalar b (no contraction): the same bits. */
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__)
__attribute__((target_clones("avx2", "default")))
#endif
static void row_top2(const float *x, const float *cnorm, float gi, uint32_t nc, float *best, float *other, uint32_t *at)
{
    const fr_v8 ninf = {-INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY};
    fr_v8 m1 = ninf, m2 = ninf;
    fr_i8 idx = {0}, lane = {0, 1, 2, 3, 4, 5, 6, 7};
    /* the last chunks' lanes (past nc: -inf, which takes no place) in one step more, as their
     * own would have been: a scalar tail with its branches was a third of the time on a résumé's
     * few dozen chunks */
    float xt[8], ct[8];
    uint32_t nfull = nc / 8 * 8;
    for (uint32_t k = 0; k < 8; k++) {
        xt[k] = nfull + k < nc ? x[nfull + k] : -INFINITY;
        ct[k] = nfull + k < nc ? cnorm[nfull + k] : 0;
    }
    for (uint32_t c = 0; c < nc; c += 8) {
        fr_v8 xv, cv;
        if (c < nfull) {
            FR_LOAD8(xv, x + c);
            FR_LOAD8(cv, cnorm + c);
        } else {
            FR_LOAD8(xv, xt);
            FR_LOAD8(cv, ct);
        }
        fr_v8 b = xv + gi * cv;
        fr_i8 gt1 = b > m1, gt2 = b > m2;
        fr_i8 cvec = lane + (int32_t)c;
        /* m2: the old largest where b takes its place, else b where above it (NaN: neither) */
        fr_i8 m2n = ((fr_i8)m1 & gt1) | (((fr_i8)b & gt2) & ~gt1) | ((fr_i8)m2 & ~(gt1 | gt2));
        m2 = (fr_v8)m2n;
        m1 = (fr_v8)(((fr_i8)b & gt1) | ((fr_i8)m1 & ~gt1));
        idx = (cvec & gt1) | (idx & ~gt1);
    }
    float l1[8], l2[8];
    int32_t li[8];
    FR_STORE8(l1, m1);
    FR_STORE8(l2, m2);
    memcpy(li, &idx, sizeof li);
    float bst = -INFINITY;
    for (int k = 0; k < 8; k++)
        bst = l1[k] > bst ? l1[k] : bst;
    uint32_t a = UINT32_MAX;
    int ka = 0;
    for (int k = 0; k < 8; k++)
        if (l1[k] == bst && (uint32_t)li[k] < a) {
            a = (uint32_t)li[k];
            ka = k;
        }
    float oth = l2[ka];
    for (int k = 0; k < 8; k++)
        if (k != ka && l1[k] > oth)
            oth = l1[k];
    /* (the first chunk's own sum: a lane fold can meet +0 before -0) */
    *best = bst == -INFINITY ? -INFINITY : x[a] + gi * cnorm[a];
    *other = oth;
    *at = bst == -INFINITY ? 0 : a;
}

void fr_dense_max_bound_prod(const float *prod, size_t ld, size_t ni, uint32_t nc, size_t d, const float *inorm,
                             const float *cnorm, float *out, uint16_t *hint, float *scratch)
{
    const float gamma = bound_gamma(d);
    float *up = scratch, *lo = scratch ? scratch + ni : NULL;
    bound_init(ni, out, hint, up, lo);
    for (size_t i = 0; i < ni; i++) {
        const float *x = prod + i * ld;
        float gi = gamma * inorm[i], best, other;
        uint32_t at;
        row_top2(x, cnorm, gi, nc, &best, &other, &at);
        if (!hint || nc == 0) {
            out[i] = best;
            continue;
        }
        out[i] = other;
        up[i] = best;
        lo[i] = x[at] - gi * cnorm[at];
        hint[i] = at < FR_NO_HINT ? (uint16_t)at : FR_NO_HINT;
    }
    bound_finish(ni, out, hint, up, lo);
}

/* Four pairs' fr_dot_canon at once (the same bits: each pair's sixteen lanes accumulated in the
 * same order, a multiply then an add, the tail and the fold as there): one pair's sum is a chain
 * of sixteen dependent adds, and four independent chains hide each other's latency — phase 1
 * reads one canonical product per item, most of them of different chunks. */
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__)
__attribute__((target_clones("arch=x86-64-v4", "avx2", "default")))
#endif
static void dots_canon4(const float *const a[4], const float *const b[4], size_t d, float out[4])
{
    fr_v16 s0 = {0}, s1 = {0}, s2 = {0}, s3 = {0};
    size_t i = 0;
    for (; i + 16 <= d; i += 16) {
        fr_v16 x, y;
        FR_LOAD16(x, a[0] + i);
        FR_LOAD16(y, b[0] + i);
        s0 += x * y;
        FR_LOAD16(x, a[1] + i);
        FR_LOAD16(y, b[1] + i);
        s1 += x * y;
        FR_LOAD16(x, a[2] + i);
        FR_LOAD16(y, b[2] + i);
        s2 += x * y;
        FR_LOAD16(x, a[3] + i);
        FR_LOAD16(y, b[3] + i);
        s3 += x * y;
    }
    float lane[4][16];
    memcpy(lane[0], &s0, sizeof s0);
    memcpy(lane[1], &s1, sizeof s1);
    memcpy(lane[2], &s2, sizeof s2);
    memcpy(lane[3], &s3, sizeof s3);
    for (int p = 0; p < 4; p++) {
        float *l = lane[p];
        for (size_t j = i, k = 0; j < d; j++, k++)
            l[k] += a[p][j] * b[p][j];
        for (size_t w = 8; w; w /= 2)
            for (size_t k = 0; k < w; k++)
                l[k] += l[k + w];
        out[p] = l[0];
    }
}

/* Pairs (item, chunk) whose canonical products fr_dense_max_prod has asked for, computed four at a
 * time when the list fills and at the end. */
enum { MAXP_PEND = 64 };
typedef struct {
    const float *iv, *rv;
    size_t d;
    float *out;
    uint32_t n, item[MAXP_PEND], chunk[MAXP_PEND];
    unsigned char single[MAXP_PEND];
} maxp_pend;

static void maxp_flush(maxp_pend *pd)
{
    float v[MAXP_PEND + 3];
    for (uint32_t p = 0; p < pd->n; p += 4) {
        const float *a[4], *b[4];
        for (uint32_t k = 0; k < 4; k++) { /* past the last, the first again (unused) */
            uint32_t at = p + k < pd->n ? p + k : p;
            a[k] = pd->iv + (size_t)pd->item[at] * pd->d;
            b[k] = pd->rv + (size_t)pd->chunk[at] * pd->d;
        }
        dots_canon4(a, b, pd->d, v + p);
    }
    /* in the order asked: an item's chunks in ascending order, its maximum as dense_max_v takes it */
    for (uint32_t p = 0; p < pd->n; p++) {
        float *o = pd->out + pd->item[p];
        *o = pd->single[p] || v[p] > *o ? v[p] : *o;
    }
    pd->n = 0;
}

static void maxp_ask(maxp_pend *pd, uint32_t item, uint32_t chunk, int single)
{
    if (pd->n == MAXP_PEND)
        maxp_flush(pd);
    /* the item's float vector: phase 1's bfloat16 products never read it, so it comes from the
     * last level cache — asked for now, used at the flush */
    if (pd->n == 0 || pd->item[pd->n - 1] != item)
        for (size_t k = 0; k < pd->d; k += 16)
            __builtin_prefetch(pd->iv + (size_t)item * pd->d + k);
    pd->item[pd->n] = item;
    pd->chunk[pd->n] = chunk;
    pd->single[pd->n++] = (unsigned char)single;
}

void fr_dense_max_prod(const float *prod, size_t ld, size_t ni, uint32_t nc, int bf16, const float *inorm,
                       const float *cnorm, const fr_docset *P, size_t u0, const float *rv, float *out)
{
    size_t d = P->dim;
    const float gamma = bf16 ? fr_bf16_gamma(d) : bound_gamma(d);
    maxp_pend pd = {ni ? fr_docset_unit_vec(P, u0) : NULL, rv, d, out, 0, {0}, {0}, {0}};
    /* the absolute part of the margin at the largest norms: one for all (it is ~2⁻¹¹⁵) */
    float cmax = 0, imax = 0;
    for (uint32_t c = 0; c < nc; c++)
        cmax = cnorm[c] > cmax ? cnorm[c] : cmax;
    for (size_t i = 0; i < ni; i++)
        imax = inorm[i] > imax ? inorm[i] : imax;
    const float fl = bf16 ? fr_bf16_floor(d, imax, cmax) : 0;
    for (size_t i = 0; i < ni; i++) {
        const float *x = prod + i * ld;
        float gi = gamma * inorm[i], best, other;
        uint32_t at;
        out[i] = -INFINITY;
        if (nc == 0)
            continue;
        row_top2(x, cnorm, gi, nc, &best, &other, &at);
        /* chunk c's canonical product is at most its upper end plus fl, the top chunk's at least
         * its lower end minus fl: a chunk whose end lies below thr cannot hold the maximum, nor
         * tie it (NaNs compare false: kept) */
        float thr = x[at] - gi * cnorm[at] - 2 * fl;
        if (other < thr) {
            maxp_ask(&pd, (uint32_t)i, at, 1);
            continue;
        }
        for (uint32_t c = 0; c < nc; c++)
            if (!(x[c] + gi * cnorm[c] < thr))
                maxp_ask(&pd, (uint32_t)i, c, 0);
    }
    maxp_flush(&pd);
}


size_t fr_dense_panel_width(uint32_t nc) { return ((size_t)nc + 7) / 8 * 8; }

/* Rows [0, n) of d floats, ld apart, as a panel w wide: row k of the panel their k-th components,
 * zero past n (fr_dense_panel, fr_dense_gemm_nt's slabs). */
static void panel_of(const float *rows, size_t ld, size_t n, size_t d, size_t w, float *panel)
{
    for (size_t k = 0; k < d; k++) {
        float *row = panel + k * w;
        for (size_t c = 0; c < n; c++)
            row[c] = rows[c * ld + k];
        for (size_t c = n; c < w; c++)
            row[c] = 0;
    }
}

void fr_dense_panel(const float *rv, uint32_t nc, size_t d, float *panel)
{
    panel_of(rv, d, nc, d, fr_dense_panel_width(nc), panel);
}

/* Eight items against eight (prods8), sixteen (prods16) or thirty-two (prods32) lanes of a chunk
 * panel, in any order (FMA where the clone has it: a bound, not a score): per step one item
 * element broadcast against a panel row — an sgemm micro-kernel's outer product, the items read
 * in place (no copy, no packing: with them an sgemm on a résumé's 12–73 chunks ran at 0.5–0.65 of
 * this rate), the sums left in the lanes (no horizontal adds).  Written out by hand, as dots43
 * is.  out: row i at out + i · ldo, the first n rows stored. */
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__)
#define FR_PRODS_CLONES                                                                                      \
    __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default"), optimize("fp-contract=fast")))
#else
#define FR_PRODS_CLONES
#endif

/* prods8 and prods16: one vector VT of a panel row's lanes (fr_v8, fr_v16) a step. */
#define FR_PRODS_ONE(NAME, VT)                                                                               \
    FR_PRODS_CLONES static void NAME(const float *const it[8], size_t n, const float *pan, size_t w, size_t d,   \
                                     float *out, size_t ldo)                                                 \
    {                                                                                                        \
        VT a0 = {0}, a1 = {0}, a2 = {0}, a3 = {0}, a4 = {0}, a5 = {0}, a6 = {0}, a7 = {0};                   \
        const float *i0 = it[0], *i1 = it[1], *i2 = it[2], *i3 = it[3], *i4 = it[4], *i5 = it[5],            \
                    *i6 = it[6], *i7 = it[7];                                                                \
        for (size_t k = 0; k < d; k++) {                                                                     \
            VT c;                                                                                            \
            memcpy(&c, pan + k * w, sizeof c);                                                               \
            a0 += i0[k] * c;                                                                                 \
            a1 += i1[k] * c;                                                                                 \
            a2 += i2[k] * c;                                                                                 \
            a3 += i3[k] * c;                                                                                 \
            a4 += i4[k] * c;                                                                                 \
            a5 += i5[k] * c;                                                                                 \
            a6 += i6[k] * c;                                                                                 \
            a7 += i7[k] * c;                                                                                 \
        }                                                                                                    \
        VT r[8] = {a0, a1, a2, a3, a4, a5, a6, a7};                                                          \
        for (size_t i = 0; i < n; i++)                                                                       \
            memcpy(out + i * ldo, &r[i], sizeof r[i]);                                                       \
    }

FR_PRODS_ONE(prods8, fr_v8)
FR_PRODS_ONE(prods16, fr_v16)

FR_PRODS_CLONES
static void prods32(const float *const it[8], size_t n, const float *pan, size_t w, size_t d, float *out, size_t ldo)
{
    fr_v16 a0 = {0}, a1 = {0}, a2 = {0}, a3 = {0}, a4 = {0}, a5 = {0}, a6 = {0}, a7 = {0};
    fr_v16 b0 = {0}, b1 = {0}, b2 = {0}, b3 = {0}, b4 = {0}, b5 = {0}, b6 = {0}, b7 = {0};
    const float *i0 = it[0], *i1 = it[1], *i2 = it[2], *i3 = it[3], *i4 = it[4], *i5 = it[5], *i6 = it[6],
                *i7 = it[7];
    for (size_t k = 0; k < d; k++) {
        fr_v16 c, e;
        FR_LOAD16(c, pan + k * w);
        FR_LOAD16(e, pan + k * w + 16);
        a0 += i0[k] * c;
        b0 += i0[k] * e;
        a1 += i1[k] * c;
        b1 += i1[k] * e;
        a2 += i2[k] * c;
        b2 += i2[k] * e;
        a3 += i3[k] * c;
        b3 += i3[k] * e;
        a4 += i4[k] * c;
        b4 += i4[k] * e;
        a5 += i5[k] * c;
        b5 += i5[k] * e;
        a6 += i6[k] * c;
        b6 += i6[k] * e;
        a7 += i7[k] * c;
        b7 += i7[k] * e;
    }
    fr_v16 r[16] = {a0, b0, a1, b1, a2, b2, a3, b3, a4, b4, a5, b5, a6, b6, a7, b7};
    for (size_t i = 0; i < n; i++) {
        FR_STORE16(out + i * ldo, r[2 * i]);
        FR_STORE16(out + i * ldo + 16, r[2 * i + 1]);
    }
}

void fr_dense_prods(const float *const *items, size_t ni, size_t d, const float *panel, uint32_t nc, float *prod)
{
    size_t w = fr_dense_panel_width(nc);
    for (size_t cg = 0; cg < w;) {
        size_t g = w - cg >= 32 ? 32 : w - cg >= 16 ? 16 : 8;
        for (size_t ib = 0; ib < ni; ib += 8) {
            /* past the last item, the block's first again (its products not stored) */
            const float *it[8];
            for (size_t i = 0; i < 8; i++)
                it[i] = items[ib + (ib + i < ni ? i : 0)];
            size_t n = ni - ib < 8 ? ni - ib : 8;
            float *out = prod + ib * w + cg;
            if (g == 32)
                prods32(it, n, panel + cg, w, d, out, w);
            else if (g == 16)
                prods16(it, n, panel + cg, w, d, out, w);
            else
                prods8(it, n, panel + cg, w, d, out, w);
        }
        cg += g;
    }
}

size_t fr_dense_gemm_scratch(size_t d) { return d * 32 + 8 * 32; }

void fr_dense_gemm_nt(const float *a, size_t na, size_t lda, const float *b, size_t nb, size_t ldb, size_t d, float *c,
                      size_t ldc, float *scratch)
{
    float *slab = scratch, *tmp = scratch + d * 32;
    for (size_t j0 = 0; j0 < nb; j0 += 32) {
        /* 32 of b's rows as a panel (k-major, zero past the last): in L1 for every block of a's rows */
        size_t nj = nb - j0 < 32 ? nb - j0 : 32;
        panel_of(b + j0 * ldb, ldb, nj, d, 32, slab);
        for (size_t ib = 0; ib < na; ib += 8) {
            const float *it[8];
            for (size_t i = 0; i < 8; i++)
                it[i] = a + (ib + (ib + i < na ? i : 0)) * lda;
            size_t n = na - ib < 8 ? na - ib : 8;
            if (nj == 32) {
                prods32(it, n, slab, 32, d, c + ib * ldc + j0, ldc);
                continue;
            }
            prods32(it, n, slab, 32, d, tmp, 32);
            for (size_t i = 0; i < n; i++)
                memcpy(c + (ib + i) * ldc + j0, tmp + i * 32, nj * sizeof *c);
        }
    }
}

/* The pair's parts besides its items (context, coverage means, skill coverage) into pe, and the
 * score's terms — the same arithmetic for a pair and for its bound. */
static void pair_finish(const fr_score_params *sp, const fr_docset *P, size_t p, const uint64_t *bits, double sum_req,
                        double sum_pref, double ctx_lex, double ctx_dense, fr_pair_eval *pe, fr_score_terms *st)
{
    pe->ctx_lex = clamp01(ctx_lex);
    pe->ctx_dense = clamp01(ctx_dense);
    pe->ctx = clamp01(sp->beta_ctx * pe->ctx_lex + (1 - sp->beta_ctx) * pe->ctx_dense);
    pe->req_cov = pe->req_total ? (float)(sum_req / pe->req_total) : -1.0f;
    pe->pref_cov = pe->pref_total ? (float)(sum_pref / pe->pref_total) : -1.0f;
    /* skill coverage: a posting's skills as a set, so that "Java" asked in three items counts
     * once, and a long résumé is not penalised for naming more (cosine would) */
    const uint64_t *pb = fr_docset_skill_bits(P, p);
    pe->skills_total += fr_popcount(pb, P->n_skill_words);
    pe->skills_have += fr_popcount_and(pb, bits, P->n_skill_words);
    pe->skill_cov = pe->skills_total ? (float)pe->skills_have / (float)pe->skills_total : -1.0f;
    fr_score_combine(sp, pe, st);
}

/* Item u's coverage against résumé r can be no more than this: the most fact its verdict can set
 * (fr_verdict_most; noshow: no line of r shows its words) scales fact_floor + (1 − fact_floor) ·
 * evidence as item_verdict computes it; an undecided or unknown item's coverage is its evidence.
 * `evidence` is the item's at its most. */
static float cov_bound(const fr_score_params *sp, const fr_docset *P, uint32_t u, const fr_docset *R, size_t r,
                       int noshow, float evidence)
{
    float fact;
    int unknown;
    fr_verdict_most(P, u, R, r, sp, noshow, &fact, &unknown);
    float f = (float)(fact * (sp->fact_floor + (1 - sp->fact_floor) * evidence));
    return unknown && evidence > f ? evidence : f;
}

static int noshow_bit(const fr_pair_parts *parts, uint32_t i)
{
    return parts && i < 64 && (parts->noshow >> i & 1);
}

/* fr_verdict_ctx.lines of item i: 1 a line of r shows it, 0 none does, -1 not known. */
static int lines_of(const fr_pair_parts *parts, uint32_t i)
{
    return parts && i < 64 && (parts->lines_known >> i & 1) ? !(parts->noshow >> i & 1) : -1;
}

fr_status fr_score_upper(fr_scorer *s, const fr_docset *P, size_t p, const fr_docset *R, size_t r,
                         const fr_pair_parts *parts, fr_pair_eval *out, fr_error *err)
{
    /* what the bound reads is verified first, as fr_score_pair verifies it: a damaged document
     * gives an error, never a bound that leaves it out */
    fr_status cs = fr_docset_check_scoring(P, p, err);
    if (cs == FR_OK)
        cs = fr_docset_check_scoring(R, r, err);
    if (cs != FR_OK)
        return cs;
    const fr_score_params *sp = &s->sp;
    uint32_t u0 = P->unit_start.v[p], ni = P->unit_start.v[p + 1] - u0, n_req = P->n_req.v[p];
    const uint64_t *bits = fr_docset_skill_bits(R, r);
    double sum_req = 0, sum_pref = 0;
    /* without bulk lexical parts: the masses and the lexical context as fr_score_pair computes
     * them (the same sums in the same order), the chunks' lexical maximum at its most (it only
     * enters the evidence through beta; its walk over every chunk is what is saved) */
    int lex_given = parts->lex != NULL;
    double ctx_lex = parts->ctx_lex;
    if (!lex_given) {
        if (set_posting(s, P, p) != FR_OK) {
            s->P = NULL;
            return fr_fail(err, FR_ENOMEM, "out of memory");
        }
        ctx_lex = mark_present(s, R, r);
    }
    fr_pair_eval pe = {0};
    pe.gate = 1;
    for (uint32_t i = 0; i < ni; i++) {
        fr_item_eval ev = {0};
        ev.lex = lex_given ? clamp01(parts->lex[(size_t)i * parts->stride]) : sp->beta != 0;
        ev.dense = clamp01(parts->dense[(size_t)i * parts->stride]);
        ev.mass = lex_given ? clamp01(parts->mass[(size_t)i * parts->stride]) : present_mass(s, P, u0 + i, i);
        item_evidence(sp, P, u0 + i, bits, &ev);
        float ub = cov_bound(sp, P, u0 + i, R, r, noshow_bit(parts, i), ev.evidence);
        if (i < n_req) {
            sum_req += ub;
            pe.req_total++;
        } else {
            sum_pref += ub;
            pe.pref_total++;
        }
    }
    if (!lex_given)
        clear_present(s);
    fr_score_terms st;
    pair_finish(sp, P, p, bits, sum_req, sum_pref, ctx_lex,
                parts->ctx_dense ? *parts->ctx_dense
                                 : fr_dot_canon(fr_docset_doc_vec(P, p), fr_docset_doc_vec(R, r), P->dim),
                &pe, &st);
    pe.score = clamp01(st.score);
    *out = pe;
    return FR_OK;
}

fr_status fr_score_upper_many(fr_scorer *s, const fr_docset *P, size_t p, const fr_docset *R, size_t r0, size_t n,
                              const fr_pair_parts *base, const float *ctx_lex, const uint64_t *noshow,
                              fr_pair_eval *out, fr_error *err)
{
    fr_status cs = fr_docset_check_scoring(P, p, err);
    for (size_t j = 0; j < n && cs == FR_OK; j++)
        cs = fr_docset_check_scoring(R, r0 + j, err);
    if (cs != FR_OK)
        return cs;
    if (n > s->ub_cap) {
        size_t cap = n < 256 ? 256 : n;
        double *a = realloc(s->ub_req, cap * sizeof *a), *b = a ? realloc(s->ub_pref, cap * sizeof *b) : NULL;
        if (a)
            s->ub_req = a;
        if (b)
            s->ub_pref = b;
        if (!a || !b)
            return fr_fail(err, FR_ENOMEM, "out of memory");
        s->ub_cap = cap;
    }
    const fr_score_params *sp = &s->sp;
    uint32_t u0 = P->unit_start.v[p], ni = P->unit_start.v[p + 1] - u0, n_req = P->n_req.v[p];
    for (size_t j = 0; j < n; j++)
        s->ub_req[j] = s->ub_pref[j] = 0;
    /* item by item over the résumés, each pair's sums in item order as fr_score_upper's: what an
     * item's bound needs of the item (its kind's mode, its skills) is read once, not per pair */
    for (uint32_t i = 0; i < ni; i++) {
        uint32_t u = u0 + i;
        fr_most_mode mode = fr_verdict_most_mode(P, u);
        size_t ns;
        const uint32_t *sk = fr_docset_item_skills(P, u, &ns);
        int any_of = fr_docset_item(P, u)->any_of;
        const float *dn = base->dense + (size_t)i * base->stride, *lx = base->lex + (size_t)i * base->stride,
                    *ms = base->mass + (size_t)i * base->stride;
        double *sum = i < n_req ? s->ub_req : s->ub_pref;
        for (size_t j = 0; j < n; j++) {
            fr_item_eval ev;
            ev.lex = clamp01(lx[j]);
            ev.dense = clamp01(dn[j]);
            ev.mass = clamp01(ms[j]);
            ev.skill = ns ? skill_share(fr_docset_skill_bits(R, r0 + j), sk, ns, any_of) : -1;
            ev.text = clamp01(sp->beta * ev.lex + (1 - sp->beta) * ev.dense);
            double share = ev.skill > ev.mass ? ev.skill : ev.mass;
            ev.evidence = clamp01(sp->alpha * ev.text + (1 - sp->alpha) * share);
            float fact = 1;
            int unknown = 1;
            if (mode == FR_MOST_SKILLS)
                fr_verdict_most(P, u, R, r0 + j, sp, i < 64 && (noshow[j] >> i & 1), &fact, &unknown);
            else if (mode == FR_MOST_EVIDENCE)
                fact = 0;
            else if (mode == FR_MOST_LINES) {
                fact = i < 64 && (noshow[j] >> i & 1) ? 0.5f : 1.0f;
                unknown = R->unit_start.v[r0 + j + 1] - R->unit_start.v[r0 + j] < sp->v_detailed;
            }
            /* cov_bound's arithmetic */
            float f = (float)(fact * (sp->fact_floor + (1 - sp->fact_floor) * ev.evidence));
            sum[j] += unknown && ev.evidence > f ? ev.evidence : f;
        }
    }
    for (size_t j = 0; j < n; j++) {
        fr_pair_eval pe = {0};
        pe.gate = 1;
        pe.req_total = n_req;
        pe.pref_total = ni - n_req;
        fr_score_terms st;
        pair_finish(sp, P, p, fr_docset_skill_bits(R, r0 + j), s->ub_req[j], s->ub_pref[j], ctx_lex[j],
                    base->ctx_dense[j], &pe, &st);
        pe.score = clamp01(st.score);
        out[j] = pe;
    }
    return FR_OK;
}

static fr_status score_pair(fr_scorer *s, const fr_docset *P, size_t p, const fr_docset *R, size_t r,
                             const fr_pair_parts *parts, fr_pair_enter enter, void *ctx, int *cut, fr_pair_eval *out,
                             fr_item_eval *items, fr_error *err);

fr_status fr_score_pair(fr_scorer *s, const fr_docset *P, size_t p, const fr_docset *R, size_t r,
                        const fr_pair_parts *parts, fr_pair_eval *out, fr_item_eval *items, fr_error *err)
{
    return score_pair(s, P, p, R, r, parts, NULL, NULL, NULL, out, items, err);
}

fr_status fr_score_pair_cut(fr_scorer *s, const fr_docset *P, size_t p, const fr_docset *R, size_t r,
                            const fr_pair_parts *parts, fr_pair_enter enter, void *ctx, int *cut, fr_pair_eval *out,
                            fr_error *err)
{
    *cut = 0;
    return score_pair(s, P, p, R, r, parts, enter, ctx, cut, out, NULL, err);
}

void fr_score_proxy_posting(const fr_score_params *sp, const fr_docset *P, size_t p, fr_proxy_item *items,
                            fr_proxy_posting *out)
{
    uint32_t u0 = P->unit_start.v[p], ni = P->unit_start.v[p + 1] - u0;
    for (uint32_t i = 0; i < ni; i++) {
        const fr_unit_item *it = fr_docset_item(P, u0 + i);
        size_t ns;
        items[i].sk = fr_docset_item_skills(P, u0 + i, &ns);
        items[i].ns = (uint32_t)ns;
        items[i].any_of = it->any_of;
        int words = P->unit_words.ptr.v[u0 + i + 1] > P->unit_words.ptr.v[u0 + i];
        int records = it->kind == FR_KIND_EXPERIENCE || it->kind == FR_KIND_EDUCATION || it->kind == FR_KIND_ENROLMENT ||
                      it->kind == FR_KIND_LANGUAGE || it->kind == FR_KIND_CERTIFICATION;
        items[i].cls = it->kind != FR_KIND_SKILL && it->kind != FR_KIND_OTHER ? (records ? 3 : 0) : ns || words ? 1 : 2;
    }
    out->sp = sp;
    out->items = items;
    out->ni = ni;
    out->n_req = P->n_req.v[p];
    out->pskills = fr_docset_skill_bits(P, p);
    out->n_skill_words = P->n_skill_words;
    out->skills_total = fr_popcount(out->pskills, P->n_skill_words);
}

/* ln x for finite x > 0 to ~1e-3 (exponent from the bits, a cubic for the mantissa): the proxy orders a
 * pool by a sum of logs, a hundred million of them at 100k résumés × 1k postings, where libm's
 * exact one was a third of the proxy's time. */
static float proxy_log(float x)
{
    uint32_t b;
    memcpy(&b, &x, sizeof b);
    int e = (int)(b >> 23 & 255) - 127;
    b = (b & 0x007FFFFFu) | 0x3F800000u;
    float m;
    memcpy(&m, &b, sizeof m);
    /* log2 m on [1, 2): a cubic through 0 at 1 and 1 at 2 (least squares, error ≤ 1.1e-3,
     * increasing: the order of the terms is kept) */
    float t = m - 1;
    float l2 = t * (1.42086454f + t * (-0.57725065f + t * 0.15638611f));
    return ((float)e + l2) * 0.69314718f;
}

/* the shrunk coverage's term of form 1, in float (shrunk, fr_score_combine) */
static float proxy_term(const fr_score_params *sp, float sum, uint32_t n)
{
    float v = n ? (sum + (float)(sp->shrink * sp->prior)) / ((float)n + (float)sp->shrink) : (float)sp->prior;
    return (float)sp->floor + (1 - (float)sp->floor) * v;
}

/* (The skill term is at most 1 — its log 0 — and added last: key = ctx term + a term ≤ 0, which
 * rounds to no more than the ctx term; fr_score_ctx_skill_most is that.) */
float fr_score_ctx_skill_most(const fr_score_params *sp, float ctx)
{
    if (sp->form != 1)
        return (float)sp->w_ctx * ctx + (float)sp->w_skill;
    return sp->w_ctx > 0 ? (float)sp->w_ctx * proxy_log((float)sp->floor + (1 - (float)sp->floor) * ctx) : 0;
}

float fr_score_ctx_skill_key(const fr_score_params *sp, float ctx, unsigned have, unsigned total)
{
    float sk = total ? (float)have / (float)total : 0;
    if (sp->form != 1)
        return (float)sp->w_ctx * ctx + (total ? (float)sp->w_skill * sk : 0);
    float key = 0;
    if (sp->w_ctx > 0)
        key += (float)sp->w_ctx * proxy_log((float)sp->floor + (1 - (float)sp->floor) * ctx);
    if (sp->w_skill > 0)
        key += (float)sp->w_skill * proxy_log(proxy_term(sp, (float)have, total));
    return key;
}

/* One item's term of the proxy for résumés j of [0, nj): its evidence from the product dv[j] and
 * the skill share sh[j], the fact as fr_score_proxy defines it (cls; shown: bit g0 + j of mrow,
 * NULL none), added to sum[j].  Each class its own loop without branches, so that the compiler
 * vectorises it — the same operations on each résumé in the same order: the same bits (without
 * trapping math the comparisons of a clamp may all be made, which is what lets it: they set no
 * value, only floating-point exception flags, which nothing reads). */
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__)
__attribute__((target_clones("avx2", "default"), optimize("no-trapping-math")))
#endif
static void proxy_item(float alpha, float ff, int cls, const uint64_t *mrow, size_t g0, const float *dv,
                       const float *sh, size_t nj, float *sum)
{
    if (cls == 2) {
        for (size_t j = 0; j < nj; j++) {
            float x = dv[j], y = sh[j];
            float lo = x < 0 ? 0 : x, dense = lo > 1 ? 1 : lo; /* each test made: no branch */
            float ev = alpha * dense + (1 - alpha) * y;
            sum[j] += ev > 1 ? 1 : ev;
        }
        return;
    }
    if (cls != 1) { /* fact 1 (classes 0 and 3): 1 · x is x */
        for (size_t j = 0; j < nj; j++) {
            float x = dv[j], y = sh[j];
            float lo = x < 0 ? 0 : x, dense = lo > 1 ? 1 : lo; /* each test made: no branch */
            float ev = alpha * dense + (1 - alpha) * y;
            ev = ev > 1 ? 1 : ev;
            sum[j] += ff + (1 - ff) * ev;
        }
        return;
    }
    /* 32 résumés at a time read their 32 bits of the lines' test at once (lanes of 32 bits, as
     * the floats'; a pool block starts at a multiple of 64, but any start is read right) */
    for (size_t j0 = 0; j0 < nj; j0 += 32) {
        uint32_t n = nj - j0 < 32 ? (uint32_t)(nj - j0) : 32, word = 0;
        if (mrow) {
            size_t g = g0 + j0, b = g % 64;
            uint64_t w = mrow[g / 64] >> b;
            if (b && b + n > 64)
                w |= mrow[g / 64 + 1] << (64 - b);
            word = (uint32_t)w;
        }
        const float *x0 = dv + j0, *y0 = sh + j0;
        float *s0 = sum + j0;
        for (uint32_t k = 0; k < n; k++) {
            float x = x0[k], y = y0[k];
            float lo = x < 0 ? 0 : x, dense = lo > 1 ? 1 : lo;
            float ev = alpha * dense + (1 - alpha) * y;
            ev = ev > 1 ? 1 : ev;
            float half = y > 0.5f ? y : 0.5f, fact = (word >> k & 1u) ? 1.0f : half;
            s0[k] += fact * (ff + (1 - ff) * ev);
        }
    }
}

/* Item it's skill share (skill_share) against résumés j of [0, nj), into sh: without skills 0 (set
 * in vector steps: a branch a résumé was a tenth of the proxy), with them each share read from a
 * table of its possible values (the same quotients, one division per count instead of per
 * résumé). */
static void proxy_shares(const fr_proxy_item *it, const uint64_t *const *rbits, size_t nj, float *sh)
{
    uint32_t ns = it->ns;
    if (!ns) {
        memset(sh, 0, nj * sizeof *sh);
        return;
    }
    float tab[65];
    if (ns > 64) {
        for (size_t j = 0; j < nj; j++)
            sh[j] = skill_share(rbits[j], it->sk, ns, it->any_of);
        return;
    }
    for (uint32_t h = 0; h <= ns; h++)
        tab[h] = it->any_of ? (h ? 1.0f : 0.0f) : (float)h / (float)ns;
    for (size_t j = 0; j < nj; j++) {
        uint32_t hit = 0;
        for (uint32_t k = 0; k < ns; k++)
            hit += (uint32_t)has_skill(rbits[j], it->sk[k]);
        sh[j] = tab[hit];
    }
}

/* One résumé's key from its items' sums (required s0, preferred s1), the documents' product c and
 * its skill bits: fr_score_combine's form in float (form 1 its log). */
static inline float proxy_combine(const fr_proxy_posting *pp, float s0, float s1, float c, const uint64_t *rbits)
{
    const fr_score_params *sp = pp->sp;
    uint32_t np = pp->ni - pp->n_req;
    c = c < 0 ? 0 : c > 1 ? 1 : c;
    uint32_t have = fr_popcount_and(pp->pskills, rbits, pp->n_skill_words);
    if (sp->form != 1) { /* arithmetic: the parts present, weighted */
        float num = (float)sp->w_ctx * c, den = (float)sp->w_ctx;
        if (pp->n_req) {
            num += (float)sp->w_req * s0 / (float)pp->n_req;
            den += (float)sp->w_req;
        }
        if (np) {
            num += (float)sp->w_pref * s1 / (float)np;
            den += (float)sp->w_pref;
        }
        if (pp->skills_total) {
            num += (float)sp->w_skill * (float)have / (float)pp->skills_total;
            den += (float)sp->w_skill;
        }
        return den > 0 ? num / den : 0;
    }
    float num = 0;
    if (sp->w_ctx > 0)
        num += (float)sp->w_ctx * proxy_log((float)sp->floor + (1 - (float)sp->floor) * c);
    if (sp->w_req > 0)
        num += (float)sp->w_req * proxy_log(proxy_term(sp, s0, pp->n_req));
    if (sp->w_pref > 0)
        num += (float)sp->w_pref * proxy_log(proxy_term(sp, s1, np));
    if (sp->w_skill > 0)
        num += (float)sp->w_skill * proxy_log(proxy_term(sp, (float)have, pp->skills_total));
    return num;
}

/* proxy_combine of résumés [0, nj) (scratch: nj floats): term by term over the résumés, each loop
 * without a branch so that it runs in vectors — each key the same sum, in the same order, of the
 * same float operations as proxy_combine's (its logs were a tenth of the proxy lists' time, one
 * résumé at a time).  The clamp's tests are the quiet ones (isless: the same answers, NaN too), which
 * may all be made; optimize("no-trapping-math") would allow `<` instead, but GCC 12 then leaves
 * proxy_log's integer steps unvectorised. */
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__)
__attribute__((target_clones("arch=x86-64-v4", "avx2", "default")))
#endif
static void proxy_combine_all(const fr_proxy_posting *pp, const float *s0, const float *s1, const float *ctx,
                              const uint64_t *const *rbits, size_t nj, float *scratch, float *out)
{
    const fr_score_params *sp = pp->sp;
    if (sp->form != 1) {
        for (size_t j = 0; j < nj; j++)
            out[j] = proxy_combine(pp, s0[j], s1[j], ctx[j], rbits[j]);
        return;
    }
    /* proxy_term's operands, each as it converts them */
    float fl = (float)sp->floor, one_fl = 1 - (float)sp->floor, prior = (float)sp->prior;
    float shp = (float)(sp->shrink * sp->prior), shr = (float)sp->shrink;
    float w_ctx = (float)sp->w_ctx, w_req = (float)sp->w_req, w_pref = (float)sp->w_pref, w_skill = (float)sp->w_skill;
    if (sp->w_ctx > 0)
        for (size_t j = 0; j < nj; j++) {
            float c = ctx[j];
            c = isless(c, 0) ? 0 : isgreater(c, 1) ? 1 : c;
            out[j] = 0.0f + w_ctx * proxy_log(fl + one_fl * c); /* (0 + x, as num's: −0 → +0) */
        }
    else
        for (size_t j = 0; j < nj; j++)
            out[j] = 0;
    const float *sums[2] = {s0, s1};
    double ws[2] = {sp->w_req, sp->w_pref};
    float wf[2] = {w_req, w_pref};
    uint32_t ns[2] = {pp->n_req, pp->ni - pp->n_req};
    for (int k = 0; k < 2; k++) {
        if (!(ws[k] > 0))
            continue;
        const float *sk = sums[k];
        if (!ns[k]) {
            float t = wf[k] * proxy_log(fl + one_fl * prior);
            for (size_t j = 0; j < nj; j++)
                out[j] += t;
            continue;
        }
        float den = (float)ns[k] + shr;
        for (size_t j = 0; j < nj; j++)
            out[j] += wf[k] * proxy_log(fl + one_fl * ((sk[j] + shp) / den));
    }
    if (sp->w_skill > 0) {
        for (size_t j = 0; j < nj; j++)
            scratch[j] = (float)fr_popcount_and(pp->pskills, rbits[j], pp->n_skill_words);
        uint32_t tot = pp->skills_total;
        float den = (float)tot + shr, t0 = w_skill * proxy_log(fl + one_fl * prior);
        if (!tot)
            for (size_t j = 0; j < nj; j++)
                out[j] += t0;
        else
            for (size_t j = 0; j < nj; j++)
                out[j] += w_skill * proxy_log(fl + one_fl * ((scratch[j] + shp) / den));
    }
}

void fr_score_proxy(const fr_proxy_posting *pp, const float *idoc, size_t stride, const uint64_t *const *met, size_t g0,
                    const uint64_t *const *rbits, const float *ctx, size_t nj, float *scratch, float *out)
{
    const fr_score_params *sp = pp->sp;
    float alpha = (float)sp->alpha, ff = (float)sp->fact_floor;
    float *sum0 = scratch, *sum1 = scratch + nj, *share = scratch + 2 * nj;
    for (size_t j = 0; j < nj; j++)
        sum0[j] = sum1[j] = 0;
    /* item by item over the résumés (each row of products read in order), each résumé's sums
     * taken in item order as one pair's would be */
    for (uint32_t i = 0; i < pp->ni; i++) {
        const fr_proxy_item *it = &pp->items[i];
        proxy_shares(it, rbits, nj, share);
        proxy_item(alpha, ff, it->cls, it->cls == 1 && i < 64 ? met[i] : NULL, g0, idoc + (size_t)i * stride, share, nj,
                   i >= pp->n_req ? sum1 : sum0);
    }
    proxy_combine_all(pp, sum0, sum1, ctx, rbits, nj, share, out);
}

float fr_score_proxy_one(fr_scorer *s, const fr_proxy_posting *pp, const fr_docset *P, size_t p, const fr_docset *R,
                         size_t r, const fr_word_index *wix, const fr_doc_words *dw, const float *idoc, size_t stride,
                         uint64_t shown, uint64_t exact, float ctx)
{
    const fr_score_params *sp = pp->sp;
    float alpha = (float)sp->alpha, ff = (float)sp->fact_floor, sum[2] = {0, 0}, share;
    const uint64_t *bits = fr_docset_skill_bits(R, r);
    uint32_t u0 = P->unit_start.v[p];
    for (uint32_t i = 0; i < pp->ni; i++) {
        const fr_proxy_item *it = &pp->items[i];
        float *acc = &sum[i >= pp->n_req];
        proxy_shares(it, &bits, 1, &share);
        if (it->cls != 3 && it->cls != 1) { /* fr_score_proxy's own arithmetic, for one résumé */
            proxy_item(alpha, ff, it->cls, NULL, 0, idoc + (size_t)i * stride, &share, 1, acc);
            continue;
        }
        /* the kind's decision, as item_verdict makes it — with the product of the item and the
         * whole résumé for its best chunk's (the verdicts read it only against thresholds: the
         * relatedness of a job that names no word of the item); a domain item's line as the
         * lines' test found it (a set bit is a line that shows it, a clear one is only where the
         * test missed no line: else the verdict reads the lines) */
        int lines = -1;
        if (it->cls == 1 && i < 64)
            lines = (shown >> i & 1) ? 1 : (exact >> i & 1) ? 0 : -1;
        float x = idoc[(size_t)i * stride], dense = x < 0 ? 0 : x > 1 ? 1 : x;
        float ev = alpha * dense + (1 - alpha) * share;
        ev = ev > 1 ? 1 : ev;
        fr_verdict_ctx vc = {s->model, sp, p, 0, ctx > 0 ? ctx : 0, ev, 0, 0, dense, -1, -1, wix && wix->line ? wix : NULL,
                             lines, s->cred_keys, s->n_cred_keys, dw};
        fr_verdict v;
        fr_verdict_decide(P, u0 + i, R, r, &vc, &v);
        *acc += !v.decided || v.fact < 0 ? ev : v.fact * (ff + (1 - ff) * ev);
    }
    return proxy_combine(pp, sum[0], sum[1], ctx, bits);
}

/* An item's evidence (the first half of judging it): its lexical maximum, dense part dm, mass and
 * skills as given in parts or computed for the marked résumé. */
static void item_parts(fr_scorer *s, const fr_docset *P, uint32_t u0, uint32_t i, const fr_pair_parts *parts,
                       int lex_given, float dm, const uint64_t *bits, fr_item_eval *ev)
{
    memset(ev, 0, sizeof *ev);
    ev->lex = clamp01(lex_given ? parts->lex[(size_t)i * parts->stride] : s->lexmax[i]);
    ev->lex_chunk = lex_given ? -1 : s->lexarg[i];
    ev->dense_chunk = parts && parts->dense ? -1 : s->darg[i];
    ev->dense = clamp01(dm);
    ev->mass = lex_given ? clamp01(parts->mass[(size_t)i * parts->stride]) : present_mass(s, P, u0 + i, i);
    item_evidence(&s->sp, P, u0 + i, bits, ev);
}

/* Its verdict, status and coverage (the second half). */
static void item_verdict(fr_scorer *s, const fr_docset *P, size_t p, uint32_t u, const fr_docset *R, size_t r,
                         uint32_t nc, int explain, double ctx_dense, int lines, fr_item_eval *ev)
{
    const fr_score_params *sp = &s->sp;
    fr_verdict_ctx vc = {s->model, sp, p, explain, (float)(ctx_dense > 0 ? ctx_dense : 0), ev->evidence, ev->lex, ev->mass, ev->dense,
                          ev->lex_chunk, ev->dense_chunk, s->wix_of == R && s->wix->line ? s->wix : NULL, lines,
                          s->cred_keys, s->n_cred_keys, NULL};
    fr_verdict_decide(P, u, R, r, &vc, &ev->verdict);
    ev->years_have = ev->verdict.by & FR_BY_YEARS ? ev->verdict.have : -1;
    if (!ev->verdict.decided) {
        /* skills and free-text items (part 2 of the verdicts): the evidence thresholds */
        ev->cov = ev->evidence;
        ev->status = (uint8_t)(ev->cov >= sp->t_met       ? FR_ITEM_MET
                               : ev->cov >= sp->t_partial ? FR_ITEM_PARTIAL
                                                          : FR_ITEM_MISSING);
        /* what a short résumé leaves out is unknown, not missing (GUIDE.md): absence counts
         * where the résumé is detailed enough that a reader would expect to see it */
        if (ev->status == FR_ITEM_MISSING && nc < sp->v_detailed)
            ev->status = FR_ITEM_UNKNOWN;
    } else if ((ev->status = ev->verdict.status, ev->decided_by = ev->verdict.by, ev->cov = ev->verdict.fact) < 0)
        ev->cov = ev->evidence;
    else
        /* The facts decide the status; the coverage keeps some of the evidence, so that a
         * requirement nearly everyone meets ("BA/BS degree or equivalent") does not make an
         * unrelated posting a best match (measured: with coverage 1, a forestry résumé's top
         * matches among 100k postings were the postings with only degree requirements). */
        ev->cov = (float)(ev->cov * (sp->fact_floor + (1 - sp->fact_floor) * ev->evidence));
}

/* What judging an item costs, by kind, for the cut's order: a years item reads every dated job's
 * words (relevant_years), a skill or domain item the résumé's words and maybe its lines
 * (domain_share); the others read a few records, bits or flagged lines. */
static int judge_cost(const fr_unit_item *it)
{
    return it->kind == FR_KIND_EXPERIENCE ? 2 : it->kind == FR_KIND_SKILL || it->kind == FR_KIND_OTHER ? 1 : 0;
}

/* Cut mode: judge items [0, n_cut) one by one — the required ones first (a missing one fails the
 * gate), the cheaper kinds first, the weakest first (by the most its evidence allows) — and after
 * each bound the pair: the judged items exact, the others at the most their evidence allows (the
 * preferred ones' dense parts bounds unless exact), summed in item order as the score sums them, so
 * that with every item judged the sum is the score's — and stop as soon as the bound cannot enter:
 * 1.  A missing item (the gate) or a low coverage usually shows at the first; cheap kinds first
 * judged 106 k items instead of 134 k for the pairs of `bench --exhaustive` (5,000 × 100) whose
 * bound reached their posting's final threshold, a third fewer of the costly kinds.  The judged
 * items are left in s->rev. */
static int items_cut(fr_scorer *s, const fr_docset *P, size_t p, const fr_docset *R, size_t r,
                     const fr_pair_parts *parts, int lex_given, const uint64_t *bits, uint32_t n_req, uint32_t n_cut,
                     uint32_t ni, uint32_t nc, double ctx_lex, double ctx_dense, fr_pair_enter enter, void *ctx)
{
    const fr_score_params *sp = &s->sp;
    uint32_t u0 = P->unit_start.v[p];
    for (uint32_t i = 0; i < ni; i++) {
        fr_item_eval ev, *e = i < n_cut ? &s->rev[i] : &ev;
        item_parts(s, P, u0, i, parts, lex_given, parts->dense[(size_t)i * parts->stride], bits, e);
        s->rub[i] = cov_bound(sp, P, u0 + i, R, r, noshow_bit(parts, i), e->evidence);
        s->rjudged[i] = 0;
        if (i >= n_cut)
            continue;
        /* insertion into the order: required first, then by cost, by bound, by index */
        uint32_t k = i, ci = (uint32_t)(i >= n_req) * 4 + (uint32_t)judge_cost(fr_docset_item(P, u0 + i));
        s->rcls[i] = (uint8_t)ci;
        while (k > 0 && (s->rcls[s->rord[k - 1]] > ci ||
                         (s->rcls[s->rord[k - 1]] == ci && s->rub[s->rord[k - 1]] > s->rub[i]))) {
            s->rord[k] = s->rord[k - 1];
            k--;
        }
        s->rord[k] = i;
    }
    for (uint32_t k = 0; k < n_cut; k++) {
        uint32_t i = s->rord[k];
        item_verdict(s, P, p, u0 + i, R, r, nc, 0, ctx_dense, lines_of(parts, i), &s->rev[i]);
        s->rjudged[i] = 1;
        fr_pair_eval b = {0};
        double sum_req = 0, sum_pref = 0;
        b.gate = 1;
        for (uint32_t j = 0; j < ni; j++) {
            double c = s->rjudged[j] ? s->rev[j].cov : s->rub[j];
            if (j < n_req) {
                sum_req += c;
                if (s->rjudged[j] && s->rev[j].status == FR_ITEM_MISSING)
                    b.gate = 0;
            } else
                sum_pref += c;
        }
        b.req_total = n_req;
        b.pref_total = ni - n_req;
        fr_score_terms st;
        pair_finish(sp, P, p, bits, sum_req, sum_pref, ctx_lex, ctx_dense, &b, &st);
        b.score = clamp01(st.score);
        if (!enter(ctx, &b))
            return 1;
    }
    return 0;
}

/* The chunks' lexical maximum of the current posting's items over résumé r's chunks c0.. (nc of
 * them) into s->lexmax / lexarg (zeroed by the caller); all: every item, else only those whose
 * score reads it. */
static void lex_walk(fr_scorer *s, const fr_docset *R, uint32_t c0, uint32_t nc, int all)
{
    const fr_csr_rows *C = &R->unit_rows;
    /* lexical: every chunk of r against every item of p through the term table — when no
     * evidence is asked, only the items whose score reads the maximum (fr_score_reads_lex:
     * with beta = 0 the others' text is their dense part alone, 0 · lex, and their verdicts
     * read it for an evidence chunk only), none at all when the posting has none such: the
     * walk was most of a judged pair's cost */
    const int32_t *head = all ? s->slot_head : s->slot_lhead, *next = all ? s->e_next : s->e_lnext;
    for (uint32_t c = 0; (all || s->any_lex) && c < nc; c++) {
        size_t nt = 0;
        for (uint32_t e = C->ptr.v[c0 + c]; e < C->ptr.v[c0 + c + 1]; e++) {
            int32_t k = s->slot[C->col.v[e]];
            if (k < 0)
                continue;
            double w = C->val[e];
            for (int32_t x = head[k]; x >= 0; x = next[x]) {
                uint32_t i = s->e_item[x];
                if (!s->iseen[i]) {
                    s->iseen[i] = 1;
                    s->touched[nt++] = i;
                }
                s->acc[i] += w * s->e_w[x];
            }
        }
        for (size_t j = 0; j < nt; j++) {
            uint32_t i = s->touched[j];
            if (s->acc[i] > s->lexmax[i]) {
                s->lexmax[i] = s->acc[i];
                s->lexarg[i] = (int32_t)c;
            }
            s->acc[i] = 0;
            s->iseen[i] = 0;
        }
    }
}

static fr_status score_pair(fr_scorer *s, const fr_docset *P, size_t p, const fr_docset *R, size_t r,
                             const fr_pair_parts *parts, fr_pair_enter enter, void *ctx, int *cut, fr_pair_eval *out,
                             fr_item_eval *items, fr_error *err)
{
    const fr_score_params *sp = &s->sp;
    /* the canonical path (no parts) is what gets reported, texts included: everything checked;
     * the bulk paths score candidates: what scoring reads */
    fr_status (*chk)(const fr_docset *, size_t, fr_error *) = parts ? fr_docset_check_scoring : fr_docset_check_doc;
    fr_status cs = chk(P, p, err);
    if (cs == FR_OK)
        cs = chk(R, r, err);
    if (cs != FR_OK)
        return cs;
    uint32_t u0 = P->unit_start.v[p], ni = P->unit_start.v[p + 1] - u0;
    uint32_t c0 = R->unit_start.v[r], nc = R->unit_start.v[r + 1] - c0;
    int lex_given = parts && parts->lex;
    double ctx_lex = lex_given ? parts->ctx_lex : 0;
    uint32_t n_req = P->n_req.v[p];
    /* cut mode: the items judged one by one — every item where the parts are the values the score
     * reads (a tile's), else the required ones (the preferred ones' dense parts are bounds, and
     * their lexical walk may wait) */
    uint32_t n_cut = !enter ? 0 : lex_given && parts->dense_exact ? ni : n_req;
    int req_judged = n_cut > 0, defer_lex = 0;
    /* the chunks' vectors, where the dense maxima (or, in cut mode, the preferred items' ones) are
     * computed here */
    const float *rv = NULL;
    if (!(parts && parts->dense) || (enter && !parts->dense_exact)) {
        fr_status vs = chunk_vecs(s, R, r, &rv, err);
        if (vs != FR_OK)
            return vs;
    }
    if (!lex_given) {
        if (set_posting(s, P, p) != FR_OK) {
            s->P = NULL;
            return fr_fail(err, FR_ENOMEM, "out of memory");
        }
        /* cut mode: when no required item reads the chunks' lexical maximum, judging them does
         * not either (the others' bounds do not: with beta = 0 a text is its dense part alone, and
         * with beta ≠ 0 every item reads it) — so the walk waits until the pair survives the cut,
         * which most pairs judged do not */
        defer_lex = req_judged && !s->req_lex;
        for (uint32_t i = 0; i < ni; i++) {
            s->lexmax[i] = 0;
            s->lexarg[i] = -1;
        }
        if (!defer_lex)
            lex_walk(s, R, c0, nc, items != NULL);
        /* whole documents: which of the posting's terms r contains, and the lexical context */
        ctx_lex = mark_present(s, R, r);
    } else if (req_judged && reserve_items(s, ni) != FR_OK) { /* the cut's item arrays (else set_posting's) */
        s->P = NULL;
        return fr_fail(err, FR_ENOMEM, "out of memory");
    }
    double ctx_dense = parts && parts->ctx_dense ? *parts->ctx_dense
                                                 : fr_dot_canon(fr_docset_doc_vec(P, p), fr_docset_doc_vec(R, r), P->dim);
    const uint64_t *bits = fr_docset_skill_bits(R, r);
    double sum_req = 0, sum_pref = 0, parts_sum = 0;
    if (!(parts && parts->dense)) { /* (the scorer's item arrays hold ni: set_posting above) */
        for (uint32_t i = 0; i < ni; i++)
            s->darg[i] = -1;
        fr_dense_max_canon(P, u0, ni, rv, nc, s->dmax, s->darg);
    }
    /* cut mode: the items judged one by one, the pair set aside as soon as it cannot enter */
    if (req_judged &&
        items_cut(s, P, p, R, r, parts, lex_given, bits, n_req, n_cut, ni, nc, ctx_lex, ctx_dense, enter, ctx)) {
        if (!lex_given)
            clear_present(s);
        *cut = 1;
        return FR_OK;
    }
    if (defer_lex)
        lex_walk(s, R, c0, nc, items != NULL);
    fr_pair_eval pe = {0};
    pe.gate = 1;
    for (uint32_t i = 0; i < ni; i++) {
        /* cut mode: a preferred item's given dense part is a bound; the values are computed here */
        int pref_bound = enter && parts && parts->dense && !parts->dense_exact;
        if (pref_bound && i == n_req)
            fr_dense_max_canon(P, u0 + n_req, ni - n_req, rv, nc, s->dmax + n_req, NULL);
        fr_item_eval ev;
        if (i < n_cut)
            ev = s->rev[i];
        else {
            float dm = (pref_bound && i >= n_req) || !(parts && parts->dense) ? s->dmax[i] : parts->dense[(size_t)i * parts->stride];
            item_parts(s, P, u0, i, parts, lex_given, dm, bits, &ev);
            item_verdict(s, P, p, u0 + i, R, r, nc, items != NULL, ctx_dense, lines_of(parts, i), &ev);
        }
        if (i < n_req) {
            sum_req += ev.cov;
            pe.req_total++;
            pe.req_met += ev.status == FR_ITEM_MET;
            if (ev.status == FR_ITEM_MISSING)
                pe.gate = 0;
        } else {
            sum_pref += ev.cov;
            pe.pref_total++;
            pe.pref_met += ev.status == FR_ITEM_MET;
        }
        if (items)
            items[i] = ev;
        parts_sum += (double)ev.lex + ev.dense + ev.mass + ev.text + ev.evidence + ev.cov;
    }
    if (!lex_given)
        clear_present(s);
    fr_score_terms st;
    pair_finish(sp, P, p, bits, sum_req, sum_pref, ctx_lex, ctx_dense, &pe, &st);
    /* Every part is finite for a checked model and index; a NaN here means numbers that were
     * not (it would pass clamp01 and print as "nan"): refuse rather than rank with it */
    if (!isfinite(st.score + parts_sum + pe.ctx_lex + pe.ctx_dense))
        return fr_fail(err, FR_EFORMAT, "posting %zu against résumé %zu: a score part is not a finite number (a corrupt "
                       "model or index)", p, r);
    pe.score = clamp01(st.score);
    *out = pe;
    return FR_OK;
}
