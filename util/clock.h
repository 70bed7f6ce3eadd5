/* util/clock.h — the one monotonic clock the engine and the CLI time phases with. */
#ifndef FR_UTIL_CLOCK_H
#define FR_UTIL_CLOCK_H

/* Seconds on CLOCK_MONOTONIC (an arbitrary origin: use differences). */
double fr_now(void);

#endif
