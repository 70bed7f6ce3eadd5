/* tokenizer/tokenizer.h — text → terms, the features TF-IDF counts.
 *
 * Pipeline: UTF-8 check → NFKC (utf8proc) → scan the NFKC text, still in its original case, into
 * tokens (technical names such as c++, c#, .net, node.js, ci/cd kept whole; CJK as bigrams) →
 * case fold each token → minimum length → stop words → Snowball stem → word n-grams.
 * docs/TOKENIZER_SPEC.md states every rule with examples; tests/golden/tokenize.jsonl checks them.
 *
 * Case folding happens per token, after scanning, because a lone "C" or "R" is a programming
 * language only when written in capitals in a list or after "in"/"with" — information a
 * folded-first design would have thrown away.
 *
 * Thread-safety: a fr_tokenizer holds scratch buffers and a stemmer, so one handle must not be used
 * by two threads at once; create one per thread (creation is cheap). */
#ifndef FR_TOKENIZER_H
#define FR_TOKENIZER_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/err.h"

/* Bump when a change to the rules changes the tokens of any input: models record the version they
 * were fitted with, and refuse to vectorize with different rules (scores must be reproducible). */
#define FR_TOKENIZER_VERSION 2

typedef enum {
    FR_HYPHEN_BOTH = 0,  /* "post-training" → post-training, post, training (default) */
    FR_HYPHEN_JOIN,      /* → post-training */
    FR_HYPHEN_SPLIT      /* → post, training */
} fr_hyphen_mode;

typedef enum {
    FR_INVALID_STRICT = 0, /* invalid UTF-8 is an error naming the byte offset (default) */
    FR_INVALID_REPLACE     /* each maximal invalid subsequence becomes U+FFFD (a separator) */
} fr_invalid_policy;

enum { FR_STOP_EN = 1u << 0, FR_STOP_DE = 1u << 1 };

typedef struct {
    unsigned stop_words;    /* FR_STOP_* bits; 0 = none (default) */
    char stem[16];          /* "" (none, default), "english" or "german" (Snowball, libstemmer) */
    int ngram_min;          /* 1..3, default 1 */
    int ngram_max;          /* ngram_min..3, default 1 */
    int min_len;            /* minimum token length in code points, 1..64, default 2; CJK tokens
                               and the languages C and R are exempt */
    int strip_accents;      /* 0 (default) or 1: remove combining marks after NFKC (é → e) */
    fr_hyphen_mode hyphen;  /* default FR_HYPHEN_BOTH */
    fr_invalid_policy invalid;
    int force_utf8proc;     /* testing/benchmarks, the reference path: run utf8proc over all text,
                               not only non-ASCII runs, and every word through the general scanner
                               (no plain-word shortcut); tokens are identical (tests prove it) */
} fr_tok_opts;

/* Defaults as documented above. */
void fr_tok_opts_default(fr_tok_opts *o);
/* Check ranges and names; FR_EINVAL with a message naming the bad option. */
fr_status fr_tok_opts_validate(const fr_tok_opts *o, fr_error *err);
/* Append the options as "key=value\n" lines (the model file's form; stable key names). */
fr_status fr_tok_opts_format(const fr_tok_opts *o, fr_buf *out);
/* Apply one key=value pair produced by fr_tok_opts_format.  Returns FR_OK, FR_EINVAL for a bad
 * value, or FR_EEMPTY when `key` is not a tokenizer option (the caller may own it). */
fr_status fr_tok_opts_set(fr_tok_opts *o, const char *key, const char *val, fr_error *err);

typedef struct fr_tokenizer fr_tokenizer;

/* fr_tokenize's text is followed by FR_TOKENS_PAD zero bytes past its last token, so that a reader
 * may load that many bytes from the start of any token (the vectorizer loads a short token whole,
 * without a branch on its length). */
#define FR_TOKENS_PAD 16

/* The tokens of one document, borrowed from the tokenizer: valid until its next call.  Token i is
 * the bytes text + off[i], len[i] (UTF-8, not NUL-terminated), and came from the input bytes
 * [src_start[i], src_end[i]) (an n-gram spans its words; a token inside a run that NFKC rewrote
 * spans that run; under --invalid=replace the offsets index the repaired text). */
