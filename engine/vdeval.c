/* engine/vdeval.c — the verdict figures (definitions in engine/vdeval.h). */
#include "engine/vdeval.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "engine/document.h"

int fr_v_status_parse(const char *name)
{
    static const char *const names[] = {"met", "partial", "unknown", "missing"};
    for (int i = 0; i < 4; i++)
        if (strcmp(name, names[i]) == 0)
            return i;
    return -1;
}

/* ------------------------------------------------------------ word sets */

typedef struct {
    char *buf;        /* the lower-cased words, NUL-separated */
    const char **w;   /* sorted, unique */
    size_t n;
} wordset;

static int cmp_str(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

/* Words = runs of letters and digits (Unicode categories L and N), lower-cased. */
static int wordset_of(const char *s, wordset *ws)
{
    size_t n = strlen(s);
    ws->buf = malloc(4 * n + 2);
    ws->w = malloc((n / 2 + 1) * sizeof *ws->w);
    ws->n = 0;
    if (!ws->buf || !ws->w)
        return 0;
    size_t k = 0, i = 0;
    int in = 0;
    while (i < n) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t l = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (l <= 0) { /* invalid byte: a separator */
            i++;
            cp = ' ';
        } else
            i += (size_t)l;
        utf8proc_category_t c = utf8proc_category(cp);
        int word = (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
                   (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO);
        if (word) {
            if (!in)
                ws->w[ws->n++] = ws->buf + k;
            in = 1;
            k += (size_t)utf8proc_encode_char(utf8proc_tolower(cp), (utf8proc_uint8_t *)ws->buf + k);
        } else if (in) {
            ws->buf[k++] = '\0';
            in = 0;
        }
    }
    ws->buf[k] = '\0';
    qsort(ws->w, ws->n, sizeof *ws->w, cmp_str);
    size_t u = 0;
    for (size_t j = 0; j < ws->n; j++)
        if (!u || strcmp(ws->w[u - 1], ws->w[j]) != 0)
            ws->w[u++] = ws->w[j];
    ws->n = u;
    return 1;
}

static void wordset_free(wordset *ws)
{
    free(ws->buf);
    free(ws->w);
}

static double jaccard(const wordset *a, const wordset *b)
{
    size_t i = 0, j = 0, both = 0;
    while (i < a->n && j < b->n) {
        int c = strcmp(a->w[i], b->w[j]);
        both += c == 0;
        i += c <= 0;
        j += c >= 0;
    }
    size_t uni = a->n + b->n - both;
    return uni ? (double)both / (double)uni : 0.0;
}

double fr_vdeval_overlap(const char *a, const char *b)
{
    wordset x = {0}, y = {0};
    double r = wordset_of(a, &x) && wordset_of(b, &y) ? jaccard(&x, &y) : 0.0;
    wordset_free(&x);
    wordset_free(&y);
    return r;
}

/* ------------------------------------------------------------ evidence */

/* Whitespace runs to one space, trimmed (malloc'd). */
static char *collapse(const char *s)
{
    size_t n = strlen(s);
    char *o = malloc(n + 1);
    if (o)
        fr_collapse_ws_to(o, s, n);
    return o;
}

/* Bytes of the first `chars` characters of s. */
static size_t prefix_bytes(const char *s, size_t chars)
{
    size_t i = 0;
    for (size_t c = 0; s[i] && c < chars; c++) {
        i++;
        while (((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
    }
    return i;
}

static int contains_n(const char *hay, const char *needle, size_t n)
{
    if (!n)
        return 1;
    for (const char *p = hay; (p = strchr(p, needle[0])) != NULL; p++)
        if (strncmp(p, needle, n) == 0)
            return 1;
    return 0;
}

int fr_vdeval_evidence_hit(const char *quote, const char *evidence)
{
    if (!quote || !*quote || !evidence || !*evidence)
        return 0;
    char *q = collapse(quote), *e = collapse(evidence);
    int hit = 0;
    if (q && e) {
        e[prefix_bytes(e, 300)] = '\0';
        size_t q40 = prefix_bytes(q, 40), e40 = prefix_bytes(e, 40);
        hit = (*q && contains_n(e, q, q40)) || (*e && contains_n(q, e, e40));
        if (!hit) {
            size_t words = 0, found = 0;
            for (char *t = q; *t;) {
                char *sp = strchr(t, ' ');
                size_t l = sp ? (size_t)(sp - t) : strlen(t);
                words++;
                found += contains_n(e, t, l) != 0;
                t += l + (sp != NULL);
            }
            hit = words && 2 * found >= words;
        }
    }
    free(q);
    free(e);
    return hit;
}

/* ------------------------------------------------------------ one pair */

fr_status fr_vdeval_pair(fr_vdeval *e, const fr_vitem *reader, size_t nr, const fr_vitem *sys, size_t ns, int sys_gate,
                         long *align, fr_error *err)
{
    wordset *sw = calloc(ns + 1, sizeof *sw);
    char **sc = calloc(ns + 1, sizeof *sc);
    unsigned char *used = calloc(ns + 1, 1);
    fr_status st = FR_OK;
    if (!sw || !sc || !used)
        st = FR_ENOMEM;
    for (size_t j = 0; st == FR_OK && j < ns; j++)
        if (!wordset_of(sys[j].text, &sw[j]) || !(sc[j] = collapse(sys[j].text)))
            st = FR_ENOMEM;
    int reader_gate = 1;
    for (size_t i = 0; st == FR_OK && i < nr; i++) {
        const fr_vitem *r = &reader[i];
        if (r->required && r->status == FR_V_MISSING)
            reader_gate = 0;
        e->reader_items++;
        if (r->status == FR_V_MISSING)
            e->reader_missing++;
        else
            e->reader_not_missing++;
        wordset rw = {0};
        char *rc = collapse(r->text);
        if (!rc || !wordset_of(r->text, &rw)) {
            free(rc);
            wordset_free(&rw);
            st = FR_ENOMEM;
            break;
        }
        long best = -1;
        double bs = 0;
        for (size_t j = 0; j < ns; j++) {
            if (used[j])
                continue;
            if (strcmp(sc[j], rc) == 0) { /* an exact match wins */
                best = (long)j;
                bs = 2;
                break;
            }
            double o = jaccard(&rw, &sw[j]);
            if (o > bs) {
                bs = o;
                best = (long)j;
            }
        }
        free(rc);
        wordset_free(&rw);
        if (best < 0 || bs < 0.6) {
            if (align)
                align[i] = -1;
            if ((unsigned)r->status < 4)
                e->unaligned[r->status]++;
            continue;
        }
        if (align)
            align[i] = best;
        used[best] = 1;
        const fr_vitem *s = &sys[best];
        fr_vcount *cs[2] = {&e->all, (unsigned)s->kind < FR_KIND_COUNT ? &e->kind[s->kind] : &e->kind[0]};
        int hit = -1;
        if ((r->status == FR_V_MET || r->status == FR_V_PARTIAL) && r->evidence && *r->evidence)
            hit = fr_vdeval_evidence_hit(r->evidence, s->evidence);
        for (int k = 0; k < 2; k++) {
            fr_vcount *c = cs[k];
            c->aligned++;
            c->correct += s->status == r->status;
            c->false_missing += s->status == FR_V_MISSING && r->status != FR_V_MISSING;
            if ((unsigned)r->status < 4 && (unsigned)s->status < 4)
                c->conf[r->status][s->status]++;
            if (hit >= 0) {
                c->ev_n++;
                c->ev_hit += (size_t)hit;
            }
        }
        e->missing_both += s->status == FR_V_MISSING && r->status == FR_V_MISSING;
    }
    if (st == FR_OK) {
        e->pairs++;
        e->gate_agree += reader_gate == (sys_gate != 0);
    }
    for (size_t j = 0; sw && j < ns; j++) {
        wordset_free(&sw[j]);
        free(sc ? sc[j] : NULL);
    }
    free(sw);
    free(sc);
    free(used);
    return st == FR_OK ? FR_OK : fr_fail(err, FR_ENOMEM, "out of memory");
}
