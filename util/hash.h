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
#include <string.h>

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "fr_short_words reads little-endian words"
#endif

#define XXH_INLINE_ALL
#include <xxhash.h>

static inline uint64_t fr_hash_term(const void *p, size_t n) { return (uint64_t)XXH3_64bits(p, n); } /* seed 0 */
uint64_t fr_checksum64(const void *p, size_t n);     /* XXH64, seed 0: model files, sample splits */
/* XXH3-64, seed 0: index files (format 9 on).  Twice XXH64's speed on long buffers and far less
 * setup on short ones — `match` verifies every candidate's bytes, some twenty slices each. */
uint64_t fr_checksum_xxh3(const void *p, size_t n);

/* Short strings (up to FR_SHORT bytes: 99.8 % of the shared corpus's tokens) for in-memory sets
 * that are never written to a file — the vectorizer's vocabulary index, the tokenizer's stop
 * words: the string as two little-endian words, zero past its end, hashed by one 64×64→128-bit
 * multiply (wyhash's multiply-and-fold, keys xor'd in so that zero words do not zero the product).
 * Two words compare in two instructions, and a token followed by readable bytes loads without a
 * branch on its length (XXH3 decides between four length classes). */
#define FR_SHORT 16

/* The bytes of the two words a string of n bytes fills (a table: computed, the masks compiled to
 * branches on the length, mispredicted on one token in three). */
static const uint64_t fr_short_mask[FR_SHORT + 1][2] = {
    {0x0u, 0x0u}, {0xffu, 0x0u}, {0xffffu, 0x0u}, {0xffffffu, 0x0u}, {0xffffffffu, 0x0u}, {0xffffffffffu, 0x0u},
    {0xffffffffffffu, 0x0u}, {0xffffffffffffffu, 0x0u}, {0xffffffffffffffffu, 0x0u}, {0xffffffffffffffffu, 0xffu},
    {0xffffffffffffffffu, 0xffffu}, {0xffffffffffffffffu, 0xffffffu}, {0xffffffffffffffffu, 0xffffffffu},
    {0xffffffffffffffffu, 0xffffffffffu}, {0xffffffffffffffffu, 0xffffffffffffu},
    {0xffffffffffffffffu, 0xffffffffffffffu}, {0xffffffffffffffffu, 0xffffffffffffffffu}};

/* s[0..n) (n ≤ FR_SHORT) as two words, reading only s[0..n). */
static inline void fr_short_words(const char *s, size_t n, uint64_t *w0, uint64_t *w1)
{
    uint64_t a = 0, b = 0;
    if (n >= 8) {
        memcpy(&a, s, 8);
        if (n > 8) { /* the last 8 bytes, shifted down to drop those a already has */
            memcpy(&b, s + n - 8, 8);
            b >>= 8 * (16 - n);
        }
    } else if (n >= 4) { /* the first 4 and the last 4, which may overlap (the same bytes) */
        uint32_t x, y;
        memcpy(&x, s, 4);
        memcpy(&y, s + n - 4, 4);
        a = x | (uint64_t)y << (8 * (n - 4));
    } else if (n > 0) {
        const unsigned char *u = (const unsigned char *)s;
        a = u[0] | (uint64_t)u[n / 2] << (8 * (n / 2)) | (uint64_t)u[n - 1] << (8 * (n - 1));
    }
    *w0 = a;
    *w1 = b;
}

/* The same for s followed by readable bytes (FR_SHORT from s on): two loads, two masks. */
static inline void fr_short_words_padded(const char *s, size_t n, uint64_t *w0, uint64_t *w1)
{
    uint64_t a, b;
    memcpy(&a, s, 8);
    memcpy(&b, s + 8, 8);
    *w0 = a & fr_short_mask[n][0];
    *w1 = b & fr_short_mask[n][1];
}

static inline uint64_t fr_hash_short(uint64_t w0, uint64_t w1)
{
    __extension__ typedef unsigned __int128 u128;
    u128 p = (u128)(w0 ^ 0x9e3779b97f4a7c15u) * (u128)(w1 ^ 0xd6e8feb86659fd93u);
    return (uint64_t)p ^ (uint64_t)(p >> 64);
}

#endif
