/* engine/kinds.h — what a requirement is about, and the words that say so (English and German).
 *
 * Every posting item gets a kind (docs/VERDICTS.md): education, enrolment, experience, skill,
 * language, certification, soft, logistics or other.  The kind chooses how engine/verdict.c
 * decides it against a résumé, so the words read here are also read on the résumé side: fields
 * of study in education entries, languages and their levels, soft-skill claims and logistic
 * statements in chunks.  Everything works on a word sequence of a lower-cased copy of the text
 * (fr_words); patterns are written as words, a trailing '*' matching any continuation
 * ("kommunikat*" matches "Kommunikationsstärke"). */
#ifndef FR_ENGINE_KINDS_H
#define FR_ENGINE_KINDS_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

typedef enum {
    FR_KIND_OTHER = 0, FR_KIND_EDUCATION, FR_KIND_ENROLMENT, FR_KIND_EXPERIENCE, FR_KIND_SKILL, FR_KIND_LANGUAGE,
    FR_KIND_CERTIFICATION, FR_KIND_SOFT, FR_KIND_LOGISTICS, FR_KIND_COUNT
} fr_kind;
const char *fr_kind_name(fr_kind k);   /* "other", "education", ... */
int fr_kind_parse(const char *name);   /* -1 if unknown */

#define FR_WORD_HEADS 1024
#define FR_WORD_GROUPS 64  /* a counting sort of 64 groups costs less than a scan of a line's words */

/* Words of a text: lower-cased (ASCII and the German capitals Ä Ö Ü), split at anything that is
 * not a letter, a digit, '+' or '#'.  Owns its memory. */
#define FR_WORDS_PAD 16 /* zero bytes after low's NUL: 16 bytes can be read at any word */
typedef struct {
    char *low;            /* the lower-cased text (NUL-terminated, then FR_WORDS_PAD zero bytes) */
    uint32_t *ws, *wl;    /* start and length of each word in low */
    uint32_t *head;       /* each word's head (fr_word_head of its first two bytes) */
    size_t nw;
    uint64_t heads[16];   /* a bit per hash of the first two bytes of each word: a pattern whose
                             first word's head is absent cannot match (the tables' fast path) */
    uint32_t *by_head;    /* the word positions grouped by that hash's low bits, ascending in each */
    uint32_t head_start[FR_WORD_GROUPS + 1]; /* group g is by_head[head_start[g] .. head_start[g + 1]) */
} fr_words;
/* The head hash of a word (or pattern) whose first bytes are a, b (b = 0: a one-byte word). */
static inline unsigned fr_word_head(unsigned a, unsigned b) { return (a * 31u + b * 7u) & (FR_WORD_HEADS - 1); }
fr_status fr_words_of(const char *text, size_t n, fr_words *out, fr_error *err);
void fr_words_free(fr_words *w);
/* fr_words_of without the grouping of its words by head (by_head NULL, head_start zero): words
 * for fr_words_span, fr_words_slice and fr_words_language, which need none — not for the pattern
 * searches (fr_words_find, fr_words_any ...). */
fr_status fr_words_of_whole(const char *text, size_t n, fr_words *out, fr_error *err);
/* The words of a span [a, b) of the text `whole` was made of, as indices of whole's words:
 * [*i0, *i1).  Returns 1 when they are the words fr_words_of finds in the span's bytes (or in
 * them with their blanks collapsed: blanks are no word bytes) — 0 when a word of whole crosses an
 * end (the span's text cuts it).  `from`: where a search may start (the last span's *i1, or 0);
 * any value gives the same answer. */
int fr_words_span(const fr_words *whole, size_t a, size_t b, size_t from, size_t *i0, size_t *i1);
/* Words i0 .. i1 of whole as a text's own (fr_words_of's answer for the span, by fr_words_span),
 * without a copy: out borrows whole's text and arrays and `by_head` (room for i1 - i0 words),
 * and is not freed — whole and by_head outlive it.  One pass over the span's words: no
 * allocation, no reading of its bytes. */
void fr_words_slice(const fr_words *whole, size_t i0, size_t i1, uint32_t *by_head, fr_words *out);
/* Words matched by `pattern` (space-separated words, '*' suffix = prefix) starting at word i; 0
 * when it does not match there. */
size_t fr_words_match(const fr_words *w, size_t i, const char *pattern);
/* The first word i >= from where `pattern` matches (*len words), or w->nw: a walk over the words
 * its first word's head allows, not over every word — tables of patterns are read pattern by
 * pattern with it. */
