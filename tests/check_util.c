/* tests/check_util.c — util: UTF-8 validation/repair, buffers, atomic output. */
#define _DEFAULT_SOURCE /* mknod */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "tests/check_support.h"
#include "util/arena.h"
#include "util/bits.h"
#include "util/buf.h"
#include "util/hash.h"
#include "util/err.h"
#include "util/io.h"
#include "util/sort.h"
#include "util/term.h"
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

/* Past 4 MB a buffer grows into a fresh block of its own (fr_regrow: huge pages asked for first):
 * every byte appended through several doublings there is kept, the NUL after them too, and bytes
 * written into reserved room before len moves survive a growth as realloc keeps them. */
START_TEST(test_buf_keeps_its_bytes_growing_large)
{
    fr_buf b = {0};
    char piece[4099];
    size_t total = 0;
    for (uint32_t i = 0; total < ((size_t)20 << 20); i++) {
        size_t n = 1 + (i * 2654435761u) % (sizeof piece);
        for (size_t k = 0; k < n; k++)
            piece[k] = (char)((total + k) * 131 % 251);
        ck_assert_int_eq(fr_buf_append(&b, piece, n), FR_OK);
        total += n;
    }
    ck_assert_uint_eq(b.len, total);
    ck_assert_int_eq(b.data[b.len], '\0');
    for (size_t k = 0; k < total; k++)
        if (b.data[k] != (char)(k * 131 % 251))
            ck_abort_msg("byte %zu lost", k);
    /* reserved room written before len moves: kept through a growth */
    ck_assert_int_eq(fr_buf_reserve(&b, 16), FR_OK);
    memcpy(b.data + b.len, "0123456789abcdef", 16);
    ck_assert_int_eq(fr_buf_reserve(&b, b.cap), FR_OK);
    ck_assert_int_eq(memcmp(b.data + b.len, "0123456789abcdef", 16), 0);
    fr_buf_free(&b);
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

/* ---- bounded reads (issue 12: endless inputs are stopped while reading) ---- */

/* A pipe holding `n` bytes of `s`, its write end closed: read side returned. */
static int pipe_with(const char *s, size_t n)
{
    int fds[2];
    ck_assert_int_eq(pipe(fds), 0);
    ck_assert_int_eq((int)write(fds[1], s, n), (int)n);
    close(fds[1]);
    return fds[0];
}

START_TEST(test_read_fd_stops_at_nul_and_limit)
{
    fr_buf b = {0};
    fr_error err = {0};
    int fd = pipe_with("abc\0def", 7);
    ck_assert_int_eq(fr_read_fd(fd, "p", 0, FR_READ_TEXT, &b, &err), FR_EFORMAT);
    close(fd);
    ck_assert_uint_eq(err.offset, 3);
    ck_assert_uint_eq(b.len, 3); /* what came before the NUL */
    ck_assert_ptr_nonnull(strstr(err.msg, "p:3: binary data"));
    fr_buf_free(&b);
    fd = pipe_with("0123456789ab", 12);
    ck_assert_int_eq(fr_read_fd(fd, "p", 10, 0, &b, &err), FR_EFORMAT);
    close(fd);
    ck_assert_uint_eq(err.offset, 10);
    ck_assert_ptr_nonnull(strstr(err.msg, "p:10: more than 10 bytes"));
    fr_buf_free(&b);
    fd = pipe_with("0123456789", 10); /* exactly the limit is fine */
    ck_assert_int_eq(fr_read_fd(fd, "p", 10, FR_READ_TEXT, &b, &err), FR_OK);
    close(fd);
    ck_assert_str_eq(b.data, "0123456789");
    fr_buf_free(&b);
}
END_TEST

START_TEST(test_read_fd_bounds_endless_devices)
{
    /* /dev/zero never ends: the NUL check stops at byte 0, the limit at `max` — not at ENOMEM */
    fr_buf b = {0};
    fr_error err = {0};
    int fd = open("/dev/zero", O_RDONLY);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(fr_read_fd(fd, "/dev/zero", 0, FR_READ_TEXT, &b, &err), FR_EFORMAT);
    ck_assert_uint_eq(err.offset, 0);
    ck_assert_int_eq(fr_read_fd(fd, "/dev/zero", 1 << 20, 0, &b, &err), FR_EFORMAT);
    ck_assert_uint_eq(err.offset, 1 << 20);
    ck_assert_uint_le(b.cap, 4u << 20);
    close(fd);
    fr_buf_free(&b);
}
END_TEST

/* ---- -o targets (issue 12: non-regular targets, modes, symlinks, the temporary file hook) ---- */

static char *tpath(const char *name)
{
    static char p[16][600]; /* a test keeps up to 16 at once */
    static int k;
    char *r = p[k++ % 16];
    snprintf(r, sizeof p[0], "%s/%s", t_tmpdir(), name);
    return r;
}

static void write_out(const char *path, const char *text)
{
    fr_outfile o;
    fr_error err = {0};
    ck_assert_msg(fr_outfile_open(&o, path, &err) == FR_OK, "%s", err.msg);
    fputs(text, o.fp);
    ck_assert_msg(fr_outfile_commit(&o, &err) == FR_OK, "%s", err.msg);
}

static void assert_content(const char *path, const char *want)
{
    fr_buf b = {0};
    ck_assert_int_eq(fr_read_file(path, &b, NULL), FR_OK);
    ck_assert_str_eq(b.data ? b.data : "", want);
    fr_buf_free(&b);
}

/* No "NAME.tmp.*" beside NAME in the test directory. */
static void assert_no_tmp(const char *name)
{
    char cmd[800];
    snprintf(cmd, sizeof cmd, "ls '%s' | grep -q '^%s\\.tmp\\.'", t_tmpdir(), name);
    ck_assert_msg(system(cmd) != 0, "a temporary file of %s was left", name);
}

START_TEST(test_outfile_keeps_mode)
{
    char *p = tpath("mode600.txt");
    FILE *f = fopen(p, "w");
    ck_assert_ptr_nonnull(f);
    fclose(f);
    ck_assert_int_eq(chmod(p, 0600), 0);
    write_out(p, "secret");
    struct stat st;
    ck_assert_int_eq(stat(p, &st), 0);
    ck_assert_uint_eq(st.st_mode & 07777, 0600);
    assert_content(p, "secret");
}
END_TEST

START_TEST(test_outfile_follows_symlinks)
{
    /* link1 -> sub/link2 -> ../real.txt (relative targets resolve against each link's directory) */
    char *real = tpath("real.txt"), *sub = tpath("sub"), *l1 = tpath("link1"), *l2 = tpath("sub/link2");
    write_out(real, "old");
    ck_assert_int_eq(chmod(real, 0640), 0);
    ck_assert_int_eq(mkdir(sub, 0755), 0);
    ck_assert_int_eq(symlink("../real.txt", l2), 0);
    ck_assert_int_eq(symlink("sub/link2", l1), 0);
    write_out(l1, "new");
    struct stat st;
    ck_assert_int_eq(lstat(l1, &st), 0);
    ck_assert(S_ISLNK(st.st_mode));
    ck_assert_int_eq(lstat(l2, &st), 0);
    ck_assert(S_ISLNK(st.st_mode));
    ck_assert_int_eq(lstat(real, &st), 0);
    ck_assert(S_ISREG(st.st_mode));
    ck_assert_uint_eq(st.st_mode & 07777, 0640);
    assert_content(real, "new");
    assert_no_tmp("link1");
    assert_no_tmp("real.txt");
    /* a loop is refused with a message, nothing created */
    ck_assert_int_eq(symlink("loopb", tpath("loopa")), 0);
    ck_assert_int_eq(symlink("loopa", tpath("loopb")), 0);
    fr_outfile o;
    fr_error err = {0};
    ck_assert_int_eq(fr_outfile_open(&o, tpath("loopa"), &err), FR_EIO);
    ck_assert_ptr_nonnull(strstr(err.msg, "cannot follow the symlink"));
    /* a directory is refused before any work is done */
    ck_assert_int_eq(fr_outfile_open(&o, sub, &err), FR_EIO);
    ck_assert_ptr_nonnull(strstr(err.msg, "is a directory"));
}
END_TEST

START_TEST(test_outfile_writes_non_regular_directly)
{
    /* a FIFO: written to, not replaced by a regular file */
    char *fifo = tpath("out.fifo");
    ck_assert_int_eq(mkfifo(fifo, 0644), 0);
    int rd = open(fifo, O_RDONLY | O_NONBLOCK); /* a reader, so that opening for writing does not wait */
    ck_assert_int_ge(rd, 0);
    write_out(fifo, "through the pipe");
    char got[64] = {0};
    ck_assert_int_eq((int)read(rd, got, sizeof got - 1), 16);
    close(rd);
    ck_assert_str_eq(got, "through the pipe");
    struct stat st;
    ck_assert_int_eq(lstat(fifo, &st), 0);
    ck_assert(S_ISFIFO(st.st_mode));
    assert_no_tmp("out.fifo");
    /* a symlink to /dev/null: /dev/null is written, the link stays a link (the -o /dev/null of a
     * root user, without touching the real one if this regresses) */
    char *nl = tpath("null-link");
    ck_assert_int_eq(symlink("/dev/null", nl), 0);
    write_out(nl, "gone");
    ck_assert_int_eq(lstat(nl, &st), 0);
    ck_assert(S_ISLNK(st.st_mode));
    ck_assert_int_eq(stat("/dev/null", &st), 0);
    ck_assert(S_ISCHR(st.st_mode));
    /* a character device node in the test directory (needs root and CAP_MKNOD) */
    char *dev = tpath("null-node");
    if (mknod(dev, S_IFCHR | 0666, makedev(1, 3)) != 0) {
        fprintf(stderr, "SKIP outfile to a device node: mknod: %s (needs root)\n", strerror(errno));
        return;
    }
    write_out(dev, "gone");
    ck_assert_int_eq(lstat(dev, &st), 0);
    ck_assert(S_ISCHR(st.st_mode));
    assert_no_tmp("null-node");
}
END_TEST

START_TEST(test_outfile_to_own_stdout)
{
    /* -o /dev/stdout (here: a path to the very file stdout is) writes to stdout */
    char *p = tpath("stdout.txt"), *link = tpath("stdout-link");
    fflush(stdout);
    int saved = dup(1), fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(dup2(fd, 1), 1);
    close(fd);
    ck_assert_int_eq(symlink("/proc/self/fd/1", link), 0);
    fr_outfile o;
    ck_assert_int_eq(fr_outfile_open(&o, link, NULL), FR_OK);
    ck_assert_ptr_eq(o.fp, stdout);
    fputs("to stdout", o.fp);
    ck_assert_int_eq(fr_outfile_commit(&o, NULL), FR_OK);
    fflush(stdout);
    dup2(saved, 1);
    close(saved);
    struct stat st;
    ck_assert_int_eq(lstat(link, &st), 0);
    ck_assert(S_ISLNK(st.st_mode));
    assert_content(p, "to stdout");
}
END_TEST

struct hook_log {
    int created, gone, existed;
    char path[700];
};

static void log_tmp(void *ctx, const char *tmp, int exists)
{
    struct hook_log *h = ctx;
    if (exists) {
        h->created++;
        h->existed = access(tmp, F_OK) == 0;
        snprintf(h->path, sizeof h->path, "%s", tmp);
    } else {
        ck_assert_str_eq(tmp, h->path);
        h->gone++;
    }
}

START_TEST(test_outfile_hook_sees_the_temporary_file)
{
    struct hook_log h = {0};
    fr_tmp_hook hook = {log_tmp, &h, 0};
    fr_outfile o;
    char *p = tpath("hooked.txt");
    ck_assert_int_eq(fr_outfile_open_with(&o, p, &hook, NULL), FR_OK);
    ck_assert_int_eq(h.created, 1);
    ck_assert_int_eq(h.existed, 1);
    ck_assert_str_eq(h.path, o.tmp);
    ck_assert_int_eq(strncmp(h.path, p, strlen(p)), 0);
    ck_assert_int_eq(h.gone, 0);
    ck_assert_int_eq(fr_outfile_commit(&o, NULL), FR_OK);
    ck_assert_int_eq(h.gone, 1);
    ck_assert_int_ne(access(h.path, F_OK), 0);
    ck_assert_int_eq(fr_outfile_open_with(&o, p, &hook, NULL), FR_OK);
    fr_outfile_abort(&o);
    ck_assert_int_eq(h.created, 2);
    ck_assert_int_eq(h.gone, 2);
    /* written directly: no temporary file, nothing to tell */
    ck_assert_int_eq(fr_outfile_open_with(&o, "/dev/null", &hook, NULL), FR_OK);
    ck_assert_ptr_null(o.tmp);
    ck_assert_int_eq(fr_outfile_commit(&o, NULL), FR_OK);
    ck_assert_int_eq(h.created, 2);
}
END_TEST

/* What fr_term_write makes of s[0..n). */
static char *term(const char *s, size_t n)
{
    char *out = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&out, &len);
    ck_assert_ptr_nonnull(fp);
    size_t w = fr_term_write(fp, s, n);
    fclose(fp);
    ck_assert_uint_eq(w, len);
    return out;
}

