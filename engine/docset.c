/* engine/docset.c — parsed documents → the flat arrays the scorer reads. */
#include "engine/docset.h"
#include "engine/kinds.h"
#include "engine/verdict.h"
#include "engine/index.h"
#include "util/clock.h"
#include "util/sort.h"

#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

enum { KSET_SLOTS = 4096 }; /* distinct_sorted's set: up to half full (a résumé's keys: ~600) */

struct fr_docset_builder {
    const fr_model *model;
    const fr_lexicon *lx;
    fr_vectorizer *vec;
    double *acc;        /* per vocabulary term (requirement rows), all zero between uses */
    unsigned char *seen; /* per vocabulary term: already in touched (all zero between uses).  Not
                            acc != 0: a term of IDF 0 adds 0, and would be listed once per item */
    uint32_t *touched, *cols;
    float *vals;
    uint64_t *generic;  /* lexicon skills that are spoken languages or soft skills (a bitset) */
    fr_cue_index *cues; /* the résumé side's cue patterns by head (engine/kinds.h) */
    fr_termstream ts;   /* the résumé's tokens, whose slices are its chunks' (most of them) */
    fr_word_memo *memo; /* word keys of words seen before */
    uint32_t *kset_key, *kset_gen; /* a set of word keys (KSET_SLOTS), a slot used when its gen is */
    uint32_t kset_stamp;           /* this stamp: a new stamp empties it */
    int share_toks;     /* the model's tokens are a parsed résumé's without the stop words */
    double bytes, vec_s, proj_s;
};

void fr_docset_builder_stats(const fr_docset_builder *b, double *bytes, double *vectorize_s, double *project_s)
{
    *bytes = b->bytes;
    *vectorize_s = b->vec_s;
    *project_s = b->proj_s;
}

fr_status fr_docset_builder_new(const fr_model *m, const fr_lexicon *lx, fr_docset_builder **out, fr_error *err)
{
    *out = NULL;
    fr_docset_builder *b = calloc(1, sizeof *b);
    if (!b)
        return fr_fail(err, FR_ENOMEM, "out of memory");
    b->model = m;
    b->lx = lx;
    size_t nt = fr_model_n_terms(m) + 1;
    b->acc = calloc(nt, sizeof *b->acc);
    b->seen = calloc(nt, 1);
    b->touched = malloc(nt * sizeof *b->touched);
    b->cols = malloc(nt * sizeof *b->cols);
    b->vals = malloc(nt * sizeof *b->vals);
    size_t nls = fr_lexicon_size(lx), nw = (nls + 63) / 64;
    b->generic = calloc(nw ? nw : 1, sizeof *b->generic);
    b->kset_key = malloc(KSET_SLOTS * sizeof *b->kset_key);
    b->kset_gen = calloc(KSET_SLOTS, sizeof *b->kset_gen);
    for (size_t i = 0; b->generic && i < nls; i++)
        if (fr_lexicon_flags(lx, (uint32_t)i) & (FR_LX_SOFT | FR_LX_LANGUAGE))
            b->generic[i / 64] |= (uint64_t)1 << (i % 64);
    if (!b->acc || !b->seen || !b->touched || !b->cols || !b->vals || !b->generic || !b->kset_key ||
        !b->kset_gen) {
        fr_docset_builder_free(b);
        return fr_fail(err, FR_ENOMEM, "out of memory");
    }
    fr_status s = fr_vectorizer_new(m, &b->vec, err);
    if (s == FR_OK)
        s = fr_cue_index_new(&b->cues, err);
    if (s == FR_OK)
        s = fr_word_memo_new(16, &b->memo, err); /* 2^15 words, 2 MB */
    fr_tok_opts lo;
    fr_lexicon_tok_opts(&lo);
    b->share_toks = fr_tok_opts_drop_stop_only(&lo, &fr_model_opts(m)->tok);
    if (s != FR_OK) {
        fr_docset_builder_free(b);
        return s;
    }
    *out = b;
    return FR_OK;
}

void fr_docset_builder_free(fr_docset_builder *b)
{
    if (!b)
        return;
    fr_vectorizer_free(b->vec);
    fr_termstream_free(&b->ts);
    fr_word_memo_free(b->memo);
    fr_cue_index_free(b->cues);
    free(b->acc);
    free(b->seen);
    free(b->touched);
    free(b->cols);
    free(b->vals);
    free(b->generic);
    free(b->kset_key);
    free(b->kset_gen);
    free(b);
}

fr_status fr_docset_init(fr_docset *s, int kind, const fr_model *m, const fr_lexicon *lx, fr_error *err)
{
    memset(s, 0, sizeof *s);
    s->kind = kind;
    s->dim = fr_model_dim(m);
    s->cdim = s->dim < FR_COARSE_DIM ? s->dim : FR_COARSE_DIM;
    s->n_skill_words = (fr_lexicon_size(lx) + 63) / 64;
    memcpy(s->model_hash, fr_model_hash(m), 17);
    s->lexicon_version = fr_lexicon_version(lx);
    s->n_terms = fr_model_n_terms(m);
    if (fr_csr_init(&s->unit_rows, fr_model_n_terms(m)) != FR_OK ||
        fr_csr_init(&s->unit_words, FR_WORD_KEYS) != FR_OK ||
        fr_csr_init(&s->req_rows, fr_model_n_terms(m)) != FR_OK ||
        fr_csr_init(&s->doc_rows, fr_model_n_terms(m)) != FR_OK || fr_u32vec_push(&s->unit_start, 0) != FR_OK) {
        fr_docset_free(s);
        return fr_fail(err, FR_ENOMEM, "out of memory");
    }
    return FR_OK;
}

static int row_ok(const fr_csr_rows *m, size_t i, size_t bound)
{
    uint32_t mx = 0;
    for (uint32_t e = m->ptr.v[i]; e < m->ptr.v[i + 1]; e++)
        mx = m->col.v[e] > mx ? m->col.v[e] : mx;
    return m->ptr.v[i] == m->ptr.v[i + 1] || mx < bound;
}

