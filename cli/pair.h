/* cli/pair.h — one (posting, résumé) pair evaluated as `fitrank explain` shows it: both documents
 * parsed and prepared, every item scored canonically, and the evidence chunk each item shows.
 * `explain` prints it; `eval --verdicts` measures it against careful readers — the same code, so
 * that what is measured is what users read. */
#ifndef FR_CLI_PAIR_H
#define FR_CLI_PAIR_H

#include "cli/scoring.h"

typedef struct {
    fr_docset P, R;
    const fr_lexicon *lx;      /* the environment's (skill names in sentences) */
    fr_resume *resume;         /* the parsed résumé (its chunks' texts) */
    fr_item_eval *items;       /* per item of the posting (required first) */
    size_t n_items, n_req;
    fr_pair_eval pe;
} cli_pair;

/* Start an empty pair (docsets of e's model). */
fr_status cli_pair_init(cli_pair *c, cli_env *e, fr_error *err);
/* Parse and prepare the posting / the résumé (one each, in either order). */
fr_status cli_pair_add_posting(cli_pair *c, cli_env *e, const fr_doc *d, fr_error *err);
fr_status cli_pair_add_resume(cli_pair *c, cli_env *e, const fr_doc *d, fr_error *err);
/* Score the pair with `sc` (a scorer of e's model, perhaps with other parameters). */
fr_status cli_pair_score(cli_pair *c, cli_env *e, fr_scorer *sc, fr_error *err);
/* The chunk item i shows as its evidence, -1 none; *basis: "rule" (the chunk its kind's rule read),
 * "skills" (names most of its skills), "lexical" (shares most of its words) or "dense" (nearest
 * in meaning). */
int32_t cli_pair_evidence(const cli_pair *c, size_t i, const char **basis);
void cli_pair_free(cli_pair *c);

#endif
