/* cli/scoring.c — what rank, match, explain and index share: the model (given or embedded), the
 * lexicon, and reading inputs into prepared document sets. */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/prepare.h"
#include "cli/scoring.h"

int cli_env_open(cli_env *e, const char *model_path, fr_error *err)
{
    fr_status s = model_path ? fr_model_load(model_path, &e->model, err) : fr_model_default(&e->model, err);
    if (s == FR_OK)
        s = fr_lexicon_new(&e->lx, err);
    if (s == FR_OK)
        s = fr_docset_builder_new(e->model, e->lx, &e->builder, err);
    return s == FR_OK ? FR_EXIT_OK : cli_fail(err);
}

fr_input_opts cli_env_io(const cli_env *e, int kind)
{
    return cli_side_io(&e->io, &e->side[kind == FR_SET_POSTINGS ? 0 : 1]);
}

void cli_env_notes(const cli_env *e) { cli_no_items_note(&e->no_items); }

void cli_env_close(cli_env *e)
{
    cli_no_items_free(&e->no_items);
    fr_docset_builder_free(e->builder);
    fr_lexicon_free(e->lx);
    fr_model_free(e->model);
    memset(e, 0, sizeof *e);
}

struct load_ctx {
    cli_env *e;
    fr_docset *set;
};

/* Documents are prepared as they are read, a batch at a time: memory holds one batch of texts, and
 * the progress line (cli_each_doc) moves while the slow part, preparation, runs. */
enum { LOAD_BATCH = 2048 };
struct load_batch {
    cli_env *e;
    int kind;
    fr_docset *set;
    cli_batch b;
};

static fr_status load_flush(struct load_batch *lb, fr_error *err)
{
    size_t bad = 0;
    fr_status st = cli_batch_prepare(&lb->b, lb->e, lb->kind, lb->e->threads, lb->set, NULL, &bad, err);
    lb->e->n_bad += bad;
    return st;
}

static fr_status push_one(void *vc, const fr_doc *d, fr_error *err)
{
    struct load_batch *lb = vc;
    fr_status st = cli_batch_push(&lb->b, d, err);
    if (st == FR_OK && lb->b.n >= LOAD_BATCH)
        st = load_flush(lb, err);
    return st;
}

fr_status cli_add_doc(cli_env *e, fr_docset *set, const fr_doc *d, fr_error *err)
{
    struct load_ctx cc = {e, set}, *c = &cc;
    fr_status s;
    if (c->e->plain) {
        char *id = strndup(d->id, d->id_len);
        if (!id)
            return fr_fail(err, FR_ENOMEM, "out of memory");
        s = fr_docset_add_plain(c->set, c->e->builder, id, d->text, d->len, err);
        free(id);
        return s;
    }
    if (c->set->kind == FR_SET_POSTINGS) {
        fr_posting *p;
        if ((s = fr_posting_parse_doc(d, c->e->lx, &p, err)) != FR_OK)
            return s;
        if (p->no_requirements && !c->e->quiet)
            cli_no_items_add(&c->e->no_items, p->id, strlen(p->id));
        s = fr_docset_add_posting(c->set, c->e->builder, p, d->text, d->len, err);
        fr_posting_free(p);
    } else {
        fr_resume *r;
        if ((s = fr_resume_parse_doc(d, c->e->lx, c->e->as_of, &r, err)) != FR_OK)
            return s;
        s = fr_docset_add_resume(c->set, c->e->builder, r, d->text, d->len, err);
        fr_resume_free(r);
    }
    if (s == FR_OK && c->set->keep_src)
        s = fr_docset_add_src(c->set, d, c->e->as_of.year * 100 + c->e->as_of.month, err);
    return s;
}

int cli_load_set(cli_env *e, int kind, const char *const *inputs, size_t n, fr_docset *set)
{
    fr_error err = {0};
    if (n == 1 && fr_index_sniff(inputs[0]))
        return fr_index_map(inputs[0], e->model, e->lx, kind, set, &err) == FR_OK ? FR_EXIT_OK : cli_fail(&err);
    if (fr_docset_init(set, kind, e->model, e->lx, &err) != FR_OK)
        return cli_fail(&err);
    set->keep_src = e->keep_src;
    /* an index file stands for the documents it was built from, in argument order */
    int rc = FR_EXIT_OK;
    for (size_t i = 0; i < n && rc == FR_EXIT_OK; i++) {
        if (fr_index_sniff(inputs[i])) {
            fr_docset ix;
            fr_status st = fr_index_map(inputs[i], e->model, e->lx, kind, &ix, &err);
            if (st == FR_OK) {
                st = fr_docset_append(set, &ix, &err);
                fr_docset_free(&ix);
            }
            if (st != FR_OK)
                rc = cli_fail(&err);
            continue;
        }
        fr_input *in = NULL;
        fr_input_opts io = cli_env_io(e, kind);
        if (fr_input_open(inputs + i, 1, &io, &in, &err) != FR_OK) {
            rc = cli_fail(&err);
            break;
        }
        /* read sequentially, prepare on every thread (cli/prepare.c), a batch at a time */
        struct load_batch lb = {e, kind, set, {0}};
        size_t n_bad = 0;
        rc = e->skip_bad ? cli_each_doc_skip(in, push_one, &lb, &n_bad) : cli_each_doc(in, push_one, &lb);
        if (rc == FR_EXIT_INPUT && e->skip_bad && n_bad) {
            e->n_bad += n_bad;
            rc = FR_EXIT_OK;
        }
        if (rc == FR_EXIT_OK && lb.b.n && load_flush(&lb, &err) != FR_OK)
            rc = cli_fail(&err);
        cli_batch_free(&lb.b);
        if (rc == FR_EXIT_OK)
            cli_input_notes(in);
        fr_input_free(in);
    }
    return rc;
}