/* checked[i]: bit 1 = the core of document i is verified (its checksum, its term ids), bit 2 =
 * the rest (engine/index.c, doc_sum). */
static fr_status check(const fr_docset *s, size_t i, unsigned want, fr_error *err)
{
    if (!s->checked)
        return FR_OK;
    unsigned have = atomic_load_explicit(&s->checked[i], memory_order_acquire);
    if ((have & want) == want)
        return FR_OK;
    for (int rest = 0; rest < 2; rest++)
        if ((want & ~have) & (1u << rest)) {
            fr_status vs = fr_index_verify_doc(s, i, rest, err);
            if (vs != FR_OK)
                return vs;
        }
    if (!(have & 1)) {
        int ok = row_ok(&s->doc_rows, i, s->n_terms);
        for (uint32_t u = s->unit_start.v[i]; ok && u < s->unit_start.v[i + 1]; u++)
            ok = row_ok(&s->unit_rows, u, s->n_terms);
        if (!ok)
            return fr_fail(err, FR_EFORMAT, "%s: corrupt index (document %zu has term ids beyond the vocabulary)",
                           fr_index_path(s), i + 1);
    }
    if ((want & 2) && !(have & 2) && s->kind == FR_SET_POSTINGS && !row_ok(&s->req_rows, i, s->n_terms))
        return fr_fail(err, FR_EFORMAT, "%s: corrupt index (document %zu has term ids beyond the vocabulary)",
                       fr_index_path(s), i + 1);
    atomic_fetch_or_explicit(&s->checked[i], (unsigned char)want, memory_order_release);
    return FR_OK;
}

fr_status fr_docset_check_doc(const fr_docset *s, size_t i, fr_error *err) { return check(s, i, 3, err); }

fr_status fr_docset_check_scoring(const fr_docset *s, size_t i, fr_error *err) { return check(s, i, 1, err); }

fr_status fr_docset_check_scoring_many(const fr_docset *s, const uint32_t *ids, size_t n, fr_error *err)
{
    if (!s->checked)
        return FR_OK;
    /* stage k of document j is asked for at step j + k·D, its check made at step j + 3·D: D
     * documents a stage apart, ~3·D·10 KB in flight (in L2) */
    enum { D = 4 };
    for (size_t t = 0; t < n + 3 * D; t++) {
        for (int k = 0; k < 3; k++)
            if (t >= (size_t)k * D && t - (size_t)k * D < n &&
                !(atomic_load_explicit(&s->checked[ids[t - (size_t)k * D]], memory_order_relaxed) & 1))
                fr_index_cache_doc(s, ids[t - (size_t)k * D], k);
        if (t >= 3 * D) {
            fr_status st = check(s, ids[t - 3 * D], 1, err);
            if (st != FR_OK)
                return st;
        }
    }
    return FR_OK;
}

fr_status fr_docset_check_all(const fr_docset *s, fr_error *err)
{
    fr_status vs = fr_index_verify_all(s, err);
    if (vs != FR_OK)
        return vs;
    for (size_t i = 0; s->checked && i < s->n; i++) {
        fr_status st = fr_docset_check_doc(s, i, err);
        if (st != FR_OK)
            return st;
    }
    return FR_OK;
}

void fr_docset_free(fr_docset *s)
{
    if (s->map) {
        munmap(s->map, s->map_len);
        free((void *)s->checked);
        fr_index_verify_free(s->verify);
        memset(s, 0, sizeof *s);
        return;
    }
    fr_buf_free(&s->strings);
    fr_u32vec_free(&s->id);
    fr_u32vec_free(&s->title);
    fr_u32vec_free(&s->unit_start);
    fr_u32vec_free(&s->n_req);
    fr_csr_free(&s->unit_rows);
    fr_csr_free(&s->unit_words);
    fr_csr_free(&s->doc_rows);
    fr_csr_free(&s->doc_inv);
    fr_buf_free(&s->doc_coarse);
    fr_csr_free(&s->req_rows);
    fr_csr_free(&s->req_inv);
    fr_buf_free(&s->unit_vec);
    fr_buf_free(&s->doc_vec);
    fr_buf_free(&s->items);
    fr_u32vec_free(&s->skills);
    fr_u32vec_free(&s->subs);
    fr_u32vec_free(&s->doc_words);
    fr_buf_free(&s->chunks);
    fr_buf_free(&s->rfacts);
    fr_buf_free(&s->skill_bits);
    fr_u32vec_free(&s->sy_skill);
    fr_buf_free(&s->sy_years);
    fr_buf_free(&s->recs);
    fr_buf_free(&s->src_text);
    fr_buf_free(&s->srcs);
    memset(s, 0, sizeof *s);
}

static void csr_clear(fr_csr_rows *m)
{
    m->n = 0;
    m->col.n = 0;
    m->ptr.n = 1; /* ptr[0] = 0, as fr_csr_init leaves it */
}

void fr_docset_clear(fr_docset *s)
{
    if (s->map || !s->unit_start.v || !s->unit_rows.ptr.v) { /* mapped, or never initialised */
        int kind = s->kind;
        fr_docset_free(s);
        s->kind = kind;
        return;
    }
    s->n = s->n_units = 0;
    fr_buf *bufs[] = {&s->strings, &s->unit_vec, &s->doc_vec, &s->doc_coarse, &s->items,
                      &s->chunks, &s->rfacts, &s->skill_bits, &s->sy_years, &s->recs,
                      &s->src_text, &s->srcs};
    for (size_t i = 0; i < sizeof bufs / sizeof *bufs; i++)
        fr_buf_reset(bufs[i]);
    fr_u32vec *vecs[] = {&s->id, &s->title, &s->n_req, &s->skills, &s->subs, &s->sy_skill, &s->doc_words};
    for (size_t i = 0; i < sizeof vecs / sizeof *vecs; i++)
        vecs[i]->n = 0;
    s->unit_start.n = 1; /* unit_start[0] = 0 */
    csr_clear(&s->unit_rows);
    csr_clear(&s->doc_rows);
    csr_clear(&s->unit_words);
    csr_clear(&s->req_rows);
    /* the transposes are built whole from the rows (an index save): rebuilt, not kept */
    fr_csr_free(&s->doc_inv);
    fr_csr_free(&s->req_inv);
    s->has_inv = s->has_req_inv = 0;
}

