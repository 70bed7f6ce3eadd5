/* engine/csv.c — RFC 4180 records, located in place (see csv.h). */
#include "engine/csv.h"

#include <string.h>

#include "util/ascii.h"

fr_status fr_csv_next(const char *s, size_t n, size_t *pos, fr_csv_rec *rec, int *got, size_t *rec_start,
                      size_t *bad_at)
{
    size_t i = *pos;
    rec->start.n = rec->len.n = rec->quoted.n = 0;
    /* skip blank lines between records */
    while (i < n && (s[i] == '\n' || s[i] == '\r'))
        i++;
    *rec_start = i;
    if (i >= n) {
        *got = 0;
        *pos = n;
        return FR_OK;
    }
    for (;;) {
        size_t fs = i;
        int quoted = 0;
        if (i < n && s[i] == '"') {
            quoted = 1;
            size_t q = i++;
            for (;;) {
                if (i >= n) {
                    *bad_at = q;
                    return FR_EFORMAT;
                }
                if (s[i] == '"') {
                    if (i + 1 < n && s[i + 1] == '"') {
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                i++;
            }
            /* text after the closing quote up to the delimiter is kept, as Python's csv does */
            while (i < n && s[i] != ',' && s[i] != '\n' && s[i] != '\r')
                i++;
        } else {
            while (i < n && s[i] != ',' && s[i] != '\n' && s[i] != '\r')
                i++;
        }
        if (fr_u32vec_push(&rec->start, (uint32_t)fs) != FR_OK || fr_u32vec_push(&rec->len, (uint32_t)(i - fs)) != FR_OK ||
            fr_u32vec_push(&rec->quoted, (uint32_t)quoted) != FR_OK)
            return FR_ENOMEM;
        if (i < n && s[i] == ',') {
            i++;
            continue;
        }
        if (i < n && s[i] == '\r')
            i++;
        if (i < n && s[i] == '\n')
            i++;
        break;
    }
    *pos = i;
    *got = 1;
    return FR_OK;
}

fr_status fr_csv_field(const char *s, const fr_csv_rec *rec, size_t f, fr_buf *b)
{
    const char *p = s + rec->start.v[f];
    size_t n = rec->len.v[f];
    if (!rec->quoted.v[f])
        return fr_buf_append(b, p, n);
    size_t i = 1;
    while (i < n) {
        if (p[i] == '"') {
            if (i + 1 < n && p[i + 1] == '"') {
                if (fr_buf_putc(b, '"') != FR_OK)
                    return FR_ENOMEM;
                i += 2;
                continue;
            }
            /* closing quote: keep any trailing text as-is */
            return fr_buf_append(b, p + i + 1, n - i - 1);
        }
        if (fr_buf_putc(b, p[i]) != FR_OK)
            return FR_ENOMEM;
        i++;
    }
    return FR_OK;
}

/* Field f, unquoted as fr_csv_field gives it, equals name[0..len)?  Read in place, so that an
 * allocation failure can never pass for "no such column". */
static int field_is(const char *s, const fr_csv_rec *rec, size_t f, const char *name, size_t len, int icase)
{
    const char *p = s + rec->start.v[f];
    size_t n = rec->len.v[f], i = 0, k = 0;
    int in_quotes = 0;
    if (rec->quoted.v[f]) {
        i = 1;
        in_quotes = 1;
    }
    for (; i < n; i++, k++) {
        char c = p[i];
        if (in_quotes && c == '"') {
            if (i + 1 < n && p[i + 1] == '"')
                i++; /* "" is one quote */
            else {
                in_quotes = 0; /* closing quote: trailing text as-is */
                k--;
                continue;
            }
        }
        if (k >= len || (icase ? fr_to_lower((unsigned char)c) != fr_to_lower((unsigned char)name[k]) : c != name[k]))
            return 0;
    }
    return k == len;
}

long fr_csv_find(const char *s, const fr_csv_rec *rec, const char *name, size_t len, int icase)
{
    for (size_t f = 0; f < rec->start.n; f++)
        if (field_is(s, rec, f, name, len, icase))
            return (long)f;
    return -1;
}

void fr_csv_rec_free(fr_csv_rec *rec)
{
    fr_u32vec_free(&rec->start);
    fr_u32vec_free(&rec->len);
    fr_u32vec_free(&rec->quoted);
}
