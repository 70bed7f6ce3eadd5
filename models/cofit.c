/* models/cofit.c — fit and transform in one read (model.h, "fitting and rows in one pass").
 *
 * Each part (a thread's) counts its documents into a term table of its own — no locks, no shared
 * cache lines — and keeps every document's distinct terms with their counts.  At the end the
 * parts' tables merge into one vocabulary, `fit`'s rules choose its terms (fr__select_terms: sorted
 * bytes, df bounds, max_features), and each part turns its documents' (term, count) entries into
 * (column, weight) entries in place.  Nothing depends on which part counted which document: the
 * vocabulary is sorted, document frequencies and totals are sums of integers, and each row is a
 * function of its document alone — so the model and the rows are the same for any number of parts
 * and any order of arrival.
 *
 * The term table is the vectorizer's design (models/vectorize.c) made growable: a term of up to
 * FR_SHORT bytes is compared by its two words, hashed by one multiply; tokens are looked up 32 at a
 * time with their slots and records prefetched.  A slot holds the low 32 bits of the hash above
 * the id, so a probe rarely reads a record that is not the token's and growing never rehashes a
 * term's bytes. */
#include <stdlib.h>
#include <string.h>

#include "models/internal.h"
#include "util/hash.h"
#include "util/parallel.h"

struct cterm {
    uint64_t w0, w1; /* a short term's bytes (fr_short_words), 0 for a long one */
    uint32_t len;
    uint32_t df;     /* documents of this part holding it; CT_STOP: a stop word, never counted */
    uint32_t last;   /* the part's last document (counted from 1) that counted it */
    uint32_t cnt;    /* its count in that document */
};

#define CT_STOP UINT32_MAX /* (an enum is an int: ISO C, and clang -Wpedantic, refuse 2^32 - 1) */

typedef struct {
    uint64_t *slot;      /* 0 empty, else (uint32 hash) << 32 | (id + 1) */
    size_t mask;
    struct cterm *term;
    uint32_t *off;       /* each term's bytes in arena */
    uint64_t *total;     /* each term's count over the part's documents */
    size_t n, cap;
    fr_buf arena;
} ctab;

typedef struct {
    fr_row_entry *e;     /* its entries, in one of its part's blocks */
    uint32_t doc;        /* its number in the whole input */
    uint32_t n;          /* entries */
} cdoc;

/* Entries live in blocks that never move: growing one array by realloc copied it (worker threads'
 * arenas cannot remap) and touched twice the pages, and a fresh page costs ~5 µs to fault in on
 * the virtual machines measured — as much as counting the tokens that fill it. */
enum { BLOCK_ENTRIES = 1 << 19 }; /* 4 MB */
typedef struct {
    fr_row_entry *e;
    size_t n, cap;
} cblock;

typedef struct {
    fr_cofit *f;
    fr_tokenizer *tok;
    ctab t;
    uint32_t mark;       /* documents counted so far (the current one's number from 1) */
    fr_u32vec cur;       /* the current document's distinct terms, first seen first */
    cblock *blocks;      /* (term, count) per document, then (column, weight) after finishing */
    size_t n_blocks, cap_blocks;
    cdoc *docs;
    size_t n_docs, cap_docs;
    /* finishing */
    uint32_t *col;       /* term of this part → column, UINT32_MAX when dropped */
    fr_status st;
    fr_error err;
} cpart;

struct fr_cofit {
    fr_fit_opts o;
    cpart *parts;
    size_t n_parts;
    fr_tokenizer *stop;  /* the options' tokenizer, for its list of stop words (drop_stop) */
    int drop_stop;       /* the parts tokenize without stop words and drop them in their tables */
    fr_model *model;     /* after finishing */
    int finished;        /* fr_cofit_finish was called (whatever it gave) */
    uint64_t n_docs;
    const fr_row_entry **row; /* per document, after finishing */
    uint32_t *row_n;
};

/* ---- term tables ------------------------------------------------------------------------------ */

static uint64_t term_hash(const char *s, size_t n, uint64_t *w0, uint64_t *w1)
{
    if (n > FR_SHORT) {
        *w0 = *w1 = 0;
        return fr_hash_term(s, n);
    }
    fr_short_words(s, n, w0, w1);
    return fr_hash_short(*w0, *w1);
}

