/* util/hash.c — the file checksums (long buffers: the call costs nothing beside them). */
#include "util/hash.h"

/* libxxhash's XXH3-64 with its vector code chosen when first called (AVX-512, AVX2 or SSE2:
 * xxh_x86dispatch.h; the same values on every path).  Declared here, not by including that
 * header: util/hash.h inlines xxhash.h, under which the header's declarations would be static.
 * Index files are hashed where they are read — at 100k postings ~100 MB a `match` — and the
 * inline XXH3 of this baseline-x86-64 build runs its SSE2 path, about half the speed. */
extern uint64_t XXH3_64bits_dispatch(const void *input, size_t len);

uint64_t fr_checksum64(const void *p, size_t n) { return (uint64_t)XXH64(p, n, 0); }
uint64_t fr_checksum_xxh3(const void *p, size_t n) { return XXH3_64bits_dispatch(p, n); }
