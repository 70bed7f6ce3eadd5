/* engine/docset.h — postings and résumés prepared for scoring: flat arrays, no pointers, so that
 * the same layout is built in memory from parsed documents and mapped from an index file.
 *
 * Both kinds of set share the shape "documents made of units":
 *   posting  → its requirement items (required ones first, then preferred),
 *   résumé   → its chunks (bullets, sentences, lines; never the contact block).
 * Every unit and every whole document has a sparse TF-IDF row (exact lexical evidence) and an
 * L2-normalised LSA vector (dense evidence; the rows of the sgemm tiles).  Units of one document
 * are contiguous, so a document's unit vectors are one row block of the matrix.
 *
 * Skills are ids of the lexicon (engine/lexicon.h); a résumé's skills are a bitset. */
#ifndef FR_ENGINE_DOCSET_H
#define FR_ENGINE_DOCSET_H

#include <stddef.h>
#include <stdint.h>

#include "engine/csr.h"
#include "engine/document.h"
#include "models/model.h"
#include "util/buf.h"
#include "util/err.h"

enum { FR_SET_POSTINGS = 1, FR_SET_RESUMES = 2 };

/* Pruning compares whole documents in the first FR_COARSE_DIM LSA dimensions only (renormalised):
 * LSA orders dimensions by singular value, so the prefix keeps the coarse structure at a quarter
 * of the memory traffic — the first stage of `match` reads every posting's vectors. */
#define FR_COARSE_DIM 64

/* Word keys are 31-bit hashes (engine/kinds.h fr_word_key): the column bound of unit_words. */
#define FR_WORD_KEYS 0x80000000u

/* Per item of a posting (facts as engine/document.h defines them). */
typedef struct {
    uint32_t text;        /* offset of the item text in strings */
    float min_years;      /* < 0: not stated */
    uint32_t skill_start; /* its skills are skills[skill_start .. next item's skill_start) */
    uint8_t degree;       /* fr_degree */
    uint8_t enrolled, any_of;
    uint8_t kind;         /* fr_kind (engine/kinds.h) */
    uint8_t alt;          /* FR_ALT_*: what an education item accepts instead */
    uint8_t lang_level;   /* proficiency asked of its languages */
    uint8_t n_langs;
    uint8_t soft_mask;    /* bit i: its skill i (of the first 8) is a soft skill or a language — no domain */
    uint8_t langs[4];     /* languages asked */
    uint32_t fields;      /* field groups of study (FR_FIELD_*) */
    uint32_t fields_named; /* of those, the ones named by name (not by "technical", "STEM") */
    uint64_t cues;        /* soft-skill and logistic concepts asked (FR_CUE_*) */
    uint32_t sub_start;   /* what may stand for its skills: subs[sub_start .. next item's sub_start) */
    uint32_t pad;
} fr_unit_item;

/* An entry of a posting set's `subs`: a skill that may stand for the item's own skill number
 * `own` (its position among the item's skills): a kind of it (meets) or a close substitute
 * (partial) — engine/substitutes.tsv, resolved when the posting is prepared. */
#define FR_SUB_SKILL(e) ((e) & 0x7FFFFFu)
#define FR_SUB_KIND(e) (((e) >> 23) & 1u)
#define FR_SUB_OWN(e) ((e) >> 24)

/* Per chunk of a résumé: where it is in the résumé's text (explain's evidence offsets). */
typedef struct {
    uint32_t start, end;
    uint8_t section;      /* fr_rsec */
    uint8_t pad[7];
    uint64_t cues;        /* soft skills it claims, logistics it states (FR_CUE_*) */
    uint64_t sig;         /* the OR of its words' signature bits (fr_word_sig_bit): a word whose
                             bit is clear is not in the chunk, no search needed */
    uint64_t refused;     /* logistic cues it states as a refusal ("not willing to relocate") */
} fr_unit_chunk;

