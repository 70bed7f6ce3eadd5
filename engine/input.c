/* engine/input.c — document readers (see input.h for the formats).
 *
 * CSV is parsed here rather than with a library: Debian's libcsv reports no byte offsets, and
 * every error and every piece of evidence in fitrank points back to a byte in the user's file. */
#include "engine/input.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <spawn.h>
#include <unistd.h>

extern char **environ;

#include "engine/csv.h"
#include "engine/html.h"
#include "engine/jsondoc.h"
#include "util/buf.h"
#include "util/io.h"
#include "util/utf8.h"

enum kind { K_TEXT, K_JSON, K_JSONL, K_CSV, K_HTML, K_PDF };

struct fr_input {
    fr_input_opts o;
    char **paths;
    unsigned char *walked; /* per path: found in a directory (opened without blocking, skipped unless regular) */
    size_t npaths, cap, next_path;
    size_t path_docs;   /* documents the current path has yielded */
    size_t skipped, replaced;
    const char *stdin_hint; /* standard input read as text that looks like another format */
    /* the file being read */
    const char *path;
    enum kind kind;
    fr_buf raw;          /* file bytes (after BOM removal / repair) */
    size_t base;         /* bytes removed in front (BOM), added back to offsets */
    size_t pos;          /* cursor in raw */
    size_t lineno;       /* JSONL line / CSV record number */
    int done_single;     /* K_TEXT/K_JSON: document already returned */
    int resumable;       /* the last error left the cursor after the bad line/record */
    int repaired;        /* invalid UTF-8 was replaced in this file: offsets index the repaired text */
    size_t acc;          /* raw[0..acc) is checked text, in whole lines (read whole: all of raw) */
    /* a JSONL file read in pieces (o.piece_bytes): raw holds its text from offset win_off on (after
     * the BOM, U+FFFD substituted), whole checked lines up to acc, then the bytes read after the
     * last line end, checked once their line is whole (a line end is ASCII, so no UTF-8 sequence
     * and no maximal invalid subpart spans one: checking and repairing line-aligned pieces gives
     * what checking and repairing the whole file gives) */
    int stream;          /* the current file is read in pieces */
    int fd;              /* its descriptor, or -1 */
    int fd_close;        /* ... ours to close (not standard input) */
    int eof;             /* its end has been read */
    int broken;          /* reading it failed (or found an index): that error ends it, nothing else is read */
    int seen_text;       /* a byte other than white space seen in it (else it is an empty file) */
    size_t got;          /* bytes read from it: its own offsets, where a NUL byte or the limit is */
    size_t win_off;      /* text offset of raw.data[0] */
    size_t text_len;     /* text checked so far (longer than `got` where U+FFFD replaced bytes) */
    unsigned char head[8]; /* its first bytes: a BOM, an index's magic, what binary file it is */
    /* CSV state */
    size_t ncols;
    long id_col;         /* -1 = none */
    long title_col;      /* a "title" column not used as text, or -1 */
    long *text_cols;
    char **text_heads;   /* with o.columns: the heading of each text column ("" = title), else NULL */
    size_t ntext;
    fr_csv_rec rec;      /* fields of the current CSV record */
    /* output scratch */
    fr_buf text, id, title, alt;
    fr_u32vec map_s, map_e;  /* HTML source map */
};

void fr_input_opts_default(fr_input_opts *o)
{
    memset(o, 0, sizeof *o);
    o->invalid = FR_INVALID_STRICT;
    o->max_bytes = FR_MAX_INPUT_BYTES;
}

/* Close the descriptor of a file read in pieces (no-op when none is open). */
static void stream_close(fr_input *in)
{
    if (in->fd >= 0 && in->fd_close)
        close(in->fd);
    in->fd = -1;
    in->fd_close = 0;
}

static int ends_with(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && strcasecmp(s + n - m, suf) == 0;
}

static fr_status add_path(fr_input *in, const char *p, int walked)
{
    if (in->npaths == in->cap) {
        size_t cap = in->cap ? in->cap * 2 : 16;
        char **np = realloc(in->paths, cap * sizeof *np);
        if (!np)
            return FR_ENOMEM;
        in->paths = np;
        unsigned char *nw = realloc(in->walked, cap);
        if (!nw)
            return FR_ENOMEM;
        in->walked = nw;
        in->cap = cap;
    }
    if (!(in->paths[in->npaths] = strdup(p)))
        return FR_ENOMEM;
    in->walked[in->npaths++] = (unsigned char)walked;
    return FR_OK;
}

