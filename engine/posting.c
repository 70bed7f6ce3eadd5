/* engine/posting.c — a posting's text → title, summary, responsibilities, required and preferred
 * qualifications, other requirements, listed skills and context, each item with byte offsets.
 *
 * The parser is a line state machine.  A heading (recognised by its words, or by markup — '#',
 * bold, a trailing ':', ALL CAPS — plus its words; ALL CAPS with words that name no section only
 * where the layout makes it a heading, so "SQL" in a list stays an item) switches the current
 * section; bullets start items, wrapped and deeper-indented lines continue them; in sections
 * without bullets each paragraph is split into sentences.  Boilerplate headings (benefits, pay,
 * "About <company>", reviews, interviews, news, similar jobs) switch to a section whose lines are
 * never items, and a boilerplate line inside a qualification section (a pay range, an
 * equal-opportunity sentence) is dropped from it.  A bulleted list ends at the first line that is
 * neither a bullet nor a continuation: that is how a scraped page's pay text after the last
 * bullet stays out. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/ascii.h"

#include "engine/document.h"
#include "engine/kinds.h"
#include "engine/sections.h"
#include "util/hash.h"

typedef enum {
    S_INTRO = 0, S_SUMMARY, S_RESP, S_REQ, S_PREF, S_QUAL, S_OTHER, S_SKILLS, S_BOILER, S_CONTEXT,
    S_TITLE, S_NONE = -1
} skind;

/* ----------------------------------------------------------- headings */

typedef struct {
    const char *phrase;
    skind kind;
} phrase;

/* Exact heading phrases (normalised: lower case, no trailing ':').  A line that is exactly one of
 * these — or two of them ("qualifications required qualifications") — is a heading even without
 * markup.  Order matters only for the contains-rules below. */
static const phrase exact[] = {
    {"required qualification", S_REQ}, {"required qualifications", S_REQ}, {"minimum qualifications", S_REQ},
    {"minimum qualification", S_REQ}, {"basic qualifications", S_REQ}, {"basic qualification", S_REQ},
    {"requirements", S_REQ}, {"requirement", S_REQ}, {"must have", S_REQ}, {"must haves", S_REQ},
    {"must-have", S_REQ}, {"must-haves", S_REQ}, {"must-have skills", S_REQ}, {"must have skills", S_REQ},
    {"what you'll need", S_REQ}, {"what you will need", S_REQ}, {"what you need", S_REQ}, {"you have", S_REQ},
    {"you bring", S_REQ}, {"what you bring", S_REQ}, {"who you are", S_REQ}, {"about you", S_REQ},
    {"what we're looking for", S_REQ}, {"what we are looking for", S_REQ}, {"your profile", S_REQ},
    {"your skills", S_REQ}, {"key requirements", S_REQ}, {"essentials", S_REQ},
    {"job requirements", S_REQ}, {"skills and experience", S_REQ}, {"skills & experience", S_REQ},
    {"ihr profil", S_REQ}, {"dein profil", S_REQ}, {"anforderungen", S_REQ}, {"anforderungsprofil", S_REQ},
    {"das bringst du mit", S_REQ}, {"das bringen sie mit", S_REQ}, {"was du mitbringst", S_REQ},
    {"was sie mitbringen", S_REQ}, {"voraussetzungen", S_REQ}, {"muss-anforderungen", S_REQ},
    {"was wir erwarten", S_REQ}, {"wir erwarten", S_REQ}, {"was sie mitbringen müssen", S_REQ},
    {"das erwarten wir", S_REQ}, {"was wir von ihnen erwarten", S_REQ}, {"was wir von dir erwarten", S_REQ},
    {"what we expect", S_REQ}, {"what we need from you", S_REQ}, {"what we expect from you", S_REQ},
    {"essential", S_REQ}, {"essential qualifications", S_REQ}, {"essential criteria", S_REQ},
    {"essential requirements", S_REQ}, {"essential skills", S_REQ}, {"person specification", S_REQ},
    {"asset qualifications", S_PREF}, {"desirable criteria", S_PREF}, {"desirable qualifications", S_PREF},
    {"wünschenswert sind", S_PREF}, {"idealerweise", S_PREF}, {"idealerweise bringen sie mit", S_PREF},
    {"idealerweise bringst du mit", S_PREF}, {"außerdem wünschenswert", S_PREF},
    {"preferred qualifications", S_PREF}, {"preferred qualification", S_PREF}, {"preferred", S_PREF},
    {"nice to have", S_PREF}, {"nice-to-have", S_PREF}, {"nice to haves", S_PREF}, {"nice-to-haves", S_PREF},
    {"nice-to-have skills", S_PREF}, {"nice to have skills", S_PREF}, {"bonus points", S_PREF},
    {"pluses", S_PREF}, {"preferred skills", S_PREF}, {"desired qualifications", S_PREF},
    {"desired skills", S_PREF}, {"desirable", S_PREF}, {"desired", S_PREF}, {"nice to haves", S_PREF}, {"ideally", S_PREF}, {"ideally you have", S_PREF},
    {"good to have", S_PREF}, {"extra credit", S_PREF}, {"wünschenswert", S_PREF}, {"von vorteil", S_PREF},
    {"kann-anforderungen", S_PREF},
    /* the short labels of must/nice lists ("Must:", "Nice:", "Muss:", "Kann:", MoSCoW's "Should";
     * "Plus:", "Bonus:", "Optional:" are keywords below: a bare "Bonus" line is a pay table's) */
    {"must", S_REQ}, {"musts", S_REQ}, {"muss", S_REQ}, {"muss-kriterien", S_REQ}, {"mussanforderungen", S_REQ},
    {"nice", S_PREF}, {"kann", S_PREF}, {"kann-kriterien", S_PREF}, {"kannanforderungen", S_PREF},
    {"should", S_PREF}, {"should have", S_PREF}, {"soll-kriterien", S_PREF}, {"what you'll bring", S_REQ},
    {"what you will bring", S_REQ},
    {"qualifications", S_QUAL}, {"qualification", S_QUAL}, {"qualifikationen", S_QUAL},
    {"skills and qualifications", S_QUAL}, {"skills & qualifications", S_QUAL},
    {"responsibilities", S_RESP}, {"responsibility", S_RESP}, {"key responsibilities", S_RESP},
    {"key job responsibilities", S_RESP}, {"job responsibilities", S_RESP}, {"main responsibilities", S_RESP},
    {"your responsibilities", S_RESP}, {"deine rolle", S_RESP}, {"ihre rolle", S_RESP},
    {"what you'll do", S_RESP}, {"what you will do", S_RESP}, {"what you'll be doing", S_RESP},
    {"your role", S_RESP}, {"the role", S_RESP}, {"duties", S_RESP}, {"key duties", S_RESP},
    {"your tasks", S_RESP}, {"tasks", S_RESP}, {"your mission", S_RESP}, {"job duties", S_RESP},
    {"aufgaben", S_RESP}, {"ihre aufgaben", S_RESP}, {"deine aufgaben", S_RESP}, {"tätigkeiten", S_RESP},
    {"ihre tätigkeiten", S_RESP}, {"aufgabenbeschreibung", S_RESP},
    {"overview", S_SUMMARY}, {"summary", S_SUMMARY}, {"job description", S_SUMMARY}, {"description", S_SUMMARY},
    {"about the role", S_SUMMARY}, {"about the job", S_SUMMARY}, {"about the position", S_SUMMARY},
    {"about this role", S_SUMMARY}, {"position summary", S_SUMMARY}, {"job summary", S_SUMMARY},
    {"role overview", S_SUMMARY}, {"the opportunity", S_SUMMARY}, {"projektbeschreibung", S_SUMMARY},
    {"beschreibung", S_SUMMARY}, {"stellenbeschreibung", S_SUMMARY}, {"projekt", S_SUMMARY},
    {"other requirements", S_OTHER}, {"additional requirements", S_OTHER}, {"other qualifications", S_OTHER},
    {"travel", S_OTHER}, {"security clearance", S_OTHER},
    {"rahmenbedingungen", S_OTHER}, {"sonstiges", S_OTHER}, {"sonstige anforderungen", S_OTHER},
    {"einsatzort", S_CONTEXT}, {"standort", S_CONTEXT}, {"location", S_CONTEXT}, {"start", S_CONTEXT},
    {"laufzeit", S_CONTEXT}, {"projekt-beschreibung", S_SUMMARY}, {"projektdetails", S_SUMMARY},
    {"required skills", S_SKILLS}, {"skills", S_SKILLS}, {"key skills", S_SKILLS}, {"tech stack", S_SKILLS},
    {"technologies", S_SKILLS}, {"technical skills", S_SKILLS}, {"our stack", S_SKILLS}, {"tools", S_SKILLS},
    {"skill", S_SKILLS}, {"kenntnisse", S_SKILLS}, {"technologien", S_SKILLS},
    {"benefits", S_BOILER}, {"perks", S_BOILER}, {"compensation and benefits", S_BOILER},
    {"salary and benefits", S_BOILER}, {"benefits and compensation", S_BOILER}, {"our offer", S_BOILER},
    {"what we offer you", S_BOILER}, {"why you'll love working here", S_BOILER}, {"stundensatz", S_BOILER},
    {"vergütung", S_BOILER}, {"benefits & perks", S_BOILER}, {"benefits and perks", S_BOILER},
    {"what we offer", S_BOILER}, {"we offer", S_BOILER}, {"compensation", S_BOILER}, {"salary", S_BOILER},
    {"pay", S_BOILER}, {"pay range", S_BOILER}, {"salary range", S_BOILER}, {"salary ranges", S_BOILER},
    {"about us", S_BOILER}, {"about the company", S_BOILER}, {"about the team", S_BOILER},
    {"equal opportunity", S_BOILER}, {"equal opportunity employer", S_BOILER}, {"eeo statement", S_BOILER},
    {"reviews", S_BOILER}, {"interview experience", S_BOILER}, {"interview process", S_BOILER},
    {"common questions", S_BOILER}, {"news", S_BOILER}, {"news & buzz", S_BOILER}, {"similar jobs", S_BOILER},
    {"total views", S_BOILER}, {"apply clicks", S_BOILER}, {"how to apply", S_BOILER},
    {"application process", S_BOILER}, {"why join us", S_BOILER}, {"why us", S_BOILER},
    {"wir bieten", S_BOILER}, {"das bieten wir", S_BOILER}, {"das bieten wir dir", S_BOILER},
    {"das bieten wir ihnen", S_BOILER}, {"unser angebot", S_BOILER}, {"was wir bieten", S_BOILER},
    {"was wir dir bieten", S_BOILER}, {"was wir ihnen bieten", S_BOILER}, {"über uns", S_BOILER},
    {"deine benefits", S_BOILER}, {"ihre benefits", S_BOILER}, {"your benefits", S_BOILER},
    {"pros", S_BOILER}, {"cons", S_BOILER}, {"recommend to a friend", S_BOILER}, {"mock applicants", S_BOILER},
    {"scraps", S_BOILER}, {"kontakt", S_BOILER}, {"contact", S_BOILER}, {"diversity", S_BOILER},
    {"our culture", S_BOILER}, {"culture", S_BOILER}, {"company", S_BOILER},
    {"jobs", S_CONTEXT}, {"job", S_CONTEXT},
    {NULL, S_NONE}};

