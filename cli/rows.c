/* cli/rows.c — rows of rank/match: collect, merge best-first, write (table, JSONL, CSV, JSON). */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/rows.h"
#include "util/parallel.h"

fr_status cli_rows_init(cli_rows *rs, const fr_docset *P, const fr_model *m, size_t n_query, size_t k,
                        fr_gate_mode gate, int cosine, int per_resume, int threads, fr_error *err)
{
    memset(rs, 0, sizeof *rs);
    rs->P = P;
    rs->model = m;
    rs->k = k;
    rs->gate = gate;
    rs->cosine = cosine;
    rs->per_resume = per_resume;
    rs->n_query = n_query;
    rs->threads = threads;
    /* a list grows with its rows (insert), never to k up front: -k may be far above the pool */
    rs->lists = calloc(n_query + 1, sizeof *rs->lists);
    rs->query_name = calloc(n_query + 1, sizeof *rs->query_name);
    if (!rs->lists || !rs->query_name)
        return fr_fail(err, FR_ENOMEM, "out of memory");
    return fr_scorer_new(m, &rs->sc, err);
}

fr_status cli_rows_init_named(cli_rows *rs, const char *const *posting_ids, const fr_model *m, size_t n_query,
                              size_t k, fr_error *err)
{
    memset(rs, 0, sizeof *rs);
    rs->posting_ids = posting_ids;
    rs->model = m;
    rs->k = k;
    rs->gate = FR_GATE_OFF;
    rs->cosine = 1;
    rs->n_query = n_query;
    rs->lists = calloc(n_query + 1, sizeof *rs->lists);
    rs->query_name = calloc(n_query + 1, sizeof *rs->query_name);
    if (!rs->lists || !rs->query_name)
        return fr_fail(err, FR_ENOMEM, "out of memory");
    return FR_OK;
}

static void row_free(cli_row *r)
{
    free(r->resume);
    free(r->status);
}

void cli_rows_free(cli_rows *rs)
{
    for (size_t q = 0; rs->lists && q < rs->n_query; q++) {
        for (size_t i = 0; i < rs->lists[q].n; i++)
            row_free(&rs->lists[q].v[i]);
        free(rs->lists[q].v);
    }
    for (size_t q = 0; rs->query_name && q < rs->n_query; q++)
        free(rs->query_name[q]);
    free(rs->lists);
    free(rs->query_name);
    fr_scorer_free(rs->sc);
    memset(rs, 0, sizeof *rs);
}

static int better(const cli_row *a, const cli_row *b)
{
    return a->key > b->key || (a->key == b->key && a->order < b->order);
}

/* Insert r into the list (best first, at most k); takes ownership of r's memory either way. */
static fr_status insert(cli_rowlist *l, size_t k, cli_row *r, fr_error *err)
{
    size_t at = l->n;
    while (at > 0 && better(r, &l->v[at - 1]))
        at--;
    if (at >= k) {
        row_free(r);
        return FR_OK;
    }
    if (l->n == k)
        row_free(&l->v[--l->n]);
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 16;
        cli_row *v = realloc(l->v, (cap < k ? cap : k) * sizeof *v);
        if (!v) {
            row_free(r);
            return fr_fail(err, FR_ENOMEM, "out of memory");
        }
        l->v = v;
        l->cap = cap < k ? cap : k;
    }
    memmove(&l->v[at + 1], &l->v[at], (l->n - at) * sizeof *l->v);
    l->v[at] = *r;
    l->n++;
    return FR_OK;
}

/* The required items' statuses of hits [i0, i1) of res (status[i - i0], each owned), re-scored
 * canonically with a scorer of the slice's own: the slices of a result run on threads. */
struct rescore {
    const cli_rows *rs;
    const fr_rank_result *res;
    const fr_docset *R;
    size_t i0, i1;
    uint8_t **status;
    fr_status st;
    fr_error err;
};

