/* models/fit.c — streaming fit: count document frequencies, then prune and sort the vocabulary
 * the way scikit-learn's CountVectorizer._limit_features does. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/internal.h"
#include "models/npsort.h"
#include "util/hash.h"

/* Open-addressing term table.  Terms live in one arena; entries are parallel arrays (faiss's
 * "no object for a heap" habit) so counting stays cache-friendly. */
struct fr_fitter {
    fr_fit_opts o;
    fr_tokenizer *tok;
    fr_buf arena;
    fr_u32vec term_off;    /* entry → arena offset; term_off.v[i+1] is not used (lengths below) */
    fr_u32vec term_len;
    fr_u32vec df;
    fr_u32vec last_doc;    /* last document (1-based) that counted this term */
    double *total;         /* total count across documents (scikit-learn's X.sum(axis=0)) */
    size_t total_cap;
    uint32_t *slots;       /* entry + 1, 0 = empty */
    uint64_t *slot_hash;
    size_t nslots;
    uint64_t n_docs;
    /* with a projection: every document's term entries, for the TF-IDF matrix LSA factorises */
    fr_u32vec doc_terms;   /* entry ids, document after document */
    fr_u32vec doc_end;     /* end offset of each document in doc_terms */
};

void fr_fit_opts_default(fr_fit_opts *o)
{
    memset(o, 0, sizeof *o);
    fr_tok_opts_default(&o->tok);
    o->tf = FR_TF_RAW;
    o->idf = FR_IDF_SMOOTH;
    o->norm = FR_NORM_L2;
    o->min_df.value = 1;
    o->min_df.is_count = 1;
    o->max_df.value = 1.0;
    o->max_df.is_count = 0;
    o->max_features = 0;
    o->dim = 256;
    fr_score_params_default(&o->score);
}

fr_status fr_df_bound_parse(const char *s, fr_df_bound *out, fr_error *err)
{
    char *end;
    if (!*s)
        return fr_fail(err, FR_EINVAL, "empty document-frequency bound");
    if (strspn(s, "0123456789") == strlen(s)) {
        unsigned long long v = strtoull(s, &end, 10);
        if (v > (1ull << 53))
            return fr_fail(err, FR_EINVAL, "document-frequency bound '%s' is too large", s);
        out->value = (double)v;
        out->is_count = 1;
        return FR_OK;
    }
    double v = strtod(s, &end);
    if (*end || !(v >= 0.0 && v <= 1.0))
        return fr_fail(err, FR_EINVAL,
                       "document-frequency bound '%s': want a count (integer) or a proportion in [0, 1]", s);
    out->value = v;
    out->is_count = 0;
    return FR_OK;
}

fr_status fr_fitter_new(const fr_fit_opts *o, fr_fitter **out, fr_error *err)
{
    *out = NULL;
    fr_fitter *f = calloc(1, sizeof *f);
    if (!f)
        return fr_fail(err, FR_ENOMEM, "out of memory");
    f->o = *o;
    fr_status s = fr_tokenizer_new(&o->tok, &f->tok, err);
    if (s != FR_OK) {
        free(f);
        return s;
    }
    f->nslots = 1024;
    f->slots = calloc(f->nslots, sizeof *f->slots);
    f->slot_hash = calloc(f->nslots, sizeof *f->slot_hash);
    if (!f->slots || !f->slot_hash) {
        fr_fitter_free(f);
        return fr_fail(err, FR_ENOMEM, "out of memory");
    }
    *out = f;
    return FR_OK;
}

void fr_fitter_free(fr_fitter *f)
{
    if (!f)
        return;
    fr_tokenizer_free(f->tok);
    fr_buf_free(&f->arena);
    fr_u32vec_free(&f->term_off);
    fr_u32vec_free(&f->term_len);
    fr_u32vec_free(&f->df);
    fr_u32vec_free(&f->last_doc);
    fr_u32vec_free(&f->doc_terms);
    fr_u32vec_free(&f->doc_end);
    free(f->total);
    free(f->slots);
    free(f->slot_hash);
    free(f);
}

