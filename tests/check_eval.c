/* tests/check_eval.c — graded labels and ranking metrics (engine/eval): reading labels (duplicates,
 * quoting, errors that name the file and line), given scores, and nDCG@10 / P@5 / MRR worked out
 * by hand in both directions, with ties, folds and undefined queries. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "check_support.h"
#include "fr.h"

static const char *write_tmp_n(const char *name, const char *text, size_t n)
{
    static char path[4][512];
    static int k;
    char *p = path[k++ % 4];
    snprintf(p, 512, "%s/%s", t_tmpdir(), name);
    FILE *f = fopen(p, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(text, 1, n, f), n);
    fclose(f);
    return p;
}

static const char *write_tmp(const char *name, const char *text) { return write_tmp_n(name, text, strlen(text)); }

/* A NUL in a labels or scores CSV ended an id there without a word (ids are C strings); invalid
 * UTF-8 could match no document.  Both are errors naming the file and the byte offset. */
START_TEST(test_labels_nul_and_bad_utf8)
{
    static const char nul[] = "resume,posting,label\nr1\0x,p1,1\nr1,p2,5\n";
    char want[600];
    fr_error err = {0};
    fr_labels l;
    const char *path = write_tmp_n("nul.csv", nul, sizeof nul - 1);
    ck_assert_int_eq(fr_labels_read(path, &l, &err), FR_EFORMAT);
    snprintf(want, sizeof want, "%s:23: binary data (a NUL byte), not text", path);
    ck_assert_str_eq(err.msg, want);
    ck_assert_int_eq(err.has_offset, 1);
    ck_assert_uint_eq(err.offset, 23);
    path = write_tmp("utf8.csv", "resume,posting,label\nr1\xff,p1,1\n");
    ck_assert_int_eq(fr_labels_read(path, &l, &err), FR_EUTF8);
    snprintf(want, sizeof want, "%s:23: invalid UTF-8 (byte 0xFF)", path);
    ck_assert_str_eq(err.msg, want);
    path = write_tmp("good.csv", "resume,posting,label\nr1,p1,1\nr1,p2,5\n");
    ck_assert_int_eq(fr_labels_read(path, &l, &err), FR_OK);
    static const char snul[] = "resume,posting,score\nr1,p1,0.5\nr1,p2\0,0.1\n";
    const char *sp = write_tmp_n("snul.csv", snul, sizeof snul - 1);
    float key[2];
    ck_assert_int_eq(fr_labels_read_scores(&l, sp, key, &err), FR_EFORMAT);
    ck_assert_ptr_nonnull(strstr(err.msg, ":36: binary data (a NUL byte)"));
    fr_labels_free(&l);
}
END_TEST

START_TEST(test_labels_read_duplicates_and_quoting)
{
    fr_error err = {0};
    fr_labels l;
    /* BOM, another column, columns in another order, a quoted id with a comma, a blank line, a pair
     * labelled twice alike and one labelled twice differently */
    const char *path = write_tmp("labels.csv", "\xEF\xBB\xBFnote,jobpost,label,cv\n"
                                               "x,p2,1,r1\n"
                                               "x,p1,5,r1\n\n"
                                               "x,p1,3,\"r,2\"\n"
                                               "x,p1,5,r1\n"
                                               "x,p2,2,r1\n"
                                               "x,p2,4,\"r,2\"\n");
    ck_assert_int_eq(fr_labels_read(path, &l, &err), FR_OK);
    ck_assert_uint_eq(l.n_rows, 6);
    ck_assert_uint_eq(l.n_pairs, 4);
    ck_assert_uint_eq(l.n_dup_pairs, 2);
    ck_assert_uint_eq(l.n_conflicts, 1);
    ck_assert_uint_eq(l.resume_ids.n, 2);
    ck_assert_str_eq(fr_labels_resume(&l, 0), "r,2"); /* strcmp order: ',' < '1' */
    ck_assert_str_eq(fr_labels_resume(&l, 1), "r1");
    long r1 = fr_labels_find_resume(&l, "r1"), p2 = fr_labels_find_posting(&l, "p2");
    ck_assert_int_eq(r1, 1);
    long i = fr_labels_find_pair(&l, (uint32_t)r1, (uint32_t)p2);
    ck_assert_int_ge(i, 0);
    ck_assert_double_eq(l.label[i], 1.5); /* mean of 1 and 2 */
    ck_assert_uint_eq(l.line[i], 2);      /* first row that names it */
    i = fr_labels_find_pair(&l, (uint32_t)r1, (uint32_t)fr_labels_find_posting(&l, "p1"));
    ck_assert_double_eq(l.label[i], 5.0);
    ck_assert_int_eq(fr_labels_find_resume(&l, "nobody"), -1);
    fr_labels_free(&l);
}
END_TEST

