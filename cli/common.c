/* cli/common.c — messages, shared option groups, JSON string output. */
#include <errno.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <utf8proc.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "util/clock.h"
#include "util/term.h"

/* The one place messages reach stderr: the formatted message is written with fr_term_write, so a
 * file name, id or model line holding ESC or a newline can neither drive the terminal nor forge a
 * second "fitrank:" line — every message is exactly one line (a note to a terminal, `width`
 * columns wide, is wrapped there with its continuation lines indented; errors never are). */
static void vmsg(const char *fmt, va_list ap, size_t width)
{
    char small[1024], *s = small;
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    if (n >= (int)sizeof small && (s = malloc((size_t)n + 1)) != NULL)
        vsnprintf(s, (size_t)n + 1, fmt, again);
    else if (n >= (int)sizeof small)
        s = small, n = (int)sizeof small - 1; /* out of memory: the message, cut short */
    va_end(again);
    if (n > 0)
        cli_term_wrap(stderr, s, (size_t)n, 9, width, 2); /* 9: "fitrank: " */
    if (s != small)
        free(s);
}

int cli_err(int code, const char *fmt, ...)
{
    va_list ap;
    fputs("fitrank: ", stderr);
    va_start(ap, fmt);
    vmsg(fmt, ap, 0);
    va_end(ap);
    fputc('\n', stderr);
    return code;
}

/* The one piece of process state of the CLI: set once from --quiet before any work starts. */
static int quiet_notes;

void cli_set_quiet(int quiet) { quiet_notes = quiet; }

void cli_no_items_add(cli_no_items *t, const char *id, size_t id_len)
{
    if (t->n < sizeof t->ids / sizeof t->ids[0])
        t->ids[t->n] = strndup(id, id_len);
    t->n++;
}

void cli_no_items_note(const cli_no_items *t)
{
    if (!t->n)
        return;
    char ids[512] = "";
    size_t shown = t->n < 3 ? t->n : 3, at = 0;
    for (size_t i = 0; i < shown && at < sizeof ids; i++)
        at += (size_t)snprintf(ids + at, sizeof ids - at, "%s%s", i ? ", " : "", t->ids[i] ? t->ids[i] : "?");
    cli_note("note: %zu posting%s without recognised required or preferred qualifications, scored on the whole "
             "text (%s%s; 'fitrank parse posting --format text' shows how a posting was read)", t->n,
             t->n == 1 ? "" : "s", ids, t->n > shown ? ", ..." : "");
}

void cli_no_items_free(cli_no_items *t)
{
    for (size_t i = 0; i < sizeof t->ids / sizeof t->ids[0]; i++)
        free(t->ids[i]);
    memset(t, 0, sizeof *t);
}

void cli_note(const char *fmt, ...)
{
    if (quiet_notes)
        return;
    va_list ap;
    fputs("fitrank: ", stderr);
    va_start(ap, fmt);
    vmsg(fmt, ap, cli_width(stderr));
    va_end(ap);
    fputc('\n', stderr);
}

int cli_usage_err(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "fitrank %s: ", cmd);
    va_start(ap, fmt);
    vmsg(fmt, ap, 0);
    va_end(ap);
    fprintf(stderr, "\nTry 'fitrank %s --help'.\n", cmd);
    return FR_EXIT_USAGE;
}

void cli_term(FILE *fp, const char *s)
{
    if (s)
        fr_term_write(fp, s, strlen(s));
}

size_t cli_width(FILE *fp)
{
    int fd = fileno(fp);
    if (fd < 0 || !isatty(fd))
        return 0;
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
        return ws.ws_col;
    const char *c = getenv("COLUMNS");
    long v = c ? strtol(c, NULL, 10) : 0;
    return v >= 20 && v <= 10000 ? (size_t)v : 80;
}

/* The columns the character at s[0..n) takes as fr_term_write prints it (an escape of 4-6
 * columns for controls and bad bytes); *len: its bytes. */
static size_t term_cols(const char *s, size_t n, size_t *len)
{
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &cp);
    *len = k < 1 ? 1 : (size_t)k;
    int w = k < 1 ? 4 : cp < 0x20 || cp == 0x7f ? 4 : (cp >= 0x80 && cp < 0xa0) ? 6 : utf8proc_charwidth(cp);
    return w < 0 ? 1 : (size_t)w;
}

