/* tests/check_models.c — models: scikit-learn numbers, pruning, numpy tie-breaking, file format. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/model.h"
#include "models/npsort.h"
#include "tests/check_support.h"
#include "util/io.h"

static const char *const fixture[] = {"C++ and Python developer", "Python data engineer", "Java developer"};

static fr_model *fit_docs(const fr_fit_opts *o, const char *const *docs, size_t n)
{
    fr_fitter *f;
    fr_model *m = NULL;
    ck_assert_int_eq(fr_fitter_new(o, &f, NULL), FR_OK);
    for (size_t i = 0; i < n; i++)
        ck_assert_int_eq(fr_fitter_add(f, docs[i], strlen(docs[i]), NULL), FR_OK);
    fr_error err = {0};
    ck_assert_msg(fr_fitter_finish(f, &m, &err) == FR_OK, "fit failed: %s", err.msg);
    fr_fitter_free(f);
    return m;
}

static double weight(const fr_model *m, const fr_sparse *v, const char *term)
{
    int64_t id = fr_model_lookup(m, term, strlen(term));
    for (size_t i = 0; id >= 0 && i < v->n; i++)
        if (v->ids[i] == (uint32_t)id)
            return v->w[i];
    return 0.0;
}

/* Numbers from scikit-learn 1.2.1 TfidfVectorizer on the fixture (STYLE.md §4); with fitrank's
 * tokens "c++" is a term, so the fixture's vocabulary here has c++ where sklearn had nothing —
 * the expected values below were produced by TfidfVectorizer(analyzer=<fitrank tokens>). */
START_TEST(test_model_matches_sklearn_fixture)
{
    fr_fit_opts o;
    fr_fit_opts_default(&o);
    fr_model *m = fit_docs(&o, fixture, 3);
    ck_assert_uint_eq(fr_model_n_terms(m), 7);
    size_t len;
    const char *t0 = fr_model_term(m, 0, &len);
    ck_assert_int_eq((int)len, 3);
    ck_assert_int_eq(memcmp(t0, "and", 3), 0);
    const char *t1 = fr_model_term(m, 1, &len);
    ck_assert_int_eq((int)len, 3);
    ck_assert_int_eq(memcmp(t1, "c++", 3), 0);
    ck_assert_double_eq_tol(fr_model_idf(m, (uint32_t)fr_model_lookup(m, "and", 3)), 1.693147, 1e-6);
    ck_assert_double_eq_tol(fr_model_idf(m, (uint32_t)fr_model_lookup(m, "python", 6)), 1.287682, 1e-6);
    fr_vectorizer *v;
    fr_sparse row;
    ck_assert_int_eq(fr_vectorizer_new(m, &v, NULL), FR_OK);
    ck_assert_int_eq(fr_vectorize(v, fixture[1], strlen(fixture[1]), &row, NULL), FR_OK);
    ck_assert_double_eq_tol(weight(m, &row, "data"), 0.622766, 1e-6);
    ck_assert_double_eq_tol(weight(m, &row, "engineer"), 0.622766, 1e-6);
    ck_assert_double_eq_tol(weight(m, &row, "python"), 0.473630, 1e-6);
    ck_assert_int_eq(fr_vectorize(v, fixture[2], strlen(fixture[2]), &row, NULL), FR_OK);
    ck_assert_double_eq_tol(weight(m, &row, "developer"), 0.605349, 1e-6);
    ck_assert_double_eq_tol(weight(m, &row, "java"), 0.795961, 1e-6);
    /* doc 0 has four terms of idf 1.693147 (and, c++) and 1.287682 (developer, python) */
    ck_assert_int_eq(fr_vectorize(v, fixture[0], strlen(fixture[0]), &row, NULL), FR_OK);
    double a = 1.6931471805599454, b = 1.2876820724517808, nrm = sqrt(2 * a * a + 2 * b * b);
    ck_assert_double_eq_tol(weight(m, &row, "c++"), a / nrm, 1e-6);
    ck_assert_double_eq_tol(weight(m, &row, "python"), b / nrm, 1e-6);
    /* out-of-vocabulary terms are dropped; an all-OOV document is an empty row */
    ck_assert_int_eq(fr_vectorize(v, "kubernetes rust", 15, &row, NULL), FR_OK);
    ck_assert_uint_eq(row.n, 0);
    fr_vectorizer_free(v);
    fr_model_free(m);
}
END_TEST

START_TEST(test_model_sublinear_plain_unnormalised)
{
    fr_fit_opts o;
    fr_fit_opts_default(&o);
    o.tf = FR_TF_LOG;
    o.idf = FR_IDF_PLAIN;
    o.norm = FR_NORM_NONE;
    const char *docs[] = {"java java java python", "python go", "go go"};
    fr_model *m = fit_docs(&o, docs, 3);
    fr_vectorizer *v;
    fr_sparse row;
    ck_assert_int_eq(fr_vectorizer_new(m, &v, NULL), FR_OK);
    ck_assert_int_eq(fr_vectorize(v, docs[0], strlen(docs[0]), &row, NULL), FR_OK);
    /* java: (1 + ln 3) · (ln(3/1) + 1); python: 1 · (ln(3/2) + 1) */
    ck_assert_double_eq_tol(weight(m, &row, "java"), (1 + log(3.0)) * (log(3.0) + 1), 1e-5);
    ck_assert_double_eq_tol(weight(m, &row, "python"), log(1.5) + 1, 1e-6);
    fr_vectorizer_free(v);
    fr_model_free(m);
}
END_TEST

/* A document's term stream: its slices' rows are the rows of the spans' texts; a span cutting a
 * token, or a stream with n-grams (out of source order), has none. */
START_TEST(test_termstream_slices_are_the_spans_rows)
{
    fr_fit_opts o;
    fr_fit_opts_default(&o);
    const char *docs[] = {"java python go", "python go rust", "go c++ java", "rust unknownword java"};
    fr_model *m = fit_docs(&o, docs, 4);
    fr_vectorizer *v;
    ck_assert_int_eq(fr_vectorizer_new(m, &v, NULL), FR_OK);
    const char *text = "java go java\nunknownword c++ rust\npython";
    fr_termstream ts = {0};
    ck_assert_int_eq(fr_termstream_make(v, text, strlen(text), &ts, NULL), FR_OK);
    ck_assert_uint_eq(ts.n, 7);
    ck_assert(ts.ordered);
    static const size_t spans[][2] = {{0, 12}, {13, 33}, {34, 40}, {0, 40}, {13, 13}};
    for (size_t k = 0; k < 5; k++) {
        size_t a = spans[k][0], b = spans[k][1], i0, i1;
        ck_assert(fr_termstream_span(&ts, a, b, &i0, &i1));
        fr_sparse x, y;
        ck_assert_int_eq(fr_vectorize(v, text + a, b - a, &x, NULL), FR_OK);
        uint32_t ids[16];
        float w[16];
        size_t n = x.n;
        memcpy(ids, x.ids, n * sizeof *ids);
        memcpy(w, x.w, n * sizeof *w);
        ck_assert_int_eq(fr_vectorize_ids(v, ts.id + i0, i1 - i0, &y, NULL), FR_OK);
        ck_assert_uint_eq(y.n, n);
        ck_assert_uint_eq(y.n_tokens, x.n_tokens);
        for (size_t i = 0; i < n; i++) {
            ck_assert_uint_eq(y.ids[i], ids[i]);
            ck_assert(memcmp(&y.w[i], &w[i], sizeof w[i]) == 0); /* the same bits */
        }
    }
    size_t i0, i1;
    ck_assert(!fr_termstream_span(&ts, 2, 12, &i0, &i1)); /* begins inside "java" */
    ck_assert(!fr_termstream_span(&ts, 0, 2, &i0, &i1));  /* ends inside it */
    fr_termstream_free(&ts);
    fr_vectorizer_free(v);
    fr_model_free(m);
    o.tok.ngram_max = 2;
    m = fit_docs(&o, docs, 4);
    ck_assert_int_eq(fr_vectorizer_new(m, &v, NULL), FR_OK);
    ck_assert_int_eq(fr_termstream_make(v, text, strlen(text), &ts, NULL), FR_OK);
    ck_assert(!ts.ordered && !fr_termstream_span(&ts, 0, 12, &i0, &i1));
    fr_termstream_free(&ts);
    fr_vectorizer_free(v);
    fr_model_free(m);
}
END_TEST

START_TEST(test_model_df_bounds_as_sklearn)
{
    const char *docs[] = {"alpha beta gamma", "alpha beta", "alpha delta", "alpha beta epsilon"};
    fr_fit_opts o;
    fr_fit_opts_default(&o);
    ck_assert_int_eq(fr_df_bound_parse("2", &o.min_df, NULL), FR_OK); /* count */
    ck_assert_int_eq(fr_df_bound_parse("0.9", &o.max_df, NULL), FR_OK); /* proportion: 3.6 docs */
    fr_model *m = fit_docs(&o, docs, 4);
    ck_assert_uint_eq(fr_model_n_terms(m), 1); /* alpha (4 docs) > 3.6, beta (3) kept, rest < 2 */
    ck_assert_int_ge(fr_model_lookup(m, "beta", 4), 0);
    fr_model_free(m);
    /* "1" is a count, "1.0" a proportion: both keep everything here */
    fr_df_bound b;
    ck_assert_int_eq(fr_df_bound_parse("1.0", &b, NULL), FR_OK);
    ck_assert_int_eq(b.is_count, 0);
    ck_assert_int_eq(fr_df_bound_parse("1", &b, NULL), FR_OK);
    ck_assert_int_eq(b.is_count, 1);
    ck_assert_int_eq(fr_df_bound_parse("1.5", &b, NULL), FR_EINVAL);
    ck_assert_int_eq(fr_df_bound_parse("-1", &b, NULL), FR_EINVAL);
    ck_assert_int_eq(fr_df_bound_parse("x", &b, NULL), FR_EINVAL);
}
END_TEST

