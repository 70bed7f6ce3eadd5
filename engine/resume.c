/* engine/resume.c — a résumé's text → sections, experience and education entries, scorable chunks
 * and derived facts (years per skill, highest degree, enrolment).
 *
 * Contact lines (name, e-mail, phone, links, address) are kept as a section of their own and never
 * become chunks: a candidate's name must not match anything. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine/document.h"
#include "engine/resume.h"
#include "engine/sections.h"
#include "util/ascii.h"

const char *fr_rsec_name(fr_rsec k)
{
    static const char *const names[] = {"contact", "summary", "experience", "education", "skills", "projects",
                                        "publications", "certifications", "languages", "other"};
    return (unsigned)k <= FR_RS_OTHER ? names[k] : "other";
}

static const struct {
    const char *phrase;
    fr_rsec kind;
} rheads[] = {
    {"contact", FR_RS_CONTACT}, {"contact information", FR_RS_CONTACT}, {"contact details", FR_RS_CONTACT},
    {"personal information", FR_RS_CONTACT}, {"personal details", FR_RS_CONTACT}, {"persönliche daten", FR_RS_CONTACT},
    {"kontakt", FR_RS_CONTACT}, {"kontaktdaten", FR_RS_CONTACT},
    {"summary", FR_RS_SUMMARY}, {"professional summary", FR_RS_SUMMARY}, {"profile", FR_RS_SUMMARY},
    {"professional profile", FR_RS_SUMMARY}, {"about me", FR_RS_SUMMARY}, {"about", FR_RS_SUMMARY},
    {"objective", FR_RS_SUMMARY}, {"career objective", FR_RS_SUMMARY}, {"executive summary", FR_RS_SUMMARY},
    {"career overview", FR_RS_SUMMARY}, {"overview", FR_RS_SUMMARY}, {"research interests", FR_RS_SUMMARY},
    {"research statement", FR_RS_SUMMARY}, {"profile summary", FR_RS_SUMMARY}, {"lebenslauf", FR_RS_CONTACT},
    {"curriculum vitae", FR_RS_CONTACT}, {"resume", FR_RS_CONTACT}, {"cv", FR_RS_CONTACT}, {"profil", FR_RS_SUMMARY},
    {"kurzprofil", FR_RS_SUMMARY}, {"zusammenfassung", FR_RS_SUMMARY}, {"über mich", FR_RS_SUMMARY},
    {"experience", FR_RS_EXPERIENCE}, {"work experience", FR_RS_EXPERIENCE},
    {"professional experience", FR_RS_EXPERIENCE}, {"employment", FR_RS_EXPERIENCE},
    {"employment history", FR_RS_EXPERIENCE}, {"work history", FR_RS_EXPERIENCE},
    {"career history", FR_RS_EXPERIENCE}, {"relevant experience", FR_RS_EXPERIENCE},
    {"research experience", FR_RS_EXPERIENCE}, {"industry experience", FR_RS_EXPERIENCE},
    {"berufserfahrung", FR_RS_EXPERIENCE}, {"beruflicher werdegang", FR_RS_EXPERIENCE},
    {"berufliche erfahrung", FR_RS_EXPERIENCE}, {"praktische erfahrung", FR_RS_EXPERIENCE},
    {"projekterfahrung", FR_RS_EXPERIENCE}, {"werdegang", FR_RS_EXPERIENCE},
    {"career", FR_RS_EXPERIENCE}, {"professional career", FR_RS_EXPERIENCE}, {"stationen", FR_RS_EXPERIENCE},
    {"berufliche stationen", FR_RS_EXPERIENCE}, {"wissenschaftlicher werdegang", FR_RS_EXPERIENCE},
    {"beruflicher hintergrund", FR_RS_EXPERIENCE}, {"tätigkeiten", FR_RS_EXPERIENCE},
    {"berufspraxis", FR_RS_EXPERIENCE}, {"experience and employment", FR_RS_EXPERIENCE},
    {"education", FR_RS_EDUCATION}, {"academic background", FR_RS_EDUCATION},
    {"education and training", FR_RS_EDUCATION}, {"education & training", FR_RS_EDUCATION},
    {"education & qualifications", FR_RS_EDUCATION}, {"education and qualifications", FR_RS_EDUCATION},
    {"academic history", FR_RS_EDUCATION}, {"ausbildung", FR_RS_EDUCATION}, {"studium", FR_RS_EDUCATION},
    {"bildung", FR_RS_EDUCATION}, {"bildungsweg", FR_RS_EDUCATION}, {"schulbildung", FR_RS_EDUCATION},
    {"akademische ausbildung", FR_RS_EDUCATION}, {"schul- und berufsausbildung", FR_RS_EDUCATION},
    {"skills", FR_RS_SKILLS}, {"technical skills", FR_RS_SKILLS}, {"core skills", FR_RS_SKILLS},
    {"key skills", FR_RS_SKILLS}, {"competencies", FR_RS_SKILLS}, {"core competencies", FR_RS_SKILLS},
    {"skills & tools", FR_RS_SKILLS}, {"skills and tools", FR_RS_SKILLS}, {"tools", FR_RS_SKILLS},
    {"technologies", FR_RS_SKILLS}, {"highlights", FR_RS_SKILLS}, {"skill highlights", FR_RS_SKILLS},
    {"kenntnisse", FR_RS_SKILLS}, {"fähigkeiten", FR_RS_SKILLS}, {"it-kenntnisse", FR_RS_SKILLS},
    {"technische kenntnisse", FR_RS_SKILLS}, {"fachkenntnisse", FR_RS_SKILLS}, {"skills & expertise", FR_RS_SKILLS},
    {"kompetenzen", FR_RS_SKILLS}, {"fachliche kompetenzen", FR_RS_SKILLS},
    {"projects", FR_RS_PROJECTS}, {"personal projects", FR_RS_PROJECTS}, {"selected projects", FR_RS_PROJECTS},
    {"academic projects", FR_RS_PROJECTS}, {"projekte", FR_RS_PROJECTS},
    {"publications", FR_RS_PUBLICATIONS}, {"selected publications", FR_RS_PUBLICATIONS},
    {"papers", FR_RS_PUBLICATIONS}, {"publikationen", FR_RS_PUBLICATIONS},
    {"veröffentlichungen", FR_RS_PUBLICATIONS},
    {"certifications", FR_RS_CERTIFICATIONS}, {"certificates", FR_RS_CERTIFICATIONS},
    {"certification", FR_RS_CERTIFICATIONS}, {"licenses & certifications", FR_RS_CERTIFICATIONS},
    {"licenses and certifications", FR_RS_CERTIFICATIONS}, {"zertifikate", FR_RS_CERTIFICATIONS},
    {"zertifizierungen", FR_RS_CERTIFICATIONS}, {"weiterbildung", FR_RS_CERTIFICATIONS},
    {"weiterbildungen", FR_RS_CERTIFICATIONS}, {"licenses", FR_RS_CERTIFICATIONS},
    {"licences", FR_RS_CERTIFICATIONS}, {"licenses and certificates", FR_RS_CERTIFICATIONS},
    {"certifications and licenses", FR_RS_CERTIFICATIONS}, {"certifications & licenses", FR_RS_CERTIFICATIONS},
    {"fortbildungen", FR_RS_CERTIFICATIONS}, {"fort- und weiterbildungen", FR_RS_CERTIFICATIONS},
    {"zertifikate und weiterbildungen", FR_RS_CERTIFICATIONS}, {"lizenzen", FR_RS_CERTIFICATIONS},
    {"scheine", FR_RS_CERTIFICATIONS}, {"qualifications and certifications", FR_RS_CERTIFICATIONS},
    {"licensure", FR_RS_CERTIFICATIONS}, {"licensure & certifications", FR_RS_CERTIFICATIONS},
    {"licensure and certifications", FR_RS_CERTIFICATIONS}, {"certifications & licensure", FR_RS_CERTIFICATIONS},
    {"licenses & certificates", FR_RS_CERTIFICATIONS}, {"credentials", FR_RS_CERTIFICATIONS},
    {"professional credentials", FR_RS_CERTIFICATIONS}, {"certifications & training", FR_RS_CERTIFICATIONS},
    {"training & certifications", FR_RS_CERTIFICATIONS}, {"certifications and training", FR_RS_CERTIFICATIONS},
    {"training and certifications", FR_RS_CERTIFICATIONS}, {"zertifikate & lizenzen", FR_RS_CERTIFICATIONS},
    {"zertifikate und lizenzen", FR_RS_CERTIFICATIONS}, {"führerscheine", FR_RS_CERTIFICATIONS},
    {"languages", FR_RS_LANGUAGES}, {"sprachen", FR_RS_LANGUAGES}, {"sprachkenntnisse", FR_RS_LANGUAGES},
    {"language skills", FR_RS_LANGUAGES},
    {"awards", FR_RS_OTHER}, {"honors", FR_RS_OTHER}, {"honours", FR_RS_OTHER}, {"awards & honors", FR_RS_OTHER},
    {"interests", FR_RS_OTHER}, {"hobbies", FR_RS_OTHER}, {"volunteer", FR_RS_OTHER},
    {"volunteering", FR_RS_OTHER}, {"volunteer experience", FR_RS_OTHER}, {"activities", FR_RS_OTHER},
    {"references", FR_RS_OTHER}, {"accomplishments", FR_RS_OTHER}, {"achievements", FR_RS_OTHER},
    {"additional information", FR_RS_OTHER}, {"interessen", FR_RS_OTHER}, {"auszeichnungen", FR_RS_OTHER},
    {"sonstiges", FR_RS_OTHER}, {"ehrenamt", FR_RS_OTHER}, {"affiliations", FR_RS_OTHER},
    {"teaching", FR_RS_OTHER}, {"service", FR_RS_OTHER}, {NULL, FR_RS_OTHER}};

/* rheads' positions in the byte order of their phrases (each phrase once): a heading is looked up
 * by binary search, not compared with every phrase (fr_resume_heading_index_ok holds this to the
 * table). */