static fr_status walk(fr_input *in, const char *dir, fr_error *err)
{
    struct dirent **names;
    int n = scandir(dir, &names, NULL, alphasort);
    if (n < 0) /* scandir allocates: out of memory is not an I/O error */
        return fr_fail(err, errno == ENOMEM ? FR_ENOMEM : FR_EIO, "%s: cannot list directory: %s", dir,
                       strerror(errno));
    fr_status s = FR_OK;
    for (int i = 0; i < n; i++) {
        const char *nm = names[i]->d_name;
        if (s == FR_OK && nm[0] != '.') {
            size_t len = strlen(dir) + strlen(nm) + 2;
            char *p = malloc(len);
            if (!p)
                s = fr_fail(err, FR_ENOMEM, "out of memory");
            else {
                snprintf(p, len, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", nm);
                /* lstat first: what a symlink points to is looked at (stat) but never opened, so a
                 * FIFO cannot block the walk and one dangling link cannot end the run */
                struct stat st = {0}, lst;
                if (lstat(p, &lst) != 0) {
                    if (errno == ENOENT)
                        in->skipped++; /* gone since it was listed */
                    else
                        s = fr_fail(err, FR_EIO, "%s: %s", p, strerror(errno));
                } else if (S_ISLNK(lst.st_mode) && stat(p, &st) != 0)
                    in->skipped++; /* a dangling (or looping) symlink */
                else if (S_ISLNK(lst.st_mode) && S_ISDIR(st.st_mode))
                    in->skipped++; /* a symlinked directory: could loop; name it explicitly to read it */
                else if (S_ISDIR(lst.st_mode))
                    s = walk(in, p, err);
                else if (!S_ISREG(S_ISLNK(lst.st_mode) ? st.st_mode : lst.st_mode))
                    in->skipped++; /* a FIFO, device or socket: reading it could block or never end */
                else if (ends_with(p, ".txt") || ends_with(p, ".md") || ends_with(p, ".json") ||
                         ends_with(p, ".html") || ends_with(p, ".htm") || ends_with(p, ".pdf"))
                    s = add_path(in, p, 1) == FR_OK ? FR_OK : fr_fail(err, FR_ENOMEM, "out of memory");
                else
                    in->skipped++;
                free(p);
            }
        } else if (nm[0] == '.' && strcmp(nm, ".") && strcmp(nm, ".."))
            in->skipped++;
        free(names[i]);
    }
    free(names);
    return s;
}

fr_status fr_input_open(const char *const *args, size_t n, const fr_input_opts *o, fr_input **out,
                        fr_error *err)
{
    *out = NULL;
    fr_input *in = calloc(1, sizeof *in);
    if (!in)
        return fr_fail(err, FR_ENOMEM, "out of memory");
    in->o = *o;
    in->fd = -1;
    fr_status s = FR_OK;
    for (size_t i = 0; i < n && s == FR_OK; i++) {
        struct stat st;
        if (strcmp(args[i], "-") == 0)
            s = add_path(in, "-", 0) == FR_OK ? FR_OK : fr_fail(err, FR_ENOMEM, "out of memory");
        else if (stat(args[i], &st) != 0)
            s = fr_fail(err, FR_EIO, "%s: cannot open: %s", args[i], strerror(errno));
        else if (S_ISDIR(st.st_mode)) {
            size_t before = in->npaths;
            s = walk(in, args[i], err);
            /* an empty directory (or one of other files) ranked silently to "(no candidates)" */
            if (s == FR_OK && in->npaths == before)
                s = fr_fail(err, FR_EFORMAT, "%s: no documents in it (no .txt, .md, .json, .html, .htm or .pdf file)",
                            args[i]);
        }
        else
            s = add_path(in, args[i], 0) == FR_OK ? FR_OK : fr_fail(err, FR_ENOMEM, "out of memory");
    }
    if (s != FR_OK) {
        fr_input_free(in);
        return s;
    }
    *out = in;
    return FR_OK;
}

size_t fr_input_skipped(const fr_input *in) { return in->skipped; }

void fr_input_skip_bad(fr_input *in)
{
    if (!in->resumable) {
        in->path = NULL;
        stream_close(in);
    }
    in->resumable = 0;
}
size_t fr_input_replaced(const fr_input *in) { return in->replaced; }

static void free_heads(fr_input *in)
{
    for (size_t k = 0; in->text_heads && k < in->ntext; k++)
        free(in->text_heads[k]);
    free(in->text_heads);
    in->text_heads = NULL;
}

void fr_input_free(fr_input *in)
{
    if (!in)
        return;
    stream_close(in);
    for (size_t i = 0; i < in->npaths; i++)
        free(in->paths[i]);
    free(in->paths);
    free(in->walked);
    free_heads(in);
    free(in->text_cols);
    fr_buf_free(&in->raw);
    fr_buf_free(&in->text);
    fr_buf_free(&in->id);
    fr_buf_free(&in->title);
    fr_buf_free(&in->alt);
    fr_u32vec_free(&in->map_s);
    fr_u32vec_free(&in->map_e);
    fr_csv_rec_free(&in->rec);
    free(in);
}

/* ---------------------------------------------------------------- CSV */

/* Parse one record at in->pos into in->rec.  Returns FR_OK and *got=0 at end of input. */
static fr_status csv_record(fr_input *in, int *got, size_t *rec_start, fr_error *err)
{
    size_t q = 0;
    fr_status s = fr_csv_next(in->raw.data, in->raw.len, &in->pos, &in->rec, got, rec_start, &q);
    if (s == FR_EFORMAT)
        return fr_fail_at(err, FR_EFORMAT, in->base + q, "%s:%zu: unterminated quoted CSV field", in->path, in->base + q);
    return s == FR_OK ? FR_OK : fr_fail(err, FR_ENOMEM, "out of memory");
}

/* Append field f of the current record, unquoted, to b. */
static fr_status csv_field(fr_input *in, size_t f, fr_buf *b) { return fr_csv_field(in->raw.data, &in->rec, f, b); }

static long find_col(fr_input *in, const char *name, size_t len, int icase)
{
    return fr_csv_find(in->raw.data, &in->rec, name, len, icase);
}

static fr_status csv_header(fr_input *in, fr_error *err)
{
    int got;
    size_t rs;
    fr_status s = csv_record(in, &got, &rs, err);
    if (s != FR_OK)
        return s;
    if (!got)
        return fr_fail_at(err, FR_EFORMAT, in->base, "%s:%zu: empty CSV file (a header row is required)", in->path, in->base);
    in->ncols = in->rec.start.n;
    const char *id = in->o.id_column;
    in->id_col = id ? find_col(in, id, strlen(id), 0) : find_col(in, "id", 2, 1);
    if (id && in->id_col < 0)
        return fr_fail_at(err, FR_EFORMAT, in->base + rs, "%s:%zu: no column '%s' in the CSV header", in->path, in->base + rs, id);
    in->title_col = find_col(in, "title", 5, 1);
    const char *tc = in->o.columns ? in->o.columns : in->o.text_column ? in->o.text_column : "text";
    free_heads(in);
    free(in->text_cols);
    in->ntext = 0;
    if (in->o.columns && !(in->text_heads = calloc(strlen(tc) + 1, sizeof *in->text_heads)))
        return fr_fail(err, FR_ENOMEM, "out of memory");
    in->text_cols = malloc((strlen(tc) + 1) * sizeof *in->text_cols);
    if (!in->text_cols)
        return fr_fail(err, FR_ENOMEM, "out of memory");
    for (const char *p = tc; *p;) {
        size_t k = strcspn(p, ",");
        const char *eq = in->o.columns ? memchr(p, '=', k) : NULL;
        size_t name_len = eq ? (size_t)(eq - p) : k;
        if (in->o.columns) {
            /* "COL=Heading": the heading goes before the field (none given: the field as it is) */
            in->text_heads[in->ntext] = eq ? strndup(eq + 1, k - name_len - 1) : NULL;
            if (eq && !in->text_heads[in->ntext])
                return fr_fail(err, FR_ENOMEM, "out of memory");
        }
        size_t kk = k;
        k = name_len;
        long c = find_col(in, p, k, 0);
        if (c < 0) {
            fr_buf cols = {0};
            for (size_t f = 0; f < in->rec.start.n; f++) {
                if (f)
                    fr_buf_append(&cols, ", ", 2);
                csv_field(in, f, &cols);
            }
            fr_fail_at(err, FR_EFORMAT, in->base + rs,
                       "%s:%zu: no column '%.*s' in the CSV header (columns: %s); choose with %s",
                       in->path, in->base + rs, (int)k, p, cols.data ? cols.data : "",
                       in->o.columns ? "the columns option" : "--text-column");
            fr_buf_free(&cols);
            return FR_EFORMAT;
        }
        in->text_cols[in->ntext++] = c;
        if (c == in->title_col)
            in->title_col = -1; /* the title is part of the text */
        p += kk + (p[kk] == ',');
    }
    return FR_OK;
}

static fr_status csv_next(fr_input *in, fr_doc *doc, int *more, fr_error *err)
{
    int got;
    size_t rs;
    fr_status s = csv_record(in, &got, &rs, err);
    if (s != FR_OK || !got) {
        *more = 0;
        return s;
    }
    in->lineno++;
    in->resumable = 1;
    if (in->rec.start.n != in->ncols)
        return fr_fail_at(err, FR_EFORMAT, in->base + rs, "%s:%zu: CSV record %zu has %zu fields, the header has %zu",
                          in->path, in->base + rs, in->lineno, (size_t)in->rec.start.n, in->ncols);
    fr_buf_reset(&in->text);
    fr_buf_reset(&in->id);
    for (size_t k = 0; k < in->ntext; k++) {
        const char *head = in->text_heads ? in->text_heads[k] : NULL;
        /* sections laid out as a document: a blank line, "Heading:", the field */
        if (head && *head)
            s = fr_buf_printf(&in->text, "%s%s:\n", in->text.len ? "\n\n" : "", head);
        else if (k)
            s = fr_buf_putc(&in->text, '\n');
        if (s != FR_OK || csv_field(in, (size_t)in->text_cols[k], &in->text) != FR_OK)
            return fr_fail(err, FR_ENOMEM, "out of memory");
    }
    fr_buf_reset(&in->title);
    if (in->title_col >= 0 && csv_field(in, (size_t)in->title_col, &in->title) != FR_OK)
        return fr_fail(err, FR_ENOMEM, "out of memory");
    if (in->id_col >= 0)
        s = csv_field(in, (size_t)in->id_col, &in->id);
    else
        s = fr_buf_printf(&in->id, "%s:%zu", in->path, in->lineno);
    if (s != FR_OK)
        return fr_fail(err, FR_ENOMEM, "out of memory");
    in->resumable = 0;
    /* offsets index the text field, or with sections the text laid out of them (--with-text shows it) */
    *doc = (fr_doc){in->id.data, in->id.len, in->text.data ? in->text.data : "", in->text.len, in->path,
                    in->base + rs, in->title.len ? in->title.data : NULL, in->text_heads ? "extracted" : "field", NULL,
                    NULL, NULL, 0};
    *more = 1;
    return FR_OK;
}

/* --------------------------------------------------------------- JSON */

/* cJSON keeps strings NUL-terminated, so a "\u0000" escape would silently end the string there.
 * Find one (an odd number of backslashes before "u0000" makes it an escape).  *any_u (may be
 * NULL) says whether a backslash is followed by 'u' anywhere: without one, no string decodes to
 * anything but bytes of s and ASCII.  Backslashes are sought with memchr: a byte at a time, this
 * took 5 % of rank --mode cosine --fit. */
static const char *find_u0000(const char *s, size_t n, int *any_u)
{
    const char *p = s, *e = s + n;
    if (any_u)
        *any_u = 0;
    while ((p = memchr(p, '\\', (size_t)(e - p))) != NULL) {
        size_t i = (size_t)(p - s);
        if (any_u && i + 1 < n && s[i + 1] == 'u')
            *any_u = 1;
        if (i + 6 <= n && memcmp(p + 1, "u0000", 5) == 0) {
            size_t k = i;
            while (k > 0 && s[k - 1] == '\\')
                k--;
            if ((i - k) % 2 == 0)
                return p;
        }
        p++;
    }
    return NULL;
}

/* -------------------------------------------------- reading in pieces */

/* The most bytes one input may hold (fr_read_fd's reading of the option). */
static size_t input_max(const fr_input *in)
{
    return in->o.max_bytes && in->o.max_bytes < FR_MAX_INPUT_BYTES ? in->o.max_bytes : FR_MAX_INPUT_BYTES;
}

static fr_status index_err(const char *path, fr_error *err)
{
    return fr_fail_at(err, FR_EFORMAT, 0,
                      "%s:0: a fitrank index, not a document (rank, match, explain, eval and index build map an "
                      "index given as a regular file; not from a pipe or inside a directory)",
                      path);
}

static int is_index(const fr_input *in, size_t valid)
{
    return valid >= 8 && memcmp(in->head, FR_INDEX_MAGIC, 8) == 0;
}

/* Read at least `want` more bytes onto raw (fewer at the end), with fr_read_fd's checks on the
 * bytes as they come — a NUL byte, one byte past the limit, a read error — and its messages at
 * its offsets, an index's magic first in place of the first two as read_raw says it.  Every error
 * here ends the file: it is what whole reading reports, whatever comes after. */
static fr_status read_more(fr_input *in, size_t want, fr_error *err)
{
    size_t max = input_max(in), fresh = 0;
    while (fresh < want && !in->eof) {
        size_t left = max + 1 - in->got; /* at most one byte past the limit: the proof it is too long */
        size_t ask = want - fresh > left ? left : want - fresh;
        if (fr_buf_reserve(&in->raw, ask) != FR_OK) {
            in->broken = 1;
            stream_close(in);
            return fr_fail(err, FR_ENOMEM, "%s: out of memory", in->path);
        }
        size_t room = in->raw.cap - in->raw.len - 1;
        ssize_t n = read(in->fd, in->raw.data + in->raw.len, room < left ? room : left);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int e = errno;
            in->broken = 1;
            stream_close(in);
            return fr_fail(err, FR_EIO, "%s: read error: %s", in->path, strerror(e));
        }
        if (n == 0) {
            in->eof = 1;
            stream_close(in);
            break;
        }
        const char *p = in->raw.data + in->raw.len;
        for (size_t k = in->got; k < sizeof in->head && k < in->got + (size_t)n; k++)
            in->head[k] = (unsigned char)p[k - in->got];
        const char *nul = memchr(p, '\0', (size_t)n);
        size_t at = nul ? in->got + (size_t)(nul - p) : 0;
        in->got += (size_t)n;
        in->raw.len += (size_t)n;
        in->raw.data[in->raw.len] = '\0';
        fresh += (size_t)n;
        if (nul || in->got > max) {
            in->broken = 1;
            stream_close(in);
            if (is_index(in, nul ? at : max))
                return index_err(in->path, err);
            if (nul)
                return fr_fail_at(err, FR_EFORMAT, at, "%s:%zu: binary data (a NUL byte), not text%s", in->path, at,
                                  fr_binary_hint(in->head, at < sizeof in->head ? at : sizeof in->head));
            return fr_fail_at(err, FR_EFORMAT, max,
                              "%s:%zu: more than %zu bytes, the input limit (--max-input-bytes; at most %zu)",
                              in->path, max, max, FR_MAX_INPUT_BYTES);
        }
    }
    return FR_OK;
}

