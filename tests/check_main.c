/* tests/check_main.c — runs every module's suite; the exit status is the number of failures. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/check_support.h"
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

int main(void)
{
    /* made here, before Check forks a child per test, so that every test shares it and the
     * removal below takes all of it */
    t_tmpdir();
    SRunner *sr = srunner_create(util_suite());
    srunner_add_suite(sr, tokenizer_suite());
    srunner_add_suite(sr, models_suite());
    srunner_add_suite(sr, engine_suite());
    srunner_add_suite(sr, documents_suite());
    srunner_add_suite(sr, scoring_suite());
    srunner_add_suite(sr, rank_suite());
    srunner_add_suite(sr, eval_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    char cmd[512];
    if (t_tmpdir()[0]) {
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", t_tmpdir());
        if (system(cmd) != 0)
            fprintf(stderr, "warning: could not remove %s\n", t_tmpdir());
    }
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
