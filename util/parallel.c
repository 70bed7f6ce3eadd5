/* util/parallel.c — see parallel.h. */
#include "util/parallel.h"

#include <pthread.h>
#include <stdlib.h>

void fr_run_parts(void *parts, size_t n, size_t stride, void *(*fn)(void *))
{
    char *p = parts;
    pthread_t *tid = n > 1 ? malloc((n - 1) * sizeof *tid) : NULL;
    size_t started = 0; /* parts 1 .. started run on threads of their own */
    while (tid && started + 1 < n && pthread_create(&tid[started], NULL, fn, p + (started + 1) * stride) == 0)
        started++;
    if (n)
        fn(p);
    for (size_t i = 0; i < started; i++)
        pthread_join(tid[i], NULL);
    for (size_t i = started + 1; i < n; i++) /* out of memory or threads: the caller does the rest */
        fn(p + i * stride);
    free(tid);
}
