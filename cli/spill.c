/* cli/spill.c — batches spilled to temporary index files (see spill.h). */
#include "cli/spill.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
    if (!mkdtemp(p->dir)) {
        fr_status s = fr_fail(err, FR_EIO, "%s: cannot make a temporary directory for prepared batches: %s", tmp,
                              strerror(errno));
        free(p->dir);
        p->dir = NULL;
        return s;
    }
    return FR_OK;
}

/* Replace the in-memory part i by its index file, mapped. */
static fr_status spill(cli_parts *p, cli_env *e, size_t i, fr_error *err)
{
    if (!p->dir) {
        fr_status s = make_dir(p, err);
        if (s != FR_OK)
            return s;
    }
    size_t n = strlen(p->dir) + 32;
    char *path = malloc(n);
    if (!path)
        return fr_fail(err, FR_ENOMEM, "out of memory");
    snprintf(path, n, "%s/batch-%zu.fri", p->dir, i);
    fr_docset mapped;
    memset(&mapped, 0, sizeof mapped);
    fr_status s = fr_index_save(&p->part[i], path, err);
    if (s == FR_OK)
        s = fr_index_map(path, e->model, e->lx, FR_SET_RESUMES, &mapped, err);
    unlink(path); /* the mapping keeps the data; nothing is left behind */
    free(path);
    if (s != FR_OK)
        return s;
    fr_docset_free(&p->part[i]);
    p->part[i] = mapped;
    return FR_OK;
}

fr_status cli_parts_add(cli_parts *p, cli_env *e, fr_docset *batch, fr_error *err)
{
    if (p->n == p->cap) {
        size_t nc = p->cap ? 2 * p->cap : 8;
        fr_docset *np = realloc(p->part, nc * sizeof *np);
        if (!np)
            return fr_fail(err, FR_ENOMEM, "out of memory");
        p->part = np;
        p->cap = nc;
    }
    if (p->n) {
        fr_status s = spill(p, e, p->n - 1, err);
        if (s != FR_OK)
            return s;
    }
    p->part[p->n++] = *batch;
    memset(batch, 0, sizeof *batch);
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

void cli_parts_free(cli_parts *p)
{
    for (size_t i = 0; i < p->n; i++)
        fr_docset_free(&p->part[i]);
    free(p->part);
    if (p->dir)
        rmdir(p->dir);
    free(p->dir);
    memset(p, 0, sizeof *p);
}
