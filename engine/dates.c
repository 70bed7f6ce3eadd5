/* engine/dates.c — a small scanner for date atoms (month names, numeric months, years, "present",
 * separators) and the patterns ranges make of them. */
#include "engine/dates.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "util/ascii.h"

typedef enum { A_DATE, A_PRESENT, A_SEP, A_SINCE, A_EXPECTED } akind;

typedef struct {
    akind kind;
    fr_ym d;
    size_t s, e;
} atom;

static const struct {
    const char *name;
    int month;
} months[] = {{"january", 1}, {"jan", 1}, {"januar", 1}, {"jänner", 1}, {"february", 2}, {"feb", 2},
              {"februar", 2}, {"march", 3}, {"mar", 3}, {"märz", 3}, {"mär", 3}, {"maerz", 3}, {"april", 4},
              {"apr", 4}, {"may", 5}, {"mai", 5}, {"june", 6}, {"jun", 6}, {"juni", 6}, {"july", 7}, {"jul", 7},
              {"juli", 7}, {"august", 8}, {"aug", 8}, {"september", 9}, {"sep", 9}, {"sept", 9}, {"october", 10},
              {"oct", 10}, {"oktober", 10}, {"okt", 10}, {"november", 11}, {"nov", 11}, {"december", 12},
              {"dec", 12}, {"dezember", 12}, {"dez", 12}, {NULL, 0}};

static const char *const present_words[] = {"present", "current", "now", "today", "ongoing", "heute", "jetzt",
                                            "aktuell", "dato", "date", "laufend", NULL};

/* The words above and scan_atoms's own ("to", "bis", "seit", "expected", ...), each list by first
 * letter: bit L of a letter's entry is set when a word of the list begins with it and has L bytes.
 * A word whose entry lacks its length is none of the list's — most words of a dated line, which
 * then skip the list's comparisons (fr_dates_words_indexed holds the tables to the lists). */
static const uint16_t month_lengths[26] = {
    /* a */ 0x68, /* b */ 0x0, /* c */ 0x0, /* d */ 0x108, /* e */ 0x0, /* f */ 0x188, /* g */ 0x0,
    /* h */ 0x0, /* i */ 0x0, /* j */ 0xd8, /* k */ 0x0, /* l */ 0x0, /* m */ 0x38, /* n */ 0x108,
    /* o */ 0x88, /* p */ 0x0, /* q */ 0x0, /* r */ 0x0, /* s */ 0x218, /* t */ 0x0, /* u */ 0x0,
    /* v */ 0x0, /* w */ 0x0, /* x */ 0x0, /* y */ 0x0, /* z */ 0x0};
static const uint16_t present_lengths[26] = {
    /* a */ 0x80, /* b */ 0x0, /* c */ 0x80, /* d */ 0x10, /* e */ 0x0, /* f */ 0x0, /* g */ 0x0,
    /* h */ 0x20, /* i */ 0x0, /* j */ 0x20, /* k */ 0x0, /* l */ 0x80, /* m */ 0x0, /* n */ 0x8,
    /* o */ 0x80, /* p */ 0x80, /* q */ 0x0, /* r */ 0x0, /* s */ 0x0, /* t */ 0x20, /* u */ 0x0,
    /* v */ 0x0, /* w */ 0x0, /* x */ 0x0, /* y */ 0x0, /* z */ 0x0};
static const uint16_t other_lengths[26] = {
    /* a */ 0x800, /* b */ 0x8, /* c */ 0x0, /* d */ 0x0, /* e */ 0x100, /* f */ 0x0, /* g */ 0x0,
    /* h */ 0x0, /* i */ 0x0, /* j */ 0x0, /* k */ 0x0, /* l */ 0x0, /* m */ 0x0, /* n */ 0x0,
    /* o */ 0x0, /* p */ 0x0, /* q */ 0x0, /* r */ 0x0, /* s */ 0x30, /* t */ 0x14, /* u */ 0x20,
    /* v */ 0x8000, /* w */ 0x0, /* x */ 0x0, /* y */ 0x0, /* z */ 0x0};

static const char *const other_words[] = {"to", "bis", "until", "till", "seit", "since", "expected",
                                          "voraussichtlich", "anticipated", NULL};

/* w (lower case, wl bytes) may be a word of the list whose table is t */
static int may_be(const uint16_t *t, const char *w, size_t wl)
{
    unsigned c = (unsigned char)w[0] - 'a';
    return c < 26 && wl < 16 && (t[c] >> wl & 1);
}