/* Per résumé: the facts items are decided against. */
typedef struct {
    float total_years;      /* union of dated experience */
    uint32_t sy_start;      /* its (skill, years) pairs are sy_skill/sy_years[sy_start .. next) */
    uint8_t has_dated;      /* any dated experience entry */
    uint8_t has_education;  /* an education section or entry */
    uint8_t degree;         /* highest fr_degree */
    uint8_t enrolled;
    uint8_t text_lang;      /* the language it is written in (engine/kinds.h), 0 unsure */
    uint8_t has_languages;  /* it lists its languages (a section, or a line of languages with levels) */
    uint8_t has_certs;      /* it has a certifications section */
    uint8_t has_skills;     /* it lists its skills in a section of their own */
    uint32_t rec_start;     /* its records are recs[rec_start .. next résumé's rec_start) */
    int32_t last_edu_end;   /* month index (year·12 + month − 1) its last completed education ended, 0 */
    uint32_t word_start;    /* its distinct word keys are doc_words[word_start .. next résumé's) */
    uint32_t pad;
} fr_rfacts;

/* What a résumé states that typed requirements are decided against (engine/verdict.c), each with
 * the chunk that states it — the evidence a verdict shows. */
enum { FR_REC_EDU = 1, FR_REC_LANG = 2, FR_REC_JOB = 3 };
typedef struct {
    uint8_t type;         /* FR_REC_* */
    uint8_t level;        /* education: fr_degree; language: proficiency 0..5 (0 = none stated) */
    uint8_t flag;         /* education: enrolled; language: language id */
    uint8_t pad;
    uint32_t fields;      /* education: field groups */
    int32_t start, end;   /* month indexes (0 = unknown); a job running to "present" ends at as-of */
    int32_t chunk;        /* the chunk stating it (index within the résumé), -1 none */
    int32_t n_chunks;     /* job: its chunks are chunk .. chunk + n_chunks − 1 (in chunk order) */
} fr_rrec;

/* Per document of a set that keeps its sources (`fitrank index build`): the text it was prepared
 * from, so that `explain` can show any row of a ranking against an index as it was scored. */
enum { FR_OFFSETS_SOURCE = 0, FR_OFFSETS_FIELD = 1, FR_OFFSETS_EXTRACTED = 2 };
typedef struct {
    uint64_t text, len;     /* its text is src_text[text .. text + len) */
    uint64_t alt, alt_len;  /* a posting's JSON-LD JobPosting laid out as text (HTML); alt_len 0: none */
    int32_t as_of;          /* résumés: the date it was prepared as of, year·100 + month; 0 postings */
    uint8_t offsets;        /* FR_OFFSETS_*: what byte offsets into its text meant when it was read */
    uint8_t pad[3];
} fr_doc_src;