void cli_term_fit(FILE *fp, const char *s, size_t col, size_t width)
{
    if (!s)
        return;
    size_t n = strlen(s);
    if (!width || col + 1 >= width) {
        fr_term_write(fp, s, n);
        return;
    }
    size_t avail = width - col - 1, used = 0, i = 0, cut = n; /* -1: the cursor stays on the line */
    while (i < n) {
        size_t k, w = term_cols(s + i, n - i, &k);
        if (cut == n && used + w > avail - 1)
            cut = i; /* the last place "…" still fits after */
        if (used + w > avail)
            break;
        used += w;
        i += k;
    }
    if (i >= n) {
        fr_term_write(fp, s, n);
        return;
    }
    fr_term_write(fp, s, cut);
    fputs("\xE2\x80\xA6", fp);
}

void cli_term_wrap(FILE *fp, const char *s, size_t n, size_t col, size_t width, size_t indent)
{
    if (!width || indent + 2 >= width) {
        fr_term_write(fp, s, n);
        return;
    }
    size_t i = 0;
    while (i < n) {
        /* the longest run of whole words from i that fits the line (at least one word) */
        size_t j = i, used = col, brk = 0;
        while (j < n) {
            size_t k, w = term_cols(s + j, n - j, &k);
            if (s[j] == ' ' && j > i)
                brk = j;
            if (used + w > width - 1 && brk) /* -1: the cursor stays on the line */
                break;
            used += w;
            j += k;
        }
        size_t end = j >= n ? n : brk;
        fr_term_write(fp, s + i, end - i);
        i = end;
        while (i < n && s[i] == ' ')
            i++;
        if (i < n) {
            fputc('\n', fp);
            for (size_t k = 0; k < indent; k++)
                fputc(' ', fp);
            col = indent;
        }
    }
}

int cli_fail(const fr_error *err)
{
    int code;
    switch (err->code) {
    case FR_ENOMEM:
        code = FR_EXIT_OUTPUT;
        break;
    case FR_EINVAL:
        code = FR_EXIT_USAGE;
        break;
    default:
        code = FR_EXIT_INPUT;
    }
    return cli_err(code, "%s", err->msg[0] ? err->msg : fr_strerror(err->code));
}

static int parse_int(const char *cmd, const char *name, const char *arg, long lo, long hi, long *out)
{
    char *end;
    long v = strtol(arg, &end, 10);
    if (!*arg || *end || v < lo || v > hi) {
        cli_usage_err(cmd, "--%s takes an integer between %ld and %ld (got '%s')", name, lo, hi, arg);
        return 0;
    }
    *out = v;
    return 1;
}

int cli_tokenizer_opt(const char *cmd, int opt, const char *arg, fr_tok_opts *o, int *touched)
{
    fr_error err = {0};
    long v;
    const char *key = NULL;
    switch (opt) {
    case OPT_STOP: key = "stop_words"; break;
    case OPT_STEM: key = "stem"; break;
    case OPT_HYPHEN: key = "hyphen"; break;
    case OPT_NGRAM_MIN:
        if (!parse_int(cmd, "ngram-min", arg, 1, 3, &v))
            return -1;
        o->ngram_min = (int)v;
        if (o->ngram_max < o->ngram_min)
            o->ngram_max = o->ngram_min;
        break;
    case OPT_NGRAM_MAX:
        if (!parse_int(cmd, "ngram-max", arg, 1, 3, &v))
            return -1;
        o->ngram_max = (int)v;
        break;
    case OPT_MIN_LEN:
        if (!parse_int(cmd, "min-len", arg, 1, 64, &v))
            return -1;
        o->min_len = (int)v;
        break;
    case OPT_STRIP_ACCENTS: o->strip_accents = 1; break;
    default: return 0;
    }
    if (key && fr_tok_opts_set(o, key, arg, &err) != FR_OK) {
        cli_usage_err(cmd, "%s", err.msg);
        return -1;
    }
    if (touched)
        *touched = 1;
    return 1;
}

