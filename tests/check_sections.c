/* tests/check_sections.c — engine/sections.c directly: lines and bullets, heading normalisation
 * (against utf8proc_map, the way it was computed before it stopped allocating), heading markup,
 * words, sentence ends, continuation lines, sentence splitting; and the section decisions the
 * posting and résumé parsers build on them, on fixtures written for each defect found. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "check_support.h"
#include "engine/document.h"
#include "engine/lexicon.h"
#include "engine/resume.h"
#include "engine/sections.h"

static size_t lines_of(const char *t, fr_line **L)
{
    size_t n = fr_lines(t, strlen(t), L);
    ck_assert(n != (size_t)-1);
    return n;
}

START_TEST(test_lines_bullets_indent_and_blanks)
{
    const char *t = "Title\n\n  - first item  \n\t* second\n1. numbered\n12) twelve\na) letter\n(b) paren\n"
                    "\xE2\x80\xA2 dot\n\xC2\xA0\xC2\xA0indented by nbsp\n1.Capital after dot\n-not a bullet\n   \n"
                    "last without newline";
    fr_line *L;
    size_t n = lines_of(t, &L);
    ck_assert_uint_eq(n, 14);
    ck_assert(!L[0].bullet && !L[0].blank && L[0].indent == 0);
    ck_assert(L[1].blank);
    ck_assert(L[2].bullet && L[2].indent == 2);
    ck_assert_int_eq(strncmp(t + L[2].cs, "first item", L[2].ce - L[2].cs), 0);
    ck_assert_uint_eq(L[2].ce - L[2].cs, 10); /* trailing blanks trimmed */
    ck_assert(L[3].bullet && L[3].indent == 4);
    for (int i = 4; i <= 8; i++)
        ck_assert_msg(L[i].bullet, "line %d is a list item", i);
    ck_assert_int_eq(strncmp(t + L[8].cs, "dot", 3), 0);
    ck_assert(!L[9].bullet && L[9].indent == 2);
    ck_assert(L[10].bullet);
    ck_assert(!L[11].bullet);
    ck_assert(L[12].blank);
    ck_assert_uint_eq(L[13].e, strlen(t));
    free(L);
    ck_assert_uint_eq(fr_lines("", 0, &L), 0);
    free(L);
}
END_TEST

/* The heading fold as it was: utf8proc_map (one malloc per call), then the same collapsing. */
static size_t heading_ref(const char *text, size_t s, size_t e, char *out, size_t cap)
{
#define BL(c) ((c) == ' ' || (c) == '\t' || (c) == '\r' || (c) == '\f' || (c) == '\v')
    while (s < e && (text[s] == '#' || text[s] == '*' || text[s] == '_' || BL(text[s])))
        s++;
    while (e > s && (text[e - 1] == '*' || text[e - 1] == '_' || text[e - 1] == ':' || text[e - 1] == '#' ||
                     text[e - 1] == '.' || BL(text[e - 1])))
        e--;
    utf8proc_uint8_t *f = NULL;
    utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)text + s, (utf8proc_ssize_t)(e - s), &f,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD);
    ck_assert(r >= 0);
    size_t k = 0;
    int space = 0;
    for (utf8proc_ssize_t i = 0; i < r && k + 1 < cap; i++) {
        unsigned char c = f[i];
        if (BL(c)) {
            space = 1;
            continue;
        }
        if (c == 0xE2 && i + 2 < r && f[i + 1] == 0x80 && (f[i + 2] == 0x99 || f[i + 2] == 0x98)) {
            c = '\'';
            i += 2;
        }
        if (k + 2 >= cap)
            break;
        if (space && k)
            out[k++] = ' ';
        space = 0;
        out[k++] = (char)c;
    }
    free(f);
    out[k] = '\0';
    return k;
#undef BL
}

