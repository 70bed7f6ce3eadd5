/* util/bits.h — population counts of bitsets (skill sets), with the CPU's popcnt instruction where
 * it has one.  The binary targets baseline x86-64, where __builtin_popcountll is a libgcc call
 * (~10 instructions a word); these are cloned for popcnt and picked at load time — integers, so
 * every clone gives the same counts. */
#ifndef FR_UTIL_BITS_H
#define FR_UTIL_BITS_H

#include <stddef.h>
#include <stdint.h>

/* Set bits of a[0..n). */
unsigned fr_popcount(const uint64_t *a, size_t n);
/* Set bits of a[k] & b[k] over k < n. */
unsigned fr_popcount_and(const uint64_t *a, const uint64_t *b, size_t n);
/* Set bits of one word. */
unsigned fr_popcount1(uint64_t x);
/* Bits [a, b) of m set, a word at a time (a month range in a bitmap of months: bit by bit it was
 * a fifth of the years' verdict). */
void fr_bits_set_range(uint64_t *m, size_t a, size_t b);

#endif
