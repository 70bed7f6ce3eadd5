/* cli/main.c — `fitrank COMMAND ...`: dispatch, top-level help, exit codes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

#include <unistd.h>

/* OpenBLAS reads its environment in a load-time constructor, before main runs, so what we want
 * from it must be in the environment when the process starts: set it and run ourselves again,
 * once (FR_REEXEC is the loop guard; FR_NO_REEXEC turns the whole thing off).
 *  - Kernel: on CPUs with AVX-512 its default pick here is Haswell (207 GFLOP/s for sgemm 2048³ on
 *    2 threads, bench/sgemm_peak) while SkylakeX reaches 376 — chosen unless the user chose.
 *  - Threads: the scoring commands run one BLAS thread per worker of their own; an OpenBLAS
 *    thread pool started anyway spins in sched_yield on the other cores (12 % of a `match` run's
 *    profile), so they ask for none unless the user set OPENBLAS_NUM_THREADS. */
static void prepare_blas(char **argv, int single_threaded)
{
#if defined(__x86_64__) && defined(__GNUC__)
    if (getenv("FR_REEXEC") || getenv("FR_NO_REEXEC"))
        return;
    int again = 0;
    __builtin_cpu_init();
    if (!getenv("OPENBLAS_CORETYPE") && __builtin_cpu_supports("avx512f"))
        again |= setenv("OPENBLAS_CORETYPE", "SkylakeX", 1) == 0;
    if (single_threaded && !getenv("OPENBLAS_NUM_THREADS") && !getenv("OMP_NUM_THREADS"))
        again |= setenv("OPENBLAS_NUM_THREADS", "1", 1) == 0;
    if (!again || setenv("FR_REEXEC", "1", 1) != 0)
        return;
    execv("/proc/self/exe", argv);
    /* exec failed: carry on as we are (only slower) */
#else
    (void)argv;
    (void)single_threaded;
#endif
}

/* Commands whose work is BLAS. */
static int uses_blas(const char *cmd)
{
    static const char *const blas[] = {"fit", "rank", "match", "explain", "bench", "index", "eval", NULL};
    for (int i = 0; blas[i]; i++)
        if (strcmp(cmd, blas[i]) == 0)
            return 1;
    return 0;
}

static const char usage[] =
    "fitrank " FR_VERSION " — offline, explainable résumé ↔ job-posting matching\n"
    "\n"
    "Usage: fitrank COMMAND [options] ...\n"
    "\n"
    "Commands:\n"
    "  tokenize    print the tokens (features) of documents as JSONL\n"
    "  fit         learn a TF-IDF model (scikit-learn's definition) from documents\n"
    "  vectorize   print TF-IDF vectors of documents under a model as JSONL\n"
    "  model info  describe a model file (hash, sizes, options)\n"
    "  parse       structure postings (required/preferred items, facts) or résumés (sections, chunks)\n"
    "  rank        for each posting, its best résumés (requirement scoring, gates)\n"
    "  match       for one résumé, its best postings (✓/✗ per required item)\n"
    "  explain     why one posting-résumé pair scores what it does: items, evidence, arithmetic\n"
    "  index build prepare postings or résumés once, for fast rank/match\n"
    "  bench       scoring throughput, phase by phase, against the machine's sgemm peak\n"
    "  eval        ranking quality against graded fit labels (nDCG@10, P@5, MRR, both directions)\n"
    "\n"
    "Run 'fitrank COMMAND --help' for a command's options.\n"
    "\n"
    "Exit status: 0 success; 1 unreadable or invalid input or model; 2 usage error;\n"
    "3 output could not be written (or out of memory).  On failure no output file is written.\n";

int main(int argc, char **argv)
{
    if (argc < 2)
        return fputs(usage, stderr), FR_EXIT_USAGE;
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        fputs(usage, stdout);
        return FR_EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
        printf("fitrank %s (tokenizer %d, model format %d)\n", FR_VERSION, FR_TOKENIZER_VERSION,
               FR_MODEL_FORMAT_VERSION);
        return FR_EXIT_OK;
    }
    if (uses_blas(cmd))
        prepare_blas(argv, strcmp(cmd, "fit") != 0 && strcmp(cmd, "bench") != 0);
    /* large output buffer: tokenize/vectorize write many small pieces */
    static char obuf[1 << 16];
    setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
    /* SIGINT, SIGTERM, SIGHUP, SIGPIPE remove a temporary output file before ending us (cli/signals.c) */
    cli_signals_install();
    int rc;
    if (strcmp(cmd, "tokenize") == 0)
        rc = cmd_tokenize(argc - 1, argv + 1);
    else if (strcmp(cmd, "fit") == 0)
        rc = cmd_fit(argc - 1, argv + 1);
    else if (strcmp(cmd, "vectorize") == 0)
        rc = cmd_vectorize(argc - 1, argv + 1);
    else if (strcmp(cmd, "parse") == 0)
        rc = cmd_parse(argc - 1, argv + 1);
    else if (strcmp(cmd, "model") == 0)
        rc = cmd_model(argc - 1, argv + 1);
    else if (strcmp(cmd, "rank") == 0)
        rc = cmd_rank(argc - 1, argv + 1);
    else if (strcmp(cmd, "match") == 0)
        rc = cmd_match(argc - 1, argv + 1);
    else if (strcmp(cmd, "explain") == 0)
        rc = cmd_explain(argc - 1, argv + 1);
    else if (strcmp(cmd, "index") == 0)
        rc = cmd_index(argc - 1, argv + 1);
    else if (strcmp(cmd, "bench") == 0)
        rc = cmd_bench(argc - 1, argv + 1);
    else if (strcmp(cmd, "eval") == 0)
        rc = cmd_eval(argc - 1, argv + 1);
    else {
        cli_err(FR_EXIT_USAGE, "unknown command '%s'", cmd);
        fputs(usage, stderr);
        return FR_EXIT_USAGE;
    }
    if (fflush(stdout) != 0 && rc == FR_EXIT_OK)
        rc = cli_err(FR_EXIT_OUTPUT, "stdout: write error");
    return rc;
}