static void same_as_ref(const char *t, size_t s, size_t e, size_t cap)
{
    char a[512], b[512];
    ck_assert(cap <= sizeof a);
    size_t na = fr_heading_norm(t, s, e, a, cap), nb = heading_ref(t, s, e, b, cap);
    ck_assert_msg(na == nb && strcmp(a, b) == 0, "heading '%.*s' (cap %zu): '%s' but utf8proc_map gives '%s'",
                  (int)(e - s < 80 ? e - s : 80), t + s, cap, a, b);
}

START_TEST(test_heading_norm_examples)
{
    char h[256];
    struct {
        const char *in, *out;
    } ex[] = {{"## Required Qualifications:", "required qualifications"},
              {"**Ihr   Profil**", "ihr profil"},
              {"\xEF\xBC\xB1\xEF\xBC\xB5\xEF\xBC\xA1\xEF\xBC\xAC", "qual"}, /* fullwidth ＱＵＡＬ */
              {"What you\xE2\x80\x99ll need.", "what you'll need"},
              {"Cafe\xCC\x81 STRASSE", "caf\xC3\xA9 strasse"},              /* e + U+0301 composes */
              {"Stra\xC3\x9F" "e", "strasse"},
              {"  __Nice to have__  ", "nice to have"},
              {"###", ""}};
    for (size_t i = 0; i < sizeof ex / sizeof *ex; i++) {
        fr_heading_norm(ex[i].in, 0, strlen(ex[i].in), h, sizeof h);
        ck_assert_str_eq(h, ex[i].out);
    }
    /* the cap: always a NUL, never a split of the room for it */
    const char *t = "Responsibilities and day to day work";
    for (size_t cap = 1; cap < 12; cap++) {
        size_t n = fr_heading_norm(t, 0, strlen(t), h, cap);
        ck_assert_uint_lt(n, cap);
        ck_assert_uint_eq(strlen(h), n);
        same_as_ref(t, 0, strlen(t), cap);
    }
}
END_TEST

/* Every line of the bundled postings, résumés and fixtures, at the parsers' buffer sizes, and long
 * lines (over the 1 KiB the fold looks at; over its code point buffer once NFKC expands them). */
static void heading_norm_lines(const fr_buf *b, void *ctx)
{
    size_t *lines = ctx;
    fr_line *L;
    size_t n = fr_lines(b->data, b->len, &L);
    ck_assert(n != (size_t)-1);
    for (size_t i = 0; i < n; i++) {
        same_as_ref(b->data, L[i].cs, L[i].ce, 256);
        same_as_ref(b->data, L[i].cs, L[i].ce, 64);
        (*lines)++;
    }
    free(L);
}

START_TEST(test_heading_norm_matches_utf8proc_map)
{
    size_t lines = 0;
    t_each_bundled(heading_norm_lines, &lines);
    ck_assert_uint_gt(lines, 500);
    /* 3000 bytes of words; 700 × U+FDFA (18 code points each under NFKC) */
    static char big[4096];
    size_t k = 0;
    while (k + 6 < 3000) {
        memcpy(big + k, "skill ", 6);
        k += 6;
    }
    same_as_ref(big, 0, k, 256);
    k = 0;
    for (int i = 0; i < 700; i++) {
        memcpy(big + k, "\xEF\xB7\xBA", 3);
        k += 3;
    }
    same_as_ref(big, 0, k, 256);
}
END_TEST

