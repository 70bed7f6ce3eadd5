/* cli/cmd_fit.c — `fitrank fit`: learn vocabulary and idf from documents. */
#include <stdlib.h>
#include <string.h>

/* OpenBLAS's thread control and kernel name (declared in its cblas.h; the CLI sees only fr.h) */
extern void openblas_set_num_threads(int num_threads);
extern char *openblas_get_corename(void);

#include "cli/cli.h"

static const char usage[] =
    "Usage: fitrank fit -o MODEL [--tf raw|log] [--idf smooth|plain] [--norm l2|none]\n"
    "                   [--min-df N] [--max-df F] [--max-features N] [tokenizer options]\n"
    "                   [input options] INPUT...\n"
    "\n"
    "Learn a TF-IDF model exactly as scikit-learn's TfidfVectorizer would (given fitrank's tokens).\n"
    "\n"
    "  -o MODEL            output model file (written only if fitting succeeds)\n"
    "  --tf raw|log        term frequency: count, or 1 + ln(count) (sublinear_tf)   (default raw)\n"
    "  --idf smooth|plain  ln((1+n)/(1+df)) + 1, or ln(n/df) + 1                  (default smooth)\n"
    "  --norm l2|none      L2-normalise each row, or not                          (default l2)\n"
    "  --min-df N          drop terms in fewer documents: an integer is a count, a number with a\n"
    "                      point a proportion in [0,1]                            (default 1)\n"
    "  --max-df F          drop terms in more documents, same convention          (default 1.0)\n"
    "  --max-features N    keep only the N most frequent terms (total count)      (default: all)\n"
    "  --dim D             dimension of the dense LSA projection (truncated SVD); 0 = none;\n"
    "                      clamped to min(documents, terms) - 1 for small corpora  (default 256)\n"
    "  --threads N         BLAS threads for the projection (default 1: the same corpus then gives a\n"
    "                      byte-identical model on every x86-64 machine with AVX2 and FMA, where\n"
    "                      fit runs OpenBLAS's " FR_FIT_CORETYPE " kernels; more threads are faster but the\n"
    "                      projection's last bits depend on the thread count)\n"
    "Tokenizer and input options: see `fitrank tokenize --help`; all but --max-input-bytes (which only\n"
    "bounds what this run reads) are stored in the model.\n";

static int choose(const char *cmd, const char *opt, const char *arg, const char *a, const char *b, int *out)
{
    if (strcmp(arg, a) == 0)
        *out = 0;
    else if (strcmp(arg, b) == 0)
        *out = 1;
    else {
        cli_usage_err(cmd, "--%s takes '%s' or '%s' (got '%s')", opt, a, b, arg);
        return 0;
    }
    return 1;
}

static fr_status fit_one(void *f, const fr_doc *d, fr_error *err)
{
    return fr_fitter_add(f, d->text, d->len, err);
}

