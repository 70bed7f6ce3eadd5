/* tests/check_engine.c — engine: document inputs (files, directories, JSONL, CSV, JSON). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "engine/input.h"
#include "engine/jsondoc.h"
#include "util/io.h"
#include "util/utf8.h"
#include "tests/check_support.h"

static void write_file(const char *path, const char *data, size_t n)
{
    FILE *fp = fopen(path, "wb");
    ck_assert_ptr_nonnull(fp);
    ck_assert_uint_eq(fwrite(data, 1, n, fp), n);
    fclose(fp);
}

static char *tmp(const char *name)
{
    char *p = malloc(1024);
    snprintf(p, 1024, "%s/%s", t_tmpdir(), name);
    return p;
}

typedef struct {
    size_t n;
    char ids[16][128];
    char texts[16][256];
    size_t offsets[16];
} docs;

static fr_status read_all(const char *path, const fr_input_opts *o, docs *out, fr_error *err)
{
    fr_input *in;
    const char *args[1] = {path};
    memset(out, 0, sizeof *out);
    fr_status s = fr_input_open(args, 1, o, &in, err);
    if (s != FR_OK)
        return s;
    fr_doc d;
    int more;
    while ((s = fr_input_next(in, &d, &more, err)) == FR_OK && more && out->n < 16) {
        snprintf(out->ids[out->n], 128, "%.*s", (int)d.id_len, d.id);
        snprintf(out->texts[out->n], 256, "%.*s", (int)d.len, d.text);
        out->offsets[out->n] = d.offset;
        out->n++;
    }
    fr_input_free(in);
    return s;
}

START_TEST(test_input_jsonl_ids_and_defaults)
{
    char *p = tmp("a.jsonl");
    const char data[] = "{\"id\": \"r1\", \"text\": \"C++ dev\"}\n\n{\"text\": \"no id\"}\n{\"id\": 42, \"text\": \"num\\u00e9\"}\n";
    write_file(p, data, sizeof data - 1);
    fr_input_opts o;
    fr_input_opts_default(&o);
    docs d;
    ck_assert_int_eq(read_all(p, &o, &d, NULL), FR_OK);
    ck_assert_uint_eq(d.n, 3);
    ck_assert_str_eq(d.ids[0], "r1");
    ck_assert_str_eq(d.texts[0], "C++ dev");
    char want[1100];
    snprintf(want, sizeof want, "%s:3", p);
    ck_assert_str_eq(d.ids[1], want);
    ck_assert_str_eq(d.ids[2], "42");
    ck_assert_str_eq(d.texts[2], "num\xC3\xA9");
    free(p);
}
END_TEST

START_TEST(test_input_csv_quotes_multiline_bom)
{
    char *p = tmp("b.csv");
    const char data[] = "\xEF\xBB\xBFID,Title,Body\r\n7,\"Dev, Senior\",\"line one\nline \"\"two\"\"\"\r\n8,Ops,plain\r\n";
    write_file(p, data, sizeof data - 1);
    fr_input_opts o;
    fr_input_opts_default(&o);
    o.text_column = "Title,Body";
    docs d;
    fr_error err = {0};
    ck_assert_msg(read_all(p, &o, &d, &err) == FR_OK, "%s", err.msg);
    ck_assert_uint_eq(d.n, 2);
    ck_assert_str_eq(d.ids[0], "7"); /* the default id column matches "ID" in any case */
    ck_assert_str_eq(d.texts[0], "Dev, Senior\nline one\nline \"two\"");
    ck_assert_str_eq(d.texts[1], "Ops\nplain");
    free(p);
}
END_TEST

START_TEST(test_input_csv_errors_name_offset)
{
    char *p = tmp("c.csv");
    const char data[] = "id,text\n1,ok\n2,\"never closed\n";
    write_file(p, data, sizeof data - 1);
    fr_input_opts o;
    fr_input_opts_default(&o);
    docs d;
    fr_error err = {0};
    ck_assert_int_eq(read_all(p, &o, &d, &err), FR_EFORMAT);
    ck_assert_uint_eq(err.offset, 15);
    ck_assert_ptr_nonnull(strstr(err.msg, ":15: unterminated"));
    const char data2[] = "id,body\n1,ok\n";
    write_file(p, data2, sizeof data2 - 1);
    ck_assert_int_eq(read_all(p, &o, &d, &err), FR_EFORMAT);
    ck_assert_ptr_nonnull(strstr(err.msg, "no column 'text'"));
    ck_assert_ptr_nonnull(strstr(err.msg, "id, body"));
    const char data3[] = "id,text\n1,ok,extra\n";
    write_file(p, data3, sizeof data3 - 1);
    ck_assert_int_eq(read_all(p, &o, &d, &err), FR_EFORMAT);
    ck_assert_ptr_nonnull(strstr(err.msg, "has 3 fields, the header has 2"));
    free(p);
}
END_TEST

START_TEST(test_input_invalid_utf8_strict_and_replace)
{
    char *p = tmp("bad.txt");
    const char data[] = "good text\nthen \xFF bad";
    write_file(p, data, sizeof data - 1);
    fr_input_opts o;
    fr_input_opts_default(&o);
    docs d;
    fr_error err = {0};
    ck_assert_int_eq(read_all(p, &o, &d, &err), FR_EUTF8);
    ck_assert_uint_eq(err.offset, 15);
    char want[1100];
    snprintf(want, sizeof want, "%s:15: invalid UTF-8", p);
    ck_assert_ptr_nonnull(strstr(err.msg, want));
    o.invalid = FR_INVALID_REPLACE;
    ck_assert_int_eq(read_all(p, &o, &d, &err), FR_OK);
    ck_assert_str_eq(d.texts[0], "good text\nthen \xEF\xBF\xBD bad");
    free(p);
}
END_TEST

START_TEST(test_input_jsonl_bad_line_reported)
{
    char *p = tmp("bad.jsonl");
    const char data[] = "{\"id\":\"a\",\"text\":\"x\"}\n{\"id\":\"b\" \"text\":\"y\"}\n";
    write_file(p, data, sizeof data - 1);
    fr_input_opts o;
    fr_input_opts_default(&o);
    docs d;
    fr_error err = {0};
    ck_assert_int_eq(read_all(p, &o, &d, &err), FR_EFORMAT);
    ck_assert_ptr_nonnull(strstr(err.msg, "line 2: invalid JSON"));
    ck_assert_uint_ge(err.offset, 23);
    const char data2[] = "{\"id\":\"a\"}\n";
    write_file(p, data2, sizeof data2 - 1);
    ck_assert_int_eq(read_all(p, &o, &d, &err), FR_EFORMAT);
    ck_assert_ptr_nonnull(strstr(err.msg, "\"text\""));
    free(p);
}
END_TEST

START_TEST(test_input_directory_sorted_and_skips)
{
    char *dir = tmp("dir"), path[1200];
    mkdir(dir, 0755);
    snprintf(path, sizeof path, "%s/sub", dir);
    mkdir(path, 0755);
    snprintf(path, sizeof path, "%s/b.md", dir);
    write_file(path, "# B", 3);
    snprintf(path, sizeof path, "%s/a.txt", dir);
    write_file(path, "A", 1);
    snprintf(path, sizeof path, "%s/sub/c.json", dir);
    const char *json = "{\"basics\": {\"name\": \"Ada\", \"label\": \"Engineer\"}, \"n\": 3}";
    write_file(path, json, strlen(json));
    snprintf(path, sizeof path, "%s/image.png", dir);
    write_file(path, "\x89PNG", 4);
    fr_input_opts o;
    fr_input_opts_default(&o);
    fr_input *in;
    const char *args[1] = {dir};
    ck_assert_int_eq(fr_input_open(args, 1, &o, &in, NULL), FR_OK);
    fr_doc d;
    int more;
    const char *want_text[] = {"A", "# B", "Ada\nEngineer\n"}; /* JSON Resume laid out as text */
    for (int i = 0; i < 3; i++) {
        ck_assert_int_eq(fr_input_next(in, &d, &more, NULL), FR_OK);
        ck_assert_int_eq(more, 1);
        ck_assert_int_eq((int)d.len, (int)strlen(want_text[i]));
        ck_assert_int_eq(memcmp(d.text, want_text[i], d.len), 0);
    }
    ck_assert_int_eq(fr_input_next(in, &d, &more, NULL), FR_OK);
    ck_assert_int_eq(more, 0);
    ck_assert_uint_eq(fr_input_skipped(in), 1);
    fr_input_free(in);
    free(dir);
}
END_TEST

/* Issue 12: what a directory holds besides documents never blocks or ends the walk. */
START_TEST(test_input_directory_skips_fifos_and_dangling_links)
{
    char *dir = tmp("oddities"), path[1200];
    ck_assert_int_eq(mkdir(dir, 0755), 0);
    snprintf(path, sizeof path, "%s/a.txt", dir);
    write_file(path, "Alpha", 5);
    snprintf(path, sizeof path, "%s/f.txt", dir); /* nobody writes it: opening it would block */
    ck_assert_int_eq(mkfifo(path, 0644), 0);
    snprintf(path, sizeof path, "%s/d.txt", dir);
    ck_assert_int_eq(symlink("nowhere.txt", path), 0);
    snprintf(path, sizeof path, "%s/z.txt", dir); /* endless */
    ck_assert_int_eq(symlink("/dev/zero", path), 0);
    snprintf(path, sizeof path, "%s/b.txt", dir);
    write_file(path, "Beta", 4);
    fr_input_opts o;
    fr_input_opts_default(&o);
    fr_input *in;
    const char *args[1] = {dir};
    ck_assert_int_eq(fr_input_open(args, 1, &o, &in, NULL), FR_OK);
    fr_doc d;
    int more;
    /* b.txt turns into a FIFO after the walk: opened without blocking, seen, skipped */
    ck_assert_int_eq(unlink(path), 0);
    ck_assert_int_eq(mkfifo(path, 0644), 0);
    fr_error err = {0};
    ck_assert_int_eq(fr_input_next(in, &d, &more, &err), FR_OK);
    ck_assert_int_eq(more, 1);
    ck_assert_int_eq(memcmp(d.text, "Alpha", 5), 0);
    ck_assert_msg(fr_input_next(in, &d, &more, &err) == FR_OK, "%s", err.msg);
    ck_assert_int_eq(more, 0);
    ck_assert_uint_eq(fr_input_skipped(in), 4);
    fr_input_free(in);
    free(dir);
}
END_TEST

/* Issue 12: an input is read once, from its first byte, whatever it is — and never past the limit. */
START_TEST(test_input_limit_and_index_through_a_pipe)
{
    fr_input_opts o;
    fr_input_opts_default(&o);
    ck_assert_uint_eq(o.max_bytes, FR_MAX_INPUT_BYTES);
    o.max_bytes = 8;
    char *p = tmp("limit.txt");
    write_file(p, "0123456789", 10);
    docs ds;
    fr_error err = {0};
    ck_assert_int_eq(read_all(p, &o, &ds, &err), FR_EFORMAT);
    ck_assert_ptr_nonnull(strstr(err.msg, "limit.txt:8: more than 8 bytes"));
    o.max_bytes = 10;
    ck_assert_int_eq(read_all(p, &o, &ds, &err), FR_OK);
    free(p);
    /* an index arriving through a FIFO is named as such, not "binary data" */
    int fds[2];
    ck_assert_int_eq(pipe(fds), 0);
    ck_assert_int_eq((int)write(fds[1], FR_INDEX_MAGIC "\4\0\0\0", 12), 12);
    close(fds[1]);
    char dev[64];
    snprintf(dev, sizeof dev, "/dev/fd/%d", fds[0]);
    o.max_bytes = 0;
    ck_assert_int_eq(read_all(dev, &o, &ds, &err), FR_EFORMAT);
    close(fds[0]);
    ck_assert_ptr_nonnull(strstr(err.msg, ":0: a fitrank index, not a document"));
}
END_TEST

START_TEST(test_input_missing_path_fails_at_open)
{
    fr_input_opts o;
    fr_input_opts_default(&o);
    fr_input *in = (fr_input *)&o;
    fr_error err = {0};
    const char *args[1] = {"/nonexistent/file.txt"};
    ck_assert_int_eq(fr_input_open(args, 1, &o, &in, &err), FR_EIO);
    ck_assert_ptr_null(in);
    ck_assert_ptr_nonnull(strstr(err.msg, "/nonexistent/file.txt: cannot open"));
}
END_TEST

