/* tests/check_index.c — what a crafted or damaged file can do to the engine: a model whose IDFs
 * are 0 (issue 12, defect 1: a heap overflow in the requirement view), index files with flipped
 * bits (defect 6: checksums, verified lazily), an index whose header claims 2^32 documents
 * (defect 11).  The files are made through the library's own save paths, then patched, with
 * their checksums recomputed where the test wants the damage to get past them.  These test cases
 * run in the models suite (tests/check_models.c). */
#include <fcntl.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check_support.h"
#include "fr.h"

/* ASan reserves terabytes of address space: no RLIMIT_AS under it (gcc and clang say so apart) */
#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif
#include "util/hash.h"
#include "util/io.h"

static char *tmp_path(const char *name)
{
    char *p = malloc(1024);
    ck_assert_ptr_nonnull(p);
    snprintf(p, 1024, "%s/%s", t_tmpdir(), name);
    return p;
}

static void write_bytes(const char *path, const void *p, size_t n)
{
    FILE *fp = fopen(path, "wb");
    ck_assert_ptr_nonnull(fp);
    ck_assert_uint_eq(fwrite(p, 1, n, fp), n);
    ck_assert_int_eq(fclose(fp), 0);
}

/* ---- a model with every other IDF 0 ------------------------------------------------------- */

/* The embedded model, saved by fr_model_save, its IDF section patched (terms of even id get IDF 0)
 * and its XXH64 recomputed: a model file that loads (0 is a valid IDF) and that no fit writes. */
static fr_model *zero_idf_model(void)
{
    fr_error err = {0};
    fr_model *m;
    ck_assert_int_eq(fr_model_default(&m, &err), FR_OK);
    char *path = tmp_path("zero-idf.frm");
    ck_assert_int_eq(fr_model_save(m, path, &err), FR_OK);
    fr_model_free(m);
    fr_buf b = {0};
    ck_assert_int_eq(fr_read_file(path, &b, &err), FR_OK);
    unsigned char *img = (unsigned char *)b.data;
    uint32_t ns;
    memcpy(&ns, img + 12, 4);
    int found = 0;
    for (uint32_t i = 0; i < ns; i++) {
        uint32_t id;
        uint64_t off, size;
        memcpy(&id, img + 32 + i * 24, 4);
        memcpy(&off, img + 32 + i * 24 + 8, 8);
        memcpy(&size, img + 32 + i * 24 + 16, 8);
        if (id != 6) /* IDF: float64 per term */
            continue;
        const double zero = 0.0;
        for (uint64_t t = 0; t < size / 8; t += 2)
            memcpy(img + off + t * 8, &zero, 8);
        found = 1;
    }
    ck_assert(found);
    uint64_t sum = fr_checksum64(img, b.len - 8);
    memcpy(img + b.len - 8, &sum, 8);
    write_bytes(path, img, b.len);
    fr_buf_free(&b);
    ck_assert_msg(fr_model_load(path, &m, &err) == FR_OK, "%s", err.msg);
    free(path);
    for (uint32_t t = 0; t < fr_model_n_terms(m); t += 2)
        ck_assert_double_eq(fr_model_idf(m, t), 0.0);
    return m;
}

/* Up to `max` terms of IDF 0 that the tokenizer gives back as themselves (plain lowercase words). */
static size_t zero_idf_words(const fr_model *m, const char **out, size_t max)
{
    fr_vectorizer *v;
    ck_assert_int_eq(fr_vectorizer_new(m, &v, NULL), FR_OK);
    size_t n = 0;
    static char words[8192][24];
    for (uint32_t t = 0; t < fr_model_n_terms(m) && n < max && n < 8192; t += 2) {
        size_t len;
        const char *s = fr_model_term(m, t, &len);
        if (len < 3 || len >= 24 || strspn(s, "abcdefghijklmnopqrstuvwxyz") < len)
            continue;
        fr_sparse x;
        ck_assert_int_eq(fr_vectorize(v, s, len, &x, NULL), FR_OK);
        if (x.n != 1 || x.ids[0] != t)
            continue;
        memcpy(words[n], s, len);
        words[n][len] = '\0';
        out[n] = words[n];
        n++;
    }
    fr_vectorizer_free(v);
    return n;
}