/* Check the bytes read after raw[acc], up to the last line end (at the file's end: all): a byte
 * other than white space, valid UTF-8 (or U+FFFD in place of each bad sequence), the length with
 * them.  They are checked — acc moves past them — even when they fail, so that a caller looking
 * for an earlier kind of error further on (settle) reads on. */
static fr_status accept(fr_input *in, fr_error *err)
{
    size_t a = in->acc, e = in->raw.len;
    while (!in->eof && e > a && in->raw.data[e - 1] != '\n')
        e--;
    const char *r = in->raw.data + a;
    for (size_t i = 0; i < e - a && !in->seen_text; i++)
        in->seen_text = !strchr(" \t\r\n\f\v", r[i]);
    size_t bad = fr_utf8_check(r, e - a);
    fr_status s = FR_OK;
    if (bad < e - a && in->o.invalid != FR_INVALID_REPLACE)
        s = fr_fail_at(err, FR_EUTF8, in->base + in->win_off + a + bad, "%s:%zu: invalid UTF-8 (byte 0x%02X)%s",
                       in->path, in->base + in->win_off + a + bad, (unsigned char)r[bad],
                       " — use --invalid=replace to substitute U+FFFD");
    else if (bad < e - a) {
        fr_buf fixed = {0};
        size_t reps = 0;
        if (fr_buf_append(&fixed, in->raw.data, a) != FR_OK || fr_utf8_repair(r, e - a, &fixed, &reps) != FR_OK ||
            fr_buf_append(&fixed, in->raw.data + e, in->raw.len - e) != FR_OK) {
            fr_buf_free(&fixed);
            stream_close(in);
            return fr_fail(err, FR_ENOMEM, "out of memory");
        }
        size_t tail = in->raw.len - e;
        fr_buf_free(&in->raw);
        in->raw = fixed;
        e = in->raw.len - tail;
        in->replaced += reps;
        in->repaired = 1;
    }
    in->text_len += e - a;
    in->acc = e;
    if (s == FR_OK && in->text_len > FR_MAX_INPUT_BYTES) /* each bad byte became 3: offsets are 32-bit */
        s = fr_fail_at(err, FR_EFORMAT, 0,
                       "%s:0: with U+FFFD substituted the text is over %zu bytes, the most one input may hold",
                       in->path, FR_MAX_INPUT_BYTES);
    return s;
}