static void *rescore_slice(void *arg)
{
    struct rescore *j = arg;
    const cli_rows *rs = j->rs;
    fr_scorer *sc = NULL;
    fr_item_eval *items = NULL;
    size_t cap = 0;
    j->st = fr_scorer_new(rs->model, &sc, &j->err);
    if (j->st == FR_OK)
        fr_scorer_set_params(sc, fr_scorer_params(rs->sc));
    for (size_t i = j->i0; i < j->i1 && j->st == FR_OK; i++) {
        const fr_hit *h = &j->res->hits[i];
        if (rs->cosine || !h->ev.req_total)
            continue;
        size_t ni = rs->P->unit_start.v[h->posting + 1] - rs->P->unit_start.v[h->posting];
        if (ni > cap) {
            fr_item_eval *n = realloc(items, ni * sizeof *n);
            if (!n) {
                j->st = fr_fail(&j->err, FR_ENOMEM, "out of memory");
                break;
            }
            items = n;
            cap = ni;
        }
        /* canonical again: the same numbers the hit carries, now with the items */
        fr_pair_eval ev;
        j->st = fr_score_pair(sc, rs->P, h->posting, j->R, h->resume, NULL, &ev, items, &j->err);
        if (j->st == FR_OK && !(j->status[i - j->i0] = malloc(h->ev.req_total)))
            j->st = fr_fail(&j->err, FR_ENOMEM, "out of memory");
        for (uint32_t k = 0; j->st == FR_OK && k < h->ev.req_total; k++)
            j->status[i - j->i0][k] = items[k].status;
    }
    free(items);
    fr_scorer_free(sc);
    return NULL;
}

fr_status cli_rows_add(cli_rows *rs, const fr_rank_result *res, const fr_docset *R, uint64_t order_base,
                       fr_error *err)
{
    size_t h0 = res->n_query ? res->start[0] : 0, nh = res->n_query ? res->start[res->n_query] - h0 : 0;
    uint8_t **status = calloc(nh + 1, sizeof *status);
    if (!status)
        return fr_fail(err, FR_ENOMEM, "out of memory");
    /* the hits' statuses first, on the run's threads (one at a time, 10,000 hits of a
     * 1k-posting run were a second of one core while the other idled), then the rows in order */
    struct rescore jobs[16];
    size_t nt = rs->threads < 1 ? 1 : rs->threads > 16 ? 16 : (size_t)rs->threads;
    if (nt > nh / 32 + 1)
        nt = nh / 32 + 1;
    for (size_t t = 0; t < nt; t++)
        jobs[t] = (struct rescore){rs, res, R, h0 + nh * t / nt, h0 + nh * (t + 1) / nt, status + nh * t / nt,
                                   FR_OK, {0}};
    fr_run_parts(jobs, nt, sizeof *jobs, rescore_slice);
    fr_status st = FR_OK;
    for (size_t t = 0; t < nt && st == FR_OK; t++)
        if ((st = jobs[t].st) != FR_OK)
            *err = jobs[t].err; /* the first hit's failure in input order */
    for (size_t q = 0; q < res->n_query && st == FR_OK; q++) {
        if (rs->per_resume && !rs->query_name[q] && !(rs->query_name[q] = strdup(fr_docset_id(R, q))))
            st = fr_fail(err, FR_ENOMEM, "out of memory");
        for (size_t i = res->start[q]; i < res->start[q + 1] && st == FR_OK; i++) {
            const fr_hit *h = &res->hits[i];
            cli_row r = {0};
            r.posting = h->posting;
            r.order = rs->per_resume ? h->posting : order_base + h->resume;
            r.ev = h->ev;
            r.key = rs->cosine ? h->ev.score : fr_rank_key(&h->ev, rs->gate);
            r.status = status[i - h0];
            status[i - h0] = NULL; /* the row's now, whatever insert does with it */
            if (!(r.resume = strdup(fr_docset_id(R, h->resume)))) {
                free(r.status);
                st = fr_fail(err, FR_ENOMEM, "out of memory");
            } else
                st = insert(&rs->lists[q], rs->k, &r, err);
        }
    }
    for (size_t i = 0; i < nh; i++)
        free(status[i]);
    free(status);
    return st;
}

