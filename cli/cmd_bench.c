/* cli/cmd_bench.c — `fitrank bench`: the scoring pipeline on a generated (or given) corpus, phase
 * by phase, against the sgemm peak measured in the same process. */
#include <cblas.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h> /* getrusage: peak RSS */
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/prepare.h"
#include "cli/rows.h"
#include "cli/scoring.h"
#include "cli/spill.h"
#include "util/clock.h"
#include "util/sort.h"

static const char usage[] =
    "Usage: fitrank bench [--n-resumes N] [--n-postings M] [-k K] [--dim D] [--threads T] [--exhaustive]\n"
    "                     [--seed S] [--mode full|cosine] [--json] [--model MODEL] [--as-of YYYY-MM]\n"
    "                     [--batch N] [--candidates M] [--shortlist N] [--recall] [--recall-sample S]\n"
    "                     [--resumes INPUT... --postings INPUT...]\n"
    "                     [input options]\n"
    "\n"
    "Measure scoring throughput.  First the in-process sgemm peak (2048³, best of 7, T threads, with the\n"
    "OpenBLAS kernels every phase uses: SkylakeX on AVX-512 CPUs unless OPENBLAS_CORETYPE names\n"
    "others — about half the rate with Haswell's there; the output says which), then\n"
    "each phase of ranking M postings against N résumés: generate, parse, tokenize + vectorize (MB/s),\n"
    "projection, score (GFLOP/s = 2 · items · chunks · d / wall time of the scoring phase, including\n"
    "its reductions, heaps and pruning, and its fraction of the peak — with pruning, the rate the\n"
    "exhaustive work would need, above the peak when pruning saves more than it costs), top-k (the\n"
    "canonical refinement),\n"
    "output (JSONL rows to /dev/null); total time, pairs per second, peak RSS.\n"
    "\n"
    "The generated corpus is reproducible from the seed: words drawn from the model's vocabulary with\n"
    "Zipf-distributed ranks (by document frequency), postings with 2-8 required and 2-8 preferred items,\n"
    "résumés with 10-60 chunks in dated entries; with T > 1 a batch of résumés is drawn on a thread of\n"
    "its own while the one before is prepared (generate: the drawing's CPU seconds).  --resumes/--postings\n"
    "take real inputs instead.\n"
    "\n"
    "  --n-resumes N, --n-postings M   corpus size (defaults 2000 and 100)\n"
    "  -k K                 top-k per posting (default 10)\n"
    "  --dim D              fit a model with an LSA dimension D on the corpus first (a 'fit' phase);\n"
    "                       default: the embedded reference model (d = 256)\n"
    "  --threads T          worker threads (default: all cores)\n"
    "  --exhaustive         score every pair (default: pruned, as `rank`)\n"
    "  --candidates M, --shortlist N   the pruning's sizes, as for `rank`\n"
    "  --batch N            résumés prepared at a time, as `rank` (default 8192): memory stays\n"
    "                       flat however many résumés there are\n"
    "  --mode full|cosine   as for `rank`\n"
    "  --recall             then rank a sample of the postings with --exhaustive and report the share\n"
    "                       of their exhaustive top k that the run found (recall@k; not in the total)\n"
    "  --recall-sample S    postings in that sample, evenly spaced (default 100, or all if fewer)\n"
    "  input options        --id-column, --text-column, --invalid, --max-input-bytes: as for `fitrank tokenize`\n"
    "  --json               one JSON object: sgemm_peak_gflops, blas_core, score_gflops, score_peak_fraction,\n"
    "                       vectorize_mb_s, pairs_per_s, total_s, peak_rss_mb, <phase>_s, ...; with\n"
    "                       --recall also recall_at_10 (recall@k for the run's k), recall_sample, recall_s;\n"
    "                       prepare_s: the wall time of preparing documents (résumés on T threads, as\n"
    "                       `rank`), prepare_resume_ms: a résumé's preparation per core (thread time / résumés),\n"
    "                       bounds_kernel: \"bfloat16\" when the pruned path's bounds were taken from\n"
    "                       bfloat16 products (CPUs with AVX512_BF16), else \"float\"\n";

enum { OPT_NRES = 440, OPT_NPOST, OPT_SEED, OPT_BMODE, OPT_BEXH, OPT_BPOST, OPT_BRES, OPT_BBATCH, OPT_RECALL,
       OPT_RECALL_N, OPT_BCAND, OPT_BSHORT };

/* ---------------------------------------------------------------- the generator */

typedef struct {
    uint64_t s;
    const fr_model *m;
    uint32_t *rank_term;  /* terms by document frequency, most frequent first */
    double *cdf;          /* Zipf(1) over those ranks */
    size_t n;
    uint32_t *guide;      /* GUIDE + 1 (fr_cdf_guide): a draw searches between two of them */
} gen_t;

#define GUIDE 65536