START_TEST(test_heading_marked_words_and_sentence_ends)
{
    const char *t = "# Heading\n**Bold heading**\nEnds with colon:\nALL CAPS HEADING\nISO/IEC 27001\n- **bullet**\n"
                    "plain line.\ncontinued line\n(also continued)\n\xC3\xBC" "ber uns\n\xC3\x9C" "ber uns\n";
    fr_line *L;
    size_t n = lines_of(t, &L);
    ck_assert_uint_eq(n, 11);
    int marked[] = {1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0};
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(fr_heading_marked(t, &L[i]) == marked[i], "line %zu", i);
    ck_assert(fr_ends_sentence(t, &L[2]) && fr_ends_sentence(t, &L[6]) && !fr_ends_sentence(t, &L[0]));
    ck_assert(!fr_starts_lower(t, &L[0]) && fr_starts_lower(t, &L[7]) && fr_starts_lower(t, &L[8]));
    ck_assert(fr_starts_lower(t, &L[9]) && !fr_starts_lower(t, &L[10])); /* ü is lower case, Ü is not */
    ck_assert_uint_eq(fr_word_count(t, L[7].s, L[8].e), 4);                /* across the newline */
    ck_assert_uint_eq(fr_word_count("  \t ", 0, 4), 0);
    free(L);
    fr_line blank = {0};
    ck_assert(!fr_ends_sentence(t, &blank) && !fr_starts_lower(t, &blank));
}
END_TEST

/* Which markup each line carries; "MBA." ends as a sentence does (an item of a list, once taken
 * for an ALL-CAPS heading); Word's and PDFs' bullets ◾ ∙ U+F0A7 and "» " are bullets. */
START_TEST(test_heading_markup_bits_and_export_bullets)
{
    const char *t = "# Skills\n**Nice to have**\nMust:\nREQUIREMENTS\nMBA.\nCPA, CFA;\nMBA\n"
                    "\xE2\x97\xBE MBA\n\xE2\x88\x99 Python\n\xEF\x82\xA7 Go\n\xC2\xBB Java\n\xC2\xBBquoted\xC2\xAB\n";
    fr_line *L;
    size_t n = lines_of(t, &L);
    ck_assert_uint_eq(n, 12);
    int want[] = {FR_HM_HASH, FR_HM_BOLD, FR_HM_COLON, FR_HM_CAPS, 0, 0, FR_HM_CAPS, FR_HM_CAPS, 0, 0, 0, 0};
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(fr_heading_markup(t, &L[i]) == want[i], "line %zu: markup %d, want %d", i,
                      fr_heading_markup(t, &L[i]), want[i]);
    int bullet[] = {0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 0};
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(L[i].bullet == bullet[i], "line %zu: bullet %d", i, L[i].bullet);
    ck_assert_int_eq(memcmp(t + L[7].cs, "MBA", 3), 0);
    ck_assert(!fr_heading_marked(t, &L[7])); /* a bullet's markup is no heading */
    free(L);
}
END_TEST

typedef struct {
    size_t s[16], e[16], n;
} spans;

static void collect(void *ctx, size_t s, size_t e)
{
    spans *sp = ctx;
    ck_assert_uint_lt(sp->n, 16);
    sp->s[sp->n] = s;
    sp->e[sp->n++] = e;
}

START_TEST(test_sentences_split_at_capitals_not_abbreviations)
{
    const char *t = "  Built APIs e.g. in Go. Led a team of 5. J. Smith said so (twice.) Then 3 more!  "
                    "Is it? yes it is. Dr. Who left.  ";
    spans sp = {0};
    fr_sentences(t, 0, strlen(t), collect, &sp);
    const char *want[] = {"Built APIs e.g. in Go.", "Led a team of 5. J. Smith said so (twice.)", "Then 3 more!",
                          "Is it? yes it is.", "Dr. Who left."};
    ck_assert_uint_eq(sp.n, sizeof want / sizeof *want);
    for (size_t i = 0; i < sp.n; i++) {
        ck_assert_uint_eq(sp.e[i] - sp.s[i], strlen(want[i]));
        ck_assert_int_eq(memcmp(t + sp.s[i], want[i], strlen(want[i])), 0);
    }
    sp.n = 0;
    fr_sentences("   \n ", 0, 5, collect, &sp);
    ck_assert_uint_eq(sp.n, 0);
}
END_TEST

/* ------------------------------------------------- parsers on fixtures */

typedef struct {
    fr_lexicon *lx;
    fr_posting *p;
    fr_buf text;
} parsed_posting;

