/* cli/cosfit.c — `fitrank rank --mode cosine --fit`: scikit-learn's TfidfVectorizer.fit_transform on
 * postings + résumés and linear_kernel's top k, in one read of the inputs.
 *
 * The calling thread reads and parses the inputs (postings, then résumés: documents are numbered
 * in that order; a JSONL file a piece at a time, so counting starts after its first piece) and
 * hands their texts over in batches; the other threads tokenize and count them,
 * each into a part of its own of a fr_cofit (models/model.h).  The reader counts a batch itself
 * whenever more than BACKLOG wait, so that with N threads N count and no core idles while reading
 * is faster than counting; batches are recycled, so memory holds a few of them whatever the input
 * size (fresh pages cost ~5 µs each to fault in on the machines measured).  Then the vocabulary is
 * fitted and every row built (fr_cofit_finish), the postings ranked against the résumés
 * (fr_cosine_topk) and the rows written as `rank --mode cosine --model` writes them.  The model,
 * the rows and so the output do not depend on the thread count or on which thread counted what. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cosfit.h"
#include "cli/rows.h"
#include "util/clock.h"
#include "util/parallel.h"

/* PIECE_BYTES: a JSONL file is read 1 MiB at a time (fr_input_opts.piece_bytes); 256 KiB measured the same */
enum { BATCH_DOCS = 1024, BATCH_BYTES = 1 << 20, BACKLOG = 2, PIECE_BYTES = 1 << 20 };

typedef struct cbatch {
    fr_buf text;
    size_t *off, *len;   /* per document: its text in `text` */
    size_t n, cap;
    uint64_t first;      /* the number of its first document */
    struct cbatch *next; /* in the queue or the spare list */
} cbatch;

typedef struct {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    cbatch *head, *tail; /* batches waiting */
    size_t queued;
    cbatch *spare;       /* counted batches, for reuse */
    int done;            /* the reader has handed over everything */
    int stop;            /* a failure: the workers stop */
    fr_cofit *f;
    fr_status st;        /* the failure of the lowest document number, if any */
    fr_error err;
    uint64_t err_doc;
} pipe_t;

typedef struct {
    pipe_t *p;
    size_t part;
    /* the reader's (part 0) */
    cli_env *e;
    const cli_cosfit_args *a;
    cbatch *cur;
    uint64_t n_docs, n_postings;
    fr_buf ids;          /* every document's id, NUL-terminated, back to back */
    size_t *id_off;
    size_t id_cap;
    int rc;
    double t_first, t_read; /* --stats: when the first résumé came, when reading ended */
    double cpu;             /* --stats: this thread's CPU seconds in the reading and counting */
} worker;

static void batch_free(cbatch *b)
{
    if (!b)
        return;
    fr_buf_free(&b->text);
    free(b->off);
    free(b->len);
    free(b);
}

static void count_batch(pipe_t *p, size_t part, const cbatch *b)
{
    for (size_t i = 0; i < b->n; i++) {
        fr_error err = {0};
        if (fr_cofit_add(p->f, part, b->first + i, b->text.data + b->off[i], b->len[i], &err) == FR_OK)
            continue;
        pthread_mutex_lock(&p->mu);
        if (p->st == FR_OK || b->first + i < p->err_doc) {
            p->st = err.code ? err.code : FR_ENOMEM;
            p->err = err;
            p->err_doc = b->first + i;
        }
        p->stop = 1;
        pthread_cond_broadcast(&p->cv);
        pthread_mutex_unlock(&p->mu);
        return;
    }
}

/* Take the next waiting batch (the lock held), or NULL. */
static cbatch *pop(pipe_t *p)
{
    cbatch *b = p->stop ? NULL : p->head;
    if (b) {
        p->head = b->next;
        if (!p->head)
            p->tail = NULL;
        p->queued--;
    }
    return b;
}

static void recycle(pipe_t *p, cbatch *b)
{
    b->n = 0;
    fr_buf_reset(&b->text);
    b->next = p->spare;
    p->spare = b;
}

/* Count waiting batches on this thread while more than `keep` wait. */
static void help(pipe_t *p, size_t part, size_t keep)
{
    pthread_mutex_lock(&p->mu);
    while (p->queued > keep) {
        cbatch *b = pop(p);
        if (!b)
            break;
        pthread_mutex_unlock(&p->mu);
        count_batch(p, part, b);
        pthread_mutex_lock(&p->mu);
        recycle(p, b);
    }
    pthread_mutex_unlock(&p->mu);
}

