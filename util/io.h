/* util/io.h — bounded file reads and all-or-nothing file writes.
 *
 * Reads are bounded: every input is read with a byte limit (at most FR_MAX_INPUT_BYTES, the most
 * that 32-bit offsets address), checked while reading, so an endless input (/dev/zero, a pipe
 * that never ends) stops at the limit instead of exhausting memory.
 *
 * fr_outfile writes a regular file through a temporary file beside it and renames it into place
 * only on fr_outfile_commit, so a failing command never leaves a partial output file behind. */
#ifndef FR_UTIL_IO_H
#define FR_UTIL_IO_H

#include <stdint.h>
#include <stdio.h>

#include "util/buf.h"
#include "util/err.h"

/* The largest input fitrank reads (2 GiB - 1 byte): byte offsets are 32-bit signed. */
#define FR_MAX_INPUT_BYTES ((size_t)INT32_MAX)

enum {
    FR_READ_TEXT = 1 /* a NUL byte is an error (FR_EFORMAT), found while reading */
};

/* Read everything from the open descriptor `fd` (not closed here) and append it to *out; `name`
 * names it in messages.  At most `max` bytes (0 or more than FR_MAX_INPUT_BYTES: that maximum):
 * one byte more fails with FR_EFORMAT "NAME:MAX: more than MAX bytes ...".  With FR_READ_TEXT
 * reading stops at the first NUL byte: FR_EFORMAT "NAME:OFFSET: binary data (a NUL byte), not
 * text".  Offsets count from where the read started; err->offset holds them too.  On failure *out
 * keeps the bytes read before the failure (so a caller can say what the input looked like). */
fr_status fr_read_fd(int fd, const char *name, size_t max, int flags, fr_buf *out, fr_error *err);
/* What a binary file most likely is, by its first n bytes, for the message that refuses it (" (a
 * ZIP archive: a .docx …)", or ""): word processors' files are what people hand in as résumés. */
const char *fr_binary_hint(const void *bytes, size_t n);
/* Read all of `path` ("-" = stdin) into *out (appended; caller frees with fr_buf_free), at most
 * FR_MAX_INPUT_BYTES; any bytes.  Errors: FR_EIO (cannot open, a directory, read error),
 * FR_EFORMAT (over the limit), FR_ENOMEM. */
fr_status fr_read_file(const char *path, fr_buf *out, fr_error *err);

/* Told about the temporary file of an fr_outfile: fn(ctx, tmp, 1) right after it is created, and
 * fn(ctx, tmp, 0) once it has been renamed into place or removed.  It lets a program remove the
 * file when a signal ends it (the CLI keeps the path for its signal handler: cli/signals.c), with
 * no global state here.  The file is created and announced with the calling thread's signals
 * blocked, so a handler running on that thread never misses a temporary file. */
typedef struct {
    void (*fn)(void *ctx, const char *tmp, int exists);
    void *ctx;
    /* a scratch file (a spilled batch: read back by this process, removed before it ends): committed
     * without fsync — durability buys nothing there, and forcing every batch to the disk cost more
     * than writing it (an index saved so carries no checksums either: engine/index.h) */
    int scratch;
} fr_tmp_hook;

typedef struct {
    FILE *fp;          /* write here */
    char *path;        /* the target (symlinks followed), or NULL for stdout */
    char *tmp;         /* temporary path beside `path`, or NULL when written directly */
    fr_tmp_hook hook;  /* as given to fr_outfile_open_with, or zero */
} fr_outfile;

/* Open `path` for writing.
 *  - NULL, "-", or a path to the very file our standard output is (e.g. /dev/stdout): standard
 *    output, written directly.
 *  - An existing file that is not a regular file (a character device such as /dev/null, a FIFO, a
 *    socket): opened and written directly — nothing is created or replaced, and a failure cannot
 *    take back what was written.  A directory is an error.
 *  - Otherwise a regular file, written to a temporary "TARGET.tmp.XXXXXX" beside its target and
 *    renamed over it on commit.  A symlink is followed to the end of its chain and its target is
 *    replaced, as `sed -i --follow-symlinks` does: the symlink stays.  An existing file keeps its
 *    permission bits (and, where allowed, its owner and group); a new one gets 0666 less the umask.
 * Errors: FR_EIO (cannot create or open; a directory; a symlink chain that loops or cannot be
 * followed), FR_ENOMEM. */
fr_status fr_outfile_open(fr_outfile *o, const char *path, fr_error *err);
/* The same, and `hook` (may be NULL; copied) is told about the temporary file. */
fr_status fr_outfile_open_with(fr_outfile *o, const char *path, const fr_tmp_hook *hook, fr_error *err);
/* Flush, fsync (not a scratch file) and rename into place (or, written directly, flush and close).
 * On failure the temporary file is removed. */
fr_status fr_outfile_commit(fr_outfile *o, fr_error *err);
/* Discard: close and remove the temporary file (no-op after commit). */
void fr_outfile_abort(fr_outfile *o);

#endif
