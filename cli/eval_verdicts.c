/* cli/eval_verdicts.c — `fitrank eval --verdicts DIR`: every (posting, résumé) pair of DIR's
 * tasks.jsonl evaluated as `explain` evaluates it (cli/pair.c: the posting and résumé texts
 * parsed, never the task's own item list), its items aligned to DIR's labels.jsonl (careful
 * readers' verdicts) and the figures of engine/vdeval.h reported, overall and per kind. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/eval_verdicts.h"
#include "cli/pair.h"
#include "util/io.h"

typedef struct {
    cJSON **v;
    size_t *line;
    size_t n;
} jsonl;

static void jsonl_free(jsonl *j)
{
    for (size_t i = 0; i < j->n; i++)
        cJSON_Delete(j->v[i]);
    free(j->v);
    free(j->line);
}

/* Read a JSON Lines file of objects; an error names the file and line. */
static int jsonl_read(const char *path, jsonl *out)
{
    memset(out, 0, sizeof *out);
    fr_buf b = {0};
    fr_error err = {0};
    if (fr_read_file(path, &b, &err) != FR_OK)
        return cli_fail(&err);
    size_t cap = 0, line = 0;
    int rc = FR_EXIT_OK;
    for (size_t i = 0; i < b.len && rc == FR_EXIT_OK;) {
        const char *nl = memchr(b.data + i, '\n', b.len - i);
        size_t e = nl ? (size_t)(nl - b.data) : b.len;
        line++;
        size_t k = i;
        while (k < e && (b.data[k] == ' ' || b.data[k] == '\t' || b.data[k] == '\r'))
            k++;
        if (k < e) {
            cJSON *o = cJSON_ParseWithLength(b.data + i, e - i);
            if (!o || !cJSON_IsObject(o)) {
                cJSON_Delete(o);
                rc = cli_err(FR_EXIT_INPUT, "%s:%zu: not a JSON object", path, line);
                break;
            }
            if (out->n == cap) {
                cap = cap ? 2 * cap : 64;
                cJSON **nv = realloc(out->v, cap * sizeof *nv);
                size_t *nlines = nv ? realloc(out->line, cap * sizeof *nlines) : NULL;
                if (nv)
                    out->v = nv;
                if (nlines)
                    out->line = nlines;
                if (!nv || !nlines) {
                    cJSON_Delete(o);
                    rc = cli_err(FR_EXIT_OUTPUT, "out of memory");
                    break;
                }
            }
            out->v[out->n] = o;
            out->line[out->n++] = line;
        }
        i = e + 1;
    }
    fr_buf_free(&b);
    if (rc != FR_EXIT_OK)
        jsonl_free(out);
    return rc;
}

static const char *str_of(const cJSON *o, const char *key)
{
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(x) ? x->valuestring : NULL;
}

/* ------------------------------------------------------------------ report */

static const char *const status_names[] = {"met", "partial", "unknown", "missing"};

/* The kinds issue 13 decides: their figures have their own targets. */
static int typed_kind(int k)
{
    return k == FR_KIND_EDUCATION || k == FR_KIND_ENROLMENT || k == FR_KIND_EXPERIENCE || k == FR_KIND_LANGUAGE ||
           k == FR_KIND_CERTIFICATION || k == FR_KIND_SOFT || k == FR_KIND_LOGISTICS;
}

static double ratio(size_t a, size_t b) { return b ? (double)a / (double)b : -1; }

/* Reader items that are not missing among the aligned items of c. */
static size_t not_missing(const fr_vcount *c)
{
    size_t n = 0;
    for (int r = 0; r < 3; r++)
        for (int s = 0; s < 4; s++)
            n += c->conf[r][s];
    return n;
}

static void add_count(fr_vcount *to, const fr_vcount *c)
{
    to->aligned += c->aligned;
    to->correct += c->correct;
    to->false_missing += c->false_missing;
    to->ev_n += c->ev_n;
    to->ev_hit += c->ev_hit;
    for (int r = 0; r < 4; r++)
        for (int s = 0; s < 4; s++)
            to->conf[r][s] += c->conf[r][s];
}

