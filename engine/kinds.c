/* engine/kinds.c — word tables for kinds, fields of study, languages and soft/logistic concepts.
 *
 * The tables are general vocabulary (English and German), not phrases of any labelled posting.
 * Sources: fields of study follow ISCED-F 2013 (UNESCO) broad and narrow fields; proficiency
 * levels follow the CEFR (Council of Europe) and the wording German CVs use for it (Grundkenntnisse
 * A1–A2, gute Kenntnisse B1–B2, sehr gut / fließend / verhandlungssicher C1, Muttersprache);
 * soft skills follow ESCO's transversal skills (communication, collaboration, self-management,
 * thinking skills), logistics the conditions job ads state besides qualifications. */
#include "engine/kinds.h"

#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "util/buf.h"
#include "util/sort.h"

const char *fr_kind_name(fr_kind k)
{
    static const char *const names[] = {"other", "education", "enrolment", "experience", "skill",
                                        "language", "certification", "soft", "logistics"};
    return (unsigned)k < FR_KIND_COUNT ? names[k] : "other";
}

int fr_kind_parse(const char *name)
{
    for (int k = 0; k < FR_KIND_COUNT; k++)
        if (strcmp(name, fr_kind_name((fr_kind)k)) == 0)
            return k;
    return -1;
}

/* ---------------------------------------------------------------- words */


static unsigned head_hash(unsigned a, unsigned b) { return fr_word_head(a, b); }

/* The head hash of pattern p's first word, or -1 when any word may start a match: a suffix pattern
 * ("*biologie") or a one-letter prefix ("x*"). */
static int pattern_head(const char *p)
{
    unsigned a = (unsigned char)p[0], b = (unsigned char)p[1];
    if (a == '*' || b == '*')
        return -1;
    if (b == ' ' || b == '\0')
        b = 0;
    return (int)head_hash(a, b);
}


/* The bytes of words: ASCII letters and digits, '+' and '#' (c++, c#), and all but ASCII. */
static const unsigned char word_table[256] = {
    ['0'] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    ['A'] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    ['a'] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    ['+'] = 1, ['#'] = 1,
    [0x80] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};

/* fr_words_of's lower case of s[0..n) into out (n bytes): ASCII capitals, and Ä Ö Ü. */
static void lower_words(const unsigned char *s, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        else if (c == 0xC3 && i + 1 < n && (s[i + 1] == 0x84 || s[i + 1] == 0x96 || s[i + 1] == 0x9C)) {
            out[i] = (char)c;
            out[i + 1] = (char)(s[i + 1] + 0x20); /* Ä Ö Ü → ä ö ü */
            i++;
            continue;
        }
        out[i] = (char)c;
    }
}

/* lower_words on s[i..) up to `stop` (a pair Ä may end past it, up to n): where it stopped. */
static size_t lower_some(const unsigned char *s, size_t n, char *out, size_t i, size_t stop)
{
    for (; i < stop; i++) {
        unsigned char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        else if (c == 0xC3 && i + 1 < n && (s[i + 1] == 0x84 || s[i + 1] == 0x96 || s[i + 1] == 0x9C)) {
            out[i] = (char)c;
            out[i + 1] = (char)(s[i + 1] + 0x20);
            i++;
            continue;
        }
        out[i] = (char)c;
    }
    return i;
}

/* lower_words, 16 bytes a step where no byte is 0xC3 (the first byte of Ä Ö Ü): the same bytes. */
static void lower_fast(const unsigned char *s, size_t n, char *out)
{
    size_t i = 0;
#ifdef __SSE2__
    const __m128i shift = _mm_set1_epi8((char)(0x80 - 'A')), upper_end = _mm_set1_epi8((char)(-128 + 26));
    const __m128i c3 = _mm_set1_epi8((char)0xC3), bit = _mm_set1_epi8(0x20);
    while (i + 16 <= n) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        if (_mm_movemask_epi8(_mm_cmpeq_epi8(v, c3))) {
            i = lower_some(s, n, out, i, i + 16);
            continue;
        }
        /* A-Z moved to -128 .. -103 (signed): below -102 is a capital */
        __m128i up = _mm_cmplt_epi8(_mm_add_epi8(v, shift), upper_end);
        _mm_storeu_si128((__m128i *)(void *)(out + i), _mm_add_epi8(v, _mm_and_si128(up, bit)));
        i += 16;
    }
#endif
    lower_some(s, n, out, i, n);
}

/* Bit k set when p[k] is a word byte (word_table), for the 16 bytes at p. */
static unsigned word_bits16(const unsigned char *p)
{
#ifdef __SSE2__
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
    const __m128i dshift = _mm_set1_epi8((char)(0x80 - '0')), dend = _mm_set1_epi8((char)(-128 + 10));
    const __m128i lshift = _mm_set1_epi8((char)(0x80 - 'a')), lend = _mm_set1_epi8((char)(-128 + 26));
    __m128i m = _mm_cmplt_epi8(v, _mm_setzero_si128()); /* 0x80 and above */
    m = _mm_or_si128(m, _mm_cmplt_epi8(_mm_add_epi8(v, dshift), dend));
    /* a letter of either case: with the case bit set, a-z */
    m = _mm_or_si128(m, _mm_cmplt_epi8(_mm_add_epi8(_mm_or_si128(v, _mm_set1_epi8(0x20)), lshift), lend));
    m = _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_set1_epi8('+')));
    m = _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_set1_epi8('#')));
    return (unsigned)_mm_movemask_epi8(m);
#else
    unsigned m = 0;
    for (unsigned k = 0; k < 16; k++)
        m |= (unsigned)word_table[p[k]] << k;
    return m;
#endif
}

/* Word bits (word_table) of the up to 64 bytes of s[0..n) from base on, bit k for s[base + k]. */
static inline uint64_t word_bits64(const unsigned char *s, size_t n, size_t base)
{
    uint64_t m = 0;
    size_t q = 0;
    for (; q < 64 && base + q + 16 <= n; q += 16)
        m |= (uint64_t)word_bits16(s + base + q) << q;
    for (; q < 64 && base + q < n; q++) /* the last bytes, fewer than 16 */
        m |= (uint64_t)word_table[s[base + q]] << q;
    return m;
}

/* The positions of w's words grouped by head (a counting sort: ascending within each group), so
 * that a pattern visits the words it may match only: w->by_head and w->head_start from the words'
 * heads, head_start[g + 1] holding group g's count on entry. */
static void group_words(fr_words *w)
{
    /* the positions grouped by head (a counting sort: ascending within each group), so that a
     * pattern visits the words it may match only */
#if defined(__SSE2__) && FR_WORD_GROUPS % 4 == 0
    /* the running sums four at a time (head_start[0] is 0): a chain of 16 steps, not of 64 */
    __m128i run = _mm_setzero_si128();
    for (size_t g = 0; g < FR_WORD_GROUPS; g += 4) {
        __m128i *p = (__m128i *)(void *)(w->head_start + g + 1);
        __m128i x = _mm_loadu_si128(p);
        x = _mm_add_epi32(x, _mm_slli_si128(x, 4));
        x = _mm_add_epi32(x, _mm_slli_si128(x, 8));
        x = _mm_add_epi32(x, run);
        _mm_storeu_si128(p, x);
        run = _mm_shuffle_epi32(x, 0xFF);
    }
#else
    for (size_t g = 0; g < FR_WORD_GROUPS; g++)
        w->head_start[g + 1] += w->head_start[g];
#endif
    uint32_t at[FR_WORD_GROUPS];
    memcpy(at, w->head_start, sizeof at);
    for (size_t k = 0; k < w->nw; k++)
        w->by_head[at[w->head[k] % FR_WORD_GROUPS]++] = (uint32_t)k;
}

static fr_status words_of(const char *text, size_t n, int groups, fr_words *out, fr_error *err)
{
    memset(out, 0, sizeof *out);
    /* one block: starts, lengths, groups and heads (at most a word per two bytes), then the text */
    size_t cap = n / 2 + 1;
    uint32_t *block = malloc(4 * cap * sizeof *block + n + 1 + FR_WORDS_PAD);
    if (!block)
        return fr_fail(err, FR_ENOMEM, "out of memory");
    uint32_t *hd = block + 3 * cap;
    out->head = hd;
    out->ws = block;
    out->wl = block + cap;
    out->by_head = block + 2 * cap;
    out->low = (char *)(block + 4 * cap);
    lower_fast((const unsigned char *)text, n, out->low);
    memset(out->low + n, 0, 1 + FR_WORDS_PAD);
    /* the words (runs of word bytes), each one's head: 64 bytes' word bits at a time, a word at
     * each pair of changes — a step per word, not per byte */
    const unsigned char *lo = (const unsigned char *)out->low;
    size_t start = 0;
    int in = 0;
    uint64_t carry = 0; /* the byte before this step's is a word byte */
    for (size_t base = 0; base < n; base += 64) {
        uint64_t m = 0; /* past the end, the NUL and the padding: no word bytes, and room to read */
        for (size_t q = 0; q < 64 && base + q < n; q += 16)
            m |= (uint64_t)word_bits16(lo + base + q) << q;
        uint64_t change = m ^ (m << 1 | carry);
        carry = m >> 63;
        for (; change; change &= change - 1) {
            size_t at = base + (size_t)__builtin_ctzll(change);
            if (!in) {
                start = at;
                in = 1;
                continue;
            }
            in = 0;
            unsigned h = head_hash(lo[start], at - start > 1 ? lo[start + 1] : 0);
            out->ws[out->nw] = (uint32_t)start;
            out->wl[out->nw] = (uint32_t)(at - start);
            hd[out->nw++] = h;
            out->heads[h / 64] |= (uint64_t)1 << (h % 64);
            out->head_start[h % FR_WORD_GROUPS + 1]++;
        }
    }
    if (in) { /* a word up to the end */
        unsigned h = head_hash(lo[start], n - start > 1 ? lo[start + 1] : 0);
        out->ws[out->nw] = (uint32_t)start;
        out->wl[out->nw] = (uint32_t)(n - start);
        hd[out->nw++] = h;
        out->heads[h / 64] |= (uint64_t)1 << (h % 64);
        out->head_start[h % FR_WORD_GROUPS + 1]++;
    }
    if (groups)
        group_words(out);
    else { /* no groups: no pattern search reads these words (fr_words_of_whole) */
        out->by_head = NULL;
        memset(out->head_start, 0, sizeof out->head_start);
    }
    return FR_OK;
}

fr_status fr_words_of(const char *text, size_t n, fr_words *out, fr_error *err)
{
    return words_of(text, n, 1, out, err);
}

fr_status fr_words_of_whole(const char *text, size_t n, fr_words *out, fr_error *err)
{
    return words_of(text, n, 0, out, err);
}

void fr_words_free(fr_words *w)
{
    free(w->ws); /* the one block */
    memset(w, 0, sizeof *w);
}

/* The first word of w that starts at or after byte x (offsets are 32-bit: a text's bytes fit). */
static size_t word_at(const fr_words *w, size_t x, size_t lo)
{
    return fr_u32_lower_bound(w->ws, (uint32_t)lo, (uint32_t)w->nw, x > UINT32_MAX ? UINT32_MAX : (uint32_t)x);
}

int fr_words_span(const fr_words *whole, size_t a, size_t b, size_t from, size_t *i0, size_t *i1)
{
    if (from > whole->nw)
        from = whole->nw;
    /* spans come in order, most often each where the last ended: the words from there, first */
    if (from > 0 && whole->ws[from - 1] >= a)
        from = 0;
    *i0 = from < whole->nw && whole->ws[from] >= a ? from : word_at(whole, a, from);
    size_t k = *i0; /* a span's few words: a walk, not a search */
    while (k < whole->nw && whole->ws[k] < b)
        k++;
    *i1 = k;
    /* a word cut by an end is another word in the span's text */
    if (*i0 > 0 && whole->ws[*i0 - 1] + whole->wl[*i0 - 1] > a)
        return 0;
    return !(*i1 > *i0 && whole->ws[*i1 - 1] + whole->wl[*i1 - 1] > b);
}

