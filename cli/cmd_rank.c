/* cli/cmd_rank.c — `fitrank rank` (top résumés per posting) and `fitrank match` (top postings for
 * one résumé): the same engine run, queried from either side, with the same row fields. */
#include <cblas.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cosfit.h"
#include "cli/prepare.h"
#include "cli/rows.h"
#include "cli/scoring.h"
#include "cli/spill.h"
#include "util/io.h"
#include "util/clock.h"

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
    "  --fit                (--mode cosine) fit the vocabulary and idf on these postings and résumés\n"
    "                       together, in the same read (scikit-learn's fit_transform): the scores of\n"
    "                       `fitrank fit --dim 0` on the same inputs + `rank --model`, each document read\n"
    "                       and tokenized once, on every thread; \"model\" is that model's hash.  Takes\n"
    "                       fit's --tf, --idf, --norm, --min-df, --max-df, --max-features and tokenizer\n"
    "                       options with fit's defaults (`fitrank fit --help`); not with --model or an\n"
    "                       index\n";

static const char rank_usage2[] =
    "  --format FORMAT      table (default), jsonl, csv or json.  JSONL rows: {\"posting\", \"rank\",\n"
    "                       \"resume\", \"score\", \"gate\", \"required_met\", \"required_total\",\n"
    "                       \"preferred_met\", \"preferred_total\", \"missing\", \"model\"}; \"missing\" lists\n"
    "                       the required items whose status is missing\n"
    "  --exhaustive         score every requirement against every résumé chunk (no pruning; also\n"
    "                       what happens when the pool holds at most 4 shortlists of documents)\n"
    "  --candidates M       pruning: candidates per query whose requirements are scored exactly,\n"
    "                       cut from the lists by a cheaper proxy score (default: no cut, every\n"
    "                       candidate of the lists, each judged only if it can still make the top k)\n"
    "  --shortlist N        pruning: lists of the N best (≥ k) — rank: by lexical similarity to the\n"
    "                       requirements, by a proxy score; match: by context and skills named (N/2\n"
    "                       by whole-text, N/4 by requirement similarity) (default max(1000, 100k),\n"
    "                       match max(2000, 200k); with --candidates, max(1000, 20M))\n"
    "  --threads N          worker threads (default: all cores); output is identical for any N\n"
    "  --batch N            résumés prepared at a time, each kept in a temporary index file under\n"
    "                       $TMPDIR (mapped, not in memory) and the pool ranked at once: memory stays\n"
    "                       flat, and the output is the same for any N (default 8192)\n"
    "  --stats              print what the run did as one JSON line on stderr (pairs re-keyed,\n"
    "                       tiled and refined, sgemm GFLOP and seconds, phase times, the bounds' kernel):\n"
    "                       for bench/\n"
    "  --model MODEL        score with this model instead of the embedded reference model\n"
    "  --as-of YYYY-MM      the date \"present\" means in résumé dates (default: this month)\n"
    "  --skip-bad           report a bad document on stderr, leave it out and go on (exit 1 at the end)\n"
    "  --id-column, --text-column, --invalid, --max-input-bytes, --input-format, --quiet, -o FILE: as for\n"
    "                       `fitrank tokenize`\n"
    "  --posting-id-column NAME, --posting-text-column NAMES, --resume-id-column NAME,\n"
    "  --resume-text-column NAMES   the CSV columns of one side (a postings CSV and a résumés CSV in\n"
    "                       one run); they override --id-column and --text-column for that side\n"
    "  --posting-columns SPEC, --resume-columns SPEC   CSV columns laid out as the document's sections,\n"
    "                       e.g. \"Title=title,Minimum Qualifications=required,Preferred\n"
    "                       Qualifications=preferred,Responsibilities=responsibilities\"; sections of a\n"
    "                       posting: title summary responsibilities required preferred skills benefits\n"
    "                       text; of a résumé: title summary experience education skills\n"
    "                       certifications languages projects text.  rank, match, parse, explain,\n"
    "                       index build, eval and bench take them\n";