int cli_input_opt(const char *cmd, int opt, const char *arg, fr_input_opts *o)
{
    switch (opt) {
    case OPT_ID_COL: o->id_column = arg; return 1;
    case OPT_TEXT_COL: o->text_column = arg; return 1;
    case OPT_QUIET: cli_set_quiet(1); return 1;
    case OPT_INPUT_FORMAT:
        if (strcmp(arg, "text") && strcmp(arg, "json") && strcmp(arg, "jsonl") && strcmp(arg, "csv") && strcmp(arg, "html")) {
            cli_usage_err(cmd, "--input-format takes text, json, jsonl, csv or html (got '%s')", arg);
            return -1;
        }
        o->stdin_format = arg;
        return 1;
    case OPT_INVALID:
        if (strcmp(arg, "strict") == 0)
            o->invalid = FR_INVALID_STRICT;
        else if (strcmp(arg, "replace") == 0)
            o->invalid = FR_INVALID_REPLACE;
        else {
            cli_usage_err(cmd, "--invalid takes 'strict' or 'replace' (got '%s')", arg);
            return -1;
        }
        return 1;
    case OPT_MAX_INPUT: {
        /* N, NK, NM or NG (powers of 1024); at most what 32-bit offsets address */
        char *end;
        errno = 0;
        unsigned long long v = strtoull(arg, &end, 10);
        unsigned long long mul = *end == 'K' || *end == 'k' ? 1ull << 10 : *end == 'M' || *end == 'm' ? 1ull << 20
                                 : *end == 'G' || *end == 'g' ? 1ull << 30 : 1;
        if (mul > 1)
            end++;
        if (!*arg || *arg == '-' || *end || errno || v == 0 || v > FR_MAX_INPUT_BYTES / mul) {
            cli_usage_err(cmd, "--max-input-bytes takes a size from 1 to %zu bytes (2 GiB - 1), with an optional K, M or "
                               "G suffix (got '%s')", FR_MAX_INPUT_BYTES, arg);
            return -1;
        }
        o->max_bytes = (size_t)(v * mul);
        return 1;
    }
    default: return 0;
    }
}

/* Optimal string alignment distance (Damerau–Levenshtein without repeated edits of a substring),
 * bytes; words longer than 63 bytes are never typos of an option or command. */
static size_t edit_distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    if (n > 63 || m > 63)
        return SIZE_MAX;
    size_t d[64][64];
    for (size_t i = 0; i <= n; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= m; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= n; i++)
        for (size_t j = 1; j <= m; j++) {
            size_t sub = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            size_t del = d[i - 1][j] + 1, ins = d[i][j - 1] + 1;
            size_t best = sub < del ? sub : del;
            best = best < ins ? best : ins;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    return d[n][m];
}

const char *cli_suggest(const char *word, const char *const *cands, size_t n)
{
    size_t len = strlen(word), limit = len <= 4 ? 1 : len <= 8 ? 2 : 3, best = SIZE_MAX;
    const char *pick = NULL;
    for (size_t i = 0; i < n; i++) {
        size_t d = edit_distance(word, cands[i]);
        if (d < best) {
            best = d;
            pick = cands[i];
        }
    }
    return best <= limit ? pick : NULL;
}

/* Options of one command that users reach for in another: what to say instead of "unknown". */
static const struct {
    const char *cmd, *opt, *hint;
} other_cmd_hints[] = {
    {"match", "resumes", "match takes --resume FILE (one résumé); to rank many résumés use 'fitrank rank'"},
    {"rank", "resume", "rank takes --resumes INPUT... (many résumés); for one résumé's best postings use "
                       "'fitrank match --resume FILE'"},
    {"explain", "postings", "explain takes --posting FILE (one posting) and --resume FILE; to rank many use 'fitrank rank'"},
    {"explain", "resumes", "explain takes --resume FILE (one résumé) and --posting FILE; to rank many use 'fitrank rank'"},
};

static const char *hint_for(const char *cmd, const char *opt)
{
    for (size_t i = 0; i < sizeof other_cmd_hints / sizeof other_cmd_hints[0]; i++)
        if (strcmp(cmd, other_cmd_hints[i].cmd) == 0 && strcmp(opt, other_cmd_hints[i].opt) == 0)
            return other_cmd_hints[i].hint;
    return NULL;
}

