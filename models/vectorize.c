/* models/vectorize.c — text → sparse TF-IDF row, as TfidfVectorizer.transform computes it.
 *
 * Counting uses a per-vectorizer dense "stamp" array over the vocabulary (one uint32 per term),
 * so each token costs one hash lookup and no per-document clearing: a slot is live only when its
 * stamp equals the current document number. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "models/internal.h"
#include "util/sort.h"

struct fr_vectorizer {
    const fr_model *m;
    fr_tokenizer *tok;
    uint32_t *stamp;   /* per term: document number that last touched it */
    uint32_t *slot;    /* per term: index into ids/w for the current document */
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
    v->stamp = calloc(m->n_terms ? m->n_terms : 1, sizeof *v->stamp);
    v->slot = malloc((m->n_terms ? m->n_terms : 1) * sizeof *v->slot);
    fr_status s = FR_OK;
    if (!v->stamp || !v->slot)
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
    free(v->stamp);
    free(v->slot);
    fr_u32vec_free(&v->ids);
    free(v->w);
    free(v->acc);
    free(v->dw);
    free(v);
}

fr_status fr_vectorize_tokens(fr_vectorizer *v, const fr_tokens *toks, fr_sparse *out, fr_error *err)
{
    const fr_model *m = v->m;
    out->ids = NULL;
    out->w = NULL;
    out->n = 0;
    out->n_tokens = toks->n;
    if (++v->doc == 0) { /* stamp wrap-around after 2^32 documents: start afresh */
        memset(v->stamp, 0, m->n_terms * sizeof *v->stamp);
        v->doc = 1;
    }
    /* one pass: ids in first-seen order, counts in acc[slot[id]] */
    v->ids.n = 0;
    for (size_t i = 0; i < toks->n; i++) {
        int64_t id = fr_model_lookup(m, toks->text + toks->off[i], toks->len[i]);
        if (id < 0)
            continue;
        if (v->stamp[id] != v->doc) {
            v->stamp[id] = v->doc;
            v->slot[id] = (uint32_t)v->ids.n;
            if (fr_u32vec_push(&v->ids, (uint32_t)id) != FR_OK)
                return fr_fail(err, FR_ENOMEM, "out of memory");
            if (v->ids.n > v->wcap) {
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
                    return fr_fail(err, FR_ENOMEM, "out of memory");
                v->wcap = cap;
            }
            v->acc[v->ids.n - 1] = 0.0;
        }
        v->acc[v->slot[id]] += 1.0;
    }
    size_t n = v->ids.n;
    fr_sort_u32(v->ids.v, n);
    /* counts in id order, then the weights */
    for (size_t i = 0; i < n; i++)
        v->dw[i] = v->acc[v->slot[v->ids.v[i]]];
    fr__tfidf_weights(m, v->ids.v, v->dw, n, v->w);
    out->ids = v->ids.v;
    out->w = v->w;
    out->n = n;
    return FR_OK;
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