static const char match_usage[] =
    "Usage: fitrank match --resume FILE --postings INPUT... [-k 10] [--gate rank|filter|off]\n"
    "                     [--mode full|cosine] [--format table|jsonl|csv|json] [-o FILE] [--model MODEL]\n"
    "                     [--exhaustive] [--candidates M] [--threads N] [--as-of YYYY-MM] [input options]\n"
    "\n"
    "Best matches for me: the k postings that fit one résumé best.  The table shows each posting's\n"
    "required items (✓ met, ~ partial, ? unknown, ✗ missing); the other formats give the rows of\n"
    "`fitrank rank` (\"posting\" is still the posting).  Options as for `fitrank rank`; --postings also\n"
    "takes an index from `fitrank index build --postings`.\n";

enum { OPT_POSTINGS = 400, OPT_RESUMES, OPT_RESUME, OPT_GATE, OPT_MODE, OPT_EXHAUSTIVE, OPT_CANDIDATES, OPT_STATS,
       OPT_SHORTLIST, OPT_BATCH, OPT_FIT };


/* Résumés stream through in batches (rank): each batch is prepared, then (full mode) kept as a
 * part of the pool — spilled to a temporary index file when the next one comes (cli/spill.h) —
 * and the pool is ranked once at the end, so that the output never depends on --batch; in cosine
 * mode, which is exact, each batch is ranked, merged into the rows and freed.  Memory stays flat
 * however many résumés there are. */
typedef struct {
    cli_env *env;
    const fr_docset *P;
    fr_docset R;
    cli_parts parts;
    cli_batch texts;
    const fr_rank_opts *ro;
    int cosine;
    size_t batch;
    uint64_t base;
    cli_rows *rows;
    fr_rank_result stats;
    size_t n_res, n_chunks;
    double load_s, rank_s, t_mark;
} stream_t;

/* Prepare the texts read.  A batch with more to come (!last) goes to its files from the threads
 * that prepared it; the last one stays in memory (a pool of one batch is never written). */
static fr_status flush_batch(stream_t *s, int last, fr_error *err)
{
    if (s->texts.n) {
        size_t bad = 0;
        /* the previous batch goes to its file first: one prepared batch in memory at a time */
        fr_status ps = s->cosine ? FR_OK : cli_parts_spill(&s->parts, s->env, &s->R, err);
        if (ps != FR_OK)
            return ps;
        int direct = !s->cosine && !last;
        size_t n0 = s->parts.n;
        ps = cli_batch_prepare(&s->texts, s->env, FR_SET_RESUMES, s->ro->threads, &s->R, direct ? &s->parts : NULL,
                               &bad, err);
        s->env->n_bad += bad;
        if (ps != FR_OK)
            return ps;
        if (direct)
            cli_parts_count(&s->parts, n0, &s->n_res, &s->n_chunks);
    }
    if (!s->R.n)
        return FR_OK;
    double t0 = fr_now();
    s->load_s += t0 - s->t_mark;
    if (!s->cosine) {
        s->n_res += s->R.n;
        s->n_chunks += s->R.n_units;
        fr_status st = cli_parts_add(&s->parts, s->env, &s->R, err);
        if (st == FR_OK)
            st = fr_docset_init(&s->R, FR_SET_RESUMES, s->env->model, s->env->lx, err);
        s->t_mark = fr_now();
        s->load_s += s->t_mark - t0;
        return st;
    }
    fr_rank_result res;
    fr_status st = fr_rank_cosine(s->P, &s->R, s->ro, &res, err);
    if (st != FR_OK)
        return st;
    st = cli_rows_add(s->rows, &res, &s->R, s->base, err);
    s->stats.candidates += res.candidates;
    s->stats.refined += res.refined;
    s->stats.tile_flops += res.tile_flops;
    s->stats.tile_sec += res.tile_sec;
    s->stats.prune_sec += res.prune_sec;
    s->stats.score_sec += res.score_sec;
    s->stats.pruned |= res.pruned;
    s->base += s->R.n;
    s->n_res += s->R.n;
    s->n_chunks += s->R.n_units;
    fr_rank_result_free(&res);
    fr_docset_free(&s->R);
    if (st == FR_OK)
        st = fr_docset_init(&s->R, FR_SET_RESUMES, s->env->model, s->env->lx, err);
    s->t_mark = fr_now();
    s->rank_s += s->t_mark - t0;
    return st;
}

