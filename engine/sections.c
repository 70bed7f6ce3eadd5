/* engine/sections.c — line-level text analysis shared by the document parsers. */
#include "engine/sections.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/ascii.h"
#include <utf8proc.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

static int is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

/* Bullet markers (UTF-8): • · ◦ ▪ ▫ ‣ ● ○ ■ □ ➢ ► – — ✓ ✔ and Symbol-font U+F0B7; ◾ ◽ ∙ ▸ ◆ ❖ ➤
 * and Wingdings U+F0A7 / U+F0D8 from Word and PDF exports; "» " (with its blank: »quoted« text
 * starts without one).  An unknown marker leaves "◾ MBA." a line of capitals, once a heading. */
static const char *const bullets[] = {"\xE2\x80\xA2", "\xC2\xB7", "\xE2\x97\xA6", "\xE2\x96\xAA", "\xE2\x96\xAB",
                                      "\xE2\x80\xA3", "\xE2\x97\x8F", "\xE2\x97\x8B", "\xE2\x96\xA0", "\xE2\x96\xA1",
                                      "\xE2\x9E\xA2", "\xE2\x96\xBA", "\xE2\x80\x93", "\xE2\x80\x94", "\xE2\x9C\x93",
                                      "\xE2\x9C\x94", "\xEF\x82\xB7", "\xE2\x97\xBE", "\xE2\x97\xBD", "\xE2\x88\x99",
                                      "\xE2\x96\xB8", "\xE2\x97\x86", "\xE2\x9D\x96", "\xE2\x9E\xA4", "\xEF\x82\xA7",
                                      "\xEF\x83\x98", "\xC2\xBB ", NULL};

/* Length of a bullet marker at p (including the blanks after it), or 0. */
static size_t bullet_len(const char *p, const char *end)
{
    size_t n = (size_t)(end - p);
    size_t m = 0;
    if (n >= 2 && (p[0] == '-' || p[0] == '*' || p[0] == '+') && is_blank(p[1]))
        m = 1;
    else {
        for (int i = 0; (unsigned char)p[0] >= 0x80 && bullets[i]; i++) { /* every marker begins so */
            size_t bl = strlen(bullets[i]);
            if (n > bl && memcmp(p, bullets[i], bl) == 0) {
                m = bl;
                break;
            }
        }
        if (!m) {
            /* "1." "12)" "a)" "(a)" */
            size_t k = 0;
            while (k < n && k < 3 && p[k] >= '0' && p[k] <= '9')
                k++;
            if (k > 0 && k < n && (p[k] == '.' || p[k] == ')')) {
                /* "1.Harvesting" (no blank) counts when a capital follows */
                if (k + 1 < n && (is_blank(p[k + 1]) || (fr_is_upper((unsigned char)p[k + 1]) && p[k] == '.')))
                    m = k + 1;
            } else if (n >= 3 && fr_is_alpha((unsigned char)p[0]) && p[1] == ')' && is_blank(p[2]))
                m = 2;
            else if (n >= 4 && p[0] == '(' && fr_is_alpha((unsigned char)p[1]) && p[2] == ')' && is_blank(p[3]))
                m = 3;
        }
    }
    if (!m)
        return 0;
    while (p + m < end && is_blank(p[m]))
        m++;
    return m;
}

size_t fr_lines(const char *text, size_t len, fr_line **lines)
{
    size_t cap = 64, n = 0;
    fr_line *v = malloc(cap * sizeof *v);
    if (!v)
        return (size_t)-1;
    size_t i = 0;
    while (i < len || (i == len && n == 0 && len == 0)) {
        if (i == len)
            break;
        const char *nl = memchr(text + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - text) : len;
        if (n == cap) {
            cap *= 2;
            fr_line *nv = realloc(v, cap * sizeof *v);
            if (!nv) {
                free(v);
                return (size_t)-1;
            }
            v = nv;
        }
        fr_line *l = &v[n++];
        memset(l, 0, sizeof *l);
        l->s = i;
        l->e = e;
        size_t p = i;
        int col = 0;
        while (p < e && is_blank(text[p])) {
            col += text[p] == '\t' ? 4 : 1;
            p++;
        }
        /* U+00A0 (NBSP) indentation from HTML and PDFs */
        while (p + 1 < e && (unsigned char)text[p] == 0xC2 && (unsigned char)text[p + 1] == 0xA0) {
            col++;
            p += 2;
        }
        l->indent = col;
        size_t q = e;
        while (q > p && (is_blank(text[q - 1]) ||
                         (q - p >= 2 && (unsigned char)text[q - 2] == 0xC2 && (unsigned char)text[q - 1] == 0xA0)))
            q -= is_blank(text[q - 1]) ? 1 : 2;
        if (p == q) {
            l->blank = 1;
            l->cs = l->ce = p;
        } else {
            size_t b = bullet_len(text + p, text + q);
            l->bullet = b > 0 && p + b < q;
            l->cs = l->bullet ? p + b : p;
            l->ce = q;
        }
        i = nl ? e + 1 : len;
    }
    *lines = v;
    return n;
}

