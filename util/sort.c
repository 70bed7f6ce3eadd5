/* util/sort.c — see util/sort.h. */
#include "util/sort.h"

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

void fr_sort_u32(uint32_t *v, size_t n)
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
            fr_sort_u32(v, left);
            v += j + 1;
            n = right;
        } else {
            fr_sort_u32(v + j + 1, right);
            n = left;
        }
    }
    insertion(v, n);
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
