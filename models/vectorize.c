/* models/vectorize.c — text → sparse TF-IDF row, as TfidfVectorizer.transform computes it.
 *
 * A vectorizer keeps its own index of the model's vocabulary, built for the one question it asks
 * a token (which term is this?) and laid out for the cache: the model file's index (term ids only)
 * costs a lookup of four cache lines in four arrays of the model (slot, term offsets, term text,
 * the per-term count), ~2 MB on a 55 k-term vocabulary against a 1 MB L2.  Here
 *   - a slot is 32 bits: the term's id + 1 in the low bits, the hash's high bits above them as a
 *     tag, so a probe that meets another term rarely reads anything else;
 *   - a term's record holds what the token needs next, in 16 bytes: a pointer to its text, its
 *     length and its count in the current document (no per-document clearing: finish() zeroes
 *     the counts it reads);
 *   - the terms counted are marked in a bitmap (and its words in a summary bitmap), which gives
 *     them in id order at the end of the document: no sort, no list of first-seen ids.
 * The model's own index (fr_model_lookup) stays the reference: tests hold this one to it. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "models/internal.h"
#include "util/hash.h"

struct fr_vterm {
    const char *p;  /* the term's bytes (in the model) */
    uint32_t len;   /* its length (term offsets are 32-bit) */
    uint32_t count; /* occurrences in the current document; 0 outside one */
};

/* What a token's lookup and count read: copied into a local for a document's loop, so that the
 * compiler keeps it in registers (stores through the counts could otherwise alias its fields). */
typedef struct {
    const uint32_t *slot; /* slot_mask + 1 slots: 0 empty, else tag | (id + 1) */
    size_t slot_mask;
    uint32_t tag_mask;    /* the bits of a slot above the id's */
    struct fr_vterm *term; /* per term */
    uint64_t *bits;       /* a bit per term: counted in the current document */
    uint64_t *summary;    /* a bit per word of bits: not zero */
} vindex;

struct fr_vectorizer {
    const fr_model *m;
    fr_tokenizer *tok;
    vindex ix;
    size_t n_summary;
    uint32_t *ids;       /* the current row: ids ascending, weights, counts (capacity cap) */
    float *w;
    double *dw;
    size_t cap;
};

/* The tag of hash h for a slot whose low bits hold ids + 1 (tag_mask: the bits above them). */
static inline uint32_t tag_of(uint64_t h, uint32_t tag_mask) { return (uint32_t)(h >> 32) & tag_mask; }

/* The term s[0..n): its id + 1, or 0 when it is not in the vocabulary. */
static inline uint32_t find(const vindex *x, const char *s, size_t n)
{
    uint64_t h = fr_hash_term(s, n);
    uint32_t tag = tag_of(h, x->tag_mask);
    for (size_t j = (size_t)h & x->slot_mask;; j = (j + 1) & x->slot_mask) {
        uint32_t e = x->slot[j];
        if (e == 0)
            return 0;
        if ((e & x->tag_mask) == tag) {
            uint32_t id1 = e & ~x->tag_mask;
            const struct fr_vterm *t = &x->term[id1 - 1];
            if (t->len == n && fr__same_bytes(t->p, s, n))
                return id1;
        }
    }
}

/* The index: every term in a slot (at least twice as many slots as terms, so probes are short and
 * every probe sequence reaches an empty slot). */
static fr_status build_index(fr_vectorizer *v)
{
    const fr_model *m = v->m;
    vindex *x = &v->ix;
    size_t nt = m->n_terms;
    unsigned id_bits = 1;
    while (id_bits < 32 && ((uint64_t)1 << id_bits) <= nt) /* ids + 1 up to nt */
        id_bits++;
    x->tag_mask = (uint32_t)((uint64_t)UINT32_MAX << id_bits);
    size_t slots = 16;
    while (slots / 2 < nt)
        slots *= 2;
    uint32_t *slot = calloc(slots, sizeof *slot);
    x->slot = slot;
    x->term = calloc(nt ? nt : 1, sizeof *x->term);
    v->n_summary = (nt + 4095) / 4096;
    x->bits = calloc((nt + 63) / 64 + 1, sizeof *x->bits);
    x->summary = calloc(v->n_summary + 1, sizeof *x->summary);
    if (!slot || !x->term || !x->bits || !x->summary)
        return FR_ENOMEM;
    x->slot_mask = slots - 1;
    for (size_t i = 0; i < nt; i++) {
        size_t n = m->term_off[i + 1] - m->term_off[i];
        const char *p = m->terms + m->term_off[i];
        x->term[i].p = p;
        x->term[i].len = (uint32_t)n;
        uint64_t h = fr_hash_term(p, n);
        size_t j = (size_t)h & x->slot_mask;
        while (slot[j] != 0)
            j = (j + 1) & x->slot_mask;
        slot[j] = tag_of(h, x->tag_mask) | (uint32_t)(i + 1);
    }
    return FR_OK;
}

