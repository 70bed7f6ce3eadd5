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

/* "worse" is the heap order: the parent is worse than its children. */
static void sift_down(float *v, uint32_t *id, size_t n, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, w = i;
        if (l < n && fr_topk_better(v[w], id[w], v[l], id[l]))
            w = l;
        if (r < n && fr_topk_better(v[w], id[w], v[r], id[r]))
            w = r;
        if (w == i)
            return;
        float tv = v[i];
        uint32_t ti = id[i];
        v[i] = v[w];
        id[i] = id[w];
        v[w] = tv;
        id[w] = ti;
        i = w;
    }
}

void fr_topk_push_slow(fr_topk *h, float v, uint32_t id)
{
    if (h->n < h->k) {
        size_t i = h->n++;
        h->val[i] = v;
        h->id[i] = id;
        while (i > 0) { /* sift up: a better element moves away from the root */
            size_t p = (i - 1) / 2;
            if (!fr_topk_better(h->val[p], h->id[p], h->val[i], h->id[i]))
                break;
            float tv = h->val[p];
            uint32_t ti = h->id[p];
            h->val[p] = h->val[i];
            h->id[p] = h->id[i];
            h->val[i] = tv;
            h->id[i] = ti;
            i = p;
        }
        return;
    }
    h->val[0] = v;
    h->id[0] = id;
    sift_down(h->val, h->id, h->n, 0);
}

size_t fr_topk_sort(fr_topk *h)
{
    /* heapsort: repeatedly move the worst to the end, so the array ends up best first */
    size_t n = h->n;
    for (size_t end = n; end > 1; end--) {
        float tv = h->val[0];
        uint32_t ti = h->id[0];
        h->val[0] = h->val[end - 1];
        h->id[0] = h->id[end - 1];
        h->val[end - 1] = tv;
        h->id[end - 1] = ti;
        sift_down(h->val, h->id, end - 1, 0);
    }
    return n;
}