START_TEST(test_model_errors_like_sklearn)
{
    const char *docs[] = {"alpha beta", "alpha gamma"};
    fr_fit_opts o;
    fr_fit_opts_default(&o);
    fr_fitter *f;
    fr_model *m = NULL;
    fr_error err = {0};
    ck_assert_int_eq(fr_df_bound_parse("2", &o.min_df, NULL), FR_OK);
    ck_assert_int_eq(fr_df_bound_parse("1", &o.max_df, NULL), FR_OK);
    ck_assert_int_eq(fr_fitter_new(&o, &f, NULL), FR_OK);
    for (int i = 0; i < 2; i++)
        ck_assert_int_eq(fr_fitter_add(f, docs[i], strlen(docs[i]), NULL), FR_OK);
    ck_assert_int_eq(fr_fitter_finish(f, &m, &err), FR_EINVAL);
    ck_assert_ptr_nonnull(strstr(err.msg, "max_df corresponds to < documents than min_df"));
    fr_fitter_free(f);
    const char *disjoint[] = {"alpha beta", "gamma delta"};
    ck_assert_int_eq(fr_df_bound_parse("2", &o.min_df, NULL), FR_OK);
    ck_assert_int_eq(fr_df_bound_parse("1.0", &o.max_df, NULL), FR_OK);
    ck_assert_int_eq(fr_fitter_new(&o, &f, NULL), FR_OK);
    for (int i = 0; i < 2; i++)
        ck_assert_int_eq(fr_fitter_add(f, disjoint[i], strlen(disjoint[i]), NULL), FR_OK);
    ck_assert_int_eq(fr_fitter_finish(f, &m, &err), FR_EEMPTY);
    ck_assert_ptr_nonnull(strstr(err.msg, "no terms remain"));
    fr_fitter_free(f);
    ck_assert_int_eq(fr_fitter_new(&o, &f, NULL), FR_OK);
    ck_assert_int_eq(fr_fitter_finish(f, &m, &err), FR_EEMPTY);
    fr_fitter_free(f);
}
END_TEST

/* Expected permutations computed with numpy 1.24.2: np.argsort(v) (unstable introsort). */
START_TEST(test_np_argsort_matches_numpy_ties)
{
    static const int a[] = {3, 1, 2, 2, 2, 5, 1, 1, 2, 3, 3, 2, 1, 2, 2, 1, 4, 2, 2, 1, 3, 2, 1, 1, 2, 2};
    static const size_t want_a[] = {5, 16, 0, 20, 9, 10, 21, 18, 17, 14, 13, 24, 25,
                                    8, 4, 3, 2, 11, 7, 15, 6, 19, 1, 22, 23, 12};
    double v[40];
    size_t perm[40];
    for (size_t i = 0; i < 26; i++)
        v[i] = -a[i];
    fr_np_argsort(v, perm, 26);
    for (size_t i = 0; i < 26; i++)
        ck_assert_uint_eq(perm[i], want_a[i]);
    static const size_t want_b[] = {37, 2, 32, 27, 7, 22, 17, 12, 19, 34, 29, 24, 14, 39, 4, 9, 11, 1, 36, 31,
                                    6, 26, 16, 21, 23, 8, 13, 38, 28, 18, 33, 3, 20, 15, 35, 30, 5, 25, 10, 0};
    for (size_t i = 0; i < 40; i++)
        v[i] = -(double)((i * 7) % 5);
    fr_np_argsort(v, perm, 40);
    for (size_t i = 0; i < 40; i++)
        ck_assert_uint_eq(perm[i], want_b[i]);
}
END_TEST

/* The heapsort numpy's introsort falls back to past 2·log2(n) partitions: an input built by
 * McIlroy's adversary ("A killer adversary for quicksort", 1999) against numpy's median-of-3
 * quicksort (depth limit 12 for 64 elements) reaches it; the wanted orders are numpy 1.24's
 * argsort(kind='quicksort') of these values and of their halves (ties). */
START_TEST(test_np_argsort_heapsort_fallback_matches_numpy)
{
    static const double adv[64] = {
        0, 57, 2, 56, 4, 55, 6, 54, 8, 53, 10, 52, 12, 51, 14, 50, 16, 49, 18, 48, 20, 47, 22, 46, 24, 27,
        63, 61, 62, 60, 59, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 45, 44, 43, 42, 41, 40, 39, 38,
        37, 36, 35, 34, 33, 32, 31, 30, 29, 28, 58, 26};
    static const size_t want_adv[64] = {
        0, 31, 2, 32, 4, 33, 6, 34, 8, 35, 10, 36, 12, 37, 14, 38, 16, 39, 18, 40, 20, 41, 22, 42, 24, 43,
        63, 25, 61, 60, 59, 58, 57, 56, 55, 54, 53, 52, 51, 50, 49, 48, 47, 46, 45, 44, 23, 21, 19, 17, 15,
        13, 11, 9, 7, 5, 3, 1, 62, 30, 29, 27, 28, 26};
    static const size_t want_half[64] = {
        0, 31, 2, 32, 4, 33, 6, 34, 8, 35, 10, 36, 12, 37, 14, 38, 16, 39, 18, 40, 20, 41, 22, 42, 24, 43,
        25, 63, 60, 61, 59, 58, 56, 57, 55, 54, 53, 52, 51, 50, 49, 48, 47, 46, 45, 44, 23, 21, 17, 19, 15,
        13, 11, 9, 7, 5, 1, 3, 62, 30, 29, 27, 28, 26};

    double v[64];
    size_t perm[64];
    fr_np_argsort(adv, perm, 64);
    for (size_t i = 0; i < 64; i++)
        ck_assert_uint_eq(perm[i], want_adv[i]);
    for (size_t i = 0; i < 64; i++)
        v[i] = (double)((long)adv[i] / 2);
    fr_np_argsort(v, perm, 64);
    for (size_t i = 0; i < 64; i++)
        ck_assert_uint_eq(perm[i], want_half[i]);
}
END_TEST

START_TEST(test_model_max_features_keeps_most_frequent)
{
    const char *docs[] = {"aa aa aa bb bb cc", "aa bb dd", "ee aa"};
    fr_fit_opts o;
    fr_fit_opts_default(&o);
    o.max_features = 2;
    fr_model *m = fit_docs(&o, docs, 3);
    ck_assert_uint_eq(fr_model_n_terms(m), 2);
    ck_assert_int_ge(fr_model_lookup(m, "aa", 2), 0);
    ck_assert_int_ge(fr_model_lookup(m, "bb", 2), 0);
    fr_model_free(m);
}
END_TEST

/* ------------------------------------------------------------- file format */

static char *save_fixture(const char *name, fr_model **out)
{
    fr_fit_opts o;
    fr_fit_opts_default(&o);
    o.tf = FR_TF_LOG;
    o.tok.stop_words = FR_STOP_EN;
    o.tok.ngram_max = 2;
    fr_model *m = fit_docs(&o, fixture, 3);
    char *path = malloc(1024);
    snprintf(path, 1024, "%s/%s", t_tmpdir(), name);
    ck_assert_int_eq(fr_model_save(m, path, NULL), FR_OK);
    *out = m;
    return path;
}

START_TEST(test_model_io_round_trip)
{
    fr_model *m, *l;
    char *path = save_fixture("rt.frm", &m);
    fr_error err = {0};
    ck_assert_msg(fr_model_load(path, &l, &err) == FR_OK, "%s", err.msg);
    ck_assert_str_eq(fr_model_hash(m), fr_model_hash(l));
    ck_assert_uint_eq(fr_model_n_terms(m), fr_model_n_terms(l));
    ck_assert_uint_eq(fr_model_n_docs(l), 3);
    ck_assert_int_eq(fr_model_opts(l)->tf, FR_TF_LOG);
    ck_assert_int_eq(fr_model_opts(l)->tok.ngram_max, 2);
    ck_assert_uint_eq(fr_model_opts(l)->tok.stop_words, FR_STOP_EN);
    for (uint32_t i = 0; i < fr_model_n_terms(l); i++) {
        size_t la, lb;
        const char *a = fr_model_term(m, i, &la), *b = fr_model_term(l, i, &lb);
        ck_assert_uint_eq(la, lb);
        ck_assert_int_eq(memcmp(a, b, la), 0);
        ck_assert_int_eq(fr_model_lookup(l, b, lb), (int64_t)i);
        ck_assert_double_eq(fr_model_idf(m, i), fr_model_idf(l, i));
    }
    ck_assert_int_eq(fr_model_lookup(l, "absent", 6), -1);
    ck_assert_int_ge(fr_model_lookup(l, "python developer", 16), 0);
    fr_model_free(m);
    fr_model_free(l);
    free(path);
}
END_TEST