/* Queue b; FR_OK, or (b queued all the same) the failure of a counting thread, which stops the
 * reading: its message in *err, as out of memory (the only way counting fails on text the reader
 * has checked), so that --skip-bad does not take it for a bad document. */
static fr_status hand_over(pipe_t *p, cbatch *b, fr_error *err)
{
    pthread_mutex_lock(&p->mu);
    b->next = NULL;
    if (p->tail)
        p->tail->next = b;
    else
        p->head = b;
    p->tail = b;
    p->queued++;
    pthread_cond_signal(&p->cv);
    fr_status st = p->st != FR_OK ? fr_fail(err, FR_ENOMEM, "%s", p->err.msg[0] ? p->err.msg : "out of memory") : FR_OK;
    pthread_mutex_unlock(&p->mu);
    return st;
}

static fr_status push_doc(void *ctx, const fr_doc *d, fr_error *err)
{
    worker *w = ctx;
    pipe_t *p = w->p;
    if (w->n_docs >= UINT32_MAX - 2)
        return fr_fail(err, FR_EINVAL, "too many documents (limit %u)", UINT32_MAX - 2);
    if (w->n_docs == w->id_cap) {
        size_t cap = w->id_cap ? w->id_cap * 2 : 4096;
        size_t *o = realloc(w->id_off, cap * sizeof *o);
        if (!o)
            return fr_fail(err, FR_ENOMEM, "out of memory");
        w->id_off = o;
        w->id_cap = cap;
    }
    if (w->n_docs == w->n_postings && w->n_postings && w->t_first == 0.0) /* the first résumé (n_postings set) */
        w->t_first = fr_now();
    w->id_off[w->n_docs] = w->ids.len;
    if (fr_buf_append(&w->ids, d->id, d->id_len) != FR_OK || fr_buf_putc(&w->ids, '\0') != FR_OK)
        return fr_fail(err, FR_ENOMEM, "out of memory");
    if (!w->cur) {
        pthread_mutex_lock(&p->mu);
        w->cur = p->spare;
        if (w->cur)
            p->spare = w->cur->next;
        pthread_mutex_unlock(&p->mu);
        if (!w->cur && !(w->cur = calloc(1, sizeof *w->cur)))
            return fr_fail(err, FR_ENOMEM, "out of memory");
        w->cur->first = w->n_docs;
    }
    cbatch *b = w->cur;
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 256;
        size_t *off = realloc(b->off, cap * sizeof *off);
        if (off)
            b->off = off;
        size_t *len = realloc(b->len, cap * sizeof *len);
        if (len)
            b->len = len;
        if (!off || !len)
            return fr_fail(err, FR_ENOMEM, "out of memory");
        b->cap = cap;
    }
    b->off[b->n] = b->text.len;
    b->len[b->n] = d->len;
    /* FR_TOKENS_PAD bytes after each text are not needed: the tokenizer copies what it keeps */
    if (fr_buf_append(&b->text, d->text, d->len) != FR_OK)
        return fr_fail(err, FR_ENOMEM, "out of memory");
    b->n++;
    w->n_docs++;
    if (b->n >= BATCH_DOCS || b->text.len >= BATCH_BYTES) {
        w->cur = NULL;
        if (hand_over(p, b, err) != FR_OK)
            return FR_ENOMEM;
        help(p, 0, BACKLOG);
    }
    return FR_OK;
}

/* The documents of one side; an exit code. */
static int read_side(worker *w, int kind, const char *const *inputs, size_t n)
{
    cli_env *e = w->e;
    for (size_t i = 0; i < n; i++)
        if (fr_index_sniff(inputs[i]))
            return cli_usage_err("rank",
                                 "%s is an index: --fit reads documents (an index holds rows under the model it was "
                                 "built with); give the documents, or rank the index with --model",
                                 inputs[i]);
    fr_error err = {0};
    fr_input *in = NULL;
    fr_input_opts io = cli_env_io(e, kind);
    /* JSONL in pieces: counting starts after the first piece, not after the whole file is read and
     * checked (~0.1 s for 100 MB, with the other core idle).  Not with --skip-bad: a file found bad
     * further on is then left out whole, which reading in pieces cannot do once its first
     * documents are counted */
    if (!e->skip_bad)
        io.piece_bytes = PIECE_BYTES;
    if (fr_input_open(inputs, n, &io, &in, &err) != FR_OK)
        return cli_fail(&err);
    size_t n_bad = 0;
    int rc = e->skip_bad ? cli_each_doc_skip(in, push_doc, w, &n_bad) : cli_each_doc(in, push_doc, w);
    if (rc == FR_EXIT_INPUT && e->skip_bad && n_bad) {
        e->n_bad += n_bad;
        rc = FR_EXIT_OK;
    }
    if (rc == FR_EXIT_OK)
        cli_input_notes(in);
    fr_input_free(in);
    return rc;
}

