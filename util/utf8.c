/* util/utf8.c — a strict validator.  Hand-written because it sits on the hot path of every input
 * file and every tokenized document (16 ASCII bytes per step with SSE2, 8 without) and must report
 * the exact failing offset; utf8proc_iterate gives no offset-preserving bulk check. */
#include "util/utf8.h"

#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* Length of the valid sequence at s (1..4), or 0 if invalid.  Bounds from Unicode Table 3-7. */
static size_t seq_len(const unsigned char *s, size_t avail)
{
    unsigned c = s[0];
    if (c < 0x80)
        return 1;
    if (c < 0xC2)
        return 0;
    if (c < 0xE0) {
        if (avail < 2 || (s[1] & 0xC0) != 0x80)
            return 0;
        return 2;
    }
    if (c < 0xF0) {
        if (avail < 3)
            return 0;
        unsigned lo = 0x80, hi = 0xBF;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
        if (s[1] < lo || s[1] > hi || (s[2] & 0xC0) != 0x80)
            return 0;
        return 3;
    }
    if (c < 0xF5) {
        if (avail < 4)
            return 0;
        unsigned lo = 0x80, hi = 0xBF;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
        if (s[1] < lo || s[1] > hi || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
            return 0;
        return 4;
    }
    return 0;
}

size_t fr_utf8_seq_len(const char *s, size_t avail) { return seq_len((const unsigned char *)s, avail); }

size_t fr_utf8_check(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < len) {
#ifdef __SSE2__
        if (len - i >= 16) {
            /* 16 bytes: all ASCII (no byte has its top bit) is the common case; otherwise skip to
             * the first that is not, whose sequence is checked below */
            __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
            unsigned m = (unsigned)_mm_movemask_epi8(x);
            if (!m) {
                i += 16;
                continue;
            }
            i += (size_t)__builtin_ctz(m);
        } else
#endif
        if (len - i >= 8) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (!(w & 0x8080808080808080ULL)) {
                i += 8;
                continue;
            }
        }
        size_t n = seq_len(s + i, len - i);
        if (!n)
            return i;
        i += n;
    }
    return len;
}

/* Length of the maximal prefix of an invalid sequence that could start a valid one (≥ 1). */
static size_t maximal_subpart(const unsigned char *s, size_t avail)
{
    unsigned c = s[0];
    size_t need;
    unsigned lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c < 0xE0)
        need = 2;
    else if (c >= 0xE0 && c < 0xF0) {
        need = 3;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c < 0xF5) {
        need = 4;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
    } else
        return 1;
    size_t k = 1;
    if (k < avail && k < need && s[k] >= lo && s[k] <= hi) {
        k++;
        while (k < avail && k < need && (s[k] & 0xC0) == 0x80)
            k++;
    }
    return k;
}

fr_status fr_utf8_repair(const char *str, size_t len, fr_buf *out, size_t *n_replaced)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0, reps = 0;
    while (i < len) {
        size_t bad = fr_utf8_check(str + i, len - i);
        if (fr_buf_append(out, str + i, bad) != FR_OK)
            return FR_ENOMEM;
        i += bad;
        if (i >= len)
            break;
        i += maximal_subpart(s + i, len - i);
        if (fr_buf_append(out, "\xEF\xBF\xBD", 3) != FR_OK)
            return FR_ENOMEM;
        reps++;
    }
    if (n_replaced)
        *n_replaced = reps;
    return FR_OK;
}
