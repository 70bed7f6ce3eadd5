/* engine/wordidx.c — unit_words transposed (engine/wordidx.h). */
#include "engine/wordidx.h"

#include "engine/kinds.h"

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
    fr_wix_scratch s = {NULL, NULL, 0};
    fr_status st = fr_word_index_build_in(words, unit_start, n_docs, &s, out, err);
    fr_wix_scratch_free(&s);
    return st;
}

void fr_wix_scratch_free(fr_wix_scratch *s)
{
    free(s->a);
    free(s->b);
    s->a = s->b = NULL;
    s->cap = 0;
}

fr_status fr_word_index_build_in(const fr_csr_rows *words, const uint32_t *unit_start, size_t n_docs,
                                 fr_wix_scratch *s, fr_word_index *out, fr_error *err)
{
    memset(out, 0, sizeof *out);
    size_t nu = words->n, ne = words->ptr.v[nu];
    /* (key, unit) pairs in unit order; a stable radix sort on the key (three passes of 11 bits
     * cover the 31 bits of a key) keeps each key's units ascending */
    if (ne + 1 > s->cap) { /* with room for the next part's few more */
        size_t cap = ne + ne / 8 + 1;
        fr_wix_scratch_free(s);
        s->a = malloc(cap * sizeof *s->a);
        s->b = malloc(cap * sizeof *s->b);
        if (!s->a || !s->b) {
            fr_wix_scratch_free(s);
            return fr_fail(err, FR_ENOMEM, "out of memory for the word index");
        }
        s->cap = cap;
    }
    uint64_t *a = s->a, *b = s->b;
    uint32_t cnt[2048];
    out->line = calloc(nu + 1, sizeof *out->line);
    if (!out->line)
        return fr_fail(err, FR_ENOMEM, "out of memory for the word index");
    for (size_t d = 0; d < n_docs; d++)
        for (uint32_t u = unit_start[d]; u < unit_start[d + 1] && u < nu; u++)
            out->line[u].doc = (uint32_t)d;
    for (size_t u = 0; u < nu; u++)
        for (uint32_t e = words->ptr.v[u]; e < words->ptr.v[u + 1]; e++) {
            a[e] = (uint64_t)words->col.v[e] << 32 | (uint32_t)u;
            out->line[u].sig |= fr_word_sig_bit(words->col.v[e]);
        }
    for (int pass = 0; pass < 3; pass++) {
        int shift = 32 + 11 * pass;
        memset(cnt, 0, 2048 * sizeof *cnt);
        for (size_t i = 0; i < ne; i++)
            cnt[a[i] >> shift & 2047]++;
        uint32_t sum = 0;
        for (int k = 0; k < 2048; k++) {
            uint32_t c = cnt[k];
            cnt[k] = sum;
            sum += c;
        }
        for (size_t i = 0; i < ne; i++)
            b[cnt[a[i] >> shift & 2047]++] = a[i];
        uint64_t *t = a;
        a = b;
        b = t;
    }
    size_t nk = 0;
    for (size_t i = 0; i < ne; i++)
        nk += i == 0 || a[i] >> 32 != a[i - 1] >> 32;
    out->key = malloc((nk + 1) * sizeof *out->key);
    out->ptr = malloc((nk + 1) * sizeof *out->ptr);
    out->unit = malloc((ne + 1) * sizeof *out->unit);
    if (!out->key || !out->ptr || !out->unit) {
        fr_word_index_free(out);
        return fr_fail(err, FR_ENOMEM, "out of memory for the word index");
    }
    nk = 0;
    for (size_t i = 0; i < ne; i++) {
        if (i == 0 || a[i] >> 32 != a[i - 1] >> 32) {
            out->key[nk] = (uint32_t)(a[i] >> 32);
            out->ptr[nk++] = (uint32_t)i;
        }
        out->unit[i] = (uint32_t)a[i];
    }
    out->ptr[nk] = (uint32_t)ne;
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
