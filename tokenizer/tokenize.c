/* tokenizer/tokenize.c — the scanner and the token pipeline (fold, filter, stem, n-grams).
 *
 * The scanner works on the NFKC text in its original case.  A "compound" is scanned greedily:
 * word runs (atoms) joined by '.', '-', '/', '&', where an atom may end in "++" (c++, c++17), a
 * single-letter "+" (a+) or a single-letter "#" (c#, f#).  The compound is then resolved by the
 * rules of docs/TOKENIZER_SPEC.md: protected names stay whole, '/' splits, '.' stays only between
 * digits or before "js"/"net", '&' stays between 1–2-letter words, hyphen compounds give the
 * joined form and/or their parts.  Resolving after scanning keeps each rule in one place. */
#include <libstemmer.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "tokenizer/internal.h"
#include "tokenizer/stopwords.h"
#include "util/ascii.h"
#include "util/hash.h"
#include "util/sort.h"
#include "util/utf8.h"

enum { C_SEP = 0, C_WORD, C_MARK, C_CJK };

/* token flags */
enum {
    T_PROTECTED = 1, /* technical name: never stemmed or stop-worded */
    T_PART = 2,      /* part of a hyphen compound: a unigram, not in the n-gram sequence */
    T_EXEMPT = 4,    /* exempt from the minimum length (CJK, the languages C and R) */
    T_CJK = 8
};

#define MAX_ATOMS 64

typedef struct {
    uint32_t s, e; /* byte span in the normalised text */
    char join;     /* joiner before this atom ('.', '-', '/', '&'), 0 for the first */
} atom;

/* ------------------------------------------------------------------ options */

void fr_tok_opts_default(fr_tok_opts *o)
{
    memset(o, 0, sizeof *o);
    o->ngram_min = 1;
    o->ngram_max = 1;
    o->min_len = 2;
    o->hyphen = FR_HYPHEN_BOTH;
    o->invalid = FR_INVALID_STRICT;
}

fr_status fr_tok_opts_validate(const fr_tok_opts *o, fr_error *err)
{
    if (o->ngram_min < 1 || o->ngram_min > 3 || o->ngram_max < o->ngram_min || o->ngram_max > 3)
        return fr_fail(err, FR_EINVAL, "n-gram range %d..%d is invalid (allowed: 1 <= min <= max <= 3)",
                       o->ngram_min, o->ngram_max);
    if (o->min_len < 1 || o->min_len > 64)
        return fr_fail(err, FR_EINVAL, "minimum token length %d is invalid (allowed: 1..64)", o->min_len);
    if (o->stem[0] && strcmp(o->stem, "english") != 0 && strcmp(o->stem, "german") != 0)
        return fr_fail(err, FR_EINVAL, "unknown stemmer '%s' (allowed: none, english, german)", o->stem);
    if (o->stop_words & ~(unsigned)(FR_STOP_EN | FR_STOP_DE))
        return fr_fail(err, FR_EINVAL, "unknown stop-word list");
    if ((unsigned)o->hyphen > FR_HYPHEN_SPLIT || (unsigned)o->invalid > FR_INVALID_REPLACE)
        return fr_fail(err, FR_EINVAL, "invalid hyphen or invalid-UTF-8 mode");
    return FR_OK;
}

static const char *const hyphen_names[] = {"both", "join", "split"};

fr_status fr_tok_opts_format(const fr_tok_opts *o, fr_buf *out)
{
    const char *sw = o->stop_words == (FR_STOP_EN | FR_STOP_DE) ? "en,de"
                     : o->stop_words == FR_STOP_EN             ? "en"
                     : o->stop_words == FR_STOP_DE             ? "de"
                                                               : "none";
    return fr_buf_printf(out,
                         "tokenizer_version=%d\nstop_words=%s\nstem=%s\nngram_min=%d\nngram_max=%d\n"
                         "min_len=%d\nstrip_accents=%d\nhyphen=%s\n",
                         FR_TOKENIZER_VERSION, sw, o->stem[0] ? o->stem : "none", o->ngram_min,
                         o->ngram_max, o->min_len, o->strip_accents, hyphen_names[o->hyphen]);
}

static int parse_int(const char *v, int lo, int hi, int *out)
{
    char *end;
    long x = strtol(v, &end, 10);
    if (!*v || *end || x < lo || x > hi)
        return 0;
    *out = (int)x;
    return 1;
}

fr_status fr_tok_opts_set(fr_tok_opts *o, const char *key, const char *val, fr_error *err)
{
    int ok = 1;
    if (strcmp(key, "tokenizer_version") == 0) {
        int v;
        if (!parse_int(val, 0, 1 << 20, &v))
            ok = 0;
        else if (v != FR_TOKENIZER_VERSION)
            return fr_fail(err, FR_EVERSION,
                           "tokenizer version %d, this build tokenizes with version %d: refit the model",
                           v, FR_TOKENIZER_VERSION);
    } else if (strcmp(key, "stop_words") == 0) {
        unsigned bits = 0;
        if (strcmp(val, "none") != 0 && strcmp(val, "") != 0) {
            const char *p = val;
            while (*p) {
                size_t n = strcspn(p, ",");
                if (n == 2 && strncmp(p, "en", 2) == 0)
                    bits |= FR_STOP_EN;
                else if (n == 2 && strncmp(p, "de", 2) == 0)
                    bits |= FR_STOP_DE;
                else
                    return fr_fail(err, FR_EINVAL, "unknown stop-word list in '%s' (allowed: none, en, de, en,de)", val);
                p += n + (p[n] == ',');
            }
        }
        o->stop_words = bits;
    } else if (strcmp(key, "stem") == 0) {
        if (strcmp(val, "none") == 0 || !*val)
            o->stem[0] = '\0';
        else if (strcmp(val, "english") == 0 || strcmp(val, "german") == 0 ||
                 strcmp(val, "en") == 0 || strcmp(val, "de") == 0)
            snprintf(o->stem, sizeof o->stem, "%s",
                     val[0] == 'e' ? "english" : "german");
        else
            return fr_fail(err, FR_EINVAL, "unknown stemmer '%s' (allowed: none, english, german)", val);
    } else if (strcmp(key, "ngram_min") == 0) {
        ok = parse_int(val, 1, 3, &o->ngram_min);
    } else if (strcmp(key, "ngram_max") == 0) {
        ok = parse_int(val, 1, 3, &o->ngram_max);
    } else if (strcmp(key, "min_len") == 0) {
        ok = parse_int(val, 1, 64, &o->min_len);
    } else if (strcmp(key, "strip_accents") == 0) {
        ok = parse_int(val, 0, 1, &o->strip_accents);
    } else if (strcmp(key, "hyphen") == 0) {
        int found = 0;
        for (int i = 0; i < 3; i++)
            if (strcmp(val, hyphen_names[i]) == 0) {
                o->hyphen = (fr_hyphen_mode)i;
                found = 1;
            }
        if (!found)
            return fr_fail(err, FR_EINVAL, "unknown hyphen mode '%s' (allowed: both, join, split)", val);
    } else if (strcmp(key, "invalid") == 0) {
        if (strcmp(val, "strict") == 0)
            o->invalid = FR_INVALID_STRICT;
        else if (strcmp(val, "replace") == 0)
            o->invalid = FR_INVALID_REPLACE;
        else
            return fr_fail(err, FR_EINVAL, "unknown invalid-UTF-8 policy '%s' (allowed: strict, replace)", val);
    } else {
        return FR_EEMPTY;
    }
    if (!ok)
        return fr_fail(err, FR_EINVAL, "bad value '%s' for tokenizer option %s", val, key);
    return FR_OK;
}