fr_status fr_vectorizer_new(const fr_model *m, fr_vectorizer **out, fr_error *err)
{
    *out = NULL;
    fr_vectorizer *v = calloc(1, sizeof *v);
    if (!v)
        return fr_fail(err, FR_ENOMEM, "out of memory");
    v->m = m;
    fr_status s = FR_OK;
    if (m->n_terms >= UINT32_MAX || build_index(v) != FR_OK)
        s = fr_fail(err, FR_ENOMEM, "out of memory");
    else
        s = fr_tokenizer_new(&m->opts.tok, &v->tok, err);
    if (s != FR_OK) {
        fr_vectorizer_free(v);
        return s;
    }
    *out = v;
    return FR_OK;
}

void fr_vectorizer_free(fr_vectorizer *v)
{
    if (!v)
        return;
    fr_tokenizer_free(v->tok);
    free((void *)v->ix.slot);
    free(v->ix.term);
    free(v->ix.bits);
    free(v->ix.summary);
    free(v->ids);
    free(v->w);
    free(v->dw);
    free(v);
}

/* Room for a row of n terms. */
static fr_status reserve(fr_vectorizer *v, size_t n)
{
    if (n <= v->cap)
        return FR_OK;
    size_t cap = v->cap ? v->cap : 256;
    while (cap < n)
        cap *= 2;
    uint32_t *ids = realloc(v->ids, cap * sizeof *ids);
    if (ids)
        v->ids = ids;
    float *w = realloc(v->w, cap * sizeof *w);
    if (w)
        v->w = w;
    double *dw = realloc(v->dw, cap * sizeof *dw);
    if (dw)
        v->dw = dw;
    if (!ids || !w || !dw)
        return FR_ENOMEM;
    v->cap = cap;
    return FR_OK;
}

/* A new document of n_tokens tokens: room for its row before anything is counted, so that
 * counting cannot fail half-way (which would leave counts behind). */
static fr_status begin(fr_vectorizer *v, size_t n_tokens, fr_sparse *out, fr_error *err)
{
    out->ids = NULL;
    out->w = NULL;
    out->n = 0;
    out->n_tokens = n_tokens;
    size_t most = n_tokens < v->m->n_terms ? n_tokens : v->m->n_terms;
    if (reserve(v, most ? most : 1) != FR_OK) /* never a NULL row, even an empty one */
        return fr_fail(err, FR_ENOMEM, "out of memory");
    return FR_OK;
}

/* Count term id (< n_terms). */
static inline void count(const vindex *x, uint32_t id)
{
    x->term[id].count++;
    x->bits[id >> 6] |= (uint64_t)1 << (id & 63);
    x->summary[id >> 12] |= (uint64_t)1 << ((id >> 6) & 63);
}

/* The counted terms' row, in id order from the bitmaps; counts and bitmaps left zero. */
static void finish(fr_vectorizer *v, fr_sparse *out)
{
    size_t n = 0;
    const vindex x = v->ix;
    uint32_t *ids = v->ids;
    double *dw = v->dw;
    for (size_t s = 0; s < v->n_summary; s++) {
        uint64_t sw = x.summary[s];
        x.summary[s] = 0;
        while (sw) {
            size_t k = s * 64 + (size_t)__builtin_ctzll(sw);
            sw &= sw - 1;
            uint64_t b = x.bits[k];
            x.bits[k] = 0;
            while (b) {
                uint32_t id = (uint32_t)(k * 64 + (size_t)__builtin_ctzll(b));
                b &= b - 1;
                ids[n] = id;
                dw[n++] = (double)x.term[id].count;
                x.term[id].count = 0;
            }
        }
    }
    fr__tfidf_weights(v->m, v->ids, v->dw, n, v->w);
    out->ids = v->ids;
    out->w = v->w;
    out->n = n;
}

