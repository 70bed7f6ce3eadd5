/* cli/cmd_index.c — `fitrank index build`: parse and vectorise documents once, into one mmap-able
 * file that rank and match take wherever they take inputs. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/scoring.h"

static const char usage[] =
    "Usage: fitrank index build -o INDEX (--postings | --resumes) [--model MODEL] [--as-of YYYY-MM]\n"
    "                           [--skip-bad] [--threads N] [input options] INPUT...\n"
    "\n"
    "Parse and vectorise documents once: the index holds each document's items or chunks, their\n"
    "TF-IDF rows and LSA vectors and the facts scoring needs, in one file that is mapped, not read,\n"
    "by `fitrank rank` and `fitrank match` (pass it wherever they take INPUT), and each document's\n"
    "text, which `fitrank explain` reads to show any row of a ranking.  The index records the model\n"
    "it was built with and is refused under another one.  Written only if every document\n"
    "parses (or, with --skip-bad, after reporting the bad ones: exit 1).  Documents are prepared on\n"
    "--threads threads (default: all cores); the file is the same for any number.\n"
    "Input options (--id-column, --text-column, --invalid, --max-input-bytes) and -o: as for\n"
    "`fitrank tokenize`.\n";

enum { OPT_IX_POSTINGS = 420, OPT_IX_RESUMES };

int cmd_index(int argc, char **argv)
{
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(usage, stdout);
        return FR_EXIT_OK;
    }
    if (argc < 2 || strcmp(argv[1], "build") != 0)
        return cli_usage_err("index", "expected 'index build'");
    argc--;
    argv++;
    static const struct option longopts[] = {
        CLI_INPUT_LONGOPTS,
        CLI_SIDE_LONGOPTS,
        {"postings", no_argument, NULL, OPT_IX_POSTINGS},
        {"resumes", no_argument, NULL, OPT_IX_RESUMES},
        {"model", required_argument, NULL, OPT_MODEL},
        {"as-of", required_argument, NULL, OPT_AS_OF},
        {"skip-bad", no_argument, NULL, OPT_SKIP_BAD},
        {"threads", required_argument, NULL, OPT_THREADS},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    cli_env env;
    memset(&env, 0, sizeof env);
    fr_input_opts_default(&env.io);
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    env.threads = ncpu > 0 ? (int)ncpu : 1;
    const char *model_path = NULL, *out_path = NULL, *as_of = NULL;
    int kind = 0, c, r;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
        if (c == 'h') {
            fputs(usage, stdout);
            return FR_EXIT_OK;
        } else if (c == 'o')
            out_path = optarg;
        else if (c == OPT_IX_POSTINGS || c == OPT_IX_RESUMES) {
            int k = c == OPT_IX_POSTINGS ? FR_SET_POSTINGS : FR_SET_RESUMES;
            if (kind && kind != k)
                return cli_usage_err("index", "give either --postings or --resumes, not both");
            kind = k;
        } else if (c == OPT_MODEL)
            model_path = optarg;
        else if (c == OPT_AS_OF)
            as_of = optarg;
        else if (c == OPT_SKIP_BAD)
            env.skip_bad = 1;
        else if (c == OPT_THREADS) {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (!*optarg || *end || v < 1 || v > 1024)
                return cli_usage_err("index", "--threads takes an integer between 1 and 1024 (got '%s')", optarg);
            env.threads = (int)v;
        }
        else if ((r = cli_input_opt("index", c, optarg, &env.io)) != 0 || (r = cli_side_opt("index", c, optarg, env.side)) != 0) {
            if (r < 0)
                return FR_EXIT_USAGE;
        } else
            return cli_getopt_err("index", argv, c, longopts);
    }
    if (!out_path || strcmp(out_path, "-") == 0)
        return cli_usage_err("index", "-o INDEX (a file) is required");
    if (!kind)
        return cli_usage_err("index", "--postings or --resumes is required");
    if (optind >= argc)
        return cli_usage_err("index", "no INPUT given");
    if (!cli_as_of("index", as_of, &env.as_of))
        return FR_EXIT_USAGE;
    fr_error err = {0};
    fr_docset set;
    memset(&set, 0, sizeof set);
    int rc = cli_env_open(&env, model_path, &err);
    env.keep_src = 1; /* `explain --posting-id/--resume-id` re-reads a document from the index */
    if (rc == FR_EXIT_OK)
        rc = cli_load_set(&env, kind, (const char *const *)argv + optind, (size_t)(argc - optind), &set);
    if (rc == FR_EXIT_OK && set.n == 0)
        rc = cli_err(FR_EXIT_INPUT, "no documents in the inputs: nothing to index");
    if (rc == FR_EXIT_OK && fr_index_save_with(&set, out_path, cli_tmp_hook(), &err) != FR_OK)
        rc = cli_err(FR_EXIT_OUTPUT, "%s", err.msg);
    if (rc == FR_EXIT_OK) {
        cli_env_notes(&env);
        cli_note("indexed %zu %s (%zu %s) -> %s (model %s)", set.n, kind == FR_SET_POSTINGS ? "postings" : "résumés",
                 set.n_units, kind == FR_SET_POSTINGS ? "items" : "chunks", out_path, fr_model_hash(env.model));
        if (env.n_bad)
            rc = FR_EXIT_INPUT;
    }
    fr_docset_free(&set);
    cli_env_close(&env);
    return rc;
}
