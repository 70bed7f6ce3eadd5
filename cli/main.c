/* cli/main.c — `fitrank COMMAND ...`: dispatch, top-level help, exit codes. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"

/* The kernel fit forces (see prepare_blas): the one whose model the embedded reference model is. */
#define FR_FIT_CORETYPE "Haswell"

/* Is /proc/self/exe this program?  It names the file the kernel exec'd, which is not fitrank
 * under an explicit loader (`/lib64/ld-linux-x86-64.so.2 ./fitrank`: the loader) or under
 * valgrind (its tool binary; valgrind answers readlink with the client's path, not stat): exec'ing
 * it again would run that program with our arguments (exit 127 / 1).  The file that maps this
 * function's code (/proc/self/maps) is the program; the two must be one file (device and inode,
 * both seen through the same path lookup, so overlay file systems agree). */
static int exe_is_this_program(void)
{
    struct stat exe, me;
    FILE *f = stat("/proc/self/exe", &exe) == 0 ? fopen("/proc/self/maps", "r") : NULL;
    if (!f)
        return 0;
    uintptr_t here = (uintptr_t)exe_is_this_program;
    char line[4352];
    int found = 0;
    while (!found && fgets(line, sizeof line, f)) {
        unsigned long lo, hi;
        int at = 0;
        if (sscanf(line, "%lx-%lx %*s %*s %*s %*s %n", &lo, &hi, &at) < 2 || at == 0 || here < lo || here >= hi)
            continue;
        char *path = line + at, *nl = strchr(path, '\n');
        if (nl)
            *nl = '\0';
        found = path[0] == '/' && stat(path, &me) == 0 && me.st_dev == exe.st_dev && me.st_ino == exe.st_ino ? 1 : -1;
    }
    fclose(f);
    return found == 1;
}

/* OpenBLAS reads its environment in a load-time constructor, before main runs, so what we want
 * from it must be in the environment when the process starts: set it and run ourselves again,
 * once (FR_REEXEC is the loop guard; FR_NO_REEXEC turns the whole thing off; so does running
 * under a loader or valgrind, where /proc/self/exe is another program).
 *  - Kernel, scoring: on CPUs with AVX-512 OpenBLAS's own pick is slower (Haswell: 207 GFLOP/s for
 *    sgemm 2048³ on 2 threads, bench/sgemm_peak) than SkylakeX (376) — chosen unless the user chose.
 *  - Kernel, fit: the kernel decides the last bits of the projection (each sums in its own order),
 *    so a model fitted on an AVX-512 machine differed from one fitted on an AVX2 machine.  fit
 *    always runs Haswell's kernels where the CPU has AVX2 and FMA (whatever OPENBLAS_CORETYPE
 *    says): the same model file on every such x86-64 machine; elsewhere fit says it cannot.
 *  - Threads: the scoring commands run one BLAS thread per worker of their own; an OpenBLAS
 *    thread pool started anyway spins in sched_yield on the other cores (12 % of a `match` run's
 *    profile), so they ask for none unless the user set OPENBLAS_NUM_THREADS. */
static void prepare_blas(char **argv, int single_threaded, int fit)
{
#if defined(__x86_64__) && defined(__GNUC__)
    if (getenv("FR_REEXEC") || getenv("FR_NO_REEXEC"))
        return;
    int again = 0;
    __builtin_cpu_init();
    const char *core = getenv("OPENBLAS_CORETYPE");
    if (fit && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
        if (!core || strcmp(core, FR_FIT_CORETYPE) != 0)
            again |= setenv("OPENBLAS_CORETYPE", FR_FIT_CORETYPE, 1) == 0;
    } else if (!fit && !core && __builtin_cpu_supports("avx512f"))
        again |= setenv("OPENBLAS_CORETYPE", "SkylakeX", 1) == 0;
    if (single_threaded && !getenv("OPENBLAS_NUM_THREADS") && !getenv("OMP_NUM_THREADS"))
        again |= setenv("OPENBLAS_NUM_THREADS", "1", 1) == 0;
    if (!again || !exe_is_this_program() || setenv("FR_REEXEC", "1", 1) != 0)
        return;
    execv("/proc/self/exe", argv);
    /* exec failed: carry on as we are (only slower; fit says when its kernel is another) */
#else
    (void)argv;
    (void)single_threaded;
    (void)fit;
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
    "Environment: OPENBLAS_CORETYPE and OPENBLAS_NUM_THREADS are set for the BLAS commands (fitrank\n"
    "runs itself again once, FR_REEXEC marking the second run); FR_NO_REEXEC=1 turns that off (fit\n"
    "then uses the kernel OpenBLAS picks, and says so when its model may differ from other machines').\n";

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
    if (uses_blas(cmd))
        prepare_blas(argv, strcmp(cmd, "fit") != 0 && strcmp(cmd, "bench") != 0, strcmp(cmd, "fit") == 0);
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