static const uint8_t rhead_sorted[] = {
    13, 12, 56, 61, 92, 148, 149, 146, 150, 155, 67, 62, 152, 137, 140, 42, 49, 51, 41, 40, 53, 64, 65, 46, 36,
    15, 17, 100, 101, 99, 112, 122, 126, 111, 128, 73, 0, 2, 1, 74, 71, 124, 23, 25, 55, 59, 58, 60, 57, 154,
    33, 34, 16, 30, 54, 85, 88, 114, 113, 82, 132, 79, 142, 138, 139, 39, 151, 141, 83, 81, 72, 87, 6, 7, 27,
    136, 133, 22, 109, 108, 123, 102, 110, 103, 119, 120, 121, 116, 14, 18, 96, 4, 3, 90, 5, 43, 47, 125, 32,
    11, 9, 26, 10, 21, 89, 93, 44, 94, 97, 118, 147, 37, 38, 19, 20, 24, 117, 68, 66, 91, 95, 157, 80, 69, 86,
    75, 76, 153, 134, 135, 48, 63, 8, 156, 70, 84, 78, 77, 127, 129, 52, 98, 143, 145, 144, 106, 107, 45, 50,
    31, 35, 104, 130, 131, 115, 105, 28, 29};

/* rheads' one-word phrases of seven bytes or more, in table order, with their lengths: the only
 * ones a misspelling is read against (fr_resume_heading_index_ok holds this to the table). */
static const struct {
    uint8_t at, len;
} rhead_long_words[] = {
    {0, 7}, {6, 7}, {7, 12}, {8, 7}, {10, 7}, {14, 9}, {18, 8}, {22, 10}, {27, 10}, {28, 15}, {30, 10},
    {33, 10}, {40, 15}, {44, 16}, {45, 9}, {48, 9}, {52, 12}, {53, 12}, {55, 9}, {62, 10}, {63, 7}, {64, 7},
    {65, 11}, {66, 12}, {73, 12}, {78, 12}, {79, 10}, {81, 10}, {82, 12}, {83, 13}, {85, 14}, {87, 11},
    {89, 8}, {93, 8}, {94, 12}, {97, 13}, {98, 19}, {99, 14}, {100, 12}, {101, 13}, {104, 11}, {105, 16},
    {106, 13}, {107, 15}, {108, 8}, {109, 8}, {113, 13}, {116, 8}, {117, 7}, {119, 9}, {124, 11}, {132, 14},
    {133, 9}, {134, 8}, {135, 16}, {139, 7}, {141, 9}, {142, 7}, {143, 9}, {144, 12}, {146, 10}, {147, 10},
    {148, 15}, {149, 12}, {151, 10}, {152, 14}, {153, 9}, {154, 8}, {155, 12}, {156, 8}, {157, 7}};

/* The kind of heading phrase h (normalised), -1 none: rheads' first entry equal to h. */
static int rhead_find(const char *h)
{
    size_t lo = 0, hi = sizeof rhead_sorted / sizeof *rhead_sorted;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(h, rheads[rhead_sorted[mid]].phrase);
        if (!c)
            return (int)rheads[rhead_sorted[mid]].kind;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return -1;
}

/* rheads' first entry equal to h, by a scan (the reference for rhead_find). */
static int rhead_scan(const char *h)
{
    for (int i = 0; rheads[i].phrase; i++)
        if (strcmp(h, rheads[i].phrase) == 0)
            return (int)rheads[i].kind;
    return -1;
}

int fr_resume_heading_index_ok(void)
{
    size_t n = 0;
    while (rheads[n].phrase)
        n++;
    if (n != sizeof rhead_sorted / sizeof *rhead_sorted)
        return 0;
    for (size_t k = 0; k + 1 < n; k++) /* strictly ascending: a permutation of distinct phrases */
        if (strcmp(rheads[rhead_sorted[k]].phrase, rheads[rhead_sorted[k + 1]].phrase) >= 0)
            return 0;
    for (size_t k = 0; k < n; k++) {
        if (rhead_sorted[k] >= n)
            return 0;
        /* each phrase, and its near misses: shorter, longer, another first or last letter */
        char v[64];
        size_t l = strlen(rheads[k].phrase);
        if (l + 2 > sizeof v)
            return 0;
        for (int q = 0; q < 5; q++) {
            memcpy(v, rheads[k].phrase, l + 1);
            if (q == 1)
                v[l - 1] = '\0';
            else if (q == 2)
                memcpy(v + l, "s", 2);
            else if (q == 3)
                v[0] = (char)(v[0] + 1);
            else if (q == 4)
                v[l - 1] = (char)(v[l - 1] - 1);
            if (rhead_find(v) != rhead_scan(v))
                return 0;
        }
    }
    size_t nl = 0; /* the one-word phrases of seven bytes or more, in order */
    for (size_t k = 0; k < n; k++) {
        size_t l = strlen(rheads[k].phrase);
        if (strchr(rheads[k].phrase, ' ') || l < 7)
            continue;
        if (nl >= sizeof rhead_long_words / sizeof *rhead_long_words || rhead_long_words[nl].at != k ||
            rhead_long_words[nl].len != l)
            return 0;
        nl++;
    }
    if (nl != sizeof rhead_long_words / sizeof *rhead_long_words)
        return 0;
    return rhead_find("") == rhead_scan("") && rhead_find("zzz") == rhead_scan("zzz");
}

/* a and b differ by one inserted, deleted or replaced byte (or two swapped neighbours) */
static int one_edit(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la + 1 < lb || lb + 1 < la || strcmp(a, b) == 0 || la < 7 || lb < 7)
        return 0;
    size_t i = 0;
    while (i < la && i < lb && a[i] == b[i])
        i++;
    if (la == lb)
        return strcmp(a + i + 1, b + i + 1) == 0 ||
               (i + 1 < la && a[i] == b[i + 1] && a[i + 1] == b[i] && strcmp(a + i + 2, b + i + 2) == 0);
    return la < lb ? strcmp(a + i, b + i + 1) == 0 : strcmp(a + i + 1, b + i) == 0;
}