int cli_getopt_err(const char *cmd, char **argv, int c, const struct option *longopts)
{
    const char *arg = argv[optind - 1];
    if (c == 1)
        return cli_usage_err(cmd, "unexpected argument '%s'", arg);
    if (c != '?' && c != ':') {
        /* an option getopt knows (commands share option tables) that this command does not take:
         * argv[optind - 1] may be its argument, so name the option from its code */
        const char *name = NULL;
        for (const struct option *o = longopts; o && o->name; o++)
            if (o->val == c)
                name = o->name;
        if (!name)
            return cli_usage_err(cmd, "option '%s' does not apply to %s", arg, cmd);
        const char *hint = hint_for(cmd, name);
        return hint ? cli_usage_err(cmd, "%s (got --%s)", hint, name)
                    : cli_usage_err(cmd, "option '--%s' does not apply to %s", name, cmd);
    }
    if (c == ':' || (optopt && strchr("o", optopt)))
        return cli_usage_err(cmd, "option '%s' requires an argument", arg);
    if (optopt && optopt < 256)
        return cli_usage_err(cmd, "unknown option '-%c'", optopt);
    if (optopt >= 256)
        return cli_usage_err(cmd, "option '%s' requires an argument", arg);
    if (strncmp(arg, "--", 2) == 0 && arg[2]) {
        /* "--resumes=x" is the option "resumes" */
        char word[64];
        size_t n = strcspn(arg + 2, "=");
        if (n < sizeof word) {
            memcpy(word, arg + 2, n);
            word[n] = '\0';
            const char *hint = hint_for(cmd, word);
            if (hint)
                return cli_usage_err(cmd, "%s (got --%s)", hint, word);
            const char *names[128];
            size_t k = 0;
            for (const struct option *o = longopts; o && o->name && k < 128; o++)
                names[k++] = o->name;
            const char *near = cli_suggest(word, names, k);
            if (near)
                return cli_usage_err(cmd, "unknown option '--%s'; did you mean '--%s'?", word, near);
        }
    }
    return cli_usage_err(cmd, "unknown option '%s'", arg);
}

/* Section names of the columns options, and the heading each becomes in the text laid out of a
 * row (the headings the posting and résumé parsers know; "" = the first line, the title). */
static const struct section_heading {
    const char *name, *heading;
} posting_sections[] = {{"title", ""}, {"summary", "About the role"}, {"responsibilities", "Responsibilities"},
                        {"required", "Requirements"}, {"preferred", "Preferred qualifications"}, {"skills", "Skills"},
                        {"benefits", "Benefits"}, {NULL, NULL}},
  resume_sections[] = {{"title", ""}, {"summary", "Summary"}, {"experience", "Experience"}, {"education", "Education"},
                       {"skills", "Skills"}, {"certifications", "Certifications"}, {"languages", "Languages"},
                       {"projects", "Projects"}, {NULL, NULL}};

/* "Minimum Qualifications=required,Title=title,Notes" -> "Minimum Qualifications=Requirements,Title=,Notes" */
static int translate_columns(const char *cmd, const char *flag, const char *arg, int posting, char *out, size_t cap)
{
    const struct section_heading *tab = posting ? posting_sections : resume_sections;
    size_t at = 0;
    out[0] = '\0';
    for (const char *p = arg; *p;) {
        size_t k = strcspn(p, ",");
        const char *eq = memchr(p, '=', k);
        size_t nlen = eq ? (size_t)(eq - p) : k;
        if (!nlen)
            return cli_usage_err(cmd, "%s: an empty column name in '%s'", flag, arg), -1;
        const char *heading = NULL;
        if (eq) {
            size_t slen = k - nlen - 1;
            for (size_t i = 0; tab[i].name; i++)
                if (strlen(tab[i].name) == slen && strncmp(tab[i].name, eq + 1, slen) == 0)
                    heading = tab[i].heading;
            if (!heading && !(slen == 4 && strncmp(eq + 1, "text", 4) == 0)) /* text: the field as it is */
                return cli_usage_err(cmd, "%s: unknown section '%.*s' (known: %s)", flag, (int)slen, eq + 1,
                                     posting ? "title, summary, responsibilities, required, preferred, skills, benefits, text"
                                             : "title, summary, experience, education, skills, certifications, languages, "
                                               "projects, text"), -1;
        }
        int n = snprintf(out + at, cap - at, "%s%.*s%s%s", at ? "," : "", (int)nlen, p, heading ? "=" : "",
                         heading ? heading : "");
        if (n < 0 || (size_t)n >= cap - at)
            return cli_usage_err(cmd, "%s: too long (at most %zu bytes)", flag, cap / 2), -1;
        at += (size_t)n;
        p += k + (p[k] == ',');
    }
    return 1;
}

