/* tokenizer/stopwords.h — fitrank's English and German stop-word lists.
 *
 * The lists are fitrank's own (not copied from another project). Every entry
 * is lowercase UTF-8 in Unicode case-folded form (as produced by utf8proc
 * CASEFOLD, so German "ß" appears as "ss": "dass", "muss"), and each list is
 * sorted by byte order (strcmp) with no duplicates. The data is static,
 * read-only and lives for the whole program, so both functions are
 * thread-safe and need no initialisation or cleanup.
 */
#ifndef FR_TOKENIZER_STOPWORDS_H
#define FR_TOKENIZER_STOPWORDS_H

#include <stddef.h>

/* Returns the stop-word list for lang ("en" or "de") and stores its length in
 * *n (if n is not NULL). The returned array holds *n NUL-terminated,
 * case-folded UTF-8 strings sorted by byte order (strcmp); it has static
 * lifetime and must not be modified or freed. For any other lang (or NULL),
 * returns NULL and sets *n to 0. Thread-safe. */
const char *const *fr_stopwords_list(const char *lang, size_t *n);

/* Returns 1 if the len bytes at word (not necessarily NUL-terminated) are
 * exactly equal to an entry of lang's stop-word list, else 0. The word must
 * already be case-folded UTF-8 (the lists are case-folded and compared
 * byte-for-byte). Returns 0 for an unknown lang, NULL word or len == 0.
 * Uses binary search over the static, byte-order-sorted list. Thread-safe. */
int fr_stopwords_contains(const char *lang, const char *word, size_t len);

#endif /* FR_TOKENIZER_STOPWORDS_H */