/* ------------------------------------------------ JSONL read in pieces */

/* One reading of some inputs: every document (id, offset, title, what offsets mean, text) written
 * out in order, then how it ended. */
typedef struct {
    fr_buf docs;
    size_t n;
    fr_status st;
    fr_error err;
    size_t replaced;
} run;

static void read_run(const char *const *paths, size_t np, const fr_input_opts *o, run *r)
{
    memset(r, 0, sizeof *r);
    fr_input *in = NULL;
    if ((r->st = fr_input_open(paths, np, o, &in, &r->err)) != FR_OK)
        return;
    fr_doc d;
    int more;
    while ((r->st = fr_input_next(in, &d, &more, &r->err)) == FR_OK && more) {
        fr_buf_printf(&r->docs, "%.*s|%zu|%s|%s|", (int)d.id_len, d.id, d.offset, d.title ? d.title : "-", d.offsets);
        fr_buf_append(&r->docs, d.text, d.len);
        fr_buf_putc(&r->docs, '\n');
        r->n++;
    }
    ck_assert(!r->docs.failed);
    r->replaced = fr_input_replaced(in);
    fr_input_free(in);
}

static const char *docs_of(const run *r) { return r->docs.data ? r->docs.data : ""; }

/* The inputs read whole and in pieces of each size: the same documents and the same outcome (code,
 * message, offset).  Where whole reading finds a file bad before its lines (a NUL byte, invalid
 * UTF-8, the limit, an empty file) it hands out none of that file's documents, reading in pieces
 * those before the bad piece: then whole reading's documents are a prefix of the others. */
static void same_in_pieces(const char *const *paths, size_t np, const fr_input_opts *base, const size_t *sizes,
                           size_t nsizes)
{
    fr_input_opts o = *base;
    o.piece_bytes = 0;
    run whole;
    read_run(paths, np, &o, &whole);
    int line_err = whole.st != FR_OK && strstr(whole.err.msg, ": line ") != NULL;
    for (size_t k = 0; k < nsizes; k++) {
        o.piece_bytes = sizes[k];
        run r;
        read_run(paths, np, &o, &r);
        ck_assert_msg(r.st == whole.st && strcmp(r.err.msg, whole.err.msg) == 0 &&
                          r.err.has_offset == whole.err.has_offset && r.err.offset == whole.err.offset,
                      "pieces of %zu: %d '%s' (offset %zu), whole: %d '%s' (offset %zu)", sizes[k], r.st, r.err.msg,
                      r.err.offset, whole.st, whole.err.msg, whole.err.offset);
        if (whole.st == FR_OK || line_err) {
            ck_assert_msg(strcmp(docs_of(&r), docs_of(&whole)) == 0, "pieces of %zu: documents\n%s\nwhole:\n%s",
                          sizes[k], docs_of(&r), docs_of(&whole));
            ck_assert_uint_eq(r.replaced, whole.replaced);
        } else
            ck_assert_msg(strncmp(docs_of(&r), docs_of(&whole), whole.docs.len) == 0, "pieces of %zu: documents\n%s\n"
                          "whole:\n%s", sizes[k], docs_of(&r), docs_of(&whole));
        fr_buf_free(&r.docs);
    }
    fr_buf_free(&whole.docs);
}

static const size_t all_sizes[] = {1, 2, 3, 4, 5, 7, 8, 9, 13, 16, 31, 64, 4096};

static void same_in_pieces_data(const char *name, const char *data, size_t n, fr_invalid_policy pol, size_t max_bytes)
{
    char *p = tmp(name);
    write_file(p, data, n);
    fr_input_opts o;
    fr_input_opts_default(&o);
    o.invalid = pol;
    if (max_bytes)
        o.max_bytes = max_bytes;
    const char *args[1] = {p};
    same_in_pieces(args, 1, &o, all_sizes, sizeof all_sizes / sizeof *all_sizes);
    free(p);
}

/* Read `data` in pieces of `piece` bytes: the outcome, and the documents in *r. */
static fr_status read_pieces(const char *name, const char *data, size_t n, size_t piece, run *r)
{
    char *p = tmp(name);
    write_file(p, data, n);
    fr_input_opts o;
    fr_input_opts_default(&o);
    o.piece_bytes = piece;
    const char *args[1] = {p};
    read_run(args, 1, &o, r);
    free(p);
    return r->st;
}

START_TEST(test_input_pieces_documents_span_boundaries)
{
    const char data[] = "{\"id\": \"a\", \"text\": \"alpha beta gamma\"}\n"
                        "{\"text\": \"no id\", \"title\": \"T\"}\n"
                        "\n"
                        "{\"id\": 7, \"text\": \"d\\u00e9j\\u00e0 vu \xE2\x82\xAC\"}\n";
    for (size_t piece = 1; piece <= sizeof data; piece++) {
        run r;
        ck_assert_int_eq(read_pieces("span.jsonl", data, sizeof data - 1, piece, &r), FR_OK);
        ck_assert_uint_eq(r.n, 3);
        char want[2048];
        snprintf(want, sizeof want, "a|0|-|field|alpha beta gamma\n%s/span.jsonl:2|40|T|field|no id\n"
                 "7|73|-|field|d\xC3\xA9j\xC3\xA0 vu \xE2\x82\xAC\n", t_tmpdir());
        ck_assert_str_eq(docs_of(&r), want);
        fr_buf_free(&r.docs);
    }
    same_in_pieces_data("span.jsonl", data, sizeof data - 1, FR_INVALID_STRICT, 0);
}
END_TEST

/* A line longer than many pieces, and a file without a line end at its end. */
START_TEST(test_input_pieces_long_line_no_final_newline)
{
    fr_buf b = {0};
    fr_buf_printf(&b, "{\"id\": \"long\", \"text\": \"");
    for (int i = 0; i < 3000; i++)
        fr_buf_printf(&b, "w%d ", i);
    fr_buf_printf(&b, "\"}\n{\"id\": \"last\", \"text\": \"end\"}");
    run r;
    ck_assert_int_eq(read_pieces("long.jsonl", b.data, b.len, 64, &r), FR_OK);
    ck_assert_uint_eq(r.n, 2);
    ck_assert_ptr_nonnull(strstr(docs_of(&r), "w2999 \nlast|"));
    ck_assert_ptr_nonnull(strstr(docs_of(&r), "|end\n"));
    fr_buf_free(&r.docs);
    same_in_pieces_data("long.jsonl", b.data, b.len, FR_INVALID_STRICT, 0);
    fr_buf_free(&b);
}
END_TEST