static fr_status grow_table(fr_fitter *f)
{
    size_t n = f->nslots * 2;
    uint32_t *slots = calloc(n, sizeof *slots);
    uint64_t *hashes = calloc(n, sizeof *hashes);
    if (!slots || !hashes) {
        free(slots);
        free(hashes);
        return FR_ENOMEM;
    }
    for (size_t i = 0; i < f->nslots; i++) {
        if (!f->slots[i])
            continue;
        size_t j = (size_t)f->slot_hash[i] & (n - 1);
        while (slots[j])
            j = (j + 1) & (n - 1);
        slots[j] = f->slots[i];
        hashes[j] = f->slot_hash[i];
    }
    free(f->slots);
    free(f->slot_hash);
    f->slots = slots;
    f->slot_hash = hashes;
    f->nslots = n;
    return FR_OK;
}

static fr_status count_term(fr_fitter *f, const char *s, size_t n, uint32_t *entry)
{
    uint64_t h = fr_hash_term(s, n);
    size_t mask = f->nslots - 1, j = (size_t)h & mask;
    for (;;) {
        uint32_t e = f->slots[j];
        if (!e)
            break;
        e--;
        if (f->slot_hash[j] == h && f->term_len.v[e] == n && memcmp(f->arena.data + f->term_off.v[e], s, n) == 0) {
            f->total[e] += 1.0;
            if (f->last_doc.v[e] != (uint32_t)f->n_docs) {
                f->last_doc.v[e] = (uint32_t)f->n_docs;
                f->df.v[e]++;
            }
            *entry = e;
            return FR_OK;
        }
        j = (j + 1) & mask;
    }
    size_t e = f->df.n;
    if (e >= UINT32_MAX - 1 || f->arena.len + n > UINT32_MAX)
        return FR_ENOMEM;
    if (e == f->total_cap) {
        size_t cap = f->total_cap ? f->total_cap * 2 : 1024;
        double *t = realloc(f->total, cap * sizeof *t);
        if (!t)
            return FR_ENOMEM;
        f->total = t;
        f->total_cap = cap;
    }
    if (fr_u32vec_push(&f->term_off, (uint32_t)f->arena.len) != FR_OK ||
        fr_u32vec_push(&f->term_len, (uint32_t)n) != FR_OK || fr_u32vec_push(&f->df, 1) != FR_OK ||
        fr_u32vec_push(&f->last_doc, (uint32_t)f->n_docs) != FR_OK || fr_buf_append(&f->arena, s, n) != FR_OK)
        return FR_ENOMEM;
    f->total[e] = 1.0;
    *entry = (uint32_t)e;
    f->slots[j] = (uint32_t)e + 1;
    f->slot_hash[j] = h;
    if ((e + 1) * 2 > f->nslots)
        return grow_table(f);
    return FR_OK;
}

fr_status fr_fitter_add_tokens(fr_fitter *f, const fr_tokens *toks, fr_error *err)
{
    if (f->n_docs >= UINT32_MAX - 1)
        return fr_fail(err, FR_EINVAL, "too many documents (limit %u)", UINT32_MAX - 2);
    f->n_docs++;
    for (size_t i = 0; i < toks->n; i++) {
        uint32_t e;
        if (count_term(f, toks->text + toks->off[i], toks->len[i], &e) != FR_OK ||
            (f->o.dim && fr_u32vec_push(&f->doc_terms, e) != FR_OK))
            return fr_fail(err, FR_ENOMEM, "out of memory counting terms");
    }
    if (f->o.dim && (f->doc_terms.n > UINT32_MAX || fr_u32vec_push(&f->doc_end, (uint32_t)f->doc_terms.n) != FR_OK))
        return fr_fail(err, FR_ENOMEM, "out of memory (the projection keeps every document's terms)");
    return FR_OK;
}