/* Full mode: rank the pool of parts at once. */
static fr_status rank_parts(stream_t *s, fr_error *err)
{
    cli_batch_free(&s->texts); /* the reading is done: the threads' sets go before the ranking */
    if (s->cosine || !s->parts.n)
        return FR_OK;
    double t0 = fr_now();
    fr_status st = cli_parts_rank(&s->parts, s->P, s->env->model, s->ro, s->rows, &s->stats, err);
    s->rank_s += fr_now() - t0;
    return st;
}

static fr_status stream_add(void *vc, const fr_doc *d, fr_error *err)
{
    stream_t *s = vc;
    fr_status st = cli_batch_push(&s->texts, d, err);
    if (st == FR_OK && s->texts.n >= s->batch)
        st = flush_batch(s, 0, err);
    return st;
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
        CLI_SIDE_LONGOPTS,
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
        {"batch", required_argument, NULL, OPT_BATCH},
        {"fit", no_argument, NULL, OPT_FIT},
        CLI_TOKENIZER_LONGOPTS,
        {"tf", required_argument, NULL, OPT_TF},
        {"idf", required_argument, NULL, OPT_IDF},
        {"norm", required_argument, NULL, OPT_NORM},
        {"min-df", required_argument, NULL, OPT_MIN_DF},
        {"max-df", required_argument, NULL, OPT_MAX_DF},
        {"max-features", required_argument, NULL, OPT_MAX_FEATURES},
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
    cli_args posts = {0}, resumes = {0}, *cur = NULL;
    const char *model_path = NULL, *out_path = NULL, *as_of = NULL;
    int fmt = FMT_TABLE, cosine = 0, stats = 0, c, rc = FR_EXIT_OK;
    size_t batch = 8192;
    fr_fit_opts fo; /* --fit */
    fr_fit_opts_default(&fo);
    int fit = 0;
    const char *fit_opt = NULL; /* a fitting option given (it needs --fit) */
    optind = 1;
    opterr = 0;
    /* a leading '-' returns operands in place (as code 1), so that "--postings a b --resumes c"
     * gives a and b to --postings */
    while ((c = getopt_long(argc, argv, "-:o:k:h", longopts, NULL)) != -1) {
        int r;
        size_t v;
        if (c == 'h') {
            fputs(per_resume ? match_usage : rank_usage, stdout);
            if (!per_resume)
                fputs(rank_usage2, stdout);
            rc = FR_EXIT_OK;
            goto done_args;
        } else if (c == 1) {
            if (!cur) {
                rc = cli_usage_err(cmd, "'%s': inputs follow --postings%s", optarg, per_resume ? "" : " or --resumes");
                goto done_args;
            }
            if (!cli_args_push(cur, optarg)) {
                rc = cli_err(FR_EXIT_OUTPUT, "out of memory");
                goto done_args;
            }
        } else if (c == OPT_POSTINGS || (c == OPT_RESUMES && !per_resume) || (c == OPT_RESUME && per_resume)) {
            cur = c == OPT_POSTINGS ? &posts : &resumes;
            if (c == OPT_RESUME && resumes.n) {
                rc = cli_usage_err(cmd, "--resume takes one FILE");
                goto done_args;
            }
            if (!cli_args_push(cur, optarg)) {
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
        } else if (c == OPT_BATCH) {
            if (!parse_size(cmd, "--batch", optarg, 1, &v)) {
                rc = FR_EXIT_USAGE;
                goto done_args;
            }
            batch = v;
        } else if (c == OPT_SHORTLIST) {
            if (!parse_size(cmd, "--shortlist", optarg, 1, &v)) {
                rc = FR_EXIT_USAGE;
                goto done_args;
            }
            ro.shortlist_m = v;
        } else if (c == OPT_THREADS) {
            /* one message for one mistake (v keeps an earlier option's value when parsing fails) */
            if (!parse_size(cmd, "--threads", optarg, 1, &v)) {
                rc = FR_EXIT_USAGE;
                goto done_args;
            }
            if (v > 1024) {
                rc = cli_usage_err(cmd, "--threads takes an integer from 1 to 1024 (got '%s')", optarg);
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
        else if (c == OPT_FIT)
            fit = 1;
        else if (c == OPT_TF || c == OPT_IDF || c == OPT_NORM) {
            static const char *const names[3][3] = {
                {"tf", "raw", "log"}, {"idf", "smooth", "plain"}, {"norm", "l2", "none"}};
            const char *const *nm = names[c == OPT_TF ? 0 : c == OPT_IDF ? 1 : 2];
            int m = strcmp(optarg, nm[1]) == 0 ? 0 : strcmp(optarg, nm[2]) == 0 ? 1 : -1;
            if (m < 0) {
                rc = cli_usage_err(cmd, "--%s takes '%s' or '%s' (got '%s')", nm[0], nm[1], nm[2], optarg);
                goto done_args;
            }
            if (c == OPT_TF)
                fo.tf = (fr_tf_mode)m;
            else if (c == OPT_IDF)
                fo.idf = (fr_idf_mode)m;
            else
                fo.norm = (fr_norm_mode)m;
            fit_opt = c == OPT_TF ? "--tf" : c == OPT_IDF ? "--idf" : "--norm";
        } else if (c == OPT_MIN_DF || c == OPT_MAX_DF) {
            fr_error derr = {0};
            fit_opt = c == OPT_MIN_DF ? "--min-df" : "--max-df";
            if (fr_df_bound_parse(optarg, c == OPT_MIN_DF ? &fo.min_df : &fo.max_df, &derr) != FR_OK) {
                rc = cli_usage_err(cmd, "%s: %s", fit_opt, derr.msg);
                goto done_args;
            }
        } else if (c == OPT_MAX_FEATURES) {
            char *end;
            long long n = strtoll(optarg, &end, 10);
            if (!*optarg || *end || n < 1) {
                rc = cli_usage_err(cmd, "--max-features takes a positive integer (got '%s')", optarg);
                goto done_args;
            }
            fo.max_features = (size_t)n;
            fit_opt = "--max-features";
        } else if ((r = cli_tokenizer_opt(cmd, c, optarg, &fo.tok, NULL)) != 0) {
            if (r < 0) {
                rc = FR_EXIT_USAGE;
                goto done_args;
            }
            for (const struct option *lo = longopts; lo->name; lo++)
                if (lo->val == c)
                    fit_opt = lo->name; /* named without its dashes: the message adds them */
        } else if (c == OPT_EXHAUSTIVE)
            ro.exhaustive = 1;
        else if (c == OPT_STATS)
            stats = 1;
        else if (c == OPT_AS_OF)
            as_of = optarg;
        else if (c == OPT_SKIP_BAD)
            env.skip_bad = 1;
        else if ((r = cli_input_opt(cmd, c, optarg, &env.io)) != 0 || (r = cli_side_opt(cmd, c, optarg, env.side)) != 0) {
            if (r < 0) {
                rc = FR_EXIT_USAGE;
                goto done_args;
            }
        } else {
            rc = cli_getopt_err(cmd, argv, c, longopts);
            goto done_args;
        }
    }
    if (fit_opt && !fit)
        rc = cli_usage_err(cmd, "%s%s is an option of --fit (without --fit, the model's options apply)",
                           fit_opt[0] == '-' ? "" : "--", fit_opt);
    else if (fit && (!cosine || per_resume || model_path))
        rc = cli_usage_err(cmd, "%s",
                           per_resume ? "--fit is an option of `fitrank rank --mode cosine`"
                           : !cosine  ? "--fit needs --mode cosine (full mode scores with a model's projection: fit one "
                                        "with `fitrank fit`)"
                                      : "--fit and --model exclude each other (--fit fits its own model)");
    else if (!posts.n)
        rc = cli_usage_err(cmd, "--postings INPUT... is required");
    else if (!resumes.n)
        rc = cli_usage_err(cmd, per_resume ? "--resume FILE is required" : "--resumes INPUT... is required");
    else if (!cli_as_of(cmd, as_of, &env.as_of))
        rc = FR_EXIT_USAGE;
    if (rc != FR_EXIT_OK)
        goto done_args;
    if (fit) {
        cli_env fenv;
        memset(&fenv, 0, sizeof fenv);
        fenv.io = env.io;
        memcpy(fenv.side, env.side, sizeof fenv.side);
        fenv.skip_bad = env.skip_bad;
        fenv.threads = ro.threads;
        cli_cosfit_args fa = {posts.v, resumes.v, posts.n, resumes.n, &fo, ro.k, ro.threads, fmt, out_path, stats};
        rc = cli_cosine_fit(&fenv, &fa);
        goto done_args;
    }

    fr_error err = {0};
    fr_docset P, R;
    memset(&P, 0, sizeof P);
    memset(&R, 0, sizeof R);
    fr_rank_result res;
    memset(&res, 0, sizeof res);
    fr_outfile out = {0};
    cli_rows rows;
    memset(&rows, 0, sizeof rows);
    stream_t st;
    memset(&st, 0, sizeof st);
    /* we run one BLAS thread per worker: deterministic tiles, no oversubscription */
    openblas_set_num_threads(1);
    env.plain = cosine; /* the cosine mode needs whole-document rows only: no parsing */
    env.threads = ro.threads;
    double t0 = fr_now();
    if ((rc = cli_env_open(&env, model_path, &err)) != FR_EXIT_OK)
        goto done;
    double t1 = fr_now();
    if ((rc = cli_load_set(&env, FR_SET_POSTINGS, posts.v, posts.n, &P)) != FR_EXIT_OK)
        goto done;
    double t2 = fr_now();
    int any_index = 0;
    for (size_t i = 0; i < resumes.n; i++)
        any_index |= fr_index_sniff(resumes.v[i]);
    if (per_resume || any_index) {
        /* match (one résumé), or résumés from an index (mapped, not read): one run */
        if ((rc = cli_load_set(&env, FR_SET_RESUMES, resumes.v, resumes.n, &R)) != FR_EXIT_OK)
            goto done;
        if (per_resume && R.n != 1) {
            rc = cli_err(FR_EXIT_INPUT, "%s: --resume must hold exactly one résumé (it holds %zu)", resumes.v[0], R.n);
            goto done;
        }
        st.load_s = fr_now() - t2;
        double tr = fr_now();
        if ((cosine ? fr_rank_cosine(&P, &R, &ro, &res, &err) : fr_rank(&P, &R, env.model, &ro, &res, &err)) != FR_OK ||
            cli_rows_init(&rows, &P, env.model, res.n_query, ro.k, ro.gate, cosine, per_resume, ro.threads, &err) != FR_OK ||
            cli_rows_add(&rows, &res, &R, 0, &err) != FR_OK) {
            rc = cli_fail(&err);
            goto done;
        }
        st.rank_s = fr_now() - tr;
        st.stats = res;
        st.n_res = R.n;
        st.n_chunks = R.n_units;
    } else {
        fr_input *in = NULL;
        fr_input_opts rio;
        /* the pruned path reads the chunks of its candidates only: made when read, not kept */
        env.lazy_units = !cosine && !ro.exhaustive;
        st.env = &env;
        st.P = &P;
        st.ro = &ro;
        st.cosine = cosine;
        st.batch = batch;
        st.rows = &rows;
        st.t_mark = fr_now();
        if (cli_rows_init(&rows, &P, env.model, P.n, ro.k, ro.gate, cosine, 0, ro.threads, &err) != FR_OK ||
            fr_docset_init(&st.R, FR_SET_RESUMES, env.model, env.lx, &err) != FR_OK ||
            (rio = cli_env_io(&env, FR_SET_RESUMES), fr_input_open(resumes.v, resumes.n, &rio, &in, &err)) != FR_OK) {
            rc = cli_fail(&err);
            goto done;
        }
        size_t n_bad = 0;
        rc = env.skip_bad ? cli_each_doc_skip(in, stream_add, &st, &n_bad) : cli_each_doc(in, stream_add, &st);
        if (rc == FR_EXIT_INPUT && env.skip_bad && n_bad) {
            env.n_bad += n_bad;
            rc = FR_EXIT_OK;
        }
        if (rc == FR_EXIT_OK)
            cli_input_notes(in);
        fr_input_free(in);
        if (rc == FR_EXIT_OK && (flush_batch(&st, 1, &err) != FR_OK || rank_parts(&st, &err) != FR_OK))
            rc = cli_fail(&err);
        fr_docset_free(&st.R);
        if (rc != FR_EXIT_OK)
            goto done;
    }
    if (stats)
        fprintf(stderr,
                "{\"postings\": %zu, \"items\": %zu, \"resumes\": %zu, \"chunks\": %zu, \"threads\": %d, "
                "\"exhaustive\": %s, \"pruned\": %s, \"rekeyed\": %llu, \"candidates\": %llu, \"refined\": %llu, "
                "\"bounded\": %llu, "
                "\"lex_entries\": %llu, \"tile_gflop\": %.3f, "
                "\"tile_sec\": %.6f, \"prune_sec\": %.6f, \"score_sec\": %.6f, \"model_sec\": %.6f, "
                "\"postings_sec\": %.6f, \"resumes_sec\": %.6f, \"rank_sec\": %.6f, \"bounds_kernel\": \"%s\"}\n",
                P.n, P.n_units, st.n_res, st.n_chunks, ro.threads, ro.exhaustive ? "true" : "false",
                st.stats.pruned ? "true" : "false", (unsigned long long)st.stats.rekeyed,
                (unsigned long long)st.stats.candidates,
                (unsigned long long)st.stats.refined, (unsigned long long)st.stats.bounded,
                (unsigned long long)st.stats.lex_entries, st.stats.tile_flops / 1e9, st.stats.tile_sec, st.stats.prune_sec,
                st.stats.score_sec, t1 - t0, t2 - t1, st.load_s, st.rank_s, st.stats.bf16_bounds ? "bfloat16" : "float");
    if (cli_outfile_open(&out, out_path, &err) != FR_OK) {
        rc = cli_err(FR_EXIT_OUTPUT, "%s", err.msg);
        goto done;
    }
    rc = cli_rows_write(&rows, out.fp, fmt);
    if (rc == FR_EXIT_OK && fr_outfile_commit(&out, &err) != FR_OK)
        rc = cli_err(FR_EXIT_OUTPUT, "%s", err.msg);
    if (rc == FR_EXIT_OK)
        cli_env_notes(&env);
    if (rc == FR_EXIT_OK && env.n_bad) {
        cli_note("%zu bad document%s left out (see above)", env.n_bad, env.n_bad == 1 ? "" : "s");
        rc = FR_EXIT_INPUT;
    }
done:
    fr_outfile_abort(&out);
    fr_docset_free(&st.R); /* a batch left over by an error */
    cli_parts_free(&st.parts);
    cli_batch_free(&st.texts);
    cli_rows_free(&rows);
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
