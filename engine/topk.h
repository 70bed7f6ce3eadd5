/* engine/topk.h — the k best (score, id) pairs of a stream: a bounded heap whose root is the worst
 * pair kept, so each candidate costs one comparison unless it belongs in the top k (faiss's
 * "compare with the threshold first" habit).  Order: higher score first; equal scores by lower
 * id, so results never depend on arrival order or thread count. */
#ifndef FR_ENGINE_TOPK_H
#define FR_ENGINE_TOPK_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

typedef struct {
    float *val;
    uint32_t *id;
    size_t n, k;
} fr_topk;

/* k == 0 keeps nothing.  Free with fr_topk_free. */
fr_status fr_topk_init(fr_topk *h, size_t k);
void fr_topk_free(fr_topk *h);
/* Forget the contents (keeps the storage). */
static inline void fr_topk_reset(fr_topk *h) { h->n = 0; }

/* Is (a, ia) better than (b, ib)? */
static inline int fr_topk_better(float a, uint32_t ia, float b, uint32_t ib)
{
    return a > b || (a == b && ia < ib);
}

void fr_topk_push_slow(fr_topk *h, float v, uint32_t id);
/* Offer (v, id). */
static inline void fr_topk_push(fr_topk *h, float v, uint32_t id)
{
    if (h->n == h->k && (h->k == 0 || !fr_topk_better(v, id, h->val[0], h->id[0])))
        return; /* the common case: not better than the worst kept */
    fr_topk_push_slow(h, v, id);
}

/* Sort the kept pairs best first, in place (the heap is then spent); returns how many. */
size_t fr_topk_sort(fr_topk *h);

/* The k best pairs of a long stream when their order does not matter: pairs above a threshold
 * gathered in a buffer of 2k, cut back to the best k by a selection when it fills — O(1) a kept
 * pair where a heap of 3,000 sifts through 12 levels (a proxy list at 100k résumés keeps ~10 k
 * pairs before its last).  Its threshold is the worst pair kept by the last cut: a pair not
 * better than it has k better ones already, so the pairs kept at the end (fr_topsel_finish) are
 * exactly the heap's.  Each pair kept has a payload index below 2k: a pair cut frees its index. */
typedef struct {
    float *val;
    uint32_t *id, *aux; /* aux: each pair's payload index */
    size_t n, k;
    int cut;            /* a cut has happened: (tv, tid) is the threshold */
    float tv;
    uint32_t tid;
    uint32_t *free_ix;  /* payload indexes free to take */
    size_t nfree;
} fr_topsel;

/* k == 0 keeps nothing.  Free with fr_topsel_free. */
fr_status fr_topsel_init(fr_topsel *s, size_t k);
void fr_topsel_free(fr_topsel *s);
void fr_topsel_reset(fr_topsel *s);
long fr_topsel_push_slow(fr_topsel *s, float v, uint32_t id);
/* Offer (v, id): its payload index once kept, or -1 when it cannot be among the k best. */
static inline long fr_topsel_push(fr_topsel *s, float v, uint32_t id)
{
    if (s->k == 0 || (s->cut && !fr_topk_better(v, id, s->tv, s->tid)))
        return -1;
    return fr_topsel_push_slow(s, v, id);
}
/* Keep exactly the k best offered (val, id, aux[0..n), in no order); returns n. */
size_t fr_topsel_finish(fr_topsel *s);

#endif