static void posting_fixture(const char *name, parsed_posting *pp)
{
    char rel[256];
    snprintf(rel, sizeof rel, "tests/fixtures/postings/%s", name);
    memset(pp, 0, sizeof *pp);
    ck_assert_msg(t_read(rel, &pp->text), "%s unreadable (FR_ROOT=%s)", rel, t_root());
    fr_error err = {0};
    ck_assert_int_eq(fr_lexicon_new(&pp->lx, &err), FR_OK);
    ck_assert_msg(fr_posting_parse(name, pp->text.data, pp->text.len, "source", pp->lx, &pp->p, &err) == FR_OK, "%s",
                  err.msg);
}

static void posting_done(parsed_posting *pp)
{
    fr_posting_free(pp->p);
    fr_lexicon_free(pp->lx);
    fr_buf_free(&pp->text);
}

/* The items of a section are exactly want[0..n), in order. */
static void items_are(const char *what, const fr_items *its, const char *const *want, size_t n)
{
    for (size_t i = 0; i < its->n && i < n; i++)
        ck_assert_msg(strcmp(its->v[i].text, want[i]) == 0, "%s item %zu: \"%s\", want \"%s\"", what, i,
                      its->v[i].text, want[i]);
    ck_assert_msg(its->n == n, "%s: %zu items, want %zu (first missing: \"%s\")", what, its->n, n,
                  its->n < n ? want[its->n] : its->v[n].text);
}

/* A one-word ALL-CAPS line in a list ("SQL", "GIT", and "HELM" between two bullets) is an item:
 * it was taken as a heading of unknown words, which cut the list (the rest went to context). */
START_TEST(test_posting_allcaps_skill_lines_are_items)
{
    parsed_posting pp;
    posting_fixture("37-billing-engineer-allcaps-skill-lines.txt", &pp);
    const char *req[] = {"3+ years of backend development in Java or Kotlin", "SQL", "GIT", "AWS",
                         "Experience with event-driven systems", "Good written English"};
    const char *pref[] = {"Kafka", "Terraform", "HELM", "Experience with invoicing or accounting software"};
    items_are("required", &pp.p->required, req, sizeof req / sizeof *req);
    items_are("preferred", &pp.p->preferred, pref, sizeof pref / sizeof *pref);
    posting_done(&pp);
}
END_TEST

/* "Must:" / "Nice:" and "Muss:" / "Kann:" head the required and preferred lists, and "Ihre
 * Qualifikationen" heads the requirements: none was recognised (the lists went to context, and
 * the German posting had no requirement at all). */
START_TEST(test_posting_must_nice_labels_are_headings)
{
    parsed_posting pp;
    posting_fixture("38-sre-must-nice-labels.txt", &pp);
    const char *req[] = {"3+ years operating Linux servers in production", "Kubernetes", "Prometheus and Grafana",
                         "Good written and spoken English"};
    const char *pref[] = {"Go or Python for tooling", "Experience with PostgreSQL replication", "Ceph",
                          "on-call experience in an energy or utilities company"};
    items_are("required", &pp.p->required, req, sizeof req / sizeof *req);
    items_are("preferred", &pp.p->preferred, pref, sizeof pref / sizeof *pref);
    posting_done(&pp);

    posting_fixture("39-de-java-tarifrechner-muss-kann.txt", &pp);
    const char *req_de[] = {"Mindestens 4 Jahre Erfahrung mit Java und Spring Boot", "Erfahrung mit Oracle-Datenbanken",
                            "Sehr gute Deutschkenntnisse"};
    const char *pref_de[] = {"Kenntnisse in Kafka", "Erfahrung in der Versicherungsbranche"};
    const char *resp_de[] = {"Weiterentwicklung der Tarifberechnung in Java 17",
                             "Migration von Batch-Jobs nach Spring Batch", "Code-Reviews und Pair-Programming im Team"};
    items_are("required", &pp.p->required, req_de, sizeof req_de / sizeof *req_de);
    items_are("preferred", &pp.p->preferred, pref_de, sizeof pref_de / sizeof *pref_de);
    items_are("responsibilities", &pp.p->responsibilities, resp_de, sizeof resp_de / sizeof *resp_de);
    ck_assert_double_eq(pp.p->required.v[0].min_years, 4);
    posting_done(&pp);
}
END_TEST