static fr_status tab_init(ctab *t)
{
    memset(t, 0, sizeof *t);
    t->mask = 1023;
    t->slot = calloc(t->mask + 1, sizeof *t->slot);
    return t->slot ? FR_OK : FR_ENOMEM;
}

static void tab_free(ctab *t)
{
    free(t->slot);
    free(t->term);
    free(t->off);
    free(t->total);
    fr_buf_free(&t->arena);
    memset(t, 0, sizeof *t);
}

static fr_status tab_grow_slots(ctab *t)
{
    size_t ns = (t->mask + 1) * 2, m = ns - 1;
    uint64_t *slot = calloc(ns, sizeof *slot);
    if (!slot)
        return FR_ENOMEM;
    for (size_t i = 0; i <= t->mask; i++) {
        uint64_t e = t->slot[i];
        if (!e)
            continue;
        size_t j = (size_t)(e >> 32) & m;
        while (slot[j])
            j = (j + 1) & m;
        slot[j] = e;
    }
    free(t->slot);
    t->slot = slot;
    t->mask = m;
    return FR_OK;
}

/* A new term s[0..n) (hash h, words w0, w1) in slot j: its id in *id. */
static fr_status tab_add(ctab *t, size_t j, uint64_t h, const char *s, size_t n, uint64_t w0, uint64_t w1,
                         uint32_t *id)
{
    if (t->n >= UINT32_MAX - 1 || t->arena.len + n > UINT32_MAX)
        return FR_ENOMEM;
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 1024;
        struct cterm *term = realloc(t->term, cap * sizeof *term);
        if (term)
            t->term = term;
        uint32_t *off = realloc(t->off, cap * sizeof *off);
        if (off)
            t->off = off;
        uint64_t *total = realloc(t->total, cap * sizeof *total);
        if (total)
            t->total = total;
        if (!term || !off || !total)
            return FR_ENOMEM;
        t->cap = cap;
    }
    if (fr_buf_append(&t->arena, s, n) != FR_OK)
        return FR_ENOMEM;
    uint32_t e = (uint32_t)t->n++;
    t->term[e] = (struct cterm){w0, w1, (uint32_t)n, 0, 0, 0};
    t->off[e] = (uint32_t)(t->arena.len - n);
    t->total[e] = 0;
    t->slot[j] = (uint64_t)(uint32_t)h << 32 | (e + 1);
    *id = e;
    if ((t->n + 1) * 2 > t->mask + 1)
        return tab_grow_slots(t);
    return FR_OK;
}

/* The id of term s[0..n) (hash h; words w0, w1 when short), added when new. */
static inline fr_status tab_get(ctab *t, const char *s, size_t n, uint64_t h, uint64_t w0, uint64_t w1, uint32_t *id)
{
    uint64_t tag = (uint64_t)(uint32_t)h << 32;
    for (size_t j = (size_t)h & t->mask;; j = (j + 1) & t->mask) {
        uint64_t e = t->slot[j];
        if (!e)
            return tab_add(t, j, h, s, n, w0, w1, id);
        if ((e & 0xffffffff00000000u) != tag)
            continue;
        uint32_t i = (uint32_t)e - 1;
        const struct cterm *r = &t->term[i];
        if (n <= FR_SHORT ? ((r->w0 ^ w0) | (r->w1 ^ w1) | (r->len ^ n)) == 0
                          : r->len == n && memcmp(t->arena.data + t->off[i], s, n) == 0) {
            *id = i;
            return FR_OK;
        }
    }
}

/* ---- counting --------------------------------------------------------------------------------- */

void fr_cofit_free(fr_cofit *f)
{
    if (!f)
        return;
    for (size_t i = 0; f->parts && i < f->n_parts; i++) {
        cpart *p = &f->parts[i];
        fr_tokenizer_free(p->tok);
        tab_free(&p->t);
        fr_u32vec_free(&p->cur);
        for (size_t b = 0; b < p->n_blocks; b++)
            free(p->blocks[b].e);
        free(p->blocks);
        free(p->docs);
        free(p->col);
    }
    free(f->parts);
    fr_tokenizer_free(f->stop);
    fr_model_free(f->model);
    free(f->row);
    free(f->row_n);
    free(f);
}

