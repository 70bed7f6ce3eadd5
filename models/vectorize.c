/* models/vectorize.c — text → sparse TF-IDF row, as TfidfVectorizer.transform computes it.
 *
 * A vectorizer keeps its own index of the model's vocabulary, built for the one question it asks
 * a token (which term is this?) and laid out for the cache: the model file's index (term ids only)
 * costs a lookup of four cache lines in four arrays of the model (slot, term offsets, term text,
 * the per-term count), ~2 MB on a 55 k-term vocabulary against a 1 MB L2.  Here
 *   - a slot is 32 bits: the term's id + 1 in the low bits, the hash's high bits above them as a
 *     tag, so a probe that meets another term rarely reads anything else;
 *   - a term's record holds what the token needs next, in 32 bytes (two to a cache line): a term
 *     of up to 16 bytes (99.8 % of the shared corpus's tokens) as two words, compared with the
 *     token's in two instructions and without reading the term's text; its length; its idf; its
 *     count in the current document (no per-document clearing: finish() zeroes the counts it
 *     reads);
 *   - a short token is hashed from those two words by one 64×64→128-bit multiply (no branch on
 *     its length; xxHash's XXH3 decides between four length classes) — longer ones by XXH3;
 *   - the terms are filed by descending document frequency, so a frequent token finds its term at
 *     the first probe, and the model's stop words after them (fr_termstream_of drops them in the
 *     same probe);
 *   - tokens are looked up in batches whose loads are prefetched (count_batch);
 *   - the terms counted are marked in a bitmap (and its words in a summary bitmap), which gives
 *     them in id order at the end of the document: no sort, no list of first-seen ids.
 * The model's own index (fr_model_lookup) stays the reference: tests hold this one to it. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "models/internal.h"
#include "util/hash.h"

struct fr_vterm {
    uint64_t w0, w1; /* a short term's bytes, little-endian, zero past its end (long: 0) */
    double idf;      /* the model's idf of the term: finish() reads it with the count (one cache
                        line a distinct term, not two) */
    uint32_t len;    /* its length (term offsets are 32-bit) */
    uint32_t count;  /* occurrences in the current document; 0 outside one */
};

/* What a token's lookup and count read: copied into a local for a document's loop, so that the
 * compiler keeps it in registers (stores through the counts could otherwise alias its fields). */
typedef struct {
    const fr_model *m;
    uint32_t n_terms;     /* ids from n_terms on are stop words of the model's options that are not
                             terms (fr_termstream_of drops them, and they count as strangers) */
    const char **stop_text; /* their bytes, by id - n_terms */
    uint64_t *stop_bits;  /* a bit per term that is also a stop word; NULL when none is */
    uint32_t *slot;       /* slot_mask + 1 slots: 0 empty, else tag | (id + 1) */
    size_t slot_mask;
    uint32_t tag_mask;    /* the bits of a slot above the id's */
    struct fr_vterm *term; /* per term, then per stop word that is not one; 64-byte aligned */
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
    double *idf;         /* the idf of each term of the row */
    size_t cap;
};

static void weights(const fr_model *m, const uint32_t *ids, const double *idf, const double *counts, size_t n,
                    float *w);

/* The tag of hash h for a slot whose low bits hold ids + 1 (tag_mask: the bits above them). */
static inline uint32_t tag_of(uint64_t h, uint32_t tag_mask) { return (uint32_t)(h >> 32) & tag_mask; }

/* The short term of words w0, w1 (hash h) and length n: its id + 1, or 0 when it is not in the
 * vocabulary. */
static inline uint32_t find_short_h(const vindex *x, uint64_t h, uint64_t w0, uint64_t w1, size_t n)
{
    uint32_t tag = tag_of(h, x->tag_mask);
    for (size_t j = (size_t)h & x->slot_mask;; j = (j + 1) & x->slot_mask) {
        uint32_t e = x->slot[j];
        if (e == 0)
            return 0;
        if ((e & x->tag_mask) == tag) {
            uint32_t id1 = e & ~x->tag_mask;
            const struct fr_vterm *t = &x->term[id1 - 1];
            if (((t->w0 ^ w0) | (t->w1 ^ w1) | (t->len ^ n)) == 0)
                return id1;
        }
    }
}