fr_status cli_rows_add_cosine(cli_rows *rs, size_t q, const char *resume_id, uint64_t order, float score,
                              fr_error *err)
{
    cli_row r = {0};
    r.posting = (uint32_t)q;
    r.order = order;
    r.ev.score = r.ev.ctx_lex = score;
    r.ev.gate = 1;
    r.key = score;
    if (!(r.resume = strdup(resume_id)))
        return fr_fail(err, FR_ENOMEM, "out of memory");
    return insert(&rs->lists[q], rs->k, &r, err);
}

/* ---------------------------------------------------------------- writing */

/* Posting q's id, title (UINT32_MAX: none) and item counts, with or without a postings set. */
static const char *posting_id(const cli_rows *rs, size_t q)
{
    return rs->P ? fr_docset_id(rs->P, q) : rs->posting_ids[q];
}

static uint32_t posting_title(const cli_rows *rs, size_t q) { return rs->P ? rs->P->title.v[q] : UINT32_MAX; }

typedef struct {
    const cli_rows *rs;
    FILE *fp;
    const char *hash;
    size_t width;   /* the terminal's columns (long texts elided), 0 for a file or pipe (nothing cut) */
} wctx;

static void csv_field(FILE *fp, const char *s)
{
    if (!strpbrk(s, ",\"\n\r")) {
        fputs(s, fp);
        return;
    }
    putc('"', fp);
    for (; *s; s++) {
        if (*s == '"')
            putc('"', fp);
        putc(*s, fp);
    }
    putc('"', fp);
}

static void print_score(const wctx *w, float s) { fprintf(w->fp, w->rs->cosine ? "%.6f" : "%.4f", (double)s); }

static const char *item_text(const cli_rows *rs, uint32_t posting, uint32_t i)
{
    return fr_docset_str(rs->P, fr_docset_item(rs->P, rs->P->unit_start.v[posting] + i)->text);
}

static void row_json(const wctx *w, const cli_row *r, size_t rank, int pretty)
{
    FILE *fp = w->fp;
    const char *sep = pretty ? ",\n    " : ", ";
    fputs(pretty ? "  {\n    \"posting\": " : "{\"posting\": ", fp);
    const char *pid = posting_id(w->rs, r->posting);
    cli_json_str(fp, pid, strlen(pid));
    fprintf(fp, "%s\"rank\": %zu%s\"resume\": ", sep, rank, sep);
    cli_json_str(fp, r->resume, strlen(r->resume));
    fprintf(fp, "%s\"score\": ", sep);
    print_score(w, r->ev.score);
    fprintf(fp, "%s\"gate\": %s%s\"required_met\": %u%s\"required_total\": %u%s\"preferred_met\": %u%s"
                "\"preferred_total\": %u%s\"missing\": [",
            sep, r->ev.gate ? "true" : "false", sep, r->ev.req_met, sep, r->ev.req_total, sep, r->ev.pref_met, sep,
            r->ev.pref_total, sep);
    int first = 1;
    for (uint32_t i = 0; r->status && i < r->ev.req_total; i++)
        if (r->status[i] == FR_ITEM_MISSING) {
            const char *t = item_text(w->rs, r->posting, i);
            if (!first)
                fputs(", ", fp);
            cli_json_str(fp, t, strlen(t));
            first = 0;
        }
    fprintf(fp, "]%s\"model\": \"%s\"%s", sep, w->hash, pretty ? "\n  }" : "}\n");
}

