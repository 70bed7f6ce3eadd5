/* engine/bf16.c — bfloat16 item × chunk products (engine/bf16.h).
 *
 * The margin.  Let a' and b' be a and b rounded to bfloat16 (p = 8 significand bits, nearest even:
 * |a_k − a'_k| ≤ u·|a_k|, u = 2⁻⁸), and take VDPBF16PS at its loosest: inputs below 2⁻¹²⁶ read as
 * zero, products exact (8 × 8 bits), each of the d additions rounded by at most one ulp (2⁻²³,
 * whatever the rounding) and results below 2⁻¹²⁶ flushed.  Then
 *   |a·b − Σ a'_k b'_k| ≤ (2u + u²)·|a||b| + 2⁻¹²⁶·(1 + u)·√d·(|a| + |b|)   (Cauchy–Schwarz)
 *   |Σ a'_k b'_k − prod| ≤ d·2⁻²³·(1 + u)²·|a||b| + 2d·2⁻¹²⁶ (to first order)
 * and any float evaluation of a·b (fr_dot_canon's) is within d·2⁻²⁴·|a||b| of it.  fr_bf16_gamma
 * is 2u + u² plus four times (d + 4)·2⁻²³ — room for those sums and for the few float operations
 * that compare the bounds (engine/score.c fr_dense_max_prod) — and fr_bf16_floor the absolute part,
 * doubled: about 0.0079 for d = 256, a hundred times the float kernel's margin, so that a few more
 * chunks stay in the running (their canonical products decide). */
#include "engine/bf16.h"

#include "engine/score.h"

#include <math.h>
#include <string.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define FR_BF16_X86 1
#include <immintrin.h>
#define FR_BF16_TARGET __attribute__((target("avx512f,avx512vl,avx512bw,avx512bf16")))
#else
#define FR_BF16_X86 0
#endif

int fr_bf16_available(void)
{
#if FR_BF16_X86
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
           __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512bf16");
#else
    return 0;
#endif
}

size_t fr_bf16_words(size_t d) { return (d + 1) / 2; }

float fr_bf16_gamma(size_t d)
{
    double u = 1.0 / 256;
    return (float)((2 * u + u * u + 4.0 * (double)(d + 4) / 8388608.0) * (1 + 1.0 / 65536));
}

float fr_bf16_floor(size_t d, float anorm, float bnorm)
{
    double f = ldexp(1.0, -126) * (2 * sqrt((double)d) * ((double)anorm + (double)bnorm) + 4.0 * (double)d);
    return (float)(f * (1 + 1.0 / 65536));
}

/* f to bfloat16, nearest even (a NaN stays a NaN: rounding its payload up could make it inf). */
static uint32_t bf16_bits(float f)
{
    uint32_t x;
    memcpy(&x, &f, sizeof x);
    if ((x & 0x7FFFFFFFu) > 0x7F800000u)
        return (x >> 16) | 0x40u;
    return (x + 0x7FFFu + ((x >> 16) & 1u)) >> 16;
}

/* One vector as words (zero past d). */
static void bf16_row(const float *v, size_t d, uint32_t *out)
{
    size_t dw = d / 2;
    for (size_t k = 0; k < dw; k++)
        out[k] = bf16_bits(v[2 * k]) | bf16_bits(v[2 * k + 1]) << 16;
    if (d % 2)
        out[dw] = bf16_bits(v[d - 1]);
}

void fr_bf16_rows(const float *rows, size_t n, size_t ld, size_t d, uint32_t *out)
{
    size_t dw = fr_bf16_words(d);
    for (size_t i = 0; i < n; i++)
        bf16_row(rows + i * ld, d, out + i * dw);
}

void fr_bf16_panel(const float *rv, uint32_t nc, size_t d, uint32_t *panel)
{
    size_t w = fr_dense_panel_width(nc), dw = fr_bf16_words(d);
    /* eight chunks' rows at a time, then their words down the panel's rows: each row of the
     * panel written a 32-byte run at a time */
    uint32_t tmp[8][512];
    for (size_t k0 = 0; k0 < dw; k0 += 512) {
        size_t kn = dw - k0 < 512 ? dw - k0 : 512;
        for (size_t c0 = 0; c0 < w; c0 += 8) {
            for (size_t c = 0; c < 8; c++) {
                if (c0 + c >= nc) {
                    memset(tmp[c], 0, kn * sizeof tmp[c][0]);
                    continue;
                }
                const float *v = rv + (c0 + c) * d + 2 * k0;
                size_t left = d - 2 * k0;
                bf16_row(v, left < 2 * kn ? left : 2 * kn, tmp[c]);
            }
            for (size_t k = 0; k < kn; k++)
                for (size_t c = 0; c < 8; c++)
                    panel[(k0 + k) * w + c0 + c] = tmp[c][k];
        }
    }
}

#if FR_BF16_X86
/* Eight items against 32, 16 or 8 lanes of a panel, as fr_dense_prods' float kernels: per step one
 * item word (two components) broadcast against a panel row, the sums left in the lanes. */
