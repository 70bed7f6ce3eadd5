/* util/err.c — status names and error-detail helpers. */
#include "util/err.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

const char *fr_strerror(fr_status s)
{
    switch (s) {
    case FR_OK: return "success";
    case FR_ENOMEM: return "out of memory";
    case FR_EINVAL: return "invalid argument";
    case FR_EIO: return "input/output error";
    case FR_EFORMAT: return "malformed input";
    case FR_EVERSION: return "unsupported version";
    case FR_ECHECKSUM: return "checksum mismatch";
    case FR_EUTF8: return "invalid UTF-8";
    case FR_EEMPTY: return "nothing to do";
    }
    return "unknown error";
}

static void vset(fr_error *err, fr_status code, const char *fmt, va_list ap)
{
    err->code = code;
    if (fmt)
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    else
        snprintf(err->msg, sizeof err->msg, "%s", fr_strerror(code));
}

fr_status fr_fail(fr_error *err, fr_status code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vset(err, code, fmt, ap);
        va_end(ap);
        err->has_offset = 0;
        err->offset = 0;
    }
    return code;
}

fr_status fr_fail_at(fr_error *err, fr_status code, size_t offset, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vset(err, code, fmt, ap);
        va_end(ap);
        err->has_offset = 1;
        err->offset = offset;
    }
    return code;
}

void fr_error_clear(fr_error *err)
{
    if (err) {
        err->code = FR_OK;
        err->has_offset = 0;
        err->offset = 0;
        err->msg[0] = '\0';
    }
}

void fr_error_prefix(fr_error *err, const char *fmt, ...)
{
    if (!err)
        return;
    char head[256], old[sizeof err->msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(head, sizeof head, fmt, ap);
    va_end(ap);
    memcpy(old, err->msg, sizeof old);
    size_t h = strlen(head);
    if (h + 2 >= sizeof err->msg)
        h = sizeof err->msg - 3;
    memcpy(err->msg, head, h);
    memcpy(err->msg + h, ": ", 2);
    size_t room = sizeof err->msg - h - 3, ol = strlen(old);
    if (ol > room)
        ol = room;
    memcpy(err->msg + h + 2, old, ol);
    err->msg[h + 2 + ol] = '\0';
}

int fr_size_mul(size_t a, size_t b, size_t *out)
{
    if (a != 0 && b > SIZE_MAX / a)
        return 0;
    *out = a * b;
    return 1;
}

int fr_size_add(size_t a, size_t b, size_t *out)
{
    if (b > SIZE_MAX - a)
        return 0;
    *out = a + b;
    return 1;
}
