/* util/arena.c — blocks of 64 KiB (or larger for big requests), bump-allocated. */
#include "util/arena.h"

#include <stdlib.h>
#include <string.h>

struct fr_arena_block {
    fr_arena_block *next;
    size_t used, cap;
    _Alignas(16) unsigned char data[];
};

void *fr_arena_alloc(fr_arena *a, size_t n)
{
    if (n > (size_t)-1 - 15) { /* rounding up would wrap to a tiny block */
        a->failed = 1;
        return NULL;
    }
    n = (n + 15) & ~(size_t)15;
    if (n == 0)
        n = 16;
    fr_arena_block *b = a->head;
    if (!b || b->cap - b->used < n) {
        size_t cap = n > (64u << 10) ? n : (64u << 10);
        b = cap <= (size_t)-1 - sizeof *b ? malloc(sizeof *b + cap) : NULL;
        if (!b) {
            a->failed = 1;
            return NULL;
        }
        b->used = 0;
        b->cap = cap;
        b->next = a->head;
        a->head = b;
    }
    void *p = b->data + b->used;
    b->used += n;
    return p;
}

char *fr_arena_strndup(fr_arena *a, const char *s, size_t n)
{
    char *p = fr_arena_alloc(a, n + 1);
    if (!p)
        return NULL;
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void fr_arena_free(fr_arena *a)
{
    fr_arena_block *b = a->head;
    while (b) {
        fr_arena_block *n = b->next;
        free(b);
        b = n;
    }
    a->head = NULL;
    a->failed = 0;
}