START_TEST(test_input_pieces_crlf_bom_blank_and_last_lines)
{
    const char *cases[] = {
        "\xEF\xBB\xBF{\"id\": \"b\", \"text\": \"bom\"}\r\n{\"id\": \"c\", \"text\": \"crlf\"}\r\n",
        "{\"id\": \"x\", \"text\": \"no newline at the end\"}",
        "{\"id\": \"x\", \"text\": \"blank lines after\"}\n\n \t\r\n\r\n",
        "\n\n{\"id\": \"y\", \"text\": \"blank lines before\"}\n",
        "\xEF\xBB\xBF{\"text\": \"bom, no newline\"}",
        "{\"text\": \"a\"}\r\n   \r\n{\"text\": \"b\"}   \r",
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        same_in_pieces_data("crlf.jsonl", cases[i], strlen(cases[i]), FR_INVALID_STRICT, 0);
    /* the BOM moves no offset: a document's offset is its byte in the file */
    run r;
    ck_assert_int_eq(read_pieces("crlf.jsonl", cases[0], strlen(cases[0]), 2, &r), FR_OK);
    ck_assert_str_eq(docs_of(&r), "b|3|-|field|bom\nc|31|-|field|crlf\n");
    fr_buf_free(&r.docs);
}
END_TEST

/* A bad byte or bad JSON right before, at or after a piece's end: the position whole reading gives. */
START_TEST(test_input_pieces_errors_at_boundaries)
{
    const char bad_utf8[] = "{\"text\": \"a\"}\n{\"text\": \"\xFF\"}\n";
    for (size_t piece = 1; piece <= sizeof bad_utf8; piece++) {
        run r;
        ck_assert_int_eq(read_pieces("u.jsonl", bad_utf8, sizeof bad_utf8 - 1, piece, &r), FR_EUTF8);
        ck_assert_ptr_nonnull(strstr(r.err.msg, "/u.jsonl:24: invalid UTF-8 (byte 0xFF)"));
        ck_assert_uint_eq(r.err.offset, 24);
        fr_buf_free(&r.docs);
    }
    const char bad_json[] = "{\"text\": \"a\"}\n{\"text\": \"b\"}\n{\"text\": \"c\" x}\n{\"text\": \"d\"}\n";
    for (size_t piece = 1; piece <= sizeof bad_json; piece++) {
        run r;
        ck_assert_int_eq(read_pieces("j.jsonl", bad_json, sizeof bad_json - 1, piece, &r), FR_EFORMAT);
        ck_assert_msg(strstr(r.err.msg, "/j.jsonl:41: line 3: invalid JSON") != NULL, "%s", r.err.msg);
        ck_assert_uint_eq(r.n, 2); /* the lines before it */
        fr_buf_free(&r.docs);
    }
    /* a damaged byte at every position of two small files, read in pieces of every size below */
    const char *bases[] = {"{\"id\": \"a\", \"text\": \"x y\"}\n{\"id\": 2, \"text\": \"\xC3\xA9t\xC3\xA9\"}\n"
                           "\n{\"text\": \"z\"}\n",
                           "\xEF\xBB\xBF{\"text\": \"a\"}\r\n\r\n{\"text\": \"\xE2\x82\xAC\", \"title\": \"t\"}"};
    const char *damage[] = {"\xFF", "\xC3", "\xE2\x82", "\"", "\n", "}", "\\u0000", "\f"};
    static const size_t sizes[] = {1, 3, 7, 16, 64};
    for (size_t b = 0; b < 2; b++) {
        size_t n = strlen(bases[b]);
        for (size_t i = 0; i <= n; i++)
            for (size_t d = 0; d < sizeof damage / sizeof *damage; d++) {
                char data[256];
                size_t m = strlen(damage[d]);
                memcpy(data, bases[b], i);
                memcpy(data + i, damage[d], m);
                memcpy(data + i + m, bases[b] + i, n - i);
                char *p = tmp("dmg.jsonl");
                write_file(p, data, n + m);
                fr_input_opts o;
                fr_input_opts_default(&o);
                const char *args[1] = {p};
                same_in_pieces(args, 1, &o, sizes, sizeof sizes / sizeof *sizes);
                o.invalid = FR_INVALID_REPLACE;
                same_in_pieces(args, 1, &o, sizes, sizeof sizes / sizeof *sizes);
                free(p);
            }
    }
}
END_TEST

/* Whole reading looks at a file in an order — reading (a NUL byte, the limit), an empty file, its
 * UTF-8, then its lines — so an error further on can come first.  Reading in pieces gives the same. */
START_TEST(test_input_pieces_error_order_as_whole)
{
    struct { const char *data; size_t n; size_t max; const char *want; } cases[] = {
        /* bad JSON on line 1, invalid UTF-8 on line 3: the UTF-8 */
        {"{\"text\": \"a\" x}\n{\"text\": \"b\"}\n{\"text\": \"\xC3\"}\n", 0, 0,
         "o.jsonl:40: invalid UTF-8 (byte 0xC3)"},
        /* bad JSON, then a NUL byte */
        {"{\"text\": \"a\" x}\n{\"text\": \"b\"}\n\0\n", 32, 0, "o.jsonl:30: binary data (a NUL byte), not text"},
        /* invalid UTF-8, then a NUL byte */
        {"{\"text\": \"\xFF\"}\n{\"text\": \"b\"}\n\0", 29, 0, "o.jsonl:28: binary data (a NUL byte), not text"},
        /* a ZIP archive named .jsonl */
        {"PK\x03\x04{\"text\": \"b\"}\n\0", 19, 0, "o.jsonl:18: binary data (a NUL byte), not text (a ZIP archive"},
        {"\xd0\xcf\x11\xe0\n\0", 6, 0, "o.jsonl:5: binary data (a NUL byte), not text (an OLE file"},
        /* bad JSON, then over the limit */
        {"{\"text\": \"a\" x}\n{\"text\": \"b\"}\n{\"text\": \"c\"}\n", 0, 35, "o.jsonl:35: more than 35 bytes"},
        /* white space only, some of it no blank line to JSONL: empty */
        {" \n\f\n\v \r\n\t\n", 0, 0, "o.jsonl:0: empty file"},
        {"\xEF\xBB\xBF\n\n", 0, 0, "o.jsonl:3: empty file"},
        {"", 0, 0, "o.jsonl:0: empty file"},
        /* an index, whatever follows its magic */
        {FR_INDEX_MAGIC "{\"text\": \"a\"}\n\0", 23, 0, "o.jsonl:0: a fitrank index, not a document"},
        {FR_INDEX_MAGIC "{\"text\": \"a\"}\n", 0, 0, "o.jsonl:0: a fitrank index, not a document"},
        {FR_INDEX_MAGIC "{\"text\": \"a\"}\n", 0, 12, "o.jsonl:0: a fitrank index, not a document"},
        {"FRIND\0", 6, 0, "o.jsonl:5: binary data (a NUL byte), not text"},
        {"FRINDEX1", 0, 5, "o.jsonl:5: more than 5 bytes"},
        /* lines after the bad one are not looked at */
        {"{\"text\": \"a\"}\n[1]\n{\"text\": 5}\n", 0, 0, "o.jsonl:14: line 2: expected a JSON object"},
        {"{\"text\": \"a\"}\n{\"id\": [], \"text\": \"b\"}\n", 0, 0,
         "o.jsonl:14: line 2: \"id\" must be a string or number"},
        {"{\"text\": \"\\ud800\"}\n", 0, 0, "o.jsonl:10: line 1: invalid JSON"},
        {"{\"text\": \"a\\u0000\"}\n", 0, 0, "o.jsonl:11: line 1: \\u0000 in a JSON string"},
        /* an escaped backslash before u0000 is no escape; three backslashes are */
        {"{\"text\": \"\\\\u0000\"}\n{\"text\": \"\\\\\\u0000\\\\\"}\n", 0, 0,
         "o.jsonl:32: line 2: \\u0000 in a JSON string"},
        {"{\"text\": \"a\"} {}\n", 0, 0, "o.jsonl:14: line 1: unexpected data after the JSON object"},
        {"\n  \n", 0, 0, "o.jsonl:0: empty file"},
        {"{\"nothing\": 1}\n", 0, 0, "o.jsonl:0: line 1: expected an object"},
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        size_t n = cases[c].n ? cases[c].n : strlen(cases[c].data);
        for (size_t piece = 1; piece <= n + 1; piece++) {
            char *p = tmp("o.jsonl");
            write_file(p, cases[c].data, n);
            fr_input_opts o;
            fr_input_opts_default(&o);
            o.piece_bytes = piece;
            if (cases[c].max)
                o.max_bytes = cases[c].max;
            run r;
            const char *args[1] = {p};
            read_run(args, 1, &o, &r);
            ck_assert_msg(r.st != FR_OK && strstr(r.err.msg, cases[c].want), "case %zu, pieces of %zu: '%s'", c, piece,
                          r.err.msg);
            fr_buf_free(&r.docs);
            same_in_pieces(args, 1, &o, all_sizes, sizeof all_sizes / sizeof *all_sizes);
            free(p);
        }
    }
    /* with U+FFFD substituted, offsets count the text as repaired, read whole or in pieces */
    const char rep[] = "{\"text\": \"\xFF\xFE\"}\n{\"text\": \"b\" x}\n";
    same_in_pieces_data("rep.jsonl", rep, sizeof rep - 1, FR_INVALID_REPLACE, 0);
    char *p = tmp("rep.jsonl");
    fr_input_opts o;
    fr_input_opts_default(&o);
    o.invalid = FR_INVALID_REPLACE;
    o.piece_bytes = 3;
    run r;
    const char *args[1] = {p};
    read_run(args, 1, &o, &r);
    ck_assert_msg(strstr(r.err.msg, "rep.jsonl:32: line 2: invalid JSON") != NULL, "%s", r.err.msg);
    ck_assert_uint_eq(r.n, 1);
    ck_assert_ptr_nonnull(strstr(docs_of(&r), "rep.jsonl:1|0|-|field|\xEF\xBF\xBD\xEF\xBF\xBD\n"));
    fr_buf_free(&r.docs);
    free(p);
}
END_TEST

/* The first documents come before the file is read to its end: a NUL byte 200 KB on fails only
 * after them.  The rest of the file is passed over by fr_input_skip_bad; the next file is read. */
START_TEST(test_input_pieces_hand_out_before_the_end)
{
    fr_buf b = {0};
    for (int i = 0; i < 4000; i++)
        fr_buf_printf(&b, "{\"id\": \"d%d\", \"text\": \"some words of document %d\"}\n", i, i);
    size_t nul_at = b.len;
    fr_buf_append(&b, "\0\n", 2);
    char *p = tmp("late.jsonl"), *q = tmp("next.jsonl");
    write_file(p, b.data, b.len);
    write_file(q, "{\"id\": \"n\", \"text\": \"next\"}\n", 28);
    fr_input_opts o;
    fr_input_opts_default(&o);
    o.piece_bytes = 4096;
    const char *args[2] = {p, q};
    fr_input *in;
    ck_assert_int_eq(fr_input_open(args, 2, &o, &in, NULL), FR_OK);
    fr_doc d;
    int more;
    fr_error err = {0};
    ck_assert_int_eq(fr_input_next(in, &d, &more, &err), FR_OK);
    ck_assert_int_eq(more, 1);
    ck_assert_int_eq(memcmp(d.id, "d0", 2), 0);
    fr_status s;
    size_t n = 1;
    while ((s = fr_input_next(in, &d, &more, &err)) == FR_OK && more)
        n++;
    ck_assert_int_eq(s, FR_EFORMAT);
    ck_assert_uint_lt(n, 4000); /* the lines of the bad piece are not handed out */
    char want[1200];
    snprintf(want, sizeof want, "%s:%zu: binary data (a NUL byte), not text", p, nul_at);
    ck_assert_str_eq(err.msg, want);
    fr_input_skip_bad(in);
    ck_assert_int_eq(fr_input_next(in, &d, &more, &err), FR_OK);
    ck_assert_int_eq(more, 1);
    ck_assert_int_eq(memcmp(d.id, "n", 1), 0);
    ck_assert_int_eq(fr_input_next(in, &d, &more, &err), FR_OK);
    ck_assert_int_eq(more, 0);
    fr_input_free(in);
    /* and the two files together, whole and in pieces */
    write_file(p, b.data, nul_at);
    same_in_pieces(args, 2, &o, all_sizes, sizeof all_sizes / sizeof *all_sizes);
    fr_buf_free(&b);
    free(p);
    free(q);
}
END_TEST

/* JSONL on standard input (a pipe) is read in pieces too. */
START_TEST(test_input_pieces_stdin)
{
    const char data[] = "\xEF\xBB\xBF{\"id\": \"s1\", \"text\": \"from a pipe\"}\r\n\n{\"text\": \"two\"}";
    const size_t sizes[] = {0, 1, 5, 4096};
    int saved = dup(0);
    ck_assert_int_ge(saved, 0);
    for (size_t k = 0; k < 4; k++) {
        int fds[2];
        ck_assert_int_eq(pipe(fds), 0);
        ck_assert_int_eq((int)write(fds[1], data, sizeof data - 1), (int)(sizeof data - 1));
        close(fds[1]);
        ck_assert_int_eq(dup2(fds[0], 0), 0);
        close(fds[0]);
        fr_input_opts o;
        fr_input_opts_default(&o);
        o.stdin_format = "jsonl";
        o.piece_bytes = sizes[k];
        const char *args[1] = {"-"};
        run r;
        read_run(args, 1, &o, &r);
        ck_assert_msg(r.st == FR_OK, "%s", r.err.msg);
        ck_assert_str_eq(docs_of(&r), "s1|3|-|field|from a pipe\n-:3|41|-|field|two\n");
        fr_buf_free(&r.docs);
    }
    ck_assert_int_eq(dup2(saved, 0), 0);
    close(saved);
}
END_TEST

/* ------------------------------------------- JSONL lines without cJSON */

/* What a JSONL line (no line end) holding no \u0000 gives through cJSON, as the input layer read
 * every line before it decoded the usual ones itself: "id|title|text" or the error's reason. */
static void cjson_oracle(const char *line, size_t n, size_t lineno, const char *path, fr_buf *out)
{
    const char *end = NULL;
    cJSON *j = cJSON_ParseWithLengthOpts(line, n, &end, 0);
    if (!j) {
        fr_buf_printf(out, "error at %zu: invalid JSON", (size_t)(end - line));
        return;
    }
    size_t after = (size_t)(end - line);
    while (after < n && strchr(" \t\r", line[after]))
        after++;
    const char *wrong = after < n ? "unexpected data" : fr_json_doc_check(j);
    fr_buf text = {0}, title = {0};
    fr_json_kind kind = wrong ? FR_JSON_NONE : fr_json_doc_text(j, &text, &title);
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(j, "id");
    if (wrong)
        fr_buf_printf(out, "error: %s", wrong);
    else if (kind == FR_JSON_NONE || kind == FR_JSON_STRINGS)
        fr_buf_printf(out, "error: expected an object");
    else if (fr_utf8_check(text.data ? text.data : "", text.len) < text.len)
        fr_buf_printf(out, "error: invalid UTF-8");
    else {
        if (cJSON_IsString(id))
            fr_buf_printf(out, "%s|", id->valuestring);
        else if (cJSON_IsNumber(id))
            fr_buf_printf(out, "%.17g|", id->valuedouble);
        else
            fr_buf_printf(out, "%s:%zu|", path, lineno);
        fr_buf_printf(out, "%.*s|%.*s", (int)title.len, title.data ? title.data : "", (int)text.len,
                      text.data ? text.data : "");
    }
    fr_buf_free(&text);
    fr_buf_free(&title);
    cJSON_Delete(j);
}

static size_t lcg(uint64_t *x, size_t n)
{
    *x = *x * 6364136223846793005u + 1442695040888963407u;
    return (size_t)((*x >> 33) % n);
}

/* Random lines near the usual shape — keys, values, escapes, white space (any byte up to 32 is
 * white space to cJSON), separators, a BOM, trailing bytes — read by the input layer give what
 * cJSON gives: the same document or an error for the same reason at the same place. */
START_TEST(test_input_jsonl_plain_lines_as_cjson)
{
    static const char *const ws[] = {"", "", "", "", "", "", " ", " ", " ", "\t", "\r", "\v", "\x01", "  ", "\f",
                                     "\x7F" /* no white space to cJSON */};
    static const char *const keys[] = {"\"id\"", "\"text\"", "\"title\"", "\"text\"", "\"x\"", "\"required\"",
                                       "\"@type\"", "\"te\\u0078t\"", "\"ti\\tle\"", "\"\"", "text", "\"Text\""};
    static const char *const parts[] = {"abc", "d\xC3\xA9j\xC3\xA0", " ", "\\n", "\\t", "\\\"", "\\\\", "\\/", "\\b",
                                        "\\f", "\\r", "\\x", "\\u00e9", "\x02", "\xE2\x82\xAC", "\\", "JobPosting",
                                        "\\\\u"};
    static const char *const others[] = {"5", "-1.5", "1e3", "null", "true", "[]", "{}", "[\"a\"]", "\"\"",
                                         "{\"@type\": \"JobPosting\", \"title\": \"T\", \"description\": \"d\"}"};
    uint64_t x = 18;
#define RND(n) lcg(&x, n)
    char *p = tmp("plain.jsonl");
    size_t n_docs = 0;
    for (int round = 0; round < 4000; round++) {
        fr_buf line = {0};
        if (RND(40) == 0)
            fr_buf_append(&line, "\xEF\xBB\xBF", 3);
        fr_buf_printf(&line, "%s%s", ws[RND(16)], RND(30) ? "{" : "[");
        size_t members = RND(5);
        for (size_t m = 0; m < members; m++) {
            fr_buf_printf(&line, "%s%s%s", ws[RND(16)], keys[RND(12)], ws[RND(16)]);
            fr_buf_printf(&line, "%s%s", RND(40) ? ":" : "", ws[RND(16)]);
            if (RND(6) == 0)
                fr_buf_printf(&line, "%s", others[RND(10)]);
            else {
                fr_buf_putc(&line, '"');
                for (size_t k = RND(6); k > 0; k--)
                    fr_buf_printf(&line, "%s", parts[RND(18)]);
                if (RND(40))
                    fr_buf_putc(&line, '"');
            }
            fr_buf_printf(&line, "%s%s", ws[RND(16)], m + 1 < members ? (RND(40) ? "," : ",,") : RND(30) ? "" : ",");
        }
        fr_buf_printf(&line, "%s%s", RND(30) ? "}" : "", RND(10) ? "" : RND(2) ? " \r" : " x");
        /* line 2 of a file: an offset and a line number to get right, and no file BOM to strip */
        fr_buf file = {0};
        const char first[] = "{\"id\": \"one\", \"text\": \"first\"}\n";
        fr_buf_append(&file, first, sizeof first - 1);
        fr_buf_append(&file, line.data, line.len);
        write_file(p, file.data, file.len);
        fr_buf want = {0}, got = {0};
        cjson_oracle(line.data, line.len, 2, p, &want);
        fr_input_opts o;
        fr_input_opts_default(&o);
        o.piece_bytes = RND(2) ? 0 : 1 + RND(64);
        fr_input *in;
        const char *args[1] = {p};
        ck_assert_int_eq(fr_input_open(args, 1, &o, &in, NULL), FR_OK);
        fr_doc d;
        int more;
        fr_error err = {0};
        ck_assert_int_eq(fr_input_next(in, &d, &more, &err), FR_OK);
        fr_status st = fr_input_next(in, &d, &more, &err);
        if (st != FR_OK) {
            /* "PATH:OFFSET: line 2: reason": the offset as cJSON's end, the reason as cJSON's */
            const char *r = strstr(err.msg, "line 2: ");
            ck_assert_ptr_nonnull(r);
            if (strncmp(want.data, "error at ", 9) == 0)
                fr_buf_printf(&got, "error at %zu: %s", err.offset - (sizeof first - 1), r + 8);
            else
                fr_buf_printf(&got, "error: %s", r + 8);
        } else if (!more)
            fr_buf_printf(&got, "error: expected an object");
        else {
            fr_buf_printf(&got, "%.*s|%s|%.*s", (int)d.id_len, d.id, d.title ? d.title : "", (int)d.len, d.text);
            n_docs++;
        }
        /* an error's reason may go on ("expected an object with ..."); a document is all there */
        int same = strncmp(want.data, "error", 5) == 0 ? strncmp(got.data, want.data, want.len) == 0
                                                        : strcmp(got.data, want.data) == 0;
        ck_assert_msg(same, "line '%s': got '%s', cJSON gives '%s'", line.data, got.data, want.data);
        fr_input_free(in);
        fr_buf_free(&line);
        fr_buf_free(&file);
        fr_buf_free(&want);
        fr_buf_free(&got);
    }
#undef RND
    ck_assert_uint_gt(n_docs, 200); /* the generator makes enough good lines */
    free(p);
}
END_TEST

Suite *engine_suite(void)
{
    Suite *s = suite_create("engine");
    TCase *core = tcase_create("core"), *edge = tcase_create("edge"), *error = tcase_create("error");
    tcase_add_test(core, test_input_jsonl_ids_and_defaults);
    tcase_add_test(core, test_input_directory_sorted_and_skips);
    tcase_add_test(edge, test_input_csv_quotes_multiline_bom);
    tcase_add_test(error, test_input_csv_errors_name_offset);
    tcase_add_test(error, test_input_invalid_utf8_strict_and_replace);
    tcase_add_test(error, test_input_jsonl_bad_line_reported);
    tcase_add_test(error, test_input_missing_path_fails_at_open);
    tcase_add_test(edge, test_input_directory_skips_fifos_and_dangling_links);
    tcase_add_test(edge, test_input_limit_and_index_through_a_pipe);
    tcase_add_test(core, test_input_pieces_documents_span_boundaries);
    tcase_add_test(edge, test_input_pieces_long_line_no_final_newline);
    tcase_add_test(edge, test_input_pieces_crlf_bom_blank_and_last_lines);
    tcase_add_test(edge, test_input_pieces_hand_out_before_the_end);
    tcase_add_test(edge, test_input_pieces_stdin);
    tcase_add_test(error, test_input_pieces_errors_at_boundaries);
    tcase_add_test(error, test_input_pieces_error_order_as_whole);
    tcase_add_test(edge, test_input_jsonl_plain_lines_as_cjson);
    suite_add_tcase(s, core);
    suite_add_tcase(s, edge);
    suite_add_tcase(s, error);
    return s;
}

/* ------------------------------------------------------------- documents */

#include "engine/dates.h"
#include "engine/docset.h"
#include "engine/document.h"
#include "engine/jsondoc.h"
#include "engine/html.h"
#include "engine/kinds.h"
#include "engine/lexicon.h"
#include "models/model.h"
#include "util/sort.h"

static fr_lexicon *test_lexicon(void)
{
    static const char tsv[] = "# test lexicon\nversion\t3\njava\t\t\njavascript\tjs,ecmascript\t\nc\t\tcase\n"
                              "c++\tcpp\t\nc#\tcsharp\t\ngo\tgolang\tcase\npython\t\t\nmachine learning\tml\t\n"
                              "kubernetes\tk8s\t\n";
    fr_lexicon *lx = NULL;
    fr_error err = {0};
    ck_assert_msg(fr_lexicon_from_tsv(tsv, sizeof tsv - 1, &lx, &err) == FR_OK, "%s", err.msg);
    return lx;
}

static fr_item facts_of(const char *text)
{
    static fr_arena arena;
    fr_lexicon *lx = test_lexicon();
    fr_tok_opts o;
    fr_lexicon_tok_opts(&o);
    fr_tokenizer *t;
    ck_assert_int_eq(fr_tokenizer_new(&o, &t, NULL), FR_OK);
    fr_item it;
    memset(&it, 0, sizeof it);
    it.text = text;
    ck_assert_int_eq(fr_item_facts(&it, lx, t, &arena, NULL), FR_OK);
    /* skill names point into the lexicon: copy them before it goes */
    for (size_t i = 0; i < it.n_skills; i++)
        it.skills[i] = fr_arena_strndup(&arena, it.skills[i], strlen(it.skills[i]));
    fr_tokenizer_free(t);
    fr_lexicon_free(lx);
    return it;
}

START_TEST(test_lexicon_exact_tokens_and_case)
{
    fr_item it = facts_of("JavaScript (JS) and Java, but not C++ or C#; Golang on k8s");
    ck_assert_uint_eq(it.n_skills, 6);
    ck_assert_str_eq(it.skills[0], "javascript");
    ck_assert_str_eq(it.skills[1], "java");
    ck_assert_str_eq(it.skills[2], "c++");
    ck_assert_str_eq(it.skills[3], "c#");
    ck_assert_str_eq(it.skills[4], "go");
    ck_assert_str_eq(it.skills[5], "kubernetes");
    it = facts_of("ready to go live with ML models");
    ck_assert_uint_eq(it.n_skills, 1); /* "go" needs a capital; "ML" is an alias */
    ck_assert_str_eq(it.skills[0], "machine learning");
}
END_TEST

/* The longest phrase at each token, through sequences that are only a phrase's beginning ("amazon
 * web" of "amazon web services"), which never match themselves; a phrase that is also another's
 * beginning matches as itself. */
START_TEST(test_lexicon_longest_match_through_prefixes)
{
    static const char tsv[] = "version\t1\namazon web services\taws\t\namazon\t\t\ndata\t\t\n"
                              "data science team\t\t\ndata science\t\t\n";
    fr_lexicon *lx = NULL;
    fr_error err = {0};
    ck_assert_msg(fr_lexicon_from_tsv(tsv, sizeof tsv - 1, &lx, &err) == FR_OK, "%s", err.msg);
    ck_assert_int_lt(fr_lexicon_lookup(lx, "amazon web", 10), 0);
    ck_assert_int_ge(fr_lexicon_lookup(lx, "data science", 12), 0);
    fr_tok_opts o;
    fr_lexicon_tok_opts(&o);
    fr_tokenizer *t;
    ck_assert_int_eq(fr_tokenizer_new(&o, &t, NULL), FR_OK);
    const char *text = "Amazon Web Services, amazon web shop, data science teams, the data science team, data";
    fr_tokens toks;
    ck_assert_int_eq(fr_tokenize(t, text, strlen(text), &toks, &err), FR_OK);
    fr_skill_hit hits[16];
    size_t n = fr_lexicon_find(lx, &toks, text, strlen(text), hits, 16);
    const char *want[] = {"amazon web services", "amazon", "data science", "data science team", "data"};
    ck_assert_uint_eq(n, 5);
    for (size_t i = 0; i < n; i++)
        ck_assert_str_eq(fr_lexicon_name(lx, hits[i].skill), want[i]);
    ck_assert_uint_eq(hits[0].tok_end - hits[0].tok_start, 3);
    fr_tokenizer_free(t);
    fr_lexicon_free(lx);
}
END_TEST

/* fr_lexicon_find_memo finds what fr_lexicon_find finds, on every line of the bundled documents and
 * on each whole document, with one memo shared by a document's whole text and its lines (slices of
 * the whole text's tokens, as the résumé parser reads an entry and then its lines). */
struct memo_find_walk {
    const fr_lexicon *lx;
    fr_tokenizer *tok;
    size_t spans, hits;
};

static void memo_find_span(struct memo_find_walk *mw, const fr_tokens *all, size_t i0, size_t i1, const char *text,
                           size_t len, uint32_t *memo)
{
    fr_tokens s = {all->text, all->off + i0, all->len + i0, all->src_start + i0, all->src_end + i0, i1 - i0, 1};
    fr_skill_hit a[256], b[256];
    size_t na = fr_lexicon_find(mw->lx, &s, text, len, a, 256);
    size_t nb = fr_lexicon_find_memo(mw->lx, &s, text, len, memo + i0, b, 256);
    ck_assert_uint_eq(na, nb);
    for (size_t k = 0; k < na && k < 256; k++)
        ck_assert(a[k].skill == b[k].skill && a[k].tok_start == b[k].tok_start && a[k].tok_end == b[k].tok_end);
    mw->spans++;
    mw->hits += na;
}

static void memo_find_file(const fr_buf *b, void *ctx)
{
    struct memo_find_walk *mw = ctx;
    fr_tokens all;
    ck_assert_int_eq(fr_tokenize(mw->tok, b->data, b->len, &all, NULL), FR_OK);
    uint32_t *memo = calloc(all.n + 1, sizeof *memo);
    ck_assert_ptr_nonnull(memo);
    /* lines first (a fresh memo fills), then the whole (from memory), then the lines again */
    for (int pass = 0; pass < 3; pass++) {
        if (pass == 1) {
            memo_find_span(mw, &all, 0, all.n, b->data, b->len, memo);
            continue;
        }
        size_t i0 = 0;
        while (i0 < all.n) {
            size_t i1 = i0 + 1; /* the tokens of one line */
            while (i1 < all.n && !memchr(b->data + all.src_start[i0], '\n', all.src_start[i1] - all.src_start[i0]))
                i1++;
            memo_find_span(mw, &all, i0, i1, b->data, b->len, memo);
            i0 = i1;
        }
    }
    free(memo);
}

/* fr_lexicon_find by its definition, through fr_lexicon_lookup only (no filter, no memo, no
 * prefix walk): from each token on, the longest run of at most six tokens that is a phrase (a
 * `case` one capitalised where it starts), the search going on after it. */
static size_t find_by_definition(const fr_lexicon *lx, const fr_tokens *t, const char *text, size_t len,
                                 fr_skill_hit *hits, size_t cap)
{
    size_t found = 0;
    char buf[256];
    for (size_t i = 0; i < t->n;) {
        size_t bl = 0, best_end = 0;
        int64_t best = -1;
        for (size_t k = 0; k < 6 && i + k < t->n; k++) {
            size_t tl = t->len[i + k];
            if (bl + tl + 1 >= sizeof buf)
                break;
            if (k)
                buf[bl++] = ' ';
            memcpy(buf + bl, t->text + t->off[i + k], tl);
            bl += tl;
            int64_t id = fr_lexicon_lookup(lx, buf, bl);
            if (id >= 0 && (!(fr_lexicon_flags(lx, (uint32_t)id) & FR_LX_CASE) ||
                            (t->src_start[i] < len && text[t->src_start[i]] >= 'A' && text[t->src_start[i]] <= 'Z'))) {
                best = id;
                best_end = i + k + 1;
            }
        }
        if (best < 0) {
            i++;
            continue;
        }
        if (found < cap)
            hits[found] = (fr_skill_hit){(uint32_t)best, (uint32_t)i, (uint32_t)best_end};
        found++;
        i = best_end;
    }
    return found;
}

static void find_by_definition_file(const fr_buf *b, void *ctx)
{
    struct memo_find_walk *mw = ctx;
    fr_tokens all;
    ck_assert_int_eq(fr_tokenize(mw->tok, b->data, b->len, &all, NULL), FR_OK);
    fr_skill_hit *a = malloc((all.n + 1) * sizeof *a), *want = malloc((all.n + 1) * sizeof *want);
    ck_assert(a && want);
    size_t na = fr_lexicon_find(mw->lx, &all, b->data, b->len, a, all.n + 1);
    size_t nw = find_by_definition(mw->lx, &all, b->data, b->len, want, all.n + 1);
    ck_assert_uint_eq(na, nw);
    for (size_t k = 0; k < na; k++)
        ck_assert(a[k].skill == want[k].skill && a[k].tok_start == want[k].tok_start &&
                  a[k].tok_end == want[k].tok_end);
    mw->spans++;
    mw->hits += na;
    free(a);
    free(want);
}

START_TEST(test_lexicon_find_by_its_definition)
{
    struct memo_find_walk mw = {NULL, NULL, 0, 0};
    fr_lexicon *lx;
    ck_assert_int_eq(fr_lexicon_new(&lx, NULL), FR_OK);
    mw.lx = lx;
    fr_tok_opts o;
    fr_lexicon_tok_opts(&o);
    ck_assert_int_eq(fr_tokenizer_new(&o, &mw.tok, NULL), FR_OK);
    t_each_bundled(find_by_definition_file, &mw);
    ck_assert_uint_gt(mw.hits, 500);
    /* every name and alias alone (the filter before a token's lookup lets every key through) */
    fr_buf all = {0};
    for (size_t i = 0; i < fr_lexicon_size(lx); i++) {
        const char *nm = fr_lexicon_name(lx, (uint32_t)i);
        ck_assert_int_eq(fr_buf_append(&all, nm, strlen(nm)), FR_OK);
        ck_assert_int_eq(fr_buf_append(&all, " .\n", 3), FR_OK);
    }
    size_t before = mw.hits;
    find_by_definition_file(&all, &mw);
    ck_assert_uint_gt(mw.hits - before, fr_lexicon_size(lx) / 2);
    fr_buf_free(&all);
    fr_tokenizer_free(mw.tok);
    fr_lexicon_free(lx);
}
END_TEST

START_TEST(test_lexicon_memo_finds_the_same)
{
    struct memo_find_walk mw = {NULL, NULL, 0, 0};
    fr_lexicon *lx;
    ck_assert_int_eq(fr_lexicon_new(&lx, NULL), FR_OK);
    mw.lx = lx;
    fr_tok_opts o;
    fr_lexicon_tok_opts(&o);
    ck_assert_int_eq(fr_tokenizer_new(&o, &mw.tok, NULL), FR_OK);
    t_each_bundled(memo_find_file, &mw);
    ck_assert_uint_gt(mw.spans, 500);
    ck_assert_uint_gt(mw.hits, 500);
    fr_tokenizer_free(mw.tok);
    fr_lexicon_free(lx);
}
END_TEST

START_TEST(test_lexicon_rejects_conflicting_alias)
{
    static const char tsv[] = "version\t1\njava\tjs\t\njavascript\tjs\t\n";
    fr_lexicon *lx = NULL;
    fr_error err = {0};
    ck_assert_int_eq(fr_lexicon_from_tsv(tsv, sizeof tsv - 1, &lx, &err), FR_EFORMAT);
    ck_assert_ptr_nonnull(strstr(err.msg, ":3:"));
    ck_assert_int_eq(fr_lexicon_from_tsv("java\t\t\n", 7, &lx, &err), FR_EFORMAT);
}
END_TEST

/* fr_collapse_ws_to by its definition (runs of blanks become one space between words, none at the
 * ends) on random texts of spaces, other blanks and letters, at every length to 100: the whole
 * 16-byte copies meet every case of the byte loop. */
static size_t collapse_by_definition(char *out, const char *s, size_t n)
{
    size_t k = 0;
    int pending = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            pending = k > 0;
            continue;
        }
        if (pending)
            out[k++] = ' ';
        pending = 0;
        out[k++] = c;
    }
    out[k] = '\0';
    return k;
}

