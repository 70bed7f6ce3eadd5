/* util/io.h — whole-file reads and all-or-nothing file writes.
 *
 * fr_outfile writes to a temporary file beside the target and renames it into place only on
 * fr_outfile_commit, so a failing command never leaves a partial output file behind. */
#ifndef FR_UTIL_IO_H
#define FR_UTIL_IO_H

#include <stdio.h>

#include "util/buf.h"
#include "util/err.h"

/* Read all of `path` ("-" = stdin) into *out (appended; caller frees with fr_buf_free). */
fr_status fr_read_file(const char *path, fr_buf *out, fr_error *err);

typedef struct {
    FILE *fp;          /* write here */
    char *path;        /* final path, or NULL for stdout */
    char *tmp;         /* temporary path beside `path` */
} fr_outfile;

/* Open `path` for writing through a temporary file; NULL or "-" means stdout (written directly). */
fr_status fr_outfile_open(fr_outfile *o, const char *path, fr_error *err);
/* Flush, fsync and rename into place.  On failure the temporary file is removed. */
fr_status fr_outfile_commit(fr_outfile *o, fr_error *err);
/* Discard: close and remove the temporary file (no-op after commit). */
void fr_outfile_abort(fr_outfile *o);

#endif