static int rheading_span(const char *t, size_t a, size_t b)
{
    if (fr_word_count_max(t, a, b, 5) > 5)
        return -1;
    char h[128];
    fr_heading_norm(t, a, b, h, sizeof h);
    int k = rhead_find(h);
    if (k >= 0)
        return k;
    /* a heading misspelled by one letter ("experiance", "educaton"): only for one-word headings
     * of seven or more letters, where one edit does not make another word of a résumé (a phrase
     * whose length is more than one off is no edit away: one_edit's first test, made first) */
    size_t hl = strlen(h);
    if (!strchr(h, ' ') && hl >= 7) /* (one_edit wants seven bytes at least of both) */
        for (size_t q = 0; q < sizeof rhead_long_words / sizeof *rhead_long_words; q++) {
            size_t pl = rhead_long_words[q].len;
            const char *ph = rheads[rhead_long_words[q].at].phrase;
            if (pl + 1 >= hl && pl <= hl + 1 && one_edit(h, ph))
                return (int)rheads[rhead_long_words[q].at].kind;
        }
    return -1;
}

/* -1 if not a heading.  *inline_s is set to the start of content after "Heading:" on the same
 * line ("Skills: Python, SQL"), else 0. */
static int rheading(const char *t, const fr_line *l, size_t *inline_s)
{
    *inline_s = 0;
    if (l->blank || (l->bullet && !fr_heading_marked(t, l)))
        return -1;
    int k = rheading_span(t, l->cs, l->ce);
    if (k >= 0)
        return k;
    const char *colon = memchr(t + l->cs, ':', l->ce - l->cs);
    if (!colon || (size_t)(colon - t) + 1 >= l->ce)
        return -1;
    k = rheading_span(t, l->cs, (size_t)(colon - t));
    /* contact-ish labels ("Name:", "E-Mail:") stay lines of the contact block */
    if (k < 0 || k == FR_RS_CONTACT)
        return -1;
    size_t p = (size_t)(colon - t) + 1;
    while (p < l->ce && (t[p] == ' ' || t[p] == '\t'))
        p++;
    *inline_s = p;
    return k;
}

typedef struct {
    fr_resume *r;
    const fr_lexicon *lx;
    fr_tokenizer *tok;
    fr_tokenizer *wtok;  /* the whole text's, whose tokens stay while the parse runs */
    fr_tokens whole;     /* the whole text's tokens (n = 0 when they could not be made) */
    uint32_t *memo;      /* the lexicon's lookup of each of them alone (fr_lexicon_find_memo): an
                            entry's skills are read again in its lines; NULL: none kept */
    size_t slice_from;   /* where the last span's tokens ended in whole (fr_tokens_slice_at's hint) */
    fr_error *err;
    fr_status st;
    fr_rsec sec;
} rctx;

static void add_chunk(rctx *c, size_t a, size_t b)
{
    fr_resume *r = c->r;
    if (c->st != FR_OK || b <= a || c->sec == FR_RS_CONTACT)
        return;
    if (r->chunks.n == r->chunks.cap) {
        size_t cap = r->chunks.cap ? r->chunks.cap * 2 : 32;
        fr_item *v = realloc(r->chunks.v, cap * sizeof *v);
        fr_rsec *k = v ? realloc(r->chunk_section, cap * sizeof *k) : NULL;
        uint32_t *sp = k ? realloc(r->chunk_span, 2 * cap * sizeof *sp) : NULL;
        uint8_t *sl = sp ? realloc(r->chunk_slices, cap * sizeof *sl) : NULL;
        if (v)
            r->chunks.v = v;
        if (k)
            r->chunk_section = k;
        if (sp)
            r->chunk_span = sp;
        if (sl)
            r->chunk_slices = sl;
        if (!v || !k || !sp || !sl) {
            c->st = fr_fail(c->err, FR_ENOMEM, "out of memory");
            return;
        }
        r->chunks.cap = cap;
    }
    fr_item *it = &r->chunks.v[r->chunks.n];
    memset(it, 0, sizeof *it);
    it->min_years = -1;
    it->start = (uint32_t)a;
    it->end = (uint32_t)b;
    it->text = fr_collapse_ws(&r->arena, r->text + a, b - a);
    if (!it->text) {
        c->st = fr_fail(c->err, FR_ENOMEM, "out of memory");
        return;
    }
    r->chunk_section[r->chunks.n] = c->sec;
    r->chunk_span[2 * r->chunks.n] = (uint32_t)a;
    r->chunk_span[2 * r->chunks.n + 1] = (uint32_t)b;
    r->chunk_slices[r->chunks.n] = 0; /* until the skills are read */
    r->chunks.n++;
}

static void sentence_cb(void *vc, size_t a, size_t b) { add_chunk(vc, a, b); }

static int contact_line(const char *t, const fr_line *l)
{
    const char *p = t + l->cs;
    size_t n = l->ce - l->cs;
    for (size_t i = 0; i < n; i++)
        if (p[i] == '@' || (i + 4 < n && memcmp(p + i, "http", 4) == 0) || (i + 4 < n && memcmp(p + i, "www.", 4) == 0))
            return 1;
    size_t digits = 0;
    for (size_t i = 0; i < n; i++)
        digits += (size_t)fr_is_digit((unsigned char)p[i]);
    return digits >= 7 && digits * 3 >= n; /* a phone number line */
}

/* A dated entry's header line: a date range ("Senior Developer at X, 2015–2019", "04/2021 – heute")
 * on a short line that is no bullet. */
static int entry_header(const char *t, const fr_line *l)
{
    fr_date_range dr;
    if (l->bullet || fr_word_count(t, l->cs, l->ce) > 16 || !fr_find_dates(t + l->cs, l->ce - l->cs, &dr))
        return 0;
    return dr.present || (dr.end.year && fr_ym_index(dr.end, 1) != fr_ym_index(dr.start, 1));
}

/* Does a line of the top read as part of the contact block: a name, a title, an address, a city,
 * an e-mail address, a phone number, a link, a "Label: value" line?  The résumé's body begins at
 * the first line that does not: a bullet, a dated entry, a sentence, a longer line of words.  (A
 * body that follows the contact lines without a heading was all contact: no chunk, no skill.) */
static int contact_like(const char *t, const fr_line *l)
{
    if (contact_line(t, l))
        return 1;
    if (l->bullet || entry_header(t, l))
        return 0;
    const char *p = t + l->cs;
    size_t n = l->ce - l->cs, words = 0;
    for (size_t i = 0; i < n; i++) /* words with a letter or digit: "Engineer | Cloud" is two */
        if ((fr_is_alpha((unsigned char)p[i]) || fr_is_digit((unsigned char)p[i]) || (unsigned char)p[i] >= 0xC3) &&
            (i == 0 || p[i - 1] == ' ' || p[i - 1] == '\t'))
            words++;
    char last = p[n - 1];
    if (words <= 8 && last != '.' && last != '!' && last != '?' && last != ';')
        return 1;
    /* "Geburtsdatum: 12.03.1985", "Address: 1234 Main Street, Apt 5, Springfield, IL 62704" */
    static const char *const labels[] = {"name", "address", "adresse", "anschrift", "phone", "tel", "tel.",
                                         "telefon", "mobile", "mobil", "handy", "email", "e-mail", "mail",
                                         "web", "website", "linkedin", "github", "xing", "born", "geboren",
                                         "date of birth", "geburtsdatum", "geburtsort", "nationality",
                                         "nationalität", "staatsangehörigkeit", "familienstand", "marital status",
                                         "citizenship", "location", "wohnort", NULL};
    const char *colon = memchr(p, ':', n);
    if (colon && words <= 12) {
        char h[64];
        fr_heading_norm(t, l->cs, (size_t)(colon - t), h, sizeof h);
        for (int k = 0; labels[k]; k++)
            if (strcmp(h, labels[k]) == 0)
                return 1;
    }
    /* an address: a leading house number ("1234 Main Street, ...") or a postal code (4 or 5
     * digits that are no year: "30159 Hannover"), and a comma */
    if (words <= 10 && last != '.' && memchr(p, ',', n)) {
        if (fr_is_digit((unsigned char)p[0]))
            return 1;
        for (size_t i = 0; i < n;) {
            size_t j = i;
            while (j < n && fr_is_digit((unsigned char)p[j]))
                j++;
            if (j == i) {
                i++;
                continue;
            }
            int v = atoi(p + i), len = (int)(j - i);
            if ((len == 5 || len == 4) && !(len == 4 && v >= 1900 && v <= 2099))
                return 1;
            i = j;
        }
    }
    return 0;
}

