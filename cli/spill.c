/* cli/spill.c — batches spilled to temporary index files (see spill.h). */
#include "cli/spill.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

static fr_status make_dir(cli_parts *p, fr_error *err)
{
    const char *tmp = getenv("TMPDIR");
    if (!tmp || !*tmp)
        tmp = "/tmp";
    size_t n = strlen(tmp) + sizeof "/fitrank-XXXXXX";
    p->dir = malloc(n);
    if (!p->dir)
        return fr_fail(err, FR_ENOMEM, "out of memory");
    snprintf(p->dir, n, "%s/fitrank-XXXXXX", tmp);
    if (!cli_mkdtemp(p->dir)) { /* a signal removes it (cli/signals.c) */
        fr_status s = fr_fail(err, FR_EIO, "%s: cannot make a temporary directory for prepared batches: %s", tmp,
                              strerror(errno));
        free(p->dir);
        p->dir = NULL;
        return s;
    }
    return FR_OK;
}

fr_status cli_parts_dir(cli_parts *p, fr_error *err) { return p->dir ? FR_OK : make_dir(p, err); }

size_t cli_parts_file_no(cli_parts *p) { return p->files++; }

fr_status cli_spill_set(const cli_parts *p, size_t no, const cli_env *e, const fr_docset *set, fr_docset *mapped,
                        fr_error *err)
{
    size_t n = strlen(p->dir) + 32;
    char *path = malloc(n);
    if (!path)
        return fr_fail(err, FR_ENOMEM, "out of memory");
    snprintf(path, n, "%s/batch-%zu.fri", p->dir, no);
    memset(mapped, 0, sizeof *mapped);
    cli_tmp_keep(path, 1); /* ours alone (a private directory): a signal removes it even before it exists */
    fr_tmp_hook hook = *cli_tmp_hook();
    hook.scratch = 1; /* mapped at once and unlinked: no fsync, no checksums */
    fr_status s = fr_index_save_with(set, path, &hook, err);
    if (s == FR_OK)
        s = fr_index_map_scratch(path, e->model, e->lx, FR_SET_RESUMES, mapped, err);
    unlink(path); /* the mapping keeps the data; nothing is left behind */
    cli_tmp_keep(path, 0);
    free(path);
    return s;
}

/* Replace the in-memory part i by its index file, mapped. */
static fr_status spill(cli_parts *p, cli_env *e, size_t i, fr_error *err)
{
    fr_status s = cli_parts_dir(p, err);
    if (s != FR_OK)
        return s;
    fr_docset mapped;
    if ((s = cli_spill_set(p, cli_parts_file_no(p), e, &p->part[i], &mapped, err)) != FR_OK)
        return s;
    if (!p->has_spare) {
        fr_docset_clear(&p->part[i]);
        p->spare = p->part[i];
        p->has_spare = 1;
    } else {
        fr_docset_free(&p->part[i]);
    }
    p->part[i] = mapped;
    return FR_OK;
}

fr_status cli_parts_spill(cli_parts *p, cli_env *e, fr_docset *reuse, fr_error *err)
{
    fr_status s = p->n && !p->part[p->n - 1].map ? spill(p, e, p->n - 1, err) : FR_OK;
    if (s == FR_OK && reuse && p->has_spare && reuse->n == 0 && !reuse->map && reuse->kind == p->spare.kind) {
        int keep_src = reuse->keep_src, lazy = reuse->lazy_units;
        fr_docset_free(reuse);
        *reuse = p->spare;
        reuse->keep_src = keep_src;
        reuse->lazy_units = lazy;
        memset(&p->spare, 0, sizeof p->spare);
        p->has_spare = 0;
    }
    return s;
}

static fr_status parts_grow(cli_parts *p, fr_error *err)
{
    if (p->n < p->cap)
        return FR_OK;
    size_t nc = p->cap ? 2 * p->cap : 8;
    fr_docset *np = realloc(p->part, nc * sizeof *np);
    if (!np)
        return fr_fail(err, FR_ENOMEM, "out of memory");
    p->part = np;
    p->cap = nc;
    return FR_OK;
}