/* A list item "MBA." alone between blank lines was an ALL-CAPS heading of unknown words: the rest
 * of the preferred list went to context, silently.  So did a Word export's whole lists: its "◾"
 * bullets were no bullets ("◾ MBA" a heading), a lead-in under a heading ("What we need:") ended
 * the section, and so did the wrapped piece of a bullet after a blank line ("qualification", a
 * heading word itself). */
START_TEST(test_posting_no_line_makes_a_section_vanish)
{
    parsed_posting pp;
    posting_fixture("40-google-style-partner-sales-mba-line.txt", &pp);
    const char *pref[] = {"Experience selling cloud services to government agencies.", "MBA.",
                          "Fluency in Portuguese and Spanish.", "Excellent presentation skills."};
    items_are("preferred", &pp.p->preferred, pref, sizeof pref / sizeof *pref);
    ck_assert_uint_eq(pp.p->required.n, 2);
    posting_done(&pp);

    posting_fixture("41-controller-word-export-square-bullets.txt", &pp);
    const char *req[] = {("A degree in business administration, finance or a comparable field, or an equivalent "
                          "vocational qualification"),
                         "At least 5 years of experience in controlling or auditing", "Very good command of SAP FI/CO"};
    const char *pref2[] = {"MBA", "CPA or ACCA", "French language skills"};
    items_are("required", &pp.p->required, req, sizeof req / sizeof *req);
    items_are("preferred", &pp.p->preferred, pref2, sizeof pref2 / sizeof *pref2);
    ck_assert_uint_eq(pp.p->responsibilities.n, 3);
    posting_done(&pp);
}
END_TEST

/* Requirements landed in preferred: in a posting without a preferred section, any item with
 * "preferred", "a plus" or "von Vorteil" anywhere in it was moved there — "Bachelor's degree ...
 * required; a master's degree preferred", "3+ years in analytics, preferred in e-commerce", a
 * requirement line whose second clause or sentence adds a preference. */
START_TEST(test_posting_requirement_with_a_preference_stays_required)
{
    parsed_posting pp;
    posting_fixture("42-data-analyst-single-list-mixed-wording.txt", &pp);
    const char *req[] = {
        "Bachelor's degree in statistics, economics or a related field required; a master's degree preferred.",
        "3+ years of experience in analytics, preferred in e-commerce.",
        "Very good SQL skills. Experience with dbt is a plus.", "Experience with Python (pandas) or R."};
    const char *pref[] = {"Experience with Looker is a plus.",
                          "Knowledge of Spanish is nice to have but not required."};
    items_are("required", &pp.p->required, req, sizeof req / sizeof *req);
    items_are("preferred", &pp.p->preferred, pref, sizeof pref / sizeof *pref);
    posting_done(&pp);

    posting_fixture("43-de-frontend-qualifikationen-prose.txt", &pp);
    const char *req_de[] = {
        "Du hast mindestens drei Jahre Erfahrung mit Angular und TypeScript; Kenntnisse in NgRx sind von Vorteil.",
        "Du hast ein abgeschlossenes Studium der Informatik. Ein Master ist wünschenswert.",
        "Sehr gute Deutschkenntnisse."};
    const char *pref_de[] = {"Erfahrung mit Barrierefreiheit nach WCAG ist von Vorteil."};
    items_are("required", &pp.p->required, req_de, sizeof req_de / sizeof *req_de);
    items_are("preferred", &pp.p->preferred, pref_de, sizeof pref_de / sizeof *pref_de);
    posting_done(&pp);
}
END_TEST

