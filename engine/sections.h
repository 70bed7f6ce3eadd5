/* engine/sections.h — line analysis shared by the posting and résumé parsers: bullets,
 * headings, continuation lines, sentence splitting.  Internal to engine/. */
#ifndef FR_ENGINE_SECTIONS_H
#define FR_ENGINE_SECTIONS_H

#include <stddef.h>

typedef struct {
    size_t s, e;     /* the line, without its newline */
    size_t cs, ce;   /* content: after indentation and bullet marker, trailing blanks trimmed */
    int indent;      /* columns before the content or marker (tab = 4) */
    int bullet;      /* starts with a bullet or list number */
    int blank;
} fr_line;

/* Split text into lines (caller frees *lines). Returns the count, or (size_t)-1 on OOM. */
size_t fr_lines(const char *text, size_t len, fr_line **lines);

/* Normalise a heading candidate text[s..e) into out (lower case, no markdown/bold markers, no
 * trailing ':' or punctuation, single spaces).  Returns its length. */
size_t fr_heading_norm(const char *text, size_t s, size_t e, char *out, size_t cap);

/* Heading markup of a line's content, as bits: markdown '#', the whole line in bold, a trailing
 * ':', ALL CAPS (letters all capitals, no digits).  Bullets are looked at too: callers decide
 * what a bullet's markup means. */
enum { FR_HM_HASH = 1, FR_HM_BOLD = 2, FR_HM_COLON = 4, FR_HM_CAPS = 8 };
int fr_heading_markup(const char *text, const fr_line *l);

/* Strong heading markup on a line that is no bullet: fr_heading_markup() != 0. */
int fr_heading_marked(const char *text, const fr_line *l);

/* Number of words in text[s..e). */
size_t fr_word_count(const char *text, size_t s, size_t e);
/* The same, counting no further than max + 1 (a line's first words tell it is too long). */
size_t fr_word_count_max(const char *text, size_t s, size_t e, size_t max);

/* Does the line end with sentence-final punctuation (. ! ? ; :)? */
int fr_ends_sentence(const char *text, const fr_line *l);
/* Does the content start with a lower-case letter or a digit (a wrapped continuation)? */
int fr_starts_lower(const char *text, const fr_line *l);

/* Split text[s..e) into sentences: calls fn(ctx, start, end) for each (trimmed). */
void fr_sentences(const char *text, size_t s, size_t e, void (*fn)(void *, size_t, size_t), void *ctx);

#endif
