/* tests/check_main.c — runs every module's suite; the exit status is the number of failures. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/input.h"
#include "tests/check_support.h"
#include "util/buf.h"
#include "tests/failalloc.h"
#include "util/io.h"

const char *t_root(void)
{
    const char *r = getenv("FR_ROOT");
    return r && *r ? r : ".";
}

const char *t_shared(void)
{
    const char *s = getenv("FR_SHARED");
    return s && *s ? s : "../shared";
}

int t_read(const char *rel, fr_buf *b)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", t_root(), rel);
    return fr_read_file(path, b, NULL) == FR_OK;
}

void t_each_bundled(void (*fn)(const fr_buf *text, void *ctx), void *ctx)
{
    const char *dirs[] = {"examples/postings", "examples/resumes", "tests/fixtures/postings", "tests/fixtures/resumes"};
    for (size_t d = 0; d < sizeof dirs / sizeof *dirs; d++) {
        char dp[1024];
        snprintf(dp, sizeof dp, "%s/%s", t_root(), dirs[d]);
        DIR *dir = opendir(dp);
        if (!dir)
            continue;
        struct dirent *de;
        while ((de = readdir(dir))) {
            if (de->d_name[0] == '.')
                continue;
            char rel[1024];
            snprintf(rel, sizeof rel, "%s/%s", dirs[d], de->d_name);
            fr_buf b = {0};
            if (t_read(rel, &b))
                fn(&b, ctx);
            fr_buf_free(&b);
        }
        closedir(dir);
    }
}

const char *t_tmpdir(void)
{
    static char dir[256];
    if (!dir[0]) {
        const char *base = getenv("TMPDIR");
        snprintf(dir, sizeof dir, "%s/fitrank-check-XXXXXX", base && *base ? base : "/tmp");
        if (!mkdtemp(dir))
            dir[0] = '\0';
    }
    return dir;
}

/* Every suite, in running order (the allocation-failure sweep needs their names). */
static const fa_suite SUITES[] = {
    {"util", util_suite},       {"tokenizer", tokenizer_suite}, {"models", models_suite},
    {"engine", engine_suite},   {"documents", documents_suite}, {"scoring", scoring_suite},
    {"rank", rank_suite},       {"eval", eval_suite},           {"sections", sections_suite},
    {"verdicts", verdicts_suite}, {"alloc", alloc_suite},
};
#define N_SUITES (sizeof SUITES / sizeof *SUITES)

/* check_failalloc (`make failalloc`, tests/failalloc.h): FR_FAILALLOC=driver (default) runs the
 * alloc suite, every scenario under every failing allocation; FR_FAILALLOC=sweep reruns the other
 * suites with allocations failing (FR_FAILALLOC_POINTS runs per test case, default 16; 0 = all). */
static int failalloc_main(void)
{
    const char *mode = getenv("FR_FAILALLOC");
    if (mode && strcmp(mode, "sweep") == 0) {
        const char *p = getenv("FR_FAILALLOC_POINTS");
        unsigned points = p && *p ? (unsigned)strtoul(p, NULL, 10) : 16;
        return fa_sweep(SUITES, N_SUITES - 1, points, t_tmpdir()) ? EXIT_FAILURE : EXIT_SUCCESS;
    }
    SRunner *sr = srunner_create(alloc_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

static void remove_tmpdir(void)
{
    char cmd[512];
    if (t_tmpdir()[0]) {
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", t_tmpdir());
        if (system(cmd) != 0)
            fprintf(stderr, "warning: could not remove %s\n", t_tmpdir());
    }
}

int main(void)
{
    /* made here, before Check forks a child per test, so that every test shares it and the
     * removal below takes all of it */
    t_tmpdir();
    if (fa_linked()) {
        int rc = failalloc_main();
        remove_tmpdir();
        return rc;
    }
    SRunner *sr = srunner_create(SUITES[0].make());
    for (size_t i = 1; i < N_SUITES; i++)
        srunner_add_suite(sr, SUITES[i].make());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    remove_tmpdir();
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

/* The whole text's tokens with source spans in [a, b), joined; "!" when one straddles an end. */
char *t_slice_joined(const fr_tokens *w, size_t a, size_t b)
{
    fr_buf out = {0};
    int first = 1;
    for (size_t i = 0; i < w->n; i++) {
        if (w->src_start[i] < a || w->src_start[i] >= b)
            continue;
        if (w->src_end[i] > b) {
            fr_buf_free(&out);
            return strdup("!");
        }
        if (!first)
            fr_buf_putc(&out, '|');
        first = 0;
        fr_buf_append(&out, w->text + w->off[i], w->len[i]);
    }
    if (!out.data)
        fr_buf_append(&out, "", 0);
    return out.data;
}

struct fr_input *t_input_open(const char *path, const char *text_col)
{
    fr_input_opts io;
    fr_input_opts_default(&io);
    io.text_column = text_col;
    io.invalid = FR_INVALID_REPLACE;
    fr_input *in;
    const char *args[1] = {path};
    return fr_input_open(args, 1, &io, &in, NULL) == FR_OK ? in : NULL;
}
