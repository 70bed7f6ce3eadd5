/* engine/eval.c — graded labels and the ranking metrics of eval.h. */
#include "engine/eval.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/csv.h"
#include "util/hash.h"
#include "util/io.h"
#include "util/utf8.h"

typedef struct {
    uint32_t r, p;      /* offsets of the ids in strings while reading; then indexes */
    double label;
    uint32_t line;
} lrow;

/* rows are sorted once their ids are indexes (strcmp order), so the comparator needs no strings */
static int cmp_row(const void *a, const void *b)
{
    const lrow *x = a, *y = b;
    if (x->r != y->r)
        return x->r < y->r ? -1 : 1;
    if (x->p != y->p)
        return x->p < y->p ? -1 : 1;
    return x->line < y->line ? -1 : x->line > y->line;
}

typedef struct {
    const char *s;
    uint32_t off;
} idref;

/* Index of id among the distinct, strcmp-sorted ids (offsets into strings), or -1. */
static long search_id(const char *strings, const fr_u32vec *ids, const char *id)
{
    size_t lo = 0, hi = ids->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(strings + ids->v[mid], id);
        if (c == 0)
            return (long)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

static int cmp_idref(const void *a, const void *b) { return strcmp(((const idref *)a)->s, ((const idref *)b)->s); }

/* Replace the id offsets in field `which` of rows with indexes of the distinct ids (strcmp order),
 * whose offsets go to ids. */
static fr_status intern(const fr_buf *strings, lrow *rows, size_t n, int which, fr_u32vec *ids)
{
    idref *v = malloc((n ? n : 1) * sizeof *v);
    if (!v)
        return FR_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        v[i].off = which ? rows[i].p : rows[i].r;
        v[i].s = strings->data + v[i].off;
    }
    qsort(v, n, sizeof *v, cmp_idref);
    for (size_t i = 0; i < n; i++)
        if ((!i || strcmp(v[i].s, v[i - 1].s) != 0) && fr_u32vec_push(ids, v[i].off) != FR_OK) {
            free(v);
            return FR_ENOMEM;
        }
    for (size_t i = 0; i < n; i++) {
        uint32_t *f = which ? &rows[i].p : &rows[i].r;
        *f = (uint32_t)search_id(strings->data, ids, strings->data + *f);
    }
    free(v);
    return FR_OK;
}

static fr_status put_id(fr_buf *strings, const char *s, const fr_csv_rec *rec, long f, uint32_t *off)
{
    *off = (uint32_t)strings->len;
    if (fr_csv_field(s, rec, (size_t)f, strings) != FR_OK || fr_buf_putc(strings, '\0') != FR_OK)
        return FR_ENOMEM;
    return FR_OK;
}

static long find_any(const char *s, const fr_csv_rec *rec, const char *const *names)
{
    for (; *names; names++) {
        long f = fr_csv_find(s, rec, *names, strlen(*names), 1);
        if (f >= 0)
            return f;
    }
    return -1;
}

static const char *const rnames[] = {"resume", "cv", "candidate", NULL};
static const char *const pnames[] = {"posting", "jobpost", "job", NULL};

/* Read a labels or scores CSV, which must be text: a NUL would silently end an id early (ids are
 * C strings) and invalid UTF-8 could match no document — both are errors naming the byte offset,
 * worded as for documents.  On failure *raw is freed. */
static fr_status read_text(const char *path, fr_buf *raw, fr_error *err)
{
    fr_status st = fr_read_file(path, raw, err);
    const char *nul = st == FR_OK && raw->len ? memchr(raw->data, '\0', raw->len) : NULL;
    size_t bad = st == FR_OK && !nul ? fr_utf8_check(raw->data, raw->len) : 0;
    if (nul)
        st = fr_fail_at(err, FR_EFORMAT, (size_t)(nul - raw->data), "%s:%zu: binary data (a NUL byte), not text",
                        path, (size_t)(nul - raw->data));
    else if (st == FR_OK && bad < raw->len)
        st = fr_fail_at(err, FR_EUTF8, bad, "%s:%zu: invalid UTF-8 (byte 0x%02X)", path, bad,
                        (unsigned)(unsigned char)raw->data[bad]);
    if (st != FR_OK)
        fr_buf_free(raw);
    return st;
}

