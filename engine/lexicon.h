/* engine/lexicon.h — the shipped, versioned skill lexicon (engine/skills.tsv, embedded at build).
 *
 * Skills are token sequences in the tokenizer's form (hyphen compounds joined): "c#",
 * "machine learning", "node.js".  Aliases map to one canonical name ("k8s" → kubernetes,
 * "golang" → go, "ml" → machine learning).  Matching is token-exact and longest-first, so Java
 * never matches JavaScript and C never matches C++.  Entries flagged `case` are ordinary words
 * or letters ("Go", "R", "Swift") and match only where the source writes them capitalised (at
 * that position, through the tokens' source spans).
 * A lexicon is immutable after creation and may be shared by threads. */
#ifndef FR_ENGINE_LEXICON_H
#define FR_ENGINE_LEXICON_H

#include <stddef.h>
#include <stdint.h>

#include "tokenizer/tokenizer.h"
#include "util/err.h"

typedef struct fr_lexicon fr_lexicon;

typedef struct {
    uint32_t skill;      /* canonical skill id */
    uint32_t tok_start;  /* first matched token (index into the tokens given) */
    uint32_t tok_end;    /* one past the last matched token */
} fr_skill_hit;

/* The embedded lexicon. */
fr_status fr_lexicon_new(fr_lexicon **out, fr_error *err);
/* A lexicon from TSV text (the format of engine/skills.tsv); errors name the line. */
fr_status fr_lexicon_from_tsv(const char *tsv, size_t n, fr_lexicon **out, fr_error *err);
void fr_lexicon_free(fr_lexicon *lx);
int fr_lexicon_version(const fr_lexicon *lx);
size_t fr_lexicon_size(const fr_lexicon *lx);          /* canonical skills */
const char *fr_lexicon_name(const fr_lexicon *lx, uint32_t skill);
/* Options of the tokenizer texts are matched with (defaults; hyphen compounds give the joined form
 * and then the parts, and phrases are written in the joined form). */
void fr_lexicon_tok_opts(fr_tok_opts *o);
/* What kind of skill an entry is (the flags column): a `case` entry matches capitalised only;
 * `soft` (communication, teamwork, ...), `language` (English, Deutsch, ...) and `cert` (a
 * credential: PMP, CFA, CISSP, ...) tell the requirement kinds apart (engine/kinds.h). */
enum { FR_LX_CASE = 1, FR_LX_SOFT = 2, FR_LX_LANGUAGE = 4, FR_LX_CERT = 8 };
unsigned fr_lexicon_flags(const fr_lexicon *lx, uint32_t skill);
/* Substitutes (engine/substitutes.tsv, embedded; loaded by fr_lexicon_new): close substitutes of
 * one another (a family: one shown for another asked is partial), and kinds of a skill (one shown
 * meets the skill asked, transitively: TensorFlow is deep learning is machine learning).  Errors
 * name the line; every name must be a canonical skill, a skill in at most one family. */
fr_status fr_lexicon_load_substitutes(fr_lexicon *lx, const char *tsv, size_t n, fr_error *err);
int fr_lexicon_subs_version(const fr_lexicon *lx);  /* 0: none loaded */
/* What may stand for `skill` in a résumé: up to `cap` skill ids into out, with how[i] = 1 for a
 * kind of it (meets) and 0 for a substitute (partial); the count found (may exceed cap). */
enum { FR_ACCEPT_SUBSTITUTE = 0, FR_ACCEPT_KIND = 1 };
size_t fr_lexicon_accepts(const fr_lexicon *lx, uint32_t skill, uint32_t *out, unsigned char *how, size_t cap);

/* Look up one phrase (space-joined tokens); -1 if absent. */
int64_t fr_lexicon_lookup(const fr_lexicon *lx, const char *phrase, size_t n);

/* Find skills in `toks` (tokens of `text` under fr_lexicon_tok_opts), longest match first,
 * left to right.  `text` is used for the capitalisation check of `case` entries.  Writes up to
 * `cap` hits; *n is the number found (may exceed cap). */
size_t fr_lexicon_find(const fr_lexicon *lx, const fr_tokens *toks, const char *text, size_t len,
                       fr_skill_hit *hits, size_t cap);
/* The same, remembering each token's lookup on its own in memo[0..toks->n) (zeroed before the
 * first call; owned by the caller; valid for this lexicon): spans of one text that overlap (an
 * entry and its lines) share a memo of the text's tokens, memo + the span's first token. */
size_t fr_lexicon_find_memo(const fr_lexicon *lx, const fr_tokens *toks, const char *text, size_t len,
                            uint32_t *memo, fr_skill_hit *hits, size_t cap);

#endif