/* Defect 1: the requirement view summed item rows into an accumulator and took acc[t] == 0 for
 * "term t not listed yet"; a term of IDF 0 adds 0, so it was listed again for every item that has
 * it, overrunning the per-term arrays (glibc abort, ASan heap-buffer-overflow) and giving a row
 * with repeated terms.  400 bullets of 40 such words: 16,000 listings of a 12,520-term model. */
START_TEST(test_zero_idf_model_and_a_posting_of_400_bullets)
{
    fr_error err = {0};
    fr_model *m = zero_idf_model();
    const char *w[4096];
    size_t nw = zero_idf_words(m, w, 4096);
    ck_assert_uint_ge(nw, 1000);
    fr_buf text = {0};
    fr_buf_printf(&text, "Platform Engineer\n\nRequirements:\n");
    for (size_t i = 0; i < 400; i++) {
        fr_buf_printf(&text, "-");
        for (size_t k = 0; k < 40; k++)
            fr_buf_printf(&text, " %s", w[(i * 40 + k) % nw]);
        fr_buf_printf(&text, "\n");
    }
    fr_buf rtext = {0};
    fr_buf_printf(&rtext, "Experience\n- ");
    for (size_t k = 0; k < 300; k++)
        fr_buf_printf(&rtext, " %s%s", w[(k * 7) % nw], k % 2 ? " python" : "");
    fr_buf_printf(&rtext, "\n");
    fr_lexicon *lx;
    ck_assert_int_eq(fr_lexicon_new(&lx, &err), FR_OK);
    fr_docset_builder *b;
    ck_assert_int_eq(fr_docset_builder_new(m, lx, &b, &err), FR_OK);
    fr_docset P, R;
    ck_assert_int_eq(fr_docset_init(&P, FR_SET_POSTINGS, m, lx, &err), FR_OK);
    ck_assert_int_eq(fr_docset_init(&R, FR_SET_RESUMES, m, lx, &err), FR_OK);
    fr_posting *p;
    ck_assert_int_eq(fr_posting_parse("p400", text.data, text.len, "source", lx, &p, &err), FR_OK);
    ck_assert_uint_ge(p->required.n, 300);
    ck_assert_msg(fr_docset_add_posting(&P, b, p, text.data, text.len, &err) == FR_OK, "%s", err.msg);
    fr_posting_free(p);
    fr_resume *r;
    fr_ym as_of = {2026, 11};
    ck_assert_int_eq(fr_resume_parse("r", rtext.data, rtext.len, "source", lx, as_of, &r, &err), FR_OK);
    ck_assert_int_eq(fr_docset_add_resume(&R, b, r, rtext.data, rtext.len, &err), FR_OK);
    fr_resume_free(r);
    /* the requirement row: each term once, ascending, finite weights (a row of zeros stays 0) */
    const fr_csr_rows *q = &P.req_rows;
    ck_assert_uint_ge(q->ptr.v[1], 1000);
    for (uint32_t e = q->ptr.v[0]; e < q->ptr.v[1]; e++) {
        ck_assert_uint_lt(q->col.v[e], fr_model_n_terms(m));
        ck_assert(e == 0 || q->col.v[e] > q->col.v[e - 1]);
        ck_assert(isfinite(q->val[e]));
    }
    /* rank it, and `index build` it and rank from the index: the same, finite scores */
    fr_rank_opts o;
    fr_rank_opts_default(&o);
    o.k = 1;
    fr_rank_result a, c;
    ck_assert_msg(fr_rank(&P, &R, m, &o, &a, &err) == FR_OK, "%s", err.msg);
    ck_assert_uint_eq(a.start[1], 1);
    ck_assert(isfinite(a.hits[0].ev.score));
    char *ip = tmp_path("p400.fridx");
    ck_assert_msg(fr_index_save(&P, ip, &err) == FR_OK, "%s", err.msg);
    fr_docset PI;
    ck_assert_msg(fr_index_map(ip, m, lx, FR_SET_POSTINGS, &PI, &err) == FR_OK, "%s", err.msg);
    ck_assert_msg(fr_docset_check_all(&PI, &err) == FR_OK, "%s", err.msg);
    ck_assert_msg(fr_rank(&PI, &R, m, &o, &c, &err) == FR_OK, "%s", err.msg);
    ck_assert_float_eq(a.hits[0].ev.score, c.hits[0].ev.score);
    fr_rank_result_free(&a);
    fr_rank_result_free(&c);
    fr_docset_free(&PI);
    free(ip);
    fr_docset_free(&P);
    fr_docset_free(&R);
    fr_docset_builder_free(b);
    fr_lexicon_free(lx);
    fr_model_free(m);
    fr_buf_free(&text);
    fr_buf_free(&rtext);
}
END_TEST

