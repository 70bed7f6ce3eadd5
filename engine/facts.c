/* engine/facts.c — structured facts of one qualification line: minimum years, degree, enrolment,
 * fields of study, skills (via the lexicon) and whether the skills are alternatives.
 *
 * Written as small word scans over a lower-cased copy rather than regular expressions: the
 * patterns are few, must work for English and German, and a scan states its rule plainly
 * ("a number within three words before 'years'"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "util/ascii.h"

#include "engine/document.h"
#include "engine/kinds.h"

const char *fr_degree_name(fr_degree d)
{
    switch (d) {
    case FR_DEG_ANY: return "any";
    case FR_DEG_BACHELOR: return "bachelor";
    case FR_DEG_MASTER: return "master";
    case FR_DEG_PHD: return "phd";
    case FR_DEG_VOCATIONAL: return "vocational";
    case FR_DEG_SCHOOL: return "school";
    default: return NULL;
    }
}

int fr_degree_rank(fr_degree d)
{
    switch (d) {
    case FR_DEG_SCHOOL: return 0;
    case FR_DEG_VOCATIONAL: return 1;
    case FR_DEG_ANY: case FR_DEG_BACHELOR: return 2;
    case FR_DEG_MASTER: return 3;
    case FR_DEG_PHD: return 4;
    default: return -1;
    }
}

size_t fr_collapse_ws_to(char *out, const char *s, size_t n)
{
    static const unsigned char blank[256] = {[' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\r'] = 1, ['\f'] = 1, ['\v'] = 1};
    size_t k = 0, bytewise = 0; /* below `bytewise`, byte by byte (16 bytes that were not copied whole) */
    for (size_t i = 0; i < n;) {
#ifdef __SSE2__
        /* 16 bytes as they are, when this loop would copy them so: their blanks single spaces
         * between words (none first before any output, none last before another blank).  Here
         * s[i - 1] is no blank: a run of blanks is always skipped whole. */
        if (i >= bytewise && i + 16 <= n) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
            unsigned sp = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')));
            /* \t \n \v \f \r are 9 .. 13: moved to -128 .. -124 (signed) */
            __m128i ctl = _mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8((char)(0x80 - 9))), _mm_set1_epi8(-128 + 5));
            if (!_mm_movemask_epi8(ctl) && !(sp & (sp >> 1)) && (k || !(sp & 1)) &&
                (!(sp & 0x8000) || (i + 16 < n && !blank[(unsigned char)s[i + 16]]))) {
                _mm_storeu_si128((__m128i *)(void *)(out + k), v); /* k <= i: within out's n + 1 */
                k += 16;
                i += 16;
                continue;
            }
            bytewise = i + 16;
        }
#else
        (void)bytewise;
#endif
        if (blank[(unsigned char)s[i]]) {
            while (i < n && blank[(unsigned char)s[i]])
                i++;
            if (k && i < n) /* one blank between words, none at the ends */
                out[k++] = ' ';
            continue;
        }
        out[k++] = s[i++];
    }
    out[k] = '\0';
    return k;
}

char *fr_collapse_ws(fr_arena *a, const char *s, size_t n)
{
    char *out = fr_arena_alloc(a, n + 1);
    if (out)
        fr_collapse_ws_to(out, s, n);
    return out;
}

/* ---------------------------------------------------------------- words */

#define MAX_WORDS 256

typedef struct {
    char w[MAX_WORDS][32];
    size_t n;
} words;

/* Lower-cased ASCII words (letters, digits, '+', '.', '\''); UTF-8 letters are kept as bytes so
 * German words compare as written in lower case. */
static void split_words(const char *s, words *ws)
{
    ws->n = 0;
    size_t i = 0, n = strlen(s);
    while (i < n && ws->n < MAX_WORDS) {
        unsigned char c = (unsigned char)s[i];
        int wc = fr_is_alpha(c) || fr_is_digit(c) || c >= 0x80;
        if (!wc) {
            i++;
            continue;
        }
        size_t k = 0;
        while (i < n) {
            c = (unsigned char)s[i];
            int inner = fr_is_alpha(c) || fr_is_digit(c) || c >= 0x80 || c == '+' ||
                        (c == '\'' && i + 1 < n && fr_is_alpha((unsigned char)s[i + 1])) || /* not "years'" */
                        ((c == '.' || c == '-') && i + 1 < n && (fr_is_alpha((unsigned char)s[i + 1]) ||
                                                                fr_is_digit((unsigned char)s[i + 1])));
            if (!inner)
                break;
            if (k < 31)
                ws->w[ws->n][k++] = fr_to_lower(c);
            i++;
        }
        ws->w[ws->n][k] = '\0';
        ws->n++;
    }
}