START_TEST(test_labels_errors_name_file_and_line)
{
    static const struct {
        const char *text, *needle;
    } cases[] = {
        {"cv,jobpost,label\n1,2,3\n1,3,6\n", "line 3: label '6' is not a number from 1"},
        {"cv,jobpost,label\n1,2,x\n", "line 2: label 'x'"},
        {"cv,jobpost,label\n1,2\n", "line 2 has 2 fields, the header has 3"},
        {"cv,job_id,label\n1,2,3\n", "the header needs a résumé column"},
        {"", "empty labels file"},
        {"cv,jobpost,label\n", "no labels after the header"},
        {"cv,jobpost,label\n\"1,2,3\n", "unterminated quoted CSV field"},
        {"cv,jobpost,label\n,2,3\n", "line 2: empty résumé or posting id"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        fr_error err = {0};
        fr_labels l;
        const char *path = write_tmp("bad.csv", cases[k].text);
        ck_assert_int_eq(fr_labels_read(path, &l, &err), FR_EFORMAT);
        ck_assert_msg(strstr(err.msg, cases[k].needle) != NULL, "case %zu: %s", k, err.msg);
        ck_assert_msg(strncmp(err.msg, path, strlen(path)) == 0 && err.msg[strlen(path)] == ':', "case %zu: %s", k, err.msg);
        ck_assert_uint_eq(l.n_pairs, 0);
    }
    fr_error err = {0};
    fr_labels l;
    ck_assert_int_eq(fr_labels_read("/nonexistent/labels.csv", &l, &err), FR_EIO);
}
END_TEST

/* Two résumés, three postings; metrics worked out by hand. */
static void small(fr_labels *l)
{
    fr_error err = {0};
    const char *path = write_tmp("small.csv", "resume,posting,label\n"
                                              "a,x,1\n"
                                              "a,y,3\n"
                                              "a,z,5\n"
                                              "b,x,5\n"
                                              "b,y,2\n"
                                              "b,z,5\n");
    ck_assert_int_eq(fr_labels_read(path, l, &err), FR_OK);
    ck_assert_uint_eq(l->n_pairs, 6);
}

START_TEST(test_metrics_by_hand)
{
    fr_labels l;
    small(&l);
    fr_error err = {0};
    /* pairs are sorted (a,x) (a,y) (a,z) (b,x) (b,y) (b,z); gains 15 3 0 / 0 7 0 */
    const float key[6] = {0.2f, 0.9f, 0.1f, 0.8f, 0.3f, 0.3f};
    fr_eval_metrics m;
    double per[3];
    ck_assert_int_eq(fr_eval_metrics_compute(&l, key, FR_EVAL_BY_RESUME, NULL, &m, per, &err), FR_OK);
    /* a: order y(3) x(15) z(0): DCG = 3 + 15/log2 3, ideal 15 + 3/log2 3
     * b: order x(0) then y and z tie at 0.3 (y first: id order): DCG = 7/log2 3, ideal 7 */
    double a = (3 + 15 / log2(3)) / (15 + 3 / log2(3)), b = (7 / log2(3)) / 7;
    ck_assert_uint_eq(m.queries, 2);
    ck_assert_double_eq_tol(per[0], a, 1e-12);
    ck_assert_double_eq_tol(per[1], b, 1e-12);
    ck_assert_double_eq_tol(m.ndcg10, (a + b) / 2, 1e-12);
    /* relevant (label <= 2): a's x at rank 2, b's y at rank 2; P@5 over the 3 pairs each */
    ck_assert_uint_eq(m.queries_rel, 2);
    ck_assert_double_eq_tol(m.mrr, 0.5, 1e-12);
    ck_assert_double_eq_tol(m.p5, 1.0 / 3, 1e-12);
    /* per posting: x ranks b (0.8, gain 0) over a (0.2, gain 15); y: a (0.9, 3) over b (0.3, 7);
     * z: all gains 0, so no nDCG, and no relevant pair */
    ck_assert_int_eq(fr_eval_metrics_compute(&l, key, FR_EVAL_BY_POSTING, NULL, &m, per, &err), FR_OK);
    double x = (15 / log2(3)) / 15, y = (3 + 7 / log2(3)) / (7 + 3 / log2(3));
    ck_assert_uint_eq(m.queries, 2);
    ck_assert_double_eq_tol(m.ndcg10, (x + y) / 2, 1e-12);
    ck_assert(isnan(per[2]));
    ck_assert_uint_eq(m.queries_rel, 2);
    ck_assert_double_eq_tol(m.mrr, 0.5, 1e-12);
    ck_assert_double_eq_tol(m.p5, 0.5, 1e-12);
    /* a fold of résumé b only: per posting, x and y each rank one pair */
    uint8_t mask[2] = {0, 1};
    ck_assert_int_eq(fr_eval_metrics_compute(&l, key, FR_EVAL_BY_POSTING, mask, &m, NULL, &err), FR_OK);
    ck_assert_uint_eq(m.queries, 1); /* only y has a gain among b's pairs */
    ck_assert_double_eq_tol(m.ndcg10, 1.0, 1e-12);
    /* ordering by the labels themselves is perfect; the reverse is not */
    float best[6], worst[6];
    for (size_t i = 0; i < 6; i++) {
        best[i] = (float)-l.label[i];
        worst[i] = (float)l.label[i];
    }
    for (int by = 0; by < 2; by++) {
        ck_assert_int_eq(fr_eval_metrics_compute(&l, best, by, NULL, &m, NULL, &err), FR_OK);
        ck_assert_double_eq_tol(m.ndcg10, 1.0, 1e-12);
        ck_assert_double_eq_tol(m.mrr, 1.0, 1e-12);
        ck_assert_int_eq(fr_eval_metrics_compute(&l, worst, by, NULL, &m, NULL, &err), FR_OK);
        ck_assert_double_lt(m.ndcg10, 0.8);
    }
    fr_labels_free(&l);
}
END_TEST

START_TEST(test_given_scores)
{
    fr_labels l;
    small(&l);
    fr_error err = {0};
    float key[6];
    /* every labelled pair, one unlabelled pair (ignored), ids quoted or not */
    const char *ok = write_tmp("scores.csv", "posting,resume,score\n"
                                             "x,a,0.2\ny,a,0.9\nz,a,0.1\n\"x\",b,0.8\ny,b,3e-1\nz,b,0.3\nq,a,7\n");
    ck_assert_int_eq(fr_labels_read_scores(&l, ok, key, &err), FR_OK);
    ck_assert_double_eq_tol(key[4], 0.3, 1e-7);
    const char *missing = write_tmp("scores2.csv", "resume,posting,score\na,x,1\n");
    ck_assert_int_eq(fr_labels_read_scores(&l, missing, key, &err), FR_EFORMAT);
    ck_assert_ptr_nonnull(strstr(err.msg, "no score for the labelled pair (a, y)"));
    const char *twice = write_tmp("scores3.csv", "resume,posting,score\na,x,1\na,x,2\n");
    ck_assert_int_eq(fr_labels_read_scores(&l, twice, key, &err), FR_EFORMAT);
    ck_assert_ptr_nonnull(strstr(err.msg, "scored twice"));
    const char *nan = write_tmp("scores4.csv", "resume,posting,score\na,x,nan\n");
    ck_assert_int_eq(fr_labels_read_scores(&l, nan, key, &err), FR_EFORMAT);
    ck_assert_ptr_nonnull(strstr(err.msg, "not a finite number"));
    fr_labels_free(&l);
}
END_TEST

START_TEST(test_folds_are_stable_and_spread)
{
    unsigned count[5] = {0};
    char id[32];
    for (int i = 0; i < 1000; i++) {
        snprintf(id, sizeof id, "cv-%d", i);
        unsigned f = fr_eval_fold(id, 5);
        ck_assert_uint_lt(f, 5);
        ck_assert_uint_eq(f, fr_eval_fold(id, 5));
        count[f]++;
    }
    for (int f = 0; f < 5; f++)
        ck_assert_uint_gt(count[f], 150);
}
END_TEST

Suite *eval_suite(void)
{
    Suite *s = suite_create("eval");
    TCase *core = tcase_create("core");
    tcase_add_test(core, test_labels_read_duplicates_and_quoting);
    tcase_add_test(core, test_labels_errors_name_file_and_line);
    tcase_add_test(core, test_labels_nul_and_bad_utf8);
    tcase_add_test(core, test_metrics_by_hand);
    tcase_add_test(core, test_given_scores);
    tcase_add_test(core, test_folds_are_stable_and_spread);
    suite_add_tcase(s, core);
    return s;
}