/* The same for a term of more than FR_SHORT bytes (its text read from the model). */
static uint32_t find_long(const vindex *x, const fr_model *m, const char *s, size_t n)
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
            const char *p = id1 <= x->n_terms ? m->terms + m->term_off[id1 - 1]
                                              : x->stop_text[id1 - 1 - x->n_terms];
            if (t->len == n && memcmp(p, s, n) == 0)
                return id1;
        }
    }
}

/* The term s[0..n): its id + 1, or 0.  `padded`: s is followed by readable bytes (a constant at
 * every call, so each caller's loop is compiled for its case). */
static inline uint32_t find(const vindex *x, const char *s, size_t n, int padded)
{
    if (n > FR_SHORT)
        return find_long(x, x->m, s, n);
    uint64_t w0, w1;
    if (padded)
        fr_short_words_padded(s, n, &w0, &w1);
    else
        fr_short_words(s, n, &w0, &w1);
    return find_short_h(x, fr_hash_short(w0, w1), w0, w1, n);
}

/* The hash a term is filed under (what find() computes for it). */
static uint64_t term_hash(const char *s, size_t n)
{
    if (n > FR_SHORT)
        return fr_hash_term(s, n);
    uint64_t w0, w1;
    fr_short_words(s, n, &w0, &w1);
    return fr_hash_short(w0, w1);
}

/* Record id's length and short words and put it in a slot. */
static void file(vindex *x, const char *p, size_t n, uint32_t id)
{
    uint32_t *slot = x->slot;
    x->term[id].len = (uint32_t)n;
    if (n <= FR_SHORT)
        fr_short_words(p, n, &x->term[id].w0, &x->term[id].w1);
    uint64_t h = term_hash(p, n);
    size_t j = (size_t)h & x->slot_mask;
    while (slot[j] != 0)
        j = (j + 1) & x->slot_mask;
    slot[j] = tag_of(h, x->tag_mask) | (id + 1);
}

/* 0 for the most frequent document frequencies (2^31 and more), up to 32 for df 0. */
static int df_class(uint32_t df) { return df ? __builtin_clz(df) : 32; }

/* The index: every term in a slot (at least twice as many slots as terms, so probes are short and
 * every probe sequence reaches an empty slot). */
