/* engine/input.h — where documents come from: files, directories, JSONL, CSV, stdin.
 *
 *   FILE         one document; id = the path as given ("-" = stdin)
 *   DIR          recursively, every regular .txt, .md, .json, .html, .htm and .pdf file in sorted path order;
 *                other files, symlinked directories, dangling symlinks and anything that is not a
 *                regular file (a FIFO, a device, a socket — never opened, so never waited on) are
 *                counted as skipped (fr_input_skipped) so the CLI can say so
 *   X.jsonl      one document per non-blank line: {"id": ..., "text": "..."}; id defaults to X:LINE
 *   X.csv        RFC 4180 with a header row; text from --text-column (default "text"; several
 *                columns may be named, comma-separated, and are joined by newlines), id from
 *                --id-column (default: a column named "id" in any case, else X:RECORD)
 *   X.json       one document: its "text", a schema.org JobPosting or explicit required/preferred
 *                lists, a JSON Resume — laid out as text (engine/jsondoc.h) — or all its strings
 *   X.html       the visible text (tags stripped, entities decoded, with a byte map back to the
 *                source); a JSON-LD JobPosting on the page is laid out as text in alt_text (its
 *                title becomes the title; the posting parser falls back to it when the visible
 *                text has no recognisable requirements)
 *   X.pdf        the text pdftotext (poppler-utils) extracts; a clear error when it is missing
 *
 * Every input must be valid UTF-8 (a leading BOM is dropped) unless the policy is REPLACE, hold
 * no NUL byte and be at most max_bytes long; both are checked while reading, so an endless input
 * (/dev/zero, a pipe) stops at the first NUL or at the limit.  Every input is read once, from its
 * start: a FIFO or pipe loses nothing.
 * Errors name the file and byte offset: "FILE:OFFSET: reason".  Documents stream: memory holds
 * one file at a time (a piece of a JSONL file with fr_input_opts.piece_bytes). */
#ifndef FR_ENGINE_INPUT_H
#define FR_ENGINE_INPUT_H

#include <stddef.h>
#include <stdint.h>

#include "tokenizer/tokenizer.h"
#include "util/err.h"
#include "util/io.h"

typedef struct {
    const char *id_column;     /* CSV id column, or NULL for the default */
    const char *text_column;   /* CSV text column(s), or NULL for "text" */
    const char *columns;       /* CSV columns laid out as a document's sections, "COL=Heading,...":
                                  each field under its heading line ("Heading:"), a Heading of ""
                                  the document's first line (its title); overrides text_column, so
                                  that postings with their own columns ("Minimum Qualifications")
                                  are parsed into their sections */
    fr_invalid_policy invalid; /* what to do with invalid UTF-8 */
    const char *stdin_format;  /* what "-" (standard input) holds: "text" (one document, the
                                  default), "json", "jsonl", "csv" or "html"; NULL = text */
    size_t max_bytes;          /* the most bytes one input may hold (a file, stdin, a PDF's text; checked
                                  while reading): 1 .. FR_MAX_INPUT_BYTES, the default */
    size_t piece_bytes;        /* 0 (the default): every file is read whole before its first document.  Else
                                  a JSONL file (or JSONL on stdin) is read in pieces of about this many bytes,
                                  cut after a line's end (a longer line makes its piece longer), so its first
                                  documents come after one piece and memory holds a piece, not the file.  The
                                  documents, their order and offsets, and the error (code, message, offset)
                                  are those of whole reading; but a file found bad further on (a NUL byte,
                                  invalid UTF-8, over the limit, ...) fails after the documents before the
                                  bad piece were handed out, where whole reading hands out none of that
                                  file, and fr_input_skip_bad then passes over the rest of the file.  So
                                  only a caller that stops at the first error and writes nothing before the
                                  end should set it (rank --mode cosine --fit without --skip-bad). */
} fr_input_opts;

/* The first bytes of an index file (engine/index.h).  An index is mapped in place, never read as
 * a document: an input that starts with them (a pipe, or a file in a directory) is an error that
 * says so. */
#define FR_INDEX_MAGIC "FRINDEX1"

void fr_input_opts_default(fr_input_opts *o);

/* One document, borrowed from the reader until its next call. */
typedef struct {
    const char *id;
    size_t id_len;
    const char *text;
    size_t len;
    const char *path;   /* the file it came from, as given */
    size_t offset;      /* byte offset of the document (record, line) in that file */
    const char *title;  /* a title the format carried (JSON "title"), or NULL */
    const char *offsets;/* what byte offsets into `text` mean: "source" (the file's own bytes),
                           "field" (a JSONL/CSV field), "extracted" (text fitrank laid out) */
    const uint32_t *src_start, *src_end; /* HTML: source span of every text byte, else NULL */
    const char *alt_text;  /* HTML with a JSON-LD JobPosting: that posting laid out as text */
    size_t alt_len;
} fr_doc;

typedef struct fr_input fr_input;

/* Resolve the arguments (expanding directories) without reading any file yet.  Errors:
 * FR_EIO for a path that does not exist or cannot be listed. */
fr_status fr_input_open(const char *const *args, size_t n, const fr_input_opts *o, fr_input **out,
                        fr_error *err);
/* Next document: FR_OK with *more = 1 and *doc filled, or FR_OK with *more = 0 at the end, or an
 * error (FR_EIO, FR_EUTF8, FR_EFORMAT, FR_ENOMEM) whose message starts with "FILE:OFFSET: ". */
fr_status fr_input_next(fr_input *in, fr_doc *doc, int *more, fr_error *err);
/* After an error from fr_input_next, move past the bad part so reading can go on (--skip-bad):
 * the bad line of a JSONL file or the bad record of a CSV file, else the rest of that file. */
void fr_input_skip_bad(fr_input *in);
/* Files inside directories that were not read (another extension, not a regular file, a dangling
 * symlink, a symlinked directory). */
size_t fr_input_skipped(const fr_input *in);
/* Standard input read as one text document that looks like JSON Lines, JSON or CSV ("jsonl",
 * "json", "csv"), else NULL: the CLI says how to read it as such. */
const char *fr_input_stdin_hint(const fr_input *in);
/* Invalid byte sequences replaced so far (policy REPLACE). */
size_t fr_input_replaced(const fr_input *in);
void fr_input_free(fr_input *in);

#endif
