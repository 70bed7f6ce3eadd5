/* engine/verdict.h — typed requirement verdicts: one decision per kind (engine/kinds.h), with the
 * résumé chunk that decided it and a sentence a recruiter reads.
 *
 * The meaning of the four statuses is GUIDE.md's (../shared/data/requirement-verdicts): met when
 * the résumé shows it, partial for part of it, missing only where the résumé gives enough to
 * conclude it is not met, unknown where it is silent.  Soft and logistic items are never missing
 * through silence.  docs/VERDICTS.md states every rule with the words it reads. */
#ifndef FR_ENGINE_VERDICT_H
#define FR_ENGINE_VERDICT_H

#include <stddef.h>
#include <stdint.h>

#include "engine/docset.h"
#include "engine/kinds.h"
#include "engine/document.h"
#include "engine/wordidx.h"
#include "models/model.h"
#include "util/buf.h"
#include "util/err.h"

/* Rules (what decided an item; explain prints each as a sentence). */
typedef enum {
    FR_RULE_NONE = 0,            /* not decided by its kind: the evidence thresholds decide */
    FR_RULE_EDU_MET,             /* an education entry of the level and field asked */
    FR_RULE_EDU_FIELD_OPEN,      /* the level asked; the entry names no field */
    FR_RULE_EDU_ADJACENT,        /* the level asked, in an adjacent field */
    FR_RULE_EDU_UNRELATED,       /* the level asked, in an unrelated field */
    FR_RULE_EDU_BELOW,           /* one level below */
    FR_RULE_EDU_LOWER,           /* lower than asked */
    FR_RULE_EDU_BY_EXPERIENCE,   /* "or equivalent practical experience": years of relevant work */
    FR_RULE_EDU_BY_CERT,         /* a credential the item names instead */
    FR_RULE_EDU_SILENT,          /* no education shown */
    FR_RULE_ENROL_MET,           /* ongoing or expected education */
    FR_RULE_ENROL_FIELD,         /* enrolled, in another field or below the level asked */
    FR_RULE_ENROL_GRADUATED,     /* education completed, work since */
    FR_RULE_ENROL_SILENT,
    FR_RULE_YEARS,               /* dated relevant experience against the years asked */
    FR_RULE_YEARS_NONE,          /* dated experience, none of it relevant */
    FR_RULE_YEARS_SILENT,        /* no dated experience */
    FR_RULE_LANG,                /* stated languages and levels, the language it is written in */
    FR_RULE_LANG_SILENT,
    FR_RULE_CERT_HELD,
    FR_RULE_CERT_RELATED,        /* the skill, not the credential */
    FR_RULE_CERT_ABSENT,         /* a detailed résumé or a certifications section without it */
    FR_RULE_CERT_SILENT,
    FR_RULE_SOFT_CLAIMED,        /* claimed or demonstrated in a chunk */
    FR_RULE_SOFT_SOME,           /* some of the qualities asked */
    FR_RULE_SOFT_SILENT,
    FR_RULE_LOGI_STATED,
    FR_RULE_LOGI_SILENT,
    FR_RULE_LOGI_REFUSED,        /* stated as a refusal ("not willing to relocate") */
    FR_RULE_SKILL_NAMED,         /* the skills asked (any one of alternatives) are named */
    FR_RULE_SKILL_KIND,          /* a kind of the skill asked is named (Salesforce for CRM) */
    FR_RULE_SKILL_SOME,          /* some of the skills asked */
    FR_RULE_SKILL_SUBSTITUTE,    /* a close substitute (PostgreSQL for MySQL) */
    FR_RULE_SKILL_WORDS,         /* no skill asked is named; the item's domain words are */
    FR_RULE_SKILL_ABSENT,        /* a detailed résumé names none of them */
    FR_RULE_SKILL_SILENT,        /* a short résumé names none of them */
    FR_RULE_DOMAIN_SHOWN,        /* a line of the résumé shows the domain (most of the item's words) */
    FR_RULE_DOMAIN_PART,         /* part of the domain */
    FR_RULE_DOMAIN_ABSENT,       /* a detailed résumé without it */
    FR_RULE_DOMAIN_SILENT,       /* a short résumé without it */
    FR_RULE_COUNT
} fr_rule;