static cJSON *num_or_null(double x) { return x < 0 ? cJSON_CreateNull() : cJSON_CreateNumber((double)(long)(x * 10000 + 0.5) / 10000); }

static cJSON *count_json(const fr_vcount *c)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "aligned", (double)c->aligned);
    cJSON_AddItemToObject(o, "accuracy", num_or_null(ratio(c->correct, c->aligned)));
    cJSON_AddItemToObject(o, "false_missing", num_or_null(ratio(c->false_missing, not_missing(c))));
    cJSON_AddNumberToObject(o, "evidence_items", (double)c->ev_n);
    cJSON_AddItemToObject(o, "evidence_hit", num_or_null(ratio(c->ev_hit, c->ev_n)));
    cJSON *m = cJSON_AddObjectToObject(o, "confusion");
    for (int r = 0; r < 4; r++) {
        cJSON *row = cJSON_AddObjectToObject(m, status_names[r]);
        for (int s = 0; s < 4; s++)
            cJSON_AddNumberToObject(row, status_names[s], (double)c->conf[r][s]);
    }
    return o;
}

static void fig(FILE *fp, const char *name, double x, const char *note)
{
    if (x < 0)
        fprintf(fp, "  %-22s -%s\n", name, note);
    else
        fprintf(fp, "  %-22s %.3f%s\n", name, x, note);
}

static void report_table(FILE *fp, const char *dir, const fr_vdeval *e, const fr_vcount *typed, const char *model)
{
    fprintf(fp, "verdicts  ");
    cli_term(fp, dir);
    fprintf(fp, "\nmodel     %s\npairs     %zu, reader items %zu (missing %zu), aligned %zu\n\n", model, e->pairs,
            e->reader_items, e->reader_missing, e->all.aligned);
    fig(fp, "item recall", ratio(e->all.aligned, e->reader_items), "");
    fig(fp, "verdict accuracy", ratio(e->all.correct, e->all.aligned), "");
    fig(fp, "  of this issue's kinds", ratio(typed->correct, typed->aligned), " (education, enrolment, experience, "
                                                                             "language, certification, soft, logistics)");
    fig(fp, "false-missing rate", ratio(e->all.false_missing, e->reader_not_missing), "");
    fig(fp, "missing recall", ratio(e->missing_both, e->reader_missing), "");
    fig(fp, "gate agreement", ratio(e->gate_agree, e->pairs), "");
    fig(fp, "evidence hit", ratio(e->all.ev_hit, e->all.ev_n), "");
    fig(fp, "  of this issue's kinds", ratio(typed->ev_hit, typed->ev_n), "");
    fprintf(fp, "\n%-14s %7s %9s %13s %9s\n", "kind", "aligned", "accuracy", "false-missing", "evidence");
    for (int k = 0; k < FR_KIND_COUNT; k++) {
        const fr_vcount *c = &e->kind[k];
        if (!c->aligned)
            continue;
        double a = ratio(c->correct, c->aligned), f = ratio(c->false_missing, not_missing(c)),
               h = ratio(c->ev_hit, c->ev_n);
        fprintf(fp, "%-14s %7zu %9.3f ", fr_kind_name((fr_kind)k), c->aligned, a);
        if (f < 0)
            fprintf(fp, "%13s ", "-");
        else
            fprintf(fp, "%13.3f ", f);
        if (h < 0)
            fprintf(fp, "%9s\n", "-");
        else
            fprintf(fp, "%9.3f\n", h);
    }
    fprintf(fp, "\nconfusion (rows: reader, columns: fitrank; aligned items; \"-\": not aligned)\n%-9s", "");
    for (int s = 0; s < 4; s++)
        fprintf(fp, " %8s", status_names[s]);
    fprintf(fp, " %8s\n", "-");
    for (int r = 0; r < 4; r++) {
        fprintf(fp, "%-9s", status_names[r]);
        for (int s = 0; s < 4; s++)
            fprintf(fp, " %8zu", e->all.conf[r][s]);
        fprintf(fp, " %8zu\n", e->unaligned[r]);
    }
}