#define FR_BF16_STEP(A, B, I)                                                                                \
    do {                                                                                                     \
        __m512bh x_ = (__m512bh)_mm512_set1_epi32((int)it[I][k]);                                            \
        A = _mm512_dpbf16_ps(A, x_, c);                                                                      \
        B = _mm512_dpbf16_ps(B, x_, e);                                                                      \
    } while (0)

FR_BF16_TARGET
static void bprods32(const uint32_t *const it[8], size_t n, const uint32_t *pan, size_t w, size_t dw, float *out,
                     size_t ldo)
{
    __m512 a0 = _mm512_setzero_ps(), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
    __m512 b0 = a0, b1 = a0, b2 = a0, b3 = a0, b4 = a0, b5 = a0, b6 = a0, b7 = a0;
    for (size_t k = 0; k < dw; k++) {
        __m512bh c = (__m512bh)_mm512_loadu_si512(pan + k * w), e = (__m512bh)_mm512_loadu_si512(pan + k * w + 16);
        FR_BF16_STEP(a0, b0, 0);
        FR_BF16_STEP(a1, b1, 1);
        FR_BF16_STEP(a2, b2, 2);
        FR_BF16_STEP(a3, b3, 3);
        FR_BF16_STEP(a4, b4, 4);
        FR_BF16_STEP(a5, b5, 5);
        FR_BF16_STEP(a6, b6, 6);
        FR_BF16_STEP(a7, b7, 7);
    }
    __m512 r[16] = {a0, b0, a1, b1, a2, b2, a3, b3, a4, b4, a5, b5, a6, b6, a7, b7};
    for (size_t i = 0; i < n; i++) {
        _mm512_storeu_ps(out + i * ldo, r[2 * i]);
        _mm512_storeu_ps(out + i * ldo + 16, r[2 * i + 1]);
    }
}

FR_BF16_TARGET
static void bprods16(const uint32_t *const it[8], size_t n, const uint32_t *pan, size_t w, size_t dw, float *out,
                     size_t ldo)
{
    __m512 r[8];
    for (size_t i = 0; i < 8; i++)
        r[i] = _mm512_setzero_ps();
    for (size_t k = 0; k < dw; k++) {
        __m512bh c = (__m512bh)_mm512_loadu_si512(pan + k * w);
        for (size_t i = 0; i < 8; i++)
            r[i] = _mm512_dpbf16_ps(r[i], (__m512bh)_mm512_set1_epi32((int)it[i][k]), c);
    }
    for (size_t i = 0; i < n; i++)
        _mm512_storeu_ps(out + i * ldo, r[i]);
}

FR_BF16_TARGET
static void bprods8(const uint32_t *const it[8], size_t n, const uint32_t *pan, size_t w, size_t dw, float *out,
                    size_t ldo)
{
    __m256 r[8];
    for (size_t i = 0; i < 8; i++)
        r[i] = _mm256_setzero_ps();
    for (size_t k = 0; k < dw; k++) {
        __m256bh c = (__m256bh)_mm256_loadu_si256((const void *)(pan + k * w));
        for (size_t i = 0; i < 8; i++)
            r[i] = _mm256_dpbf16_ps(r[i], (__m256bh)_mm256_set1_epi32((int)it[i][k]), c);
    }
    for (size_t i = 0; i < n; i++)
        _mm256_storeu_ps(out + i * ldo, r[i]);
}
#endif

void fr_bf16_prods(const uint32_t *const *items, size_t ni, size_t d, const uint32_t *panel, uint32_t nc,
                   float *prod)
{
#if FR_BF16_X86
    size_t w = fr_dense_panel_width(nc), dw = fr_bf16_words(d);
    for (size_t cg = 0; cg < w;) {
        size_t g = w - cg >= 32 ? 32 : w - cg >= 16 ? 16 : 8;
        for (size_t ib = 0; ib < ni; ib += 8) {
            /* past the last item, the block's first again (its products not stored) */
            const uint32_t *it[8];
            for (size_t i = 0; i < 8; i++)
                it[i] = items[ib + (ib + i < ni ? i : 0)];
            size_t n = ni - ib < 8 ? ni - ib : 8;
            float *out = prod + ib * w + cg;
            /* the next block's items, on the first pass over them: each is a short stream from
             * the last level cache (a posting's items lie apart), too short for the prefetcher */
            for (size_t i = ib + 8; cg == 0 && i < ib + 16 && i < ni; i++)
                for (size_t k = 0; k < dw; k += 16)
                    __builtin_prefetch(items[i] + k);
            if (g == 32)
                bprods32(it, n, panel + cg, w, dw, out, w);
            else if (g == 16)
                bprods16(it, n, panel + cg, w, dw, out, w);
            else
                bprods8(it, n, panel + cg, w, dw, out, w);
        }
        cg += g;
    }
#else
    (void)items, (void)ni, (void)d, (void)panel, (void)nc, (void)prod;
#endif
}
