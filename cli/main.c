/* cli/main.c — `fitrank COMMAND ...`: dispatch, top-level help, exit codes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

/* The kernel fit forces (see blas_environment): the one whose model the embedded reference model is. */
#define FR_FIT_CORETYPE "Haswell"

/* OpenBLAS reads its environment in its constructor, before main runs, so what we want from it
 * must be in the environment by then.  OpenBLAS is linked statically (Makefile), so its
 * constructor is one of this program's own and runs after ours, which has priority 101 (a shared
 * OpenBLAS's would run before anything of ours: that took running ourselves again, ~5 ms a
 * command, until issue 18).  glibc hands constructors of the program argc, argv and envp.
 *  - Kernel, scoring: on CPUs with AVX-512 OpenBLAS's own pick is slower (Haswell: 207 GFLOP/s for
 *    sgemm 2048³ on 2 threads, bench/sgemm_peak) than SkylakeX (376) — chosen unless the user chose.
 *  - Kernel, fit: the kernel decides the last bits of the projection (each sums in its own order),
 *    so a model fitted on an AVX-512 machine differed from one fitted on an AVX2 machine.  fit
 *    always runs Haswell's kernels where the CPU has AVX2 and FMA (whatever OPENBLAS_CORETYPE
 *    says): the same model file on every such x86-64 machine; elsewhere fit says it cannot.
 *  - Threads: the scoring commands run one BLAS thread per worker of their own; an OpenBLAS
 *    thread pool started anyway spins in sched_yield on the other cores (12 % of a `match` run's
 *    profile), so they ask for none unless the user set OPENBLAS_NUM_THREADS.
 * FR_NO_REEXEC=1 (named when this took a second exec) leaves the environment as it is. */
static int uses_blas(const char *cmd);

__attribute__((constructor(101))) static void blas_environment(int argc, char **argv, char **envp)
{
    (void)envp;
#if defined(__x86_64__) && defined(__GNUC__)
    if (argc < 2 || !argv || !argv[1] || getenv("FR_NO_REEXEC"))
        return;
    const char *cmd = argv[1];
    if (strcmp(cmd, "help") == 0 && argc >= 3 && argv[2]) /* `fitrank help CMD` is CMD --help: no BLAS */
        return;
    if (!uses_blas(cmd))
        return;
    int fit = strcmp(cmd, "fit") == 0, single_threaded = !fit && strcmp(cmd, "bench") != 0;
    __builtin_cpu_init();
    const char *core = getenv("OPENBLAS_CORETYPE");
    if (fit && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
        if (!core || strcmp(core, FR_FIT_CORETYPE) != 0)
            setenv("OPENBLAS_CORETYPE", FR_FIT_CORETYPE, 1);
    } else if (!fit && !core && __builtin_cpu_supports("avx512f"))
        setenv("OPENBLAS_CORETYPE", "SkylakeX", 1);
    if (single_threaded && !getenv("OPENBLAS_NUM_THREADS") && !getenv("OMP_NUM_THREADS"))
        setenv("OPENBLAS_NUM_THREADS", "1", 1);
#else
    (void)argc;
    (void)argv;
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
    "Run 'fitrank COMMAND --help' (or 'fitrank help COMMAND') for a command's options.\n"
    "\n"
    "Exit status: 0 success; 1 unreadable or invalid input or model; 2 usage error;\n"
    "3 output could not be written (or out of memory).  On failure no output file is written.\n"
    "\n"
    "Environment: OPENBLAS_CORETYPE and OPENBLAS_NUM_THREADS are set for the BLAS commands before\n"
    "OpenBLAS starts; FR_NO_REEXEC=1 leaves them as they are (fit then uses the kernel OpenBLAS picks,\n"
    "and says so when its model may differ from other machines').\n";

static const char *const commands[] = {"tokenize", "fit", "vectorize", "parse", "model", "rank",
                                       "match", "explain", "index", "bench", "eval", "help", "version"};

static int is_command(const char *cmd)
{
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(cmd, commands[i]) == 0)
            return 1;
    return 0;
}

/* One line, with the likely command, rather than the whole help (which buried the mistake). */
static int unknown_command(const char *cmd)
{
    const char *near = cli_suggest(cmd, commands, sizeof commands / sizeof commands[0]);
    if (near)
        cli_err(FR_EXIT_USAGE, "unknown command '%s'; did you mean '%s'?", cmd, near);
    else
        cli_err(FR_EXIT_USAGE, "unknown command '%s'", cmd);
    fputs("Run 'fitrank --help' for the commands.\n", stderr);
    return FR_EXIT_USAGE;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return fputs(usage, stderr), FR_EXIT_USAGE;
    const char *cmd = argv[1];
    char *help_argv[4];
    if (strcmp(cmd, "help") == 0 && argc >= 3) {
        /* `fitrank help CMD [SUB]` is `fitrank CMD [SUB] --help` */
        int sub = argc >= 4 && strcmp(argv[2], "model") == 0 ? 1 : 0;
        help_argv[0] = argv[0];
        help_argv[1] = argv[2];
        if (sub)
            help_argv[2] = argv[3];
        help_argv[2 + sub] = (char *)"--help";
        argv = help_argv;
        argc = 3 + sub;
        cmd = argv[1];
        if (!is_command(cmd))
            return unknown_command(cmd);
    }
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        fputs(usage, stdout);
        return FR_EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
        printf("fitrank %s (tokenizer %d, model format %d)\n", FR_VERSION, FR_TOKENIZER_VERSION,
               FR_MODEL_FORMAT_VERSION);
        return FR_EXIT_OK;
    }
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
    else
        return unknown_command(cmd);
    if (fflush(stdout) != 0 && rc == FR_EXIT_OK)
        rc = cli_err(FR_EXIT_OUTPUT, "stdout: write error");
    return rc;
}