/* Text bytes a chunk of a résumé takes, on the low side (2,484 real résumés: 81; a line of a few
 * words is a chunk), a chunk's terms, on the high side (real: 7.6); bytes per term of a whole
 * résumé's row and per distinct word of its chunks (real: 19 and 21, generated: 14 and 17), per
 * byte of its records (real: 33), on the low side — the reservation's only effect is the time of
 * growing: no result depends on them. */
#define RESERVE_BYTES_PER_CHUNK 64
#define RESERVE_TERMS_PER_CHUNK 12
#define RESERVE_BYTES_PER_DOC_TERM 12
#define RESERVE_BYTES_PER_DOC_WORD 12
#define RESERVE_BYTES_PER_REC_BYTE 16
#define RESERVE_ID_BYTES 32

fr_status fr_docset_reserve_text(fr_docset *s, size_t n_docs, size_t text_bytes, fr_error *err)
{
    if (s->kind != FR_SET_RESUMES || s->map)
        return FR_OK;
    size_t chunks = text_bytes / RESERVE_BYTES_PER_CHUNK + 1;
    fr_status st = fr_buf_reserve(&s->chunks, chunks * sizeof(fr_unit_chunk));
    if (st == FR_OK && !s->lazy_units && s->dim)
        st = fr_buf_reserve(&s->unit_vec, chunks * s->dim * sizeof(float));
    if (st == FR_OK)
        st = fr_csr_reserve(&s->unit_rows, chunks, chunks * RESERVE_TERMS_PER_CHUNK);
    if (st == FR_OK)
        st = fr_csr_reserve(&s->unit_words, chunks, chunks * RESERVE_TERMS_PER_CHUNK);
    /* the documents' own arrays: grown by doubling, each a copy into fresh pages (a tenth of
     * preparing the 2,484 real résumés in one batch) */
    if (st == FR_OK)
        st = fr_csr_reserve(&s->doc_rows, n_docs, text_bytes / RESERVE_BYTES_PER_DOC_TERM + 1);
    if (st == FR_OK)
        st = fr_u32vec_reserve(&s->doc_words, text_bytes / RESERVE_BYTES_PER_DOC_WORD + 1);
    if (st == FR_OK)
        st = fr_buf_reserve(&s->recs, text_bytes / RESERVE_BYTES_PER_REC_BYTE + 1);
    if (st == FR_OK && s->dim)
        st = fr_buf_reserve(&s->doc_vec, n_docs * s->dim * sizeof(float));
    if (st == FR_OK && s->cdim)
        st = fr_buf_reserve(&s->doc_coarse, n_docs * s->cdim * sizeof(float));
    if (st == FR_OK)
        st = fr_buf_reserve(&s->rfacts, n_docs * sizeof(fr_rfacts));
    if (st == FR_OK)
        st = fr_buf_reserve(&s->skill_bits, n_docs * s->n_skill_words * sizeof(uint64_t));
    if (st == FR_OK)
        st = fr_buf_reserve(&s->strings, n_docs * RESERVE_ID_BYTES);
    if (st == FR_OK)
        st = fr_u32vec_reserve(&s->id, n_docs);
    if (st == FR_OK)
        st = fr_u32vec_reserve(&s->title, n_docs);
    if (st == FR_OK)
        st = fr_u32vec_reserve(&s->unit_start, n_docs);
    return st == FR_OK ? FR_OK : fr_fail(err, FR_ENOMEM, "out of memory");
}

static fr_status add_string(fr_docset *s, const char *str, uint32_t *off)
{
    if (s->strings.len + strlen(str) + 1 > UINT32_MAX)
        return FR_ENOMEM;
    *off = (uint32_t)s->strings.len;
    return fr_buf_append(&s->strings, str, strlen(str) + 1);
}

/* Vectorize text into a row appended to `rows` (add_text without its projection or clocks): its
 * tokens' ids[0..n) when given (a slice of b->ts), else text tokenized. */
static fr_status add_row(fr_docset_builder *b, const char *text, size_t len, const int32_t *ids, size_t n,
                         fr_csr_rows *rows, fr_error *err)
{
    fr_sparse x;
    fr_status st = ids ? fr_vectorize_ids(b->vec, ids, n, &x, err) : fr_vectorize(b->vec, text, len, &x, err);
    if (st != FR_OK)
        return st;
    b->bytes += (double)len;
    if (fr_csr_append(rows, x.ids, x.w, x.n) != FR_OK)
        return fr_fail(err, FR_ENOMEM, "out of memory");
    return FR_OK;
}

/* The projections of rows [r0, r0 + n) of `rows` into out (n × the model's dim floats), each as
 * add_text projects it. */
static void project_range(const fr_model *m, const fr_csr_rows *rows, size_t r0, size_t n, float *out)
{
    if (n && fr_model_dim(m)) /* (its arrays read only where a row has entries: none may yet) */
        fr_project_rows(m, rows->ptr.v + r0, rows->col.v, rows->val, n, out);
}

/* The projections of rows [r0, r0 + n) of `rows` appended to `vecs`, timed as one. */
static fr_status project_rows_to(fr_docset_builder *b, const fr_csr_rows *rows, size_t r0, size_t n, fr_buf *vecs,
                                 fr_error *err)
{
    size_t vb = fr_model_dim(b->model) * sizeof(float);
    /* reserved even for a model without projection: see add_text */
    if (fr_buf_reserve(vecs, n * vb) != FR_OK)
        return fr_fail(err, FR_ENOMEM, "out of memory");
    double t0 = fr_now();
    project_range(b->model, rows, r0, n, (float *)(void *)(vecs->data + vecs->len));
    b->proj_s += fr_now() - t0;
    vecs->len += n * vb;
    vecs->data[vecs->len] = '\0';
    return FR_OK;
}

