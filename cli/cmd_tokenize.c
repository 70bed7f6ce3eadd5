/* cli/cmd_tokenize.c — `fitrank tokenize`: the features fit counts, one JSONL line per document. */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "util/io.h"

static const char usage[] =
    "Usage: fitrank tokenize [--model MODEL | tokenizer options] [input options] [-o FILE] INPUT...\n"
    "\n"
    "Print each document's tokens as JSONL: {\"id\": ..., \"tokens\": [...]} — exactly the\n"
    "features `fitrank fit` counts (after stop words, stemming and n-grams).\n"
    "\n"
    "  --model MODEL        use the tokenizer options stored in MODEL\n"
    "Tokenizer options (defaults keep every token of length >= 2):\n"
    "  --stop-words LIST    none | en | de | en,de            (default none)\n"
    "  --stem NAME          none | english | german (Snowball) (default none)\n"
    "  --ngram-min N        1..3 (default 1)\n"
    "  --ngram-max N        1..3 (default 1); word n-grams joined by a space\n"
    "  --min-len N          minimum token length in characters (default 2)\n"
    "  --strip-accents      remove accents after NFKC (default: keep)\n"
    "  --hyphen MODE        both | join | split for hyphen compounds (default both)\n"
    "Input options:\n"
    "  --id-column NAME     CSV column with document ids (default: a column named id)\n"
    "  --text-column NAMES  CSV column(s) with text, comma-separated (default: text)\n"
    "  --invalid POLICY     strict | replace: invalid UTF-8 is an error (default) or U+FFFD\n"
    "  --max-input-bytes N  the most one input (a file, stdin, a PDF's text) may hold, checked while\n"
    "                       reading; suffixes K, M, G (x1024); default and maximum 2147483647 (2 GiB - 1,\n"
    "                       as byte offsets are 32-bit).  Every command that reads documents takes it.\n"
    "  --input-format FMT   what standard input (-) holds: text (one document, default), json, jsonl,\n"
    "                       csv or html\n"
    "  --quiet              no notes on stderr (skipped files, postings read without items, ...);\n"
    "                       errors still print.  Every command that reads documents takes it.\n"
    "  -o FILE              write to FILE instead of stdout, only if the command succeeds: a temporary\n"
    "                       file beside it is renamed over it (an existing FILE keeps its mode; a\n"
    "                       symlink's target is replaced and the symlink stays); a device or FIFO\n"
    "                       (/dev/null, /dev/stdout) is written directly\n"
    "\n"
    "INPUT: files, directories (regular .txt .md .json .html .htm .pdf files, recursive; FIFOs, devices\n"
    "and dangling symlinks in them are skipped with a note), X.jsonl, X.csv, or - for stdin.\n";

struct ctx {
    fr_tokenizer *tok;
    FILE *fp;
};

static fr_status tokenize_one(void *vc, const fr_doc *d, fr_error *err)
{
    struct ctx *c = vc;
    fr_tokens t;
    fr_status s = fr_tokenize(c->tok, d->text, d->len, &t, err);
    if (s != FR_OK)
        return s;
    fputs("{\"id\": ", c->fp);
    cli_json_str(c->fp, d->id, d->id_len);
    fputs(", \"tokens\": [", c->fp);
    for (size_t i = 0; i < t.n; i++) {
        if (i)
            fputs(", ", c->fp);
        cli_json_str(c->fp, t.text + t.off[i], t.len[i]);
    }
    fputs("]}\n", c->fp);
    return FR_OK;
}

int cmd_tokenize(int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_TOKENIZER_LONGOPTS, CLI_INPUT_LONGOPTS,
        {"model", required_argument, NULL, OPT_MODEL},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    fr_tok_opts to;
    fr_input_opts io;
    fr_tok_opts_default(&to);
    fr_input_opts_default(&io);
    const char *model_path = NULL, *out_path = NULL;
    int touched = 0, c;
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
        else if ((r = cli_tokenizer_opt("tokenize", c, optarg, &to, &touched)) != 0) {
            if (r < 0)
                return FR_EXIT_USAGE;
        } else if ((r = cli_input_opt("tokenize", c, optarg, &io)) != 0) {
            if (r < 0)
                return FR_EXIT_USAGE;
        } else
            return cli_getopt_err("tokenize", argv, c, longopts);
    }
    if (optind >= argc)
        return cli_usage_err("tokenize", "no INPUT given");
    if (model_path && touched)
        return cli_usage_err("tokenize", "--model and tokenizer options exclude each other (the model fixes them)");

    fr_error err = {0};
    fr_model *model = NULL;
    fr_tokenizer *tok = NULL;
    fr_input *in = NULL;
    fr_outfile out = {0};
    int rc = FR_EXIT_OK;
    if (model_path) {
        if (fr_model_load(model_path, &model, &err) != FR_OK)
            return cli_fail(&err);
        to = fr_model_opts(model)->tok;
    }
    to.invalid = io.invalid;
    if (fr_tokenizer_new(&to, &tok, &err) != FR_OK ||
        fr_input_open((const char *const *)argv + optind, (size_t)(argc - optind), &io, &in, &err) != FR_OK) {
        rc = cli_fail(&err);
        goto done;
    }
    if (cli_outfile_open(&out, out_path, &err) != FR_OK) {
        rc = cli_err(FR_EXIT_OUTPUT, "%s", err.msg);
        goto done;
    }
    struct ctx cx = {tok, out.fp};
    rc = cli_each_doc(in, tokenize_one, &cx);
    rc = cli_finish_output(&out, in, rc);
done:
    fr_outfile_abort(&out);
    fr_input_free(in);
    fr_tokenizer_free(tok);
    fr_model_free(model);
    return rc;
}