int fr_dates_words_indexed(void)
{
    for (int m = 0; months[m].name; m++)
        if (!may_be(month_lengths, months[m].name, strlen(months[m].name)))
            return 0;
    for (int p = 0; present_words[p]; p++)
        if (!may_be(present_lengths, present_words[p], strlen(present_words[p])))
            return 0;
    for (int p = 0; other_words[p]; p++)
        if (!may_be(other_lengths, other_words[p], strlen(other_words[p])))
            return 0;
    return 1;
}

static int year_ok(long y) { return y >= 1950 && y <= 2100; }

/* w: the NUL-terminated lower-cased word of n bytes (no NUL inside) */
static int word_eq(const char *w, size_t n, const char *lit)
{
    (void)n;
    return w[0] == lit[0] && strcmp(w, lit) == 0;
}

static size_t scan_atoms(const char *t, size_t n, atom *out, size_t cap)
{
    size_t k = 0, i = 0;
    while (i < n && k < cap) {
        unsigned char c = (unsigned char)t[i];
        if (fr_is_digit(c)) {
            size_t j = i;
            while (j < n && fr_is_digit((unsigned char)t[j]))
                j++;
            long a = strtol(t + i, NULL, 10);
            size_t dl = j - i;
            int before_ok = i == 0 || !fr_is_alnum((unsigned char)t[i - 1]);
            /* MM/YYYY, MM.YYYY, MM-YYYY */
            if (before_ok && dl <= 2 && a >= 1 && a <= 12 && j + 5 <= n && (t[j] == '/' || t[j] == '.' || t[j] == '-') &&
                fr_is_digit((unsigned char)t[j + 1]) && fr_is_digit((unsigned char)t[j + 4]) &&
                (j + 5 == n || !fr_is_digit((unsigned char)t[j + 5]))) {
                long y = strtol(t + j + 1, NULL, 10);
                if (year_ok(y)) {
                    out[k++] = (atom){A_DATE, {(int)y, (int)a}, i, j + 5};
                    i = j + 5;
                    continue;
                }
            }
            if (before_ok && dl == 4 && year_ok(a) && (j == n || !fr_is_alpha((unsigned char)t[j]))) {
                /* YYYY-MM or YYYY/MM */
                if (j + 3 <= n && (t[j] == '-' || t[j] == '/') && fr_is_digit((unsigned char)t[j + 1]) &&
                    fr_is_digit((unsigned char)t[j + 2]) && (j + 3 == n || !fr_is_digit((unsigned char)t[j + 3]))) {
                    long m = strtol(t + j + 1, NULL, 10);
                    if (m >= 1 && m <= 12) {
                        out[k++] = (atom){A_DATE, {(int)a, (int)m}, i, j + 3};
                        i = j + 3;
                        continue;
                    }
                }
                out[k++] = (atom){A_DATE, {(int)a, 0}, i, j};
            }
            i = j;
            continue;
        }
        /* separators: - – — */
        if (c == '-' || (c == 0xE2 && i + 2 < n && (unsigned char)t[i + 1] == 0x80 &&
                         ((unsigned char)t[i + 2] == 0x93 || (unsigned char)t[i + 2] == 0x94))) {
            size_t l = c == '-' ? 1 : 3;
            out[k++] = (atom){A_SEP, {0, 0}, i, i + l};
            i += l;
            continue;
        }
        if (fr_is_alpha(c) || c >= 0xC3) {
            size_t j = i;
            char w[24];
            size_t wl = 0;
            while (j < n && (fr_is_alpha((unsigned char)t[j]) || (unsigned char)t[j] >= 0x80)) {
                if (wl < sizeof w - 1)
                    w[wl++] = fr_to_lower((unsigned char)t[j]);
                j++;
            }
            w[wl] = '\0';
            if (j - i >= sizeof w - 1) { /* a longer word is none of ours ("voraussichtliche…") */
                i = j;
                continue;
            }
            int month = may_be(month_lengths, w, wl), present = may_be(present_lengths, w, wl),
                other = may_be(other_lengths, w, wl);
            if (!month && !present && !other) { /* none of the words below */
                i = j;
                continue;
            }
            size_t end = j < n && t[j] == '.' ? j + 1 : j;
            int handled = 0;
            for (int m = 0; month && months[m].name; m++) {
                if (!word_eq(w, wl, months[m].name))
                    continue;
                /* a month name must be followed by a year: "Jan 2019", "Jan. 2019", "January, 2019" */
                size_t q = end;
                while (q < n && (t[q] == ' ' || t[q] == ',' || t[q] == '\t'))
                    q++;
                if (q + 4 <= n && fr_is_digit((unsigned char)t[q]) && fr_is_digit((unsigned char)t[q + 3]) &&
                    (q + 4 == n || !fr_is_digit((unsigned char)t[q + 4]))) {
                    long y = strtol(t + q, NULL, 10);
                    if (year_ok(y)) {
                        out[k++] = (atom){A_DATE, {(int)y, months[m].month}, i, q + 4};
                        i = q + 4;
                        handled = 1;
                    }
                }
                break;
            }
            if (handled)
                continue;
            int pres = 0;
            for (int p = 0; present && present_words[p]; p++)
                pres |= word_eq(w, wl, present_words[p]);
            if (pres && !(word_eq(w, wl, "date") && !(k && out[k - 1].kind == A_SEP)))
                out[k++] = (atom){A_PRESENT, {0, 0}, i, j};
            /* (each of these words is in other_words too: `other` lets it through) */
            else if (other &&
                     (word_eq(w, wl, "to") || word_eq(w, wl, "bis") || word_eq(w, wl, "until") || word_eq(w, wl, "till")))
                out[k++] = (atom){A_SEP, {0, 0}, i, j};
            else if (other && (word_eq(w, wl, "seit") || word_eq(w, wl, "since")))
                out[k++] = (atom){A_SINCE, {0, 0}, i, j};
            else if (other &&
                     (word_eq(w, wl, "expected") || word_eq(w, wl, "voraussichtlich") || word_eq(w, wl, "anticipated")))
                out[k++] = (atom){A_EXPECTED, {0, 0}, i, j};
            i = j;
            continue;
        }
        i++;
    }
    return k;
}

