/* util/clock.h — the one monotonic clock the engine and the CLI time phases with, and a thread's
 * own CPU time. */
#ifndef FR_UTIL_CLOCK_H
#define FR_UTIL_CLOCK_H

/* Seconds on CLOCK_MONOTONIC (an arbitrary origin: use differences). */
double fr_now(void);
/* Seconds of CPU the calling thread has used (CLOCK_THREAD_CPUTIME_ID; 0 where it has none): what
 * a thread's work took whatever else shared its cores. */
double fr_thread_cpu(void);

#endif
