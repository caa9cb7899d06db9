/*
 * Embedded-Swift driver for Octet's C interface (include/octet.h).
 *
 * Runs a fixed, deterministic set of pooling cases through every export, with inputs from a fixed
 * 64-bit LCG, checks every status, feeds bad arguments that must be refused (and must leave the
 * output untouched), and prints one line per case and a final `checksum: <hex>`: FNV-1a 64 over
 * every output shape, output byte, index (little-endian) and refusal status, in case order.
 * Tools/check-embedded.sh builds it against the Embedded-Swift object for aarch64 (run under
 * qemu) and for x86_64 (run natively) and requires the same checksum from both.
 *
 * Composite exports are also checked against their definitions: spatial pyramid pooling against the
 * adaptive pools per sample and level, blur pooling against the formula in octet.h (written out in C
 * below), max-blur pooling against max pooling then blur pooling, unpooling by a max-pool round trip.
 *
 * Exit status: 0 when every status and check was as expected, 1 otherwise.
 * No heap: every buffer is static. Allocations made by Octet are counted (the script links with
 * -Wl,--wrap=posix_memalign) and reported, since octet.h promises none.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "octet.h"

/* ---- Allocation counter (linked with -Wl,--wrap=posix_memalign) ------------------------------ */

int __real_posix_memalign(void **memptr, size_t alignment, size_t size);
static unsigned long allocations;

int __wrap_posix_memalign(void **memptr, size_t alignment, size_t size) {
    allocations += 1;
    return __real_posix_memalign(memptr, alignment, size);
}

/* ---- Deterministic inputs and the checksum ---------------------------------------------------- */

static uint64_t lcg_state;

static uint32_t lcg_next(void) {
    lcg_state = lcg_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (uint32_t)(lcg_state >> 33);
}

/* n int8 values uniform in [lo, hi] (a narrow range makes ties and clamps likely). */
static void fill_s8(int8_t *x, size_t n, uint64_t seed, int lo, int hi) {
    lcg_state = seed;
    for (size_t i = 0; i < n; i++) x[i] = (int8_t)(lo + (int)(lcg_next() % (uint32_t)(hi - lo + 1)));
}

/* n floats k/64, k in [-1000, 1000] (exact in binary32). */
static void fill_f32(float *x, size_t n, uint64_t seed) {
    lcg_state = seed;
    for (size_t i = 0; i < n; i++) x[i] = (float)((int)(lcg_next() % 2001u) - 1000) / 64.0f;
}

static uint64_t checksum = 0xcbf29ce484222325ULL;

