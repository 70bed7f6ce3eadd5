/* util/buf.h — growable byte buffer (the one home for "append bytes, grow geometrically").
 * A zero-initialised fr_buf is empty and valid.  The buffer owns `data`; fr_buf_free releases it.
 * `data` may move on every append: never keep pointers into it across appends, keep offsets. */
#ifndef FR_UTIL_BUF_H
#define FR_UTIL_BUF_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

typedef struct {
    char *data;
    size_t len;
    size_t cap;
    int failed;  /* an append failed since the last reset (sticky): code that appends many pieces
                    (engine/jsondoc.c) checks it once at the end, so no lost piece goes unnoticed */
} fr_buf;

/* realloc(p, new_bytes) for an array whose first old_bytes are kept (all of them: callers may have
 * written into room past their length) — large ones into memory advised for huge pages (see
 * util/buf.c).  NULL when out of memory, p then untouched; the result is freed with free(). */
void *fr_regrow(void *p, size_t old_bytes, size_t new_bytes);

fr_status fr_buf_grow(fr_buf *b, size_t extra);
/* Ensure room for `extra` more bytes (plus a NUL the buffer always keeps after len). */
static inline fr_status fr_buf_reserve(fr_buf *b, size_t extra)
{
    if (b->cap - b->len > extra)
        return FR_OK;
    return fr_buf_grow(b, extra);
}
fr_status fr_buf_append(fr_buf *b, const void *p, size_t n);
fr_status fr_buf_putc(fr_buf *b, char c);
fr_status fr_buf_printf(fr_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Append zero bytes until len is a multiple of `align` (a power of two). */
fr_status fr_buf_align(fr_buf *b, size_t align);
static inline void fr_buf_reset(fr_buf *b) { b->len = 0; b->failed = 0; if (b->data) b->data[0] = '\0'; }
void fr_buf_free(fr_buf *b);

/* Growable array of uint32 (token offsets, ids). Same ownership rules as fr_buf. */
typedef struct {
    uint32_t *v;
    size_t n;
    size_t cap;
} fr_u32vec;

fr_status fr_u32vec_reserve(fr_u32vec *a, size_t extra);
/* Inline: token pipelines push once per token. */
static inline fr_status fr_u32vec_push(fr_u32vec *a, uint32_t x)
{
    if (a->n == a->cap && fr_u32vec_reserve(a, 1) != FR_OK)
        return FR_ENOMEM;
    a->v[a->n++] = x;
    return FR_OK;
}
void fr_u32vec_free(fr_u32vec *a);

#endif