static skind exact_kind(const char *h)
{
    for (int i = 0; exact[i].phrase; i++)
        if (strcmp(h, exact[i].phrase) == 0)
            return exact[i].kind;
    /* a possessive before a heading of the table: "Ihre Qualifikationen", "Your qualifications" */
    static const char *const possessive[] = {"your ", "ihre ", "ihr ", "deine ", "dein ", NULL};
    for (int k = 0; possessive[k]; k++) {
        size_t n = strlen(possessive[k]);
        if (strncmp(h, possessive[k], n) == 0)
            for (int i = 0; exact[i].phrase; i++)
                if (strcmp(h + n, exact[i].phrase) == 0)
                    return exact[i].kind;
    }
    if (strncmp(h, "about ", 6) == 0 || strncmp(h, "über ", 6) == 0)
        return S_BOILER; /* "About Microsoft" (the role/you/job forms are in the table) */
    static const char *const boiler_starts[] = {"wir bieten", "was wir bieten", "we offer", "what we offer",
                                                "benefits", "perks", NULL};
    for (int i = 0; boiler_starts[i]; i++)
        if (strncmp(h, boiler_starts[i], strlen(boiler_starts[i])) == 0)
            return S_BOILER;
    return S_NONE;
}

/* Keyword rules for headings that carry markup (the markup says "heading"; the words say which). */
static skind keyword_kind(const char *h)
{
    static const struct {
        const char *kw;
        skind kind;
    } kw[] = {{"other requirement", S_OTHER}, {"additional requirement", S_OTHER},
              {"nice to have", S_PREF}, {"nice-to-have", S_PREF}, {"preferred", S_PREF}, {"bonus", S_PREF},
              {"desired", S_PREF}, {"desirable", S_PREF}, {"wünschenswert", S_PREF}, {"von vorteil", S_PREF},
              {"plus", S_PREF}, {"optional", S_PREF},
              {"must have", S_REQ}, {"must-have", S_REQ}, {"required", S_REQ}, {"requirement", S_REQ},
              {"minimum qualification", S_REQ}, {"basic qualification", S_REQ}, {"what you'll need", S_REQ},
              {"what you need", S_REQ}, {"profil", S_REQ}, {"anforderung", S_REQ}, {"voraussetzung", S_REQ},
              {"mitbringst", S_REQ}, {"bringst du mit", S_REQ}, {"mitbringen", S_REQ}, {"looking for", S_REQ},
              {"qualification", S_QUAL}, {"qualifikation", S_QUAL},
              {"responsibilit", S_RESP}, {"what you'll do", S_RESP}, {"aufgaben", S_RESP}, {"duties", S_RESP},
              {"tätigkeit", S_RESP},
              {"benefit", S_BOILER}, {"we offer", S_BOILER}, {"wir bieten", S_BOILER}, {"salary", S_BOILER},
              {"compensation", S_BOILER}, {"equal opportunit", S_BOILER},
              {"skills", S_SKILLS}, {"tech stack", S_SKILLS}, {"technolog", S_SKILLS},
              {"overview", S_SUMMARY}, {"description", S_SUMMARY}, {"beschreibung", S_SUMMARY},
              {NULL, S_NONE}};
    for (int i = 0; kw[i].kw; i++)
        if (strstr(h, kw[i].kw))
            return kw[i].kind;
    return S_NONE;
}

