/* engine/facts.c — structured facts of one qualification line: minimum years, degree, enrolment,
 * fields of study, skills (via the lexicon) and whether the skills are alternatives.
 *
 * Written as small word scans over a lower-cased copy rather than regular expressions: the
 * patterns are few, must work for English and German, and a scan states its rule plainly
 * ("a number within three words before 'years'"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/ascii.h"

#include "engine/document.h"

const char *fr_degree_name(fr_degree d)
{
    switch (d) {
    case FR_DEG_ANY: return "any";
    case FR_DEG_BACHELOR: return "bachelor";
    case FR_DEG_MASTER: return "master";
    case FR_DEG_PHD: return "phd";
    default: return NULL;
    }
}

char *fr_collapse_ws(fr_arena *a, const char *s, size_t n)
{
    char *out = fr_arena_alloc(a, n + 1);
    if (!out)
        return NULL;
    size_t k = 0;
    int space = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            space = 1;
            continue;
        }
        if (space && k)
            out[k++] = ' ';
        space = 0;
        out[k++] = (char)c;
    }
    out[k] = '\0';
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
            int inner = fr_is_alpha(c) || fr_is_digit(c) || c >= 0x80 || c == '+' || c == '\'' ||
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

static int is(const char *w, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(w, *list) == 0)
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

static fr_degree degree(const words *ws)
{
    static const char *const phd[] = {"phd", "ph.d", "doctorate", "doctoral", "promotion", "doktor", "doktorand",
                                      "doktorandin", "dphil", NULL};
    static const char *const master[] = {"master", "master's", "masters", "msc", "m.sc", "mba", "meng", "m.eng",
                                         "diplom", "m.s", "m.a", "ma", "m.phil", "mphil", NULL};
    static const char *const bachelor[] = {"bachelor", "bachelor's", "bachelors", "bsc", "b.sc", "beng", "b.eng",
                                           "b.s", "b.a", "undergraduate", "ba", "bs", NULL};
    static const char *const abbrevs[] = {"bs", "ba", "ms", "ma", "phd", "mba", "msc", "bsc", NULL};
    static const char *const abbrev_ctx_bad[] = {"office", "excel", "word", "teams", "sql", "access", "project",
                                                 "dynamics", "azure", "windows", "powerpoint", "outlook", NULL};
    static const char *const any[] = {"degree", "degrees", "abschluss", "hochschulabschluss", "studium",
                                      "university", "diploma", "hochschulstudium", NULL};
    fr_degree best = FR_DEG_NONE;
    for (size_t i = 0; i < ws->n; i++) {
        const char *w = ws->w[i];
        fr_degree d = FR_DEG_NONE;
        if (is(w, phd))
            d = FR_DEG_PHD;
        else if (is(w, master) || strcmp(w, "ms") == 0)
            d = FR_DEG_MASTER;
        else if (is(w, bachelor))
            d = FR_DEG_BACHELOR;
        if (d != FR_DEG_NONE && (strcmp(w, "ms") == 0 || strcmp(w, "ma") == 0 || strcmp(w, "ba") == 0 || strcmp(w, "bs") == 0)) {
            /* bare abbreviations: not "MS Office", not "BA" the airline */
            if (i + 1 < ws->n && is(ws->w[i + 1], abbrev_ctx_bad))
                d = FR_DEG_NONE;
            else if (!has_word(ws, any) && !(i + 1 < ws->n && (strcmp(ws->w[i + 1], "in") == 0 || strcmp(ws->w[i + 1], "or") == 0 ||
                                                                 is(ws->w[i + 1], master) || is(ws->w[i + 1], bachelor) ||
                                                                 is(ws->w[i + 1], phd) || is(ws->w[i + 1], abbrevs))) &&
                     !(i > 0 && (is(ws->w[i - 1], bachelor) || is(ws->w[i - 1], master) || is(ws->w[i - 1], abbrevs) ||
                                 strcmp(ws->w[i - 1], "or") == 0)))
                d = FR_DEG_NONE;
        }
        if (d != FR_DEG_NONE && (best == FR_DEG_NONE || best == FR_DEG_ANY || d < best))
            best = d; /* the lowest level named is what the item requires */
    }
    if (best == FR_DEG_NONE && has_word(ws, any))
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

/* ------------------------------------------------------------------ API */

fr_degree fr_degree_in(const char *text)
{
    /* on the stack (8 KiB): this call has no error to return, and a failed allocation must not
     * read as "no degree named" */
    words ws;
    split_words(text, &ws);
    return degree(&ws);
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
    it->degree = degree(ws);
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
    return FR_OK;
}
