/* tokenizer/normalize.c — NFKC via utf8proc, with an ASCII fast path.
 *
 * utf8proc's NFKC + case folding runs at ~25 MB/s per core, while résumés and postings are mostly
 * ASCII.  ASCII is NFKC-stable, and so is any code point that has no decomposition, combining
 * class 0, cannot be the second half of a composition and is not default-ignorable.  So only runs
 * of *unstable* code points go through utf8proc — together with the one stable character before
 * them, which may be the starter they compose with ("e" + U+0301 → "é").  NFKC may be computed
 * piecewise at such boundaries (a stable starter that combines with nothing before it), which is
 * why the result is byte-identical to normalising the whole text; tests check it on real corpora
 * by comparing with force_utf8proc.
 *
 * Two deliberate additions to plain NFKC: the Unicode hyphens U+2010/U+2011 become ASCII '-' and
 * the typographic apostrophes U+2018/U+2019 become ASCII '\'', so that "post‐training" and
 * "Microsoft’s" scan like their ASCII spellings. */
#include "tokenizer/internal.h"
#include "util/utf8.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define NFKC_OPTS (UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_IGNORE)

static int is_mapped(int32_t cp)
{
    return cp == 0x2010 || cp == 0x2011 || cp == 0x2018 || cp == 0x2019;
}

static int32_t map_cp(int32_t cp)
{
    if (cp == 0x2010 || cp == 0x2011)
        return '-';
    if (cp == 0x2018 || cp == 0x2019)
        return '\'';
    return cp;
}

static int cp_stable(int32_t cp)
{
    const utf8proc_property_t *p = utf8proc_get_property(cp);
    if (p->decomp_seqindex != UINT16_MAX || p->combining_class != 0 || p->ignorable)
        return 0;
    if (p->comb_index != UINT16_MAX && p->comb_index >= 0x8000)
        return 0; /* can be the second element of a primary composite */
    if (cp >= 0x1100 && cp <= 0x11FF)
        return 0; /* conjoining Hangul jamo compose algorithmically */
    return !is_mapped(cp);
}

/* Can cp compose with (or reorder around) the character before it? */
static int combines_back(int32_t cp)
{
    const utf8proc_property_t *p = utf8proc_get_property(cp);
    if (p->combining_class != 0)
        return 1;
    if (p->comb_index != UINT16_MAX && p->comb_index >= 0x8000)
        return 1;
    return cp >= 0x1160 && cp <= 0x11FF; /* Hangul medial vowels and final consonants */
}

static fr_status u32_reserve(fr_tokenizer *t, size_t n)
{
    if (n <= t->u32cap)
        return FR_OK;
    size_t cap = t->u32cap ? t->u32cap : 256, bytes;
    while (cap < n)
        cap *= 2;
    if (!fr_size_mul(cap, sizeof(int32_t), &bytes))
        return FR_ENOMEM;
    int32_t *p = realloc(t->u32, bytes);
    if (!p)
        return FR_ENOMEM;
    t->u32 = p;
    t->u32cap = cap;
    return FR_OK;
}

/* Normalise s[0..n) (valid UTF-8) into out: NFKC, optionally case-folded (and accent-stripped when
 * the options say so).  Uses utf8proc's two-step API with our own scratch buffer, so there is no
 * malloc per call as with utf8proc_map. */
fr_status fr__nfkc(fr_tokenizer *t, const char *s, size_t n, int casefold, fr_buf *out)
{
    utf8proc_option_t opts = NFKC_OPTS;
    if (casefold) {
        opts |= UTF8PROC_CASEFOLD;
        if (t->o.strip_accents)
            opts |= UTF8PROC_STRIPMARK;
    }
    if (n > (size_t)PTRDIFF_MAX / 4)
        return FR_ENOMEM;
    for (;;) {
        utf8proc_ssize_t r = utf8proc_decompose((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n,
                                                t->u32, (utf8proc_ssize_t)t->u32cap, opts);
        if (r < 0)
            return r == UTF8PROC_ERROR_NOMEM ? FR_ENOMEM : FR_EUTF8;
        if ((size_t)r > t->u32cap) {
            if (u32_reserve(t, (size_t)r) != FR_OK)
                return FR_ENOMEM;
            continue;
        }
        r = utf8proc_normalize_utf32(t->u32, r, opts);
        if (r < 0)
            return FR_EUTF8;
        if (fr_buf_reserve(out, (size_t)r * 4) != FR_OK)
            return FR_ENOMEM;
        utf8proc_uint8_t *w = (utf8proc_uint8_t *)out->data + out->len;
        size_t k = 0;
        for (utf8proc_ssize_t i = 0; i < r; i++)
            k += (size_t)utf8proc_encode_char(map_cp(t->u32[i]), w + k);
        out->len += k;
        out->data[out->len] = '\0';
        return FR_OK;
    }
}

/* The first non-ASCII byte of s[i..n), or n: 16 bytes a step, as résumés are mostly ASCII. */
static size_t ascii_end(const unsigned char *s, size_t i, size_t n)
{
#ifdef __SSE2__
    for (; n - i >= 16; i += 16) {
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(const void *)(s + i)));
        if (m)
            return i + (size_t)__builtin_ctz(m);
    }
#endif
    while (i < n && s[i] < 0x80)
        i++;
    return i;
}

static size_t decode(const unsigned char *s, size_t n, int32_t *cp)
{
    utf8proc_ssize_t l = utf8proc_iterate(s, (utf8proc_ssize_t)n, cp);
    return l > 0 ? (size_t)l : 1;
}