typedef struct {
    int kind;               /* FR_SET_POSTINGS or FR_SET_RESUMES */
    size_t n;               /* documents */
    size_t n_units;
    size_t dim;             /* LSA dimension (the model's) */
    size_t n_skill_words;   /* 64-bit words per résumé skill bitset */
    char model_hash[17];
    int lexicon_version;    /* skill ids are the lexicon's: an index records its version */

    fr_buf strings;         /* NUL-terminated strings: ids, titles, item texts */
    fr_u32vec id;           /* per document: offset of its id */
    fr_u32vec title;        /* per document: offset of its title, UINT32_MAX when none */
    fr_u32vec unit_start;   /* n + 1 */
    fr_u32vec n_req;        /* postings: required items per posting (the first ones) */
    fr_csr_rows unit_rows, doc_rows;
    fr_csr_rows unit_words; /* per unit, its content word keys (engine/kinds.h: every word, known to
                               the model or not, stemmed and hashed; columns are keys below
                               FR_WORD_KEYS): items weighted by IDF, chunks by 1 — what the
                               verdicts read a domain by */
    fr_csr_rows doc_inv;    /* doc_rows transposed (the pruning's inverted index), when has_inv:
                               an index file stores it so that a query need not build it */
    int has_inv;
    fr_buf unit_vec, doc_vec;   /* float, n_units × dim and n × dim */
    int lazy_units;             /* résumés: the chunks' vectors are not kept (unit_vec empty) but
                                   made from their rows where read (fr_docset_chunk_vecs) — rank's
                                   pruned path, whose pool's chunk vectors were 80 % of its bytes
                                   (and of its spill) and are read for the candidates only.  Set
                                   before the first document, as keep_src; a lazy set is saved as
                                   a scratch file only */
    size_t cdim;                /* min(dim, FR_COARSE_DIM) */
    fr_buf doc_coarse;          /* float, n × cdim: the documents' vectors, prefix renormalised */

    /* postings */
    fr_buf items;           /* fr_unit_item per unit */
    fr_csr_rows req_rows;   /* the requirements as one query (pruning: its lexical lists), one
                               sparse row per posting: the required items' rows + half the
                               preferred ones', normalised; the whole document's row when no item
                               was recognised.  (Format 8 kept a dense view too, read by nothing
                               since match's lists changed: 1.3 KB a posting.) */
    fr_csr_rows req_inv;    /* req_rows transposed, when has_req_inv (index files store it) */
    int has_req_inv;
    fr_u32vec skills;       /* item skills, concatenated */
    fr_u32vec subs;         /* item substitutes (FR_SUB_*), concatenated */
    /* résumés */
    fr_buf chunks;          /* fr_unit_chunk per unit */
    fr_buf rfacts;          /* fr_rfacts per document */
    fr_buf skill_bits;      /* uint64 × n_skill_words per document: what a résumé names, what a
                               posting asks for (engine/score.c: skill coverage) */
    fr_u32vec sy_skill;     /* (skill, years) pairs, concatenated */
    fr_buf sy_years;        /* float per pair */
    fr_buf recs;            /* fr_rrec, concatenated per résumé */
    fr_u32vec doc_words;    /* per résumé, the distinct word keys of its chunks, ascending (whether
                               the résumé names a word at all: one binary search, not a pass over
                               its chunks) */

    /* sources (fr_doc_src): kept when keep_src is set before the first document is added; an index
     * stores them; nothing in scoring reads them */
    int keep_src;
    fr_buf src_text;        /* the texts, concatenated */
    fr_buf srcs;            /* fr_doc_src per document */

    /* when mapped from an index file, the arrays above point into `map` (see engine/index.h);
     * the term ids of a document's rows are then checked the first time it is used
     * (fr_docset_check_doc), and document ids as inverted lists are walked */
    void *map;
    size_t map_len;
    _Atomic unsigned char *checked;  /* per document, mapped sets only */
    size_t n_terms;                  /* the model's vocabulary size (the bound of term ids) */
    struct fr_index_verify *verify;  /* mapped sets: checksums still to verify (engine/index.h) */
} fr_docset;

/* FR_OK when document i's rows hold only term ids of the vocabulary and, for a mapped set, its
 * data and the set's shared parts match their checksums (engine/index.h) — always, for sets built
 * in memory; FR_EFORMAT with a message naming the document otherwise.  Every reader of a set calls
 * it before using a document.  Cheap after the first call; thread-safe. */
fr_status fr_docset_check_doc(const fr_docset *s, size_t i, fr_error *err);
/* The same for what scoring reads of document i only (not its texts, nor a posting's requirement
 * view): the check of the bulk paths that score thousands of candidates and report a few
 * (fr_score_pair with parts); whatever is reported goes through fr_docset_check_doc. */
fr_status fr_docset_check_scoring(const fr_docset *s, size_t i, fr_error *err);
/* fr_docset_check_scoring of documents ids[0..n) in turn, a few documents' memory asked for ahead
 * (fr_index_cache_doc): for a query's candidates, before their vectors are gathered. */