static fr_status load_mutated(const char *src, const char *name, long at, int byte, long truncate_to,
                              fr_error *err)
{
    fr_buf b = {0};
    ck_assert_int_eq(fr_read_file(src, &b, NULL), FR_OK);
    if (at >= 0)
        b.data[at] = (char)byte;
    size_t n = truncate_to >= 0 ? (size_t)truncate_to : b.len;
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", t_tmpdir(), name);
    FILE *fp = fopen(path, "wb");
    ck_assert_ptr_nonnull(fp);
    fwrite(b.data, 1, n, fp);
    fclose(fp);
    fr_buf_free(&b);
    fr_model *m = NULL;
    fr_status s = fr_model_load(path, &m, err);
    if (s == FR_OK)
        fr_model_free(m);
    else
        ck_assert_ptr_null(m);
    return s;
}

START_TEST(test_model_io_rejects_corruption)
{
    fr_model *m;
    char *path = save_fixture("good.frm", &m);
    long size = (long)fr_model_file_size(m);
    fr_model_free(m);
    fr_error err = {0};
    ck_assert_int_eq(load_mutated(path, "magic.frm", 0, 'X', -1, &err), FR_EFORMAT);
    ck_assert_ptr_nonnull(strstr(err.msg, "bad magic"));
    ck_assert_int_eq(load_mutated(path, "version.frm", 8, 99, -1, &err), FR_EVERSION);
    ck_assert_ptr_nonnull(strstr(err.msg, "version 99"));
    ck_assert_int_eq(load_mutated(path, "flip.frm", size / 2, 0x5A, -1, &err), FR_ECHECKSUM);
    ck_assert_int_eq(load_mutated(path, "sum.frm", size - 1, 0x00, -1, &err), FR_ECHECKSUM);
    ck_assert_int_eq(load_mutated(path, "trunc.frm", -1, 0, size - 100, &err), FR_EFORMAT);
    ck_assert_ptr_nonnull(strstr(err.msg, "truncated"));
    ck_assert_int_eq(load_mutated(path, "tiny.frm", -1, 0, 12, &err), FR_EFORMAT);
    ck_assert_int_eq(load_mutated(path, "empty.frm", -1, 0, 0, &err), FR_EFORMAT);
    ck_assert_int_eq(fr_model_load("/nonexistent.frm", &m, &err), FR_EIO);
    ck_assert_ptr_null(m);
    free(path);
}
END_TEST

/* A model file is untrusted: a crafted one with a valid checksum must be refused, not crash or
 * hang a later lookup (found by review: zero hash slots → SIZE_MAX mask; a full hash table →
 * endless probing). */
#include "util/hash.h"

static fr_status load_crafted(const char *src, void (*craft)(unsigned char *img, size_t n), fr_error *err)
{
    fr_buf b = {0};
    ck_assert_int_eq(fr_read_file(src, &b, NULL), FR_OK);
    unsigned char *img = (unsigned char *)b.data;
    craft(img, b.len);
    uint64_t sum = fr_checksum64(img, b.len - 8);
    memcpy(img + b.len - 8, &sum, 8);
    fr_model *m = NULL;
    fr_status s = fr_model_from_bytes(img, b.len, &m, err);
    fr_model_free(m);
    fr_buf_free(&b);
    return s;
}

/* locate section `id` in an image: offset and size */
static void section_of(const unsigned char *img, uint32_t id, uint64_t *off, uint64_t *size)
{
    uint32_t ns;
    memcpy(&ns, img + 12, 4);
    for (uint32_t i = 0; i < ns; i++) {
        uint32_t sid;
        memcpy(&sid, img + 32 + i * 24, 4);
        if (sid == id) {
            memcpy(off, img + 32 + i * 24 + 8, 8);
            memcpy(size, img + 32 + i * 24 + 16, 8);
            return;
        }
    }
    ck_abort_msg("no section %u", id);
}

static void zero_terms_and_slots(unsigned char *img, size_t n)
{
    (void)n;
    uint64_t off, size, zero = 0;
    section_of(img, 2, &off, &size); /* META: n_docs, n_terms, slots, dim */
    memcpy(img + off + 8, &zero, 8);
    memcpy(img + off + 16, &zero, 8);
}

static void full_hash_table(unsigned char *img, size_t n)
{
    (void)n;
    uint64_t off, size;
    section_of(img, 7, &off, &size); /* HASH: every slot → term 0, no empty slot */
    memset(img + off, 0, size);
}

static void huge_slots(unsigned char *img, size_t n)
{
    (void)n;
    uint64_t off, size, slots = 1ull << 62;
    section_of(img, 2, &off, &size);
    memcpy(img + off + 16, &slots, 8);
}

START_TEST(test_model_io_rejects_crafted_files)
{
    fr_model *m;
    char *path = save_fixture("craft.frm", &m);
    fr_model_free(m);
    fr_error err = {0};
    ck_assert_int_eq(load_crafted(path, zero_terms_and_slots, &err), FR_EFORMAT);
    ck_assert_int_eq(load_crafted(path, full_hash_table, &err), FR_EFORMAT);
    ck_assert_ptr_nonnull(strstr(err.msg, "hash index"));
    ck_assert_int_eq(load_crafted(path, huge_slots, &err), FR_EFORMAT);
    free(path);
}
END_TEST

/* The same, through a file: the error names it (fr_model_load). */
static fr_status load_crafted_file(const char *src, const char *name, void (*craft)(unsigned char *img, size_t n),
                                   fr_error *err)
{
    fr_buf b = {0};
    ck_assert_int_eq(fr_read_file(src, &b, NULL), FR_OK);
    unsigned char *img = (unsigned char *)b.data;
    craft(img, b.len);
    uint64_t sum = fr_checksum64(img, b.len - 8);
    memcpy(img + b.len - 8, &sum, 8);
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", t_tmpdir(), name);
    FILE *fp = fopen(path, "wb");
    ck_assert_ptr_nonnull(fp);
    fwrite(b.data, 1, b.len, fp);
    fclose(fp);
    fr_buf_free(&b);
    fr_model *m = NULL;
    fr_status s = fr_model_load(path, &m, err);
    fr_model_free(m);
    if (s != FR_OK)
        ck_assert_msg(strstr(err->msg, path) != NULL, "the message names the file: %s", err->msg);
    return s;
}

static void put_idf(unsigned char *img, size_t term, double x)
{
    uint64_t off, size;
    section_of(img, 6, &off, &size);
    ck_assert_uint_lt(term, size / 8);
    memcpy(img + off + term * 8, &x, 8);
}
static void idf_nan(unsigned char *img, size_t n) { (void)n, put_idf(img, 3, NAN); }
static void idf_inf(unsigned char *img, size_t n) { (void)n, put_idf(img, 0, INFINITY); }
static void idf_negative(unsigned char *img, size_t n) { (void)n, put_idf(img, 1, -0.5); }
static void idf_garbage(unsigned char *img, size_t n) { (void)n, put_idf(img, 2, 6.9e276); }
static void idf_zero(unsigned char *img, size_t n) { (void)n, put_idf(img, 2, 0.0); }

static void put_f32(unsigned char *img, uint32_t sec, size_t at, float x)
{
    uint64_t off, size;
    section_of(img, sec, &off, &size);
    ck_assert_uint_lt(at, size / 4);
    memcpy(img + off + at * 4, &x, 4);
}
static void proj_nan(unsigned char *img, size_t n) { (void)n, put_f32(img, 8, 1, NAN); }
static void proj_huge(unsigned char *img, size_t n) { (void)n, put_f32(img, 8, 0, 3e38f); }
static void sigma_inf(unsigned char *img, size_t n) { (void)n, put_f32(img, 9, 0, INFINITY); }

/* replace the OPTS section by `text` (no longer than it was) */
static void put_opts(unsigned char *img, const char *text)
{
    uint64_t off, size, len = strlen(text);
    section_of(img, 1, &off, &size);
    ck_assert_uint_le(len, size);
    memcpy(img + off, text, len);
    uint32_t ns;
    memcpy(&ns, img + 12, 4);
    for (uint32_t i = 0; i < ns; i++) {
        uint32_t sid;
        memcpy(&sid, img + 32 + i * 24, 4);
        if (sid == 1)
            memcpy(img + 32 + i * 24 + 16, &len, 8);
    }
}
static void opts_nan_alpha(unsigned char *img, size_t n) { (void)n, put_opts(img, "score.alpha=nan\n"); }
static void opts_escape_value(unsigned char *img, size_t n) { (void)n, put_opts(img, "stem=\x1b]0;owned\x07\n"); }
static void opts_escape_line(unsigned char *img, size_t n) { (void)n, put_opts(img, "tf=raw\n\x1b[2J\nfitrank: forged\n"); }

static int has_control_bytes(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || (unsigned char)*s == 0x7f)
            return 1;
    return 0;
}

/* Issue 12, defects 6 and 11: NaN or infinite IDF, projection or singular values loaded fine (and
 * scores printed "nan"); garbage IDF (6.9e276) overflowed the weights to zeros and `rank` said "out
 * of memory"; a bad option line was FR_EINVAL (exit 2, a usage error) and put its raw bytes into
 * the message.  Every one is now FR_EFORMAT, one line, naming the file and what is wrong. */