static cJSON *report_json(const char *dir, const fr_vdeval *e, const fr_vcount *typed, const char *model,
                          const fr_score_params *sp)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "verdicts", dir);
    cJSON_AddStringToObject(o, "model", model);
    cJSON *pa = cJSON_AddObjectToObject(o, "params");
    for (size_t i = 0; i < fr_score_params_count(); i++)
        cJSON_AddNumberToObject(pa, fr_score_params_key(i), fr_score_params_get(sp, i));
    cJSON_AddNumberToObject(o, "pairs", (double)e->pairs);
    cJSON_AddNumberToObject(o, "reader_items", (double)e->reader_items);
    cJSON_AddItemToObject(o, "item_recall", num_or_null(ratio(e->all.aligned, e->reader_items)));
    cJSON_AddItemToObject(o, "accuracy", num_or_null(ratio(e->all.correct, e->all.aligned)));
    cJSON_AddItemToObject(o, "false_missing", num_or_null(ratio(e->all.false_missing, e->reader_not_missing)));
    cJSON_AddItemToObject(o, "missing_recall", num_or_null(ratio(e->missing_both, e->reader_missing)));
    cJSON_AddItemToObject(o, "gate_agreement", num_or_null(ratio(e->gate_agree, e->pairs)));
    cJSON_AddItemToObject(o, "evidence_hit", num_or_null(ratio(e->all.ev_hit, e->all.ev_n)));
    cJSON_AddItemToObject(o, "all", count_json(&e->all));
    cJSON_AddItemToObject(o, "typed_kinds", count_json(typed));
    cJSON *un = cJSON_AddObjectToObject(o, "unaligned");
    for (int r = 0; r < 4; r++)
        cJSON_AddNumberToObject(un, status_names[r], (double)e->unaligned[r]);
    cJSON *kinds = cJSON_AddObjectToObject(o, "kinds");
    for (int k = 0; k < FR_KIND_COUNT; k++)
        if (e->kind[k].aligned)
            cJSON_AddItemToObject(kinds, fr_kind_name((fr_kind)k), count_json(&e->kind[k]));
    return o;
}

/* ------------------------------------------------------------------ pairs */

typedef struct {
    cli_env *e;
    fr_scorer *sc;
    FILE *items_fp;          /* --pairs: one JSON line per reader item, or NULL */
    fr_vdeval ev;
} vctx;

/* A task's text as the document a user would hand fitrank: a text that is a JSON document (a
 * JSON Resume, a JobPosting) is laid out as a .json file of it would be; anything else is the
 * text itself.  *owned receives what must be freed. */
static void doc_of(const char *id, const char *text, const char *path, fr_doc *d, fr_buf *owned)
{
    *d = (fr_doc){id, strlen(id), text, strlen(text), path, 0, NULL, "field", NULL, NULL, NULL, 0};
    const char *p = text;
    while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
        p++;
    if (*p != '{')
        return;
    cJSON *j = cJSON_Parse(text);
    fr_buf title = {0};
    fr_json_kind k = j && !fr_json_doc_check(j) ? fr_json_doc_text(j, owned, &title) : FR_JSON_NONE;
    cJSON_Delete(j);
    fr_buf_free(&title);
    if ((k == FR_JSON_RESUME || k == FR_JSON_POSTING || k == FR_JSON_TEXT) && !owned->failed && owned->len) {
        d->text = owned->data;
        d->len = owned->len;
        d->offsets = k == FR_JSON_TEXT ? "field" : "extracted";
    }
}