/* --------------------------------------------------------------- lifecycle */

/* FNV-1a: stop words and most tokens are a few bytes; no table, no call */
static uint32_t stop_hash(const char *w, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)w[i];
        h *= 16777619u;
    }
    return h;
}

static int stop_eq(const struct fr_stopword *x, const char *w, size_t n)
{
    return x->n == n && memcmp(x->p, w, n) == 0;
}

/* The two-word set of the stop words (internal.h).  No stop word holds a zero byte, so two equal
 * words are an equal word: zero bytes pad both. */
static fr_status build_stop16(fr_tokenizer *t)
{
    size_t slots = 16;
    while (slots < 2 * t->nstop)
        slots *= 2;
    t->stop16 = calloc(slots, sizeof *t->stop16);
    if (!t->stop16)
        return FR_ENOMEM;
    t->stop16_mask = slots - 1;
    for (size_t i = 0; i < t->nstop; i++) {
        const struct fr_stopword *x = &t->stop[i];
        if (x->n > FR_SHORT || memchr(x->p, 0, x->n)) {
            t->stop_long = 1; /* looked up by is_stop */
            continue;
        }
        uint64_t w0, w1;
        fr_short_words(x->p, x->n, &w0, &w1);
        size_t j = (size_t)fr_hash_short(w0, w1) & t->stop16_mask;
        while ((t->stop16[j].w0 | t->stop16[j].w1) && !(t->stop16[j].w0 == w0 && t->stop16[j].w1 == w1))
            j = (j + 1) & t->stop16_mask;
        t->stop16[j].w0 = w0; /* the lists overlap ("die" is German and English): once */
        t->stop16[j].w1 = w1;
    }
    return FR_OK;
}

static fr_status build_stop(fr_tokenizer *t)
{
    static const char *const langs[2] = {"en", "de"};
    static const unsigned bits[2] = {FR_STOP_EN, FR_STOP_DE};
    size_t total = 0;
    fr_u32vec off = {0}, len = {0};
    fr_status s = FR_OK;
    for (int l = 0; l < 2 && s == FR_OK; l++) {
        if (!(t->o.stop_words & bits[l]))
            continue;
        size_t n;
        const char *const *list = fr_stopwords_list(langs[l], &n);
        for (size_t i = 0; i < n && s == FR_OK; i++) {
            size_t start = t->stop_arena.len;
            s = fr__nfkc(t, list[i], strlen(list[i]), 1, &t->stop_arena);
            if (s == FR_OK && (fr_u32vec_push(&off, (uint32_t)start) != FR_OK ||
                               fr_u32vec_push(&len, (uint32_t)(t->stop_arena.len - start)) != FR_OK))
                s = FR_ENOMEM;
        }
        total += n;
    }
    if (s == FR_OK && total) {
        size_t slots = 16;
        while (slots < 2 * off.n)
            slots *= 2;
        t->stop = malloc(off.n * sizeof *t->stop);
        t->stop_tab = malloc(slots * sizeof *t->stop_tab);
        if (!t->stop || !t->stop_tab)
            s = FR_ENOMEM;
        for (size_t i = 0; s == FR_OK && i < slots; i++)
            t->stop_tab[i] = -1;
        t->stop_mask = slots - 1;
        for (size_t i = 0; s == FR_OK && i < off.n; i++) {
            struct fr_stopword x = {t->stop_arena.data + off.v[i], len.v[i]};
            t->stop[i] = x;
            t->stop_maxlen = x.n > t->stop_maxlen ? x.n : t->stop_maxlen;
            size_t j = stop_hash(x.p, x.n) & t->stop_mask;
            while (t->stop_tab[j] >= 0 && !stop_eq(&t->stop[t->stop_tab[j]], x.p, x.n))
                j = (j + 1) & t->stop_mask;
            if (t->stop_tab[j] < 0) /* the lists overlap ("die" is German and English): once */
                t->stop_tab[j] = (int32_t)i;
        }
        if (s == FR_OK)
            t->nstop = off.n;
        if (s == FR_OK)
            s = build_stop16(t);
    }
    fr_u32vec_free(&off);
    fr_u32vec_free(&len);
    return s;
}

static int is_stop(const fr_tokenizer *t, const char *w, size_t n)
{
    if (!t->nstop || n > t->stop_maxlen)
        return 0;
    for (size_t j = stop_hash(w, n) & t->stop_mask; t->stop_tab[j] >= 0; j = (j + 1) & t->stop_mask)
        if (stop_eq(&t->stop[t->stop_tab[j]], w, n))
            return 1;
    return 0;
}

int fr_tokenizer_is_stop(const fr_tokenizer *t, const char *w, size_t n) { return is_stop(t, w, n); }

size_t fr_tokenizer_n_stop(const fr_tokenizer *t) { return t->nstop; }

const char *fr_tokenizer_stop_word(const fr_tokenizer *t, size_t i, size_t *len)
{
    *len = t->stop[i].n;
    return t->stop[i].p;
}

/* is_stop for an ASCII token w[0..n) followed by FR_SHORT readable bytes (the plain path's, in the
 * arena: it reserves 16 bytes past a token).  An ASCII token holds no zero byte. */
static inline int is_stop_padded(const fr_tokenizer *t, const char *w, size_t n)
{
    if (n > FR_SHORT)
        return t->stop_long && is_stop(t, w, n);
    uint64_t w0, w1;
    fr_short_words_padded(w, n, &w0, &w1);
    for (size_t j = (size_t)fr_hash_short(w0, w1) & t->stop16_mask;; j = (j + 1) & t->stop16_mask) {
        const struct fr_stop_words *e = &t->stop16[j];
        if (!(e->w0 | e->w1))
            return t->stop_long && is_stop(t, w, n); /* a stop word this set lacks */
        if (e->w0 == w0 && e->w1 == w1)
            return 1;
    }
}

