/* engine/eval.h — ranking quality against graded fit labels (`fitrank eval`, bench/quality.py).
 *
 * Labels are rows (résumé id, posting id, label) with 1 = best fit … 5 = no fit.  A pair labelled
 * more than once gets the mean of its labels (the data has conflicting duplicates; averaging
 * keeps every judgement instead of picking one).  Each pair is ranked within its query — the
 * postings labelled for a résumé ("best matches for me"), or the résumés labelled for a posting
 * (the recruiter's view) — and per query:
 *   nDCG@10  gain 2^(5 − label) − 1, discount log2(rank + 1), over queries with a positive ideal
 *            DCG (a query whose pairs are all "no fit" cannot be ranked well or badly)
 *   P@5      share of relevant pairs (label ≤ 2) among the first min(5, pairs of the query)
 *   MRR      1 / rank of the first relevant pair
 * P@5 and MRR are averaged over queries with at least one relevant pair.  Ties in the ranking key
 * are broken by id order, as `fitrank rank` breaks them. */
#ifndef FR_ENGINE_EVAL_H
#define FR_ENGINE_EVAL_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/err.h"

typedef struct {
    fr_buf strings;            /* NUL-terminated ids */
    fr_u32vec resume_ids;      /* offsets of the distinct résumé ids, in strcmp order */
    fr_u32vec posting_ids;     /* the same for postings */
    size_t n_pairs;            /* distinct (résumé, posting) pairs, sorted by (résumé, posting) */
    uint32_t *resume, *posting;/* per pair: index into resume_ids / posting_ids */
    double *label;             /* per pair: mean label of its rows */
    uint32_t *line;            /* per pair: line of its first row in the file */
    size_t n_rows;             /* label rows read */
    size_t n_dup_pairs;        /* pairs labelled more than once */
    size_t n_conflicts;        /* of those, pairs with different labels */
} fr_labels;

/* Read a labels CSV (RFC 4180, header row).  Columns are found by name: the résumé's id in
 * "resume", "cv" or "candidate", the posting's in "posting", "jobpost" or "job", the label in
 * "label" (a number from 1 to 5).  Errors name the file and line. */
fr_status fr_labels_read(const char *path, fr_labels *out, fr_error *err);
void fr_labels_free(fr_labels *l);
static inline const char *fr_labels_resume(const fr_labels *l, size_t i) { return l->strings.data + l->resume_ids.v[i]; }
static inline const char *fr_labels_posting(const fr_labels *l, size_t i) { return l->strings.data + l->posting_ids.v[i]; }

/* Index of a résumé / posting id among the labels' (binary search), or -1. */
long fr_labels_find_resume(const fr_labels *l, const char *id);
long fr_labels_find_posting(const fr_labels *l, const char *id);
/* Index of the pair (résumé r, posting p), or -1 when it is not labelled. */
long fr_labels_find_pair(const fr_labels *l, uint32_t r, uint32_t p);

/* Read scores given elsewhere (a baseline's): a CSV with the labels' résumé and posting columns
 * and a "score" column.  key[i] receives pair i's score; rows of unlabelled pairs are ignored;
 * a labelled pair scored twice or not at all is an error naming the file. */
fr_status fr_labels_read_scores(const fr_labels *l, const char *path, float *key, fr_error *err);

/* The relevance of a label: gain for nDCG, and whether it counts for P@5 and MRR. */
double fr_eval_gain(double label);
static inline int fr_eval_relevant(double label) { return label <= 2.0; }

enum { FR_EVAL_BY_RESUME = 0, FR_EVAL_BY_POSTING = 1 };

typedef struct {
    size_t queries;            /* queries with a positive ideal DCG (nDCG's denominator) */
    size_t queries_rel;        /* queries with a relevant pair (P@5's and MRR's) */
    double ndcg10, p5, mrr;    /* means */
} fr_eval_metrics;

/* Metrics of one direction.  key[i]: pair i's ranking key (higher ranks first).  resume_mask:
 * NULL, or per résumé 1 to take part (cross-validation folds): only pairs of those résumés are
 * ranked, in both directions.  per_query: NULL, or room for one nDCG@10 per query of the
 * direction (NaN where undefined). */
fr_status fr_eval_metrics_compute(const fr_labels *l, const float *key, int by, const uint8_t *resume_mask,
                                  fr_eval_metrics *out, double *per_query, fr_error *err);

/* The fold (0 .. k−1) of a résumé id: a hash of the id, so that a résumé keeps its fold when
 * others are added. */
unsigned fr_eval_fold(const char *resume_id, unsigned k);

#endif
