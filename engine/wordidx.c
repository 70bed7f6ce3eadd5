/* engine/wordidx.c — unit_words transposed (engine/wordidx.h). */
#include "engine/wordidx.h"

#include "engine/kinds.h"
#include "util/buf.h"
#include "util/sort.h"

#include <stdlib.h>
#include <string.h>

void fr_word_index_free(fr_word_index *x)
{
    free(x->key);
    free(x->ptr);
    free(x->unit);
    free(x->line);
    memset(x, 0, sizeof *x);
}

/* Longer list first, then smaller key: a total order, so the same words get bits for the same rows. */
static int more_common(const fr_word_index *x, uint32_t a, uint32_t b)
{
    uint32_t na = x->ptr[a + 1] - x->ptr[a], nb = x->ptr[b + 1] - x->ptr[b];
    return na != nb ? na > nb : x->key[a] < x->key[b];
}

/* The FR_WIX_COMMON words on most units get a bit, and each unit a mask of the ones it holds. */
static void common_bits(fr_word_index *out)
{
    /* the most common keys by one pass keeping a sorted list of the best (insertion: 128 slots) */
    uint32_t best[FR_WIX_COMMON];
    size_t nb = 0;
    for (uint32_t k = 0; k < out->nkeys; k++) {
        if (nb == FR_WIX_COMMON && !more_common(out, k, best[nb - 1]))
            continue;
        size_t at = nb < FR_WIX_COMMON ? nb++ : nb - 1;
        while (at > 0 && more_common(out, k, best[at - 1])) {
            best[at] = best[at - 1];
            at--;
        }
        best[at] = k;
    }
    /* bits in key order (key indexes ascend with keys) */
    for (size_t i = 1; i < nb; i++)
        for (size_t j = i; j > 0 && best[j - 1] > best[j]; j--) {
            uint32_t t = best[j];
            best[j] = best[j - 1];
            best[j - 1] = t;
        }
    out->ncommon = nb;
    for (size_t b = 0; b < nb; b++) {
        out->ckey[b] = out->key[best[b]];
        for (uint32_t x = out->ptr[best[b]]; x < out->ptr[best[b] + 1]; x++)
            out->line[out->unit[x]].common[b / 64] |= (uint64_t)1 << (b % 64);
    }
}

fr_status fr_word_index_build(const fr_csr_rows *words, const uint32_t *unit_start, size_t n_docs, fr_word_index *out,
                              fr_error *err)
{
    fr_wix_scratch s = {0};
    fr_status st = fr_word_index_build_in(words, unit_start, n_docs, &s, out, err);
    fr_wix_scratch_free(&s);
    return st;
}

void fr_wix_scratch_free(fr_wix_scratch *s)
{
    free(s->key1);
    free(s->n);
    memset(s, 0, sizeof *s);
}

/* The slot of key k (its own or the empty one where it belongs): keys are hashes already, a
 * multiply spreads their low bits over the table's index. */
static inline size_t wix_slot(const fr_wix_scratch *s, uint32_t k)
{
    size_t m = s->cap - 1, h = (size_t)((k * 2654435761u) >> s->shift);
    while (s->key1[h] && s->key1[h] != k + 1)
        h = (h + 1) & m;
    return h;
}

/* An empty table of cap slots (a power of two from 2^10, at least twice the keys it will hold). */
static fr_status wix_table(fr_wix_scratch *s, size_t cap)
{
    if (cap > s->alloc) {
        free(s->key1);
        free(s->n);
        s->key1 = malloc(cap * sizeof *s->key1);
        s->n = malloc(cap * sizeof *s->n);
        s->alloc = s->key1 && s->n ? cap : 0;
        if (!s->alloc)
            return FR_ENOMEM;
    }
    s->cap = cap;
    uint32_t lg = 0;
    while (((size_t)1 << lg) < cap)
        lg++;
    s->shift = 32 - lg;
    memset(s->key1, 0, cap * sizeof *s->key1);
    return FR_OK;
}

/* The table twice the size, its keys and counts moved along. */
static fr_status wix_grow(fr_wix_scratch *s)
{
    size_t oc = s->cap;
    uint32_t *ok = s->key1, *on = s->n;
    s->key1 = s->n = NULL; /* (wix_table allocates afresh: the old arrays are read below) */
    s->alloc = 0;
    fr_status st = wix_table(s, 2 * oc);
    for (size_t i = 0; st == FR_OK && i < oc; i++)
        if (ok[i]) {
            size_t g = wix_slot(s, ok[i] - 1);
            s->key1[g] = ok[i];
            s->n[g] = on[i];
        }
    free(ok);
    free(on);
    return st;
}

/* Count each key's entries into the table, doubling it past half full. */
static fr_status wix_count(const fr_csr_rows *words, fr_wix_scratch *s, size_t *nkeys, fr_word_index *out)
{
    size_t nu = words->n, nk = 0;
    if (wix_table(s, s->alloc > 1024 ? s->alloc : 1024) != FR_OK) /* (the last part's size: no growth) */
        return FR_ENOMEM;
    for (size_t u = 0; u < nu; u++)
        for (uint32_t e = words->ptr.v[u]; e < words->ptr.v[u + 1]; e++) {
            uint32_t k = words->col.v[e];
            out->line[u].sig |= fr_word_sig_bit(k);
            size_t h = wix_slot(s, k);
            if (s->key1[h]) {
                s->n[h]++;
                continue;
            }
            if (2 * (nk + 1) > s->cap) {
                if (wix_grow(s) != FR_OK)
                    return FR_ENOMEM;
                h = wix_slot(s, k);
            }
            s->key1[h] = k + 1;
            s->n[h] = 1;
            nk++;
        }
    *nkeys = nk;
    return FR_OK;
}

