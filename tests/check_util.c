/* tests/check_util.c — util: UTF-8 validation/repair, buffers, atomic output. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/check_support.h"
#include "util/buf.h"
#include "util/io.h"
#include "util/utf8.h"

START_TEST(test_utf8_check_accepts_valid)
{
    const char *s = "plain ASCII, Straße, 日本語, emoji 😀, U+FFFF \xEF\xBF\xBF";
    ck_assert_uint_eq(fr_utf8_check(s, strlen(s)), strlen(s));
}
END_TEST

START_TEST(test_utf8_check_finds_first_bad_byte)
{
    struct { const char *s; size_t at; } cases[] = {
        {"abc\x80" "def", 3},            /* stray continuation */
        {"abcdefgh" "\xC0\xAF", 8},   /* overlong '/' */
        {"x\xED\xA0\x80y", 1},        /* UTF-16 surrogate */
        {"ok\xF4\x90\x80\x80", 2},    /* > U+10FFFF */
        {"trunc" "\xE2\x82", 5},         /* truncated sequence at the end */
        {"0123456789abcdef" "\xFF", 16}, /* after the 8-byte fast path */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        ck_assert_uint_eq(fr_utf8_check(cases[i].s, strlen(cases[i].s)), cases[i].at);
}
END_TEST

START_TEST(test_utf8_repair_substitutes_maximal_subparts)
{
    fr_buf b = {0};
    size_t reps = 0;
    const char *s = "a\xE2\x82z\xFF\xFE!";
    ck_assert_int_eq(fr_utf8_repair(s, strlen(s), &b, &reps), FR_OK);
    ck_assert_str_eq(b.data, "a\xEF\xBF\xBDz\xEF\xBF\xBD\xEF\xBF\xBD!");
    ck_assert_uint_eq(reps, 3);
    ck_assert_uint_eq(fr_utf8_check(b.data, b.len), b.len);
    fr_buf_free(&b);
}
END_TEST

START_TEST(test_buf_grows_and_aligns)
{
    fr_buf b = {0};
    for (int i = 0; i < 1000; i++)
        ck_assert_int_eq(fr_buf_printf(&b, "%d,", i), FR_OK);
    ck_assert_uint_eq(b.len, strlen(b.data));
    ck_assert_int_eq(fr_buf_align(&b, 64), FR_OK);
    ck_assert_uint_eq(b.len % 64, 0);
    fr_buf_free(&b);
    fr_buf_free(&b); /* double free of an emptied buffer is harmless */
}
END_TEST

START_TEST(test_outfile_abort_leaves_no_file)
{
    char path[512];
    snprintf(path, sizeof path, "%s/out-abort.txt", t_tmpdir());
    fr_outfile o;
    ck_assert_int_eq(fr_outfile_open(&o, path, NULL), FR_OK);
    fputs("partial", o.fp);
    fr_outfile_abort(&o);
    ck_assert_int_ne(access(path, F_OK), 0);
    ck_assert_int_eq(fr_outfile_open(&o, path, NULL), FR_OK);
    fputs("whole", o.fp);
    ck_assert_int_eq(fr_outfile_commit(&o, NULL), FR_OK);
    fr_buf b = {0};
    ck_assert_int_eq(fr_read_file(path, &b, NULL), FR_OK);
    ck_assert_str_eq(b.data, "whole");
    fr_buf_free(&b);
}
END_TEST

START_TEST(test_read_file_reports_missing)
{
    fr_buf b = {0};
    fr_error err = {0};
    ck_assert_int_eq(fr_read_file("/nonexistent/x.txt", &b, &err), FR_EIO);
    ck_assert_ptr_nonnull(strstr(err.msg, "/nonexistent/x.txt"));
    fr_buf_free(&b);
}
END_TEST

Suite *util_suite(void)
{
    Suite *s = suite_create("util");
    TCase *core = tcase_create("core"), *edge = tcase_create("edge"), *error = tcase_create("error");
    tcase_add_test(core, test_utf8_check_accepts_valid);
    tcase_add_test(core, test_buf_grows_and_aligns);
    tcase_add_test(edge, test_utf8_check_finds_first_bad_byte);
    tcase_add_test(edge, test_utf8_repair_substitutes_maximal_subparts);
    tcase_add_test(error, test_outfile_abort_leaves_no_file);
    tcase_add_test(error, test_read_file_reports_missing);
    suite_add_tcase(s, core);
    suite_add_tcase(s, edge);
    suite_add_tcase(s, error);
    return s;
}