/* Drop the lines read (raw[0..pos)) and read on until a line end (or the file's end) is among the
 * bytes not yet checked; check them up to there.  The first time: the index magic and the BOM, as
 * open_file looks at them. */
static fr_status refill(fr_input *in, fr_error *err)
{
    if (in->pos) {
        memmove(in->raw.data, in->raw.data + in->pos, in->raw.len - in->pos);
        in->raw.len -= in->pos;
        in->raw.data[in->raw.len] = '\0';
        in->acc -= in->pos;
        in->win_off += in->pos;
        in->pos = 0;
    }
    int first = in->got == 0;
    size_t want = in->o.piece_bytes < sizeof in->head ? sizeof in->head : in->o.piece_bytes;
    for (;;) {
        size_t from = in->raw.len;
        fr_status s = read_more(in, want, err);
        if (s != FR_OK)
            return s;
        if (in->eof || memchr(in->raw.data + from, '\n', in->raw.len - from))
            break;
        want = in->o.piece_bytes; /* a line longer than a piece */
    }
    if (first && is_index(in, in->got)) {
        /* an index reached here through a pipe: whole reading names it whatever follows, unless
         * reading fails (read_more names it for a NUL byte or the limit) */
        while (!in->eof) {
            fr_buf_reset(&in->raw);
            fr_status s = read_more(in, in->o.piece_bytes, err);
            if (s != FR_OK)
                return s;
        }
        in->broken = 1;
        return index_err(in->path, err);
    }
    if (first && in->got >= 3 && memcmp(in->head, "\xEF\xBB\xBF", 3) == 0) {
        memmove(in->raw.data, in->raw.data + 3, in->raw.len - 3);
        in->raw.len -= 3;
        in->raw.data[in->raw.len] = '\0';
        in->base = 3;
    }
    return accept(in, err);
}

/* An error found in a file read in pieces — `s` in *err, at `stage` 4 (its text: invalid UTF-8,
 * too long with U+FFFD) or 5 (a line) — is what whole reading reports only when nothing whole
 * reading looks at before it fails further on: reading (a NUL byte, the limit, a read error),
 * then an empty file, then the text, then the lines.  So read the rest of the file and return
 * what whole reading returns.  Only errors pay for this. */
static fr_status settle(fr_input *in, int stage, fr_status s, fr_error *err)
{
    fr_error later = {0}, tmp = {0};
    fr_status ls = FR_OK;
    in->resumable = 0; /* the rest of the file is gone */
    in->pos = in->acc;
    while (!in->eof) {
        fr_status r = refill(in, &tmp);
        if (r == FR_OK) {
            in->pos = in->acc;
            continue;
        }
        if (r == FR_ENOMEM || in->broken) { /* a reading error (or an index): it is the one */
            if (err)
                *err = tmp;
            return r;
        }
        if (ls == FR_OK) /* the first error in the text further on */
            ls = r, later = tmp;
        in->pos = in->acc;
    }
    if (!in->seen_text)
        return fr_fail_at(err, FR_EFORMAT, in->base, "%s:%zu: empty file", in->path, in->base);
    if (stage == 5 && ls != FR_OK) {
        if (err)
            *err = later;
        return ls;
    }
    return s;
}

/* cJSON's white space: any byte up to 32. */
static const char *json_ws(const char *p, const char *e)
{
    while (p < e && (unsigned char)*p <= 32)
        p++;
    return p;
}

/* Append the JSON string whose body starts at p (after its '"') to dst, decoded as cJSON decodes
 * it — given no \u escape in it; the end of the string (after its '"'), or NULL where cJSON would
 * fail (no closing quote, an unknown escape) or would decode a \u. */
static const char *json_str(const char *p, const char *e, fr_buf *dst)
{
    const char *q = memchr(p, '"', (size_t)(e - p));
    for (;;) {
        if (!q)
            return NULL;
        const char *bs = memchr(p, '\\', (size_t)(q - p));
        fr_buf_append(dst, p, (size_t)((bs ? bs : q) - p));
        if (!bs)
            return q + 1;
        /* cJSON's escapes; anything else (\u, no escape, the line's end) is left to cJSON */
        static const char from[] = "bfnrt\"\\/", to[] = "\b\f\n\r\t\"\\/";
        const char *c = bs + 1 < e && bs[1] ? strchr(from, bs[1]) : NULL;
        if (!c)
            return NULL;
        fr_buf_putc(dst, to[c - from]);
        p = bs + 2;
        if (p > q) /* the quote found was an escaped one */
            q = memchr(p, '"', (size_t)(e - p));
    }
}

/* The usual JSONL line — one object of "id", "text" (not empty) and "title" strings, each at most
 * once, no \u escape in the line — decoded straight into in->id, in->text and in->title: what
 * cJSON, fr_json_doc_check and fr_json_doc_text make of it (an FR_JSON_TEXT document), without a
 * tree and an allocation per string (cJSON took 10 % of rank --mode cosine --fit).  1 with *end
 * after the object, 0 for any other line (cJSON parses it: its errors, its shapes), -1 out of
 * memory.  *has_id says whether "id" was given. */
static int plain_line(fr_input *in, const char *p, const char *e, const char **end, int *has_id)
{
    unsigned seen = 0;
    fr_buf_reset(&in->text);
    fr_buf_reset(&in->id);
    fr_buf_reset(&in->title);
    p = json_ws(p, e);
    if (p == e || *p != '{')
        return 0;
    for (p = json_ws(p + 1, e);; p = json_ws(p + 1, e)) {
        if (p == e || *p != '"')
            return 0;
        const char *k = p + 1, *q = k;
        while (q < e && *q != '"' && *q != '\\')
            q++;
        if (q == e || *q != '"')
            return 0;
        size_t kl = (size_t)(q - k);
        unsigned bit = kl == 2 && memcmp(k, "id", 2) == 0 ? 1u : kl == 4 && memcmp(k, "text", 4) == 0 ? 2u
                       : kl == 5 && memcmp(k, "title", 5) == 0 ? 4u : 0u;
        if (!bit || (seen & bit))
            return 0;
        seen |= bit;
        p = json_ws(q + 1, e);
        if (p == e || *p != ':')
            return 0;
        p = json_ws(p + 1, e);
        if (p == e || *p != '"')
            return 0;
        if (!(p = json_str(p + 1, e, bit == 1 ? &in->id : bit == 2 ? &in->text : &in->title)))
            return 0;
        p = json_ws(p, e);
        if (p < e && *p == '}')
            break;
        if (p == e || *p != ',')
            return 0;
    }
    if (in->text.failed || in->id.failed || in->title.failed)
        return -1;
    if (!(seen & 2) || in->text.len == 0)
        return 0;
    *end = p + 1;
    *has_id = (seen & 1) != 0;
    return 1;
}