static void row_csv(const wctx *w, const cli_row *r, size_t rank)
{
    FILE *fp = w->fp;
    csv_field(fp, posting_id(w->rs, r->posting));
    fprintf(fp, ",%zu,", rank);
    csv_field(fp, r->resume);
    putc(',', fp);
    print_score(w, r->ev.score);
    fprintf(fp, ",%s,%u,%u,%u,%u,", r->ev.gate ? "true" : "false", r->ev.req_met, r->ev.req_total, r->ev.pref_met,
            r->ev.pref_total);
    fr_buf b = {0};
    for (uint32_t i = 0; r->status && i < r->ev.req_total; i++)
        if (r->status[i] == FR_ITEM_MISSING)
            fr_buf_printf(&b, "%s%s", b.len ? " | " : "", item_text(w->rs, r->posting, i));
    csv_field(fp, b.len ? b.data : "");
    fr_buf_free(&b);
    fprintf(fp, ",%s\n", w->hash);
}

static const char *mark(int status)
{
    static const char *const m[] = {"✓", "~", "?", "✗"};
    return m[status & 3];
}

static void table_head(const wctx *w, size_t q)
{
    FILE *fp = w->fp;
    const cli_rows *rs = w->rs;
    if (rs->per_resume) {
        fputs("Best postings for ", fp);
        cli_term_fit(fp, rs->query_name[q] ? rs->query_name[q] : "?", 18, w->width);
        putc('\n', fp);
        return;
    }
    uint32_t t = posting_title(rs, q);
    size_t ni = rs->P ? rs->P->unit_start.v[q + 1] - rs->P->unit_start.v[q] : 0, nr = rs->P ? rs->P->n_req.v[q] : 0;
    /* "id — title  (N required, M preferred)", fitted to a terminal as one line */
    fr_buf b = {0};
    fr_buf_printf(&b, "%s%s%s  (%zu required, %zu preferred)", posting_id(rs, q), t != UINT32_MAX ? " — " : "",
                  t != UINT32_MAX ? fr_docset_str(rs->P, t) : "", nr, ni - nr);
    cli_term_fit(fp, b.data ? b.data : posting_id(rs, q), 0, w->width);
    fr_buf_free(&b);
    putc('\n', fp);
    fprintf(fp, "  %4s  %-8s  %-4s  %-5s  %-5s  %s\n", "rank", rs->cosine ? "cosine" : "score", "gate", "req", "pref",
            "résumé");
}

static void row_table(const wctx *w, const cli_row *r, size_t rank)
{
    FILE *fp = w->fp;
    const cli_rows *rs = w->rs;
    char req[24], pref[24];
    snprintf(req, sizeof req, "%u/%u", r->ev.req_met, r->ev.req_total);
    snprintf(pref, sizeof pref, "%u/%u", r->ev.pref_met, r->ev.pref_total);
    if (!rs->per_resume) {
        fprintf(fp, "  %4zu  ", rank);
        print_score(w, r->ev.score);
        fprintf(fp, "  %-4s  %-5s  %-5s  ", rs->cosine ? "-" : r->ev.gate ? "pass" : "FAIL", rs->cosine ? "-" : req,
                rs->cosine ? "-" : pref);
        cli_term_fit(fp, r->resume, 40, w->width);
        putc('\n', fp);
        for (uint32_t i = 0; r->status && i < r->ev.req_total; i++)
            if (r->status[i] == FR_ITEM_MISSING) {
                fprintf(fp, "%24s✗ ", "");
                cli_term_fit(fp, item_text(rs, r->posting, i), 26, w->width);
                putc('\n', fp);
            }
        return;
    }
    uint32_t t = posting_title(rs, r->posting);
    fprintf(fp, "%3zu. ", rank);
    print_score(w, r->ev.score);
    fprintf(fp, "  %s  ", rs->cosine ? "" : r->ev.gate ? "pass" : "FAIL");
    if (t != UINT32_MAX) {
        /* "Title  (id)" as one text, so that a long title elides before its id is lost */
        fr_buf b = {0};
        fr_buf_printf(&b, "%s  (%s)", fr_docset_str(rs->P, t), fr_docset_id(rs->P, r->posting));
        cli_term_fit(fp, b.data ? b.data : fr_docset_str(rs->P, t), 19, w->width);
        fr_buf_free(&b);
    } else
        cli_term_fit(fp, posting_id(rs, r->posting), 19, w->width);
    putc('\n', fp);
    if (rs->cosine)
        return;
    fprintf(fp, "       required %s met, preferred %s met\n", req, pref);
    for (uint32_t i = 0; r->status && i < r->ev.req_total; i++) {
        fprintf(fp, "       %s ", mark(r->status[i]));
        cli_term_fit(fp, item_text(rs, r->posting, i), 9, w->width);
        putc('\n', fp);
    }
}

