/* util/sort.h — sorting arrays of uint32 ascending: term ids, word keys, candidate ids.
 *
 * qsort through a comparator costs a call per comparison, and glibc's is a merge sort that
 * allocates: on the short arrays preparing a document sorts by the thousand (a chunk's term ids,
 * its word keys) it was a tenth of the instructions.  Integers have no identity beyond their value,
 * so any correct sort gives the same bytes as qsort did. */
#ifndef FR_UTIL_SORT_H
#define FR_UTIL_SORT_H

#include <stddef.h>
#include <stdint.h>

/* Sort v[0..n) ascending in place.  From 128 values an LSD radix sort by bytes, skipping the bytes
 * all values share (a document's term ids: two passes; scratch on the stack up to 2048 values,
 * else allocated — without memory, the quicksort); below, quicksort (median of three, insertion
 * sort below 24, the smaller side recursed: O(log n) stack). */
void fr_sort_u32(uint32_t *v, size_t n);
/* Sort, then drop repeats: the number of distinct values, which now lead v. */
size_t fr_sort_unique_u32(uint32_t *v, size_t n);

/* The first index in v[lo .. hi) whose value is not below key (hi when none): ascending v
 * (offsets of words and tokens, word keys, candidate ids). */
static inline uint32_t fr_u32_lower_bound(const uint32_t *v, uint32_t lo, uint32_t hi, uint32_t key)
{
    /* without a branch on the comparison (a conditional move): the verdicts search a résumé's
     * words for each item word, and a mispredicted half was most of that search's time */
    if (lo >= hi)
        return lo;
    const uint32_t *b = v + lo;
    uint32_t n = hi - lo;
    while (n > 1) { /* the first at or above key lies in [b, b + n] */
        uint32_t half = n / 2;
        b = b[half] < key ? b + half : b;
        n -= half;
    }
    return (uint32_t)(b - v) + (*b < key);
}

/* Drawing from a discrete distribution by its cumulative sums cdf[0..n) (non-decreasing): the
 * first i with cdf[i] >= u, or n - 1 when none.  A guide of ng + 1 entries (guide[j]: that index
 * for u = j / ng, fr_cdf_guide) leaves a draw a binary search between two neighbours instead of
 * over all n — the same index (`bench` draws ~50 M words from 50 k; the full search was half of
 * generating its corpus). */
void fr_cdf_guide(const double *cdf, size_t n, uint32_t *guide, size_t ng);
size_t fr_cdf_draw(const double *cdf, size_t n, const uint32_t *guide, size_t ng, double u);

#endif