/* A verdict for one item (filled into engine/score.h's fr_item_eval). */
typedef struct {
    uint8_t decided;      /* 1: the kind decided it */
    uint8_t status;       /* fr_item_status */
    uint8_t rule;         /* fr_rule */
    uint8_t by;           /* FR_BY_* bits (engine/score.h) */
    int32_t chunk;        /* the deciding chunk (index within the résumé), -1 none */
    float have;           /* years found (years rules), level found (language), -1 */
    float fact;           /* the fact's coverage in [0, 1] (1 met, partial part, 0 missing), -1 unknown */
    uint32_t fields;      /* the deciding education entry's field groups */
    uint8_t level;        /* its degree */
    uint8_t lang;         /* language rules: the language that decided */
    int32_t skill;        /* skill rules: the skill asked that decided (a lexicon id), -1 */
    int32_t shown;        /* skill rules: the skill the résumé shows for it (itself, a kind, a substitute), -1 */
} fr_verdict;

/* Context the decisions need besides the two documents. */
typedef struct {
    const fr_model *model;     /* IDF (the domain words of an item weigh by their rarity) */
    const fr_score_params *sp; /* the verdict.* thresholds */
    size_t p;             /* the posting (of P) the item belongs to */
    int evidence_wanted;  /* the caller shows evidence (else the status and coverage are enough) */
    float ctx_dense;      /* whole-document similarity of the pair (relevance of experience) */
    float evidence;       /* the item's evidence blend (engine/score.c) */
    float lex, mass;      /* the item's best lexical cosine and term share */
    float dense;          /* the item's best dense similarity to a chunk */
    int32_t lex_chunk;    /* chunk of the best lexical match, -1 */
    int32_t dense_chunk;  /* chunk of the best dense match, -1 */
    const fr_word_index *wix; /* R's lines by word, or NULL: a line's signature and common words
                                 read from its record there (one cache line for two lines, the
                                 lines of a résumé together) rather than from the chunk and its row */
    int lines;            /* what the caller knows of the item's lines (fr_verdict_lines_showing,
                             exact): 1 a line of r shows it, 0 none does, -1 not known.  Known and
                             no evidence wanted, a domain item's verdict reads no line itself */
    const uint32_t *cred_keys; /* fr_verdict_credential_keys, made once by the caller, or NULL */
    size_t n_cred_keys;
    const fr_doc_words *dw;    /* the résumé's words with their lines (fr_doc_words_build), or NULL:
                                  a word and its lines found by one probe (the same answers) */
} fr_verdict_ctx;

/* The keys of the words of credential items that name no credential ("certification",
 * "Zertifikat", "valid"): into out, the count returned (at most FR_CRED_KEYS). */
#define FR_CRED_KEYS 32
size_t fr_verdict_credential_keys(uint32_t out[FR_CRED_KEYS]);

/* Decide item u of P (a posting set) against résumé r of R by its kind.  The status never depends
 * on which chunk scored best (the bulk paths of engine/rank.c know the best values, not their
 * chunks): only the chunk shown does.  v->decided = 0 where nothing decides (an item with neither
 * skills nor content words): the evidence thresholds do. */
void fr_verdict_decide(const fr_docset *P, size_t u, const fr_docset *R, size_t r, const fr_verdict_ctx *c,
                       fr_verdict *v);

/* The most item u's verdict against résumé r of R can give, from what is known before judging
 * it — the résumé's skills, and `noshow`: the caller knows that no line of r shows the item's
 * words (fr_verdict_lines_showing, exact): *fact, the largest fact the verdict can set, and
 * *unknown, whether it can leave the coverage to the evidence instead (unknown, undecided).
 * Skill and domain items are bounded so; the other kinds get 1 and 1.  Ranking's bounds
 * (engine/score.c) read it: most pairs a pool offers cannot meet all their skills, and are set
 * aside without judging them. */