/* Classify text[s..e) as a heading.  `marked` = the line carries heading markup. */
static skind classify(const char *text, size_t s, size_t e, int marked)
{
    char h[256];
    size_t n = fr_heading_norm(text, s, e, h, sizeof h);
    if (n == 0 || n > 80)
        return S_NONE;
    skind k = exact_kind(h);
    if (k != S_NONE)
        return k;
    /* two headings on one line: "qualifications required qualifications" — the last one wins */
    for (size_t i = 1; i < n; i++) {
        if (h[i] != ' ')
            continue;
        h[i] = '\0';
        skind a = exact_kind(h), b = exact_kind(h + i + 1);
        h[i] = ' ';
        if (a != S_NONE && b != S_NONE)
            return b;
    }
    if (marked && fr_word_count(h, 0, n) <= 6) {
        k = keyword_kind(h);
        return k != S_NONE ? k : S_CONTEXT;
    }
    return S_NONE;
}

/* ------------------------------------------------------------- items */

static int boilerplate_text(const char *lower)
{
    static const char *const pats[] = {"equal opportunity", "base pay", "pay range", "salary range", "per hour",
                                       "per month", "per year", "per annum", "/yr", "usd $", "benefits/perks",
                                       "eligible for benefits", "apply now", "click here", "e-verify",
                                       "reasonable accommodation", "chancengleichheit", "gehalt", "brutto",
                                       "equal employment", "eeo", "regardless of race", "without regard to",
                                       "stundensatz", "tagessatz",
                                       "disability or special need", "requires accommodation", NULL};
    for (int i = 0; pats[i]; i++)
        if (strstr(lower, pats[i]))
            return 1;
    /* money amounts: "$80,520", "€ 65.000" */
    for (const char *p = lower; *p; p++)
        if ((*p == '$' || (p[0] == '\xE2' && p[1] == '\x82' && p[2] == '\xAC')) &&
            (fr_is_digit((unsigned char)p[*p == '$' ? 1 : 3]) || (p[*p == '$' ? 1 : 3] == ' ' && fr_is_digit((unsigned char)p[*p == '$' ? 2 : 4]))))
            return 1;
    return 0;
}

/* Requirements that are not qualifications: letters, clearance, work authorisation, location. */
static int other_requirement(const char *lower)
{
    static const char *const pats[] = {"reference letter", "letters of recommendation", "recommendation letter",
                                       "letters of reference", "security clearance", "work authorization",
                                       "authorized to work", "right to work", "visa sponsorship", "willing to relocate",
                                       "relocation is", "willing to travel", "travel up to", "arbeitserlaubnis", "must be located",
                                       "physically located", "be based in",
                                       "referenzschreiben", NULL};
    for (int i = 0; pats[i]; i++)
        if (strstr(lower, pats[i]))
            return 1;
    return 0;
}

/* needle in hay as a word of its own (no letter before or after it) */
static const char *find_word(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *q = strstr(hay, needle); q; q = strstr(q + 1, needle)) {
        int before = q > hay && (fr_is_alpha((unsigned char)q[-1]) || (unsigned char)q[-1] >= 0x80);
        int after = fr_is_alpha((unsigned char)q[n]) || (unsigned char)q[n] >= 0x80;
        if (!before && !after)
            return q;
    }
    return NULL;
}

static void first_sentence_cb(void *ctx, size_t a, size_t b)
{
    (void)a;
    size_t *end = ctx;
    if (!*end)
        *end = b;
}

/* Is an item worded as preferred ("Experience with Kafka is a plus", "Preferred: Go", "... von
 * Vorteil", "Idealerweise ...")?  text is the item, lower its lower-case copy (at most its first
 * 1023 bytes).  The wording must speak for the whole item: an item that also says what is
 * required ("Bachelor's degree required; Master's preferred", "..., mindestens ... zwingend") is
 * a requirement, and so is one whose first sentence or clause carries no such word ("Bachelor's
 * degree in Computer Science. Master's degree preferred.").  A bare "preferred" marks the item at
 * its start or end or as a predicate ("is preferred"); inside it qualifies a detail ("5 years in
 * analytics, preferred in e-commerce").  "...is preferred but not required" is preferred. */
static int preferred_wording(const char *text, const char *lower)
{
    static const char *const negated[] = {"not required", "not a must", "not mandatory", "not necessary",
                                          "kein muss", "nicht zwingend", "nicht erforderlich", "nicht notwendig",
                                          "nicht vorausgesetzt", NULL};
    for (int i = 0; negated[i]; i++)
        if (strstr(lower, negated[i]))
            return 1;
    static const char *const required[] = {"required", "must", "mandatory", "minimum", "erforderlich",
                                           "zwingend", "vorausgesetzt", "notwendig", "muss", "unbedingt", NULL};
    for (int i = 0; required[i]; i++)
        if (find_word(lower, required[i]))
            return 0;
    /* the first sentence, up to its first ';' */
    char clause[1024];
    size_t n = strlen(lower), end = 0;
    fr_sentences(text, 0, n, first_sentence_cb, &end);
    if (!end || end > n)
        end = n;
    memcpy(clause, lower, end);
    clause[end] = '\0';
    char *semi = strchr(clause, ';');
    if (semi)
        *semi = '\0';
    static const char *const pats[] = {"a plus", "nice to have", "nice-to-have", "bonus", "von vorteil",
                                       "wünschenswert", "desirable", "advantageous", "would be great",
                                       "an advantage", "an asset", "gerne gesehen", "is preferred", "are preferred",
                                       "strongly preferred", "highly preferred", NULL};
    for (int i = 0; pats[i]; i++)
        if (strstr(clause, pats[i]))
            return 1;
    /* "Preferred: ...", "... preferred." */
    size_t cl = strlen(clause);
    while (cl && !fr_is_alpha((unsigned char)clause[cl - 1]))
        clause[--cl] = '\0';
    if (strncmp(clause, "preferred", 9) == 0 || (cl >= 9 && strcmp(clause + cl - 9, "preferred") == 0 &&
                                                 (cl == 9 || !fr_is_alpha((unsigned char)clause[cl - 10]))))
        return 1;
    /* "Ideally, you ..." marks the item; "..., ideally in Python" only qualifies a detail */
    return strncmp(clause, "ideally", 7) == 0 || strncmp(clause, "idealerweise", 12) == 0;
}

