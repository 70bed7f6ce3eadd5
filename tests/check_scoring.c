/* tests/check_scoring.c — the scorer's building blocks against brute force: top-k heaps and the
 * blocked, max-pooled sgemm kernel. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/score.h"
#include "engine/score_blas.h"
#include "engine/topk.h"
#include "models/model.h"
#include "tests/check_support.h"

static uint64_t rng = 88172645463325252ULL;
static uint32_t next_u32(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 11);
}
static float next_f(void) { return (float)(next_u32() % 2000001) / 1e6f - 1.0f; }

typedef struct {
    float v;
    uint32_t id;
} pair;

static int cmp_pair(const void *a, const void *b)
{
    const pair *x = a, *y = b;
    if (fr_topk_better(x->v, x->id, y->v, y->id))
        return -1;
    if (fr_topk_better(y->v, y->id, x->v, x->id))
        return 1;
    return 0;
}

START_TEST(test_topk_matches_full_sort_with_ties)
{
    enum { N = 500 };
    static pair all[N];
    static const size_t ks[] = {0, 1, 2, 7, 100, N, N + 10};
    for (int round = 0; round < 20; round++) {
        for (uint32_t i = 0; i < N; i++) /* few distinct values: many ties */
            all[i] = (pair){(float)(next_u32() % 17) / 4.0f, (i * 7919u) % 1000u};
        for (size_t t = 0; t < sizeof ks / sizeof ks[0]; t++) {
            fr_topk h;
            ck_assert_int_eq(fr_topk_init(&h, ks[t]), FR_OK);
            for (size_t i = 0; i < N; i++)
                fr_topk_push(&h, all[i].v, all[i].id);
            size_t n = fr_topk_sort(&h);
            static pair ref[N];
            memcpy(ref, all, sizeof ref);
            qsort(ref, N, sizeof *ref, cmp_pair);
            size_t want = ks[t] < N ? ks[t] : N;
            ck_assert_uint_eq(n, want);
            for (size_t i = 0; i < n; i++) {
                ck_assert_uint_eq(h.id[i], ref[i].id);
                ck_assert(h.val[i] == ref[i].v);
            }
            fr_topk_free(&h);
        }
    }
}
END_TEST

/* The buffered selection keeps the heap's pairs — the k best by the total order, ties by id — for
 * streams in random, ascending (a cut at every k pairs) and descending order, and each kept pair's
 * payload index is its own: below 2k, and the payload written when it came is still there at the
 * end (an index is reused only once its pair was cut). */
START_TEST(test_topsel_keeps_the_heaps_pairs)
{
    enum { N = 700 };
    static pair all[N];
    static uint32_t payload[2 * N + 2];
    static const size_t ks[] = {0, 1, 2, 7, 100, 349, 350, N, N + 10};
    for (int round = 0; round < 12; round++) {
        for (uint32_t i = 0; i < N; i++) {
            float v = round % 3 == 0 ? (float)(next_u32() % 17) / 4.0f : (float)i / 8.0f;
            all[i] = (pair){round % 3 == 2 ? -v : v, (i * 7919u) % 1000u};
        }
        static pair ref[N];
        memcpy(ref, all, sizeof ref);
        qsort(ref, N, sizeof *ref, cmp_pair);
        for (size_t t = 0; t < sizeof ks / sizeof ks[0]; t++) {
            fr_topsel s;
            ck_assert_int_eq(fr_topsel_init(&s, ks[t]), FR_OK);
            for (int again = 0; again < 2; again++) { /* and once more after a reset */
                fr_topsel_reset(&s);
                for (size_t i = 0; i < N; i++) {
                    long slot = fr_topsel_push(&s, all[i].v, all[i].id);
                    if (slot >= 0) {
                        ck_assert_int_lt(slot, (long)(2 * ks[t]));
                        payload[slot] = all[i].id;
                    }
                }
                size_t n = fr_topsel_finish(&s), want = ks[t] < N ? ks[t] : N;
                ck_assert_uint_eq(n, want);
                static pair got[N];
                for (size_t i = 0; i < n; i++) {
                    got[i] = (pair){s.val[i], s.id[i]};
                    ck_assert_uint_eq(payload[s.aux[i]], s.id[i]);
                }
                qsort(got, n, sizeof *got, cmp_pair);
                for (size_t i = 0; i < n; i++) {
                    ck_assert_uint_eq(got[i].id, ref[i].id);
                    ck_assert(got[i].v == ref[i].v);
                }
            }
            fr_topsel_free(&s);
        }
    }
}
END_TEST