/* ---- index files: the examples, prepared with the embedded model ---------------------------- */

typedef struct {
    fr_model *m;
    fr_lexicon *lx;
    fr_docset P, R;
} ex_sets;

static void examples_build(ex_sets *x)
{
    static const char *const posts[] = {"backend-go", "data-scientist", "de-data-engineer", "de-embedded-c",
                                        "dotnet-developer", "frontend-react", "research-intern-ml",
                                        "research-intern-systems"};
    static const char *const res[] = {"accountant.txt", "backend-go-senior.md", "de-embedded-lebenslauf.txt",
                                      "frontend-react.md", "junior-bootcamp.txt", "phd-systems.txt"};
    fr_error err = {0};
    ck_assert_int_eq(fr_model_default(&x->m, &err), FR_OK);
    ck_assert_int_eq(fr_lexicon_new(&x->lx, &err), FR_OK);
    fr_docset_builder *b;
    ck_assert_int_eq(fr_docset_builder_new(x->m, x->lx, &b, &err), FR_OK);
    ck_assert_int_eq(fr_docset_init(&x->P, FR_SET_POSTINGS, x->m, x->lx, &err), FR_OK);
    ck_assert_int_eq(fr_docset_init(&x->R, FR_SET_RESUMES, x->m, x->lx, &err), FR_OK);
    char rel[256];
    fr_buf t = {0};
    for (size_t i = 0; i < sizeof posts / sizeof *posts; i++) {
        snprintf(rel, sizeof rel, "examples/postings/%s.txt", posts[i]);
        fr_buf_reset(&t);
        ck_assert_msg(t_read(rel, &t), "cannot read %s", rel);
        fr_posting *p;
        ck_assert_int_eq(fr_posting_parse(posts[i], t.data, t.len, "source", x->lx, &p, &err), FR_OK);
        ck_assert_int_eq(fr_docset_add_posting(&x->P, b, p, t.data, t.len, &err), FR_OK);
        fr_posting_free(p);
    }
    fr_ym as_of = {2026, 11};
    for (size_t i = 0; i < sizeof res / sizeof *res; i++) {
        snprintf(rel, sizeof rel, "examples/resumes/%s", res[i]);
        fr_buf_reset(&t);
        ck_assert_msg(t_read(rel, &t), "cannot read %s", rel);
        fr_resume *r;
        ck_assert_int_eq(fr_resume_parse(res[i], t.data, t.len, "source", x->lx, as_of, &r, &err), FR_OK);
        ck_assert_int_eq(fr_docset_add_resume(&x->R, b, r, t.data, t.len, &err), FR_OK);
        fr_resume_free(r);
    }
    fr_buf_free(&t);
    fr_docset_builder_free(b);
}

static void examples_free(ex_sets *x)
{
    fr_docset_free(&x->P);
    fr_docset_free(&x->R);
    fr_lexicon_free(x->lx);
    fr_model_free(x->m);
}

/* The four ways a set is read: exhaustive (fr_docset_check_all), pruned per posting and per
 * résumé (documents verified lazily, one by one), and cosine.  Returns the first failure's status;
 * the results go to out[0..3]. */
static fr_status rank_all_ways(const fr_docset *P, const fr_docset *R, const fr_model *m, fr_rank_result *out,
                               fr_error *err)
{
    memset(out, 0, 4 * sizeof *out);
    for (int way = 0; way < 4; way++) {
        fr_rank_opts o;
        fr_rank_opts_default(&o);
        o.k = 3;
        o.exhaustive = way == 0;
        o.prune_small_pools = way != 0;
        o.per_resume = way == 2;
        o.prune_m = 2;
        o.shortlist_m = 3;
        fr_status st = way == 3 ? fr_rank_cosine(P, R, &o, &out[way], err) : fr_rank(P, R, m, &o, &out[way], err);
        if (st != FR_OK) {
            for (int k = 0; k < way; k++)
                fr_rank_result_free(&out[k]);
            return st;
        }
    }
    return FR_OK;
}