/* Vectorize text into `rows` and its projection into `vecs`: its tokens' ids[0..n) when given
 * (a slice of b->ts), else text tokenized. */
static fr_status add_text(fr_docset_builder *b, const char *text, size_t len, const int32_t *ids, size_t n,
                          fr_csr_rows *rows, fr_buf *vecs, fr_error *err)
{
    fr_sparse x;
    double t0 = fr_now();
    fr_status st = ids ? fr_vectorize_ids(b->vec, ids, n, &x, err) : fr_vectorize(b->vec, text, len, &x, err);
    if (st != FR_OK)
        return st;
    double t1 = fr_now();
    size_t vb = fr_model_dim(b->model) * sizeof(float);
    if (vecs) {
        /* projected in place: the set's array is where the vector stays (a copy through a
         * scratch was one more pass over every chunk's KB).  Reserved even for a model without
         * projection (it still serves --mode cosine), so that the array exists: its accessors
         * point into it */
        if (fr_buf_reserve(vecs, vb) != FR_OK)
            return fr_fail(err, FR_ENOMEM, "out of memory");
        if (vb)
            fr_project(b->model, &x, (float *)(void *)(vecs->data + vecs->len));
    }
    b->proj_s += fr_now() - t1;
    b->vec_s += t1 - t0;
    b->bytes += (double)len;
    if (fr_csr_append(rows, x.ids, x.w, x.n) != FR_OK)
        return fr_fail(err, FR_ENOMEM, "out of memory");
    if (vecs) {
        vecs->len += vb;
        vecs->data[vecs->len] = '\0';
    }
    return FR_OK;
}

const float *fr_docset_chunk_vecs(const fr_docset *s, size_t r, const fr_model *m, float *scratch)
{
    uint32_t c0 = s->unit_start.v[r], nc = s->unit_start.v[r + 1] - c0;
    if (!nc)
        return NULL;
    if (!s->lazy_units)
        return fr_docset_unit_vec(s, c0);
    project_range(m, &s->unit_rows, c0, nc, scratch);
    return scratch;
}

static int u32_cmp(const void *a, const void *b);

/* Append the word row of text to s->unit_words: its content word keys (engine/kinds.h), each
 * weighted by the model's IDF of the word (the most an IDF can be for a word the model does not
 * know: a rare word) when `weighted`, else 1.  *sig: the OR of their signature bits. */
static fr_status add_words(fr_docset *s, fr_docset_builder *b, const char *text, const fr_words *given, int weighted,
                           const uint32_t *extra, size_t n_extra, uint64_t *sig, fr_error *err)
{
    fr_words own;
    const fr_words *w = given; /* the caller's (a chunk's words, made once), else made here */
    if (!w) {
        fr_status st = fr_words_of(text, strlen(text), &own, err);
        if (st != FR_OK)
            return st;
        w = &own;
    }
    uint32_t keys[256 + 64];
    float vals[256 + 64];
    size_t n = fr_word_keys(w, b->memo, keys, 256);
    if (n_extra) { /* a chunk's skills (fr_skill_key), among its words in key order */
        for (size_t i = 0; i < n_extra && i < 64; i++)
            keys[n++] = extra[i];
        n = fr_sort_unique_u32(keys, n);
    }
    double max_idf = log(1.0 + (double)fr_model_n_docs(b->model)) + 1.0;
    *sig = 0;
    for (size_t i = 0; i < n; i++) {
        vals[i] = 1.0f;
        *sig |= fr_word_sig_bit(keys[i]);
    }
    if (weighted) /* the IDF of the word as the model spells it, by the word that gave the key */
        for (size_t i = 0; i < w->nw; i++) {
            const char *x = w->low + w->ws[i];
            uint32_t k = fr_word_key(x, w->wl[i]);
            uint32_t *at = bsearch(&k, keys, n, sizeof *keys, u32_cmp);
            if (!at)
                continue;
            int64_t t = fr_model_lookup(b->model, x, w->wl[i]);
            float idf = (float)(t >= 0 ? fr_model_idf(b->model, (uint32_t)t) : max_idf);
            size_t j = (size_t)(at - keys);
            vals[j] = vals[j] == 1.0f ? idf : (idf > vals[j] ? idf : vals[j]);
        }
    if (!given)
        fr_words_free(&own);
    if (fr_csr_append(&s->unit_words, keys, vals, n) != FR_OK)
        return fr_fail(err, FR_ENOMEM, "out of memory");
    return FR_OK;
}

/* Append the distinct values of v[0..n) to out, ascending — fr_sort_unique_u32's answer.  A
 * résumé's chunk rows hold ~600 word keys, ~300 of them distinct: a set drops the repeats first
 * (a probe each), and the sort has half the keys to order (the radix sort's four passes over
 * ~600 hashes were ~90 instructions a key). */
static fr_status add_distinct_sorted(fr_docset_builder *b, const uint32_t *v, size_t n, fr_u32vec *out)
{
    size_t start = out->n, u = 0;
    if (!n)
        return FR_OK;
    if (fr_u32vec_reserve(out, n) != FR_OK)
        return FR_ENOMEM;
    uint32_t *dst = out->v + start;
    if (n > KSET_SLOTS / 2) { /* more than the set holds half full: all of them sorted */
        memcpy(dst, v, n * sizeof *dst);
        out->n = start + fr_sort_unique_u32(dst, n);
        return FR_OK;
    }
    if (++b->kset_stamp == 0) { /* (after 2^32 - 1 documents) the stamps start over */
        memset(b->kset_gen, 0, KSET_SLOTS * sizeof *b->kset_gen);
        b->kset_stamp = 1;
    }
    const uint32_t stamp = b->kset_stamp;
    for (size_t i = 0; i < n; i++) {
        uint32_t k = v[i];
        size_t j = (size_t)((k * 0x9E3779B9u) >> 20) & (KSET_SLOTS - 1); /* keys are hashes: the top bits */
        for (; b->kset_gen[j] == stamp; j = (j + 1) & (KSET_SLOTS - 1))
            if (b->kset_key[j] == k)
                goto seen;
        b->kset_gen[j] = stamp;
        b->kset_key[j] = k;
        dst[u++] = k;
    seen:;
    }
    fr_sort_u32(dst, u);
    out->n = start + u;
    return FR_OK;
}