START_TEST(test_term_escapes_controls)
{
    static const struct {
        const char *in;
        size_t n;
        const char *want;
    } cases[] = {
        {"plain id 42", 0, "plain id 42"},
        {"C:\\x1b stays", 0, "C:\\x1b stays"},               /* backslash is not escaped */
        {"Über – Café ✓ 漢字 😀", 0, NULL},                     /* valid UTF-8 passes unchanged */
        {"\x1b]0;x\a\x1b[2J", 0, "\\x1b]0;x\\x07\\x1b[2J"}, /* OSC retitle + clear screen */
        {"a\nfitrank: b", 0, "a\\nfitrank: b"},                /* a forged second line */
        {"t\tr\r", 0, "t\\tr\\r"},
        {"nul\0x", 5, "nul\\x00x"},
        {"del\x7f", 0, "del\\x7f"},
        {"csi\xc2\x9b" "1m", 0, "csi\\u009b1m"},                 /* C1 CSI, validly encoded */
        {"nel\xc2\x85|nbsp\xc2\xa0", 0, "nel\\u0085|nbsp\xc2\xa0"}, /* U+0085 escaped, U+00A0 kept */
        {"raw\x9b" "1m", 0, "raw\\x9b1m"},                      /* a lone 8-bit CSI byte */
        {"bad\xff\xc3", 0, "bad\\xff\\xc3"},                  /* invalid and truncated sequences */
        {"sur\xed\xa0\x80", 0, "sur\\xed\\xa0\\x80"},         /* an encoded surrogate */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        size_t n = cases[i].n ? cases[i].n : strlen(cases[i].in); /* n: only where the text holds a NUL */
        const char *want = cases[i].want ? cases[i].want : cases[i].in;
        char *got = term(cases[i].in, n);
        ck_assert_msg(strcmp(got, want) == 0, "case %zu: got '%s', want '%s'", i, got, want);
        /* nothing a terminal acts on is left */
        for (const unsigned char *p = (const unsigned char *)got; *p; p++)
            ck_assert_msg(*p >= 0x20 && *p != 0x7f, "case %zu: raw control byte 0x%02x", i, *p);
        ck_assert_uint_eq(fr_utf8_check(got, strlen(got)), strlen(got));
        free(got);
    }
}
END_TEST

