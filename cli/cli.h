/* cli/cli.h — shared pieces of the command-line front end: exit codes, messages, option groups
 * used by several commands, and JSON output helpers.  Only the CLI prints or exits. */
#ifndef FR_CLI_H
#define FR_CLI_H

#include <getopt.h>
#include <stdio.h>

#include "fr.h"
#include "util/io.h"

/* Exit codes (documented in README.md and `fitrank --help`). */
enum {
    FR_EXIT_OK = 0,
    FR_EXIT_INPUT = 1,  /* unreadable or invalid input, bad model file */
    FR_EXIT_USAGE = 2,  /* unknown option, missing or bad argument */
    FR_EXIT_OUTPUT = 3  /* cannot write the output, out of memory */
};

#define FR_VERSION "0.1.0"

/* The OpenBLAS kernel `fit` runs (cli/main.c): the same model file on every x86-64 machine with
 * AVX2 and FMA.  Haswell's, because the embedded reference model was fitted with it. */
#define FR_FIT_CORETYPE "Haswell"

/* "fitrank: <msg>" on stderr, as one line: control characters in the message (from file names,
 * ids, input) are escaped (util/term.h); returns `code` so callers write `return cli_err(...)`. */
int cli_err(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "fitrank: <msg>" on stderr for notes, warnings and summaries (escaped as cli_err escapes). */
void cli_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Write s for a person to read (a table cell, an id, a title, an item): control characters and
 * invalid UTF-8 become visible escapes (util/term.h).  NULL writes nothing. */
void cli_term(FILE *fp, const char *s);
/* The columns of the terminal fp writes to, or 0 when it is not a terminal (a file or a pipe:
 * nothing is cut).  From the terminal itself, else $COLUMNS, else 80. */
size_t cli_width(FILE *fp);
/* cli_term for a line that already holds `col` columns: with a width, text that would run past it
 * is cut at a character boundary and ends in "…" (display columns: wide characters count 2). */
void cli_term_fit(FILE *fp, const char *s, size_t col, size_t width);
/* cli_term for s[0..n) on a line that already holds `col` columns: with a width, words that would
 * run past it go on to new lines indented by `indent` (nothing is cut; a word longer than a line
 * stays whole); without one, as it is. */
void cli_term_wrap(FILE *fp, const char *s, size_t n, size_t col, size_t width, size_t indent);
/* Usage error for command `cmd`: message plus a pointer to --help; returns FR_EXIT_USAGE. */
int cli_usage_err(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Map a library failure to an exit code and print err->msg. */
int cli_fail(const fr_error *err);

/* Option ids shared by commands (values above 255 so they never clash with short options). */
enum {
    OPT_STOP = 256, OPT_STEM, OPT_NGRAM_MIN, OPT_NGRAM_MAX, OPT_MIN_LEN, OPT_STRIP_ACCENTS, OPT_HYPHEN,
    OPT_ID_COL, OPT_TEXT_COL, OPT_INVALID, OPT_MODEL, OPT_TF, OPT_IDF, OPT_NORM, OPT_MIN_DF, OPT_MAX_DF,
    OPT_MAX_FEATURES, OPT_JSON, OPT_HELP, OPT_FORMAT, OPT_AS_OF, OPT_SKIP_BAD, OPT_WITH_TEXT, OPT_DIM, OPT_THREADS,
    OPT_MAX_INPUT, OPT_QUIET, OPT_INPUT_FORMAT, OPT_P_ID_COL, OPT_P_TEXT_COL, OPT_P_COLS, OPT_R_ID_COL,
    OPT_R_TEXT_COL, OPT_R_COLS
};

#define CLI_TOKENIZER_LONGOPTS                                                   \
    {"stop-words", required_argument, NULL, OPT_STOP},                           \
    {"stem", required_argument, NULL, OPT_STEM},                                 \
    {"ngram-min", required_argument, NULL, OPT_NGRAM_MIN},                       \
    {"ngram-max", required_argument, NULL, OPT_NGRAM_MAX},                       \
    {"min-len", required_argument, NULL, OPT_MIN_LEN},                           \
    {"strip-accents", no_argument, NULL, OPT_STRIP_ACCENTS},                     \
    {"hyphen", required_argument, NULL, OPT_HYPHEN}

#define CLI_INPUT_LONGOPTS                                                       \
    {"id-column", required_argument, NULL, OPT_ID_COL},                          \
    {"text-column", required_argument, NULL, OPT_TEXT_COL},                      \
    {"invalid", required_argument, NULL, OPT_INVALID},                          \
    {"max-input-bytes", required_argument, NULL, OPT_MAX_INPUT},                \
    {"quiet", no_argument, NULL, OPT_QUIET},                                     \
    {"input-format", required_argument, NULL, OPT_INPUT_FORMAT}

/* Input options of one side, beside the shared ones: a postings CSV and a résumés CSV in one run. */
#define CLI_SIDE_LONGOPTS                                                        \
    {"posting-id-column", required_argument, NULL, OPT_P_ID_COL},                \
    {"posting-text-column", required_argument, NULL, OPT_P_TEXT_COL},            \
    {"posting-columns", required_argument, NULL, OPT_P_COLS},                    \
    {"resume-id-column", required_argument, NULL, OPT_R_ID_COL},                 \
    {"resume-text-column", required_argument, NULL, OPT_R_TEXT_COL},             \
    {"resume-columns", required_argument, NULL, OPT_R_COLS}

typedef struct {
    const char *id_column, *text_column;
    char columns[1024]; /* "COL=Heading,..." for the reader (engine/input.h), from COL=section; "" = none */
} cli_side_opts;
/* Apply a side option to side[0] (postings) or side[1] (résumés); same convention as
 * cli_input_opt.  Sections: postings title, summary, responsibilities, required, preferred, skills,
 * benefits, text; résumés title, summary, experience, education, skills, certifications,
 * languages, projects, text. */
int cli_side_opt(const char *cmd, int opt, const char *arg, cli_side_opts side[2]);
/* The input options of one side: the shared ones with the side's on top. */
fr_input_opts cli_side_io(const fr_input_opts *base, const cli_side_opts *side);

/* Apply a tokenizer option (returns 1 if `opt` was one, 0 if not, -1 after a usage error). */
int cli_tokenizer_opt(const char *cmd, int opt, const char *arg, fr_tok_opts *o, int *touched);
/* Apply an input option (same convention). */
int cli_input_opt(const char *cmd, int opt, const char *arg, fr_input_opts *o);
/* Report what getopt_long refused — an unknown option (with the closest of `longopts` when it looks
 * like a typo), a missing argument, or an option of another command (`c`, one of `longopts`' codes
 * the command does not take: named, with what to use instead); returns FR_EXIT_USAGE. */
int cli_getopt_err(const char *cmd, char **argv, int c, const struct option *longopts);
/* The closest of the n words of `cands` to `word` when it is near enough to be a typo (edit
 * distance with transpositions, at most 1 for short words and 2 or 3 for longer ones), else NULL. */
const char *cli_suggest(const char *word, const char *const *cands, size_t n);
/* Postings without recognised required or preferred items: counted while reading, reported in one
 * note at the end rather than one line per posting (600 lines in a run of Google postings). */
typedef struct {
    size_t n;
    char *ids[3];   /* the first few ids (owned; NULL where memory ran out: the count stays right) */
} cli_no_items;
void cli_no_items_add(cli_no_items *t, const char *id, size_t id_len);
void cli_no_items_note(const cli_no_items *t);
void cli_no_items_free(cli_no_items *t);
/* --quiet: notes are not printed (errors still are).  Set once while parsing the arguments. */
void cli_set_quiet(int quiet);

/* Print a note about skipped/replaced input (to stderr), if any. */
void cli_input_notes(const fr_input *in);
/* End a command that wrote `out`: when rc is FR_EXIT_OK, commit the output (renaming a -o file
 * into place) and print the input notes; returns the final exit code. */
int cli_finish_output(fr_outfile *out, const fr_input *in, int rc);

/* Signals (cli/signals.c): after cli_signals_install, SIGINT, SIGTERM, SIGHUP and SIGPIPE (unless
 * ignored) remove the temporary file of every output opened with cli_outfile_open (or written with
 * cli_tmp_hook()), then end the process by that signal as before. */
void cli_signals_install(void);
/* fr_outfile_open with the hook that keeps the temporary path for the signal handler. */
fr_status cli_outfile_open(fr_outfile *o, const char *path, fr_error *err);
const fr_tmp_hook *cli_tmp_hook(void);
/* Keep (exists = 1) or forget (0) a temporary path of our own for the handler, which unlinks the
 * files and then removes the directories kept.  Any thread (preparing threads keep their batch
 * files); up to 72 paths at once, a path beyond that is not kept.  A path in a private directory
 * may be kept before it is created. */
void cli_tmp_keep(const char *path, int exists);
/* mkdtemp, and the directory kept as above (with signals blocked in between); forget it with
 * cli_tmp_keep(dir, 0) once removed. */
char *cli_mkdtemp(char *tmpl);

/* Call fn for every document of `in`; stop at the first failure and report it (a failure that
 * carries an offset into the document is reported as FILE:OFFSET of the file).  Returns an exit
 * code. */
typedef fr_status (*cli_doc_fn)(void *ctx, const fr_doc *d, fr_error *err);
int cli_each_doc(fr_input *in, cli_doc_fn fn, void *ctx);
/* The same, but a bad document is reported and skipped; returns FR_EXIT_INPUT at the end if any
 * was skipped (and *n_bad says how many). */
int cli_each_doc_skip(fr_input *in, cli_doc_fn fn, void *ctx, size_t *n_bad);

/* --as-of: "YYYY-MM", "YYYY-MM-DD" (day ignored) or "YYYY"; NULL = this month (UTC).  Returns 1,
 * or 0 after printing a usage error. */
int cli_as_of(const char *cmd, const char *arg, fr_ym *out);

/* A growable list of command-line arguments (the inputs that follow --postings, --resumes ...). */
typedef struct {
    const char **v;
    size_t n;
} cli_args;
/* Append a; 0 when out of memory.  The strings stay argv's; free the list with free(l->v). */
int cli_args_push(cli_args *l, const char *a);

/* JSON output: a string with escapes (UTF-8 passes through). */
void cli_json_str(FILE *fp, const char *s, size_t n);

int cmd_tokenize(int argc, char **argv);
int cmd_fit(int argc, char **argv);
int cmd_vectorize(int argc, char **argv);
int cmd_model(int argc, char **argv);
int cmd_parse(int argc, char **argv);
int cmd_rank(int argc, char **argv);
int cmd_match(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_index(int argc, char **argv);
int cmd_bench(int argc, char **argv);
int cmd_eval(int argc, char **argv);

#endif
