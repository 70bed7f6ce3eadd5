/* models/npsort.h — numpy-compatible argsort (see npsort.c for why). */
#ifndef FR_MODELS_NPSORT_H
#define FR_MODELS_NPSORT_H

#include <stddef.h>

/* Fill tosort[0..num) with the permutation numpy's default v.argsort() returns. */
void fr_np_argsort(const double *v, size_t *tosort, size_t num);

#endif