int cli_side_opt(const char *cmd, int opt, const char *arg, cli_side_opts side[2])
{
    switch (opt) {
    case OPT_P_ID_COL: side[0].id_column = arg; return 1;
    case OPT_P_TEXT_COL: side[0].text_column = arg; return 1;
    case OPT_R_ID_COL: side[1].id_column = arg; return 1;
    case OPT_R_TEXT_COL: side[1].text_column = arg; return 1;
    case OPT_P_COLS:
    case OPT_R_COLS: {
        int posting = opt == OPT_P_COLS;
        cli_side_opts *sd = &side[!posting];
        return translate_columns(cmd, posting ? "--posting-columns" : "--resume-columns", arg, posting, sd->columns,
                                 sizeof sd->columns);
    }
    default: return 0;
    }
}

fr_input_opts cli_side_io(const fr_input_opts *base, const cli_side_opts *side)
{
    fr_input_opts o = *base;
    if (side->id_column)
        o.id_column = side->id_column;
    if (side->text_column) {
        o.text_column = side->text_column;
        o.columns = NULL;
    }
    if (side->columns[0])
        o.columns = side->columns;
    return o;
}

void cli_input_notes(const fr_input *in)
{
    const char *hint = fr_input_stdin_hint(in);
    if (hint)
        cli_note("note: standard input was read as one text document, but it looks like %s: give "
                 "--input-format %s to read it as such", strcmp(hint, "jsonl") == 0 ? "JSON Lines" : strcmp(hint, "csv") == 0 ? "CSV" : "JSON",
                 hint);
    if (fr_input_skipped(in))
        cli_note("note: skipped %zu file(s) in directories (only regular .txt, .md, .json, .html, .htm and "
                 ".pdf files are read; symlinked directories, dangling symlinks, FIFOs and devices are not)",
                 fr_input_skipped(in));
    if (fr_input_replaced(in))
        cli_note("note: replaced %zu invalid UTF-8 sequence(s) with U+FFFD", fr_input_replaced(in));
}

/* Progress while documents are read (and, in rank, ranked batch by batch as they arrive): one line
 * on stderr, first at 1024 documents, then rewritten in place at most 4 times a second, only when
 * stderr is a terminal and notes are not silenced; cleared when reading ends, so that what follows
 * starts on a clean line. */
typedef struct {
    int on, shown;
    size_t docs, bytes;
    double t0, last;
} progress;

static void progress_start(progress *p)
{
    memset(p, 0, sizeof *p);
    p->on = !quiet_notes && isatty(STDERR_FILENO);
    p->t0 = p->last = p->on ? fr_now() : 0;
}

static void progress_step(progress *p, const fr_doc *d)
{
    if (!p->on)
        return;
    p->docs++;
    p->bytes += d->len;
    /* the first line at 1024 documents (so that a long run shows one whatever the clock says),
     * then at most 4 a second */
    double t = fr_now();
    if (p->docs != 1024 && t - p->last < 0.25)
        return;
    p->last = t;
    p->shown = 1;
    fprintf(stderr, "\rfitrank: %zu documents read (%.1f MB, %.0f per second) ...\033[K", p->docs, (double)p->bytes / 1e6,
            (double)p->docs / (t - p->t0 > 1e-9 ? t - p->t0 : 1e-9));
}

static void progress_end(progress *p)
{
    if (p->shown)
        fputs("\r\033[K", stderr);
    p->shown = 0;
}