/* "5 Monate", "1 Jahr 2 Monate", "3 years 4 months": a duration line under a date range. */
static int duration_line(const char *s, size_t n)
{
    static const char *const units[] = {"jahr", "jahre", "monat", "monate", "year", "years", "month", "months",
                                        "yrs", "mos", NULL};
    size_t i = 0, words = 0;
    while (i < n) {
        while (i < n && (s[i] == ' ' || s[i] == ','))
            i++;
        size_t a = i;
        while (i < n && s[i] != ' ' && s[i] != ',')
            i++;
        if (i == a)
            break;
        words++;
        int ok = fr_is_digit((unsigned char)s[a]);
        for (int k = 0; units[k] && !ok; k++)
            ok = i - a == strlen(units[k]) && strncasecmp(s + a, units[k], i - a) == 0;
        if (!ok)
            return 0;
    }
    return words > 0;
}

/* Split an entry header (dates removed) into title and organisation: "Title — Org, City",
 * "Title at Org", "Title | Org | City", "Title, Org, City".  The organisation stops at the next
 * comma or parenthesis (a location or a sub-unit follows there). */
static void split_title_org(fr_arena *a, const char *s, size_t n, const char **title, const char **org)
{
    static const struct {
        const char *s;
        size_t n;
#define SEP(lit) {lit, sizeof lit - 1}
    } strong[] = {SEP(" at "), SEP(" @ "), SEP(" | "), SEP(" bei "), SEP(" \xE2\x80\x94 "), SEP(" \xE2\x80\x93 "),
                  SEP(" - "), SEP(" \xC2\xB7 "), {NULL, 0}};
#undef SEP
    while (n && (s[n - 1] == ' ' || s[n - 1] == ',' || s[n - 1] == '(' || s[n - 1] == '|' || s[n - 1] == '-' ||
                 s[n - 1] == '*'))
        n--;
    while (n && (*s == ' ' || *s == '*' || *s == '#' || *s == '|' || *s == ',')) {
        s++;
        n--;
    }
    *title = *org = NULL;
    if (!n)
        return;
    /* the first strong separator, the earlier in the list at the same place: each begins with a
     * blank, so only blanks are tried */
    size_t cut = n, sl = 0;
    for (size_t k = 0; k < n && cut == n; k++) {
        if (s[k] != ' ')
            continue;
        for (int i = 0; strong[i].s; i++) { /* (the byte after the blank first: most differ there) */
            size_t l = strong[i].n;
            if (k + l <= n && s[k + 1] == strong[i].s[1] && memcmp(s + k, strong[i].s, l) == 0) {
                cut = k;
                sl = l;
                break;
            }
        }
    }
    if (cut == n) { /* no strong separator: "Title, Org, City" */
        for (size_t k = 0; k + 2 <= n; k++)
            if (s[k] == ',' && s[k + 1] == ' ') {
                cut = k;
                sl = 2;
                break;
            }
    }
    size_t tl = cut;
    while (tl && (s[tl - 1] == '*' || s[tl - 1] == ' '))
        tl--;
    *title = fr_collapse_ws(a, s, tl);
    if (cut == n)
        return;
    size_t os = cut + sl, oe = os;
    while (oe < n && s[oe] != ',' && s[oe] != '(' && !(s[oe] == ' ' && oe + 1 < n && s[oe + 1] == '|'))
        oe++;
    while (oe > os && (s[oe - 1] == ' ' || s[oe - 1] == '*'))
        oe--;
    if (oe > os)
        *org = fr_collapse_ws(a, s + os, oe - os);
}

static fr_status push_exp(fr_resume *r, const fr_experience *e, size_t *cap)
{
    if (r->n_experience == *cap) { /* *cap grows only with the array: a failed push leaves both as they were */
        size_t nc = *cap ? *cap * 2 : 8;
        fr_experience *v = realloc(r->experience, nc * sizeof *v);
        if (!v)
            return FR_ENOMEM;
        r->experience = v;
        *cap = nc;
    }
    r->experience[r->n_experience++] = *e;
    return FR_OK;
}

static fr_status push_edu(fr_resume *r, const fr_education *e, size_t *cap)
{
    if (r->n_education == *cap) { /* *cap grows only with the array: a failed push leaves both as they were */
        size_t nc = *cap ? *cap * 2 : 4;
        fr_education *v = realloc(r->education, nc * sizeof *v);
        if (!v)
            return FR_ENOMEM;
        r->education = v;
        *cap = nc;
    }
    r->education[r->n_education++] = *e;
    return FR_OK;
}

static char *lower_dup(fr_arena *a, const char *s, size_t n)
{
    char *l = fr_arena_alloc(a, n + 1);
    if (!l)
        return NULL;
    for (size_t i = 0; i < n; i++)
        l[i] = fr_to_lower((unsigned char)s[i]);
    l[n] = '\0';
    return l;
}

/* needle in hay[0..n) (hay not NUL-terminated there), or NULL */
static const char *find_in(const char *hay, size_t n, const char *needle)
{
    size_t m = strlen(needle);
    for (size_t i = 0; i + m <= n; i++)
        if (hay[i] == needle[0] && memcmp(hay + i, needle, m) == 0)
            return hay + i;
    return NULL;
}

static const char *const institution_words[] = {"university", "universität", "universitaet", "college", "institute",
                                                "institut", "school", "hochschule", "academy", "akademie",
                                                "polytechnic", "fachhochschule", "gymnasium", "bootcamp", NULL};

static int names_institution(const char *s, size_t n)
{
    char low[512];
    size_t m = n < sizeof low - 1 ? n : sizeof low - 1;
    for (size_t i = 0; i < m; i++)
        low[i] = fr_to_lower((unsigned char)s[i]);
    for (int k = 0; institution_words[k]; k++)
        if (find_in(low, m, institution_words[k]))
            return 1;
    return 0;
}

