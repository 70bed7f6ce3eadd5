/* cli/prepare.h — preparing a batch of documents on several threads (see prepare.c). */
#ifndef FR_CLI_PREPARE_H
#define FR_CLI_PREPARE_H

#include "cli/scoring.h"

typedef struct {
    fr_doc d;           /* every pointer owned */
    fr_status st;       /* what preparing it gave */
    fr_error err;
    int no_items;       /* a posting in which no requirement was recognised (for the note) */
} cli_owned_doc;

struct cli_prep_slot;
typedef struct {
    cli_owned_doc *docs;
    size_t n, cap;
    /* per thread, kept from one cli_batch_prepare to the next: a builder, and a set whose arrays
     * keep their capacity (fresh arrays for every slice cost realloc copies and a page fault per
     * 4 KB: a third of preparing a résumé) */
    struct cli_prep_slot *slots;
    size_t n_slots;
} cli_batch;

/* Copy a document (the input layer's are borrowed until its next call). */
fr_status cli_batch_push(cli_batch *b, const fr_doc *d, fr_error *err);
/* Prepare every document of b into `out` (appended, in order) on up to `threads` threads and
 * empty the batch — or, with `spill`, each thread's slice into a file of its own, mapped and added
 * to spill's parts in order (out untouched).  Bad documents: with e->skip_bad reported on stderr in order and counted in
 * *n_bad; otherwise the first one (in order) fails the call, err naming FILE:OFFSET.  Notes go to
 * stderr in order. */
typedef struct cli_parts cli_parts;
fr_status cli_batch_prepare(cli_batch *b, cli_env *e, int kind, int threads, fr_docset *out, cli_parts *spill,
                            size_t *n_bad, fr_error *err);
/* Drop the documents of b (its threads' builders and sets are kept for the next batch). */
void cli_batch_clear(cli_batch *b);
void cli_batch_free(cli_batch *b);

#endif
