/* engine/index.c — write, map and check index files; append sets. */
#define _DEFAULT_SOURCE /* MAP_POPULATE (Linux; without it a spilled batch is mapped lazily) */
#include "engine/index.h"
#include "engine/kinds.h"

#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/hash.h"
#include "util/io.h"
#include "util/prefetch.h"

static const char MAGIC[8] = {'F', 'R', 'I', 'N', 'D', 'E', 'X', '1'}; /* = FR_INDEX_MAGIC (engine/input.h) */
enum { HDR = 128, ENTRY = 32 };

/* Section ids: one per array of fr_docset, then checksums: per document (X_DOCSUM: the core,
 * X_DOCREST: the rest, see doc_sum), per list of the inverted index and of the requirement
 * inverted index (X_ISUM, X_QISUM). */
enum {
    X_STRINGS = 1, X_ID, X_TITLE, X_UNIT_START, X_N_REQ, X_UPTR, X_UCOL, X_UVAL, X_DPTR, X_DCOL, X_DVAL, X_UVEC,
    X_DVEC, X_ITEMS, X_SKILLS, X_CHUNKS, X_RFACTS, X_SKILL_BITS, X_SY_SKILL, X_SY_YEARS, X_IPTR, X_ICOL, X_IVAL,
    X_QPTR, X_QCOL, X_QVAL, X_QIPTR, X_QICOL, X_QIVAL, X_DCOARSE, X_DOCSUM, X_ISUM, X_QISUM,
    X_DOCREST, X_RECS, X_WPTR, X_WCOL, X_WVAL, X_SUBS, X_DWORDS,
    X_SRC_TEXT, X_SRCS, X_SRCSUM, X_COUNT
};

static const char *const SECTION_NAME[X_COUNT] = {
    "", "strings", "ids", "titles", "unit ranges", "required counts", "unit row starts", "unit row terms",
    "unit row weights", "document row starts", "document row terms", "document row weights", "unit vectors",
    "document vectors", "items", "item skills", "chunks", "résumé facts", "skill sets", "skill years (skills)",
    "skill years (years)", "inverted index starts", "inverted index documents", "inverted index weights",
    "requirement row starts", "requirement row terms", "requirement row weights",
    "requirement inverted index starts", "requirement inverted index documents", "requirement inverted index weights",
    "coarse document vectors", "document checksums", "inverted list checksums",
    "requirement inverted list checksums", "document checksums (texts)", "résumé records", "unit word starts",
    "unit word keys", "unit word weights", "item substitutes", "résumé word sets", "document texts",
    "document sources", "document checksums (sources)"};

typedef struct {
    const void *p;
    size_t n;
} span;

/* What a mapped index still has to verify, and what it has verified (engine/index.h).  Owned by
 * the fr_docset (fr_docset_free releases it); the mutex makes each section's verification happen
 * once, however many threads reach it first. */
struct fr_index_verify {
    pthread_mutex_t mu;
    _Atomic unsigned char ok[X_COUNT];  /* section verified */
    _Atomic int whole;                  /* every section verified (fr_index_verify_all) */
    span sp[X_COUNT];
    uint64_t sum[X_COUNT];
    size_t n_terms;
    _Atomic unsigned char *list_ok;     /* 2 × n_terms: inverted list verified (doc_inv, req_inv) */
    char path[];
};

static void advise_range(const void *p, size_t n, int advice);

static void spans_of(const fr_docset *s, span *sp)
{
    sp[X_STRINGS] = (span){s->strings.data, s->strings.len};
    sp[X_ID] = (span){s->id.v, s->id.n * 4};
    sp[X_TITLE] = (span){s->title.v, s->title.n * 4};
    sp[X_UNIT_START] = (span){s->unit_start.v, s->unit_start.n * 4};
    sp[X_N_REQ] = (span){s->n_req.v, s->n_req.n * 4};
    sp[X_UPTR] = (span){s->unit_rows.ptr.v, s->unit_rows.ptr.n * 4};
    sp[X_UCOL] = (span){s->unit_rows.col.v, s->unit_rows.col.n * 4};
    sp[X_UVAL] = (span){s->unit_rows.val, s->unit_rows.col.n * 4};
    sp[X_DPTR] = (span){s->doc_rows.ptr.v, s->doc_rows.ptr.n * 4};
    sp[X_DCOL] = (span){s->doc_rows.col.v, s->doc_rows.col.n * 4};
    sp[X_DVAL] = (span){s->doc_rows.val, s->doc_rows.col.n * 4};
    sp[X_UVEC] = (span){s->unit_vec.data, s->unit_vec.len};
    sp[X_DVEC] = (span){s->doc_vec.data, s->doc_vec.len};
    sp[X_ITEMS] = (span){s->items.data, s->items.len};
    sp[X_SKILLS] = (span){s->skills.v, s->skills.n * 4};
    sp[X_SUBS] = (span){s->subs.v, s->subs.n * 4};
    sp[X_DWORDS] = (span){s->doc_words.v, s->doc_words.n * 4};
    sp[X_CHUNKS] = (span){s->chunks.data, s->chunks.len};
    sp[X_RFACTS] = (span){s->rfacts.data, s->rfacts.len};
    sp[X_SKILL_BITS] = (span){s->skill_bits.data, s->skill_bits.len};
    sp[X_SY_SKILL] = (span){s->sy_skill.v, s->sy_skill.n * 4};
    sp[X_SY_YEARS] = (span){s->sy_years.data, s->sy_years.len};
    sp[X_IPTR] = (span){s->doc_inv.ptr.v, s->doc_inv.ptr.n * 4};
    sp[X_ICOL] = (span){s->doc_inv.col.v, s->doc_inv.col.n * 4};
    sp[X_IVAL] = (span){s->doc_inv.val, s->doc_inv.col.n * 4};
    sp[X_QPTR] = (span){s->req_rows.ptr.v, s->req_rows.ptr.n * 4};
    sp[X_QCOL] = (span){s->req_rows.col.v, s->req_rows.col.n * 4};
    sp[X_QVAL] = (span){s->req_rows.val, s->req_rows.col.n * 4};
    sp[X_QIPTR] = (span){s->req_inv.ptr.v, s->req_inv.ptr.n * 4};
    sp[X_QICOL] = (span){s->req_inv.col.v, s->req_inv.col.n * 4};
    sp[X_QIVAL] = (span){s->req_inv.val, s->req_inv.col.n * 4};
    sp[X_DCOARSE] = (span){s->doc_coarse.data, s->doc_coarse.len};
    sp[X_RECS] = (span){s->recs.data, s->recs.len};
    sp[X_WPTR] = (span){s->unit_words.ptr.v, s->unit_words.ptr.n * 4};
    sp[X_WCOL] = (span){s->unit_words.col.v, s->unit_words.col.n * 4};
    sp[X_WVAL] = (span){s->unit_words.val, s->unit_words.col.n * 4};
    sp[X_SRC_TEXT] = (span){s->src_text.data, s->src_text.len};
    sp[X_SRCS] = (span){s->srcs.data, s->srcs.len};
    sp[X_DOCSUM] = sp[X_ISUM] = sp[X_QISUM] = sp[X_DOCREST] = sp[X_SRCSUM] = (span){NULL, 0}; /* made when saving */
}

static fr_status save_spans(const fr_docset *s, const span *sp, const char *path, const fr_tmp_hook *hook,
                            int scratch, fr_error *err);