START_TEST(test_collapse_ws_by_definition)
{
    static const char alphabet[] = "abcdefgh    \t\n\r\f\v\xC3\xA4\x08\x0E\x1F!";
    char in[128], a[129], b[129];
    unsigned long x = 99;
    for (size_t n = 0; n <= 100; n++)
        for (int rep = 0; rep < 40; rep++) {
            int spaces = rep % 4; /* more or fewer blanks: long copies and none */
            for (size_t i = 0; i < n; i++) {
                x = x * 6364136223846793005ul + 1442695040888963407ul;
                unsigned r = (unsigned)(x >> 33);
                in[i] = r % 8 < (unsigned)spaces + 1 && rep % 5 ? ' ' : alphabet[r / 8 % (sizeof alphabet - 1)];
            }
            size_t na = collapse_by_definition(a, in, n), nb = fr_collapse_ws_to(b, in, n);
            ck_assert_uint_eq(na, nb);
            ck_assert(memcmp(a, b, na + 1) == 0);
        }
}
END_TEST

START_TEST(test_collapse_ws)
{
    static const char *const cases[][2] = {{"", ""}, {" \t\n ", ""}, {"a", "a"}, {"  a  ", "a"},
                                           {"a \t\r\n\f\vb", "a b"}, {"\na\n\nb c\n", "a b c"},
                                           {"x\xC2\xA0y  z", "x\xC2\xA0y z"}};
    char out[64];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n = fr_collapse_ws_to(out, cases[i][0], strlen(cases[i][0]));
        ck_assert_str_eq(out, cases[i][1]);
        ck_assert_uint_eq(n, strlen(cases[i][1]));
    }
}
END_TEST