/* A line of a JSONL file failed with `s`: read whole, that is the error; read in pieces, the
 * error whole reading would give (settle). */
static fr_status line_err(fr_input *in, fr_status s, fr_error *err)
{
    return in->stream && s != FR_ENOMEM ? settle(in, 5, s, err) : s;
}

static fr_status jsonl_next(fr_input *in, fr_doc *doc, int *more, fr_error *err)
{
    for (;;) {
        if (in->pos >= in->acc && in->stream && !in->eof) {
            fr_status r = refill(in, err);
            /* a reading error ends the file as it ends whole reading; one in the text needs settling */
            if (r != FR_OK)
                return r == FR_ENOMEM || in->broken ? r : settle(in, 4, r, err);
            continue;
        }
        if (in->pos >= in->acc) {
            if (in->stream && !in->seen_text) /* whole reading finds it before any line */
                return fr_fail_at(err, FR_EFORMAT, in->base, "%s:%zu: empty file", in->path, in->base);
            *more = 0;
            return FR_OK;
        }
        const char *s = in->raw.data;
        size_t n = in->acc, base = in->base + in->win_off; /* base + a position in raw = the file's offset */
        size_t ls = in->pos;
        const char *nl = memchr(s + ls, '\n', n - ls);
        size_t le = nl ? (size_t)(nl - s) : n;
        in->pos = nl ? le + 1 : n;
        in->lineno++;
        in->resumable = !in->stream; /* any error below concerns this line only */
        size_t k = ls;
        while (k < le && (s[k] == ' ' || s[k] == '\t' || s[k] == '\r'))
            k++;
        if (k == le)
            continue; /* blank line */
        int any_u;
        const char *nul = find_u0000(s + ls, le - ls, &any_u);
        if (nul)
            return line_err(in, fr_fail_at(err, FR_EFORMAT, base + (size_t)(nul - s), "%s:%zu: line %zu: \\u0000 in "
                                           "a JSON string (text after it would be lost)", in->path,
                                           base + (size_t)(nul - s), in->lineno), err);
        const char *end = NULL;
        int has_id = 0, plain = any_u ? 0 : plain_line(in, s + ls, s + le, &end, &has_id);
        if (plain < 0)
            return fr_fail(err, FR_ENOMEM, "%s: line %zu: out of memory", in->path, in->lineno);
        cJSON *j = plain ? NULL : cJSON_ParseWithLengthOpts(s + ls, le - ls, &end, 0);
        if (!plain && !j) {
            size_t at = end ? (size_t)(end - s) : ls;
            return line_err(in, fr_fail_at(err, FR_EFORMAT, base + at, "%s:%zu: line %zu: invalid JSON", in->path,
                                           base + at, in->lineno), err);
        }
        size_t after = (size_t)(end - s);
        while (after < le && strchr(" \t\r", s[after]))
            after++;
        if (after < le) {
            cJSON_Delete(j);
            return line_err(in, fr_fail_at(err, FR_EFORMAT, base + after, "%s:%zu: line %zu: unexpected data after the "
                                           "JSON object", in->path, base + after, in->lineno), err);
        }
        fr_json_kind kind = FR_JSON_TEXT;
        fr_status st = FR_OK;
        if (plain) {
            if (!has_id)
                st = fr_buf_printf(&in->id, "%s:%zu", in->path, in->lineno);
        } else {
            fr_buf_reset(&in->text);
            fr_buf_reset(&in->id);
            fr_buf_reset(&in->title);
            const char *wrong = fr_json_doc_check(j);
            if (wrong) {
                cJSON_Delete(j);
                return line_err(in, fr_fail_at(err, FR_EFORMAT, base + ls, "%s:%zu: line %zu: %s", in->path, base + ls,
                                               in->lineno, wrong), err);
            }
            kind = fr_json_doc_text(j, &in->text, &in->title);
            if (in->text.failed || in->title.failed) {
                cJSON_Delete(j);
                return fr_fail(err, FR_ENOMEM, "%s: line %zu: out of memory", in->path, in->lineno);
            }
            if (kind == FR_JSON_NONE || kind == FR_JSON_STRINGS) {
                cJSON_Delete(j);
                return line_err(in, fr_fail_at(err, FR_EFORMAT, base + ls,
                                               "%s:%zu: line %zu: expected an object with a \"text\" string (or a "
                                               "JobPosting, required/preferred lists, a JSON Resume)",
                                               in->path, base + ls, in->lineno), err);
            }
            cJSON *id = cJSON_GetObjectItemCaseSensitive(j, "id");
            if (cJSON_IsString(id) && id->valuestring)
                st = fr_buf_append(&in->id, id->valuestring, strlen(id->valuestring));
            else if (cJSON_IsNumber(id)) {
                double v = id->valuedouble;
                int integral = v > -9.0e18 && v < 9.0e18 && v == (double)(long long)v; /* no UB cast */
                st = integral ? fr_buf_printf(&in->id, "%lld", (long long)v) : fr_buf_printf(&in->id, "%.17g", v);
            } else if (id && !cJSON_IsNull(id)) {
                cJSON_Delete(j);
                return line_err(in, fr_fail_at(err, FR_EFORMAT, base + ls, "%s:%zu: line %zu: \"id\" must be a string "
                                               "or number", in->path, base + ls, in->lineno), err);
            } else
                st = fr_buf_printf(&in->id, "%s:%zu", in->path, in->lineno);
            cJSON_Delete(j);
        }
        if (st != FR_OK)
            return fr_fail(err, FR_ENOMEM, "out of memory");
        /* cJSON does not validate the UTF-8 inside strings; \u escapes can also yield lone
         * surrogates.  The file was valid, so only escapes can break it: say which line.  A "text"
         * string taken as it is, with no \u in the line, is bytes of the valid line cut at quotes
         * (ASCII) with other escapes made ASCII: valid, no second pass over it needed. */
        size_t bad = kind == FR_JSON_TEXT && !any_u ? in->text.len : fr_utf8_check(in->text.data, in->text.len);
        if (bad < in->text.len)
            return line_err(in, fr_fail_at(err, FR_EUTF8, base + ls, "%s:%zu: line %zu: \"text\" decodes to invalid "
                                           "UTF-8 (bad \\u escape?)", in->path, base + ls, in->lineno), err);
        *doc = (fr_doc){in->id.data, in->id.len, in->text.data ? in->text.data : "", in->text.len, in->path, base + ls,
                        in->title.len ? in->title.data : NULL, kind == FR_JSON_TEXT ? "field" : "extracted", NULL, NULL, NULL, 0};
        *more = 1;
        return FR_OK;
    }
}