static void put32(unsigned char *p, uint32_t v) { memcpy(p, &v, 4); }
static void put64(unsigned char *p, uint64_t v) { memcpy(p, &v, 8); }
static uint32_t get32(const unsigned char *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static uint64_t get64(const unsigned char *p) { uint64_t v; memcpy(&v, p, 8); return v; }

/* Only a regular file is looked into: reading the start of a FIFO, /dev/stdin or <(...) would take
 * those bytes from the document reader that comes next.  stat() opens nothing; the open is
 * non-blocking and re-checked with fstat in case the path became a FIFO in between.  An index that
 * comes through a pipe anyway is refused by the document reader with a message (engine/input.c). */
int fr_index_sniff(const char *path)
{
    struct stat st;
    if (strcmp(path, "-") == 0 || stat(path, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 8)
        return 0;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
        return 0;
    char m[8];
    int ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && read(fd, m, 8) == 8 && memcmp(m, FR_INDEX_MAGIC, 8) == 0;
    close(fd);
    return ok;
}

/* ---- checksums --------------------------------------------------------------------------- */

/* Fold slice [off, off + n) of an array of `size`-byte elements into h (nothing of base is
 * touched when n is 0: an in-memory set may have no array there at all). */
static void mix(uint64_t *h, const void *base, size_t off, size_t n, size_t size)
{
    uint64_t pair[2] = {*h, n ? fr_checksum_xxh3((const char *)base + off * size, n * size) : 0};
    *h = fr_checksum_xxh3(pair, sizeof pair);
}

static void mix_str(uint64_t *h, const fr_docset *s, uint32_t off)
{
    mix(h, s->strings.data, off, strlen(s->strings.data + off) + 1, 1);
}

/* The checksums of document i: every byte of the set that belongs to it alone, and the offsets
 * that locate them (including where the next document's parts begin), in two parts —
 *   core (rest = 0): what scoring reads: unit and document rows and vectors, items and their
 *        skills, chunks, facts;
 *   rest (rest = 1): what only the query side of `rank` and the output read: the requirement view
 *        (its row) and the strings (id, title, item texts).
 * `match` scores thousands of candidates and reports ten: on a virtual machine the pages of the
 * rest would cost more than all the hashing.  What is shared by all documents and read before any
 * one of them is chosen (coarse vectors, skill sets, inverted indexes) is verified as whole
 * sections or per list instead.  The same function runs on the set being saved and on the mapped
 * set: the checksums cover exactly what a reader reads. */
static uint64_t doc_sum(const fr_docset *s, size_t i, int rest)
{
    uint64_t h = i;
    size_t d = s->dim;
    int post = s->kind == FR_SET_POSTINGS;
    uint32_t u0 = s->unit_start.v[i], u1 = s->unit_start.v[i + 1], sy0 = 0, sy1 = 0, sk0 = 0, sk1 = 0;
    if (rest) {
        uint32_t head[3] = {s->id.v[i], s->title.v[i], u1 - u0};
        mix(&h, head, 0, 3, 4);
        mix_str(&h, s, s->id.v[i]);
        if (s->title.v[i] != UINT32_MAX)
            mix_str(&h, s, s->title.v[i]);
        if (post) {
            const fr_csr_rows *m = &s->req_rows;
            uint32_t e0 = m->ptr.v[i], e1 = m->ptr.v[i + 1];
            mix(&h, m->ptr.v, i, 2, 4);
            mix(&h, m->col.v, e0, e1 - e0, 4);
            mix(&h, m->val, e0, e1 - e0, 4);
            for (uint32_t u = u0; u < u1; u++)
                mix_str(&h, s, fr_docset_item(s, u)->text);
        }
        return h;
    }
    if (post && u0 < u1) {
        sk0 = fr_docset_item(s, u0)->skill_start;
        sk1 = u1 < s->n_units ? fr_docset_item(s, u1)->skill_start : (uint32_t)s->skills.n;
    }
    if (!post) {
        sy0 = fr_docset_rfacts(s, i)->sy_start;
        sy1 = i + 1 < s->n ? fr_docset_rfacts(s, i + 1)->sy_start : (uint32_t)s->sy_skill.n;
    }
    uint32_t head[6] = {u0, u1, post ? s->n_req.v[i] : 0, sk0, sk1, sy1};
    mix(&h, head, 0, 6, 4);
    const fr_csr_rows *rows[3] = {&s->unit_rows, &s->doc_rows, &s->unit_words};
    size_t r0[3] = {u0, i, u0}, r1[3] = {u1, i + 1, u1};
    for (int k = 0; k < 3; k++) {
        const fr_csr_rows *m = rows[k];
        uint32_t e0 = m->ptr.v[r0[k]], e1 = m->ptr.v[r1[k]];
        mix(&h, m->ptr.v, r0[k], r1[k] - r0[k] + 1, 4);
        mix(&h, m->col.v, e0, e1 - e0, 4);
        mix(&h, m->val, e0, e1 - e0, 4);
    }
    mix(&h, s->unit_vec.data, (size_t)u0 * d, (size_t)(u1 - u0) * d, 4);
    mix(&h, s->doc_vec.data, i * d, d, 4);
    if (post) {
        mix(&h, s->items.data, u0, u1 - u0, sizeof(fr_unit_item));
        mix(&h, s->skills.v, sk0, sk1 - sk0, 4);
        uint32_t su0 = u0 < u1 ? fr_docset_item(s, u0)->sub_start : 0;
        uint32_t su1 = u0 < u1 ? (u1 < s->n_units ? fr_docset_item(s, u1)->sub_start : (uint32_t)s->subs.n) : 0;
        mix(&h, s->subs.v, su0, su1 - su0, 4);
    } else {
        mix(&h, s->chunks.data, u0, u1 - u0, sizeof(fr_unit_chunk));
        mix(&h, s->rfacts.data, i, 1, sizeof(fr_rfacts));
        mix(&h, s->sy_skill.v, sy0, sy1 - sy0, 4);
        mix(&h, s->sy_years.data, sy0, sy1 - sy0, 4);
        size_t nr;
        const fr_rrec *rec = fr_docset_recs(s, i, &nr);
        mix(&h, rec, 0, nr, sizeof *rec);
        uint32_t w0 = fr_docset_rfacts(s, i)->word_start,
                 w1 = i + 1 < s->n ? fr_docset_rfacts(s, i + 1)->word_start : (uint32_t)s->doc_words.n;
        mix(&h, s->doc_words.v, w0, w1 - w0, 4);
    }
    return h;
}

/* The checksum of list t of an inverted index: its documents and weights. */
static uint64_t list_sum(const fr_csr_rows *inv, size_t t)
{
    uint64_t h = t;
    uint32_t x0 = inv->ptr.v[t], x1 = inv->ptr.v[t + 1];
    mix(&h, inv->col.v, x0, x1 - x0, 4);
    mix(&h, inv->val, x0, x1 - x0, 4);
    return h;
}

/* The checksum of document i's source (fr_doc_src): its record and its texts, NUL included — what
 * only `explain` reads, verified only when it does.  The record's bounds are checked first
 * (fr_docset_src). */
static uint64_t src_sum(const fr_docset *s, size_t i)
{
    uint64_t h = i;
    fr_doc_src r;
    memcpy(&r, s->srcs.data + i * sizeof r, sizeof r);
    mix(&h, &r, 0, 1, sizeof r);
    mix(&h, s->src_text.data, (size_t)r.text, (size_t)r.len + 1, 1);
    if (r.alt_len)
        mix(&h, s->src_text.data, (size_t)r.alt, (size_t)r.alt_len + 1, 1);
    return h;
}

/* 1 when the n floats at p[off..] are all finite (the bits, so that it vectorises: a NaN or an
 * infinity has every exponent bit set). */
/* (AVX2 where there is one: the check reads every float a query verifies — 25 MB of coarse
 * vectors and ~7,000 floats a candidate at 100k postings — at twice SSE2's rate) */
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__)
__attribute__((target_clones("avx2", "default")))
#endif
static int finite_floats(const void *p, size_t off, size_t n)
{
    const unsigned char *b = (const unsigned char *)p + off * 4;
    unsigned bad = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t x;
        memcpy(&x, b + 4 * i, 4);
        bad |= (x & 0x7f800000u) == 0x7f800000u;
    }
    return !bad;
}

/* Header: magic[8] version u32 kind u32 | n u64 n_units u64 dim u64 skill_words u64 |
 * model hash [16] | lexicon version u32 n_sections u32 | table checksum u64 (at 120).
 * Table: per section { id u32, 0 u32, offset u64, size u64, XXH3-64 of its bytes u64 }. */
fr_status fr_index_save(const fr_docset *s, const char *path, fr_error *err)
{
    return fr_index_save_with(s, path, NULL, err);
}

fr_status fr_index_save_with(const fr_docset *s, const char *path, const fr_tmp_hook *hook, fr_error *err)
{
    if (s->lazy_units && !(hook && hook->scratch))
        return fr_fail(err, FR_EINVAL, "%s: a set without its chunk vectors is saved as a scratch file only", path);
    span sp[X_COUNT];
    fr_docset tmp = *s; /* shallow: only the inverted indexes are added (and freed) here */
    int own_inv = !s->has_inv, own_req = s->kind == FR_SET_POSTINGS && !s->has_req_inv;
    if (own_req)
        memset(&tmp.req_inv, 0, sizeof tmp.req_inv);
    if ((own_inv && fr_csr_transpose(&s->doc_rows, &tmp.doc_inv) != FR_OK) ||
        (own_req && fr_csr_transpose(&s->req_rows, &tmp.req_inv) != FR_OK)) {
        if (own_inv)
            fr_csr_free(&tmp.doc_inv);
        return fr_fail(err, FR_ENOMEM, "out of memory for the inverted index");
    }
    spans_of(&tmp, sp);
    size_t nl = tmp.doc_inv.ptr.n ? tmp.doc_inv.ptr.n - 1 : 0, nq = tmp.req_inv.ptr.n ? tmp.req_inv.ptr.n - 1 : 0;
    int srcs = s->srcs.len == s->n * sizeof(fr_doc_src) && s->n;
    if (s->srcs.len && !srcs) {
        if (own_inv)
            fr_csr_free(&tmp.doc_inv);
        if (own_req)
            fr_csr_free(&tmp.req_inv);
        return fr_fail(err, FR_EINVAL, "%s: the set keeps the sources of some documents only", path);
    }
    size_t ns = srcs ? s->n : 0;
    uint64_t *sums = malloc((2 * s->n + nl + nq + ns + 1) * sizeof *sums);
    if (!sums) {
        if (own_inv)
            fr_csr_free(&tmp.doc_inv);
        if (own_req)
            fr_csr_free(&tmp.req_inv);
        return fr_fail(err, FR_ENOMEM, "out of memory");
    }
    /* a scratch file (a spilled batch, mapped back by fr_index_map_scratch) carries no checksums:
     * hashing every byte twice on the way out and again on the way in was most of a spill's cost
     * after the write itself */
    int scratch = hook && hook->scratch;
    if (scratch) {
        memset(sums, 0, (2 * s->n + nl + nq + ns + 1) * sizeof *sums);
    } else {
        for (size_t i = 0; i < s->n; i++) {
            sums[i] = doc_sum(&tmp, i, 0);
            sums[s->n + nl + nq + i] = doc_sum(&tmp, i, 1);
        }
        for (size_t i = 0; i < ns; i++)
            sums[2 * s->n + nl + nq + i] = src_sum(&tmp, i);
        for (size_t t = 0; t < nl; t++)
            sums[s->n + t] = list_sum(&tmp.doc_inv, t);
        for (size_t t = 0; t < nq; t++)
            sums[s->n + nl + t] = list_sum(&tmp.req_inv, t);
    }
    sp[X_DOCSUM] = (span){sums, s->n * sizeof *sums};
    sp[X_ISUM] = (span){sums + s->n, nl * sizeof *sums};
    sp[X_QISUM] = (span){sums + s->n + nl, nq * sizeof *sums};
    sp[X_DOCREST] = (span){sums + s->n + nl + nq, s->n * sizeof *sums};
    sp[X_SRCSUM] = (span){sums + 2 * s->n + nl + nq, ns * sizeof *sums};
    fr_status st = save_spans(s, sp, path, hook, scratch, err);
    free(sums);
    if (own_inv)
        fr_csr_free(&tmp.doc_inv);
    if (own_req)
        fr_csr_free(&tmp.req_inv);
    return st;
}