fr_status fr_cofit_new(const fr_fit_opts *o, size_t n_parts, fr_cofit **out, fr_error *err)
{
    *out = NULL;
    if (n_parts == 0 || n_parts > 4096)
        return fr_fail(err, FR_EINVAL, "parts: 1 to 4096 (got %zu)", n_parts);
    fr_cofit *f = calloc(1, sizeof *f);
    if (!f)
        return fr_fail(err, FR_ENOMEM, "out of memory");
    f->o = *o;
    f->o.dim = 0; /* cosine needs no projection: the model is `fit --dim 0`'s */
    f->n_parts = n_parts;
    f->parts = calloc(n_parts, sizeof *f->parts);
    if (!f->parts) {
        free(f);
        return fr_fail(err, FR_ENOMEM, "out of memory");
    }
    /* Stop words, where they can (fr_tok_opts_drop_stop_only: no stemming, no n-grams), are filed in
     * each part's table and dropped in the probe that counts a token — the tokenizer's own test
     * was a second hash probe per token, a quarter of its time (as the vectorizer does). */
    fr_tok_opts plain = f->o.tok;
    plain.stop_words = 0;
    f->drop_stop = f->o.tok.stop_words && fr_tok_opts_drop_stop_only(&plain, &f->o.tok);
    fr_status s = f->drop_stop ? fr_tokenizer_new(&f->o.tok, &f->stop, err) : FR_OK;
    for (size_t i = 0; i < n_parts && s == FR_OK; i++) {
        cpart *p = &f->parts[i];
        p->f = f;
        s = fr_tokenizer_new(f->drop_stop ? &plain : &f->o.tok, &p->tok, err);
        if (s == FR_OK && tab_init(&p->t) != FR_OK)
            s = fr_fail(err, FR_ENOMEM, "out of memory");
        for (size_t k = 0; s == FR_OK && f->drop_stop && k < fr_tokenizer_n_stop(f->stop); k++) {
            size_t n;
            const char *w = fr_tokenizer_stop_word(f->stop, k, &n);
            uint64_t w0, w1, h = term_hash(w, n, &w0, &w1);
            uint32_t id;
            if (tab_get(&p->t, w, n, h, w0, w1, &id) != FR_OK)
                s = fr_fail(err, FR_ENOMEM, "out of memory");
            else
                p->t.term[id].df = CT_STOP;
        }
    }
    if (s != FR_OK) {
        fr_cofit_free(f);
        return s;
    }
    *out = f;
    return FR_OK;
}

/* Count one token of the current document. */
static inline fr_status count(cpart *p, const char *s, size_t n, uint64_t h, uint64_t w0, uint64_t w1)
{
    uint32_t id;
    if (tab_get(&p->t, s, n, h, w0, w1, &id) != FR_OK)
        return FR_ENOMEM;
    struct cterm *r = &p->t.term[id];
    if (r->df == CT_STOP)
        return FR_OK;
    if (r->last == p->mark) {
        r->cnt++;
        return FR_OK;
    }
    r->last = p->mark;
    r->df++;
    r->cnt = 1;
    return fr_u32vec_push(&p->cur, id);
}

enum { BATCH = 32 };