/* Google-style lines without periods: "Degree in marketing or business, or comparable work
 * experience" and the next line "4 years of experience ..." were joined into one item (a digit continued a line that
 * did not end a sentence), and "MBA" / "3 years ..." too.  A hard-wrapped piece that starts with
 * a digit still continues its line. */
START_TEST(test_posting_digit_lines_are_items_unless_wrapped)
{
    parsed_posting pp;
    posting_fixture("44-google-style-account-manager-digit-lines.txt", &pp);
    const char *req[] = {"Degree in marketing or business, or comparable work experience",
                         "4 years of experience in digital advertising or media sales",
                         "Fluency in Spanish and English"};
    const char *pref[] = {"MBA", "3 years of experience managing agency relationships",
                          "Knowledge of measurement and attribution in online advertising"};
    items_are("required", &pp.p->required, req, sizeof req / sizeof *req);
    items_are("preferred", &pp.p->preferred, pref, sizeof pref / sizeof *pref);
    posting_done(&pp);

    const char *t = "Requirements\n"
                    "You have built and run payment services in production for a long time, at least since\n"
                    "2015, most of it in Java, and you have led a small team of engineers for more than\n"
                    "two years.\n"
                    "You speak German.\n";
    fr_lexicon *lx;
    ck_assert_int_eq(fr_lexicon_new(&lx, NULL), FR_OK);
    fr_posting *p;
    ck_assert_int_eq(fr_posting_parse("inline", t, strlen(t), "source", lx, &p, NULL), FR_OK);
    const char *want[] = {("You have built and run payment services in production for a long time, at least since "
                           "2015, most of it in Java, and you have led a small team of engineers for more than two "
                           "years."),
                          "You speak German."};
    items_are("required (wrapped)", &p->required, want, sizeof want / sizeof *want);
    fr_posting_free(p);
    fr_lexicon_free(lx);
}
END_TEST

/* A freelance project's requirements came after a lead-in sentence ("... folgende Anforderungen:")
 * and a label ("Backend:"): the sentence was summary, the label a heading of unknown words, and the
 * list went to context. */
START_TEST(test_posting_lead_in_sentence_heads_the_list)
{
    parsed_posting pp;
    posting_fixture("45-de-python-messdaten-lead-in-sentence.txt", &pp);
    const char *req[] = {"Python 3 mit FastAPI", "PostgreSQL und TimescaleDB", "Docker und GitLab CI"};
    const char *pref[] = {"Apache Kafka", "Grafana"};
    items_are("required", &pp.p->required, req, sizeof req / sizeof *req);
    items_are("preferred", &pp.p->preferred, pref, sizeof pref / sizeof *pref);
    posting_done(&pp);
}
END_TEST

static fr_resume *resume_fixture(const char *name, fr_lexicon **lx, fr_buf *text)
{
    char rel[256];
    snprintf(rel, sizeof rel, "tests/fixtures/resumes/%s", name);
    memset(text, 0, sizeof *text);
    ck_assert_msg(t_read(rel, text), "%s unreadable (FR_ROOT=%s)", rel, t_root());
    fr_error err = {0};
    ck_assert_int_eq(fr_lexicon_new(lx, &err), FR_OK);
    fr_resume *r;
    fr_ym as_of = {2026, 11};
    ck_assert_msg(fr_resume_parse(name, text->data, text->len, "source", *lx, as_of, &r, &err) == FR_OK, "%s",
                  err.msg);
    return r;
}

static double years_of(const fr_resume *r, const char *skill)
{
    for (size_t i = 0; i < r->n_skill_years; i++)
        if (strcmp(r->skill_years[i].skill, skill) == 0)
            return r->skill_years[i].years;
    return -1;
}

/* A body that follows the contact block without a heading was all contact (no chunk, no entry,
 * no skill) up to the first heading: a summary paragraph and dated entries ("Lead Developer at X,
 * 04/2020 – present"; German "04/2019 – heute  Senior Softwareentwickler, ...") now end it. */