static fr_status save_spans(const fr_docset *s, const span *sp, const char *path, const fr_tmp_hook *hook,
                            int scratch, fr_error *err)
{
    size_t nsec = X_COUNT - 1, table = HDR, off = HDR + nsec * ENTRY;
    unsigned char *head = calloc(1, off);
    if (!head)
        return fr_fail(err, FR_ENOMEM, "out of memory");
    memcpy(head, MAGIC, 8);
    put32(head + 8, FR_INDEX_FORMAT_VERSION);
    put32(head + 12, (uint32_t)s->kind);
    put64(head + 16, s->n);
    put64(head + 24, s->n_units);
    put64(head + 32, s->dim);
    put64(head + 40, s->n_skill_words);
    memcpy(head + 48, s->model_hash, 16);
    put32(head + 64, (uint32_t)s->lexicon_version);
    put32(head + 68, (uint32_t)nsec);
    size_t pos = off;
    for (size_t i = 1; i < X_COUNT; i++) {
        pos = (pos + 63) & ~(size_t)63;
        unsigned char *e = head + table + (i - 1) * ENTRY;
        put32(e, (uint32_t)i);
        put64(e + 8, pos);
        put64(e + 16, sp[i].n);
        put64(e + 24, scratch ? 0 : fr_checksum_xxh3(sp[i].p, sp[i].n));
        pos += sp[i].n;
    }
    put64(head + 120, fr_checksum_xxh3(head, 120) ^ fr_checksum_xxh3(head + table, nsec * ENTRY));
    fr_outfile out = {0};
    fr_status st = fr_outfile_open_with(&out, path, hook, err);
    if (st != FR_OK) {
        free(head);
        return st;
    }
    static const unsigned char zeros[64];
    size_t at = off;
    int ok = fwrite(head, 1, off, out.fp) == off;
    for (size_t i = 1; ok && i < X_COUNT; i++) {
        size_t pad = ((at + 63) & ~(size_t)63) - at;
        ok = fwrite(zeros, 1, pad, out.fp) == pad && (sp[i].n == 0 || fwrite(sp[i].p, 1, sp[i].n, out.fp) == sp[i].n);
        at += pad + sp[i].n;
    }
    free(head);
    if (!ok) {
        fr_outfile_abort(&out);
        return fr_fail(err, FR_EIO, "%s: write error", path);
    }
    return fr_outfile_commit(&out, err);
}

/* Check that nothing in a mapped set can index out of bounds. */
static fr_status check(const fr_docset *s, size_t n_terms, const char *path, fr_error *err)
{
#define BAD(what) return fr_fail(err, FR_EFORMAT, "%s: corrupt index (%s)", path, what)
    size_t n = s->n, nu = s->n_units, d = s->dim;
    if (s->id.n != n || s->title.n != n || s->unit_start.n != n + 1)
        BAD("document arrays");
    if (!s->strings.len || s->strings.data[s->strings.len - 1] != '\0')
        BAD("strings");
    for (size_t i = 0; i < n; i++)
        if (s->id.v[i] >= s->strings.len || (s->title.v[i] != UINT32_MAX && s->title.v[i] >= s->strings.len))
            BAD("string offsets");
    if (s->unit_start.v[0] != 0 || s->unit_start.v[n] != nu)
        BAD("unit ranges");
    for (size_t i = 0; i < n; i++)
        if (s->unit_start.v[i] > s->unit_start.v[i + 1])
            BAD("unit ranges");
    const fr_csr_rows *rows[3] = {&s->unit_rows, &s->doc_rows, &s->unit_words};
    size_t nr[3] = {nu, n, nu};
    for (int k = 0; k < 3; k++) {
        const fr_csr_rows *m = rows[k];
        if (m->ptr.n != nr[k] + 1 || m->ptr.v[0] != 0 || m->ptr.v[nr[k]] != m->col.n)
            BAD("sparse rows");
        for (size_t i = 0; i < nr[k]; i++)
            if (m->ptr.v[i] > m->ptr.v[i + 1])
                BAD("sparse rows");
        /* the term ids themselves are checked per document on first use (fr_docset_check_doc):
         * reading every id of a 100k-posting index costs more than the query */
    }
    const fr_csr_rows *iv = &s->doc_inv;
    if (iv->ptr.n != n_terms + 1 || iv->ptr.v[0] != 0 || iv->ptr.v[n_terms] != iv->col.n ||
        iv->col.n != s->doc_rows.col.n)
        BAD("inverted index");
    for (size_t t = 0; t < n_terms; t++)
        if (iv->ptr.v[t] > iv->ptr.v[t + 1])
            BAD("inverted index");
    /* its document ids are checked as lists are walked (engine/rank.c) */
    if (s->doc_coarse.len != n * s->cdim * 4)
        BAD("coarse vectors");
    if (s->unit_vec.len != (s->lazy_units ? 0 : nu * d * 4) || s->doc_vec.len != n * d * 4)
        BAD("vectors");
    if (s->kind == FR_SET_POSTINGS) {
        const fr_csr_rows *q = &s->req_rows, *qi = &s->req_inv;
        if (q->ptr.n != n + 1 || q->ptr.v[0] != 0 || q->ptr.v[n] != q->col.n ||
            qi->ptr.n != n_terms + 1 || qi->ptr.v[0] != 0 || qi->ptr.v[n_terms] != qi->col.n || qi->col.n != q->col.n)
            BAD("requirement rows");
        for (size_t i = 0; i < n; i++)
            if (q->ptr.v[i] > q->ptr.v[i + 1])
                BAD("requirement rows");
        for (size_t t = 0; t < n_terms; t++)
            if (qi->ptr.v[t] > qi->ptr.v[t + 1])
                BAD("requirement rows");
        (void)n_terms; /* ids: as above, on use */
        if (s->n_req.n != n || s->items.len != nu * sizeof(fr_unit_item))
            BAD("items");
        if (s->skill_bits.len != n * s->n_skill_words * 8)
            BAD("skill sets");
        for (size_t i = 0; i < n; i++)
            if (s->n_req.v[i] > s->unit_start.v[i + 1] - s->unit_start.v[i])
                BAD("required counts");
        /* the item records and their skill ids are checked per posting on first use
         * (fr_index_verify_doc, items_ok): at 100k postings they are 35 MB, and a query reads the
         * items of a few thousand */
    } else {
        if (s->chunks.len != nu * sizeof(fr_unit_chunk) || s->rfacts.len != n * sizeof(fr_rfacts) ||
            s->skill_bits.len != n * s->n_skill_words * 8 || s->sy_years.len != s->sy_skill.n * 4 ||
            s->recs.len % sizeof(fr_rrec) != 0)
            BAD("résumé records");
        uint32_t prev = 0, prev_rec = 0, prev_w = 0, n_rec = (uint32_t)(s->recs.len / sizeof(fr_rrec));
        for (size_t i = 0; i < n; i++) {
            const fr_rfacts *f = fr_docset_rfacts(s, i);
            if (f->sy_start < prev || f->sy_start > s->sy_skill.n || f->rec_start < prev_rec || f->rec_start > n_rec ||
                f->word_start < prev_w || f->word_start > s->doc_words.n)
                BAD("résumé facts");
            prev = f->sy_start;
            prev_rec = f->rec_start;
            prev_w = f->word_start;
        }
        /* a record's chunks index the résumé's chunks: within them, or verdicts would read out of
         * bounds */
        for (size_t i = 0; i < n; i++) {
            size_t nrec;
            const fr_rrec *rec = fr_docset_recs(s, i, &nrec);
            int64_t nc = (int64_t)s->unit_start.v[i + 1] - (int64_t)s->unit_start.v[i];
            for (size_t k = 0; k < nrec; k++)
                if (rec[k].chunk < -1 || rec[k].n_chunks < 0 || rec[k].chunk >= nc ||
                    (int64_t)rec[k].chunk + rec[k].n_chunks > nc || rec[k].start < 0 || rec[k].end < 0 ||
                    rec[k].start > 1000000 || rec[k].end > 1000000) /* months: year 83,000 */
                    BAD("résumé records");
        }
    }
    return FR_OK;
#undef BAD
}