static void *run_part(void *arg)
{
    worker *w = arg;
    pipe_t *p = w->p;
    if (w->part == 0) { /* the reader */
        const cli_cosfit_args *a = w->a;
        w->rc = read_side(w, FR_SET_POSTINGS, a->postings, a->n_postings);
        w->n_postings = w->n_docs;
        if (w->rc == FR_EXIT_OK)
            w->rc = read_side(w, FR_SET_RESUMES, a->resumes, a->n_resumes);
        w->t_read = fr_now();
        fr_error ignored = {0}; /* a counting failure is reported from p->st */
        if (w->cur && w->cur->n)
            (void)hand_over(p, w->cur, &ignored);
        else
            batch_free(w->cur);
        w->cur = NULL;
        pthread_mutex_lock(&p->mu);
        p->done = 1;
        if (w->rc != FR_EXIT_OK)
            p->stop = 1;
        pthread_cond_broadcast(&p->cv);
        pthread_mutex_unlock(&p->mu);
        help(p, 0, 0);
        w->cpu = fr_thread_cpu();
        return NULL;
    }
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->head && !p->done && !p->stop)
            pthread_cond_wait(&p->cv, &p->mu);
        cbatch *b = pop(p);
        if (!b)
            break;
        pthread_mutex_unlock(&p->mu);
        count_batch(p, w->part, b);
        pthread_mutex_lock(&p->mu);
        recycle(p, b);
    }
    pthread_mutex_unlock(&p->mu);
    w->cpu = fr_thread_cpu();
    return NULL;
}