size_t fr_words_find_at(const fr_words *w, const char *pattern, size_t from, size_t *len);
static inline size_t fr_words_find(const fr_words *w, const char *pattern, size_t from, size_t *len)
{
    /* inline, the test that rejects most patterns of a table: no word has their head */
    unsigned a = (unsigned char)pattern[0], b = (unsigned char)pattern[1];
    if (a != '*' && b != '*') {
        unsigned h = fr_word_head(a, b == ' ' ? 0 : b);
        if (!(w->heads[h / 64] >> (h % 64) & 1))
            return w->nw;
    }
    return fr_words_find_at(w, pattern, from, len);
}
/* 1 if any pattern of the NULL-terminated list matches anywhere. */
int fr_words_any(const fr_words *w, const char *const *patterns);

/* A word (lower case, n bytes) about the amount and kind of experience or a function word: "years",
 * "Berufserfahrung", "relevant", "of" — an item made of them only names no domain, and a job is
 * relevant to an item by its other words. */
int fr_experience_word(const char *w, size_t n);
/* 1 when its tables are in byte order, as its binary search needs (a test). */
int fr_experience_tables_sorted(void);

/* Content words as keys: each word but function and experience words, numbers and words of fewer
 * than three bytes (c#, c++ stay), stemmed crudely (inflections of English and German meet) and
 * hashed.  Every word counts, whether the model's vocabulary knows it or not: a domain named in
 * words the model never saw ("Altenpflege", "Stückgutverkehr") is still read.  fr_word_keys
 * writes the sorted distinct keys of w (at most cap) and returns their number. */
uint32_t fr_word_key(const char *w, size_t n);
/* What fr_word_keys found for words seen before, by their bytes: a document's words are mostly
 * words other documents had (~700 instructions a word for the tables and the stem, ~60 for the
 * lookup).  At most 2^slots_log2 / 2 words, then it starts afresh.  One per thread. */
typedef struct fr_word_memo fr_word_memo;
fr_status fr_word_memo_new(unsigned slots_log2, fr_word_memo **out, fr_error *err);
void fr_word_memo_free(fr_word_memo *m); /* NULL is a no-op */
/* memo may be NULL (every word worked out). */
size_t fr_word_keys(const fr_words *w, fr_word_memo *memo, uint32_t *keys, size_t cap);
/* The key of lexicon skill `skill` in a résumé chunk's word row (engine/docset.h unit_words): a
 * chunk's row holds its words' keys and its skills' keys, so that a verdict finds the line naming a
 * skill with the same lookup.  A hash of bytes no word has (a word key hashes letters). */
static inline uint32_t fr_skill_key(uint32_t skill)
{
    uint32_t h = (2166136261u ^ 1u) * 16777619u; /* FNV-1a of 0x01, then the id's four bytes */
    for (int i = 0; i < 4; i++)
        h = (h ^ ((skill >> (8 * i)) & 0xFFu)) * 16777619u;
    return h & 0x7FFFFFFFu;
}
/* The signature bit of a word key (a chunk ORs the bits of its words: a filter before a search). */
static inline uint64_t fr_word_sig_bit(uint32_t key) { return (uint64_t)1 << ((uint64_t)key * 0x9E3779B97F4A7C15ull >> 58); }

/* Soft-skill and logistic concepts: one bit each.  An item asks for a set; a résumé chunk claims
 * or states a set. */
enum {
    FR_CUE_SOFT_FIRST = 0, FR_CUE_SOFT_LAST = 23,
    FR_CUE_LOGI_FIRST = 32, FR_CUE_LOGI_LAST = 45
};
#define FR_CUE_SOFT_MASK 0x0000000000FFFFFFull
#define FR_CUE_LOGI_MASK 0x00003FFF00000000ull
#define FR_CUE_CERTIFIED ((uint64_t)1 << 47)   /* a chunk says certified / licensed / Zertifikat */
/* The concepts an item asks for (side 0) or a résumé chunk claims (side 1; stricter wording for
 * logistics, so that "MS Office" is no statement about working in an office).  *refused (may be
 * NULL): the logistic concepts stated as a refusal — a refusal word next to the words stating it
 * ("not willing to relocate", "Umzug kommt nicht in Frage"). */
uint64_t fr_cues(const fr_words *w, int side, uint64_t *refused);
/* The résumé side's cue patterns indexed by the head of their first word, built once (a document
 * builder holds one): fr_cues_claimed reads a chunk word by word — a lookup per word instead of a
 * test per pattern (~450 of them, a chunk's most frequent work when patterns were scanned). */
typedef struct fr_cue_index fr_cue_index;
fr_status fr_cue_index_new(fr_cue_index **out, fr_error *err);
void fr_cue_index_free(fr_cue_index *x);
/* The words a degree is named by ("bachelor*", "*studium", "abitur", ...): a cheap test before
 * the full reading of degrees.  NULL-terminated. */
