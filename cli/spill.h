/* cli/spill.h — résumés prepared a batch at a time and ranked as one pool, with memory flat.
 *
 * `rank` reads résumés in batches (--batch).  Ranking each batch on its own would make the result
 * depend on the batch size (pruning picks candidates within what it sees).  Instead every batch
 * but the last is written to temporary index files — by the threads that prepared it, a file each
 * (cli/prepare.c) — and mapped back (the page cache holds them, not the heap), and the whole pool
 * is ranked once (fr_rank_parts).  The files live in a private directory under $TMPDIR (else /tmp)
 * and are unlinked as soon as they are mapped; a signal that ends the process removes the
 * directory and the files being written (cli/signals.c).  Only SIGKILL between writing a file and
 * mapping it can leave it behind. */
#ifndef FR_CLI_SPILL_H
#define FR_CLI_SPILL_H

#include "cli/rows.h"
#include "cli/scoring.h"

typedef struct cli_parts cli_parts;
struct cli_parts {
    fr_docset *part;        /* mapped batches, then (the last) the newest, in memory */
    size_t n, cap;
    char *dir;              /* the private temporary directory, once made */
    fr_docset spare;        /* the last batch spilled, emptied with its memory kept (has_spare) */
    int has_spare;
    size_t files;           /* batch files named so far */
};

/* Take `batch` (moved: *batch is left empty and must be re-initialised to be used again); the
 * previous newest batch is spilled.  Errors: FR_EIO (the temporary file), FR_ENOMEM. */
fr_status cli_parts_add(cli_parts *p, cli_env *e, fr_docset *batch, fr_error *err);
/* A batch prepared on several threads goes to its files from those threads (cli/prepare.c): the
 * private directory made now (on the main thread), a file number for each thread's slice, each
 * slice saved and mapped by its thread (cli_spill_set: thread-safe), then the mapped slices added
 * in order (cli_parts_push, main thread) — no copy into one set, no write on the main thread. */
fr_status cli_parts_dir(cli_parts *p, fr_error *err);
size_t cli_parts_file_no(cli_parts *p);
fr_status cli_spill_set(const cli_parts *p, size_t no, const cli_env *e, const fr_docset *set, fr_docset *mapped,
                        fr_error *err);
/* Add the documents and units of parts [from, n) to *docs and *units. */
void cli_parts_count(const cli_parts *p, size_t from, size_t *docs, size_t *units);
/* Take a mapped set (moved; freed on failure) as the newest part. */
fr_status cli_parts_push(cli_parts *p, cli_env *e, fr_docset *mapped, fr_error *err);
/* Spill the newest batch now (before the next one is prepared: one prepared batch in memory at a
 * time).  Nothing to do when it is spilled already, or there is none.  When `reuse` is an empty
 * set of the same kind built in memory (the next batch, about to be filled), it is replaced by the
 * spilled batch's set emptied, its memory kept: batch after batch fills the same pages. */
fr_status cli_parts_spill(cli_parts *p, cli_env *e, fr_docset *reuse, fr_error *err);
/* The parts as an array of pointers (owned by the caller: free it), *n of them. */
fr_status cli_parts_list(const cli_parts *p, const fr_docset ***out, fr_error *err);
/* Rank postings P against the pool of parts at once (fr_rank_parts) and add each part's hits to
 * rows with its first résumé's position as the order base; *stats receives what the run did
 * (counts and times; no hits). */
fr_status cli_parts_rank(const cli_parts *p, const fr_docset *P, const fr_model *m, const fr_rank_opts *ro,
                         cli_rows *rows, fr_rank_result *stats, fr_error *err);
/* Unmap and free every part, remove the directory. */
void cli_parts_free(cli_parts *p);

#endif
