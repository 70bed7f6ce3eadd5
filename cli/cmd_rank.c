/* cli/cmd_rank.c — `fitrank rank` (top résumés per posting) and `fitrank match` (top postings for
 * one résumé): the same engine run, queried from either side, with the same row fields. */
#include <cblas.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/scoring.h"
#include "util/io.h"

static const char rank_usage[] =
    "Usage: fitrank rank --postings INPUT... --resumes INPUT... [-k 10] [--gate rank|filter|off]\n"
    "                    [--mode full|cosine] [--format table|jsonl|csv|json] [-o FILE] [--model MODEL]\n"
    "                    [--exhaustive] [--candidates M] [--threads N] [--as-of YYYY-MM] [--skip-bad]\n"
    "                    [input options]\n"
    "\n"
    "For each posting, its k best résumés.  INPUT: files, directories, JSONL, CSV, JSON, HTML, PDF (see\n"
    "`fitrank parse --help`) or an index from `fitrank index build`.\n"
    "\n"
    "  -k K                 results per posting (default 10; more than the pool returns the whole pool)\n"
    "  --gate MODE          rank: candidates that pass the gate (no required item missing) first, then\n"
    "                       the rest, each by score (default); filter: drop those that fail; off: by\n"
    "                       score alone\n"
    "  --mode full|cosine   full: requirement scoring (default); cosine: plain whole-document TF-IDF\n"
    "                       cosine, the scores scikit-learn's TfidfVectorizer + linear_kernel give (6\n"
    "                       decimals), no items, no gates\n"
    "  --format FORMAT      table (default), jsonl, csv or json.  JSONL rows: {\"posting\", \"rank\",\n"
    "                       \"resume\", \"score\", \"gate\", \"required_met\", \"required_total\",\n"
    "                       \"preferred_met\", \"preferred_total\", \"missing\", \"model\"}; \"missing\" lists\n"
    "                       the required items whose status is missing\n"
    "  --exhaustive         score every requirement against every résumé chunk (no pruning; also\n"
    "                       what happens when the pool holds at most 4 shortlists of documents)\n"
    "  --candidates M       pruning: candidates per posting whose requirements are scored exactly\n"
    "                       (default max(50, 5k))\n"
    "  --shortlist N        pruning: the N best by dense and N best by lexical context are cut to\n"
    "                       M by a cheaper proxy score (default max(1000, 20M))\n"
    "  --threads N          worker threads (default: all cores); output is identical for any N\n"
    "  --stats              print what the run did as one JSON line on stderr (pairs tiled and\n"
    "                       refined, sgemm GFLOP and seconds, phase times): for bench/\n"
    "  --model MODEL        score with this model instead of the embedded reference model\n"
    "  --as-of YYYY-MM      the date \"present\" means in résumé dates (default: this month)\n"
    "  --skip-bad           report a bad document on stderr, leave it out and go on (exit 1 at the end)\n"
    "  --id-column, --text-column, --invalid, -o FILE: as for `fitrank tokenize`\n";

static const char match_usage[] =
    "Usage: fitrank match --resume FILE --postings INPUT... [-k 10] [--gate rank|filter|off]\n"
    "                     [--mode full|cosine] [--format table|jsonl|csv|json] [-o FILE] [--model MODEL]\n"
    "                     [--exhaustive] [--candidates M] [--threads N] [--as-of YYYY-MM] [input options]\n"
    "\n"
    "Best matches for me: the k postings that fit one résumé best.  The table shows each posting's\n"
    "required items (✓ met, ~ partial, ? unknown, ✗ missing); the other formats give the rows of\n"
    "`fitrank rank` (\"posting\" is still the posting).  Options as for `fitrank rank`; --postings also\n"
    "takes an index from `fitrank index build --postings`.\n";

enum { OPT_POSTINGS = 400, OPT_RESUMES, OPT_RESUME, OPT_GATE, OPT_MODE, OPT_EXHAUSTIVE, OPT_CANDIDATES, OPT_STATS, OPT_SHORTLIST };


typedef struct {
    const fr_docset *P, *R;
    fr_scorer *sc;
    const char *hash;
    int cosine, per_resume, fmt;
    fr_item_eval *items;
    size_t items_cap;
    FILE *fp;
} out_ctx;

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