/* Evaluate one task against its label object; returns an exit code. */
static int one_pair(vctx *c, const char *tasks_path, size_t line, const cJSON *task, const cJSON *label)
{
    const char *pair = str_of(task, "pair"), *pid = str_of(task, "posting_id"), *rid = str_of(task, "resume_id");
    const char *ptext = str_of(task, "posting"), *rtext = str_of(task, "resume");
    if (!pid || !rid || !ptext || !rtext)
        return cli_err(FR_EXIT_INPUT, "%s:%zu: a task needs posting_id, posting, resume_id and resume strings", tasks_path,
                       line);
    const cJSON *litems = cJSON_GetObjectItemCaseSensitive(label, "items");
    if (!cJSON_IsArray(litems))
        return cli_err(FR_EXIT_INPUT, "%s: labels of pair '%s': no items array", tasks_path, pair);
    fr_error err = {0};
    cli_pair cp;
    int rc = FR_EXIT_OK;
    size_t nr = (size_t)cJSON_GetArraySize(litems);
    fr_vitem *rv = calloc(nr + 1, sizeof *rv), *sv = NULL;
    long *align = calloc(nr + 1, sizeof *align);
    char **evid = NULL;
    if (cli_pair_init(&cp, c->e, &err) != FR_OK) {
        cli_pair_free(&cp);
        free(rv);
        free(align);
        return cli_fail(&err);
    }
    fr_doc pd, rd;
    fr_buf pown = {0}, rown = {0};
    doc_of(pid, ptext, tasks_path, &pd, &pown);
    doc_of(rid, rtext, tasks_path, &rd, &rown);
    if (!rv || !align)
        rc = cli_err(FR_EXIT_OUTPUT, "out of memory");
    else if (cli_pair_add_posting(&cp, c->e, &pd, &err) != FR_OK || cli_pair_add_resume(&cp, c->e, &rd, &err) != FR_OK ||
             cli_pair_score(&cp, c->e, c->sc, &err) != FR_OK)
        rc = cli_err(err.code == FR_ENOMEM ? FR_EXIT_OUTPUT : FR_EXIT_INPUT, "%s:%zu: pair '%s': %s", tasks_path, line,
                     pair, err.msg);
    size_t k = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, litems)
    {
        if (rc != FR_EXIT_OK)
            break;
        const char *sec = str_of(it, "section"), *text = str_of(it, "text"), *verdict = str_of(it, "verdict");
        int st = verdict ? fr_v_status_parse(verdict) : -1;
        if (!sec || !text || st < 0 || (strcmp(sec, "required") != 0 && strcmp(sec, "preferred") != 0)) {
            rc = cli_err(FR_EXIT_INPUT, "labels of pair '%s', item %zu: needs section (required|preferred), text and "
                                        "verdict (met|partial|missing|unknown)", pair, k + 1);
            break;
        }
        const char *q = str_of(it, "evidence");
        rv[k++] = (fr_vitem){text, strcmp(sec, "required") == 0, st, 0, q ? q : ""};
    }
    size_t ns = cp.n_items;
    if (rc == FR_EXIT_OK) {
        sv = calloc(ns + 1, sizeof *sv);
        evid = calloc(ns + 1, sizeof *evid);
        if (!sv || !evid)
            rc = cli_err(FR_EXIT_OUTPUT, "out of memory");
    }
    for (size_t i = 0; rc == FR_EXIT_OK && i < ns; i++) {
        const fr_unit_item *ui = fr_docset_item(&cp.P, i);
        const char *basis;
        int32_t ch = cli_pair_evidence(&cp, i, &basis);
        const char *etext = "";
        if (ch >= 0) {
            char buf[FR_EVIDENCE_MAX + 1];
            const char *t = fr_evidence_cut(cp.resume->chunks.v[ch].text, buf);
            if (!(evid[i] = strdup(t))) {
                rc = cli_err(FR_EXIT_OUTPUT, "out of memory");
                break;
            }
            etext = evid[i];
        }
        sv[i] = (fr_vitem){fr_docset_str(&cp.P, ui->text), i < cp.n_req, cp.items[i].status, ui->kind, etext};
    }
    if (rc == FR_EXIT_OK && fr_vdeval_pair(&c->ev, rv, nr, sv, ns, cp.pe.gate, align, &err) != FR_OK)
        rc = cli_fail(&err);
    for (size_t i = 0; rc == FR_EXIT_OK && c->items_fp && i < nr; i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "pair", pair ? pair : "");
        cJSON_AddStringToObject(o, "section", rv[i].required ? "required" : "preferred");
        cJSON_AddStringToObject(o, "text", rv[i].text);
        cJSON_AddStringToObject(o, "verdict", status_names[rv[i].status]);
        cJSON_AddStringToObject(o, "quote", rv[i].evidence);
        long a = align[i];
        if (a >= 0) {
            char rule[512];
            const fr_item_eval *ie = &cp.items[a];
            const char *basis;
            int32_t ch = cli_pair_evidence(&cp, (size_t)a, &basis);
            const fr_unit_item *ui = fr_docset_item(&cp.P, (size_t)a);
            fr_verdict_sentence(&ie->verdict, ui, cp.lx,
                                ch >= 0 && ie->verdict.decided && ie->verdict.chunk == ch ? cp.resume->chunks.v[ch].text
                                                                                           : NULL,
                                rule, sizeof rule);
            cJSON_AddStringToObject(o, "fitrank_text", sv[a].text);
            cJSON_AddStringToObject(o, "kind", fr_kind_name((fr_kind)sv[a].kind));
            cJSON_AddStringToObject(o, "status", status_names[sv[a].status]);
            cJSON_AddStringToObject(o, "rule", rule);
            cJSON_AddStringToObject(o, "evidence", sv[a].evidence);
            cJSON_AddBoolToObject(o, "evidence_hit", fr_vdeval_evidence_hit(rv[i].evidence, sv[a].evidence));
            cJSON_AddNumberToObject(o, "coverage", (double)ie->cov);
            cJSON_AddNumberToObject(o, "evidence_score", (double)ie->evidence);
            cJSON_AddNumberToObject(o, "lexical", (double)ie->lex);
            cJSON_AddNumberToObject(o, "dense", (double)ie->dense);
            cJSON_AddNumberToObject(o, "term_share", (double)ie->mass);
            cJSON_AddNumberToObject(o, "found", (double)ie->verdict.have);
            cJSON_AddNumberToObject(o, "asked", (double)__builtin_popcountll(ui->cues));
        } else
            cJSON_AddNullToObject(o, "status");
        char *s = cJSON_PrintUnformatted(o);
        cJSON_Delete(o);
        if (!s) {
            rc = cli_err(FR_EXIT_OUTPUT, "out of memory");
            break;
        }
        fputs(s, c->items_fp);
        fputc('\n', c->items_fp);
        cJSON_free(s);
    }
    fr_scorer_forget(c->sc); /* the next pair's sets may take this one's addresses */
    fr_buf_free(&pown);
    fr_buf_free(&rown);
    for (size_t i = 0; evid && i < ns; i++)
        free(evid[i]);
    free(evid);
    free(sv);
    free(rv);
    free(align);
    cli_pair_free(&cp);
    return rc;
}

