/* util/arena.h — bump allocator for the many small strings and arrays of one parsed document.
 * Everything allocated from an arena lives until fr_arena_free; nothing is freed singly.  This
 * keeps a document's ownership story to one line: free the document, free its arena. */
#ifndef FR_UTIL_ARENA_H
#define FR_UTIL_ARENA_H

#include <stddef.h>

typedef struct fr_arena_block fr_arena_block;
typedef struct {
    fr_arena_block *head;
    int failed;  /* an allocation failed (sticky): a parser that builds many small pieces checks this
                    once at its end instead of at every call, so no failure is silently dropped */
} fr_arena;

/* Allocate n bytes aligned to 16; NULL on out-of-memory (and `failed` set).  A zero-initialised
 * fr_arena is empty. */
void *fr_arena_alloc(fr_arena *a, size_t n);
/* Copy s[0..n) and add a NUL. */
char *fr_arena_strndup(fr_arena *a, const char *s, size_t n);
void fr_arena_free(fr_arena *a);

#endif