void fr_words_slice(const fr_words *whole, size_t i0, size_t i1, uint32_t *by_head, fr_words *out)
{
    memset(out, 0, sizeof *out);
    out->low = whole->low;
    out->ws = whole->ws + i0;
    out->wl = whole->wl + i0;
    out->head = whole->head + i0;
    out->nw = i1 - i0;
    out->by_head = by_head;
    /* fr_words_of's heads and groups, from the words' heads */
    const uint32_t *hd = out->head;
    for (size_t k = 0; k < out->nw; k++) {
        unsigned h = hd[k];
        out->heads[h / 64] |= (uint64_t)1 << (h % 64);
        out->head_start[h % FR_WORD_GROUPS + 1]++;
    }
    group_words(out);
}

size_t fr_words_match(const fr_words *w, size_t i, const char *pattern)
{
    if (pattern[0] == '*' && i < w->nw) { /* "*biologie": a German compound ending in it */
        size_t pl = strlen(pattern + 1), wl = w->wl[i];
        return wl > pl && memcmp(w->low + w->ws[i] + wl - pl, pattern + 1, pl) == 0;
    }
    /* most words fail on their first byte: the hot path of every table scan */
    if (i >= w->nw || w->low[w->ws[i]] != pattern[0])
        return 0;
    /* word by word, byte by byte: a pattern word ends at a space or the end, or at a '*' that
     * ends it (a prefix); a '*' inside a pattern word is a byte like any other (no word holds
     * one, so it never matches) */
    size_t k = 0;
    const char *p = pattern;
    for (;;) {
        if (i + k >= w->nw)
            return 0;
        const char *word = w->low + w->ws[i + k];
        size_t wl = w->wl[i + k], j = 0;
        while (j < wl && p[j] == word[j] && p[j] != ' ' && p[j] != '\0')
            j++;
        char c = p[j];
        if (c == '*' && (p[j + 1] == ' ' || p[j + 1] == '\0'))
            p += j + 1; /* prefix: the word begins with it */
        else if ((c == ' ' || c == '\0') && j == wl)
            p += j;
        else
            return 0;
        k++;
        while (*p == ' ')
            p++;
        if (!*p)
            return k;
    }
}

size_t fr_words_find_at(const fr_words *w, const char *pattern, size_t from, size_t *len)
{
    int h = pattern_head(pattern);
    size_t m;
    if (h >= 0 && !(w->heads[h / 64] >> (h % 64) & 1))
        return w->nw; /* no word has its head */
    if (h < 0 && pattern[0] == '*' && pattern[1]) { /* a suffix: fr_words_match's test, its length once */
        const char *suf = pattern + 1;
        size_t pl = strlen(suf);
        for (size_t i = from; i < w->nw; i++) {
            const char *x = w->low + w->ws[i];
            size_t wl = w->wl[i];
            if (wl > pl && x[wl - 1] == suf[pl - 1] && memcmp(x + wl - pl, suf, pl) == 0) {
                *len = 1;
                return i;
            }
        }
        return w->nw;
    }
    if (h < 0) {
        for (size_t i = from; i < w->nw; i++)
            if ((pattern[0] == '*' || w->low[w->ws[i]] == pattern[0]) && (m = fr_words_match(w, i, pattern))) {
                *len = m;
                return i;
            }
        return w->nw;
    }
    uint32_t a = w->head_start[h % FR_WORD_GROUPS], b = w->head_start[h % FR_WORD_GROUPS + 1];
    while (a < b && w->by_head[a] < from) /* groups are short: a scan, not a search */
        a++;
    for (; a < b; a++)
        if ((m = fr_words_match(w, w->by_head[a], pattern))) {
            *len = m;
            return w->by_head[a];
        }
    return w->nw;
}

int fr_words_any(const fr_words *w, const char *const *patterns)
{
    size_t m;
    for (const char *const *p = patterns; *p; p++)
        if (fr_words_find(w, *p, 0, &m) < w->nw)
            return 1;
    return 0;
}

/* ------------------------------------------------------------- concepts */

typedef struct {
    int bit;
    const char *name;
    const char *const *ask;    /* wording in a posting item */
    const char *const *claim;  /* wording in a résumé chunk; NULL = the same */
} concept;

#define L(...) ((const char *const[]){__VA_ARGS__, NULL})

static const concept concepts[] = {
    {0, "communication", L("communicat*", "kommunikat*", "verbal", "written and verbal", "verbal and written",
                           "schriftlich* und mündlich*", "mündlich* und schriftlich*", "articulate", "ausdrucksstark*",
                           "ausdrucksfähig*"),
     /* presenting to an audience shows it as well as naming it does */
     L("communicat*", "kommunikat*", "verbal", "written and verbal", "verbal and written", "schriftlich* und mündlich*",
       "mündlich* und schriftlich*", "articulate", "ausdrucksstark*", "ausdrucksfähig*", "presentation*", "presented",
       "präsentat*", "präsentiert*")},
    {1, "presentation", L("presentation", "presentations", "presenting", "present", "präsentat*", "public speaking"),
     L("presentation", "presentations", "presented", "presenting", "presenter", "präsentat*", "public speaking",
       "speaker", "vortr*", "keynote*")},
    {2, "interpersonal skills", L("interpersonal", "people skills", "zwischenmenschlich*", "kontaktfreud*",
                                  "empath*", "einfühlungsvermögen", "relationship building", "building relationships",
                                  "build relationships", "build strong relationships", "rapport"), NULL},
    {3, "teamwork", L("team player", "teamwork", "team work", "teamfähig*", "teamarbeit", "teamgeist", "teamorient*",
                      "collaborat*", "cooperat*", "kooperat*", "zusammenarbeit", "cross functional*",
                      "cross-functional*", "kollaborat*"),
     L("team player", "teamwork", "team work", "teamfähig*", "teamarbeit", "teamgeist", "teamorient*", "collaborat*",
       "cooperat*", "kooperat*", "zusammenarbeit", "cross functional*", "cross-functional*", "kollaborat*", "im team",
       "in a team", "in einem team", "as part of a team", "team oriented")},
    {4, "leadership", L("leadership", "lead teams", "leading teams", "führungsstärke", "führungskompetenz",
                        "führungsqualität*", "durchsetzungs*", "influence", "influencing", "motivate others",
                        "executive presence"),
     L("leadership", "led", "lead", "leading", "managed a team", "managed team", "team lead*", "teamleit*",
       "führung*", "influence*", "influencing", "supervised", "mentored", "coached")},
    {5, "organisation", L("organized", "organised", "organizational", "organisational", "organisationsta*",
                          "organisationsfähig*", "organisationstalent", "multitask*", "multi task*",
                          "multiple projects", "multiple priorities", "competing priorities", "prioritiz*",
                          "prioritis*", "time management", "zeitmanagement", "selbstmanagement",
                          "selbstorganisation"),
     L("organized", "organised", "organizational", "organisational", "organisationsta*", "organisationsfähig*",
       "multitask*", "multi task*", "multiple projects", "multiple high", "competing priorities", "prioritiz*",
       "prioritis*", "time management", "zeitmanagement", "selbstmanagement", "selbstorganisation")},
    {6, "analytical skills", L("analytical", "analytic", "analytisch*", "quantitative skills", "analytical thinking",
                               "critical thinking", "kritisch* denken", "logical thinking", "logisch* denken"),
     L("analytical", "analytic", "analytisch*", "analyzed", "analysed", "analyse*", "analyze*", "analysis",
       "kritisch* denken", "critical thinking")},
    {7, "problem solving", L("problem solving", "problem solver", "solve problems", "solving problems",
                             "problemlös*", "lösungsorient*", "troubleshoot*", "solution oriented",
                             "solutions oriented"),
     L("problem solving", "problem solver", "solved", "resolved", "resolve", "problemlös*", "lösungsorient*",
       "troubleshoot*", "solution oriented", "solutions oriented")},
    {8, "independence", L("independently", "independent", "self motivated", "self-motivated", "self directed",
                          "self starter", "self-starter", "initiative", "proactive*", "selbstständig*",
                          "selbständig*", "eigeninitiative", "eigenverantwort*", "eigenständig*", "autonomous*"),
     NULL},
    {9, "attention to detail", L("detail oriented", "detail-oriented", "attention to detail", "sorgfalt",
                                 "sorgfältig*", "gewissenhaft*", "genauigkeit", "genau", "meticulous*",
                                 "accurate", "accuracy", "detail orientated"), NULL},
    {10, "adaptability", L("fast paced", "fast-paced", "ambiguity", "ambiguous", "flexib*", "adaptab*",
                           "adapt to", "changing environment", "dynamic environment", "rapidly changing",
                           "constantly changing", "constantly evolving", "belastbar*", "stressresist*",
                           "under pressure", "unter druck", "hectic", "agility"),
     L("fast paced", "fast-paced", "ambiguity", "ambiguous", "flexib*", "adaptab*", "adapt to", "changing environment",
       "dynamic environment", "rapidly changing", "constantly changing", "constantly evolving", "belastbar*",
       "stressresist*", "under pressure", "unter druck", "hectic", "agility", "calm", "ruhe", "gelassen*",
       "composure")},
    {11, "structured working", L("strukturiert*", "structured", "systematic*", "systematisch*", "methodical",
                                 "methodisch*", "planvoll*"), NULL},
    {12, "customer orientation", L("customer focus*", "customer-focus*", "customer orient*", "client focus*",
                                   "kundenorient*", "service orient*", "serviceorient*", "dienstleistungsorient*",
                                   "client service*", "customer service"), NULL},
    {13, "creativity", L("creativ*", "kreativ*", "innovative", "innovation", "unconventional*", "ideenreich*",
                         "out of the box"), NULL},
    {14, "judgement", L("judgment", "judgement", "business acumen", "urteilsvermögen", "decision making",
                        "entscheidungsfreud*", "sound decisions"), NULL},
    {15, "reliability", L("reliab*", "zuverlässig*", "dependab*", "verlässlich*", "hardworking", "hard working",
                          "work ethic", "commitment", "committed", "engagement", "engagiert*", "einsatzbereit*",
                          "motivated", "motiviert*", "dedicated", "dedication", "professionalism"), NULL},
    {16, "learning", L("learn quickly", "quick learner", "quickly learn", "fast learner", "eager to learn",
                       "willingness to learn", "lernbereit*", "lernfähig*", "wissbegier*", "learn new",
                       "interest in learning", "ability to learn"), NULL},
    {17, "results orientation", L("results driven", "results-driven", "results oriented", "result oriented",
                                  "results-oriented", "ergebnisorient*", "zielorient*", "goal oriented",
                                  "goal-oriented", "erfolgsorient*", "achieving results", "deliver results"), NULL},
    {18, "conflict resolution", L("conflict*", "konflikt*"), NULL},
    {19, "negotiation", L("negotiat*", "verhandl*"), NULL},
    {20, "stakeholder management", L("stakeholder*", "all levels of management", "senior leaders",
                                     "senior management", "executives"), NULL},
    {21, "mentoring", L("mentor*", "coach*", "train others", "develop others"), NULL},
    {22, "writing", L("writing skills", "written skills", "documentation skills", "schreibkompetenz",
                      "creative writing", "technical writing", "writing"),
     L("writing skills", "written skills", "documentation skills", "schreibkompetenz", "creative writing",
       "technical writing", "writing", "wrote", "edited", "editing", "authored", "copywriting", "verfasst*",
       "redigiert*", "redaktion*")},
    {23, "passion", L("passion*", "leidenschaft*", "begeister*", "enthusias*", "interest in", "interesse an",
                      "curiosity", "curious", "neugier*", "affinität", "affinity"), NULL},
    /* logistics: the item's wording, then what a résumé must say to state it */
    {32, "work authorisation", L("authorization to work", "authorisation to work", "authorized to work",
                                 "authorised to work", "work authorization", "work authorisation", "right to work",
                                 "work permit", "arbeitserlaubnis", "aufenthaltserlaubnis", "aufenthaltstitel",
                                 "visa", "sponsorship", "eligible to work", "legally authorized",
                                 "legal authorization", "citizenship", "citizen"),
     L("authorized to work", "authorised to work", "work authorization", "work authorisation", "right to work",
       "work permit", "arbeitserlaubnis", "aufenthaltserlaubnis", "aufenthaltstitel", "citizen", "citizenship",
       "green card", "permanent resident", "staatsangehörigkeit", "nationality", "eu bürger*")},
    {33, "travel", L("travel", "travelling", "traveling", "travels", "reisebereit*", "reisetätigkeit*",
                     "reisen", "dienstreise*"),
     L("willing to travel", "willingness to travel", "reisebereit*", "open to travel", "available to travel",
       "able to travel", "travelled extensively", "traveled extensively", "extensive travel", "happy to travel",
       "travel within", "travel across", "travel to", "overnight trips", "reisetätigkeit*", "reisen",
       "reisebereitschaft", "bereit zu reisen", "dienstreisen")},
    {34, "relocation", L("relocat*", "umzug*", "umzugsbereit*", "umziehen", "relocation"),
     L("willing to relocate", "open to relocation", "open to relocate", "umzugsbereit*", "relocation",
       "able to relocate")},
    {35, "location", L("on site", "on-site", "onsite", "vor ort", "physically located", "worksite", "work site",
                       "einsatzort", "arbeitsort", "standort", "based in", "located in", "in person",
                       "in-person", "office location", "remote", "homeoffice", "home office", "hybrid"),
     L("willing to work on site", "available on site", "based in", "located in", "wohnort", "remote", "homeoffice")},
    {36, "availability", L("able to start", "start date", "starting date", "start in", "available to",
                           "availability", "verfügbar*", "verfügbarkeit", "ab sofort", "eintrittstermin",
                           "starttermin", "frühestmöglich*", "full time throughout", "notice period",
                           "kündigungsfrist", "must be available", "beginn", "projektbeginn", "auslastung",
                           "duration of"),
     L("available from", "available immediately", "verfügbar ab", "verfügbar", "ab sofort", "notice period",
       "kündigungsfrist", "availability", "verfügbarkeit", "start date")},
    {37, "security clearance", L("clearance", "sicherheitsüberprüf*", "security vetting", "background check",
                                 "ü2", "ü3"),
     L("clearance", "sicherheitsüberprüf*", "security vetting", "ü2", "ü3", "top secret", "ts sci")},
    {38, "driving licence", L("driver license", "drivers license", "driver s license", "driving licence",
                              "driving license", "driver licence", "driver s licence", "führerschein*",
                              "fahrerlaubnis", "cdl"),
     L("driver license", "drivers license", "driver s license", "driving licence", "driving license",
       "driver licence", "driver s licence", "führerschein*", "fahrerlaubnis", "cdl")},
    {39, "application documents", L("reference letter*", "letters of reference", "letter of recommendation",
                                    "recommendation letter*", "cover letter", "transcript*", "anschreiben",
                                    "zeugnisse", "submit", "einreichen", "referenzen"),
     L("references available", "referenzen auf anfrage", "references upon request")},
    {40, "working hours", L("shift*", "schicht*", "weekend*", "wochenend*", "overtime", "überstunden", "on call",
                            "on-call", "rufbereitschaft", "night*", "nacht*", "holidays", "full time", "vollzeit",
                            "part time", "teilzeit", "hours per week", "stunden pro woche"),
     L("willing to work weekends", "willing to work shifts", "schichtbereit*", "rufbereitschaft", "shift*",
       "schicht*", "schichtsystem", "night shift*", "nights", "weekends", "wochenend*", "feiertag*", "on call",
       "on-call", "bereitschaftsdienst*", "nachtdienst*", "wechselschicht*")},
    {41, "physical requirements", L("lift", "lifting", "heben", "stand for", "körperlich* belastbar*",
                                    "physical ability", "physical demands", "physically demanding", "pounds", "lbs",
                                    "weighing"), L("heavy lifting")},
    {42, "background check", L("drug test*", "drug screen*", "criminal record", "führungszeugnis"),
     L("führungszeugnis")},
    {43, "bar admission", L("admitted to the bar", "bar admission", "member of the bar", "licensed to practice",
                            "authorized to practice", "zulassung als rechtsanwalt", "anwaltszulassung"),
     L("admitted to the bar", "bar admission", "member of the bar", "licensed attorney", "state bar",
       "zugelassen* rechtsanwalt", "rechtsanwalt*", "bar of")},
    /* résumé side only: a chunk that states a credential (certification items) */
    {47, "certified", L("certif*", "zertifi*", "licensed", "license", "licence", "lizenz*", "accredited",
                        "chartered", "charterholder", "charter holder"), NULL},
};

