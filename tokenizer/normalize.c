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

static size_t decode(const unsigned char *s, size_t n, int32_t *cp)
{
    utf8proc_ssize_t l = utf8proc_iterate(s, (utf8proc_ssize_t)n, cp);
    return l > 0 ? (size_t)l : 1;
}

fr_status fr_normalize(fr_tokenizer *t, const char *text, size_t len, fr_buf *out, fr_error *err)
{
    size_t bad = fr_utf8_check(text, len);
    if (bad < len)
        return fr_fail_at(err, FR_EUTF8, bad, "invalid UTF-8 at byte %zu", bad);
    fr_status s;
    if (t->o.force_utf8proc) {
        s = fr__nfkc(t, text, len, 0, out);
        return s == FR_OK ? FR_OK : fr_fail(err, s, "normalisation failed: %s", fr_strerror(s));
    }
    const unsigned char *u = (const unsigned char *)text;
    size_t copied = 0, prev = 0, i = 0;
    while (i < len) {
        if (u[i] < 0x80) {
            prev = i++;
            continue;
        }
        int32_t cp;
        size_t l = decode(u + i, len - i, &cp);
        if (cp_stable(cp)) {
            prev = i;
            i += l;
            continue;
        }
        size_t seg = (prev >= copied && prev < i) ? prev : i;
        size_t j = i + l;
        while (j < len && u[j] >= 0x80) {
            size_t l2 = decode(u + j, len - j, &cp);
            if (cp_stable(cp))
                break;
            j += l2;
        }
        if (fr_buf_append(out, text + copied, seg - copied) != FR_OK)
            return fr_fail(err, FR_ENOMEM, "out of memory");
        s = fr__nfkc(t, text + seg, j - seg, 0, out);
        if (s != FR_OK)
            return fr_fail(err, s, "normalisation failed: %s", fr_strerror(s));
        copied = j;
        prev = j;
        i = j;
    }
    if (fr_buf_append(out, text + copied, len - copied) != FR_OK)
        return fr_fail(err, FR_ENOMEM, "out of memory");
    return FR_OK;
}
