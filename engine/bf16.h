/* engine/bf16.h — item × chunk products in bfloat16, for bounds only.
 *
 * The staged ranking's phase 1 multiplies every candidate posting's items with each résumé's
 * chunks only to learn which chunk can hold an item's canonical maximum (engine/score.h
 * fr_dense_max_prod); the maxima themselves are then fr_dot_canon's, so how the products are
 * computed never reaches a score.  On CPUs with AVX512_BF16, VDPBF16PS multiplies pairs of
 * bfloat16 (8-bit significands) into float sums at twice the rate of float FMA, on half the
 * bytes; its rounding is covered by a margin (fr_bf16_gamma) that keeps the choice of chunks
 * exact.  Without it the float kernel (fr_dense_prods) is used: the same outputs, slower.
 *
 * Layout: a vector of d floats becomes fr_bf16_words(d) 32-bit words, word k holding components
 * 2k (low half) and 2k + 1 (high half), each rounded to nearest even (zero past d).  A résumé's
 * panel has fr_bf16_words(d) rows of fr_dense_panel_width(nc) words, row k chunk c's word k. */
#ifndef FR_ENGINE_BF16_H
#define FR_ENGINE_BF16_H

#include <stddef.h>
#include <stdint.h>

/* Whether this CPU runs fr_bf16_prods (AVX512_BF16 with AVX-512F/VL), and this build has it. */
int fr_bf16_available(void);

size_t fr_bf16_words(size_t d);

/* The n rows of d floats at rows (ld floats apart) as n · fr_bf16_words(d) words at out. */
void fr_bf16_rows(const float *rows, size_t n, size_t ld, size_t d, uint32_t *out);

/* A résumé's chunks rv (nc × d floats) as a panel (layout above), zero past nc. */
void fr_bf16_panel(const float *rv, uint32_t nc, size_t d, uint32_t *panel);

/* prod[i · fr_dense_panel_width(nc) + c] = items[i] · chunk c of the panel (items in
 * fr_bf16_rows' layout, wherever they lie), for c below the width — in any order, from the
 * bfloat16 values.  Only where fr_bf16_available(); never a score. */
void fr_bf16_prods(const uint32_t *const *items, size_t ni, size_t d, const uint32_t *panel, uint32_t nc,
                   float *prod);

/* The relative margin of fr_bf16_prods against any float evaluation of the same dot product:
 * |a·b (any order) − prod| ≤ gamma · |a| · |b| + fr_bf16_floor(d, |a|, |b|) (engine/bf16.c). */
float fr_bf16_gamma(size_t d);
/* The absolute part of the margin: what flushing subnormal inputs and sums to zero can lose. */
float fr_bf16_floor(size_t d, float anorm, float bnorm);

#endif