static int same_results(const fr_rank_result *a, const fr_rank_result *b)
{
    for (int way = 0; way < 4; way++) {
        if (a[way].n_query != b[way].n_query ||
            memcmp(a[way].start, b[way].start, (a[way].n_query + 1) * sizeof *a[way].start) != 0)
            return 0;
        for (size_t h = 0; h < a[way].start[a[way].n_query]; h++) {
            const fr_hit *x = &a[way].hits[h], *y = &b[way].hits[h];
            if (x->posting != y->posting || x->resume != y->resume || memcmp(&x->ev.score, &y->ev.score, 4) != 0 ||
                x->ev.gate != y->ev.gate || x->ev.req_met != y->ev.req_met)
                return 0;
        }
    }
    return 1;
}

static void free_results(fr_rank_result *r)
{
    for (int way = 0; way < 4; way++)
        fr_rank_result_free(&r[way]);
}

/* Defect 6: 7 of 200 single-bit flips in an index body changed rank output without a word (one
 * cosine score became 7852.8).  Now every section and every document carries a checksum: a flip
 * gives FR_EFORMAT naming the file, or (in padding, or in a part no query reads) the same
 * results — whichever way the index is read. */
START_TEST(test_index_bit_flips_never_change_results)
{
    ex_sets x;
    examples_build(&x);
    fr_error err = {0};
    char *pp = tmp_path("ex-p.fridx"), *rp = tmp_path("ex-r.fridx"), *fp = tmp_path("flip.fridx");
    ck_assert_int_eq(fr_index_save(&x.P, pp, &err), FR_OK);
    ck_assert_int_eq(fr_index_save(&x.R, rp, &err), FR_OK);
    fr_rank_result base[4];
    ck_assert_msg(rank_all_ways(&x.P, &x.R, x.m, base, &err) == FR_OK, "%s", err.msg);
    uint64_t rng = 0x2545F4914F6CDD1Dull;
    size_t errors = 0, same = 0;
    for (int which = 0; which < 2; which++) {
        fr_buf img = {0};
        ck_assert_int_eq(fr_read_file(which ? rp : pp, &img, &err), FR_OK);
        uint32_t nsec;
        memcpy(&nsec, img.data + 68, 4);
        size_t body = 128 + (size_t)nsec * 32; /* after the header and the section table */
        ck_assert_uint_gt(img.len, body);
        for (int trial = 0; trial < 150; trial++) {
            rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
            size_t at = body + (size_t)(rng % (img.len - body));
            unsigned bit = (unsigned)(rng >> 40) % 8;
            img.data[at] = (char)(img.data[at] ^ (1 << bit));
            write_bytes(fp, img.data, img.len);
            img.data[at] = (char)(img.data[at] ^ (1 << bit));
            fr_docset M;
            fr_status st = fr_index_map(fp, x.m, x.lx, which ? FR_SET_RESUMES : FR_SET_POSTINGS, &M, &err);
            fr_rank_result got[4];
            if (st == FR_OK) {
                st = which ? rank_all_ways(&x.P, &M, x.m, got, &err) : rank_all_ways(&M, &x.R, x.m, got, &err);
                fr_docset_free(&M);
            }
            if (st != FR_OK) {
                ck_assert_msg(st == FR_EFORMAT, "flip at %zu bit %u: status %d (%s)", at, bit, st, err.msg);
                /* named by file, but for the pruning's own check of an inverted list, which can run first */
                ck_assert_msg(strstr(err.msg, "corrupt index"), "flip at %zu: '%s'", at, err.msg);
                errors++;
                continue;
            }
            ck_assert_msg(same_results(base, got), "%s index, flip at byte %zu bit %u: results changed silently",
                          which ? "résumé" : "posting", at, bit);
            free_results(got);
            same++;
        }
        fr_buf_free(&img);
    }
    ck_assert_uint_ge(errors, 200); /* most bytes are data: most flips must be caught */
    free_results(base);
    examples_free(&x);
    free(pp);
    free(rp);
    free(fp);
}
END_TEST

/* Verification is lazy and once per part: a set mapped from an intact index reads the same as the
 * set it was saved from, in every way, and a damaged document is reported when it is used, by
 * number — not when the index is opened. */