static uint64_t rnd64(gen_t *g)
{
    /* splitmix64: tiny, good enough, and the same everywhere */
    uint64_t z = (g->s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}
static int rnd_in(gen_t *g, int lo, int hi) { return lo + (int)(rnd64(g) % (uint64_t)(hi - lo + 1)); }

typedef struct {
    uint32_t df, term;
} dfterm;

static int by_df(const void *a, const void *b)
{
    const dfterm *x = a, *y = b;
    return x->df != y->df ? (x->df > y->df ? -1 : 1) : (x->term < y->term ? -1 : x->term > y->term);
}

static int gen_init(gen_t *g, const fr_model *m, uint64_t seed)
{
    memset(g, 0, sizeof *g);
    g->s = seed;
    g->m = m;
    size_t nt = fr_model_n_terms(m);
    g->rank_term = malloc((nt + 1) * sizeof *g->rank_term);
    g->cdf = malloc((nt + 1) * sizeof *g->cdf);
    g->guide = malloc((GUIDE + 1) * sizeof *g->guide);
    if (!g->rank_term || !g->cdf || !g->guide)
        return 0;
    dfterm *v = malloc((nt + 1) * sizeof *v);
    if (!v)
        return 0;
    /* single words only (no spaces: n-gram terms), so that each drawn word tokenizes back to it */
    for (uint32_t t = 0; t < nt; t++) {
        size_t len;
        const char *w = fr_model_term(m, t, &len);
        if (!memchr(w, ' ', len))
            v[g->n++] = (dfterm){fr_model_df(m, t), t};
    }
    qsort(v, g->n, sizeof *v, by_df);
    for (size_t i = 0; i < g->n; i++)
        g->rank_term[i] = v[i].term;
    free(v);
    double acc = 0;
    for (size_t i = 0; i < g->n; i++)
        g->cdf[i] = acc += 1.0 / (double)(i + 1);
    for (size_t i = 0; i < g->n; i++)
        g->cdf[i] /= acc;
    fr_cdf_guide(g->cdf, g->n, g->guide, GUIDE);
    return g->n > 0;
}

static void gen_free(gen_t *g)
{
    free(g->rank_term);
    free(g->cdf);
    free(g->guide);
}

static void words(gen_t *g, fr_buf *b, int n)
{
    for (int i = 0; i < n; i++) {
        double u = (double)(rnd64(g) >> 11) / 9007199254740992.0;
        size_t lo = fr_cdf_draw(g->cdf, g->n, g->guide, GUIDE, u), len;
        const char *w = fr_model_term(g->m, g->rank_term[lo], &len);
        if (i)
            fr_buf_putc(b, ' ');
        fr_buf_append(b, w, len);
    }
}

/* (gen_posting and gen_resume append to b: the caller resets it) */
static void gen_posting(gen_t *g, fr_buf *b, size_t i)
{
    fr_buf_printf(b, "Role %zu\n\nResponsibilities:\n", i);
    for (int k = rnd_in(g, 2, 5); k > 0; k--) {
        fr_buf_printf(b, "- ");
        words(g, b, rnd_in(g, 8, 16));
        fr_buf_putc(b, '\n');
    }
    fr_buf_printf(b, "\nRequirements:\n");
    for (int k = rnd_in(g, 2, 8); k > 0; k--) {
        fr_buf_printf(b, "- ");
        if (rnd_in(g, 0, 3) == 0)
            fr_buf_printf(b, "%d+ years of experience with ", rnd_in(g, 1, 8));
        words(g, b, rnd_in(g, 5, 12));
        fr_buf_putc(b, '\n');
    }
    fr_buf_printf(b, "\nNice to have:\n");
    for (int k = rnd_in(g, 2, 8); k > 0; k--) {
        fr_buf_printf(b, "- ");
        words(g, b, rnd_in(g, 5, 12));
        fr_buf_putc(b, '\n');
    }
}

static void gen_resume(gen_t *g, fr_buf *b, size_t i)
{
    fr_buf_printf(b, "Candidate %zu\n\nExperience\n", i);
    int chunks = rnd_in(g, 10, 60), entries = rnd_in(g, 1, 4), year = 2025;
    for (int e = 0; e < entries; e++) {
        int len = rnd_in(g, 1, 6);
        fr_buf_printf(b, "Engineer, Company %zu-%d, %d-01 - %d-12\n", i, e, year - len, year);
        year -= len + 1;
        for (int k = chunks / entries; k > 0; k--) {
            fr_buf_printf(b, "- ");
            words(g, b, rnd_in(g, 6, 18));
            fr_buf_putc(b, '\n');
        }
    }
    fr_buf_printf(b, "\nEducation\n%s, University %zu, 2008 - 2012\n\nSkills\n", rnd_in(g, 0, 1) ? "B.Sc. Computer Science" : "M.Sc. Physics", i);
    words(g, b, rnd_in(g, 6, 14));
    fr_buf_putc(b, '\n');
}

/* Résumés [i0, i0 + n) of the generator, their texts one after another in `text` (off: n + 1
 * starts), drawn on a thread of their own while the batch before them is prepared: the draws are
 * one stream (the same corpus whatever the threads), and while they ran alone one core idled —
 * 1.4–2.0 s of a run of 100k résumés.  At the threads' own priority: the preparing threads share
 * a batch's work out as they go (cli/prepare.c), so the one the draws slow does less of it; at the
 * lowest, the draws waited for the spill and the batch's end, and the batch after them for the
 * draws (0.6 s of the 100k run's wall, one core idle). */
typedef struct {
    gen_t *g;
    size_t i0, n;
    fr_buf text;
    size_t *off, offcap;
    double secs;
    int failed; /* out of memory */
} gen_chunk;

static void *gen_chunk_run(void *arg)
{
    gen_chunk *c = arg;
    double t0 = fr_thread_cpu(); /* (its CPU: the draws' cost, whatever the threads preparing took) */
    fr_buf_reset(&c->text);
    c->failed = 0;
    if (c->n + 1 > c->offcap) {
        free(c->off);
        c->off = malloc((c->n + 1) * sizeof *c->off);
        c->offcap = c->off ? c->n + 1 : 0;
        if (!c->off) {
            c->failed = 1;
            return NULL;
        }
    }
    for (size_t j = 0; j < c->n; j++) {
        c->off[j] = c->text.len;
        gen_resume(c->g, &c->text, c->i0 + j);
    }
    c->off[c->n] = c->text.len;
    c->failed = c->text.failed;
    c->secs = fr_thread_cpu() - t0;
    return NULL;
}

/* Draw chunk c: on thread *th when `ahead` and one can be started (*running set), else here (one
 * thread asked: the run keeps to one core). */
static void gen_chunk_start(gen_chunk *c, int ahead, pthread_t *th, int *running)
{
    *running = ahead && pthread_create(th, NULL, gen_chunk_run, c) == 0;
    if (!*running)
        gen_chunk_run(c);
}

/* ---------------------------------------------------------------- the run */

typedef struct {
    cli_env *env;
    fr_docset *set;
    double parse_s;
    double prepare_s;     /* parsing and everything else a document's preparation does (one thread) */
    size_t n_docs;
    int progress;
    const char *what;
} load_t;

static void progress(const load_t *l, size_t done, size_t total)
{
    if (!l->progress || (done % 256 && done != total))
        return;
    int w = 30, fill = total ? (int)((double)w * (double)done / (double)total) : w;
    fprintf(stderr, "\r%-9s [%.*s%*s] %zu/%zu", l->what, fill, "##############################", w - fill, "", done,
            total);
    if (done == total)
        fputc('\n', stderr);
}

static fr_status add_text(load_t *l, const char *id, const char *text, size_t len, fr_error *err)
{
    double t0 = fr_now();
    fr_status s;
    if (l->set->kind == FR_SET_POSTINGS) {
        fr_posting *p;
        if ((s = fr_posting_parse(id, text, len, "source", l->env->lx, &p, err)) != FR_OK)
            return s;
        l->parse_s += fr_now() - t0;
        s = fr_docset_add_posting(l->set, l->env->builder, p, text, len, err);
        fr_posting_free(p);
    } else {
        fr_resume *r;
        if ((s = fr_resume_parse(id, text, len, "source", l->env->lx, l->env->as_of, &r, err)) != FR_OK)
            return s;
        l->parse_s += fr_now() - t0;
        s = fr_docset_add_resume(l->set, l->env->builder, r, text, len, err);
        fr_resume_free(r);
    }
    l->n_docs++;
    l->prepare_s += fr_now() - t0;
    return s;
}

static fr_status add_doc(void *vc, const fr_doc *d, fr_error *err)
{
    load_t *l = vc;
    double t0 = fr_now();
    fr_status s;
    if (l->set->kind == FR_SET_POSTINGS) {
        fr_posting *p;
        if ((s = fr_posting_parse_doc(d, l->env->lx, &p, err)) != FR_OK)
            return s;
        l->parse_s += fr_now() - t0;
        s = fr_docset_add_posting(l->set, l->env->builder, p, d->text, d->len, err);
        fr_posting_free(p);
    } else {
        fr_resume *r;
        if ((s = fr_resume_parse_doc(d, l->env->lx, l->env->as_of, &r, err)) != FR_OK)
            return s;
        l->parse_s += fr_now() - t0;
        s = fr_docset_add_resume(l->set, l->env->builder, r, d->text, d->len, err);
        fr_resume_free(r);
    }
    l->n_docs++;
    l->prepare_s += fr_now() - t0;
    progress(l, l->n_docs, l->n_docs);
    return s;
}

/* Résumés accumulate in R until a batch is full; then (full mode) it becomes a part of the pool,
 * spilled as `rank` spills it (cli/spill.h), and the pool is ranked once at the end; in cosine
 * mode each batch is ranked, merged into the rows, freed. */
typedef struct {
    cli_env *env;
    const fr_docset *P;
    fr_docset *R;
    cli_parts parts;
    const fr_rank_opts *ro;
    int cosine;
    cli_rows *rows;
    size_t batch, n_res, n_chunks;
    uint64_t base;
    fr_rank_result stats;
    double *score_s, *topk_s;
    load_t *lr;
    cli_batch pending;    /* résumés read, waiting to be prepared on every thread */
    int threads;
} bench_acc;

static fr_status flush(bench_acc *a, fr_error *err)
{
    if (!a->R->n)
        return FR_OK;
    if (!a->cosine) {
        a->n_res += a->R->n;
        a->n_chunks += a->R->n_units;
        fr_status s = cli_parts_add(&a->parts, a->env, a->R, err);
        return s == FR_OK ? fr_docset_init(a->R, FR_SET_RESUMES, a->env->model, a->env->lx, err) : s;
    }
    fr_rank_result res;
    double t0 = fr_now();
    fr_status s = fr_rank_cosine(a->P, a->R, a->ro, &res, err);
    *a->score_s += fr_now() - t0;
    if (s != FR_OK)
        return s;
    *a->topk_s += res.refine_sec;
    a->stats.candidates += res.candidates;
    a->stats.refined += res.refined;
    a->stats.tile_flops += res.tile_flops;
    a->stats.tile_sec += res.tile_sec;
    a->stats.pruned |= res.pruned;
    a->stats.bf16_bounds |= res.bf16_bounds;
    s = cli_rows_add(a->rows, &res, a->R, a->base, err);
    fr_rank_result_free(&res);
    a->base += a->R->n;
    a->n_res += a->R->n;
    a->n_chunks += a->R->n_units;
    fr_docset_free(a->R);
    return s == FR_OK ? fr_docset_init(a->R, FR_SET_RESUMES, a->env->model, a->env->lx, err) : s;
}

/* Full mode: the pool of parts ranked at once. */
static fr_status rank_parts(bench_acc *a, fr_error *err)
{
    cli_batch_free(&a->pending); /* the reading is done: the threads' sets go before the ranking */
    if (a->cosine || !a->parts.n)
        return FR_OK;
    fr_rank_result res;
    double t0 = fr_now();
    fr_status s = cli_parts_rank(&a->parts, a->P, a->env->model, a->ro, a->rows, &res, err);
    *a->score_s += fr_now() - t0;
    *a->topk_s += res.refine_sec;
    a->stats.candidates += res.candidates;
    a->stats.refined += res.refined;
    a->stats.bounded += res.bounded;
    a->stats.rekeyed += res.rekeyed;
    a->stats.lex_entries += res.lex_entries;
    a->stats.tile_flops += res.tile_flops;
    a->stats.tile_sec += res.tile_sec;
    a->stats.pruned |= res.pruned;
    a->stats.bf16_bounds |= res.bf16_bounds;
    return s;
}

/* --recall: rank an evenly spaced sample of `want` postings against the whole pool with every pair
 * scored, and count how much of each one's exhaustive top k the run's rows hold (the same gate and
 * key; résumés by their position in the pool). */
static fr_status measure_recall(bench_acc *a, const cli_rows *rows, size_t want, double *recall, size_t *sample,
                                double *secs, fr_error *err)
{
    double t0 = fr_now();
    const fr_docset *P = a->P;
    size_t n = want < P->n ? want : P->n, found = 0, total = 0;
    fr_docset S;
    fr_rank_result res;
    memset(&res, 0, sizeof res);
    const fr_docset **v = NULL;
    size_t *q = malloc((n + 1) * sizeof *q);
    fr_status st = q ? fr_docset_init(&S, FR_SET_POSTINGS, a->env->model, a->env->lx, err)
                     : fr_fail(err, FR_ENOMEM, "out of memory");
    if (!q)
        memset(&S, 0, sizeof S);
    for (size_t s = 0; st == FR_OK && s < n; s++) {
        q[s] = s * P->n / n;
        st = fr_docset_append_range(&S, P, q[s], q[s] + 1, err);
    }
    fr_rank_opts o = *a->ro;
    o.exhaustive = 1;
    if (st == FR_OK)
        st = cli_parts_list(&a->parts, &v, err);
    if (st == FR_OK)
        st = fr_rank_parts(&S, v, a->parts.n, a->env->model, &o, &res, err);
    for (size_t s = 0; st == FR_OK && s < n; s++) {
        const cli_rowlist *l = &rows->lists[q[s]];
        for (size_t i = res.start[s]; i < res.start[s + 1]; i++, total++)
            for (size_t j = 0; j < l->n; j++)
                if (l->v[j].order == res.hits[i].resume) {
                    found++;
                    break;
                }
    }
    *recall = total ? (double)found / (double)total : 1.0;
    *sample = n;
    *secs = fr_now() - t0;
    fr_rank_result_free(&res);
    free(v);
    free(q);
    fr_docset_free(&S);
    return st;
}

/* Prepare the pending résumés on every thread, as `rank` does (cli/prepare.c): with more to come
 * (!last), into files from the threads that prepared them; the last ones into the batch in memory,
 * which becomes a part of the pool when full. */
static fr_status prepare_pending(bench_acc *a, int last, fr_error *err)
{
    if (!a->pending.n)
        return FR_OK;
    /* a new batch begins: the previous one goes to its file first (one in memory at a time) */
    fr_status s = a->R->n || a->cosine ? FR_OK : cli_parts_spill(&a->parts, a->env, a->R, err);
    size_t n = a->pending.n, n_bad = 0, n0 = a->parts.n;
    int direct = !a->cosine && !last;
    double t0 = fr_now();
    if (s == FR_OK)
        s = cli_batch_prepare(&a->pending, a->env, FR_SET_RESUMES, a->threads, a->R, direct ? &a->parts : NULL,
                              &n_bad, err);
    a->lr->prepare_s += fr_now() - t0;
    a->lr->n_docs += n;
    if (direct)
        cli_parts_count(&a->parts, n0, &a->n_res, &a->n_chunks);
    return s == FR_OK && a->R->n >= a->batch ? flush(a, err) : s;
}

/* A résumé read: pending until the batch is full, then prepared at once, as `rank` reads them
 * (cli/cmd_rank.c stream_add): the threads' slices of a batch become the pool's parts, and with
 * slices of 2,048 texts bench measured parts a quarter of rank's size (100k résumés: ~100 parts
 * of 1,024 against ~25 of 4,096), whose per-part work — each posting's lexical list and lines'
 * test walk every part — rank does not do. */
static fr_status push_resume(void *vc, const fr_doc *d, fr_error *err)
{
    bench_acc *a = vc;
    fr_status s = cli_batch_push(&a->pending, d, err);
    return s == FR_OK && a->pending.n >= a->batch - a->R->n ? prepare_pending(a, 0, err) : s;
}

static double sgemm_peak(int threads)
{
    size_t n = 2048, nn = n * n;
    float *a = malloc(nn * sizeof *a), *b = malloc(nn * sizeof *b), *c = calloc(nn, sizeof *c);
    double best = 0;
    if (a && b && c) {
        for (size_t i = 0; i < nn; i++) {
            a[i] = (float)(i % 7) * 0.1f;
            b[i] = (float)(i % 5) * 0.2f;
        }
        openblas_set_num_threads(threads);
        /* best of 7 (~0.1 s each): on these virtual machines a vCPU taken by the host for a moment
         * made best-of-3 peaks of 110–116 GFLOP/s on 2 threads among ones of 180–185 (the scoring
         * rate itself steady), and the fraction of the peak swung 0.49–0.87 with them */
        for (int r = 0; r < 7; r++) {
            double t0 = fr_now();
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (blasint)n, (blasint)n, (blasint)n, 1.0f, a,
                        (blasint)n, b, (blasint)n, 0.0f, c, (blasint)n);
            double g = 2.0 * (double)n * (double)nn / (fr_now() - t0) / 1e9;
            best = g > best ? g : best;
        }
        openblas_set_num_threads(1);
    }
    free(a);
    free(b);
    free(c);
    return best;
}