static fr_status map_index(const char *path, const fr_model *m, const fr_lexicon *lx, int kind, int scratch,
                           fr_docset *out, fr_error *err);

fr_status fr_index_map(const char *path, const fr_model *m, const fr_lexicon *lx, int kind, fr_docset *out,
                       fr_error *err)
{
    return map_index(path, m, lx, kind, 0, out, err);
}

fr_status fr_index_map_scratch(const char *path, const fr_model *m, const fr_lexicon *lx, int kind, fr_docset *out,
                               fr_error *err)
{
    return map_index(path, m, lx, kind, 1, out, err);
}

static fr_status map_index(const char *path, const fr_model *m, const fr_lexicon *lx, int kind, int scratch,
                           fr_docset *out, fr_error *err)
{
    memset(out, 0, sizeof *out);
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return fr_fail(err, FR_EIO, "%s: cannot open index", path);
    struct stat stt;
    if (fstat(fd, &stt) != 0 || stt.st_size < HDR) {
        close(fd);
        return fr_fail(err, FR_EFORMAT, "%s: not a fitrank index (too short)", path);
    }
    size_t len = (size_t)stt.st_size;
    int flags = MAP_PRIVATE;
#ifdef MAP_POPULATE
    /* a spilled batch was written a moment ago and every part of it is read: its pages are in the
     * page cache, and mapping them at once costs a fraction of a fault per page (~10 µs each on
     * these VMs) */
    if (scratch)
        flags |= MAP_POPULATE;
#endif
    void *map = mmap(NULL, len, PROT_READ, flags, fd, 0);
    close(fd);
    if (map == MAP_FAILED)
        return fr_fail(err, FR_EIO, "%s: cannot map index", path);
    const unsigned char *b = map;
    fr_status st = FR_OK;
#define FAIL(code, ...)                                \
    do {                                               \
        st = fr_fail(err, code, __VA_ARGS__);          \
        goto fail;                                     \
    } while (0)
    if (memcmp(b, MAGIC, 8) != 0)
        FAIL(FR_EFORMAT, "%s: not a fitrank index", path);
    if (get32(b + 8) != FR_INDEX_FORMAT_VERSION)
        FAIL(FR_EVERSION, "%s: index format %u, this fitrank reads %d: rebuild it with `fitrank index build`", path,
             get32(b + 8), FR_INDEX_FORMAT_VERSION);
    size_t nsec = get32(b + 68);
    if (nsec != X_COUNT - 1 || HDR + nsec * ENTRY > len)
        FAIL(FR_EFORMAT, "%s: corrupt index (section table)", path);
    if (get64(b + 120) != (fr_checksum_xxh3(b, 120) ^ fr_checksum_xxh3(b + HDR, nsec * ENTRY)))
        FAIL(FR_EFORMAT, "%s: corrupt index (header checksum)", path);
    char hash[17];
    memcpy(hash, b + 48, 16);
    hash[16] = '\0';
    int k = (int)get32(b + 12);
    if (k != kind)
        FAIL(FR_EVERSION, "%s: an index of %s, given where %s are expected", path,
             k == FR_SET_POSTINGS ? "postings" : "résumés", kind == FR_SET_POSTINGS ? "postings" : "résumés");
    if (strcmp(hash, fr_model_hash(m)) != 0)
        FAIL(FR_EVERSION, "%s: built with model %s, but this run uses model %s: rebuild it with `fitrank index build` (or pass --model)",
             path, hash, fr_model_hash(m));
    if ((int)get32(b + 64) != fr_lexicon_version(lx))
        FAIL(FR_EVERSION, "%s: built with skill lexicon v%u, this fitrank has v%d: rebuild it with `fitrank index build`", path,
             get32(b + 64), fr_lexicon_version(lx));
    out->kind = k;
    out->n = get64(b + 16);
    out->n_units = get64(b + 24);
    out->dim = get64(b + 32);
    out->n_skill_words = get64(b + 40);
    memcpy(out->model_hash, hash, 17);
    out->lexicon_version = fr_lexicon_version(lx);
    if (out->dim != fr_model_dim(m) || out->n_skill_words != (fr_lexicon_size(lx) + 63) / 64 ||
        out->n > UINT32_MAX || out->n_units > UINT32_MAX)
        FAIL(FR_EFORMAT, "%s: corrupt index (dimensions)", path);
    span sp[X_COUNT] = {{0}};
    uint64_t sums[X_COUNT] = {0};
    for (size_t i = 0; i < nsec; i++) {
        const unsigned char *e = b + HDR + i * ENTRY;
        uint32_t id = get32(e);
        uint64_t off = get64(e + 8), sz = get64(e + 16);
        if (id != i + 1 || off > len || sz > len - off || (off & 63))
            FAIL(FR_EFORMAT, "%s: corrupt index (section %zu)", path, i + 1);
        sp[id] = (span){b + off, (size_t)sz};
        sums[id] = get64(e + 24);
    }
    size_t nt = fr_model_n_terms(m);
    if (sp[X_DOCSUM].n != out->n * 8 || sp[X_DOCREST].n != out->n * 8 || sp[X_ISUM].n != nt * 8 ||
        sp[X_QISUM].n != (out->kind == FR_SET_POSTINGS ? nt * 8 : 0) ||
        (sp[X_SRCS].n != 0 && sp[X_SRCS].n != out->n * sizeof(fr_doc_src)) ||
        sp[X_SRCSUM].n != (sp[X_SRCS].n ? out->n * 8 : 0))
        FAIL(FR_EFORMAT, "%s: corrupt index (checksums)", path);
    for (int i = 1; i < X_COUNT; i++)
        if (i != X_STRINGS && i != X_ITEMS && i != X_CHUNKS && i != X_RFACTS && i != X_SKILL_BITS && i != X_SRC_TEXT &&
            (sp[i].n & 3))
            FAIL(FR_EFORMAT, "%s: corrupt index (section %d size)", path, i);
#define U32(sec, vec)                                  \
    do {                                               \
        (vec).v = (uint32_t *)(uintptr_t)sp[sec].p;    \
        (vec).n = sp[sec].n / 4;                       \
    } while (0)
#define BUF(sec, bf)                                   \
    do {                                               \
        (bf).data = (char *)(uintptr_t)sp[sec].p;      \
        (bf).len = sp[sec].n;                          \
    } while (0)
    BUF(X_STRINGS, out->strings);
    U32(X_ID, out->id);
    U32(X_TITLE, out->title);
    U32(X_UNIT_START, out->unit_start);
    U32(X_N_REQ, out->n_req);
    U32(X_UPTR, out->unit_rows.ptr);
    U32(X_UCOL, out->unit_rows.col);
    out->unit_rows.val = (float *)(uintptr_t)sp[X_UVAL].p;
    out->unit_rows.n = out->n_units;
    out->unit_rows.ncols = fr_model_n_terms(m);
    U32(X_DPTR, out->doc_rows.ptr);
    U32(X_DCOL, out->doc_rows.col);
    out->doc_rows.val = (float *)(uintptr_t)sp[X_DVAL].p;
    out->doc_rows.n = out->n;
    out->doc_rows.ncols = fr_model_n_terms(m);
    if (sp[X_UVAL].n != sp[X_UCOL].n || sp[X_DVAL].n != sp[X_DCOL].n)
        FAIL(FR_EFORMAT, "%s: corrupt index (sparse values)", path);
    BUF(X_UVEC, out->unit_vec);
    BUF(X_DVEC, out->doc_vec);
    BUF(X_ITEMS, out->items);
    U32(X_SKILLS, out->skills);
    U32(X_SUBS, out->subs);
    U32(X_DWORDS, out->doc_words);
    BUF(X_CHUNKS, out->chunks);
    BUF(X_RFACTS, out->rfacts);
    BUF(X_SKILL_BITS, out->skill_bits);
    U32(X_SY_SKILL, out->sy_skill);
    BUF(X_SY_YEARS, out->sy_years);
    BUF(X_RECS, out->recs);
    BUF(X_SRC_TEXT, out->src_text);
    BUF(X_SRCS, out->srcs);
    out->keep_src = out->srcs.len != 0;
    /* a spilled batch of rank's pruned path keeps no chunk vectors (fr_docset.lazy_units); an
     * index file always has them */
    out->lazy_units = scratch && out->kind == FR_SET_RESUMES && out->unit_vec.len == 0 && out->n_units && out->dim;
    U32(X_WPTR, out->unit_words.ptr);
    U32(X_WCOL, out->unit_words.col);
    out->unit_words.val = (float *)(uintptr_t)sp[X_WVAL].p;
    out->unit_words.n = out->n_units;
    out->unit_words.ncols = FR_WORD_KEYS;
    if (sp[X_WVAL].n != sp[X_WCOL].n)
        FAIL(FR_EFORMAT, "%s: corrupt index (word rows)", path);
    U32(X_IPTR, out->doc_inv.ptr);
    U32(X_ICOL, out->doc_inv.col);
    out->doc_inv.val = (float *)(uintptr_t)sp[X_IVAL].p;
    out->doc_inv.n = fr_model_n_terms(m);
    out->doc_inv.ncols = out->n;
    out->has_inv = 1;
    BUF(X_DCOARSE, out->doc_coarse);
    out->cdim = out->dim < FR_COARSE_DIM ? out->dim : FR_COARSE_DIM;
    U32(X_QPTR, out->req_rows.ptr);
    U32(X_QCOL, out->req_rows.col);
    out->req_rows.val = (float *)(uintptr_t)sp[X_QVAL].p;
    out->req_rows.n = out->kind == FR_SET_POSTINGS ? out->n : 0;
    out->req_rows.ncols = fr_model_n_terms(m);
    U32(X_QIPTR, out->req_inv.ptr);
    U32(X_QICOL, out->req_inv.col);
    out->req_inv.val = (float *)(uintptr_t)sp[X_QIVAL].p;
    out->req_inv.n = fr_model_n_terms(m);
    out->req_inv.ncols = out->n;
    out->has_req_inv = out->kind == FR_SET_POSTINGS;
    if (sp[X_QVAL].n != sp[X_QCOL].n || sp[X_QIVAL].n != sp[X_QICOL].n)
        FAIL(FR_EFORMAT, "%s: corrupt index (requirement values)", path);
    if (sp[X_IVAL].n != sp[X_ICOL].n)
        FAIL(FR_EFORMAT, "%s: corrupt index (inverted index values)", path);
#undef U32
#undef BUF
    out->map = map;
    out->map_len = len;
    out->n_terms = fr_model_n_terms(m);
    /* what check() reads, asked for at once (from a cold page cache: read together, not fault by
     * fault), and the postings' skill and substitute arrays (a few MB that every candidate reads a
     * few bytes of; their items, 30 MB at 100k postings, are asked for per candidate:
     * fr_index_prefetch_doc); of the strings check() reads the last byte only, which pulled the
     * device's read-ahead (8 MB here) of the strings around it */
    static const int checked_ids[] = {X_ID, X_TITLE, X_UNIT_START, X_N_REQ, X_UPTR, X_DPTR, X_WPTR, X_IPTR, X_QPTR,
                                      X_QIPTR, X_SKILLS, X_SUBS, X_RFACTS, X_RECS};
    if (!scratch) {
        advise_range(sp[X_STRINGS].p, sp[X_STRINGS].n, MADV_RANDOM);
        for (size_t c = 0; c < sizeof checked_ids / sizeof *checked_ids; c++)
            advise_range(sp[checked_ids[c]].p, sp[checked_ids[c]].n, MADV_WILLNEED);
    }
    /* the counts are checked against the sections before anything is allocated by them (a
     * crafted header could ask for 2^32 documents) */
    if ((st = check(out, fr_model_n_terms(m), path, err)) != FR_OK)
        goto fail;
    size_t plen = strlen(path) + 1;
    struct fr_index_verify *v = calloc(1, sizeof *v + plen);
    out->checked = calloc(out->n + 1, 1);
    if (v)
        v->list_ok = calloc(2 * nt + 1, 1);
    if (!v || !v->list_ok || !out->checked || pthread_mutex_init(&v->mu, NULL) != 0) {
        if (v)
            free((void *)v->list_ok);
        free(v);
        free((void *)out->checked);
        FAIL(FR_ENOMEM, "out of memory");
    }
    v->n_terms = nt;
    memcpy(v->sp, sp, sizeof sp);
    memcpy(v->sum, sums, sizeof sums);
    memcpy(v->path, path, plen);
    out->verify = v;
    if (scratch) /* no checksums to verify: the file is this process's own (fr_index_map_scratch) */
        atomic_store_explicit(&v->whole, 1, memory_order_release);
    return FR_OK;
fail:
    munmap(map, len);
    memset(out, 0, sizeof *out);
    return st;
#undef FAIL
}