/* Issue 18: a mapped index read cold (its pages dropped from the page cache first, as far as the
 * kernel lets go of them) ranks as the sets in memory do, and the read-pattern advice takes any
 * list or document number, in range or not, without reading out of bounds (ASan runs this). */
START_TEST(test_index_read_cold_ranks_the_same)
{
    ex_sets x;
    examples_build(&x);
    fr_error err = {0};
    char *pp = tmp_path("cold-p.fridx");
    ck_assert_int_eq(fr_index_save(&x.P, pp, &err), FR_OK);
    int fd = open(pp, O_RDONLY);
    ck_assert_int_ge(fd, 0);
    (void)posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
    close(fd);
    fr_docset M;
    ck_assert_int_eq(fr_index_map(pp, x.m, x.lx, FR_SET_POSTINGS, &M, &err), FR_OK);
    (void)fr_index_cold(&M); /* 1 or 0: the kernel decides what it dropped */
    fr_rank_result a[4], b[4];
    ck_assert_int_eq(rank_all_ways(&x.P, &x.R, x.m, a, &err), FR_OK);
    ck_assert_msg(rank_all_ways(&M, &x.R, x.m, b, &err) == FR_OK, "%s", err.msg);
    ck_assert(same_results(a, b));
    free_results(b);
    fr_index_advise_query(&M);
    for (uint32_t t = 0; t < (uint32_t)M.doc_inv.ptr.n + 2; t++) {
        fr_index_prefetch_list(&M, &M.doc_inv, t);
        fr_index_prefetch_list(&M, &M.req_inv, t);
    }
    for (size_t i = 0; i <= M.n + 1; i++) {
        fr_index_prefetch_doc(&M, i);
        for (int stage = 0; stage < 3; stage++) /* any document, any stage: hints within bounds */
            fr_index_cache_doc(&M, i, stage);
    }
    uint32_t all[64];
    ck_assert_uint_le(M.n, 64);
    for (size_t i = 0; i < M.n; i++)
        all[i] = (uint32_t)(M.n - 1 - i);
    ck_assert_int_eq(fr_docset_check_scoring_many(&M, all, M.n, &err), FR_OK);
    ck_assert_int_eq(fr_docset_check_scoring_many(&x.P, all, x.P.n, &err), FR_OK);
    fr_index_advise_query(&x.P); /* sets in memory: left alone */
    fr_index_prefetch_doc(&x.P, 0);
    ck_assert_int_eq(fr_index_cold(&x.P), 0);
    ck_assert_msg(rank_all_ways(&M, &x.R, x.m, b, &err) == FR_OK, "%s", err.msg);
    ck_assert(same_results(a, b));
    free_results(a);
    free_results(b);
    fr_docset_free(&M);
    examples_free(&x);
    free(pp);
}
END_TEST

