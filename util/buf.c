/* util/buf.c — growable buffers.  Growth is geometric (×2) so appends are amortised O(1). */
#define _DEFAULT_SOURCE /* madvise, MADV_HUGEPAGE (Linux) */
#include "util/buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* From 4 MB an array grows into a block that asks for transparent huge pages before anything is
 * written to it (where the kernel gives them only on request, as Debian's does).  A set of
 * prepared documents fills its arrays page by page — 187 MB of chunk vectors for 2,484 résumés —
 * and a fault a 4 KB page was a quarter of preparing a résumé on these machines (138 k faults for
 * those 2,484; 36 k this way, preparation's wall time −27 %: bench/RESULTS.md).  realloc's copy
 * would fault the new block's pages before any advice could reach them, hence malloc, advice,
 * copy.  Advice only: a kernel without it changes nothing but the time. */
#define HUGE_FROM ((size_t)4 << 20)

static void advise_huge(void *p, size_t bytes)
{
#ifdef MADV_HUGEPAGE
    long pg = sysconf(_SC_PAGESIZE);
    uintptr_t ps = pg > 0 ? (uintptr_t)pg : 4096;
    uintptr_t a = ((uintptr_t)p + ps - 1) / ps * ps, e = ((uintptr_t)p + bytes) / ps * ps;
    if (e > a)
        (void)madvise((void *)a, e - a, MADV_HUGEPAGE);
#else
    (void)p;
    (void)bytes;
#endif
}

void *fr_regrow(void *p, size_t old_bytes, size_t new_bytes)
{
    if (new_bytes < HUGE_FROM)
        return realloc(p, new_bytes);
    void *q = malloc(new_bytes);
    if (!q)
        return NULL; /* p untouched, as realloc leaves it */
    advise_huge(q, new_bytes);
    if (p && old_bytes)
        memcpy(q, p, old_bytes < new_bytes ? old_bytes : new_bytes);
    free(p);
    return q;
}

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
    char *p = grow_cap(need, b->cap, &cap) ? fr_regrow(b->data, b->cap, cap) : NULL;
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
    uint32_t *p = fr_regrow(a->v, a->cap * sizeof *a->v, bytes);
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
