/* util/parallel.h — the one way fitrank runs parts of a job on threads: part 0 on the calling
 * thread, the others on threads of their own, joined; a part whose thread could not be started
 * runs on the caller afterwards, so a job never loses work to a failed pthread_create. */
#ifndef FR_UTIL_PARALLEL_H
#define FR_UTIL_PARALLEL_H

#include <stddef.h>

/* Run fn(parts + i * stride) for i in [0, n) and return when all are done.  Each part owns its
 * state; fn reports errors through it. */
void fr_run_parts(void *parts, size_t n, size_t stride, void *(*fn)(void *));

#endif