size_t fr_word_count_max(const char *text, size_t s, size_t e, size_t max)
{
    size_t w = 0;
    int in = 0;
    size_t i = s;
#ifdef __SSE2__
    /* 16 bytes a step: the words that begin in them (a byte no blank after a blank) counted at
     * once; past max, the answer is max + 1, as the byte loop stops there */
    for (; i + 16 <= e && w <= max; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(text + i));
        /* \t \n \v \f \r are 9 .. 13: moved to -128 .. -124 (signed) */
        __m128i bl = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')),
                                  _mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8((char)(0x80 - 9))),
                                                 _mm_set1_epi8(-128 + 5)));
        unsigned word = ~(unsigned)_mm_movemask_epi8(bl) & 0xFFFFu;
        w += (size_t)__builtin_popcount(word & ~(word << 1 | (unsigned)in));
        in = (int)(word >> 15);
    }
    if (w > max)
        return max + 1;
#endif
    for (; i < e && w <= max; i++) {
        int b = is_blank(text[i]) || text[i] == '\n';
        if (!b && !in)
            w++;
        in = !b;
    }
    return w;
}

size_t fr_word_count(const char *text, size_t s, size_t e) { return fr_word_count_max(text, s, e, SIZE_MAX - 1); }

/* A heading is judged on the first FOLD_IN bytes of its line (a longer line is no heading), folded
 * through utf8proc's two-step API into a stack buffer of FOLD_CP code points: no allocation, so
 * no failure that could silently turn a heading into a plain line. */
enum { FOLD_IN = 1024, FOLD_CP = 2048 };

/* The largest e' <= e at a code point boundary of valid UTF-8 text[s..). */
static size_t cp_floor(const char *text, size_t s, size_t e)
{
    while (e > s && ((unsigned char)text[e] & 0xC0) == 0x80)
        e--;
    return e;
}

/* A folded heading being written: blanks collapse to one space between words, room kept for the
 * NUL. */
typedef struct {
    char *out;
    size_t cap, k;
    int space;
} fold_out;

/* Append byte b (0 when the buffer is full). */
static int fold_put(fold_out *f, char b)
{
    if (f->k + 2 >= f->cap)
        return 0; /* room for a space, the byte and the NUL */
    if (f->space && f->k)
        f->out[f->k++] = ' ';
    f->space = 0;
    f->out[f->k++] = b;
    return 1;
}

size_t fr_heading_norm(const char *text, size_t s, size_t e, char *out, size_t cap)
{
    /* strip markdown and emphasis markers and trailing punctuation */
    while (s < e && (text[s] == '#' || text[s] == '*' || text[s] == '_' || is_blank(text[s])))
        s++;
    while (e > s && (text[e - 1] == '*' || text[e - 1] == '_' || text[e - 1] == ':' || text[e - 1] == '#' ||
                     text[e - 1] == '.' || is_blank(text[e - 1])))
        e--;
    if (e - s > FOLD_IN)
        e = cp_floor(text, s, s + FOLD_IN);
    fold_out f = {out, cap, 0, 0};
    size_t i0 = s;
    while (i0 < e && (unsigned char)text[i0] < 0x80)
        i0++;
    if (i0 == e) {
        /* ASCII (most lines): NFKC leaves it as it is and case folding lowers A-Z only — the same
         * bytes as the code point path below (a test compares every bundled line with utf8proc) */
        for (size_t i = s; i < e; i++) {
            if (is_blank(text[i]))
                f.space = 1;
            else if (!fold_put(&f, fr_to_lower((unsigned char)text[i])))
                break;
        }
        out[f.k] = '\0';
        return f.k;
    }
    const utf8proc_option_t opts = UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD;
    utf8proc_int32_t u[FOLD_CP];
    utf8proc_ssize_t r;
    /* NFKC expands a code point to at most 18: a shorter prefix when the buffer is too small */
    while ((r = utf8proc_decompose((const utf8proc_uint8_t *)text + s, (utf8proc_ssize_t)(e - s), u, FOLD_CP,
                                   opts)) > FOLD_CP)
        e = cp_floor(text, s, s + (e - s) / 2);
    if (r > 0)
        r = utf8proc_normalize_utf32(u, r, opts);
    for (utf8proc_ssize_t i = 0; i < r; i++) {
        utf8proc_int32_t c = u[i];
        if (c < 0x80 && is_blank((char)c)) {
            f.space = 1;
            continue;
        }
        if (c == 0x2019 || c == 0x2018) /* "’" → "'" so "you’ll" matches "you'll" */
            c = '\'';
        utf8proc_uint8_t b[4];
        utf8proc_ssize_t nb = utf8proc_encode_char(c, b);
        for (utf8proc_ssize_t j = 0; j < nb; j++)
            if (!fold_put(&f, (char)b[j]))
                goto full;
    }
full:
    out[f.k] = '\0';
    return f.k;
}