START_TEST(test_index_checksums_are_checked_on_use)
{
    ex_sets x;
    examples_build(&x);
    fr_error err = {0};
    char *pp = tmp_path("lazy-p.fridx"), *fp = tmp_path("lazy-flip.fridx");
    ck_assert_int_eq(fr_index_save(&x.P, pp, &err), FR_OK);
    fr_docset M;
    ck_assert_int_eq(fr_index_map(pp, x.m, x.lx, FR_SET_POSTINGS, &M, &err), FR_OK);
    fr_rank_result a[4], b[4];
    ck_assert_int_eq(rank_all_ways(&x.P, &x.R, x.m, a, &err), FR_OK);
    ck_assert_msg(rank_all_ways(&M, &x.R, x.m, b, &err) == FR_OK, "%s", err.msg);
    ck_assert(same_results(a, b));
    free_results(a);
    free_results(b);
    fr_docset_free(&M);
    /* damage posting 5's first unit vector: opening is fine, using posting 4 is fine, posting 5 is not */
    fr_buf img = {0};
    ck_assert_int_eq(fr_read_file(pp, &img, &err), FR_OK);
    uint64_t off;
    memcpy(&off, img.data + 128 + (12 - 1) * 32 + 8, 8); /* section 12: unit vectors */
    size_t at = (size_t)off + (size_t)x.P.unit_start.v[5] * x.P.dim * 4 + 2;
    img.data[at] = (char)(img.data[at] ^ 0x10);
    write_bytes(fp, img.data, img.len);
    fr_buf_free(&img);
    ck_assert_int_eq(fr_index_map(fp, x.m, x.lx, FR_SET_POSTINGS, &M, &err), FR_OK);
    ck_assert_int_eq(fr_docset_check_doc(&M, 4, &err), FR_OK);
    ck_assert_int_eq(fr_docset_check_doc(&M, 5, &err), FR_EFORMAT);
    ck_assert_ptr_nonnull(strstr(err.msg, "checksum of document 6"));
    ck_assert_int_eq(fr_docset_check_all(&M, &err), FR_EFORMAT);
    ck_assert_ptr_nonnull(strstr(err.msg, "checksum of the unit vectors"));
    fr_docset_free(&M);
    /* a posting's id: scoring it is fine (it reads no text), reporting it is not */
    ck_assert_int_eq(fr_read_file(pp, &img, &err), FR_OK);
    memcpy(&off, img.data + 128 + (1 - 1) * 32 + 8, 8); /* section 1: strings */
    at = (size_t)off + x.P.id.v[5];
    img.data[at] = (char)(img.data[at] ^ 0x01);
    write_bytes(fp, img.data, img.len);
    fr_buf_free(&img);
    ck_assert_int_eq(fr_index_map(fp, x.m, x.lx, FR_SET_POSTINGS, &M, &err), FR_OK);
    ck_assert_int_eq(fr_docset_check_scoring(&M, 5, &err), FR_OK);
    ck_assert_int_eq(fr_docset_check_doc(&M, 5, &err), FR_EFORMAT);
    ck_assert_ptr_nonnull(strstr(err.msg, "checksum of document 6, its texts"));
    fr_docset_free(&M);
    /* an item record whose skills start beyond the skill array, and one of an unknown kind: the
     * index opens (records are checked per posting on first use), and every way of ranking stops
     * at the posting before reading through the record — under ASan, no read out of bounds */
    for (int what = 0; what < 2; what++) {
        ck_assert_int_eq(fr_read_file(pp, &img, &err), FR_OK);
        memcpy(&off, img.data + 128 + (14 - 1) * 32 + 8, 8); /* section 14: items */
        size_t u = x.P.unit_start.v[3] + 1; /* posting 4's second item */
        ck_assert_uint_lt(u, x.P.unit_start.v[4]);
        if (what == 0) {
            const uint32_t far = 0x7fffff00u;
            memcpy(img.data + off + u * sizeof(fr_unit_item) + offsetof(fr_unit_item, skill_start), &far, 4);
        } else
            img.data[off + u * sizeof(fr_unit_item) + offsetof(fr_unit_item, kind)] = (char)FR_KIND_COUNT;
        write_bytes(fp, img.data, img.len);
        fr_buf_free(&img);
        ck_assert_int_eq(fr_index_map(fp, x.m, x.lx, FR_SET_POSTINGS, &M, &err), FR_OK);
        ck_assert_int_eq(fr_docset_check_scoring(&M, 2, &err), FR_OK); /* its neighbours are fine */
        ck_assert_int_eq(fr_docset_check_scoring(&M, 4, &err), FR_OK);
        ck_assert_int_eq(fr_docset_check_scoring(&M, 3, &err), FR_EFORMAT);
        ck_assert_msg(strstr(err.msg, "item records of document 4"), "%s", err.msg);
        fr_docset_free(&M);
        ck_assert_int_eq(fr_index_map(fp, x.m, x.lx, FR_SET_POSTINGS, &M, &err), FR_OK);
        ck_assert_int_eq(rank_all_ways(&M, &x.R, x.m, a, &err), FR_EFORMAT);
        ck_assert_ptr_nonnull(strstr(err.msg, "corrupt index"));
        fr_docset_free(&M);
        ck_assert_int_eq(fr_index_map(fp, x.m, x.lx, FR_SET_POSTINGS, &M, &err), FR_OK);
        /* the whole-set check finds it too (the section's own checksum first) */
        ck_assert_int_eq(fr_docset_check_all(&M, &err), FR_EFORMAT);
        ck_assert_msg(strstr(err.msg, "corrupt index (checksum of the items)"), "%s", err.msg);
        fr_docset_free(&M);
    }
    /* a weight in the inverted list of a term the résumés share: the pruned ranking walks that list
     * before it scores anyone, and is stopped there */
    ck_assert_int_eq(fr_read_file(pp, &img, &err), FR_OK);
    int64_t t = fr_model_lookup(x.m, "experience", 10);
    ck_assert_int_ge(t, 0);
    ck_assert_uint_gt(x.P.doc_rows.ptr.n, 0);
    fr_csr_rows inv;
    ck_assert_int_eq(fr_csr_transpose(&x.P.doc_rows, &inv), FR_OK);
    ck_assert_uint_gt(inv.ptr.v[t + 1], inv.ptr.v[t]);
    memcpy(&off, img.data + 128 + (23 - 1) * 32 + 8, 8); /* section 23: inverted index weights */
    at = (size_t)off + (size_t)inv.ptr.v[t] * 4 + 1;
    fr_csr_free(&inv);
    img.data[at] = (char)(img.data[at] ^ 0x80);
    write_bytes(fp, img.data, img.len);
    fr_buf_free(&img);
    ck_assert_int_eq(fr_index_map(fp, x.m, x.lx, FR_SET_POSTINGS, &M, &err), FR_OK);
    fr_rank_opts ro;
    fr_rank_opts_default(&ro);
    ro.k = 3, ro.prune_small_pools = 1, ro.per_resume = 1, ro.prune_m = 2, ro.shortlist_m = 3;
    ck_assert_int_eq(fr_rank(&M, &x.R, x.m, &ro, &a[0], &err), FR_EFORMAT);
    ck_assert_msg(strstr(err.msg, "checksum of inverted list"), "%s", err.msg);
    fr_docset_free(&M);
    /* a term id far beyond the vocabulary in every posting's first item row: every way of reading
     * it fails with the checksum, before the id is used for anything (the pruned match's term table
     * is indexed by it) */
    ck_assert_int_eq(fr_read_file(pp, &img, &err), FR_OK);
    memcpy(&off, img.data + 128 + (7 - 1) * 32 + 8, 8); /* section 7: unit row terms */
    for (size_t p = 0; p < x.P.n; p++) {
        size_t e = x.P.unit_rows.ptr.v[x.P.unit_start.v[p]];
        img.data[off + e * 4 + 3] = (char)(img.data[off + e * 4 + 3] ^ 0x40);
    }
    write_bytes(fp, img.data, img.len);
    fr_buf_free(&img);
    ck_assert_int_eq(fr_index_map(fp, x.m, x.lx, FR_SET_POSTINGS, &M, &err), FR_OK);
    ck_assert_int_eq(rank_all_ways(&M, &x.R, x.m, a, &err), FR_EFORMAT);
    fr_docset_free(&M);
    for (int way = 1; way < 3; way++) { /* each pruned way on its own, from a fresh mapping */
        fr_rank_opts o;
        fr_rank_opts_default(&o);
        o.k = 3, o.prune_small_pools = 1, o.per_resume = way == 2, o.prune_m = 2, o.shortlist_m = 3;
        ck_assert_int_eq(fr_index_map(fp, x.m, x.lx, FR_SET_POSTINGS, &M, &err), FR_OK);
        ck_assert_int_eq(fr_rank(&M, &x.R, x.m, &o, &a[0], &err), FR_EFORMAT);
        ck_assert_ptr_nonnull(strstr(err.msg, "corrupt index"));
        fr_docset_free(&M);
    }
    /* a format-4 index (no checksums) is refused with the way out */
    ck_assert_int_eq(fr_read_file(pp, &img, &err), FR_OK);
    const uint32_t v4 = 4;
    memcpy(img.data + 8, &v4, 4);
    write_bytes(fp, img.data, img.len);
    fr_buf_free(&img);
    ck_assert_int_eq(fr_index_map(fp, x.m, x.lx, FR_SET_POSTINGS, &M, &err), FR_EVERSION);
    ck_assert_ptr_nonnull(strstr(err.msg, "rebuild it with `fitrank index build`"));
    examples_free(&x);
    free(pp);
    free(fp);
}
END_TEST

