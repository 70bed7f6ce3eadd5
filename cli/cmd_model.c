/* cli/cmd_model.c — `fitrank model info`: what a model file holds. */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "util/term.h"

static const char usage[] =
    "Usage: fitrank model info [--json] [MODEL]\n"
    "\n"
    "Print a model's hash, format version, sizes and every option it was fitted with.  Without\n"
    "MODEL: the embedded reference model, which every command uses unless given another (path \"(embedded)\").\n"
    "  --json   one JSON object: {\"path\", \"hash\", \"format_version\", \"file_bytes\", \"n_docs\",\n"
    "           \"n_terms\", \"options\": {...}}\n";

int cmd_model(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        if (argc < 2)
            return cli_usage_err("model", "missing subcommand (info)");
        fputs(usage, stdout);
        return FR_EXIT_OK;
    }
    if (strcmp(argv[1], "info") != 0)
        return cli_usage_err("model", "unknown subcommand '%s' (known: info)", argv[1]);
    static const struct option longopts[] = {
        {"json", no_argument, NULL, OPT_JSON}, {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
    int json = 0, c;
    optind = 1;
    opterr = 0;
    argc--;
    argv++;
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        if (c == 'h') {
            fputs(usage, stdout);
            return FR_EXIT_OK;
        } else if (c == OPT_JSON)
            json = 1;
        else
            return cli_getopt_err("model info", argv, c, longopts);
    }
    if (optind < argc - 1)
        return cli_usage_err("model info", "expected at most one MODEL (got %d)", argc - optind);
    /* without a file: the model whose hash every output prints */
    const char *path = optind == argc - 1 ? argv[optind] : "(embedded)";
    fr_error err = {0};
    fr_model *m = NULL;
    if ((optind == argc - 1 ? fr_model_load(path, &m, &err) : fr_model_default(&m, &err)) != FR_OK)
        return cli_fail(&err);
    size_t olen;
    const char *opts = fr_model_opts_text(m, &olen);
    int rc = FR_EXIT_OK;
    if (json) {
        cJSON *o = cJSON_CreateObject(), *op = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "path", path);
        cJSON_AddStringToObject(o, "hash", fr_model_hash(m));
        cJSON_AddNumberToObject(o, "format_version", FR_MODEL_FORMAT_VERSION);
        cJSON_AddNumberToObject(o, "file_bytes", (double)fr_model_file_size(m));
        cJSON_AddNumberToObject(o, "n_docs", (double)fr_model_n_docs(m));
        cJSON_AddNumberToObject(o, "n_terms", (double)fr_model_n_terms(m));
        cJSON_AddNumberToObject(o, "dim", (double)fr_model_dim(m));
        cJSON *sv = cJSON_AddArrayToObject(o, "singular_values");
        for (size_t i = 0; i < fr_model_dim(m); i++)
            cJSON_AddItemToArray(sv, cJSON_CreateNumber((double)fr_model_sigma(m)[i]));
        for (size_t i = 0; i < olen;) {
            const char *nl = memchr(opts + i, '\n', olen - i);
            size_t e = nl ? (size_t)(nl - opts) : olen;
            const char *eq = memchr(opts + i, '=', e - i);
            if (eq) {
                char key[64], val[192];
                snprintf(key, sizeof key, "%.*s", (int)(eq - opts - (long)i), opts + i);
                snprintf(val, sizeof val, "%.*s", (int)(opts + e - eq - 1), eq + 1);
                cJSON_AddStringToObject(op, key, val);
            }
            i = e + 1;
        }
        cJSON_AddItemToObject(o, "options", op);
        char *s = cJSON_PrintUnformatted(o);
        if (!s)
            rc = cli_err(FR_EXIT_OUTPUT, "out of memory");
        else {
            puts(s);
            cJSON_free(s);
        }
        cJSON_Delete(o);
    } else {
        fputs("model        ", stdout);
        cli_term(stdout, path);
        putchar('\n');
        printf("hash         %s\n", fr_model_hash(m));
        printf("format       %d\n", FR_MODEL_FORMAT_VERSION);
        printf("size         %zu bytes\n", fr_model_file_size(m));
        printf("documents    %llu\n", (unsigned long long)fr_model_n_docs(m));
        printf("terms        %zu\n", fr_model_n_terms(m));
        printf("projection   %zu dimensions", fr_model_dim(m));
        if (fr_model_dim(m)) {
            const float *sg = fr_model_sigma(m);
            printf(" (singular values %.3g … %.3g)", (double)sg[0], (double)sg[fr_model_dim(m) - 1]);
        }
        putchar('\n');
        printf("options\n");
        for (size_t i = 0; i < olen;) {
            const char *nl = memchr(opts + i, '\n', olen - i);
            size_t e = nl ? (size_t)(nl - opts) : olen;
            if (e > i) {
                fputs("  ", stdout);
                fr_term_write(stdout, opts + i, e - i);
                putchar('\n');
            }
            i = e + 1;
        }
    }
    if (fflush(stdout) != 0)
        rc = cli_err(FR_EXIT_OUTPUT, "stdout: write error");
    fr_model_free(m);
    return rc;
}