/* A refusal word within three words before or after words [i, j): "not willing to relocate",
 * "Umzug kommt nicht in Frage" — not a "kein eigener Pkw" further along a line that states a
 * driving licence. */
static int refused_near(const fr_words *w, size_t i, size_t j)
{
    /* before what they refuse ("not willing to relocate", "kein Umzug"); after it in German word
     * order ("Umzug kommt nicht in Frage") or as a condition ("TN status, requires sponsorship").
     * "no violations" after a licence says something good about it: not a refusal */
    static const char *const before[] = {"not", "no", "kein", "keine", "keinen", "ohne", "without", "cannot",
                                         "unable", "unwilling", NULL};
    static const char *const after[] = {"nicht", "ausgeschlossen", "requires", "require", "need", "needs", NULL};
    for (size_t k = i >= 3 ? i - 3 : 0; k < i; k++)
        for (const char *const *p = before; *p; p++)
            if (fr_words_match(w, k, *p))
                return 1;
    for (size_t k = j; k < j + 4 && k < w->nw; k++)
        for (const char *const *p = after; *p; p++)
            if (fr_words_match(w, k, *p))
                return 1;
    return 0;
}

uint64_t fr_cues(const fr_words *w, int side, uint64_t *refused)
{
    uint64_t bits = 0;
    if (refused)
        *refused = 0;
    for (size_t c = 0; c < sizeof concepts / sizeof *concepts; c++) {
        const char *const *p = side && concepts[c].claim ? concepts[c].claim : concepts[c].ask;
        int logistic = concepts[c].bit >= FR_CUE_LOGI_FIRST && concepts[c].bit <= FR_CUE_LOGI_LAST;
        for (const char *const *q = p; *q; q++) {
            size_t m;
            for (size_t i = fr_words_find(w, *q, 0, &m); i < w->nw; i = fr_words_find(w, *q, i + 1, &m)) {
                bits |= (uint64_t)1 << concepts[c].bit;
                if (refused && logistic && refused_near(w, i, i + m))
                    *refused |= (uint64_t)1 << concepts[c].bit;
                if (!side || !logistic)
                    goto next; /* found: the concept is set */
            }
        }
    next:;
    }
    return bits;
}

/* (kinds.h) Here, where the cue index can group them by head. */
const char *const fr_degree_heads[] = {"bachelor*", "master*", "diplom*", "dipl", "phd", "ph", "doctor*",
    "doktor*", "promotion", "promoviert", "dr", "mba", "bba", "bsc", "msc",
    "b", "m", "ba", "bs", "ma", "ms", "degree*", "diploma", "abschluss*",
    "*abschluss", "studium", "*studium", "ausbildung*", "*ausbildung",
    "associate*", "abitur", "fachabitur", "hochschulreife", "high", "ged",
    "magister", "staatsexam*", "university", "universität", "fachinformatiker*",
    "*kaufmann", "*kauffrau", "kaufmann", "kauffrau", "meister*", "*meister",
    "techniker*", "jd", "juris", "llb", "llm", "undergraduate", "realschul*",
    "hauptschul*", "mittlere", "ihk", "vocational", "facharbeiter*",
    "geselle*", "berufsausbildung", "fachschul*", "berufsschul*", "bsit",
    "btech", "bcom", "bfa", "mfa", "mph", "bsn", "dphil", "mphil", "meng",
    "beng", NULL};

#define CUE_LENS 16

struct fr_cue_index {
    uint32_t start[FR_WORD_HEADS + 1]; /* patterns whose first word has head h: ent[start[h] .. start[h + 1]) */
    struct cue_ent {
        const char *pat;
        uint32_t concept;
        /* a test before the reading: a word that may match has the length of the pattern's first
         * word (without a prefix's '*'), or more for a prefix — lo <= length <= lo + span, lengths
         * over 255 read as 255 — and its first bytes, up to four: (its 4 bytes & mask) == pref */
        uint32_t pref, mask;
        uint8_t lo, span;
    } *ent, *any;
    /* the same entries by head and word length class (min(length, CUE_LENS - 1)): those whose length
     * test a word of the class may pass, ent[by_len[j]] for j in len_start[h * CUE_LENS + class] ..
     * the next — a word visits a few entries, not its head's every one */
    uint32_t *len_start, *by_len;                      /* any: patterns any word may start (pattern_head < 0) */
    size_t n_any;
    /* the language patterns (fr_langs_in_x) and their ids; by the head of their first word, in
     * their order in each group; those any word may start, as bits */
    const char *lang_pat[FR_LANG_PATTERNS];
    int lang_id[FR_LANG_PATTERNS];
    size_t n_lang;
    uint16_t lang_start[FR_WORD_HEADS + 1];
    uint8_t lang_by_head[FR_LANG_PATTERNS];
    uint64_t lang_any[(FR_LANG_PATTERNS + 63) / 64];
    int lang_has_any;                      /* some pattern any word may start */
    uint8_t lang_first[FR_LANG_PATTERNS];  /* the length of its first word, without a prefix's '*' */
    uint8_t lang_prefix[FR_LANG_PATTERNS]; /* that word ends in '*' */
    uint32_t lang_pref[FR_LANG_PATTERNS], lang_mask[FR_LANG_PATTERNS]; /* its first bytes, up to four, as
                                              cue_ent's pref and mask */
    uint8_t lang_named[FR_WORD_HEADS];     /* how many patterns of a language (not "another language")
                                              a head has */
    uint64_t lang_heads[FR_WORD_HEADS / 64]; /* the heads with some */
    /* fr_degree_heads by the head of their first word; those any word may start */
    uint16_t deg_start[FR_WORD_HEADS + 1];
    const char *deg_by_head[FR_DEG_HEADS];
    const char *deg_any[FR_DEG_HEADS];
    size_t n_deg, n_deg_any;
    /* the same, for the test word by word: deg_by_head's first-word lengths and prefix flags; the
     * suffixes of deg_any ("*studium" → "studium") and their lengths, when every one is a suffix */
    uint8_t deg_first[FR_DEG_HEADS], deg_prefix[FR_DEG_HEADS];
    size_t deg_suf_len[FR_DEG_HEADS];
    uint32_t deg_suf_last4[FR_DEG_HEADS]; /* a suffix's last four bytes (it has four or more) */
    size_t deg_suf_min;                   /* the shortest suffix: a word must be longer */
    int deg_suffixes;
    /* the fields' patterns (fr_fields_of) with their groups' bits: by the head of their first word
     * (fld[fld_start[h] .. fld_start[h + 1]), in table order), and those any word may start */
    uint32_t fld_start[FR_WORD_HEADS + 1];
    struct fld_ent {
        const char *pat;
        uint32_t bits;
        uint8_t first, prefix; /* the length of its first word (without a prefix's '*'); a prefix */
        uint32_t suf;          /* fld_any: "*ingenieur" is the suffix of suf bytes after the '*' (0: other) */
    } *fld, *fld_any;
    size_t n_fld_any;
};

static size_t lang_patterns(const char **pat, int *id, size_t cap);
static size_t field_patterns(const char **pat, uint32_t *bits, size_t cap);
static int lang_named_id(int id);

