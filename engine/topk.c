/* engine/topk.c — bounded heap: root = worst kept pair. */
#include "engine/topk.h"

#include <stdlib.h>

fr_status fr_topk_init(fr_topk *h, size_t k)
{
    h->n = 0;
    h->k = k;
    h->aux = NULL;
    h->val = malloc((k ? k : 1) * sizeof *h->val);
    h->id = malloc((k ? k : 1) * sizeof *h->id);
    if (!h->val || !h->id) {
        fr_topk_free(h);
        return FR_ENOMEM;
    }
    return FR_OK;
}

fr_status fr_topk_init_aux(fr_topk *h, size_t k)
{
    if (fr_topk_init(h, k) != FR_OK)
        return FR_ENOMEM;
    if (!(h->aux = malloc((k ? k : 1) * sizeof *h->aux))) {
        fr_topk_free(h);
        return FR_ENOMEM;
    }
    return FR_OK;
}

void fr_topk_free(fr_topk *h)
{
    free(h->val);
    free(h->id);
    free(h->aux);
    h->val = NULL;
    h->id = NULL;
    h->aux = NULL;
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
    if (h->aux) {
        uint32_t ta = h->aux[i];
        h->aux[i] = h->aux[j];
        h->aux[j] = ta;
    }
}

/* "worse" is the heap order: the parent is worse than its children.  The element moves down as a
 * hole (children moved up, it written once at the end): the positions swapping gives, with half
 * the stores — a proxy list's heap takes ~10 k replacements a posting at 100k résumés. */
static void sift_down(fr_topk *h, size_t n, size_t i)
{
    float *v = h->val;
    uint32_t *id = h->id, *aux = h->aux;
    float xv = v[i];
    uint32_t xid = id[i], xa = aux ? aux[i] : 0;
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
        if (aux)
            aux[i] = aux[w];
        i = w;
    }
    v[i] = xv;
    id[i] = xid;
    if (aux)
        aux[i] = xa;
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
        if (h->aux)
            h->aux[i] = (uint32_t)i;
        sift_up(h, i);
        return;
    }
    h->val[0] = v;
    h->id[0] = id;
    sift_down(h, h->n, 0);
}

long fr_topk_push_aux(fr_topk *h, float v, uint32_t id)
{
    if (h->n == h->k && (h->k == 0 || !fr_topk_better(v, id, h->val[0], h->id[0])))
        return -1;
    long slot = h->n < h->k ? (long)h->n : (long)h->aux[0]; /* a new one, or the evicted root's */
    fr_topk_push_slow(h, v, id);
    return slot;
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
