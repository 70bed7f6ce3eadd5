/* engine/formats.c — an input document (any format engine/input.c reads) → a parsed posting or
 * résumé.  Formats differ only in how the text was obtained; what remains here is to carry a
 * format's title over and to map HTML offsets from the extracted text back to the source. */
#include <string.h>

#include "engine/document.h"

/* A text file's own bytes start after a BOM: shift "source" offsets by it (doc->offset). */
static uint32_t source_shift(const fr_doc *d)
{
    return !d->src_start && d->offsets && strcmp(d->offsets, "source") == 0 ? (uint32_t)d->offset : 0;
}

static void shift_items(fr_items *its, uint32_t by)
{
    for (size_t i = 0; by && i < its->n; i++) {
        its->v[i].start += by;
        its->v[i].end += by;
    }
}

/* [a, b) in extracted HTML text → the source span. */
static void remap(const fr_doc *d, uint32_t *start, uint32_t *end)
{
    if (!d->src_start || *end <= *start)
        return;
    uint32_t a = d->src_start[*start], b = d->src_end[*end - 1];
    *start = a;
    *end = b > a ? b : a;
}

static void remap_items(const fr_doc *d, fr_items *its)
{
    for (size_t i = 0; i < its->n; i++)
        remap(d, &its->v[i].start, &its->v[i].end);
}

fr_status fr_posting_parse_doc(const fr_doc *d, const fr_lexicon *lx, fr_posting **out, fr_error *err)
{
    const char *offsets = d->offsets ? d->offsets : "source";
    fr_status s = fr_posting_parse(d->id, d->text, d->len, offsets, lx, out, err);
    if (s != FR_OK)
        return s;
    fr_posting *p = *out;
    fr_doc alt_doc;
    if (p->no_requirements && d->alt_text) {
        /* the visible page says nothing recognisable: its JSON-LD JobPosting does */
        fr_posting *alt;
        s = fr_posting_parse(d->id, d->alt_text, d->alt_len, "extracted", lx, &alt, err);
        if (s != FR_OK) {
            fr_posting_free(p);
            *out = NULL;
            return s;
        }
        fr_posting_free(p);
        *out = p = alt;
        memset(&alt_doc, 0, sizeof alt_doc);
        alt_doc.title = d->title;
        d = &alt_doc; /* offsets now index the JSON-LD text: no source map */
    }
    if (d->title) {
        p->title = fr_arena_strndup(&p->arena, d->title, strlen(d->title));
        if (!p->title) {
            fr_posting_free(p);
            *out = NULL;
            return fr_fail(err, FR_ENOMEM, "out of memory");
        }
    }
    fr_items *all[] = {&p->summary, &p->responsibilities, &p->required, &p->preferred, &p->other, &p->context};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        if (d->src_start)
            remap_items(d, all[i]);
        shift_items(all[i], source_shift(d));
    }
    return FR_OK;
}

fr_status fr_resume_parse_doc(const fr_doc *d, const fr_lexicon *lx, fr_ym as_of, fr_resume **out, fr_error *err)
{
    const char *offsets = d->offsets ? d->offsets : "source";
    fr_status s = fr_resume_parse(d->id, d->text, d->len, offsets, lx, as_of, out, err);
    if (s != FR_OK)
        return s;
    fr_resume *r = *out;
    uint32_t by = source_shift(d);
    if (by) {
        shift_items(&r->chunks, by);
        for (size_t i = 0; i < r->n_sections; i++)
            r->sections[i].start += by, r->sections[i].end += by;
        for (size_t i = 0; i < r->n_experience; i++)
            r->experience[i].start_off += by, r->experience[i].end_off += by;
        for (size_t i = 0; i < r->n_education; i++)
            r->education[i].start_off += by, r->education[i].end_off += by;
    }
    if (!d->src_start)
        return FR_OK;
    remap_items(d, &r->chunks);
    for (size_t i = 0; i < r->n_sections; i++)
        remap(d, &r->sections[i].start, &r->sections[i].end);
    for (size_t i = 0; i < r->n_experience; i++)
        remap(d, &r->experience[i].start_off, &r->experience[i].end_off);
    for (size_t i = 0; i < r->n_education; i++)
        remap(d, &r->education[i].start_off, &r->education[i].end_off);
    return FR_OK;
}
