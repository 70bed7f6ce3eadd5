/* cli/signals.c — a signal that ends fitrank (SIGINT, SIGTERM, SIGHUP, SIGPIPE) takes the
 * temporary output file with it: no OUT.tmp.XXXXXX is left behind by Ctrl-C or a kill.
 *
 * The library stays free of global state: an fr_outfile only tells a hook when its temporary file
 * comes and goes (util/io.h).  The paths have to be kept here, in static storage, because a signal
 * handler can reach nothing else — this is the one piece of process-wide mutable state in fitrank,
 * and it belongs to the program, not the library.  The handler is async-signal-safe: it reads
 * lock-free atomics and fixed buffers, calls unlink, and re-raises the signal with its default
 * action, so the exit status still says "killed by SIGTERM" (or whichever it was).
 *
 * Outputs are opened on the main thread, which creates and announces a temporary file with its
 * signals blocked.  A process-directed signal may land on another thread (OpenBLAS starts its
 * pool before main), which could run the handler just between the file's creation and its
 * announcement: so a handler on any other thread passes the signal on to the main thread, where
 * it waits, if need be, until the announcement is done. */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

enum { SLOTS = 72 };                     /* temporary paths alive at once (eval: --pairs and -o; rank:
                                            its spill directory, a batch file per preparing thread,
                                            its temporary, -o); past that a path is not kept */
static char slot_path[SLOTS][PATH_MAX];  /* written only by the thread that claimed its slot */
static atomic_int slot_used[SLOTS];      /* 0 free; 2 claimed, its path being written; 1 = the
                                            handler may unlink slot_path */
static pthread_t main_thread;            /* set once, before any handler is installed */

void cli_tmp_keep(const char *tmp, int exists)
{
    size_t n = strlen(tmp);
    if (exists && n >= PATH_MAX)
        return; /* longer than any path open() takes: nothing to keep */
    for (int i = 0; i < SLOTS; i++) {
        if (exists) {
            /* preparing threads spill their batches at once: a slot is claimed by one of them */
            int free_slot = 0;
            if (atomic_compare_exchange_strong(&slot_used[i], &free_slot, 2)) {
                memcpy(slot_path[i], tmp, n + 1);
                atomic_store(&slot_used[i], 1); /* publishes the path (seq_cst, also to a handler thread) */
                return;
            }
        } else if (atomic_load(&slot_used[i]) == 1 && strcmp(slot_path[i], tmp) == 0) {
            atomic_store(&slot_used[i], 0);
            return;
        }
    }
}

static void on_tmp(void *ctx, const char *tmp, int exists)
{
    (void)ctx;
    cli_tmp_keep(tmp, exists);
}

static const fr_tmp_hook hook = {on_tmp, NULL, 0};

static void on_signal(int sig)
{
    int e = errno;
    if (!pthread_equal(pthread_self(), main_thread)) {
        pthread_kill(main_thread, sig);
        errno = e;
        return;
    }
    /* files first, then the (then empty) directories they were in */
    for (int i = 0; i < SLOTS; i++)
        if (atomic_load(&slot_used[i]) == 1)
            unlink(slot_path[i]);
    for (int i = 0; i < SLOTS; i++)
        if (atomic_load(&slot_used[i]) == 1)
            rmdir(slot_path[i]);
    /* back to the default action; the signal, pending until we return, then ends us */
    signal(sig, SIG_DFL);
    raise(sig);
    errno = e;
}

void cli_signals_install(void)
{
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
    main_thread = pthread_self();
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        struct sigaction sa, old;
        /* an ignored signal stays ignored (nohup, a background job's SIGINT, SIGPIPE by choice) */
        if (sigaction(sigs[i], NULL, &old) != 0 || old.sa_handler == SIG_IGN)
            continue;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_signal;
        sigfillset(&sa.sa_mask); /* one handler at a time */
        sigaction(sigs[i], &sa, NULL);
    }
}

fr_status cli_outfile_open(fr_outfile *o, const char *path, fr_error *err)
{
    return fr_outfile_open_with(o, path, &hook, err);
}

const fr_tmp_hook *cli_tmp_hook(void) { return &hook; }

char *cli_mkdtemp(char *tmpl)
{
    /* made and kept with this thread's signals blocked: no moment where it exists unknown */
    sigset_t all, old;
    sigfillset(&all);
    int masked = pthread_sigmask(SIG_BLOCK, &all, &old) == 0;
    char *d = mkdtemp(tmpl);
    if (d)
        cli_tmp_keep(d, 1);
    if (masked)
        pthread_sigmask(SIG_SETMASK, &old, NULL);
    return d;
}