fr_status fr_docset_check_scoring_many(const fr_docset *s, const uint32_t *ids, size_t n, fr_error *err);
/* Every document (before a whole-set operation: transposition, appending). */
fr_status fr_docset_check_all(const fr_docset *s, fr_error *err);
/* Before walking list t of `inv` — s's doc_inv or req_inv (anything else, e.g. a transpose built
 * in memory, needs nothing): FR_OK when the list matches its checksum in s's index file (cheap
 * after the first call; thread-safe), FR_EFORMAT naming the file otherwise.  Lists are verified
 * one by one because a query walks a small part of the inverted index. */
fr_status fr_docset_check_list(const fr_docset *s, const fr_csr_rows *inv, uint32_t t, fr_error *err);

/* Everything preparing documents needs: the model (vectors), the lexicon (skill ids), a
 * tokenizer-bearing vectorizer.  One builder per thread. */
typedef struct fr_docset_builder fr_docset_builder;

fr_status fr_docset_builder_new(const fr_model *m, const fr_lexicon *lx, fr_docset_builder **out, fr_error *err);
void fr_docset_builder_free(fr_docset_builder *b);
/* What a builder has done so far (for `fitrank bench`): bytes of text vectorized, seconds in
 * tokenizing + vectorizing and in projecting. */
void fr_docset_builder_stats(const fr_docset_builder *b, double *bytes, double *vectorize_s, double *project_s);

fr_status fr_docset_init(fr_docset *s, int kind, const fr_model *m, const fr_lexicon *lx, fr_error *err);
/* Append a parsed posting (s->kind == FR_SET_POSTINGS); `text` is the whole document text its
 * context vector is made of (the input document's text). */
fr_status fr_docset_add_posting(fr_docset *s, fr_docset_builder *b, const fr_posting *p, const char *text,
                                size_t len, fr_error *err);
fr_status fr_docset_add_resume(fr_docset *s, fr_docset_builder *b, const fr_resume *r, const char *text,
                               size_t len, fr_error *err);
/* Append a document as its whole text only — no parsing, no items or chunks (what --mode cosine
 * needs: the whole-document rows).  `id` is copied. */
fr_status fr_docset_add_plain(fr_docset *s, fr_docset_builder *b, const char *id, const char *text, size_t len,
                              fr_error *err);
/* Keep document d as the source of the document just added (s->keep_src): its text, a posting's
 * alternative text and, for a résumé, the date it was prepared as of (year·100 + month).  HTML
 * source spans are not kept: offsets into the kept text then read "extracted". */
fr_status fr_docset_add_src(fr_docset *s, const fr_doc *d, int32_t as_of, fr_error *err);
/* Document i's source as an fr_doc borrowing from the set (id, title, text, alternative text,
 * what offsets mean; path NULL) and its as-of date (0 when not a résumé) — after verifying it
 * against its checksum when the set is mapped.  FR_EINVAL when the set keeps no sources. */
fr_status fr_docset_src(const fr_docset *s, size_t i, fr_doc *d, int32_t *as_of, fr_error *err);
/* 1 when r's texts lie within `text` and end in a NUL (a mapped record is checked before use). */
int fr_doc_src_ok(const fr_doc_src *r, const fr_buf *text);
/* Release (a mapped set unmaps). */
void fr_docset_free(fr_docset *s);
/* Empty a set built in memory, keeping its kind, model and the capacity of every array: the next
 * documents added reuse the memory instead of growing fresh arrays (realloc copies, and a page
 * fault per 4 KB touched: what preparing résumés in batches spent most of its memory time on).
 * The set is then what fr_docset_init gave it, keep_src included.  A mapped set (or one never
 * initialised) is freed instead: fr_docset_init it before use. */
void fr_docset_clear(fr_docset *s);
/* Room in a résumé set built in memory for `n_docs` more résumés of `text_bytes` bytes of text in
 * all: the chunks and rows the text is expected to give (a generous estimate: address space only
 * until written), so that its arrays — the largest the chunk vectors, 1 KB a chunk at d = 256 —
 * are not grown by copies page after fresh page.  Postings, mapped sets: nothing to do. */
fr_status fr_docset_reserve_text(fr_docset *s, size_t n_docs, size_t text_bytes, fr_error *err);