fr_status fr_cue_index_new(fr_cue_index **out, fr_error *err)
{
    *out = NULL;
    fr_cue_index *x = calloc(1, sizeof *x);
    size_t n = 0, n_any = 0;
    for (size_t c = 0; c < sizeof concepts / sizeof *concepts; c++) {
        const char *const *p = concepts[c].claim ? concepts[c].claim : concepts[c].ask;
        for (; *p; p++) {
            if (pattern_head(*p) < 0)
                n_any++;
            else
                n++;
        }
    }
    if (x) {
        x->ent = malloc((n + 1) * sizeof *x->ent);
        x->any = malloc((n_any + 1) * sizeof *x->any);
    }
    if (!x || !x->ent || !x->any) {
        fr_cue_index_free(x);
        return fr_fail(err, FR_ENOMEM, "out of memory");
    }
    /* a counting sort by head, in table order within each head */
    for (size_t c = 0; c < sizeof concepts / sizeof *concepts; c++)
        for (const char *const *p = concepts[c].claim ? concepts[c].claim : concepts[c].ask; *p; p++) {
            int h = pattern_head(*p);
            if (h >= 0)
                x->start[h + 1]++;
        }
    for (size_t h = 0; h < FR_WORD_HEADS; h++)
        x->start[h + 1] += x->start[h];
    uint32_t at[FR_WORD_HEADS];
    memcpy(at, x->start, sizeof at);
    for (size_t c = 0; c < sizeof concepts / sizeof *concepts; c++)
        for (const char *const *p = concepts[c].claim ? concepts[c].claim : concepts[c].ask; *p; p++) {
            int h = pattern_head(*p);
            size_t fl = strcspn(*p, " ");
            int prefix = fl > 0 && (*p)[fl - 1] == '*';
            size_t first = fl - (size_t)prefix;
            unsigned char pb[4] = {0}, mb[4] = {0};
            for (size_t q = 0; q < 4 && q < first; q++) {
                pb[q] = (unsigned char)(*p)[q];
                mb[q] = 0xFF;
            }
            struct cue_ent e = {*p, (uint32_t)c, 0, 0, (uint8_t)(first < 255 ? first : 255), 0};
            e.span = (uint8_t)(prefix ? 255 - e.lo : 0);
            memcpy(&e.pref, pb, 4);
            memcpy(&e.mask, mb, 4);
            if (h >= 0)
                x->ent[at[h]++] = e;
            else
                x->any[x->n_any++] = e;
        }
    /* entries by head and length class: counted, then placed in group order */
    x->len_start = calloc((size_t)FR_WORD_HEADS * CUE_LENS + 1, sizeof *x->len_start);
    size_t n_by = 0;
    for (int pass = 0; x->len_start && pass < 2; pass++) {
        if (pass == 1) {
            for (size_t j = 0; j < (size_t)FR_WORD_HEADS * CUE_LENS; j++)
                x->len_start[j + 1] += x->len_start[j];
            if (!(x->by_len = malloc((n_by + 1) * sizeof *x->by_len)))
                break;
        }
        size_t put = 0;
        for (size_t h = 0; h < FR_WORD_HEADS; h++)
            for (unsigned c = 0; c < CUE_LENS; c++)
                for (uint32_t k = x->start[h]; k < x->start[h + 1]; k++) {
                    const struct cue_ent *e = &x->ent[k];
                    /* a word of class c (of length c, or CUE_LENS - 1 or more) may pass e's test */
                    int may = c < CUE_LENS - 1 ? c - e->lo <= e->span : e->span || e->lo >= CUE_LENS - 1;
                    if (!may)
                        continue;
                    if (pass == 0) {
                        x->len_start[h * CUE_LENS + c + 1]++;
                        n_by++;
                    } else
                        x->by_len[put++] = k;
                }
    }
    if (!x->len_start || !x->by_len) {
        fr_cue_index_free(x);
        return fr_fail(err, FR_ENOMEM, "out of memory");
    }
    x->n_lang = lang_patterns(x->lang_pat, x->lang_id, FR_LANG_PATTERNS);
    if (x->n_lang > FR_LANG_PATTERNS) { /* every test that builds an index says so */
        fr_cue_index_free(x);
        return fr_fail(err, FR_EINVAL, "internal: %d language patterns are too few", FR_LANG_PATTERNS);
    }
    for (size_t k = 0; k < x->n_lang; k++) {
        int h = pattern_head(x->lang_pat[k]);
        size_t fl = strcspn(x->lang_pat[k], " ");
        x->lang_prefix[k] = fl > 0 && x->lang_pat[k][fl - 1] == '*';
        x->lang_first[k] = (uint8_t)(fl - x->lang_prefix[k] < 255 ? fl - x->lang_prefix[k] : 255);
        unsigned char pb[4] = {0}, mb[4] = {0};
        for (size_t q = 0; q < 4 && q < (size_t)x->lang_first[k]; q++) {
            pb[q] = (unsigned char)x->lang_pat[k][q];
            mb[q] = 0xFF;
        }
        memcpy(&x->lang_pref[k], pb, 4);
        memcpy(&x->lang_mask[k], mb, 4);
        if (h < 0) {
            x->lang_any[k / 64] |= (uint64_t)1 << (k % 64);
            x->lang_has_any = 1;
        } else {
            x->lang_start[h + 1]++;
            x->lang_named[h] = (uint8_t)(x->lang_named[h] + (unsigned char)lang_named_id(x->lang_id[k]));
            if (x->lang_named[h])
                x->lang_heads[h / 64] |= (uint64_t)1 << (h % 64);
        }
    }
    for (size_t h = 0; h < FR_WORD_HEADS; h++)
        x->lang_start[h + 1] = (uint16_t)(x->lang_start[h + 1] + x->lang_start[h]);
    for (const char *const *p = fr_degree_heads; *p; p++) {
        int h = pattern_head(*p);
        if (x->n_deg == FR_DEG_HEADS) { /* every test that builds an index says so */
            fr_cue_index_free(x);
            return fr_fail(err, FR_EINVAL, "internal: %d degree words are too few", FR_DEG_HEADS);
        }
        x->n_deg++;
        if (h < 0)
            x->deg_any[x->n_deg_any++] = *p;
        else
            x->deg_start[h + 1]++;
    }
    for (size_t h = 0; h < FR_WORD_HEADS; h++)
        x->deg_start[h + 1] = (uint16_t)(x->deg_start[h + 1] + x->deg_start[h]);
    {
        uint16_t dat[FR_WORD_HEADS];
        memcpy(dat, x->deg_start, sizeof dat);
        for (const char *const *p = fr_degree_heads; *p; p++) {
            int h = pattern_head(*p);
            size_t fl = strcspn(*p, " ");
            int prefix = fl > 0 && (*p)[fl - 1] == '*';
            if (h >= 0) {
                x->deg_first[dat[h]] = (uint8_t)(fl - (size_t)prefix < 255 ? fl - (size_t)prefix : 255);
                x->deg_prefix[dat[h]] = (uint8_t)prefix;
                x->deg_by_head[dat[h]++] = *p;
            }
        }
    }
    {
        size_t nf = field_patterns(NULL, NULL, 0), nh = 0;
        const char **fp = malloc((nf + 1) * sizeof *fp);
        uint32_t *fb = malloc((nf + 1) * sizeof *fb);
        x->fld = malloc((nf + 1) * sizeof *x->fld);
        x->fld_any = malloc((nf + 1) * sizeof *x->fld_any);
        if (!fp || !fb || !x->fld || !x->fld_any) {
            free(fp);
            free(fb);
            fr_cue_index_free(x);
            return fr_fail(err, FR_ENOMEM, "out of memory");
        }
        field_patterns(fp, fb, nf);
        for (size_t k = 0; k < nf; k++) {
            int h = pattern_head(fp[k]);
            if (h >= 0) {
                x->fld_start[h + 1]++;
                nh++;
            }
        }
        for (size_t h = 0; h < FR_WORD_HEADS; h++)
            x->fld_start[h + 1] += x->fld_start[h];
        uint32_t fat[FR_WORD_HEADS];
        memcpy(fat, x->fld_start, sizeof fat);
        for (size_t k = 0; k < nf; k++) {
            int h = pattern_head(fp[k]);
            size_t fl = strcspn(fp[k], " ");
            int prefix = fl > 0 && fp[k][fl - 1] == '*';
            size_t first = fl - (size_t)prefix;
            struct fld_ent e = {fp[k], fb[k], (uint8_t)(first < 255 ? first : 255), (uint8_t)prefix,
                                fp[k][0] == '*' ? (uint32_t)strlen(fp[k] + 1) : 0};
            if (h >= 0)
                x->fld[fat[h]++] = e;
            else
                x->fld_any[x->n_fld_any++] = e;
        }
        (void)nh;
        free(fp);
        free(fb);
    }
    x->deg_suffixes = 1;
    x->deg_suf_min = SIZE_MAX;
    for (size_t k = 0; k < x->n_deg_any; k++) {
        x->deg_suf_len[k] = strlen(x->deg_any[k] + 1);
        x->deg_suffixes &= x->deg_any[k][0] == '*' && x->deg_suf_len[k] >= 4;
        if (x->deg_suf_len[k] >= 4)
            memcpy(&x->deg_suf_last4[k], x->deg_any[k] + 1 + x->deg_suf_len[k] - 4, 4);
        if (x->deg_suf_len[k] < x->deg_suf_min)
            x->deg_suf_min = x->deg_suf_len[k];
    }
    uint16_t lat[FR_WORD_HEADS];
    memcpy(lat, x->lang_start, sizeof lat);
    for (size_t k = 0; k < x->n_lang; k++) {
        int h = pattern_head(x->lang_pat[k]);
        if (h >= 0)
            x->lang_by_head[lat[h]++] = (uint8_t)k;
    }
    *out = x;
    return FR_OK;
}

void fr_cue_index_free(fr_cue_index *x)
{
    if (!x)
        return;
    free(x->ent);
    free(x->any);
    free(x->len_start);
    free(x->by_len);
    free(x->fld);
    free(x->fld_any);
    free(x);
}

/* Pattern e tried at word i (fr_cues's rules: a concept is set by any match; a logistic one is
 * refused by any match with a refusal near it). */
static void cue_try(const struct cue_ent *e, const fr_words *w, size_t i, uint64_t *bits, uint64_t *refused)
{
    const concept *c = &concepts[e->concept];
    uint64_t bit = (uint64_t)1 << c->bit;
    int logistic = c->bit >= FR_CUE_LOGI_FIRST && c->bit <= FR_CUE_LOGI_LAST;
    int want_refusal = refused && logistic && !(*refused & bit);
    if ((*bits & bit) && !want_refusal)
        return; /* nothing this match could add */
    size_t m = fr_words_match(w, i, e->pat);
    if (!m)
        return;
    *bits |= bit;
    if (want_refusal && refused_near(w, i, i + m))
        *refused |= bit;
}

uint64_t fr_cues_claimed(const fr_cue_index *x, const fr_words *w, uint64_t *refused)
{
    uint64_t bits = 0;
    if (refused)
        *refused = 0;
    for (size_t i = 0; i < w->nw; i++) {
        const char *word = w->low + w->ws[i];
        unsigned h = w->head[i];
        unsigned wl = w->wl[i] < 255 ? w->wl[i] : 255;
        uint32_t w4;
        memcpy(&w4, word, 4); /* within the text's FR_WORDS_PAD bytes */
        size_t g = (size_t)h * CUE_LENS + (wl < CUE_LENS - 1 ? wl : CUE_LENS - 1);
        for (uint32_t j = x->len_start[g]; j < x->len_start[g + 1]; j++) {
            const struct cue_ent *e = &x->ent[x->by_len[j]];
            /* else its first word cannot match (see cue_ent) */
            if (wl - e->lo <= e->span && (w4 & e->mask) == e->pref) /* (shorter: wl - lo wraps, huge) */
                cue_try(e, w, i, &bits, refused);
        }
        for (size_t k = 0; k < x->n_any; k++)
            cue_try(&x->any[k], w, i, &bits, refused);
    }
    return bits;
}

const char *fr_cue_name(int bit)
{
    for (size_t c = 0; c < sizeof concepts / sizeof *concepts; c++)
        if (concepts[c].bit == bit)
            return concepts[c].name;
    return "?";
}

