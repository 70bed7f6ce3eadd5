/* engine/csv.h — RFC 4180 records (the one CSV reader: document inputs and label files).
 * Fields are located in place; fr_csv_field copies one out unquoted.  Like Python's csv module,
 * text after a closing quote is kept, and blank lines between records are skipped. */
#ifndef FR_ENGINE_CSV_H
#define FR_ENGINE_CSV_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/err.h"

typedef struct {
    fr_u32vec start, len, quoted;  /* per field of the current record */
} fr_csv_rec;

/* Parse the record at *pos of s[0..n): *got = 0 at the end of the input, else the fields are in
 * rec, *rec_start is where the record began and *pos moves past it.  FR_EFORMAT for a quoted
 * field that never closes (*bad_at = its opening quote; no message: the caller names the file),
 * FR_ENOMEM. */
fr_status fr_csv_next(const char *s, size_t n, size_t *pos, fr_csv_rec *rec, int *got, size_t *rec_start,
                      size_t *bad_at);
/* Append field f of the current record, unquoted, to b (FR_ENOMEM). */
fr_status fr_csv_field(const char *s, const fr_csv_rec *rec, size_t f, fr_buf *b);
/* The index of the header field equal to name[0..len) (ASCII case-insensitive when icase), or -1. */
long fr_csv_find(const char *s, const fr_csv_rec *rec, const char *name, size_t len, int icase);
void fr_csv_rec_free(fr_csv_rec *rec);

#endif
