/* cli/pair.c — one (posting, résumé) pair as `explain` shows it (cli/pair.h). */
#include "cli/pair.h"

#include <stdlib.h>
#include <string.h>

fr_status cli_pair_init(cli_pair *c, cli_env *e, fr_error *err)
{
    memset(c, 0, sizeof *c);
    c->lx = e->lx;
    fr_status st = fr_docset_init(&c->P, FR_SET_POSTINGS, e->model, e->lx, err);
    if (st == FR_OK)
        st = fr_docset_init(&c->R, FR_SET_RESUMES, e->model, e->lx, err);
    return st;
}

fr_status cli_pair_add_posting(cli_pair *c, cli_env *e, const fr_doc *d, fr_error *err)
{
    fr_posting *p;
    fr_status s = fr_posting_parse_doc(d, e->lx, &p, err);
    if (s == FR_OK) {
        s = fr_docset_add_posting(&c->P, e->builder, p, d->text, d->len, err);
        fr_posting_free(p);
    }
    return s;
}

fr_status cli_pair_add_resume(cli_pair *c, cli_env *e, const fr_doc *d, fr_error *err)
{
    fr_status s = fr_resume_parse_doc(d, e->lx, e->as_of, &c->resume, err);
    return s == FR_OK ? fr_docset_add_resume(&c->R, e->builder, c->resume, d->text, d->len, err) : s;
}

fr_status cli_pair_score(cli_pair *c, cli_env *e, fr_scorer *sc, fr_error *err)
{
    if (c->P.n != 1 || c->R.n != 1 || !c->resume)
        return fr_fail(err, FR_EINVAL, "a pair needs one posting and one résumé");
    (void)e;
    c->n_items = c->P.n_units;
    c->n_req = c->P.n_req.v[0];
    free(c->items);
    c->items = calloc(c->n_items + 1, sizeof *c->items);
    if (!c->items)
        return fr_fail(err, FR_ENOMEM, "out of memory");
    return fr_score_pair(sc, &c->P, 0, &c->R, 0, NULL, &c->pe, c->items, err);
}

int32_t cli_pair_evidence(const cli_pair *c, size_t i, const char **basis)
{
    const fr_item_eval *ev = &c->items[i];
    const fr_docset *P = &c->P, *R = &c->R;
    /* The chunk to show: the one its kind's rule read; else the one naming most of the item's
     * skills, else the one sharing most of its words, else the nearest in meaning — the evidence
     * a reader can check by eye first. */
    if (ev->verdict.decided && ev->verdict.chunk >= 0) {
        *basis = "rule";
        return ev->verdict.chunk;
    }
    /* a rule that found nothing to show (a skill absent, a language not stated): no line stands for
     * it, and the nearest line in meaning would look like a proof; explain says what was looked for */
    if (ev->verdict.decided && ev->status == FR_ITEM_MISSING) {
        *basis = "rule";
        return -1;
    }
    int32_t ch = -1;
    size_t ns, best = 0;
    const uint32_t *sk = fr_docset_item_skills(P, i, &ns);
    uint32_t c0 = R->unit_start.v[0];
    for (size_t j = 0; j < R->unit_start.v[1] - c0; j++) {
        size_t hit = 0; /* a chunk's skills are among its word keys (engine/kinds.h fr_skill_key) */
        for (size_t k = 0; k < ns; k++)
            hit += fr_csr_find(&R->unit_words, c0 + (uint32_t)j, fr_skill_key(sk[k]), NULL) != 0;
        if (hit > best) {
            best = hit;
            ch = (int32_t)j;
        }
    }
    if (ch >= 0) {
        *basis = "skills";
        return ch;
    }
    if (ev->lex_chunk >= 0 && ev->lex > 0) {
        *basis = "lexical";
        return ev->lex_chunk;
    }
    *basis = "dense";
    return ev->dense_chunk;
}

void cli_pair_free(cli_pair *c)
{
    free(c->items);
    fr_resume_free(c->resume);
    fr_docset_free(&c->P);
    fr_docset_free(&c->R);
    memset(c, 0, sizeof *c);
}
