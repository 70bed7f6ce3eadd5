/* util/prefetch.h — a hint to fetch memory a loop will read a few steps on.  Ranking reads lines,
 * sums and documents at places its lists give, in no order the hardware can guess, each a miss to
 * memory; asked a few steps ahead, they arrive while the loop works.  Nothing where the compiler
 * has no such builtin. */
#ifndef FR_UTIL_PREFETCH_H
#define FR_UTIL_PREFETCH_H

#if defined(__GNUC__)
#define FR_PREFETCH(p) __builtin_prefetch(p)
#else
#define FR_PREFETCH(p) ((void)(p))
#endif

#endif
