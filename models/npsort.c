/* models/npsort.c — numpy's default argsort (introsort), reproduced for tie-breaking parity.
 *
 * scikit-learn keeps the max_features most frequent terms with `(-tfs[mask]).argsort()[:limit]`,
 * numpy's unstable default ('quicksort' = introsort: median-of-3 quicksort, insertion sort below
 * 16 elements, heapsort past 2·log2(n) depth).  Which of several equally frequent terms survive
 * depends on that exact algorithm, so matching scikit-learn's vocabulary means running the same
 * steps on the same array.  Written from the algorithm's description (numpy 1.24, npysort). */
#include "models/npsort.h"

#define SMALL_QUICKSORT 15
#define STACK_MAX 128

/* numpy's "less" for floating point: NaNs sort last */
static int lt(double a, double b) { return a < b || (b != b && a == a); }

static void swp(size_t *a, size_t *b)
{
    size_t t = *a;
    *a = *b;
    *b = t;
}

static void aheapsort(const double *v, size_t *tosort, size_t n)
{
    size_t *a = tosort - 1; /* 1-based heap indexing */
    size_t i, j, l, tmp;
    for (l = n >> 1; l > 0; --l) {
        tmp = a[l];
        for (i = l, j = l << 1; j <= n;) {
            if (j < n && lt(v[a[j]], v[a[j + 1]]))
                j += 1;
            if (lt(v[tmp], v[a[j]])) {
                a[i] = a[j];
                i = j;
                j += j;
            } else
                break;
        }
        a[i] = tmp;
    }
    for (; n > 1;) {
        tmp = a[n];
        a[n] = a[1];
        n -= 1;
        for (i = 1, j = 2; j <= n;) {
            if (j < n && lt(v[a[j]], v[a[j + 1]]))
                j++;
            if (lt(v[tmp], v[a[j]])) {
                a[i] = a[j];
                i = j;
                j += j;
            } else
                break;
        }
        a[i] = tmp;
    }
}

static int msb(size_t n)
{
    int d = 0;
    while (n >>= 1)
        d++;
    return d;
}

void fr_np_argsort(const double *v, size_t *tosort, size_t num)
{
    for (size_t i = 0; i < num; i++)
        tosort[i] = i;
    if (num < 2)
        return;
    size_t *pl = tosort, *pr = tosort + num - 1;
    size_t *stack[STACK_MAX], **sptr = stack;
    int depth[STACK_MAX], *psdepth = depth;
    int cdepth = msb(num) * 2;
    size_t *pm, *pi, *pj, *pk, vi;
    double vp;
    for (;;) {
        if (cdepth < 0) {
            aheapsort(v, pl, (size_t)(pr - pl) + 1);
            goto stack_pop;
        }
        while ((pr - pl) > SMALL_QUICKSORT) {
            pm = pl + ((pr - pl) >> 1);
            if (lt(v[*pm], v[*pl])) swp(pm, pl);
            if (lt(v[*pr], v[*pm])) swp(pr, pm);
            if (lt(v[*pm], v[*pl])) swp(pm, pl);
            vp = v[*pm];
            pi = pl;
            pj = pr - 1;
            swp(pm, pj);
            for (;;) {
                do ++pi; while (lt(v[*pi], vp));
                do --pj; while (lt(vp, v[*pj]));
                if (pi >= pj)
                    break;
                swp(pi, pj);
            }
            pk = pr - 1;
            swp(pi, pk);
            /* push the larger partition, loop on the smaller */
            if (pi - pl < pr - pi) {
                *sptr++ = pi + 1;
                *sptr++ = pr;
                pr = pi - 1;
            } else {
                *sptr++ = pl;
                *sptr++ = pi - 1;
                pl = pi + 1;
            }
            *psdepth++ = --cdepth;
        }
        for (pi = pl + 1; pi <= pr; ++pi) {
            vi = *pi;
            vp = v[vi];
            pj = pi;
            pk = pi - 1;
            while (pj > pl && lt(vp, v[*pk]))
                *pj-- = *pk--;
            *pj = vi;
        }
    stack_pop:
        if (sptr == stack)
            break;
        pr = *(--sptr);
        pl = *(--sptr);
        cdepth = *(--psdepth);
    }
}
