/* cli/cmd_vectorize.c — `fitrank vectorize`: sparse TF-IDF rows as JSONL. */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "util/io.h"

static const char usage[] =
    "Usage: fitrank vectorize --model MODEL [input options] [-o FILE] INPUT...\n"
    "\n"
    "Print each document's TF-IDF vector as JSONL: {\"id\": ..., \"vector\": {\"term\": weight, ...}},\n"
    "terms in vocabulary order, weights printed to round-trip as float32 (%.9g).  Terms outside the\n"
    "model's vocabulary are dropped; a document with none gives \"vector\": {}.\n"
    "\n"
    "  --model MODEL        the model (from `fitrank fit`); its tokenizer options apply\n"
    "  --id-column NAME, --text-column NAMES, --invalid POLICY, --max-input-bytes N,\n"
    "  -o FILE: as for `fitrank tokenize`\n";

struct ctx {
    fr_vectorizer *vec;
    const fr_model *model;
    FILE *fp;
};

static fr_status vectorize_one(void *vc, const fr_doc *d, fr_error *err)
{
    struct ctx *c = vc;
    fr_sparse v;
    fr_status s = fr_vectorize(c->vec, d->text, d->len, &v, err);
    if (s != FR_OK)
        return s;
    fputs("{\"id\": ", c->fp);
    cli_json_str(c->fp, d->id, d->id_len);
    fputs(", \"vector\": {", c->fp);
    for (size_t i = 0; i < v.n; i++) {
        size_t tl;
        const char *term = fr_model_term(c->model, v.ids[i], &tl);
        if (i)
            fputs(", ", c->fp);
        cli_json_str(c->fp, term, tl);
        fprintf(c->fp, ": %.9g", (double)v.w[i]);
    }
    fputs("}}\n", c->fp);
    return FR_OK;
}

int cmd_vectorize(int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_INPUT_LONGOPTS,
        {"model", required_argument, NULL, OPT_MODEL},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    fr_input_opts io;
    fr_input_opts_default(&io);
    const char *model_path = NULL, *out_path = NULL;
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
        int r;
        if (c == 'h') {
            fputs(usage, stdout);
            return FR_EXIT_OK;
        } else if (c == 'o')
            out_path = optarg;
        else if (c == OPT_MODEL)
            model_path = optarg;
        else if ((r = cli_input_opt("vectorize", c, optarg, &io)) != 0) {
            if (r < 0)
                return FR_EXIT_USAGE;
        } else
            return cli_getopt_err("vectorize", argv, c, longopts);
    }
    if (!model_path)
        return cli_usage_err("vectorize", "--model MODEL is required");
    if (optind >= argc)
        return cli_usage_err("vectorize", "no INPUT given");

    fr_error err = {0};
    fr_model *model = NULL;
    fr_vectorizer *vec = NULL;
    fr_input *in = NULL;
    fr_outfile out = {0};
    int rc = FR_EXIT_OK;
    if (fr_model_load(model_path, &model, &err) != FR_OK)
        return cli_fail(&err);
    /* the input policy for invalid UTF-8 is the user's choice, not the model's */
    if (fr_vectorizer_new(model, &vec, &err) != FR_OK ||
        fr_input_open((const char *const *)argv + optind, (size_t)(argc - optind), &io, &in, &err) != FR_OK) {
        rc = cli_fail(&err);
        goto done;
    }
    if (cli_outfile_open(&out, out_path, &err) != FR_OK) {
        rc = cli_err(FR_EXIT_OUTPUT, "%s", err.msg);
        goto done;
    }
    struct ctx cx = {vec, model, out.fp};
    rc = cli_each_doc(in, vectorize_one, &cx);
    rc = cli_finish_output(&out, in, rc);
done:
    fr_outfile_abort(&out);
    fr_input_free(in);
    fr_vectorizer_free(vec);
    fr_model_free(model);
    return rc;
}
