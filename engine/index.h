/* engine/index.h — prepared document sets on disk (`fitrank index build`), mapped back in place.
 *
 * Layout (little-endian, as the model file): a 128-byte header — magic "FRINDEX1", format
 * version, kind (postings/résumés), counts, LSA dimension, skill-bitset width, the hash of the
 * model that prepared the documents, the skill lexicon version — then a table of sections
 * (id, offset, size), then the sections, each 64-byte aligned so that float and integer arrays
 * are used straight from the mapping.  Opening an index costs a mmap and a structural check of
 * the offsets (nothing that could send a read out of bounds is trusted), not a copy: that is what
 * lets `match` answer against 100k prebuilt postings in milliseconds.  The header and section
 * table carry an XXH64 checksum; the bulk arrays are checked structurally, not hashed (hashing a
 * gigabyte would cost more than the query). */
#ifndef FR_ENGINE_INDEX_H
#define FR_ENGINE_INDEX_H

#include "engine/docset.h"

#define FR_INDEX_FORMAT_VERSION 4  /* 4: postings carry their skill sets */

/* 1 if `path` is a readable regular file that starts with the index magic.  Anything else (a FIFO,
 * /dev/stdin, "-") is not opened at all, so no byte of it is consumed. */
int fr_index_sniff(const char *path);
/* Write `s` atomically (temporary file + rename). */
fr_status fr_index_save(const fr_docset *s, const char *path, fr_error *err);
/* The same, and `hook` (may be NULL) is told about the temporary file (util/io.h). */
fr_status fr_index_save_with(const fr_docset *s, const char *path, const fr_tmp_hook *hook, fr_error *err);
/* Map an index of `kind` prepared with model `m` and lexicon `lx`.  Errors: FR_EIO, FR_EFORMAT (not an index,
 * truncated, inconsistent), FR_EVERSION (another format version, model, lexicon or kind: the
 * message says which and how to rebuild). */
fr_status fr_index_map(const char *path, const fr_model *m, const fr_lexicon *lx, int kind, fr_docset *out,
                       fr_error *err);
/* Append copies of src's documents to dst (same kind and model). */
fr_status fr_docset_append(fr_docset *dst, const fr_docset *src, fr_error *err);

#endif