fr_status fr_fitter_add(fr_fitter *f, const char *text, size_t len, fr_error *err)
{
    fr_tokens toks;
    fr_status s = fr_tokenize(f->tok, text, len, &toks, err);
    if (s != FR_OK)
        return s;
    return fr_fitter_add_tokens(f, &toks, err);
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* The TF-IDF rows of the fitted documents (under the fitted vocabulary) and their LSA. */
static fr_status projection(fr_fitter *f, const fr_model *m, const uint32_t *keep, size_t k, size_t dim,
                            float **P, float **sigma, fr_error *err)
{
    size_t E = f->df.n, n = f->doc_end.n, nnz_cap = f->doc_terms.n;
    uint32_t *newid = malloc(E * sizeof *newid), *ids = malloc((nnz_cap + 1) * sizeof *ids);
    double *cnt = malloc((nnz_cap + 1) * sizeof *cnt);
    fr_csr X = {n, malloc((n + 1) * sizeof(uint32_t)), malloc((nnz_cap + 1) * sizeof(uint32_t)),
                malloc((nnz_cap + 1) * sizeof(float))};
    *P = malloc(k * dim * sizeof **P);
    *sigma = malloc(dim * sizeof **sigma);
    fr_status s = FR_OK;
    if (!newid || !ids || !cnt || !X.rowptr || !X.cols || !X.vals || !*P || !*sigma) {
        s = fr_fail(err, FR_ENOMEM, "out of memory computing the projection");
        goto done;
    }
    for (size_t e = 0; e < E; e++)
        newid[e] = UINT32_MAX;
    for (size_t i = 0; i < k; i++)
        newid[keep[i]] = (uint32_t)i;
    size_t nnz = 0, start = 0;
    X.rowptr[0] = 0;
    for (size_t d = 0; d < n; d++) {
        size_t end = f->doc_end.v[d], c = 0;
        for (size_t t = start; t < end; t++)
            if (newid[f->doc_terms.v[t]] != UINT32_MAX)
                ids[c++] = newid[f->doc_terms.v[t]];
        qsort(ids, c, sizeof *ids, cmp_u32);
        size_t u = 0;
        for (size_t t = 0; t < c; t++) {
            if (u && ids[u - 1] == ids[t]) {
                cnt[u - 1] += 1.0;
                continue;
            }
            ids[u] = ids[t];
            cnt[u++] = 1.0;
        }
        fr__tfidf_weights(m, ids, cnt, u, X.vals + nnz);
        memcpy(X.cols + nnz, ids, u * sizeof *ids);
        nnz += u;
        X.rowptr[d + 1] = (uint32_t)nnz;
        start = end;
    }
    s = fr__lsa(&X, k, dim, 0x5EED5EED5EED5EEDULL, *P, *sigma, err);
done:
    free(newid);
    free(ids);
    free(cnt);
    free(X.rowptr);
    free(X.cols);
    free(X.vals);
    return s;
}

typedef struct {
    const char *arena;
    const uint32_t *off, *len;
} sort_ctx;

/* qsort has no context argument in C11; a comparator over {entry, ctx*} pairs avoids a global. */
typedef struct {
    uint32_t e;
    const sort_ctx *c;
} sort_item;

static int cmp_terms(const void *pa, const void *pb)
{
    const sort_item *a = pa, *b = pb;
    const sort_ctx *c = a->c;
    uint32_t la = c->len[a->e], lb = c->len[b->e];
    int r = memcmp(c->arena + c->off[a->e], c->arena + c->off[b->e], la < lb ? la : lb);
    if (r)
        return r;
    return (la > lb) - (la < lb);
}

/* Which terms survive: the vocabulary sorted by bytes, masked by the df bounds, then (max_features)
 * the most frequent by total count — as scikit-learn's CountVectorizer._limit_features. */
fr_status fr__select_terms(const fr_fit_opts *o, uint64_t n_docs, size_t V, const char *arena, const uint32_t *off,
                           const uint32_t *len, const uint32_t *dfs, const double *total, uint32_t **keep_out,
                           size_t *k_out, fr_error *err)
{
    *keep_out = NULL;
    *k_out = 0;
    if (n_docs == 0)
        return fr_fail(err, FR_EEMPTY, "no documents to fit");
    double n = (double)n_docs;
    double max_count = o->max_df.is_count ? o->max_df.value : o->max_df.value * n;
    double min_count = o->min_df.is_count ? o->min_df.value : o->min_df.value * n;
    if (max_count < min_count)
        return fr_fail(err, FR_EINVAL, "max_df corresponds to < documents than min_df");

    sort_ctx ctx = {arena, off, len};
    sort_item *items = malloc((V ? V : 1) * sizeof *items);
    double *neg = malloc((V ? V : 1) * sizeof *neg);
    size_t *perm = malloc((V ? V : 1) * sizeof *perm);
    uint32_t *keep = malloc((V ? V : 1) * sizeof *keep);
    fr_status s = FR_OK;
    if (!items || !neg || !perm || !keep) {
        s = fr_fail(err, FR_ENOMEM, "out of memory");
        goto done;
    }
    /* scikit-learn sorts the vocabulary first, then masks by df, then (max_features) argsorts
     * the negated totals of the masked terms in that sorted order. */
    for (size_t i = 0; i < V; i++)
        items[i] = (sort_item){(uint32_t)i, &ctx};
    qsort(items, V, sizeof *items, cmp_terms);
    size_t k = 0;
    for (size_t i = 0; i < V; i++) {
        uint32_t e = items[i].e;
        double df = (double)dfs[e];
        if (df <= max_count && df >= min_count)
            keep[k++] = e;
    }
    if (o->max_features && k > o->max_features) {
        for (size_t i = 0; i < k; i++)
            neg[i] = -total[keep[i]];
        fr_np_argsort(neg, perm, k);
        /* mark the first max_features of the permutation, then keep sorted order */
        uint32_t *chosen = calloc(k, sizeof *chosen);
        if (!chosen) {
            s = fr_fail(err, FR_ENOMEM, "out of memory");
            goto done;
        }
        for (size_t i = 0; i < o->max_features; i++)
            chosen[perm[i]] = 1;
        size_t m = 0;
        for (size_t i = 0; i < k; i++)
            if (chosen[i])
                keep[m++] = keep[i];
        free(chosen);
        k = m;
    }
    if (k == 0) {
        s = fr_fail(err, FR_EEMPTY, "After pruning, no terms remain. Try a lower min_df or a higher max_df.");
        goto done;
    }
    *keep_out = keep;
    *k_out = k;
    keep = NULL;
done:
    free(items);
    free(neg);
    free(perm);
    free(keep);
    return s;
}

fr_status fr__vocab_image(size_t V, const char *arena, const uint32_t *off, const uint32_t *len, const uint32_t *dfs,
                          const uint32_t *keep, size_t k, fr_buf *terms, uint32_t **term_off, uint32_t **df_out)
{
    memset(terms, 0, sizeof *terms);
    (void)V;
    uint32_t *toff = malloc((k + 1) * sizeof *toff), *df = malloc((k ? k : 1) * sizeof *df);
    if (!toff || !df)
        goto fail;
    for (size_t i = 0; i < k; i++) {
        uint32_t e = keep[i];
        toff[i] = (uint32_t)terms->len;
        df[i] = dfs[e];
        if (terms->len + len[e] > UINT32_MAX || fr_buf_append(terms, arena + off[e], len[e]) != FR_OK)
            goto fail;
    }
    toff[k] = (uint32_t)terms->len;
    *term_off = toff;
    *df_out = df;
    return FR_OK;
fail:
    free(toff);
    free(df);
    fr_buf_free(terms);
    return FR_ENOMEM;
}

fr_status fr_fitter_finish(fr_fitter *f, fr_model **out, fr_error *err)
{
    *out = NULL;
    uint32_t *keep = NULL;
    size_t k = 0;
    fr_status s = fr__select_terms(&f->o, f->n_docs, f->df.n, f->arena.data, f->term_off.v, f->term_len.v, f->df.v,
                                   f->total, &keep, &k, err);
    if (s != FR_OK)
        return s;
    {
        /* contiguous sorted terms for the model image */
        fr_buf terms;
        uint32_t *off = NULL, *df = NULL;
        if (fr__vocab_image(f->df.n, f->arena.data, f->term_off.v, f->term_len.v, f->df.v, keep, k, &terms, &off,
                            &df) != FR_OK) {
            free(keep);
            return fr_fail(err, FR_ENOMEM, "out of memory");
        }
        s = fr__model_build(&f->o, f->n_docs, k, terms.data ? terms.data : "", off, df, 0, NULL, NULL, out, err);
        size_t dmax = (f->n_docs < k ? (size_t)f->n_docs : k);
        size_t dim = f->o.dim < dmax ? f->o.dim : (dmax > 0 ? dmax - 1 : 0);
        if (s == FR_OK && dim > 0) {
            fr_model *plain = *out;
            *out = NULL;
            float *P = NULL, *sigma = NULL;
            s = projection(f, plain, keep, k, dim, &P, &sigma, err);
            if (s == FR_OK)
                s = fr__model_build(&f->o, f->n_docs, k, terms.data ? terms.data : "", off, df, dim, P, sigma, out, err);
            free(P);
            free(sigma);
            fr_model_free(plain);
        }
        fr_buf_free(&terms);
        free(off);
        free(df);
    }
    free(keep);
    return s;
}