static void brute(const float *Q, size_t nq, const float *DB, size_t d, const uint32_t *gs, size_t ng, float *out)
{
    for (size_t q = 0; q < nq; q++)
        for (size_t g = 0; g < ng; g++) {
            float m = -INFINITY;
            for (uint32_t j = gs[g]; j < gs[g + 1]; j++) {
                double s = 0;
                for (size_t k = 0; k < d; k++)
                    s += (double)Q[q * d + k] * DB[j * d + k];
                if ((float)s > m)
                    m = (float)s;
            }
            out[q * ng + g] = m;
        }
}

START_TEST(test_maxpool_matches_brute_force_for_any_blocks)
{
    enum { NQ = 37, NG = 23, D = 48 };
    uint32_t gs[NG + 1];
    gs[0] = 0;
    for (size_t g = 0; g < NG; g++)
        gs[g + 1] = gs[g] + (g % 5 == 3 ? 0 : 1 + next_u32() % 9); /* some empty groups */
    size_t ndb = gs[NG];
    float *Q = malloc(NQ * D * sizeof *Q), *DB = malloc(ndb * D * sizeof *DB);
    float *ref = malloc(NQ * NG * sizeof *ref), *got = malloc(NQ * NG * sizeof *got);
    for (size_t i = 0; i < NQ * D; i++)
        Q[i] = next_f();
    for (size_t i = 0; i < ndb * D; i++)
        DB[i] = next_f();
    brute(Q, NQ, DB, D, gs, NG, ref);
    static const fr_block_opts blocks[] = {{1, 1}, {3, 7}, {16, 5}, {64, 1000}, {4096, 1024}};
    for (size_t b = 0; b < sizeof blocks / sizeof blocks[0]; b++) {
        ck_assert_int_eq(fr_maxpool_scores(Q, NQ, DB, ndb, D, gs, NG, &blocks[b], got, NULL), FR_OK);
        for (size_t i = 0; i < NQ * NG; i++) {
            if (isinf(ref[i]))
                ck_assert(isinf(got[i]) && got[i] < 0);
            else
                ck_assert_msg(fabsf(got[i] - ref[i]) <= 1e-5f, "blocks %zu x %zu: [%zu] %g vs %g", blocks[b].qbs,
                              blocks[b].dbs, i, got[i], ref[i]);
        }
    }
    free(Q);
    free(DB);
    free(ref);
    free(got);
}
END_TEST

START_TEST(test_maxpool_rejects_bad_groups_and_empty_inputs)
{
    float q[4] = {1, 0, 0, 1}, db[4] = {1, 0, 0, 1}, out[4];
    uint32_t bad[3] = {0, 2, 1}, ok[3] = {0, 1, 2};
    fr_error err = {0};
    ck_assert_int_eq(fr_maxpool_scores(q, 2, db, 2, 2, bad, 2, NULL, out, &err), FR_EINVAL);
    ck_assert_int_eq(fr_maxpool_scores(q, 2, db, 2, 2, ok, 2, NULL, out, &err), FR_OK);
    ck_assert(out[0] == 1.0f && out[1] == 0.0f && out[2] == 0.0f && out[3] == 1.0f);
    uint32_t none[1] = {0};
    ck_assert_int_eq(fr_maxpool_scores(q, 2, db, 0, 2, none, 0, NULL, out, &err), FR_OK);
}
END_TEST

/* ------------------------------------------------------------ sparse cosine */

#include "engine/cosine.h"