/* Defect 11: a header claiming 2^32 − 1 documents (its checksum recomputed) made the mapper
 * calloc 4 GB for its per-document flags before it compared the count with the sections.  Under
 * an address-space limit that allocation fails, so the old code answered "out of memory" (exit
 * 3); the count must be refused as a corrupt index first.  A child process takes the limit (ASan
 * reserves terabytes of address space, so the limit is left out under it; the status is still
 * checked). */
START_TEST(test_index_huge_count_refused_before_allocating)
{
    ex_sets x;
    examples_build(&x);
    fr_error err = {0};
    char *pp = tmp_path("huge-p.fridx");
    ck_assert_int_eq(fr_index_save(&x.P, pp, &err), FR_OK);
    fr_buf img = {0};
    ck_assert_int_eq(fr_read_file(pp, &img, &err), FR_OK);
    uint32_t nsec;
    memcpy(&nsec, img.data + 68, 4);
    /* the table's entry size (32 bytes; 24 before format 5): the one the stored checksum agrees with */
    size_t entry = 32;
    uint64_t sum;
    memcpy(&sum, img.data + 120, 8);
    if (sum != (fr_checksum_xxh3(img.data, 120) ^ fr_checksum_xxh3(img.data + 128, (size_t)nsec * entry)))
        entry = 24;
    const uint64_t n = UINT32_MAX;
    memcpy(img.data + 16, &n, 8);
    sum = fr_checksum_xxh3(img.data, 120) ^ fr_checksum_xxh3(img.data + 128, (size_t)nsec * entry);
    memcpy(img.data + 120, &sum, 8);
    write_bytes(pp, img.data, img.len);
    fr_buf_free(&img);
    fflush(NULL);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
#ifndef UNDER_ASAN
        long pages = 0;
        FILE *f = fopen("/proc/self/statm", "r");
        if (f && fscanf(f, "%ld", &pages) == 1) {
            rlim_t lim = (rlim_t)pages * (rlim_t)sysconf(_SC_PAGESIZE) + ((rlim_t)1 << 30);
            struct rlimit rl = {lim, lim};
            setrlimit(RLIMIT_AS, &rl);
        }
        if (f)
            fclose(f);
#endif
        fr_docset M;
        fr_status st = fr_index_map(pp, x.m, x.lx, FR_SET_POSTINGS, &M, &err);
        _exit(st == FR_EFORMAT && strstr(err.msg, "corrupt index") ? 0 : 10 + (int)st);
    }
    int ws = 0;
    ck_assert_int_eq(waitpid(pid, &ws, 0), pid);
    ck_assert_msg(WIFEXITED(ws) && WEXITSTATUS(ws) == 0, "huge count: child exit %d (10 + status)",
                  WIFEXITED(ws) ? WEXITSTATUS(ws) : -1);
    examples_free(&x);
    free(pp);
}
END_TEST

