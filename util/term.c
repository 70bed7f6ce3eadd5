/* util/term.c — visible escapes for terminal output (see term.h). */
#include "util/term.h"

#include "util/utf8.h"

/* 1 for a byte that is plain printable ASCII (the fast path: runs of these are written as is). */
static int plain(unsigned char c) { return c >= 0x20 && c < 0x7f; }

size_t fr_term_write(FILE *fp, const char *str, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *s = (const unsigned char *)str;
    size_t out = 0, i = 0;
    while (i < n) {
        size_t run = i;
        /* a run of bytes that print as themselves: printable ASCII and valid UTF-8 other than C1 */
        while (run < n) {
            if (plain(s[run])) {
                run++;
                continue;
            }
            if (s[run] < 0x80)
                break;
            size_t k = fr_utf8_seq_len(str + run, n - run);
            if (!k || (s[run] == 0xC2 && s[run + 1] < 0xA0))
                break;
            run += k;
        }
        if (run > i)
            out += fwrite(str + i, 1, run - i, fp);
        if (run >= n)
            break;
        i = run;
        char e[8];
        size_t el;
        unsigned char c = s[i];
        if (c == '\t' || c == '\n' || c == '\r') {
            e[0] = '\\';
            e[1] = c == '\t' ? 't' : c == '\n' ? 'n' : 'r';
            el = 2;
            i++;
        } else if (c == 0xC2 && fr_utf8_seq_len(str + i, n - i) == 2) {
            /* C1 control U+0080..U+009F: name the code point */
            unsigned cp = s[i + 1] & 0x3Fu;
            e[0] = '\\', e[1] = 'u', e[2] = '0', e[3] = '0', e[4] = hex[8 + (cp >> 4)];
            e[5] = hex[cp & 15];
            el = 6;
            i += 2;
        } else {
            /* a C0 control, DEL, or one byte of an invalid sequence */
            e[0] = '\\', e[1] = 'x', e[2] = hex[c >> 4], e[3] = hex[c & 15];
            el = 4;
            i++;
        }
        out += fwrite(e, 1, el, fp);
    }
    return out;
}