/* Fill an education entry from its text span. */
static void education_entry(fr_resume *r, fr_education *e, size_t a, size_t b, fr_ym as_of)
{
    const char *s = r->text + a;
    size_t n = b - a;
    char *low = lower_dup(&r->arena, s, n);
    char *flat = fr_collapse_ws(&r->arena, s, n);
    if (!low || !flat)
        return;
    e->degree = fr_degree_top(flat);
    const char *fields[4];
    size_t nf = fr_fields_in(low, fields, 4);
    e->field = nf ? fields[0] : NULL;
    /* institution: the line that names one */
    for (size_t i = 0; i < n && !e->institution;) {
        const char *nl = memchr(s + i, '\n', n - i);
        size_t le = nl ? (size_t)(nl - s) : n;
        for (int k = 0; institution_words[k]; k++) {
            const char *hit = find_in(low + i, le - i, institution_words[k]); /* this line only */
            if (hit) {
                /* the clause around the word: from the last separator before to the next after */
                size_t hs = (size_t)(hit - low), cs = i, ce = le;
                for (size_t q = i; q < hs; q++)
                    if (s[q] == ',' || s[q] == '|' || s[q] == '(' || (s[q] == '-' && q > 0 && s[q - 1] == ' ') ||
                        ((unsigned char)s[q] == 0x94 || (unsigned char)s[q] == 0x93))
                        cs = q + 1;
                for (size_t q = hs; q < le; q++)
                    if (s[q] == ',' || s[q] == '|' || s[q] == '(' ||
                        (s[q] == ' ' && q + 1 < le && (s[q + 1] == '-' || (unsigned char)s[q + 1] == 0xE2))) {
                        ce = q;
                        break;
                    }
                fr_date_range dr;
                size_t ce2 = ce;
                if (fr_find_dates(s + cs, ce - cs, &dr) && cs + dr.s > cs)
                    ce2 = cs + dr.s;
                e->institution = fr_collapse_ws(&r->arena, s + cs, ce2 - cs);
                break;
            }
        }
        i = le + 1;
    }
    fr_date_range dr;
    if (fr_find_dates(s, n, &dr)) {
        e->start = dr.start;
        e->end = dr.end;
        int future = fr_ym_index(dr.present ? as_of : dr.end, 1) > fr_ym_index(as_of, 1);
        if (dr.expected || dr.present || future)
            e->enrolled = 1;
    }
    if (strstr(low, "expected") || strstr(low, "candidate") || strstr(low, "in progress") ||
        strstr(low, "ongoing") || strstr(low, "currently") || strstr(low, "laufend") || strstr(low, "voraussichtlich"))
        e->enrolled = 1;
    if (e->enrolled) {
        int y = e->end.year ? e->end.year : 0;
        char *st = fr_arena_alloc(&r->arena, 32);
        if (st) {
            if (y && !dr.present)
                snprintf(st, 32, "expected %d", y);
            else
                snprintf(st, 32, "enrolled");
        }
        e->status = st;
    } else
        e->status = "completed";
}

/* Skills mentioned in text[a..b) (canonical names, deduplicated into *names); `slices`: the span's
 * fr_tokens_slices. */
static size_t skills_in(rctx *c, size_t a, size_t b, unsigned slices, const char **names, size_t cap)
{
    fr_tokens toks;
    fr_skill_hit hits[128];
    size_t nh, i0, i1;
    /* most spans' tokens are the whole text's in them: no second tokenizing; their source
     * offsets index the whole text, which the lexicon reads them in */
    if (c->whole.n && (slices & FR_SLICE_ALONE) && fr_tokens_slice_at(&c->whole, a, b, c->slice_from, &i0, &i1)) {
        c->slice_from = i1; /* spans come in order, mostly */
        const fr_tokens *w = &c->whole;
        toks = (fr_tokens){w->text, w->off + i0, w->len + i0, w->src_start + i0, w->src_end + i0, i1 - i0, 1};
        nh = fr_lexicon_find_memo(c->lx, &toks, c->r->text, c->r->len, c->memo ? c->memo + i0 : NULL, hits, 128);
    } else {
        fr_status st = fr_tokenize(c->tok, c->r->text + a, b - a, &toks, c->err);
        if (st != FR_OK) { /* the parse fails: a résumé must not silently lose its skills */
            if (c->st == FR_OK)
                c->st = st;
            return 0;
        }
        nh = fr_lexicon_find(c->lx, &toks, c->r->text + a, b - a, hits, 128);
    }
    if (nh > 128)
        nh = 128;
    size_t n = 0;
    for (size_t i = 0; i < nh && n < cap; i++) {
        const char *nm = fr_lexicon_name(c->lx, hits[i].skill);
        int dup = 0;
        for (size_t k = 0; k < n; k++)
            dup |= names[k] == nm;
        if (!dup)
            names[n++] = nm;
    }
    return n;
}

typedef struct {
    int s, e;
} interval;

static int cmp_interval(const void *a, const void *b)
{
    const interval *x = a, *y = b;
    return (x->s > y->s) - (x->s < y->s);
}

/* Months covered by a union of [start, end] month intervals (sorted here). */
static int union_months(interval *iv, size_t n)
{
    qsort(iv, n, sizeof *iv, cmp_interval);
    int total = 0, cs = 0, ce = -1;
    for (size_t i = 0; i < n; i++) {
        if (iv[i].s > ce + 1) {
            if (ce >= cs)
                total += ce - cs + 1;
            cs = iv[i].s;
            ce = iv[i].e;
        } else if (iv[i].e > ce)
            ce = iv[i].e;
    }
    if (ce >= cs)
        total += ce - cs + 1;
    return total;
}

/* Years per skill: for each skill, the union of the dated entries that mention it.  Entries are
 * grouped by skill with one sort of (skill, entry) pairs, so the work is O(m log m) in the
 * number of mentions m rather than skills × entries. */
typedef struct {
    const char *skill;
    uint32_t entry;
    uint32_t seq;      /* order of the mention in the résumé */
} mention;

static int cmp_mention(const void *a, const void *b)
{
    const mention *x = a, *y = b;
    if (x->skill != y->skill)
        return x->skill < y->skill ? -1 : 1; /* canonical names are unique pointers */
    return (x->seq > y->seq) - (x->seq < y->seq);
}

typedef struct {
    fr_skill_years sy;
    uint32_t first;
} ranked_years;

static int cmp_first(const void *a, const void *b)
{
    const ranked_years *x = a, *y = b;
    return (x->first > y->first) - (x->first < y->first);
}

static void derive_facts(rctx *c, fr_ym as_of)
{
    fr_resume *r = c->r;
    size_t ne = r->n_experience, nm = 0;
    for (size_t i = 0; i < ne; i++)
        nm += r->experience[i].n_skills;
    interval *iv = malloc((ne + nm + 1) * sizeof *iv);
    mention *ms = malloc((nm + 1) * sizeof *ms);
    ranked_years *ry = malloc((nm + 1) * sizeof *ry);
    r->skill_years = fr_arena_alloc(&r->arena, (nm + 1) * sizeof *r->skill_years);
    if (!iv || !ms || !ry || !r->skill_years) {
        c->st = fr_fail(c->err, FR_ENOMEM, "out of memory");
        goto out;
    }
    int now = fr_ym_index(as_of, 1);
    size_t k = 0;
    for (size_t i = 0; i < ne; i++) {
        const fr_experience *x = &r->experience[i];
        if (!x->has_dates)
            continue;
        int s = fr_ym_index(x->start, 0), e = fr_ym_index(x->present ? as_of : x->end, 1);
        if (e > now)
            e = now;
        if (e >= s)
            iv[k++] = (interval){s, e};
    }
    r->total_years = union_months(iv, k) / 12.0;
    size_t m = 0;
    for (size_t i = 0; i < ne; i++)
        for (size_t j = 0; j < r->experience[i].n_skills; j++)
            ms[m] = (mention){r->experience[i].skills[j], (uint32_t)i, (uint32_t)m}, m++;
    qsort(ms, m, sizeof *ms, cmp_mention);
    /* one run of the sorted mentions per skill */
    size_t nsk = 0;
    for (size_t a = 0; a < m;) {
        size_t b = a, n_iv = 0;
        while (b < m && ms[b].skill == ms[a].skill) {
            const fr_experience *x = &r->experience[ms[b].entry];
            if (x->has_dates) {
                int s = fr_ym_index(x->start, 0), e = fr_ym_index(x->present ? as_of : x->end, 1);
                if (e > now)
                    e = now;
                if (e >= s)
                    iv[n_iv++] = (interval){s, e};
            }
            b++;
        }
        if (n_iv)
            ry[nsk++] = (ranked_years){{ms[a].skill, union_months(iv, n_iv) / 12.0}, ms[a].seq};
        a = b;
    }
    /* report skills in the order they are first mentioned: stable, readable, and independent of
     * where the lexicon's strings happen to live in memory */
    qsort(ry, nsk, sizeof *ry, cmp_first);
    for (size_t i = 0; i < nsk; i++)
        r->skill_years[i] = ry[i].sy;
    r->n_skill_years = nsk;
    for (size_t i = 0; i < r->n_education; i++) {
        const fr_education *d = &r->education[i];
        if (fr_degree_rank(d->degree) > fr_degree_rank(r->highest_degree)) {
            r->highest_degree = d->degree;
            r->highest_field = d->field;
        }
        r->enrolled |= d->enrolled;
    }
out:
    free(iv);
    free(ms);
    free(ry);
}

