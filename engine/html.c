/* engine/html.c — tag stripping with a source map, entity decoding, JSON-LD extraction. */
#include "engine/html.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "util/ascii.h"

static const char *const block_tags[] = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
                                         "tr", "td", "th", "table", "section", "article", "header", "footer",
                                         "hr", "dt", "dd", "dl", "blockquote", "pre", "title", "main", "nav",
                                         "aside", "form", NULL};

static const struct {
    const char *name;
    uint32_t cp;
} entities[] = {{"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}, {"nbsp", ' '},
                {"ndash", 0x2013}, {"mdash", 0x2014}, {"bull", 0x2022}, {"middot", 0xB7}, {"hellip", 0x2026},
                {"rsquo", 0x2019}, {"lsquo", 0x2018}, {"rdquo", 0x201D}, {"ldquo", 0x201C}, {"uuml", 0xFC},
                {"ouml", 0xF6}, {"auml", 0xE4}, {"Uuml", 0xDC}, {"Ouml", 0xD6}, {"Auml", 0xC4}, {"szlig", 0xDF},
                {"eacute", 0xE9}, {"egrave", 0xE8}, {"euro", 0x20AC}, {"copy", 0xA9}, {"reg", 0xAE},
                {"trade", 0x2122}, {"times", 0xD7}, {"shy", 0xAD}, {"zwnj", 0x200C}, {"bdquo", 0x201E},
                {"sbquo", 0x201A}, {"laquo", 0xAB}, {"raquo", 0xBB}, {"lsaquo", 0x2039}, {"rsaquo", 0x203A},
                {"ensp", 0x2002}, {"emsp", 0x2003}, {"thinsp", 0x2009}, {"minus", 0x2212}, {"deg", 0xB0},
                {"sect", 0xA7}, {"para", 0xB6}, {"cent", 0xA2}, {"pound", 0xA3}, {"yen", 0xA5}, {"frac12", 0xBD},
                {"frac14", 0xBC}, {"frac34", 0xBE}, {"agrave", 0xE0}, {"aacute", 0xE1}, {"acirc", 0xE2},
                {"atilde", 0xE3}, {"aring", 0xE5}, {"aelig", 0xE6}, {"ccedil", 0xE7}, {"ecirc", 0xEA},
                {"euml", 0xEB}, {"igrave", 0xEC}, {"iacute", 0xED}, {"icirc", 0xEE}, {"iuml", 0xEF},
                {"ntilde", 0xF1}, {"ograve", 0xF2}, {"oacute", 0xF3}, {"ocirc", 0xF4}, {"otilde", 0xF5},
                {"oslash", 0xF8}, {"ugrave", 0xF9}, {"uacute", 0xFA}, {"ucirc", 0xFB}, {"yacute", 0xFD},
                {"Eacute", 0xC9}, {"Egrave", 0xC8}, {"Ccedil", 0xC7}, {"Ntilde", 0xD1}, {"Oslash", 0xD8},
                {"Aring", 0xC5}, {"AElig", 0xC6}, {"dagger", 0x2020}, {"permil", 0x2030}, {"prime", 0x2032},
                {"larr", 0x2190}, {"rarr", 0x2192}, {"hearts", 0x2665}, {"check", 0x2713}, {NULL, 0}};

static fr_status put(fr_buf *t, fr_u32vec *ss, fr_u32vec *se, const char *p, size_t n, size_t a, size_t b)
{
    if (fr_buf_append(t, p, n) != FR_OK)
        return FR_ENOMEM;
    for (size_t i = 0; i < n; i++)
        if (fr_u32vec_push(ss, (uint32_t)a) != FR_OK || fr_u32vec_push(se, (uint32_t)b) != FR_OK)
            return FR_ENOMEM;
    return FR_OK;
}

/* Tag name at p (after '<' and an optional '/'), lower-cased into name. */
static size_t tag_name(const char *p, const char *end, char *name, size_t cap)
{
    size_t k = 0;
    while (p + k < end && (fr_is_alnum((unsigned char)p[k]) || p[k] == '-') && k + 1 < cap) {
        name[k] = fr_to_lower((unsigned char)p[k]);
        k++;
    }
    name[k] = '\0';
    return k;
}

static int is_block(const char *name)
{
    for (int i = 0; block_tags[i]; i++)
        if (strcmp(name, block_tags[i]) == 0)
            return 1;
    return 0;
}

/* Find "</name" case-insensitively from p. */
static const char *find_close(const char *p, const char *end, const char *name)
{
    size_t nl = strlen(name);
    for (; p + nl + 2 <= end; p++)
        if (p[0] == '<' && p[1] == '/' && strncasecmp(p + 2, name, nl) == 0)
            return p;
    return end;
}

fr_status fr_html_text(const char *h, size_t n, fr_buf *t, fr_u32vec *ss, fr_u32vec *se)
{
    const char *end = h + n;
    size_t i = 0;
    while (i < n) {
        char c = h[i];
        if (c == '<') {
            if (i + 4 <= n && memcmp(h + i, "<!--", 4) == 0) {
                const char *q = strstr(h + i + 4, "-->");
                i = q && q < end ? (size_t)(q - h) + 3 : n;
                continue;
            }
            int closing = i + 1 < n && h[i + 1] == '/';
            char name[16];
            tag_name(h + i + 1 + closing, end, name, sizeof name);
            const char *gt = memchr(h + i, '>', n - i);
            size_t after = gt ? (size_t)(gt - h) + 1 : n;
            if (!closing && (strcmp(name, "script") == 0 || strcmp(name, "style") == 0 || strcmp(name, "head") == 0 ||
                             strcmp(name, "noscript") == 0 || strcmp(name, "template") == 0)) {
                const char *cl = find_close(h + after, end, name);
                const char *g2 = cl < end ? memchr(cl, '>', (size_t)(end - cl)) : NULL;
                i = g2 ? (size_t)(g2 - h) + 1 : n;
                continue;
            }
            if (is_block(name)) {
                if (put(t, ss, se, "\n", 1, i, i) != FR_OK)
                    return FR_ENOMEM;
                if (!closing && strcmp(name, "li") == 0 &&
                    put(t, ss, se, "\xE2\x80\xA2 ", 4, after, after) != FR_OK)
                    return FR_ENOMEM;
            }
            i = after;
            continue;
        }
        if (c == '&') {
            const char *semi = memchr(h + i, ';', n - i < 12 ? n - i : 12);
            uint32_t cp = 0;
            if (semi) {
                size_t el = (size_t)(semi - h) - i - 1;
                const char *e = h + i + 1;
                if (el > 1 && e[0] == '#') {
                    char *stop;
                    unsigned long v = (e[1] == 'x' || e[1] == 'X') ? strtoul(e + 2, &stop, 16) : strtoul(e + 1, &stop, 10);
                    if (stop == semi && v > 0 && v < 0x110000 && !(v >= 0xD800 && v < 0xE000))
                        cp = (uint32_t)v;
                } else {
                    for (int k = 0; entities[k].name; k++)
                        if (strlen(entities[k].name) == el && memcmp(entities[k].name, e, el) == 0)
                            cp = entities[k].cp;
                }
            }
            if (cp) {
                utf8proc_uint8_t enc[4];
                utf8proc_ssize_t l = utf8proc_encode_char((utf8proc_int32_t)cp, enc);
                size_t b = (size_t)(semi - h) + 1;
                if (put(t, ss, se, (const char *)enc, (size_t)l, i, b) != FR_OK)
                    return FR_ENOMEM;
                i = b;
                continue;
            }
        }
        /* a run of plain bytes maps 1:1 */
        size_t j = i;
        while (j < n && h[j] != '<' && h[j] != '&')
            j++;
        if (j == i)
            j = i + 1;
        if (fr_buf_append(t, h + i, j - i) != FR_OK)
            return FR_ENOMEM;
        for (size_t k = i; k < j; k++)
            if (fr_u32vec_push(ss, (uint32_t)k) != FR_OK || fr_u32vec_push(se, (uint32_t)(k + 1)) != FR_OK)
                return FR_ENOMEM;
        i = j;
    }
    return FR_OK;
}

int fr_html_jsonld(const char *h, size_t n, int (*fn)(void *, const char *, size_t), void *ctx)
{
    const char *end = h + n;
    for (const char *p = h; p + 7 < end; p++) {
        if (p[0] != '<' || strncasecmp(p + 1, "script", 6) != 0)
            continue;
        const char *gt = memchr(p, '>', (size_t)(end - p));
        if (!gt)
            break;
        int ld = 0;
        for (const char *q = p; q + 19 <= gt; q++)
            if (strncasecmp(q, "application/ld+json", 19) == 0)
                ld = 1;
        const char *cl = find_close(gt + 1, end, "script");
        if (ld) {
            int r = fn(ctx, gt + 1, (size_t)(cl - gt - 1));
            if (r)
                return r;
        }
        if (cl >= end)
            break; /* p++ would point past the end */
        p = cl;
    }
    return 0;
}
