/* tests/check_engine.c — engine: document inputs (files, directories, JSONL, CSV, JSON). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "engine/input.h"
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
    const char *want_text[] = {"A", "# B", "Ada\nEngineer"};
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
    suite_add_tcase(s, core);
    suite_add_tcase(s, edge);
    suite_add_tcase(s, error);
    return s;
}
