/* tests/fuzz/fuzz_index.c — libFuzzer harness: arbitrary bytes as an index file (engine/index.c),
 * mapped and then read every way `rank` and `match` read one.
 *
 * An index carries checksums (header and table, each section, each document).  Random damage is
 * caught by them — which the bit-flip tests cover — so, to fuzz what lies behind them (a crafted
 * file carries valid ones), the harness reseals what it is given: it maps the bytes once (mapping
 * checks the structure, not the lazy checksums), recomputes every document's and every inverted
 * list's checksums (fr_index_doc_sum, fr_index_list_sum), then every section's and the header's,
 * and maps the result again.  The set is
 * then ranked against a one-document set of the other kind: pruned (documents verified lazily,
 * one by one), per résumé (match), exhaustively (every section verified at once) and by cosine,
 * and appended to a set in memory.
 *
 * The index must be made with the harness's model: FR_FUZZ_MODEL names it (`make fuzz` fits a
 * small one on examples/ and builds the seed indexes with it); without it, the embedded model.
 * The file lives in a memfd: no disk traffic per execution. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fr.h"
#include "util/hash.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* engine/index.c, format 8: the table, and the checksum sections (keep in step with its X_* ids:
 * with another count seal() leaves the file alone and nothing behind the checksums is fuzzed) */
enum { HDR = 128, ENTRY = 32, N_SECTIONS = 45, X_DOCSUM = 33, X_ISUM = 34, X_QISUM = 35, X_DOCREST = 36, X_SRCSUM = 45 };

static const char POSTING[] =
    "Backend Engineer\n\nRequirements:\n- 3+ years of experience with Go and PostgreSQL\n"
    "- Strong testing culture, CI/CD, Docker\n- Bachelor's degree in Computer Science\n\n"
    "Nice to have:\n- Kubernetes, Terraform\n";
static const char RESUME[] =
    "Jane Doe\n\nExperience\nSoftware Engineer, Acme, 2018-01 - 2024-06\n- Built Go services on PostgreSQL\n"
    "- Docker and Kubernetes in production\n\nEducation\nB.Sc. Computer Science, 2014 - 2017\n\n"
    "Skills\nGo, C++, Python, SQL\n";

static fr_model *model;
static fr_lexicon *lx;
static fr_docset P1, R1; /* one posting, one résumé, in memory */
static int fd = -1;
static char path[64];

static void setup(void)
{
    const char *mp = getenv("FR_FUZZ_MODEL");
    fr_error err = {0};
    if ((mp && *mp ? fr_model_load(mp, &model, &err) : fr_model_default(&model, &err)) != FR_OK ||
        fr_lexicon_new(&lx, &err) != FR_OK) {
        fprintf(stderr, "fuzz_index: %s\n", err.msg);
        abort();
    }
    fr_docset_builder *b;
    fr_posting *p;
    fr_resume *r;
    fr_ym as_of = {2026, 11};
    if (fr_docset_builder_new(model, lx, &b, &err) != FR_OK || fr_docset_init(&P1, FR_SET_POSTINGS, model, lx, &err) != FR_OK ||
        fr_docset_init(&R1, FR_SET_RESUMES, model, lx, &err) != FR_OK ||
        fr_posting_parse("p", POSTING, sizeof POSTING - 1, "source", lx, &p, &err) != FR_OK ||
        fr_docset_add_posting(&P1, b, p, POSTING, sizeof POSTING - 1, &err) != FR_OK ||
        fr_resume_parse("r", RESUME, sizeof RESUME - 1, "source", lx, as_of, &r, &err) != FR_OK ||
        fr_docset_add_resume(&R1, b, r, RESUME, sizeof RESUME - 1, &err) != FR_OK)
        abort();
    fr_posting_free(p);
    fr_resume_free(r);
    fr_docset_builder_free(b);
    fd = memfd_create("fuzz_index", 0);
    if (fd < 0)
        abort();
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
}

static void put_file(const unsigned char *p, size_t n)
{
    if (ftruncate(fd, 0) != 0 || pwrite(fd, p, n, 0) != (ssize_t)n)
        abort();
}

static uint64_t get64(const unsigned char *p) { uint64_t v; memcpy(&v, p, 8); return v; }

/* Section `id`'s place in b when the table puts it inside the file and it holds `n` checksums. */
static unsigned char *sums_of(unsigned char *b, size_t size, int id, size_t n)
{
    const unsigned char *e = b + HDR + (size_t)(id - 1) * ENTRY;
    uint64_t off = get64(e + 8), sz = get64(e + 16);
    return off <= size && sz <= size - off && sz == n * 8 ? b + off : NULL;
}