typedef struct {
    size_t s, e;
} span;

typedef struct {
    fr_posting *p;
    const fr_lexicon *lx;
    fr_tokenizer *tok;
    fr_error *err;
    fr_status st;
    skind kind;        /* section the pending sentences go to */
    span *paras;       /* paragraphs of the current section, not yet itemised */
    size_t n_paras, cap_paras;
    size_t skills_cap;     /* p->skills is malloc'd, doubling */
    uint64_t *skill_set;   /* hashes of the listed skills (open addressing, 0 = empty) */
    size_t skill_slots;
} pctx;

/* Has this listed skill been seen?  (Adds it if not.)  A set, because a "skills" block can be
 * long and a linear check would be quadratic.  -1: out of memory (the skill must not be dropped
 * as if it were a duplicate). */
static int seen_skill(pctx *c, const char *name)
{
    if ((c->p->n_skills + 1) * 2 > c->skill_slots) {
        size_t ns = c->skill_slots ? c->skill_slots * 2 : 64;
        uint64_t *t = calloc(ns, sizeof *t);
        if (!t)
            return -1;
        for (size_t i = 0; i < c->skill_slots; i++)
            if (c->skill_set[i]) {
                size_t j = (size_t)c->skill_set[i] & (ns - 1);
                while (t[j])
                    j = (j + 1) & (ns - 1);
                t[j] = c->skill_set[i];
            }
        free(c->skill_set);
        c->skill_set = t;
        c->skill_slots = ns;
    }
    uint64_t h = fr_hash_term(name, strlen(name)) | 1;
    size_t j = (size_t)h & (c->skill_slots - 1);
    while (c->skill_set[j]) {
        if (c->skill_set[j] == h)
            return 1; /* 64-bit hashes: a collision between two skill names is negligible */
        j = (j + 1) & (c->skill_slots - 1);
    }
    c->skill_set[j] = h;
    return 0;
}

static void add_item(pctx *c, skind k, size_t a, size_t b);
static void sentence_cb(void *vc, size_t a, size_t b);

static void count_cb(void *n, size_t a, size_t b)
{
    (void)a;
    (void)b;
    (*(size_t *)n)++;
}

/* A section's paragraphs become items at its end: prose is split into sentences, but several
 * short paragraphs (one line each, as in "Minimum qualifications:" lists without bullets) are one
 * item each — such a line may hold two sentences of one requirement. */
static void flush_paras(pctx *c, skind sec)
{
    int qualification = sec == S_REQ || sec == S_PREF || sec == S_QUAL || sec == S_RESP || sec == S_OTHER;
    /* a list, when most paragraphs are one sentence; prose otherwise */
    size_t single = 0;
    for (size_t i = 0; i < c->n_paras; i++) {
        size_t n_sent = 0;
        fr_sentences(c->p->text, c->paras[i].s, c->paras[i].e, count_cb, &n_sent);
        single += n_sent <= 1;
    }
    int list = c->n_paras > 1 && single * 2 > c->n_paras;
    for (size_t i = 0; i < c->n_paras; i++) {
        /* requirement lines may run several sentences ("BA/BS degree. 5 years of ..."): in a
         * multi-line requirements section only long prose paragraphs are split */
        size_t n_sent = 0;
        fr_sentences(c->p->text, c->paras[i].s, c->paras[i].e, count_cb, &n_sent);
        int prose = n_sent >= 3 && c->paras[i].e - c->paras[i].s > 350;
        int whole = sec == S_RESP || sec == S_OTHER ? list : (c->n_paras > 1 && !prose);
        if (sec == S_SKILLS || (qualification && whole))
            add_item(c, sec, c->paras[i].s, c->paras[i].e);
        else {
            c->kind = sec;
            fr_sentences(c->p->text, c->paras[i].s, c->paras[i].e, sentence_cb, c);
        }
    }
    c->n_paras = 0;
}

static void push_para(pctx *c, size_t s, size_t e)
{
    if (c->n_paras == c->cap_paras) {
        size_t cap = c->cap_paras ? c->cap_paras * 2 : 16;
        span *v = realloc(c->paras, cap * sizeof *v);
        if (!v) {
            c->st = FR_ENOMEM;
            return;
        }
        c->paras = v;
        c->cap_paras = cap;
    }
    c->paras[c->n_paras++] = (span){s, e};
}

static fr_items *section_items(fr_posting *p, skind k)
{
    switch (k) {
    case S_SUMMARY: return &p->summary;
    case S_RESP: return &p->responsibilities;
    case S_REQ: return &p->required;
    case S_PREF: return &p->preferred;
    case S_OTHER: return &p->other;
    default: return &p->context;
    }
}

static fr_status push_item(fr_items *its, const fr_item *it)
{
    if (its->n == its->cap) {
        size_t cap = its->cap ? its->cap * 2 : 8;
        fr_item *v = realloc(its->v, cap * sizeof *v);
        if (!v)
            return FR_ENOMEM;
        its->v = v;
        its->cap = cap;
    }
    its->v[its->n++] = *it;
    return FR_OK;
}

static fr_status add_listed_skill(pctx *c, const char *s, size_t n);

