/* engine/document.h — structured postings and résumés with byte offsets back into their text.
 *
 * Offsets: every item and chunk has [start, end) byte offsets.  `offsets` says into what:
 *   "source"     the input file itself (text, markdown; for HTML the span with tags stripped and
 *                entities decoded equals the item text),
 *   "extracted"  text fitrank extracted (PDF via pdftotext, JSON Resume / JobPosting fields laid
 *                out as text, HTML JSON-LD); `text` of the document holds it,
 *   "field"      the JSONL/CSV field holding the document's text.
 * In every case, the bytes [start, end) of the document's text space, with runs of whitespace
 * collapsed to one space (for HTML also tags stripped and entities decoded), equal the item text.
 *
 * A document owns all its memory (one arena); fr_posting_free / fr_resume_free release it. */
#ifndef FR_ENGINE_DOCUMENT_H
#define FR_ENGINE_DOCUMENT_H

#include <stddef.h>
#include <stdint.h>

#include "engine/dates.h"
#include "engine/input.h"
#include "engine/lexicon.h"
#include "util/arena.h"
#include "util/err.h"

/* Degrees.  The values are stored in index files; compare levels with fr_degree_rank, not the
 * values: a school leaving certificate (high school, Abitur) < a vocational qualification
 * (Ausbildung, associate degree) < a degree of unstated level ("a degree", "Studium") = a
 * bachelor < a master (Diplom, Magister, Staatsexamen, MBA, JD) < a doctorate. */
typedef enum {
    FR_DEG_NONE = 0, FR_DEG_ANY, FR_DEG_BACHELOR, FR_DEG_MASTER, FR_DEG_PHD, FR_DEG_VOCATIONAL, FR_DEG_SCHOOL
} fr_degree;
const char *fr_degree_name(fr_degree d); /* NULL, "any", "bachelor", "master", "phd", "vocational", "school" */
int fr_degree_rank(fr_degree d);         /* -1 none, 0 school, 1 vocational, 2 any/bachelor, 3 master, 4 phd */

/* Alternatives an education item allows besides the degree it names. */
enum {
    FR_ALT_EXPERIENCE = 1,     /* "or equivalent practical experience", "oder vergleichbare Berufserfahrung" */
    FR_ALT_RELATED = 2,        /* "or a related field", "or similar" */
    FR_ALT_QUALIFICATION = 4,  /* "or a comparable qualification": a vocational one counts */
    FR_ALT_CERT = 8,           /* a credential named beside the degree ("CPA or MBA") */
    FR_ITEM_GENERIC = 16,      /* (not an alternative) the item names no domain: "6 years of relevant
                                  work experience" asks for the posting's own */
    FR_ITEM_ALTERNATIVES = 32  /* (not an alternative of a degree) its words are alternatives joined by
                                  "or" / "oder" / "/": any one is enough */
};

/* One qualification, responsibility or other line of a posting, with its facts. */
typedef struct {
    const char *text;       /* whitespace-collapsed */
    uint32_t start, end;
    double min_years;       /* < 0: not stated */
    int any_of;             /* the skills are alternatives ("C# or C++ or Python") */
    int enrolled;           /* "currently enrolled in ..." */
    fr_degree degree;
    const char **skills;    /* canonical names (lexicon), in order of first mention */
    size_t n_skills;
    const char **fields;    /* fields of study named ("computer science", "stem") */
    size_t n_fields;
    /* requirement verdicts (engine/kinds.h, engine/verdict.h) */
    uint8_t kind;           /* fr_kind */
    uint8_t alt;            /* FR_ALT_* */
    uint8_t lang_level;     /* proficiency asked of its languages */
    uint8_t n_langs;
    uint8_t langs[4];       /* languages asked (all of them unless any_of) */
    uint32_t field_bits;    /* field groups of study (FR_FIELD_*) */
    uint32_t field_named;   /* of those, the ones named by name (not by "technical", "STEM") */
    uint64_t cues;          /* soft-skill and logistic concepts asked (FR_CUE_*) */
} fr_item;

typedef struct {
    fr_item *v;
    size_t n, cap;
} fr_items;

typedef struct {
    fr_arena arena;
    const char *id;
    const char *offsets;    /* "source" | "extracted" | "field" */
    const char *text;       /* the text the offsets refer to (borrowed or arena) */
    size_t len;
    const char *title;      /* NULL if none found */
    fr_items summary, responsibilities, required, preferred, other, context;
    const char **skills;    /* listed skills, canonical where the lexicon knows them */
    size_t n_skills;
    int no_requirements;    /* nothing recognisable as a requirement: whole text is context */
} fr_posting;

/* Parse posting text (already valid UTF-8).  `id` and `text` are copied into the posting unless
 * `borrow_text` (then text must outlive it).  `offsets` is stored as given. */
fr_status fr_posting_parse(const char *id, const char *text, size_t len, const char *offsets,
                           const fr_lexicon *lx, fr_posting **out, fr_error *err);
void fr_posting_free(fr_posting *p);
/* Parse a posting from an input document, choosing by its format (see engine/formats.c). */
fr_status fr_posting_parse_doc(const fr_doc *d, const fr_lexicon *lx, fr_posting **out, fr_error *err);