fr_status fr_cofit_add(fr_cofit *f, size_t part, uint64_t doc, const char *text, size_t len, fr_error *err)
{
    if (part >= f->n_parts || f->finished)
        return fr_fail(err, FR_EINVAL, "fr_cofit_add: no part %zu, or already finished", part);
    if (doc >= UINT32_MAX - 1)
        return fr_fail(err, FR_EINVAL, "too many documents (limit %u)", UINT32_MAX - 2);
    cpart *p = &f->parts[part];
    fr_tokens toks;
    fr_status s = fr_tokenize(p->tok, text, len, &toks, err);
    if (s != FR_OK)
        return s;
    if (p->mark == UINT32_MAX - 1)
        return fr_fail(err, FR_EINVAL, "too many documents (limit %u)", UINT32_MAX - 2);
    p->mark++;
    p->cur.n = 0;
    if (p->n_docs == p->cap_docs) {
        size_t cap = p->cap_docs ? p->cap_docs * 2 : 256;
        cdoc *d = realloc(p->docs, cap * sizeof *d);
        if (!d)
            return fr_fail(err, FR_ENOMEM, "out of memory counting terms");
        p->docs = d;
        p->cap_docs = cap;
    }
    /* A lookup is two dependent loads (slot, record), each likely a cache miss on a large
     * vocabulary: hashed and prefetched a batch at a time, the misses of a batch overlap. */
    for (size_t b = 0; b < toks.n; b += BATCH) {
        size_t nb = toks.n - b < BATCH ? toks.n - b : BATCH;
        uint64_t w0[BATCH], w1[BATCH], h[BATCH];
        for (size_t i = 0; i < nb; i++) {
            const char *ts = toks.text + toks.off[b + i];
            size_t n = toks.len[b + i];
            if (n > FR_SHORT) {
                w0[i] = w1[i] = 0;
                h[i] = fr_hash_term(ts, n);
            } else {
                fr_short_words_padded(ts, n, &w0[i], &w1[i]); /* FR_TOKENS_PAD: loads whole */
                h[i] = fr_hash_short(w0[i], w1[i]);
            }
            __builtin_prefetch(&p->t.slot[h[i] & p->t.mask]);
        }
        for (size_t i = 0; i < nb; i++) {
            uint64_t e = p->t.slot[h[i] & p->t.mask];
            if (e)
                __builtin_prefetch(&p->t.term[(uint32_t)e - 1]);
        }
        for (size_t i = 0; i < nb; i++)
            if (count(p, toks.text + toks.off[b + i], toks.len[b + i], h[i], w0[i], w1[i]) != FR_OK)
                return fr_fail(err, FR_ENOMEM, "out of memory counting terms");
    }
    size_t nd = p->cur.n;
    cblock *bl = p->n_blocks ? &p->blocks[p->n_blocks - 1] : NULL;
    if (!bl || bl->cap - bl->n < nd) {
        if (p->n_blocks == p->cap_blocks) {
            size_t cap = p->cap_blocks ? p->cap_blocks * 2 : 16;
            cblock *b = realloc(p->blocks, cap * sizeof *b);
            if (!b)
                return fr_fail(err, FR_ENOMEM, "out of memory keeping the documents' terms");
            p->blocks = b;
            p->cap_blocks = cap;
        }
        size_t cap = nd > BLOCK_ENTRIES ? nd : BLOCK_ENTRIES;
        bl = &p->blocks[p->n_blocks];
        if (!(bl->e = malloc(cap * sizeof *bl->e)))
            return fr_fail(err, FR_ENOMEM, "out of memory keeping the documents' terms");
        bl->n = 0;
        bl->cap = cap;
        p->n_blocks++;
    }
    fr_row_entry *e = bl->e + bl->n;
    for (size_t i = 0; i < nd; i++) {
        uint32_t id = p->cur.v[i];
        uint32_t c = p->t.term[id].cnt;
        e[i].col = id;
        e[i].v.count = c;
        p->t.total[id] += c;
    }
    p->docs[p->n_docs++] = (cdoc){e, (uint32_t)doc, (uint32_t)nd};
    bl->n += nd;
    return FR_OK;
}

/* ---- finishing -------------------------------------------------------------------------------- */

/* Turn a part's (term, count) entries into (column, weight) entries, each row ascending by column:
 * the columns a document holds are marked in a bitmap (and its words in a summary bitmap), which
 * gives them in order without a sort — as the vectorizer's finish() does. */