fr_status fr_vectorize_tokens(fr_vectorizer *v, const fr_tokens *toks, fr_sparse *out, fr_error *err)
{
    size_t n = toks->n;
    if (begin(v, n, out, err) != FR_OK)
        return FR_ENOMEM;
    const vindex x = v->ix;
    const char *text = toks->text;
    const uint32_t *off = toks->off, *len = toks->len;
    for (size_t i = 0; i < n; i++) {
        uint32_t id1 = find(&x, text + off[i], len[i]);
        if (id1)
            count(&x, id1 - 1);
    }
    finish(v, out);
    return FR_OK;
}

fr_status fr_vectorize_ids(fr_vectorizer *v, const int32_t *ids, size_t n, fr_sparse *out, fr_error *err)
{
    if (begin(v, n, out, err) != FR_OK)
        return FR_ENOMEM;
    const vindex x = v->ix;
    for (size_t i = 0; i < n; i++)
        if (ids[i] >= 0)
            count(&x, (uint32_t)ids[i]);
    finish(v, out);
    return FR_OK;
}

fr_status fr_termstream_of(fr_vectorizer *v, const fr_tokens *toks, int drop_stop, fr_termstream *ts, fr_error *err)
{
    ts->n = 0;
    if (toks->n > ts->cap) {
        size_t cap = toks->n + toks->n / 2 + 64;
        int32_t *id = realloc(ts->id, cap * sizeof *id);
        if (id)
            ts->id = id;
        uint32_t *ss = realloc(ts->ss, cap * sizeof *ss);
        if (ss)
            ts->ss = ss;
        uint32_t *se = realloc(ts->se, cap * sizeof *se);
        if (se)
            ts->se = se;
        if (!id || !ss || !se)
            return fr_fail(err, FR_ENOMEM, "out of memory");
        ts->cap = cap;
    }
    ts->ordered = toks->ordered;
    size_t n = 0;
    for (size_t i = 0; i < toks->n; i++) {
        const char *w = toks->text + toks->off[i];
        if (drop_stop && fr_tokenizer_is_stop(v->tok, w, toks->len[i]))
            continue;
        ts->id[n] = (int32_t)find(&v->ix, w, toks->len[i]) - 1;
        ts->ss[n] = toks->src_start[i];
        ts->se[n++] = toks->src_end[i];
    }
    ts->n = n;
    return FR_OK;
}

fr_status fr_termstream_make(fr_vectorizer *v, const char *text, size_t len, fr_termstream *ts, fr_error *err)
{
    fr_tokens toks;
    ts->n = 0;
    fr_status s = fr_tokenize(v->tok, text, len, &toks, err);
    return s == FR_OK ? fr_termstream_of(v, &toks, 0, ts, err) : s;
}

void fr_termstream_free(fr_termstream *ts)
{
    free(ts->id);
    free(ts->ss);
    free(ts->se);
    memset(ts, 0, sizeof *ts);
}

int fr_termstream_span(const fr_termstream *ts, size_t a, size_t b, size_t *i0, size_t *i1)
{
    fr_tokens w = {NULL, NULL, NULL, ts->ss, ts->se, ts->n, ts->ordered};
    return fr_tokens_slice(&w, a, b, i0, i1);
}

void fr__tfidf_weights(const fr_model *m, const uint32_t *ids, const double *counts, size_t n, float *w)
{
    /* in double, as scikit-learn computes them; stored as float */
    double ss = 0.0;
    for (size_t i = 0; i < n; i++) {
        double tf = counts[i];
        if (m->opts.tf == FR_TF_LOG)
            tf = log(tf) + 1.0;
        double x = tf * m->idf[ids[i]];
        ss += x * x;
    }
    /* scikit-learn's normalize(): rows of norm 0 are left unchanged */
    double norm = (m->opts.norm == FR_NORM_L2 && ss > 0.0) ? sqrt(ss) : 1.0;
    for (size_t i = 0; i < n; i++) {
        double tf = counts[i];
        if (m->opts.tf == FR_TF_LOG)
            tf = log(tf) + 1.0;
        w[i] = (float)(tf * m->idf[ids[i]] / norm);
    }
}

fr_status fr_vectorize(fr_vectorizer *v, const char *text, size_t len, fr_sparse *out, fr_error *err)
{
    fr_tokens toks;
    fr_status s = fr_tokenize(v->tok, text, len, &toks, err);
    if (s != FR_OK)
        return s;
    return fr_vectorize_tokens(v, &toks, out, err);
}
