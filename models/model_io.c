/* models/model_io.c — the model file: build, parse, mmap, save.
 *
 * Layout (little-endian; every section 64-byte aligned so arrays can be used in place):
 *
 *   0   "FRMODEL\0"                magic
 *   8   u32 format version         FR_MODEL_FORMAT_VERSION
 *   12  u32 section count
 *   16  u64 file size              (including the trailing checksum)
 *   24  u64 reserved (0)
 *   32  section table              count × { u32 id, u32 reserved, u64 offset, u64 size }
 *   ..  sections
 *   end-8  u64 XXH64 of bytes [0, end-8)
 *
 * Sections: OPTS (key=value lines), META (u64 n_docs, u64 n_terms, u64 hash slots), TERM_OFF
 * (u32 × n+1), TERMS (bytes), DF (u32 × n), IDF (f64 × n), HASH (u32 × slots: open addressing
 * on XXH3-64 of the term, linear probing), and with a projection (META's dim > 0) PROJ
 * (f32 × n × dim, a row per term) and SIGMA (f32 × dim).  Unknown section ids are skipped, so later issues can
 * add sections (the dense projection) without breaking readers of this version.
 *
 * One code path for fitted and loaded models: fitting builds a file image in memory and parses it
 * exactly as a loaded file is parsed, so a round trip cannot diverge. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "models/internal.h"
#include "util/hash.h"
#include "util/io.h"

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "fitrank model files are little-endian; this build target is not"
#endif

enum { S_OPTS = 1, S_META = 2, S_TERM_OFF = 3, S_TERMS = 4, S_DF = 5, S_IDF = 6, S_HASH = 7, S_PROJ = 8,
       S_SIGMA = 9, S_MAX = 9 };
#define HEADER_SIZE 32
#define SECTION_ENTRY 24
#define MAX_SECTIONS 64

static const char MAGIC[8] = {'F', 'R', 'M', 'O', 'D', 'E', 'L', '\0'};

/* ------------------------------------------------------------------ options */

static void fmt_bound(char *buf, size_t n, fr_df_bound b)
{
    if (b.is_count) {
        snprintf(buf, n, "%.0f", b.value);
        return;
    }
    snprintf(buf, n, "%.17g", b.value);
    if (!strpbrk(buf, ".e"))
        strncat(buf, ".0", n - strlen(buf) - 1);
}

/* The shortest of %.15g / %.17g that reads back as the same double ("0.6", not
 * "0.59999999999999998"). */
static void fmt_double(char *buf, size_t n, double v)
{
    snprintf(buf, n, "%.15g", v);
    if (strtod(buf, NULL) != v)
        snprintf(buf, n, "%.17g", v);
}

fr_status fr__opts_format(const fr_fit_opts *o, fr_buf *out)
{
    char mn[40], mx[40];
    fmt_bound(mn, sizeof mn, o->min_df);
    fmt_bound(mx, sizeof mx, o->max_df);
    if (fr_tok_opts_format(&o->tok, out) != FR_OK)
        return FR_ENOMEM;
    const fr_score_params *sp = &o->score;
    if (fr_buf_printf(out, "tf=%s\nidf=%s\nnorm=%s\nmin_df=%s\nmax_df=%s\nmax_features=%zu\n",
                      o->tf == FR_TF_LOG ? "log" : "raw", o->idf == FR_IDF_PLAIN ? "plain" : "smooth",
                      o->norm == FR_NORM_NONE ? "none" : "l2", mn, mx, o->max_features) != FR_OK)
        return FR_ENOMEM;
    for (size_t i = 0; i < fr_score_params_count(); i++) {
        char num[40];
        fmt_double(num, sizeof num, fr_score_params_get(sp, i));
        if (fr_buf_printf(out, "%s=%s\n", fr_score_params_key(i), num) != FR_OK)
            return FR_ENOMEM;
    }
    return FR_OK;
}

/* Bytes of a model file quoted in a message: printable ASCII as is, anything else as \xHH, so
 * that a crafted file cannot put terminal controls or a forged second line into an error. */
