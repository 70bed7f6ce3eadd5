/* util/err.h — status codes and the caller-owned error detail every fallible call takes.
 *
 * Library code never prints or exits: a failing call returns a status and, when the caller passed
 * a non-NULL fr_error, a one-line message there.  Unlike cJSON's global error pointer, the detail
 * lives in the caller's struct, so concurrent calls on different handles never race. */
#ifndef FR_UTIL_ERR_H
#define FR_UTIL_ERR_H

#include <stddef.h>

typedef enum {
    FR_OK = 0,      /* success */
    FR_ENOMEM,      /* allocation failed or a size would overflow */
    FR_EINVAL,      /* invalid argument or option value */
    FR_EIO,         /* a file could not be read or written */
    FR_EFORMAT,     /* input or model file is malformed (bad magic, truncated, bad CSV/JSON) */
    FR_EVERSION,    /* model file format or tokenizer version this build does not read */
    FR_ECHECKSUM,   /* model file checksum mismatch (corruption) */
    FR_EUTF8,       /* input is not valid UTF-8 */
    FR_EEMPTY       /* nothing to work on (e.g. no terms survive min_df/max_df) */
} fr_status;

/* Detail of the last failure.  `msg` is one line without a trailing newline.  When the failure is
 * tied to a position, `has_offset` is 1 and `offset` is the byte offset into the input given to the
 * failing call (callers that know the file add its name and base offset). */
typedef struct {
    fr_status code;
    int has_offset;
    size_t offset;
    char msg[512];
} fr_error;

/* Static, human-readable name of a status ("out of memory", ...). */
const char *fr_strerror(fr_status s);

/* Fill *err (if non-NULL) and return `code`, so failure paths read `return fr_fail(err, ...)`. */
fr_status fr_fail(fr_error *err, fr_status code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Like fr_fail, and records a byte offset. */
fr_status fr_fail_at(fr_error *err, fr_status code, size_t offset, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* Reset *err to FR_OK with an empty message (no-op for NULL). */
void fr_error_clear(fr_error *err);

/* Prefix err->msg with "prefix: " (used by layers that add a file name). */
void fr_error_prefix(fr_error *err, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Overflow-checked size arithmetic: return 0 on overflow, else store the result. */
int fr_size_mul(size_t a, size_t b, size_t *out);
int fr_size_add(size_t a, size_t b, size_t *out);

#endif