extern const char *const fr_degree_heads[];
#define FR_DEG_HEADS 128
/* fr_words_any(w, fr_degree_heads) through the index. */
int fr_cue_index_degree_heads(const fr_cue_index *x, const fr_words *w);
/* The first word i of w with fr_words_match(w, i, h) for a degree word h, w->nw when none. */
size_t fr_cue_index_degree_head_at(const fr_cue_index *x, const fr_words *w);
/* fr_cues(w, 1, refused) through the index: the same bits (a Check test holds it). */
uint64_t fr_cues_claimed(const fr_cue_index *x, const fr_words *w, uint64_t *refused);
const char *fr_cue_name(int bit);      /* "communication", "travel", ... */

/* Natural languages: ids 1..FR_LANG_MAX (0 = none); FR_LANG_ANY_OTHER stands for "another
 * language" in an item. */
enum { FR_LANG_ANY_OTHER = 63, FR_LANG_OTHER_EUROPEAN = 62, FR_LANG_MAX = 40 };
int fr_lang_european(int id);
const char *fr_lang_name(int id);      /* "english", "german", ... "another language" */
/* Proficiency: 1 basic, 2 conversational, 3 good, 4 fluent (very good, business fluent, C1/C2),
 * 5 native. */
const char *fr_level_name(int level);

typedef struct {
    uint8_t lang;     /* language id */
    uint8_t level;    /* 0 = none stated */
    uint32_t word;    /* word index of the language name */
} fr_lang_hit;
/* Languages named in w, each with the level written next to it (the nearest level word within
 * three words after it, or before it when none follows).  `ctx` (out, may be NULL): when a
 * language is named, whether the text speaks about language ability (a level word, "speak",
 * "Kenntnisse", "languages"); 0 when none is.  Returns the number of hits written (at most cap). */
size_t fr_langs_in(const fr_words *w, fr_lang_hit *out, size_t cap, int *ctx);
/* The same, the patterns' heads from x (built once: a builder's) instead of worked out per text. */
#define FR_LANG_PATTERNS 160
struct fr_cue_index;
size_t fr_langs_in_x(const struct fr_cue_index *x, const fr_words *w, fr_lang_hit *out, size_t cap, int *ctx);
/* The language a text is written in (by its function words): a language id or 0 when unsure. */
int fr_text_language(const char *text, size_t n);
/* fr_text_language of the text w was made of (fr_words_of), from its words. */
int fr_words_language(const fr_words *w);

/* Fields of study: groups of related disciplines (ISCED-F 2013 broad fields, with ICT, the
 * engineering disciplines and mathematics apart since postings name them apart). */
enum {
    FR_FIELD_COMPUTING = 1u << 0, FR_FIELD_ENGINEERING = 1u << 1, FR_FIELD_MATH = 1u << 2,
    FR_FIELD_SCIENCE = 1u << 3, FR_FIELD_BUSINESS = 1u << 4, FR_FIELD_ECONOMICS = 1u << 5,
    FR_FIELD_SOCIAL = 1u << 6, FR_FIELD_HUMANITIES = 1u << 7, FR_FIELD_LAW = 1u << 8,
    FR_FIELD_HEALTH = 1u << 9, FR_FIELD_EDUCATION = 1u << 10, FR_FIELD_DESIGN = 1u << 11,
    FR_FIELD_COMMUNICATION = 1u << 12, FR_FIELD_AGRICULTURE = 1u << 13, FR_FIELD_SERVICES = 1u << 14,
    FR_FIELD_TECHNICAL = FR_FIELD_COMPUTING | FR_FIELD_ENGINEERING | FR_FIELD_MATH | FR_FIELD_SCIENCE,
    FR_FIELD_QUANT = FR_FIELD_COMPUTING | FR_FIELD_ENGINEERING | FR_FIELD_MATH | FR_FIELD_SCIENCE | FR_FIELD_ECONOMICS
};
/* Field groups a text names.  On the résumé side (`resume`) a degree's name implies its field
 * (MBA → business, J.D. → law); in an item ("MBA or M.S.") it names a level, not a field.
 * *related (may be NULL) is set when the text widens them ("or a related field", "or similar",
 * "vergleichbar"). */
uint32_t fr_fields_of(const fr_words *w, int resume, int *related);
/* The same through the cue index (the fields' patterns by head, built once): read word by word, a
 * few patterns a word instead of a search per pattern (a Check test holds the bits equal). */
uint32_t fr_fields_of_x(const fr_cue_index *x, const fr_words *w, int resume, int *related);
/* Only the fields a text names by name (no "technical", "STEM", "quantitative" families): the field
 * a reader looks for first among several degrees that would all do. */
uint32_t fr_fields_named(const fr_words *w);
/* Groups next to each other (computing and engineering, business and economics, ...): a degree
 * in an adjacent field is partial. */
uint32_t fr_fields_adjacent(uint32_t groups);
/* Names of the groups in `bits`, "computing, engineering" (into buf). */
const char *fr_fields_name(uint32_t bits, char *buf, size_t cap);

#endif
