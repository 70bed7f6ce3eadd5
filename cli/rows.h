/* cli/rows.h — the rows of `rank` and `match`: collected from engine results (batch by batch
 * when résumés stream), kept best-first per query, written in every output format. */
#ifndef FR_CLI_ROWS_H
#define FR_CLI_ROWS_H

#include <stdio.h>

#include "fr.h"

typedef struct {
    uint32_t posting;     /* index in the postings set */
    uint64_t order;       /* the résumé's position in the whole input: ties break by it */
    char *resume;         /* id (owned) */
    float key;            /* the ordering key (gate, rounded score) */
    fr_pair_eval ev;
    uint8_t *status;      /* statuses of the posting's required items (owned); NULL in cosine mode */
} cli_row;

typedef struct {
    cli_row *v;
    size_t n, cap;
} cli_rowlist;

typedef struct {
    const fr_docset *P;   /* the postings (alive until written), or NULL: */
    const char *const *posting_ids; /* without P (rank --fit): the postings' ids, borrowed */
    const fr_model *model;
    size_t k;
    fr_gate_mode gate;
    int cosine, per_resume;
    size_t n_query;
    cli_rowlist *lists;   /* per query: best first, at most k */
    char **query_name;    /* per query (match: the résumé's id) */
    fr_scorer *sc;        /* its parameters are the rows' (each thread re-scoring hits copies them) */
    int threads;          /* re-scoring the hits of a result (cli_rows_add) */
} cli_rows;

/* threads: how many re-score a result's hits (cli_rows_add). */
fr_status cli_rows_init(cli_rows *rs, const fr_docset *P, const fr_model *m, size_t n_query, size_t k,
                        fr_gate_mode gate, int cosine, int per_resume, int threads, fr_error *err);
/* Cosine rows without a postings set (rank --mode cosine --fit): posting q is named
 * posting_ids[q] (borrowed, alive until written) and has no title and no items. */
fr_status cli_rows_init_named(cli_rows *rs, const char *const *posting_ids, const fr_model *m, size_t n_query,
                              size_t k, fr_error *err);
/* One cosine row of posting q: the résumé (id copied; `order`: its position in the input, which
 * breaks ties) and its score. */
fr_status cli_rows_add_cosine(cli_rows *rs, size_t q, const char *resume_id, uint64_t order, float score,
                              fr_error *err);
/* Merge the hits of one engine run over résumés R (R's documents are number order_base on in the
 * whole input; in match, R holds the queries). */
fr_status cli_rows_add(cli_rows *rs, const fr_rank_result *res, const fr_docset *R, uint64_t order_base,
                       fr_error *err);
void cli_rows_free(cli_rows *rs);

enum { FMT_TABLE, FMT_JSONL, FMT_CSV, FMT_JSON };
/* Write every row; returns an exit code. */
int cli_rows_write(const cli_rows *rs, FILE *fp, int fmt);

/* One engine result, written directly (fitrank bench's output phase). */
int cli_write_rank_rows(FILE *fp, const fr_docset *P, const fr_docset *R, const fr_model *m,
                        const fr_rank_result *res, int fmt, int cosine, int per_resume);

#endif