static void quote_bytes(char *out, size_t cap, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    size_t o = 0;
    for (size_t i = 0; i < n && o + 5 < cap; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c < 0x7f) {
            out[o++] = (char)c;
        } else {
            out[o++] = '\\';
            out[o++] = 'x';
            out[o++] = hex[c >> 4];
            out[o++] = hex[c & 15];
        }
    }
    out[o] = '\0';
}

/* A bad option line: the model file is invalid input (FR_EFORMAT, exit 1), whatever status the
 * setter that refused it gave (FR_EINVAL would read as a usage error); FR_EVERSION stays, it
 * says to refit.  The message is made of the file's bytes, so it is quoted as a whole. */
static fr_status opt_fail(fr_error *err, fr_status s, size_t line_no, const char *detail)
{
    char q[sizeof err->msg - 64];
    quote_bytes(q, sizeof q, detail, strlen(detail));
    return fr_fail(err, s == FR_EVERSION ? FR_EVERSION : FR_EFORMAT, "model option line %zu: %s", line_no, q);
}

fr_status fr__opts_parse(const char *text, size_t len, fr_fit_opts *o, fr_error *err)
{
    fr_fit_opts_default(o);
    int saw_weights = 0, saw_form = 0;
    size_t i = 0, line_no = 0;
    fr_error sub = {0};
    char detail[sizeof sub.msg + 300];
    while (i < len) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - text) : len;
        char line[256];
        line_no++;
        if (e - i >= sizeof line)
            return fr_fail(err, FR_EFORMAT, "model option line %zu: too long", line_no);
        /* a NUL would cut the line short of what the message shows: refuse it as such */
        if (memchr(text + i, '\0', e - i)) {
            quote_bytes(line, sizeof line, text + i, e - i);
            snprintf(detail, sizeof detail, "a NUL byte in '%s'", line);
            return opt_fail(err, FR_EFORMAT, line_no, detail);
        }
        memcpy(line, text + i, e - i);
        line[e - i] = '\0';
        i = e + 1;
        if (!line[0])
            continue;
        char *eq = strchr(line, '=');
        if (!eq) {
            snprintf(detail, sizeof detail, "not key=value: '%s'", line);
            return opt_fail(err, FR_EFORMAT, line_no, detail);
        }
        *eq = '\0';
        const char *k = line, *v = eq + 1;
        saw_weights |= strcmp(k, "score.w_ctx") == 0;
        saw_form |= strcmp(k, "score.form") == 0;
        fr_status s = fr_tok_opts_set(&o->tok, k, v, &sub);
        if (s == FR_EEMPTY)
            s = fr_score_params_set(&o->score, k, v, &sub);
        if (s == FR_OK)
            continue;
        if (s != FR_EEMPTY)
            return opt_fail(err, s, line_no, sub.msg);
        int ok = 1;
        if (strcmp(k, "tf") == 0)
            ok = (strcmp(v, "raw") == 0 && (o->tf = FR_TF_RAW, 1)) || (strcmp(v, "log") == 0 && (o->tf = FR_TF_LOG, 1));
        else if (strcmp(k, "idf") == 0)
            ok = (strcmp(v, "smooth") == 0 && (o->idf = FR_IDF_SMOOTH, 1)) ||
                 (strcmp(v, "plain") == 0 && (o->idf = FR_IDF_PLAIN, 1));
        else if (strcmp(k, "norm") == 0)
            ok = (strcmp(v, "l2") == 0 && (o->norm = FR_NORM_L2, 1)) || (strcmp(v, "none") == 0 && (o->norm = FR_NORM_NONE, 1));
        else if (strcmp(k, "min_df") == 0)
            ok = fr_df_bound_parse(v, &o->min_df, NULL) == FR_OK;
        else if (strcmp(k, "max_df") == 0)
            ok = fr_df_bound_parse(v, &o->max_df, NULL) == FR_OK;
        else if (strcmp(k, "max_features") == 0) {
            char *end;
            unsigned long long x = strtoull(v, &end, 10);
            ok = *v && !*end;
            o->max_features = (size_t)x;
        } else {
            snprintf(detail, sizeof detail, "unknown option '%s'", k);
            return opt_fail(err, FR_EFORMAT, line_no, detail);
        }
        if (!ok) {
            snprintf(detail, sizeof detail, "bad value '%s' for %s", v, k);
            return opt_fail(err, FR_EFORMAT, line_no, detail);
        }
    }
    /* A model written before score.form existed carries weights meant for the arithmetic mean:
     * it keeps scoring as it did (a model fixes its scores completely) */
    if (saw_weights && !saw_form)
        o->score.form = 0;
    if (fr_score_params_validate(&o->score, &sub) != FR_OK)
        return fr_fail(err, FR_EFORMAT, "model options: %s", sub.msg);
    return FR_OK;
}

