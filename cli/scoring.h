/* cli/scoring.h — shared set-up of the scoring commands (rank, match, explain, index). */
#ifndef FR_CLI_SCORING_H
#define FR_CLI_SCORING_H

#include "cli/cli.h"
#include "fr.h"

typedef struct {
    fr_model *model;
    fr_lexicon *lx;
    fr_docset_builder *builder;
    fr_input_opts io;
    fr_ym as_of;
    int skip_bad;
    int quiet;
    int plain;             /* documents as whole texts only (--mode cosine): no parsing */
    int keep_src;          /* sets loaded keep their documents' texts (index build: explain reads them) */
    int lazy_units;        /* résumés streamed into spilled batches keep no chunk vectors
                              (fr_docset.lazy_units: rank's pruned path makes them for its candidates) */
    int threads;           /* threads preparing documents (cli/prepare.c); 0 or 1: one */
    size_t n_bad;          /* documents skipped under --skip-bad */
    cli_no_items no_items; /* postings without recognised items: one note at the end */
    cli_side_opts side[2]; /* --posting-* and --resume-* input options over io (postings, résumés) */
    /* what the threads of cli_batch_prepare did (fitrank bench's phases): bytes vectorized, and
     * seconds summed over threads in preparing, in tokenizing + vectorizing, in projecting */
    double prep_bytes, prep_s, prep_vec_s, prep_proj_s;
} cli_env;

/* Load the model (--model, or the embedded one) and the lexicon; returns an exit code. */
int cli_env_open(cli_env *e, const char *model_path, fr_error *err);
void cli_env_close(cli_env *e);
/* Read inputs (files, directories, JSONL/CSV, index files) into a fresh set of `kind`.  A single
 * index input is mapped, not copied.  Returns an exit code (errors already reported). */
int cli_load_set(cli_env *e, int kind, const char *const *inputs, size_t n, fr_docset *set);

/* The input options for a set of `kind`: io with that side's options on top. */
fr_input_opts cli_env_io(const cli_env *e, int kind);
/* The notes a run collected, one line each (nothing under --quiet or when there are none). */
void cli_env_notes(const cli_env *e);

/* Parse (unless e->plain) and prepare one document into set. */
fr_status cli_add_doc(cli_env *e, fr_docset *set, const fr_doc *d, fr_error *err);

#endif