int fr_tok_opts_drop_stop_only(const fr_tok_opts *a, const fr_tok_opts *b)
{
    return a->stop_words == 0 && !a->stem[0] && !b->stem[0] && a->ngram_max == 1 && b->ngram_max == 1 &&
           a->ngram_min == b->ngram_min && a->min_len == b->min_len && a->strip_accents == b->strip_accents &&
           a->hyphen == b->hyphen && a->invalid == b->invalid;
}

fr_status fr_tokenizer_new(const fr_tok_opts *o, fr_tokenizer **out, fr_error *err)
{
    *out = NULL;
    fr_status s = fr_tok_opts_validate(o, err);
    if (s != FR_OK)
        return s;
    fr_tokenizer *t = calloc(1, sizeof *t);
    if (!t)
        return fr_fail(err, FR_ENOMEM, "out of memory");
    t->o = *o;
    if (o->stem[0]) {
        t->stemmer = sb_stemmer_new(o->stem, "UTF_8");
        if (!t->stemmer) { /* the name was validated above: it is memory libstemmer lacked */
            free(t);
            return fr_fail(err, FR_ENOMEM, "out of memory (creating the '%s' stemmer)", o->stem);
        }
    }
    if (o->stop_words && build_stop(t) != FR_OK) {
        fr_tokenizer_free(t);
        return fr_fail(err, FR_ENOMEM, "out of memory");
    }
    t->plain = !o->force_utf8proc && !t->stemmer;
    *out = t;
    return FR_OK;
}

void fr_tokenizer_free(fr_tokenizer *t)
{
    if (!t)
        return;
    if (t->stemmer)
        sb_stemmer_delete(t->stemmer);
    fr_buf_free(&t->norm);
    fr_buf_free(&t->repaired);
    fr_buf_free(&t->arena);
    free(t->u32);
    fr_u32vec_free(&t->off);
    fr_u32vec_free(&t->len);
    fr_u32vec_free(&t->main);
    fr_u32vec_free(&t->out_off);
    fr_u32vec_free(&t->out_len);
    fr_u32vec_free(&t->ss);
    fr_u32vec_free(&t->se);
    fr_u32vec_free(&t->out_ss);
    fr_u32vec_free(&t->out_se);
    fr_u32vec_free(&t->run_norm);
    fr_u32vec_free(&t->run_src);
    fr_u32vec_free(&t->run_src_end);
    fr_u32vec_free(&t->run_ident);
    fr_buf_free(&t->stop_arena);
    free(t->stop);
    free(t->stop_tab);
    free(t->stop16);
    free(t);
}

const fr_tok_opts *fr_tokenizer_opts(const fr_tokenizer *t) { return &t->o; }

/* ----------------------------------------------------------------- scanner */

/* What a byte may be to the scanner: most text is runs of ASCII word bytes between single spaces,
 * and one table load tells a run's end apart from a joiner that may continue a compound, from a
 * non-ASCII byte (a letter, mark or CJK character perhaps) and from a plain separator. */
enum { K_SEP = 0, K_WORD, K_JOIN, K_HIGH };
#define K4(x) x, x, x, x
#define K16(x) K4(x), K4(x), K4(x), K4(x)
static const unsigned char byte_kind[256] = {
    ['0'] = K_WORD, K_WORD, K_WORD, K_WORD, K_WORD, K_WORD, K_WORD, K_WORD, K_WORD, K_WORD,
    ['A'] = K_WORD, K_WORD, K_WORD, K_WORD, K_WORD, K_WORD, K_WORD, K_WORD, K_WORD, K_WORD, K_WORD, K_WORD, K_WORD,
    K_WORD, K_WORD, K_WORD, K_WORD, K_WORD, K_WORD, K_WORD, K_WORD, K_WORD, K_WORD, K_WORD, K_WORD, K_WORD,
    ['a'] = K_WORD, K_WORD, K_WORD, K_WORD, K_WORD, K_WORD, K_WORD, K_WORD, K_WORD, K_WORD, K_WORD, K_WORD, K_WORD,
    K_WORD, K_WORD, K_WORD, K_WORD, K_WORD, K_WORD, K_WORD, K_WORD, K_WORD, K_WORD, K_WORD, K_WORD, K_WORD,
    ['_'] = K_WORD,
    ['.'] = K_JOIN, ['-'] = K_JOIN, ['/'] = K_JOIN, ['&'] = K_JOIN, ['+'] = K_JOIN, ['#'] = K_JOIN,
    [0x80] = K16(K_HIGH), K16(K_HIGH), K16(K_HIGH), K16(K_HIGH), K16(K_HIGH), K16(K_HIGH), K16(K_HIGH), K16(K_HIGH)};
#undef K16
#undef K4

/* ASCII word characters: letters, digits and '_' (inlined: the scanner's hot path). */
static inline int ascii_word(unsigned c) { return byte_kind[c & 0xFF] == K_WORD; }

/* Bytes past the end of the normalised text that stay readable and zero (a separator), so that
 * the scanner reads 16 bytes a step without a bound check: a run of word bytes ends by itself. */
enum { PAD = 16 };

/* The end of the run of ASCII word bytes from s + i; s is zero-padded (PAD), which ends any run. */
static size_t word_end(const char *s, size_t i)
{
#ifdef __SSE2__
    for (;; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        /* signed compares: bytes from 0x80 are negative, so never a letter or a digit */
        __m128i l = _mm_or_si128(x, _mm_set1_epi8(0x20));
        __m128i alpha = _mm_and_si128(_mm_cmpgt_epi8(l, _mm_set1_epi8('a' - 1)), _mm_cmplt_epi8(l, _mm_set1_epi8('z' + 1)));
        __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('0' - 1)), _mm_cmplt_epi8(x, _mm_set1_epi8('9' + 1)));
        __m128i word = _mm_or_si128(_mm_or_si128(alpha, digit), _mm_cmpeq_epi8(x, _mm_set1_epi8('_')));
        unsigned m = (unsigned)_mm_movemask_epi8(word) ^ 0xFFFFu; /* the bytes that are not */
        if (m)
            return i + (size_t)__builtin_ctz(m);
    }
#else
    while (ascii_word((unsigned char)s[i]))
        i++;
    return i;
#endif
}

/* dst[0..n) = src[0..n) with ASCII capitals lowered, for a word known to be ASCII (word_end's):
 * 16 bytes a step, both may be read or written up to 15 bytes past n. */
static inline void lower_ascii(char *dst, const char *src, size_t n)
{
#ifdef __SSE2__
    for (size_t k = 0; k < n; k += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(src + k));
        __m128i upper = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('A' - 1)), _mm_cmplt_epi8(x, _mm_set1_epi8('Z' + 1)));
        _mm_storeu_si128((__m128i *)(void *)(dst + k), _mm_add_epi8(x, _mm_and_si128(upper, _mm_set1_epi8(0x20))));
    }
#else
    for (size_t i = 0; i < n; i++)
        dst[i] = fr_to_lower((unsigned char)src[i]);
#endif
}