#define L2(...) ((const char *const[]){__VA_ARGS__, NULL})

static int is(const char *w, const char *const *list)
{
    for (; *list; list++) /* the first bytes first: most words differ there */
        if (w[0] == (*list)[0] && strcmp(w, *list) == 0)
            return 1;
    return 0;
}

static int has_word(const words *ws, const char *const *list)
{
    for (size_t i = 0; i < ws->n; i++)
        if (is(ws->w[i], list))
            return 1;
    return 0;
}

/* ---------------------------------------------------------------- years */

static double number_word(const char *w)
{
    static const char *const en[] = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
                                     "nine", "ten", "eleven", "twelve", NULL};
    static const char *const de[] = {"null", "ein", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht",
                                     "neun", "zehn", "elf", "zwölf", NULL};
    for (int i = 0; en[i]; i++)
        if (strcmp(w, en[i]) == 0 || strcmp(w, de[i]) == 0)
            return i;
    if (strcmp(w, "eine") == 0 || strcmp(w, "einem") == 0 || strcmp(w, "einen") == 0)
        return 1;
    /* digits, "3+", "3-5" (the lower bound) */
    if (w[0] >= '0' && w[0] <= '9') {
        char *end;
        double v = strtod(w, &end);
        if (*end == '\0' || *end == '+' || *end == '-')
            return v;
    }
    return -1;
}

static double min_years(const words *ws)
{
    static const char *const year[] = {"year", "years", "yrs", "yr", "jahr", "jahre", "jahren", "jahres", NULL};
    static const char *const month[] = {"months", "monate", "monaten", NULL};
    for (size_t i = 0; i < ws->n; i++) {
        int y = is(ws->w[i], year), m = !y && is(ws->w[i], month);
        if (!y && !m)
            continue;
        /* a recency ("completed within the last two years", "innerhalb der letzten 2 Jahre"), not
         * an amount of experience */
        for (size_t k = i >= 4 ? i - 4 : 0; k < i; k++)
            if ((strcmp(ws->w[k], "last") == 0 || strcmp(ws->w[k], "past") == 0 || strcmp(ws->w[k], "letzten") == 0 ||
                 strcmp(ws->w[k], "vergangenen") == 0) &&
                k > 0 && (strcmp(ws->w[k - 1], "the") == 0 || strcmp(ws->w[k - 1], "der") == 0 ||
                          strcmp(ws->w[k - 1], "den") == 0))
                return -1;
        /* an age, not experience: "children from 4 months to 6 years of age", "18 years or older",
         * "mindestens 18 Jahre alt" — then the item states no years at all */
        for (size_t k = i; k < ws->n && k < i + 8; k++) {
            const char *nx = k + 1 < ws->n ? ws->w[k + 1] : "", *nx2 = k + 2 < ws->n ? ws->w[k + 2] : "";
            if ((is(ws->w[k], year) || is(ws->w[k], month)) &&
                (strcmp(nx, "old") == 0 || strcmp(nx, "alt") == 0 || strcmp(nx, "older") == 0 ||
                 (strcmp(nx, "of") == 0 && strcmp(nx2, "age") == 0) ||
                 (strcmp(nx, "or") == 0 && strcmp(nx2, "older") == 0)))
                return -1;
        }
        for (size_t back = 1; back <= 3 && back <= i; back++) {
            const char *p = ws->w[i - back];
            if (strcmp(p, "per") == 0 || strcmp(p, "each") == 0 || strcmp(p, "every") == 0)
                break;
            double v = number_word(p);
            if (v >= 0 && v < 60) {
                /* "2 to 4 years": the lower bound is the word before "to"/"bis" */
                if (back >= 2 && (strcmp(ws->w[i - back + 1], "to") == 0 || strcmp(ws->w[i - back + 1], "bis") == 0))
                    ;
                else if (back == 1 && i >= 3 &&
                         (strcmp(ws->w[i - 2], "to") == 0 || strcmp(ws->w[i - 2], "bis") == 0) &&
                         number_word(ws->w[i - 3]) >= 0)
                    v = number_word(ws->w[i - 3]);
                return m ? v / 12.0 : v;
            }
        }
    }
    return -1;
}

/* -------------------------------------------------------------- degrees */

/* w begins with one of the stems (a stem ending in '.' or a short abbreviation must be the whole
 * word or be followed by '-': "dipl.-ing", "b.sc." but not "bachelors" for "bm") */