/* ------------------------------------------------------------ languages */

typedef struct {
    const char *name;
    const char *const *words;
} lang;

/* id = index + 1 */
static const lang langs[] = {
    {"english", L("english", "englisch", "englischkenntnis*", "englischsprachig*", "englische", "englischen",
                  "englisches", "anglais")},
    {"german", L("german", "deutsch", "deutschkenntnis*", "deutschsprachig*", "deutsche sprache",
                 "deutschen sprache", "allemand")},
    {"french", L("french", "französisch*", "franzoesisch*", "français", "francais")},
    {"spanish", L("spanish", "spanisch*", "español", "espanol", "castellano")},
    {"italian", L("italian", "italienisch*", "italiano")},
    {"portuguese", L("portuguese", "portugiesisch*", "português", "portugues")},
    {"chinese", L("chinese", "mandarin", "cantonese", "chinesisch*", "kantonesisch*")},
    {"japanese", L("japanese", "japanisch*")},
    {"korean", L("korean", "koreanisch*")},
    {"russian", L("russian", "russisch*")},
    {"arabic", L("arabic", "arabisch*")},
    {"dutch", L("dutch", "niederländisch*", "holländisch*", "flemish", "flämisch*")},
    {"polish", L("polish", "polnisch*")},
    {"turkish", L("turkish", "türkisch*")},
    {"hindi", L("hindi", "urdu")},
    {"swedish", L("swedish", "schwedisch*")},
    {"danish", L("danish", "dänisch*")},
    {"norwegian", L("norwegian", "norwegisch*")},
    {"finnish", L("finnish", "finnisch*")},
    {"czech", L("czech", "tschechisch*")},
    {"greek", L("greek", "griechisch*")},
    {"hebrew", L("hebrew", "hebräisch*")},
    {"vietnamese", L("vietnamese", "vietnamesisch*")},
    {"thai", L("thai", "thailändisch*")},
    {"indonesian", L("indonesian", "bahasa", "indonesisch*")},
    {"ukrainian", L("ukrainian", "ukrainisch*")},
    {"romanian", L("romanian", "rumänisch*")},
    {"hungarian", L("hungarian", "ungarisch*")},
    {"croatian", L("croatian", "serbian", "bosnian", "kroatisch*", "serbisch*", "bosnisch*")},
    {"persian", L("persian", "farsi", "persisch*")},
    {"tagalog", L("tagalog", "filipino")},
    {"bengali", L("bengali", "bangla")},
    {"tamil", L("tamil", "telugu", "marathi", "gujarati", "punjabi", "kannada", "malayalam")},
    {"swahili", L("swahili", "suaheli")},
    {"sign language", L("sign language", "asl", "gebärdensprache")},
};

/* id names a language of the table (not "another language") */
static int lang_named_id(int id) { return id <= (int)(sizeof langs / sizeof *langs); }

int fr_lang_european(int id)
{
    static const char *const non[] = {"chinese", "japanese", "korean", "arabic", "hindi", "hebrew", "vietnamese",
                                      "thai", "indonesian", "persian", "tagalog", "bengali", "tamil", "swahili",
                                      "sign language", NULL};
    if (id < 1 || (size_t)id > sizeof langs / sizeof *langs)
        return 0;
    for (const char *const *p = non; *p; p++)
        if (strcmp(langs[id - 1].name, *p) == 0)
            return 0;
    return 1;
}

const char *fr_lang_name(int id)
{
    if (id == FR_LANG_OTHER_EUROPEAN)
        return "another European language";
    if (id == FR_LANG_ANY_OTHER)
        return "another language";
    return id >= 1 && (size_t)id <= sizeof langs / sizeof *langs ? langs[id - 1].name : "?";
}

const char *fr_level_name(int level)
{
    static const char *const names[] = {"stated", "basic", "conversational", "good", "fluent", "native"};
    return level >= 0 && level <= 5 ? names[level] : "?";
}

/* level words, strongest first within a phrase family ("sehr gut" before "gut") */
static const struct {
    const char *pat;
    int level;
} levels[] = {
    {"native*", 5}, {"mother tongue", 5}, {"muttersprach*", 5}, {"first language", 5}, {"bilingual", 5},
    {"zweisprachig*", 5}, {"c2", 4}, {"c1", 4}, {"fluent*", 4}, {"fließend*", 4}, {"fliessend*", 4},
    {"verhandlungssicher*", 4}, {"sehr gut*", 4}, {"excellent", 4}, {"exzellent*", 4}, {"hervorragend*", 4},
    {"proficien*", 4}, {"advanced", 4}, {"perfekt*", 4}, {"perfect", 4}, {"idiomatic*", 4}, {"business", 4},
    {"full professional", 4}, {"professional working", 3}, {"working proficiency", 3}, {"b2", 3}, {"gut", 3},
    {"sicher", 3}, {"sichere", 3}, {"sicheres", 3}, {"sicheren", 3},
    {"gute", 3}, {"guten", 3}, {"good", 3}, {"solid", 3}, {"solide*", 3}, {"upper intermediate", 3},
    {"intermediate", 2}, {"conversational", 2}, {"b1", 2}, {"a2", 1}, {"a1", 1}, {"basic*", 1},
    {"grundkenntnis*", 1}, {"grundlegend*", 1}, {"elementary", 1}, {"beginner", 1}, {"limited", 1},
    {"schulkenntnis*", 1},
};

static int level_at(const fr_words *w, size_t i, size_t *len)
{
    unsigned char first = i < w->nw ? (unsigned char)w->low[w->ws[i]] : 0;
    for (size_t k = 0; k < sizeof levels / sizeof *levels; k++) {
        if (levels[k].pat[0] != '*' && (unsigned char)levels[k].pat[0] != first)
            continue; /* fr_words_match's first test, without the call */
        size_t m = fr_words_match(w, i, levels[k].pat);
        if (m) {
            *len = m;
            return levels[k].level;
        }
    }
    return 0;
}

/* Language names at words a < b joined by "and" / "und" / "sowie" / "," alone (commas vanish
 * with the word split, so: adjacent, or one joining word between). */
static int joined(const fr_words *w, uint32_t a, uint32_t b)
{
    if (b == a + 1)
        return 1;
    return b == a + 2 && (fr_words_match(w, a + 1, "and") || fr_words_match(w, a + 1, "und") ||
                          fr_words_match(w, a + 1, "sowie") || fr_words_match(w, a + 1, "or") ||
                          fr_words_match(w, a + 1, "oder"));
}

static const char *const lang_context[] = {"speak*", "spoken", "write", "written", "kenntnisse", "languages",
                                           "language", "sprachen", "sprache", "sprachkenntnisse", "fremdsprach*",
                                           "idiomatic*", "proficiency", "mother tongue", "muttersprach*",
                                           "fluent*", "fließend*", "verhandlungssicher*", "bilingual", NULL};

/* "another European language", "a second language", "weitere Fremdsprache" */
static const char *const lang_european[] = {"another european language", "other european language*",
                                            "weitere europäische sprache*", "europäische fremdsprache*", NULL};
static const char *const lang_other[] = {"another language", "second language", "additional language",
                                         "other languages", "foreign language*", "weitere fremdsprache*",
                                         "weitere sprache*", "zweite fremdsprache", NULL};

/* The language patterns in the order they are tried at a word — the languages, then "another
 * European language", then "another language" — with their ids, the first cap of them.  Returns
 * how many there are (more than cap: the tables outgrew FR_LANG_PATTERNS). */
static size_t lang_patterns(const char **pat, int *id, size_t cap)
{
    size_t n = 0;
    for (size_t l = 0; l < sizeof langs / sizeof *langs; l++)
        for (const char *const *p = langs[l].words; *p; p++, n++)
            if (n < cap) {
                pat[n] = *p;
                id[n] = (int)l + 1;
            }
    for (const char *const *p = lang_european; *p; p++, n++)
        if (n < cap) {
            pat[n] = *p;
            id[n] = FR_LANG_OTHER_EUROPEAN;
        }
    for (const char *const *p = lang_other; *p; p++, n++)
        if (n < cap) {
            pat[n] = *p;
            id[n] = FR_LANG_ANY_OTHER;
        }
    return n;
}

/* The first word of w at which a degree word matches (w->nw: none) — word by word, one pass: the
 * suffixes (fr_words_match's test for "*studium"), then the patterns of the word's head whose
 * first word's length fits — not a pass over the words per suffix and a search per head.  Every
 * pattern is one word, so a word matches one of them exactly when it is tried here. */
size_t fr_cue_index_degree_head_at(const fr_cue_index *x, const fr_words *w)
{
    if (!x->deg_suffixes) { /* (a suffix the fast test cannot take: never, with the list above) */
        for (size_t i = 0; i < w->nw; i++)
            for (const char *const *h = fr_degree_heads; *h; h++)
                if (fr_words_match(w, i, *h))
                    return i;
        return w->nw;
    }
    for (size_t i = 0; i < w->nw; i++) {
        const char *word = w->low + w->ws[i];
        size_t wl = w->wl[i];
        if (wl > x->deg_suf_min) { /* (no suffix fits a word as short as the shortest) */
            uint32_t last4;
            memcpy(&last4, word + wl - 4, 4);
            for (size_t k = 0; k < x->n_deg_any; k++) {
                size_t pl = x->deg_suf_len[k];
                if (wl > pl && last4 == x->deg_suf_last4[k] && memcmp(word + wl - pl, x->deg_any[k] + 1, pl) == 0)
                    return i;
            }
        }
        unsigned h = w->head[i];
        for (uint32_t j = x->deg_start[h]; j < x->deg_start[h + 1]; j++)
            if ((x->deg_prefix[j] ? wl >= x->deg_first[j] : wl == x->deg_first[j]) &&
                fr_words_match(w, i, x->deg_by_head[j]))
                return i;
    }
    return w->nw;
}

int fr_cue_index_degree_heads(const fr_cue_index *x, const fr_words *w)
{
    return fr_cue_index_degree_head_at(x, w) < w->nw;
}

size_t fr_langs_in(const fr_words *w, fr_lang_hit *out, size_t cap, int *ctx)
{
    return fr_langs_in_x(NULL, w, out, cap, ctx);
}

/* The language hits of w by pattern (fr_langs_in, and the index's rare cases). */
static size_t lang_hits_by_pattern(const fr_cue_index *ix, const fr_words *w, fr_lang_hit *out, size_t cap)
{
    size_t n = 0;
    /* the patterns this text's words could match (most texts: none), in the order they are tried
     * at a word; their heads from the index when given (the test is most of this function's work) */
    const char *all[FR_LANG_PATTERNS], *cand[FR_LANG_PATTERNS];
    int all_id[FR_LANG_PATTERNS], cand_id[FR_LANG_PATTERNS];
    size_t na = ix ? ix->n_lang : lang_patterns(all, all_id, FR_LANG_PATTERNS), nc = 0, nl = 0;
    if (na > FR_LANG_PATTERNS) /* cannot be: fr_cue_index_new refuses such tables */
        na = FR_LANG_PATTERNS;
    const char *const *pat = ix ? ix->lang_pat : all;
    const int *pid = ix ? ix->lang_id : all_id;
    uint64_t may[(FR_LANG_PATTERNS + 63) / 64] = {0}; /* the patterns whose head some word has */
    if (ix) { /* from the heads the words have (a dozen), not from every pattern's (over a hundred) */
        memcpy(may, ix->lang_any, sizeof may);
        for (size_t g = 0; g < sizeof w->heads / sizeof *w->heads; g++)
            for (uint64_t bits = w->heads[g]; bits; bits &= bits - 1) {
                size_t h = g * 64 + (size_t)__builtin_ctzll(bits);
                for (uint32_t j = ix->lang_start[h]; j < ix->lang_start[h + 1]; j++)
                    may[ix->lang_by_head[j] / 64] |= (uint64_t)1 << (ix->lang_by_head[j] % 64);
            }
    } else {
        for (size_t k = 0; k < na; k++) {
            int h = pattern_head(pat[k]);
            if (h < 0 || (w->heads[h / 64] >> (h % 64) & 1))
                may[k / 64] |= (uint64_t)1 << (k % 64);
        }
    }
    for (size_t g = 0; g < sizeof may / sizeof *may; g++)
        for (uint64_t bits = may[g]; bits; bits &= bits - 1) {
            size_t k = g * 64 + (size_t)__builtin_ctzll(bits);
            int language = pid[k] <= (int)(sizeof langs / sizeof *langs);
            if (language && nl == 64)
                continue; /* at most 64 languages' patterns */
            nl += (size_t)language;
            cand[nc] = pat[k];
            cand_id[nc++] = pid[k];
        }
    /* from word i on, the nearest word where a pattern matches — at a word, the first pattern in
     * that order — is the next hit; its words are not read again */
    size_t next[FR_LANG_PATTERNS], mlen[FR_LANG_PATTERNS];
    for (size_t k = 0; k < nc; k++)
        next[k] = fr_words_find(w, cand[k], 0, &mlen[k]);
    for (size_t i = 0; nc && i < w->nw && n < cap;) {
        size_t best = SIZE_MAX;
        for (size_t k = 0; k < nc; k++) {
            if (next[k] < i) /* passed over by the last hit: search again from here */
                next[k] = fr_words_find(w, cand[k], i, &mlen[k]);
            if (next[k] < w->nw && (best == SIZE_MAX || next[k] < next[best]))
                best = k;
        }
        if (best == SIZE_MAX)
            break;
        out[n].lang = (uint8_t)cand_id[best];
        out[n].word = (uint32_t)next[best];
        out[n].level = 0;
        n++;
        i = next[best] + mlen[best];
    }
    return n;
}