static fr_status build_index(fr_vectorizer *v)
{
    const fr_model *m = v->m;
    vindex *x = &v->ix;
    x->m = m;
    size_t nt = m->n_terms, nstop = fr_tokenizer_n_stop(v->tok), nr = nt + nstop; /* records */
    if (nr >= UINT32_MAX)
        return FR_ENOMEM;
    x->n_terms = (uint32_t)nt;
    unsigned id_bits = 1;
    while (id_bits < 32 && ((uint64_t)1 << id_bits) <= nr) /* ids + 1 up to nr */
        id_bits++;
    x->tag_mask = (uint32_t)((uint64_t)UINT32_MAX << id_bits);
    size_t slots = 16;
    while (slots / 2 < nr)
        slots *= 2;
    uint32_t *slot = calloc(slots, sizeof *slot);
    x->slot = slot;
    size_t rec_bytes = ((nr ? nr : 1) * sizeof *x->term + 63) / 64 * 64; /* aligned_alloc: a multiple */
    x->term = aligned_alloc(64, rec_bytes);
    if (x->term)
        memset(x->term, 0, rec_bytes);
    v->n_summary = (nt + 4095) / 4096;
    x->bits = calloc((nt + 63) / 64 + 1, sizeof *x->bits);
    x->summary = calloc(v->n_summary + 1, sizeof *x->summary);
    x->stop_text = calloc(nstop + 1, sizeof *x->stop_text);
    if (!slot || !x->term || !x->bits || !x->summary || !x->stop_text)
        return FR_ENOMEM;
    x->slot_mask = slots - 1;
    /* Terms are filed by descending document frequency (its power of two: a counting sort), so
     * that a frequent term takes its home slot and a frequent token finds it at the first probe;
     * a probe past another term is a mispredicted branch. */
    uint32_t *order = malloc(nt * sizeof *order);
    if (!order)
        return FR_ENOMEM;
    size_t start[34] = {0};
    for (size_t i = 0; i < nt; i++)
        start[df_class(m->df[i]) + 1]++;
    for (int c = 0; c < 33; c++)
        start[c + 1] += start[c];
    for (size_t i = 0; i < nt; i++)
        order[start[df_class(m->df[i])]++] = (uint32_t)i;
    for (size_t k = 0; k < nt; k++) {
        size_t i = order[k];
        size_t n = m->term_off[i + 1] - m->term_off[i];
        x->term[i].idf = m->idf[i];
        file(x, m->terms + m->term_off[i], n, (uint32_t)i);
    }
    free(order);
    /* then the stop words that are not terms; a term that is one is marked */
    uint32_t next = (uint32_t)nt;
    for (size_t k = 0; k < nstop; k++) {
        size_t n;
        const char *p = fr_tokenizer_stop_word(v->tok, k, &n);
        uint32_t id1 = find(x, p, n, 0);
        if (id1 > nt)
            continue; /* in both lists */
        if (id1) {
            if (!x->stop_bits && !(x->stop_bits = calloc((nt + 63) / 64, sizeof *x->stop_bits)))
                return FR_ENOMEM;
            x->stop_bits[(id1 - 1) / 64] |= (uint64_t)1 << ((id1 - 1) % 64);
            continue;
        }
        x->stop_text[next - nt] = p;
        file(x, p, n, next++);
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
    fr_status s = fr_tokenizer_new(&m->opts.tok, &v->tok, err); /* first: its stop words are filed too */
    if (s == FR_OK && build_index(v) != FR_OK)
        s = fr_fail(err, FR_ENOMEM, "out of memory");
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
    free(v->ix.slot);
    free(v->ix.term);
    free(v->ix.bits);
    free(v->ix.summary);
    free(v->ix.stop_text);
    free(v->ix.stop_bits);
    free(v->ids);
    free(v->w);
    free(v->dw);
    free(v->idf);
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
    double *idf = realloc(v->idf, cap * sizeof *idf);
    if (idf)
        v->idf = idf;
    if (!ids || !w || !dw || !idf)
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
    double *dw = v->dw, *idf = v->idf;
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
                idf[n] = x.term[id].idf;
                dw[n++] = (double)x.term[id].count;
                x.term[id].count = 0;
            }
        }
    }
    weights(v->m, NULL, idf, dw, n, v->w);
    out->ids = v->ids;
    out->w = v->w;
    out->n = n;
}

/* Tokens are looked up in batches: first every short token's words and hash, and a prefetch of
 * its slot; then a prefetch of the record its slot names; then the lookups.  A lookup is two
 * dependent loads (slot, then record) that miss L1 about half the time on a 55 k-term vocabulary:
 * done one token after another they wait in turn, batched their misses overlap. */
enum { BATCH = 32 };

static inline void count_batch(const vindex *x, const char *text, const uint32_t *off, const uint32_t *len,
                               size_t n, int padded)
{
    uint64_t w0[BATCH], w1[BATCH], h[BATCH];
    for (size_t i = 0; i < n; i++) {
        const char *s = text + off[i];
        size_t k = len[i];
        if (k > FR_SHORT)
            k = 0; /* looked up by find_long below; the words are unused */
        if (padded)
            fr_short_words_padded(s, k, &w0[i], &w1[i]);
        else
            fr_short_words(s, k, &w0[i], &w1[i]);
        h[i] = fr_hash_short(w0[i], w1[i]);
        __builtin_prefetch(&x->slot[h[i] & x->slot_mask]);
    }
    for (size_t i = 0; i < n; i++) {
        uint32_t e = x->slot[h[i] & x->slot_mask];
        if (e)
            __builtin_prefetch(&x->term[(e & ~x->tag_mask) - 1]);
    }
    for (size_t i = 0; i < n; i++) {
        uint32_t id1 = len[i] > FR_SHORT ? find_long(x, x->m, text + off[i], len[i])
                                      : find_short_h(x, h[i], w0[i], w1[i], len[i]);
        if (id1 && id1 <= x->n_terms) /* a stop word that is no term is a stranger here */
            count(x, id1 - 1);
    }
}

