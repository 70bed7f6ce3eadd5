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

#endif /* FR_TOKENIZER_STOPWORDS_H */