typedef struct {
    const char *text;
    const uint32_t *off;
    const uint32_t *len;
    const uint32_t *src_start;
    const uint32_t *src_end;
    size_t n;
    int ordered;    /* source starts ascend (no n-grams, which follow the words): spans have slices */
} fr_tokens;

fr_status fr_tokenizer_new(const fr_tok_opts *o, fr_tokenizer **out, fr_error *err);
void fr_tokenizer_free(fr_tokenizer *t);           /* NULL is a no-op */
const fr_tok_opts *fr_tokenizer_opts(const fr_tokenizer *t);

/* Tokenize text[0..len).  Errors: FR_EUTF8 (strict policy; err->offset is the first bad byte),
 * FR_ENOMEM, FR_EINVAL (document larger than 4 GiB). */
fr_status fr_tokenize(fr_tokenizer *t, const char *text, size_t len, fr_tokens *out, fr_error *err);

/* May the tokens of text[a, b) be taken from those of the whole text[0, len) — the tokens whose
 * source spans lie in [a, b), in order — instead of tokenizing the span alone (`collapsed` 0), or
 * the span with its whitespace collapsed (1: a résumé's chunk)?  Yes when nothing a rule reads lies
 * across what differs: ASCII whitespace on one side of each end (or the text's end), its first
 * byte ASCII (so no word, compound or NFKC run crosses an end), and no one-letter word C or R whose line goes
 * on past an end of the span — or, collapsed, whose span has a line break: the lone-letter rule
 * reads the blanks, words and bullets around the letter up to its line's ends, which collapsing
 * joins.  Code points that NFKC may turn into such a letter (anything but ASCII, Latin U+0080–U+024F
 * and U+2000–U+20CF) also say no.  A "no" costs the span's own tokenizing; tests hold a "yes" to
 * the span's own tokens on random texts and real corpora. */
int fr_tokens_slice_ok(const char *text, size_t len, size_t a, size_t b, int collapsed);
/* Both answers in one pass: FR_SLICE_ALONE and/or FR_SLICE_COLLAPSED (which implies the other). */
enum { FR_SLICE_ALONE = 1, FR_SLICE_COLLAPSED = 2 };
unsigned fr_tokens_slices(const char *text, size_t len, size_t a, size_t b);
/* The tokens of w whose source spans lie in [a, b): [*i0, *i1), by binary search.  0 when w is not
 * ordered, one of them straddles b, or the token before straddles a (a hyphen compound's whole,
 * before its parts, is not looked for: fr_tokens_slice_ok puts whitespace before a).  Reads only
 * w's src_start, src_end, n and ordered. */
int fr_tokens_slice(const fr_tokens *w, size_t a, size_t b, size_t *i0, size_t *i1);
/* fr_tokens_slice's answer, found from token `from` on (the last span's *i1, or 0: any value gives
 * the same answer): spans read in order are a step or two from the last one's end, then a walk
 * over their own tokens (a dozen) — not two searches over the text's, and a third pass. */
int fr_tokens_slice_at(const fr_tokens *w, size_t a, size_t b, size_t from, size_t *i0, size_t *i1);

/* Whether the case-folded token w[0..n) is one of t's stop words: one fr_tokenize drops. */
int fr_tokenizer_is_stop(const fr_tokenizer *t, const char *w, size_t n);
/* t's stop words as fr_tokenizer_is_stop matches them (folded as tokens are): the i-th of the
 * fr_tokenizer_n_stop(t), i < n, its length in *len (the lists overlap: a word may come twice). */
size_t fr_tokenizer_n_stop(const fr_tokenizer *t);
const char *fr_tokenizer_stop_word(const fr_tokenizer *t, size_t i, size_t *len);
/* Whether the tokens under options b are those under a without b's stop words, in order: every
 * option the same but a has no stop words, and neither stems nor makes n-grams (which work on
 * what the stop words leave).  A stop word is a plain word — no technical name, nothing CJK: a
 * test holds the lists to it — so the tokens b drops are exactly those it calls stop words. */
int fr_tok_opts_drop_stop_only(const fr_tok_opts *a, const fr_tok_opts *b);

/* NFKC-normalise text (no case folding) the way fr_tokenize does, appending to *out.  Exposed for
 * tests that prove the ASCII fast path and the all-utf8proc path agree. */
fr_status fr_normalize(fr_tokenizer *t, const char *text, size_t len, fr_buf *out, fr_error *err);

#endif
