/* util/term.h — text meant for a terminal, made inert.
 *
 * Ids, titles, item texts and file names come from the input.  Printed raw, an ESC or a C1
 * control in them drives the terminal (retitles it, clears it, moves the cursor) and a newline
 * forges a line of output (a second "fitrank: ..." error).  Everything the CLI prints for a
 * person — tables, text views, every message on stderr — goes through fr_term_write; JSON output
 * has escapes of its own and does not. */
#ifndef FR_UTIL_TERM_H
#define FR_UTIL_TERM_H

#include <stddef.h>
#include <stdio.h>

/* Write s[0..n) to fp with every byte a terminal would act on in a visible escape form:
 *   tab, newline, carriage return        \t \n \r
 *   other C0 controls (NUL ... US), DEL   \xHH          e.g. ESC -> \x1b, BEL -> \x07
 *   C1 controls U+0080..U+009F            \uHHHH        e.g. CSI (C2 9B) -> \u009b
 *   each byte of invalid UTF-8            \xHH          e.g. a lone 9B -> \x9b
 * Everything else — printable ASCII, backslash included, and valid UTF-8 — passes unchanged, so
 * ordinary text prints exactly as before (a literal "\x1b" in the text is therefore not told
 * apart from an escaped ESC: the escapes are for reading, not for decoding back).
 * Returns the number of bytes written (as fwrite counts them). */
size_t fr_term_write(FILE *fp, const char *s, size_t n);

#endif
