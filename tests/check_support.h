/* tests/check_support.h — helpers shared by the Check suites. */
#ifndef FR_CHECK_SUPPORT_H
#define FR_CHECK_SUPPORT_H

#include <check.h>
#include <stddef.h>

#include "tokenizer/tokenizer.h"
#include "util/buf.h"

Suite *util_suite(void);
Suite *tokenizer_suite(void);
Suite *models_suite(void);
Suite *engine_suite(void);
Suite *documents_suite(void);
Suite *scoring_suite(void);
Suite *rank_suite(void);
Suite *eval_suite(void);
/* Crafted and damaged model and index files (tests/check_index.c), run in the models suite. */
TCase *index_tcase(void);
Suite *alloc_suite(void); /* tests/check_alloc.c: the library under allocation failure */
Suite *sections_suite(void); /* tests/check_sections.c: engine/sections.c directly */
Suite *verdicts_suite(void); /* tests/check_verdicts.c: requirement kinds and verdicts */

/* Repository root (FR_ROOT, default ".") and shared data (FR_SHARED, default "../shared"). */
const char *t_root(void);
const char *t_shared(void);
/* Read a file under the root into *b; 0 on failure. */
int t_read(const char *rel, fr_buf *b);
/* fn(text, ctx) for every file of the bundled documents: examples/postings, examples/resumes,
 * tests/fixtures/postings and tests/fixtures/resumes. */
void t_each_bundled(void (*fn)(const fr_buf *text, void *ctx), void *ctx);
/* The tokens of w whose source spans begin in [a, b), joined by '|' ("!" when one ends past b):
 * what the tokens of text[a, b) alone should be where fr_tokens_slice_ok says so.  Free it. */
char *t_slice_joined(const fr_tokens *w, size_t a, size_t b);
/* The documents of a file or directory (CSV: text_col, NULL for the default), invalid UTF-8
 * replaced; NULL when it cannot be opened (a shared data set absent).  fr_input_free it. */
struct fr_input;
struct fr_input *t_input_open(const char *path, const char *text_col);
/* Path of a fresh temporary directory (created once per process). */
const char *t_tmpdir(void);

#endif