static void *rows_part(void *arg)
{
    cpart *p = arg;
    const fr_model *m = p->f->model;
    size_t V = m->n_terms, nw = (V + 63) / 64, ns = (nw + 63) / 64;
    uint64_t *bits = calloc(nw + 1, sizeof *bits), *summary = calloc(ns + 1, sizeof *summary);
    uint32_t *cnt = malloc((V ? V : 1) * sizeof *cnt);
    size_t most = 0;
    for (size_t d = 0; d < p->n_docs; d++)
        most = p->docs[d].n > most ? p->docs[d].n : most;
    uint32_t *ids = malloc((most ? most : 1) * sizeof *ids);
    double *dc = malloc((most ? most : 1) * sizeof *dc);
    float *w = malloc((most ? most : 1) * sizeof *w);
    if (!bits || !summary || !cnt || !ids || !dc || !w) {
        p->st = fr_fail(&p->err, FR_ENOMEM, "out of memory building the rows");
        goto done;
    }
    for (size_t d = 0; d < p->n_docs; d++) {
        fr_row_entry *e = p->docs[d].e;
        uint32_t n = p->docs[d].n;
        for (uint32_t i = 0; i < n; i++) {
            uint32_t c = p->col[e[i].col];
            if (c == UINT32_MAX)
                continue;
            cnt[c] = e[i].v.count;
            bits[c >> 6] |= (uint64_t)1 << (c & 63);
            summary[c >> 12] |= (uint64_t)1 << ((c >> 6) & 63);
        }
        uint32_t k = 0;
        for (size_t s = 0; s < ns; s++) {
            uint64_t sw = summary[s];
            summary[s] = 0;
            while (sw) {
                size_t wi = s * 64 + (size_t)__builtin_ctzll(sw);
                sw &= sw - 1;
                uint64_t b = bits[wi];
                bits[wi] = 0;
                while (b) {
                    uint32_t c = (uint32_t)(wi * 64 + (size_t)__builtin_ctzll(b));
                    b &= b - 1;
                    ids[k] = c;
                    dc[k++] = (double)cnt[c];
                }
            }
        }
        /* the weights exactly as a vectorizer computes them from the model (same order, same sums) */
        fr__tfidf_weights(m, ids, dc, k, w);
        for (uint32_t i = 0; i < k; i++) {
            e[i].col = ids[i];
            e[i].v.w = w[i];
        }
        p->docs[d].n = k;
    }
done:
    free(bits);
    free(summary);
    free(cnt);
    free(ids);
    free(dc);
    free(w);
    return NULL;
}