/* Append the renormalised prefix of v (dim floats) to out. */
static fr_status add_coarse(fr_buf *out, const float *v, size_t cdim)
{
    float c[FR_COARSE_DIM];
    double ss = 0;
    for (size_t j = 0; j < cdim; j++)
        ss += (double)v[j] * v[j];
    for (size_t j = 0; j < cdim; j++)
        c[j] = ss > 0 ? (float)(v[j] / sqrt(ss)) : 0.0f;
    return fr_buf_append(out, c, cdim * sizeof *c);
}

/* The document's id, title, row and vectors.  `stream`: its tokens kept in b->ts, for its parts —
 * those of `toks` (the parse's, under the lexicon's options) when the model's are them without
 * its stop words, else text tokenized. */
static fr_status add_doc_head(fr_docset *s, fr_docset_builder *b, const char *id, const char *title,
                              const char *text, size_t len, int stream, const fr_tokens *toks, fr_error *err)
{
    uint32_t ido, to = UINT32_MAX;
    if (add_string(s, id, &ido) != FR_OK || (title && add_string(s, title, &to) != FR_OK) ||
        fr_u32vec_push(&s->id, ido) != FR_OK || fr_u32vec_push(&s->title, to) != FR_OK)
        return fr_fail(err, FR_ENOMEM, "out of memory");
    fr_status st = FR_OK;
    if (stream) {
        double t0 = fr_now();
        st = toks && toks->n && b->share_toks ? fr_termstream_of(b->vec, toks, 1, &b->ts, err)
                                              : fr_termstream_make(b->vec, text, len, &b->ts, err);
        b->vec_s += fr_now() - t0;
    }
    if (st == FR_OK)
        st = add_text(b, text, len, stream ? b->ts.id : NULL, b->ts.n, &s->doc_rows, &s->doc_vec, err);
    /* the coarse vector from the document's own, where add_text projected it */
    if (st == FR_OK && s->cdim &&
        add_coarse(&s->doc_coarse, (const float *)(const void *)(s->doc_vec.data + s->doc_vec.len) - s->dim, s->cdim) != FR_OK)
        st = fr_fail(err, FR_ENOMEM, "out of memory");
    return st;
}

static int64_t skill_id(const fr_lexicon *lx, const char *name)
{
    return fr_lexicon_lookup(lx, name, strlen(name));
}

/* Append a zeroed skill bitset for the document being added; *bits points at it (valid until the
 * next append). */
static fr_status new_skill_bits(fr_docset *s, uint64_t **bits, fr_error *err)
{
    size_t w0 = s->skill_bits.len;
    if (fr_buf_reserve(&s->skill_bits, s->n_skill_words * 8) != FR_OK)
        return fr_fail(err, FR_ENOMEM, "out of memory");
    memset(s->skill_bits.data + w0, 0, s->n_skill_words * 8);
    s->skill_bits.len += s->n_skill_words * 8;
    *bits = (uint64_t *)(void *)(s->skill_bits.data + w0);
    return FR_OK;
}

static void set_skills(uint64_t *bits, const fr_lexicon *lx, const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int64_t id = skill_id(lx, names[i]);
        if (id >= 0)
            bits[(size_t)id / 64] |= (uint64_t)1 << ((size_t)id % 64);
    }
}

static fr_status add_items(fr_docset *s, fr_docset_builder *b, const fr_items *its, fr_error *err)
{
    for (size_t i = 0; i < its->n; i++) {
        const fr_item *it = &its->v[i];
        fr_unit_item u = {0};
        u.min_years = (float)it->min_years;
        u.degree = (uint8_t)it->degree;
        u.enrolled = (uint8_t)(it->enrolled != 0);
        u.any_of = (uint8_t)(it->any_of != 0);
        u.kind = it->kind;
        u.alt = it->alt;
        u.lang_level = it->lang_level;
        u.n_langs = it->n_langs;
        memcpy(u.langs, it->langs, sizeof u.langs);
        u.fields = it->field_bits;
        u.fields_named = it->field_named;
        u.cues = it->cues;
        u.skill_start = (uint32_t)s->skills.n;
        u.sub_start = (uint32_t)s->subs.n;
        if (add_string(s, it->text, &u.text) != FR_OK)
            return fr_fail(err, FR_ENOMEM, "out of memory");
        for (size_t k = 0; k < it->n_skills; k++) {
            int64_t id = skill_id(b->lx, it->skills[k]);
            if (id >= 0 && fr_u32vec_push(&s->skills, (uint32_t)id) != FR_OK)
                return fr_fail(err, FR_ENOMEM, "out of memory");
            size_t pos = s->skills.n - u.skill_start - 1;
            if (id >= 0 && pos < 8 && (fr_lexicon_flags(b->lx, (uint32_t)id) & (FR_LX_SOFT | FR_LX_LANGUAGE)))
                u.soft_mask |= (uint8_t)(1u << pos);
            /* what may stand for it in a résumé: its kinds (meet) and close substitutes (partial) */
            if (id < 0 || pos > 255 || (fr_lexicon_flags(b->lx, (uint32_t)id) & (FR_LX_SOFT | FR_LX_LANGUAGE)))
                continue;
            uint32_t acc[64];
            unsigned char how[64];
            size_t na = fr_lexicon_accepts(b->lx, (uint32_t)id, acc, how, 64);
            for (size_t j = 0; j < na && j < 64; j++)
                if (acc[j] <= 0x7FFFFFu &&
                    fr_u32vec_push(&s->subs, (uint32_t)pos << 24 | (uint32_t)how[j] << 23 | acc[j]) != FR_OK)
                    return fr_fail(err, FR_ENOMEM, "out of memory");
        }
        if (fr_buf_append(&s->items, &u, sizeof u) != FR_OK)
            return fr_fail(err, FR_ENOMEM, "out of memory");
        uint64_t sig;
        fr_status st = add_text(b, it->text, strlen(it->text), NULL, 0, &s->unit_rows, &s->unit_vec, err);
        if (st == FR_OK)
            st = add_words(s, b, it->text, NULL, 1, NULL, 0, &sig, err);
        if (st != FR_OK)
            return st;
        s->n_units++;
    }
    return FR_OK;
}