/* The language hits of w, as fr_langs_in_x defines them, word by word: at word i, the patterns its
 * head allows (the index's group, in pattern order), the first that matches; the hit's words are
 * not read again.  Valid when no pattern may start at any word and no more than 64 language
 * patterns have a head among the words (fr_langs_in_x's cap leaves none out then): a group is a
 * few patterns, where the search by pattern keeps dozens of candidates' next matches. */
static size_t lang_hits_by_word(const fr_cue_index *ix, const fr_words *w, fr_lang_hit *out, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < w->nw && n < cap;) {
        const char *x = w->low + w->ws[i];
        size_t wl = w->wl[i], m = 0, k = 0;
        unsigned h = w->head[i];
        if (ix->lang_start[h] == ix->lang_start[h + 1]) {
            i++; /* no language pattern has its head (most words) */
            continue;
        }
        uint32_t x4;
        memcpy(&x4, x, 4); /* within the text's FR_WORDS_PAD bytes */
        for (uint32_t j = ix->lang_start[h]; j < ix->lang_start[h + 1] && !m; j++) {
            k = ix->lang_by_head[j];
            size_t fl = ix->lang_first[k];
            /* its first word's length, and its first bytes, before the word is read: most fail so */
            if ((ix->lang_prefix[k] ? wl >= fl : wl == fl) && (x4 & ix->lang_mask[k]) == ix->lang_pref[k])
                m = fr_words_match(w, i, ix->lang_pat[k]);
        }
        if (!m) {
            i++;
            continue;
        }
        out[n].lang = (uint8_t)ix->lang_id[k];
        out[n].word = (uint32_t)i;
        out[n].level = 0;
        n++;
        i += m;
    }
    return n;
}

size_t fr_langs_in_x(const fr_cue_index *ix, const fr_words *w, fr_lang_hit *out, size_t cap, int *ctx)
{
    size_t n = 0;
    int any_level = 0;
    size_t named = 0; /* language patterns whose head some word has */
    for (size_t g = 0; ix && !ix->lang_has_any && g < sizeof w->heads / sizeof *w->heads; g++)
        for (uint64_t bits = w->heads[g] & ix->lang_heads[g]; bits; bits &= bits - 1)
            named += ix->lang_named[g * 64 + (size_t)__builtin_ctzll(bits)];
    if (ix && !ix->lang_has_any && named <= 64)
        n = lang_hits_by_word(ix, w, out, cap);
    else
        n = lang_hits_by_pattern(ix, w, out, cap);
    /* each level word goes to the nearest language before it (within four words), else after it
     * (no language named: no level to place, and the text's context is read from its words) */
    for (size_t i = 0; n && i < w->nw; i++) {
        size_t len = 0;
        int lv = level_at(w, i, &len);
        if (!lv)
            continue;
        any_level = 1;
        long best = -1;
        for (size_t k = 0; k < n; k++)
            if (out[k].word < i && i - out[k].word <= 4)
                best = (long)k;
        if (best < 0)
            for (size_t k = 0; k < n && best < 0; k++)
                if (out[k].word > i && out[k].word - i <= 3)
                    best = (long)k;
        if (best >= 0 && out[best].level < lv)
            out[best].level = (uint8_t)lv;
        /* "Deutsch- und Englischkenntnisse sehr gut", "sehr gute Deutsch- und Englischkenntnisse":
         * a level next to languages joined by "and" counts for each of them */
        for (long k = best - 1; best >= 0 && k >= 0 && !out[k].level && joined(w, out[k].word, out[k + 1].word); k--)
            out[k].level = (uint8_t)lv;
        for (long k = best + 1; best >= 0 && k < (long)n && !out[k].level && joined(w, out[k - 1].word, out[k].word); k++)
            out[k].level = (uint8_t)lv;
        i += len - 1;
    }
    if (ctx)
        *ctx = 0;
    if (ctx && n) {
        *ctx = any_level || fr_words_any(w, lang_context);
        /* German compounds: "Projektsprache", "Arbeitssprache", "Fremdsprachen" */
        for (size_t i = 0; i < w->nw && !*ctx; i++) {
            const char *x = w->low + w->ws[i];
            size_t l = w->wl[i];
            *ctx = (l > 7 && memcmp(x + l - 7, "sprache", 7) == 0) || (l > 8 && memcmp(x + l - 8, "sprachen", 8) == 0);
        }
    }
    return n;
}

/* A word of at most eight bytes as one number (its bytes, little end first). */
static uint64_t packed(const char *w, size_t l)
{
    uint64_t v = 0;
    for (size_t k = 0; k < l; k++)
        v |= (uint64_t)(unsigned char)w[k] << (8 * k);
    return v;
}

/* fr_text_language's lists: words of one language only ("in", "an", "was" are German words too),
 * in a small hash table of packed words (at most five bytes each), made per call: a word of the
 * text costs a probe, not a comparison with each list word. */
typedef struct {
    uint64_t key[64];
    uint8_t list_of[64]; /* 0 empty, 1 English, 2 German */
    size_t cnt[3];
} lang_count;

static void lang_count_init(lang_count *lc)
{
    static const char *const en[] = {"the", "and", "of", "to", "with", "for", "on", "as", "at", "by", "from", "is",
                                     "were", "my", "our", "this", "that", NULL};
    static const char *const de[] = {"der", "die", "das", "und", "mit", "für", "von", "des", "den", "im",
                                     "zu", "bei", "ein", "eine", "einer", "sowie", "ist", "wurde", NULL};
    memset(lc, 0, sizeof *lc);
    const char *const *lists[2] = {en, de};
    for (int g = 0; g < 2; g++)
        for (const char *const *p = lists[g]; *p; p++) {
            uint64_t v = packed(*p, strlen(*p));
            size_t j = (size_t)(v * 0x9E3779B97F4A7C15ull >> 58);
            while (lc->list_of[j])
                j = (j + 1) & 63;
            lc->key[j] = v;
            lc->list_of[j] = (uint8_t)(g + 1);
        }
}

/* A word (lower case, l bytes, 2 .. 5) counted when a list has it. */
static inline void lang_count_word(lang_count *lc, const char *w, size_t l)
{
    uint64_t v = packed(w, l);
    for (size_t j = (size_t)(v * 0x9E3779B97F4A7C15ull >> 58); lc->list_of[j]; j = (j + 1) & 63)
        if (lc->key[j] == v) {
            lc->cnt[lc->list_of[j]]++;
            break;
        }
}

static int lang_count_decide(const lang_count *lc)
{
    size_t ne = lc->cnt[1], nd = lc->cnt[2];
    /* a clear majority of one language's function words (a short résumé has few); "in" is a
     * word of both; the margin keeps a mixed text undecided */
    if (ne >= 3 && ne > 3 * nd)
        return 1;
    if (nd >= 3 && nd > 3 * ne)
        return 2;
    return 0;
}

int fr_text_language(const char *text, size_t n)
{
    lang_count lc;
    lang_count_init(&lc);
    /* the words as fr_words_of makes them (its bytes and its lower case), each looked up whole:
     * what counting each list word's matches among them counts, without the words' arrays */
    const unsigned char *s = (const unsigned char *)text;
    /* the words from 64 bytes' word bits at a time (fr_words_of's way: a step per word) */
    size_t a = 0;
    int in = 0;
    uint64_t carry = 0;
    for (size_t base = 0; base <= n; base += 64) {
        uint64_t m = base < n ? word_bits64(s, n, base) : 0;
        uint64_t change = m ^ (m << 1 | carry);
        carry = m >> 63;
        for (; change; change &= change - 1) {
            size_t at = base + (size_t)__builtin_ctzll(change);
            if (!in) {
                a = at;
                in = 1;
                continue;
            }
            in = 0;
            size_t l = at - a;
            if (l < 2 || l > 5) /* none of the lists' words is shorter or longer */
                continue;
            char w[6];
            lower_words(s + a, l, w); /* a word's last byte is no Ä's first: as lowered with its text */
            lang_count_word(&lc, w, l);
        }
    }
    return lang_count_decide(&lc);
}

int fr_words_language(const fr_words *w)
{
    lang_count lc;
    lang_count_init(&lc);
    for (size_t i = 0; i < w->nw; i++)
        if (w->wl[i] >= 2 && w->wl[i] <= 5)
            lang_count_word(&lc, w->low + w->ws[i], w->wl[i]);
    return lang_count_decide(&lc);
}

/* --------------------------------------------------------------- fields */

