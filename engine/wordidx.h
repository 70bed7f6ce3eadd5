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

#endif