static fr_status end_doc(fr_docset *s, fr_error *err)
{
    if (s->n_units > UINT32_MAX || fr_u32vec_push(&s->unit_start, (uint32_t)s->n_units) != FR_OK)
        return fr_fail(err, FR_ENOMEM, "out of memory");
    s->n++;
    return FR_OK;
}

static int u32_cmp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* The requirement view of the posting just added (see req_rows in docset.h).  The whole text of a
 * posting is mostly duties and company prose while the final order is mostly its requirements,
 * so pruning looks from both. */
static fr_status add_requirements(fr_docset *s, fr_docset_builder *b, size_t p, fr_error *err)
{
    size_t n = 0;
    uint32_t u0 = s->unit_start.v[p], u1 = (uint32_t)s->n_units, nreq = s->n_req.v[p];
    if (u0 == u1) {
        const fr_csr_rows *D = &s->doc_rows;
        if (fr_csr_append(&s->req_rows, D->col.v + D->ptr.v[p], D->val + D->ptr.v[p], D->ptr.v[p + 1] - D->ptr.v[p]) != FR_OK)
            return fr_fail(err, FR_ENOMEM, "out of memory");
        return FR_OK;
    }
    const fr_csr_rows *U = &s->unit_rows;
    for (uint32_t u = u0; u < u1; u++) {
        float wt = u - u0 < nreq ? 1.0f : 0.5f;
        for (uint32_t e = U->ptr.v[u]; e < U->ptr.v[u + 1]; e++) {
            uint32_t t = U->col.v[e];
            if (!b->seen[t]) {
                b->seen[t] = 1;
                b->touched[n++] = t;
            }
            b->acc[t] += wt * U->val[e];
        }
    }
    fr_sort_u32(b->touched, n);
    double ss = 0;
    for (size_t i = 0; i < n; i++)
        ss += b->acc[b->touched[i]] * b->acc[b->touched[i]];
    /* a row of zero weights (every term of IDF 0) stays zero, as a vectorized row does */
    double nrm = ss > 0 ? sqrt(ss) : 1.0;
    for (size_t i = 0; i < n; i++) {
        b->cols[i] = b->touched[i];
        b->vals[i] = (float)(b->acc[b->touched[i]] / nrm);
        b->acc[b->touched[i]] = 0;
        b->seen[b->touched[i]] = 0;
    }
    fr_status st = fr_csr_append(&s->req_rows, b->cols, b->vals, n);
    if (st == FR_EINVAL) /* term ids out of order or range: not a lack of memory */
        return fr_fail(err, FR_EFORMAT, "bad requirement row of posting %zu (term ids out of order)", p);
    if (st != FR_OK)
        return fr_fail(err, FR_ENOMEM, "out of memory");
    return FR_OK;
}

fr_status fr_docset_add_posting(fr_docset *s, fr_docset_builder *b, const fr_posting *p, const char *text,
                                size_t len, fr_error *err)
{
    fr_status st = add_doc_head(s, b, p->id, p->title, text, len, 0, NULL, err);
    if (st == FR_OK)
        st = add_items(s, b, &p->required, err);
    if (st == FR_OK)
        st = add_items(s, b, &p->preferred, err);
    if (st == FR_OK && fr_u32vec_push(&s->n_req, (uint32_t)p->required.n) != FR_OK)
        st = fr_fail(err, FR_ENOMEM, "out of memory");
    if (st == FR_OK)
        st = add_requirements(s, b, s->n, err);
    /* the skills the posting asks for: in its requirements, duties, other requirements and list —
     * not its spoken languages and soft skills ("english", "communication"): nearly every résumé
     * names them, so as skills they would make any posting look covered; where the posting asks
     * for them as requirements, the language and soft-skill verdicts decide them */
    uint64_t *bits = NULL;
    if (st == FR_OK && (st = new_skill_bits(s, &bits, err)) == FR_OK) {
        const fr_items *its[4] = {&p->required, &p->preferred, &p->responsibilities, &p->other};
        for (size_t k = 0; k < 4; k++)
            for (size_t i = 0; i < its[k]->n; i++)
                set_skills(bits, b->lx, its[k]->v[i].skills, its[k]->v[i].n_skills);
        set_skills(bits, b->lx, p->skills, p->n_skills);
        for (size_t w = 0; w < s->n_skill_words; w++)
            bits[w] &= ~b->generic[w];
    }
    return st == FR_OK ? end_doc(s, err) : st;
}

