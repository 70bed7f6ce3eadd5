/* tokenizer/techterms.c — technical names whose punctuation is part of the name.
 *
 * The scanner joins characters across '.', '-', '/', '&', and accepts "++" / "#" suffixes; this
 * table decides which joined forms are names to keep whole (c++, .net, ci/cd, r&d) rather than
 * word sequences to split.  Entries are case-folded ASCII.  Aliases
 * ("C♯" → c#, "golang" → go) belong to the skill lexicon of the documents layer, not here. */
#include <string.h>

#include "tokenizer/internal.h"

/* The names grouped by length (a compound is looked up among those of its length, first byte
 * first: a few compares, where a binary search over all cost ~6 strcmp calls), sorted within. */
#define MAX_TERM 11
static const char *const terms[] = {
    "a+", "c#", "f#", "j#", "q#", "s3", "a/b", "b2b", "b2c", "c++", "g++", "i/o", "k8s", "m&a",
    "p&l", "q&a", "r&d", ".net", "24/7", "at&t", "os/2", "ci/cd", "d3.js", "gpt-3", "gpt-4",
    "t-sql", "gpt-4o", "pl/sql", "tcp/ip", "udp/ip", "vb.net", "x86-64", "ado.net", "asp.net",
    "k-means", "pl/pgsql", "objective-c",
};
/* terms[by_len[n] .. by_len[n + 1]) have length n */
static const unsigned char by_len[MAX_TERM + 2] = {0, 0, 0, 6, 17, 21, 26, 32, 35, 36, 36, 36, 37};

int fr__techterm(const char *s, size_t n)
{
    if (n == 0 || n > MAX_TERM)
        return 0;
    for (unsigned i = by_len[n]; i < by_len[n + 1]; i++)
        if (terms[i][0] == s[0] && memcmp(terms[i], s, n) == 0)
            return 1;
    return 0;
}

int fr__is_cjk(int32_t cp)
{
    if (cp < 0x1100)
        return 0;
    return (cp >= 0x1100 && cp <= 0x11FF) ||   /* Hangul Jamo */
           (cp >= 0x2E80 && cp <= 0x2FDF) ||   /* CJK / Kangxi radicals */
           (cp >= 0x3005 && cp <= 0x3007) ||   /* 々 〆 〇 */
           (cp >= 0x3021 && cp <= 0x3029) ||   /* Hangzhou numerals */
           (cp >= 0x3038 && cp <= 0x303B) ||
           (cp >= 0x3041 && cp <= 0x309F) ||   /* Hiragana */
           (cp >= 0x30A0 && cp <= 0x30FF) ||   /* Katakana */
           (cp >= 0x3130 && cp <= 0x318F) ||   /* Hangul compatibility jamo */
           (cp >= 0x31F0 && cp <= 0x31FF) ||   /* Katakana phonetic extensions */
           (cp >= 0x3400 && cp <= 0x4DBF) ||   /* Han ext. A */
           (cp >= 0x4E00 && cp <= 0x9FFF) ||   /* Han */
           (cp >= 0xA960 && cp <= 0xA97F) ||   /* Hangul jamo ext. A */
           (cp >= 0xAC00 && cp <= 0xD7FF) ||   /* Hangul syllables, jamo ext. B */
           (cp >= 0xF900 && cp <= 0xFAFF) ||   /* Han compatibility */
           (cp >= 0xFF66 && cp <= 0xFF9F) ||   /* halfwidth Katakana */
           (cp >= 0x20000 && cp <= 0x323AF);   /* Han ext. B–H */
}
