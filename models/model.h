/* models/model.h — TF-IDF exactly as scikit-learn's TfidfVectorizer defines it, in a versioned,
 * checksummed, mmap-able model file.
 *
 *   tf(t, d)  = count                        (--tf raw, default)
 *             = 1 + ln(count)                (--tf log: sublinear_tf=True)
 *   idf(t)    = ln((1 + n) / (1 + df(t))) + 1   (--idf smooth, default: smooth_idf=True)
 *             = ln(n / df(t)) + 1               (--idf plain)
 *   w(t, d)   = tf · idf, then the row is L2-normalised (--norm l2, default) or not (--norm none).
 *
 * Vocabulary: every token of the fitted documents whose document frequency lies in
 * [min_df, max_df] (an integer bound is a document count, a fractional one a proportion of n,
 * as in scikit-learn), optionally the max_features most frequent ones (total count across the
 * corpus; ties broken exactly as scikit-learn's numpy argsort breaks them), in sorted byte order
 * (= code-point order, = scikit-learn's sorted(vocabulary)).
 *
 * A fr_model is immutable once fitted or loaded, so one model may be shared by any number of
 * threads; per-thread work goes through a fr_vectorizer. */
#ifndef FR_MODELS_MODEL_H
#define FR_MODELS_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "tokenizer/tokenizer.h"
#include "util/err.h"
#include "util/io.h"

/* Bump only for changes an older reader cannot skip; new sections get new ids instead. */
#define FR_MODEL_FORMAT_VERSION 1

typedef enum { FR_TF_RAW = 0, FR_TF_LOG } fr_tf_mode;
typedef enum { FR_IDF_SMOOTH = 0, FR_IDF_PLAIN } fr_idf_mode;
typedef enum { FR_NORM_L2 = 0, FR_NORM_NONE } fr_norm_mode;

/* A document-frequency bound as scikit-learn reads it: an integer is a count of documents, a
 * float a proportion in [0, 1]. */
typedef struct {
    double value;
    int is_count;
} fr_df_bound;

/* How the engine turns evidence into a score (docs/SCORING.md, README "Scoring").  They live in
 * the model so that a model fixes its scores completely: the same model gives the same numbers. */
typedef struct {
    double w_req, w_pref, w_ctx; /* the weights of required coverage, preferred coverage, context
                                    similarity and skill coverage in the score (see form) */
    double w_skill;              /* weight of the skill coverage: the share of the skills the
                                    posting asks for that the résumé names */
    double alpha;                /* coverage = alpha · text evidence + (1 − alpha) · term/skill share */
    double beta;                 /* an item's text evidence = beta · lexical + (1 − beta) · dense */
    double beta_ctx;             /* context = beta_ctx · lexical + (1 − beta_ctx) · dense similarity of
                                    the whole documents */
    double t_met, t_partial;     /* coverage thresholds of the statuses met and partial */
    double form;                 /* how the parts combine (engine/score.h): 0 = weighted arithmetic
                                    mean of the parts present (issue 7); 1 = weighted geometric mean
                                    of floor + (1 − floor) · part, every part present (issue 15) */
    double floor;                /* geometric form: the least a part of 0 counts (> 0 keeps one
                                    absent part from zeroing the score) */
    double shrink, prior;        /* geometric form: coverages are means over items (skills) with
                                    `shrink` pseudo-items of coverage `prior` added, so that a posting
                                    of one or two requirements (or none) cannot reach full coverage on
                                    a single generic match */
    double fact_floor;           /* a fact-decided item's coverage = fact · (floor + (1 − floor) ·
                                    evidence): the facts decide the status, the evidence keeps a say
                                    in how well it is covered */
    /* requirement verdicts (engine/verdict.c, docs/VERDICTS.md) */
    double v_rel_job;            /* a job is relevant to an item when its closest chunk is at least this
                                    similar (dense); its years count fully */
    double v_rel_weak;           /* at least this similar: related, its years make at most partial */
    double v_rel_career;         /* whole-document similarity from which a career counts as relevant to
                                    the posting ("or equivalent practical experience", "N years of
                                    relevant experience") */
    double v_absent_dense;       /* an item no job names is missing only when no chunk is this close in
                                    meaning either (else partial: said in other words) */
    double v_alt_years;          /* years of relevant work that stand for a degree the item allows it for */
    double v_soft_met;           /* a soft item's evidence from which it is demonstrated (met) */
    double v_soft_partial;       /* ... partly shown (partial); below, unknown */
    double v_detailed;           /* chunks of a résumé detailed enough that a credential it does not name
                                    is missing rather than unknown */
    double v_domain_met;         /* share of a free-text item's words (by IDF) one chunk names from which
                                    the résumé shows the domain (met) */
    double v_domain_partial;     /* share the whole résumé names from which it shows part of it; below,
                                    missing (a detailed résumé) or unknown */
    double v_domain_absent;      /* a skill or domain the résumé does not name is missing only when no
                                    chunk is this close in meaning either (else partial: said in other
                                    words, "Led the merger's financial tracking" for project management) */
} fr_score_params;

