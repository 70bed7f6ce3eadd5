/* bench/bench_tokenize.c — single-core throughput of the tokenizer and TF-IDF vectorizer.
 *
 * Usage: bench_tokenize [--repeat R] [--cpu-time] [--text-column COLS] INPUT...
 *
 * Loads every document into memory first (I/O is not measured), pins itself to one CPU, then
 * times R runs of each phase and reports the median:
 *   tokenize           fr_tokenize, default options (ASCII fast path)
 *   tokenize_utf8proc  the same with force_utf8proc (what the fast path saves)
 *   fit                tokenize + count document frequencies + build the model
 *   vectorize          tokenize + TF-IDF rows under the fitted model (transform only)
 * MB = input bytes / 1e6.  Prints one JSON object.  --cpu-time times the process's CPU time instead
 * of the wall clock: on a machine others share, a phase is not charged for the time it waited
 * (an A/B comparison under load; cache sharing still shows). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine/input.h"
#include "models/model.h"
#include "tokenizer/tokenizer.h"

typedef struct {
    char **text;
    size_t *len;
    size_t n, cap, bytes;
} corpus;

static double now(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_d);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void die(const char *what, const fr_error *e)
{
    fprintf(stderr, "bench_tokenize: %s: %s\n", what, e->msg);
    exit(1);
}

static size_t run_tokenize(const corpus *c, int force)
{
    fr_tok_opts o;
    fr_tok_opts_default(&o);
    o.force_utf8proc = force;
    fr_tokenizer *t;
    fr_error e = {0};
    if (fr_tokenizer_new(&o, &t, &e) != FR_OK)
        die("tokenizer", &e);
    size_t ntok = 0;
    for (size_t i = 0; i < c->n; i++) {
        fr_tokens toks;
        if (fr_tokenize(t, c->text[i], c->len[i], &toks, &e) != FR_OK)
            die("tokenize", &e);
        ntok += toks.n;
    }
    fr_tokenizer_free(t);
    return ntok;
}

static fr_model *run_fit(const corpus *c)
{
    fr_fit_opts o;
    fr_fit_opts_default(&o);
    o.dim = 0; /* this benchmark measures counting; the projection is measured on its own */
    fr_fitter *f;
    fr_model *m;
    fr_error e = {0};
    if (fr_fitter_new(&o, &f, &e) != FR_OK)
        die("fitter", &e);
    for (size_t i = 0; i < c->n; i++)
        if (fr_fitter_add(f, c->text[i], c->len[i], &e) != FR_OK)
            die("fit", &e);
    if (fr_fitter_finish(f, &m, &e) != FR_OK)
        die("fit", &e);
    fr_fitter_free(f);
    return m;
}

static size_t run_vectorize(const corpus *c, const fr_model *m)
{
    fr_vectorizer *v;
    fr_error e = {0};
    if (fr_vectorizer_new(m, &v, &e) != FR_OK)
        die("vectorizer", &e);
    size_t nnz = 0;
    for (size_t i = 0; i < c->n; i++) {
        fr_sparse row;
        if (fr_vectorize(v, c->text[i], c->len[i], &row, &e) != FR_OK)
            die("vectorize", &e);
        nnz += row.n;
    }
    fr_vectorizer_free(v);
    return nnz;
}

int main(int argc, char **argv)
{
    int repeat = 5, a = 1;
    clockid_t clock = CLOCK_MONOTONIC;
    fr_input_opts io;
    fr_input_opts_default(&io);
    io.invalid = FR_INVALID_REPLACE;
    for (; a < argc && argv[a][0] == '-' && argv[a][1]; a++) {
        if (strcmp(argv[a], "--repeat") == 0 && a + 1 < argc)
            repeat = atoi(argv[++a]);
        else if (strcmp(argv[a], "--cpu-time") == 0)
            clock = CLOCK_PROCESS_CPUTIME_ID;
        else if (strcmp(argv[a], "--text-column") == 0 && a + 1 < argc)
            io.text_column = argv[++a];
        else {
            fprintf(stderr, "usage: bench_tokenize [--repeat R] [--cpu-time] [--text-column COLS] INPUT...\n");
            return 2;
        }
    }
    if (a >= argc || repeat < 1 || repeat > 101) {
        fprintf(stderr, "usage: bench_tokenize [--repeat R (1..101)] [--cpu-time] [--text-column COLS] INPUT...\n");
        return 2;
    }
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(0, &set);
    int pinned = sched_setaffinity(0, sizeof set, &set) == 0;

    corpus c = {0};
    fr_input *in;
    fr_error e = {0};
    if (fr_input_open((const char *const *)argv + a, (size_t)(argc - a), &io, &in, &e) != FR_OK)
        die("input", &e);
    for (;;) {
        fr_doc d;
        int more;
        if (fr_input_next(in, &d, &more, &e) != FR_OK)
            die("input", &e);
        if (!more)
            break;
        if (c.n == c.cap) {
            c.cap = c.cap ? c.cap * 2 : 1024;
            c.text = realloc(c.text, c.cap * sizeof *c.text);
            c.len = realloc(c.len, c.cap * sizeof *c.len);
            if (!c.text || !c.len)
                return 3;
        }
        c.text[c.n] = malloc(d.len + 1);
        if (!c.text[c.n])
            return 3;
        memcpy(c.text[c.n], d.text, d.len);
        c.len[c.n] = d.len;
        c.bytes += d.len;
        c.n++;
    }
    fr_input_free(in);

    double t_tok[101], t_slow[101], t_fit[101], t_vec[101];
    size_t ntok = 0, nnz = 0, vocab = 0;
    fr_model *m = NULL;
    for (int r = 0; r < repeat; r++) {
        double t0 = now(clock);
        ntok = run_tokenize(&c, 0);
        double t1 = now(clock);
        run_tokenize(&c, 1);
        double t2 = now(clock);
        fr_model *mm = run_fit(&c);
        double t3 = now(clock);
        nnz = run_vectorize(&c, mm);
        double t4 = now(clock);
        t_tok[r] = t1 - t0;
        t_slow[r] = t2 - t1;
        t_fit[r] = t3 - t2;
        t_vec[r] = t4 - t3;
        vocab = fr_model_n_terms(mm);
        fr_model_free(m);
        m = mm;
    }
    double mb = (double)c.bytes / 1e6;
    double tk = median(t_tok, repeat), sl = median(t_slow, repeat), ft = median(t_fit, repeat),
           vc = median(t_vec, repeat);
    printf("{\"docs\": %zu, \"mb\": %.3f, \"tokens\": %zu, \"vocabulary\": %zu, \"nnz\": %zu, \"repeat\": %d, "
           "\"pinned_1_cpu\": %s, \"clock\": \"%s\",\n \"tokenize_s\": %.4f, \"tokenize_mb_s\": %.1f, "
           "\"tokenize_utf8proc_s\": %.4f, \"tokenize_utf8proc_mb_s\": %.1f,\n \"fit_s\": %.4f, \"fit_mb_s\": %.1f, "
           "\"vectorize_s\": %.4f, \"vectorize_mb_s\": %.1f}\n",
           c.n, mb, ntok, vocab, nnz, repeat, pinned ? "true" : "false",
           clock == CLOCK_MONOTONIC ? "wall" : "cpu", tk, mb / tk, sl, mb / sl, ft, mb / ft, vc,
           mb / vc);
    fr_model_free(m);
    for (size_t i = 0; i < c.n; i++)
        free(c.text[i]);
    free(c.text);
    free(c.len);
    return 0;
}
