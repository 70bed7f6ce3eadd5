/* util/buf.c — growable buffers.  Growth is geometric (×2) so appends are amortised O(1). */
#include "util/buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int grow_cap(size_t need, size_t cap, size_t *out)
{
    size_t c = cap ? cap : 64;
    while (c < need) {
        if (c > SIZE_MAX / 2)
            return 0;
        c *= 2;
    }
    *out = c;
    return 1;
}

fr_status fr_buf_grow(fr_buf *b, size_t extra)
{
    size_t need, cap;
    if (!fr_size_add(b->len, extra, &need) || !fr_size_add(need, 1, &need)) {
        b->failed = 1;
        return FR_ENOMEM;
    }
    if (need <= b->cap)
        return FR_OK;
    char *p = grow_cap(need, b->cap, &cap) ? realloc(b->data, cap) : NULL;
    if (!p) {
        b->failed = 1;
        return FR_ENOMEM;
    }
    b->data = p;
    b->cap = cap;
    return FR_OK;
}

fr_status fr_buf_append(fr_buf *b, const void *p, size_t n)
{
    if (fr_buf_reserve(b, n) != FR_OK)
        return FR_ENOMEM;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return FR_OK;
}

fr_status fr_buf_putc(fr_buf *b, char c)
{
    if (b->len + 1 >= b->cap && fr_buf_reserve(b, 1) != FR_OK)
        return FR_ENOMEM;
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
    return FR_OK;
}

fr_status fr_buf_printf(fr_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return FR_EINVAL;
    if (fr_buf_reserve(b, (size_t)n) != FR_OK)
        return FR_ENOMEM;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return FR_OK;
}

fr_status fr_buf_align(fr_buf *b, size_t align)
{
    static const char zeros[64];
    while (b->len % align) {
        size_t pad = align - b->len % align;
        if (pad > sizeof zeros)
            pad = sizeof zeros;
        if (fr_buf_append(b, zeros, pad) != FR_OK)
            return FR_ENOMEM;
    }
    return FR_OK;
}

void fr_buf_free(fr_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->failed = 0;
}

fr_status fr_u32vec_reserve(fr_u32vec *a, size_t extra)
{
    size_t need;
    if (!fr_size_add(a->n, extra, &need))
        return FR_ENOMEM;
    if (need <= a->cap)
        return FR_OK;
    size_t cap, bytes;
    if (!grow_cap(need, a->cap, &cap) || !fr_size_mul(cap, sizeof *a->v, &bytes))
        return FR_ENOMEM;
    uint32_t *p = realloc(a->v, bytes);
    if (!p)
        return FR_ENOMEM;
    a->v = p;
    a->cap = cap;
    return FR_OK;
}

void fr_u32vec_free(fr_u32vec *a)
{
    free(a->v);
    a->v = NULL;
    a->n = a->cap = 0;
}
