/* util/hash.c — thin wrappers so that only this file includes xxhash.h. */
#include "util/hash.h"

#include <xxhash.h>

uint64_t fr_hash_term(const void *p, size_t n) { return (uint64_t)XXH3_64bits(p, n); }
uint64_t fr_checksum64(const void *p, size_t n) { return (uint64_t)XXH64(p, n, 0); }