static int stem_of(const char *w, const char *const *stems)
{
    for (; *stems; stems++) {
        if (w[0] != (*stems)[0]) /* then strncmp differs too (a stem has a byte at least) */
            continue;
        size_t n = strlen(*stems);
        if (strncmp(w, *stems, n) != 0)
            continue;
        if (n >= 5 && (*stems)[n - 1] != '.')
            return 1;
        if (w[n] == '\0' || w[n] == '-' || w[n] == '.')
            return 1;
    }
    return 0;
}

/* Words that look like a master and are not one: "diploma" and "diplomatic" (stem "diplom"), a
 * "Scrum Master", "Master Data", a "Master Electrician" (a trade licence). */
static int not_a_master(const words *ws, size_t i)
{
    static const char *const before[] = {"scrum", "web", "quiz", "post", "toast", "grand", "band", "concert",
                                         "station", "dungeon", "chess", NULL};
    static const char *const after[] = {"data", "teacher", "file", "files", "plan", "scheduler", "card", "key",
                                        "list", "class", "classes", "chef", "electrician", "plumber", "craftsman",
                                        "mason", "builder", "carpenter", "technician", "sergeant", "brewer",
                                        "gardener", "mariner", "mechanic", "copy", "record", "records", "agreement",
                                        "service", "services", "bedroom", "suite", "black", "node", "branch", NULL};
    const char *w = ws->w[i];
    if (strncmp(w, "diplom", 6) == 0 && w[6] == 'a')
        return 1;
    return (i > 0 && is(ws->w[i - 1], before)) || (i + 1 < ws->n && is(ws->w[i + 1], after));
}

/* A year or a postcode: what follows a state's abbreviation, not a degree's. */
static int year_like(const char *w)
{
    size_t n = strlen(w);
    if (n != 4 && n != 5)
        return 0;
    for (size_t k = 0; k < n; k++)
        if (w[k] < '0' || w[k] > '9')
            return 0;
    return 1;
}

/* "Some College (No Degree)", "ohne Abschluss": a degree word that says there is none. */
static int no_degree(const words *ws)
{
    for (size_t i = 0; i + 1 < ws->n; i++)
        if ((strcmp(ws->w[i], "no") == 0 || strcmp(ws->w[i], "without") == 0 || strcmp(ws->w[i], "ohne") == 0 ||
             strcmp(ws->w[i], "kein") == 0 || strcmp(ws->w[i], "keinen") == 0) &&
            (strcmp(ws->w[i + 1], "degree") == 0 || strcmp(ws->w[i + 1], "abschluss") == 0))
            return 1;
    return 0;
}

/* "Associate of Arts", "associate degree", "Associate's in ..." — not "associated with" nor an
 * "Associate Director" */
static int associate_degree(const words *ws, size_t i)
{
    const char *w = ws->w[i];
    if (strcmp(w, "associate") != 0 && strcmp(w, "associate's") != 0 && strcmp(w, "associates") != 0)
        return 0;
    const char *next = i + 1 < ws->n ? ws->w[i + 1] : "";
    /* "Associate or Bachelor's degree": a degree word follows the alternative */
    int alt = (strcmp(next, "or") == 0 || strcmp(next, "and") == 0 || strcmp(next, "/") == 0) && i + 2 < ws->n &&
              (strncmp(ws->w[i + 2], "bachelor", 8) == 0 || strcmp(ws->w[i + 2], "ba") == 0 ||
               strcmp(ws->w[i + 2], "bs") == 0);
    if (alt || strcmp(next, "degree") == 0)
        return 1;
    const char *after = i + 2 < ws->n ? ws->w[i + 2] : "";
    if (strcmp(next, "of") == 0) { /* "Associate of Arts", not "Associate of the Month" */
        static const char *const of[] = {"arts", "science", "sciences", "applied", "fine", "occupational",
                                         "general", "technology", "business", NULL};
        for (const char *const *o = of; *o; o++)
            if (strcmp(after, *o) == 0)
                return 1;
        return 0;
    }
    if (strcmp(next, "in") == 0) {
        /* "Associate in Applied Science", "an Associate in Nursing" — not a "Sales Associate in
         * retail": a word before it other than an article makes it a job title */
        const char *prev = i > 0 ? ws->w[i - 1] : "";
        return i == 0 || strcmp(prev, "an") == 0 || strcmp(prev, "a") == 0 || strcmp(prev, "the") == 0 ||
               strcmp(prev, "my") == 0 || strcmp(prev, "and") == 0 || strcmp(prev, "or") == 0;
    }
    return 0;
}

/* The words and stems a degree is named by (degree() below), at file scope so that the
 * prefilter's test can read them. */
/* "Promotion" is a doctorate in German and a marketing term in English: only with German
 * words around it ("mit Promotion", "abgeschlossene Promotion") */