fr_status fr_labels_read(const char *path, fr_labels *out, fr_error *err)
{
    static const char *const lnames[] = {"label", NULL};
    memset(out, 0, sizeof *out);
    fr_buf raw = {0};
    fr_csv_rec rec = {0};
    lrow *rows = NULL;
    size_t n = 0, cap = 0;
    fr_status st = read_text(path, &raw, err);
    if (st != FR_OK) {
        fr_buf_free(&raw); /* a failed read may have grown it */
        return st;
    }
    const char *s = raw.data;
    size_t len = raw.len, pos = 0, rs = 0, bad = 0;
    if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        pos = 3;
    int got = 0;
    long cr = -1, cp = -1, cl = -1;
    size_t ncols = 0, lineno = 1;
    size_t counted = 0;  /* line numbers: newlines counted up to here */
    st = fr_csv_next(s, len, &pos, &rec, &got, &rs, &bad);
    if (st == FR_EFORMAT) {
        st = fr_fail_at(err, FR_EFORMAT, bad, "%s:%zu: unterminated quoted CSV field", path, bad);
        goto fail;
    }
    if (st == FR_OK && !got) {
        st = fr_fail_at(err, FR_EFORMAT, 0, "%s:0: empty labels file (a header row is required)", path);
        goto fail;
    }
    if (st == FR_OK) {
        cr = find_any(s, &rec, rnames);
        cp = find_any(s, &rec, pnames);
        cl = find_any(s, &rec, lnames);
        ncols = rec.start.n;
        if (cr < 0 || cp < 0 || cl < 0) {
            st = fr_fail_at(err, FR_EFORMAT, rs,
                            "%s:%zu: the header needs a résumé column (resume, cv or candidate), a posting column "
                            "(posting, jobpost or job) and a label column (label)",
                            path, rs);
            goto fail;
        }
    }
    while (st == FR_OK) {
        st = fr_csv_next(s, len, &pos, &rec, &got, &rs, &bad);
        if (st == FR_EFORMAT) {
            st = fr_fail_at(err, FR_EFORMAT, bad, "%s:%zu: unterminated quoted CSV field", path, bad);
            goto fail;
        }
        if (st != FR_OK || !got)
            break;
        size_t line;
        for (size_t i = counted; i < rs; i++)
            lineno += s[i] == '\n';
        counted = rs;
        line = lineno;
        if (rec.start.n != ncols) {
            st = fr_fail_at(err, FR_EFORMAT, rs, "%s:%zu: line %zu has %zu fields, the header has %zu", path, rs, line,
                            (size_t)rec.start.n, ncols);
            goto fail;
        }
        if (n == cap) {
            size_t nc = cap ? 2 * cap : 1024;
            lrow *nr = realloc(rows, nc * sizeof *nr);
            if (!nr) {
                st = FR_ENOMEM;
                break;
            }
            rows = nr;
            cap = nc;
        }
        lrow *r = &rows[n];
        fr_buf lab = {0};
        if (put_id(&out->strings, s, &rec, cr, &r->r) != FR_OK || put_id(&out->strings, s, &rec, cp, &r->p) != FR_OK ||
            fr_csv_field(s, &rec, (size_t)cl, &lab) != FR_OK) {
            fr_buf_free(&lab);
            st = FR_ENOMEM;
            break;
        }
        char *end = NULL;
        double x = lab.data ? strtod(lab.data, &end) : NAN;
        int ok = lab.data && end != lab.data && *end == '\0' && x >= 1.0 && x <= 5.0;
        if (!ok)
            st = fr_fail_at(err, FR_EFORMAT, rs, "%s:%zu: line %zu: label '%s' is not a number from 1 (best fit) to 5 (no fit)",
                            path, rs, line, lab.data ? lab.data : "");
        else if (!out->strings.data[r->r] || !out->strings.data[r->p])
            st = fr_fail_at(err, FR_EFORMAT, rs, "%s:%zu: line %zu: empty résumé or posting id", path, rs, line);
        fr_buf_free(&lab);
        if (st != FR_OK)
            goto fail;
        r->label = x;
        r->line = (uint32_t)line;
        n++;
    }
    if (st == FR_ENOMEM)
        st = fr_fail(err, FR_ENOMEM, "out of memory reading %s", path);
    if (st == FR_OK && !n)
        st = fr_fail_at(err, FR_EFORMAT, len, "%s:%zu: no labels after the header", path, len);
    if (st == FR_OK && (intern(&out->strings, rows, n, 0, &out->resume_ids) != FR_OK ||
                        intern(&out->strings, rows, n, 1, &out->posting_ids) != FR_OK))
        st = fr_fail(err, FR_ENOMEM, "out of memory reading %s", path);
    if (st != FR_OK)
        goto fail;
    qsort(rows, n, sizeof *rows, cmp_row);
    out->n_rows = n;
    out->resume = malloc(n * sizeof *out->resume);
    out->posting = malloc(n * sizeof *out->posting);
    out->label = malloc(n * sizeof *out->label);
    out->line = malloc(n * sizeof *out->line);
    if (!out->resume || !out->posting || !out->label || !out->line) {
        st = fr_fail(err, FR_ENOMEM, "out of memory reading %s", path);
        goto fail;
    }
    size_t np = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        double sum = 0;
        int conflict = 0;
        for (; j < n && rows[j].r == rows[i].r && rows[j].p == rows[i].p; j++) {
            sum += rows[j].label;
            conflict |= rows[j].label != rows[i].label;
        }
        out->resume[np] = rows[i].r;
        out->posting[np] = rows[i].p;
        out->label[np] = sum / (double)(j - i);
        out->line[np] = rows[i].line;
        out->n_dup_pairs += j - i > 1;
        out->n_conflicts += (size_t)conflict;
        np++;
        i = j;
    }
    out->n_pairs = np;
    free(rows);
    fr_csv_rec_free(&rec);
    fr_buf_free(&raw);
    return FR_OK;
