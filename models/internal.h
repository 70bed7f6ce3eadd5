/* models/internal.h — the in-memory view of a model file, shared by the models/ sources. */
#ifndef FR_MODELS_INTERNAL_H
#define FR_MODELS_INTERNAL_H

#include <string.h>

#include "models/model.h"
#include "util/buf.h"

/* A sparse matrix in compressed rows (the TF-IDF rows of the fitted documents, for LSA). */
typedef struct {
    size_t n;
    uint32_t *rowptr; /* n + 1 */
    uint32_t *cols;
    float *vals;
} fr_csr;

struct fr_model {
    fr_fit_opts opts;
    const unsigned char *base; /* the whole file image */
    size_t size;
    void *owned;               /* malloc'd image to free, or NULL */
    void *map;                 /* mmap'd image to unmap, or NULL */
    uint64_t n_docs;
    size_t n_terms;
    const uint32_t *term_off;  /* n_terms + 1 */
    const char *terms;
    const uint32_t *df;
    const double *idf;
    const uint32_t *hash;      /* slots hold term ids, UINT32_MAX = empty */
    size_t hash_mask;
    const char *opts_text;
    size_t opts_len;
    size_t dim;                /* LSA dimension, 0 = no projection */
    const float *proj;         /* n_terms × dim, row-major */
    const float *sigma;        /* dim singular values, descending */
    char hash_hex[17];
    int trusted;               /* bytes of this binary (the embedded model): the stored checksum is
                                  taken as the hash, not recomputed (13 MB, ~8 % of a `match`) */
};

/* The embedded model: structure checked, checksum taken as stored (tests recompute it). */
fr_status fr__model_from_trusted_bytes(const void *p, size_t n, fr_model **out, fr_error *err);

/* a[0..n) == b[0..n), reading neither past n: a vocabulary lookup's compare of a token with a
 * term.  Terms are short, and a call to memcmp (with its length dispatch) cost more than the
 * compare: up to 16 bytes, two loads from each, which may overlap. */
static inline int fr__same_bytes(const char *a, const char *b, size_t n)
{
    if (n >= 8 && n <= 16) {
        uint64_t a0, a1, b0, b1;
        memcpy(&a0, a, 8);
        memcpy(&b0, b, 8);
        memcpy(&a1, a + n - 8, 8);
        memcpy(&b1, b + n - 8, 8);
        return ((a0 ^ b0) | (a1 ^ b1)) == 0;
    }
    if (n >= 4 && n < 8) {
        uint32_t a0, a1, b0, b1;
        memcpy(&a0, a, 4);
        memcpy(&b0, b, 4);
        memcpy(&a1, a + n - 4, 4);
        memcpy(&b1, b + n - 4, 4);
        return ((a0 ^ b0) | (a1 ^ b1)) == 0;
    }
    if (n < 4) /* 0 to 3 bytes: the first, middle and last cover them */
        return n == 0 || (a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1]);
    return memcmp(a, b, n) == 0;
}

/* Serialise a vocabulary into a model image (sorted terms given as offsets into `terms`). */
fr_status fr__model_build(const fr_fit_opts *o, uint64_t n_docs, size_t n_terms, const char *terms,
                          const uint32_t *term_off, const uint32_t *df, size_t dim, const float *proj,
                          const float *sigma, fr_model **out, fr_error *err);
/* TF-IDF weights of one document given its distinct term ids and counts (ids ascending), exactly
 * as TfidfVectorizer.transform computes them (tf, idf, optional L2), in float. */
void fr__tfidf_weights(const fr_model *m, const uint32_t *ids, const double *counts, size_t n, float *w);
/* Truncated SVD of X (n × V): P (V × d) right singular vectors, sigma (d) singular values. */
fr_status fr__lsa(const fr_csr *X, size_t V, size_t d, uint64_t seed, float *P, float *sigma, fr_error *err);
/* The surviving terms of a counted vocabulary of V terms (term e: arena[off[e] .. + len[e]), its
 * document frequency dfs[e] and total count total[e]), as `fit` chooses them: *keep (malloc'd, k
 * entries) lists them in sorted byte order.  FR_EEMPTY (no documents, no term left), FR_EINVAL
 * (max_df below min_df), FR_ENOMEM. */
fr_status fr__select_terms(const fr_fit_opts *o, uint64_t n_docs, size_t V, const char *arena, const uint32_t *off,
                           const uint32_t *len, const uint32_t *dfs, const double *total, uint32_t **keep,
                           size_t *k, fr_error *err);
/* The kept terms laid out for fr__model_build: their bytes in *terms, k + 1 offsets, k dfs (both
 * malloc'd).  FR_ENOMEM (nothing allocated then). */
fr_status fr__vocab_image(size_t V, const char *arena, const uint32_t *off, const uint32_t *len, const uint32_t *dfs,
                          const uint32_t *keep, size_t k, fr_buf *terms, uint32_t **term_off, uint32_t **df);
/* Parse the option lines of a model file into *o. */
fr_status fr__opts_parse(const char *text, size_t len, fr_fit_opts *o, fr_error *err);
fr_status fr__opts_format(const fr_fit_opts *o, fr_buf *out);

#endif