int cli_rows_write(const cli_rows *rs, FILE *fp, int fmt)
{
    wctx w = {rs, fp, fr_model_hash(rs->model), fmt == FMT_TABLE ? cli_width(fp) : 0};
    if (fmt == FMT_CSV)
        fputs("posting,rank,resume,score,gate,required_met,required_total,preferred_met,preferred_total,missing,model\n", fp);
    if (fmt == FMT_JSON)
        fprintf(fp, "{\"model\": \"%s\", \"mode\": \"%s\", \"rows\": [\n", w.hash, rs->cosine ? "cosine" : "full");
    int first = 1;
    for (size_t q = 0; q < rs->n_query; q++) {
        const cli_rowlist *l = &rs->lists[q];
        if (fmt == FMT_TABLE) {
            if (q)
                putc('\n', fp);
            table_head(&w, q);
            if (!l->n)
                fputs("  (no candidates)\n", fp);
        }
        for (size_t i = 0; i < l->n; i++) {
            switch (fmt) {
            case FMT_JSONL: row_json(&w, &l->v[i], i + 1, 0); break;
            case FMT_JSON:
                if (!first)
                    fputs(",\n", fp);
                row_json(&w, &l->v[i], i + 1, 1);
                break;
            case FMT_CSV: row_csv(&w, &l->v[i], i + 1); break;
            default: row_table(&w, &l->v[i], i + 1);
            }
            first = 0;
        }
    }
    if (fmt == FMT_JSON)
        fputs(first ? "]}\n" : "\n]}\n", fp);
    if (fmt == FMT_TABLE && !rs->cosine && w.width && w.width < 98) /* the legend in pieces that fit */
        fprintf(fp, "\n(model %s;\n ✓ met, ~ partial, ? unknown, ✗ missing;\n gate: no required item missing)\n", w.hash);
    else if (fmt == FMT_TABLE && !rs->cosine)
        fprintf(fp, "\n(model %s; ✓ met, ~ partial, ? unknown, ✗ missing; gate: no required item missing)\n", w.hash);
    else if (fmt == FMT_TABLE)
        fprintf(fp, "\n(model %s; whole-document TF-IDF cosine)\n", w.hash);
    return FR_EXIT_OK;
}

int cli_write_rank_rows(FILE *fp, const fr_docset *P, const fr_docset *R, const fr_model *m,
                        const fr_rank_result *res, int fmt, int cosine, int per_resume)
{
    fr_error err = {0};
    cli_rows rs;
    size_t k = 1;
    for (size_t q = 0; q < res->n_query; q++)
        k = res->start[q + 1] - res->start[q] > k ? res->start[q + 1] - res->start[q] : k;
    int rc = FR_EXIT_OK;
    if (cli_rows_init(&rs, P, m, res->n_query, k, FR_GATE_RANK, cosine, per_resume, 1, &err) != FR_OK ||
        cli_rows_add(&rs, res, R, 0, &err) != FR_OK)
        rc = cli_fail(&err);
    else
        rc = cli_rows_write(&rs, fp, fmt);
    cli_rows_free(&rs);
    return rc;
}