START_TEST(test_model_io_rejects_bad_numbers_and_option_lines)
{
    fr_model *m;
    char *path = save_fixture("numbers.frm", &m);
    ck_assert_uint_ge(fr_model_dim(m), 1);
    fr_model_free(m);
    fr_error err = {0};
    ck_assert_int_eq(load_crafted_file(path, "idf-nan.frm", idf_nan, &err), FR_EFORMAT);
    ck_assert_ptr_nonnull(strstr(err.msg, "idf of term 3"));
    ck_assert_int_eq(load_crafted_file(path, "idf-inf.frm", idf_inf, &err), FR_EFORMAT);
    ck_assert_ptr_nonnull(strstr(err.msg, "idf of term 0"));
    ck_assert_int_eq(load_crafted_file(path, "idf-neg.frm", idf_negative, &err), FR_EFORMAT);
    ck_assert_int_eq(load_crafted_file(path, "idf-garbage.frm", idf_garbage, &err), FR_EFORMAT);
    ck_assert_ptr_nonnull(strstr(err.msg, "idf of term 2"));
    ck_assert_int_eq(load_crafted_file(path, "idf-zero.frm", idf_zero, &err), FR_OK); /* 0 weighs nothing: fine */
    ck_assert_int_eq(load_crafted_file(path, "proj-nan.frm", proj_nan, &err), FR_EFORMAT);
    ck_assert_ptr_nonnull(strstr(err.msg, "projection value nan"));
    ck_assert_int_eq(load_crafted_file(path, "proj-huge.frm", proj_huge, &err), FR_EFORMAT);
    ck_assert_int_eq(load_crafted_file(path, "sigma-inf.frm", sigma_inf, &err), FR_EFORMAT);
    ck_assert_ptr_nonnull(strstr(err.msg, "singular value 0"));
    ck_assert_int_eq(load_crafted_file(path, "opts-nan.frm", opts_nan_alpha, &err), FR_EFORMAT);
    ck_assert_ptr_nonnull(strstr(err.msg, "score.alpha"));
    ck_assert_int_eq(load_crafted_file(path, "opts-esc.frm", opts_escape_value, &err), FR_EFORMAT);
    ck_assert_msg(!has_control_bytes(err.msg) && strstr(err.msg, "\\x1b]0;owned\\x07"), "quoted: %s", err.msg);
    ck_assert_ptr_nonnull(strstr(err.msg, "model option line 1"));
    ck_assert_int_eq(load_crafted_file(path, "opts-line.frm", opts_escape_line, &err), FR_EFORMAT);
    ck_assert_msg(!has_control_bytes(err.msg) && strstr(err.msg, "line 2") && strstr(err.msg, "\\x1b[2J"), "quoted: %s",
                  err.msg);
    free(path);
}
END_TEST

START_TEST(test_model_io_save_failure_leaves_nothing)
{
    fr_model *m;
    char *path = save_fixture("ok.frm", &m);
    fr_error err = {0};
    ck_assert_int_eq(fr_model_save(m, "/nonexistent-dir/m.frm", &err), FR_EIO);
    fr_model_free(m);
    free(path);
}
END_TEST

/* ---------------------------------------------------------------- LSA */

#include <lapacke.h>

#include "models/internal.h"

/* A rank-4 matrix: the randomized SVD must recover its singular values (LAPACK's dense SVD is the
 * oracle), orthonormal right singular vectors, and zero beyond the rank. */
START_TEST(test_lsa_recovers_low_rank_spectrum)
{
    enum { N = 40, V = 30, R = 4, D = 6 };
    static float dense[N * V], A[N * R], B[R * V];
    uint64_t st = 12345;
    for (int i = 0; i < N * R; i++)
        A[i] = (float)((st = st * 6364136223846793005ULL + 1442695040888963407ULL) >> 40) / 16777216.0f - 0.5f;
    for (int i = 0; i < R * V; i++)
        B[i] = (float)((st = st * 6364136223846793005ULL + 1442695040888963407ULL) >> 40) / 16777216.0f - 0.5f;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < V; j++) {
            float x = 0;
            for (int r = 0; r < R; r++)
                x += A[i * R + r] * B[r * V + j];
            dense[i * V + j] = x;
        }
    /* as CSR (dense rows: the kernel does not care) */
    static uint32_t rowptr[N + 1], cols[N * V];
    static float vals[N * V];
    for (int i = 0; i <= N; i++)
        rowptr[i] = (uint32_t)(i * V);
    for (int i = 0; i < N * V; i++) {
        cols[i] = (uint32_t)(i % V);
        vals[i] = dense[i];
    }
    fr_csr X = {N, rowptr, cols, vals};
    static float P[V * D], sigma[D];
    ck_assert_int_eq(fr__lsa(&X, V, D, 7, P, sigma, NULL), FR_OK);
    static float copy[N * V], s_ref[V], u[N * N], vt[V * V], superb[V];
    memcpy(copy, dense, sizeof copy);
    ck_assert_int_eq(LAPACKE_sgesvd(LAPACK_ROW_MAJOR, 'N', 'N', N, V, copy, V, s_ref, u, N, vt, V, superb), 0);
    for (int k = 0; k < R; k++)
        ck_assert_msg(fabsf(sigma[k] - s_ref[k]) <= 1e-4f * s_ref[0], "sigma[%d] %g vs %g", k, sigma[k], s_ref[k]);
    for (int k = R; k < D; k++)
        ck_assert_msg(sigma[k] <= 1e-3f * s_ref[0], "sigma[%d] %g beyond the rank", k, sigma[k]);
    for (int a = 0; a < R; a++)
        for (int b = 0; b < R; b++) {
            double dot = 0;
            for (int j = 0; j < V; j++)
                dot += (double)P[j * D + a] * P[j * D + b];
            ck_assert_double_eq_tol(dot, a == b ? 1.0 : 0.0, 1e-3);
        }
    ck_assert_int_eq(fr__lsa(&X, V, V, 7, P, sigma, NULL), FR_EINVAL); /* d must be < min(n, V) */
}
END_TEST

START_TEST(test_model_projection_round_trip_and_clamp)
{
    fr_fit_opts o;
    fr_fit_opts_default(&o);
    const char *docs[] = {"python sql data", "python machine learning", "java spring backend", "go kubernetes backend",
                          "sql reporting excel"};
    fr_model *m = fit_docs(&o, docs, 5);
    ck_assert_uint_eq(fr_model_dim(m), 4); /* 256 clamped to min(5 documents, terms) - 1 */
    char path[1024];
    snprintf(path, sizeof path, "%s/proj.frm", t_tmpdir());
    ck_assert_int_eq(fr_model_save(m, path, NULL), FR_OK);
    fr_model *l;
    ck_assert_int_eq(fr_model_load(path, &l, NULL), FR_OK);
    ck_assert_uint_eq(fr_model_dim(l), 4);
    ck_assert_int_eq(memcmp(fr_model_sigma(m), fr_model_sigma(l), 4 * sizeof(float)), 0);
    fr_vectorizer *v;
    fr_sparse row;
    float z[4];
    ck_assert_int_eq(fr_vectorizer_new(l, &v, NULL), FR_OK);
    ck_assert_int_eq(fr_vectorize(v, docs[1], strlen(docs[1]), &row, NULL), FR_OK);
    ck_assert_int_eq(fr_project(l, &row, z), FR_OK);
    double nrm = 0;
    for (int i = 0; i < 4; i++)
        nrm += (double)z[i] * z[i];
    ck_assert_double_eq_tol(nrm, 1.0, 1e-5);
    fr_vectorizer_free(v);
    fr_model_free(l);
    fr_model_free(m);
    o.dim = 0;
    m = fit_docs(&o, docs, 5);
    ck_assert_uint_eq(fr_model_dim(m), 0);
    fr_model_free(m);
}
END_TEST

extern const unsigned char fr_default_model_data[];
extern const unsigned char fr_default_model_end[];

/* The embedded model skips recomputing its checksum at load: prove here that the stored one is
 * right, and that the model is what the README says it is. */
START_TEST(test_default_model_is_intact)
{
    fr_error err = {0};
    fr_model *a, *b;
    ck_assert_int_eq(fr_model_default(&a, &err), FR_OK);
    ck_assert_int_eq(fr_model_from_bytes(fr_default_model_data, (size_t)(fr_default_model_end - fr_default_model_data),
                                         &b, &err),
                     FR_OK);
    ck_assert_str_eq(fr_model_hash(a), fr_model_hash(b));
    ck_assert_uint_eq(fr_model_dim(a), 256);
    ck_assert_uint_ge(fr_model_n_terms(a), 5000);
    const fr_fit_opts *o = fr_model_opts(a);
    ck_assert(o->min_df.is_count && o->min_df.value >= 5); /* no term seen in fewer than 5 documents */
    ck_assert_int_eq(fr_score_params_validate(&o->score, &err), FR_OK);
    for (uint32_t i = 0; i < fr_model_n_terms(a); i++)
        ck_assert_uint_ge(fr_model_df(a, i), 5);
    fr_model_free(a);
    fr_model_free(b);
}
END_TEST

/* fr_project_rows is fr_project row by row, bit for bit: rows in groups of four and a tail, empty
 * rows among them, rows of one term and of many (the default model). */