static const char *const deg_phd[] = {"phd", "ph.d", "doctorate", "doctoral", "doktor", "doktorand",
                                  "doktorandin", "dphil", NULL};
static const char *const deg_master[] = {"master", "master's", "masters", "msc", "m.sc", "mba", "meng", "m.eng",
                                     "diplom", "m.s", "m.a", "ma", "m.phil", "mphil", NULL};
static const char *const deg_bachelor[] = {"bachelor", "bachelor's", "bachelors", "bsc", "b.sc", "beng", "b.eng",
                                       "b.s", "b.a", "undergraduate", "ba", "bs", NULL};
static const char *const deg_abbrevs[] = {"bs", "ba", "ms", "ma", "phd", "mba", "msc", "bsc", NULL};
static const char *const deg_abbrev_ctx_bad[] = {"office", "excel", "word", "teams", "sql", "access", "project",
                                             "dynamics", "azure", "windows", "powerpoint", "outlook", NULL};
static const char *const deg_any[] = {"degree", "degrees", "abschluss", "hochschulabschluss", "studium",
                                  "university", "diploma", "hochschulstudium", NULL};
/* German compounds and abbreviations by their stems: "Bachelorabschluss", "Masterstudium",
 * "Diplom-Informatiker", "Dipl.-Ing.", "Dr.-Ing.", "Magister", "Staatsexamen"; vocational
 * ("Ausbildung zum Fachinformatiker", "IHK", an associate degree); school leaving certificates */
static const char *const deg_phd_stem[] = {"promoviert", "doktor", "dr.", "dr.-ing", "dr.rer", "ph.d.", NULL};
static const char *const deg_dr_titles[] = {"rer", "phil", "ing", "med", "jur", "oec", "sc", "techn", NULL};
static const char *const deg_german_before[] = {"mit", "eine", "einer", "abgeschlossene", "abgeschlossener",
                                            "oder", "und", "gerne", "idealerweise", NULL};
static const char *const deg_master_stem[] = {"master", "diplom", "dipl.", "dipl", "magister", "staatsexam",
                                          "m.sc.", "m.a.", "m.eng.", "m.s.", "mba", "m.b.a", "jd", "j.d",
                                          "juris", "llm", "ll.m", "mfa", "m.ed", "med.", "mph", NULL};
static const char *const deg_bachelor_stem[] = {"bachelor", "b.sc.", "b.a.", "b.s.", "b.eng.", "bba", "b.b.a",
                                            "bsc", "b.tech", "btech", "b.com", "bcom", "llb", "ll.b", "bfa",
                                            "b.f.a", "b.m", "bm", "b.s.i.t", "bsit", "b.ed", "bsn", NULL};
static const char *const deg_voc_stem[] = {"ausbildung", "berufsausbildung", "fachinformatiker",
                                       "kaufmann", "kauffrau", "facharbeiter", "geselle", "meister",
                                       "techniker", "ihk", "associate", "vocational", "fachschul",
                                       "berufsschul", NULL};
static const char *const deg_school_stem[] = {"abitur", "fachabitur", "hochschulreife", "realschul", "hauptschul",
                                          "mittlere", "ged", "gymnasium", NULL};
static const char *const degree_extra[] = {"promotion", "dr", "ms", "high", NULL};
static const char *const *const degree_names[] = {deg_phd,      deg_phd_stem,      deg_master,
                                                  deg_master_stem, deg_bachelor, deg_bachelor_stem,
                                                  deg_voc_stem, deg_school_stem, degree_extra};

/* The first two letters of every word and stem above: a word beginning otherwise names no degree,
 * and degree() skips its ~100 comparisons (most words of a résumé; fr_degree_heads_cover checks
 * the list against the tables). */
static const char degree_heads[] = "ab as au b. ba bb bc be bf bm bs bt di do dp dr fa ge gy ha hi ho ih j. jd ju ka "
                                   "ll m. ma mb me mf mi mp ms ph pr re st te un vo";

/* The pairs above by first letter: bit b of a letter's entry for the second byte 'a' + b, bit 26
 * for '.' (fr_degree_heads_cover holds it to the string, pair by pair). */
static const uint32_t degree_pairs[26] = {
    /* a */ 0x140002, /* b */ 0x40c1037, /* c */ 0x0, /* d */ 0x2c100, /* e */ 0x0, /* f */ 0x1, /* g */ 0x1000010,
    /* h */ 0x4101, /* i */ 0x80, /* j */ 0x4100008, /* k */ 0x1, /* l */ 0x800, /* m */ 0x4048133, /* n */ 0x0,
    /* o */ 0x0, /* p */ 0x20080, /* q */ 0x0, /* r */ 0x10, /* s */ 0x80000, /* t */ 0x10, /* u */ 0x2000,
    /* v */ 0x4000, /* w */ 0x0, /* x */ 0x0, /* y */ 0x0, /* z */ 0x0};