/* Accessors. */
static inline const char *fr_docset_id(const fr_docset *s, size_t i) { return s->strings.data + s->id.v[i]; }
static inline const char *fr_docset_str(const fr_docset *s, uint32_t off) { return s->strings.data + off; }
static inline const float *fr_docset_unit_vec(const fr_docset *s, size_t u)
{
    return (const float *)(const void *)s->unit_vec.data + u * s->dim;
}
static inline const float *fr_docset_doc_vec(const fr_docset *s, size_t i)
{
    return (const float *)(const void *)s->doc_vec.data + i * s->dim;
}
static inline const float *fr_docset_doc_coarse(const fr_docset *s, size_t i)
{
    return (const float *)(const void *)s->doc_coarse.data + i * s->cdim;
}
static inline const fr_unit_item *fr_docset_item(const fr_docset *s, size_t u)
{
    return (const fr_unit_item *)(const void *)s->items.data + u;
}
static inline const fr_unit_chunk *fr_docset_chunk(const fr_docset *s, size_t u)
{
    return (const fr_unit_chunk *)(const void *)s->chunks.data + u;
}
static inline const fr_rfacts *fr_docset_rfacts(const fr_docset *s, size_t i)
{
    return (const fr_rfacts *)(const void *)s->rfacts.data + i;
}
static inline const uint64_t *fr_docset_skill_bits(const fr_docset *s, size_t i)
{
    return (const uint64_t *)(const void *)s->skill_bits.data + i * s->n_skill_words;
}
/* Does résumé r of a résumé set name word key `key` anywhere? */
static inline int fr_docset_has_word(const fr_docset *s, size_t r, uint32_t key)
{
    uint32_t b = r + 1 < s->n ? fr_docset_rfacts(s, r + 1)->word_start : (uint32_t)s->doc_words.n;
    uint32_t a = fr_u32_lower_bound(s->doc_words.v, fr_docset_rfacts(s, r)->word_start, b, key);
    return a < b && s->doc_words.v[a] == key;
}
/* Résumé r's chunk vectors, one row of s->dim floats a chunk: where the set keeps them, else made
 * in `scratch` (room for the résumé's chunks × dim) by projecting the chunks' rows with the set's
 * model m — the same bits fr_docset_add_resume would have kept.  NULL when r has no chunk. */
const float *fr_docset_chunk_vecs(const fr_docset *s, size_t r, const fr_model *m, float *scratch);

/* Substitutes of unit u of a posting set: *n entries (FR_SUB_*). */
static inline const uint32_t *fr_docset_item_subs(const fr_docset *s, size_t u, size_t *n)
{
    uint32_t a = fr_docset_item(s, u)->sub_start;
    uint32_t b = u + 1 < s->n_units ? fr_docset_item(s, u + 1)->sub_start : (uint32_t)s->subs.n;
    *n = b - a;
    return *n ? s->subs.v + a : NULL;
}
/* Records of résumé r: *n of them. */
static inline const fr_rrec *fr_docset_recs(const fr_docset *s, size_t r, size_t *n)
{
    uint32_t a = fr_docset_rfacts(s, r)->rec_start;
    uint32_t b = r + 1 < s->n ? fr_docset_rfacts(s, r + 1)->rec_start : (uint32_t)(s->recs.len / sizeof(fr_rrec));
    *n = b - a;
    return *n ? (const fr_rrec *)(const void *)s->recs.data + a : NULL; /* no records: no array at all */
}
/* Skills of unit u of a posting set: *n ids. */
static inline const uint32_t *fr_docset_item_skills(const fr_docset *s, size_t u, size_t *n)
{
    uint32_t a = fr_docset_item(s, u)->skill_start;
    uint32_t b = u + 1 < s->n_units ? fr_docset_item(s, u + 1)->skill_start : (uint32_t)s->skills.n;
    *n = b - a;
    return *n ? s->skills.v + a : NULL; /* no skills at all: no array to point into */
}

#endif