/* Add text[a..b) as an item of section k (after the boilerplate and preferred-wording checks). */
static void add_item(pctx *c, skind k, size_t a, size_t b)
{
    if (c->st != FR_OK || b <= a)
        return;
    fr_posting *p = c->p;
    if (k == S_SKILLS) {
        /* a "Skills" list of names ("C#", "Go, Docker") is the listed skills; a "Skills" list of
         * sentences ("Exzellente Kenntnisse in Angular 5 ...") is the requirements list of
         * postings that call it so */
        size_t words = 0, max_words = 0;
        for (size_t i = a; i <= b; i++) {
            if (i == b || p->text[i] == ',' || p->text[i] == ';' || p->text[i] == '|') {
                if (words > max_words)
                    max_words = words;
                words = 0;
            } else if ((i == a || p->text[i - 1] == ' ' || p->text[i - 1] == '\t' || p->text[i - 1] == ',') &&
                       p->text[i] != ' ' && p->text[i] != '\t')
                words++;
        }
        /* "Sehr gute Python-Kenntnisse", "3 years of Go": short, but a requirement, not a name */
        static const char *const framing[] = {"kenntnis*", "*kenntnisse", "erfahrung*", "*erfahrung", "experience*",
                                              "knowledge*", "gute*", "sehr", "strong*", "solid*", "fundiert*",
                                              "proficien*", "familiar*", "years", "jahre*", "verständnis*", NULL};
        int framed = 0;
        if (max_words <= 4) {
            fr_words w;
            if ((c->st = fr_words_of(p->text + a, b - a, &w, c->err)) != FR_OK)
                return;
            framed = fr_words_any(&w, framing);
            fr_words_free(&w);
        }
        if (max_words <= 4 && !framed) {
            c->st = add_listed_skill(c, p->text + a, b - a);
            return;
        }
        /* prose under "Skills" (a company blurb) is context, item-like lines are requirements */
        k = p->text[b - 1] == '.' && fr_word_count(p->text, a, b) > 20 ? S_CONTEXT : S_QUAL;
    }
    if (k == S_BOILER || k == S_INTRO || k == S_TITLE)
        k = k == S_BOILER ? S_NONE : S_CONTEXT;
    if (k == S_NONE)
        return;
    fr_item it;
    memset(&it, 0, sizeof it);
    it.min_years = -1;
    it.start = (uint32_t)a;
    it.end = (uint32_t)b;
    it.text = fr_collapse_ws(&p->arena, p->text + a, b - a);
    if (!it.text) {
        c->st = fr_fail(c->err, FR_ENOMEM, "out of memory");
        return;
    }
    char low[1024];
    size_t L = strlen(it.text);
    if (L >= sizeof low)
        L = sizeof low - 1;
    for (size_t i = 0; i < L; i++) {
        unsigned char ch = (unsigned char)it.text[i];
        low[i] = fr_to_lower(ch);
    }
    low[L] = '\0';
    int letters = 0;
    for (size_t i = 0; i < L && !letters; i++)
        letters = fr_is_alpha((unsigned char)low[i]) || (unsigned char)low[i] >= 0xC3;
    if (k != S_CONTEXT && k != S_SUMMARY && (boilerplate_text(low) || !letters))
        k = S_CONTEXT; /* "$20,505" and pay sentences are not qualifications */
    if (k == S_QUAL)
        k = preferred_wording(it.text, low) ? S_PREF : S_REQ;
    if (k == S_CONTEXT && other_requirement(low))
        k = S_OTHER; /* "you'll need to submit two reference letters" in the introduction */
    if (k == S_REQ || k == S_PREF || k == S_OTHER || k == S_RESP) {
        c->st = fr_item_facts(&it, c->lx, c->tok, &p->arena, c->err);
        if (c->st != FR_OK)
            return;
    }
    if (push_item(section_items(p, k), &it) != FR_OK)
        c->st = fr_fail(c->err, FR_ENOMEM, "out of memory");
}

static void sentence_cb(void *vc, size_t a, size_t b)
{
    pctx *c = vc;
    add_item(c, c->kind, a, b);
}

/* Add a skill to the listed skills unless it is there already. */
static fr_status push_skill(pctx *c, const char *name)
{
    fr_posting *p = c->p;
    int seen = seen_skill(c, name);
    if (seen < 0)
        return fr_fail(c->err, FR_ENOMEM, "out of memory");
    if (seen)
        return FR_OK;
    if (p->n_skills == c->skills_cap) {
        size_t cap = c->skills_cap ? c->skills_cap * 2 : 16;
        const char **v = realloc((void *)p->skills, cap * sizeof *v);
        if (!v)
            return fr_fail(c->err, FR_ENOMEM, "out of memory");
        p->skills = v;
        c->skills_cap = cap;
    }
    p->skills[p->n_skills++] = name;
    return FR_OK;
}

/* Listed skills: "C#", "Go, Docker, Kubernetes", "Python · SQL".  Canonical names where the
 * lexicon knows the whole piece, otherwise the piece's tokens. */
static fr_status add_listed_skill(pctx *c, const char *s, size_t n)
{
    fr_posting *p = c->p;
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && s[j] != ',' && s[j] != ';' && s[j] != '|' &&
               !(j + 1 < n && (unsigned char)s[j] == 0xC2 && (unsigned char)s[j + 1] == 0xB7))
            j++;
        fr_tokens t;
        fr_status st = fr_tokenize(c->tok, s + i, j - i, &t, c->err);
        if (st != FR_OK)
            return st;
        const char *name = NULL;
        char buf[128];
        size_t bl = 0;
        for (size_t k = 0; k < t.n && bl + t.len[k] + 1 < sizeof buf; k++) {
            if (k)
                buf[bl++] = ' ';
            memcpy(buf + bl, t.text + t.off[k], t.len[k]);
            bl += t.len[k];
        }
        if (bl && t.n <= 5) {
            int64_t id = fr_lexicon_lookup(c->lx, buf, bl);
            name = id >= 0 ? fr_lexicon_name(c->lx, (uint32_t)id) : fr_arena_strndup(&p->arena, buf, bl);
            if (!name)
                return fr_fail(c->err, FR_ENOMEM, "out of memory");
            if ((st = push_skill(c, name)) != FR_OK)
                return st;
        }
        i = j + (j < n ? ((unsigned char)s[j] == 0xC2 ? 2 : 1) : 0);
    }
    return FR_OK;
}

/* The skills a whole text names, added to the listed skills. */
static fr_status add_text_skills(pctx *c, const char *text, size_t len)
{
    fr_posting *p = c->p;
    fr_item it;
    memset(&it, 0, sizeof it);
    if (!(it.text = fr_arena_strndup(&p->arena, text, len)))
        return fr_fail(c->err, FR_ENOMEM, "out of memory");
    it.min_years = -1;
    fr_status st = fr_item_facts(&it, c->lx, c->tok, &p->arena, c->err);
    for (size_t k = 0; st == FR_OK && k < it.n_skills; k++) {
        st = push_skill(c, it.skills[k]);
    }
    return st;
}

/* Is text[a..b), as a whole, a skill the lexicon names ("GIT", "SQL", "AWS")?  (c->st is set when
 * tokenising fails.) */