/* util/err.c: messages, offsets, prefixes (truncated, never overflowing), names, size arithmetic;
 * a NULL fr_error is accepted everywhere. */
START_TEST(test_err_messages_prefix_and_overflow_checks)
{
    fr_error e = {0};
    ck_assert_int_eq(fr_fail(&e, FR_EFORMAT, "bad %s at %d", "thing", 7), FR_EFORMAT);
    ck_assert_str_eq(e.msg, "bad thing at 7");
    ck_assert(e.code == FR_EFORMAT && !e.has_offset);
    ck_assert_int_eq(fr_fail_at(&e, FR_EUTF8, 42, "invalid UTF-8"), FR_EUTF8);
    ck_assert(e.has_offset && e.offset == 42);
    fr_error_prefix(&e, "%s:%d", "file.txt", 3);
    ck_assert_str_eq(e.msg, "file.txt:3: invalid UTF-8");
    ck_assert_int_eq(fr_fail(&e, FR_EIO, NULL), FR_EIO); /* no format: the status's name */
    ck_assert_str_eq(e.msg, fr_strerror(FR_EIO));
    char longp[400];
    memset(longp, 'p', sizeof longp - 1);
    longp[sizeof longp - 1] = '\0';
    fr_fail(&e, FR_EINVAL, "%s", longp);
    fr_error_prefix(&e, "%s", longp); /* 399 + 2 + 399 bytes into 512: cut, NUL-terminated */
    ck_assert_uint_eq(strlen(e.msg), sizeof e.msg - 1);
    ck_assert_int_eq(strncmp(e.msg, longp, 255), 0);
    fr_error_clear(&e);
    ck_assert(e.code == FR_OK && !e.msg[0] && !e.has_offset);
    /* NULL is a no-op */
    ck_assert_int_eq(fr_fail(NULL, FR_ENOMEM, "x"), FR_ENOMEM);
    ck_assert_int_eq(fr_fail_at(NULL, FR_ENOMEM, 1, "x"), FR_ENOMEM);
    fr_error_prefix(NULL, "x");
    fr_error_clear(NULL);
    const fr_status all[] = {FR_OK, FR_ENOMEM, FR_EINVAL, FR_EIO, FR_EFORMAT, FR_EVERSION, FR_ECHECKSUM, FR_EUTF8, FR_EEMPTY};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++) {
        ck_assert(fr_strerror(all[i])[0]);
        for (size_t j = 0; j < i; j++)
            ck_assert_str_ne(fr_strerror(all[i]), fr_strerror(all[j]));
    }
    ck_assert_str_eq(fr_strerror((fr_status)99), "unknown error");
    size_t out = 7;
    ck_assert(fr_size_mul(0, SIZE_MAX, &out) && out == 0);
    ck_assert(fr_size_mul(1u << 20, 1u << 20, &out) && out == (size_t)1 << 40);
    ck_assert(!fr_size_mul(SIZE_MAX / 2 + 1, 2, &out));
    ck_assert(fr_size_add(SIZE_MAX - 1, 1, &out) && out == SIZE_MAX);
    ck_assert(!fr_size_add(SIZE_MAX, 1, &out));
}
END_TEST