static fr_status append_range(fr_docset *dst, const fr_docset *src, size_t i0, size_t i1, fr_error *err);

fr_status fr_docset_append(fr_docset *dst, const fr_docset *src, fr_error *err)
{
    fr_status cs = fr_docset_check_all(src, err);
    return cs == FR_OK ? append_range(dst, src, 0, src->n, err) : cs;
}

fr_status fr_docset_append_take(fr_docset *dst, fr_docset *src, fr_error *err)
{
    /* what a set is beside its documents must agree for the two to change places (append_range
     * refuses the rest with its message); a transpose is built from the rows, never moved */
    if (dst->n || dst->map || src->map || dst->has_inv || dst->has_req_inv || src->has_inv || src->has_req_inv ||
        dst->kind != src->kind || dst->dim != src->dim || dst->cdim != src->cdim ||
        strcmp(dst->model_hash, src->model_hash) != 0 || dst->n_skill_words != src->n_skill_words ||
        dst->lexicon_version != src->lexicon_version || dst->lazy_units != src->lazy_units ||
        dst->keep_src != src->keep_src || dst->n_terms != src->n_terms || !dst->unit_start.v || !src->unit_start.v) {
        fr_status st = fr_docset_append(dst, src, err);
        if (st == FR_OK)
            fr_docset_clear(src);
        return st;
    }
    fr_docset t = *dst;
    *dst = *src;
    *src = t;
    fr_docset_clear(src);
    return FR_OK;
}

fr_status fr_docset_append_range(fr_docset *dst, const fr_docset *src, size_t i0, size_t i1, fr_error *err)
{
    if (i0 > i1 || i1 > src->n)
        return fr_fail(err, FR_EINVAL, "documents %zu..%zu of a set of %zu", i0, i1, src->n);
    for (size_t i = i0; i < i1; i++) { /* a mapped set's documents are verified before they are copied */
        fr_status cs = fr_docset_check_doc(src, i, err);
        if (cs != FR_OK)
            return cs;
    }
    return append_range(dst, src, i0, i1, err);
}

/* A slice [a, b) of a u32 array, each element + add. */
static fr_status push_u32s(fr_u32vec *v, const uint32_t *x, size_t a, size_t b, uint32_t add)
{
    for (size_t i = a; i < b; i++)
        if (fr_u32vec_push(v, x[i] + add) != FR_OK)
            return FR_ENOMEM;
    return FR_OK;
}

static fr_status push_rows(fr_csr_rows *dst, const fr_csr_rows *m, size_t a, size_t b)
{
    fr_status st = FR_OK;
    for (size_t r = a; st == FR_OK && r < b; r++)
        st = fr_csr_append(dst, m->col.v + m->ptr.v[r], m->val + m->ptr.v[r], m->ptr.v[r + 1] - m->ptr.v[r]);
    return st;
}

static fr_status push_bytes(fr_buf *dst, const fr_buf *src, size_t a, size_t b, size_t size)
{
    return b > a ? fr_buf_append(dst, src->data + a * size, (b - a) * size) : FR_OK;
}

/* Copy string `off` of src into dst's strings: its offset there. */
static fr_status copy_str(fr_docset *dst, const fr_docset *src, uint32_t off, uint32_t *out)
{
    size_t n = strlen(src->strings.data + off) + 1;
    if (dst->strings.len + n > UINT32_MAX)
        return FR_ENOMEM;
    *out = (uint32_t)dst->strings.len;
    return fr_buf_append(&dst->strings, src->strings.data + off, n);
}