/* Items of the pair (canonical: the same numbers the hit carries). */
static int eval_items(out_ctx *o, const fr_hit *h, fr_error *err)
{
    size_t ni = o->P->unit_start.v[h->posting + 1] - o->P->unit_start.v[h->posting];
    if (ni > o->items_cap) {
        fr_item_eval *n = realloc(o->items, ni * sizeof *n);
        if (!n)
            return fr_fail(err, FR_ENOMEM, "out of memory"), 0;
        o->items = n;
        o->items_cap = ni;
    }
    fr_pair_eval ev;
    return fr_score_pair(o->sc, o->P, h->posting, o->R, h->resume, NULL, &ev, o->items, err) == FR_OK;
}

static void print_score(FILE *fp, const out_ctx *o, float s)
{
    fprintf(fp, o->cosine ? "%.6f" : "%.4f", (double)s);
}

static void row_json(out_ctx *o, const fr_hit *h, size_t rank, int pretty)
{
    FILE *fp = o->fp;
    const char *sep = pretty ? ",\n    " : ", ";
    fputs(pretty ? "  {\n    \"posting\": " : "{\"posting\": ", fp);
    const char *pid = fr_docset_id(o->P, h->posting), *rid = fr_docset_id(o->R, h->resume);
    cli_json_str(fp, pid, strlen(pid));
    fprintf(fp, "%s\"rank\": %zu%s\"resume\": ", sep, rank, sep);
    cli_json_str(fp, rid, strlen(rid));
    fprintf(fp, "%s\"score\": ", sep);
    print_score(fp, o, h->ev.score);
    fprintf(fp, "%s\"gate\": %s%s\"required_met\": %u%s\"required_total\": %u%s\"preferred_met\": %u%s"
                "\"preferred_total\": %u%s\"missing\": [",
            sep, h->ev.gate ? "true" : "false", sep, h->ev.req_met, sep, h->ev.req_total, sep, h->ev.pref_met, sep,
            h->ev.pref_total, sep);
    uint32_t u0 = o->P->unit_start.v[h->posting];
    int first = 1;
    for (uint32_t i = 0; !o->cosine && i < h->ev.req_total; i++)
        if (o->items[i].status == FR_ITEM_MISSING) {
            const char *t = fr_docset_str(o->P, fr_docset_item(o->P, u0 + i)->text);
            if (!first)
                fputs(", ", fp);
            cli_json_str(fp, t, strlen(t));
            first = 0;
        }
    fprintf(fp, "]%s\"model\": \"%s\"%s", sep, o->hash, pretty ? "\n  }" : "}\n");
}

static void row_csv(out_ctx *o, const fr_hit *h, size_t rank)
{
    FILE *fp = o->fp;
    csv_field(fp, fr_docset_id(o->P, h->posting));
    fprintf(fp, ",%zu,", rank);
    csv_field(fp, fr_docset_id(o->R, h->resume));
    putc(',', fp);
    print_score(fp, o, h->ev.score);
    fprintf(fp, ",%s,%u,%u,%u,%u,", h->ev.gate ? "true" : "false", h->ev.req_met, h->ev.req_total, h->ev.pref_met,
            h->ev.pref_total);
    fr_buf b = {0};
    uint32_t u0 = o->P->unit_start.v[h->posting];
    for (uint32_t i = 0; !o->cosine && i < h->ev.req_total; i++)
        if (o->items[i].status == FR_ITEM_MISSING)
            fr_buf_printf(&b, "%s%s", b.len ? " | " : "", fr_docset_str(o->P, fr_docset_item(o->P, u0 + i)->text));
    csv_field(fp, b.len ? b.data : "");
    fr_buf_free(&b);
    fprintf(fp, ",%s\n", o->hash);
}

static const char *mark(int status)
{
    static const char *const m[] = {"✓", "~", "?", "✗"};
    return m[status & 3];
}