fr_status cli_parts_add(cli_parts *p, cli_env *e, fr_docset *batch, fr_error *err)
{
    fr_status s = parts_grow(p, err);
    if (s == FR_OK)
        s = cli_parts_spill(p, e, NULL, err);
    if (s != FR_OK)
        return s;
    p->part[p->n++] = *batch;
    memset(batch, 0, sizeof *batch);
    return FR_OK;
}

void cli_parts_count(const cli_parts *p, size_t from, size_t *docs, size_t *units)
{
    for (size_t i = from; i < p->n; i++) {
        *docs += p->part[i].n;
        *units += p->part[i].n_units;
    }
}

fr_status cli_parts_push(cli_parts *p, cli_env *e, fr_docset *mapped, fr_error *err)
{
    fr_status s = parts_grow(p, err);
    if (s == FR_OK)
        s = cli_parts_spill(p, e, NULL, err); /* (there is none in memory: only the last batch stays) */
    if (s != FR_OK) {
        fr_docset_free(mapped);
        return s;
    }
    p->part[p->n++] = *mapped;
    memset(mapped, 0, sizeof *mapped);
    return FR_OK;
}

fr_status cli_parts_list(const cli_parts *p, const fr_docset ***out, fr_error *err)
{
    const fr_docset **v = malloc((p->n ? p->n : 1) * sizeof *v);
    if (!v)
        return fr_fail(err, FR_ENOMEM, "out of memory");
    for (size_t i = 0; i < p->n; i++)
        v[i] = &p->part[i];
    *out = v;
    return FR_OK;
}

fr_status cli_parts_rank(const cli_parts *p, const fr_docset *P, const fr_model *m, const fr_rank_opts *ro,
                         cli_rows *rows, fr_rank_result *stats, fr_error *err)
{
    const fr_docset **v = NULL;
    fr_rank_result res, sub;
    memset(&res, 0, sizeof res);
    memset(&sub, 0, sizeof sub);
    fr_status st = cli_parts_list(p, &v, err);
    if (st == FR_OK)
        st = fr_rank_parts(P, v, p->n, m, ro, &res, err);
    if (st == FR_OK) {
        sub.n_query = res.n_query;
        sub.start = malloc((res.n_query + 1) * sizeof *sub.start);
        sub.hits = malloc((res.start[res.n_query] + 1) * sizeof *sub.hits);
        if (!sub.start || !sub.hits)
            st = fr_fail(err, FR_ENOMEM, "out of memory");
    }
    /* the rows re-score each hit with its résumé: hand them part by part, positions made local */
    size_t base = 0;
    for (size_t part = 0; st == FR_OK && part < p->n; part++) {
        size_t n = v[part]->n, at = 0;
        for (size_t q = 0; q < res.n_query; q++) {
            sub.start[q] = at;
            for (size_t i = res.start[q]; i < res.start[q + 1]; i++)
                if (res.hits[i].resume >= base && res.hits[i].resume < base + n) {
                    sub.hits[at] = res.hits[i];
                    sub.hits[at++].resume -= (uint32_t)base;
                }
        }
        sub.start[res.n_query] = at;
        st = cli_rows_add(rows, &sub, v[part], base, err);
        base += n;
    }
    *stats = res;
    stats->start = NULL;
    stats->hits = NULL;
    fr_rank_result_free(&res);
    fr_rank_result_free(&sub);
    free(v);
    return st;
}

void cli_parts_free(cli_parts *p)
{
    for (size_t i = 0; i < p->n; i++)
        fr_docset_free(&p->part[i]);
    fr_docset_free(&p->spare);
    free(p->part);
    if (p->dir) {
        rmdir(p->dir);
        cli_tmp_keep(p->dir, 0);
    }
    free(p->dir);
    memset(p, 0, sizeof *p);
}