/* The defaults: the values models/tuned_params.txt (written by `make tune`) gives, embedded. */
void fr_score_params_default(fr_score_params *p);
/* Apply "KEY=VALUE" lines ('#' comments, blank lines) to p; FR_EINVAL naming the line. */
fr_status fr_score_params_apply(fr_score_params *p, const char *text, size_t len, fr_error *err);
/* FR_EINVAL with a message when a weight is negative, all weights are 0, alpha/beta/beta_ctx lie
 * or fact_floor outside [0, 1] or not 0 ≤ t_partial ≤ t_met ≤ 1. */
fr_status fr_score_params_validate(const fr_score_params *p, fr_error *err);
/* Set one parameter by its model-file key ("score.w_req", ...): FR_EEMPTY if `key` is not one. */
fr_status fr_score_params_set(fr_score_params *p, const char *key, const char *val, fr_error *err);
/* The parameters by index (0 .. count − 1): key ("score.w_req", ...) and value. */
size_t fr_score_params_count(void);
const char *fr_score_params_key(size_t i);
double fr_score_params_get(const fr_score_params *p, size_t i);

typedef struct {
    fr_tok_opts tok;
    fr_tf_mode tf;
    fr_idf_mode idf;
    fr_norm_mode norm;
    fr_df_bound min_df;      /* default 1 (count) */
    fr_df_bound max_df;      /* default 1.0 (proportion) */
    size_t max_features;     /* 0 = no limit (default) */
    size_t dim;              /* LSA projection dimension (default 256; 0 = none); clamped to
                                min(documents, terms) − 1 for small corpora */
    fr_score_params score;
} fr_fit_opts;

void fr_fit_opts_default(fr_fit_opts *o);
/* Parse "3" (count) or "0.5" / "1.0" / "5e-1" (proportion in [0,1]).  FR_EINVAL on anything else. */
fr_status fr_df_bound_parse(const char *s, fr_df_bound *out, fr_error *err);

typedef struct fr_model fr_model;

/* ---- fitting: stream documents in, get a model out ------------------------------------- */
typedef struct fr_fitter fr_fitter;

fr_status fr_fitter_new(const fr_fit_opts *o, fr_fitter **out, fr_error *err);
/* Tokenize one document with the fitter's tokenizer options and count it. */
fr_status fr_fitter_add(fr_fitter *f, const char *text, size_t len, fr_error *err);
/* Count one already-tokenized document (tokens must come from the same options). */
fr_status fr_fitter_add_tokens(fr_fitter *f, const fr_tokens *toks, fr_error *err);
/* Build the model.  FR_EEMPTY when no document was added or no term survives the bounds,
 * FR_EINVAL when max_df corresponds to fewer documents than min_df. */
fr_status fr_fitter_finish(fr_fitter *f, fr_model **out, fr_error *err);
void fr_fitter_free(fr_fitter *f);