fr_status fr_docset_add_resume(fr_docset *s, fr_docset_builder *b, const fr_resume *r, const char *text,
                               size_t len, fr_error *err)
{
    /* the chunks' spans index the parse's copy of the text: the same bytes, when it is this one */
    int stream = r->chunk_span && len == r->len && memcmp(text, r->text, len) == 0;
    fr_status st = add_doc_head(s, b, r->id, NULL, text, len, stream, &r->toks, err);
    if (st != FR_OK)
        return st;
    fr_rfacts f = {0};
    f.rec_start = (uint32_t)(s->recs.len / sizeof(fr_rrec));
    uint64_t *cues = calloc(r->chunks.n ? 2 * r->chunks.n : 1, sizeof *cues);
    /* each chunk's words, made once (not zeroed here: fr_words_of clears each one it is given
     * before it can fail, and only those are freed) */
    fr_words *cw = malloc((r->chunks.n ? r->chunks.n : 1) * sizeof *cw);
    /* per chunk: [i0, i1) of the whole text's words when they are its words, else i0 > i1 (its
     * own words, made from its text and freed) */
    size_t *span = malloc((r->chunks.n ? 2 * r->chunks.n : 1) * sizeof *span);
    uint32_t *by_head = NULL;
    fr_words whole;
    int have_whole = 0;
    size_t made = 0;
    if (!cues || !cw || !span)
        st = fr_fail(err, FR_ENOMEM, "out of memory");
    /* the words of the whole text, read once: a chunk's text is its span's bytes with the blanks
     * collapsed, so its words are the span's (one pass and one block for the résumé, not one
     * per chunk) */
    if (st == FR_OK && r->chunk_span && r->chunks.n && (st = fr_words_of_whole(r->text, r->len, &whole, err)) == FR_OK)
        have_whole = 1;
    size_t n_sliced = 0;
    for (size_t i = 0, from = 0; st == FR_OK && i < r->chunks.n; i++) {
        size_t *sp = span + 2 * i;
        if (have_whole && fr_words_span(&whole, r->chunk_span[2 * i], r->chunk_span[2 * i + 1], from, sp, sp + 1)) {
            n_sliced += sp[1] - sp[0];
            from = sp[1];
        } else {
            sp[0] = 1;
            sp[1] = 0;
        }
    }
    if (st == FR_OK && !(by_head = malloc((n_sliced ? n_sliced : 1) * sizeof *by_head)))
        st = fr_fail(err, FR_ENOMEM, "out of memory");
    for (size_t at = 0; st == FR_OK && made < r->chunks.n; made++) {
        size_t *sp = span + 2 * made;
        if (sp[0] <= sp[1]) {
            fr_words_slice(&whole, sp[0], sp[1], by_head + at, &cw[made]);
            at += sp[1] - sp[0];
        } else
            st = fr_words_of(r->chunks.v[made].text, strlen(r->chunks.v[made].text), &cw[made], err);
    }
    if (st == FR_OK)
        st = fr_verdict_resume(r, have_whole ? &whole : NULL, cw, b->cues, &f, &s->recs, cues, err);
    /* the chunks' rows, then (below) their words, then their vectors: each stage timed once for
     * the résumé (three clock reads a chunk were a fiftieth of preparing one) */
    size_t ts_from = 0, row0 = s->unit_rows.n;
    double t0 = fr_now();
    for (size_t i = 0; st == FR_OK && i < r->chunks.n; i++) {
        const fr_item *c = &r->chunks.v[i];
        /* the chunk's tokens are those of the résumé in its span, most often: no second tokenizing */
        size_t i0 = 0, i1 = 0, a = stream ? r->chunk_span[2 * i] : 0, e = stream ? r->chunk_span[2 * i + 1] : 0;
        int slice = stream && b->ts.id && (r->chunk_slices[i] & FR_SLICE_COLLAPSED) &&
                    fr_termstream_span_at(&b->ts, a, e, ts_from, &i0, &i1);
        if (slice)
            ts_from = i1; /* the next chunk's tokens, most often from there */
        st = add_row(b, c->text, strlen(c->text), slice ? b->ts.id + i0 : NULL, i1 - i0, &s->unit_rows, err);
    }
    b->vec_s += fr_now() - t0;
    for (size_t i = 0; st == FR_OK && i < r->chunks.n; i++) {
        const fr_item *c = &r->chunks.v[i];
        fr_unit_chunk u = {0};
        u.start = c->start;
        u.end = c->end;
        u.section = (uint8_t)r->chunk_section[i];
        u.cues = cues[2 * i];
        u.refused = cues[2 * i + 1];
        if (fr_buf_append(&s->chunks, &u, sizeof u) != FR_OK) {
            st = fr_fail(err, FR_ENOMEM, "out of memory");
            break;
        }
        /* the chunk's words, and their signature (a filter for the verdicts' lookups) */
        uint64_t sig;
        uint32_t sk[64];
        size_t nsk = 0;
        for (size_t k = 0; k < c->n_skills && nsk < 64; k++) {
            int64_t id = skill_id(b->lx, c->skills[k]);
            if (id >= 0)
                sk[nsk++] = fr_skill_key((uint32_t)id);
        }
        if ((st = add_words(s, b, c->text, &cw[i], 0, sk, nsk, &sig, err)) != FR_OK)
            break;
        ((fr_unit_chunk *)(void *)(s->chunks.data + s->chunks.len - sizeof(fr_unit_chunk)))->sig = sig;
        s->n_units++;
    }
    if (st == FR_OK && !s->lazy_units)
        st = project_rows_to(b, &s->unit_rows, row0, r->chunks.n, &s->unit_vec, err);
    for (size_t i = 0; cw && i < made; i++)
        if (span[2 * i] > span[2 * i + 1]) /* its own words (a slice borrows whole's) */
            fr_words_free(&cw[i]);
    if (have_whole)
        fr_words_free(&whole);
    free(by_head);
    free(span);
    free(cw);
    free(cues);
    if (st != FR_OK)
        return st;
    /* the résumé's distinct word keys: its chunks' rows, merged */
    f.word_start = (uint32_t)s->doc_words.n;
    {
        const fr_csr_rows *W = &s->unit_words;
        uint32_t e0 = W->ptr.v[s->n_units - r->chunks.n], e1 = W->ptr.v[s->n_units];
        if (e1 > e0 && add_distinct_sorted(b, W->col.v + e0, e1 - e0, &s->doc_words) != FR_OK)
            return fr_fail(err, FR_ENOMEM, "out of memory");
    }
    f.total_years = (float)r->total_years;
    f.sy_start = (uint32_t)s->sy_skill.n;
    for (size_t i = 0; i < r->n_experience; i++)
        f.has_dated |= (uint8_t)(r->experience[i].has_dates != 0);
    f.has_education = (uint8_t)(r->n_education > 0);
    for (size_t i = 0; i < r->n_sections; i++)
        f.has_education |= (uint8_t)(r->sections[i].kind == FR_RS_EDUCATION);
    for (size_t i = 0; i < r->chunks.n; i++)
        f.has_skills |= (uint8_t)(r->chunk_section[i] == FR_RS_SKILLS);
    f.degree = (uint8_t)r->highest_degree;
    f.enrolled = (uint8_t)(r->enrolled != 0);
    for (size_t i = 0; i < r->n_skill_years; i++) {
        int64_t id = skill_id(b->lx, r->skill_years[i].skill);
        float y = (float)r->skill_years[i].years;
        if (id >= 0 && (fr_u32vec_push(&s->sy_skill, (uint32_t)id) != FR_OK ||
                        fr_buf_append(&s->sy_years, &y, sizeof y) != FR_OK))
            return fr_fail(err, FR_ENOMEM, "out of memory");
    }
    if (fr_buf_append(&s->rfacts, &f, sizeof f) != FR_OK)
        return fr_fail(err, FR_ENOMEM, "out of memory");
    uint64_t *bits = NULL;
    if ((st = new_skill_bits(s, &bits, err)) != FR_OK)
        return st;
    set_skills(bits, b->lx, r->skills, r->n_skills);
    return end_doc(s, err);
}