/* The sticky flags that let a caller check once after many appends (engine/jsondoc.c, the
 * parsers' arenas): set by a failure, cleared by reset and free. */
START_TEST(test_buf_and_arena_failed_flags)
{
    fr_buf b = {0};
    ck_assert_int_eq(fr_buf_append(&b, "abc", 3), FR_OK);
    ck_assert(!b.failed);
    ck_assert_int_eq(fr_buf_grow(&b, SIZE_MAX), FR_ENOMEM); /* the size overflows */
    ck_assert(b.failed && b.len == 3 && strcmp(b.data, "abc") == 0);
    fr_buf_reset(&b);
    ck_assert(!b.failed);
    ck_assert_int_eq(fr_buf_grow(&b, SIZE_MAX - 8), FR_ENOMEM);
    ck_assert(b.failed);
    fr_buf_free(&b);
    ck_assert(!b.failed && !b.data);
    fr_arena a = {0};
    ck_assert_ptr_nonnull(fr_arena_strndup(&a, "xy", 2));
    ck_assert(!a.failed);
    ck_assert_ptr_null(fr_arena_alloc(&a, SIZE_MAX - 8)); /* no wrap to a tiny block, no malloc tried */
    ck_assert(a.failed);
    fr_arena_free(&a);
    ck_assert(!a.failed && !a.head);
}
END_TEST