/* The résumé headings' index finds what a scan of their table finds, phrase by phrase and for near
 * misses; and headings still read as such through it (one of each section, one misspelled). */
/* fr_word_count_max by its definition (runs of bytes other than blanks and newlines, counted until
 * one more than max) on random texts of every length to 80, from every start, for several max. */
START_TEST(test_word_count_by_definition)
{
    static const char alphabet[] = "ab  \t\n\r\f\v\x01\x0E\xC3\xA4-";
    char t[96];
    unsigned long x = 7;
    for (size_t n = 0; n <= 80; n++)
        for (int rep = 0; rep < 20; rep++) {
            for (size_t i = 0; i < n; i++) {
                x = x * 6364136223846793005ul + 1442695040888963407ul;
                unsigned r = (unsigned)(x >> 33);
                t[i] = rep % 3 == 0 ? (r % 7 ? 'w' : ' ') : alphabet[r % (sizeof alphabet - 1)];
            }
            for (size_t s0 = 0; s0 <= n; s0 += 1 + n / 8) {
                size_t words = 0;
                int in = 0;
                for (size_t i = s0; i < n; i++) {
                    int b = t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r' || t[i] == '\f' || t[i] == '\v';
                    words += !b && !in;
                    in = !b;
                }
                static const size_t maxes[] = {0, 1, 2, 5, 16, 1000};
                for (size_t m = 0; m < sizeof maxes / sizeof *maxes; m++) {
                    size_t want = words < maxes[m] + 1 ? words : maxes[m] + 1;
                    ck_assert_uint_eq(fr_word_count_max(t, s0, n, maxes[m]), want);
                }
                ck_assert_uint_eq(fr_word_count(t, s0, n), words);
            }
        }
}
END_TEST

START_TEST(test_resume_heading_index)
{
    ck_assert(fr_resume_heading_index_ok());
    fr_lexicon *lx;
    ck_assert_int_eq(fr_lexicon_new(&lx, NULL), FR_OK);
    const char *text = "Jane Doe\njane@example.com\n\nBERUFSERFAHRUNG\nSenior Developer at Acme, 2015 - 2019\n"
                       "- Built Python services\n\nEducaton\nB.Sc. Informatik, TU Berlin, 2010 - 2014\n\n"
                       "Skills: Python, SQL\n\nSprachkenntnisse\nDeutsch (Muttersprache)\n";
    fr_resume *r;
    ck_assert_int_eq(fr_resume_parse("h", text, strlen(text), NULL, lx, (fr_ym){2026, 12}, &r, NULL), FR_OK);
    int seen[FR_RS_OTHER + 1] = {0};
    for (size_t i = 0; i < r->n_sections; i++)
        seen[r->sections[i].kind] = 1;
    ck_assert(seen[FR_RS_CONTACT] && seen[FR_RS_EXPERIENCE] && seen[FR_RS_EDUCATION] && seen[FR_RS_SKILLS] &&
              seen[FR_RS_LANGUAGES]);
    fr_resume_free(r);
    fr_lexicon_free(lx);
}
END_TEST