int fr_heading_markup(const char *text, const fr_line *l)
{
    if (l->blank)
        return 0;
    const char *p = text + l->cs;
    size_t n = l->ce - l->cs;
    int m = 0;
    if (n && p[0] == '#')
        m |= FR_HM_HASH;
    if (n >= 4 && p[0] == '*' && p[1] == '*' && p[n - 1] == '*' && p[n - 2] == '*')
        m |= FR_HM_BOLD;
    if (n && p[n - 1] == ':')
        m |= FR_HM_COLON;
    size_t upper = 0, lower = 0, digits = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if (fr_is_upper(c))
            upper++;
        else if (fr_is_lower(c))
            lower++;
        else if (fr_is_digit(c))
            digits++;
    }
    /* "ISO/IEC 27001" is no heading, nor is a list item that ends as a sentence does: "MBA." */
    char last = n ? p[n - 1] : '\0';
    if (upper >= 3 && lower == 0 && digits == 0 && last != '.' && last != ',' && last != ';' && last != '!' &&
        last != '?')
        m |= FR_HM_CAPS;
    return m;
}

int fr_heading_marked(const char *text, const fr_line *l)
{
    return l->bullet ? 0 : fr_heading_markup(text, l) != 0;
}

int fr_ends_sentence(const char *text, const fr_line *l)
{
    if (l->ce == l->cs)
        return 0;
    char c = text[l->ce - 1];
    return c == '.' || c == '!' || c == '?' || c == ';' || c == ':';
}

int fr_starts_lower(const char *text, const fr_line *l)
{
    if (l->ce == l->cs)
        return 0;
    unsigned char c = (unsigned char)text[l->cs];
    if (fr_is_lower(c) || fr_is_digit(c) || c == '(' || c == '&')
        return 1;
    if (c >= 0x80) {
        utf8proc_int32_t cp;
        if (utf8proc_iterate((const utf8proc_uint8_t *)text + l->cs, (utf8proc_ssize_t)(l->ce - l->cs), &cp) > 0)
            return utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
    }
    return 0;
}

/* Abbreviations after which a '.' does not end a sentence. */
static int abbreviation(const char *text, size_t s, size_t dot)
{
    static const char *const abbr[] = {"e.g", "i.e", "etc", "incl", "approx", "z.b", "u.a", "bzw", "ca", "dr",
                                       "prof", "mr", "mrs", "ms", "vs", "b.s", "m.s", "b.a", "m.a", "ph.d", "st",
                                       "inc", "ltd", "corp", "no", "nr", "jr", "sr", "min", "max", "mind", "evtl",
                                       "ggf", "usw", "d.h", "sog", "vgl", "bspw", "u.s", "b.sc", "m.sc", "dipl",
                                       "ing", "co", "resp", "fig", "esp", "al", NULL};
    size_t b = dot;
    while (b > s && text[b - 1] != ' ' && text[b - 1] != '\n' && text[b - 1] != '(' && text[b - 1] != '\t')
        b--;
    size_t n = dot - b;
    if (n == 1)
        return 1; /* an initial: "J. Smith" */
    char w[16];
    if (n == 0 || n >= sizeof w)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)text[b + i];
        w[i] = fr_to_lower(c);
    }
    w[n] = '\0';
    for (int i = 0; abbr[i]; i++)
        if (strcmp(w, abbr[i]) == 0)
            return 1;
    return 0;
}

void fr_sentences(const char *text, size_t s, size_t e, void (*fn)(void *, size_t, size_t), void *ctx)
{
    size_t start = s;
    for (size_t i = s; i < e; i++) {
        char c = text[i];
        if (c != '.' && c != '!' && c != '?')
            continue;
        size_t j = i + 1;
        while (j < e && (text[j] == ')' || text[j] == '"' || text[j] == '\''))
            j++;
        if (j >= e || !(is_blank(text[j]) || text[j] == '\n'))
            continue;
        size_t k = j;
        while (k < e && (is_blank(text[k]) || text[k] == '\n'))
            k++;
        if (k >= e)
            break;
        unsigned char nx = (unsigned char)text[k];
        int capital = fr_is_upper(nx) || fr_is_digit(nx) || nx == '"' || nx == '(' || nx >= 0xC3;
        if (!capital || (c == '.' && abbreviation(text, start, i)))
            continue;
        size_t a = start, b = j;
        while (a < b && (is_blank(text[a]) || text[a] == '\n'))
            a++;
        if (b > a)
            fn(ctx, a, b);
        start = k;
    }
    size_t a = start, b = e;
    while (a < b && (is_blank(text[a]) || text[a] == '\n'))
        a++;
    while (b > a && (is_blank(text[b - 1]) || text[b - 1] == '\n'))
        b--;
    if (b > a)
        fn(ctx, a, b);
}