static int cmp_u32_ref(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* fr_sort_u32 against qsort on the shapes that break quicksorts: sorted, reversed, all equal,
 * few distinct values, organ pipe, random; every length up to 200 and some long ones. */
/* The population counts (whichever clone the CPU picked) are the plain bit counts: every word of
 * a pseudo-random set, all-ones and single bits, lengths 0 to 40. */
START_TEST(test_popcounts_count_bits)
{
    uint64_t a[40], b[40], x = 0x9e3779b97f4a7c15ULL;
    for (size_t k = 0; k < 40; k++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        a[k] = k == 3 ? ~0ULL : k == 5 ? 1ULL << 63 : x;
        b[k] = k == 7 ? 0 : x * 0xbf58476d1ce4e5b9ULL;
    }
    for (size_t n = 0; n <= 40; n++) {
        unsigned ca = 0, cab = 0;
        for (size_t k = 0; k < n; k++)
            for (int bit = 0; bit < 64; bit++) {
                ca += (unsigned)(a[k] >> bit & 1);
                cab += (unsigned)((a[k] & b[k]) >> bit & 1);
            }
        ck_assert_uint_eq(fr_popcount(a, n), ca);
        ck_assert_uint_eq(fr_popcount_and(a, b, n), cab);
    }
    ck_assert_uint_eq(fr_popcount1(~0ULL), 64);
    ck_assert_uint_eq(fr_popcount1(0), 0);
    ck_assert_uint_eq(fr_popcount1(a[0]), fr_popcount(a, 1));
}
END_TEST

/* A range of bits set a word at a time is the range set bit by bit, over an existing pattern:
 * every range [a, b) of a 4-word map, empty ones included (word edges, whole words, 0 and 256). */
START_TEST(test_bit_ranges_set_what_bits_set)
{
    for (size_t a = 0; a <= 256; a++)
        for (size_t b = 0; b <= 256; b++) {
            uint64_t m[4] = {0x8000000000000001ULL, 0, 0x00ff00ff00ff00ffULL, 0}, want[4];
            for (size_t k = 0; k < 4; k++)
                want[k] = m[k];
            for (size_t k = a; k < b; k++)
                want[k / 64] |= (uint64_t)1 << (k % 64);
            fr_bits_set_range(m, a, b);
            for (size_t k = 0; k < 4; k++)
                ck_assert_msg(m[k] == want[k], "[%zu, %zu) word %zu", a, b, k);
        }
}
END_TEST

/* The radix path (from 128 values; the scratch on the stack up to 2048, then allocated) against
 * qsort, where its byte passes differ: values varying in one byte only (the others' passes are
 * skipped), in the top byte only, term-id-like (below 2^16), the full range, heavy duplicates. */
START_TEST(test_sort_u32_radix_matches_qsort)
{
    uint64_t st = 777;
    size_t lens[] = {127, 128, 129, 300, 2047, 2048, 2049, 5000};
    for (int shape = 0; shape < 7; shape++)
        for (size_t li = 0; li < sizeof lens / sizeof *lens; li++) {
            size_t n = lens[li];
            uint32_t *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
            ck_assert(a && b);
            for (size_t i = 0; i < n; i++) {
                st = st * 6364136223846793005ULL + 1442695040888963407ULL;
                uint32_t r = (uint32_t)(st >> 32);
                a[i] = shape == 0 ? 0x12340056u | (r & 0xFF) << 8       /* byte 1 only */
                     : shape == 1 ? 0x00ABCDEFu | (r & 0xFF000000u)     /* the top byte only */
                     : shape == 2 ? r & 0xFFFFu                         /* term ids */
                     : shape == 3 ? r                                   /* everything */
                     : shape == 4 ? (r % 5) << 24 | (r % 3)             /* two bytes, many repeats */
                     : shape == 5 ? (uint32_t)(n - i) * 65599u           /* descending, all bytes */
                                  : 42u;                                /* one value */
            }
            memcpy(b, a, n * sizeof *a);
            fr_sort_u32(a, n);
            qsort(b, n, sizeof *b, cmp_u32_ref);
            ck_assert_msg(memcmp(a, b, n * sizeof *a) == 0, "shape %d, n %zu", shape, n);
            free(a);
            free(b);
        }
}
END_TEST

START_TEST(test_sort_u32_matches_qsort)
{
    uint64_t st = 12345;
    size_t lens[] = {0, 1, 2, 3, 23, 24, 25, 26, 100, 199, 200, 1000, 4097, 100000};
    for (int shape = 0; shape < 6; shape++)
        for (size_t li = 0; li < sizeof lens / sizeof *lens; li++) {
            size_t n = lens[li];
            uint32_t *a = malloc((n + 1) * sizeof *a), *b = malloc((n + 1) * sizeof *b);
            ck_assert(a && b);
            for (size_t i = 0; i < n; i++) {
                st = st * 6364136223846793005ULL + 1442695040888963407ULL;
                uint32_t r = (uint32_t)(st >> 33);
                a[i] = shape == 0 ? (uint32_t)i : shape == 1 ? (uint32_t)(n - i) : shape == 2 ? 7u
                     : shape == 3 ? r % 3 : shape == 4 ? (uint32_t)(i < n / 2 ? i : n - i) : r;
                if (shape == 5 && i % 17 == 0)
                    a[i] = UINT32_MAX; /* the top value, repeated */
            }
            memcpy(b, a, n * sizeof *a);
            fr_sort_u32(a, n);
            qsort(b, n, sizeof *b, cmp_u32_ref);
            ck_assert_msg(n == 0 || memcmp(a, b, n * sizeof *a) == 0, "shape %d, n %zu", shape, n);
            size_t u = fr_sort_unique_u32(b, n), want = 0;
            for (size_t i = 0; i < n; i++)
                want += i == 0 || a[i] != a[i - 1];
            ck_assert_uint_eq(u, want);
            for (size_t i = 1; i < u; i++)
                ck_assert(b[i - 1] < b[i]);
            free(a);
            free(b);
        }
}
END_TEST

/* A guided draw is the first index whose cumulative sum reaches u — the unguided search's — for
 * every u: random ones, each guide boundary and its neighbours, 0 and the top; sums with flat runs
 * and ones that end below 1. */
START_TEST(test_cdf_draw_guided_is_the_search)
{
    uint64_t st = 99;
    size_t ns[] = {1, 2, 7, 1000, 50000};
    size_t ngs[] = {1, 64, 65536};
    for (size_t a = 0; a < sizeof ns / sizeof *ns; a++)
        for (int shape = 0; shape < 3; shape++) {
            size_t n = ns[a];
            double *cdf = malloc(n * sizeof *cdf), acc = 0;
            ck_assert_ptr_nonnull(cdf);
            for (size_t i = 0; i < n; i++) /* Zipf; with flat runs; ending at 0.9 */
                cdf[i] = acc += shape == 1 && i % 5 ? 0 : 1.0 / (double)(i + 1);
            for (size_t i = 0; i < n; i++)
                cdf[i] = cdf[i] / acc * (shape == 2 ? 0.9 : 1.0);
            for (size_t b = 0; b < sizeof ngs / sizeof *ngs; b++) {
                size_t ng = ngs[b];
                uint32_t *guide = malloc((ng + 1) * sizeof *guide);
                ck_assert_ptr_nonnull(guide);
                fr_cdf_guide(cdf, n, guide, ng);
                for (size_t k = 0; k < 20000; k++) {
                    st = st * 6364136223846793005ULL + 1442695040888963407ULL;
                    double u = (double)(st >> 11) / 9007199254740992.0;
                    if (k % 4 == 1) /* a guide boundary, or just beside one */
                        u = (double)(st % (ng + 1)) / (double)ng + (double)(int)(k % 3 - 1) * 1e-17;
                    if (k == 0)
                        u = 0;
                    if (k == 2)
                        u = 1 - 1.0 / 9007199254740992.0;
                    size_t want = fr_cdf_draw(cdf, n, NULL, 0, u), got = fr_cdf_draw(cdf, n, guide, ng, u);
                    ck_assert_msg(got == want, "n %zu ng %zu shape %d u %.17g: %zu, the search %zu", n, ng, shape, u,
                                  got, want);
                    ck_assert(want == n - 1 || cdf[want] >= u);
                    ck_assert(want == 0 || cdf[want - 1] < u);
                }
                free(guide);
            }
            free(cdf);
        }
}
END_TEST

static void util_vec_speed_tests(Suite *s); /* the block at the end of this file */

Suite *util_suite(void)
{
    Suite *s = suite_create("util");
    TCase *core = tcase_create("core"), *edge = tcase_create("edge"), *error = tcase_create("error");
    /* a hang guard, not a speed test: the guided draws' sweep (900 k draws) takes seconds under the
     * sanitizers or on a loaded machine, past Check's default of 4 */
    tcase_set_timeout(core, 60);
    tcase_add_test(core, test_utf8_check_accepts_valid);
    tcase_add_test(core, test_buf_grows_and_aligns);
    tcase_add_test(core, test_buf_keeps_its_bytes_growing_large);
    tcase_add_test(core, test_sort_u32_matches_qsort);
    tcase_add_test(core, test_sort_u32_radix_matches_qsort);
    tcase_add_test(core, test_cdf_draw_guided_is_the_search);
    tcase_add_test(core, test_popcounts_count_bits);
    tcase_add_test(core, test_bit_ranges_set_what_bits_set);
    tcase_add_test(edge, test_utf8_check_finds_first_bad_byte);
    tcase_add_test(edge, test_utf8_repair_substitutes_maximal_subparts);
    tcase_add_test(edge, test_term_escapes_controls);
    tcase_add_test(error, test_outfile_abort_leaves_no_file);
    tcase_add_test(error, test_read_file_reports_missing);
    tcase_add_test(edge, test_read_fd_stops_at_nul_and_limit);
    tcase_add_test(edge, test_read_fd_bounds_endless_devices);
    tcase_add_test(edge, test_outfile_keeps_mode);
    tcase_add_test(edge, test_outfile_follows_symlinks);
    tcase_add_test(edge, test_outfile_writes_non_regular_directly);
    tcase_add_test(edge, test_outfile_to_own_stdout);
    tcase_add_test(core, test_outfile_hook_sees_the_temporary_file);
    tcase_add_test(core, test_err_messages_prefix_and_overflow_checks);
    tcase_add_test(error, test_buf_and_arena_failed_flags);
    suite_add_tcase(s, core);
    suite_add_tcase(s, edge);
    suite_add_tcase(s, error);
    util_vec_speed_tests(s);
    return s;
}

/* ---------------------------------------------------------------------------------------------
 * vec-speed: the inline term hash and the 16-bytes-a-step UTF-8 check, each against a reference
 * (kept in one block so that tests added above by others merge cleanly). */

/* fr_hash_term is xxHash's XXH3-64 inlined: it must give the library's values (model files store
 * hash indexes built with them).  The values were computed with libxxhash 0.8.1's XXH3_64bits. */
START_TEST(test_hash_term_is_xxh3)
{
    static const struct {
        const char *s;
        uint64_t h;
    } known[] = {
        {"", 0x2d06800538d394c2ULL},
        {"a", 0xe6c632b61e964e1fULL},
        {"ab", 0xa873719c24d5735cULL},
        {"abc", 0x78af5f94892f3950ULL},
        {"python", 0xe133ea29104ee20cULL},
        {"kubernetes", 0xbc68ae67f4a51948ULL},
        {"postgresql-admin", 0xa5814ace18235f70ULL},
        {"machine learning engineer with c++ and go, 2019-2024 (remote)", 0x1f06cac45862a8d9ULL},
    };
    for (size_t i = 0; i < sizeof known / sizeof *known; i++)
        ck_assert_msg(fr_hash_term(known[i].s, strlen(known[i].s)) == known[i].h, "'%s'", known[i].s);
    /* every length 0..256 (each of XXH3's length classes), folded into one number */
    unsigned char b[256];
    for (int i = 0; i < 256; i++)
        b[i] = (unsigned char)(i * 37 + 11);
    uint64_t acc = 0;
    for (size_t n = 0; n <= 256; n++)
        acc = acc * 31 + fr_hash_term(b, n);
    ck_assert_uint_eq(acc, 0x54dac47af9d61118ULL);
    ck_assert_uint_eq(fr_checksum64(b, 256), 0x43c92f09cb3e28cfULL);
    /* the index checksum (libxxhash's dispatched XXH3: its AVX-512 / AVX2 path on these
     * machines) gives the inline XXH3's values, short and long, aligned or not */
    static unsigned char big[1 << 16];
    for (size_t i = 0; i < sizeof big; i++)
        big[i] = (unsigned char)(i * 2654435761u >> 13);
    for (size_t n = 0; n <= 300; n++)
        ck_assert_uint_eq(fr_checksum_xxh3(big + n % 7, n), fr_hash_term(big + n % 7, n));
    for (size_t n = 301; n < sizeof big - 64; n = n * 5 / 4 + 13)
        ck_assert_uint_eq(fr_checksum_xxh3(big + n % 61, n), fr_hash_term(big + n % 61, n));
}
END_TEST

/* The reference: sequence after sequence, by fr_utf8_seq_len (the validator before its 16-byte
 * steps). */
static size_t utf8_check_ref(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        size_t n = fr_utf8_seq_len(s + i, len - i);
        if (!n)
            return i;
        i += n;
    }
    return len;
}