/* The two bytes begin a pair of degree_heads: by the string (the reference) */
static int pair_listed(unsigned char a, unsigned char b)
{
    for (const char *h = degree_heads;; h += 3) { /* "ab as ... vo": pairs a space apart */
        if ((unsigned char)h[0] == a && (unsigned char)h[1] == b)
            return 1;
        if (!h[2])
            return 0;
    }
}

/* and by the table */
static int pair_indexed(unsigned char a, unsigned char b)
{
    unsigned i = (unsigned)a - 'a', j = b == '.' ? 26u : (unsigned)b - 'a';
    return i < 26 && (j < 26 || b == '.') && (degree_pairs[i] >> j & 1);
}

static int may_name_degree(const char *w)
{
    if (!w[0] || !w[1])
        return 0; /* every word and stem has two letters at least */
    return pair_indexed((unsigned char)w[0], (unsigned char)w[1]);
}

int fr_degree_heads_cover(void)
{
    for (unsigned a = 0; a < 256; a++) /* the table is the string, pair by pair */
        for (unsigned b = 0; b < 256; b++)
            if (pair_listed((unsigned char)a, (unsigned char)b) != pair_indexed((unsigned char)a, (unsigned char)b))
                return 0;
    for (size_t t = 0; t < sizeof degree_names / sizeof *degree_names; t++)
        for (const char *const *w = degree_names[t]; *w; w++)
            if (!may_name_degree(*w))
                return 0;
    return 1;
}

/* The degree a text names: the lowest level named (`highest` = 0: what an item requires of "BA/BS
 * or MS") or the highest (an education entry that lists a school and a degree). */
static fr_degree degree(const words *ws, int highest)
{
    fr_degree best = FR_DEG_NONE;
    for (size_t i = 0; i < ws->n; i++) {
        const char *w = ws->w[i];
        fr_degree d = FR_DEG_NONE;
        if (!may_name_degree(w))
            continue;
        if (is(w, deg_phd) || stem_of(w, deg_phd_stem) ||
            (strcmp(w, "promotion") == 0 && (i == 0 || is(ws->w[i - 1], deg_german_before))) ||
            (strcmp(w, "dr") == 0 && i + 1 < ws->n && is(ws->w[i + 1], deg_dr_titles)))
            d = FR_DEG_PHD;
        else if ((is(w, deg_master) || strcmp(w, "ms") == 0 || stem_of(w, deg_master_stem)) && !not_a_master(ws, i))
            d = FR_DEG_MASTER;
        else if (is(w, deg_bachelor) || stem_of(w, deg_bachelor_stem))
            d = FR_DEG_BACHELOR;
        else if (stem_of(w, deg_voc_stem) && (strncmp(w, "associate", 9) != 0 || associate_degree(ws, i)))
            d = FR_DEG_VOCATIONAL;
        else if (stem_of(w, deg_school_stem) || (strcmp(w, "high") == 0 && i + 1 < ws->n && strcmp(ws->w[i + 1], "school") == 0))
            d = FR_DEG_SCHOOL;
        if (d != FR_DEG_NONE && (strcmp(w, "ms") == 0 || strcmp(w, "ma") == 0 || strcmp(w, "ba") == 0 || strcmp(w, "bs") == 0)) {
            /* bare abbreviations: not "MS Office", not "BA" the airline */
            if (i + 1 < ws->n && (is(ws->w[i + 1], deg_abbrev_ctx_bad) || year_like(ws->w[i + 1])))
                d = FR_DEG_NONE; /* "MS Office"; "Keesler AFB, MS, 2010" is Mississippi */
            else if (!has_word(ws, deg_any) && !(i + 1 < ws->n && (strcmp(ws->w[i + 1], "in") == 0 || strcmp(ws->w[i + 1], "or") == 0 ||
                                                                 is(ws->w[i + 1], deg_master) || is(ws->w[i + 1], deg_bachelor) ||
                                                                 is(ws->w[i + 1], deg_phd) || is(ws->w[i + 1], deg_abbrevs))) &&
                     !(i > 0 && (is(ws->w[i - 1], deg_bachelor) || is(ws->w[i - 1], deg_master) || is(ws->w[i - 1], deg_abbrevs) ||
                                 strcmp(ws->w[i - 1], "or") == 0)))
                d = FR_DEG_NONE;
        }
        if (d != FR_DEG_NONE && (best == FR_DEG_NONE || best == FR_DEG_ANY ||
                                 (highest ? fr_degree_rank(d) > fr_degree_rank(best)
                                          : fr_degree_rank(d) < fr_degree_rank(best))))
            best = d;
    }
    if (best == FR_DEG_NONE && has_word(ws, deg_any) && !no_degree(ws))
        best = FR_DEG_ANY;
    return best;
}

