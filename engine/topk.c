/* engine/topk.c — bounded heap: root = worst kept pair. */
#include "engine/topk.h"

#include <stdlib.h>

fr_status fr_topk_init(fr_topk *h, size_t k)
{
    h->n = 0;
    h->k = k;
    h->val = malloc((k ? k : 1) * sizeof *h->val);
    h->id = malloc((k ? k : 1) * sizeof *h->id);
    if (!h->val || !h->id) {
        fr_topk_free(h);
        return FR_ENOMEM;
    }
    return FR_OK;
}

void fr_topk_free(fr_topk *h)
{
    free(h->val);
    free(h->id);
    h->val = NULL;
    h->id = NULL;
    h->n = h->k = 0;
}

static void swap(fr_topk *h, size_t i, size_t j)
{
    float tv = h->val[i];
    uint32_t ti = h->id[i];
    h->val[i] = h->val[j];
    h->id[i] = h->id[j];
    h->val[j] = tv;
    h->id[j] = ti;
}

/* "worse" is the heap order: the parent is worse than its children.  The element moves down as a
 * hole (children moved up, it written once at the end): the positions swapping gives, with half
 * the stores — a proxy list's heap takes ~10 k replacements a posting at 100k résumés. */
static void sift_down(fr_topk *h, size_t n, size_t i)
{
    float *v = h->val;
    uint32_t *id = h->id;
    float xv = v[i];
    uint32_t xid = id[i];
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, w = i;
        float wv = xv;
        uint32_t wid = xid;
        if (l < n && fr_topk_better(wv, wid, v[l], id[l])) {
            w = l;
            wv = v[l];
            wid = id[l];
        }
        if (r < n && fr_topk_better(wv, wid, v[r], id[r]))
            w = r;
        if (w == i)
            break;
        v[i] = v[w];
        id[i] = id[w];
        i = w;
    }
    v[i] = xv;
    id[i] = xid;
}

/* Kept at position i: sift up (a better element moves away from the root). */
static void sift_up(fr_topk *h, size_t i)
{
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (!fr_topk_better(h->val[p], h->id[p], h->val[i], h->id[i]))
            break;
        swap(h, p, i);
        i = p;
    }
}

void fr_topk_push_slow(fr_topk *h, float v, uint32_t id)
{
    if (h->n < h->k) {
        size_t i = h->n++;
        h->val[i] = v;
        h->id[i] = id;
        sift_up(h, i);
        return;
    }
    h->val[0] = v;
    h->id[0] = id;
    sift_down(h, h->n, 0);
}

size_t fr_topk_sort(fr_topk *h)
{
    /* heapsort: repeatedly move the worst to the end, so the array ends up best first */
    size_t n = h->n;
    for (size_t end = n; end > 1; end--) {
        swap(h, 0, end - 1);
        sift_down(h, end - 1, 0);
    }
    return n;
}

fr_status fr_topsel_init(fr_topsel *s, size_t k)
{
    size_t cap = 2 * k + 1;
    s->k = k;
    s->val = malloc(cap * sizeof *s->val);
    s->id = malloc(cap * sizeof *s->id);
    s->aux = malloc(cap * sizeof *s->aux);
    s->free_ix = malloc(cap * sizeof *s->free_ix);
    if (!s->val || !s->id || !s->aux || !s->free_ix) {
        fr_topsel_free(s);
        return FR_ENOMEM;
    }
    fr_topsel_reset(s);
    return FR_OK;
}

void fr_topsel_free(fr_topsel *s)
{
    free(s->val);
    free(s->id);
    free(s->aux);
    free(s->free_ix);
    s->val = NULL;
    s->id = s->aux = s->free_ix = NULL;
    s->n = s->k = s->nfree = 0;
    s->cut = 0;
}

void fr_topsel_reset(fr_topsel *s)
{
    s->n = 0;
    s->cut = 0;
    /* popped from the end: indexes 0, 1, 2 ... in the order pairs come, as a heap's */
    s->nfree = 2 * s->k;
    for (size_t i = 0; i < s->nfree; i++)
        s->free_ix[i] = (uint32_t)(s->nfree - 1 - i);
}

static void sel_swap(fr_topsel *s, size_t i, size_t j)
{
    float tv = s->val[i];
    uint32_t ti = s->id[i], ta = s->aux[i];
    s->val[i] = s->val[j];
    s->id[i] = s->id[j];
    s->aux[i] = s->aux[j];
    s->val[j] = tv;
    s->id[j] = ti;
    s->aux[j] = ta;
}

/* The best k of the n > k pairs into [0, k) (quickselect, pivot the median of three: the order
 * is total, so the set is the k best whatever the pivots), the others' payload indexes freed,
 * the threshold the worst of those kept. */
static void sel_cut(fr_topsel *s)
{
    size_t lo = 0, hi = s->n, k = s->k; /* the k-th best's place lies in [lo, hi) */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2, last = hi - 1;
        /* median of lo, mid, last into last */
        if (fr_topk_better(s->val[mid], s->id[mid], s->val[lo], s->id[lo]))
            sel_swap(s, mid, lo);
        if (fr_topk_better(s->val[last], s->id[last], s->val[lo], s->id[lo]))
            sel_swap(s, last, lo);
        if (fr_topk_better(s->val[mid], s->id[mid], s->val[last], s->id[last]))
            sel_swap(s, mid, last);
        float pv = s->val[last];
        uint32_t pid = s->id[last];
        size_t st = lo;
        for (size_t i = lo; i < last; i++)
            if (fr_topk_better(s->val[i], s->id[i], pv, pid))
                sel_swap(s, i, st++);
        sel_swap(s, st, last); /* the pivot at its place: st better pairs before it */
        if (st + 1 == k)
            break;
        if (st + 1 < k)
            lo = st + 1;
        else
            hi = st;
    }
    for (size_t i = k; i < s->n; i++)
        s->free_ix[s->nfree++] = s->aux[i];
    s->n = k;
    size_t w = 0;
    for (size_t i = 1; i < k; i++)
        if (fr_topk_better(s->val[w], s->id[w], s->val[i], s->id[i]))
            w = i;
    s->cut = 1;
    s->tv = s->val[w];
    s->tid = s->id[w];
}

long fr_topsel_push_slow(fr_topsel *s, float v, uint32_t id)
{
    if (s->n == 2 * s->k) {
        sel_cut(s);
        if (!fr_topk_better(v, id, s->tv, s->tid))
            return -1;
    }
    size_t i = s->n++;
    s->val[i] = v;
    s->id[i] = id;
    s->aux[i] = s->free_ix[--s->nfree];
    return (long)s->aux[i];
}

size_t fr_topsel_finish(fr_topsel *s)
{
    if (s->n > s->k)
        sel_cut(s);
    return s->n;
}