/* dst[0..n) = src[0..n) with ASCII capitals lowered, 16 bytes a step: both may be read or written
 * up to 15 bytes past n.  Returns whether all of src[0..n) is ASCII (else utf8proc folds it). */
static int fold_ascii(char *dst, const char *src, size_t n)
{
#ifdef __SSE2__
    unsigned high = 0;
    for (size_t k = 0; k < n; k += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(src + k));
        __m128i upper = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('A' - 1)), _mm_cmplt_epi8(x, _mm_set1_epi8('Z' + 1)));
        _mm_storeu_si128((__m128i *)(void *)(dst + k), _mm_add_epi8(x, _mm_and_si128(upper, _mm_set1_epi8(0x20))));
        unsigned m = (unsigned)_mm_movemask_epi8(x);
        high |= n - k < 16 ? m & ((1u << (n - k)) - 1) : m;
    }
    return !high;
#else
    int ascii = 1;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)src[i];
        ascii &= c < 0x80;
        dst[i] = fr_to_lower(c);
    }
    return ascii;
#endif
}

static size_t dec(const char *s, size_t n, size_t i, int32_t *cp)
{
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    utf8proc_ssize_t l = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), cp);
    if (l <= 0) {
        *cp = 0xFFFD;
        return 1;
    }
    return (size_t)l;
}

static int cls(int32_t cp)
{
    if (cp < 0x80)
        return ascii_word((unsigned char)cp) ? C_WORD : C_SEP;
    if (fr__is_cjk(cp))
        return C_CJK;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
    case UTF8PROC_CATEGORY_PC:
        return C_WORD;
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
        return C_MARK;
    default:
        return C_SEP;
    }
}

static int cls_at(const char *s, size_t n, size_t i)
{
    if (i >= n)
        return C_SEP;
    int32_t cp;
    dec(s, n, i, &cp);
    return cls(cp);
}

static int is_digit_at(const char *s, size_t n, size_t i)
{
    return i < n && s[i] >= '0' && s[i] <= '9';
}

/* Case-insensitive ASCII compare of s[0..n) with lowercase literal w. */
static int ieq(const char *s, size_t n, const char *w)
{
    size_t m = strlen(w);
    if (n != m)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (fr_to_lower((unsigned char)s[i]) != w[i])
            return 0;
    return 1;
}

/* Lowercased ASCII copy of s[a..b) into key (≤ 31 bytes); 0 if not ASCII or too long. */
static int ascii_key(const char *s, size_t a, size_t b, char *key)
{
    if (b - a >= 32)
        return 0;
    for (size_t i = a; i < b; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80)
            return 0;
        key[i - a] = fr_to_lower(c);
    }
    key[b - a] = '\0';
    return 1;
}

/* Every protected name contains one of . - / & + #, so plain words skip the table lookup. */
static int protected_span(const char *s, size_t a, size_t b)
{
    if (b - a >= 32)
        return 0;
    size_t i = a;
    while (i < b && ascii_word((unsigned char)s[i]))
        i++;
    if (i == b)
        return 0;
    char key[32];
    return ascii_key(s, a, b, key) && fr__techterm(key, b - a);
}

/* ----------------------------------------------------------- lone C and R */

static const char *const lang_prev_words[] = {"als", "and", "e.g", "in", "incl", "including", "like", "mit",
                                              "oder", "of", "or", "sowie", "und", "using", "wie", "with", "z.b"};
static const char *const lang_next_words[] = {
    "and", "code", "coding", "developer", "developers", "development", "language", "languages",
    "oder", "or", "programmierung", "programmiersprache", "programming", "skills", "sprache", "und"};

static int word_in(const char *s, size_t n, const char *const *list, size_t k)
{
    for (size_t i = 0; i < k; i++)
        if (ieq(s, n, list[i]))
            return 1;
    return 0;
}

static int is_hspace(char c) { return c == ' ' || c == '\t'; }

/* Is the one-letter token s[a..b) ("C" or "R") a programming language here?  See the spec. */
static int lone_language(const char *s, size_t n, size_t a, size_t b)
{
    size_t p = a;
    while (p > 0 && is_hspace(s[p - 1]))
        p--;
    int prev_list = 0;
    if (p > 0) {
        char c = s[p - 1];
        if (strchr(",/(;:|[", c))
            prev_list = 1;
        else if (c == '-' || c == '*') { /* a bullet: only blanks before it on its line */
            size_t q = p - 1;
            while (q > 0 && is_hspace(s[q - 1]))
                q--;
            prev_list = q == 0 || s[q - 1] == '\n' || s[q - 1] == '\r';
        } else if (p >= 3 && memcmp(s + p - 3, "\xE2\x80\xA2", 3) == 0) /* • */
            prev_list = 1;
        else if (p >= 2 && memcmp(s + p - 2, "\xC2\xB7", 2) == 0) /* · */
            prev_list = 1;
    }
    /* previous word (ASCII letters only) */
    int prev_word = 0;
    {
        /* the previous word may be an abbreviation with dots: "e.g. R", "incl. C", "z.B. C" */
        size_t we = p;
        if (we > 0 && s[we - 1] == '.')
            we--;
        size_t ws = we;
        /* bounded: the longest word of the list is short, and "C.C.C.…" must stay linear */
        while (ws > 0 && we - ws < 16 && (fr_is_alpha((unsigned char)s[ws - 1]) || (s[ws - 1] == '.' && ws < we)))
            ws--;
        if (we > ws && (ws == 0 || !ascii_word((unsigned char)s[ws - 1])))
            prev_word = word_in(s + ws, we - ws, lang_prev_words,
                                sizeof lang_prev_words / sizeof lang_prev_words[0]);
    }
    size_t q = b;
    while (q < n && is_hspace(s[q]))
        q++;
    int next_list = q < n && strchr(",/);|]", s[q]) != NULL;
    int next_word = 0;
    if (q > b) {
        size_t ws = q, we = q;
        while (we < n && we - ws < 24 && fr_is_alpha((unsigned char)s[we]))
            we++;
        if (we > ws && (we == n || !ascii_word((unsigned char)s[we])))
            next_word = word_in(s + ws, we - ws, lang_next_words,
                                sizeof lang_next_words / sizeof lang_next_words[0]);
    }
    /* "John C. Smith": an initial, unless "in C." and the like */
    int initial = b + 2 < n && s[b] == '.' && s[b + 1] == ' ' && fr_is_upper((unsigned char)s[b + 2]);
    if (prev_word)
        return 1;
    return !initial && (prev_list || next_list || next_word);
}