fail:
    free(rows);
    fr_csv_rec_free(&rec);
    fr_buf_free(&raw);
    fr_labels_free(out);
    return st;
}

long fr_labels_find_resume(const fr_labels *l, const char *id) { return search_id(l->strings.data, &l->resume_ids, id); }
long fr_labels_find_posting(const fr_labels *l, const char *id) { return search_id(l->strings.data, &l->posting_ids, id); }

long fr_labels_find_pair(const fr_labels *l, uint32_t r, uint32_t p)
{
    size_t lo = 0, hi = l->n_pairs;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (l->resume[mid] == r && l->posting[mid] == p)
            return (long)mid;
        if (l->resume[mid] < r || (l->resume[mid] == r && l->posting[mid] < p))
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

fr_status fr_labels_read_scores(const fr_labels *l, const char *path, float *key, fr_error *err)
{
    static const char *const snames[] = {"score", NULL};
    fr_buf raw = {0}, f = {0};
    fr_csv_rec rec = {0};
    uint8_t *seen = calloc(l->n_pairs ? l->n_pairs : 1, 1);
    if (!seen)
        return fr_fail(err, FR_ENOMEM, "out of memory");
    fr_status st = read_text(path, &raw, err);
    size_t pos = 0, rs = 0, bad = SIZE_MAX;  /* set by fr_csv_next on an unterminated quote */
    int got = 0;
    long cr = -1, cp = -1, cs = -1;
    if (st == FR_OK && raw.len >= 3 && memcmp(raw.data, "\xEF\xBB\xBF", 3) == 0)
        pos = 3;
    if (st == FR_OK && (st = fr_csv_next(raw.data, raw.len, &pos, &rec, &got, &rs, &bad)) == FR_OK) {
        cr = find_any(raw.data, &rec, rnames);
        cp = find_any(raw.data, &rec, pnames);
        cs = find_any(raw.data, &rec, snames);
        if (!got || cr < 0 || cp < 0 || cs < 0)
            st = fr_fail_at(err, FR_EFORMAT, rs, "%s:%zu: the header needs résumé, posting and score columns", path, rs);
    }
    while (st == FR_OK && (st = fr_csv_next(raw.data, raw.len, &pos, &rec, &got, &rs, &bad)) == FR_OK && got) {
        long fmax = cr > cp ? cr : cp;
        fmax = fmax > cs ? fmax : cs;
        if ((long)rec.start.n <= fmax) {
            st = fr_fail_at(err, FR_EFORMAT, rs, "%s:%zu: too few fields", path, rs);
            break;
        }
        fr_buf_reset(&f);
        size_t o2, o3;
        if (fr_csv_field(raw.data, &rec, (size_t)cr, &f) != FR_OK || fr_buf_putc(&f, '\0') != FR_OK ||
            (o2 = f.len, fr_csv_field(raw.data, &rec, (size_t)cp, &f)) != FR_OK || fr_buf_putc(&f, '\0') != FR_OK ||
            (o3 = f.len, fr_csv_field(raw.data, &rec, (size_t)cs, &f)) != FR_OK || fr_buf_putc(&f, '\0') != FR_OK) {
            st = fr_fail(err, FR_ENOMEM, "out of memory");
            break;
        }
        long r = fr_labels_find_resume(l, f.data), p = fr_labels_find_posting(l, f.data + o2);
        long i = r >= 0 && p >= 0 ? fr_labels_find_pair(l, (uint32_t)r, (uint32_t)p) : -1;
        if (i < 0)
            continue;
        char *end;
        double x = strtod(f.data + o3, &end);
        if (end == f.data + o3 || *end || !isfinite(x))
            st = fr_fail_at(err, FR_EFORMAT, rs, "%s:%zu: score '%s' is not a finite number", path, rs, f.data + o3);
        else if (seen[i])
            st = fr_fail_at(err, FR_EFORMAT, rs, "%s:%zu: pair (%s, %s) is scored twice", path, rs, f.data, f.data + o2);
        else {
            seen[i] = 1;
            key[i] = (float)x;
        }
    }
    if (st == FR_EFORMAT && bad != SIZE_MAX)
        st = fr_fail_at(err, FR_EFORMAT, bad, "%s:%zu: unterminated quoted CSV field", path, bad);
    else if (st == FR_ENOMEM) /* fr_csv_next says nothing itself */
        st = fr_fail(err, FR_ENOMEM, "out of memory reading %s", path);
    for (size_t i = 0; st == FR_OK && i < l->n_pairs; i++)
        if (!seen[i])
            st = fr_fail(err, FR_EFORMAT, "%s: no score for the labelled pair (%s, %s)", path,
                         fr_labels_resume(l, l->resume[i]), fr_labels_posting(l, l->posting[i]));
    free(seen);
    fr_buf_free(&f);
    fr_buf_free(&raw);
    fr_csv_rec_free(&rec);
    return st;
}

void fr_labels_free(fr_labels *l)
{
    fr_buf_free(&l->strings);
    fr_u32vec_free(&l->resume_ids);
    fr_u32vec_free(&l->posting_ids);
    free(l->resume);
    free(l->posting);
    free(l->label);
    free(l->line);
    memset(l, 0, sizeof *l);
}

double fr_eval_gain(double label) { return exp2(5.0 - label) - 1.0; }

unsigned fr_eval_fold(const char *resume_id, unsigned k)
{
    return k ? (unsigned)(fr_checksum64(resume_id, strlen(resume_id)) % k) : 0;
}

typedef struct {
    uint32_t q, other, pair;
    float key;
} qent;

static int cmp_qent(const void *a, const void *b)
{
    const qent *x = a, *y = b;
    if (x->q != y->q)
        return x->q < y->q ? -1 : 1;
    if (x->key != y->key)
        return x->key > y->key ? -1 : 1;   /* higher keys first */
    return x->other < y->other ? -1 : x->other > y->other;  /* ties: id order */
}

static int cmp_double_desc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x > y ? -1 : x < y;
}