static int names_skill(pctx *c, size_t a, size_t b)
{
    fr_tokens tk;
    if ((c->st = fr_tokenize(c->tok, c->p->text + a, b - a, &tk, c->err)) != FR_OK)
        return 0;
    char buf[128];
    size_t bl = 0;
    for (size_t k = 0; k < tk.n; k++) {
        if (bl + tk.len[k] + 1 >= sizeof buf)
            return 0;
        if (k)
            buf[bl++] = ' ';
        memcpy(buf + bl, tk.text + tk.off[k], tk.len[k]);
        bl += tk.len[k];
    }
    return bl && tk.n <= 5 && fr_lexicon_lookup(c->lx, buf, bl) >= 0;
}

/* Width of a line in code points, indentation and bullet included. */
static size_t line_width(const char *t, const fr_line *l)
{
    size_t w = 0;
    for (size_t i = l->s; i < l->ce; i++)
        w += ((unsigned char)t[i] & 0xC0) != 0x80;
    return w;
}

/* Would the first word of line l have fitted at the end of line p, in a text wrapped at width w
 * (the widest line)?  A text wrapper breaks a line only before a word that does not fit: when it
 * would have fitted, l starts a new line of its own (a list item, not a wrapped piece). */
static int fits_after(const char *t, const fr_line *p, const fr_line *l, size_t w)
{
    size_t word = 0;
    for (size_t i = l->cs; i < l->ce && t[i] != ' ' && t[i] != '\t'; i++)
        word += ((unsigned char)t[i] & 0xC0) != 0x80;
    return line_width(t, p) + 1 + word <= w;
}

/* Does line l end with a word that cannot end a sentence ("at least", "of", "mit")? */
static int ends_unfinished(const char *t, const fr_line *l)
{
    static const char *const words[] = {"a", "an", "the", "of", "and", "or", "with", "to", "for", "in", "on", "at",
                                        "least", "than", "by", "from", "mindestens", "mind.", "von", "und",
                                        "oder", "mit", "für", "als", "zu", "über", "ab", "bis", NULL};
    size_t e = l->ce, b = e;
    while (b > l->cs && t[b - 1] != ' ' && t[b - 1] != '\t')
        b--;
    char w[16];
    if (e - b == 0 || e - b >= sizeof w)
        return 0;
    for (size_t i = b; i < e; i++)
        w[i - b] = fr_to_lower((unsigned char)t[i]);
    w[e - b] = '\0';
    for (int i = 0; words[i]; i++)
        if (strcmp(w, words[i]) == 0)
            return 1;
    return 0;
}

/* ------------------------------------------------------------ parse */

static int generic_title(const char *h)
{
    static const char *const g[] = {"jobs", "job", "careers", "job description", "stellenangebot",
                                    "stellenanzeige", "job posting", "position", "apply", NULL};
    for (int i = 0; g[i]; i++)
        if (strcmp(h, g[i]) == 0)
            return 1;
    return 0;
}