/* Documents [i0, i1) of src, verified, copied to the end of dst. */
static fr_status append_range(fr_docset *dst, const fr_docset *src, size_t i0, size_t i1, fr_error *err)
{
    if (dst->kind != src->kind || dst->dim != src->dim || strcmp(dst->model_hash, src->model_hash) != 0 ||
        dst->n_skill_words != src->n_skill_words)
        return fr_fail(err, FR_EINVAL, "cannot merge document sets of different kinds or models");
    if (src->lazy_units != dst->lazy_units)
        return fr_fail(err, FR_EINVAL, "cannot merge a set without its chunk vectors with one that has them");
    int post = src->kind == FR_SET_POSTINGS;
    size_t d = src->dim, cd = src->cdim, nsw = src->n_skill_words;
    uint32_t u0 = src->unit_start.v[i0], u1 = src->unit_start.v[i1];
    if (dst->n_units + (u1 - u0) > UINT32_MAX)
        return fr_fail(err, FR_ENOMEM, "document set too large");
    /* where the slice's concatenated parts begin in src, and where they go in dst */
    uint32_t uo = (uint32_t)dst->n_units;
    fr_status st = FR_OK;
    for (size_t i = i0; st == FR_OK && i < i1; i++) {
        uint32_t id, title = UINT32_MAX;
        st = copy_str(dst, src, src->id.v[i], &id);
        if (st == FR_OK && src->title.v[i] != UINT32_MAX)
            st = copy_str(dst, src, src->title.v[i], &title);
        if (st == FR_OK)
            st = fr_u32vec_push(&dst->id, id);
        if (st == FR_OK)
            st = fr_u32vec_push(&dst->title, title);
        if (st == FR_OK)
            st = fr_u32vec_push(&dst->unit_start, src->unit_start.v[i + 1] - u0 + uo);
        if (st == FR_OK && post)
            st = fr_u32vec_push(&dst->n_req, src->n_req.v[i]);
        /* a posting's item texts follow its id and title, as fr_docset_add_posting lays them out */
        for (uint32_t u = src->unit_start.v[i]; post && st == FR_OK && u < src->unit_start.v[i + 1]; u++) {
            fr_unit_item it = *fr_docset_item(src, u);
            uint32_t sk_a = fr_docset_item(src, u0)->skill_start, su_a = fr_docset_item(src, u0)->sub_start;
            st = copy_str(dst, src, it.text, &it.text);
            it.skill_start = it.skill_start - sk_a + (uint32_t)dst->skills.n;
            it.sub_start = it.sub_start - su_a + (uint32_t)dst->subs.n;
            if (st == FR_OK)
                st = fr_buf_append(&dst->items, &it, sizeof it);
        }
    }
    if (st == FR_OK)
        st = push_rows(&dst->unit_rows, &src->unit_rows, u0, u1);
    if (st == FR_OK)
        st = push_rows(&dst->unit_words, &src->unit_words, u0, u1);
    if (st == FR_OK)
        st = push_rows(&dst->doc_rows, &src->doc_rows, i0, i1);
    if (st == FR_OK && !src->lazy_units)
        st = push_bytes(&dst->unit_vec, &src->unit_vec, (size_t)u0 * d, (size_t)u1 * d, 4);
    if (st == FR_OK)
        st = push_bytes(&dst->doc_vec, &src->doc_vec, i0 * d, i1 * d, 4);
    if (st == FR_OK)
        st = push_bytes(&dst->doc_coarse, &src->doc_coarse, i0 * cd, i1 * cd, 4);
    if (st == FR_OK) /* both kinds: what a résumé names, what a posting asks for */
        st = push_bytes(&dst->skill_bits, &src->skill_bits, i0 * nsw, i1 * nsw, 8);
    if (post && st == FR_OK) {
        /* the items' skills and substitutes were placed above: the slices follow */
        size_t sk0 = u0 < u1 ? fr_docset_item(src, u0)->skill_start : 0, su0 = u0 < u1 ? fr_docset_item(src, u0)->sub_start : 0;
        size_t sk1 = u0 < u1 ? (u1 < src->n_units ? fr_docset_item(src, u1)->skill_start : src->skills.n) : 0;
        size_t su1 = u0 < u1 ? (u1 < src->n_units ? fr_docset_item(src, u1)->sub_start : src->subs.n) : 0;
        st = push_u32s(&dst->skills, src->skills.v, sk0, sk1, 0);
        if (st == FR_OK)
            st = push_u32s(&dst->subs, src->subs.v, su0, su1, 0);
        if (st == FR_OK)
            st = push_rows(&dst->req_rows, &src->req_rows, i0, i1);
    } else if (st == FR_OK) {
        st = push_bytes(&dst->chunks, &src->chunks, u0, u1, sizeof(fr_unit_chunk));
        size_t n_rec = src->recs.len / sizeof(fr_rrec);
        uint32_t sy0 = i0 < i1 ? fr_docset_rfacts(src, i0)->sy_start : 0, rec0 = i0 < i1 ? fr_docset_rfacts(src, i0)->rec_start : 0,
                 w0 = i0 < i1 ? fr_docset_rfacts(src, i0)->word_start : 0;
        uint32_t sy1 = i0 < i1 ? (i1 < src->n ? fr_docset_rfacts(src, i1)->sy_start : (uint32_t)src->sy_skill.n) : 0,
                 rec1 = i0 < i1 ? (i1 < src->n ? fr_docset_rfacts(src, i1)->rec_start : (uint32_t)n_rec) : 0,
                 w1 = i0 < i1 ? (i1 < src->n ? fr_docset_rfacts(src, i1)->word_start : (uint32_t)src->doc_words.n) : 0;
        uint32_t syo = (uint32_t)dst->sy_skill.n, reco = (uint32_t)(dst->recs.len / sizeof(fr_rrec)),
                 dwo = (uint32_t)dst->doc_words.n;
        for (size_t i = i0; st == FR_OK && i < i1; i++) {
            fr_rfacts f = *fr_docset_rfacts(src, i);
            f.sy_start = f.sy_start - sy0 + syo;
            f.rec_start = f.rec_start - rec0 + reco;
            f.word_start = f.word_start - w0 + dwo;
            st = fr_buf_append(&dst->rfacts, &f, sizeof f);
        }
        if (st == FR_OK)
            st = push_bytes(&dst->recs, &src->recs, rec0, rec1, sizeof(fr_rrec));
        if (st == FR_OK)
            st = push_u32s(&dst->doc_words, src->doc_words.v, w0, w1, 0);
        if (st == FR_OK)
            st = push_u32s(&dst->sy_skill, src->sy_skill.v, sy0, sy1, 0);
        if (st == FR_OK)
            st = push_bytes(&dst->sy_years, &src->sy_years, sy0, sy1, 4);
    }
    if (st == FR_OK && dst->keep_src) {
        if (src->srcs.len != src->n * sizeof(fr_doc_src))
            return fr_fail(err, FR_EINVAL, "%s: holds no texts of its documents (an index of an older fitrank?)",
                           fr_index_path(src));
        for (size_t i = i0; st == FR_OK && i < i1; i++) {
            fr_doc_src r;
            memcpy(&r, src->srcs.data + i * sizeof r, sizeof r);
            if (!fr_doc_src_ok(&r, &src->src_text))
                return fr_fail(err, FR_EFORMAT, "%s: corrupt index (the text of document %zu)", fr_index_path(src), i + 1);
            uint64_t to = dst->src_text.len;
            st = fr_buf_append(&dst->src_text, src->src_text.data + r.text, r.len + 1);
            if (st == FR_OK && r.alt_len)
                st = fr_buf_append(&dst->src_text, src->src_text.data + r.alt, r.alt_len + 1);
            r.text = to;
            r.alt = to + r.len + 1;
            if (st == FR_OK)
                st = fr_buf_append(&dst->srcs, &r, sizeof r);
        }
    }
    if (st != FR_OK)
        return fr_fail(err, FR_ENOMEM, "out of memory");
    dst->n += i1 - i0;
    dst->n_units += u1 - u0;
    return FR_OK;
}

/* ---- reading a mapped index cold (engine/index.h) ------------------------------------------- */

/* advice over the pages holding [p, p + n) (sections are 64-byte aligned: a neighbour's edge page
 * may get it too, which changes no result) */
static void advise_range(const void *p, size_t n, int advice)
{
    if (!p || !n)
        return;
    uintptr_t pg = (uintptr_t)sysconf(_SC_PAGESIZE), a = (uintptr_t)p & ~(pg - 1);
    uintptr_t b = ((uintptr_t)p + n + pg - 1) & ~(pg - 1);
    (void)madvise((void *)a, b - a, advice); /* advice: a failure only costs time */
}

void fr_index_advise_query(const fr_docset *s)
{
    const struct fr_index_verify *v = s->verify;
    if (!v || atomic_load_explicit(&v->whole, memory_order_acquire)) /* (scratch: this process's own, in memory) */
        return;
    static const int random_ids[] = {X_STRINGS, X_UCOL, X_UVAL, X_DCOL, X_DVAL, X_UVEC, X_DVEC, X_ITEMS, X_SKILLS,
                                     X_CHUNKS, X_RFACTS, X_SY_SKILL, X_SY_YEARS, X_ICOL, X_IVAL, X_QCOL, X_QVAL,
                                     X_QICOL, X_QIVAL, X_RECS, X_WCOL, X_WVAL, X_SUBS, X_DWORDS, X_SRC_TEXT, X_SRCS};
    static const int whole_ids[] = {X_DCOARSE, X_SKILL_BITS, X_IPTR, X_QIPTR, X_ISUM, X_QISUM, X_DOCSUM, X_UNIT_START,
                                    X_N_REQ, X_UPTR, X_DPTR, X_WPTR, X_QPTR};
    for (size_t k = 0; k < sizeof random_ids / sizeof *random_ids; k++)
        advise_range(v->sp[random_ids[k]].p, v->sp[random_ids[k]].n, MADV_RANDOM);
    for (size_t k = 0; k < sizeof whole_ids / sizeof *whole_ids; k++)
        advise_range(v->sp[whole_ids[k]].p, v->sp[whole_ids[k]].n, MADV_WILLNEED);
}