static int ascii_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
/* What ends the reach of the lone-letter rule's look around a letter: whitespace not blank. */
static int ascii_break(unsigned char c) { return c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

/* The bytes fr_tokens_slice_ok stops at: C, R, line breaks, and all but ASCII. */
static const unsigned char slice_byte[256] = {
    ['\n'] = 1, ['\r'] = 1, ['\f'] = 1, ['\v'] = 1, ['C'] = 1, ['R'] = 1,
    [0x80] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};

unsigned fr_tokens_slices(const char *text, size_t len, size_t a, size_t b)
{
    const unsigned char *s = (const unsigned char *)text;
    unsigned ok = FR_SLICE_ALONE | FR_SLICE_COLLAPSED;
    /* whitespace on one side of each end (no token holds ASCII whitespace); the first byte ASCII
     * too: an NFKC run begins with the character before its first rewritten one, so a span opening
     * on a rewritten one would share a run with the text before it */
    if (a > b || b > len)
        return 0;
    if (a < b && (s[a] >= 0x80 || (a > 0 && !ascii_space(s[a - 1]) && !ascii_space(s[a]))))
        return 0;
    if (b < len && !ascii_space(s[b]) && (b == a || !ascii_space(s[b - 1])))
        return 0;
    /* its first line goes on before it, its last after it */
    int open_start = a > 0 && !ascii_break(s[a - 1]), open_end = b < len && !ascii_break(s[b]);
    int broken = 0; /* a line break in [a, i) */
    for (size_t i = a; i < b;) {
#ifdef __SSE2__
        /* most bytes: nothing to look at, 16 at a time (line breaks are 0x0A..0x0D, non-ASCII
         * bytes are the negative ones) */
        while (b - i >= 16) {
            __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
            __m128i brk = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8(0x09)), _mm_cmplt_epi8(x, _mm_set1_epi8(0x0E)));
            __m128i cr = _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('C')), _mm_cmpeq_epi8(x, _mm_set1_epi8('R')));
            unsigned m = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(brk, cr), x));
            if (m) {
                i += (size_t)__builtin_ctz(m);
                break;
            }
            i += 16;
        }
#endif
        while (i < b && !slice_byte[s[i]]) /* the rest, or all without SSE2 */
            i++;
        if (i == b)
            break;
        unsigned char c = s[i];
        if (c < 0x80) {
            broken |= ascii_break(c);
            /* a lone C or R (or one beside a non-ASCII byte, which NFKC may make lone): the rule
             * reads its line around it, up to the line's ends — here, or across a collapsed break */
            if ((c == 'C' || c == 'R') && (i == a || !ascii_word(s[i - 1])) && (i + 1 == b || !ascii_word(s[i + 1]))) {
                int broken_after = 0;
                for (size_t j = i + 1; j < b && !broken_after; j++)
                    broken_after = ascii_break(s[j]);
                if ((open_start && !broken) || (open_end && !broken_after))
                    return 0;
                if (broken || broken_after)
                    ok &= ~(unsigned)FR_SLICE_COLLAPSED;
            }
            i++;
            continue;
        }
        int32_t cp;
        utf8proc_ssize_t l = utf8proc_iterate(s + i, (utf8proc_ssize_t)(b - i), &cp);
        if (l <= 0 || cp >= 0x2100 || (cp >= 0x250 && cp < 0x2000) || (cp >= 0x20D0 && cp < 0x2100))
            return 0;
        i += (size_t)l;
    }
    return ok;
}

int fr_tokens_slice_ok(const char *text, size_t len, size_t a, size_t b, int collapsed)
{
    return (fr_tokens_slices(text, len, a, b) & (collapsed ? FR_SLICE_COLLAPSED : FR_SLICE_ALONE)) != 0;
}