/* Defect 6: fr_rank_key converted score × 10^4 to int32 whatever the score was — for a NaN or an
 * infinity that is undefined behaviour (x86 gives INT_MIN; clang's -fsanitize=float-cast-overflow
 * traps).  Defined now: clamped, NaN at the bottom. */
START_TEST(test_rank_key_of_a_non_finite_score)
{
    fr_pair_eval ev = {0};
    ev.gate = 1;
    ev.score = NAN;
    ck_assert_float_eq(fr_rank_key(&ev, FR_GATE_OFF), -1e6f);
    ck_assert_float_eq(fr_rank_key(&ev, FR_GATE_RANK), -1e6f + 20000.0f);
    ev.score = -INFINITY;
    ck_assert_float_eq(fr_rank_key(&ev, FR_GATE_OFF), -1e6f);
    ev.score = INFINITY;
    ck_assert_float_eq(fr_rank_key(&ev, FR_GATE_OFF), 1e6f);
    ev.score = 3e9f;
    ck_assert_float_eq(fr_rank_key(&ev, FR_GATE_OFF), 1e6f);
    ev.score = 0.12345f; /* finite scores: as before, the printed score in units of 1e-4 */
    ck_assert_float_eq(fr_rank_key(&ev, FR_GATE_OFF), 1235.0f);
    ck_assert_float_eq(fr_rank_key(&ev, FR_GATE_RANK), 21235.0f);
}
END_TEST

TCase *index_tcase(void)
{
    TCase *tc = tcase_create("index");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_zero_idf_model_and_a_posting_of_400_bullets);
    tcase_add_test(tc, test_rank_key_of_a_non_finite_score);
    tcase_add_test(tc, test_index_checksums_are_checked_on_use);
    tcase_add_test(tc, test_index_read_cold_ranks_the_same);
    tcase_add_test(tc, test_index_bit_flips_never_change_results);
    tcase_add_test(tc, test_index_huge_count_refused_before_allocating);
    return tc;
}