fr_status fr_word_index_build_in(const fr_csr_rows *words, const uint32_t *unit_start, size_t n_docs,
                                 fr_wix_scratch *s, fr_word_index *out, fr_error *err)
{
    memset(out, 0, sizeof *out);
    size_t nu = words->n, ne = words->ptr.v[nu], nk = 0;
    /* A counting sort by key through a table of the distinct keys (thousands: in cache): each
     * key's count, its first place once the keys are sorted, then each entry written straight to
     * its place, units in ascending order — so each key's units ascend.  The radix sort it
     * replaces went three times over two scratch arrays of (key, unit) pairs, 16 bytes an entry
     * of fresh pages (the exhaustive run's index: 0.13 s of a 1.0 s scoring phase). */
    out->line = fr_regrow(NULL, 0, (nu + 1) * sizeof *out->line);
    if (!out->line)
        return fr_fail(err, FR_ENOMEM, "out of memory for the word index");
    memset(out->line, 0, (nu + 1) * sizeof *out->line);
    for (size_t d = 0; d < n_docs; d++)
        for (uint32_t u = unit_start[d]; u < unit_start[d + 1] && u < nu; u++)
            out->line[u].doc = (uint32_t)d;
    if (wix_count(words, s, &nk, out) != FR_OK) {
        fr_word_index_free(out);
        return fr_fail(err, FR_ENOMEM, "out of memory for the word index");
    }
    out->key = malloc((nk + 1) * sizeof *out->key);
    out->ptr = malloc((nk + 1) * sizeof *out->ptr);
    out->unit = fr_regrow(NULL, 0, (ne + 1) * sizeof *out->unit);
    if (!out->key || !out->ptr || !out->unit) {
        fr_word_index_free(out);
        return fr_fail(err, FR_ENOMEM, "out of memory for the word index");
    }
    size_t x = 0;
    for (size_t h = 0; h < s->cap; h++)
        if (s->key1[h])
            out->key[x++] = s->key1[h] - 1;
    fr_sort_u32(out->key, nk);
    uint32_t at = 0;
    for (size_t k = 0; k < nk; k++) { /* each slot's count becomes where its key's units go */
        size_t h = wix_slot(s, out->key[k]);
        out->ptr[k] = at;
        at += s->n[h];
        s->n[h] = out->ptr[k];
    }
    out->ptr[nk] = (uint32_t)ne;
    for (size_t u = 0; u < nu; u++)
        for (uint32_t e = words->ptr.v[u]; e < words->ptr.v[u + 1]; e++)
            out->unit[s->n[wix_slot(s, words->col.v[e])]++] = (uint32_t)u;
    out->nkeys = nk;
    common_bits(out);
    return FR_OK;
}

fr_status fr_doc_words_build(fr_doc_words *x, const fr_csr_rows *unit_words, uint32_t u0, uint32_t nu,
                             const uint32_t *words, uint32_t n_words, fr_error *err)
{
    /* slots: a power of two at least twice the words (probes stay short), at least 64 */
    size_t cap = 64;
    uint32_t lg = 6;
    while (cap < 2 * (size_t)n_words) {
        cap *= 2;
        lg++;
    }
    uint32_t nw = nu ? (nu + 63) / 64 : 1;
    if (cap > x->kalloc) {
        free(x->key);
        free(x->used);
        x->key = malloc(cap * sizeof *x->key);
        x->used = malloc(cap);
        x->kalloc = x->key && x->used ? cap : 0;
        if (!x->kalloc)
            return fr_fail(err, FR_ENOMEM, "out of memory for a document's words");
    }
    if (cap * nw > x->rcap) {
        free(x->rows);
        x->rows = malloc(cap * nw * sizeof *x->rows);
        x->rcap = x->rows ? cap * nw : 0;
        if (!x->rows)
            return fr_fail(err, FR_ENOMEM, "out of memory for a document's words");
    }
    x->cap = cap;
    x->shift = 32 - lg;
    x->nu = nu;
    x->nw = nw;
    memset(x->used, 0, cap);
    uint32_t m = (uint32_t)(cap - 1);
    for (uint32_t i = 0; i < n_words; i++) {
        uint32_t h = (words[i] * 2654435761u) >> x->shift;
        while (x->used[h] && x->key[h] != words[i])
            h = (h + 1) & m;
        x->used[h] = 1;
        x->key[h] = words[i];
        memset(x->rows + (size_t)h * nw, 0, nw * sizeof *x->rows);
    }
    /* a unit's word the document's words lack is not there for the verdicts (which look words up
     * in the document's first): left out */
    for (uint32_t k = 0; k < nu; k++)
        for (uint32_t e = unit_words->ptr.v[u0 + k]; e < unit_words->ptr.v[u0 + k + 1]; e++) {
            const uint64_t *row = fr_doc_words_find(x, unit_words->col.v[e]);
            if (row)
                x->rows[(size_t)(row - x->rows) + k / 64] |= (uint64_t)1 << (k % 64);
        }
    return FR_OK;
}

void fr_doc_words_free(fr_doc_words *x)
{
    free(x->key);
    free(x->used);
    free(x->rows);
    memset(x, 0, sizeof *x);
}
