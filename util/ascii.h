/* util/ascii.h — locale-independent ASCII character tests (never <ctype.h>: it depends on the
 * locale and takes an int that must not be a negative char). */
#ifndef FR_UTIL_ASCII_H
#define FR_UTIL_ASCII_H

static inline int fr_is_upper(unsigned c) { return c - 'A' < 26u; }
static inline int fr_is_lower(unsigned c) { return c - 'a' < 26u; }
static inline int fr_is_alpha(unsigned c) { return (c | 32u) - 'a' < 26u; }
static inline int fr_is_digit(unsigned c) { return c - '0' < 10u; }
static inline int fr_is_alnum(unsigned c) { return fr_is_alpha(c) || fr_is_digit(c); }
static inline char fr_to_lower(unsigned c) { return (char)(fr_is_upper(c) ? c + 32u : c); }

#endif
