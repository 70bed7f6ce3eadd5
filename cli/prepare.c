/* cli/prepare.c — documents prepared (parsed, vectorised, projected) on all threads.
 *
 * Reading stays sequential (the input layer streams); each document is copied into a batch, the
 * batch is cut into one contiguous range per thread, each thread prepares its range into a set of
 * its own with a builder of its own (model and lexicon are shared read-only; both kept for the
 * batch's next call, the set emptied but its memory kept) — a thread done first takes the second
 * half of what another has left, into a set appended to that range's after the join — and the
 * sets are appended in order — so the result, ids and ties included, is the one a single thread
 * gives.
 * Errors and notes are reported after the join, in document order, exactly as the sequential path
 * words them. */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/prepare.h"
#include "cli/spill.h"
#include "util/clock.h"
#include "util/parallel.h"

static char *dup_n(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (p) {
        if (n)
            memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

static uint32_t *dup_u32(const uint32_t *v, size_t n)
{
    uint32_t *p = malloc((n ? n : 1) * sizeof *p);
    if (p && n)
        memcpy(p, v, n * sizeof *p);
    return p;
}

static void owned_free(cli_owned_doc *o)
{
    free((void *)o->d.id);
    free((void *)o->d.text);
    free((void *)o->d.path);
    free((void *)o->d.title);
    free((void *)o->d.src_start);
    free((void *)o->d.src_end);
    free((void *)o->d.alt_text);
    memset(o, 0, sizeof *o);
}

fr_status cli_batch_push(cli_batch *b, const fr_doc *d, fr_error *err)
{
    if (b->n == b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 256;
        cli_owned_doc *v = realloc(b->docs, cap * sizeof *v);
        if (!v)
            return fr_fail(err, FR_ENOMEM, "out of memory");
        b->docs = v;
        b->cap = cap;
    }
    cli_owned_doc *o = &b->docs[b->n];
    memset(o, 0, sizeof *o);
    o->d = *d;
    o->d.id = dup_n(d->id, d->id_len);
    o->d.text = dup_n(d->text, d->len);
    o->d.path = d->path ? dup_n(d->path, strlen(d->path)) : NULL;
    o->d.title = d->title ? dup_n(d->title, strlen(d->title)) : NULL;
    o->d.src_start = d->src_start ? dup_u32(d->src_start, d->len) : NULL;
    o->d.src_end = d->src_end ? dup_u32(d->src_end, d->len) : NULL;
    o->d.alt_text = d->alt_text ? dup_n(d->alt_text, d->alt_len) : NULL;
    if (!o->d.id || !o->d.text || (d->path && !o->d.path) || (d->title && !o->d.title) ||
        (d->src_start && !o->d.src_start) || (d->src_end && !o->d.src_end) || (d->alt_text && !o->d.alt_text)) {
        owned_free(o);
        return fr_fail(err, FR_ENOMEM, "out of memory");
    }
    b->n++;
    return FR_OK;
}

void cli_batch_clear(cli_batch *b)
{
    for (size_t i = 0; i < b->n; i++)
        owned_free(&b->docs[i]);
    b->n = 0;
}

struct cli_prep_slot {
    fr_docset_builder *builder;
    fr_docset set;
    int ready;                 /* set initialised (for kind) */
    double bytes, vs, ps;      /* the builder's totals as last reported (they accumulate) */
};

void cli_batch_free(cli_batch *b)
{
    cli_batch_clear(b);
    free(b->docs);
    for (size_t t = 0; t < b->n_slots; t++) {
        fr_docset_builder_free(b->slots[t].builder);
        fr_docset_free(&b->slots[t].set);
    }
    free(b->slots);
    memset(b, 0, sizeof *b);
}

/* Documents [i0, i1) of another thread's slice, prepared by a thread that had finished its own
 * into a set of its own, appended to the slice's set after the join (prepare_part). */
typedef struct steal {
    size_t i0, i1;
    fr_docset set;
    int ready;           /* set initialised */
    fr_status st;        /* a fatal error preparing the range (its document's status says which) */
    struct steal *next;
} steal_t;

typedef struct part {
    cli_env env;            /* a shallow copy with a builder of its own */
    cli_batch *b;
    int kind, skip_bad;
    size_t i0, i1;
    fr_docset *set;         /* the thread's slot's */
    fr_status st;
    fr_error err;           /* st's message when it is not one document's */
    double secs;
    const cli_parts *spill; /* the slice goes to a file of its own (file_no), mapped; NULL: to out */
    size_t file_no;
    fr_docset mapped;
    int has_mapped;
    struct part *all;       /* every thread's part (nall), for taking work from the others */
    size_t nall;
    pthread_mutex_t mu;     /* guards next, end and stolen */
    size_t next, end;       /* the slice's next document its owner prepares, and where it stops */
    steal_t *stolen;        /* ranges of the slice's end others took, in no order */
} part_t;

/* At least n slots in b (before any pointer into them is taken: they may move). */
static fr_status slots_reserve(cli_batch *b, size_t n, fr_error *err)
{
    if (n <= b->n_slots)
        return FR_OK;
    struct cli_prep_slot *v = realloc(b->slots, n * sizeof *v);
    if (!v)
        return fr_fail(err, FR_ENOMEM, "out of memory");
    memset(v + b->n_slots, 0, (n - b->n_slots) * sizeof *v);
    b->slots = v;
    b->n_slots = n;
    return FR_OK;
}

/* Slot t of b ready to prepare documents of `kind` into an empty set. */
static fr_status slot_ready(cli_batch *b, size_t t, cli_env *e, int kind, fr_error *err)
{
    struct cli_prep_slot *s = &b->slots[t];
    if (!s->builder) {
        fr_status st = fr_docset_builder_new(e->model, e->lx, &s->builder, err);
        if (st != FR_OK)
            return st;
        s->bytes = s->vs = s->ps = 0;
    }
    if (s->ready && s->set.kind == kind) {
        fr_docset_clear(&s->set);
        return FR_OK;
    }
    fr_docset_free(&s->set);
    s->ready = 0;
    fr_status st = fr_docset_init(&s->set, kind, e->model, e->lx, err);
    s->ready = st == FR_OK;
    return st;
}

/* Document i of the batch into set: FR_OK, or a fatal error (out of memory, a bad document
 * without --invalid skip, or one after the document was half added); the document's own status
 * and message stay with it, for the report in document order. */
static fr_status prepare_doc(part_t *t, fr_docset *set, size_t i)
{
    cli_owned_doc *o = &t->b->docs[i];
    size_t units = set->n_units, ids = set->id.n;
    o->st = cli_add_doc(&t->env, set, &o->d, &o->err);
    if (o->st != FR_OK)
        return o->st == FR_ENOMEM || !t->skip_bad || set->id.n != ids ? o->st : FR_OK;
    o->no_items = t->kind == FR_SET_POSTINGS && set->n_units == units;
    return FR_OK;
}

/* A thread's range taken from the end of what another has left: at least this many documents. */
enum { STEAL_MIN = 8 };

/* Take the second half of what the slice with the most left has (at least STEAL_MIN documents) and
 * prepare it into a set of its own; 0 when there is nothing worth taking (or no memory to). */
static int steal_some(part_t *t)
{
    part_t *v = NULL;
    size_t most = 0;
    for (size_t k = 0; k < t->nall; k++) {
        part_t *u = &t->all[k];
        if (u == t)
            continue;
        pthread_mutex_lock(&u->mu);
        size_t left = u->end - u->next;
        pthread_mutex_unlock(&u->mu);
        if (left > most) {
            most = left;
            v = u;
        }
    }
    if (!v || most < 2 * STEAL_MIN)
        return 0;
    steal_t *s = calloc(1, sizeof *s);
    if (!s)
        return 0;
    pthread_mutex_lock(&v->mu);
    size_t left = v->end - v->next;
    if (left >= 2 * STEAL_MIN) {
        s->i0 = v->end - left / 2;
        s->i1 = v->end;
        v->end = s->i0;
        s->next = v->stolen; /* the slice's now, whatever happens to its preparation */
        v->stolen = s;
    }
    pthread_mutex_unlock(&v->mu);
    if (!s->i1) {
        free(s);
        return 1; /* it went meanwhile: look again */
    }
    fr_error err = {0};
    s->st = fr_docset_init(&s->set, v->kind, t->env.model, t->env.lx, &err);
    s->ready = s->st == FR_OK;
    if (s->ready) {
        s->set.keep_src = v->set->keep_src;
        s->set.lazy_units = v->set->lazy_units;
    }
    for (size_t i = s->i0; i < s->i1 && s->st == FR_OK; i++)
        s->st = prepare_doc(t, &s->set, i);
    return s->st == FR_OK;
}

/* A thread's slice in order, then — while another has a good part of its own left — the second
 * half of that, taken from its end: the two vCPUs of these machines run at different speeds (one
 * ~30 % slower in a kernel measured on each at once), and with fixed slices the faster one idled
 * at every batch's end.  What a slice holds, so every part and output, is the same whoever
 * prepares its documents. */
static void *prepare_part(void *arg)
{
    part_t *t = arg;
    double t0 = fr_now();
    for (;;) {
        pthread_mutex_lock(&t->mu);
        size_t i = t->next < t->end ? t->next++ : SIZE_MAX;
        pthread_mutex_unlock(&t->mu);
        if (i == SIZE_MAX)
            break;
        if ((t->st = prepare_doc(t, t->set, i)) != FR_OK) {
            pthread_mutex_lock(&t->mu);
            t->end = t->next; /* nothing after it is taken */
            pthread_mutex_unlock(&t->mu);
            break;
        }
    }
    while (t->st == FR_OK && steal_some(t))
        ;
    t->secs = fr_now() - t0; /* preparing (the spill is the batch's, not the documents') */
    return NULL;
}

/* After the join: the ranges others took appended to the slice's set, in order (the first error
 * of its documents into t->st), then its file. */
static void *finish_part(void *arg)
{
    part_t *t = arg;
    /* each range was taken from the slice's end as it then stood, before the ranges taken earlier,
     * and put at the list's head: the list is in document order */
    while (t->stolen) {
        steal_t *s = t->stolen;
        t->stolen = s->next;
        if (t->st == FR_OK && s->st != FR_OK)
            t->st = s->st;
        if (t->st == FR_OK && s->set.n) {
            fr_status a = fr_docset_append(t->set, &s->set, &t->err);
            if (a != FR_OK)
                t->st = a;
        }
        if (s->ready)
            fr_docset_free(&s->set);
        free(s);
    }
    if (t->st == FR_OK && t->spill && t->set->n) {
        t->st = cli_spill_set(t->spill, t->file_no, &t->env, t->set, &t->mapped, &t->err);
        t->has_mapped = t->st == FR_OK;
    }
    return NULL;
}

/* What preparing a document costs, roughly: its bytes (tokenizing, parsing, its chunks all grow
 * with them) and a part of about 512 bytes' worth whatever its length.  Slices of equal cost, not
 * of equal counts: a thread given the longer half of a batch kept the other idle at its end. */
static double doc_cost(const fr_doc *d)
{
    return (double)d->len + 512.0;
}

/* The end of the slice that begins at i0: the first document at which the batch's cost so far
 * reaches `upto` (0: the batch's end). */
static size_t slice_end(const cli_batch *b, size_t i0, double upto)
{
    if (upto <= 0)
        return b->n;
    double acc = 0;
    for (size_t i = 0; i < b->n; i++) { /* from the start: the sums are the same whatever i0 */
        if (i >= i0 && acc >= upto)
            return i;
        acc += doc_cost(&b->docs[i].d);
    }
    return b->n;
}

fr_status cli_batch_prepare(cli_batch *b, cli_env *e, int kind, int threads, fr_docset *out, cli_parts *spill,
                            size_t *n_bad, fr_error *err)
{
    size_t nt = threads < 1 ? 1 : (size_t)threads;
    if (nt > b->n / 16 + 1) /* a thread per 16 documents at least: small batches stay serial */
        nt = b->n / 16 + 1;
    part_t *parts = calloc(nt, sizeof *parts);
    if (!parts)
        return fr_fail(err, FR_ENOMEM, "out of memory");
    double cost_total = 0;
    for (size_t i = 0; i < b->n; i++)
        cost_total += doc_cost(&b->docs[i].d);
    /* résumés keep no chunk vectors where the ranking makes them from the chunks' rows, as it reads
     * them (e->lazy_units: rank and bench but exhaustive or cosine) — spilled batches (their
     * spill was 80 % of them) and the batch kept in memory alike: a pool scored whole makes them
     * a résumé block at a time (engine/rank.c rmajor_unit), the pruned path for its candidates —
     * unless `out` already holds documents that have them */
    int lazy = kind == FR_SET_RESUMES && e->lazy_units && (spill || !out->n || out->lazy_units);
    if (!spill && !out->n && !out->map)
        out->lazy_units = lazy; /* (its slices' sets become it, or are appended to it) */
    fr_status rc = slots_reserve(b, nt, err);
    if (rc == FR_OK && spill)
        rc = cli_parts_dir(spill, err);
    size_t made = 0;
    for (size_t t = 0; t < nt && rc == FR_OK; t++) {
        part_t *p = &parts[t];
        p->env = *e;
        p->env.quiet = 1; /* notes are printed below, in order */
        p->b = b;
        p->kind = kind;
        p->skip_bad = e->skip_bad;
        p->i0 = t ? parts[t - 1].i1 : 0;
        p->i1 = slice_end(b, p->i0, t + 1 == nt ? 0 : cost_total * (double)(t + 1) / (double)nt);
        p->all = parts;
        p->nall = nt;
        p->next = p->i0;
        p->end = p->i1;
        if (pthread_mutex_init(&p->mu, NULL) != 0) {
            rc = fr_fail(err, FR_ENOMEM, "could not prepare the documents: no mutex");
            break;
        }
        made = t + 1;
        if ((rc = slot_ready(b, t, e, kind, err)) != FR_OK)
            break;
        p->env.builder = b->slots[t].builder;
        p->set = &b->slots[t].set;
        p->set->keep_src = out->keep_src;
        p->set->lazy_units = lazy;
        p->spill = spill;
        p->file_no = spill ? cli_parts_file_no(spill) : 0;
        /* room for the slice's chunks — for all the batch's in the first slice's set when it is
         * to become `out` whole (fr_docset_append_take), so that the other slices appended to it
         * fill reserved room instead of growing it by copies (0.76 s of the last batch of 3,616
         * generated résumés on 2 threads) */
        int whole = t == 0 && !spill && out->n == 0;
        size_t bytes = 0, i0 = whole ? 0 : p->i0, i1 = whole ? b->n : p->i1;
        for (size_t i = i0; i < i1; i++)
            bytes += b->docs[i].d.len;
        rc = fr_docset_reserve_text(p->set, i1 - i0, bytes, err);
    }
    if (rc == FR_OK) {
        fr_run_parts(parts, nt, sizeof *parts, prepare_part);
        fr_run_parts(parts, nt, sizeof *parts, finish_part);
    }
    /* report in document order, as the sequential path does: skipped ones and notes on stderr, the
     * first fatal one in err */
    for (size_t i = 0; rc == FR_OK && i < b->n; i++) {
        cli_owned_doc *o = &b->docs[i];
        if (o->st == FR_OK) {
            if (o->no_items && !e->quiet && !e->plain) /* cosine mode reads no items */
                cli_no_items_add(&e->no_items, o->d.id, o->d.id_len);
            continue;
        }
        if (o->st == FR_ENOMEM || !e->skip_bad) {
            if (o->err.has_offset)
                rc = fr_fail(err, o->st, "%s:%zu: %s", o->d.path, o->d.offset + o->err.offset, o->err.msg);
            else {
                *err = o->err;
                rc = o->st;
            }
            break;
        }
        if (o->err.has_offset)
            cli_err(FR_EXIT_INPUT, "skipped: %s:%zu: %s", o->d.path, o->d.offset + o->err.offset, o->err.msg);
        else
            cli_err(FR_EXIT_INPUT, "skipped: %s", o->err.msg);
        (*n_bad)++;
    }
    for (size_t t = 0; rc == FR_OK && t < nt; t++)
        if (parts[t].st != FR_OK) {
            if (parts[t].err.msg[0]) { /* the slice's file */
                *err = parts[t].err;
                rc = parts[t].st;
            } else
                rc = fr_fail(err, parts[t].st, "could not prepare the documents");
        }
    /* in order: the slices' mapped files become parts, or the slices are appended to out */
    for (size_t t = 0; t < made; t++) {
        if (spill && parts[t].has_mapped) {
            if (rc == FR_OK)
                rc = cli_parts_push(spill, e, &parts[t].mapped, err);
            else
                fr_docset_free(&parts[t].mapped);
        } else if (!spill && rc == FR_OK)
            rc = fr_docset_append_take(out, parts[t].set, err);
    }
    for (size_t t = 0; t < made && t < b->n_slots; t++) {
        struct cli_prep_slot *s = &b->slots[t];
        double bytes = 0, vs = 0, ps = 0;
        if (s->builder)
            fr_docset_builder_stats(s->builder, &bytes, &vs, &ps);
        e->prep_bytes += bytes - s->bytes;
        e->prep_vec_s += vs - s->vs;
        e->prep_proj_s += ps - s->ps;
        s->bytes = bytes;
        s->vs = vs;
        s->ps = ps;
        e->prep_s += parts[t].secs;
        if (s->ready)
            fr_docset_clear(&s->set); /* its documents are in out; its memory stays for the next call */
    }
    for (size_t t = 0; t < made; t++)
        pthread_mutex_destroy(&parts[t].mu);
    free(parts);
    cli_batch_clear(b);
    return rc;
}