static void random_rows(fr_csr_rows *m, size_t n, size_t V, size_t max_nnz)
{
    ck_assert_int_eq(fr_csr_init(m, V), FR_OK);
    uint32_t cols[64];
    float vals[64];
    for (size_t i = 0; i < n; i++) {
        size_t k = next_u32() % (max_nnz + 1), c = 0;
        uint32_t col = 0;
        for (size_t j = 0; j < k && c < 64; j++) {
            col += 1 + next_u32() % (uint32_t)(V / (max_nnz + 1) + 1);
            if (col >= V)
                break;
            cols[c] = col;
            vals[c++] = (float)(next_u32() % 4 + 1) / 4.0f; /* few distinct values: ties */
        }
        ck_assert_int_eq(fr_csr_append(m, cols, vals, c), FR_OK);
    }
}

START_TEST(test_sparse_topk_matches_brute_force)
{
    enum { NQ = 40, ND = 300, V = 200 };
    fr_csr_rows Q, D, inv;
    random_rows(&Q, NQ, V, 12);
    random_rows(&D, ND, V, 20);
    ck_assert_int_eq(fr_csr_transpose(&D, &inv), FR_OK);
    static const size_t ks[] = {1, 10, ND, ND + 5};
    for (size_t t = 0; t < sizeof ks / sizeof ks[0]; t++) {
        fr_topk tops[NQ];
        for (size_t q = 0; q < NQ; q++)
            ck_assert_int_eq(fr_topk_init(&tops[q], ks[t]), FR_OK);
        ck_assert_int_eq(fr_sparse_topk(&Q, &inv, ND, tops, NULL), FR_OK);
        for (size_t q = 0; q < NQ; q++) {
            static pair ref[ND];
            for (uint32_t d = 0; d < ND; d++) {
                double s = 0;
                for (uint32_t a = Q.ptr.v[q]; a < Q.ptr.v[q + 1]; a++)
                    for (uint32_t b = D.ptr.v[d]; b < D.ptr.v[d + 1]; b++)
                        if (Q.col.v[a] == D.col.v[b])
                            s += (double)Q.val[a] * D.val[b];
                ref[d] = (pair){(float)s, d};
            }
            qsort(ref, ND, sizeof *ref, cmp_pair);
            size_t n = fr_topk_sort(&tops[q]);
            ck_assert_uint_eq(n, ks[t] < ND ? ks[t] : ND);
            for (size_t i = 0; i < n; i++) {
                ck_assert_msg(tops[q].id[i] == ref[i].id, "k %zu query %zu rank %zu: id %u vs %u", ks[t], q, i,
                              tops[q].id[i], ref[i].id);
                ck_assert(tops[q].val[i] == ref[i].v);
                /* one pair's dot gives the same bits as the accumulation (fitrank eval's cosine) */
                ck_assert(fr_csr_dot(&Q, q, &D, tops[q].id[i]) == tops[q].val[i]);
            }
            fr_topk_free(&tops[q]);
        }
    }
    fr_csr_free(&Q);
    fr_csr_free(&D);
    fr_csr_free(&inv);
}
END_TEST

/* fr_cosine_topk (rank --fit: résumé by résumé against the postings' inverted index, columns of many
 * postings as dense rows, ranges of résumés on threads) gives fr_sparse_topk's very bits and ids for
 * any number of threads and k — with few columns (dense rows) and many (lists), empty rows, and
 * columns past ncols ignored. */
static fr_row_ref *refs_of(const fr_csr_rows *m, fr_row_entry **store)
{
    fr_row_ref *r = malloc((m->n + 1) * sizeof *r);
    *store = malloc((m->col.n + 1) * sizeof **store);
    ck_assert(r && *store);
    for (size_t i = 0; i < m->n; i++) {
        r[i].e = *store + m->ptr.v[i];
        r[i].n = m->ptr.v[i + 1] - m->ptr.v[i];
        for (uint32_t j = m->ptr.v[i]; j < m->ptr.v[i + 1]; j++) {
            (*store)[j].col = m->col.v[j];
            (*store)[j].v.w = m->val[j];
        }
    }
    return r;
}