int fr_find_dates(const char *text, size_t n, fr_date_range *out)
{
    memset(out, 0, sizeof *out);
    /* every date has a year: a text without a digit has none (most lines of a résumé) */
    size_t d = 0;
#ifdef __SSE2__
    /* 16 bytes a step: '0'..'9' moved to -128 .. -119 (signed) */
    const __m128i shift = _mm_set1_epi8((char)(0x80 - '0')), end = _mm_set1_epi8((char)(-128 + 10));
    for (; d + 16 <= n; d += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(text + d));
        if (_mm_movemask_epi8(_mm_cmplt_epi8(_mm_add_epi8(v, shift), end)))
            break; /* a digit in these 16: found below */
    }
#endif
    while (d < n && !fr_is_digit((unsigned char)text[d]))
        d++;
    if (d == n)
        return 0;
    atom a[64];
    size_t k = scan_atoms(text, n, a, 64);
    for (size_t i = 0; i < k; i++) {
        if (a[i].kind == A_DATE && i + 2 < k + 0 && a[i + 1].kind == A_SEP &&
            (a[i + 2].kind == A_DATE || a[i + 2].kind == A_PRESENT)) {
            out->start = a[i].d;
            if (a[i + 2].kind == A_DATE) {
                out->end = a[i + 2].d;
                if (out->end.year < out->start.year)
                    continue;
            } else
                out->present = 1;
            out->s = a[i].s;
            out->e = a[i + 2].e;
            out->expected = i > 0 && a[i - 1].kind == A_EXPECTED;
            return 1;
        }
        if (a[i].kind == A_SINCE && i + 1 < k && a[i + 1].kind == A_DATE) {
            out->start = a[i + 1].d;
            out->present = 1;
            out->s = a[i].s;
            out->e = a[i + 1].e;
            return 1;
        }
        if (a[i].kind == A_DATE && i + 1 < k && a[i + 1].kind == A_SEP && (i + 2 >= k)) {
            /* "2019 –" at the end of a line: an open range */
            out->start = a[i].d;
            out->present = 1;
            out->s = a[i].s;
            out->e = a[i + 1].e;
            return 1;
        }
    }
    for (size_t i = 0; i < k; i++) {
        if (a[i].kind == A_DATE) {
            out->start = out->end = a[i].d;
            out->s = a[i].s;
            out->e = a[i].e;
            out->expected = (i > 0 && a[i - 1].kind == A_EXPECTED);
            return 1;
        }
    }
    return 0;
}

int fr_ym_index(fr_ym d, int is_end)
{
    int m = d.month ? d.month : (is_end ? 12 : 1);
    return d.year * 12 + (m - 1);
}
