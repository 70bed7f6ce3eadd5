/* util/hash.c — the file checksum (a long buffer: the call costs nothing beside it). */
#include "util/hash.h"

uint64_t fr_checksum64(const void *p, size_t n) { return (uint64_t)XXH64(p, n, 0); }
uint64_t fr_checksum_xxh3(const void *p, size_t n) { return (uint64_t)XXH3_64bits(p, n); }