START_TEST(test_project_rows_is_project)
{
    fr_error err = {0};
    fr_model *m;
    ck_assert_int_eq(fr_model_default(&m, &err), FR_OK);
    size_t d = fr_model_dim(m), nt = fr_model_n_terms(m);
    enum { PR = 11, PE = 400 };
    uint32_t ptr[PR + 1], ids[PE];
    float w[PE];
    uint32_t seed = 9;
    ptr[0] = 0;
    for (size_t i = 0; i < PR; i++) {
        seed = seed * 1103515245u + 12345u;
        size_t len = i % 5 == 2 ? 0 : i % 5 == 3 ? 1 : 5 + (seed >> 16) % 30;
        for (size_t e = 0; e < len; e++) {
            seed = seed * 1103515245u + 12345u;
            ids[ptr[i] + e] = (uint32_t)((ptr[i] + e) * 37 % nt);
            w[ptr[i] + e] = (float)(seed >> 8) / 16777216.0f + 0.01f;
        }
        ptr[i + 1] = ptr[i] + (uint32_t)len;
    }
    float *got = malloc(PR * d * sizeof *got), *want = malloc(d * sizeof *want);
    ck_assert(got && want);
    for (size_t n = 0; n <= PR; n++) {
        ck_assert_int_eq(fr_project_rows(m, ptr, ids, w, n, got), FR_OK);
        for (size_t i = 0; i < n; i++) {
            fr_sparse x = {ids + ptr[i], w + ptr[i], ptr[i + 1] - ptr[i], 0};
            ck_assert_int_eq(fr_project(m, &x, want), FR_OK);
            ck_assert_int_eq(memcmp(want, got + i * d, d * sizeof *want), 0);
        }
    }
    free(got);
    free(want);
    fr_model_free(m);
}
END_TEST

START_TEST(test_score_params_keys_and_validation)
{
    fr_error err = {0};
    fr_score_params p;
    fr_score_params_default(&p);
    ck_assert_int_eq(fr_score_params_validate(&p, &err), FR_OK);
    ck_assert_int_eq(fr_score_params_set(&p, "score.w_req", "0.7", &err), FR_OK);
    ck_assert_double_eq(p.w_req, 0.7);
    ck_assert_int_eq(fr_score_params_set(&p, "score.bogus", "1", &err), FR_EEMPTY);
    ck_assert_int_eq(fr_score_params_set(&p, "score.alpha", "x", &err), FR_EINVAL);
    p.t_partial = 0.9;
    ck_assert_int_eq(fr_score_params_validate(&p, &err), FR_EINVAL);
    fr_score_params_default(&p);
    p.w_req = p.w_pref = p.w_ctx = p.w_skill = 0;
    ck_assert_int_eq(fr_score_params_validate(&p, &err), FR_EINVAL);
}
END_TEST

/* `make tune` writes models/tuned_params.txt; the build embeds it as the defaults, and the
 * embedded model must carry exactly those values (else `make model` was not run after tuning). */
START_TEST(test_tuned_params_are_the_defaults_and_embedded)
{
    fr_error err = {0};
    fr_buf b = {0};
    ck_assert(t_read("models/tuned_params.txt", &b));
    fr_score_params tuned, def;
    memset(&tuned, 0, sizeof tuned);
    fr_score_params_default(&def);
    ck_assert_int_eq(fr_score_params_apply(&tuned, b.data, b.len, &err), FR_OK);
    ck_assert_int_eq(fr_score_params_validate(&def, &err), FR_OK);
    fr_model *m;
    ck_assert_int_eq(fr_model_default(&m, &err), FR_OK);
    const fr_score_params *emb = &fr_model_opts(m)->score;
    for (size_t i = 0; i < fr_score_params_count(); i++) {
        if (strcmp(fr_score_params_key(i), "score.t_met") != 0) /* not tuned: changes no score */
            ck_assert_msg(fr_score_params_get(&tuned, i) == fr_score_params_get(&def, i), "%s: tuned %g, default %g",
                          fr_score_params_key(i), fr_score_params_get(&tuned, i), fr_score_params_get(&def, i));
        ck_assert_msg(fr_score_params_get(emb, i) == fr_score_params_get(&def, i), "%s: embedded %g, default %g",
                      fr_score_params_key(i), fr_score_params_get(emb, i), fr_score_params_get(&def, i));
    }
    /* bad lines are named */
    ck_assert_int_eq(fr_score_params_apply(&tuned, "score.alpha=0.5\nscore.nope=1\n", strlen("score.alpha=0.5\nscore.nope=1\n"), &err), FR_EINVAL);
    ck_assert_ptr_nonnull(strstr(err.msg, "line 2: unknown parameter 'score.nope'"));
    ck_assert_int_eq(fr_score_params_apply(&tuned, "# c\nalpha\n", strlen("# c\nalpha\n"), &err), FR_EINVAL);
    ck_assert_ptr_nonnull(strstr(err.msg, "line 2: not KEY=VALUE"));
    fr_model_free(m);
    fr_buf_free(&b);
}
END_TEST

static void models_vec_speed_tests(Suite *s); /* the block at the end of this file */
static void models_cofit_tests(Suite *s);     /* after it */

Suite *models_suite(void)
{
    Suite *s = suite_create("models");
    TCase *core = tcase_create("core"), *edge = tcase_create("edge"), *error = tcase_create("error");
    tcase_add_test(core, test_model_matches_sklearn_fixture);
    tcase_add_test(core, test_model_sublinear_plain_unnormalised);
    tcase_add_test(core, test_termstream_slices_are_the_spans_rows);
    tcase_add_test(core, test_model_io_round_trip);
    tcase_add_test(core, test_default_model_is_intact);
    tcase_add_test(core, test_project_rows_is_project);
    tcase_add_test(core, test_score_params_keys_and_validation);
    tcase_add_test(core, test_tuned_params_are_the_defaults_and_embedded);
    tcase_add_test(core, test_lsa_recovers_low_rank_spectrum);
    tcase_add_test(core, test_model_projection_round_trip_and_clamp);
    tcase_add_test(edge, test_model_df_bounds_as_sklearn);
    tcase_add_test(edge, test_np_argsort_matches_numpy_ties);
    tcase_add_test(edge, test_np_argsort_heapsort_fallback_matches_numpy);
    tcase_add_test(edge, test_model_max_features_keeps_most_frequent);
    tcase_add_test(error, test_model_errors_like_sklearn);
    tcase_add_test(error, test_model_io_rejects_corruption);
    tcase_add_test(error, test_model_io_save_failure_leaves_nothing);
    tcase_add_test(error, test_model_io_rejects_crafted_files);
    tcase_add_test(error, test_model_io_rejects_bad_numbers_and_option_lines);
    suite_add_tcase(s, core);
    suite_add_tcase(s, edge);
    suite_add_tcase(s, error);
    suite_add_tcase(s, index_tcase());
    models_vec_speed_tests(s);
    models_cofit_tests(s);
    return s;
}

#include "engine/input.h"

/* ---------------------------------------------------------------------------------------------
 * vec-speed: the vectorizer's own vocabulary index and its bitmap of counted terms, each held to
 * the reference — the model file's index (fr_model_lookup) and TF-IDF computed here from counts —
 * on a vocabulary large enough for several bitmap summary words and tag collisions. */

static uint64_t vs_rand(uint64_t *st)
{
    *st = *st * 6364136223846793005ULL + 1442695040888963407ULL;
    return *st >> 17;
}

/* A random word of n bytes: ASCII letters and digits, and now and then a two-byte letter. */
static size_t vs_word(uint64_t *st, char *w, size_t n)
{
    size_t k = 0;
    while (k < n) {
        uint64_t r = vs_rand(st);
        if (r % 23 == 0 && k + 2 <= n) {
            w[k++] = '\xc3';
            w[k++] = (char)(0xa0 + r / 23 % 31); /* à..þ, lowercase: fitted as written */
            continue;
        }
        w[k++] = "abcdefghijklmnopqrstuvwxyz0123456789"[r % 36];
    }
    return k;
}

/* A model of ~20 k random terms of every length class of the hash (1–3, 4–8, 9–16, 17–128,
 * 129–240 bytes and longer). */
static fr_model *vs_model(void)
{
    static const size_t lens[] = {2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 15, 16, 17, 24, 40, 128, 129, 200, 240, 241, 300};
    uint64_t st = 42;
    fr_buf doc = {0};
    fr_fitter *f;
    fr_fit_opts o;
    fr_fit_opts_default(&o);
    o.dim = 0;
    ck_assert_int_eq(fr_fitter_new(&o, &f, NULL), FR_OK);
    char w[400];
    for (size_t d = 0; d < 400; d++) {
        fr_buf_reset(&doc);
        for (size_t i = 0; i < 60; i++) {
            size_t n = i % 7 ? 2 + vs_rand(&st) % 11 : lens[vs_rand(&st) % (sizeof lens / sizeof *lens)];
            n = vs_word(&st, w, n);
            ck_assert_int_eq(fr_buf_append(&doc, w, n), FR_OK);
            ck_assert_int_eq(fr_buf_append(&doc, " ", 1), FR_OK);
        }
        ck_assert_int_eq(fr_fitter_add(f, doc.data, doc.len, NULL), FR_OK);
    }
    fr_model *m = NULL;
    ck_assert_int_eq(fr_fitter_finish(f, &m, NULL), FR_OK);
    fr_fitter_free(f);
    fr_buf_free(&doc);
    ck_assert_uint_ge(fr_model_n_terms(m), 16000);
    return m;
}

/* Tokens over the strings of arena a at offsets off[0..n) with lengths len[0..n). */
static fr_tokens vs_tokens(const fr_buf *a, const uint32_t *off, const uint32_t *len, uint32_t *ss, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ss[i] = (uint32_t)i;
    fr_tokens t = {a->data, off, len, ss, ss, n, 1};
    return t;
}

/* Every term, and strings that nearly are one (a byte changed at the start, middle or end, one
 * byte less or more, capitalised) or are random, are found by the vectorizer's index exactly as
 * by the model's. */
