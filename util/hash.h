/* util/hash.h — the project's one hash function: XXH3-64 (xxHash, Debian libxxhash-dev) for term
 * lookups, XXH64 for file checksums.  Both are stable across versions and platforms, so hashes
 * written into model files stay valid.
 *
 * This is the only file that includes xxhash.h.  The term hash is inline (XXH_INLINE_ALL): a term
 * is a few bytes, and the call through the shared library's PLT plus its length dispatch was a
 * third of a vocabulary lookup's instructions (one lookup a token in vectorize).  The inlined code
 * is xxHash's own, so the values are the library's (tests compare them with known XXH3 values). */
#ifndef FR_UTIL_HASH_H
#define FR_UTIL_HASH_H

#include <stddef.h>
#include <stdint.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

static inline uint64_t fr_hash_term(const void *p, size_t n) { return (uint64_t)XXH3_64bits(p, n); } /* seed 0 */
uint64_t fr_checksum64(const void *p, size_t n);     /* XXH64, seed 0 */

#endif