/* ----------------------------------------------------------------- résumés */

typedef enum {
    FR_RS_CONTACT = 0, FR_RS_SUMMARY, FR_RS_EXPERIENCE, FR_RS_EDUCATION, FR_RS_SKILLS, FR_RS_PROJECTS,
    FR_RS_PUBLICATIONS, FR_RS_CERTIFICATIONS, FR_RS_LANGUAGES, FR_RS_OTHER
} fr_rsec;
const char *fr_rsec_name(fr_rsec k);

typedef struct {
    fr_rsec kind;
    const char *heading;     /* as written, or NULL for the implicit top (contact) section */
    uint32_t start, end;
} fr_rsection;

typedef struct {
    const char *title, *organisation;  /* NULL when not found */
    fr_ym start, end;
    int present, has_dates;
    uint32_t start_off, end_off;       /* the entry's span */
    const char **skills;
    size_t n_skills;
} fr_experience;

typedef struct {
    fr_degree degree;
    const char *field, *institution;   /* NULL when not found */
    fr_ym start, end;
    int enrolled;                      /* expected / candidate / ongoing */
    const char *status;                /* "completed" | "enrolled" | "expected YYYY" */
    uint32_t start_off, end_off;
} fr_education;

typedef struct {
    const char *skill;
    double years;
} fr_skill_years;

typedef struct {
    fr_arena arena;
    const char *id, *offsets, *text;
    size_t len;
    fr_rsection *sections;
    size_t n_sections;
    fr_experience *experience;
    size_t n_experience;
    fr_education *education;
    size_t n_education;
    fr_items chunks;                   /* scorable: bullets, sentences, lines; never contact */
    fr_rsec *chunk_section;            /* per chunk */
    uint32_t *chunk_span;              /* per chunk, 2: its span in text (its start and end are
                                          source offsets, which a converted document moves) */
    uint8_t *chunk_slices;             /* per chunk: fr_tokens_slices of that span */
    fr_skill_years *skill_years;       /* from dated experience entries */
    size_t n_skill_years;
    double total_years;                /* union of dated experience */
    fr_degree highest_degree;
    const char *highest_field;
    int enrolled;
    const char **skills;               /* every skill mentioned outside contact, canonical */
    size_t n_skills;
    fr_ym as_of;                       /* the date "present" means */
    fr_tokens toks;                    /* text's tokens under fr_lexicon_tok_opts, in the arena (the
                                          index's rows reuse them: engine/docset.c); n = 0: none */
} fr_resume;

/* Parse résumé text.  `as_of` is the date "present" means. */
fr_status fr_resume_parse(const char *id, const char *text, size_t len, const char *offsets,
                          const fr_lexicon *lx, fr_ym as_of, fr_resume **out, fr_error *err);
fr_status fr_resume_parse_doc(const fr_doc *d, const fr_lexicon *lx, fr_ym as_of, fr_resume **out,
                              fr_error *err);
void fr_resume_free(fr_resume *r);

/* The chunks inside each experience entry's span (chunk start ≥ entry start, chunk end ≤ entry
 * end), in chunk order: entry i's chunks are idx[first[i] .. first[i + 1]).  Found by one sort of
 * the chunks by start and a binary search per entry, so the cost grows as chunks × log(chunks) —
 * not entries × chunks (`parse resume` on 200k dated lines took 55 s that way).  `steps` counts
 * the chunks examined after the searches: at most chunks + entries for entries that do not
 * overlap (tests check it).  Free with fr_entry_chunks_free. */
typedef struct {
    uint32_t *first;  /* n_experience + 1 */
    uint32_t *idx;
    size_t steps;
} fr_entry_chunks;
fr_status fr_resume_entry_chunks(const fr_resume *r, fr_entry_chunks *out, fr_error *err);
void fr_entry_chunks_free(fr_entry_chunks *ec);

/* Extract the facts of one item's text into *it (skills, years, degree, enrolment, fields). */
fr_status fr_item_facts(fr_item *it, const fr_lexicon *lx, fr_tokenizer *tok, fr_arena *arena, fr_error *err);
/* The lowest degree level a text names (bachelor < master < phd; "any" for an unqualified degree). */
fr_degree fr_degree_in(const char *text);
/* The highest degree level a text names (an education entry that lists a school and a degree). */
fr_degree fr_degree_top(const char *text);
/* Whether the two-letter prefilter of degree words lets every word and stem of the degree tables
 * through (a test of the prefilter: 1). */
int fr_degree_heads_cover(void);
/* Known fields of study named in a lower-cased text; writes up to cap, returns the count. */
size_t fr_fields_in(const char *lower, const char **out, size_t cap);

/* Collapse whitespace runs of s[0..n) to single spaces, trimmed (the item-text rule). */
char *fr_collapse_ws(fr_arena *a, const char *s, size_t n);
/* The same into out (room for n + 1 bytes); returns the length written. */
size_t fr_collapse_ws_to(char *out, const char *s, size_t n);

#endif