START_TEST(test_vectorizer_index_finds_what_model_lookup_finds)
{
    fr_model *m = vs_model();
    fr_vectorizer *v;
    ck_assert_int_eq(fr_vectorizer_new(m, &v, NULL), FR_OK);
    size_t nt = fr_model_n_terms(m);
    fr_buf a = {0};
    fr_u32vec off = {0}, len = {0};
    uint64_t st = 7;
    char w[400];
    for (uint32_t i = 0; i < nt; i++) {
        size_t n;
        const char *t = fr_model_term(m, i, &n);
        for (int k = 0; k < 8; k++) {
            memcpy(w, t, n);
            size_t wn = n;
            switch (k) {
            case 0: break;
            case 1: w[0] ^= 1; break;
            case 2: w[n / 2] ^= 0x20; break;
            case 3: w[n - 1] = (char)(w[n - 1] + 1); break;
            case 4: wn = n - 1; break;
            case 5: w[wn++] = 'x'; break;
            case 6: w[0] = (char)(w[0] >= 'a' && w[0] <= 'z' ? w[0] - 32 : w[0]); break;
            default: wn = vs_word(&st, w, 1 + vs_rand(&st) % 20); break;
            }
            ck_assert_int_eq(fr_u32vec_push(&off, (uint32_t)a.len), FR_OK);
            ck_assert_int_eq(fr_u32vec_push(&len, (uint32_t)wn), FR_OK);
            ck_assert_int_eq(fr_buf_append(&a, w, wn), FR_OK);
        }
    }
    for (int k = 0; k < 300000; k++) { /* short random strings: many tag compares, a few equal tags */
        size_t wn = vs_word(&st, w, 1 + vs_rand(&st) % 9);
        ck_assert_int_eq(fr_u32vec_push(&off, (uint32_t)a.len), FR_OK);
        ck_assert_int_eq(fr_u32vec_push(&len, (uint32_t)wn), FR_OK);
        ck_assert_int_eq(fr_buf_append(&a, w, wn), FR_OK);
    }
    uint32_t *ss = malloc(off.n * sizeof *ss);
    ck_assert_ptr_nonnull(ss);
    fr_tokens toks = vs_tokens(&a, off.v, len.v, ss, off.n);
    fr_termstream ts = {0};
    ck_assert_int_eq(fr_termstream_of(v, &toks, 0, &ts, NULL), FR_OK);
    ck_assert_uint_eq(ts.n, off.n);
    size_t found = 0;
    for (size_t i = 0; i < off.n; i++) {
        int64_t want = fr_model_lookup(m, a.data + off.v[i], len.v[i]);
        ck_assert_msg(ts.id[i] == want, "string %zu ('%.*s'): %d, the model's index %lld", i, (int)len.v[i],
                      a.data + off.v[i], ts.id[i], (long long)want);
        found += want >= 0;
        if (i % 8 == 0 && i < 8 * nt)
            ck_assert_int_eq(ts.id[i], (int32_t)(i / 8)); /* a term: its own id */
    }
    ck_assert_uint_gt(found, nt);         /* some near misses are terms too */
    ck_assert_uint_lt(found, off.n / 2);  /* most are not */
    fr_termstream_free(&ts);
    free(ss);
    fr_u32vec_free(&off);
    fr_u32vec_free(&len);
    fr_buf_free(&a);
    fr_vectorizer_free(v);
    fr_model_free(m);
}
END_TEST

/* Rows of random documents (terms, repeats, strangers) are TF-IDF computed here from counts the
 * model's index gives, in the same order of operations: the same ids and the same float bits,
 * document after document (a document's counts do not leak into the next). */
START_TEST(test_vectorizer_rows_are_counts_by_model_lookup)
{
    for (int tf = 0; tf < 2; tf++) {
        fr_model *m = vs_model();
        if (tf) { /* sublinear tf, no norm: refit with those options over the same words */
            fr_model_free(m);
            uint64_t st = 42;
            fr_buf doc = {0};
            fr_fitter *f;
            fr_fit_opts o;
            fr_fit_opts_default(&o);
            o.dim = 0;
            o.tf = FR_TF_LOG;
            o.norm = FR_NORM_NONE;
            ck_assert_int_eq(fr_fitter_new(&o, &f, NULL), FR_OK);
            char w[32];
            for (size_t d = 0; d < 100; d++) {
                fr_buf_reset(&doc);
                for (size_t i = 0; i < 200; i++) {
                    size_t n = vs_word(&st, w, 2 + vs_rand(&st) % 3);
                    ck_assert_int_eq(fr_buf_append(&doc, w, n), FR_OK);
                    ck_assert_int_eq(fr_buf_append(&doc, " ", 1), FR_OK);
                }
                ck_assert_int_eq(fr_fitter_add(f, doc.data, doc.len, NULL), FR_OK);
            }
            ck_assert_int_eq(fr_fitter_finish(f, &m, NULL), FR_OK);
            fr_fitter_free(f);
            fr_buf_free(&doc);
        }
        const fr_fit_opts *mo = fr_model_opts(m);
        size_t nt = fr_model_n_terms(m);
        fr_vectorizer *v;
        ck_assert_int_eq(fr_vectorizer_new(m, &v, NULL), FR_OK);
        double *cnt = calloc(nt, sizeof *cnt);
        ck_assert_ptr_nonnull(cnt);
        uint64_t st = 99;
        for (int d = 0; d < 300; d++) {
            size_t ntok = d % 50 == 0 ? 0 : d % 7 == 0 ? 1 + vs_rand(&st) % 4 : vs_rand(&st) % 3000;
            fr_buf a = {0};
            uint32_t *off = malloc((ntok + 1) * sizeof *off), *len = malloc((ntok + 1) * sizeof *len),
                     *ss = malloc((ntok + 1) * sizeof *ss);
            int32_t *idv = malloc((ntok + 1) * sizeof *idv);
            ck_assert(off && len && ss && idv);
            char w[16];
            for (size_t i = 0; i < ntok; i++) {
                const char *t;
                size_t n;
                uint64_t r = vs_rand(&st);
                if (r % 5 == 0) { /* a stranger */
                    n = vs_word(&st, w, 1 + r / 5 % 12);
                    t = w;
                } else { /* a term, often one of a few (repeats) */
                    uint32_t id = (uint32_t)(r % 3 ? r / 5 % 40 : r / 5 % nt);
                    t = fr_model_term(m, id, &n);
                }
                off[i] = (uint32_t)a.len;
                len[i] = (uint32_t)n;
                ck_assert_int_eq(fr_buf_append(&a, t, n), FR_OK);
            }
            fr_tokens toks = vs_tokens(&a, off, len, ss, ntok);
            /* the reference: counts by the model's index, weights in id order */
            size_t nref = 0;
            for (size_t i = 0; i < ntok; i++) {
                int64_t id = fr_model_lookup(m, a.data + off[i], len[i]);
                idv[i] = (int32_t)id;
                if (id >= 0)
                    cnt[id] += 1.0;
            }
            double ss2 = 0.0;
            for (uint32_t id = 0; id < nt; id++) {
                if (cnt[id] == 0.0)
                    continue;
                double x = (mo->tf == FR_TF_LOG ? log(cnt[id]) + 1.0 : cnt[id]) * fr_model_idf(m, id);
                ss2 += x * x;
            }
            double norm = (mo->norm == FR_NORM_L2 && ss2 > 0.0) ? sqrt(ss2) : 1.0;
            fr_sparse x, y;
            ck_assert_int_eq(fr_vectorize_tokens(v, &toks, &x, NULL), FR_OK);
            ck_assert_uint_eq(x.n_tokens, ntok);
            for (uint32_t id = 0; id < nt; id++) {
                if (cnt[id] == 0.0)
                    continue;
                float want = (float)((mo->tf == FR_TF_LOG ? log(cnt[id]) + 1.0 : cnt[id]) * fr_model_idf(m, id) / norm);
                ck_assert_uint_lt(nref, x.n);
                ck_assert_uint_eq(x.ids[nref], id);
                ck_assert_msg(memcmp(&x.w[nref], &want, sizeof want) == 0, "doc %d term %u: %.9g, want %.9g", d, id,
                              (double)x.w[nref], (double)want);
                nref++;
                cnt[id] = 0.0;
            }
            ck_assert_uint_eq(x.n, nref);
            /* the same row from the ids (negative ones skipped, counted as tokens) */
            uint32_t *ids0 = malloc((x.n + 1) * sizeof *ids0);
            float *w0 = malloc((x.n + 1) * sizeof *w0);
            ck_assert(ids0 && w0);
            memcpy(ids0, x.ids, x.n * sizeof *ids0);
            memcpy(w0, x.w, x.n * sizeof *w0);
            size_t n0 = x.n;
            ck_assert_int_eq(fr_vectorize_ids(v, idv, ntok, &y, NULL), FR_OK);
            ck_assert_uint_eq(y.n, n0);
            ck_assert_uint_eq(y.n_tokens, ntok);
            ck_assert(n0 == 0 ||
                      (memcmp(y.ids, ids0, n0 * sizeof *ids0) == 0 && memcmp(y.w, w0, n0 * sizeof *w0) == 0));
            free(ids0);
            free(w0);
            free(off);
            free(len);
            free(ss);
            free(idv);
            fr_buf_free(&a);
        }
        free(cnt);
        fr_vectorizer_free(v);
        fr_model_free(m);
    }
}
END_TEST

/* The lookups' byte compare is memcmp's answer for every length up to 40 (each of its cases and
 * their edges) with the strings equal, or differing in one bit at any one position. */
