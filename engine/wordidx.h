/* engine/wordidx.h — the units holding each word: unit_words (engine/docset.h) transposed.
 *
 * Word keys are 31-bit hashes, too many columns for fr_csr_transpose's table of row starts, so the
 * index keeps its distinct keys sorted and a key is found by binary search.  Ranking a pool reads
 * it to find, for an item, the résumé lines that can show it (engine/verdict.h
 * fr_verdict_lines_showing) by walking the lines of its rarer words only, instead of judging every
 * pair. */
#ifndef FR_ENGINE_WORDIDX_H
#define FR_ENGINE_WORDIDX_H

#include <stddef.h>
#include <stdint.h>

#include "engine/csr.h"
#include "util/err.h"

/* The most frequent words get a bit each in a per-unit mask: "is word w in line c" is then one
 * load instead of a binary search in the line's words.  A line is read for its common words far
 * more often than for the others (the lines' test looks up the words it does not walk, which are
 * the common ones), and 128 bits cover them: on generated Zipf text ~45 words are on more than 1
 * line in 32 (engine/rank.c proxy_lists). */
#define FR_WIX_COMMON 128

/* What the lines' test reads of a line it reaches through a list, in one record (one cache line
 * holds two): it reaches lines in no useful order, and three arrays cost three misses. */
typedef struct {
    uint64_t common[FR_WIX_COMMON / 64]; /* the common words it holds */
    uint64_t sig;                        /* the OR of its words' fr_word_sig_bit, as fr_unit_chunk's */
    uint32_t doc;                        /* the document it belongs to */
    uint32_t pad;
} fr_wix_line;

typedef struct {
    size_t nkeys;
    uint32_t *key;                /* distinct word keys, ascending */
    uint32_t *ptr;                /* nkeys + 1 starts into unit */
    uint32_t *unit;               /* the units holding each key, ascending */
    fr_wix_line *line;            /* per unit */
    size_t ncommon;               /* words with a bit (≤ FR_WIX_COMMON) */
    uint32_t ckey[FR_WIX_COMMON]; /* their keys, ascending; bit b is ckey[b] */
} fr_word_index;

/* Index the rows of `words` (a set's unit_words; unit_start: its n_docs + 1 document starts).
 * FR_ENOMEM.  Free with fr_word_index_free (also safe on a zeroed index). */
fr_status fr_word_index_build(const fr_csr_rows *words, const uint32_t *unit_start, size_t n_docs, fr_word_index *out,
                              fr_error *err);
void fr_word_index_free(fr_word_index *x);

/* The build's table of the distinct keys (each one's count, then its next place), kept between
 * builds: a build per pool part (100 at 100k résumés).  Start zeroed; free with
 * fr_wix_scratch_free. */
typedef struct {
    uint32_t *key1; /* per slot: its key + 1, 0 when empty */
    uint32_t *n;    /* per slot: the key's entries, then where its next unit goes */
    size_t cap, alloc;
    uint32_t shift; /* 32 − log2(cap) */
} fr_wix_scratch;

/* fr_word_index_build with the scratch s (grown as needed; the index is the same). */
fr_status fr_word_index_build_in(const fr_csr_rows *words, const uint32_t *unit_start, size_t n_docs,
                                 fr_wix_scratch *s, fr_word_index *out, fr_error *err);
void fr_wix_scratch_free(fr_wix_scratch *s);

/* The units holding word `key`, ascending: *n of them (NULL when none). */
static inline const uint32_t *fr_word_index_units(const fr_word_index *x, uint32_t key, size_t *n)
{
    uint32_t a = fr_u32_lower_bound(x->key, 0, (uint32_t)x->nkeys, key);
    if (a == x->nkeys || x->key[a] != key) {
        *n = 0;
        return NULL;
    }
    *n = x->ptr[a + 1] - x->ptr[a];
    return x->unit + x->ptr[a];
}

/* Word `key`'s bit in the common-word masks, or -1 when it has none. */
static inline int fr_word_index_common_bit(const fr_word_index *x, uint32_t key)
{
    uint32_t a = fr_u32_lower_bound(x->ckey, 0, (uint32_t)x->ncommon, key);
    return a < x->ncommon && x->ckey[a] == key ? (int)a : -1;
}

/* Does unit u hold the common word of bit b? */
static inline int fr_word_index_has_common(const fr_word_index *x, uint32_t u, int b)
{
    return (int)(x->line[u].common[(unsigned)b / 64] >> ((unsigned)b % 64) & 1);
}

/* One document's words, each with the bit row of its units that hold it (unit k of the document:
 * bit k of a row of nw 64-bit words), as a hash table: the verdicts of many postings' items
 * against one résumé (ranking's phase 7) find a word and all its lines with one probe, where a
 * binary search in the résumé's words and one in each line's were most of their time.  Its words
 * are the document's own (a word of no unit has an empty row); presence is what the rows say.
 * Storage is kept across documents (fr_doc_words_build again). */
typedef struct {
    uint32_t nu, nw;          /* the document's units; 64-bit words of a row */
    uint32_t shift;           /* 32 − log2(slots) */
    size_t cap;               /* slots (a power of two) */
    size_t kalloc, rcap;      /* slots and row words allocated */
    uint32_t *key;            /* per slot: its word */
    uint8_t *used;            /* per slot */
    uint64_t *rows;           /* per slot, nw words */
} fr_doc_words;

/* x for the n_words words `words` of a document whose units are rows [u0, u0 + nu) of unit_words.
 * FR_ENOMEM.  Free with fr_doc_words_free (also safe on a zeroed one). */
fr_status fr_doc_words_build(fr_doc_words *x, const fr_csr_rows *unit_words, uint32_t u0, uint32_t nu,
                             const uint32_t *words, uint32_t n_words, fr_error *err);
void fr_doc_words_free(fr_doc_words *x);

/* Word key's row of units, or NULL when the document does not hold it. */
static inline const uint64_t *fr_doc_words_find(const fr_doc_words *x, uint32_t key)
{
    uint32_t m = (uint32_t)(x->cap - 1);
    for (uint32_t h = (key * 2654435761u) >> x->shift;; h = (h + 1) & m) {
        if (!x->used[h])
            return NULL;
        if (x->key[h] == key)
            return x->rows + (size_t)h * x->nw;
    }
}

#endif