int cli_each_doc(fr_input *in, cli_doc_fn fn, void *ctx)
{
    fr_error err = {0};
    progress pg;
    progress_start(&pg);
    int rc = FR_EXIT_OK;
    for (;;) {
        fr_doc d;
        int more;
        if (fr_input_next(in, &d, &more, &err) != FR_OK) {
            progress_end(&pg);
            rc = cli_fail(&err);
            break;
        }
        if (!more)
            break;
        if (fn(ctx, &d, &err) != FR_OK) {
            progress_end(&pg);
            if (err.has_offset)
                rc = cli_err(FR_EXIT_INPUT, "%s:%zu: %s", d.path, d.offset + err.offset, err.msg);
            else
                rc = cli_fail(&err);
            break;
        }
        progress_step(&pg, &d);
    }
    progress_end(&pg);
    return rc;
}

int cli_each_doc_skip(fr_input *in, cli_doc_fn fn, void *ctx, size_t *n_bad)
{
    fr_error err = {0};
    *n_bad = 0;
    progress pg;
    progress_start(&pg);
    for (;;) {
        fr_doc d;
        int more;
        if (fr_input_next(in, &d, &more, &err) != FR_OK) {
            progress_end(&pg);
            if (err.code == FR_ENOMEM)
                return cli_fail(&err);
            cli_err(FR_EXIT_INPUT, "skipped: %s", err.msg);
            (*n_bad)++;
            fr_input_skip_bad(in);
            continue;
        }
        if (!more) {
            progress_end(&pg);
            return *n_bad ? FR_EXIT_INPUT : FR_EXIT_OK;
        }
        if (fn(ctx, &d, &err) != FR_OK) {
            progress_end(&pg);
            if (err.code == FR_ENOMEM)
                return cli_fail(&err);
            if (err.has_offset)
                cli_err(FR_EXIT_INPUT, "skipped: %s:%zu: %s", d.path, d.offset + err.offset, err.msg);
            else
                cli_err(FR_EXIT_INPUT, "skipped: %s", err.msg);
            (*n_bad)++;
        } else
            progress_step(&pg, &d);
    }
}

int cli_finish_output(fr_outfile *out, const fr_input *in, int rc)
{
    if (rc != FR_EXIT_OK)
        return rc;
    fr_error err = {0};
    if (fr_outfile_commit(out, &err) != FR_OK)
        return cli_err(FR_EXIT_OUTPUT, "%s", err.msg);
    cli_input_notes(in);
    return rc;
}

void cli_json_str(FILE *fp, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    putc('"', fp);
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        fwrite(s + run, 1, i - run, fp);
        run = i + 1;
        switch (c) {
        case '"': fputs("\\\"", fp); break;
        case '\\': fputs("\\\\", fp); break;
        case '\n': fputs("\\n", fp); break;
        case '\t': fputs("\\t", fp); break;
        case '\r': fputs("\\r", fp); break;
        default:
            fputs("\\u00", fp);
            putc(hex[c >> 4], fp);
            putc(hex[c & 15], fp);
        }
    }
    fwrite(s + run, 1, n - run, fp);
    putc('"', fp);
}

/* "2026-11" or "2026-11-23" (day ignored) or "2026". */
static int parse_as_of(const char *s, fr_ym *out)
{
    int y = 0, m = 0;
    char extra;
    if (sscanf(s, "%4d-%2d-%*2d%c", &y, &m, &extra) == 2 || sscanf(s, "%4d-%2d%c", &y, &m, &extra) == 2 ||
        (sscanf(s, "%4d%c", &y, &extra) == 1 && (m = 12)))
        ;
    else
        return 0;
    if (y < 1950 || y > 2100 || m < 1 || m > 12)
        return 0;
    out->year = y;
    out->month = m;
    return 1;
}

int cli_as_of(const char *cmd, const char *arg, fr_ym *out)
{
    if (arg) {
        if (!parse_as_of(arg, out)) {
            cli_usage_err(cmd, "--as-of takes YYYY-MM or YYYY-MM-DD (got '%s')", arg);
            return 0;
        }
        return 1;
    }
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    out->year = tm.tm_year + 1900;
    out->month = tm.tm_mon + 1;
    return 1;
}

int cli_args_push(cli_args *l, const char *a)
{
    const char **n = realloc(l->v, (l->n + 1) * sizeof *n);
    if (!n)
        return 0;
    l->v = n;
    l->v[l->n++] = a;
    return 1;
}
