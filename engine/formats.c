/* engine/formats.c — from an input document to a parsed posting or résumé, by format. */
#include <string.h>

#include "engine/document.h"

fr_status fr_posting_parse_doc(const fr_doc *d, const fr_lexicon *lx, fr_posting **out, fr_error *err)
{
    const char *offsets = d->offset == 0 && strcmp(d->id, d->path) == 0 ? "source" : "field";
    return fr_posting_parse(d->id, d->text, d->len, offsets, lx, out, err);
}

fr_status fr_resume_parse_doc(const fr_doc *d, const fr_lexicon *lx, fr_ym as_of, fr_resume **out, fr_error *err)
{
    const char *offsets = d->offset == 0 && strcmp(d->id, d->path) == 0 ? "source" : "field";
    return fr_resume_parse(d->id, d->text, d->len, offsets, lx, as_of, out, err);
}
