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
    uint32_t *aux;  /* fr_topk_init_aux: each kept pair's payload index (else NULL) */
} fr_topk;

/* k == 0 keeps nothing.  Free with fr_topk_free. */
fr_status fr_topk_init(fr_topk *h, size_t k);
/* With a payload index per kept pair (aux, moved with it): the caller keeps up to k payloads of
 * its own and fr_topk_push_aux says where each kept pair's goes. */
fr_status fr_topk_init_aux(fr_topk *h, size_t k);
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

/* fr_topk_push for a heap of fr_topk_init_aux: the payload index of (v, id) once kept — a fresh
 * one (the count of pairs before it) while the heap fills, then the index of the pair it evicts
 * — or -1 when it is not kept.  Indexes stay below k. */
long fr_topk_push_aux(fr_topk *h, float v, uint32_t id);

/* Sort the kept pairs best first, in place (the heap is then spent); returns how many. */
size_t fr_topk_sort(fr_topk *h);

#endif
