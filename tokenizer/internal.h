/* tokenizer/internal.h — shared between the tokenizer's .c files; not part of the API. */
#ifndef FR_TOKENIZER_INTERNAL_H
#define FR_TOKENIZER_INTERNAL_H

#include <stdint.h>

#include "tokenizer/tokenizer.h"
#include "util/buf.h"

struct sb_stemmer;

struct fr_tokenizer {
    fr_tok_opts o;
    struct sb_stemmer *stemmer;
    fr_buf norm;          /* NFKC text of the current document, original case */
    fr_buf repaired;      /* input after U+FFFD substitution (invalid=replace) */
    int32_t *u32;         /* utf8proc scratch (code points) */
    size_t u32cap;
    fr_buf arena;         /* bytes of emitted tokens */
    fr_u32vec off, len;   /* emitted tokens (unigrams, hyphen parts inline, then n-grams) */
    fr_u32vec ss, se;     /* their source spans */
    fr_u32vec out_ss, out_se;
    /* normalised → source offsets: runs of the norm buffer, each either copied (identity) or a
     * utf8proc segment (every byte maps to the whole source segment) */
    fr_u32vec run_norm, run_src, run_src_end, run_ident;
    size_t run_cursor;
    /* the identity run the last token fell in: norm [span_lo, span_hi) is source + span_delta
     * (mod 2^32), so a token inside it maps with one compare (empty when lo > hi) */
    size_t span_lo, span_hi;
    uint32_t span_delta;
    fr_u32vec main;       /* indices into off/len of the main sequence (n-gram source) */
    size_t tok_cap;       /* off, len, ss, se and main all have room for this many tokens */
    int plain;            /* no stemmer, not forced through utf8proc: an ASCII token is kept as
                             folded when long enough and not a stop word (emit_any's rules for
                             it, without its detours) */
    fr_u32vec out_off, out_len; /* final tokens when ngram_min > 1 */
    /* stop words of the enabled lists, normalised exactly as tokens are (case fold, and accent
     * stripping when enabled, so "für" still matches "fur"), and a hash set of them (open
     * addressing: a token costs a short hash and, for a stop word, one compare — a binary search
     * cost ~9 compares a token) */
    fr_buf stop_arena;
    struct fr_stopword { const char *p; size_t n; } *stop;
    size_t nstop;
    int32_t *stop_tab;    /* stop_mask + 1 slots: an index into stop, or -1 */
    size_t stop_mask, stop_maxlen;
    /* the same set for the plain path's ASCII tokens, which are followed by readable bytes: each
     * stop word of up to FR_SHORT bytes as its two words (util/hash.h) in open addressing ({0, 0}
     * empty) — a token costs two loads, a multiply and, mostly, one compare of two words; the
     * FNV hash above cost ~80 instructions a token */
    struct fr_stop_words { uint64_t w0, w1; } *stop16;
    size_t stop16_mask;
    int stop_long;        /* a stop word is longer than FR_SHORT bytes */
};

/* Source span of the normalised span [a, b), found in the runs; remembers an identity run. */
void fr__src_span_runs(fr_tokenizer *t, size_t a, size_t b, uint32_t *ss, uint32_t *se);
/* The same, inline for a span inside the identity run remembered (most tokens). */
static inline void fr__src_span(fr_tokenizer *t, size_t a, size_t b, uint32_t *ss, uint32_t *se)
{
    if (a >= t->span_lo && a < t->span_hi && b <= t->span_hi) {
        *ss = (uint32_t)a + t->span_delta;
        *se = (uint32_t)b + t->span_delta;
    } else {
        fr__src_span_runs(t, a, b, ss, se);
    }
}
/* utf8proc options of the NFKC step; casefolding is added per token. */
fr_status fr__nfkc(fr_tokenizer *t, const char *s, size_t n, int casefold, fr_buf *out);
/* Is the case-folded ASCII string s[0..n) a protected technical term (c++, .net, ci/cd, ...)? */
int fr__techterm(const char *s, size_t n);
/* Is cp in a CJK script (Han, Hiragana, Katakana, Hangul)? */
int fr__is_cjk(int32_t cp);

#endif