START_TEST(test_same_bytes_is_memcmp)
{
    uint64_t st = 5;
    char a[48], b[48];
    for (size_t n = 0; n <= 40; n++)
        for (size_t p = 0; p <= n; p++) /* p == n: equal */
            for (int bit = 0; bit < 8; bit++) {
                for (size_t i = 0; i < n; i++)
                    a[i] = b[i] = (char)vs_rand(&st);
                if (p < n)
                    b[p] = (char)(b[p] ^ (1 << bit));
                int want = memcmp(a, b, n) == 0;
                ck_assert_msg(fr__same_bytes(a, b, n) == want, "n %zu, differing at %zu bit %d", n, p, bit);
                ck_assert_msg(fr__same_bytes(b, a, n) == want, "n %zu, differing at %zu bit %d", n, p, bit);
            }
}
END_TEST

typedef struct {
    fr_buf *docs; /* each document NUL-terminated, one after another */
    size_t n;
} vs_docs;

static void vs_add(vs_docs *d, const char *text, size_t len)
{
    ck_assert_int_eq(fr_buf_append(d->docs, text, len), FR_OK);
    ck_assert_int_eq(fr_buf_append(d->docs, "", 1), FR_OK);
    d->n++;
}

static void vs_collect(const fr_buf *text, void *ctx) { vs_add(ctx, text->data, text->len); }

/* fr_vectorize and fr_termstream_make (which read fr_tokenize's padded tokens whole) give what
 * fr_vectorize_tokens and fr_termstream_of give for the same tokens handed in from outside (read
 * byte-exactly): the bundled documents, German and English CVs and postings of the shared data,
 * and texts ending in short words, under options with n-grams, stemming and stop words. */
START_TEST(test_vectorize_padded_path_is_the_exact_one)
{
    fr_buf all = {0};
    vs_docs d = {&all, 0};
    t_each_bundled(vs_collect, &d);
    static const char *const extra[] = {"a", "ab c", "x ab", "go", "c++ c# .net", "Straße groß ÄÖÜ äöü",
                                        "abcdefghijklmnop abcdefghijklmnopq abcdefgh abcdefghi"};
    for (size_t i = 0; i < sizeof extra / sizeof *extra; i++)
        vs_add(&d, extra[i], strlen(extra[i]));
    char path[1024];
    for (int k = 0; k < 2; k++) {
        snprintf(path, sizeof path, "%s/data/cv-project-fit/%s", t_shared(), k ? "jobpost" : "cv");
        struct fr_input *in = t_input_open(path, NULL);
        if (!in)
            continue;
        fr_doc doc;
        int more;
        while (fr_input_next(in, &doc, &more, NULL) == FR_OK && more)
            vs_add(&d, doc.text, doc.len);
        fr_input_free(in);
    }
    ck_assert_uint_ge(d.n, 10);
    const char **docs = malloc(d.n * sizeof *docs);
    ck_assert_ptr_nonnull(docs);
    for (size_t i = 0, at = 0; i < d.n; i++, at += strlen(all.data + at) + 1)
        docs[i] = all.data + at;
    for (int variant = 0; variant < 3; variant++) {
        fr_fit_opts o;
        fr_fit_opts_default(&o);
        o.dim = 0;
        if (variant == 1)
            o.tok.ngram_max = 2;
        if (variant == 2) {
            o.tok.stop_words = FR_STOP_EN | FR_STOP_DE;
            snprintf(o.tok.stem, sizeof o.tok.stem, "german");
        }
        fr_model *m = fit_docs(&o, docs, d.n / 2); /* half the documents: the others have strangers */
        fr_vectorizer *v;
        fr_tokenizer *t;
        ck_assert_int_eq(fr_vectorizer_new(m, &v, NULL), FR_OK);
        ck_assert_int_eq(fr_tokenizer_new(&fr_model_opts(m)->tok, &t, NULL), FR_OK);
        fr_termstream ta = {0}, tb = {0};
        size_t nnz = 0;
        for (size_t i = 0; i < d.n; i++) {
            size_t len = strlen(docs[i]);
            fr_sparse x, y;
            ck_assert_int_eq(fr_vectorize(v, docs[i], len, &x, NULL), FR_OK);
            size_t n = x.n, ntok = x.n_tokens;
            uint32_t *ids = malloc((n + 1) * sizeof *ids);
            float *w = malloc((n + 1) * sizeof *w);
            ck_assert(ids && w);
            memcpy(ids, x.ids, n * sizeof *ids);
            memcpy(w, x.w, n * sizeof *w);
            fr_tokens toks;
            ck_assert_int_eq(fr_tokenize(t, docs[i], len, &toks, NULL), FR_OK);
            ck_assert_int_eq(fr_vectorize_tokens(v, &toks, &y, NULL), FR_OK);
            ck_assert_uint_eq(y.n, n);
            ck_assert_uint_eq(y.n_tokens, ntok);
            ck_assert(n == 0 || (memcmp(y.ids, ids, n * sizeof *ids) == 0 && memcmp(y.w, w, n * sizeof *w) == 0));
            nnz += n;
            ck_assert_int_eq(fr_termstream_make(v, docs[i], len, &ta, NULL), FR_OK);
            ck_assert_int_eq(fr_termstream_of(v, &toks, 0, &tb, NULL), FR_OK);
            ck_assert_uint_eq(ta.n, tb.n);
            ck_assert(ta.n == 0 || (memcmp(ta.id, tb.id, ta.n * sizeof *ta.id) == 0 &&
                                    memcmp(ta.ss, tb.ss, ta.n * sizeof *ta.ss) == 0 &&
                                    memcmp(ta.se, tb.se, ta.n * sizeof *ta.se) == 0));
            free(ids);
            free(w);
        }
        ck_assert_uint_gt(nnz, 100);
        fr_termstream_free(&ta);
        fr_termstream_free(&tb);
        fr_tokenizer_free(t);
        fr_vectorizer_free(v);
        fr_model_free(m);
    }
    free(docs);
    fr_buf_free(&all);
}
END_TEST

/* The stop words filed in the vectorizer's index: fr_termstream_of drops (drop_stop) exactly the
 * tokens fr_tokenizer_is_stop names under the model's options and looks the others up as
 * fr_model_lookup does; without drop_stop a stop word is a stranger unless it is a term (a stemmed
 * "beings" is the term "be", an English stop word); rows count no stop word that is not a term. */
START_TEST(test_termstream_drops_the_stop_words_the_tokenizer_names)
{
    static const char *const docs[] = {"Doing the data work, and doing it with Python: the team does ETL für uns.",
                                       "Wir sind ein Team, das über Daten spricht; we do not do Java.",
                                       "done doing does did do über für dass doings beings"};
    for (int variant = 0; variant < 2; variant++) {
        fr_fit_opts o;
        fr_fit_opts_default(&o);
        o.dim = 0;
        o.tok.stop_words = variant ? FR_STOP_EN : FR_STOP_EN | FR_STOP_DE;
        if (variant)
            snprintf(o.tok.stem, sizeof o.tok.stem, "english");
        fr_model *m = fit_docs(&o, docs, 3);
        if (variant)
            ck_assert_int_ge(fr_model_lookup(m, "be", 2), 0); /* a term ("beings") and a stop word */
        fr_vectorizer *v;
        fr_tokenizer *named; /* the model's options: what names the stop words */
        ck_assert_int_eq(fr_vectorizer_new(m, &v, NULL), FR_OK);
        ck_assert_int_eq(fr_tokenizer_new(&fr_model_opts(m)->tok, &named, NULL), FR_OK);
        fr_buf a = {0};
        fr_u32vec off = {0}, len = {0};
        uint64_t st = 3;
        char w[64];
        for (size_t i = 0; i < fr_tokenizer_n_stop(named) + fr_model_n_terms(m); i++) {
            size_t n;
            size_t ns = fr_tokenizer_n_stop(named);
            const char *t = i < ns ? fr_tokenizer_stop_word(named, i, &n) : fr_model_term(m, (uint32_t)(i - ns), &n);
            ck_assert_uint_lt(n + 1, sizeof w);
            for (int k = 0; k < 4; k++) { /* the word, one byte more, one less, a random one */
                memcpy(w, t, n);
                size_t wn = k == 1 ? n + 1 : k == 2 ? n - 1 : n;
                if (k == 1)
                    w[n] = 's';
                if (k == 3)
                    wn = vs_word(&st, w, 1 + vs_rand(&st) % 6);
                ck_assert_int_eq(fr_u32vec_push(&off, (uint32_t)a.len), FR_OK);
                ck_assert_int_eq(fr_u32vec_push(&len, (uint32_t)wn), FR_OK);
                ck_assert_int_eq(fr_buf_append(&a, w, wn), FR_OK);
            }
        }
        uint32_t *ss = malloc(off.n * sizeof *ss);
        ck_assert_ptr_nonnull(ss);
        fr_tokens toks = vs_tokens(&a, off.v, len.v, ss, off.n);
        fr_termstream ts = {0};
        for (int drop = 0; drop < 2; drop++) {
            ck_assert_int_eq(fr_termstream_of(v, &toks, drop, &ts, NULL), FR_OK);
            size_t k = 0, dropped = 0, strangers = 0;
            for (size_t i = 0; i < off.n; i++) {
                const char *t = a.data + off.v[i];
                if (drop && fr_tokenizer_is_stop(named, t, len.v[i])) {
                    dropped++;
                    continue;
                }
                int64_t want = fr_model_lookup(m, t, len.v[i]);
                ck_assert_uint_lt(k, ts.n);
                ck_assert_msg(ts.id[k] == want, "'%.*s' (drop %d): %d, want %lld", (int)len.v[i], t, drop, ts.id[k],
                              (long long)want);
                ck_assert_uint_eq(ts.ss[k], i);
                strangers += want < 0;
                k++;
            }
            ck_assert_uint_eq(ts.n, k);
            ck_assert_uint_gt(strangers, 0);
            ck_assert(drop ? dropped > fr_tokenizer_n_stop(named) / 2 : dropped == 0);
        }
        /* a row counts the terms only: the ids fr_model_lookup finds, each once */
        fr_sparse x;
        ck_assert_int_eq(fr_vectorize_tokens(v, &toks, &x, NULL), FR_OK);
        ck_assert_uint_eq(x.n_tokens, off.n);
        for (size_t i = 0; i < x.n; i++)
            ck_assert(i == 0 || x.ids[i] > x.ids[i - 1]);
        ck_assert_uint_eq(x.n, fr_model_n_terms(m)); /* every term is among the tokens, nothing else */
        fr_termstream_free(&ts);
        free(ss);
        fr_u32vec_free(&off);
        fr_u32vec_free(&len);
        fr_buf_free(&a);
        fr_tokenizer_free(named);
        fr_vectorizer_free(v);
        fr_model_free(m);
    }
}
END_TEST