/* fr_utf8_check (16 bytes a step) is the sequence-by-sequence answer on adversarial strings — ASCII
 * runs of every length around 16, valid sequences of 2 to 4 bytes, sequences cut short, overlongs,
 * surrogates, code points past U+10FFFF, stray continuation bytes — from every start offset to
 * every end (so every sequence is also truncated at each of its bytes), and with one bad byte at
 * every position of a long ASCII text. */
START_TEST(test_utf8_check_sse2_is_sequence_by_sequence)
{
    static const char *const frag[] = {
        "\xC3\xA4", "\xE2\x82\xAC", "\xF0\x9F\x98\x80", "\xEF\xBF\xBD", "\xF4\x8F\xBF\xBF", "\xC2\x80",
        "\xE0\xA0\x80", "\xED\x9F\xBF", "\xC3", "\xE2\x82", "\xF0\x9F\x98", "\xC0\x80", "\xC1\xBF",
        "\xE0\x80\x80", "\xED\xA0\x80", "\xF0\x80\x80\x80", "\xF4\x90\x80\x80", "\xF5\x80\x80\x80",
        "\x80", "\xBF", "\xFE", "\xFF", "\xC3\x28", "\xE2\x28\xA1"};
    uint64_t st = 11;
    char buf[256];
    size_t checks = 0, invalid = 0;
    for (int k = 0; k < 160; k++) {
        size_t n = 0;
        while (n < 110) {
            st = st * 6364136223846793005ULL + 1442695040888963407ULL;
            uint64_t r = st >> 33;
            if (r % 3) { /* an ASCII run of 0..40 bytes */
                size_t run = r / 3 % 41;
                for (size_t q = 0; q < run && n < sizeof buf; q++)
                    buf[n++] = (char)(' ' + (r + q * 7) % 95);
            } else {
                const char *f = frag[r / 3 % (k % 4 ? 8 : sizeof frag / sizeof *frag)]; /* some strings valid */
                size_t fl = strlen(f);
                if (n + fl > sizeof buf)
                    break;
                memcpy(buf + n, f, fl);
                n += fl;
            }
        }
        for (size_t a = 0; a <= n; a++)
            for (size_t b = a; b <= n; b++) {
                size_t want = utf8_check_ref(buf + a, b - a), got = fr_utf8_check(buf + a, b - a);
                ck_assert_msg(got == want, "string %d [%zu, %zu): %zu, the reference %zu", k, a, b, got, want);
                checks++;
                invalid += want < b - a;
            }
    }
    ck_assert_uint_gt(invalid, checks / 10);     /* both answers well represented */
    ck_assert_uint_gt(checks - invalid, checks / 10);
    char text[200];
    for (size_t p = 0; p < sizeof text; p++)
        for (int bad = 0; bad < 3; bad++) {
            memset(text, 'a', sizeof text);
            text[p] = (char)(bad == 0 ? 0x80 : bad == 1 ? 0xC3 : 0xFF);
            ck_assert_uint_eq(fr_utf8_check(text, sizeof text), p);
            ck_assert_uint_eq(fr_utf8_check(text, p), p);
        }
}
END_TEST

static void util_vec_speed_tests(Suite *s)
{
    TCase *tc = tcase_create("vec_speed");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_hash_term_is_xxh3);
    tcase_add_test(tc, test_utf8_check_sse2_is_sequence_by_sequence);
    suite_add_tcase(s, tc);
}