int fr_index_cold(const fr_docset *s)
{
    const struct fr_index_verify *v = s->verify;
    if (!v || atomic_load_explicit(&v->whole, memory_order_acquire))
        return 0;
    /* cold when more than a quarter of 60 pages spread over these sections are not in memory: a
     * page cache dropped or never filled misses nearly all, a warm one a few — the pages a query
     * never touched, reclaimed one by one over minutes (here ~1,500 of 330,000 in 20 s, 20 GB
     * free), and one absent page of a few probes made every query pay the cold path's advice
     * (~25,000 calls at 100k postings, 16 ms) */
    static const int probe_ids[] = {X_UVEC, X_DVEC, X_ICOL, X_IVAL, X_UCOL, X_WCOL};
    enum { PER = 10 };
    uintptr_t pg = (uintptr_t)sysconf(_SC_PAGESIZE);
    int probed = 0, absent = 0;
    for (size_t k = 0; k < sizeof probe_ids / sizeof *probe_ids; k++) {
        const span *sp = &v->sp[probe_ids[k]];
        for (int j = 1; sp->n > (PER + 1) * pg && j <= PER; j++) { /* pages inside the section */
            unsigned char in = 0;
            uintptr_t a = ((uintptr_t)sp->p + sp->n / (PER + 1) * (size_t)j) & ~(pg - 1);
            if (mincore((void *)a, pg, &in) == 0) {
                probed++;
                absent += !(in & 1);
            }
        }
    }
    return 4 * absent > probed;
}

void fr_index_prefetch_list(const fr_docset *s, const fr_csr_rows *inv, uint32_t t)
{
    if (!s->verify || t + 1 >= inv->ptr.n)
        return;
    uint32_t x0 = inv->ptr.v[t], x1 = inv->ptr.v[t + 1];
    if (x1 <= x0 || x1 > inv->col.n)
        return; /* (a corrupt list: its check reports it) */
    advise_range(inv->col.v + x0, (size_t)(x1 - x0) * 4, MADV_WILLNEED);
    advise_range(inv->val + x0, (size_t)(x1 - x0) * 4, MADV_WILLNEED);
}

void fr_index_prefetch_doc(const fr_docset *s, size_t i)
{
    if (!s->verify || i >= s->n)
        return;
    uint32_t u0 = s->unit_start.v[i], u1 = s->unit_start.v[i + 1];
    if (u0 > u1 || u1 > s->n_units)
        return; /* (checked at open; a guard for advice) */
    size_t d = s->dim;
    if (!s->lazy_units)
        advise_range(fr_docset_unit_vec(s, u0), (size_t)(u1 - u0) * d * 4, MADV_WILLNEED);
    advise_range(fr_docset_doc_vec(s, i), d * 4, MADV_WILLNEED);
    const fr_csr_rows *rows[3] = {&s->unit_rows, &s->doc_rows, &s->unit_words};
    size_t r0[3] = {u0, i, u0}, r1[3] = {u1, i + 1, u1};
    for (int k = 0; k < 3; k++) {
        uint32_t e0 = rows[k]->ptr.v[r0[k]], e1 = rows[k]->ptr.v[r1[k]];
        if (e0 < e1 && e1 <= rows[k]->col.n) {
            advise_range(rows[k]->col.v + e0, (size_t)(e1 - e0) * 4, MADV_WILLNEED);
            advise_range(rows[k]->val + e0, (size_t)(e1 - e0) * 4, MADV_WILLNEED);
        }
    }
    if (s->kind == FR_SET_POSTINGS)
        advise_range(s->items.data + (size_t)u0 * sizeof(fr_unit_item), (size_t)(u1 - u0) * sizeof(fr_unit_item),
                     MADV_WILLNEED);
}

/* ---- reading a mapped index warm ------------------------------------------------------------ */

/* the cache lines of [p, p + n) bytes */
static void lines(const void *p, size_t n)
{
    const char *c = p;
    for (size_t o = 0; o < n; o += 64)
        FR_PREFETCH(c + o);
    if (n)
        FR_PREFETCH(c + n - 1);
}

void fr_index_cache_doc(const fr_docset *s, size_t i, int stage)
{
    const struct fr_index_verify *v = s->verify;
    if (!v || i >= s->n)
        return;
    const fr_csr_rows *rows[3] = {&s->unit_rows, &s->doc_rows, &s->unit_words};
    if (stage == 0) { /* what locates the rest */
        FR_PREFETCH(s->unit_start.v + i);
        FR_PREFETCH(s->doc_rows.ptr.v + i);
        FR_PREFETCH((const char *)v->sp[X_DOCSUM].p + i * 8);
        lines(fr_docset_doc_vec(s, i), s->dim * 4);
        if (s->kind != FR_SET_POSTINGS)
            lines(s->rfacts.data + i * sizeof(fr_rfacts), 2 * sizeof(fr_rfacts));
        return;
    }
    /* the offsets read here were checked at open: monotone, within their arrays */
    uint32_t u0 = s->unit_start.v[i], u1 = s->unit_start.v[i + 1];
    size_t r0[3] = {u0, i, u0}, r1[3] = {u1, i + 1, u1};
    int post = s->kind == FR_SET_POSTINGS;
    if (stage == 1) {
        for (int k = 0; k < 3; k++)
            if (k != 1)
                lines(rows[k]->ptr.v + r0[k], (r1[k] - r0[k] + 1) * 4);
        uint32_t e0 = s->doc_rows.ptr.v[i], e1 = s->doc_rows.ptr.v[i + 1];
        lines(s->doc_rows.col.v + e0, (size_t)(e1 - e0) * 4);
        lines(s->doc_rows.val + e0, (size_t)(e1 - e0) * 4);
        if (!s->lazy_units)
            lines(fr_docset_unit_vec(s, u0), (size_t)(u1 - u0) * s->dim * 4);
        if (post)
            lines(fr_docset_item(s, u0), (size_t)(u1 - u0 + (u1 < s->n_units)) * sizeof(fr_unit_item));
        else
            lines(s->chunks.data + (size_t)u0 * sizeof(fr_unit_chunk), (size_t)(u1 - u0) * sizeof(fr_unit_chunk));
        return;
    }
    for (int k = 0; k < 3; k++) {
        if (k == 1)
            continue;
        uint32_t e0 = rows[k]->ptr.v[r0[k]], e1 = rows[k]->ptr.v[r1[k]];
        lines(rows[k]->col.v + e0, (size_t)(e1 - e0) * 4);
        lines(rows[k]->val + e0, (size_t)(e1 - e0) * 4);
    }
    if (post && u0 < u1) { /* the records are not checked yet: their starts only bounded here */
        uint32_t k0 = fr_docset_item(s, u0)->skill_start, b0 = fr_docset_item(s, u0)->sub_start;
        uint32_t k1 = u1 < s->n_units ? fr_docset_item(s, u1)->skill_start : (uint32_t)s->skills.n;
        uint32_t b1 = u1 < s->n_units ? fr_docset_item(s, u1)->sub_start : (uint32_t)s->subs.n;
        if (k0 <= k1 && k1 <= s->skills.n)
            lines(s->skills.v + k0, (size_t)(k1 - k0) * 4);
        if (b0 <= b1 && b1 <= s->subs.n)
            lines(s->subs.v + b0, (size_t)(b1 - b0) * 4);
    }
}

/* ---- lazy verification of a mapped index ---------------------------------------------------- */

void fr_index_verify_free(struct fr_index_verify *v)
{
    if (!v)
        return;
    pthread_mutex_destroy(&v->mu);
    free((void *)v->list_ok);
    free(v);
}

static fr_status verify_section(struct fr_index_verify *v, int id, fr_error *err);

uint64_t fr_index_doc_sum(const fr_docset *s, size_t i, int rest)
{
    return rest == 2 ? src_sum(s, i) : doc_sum(s, i, rest != 0);
}

fr_status fr_index_verify_src(const fr_docset *s, size_t i, fr_error *err)
{
    struct fr_index_verify *v = s->verify;
    if (!v || atomic_load_explicit(&v->whole, memory_order_acquire))
        return FR_OK;
    uint64_t want;
    memcpy(&want, (const unsigned char *)v->sp[X_SRCSUM].p + i * 8, 8);
    if (src_sum(s, i) != want)
        return fr_fail(err, FR_EFORMAT, "%s: corrupt index (checksum of document %zu, its source text): rebuild it "
                       "with `fitrank index build`", v->path, i + 1);
    return FR_OK;
}
uint64_t fr_index_list_sum(const fr_csr_rows *inv, size_t t) { return list_sum(inv, t); }

fr_status fr_docset_check_list(const fr_docset *s, const fr_csr_rows *inv, uint32_t t, fr_error *err)
{
    struct fr_index_verify *v = s->verify;
    int which = inv == &s->doc_inv ? 0 : inv == &s->req_inv ? 1 : -1;
    if (!v || which < 0 || atomic_load_explicit(&v->whole, memory_order_acquire))
        return FR_OK;
    if (t >= v->n_terms)
        return fr_fail(err, FR_EFORMAT, "%s: corrupt index (term %u beyond the vocabulary)", v->path, t);
    _Atomic unsigned char *ok = &v->list_ok[(size_t)which * v->n_terms + t];
    if (atomic_load_explicit(ok, memory_order_acquire))
        return FR_OK;
    /* the list's ends come from the starts section, verified with the first document */
    fr_status st = verify_section(v, which ? X_QIPTR : X_IPTR, err);
    if (st != FR_OK)
        return st;
    uint64_t want;
    memcpy(&want, (const unsigned char *)v->sp[which ? X_QISUM : X_ISUM].p + (size_t)t * 8, 8);
    uint32_t x0 = inv->ptr.v[t], x1 = inv->ptr.v[t + 1];
    if (list_sum(inv, t) != want)
        return fr_fail(err, FR_EFORMAT, "%s: corrupt index (checksum of %slist %u)", v->path,
                       which ? "requirement inverted " : "inverted ", t);
    if (!finite_floats(inv->val, x0, x1 - x0))
        return fr_fail(err, FR_EFORMAT, "%s: corrupt index (%sinverted list %u: a number that is not finite)", v->path,
                       which ? "requirement " : "", t);
    atomic_store_explicit(ok, 1, memory_order_release); /* two threads may both hash it: same verdict */
    return FR_OK;
}