fr_status fr_eval_metrics_compute(const fr_labels *l, const float *key, int by, const uint8_t *resume_mask,
                                  fr_eval_metrics *out, double *per_query, fr_error *err)
{
    memset(out, 0, sizeof *out);
    size_t nq = by == FR_EVAL_BY_RESUME ? l->resume_ids.n : l->posting_ids.n;
    if (per_query)
        for (size_t i = 0; i < nq; i++)
            per_query[i] = NAN;
    qent *e = malloc((l->n_pairs ? l->n_pairs : 1) * sizeof *e);
    double *ideal = malloc((l->n_pairs ? l->n_pairs : 1) * sizeof *ideal);
    if (!e || !ideal) {
        free(e);
        free(ideal);
        return fr_fail(err, FR_ENOMEM, "out of memory");
    }
    size_t n = 0;
    for (size_t i = 0; i < l->n_pairs; i++) {
        if (resume_mask && !resume_mask[l->resume[i]])
            continue;
        e[n].q = by == FR_EVAL_BY_RESUME ? l->resume[i] : l->posting[i];
        e[n].other = by == FR_EVAL_BY_RESUME ? l->posting[i] : l->resume[i];
        e[n].pair = (uint32_t)i;
        e[n].key = isnan(key[i]) ? -INFINITY : key[i];
        n++;
    }
    qsort(e, n, sizeof *e, cmp_qent);
    double sum_ndcg = 0, sum_p5 = 0, sum_rr = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && e[j].q == e[i].q)
            j++;
        size_t m = j - i;
        double dcg = 0, rr = 0;
        size_t rel5 = 0, any_rel = 0;
        for (size_t r = 0; r < m; r++) {
            double lab = l->label[e[i + r].pair];
            ideal[r] = fr_eval_gain(lab);
            if (r < 10)
                dcg += ideal[r] / log2((double)r + 2.0);
            if (fr_eval_relevant(lab)) {
                any_rel = 1;
                if (r < 5)
                    rel5++;
                if (rr == 0)
                    rr = 1.0 / (double)(r + 1);
            }
        }
        qsort(ideal, m, sizeof *ideal, cmp_double_desc);
        double idcg = 0;
        for (size_t r = 0; r < m && r < 10; r++)
            idcg += ideal[r] / log2((double)r + 2.0);
        if (idcg > 0) {
            out->queries++;
            sum_ndcg += dcg / idcg;
            if (per_query)
                per_query[e[i].q] = dcg / idcg;
        }
        if (any_rel) {
            out->queries_rel++;
            sum_p5 += (double)rel5 / (double)(m < 5 ? m : 5);
            sum_rr += rr;
        }
        i = j;
    }
    out->ndcg10 = out->queries ? sum_ndcg / (double)out->queries : NAN;
    out->p5 = out->queries_rel ? sum_p5 / (double)out->queries_rel : NAN;
    out->mrr = out->queries_rel ? sum_rr / (double)out->queries_rel : NAN;
    free(e);
    free(ideal);
    return FR_OK;
}