int cmd_bench(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"n-resumes", required_argument, NULL, OPT_NRES},   {"n-postings", required_argument, NULL, OPT_NPOST},
        {"dim", required_argument, NULL, OPT_DIM},          {"threads", required_argument, NULL, OPT_THREADS},
        {"exhaustive", no_argument, NULL, OPT_BEXH},        {"seed", required_argument, NULL, OPT_SEED},
        {"mode", required_argument, NULL, OPT_BMODE},       {"json", no_argument, NULL, OPT_JSON},
        {"model", required_argument, NULL, OPT_MODEL},      {"as-of", required_argument, NULL, OPT_AS_OF},
        {"postings", required_argument, NULL, OPT_BPOST},   {"resumes", required_argument, NULL, OPT_BRES},
        {"batch", required_argument, NULL, OPT_BBATCH},     {"help", no_argument, NULL, 'h'},
        {"recall", no_argument, NULL, OPT_RECALL},          {"recall-sample", required_argument, NULL, OPT_RECALL_N},
        {"candidates", required_argument, NULL, OPT_BCAND}, {"shortlist", required_argument, NULL, OPT_BSHORT},
        CLI_INPUT_LONGOPTS,  CLI_SIDE_LONGOPTS,              {NULL, 0, NULL, 0}};
    fr_input_opts io, pio;
    fr_input_opts_default(&io);
    cli_side_opts side[2] = {{0}};
    size_t n_res = 2000, n_post = 100, k = 10, dim = 0, batch = 8192;
    uint64_t seed = 1;
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    int threads = ncpu > 0 ? (int)ncpu : 1, exhaustive = 0, cosine = 0, json = 0, recall = 0, c, r;
    size_t recall_n = 100, cand_m = 0, short_m = 0;
    const char *model_path = NULL, *as_of = "2026-11";
    const char **posts = calloc((size_t)argc + 1, sizeof *posts), **res = calloc((size_t)argc + 1, sizeof *res);
    size_t np = 0, nr = 0;
    const char ***cur = NULL;
    size_t *curn = NULL;
    if (!posts || !res) {
        free(posts);
        free(res);
        return cli_err(FR_EXIT_OUTPUT, "out of memory");
    }
    int rc = FR_EXIT_OK;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "-:k:h", longopts, NULL)) != -1) {
        char *end = NULL;
        unsigned long long v = optarg ? strtoull(optarg, &end, 10) : 0;
        int num_ok = optarg && *optarg && *optarg != '-' && end && !*end;
        if (c == 'h') {
            fputs(usage, stdout);
            goto out;
        } else if (c == 1) {
            if (!cur) {
                rc = cli_usage_err("bench", "'%s': inputs follow --postings or --resumes", optarg);
                goto out;
            }
            (*cur)[(*curn)++] = optarg;
        } else if (c == OPT_BPOST || c == OPT_BRES) {
            cur = c == OPT_BPOST ? &posts : &res;
            curn = c == OPT_BPOST ? &np : &nr;
            (*cur)[(*curn)++] = optarg;
        } else if (c == OPT_NRES || c == OPT_NPOST || c == 'k' || c == OPT_DIM || c == OPT_THREADS || c == OPT_SEED ||
                   c == OPT_BBATCH || c == OPT_RECALL_N || c == OPT_BCAND || c == OPT_BSHORT) {
            if (!num_ok || (c != OPT_SEED && c != OPT_DIM && v < 1) || v > 100000000ULL ||
                (c == OPT_THREADS && v > 1024)) {
                rc = cli_usage_err("bench", "bad number '%s'", optarg);
                goto out;
            }
            if (c == OPT_NRES)
                n_res = (size_t)v;
            else if (c == OPT_NPOST)
                n_post = (size_t)v;
            else if (c == 'k')
                k = (size_t)v;
            else if (c == OPT_DIM)
                dim = (size_t)v;
            else if (c == OPT_THREADS)
                threads = (int)v;
            else if (c == OPT_BBATCH)
                batch = (size_t)v;
            else if (c == OPT_RECALL_N)
                recall_n = (size_t)v;
            else if (c == OPT_BCAND)
                cand_m = (size_t)v;
            else if (c == OPT_BSHORT)
                short_m = (size_t)v;
            else
                seed = v;
        } else if (c == OPT_BEXH)
            exhaustive = 1;
        else if (c == OPT_RECALL)
            recall = 1;
        else if (c == OPT_JSON)
            json = 1;
        else if (c == OPT_MODEL)
            model_path = optarg;
        else if (c == OPT_AS_OF)
            as_of = optarg;
        else if ((r = cli_input_opt("bench", c, optarg, &io)) != 0 || (r = cli_side_opt("bench", c, optarg, side)) != 0) {
            if (r < 0) {
                rc = FR_EXIT_USAGE;
                goto out;
            }
        } else if (c == OPT_BMODE) {
            if (strcmp(optarg, "full") && strcmp(optarg, "cosine")) {
                rc = cli_usage_err("bench", "--mode takes full or cosine (got '%s')", optarg);
                goto out;
            }
            cosine = strcmp(optarg, "cosine") == 0;
        } else {
            rc = cli_getopt_err("bench", argv, c, longopts);
            goto out;
        }
    }
    if (recall && cosine) {
        rc = cli_usage_err("bench", "--recall measures the pruning of --mode full (cosine ranking is exact)");
        goto out;
    }
    if ((np == 0) != (nr == 0)) {
        rc = cli_usage_err("bench", "give both --postings and --resumes, or neither (a generated corpus)");
        goto out;
    }

    cli_env env;
    memset(&env, 0, sizeof env);
    env.io = io;
    env.side[0] = side[0];
    env.side[1] = side[1];
    if (!cli_as_of("bench", as_of, &env.as_of)) {
        rc = FR_EXIT_USAGE;
        goto out;
    }
    fr_error err = {0};
    fr_docset P, R;
    memset(&P, 0, sizeof P);
    memset(&R, 0, sizeof R);
    load_t lp = {&env, &P, 0, 0, 0, 0, "postings"}, lr = {&env, &R, 0, 0, 0, 0, "résumés"};
    int tty = !json && isatty(2);
    lp.progress = lr.progress = tty;
    if (tty)
        fputs("sgemm peak ...", stderr);
    double peak = sgemm_peak(threads);
    if (tty)
        fprintf(stderr, " %.1f GFLOP/s\n", peak);