START_TEST(test_facts_years_degree_enrolment)
{
    struct { const char *text; double years; fr_degree deg; int enrolled; int any_of; } c[] = {
        {"At least 3 years of experience in C# or C++ or Python", 3, FR_DEG_NONE, 0, 1},
        {"5+ years of professional experience with Java and Kubernetes", 5, FR_DEG_NONE, 0, 0},
        {"A minimum of two years of experience", 2, FR_DEG_NONE, 0, 0},
        {"Mind. 3 Jahre Berufserfahrung mit Python oder Java", 3, FR_DEG_NONE, 0, 1},
        {"3-5 years of experience", 3, FR_DEG_NONE, 0, 0},
        {"Currently enrolled in a PhD program in Computer Science", -1, FR_DEG_PHD, 1, 0},
        {"BA/BS degree or equivalent practical experience", -1, FR_DEG_BACHELOR, 0, 0},
        {"MS or PhD in Statistics", -1, FR_DEG_MASTER, 0, 0},
        {"Degree in a technical field", -1, FR_DEG_ANY, 0, 0},
        {"Proficiency in MS Office", -1, FR_DEG_NONE, 0, 0},
        {"Paid 30 days per year of vacation", -1, FR_DEG_NONE, 0, 0},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        fr_item it = facts_of(c[i].text);
        ck_assert_msg(it.min_years == c[i].years, "%s: years %g", c[i].text, it.min_years);
        ck_assert_msg(it.degree == c[i].deg, "%s: degree %d", c[i].text, it.degree);
        ck_assert_msg(it.enrolled == c[i].enrolled, "%s: enrolled", c[i].text);
        ck_assert_msg(it.any_of == c[i].any_of, "%s: any_of", c[i].text);
    }
    fr_item it = facts_of("Currently enrolled in a computer science or related STEM field program.");
    ck_assert_uint_eq(it.n_fields, 2);
    ck_assert_str_eq(it.fields[0], "computer science");
    ck_assert_str_eq(it.fields[1], "stem");
}
END_TEST

START_TEST(test_dates_english_and_german)
{
    struct { const char *s; int sy, sm, ey, em, present; } c[] = {
        {"Jan 2019 – Present", 2019, 1, 0, 0, 1},
        {"Company Name July 2011 to November 2012 Accountant", 2011, 7, 2012, 11, 0},
        {"01/2018 - 03/2019", 2018, 1, 2019, 3, 0},
        {"2015–2019", 2015, 0, 2019, 0, 0},
        {"seit 2019", 2019, 0, 0, 0, 1},
        {"04/2021 – heute", 2021, 4, 0, 0, 1},
        {"Mai 2018 bis Juli 2020", 2018, 5, 2020, 7, 0},
        {"2019-03 – 2020-11", 2019, 3, 2020, 11, 0},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        fr_date_range r;
        ck_assert_msg(fr_find_dates(c[i].s, strlen(c[i].s), &r), "%s: no dates", c[i].s);
        ck_assert_msg(r.start.year == c[i].sy && r.start.month == c[i].sm, "%s: start %d-%d", c[i].s, r.start.year,
                      r.start.month);
        ck_assert_msg(r.present == c[i].present, "%s: present", c[i].s);
        if (!c[i].present)
            ck_assert_msg(r.end.year == c[i].ey && r.end.month == c[i].em, "%s: end", c[i].s);
    }
    fr_date_range r;
    ck_assert(fr_find_dates("Expected May 2027", 17, &r));
    ck_assert_int_eq(r.expected, 1);
    ck_assert(!fr_find_dates("Call 555 0100 today", 19, &r));
    /* the scanner's quick test by first letter and length passes every word of its tables */
    ck_assert(fr_dates_words_indexed());
    /* a digit at each place of a longer line (the digit test takes 16 bytes a step) */
    for (size_t at = 0; at <= 36; at++) {
        char line[41];
        memset(line, ' ', 40);
        line[40] = '\0';
        memcpy(line + at, "2019", 4);
        ck_assert_msg(fr_find_dates(line, 40, &r) && r.start.year == 2019 && r.s == at, "digit at %zu", at);
        ck_assert_msg(!fr_find_dates(line, at, &r), "no digit before %zu", at);
    }
}
END_TEST

START_TEST(test_html_text_and_source_map)
{
    const char *h = "<html><head><title>x</title><style>p{}</style></head><body><h2>Requirements</h2>"
                    "<ul><li>C&amp;C++ &uuml;ber <b>Python</b></li></ul><script>var a=1;</script></body></html>";
    fr_buf t = {0};
    fr_u32vec s = {0}, e = {0};
    ck_assert_int_eq(fr_html_text(h, strlen(h), &t, &s, &e), FR_OK);
    ck_assert_uint_eq(s.n, t.len);
    char *p = strstr(t.data, "C&C++");
    ck_assert_ptr_nonnull(p);
    ck_assert_ptr_nonnull(strstr(t.data, "\xC3\xBC" "ber Python"));
    ck_assert_ptr_null(strstr(t.data, "var a"));
    size_t i = (size_t)(p - t.data);
    ck_assert_int_eq(memcmp(h + s.v[i + 1], "&amp;", 5), 0);
    ck_assert_uint_eq(e.v[i + 1] - s.v[i + 1], 5);
    fr_buf_free(&t);
    fr_u32vec_free(&s);
    fr_u32vec_free(&e);
}
END_TEST

static void read_seed(const char *name, fr_buf *b, int *ok)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/seeds/%s", t_shared(), name);
    *ok = fr_read_file(path, b, NULL) == FR_OK;
    if (!*ok) {
        fr_buf_free(b); /* a failed read may have grown it */
        fprintf(stderr, "SKIP seed test: %s absent\n", path);
    }
}

START_TEST(test_posting_seed_000)
{
    fr_buf b = {0};
    int ok;
    read_seed("000_6e727d65e86588ee.txt", &b, &ok);
    if (!ok)
        return;
    fr_lexicon *lx;
    ck_assert_int_eq(fr_lexicon_new(&lx, NULL), FR_OK);
    fr_posting *p;
    ck_assert_int_eq(fr_posting_parse("000", b.data, b.len, "source", lx, &p, NULL), FR_OK);
    ck_assert_uint_eq(p->required.n, 1);
    ck_assert_uint_eq(p->preferred.n, 4);
    ck_assert_int_eq(p->required.v[0].enrolled, 1);
    ck_assert_ptr_nonnull(strstr(p->required.v[0].text, "computer science or related STEM field"));
    ck_assert_double_eq(p->preferred.v[2].min_years, 1);
    fr_posting_free(p);
    fr_lexicon_free(lx);
    fr_buf_free(&b);
}
END_TEST