/* The first token whose source starts at or after x. */
static size_t first_at(const fr_tokens *w, size_t x)
{
    size_t lo = 0, hi = w->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (w->src_start[mid] < x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

int fr_tokens_slice(const fr_tokens *w, size_t a, size_t b, size_t *i0, size_t *i1)
{
    *i0 = *i1 = 0;
    if (!w->ordered)
        return 0;
    *i0 = first_at(w, a);
    *i1 = first_at(w, b);
    for (size_t i = *i0; i < *i1; i++)
        if (w->src_end[i] > b)
            return 0;
    return !(*i0 > 0 && w->src_end[*i0 - 1] > a);
}

/* The first token from lo on whose source starts at or after x (none before lo does; offsets are
 * 32-bit: a text's bytes fit). */
static size_t first_at_from(const fr_tokens *w, size_t x, size_t lo)
{
    return fr_u32_lower_bound(w->src_start, (uint32_t)lo, (uint32_t)w->n, x > UINT32_MAX ? UINT32_MAX : (uint32_t)x);
}

int fr_tokens_slice_at(const fr_tokens *w, size_t a, size_t b, size_t from, size_t *i0, size_t *i1)
{
    if (a > b || from > w->n || (from > 0 && w->src_start[from - 1] >= a))
        return fr_tokens_slice(w, a, b, i0, i1); /* (no use for the hint) */
    *i0 = *i1 = 0;
    if (!w->ordered)
        return 0;
    /* ordered: src_start never decreases, so the tokens before `from` start before a */
    size_t k = from;
    for (int step = 0; step < 4 && k < w->n && w->src_start[k] < a; step++)
        k++;
    if (k < w->n && w->src_start[k] < a)
        k = first_at_from(w, a, k);
    *i0 = k;
    int ok = 1;
    for (; k < w->n && w->src_start[k] < b; k++) /* the span's tokens: none may end past b */
        ok &= w->src_end[k] <= b;
    *i1 = k;
    return ok && !(*i0 > 0 && w->src_end[*i0 - 1] > a);
}

/* ------------------------------------------------------------------ emit */

static size_t cp_count(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += ((unsigned char)s[i] & 0xC0) != 0x80;
    return k;
}

static int all_letters(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        int32_t cp;
        size_t l = dec(s, n, i, &cp);
        if (cp < 0x80 ? !fr_is_alpha((unsigned char)cp) : cls(cp) == C_SEP || cp == '_')
            return 0;
        if (cp >= 0x80) {
            utf8proc_category_t c = utf8proc_category(cp);
            if (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO)
                return 0;
        }
        i += l;
    }
    return 1;
}

/* Room for one more token in off, len, ss, se and main, which grow together (a check a token, not
 * one a vector). */
static fr_status token_room(fr_tokenizer *t)
{
    size_t cap = t->tok_cap ? 2 * t->tok_cap : 256;
    fr_u32vec *v[5] = {&t->off, &t->len, &t->ss, &t->se, &t->main};
    for (int i = 0; i < 5; i++)
        if (fr_u32vec_reserve(v[i], cap - v[i]->n) != FR_OK)
            return FR_ENOMEM;
    t->tok_cap = cap;
    return FR_OK;
}

/* Record the token arena[start, start + len), from norm[a, b), and NUL-terminate it. */
static inline fr_status record(fr_tokenizer *t, size_t a, size_t b, size_t start, size_t len, int flags)
{
    if (start > UINT32_MAX || len > UINT32_MAX)
        return FR_EINVAL;
    size_t k = t->off.n;
    if (k == t->tok_cap && token_room(t) != FR_OK)
        return FR_ENOMEM;
    if (!(flags & T_PART))
        t->main.v[t->main.n++] = (uint32_t)k;
    fr__src_span(t, a, b, &t->ss.v[k], &t->se.v[k]);
    t->off.v[k] = (uint32_t)start;
    t->len.v[k] = (uint32_t)len;
    t->off.n = t->len.n = t->ss.n = t->se.n = k + 1;
    t->arena.data[t->arena.len] = '\0';
    return FR_OK;
}

/* Case-fold norm[a..b) to the arena, filter, stem, record.  Returns FR_OK whether or not the token
 * survives the filters. */
static fr_status emit_any(fr_tokenizer *t, size_t a, size_t b, int flags)
{
    const char *src = t->norm.data + a;
    size_t n = b - a, start = t->arena.len;
    if (fr_buf_reserve(&t->arena, n + 16) != FR_OK) /* fold_ascii writes up to 15 bytes more */
        return FR_ENOMEM;
    int ascii = fold_ascii(t->arena.data + start, src, n);
    if (ascii && !t->o.force_utf8proc) {
        t->arena.len += n;
    } else {
        /* src may move if norm were the arena; it is not, so the pointer stays valid. */
        fr_status s = fr__nfkc(t, src, n, 1, &t->arena);
        if (s != FR_OK)
            return s;
    }
    const char *tok = t->arena.data + start;
    size_t len = t->arena.len - start;
    if (len == 0)
        goto drop;
    if (!(flags & T_EXEMPT) && (len < (size_t)t->o.min_len || (!ascii && cp_count(tok, len) < (size_t)t->o.min_len)))
        goto drop;
    if (t->nstop && !(flags & (T_PROTECTED | T_CJK)) && is_stop(t, tok, len))
        goto drop;
    if (t->stemmer && !(flags & (T_PROTECTED | T_CJK)) && all_letters(tok, len) && len < (1u << 20)) {
        const sb_symbol *st = sb_stemmer_stem(t->stemmer, (const sb_symbol *)tok, (int)len);
        if (!st)
            return FR_ENOMEM;
        int sl = sb_stemmer_length(t->stemmer);
        if (sl <= 0)
            goto drop;
        t->arena.len = start;
        if (fr_buf_append(&t->arena, st, (size_t)sl) != FR_OK) /* st is the stemmer's buffer */
            return FR_ENOMEM;
        len = (size_t)sl;
    }
    return record(t, a, b, start, len, flags);
drop:
    t->arena.len = start;
    t->arena.data[start] = '\0';
    return FR_OK;
}

/* emit_any for the common case: a token without a byte of non-ASCII under options without a
 * stemmer — folded, measured, looked up among the stop words, recorded. */
static fr_status emit(fr_tokenizer *t, size_t a, size_t b, int flags)
{
    size_t n = b - a, start = t->arena.len;
    if (!t->plain)
        return emit_any(t, a, b, flags);
    if (fr_buf_reserve(&t->arena, n + 16) != FR_OK) /* fold_ascii writes up to 15 bytes more */
        return FR_ENOMEM;
    if (!fold_ascii(t->arena.data + start, t->norm.data + a, n))
        return emit_any(t, a, b, flags);
    if (n == 0 || (!(flags & T_EXEMPT) && n < (size_t)t->o.min_len) ||
        (t->nstop && !(flags & (T_PROTECTED | T_CJK)) && is_stop_padded(t, t->arena.data + start, n))) {
        t->arena.data[start] = '\0'; /* dropped: the arena ends as before */
        return FR_OK;
    }
    t->arena.len += n;
    return record(t, a, b, start, n, flags);
}

/* emit() for a plain word of the scanner's fast path (ASCII word bytes, so no check for others),
 * inlined there: most tokens take this path, and a call's register saves were ~20 instructions. */
static inline fr_status emit_word(fr_tokenizer *t, size_t a, size_t b)
{
    size_t n = b - a, start = t->arena.len;
    if (!t->plain)
        return emit_any(t, a, b, 0);
    if (n < (size_t)t->o.min_len)
        return FR_OK; /* nothing written to the arena */
    if (fr_buf_reserve(&t->arena, n + 16) != FR_OK) /* lower_ascii writes up to 15 bytes more */
        return FR_ENOMEM;
    lower_ascii(t->arena.data + start, t->norm.data + a, n);
    if (t->nstop && is_stop_padded(t, t->arena.data + start, n)) {
        t->arena.data[start] = '\0'; /* dropped: the arena ends as before */
        return FR_OK;
    }
    t->arena.len += n;
    return record(t, a, b, start, n, 0);
}

/* --------------------------------------------------------------- resolve */

/* Emit a piece with no joiners left but '-' (and kept '.'/'&'): atoms[i..j). */
static fr_status emit_hyphen_piece(fr_tokenizer *t, const atom *at, size_t i, size_t j)
{
    const char *s = t->norm.data;
    size_t a = at[i].s, b = at[j - 1].e;
    int has_hyphen = 0;
    for (size_t k = i + 1; k < j; k++)
        has_hyphen |= at[k].join == '-';
    if (!has_hyphen) {
        int flags = protected_span(s, a, b) ? T_PROTECTED : 0;
        if (b - a == 1 && (s[a] == 'C' || s[a] == 'R') && lone_language(s, t->norm.len, a, b))
            flags |= T_EXEMPT;
        return emit(t, a, b, flags);
    }
    if (protected_span(s, a, b))
        return emit(t, a, b, T_PROTECTED);
    fr_status st;
    if (t->o.hyphen != FR_HYPHEN_SPLIT && (st = emit(t, a, b, 0)) != FR_OK)
        return st;
    int part_flag = t->o.hyphen == FR_HYPHEN_BOTH ? T_PART : 0;
    if (t->o.hyphen == FR_HYPHEN_JOIN)
        return FR_OK;
    size_t ps = i;
    for (size_t k = i + 1; k <= j; k++) {
        if (k == j || at[k].join == '-') {
            size_t pa = at[ps].s, pb = at[k - 1].e;
            int flags = part_flag | (protected_span(s, pa, pb) ? T_PROTECTED : 0);
            if ((st = emit(t, pa, pb, flags)) != FR_OK)
                return st;
            ps = k;
        }
    }
    return FR_OK;
}

/* Does the '.' or '&' before atom k stay joined? */
static int keep_join(const char *s, const atom *at, size_t k)
{
    const atom *l = &at[k - 1], *r = &at[k];
    if (at[k].join == '.') {
        if (is_digit_at(s, l->e, l->e - 1) && s[r->s] >= '0' && s[r->s] <= '9')
            return 1;
        return ieq(s + r->s, r->e - r->s, "js") || ieq(s + r->s, r->e - r->s, "net") ||
               protected_span(s, l->s, r->e);
    }
    if (at[k].join == '&') {
        size_t ln = l->e - l->s, rn = r->e - r->s;
        if (ln > 2 || rn > 2)
            return protected_span(s, l->s, r->e);
        for (size_t i = l->s; i < l->e; i++)
            if (!fr_is_alpha((unsigned char)s[i]))
                return 0;
        for (size_t i = r->s; i < r->e; i++)
            if (!fr_is_alpha((unsigned char)s[i]))
                return 0;
        return 1;
    }
    return 1; /* '-' is resolved later */
}

/* atoms[i..j) joined by anything but '/' */
static fr_status emit_piece(fr_tokenizer *t, const atom *at, size_t i, size_t j)
{
    const char *s = t->norm.data;
    if (protected_span(s, at[i].s, at[j - 1].e))
        return emit(t, at[i].s, at[j - 1].e, T_PROTECTED);
    size_t ps = i;
    for (size_t k = i + 1; k <= j; k++) {
        if (k == j || ((at[k].join == '.' || at[k].join == '&') && !keep_join(s, at, k))) {
            fr_status st = emit_hyphen_piece(t, at, ps, k);
            if (st != FR_OK)
                return st;
            ps = k;
        }
    }
    return FR_OK;
}

static fr_status resolve(fr_tokenizer *t, const atom *at, size_t k)
{
    const char *s = t->norm.data;
    if (protected_span(s, at[0].s, at[k - 1].e))
        return emit(t, at[0].s, at[k - 1].e, T_PROTECTED);
    size_t ps = 0;
    for (size_t i = 1; i <= k; i++) {
        if (i < k && at[i].join != '/')
            continue;
        /* merge "x/y" pairs that are names (ci/cd inside ci/cd/devops) */
        if (i < k) {
            size_t ne = i + 1;
            while (ne < k && at[ne].join != '/')
                ne++;
            int named = 0;
            fr_status st = FR_OK;
            if (protected_span(s, at[ps].s, at[ne - 1].e)) {
                named = 1;
                st = emit(t, at[ps].s, at[ne - 1].e, T_PROTECTED);
            } else if (ne > i + 1 && i == ps + 1 && protected_span(s, at[ps].s, at[i].e)) {
                /* a name at the start of a hyphen compound: "CI/CD-Pipelines" is ci/cd + pipelines */
                atom merged[MAX_ATOMS];
                size_t m = 0;
                merged[m++] = (atom){at[ps].s, at[i].e, at[ps].join};
                for (size_t q = i + 1; q < ne; q++)
                    merged[m++] = at[q];
                named = 1;
                st = emit_piece(t, merged, 0, m);
            }
            if (st != FR_OK)
                return st;
            if (named) {
                ps = i = ne;
                if (i >= k)
                    break;
                continue;
            }
        }
        fr_status st = emit_piece(t, at, ps, i);
        if (st != FR_OK)
            return st;
        ps = i;
    }
    return FR_OK;
}

/* Scan a compound starting at word character i; returns its end. */
static fr_status scan_compound(fr_tokenizer *t, size_t i, size_t *end)
{
    const char *s = t->norm.data;
    size_t n = t->norm.len;
    atom at[MAX_ATOMS];
    size_t k = 0, j = i;
    char join = 0;
    for (;;) {
        atom a = {(uint32_t)j, 0, join};
        if (j < n && s[j] == '.') /* the leading dot of ".net" */
            j++;
        int marks = 0;
        while (j < n) {
            size_t e = word_end(s, j);
            if (e > j) {
                j = e;
                marks = 0;
                continue;
            }
            if ((unsigned char)s[j] < 0x80)
                break;
            int32_t cp;
            size_t l = dec(s, n, j, &cp);
            int c = cls(cp);
            if (c != C_WORD && c != C_MARK)
                break;
            marks = c == C_MARK ? marks + 1 : 0;
            if (marks > 30)
                break; /* stream-safe: a word does not carry more than 30 marks in a row */
            j += l;
        }
        int suffixed = 0;
        size_t alen = (j < n && (s[j] == '+' || s[j] == '#')) ? cp_count(s + a.s, j - a.s) : 0;
        if (j < n && s[j] == '+') {
            if (j + 1 < n && s[j + 1] == '+') {
                j += 2;
                while (is_digit_at(s, n, j)) /* c++17 */
                    j++;
                suffixed = 1;
            } else if (alen == 1 && fr_is_alpha((unsigned char)s[a.s]) && cls_at(s, n, j + 1) != C_WORD) {
                j += 1;
                suffixed = 1;
            }
        } else if (j < n && s[j] == '#' && alen == 1 && fr_is_alpha((unsigned char)s[a.s]) &&
                   cls_at(s, n, j + 1) != C_WORD) {
            j += 1;
            suffixed = 1;
        }
        a.e = (uint32_t)j;
        at[k++] = a;
        if (k == MAX_ATOMS || j + 1 >= n)
            break;
        char c = s[j];
        int joinable = suffixed ? (c == '-' || c == '/') : (c == '.' || c == '-' || c == '/' || c == '&');
        if (!joinable || cls_at(s, n, j + 1) != C_WORD)
            break;
        join = c;
        j++;
    }
    *end = j;
    if (k == 1 && at[0].e - at[0].s > 1 && s[at[0].s] != '.') {
        /* the common case, a plain word: nothing to resolve.  Suffixed atoms ("c#") and leading
         * dots still go through resolve() for the protected-name check. */
        const unsigned char last = (unsigned char)s[at[0].e - 1];
        if (last != '+' && last != '#')
            return emit(t, at[0].s, at[0].e, 0);
    }
    return resolve(t, at, k);
}

static fr_status scan_cjk(fr_tokenizer *t, size_t i, size_t *end)
{
    const char *s = t->norm.data;
    size_t n = t->norm.len;
    size_t prev = i, j = i, count = 0;
    int32_t cp;
    while (j < n) {
        size_t l = dec(s, n, j, &cp);
        if (cls(cp) != C_CJK)
            break;
        if (count >= 1) {
            fr_status st = emit(t, prev, j + l, T_EXEMPT | T_CJK);
            if (st != FR_OK)
                return st;
        }
        prev = j;
        j += l;
        count++;
    }
    *end = j;
    if (count == 1)
        return emit(t, i, j, T_EXEMPT | T_CJK);
    return FR_OK;
}

static fr_status scan(fr_tokenizer *t)
{
    const char *s = t->norm.data;
    size_t n = t->norm.len, i = 0;
    int prev_word = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            if (ascii_word(c)) {
                /* a plain word — two or more ASCII word bytes, then a byte that neither joins nor
                 * may be a letter — is what scan_compound would emit whole, without its detour */
                size_t e = word_end(s, i + 1);
                if (e - i > 1 && byte_kind[(unsigned char)s[e]] == K_SEP && !t->o.force_utf8proc) {
                    fr_status st = emit_word(t, i, e);
                    if (st != FR_OK)
                        return st;
                    i = e;
                    prev_word = 1;
                    continue;
                }
                fr_status st = scan_compound(t, i, &e);
                if (st != FR_OK)
                    return st;
                i = e;
                prev_word = 1;
                continue;
            }
            if (c == '.' && !prev_word && i + 3 < n && ieq(s + i + 1, 3, "net") &&
                cls_at(s, n, i + 4) != C_WORD) {
                size_t e;
                fr_status st = scan_compound(t, i, &e);
                if (st != FR_OK)
                    return st;
                i = e;
                prev_word = 1;
                continue;
            }
            prev_word = 0;
            i++;
            continue;
        }
        int32_t cp;
        size_t l = dec(s, n, i, &cp);
        int k = cls(cp);
        size_t e;
        fr_status st = FR_OK;
        if (k == C_CJK) {
            st = scan_cjk(t, i, &e);
            prev_word = 0;
        } else if (k == C_WORD) {
            st = scan_compound(t, i, &e);
            prev_word = 1;
        } else {
            e = i + l;
            prev_word = k == C_MARK ? prev_word : 0;
        }
        if (st != FR_OK)
            return st;
        i = e;
    }
    return FR_OK;
}