#if defined(__x86_64__) && defined(__GNUC__)
    /* an engineer measuring throughput should know when the environment chose slower kernels than
     * this CPU has (these machines export OPENBLAS_CORETYPE=Haswell: half the sgemm rate) */
    const char *ct = getenv("OPENBLAS_CORETYPE");
    __builtin_cpu_init();
    if (ct && __builtin_cpu_supports("avx512f") && strcasecmp(ct, "SkylakeX") != 0 && strcasecmp(ct, "Cooperlake") != 0)
        cli_note("note: OPENBLAS_CORETYPE=%s from the environment: this CPU's AVX-512 kernels (SkylakeX, fitrank's "
                 "choice when it is unset) run sgemm about twice as fast; scores are the same with either",
                 ct);
#endif
    double t_start = fr_now(), gen_s = 0, fit_s = 0, gen_bytes = 0, score_s = 0, topk_s = 0;
    cli_rows rows;
    memset(&rows, 0, sizeof rows);
    bench_acc acc;
    memset(&acc, 0, sizeof acc);
    gen_t g;
    memset(&g, 0, sizeof g);
    fr_buf text = {0};
    fr_input *in = NULL;
    if ((rc = cli_env_open(&env, model_path, &err)) != FR_EXIT_OK)
        goto done;
    if (!np && !gen_init(&g, env.model, seed)) {
        rc = cli_err(FR_EXIT_OUTPUT, "out of memory");
        goto done;
    }
    if (!np && dim) {
        /* a model of the asked dimension, fitted on the postings and the first 5,000 résumés —
         * drawn by a second generator with the same seed, so they are the texts the run will see */
        double t0 = fr_now();
        gen_t g2;
        fr_fit_opts fo;
        fr_fit_opts_default(&fo);
        fo.tok = fr_model_opts(env.model)->tok;
        fo.dim = dim;
        fr_fitter *f = NULL;
        fr_model *m = NULL;
        fr_status s = gen_init(&g2, env.model, seed) ? fr_fitter_new(&fo, &f, &err) : FR_ENOMEM;
        for (size_t i = 0; s == FR_OK && i < n_post + (n_res < 5000 ? n_res : 5000); i++) {
            fr_buf_reset(&text);
            if (i < n_post)
                gen_posting(&g2, &text, i);
            else
                gen_resume(&g2, &text, i - n_post);
            s = fr_fitter_add(f, text.data, text.len, &err);
        }
        if (s == FR_OK)
            s = fr_fitter_finish(f, &m, &err);
        fr_fitter_free(f);
        gen_free(&g2);
        if (s != FR_OK) {
            rc = s == FR_ENOMEM && !err.msg[0] ? cli_err(FR_EXIT_OUTPUT, "out of memory") : cli_fail(&err);
            goto done;
        }
        fr_docset_builder_free(env.builder);
        env.builder = NULL;
        const fr_model *old = env.model;
        env.model = m;
        fr_model_free((fr_model *)old);
        if (fr_docset_builder_new(m, env.lx, &env.builder, &err) != FR_OK) {
            rc = cli_fail(&err);
            goto done;
        }
        gen_free(&g);
        if (!gen_init(&g, env.model, seed)) {
            rc = cli_err(FR_EXIT_OUTPUT, "out of memory");
            goto done;
        }
        fit_s = fr_now() - t0;
    }
    if (fr_docset_init(&P, FR_SET_POSTINGS, env.model, env.lx, &err) != FR_OK ||
        fr_docset_init(&R, FR_SET_RESUMES, env.model, env.lx, &err) != FR_OK) {
        rc = cli_fail(&err);
        goto done;
    }
    fr_rank_opts ro;
    fr_rank_opts_default(&ro);
    ro.k = k;
    ro.threads = threads;
    ro.exhaustive = exhaustive;
    ro.prune_m = cand_m;
    ro.shortlist_m = short_m;
    openblas_set_num_threads(1);
    env.lazy_units = !cosine && !exhaustive; /* as rank's (cli/cmd_rank.c) */
    acc.env = &env;
    acc.P = &P;
    acc.R = &R;
    acc.ro = &ro;
    acc.cosine = cosine;
    acc.rows = &rows;
    acc.batch = batch;
    acc.score_s = &score_s;
    acc.topk_s = &topk_s;
    acc.lr = &lr;
    acc.threads = threads;
    /* postings: all of them (they are the queries) */
    if (!np) {
        char id[48];
        for (size_t i = 0; i < n_post && rc == FR_EXIT_OK; i++) {
            double t0 = fr_now();
            fr_buf_reset(&text);
            gen_posting(&g, &text, i);
            gen_s += fr_now() - t0;
            gen_bytes += (double)text.len;
            snprintf(id, sizeof id, "posting-%zu", i);
            if (add_text(&lp, id, text.data, text.len, &err) != FR_OK)
                rc = cli_fail(&err);
            progress(&lp, i + 1, n_post);
        }
    } else if ((pio = cli_env_io(&env, FR_SET_POSTINGS), fr_input_open(posts, np, &pio, &in, &err)) != FR_OK)
        rc = cli_fail(&err);
    else {
        rc = cli_each_doc(in, add_doc, &lp);
        fr_input_free(in);
        in = NULL;
    }
    if (rc == FR_EXIT_OK && cli_rows_init(&rows, &P, env.model, P.n, k, ro.gate, cosine, 0, threads, &err) != FR_OK)
        rc = cli_fail(&err);
    if (rc != FR_EXIT_OK)
        goto done;
    /* résumés: streamed in batches — prepared, ranked, merged, freed: memory stays flat */
    if (!np) {
        /* a batch's worth drawn ahead: chunk b + 1 while chunk b's résumés are pushed and prepared */
        char id[48];
        size_t per = batch ? batch : 1;
        gen_chunk ch[2];
        memset(ch, 0, sizeof ch);
        ch[0].g = ch[1].g = &g;
        ch[0].n = n_res < per ? n_res : per;
        pthread_t th;
        int running = 0;
        if (n_res)
            gen_chunk_start(&ch[0], threads > 1, &th, &running);
        for (size_t i0 = 0, b = 0; i0 < n_res && rc == FR_EXIT_OK; i0 += ch[b].n, b ^= 1) {
            if (running)
                pthread_join(th, NULL);
            running = 0;
            gen_s += ch[b].secs;
            if (ch[b].failed) {
                rc = cli_err(FR_EXIT_OUTPUT, "out of memory");
                break;
            }
            size_t i1 = i0 + ch[b].n;
            if (i1 < n_res) {
                ch[b ^ 1].i0 = i1;
                ch[b ^ 1].n = n_res - i1 < per ? n_res - i1 : per;
                gen_chunk_start(&ch[b ^ 1], threads > 1, &th, &running);
            }
            for (size_t j = 0; j < ch[b].n && rc == FR_EXIT_OK; j++) {
                snprintf(id, sizeof id, "resume-%zu", i0 + j);
                fr_doc d = {0};
                d.id = id;
                d.id_len = strlen(id);
                d.text = ch[b].text.data + ch[b].off[j];
                d.len = ch[b].off[j + 1] - ch[b].off[j];
                d.path = "generated";
                d.offsets = "source";
                gen_bytes += (double)d.len;
                if (push_resume(&acc, &d, &err) != FR_OK)
                    rc = cli_fail(&err);
                progress(&lr, i0 + j + 1, n_res);
            }
        }
        if (running)
            pthread_join(th, NULL);
        for (int b = 0; b < 2; b++) {
            fr_buf_free(&ch[b].text);
            free(ch[b].off);
        }
    } else if ((pio = cli_env_io(&env, FR_SET_RESUMES), fr_input_open(res, nr, &pio, &in, &err)) != FR_OK)
        rc = cli_fail(&err);
    else {
        rc = cli_each_doc(in, push_resume, &acc);
        fr_input_free(in);
        in = NULL;
    }
    if (rc == FR_EXIT_OK &&
        (prepare_pending(&acc, 1, &err) != FR_OK || flush(&acc, &err) != FR_OK || rank_parts(&acc, &err) != FR_OK))
        rc = cli_fail(&err);
    if (rc != FR_EXIT_OK)
        goto done;
    double bytes, vec_s, proj_s;
    fr_docset_builder_stats(env.builder, &bytes, &vec_s, &proj_s);
    /* the résumés' threads, their seconds summed: per core, as the postings' one thread */
    bytes += env.prep_bytes;
    vec_s += env.prep_vec_s;
    proj_s += env.prep_proj_s;
    double t0 = fr_now();
    FILE *devnull = fopen("/dev/null", "w");
    if (!devnull) {
        rc = cli_err(FR_EXIT_OUTPUT, "/dev/null: cannot open");
        goto done;
    }
    rc = cli_rows_write(&rows, devnull, FMT_JSONL);
    fclose(devnull);
    if (rc != FR_EXIT_OK)
        goto done;
    double output_s = fr_now() - t0, total_s = fr_now() - t_start, recall_v = 0, recall_s = 0;
    size_t recall_got = 0;
    if (recall && measure_recall(&acc, &rows, recall_n, &recall_v, &recall_got, &recall_s, &err) != FR_OK) {
        rc = cli_fail(&err);
        goto done;
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double rss_mb = (double)ru.ru_maxrss / 1024.0, d = (double)P.dim;
    double flops = 2.0 * (double)P.n_units * (double)acc.n_chunks * d;
    double score_gflops = cosine ? 0 : flops / score_s / 1e9, pairs = (double)P.n * (double)acc.n_res;
    /* résumés: what their threads spent besides vectorizing and projecting (parsing, the verdicts'
     * records and word rows), summed over threads */
    double parse_s = lp.parse_s + (env.prep_s - env.prep_vec_s - env.prep_proj_s);
    /* the kernels every figure above was measured with (the environment can choose them) */
    const char *core = openblas_get_corename();
    double tile_gflops = acc.stats.tile_sec > 0 ? acc.stats.tile_flops / (acc.stats.tile_sec / threads) / 1e9 : 0;
    topk_s /= threads > 0 ? threads : 1;
    if (json) {
        printf("{\"postings\": %zu, \"resumes\": %zu, \"items\": %zu, \"chunks\": %zu, \"dim\": %zu, \"k\": %zu, "
               "\"threads\": %d, \"batch\": %zu, \"mode\": \"%s\", \"exhaustive\": %s, \"pruned\": %s, \"seed\": %llu, "
               "\"generated\": %s, \"model\": \"%s\", \"sgemm_peak_gflops\": %.2f, \"blas_core\": \"%s\", "
               "\"score_gflops\": %.2f, "
               "\"score_peak_fraction\": %.4f, \"vectorize_mb_s\": %.2f, \"pairs_per_s\": %.1f, \"total_s\": %.4f, "
               "\"peak_rss_mb\": %.1f, \"generate_s\": %.4f, \"fit_s\": %.4f, \"parse_s\": %.4f, \"vectorize_s\": %.4f, "
               "\"projection_s\": %.4f, \"score_s\": %.4f, \"sgemm_tile_gflops\": %.2f, "
               "\"topk_s\": %.4f, \"output_s\": %.4f, \"pairs_tiled\": %llu, \"pairs_refined\": %llu, "
               "\"pairs_bounded\": %llu, \"pairs_rekeyed\": %llu, \"lex_entries\": %llu",
               P.n, acc.n_res, P.n_units, acc.n_chunks, P.dim, k, threads, batch, cosine ? "cosine" : "full",
               exhaustive ? "true" : "false", acc.stats.pruned ? "true" : "false", (unsigned long long)seed,
               np ? "false" : "true", fr_model_hash(env.model), peak, core, score_gflops, peak > 0 ? score_gflops / peak : 0,
               vec_s > 0 ? bytes / vec_s / 1e6 : 0, pairs / score_s, total_s, rss_mb, gen_s, fit_s, parse_s, vec_s,
               proj_s, score_s, tile_gflops, topk_s, output_s, (unsigned long long)acc.stats.candidates,
               (unsigned long long)acc.stats.refined, (unsigned long long)acc.stats.bounded,
               (unsigned long long)acc.stats.rekeyed, (unsigned long long)acc.stats.lex_entries);
        printf(", \"prepare_s\": %.4f, \"prepare_resume_ms\": %.4f, \"bounds_kernel\": \"%s\"",
               lp.prepare_s + lr.prepare_s, lr.n_docs ? env.prep_s / (double)lr.n_docs * 1e3 : 0,
               acc.stats.bf16_bounds ? "bfloat16" : "float");
        if (recall) /* named for the default k; for another -k it is recall@k */
            printf(", \"recall_at_10\": %.4f, \"recall_k\": %zu, \"recall_sample\": %zu, \"recall_s\": %.4f", recall_v, k,
                   recall_got, recall_s);
        puts("}");
    } else {
        printf("fitrank bench — %zu postings (%zu items) × %zu résumés (%zu chunks), d = %zu, k = %zu, %d thread%s, "
               "%s%s, batches of %zu, model %s\n",
               P.n, P.n_units, acc.n_res, acc.n_chunks, P.dim, k, threads, threads == 1 ? "" : "s",
               cosine ? "cosine" : "full",
               cosine ? "" : exhaustive ? ", exhaustive" : acc.stats.pruned ? ", pruned" : ", every pair (small pool)", batch,
               fr_model_hash(env.model));
        printf("  %-24s %10.1f GFLOP/s   OpenBLAS's %s kernels\n", "sgemm peak (2048³)", peak, core);
        if (!np)
            printf("  %-24s %10.3f s   %.1f MB, seed %llu\n", "generate", gen_s, gen_bytes / 1e6, (unsigned long long)seed);
        if (dim)
            printf("  %-24s %10.3f s\n", "fit (model of dim D)", fit_s);
        printf("  %-24s %10.3f s   (summed over threads)\n", "parse", parse_s);
        printf("  %-24s %10.3f s   %.3f ms per résumé per core\n", "prepare (wall)", lp.prepare_s + lr.prepare_s,
               lr.n_docs ? env.prep_s / (double)lr.n_docs * 1e3 : 0);
        printf("  %-24s %10.3f s   %.1f MB/s\n", "tokenize + vectorize", vec_s, vec_s > 0 ? bytes / vec_s / 1e6 : 0);
        printf("  %-24s %10.3f s\n", "projection", proj_s);
        if (cosine)
            printf("  %-24s %10.3f s\n", "score (cosine)", score_s);
        else
            printf("  %-24s %10.3f s   %.1f GFLOP/s = %.2f of peak (sgemm tiles alone %.1f GFLOP/s)\n", "score", score_s,
                   score_gflops, peak > 0 ? score_gflops / peak : 0, tile_gflops);
        printf("  %-24s %10.3f s   (canonical refinement, part of score; its bounds from %s products)\n", "top-k",
               topk_s, acc.stats.bf16_bounds ? "bfloat16" : "float");
        printf("  %-24s %10.3f s\n", "output (JSONL)", output_s);
        printf("  %-24s %10.3f s   %.0f pairs/s, peak RSS %.0f MB\n", "total", total_s, pairs / score_s, rss_mb);
        if (recall)
            printf("  %-24s %10.4f     of the exhaustive top %zu of %zu postings (%.1f s, not in the total)\n",
                   "recall@k", recall_v, k, recall_got, recall_s);
    }
done:
    fr_input_free(in);
    fr_buf_free(&text);
    gen_free(&g);
    cli_rows_free(&rows);
    fr_docset_free(&P);
    fr_docset_free(&R);
    cli_parts_free(&acc.parts);
    cli_batch_free(&acc.pending);
    cli_env_close(&env);
out:
    free(posts);
    free(res);
    return rc;
}
