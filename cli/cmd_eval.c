/* cli/cmd_eval.c — `fitrank eval`: score every labelled (résumé, posting) pair and report how well
 * the scores order them, in both directions (engine/eval.h defines the metrics).  The same
 * scores `rank` and `match` report: canonical pair scores, ordered by the same key. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/eval_verdicts.h"
#include "cli/scoring.h"
#include "util/io.h"
#include "util/parallel.h"

static const char usage[] =
    "Usage: fitrank eval --labels CSV --postings INPUT... --resumes INPUT... [--mode full|cosine]\n"
    "                    [--format table|json] [--gate rank|off] [--set KEY=VALUE]... [--param-sets FILE]\n"
    "                    [--folds K] [--pairs FILE] [-o FILE] [--model MODEL] [--as-of YYYY-MM]\n"
    "       fitrank eval --labels CSV --scores CSV [--format table|json] [--folds K]\n"
    "       fitrank eval --verdicts DIR [--format table|json] [--set KEY=VALUE]... [--pairs FILE] [-o FILE]\n"
    "                    [--model MODEL] [--as-of YYYY-MM]\n"
    "\n"
    "Ranking quality against graded fit labels.  Every labelled pair is scored as `fitrank rank`\n"
    "scores it; then, in both directions — the postings labelled for each résumé (\"best matches for\n"
    "me\") and the résumés labelled for each posting (the recruiter's view) — the mean nDCG@10 (gain\n"
    "2^(5 − label) − 1), P@5 and MRR (relevant: label ≤ 2).\n"
    "\n"
    "With --verdicts: requirement verdicts against careful readers.  DIR holds tasks.jsonl (per line a\n"
    "pair: \"pair\", \"posting_id\", \"posting\" text, \"resume_id\", \"resume\" text) and labels.jsonl\n"
    "(per line \"pair\" and \"items\": [{\"section\", \"text\", \"verdict\", \"evidence\"}]), as in\n"
    "../shared/data/requirement-verdicts.  Each pair is evaluated as `fitrank explain` evaluates it\n"
    "(the texts parsed, never a task's own item list), reader items are aligned to fitrank's, and\n"
    "item recall, verdict accuracy, false-missing rate, missing recall, gate agreement and evidence\n"
    "hit are reported, overall and per kind, with the confusion matrix (docs/VERDICTS.md defines\n"
    "them).  --pairs FILE writes every reader item with fitrank's verdict as JSON Lines.  Give\n"
    "--as-of the date the labels were made for (2019-12 for the bundled sets).\n"
    "\n"
    "  --labels CSV         header with a résumé column (resume, cv or candidate), a posting column\n"
    "                       (posting, jobpost or job) and label (1 = best fit … 5 = no fit); a pair\n"
    "                       labelled more than once counts with the mean of its labels.  An id names\n"
    "                       a document by its id or by its file name without directory and extension\n"
    "  --mode full|cosine   requirement scoring (default) or whole-document TF-IDF cosine\n"
    "  --gate rank|off      rank (default, as `fitrank rank`): pairs that pass the gate first; off:\n"
    "                       by score alone\n"
    "  --set KEY=VALUE      score with this parameter instead of the model's (score.w_req, ...: see\n"
    "                       `fitrank model info`); repeatable\n"
    "  --param-sets FILE    evaluate each line of FILE (KEY=VALUE ... on top of the model and --set),\n"
    "                       documents prepared once; with --format json one JSON object per line\n"
    "  --folds K            also report the metrics per fold of résumés (a hash of the résumé id\n"
    "                       picks its fold; only that fold's pairs are ranked, in both directions)\n"
    "                       and their mean ± sd\n"
    "  --pairs FILE         write every labelled pair with its score and parts as CSV\n"
    "  --scores CSV         evaluate scores computed elsewhere (columns: résumé, posting, score)\n"
    "                       instead of scoring documents\n"
    "  --format table|json  table (default) or JSON: {\"mode\", \"model\", \"params\", \"labels\",\n"
    "                       \"by_resume\": {\"queries\", \"queries_relevant\", \"ndcg10\", \"p5\", \"mrr\"},\n"
    "                       \"by_posting\": {...}, \"folds\": [...]}\n"
    "  --model, --as-of, --threads, --id-column, --text-column, --invalid, --max-input-bytes (documents;\n"
    "  the labels, scores and parameter-set files are bounded by its maximum), -o FILE: as for `fitrank rank`\n"
    "                       (years of experience count up to --as-of, default this month: give the\n"
    "                       date the labels were made for figures that do not drift)\n";

enum {
    OPT_LABELS = 400, OPT_POSTINGS, OPT_RESUMES, OPT_MODE, OPT_GATE, OPT_SET, OPT_PARAM_SETS, OPT_FOLDS, OPT_PAIRS,
    OPT_SCORES, OPT_VERDICTS
};

/* ------------------------------------------------------------------ label ids → documents */