static void table_query_head(out_ctx *o, size_t q)
{
    FILE *fp = o->fp;
    if (o->per_resume) {
        fprintf(fp, "Best postings for %s\n", fr_docset_id(o->R, q));
        return;
    }
    uint32_t t = o->P->title.v[q];
    size_t ni = o->P->unit_start.v[q + 1] - o->P->unit_start.v[q], nr = o->P->n_req.v[q];
    fprintf(fp, "%s%s%s  (%zu required, %zu preferred)\n", fr_docset_id(o->P, q), t != UINT32_MAX ? " — " : "",
            t != UINT32_MAX ? fr_docset_str(o->P, t) : "", nr, ni - nr);
    fprintf(fp, "  %4s  %-8s  %-4s  %-5s  %-5s  %s\n", "rank", o->cosine ? "cosine" : "score", "gate", "req", "pref",
            "résumé");
}

static void row_table(out_ctx *o, const fr_hit *h, size_t rank)
{
    FILE *fp = o->fp;
    char req[24], pref[24];
    snprintf(req, sizeof req, "%u/%u", h->ev.req_met, h->ev.req_total);
    snprintf(pref, sizeof pref, "%u/%u", h->ev.pref_met, h->ev.pref_total);
    uint32_t u0 = o->P->unit_start.v[h->posting];
    if (!o->per_resume) {
        fprintf(fp, "  %4zu  ", rank);
        print_score(fp, o, h->ev.score);
        fprintf(fp, "  %-4s  %-5s  %-5s  %s\n", o->cosine ? "-" : h->ev.gate ? "pass" : "FAIL", o->cosine ? "-" : req,
                o->cosine ? "-" : pref, fr_docset_id(o->R, h->resume));
        for (uint32_t i = 0; !o->cosine && i < h->ev.req_total; i++)
            if (o->items[i].status == FR_ITEM_MISSING)
                fprintf(fp, "%24s✗ %s\n", "", fr_docset_str(o->P, fr_docset_item(o->P, u0 + i)->text));
        return;
    }
    uint32_t t = o->P->title.v[h->posting];
    fprintf(fp, "%3zu. ", rank);
    print_score(fp, o, h->ev.score);
    fprintf(fp, "  %s  %s", o->cosine ? "" : h->ev.gate ? "pass" : "FAIL",
            t != UINT32_MAX ? fr_docset_str(o->P, t) : fr_docset_id(o->P, h->posting));
    if (t != UINT32_MAX)
        fprintf(fp, "  (%s)", fr_docset_id(o->P, h->posting));
    putc('\n', fp);
    if (o->cosine)
        return;
    fprintf(fp, "       required %s met, preferred %s met\n", req, pref);
    for (uint32_t i = 0; i < h->ev.req_total; i++)
        fprintf(fp, "       %s %s\n", mark(o->items[i].status),
                fr_docset_str(o->P, fr_docset_item(o->P, u0 + i)->text));
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static int write_results(out_ctx *o, const fr_rank_result *res)
{
    fr_error err = {0};
    FILE *fp = o->fp;
    if (o->fmt == FMT_CSV)
        fputs("posting,rank,resume,score,gate,required_met,required_total,preferred_met,preferred_total,missing,model\n", fp);
    if (o->fmt == FMT_JSON)
        fprintf(fp, "{\"model\": \"%s\", \"mode\": \"%s\", \"rows\": [\n", o->hash, o->cosine ? "cosine" : "full");
    int first = 1;
    for (size_t q = 0; q < res->n_query; q++) {
        if (o->fmt == FMT_TABLE) {
            if (q)
                putc('\n', fp);
            table_query_head(o, q);
            if (res->start[q] == res->start[q + 1])
                fputs("  (no candidates)\n", fp);
        }
        for (size_t i = res->start[q]; i < res->start[q + 1]; i++) {
            const fr_hit *h = &res->hits[i];
            if (!o->cosine && !eval_items(o, h, &err))
                return cli_fail(&err);
            size_t rank = i - res->start[q] + 1;
            switch (o->fmt) {
            case FMT_JSONL: row_json(o, h, rank, 0); break;
            case FMT_JSON:
                if (!first)
                    fputs(",\n", fp);
                row_json(o, h, rank, 1);
                break;
            case FMT_CSV: row_csv(o, h, rank); break;
            default: row_table(o, h, rank);
            }
            first = 0;
        }
    }
    if (o->fmt == FMT_JSON)
        fputs(first ? "]}\n" : "\n]}\n", fp);
    if (o->fmt == FMT_TABLE && !o->cosine)
        fprintf(fp, "\n(model %s; ✓ met, ~ partial, ? unknown, ✗ missing; gate: no required item missing)\n", o->hash);
    else if (o->fmt == FMT_TABLE)
        fprintf(fp, "\n(model %s; whole-document TF-IDF cosine)\n", o->hash);
    return FR_EXIT_OK;
}

int cli_write_rank_rows(FILE *fp, const fr_docset *P, const fr_docset *R, const fr_model *m,
                        const fr_rank_result *res, int fmt, int cosine, int per_resume)
{
    out_ctx oc;
    memset(&oc, 0, sizeof oc);
    fr_error err = {0};
    if (fr_scorer_new(m, &oc.sc, &err) != FR_OK)
        return cli_fail(&err);
    oc.P = P;
    oc.R = R;
    oc.hash = fr_model_hash(m);
    oc.cosine = cosine;
    oc.per_resume = per_resume;
    oc.fmt = fmt;
    oc.fp = fp;
    int rc = write_results(&oc, res);
    free(oc.items);
    fr_scorer_free(oc.sc);
    return rc;
}

typedef struct {
    const char **v;
    size_t n;
} argl;

static int push_arg(argl *l, const char *a)
{
    const char **n = realloc(l->v, (l->n + 1) * sizeof *n);
    if (!n)
        return 0;
    l->v = n;
    l->v[l->n++] = a;
    return 1;
}

static int parse_size(const char *cmd, const char *opt, const char *s, size_t lo, size_t *out)
{
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (!*s || *end || *s == '-' || v < lo || v > 1000000000ULL)
        return cli_usage_err(cmd, "%s takes an integer >= %zu (got '%s')", opt, lo, s), 0;
    *out = (size_t)v;
    return 1;
}

static int run(int argc, char **argv, int per_resume)
{
    const char *cmd = per_resume ? "match" : "rank";
    static const struct option longopts[] = {
        CLI_INPUT_LONGOPTS,
        {"postings", required_argument, NULL, OPT_POSTINGS},
        {"resumes", required_argument, NULL, OPT_RESUMES},
        {"resume", required_argument, NULL, OPT_RESUME},
        {"gate", required_argument, NULL, OPT_GATE},
        {"mode", required_argument, NULL, OPT_MODE},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"model", required_argument, NULL, OPT_MODEL},
        {"exhaustive", no_argument, NULL, OPT_EXHAUSTIVE},
        {"candidates", required_argument, NULL, OPT_CANDIDATES},
        {"threads", required_argument, NULL, OPT_THREADS},
        {"as-of", required_argument, NULL, OPT_AS_OF},
        {"skip-bad", no_argument, NULL, OPT_SKIP_BAD},
        {"stats", no_argument, NULL, OPT_STATS},
        {"shortlist", required_argument, NULL, OPT_SHORTLIST},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    cli_env env;
    memset(&env, 0, sizeof env);
    fr_input_opts_default(&env.io);
    fr_rank_opts ro;
    fr_rank_opts_default(&ro);
    ro.per_resume = per_resume;
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    ro.threads = ncpu > 0 ? (int)ncpu : 1;
    argl posts = {0}, resumes = {0}, *cur = NULL;
    const char *model_path = NULL, *out_path = NULL, *as_of = NULL;
    int fmt = FMT_TABLE, cosine = 0, stats = 0, c, rc = FR_EXIT_OK;
    optind = 1;
    opterr = 0;
    /* a leading '-' returns operands in place (as code 1), so that "--postings a b --resumes c"
     * gives a and b to --postings */
    while ((c = getopt_long(argc, argv, "-:o:k:h", longopts, NULL)) != -1) {
        int r;
        size_t v;
        if (c == 'h') {
            fputs(per_resume ? match_usage : rank_usage, stdout);
            rc = FR_EXIT_OK;
            goto done_args;
        } else if (c == 1) {
            if (!cur) {
                rc = cli_usage_err(cmd, "'%s': inputs follow --postings%s", optarg, per_resume ? "" : " or --resumes");
                goto done_args;
            }
            if (!push_arg(cur, optarg)) {
                rc = cli_err(FR_EXIT_OUTPUT, "out of memory");
                goto done_args;
            }
        } else if (c == OPT_POSTINGS || (c == OPT_RESUMES && !per_resume) || (c == OPT_RESUME && per_resume)) {
            cur = c == OPT_POSTINGS ? &posts : &resumes;
            if (c == OPT_RESUME && resumes.n) {
                rc = cli_usage_err(cmd, "--resume takes one FILE");
                goto done_args;
            }
            if (!push_arg(cur, optarg)) {
                rc = cli_err(FR_EXIT_OUTPUT, "out of memory");
                goto done_args;
            }
            if (c == OPT_RESUME)
                cur = NULL;
        } else if (c == 'o')
            out_path = optarg;
        else if (c == 'k') {
            if (!parse_size(cmd, "-k", optarg, 1, &v)) {
                rc = FR_EXIT_USAGE;
                goto done_args;
            }
            ro.k = v;
        } else if (c == OPT_CANDIDATES) {
            if (!parse_size(cmd, "--candidates", optarg, 1, &v)) {
                rc = FR_EXIT_USAGE;
                goto done_args;
            }
            ro.prune_m = v;
        } else if (c == OPT_SHORTLIST) {
            if (!parse_size(cmd, "--shortlist", optarg, 1, &v)) {
                rc = FR_EXIT_USAGE;
                goto done_args;
            }
            ro.shortlist_m = v;
        } else if (c == OPT_THREADS) {
            if (!parse_size(cmd, "--threads", optarg, 1, &v) || v > 1024) {
                rc = v > 1024 ? cli_usage_err(cmd, "--threads: at most 1024") : FR_EXIT_USAGE;
                goto done_args;
            }
            ro.threads = (int)v;
        } else if (c == OPT_GATE) {
            if (strcmp(optarg, "rank") == 0)
                ro.gate = FR_GATE_RANK;
            else if (strcmp(optarg, "filter") == 0)
                ro.gate = FR_GATE_FILTER;
            else if (strcmp(optarg, "off") == 0)
                ro.gate = FR_GATE_OFF;
            else {
                rc = cli_usage_err(cmd, "--gate takes rank, filter or off (got '%s')", optarg);
                goto done_args;
            }
        } else if (c == OPT_MODE) {
            if (strcmp(optarg, "full") == 0 || strcmp(optarg, "cosine") == 0)
                cosine = strcmp(optarg, "cosine") == 0;
            else {
                rc = cli_usage_err(cmd, "--mode takes full or cosine (got '%s')", optarg);
                goto done_args;
            }
        } else if (c == OPT_FORMAT) {
            static const char *const names[] = {"table", "jsonl", "csv", "json"};
            fmt = -1;
            for (int i = 0; i < 4; i++)
                if (strcmp(optarg, names[i]) == 0)
                    fmt = i;
            if (fmt < 0) {
                rc = cli_usage_err(cmd, "--format takes table, jsonl, csv or json (got '%s')", optarg);
                goto done_args;
            }
        } else if (c == OPT_MODEL)
            model_path = optarg;
        else if (c == OPT_EXHAUSTIVE)
            ro.exhaustive = 1;
        else if (c == OPT_STATS)
            stats = 1;
        else if (c == OPT_AS_OF)
            as_of = optarg;
        else if (c == OPT_SKIP_BAD)
            env.skip_bad = 1;
        else if ((r = cli_input_opt(cmd, c, optarg, &env.io)) != 0) {
            if (r < 0) {
                rc = FR_EXIT_USAGE;
                goto done_args;
            }
        } else {
            rc = cli_getopt_err(cmd, argv, c);
            goto done_args;
        }
    }
    if (!posts.n)
        rc = cli_usage_err(cmd, "--postings INPUT... is required");
    else if (!resumes.n)
        rc = cli_usage_err(cmd, per_resume ? "--resume FILE is required" : "--resumes INPUT... is required");
    else if (!cli_as_of(cmd, as_of, &env.as_of))
        rc = FR_EXIT_USAGE;
    if (rc != FR_EXIT_OK)
        goto done_args;

    fr_error err = {0};
    fr_docset P, R;
    memset(&P, 0, sizeof P);
    memset(&R, 0, sizeof R);
    fr_rank_result res;
    memset(&res, 0, sizeof res);
    fr_outfile out = {0};
    out_ctx oc;
    memset(&oc, 0, sizeof oc);
    /* we run one BLAS thread per worker: deterministic tiles, no oversubscription */
    openblas_set_num_threads(1);
    env.plain = cosine; /* the cosine mode needs whole-document rows only: no parsing */
    double t0 = now();
    if ((rc = cli_env_open(&env, model_path, &err)) != FR_EXIT_OK)
        goto done;
    double t1 = now();
    if ((rc = cli_load_set(&env, FR_SET_POSTINGS, posts.v, posts.n, &P)) != FR_EXIT_OK)
        goto done;
    double t2 = now();
    if ((rc = cli_load_set(&env, FR_SET_RESUMES, resumes.v, resumes.n, &R)) != FR_EXIT_OK)
        goto done;
    double t3 = now();
    if (per_resume && R.n != 1) {
        rc = cli_err(FR_EXIT_INPUT, "%s: --resume must hold exactly one résumé (it holds %zu)", resumes.v[0], R.n);
        goto done;
    }
    if ((cosine ? fr_rank_cosine(&P, &R, &ro, &res, &err) : fr_rank(&P, &R, env.model, &ro, &res, &err)) != FR_OK) {
        rc = cli_fail(&err);
        goto done;
    }
    if (stats)
        fprintf(stderr,
                "{\"postings\": %zu, \"items\": %zu, \"resumes\": %zu, \"chunks\": %zu, \"threads\": %d, "
                "\"exhaustive\": %s, \"pruned\": %s, \"candidates\": %llu, \"refined\": %llu, \"tile_gflop\": %.3f, "
                "\"tile_sec\": %.6f, \"prune_sec\": %.6f, \"score_sec\": %.6f, \"model_sec\": %.6f, "
                "\"postings_sec\": %.6f, \"resumes_sec\": %.6f}\n",
                P.n, P.n_units, R.n, R.n_units, ro.threads, ro.exhaustive ? "true" : "false", res.pruned ? "true" : "false",
                (unsigned long long)res.candidates, (unsigned long long)res.refined, res.tile_flops / 1e9,
                res.tile_sec, res.prune_sec, res.score_sec, t1 - t0, t2 - t1, t3 - t2);
    if (fr_scorer_new(env.model, &oc.sc, &err) != FR_OK) {
        rc = cli_fail(&err);
        goto done;
    }
    if (fr_outfile_open(&out, out_path, &err) != FR_OK) {
        rc = cli_err(FR_EXIT_OUTPUT, "%s", err.msg);
        goto done;
    }
    oc.P = &P;
    oc.R = &R;
    oc.hash = fr_model_hash(env.model);
    oc.cosine = cosine;
    oc.per_resume = per_resume;
    oc.fmt = fmt;
    oc.fp = out.fp;
    rc = write_results(&oc, &res);
    if (rc == FR_EXIT_OK && fr_outfile_commit(&out, &err) != FR_OK)
        rc = cli_err(FR_EXIT_OUTPUT, "%s", err.msg);
    if (rc == FR_EXIT_OK && env.n_bad) {
        fprintf(stderr, "fitrank: %zu bad document%s left out (see above)\n", env.n_bad, env.n_bad == 1 ? "" : "s");
        rc = FR_EXIT_INPUT;
    }
done:
    fr_outfile_abort(&out);
    free(oc.items);
    fr_scorer_free(oc.sc);
    fr_rank_result_free(&res);
    fr_docset_free(&P);
    fr_docset_free(&R);
    cli_env_close(&env);
done_args:
    free(posts.v);
    free(resumes.v);
    return rc;
}

int cmd_rank(int argc, char **argv) { return run(argc, argv, 0); }
int cmd_match(int argc, char **argv) { return run(argc, argv, 1); }