fr_status fr_docset_add_plain(fr_docset *s, fr_docset_builder *b, const char *id, const char *text, size_t len,
                              fr_error *err)
{
    fr_status st = add_doc_head(s, b, id, NULL, text, len, 0, NULL, err);
    if (st != FR_OK)
        return st;
    if (s->kind == FR_SET_POSTINGS) {
        if (fr_u32vec_push(&s->n_req, 0) != FR_OK)
            return fr_fail(err, FR_ENOMEM, "out of memory");
        if ((st = add_requirements(s, b, s->n, err)) != FR_OK)
            return st;
    } else {
        fr_rfacts f = {0};
        f.sy_start = (uint32_t)s->sy_skill.n;
        f.rec_start = (uint32_t)(s->recs.len / sizeof(fr_rrec));
        f.word_start = (uint32_t)s->doc_words.n;
        if (fr_buf_append(&s->rfacts, &f, sizeof f) != FR_OK)
            return fr_fail(err, FR_ENOMEM, "out of memory");
    }
    uint64_t *bits = NULL;  /* no parsing, no skills: an empty set keeps the layout of parsed sets */
    if ((st = new_skill_bits(s, &bits, err)) != FR_OK)
        return st;
    return end_doc(s, err);
}

/* ---- sources ---------------------------------------------------------------------------------- */

fr_status fr_docset_add_src(fr_docset *s, const fr_doc *d, int32_t as_of, fr_error *err)
{
    if (s->map || s->srcs.len / sizeof(fr_doc_src) + 1 != s->n)
        return fr_fail(err, FR_EINVAL, "a source is kept for the document just added, once");
    fr_doc_src r = {0};
    r.text = s->src_text.len;
    r.len = d->len;
    r.alt = r.text + d->len + 1; /* each text NUL-terminated, as the readers give them */
    r.alt_len = d->alt_text ? d->alt_len : 0;
    r.as_of = s->kind == FR_SET_RESUMES ? as_of : 0;
    r.offsets = d->src_start || (d->offsets && strcmp(d->offsets, "extracted") == 0) ? FR_OFFSETS_EXTRACTED
                : d->offsets && strcmp(d->offsets, "field") == 0                     ? FR_OFFSETS_FIELD
                                                                                      : FR_OFFSETS_SOURCE;
    size_t had = s->src_text.len;
    if ((d->len && fr_buf_append(&s->src_text, d->text, d->len) != FR_OK) ||
        fr_buf_append(&s->src_text, "", 1) != FR_OK ||
        (r.alt_len && (fr_buf_append(&s->src_text, d->alt_text, r.alt_len) != FR_OK ||
                       fr_buf_append(&s->src_text, "", 1) != FR_OK)) ||
        fr_buf_append(&s->srcs, &r, sizeof r) != FR_OK) {
        s->src_text.len = had;
        return fr_fail(err, FR_ENOMEM, "out of memory");
    }
    return FR_OK;
}

int fr_doc_src_ok(const fr_doc_src *r, const fr_buf *text)
{
    uint64_t n = text->len;
    return r->text < n && r->len < n - r->text && text->data[r->text + r->len] == '\0' &&
           (!r->alt_len || (r->alt < n && r->alt_len < n - r->alt && text->data[r->alt + r->alt_len] == '\0'));
}

fr_status fr_docset_src(const fr_docset *s, size_t i, fr_doc *d, int32_t *as_of, fr_error *err)
{
    static const char *const offsets[] = {"source", "field", "extracted"};
    if (i >= s->n || s->srcs.len != s->n * sizeof(fr_doc_src))
        return fr_fail(err, FR_EINVAL, "%s: holds no texts of its documents", fr_index_path(s));
    fr_doc_src r;
    memcpy(&r, s->srcs.data + i * sizeof r, sizeof r);
    if (!fr_doc_src_ok(&r, &s->src_text))
        return fr_fail(err, FR_EFORMAT, "%s: corrupt index (the text of document %zu)", fr_index_path(s), i + 1);
    fr_status st = fr_index_verify_src(s, i, err);
    if (st != FR_OK)
        return st;
    memset(d, 0, sizeof *d);
    d->id = fr_docset_id(s, i);
    d->id_len = strlen(d->id);
    d->title = s->title.v[i] == UINT32_MAX ? NULL : fr_docset_str(s, s->title.v[i]);
    d->text = s->src_text.data + r.text;
    d->len = (size_t)r.len;
    d->alt_text = r.alt_len ? s->src_text.data + r.alt : NULL;
    d->alt_len = (size_t)r.alt_len;
    d->offsets = offsets[r.offsets < 3 ? r.offsets : 2];
    *as_of = r.as_of;
    return FR_OK;
}
