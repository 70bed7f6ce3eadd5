/* cli/cosfit.h — `fitrank rank --mode cosine --fit` (see cosfit.c). */
#ifndef FR_CLI_COSFIT_H
#define FR_CLI_COSFIT_H

#include "cli/scoring.h"

typedef struct {
    const char *const *postings, *const *resumes; /* the inputs of each side */
    size_t n_postings, n_resumes;
    const fr_fit_opts *fit;   /* tokenizer, tf/idf/norm and df bounds (dim is not used) */
    size_t k;
    int threads;
    int fmt;                  /* FMT_* of cli/rows.h */
    const char *out_path;     /* -o, or NULL for standard output */
    int stats;                /* --stats: one JSON line of phase times on stderr */
} cli_cosfit_args;

/* Read both sides once, fit vocabulary and idf on all their documents, rank and write.  e holds the
 * input options (io, side, skip_bad, quiet); its model, lexicon and builder are not used.  Returns
 * an exit code (errors reported). */
int cli_cosine_fit(cli_env *e, const cli_cosfit_args *a);

#endif