START_TEST(test_posting_seed_004)
{
    fr_buf b = {0};
    int ok;
    read_seed("004_5dc2dd93935dfdbe.txt", &b, &ok);
    if (!ok)
        return;
    fr_lexicon *lx;
    ck_assert_int_eq(fr_lexicon_new(&lx, NULL), FR_OK);
    fr_posting *p;
    ck_assert_int_eq(fr_posting_parse("004", b.data, b.len, "source", lx, &p, NULL), FR_OK);
    ck_assert_uint_eq(p->required.n, 2);
    ck_assert_uint_eq(p->preferred.n, 4);
    const fr_item *r0 = &p->required.v[0], *r1 = &p->required.v[1];
    ck_assert_int_eq(r0->enrolled, 1);
    ck_assert_int_eq(r0->degree, FR_DEG_PHD);
    ck_assert_double_eq(r1->min_years, 3);
    ck_assert_int_eq(r1->any_of, 1);
    ck_assert_uint_eq(r1->n_skills, 3);
    ck_assert_str_eq(r1->skills[0], "c#");
    ck_assert_str_eq(r1->skills[1], "c++");
    ck_assert_str_eq(r1->skills[2], "python");
    ck_assert_uint_eq(p->n_skills, 3);
    ck_assert_str_eq(p->skills[0], "c#");
    ck_assert_str_eq(p->skills[1], "c++");
    ck_assert_str_eq(p->skills[2], "python");
    ck_assert_str_eq(p->title, "Research Intern - Machine Learning and Optimization");
    /* nothing from pay, reviews, interviews, news or similar jobs is a qualification */
    const fr_items *secs[] = {&p->required, &p->preferred, &p->other, &p->responsibilities};
    const char *bad[] = {"$", "Reviews", "Interview", "Times of India", "KLA", "Mastercard", "Offer Rate", "equal opportunity"};
    for (size_t s = 0; s < 4; s++)
        for (size_t i = 0; i < secs[s]->n; i++)
            for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
                ck_assert_msg(!strstr(secs[s]->v[i].text, bad[k]), "boilerplate in an item: %s", secs[s]->v[i].text);
    fr_posting_free(p);
    fr_lexicon_free(lx);
    fr_buf_free(&b);
}
END_TEST

START_TEST(test_resume_sections_entries_years)
{
    const char *cv = "Ada Example\nada@example.com | +1 555 0100\n\nExperience\n"
                     "Software Engineer, Acme Corp\nJan 2020 – Present\n- Built services in Go on Kubernetes.\n"
                     "- Wrote Python tooling.\n\nData Analyst | Beta GmbH | 03/2017 - 12/2019\n- SQL and Python reports.\n\n"
                     "Education\nM.Sc. Computer Science, Example University, 2015 – 2017\n\nSkills\nGo, Python, Kubernetes\n";
    fr_lexicon *lx = test_lexicon();
    fr_resume *r;
    fr_ym as_of = {2026, 11};
    ck_assert_int_eq(fr_resume_parse("cv", cv, strlen(cv), "source", lx, as_of, &r, NULL), FR_OK);
    ck_assert_uint_eq(r->n_sections, 4);
    ck_assert_int_eq(r->sections[0].kind, FR_RS_CONTACT);
    ck_assert_uint_eq(r->n_experience, 2);
    ck_assert_str_eq(r->experience[0].title, "Software Engineer");
    ck_assert_str_eq(r->experience[0].organisation, "Acme Corp");
    ck_assert_int_eq(r->experience[0].present, 1);
    ck_assert_str_eq(r->experience[1].title, "Data Analyst");
    ck_assert_str_eq(r->experience[1].organisation, "Beta GmbH");
    ck_assert_uint_eq(r->n_education, 1);
    ck_assert_int_eq(r->highest_degree, FR_DEG_MASTER);
    ck_assert_str_eq(r->education[0].field, "computer science");
    for (size_t i = 0; i < r->chunks.n; i++)
        ck_assert_msg(!strstr(r->chunks.v[i].text, "ada@example.com"), "contact became a chunk");
    /* python: 2017-03..2019-12 (34 months) + 2020-01..2026-11 (83 months) = 117 months */
    int found = 0;
    for (size_t i = 0; i < r->n_skill_years; i++)
        if (strcmp(r->skill_years[i].skill, "python") == 0) {
            ck_assert_double_eq_tol(r->skill_years[i].years, 117 / 12.0, 1e-9);
            found = 1;
        }
    ck_assert(found);
    fr_resume_free(r);
    fr_lexicon_free(lx);
}
END_TEST

/* The chunks of each experience entry (parse's "bullets"): the same as a scan of every chunk per
 * entry would find, with work linear in the chunks — that scan was entries × chunks (55 s for a
 * résumé of 200k dated lines). */
START_TEST(test_resume_entry_chunks_linear)
{
    fr_buf cv = {0};
    size_t n = 3000;
    fr_buf_printf(&cv, "Ada Example\nada@example.com\n\nExperience\n");
    for (size_t i = 0; i < n; i++)
        fr_buf_printf(&cv, "Engineer at Acme%zu  Jan %zu - Mar %zu\n- Built C++ and Python services %zu\n", i,
                      1990 + i % 30, 1991 + i % 30, i);
    fr_buf_printf(&cv, "\nSkills\nGo, Python\n");
    fr_lexicon *lx = test_lexicon();
    fr_resume *r;
    fr_ym as_of = {2026, 11};
    ck_assert_int_eq(fr_resume_parse("cv", cv.data, cv.len, "source", lx, as_of, &r, NULL), FR_OK);
    ck_assert_uint_eq(r->n_experience, n);
    fr_entry_chunks ec;
    ck_assert_int_eq(fr_resume_entry_chunks(r, &ec, NULL), FR_OK);
    size_t total = 0;
    for (size_t i = 0; i < r->n_experience; i++) {
        const fr_experience *e = &r->experience[i];
        uint32_t at = ec.first[i];
        for (size_t k = 0; k < r->chunks.n; k++)
            if (r->chunks.v[k].start >= e->start_off && r->chunks.v[k].end <= e->end_off) {
                ck_assert_uint_lt(at, ec.first[i + 1]);
                ck_assert_uint_eq(ec.idx[at++], k);
            }
        ck_assert_uint_eq(at, ec.first[i + 1]);
        total += ec.first[i + 1] - ec.first[i];
    }
    ck_assert_uint_ge(total, n); /* every entry has its bullet: the check above is not vacuous */
    ck_assert_msg(ec.steps <= r->chunks.n + r->n_experience, "%zu steps for %zu chunks, %zu entries", ec.steps,
                  r->chunks.n, r->n_experience);
    fr_entry_chunks_free(&ec);
    fr_resume_free(r);
    fr_lexicon_free(lx);
    fr_buf_free(&cv);
}
END_TEST

/* A .json file and a JSONL line: the same rules.  Fields read with another type, and values that are
 * not documents, are refused with a phrase naming the field (they became empty documents, or a
 * bare string was taken as a .json document while JSONL refused it). */
/* A résumé chunk's row is made from the résumé's tokens in its span wherever fr_tokens_slice_ok says
 * so (engine/docset.c): on real résumés, English and German, those are the chunk's own tokens. */
typedef struct {
    fr_lexicon *lx;
    fr_tokenizer *whole, *alone;     /* the model's options */
    fr_tokenizer *lwhole, *lalone;   /* the lexicon's (a span's skills, engine/resume.c) */
    fr_vectorizer *vec;
    fr_termstream made, kept;
    size_t docs, chunks, sliced, differ, spans, lsliced, ldiffer, streams_differ, kept_docs;
} chunk_slices;

/* The parse's side: span [a, b) of text, alone and as a slice of the whole, with the lexicon's options. */
static void lexicon_span(chunk_slices *c, const fr_tokens *lw, const char *text, size_t len, size_t a, size_t b)
{
    c->spans++;
    if (!fr_tokens_slice_ok(text, len, a, b, 0))
        return;
    c->lsliced++;
    fr_tokens t;
    char *want = t_slice_joined(lw, a, b);
    ck_assert_int_eq(fr_tokenize(c->lalone, text + a, b - a, &t, NULL), FR_OK);
    char *got = t_slice_joined(&t, 0, b - a);
    if (strcmp(want, got) != 0 && c->ldiffer++ < 3)
        fprintf(stderr, "span [%zu, %zu) \"%.*s\": %s vs %s\n", a, b, (int)(b - a), text + a, want, got);
    free(want);
    free(got);
}

static void chunk_slices_of(chunk_slices *c, const char *path, const char *text_col)
{
    fr_input *in = t_input_open(path, text_col);
    if (!in)
        return;
    fr_doc d;
    int more;
    fr_ym as_of = {2026, 11};
    while (fr_input_next(in, &d, &more, NULL) == FR_OK && more) {
        fr_resume *r;
        fr_tokens w, t, lw;
        char id[64];
        snprintf(id, sizeof id, "%.*s", (int)d.id_len, d.id);
        /* fr_resume_parse: its entries' offsets index the text (a document's are moved to the file) */
        if (fr_resume_parse(id, d.text, d.len, "source", c->lx, as_of, &r, NULL) != FR_OK)
            continue;
        ck_assert_int_eq(fr_tokenize(c->whole, r->text, r->len, &w, NULL), FR_OK);
        ck_assert_int_eq(fr_tokenize(c->lwhole, r->text, r->len, &lw, NULL), FR_OK);
        c->docs++;
        /* the index's stream of the résumé: made from its text, and from the parse's tokens less
         * the model's stop words (engine/docset.c) — the same ids and spans */
        ck_assert_int_eq(fr_termstream_make(c->vec, r->text, r->len, &c->made, NULL), FR_OK);
        ck_assert_int_eq(fr_termstream_of(c->vec, &r->toks, 1, &c->kept, NULL), FR_OK);
        c->kept_docs += r->toks.n > 0; /* none: a text without tokens (the index makes it again) */
        if (c->made.n != c->kept.n || memcmp(c->made.id, c->kept.id, c->made.n * sizeof *c->made.id) != 0 ||
            memcmp(c->made.ss, c->kept.ss, c->made.n * sizeof *c->made.ss) != 0 ||
            memcmp(c->made.se, c->kept.se, c->made.n * sizeof *c->made.se) != 0)
            c->streams_differ++;
        for (size_t i = 0; i < r->n_experience; i++)
            lexicon_span(c, &lw, r->text, r->len, r->experience[i].start_off, r->experience[i].end_off);
        size_t hint = 0;
        for (size_t i = 0; i < r->chunks.n; i++) {
            size_t a = r->chunk_span[2 * i], b = r->chunk_span[2 * i + 1];
            lexicon_span(c, &lw, r->text, r->len, a, b);
            c->chunks++;
            /* fr_tokens_slice_at gives fr_tokens_slice's answer whatever its hint: the last
             * chunk's end (as docset.c and resume.c pass it), none, the end, the answer itself,
             * past it, a token further on; and for a span backwards */
            size_t i0, i1, j0, j1;
            int ok = fr_tokens_slice(&lw, a, b, &i0, &i1);
            size_t hints[] = {hint, 0, lw.n, i0, i0 + 1, i1, i0 > 3 ? i0 - 3 : 0, lw.n + 5};
            for (size_t h = 0; h < sizeof hints / sizeof *hints; h++) {
                ck_assert_int_eq(fr_tokens_slice_at(&lw, a, b, hints[h], &j0, &j1), ok);
                ck_assert(!ok || (j0 == i0 && j1 == i1));
            }
            ok = fr_tokens_slice(&lw, b, a, &i0, &i1);
            ck_assert_int_eq(fr_tokens_slice_at(&lw, b, a, hint, &j0, &j1), ok);
            if (fr_tokens_slice(&lw, a, b, &i0, &i1))
                hint = i1;
            /* the parse's answer for the chunk, which the index reads, is the rule's */
            ck_assert_uint_eq(r->chunk_slices[i], fr_tokens_slices(r->text, r->len, a, b));
            if (!fr_tokens_slice_ok(r->text, r->len, a, b, 1))
                continue;
            c->sliced++;
            char *want = t_slice_joined(&w, a, b);
            const char *ct = r->chunks.v[i].text;
            ck_assert_int_eq(fr_tokenize(c->alone, ct, strlen(ct), &t, NULL), FR_OK);
            char *got = t_slice_joined(&t, 0, strlen(ct));
            if (strcmp(want, got) != 0 && c->differ++ < 3)
                fprintf(stderr, "%.*s chunk %zu: \"%s\": %s vs %s\n", (int)d.id_len, d.id, i, ct, want, got);
            free(want);
            free(got);
        }
        fr_resume_free(r);
    }
    fr_input_free(in);
}