static int enrolled(const char *lower)
{
    static const char *const pats[] = {"currently enrolled", "enrolled in", "currently pursuing", "pursuing a ",
                                       "current student", "currently a student", "be a student", "are a student",
                                       "be enrolled", "eingeschrieben", "immatrikuliert", "student enrolled",
                                       "enrolled student", NULL};
    for (int i = 0; pats[i]; i++)
        if (strstr(lower, pats[i]))
            return 1;
    return 0;
}

static const char *const field_names[] = {
    "computer science", "computer engineering", "electrical engineering", "software engineering",
    "operations research", "applied mathematics", "mathematics", "statistics", "physics", "data science",
    "information systems", "information technology", "economics", "finance", "accounting",
    "business administration", "mechanical engineering", "industrial engineering", "chemistry", "biology",
    "bioinformatics", "linguistics", "cognitive science", "neuroscience", "stem", "informatik",
    "wirtschaftsinformatik", "mathematik", "physik", "elektrotechnik", "maschinenbau",
    "ingenieurwissenschaften", "naturwissenschaften", "betriebswirtschaft", "engineering", NULL};

static int word_at(const char *s, const char *p, size_t n)
{
    size_t len = strlen(s);
    int before = p == s || !fr_is_alpha((unsigned char)p[-1]);
    int after = (size_t)(p - s) + n >= len || !fr_is_alpha((unsigned char)p[n]);
    return before && after;
}

/* ---------------------------------------------------------------- kinds */

/* a number word ("two", "drei") of n bytes at x */
static int number_word_is(const char *x, size_t n)
{
    char w[32];
    if (n >= sizeof w)
        return 0;
    memcpy(w, x, n);
    w[n] = '\0';
    return number_word(w) >= 0;
}

/* The kind of an item and what each kind needs to be decided (docs/VERDICTS.md has the rules in
 * prose).  The order of the tests is the order of precedence: an item about being enrolled that
 * names a degree is about enrolment; a degree item that mentions experience as an alternative is
 * about education; a language item that says "fluent" is about the language, not a soft skill. */
