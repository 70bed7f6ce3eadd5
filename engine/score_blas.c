/* engine/score_blas.c — tiles of sgemm, each reduced by max-pooling into the groups it touches. */
#include "engine/score_blas.h"

#include <cblas.h>
#include <math.h>
#include <stdlib.h>

void fr_block_opts_default(fr_block_opts *o)
{
    o->qbs = 4096;
    o->dbs = 1024;
}

void fr_tile_scratch_free(fr_tile_scratch *ts)
{
    free(ts->tile);
    free(ts->group_of);
    ts->tile = NULL;
    ts->group_of = NULL;
    ts->tile_cap = ts->group_cap = 0;
}

fr_status fr_maxpool_scores(const float *Q, size_t nq, const float *DB, size_t ndb, size_t d,
                            const uint32_t *gs, size_t ng, const fr_block_opts *bo, float *out, fr_error *err)
{
    fr_tile_scratch ts = {0};
    fr_status s = fr_maxpool_scores_ws(Q, nq, DB, ndb, d, gs, ng, bo, out, &ts, err);
    fr_tile_scratch_free(&ts);
    return s;
}

fr_status fr_maxpool_scores_ws(const float *Q, size_t nq, const float *DB, size_t ndb, size_t d,
                               const uint32_t *gs, size_t ng, const fr_block_opts *bo, float *out,
                               fr_tile_scratch *ts, fr_error *err)
{
    fr_block_opts def;
    if (!bo) {
        fr_block_opts_default(&def);
        bo = &def;
    }
    if (bo->qbs == 0 || bo->dbs == 0 || gs[0] != 0 || gs[ng] != ndb)
        return fr_fail(err, FR_EINVAL, "bad block sizes or group boundaries");
    for (size_t g = 0; g < ng; g++)
        if (gs[g + 1] < gs[g])
            return fr_fail(err, FR_EINVAL, "group boundaries must ascend");
    for (size_t i = 0; i < nq * ng; i++)
        out[i] = -INFINITY;
    if (nq == 0 || ndb == 0 || d == 0)
        return FR_OK; /* BLAS does not like empty matrices */
    size_t qbs = bo->qbs < nq ? bo->qbs : nq, dbs = bo->dbs < ndb ? bo->dbs : ndb, tile_n;
    if (!fr_size_mul(qbs, dbs, &tile_n))
        return fr_fail(err, FR_ENOMEM, "tile too large");
    if (ts->tile_cap < tile_n) {
        float *t = realloc(ts->tile, tile_n * sizeof *t);
        if (!t)
            return fr_fail(err, FR_ENOMEM, "out of memory for the score tile");
        ts->tile = t;
        ts->tile_cap = tile_n;
    }
    if (ts->group_cap < ndb) {
        uint32_t *g = realloc(ts->group_of, ndb * sizeof *g);
        if (!g)
            return fr_fail(err, FR_ENOMEM, "out of memory for the score tile");
        ts->group_of = g;
        ts->group_cap = ndb;
    }
    float *tile = ts->tile;
    uint32_t *group_of = ts->group_of;
    for (size_t g = 0; g < ng; g++)
        for (uint32_t j = gs[g]; j < gs[g + 1]; j++)
            group_of[j] = (uint32_t)g;
    for (size_t q0 = 0; q0 < nq; q0 += qbs) {
        size_t nqi = nq - q0 < qbs ? nq - q0 : qbs;
        for (size_t j0 = 0; j0 < ndb; j0 += dbs) {
            size_t nj = ndb - j0 < dbs ? ndb - j0 : dbs;
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (blasint)nqi, (blasint)nj, (blasint)d, 1.0f,
                        Q + q0 * d, (blasint)d, DB + j0 * d, (blasint)d, 0.0f, tile, (blasint)nj);
            /* reduce the tile now, while it is in cache: runs of one group become one max */
            for (size_t qi = 0; qi < nqi; qi++) {
                const float *row = tile + qi * nj;
                float *o = out + (q0 + qi) * ng;
                size_t j = 0;
                while (j < nj) {
                    uint32_t g = group_of[j0 + j];
                    size_t end = gs[g + 1] - j0 < nj ? gs[g + 1] - j0 : nj;
                    /* eight running maxima the compiler can keep in one vector register; max
                     * is exact, so the lanes do not change the result */
                    float m8[8];
                    for (size_t l = 0; l < 8; l++)
                        m8[l] = o[g];
                    for (; j + 8 <= end; j += 8)
                        for (size_t l = 0; l < 8; l++)
                            m8[l] = row[j + l] > m8[l] ? row[j + l] : m8[l];
                    float m = m8[0];
                    for (size_t l = 1; l < 8; l++)
                        m = m8[l] > m ? m8[l] : m;
                    for (; j < end; j++)
                        m = row[j] > m ? row[j] : m;
                    o[g] = m;
                }
            }
        }
    }
    return FR_OK;
}