fr_status fr_posting_parse(const char *id, const char *text, size_t len, const char *offsets,
                           const fr_lexicon *lx, fr_posting **out, fr_error *err)
{
    *out = NULL;
    fr_posting *p = calloc(1, sizeof *p);
    if (!p)
        return fr_fail(err, FR_ENOMEM, "out of memory");
    p->id = fr_arena_strndup(&p->arena, id, strlen(id));
    char *t = fr_arena_strndup(&p->arena, text, len);
    p->text = t;
    p->len = len;
    p->offsets = offsets;
    fr_line *L = NULL;
    size_t nl = 0;
    fr_tok_opts to;
    fr_lexicon_tok_opts(&to);
    pctx c = {p, lx, NULL, err, FR_OK, S_INTRO, NULL, 0, 0, 0, NULL, 0};
    if (!p->id || !t || (nl = fr_lines(t, len, &L)) == (size_t)-1) {
        c.st = fr_fail(err, FR_ENOMEM, "out of memory");
        goto done;
    }
    if ((c.st = fr_tokenizer_new(&to, &c.tok, err)) != FR_OK)
        goto done;

    /* title: a labelled title ("Titel: X", "Job title\nX"), markdown "# X", else the first
     * short line near the top that is no heading */
    static const char *const title_labels[] = {"title", "job title", "titel", "projekt-titel", "projekttitel",
                                               "position", "stelle", "stellenbezeichnung", "projekt", "role",
                                               "jobtitel", NULL};
    for (size_t i = 0, seen = 0; i < nl && seen < 8 && !p->title; i++) {
        if (L[i].blank)
            continue;
        seen++;
        const char *colon = memchr(t + L[i].cs, ':', L[i].ce - L[i].cs);
        size_t he = colon ? (size_t)(colon - t) : L[i].ce;
        char h[64];
        fr_heading_norm(t, L[i].cs, he, h, sizeof h);
        int label = 0;
        for (int k = 0; title_labels[k] && !label; k++)
            label = strcmp(h, title_labels[k]) == 0;
        if (!label)
            continue;
        size_t a = colon ? (size_t)(colon - t) + 1 : 0, b = L[i].ce;
        if (!colon || a >= b) { /* the title is on the next non-blank line */
            size_t j = i + 1;
            while (j < nl && L[j].blank)
                j++;
            if (j >= nl)
                break;
            a = L[j].cs;
            b = L[j].ce;
        }
        while (a < b && (t[a] == ' ' || t[a] == '\t'))
            a++;
        if (b > a)
            p->title = fr_collapse_ws(&p->arena, t + a, b - a);
    }
    for (size_t i = 0, seen = 0; i < nl && seen < 6 && !p->title; i++) {
        if (L[i].blank)
            continue;
        seen++;
        char h[256];
        fr_heading_norm(t, L[i].cs, L[i].ce, h, sizeof h);
        size_t words = fr_word_count(t, L[i].cs, L[i].ce);
        int md = t[L[i].cs] == '#' && (L[i].ce - L[i].cs < 2 || t[L[i].cs + 1] != '#');
        skind hk = classify(t, L[i].cs, L[i].ce, 1);
        if (hk != S_NONE && hk != S_CONTEXT && !md)
            continue; /* a known section heading */
        if (generic_title(h) || words == 0 || words > 14 || L[i].bullet)
            continue;
        if (!md && (t[L[i].ce - 1] == '.' || t[L[i].ce - 1] == ':' || t[L[i].ce - 1] == '!' || t[L[i].ce - 1] == '?'))
            break; /* prose starts: no title line */
        size_t a = L[i].cs, b = L[i].ce;
        while (a < b && (t[a] == '#' || t[a] == ' '))
            a++;
        p->title = fr_collapse_ws(&p->arena, t + a, b - a);
    }

    skind sec = S_INTRO;
    int sec_bullets = 0;      /* the section has had bullets */
    size_t item_s = 0, item_e = 0;
    int item_open = 0, item_bullet = 0, item_indent = 0;
    size_t para_s = 0, para_e = 0;
    int para_open = 0;
    size_t prev = (size_t)-1; /* previous non-blank line */
    size_t last_heading = (size_t)-1;
    size_t wrap_w = 0; /* the widest line: the width a hard-wrapped text was wrapped at, at most */
    for (size_t i = 0; i < nl; i++)
        if (!L[i].blank && line_width(t, &L[i]) > wrap_w)
            wrap_w = line_width(t, &L[i]);
    int blank_since = 0;

#define FLUSH_ITEM()                                                                                 \
    do {                                                                                             \
        if (item_open)                                                                               \
            add_item(&c, sec, item_s, item_e);                                                       \
        item_open = 0;                                                                               \
    } while (0)
#define FLUSH_PARA()                                                                                 \
    do {                                                                                             \
        if (para_open)                                                                               \
            push_para(&c, para_s, para_e);                                                           \
        para_open = 0;                                                                               \
    } while (0)

    for (size_t i = 0; i < nl && c.st == FR_OK; i++) {
        fr_line *l = &L[i];
        if (l->blank) {
            FLUSH_PARA();
            blank_since = 1;
            continue;
        }
        /* a deeper-indented line under an open bullet continues it, whatever it looks like */
        if (item_open && item_bullet && !l->bullet && !blank_since && l->indent > item_indent) {
            item_e = l->ce;
            prev = i;
            continue;
        }
        /* heading?  Not a lower-case line that goes on with an unfinished item or paragraph
         * ("...or an equivalent vocational" / "qualification"); "wünschenswert: ..." may be */
        int goes_on = (item_open || para_open) && prev != (size_t)-1 && !fr_ends_sentence(t, &L[prev]) &&
                      fr_starts_lower(t, l) && !fr_is_digit((unsigned char)t[l->cs]) &&
                      !memchr(t + l->cs, ':', l->ce - l->cs);
        if (!goes_on && (!l->bullet || fr_heading_marked(t, l))) {
            int markup = fr_heading_markup(t, l), marked = markup != 0;
            skind k = S_NONE;
            size_t inline_s = 0;
            if (fr_word_count(t, l->cs, l->ce) <= 8)
                k = classify(t, l->cs, l->ce, marked);
            if ((k == S_NONE || k == S_CONTEXT) && (markup & FR_HM_COLON) && fr_word_count(t, l->cs, l->ce) <= 12) {
                /* a sentence that leads in a list and says which ("Wir erwarten folgende
                 * Anforderungen:", "The following would be a plus:") heads it */
                char h[256];
                size_t hn = fr_heading_norm(t, l->cs, l->ce, h, sizeof h);
                skind lk = hn ? keyword_kind(h) : S_NONE;
                if (lk == S_REQ || lk == S_PREF)
                    k = lk;
            }
            /* markup alone made it a heading: its words name no section */
            int unknown = k == S_CONTEXT && classify(t, l->cs, l->ce, 0) == S_NONE;
            int qual = sec == S_REQ || sec == S_PREF || sec == S_QUAL;
            if (unknown && markup == FR_HM_CAPS) {
                /* ALL CAPS alone, and words that name no section: "GIT", "SQL", "AWS" in a list of
                 * requirements are items.  Such a line is a heading only where the layout says so:
                 * it opens a block of its own (after a blank line or at the top), it is not the
                 * first line under a heading, and it is not a skill the lexicon names — nor one
                 * word in a list of qualifications ("MBA", whatever the blank lines around it). */
                int opens_block = prev == (size_t)-1 || blank_since;
                if (!opens_block || (prev != (size_t)-1 && prev == last_heading) ||
                    (qual && fr_word_count(t, l->cs, l->ce) == 1) || names_skill(&c, l->cs, l->ce)) {
                    k = S_NONE;
                    unknown = 0;
                }
                if (c.st != FR_OK)
                    break;
            }
            if (unknown) {
                /* A line of unknown words must not make the section under way vanish into context:
                 * right under a heading it is that heading's lead-in ("Ihr Profil" / "Was wir
                 * erwarten:"), and in a list of qualifications or duties, followed by bullets, it
                 * heads a part of that list ("Backend:" / "- Java").  Neither switches the section. */
                size_t nx = i + 1;
                while (nx < nl && L[nx].blank)
                    nx++;
                int lead_in = prev != (size_t)-1 && prev == last_heading && sec != S_INTRO;
                int sublist = (qual || sec == S_RESP) && nx < nl && L[nx].bullet;
                if (lead_in || sublist) {
                    FLUSH_ITEM();
                    FLUSH_PARA();
                    sec_bullets = 0;
                    prev = last_heading = i;
                    blank_since = 0;
                    continue;
                }
            }
            if (k == S_NONE) {
                /* "Requirements: 3+ years of Python" — a heading with content on its line */
                const char *colon = memchr(t + l->cs, ':', l->ce - l->cs);
                if (colon && fr_word_count(t, l->cs, (size_t)(colon - t)) <= 5 && (size_t)(colon - t) + 1 < l->ce) {
                    k = classify(t, l->cs, (size_t)(colon - t) + 1, 1);
                    if (k == S_CONTEXT)
                        k = S_NONE;
                    inline_s = (size_t)(colon - t) + 1;
                    while (inline_s < l->ce && (t[inline_s] == ' ' || t[inline_s] == '\t'))
                        inline_s++;
                }
            }
            if (k != S_NONE) {
                FLUSH_ITEM();
                FLUSH_PARA();
                flush_paras(&c, sec);
                sec = k;
                sec_bullets = 0;
                prev = i;
                last_heading = inline_s ? (size_t)-1 : i; /* "Salary: ..." heads no lines below */
                blank_since = 0;
                if (inline_s && inline_s < l->ce) {
                    para_s = inline_s;
                    para_e = l->ce;
                    para_open = 1;
                    if (k == S_SKILLS) {
                        /* "Skills: Go, Postgres, Docker" is the whole list: what follows is not */
                        FLUSH_PARA();
                        flush_paras(&c, sec);
                        sec = S_CONTEXT;
                    }
                }
                continue;
            }
        }
        if (l->bullet) {
            FLUSH_PARA();
            if (item_open && item_bullet && l->indent > item_indent && !blank_since) {
                item_e = l->ce; /* a sub-bullet joins its parent */
            } else {
                FLUSH_ITEM();
                item_open = 1;
                item_bullet = 1;
                item_indent = l->indent;
                item_s = l->cs;
                item_e = l->ce;
            }
            sec_bullets = 1;
            prev = i;
            blank_since = 0;
            continue;
        }
        /* a plain line */
        if (item_open && item_bullet) {
            /* Under an open bullet: a wrapped piece of it, an item whose marker got lost, or the
             * text after the list.  A line with more bullets of the list after it (PDF exports put
             * blank lines even inside a wrapped bullet) is never the text after the list: that
             * would end the section and drop the rest of the list. */
            size_t nx = i + 1;
            while (nx < nl && L[nx].blank)
                nx++;
            int in_list = nx < nl && L[nx].bullet && L[nx].indent <= item_indent;
            int open_end = prev != (size_t)-1 && !fr_ends_sentence(t, &L[prev]);
            int lower = fr_starts_lower(t, l);
            int cont = !blank_since && (l->indent > item_indent || (open_end && lower));
            if (!cont && open_end && in_list) /* after the last bullet, a pay line may follow */
                cont = lower || !fits_after(t, &L[prev], l, wrap_w);
            if (cont) {
                item_e = l->ce;
                prev = i;
                continue;
            }
            if (in_list && t[l->ce - 1] == ':') {
                /* a lead-in between two parts of a list ("Darüber hinaus sind diese Kenntnisse
                 * wünschenswert:") heads the next part: preferred or required when its words say
                 * so, else a part of the same section */
                char h[256];
                size_t hn = fr_heading_norm(t, l->cs, l->ce, h, sizeof h);
                skind lk = hn && fr_word_count(h, 0, hn) <= 12 ? keyword_kind(h) : S_NONE;
                FLUSH_ITEM();
                FLUSH_PARA();
                if ((lk == S_REQ || lk == S_PREF) && lk != sec) {
                    flush_paras(&c, sec);
                    sec = lk;
                }
                sec_bullets = 0;
                prev = last_heading = i;
                blank_since = 0;
                continue;
            }
            /* "GIT" between two bullets, or a skill name right after the last one; a line after a
             * blank line with bullets right under it heads a list of its own ("Das bieten wir") */
            int heads_list = blank_since && i + 1 < nl && L[i + 1].bullet;
            int lost_marker = (in_list && !heads_list) ||
                              (!blank_since && fr_word_count(t, l->cs, l->ce) <= 6 && t[l->ce - 1] != ':' &&
                               names_skill(&c, l->cs, l->ce));
            if (c.st != FR_OK)
                break;
            if (lost_marker) {
                FLUSH_ITEM();
                item_open = 1;
                item_s = l->cs;
                item_e = l->ce;
                prev = i;
                blank_since = 0;
                continue;
            }
            FLUSH_ITEM();
        }
        if (sec_bullets && sec != S_INTRO && sec != S_CONTEXT && sec != S_BOILER) {
            /* text after a bulleted list ends the section (pay ranges, EEO after the last bullet) */
            FLUSH_PARA();
            flush_paras(&c, sec);
            sec = S_CONTEXT;
            sec_bullets = 0;
        }
        /* A digit starts a wrapped piece ("...with at least" / "5 years of Go") only when it could
         * not have stood on the line before, or a label's value ("Beginn" / "01.10.2019"); a list
         * line starts with one too: a degree line followed by "4 years of ... experience", "MBA" /
         * "10+ years ...". */
        int digit_start = fr_is_digit((unsigned char)t[l->cs]);
        int digit_wraps = prev != (size_t)-1 && !fr_ends_sentence(t, &L[prev]) &&
                          (!fits_after(t, &L[prev], l, wrap_w) || ends_unfinished(t, &L[prev]) ||
                           (fr_word_count(t, L[prev].cs, L[prev].ce) <= 2 &&
                            !(fr_heading_markup(t, &L[prev]) & FR_HM_CAPS)));
        if (para_open && !blank_since && prev != (size_t)-1 &&
            ((fr_starts_lower(t, l) && !(digit_start && !digit_wraps)) ||
             (!fr_ends_sentence(t, &L[prev]) && t[L[prev].ce - 1] == ','))) {
            para_e = l->ce; /* wrapped paragraph */
        } else {
            FLUSH_PARA();
            para_s = l->cs;
            para_e = l->ce;
            para_open = 1;
        }
        prev = i;
        blank_since = 0;
    }
    FLUSH_ITEM();
    FLUSH_PARA();
    flush_paras(&c, sec);
    if (c.st == FR_ENOMEM && err && !err->msg[0]) /* err is optional */
        fr_fail(err, FR_ENOMEM, "out of memory");
#undef FLUSH_ITEM
#undef FLUSH_PARA
    if (c.st == FR_OK && p->preferred.n == 0) {
        /* one requirements list with no preferred section: items worded as preferred ("is a plus",
         * "von Vorteil", "idealerweise") are preferred, as in a single "Qualifications" list */
        size_t k = 0;
        for (size_t i = 0; i < p->required.n && c.st == FR_OK; i++) {
            char low[1024];
            size_t n = strlen(p->required.v[i].text);
            if (n >= sizeof low)
                n = sizeof low - 1;
            for (size_t j = 0; j < n; j++)
                low[j] = fr_to_lower((unsigned char)p->required.v[i].text[j]);
            low[n] = '\0';
            if (preferred_wording(p->required.v[i].text, low)) {
                if (push_item(&p->preferred, &p->required.v[i]) != FR_OK)
                    c.st = fr_fail(err, FR_ENOMEM, "out of memory");
            } else
                p->required.v[k++] = p->required.v[i];
        }
        p->required.n = k;
    }
    p->no_requirements = p->required.n == 0 && p->preferred.n == 0;
    /* Scored on its whole text, such a posting asks for the skills its whole text names: they
     * are its listed skills then (the skill coverage of engine/score.c reads them). */
    if (p->no_requirements && c.st == FR_OK)
        c.st = add_text_skills(&c, text, len);
done:
    free(L);
    free(c.paras);
    free(c.skill_set);
    fr_tokenizer_free(c.tok);
    /* a title or item text the arena could not hold is a failure, not a posting without it */
    if (c.st == FR_OK && p->arena.failed)
        c.st = fr_fail(err, FR_ENOMEM, "out of memory");
    if (c.st != FR_OK) {
        fr_posting_free(p);
        return c.st;
    }
    *out = p;
    return FR_OK;
}

void fr_posting_free(fr_posting *p)
{
    if (!p)
        return;
    free(p->summary.v);
    free(p->responsibilities.v);
    free(p->required.v);
    free(p->preferred.v);
    free(p->other.v);
    free(p->context.v);
    free((void *)p->skills);
    fr_arena_free(&p->arena);
    free(p);
}
