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

/* Sort v[0..n) ascending in place (quicksort, median of three, insertion sort below 24; the
 * smaller side recursed: O(log n) stack). */
void fr_sort_u32(uint32_t *v, size_t n);
/* Sort, then drop repeats: the number of distinct values, which now lead v. */
size_t fr_sort_unique_u32(uint32_t *v, size_t n);

#endif