START_TEST(test_resume_body_after_contact_without_heading)
{
    fr_lexicon *lx;
    fr_buf text;
    fr_resume *r = resume_fixture("13-no-heading-after-contact.txt", &lx, &text);
    fr_rsec want[] = {FR_RS_CONTACT, FR_RS_SUMMARY, FR_RS_EXPERIENCE, FR_RS_EDUCATION, FR_RS_SKILLS};
    ck_assert_uint_eq(r->n_sections, sizeof want / sizeof *want);
    for (size_t i = 0; i < r->n_sections; i++)
        ck_assert_msg(r->sections[i].kind == want[i], "section %zu: %s", i, fr_rsec_name(r->sections[i].kind));
    ck_assert_uint_eq(r->n_experience, 2);
    ck_assert_str_eq(r->experience[0].title, "Lead Developer");
    ck_assert_str_eq(r->experience[0].organisation, "Tidewater Ferries");
    ck_assert_int_eq(r->experience[0].present, 1);
    ck_assert_str_eq(r->experience[1].organisation, "Quayside Payments Ltd");
    ck_assert_double_eq_tol(years_of(r, "go"), 80 / 12.0, 1e-9);
    ck_assert_double_eq_tol(years_of(r, "python"), 46 / 12.0, 1e-9);
    for (size_t i = 0; i < r->chunks.n; i++) /* the contact lines are still no chunks */
        ck_assert_msg(!strstr(r->chunks.v[i].text, "Holloway") && !strstr(r->chunks.v[i].text, "Larkspur") &&
                          !strstr(r->chunks.v[i].text, "@") && !strstr(r->chunks.v[i].text, "555"),
                      "contact became a chunk: %s", r->chunks.v[i].text);
    ck_assert_ptr_nonnull(strstr(r->chunks.v[0].text, "Backend developer with eight years"));
    fr_resume_free(r);
    fr_lexicon_free(lx);
    fr_buf_free(&text);

    r = resume_fixture("14-lebenslauf-ohne-ueberschrift.txt", &lx, &text);
    fr_rsec want_de[] = {FR_RS_CONTACT, FR_RS_EXPERIENCE, FR_RS_EDUCATION, FR_RS_LANGUAGES};
    ck_assert_uint_eq(r->n_sections, sizeof want_de / sizeof *want_de);
    for (size_t i = 0; i < r->n_sections; i++)
        ck_assert_msg(r->sections[i].kind == want_de[i], "section %zu: %s", i, fr_rsec_name(r->sections[i].kind));
    ck_assert_uint_eq(r->n_experience, 2);
    ck_assert_str_eq(r->experience[0].title, "Senior Softwareentwickler");
    ck_assert_str_eq(r->experience[1].organisation, "Kassenfix AG");
    ck_assert_double_eq_tol(years_of(r, "java"), 158 / 12.0, 1e-9);
    ck_assert_double_eq_tol(years_of(r, "kafka"), 92 / 12.0, 1e-9);
    for (size_t i = 0; i < r->chunks.n; i++)
        ck_assert_msg(!strstr(r->chunks.v[i].text, "Lindenweg") && !strstr(r->chunks.v[i].text, "@"),
                      "contact became a chunk: %s", r->chunks.v[i].text);
    fr_resume_free(r);
    fr_lexicon_free(lx);
    fr_buf_free(&text);
}
END_TEST

Suite *sections_suite(void)
{
    Suite *s = suite_create("sections");
    TCase *core = tcase_create("core"), *edge = tcase_create("edge");
    tcase_add_test(core, test_lines_bullets_indent_and_blanks);
    tcase_add_test(core, test_heading_norm_examples);
    tcase_add_test(core, test_heading_marked_words_and_sentence_ends);
    tcase_add_test(core, test_heading_markup_bits_and_export_bullets);
    tcase_add_test(core, test_sentences_split_at_capitals_not_abbreviations);
    tcase_add_test(edge, test_heading_norm_matches_utf8proc_map);
    TCase *parsers = tcase_create("parsers");
    tcase_add_test(parsers, test_posting_allcaps_skill_lines_are_items);
    tcase_add_test(parsers, test_posting_must_nice_labels_are_headings);
    tcase_add_test(parsers, test_posting_no_line_makes_a_section_vanish);
    tcase_add_test(parsers, test_posting_requirement_with_a_preference_stays_required);
    tcase_add_test(parsers, test_posting_digit_lines_are_items_unless_wrapped);
    tcase_add_test(parsers, test_posting_lead_in_sentence_heads_the_list);
    tcase_add_test(parsers, test_resume_body_after_contact_without_heading);
    tcase_add_test(parsers, test_resume_heading_index);
    tcase_add_test(core, test_word_count_by_definition);
    suite_add_tcase(s, core);
    suite_add_tcase(s, edge);
    suite_add_tcase(s, parsers);
    return s;
}