/* A copy of w in r's arena, as r->toks (the arena's `failed` says when it could not be made). */
static void keep_tokens(fr_resume *r, const fr_tokens *w)
{
    size_t n = w->n, bytes = w->off[n - 1] + w->len[n - 1] + 1; /* tokens lie in order in their arena */
    char *text = fr_arena_alloc(&r->arena, bytes);
    uint32_t *v = fr_arena_alloc(&r->arena, 4 * n * sizeof *v);
    if (!text || !v)
        return;
    memcpy(text, w->text, bytes);
    memcpy(v, w->off, n * sizeof *v);
    memcpy(v + n, w->len, n * sizeof *v);
    memcpy(v + 2 * n, w->src_start, n * sizeof *v);
    memcpy(v + 3 * n, w->src_end, n * sizeof *v);
    r->toks = (fr_tokens){text, v, v + n, v + 2 * n, v + 3 * n, n, w->ordered};
}

fr_status fr_resume_parse(const char *id, const char *text, size_t len, const char *offsets,
                          const fr_lexicon *lx, fr_ym as_of, fr_resume **out, fr_error *err)
{
    *out = NULL;
    fr_resume *r = calloc(1, sizeof *r);
    if (!r)
        return fr_fail(err, FR_ENOMEM, "out of memory");
    r->id = fr_arena_strndup(&r->arena, id, strlen(id));
    char *t = fr_arena_strndup(&r->arena, text, len);
    r->text = t;
    r->len = len;
    r->offsets = offsets;
    r->as_of = as_of;
    fr_line *L = NULL;
    struct line_heading {
        int kind;      /* rheading's answer for the line: -1 none */
        size_t inl;    /* and its *inline_s */
    } *H = NULL;       /* read twice (is there any heading? then line by line): worked out once */
    size_t nl = 0, sec_cap = 0, exp_cap = 0, edu_cap = 0;
    fr_tok_opts to;
    fr_lexicon_tok_opts(&to);
    rctx c = {r, lx, NULL, NULL, {0}, NULL, 0, err, FR_OK, FR_RS_CONTACT};
    if (!r->id || !t || (nl = fr_lines(t, len, &L)) == (size_t)-1) {
        c.st = fr_fail(err, FR_ENOMEM, "out of memory");
        goto done;
    }
    if ((c.st = fr_tokenizer_new(&to, &c.tok, err)) != FR_OK || (c.st = fr_tokenizer_new(&to, &c.wtok, err)) != FR_OK)
        goto done;
    {
        fr_error werr = {0}; /* a text the tokenizer refuses: each span's own tokenizing says so */
        if (fr_tokenize(c.wtok, t, len, &c.whole, &werr) != FR_OK)
            c.whole.n = 0;
        /* only a cache: without it (no memory) every lookup is made, with the same answers */
        c.memo = c.whole.n ? calloc(c.whole.n, sizeof *c.memo) : NULL;
    }
    int any_heading = 0;
    if (!(H = malloc((nl + 1) * sizeof *H))) {
        c.st = fr_fail(err, FR_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < nl; i++) {
        H[i].kind = rheading(t, &L[i], &H[i].inl);
        any_heading |= H[i].kind >= 0;
    }

    /* the top: contact lines until the first heading (or, with no headings at all, the first
     * lines that look like contact details) */
    size_t i = 0;
    int entry_open = 0, need_title = 0, need_org = 0;
    size_t prev_plain = (size_t)-1; /* the plain line before last_plain, when adjacent */
    fr_experience cur;
    fr_education edu;
    size_t entry_s = 0, entry_e = 0, last_plain = (size_t)-1;
    size_t item_s = 0, item_e = 0;
    int item_open = 0, item_indent = 0;
    size_t para_s = 0, para_e = 0;
    int para_open = 0;
    size_t sec_start = 0;
    const char *sec_heading = NULL;
    size_t top_lines = 0;
    int implicit = 0;     /* the body began without a heading, */
    size_t body_line = 0; /* at this line */

#define PUSH_SECTION(endoff)                                                                         \
    do {                                                                                             \
        if ((endoff) > sec_start || c.sec == FR_RS_CONTACT) {                                        \
            if (r->n_sections == sec_cap) {                                                          \
                sec_cap = sec_cap ? sec_cap * 2 : 8;                                                 \
                fr_rsection *v_ = realloc(r->sections, sec_cap * sizeof *v_);                        \
                if (!v_) {                                                                           \
                    c.st = fr_fail(err, FR_ENOMEM, "out of memory");                                 \
                    goto done;                                                                       \
                }                                                                                    \
                r->sections = v_;                                                                    \
            }                                                                                        \
            if (r->n_sections && r->sections[r->n_sections - 1].kind == c.sec)                       \
                r->sections[r->n_sections - 1].end = (uint32_t)(endoff); /* "Lebenslauf" + "Kontakt" */ \
            else                                                                                     \
                r->sections[r->n_sections++] = (fr_rsection){c.sec, sec_heading, (uint32_t)sec_start, \
                                                             (uint32_t)(endoff)};                    \
        }                                                                                            \
    } while (0)
#define FLUSH_ITEM()                                                                                 \
    do {                                                                                             \
        if (item_open)                                                                               \
            add_chunk(&c, item_s, item_e);                                                           \
        item_open = 0;                                                                               \
    } while (0)
#define FLUSH_PARA()                                                                                 \
    do {                                                                                             \
        if (para_open) {                                                                             \
            if (c.sec == FR_RS_SKILLS || c.sec == FR_RS_LANGUAGES)                                   \
                add_chunk(&c, para_s, para_e);                                                       \
            else                                                                                     \
                fr_sentences(t, para_s, para_e, sentence_cb, &c);                                    \
        }                                                                                            \
        para_open = 0;                                                                               \
    } while (0)
#define CLOSE_ENTRY(endoff)                                                                          \
    do {                                                                                             \
        if (entry_open) {                                                                            \
            if (c.sec == FR_RS_EXPERIENCE || c.sec == FR_RS_PROJECTS) {                              \
                cur.start_off = (uint32_t)entry_s;                                                   \
                cur.end_off = (uint32_t)(endoff);                                                    \
                const char *nm_[64];                                                                 \
                size_t ns_ = skills_in(&c, entry_s, (endoff), fr_tokens_slices(t, len, entry_s, (endoff)), \
                                       nm_, 64);                                                     \
                cur.skills = fr_arena_alloc(&r->arena, (ns_ + 1) * sizeof *cur.skills);              \
                if (cur.skills && ns_)                                                               \
                    memcpy(cur.skills, nm_, ns_ * sizeof *nm_);                                      \
                cur.n_skills = cur.skills ? ns_ : 0;                                                 \
                /* dated projects are work history (freelancers list their work as "Projekte") */ \
                if ((c.sec == FR_RS_EXPERIENCE || cur.has_dates) && push_exp(r, &cur, &exp_cap) != FR_OK) \
                    c.st = fr_fail(err, FR_ENOMEM, "out of memory");                                 \
            } else if (c.sec == FR_RS_EDUCATION) {                                                   \
                edu.start_off = (uint32_t)entry_s;                                                   \
                edu.end_off = (uint32_t)(endoff);                                                    \
                education_entry(r, &edu, entry_s, (endoff), as_of);                                  \
                if (push_edu(r, &edu, &edu_cap) != FR_OK)                                            \
                    c.st = fr_fail(err, FR_ENOMEM, "out of memory");                                 \
            }                                                                                        \
        }                                                                                            \
        entry_open = 0;                                                                              \
    } while (0)

    for (i = 0; i < nl && c.st == FR_OK; i++) {
        fr_line *l = &L[i];
        if (l->blank) {
            FLUSH_PARA();
            if (c.sec == FR_RS_EDUCATION && entry_open)
                CLOSE_ENTRY(entry_e); /* education entries are usually separated by blank lines */
            continue;
        }
        size_t inline_s = H[i].inl;
        int h = H[i].kind;
        if (h >= 0 && inline_s && c.sec == FR_RS_SKILLS)
            h = -1; /* "Languages: Go, Python" inside Skills lists programming languages */
        if (c.sec == FR_RS_CONTACT && h < 0) {
            top_lines++;
            /* the contact block ends at the first line that is not contact-like — and, with no
             * heading anywhere, after four lines */
            if (contact_like(t, l) &&
                (any_heading || (top_lines <= 4 && (contact_line(t, l) || fr_word_count(t, l->cs, l->ce) <= 6))))
                continue;
            /* the body, without a heading: dated entries are experience (or education, when
             * they name a degree), anything else a summary */
            PUSH_SECTION(l->s);
            c.sec = FR_RS_SUMMARY;
            if (entry_header(t, l)) {
                const char *flat = fr_collapse_ws(&r->arena, t + l->cs, l->ce - l->cs); /* NULL: arena.failed */
                c.sec = flat && fr_degree_in(flat) > FR_DEG_ANY ? FR_RS_EDUCATION : FR_RS_EXPERIENCE;
            }
            sec_start = l->s;
            sec_heading = NULL;
            implicit = 1;
            body_line = i;
        }
        if (implicit && c.sec == FR_RS_SUMMARY && h < 0 && i <= body_line + 3 && contact_line(t, l))
            continue; /* an e-mail address or a phone number right after a headline: contact still */
        if (implicit && c.sec == FR_RS_SUMMARY && h < 0 && i > 0 &&
            (L[i - 1].blank || fr_ends_sentence(t, &L[i - 1])) && entry_header(t, l)) {
            /* "Senior Developer at X, 2015–2019" after a summary that had no heading either */
            FLUSH_ITEM();
            FLUSH_PARA();
            PUSH_SECTION(l->s);
            c.sec = FR_RS_EXPERIENCE;
            sec_start = l->s;
            last_plain = prev_plain = (size_t)-1;
        }
        if (h >= 0) {
            FLUSH_ITEM();
            FLUSH_PARA();
            CLOSE_ENTRY(entry_e);
            PUSH_SECTION(l->s > 0 ? l->s : 0);
            c.sec = (fr_rsec)h;
            sec_start = l->s;
            sec_heading = fr_collapse_ws(&r->arena, t + l->cs, (inline_s ? inline_s : l->ce) - l->cs);
            implicit = 0;
            last_plain = (size_t)-1;
            if (inline_s) { /* "Skills: Python, SQL" — the rest of the line is content */
                para_s = inline_s;
                para_e = l->ce;
                para_open = 1;
            }
            continue;
        }
        int in_entries = c.sec == FR_RS_EXPERIENCE || c.sec == FR_RS_EDUCATION || c.sec == FR_RS_PROJECTS;
        fr_date_range dr;
        int dated = !l->bullet && fr_find_dates(t + l->cs, l->ce - l->cs, &dr) &&
                    (dr.e - dr.s) * 3 >= 4 && fr_word_count(t, l->cs, l->ce) <= 16;
        /* an education entry starts at a line that opens with a degree (its first six words):
         * "(earned en route to the PhD)" further on does not */
        int degree_line = 0;
        if (c.sec == FR_RS_EDUCATION) {
            size_t e6 = l->cs, words = 0;
            while (e6 < l->ce && words < 6) {
                while (e6 < l->ce && t[e6] == ' ')
                    e6++;
                while (e6 < l->ce && t[e6] != ' ')
                    e6++;
                words++;
            }
            const char *w6 = fr_collapse_ws(&r->arena, t + l->cs, e6 - l->cs); /* NULL: arena.failed */
            degree_line = w6 && fr_degree_in(w6) > FR_DEG_ANY;
        }
        if (c.sec == FR_RS_EDUCATION && entry_open && (dated || !degree_line) && !degree_line) {
            /* dates and details of the education entry being written */
            FLUSH_ITEM();
            entry_e = l->ce;
            if (!l->bullet) {
                add_chunk(&c, l->cs, l->ce);
                continue;
            }
        }
        /* an education entry also starts at a dated or institution line when none is open
         * ("2005 - 2013  Abitur", "Launchway Coding Bootcamp") */
        int edu_start = c.sec == FR_RS_EDUCATION && !l->bullet &&
                        (degree_line || (!entry_open && (dated || names_institution(t + l->cs, l->ce - l->cs))));
        if (in_entries && (c.sec == FR_RS_EDUCATION ? edu_start : dated)) {
            /* a new entry: the header is this line, or this line plus the plain title line before */
            size_t hs = l->cs;
            int with_prev = c.sec != FR_RS_EDUCATION && last_plain != (size_t)-1 && last_plain + 1 == i && !item_open;
            /* three-line headers: "Title" / "Organisation, City" / "dates" */
            int with_prev2 = with_prev && prev_plain != (size_t)-1 && prev_plain + 1 == last_plain;
            FLUSH_ITEM();
            FLUSH_PARA();
            if (with_prev) {
                size_t first = with_prev2 ? prev_plain : last_plain;
                hs = L[first].cs;
                for (int drop = with_prev2 ? 2 : 1; drop > 0; drop--)
                    if (r->chunks.n && r->chunks.v[r->chunks.n - 1].start >= L[first].cs)
                        r->chunks.n--;
                CLOSE_ENTRY(L[first].s);
            } else
                CLOSE_ENTRY(entry_e);
            if (!dated)
                memset(&dr, 0, sizeof dr);
            memset(&cur, 0, sizeof cur);
            memset(&edu, 0, sizeof edu);
            entry_open = 1;
            entry_s = hs;
            entry_e = l->ce;
            cur.start = dr.start;
            cur.end = dr.end;
            cur.present = dr.present;
            cur.has_dates = dr.start.year != 0 &&
                            (c.sec != FR_RS_PROJECTS || dr.present || fr_ym_index(dr.end, 1) > fr_ym_index(dr.start, 1));
            /* title and organisation from the header without its dates */
            {
                size_t ds = l->cs + dr.s, de = l->cs + dr.e;
                const char *a = t + hs;
                size_t before = ds - hs, after = l->ce - de;
                const char *title = NULL, *org = NULL;
                if (with_prev2) {
                    const char *o2, *t2;
                    split_title_org(&r->arena, t + L[prev_plain].cs, L[prev_plain].ce - L[prev_plain].cs, &title, &t2);
                    split_title_org(&r->arena, t + L[last_plain].cs, L[last_plain].ce - L[last_plain].cs, &org, &o2);
                } else if (with_prev) {
                    split_title_org(&r->arena, t + L[last_plain].cs, L[last_plain].ce - L[last_plain].cs, &title, &org);
                    if (!org && before > 0) {
                        /* "Senior Engineer" / "Acme Corp 2019 - 2021": the date line names the org */
                        const char *o2, *t2;
                        split_title_org(&r->arena, t + l->cs, ds - l->cs, &o2, &t2);
                        org = o2;
                    }
                } else if (before && after > 2) {
                    /* "Company Name July 2011 to November 2012 Accountant" */
                    split_title_org(&r->arena, t + de, after, &title, &org);
                    const char *o2, *t2;
                    split_title_org(&r->arena, a, before, &o2, &t2);
                    if (!org)
                        org = o2;
                } else if (before)
                    split_title_org(&r->arena, a, before, &title, &org);
                else if (after)
                    split_title_org(&r->arena, t + de, after, &title, &org);
                cur.title = title;
                cur.organisation = org;
                need_title = !title && !org; /* "04/2021 – heute" alone: the title follows */
                need_org = title && !org && !with_prev; /* "01/2021 – heute  Title" / "Org, City" */
            }
            if (with_prev2)
                add_chunk(&c, L[prev_plain].cs, L[prev_plain].ce);
            if (with_prev)
                add_chunk(&c, L[i - 1].cs, L[i - 1].ce);
            add_chunk(&c, l->cs, l->ce);
            last_plain = prev_plain = (size_t)-1;
            continue;
        }
        if (entry_open)
            entry_e = l->ce;
        if (l->bullet) {
            need_org = need_title = 0;
            FLUSH_PARA();
            if (item_open && l->indent > item_indent)
                item_e = l->ce;
            else {
                FLUSH_ITEM();
                item_open = 1;
                item_indent = l->indent;
                item_s = l->cs;
                item_e = l->ce;
            }
            last_plain = (size_t)-1;
            continue;
        }
        if (item_open && (l->indent > item_indent || (!fr_ends_sentence(t, &L[i - 1]) && fr_starts_lower(t, l)))) {
            item_e = l->ce;
            continue;
        }
        FLUSH_ITEM();
        if (para_open && i > 0 && !L[i - 1].blank && fr_starts_lower(t, l))
            para_e = l->ce;
        else {
            FLUSH_PARA();
            if (in_entries && c.sec != FR_RS_EDUCATION) {
                /* a plain line inside an entry: its own chunk, and maybe the next entry's title —
                 * or this entry's, when its header held only dates */
                add_chunk(&c, l->cs, l->ce);
                if (need_title && entry_open && !duration_line(t + l->cs, l->ce - l->cs)) {
                    split_title_org(&r->arena, t + l->cs, l->ce - l->cs, &cur.title, &cur.organisation);
                    need_title = 0;
                    last_plain = prev_plain = (size_t)-1;
                } else if (need_org && entry_open) {
                    const char *rest;
                    split_title_org(&r->arena, t + l->cs, l->ce - l->cs, &cur.organisation, &rest);
                    need_org = 0;
                    last_plain = prev_plain = (size_t)-1;
                } else {
                    prev_plain = last_plain != (size_t)-1 && last_plain + 1 == i ? last_plain : (size_t)-1;
                    last_plain = i;
                }
                continue;
            }
            para_s = l->cs;
            para_e = l->ce;
            para_open = 1;
        }
        last_plain = i;
    }
    FLUSH_ITEM();
    FLUSH_PARA();
    CLOSE_ENTRY(entry_e);
    PUSH_SECTION(len);
#undef PUSH_SECTION
#undef FLUSH_ITEM
#undef FLUSH_PARA
#undef CLOSE_ENTRY
    if (c.st == FR_OK) {
        derive_facts(&c, as_of);
        /* every skill mentioned outside contact */
        const char *nm[256];
        size_t ns = 0;
        for (size_t q = 0; q < r->chunks.n && ns < 256; q++) {
            const char *x[64];
            /* once a chunk: the index's rows read the answer for its collapsed text (engine/docset.c) */
            r->chunk_slices[q] = (uint8_t)fr_tokens_slices(t, len, r->chunks.v[q].start, r->chunks.v[q].end);
            size_t k = skills_in(&c, r->chunks.v[q].start, r->chunks.v[q].end, r->chunk_slices[q], x, 64);
            if (k > 64)
                k = 64;
            /* the chunk keeps its skills: the line naming a skill is what a verdict shows */
            r->chunks.v[q].n_skills = 0;
            if (k && (r->chunks.v[q].skills = fr_arena_alloc(&r->arena, k * sizeof *x)) != NULL) {
                memcpy(r->chunks.v[q].skills, x, k * sizeof *x);
                r->chunks.v[q].n_skills = k;
            }
            for (size_t z = 0; z < k && ns < 256; z++) {
                int dup = 0;
                for (size_t w = 0; w < ns; w++)
                    dup |= nm[w] == x[z];
                if (!dup)
                    nm[ns++] = x[z];
            }
        }
        r->skills = fr_arena_alloc(&r->arena, (ns + 1) * sizeof *r->skills);
        if (!r->skills)
            c.st = fr_fail(err, FR_ENOMEM, "out of memory");
        else {
            memcpy(r->skills, nm, ns * sizeof *nm);
            r->n_skills = ns;
        }
    }
done:
    free(L);
    free(H);
    if (c.st == FR_OK && c.whole.n) /* kept: the index's rows are made from them */
        keep_tokens(r, &c.whole);
    free(c.memo);
    fr_tokenizer_free(c.tok);
    fr_tokenizer_free(c.wtok);
    /* a title, organisation or status the arena could not hold is a failure, not a résumé without it */
    if (c.st == FR_OK && r->arena.failed)
        c.st = fr_fail(err, FR_ENOMEM, "out of memory");
    if (c.st != FR_OK) {
        fr_resume_free(r);
        return c.st;
    }
    *out = r;
    return FR_OK;
}

void fr_resume_free(fr_resume *r)
{
    if (!r)
        return;
    free(r->sections);
    free(r->experience);
    free(r->education);
    free(r->chunks.v);
    free(r->chunk_section);
    free(r->chunk_span);
    free(r->chunk_slices);
    fr_arena_free(&r->arena);
    free(r);
}

/* ---------------------------------------------------------- chunks per entry */

typedef struct {
    uint32_t start, idx;
} chunk_at;

static int cmp_chunk_at(const void *a, const void *b)
{
    const chunk_at *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return (x->idx > y->idx) - (x->idx < y->idx);
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

fr_status fr_resume_entry_chunks(const fr_resume *r, fr_entry_chunks *out, fr_error *err)
{
    memset(out, 0, sizeof *out);
    size_t nc = r->chunks.n, ne = r->n_experience;
    chunk_at *by = malloc((nc + 1) * sizeof *by);
    out->first = malloc((ne + 1) * sizeof *out->first);
    out->idx = malloc((nc + 1) * sizeof *out->idx);
    if (!by || !out->first || !out->idx) {
        free(by);
        fr_entry_chunks_free(out);
        return fr_fail(err, FR_ENOMEM, "out of memory");
    }
    for (size_t k = 0; k < nc; k++)
        by[k] = (chunk_at){r->chunks.v[k].start, (uint32_t)k};
    qsort(by, nc, sizeof *by, cmp_chunk_at);
    size_t n = 0, cap = nc;
    for (size_t i = 0; i < ne; i++) {
        const fr_experience *e = &r->experience[i];
        out->first[i] = (uint32_t)n;
        size_t lo = 0, hi = nc;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (by[mid].start < e->start_off)
                lo = mid + 1;
            else
                hi = mid;
        }
        /* a chunk is never empty (end > start), so one inside the span starts before its end */
        for (size_t j = lo; j < nc && by[j].start < e->end_off; j++) {
            out->steps++;
            if (r->chunks.v[by[j].idx].end > e->end_off)
                continue;
            if (n == cap) { /* only when entries overlap: then a chunk can belong to several */
                uint32_t *g = realloc(out->idx, (cap * 2 + 1) * sizeof *g);
                if (!g) {
                    free(by);
                    fr_entry_chunks_free(out);
                    return fr_fail(err, FR_ENOMEM, "out of memory");
                }
                out->idx = g;
                cap = cap * 2 + 1;
            }
            out->idx[n++] = by[j].idx;
        }
        /* chunk order, as a scan of the chunks would give (starts need not ascend with order) */
        qsort(out->idx + out->first[i], n - out->first[i], sizeof *out->idx, cmp_u32);
    }
    out->first[ne] = (uint32_t)n;
    free(by);
    return FR_OK;
}

void fr_entry_chunks_free(fr_entry_chunks *ec)
{
    free(ec->first);
    free(ec->idx);
    ec->first = ec->idx = NULL;
}
