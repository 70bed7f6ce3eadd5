/* tokenizer/techterms.c — technical names whose punctuation is part of the name.
 *
 * The scanner joins characters across '.', '-', '/', '&', and accepts "++" / "#" suffixes; this
 * table decides which joined forms are names to keep whole (c++, .net, ci/cd, r&d) rather than
 * word sequences to split.  Entries are case-folded ASCII, sorted by strcmp for bsearch.  Aliases
 * ("C♯" → c#, "golang" → go) belong to the skill lexicon of the documents layer, not here. */
#include <stdlib.h>
#include <string.h>

#include "tokenizer/internal.h"

static const char *const terms[] = {
    ".net",     "24/7",     "a/b",      "a+",       "ado.net",  "asp.net",  "at&t",
    "b2b",      "b2c",      "c#",       "c++",      "ci/cd",    "d3.js",                
    "f#",       "g++",      "gpt-3",    "gpt-4",    "gpt-4o",   "i/o",      "j#",
    "k-means",  "k8s",      "m&a",      "objective-c", "os/2",  "p&l",      "pl/pgsql",
    "pl/sql",   "q#",       "q&a",      "r&d",      "s3",       "t-sql",    "tcp/ip",
    "udp/ip",   "vb.net",   "x86-64",
};

static int cmp(const void *a, const void *b)
{
    return strcmp((const char *)a, *(const char *const *)b);
}

int fr__techterm(const char *s, size_t n)
{
    char key[32];
    if (n == 0 || n >= sizeof key)
        return 0;
    memcpy(key, s, n);
    key[n] = '\0';
    return bsearch(key, terms, sizeof terms / sizeof terms[0], sizeof terms[0], cmp) != NULL;
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