void fr_verdict_most(const fr_docset *P, size_t u, const fr_docset *R, size_t r, const fr_score_params *sp,
                     int noshow, float *fact, int *unknown);

/* How fr_verdict_most bounds item u, known before any résumé: FR_MOST_ANY fact 1, unknown 1 (the
 * kinds not bounded); FR_MOST_SKILLS by the résumé's skills (fr_verdict_most itself); FR_MOST_EVIDENCE
 * fact 0, unknown 1 (no skill, no word: the evidence decides); FR_MOST_LINES fact ½ where no line
 * shows it (noshow), else 1, unknown where the résumé is not detailed (fewer than verdict.detailed
 * chunks).  Bounding many pairs of one posting at once reads it once per item. */
typedef enum { FR_MOST_ANY = 0, FR_MOST_SKILLS, FR_MOST_EVIDENCE, FR_MOST_LINES } fr_most_mode;
fr_most_mode fr_verdict_most_mode(const fr_docset *P, size_t u);

/* Whether fr_verdict_most reads `noshow` for item u: a skill or domain item none of whose skills
 * counts (its words decide it), with words — the items for which ranking runs the lines' test. */
int fr_verdict_most_reads_lines(const fr_docset *P, size_t u);

/* The résumés of R with a line holding at least `share` of item u's words by weight — the test
 * by which a domain item's best line shows it (verdict.domain_met): bit base + r of `bits` is set
 * for each, none cleared.  Through wix, R's lines by word: only the lines of the item's heavier
 * words are read (a line holding none of them holds less than the share), their weights summed
 * per line from the index, the other words looked up only where they can decide — so ranking a
 * pool finds the résumés that show an item without judging every pair.  walk: bit i set for each
 * word i (of the item's first 64) whose lines may be walked; a heavier word left out is looked up
 * in the lines the others reach, and a line only it and lighter words reach is not found (all
 * bits set: exact).  Where a line's sum lies within rounding of the share, the verdict's own sum
 * (its order) decides.  acc: one per line of R, zero, left zero; touched: room for R's lines.
 * Returns 1 when no line was missed — every word a line needs to reach the share was walked — so
 * that a clear bit says no line of that résumé shows the item (share > 0); else 0. */
int fr_verdict_lines_showing(const fr_docset *P, size_t u, const fr_docset *R, const fr_word_index *wix, double share,
                             uint64_t walk, uint64_t *bits, size_t base, float *acc, uint32_t *touched);

/* The résumé-side facts for verdicts: records (education entries, languages, dated jobs) appended
 * to `recs`, per chunk its cues and its refused logistic cues into chunk_cues[2i], [2i + 1]
 * (2 × r->chunks.n), and the facts of `f` they fill (text_lang, has_languages, has_certs,
 * last_edu_end).  whole: the words of r->text (fr_words_of), or NULL (then read from the text);
 * chunk_words: the words of each chunk (fr_words_of of its text, or its slice of whole's), made
 * once by the caller, which reads them too; cues: the cue patterns' index (fr_cue_index_new). */
fr_status fr_verdict_resume(const fr_resume *r, const fr_words *whole, const fr_words *chunk_words,
                            const fr_cue_index *cues, fr_rfacts *f, fr_buf *recs, uint64_t *chunk_cues, fr_error *err);

/* One sentence for a recruiter: "M.Sc. Informatik (2014) meets a bachelor in computing" — into
 * buf.  `chunk_text` is the deciding chunk's text (NULL when none). */
const char *fr_verdict_sentence(const fr_verdict *v, const fr_unit_item *it, const fr_lexicon *lx,
                                const char *chunk_text, char *buf, size_t cap);
const char *fr_rule_name(fr_rule r);

/* Evidence shown for an item is one chunk, at most FR_EVIDENCE_MAX bytes: the chunk's text, cut
 * at the last word boundary that fits (buf holds FR_EVIDENCE_MAX + 1). */
#define FR_EVIDENCE_MAX 300
const char *fr_evidence_cut(const char *text, char *buf);

#endif
