/* models/vectorize.c — text → sparse TF-IDF row, as TfidfVectorizer.transform computes it.
 *
 * Counting uses a per-vectorizer dense array over the vocabulary (a stamp and a slot per term, side
 * by side: one cache line a token where two arrays cost two misses on a 55 k-term vocabulary), so
 * each token costs one hash lookup and no per-document clearing: a slot is live only when its stamp
 * equals the current document number. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "models/internal.h"
#include "util/sort.h"

struct fr_vectorizer {
    const fr_model *m;
    fr_tokenizer *tok;
    struct fr_term_seen {
        uint32_t stamp; /* document number that last touched the term */
        uint32_t slot;  /* its index into ids/acc for that document */
    } *seen;           /* per term */
    uint32_t doc;
    fr_u32vec ids;
    float *w;
    double *acc;       /* counts, in first-seen order */
    double *dw;        /* counts, in id order */
    size_t wcap;
};

fr_status fr_vectorizer_new(const fr_model *m, fr_vectorizer **out, fr_error *err)
{
    *out = NULL;
    fr_vectorizer *v = calloc(1, sizeof *v);
    if (!v)
        return fr_fail(err, FR_ENOMEM, "out of memory");
    v->m = m;
    v->seen = calloc(m->n_terms ? m->n_terms : 1, sizeof *v->seen);
    fr_status s = FR_OK;
    if (!v->seen)
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
    free(v->seen);
    fr_u32vec_free(&v->ids);
    free(v->w);
    free(v->acc);
    free(v->dw);
    free(v);
}

/* Count term ids: id_at(i) for i < n, each a term id or negative (out of the vocabulary). */
#define COUNT_IDS(id_at)                                                                            \
    do {                                                                                            \
        for (size_t i = 0; i < n; i++) {                                                            \
            int64_t id = (id_at);                                                                   \
            if (id < 0)                                                                             \
                continue;                                                                           \
            struct fr_term_seen *e = &v->seen[id];                                                  \
            if (e->stamp != v->doc) {                                                               \
                e->stamp = v->doc;                                                                  \
                e->slot = (uint32_t)v->ids.n;                                                       \
                if (fr_u32vec_push(&v->ids, (uint32_t)id) != FR_OK || grow(v) != FR_OK)             \
                    return fr_fail(err, FR_ENOMEM, "out of memory");                                \
                v->acc[v->ids.n - 1] = 0.0;                                                         \
            }                                                                                       \
            v->acc[e->slot] += 1.0;                                                                 \
        }                                                                                           \
    } while (0)

/* Room for the weights of v->ids.n terms. */
static fr_status grow(fr_vectorizer *v)
{
    if (v->ids.n <= v->wcap)
        return FR_OK;
    size_t cap = v->wcap ? v->wcap * 2 : 256;
    float *w = realloc(v->w, cap * sizeof *w);
    if (w)
        v->w = w;
    double *acc = realloc(v->acc, cap * sizeof *acc);
    if (acc)
        v->acc = acc;
    double *dw = realloc(v->dw, cap * sizeof *dw);
    if (dw)
        v->dw = dw;
    if (!w || !acc || !dw)
        return FR_ENOMEM;
    v->wcap = cap;
    return FR_OK;
}

/* A new document: no term counted yet. */
static void begin(fr_vectorizer *v, size_t n_tokens, fr_sparse *out)
{
    out->ids = NULL;
    out->w = NULL;
    out->n = 0;
    out->n_tokens = n_tokens;
    if (++v->doc == 0) { /* stamp wrap-around after 2^32 documents: start afresh */
        memset(v->seen, 0, v->m->n_terms * sizeof *v->seen);
        v->doc = 1;
    }
    v->ids.n = 0; /* ids in first-seen order, counts in acc[slot[id]] */
}

/* The counted terms' row. */
static void finish(fr_vectorizer *v, fr_sparse *out)
{
    size_t n = v->ids.n;
    fr_sort_u32(v->ids.v, n);
    /* counts in id order, then the weights */
    for (size_t i = 0; i < n; i++)
        v->dw[i] = v->acc[v->seen[v->ids.v[i]].slot];
    fr__tfidf_weights(v->m, v->ids.v, v->dw, n, v->w);
    out->ids = v->ids.v;
    out->w = v->w;
    out->n = n;
}

fr_status fr_vectorize_tokens(fr_vectorizer *v, const fr_tokens *toks, fr_sparse *out, fr_error *err)
{
    const fr_model *m = v->m;
    size_t n = toks->n;
    begin(v, n, out);
    COUNT_IDS(fr_model_lookup(m, toks->text + toks->off[i], toks->len[i]));
    finish(v, out);
    return FR_OK;
}

fr_status fr_vectorize_ids(fr_vectorizer *v, const int32_t *ids, size_t n, fr_sparse *out, fr_error *err)
{
    begin(v, n, out);
    COUNT_IDS(ids[i]);
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
        ts->id[n] = (int32_t)fr_model_lookup(v->m, w, toks->len[i]);
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