START_TEST(test_cosine_topk_is_sparse_topk)
{
    enum { NQ = 40, ND = 333 };
    static const size_t vs[] = {12, 200};
    for (size_t vi = 0; vi < 2; vi++) {
        size_t V = vs[vi];
        fr_csr_rows Q, D, inv;
        random_rows(&Q, NQ, V, 10);
        random_rows(&D, ND, V, 20);
        ck_assert_int_eq(fr_csr_transpose(&D, &inv), FR_OK);
        fr_row_entry *qs, *ds;
        fr_row_ref *qr = refs_of(&Q, &qs), *dr = refs_of(&D, &ds);
        static const size_t ks[] = {0, 1, 10, ND, ND + 5};
        for (size_t t = 0; t < sizeof ks / sizeof ks[0]; t++) {
            fr_topk want[NQ], got[NQ];
            for (size_t q = 0; q < NQ; q++)
                ck_assert_int_eq(fr_topk_init(&want[q], ks[t]), FR_OK);
            ck_assert_int_eq(fr_sparse_topk(&Q, &inv, ND, want, NULL), FR_OK);
            for (size_t q = 0; q < NQ; q++)
                fr_topk_sort(&want[q]);
            static const int threads[] = {1, 2, 3, 8};
            for (size_t th = 0; th < 4; th++) {
                for (size_t q = 0; q < NQ; q++)
                    ck_assert_int_eq(fr_topk_init(&got[q], ks[t]), FR_OK);
                ck_assert_int_eq(fr_cosine_topk(qr, NQ, dr, ND, V, threads[th], got, NULL), FR_OK);
                for (size_t q = 0; q < NQ; q++) {
                    size_t n = fr_topk_sort(&got[q]);
                    ck_assert_uint_eq(n, want[q].n);
                    for (size_t i = 0; i < n; i++)
                        ck_assert_msg(got[q].id[i] == want[q].id[i] && got[q].val[i] == want[q].val[i],
                                      "V %zu k %zu threads %d query %zu rank %zu: %u %.9g vs %u %.9g", V, ks[t],
                                      threads[th], q, i, got[q].id[i], (double)got[q].val[i], want[q].id[i],
                                      (double)want[q].val[i]);
                    fr_topk_free(&got[q]);
                }
            }
            /* columns at or above ncols are ignored: with ncols 0 every score is 0, ties by id */
            for (size_t q = 0; q < NQ; q++)
                ck_assert_int_eq(fr_topk_init(&got[q], 3), FR_OK);
            ck_assert_int_eq(fr_cosine_topk(qr, NQ, dr, ND, 0, 2, got, NULL), FR_OK);
            for (size_t q = 0; q < NQ; q++) {
                ck_assert_uint_eq(fr_topk_sort(&got[q]), 3);
                for (uint32_t i = 0; i < 3; i++)
                    ck_assert(got[q].id[i] == i && got[q].val[i] == 0.0f);
                fr_topk_free(&got[q]);
                fr_topk_free(&want[q]);
            }
        }
        /* no database rows: nothing kept */
        fr_topk one;
        ck_assert_int_eq(fr_topk_init(&one, 5), FR_OK);
        ck_assert_int_eq(fr_cosine_topk(qr, 1, dr, 0, V, 2, &one, NULL), FR_OK);
        ck_assert_uint_eq(one.n, 0);
        fr_topk_free(&one);
        free(qr);
        free(dr);
        free(qs);
        free(ds);
        fr_csr_free(&Q);
        fr_csr_free(&D);
        fr_csr_free(&inv);
    }
}
END_TEST

/* The lower bound is the first place at or above the key, for every key, range and run of equal
 * values (brute force over small arrays). */
START_TEST(test_lower_bound_matches_a_scan)
{
    uint32_t v[40];
    unsigned seed = 7;
    for (int round = 0; round < 200; round++) {
        uint32_t n = (uint32_t)(round % 40), x = 0;
        for (uint32_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            x += (seed >> 16) % 3; /* repeats and gaps */
            v[i] = x;
        }
        for (uint32_t lo = 0; lo <= n; lo++)
            for (uint32_t hi = lo; hi <= n; hi++)
                for (uint32_t key = 0; key <= x + 1; key++) {
                    uint32_t want = lo;
                    while (want < hi && v[want] < key)
                        want++;
                    ck_assert_uint_eq(fr_u32_lower_bound(v, lo, hi, key), want);
                }
    }
}
END_TEST

/* match's context-and-skills key (engine/rank.c ctx_skill_list): its bound is never below it (the
 * list skips the skill count of a posting whose bound cannot enter), it rises with the context and
 * the skills named, and it orders as the score's own two parts do — both forms, several weights. */