int cli_eval_verdicts(cli_env *e, const char *dir, const fr_score_params *sp, int json, const char *out_path,
                      const char *pairs_path)
{
    size_t dl = strlen(dir);
    char *tpath = malloc(dl + 16), *lpath = malloc(dl + 16);
    if (!tpath || !lpath) {
        free(tpath);
        free(lpath);
        return cli_err(FR_EXIT_OUTPUT, "out of memory");
    }
    snprintf(tpath, dl + 16, "%s/tasks.jsonl", dir);
    snprintf(lpath, dl + 16, "%s/labels.jsonl", dir);
    jsonl tasks = {0}, labels = {0};
    vctx c;
    memset(&c, 0, sizeof c);
    c.e = e;
    fr_error err = {0};
    fr_outfile out = {0}, items = {0};
    int rc = jsonl_read(tpath, &tasks);
    if (rc == FR_EXIT_OK)
        rc = jsonl_read(lpath, &labels);
    if (rc == FR_EXIT_OK && fr_scorer_new(e->model, &c.sc, &err) != FR_OK)
        rc = cli_fail(&err);
    if (rc == FR_EXIT_OK)
        fr_scorer_set_params(c.sc, sp);
    if (rc == FR_EXIT_OK && pairs_path) {
        if (cli_outfile_open(&items, pairs_path, &err) != FR_OK)
            rc = cli_err(FR_EXIT_OUTPUT, "%s", err.msg);
        else
            c.items_fp = items.fp;
    }
    /* every label has its task and every task its label: a pair judged but not run, or run but
     * not judged, would change the figures silently */
    unsigned char *seen = labels.n ? calloc(labels.n, 1) : NULL;
    if (rc == FR_EXIT_OK && labels.n && !seen)
        rc = cli_err(FR_EXIT_OUTPUT, "out of memory");
    for (size_t t = 0; rc == FR_EXIT_OK && t < tasks.n; t++) {
        const char *pair = str_of(tasks.v[t], "pair");
        if (!pair) {
            rc = cli_err(FR_EXIT_INPUT, "%s:%zu: a task needs a \"pair\" string", tpath, tasks.line[t]);
            break;
        }
        size_t l = 0;
        while (l < labels.n && !(str_of(labels.v[l], "pair") && strcmp(str_of(labels.v[l], "pair"), pair) == 0))
            l++;
        if (l == labels.n) {
            rc = cli_err(FR_EXIT_INPUT, "%s:%zu: pair '%s' has no labels in %s", tpath, tasks.line[t], pair, lpath);
            break;
        }
        if (seen[l]) {
            rc = cli_err(FR_EXIT_INPUT, "%s:%zu: pair '%s' appears twice", tpath, tasks.line[t], pair);
            break;
        }
        seen[l] = 1;
        rc = one_pair(&c, tpath, tasks.line[t], tasks.v[t], labels.v[l]);
    }
    for (size_t l = 0; rc == FR_EXIT_OK && l < labels.n; l++)
        if (!seen[l])
            rc = cli_err(FR_EXIT_INPUT, "%s:%zu: labels of a pair that %s does not hold", lpath, labels.line[l], tpath);
    fr_vcount typed = {0};
    for (int k = 0; k < FR_KIND_COUNT; k++)
        if (typed_kind(k))
            add_count(&typed, &c.ev.kind[k]);
    if (rc == FR_EXIT_OK && cli_outfile_open(&out, out_path, &err) != FR_OK)
        rc = cli_err(FR_EXIT_OUTPUT, "%s", err.msg);
    if (rc == FR_EXIT_OK) {
        if (json) {
            cJSON *o = report_json(dir, &c.ev, &typed, fr_model_hash(e->model), sp);
            char *s = o ? cJSON_Print(o) : NULL;
            cJSON_Delete(o);
            if (!s)
                rc = cli_err(FR_EXIT_OUTPUT, "out of memory");
            else {
                fputs(s, out.fp);
                fputc('\n', out.fp);
                cJSON_free(s);
            }
        } else
            report_table(out.fp, dir, &c.ev, &typed, fr_model_hash(e->model));
    }
    if (rc == FR_EXIT_OK && fr_outfile_commit(&out, &err) != FR_OK)
        rc = cli_err(FR_EXIT_OUTPUT, "%s", err.msg);
    if (rc == FR_EXIT_OK && pairs_path && fr_outfile_commit(&items, &err) != FR_OK)
        rc = cli_err(FR_EXIT_OUTPUT, "%s", err.msg);
    fr_outfile_abort(&out);
    fr_outfile_abort(&items);
    free(seen);
    fr_scorer_free(c.sc);
    jsonl_free(&tasks);
    jsonl_free(&labels);
    free(tpath);
    free(lpath);
    return rc;
}
