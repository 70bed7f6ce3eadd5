/* util/utf8.h — UTF-8 validation and repair (RFC 3629: no overlongs, no surrogates, ≤ U+10FFFF). */
#ifndef FR_UTIL_UTF8_H
#define FR_UTIL_UTF8_H

#include <stddef.h>

#include "util/buf.h"
#include "util/err.h"

/* Return the byte offset of the first invalid sequence, or `len` when all of s[0..len) is valid. */
size_t fr_utf8_check(const char *s, size_t len);

/* Length (1..4) of the valid sequence that starts s[0..avail), or 0 when none does (avail ≥ 1). */
size_t fr_utf8_seq_len(const char *s, size_t avail);

/* Append s[0..len) to *out with every maximal invalid subsequence replaced by U+FFFD (the
 * WHATWG/Unicode "substitution of maximal subparts" practice).  *n_replaced counts replacements. */
fr_status fr_utf8_repair(const char *s, size_t len, fr_buf *out, size_t *n_replaced);

#endif
