/* engine/cosine.c — accumulate through the inverted index, then one heap pass over the touched
 * rows; untouched rows (score 0) fill any remaining places in id order. */
#include "engine/cosine.h"

#include <stdlib.h>

fr_status fr_sparse_topk(const fr_csr_rows *Q, const fr_csr_rows *inv, size_t n_db, fr_topk *tops, fr_error *err)
{
    double *acc = calloc(n_db ? n_db : 1, sizeof *acc);
    uint32_t *touched = malloc((n_db ? n_db : 1) * sizeof *touched);
    unsigned char *seen = calloc(n_db ? n_db : 1, 1);
    if (!acc || !touched || !seen) {
        free(acc);
        free(touched);
        free(seen);
        return fr_fail(err, FR_ENOMEM, "out of memory for the score accumulator");
    }
    for (size_t q = 0; q < Q->n; q++) {
        size_t nt = 0;
        for (uint32_t p = Q->ptr.v[q]; p < Q->ptr.v[q + 1]; p++) {
            uint32_t t = Q->col.v[p];
            if (t >= inv->n)
                continue;
            double w = Q->val[p];
            for (uint32_t r = inv->ptr.v[t]; r < inv->ptr.v[t + 1]; r++) {
                uint32_t d = inv->col.v[r];
                if (!seen[d]) {
                    seen[d] = 1;
                    touched[nt++] = d;
                }
                acc[d] += w * inv->val[r];
            }
        }
        fr_topk *h = &tops[q];
        fr_topk_reset(h);
        for (size_t i = 0; i < nt; i++)
            fr_topk_push(h, (float)acc[touched[i]], touched[i]);
        /* documents sharing no term score 0: they compete in id order, as long as a 0 can enter */
        for (uint32_t d = 0; d < n_db && (h->n < h->k || (h->k && h->val[0] <= 0.0f)); d++)
            if (!seen[d])
                fr_topk_push(h, 0.0f, d);
        for (size_t i = 0; i < nt; i++) {
            acc[touched[i]] = 0;
            seen[touched[i]] = 0;
        }
    }
    free(acc);
    free(touched);
    free(seen);
    return FR_OK;
}