START_TEST(test_resume_chunk_tokens_are_slices_on_shared_data)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/data/resumes-livecareer/resumes_from_pdf.csv", t_shared());
    if (access(path, R_OK) != 0) {
        fprintf(stderr, "SKIP test_resume_chunk_tokens_are_slices_on_shared_data: %s absent\n", path);
        return;
    }
    fr_model *m;
    ck_assert_int_eq(fr_model_default(&m, NULL), FR_OK);
    chunk_slices c = {0};
    ck_assert_int_eq(fr_lexicon_new(&c.lx, NULL), FR_OK);
    ck_assert_int_eq(fr_tokenizer_new(&fr_model_opts(m)->tok, &c.whole, NULL), FR_OK);
    ck_assert_int_eq(fr_tokenizer_new(&fr_model_opts(m)->tok, &c.alone, NULL), FR_OK);
    fr_tok_opts lo;
    fr_lexicon_tok_opts(&lo);
    ck_assert_int_eq(fr_tokenizer_new(&lo, &c.lwhole, NULL), FR_OK);
    ck_assert_int_eq(fr_tokenizer_new(&lo, &c.lalone, NULL), FR_OK);
    ck_assert(fr_tok_opts_drop_stop_only(&lo, &fr_model_opts(m)->tok)); /* what lets the index share them */
    ck_assert_int_eq(fr_vectorizer_new(m, &c.vec, NULL), FR_OK);
    chunk_slices_of(&c, path, "Resume_str");
    snprintf(path, sizeof path, "%s/data/cv-project-fit/cv", t_shared());
    chunk_slices_of(&c, path, NULL);
    snprintf(path, sizeof path, "%s/data/resumes-categorized-962/UpdatedResumeDataSet.csv", t_shared());
    chunk_slices_of(&c, path, "Resume");
    fprintf(stderr, "chunk slices: %zu résumés, %zu chunks, %zu from the résumé's tokens; %zu spans for skills, %zu "
            "from the résumé's\n", c.docs, c.chunks, c.sliced, c.spans, c.lsliced);
    ck_assert_msg(c.differ == 0, "%zu chunks' tokens differ from the résumé's in their span", c.differ);
    ck_assert_msg(c.ldiffer == 0, "%zu spans' tokens differ from the résumé's in them", c.ldiffer);
    ck_assert_msg(c.streams_differ == 0, "%zu résumés' streams differ", c.streams_differ);
    ck_assert_uint_ge(c.kept_docs, c.docs - 10);
    ck_assert_uint_ge(c.docs, 3000);
    ck_assert_uint_ge(c.sliced, c.chunks * 9 / 10); /* the saving it exists for */
    ck_assert_uint_ge(c.lsliced, c.spans * 9 / 10);
    fr_tokenizer_free(c.whole);
    fr_tokenizer_free(c.alone);
    fr_tokenizer_free(c.lwhole);
    fr_tokenizer_free(c.lalone);
    fr_termstream_free(&c.made);
    fr_termstream_free(&c.kept);
    fr_vectorizer_free(c.vec);
    fr_lexicon_free(c.lx);
    fr_model_free(m);
}
END_TEST

/* A slice of the whole text's words (engine/docset.c's chunks) is fr_words_of's answer for the
 * chunk's own text, field by field. */
static void words_agree(const fr_words *got, const fr_words *want)
{
    ck_assert_uint_eq(got->nw, want->nw);
    for (size_t k = 0; k < want->nw; k++) {
        ck_assert_uint_eq(got->wl[k], want->wl[k]);
        ck_assert_int_eq(memcmp(got->low + got->ws[k], want->low + want->ws[k], want->wl[k]), 0);
        ck_assert_uint_eq(got->head[k], want->head[k]);
        ck_assert_uint_eq(got->by_head[k], want->by_head[k]);
    }
    ck_assert_int_eq(memcmp(got->heads, want->heads, sizeof want->heads), 0);
    ck_assert_int_eq(memcmp(got->head_start, want->head_start, sizeof want->head_start), 0);
}

typedef struct {
    const fr_lexicon *lx;
    size_t docs, chunks, sliced, entries, entries_sliced, lang[3];
} word_slices;

static void word_slices_of(word_slices *c, const char *path, const char *text_col)
{
    fr_input *in = t_input_open(path, text_col);
    if (!in)
        return;
    fr_doc d;
    int more;
    fr_ym as_of = {2026, 11};
    while (fr_input_next(in, &d, &more, NULL) == FR_OK && more) {
        fr_resume *r;
        char id[64];
        snprintf(id, sizeof id, "%.*s", (int)d.id_len, d.id);
        if (fr_resume_parse(id, d.text, d.len, "source", c->lx, as_of, &r, NULL) != FR_OK)
            continue;
        c->docs++;
        fr_words whole, own, sl;
        ck_assert_int_eq(fr_words_of_whole(r->text, r->len, &whole, NULL), FR_OK);
        int lang = fr_words_language(&whole);
        ck_assert_int_eq(lang, fr_text_language(r->text, r->len));
        c->lang[lang]++;
        uint32_t *by_head = malloc((whole.nw + 1) * sizeof *by_head);
        ck_assert_ptr_nonnull(by_head);
        size_t i0, i1, from = 0;
        for (size_t i = 0; i < r->chunks.n; i++) {
            c->chunks++;
            const char *ct = r->chunks.v[i].text;
            ck_assert_int_eq(fr_words_of(ct, strlen(ct), &own, NULL), FR_OK);
            /* the hint changes nothing: none, the last span's end, past the span */
            int ok = fr_words_span(&whole, r->chunk_span[2 * i], r->chunk_span[2 * i + 1], from, &i0, &i1);
            size_t j0, j1;
            ck_assert_int_eq(fr_words_span(&whole, r->chunk_span[2 * i], r->chunk_span[2 * i + 1], 0, &j0, &j1), ok);
            ck_assert(!ok || (j0 == i0 && j1 == i1));
            ck_assert_int_eq(fr_words_span(&whole, r->chunk_span[2 * i], r->chunk_span[2 * i + 1], whole.nw, &j0, &j1),
                             ok);
            ck_assert(!ok || (j0 == i0 && j1 == i1));
            if (ok) {
                from = i1;
                c->sliced++;
                fr_words_slice(&whole, i0, i1, by_head, &sl);
                words_agree(&sl, &own);
            }
            fr_words_free(&own);
        }
        for (size_t i = 0; i < r->n_education; i++) {
            const fr_education *e = &r->education[i];
            c->entries++;
            if (!fr_words_span(&whole, e->start_off, e->end_off, 0, &i0, &i1))
                continue;
            c->entries_sliced++;
            ck_assert_int_eq(fr_words_of(r->text + e->start_off, e->end_off - e->start_off, &own, NULL), FR_OK);
            fr_words_slice(&whole, i0, i1, by_head, &sl);
            words_agree(&sl, &own);
            fr_words_free(&own);
        }
        free(by_head);
        fr_words_free(&whole);
        fr_resume_free(r);
    }
    fr_input_free(in);
}

START_TEST(test_resume_chunk_words_are_slices_on_shared_data)
{
    /* a span that cuts a word is refused; one between words is its words */
    static const char text[] = "Senior  Developer\nat ACME GmbH, 2015 - 2019";
    fr_words whole;
    ck_assert_int_eq(fr_words_of_whole(text, strlen(text), &whole, NULL), FR_OK);
    size_t i0, i1;
    ck_assert_int_eq(fr_words_span(&whole, 0, 3, 0, &i0, &i1), 0);   /* "Sen" */
    ck_assert_int_eq(fr_words_span(&whole, 2, 17, 0, &i0, &i1), 0);  /* "nior  Developer" */
    ck_assert_int_eq(fr_words_span(&whole, 0, 17, 0, &i0, &i1), 1);
    ck_assert_uint_eq(i0, 0);
    ck_assert_uint_eq(i1, 2);
    ck_assert_int_eq(fr_words_span(&whole, 18, strlen(text), 1, &i0, &i1), 1);
    ck_assert_uint_eq(i0, 2);
    ck_assert_uint_eq(i1, whole.nw);
    ck_assert_int_eq(fr_words_span(&whole, 7, 7, 0, &i0, &i1), 1); /* empty, between words */
    ck_assert_uint_eq(i1 - i0, 0);
    fr_words_free(&whole);

    char path[1024];
    snprintf(path, sizeof path, "%s/data/resumes-livecareer/resumes_from_pdf.csv", t_shared());
    if (access(path, R_OK) != 0) {
        fprintf(stderr, "SKIP test_resume_chunk_words_are_slices_on_shared_data: %s absent\n", path);
        return;
    }
    word_slices c = {0};
    fr_lexicon *lx;
    ck_assert_int_eq(fr_lexicon_new(&lx, NULL), FR_OK);
    c.lx = lx;
    word_slices_of(&c, path, "Resume_str");
    snprintf(path, sizeof path, "%s/data/cv-project-fit/cv", t_shared());
    word_slices_of(&c, path, NULL);
    fprintf(stderr, "word slices: %zu résumés, %zu chunks, %zu sliced; %zu education entries, %zu sliced\n", c.docs,
            c.chunks, c.sliced, c.entries, c.entries_sliced);
    ck_assert_uint_ge(c.docs, 2000);
    ck_assert_uint_ge(c.sliced, c.chunks * 9 / 10); /* the saving it exists for */
    ck_assert_uint_ge(c.entries_sliced, c.entries * 9 / 10);
    ck_assert_uint_gt(c.lang[1], 100); /* English and German texts both among them */
    ck_assert_uint_gt(c.lang[2], 5);
    fr_lexicon_free(lx);
}
END_TEST

/* Each résumé's distinct word keys (doc_words, engine/docset.c) are its chunks' word rows merged:
 * their sorted distinct union, as fr_sort_unique_u32 makes it. */
static void doc_words_agree(const fr_docset *R)
{
    for (size_t r = 0; r < R->n; r++) {
        uint32_t c0 = R->unit_start.v[r], c1 = R->unit_start.v[r + 1];
        uint32_t e0 = R->unit_words.ptr.v[c0], e1 = R->unit_words.ptr.v[c1];
        uint32_t *want = malloc((e1 - e0 + 1) * sizeof *want);
        ck_assert_ptr_nonnull(want);
        if (e1 > e0)
            memcpy(want, R->unit_words.col.v + e0, (e1 - e0) * sizeof *want);
        size_t u = fr_sort_unique_u32(want, e1 - e0);
        uint32_t a = fr_docset_rfacts(R, r)->word_start;
        uint32_t b = r + 1 < R->n ? fr_docset_rfacts(R, r + 1)->word_start : (uint32_t)R->doc_words.n;
        ck_assert_uint_eq(b - a, u);
        ck_assert(u == 0 || memcmp(R->doc_words.v + a, want, u * sizeof *want) == 0);
        free(want);
    }
}