fr_status fr_cofit_finish(fr_cofit *f, int threads, fr_error *err)
{
    if (f->finished)
        return fr_fail(err, FR_EINVAL, "fr_cofit_finish: already finished");
    f->finished = 1;
    fr_status s = FR_OK;
    ctab g;
    uint32_t **map = calloc(f->n_parts, sizeof *map);
    uint32_t *df = NULL, *len = NULL, *keep = NULL, *col = NULL, *toff = NULL, *tdf = NULL;
    double *total = NULL;
    fr_buf terms = {0};
    size_t k = 0;
    if (tab_init(&g) != FR_OK || !map) {
        s = fr_fail(err, FR_ENOMEM, "out of memory");
        goto done;
    }
    /* every document once: its row's place */
    uint64_t n = 0;
    for (size_t i = 0; i < f->n_parts; i++)
        n += f->parts[i].n_docs;
    f->n_docs = n;
    f->row = calloc(n ? n : 1, sizeof *f->row);
    f->row_n = calloc(n ? n : 1, sizeof *f->row_n);
    if (!f->row || !f->row_n) {
        s = fr_fail(err, FR_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < f->n_parts; i++)
        for (size_t d = 0; d < f->parts[i].n_docs; d++) {
            const cdoc *c = &f->parts[i].docs[d];
            if (c->doc >= n || f->row_n[c->doc]) {
                s = fr_fail(err, FR_EINVAL, "documents not numbered 0 to %llu, each once", (unsigned long long)n - 1);
                goto done;
            }
            f->row_n[c->doc] = 1; /* seen; the row's length below */
        }
    /* one vocabulary: the parts' terms merged (their ids in the merged table: map) */
    for (size_t i = 0; i < f->n_parts; i++) {
        const ctab *t = &f->parts[i].t;
        if (!(map[i] = malloc((t->n ? t->n : 1) * sizeof *map[i]))) {
            s = fr_fail(err, FR_ENOMEM, "out of memory");
            goto done;
        }
        for (size_t e = 0; e < t->n; e++) {
            if (t->term[e].df == CT_STOP) { /* never counted: not a term of the vocabulary */
                map[i][e] = UINT32_MAX;
                continue;
            }
            const char *ts = t->arena.data + t->off[e];
            size_t tn = t->term[e].len;
            uint64_t w0, w1, h = term_hash(ts, tn, &w0, &w1);
            if (tab_get(&g, ts, tn, h, w0, w1, &map[i][e]) != FR_OK) {
                s = fr_fail(err, FR_ENOMEM, "out of memory merging the vocabularies");
                goto done;
            }
        }
    }
    df = calloc(g.n ? g.n : 1, sizeof *df);
    len = malloc((g.n ? g.n : 1) * sizeof *len);
    total = calloc(g.n ? g.n : 1, sizeof *total);
    col = malloc((g.n ? g.n : 1) * sizeof *col);
    if (!df || !len || !total || !col) {
        s = fr_fail(err, FR_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < f->n_parts; i++) {
        const ctab *t = &f->parts[i].t;
        for (size_t e = 0; e < t->n; e++)
            if (map[i][e] != UINT32_MAX) {
                df[map[i][e]] += t->term[e].df;
                total[map[i][e]] += (double)t->total[e]; /* integers: exact whatever the order */
            }
    }
    for (size_t e = 0; e < g.n; e++)
        len[e] = g.term[e].len;
    if ((s = fr__select_terms(&f->o, n, g.n, g.arena.data, g.off, len, df, total, &keep, &k, err)) != FR_OK)
        goto done;
    if (fr__vocab_image(g.n, g.arena.data, g.off, len, df, keep, k, &terms, &toff, &tdf) != FR_OK) {
        s = fr_fail(err, FR_ENOMEM, "out of memory");
        goto done;
    }
    if ((s = fr__model_build(&f->o, n, k, terms.data ? terms.data : "", toff, tdf, 0, NULL, NULL, &f->model, err)) !=
        FR_OK)
        goto done;
    for (size_t e = 0; e < g.n; e++)
        col[e] = UINT32_MAX;
    for (size_t i = 0; i < k; i++)
        col[keep[i]] = (uint32_t)i;
    for (size_t i = 0; i < f->n_parts; i++) {
        cpart *p = &f->parts[i];
        if (!(p->col = malloc((p->t.n ? p->t.n : 1) * sizeof *p->col))) {
            s = fr_fail(err, FR_ENOMEM, "out of memory");
            goto done;
        }
        for (size_t e = 0; e < p->t.n; e++)
            p->col[e] = map[i][e] == UINT32_MAX ? UINT32_MAX : col[map[i][e]];
        p->st = FR_OK;
    }
    /* the rows, a part per thread (threads beyond the parts would have nothing to do) */
    {
        size_t np = f->n_parts, step = threads > 0 ? (size_t)threads : 1;
        for (size_t i0 = 0; i0 < np; i0 += step)
            fr_run_parts(f->parts + i0, np - i0 < step ? np - i0 : step, sizeof *f->parts, rows_part);
        for (size_t i = 0; i < np; i++)
            if (f->parts[i].st != FR_OK) {
                s = f->parts[i].st;
                if (err)
                    *err = f->parts[i].err;
                goto done;
            }
    }
    for (size_t i = 0; i < f->n_parts; i++)
        for (size_t d = 0; d < f->parts[i].n_docs; d++) {
            const cdoc *c = &f->parts[i].docs[d];
            f->row[c->doc] = c->n ? c->e : NULL;
            f->row_n[c->doc] = c->n;
        }
done:
    if (s != FR_OK) {
        fr_model_free(f->model);
        f->model = NULL;
    }
    for (size_t i = 0; map && i < f->n_parts; i++)
        free(map[i]);
    free(map);
    tab_free(&g);
    free(df);
    free(len);
    free(total);
    free(keep);
    free(col);
    free(toff);
    free(tdf);
    fr_buf_free(&terms);
    return s;
}

const fr_model *fr_cofit_model(const fr_cofit *f) { return f->model; }

uint64_t fr_cofit_n_docs(const fr_cofit *f) { return f->model ? f->n_docs : 0; }

const fr_row_entry *fr_cofit_row(const fr_cofit *f, uint64_t doc, size_t *n)
{
    *n = f->row_n[doc];
    return f->row[doc];
}