/* The row of tokens; `padded`: fr_tokenize's (FR_TOKENS_PAD), whose short tokens load whole. */
static inline fr_status vectorize_tokens(fr_vectorizer *v, const fr_tokens *toks, int padded, fr_sparse *out,
                                         fr_error *err)
{
    size_t n = toks->n;
    if (begin(v, n, out, err) != FR_OK)
        return FR_ENOMEM;
    const vindex x = v->ix;
    for (size_t i = 0; i < n; i += BATCH)
        count_batch(&x, toks->text, toks->off + i, toks->len + i, n - i < BATCH ? n - i : BATCH, padded);
    finish(v, out);
    return FR_OK;
}

fr_status fr_vectorize_tokens(fr_vectorizer *v, const fr_tokens *toks, fr_sparse *out, fr_error *err)
{
    return vectorize_tokens(v, toks, 0, out, err);
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

static inline fr_status termstream_of(fr_vectorizer *v, const fr_tokens *toks, int drop_stop, int padded,
                                      fr_termstream *ts, fr_error *err)
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
    const vindex x = v->ix;
    for (size_t i = 0; i < toks->n; i++) {
        uint32_t id1 = find(&x, toks->text + toks->off[i], toks->len[i], padded);
        int stop = id1 > x.n_terms || (id1 && x.stop_bits && (x.stop_bits[(id1 - 1) / 64] >> ((id1 - 1) % 64) & 1));
        if (drop_stop && stop) /* the stop words, resolved in the same probe */
            continue;
        ts->id[n] = id1 && id1 <= x.n_terms ? (int32_t)(id1 - 1) : -1;
        ts->ss[n] = toks->src_start[i];
        ts->se[n++] = toks->src_end[i];
    }
    ts->n = n;
    return FR_OK;
}

fr_status fr_termstream_of(fr_vectorizer *v, const fr_tokens *toks, int drop_stop, fr_termstream *ts, fr_error *err)
{
    return termstream_of(v, toks, drop_stop, 0, ts, err);
}

fr_status fr_termstream_make(fr_vectorizer *v, const char *text, size_t len, fr_termstream *ts, fr_error *err)
{
    fr_tokens toks;
    ts->n = 0;
    fr_status s = fr_tokenize(v->tok, text, len, &toks, err);
    return s == FR_OK ? termstream_of(v, &toks, 0, 1, ts, err) : s;
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

int fr_termstream_span_at(const fr_termstream *ts, size_t a, size_t b, size_t from, size_t *i0, size_t *i1)
{
    fr_tokens w = {NULL, NULL, NULL, ts->ss, ts->se, ts->n, ts->ordered};
    return fr_tokens_slice_at(&w, a, b, from, i0, i1);
}

/* TF-IDF weights of a row: the idf of its entry i is idf[ids[i]] (a model's array), or idf[i]
 * without ids.  One body for both, so that fitting and vectorizing round alike. */
static void weights(const fr_model *m, const uint32_t *ids, const double *idf, const double *counts, size_t n,
                    float *w)
{
    /* in double, as scikit-learn computes them; stored as float */
    double ss = 0.0;
    for (size_t i = 0; i < n; i++) {
        double tf = counts[i];
        if (m->opts.tf == FR_TF_LOG)
            tf = log(tf) + 1.0;
        double x = tf * idf[ids ? ids[i] : i];
        ss += x * x;
    }
    /* scikit-learn's normalize(): rows of norm 0 are left unchanged */
    double norm = (m->opts.norm == FR_NORM_L2 && ss > 0.0) ? sqrt(ss) : 1.0;
    for (size_t i = 0; i < n; i++) {
        double tf = counts[i];
        if (m->opts.tf == FR_TF_LOG)
            tf = log(tf) + 1.0;
        w[i] = (float)(tf * idf[ids ? ids[i] : i] / norm);
    }
}

void fr__tfidf_weights(const fr_model *m, const uint32_t *ids, const double *counts, size_t n, float *w)
{
    weights(m, ids, m->idf, counts, n, w);
}

fr_status fr_vectorize(fr_vectorizer *v, const char *text, size_t len, fr_sparse *out, fr_error *err)
{
    fr_tokens toks;
    fr_status s = fr_tokenize(v->tok, text, len, &toks, err);
    if (s != FR_OK)
        return s;
    return vectorize_tokens(v, &toks, 1, out, err);
}