/* Word n-grams over the main sequence, joined by one space (scikit-learn's _word_ngrams). */
static fr_status ngrams(fr_tokenizer *t)
{
    size_t m = t->main.n;
    for (int g = t->o.ngram_min < 2 ? 2 : t->o.ngram_min; g <= t->o.ngram_max; g++) {
        for (size_t i = 0; i + (size_t)g <= m; i++) {
            size_t start = t->arena.len;
            for (int q = 0; q < g; q++) {
                uint32_t id = t->main.v[i + (size_t)q];
                /* copy by offset after reserving: the source lives in the arena itself */
                if (fr_buf_reserve(&t->arena, (size_t)t->len.v[id] + 1) != FR_OK)
                    return FR_ENOMEM;
                if (q)
                    t->arena.data[t->arena.len++] = ' ';
                memcpy(t->arena.data + t->arena.len, t->arena.data + t->off.v[id], t->len.v[id]);
                t->arena.len += t->len.v[id];
            }
            t->arena.data[t->arena.len] = '\0';
            if (t->arena.len > UINT32_MAX)
                return FR_EINVAL;
            uint32_t first = t->main.v[i], last = t->main.v[i + (size_t)g - 1];
            if (fr_u32vec_push(&t->out_off, (uint32_t)start) != FR_OK ||
                fr_u32vec_push(&t->out_len, (uint32_t)(t->arena.len - start)) != FR_OK ||
                fr_u32vec_push(&t->out_ss, t->ss.v[first]) != FR_OK || fr_u32vec_push(&t->out_se, t->se.v[last]) != FR_OK)
                return FR_ENOMEM;
        }
    }
    return FR_OK;
}