/* ---- fitting and rows in one pass (rank --mode cosine --fit) ------------------------------
 * scikit-learn's fit_transform: the vocabulary and idf fitted on a set of documents — exactly the
 * model `fitrank fit --dim 0` gives for them (same options, same bytes) — and the TF-IDF row of
 * every one of those documents under it — the row a vectorizer of that model gives — each
 * document tokenized once.  Documents are counted in parts, one thread per part at a time, in
 * any order and any split: the model and the rows do not depend on it. */
typedef struct fr_cofit fr_cofit;

/* A row entry: a column (term id) and its weight.  While counting, `v.count` holds a count. */
typedef struct {
    uint32_t col;
    union {
        uint32_t count;
        float w;
    } v;
} fr_row_entry;

/* o's dim is ignored (no projection).  n_parts: 1 to 4096.  FR_EINVAL for a bad tokenizer option. */
fr_status fr_cofit_new(const fr_fit_opts *o, size_t n_parts, fr_cofit **out, fr_error *err);
/* Tokenize and count document number `doc` in part `part`: documents are numbered 0, 1, ... in
 * input order, each once.  Errors: those of fr_tokenize, FR_ENOMEM. */
fr_status fr_cofit_add(fr_cofit *f, size_t part, uint64_t doc, const char *text, size_t len, fr_error *err);
/* Merge the parts, choose the vocabulary as fr_fitter_finish does (same errors: FR_EEMPTY when no
 * document was added or no term survives, FR_EINVAL for crossed df bounds) and build every row on
 * up to `threads` threads. */
fr_status fr_cofit_finish(fr_cofit *f, int threads, fr_error *err);
/* After finishing: the model (owned by f), the number of documents, and document doc's row —
 * *n entries, columns ascending, weights as fr_vectorize gives them; borrowed from f. */
const fr_model *fr_cofit_model(const fr_cofit *f);
uint64_t fr_cofit_n_docs(const fr_cofit *f);
const fr_row_entry *fr_cofit_row(const fr_cofit *f, uint64_t doc, size_t *n);
void fr_cofit_free(fr_cofit *f); /* NULL is a no-op */

/* ---- files ------------------------------------------------------------------------------- */
/* Load by mmap.  Errors: FR_EIO (unreadable), FR_EFORMAT (bad magic, truncated, inconsistent),
 * FR_EVERSION (format or tokenizer version), FR_ECHECKSUM (corrupted). */
fr_status fr_model_load(const char *path, fr_model **out, fr_error *err);
/* Load from bytes (e.g. an embedded model).  The bytes are borrowed and must outlive the model. */
fr_status fr_model_from_bytes(const void *p, size_t n, fr_model **out, fr_error *err);
/* The embedded reference model (models/default.frm): what every command scores with when no
 * --model is given, so that scores are comparable across runs and machines. */
fr_status fr_model_default(fr_model **out, fr_error *err);
/* Write atomically (temporary file + rename): `path` is untouched on failure. */
fr_status fr_model_save(const fr_model *m, const char *path, fr_error *err);
/* The same, and `hook` (may be NULL) is told about the temporary file (util/io.h). */
fr_status fr_model_save_with(const fr_model *m, const char *path, const fr_tmp_hook *hook, fr_error *err);
void fr_model_free(fr_model *m);  /* NULL is a no-op */

/* ---- read access ------------------------------------------------------------------------- */
const fr_fit_opts *fr_model_opts(const fr_model *m);
size_t fr_model_n_terms(const fr_model *m);
uint64_t fr_model_n_docs(const fr_model *m);
/* XXH64 checksum of the model file as 16 lowercase hex digits: the model's identity, printed by
 * every command that scores with it. */
const char *fr_model_hash(const fr_model *m);
size_t fr_model_file_size(const fr_model *m);
/* Term i (0 ≤ i < n_terms) in sorted order, not NUL-terminated. */
const char *fr_model_term(const fr_model *m, uint32_t i, size_t *len);
uint32_t fr_model_df(const fr_model *m, uint32_t i);
double fr_model_idf(const fr_model *m, uint32_t i);
/* Every term's IDF (n_terms of them), for loops that read many: fr_model_idf is a call each. */
const double *fr_model_idfs(const fr_model *m);
/* Id of a term, or -1. */
int64_t fr_model_lookup(const fr_model *m, const char *s, size_t n);
/* LSA projection: dimension (0 = the model has none) and singular values (descending). */
size_t fr_model_dim(const fr_model *m);
const float *fr_model_sigma(const fr_model *m);
/* The options as "key=value" lines (the model file's OPTS section). */
const char *fr_model_opts_text(const fr_model *m, size_t *len);