static fr_status json_doc(fr_input *in, fr_doc *doc, fr_error *err)
{
    const char *nul = find_u0000(in->raw.data ? in->raw.data : "", in->raw.len, NULL);
    if (nul)
        return fr_fail_at(err, FR_EFORMAT, in->base + (size_t)(nul - in->raw.data),
                          "%s:%zu: \\u0000 in a JSON string (text after it would be lost)", in->path,
                          in->base + (size_t)(nul - in->raw.data));
    const char *end = NULL;
    cJSON *j = cJSON_ParseWithLengthOpts(in->raw.data ? in->raw.data : "", in->raw.len, &end, 0);
    if (!j) {
        size_t at = end ? (size_t)(end - in->raw.data) : 0;
        return fr_fail_at(err, FR_EFORMAT, in->base + at, "%s:%zu: invalid JSON", in->path, in->base + at);
    }
    size_t at = (size_t)(end - in->raw.data);
    while (at < in->raw.len && strchr(" \t\r\n", in->raw.data[at]))
        at++;
    if (at < in->raw.len) {
        cJSON_Delete(j);
        return fr_fail_at(err, FR_EFORMAT, in->base + at, "%s:%zu: unexpected data after the JSON value", in->path,
                          in->base + at);
    }
    fr_buf_reset(&in->text);
    fr_buf_reset(&in->title);
    /* the same rules as a JSONL line (jsonl_next): the types of the fields read, and the shape */
    const char *wrong = fr_json_doc_check(j);
    if (wrong) {
        cJSON_Delete(j);
        return fr_fail_at(err, FR_EFORMAT, in->base, "%s:%zu: %s", in->path, in->base, wrong);
    }
    fr_json_kind kind = fr_json_doc_text(j, &in->text, &in->title);
    cJSON_Delete(j);
    if (in->text.failed || in->title.failed)
        return fr_fail(err, FR_ENOMEM, "%s: out of memory", in->path);
    if (kind == FR_JSON_NONE || kind == FR_JSON_STRINGS)
        return fr_fail_at(err, FR_EFORMAT, in->base, "%s:%zu: expected an object with a \"text\" string (or a "
                          "JobPosting, required/preferred lists, a JSON Resume)", in->path, in->base);
    if (fr_utf8_check(in->text.data ? in->text.data : "", in->text.len) < in->text.len)
        return fr_fail_at(err, FR_EUTF8, in->base, "%s:%zu: JSON strings decode to invalid UTF-8 (bad \\u escape?)",
                          in->path, in->base);
    *doc = (fr_doc){in->path, strlen(in->path), in->text.data ? in->text.data : "", in->text.len, in->path, in->base,
                    in->title.len ? in->title.data : NULL, kind == FR_JSON_TEXT ? "field" : "extracted", NULL, NULL, NULL, 0};
    return FR_OK;
}

static int jsonld_cb(void *ctx, const char *json, size_t n)
{
    fr_input *in = ctx;
    cJSON *j = cJSON_ParseWithLength(json, n);
    if (!j)
        return 0;
    const cJSON *jp = fr_json_find_jobposting(j);
    int found = 0;
    if (jp) {
        fr_buf_reset(&in->alt);
        fr_buf_reset(&in->title);
        found = fr_json_doc_text(jp, &in->alt, &in->title) == FR_JSON_POSTING;
    }
    cJSON_Delete(j);
    return found;
}

static fr_status html_doc(fr_input *in, fr_doc *doc, fr_error *err)
{
    const char *h = in->raw.data ? in->raw.data : "";
    fr_buf_reset(&in->alt);
    fr_buf_reset(&in->title);
    int ld = fr_html_jsonld(h, in->raw.len, jsonld_cb, in);
    if (!in->title.len) {
        /* the page's <h1> names the job far more often than its first visible line (navigation) */
        const char *h1 = NULL;
        for (const char *q = h; q + 3 < h + in->raw.len && !h1; q++)
            if (q[0] == '<' && (q[1] == 'h' || q[1] == 'H') && q[2] == '1' && (q[3] == '>' || q[3] == ' '))
                h1 = q;
        if (h1) {
            const char *end = h + in->raw.len, *close = h1;
            while (close + 4 < end && !(close[0] == '<' && close[1] == '/' && (close[2] == 'h' || close[2] == 'H') && close[3] == '1'))
                close++;
            fr_buf tt = {0};
            fr_u32vec a = {0}, e = {0};
            fr_status hs = close + 4 < end ? fr_html_text(h1, (size_t)(close - h1), &tt, &a, &e) : FR_OK;
            if (hs != FR_OK)
                in->title.failed = 1;
            else if (close + 4 < end && tt.len) {
                size_t x = 0, y = tt.len;
                while (x < y && strchr(" \t\r\n", tt.data[x]))
                    x++;
                while (y > x && strchr(" \t\r\n", tt.data[y - 1]))
                    y--;
                fr_buf_append(&in->title, tt.data + x, y - x);
            }
            fr_buf_free(&tt);
            fr_u32vec_free(&a);
            fr_u32vec_free(&e);
        }
    }
    if (in->alt.failed || in->title.failed) /* the JSON-LD posting or the title did not fit */
        return fr_fail(err, FR_ENOMEM, "%s: out of memory", in->path);
    fr_buf_reset(&in->text);
    in->map_s.n = in->map_e.n = 0;
    if (fr_html_text(h, in->raw.len, &in->text, &in->map_s, &in->map_e) != FR_OK)
        return fr_fail(err, FR_ENOMEM, "out of memory");
    if (in->base)
        for (size_t i = 0; i < in->map_s.n; i++) {
            in->map_s.v[i] += (uint32_t)in->base;
            in->map_e.v[i] += (uint32_t)in->base;
        }
    *doc = (fr_doc){in->path, strlen(in->path), in->text.data ? in->text.data : "", in->text.len, in->path, 0,
                    in->title.len ? in->title.data : NULL, "source", in->map_s.v, in->map_e.v,
                    ld ? in->alt.data : NULL, ld ? in->alt.len : 0};
    return FR_OK;
}

/* --------------------------------------------------------------- files */

/* The pdftotext to run: the first executable regular file named so in a PATH directory (PATH unset:
 * /usr/bin:/bin).  posix_spawnp would also search empty and relative entries ("PATH=:/usr/bin",
 * "PATH=.:..."), i.e. run ./pdftotext from wherever fitrank is started — a program planted beside
 * the documents.  So only absolute entries count, and not the working directory itself.  Writes
 * the absolute path to out; 0 when there is none. */
static int find_pdftotext(char *out, size_t cap)
{
    const char *path = getenv("PATH");
    struct stat cwd, st;
    int have_cwd = stat(".", &cwd) == 0;
    for (const char *p = path ? path : "/usr/bin:/bin", *e; *p; p = *e ? e + 1 : e) {
        e = strchr(p, ':');
        if (!e)
            e = p + strlen(p);
        size_t n = (size_t)(e - p);
        if (n == 0 || p[0] != '/' || n + sizeof "/pdftotext" > cap)
            continue;
        memcpy(out, p, n);
        out[n] = '\0';
        if (have_cwd && stat(out, &st) == 0 && st.st_dev == cwd.st_dev && st.st_ino == cwd.st_ino)
            continue;
        memcpy(out + n, "/pdftotext", sizeof "/pdftotext");
        if (stat(out, &st) == 0 && S_ISREG(st.st_mode) && access(out, X_OK) == 0)
            return 1;
    }
    return 0;
}

