/* util/sort.c — see util/sort.h. */
#include "util/sort.h"

#include <stdlib.h>
#include <string.h>

static void insertion(uint32_t *v, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        uint32_t x = v[i];
        size_t j = i;
        while (j > 0 && v[j - 1] > x) {
            v[j] = v[j - 1];
            j--;
        }
        v[j] = x;
    }
}

static void swap(uint32_t *a, uint32_t *b)
{
    uint32_t t = *a;
    *a = *b;
    *b = t;
}

/* LSD radix sort by bytes into tmp and back, skipping the bytes all values share (term ids below
 * 2^16 take two passes).  Each pass is stable, so the result is the ascending order. */
static void radix(uint32_t *v, uint32_t *tmp, size_t n)
{
    uint32_t all_or = 0, all_and = UINT32_MAX;
    for (size_t i = 0; i < n; i++) {
        all_or |= v[i];
        all_and &= v[i];
    }
    uint32_t *src = v, *dst = tmp;
    for (unsigned shift = 0; shift < 32; shift += 8) {
        if (!(((all_or ^ all_and) >> shift) & 0xFF))
            continue; /* one value for this byte: the pass would move nothing */
        uint32_t count[256] = {0}; /* n < 2^32 */
        for (size_t i = 0; i < n; i++)
            count[(src[i] >> shift) & 0xFF]++;
        uint32_t sum = 0;
        for (unsigned b = 0; b < 256; b++) {
            uint32_t c = count[b];
            count[b] = sum;
            sum += c;
        }
        for (size_t i = 0; i < n; i++)
            dst[count[(src[i] >> shift) & 0xFF]++] = src[i];
        uint32_t *t = src;
        src = dst;
        dst = t;
    }
    if (src != v)
        memcpy(v, src, n * sizeof *v);
}

static void quick(uint32_t *v, size_t n)
{
    while (n > 24) {
        /* median of first, middle, last as the pivot, left at v[0] */
        size_t m = n / 2;
        if (v[m] < v[0])
            swap(&v[m], &v[0]);
        if (v[n - 1] < v[0])
            swap(&v[n - 1], &v[0]);
        if (v[n - 1] < v[m])
            swap(&v[n - 1], &v[m]);
        swap(&v[0], &v[m]);
        uint32_t p = v[0];
        /* Hoare partition: v[1..i) <= p, v(j..n) >= p */
        size_t i = 1, j = n - 1;
        for (;;) {
            while (i <= j && v[i] < p)
                i++;
            while (j >= i && v[j] > p)
                j--;
            if (i >= j)
                break;
            swap(&v[i++], &v[j--]);
        }
        swap(&v[0], &v[j]); /* the pivot to its place: v[0..j) <= p <= v(j..n) */
        size_t left = j, right = n - j - 1;
        if (left < right) {
            quick(v, left);
            v += j + 1;
            n = right;
        } else {
            quick(v + j + 1, right);
            n = left;
        }
    }
    insertion(v, n);
}

/* Below RADIX_MIN values the quicksort's ~n log n compares cost less than the radix's passes over
 * 256 counters (callgrind, term ids of documents); up to STACK values the scratch is on the stack. */
enum { RADIX_MIN = 128, STACK = 2048 };

void fr_sort_u32(uint32_t *v, size_t n)
{
    if (n < RADIX_MIN || n > UINT32_MAX) {
        quick(v, n);
        return;
    }
    uint32_t stack[STACK];
    uint32_t *tmp = n <= STACK ? stack : malloc(n * sizeof *tmp);
    if (!tmp) { /* no memory for the scratch: sort in place, as well */
        quick(v, n);
        return;
    }
    radix(v, tmp, n);
    if (tmp != stack)
        free(tmp);
}

size_t fr_sort_unique_u32(uint32_t *v, size_t n)
{
    fr_sort_u32(v, n);
    size_t u = 0;
    for (size_t i = 0; i < n; i++)
        if (!u || v[u - 1] != v[i])
            v[u++] = v[i];
    return u;
}

void fr_cdf_guide(const double *cdf, size_t n, uint32_t *guide, size_t ng)
{
    for (size_t j = 0, i = 0; j <= ng; j++) {
        while (i + 1 < n && cdf[i] < (double)j / (double)ng)
            i++;
        guide[j] = (uint32_t)i;
    }
}

size_t fr_cdf_draw(const double *cdf, size_t n, const uint32_t *guide, size_t ng, double u)
{
    size_t lo = 0, hi = n ? n - 1 : 0;
    if (guide && u >= 0 && u < 1) { /* u in [j / ng, (j + 1) / ng): its index between theirs */
        size_t j = (size_t)(u * (double)ng);
        if (j < ng && (double)j / (double)ng <= u) {
            lo = guide[j];
            hi = guide[j + 1];
        }
    }
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cdf[mid] < u)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}