/* ---- vectorizing ------------------------------------------------------------------------- */
typedef struct fr_vectorizer fr_vectorizer;

/* A sparse row, borrowed from the vectorizer until its next call: ids ascending. */
typedef struct fr_sparse {
    const uint32_t *ids;
    const float *w;
    size_t n;
    size_t n_tokens;      /* tokens in the document, in or out of the vocabulary */
} fr_sparse;

/* The model is borrowed and must outlive the vectorizer.  One vectorizer per thread. */
fr_status fr_vectorizer_new(const fr_model *m, fr_vectorizer **out, fr_error *err);
void fr_vectorizer_free(fr_vectorizer *v);
fr_status fr_vectorize(fr_vectorizer *v, const char *text, size_t len, fr_sparse *out, fr_error *err);
/* Vectorize tokens produced elsewhere with the model's tokenizer options. */
fr_status fr_vectorize_tokens(fr_vectorizer *v, const fr_tokens *toks, fr_sparse *out, fr_error *err);

/* A document tokenized once: its tokens' term ids (-1: not in the vocabulary) and source spans, in
 * order, so that the rows of its parts come from slices (fr_vectorize_ids) and are not tokenized
 * and looked up again — where fr_tokens_slice_ok says a part's tokens are the slice's.  Owned by
 * the caller, reused from document to document; zero-initialise, free with fr_termstream_free. */
typedef struct {
    int32_t *id;
    uint32_t *ss, *se;
    size_t n, cap;
    int ordered;          /* fr_tokens.ordered: slices exist */
} fr_termstream;
fr_status fr_termstream_make(fr_vectorizer *v, const char *text, size_t len, fr_termstream *ts, fr_error *err);
/* The same from tokens made elsewhere: under the model's options, or (drop_stop) under options
 * that differ only by the model's stop words (fr_tok_opts_drop_stop_only), which are dropped here. */
fr_status fr_termstream_of(fr_vectorizer *v, const fr_tokens *toks, int drop_stop, fr_termstream *ts, fr_error *err);
void fr_termstream_free(fr_termstream *ts);
/* The tokens whose source spans lie in [a, b): [*i0, *i1), as fr_tokens_slice finds them. */
int fr_termstream_span(const fr_termstream *ts, size_t a, size_t b, size_t *i0, size_t *i1);
/* The same from token `from` on (fr_tokens_slice_at: spans read in order). */
int fr_termstream_span_at(const fr_termstream *ts, size_t a, size_t b, size_t from, size_t *i0, size_t *i1);
/* The row of term ids ids[0..n) (negative ones skipped, counted in n_tokens): what fr_vectorize
 * gives for the text whose tokens they are. */
fr_status fr_vectorize_ids(fr_vectorizer *v, const int32_t *ids, size_t n, fr_sparse *out, fr_error *err);

/* Project a TF-IDF row into the LSA space and L2-normalise it: out has fr_model_dim(m) floats (all
 * zero when x is empty).  Plain C in a fixed order, not BLAS: the vectors — and so the scores —
 * are the same bits on every x86-64 machine whatever OpenBLAS kernel it selects.
 * FR_EINVAL when the model has no projection. */
fr_status fr_project(const fr_model *m, const fr_sparse *x, float *out);
/* fr_project of n rows — row i the entries [ptr[i], ptr[i + 1]) of ids and w — into out (n ×
 * fr_model_dim(m) floats): the same bits, several rows' normalisations side by side. */
fr_status fr_project_rows(const fr_model *m, const uint32_t *ptr, const uint32_t *ids, const float *w, size_t n,
                          float *out);

#endif