int cli_cosine_fit(cli_env *e, const cli_cosfit_args *a)
{
    size_t T = a->threads > 1 ? (size_t)a->threads : 1;
    fr_error err = {0};
    pipe_t p;
    memset(&p, 0, sizeof p);
    worker *w = calloc(T, sizeof *w);
    const char **pids = NULL;
    fr_row_ref *rows = NULL;
    fr_topk *tops = NULL;
    size_t nq = 0;
    cli_rows out_rows;
    memset(&out_rows, 0, sizeof out_rows);
    fr_outfile out = {0};
    int rc = FR_EXIT_OK, locks = 0;
    fr_fit_opts fo = *a->fit;
    fo.tok.invalid = FR_INVALID_STRICT; /* inputs are checked (and repaired) by the reader */
    double t0 = fr_now();
    if (!w) {
        rc = cli_err(FR_EXIT_OUTPUT, "out of memory");
        goto done;
    }
    if (fr_cofit_new(&fo, T, &p.f, &err) != FR_OK) {
        rc = cli_fail(&err);
        goto done;
    }
    if (pthread_mutex_init(&p.mu, NULL) != 0) {
        rc = cli_err(FR_EXIT_OUTPUT, "cannot set up threads");
        goto done;
    }
    if (pthread_cond_init(&p.cv, NULL) != 0) {
        pthread_mutex_destroy(&p.mu);
        rc = cli_err(FR_EXIT_OUTPUT, "cannot set up threads");
        goto done;
    }
    locks = 1;
    for (size_t i = 0; i < T; i++)
        w[i] = (worker){.p = &p, .part = i, .e = e, .a = a};
    fr_run_parts(w, T, sizeof *w, run_part);
    if ((rc = w[0].rc) != FR_EXIT_OK)
        goto done;
    if (p.st != FR_OK) {
        rc = p.st == FR_ENOMEM ? FR_EXIT_OUTPUT : FR_EXIT_INPUT;
        cli_err(rc, "%s: %s", w[0].ids.data + w[0].id_off[p.err_doc], p.err.msg[0] ? p.err.msg : fr_strerror(p.st));
        goto done;
    }
    double t1 = fr_now();
    if (fr_cofit_finish(p.f, a->threads, &err) != FR_OK) {
        rc = err.code == FR_ENOMEM ? FR_EXIT_OUTPUT : FR_EXIT_INPUT;
        cli_err(rc, "%s", err.msg);
        goto done;
    }
    double t2 = fr_now();
    const fr_model *m = fr_cofit_model(p.f);
    uint64_t n = fr_cofit_n_docs(p.f);
    nq = (size_t)w[0].n_postings;
    size_t nd = (size_t)(n - nq), k = a->k < nd ? a->k : nd; /* no more hits than résumés */
    pids = malloc((nq ? nq : 1) * sizeof *pids);
    rows = malloc((size_t)(n ? n : 1) * sizeof *rows);
    tops = calloc(nq ? nq : 1, sizeof *tops);
    if (!pids || !rows || !tops) {
        rc = cli_err(FR_EXIT_OUTPUT, "out of memory");
        goto done;
    }
    for (size_t q = 0; q < nq; q++)
        pids[q] = w[0].ids.data + w[0].id_off[q];
    for (uint64_t d = 0; d < n; d++)
        rows[d].e = fr_cofit_row(p.f, d, &rows[d].n);
    for (size_t q = 0; q < nq; q++)
        if (fr_topk_init(&tops[q], k) != FR_OK) {
            rc = cli_err(FR_EXIT_OUTPUT, "out of memory");
            goto done;
        }
    if (fr_cosine_topk(rows, nq, rows + nq, nd, fr_model_n_terms(m), a->threads, tops, &err) != FR_OK ||
        cli_rows_init_named(&out_rows, pids, m, nq, a->k, &err) != FR_OK) {
        rc = cli_fail(&err);
        goto done;
    }
    for (size_t q = 0; q < nq; q++) {
        size_t nh = fr_topk_sort(&tops[q]);
        for (size_t i = 0; i < nh; i++) {
            uint32_t r = tops[q].id[i];
            if (cli_rows_add_cosine(&out_rows, q, w[0].ids.data + w[0].id_off[nq + r], r, tops[q].val[i], &err) !=
                FR_OK) {
                rc = cli_fail(&err);
                goto done;
            }
        }
    }
    double t3 = fr_now();
    if (cli_outfile_open(&out, a->out_path, &err) != FR_OK) {
        rc = cli_err(FR_EXIT_OUTPUT, "%s", err.msg);
        goto done;
    }
    rc = cli_rows_write(&out_rows, out.fp, a->fmt);
    if (rc == FR_EXIT_OK && fr_outfile_commit(&out, &err) != FR_OK)
        rc = cli_err(FR_EXIT_OUTPUT, "%s", err.msg);
    double wcpu = 0.0; /* the counting threads' CPU seconds: with the wall time, how busy they were */
    for (size_t i = 1; i < T; i++)
        wcpu += w[i].cpu;
    if (rc == FR_EXIT_OK && a->stats)
        fprintf(stderr,
                "{\"postings\": %zu, \"resumes\": %zu, \"terms\": %zu, \"threads\": %d, \"first_resume_sec\": %.6f, "
                "\"read_sec\": %.6f, \"read_count_sec\": %.6f, \"reader_cpu_sec\": %.6f, \"counters_cpu_sec\": %.6f, "
                "\"fit_rows_sec\": %.6f, \"rank_sec\": %.6f, \"write_sec\": %.6f}\n",
                nq, nd, fr_model_n_terms(m), a->threads, w[0].t_first != 0.0 ? w[0].t_first - t0 : 0.0, w[0].t_read - t0,
                t1 - t0, w[0].cpu, wcpu, t2 - t1, t3 - t2, fr_now() - t3);
    if (rc == FR_EXIT_OK && e->n_bad) {
        cli_note("%zu bad document%s left out (see above)", e->n_bad, e->n_bad == 1 ? "" : "s");
        rc = FR_EXIT_INPUT;
    }
done:
    fr_outfile_abort(&out);
    cli_rows_free(&out_rows);
    for (size_t q = 0; tops && q < nq; q++)
        fr_topk_free(&tops[q]);
    free(tops);
    free(rows);
    free(pids);
    while (p.head) {
        cbatch *b = p.head;
        p.head = b->next;
        batch_free(b);
    }
    while (p.spare) {
        cbatch *b = p.spare;
        p.spare = b->next;
        batch_free(b);
    }
    if (w) {
        batch_free(w[0].cur);
        fr_buf_free(&w[0].ids);
        free(w[0].id_off);
    }
    free(w);
    fr_cofit_free(p.f);
    if (locks) {
        pthread_cond_destroy(&p.cv);
        pthread_mutex_destroy(&p.mu);
    }
    return rc;
}