const char *fr_index_path(const fr_docset *s) { return s->verify ? s->verify->path : "index"; }

static int float_section(int id)
{
    return id == X_UVAL || id == X_DVAL || id == X_UVEC || id == X_DVEC || id == X_QVAL ||
           id == X_IVAL || id == X_QIVAL || id == X_DCOARSE || id == X_SY_YEARS || id == X_WVAL;
}

/* Section `id`, once: its checksum, and for arrays of floats that every number is finite.  The
 * first thread to get here hashes it; others wait for the verdict on the mutex (the fast path is
 * one atomic load).  A failure is not remembered: the caller stops. */
static fr_status verify_section(struct fr_index_verify *v, int id, fr_error *err)
{
    if (atomic_load_explicit(&v->ok[id], memory_order_acquire))
        return FR_OK;
    pthread_mutex_lock(&v->mu);
    fr_status st = FR_OK;
    if (!atomic_load_explicit(&v->ok[id], memory_order_relaxed)) {
        const span *sp = &v->sp[id];
        if (fr_checksum_xxh3(sp->p, sp->n) != v->sum[id])
            st = fr_fail(err, FR_EFORMAT, "%s: corrupt index (checksum of the %s): rebuild it with `fitrank index build`",
                         v->path, SECTION_NAME[id]);
        else if (float_section(id) && !finite_floats(sp->p, 0, sp->n / 4))
            st = fr_fail(err, FR_EFORMAT, "%s: corrupt index (%s: a number that is not finite)", v->path, SECTION_NAME[id]);
        else
            atomic_store_explicit(&v->ok[id], 1, memory_order_release);
    }
    pthread_mutex_unlock(&v->mu);
    return st;
}

/* Posting i's item records, before anything is read through them (doc_sum reads its skill and
 * substitute ranges): texts within the strings, kinds and languages known, skill and substitute
 * starts rising through the posting and up to the next posting's first (whose start ends this
 * posting's last range), within their arrays; and its skill ids within the lexicon.  Together
 * over every posting: what a whole pass at open would check, each range read only where its
 * bounds hold. */
static int items_ok(const fr_docset *s, size_t i)
{
    uint32_t u0 = s->unit_start.v[i], u1 = s->unit_start.v[i + 1];
    if (u0 == u1)
        return 1;
    const fr_unit_item *a = fr_docset_item(s, u0);
    uint32_t sk = a->skill_start, sb = a->sub_start;
    unsigned bad = 0;
    for (uint32_t u = u0; u <= u1; u++) {
        uint32_t ks = u < s->n_units ? fr_docset_item(s, u)->skill_start : (uint32_t)s->skills.n;
        uint32_t bs = u < s->n_units ? fr_docset_item(s, u)->sub_start : (uint32_t)s->subs.n;
        bad |= (unsigned)(ks < sk) | (unsigned)(ks > s->skills.n) | (unsigned)(bs < sb) | (unsigned)(bs > s->subs.n);
        sk = ks, sb = bs;
        if (u < u1) {
            const fr_unit_item *it = fr_docset_item(s, u);
            bad |= (unsigned)(it->text >= s->strings.len) | (unsigned)(it->kind >= FR_KIND_COUNT) |
                   (unsigned)(it->n_langs > 4);
        }
    }
    if (bad)
        return 0;
    size_t max_skill = s->n_skill_words * 64;
    for (uint32_t k = a->skill_start; k < sk; k++) /* (sk, sb: the ends, the next posting's starts) */
        bad |= s->skills.v[k] >= max_skill;
    for (uint32_t k = a->sub_start; k < sb; k++)
        bad |= FR_SUB_SKILL(s->subs.v[k]) >= max_skill;
    return !bad;
}

fr_status fr_index_verify_shared(const fr_docset *s, fr_error *err)
{
    struct fr_index_verify *v = s->verify;
    if (!v || atomic_load_explicit(&v->whole, memory_order_acquire))
        return FR_OK;
    /* what every query reads of every document before choosing any (engine/rank.c: the pruning);
     * the inverted lists it walks are verified one by one (fr_docset_check_list) */
    static const int shared[] = {X_DCOARSE, X_SKILL_BITS, X_IPTR, X_QIPTR};
    for (size_t k = 0; k < sizeof shared / sizeof *shared; k++) {
        fr_status st = verify_section(v, shared[k], err);
        if (st != FR_OK)
            return st;
    }
    return FR_OK;
}

fr_status fr_index_verify_doc(const fr_docset *s, size_t i, int rest, fr_error *err)
{
    struct fr_index_verify *v = s->verify;
    if (!v || atomic_load_explicit(&v->whole, memory_order_acquire))
        return FR_OK;
    if (s->kind == FR_SET_POSTINGS && !items_ok(s, i))
        return fr_fail(err, FR_EFORMAT, "%s: corrupt index (item records of document %zu)", v->path, i + 1);
    fr_status sh = fr_index_verify_shared(s, err);
    if (sh != FR_OK)
        return sh;
    uint64_t want;
    memcpy(&want, (const unsigned char *)v->sp[rest ? X_DOCREST : X_DOCSUM].p + i * 8, 8);
    if (doc_sum(s, i, rest) != want)
        return fr_fail(err, FR_EFORMAT, "%s: corrupt index (checksum of document %zu%s): rebuild it with `fitrank index build`",
                       v->path, i + 1, rest ? ", its texts" : "");
    size_t d = s->dim;
    uint32_t u0 = s->unit_start.v[i], u1 = s->unit_start.v[i + 1];
    int post = s->kind == FR_SET_POSTINGS, ok = 1;
    if (rest) {
        if (post) {
            uint32_t e0 = s->req_rows.ptr.v[i], e1 = s->req_rows.ptr.v[i + 1];
            ok &= finite_floats(s->req_rows.val, e0, e1 - e0);
        }
    } else {
        const fr_csr_rows *rows[3] = {&s->unit_rows, &s->doc_rows, &s->unit_words};
        size_t r0[3] = {u0, i, u0}, r1[3] = {u1, i + 1, u1};
        for (int k = 0; k < 3; k++) {
            uint32_t e0 = rows[k]->ptr.v[r0[k]], e1 = rows[k]->ptr.v[r1[k]];
            ok &= finite_floats(rows[k]->val, e0, e1 - e0);
        }
        if (!s->lazy_units) /* (else made from the rows, checked above) */
            ok &= finite_floats(s->unit_vec.data, (size_t)u0 * d, (size_t)(u1 - u0) * d);
        ok &= finite_floats(s->doc_vec.data, i * d, d);
        if (post) {
            for (uint32_t u = u0; u < u1; u++)
                ok &= isfinite(fr_docset_item(s, u)->min_years) != 0;
        } else {
            const fr_rfacts *f = fr_docset_rfacts(s, i);
            uint32_t sy1 = i + 1 < s->n ? fr_docset_rfacts(s, i + 1)->sy_start : (uint32_t)s->sy_skill.n;
            ok &= isfinite(f->total_years) != 0;
            ok &= finite_floats(s->sy_years.data, f->sy_start, sy1 - f->sy_start);
        }
    }
    if (!ok)
        return fr_fail(err, FR_EFORMAT, "%s: corrupt index (document %zu: a number that is not finite)", v->path, i + 1);
    return FR_OK;
}

fr_status fr_index_verify_all(const fr_docset *s, fr_error *err)
{
    struct fr_index_verify *v = s->verify;
    if (!v || atomic_load_explicit(&v->whole, memory_order_acquire))
        return FR_OK;
    for (int id = 1; id < X_COUNT; id++) {
        fr_status st = verify_section(v, id, err);
        if (st != FR_OK)
            return st;
    }
    for (size_t i = 0; s->kind == FR_SET_POSTINGS && i < s->n; i++)
        if (!items_ok(s, i))
            return fr_fail(err, FR_EFORMAT, "%s: corrupt index (item records of document %zu)", v->path, i + 1);
    /* the float fields of records: items and résumé facts */
    int ok = 1;
    for (size_t u = 0; s->kind == FR_SET_POSTINGS && u < s->n_units; u++)
        ok &= isfinite(fr_docset_item(s, u)->min_years) != 0;
    for (size_t i = 0; s->kind != FR_SET_POSTINGS && i < s->n; i++)
        ok &= isfinite(fr_docset_rfacts(s, i)->total_years) != 0;
    if (!ok)
        return fr_fail(err, FR_EFORMAT, "%s: corrupt index (a fact that is not a finite number)", v->path);
    atomic_store_explicit(&v->whole, 1, memory_order_release);
    return FR_OK;
}