/* ------------------------------------------------------------------- build */

typedef struct {
    uint32_t id;
    uint64_t off, size;
} section;

static fr_status add_section(fr_buf *img, section *tab, size_t *ns, uint32_t id, const void *p, size_t n)
{
    if (fr_buf_align(img, 64) != FR_OK)
        return FR_ENOMEM;
    tab[*ns] = (section){id, img->len, n};
    (*ns)++;
    return fr_buf_append(img, p, n);
}

static void put_u32(unsigned char *p, uint32_t v) { memcpy(p, &v, 4); }
static void put_u64(unsigned char *p, uint64_t v) { memcpy(p, &v, 8); }
static uint32_t get_u32(const unsigned char *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static uint64_t get_u64(const unsigned char *p) { uint64_t v; memcpy(&v, p, 8); return v; }

static fr_status parse_image(fr_model *m, fr_error *err);

fr_status fr__model_build(const fr_fit_opts *o, uint64_t n_docs, size_t n_terms, const char *terms,
                          const uint32_t *term_off, const uint32_t *df, size_t dim, const float *proj,
                          const float *sigma, fr_model **out, fr_error *err)
{
    *out = NULL;
    fr_buf img = {0}, opts = {0};
    double *idf = malloc((n_terms ? n_terms : 1) * sizeof *idf);
    size_t slots = 16;
    while (slots < n_terms * 2)
        slots *= 2;
    uint32_t *hash = malloc(slots * sizeof *hash);
    fr_status s = FR_ENOMEM;
    if (!idf || !hash)
        goto fail;
    /* idf exactly as TfidfTransformer.fit computes it, in float64 */
    double n = (double)n_docs + (o->idf == FR_IDF_SMOOTH ? 1.0 : 0.0);
    for (size_t i = 0; i < n_terms; i++) {
        double d = (double)df[i] + (o->idf == FR_IDF_SMOOTH ? 1.0 : 0.0);
        idf[i] = log(n / d) + 1.0;
    }
    memset(hash, 0xFF, slots * sizeof *hash);
    for (size_t i = 0; i < n_terms; i++) {
        size_t j = (size_t)fr_hash_term(terms + term_off[i], term_off[i + 1] - term_off[i]) & (slots - 1);
        while (hash[j] != UINT32_MAX)
            j = (j + 1) & (slots - 1);
        hash[j] = (uint32_t)i;
    }
    if (fr__opts_format(o, &opts) != FR_OK)
        goto fail;
    uint64_t meta[4] = {n_docs, n_terms, slots, dim};
    section tab[S_MAX + 1];
    size_t ns = 0;
    unsigned char zero[HEADER_SIZE + (S_MAX + 1) * SECTION_ENTRY] = {0};
    size_t nsec = dim ? 9 : 7;
    if (fr_buf_append(&img, zero, HEADER_SIZE + nsec * SECTION_ENTRY) != FR_OK ||
        add_section(&img, tab, &ns, S_OPTS, opts.data, opts.len) != FR_OK ||
        add_section(&img, tab, &ns, S_META, meta, sizeof meta) != FR_OK ||
        add_section(&img, tab, &ns, S_TERM_OFF, term_off, (n_terms + 1) * 4) != FR_OK ||
        add_section(&img, tab, &ns, S_TERMS, terms, term_off[n_terms]) != FR_OK ||
        add_section(&img, tab, &ns, S_DF, df, n_terms * 4) != FR_OK ||
        add_section(&img, tab, &ns, S_IDF, idf, n_terms * 8) != FR_OK ||
        add_section(&img, tab, &ns, S_HASH, hash, slots * 4) != FR_OK ||
        (dim && (add_section(&img, tab, &ns, S_PROJ, proj, n_terms * dim * 4) != FR_OK ||
                 add_section(&img, tab, &ns, S_SIGMA, sigma, dim * 4) != FR_OK)) ||
        fr_buf_align(&img, 8) != FR_OK || fr_buf_reserve(&img, 8) != FR_OK)
        goto fail;
    unsigned char *h = (unsigned char *)img.data;
    memcpy(h, MAGIC, 8);
    put_u32(h + 8, FR_MODEL_FORMAT_VERSION);
    put_u32(h + 12, (uint32_t)ns);
    put_u64(h + 16, img.len + 8);
    for (size_t i = 0; i < ns; i++) {
        unsigned char *e = h + HEADER_SIZE + i * SECTION_ENTRY;
        put_u32(e, tab[i].id);
        put_u64(e + 8, tab[i].off);
        put_u64(e + 16, tab[i].size);
    }
    uint64_t sum = fr_checksum64(img.data, img.len);
    if (fr_buf_append(&img, &sum, 8) != FR_OK)
        goto fail;
    fr_model *m = calloc(1, sizeof *m);
    if (!m)
        goto fail;
    m->owned = img.data;
    m->base = (const unsigned char *)img.data;
    m->size = img.len;
    img.data = NULL;
    s = parse_image(m, err);
    if (s != FR_OK) {
        fr_model_free(m);
        m = NULL;
    }
    *out = m;
    fr_buf_free(&opts);
    free(idf);
    free(hash);
    return s;
fail:
    fr_buf_free(&img);
    fr_buf_free(&opts);
    free(idf);
    free(hash);
    return fr_fail(err, FR_ENOMEM, "out of memory building the model");
}

/* ------------------------------------------------------------------- parse */

/* The numbers of a model are checked like its structure: a NaN or an infinity would flow into
 * every weight and score (and print as "nan", which is not JSON).  The bounds are what fitting
 * can produce, and what keeps every later sum finite:
 *   idf         finite, 0 ≤ idf ≤ ln(1 + n_docs) + 1 (both formulas of model.h stay below it;
 *               0 is allowed: a term that weighs nothing is harmless, the engine copes with it)
 *   projection  finite, |p| ≤ 2 (its columns are unit vectors: every entry is at most 1)
 *   sigma       finite, ≥ 0 (singular values) */
/* 1 when every float of p[0..n) is within [-2, 2] (NaN and infinities are not).  Not inlined:
 * inside parse_image gcc 12 leaves the loop scalar (measured: ~3 ms on the reference model). */
__attribute__((noinline)) static int within_2(const float *p, size_t n)
{
    uint32_t bad = 0;
    for (size_t i = 0; i < n; i++) { /* a signed compare: SSE2 has no unsigned one (pcmpgtd) */
        uint32_t a;
        memcpy(&a, p + i, sizeof a);
        bad |= (uint32_t)((int32_t)(a & 0x7fffffffu) > 0x40000000);
    }
    return !bad;
}

static fr_status check_numbers(const fr_model *m, fr_error *err)
{
    double max_idf = log1p((double)m->n_docs) + 1.0;
    for (size_t i = 0; i < m->n_terms; i++) {
        double x = m->idf[i];
        if (!(isfinite(x) && x >= 0 && x <= max_idf)) {
            char q[80];
            size_t n = m->term_off[i + 1] - m->term_off[i];
            quote_bytes(q, sizeof q, m->terms + m->term_off[i], n < 16 ? n : 16);
            return fr_fail(err, FR_EFORMAT, "idf of term %zu ('%s') is %g: not a number in [0, %g] (ln(1 + documents) + 1)",
                           i, q, x, max_idf);
        }
    }
    /* The projection is most of a model (13 MB in the reference one): one branch-free pass over
     * the bits, which vectorises (|x| <= 2 as integers: NaN and infinities have every exponent bit
     * set, so they compare above 2.0f = 0x40000000), then a search for the culprit.  The embedded
     * model is trusted as its checksum is (the unit tests check its numbers), so that `match`
     * does not read all of it. */
    size_t np = m->trusted ? 0 : m->n_terms * m->dim;
    int in_range = within_2(m->proj, np);
    for (size_t i = 0; !in_range && i < np; i++)
        if (!(fabsf(m->proj[i]) <= 2.0f))
            return fr_fail(err, FR_EFORMAT, "projection value %g of term %zu, dimension %zu: not a number in [-2, 2]",
                           (double)m->proj[i], i / m->dim, i % m->dim);
    for (size_t j = 0; j < m->dim; j++)
        if (!(isfinite(m->sigma[j]) && m->sigma[j] >= 0))
            return fr_fail(err, FR_EFORMAT, "singular value %zu is %g: not a finite number >= 0", j, (double)m->sigma[j]);
    return FR_OK;
}

static fr_status parse_image(fr_model *m, fr_error *err)
{
    const unsigned char *b = m->base;
    size_t n = m->size;
    if (n < 8 || memcmp(b, MAGIC, n < 8 ? n : 8) != 0)
        return fr_fail(err, FR_EFORMAT, "not a fitrank model (bad magic)");
    if (n < HEADER_SIZE + 8)
        return fr_fail(err, FR_EFORMAT, "truncated model file (%zu bytes)", n);
    uint32_t ver = get_u32(b + 8), ns = get_u32(b + 12);
    if (ver != FR_MODEL_FORMAT_VERSION)
        return fr_fail(err, FR_EVERSION, "model format version %u, this build reads version %d", ver,
                       FR_MODEL_FORMAT_VERSION);
    uint64_t fsize = get_u64(b + 16);
    if (fsize != n)
        return fr_fail(err, FR_EFORMAT, "truncated or extended model file: header says %llu bytes, file has %zu",
                       (unsigned long long)fsize, n);
    uint64_t sum = get_u64(b + n - 8);
    if (!m->trusted && fr_checksum64(b, n - 8) != sum)
        return fr_fail(err, FR_ECHECKSUM, "model checksum mismatch: the file is corrupted");
    snprintf(m->hash_hex, sizeof m->hash_hex, "%016llx", (unsigned long long)sum);
    if (ns > MAX_SECTIONS || HEADER_SIZE + (size_t)ns * SECTION_ENTRY > n - 8)
        return fr_fail(err, FR_EFORMAT, "bad section table");
    const unsigned char *sec[S_MAX + 1] = {0};
    uint64_t size[S_MAX + 1] = {0};
    for (uint32_t i = 0; i < ns; i++) {
        const unsigned char *e = b + HEADER_SIZE + (size_t)i * SECTION_ENTRY;
        uint32_t id = get_u32(e);
        uint64_t off = get_u64(e + 8), sz = get_u64(e + 16);
        if (off > n - 8 || sz > n - 8 - off || off % 8)
            return fr_fail(err, FR_EFORMAT, "section %u lies outside the file", id);
        if (id >= 1 && id <= S_MAX) {
            sec[id] = b + off;
            size[id] = sz;
        }
    }
    for (int id = 1; id <= 7; id++)
        if (!sec[id])
            return fr_fail(err, FR_EFORMAT, "model file lacks section %d", id);
    if (size[S_META] < 24)
        return fr_fail(err, FR_EFORMAT, "bad META section");
    m->n_docs = get_u64(sec[S_META]);
    uint64_t nt = get_u64(sec[S_META] + 8), slots = get_u64(sec[S_META] + 16);
    /* Every size is checked by division, never by a multiplication that could wrap: a model file
     * is untrusted input. */
    if (nt == 0 || nt > UINT32_MAX - 1 || size[S_TERM_OFF] / 4 != nt + 1 || size[S_TERM_OFF] % 4 ||
        size[S_DF] / 4 != nt || size[S_DF] % 4 || size[S_IDF] / 8 != nt || size[S_IDF] % 8 || slots < 16 ||
        slots / 2 < nt || (slots & (slots - 1)) || size[S_HASH] % 4 || size[S_HASH] / 4 != slots)
        return fr_fail(err, FR_EFORMAT, "model sections disagree on the vocabulary size");
    m->n_terms = (size_t)nt;
    m->term_off = (const uint32_t *)(const void *)sec[S_TERM_OFF];
    m->terms = (const char *)sec[S_TERMS];
    m->df = (const uint32_t *)(const void *)sec[S_DF];
    m->idf = (const double *)(const void *)sec[S_IDF];
    m->hash = (const uint32_t *)(const void *)sec[S_HASH];
    m->hash_mask = (size_t)slots - 1;
    if (m->term_off[0] != 0 || m->term_off[nt] != size[S_TERMS])
        return fr_fail(err, FR_EFORMAT, "bad term offsets");
    for (size_t i = 0; i < m->n_terms; i++)
        if (m->term_off[i + 1] <= m->term_off[i])
            return fr_fail(err, FR_EFORMAT, "bad term offsets at term %zu", i);
    /* the index must hold every term exactly once (so lookups find them, and since slots ≥ 2·n,
     * every probe sequence reaches an empty slot) */
    size_t filled = 0;
    for (size_t i = 0; i < (size_t)slots; i++) {
        if (m->hash[i] == UINT32_MAX)
            continue;
        if (m->hash[i] >= nt)
            return fr_fail(err, FR_EFORMAT, "bad hash index");
        filled++;
    }
    if (filled != nt)
        return fr_fail(err, FR_EFORMAT, "bad hash index: %zu entries for %llu terms", filled, (unsigned long long)nt);
    for (size_t i = 0; i < m->n_terms; i++)
        if (fr_model_lookup(m, m->terms + m->term_off[i], m->term_off[i + 1] - m->term_off[i]) != (int64_t)i)
            return fr_fail(err, FR_EFORMAT, "bad hash index: term %zu is not found at its id", i);
    m->opts_text = (const char *)sec[S_OPTS];
    m->opts_len = (size_t)size[S_OPTS];
    uint64_t dim = get_u64(sec[S_META] + 24);
    if (dim) {
        if (dim > 4096 || !sec[S_PROJ] || !sec[S_SIGMA] || size[S_PROJ] % 4 || size[S_PROJ] / 4 / dim != nt ||
            (size[S_PROJ] / 4) % dim || size[S_SIGMA] != dim * 4)
            return fr_fail(err, FR_EFORMAT, "model projection sections disagree with its dimension %llu",
                           (unsigned long long)dim);
        m->dim = (size_t)dim;
        m->proj = (const float *)(const void *)sec[S_PROJ];
        m->sigma = (const float *)(const void *)sec[S_SIGMA];
    }
    fr_status st = check_numbers(m, err);
    if (st != FR_OK)
        return st;
    st = fr__opts_parse(m->opts_text, m->opts_len, &m->opts, err);
    m->opts.dim = m->dim;
    return st;
}

static fr_status from_bytes(const void *p, size_t n, int trusted, fr_model **out, fr_error *err);

fr_status fr_model_from_bytes(const void *p, size_t n, fr_model **out, fr_error *err)
{
    return from_bytes(p, n, 0, out, err);
}

fr_status fr__model_from_trusted_bytes(const void *p, size_t n, fr_model **out, fr_error *err)
{
    return from_bytes(p, n, 1, out, err);
}

static fr_status from_bytes(const void *p, size_t n, int trusted, fr_model **out, fr_error *err)
{
    *out = NULL;
    if ((uintptr_t)p % 8)
        return fr_fail(err, FR_EINVAL, "model bytes must be 8-byte aligned");
    fr_model *m = calloc(1, sizeof *m);
    if (!m)
        return fr_fail(err, FR_ENOMEM, "out of memory");
    m->base = p;
    m->size = n;
    m->trusted = trusted;
    fr_status s = parse_image(m, err);
    if (s != FR_OK) {
        free(m);
        return s;
    }
    *out = m;
    return FR_OK;
}

fr_status fr_model_load(const char *path, fr_model **out, fr_error *err)
{
    *out = NULL;
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return fr_fail(err, FR_EIO, "%s: cannot open model: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return fr_fail(err, FR_EIO, "%s: not a regular file", path);
    }
    size_t n = (size_t)st.st_size;
    if (n < HEADER_SIZE + 8) {
        close(fd);
        char head[8] = {0};
        /* distinguish "not a model at all" from "truncated model" for the message */
        FILE *fp = fopen(path, "rb");
        size_t got = fp ? fread(head, 1, 8, fp) : 0;
        if (fp)
            fclose(fp);
        if (got < 8 || memcmp(head, MAGIC, 8) != 0)
            return fr_fail(err, FR_EFORMAT, "%s: not a fitrank model (bad magic)", path);
        return fr_fail(err, FR_EFORMAT, "%s: truncated model file (%zu bytes)", path, n);
    }
    void *map = mmap(NULL, n, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (map == MAP_FAILED)
        return fr_fail(err, FR_EIO, "%s: cannot map model: %s", path, strerror(errno));
    fr_model *m = calloc(1, sizeof *m);
    if (!m) {
        munmap(map, n);
        return fr_fail(err, FR_ENOMEM, "out of memory");
    }
    m->map = map;
    m->base = map;
    m->size = n;
    fr_status s = parse_image(m, err);
    if (s != FR_OK) {
        fr_error_prefix(err, "%s", path);
        fr_model_free(m);
        return s;
    }
    *out = m;
    return FR_OK;
}

fr_status fr_model_save(const fr_model *m, const char *path, fr_error *err)
{
    return fr_model_save_with(m, path, NULL, err);
}

fr_status fr_model_save_with(const fr_model *m, const char *path, const fr_tmp_hook *hook, fr_error *err)
{
    fr_outfile o;
    fr_status s = fr_outfile_open_with(&o, path, hook, err);
    if (s != FR_OK)
        return s;
    if (fwrite(m->base, 1, m->size, o.fp) != m->size) {
        fr_outfile_abort(&o);
        return fr_fail(err, FR_EIO, "%s: write error: %s", path, strerror(errno));
    }
    return fr_outfile_commit(&o, err);
}

void fr_model_free(fr_model *m)
{
    if (!m)
        return;
    if (m->map)
        munmap(m->map, m->size);
    free(m->owned);
    free(m);
}

/* ----------------------------------------------------------------- access */

const fr_fit_opts *fr_model_opts(const fr_model *m) { return &m->opts; }
size_t fr_model_n_terms(const fr_model *m) { return m->n_terms; }
uint64_t fr_model_n_docs(const fr_model *m) { return m->n_docs; }
const char *fr_model_hash(const fr_model *m) { return m->hash_hex; }
size_t fr_model_file_size(const fr_model *m) { return m->size; }
uint32_t fr_model_df(const fr_model *m, uint32_t i) { return m->df[i]; }
double fr_model_idf(const fr_model *m, uint32_t i) { return m->idf[i]; }

const double *fr_model_idfs(const fr_model *m) { return m->idf; }

const char *fr_model_term(const fr_model *m, uint32_t i, size_t *len)
{
    *len = m->term_off[i + 1] - m->term_off[i];
    return m->terms + m->term_off[i];
}

const char *fr_model_opts_text(const fr_model *m, size_t *len)
{
    *len = m->opts_len;
    return m->opts_text;
}

int64_t fr_model_lookup(const fr_model *m, const char *s, size_t n)
{
    size_t j = (size_t)fr_hash_term(s, n) & m->hash_mask;
    for (size_t probes = 0; probes <= m->hash_mask; probes++) {
        uint32_t id = m->hash[j];
        if (id == UINT32_MAX)
            return -1;
        if (m->term_off[id + 1] - m->term_off[id] == n && fr__same_bytes(m->terms + m->term_off[id], s, n))
            return id;
        j = (j + 1) & m->hash_mask;
    }
    return -1;
}