START_TEST(test_ctx_skill_key_bound_and_order)
{
    fr_score_params sp;
    fr_score_params_default(&sp);
    const double forms[2] = {0, 1}, wctx[3] = {0.5, 0.0, 1.0}, wsk[3] = {0.1, 0.4, 0.0};
    for (int f = 0; f < 2; f++)
        for (int wi = 0; wi < 3; wi++) {
            sp.form = forms[f];
            sp.w_ctx = wctx[wi];
            sp.w_skill = wsk[wi];
            for (int r = 0; r < 20000; r++) {
                float ctx = (float)(next_u32() % 1000001) / 1e6f;
                unsigned total = next_u32() % 40, have = total ? next_u32() % (total + 1) : 0;
                float key = fr_score_ctx_skill_key(&sp, ctx, have, total);
                ck_assert_msg(key <= fr_score_ctx_skill_most(&sp, ctx), "form %g: key %g above its bound %g", sp.form,
                              (double)key, (double)fr_score_ctx_skill_most(&sp, ctx));
                if (have < total)
                    ck_assert(fr_score_ctx_skill_key(&sp, ctx, have + 1, total) >= key);
                if (ctx < 0.99f)
                    ck_assert(fr_score_ctx_skill_key(&sp, ctx + 0.01f, have, total) >= key);
            }
            if (f == 1 && wi == 0) { /* the score's parts: context 0.4 and 3 of 4 skills beat 0.4 and 1 of 4 */
                fr_pair_eval a = {0}, b = {0};
                fr_score_terms ta, tb;
                a.ctx = b.ctx = 0.4f;
                a.skills_total = b.skills_total = 4;
                a.skills_have = 3;
                b.skills_have = 1;
                a.skill_cov = 0.75f;
                b.skill_cov = 0.25f;
                a.req_cov = b.req_cov = a.pref_cov = b.pref_cov = -1;
                fr_score_combine(&sp, &a, &ta);
                fr_score_combine(&sp, &b, &tb);
                ck_assert(ta.score > tb.score);
                ck_assert(fr_score_ctx_skill_key(&sp, 0.4f, 3, 4) > fr_score_ctx_skill_key(&sp, 0.4f, 1, 4));
            }
        }
}
END_TEST

START_TEST(test_csr_rejects_unsorted_or_out_of_range)
{
    fr_csr_rows m;
    ck_assert_int_eq(fr_csr_init(&m, 10), FR_OK);
    uint32_t bad1[2] = {3, 3}, bad2[1] = {10}, ok[2] = {1, 9};
    float v[2] = {1, 1};
    ck_assert_int_eq(fr_csr_append(&m, bad1, v, 2), FR_EINVAL);
    ck_assert_int_eq(fr_csr_append(&m, bad2, v, 1), FR_EINVAL);
    ck_assert_int_eq(fr_csr_append(&m, ok, v, 2), FR_OK);
    ck_assert_uint_eq(m.n, 1);
    fr_csr_free(&m);
}
END_TEST


Suite *scoring_suite(void)
{
    Suite *s = suite_create("scoring");
    TCase *core = tcase_create("core"), *error = tcase_create("error");
    tcase_add_test(core, test_topk_matches_full_sort_with_ties);
    tcase_add_test(core, test_topsel_keeps_the_heaps_pairs);
    tcase_add_test(core, test_maxpool_matches_brute_force_for_any_blocks);
    tcase_add_test(error, test_maxpool_rejects_bad_groups_and_empty_inputs);
    tcase_add_test(core, test_sparse_topk_matches_brute_force);
    tcase_add_test(core, test_cosine_topk_is_sparse_topk);
    tcase_add_test(error, test_csr_rejects_unsorted_or_out_of_range);
    tcase_add_test(core, test_ctx_skill_key_bound_and_order);
    tcase_add_test(error, test_lower_bound_matches_a_scan);
    /* hang guards, not timings: the brute-force sweeps (the lower bound's, ~1 s alone) passed
     * Check's default 4 s on a machine busy with other builds */
    tcase_set_timeout(core, 60);
    tcase_set_timeout(error, 60);
    suite_add_tcase(s, core);
    suite_add_tcase(s, error);
    return s;
}