/* Text of a PDF through pdftotext (poppler-utils), run with an argument vector — never a shell.
 * The PDF is the already opened (and checked: regular, within the limit) `fd`, given to pdftotext
 * as its standard input, so no file name is interpreted by anyone and the file read is the file
 * checked.  Its text is read with the same limit and NUL check as any input. */
static fr_status fr_pdf_text(const char *path, int fd, size_t max, fr_buf *out, fr_error *err)
{
    char exe[4096];
    if (!find_pdftotext(exe, sizeof exe))
        return fr_fail(err, FR_EIO, "%s: cannot read PDF: pdftotext not found in PATH (install poppler-utils; empty, "
                       "relative and working-directory entries of PATH are not searched)", path);
    int fds[2];
    if (pipe(fds) != 0)
        return fr_fail(err, FR_EIO, "%s: cannot create a pipe: %s", path, strerror(errno));
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
    posix_spawn_file_actions_addclose(&fa, fds[0]);
    posix_spawn_file_actions_addclose(&fa, fds[1]);
    posix_spawn_file_actions_adddup2(&fa, fd, 0);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    char *argv[] = {"pdftotext", "-enc", "UTF-8", "-q", "-", "-", NULL};
    pid_t pid;
    int rc = posix_spawn(&pid, exe, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(fds[1]);
    if (rc != 0) {
        close(fds[0]);
        return fr_fail(err, FR_EIO, "%s: cannot read PDF: pdftotext not found (install poppler-utils)", path);
    }
    /* on an error pdftotext finds the pipe closed and ends (SIGPIPE) */
    fr_status s = fr_read_fd(fds[0], path, max, FR_READ_TEXT, out, err);
    close(fds[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (s == FR_OK && (!WIFEXITED(status) || WEXITSTATUS(status) != 0)) {
        if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
            return fr_fail(err, FR_EIO, "%s: cannot read PDF: pdftotext not found (install poppler-utils)", path);
        return fr_fail(err, FR_EFORMAT, "%s:0: not a readable PDF (pdftotext exit status %d)", path,
                       WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    }
    /* pdftotext ends pages with form feeds: they are whitespace to the parsers */
    for (size_t i = 0; i < out->len; i++)
        if (out->data[i] == '\f')
            out->data[i] = '\n';
    return s;
}

/* Open `path` to be read once, from its start (a FIFO, /dev/stdin or <(...) loses nothing: nothing
 * peeks at an input before it is read).  A file found in a directory is opened without blocking and
 * read only if it still is a regular file (it may have become a FIFO since the walk): else *skip =
 * 1 and *fd = -1.  Standard input is descriptor 0, not to be closed. */
static fr_status open_raw(fr_input *in, const char *path, int walked, int *fd, int *skip, fr_error *err)
{
    *fd = -1;
    int is_stdin = strcmp(path, "-") == 0 && !walked;
    int f = is_stdin ? 0 : open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | (walked ? O_NONBLOCK : 0));
    if (f < 0) {
        if (walked && (errno == ENOENT || errno == ENXIO)) /* gone, or a socket, since the walk */
            return *skip = 1, FR_OK;
        return fr_fail(err, FR_EIO, "%s: cannot open: %s", path, strerror(errno));
    }
    struct stat st;
    fr_status s = FR_OK;
    int pdf = ends_with(path, ".pdf");
    size_t max = input_max(in);
    if (fstat(f, &st) != 0)
        s = fr_fail(err, FR_EIO, "%s: cannot open: %s", path, strerror(errno));
    else if (S_ISDIR(st.st_mode))
        s = fr_fail(err, FR_EIO, "%s: is a directory", path);
    else if (walked && !S_ISREG(st.st_mode))
        *skip = 1;
    else if (pdf && !S_ISREG(st.st_mode))
        s = fr_fail(err, FR_EIO, "%s: a PDF must be a regular file (pdftotext needs to seek in it)", path);
    else if (pdf && (uint64_t)st.st_size > max)
        s = fr_fail_at(err, FR_EFORMAT, max, "%s:%zu: more than %zu bytes, the input limit (--max-input-bytes)", path,
                       max, max);
    else if (walked && fcntl(f, F_SETFL, fcntl(f, F_GETFL) & ~O_NONBLOCK) != 0)
        s = fr_fail(err, FR_EIO, "%s: cannot open: %s", path, strerror(errno));
    if (s != FR_OK || *skip) {
        if (!is_stdin)
            close(f);
        return s;
    }
    *fd = f;
    return FR_OK;
}

/* Read `path` whole into in->raw (open_raw says when it is skipped).  The limit and the NUL check
 * apply while reading (fr_read_fd). */
static fr_status read_raw(fr_input *in, const char *path, int walked, int *skip, fr_error *err)
{
    int fd;
    fr_status s = open_raw(in, path, walked, &fd, skip, err);
    if (s != FR_OK || *skip)
        return s;
    int pdf = ends_with(path, ".pdf");
    if (pdf)
        s = fr_pdf_text(path, fd, input_max(in), &in->raw, err);
    else
        s = fr_read_fd(fd, path, input_max(in), FR_READ_TEXT, &in->raw, err);
    if (strcmp(path, "-") != 0 || walked) /* not standard input */
        close(fd);
    /* an index (it holds NUL bytes, so reading stopped early) reached here only through a pipe or a
     * directory: say what it is rather than "binary data" */
    if (!pdf && (s == FR_OK || s == FR_EFORMAT) && in->raw.len >= 8 && memcmp(in->raw.data, FR_INDEX_MAGIC, 8) == 0)
        s = index_err(path, err);
    return s;
}

/* Open the next file; *skip = 1 when it was passed over (see read_raw). */
/* What a text read from standard input looks like when it is not prose: "jsonl" (two or more
 * lines, each a JSON object), "json" (one object or array), "csv" (a header of a text column), NULL. */
static const char *looks_like(const char *t, size_t n)
{
    size_t i = strspn(t, " \t\r\n");
    if (i < n && (t[i] == '{' || t[i] == '[')) {
        size_t lines = 0, objs = 0;
        for (size_t p = 0; p < n;) {
            const char *nl = memchr(t + p, '\n', n - p);
            size_t e = nl ? (size_t)(nl - t) : n, q = p + strspn(t + p, " \t\r");
            if (q < e) {
                lines++;
                objs += t[q] == '{';
            }
            p = e + 1;
        }
        return lines >= 2 && objs == lines ? "jsonl" : "json";
    }
    /* a first line of comma-separated fields, one of them exactly "text" (fitrank's default column) */
    size_t e = strcspn(t, "\r\n");
    if (!memchr(t, ',', e))
        return NULL;
    for (size_t p = 0; p < e;) {
        size_t f = strcspn(t + p, ",");
        if (f > e - p)
            f = e - p;
        const char *a = t + p;
        size_t len = f;
        while (len && (*a == ' ' || *a == '"'))
            a++, len--;
        while (len && (a[len - 1] == ' ' || a[len - 1] == '"'))
            len--;
        if (len == 4 && memcmp(a, "text", 4) == 0)
            return "csv";
        p += f + 1;
    }
    return NULL;
}

const char *fr_input_stdin_hint(const fr_input *in) { return in->stdin_hint; }

/* What `path` holds, by its name (standard input: by the stdin format option, else text). */
static enum kind kind_of(const fr_input *in, const char *path)
{
    /* standard input has no name to tell its format by: the stdin format option does */
    const char *sf = strcmp(path, "-") == 0 && in->o.stdin_format ? in->o.stdin_format : NULL;
    if (sf)
        return strcmp(sf, "jsonl") == 0 ? K_JSONL : strcmp(sf, "csv") == 0 ? K_CSV : strcmp(sf, "json") == 0 ? K_JSON
               : strcmp(sf, "html") == 0 ? K_HTML : K_TEXT;
    if (strcmp(path, "-") == 0)
        return K_TEXT;
    if (ends_with(path, ".jsonl") || ends_with(path, ".ndjson"))
        return K_JSONL;
    if (ends_with(path, ".csv"))
        return K_CSV;
    if (ends_with(path, ".json"))
        return K_JSON;
    if (ends_with(path, ".html") || ends_with(path, ".htm"))
        return K_HTML;
    if (ends_with(path, ".pdf"))
        return K_PDF;
    return K_TEXT;
}

static fr_status open_file(fr_input *in, const char *path, int walked, int *skip, fr_error *err)
{
    stream_close(in);
    in->path = path;
    in->repaired = 0;
    in->pos = in->acc = 0;
    in->lineno = 0;
    in->done_single = 0;
    in->base = 0;
    in->stream = in->eof = in->broken = in->seen_text = 0;
    in->got = in->win_off = in->text_len = 0;
    *skip = 0;
    fr_buf_reset(&in->raw);
    in->kind = kind_of(in, path);
    if (in->o.piece_bytes && in->kind == K_JSONL) {
        /* read in pieces (refill): the file's checks come as its pieces do */
        int fd;
        fr_status s = open_raw(in, path, walked, &fd, skip, err);
        if (s != FR_OK || *skip) {
            in->path = NULL;
            return s;
        }
        in->stream = 1;
        in->fd = fd;
        in->fd_close = strcmp(path, "-") != 0 || walked;
        return FR_OK;
    }
    fr_status s = read_raw(in, path, walked, skip, err);
    if (s != FR_OK || *skip) {
        in->path = NULL;
        return s;
    }
    if (in->raw.len >= 3 && memcmp(in->raw.data, "\xEF\xBB\xBF", 3) == 0) {
        memmove(in->raw.data, in->raw.data + 3, in->raw.len - 3);
        in->raw.len -= 3;
        in->raw.data[in->raw.len] = '\0';
        in->base = 3;
    }
    if (in->raw.len == 0 || strspn(in->raw.data, " \t\r\n\f\v") == in->raw.len)
        return fr_fail_at(err, FR_EFORMAT, in->base, "%s:%zu: empty file", path, in->base);
    size_t bad = fr_utf8_check(in->raw.data ? in->raw.data : "", in->raw.len);
    if (bad < in->raw.len) {
        if (in->o.invalid != FR_INVALID_REPLACE)
            return fr_fail_at(err, FR_EUTF8, in->base + bad, "%s:%zu: invalid UTF-8 (byte 0x%02X)%s", path,
                              in->base + bad, (unsigned char)in->raw.data[bad],
                              " — use --invalid=replace to substitute U+FFFD");
        fr_buf fixed = {0};
        size_t reps = 0;
        if (fr_utf8_repair(in->raw.data, in->raw.len, &fixed, &reps) != FR_OK) {
            fr_buf_free(&fixed);
            return fr_fail(err, FR_ENOMEM, "out of memory");
        }
        fr_buf_free(&in->raw);
        in->raw = fixed;
        in->replaced += reps;
        in->repaired = 1;
        if (in->raw.len > FR_MAX_INPUT_BYTES) /* each bad byte became 3: offsets are 32-bit */
            return fr_fail_at(err, FR_EFORMAT, 0,
                              "%s:0: with U+FFFD substituted the text is over %zu bytes, the most one input may hold",
                              path, FR_MAX_INPUT_BYTES);
    }
    in->acc = in->raw.len;
    if (strcmp(path, "-") == 0 && !in->o.stdin_format)
        in->stdin_hint = looks_like(in->raw.data, in->raw.len);
    if (in->kind == K_CSV)
        return csv_header(in, err);
    return FR_OK;
}

fr_status fr_input_next(fr_input *in, fr_doc *doc, int *more, fr_error *err)
{
    *more = 0;
    in->resumable = 0;
    for (;;) {
        if (!in->path) {
            if (in->next_path >= in->npaths)
                return FR_OK;
            int skip = 0;
            size_t i = in->next_path++;
            in->path_docs = 0;
            fr_status s = open_file(in, in->paths[i], in->walked[i], &skip, err);
            if (s != FR_OK)
                return s;
            if (skip) {
                in->skipped++;
                continue;
            }
        }
        fr_status s = FR_OK;
        switch (in->kind) {
        case K_TEXT:
            if (!in->done_single) {
                in->done_single = 1;
                *doc = (fr_doc){in->path, strlen(in->path), in->raw.data ? in->raw.data : "", in->raw.len, in->path,
                                in->base, NULL, in->kind == K_PDF || in->repaired ? "extracted" : "source", NULL, NULL,
                                NULL, 0};
                *more = 1;
            }
            break;
        case K_HTML:
            if (!in->done_single) {
                in->done_single = 1;
                s = html_doc(in, doc, err);
                *more = s == FR_OK;
            }
            break;
        case K_PDF:
        case K_JSON:
            if (in->kind == K_PDF) {
                if (!in->done_single) {
                    in->done_single = 1;
                    *doc = (fr_doc){in->path, strlen(in->path), in->raw.data ? in->raw.data : "", in->raw.len, in->path,
                                    0, NULL, "extracted", NULL, NULL, NULL, 0};
                    *more = 1;
                }
                break;
            }
            if (!in->done_single) {
                in->done_single = 1;
                s = json_doc(in, doc, err);
                *more = s == FR_OK;
            }
            break;
        case K_JSONL:
            s = jsonl_next(in, doc, more, err);
            break;
        case K_CSV:
            s = csv_next(in, doc, more, err);
            break;
        }
        if (s != FR_OK)
            return s;
        if (*more) {
            in->path_docs++;
            return FR_OK;
        }
        /* a JSONL or CSV file that holds no document is a mistake (the wrong file, an export that
         * failed): say so rather than rank nothing */
        if ((in->kind == K_JSONL || in->kind == K_CSV) && in->path_docs == 0)
            return fr_fail(err, FR_EFORMAT, "%s: no documents in it (%s)", in->path,
                           in->kind == K_CSV ? "a header and no rows" : "no JSON object on any line");
        in->path = NULL;
    }
}