int cmd_fit(int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_TOKENIZER_LONGOPTS, CLI_INPUT_LONGOPTS,
        {"tf", required_argument, NULL, OPT_TF},
        {"idf", required_argument, NULL, OPT_IDF},
        {"norm", required_argument, NULL, OPT_NORM},
        {"min-df", required_argument, NULL, OPT_MIN_DF},
        {"max-df", required_argument, NULL, OPT_MAX_DF},
        {"max-features", required_argument, NULL, OPT_MAX_FEATURES},
        {"dim", required_argument, NULL, OPT_DIM},
        {"threads", required_argument, NULL, OPT_THREADS},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    fr_fit_opts fo;
    fr_input_opts io;
    fr_fit_opts_default(&fo);
    fr_input_opts_default(&io);
    const char *out_path = NULL;
    fr_error err = {0};
    int c, v, threads = 1;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
        int r;
        switch (c) {
        case 'h':
            fputs(usage, stdout);
            return FR_EXIT_OK;
        case 'o':
            out_path = optarg;
            continue;
        case OPT_TF:
            if (!choose("fit", "tf", optarg, "raw", "log", &v))
                return FR_EXIT_USAGE;
            fo.tf = (fr_tf_mode)v;
            continue;
        case OPT_IDF:
            if (!choose("fit", "idf", optarg, "smooth", "plain", &v))
                return FR_EXIT_USAGE;
            fo.idf = (fr_idf_mode)v;
            continue;
        case OPT_NORM:
            if (!choose("fit", "norm", optarg, "l2", "none", &v))
                return FR_EXIT_USAGE;
            fo.norm = (fr_norm_mode)v;
            continue;
        case OPT_MIN_DF:
        case OPT_MAX_DF:
            if (fr_df_bound_parse(optarg, c == OPT_MIN_DF ? &fo.min_df : &fo.max_df, &err) != FR_OK)
                return cli_usage_err("fit", "--%s: %s", c == OPT_MIN_DF ? "min-df" : "max-df", err.msg);
            continue;
        case OPT_DIM: {
            char *end;
            long long n = strtoll(optarg, &end, 10);
            if (!*optarg || *end || n < 0 || n > 4096)
                return cli_usage_err("fit", "--dim takes an integer between 0 and 4096 (got '%s')", optarg);
            fo.dim = (size_t)n;
            continue;
        }
        case OPT_THREADS: {
            char *end;
            long t = strtol(optarg, &end, 10);
            if (!*optarg || *end || t < 1 || t > 1024)
                return cli_usage_err("fit", "--threads takes an integer between 1 and 1024 (got '%s')", optarg);
            threads = (int)t;
            continue;
        }
        case OPT_MAX_FEATURES: {
            char *end;
            long long n = strtoll(optarg, &end, 10);
            if (!*optarg || *end || n < 1)
                return cli_usage_err("fit", "--max-features takes a positive integer (got '%s')", optarg);
            fo.max_features = (size_t)n;
            continue;
        }
        default:
            break;
        }
        if ((r = cli_tokenizer_opt("fit", c, optarg, &fo.tok, NULL)) != 0) {
            if (r < 0)
                return FR_EXIT_USAGE;
        } else if ((r = cli_input_opt("fit", c, optarg, &io)) != 0) {
            if (r < 0)
                return FR_EXIT_USAGE;
        } else
            return cli_getopt_err("fit", argv, c, longopts);
    }
    if (!out_path)
        return cli_usage_err("fit", "-o MODEL is required");
    if (optind >= argc)
        return cli_usage_err("fit", "no INPUT given");

    fr_fitter *f = NULL;
    fr_input *in = NULL;
    fr_model *m = NULL;
    int rc = FR_EXIT_OK;
    openblas_set_num_threads(threads);
    fo.tok.invalid = FR_INVALID_STRICT; /* inputs are checked (and repaired) by the reader */
    if (fr_fitter_new(&fo, &f, &err) != FR_OK ||
        fr_input_open((const char *const *)argv + optind, (size_t)(argc - optind), &io, &in, &err) != FR_OK) {
        rc = cli_fail(&err);
        goto done;
    }
    if ((rc = cli_each_doc(in, fit_one, f)) != FR_EXIT_OK)
        goto done;
    if (fr_fitter_finish(f, &m, &err) != FR_OK) {
        rc = err.code == FR_ENOMEM ? FR_EXIT_OUTPUT : FR_EXIT_INPUT;
        cli_err(rc, "%s", err.msg);
        goto done;
    }
    if (fr_model_save_with(m, out_path, cli_tmp_hook(), &err) != FR_OK) {
        rc = cli_err(FR_EXIT_OUTPUT, "%s", err.msg);
        goto done;
    }
    cli_input_notes(in);
    if (fo.dim && fr_model_dim(m) < fo.dim)
        cli_note("note: projection dimension %zu clamped to %zu (at most min(documents, terms) - 1)", fo.dim,
                 fr_model_dim(m));
    /* the kernel decides the projection's last bits (main.c starts fit's OpenBLAS on FR_FIT_CORETYPE where it can) */
    const char *core = fr_model_dim(m) ? openblas_get_corename() : NULL;
    if (core && strcmp(core, FR_FIT_CORETYPE) != 0)
        cli_note("note: the projection was computed with OpenBLAS's %s kernels, not " FR_FIT_CORETYPE "'s (%s): its "
                 "last bits may differ from the same fit on another machine", core,
                 getenv("FR_NO_REEXEC") ? "FR_NO_REEXEC is set" : "this CPU lacks AVX2 or FMA");
    cli_note("fitted %llu documents, %zu terms, projection dim %zu -> %s (model %s)",
             (unsigned long long)fr_model_n_docs(m), fr_model_n_terms(m), fr_model_dim(m), out_path, fr_model_hash(m));
done:
    fr_model_free(m);
    fr_input_free(in);
    fr_fitter_free(f);
    return rc;
}
