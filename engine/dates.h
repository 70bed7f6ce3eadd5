/* engine/dates.h — dates and date ranges in résumés, English and German:
 * "Jan 2019 – Present", "January 2019 to March 2020", "01/2018 - 03/2019", "2019-01", "2015–2019",
 * "seit 2019", "since 2020", "03.2017 – heute", "Mai 2018 bis Juli 2020", "Expected May 2027". */
#ifndef FR_ENGINE_DATES_H
#define FR_ENGINE_DATES_H

#include <stddef.h>

typedef struct {
    int year;    /* 0 = none */
    int month;   /* 1..12, 0 = not given */
} fr_ym;

typedef struct {
    fr_ym start, end;
    int present;          /* the range runs to "present" */
    int expected;         /* "expected 2027" / "voraussichtlich" */
    size_t s, e;          /* byte span of the date text within the searched text */
} fr_date_range;

/* Find the first date range (or, failing that, a lone date) in text[0..n).  Returns 1 if found.
 * A lone date gives start = end = that date. */
int fr_find_dates(const char *text, size_t n, fr_date_range *out);

/* Months from a to b inclusive of both months (a year without a month counts from January for a
 * start and to December for an end). */
int fr_ym_index(fr_ym d, int is_end);

/* 1 when the scanner's quick test by first letter and length lets every word of its tables through
 * (a test). */
int fr_dates_words_indexed(void);

#endif