static uint64_t fnv_bytes(uint64_t h, const uint8_t *p, size_t n) {
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

static uint64_t fnv_u32(uint64_t h, uint32_t v) {
    uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    return fnv_bytes(h, b, 4);
}

/* ---- Buffers ---------------------------------------------------------------------------------- */

#define INPUT_CAP (1u << 17)
#define OUTPUT_CAP (1u << 16)
#define SENTINEL 0x5A

static int8_t in_s8[INPUT_CAP];
static float in_f32[INPUT_CAP];
static int8_t out_s8[OUTPUT_CAP];
static float out_f32[OUTPUT_CAP];
static int32_t out_idx[OUTPUT_CAP];

static void poison_outputs(void) {
    memset(out_s8, SENTINEL, sizeof out_s8);
    memset(out_f32, SENTINEL, sizeof out_f32);
    memset(out_idx, SENTINEL, sizeof out_idx);
}

static int outputs_untouched(void) {
    const uint8_t *p[3] = {(const uint8_t *)out_s8, (const uint8_t *)out_f32, (const uint8_t *)out_idx};
    const size_t n[3] = {sizeof out_s8, sizeof out_f32, sizeof out_idx};
    for (int k = 0; k < 3; k++)
        for (size_t i = 0; i < n[k]; i++)
            if (p[k][i] != SENTINEL) return 0;
    return 1;
}

/* ---- Parameter builders ----------------------------------------------------------------------- */

static octet_shape shape(int32_t rank, int32_t n, int32_t d, int32_t h, int32_t w, int32_t c) {
    octet_shape s = {n, d, h, w, c, rank};
    return s;
}

static size_t elements(octet_shape s) {
    return (size_t)s.batch * (size_t)s.depth * (size_t)s.height * (size_t)s.width * (size_t)s.channels;
}

/* Window and stride in (d, h, w) order; dilation 1, VALID padding, floor mode, no activation. */
static octet_pool_params pool(int32_t rank, int32_t kd, int32_t kh, int32_t kw, int32_t sd, int32_t sh, int32_t sw) {
    octet_pool_params p;
    memset(&p, 0, sizeof p);
    p.spatial_rank = rank;
    p.window[0] = kd; p.window[1] = kh; p.window[2] = kw;
    p.stride[0] = sd; p.stride[1] = sh; p.stride[2] = sw;
    p.dilation[0] = p.dilation[1] = p.dilation[2] = 1;
    p.padding = OCTET_PADDING_VALID;
    p.activation = OCTET_ACTIVATION_NONE;
    return p;
}

static void explicit_padding(octet_pool_params *p, int32_t bd, int32_t bh, int32_t bw, int32_t ed, int32_t eh, int32_t ew) {
    p->padding = OCTET_PADDING_EXPLICIT;
    p->pad_begin[0] = bd; p->pad_begin[1] = bh; p->pad_begin[2] = bw;
    p->pad_end[0] = ed; p->pad_end[1] = eh; p->pad_end[2] = ew;
}

/* ---- Running and reporting -------------------------------------------------------------------- */

static int failures;

static int expect_status(const char *name, octet_status got, octet_status want) {
    if (got == want) return 1;
    printf("FAIL %s: status %d, expected %d\n", name, (int)got, (int)want);
    failures += 1;
    return 0;
}

/* Hashes one successful case's output (and indices) into the checksum and prints its line. */
static void report(const char *name, octet_shape out, const void *data, size_t bytes, const int32_t *indices) {
    uint64_t h = 0xcbf29ce484222325ULL;
    const int32_t dims[6] = {out.batch, out.depth, out.height, out.width, out.channels, out.spatial_rank};
    for (int k = 0; k < 6; k++) h = fnv_u32(h, (uint32_t)dims[k]);
    h = fnv_bytes(h, (const uint8_t *)data, bytes);
    size_t n = elements(out);
    if (indices)
        for (size_t i = 0; i < n; i++) h = fnv_u32(h, (uint32_t)indices[i]);
    checksum = fnv_u32(checksum, (uint32_t)h);
    checksum = fnv_u32(checksum, (uint32_t)(h >> 32));
    printf("ok   %-34s out %dx%dx%dx%dx%d%s  %016llx\n", name, out.batch, out.depth, out.height, out.width,
           out.channels, indices ? " +idx" : "     ", (unsigned long long)h);
}

/* A bad call: the status must be `want` and no output byte may have changed. */
static void refused(const char *name, octet_status got, octet_status want) {
    if (!expect_status(name, got, want)) {
        poison_outputs();
        return;
    }
    if (!outputs_untouched()) {
        printf("FAIL %s: refused with %d but wrote to an output\n", name, (int)got);
        failures += 1;
        poison_outputs();
        return;
    }
    checksum = fnv_u32(checksum, (uint32_t)got);
    printf("ok   %-34s refused %d\n", name, (int)got);
}

static int output_shape(const char *name, const octet_shape *in, const octet_pool_params *p, octet_shape *out) {
    return expect_status(name, octet_pool_output_shape(in, p, out), OCTET_OK);
}

/* Int8 max pool; inputs uniform in [lo, hi]. */
static void max_s8(const char *name, octet_shape in, octet_quant q, octet_pool_params p, int with_indices,
                   int lo, int hi, uint64_t seed) {
    octet_shape out;
    if (!output_shape(name, &in, &p, &out)) return;
    fill_s8(in_s8, elements(in), seed, lo, hi);
    poison_outputs();
    octet_status s = octet_max_pool_s8(&in, &q, in_s8, elements(in), &p, out_s8, elements(out),
                                       with_indices ? out_idx : NULL, with_indices ? elements(out) : 0);
    if (expect_status(name, s, OCTET_OK)) report(name, out, out_s8, elements(out), with_indices ? out_idx : NULL);
}

static void avg_s8(const char *name, octet_shape in, octet_quant q, octet_pool_params p, int lo, int hi, uint64_t seed) {
    octet_shape out;
    if (!output_shape(name, &in, &p, &out)) return;
    fill_s8(in_s8, elements(in), seed, lo, hi);
    poison_outputs();
    octet_status s = octet_avg_pool_s8(&in, &q, in_s8, elements(in), &p, out_s8, elements(out));
    if (expect_status(name, s, OCTET_OK)) report(name, out, out_s8, elements(out), NULL);
}

static octet_shape global_shape(octet_shape in) {
    return shape(in.spatial_rank, in.batch, 1, 1, 1, in.channels);
}

static void global_avg_s8(const char *name, octet_shape in, octet_quant qi, octet_quant qo, int32_t act,
                          uint64_t seed) {
    octet_shape out = global_shape(in);
    fill_s8(in_s8, elements(in), seed, -128, 127);
    poison_outputs();
    octet_status s = octet_global_avg_pool_s8(&in, &qi, in_s8, elements(in), &qo, out_s8, elements(out), act, 0, 0);
    if (expect_status(name, s, OCTET_OK)) report(name, out, out_s8, elements(out), NULL);
}

static void global_max_s8(const char *name, octet_shape in, octet_quant qi, octet_quant qo, int with_indices,
                          int32_t act, float lo, float hi, uint64_t seed) {
    octet_shape out = global_shape(in);
    fill_s8(in_s8, elements(in), seed, -128, 127);
    poison_outputs();
    octet_status s = octet_global_max_pool_s8(&in, &qi, in_s8, elements(in), &qo, out_s8, elements(out),
                                              with_indices ? out_idx : NULL, with_indices ? elements(out) : 0,
                                              act, lo, hi);
    if (expect_status(name, s, OCTET_OK)) report(name, out, out_s8, elements(out), with_indices ? out_idx : NULL);
}

static void adaptive_avg_s8(const char *name, octet_shape in, octet_shape out, octet_quant q, int32_t act,
                            uint64_t seed) {
    fill_s8(in_s8, elements(in), seed, -128, 127);
    poison_outputs();
    octet_status s = octet_adaptive_avg_pool_s8(&in, &q, in_s8, elements(in), &out, out_s8, elements(out), act, 0, 0);
    if (expect_status(name, s, OCTET_OK)) report(name, out, out_s8, elements(out), NULL);
}

static void adaptive_max_s8(const char *name, octet_shape in, octet_shape out, octet_quant q, int with_indices,
                            int32_t act, uint64_t seed) {
    fill_s8(in_s8, elements(in), seed, -128, 127);
    poison_outputs();
    octet_status s = octet_adaptive_max_pool_s8(&in, &q, in_s8, elements(in), &out, out_s8, elements(out),
                                                with_indices ? out_idx : NULL, with_indices ? elements(out) : 0,
                                                act, 0, 0);
    if (expect_status(name, s, OCTET_OK)) report(name, out, out_s8, elements(out), with_indices ? out_idx : NULL);
}

static void lp_s8(const char *name, octet_shape in, octet_quant qi, octet_quant qo, octet_pool_params p, float norm,
                  int32_t mean, uint64_t seed) {
    octet_shape out;
    if (!output_shape(name, &in, &p, &out)) return;
    fill_s8(in_s8, elements(in), seed, -128, 127);
    poison_outputs();
    octet_status s = octet_lp_pool_s8(&in, &qi, in_s8, elements(in), &p, &qo, out_s8, elements(out), norm, mean);
    if (expect_status(name, s, OCTET_OK)) report(name, out, out_s8, elements(out), NULL);
}

/* Max pool with indices, then unpool back to the pool's input shape (index convention round trip). */
static void max_unpool_s8(const char *name, octet_shape in, octet_quant q, octet_pool_params p, uint64_t seed) {
    static int8_t pooled[OUTPUT_CAP];
    static int32_t pooled_idx[OUTPUT_CAP];
    octet_shape mid;
    if (!output_shape(name, &in, &p, &mid)) return;
    fill_s8(in_s8, elements(in), seed, -128, 127);
    octet_status s = octet_max_pool_s8(&in, &q, in_s8, elements(in), &p, pooled, elements(mid), pooled_idx, elements(mid));
    if (!expect_status(name, s, OCTET_OK)) return;
    poison_outputs();
    s = octet_max_unpool_s8(&mid, &q, pooled, elements(mid), pooled_idx, elements(mid), &in, out_s8, elements(in));
    if (!expect_status(name, s, OCTET_OK)) return;
    /* Every pooled value sits where its index says, in the unpooled plane. */
    for (size_t k = 0; k < elements(mid); k++) {
        size_t n = k / ((size_t)mid.depth * mid.height * mid.width * mid.channels), c = k % (size_t)mid.channels;
        size_t plane = (size_t)in.depth * in.height * in.width;
        if (out_s8[(n * plane + (size_t)pooled_idx[k]) * (size_t)in.channels + c] != pooled[k]) {
            printf("FAIL %s: unpooled value %zu is not at its index\n", name, k);
            failures += 1;
            return;
        }
    }
    report(name, in, out_s8, elements(in), NULL);
}

/* ---- Float32 runners: inputs k/64 (fill_f32); element `nan_at` (if >= 0) is set to NaN -------- */

static void seed_f32(octet_shape in, uint64_t seed, long nan_at) {
    fill_f32(in_f32, elements(in), seed);
    if (nan_at >= 0) in_f32[nan_at] = NAN;
}

static void report_f32(const char *name, octet_status s, octet_shape out, const int32_t *indices) {
    if (expect_status(name, s, OCTET_OK)) report(name, out, out_f32, elements(out) * sizeof(float), indices);
}

static void avg_f32(const char *name, octet_shape in, octet_pool_params p, long nan_at, uint64_t seed) {
    octet_shape out;
    if (!output_shape(name, &in, &p, &out)) return;
    seed_f32(in, seed, nan_at);
    poison_outputs();
    report_f32(name, octet_avg_pool_f32(&in, in_f32, elements(in), &p, out_f32, elements(out)), out, NULL);
}

static void global_avg_f32(const char *name, octet_shape in, int32_t act, float lo, float hi, long nan_at,
                           uint64_t seed) {
    octet_shape out = global_shape(in);
    seed_f32(in, seed, nan_at);
    poison_outputs();
    report_f32(name, octet_global_avg_pool_f32(&in, in_f32, elements(in), out_f32, elements(out), act, lo, hi), out, NULL);
}

static void global_max_f32(const char *name, octet_shape in, int with_indices, int32_t act, float lo, float hi,
                           long nan_at, uint64_t seed) {
    octet_shape out = global_shape(in);
    int32_t *idx = with_indices ? out_idx : NULL;
    seed_f32(in, seed, nan_at);
    poison_outputs();
    octet_status s = octet_global_max_pool_f32(&in, in_f32, elements(in), out_f32, elements(out), idx,
                                               with_indices ? elements(out) : 0, act, lo, hi);
    report_f32(name, s, out, idx);
}

static void adaptive_avg_f32(const char *name, octet_shape in, octet_shape out, int32_t act, uint64_t seed) {
    seed_f32(in, seed, -1);
    poison_outputs();
    report_f32(name, octet_adaptive_avg_pool_f32(&in, in_f32, elements(in), &out, out_f32, elements(out), act, 0, 0),
               out, NULL);
}

static void adaptive_max_f32(const char *name, octet_shape in, octet_shape out, int with_indices, int32_t act,
                             long nan_at, uint64_t seed) {
    int32_t *idx = with_indices ? out_idx : NULL;
    seed_f32(in, seed, nan_at);
    poison_outputs();
    octet_status s = octet_adaptive_max_pool_f32(&in, in_f32, elements(in), &out, out_f32, elements(out), idx,
                                                 with_indices ? elements(out) : 0, act, 0, 0);
    report_f32(name, s, out, idx);
}

static void lp_f32(const char *name, octet_shape in, octet_pool_params p, float norm, int32_t mean, long nan_at,
                   uint64_t seed) {
    octet_shape out;
    if (!output_shape(name, &in, &p, &out)) return;
    seed_f32(in, seed, nan_at);
    poison_outputs();
    report_f32(name, octet_lp_pool_f32(&in, in_f32, elements(in), &p, out_f32, elements(out), norm, mean), out, NULL);
}

/* Float max pool with indices, then unpool back to the pool's input shape; every other cell is 0. */
static void max_unpool_f32(const char *name, octet_shape in, octet_pool_params p, uint64_t seed) {
    static float pooled[OUTPUT_CAP];
    static int32_t pooled_idx[OUTPUT_CAP];
    octet_shape mid;
    if (!output_shape(name, &in, &p, &mid)) return;
    seed_f32(in, seed, -1);
    octet_status s = octet_max_pool_f32(&in, in_f32, elements(in), &p, pooled, elements(mid), pooled_idx, elements(mid));
    if (!expect_status(name, s, OCTET_OK)) return;
    poison_outputs();
    s = octet_max_unpool_f32(&mid, pooled, elements(mid), pooled_idx, elements(mid), &in, out_f32, elements(in));
    if (!expect_status(name, s, OCTET_OK)) return;
    size_t plane = (size_t)in.depth * in.height * in.width, named = 0, zeros = 0;
    for (size_t k = 0; k < elements(mid); k++) {
        size_t n = k / ((size_t)mid.depth * mid.height * mid.width * mid.channels), c = k % (size_t)mid.channels;
        if (memcmp(&out_f32[(n * plane + (size_t)pooled_idx[k]) * (size_t)in.channels + c], &pooled[k], sizeof(float))) {
            printf("FAIL %s: unpooled value %zu is not at its index\n", name, k);
            failures += 1;
            return;
        }
    }
    for (size_t k = 0; k < elements(in); k++) {
        if (out_f32[k] == 0.0f) zeros += 1;
        else named += 1;
    }
    if (named > elements(mid)) {
        printf("FAIL %s: %zu nonzero cells, at most %zu expected\n", name, named, elements(mid));
        failures += 1;
        return;
    }
    report(name, in, out_f32, elements(in) * sizeof(float), NULL);
}

/* ---- Spatial pyramid pooling ------------------------------------------------------------------- */

static int8_t level_s8[OUTPUT_CAP];
static float level_f32[OUTPUT_CAP];

/* The shape octet_spatial_pyramid_pool_shape must give: NWC [N, Σ L^rank, C]. */
static int spp_shape(const char *name, octet_shape in, const int32_t *levels, int32_t count, octet_shape *out) {
    if (!expect_status(name, octet_spatial_pyramid_pool_shape(&in, levels, count, out), OCTET_OK)) return 0;
    int32_t cells = 0;
    for (int32_t l = 0; l < count; l++) {
        int32_t c = 1;
        for (int32_t r = 0; r < in.spatial_rank; r++) c *= levels[l];
        cells += c;
    }
    if (out->batch != in.batch || out->depth != 1 || out->height != 1 || out->width != cells ||
        out->channels != in.channels || out->spatial_rank != 1) {
        printf("FAIL %s: pyramid shape %dx%dx%dx%dx%d rank %d\n", name, out->batch, out->depth, out->height,
               out->width, out->channels, out->spatial_rank);
        failures += 1;
        return 0;
    }
    return 1;
}

static octet_shape level_shape(octet_shape in, int32_t level) {
    int32_t r = in.spatial_rank;
    return shape(r, 1, r == 3 ? level : 1, r >= 2 ? level : 1, level, in.channels);
}

/* Int8 SPP; then, per sample and level, the same cells from octet_adaptive_*_pool_s8 of the sample. */
static void spp_s8(const char *name, octet_shape in, octet_quant q, const int32_t *levels, int32_t count,
                   int32_t pooling, int32_t act, float lo, float hi, uint64_t seed) {
    octet_shape out;
    if (!spp_shape(name, in, levels, count, &out)) return;
    fill_s8(in_s8, elements(in), seed, -128, 127);
    poison_outputs();
    octet_status s = octet_spatial_pyramid_pool_s8(&in, &q, in_s8, elements(in), levels, count, pooling, out_s8,
                                                   elements(out), act, lo, hi);
    if (!expect_status(name, s, OCTET_OK)) return;
    octet_shape sample = in;
    sample.batch = 1;
    size_t per_sample = elements(sample), C = (size_t)in.channels, cell = 0;
    for (int32_t n = 0; n < in.batch; n++) {
        for (int32_t l = 0; l < count; l++) {
            octet_shape ls = level_shape(in, levels[l]);
            const int8_t *x = in_s8 + (size_t)n * per_sample;
            s = pooling == OCTET_PYRAMID_MAX
                ? octet_adaptive_max_pool_s8(&sample, &q, x, per_sample, &ls, level_s8, elements(ls), NULL, 0, act, lo, hi)
                : octet_adaptive_avg_pool_s8(&sample, &q, x, per_sample, &ls, level_s8, elements(ls), act, lo, hi);
            if (!expect_status(name, s, OCTET_OK)) return;
            if (memcmp(level_s8, out_s8 + cell * C, elements(ls))) {
                printf("FAIL %s: sample %d level %d differs from the adaptive pool\n", name, (int)n, (int)levels[l]);
                failures += 1;
                return;
            }
            cell += elements(ls) / C;
        }
    }
    report(name, out, out_s8, elements(out), NULL);
}

static void spp_f32(const char *name, octet_shape in, const int32_t *levels, int32_t count, int32_t pooling,
                    int32_t act, float lo, float hi, long nan_at, uint64_t seed) {
    octet_shape out;
    if (!spp_shape(name, in, levels, count, &out)) return;
    seed_f32(in, seed, nan_at);
    poison_outputs();
    octet_status s = octet_spatial_pyramid_pool_f32(&in, in_f32, elements(in), levels, count, pooling, out_f32,
                                                    elements(out), act, lo, hi);
    if (!expect_status(name, s, OCTET_OK)) return;
    octet_shape sample = in;
    sample.batch = 1;
    size_t per_sample = elements(sample), C = (size_t)in.channels, cell = 0;
    for (int32_t n = 0; n < in.batch; n++) {
        for (int32_t l = 0; l < count; l++) {
            octet_shape ls = level_shape(in, levels[l]);
            const float *x = in_f32 + (size_t)n * per_sample;
            s = pooling == OCTET_PYRAMID_MAX
                ? octet_adaptive_max_pool_f32(&sample, x, per_sample, &ls, level_f32, elements(ls), NULL, 0, act, lo, hi)
                : octet_adaptive_avg_pool_f32(&sample, x, per_sample, &ls, level_f32, elements(ls), act, lo, hi);
            if (!expect_status(name, s, OCTET_OK)) return;
            if (memcmp(level_f32, out_f32 + cell * C, elements(ls) * sizeof(float))) {
                printf("FAIL %s: sample %d level %d differs from the adaptive pool\n", name, (int)n, (int)levels[l]);
                failures += 1;
                return;
            }
            cell += elements(ls) / C;
        }
    }
    report(name, out, out_f32, elements(out) * sizeof(float), NULL);
}

/* ---- Blur pooling ------------------------------------------------------------------------------ */

/* The source cell padded position p reads, or -1 for a zero-padding tap (octet.h's table). */
static int blur_source(int p, int extent, int32_t padding) {
    if (p >= 0 && p < extent) return p;
    if (padding == OCTET_BLUR_PADDING_REFLECT) return p < 0 ? 1 : extent - 2;
    if (padding == OCTET_BLUR_PADDING_REPLICATE) return p < 0 ? 0 : extent - 1;
    return -1;
}

/* The blur pool written out from octet.h, int8 (`ys8`) or float (`yf`), from a source tensor:
 * Σ [1,2,1]-weights · taps, int8 rounded half away from zero, float summed in double. */
static octet_shape reference_blur(octet_shape src, const int8_t *xs8, const float *xf, int32_t stride,
                                  int32_t padding, int32_t zp, int8_t *ys8, float *yf) {
    int r = src.spatial_rank;
    octet_shape o = src;
    o.width = (src.width - 1) / stride + 1;
    if (r >= 2) o.height = (src.height - 1) / stride + 1;
    if (r == 3) o.depth = (src.depth - 1) / stride + 1;
    int32_t divisor = 1 << (2 * r);
    size_t k = 0;
    for (int n = 0; n < o.batch; n++)
    for (int od = 0; od < o.depth; od++)
    for (int oh = 0; oh < o.height; oh++)
    for (int ow = 0; ow < o.width; ow++)
    for (int c = 0; c < o.channels; c++, k++) {
        int32_t acc = 0;
        double accf = 0;
        for (int td = (r == 3 ? -1 : 0); td <= (r == 3 ? 1 : 0); td++)
        for (int th = (r >= 2 ? -1 : 0); th <= (r >= 2 ? 1 : 0); th++)
        for (int tw = -1; tw <= 1; tw++) {
            int32_t w = (r == 3 ? 2 - abs(td) : 1) * (r >= 2 ? 2 - abs(th) : 1) * (2 - abs(tw));
            int d = r == 3 ? blur_source(od * stride + td, src.depth, padding) : 0;
            int h = r >= 2 ? blur_source(oh * stride + th, src.height, padding) : 0;
            int x = blur_source(ow * stride + tw, src.width, padding);
            size_t at = ((((size_t)n * src.depth + d) * src.height + h) * src.width + x) * src.channels + c;
            int pad = d < 0 || h < 0 || x < 0;
            if (xs8) acc += w * (pad ? zp : xs8[at]);
            if (xf) accf += (double)w * (pad ? 0.0 : (double)xf[at]);
        }
        if (ys8) ys8[k] = (int8_t)(acc >= 0 ? (acc + divisor / 2) / divisor : -((-acc + divisor / 2) / divisor));
        if (yf) yf[k] = (float)(accf / divisor);
    }
    return o;
}

/* The window-2 stride-1 max pool max-blur pooling starts with. */
static octet_pool_params max_blur_window(int32_t rank) {
    return pool(rank, rank == 3 ? 2 : 1, rank >= 2 ? 2 : 1, 2, 1, 1, 1);
}

/* Int8 blur / max-blur pool; checked against reference_blur of the input, or of
 * octet_max_pool_s8 (window 2, stride 1) for max-blur pooling. */
static void blur_s8(const char *name, octet_shape in, octet_quant q, int32_t stride, int32_t padding, int max_blur,
                    int lo, int hi, uint64_t seed) {
    static int8_t pooled[INPUT_CAP];
    octet_shape out, src = in;
    if (!expect_status(name, octet_blur_pool_output_shape(&in, stride, padding, max_blur, &out), OCTET_OK)) return;
    fill_s8(in_s8, elements(in), seed, lo, hi);
    poison_outputs();
    octet_status s = (max_blur ? octet_max_blur_pool_s8 : octet_blur_pool_s8)(&in, &q, in_s8, elements(in), stride,
                                                                              padding, out_s8, elements(out));
    if (!expect_status(name, s, OCTET_OK)) return;
    const int8_t *source = in_s8;
    if (max_blur) {
        octet_pool_params p = max_blur_window(in.spatial_rank);
        if (!output_shape(name, &in, &p, &src)) return;
        s = octet_max_pool_s8(&in, &q, in_s8, elements(in), &p, pooled, INPUT_CAP, NULL, 0);
        if (!expect_status(name, s, OCTET_OK)) return;
        source = pooled;
    }
    octet_shape ref = reference_blur(src, source, NULL, stride, padding, q.zero_point, level_s8, NULL);
    if (memcmp(&ref, &out, sizeof ref) || memcmp(level_s8, out_s8, elements(out))) {
        printf("FAIL %s: differs from the blur pool written out from octet.h\n", name);
        failures += 1;
        return;
    }
    report(name, out, out_s8, elements(out), NULL);
}

/* Float blur / max-blur pool. Blur: checked against reference_blur (exact: k/64 inputs, weights
 * 1...8, at most 27 terms). Max-blur: checked against octet_max_pool_f32 then octet_blur_pool_f32. */
static void blur_f32(const char *name, octet_shape in, int32_t stride, int32_t padding, int max_blur, long nan_at,
                     uint64_t seed) {
    static float pooled[INPUT_CAP];
    octet_shape out, src;
    if (!expect_status(name, octet_blur_pool_output_shape(&in, stride, padding, max_blur, &out), OCTET_OK)) return;
    seed_f32(in, seed, nan_at);
    poison_outputs();
    octet_status s = (max_blur ? octet_max_blur_pool_f32 : octet_blur_pool_f32)(&in, in_f32, elements(in), stride,
                                                                                padding, out_f32, elements(out));
    if (!expect_status(name, s, OCTET_OK)) return;
    int same;
    if (max_blur) {
        octet_pool_params p = max_blur_window(in.spatial_rank);
        if (!output_shape(name, &in, &p, &src)) return;
        s = octet_max_pool_f32(&in, in_f32, elements(in), &p, pooled, INPUT_CAP, NULL, 0);
        if (!expect_status(name, s, OCTET_OK)) return;
        s = octet_blur_pool_f32(&src, pooled, elements(src), stride, padding, level_f32, OUTPUT_CAP);
        if (!expect_status(name, s, OCTET_OK)) return;
        same = !memcmp(level_f32, out_f32, elements(out) * sizeof(float));
    } else {
        octet_shape ref = reference_blur(in, NULL, in_f32, stride, padding, 0, NULL, level_f32);
        same = !memcmp(&ref, &out, sizeof ref) && (nan_at >= 0 || !memcmp(level_f32, out_f32, elements(out) * sizeof(float)));
    }
    if (!same) {
        printf("FAIL %s: differs from its definition\n", name);
        failures += 1;
        return;
    }
    report(name, out, out_f32, elements(out) * sizeof(float), NULL);
}

/* ---- The cases -------------------------------------------------------------------------------- */

static void max_pool_cases(void) {
    const octet_quant unit = {1.0f, 0};
    octet_pool_params p;

    p = pool(2, 1, 3, 3, 1, 2, 2);
    explicit_padding(&p, 0, 1, 1, 0, 1, 1);
    max_s8("max_s8 2d 3x3/2 pad1 c16 idx", shape(2, 1, 1, 7, 9, 16), unit, p, 1, -128, 127, 1);

    p = pool(2, 1, 2, 2, 1, 2, 2);
    p.activation = OCTET_ACTIVATION_RELU6;
    const octet_quant q6 = {0.05f, -10};
    max_s8("max_s8 2d 2x2/2 relu6 n2 c17", shape(2, 2, 1, 8, 8, 17), q6, p, 0, -128, 127, 2);

    p = pool(2, 1, 3, 3, 1, 2, 2);
    p.dilation[1] = p.dilation[2] = 2;
    p.ceil_mode = 1;
    explicit_padding(&p, 0, 1, 1, 0, 1, 1);
    max_s8("max_s8 2d 3x3/2 dil2 ceil c67 idx", shape(2, 1, 1, 10, 11, 67), unit, p, 1, -128, 127, 3);

    p = pool(2, 1, 3, 2, 1, 1, 3);
    explicit_padding(&p, 0, 2, 0, 0, 0, 1);
    max_s8("max_s8 2d asym pad ties c1 idx", shape(2, 1, 1, 6, 7, 1), unit, p, 1, -128, -126, 4);

    p = pool(1, 1, 1, 4, 1, 1, 3);
    p.padding = OCTET_PADDING_SAME;
    max_s8("max_s8 1d 4/3 same c1 idx", shape(1, 1, 1, 1, 13, 1), unit, p, 1, -128, 127, 5);

    p = pool(1, 1, 1, 3, 1, 1, 2);
    p.padding = OCTET_PADDING_SAME_LOWER;
    p.ceil_mode = 1;
    max_s8("max_s8 1d 3/2 same_lower c16", shape(1, 3, 1, 1, 10, 16), unit, p, 0, -128, 127, 6);

    p = pool(3, 2, 3, 2, 1, 2, 2);
    p.padding = OCTET_PADDING_SAME;
    max_s8("max_s8 3d 2x3x2 same c17 idx", shape(3, 1, 4, 5, 6, 17), unit, p, 1, -128, 127, 7);

    p = pool(3, 2, 2, 2, 2, 2, 2);
    p.ceil_mode = 1;
    p.activation = OCTET_ACTIVATION_CLAMP;
    p.act_min = -20.0f;
    p.act_max = 30.0f;
    max_s8("max_s8 3d 2x2x2 ceil clamp c3 idx", shape(3, 2, 3, 5, 5, 3), unit, p, 1, -128, 127, 8);

    p = pool(2, 1, 2, 2, 1, 1, 1);
    max_s8("max_s8 2d all -128 c16 idx", shape(2, 1, 1, 3, 3, 16), unit, p, 1, -128, -128, 9);

    /* Float32: k/64 values, one NaN, clamp to [-2, 2]. */
    octet_shape in = shape(2, 1, 1, 6, 6, 17);
    p = pool(2, 1, 3, 3, 1, 1, 1);
    p.padding = OCTET_PADDING_SAME;
    p.activation = OCTET_ACTIVATION_CLAMP;
    p.act_min = -2.0f;
    p.act_max = 2.0f;
    octet_shape out;
    if (output_shape("max_f32 2d 3x3 same clamp nan", &in, &p, &out)) {
        fill_f32(in_f32, elements(in), 10);
        in_f32[(2 * 6 + 3) * 17 + 5] = NAN;
        poison_outputs();
        octet_status s = octet_max_pool_f32(&in, in_f32, elements(in), &p, out_f32, elements(out), out_idx, elements(out));
        if (expect_status("max_f32 2d 3x3 same clamp nan", s, OCTET_OK))
            report("max_f32 2d 3x3 same clamp nan", out, out_f32, elements(out) * sizeof(float), out_idx);
    }

    in = shape(1, 2, 1, 1, 19, 16);
    p = pool(1, 1, 1, 3, 1, 1, 2);
    p.dilation[2] = 3;
    explicit_padding(&p, 0, 0, 2, 0, 0, 2);
    if (output_shape("max_f32 1d dil3 pad2 c16", &in, &p, &out)) {
        fill_f32(in_f32, elements(in), 11);
        poison_outputs();
        octet_status s = octet_max_pool_f32(&in, in_f32, elements(in), &p, out_f32, elements(out), NULL, 0);
        if (expect_status("max_f32 1d dil3 pad2 c16", s, OCTET_OK))
            report("max_f32 1d dil3 pad2 c16", out, out_f32, elements(out) * sizeof(float), NULL);
    }
}

static void average_pool_cases(void) {
    const octet_quant q = {0.1f, 3};
    octet_pool_params p;

    p = pool(2, 1, 3, 3, 1, 2, 2);
    explicit_padding(&p, 0, 1, 1, 0, 1, 1);
    p.activation = OCTET_ACTIVATION_RELU;
    avg_s8("avg_s8 2d 3x3/2 pad1 relu c16", shape(2, 1, 1, 9, 9, 16), q, p, -128, 127, 20);

    p.count_include_pad = 1;
    p.ceil_mode = 1;
    p.activation = OCTET_ACTIVATION_NONE;
    avg_s8("avg_s8 2d incl_pad ceil c67", shape(2, 1, 1, 10, 8, 67), q, p, -128, 127, 21);

    p = pool(2, 1, 2, 3, 1, 2, 1);
    p.dilation[1] = 2;
    p.padding = OCTET_PADDING_SAME;
    p.activation = OCTET_ACTIVATION_RELU6;
    avg_s8("avg_s8 2d dil same relu6 n2 c17", shape(2, 2, 1, 7, 6, 17), q, p, -128, 127, 22);

    p = pool(1, 1, 1, 5, 1, 1, 2);
    explicit_padding(&p, 0, 0, 2, 0, 0, 1);
    p.count_include_pad = 1;
    avg_s8("avg_s8 1d 5/2 incl_pad c1", shape(1, 1, 1, 1, 23, 1), q, p, -128, 127, 23);

    p = pool(3, 2, 2, 2, 1, 2, 2);
    p.ceil_mode = 1;
    avg_s8("avg_s8 3d 2x2x2 ceil c16", shape(3, 1, 3, 5, 5, 16), q, p, -128, 127, 24);
}

static void global_and_adaptive_cases(void) {
    const octet_quant qa = {0.1f, 3}, qb = {0.037f, -20};

    global_avg_s8("gavg_s8 2d same q c16", shape(2, 2, 1, 5, 7, 16), qa, qa, OCTET_ACTIVATION_NONE, 30);
    global_avg_s8("gavg_s8 2d requant relu c67", shape(2, 1, 1, 9, 4, 67), qa, qb, OCTET_ACTIVATION_RELU, 31);
    global_avg_s8("gavg_s8 1d requant c17", shape(1, 1, 1, 1, 40, 17), qb, qa, OCTET_ACTIVATION_NONE, 32);
    global_avg_s8("gavg_s8 3d same q relu6 c1", shape(3, 1, 3, 4, 5, 1), qa, qa, OCTET_ACTIVATION_RELU6, 33);

    global_max_s8("gmax_s8 2d idx c17", shape(2, 2, 1, 6, 6, 17), qa, qa, 1, OCTET_ACTIVATION_NONE, 0, 0, 34);
    global_max_s8("gmax_s8 3d requant idx c16", shape(3, 1, 2, 3, 4, 16), qa, qb, 1, OCTET_ACTIVATION_NONE, 0, 0, 35);
    global_max_s8("gmax_s8 1d clamp c67", shape(1, 1, 1, 1, 9, 67), qa, qa, 0, OCTET_ACTIVATION_CLAMP, -3.0f, 5.0f, 36);

    adaptive_avg_s8("aavg_s8 2d 10x7->3x4 c16", shape(2, 1, 1, 10, 7, 16), shape(2, 1, 1, 3, 4, 16), qa,
                    OCTET_ACTIVATION_NONE, 40);
    adaptive_avg_s8("aavg_s8 1d 13->5 relu c17", shape(1, 2, 1, 1, 13, 17), shape(1, 2, 1, 1, 5, 17), qa,
                    OCTET_ACTIVATION_RELU, 41);
    adaptive_avg_s8("aavg_s8 3d 3x5x4->2x2x3 c1", shape(3, 1, 3, 5, 4, 1), shape(3, 1, 2, 2, 3, 1), qb,
                    OCTET_ACTIVATION_NONE, 42);
    adaptive_avg_s8("aavg_s8 2d 5x3->7x8 upsample c16", shape(2, 1, 1, 5, 3, 16), shape(2, 1, 1, 7, 8, 16), qa,
                    OCTET_ACTIVATION_NONE, 46);
    adaptive_max_s8("amax_s8 1d 4->9 upsample idx c17", shape(1, 1, 1, 1, 4, 17), shape(1, 1, 1, 1, 9, 17), qb, 1,
                    OCTET_ACTIVATION_NONE, 47);
    adaptive_max_s8("amax_s8 2d 9x9->4x4 idx c67", shape(2, 1, 1, 9, 9, 67), shape(2, 1, 1, 4, 4, 67), qa, 1,
                    OCTET_ACTIVATION_NONE, 43);
    adaptive_max_s8("amax_s8 1d 11->11 relu6 c16", shape(1, 1, 1, 1, 11, 16), shape(1, 1, 1, 1, 11, 16), qa, 0,
                    OCTET_ACTIVATION_RELU6, 44);
    adaptive_max_s8("amax_s8 3d 4x4x4->3x2x1 idx c17", shape(3, 1, 4, 4, 4, 17), shape(3, 1, 3, 2, 1, 17), qb, 1,
                    OCTET_ACTIVATION_NONE, 45);
}

static void lp_and_unpool_cases(void) {
    const octet_quant qa = {0.1f, 3}, qb = {0.05f, -7};
    octet_pool_params p;

    p = pool(2, 1, 3, 3, 1, 2, 2);
    explicit_padding(&p, 0, 1, 1, 0, 1, 1);
    lp_s8("lp_s8 2d p1 3x3/2 pad1 c16", shape(2, 1, 1, 9, 9, 16), qa, qb, p, 1.0f, 0, 60);
    lp_s8("lp_s8 2d p2 mean c17", shape(2, 2, 1, 6, 7, 17), qa, qa, p, 2.0f, 1, 61);
    p.count_include_pad = 1;
    p.activation = OCTET_ACTIVATION_RELU6;
    lp_s8("lp_s8 2d p2 mean incl_pad relu6 c67", shape(2, 1, 1, 5, 6, 67), qa, qb, p, 2.0f, 1, 62);
    p = pool(1, 1, 1, 4, 1, 1, 3);
    p.padding = OCTET_PADDING_SAME;
    lp_s8("lp_s8 1d p3 same c1", shape(1, 1, 1, 1, 20, 1), qb, qa, p, 3.0f, 0, 63);
    p = pool(3, 2, 2, 2, 1, 1, 2);
    p.ceil_mode = 1;
    lp_s8("lp_s8 3d p0.5 mean ceil c16", shape(3, 1, 3, 4, 5, 16), qa, qb, p, 0.5f, 1, 64);
    p = pool(2, 1, 2, 2, 1, 1, 1);
    lp_s8("lp_s8 2d p1e30 c17", shape(2, 1, 1, 4, 4, 17), qa, qa, p, 1e30f, 0, 65);

    p = pool(2, 1, 2, 2, 1, 2, 2);
    max_unpool_s8("unpool_s8 2d 2x2/2 c16", shape(2, 1, 1, 6, 8, 16), qa, p, 66);
    p = pool(2, 1, 3, 3, 1, 2, 2);
    explicit_padding(&p, 0, 1, 1, 0, 1, 1);
    max_unpool_s8("unpool_s8 2d 3x3/2 overlap c17", shape(2, 2, 1, 7, 7, 17), qb, p, 67);
    p = pool(1, 1, 1, 3, 1, 1, 3);
    max_unpool_s8("unpool_s8 1d 3/3 c1", shape(1, 1, 1, 1, 12, 1), qa, p, 68);
    p = pool(3, 2, 2, 2, 2, 2, 2);
    max_unpool_s8("unpool_s8 3d 2x2x2/2 c67", shape(3, 1, 4, 4, 4, 67), qa, p, 69);
}

/* Arguments every export must refuse with a status (never a crash), leaving the output as it was. */
static void bad_argument_cases(void) {
    const octet_quant q = {0.1f, 3};
    octet_shape in = shape(2, 1, 1, 8, 8, 16), out;
    size_t n_in = elements(in);
    octet_pool_params p = pool(2, 1, 2, 2, 1, 2, 2);
    fill_s8(in_s8, n_in, 50, -128, 127);
    fill_f32(in_f32, n_in, 51);
    poison_outputs();

    octet_pool_params bad = p;
    bad.stride[2] = 0;
    refused("bad max_s8 zero stride", octet_max_pool_s8(&in, &q, in_s8, n_in, &bad, out_s8, OUTPUT_CAP, NULL, 0),
            OCTET_INVALID_ARGUMENT);
    refused("bad output_shape zero stride", octet_pool_output_shape(&in, &bad, &out), OCTET_INVALID_ARGUMENT);
    bad = p;
    bad.dilation[1] = 0;
    refused("bad max_f32 zero dilation", octet_max_pool_f32(&in, in_f32, n_in, &bad, out_f32, OUTPUT_CAP, NULL, 0),
            OCTET_INVALID_ARGUMENT);

    /* 8x8 / 2 = 4x4x16 = 256 outputs. */
    refused("bad max_s8 output capacity", octet_max_pool_s8(&in, &q, in_s8, n_in, &p, out_s8, 255, NULL, 0),
            OCTET_INVALID_ARGUMENT);
    refused("bad max_s8 indices capacity", octet_max_pool_s8(&in, &q, in_s8, n_in, &p, out_s8, 256, out_idx, 100),
            OCTET_INVALID_ARGUMENT);
    refused("bad max_s8 input capacity", octet_max_pool_s8(&in, &q, in_s8, n_in - 1, &p, out_s8, 256, NULL, 0),
            OCTET_INVALID_ARGUMENT);
    refused("bad max_s8 null input", octet_max_pool_s8(&in, &q, NULL, n_in, &p, out_s8, 256, NULL, 0),
            OCTET_INVALID_ARGUMENT);
    refused("bad max_s8 null output", octet_max_pool_s8(&in, &q, in_s8, n_in, &p, NULL, 256, NULL, 0),
            OCTET_INVALID_ARGUMENT);
    refused("bad max_s8 null params", octet_max_pool_s8(&in, &q, in_s8, n_in, NULL, out_s8, 256, NULL, 0),
            OCTET_INVALID_ARGUMENT);
    refused("bad output_shape null output", octet_pool_output_shape(&in, &p, NULL), OCTET_INVALID_ARGUMENT);

    bad = p;
    bad.padding = 7;
    refused("bad avg_s8 padding code", octet_avg_pool_s8(&in, &q, in_s8, n_in, &bad, out_s8, OUTPUT_CAP),
            OCTET_INVALID_ARGUMENT);
    bad = p;
    bad.activation = 9;
    refused("bad avg_s8 activation code", octet_avg_pool_s8(&in, &q, in_s8, n_in, &bad, out_s8, OUTPUT_CAP),
            OCTET_INVALID_ARGUMENT);
    bad = p;
    explicit_padding(&bad, 0, 2, 0, 0, 0, 0);
    refused("bad max_s8 pad >= window", octet_max_pool_s8(&in, &q, in_s8, n_in, &bad, out_s8, OUTPUT_CAP, NULL, 0),
            OCTET_INVALID_ARGUMENT);
    bad = p;
    bad.spatial_rank = 3;
    refused("bad max_s8 rank mismatch", octet_max_pool_s8(&in, &q, in_s8, n_in, &bad, out_s8, OUTPUT_CAP, NULL, 0),
            OCTET_INVALID_ARGUMENT);
    bad = p;
    bad.window[1] = bad.window[2] = INT32_MAX;
    bad.dilation[1] = INT32_MAX;
    refused("bad output_shape huge window", octet_pool_output_shape(&in, &bad, &out), OCTET_INVALID_ARGUMENT);
    bad = p;
    bad.window[2] = 9;
    refused("bad max_s8 window > input", octet_max_pool_s8(&in, &q, in_s8, n_in, &bad, out_s8, OUTPUT_CAP, NULL, 0),
            OCTET_INVALID_ARGUMENT);

    /* W = 1, window 2 dilated by 3 (extent 4), pads 1 + 2: the one window reads cells -1 and 2. */
    octet_shape thin = shape(1, 1, 1, 1, 1, 4);
    bad = pool(1, 1, 1, 2, 1, 1, 1);
    bad.dilation[2] = 3;
    explicit_padding(&bad, 0, 0, 1, 0, 0, 2);
    refused("bad max_s8 window without cells", octet_max_pool_s8(&thin, &q, in_s8, 4, &bad, out_s8, OUTPUT_CAP, NULL, 0),
            OCTET_INVALID_ARGUMENT);

    octet_shape huge = shape(3, INT32_MAX, INT32_MAX, INT32_MAX, INT32_MAX, INT32_MAX);
    octet_pool_params p3 = pool(3, 1, 1, 1, 1, 1, 1);
    refused("bad max_s8 overflowing shape", octet_max_pool_s8(&huge, &q, in_s8, n_in, &p3, out_s8, OUTPUT_CAP, NULL, 0),
            OCTET_INVALID_ARGUMENT);
    octet_shape flat = shape(2, 1, 1, INT32_MAX, INT32_MAX, 1);
    refused("bad gavg_s8 plane > int32", octet_global_avg_pool_s8(&flat, &q, in_s8, n_in, &q, out_s8, OUTPUT_CAP, 0, 0, 0),
            OCTET_INVALID_ARGUMENT);
    octet_shape skew = shape(2, 1, 2, 8, 8, 16);
    refused("bad max_s8 depth on 2d shape", octet_max_pool_s8(&skew, &q, in_s8, n_in, &p, out_s8, OUTPUT_CAP, NULL, 0),
            OCTET_INVALID_ARGUMENT);
    octet_shape zero = shape(2, 1, 1, 8, 8, 0);
    refused("bad max_s8 zero channels", octet_max_pool_s8(&zero, &q, in_s8, n_in, &p, out_s8, OUTPUT_CAP, NULL, 0),
            OCTET_INVALID_ARGUMENT);

    const octet_quant zero_scale = {0.0f, 0}, wide_zp = {0.1f, 200}, nan_scale = {NAN, 0};
    refused("bad max_s8 zero scale", octet_max_pool_s8(&in, &zero_scale, in_s8, n_in, &p, out_s8, OUTPUT_CAP, NULL, 0),
            OCTET_INVALID_ARGUMENT);
    refused("bad gavg_s8 zero point 200", octet_global_avg_pool_s8(&in, &q, in_s8, n_in, &wide_zp, out_s8, OUTPUT_CAP, 0, 0, 0),
            OCTET_INVALID_ARGUMENT);
    refused("bad gmax_s8 nan scale", octet_global_max_pool_s8(&in, &nan_scale, in_s8, n_in, &q, out_s8, OUTPUT_CAP, NULL, 0, 0, 0, 0),
            OCTET_INVALID_ARGUMENT);
    refused("bad gmax_s8 null output quant", octet_global_max_pool_s8(&in, &q, in_s8, n_in, NULL, out_s8, OUTPUT_CAP, NULL, 0, 0, 0, 0),
            OCTET_INVALID_ARGUMENT);
    refused("bad gmax_s8 indices capacity", octet_global_max_pool_s8(&in, &q, in_s8, n_in, &q, out_s8, OUTPUT_CAP, out_idx, 15, 0, 0, 0),
            OCTET_INVALID_ARGUMENT);

    octet_shape empty = shape(2, 1, 1, 0, 4, 16);
    refused("bad aavg_s8 output extent 0", octet_adaptive_avg_pool_s8(&in, &q, in_s8, n_in, &empty, out_s8, OUTPUT_CAP, 0, 0, 0),
            OCTET_UNSUPPORTED);
    octet_shape other_batch = shape(2, 2, 1, 4, 4, 16);
    refused("bad amax_s8 batch mismatch", octet_adaptive_max_pool_s8(&in, &q, in_s8, n_in, &other_batch, out_s8, OUTPUT_CAP, NULL, 0, 0, 0, 0),
            OCTET_INVALID_ARGUMENT);
    /* 2^30 x 2^30 output cells x 16 channels: the element count overflows 64 bits. */
    octet_shape vast = shape(2, 1, 1, 1 << 30, 1 << 30, 1);
    refused("bad aavg_s8 output count overflow", octet_adaptive_avg_pool_s8(&in, &q, in_s8, n_in, &vast, out_s8, OUTPUT_CAP, 0, 0, 0),
            OCTET_INVALID_ARGUMENT);
    octet_shape small = shape(2, 1, 1, 2, 2, 16);
    refused("bad amax_s8 output capacity", octet_adaptive_max_pool_s8(&in, &q, in_s8, n_in, &small, out_s8, 63, NULL, 0, 0, 0, 0),
            OCTET_INVALID_ARGUMENT);

    refused("bad lp_s8 p = 0", octet_lp_pool_s8(&in, &q, in_s8, n_in, &p, &q, out_s8, OUTPUT_CAP, 0.0f, 0),
            OCTET_UNSUPPORTED);
    refused("bad lp_s8 p = -1e30", octet_lp_pool_s8(&in, &q, in_s8, n_in, &p, &q, out_s8, OUTPUT_CAP, -1e30f, 0),
            OCTET_UNSUPPORTED);
    refused("bad lp_s8 p = nan", octet_lp_pool_s8(&in, &q, in_s8, n_in, &p, &q, out_s8, OUTPUT_CAP, NAN, 1),
            OCTET_UNSUPPORTED);
    refused("bad lp_s8 output zero point -129", octet_lp_pool_s8(&in, &q, in_s8, n_in, &p, &(octet_quant){0.1f, -129},
            out_s8, OUTPUT_CAP, 2.0f, 0), OCTET_INVALID_ARGUMENT);

    /* Unpool 4x4 -> 8x8: index 64 is outside the 8x8 plane. */
    static int32_t bad_idx[256];
    octet_shape pooled = shape(2, 1, 1, 4, 4, 16);
    for (int k = 0; k < 256; k++) bad_idx[k] = k % 64;
    bad_idx[200] = 64;
    refused("bad unpool_s8 index out of range", octet_max_unpool_s8(&pooled, &q, in_s8, 256, bad_idx, 256, &in, out_s8, OUTPUT_CAP),
            OCTET_INVALID_ARGUMENT);
    bad_idx[200] = -1;
    refused("bad unpool_s8 negative index", octet_max_unpool_s8(&pooled, &q, in_s8, 256, bad_idx, 256, &in, out_s8, OUTPUT_CAP),
            OCTET_INVALID_ARGUMENT);
    bad_idx[200] = 0;
    refused("bad unpool_s8 output count overflow", octet_max_unpool_s8(&pooled, &q, in_s8, 256, bad_idx, 256, &vast, out_s8, OUTPUT_CAP),
            OCTET_INVALID_ARGUMENT);
    refused("bad unpool_s8 null indices", octet_max_unpool_s8(&pooled, &q, in_s8, 256, NULL, 256, &in, out_s8, OUTPUT_CAP),
            OCTET_INVALID_ARGUMENT);
    refused("bad unpool_s8 output capacity", octet_max_unpool_s8(&pooled, &q, in_s8, 256, bad_idx, 256, &in, out_s8, 1023),
            OCTET_INVALID_ARGUMENT);

    /* An average window of 257 x 257 = 66049 cells > 65536. */
    octet_shape big = shape(2, 1, 1, 257, 257, 1);
    bad = pool(2, 1, 257, 257, 1, 1, 1);
    fill_s8(in_s8, elements(big), 52, -128, 127);
    refused("bad avg_s8 window > 65536 cells", octet_avg_pool_s8(&big, &q, in_s8, elements(big), &bad, out_s8, OUTPUT_CAP),
            OCTET_UNSUPPORTED);
}

static void pyramid_cases(void) {
    const octet_quant qa = {0.1f, 3}, qb = {0.037f, -20};
    static const int32_t l124[] = {1, 2, 4}, l421[] = {4, 2, 1}, l1_3_8_20[] = {1, 3, 8, 20}, l123[] = {1, 2, 3},
                         l22[] = {2, 2}, l41[] = {4, 1}, l5[] = {5};

    spp_s8("spp_s8 2d 13x11 {1,2,4} max c16", shape(2, 1, 1, 13, 11, 16), qa, l124, 3, OCTET_PYRAMID_MAX,
           OCTET_ACTIVATION_NONE, 0, 0, 80);
    spp_s8("spp_s8 2d {4,2,1} avg relu n2 c17", shape(2, 2, 1, 9, 10, 17), qb, l421, 3, OCTET_PYRAMID_AVERAGE,
           OCTET_ACTIVATION_RELU, 0, 0, 81);
    spp_s8("spp_s8 1d 13 {1,3,8,20} max c1", shape(1, 1, 1, 1, 13, 1), qa, l1_3_8_20, 4, OCTET_PYRAMID_MAX,
           OCTET_ACTIVATION_NONE, 0, 0, 82);
    spp_s8("spp_s8 3d {1,2,3} avg relu6 c16", shape(3, 1, 5, 6, 7, 16), qa, l123, 3, OCTET_PYRAMID_AVERAGE,
           OCTET_ACTIVATION_RELU6, 0, 0, 83);
    spp_s8("spp_s8 2d {2,2} max clamp n3 c1", shape(2, 3, 1, 5, 4, 1), qb, l22, 2, OCTET_PYRAMID_MAX,
           OCTET_ACTIVATION_CLAMP, -1.0f, 2.0f, 84);
    spp_s8("spp_s8 3d 2x3x4 {5} upsample c17", shape(3, 1, 2, 3, 4, 17), qa, l5, 1, OCTET_PYRAMID_AVERAGE,
           OCTET_ACTIVATION_NONE, 0, 0, 85);
    /* 300x300: level 1's average window (> 65536 cells) is refused below; max has no such bound. */
    spp_s8("spp_s8 2d 300x300 {4,1} max c1", shape(2, 1, 1, 300, 300, 1), qa, l41, 2, OCTET_PYRAMID_MAX,
           OCTET_ACTIVATION_NONE, 0, 0, 86);

    spp_f32("spp_f32 2d {1,2,4} max nan c17", shape(2, 1, 1, 8, 9, 17), l124, 3, OCTET_PYRAMID_MAX,
            OCTET_ACTIVATION_NONE, 0, 0, (3 * 9 + 4) * 17 + 2, 87);
    spp_f32("spp_f32 3d {1,2,3} avg clamp c1", shape(3, 2, 4, 5, 6, 1), l123, 3, OCTET_PYRAMID_AVERAGE,
            OCTET_ACTIVATION_CLAMP, -3.0f, 3.0f, -1, 88);
    spp_f32("spp_f32 2d 300x300 {4,1} avg c1", shape(2, 1, 1, 300, 300, 1), l41, 2, OCTET_PYRAMID_AVERAGE,
            OCTET_ACTIVATION_NONE, 0, 0, -1, 89);
    spp_f32("spp_f32 1d {4,2,1} avg relu c16", shape(1, 2, 1, 1, 11, 16), l421, 3, OCTET_PYRAMID_AVERAGE,
            OCTET_ACTIVATION_RELU, 0, 0, -1, 90);
}

static void blur_cases(void) {
    const octet_quant qa = {0.1f, 3}, qb = {0.05f, -20};

    blur_s8("blur_s8 1d 9/2 reflect c1", shape(1, 1, 1, 1, 9, 1), qa, 2, OCTET_BLUR_PADDING_REFLECT, 0, -128, 127, 100);
    blur_s8("blur_s8 2d 7x8/2 replicate c16", shape(2, 1, 1, 7, 8, 16), qa, 2, OCTET_BLUR_PADDING_REPLICATE, 0,
            -128, 127, 101);
    blur_s8("blur_s8 2d 6x5/3 zero n2 c17", shape(2, 2, 1, 6, 5, 17), qb, 3, OCTET_BLUR_PADDING_ZERO, 0, -128, 127, 102);
    blur_s8("blur_s8 3d 4x5x6/2 reflect c16", shape(3, 1, 4, 5, 6, 16), qa, 2, OCTET_BLUR_PADDING_REFLECT, 0,
            -128, 127, 103);
    blur_s8("blur_s8 2d 1x7/2 replicate c17", shape(2, 1, 1, 1, 7, 17), qa, 2, OCTET_BLUR_PADDING_REPLICATE, 0,
            -128, 127, 104);
    blur_s8("blur_s8 2d 5x5/1 zero ties c16", shape(2, 1, 1, 5, 5, 16), qb, 1, OCTET_BLUR_PADDING_ZERO, 0, -2, 2, 105);
    blur_s8("blur_s8 2d extremes reflect c1", shape(2, 1, 1, 4, 4, 1), qa, 2, OCTET_BLUR_PADDING_REFLECT, 0,
            126, 127, 106);
    blur_s8("blur_s8 3d 3x3x3/5 zero -128 c1", shape(3, 1, 3, 3, 3, 1), qb, 5, OCTET_BLUR_PADDING_ZERO, 0,
            -128, -128, 107);

    blur_s8("maxblur_s8 2d 8x8/2 reflect c16", shape(2, 1, 1, 8, 8, 16), qa, 2, OCTET_BLUR_PADDING_REFLECT, 1,
            -128, 127, 110);
    blur_s8("maxblur_s8 1d 10/2 replicate c17", shape(1, 1, 1, 1, 10, 17), qb, 2, OCTET_BLUR_PADDING_REPLICATE, 1,
            -128, 127, 111);
    blur_s8("maxblur_s8 3d 4x4x5/2 zero c1", shape(3, 1, 4, 4, 5, 1), qa, 2, OCTET_BLUR_PADDING_ZERO, 1, -128, 127, 112);
    blur_s8("maxblur_s8 2d 2x9/3 replicate n2 c17", shape(2, 2, 1, 2, 9, 17), qa, 3, OCTET_BLUR_PADDING_REPLICATE, 1,
            -128, 127, 113);
    blur_s8("blur_s8 2d 5x6/2 reflect c33", shape(2, 1, 1, 5, 6, 33), qb, 2, OCTET_BLUR_PADDING_REFLECT, 0, -128, 127, 108);
    blur_s8("maxblur_s8 3d 3x4x4/2 replicate c48", shape(3, 1, 3, 4, 4, 48), qa, 2, OCTET_BLUR_PADDING_REPLICATE, 1,
            -128, 127, 115);
    blur_s8("maxblur_s8 2d ties zero c16", shape(2, 1, 1, 6, 7, 16), qb, 2, OCTET_BLUR_PADDING_ZERO, 1, -128, -127, 114);

    blur_f32("blur_f32 2d 9x7/2 reflect c17", shape(2, 1, 1, 9, 7, 17), 2, OCTET_BLUR_PADDING_REFLECT, 0, -1, 120);
    blur_f32("blur_f32 3d 3x4x5/2 zero c1", shape(3, 1, 3, 4, 5, 1), 2, OCTET_BLUR_PADDING_ZERO, 0, -1, 121);
    blur_f32("blur_f32 1d 16/3 replicate nan c16", shape(1, 2, 1, 1, 16, 16), 3, OCTET_BLUR_PADDING_REPLICATE, 0,
             5 * 16 + 7, 122);
    blur_f32("maxblur_f32 2d 8x8/2 reflect nan c16", shape(2, 1, 1, 8, 8, 16), 2, OCTET_BLUR_PADDING_REFLECT, 1,
             (2 * 8 + 3) * 16 + 9, 123);
    blur_f32("maxblur_f32 3d 3x3x4/1 zero c17", shape(3, 1, 3, 3, 4, 17), 1, OCTET_BLUR_PADDING_ZERO, 1, -1, 124);
}

static void float_cases(void) {
    octet_pool_params p;

    p = pool(2, 1, 3, 3, 1, 2, 2);
    explicit_padding(&p, 0, 1, 1, 0, 1, 1);
    p.count_include_pad = 1;
    avg_f32("avg_f32 2d 3x3/2 incl_pad c16", shape(2, 1, 1, 9, 9, 16), p, -1, 130);
    p = pool(1, 1, 1, 4, 1, 1, 3);
    p.padding = OCTET_PADDING_SAME;
    avg_f32("avg_f32 1d 4/3 same c1", shape(1, 1, 1, 1, 14, 1), p, -1, 131);
    p = pool(3, 2, 2, 2, 1, 2, 2);
    p.ceil_mode = 1;
    p.activation = OCTET_ACTIVATION_RELU;
    avg_f32("avg_f32 3d 2x2x2 ceil relu nan c17", shape(3, 1, 3, 5, 5, 17), p, (7 * 5 + 2) * 17 + 3, 132);

    global_avg_f32("gavg_f32 2d c16", shape(2, 2, 1, 5, 7, 16), OCTET_ACTIVATION_NONE, 0, 0, -1, 133);
    global_avg_f32("gavg_f32 1d relu c1", shape(1, 1, 1, 1, 40, 1), OCTET_ACTIVATION_RELU, 0, 0, -1, 134);
    global_avg_f32("gavg_f32 3d clamp nan c17", shape(3, 1, 2, 3, 4, 17), OCTET_ACTIVATION_CLAMP, -0.5f, 0.5f, 40, 135);

    global_max_f32("gmax_f32 2d idx nan c17", shape(2, 2, 1, 6, 6, 17), 1, OCTET_ACTIVATION_NONE, 0, 0, 17 * 9 + 4, 136);
    global_max_f32("gmax_f32 3d idx c1", shape(3, 1, 2, 3, 4, 1), 1, OCTET_ACTIVATION_NONE, 0, 0, -1, 137);
    global_max_f32("gmax_f32 1d clamp c16", shape(1, 1, 1, 1, 9, 16), 0, OCTET_ACTIVATION_CLAMP, -3.0f, 5.0f, -1, 138);

    adaptive_avg_f32("aavg_f32 2d 10x7->3x4 c16", shape(2, 1, 1, 10, 7, 16), shape(2, 1, 1, 3, 4, 16),
                     OCTET_ACTIVATION_NONE, 139);
    adaptive_avg_f32("aavg_f32 1d 4->9 upsample c1", shape(1, 1, 1, 1, 4, 1), shape(1, 1, 1, 1, 9, 1),
                     OCTET_ACTIVATION_NONE, 140);
    adaptive_avg_f32("aavg_f32 3d 3x5x4->2x2x3 relu6 c17", shape(3, 2, 3, 5, 4, 17), shape(3, 2, 2, 2, 3, 17),
                     OCTET_ACTIVATION_RELU6, 141);
    adaptive_max_f32("amax_f32 2d 9x9->4x4 idx nan c17", shape(2, 1, 1, 9, 9, 17), shape(2, 1, 1, 4, 4, 17), 1,
                     OCTET_ACTIVATION_NONE, (4 * 9 + 4) * 17, 142);
    adaptive_max_f32("amax_f32 1d 13->5 idx c1", shape(1, 1, 1, 1, 13, 1), shape(1, 1, 1, 1, 5, 1), 1,
                     OCTET_ACTIVATION_NONE, -1, 143);
    adaptive_max_f32("amax_f32 3d 4x4x4->3x2x1 relu c16", shape(3, 1, 4, 4, 4, 16), shape(3, 1, 3, 2, 1, 16), 0,
                     OCTET_ACTIVATION_RELU, -1, 144);

    p = pool(2, 1, 3, 3, 1, 2, 2);
    explicit_padding(&p, 0, 1, 1, 0, 1, 1);
    lp_f32("lp_f32 2d p1 3x3/2 pad1 c16", shape(2, 1, 1, 9, 9, 16), p, 1.0f, 0, -1, 145);
    p.count_include_pad = 1;
    lp_f32("lp_f32 2d p2 mean incl_pad c17", shape(2, 2, 1, 6, 7, 17), p, 2.0f, 1, -1, 146);
    p = pool(1, 1, 1, 4, 1, 1, 3);
    p.padding = OCTET_PADDING_SAME;
    lp_f32("lp_f32 1d p3 same c1", shape(1, 1, 1, 1, 20, 1), p, 3.0f, 0, -1, 147);
    p = pool(3, 2, 2, 2, 1, 1, 2);
    p.ceil_mode = 1;
    p.activation = OCTET_ACTIVATION_CLAMP;
    p.act_min = 0.0f;
    p.act_max = 4.0f;
    lp_f32("lp_f32 3d p0.5 mean ceil clamp c16", shape(3, 1, 3, 4, 5, 16), p, 0.5f, 1, -1, 148);
    p = pool(2, 1, 2, 2, 1, 1, 1);
    lp_f32("lp_f32 2d p2 nan c1", shape(2, 1, 1, 5, 4, 1), p, 2.0f, 0, 6, 152);
    lp_f32("lp_f32 2d p1 mean nan c17", shape(2, 1, 1, 3, 3, 17), p, 1.0f, 1, 4 * 17 + 16, 153);

    p = pool(2, 1, 2, 2, 1, 2, 2);
    max_unpool_f32("unpool_f32 2d 2x2/2 c16", shape(2, 1, 1, 6, 8, 16), p, 149);
    p = pool(1, 1, 1, 3, 1, 1, 3);
    max_unpool_f32("unpool_f32 1d 3/3 c1", shape(1, 1, 1, 1, 12, 1), p, 150);
    p = pool(3, 2, 2, 2, 2, 2, 2);
    max_unpool_f32("unpool_f32 3d 2x2x2/2 c17", shape(3, 2, 4, 4, 4, 17), p, 151);
}

/* Bad arguments for the pyramid, blur and float32 exports: a status, and no output byte changed. */
static void bad_new_export_cases(void) {
    const octet_quant q = {0.1f, 3}, zero_scale = {0.0f, 0};
    octet_shape in = shape(2, 1, 1, 8, 8, 16), out;
    size_t n_in = elements(in);
    static const int32_t l124[] = {1, 2, 4}, l0[] = {1, 0}, l4097[] = {4097}, lneg[] = {2, -3}, l2000[] = {2000},
                         l41[] = {4, 1};
    fill_s8(in_s8, n_in, 160, -128, 127);
    fill_f32(in_f32, n_in, 161);
    poison_outputs();

    /* Pyramid: 1 + 4 + 16 = 21 cells x 16 channels = 336 outputs. */
    refused("bad spp_s8 level 0", octet_spatial_pyramid_pool_s8(&in, &q, in_s8, n_in, l0, 2, OCTET_PYRAMID_MAX, out_s8,
            OUTPUT_CAP, 0, 0, 0), OCTET_UNSUPPORTED);
    refused("bad spp_s8 level 4097", octet_spatial_pyramid_pool_s8(&in, &q, in_s8, n_in, l4097, 1, OCTET_PYRAMID_AVERAGE,
            out_s8, OUTPUT_CAP, 0, 0, 0), OCTET_UNSUPPORTED);
    refused("bad spp_s8 negative level", octet_spatial_pyramid_pool_s8(&in, &q, in_s8, n_in, lneg, 2, OCTET_PYRAMID_MAX,
            out_s8, OUTPUT_CAP, 0, 0, 0), OCTET_UNSUPPORTED);
    refused("bad spp_s8 no levels", octet_spatial_pyramid_pool_s8(&in, &q, in_s8, n_in, l124, 0, OCTET_PYRAMID_MAX,
            out_s8, OUTPUT_CAP, 0, 0, 0), OCTET_UNSUPPORTED);
    refused("bad spp_s8 negative level count", octet_spatial_pyramid_pool_s8(&in, &q, in_s8, n_in, l124, -1,
            OCTET_PYRAMID_MAX, out_s8, OUTPUT_CAP, 0, 0, 0), OCTET_UNSUPPORTED);
    refused("bad spp_s8 null levels", octet_spatial_pyramid_pool_s8(&in, &q, in_s8, n_in, NULL, 3, OCTET_PYRAMID_MAX,
            out_s8, OUTPUT_CAP, 0, 0, 0), OCTET_INVALID_ARGUMENT);
    refused("bad spp_s8 pooling code 2", octet_spatial_pyramid_pool_s8(&in, &q, in_s8, n_in, l124, 3, 2, out_s8,
            OUTPUT_CAP, 0, 0, 0), OCTET_INVALID_ARGUMENT);
    refused("bad spp_s8 output capacity", octet_spatial_pyramid_pool_s8(&in, &q, in_s8, n_in, l124, 3,
            OCTET_PYRAMID_MAX, out_s8, 335, 0, 0, 0), OCTET_INVALID_ARGUMENT);
    refused("bad spp_s8 input capacity", octet_spatial_pyramid_pool_s8(&in, &q, in_s8, n_in - 1, l124, 3,
            OCTET_PYRAMID_AVERAGE, out_s8, OUTPUT_CAP, 0, 0, 0), OCTET_INVALID_ARGUMENT);
    refused("bad spp_s8 zero scale", octet_spatial_pyramid_pool_s8(&in, &zero_scale, in_s8, n_in, l124, 3,
            OCTET_PYRAMID_AVERAGE, out_s8, OUTPUT_CAP, 0, 0, 0), OCTET_INVALID_ARGUMENT);
    refused("bad spp_s8 activation code", octet_spatial_pyramid_pool_s8(&in, &q, in_s8, n_in, l124, 3,
            OCTET_PYRAMID_MAX, out_s8, OUTPUT_CAP, 9, 0, 0), OCTET_INVALID_ARGUMENT);
    octet_shape cube = shape(3, 1, 4, 4, 4, 1);
    refused("bad spp_s8 3d 2000^3 cells", octet_spatial_pyramid_pool_s8(&cube, &q, in_s8, 64, l2000, 1,
            OCTET_PYRAMID_MAX, out_s8, OUTPUT_CAP, 0, 0, 0), OCTET_INVALID_ARGUMENT);
    refused("bad spp_shape 3d 2000^3 cells", octet_spatial_pyramid_pool_shape(&cube, l2000, 1, &out),
            OCTET_INVALID_ARGUMENT);
    refused("bad spp_shape level 0", octet_spatial_pyramid_pool_shape(&in, l0, 2, &out), OCTET_UNSUPPORTED);
    refused("bad spp_shape null output", octet_spatial_pyramid_pool_shape(&in, l124, 3, NULL), OCTET_INVALID_ARGUMENT);
    refused("bad spp_f32 level 4097", octet_spatial_pyramid_pool_f32(&in, in_f32, n_in, l4097, 1, OCTET_PYRAMID_MAX,
            out_f32, OUTPUT_CAP, 0, 0, 0), OCTET_UNSUPPORTED);
    refused("bad spp_f32 output capacity", octet_spatial_pyramid_pool_f32(&in, in_f32, n_in, l124, 3,
            OCTET_PYRAMID_AVERAGE, out_f32, 335, 0, 0, 0), OCTET_INVALID_ARGUMENT);
    /* Level 4 (fine) comes first; level 1's average window is 300x300 > 65536 cells: nothing written. */
    octet_shape big = shape(2, 1, 1, 300, 300, 1);
    fill_s8(in_s8, elements(big), 162, -128, 127);
    refused("bad spp_s8 avg window > 65536", octet_spatial_pyramid_pool_s8(&big, &q, in_s8, elements(big), l41, 2,
            OCTET_PYRAMID_AVERAGE, out_s8, OUTPUT_CAP, 0, 0, 0), OCTET_UNSUPPORTED);
    fill_s8(in_s8, n_in, 160, -128, 127);

    /* Blur: 8x8 / 2 = 4x4x16 = 256 outputs; max-blur 7x7 / 2 = 4x4 as well. */
    refused("bad blur_s8 stride 0", octet_blur_pool_s8(&in, &q, in_s8, n_in, 0, OCTET_BLUR_PADDING_REFLECT, out_s8,
            OUTPUT_CAP), OCTET_UNSUPPORTED);
    refused("bad blur_s8 padding code 3", octet_blur_pool_s8(&in, &q, in_s8, n_in, 2, 3, out_s8, OUTPUT_CAP),
            OCTET_INVALID_ARGUMENT);
    refused("bad blur_s8 output capacity", octet_blur_pool_s8(&in, &q, in_s8, n_in, 2, OCTET_BLUR_PADDING_ZERO, out_s8,
            255), OCTET_INVALID_ARGUMENT);
    refused("bad blur_s8 zero scale", octet_blur_pool_s8(&in, &zero_scale, in_s8, n_in, 2, OCTET_BLUR_PADDING_ZERO,
            out_s8, OUTPUT_CAP), OCTET_INVALID_ARGUMENT);
    octet_shape row = shape(2, 1, 1, 1, 8, 16);
    refused("bad blur_s8 reflect extent 1", octet_blur_pool_s8(&row, &q, in_s8, n_in, 2, OCTET_BLUR_PADDING_REFLECT,
            out_s8, OUTPUT_CAP), OCTET_UNSUPPORTED);
    refused("bad maxblur_s8 extent 1", octet_max_blur_pool_s8(&row, &q, in_s8, n_in, 2, OCTET_BLUR_PADDING_ZERO,
            out_s8, OUTPUT_CAP), OCTET_INVALID_ARGUMENT);
    octet_shape pair = shape(2, 1, 1, 2, 8, 16);
    refused("bad maxblur_s8 reflect extent 2", octet_max_blur_pool_s8(&pair, &q, in_s8, n_in, 2,
            OCTET_BLUR_PADDING_REFLECT, out_s8, OUTPUT_CAP), OCTET_UNSUPPORTED);
    refused("bad maxblur_s8 output capacity", octet_max_blur_pool_s8(&in, &q, in_s8, n_in, 2,
            OCTET_BLUR_PADDING_REFLECT, out_s8, 255), OCTET_INVALID_ARGUMENT);
    refused("bad maxblur_s8 stride -1", octet_max_blur_pool_s8(&in, &q, in_s8, n_in, -1, OCTET_BLUR_PADDING_ZERO,
            out_s8, OUTPUT_CAP), OCTET_UNSUPPORTED);
    refused("bad maxblur_s8 null quant", octet_max_blur_pool_s8(&in, NULL, in_s8, n_in, 2, OCTET_BLUR_PADDING_ZERO,
            out_s8, OUTPUT_CAP), OCTET_INVALID_ARGUMENT);
    refused("bad blur_shape reflect extent 1", octet_blur_pool_output_shape(&row, 2, OCTET_BLUR_PADDING_REFLECT, 0, &out),
            OCTET_UNSUPPORTED);
    refused("bad blur_shape max extent 1", octet_blur_pool_output_shape(&row, 2, OCTET_BLUR_PADDING_ZERO, 1, &out),
            OCTET_INVALID_ARGUMENT);
    refused("bad blur_shape null output", octet_blur_pool_output_shape(&in, 2, OCTET_BLUR_PADDING_ZERO, 0, NULL),
            OCTET_INVALID_ARGUMENT);
    refused("bad blur_f32 stride 0", octet_blur_pool_f32(&in, in_f32, n_in, 0, OCTET_BLUR_PADDING_ZERO, out_f32,
            OUTPUT_CAP), OCTET_UNSUPPORTED);
    refused("bad blur_f32 null input", octet_blur_pool_f32(&in, NULL, n_in, 2, OCTET_BLUR_PADDING_ZERO, out_f32,
            OUTPUT_CAP), OCTET_INVALID_ARGUMENT);
    refused("bad maxblur_f32 padding code -1", octet_max_blur_pool_f32(&in, in_f32, n_in, 2, -1, out_f32, OUTPUT_CAP),
            OCTET_INVALID_ARGUMENT);

    /* Float32 pools: 8x8 / 2 = 256 outputs. */
    octet_pool_params p = pool(2, 1, 2, 2, 1, 2, 2), bad = p;
    bad.stride[1] = 0;
    refused("bad avg_f32 zero stride", octet_avg_pool_f32(&in, in_f32, n_in, &bad, out_f32, OUTPUT_CAP),
            OCTET_INVALID_ARGUMENT);
    refused("bad avg_f32 output capacity", octet_avg_pool_f32(&in, in_f32, n_in, &p, out_f32, 255), OCTET_INVALID_ARGUMENT);
    refused("bad avg_f32 null params", octet_avg_pool_f32(&in, in_f32, n_in, NULL, out_f32, OUTPUT_CAP),
            OCTET_INVALID_ARGUMENT);
    refused("bad gavg_f32 activation code", octet_global_avg_pool_f32(&in, in_f32, n_in, out_f32, OUTPUT_CAP, 9, 0, 0),
            OCTET_INVALID_ARGUMENT);
    refused("bad gavg_f32 output capacity", octet_global_avg_pool_f32(&in, in_f32, n_in, out_f32, 15, 0, 0, 0),
            OCTET_INVALID_ARGUMENT);
    refused("bad gmax_f32 indices capacity", octet_global_max_pool_f32(&in, in_f32, n_in, out_f32, OUTPUT_CAP, out_idx,
            15, 0, 0, 0), OCTET_INVALID_ARGUMENT);
    refused("bad gmax_f32 input capacity", octet_global_max_pool_f32(&in, in_f32, n_in - 1, out_f32, OUTPUT_CAP, NULL,
            0, 0, 0, 0), OCTET_INVALID_ARGUMENT);
    octet_shape empty = shape(2, 1, 1, 0, 4, 16), other_channels = shape(2, 2, 1, 4, 4, 8);
    refused("bad aavg_f32 output extent 0", octet_adaptive_avg_pool_f32(&in, in_f32, n_in, &empty, out_f32, OUTPUT_CAP,
            0, 0, 0), OCTET_UNSUPPORTED);
    refused("bad amax_f32 channel mismatch", octet_adaptive_max_pool_f32(&in, in_f32, n_in, &other_channels, out_f32,
            OUTPUT_CAP, NULL, 0, 0, 0, 0), OCTET_INVALID_ARGUMENT);
    octet_shape small = shape(2, 1, 1, 2, 2, 16);
    refused("bad amax_f32 indices capacity", octet_adaptive_max_pool_f32(&in, in_f32, n_in, &small, out_f32,
            OUTPUT_CAP, out_idx, 63, 0, 0, 0), OCTET_INVALID_ARGUMENT);
    refused("bad lp_f32 p = +inf", octet_lp_pool_f32(&in, in_f32, n_in, &p, out_f32, OUTPUT_CAP, INFINITY, 0),
            OCTET_UNSUPPORTED);
    refused("bad lp_f32 p = 0", octet_lp_pool_f32(&in, in_f32, n_in, &p, out_f32, OUTPUT_CAP, 0.0f, 1),
            OCTET_UNSUPPORTED);
    refused("bad lp_f32 p = nan", octet_lp_pool_f32(&in, in_f32, n_in, &p, out_f32, OUTPUT_CAP, NAN, 0),
            OCTET_UNSUPPORTED);
    in_f32[17] = NAN;
    refused("bad lp_f32 p = 3 nan input", octet_lp_pool_f32(&in, in_f32, n_in, &p, out_f32, OUTPUT_CAP, 3.0f, 0),
            OCTET_UNSUPPORTED);
    in_f32[17] = 0.5f;
    refused("bad lp_f32 output capacity", octet_lp_pool_f32(&in, in_f32, n_in, &p, out_f32, 255, 2.0f, 0),
            OCTET_INVALID_ARGUMENT);
    static int32_t bad_idx[256];
    octet_shape pooled = shape(2, 1, 1, 4, 4, 16);
    for (int k = 0; k < 256; k++) bad_idx[k] = k % 64;
    bad_idx[255] = 64;
    refused("bad unpool_f32 index out of range", octet_max_unpool_f32(&pooled, in_f32, 256, bad_idx, 256, &in, out_f32,
            OUTPUT_CAP), OCTET_INVALID_ARGUMENT);
    bad_idx[255] = 0;
    refused("bad unpool_f32 indices capacity", octet_max_unpool_f32(&pooled, in_f32, 256, bad_idx, 255, &in, out_f32,
            OUTPUT_CAP), OCTET_INVALID_ARGUMENT);
    refused("bad unpool_f32 output capacity", octet_max_unpool_f32(&pooled, in_f32, 256, bad_idx, 256, &in, out_f32,
            1023), OCTET_INVALID_ARGUMENT);
}

int main(void) {
    max_pool_cases();
    average_pool_cases();
    global_and_adaptive_cases();
    lp_and_unpool_cases();
    bad_argument_cases();
    pyramid_cases();
    blur_cases();
    float_cases();
    bad_new_export_cases();
    printf("heap allocations by octet: %lu\n", allocations);
    printf("checksum: %016llx\n", (unsigned long long)checksum);
    if (failures) {
        printf("%d unexpected status(es)\n", failures);
        return 1;
    }
    return 0;
}