/* Recompute the checksum of every section the table places inside the file, then the header's. */
static void seal(unsigned char *b, size_t n)
{
    uint32_t nsec;
    memcpy(&nsec, b + 68, 4);
    if (nsec != N_SECTIONS || HDR + (size_t)nsec * ENTRY > n)
        return;
    for (uint32_t i = 0; i < nsec; i++) {
        unsigned char *e = b + HDR + i * ENTRY;
        uint64_t off = get64(e + 8), sz = get64(e + 16);
        if (off <= n && sz <= n - off) {
            uint64_t s = fr_checksum_xxh3(b + off, (size_t)sz);
            memcpy(e + 24, &s, 8);
        }
    }
    uint64_t h = fr_checksum64(b, 120) ^ fr_checksum64(b + HDR, (size_t)nsec * ENTRY);
    memcpy(b + 120, &h, 8);
}

static void rank_ways(const fr_docset *M, int kind, int whole)
{
    const fr_docset *P = kind == FR_SET_POSTINGS ? M : &P1, *R = kind == FR_SET_POSTINGS ? &R1 : M;
    for (int way = 0; way < 3; way++) {
        fr_rank_opts o;
        fr_rank_opts_default(&o);
        o.k = 2;
        o.prune_m = 2;
        o.shortlist_m = 2;
        o.exhaustive = whole && way == 0;
        o.prune_small_pools = !o.exhaustive;
        o.per_resume = way == 1;
        fr_rank_result res;
        fr_status st = way == 2 && whole ? fr_rank_cosine(P, R, &o, &res, NULL) : fr_rank(P, R, model, &o, &res, NULL);
        if (st == FR_OK)
            fr_rank_result_free(&res);
    }
}

/* What `explain --posting-id/--resume-id` does with a document of an index: its source, parsed. */
static void read_sources(const fr_docset *M)
{
    fr_ym as_of = {2026, 11};
    for (size_t i = 0; i < M->n && i < 8; i++) {
        fr_doc d;
        int32_t a;
        if (fr_docset_check_doc(M, i, NULL) != FR_OK || fr_docset_src(M, i, &d, &a, NULL) != FR_OK)
            continue;
        if (M->kind == FR_SET_POSTINGS) {
            fr_posting *p;
            if (fr_posting_parse_doc(&d, lx, &p, NULL) == FR_OK)
                fr_posting_free(p);
        } else {
            fr_resume *r;
            if (fr_resume_parse_doc(&d, lx, as_of, &r, NULL) == FR_OK)
                fr_resume_free(r);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!model)
        setup();
    if (size < HDR)
        return 0;
    unsigned char *b = malloc(size);
    if (!b)
        return 0;
    memcpy(b, data, size);
    int kind = b[12] == FR_SET_RESUMES ? FR_SET_RESUMES : FR_SET_POSTINGS;
    seal(b, size);
    put_file(b, size);
    fr_docset M;
    if (fr_index_map(path, model, lx, kind, &M, NULL) == FR_OK) {
        /* reseal the document and list checksums the mapped set implies */
        unsigned char *core = sums_of(b, size, X_DOCSUM, M.n), *rest = sums_of(b, size, X_DOCREST, M.n);
        unsigned char *srcs = M.keep_src ? sums_of(b, size, X_SRCSUM, M.n) : NULL;
        for (size_t i = 0; core && rest && i < M.n; i++) {
            uint64_t s0 = fr_index_doc_sum(&M, i, 0), s1 = fr_index_doc_sum(&M, i, 1);
            memcpy(core + i * 8, &s0, 8);
            memcpy(rest + i * 8, &s1, 8);
            fr_doc_src r; /* a source's checksum reads its texts: only within bounds */
            if (srcs && (memcpy(&r, M.srcs.data + i * sizeof r, sizeof r), fr_doc_src_ok(&r, &M.src_text))) {
                uint64_t s2 = fr_index_doc_sum(&M, i, 2);
                memcpy(srcs + i * 8, &s2, 8);
            }
        }
        const fr_csr_rows *inv[2] = {&M.doc_inv, &M.req_inv};
        for (int k = 0; k < 2; k++) {
            size_t nl = k && kind != FR_SET_POSTINGS ? 0 : fr_model_n_terms(model);
            unsigned char *ls = sums_of(b, size, k ? X_QISUM : X_ISUM, nl);
            for (size_t t = 0; ls && t < nl; t++) {
                uint64_t s = fr_index_list_sum(inv[k], t);
                memcpy(ls + t * 8, &s, 8);
            }
        }
        fr_docset_free(&M);
        seal(b, size);
        put_file(b, size);
        for (int whole = 0; whole < 2; whole++) {
            if (fr_index_map(path, model, lx, kind, &M, NULL) != FR_OK)
                break;
            rank_ways(&M, kind, whole);
            read_sources(&M);
            if (whole) {
                fr_docset C;
                if (fr_docset_init(&C, kind, model, lx, NULL) == FR_OK) {
                    C.keep_src = 1; /* as `index build` appends an index */
                    fr_docset_append(&C, &M, NULL);
                    fr_docset_free(&C);
                }
            }
            fr_docset_free(&M);
        }
    }
    free(b);
    return 0;
}