fr_status fr_tokenize(fr_tokenizer *t, const char *text, size_t len, fr_tokens *out, fr_error *err)
{
    out->text = NULL;
    out->off = out->len = out->src_start = out->src_end = NULL;
    out->n = 0;
    out->ordered = t->o.ngram_max == 1; /* the scanner emits in source order; n-grams come after */
    fr_buf_reset(&t->norm);
    fr_buf_reset(&t->arena);
    t->off.n = t->len.n = t->main.n = t->out_off.n = t->out_len.n = 0;
    t->ss.n = t->se.n = t->out_ss.n = t->out_se.n = 0;
    if (len > UINT32_MAX / 2)
        return fr_fail(err, FR_EINVAL, "document of %zu bytes exceeds the 2 GiB limit", len);
    if (t->o.invalid == FR_INVALID_REPLACE && fr_utf8_check(text, len) < len) {
        fr_buf_reset(&t->repaired);
        if (fr_utf8_repair(text, len, &t->repaired, NULL) != FR_OK)
            return fr_fail(err, FR_ENOMEM, "out of memory");
        text = t->repaired.data;
        len = t->repaired.len;
    }
    fr_status s = fr_normalize(t, text, len, &t->norm, err);
    if (s != FR_OK)
        return s;
    if (fr_buf_reserve(&t->norm, PAD) != FR_OK)
        return fr_fail(err, FR_ENOMEM, "out of memory");
    memset(t->norm.data + t->norm.len, 0, PAD);
    if (fr_buf_reserve(&t->arena, t->norm.len + 16) != FR_OK)
        return fr_fail(err, FR_ENOMEM, "out of memory");
    t->arena.data[0] = '\0'; /* the arena ends in a NUL, tokens or none (emit_word drops silently) */
    if ((s = scan(t)) != FR_OK)
        return fr_fail(err, s, "tokenizing failed: %s", fr_strerror(s));
    if (t->o.ngram_max > 1) {
        /* Output order: unigrams (when ngram_min is 1), then 2-grams, then 3-grams. */
        if (t->o.ngram_min == 1) {
            if (fr_u32vec_reserve(&t->out_off, t->off.n) != FR_OK ||
                fr_u32vec_reserve(&t->out_len, t->len.n) != FR_OK || fr_u32vec_reserve(&t->out_ss, t->off.n) != FR_OK ||
                fr_u32vec_reserve(&t->out_se, t->off.n) != FR_OK)
                return fr_fail(err, FR_ENOMEM, "out of memory");
            if (t->off.n) {
                memcpy(t->out_off.v, t->off.v, t->off.n * sizeof(uint32_t));
                memcpy(t->out_len.v, t->len.v, t->len.n * sizeof(uint32_t));
                memcpy(t->out_ss.v, t->ss.v, t->off.n * sizeof(uint32_t));
                memcpy(t->out_se.v, t->se.v, t->off.n * sizeof(uint32_t));
            }
            t->out_off.n = t->out_len.n = t->out_ss.n = t->out_se.n = t->off.n;
        }
        if ((s = ngrams(t)) != FR_OK)
            return fr_fail(err, s, "n-grams failed: %s", fr_strerror(s));
        out->off = t->out_off.v;
        out->len = t->out_len.v;
        out->src_start = t->out_ss.v;
        out->src_end = t->out_se.v;
        out->n = t->out_off.n;
    } else {
        out->off = t->off.v;
        out->len = t->len.v;
        out->src_start = t->ss.v;
        out->src_end = t->se.v;
        out->n = t->off.n;
    }
    if (fr_buf_reserve(&t->arena, FR_TOKENS_PAD) != FR_OK) /* FR_TOKENS_PAD: readable, zero */
        return fr_fail(err, FR_ENOMEM, "out of memory");
    memset(t->arena.data + t->arena.len, 0, FR_TOKENS_PAD);
    out->text = t->arena.data;
    return FR_OK;
}