static fr_status classify(fr_item *it, unsigned n_hard, unsigned n_cert, unsigned n_soft, fr_error *err)
{
    fr_words w;
    fr_status st = fr_words_of(it->text, strlen(it->text), &w, err);
    if (st != FR_OK)
        return st;
    static const char *const graduating[] = {"graduating", "expected graduation", "graduation date",
                                             "final year", "last year of", "studierende*", "studentin",
                                             "student", "students", "werkstudent*", NULL};
    static const char *const vague_years[] = {"mehrjährig*", "several years", "mehrere jahre", "multiple years",
                                              "a few years", "langjährig*", "many years", NULL};
    static const char *const cert_words[] = {"certif*", "zertifi*", "charter*", "licensed", "license",
                                             "licence", "lizenz*", "accredit*", "akkredit*", "chartered",
                                             "qualified solicitor", "qualified accountant", NULL};
    static const char *const alt_exp[] = {"equivalent practical experience", "equivalent experience",
                                          "equivalent professional experience", "equivalent work experience",
                                          "practical experience", "relevant experience", "relevant work experience",
                                          "berufserfahrung", "praxiserfahrung", "berufspraxis",
                                          "equivalent combination", "or experience", "oder erfahrung*", NULL};
    static const char *const alt_qual[] = {"vergleichbare qualifikation*", "vergleichbare ausbildung*",
                                           "equivalent qualification*", "comparable qualification*",
                                           "vergleichbar*", "or equivalent", "oder gleichwertig*", "gleichwertig*",
                                           NULL};
    it->cues = fr_cues(&w, 0, NULL);
    fr_lang_hit lh[8];
    int lang_ctx = 0;
    size_t nl = fr_langs_in(&w, lh, 8, &lang_ctx);
    it->n_langs = 0;
    it->lang_level = 0;
    for (size_t i = 0; i < nl && it->n_langs < 4; i++) {
        int dup = 0;
        for (size_t k = 0; k < it->n_langs; k++)
            dup |= it->langs[k] == lh[i].lang;
        if (!dup)
            it->langs[it->n_langs++] = lh[i].lang;
        if (lh[i].level > it->lang_level)
            it->lang_level = lh[i].level;
    }
    int rel = 0;
    it->field_bits = it->degree != FR_DEG_NONE || it->enrolled ? fr_fields_of(&w, 0, &rel) : 0;
    it->field_named = it->field_bits ? fr_fields_named(&w) : 0;
    it->alt = 0;
    if (rel)
        it->alt |= FR_ALT_RELATED;
    if (fr_words_any(&w, alt_exp))
        it->alt |= FR_ALT_EXPERIENCE;
    if (fr_words_any(&w, alt_qual))
        it->alt |= FR_ALT_QUALIFICATION;
    if (n_cert)
        it->alt |= FR_ALT_CERT;
    if (fr_words_any(&w, L2("or", "oder", "either", "bzw")) || strchr(it->text, '/'))
        it->alt |= FR_ITEM_ALTERNATIVES;
    /* skills given as examples ("languages such as Java, C++, Python", "CRM systems (e.g.
     * Salesforce)", "one or more of") are alternatives: a reader asks for one of them */
    static const char *const examples[] = {"such as", "e.g", "e g", "eg", "including", "like", "for example", "for instance",
                                           "etc", "one or more", "any of", "at least one", "z.b", "z b", "zb", "beispielsweise",
                                           "etwa", "usw", "einer der", "eines der", "einem der", NULL};
    if (it->n_skills >= 2 && fr_words_any(&w, examples))
        it->any_of = 1;
    int starts_exp = w.nw && (fr_words_match(&w, 0, "experience") || fr_words_match(&w, 0, "erfahrung*") ||
                              fr_words_match(&w, 0, "knowledge") || fr_words_match(&w, 0, "kenntnis*"));
    if (it->min_years < 0 && fr_words_any(&w, vague_years))
        it->min_years = fr_words_any(&w, L2("langjährig*", "many years")) ? 5 : 2;
    /* a years item whose every word is about amount and kind of experience names no domain */
    if (it->min_years >= 0) {
        int generic = 1;
        for (size_t i = 0; i < w.nw && generic; i++) {
            const char *x = w.low + w.ws[i];
            if ((x[0] >= '0' && x[0] <= '9') || number_word_is(x, w.wl[i]))
                continue;
            generic = fr_experience_word(x, w.wl[i]);
        }
        if (generic)
            it->alt |= FR_ITEM_GENERIC;
    }
    int logistic = (it->cues & FR_CUE_LOGI_MASK) != 0;
    /* "available 16 hours a week for at least 12 months": a duration of availability, no
     * experience asked */
    static const char *const exp_words[] = {"experience*", "erfahrung*", "*erfahrung", "berufserfahrung*", "praxis*",
                                            "worked", "working in", "tätig*", "background", "track record", NULL};
    if (logistic && it->min_years >= 0 && !fr_words_any(&w, exp_words)) {
        it->min_years = -1;
        it->alt &= (uint8_t)~FR_ITEM_GENERIC;
    }
    if (it->enrolled || (fr_words_any(&w, graduating) && (it->degree != FR_DEG_NONE || fr_words_any(&w, L2("university", "universität", "hochschule", "program", "studium", "studiengang", "major")))))
        it->kind = FR_KIND_ENROLMENT, it->enrolled = 1;
    else if (it->degree != FR_DEG_NONE)
        it->kind = FR_KIND_EDUCATION;
    else if (it->n_langs && (lang_ctx || n_hard == 0))
        it->kind = FR_KIND_LANGUAGE;
    else if (logistic && n_hard == 0 && it->min_years < 0 && !(it->cues & ((uint64_t)1 << 43)) &&
             !starts_exp && /* "Experience organising international travel" is a skill */
             /* "Lift certification (scissor/boom)" is a credential; a driving licence or a work
              * permit stays a condition of the job */
             !(fr_words_any(&w, cert_words) && !(it->cues & (((uint64_t)1 << 38) | ((uint64_t)1 << 32)))))
        it->kind = FR_KIND_LOGISTICS;
    else if ((n_cert || fr_words_any(&w, cert_words) || (it->cues & ((uint64_t)1 << 43))) && it->min_years < 0)
        it->kind = FR_KIND_CERTIFICATION;
    else if (it->min_years >= 0)
        it->kind = FR_KIND_EXPERIENCE;
    else if ((it->cues & FR_CUE_SOFT_MASK || n_soft) && n_hard == 0 && !starts_exp)
        it->kind = FR_KIND_SOFT;
    else if (n_hard || n_cert)
        it->kind = FR_KIND_SKILL;
    else
        it->kind = FR_KIND_OTHER;
    fr_words_free(&w);
    return FR_OK;
}

/* ------------------------------------------------------------------ API */

fr_degree fr_degree_in(const char *text)
{
    /* on the stack (8 KiB): this call has no error to return, and a failed allocation must not
     * read as "no degree named" */
    words ws;
    split_words(text, &ws);
    return degree(&ws, 0);
}