/* Record that out bytes from here on come from source [src, src_end) — copied 1:1 (ident) or
 * rewritten as a whole. */
static fr_status add_run(fr_tokenizer *t, size_t norm, size_t src, size_t src_end, int ident)
{
    if (fr_u32vec_push(&t->run_norm, (uint32_t)norm) != FR_OK || fr_u32vec_push(&t->run_src, (uint32_t)src) != FR_OK ||
        fr_u32vec_push(&t->run_src_end, (uint32_t)src_end) != FR_OK ||
        fr_u32vec_push(&t->run_ident, (uint32_t)ident) != FR_OK)
        return FR_ENOMEM;
    return FR_OK;
}

/* Index of the last run starting at or before x.  Tokens arrive in (nearly) increasing order, so
 * a cursor that walks forward makes this O(1) amortised; binary search covers steps back. */
static size_t run_of(fr_tokenizer *t, size_t x)
{
    size_t c = t->run_cursor < t->run_norm.n ? t->run_cursor : 0;
    if (t->run_norm.v[c] <= x) {
        while (c + 1 < t->run_norm.n && t->run_norm.v[c + 1] <= x)
            c++;
    } else {
        size_t lo = 0, hi = c;
        while (hi - lo > 1) {
            size_t mid = (lo + hi) / 2;
            if (t->run_norm.v[mid] <= x)
                lo = mid;
            else
                hi = mid;
        }
        c = lo;
    }
    t->run_cursor = c;
    return c;
}

void fr__src_span_runs(fr_tokenizer *t, size_t a, size_t b, uint32_t *ss, uint32_t *se)
{
    if (!t->run_norm.n) {
        *ss = (uint32_t)a;
        *se = (uint32_t)b;
        return;
    }
    size_t ra = run_of(t, a), rb = run_of(t, b > a ? b - 1 : a);
    *ss = t->run_ident.v[ra] ? t->run_src.v[ra] + (uint32_t)(a - t->run_norm.v[ra]) : t->run_src.v[ra];
    *se = t->run_ident.v[rb] ? t->run_src.v[rb] + (uint32_t)(b - t->run_norm.v[rb]) : t->run_src_end.v[rb];
    if (ra == rb && t->run_ident.v[ra]) {
        t->span_lo = t->run_norm.v[ra];
        t->span_hi = ra + 1 < t->run_norm.n ? t->run_norm.v[ra + 1] : SIZE_MAX;
        t->span_delta = t->run_src.v[ra] - t->run_norm.v[ra];
    }
}

fr_status fr_normalize(fr_tokenizer *t, const char *text, size_t len, fr_buf *out, fr_error *err)
{
    size_t bad = fr_utf8_check(text, len);
    if (bad < len)
        return fr_fail_at(err, FR_EUTF8, bad, "invalid UTF-8 at byte %zu", bad);
    fr_status s;
    size_t base = out->len;
    t->run_norm.n = t->run_src.n = t->run_src_end.n = t->run_ident.n = 0;
    t->run_cursor = 0;
    t->span_lo = 1;
    t->span_hi = 0;
    if (t->o.force_utf8proc) {
        s = fr__nfkc(t, text, len, 0, out);
        if (s == FR_OK)
            s = add_run(t, 0, 0, len, 0);
        return s == FR_OK ? FR_OK : fr_fail(err, s, "normalisation failed: %s", fr_strerror(s));
    }
    const unsigned char *u = (const unsigned char *)text;
    size_t copied = 0, prev = 0, i = 0;
    while (i < len) {
        if (u[i] < 0x80) {
            i = ascii_end(u, i + 1, len);
            prev = i - 1;
            continue;
        }
        int32_t cp;
        size_t l = decode(u + i, len - i, &cp);
        if (cp_stable(cp)) {
            prev = i;
            i += l;
            continue;
        }
        /* the previous character joins the segment only when this one can compose with it, so
         * that source spans stay tight ("ﬁle" maps to "ﬁle", not " ﬁle") */
        size_t seg = (prev >= copied && prev < i && combines_back(cp)) ? prev : i;
        size_t j = i + l;
        /* Unicode's stream-safe limit: after 30 non-starters in a row the segment ends, so that
         * canonical reordering (an insertion sort inside utf8proc) stays linear on hostile text */
        int marks = utf8proc_get_property(cp)->combining_class != 0;
        while (j < len && u[j] >= 0x80) {
            size_t l2 = decode(u + j, len - j, &cp);
            if (cp_stable(cp))
                break;
            marks = utf8proc_get_property(cp)->combining_class != 0 ? marks + 1 : 0;
            if (marks > 30)
                break;
            j += l2;
        }
        if (seg > copied && add_run(t, out->len - base, copied, seg, 1) != FR_OK)
            return fr_fail(err, FR_ENOMEM, "out of memory");
        if (fr_buf_append(out, text + copied, seg - copied) != FR_OK || add_run(t, out->len - base, seg, j, 0) != FR_OK)
            return fr_fail(err, FR_ENOMEM, "out of memory");
        s = fr__nfkc(t, text + seg, j - seg, 0, out);
        if (s != FR_OK)
            return fr_fail(err, s, "normalisation failed: %s", fr_strerror(s));
        copied = j;
        prev = j;
        i = j;
    }
    if ((len > copied || !t->run_norm.n) && add_run(t, out->len - base, copied, len, 1) != FR_OK)
        return fr_fail(err, FR_ENOMEM, "out of memory");
    if (fr_buf_append(out, text + copied, len - copied) != FR_OK)
        return fr_fail(err, FR_ENOMEM, "out of memory");
    return FR_OK;
}
