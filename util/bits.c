/* util/bits.c — population counts (see bits.h). */
#include "util/bits.h"

#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__)
#define FR_POPCNT_CLONES __attribute__((target_clones("popcnt", "default")))
#else
#define FR_POPCNT_CLONES
#endif

FR_POPCNT_CLONES
unsigned fr_popcount(const uint64_t *a, size_t n)
{
    unsigned c = 0;
    for (size_t k = 0; k < n; k++)
        c += (unsigned)__builtin_popcountll(a[k]);
    return c;
}

FR_POPCNT_CLONES
unsigned fr_popcount_and(const uint64_t *a, const uint64_t *b, size_t n)
{
    unsigned c = 0;
    for (size_t k = 0; k < n; k++)
        c += (unsigned)__builtin_popcountll(a[k] & b[k]);
    return c;
}

FR_POPCNT_CLONES
unsigned fr_popcount1(uint64_t x) { return (unsigned)__builtin_popcountll(x); }

void fr_bits_set_range(uint64_t *m, size_t a, size_t b)
{
    while (a < b) {
        size_t w = a / 64, e = (w + 1) * 64 < b ? (w + 1) * 64 : b;
        uint64_t hi = e - w * 64 == 64 ? ~(uint64_t)0 : ((uint64_t)1 << (e - w * 64)) - 1;
        m[w] |= hi & ~(((uint64_t)1 << (a % 64)) - 1);
        a = e;
    }
}