START_TEST(test_resume_doc_words_are_chunk_rows_merged)
{
    fr_model *m;
    fr_lexicon *lx;
    fr_docset_builder *b;
    fr_docset R;
    ck_assert_int_eq(fr_model_default(&m, NULL), FR_OK);
    ck_assert_int_eq(fr_lexicon_new(&lx, NULL), FR_OK);
    ck_assert_int_eq(fr_docset_builder_new(m, lx, &b, NULL), FR_OK);
    ck_assert_int_eq(fr_docset_init(&R, FR_SET_RESUMES, m, lx, NULL), FR_OK);
    fr_ym as_of = {2026, 11};
    /* more distinct words than the merge's set holds (its way for long résumés), none, a few */
    fr_buf big = {0};
    ck_assert_int_eq(fr_buf_append(&big, "Experience\n", 11), FR_OK);
    unsigned long x = 7;
    for (int line = 0; line < 400; line++) {
        ck_assert_int_eq(fr_buf_append(&big, "- ", 2), FR_OK);
        for (int w = 0; w < 12; w++) {
            char word[16];
            x = x * 6364136223846793005ul + 1442695040888963407ul;
            int l = snprintf(word, sizeof word, "w%lx ", (x >> 40) & 0xFFFFF);
            ck_assert_int_eq(fr_buf_append(&big, word, (size_t)l), FR_OK);
        }
        ck_assert_int_eq(fr_buf_append(&big, "\n", 1), FR_OK);
    }
    const char *texts[] = {big.data, "", "Skills\nPython, SQL and Kafka; Python again.\n"};
    size_t lens[] = {big.len, 0, strlen(texts[2])};
    for (size_t i = 0; i < 3; i++) {
        fr_resume *r;
        ck_assert_int_eq(fr_resume_parse("t", texts[i], lens[i], "source", lx, as_of, &r, NULL), FR_OK);
        ck_assert_int_eq(fr_docset_add_resume(&R, b, r, texts[i], lens[i], NULL), FR_OK);
        fr_resume_free(r);
    }
    ck_assert_uint_gt(fr_docset_rfacts(&R, 1)->word_start - fr_docset_rfacts(&R, 0)->word_start, 4000);
    char path[1024];
    snprintf(path, sizeof path, "%s/data/resumes-livecareer/resumes_from_pdf.csv", t_shared());
    fr_input *in = access(path, R_OK) == 0 ? t_input_open(path, "Resume_str") : NULL;
    if (!in)
        fprintf(stderr, "SKIP test_resume_doc_words_are_chunk_rows_merged on real résumés: %s absent\n", path);
    fr_doc d;
    int more;
    while (in && R.n < 600 && fr_input_next(in, &d, &more, NULL) == FR_OK && more) {
        fr_resume *r;
        if (fr_resume_parse("lc", d.text, d.len, "source", lx, as_of, &r, NULL) != FR_OK)
            continue;
        ck_assert_int_eq(fr_docset_add_resume(&R, b, r, d.text, d.len, NULL), FR_OK);
        fr_resume_free(r);
    }
    fr_input_free(in);
    doc_words_agree(&R);
    fr_buf_free(&big);
    fr_docset_free(&R);
    fr_docset_builder_free(b);
    fr_lexicon_free(lx);
    fr_model_free(m);
}
END_TEST

START_TEST(test_json_doc_check_types_and_shapes)
{
    static const struct {
        const char *json, *needle; /* NULL: a document */
    } cases[] = {
        {"{\"id\": \"a\", \"text\": \"Go and Rust\"}", NULL},
        {"{\"id\": 7, \"title\": null, \"text\": \"Go\"}", NULL},
        {"{\"required\": \"Go\", \"preferred\": [\"Rust\", {\"name\": \"Kafka\"}]}", NULL},
        {"{\"@type\": \"JobPosting\", \"title\": \"Eng\", \"qualifications\": {\"name\": \"CS degree\"}}", NULL},
        {"[{\"@type\": \"JobPosting\", \"title\": \"Eng\", \"description\": \"Go\"}]", NULL},
        {"{\"basics\": {\"name\": \"A\"}, \"work\": [{\"position\": \"Dev\", \"highlights\": [\"Go\"]}]}", NULL},
        {"{\"id\": \"a\", \"text\": 5}", "\"text\" must be a string"},
        {"{\"id\": [], \"text\": \"Go\"}", "\"id\" must be a string or number"},
        {"{\"title\": 7, \"text\": \"Go\"}", "\"title\" must be a string"},
        {"{\"required\": 5}", "\"required\" must be a string or a list"},
        {"{\"preferred\": [1, 2]}", "\"preferred\" must be a string or a list"},
        {"{\"@type\": \"JobPosting\", \"description\": 5}", "\"description\" must be a string"},
        {"{\"basics\": {\"name\": \"A\"}, \"work\": 5}", "\"work\" must be a list of objects"},
        {"{\"basics\": \"A\"}", "\"basics\" must be an object"},
        {"{\"work\": [{\"highlights\": \"Go\"}]}", "\"work\" must be a list of objects"},
        {"\"just a string\"", "expected a JSON object, not a string"},
        {"[\"x\", \"y\"]", "not an array"},
        {"42", "expected a JSON object"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        cJSON *j = cJSON_Parse(cases[i].json);
        ck_assert_ptr_nonnull(j);
        const char *got = fr_json_doc_check(j);
        if (!cases[i].needle)
            ck_assert_msg(got == NULL, "case %zu refused: %s", i, got);
        else
            ck_assert_msg(got && strstr(got, cases[i].needle), "case %zu: got %s", i, got ? got : "(accepted)");
        cJSON_Delete(j);
    }
}
END_TEST

/* engine/formats.c: offsets of a parsed document point into the file it came from — past a BOM
 * for text, through the source map for HTML (tags and entities inside a span), onto the JSON-LD
 * text when an HTML page's visible text holds no requirements. */
static void strip_html(const char *s, size_t n, char *out, size_t cap)
{
    size_t k = 0;
    int space = 0;
    for (size_t i = 0; i < n && k + 2 < cap; i++) {
        if (s[i] == '<') {
            while (i < n && s[i] != '>')
                i++;
            continue;
        }
        char c = s[i];
        if (c == '&' && i + 4 < n && memcmp(s + i, "&amp;", 5) == 0) {
            c = '&';
            i += 4;
        }
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
            space = k > 0;
            continue;
        }
        if (space)
            out[k++] = ' ';
        space = 0;
        out[k++] = c;
    }
    out[k] = '\0';
}

static void one_doc(const char *path, fr_buf *raw, fr_input **in, fr_doc *d)
{
    fr_error err = {0};
    int more = 0;
    fr_input_opts io;
    fr_input_opts_default(&io);
    ck_assert_int_eq(fr_input_open(&path, 1, &io, in, &err), FR_OK);
    ck_assert_msg(fr_input_next(*in, d, &more, &err) == FR_OK && more, "%s: %s", path, err.msg);
    ck_assert_int_eq(fr_read_file(path, raw, NULL), FR_OK);
}

START_TEST(test_doc_offsets_point_into_the_file)
{
    fr_lexicon *lx;
    ck_assert_int_eq(fr_lexicon_new(&lx, NULL), FR_OK);
    char txt[512], html[512], ld[512];
    snprintf(txt, sizeof txt, "%s/bom-cv.txt", t_tmpdir());
    snprintf(html, sizeof html, "%s/cv.html", t_tmpdir());
    snprintf(ld, sizeof ld, "%s/ld.html", t_tmpdir());
    FILE *f = fopen(txt, "wb");
    ck_assert(f);
    fputs("\xEF\xBB\xBFJane Doe\n\nExperience\nData Engineer, Acme, 2019 - 2021\n- Built Python and SQL pipelines\n\n"
          "Education\nB.Sc. Computer Science, TU Berlin, 2012 - 2015\n\nRequirements:\n- 3+ years of Python\n", f);
    fclose(f);
    f = fopen(html, "wb");
    ck_assert(f);
    fputs("<html><body><h2>Experience</h2><p>Data Engineer, Acme, 2019 - 2021</p><ul><li>Built <b>Python</b> &amp; "
          "SQL pipelines</li></ul><h2>Education</h2><p>B.Sc. Computer Science, TU Berlin, 2012 - 2015</p></body></html>",
          f);
    fclose(f);
    f = fopen(ld, "wb");
    ck_assert(f);
    fputs("<html><head><script type=\"application/ld+json\">{\"@type\": \"JobPosting\", \"title\": \"Dev\", "
          "\"qualifications\": [\"5 years of Go\", \"Docker\"]}</script></head><body><p>Welcome to our careers page."
          "</p></body></html>", f);
    fclose(f);
    const char *paths[] = {txt, html};
    for (int k = 0; k < 2; k++) {
        fr_input *in;
        fr_buf raw = {0};
        fr_doc d;
        one_doc(paths[k], &raw, &in, &d);
        fr_resume *r;
        fr_posting *p;
        ck_assert_int_eq(fr_resume_parse_doc(&d, lx, (fr_ym){2026, 1}, &r, NULL), FR_OK);
        ck_assert_uint_ge(r->n_experience, 1);
        ck_assert_uint_ge(r->n_education, 1);
        ck_assert_uint_ge(r->chunks.n, 2);
        char got[512];
        for (size_t i = 0; i < r->chunks.n; i++) {
            const fr_item *c = &r->chunks.v[i];
            ck_assert_uint_le(c->end, raw.len);
            ck_assert_uint_ge(c->start, k == 0 ? 3 : 0); /* past the BOM */
            strip_html(raw.data + c->start, c->end - c->start, got, sizeof got);
            ck_assert_str_eq(got, c->text);
        }
        for (size_t i = 0; i < r->n_experience; i++)
            ck_assert(r->experience[i].start_off < r->experience[i].end_off && r->experience[i].end_off <= raw.len);
        strip_html(raw.data + r->education[0].start_off, r->education[0].end_off - r->education[0].start_off, got,
                   sizeof got);
        ck_assert_ptr_nonnull(strstr(got, "TU Berlin"));
        fr_resume_free(r);
        ck_assert_int_eq(fr_posting_parse_doc(&d, lx, &p, NULL), FR_OK);
        for (size_t i = 0; i < p->required.n; i++) {
            strip_html(raw.data + p->required.v[i].start, p->required.v[i].end - p->required.v[i].start, got, sizeof got);
            ck_assert_str_eq(got, p->required.v[i].text);
        }
        fr_posting_free(p);
        fr_input_free(in);
        fr_buf_free(&raw);
    }
    /* no requirements in the visible text: the JSON-LD posting, offsets into its laid-out text */
    fr_input *in;
    fr_buf raw = {0};
    fr_doc d;
    one_doc(ld, &raw, &in, &d);
    ck_assert_ptr_nonnull(d.alt_text);
    fr_posting *p;
    ck_assert_int_eq(fr_posting_parse_doc(&d, lx, &p, NULL), FR_OK);
    ck_assert(!p->no_requirements && p->required.n == 2);
    ck_assert_str_eq(p->title, "Dev");
    for (size_t i = 0; i < p->required.n; i++)
        ck_assert_int_eq(strncmp(d.alt_text + p->required.v[i].start, p->required.v[i].text,
                                 p->required.v[i].end - p->required.v[i].start), 0);
    fr_posting_free(p);
    fr_input_free(in);
    fr_buf_free(&raw);
    fr_lexicon_free(lx);
}
END_TEST

Suite *documents_suite(void)
{
    Suite *s = suite_create("documents");
    TCase *core = tcase_create("core"), *edge = tcase_create("edge"), *error = tcase_create("error");
    tcase_add_test(core, test_posting_seed_000);
    tcase_add_test(core, test_posting_seed_004);
    tcase_add_test(core, test_facts_years_degree_enrolment);
    tcase_add_test(core, test_collapse_ws);
    tcase_add_test(core, test_collapse_ws_by_definition);
    tcase_add_test(core, test_resume_sections_entries_years);
    tcase_add_test(edge, test_resume_entry_chunks_linear);
    tcase_add_test(edge, test_resume_chunk_tokens_are_slices_on_shared_data);
    tcase_add_test(edge, test_resume_chunk_words_are_slices_on_shared_data);
    tcase_add_test(edge, test_resume_doc_words_are_chunk_rows_merged);
    tcase_set_timeout(edge, 120); /* that one parses 3,491 real résumés (~2 s; more under a sanitizer) */
    tcase_add_test(error, test_json_doc_check_types_and_shapes);
    tcase_add_test(edge, test_lexicon_exact_tokens_and_case);
    tcase_add_test(edge, test_lexicon_longest_match_through_prefixes);
    tcase_add_test(edge, test_lexicon_memo_finds_the_same);
    tcase_add_test(edge, test_lexicon_find_by_its_definition);
    tcase_add_test(edge, test_dates_english_and_german);
    tcase_add_test(edge, test_html_text_and_source_map);
    tcase_add_test(edge, test_doc_offsets_point_into_the_file);
    tcase_add_test(error, test_lexicon_rejects_conflicting_alias);
    suite_add_tcase(s, core);
    suite_add_tcase(s, edge);
    suite_add_tcase(s, error);
    return s;
}