static const struct {
    uint32_t bits;
    const char *const *words;
} fields[] = {
    {FR_FIELD_COMPUTING, L("computer science*", "computer engineering", "computing", "informatik*",
                           "informatiker*", "software engineering", "software development", "information technology",
                           "information systems", "information science*", "computer information*", "data science",
                           "cybersecurity", "cyber security", "it", "ict", "softwaretechnik", "medieninformatik",
                           "wirtschaftsinformatik*", "fachinformatiker*", "computer systems", "computer studies", "informatics",
                           "*informatik", "datenverarbeitung", "programmierer*",
                           "artificial intelligence", "machine learning", "b.s.i.t", "bsit", "cs",
                           "human computer interaction", "hci", "informationstechnik", "computational*")},
    {FR_FIELD_ENGINEERING, L("engineering", "engineer", "ingenieur*", "ing", "elektrotechnik*", "maschinenbau*",
                             "mechatronik*", "mechatronics", "verfahrenstechnik", "electrical", "electronics",
                             "elektronik*", "mechanical", "industrial engineering", "aerospace", "luft- und raumfahrt*",
                             "civil engineering", "bauingenieur*", "chemical engineering", "nachrichtentechnik",
                             "telecommunications", "telekommunikation", "techniker", "technik",
                             "wirtschaftsingenieur*", "wirtschaftsing", "fahrzeugtechnik", "automation",
                             "automatisierungstechnik", "robotics", "materials science", "werkstoff*", "*technik", "*ingenieur*",
                             "mechatroniker*", "elektroniker*", "industriemechaniker*", "anlagenmechaniker*",
                             "elektriker*", "electrician*")},
    {FR_FIELD_MATH, L("mathematics", "mathematik*", "math", "maths", "applied mathematics", "statistics",
                      "statistik", "statistical", "operations research", "actuarial*", "aktuar*",
                      "wirtschaftsmathematik", "quantitative", "econometrics", "ökonometrie")},
    {FR_FIELD_SCIENCE, L("physics", "physik*", "chemistry", "chemie", "biology", "biologie", "biochemistry",
                         "biochemie", "bioinformatics", "bioinformatik", "neuroscience", "natural science*",
                         "naturwissenschaft*", "geology", "geologie", "geography", "geographie", "environmental science*",
                         "umweltwissenschaft*", "astronomy", "life science*", "milchwissenschaft*", "food science",
                         "lebensmittel*", "*biologie", "*chemie", "*physik", "microbiology", "molecular biology")},
    {FR_FIELD_BUSINESS, L("business*", "betriebswirtschaft*", "bwl", "management", "marketing", "finance",
                          "finanz*", "accounting", "accountancy", "rechnungswesen", "commerce", "kaufmann",
                          "kauffrau", "kaufmännisch*", "human resource*", "personalwesen", "*kaufmann", "*kauffrau",
                          "verwaltung*", "*fachangestellte*", "steuerfach*", "steuerberat*", "steuerrecht", "bilanzbuchhalter*", "buchhalter*",
                          "fachwirt*", "*fachwirt*", "betriebswirt*", "administration", "office management",
                          "wirtschaftswissenschaft*", "wirtschaft", "logistics", "logistik", "supply chain", "banking",
                          "bankkaufmann", "industriekaufmann", "controlling", "entrepreneurship",
                          "wirtschaftsinformatik*", "business informatics")},
    {FR_FIELD_ECONOMICS, L("economics", "economic*", "volkswirtschaft*", "vwl", "ökonomie", "wirtschaftswissenschaft*",
                           "macroeconomics", "microeconomics")},
    {FR_FIELD_SOCIAL, L("psychology", "psychologie", "sociology", "soziologie", "political science", "politics",
                        "politikwissenschaft*", "social science*", "sozialwissenschaft*", "anthropology",
                        "social work", "sozialarbeit", "sozialpädagogik", "international relations",
                        "public policy", "public administration", "human services", "criminal justice",
                        "cognitive science", "behavioral science*", "behavioural science*")},
    {FR_FIELD_HUMANITIES, L("history", "geschichte", "philosophy", "philosophie", "literature", "literatur*",
                            "english", "germanistik", "anglistik", "linguistics", "linguistik", "languages",
                            "music", "musik", "kunst", "fine art", "art history", "theatre", "theater", "religion*",
                            "theology", "theologie", "classics", "liberal arts", "humanities",
                            "geisteswissenschaft*", "romanistik", "translation", "übersetz*", "dolmetsch*")},
    {FR_FIELD_LAW, L("law", "laws", "legal", "jura", "rechtswissenschaft*", "jurisprudence", "paralegal",
                     "rechtsanwalt*", "volljurist*")},
    {FR_FIELD_HEALTH, L("nursing", "pflege*", "medicine", "medizin*", "health*", "gesundheit*", "pharmacy",
                        "pharmazie", "public health", "dental", "nutrition", "ernährung*", "physiotherap*",
                        "kinesiology", "biomedical", "clinical", "krankenpfleg*", "healthcare")},
    {FR_FIELD_EDUCATION, L("education", "pädagogik", "erziehungswissenschaft*", "teaching", "lehramt",
                           "educational", "early childhood", "erzieher*", "*pädagog*", "kindheitspädagog*",
                           "sozialwesen", "kinderpfleger*", "child development")},
    {FR_FIELD_DESIGN, L("design", "graphic design", "grafikdesign", "kommunikationsdesign", "architecture",
                        "architektur", "fine arts", "ux", "interaction design", "mediengestalt*", "film",
                        "photography", "fotografie", "fashion")},
    {FR_FIELD_COMMUNICATION, L("communication", "communications", "kommunikationswissenschaft*", "journalism",
                               "journalismus", "public relations", "media", "medien*", "mass media",
                               "broadcasting", "publizistik", "speech")},
    {FR_FIELD_AGRICULTURE, L("agriculture", "agricultural", "landwirtschaft*", "agrar*", "forestry",
                             "forstwirtschaft", "veterinary", "tiermedizin")},
    /* ISCED-F 10 services: hotel, restaurants and catering, travel and tourism, transport, security */
    {FR_FIELD_SERVICES, L("hospitality", "hotel*", "tourism", "tourismus", "touristik*", "culinary", "koch",
                          "köchin", "küchen*", "gastronomie", "restaurant*", "hotelfach*", "catering",
                          "fachkraft für lagerlogistik", "lagerlogistik", "fachlagerist*", "berufskraftfahrer*",
                          "spedition*", "fire science", "security services")},
};

uint32_t fr_fields_named(const fr_words *w)
{
    uint32_t bits = 0;
    for (size_t i = 0; i < w->nw; i++)
        for (size_t f = 0; f < sizeof fields / sizeof *fields; f++)
            for (const char *const *p = fields[f].words; *p; p++)
                if (fr_words_match(w, i, *p))
                    bits |= fields[f].bits;
    return bits;
}

/* fr_fields_of's test of a field's word at word i: not a word of the broad families */
static int fields_broad_at(const fr_words *w, size_t i)
{
    static const char *const broad[] = {"stem", "mint", "technical", "technisch*", "quantitative", "numerate", NULL};
    for (const char *const *b = broad; *b; b++)
        if (fr_words_match(w, i, *b))
            return 1;
    return 0;
}

/* fr_fields_of's groups before the fields' own words: degrees that imply their field, broad
 * families */
static uint32_t fields_pre(const fr_words *w, int resume)
{
    uint32_t bits = 0;
    /* degree names that imply their field (words split at dots: "M.B.A." is m b a) */
    static const char *const business[] = {"mba", "bba", "m b a", "b b a", NULL};
    static const char *const law[] = {"jd", "j d", "juris doctor", "llb", "llm", "ll m", "ll b", NULL};
    if (resume && fr_words_any(w, business))
        bits |= FR_FIELD_BUSINESS;
    if (resume && fr_words_any(w, law))
        bits |= FR_FIELD_LAW;
    /* broad families: "technical field", "STEM", "quantitative field" — a word that names one
     * names no field of its own */
    static const char *const technical[] = {"stem", "mint", "technical", "technisch*", NULL};
    static const char *const quant[] = {"quantitative", "numerate", NULL};
    if (fr_words_any(w, technical))
        bits |= FR_FIELD_TECHNICAL;
    if (fr_words_any(w, quant))
        bits |= FR_FIELD_QUANT;
    return bits;
}

/* fr_fields_of's *related */
static int fields_related(const fr_words *w)
{
    static const char *const rel[] = {"related", "similar", "relevant", "equivalent field", "comparable",
                                      "vergleichbar*", "verwandt*", "ähnlich*", "einschlägig*", "other technical",
                                      "affine*", NULL};
    return fr_words_any(w, rel);
}

uint32_t fr_fields_of(const fr_words *w, int resume, int *related)
{
    uint32_t bits = fields_pre(w, resume);
    size_t m;
    for (size_t f = 0; f < sizeof fields / sizeof *fields; f++) {
        if ((bits & fields[f].bits) == fields[f].bits)
            continue; /* nothing to add */
        for (const char *const *p = fields[f].words; *p; p++)
            for (size_t i = fr_words_find(w, *p, 0, &m); i < w->nw; i = fr_words_find(w, *p, i + 1, &m))
                if (!fields_broad_at(w, i)) {
                    bits |= fields[f].bits;
                    break;
                }
    }
    if (related)
        *related = fields_related(w);
    return bits;
}

/* The fields' patterns in table order with their groups' bits, the first cap of them (NULL: none
 * written); how many there are. */
static size_t field_patterns(const char **pat, uint32_t *bits, size_t cap)
{
    size_t n = 0;
    for (size_t f = 0; f < sizeof fields / sizeof *fields; f++)
        for (const char *const *p = fields[f].words; *p; p++, n++)
            if (pat && n < cap) {
                pat[n] = *p;
                bits[n] = fields[f].bits;
            }
    return n;
}

uint32_t fr_fields_of_x(const fr_cue_index *x, const fr_words *w, int resume, int *related)
{
    uint32_t bits = fields_pre(w, resume);
    /* word by word: the patterns its head allows and those any word may start; a group is set by
     * any of its patterns matching at a word of no broad family — what fr_fields_of's search
     * pattern by pattern sets, in another order (bits are ORed) */
    for (size_t i = 0; i < w->nw; i++) {
        const char *word = w->low + w->ws[i];
        size_t wl = w->wl[i];
        unsigned h = w->head[i];
        for (uint32_t j = x->fld_start[h]; j < x->fld_start[h + 1]; j++) {
            const struct fld_ent *e = &x->fld[j];
            if ((bits & e->bits) == e->bits || !(e->prefix ? wl >= e->first : wl == e->first))
                continue;
            if (fr_words_match(w, i, e->pat) && !fields_broad_at(w, i))
                bits |= e->bits;
        }
        for (size_t j = 0; j < x->n_fld_any; j++) {
            const struct fld_ent *e = &x->fld_any[j];
            if ((bits & e->bits) == e->bits)
                continue;
            /* a suffix: fr_words_match's test, its last byte first */
            int m = e->suf ? wl > e->suf && word[wl - 1] == e->pat[e->suf] &&
                                 memcmp(word + wl - e->suf, e->pat + 1, e->suf) == 0
                           : fr_words_match(w, i, e->pat) != 0;
            if (m && !fields_broad_at(w, i))
                bits |= e->bits;
        }
    }
    if (related)
        *related = fields_related(w);
    return bits;
}

uint32_t fr_fields_adjacent(uint32_t g)
{
    uint32_t a = g;
    if (g & (FR_FIELD_COMPUTING | FR_FIELD_ENGINEERING | FR_FIELD_MATH | FR_FIELD_SCIENCE))
        a |= FR_FIELD_TECHNICAL;
    if (g & (FR_FIELD_BUSINESS | FR_FIELD_ECONOMICS))
        a |= FR_FIELD_BUSINESS | FR_FIELD_ECONOMICS | FR_FIELD_MATH;
    if (g & FR_FIELD_MATH)
        a |= FR_FIELD_ECONOMICS;
    if (g & (FR_FIELD_SOCIAL | FR_FIELD_HUMANITIES | FR_FIELD_COMMUNICATION | FR_FIELD_EDUCATION))
        a |= FR_FIELD_SOCIAL | FR_FIELD_HUMANITIES | FR_FIELD_COMMUNICATION | FR_FIELD_EDUCATION;
    if (g & (FR_FIELD_HEALTH | FR_FIELD_SCIENCE))
        a |= FR_FIELD_HEALTH | FR_FIELD_SCIENCE;
    if (g & (FR_FIELD_DESIGN | FR_FIELD_COMMUNICATION))
        a |= FR_FIELD_DESIGN | FR_FIELD_COMMUNICATION;
    if (g & FR_FIELD_LAW)
        a |= FR_FIELD_SOCIAL | FR_FIELD_BUSINESS;
    return a;
}

const char *fr_fields_name(uint32_t bits, char *buf, size_t cap)
{
    static const char *const names[] = {"computing", "engineering", "mathematics", "science", "business",
                                        "economics", "social sciences", "humanities", "law", "health",
                                        "education", "design", "communication", "agriculture", "services"};
    size_t k = 0;
    if (cap)
        buf[0] = '\0';
    for (int i = 0; i < 15; i++)
        if (bits & (1u << i)) {
            size_t l = strlen(names[i]);
            if (k + l + 3 > cap)
                break;
            if (k) {
                memcpy(buf + k, ", ", 2);
                k += 2;
            }
            memcpy(buf + k, names[i], l + 1);
            k += l;
        }
    return buf;
}

/* Words about the amount and kind of experience, function words, and how a requirement is framed
 * rather than what it asks ("Strong knowledge of", "Kenntnisse in"): whole words, and words a word
 * begins with (a pattern's trailing '*').  Both lists are in byte order (a Check test holds them
 * to it): a word is looked up by binary search, not compared with every entry. */