fr_degree fr_degree_top(const char *text)
{
    words ws; /* on the stack, as in fr_degree_in */
    split_words(text, &ws);
    return degree(&ws, 1);
}

size_t fr_fields_in(const char *lower, const char **found, size_t cap)
{
    size_t nf = 0;
    for (int i = 0; field_names[i] && nf < cap; i++) {
        const char *f = field_names[i];
        size_t fl = strlen(f);
        for (const char *p = strstr(lower, f); p; p = strstr(p + 1, f)) {
            if (!word_at(lower, p, fl))
                continue;
            int dup = 0;
            for (size_t k = 0; k < nf; k++)
                dup |= strstr(found[k], f) != NULL; /* "engineering" inside "software engineering" */
            if (!dup)
                found[nf++] = f;
            break;
        }
    }
    return nf;
}

static char *lower_copy(fr_arena *a, const char *s)
{
    size_t n = strlen(s);
    char *l = fr_arena_alloc(a, n + 1);
    if (!l)
        return NULL;
    for (size_t i = 0; i <= n; i++) {
        unsigned char c = (unsigned char)s[i];
        l[i] = fr_to_lower(c);
    }
    return l;
}

fr_status fr_item_facts(fr_item *it, const fr_lexicon *lx, fr_tokenizer *tok, fr_arena *arena, fr_error *err)
{
    words *ws = malloc(sizeof *ws);
    char *lower = lower_copy(arena, it->text);
    if (!ws || !lower) {
        free(ws);
        return fr_fail(err, FR_ENOMEM, "out of memory");
    }
    split_words(it->text, ws);
    it->min_years = min_years(ws);
    it->degree = degree(ws, 0);
    it->enrolled = enrolled(lower);
    /* fields only where the item is about study: "degree in X", "enrolled in a X program" */
    static const char *const study[] = {"field", "fields", "program", "programme", "major", "studium",
                                        "studiengang", "discipline", "background", NULL};
    it->n_fields = 0;
    it->fields = NULL;
    if (it->degree != FR_DEG_NONE || it->enrolled || has_word(ws, study)) {
        const char *found[16];
        size_t nf = fr_fields_in(lower, found, 16);
        if (nf) {
            it->fields = fr_arena_alloc(arena, nf * sizeof *it->fields);
            if (!it->fields) {
                free(ws);
                return fr_fail(err, FR_ENOMEM, "out of memory");
            }
            memcpy(it->fields, found, nf * sizeof *found);
            it->n_fields = nf;
        }
    }
    free(ws);

    /* skills, and whether they are alternatives */
    fr_tokens toks;
    fr_status s = fr_tokenize(tok, it->text, strlen(it->text), &toks, err);
    if (s != FR_OK)
        return s;
    fr_skill_hit hits[64];
    size_t nh = fr_lexicon_find(lx, &toks, it->text, strlen(it->text), hits, 64);
    if (nh > 64)
        nh = 64;
    const char *names[64];
    size_t ns = 0;
    for (size_t i = 0; i < nh; i++) {
        const char *nm = fr_lexicon_name(lx, hits[i].skill);
        int dup = 0;
        for (size_t k = 0; k < ns; k++)
            dup |= names[k] == nm;
        if (!dup)
            names[ns++] = nm;
    }
    it->n_skills = ns;
    it->skills = NULL;
    it->any_of = 0;
    if (ns) {
        it->skills = fr_arena_alloc(arena, ns * sizeof *it->skills);
        if (!it->skills)
            return fr_fail(err, FR_ENOMEM, "out of memory");
        memcpy(it->skills, names, ns * sizeof *names);
    }
    if (ns >= 2) {
        for (uint32_t t = hits[0].tok_end; t < hits[nh - 1].tok_start; t++) {
            const char *w = toks.text + toks.off[t];
            size_t wl = toks.len[t];
            if ((wl == 2 && memcmp(w, "or", 2) == 0) || (wl == 4 && memcmp(w, "oder", 4) == 0) ||
                (wl == 6 && memcmp(w, "either", 6) == 0))
                it->any_of = 1;
        }
    }
    unsigned n_hard = 0, n_cert = 0, n_soft = 0;
    for (size_t i = 0; i < nh; i++) {
        unsigned f = fr_lexicon_flags(lx, hits[i].skill);
        n_cert += (f & FR_LX_CERT) != 0;
        n_soft += (f & FR_LX_SOFT) != 0;
        n_hard += !(f & (FR_LX_CERT | FR_LX_SOFT | FR_LX_LANGUAGE));
    }
    return classify(it, n_hard, n_cert, n_soft, err);
}
