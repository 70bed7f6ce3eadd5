/* util/hash.h — the project's one hash function: XXH3-64 (xxHash, Debian libxxhash-dev) for term
 * lookups, XXH64 for file checksums.  Both are stable across versions and platforms, so hashes
 * written into model files stay valid. */
#ifndef FR_UTIL_HASH_H
#define FR_UTIL_HASH_H

#include <stddef.h>
#include <stdint.h>

uint64_t fr_hash_term(const void *p, size_t n);      /* XXH3_64bits, seed 0 */
uint64_t fr_checksum64(const void *p, size_t n);     /* XXH64, seed 0 */

#endif