/* a word with its length (the tables are searched once per word of every document) */
struct xword {
    const char *s;
    size_t n;
};
#define W(lit) {lit, sizeof lit - 1}
static const struct xword experience_exact[] = {
    W("a"), W("ability"), W("able"), W("across"), W("als"), W("an"), W("and"), W("are"), W("as"), W("at"),
    W("auch"), W("auf"), W("background"), W("bereich"), W("berufspraxis"), W("both"), W("bringen"), W("bringst"),
    W("bzw"), W("can"), W("capacity"), W("das"), W("deep"), W("dem"), W("demonstrated"), W("den"), W("der"),
    W("des"), W("die"), W("du"), W("e.g"), W("equivalent"), W("etc"), W("expertise"), W("extensive"),
    W("following"), W("for"), W("from"), W("full"), W("für"), W("good"), W("great"), W("haben"), W("hands"),
    W("has"), W("hast"), W("have"), W("idealerweise"), W("ideally"), W("im"), W("in"), W("including"),
    W("industries"), W("industry"), W("ist"), W("least"), W("many"), W("min"), W("mind"), W("mindestens"),
    W("minimum"), W("mit"), W("mitbringen"), W("more"), W("multiple"), W("must"), W("oder"), W("of"), W("on"),
    W("one"), W("or"), W("other"), W("our"), W("over"), W("overall"), W("plus"), W("post"), W("post-graduate"),
    W("practical"), W("preferably"), W("previous"), W("prior"), W("proven"), W("record"), W("related"), W("sehr"),
    W("several"), W("should"), W("sie"), W("significant"), W("similar"), W("sind"), W("some"), W("sowie"),
    W("substantial"), W("such"), W("than"), W("that"), W("the"), W("this"), W("three"), W("time"), W("total"),
    W("track"), W("two"), W("umfeld"), W("umgang"), W("und"), W("understanding"), W("using"), W("verfügen"),
    W("von"), W("vorteil"), W("wie"), W("will"), W("with"), W("within"), W("wünschenswert"), W("you"), W("your"),
    W("yrs"), W("über"), {NULL, 0}};
static const struct xword experience_prefix[] = {
    W("abilit"), W("areas"), W("beruflich"), W("berufserfahrung"), W("ein"), W("einschlägig"), W("environment"),
    W("erfahrung"), W("erste"), W("excellent"), W("experience"), W("familiar"), W("field"), W("fundiert"),
    W("fähigkeit"), W("gute"), W("include"), W("jahr"), W("job"), W("kenntnis"), W("knowledge"), W("langjährig"),
    W("mehrere"), W("mehrjährig"), W("monat"), W("month"), W("position"), W("praktisch"), W("praxiserfahrung"),
    W("professional"), W("proficien"), W("progressive"), W("projekterfahrung"), W("relevant"), W("role"),
    W("setting"), W("solid"), W("strong"), W("vergleichbar"), W("verständnis"), W("work"), W("year"), W("ähnlich"),
    {NULL, 0}};

#undef W

/* Compare word w (n bytes) with e, in byte order. */
static int word_cmp(const char *w, size_t n, const struct xword *e)
{
    size_t m = n < e->n ? n : e->n;
    int c = memcmp(w, e->s, m);
    return c ? c : (n > e->n) - (n < e->n);
}

int fr_experience_word(const char *w, size_t n)
{
    if (!n)
        return 0;
    size_t lo = 0, hi = sizeof experience_exact / sizeof *experience_exact - 1;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = word_cmp(w, n, &experience_exact[mid]);
        if (!c)
            return 1;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    /* the words it may begin with share its first byte: find them, then test each */
    lo = 0;
    hi = sizeof experience_prefix / sizeof *experience_prefix - 1;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if ((unsigned char)experience_prefix[mid].s[0] < (unsigned char)w[0])
            lo = mid + 1;
        else
            hi = mid;
    }
    for (const struct xword *g = experience_prefix + lo; g->s && g->s[0] == w[0]; g++)
        if (n >= g->n && memcmp(w, g->s, g->n) == 0)
            return 1;
    return 0;
}

int fr_experience_tables_sorted(void)
{
    const struct xword *t[2] = {experience_exact, experience_prefix};
    for (int k = 0; k < 2; k++)
        for (size_t i = 1; t[k][i].s; i++)
            if (strcmp(t[k][i - 1].s, t[k][i].s) >= 0)
                return 0;
    return 1;
}

/* ------------------------------------------------------------ word keys */

/* A crude stem: one or two common English / German inflection suffixes off ("trainings" →
 * "train", "Altenpflegerin" → "altenpfleg" = "Altenpflege", "developer" / "developed" →
 * "develop"), keeping at least four bytes.  Not Snowball (which fit may use for the vocabulary):
 * this only has to make a word and its inflections meet, in both languages at once. */
static size_t stem_len(const char *w, size_t n)
{
    static const struct {
        const char *s;
        size_t n;
    } suf[] = {{"innen", 5}, {"ungen", 5}, {"ments", 5}, {"ment", 4}, {"ings", 4}, {"ing", 3}, {"ions", 4},
               {"ion", 3},   {"ers", 3},   {"ung", 3},   {"er", 2},   {"ed", 2},   {"es", 2},  {"en", 2},
               {"in", 2},    {"e", 1},     {"s", 1},     {"n", 1}};
    for (int pass = 0; pass < 2; pass++)
        for (size_t k = 0; k < sizeof suf / sizeof *suf; k++)
            if (n >= suf[k].n + 4 && w[n - 1] == suf[k].s[suf[k].n - 1] &&
                memcmp(w + n - suf[k].n, suf[k].s, suf[k].n) == 0) {
                n -= suf[k].n;
                break;
            }
    return n;
}

uint32_t fr_word_key(const char *w, size_t n)
{
    n = stem_len(w, n);
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)w[i]) * 16777619u;
    return h & 0x7FFFFFFFu; /* below fr_csr's column bound */
}

#define WORD_NO_KEY UINT32_MAX /* keys are below 2^31 */

/* Word x's key, or WORD_NO_KEY for a word that has none (see fr_word_keys). */
static uint32_t word_key_of(const char *x, size_t l)
{
    int tech = memchr(x, '+', l) || memchr(x, '#', l); /* c#, c++ */
    int digits = 1;
    for (size_t k = 0; k < l; k++)
        digits &= x[k] >= '0' && x[k] <= '9';
    if ((l < 3 && !tech) || digits || fr_experience_word(x, l))
        return WORD_NO_KEY;
    return fr_word_key(x, l);
}

struct fr_word_memo {
    struct memo_slot {
        uint64_t a, b;     /* the word's first 16 bytes (memo_pack): all of it, most often */
        uint32_t off, len; /* a longer word's bytes in `bytes`; len 0: an empty slot */
        uint32_t key;
    } *slot;
    size_t mask, used;
    size_t max_slots; /* it grows from MEMO_FIRST slots to this, then starts afresh when half full */
    fr_buf bytes;
};

/* A memo starts small and doubles: `match` prepares one résumé, whose few hundred words in a 2 MB
 * table touched ~450 fresh pages (a page fault each: ~1-2 ms of a 50 ms query); a batch's
 * builder grows to the full size within its first documents. */
enum { MEMO_FIRST_LOG2 = 10 };

static size_t memo_slot_of(uint64_t a, uint64_t b, size_t l, size_t mask)
{
    uint64_t h = (a ^ (b * 0x9E3779B97F4A7C15ull) ^ l) * 0xFF51AFD7ED558CCDull;
    h ^= h >> 29;
    return (size_t)h & mask;
}

fr_status fr_word_memo_new(unsigned slots_log2, fr_word_memo **out, fr_error *err)
{
    *out = NULL;
    if (slots_log2 < 2 || slots_log2 > 24)
        return fr_fail(err, FR_EINVAL, "word memo of 2^%u slots: want 2^2 .. 2^24", slots_log2);
    fr_word_memo *m = calloc(1, sizeof *m);
    unsigned first = slots_log2 < MEMO_FIRST_LOG2 ? slots_log2 : MEMO_FIRST_LOG2;
    if (m)
        m->slot = calloc((size_t)1 << first, sizeof *m->slot);
    if (!m || !m->slot) {
        fr_word_memo_free(m);
        return fr_fail(err, FR_ENOMEM, "out of memory");
    }
    m->mask = ((size_t)1 << first) - 1;
    m->max_slots = (size_t)1 << slots_log2;
    *out = m;
    return FR_OK;
}

void fr_word_memo_free(fr_word_memo *m)
{
    if (!m)
        return;
    free(m->slot);
    fr_buf_free(&m->bytes);
    free(m);
}

/* A word's first 16 bytes as two numbers (little end first, zeros after its end); x is a word of
 * an fr_words, whose text has FR_WORDS_PAD bytes after its end: 16 bytes can be read at x. */
static inline void memo_pack(const char *x, size_t l, uint64_t *a, uint64_t *b)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    memcpy(a, x, 8); /* the first byte in the low bits: masks keep the word's bytes */
    memcpy(b, x + 8, 8);
    if (l < 8) {
        *a &= ((uint64_t)1 << (8 * l)) - 1;
        *b = 0;
    } else if (l < 16)
        *b &= ((uint64_t)1 << (8 * (l - 8))) - 1;
#else
    uint64_t v[2] = {0, 0};
    for (size_t k = 0; k < l && k < 16; k++)
        v[k / 8] |= (uint64_t)(unsigned char)x[k] << (8 * (k % 8));
    *a = v[0];
    *b = v[1];
#endif
}

static uint32_t memo_key(fr_word_memo *m, const char *x, size_t l)
{
    if (l > 64) /* long words are rare: not worth their room */
        return word_key_of(x, l);
    /* the word itself is the key (most are 16 bytes or fewer: two numbers compared, no hash of
     * its bytes and no comparison of them); a multiply mixes it into a slot */
    uint64_t a, b;
    memo_pack(x, l, &a, &b);
    size_t j = memo_slot_of(a, b, l, m->mask);
    for (; m->slot[j].len; j = (j + 1) & m->mask)
        if (m->slot[j].a == a && m->slot[j].b == b && m->slot[j].len == l &&
            (l <= 16 || memcmp(m->bytes.data + m->slot[j].off, x, l) == 0))
            return m->slot[j].key;
    uint32_t k = word_key_of(x, l);
    if (2 * (m->used + 1) > m->mask + 1) { /* half full: grow, or at the most start afresh (probes stay short) */
        size_t n = m->mask + 1;
        struct memo_slot *grown = 2 * n <= m->max_slots ? calloc(2 * n, sizeof *grown) : NULL;
        if (grown) { /* (no room to grow: start afresh, as at the most) */
            for (size_t i = 0; i < n; i++)
                if (m->slot[i].len) {
                    size_t t = memo_slot_of(m->slot[i].a, m->slot[i].b, m->slot[i].len, 2 * n - 1);
                    while (grown[t].len)
                        t = (t + 1) & (2 * n - 1);
                    grown[t] = m->slot[i];
                }
            free(m->slot);
            m->slot = grown;
            m->mask = 2 * n - 1;
        } else {
            memset(m->slot, 0, n * sizeof *m->slot);
            fr_buf_reset(&m->bytes);
            m->used = 0;
        }
        for (j = memo_slot_of(a, b, l, m->mask); m->slot[j].len; j = (j + 1) & m->mask)
            ;
    }
    size_t off = m->bytes.len;
    if (l <= 16 || (off <= UINT32_MAX - l && fr_buf_append(&m->bytes, x, l) == FR_OK)) { /* else: not kept */
        m->slot[j] = (struct memo_slot){a, b, (uint32_t)(l <= 16 ? 0 : off), (uint32_t)l, k};
        m->used++;
    }
    return k;
}

size_t fr_word_keys(const fr_words *w, fr_word_memo *memo, uint32_t *keys, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < w->nw && n < cap; i++) {
        const char *x = w->low + w->ws[i];
        size_t l = w->wl[i];
        uint32_t k = memo ? memo_key(memo, x, l) : word_key_of(x, l);
        if (k != WORD_NO_KEY)
            keys[n++] = k;
    }
    return fr_sort_unique_u32(keys, n);
}