static void models_vec_speed_tests(Suite *s)
{
    TCase *tc = tcase_create("vec_speed");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_same_bytes_is_memcmp);
    tcase_add_test(tc, test_vectorizer_index_finds_what_model_lookup_finds);
    tcase_add_test(tc, test_vectorizer_rows_are_counts_by_model_lookup);
    tcase_add_test(tc, test_vectorize_padded_path_is_the_exact_one);
    tcase_add_test(tc, test_termstream_drops_the_stop_words_the_tokenizer_names);
    suite_add_tcase(s, tc);
}

/* ---------------------------------------------------------------------------------------------
 * cofit (rank --mode cosine --fit): the model is the very file `fit --dim 0` writes for the same
 * documents, and each row the very row a vectorizer of that model gives — whatever the split into
 * parts, the order of arrival and the number of threads, under several option sets. */

static void cofit_docs(fr_buf *docs, size_t *off, size_t *len, size_t n)
{
    static const size_t lens[] = {2, 3, 5, 8, 9, 16, 17, 40, 130};
    uint64_t st = 7;
    char w[200];
    for (size_t d = 0; d < n; d++) {
        off[d] = docs->len;
        size_t ntok = d % 37 == 5 ? 0 : vs_rand(&st) % 120; /* some empty documents */
        for (size_t i = 0; i < ntok; i++) {
            uint64_t r = vs_rand(&st);
            static const char *const fixed[] = {"the", "and", "C++", "node.js", "Python", "data", "of", "die",
                                                "The", "AND", "über", "und", "post-training", "it's", "Über"};
            if (r % 3 == 0) {
                const char *f = fixed[r / 3 % 15];
                ck_assert_int_eq(fr_buf_append(docs, f, strlen(f)), FR_OK);
            } else {
                size_t k = r % 5 ? 2 + r / 5 % 4 : lens[r / 5 % 9]; /* short words repeat */
                k = vs_word(&st, w, k);
                ck_assert_int_eq(fr_buf_append(docs, w, k), FR_OK);
            }
            ck_assert_int_eq(fr_buf_append(docs, r % 11 ? " " : ",\n", r % 11 ? 1 : 2), FR_OK);
        }
        len[d] = docs->len - off[d];
    }
}

START_TEST(test_cofit_is_fit_then_vectorize)
{
    enum { N = 260 };
    fr_buf docs = {0};
    size_t off[N], len[N];
    cofit_docs(&docs, off, len, N);
    for (int set = 0; set < 7; set++) {
        fr_fit_opts o;
        fr_fit_opts_default(&o);
        /* 5, 6: stop words dropped in the term tables (plain tokens); 2: by the tokenizer (n-grams) */
        if (set == 5)
            o.tok.stop_words = FR_STOP_EN | FR_STOP_DE;
        if (set == 6) {
            o.tok.stop_words = FR_STOP_EN;
            o.tok.hyphen = FR_HYPHEN_SPLIT;
            o.tok.strip_accents = 1;
        }
        if (set == 1) {
            o.tf = FR_TF_LOG;
            o.idf = FR_IDF_PLAIN;
            o.norm = FR_NORM_NONE;
        } else if (set == 2) {
            o.tok.stop_words = FR_STOP_EN | FR_STOP_DE;
            o.tok.ngram_max = 2;
        } else if (set == 3) {
            o.min_df.value = 2;
            o.max_df = (fr_df_bound){0.5, 0};
        } else if (set == 4) {
            o.max_features = 40;
            o.tok.min_len = 1;
        }
        o.dim = 0;
        fr_fitter *f;
        ck_assert_int_eq(fr_fitter_new(&o, &f, NULL), FR_OK);
        for (size_t d = 0; d < N; d++)
            ck_assert_int_eq(fr_fitter_add(f, docs.data + off[d], len[d], NULL), FR_OK);
        fr_model *ref = NULL;
        ck_assert_int_eq(fr_fitter_finish(f, &ref, NULL), FR_OK);
        fr_fitter_free(f);
        fr_vectorizer *v;
        ck_assert_int_eq(fr_vectorizer_new(ref, &v, NULL), FR_OK);
        for (size_t parts = 1; parts <= 4; parts += 3) {
            fr_fit_opts o2 = o;
            o2.dim = 256; /* ignored: no projection */
            fr_cofit *c;
            ck_assert_int_eq(fr_cofit_new(&o2, parts, &c, NULL), FR_OK);
            /* documents arrive out of order, scattered over the parts */
            for (size_t i = 0; i < N; i++) {
                size_t d = (i * 97) % N;
                ck_assert_int_eq(fr_cofit_add(c, (d * 5 + i) % parts, d, docs.data + off[d], len[d], NULL), FR_OK);
            }
            fr_error err = {0};
            ck_assert_msg(fr_cofit_finish(c, (int)parts, &err) == FR_OK, "%s", err.msg);
            ck_assert_str_eq(fr_model_hash(fr_cofit_model(c)), fr_model_hash(ref));
            ck_assert_uint_eq(fr_model_file_size(fr_cofit_model(c)), fr_model_file_size(ref));
            ck_assert_uint_eq(fr_cofit_n_docs(c), N);
            for (size_t d = 0; d < N; d++) {
                fr_sparse x;
                ck_assert_int_eq(fr_vectorize(v, docs.data + off[d], len[d], &x, NULL), FR_OK);
                size_t n;
                const fr_row_entry *e = fr_cofit_row(c, d, &n);
                ck_assert_msg(n == x.n, "set %d parts %zu doc %zu: %zu entries vs %zu", set, parts, d, n, x.n);
                for (size_t i = 0; i < n; i++)
                    ck_assert(e[i].col == x.ids[i] && e[i].v.w == x.w[i]);
            }
            fr_cofit_free(c);
        }
        fr_vectorizer_free(v);
        fr_model_free(ref);
    }
    fr_buf_free(&docs);
}
END_TEST

START_TEST(test_cofit_errors_as_fit)
{
    fr_fit_opts o;
    fr_fit_opts_default(&o);
    fr_cofit *c;
    fr_error err = {0};
    ck_assert_int_eq(fr_cofit_new(&o, 0, &c, &err), FR_EINVAL);
    ck_assert_int_eq(fr_cofit_new(&o, 2, &c, NULL), FR_OK); /* no documents */
    ck_assert_int_eq(fr_cofit_finish(c, 2, &err), FR_EEMPTY);
    fr_cofit_free(c);
    ck_assert_int_eq(fr_cofit_new(&o, 2, &c, NULL), FR_OK); /* numbered twice */
    ck_assert_int_eq(fr_cofit_add(c, 0, 0, "aa bb", 5, NULL), FR_OK);
    ck_assert_int_eq(fr_cofit_add(c, 1, 0, "aa cc", 5, NULL), FR_OK);
    ck_assert_int_eq(fr_cofit_finish(c, 2, &err), FR_EINVAL);
    fr_cofit_free(c);
    o.min_df.value = 2; /* no term in 2 documents */
    ck_assert_int_eq(fr_cofit_new(&o, 1, &c, NULL), FR_OK);
    ck_assert_int_eq(fr_cofit_add(c, 0, 0, "aa bb", 5, NULL), FR_OK);
    ck_assert_int_eq(fr_cofit_add(c, 0, 1, "cc dd", 5, NULL), FR_OK);
    ck_assert_int_eq(fr_cofit_finish(c, 1, &err), FR_EEMPTY);
    ck_assert_int_eq(fr_cofit_add(c, 0, 2, "aa", 2, &err), FR_EINVAL); /* after finishing, even failed */
    ck_assert_int_eq(fr_cofit_finish(c, 1, &err), FR_EINVAL);
    fr_cofit_free(c);
    o.max_df = (fr_df_bound){1, 1}; /* max_df below min_df */
    ck_assert_int_eq(fr_cofit_new(&o, 1, &c, NULL), FR_OK);
    ck_assert_int_eq(fr_cofit_add(c, 0, 0, "aa bb", 5, NULL), FR_OK);
    ck_assert_int_eq(fr_cofit_finish(c, 1, &err), FR_EINVAL);
    fr_cofit_free(c);
    fr_cofit_free(NULL);
}
END_TEST

static void models_cofit_tests(Suite *s)
{
    TCase *tc = tcase_create("cofit");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_cofit_is_fit_then_vectorize);
    tcase_add_test(tc, test_cofit_errors_as_fit);
    suite_add_tcase(s, tc);
}