typedef struct {
    const char *key;
    uint32_t doc;
    uint8_t exact;   /* key is the document's id, not its file name without extension */
} idkey;

static int cmp_idkey(const void *a, const void *b)
{
    const idkey *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    if (c)
        return c;
    if (x->exact != y->exact)
        return x->exact > y->exact ? -1 : 1;
    return x->doc < y->doc ? -1 : x->doc > y->doc;
}

/* The file name of id without directory and extension, into buf (NULL when that is id itself). */
static const char *stem_of(const char *id, char **owned)
{
    const char *b = strrchr(id, '/');
    b = b ? b + 1 : id;
    const char *dot = strrchr(b, '.');
    size_t n = dot && dot > b ? (size_t)(dot - b) : strlen(b);
    *owned = NULL;
    if (b == id && n == strlen(id))
        return NULL;
    *owned = strndup(b, n);
    return *owned;
}

/* doc_of[i] = the document of S that label id i names.  Returns an exit code (errors printed). */
static int map_ids(const fr_labels *l, int resumes, const fr_docset *S, const char *labels_path, uint32_t *doc_of)
{
    size_t nid = resumes ? l->resume_ids.n : l->posting_ids.n;
    idkey *k = malloc((2 * S->n + 1) * sizeof *k);
    char **owned = calloc(S->n + 1, sizeof *owned);
    int rc = FR_EXIT_OK;
    if (!k || !owned) {
        free(k);
        free(owned);
        return cli_err(FR_EXIT_OUTPUT, "out of memory");
    }
    size_t nk = 0;
    for (size_t i = 0; i < S->n; i++) {
        const char *id = fr_docset_id(S, i);
        k[nk++] = (idkey){id, (uint32_t)i, 1};
        const char *st = stem_of(id, &owned[i]);
        if (st)
            k[nk++] = (idkey){st, (uint32_t)i, 0};
    }
    qsort(k, nk, sizeof *k, cmp_idkey);
    for (size_t i = 0; i < nid && rc == FR_EXIT_OK; i++) {
        const char *id = resumes ? fr_labels_resume(l, i) : fr_labels_posting(l, i);
        size_t lo = 0, hi = nk;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (strcmp(k[mid].key, id) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        size_t m = 0;
        while (lo + m < nk && strcmp(k[lo + m].key, id) == 0 && (m == 0 || k[lo + m].exact == k[lo].exact))
            m++;
        uint32_t line = UINT32_MAX; /* the first line that names it, for a message */
        for (size_t p = 0; m != 1 && p < l->n_pairs; p++)
            if ((resumes ? l->resume[p] : l->posting[p]) == i && l->line[p] < line)
                line = l->line[p];
        if (m == 0)
            rc = cli_err(FR_EXIT_INPUT, "%s: line %u: %s '%s' is not among the --%s documents", labels_path, line,
                         resumes ? "résumé" : "posting", id, resumes ? "resumes" : "postings");
        else if (m > 1)
            rc = cli_err(FR_EXIT_INPUT, "%s: line %u: %s '%s' names %zu documents (%s, %s%s)", labels_path, line,
                         resumes ? "résumé" : "posting", id, m, fr_docset_id(S, k[lo].doc), fr_docset_id(S, k[lo + 1].doc),
                         m > 2 ? ", ..." : "");
        else
            doc_of[i] = k[lo].doc;
    }
    for (size_t i = 0; i < S->n; i++)
        free(owned[i]);
    free(owned);
    free(k);
    return rc;
}

/* ------------------------------------------------------------------ scoring */

enum { MAX_SCORERS = 64 };

typedef struct {
    const fr_labels *l;
    fr_docset P, R;
    uint32_t *pdoc, *rdoc;     /* label id → document */
    uint32_t *order;           /* pairs by posting: a scorer's posting table is built once each */
    fr_scorer *sc[MAX_SCORERS];/* one per thread (full mode) */
    size_t nsc;
    int cosine;
    fr_gate_mode gate;
} evalctx;

typedef struct {
    const evalctx *c;
    fr_scorer *sc;
    size_t n0, n1;             /* a range of c->order */
    float *key;
    fr_pair_eval *evs;
    fr_status st;
    fr_error err;
} score_part;

static void *score_range(void *arg)
{
    score_part *t = arg;
    const evalctx *c = t->c;
    const fr_labels *l = c->l;
    for (size_t n = t->n0; n < t->n1; n++) {
        size_t i = c->order[n];
        size_t p = c->pdoc[l->posting[i]], r = c->rdoc[l->resume[i]];
        fr_pair_eval ev;
        memset(&ev, 0, sizeof ev);
        if (c->cosine) {
            ev.score = ev.ctx_lex = fr_csr_dot(&c->P.doc_rows, p, &c->R.doc_rows, r);
            t->key[i] = ev.score;
        } else {
            if ((t->st = fr_score_pair(t->sc, &c->P, p, &c->R, r, NULL, &ev, NULL, &t->err)) != FR_OK)
                return NULL;
            t->key[i] = fr_rank_key(&ev, c->gate);
        }
        if (t->evs)
            t->evs[i] = ev;
    }
    return NULL;
}

/* key[i] for every labelled pair; evs (optional): the pair evaluations.  Threads take contiguous
 * ranges of the pairs (by posting) and write only their pairs' slots: every score is the
 * canonical one, so the result does not depend on the thread count. */
static fr_status score_pairs(evalctx *c, float *key, fr_pair_eval *evs, fr_error *err)
{
    size_t n = c->l->n_pairs, nt = c->cosine ? 1 : c->nsc;
    if (nt > n / 512 + 1) /* a thread per 512 pairs at least */
        nt = n / 512 + 1;
    score_part parts[MAX_SCORERS];
    for (size_t t = 0; t < nt; t++)
        parts[t] = (score_part){c, c->cosine ? NULL : c->sc[t], n * t / nt, n * (t + 1) / nt, key, evs, FR_OK, {0}};
    fr_run_parts(parts, nt, sizeof *parts, score_range);
    for (size_t t = 0; t < nt; t++)
        if (parts[t].st != FR_OK) {
            if (err)
                *err = parts[t].err;
            return parts[t].st;
        }
    return FR_OK;
}

/* ------------------------------------------------------------------ reports */

typedef struct {
    fr_eval_metrics all[2];
    unsigned k;
    fr_eval_metrics *fold;     /* k × 2 */
} report;

static fr_status measure(const fr_labels *l, const float *key, unsigned folds, report *rep, fr_error *err)
{
    for (int by = 0; by < 2; by++)
        if (fr_eval_metrics_compute(l, key, by, NULL, &rep->all[by], NULL, err) != FR_OK)
            return FR_ENOMEM;
    rep->k = folds;
    if (!folds)
        return FR_OK;
    uint8_t *mask = malloc(l->resume_ids.n ? l->resume_ids.n : 1);
    if (!mask)
        return fr_fail(err, FR_ENOMEM, "out of memory");
    for (unsigned f = 0; f < folds; f++) {
        for (size_t r = 0; r < l->resume_ids.n; r++)
            mask[r] = fr_eval_fold(fr_labels_resume(l, r), folds) == f;
        for (int by = 0; by < 2; by++)
            if (fr_eval_metrics_compute(l, key, by, mask, &rep->fold[2 * f + (unsigned)by], NULL, err) != FR_OK) {
                free(mask);
                return FR_ENOMEM;
            }
    }
    free(mask);
    return FR_OK;
}

/* mean and sample sd of one metric over the folds (folds where it is undefined are left out) */
static void fold_stat(const report *rep, int by, int which, double *mean, double *sd)
{
    double s = 0, s2 = 0;
    size_t n = 0;
    for (unsigned f = 0; f < rep->k; f++) {
        const fr_eval_metrics *m = &rep->fold[2 * f + (unsigned)by];
        double x = which == 0 ? m->ndcg10 : which == 1 ? m->p5 : m->mrr;
        if (isnan(x))
            continue;
        s += x;
        s2 += x * x;
        n++;
    }
    *mean = n ? s / (double)n : NAN;
    *sd = n > 1 ? sqrt(fmax(0.0, (s2 - s * s / (double)n) / (double)(n - 1))) : 0.0;
}

static void json_num(FILE *fp, double x)
{
    if (isnan(x))
        fputs("null", fp);
    else
        fprintf(fp, "%.6f", x);
}

static void json_metrics(FILE *fp, const fr_eval_metrics *m)
{
    fprintf(fp, "{\"queries\": %zu, \"queries_relevant\": %zu, \"ndcg10\": ", m->queries, m->queries_rel);
    json_num(fp, m->ndcg10);
    fputs(", \"p5\": ", fp);
    json_num(fp, m->p5);
    fputs(", \"mrr\": ", fp);
    json_num(fp, m->mrr);
    fputc('}', fp);
}

typedef struct {
    const char *labels_path, *mode, *model_hash, *gate, *scores_path;
    const fr_labels *l;
    const fr_score_params *sp;   /* NULL: not requirement scoring */
} header;

static void print_json(FILE *fp, const header *h, const report *rep)
{
    fprintf(fp, "{\"mode\": \"%s\", \"model\": ", h->mode);
    if (h->model_hash)
        fprintf(fp, "\"%s\"", h->model_hash);
    else
        fputs("null", fp);
    fprintf(fp, ", \"gate\": \"%s\", \"params\": {", h->gate);
    for (size_t i = 0; h->sp && i < fr_score_params_count(); i++)
        fprintf(fp, "%s\"%s\": %.17g", i ? ", " : "", fr_score_params_key(i), fr_score_params_get(h->sp, i));
    fputs("}, \"labels\": ", fp);
    cli_json_str(fp, h->labels_path, strlen(h->labels_path));
    fprintf(fp, ", \"rows\": %zu, \"pairs\": %zu, \"duplicate_pairs\": %zu, \"conflicting_pairs\": %zu, \"resumes\": %zu, "
                "\"postings\": %zu, \"by_resume\": ",
            h->l->n_rows, h->l->n_pairs, h->l->n_dup_pairs, h->l->n_conflicts, h->l->resume_ids.n, h->l->posting_ids.n);
    json_metrics(fp, &rep->all[FR_EVAL_BY_RESUME]);
    fputs(", \"by_posting\": ", fp);
    json_metrics(fp, &rep->all[FR_EVAL_BY_POSTING]);
    if (rep->k) {
        fputs(", \"folds\": [", fp);
        for (unsigned f = 0; f < rep->k; f++) {
            fprintf(fp, "%s{\"by_resume\": ", f ? ", " : "");
            json_metrics(fp, &rep->fold[2 * f]);
            fputs(", \"by_posting\": ", fp);
            json_metrics(fp, &rep->fold[2 * f + 1]);
            fputc('}', fp);
        }
        fputs("], \"folds_mean\": {", fp);
        static const char *const names[3] = {"ndcg10", "p5", "mrr"};
        for (int by = 0; by < 2; by++) {
            fprintf(fp, "%s\"%s\": {", by ? ", " : "", by ? "by_posting" : "by_resume");
            for (int w = 0; w < 3; w++) {
                double mean, sd;
                fold_stat(rep, by, w, &mean, &sd);
                fprintf(fp, "%s\"%s\": ", w ? ", " : "", names[w]);
                json_num(fp, mean);
                fprintf(fp, ", \"%s_sd\": ", names[w]);
                json_num(fp, sd);
            }
            fputc('}', fp);
        }
        fputc('}', fp);
    }
    fputs("}\n", fp);
}

static void table_row(FILE *fp, const char *name, const fr_eval_metrics *m)
{
    fprintf(fp, "  %-28s %7zu  %7.4f  %6.4f  %6.4f\n", name, m->queries, m->ndcg10, m->p5, m->mrr);
}

static void print_table(FILE *fp, const header *h, const report *rep)
{
    const fr_labels *l = h->l;
    fputs("labels ", fp);
    cli_term(fp, h->labels_path);
    fprintf(fp, ": %zu rows, %zu pairs, %zu résumés, %zu postings\n  (%zu pairs labelled twice or more, %zu of them "
                "differently: the mean counts)\n",
            l->n_rows, l->n_pairs, l->resume_ids.n, l->posting_ids.n, l->n_dup_pairs, l->n_conflicts);
    if (h->scores_path)
        fputs("scores ", fp), cli_term(fp, h->scores_path), fputc('\n', fp);
    else
        fprintf(fp, "mode %s, gate %s, model %s\n", h->mode, h->gate, h->model_hash);
    if (h->sp) {
        /* the parameters, wrapped before 80 columns (a person reads this view; --format json has them all) */
        size_t col = (size_t)fprintf(fp, "params");
        for (size_t i = 0; i < fr_score_params_count(); i++) {
            const char *key = fr_score_params_key(i); /* "score.w_req" → "w_req"; "verdict.*" stays whole */
            char kv[96];
            int n = snprintf(kv, sizeof kv, " %s=%g", strncmp(key, "score.", 6) == 0 ? key + 6 : key,
                             fr_score_params_get(h->sp, i));
            if (col + (size_t)n > 79) {
                fputs("\n      ", fp);
                col = 6;
            }
            fputs(kv, fp);
            col += (size_t)n;
        }
        fputc('\n', fp);
    }
    fprintf(fp, "\n  %-28s %7s  %7s  %6s  %6s\n", "direction", "queries", "nDCG@10", "P@5", "MRR");
    table_row(fp, "postings for each résumé", &rep->all[FR_EVAL_BY_RESUME]);
    table_row(fp, "résumés for each posting", &rep->all[FR_EVAL_BY_POSTING]);
    if (!rep->k)
        return;
    fprintf(fp, "\n  folds of résumés (%u): nDCG@10 per fold\n", rep->k);
    for (int by = 0; by < 2; by++) {
        fprintf(fp, "  %-28s", by ? "résumés for each posting" : "postings for each résumé");
        for (unsigned f = 0; f < rep->k; f++)
            fprintf(fp, " %6.4f", rep->fold[2 * f + (unsigned)by].ndcg10);
        double mean, sd;
        fold_stat(rep, by, 0, &mean, &sd);
        fprintf(fp, "   mean %.4f ± %.4f\n", mean, sd);
    }
}

static int write_pairs(const char *path, const evalctx *c, const float *key, const fr_pair_eval *evs)
{
    fr_error err = {0};
    fr_outfile of;
    if (cli_outfile_open(&of, path, &err) != FR_OK)
        return cli_err(FR_EXIT_OUTPUT, "%s", err.msg);
    const fr_labels *l = c->l;
    fputs("resume,posting,label,score,key,gate,required_coverage,preferred_coverage,context,context_lexical,"
          "context_dense,required_met,required_total,preferred_met,preferred_total,skills_have,skills_total\n", of.fp);
    for (size_t i = 0; i < l->n_pairs; i++) {
        const fr_pair_eval *e = &evs[i];
        /* ids are written as the labels give them: quote any that need it */
        const char *ids[2] = {fr_labels_resume(l, l->resume[i]), fr_labels_posting(l, l->posting[i])};
        for (int k = 0; k < 2; k++) {
            if (strpbrk(ids[k], ",\"\n\r")) {
                fputc('"', of.fp);
                for (const char *s = ids[k]; *s; s++) {
                    if (*s == '"')
                        fputc('"', of.fp);
                    fputc(*s, of.fp);
                }
                fputc('"', of.fp);
            } else
                fputs(ids[k], of.fp);
            fputc(',', of.fp);
        }
        fprintf(of.fp, "%g,%.6f,%.6f,%d,%.6f,%.6f,%.6f,%.6f,%.6f,%u,%u,%u,%u,%u,%u\n", l->label[i], (double)e->score,
                (double)key[i], e->gate, (double)e->req_cov, (double)e->pref_cov, (double)e->ctx, (double)e->ctx_lex,
                (double)e->ctx_dense, e->req_met, e->req_total, e->pref_met, e->pref_total, e->skills_have, e->skills_total);
    }
    if (fr_outfile_commit(&of, &err) != FR_OK)
        return cli_err(FR_EXIT_OUTPUT, "%s", err.msg);
    return FR_EXIT_OK;
}

/* Apply "KEY=VALUE" to sp; returns 1, or 0 after printing a usage error. */
static int apply_set(const char *what, const char *kv, fr_score_params *sp)
{
    const char *eq = strchr(kv, '=');
    fr_error err = {0};
    if (!eq)
        return cli_usage_err("eval", "%s: '%s' is not KEY=VALUE", what, kv), 0;
    char *key = strndup(kv, (size_t)(eq - kv));
    if (!key)
        return cli_err(FR_EXIT_OUTPUT, "out of memory"), 0;
    fr_status s = fr_score_params_set(sp, key, eq + 1, &err);
    if (s == FR_EEMPTY)
        cli_usage_err("eval", "%s: unknown parameter '%s' (see `fitrank model info`)", what, key);
    else if (s != FR_OK)
        cli_usage_err("eval", "%s: %s", what, err.msg);
    free(key);
    return s == FR_OK;
}

/* order[] = the pairs grouped by posting document (a counting sort: stable, no comparator state) */
static int order_by_posting(evalctx *c)
{
    const fr_labels *l = c->l;
    size_t *cnt = calloc(c->P.n + 1, sizeof *cnt);
    if (!cnt || !(c->order = malloc((l->n_pairs ? l->n_pairs : 1) * sizeof *c->order))) {
        free(cnt);
        return 0;
    }
    for (size_t i = 0; i < l->n_pairs; i++)
        cnt[c->pdoc[l->posting[i]] + 1]++;
    for (size_t p = 0; p < c->P.n; p++)
        cnt[p + 1] += cnt[p];
    for (size_t i = 0; i < l->n_pairs; i++)
        c->order[cnt[c->pdoc[l->posting[i]]]++] = (uint32_t)i;
    free(cnt);
    return 1;
}

/* Evaluate one parameter set (sp NULL: cosine or given scores) and print its report. */
static int run_one(evalctx *c, const fr_score_params *sp, float *key, fr_pair_eval *evs, unsigned folds, header *h,
                   FILE *fp, int json)
{
    fr_error err = {0};
    report rep;
    memset(&rep, 0, sizeof rep);
    if (folds && !(rep.fold = calloc(2 * (size_t)folds, sizeof *rep.fold)))
        return cli_err(FR_EXIT_OUTPUT, "out of memory");
    if (sp) {
        if (fr_score_params_validate(sp, &err) != FR_OK) {
            free(rep.fold);
            return cli_usage_err("eval", "%s", err.msg);
        }
        for (size_t t = 0; t < c->nsc; t++)
            fr_scorer_set_params(c->sc[t], sp);
    }
    int rc = FR_EXIT_OK;
    if ((c->cosine || sp) && score_pairs(c, key, evs, &err) != FR_OK) /* else: given scores */
        rc = cli_fail(&err);
    else if (measure(c->l, key, folds, &rep, &err) != FR_OK)
        rc = cli_fail(&err);
    else {
        h->sp = sp;
        if (json)
            print_json(fp, h, &rep);
        else
            print_table(fp, h, &rep);
    }
    free(rep.fold);
    return rc;
}

int cmd_eval(int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_INPUT_LONGOPTS,
        CLI_SIDE_LONGOPTS,
        {"labels", required_argument, NULL, OPT_LABELS},
        {"postings", required_argument, NULL, OPT_POSTINGS},
        {"resumes", required_argument, NULL, OPT_RESUMES},
        {"mode", required_argument, NULL, OPT_MODE},
        {"gate", required_argument, NULL, OPT_GATE},
        {"set", required_argument, NULL, OPT_SET},
        {"param-sets", required_argument, NULL, OPT_PARAM_SETS},
        {"folds", required_argument, NULL, OPT_FOLDS},
        {"pairs", required_argument, NULL, OPT_PAIRS},
        {"scores", required_argument, NULL, OPT_SCORES},
        {"verdicts", required_argument, NULL, OPT_VERDICTS},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"model", required_argument, NULL, OPT_MODEL},
        {"threads", required_argument, NULL, OPT_THREADS},
        {"as-of", required_argument, NULL, OPT_AS_OF},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    cli_env env;
    memset(&env, 0, sizeof env);
    fr_input_opts_default(&env.io);
    env.quiet = 1;   /* "no requirements recognised" notes are rank's business, not a report's */
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    env.threads = ncpu > 0 ? (int)ncpu : 1;
    cli_args posts = {0}, resumes = {0}, sets = {0}, *cur = NULL;
    const char *labels_path = NULL, *model_path = NULL, *out_path = NULL, *as_of = NULL, *param_sets = NULL,
               *pairs_path = NULL, *scores_path = NULL, *verdicts_dir = NULL;
    int json = 0, cosine = 0, c, rc = FR_EXIT_OK;
    fr_gate_mode gate = FR_GATE_RANK;
    unsigned folds = 0;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "-:o:h", longopts, NULL)) != -1) {
        int r;
        if (c == 'h') {
            fputs(usage, stdout);
            goto done;
        } else if (c == 1) {
            if (!cur) {
                rc = cli_usage_err("eval", "'%s': inputs follow --postings or --resumes", optarg);
                goto done;
            }
            if (!cli_args_push(cur, optarg)) {
                rc = cli_err(FR_EXIT_OUTPUT, "out of memory");
                goto done;
            }
        } else if (c == OPT_POSTINGS || c == OPT_RESUMES) {
            cur = c == OPT_POSTINGS ? &posts : &resumes;
            if (!cli_args_push(cur, optarg)) {
                rc = cli_err(FR_EXIT_OUTPUT, "out of memory");
                goto done;
            }
        } else if (c == OPT_SET) {
            if (!cli_args_push(&sets, optarg)) {
                rc = cli_err(FR_EXIT_OUTPUT, "out of memory");
                goto done;
            }
        } else if (c == OPT_LABELS)
            labels_path = optarg;
        else if (c == OPT_PARAM_SETS)
            param_sets = optarg;
        else if (c == OPT_PAIRS)
            pairs_path = optarg;
        else if (c == OPT_SCORES)
            scores_path = optarg;
        else if (c == OPT_VERDICTS)
            verdicts_dir = optarg;
        else if (c == OPT_MODEL)
            model_path = optarg;
        else if (c == OPT_AS_OF)
            as_of = optarg;
        else if (c == 'o')
            out_path = optarg;
        else if (c == OPT_FOLDS) {
            char *end;
            unsigned long v = strtoul(optarg, &end, 10);
            if (!*optarg || *end || v < 2 || v > 100) {
                rc = cli_usage_err("eval", "--folds takes an integer from 2 to 100 (got '%s')", optarg);
                goto done;
            }
            folds = (unsigned)v;
        } else if (c == OPT_THREADS) {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (!*optarg || *end || v < 1 || v > 1024) {
                rc = cli_usage_err("eval", "--threads takes an integer from 1 to 1024 (got '%s')", optarg);
                goto done;
            }
            env.threads = (int)v;
        } else if (c == OPT_MODE) {
            if (strcmp(optarg, "full") != 0 && strcmp(optarg, "cosine") != 0) {
                rc = cli_usage_err("eval", "--mode takes full or cosine (got '%s')", optarg);
                goto done;
            }
            cosine = strcmp(optarg, "cosine") == 0;
        } else if (c == OPT_GATE) {
            if (strcmp(optarg, "rank") != 0 && strcmp(optarg, "off") != 0) {
                rc = cli_usage_err("eval", "--gate takes rank or off (got '%s')", optarg);
                goto done;
            }
            gate = strcmp(optarg, "rank") == 0 ? FR_GATE_RANK : FR_GATE_OFF;
        } else if (c == OPT_FORMAT) {
            if (strcmp(optarg, "table") != 0 && strcmp(optarg, "json") != 0) {
                rc = cli_usage_err("eval", "--format takes table or json (got '%s')", optarg);
                goto done;
            }
            json = strcmp(optarg, "json") == 0;
        } else if ((r = cli_input_opt("eval", c, optarg, &env.io)) != 0 || (r = cli_side_opt("eval", c, optarg, env.side)) != 0) {
            if (r < 0) {
                rc = FR_EXIT_USAGE;
                goto done;
            }
        } else {
            rc = cli_getopt_err("eval", argv, c, longopts);
            goto done;
        }
    }
    if (optind < argc)
        rc = cli_usage_err("eval", "unexpected argument '%s'", argv[optind]);
    else if (verdicts_dir && (labels_path || scores_path || posts.n || resumes.n || param_sets || cosine || folds))
        rc = cli_usage_err("eval", "--verdicts DIR takes its documents and labels from DIR: no --labels, --scores, "
                                   "--postings, --resumes, --param-sets, --mode or --folds");
    else if (verdicts_dir) {
        fr_error verr = {0};
        fr_score_params vsp;
        if (!cli_as_of("eval", as_of, &env.as_of))
            rc = FR_EXIT_USAGE;
        else if ((rc = cli_env_open(&env, model_path, &verr)) == FR_EXIT_OK) {
            vsp = fr_model_opts(env.model)->score;
            for (size_t i = 0; i < sets.n && rc == FR_EXIT_OK; i++)
                if (!apply_set("--set", sets.v[i], &vsp))
                    rc = FR_EXIT_USAGE;
            if (rc == FR_EXIT_OK && fr_score_params_validate(&vsp, &verr) != FR_OK)
                rc = cli_usage_err("eval", "%s", verr.msg);
            if (rc == FR_EXIT_OK)
                rc = cli_eval_verdicts(&env, verdicts_dir, &vsp, json, out_path, pairs_path);
            cli_env_close(&env);
        }
        goto done;
    } else if (!labels_path)
        rc = cli_usage_err("eval", "--labels CSV is required");
    else if (scores_path && (posts.n || resumes.n || sets.n || param_sets || pairs_path || cosine))
        rc = cli_usage_err("eval", "--scores evaluates given scores: it takes no documents, --mode, --set, "
                                   "--param-sets or --pairs");
    else if (!scores_path && (!posts.n || !resumes.n))
        rc = cli_usage_err("eval", "--postings INPUT... and --resumes INPUT... are required (or --scores CSV)");
    else if (pairs_path && param_sets)
        rc = cli_usage_err("eval", "--pairs writes one scoring's pairs: use it with --set, not --param-sets");
    else if (cosine && (sets.n || param_sets))
        rc = cli_usage_err("eval", "--set and --param-sets apply to --mode full");
    if (rc != FR_EXIT_OK)
        goto done;
    if (!cli_as_of("eval", as_of, &env.as_of)) {
        rc = FR_EXIT_USAGE;
        goto done;
    }

    fr_error err = {0};
    fr_labels labels;
    if (fr_labels_read(labels_path, &labels, &err) != FR_OK) {
        rc = cli_fail(&err);
        goto done;
    }
    evalctx ec;
    memset(&ec, 0, sizeof ec);
    ec.l = &labels;
    ec.cosine = cosine;
    ec.gate = gate;
    float *key = malloc(labels.n_pairs * sizeof *key);
    fr_pair_eval *evs = calloc(labels.n_pairs, sizeof *evs);
    char *sets_text = NULL;
    fr_outfile of = {0};
    header h = {labels_path, scores_path ? "given" : cosine ? "cosine" : "full", NULL, cosine || scores_path ? "off" : gate == FR_GATE_RANK ? "rank" : "off",
                scores_path, &labels, NULL};
    if (!key || !evs) {
        rc = cli_err(FR_EXIT_OUTPUT, "out of memory");
        goto out;
    }
    if (scores_path) {
        if (fr_labels_read_scores(&labels, scores_path, key, &err) != FR_OK)
            rc = cli_fail(&err);
    } else {
        env.plain = cosine;
        if ((rc = cli_env_open(&env, model_path, &err)) != FR_EXIT_OK)
            goto out;
        h.model_hash = fr_model_hash(env.model);
        if ((rc = cli_load_set(&env, FR_SET_POSTINGS, posts.v, posts.n, &ec.P)) != FR_EXIT_OK ||
            (rc = cli_load_set(&env, FR_SET_RESUMES, resumes.v, resumes.n, &ec.R)) != FR_EXIT_OK)
            goto out;
        ec.pdoc = malloc((labels.posting_ids.n + 1) * sizeof *ec.pdoc);
        ec.rdoc = malloc((labels.resume_ids.n + 1) * sizeof *ec.rdoc);
        if (!ec.pdoc || !ec.rdoc) {
            rc = cli_err(FR_EXIT_OUTPUT, "out of memory");
            goto out;
        }
        if ((rc = map_ids(&labels, 0, &ec.P, labels_path, ec.pdoc)) != FR_EXIT_OK ||
            (rc = map_ids(&labels, 1, &ec.R, labels_path, ec.rdoc)) != FR_EXIT_OK)
            goto out;
        if (!order_by_posting(&ec)) {
            rc = cli_err(FR_EXIT_OUTPUT, "out of memory");
            goto out;
        }
        size_t nsc = cosine ? 0 : env.threads < 1 ? 1 : env.threads > MAX_SCORERS ? MAX_SCORERS : (size_t)env.threads;
        for (; ec.nsc < nsc && rc == FR_EXIT_OK; ec.nsc++)
            if (fr_scorer_new(env.model, &ec.sc[ec.nsc], &err) != FR_OK)
                rc = cli_fail(&err);
    }
    if (rc != FR_EXIT_OK)
        goto out;
    if (cli_outfile_open(&of, out_path, &err) != FR_OK) {
        rc = cli_err(FR_EXIT_OUTPUT, "%s", err.msg); /* as every command: exit 3 when output fails */
        goto out;
    }
    fr_score_params base;
    memset(&base, 0, sizeof base);
    if (env.model)
        base = fr_model_opts(env.model)->score;
    for (size_t i = 0; i < sets.n && rc == FR_EXIT_OK; i++)
        if (!apply_set("--set", sets.v[i], &base))
            rc = FR_EXIT_USAGE;
    const fr_score_params *sp = scores_path || cosine ? NULL : &base;
    if (rc == FR_EXIT_OK && !param_sets) {
        rc = run_one(&ec, sp, key, evs, folds, &h, of.fp, json);
        if (rc == FR_EXIT_OK && pairs_path && !scores_path)
            rc = write_pairs(pairs_path, &ec, key, evs);
    } else if (rc == FR_EXIT_OK) {
        fr_buf text = {0};
        const char *nul;
        if (fr_read_file(param_sets, &text, &err) != FR_OK)
            rc = cli_fail(&err);
        else if (text.len && (nul = memchr(text.data, '\0', text.len)) != NULL) /* it would end a line early */
            rc = cli_err(FR_EXIT_INPUT, "%s:%zu: binary data (a NUL byte), not text", param_sets,
                         (size_t)(nul - text.data));
        sets_text = text.data;
        /* one parameter set per line: KEY=VALUE words; '#' starts a comment */
        for (char *line = sets_text, *next; rc == FR_EXIT_OK && line && *line; line = next) {
            next = strchr(line, '\n');
            if (next)
                *next++ = '\0';
            char *hash = strchr(line, '#');
            if (hash)
                *hash = '\0';
            fr_score_params ps = base;
            int words = 0;
            for (char *sv = NULL, *w = strtok_r(line, " \t\r", &sv); w && rc == FR_EXIT_OK; w = strtok_r(NULL, " \t\r", &sv), words++)
                if (!apply_set(param_sets, w, &ps))
                    rc = FR_EXIT_USAGE;
            if (rc == FR_EXIT_OK && words)
                rc = run_one(&ec, &ps, key, evs, folds, &h, of.fp, json);
        }
    }
    if (rc == FR_EXIT_OK && fr_outfile_commit(&of, &err) != FR_OK)
        rc = cli_err(FR_EXIT_OUTPUT, "%s", err.msg);
out:
    if (rc != FR_EXIT_OK)
        fr_outfile_abort(&of);
    free(sets_text);
    for (size_t t = 0; t < ec.nsc; t++)
        fr_scorer_free(ec.sc[t]);
    free(ec.order);
    free(ec.pdoc);
    free(ec.rdoc);
    if (!scores_path) {
        fr_docset_free(&ec.P);
        fr_docset_free(&ec.R);
    }
    free(key);
    free(evs);
    fr_labels_free(&labels);
    cli_env_close(&env);
done:
    free(posts.v);
    free(resumes.v);
    free(sets.v);
    return rc;
}
