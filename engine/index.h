/* engine/index.h — prepared document sets on disk (`fitrank index build`), mapped back in place.
 *
 * Layout (little-endian, as the model file): a 128-byte header — magic "FRINDEX1", format
 * version, kind (postings/résumés), counts, LSA dimension, skill-bitset width, the hash of the
 * model that prepared the documents, the skill lexicon version — then a table of sections
 * (id, offset, size, XXH64 of the section), then the sections, each 64-byte aligned so that float
 * and integer arrays are used straight from the mapping; one section holds an XXH64 checksum per
 * document.  Opening an index costs a mmap, the header and table checksum and a structural check
 * of the offsets (nothing that could send a read out of bounds is trusted), not a copy: that is
 * what lets `match` answer against 100k prebuilt postings in milliseconds.
 *
 * The contents are verified lazily, each part once, the first time it is used: a document's own
 * data by its two document checksums — what scoring reads (fr_docset_check_scoring, before a
 * candidate is scored) and its texts and requirement view (fr_docset_check_doc, before it is
 * reported, explained or used as a query); the parts every query reads of every document (coarse
 * vectors, skill sets) as whole sections, the first time any document is checked — before a
 * result can be reported; each list of an inverted index by its own checksum before it is walked
 * (fr_docset_check_list: a query walks the lists of its terms only); fr_docset_check_all verifies
 * every section.  Floats are checked to be finite along the way.  So a flipped bit gives an
 * error, never a different result, and a query that reads a few thousand of 100k postings hashes
 * those, not the gigabyte.  (On a virtual machine a page first touched costs more than hashing
 * it: what no query reads is not hashed.) */
#ifndef FR_ENGINE_INDEX_H
#define FR_ENGINE_INDEX_H

#include "engine/docset.h"

#define FR_INDEX_FORMAT_VERSION 10 /* 4: postings carry their skill sets; 5: section and document checksums;
                                      6: requirement kinds, chunk cues, résumé records (verdicts);
                                      7: chunks' skills, items' substitutes; 8: documents' texts;
                                      9: XXH3-64 checksums (util/hash.h); 10: no dense requirement
                                      views */

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
/* Map a scratch index: one this process has just written with a scratch hook (fr_tmp_hook.scratch:
 * no checksums) — a spilled batch.  The structure is checked as fr_index_map checks it; nothing is
 * hashed, then or later.  Never for a file another process could have written. */
fr_status fr_index_map_scratch(const char *path, const fr_model *m, const fr_lexicon *lx, int kind, fr_docset *out,
                               fr_error *err);
/* Reading a mapped index whose pages are not in the page cache (a cold `match`).  The device's
 * read-ahead (8 MB on these machines) made each fault in a section read at random pull megabytes
 * around it: a cold match at 100k postings read 1.2 GB of its 1.36 GB file.
 * fr_index_advise_query: the sections read a document at a time are read page by page
 * (MADV_RANDOM), those a query reads whole are asked for at once (MADV_WILLNEED).
 * fr_index_cold: 1 when over a quarter of sampled pages of the per-document sections are not in
 * memory — then the caller asks for what it will read in bulk, so that the device serves the
 * reads together:
 * fr_index_prefetch_list (list t of inverted index inv of s) and fr_index_prefetch_doc (what
 * scoring reads of document i).  Advice only: no result depends on them; a set not mapped from an
 * index is left alone. */
void fr_index_advise_query(const fr_docset *s);
int fr_index_cold(const fr_docset *s);
void fr_index_prefetch_list(const fr_docset *s, const fr_csr_rows *inv, uint32_t t);
void fr_index_prefetch_doc(const fr_docset *s, size_t i);
/* Reading a mapped index warm: its pages are in memory, but what verifying and scoring a document
 * reads lies in a dozen sections, each a miss to memory that waits on the one before (the
 * document's ranges, then its rows' ranges, then the rows): ~4 µs a posting of `match`'s
 * candidates.  fr_index_cache_doc asks the cache for stage `stage` (0, 1, 2: each needs the lines
 * of the one before) of what document i's verification reads; fr_docset_check_scoring_many runs
 * the stages a few documents apart.  Hints only: nothing is read but offsets checked at open. */
void fr_index_cache_doc(const fr_docset *s, size_t i, int stage);
/* Append copies of src's documents to dst (same kind and model). */
fr_status fr_docset_append(fr_docset *dst, const fr_docset *src, fr_error *err);
/* Append src's documents to dst and empty src (its memory kept for reuse).  When dst is empty and
 * neither is mapped, by exchanging their arrays: no copy (a batch of prepared documents is its
 * preparing thread's set, 100 MB for 2,484 real résumés); else a copy, as fr_docset_append. */
fr_status fr_docset_append_take(fr_docset *dst, fr_docset *src, fr_error *err);
/* The same for documents [i0, i1) of src only (a sample of queries: `fitrank bench --recall`). */
fr_status fr_docset_append_range(fr_docset *dst, const fr_docset *src, size_t i0, size_t i1, fr_error *err);

/* The lazy verification of a mapped set (s->verify; a no-op for sets built in memory), called by
 * fr_docset_check_doc / fr_docset_check_scoring (document i's core, or with rest its texts and
 * requirement view) and fr_docset_check_all: FR_EFORMAT with a message naming the file and the
 * part when a checksum does not match or a number is not finite.  Thread-safe: each section is
 * hashed once, by the first thread that needs it. */
fr_status fr_index_verify_doc(const fr_docset *s, size_t i, int rest, fr_error *err);
/* What every query reads of every document (coarse vectors, skill sets, the inverted lists'
 * starts), verified once — by the first fr_index_verify_doc, or ahead of it by a caller about to
 * read them (match_lists). */
fr_status fr_index_verify_shared(const fr_docset *s, fr_error *err);
fr_status fr_index_verify_all(const fr_docset *s, fr_error *err);
/* Document i's source (fr_docset_src: what only `explain` reads) against its own checksum. */
fr_status fr_index_verify_src(const fr_docset *s, size_t i, fr_error *err);
void fr_index_verify_free(struct fr_index_verify *v);
/* The checksums of document i (rest 0: its core, 1: its strings and requirement view, 2: its
 * source) and of list t
 * of an inverted index, as an index file stores them (for tests/fuzz/fuzz_index.c, which reseals
 * the indexes it mutates so that the engine behind the checksums is fuzzed too). */
uint64_t fr_index_doc_sum(const fr_docset *s, size_t i, int rest);
uint64_t fr_index_list_sum(const fr_csr_rows *inv, size_t t);
/* The file a set was mapped from ("index" for a set built in memory), for messages. */
const char *fr_index_path(const fr_docset *s);

#endif
