/*
 * Embedded-Swift driver for Octet's C interface (include/octet.h).
 *
 * Runs a fixed, deterministic set of cases through every export (pooling; conv, depthwise conv and
 * fully connected through their plan lifecycle; elementwise ops; the float32 reference kernels),
 * with inputs from a fixed 64-bit LCG, checks every status, feeds bad arguments that must be
 * refused (and must leave the output untouched), and prints one line per case and a final
 * `checksum: <hex>`: FNV-1a 64 over every output shape, output byte, index (little-endian) and
 * refusal status, in case order.
 * Tools/check-embedded.sh builds it against the Embedded-Swift object for aarch64 (run under
 * qemu) and for x86_64 (run natively) and requires the same checksum from both.
 *
 * Composite exports are also checked against their definitions: spatial pyramid pooling against the
 * adaptive pools per sample and level, blur pooling against the formula in octet.h (written out in C
 * below), max-blur pooling against max pooling then blur pooling, unpooling by a max-pool round trip.
 * The conv family and the elementwise ops are checked bit for bit against the numeric contract
 * (DESIGN.md §3) written out in C below: TFLite's QuantizeMultiplier and fixed-point double
 * rounding, the double-precision fully-connected requantization, TFLite ADD, Quantize.
 *
 * Exit status: 0 when every status and check was as expected, 1 otherwise.
 * No heap in the driver: every buffer is static. Allocations made by Octet are counted (the script
 * links with -Wl,--wrap=posix_memalign) and reported: octet.h allows them only in the plans'
 * *_prepare functions (freed by *_plan_destroy), so the reported count covers every other call —
 * the runs — and must be 0; prepare/destroy allocations are reported on their own line, and plan
 * lifecycles are checked for leaks (glibc's mallinfo2).
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "octet.h"

/* ---- Allocation counter (linked with -Wl,--wrap=posix_memalign) ------------------------------ */

/* `allocations` counts Octet's heap allocations during RUNS: every call except the plan lifecycle's
 * *_prepare and *_plan_destroy, which octet.h allows to allocate and free, and which the driver
 * brackets with lifecycle_begin() / lifecycle_end(); their allocations go to `lifecycle_allocations`
 * instead. So the line `heap allocations by octet: N` that Tools/check-embedded.sh reads means
 * "allocations during runs" and must be 0. (Every export but those two kinds is a run.) */
int __real_posix_memalign(void **memptr, size_t alignment, size_t size);
static unsigned long allocations, lifecycle_allocations;
static int in_lifecycle;

int __wrap_posix_memalign(void **memptr, size_t alignment, size_t size) {
    if (in_lifecycle) lifecycle_allocations += 1;
    else allocations += 1;
    return __real_posix_memalign(memptr, alignment, size);
}

/* Heap bytes in use (glibc), for the plan leak checks; 0 where mallinfo2 is not available. */
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
#include <malloc.h>
#define HEAP_IN_USE_KNOWN 1
static size_t heap_in_use(void) { return mallinfo2().uordblks; }
#else
#define HEAP_IN_USE_KNOWN 0
static size_t heap_in_use(void) { return 0; }
#endif

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

/* ---- The conv family: the numeric contract written out in C (DESIGN.md §3) -------------------- */

/* TFLite's QuantizeMultiplier: m = q·2^shift, q in [0.5, 1), multiplier = round(q·2^31) (half away
 * from zero); 2^31 → 2^30 with shift + 1; shift < −31 flushes to 0. */
typedef struct {
    int32_t multiplier;
    int shift;
} qmul;

static qmul quantize_multiplier(double m) {
    qmul r = {0, 0};
    if (m == 0.0) return r;
    int e;
    double q = frexp(m, &e);
    int64_t fixed = (int64_t)round(q * 2147483648.0);
    if (fixed == (1LL << 31)) {
        fixed /= 2;
        e += 1;
    }
    if (e < -31) {
        e = 0;
        fixed = 0;
    }
    r.multiplier = (int32_t)fixed;
    r.shift = e;
    return r;
}

/* SaturatingRoundingDoublingHighMul: ties toward +inf; INT32_MIN² saturates. */
static int32_t srdhm(int32_t a, int32_t b) {
    if (a == INT32_MIN && b == INT32_MIN) return INT32_MAX;
    int64_t ab = (int64_t)a * (int64_t)b;
    int64_t nudge = ab >= 0 ? (1 << 30) : (1 - (1 << 30));
    return (int32_t)((ab + nudge) / (1LL << 31));
}

/* RoundingDivideByPOT: ties away from zero. */
static int32_t rdbpot(int32_t x, int e) {
    int32_t mask = (int32_t)((1LL << e) - 1), remainder = x & mask, threshold = (mask >> 1) + (x < 0 ? 1 : 0);
    return (x >> e) + (remainder > threshold ? 1 : 0);
}

/* MultiplyByQuantizedMultiplier (double rounding); the left shift saturates (TFLite: undefined). */
static int32_t apply_multiplier(int32_t x, qmul m) {
    int left = m.shift > 0 ? m.shift : 0, right = m.shift > 0 ? 0 : -m.shift;
    int64_t shifted = left >= 32 ? (x == 0 ? 0 : (x > 0 ? INT64_MAX : INT64_MIN)) : (int64_t)x * ((int64_t)1 << left);
    if (shifted > INT32_MAX) shifted = INT32_MAX;
    if (shifted < INT32_MIN) shifted = INT32_MIN;
    return rdbpot(srdhm((int32_t)shifted, m.multiplier), right);
}

static int8_t clamp_s8(int32_t v, int32_t lo, int32_t hi) {
    return (int8_t)(v < lo ? lo : (v > hi ? hi : v));
}

/* TFLite's reference Quantize: zp + round(x / scale) (float division, ties away from zero), saturated;
 * NaN → zp. */
static int8_t quantize_value(float x, octet_quant q) {
    if (isnan(x)) return (int8_t)q.zero_point;
    float r = roundf(x / q.scale);
    if (r > 1024.0f) r = 1024.0f;
    if (r < -1024.0f) r = -1024.0f;
    int32_t v = (int32_t)r + q.zero_point;
    return (int8_t)(v < -128 ? -128 : (v > 127 ? 127 : v));
}

static void real_bounds(int32_t act, float act_min, float act_max, float *lo, float *hi) {
    *lo = -INFINITY;
    *hi = INFINITY;
    if (act == OCTET_ACTIVATION_RELU) *lo = 0.0f;
    if (act == OCTET_ACTIVATION_RELU6) {
        *lo = 0.0f;
        *hi = 6.0f;
    }
    if (act == OCTET_ACTIVATION_CLAMP) {
        *lo = act_min;
        *hi = act_max;
    }
}

/* The activation's int8 range in quantization q (TFLite's CalculateActivationRangeQuantized). */
static void int8_range(int32_t act, float act_min, float act_max, octet_quant q, int32_t *lo, int32_t *hi) {
    float a, b;
    real_bounds(act, act_min, act_max, &a, &b);
    *lo = a == -INFINITY ? -128 : quantize_value(a, q);
    *hi = b == INFINITY ? 127 : quantize_value(b, q);
}

/* Swift's min(max(v, lo), hi) with NaN passing through (max(x, y) = y >= x ? y : x; min(x, y) =
 * y < x ? y : x), so signed zeros come out as the kernels' do. */
static float clamp_f32(float v, float lo, float hi) {
    if (isnan(v)) return v;
    float m = lo >= v ? lo : v;
    return hi < m ? hi : m;
}

/* One conv axis: output extent and padding before, by octet_conv_params' formula. */
typedef struct {
    int32_t out, begin, in, kernel, stride, dilation;
} conv_axis;

static conv_axis axis_of(int32_t in, int32_t kernel, int32_t stride, int32_t dilation, int32_t padding, int32_t pad_begin,
                         int32_t pad_end) {
    conv_axis a = {0, 0, in, kernel, stride, dilation};
    int32_t extent = dilation * (kernel - 1) + 1, end = 0;
    if (padding == OCTET_PADDING_EXPLICIT) {
        a.begin = pad_begin;
        end = pad_end;
    } else if (padding == OCTET_PADDING_SAME || padding == OCTET_PADDING_SAME_LOWER) {
        int32_t out = (in + stride - 1) / stride, total = (out - 1) * stride + extent - in;
        if (total < 0) total = 0;
        a.begin = padding == OCTET_PADDING_SAME ? total / 2 : total - total / 2;
        end = total - a.begin;
    }
    a.out = (in + a.begin + end - extent) / stride + 1;
    return a;
}

/* The (height, width) axes of a conv with kernel (kh, kw) on `in`; rank 1 has a unit height axis. */
static void conv_axes(octet_shape in, int32_t kh, int32_t kw, const octet_conv_params *p, conv_axis *h, conv_axis *w) {
    if (in.spatial_rank == 2) *h = axis_of(in.height, kh, p->stride[0], p->dilation[0], p->padding, p->pad_begin[0], p->pad_end[0]);
    else *h = axis_of(1, 1, 1, 1, OCTET_PADDING_VALID, 0, 0);
    *w = axis_of(in.width, kw, p->stride[1], p->dilation[1], p->padding, p->pad_begin[1], p->pad_end[1]);
}

/* Input cell of tap k for output o, or -1 when it lies in the padding. */
static int32_t tap_cell(const conv_axis *a, int32_t o, int32_t k) {
    int32_t i = o * a->stride - a->begin + k * a->dilation;
    return i >= 0 && i < a->in ? i : -1;
}

/* Everything an int8 / float conv-family case reads: the weights, scales and bias drawn from the LCG. */
#define WEIGHT_CAP (1u << 17)
#define CHANNEL_CAP 1024u
static int8_t w_s8[WEIGHT_CAP];
static float w_f32[WEIGHT_CAP];
static float w_scales[CHANNEL_CAP];
static int32_t bias_s32[CHANNEL_CAP];
static float bias_f32[CHANNEL_CAP];
static int8_t in2_s8[INPUT_CAP];
static float in2_f32[INPUT_CAP];
static int8_t expected_s8[OUTPUT_CAP];
static float expected_f32[OUTPUT_CAP];
static int8_t rerun_s8[OUTPUT_CAP];

/* Filter scales around `base` (per channel: varied by channel), weights in [-127, 127], bias in
 * [-3000, 3000] (a realistic magnitude: the bias scale is input_scale·filter_scale). */
static void fill_filter(size_t weights, size_t channels, int per_channel, float base, uint64_t seed) {
    fill_s8(w_s8, weights, seed, -127, 127);
    lcg_state = seed ^ 0x9E3779B97F4A7C15ULL;
    for (size_t c = 0; c < channels; c++) {
        w_scales[c] = per_channel ? base * (0.5f + (float)(lcg_next() % 1000u) / 1000.0f) : base;
        bias_s32[c] = (int32_t)(lcg_next() % 6001u) - 3000;
    }
}

/* An output scale that keeps most outputs inside int8 (acc spread ~ 75·73·sqrt(taps)). */
static float output_scale(octet_quant qi, float filter_scale, int32_t taps) {
    return qi.scale * filter_scale * 120.0f * sqrtf((float)taps);
}

/* Int8 conv / depthwise reference: the definition loops; `multiplier` 0 means a (grouped) conv. */
static void reference_conv_s8(octet_shape in, octet_quant qi, octet_filter_shape f, int32_t multiplier,
                              size_t scale_count, int with_bias, octet_quant qo, const octet_conv_params *p,
                              octet_shape out, int8_t *y) {
    conv_axis ah, aw;
    conv_axes(in, f.height, f.width, p, &ah, &aw);
    int32_t lo, hi;
    int8_range(p->activation, p->act_min, p->act_max, qo, &lo, &hi);
    int32_t O = out.channels, per_group = multiplier ? 1 : O / p->groups;
    size_t k = 0;
    for (int32_t n = 0; n < out.batch; n++)
    for (int32_t oh = 0; oh < out.height; oh++)
    for (int32_t ow = 0; ow < out.width; ow++)
    for (int32_t oc = 0; oc < O; oc++, k++) {
        int32_t acc = 0;
        for (int32_t ky = 0; ky < f.height; ky++) {
            int32_t iy = tap_cell(&ah, oh, ky);
            if (iy < 0) continue;
            for (int32_t kx = 0; kx < f.width; kx++) {
                int32_t ix = tap_cell(&aw, ow, kx);
                if (ix < 0) continue;
                const int8_t *x = in_s8 + (((size_t)n * in.height + iy) * in.width + ix) * in.channels;
                if (multiplier) {
                    acc += (int32_t)w_s8[((size_t)ky * f.width + kx) * O + oc] * ((int32_t)x[oc / multiplier] - qi.zero_point);
                } else {
                    int32_t g = oc / per_group;
                    const int8_t *w = w_s8 + (((size_t)oc * f.height + ky) * f.width + kx) * f.input_channels;
                    for (int32_t i = 0; i < f.input_channels; i++)
                        acc += (int32_t)w[i] * ((int32_t)x[g * f.input_channels + i] - qi.zero_point);
                }
            }
        }
        if (with_bias) acc += bias_s32[oc];
        float s = w_scales[scale_count == 1 ? 0 : oc];
        qmul m = quantize_multiplier((double)qi.scale * (double)s / (double)qo.scale);
        y[k] = clamp_s8(apply_multiplier(acc, m) + qo.zero_point, lo, hi);
    }
}

/* Float conv / depthwise reference: the bias, then taps in (ky, kx, i) order, in double. */
static void reference_conv_f32(octet_shape in, octet_filter_shape f, int32_t multiplier, int with_bias,
                               const octet_conv_params *p, octet_shape out, float *y) {
    conv_axis ah, aw;
    conv_axes(in, f.height, f.width, p, &ah, &aw);
    float lo, hi;
    real_bounds(p->activation, p->act_min, p->act_max, &lo, &hi);
    int32_t O = out.channels, per_group = multiplier ? 1 : O / p->groups;
    size_t k = 0;
    for (int32_t n = 0; n < out.batch; n++)
    for (int32_t oh = 0; oh < out.height; oh++)
    for (int32_t ow = 0; ow < out.width; ow++)
    for (int32_t oc = 0; oc < O; oc++, k++) {
        double acc = with_bias ? (double)bias_f32[oc] : 0.0;
        for (int32_t ky = 0; ky < f.height; ky++) {
            int32_t iy = tap_cell(&ah, oh, ky);
            if (iy < 0) continue;
            for (int32_t kx = 0; kx < f.width; kx++) {
                int32_t ix = tap_cell(&aw, ow, kx);
                if (ix < 0) continue;
                const float *x = in_f32 + (((size_t)n * in.height + iy) * in.width + ix) * in.channels;
                if (multiplier) {
                    acc += (double)w_f32[((size_t)ky * f.width + kx) * O + oc] * (double)x[oc / multiplier];
                } else {
                    int32_t g = oc / per_group;
                    const float *w = w_f32 + (((size_t)oc * f.height + ky) * f.width + kx) * f.input_channels;
                    for (int32_t i = 0; i < f.input_channels; i++) acc += (double)w[i] * (double)x[g * f.input_channels + i];
                }
            }
        }
        y[k] = clamp_f32((float)acc, lo, hi);
    }
}

/* The output shape the formula gives (batch, extents, `channels`). */
static octet_shape conv_output(octet_shape in, octet_filter_shape f, const octet_conv_params *p, int32_t channels) {
    conv_axis ah, aw;
    conv_axes(in, f.height, f.width, p, &ah, &aw);
    return shape(in.spatial_rank, in.batch, 1, ah.out, aw.out, channels);
}

static int same_shape(const char *name, const char *what, octet_shape got, octet_shape want) {
    if (!memcmp(&got, &want, sizeof got)) return 1;
    printf("FAIL %s: %s %dx%dx%dx%dx%d rank %d, expected %dx%dx%dx%dx%d rank %d\n", name, what, got.batch, got.depth,
           got.height, got.width, got.channels, got.spatial_rank, want.batch, want.depth, want.height, want.width,
           want.channels, want.spatial_rank);
    failures += 1;
    return 0;
}

static int same_bytes(const char *name, const char *what, const void *got, const void *want, size_t bytes) {
    if (!memcmp(got, want, bytes)) return 1;
    const uint8_t *a = got, *b = want;
    size_t k = 0;
    while (a[k] == b[k]) k++;
    printf("FAIL %s: %s differs from the reference at byte %zu (%d, expected %d)\n", name, what, k, a[k], b[k]);
    failures += 1;
    return 0;
}

/* ---- Plan lifecycle bookkeeping ---------------------------------------------------------------- */

/* octet.h lets only *_prepare allocate (and *_plan_destroy free): bracket those calls so their
 * allocations are not counted as run allocations, and check that every plan's memory is returned. */
static void lifecycle_begin(void) { in_lifecycle = 1; }
static void lifecycle_end(void) { in_lifecycle = 0; }

/* A prepare that fails must leave *plan as it was: plans start as this sentinel. */
static char plan_sentinel_object;
#define PLAN_SENTINEL ((void *)&plan_sentinel_object)

/* A refused prepare: the status, *plan untouched, no output byte changed. */
static void refused_prepare(const char *name, octet_status got, octet_status want, int plan_untouched) {
    if (!plan_untouched) {
        printf("FAIL %s: refused with %d but wrote *plan\n", name, (int)got);
        failures += 1;
        return;
    }
    refused(name, got, want);
}

/* Leak check of a plan lifecycle: after one warm-up cycle, 100 more cycles (prepare, run, destroy;
 * or a refused prepare) must leave glibc's in-use heap bytes exactly where they were. (A single
 * before/after comparison would not do: chunks freed into glibc's thread cache still count as in
 * use; in the steady state every cycle reuses them.) Not hashed: heap bytes differ by target. */
static void leak_check(const char *name, int (*cycle)(void)) {
    int ok = cycle();
    size_t before = heap_in_use();
    for (int k = 0; ok && k < 100; k++) ok = cycle();
    size_t after = heap_in_use();
    if (!ok) {
        printf("FAIL %s: a cycle returned an unexpected status\n", name);
        failures += 1;
    } else if (after != before) {
        printf("FAIL %s: heap in use grew from %zu to %zu bytes over 100 cycles\n", name, before, after);
        failures += 1;
    } else {
        printf("ok   %-34s %s\n", name, HEAP_IN_USE_KNOWN ? "no heap growth over 100 cycles" : "skipped (no mallinfo2)");
    }
}

/* ---- Conv-family runners ------------------------------------------------------------------------ */

static octet_conv_params conv_params(int32_t rank, int32_t sh, int32_t sw, int32_t dh, int32_t dw, int32_t padding) {
    octet_conv_params p;
    memset(&p, 0, sizeof p);
    p.spatial_rank = rank;
    p.stride[0] = sh; p.stride[1] = sw;
    p.dilation[0] = dh; p.dilation[1] = dw;
    p.padding = padding;
    p.groups = 1;
    p.activation = OCTET_ACTIVATION_NONE;
    return p;
}

static octet_filter_shape filter(int32_t o, int32_t kh, int32_t kw, int32_t i) {
    octet_filter_shape f = {o, kh, kw, i};
    return f;
}

/* The filter of a conv-family case. `extreme`: the accumulator at its bound instead — the weights of
 * the first half of the output channels −128, the others 127 (with inputs −128 and input zero point
 * 127, every tap adds 128·255 or −127·255). Output channel of weight k: OHWI k / (kh·kw·I),
 * depthwise k mod C·M. */
static void case_filter(size_t weights, size_t channels, int depthwise, int per_channel, float base, int extreme,
                        uint64_t seed) {
    fill_filter(weights, channels, per_channel, base, seed);
    for (size_t k = 0; extreme && k < weights; k++) {
        size_t channel = depthwise ? k % channels : k / (weights / channels);
        w_s8[k] = channel < channels / 2 ? -128 : 127;
    }
}

/* Int8 conv (multiplier 0) or depthwise conv (multiplier >= 1) through the plan lifecycle: shape
 * helper vs the formula, prepare, plan shapes, run twice (same bytes), destroy, then the C
 * reference. `extreme`: see case_filter. */
static void conv_family_s8(const char *name, octet_shape in, octet_filter_shape f, int32_t multiplier,
                           octet_conv_params p, int per_channel, int with_bias, int extreme, uint64_t seed) {
    const octet_quant qi = {0.05f, extreme ? 127 : -3};
    int32_t O = multiplier ? f.input_channels : f.output_channels;
    int32_t taps = f.height * f.width * (multiplier ? 1 : f.input_channels);
    octet_shape want = conv_output(in, f, &p, O), out, plan_in, plan_out;
    octet_status s = multiplier ? octet_depthwise_conv2d_output_shape(&in, &f, &p, multiplier, &out)
                                : octet_conv2d_output_shape(&in, &f, &p, &out);
    if (!expect_status(name, s, OCTET_OK) || !same_shape(name, "output shape", out, want)) return;
    size_t weights = (size_t)f.output_channels * f.height * f.width * f.input_channels;
    float base = 0.004f;
    case_filter(weights, (size_t)O, multiplier != 0, per_channel, base, extreme, seed);
    /* Extreme: |acc| up to 2^31 maps to about ±107, so the requantization is checked unsaturated. */
    octet_quant qo = {extreme ? qi.scale * base * 2.0e7f : output_scale(qi, base, taps), 5};
    size_t scales = per_channel ? (size_t)O : 1;
    fill_s8(in_s8, elements(in), seed + 1, -128, extreme ? -128 : 127);

    octet_conv2d_plan *conv = NULL;
    octet_depthwise_conv2d_plan *dw = NULL;
    lifecycle_begin();
    if (multiplier)
        s = octet_depthwise_conv2d_s8_prepare(&in, &qi, &f, multiplier, w_s8, weights, w_scales, scales,
                                              with_bias ? bias_s32 : NULL, with_bias ? (size_t)O : 0, &qo, &p, &dw);
    else
        s = octet_conv2d_s8_prepare(&in, &qi, &f, w_s8, weights, w_scales, scales, with_bias ? bias_s32 : NULL,
                                    with_bias ? (size_t)O : 0, &qo, &p, &conv);
    lifecycle_end();
    if (!expect_status(name, s, OCTET_OK)) return;
    /* The plan copied its weights, scales and bias: clobbering the caller's must change nothing. */
    memset(w_s8, 0x7F, weights);
    memset(w_scales, 0, sizeof w_scales);
    memset(bias_s32, 0x7F, sizeof bias_s32);

    s = multiplier ? octet_depthwise_conv2d_plan_shapes(dw, &plan_in, &plan_out)
                   : octet_conv2d_plan_shapes(conv, &plan_in, &plan_out);
    int ok = expect_status(name, s, OCTET_OK) && same_shape(name, "plan input", plan_in, in) &&
             same_shape(name, "plan output", plan_out, want);
    if (ok) {
        poison_outputs();
        s = multiplier ? octet_depthwise_conv2d_s8_run(dw, in_s8, elements(in), out_s8, elements(out))
                       : octet_conv2d_s8_run(conv, in_s8, elements(in), out_s8, elements(out));
        ok = expect_status(name, s, OCTET_OK);
    }
    if (ok) {
        s = multiplier ? octet_depthwise_conv2d_s8_run(dw, in_s8, elements(in), rerun_s8, elements(out))
                       : octet_conv2d_s8_run(conv, in_s8, elements(in), rerun_s8, elements(out));
        ok = expect_status(name, s, OCTET_OK) && same_bytes(name, "second run", rerun_s8, out_s8, elements(out));
    }
    lifecycle_begin();
    octet_depthwise_conv2d_plan_destroy(dw);
    octet_conv2d_plan_destroy(conv);
    lifecycle_end();
    if (!ok) return;
    case_filter(weights, (size_t)O, multiplier != 0, per_channel, base, extreme, seed);
    reference_conv_s8(in, qi, f, multiplier, scales, with_bias, qo, &p, out, expected_s8);
    if (same_bytes(name, "output", out_s8, expected_s8, elements(out))) report(name, out, out_s8, elements(out), NULL);
}

static void conv_s8(const char *name, octet_shape in, octet_filter_shape f, octet_conv_params p, int per_channel,
                    int with_bias, uint64_t seed) {
    conv_family_s8(name, in, f, 0, p, per_channel, with_bias, 0, seed);
}

static void depthwise_s8(const char *name, octet_shape in, int32_t kh, int32_t kw, int32_t multiplier,
                         octet_conv_params p, int per_channel, int with_bias, uint64_t seed) {
    conv_family_s8(name, in, filter(1, kh, kw, in.channels * multiplier), multiplier, p, per_channel, with_bias, 0, seed);
}

/* Float conv / depthwise (multiplier >= 1) against the C reference; inputs and weights k/64, so
 * every sum is exact in double and the comparison is bit-exact. */
static void conv_family_f32(const char *name, octet_shape in, octet_filter_shape f, int32_t multiplier,
                            octet_conv_params p, int with_bias, uint64_t seed) {
    int32_t O = multiplier ? f.input_channels : f.output_channels;
    octet_shape want = conv_output(in, f, &p, O), out;
    octet_status s = multiplier ? octet_depthwise_conv2d_output_shape(&in, &f, &p, multiplier, &out)
                                : octet_conv2d_output_shape(&in, &f, &p, &out);
    if (!expect_status(name, s, OCTET_OK) || !same_shape(name, "output shape", out, want)) return;
    size_t weights = (size_t)f.output_channels * f.height * f.width * f.input_channels;
    fill_f32(in_f32, elements(in), seed);
    fill_f32(w_f32, weights, seed + 1);
    fill_f32(bias_f32, (size_t)O, seed + 2);
    poison_outputs();
    s = multiplier ? octet_depthwise_conv2d_f32(&in, in_f32, elements(in), &f, multiplier, w_f32, weights,
                                                with_bias ? bias_f32 : NULL, with_bias ? (size_t)O : 0, &p, out_f32,
                                                elements(out))
                   : octet_conv2d_f32(&in, in_f32, elements(in), &f, w_f32, weights, with_bias ? bias_f32 : NULL,
                                      with_bias ? (size_t)O : 0, &p, out_f32, elements(out));
    if (!expect_status(name, s, OCTET_OK)) return;
    reference_conv_f32(in, f, multiplier, with_bias, &p, out, expected_f32);
    if (same_bytes(name, "output", out_f32, expected_f32, elements(out) * sizeof(float)))
        report(name, out, out_f32, elements(out) * sizeof(float), NULL);
}

/* Int8 fully connected: one plan, run on each batch size of `batches` (the plan is batch-agnostic). */
static void fc_s8(const char *name, int32_t features_in, int32_t features_out, int per_channel, int with_bias,
                  int32_t act, const int32_t *batches, int batch_count, uint64_t seed) {
    const octet_quant qi = {0.02f, 7};
    size_t weights = (size_t)features_in * features_out;
    float base = 0.006f;
    fill_filter(weights, (size_t)features_out, per_channel, base, seed);
    octet_quant qo = {output_scale(qi, base, features_in), -9};
    size_t scales = per_channel ? (size_t)features_out : 1;
    octet_fully_connected_plan *plan = NULL;
    lifecycle_begin();
    octet_status s = octet_fully_connected_s8_prepare(features_in, features_out, &qi, w_s8, weights, w_scales, scales,
                                                      with_bias ? bias_s32 : NULL, with_bias ? (size_t)features_out : 0,
                                                      &qo, act, 0, 0, &plan);
    lifecycle_end();
    if (!expect_status(name, s, OCTET_OK)) return;
    int32_t got_in = 0, got_out = 0;
    int ok = expect_status(name, octet_fully_connected_plan_features(plan, &got_in, &got_out), OCTET_OK);
    if (ok && (got_in != features_in || got_out != features_out)) {
        printf("FAIL %s: plan features %d -> %d\n", name, (int)got_in, (int)got_out);
        failures += 1;
        ok = 0;
    }
    /* Outputs of every batch, concatenated, checked and hashed once after the destroy. */
    size_t produced = 0;
    for (int b = 0; ok && b < batch_count; b++) {
        size_t n_in = (size_t)batches[b] * features_in, n_out = (size_t)batches[b] * features_out;
        fill_s8(in_s8, n_in, seed + 10 + (uint64_t)b, -128, 127);
        poison_outputs();
        s = octet_fully_connected_s8_run(plan, batches[b], in_s8, n_in, out_s8, n_out);
        if (!(ok = expect_status(name, s, OCTET_OK))) break;
        memcpy(rerun_s8 + produced, out_s8, n_out);
        produced += n_out;
    }
    lifecycle_begin();
    octet_fully_connected_plan_destroy(plan);
    lifecycle_end();
    if (!ok) return;
    int32_t lo, hi;
    int8_range(act, 0, 0, qo, &lo, &hi);
    size_t k = 0;
    int32_t total_batch = 0;
    for (int b = 0; b < batch_count; b++) {
        fill_s8(in_s8, (size_t)batches[b] * features_in, seed + 10 + (uint64_t)b, -128, 127);
        for (int32_t r = 0; r < batches[b]; r++)
            for (int32_t o = 0; o < features_out; o++, k++) {
                int32_t acc = with_bias ? bias_s32[o] : 0;
                for (int32_t i = 0; i < features_in; i++)
                    acc += (int32_t)w_s8[(size_t)o * features_in + i] * ((int32_t)in_s8[(size_t)r * features_in + i] - qi.zero_point);
                double m = (double)qi.scale * (double)w_scales[scales == 1 ? 0 : o] / (double)qo.scale;
                double v = round((double)acc * m);
                v = v > 4096 ? 4096 : (v < -4096 ? -4096 : v);
                expected_s8[k] = clamp_s8((int32_t)v + qo.zero_point, lo, hi);
            }
        total_batch += batches[b];
    }
    if (same_bytes(name, "output", rerun_s8, expected_s8, produced))
        report(name, shape(1, total_batch, 1, 1, 1, features_out), rerun_s8, produced, NULL);
}

static void fc_f32(const char *name, int32_t batch, int32_t features_in, int32_t features_out, int with_bias, int32_t act,
                   uint64_t seed) {
    size_t weights = (size_t)features_in * features_out, n_in = (size_t)batch * features_in;
    size_t n_out = (size_t)batch * features_out;
    fill_f32(in_f32, n_in, seed);
    fill_f32(w_f32, weights, seed + 1);
    fill_f32(bias_f32, (size_t)features_out, seed + 2);
    poison_outputs();
    octet_status s = octet_fully_connected_f32(batch, features_in, features_out, in_f32, n_in, w_f32, weights,
                                               with_bias ? bias_f32 : NULL, with_bias ? (size_t)features_out : 0,
                                               out_f32, n_out, act, 0, 0);
    if (!expect_status(name, s, OCTET_OK)) return;
    float lo, hi;
    real_bounds(act, 0, 0, &lo, &hi);
    for (int32_t b = 0; b < batch; b++)
        for (int32_t o = 0; o < features_out; o++) {
            double acc = with_bias ? (double)bias_f32[o] : 0.0;
            for (int32_t i = 0; i < features_in; i++)
                acc += (double)w_f32[(size_t)o * features_in + i] * (double)in_f32[(size_t)b * features_in + i];
            expected_f32[(size_t)b * features_out + o] = clamp_f32((float)acc, lo, hi);
        }
    if (same_bytes(name, "output", out_f32, expected_f32, n_out * sizeof(float)))
        report(name, shape(1, batch, 1, 1, 1, features_out), out_f32, n_out * sizeof(float), NULL);
}

/* ---- Elementwise runners ----------------------------------------------------------------------- */

/* TFLite ADD, written out. */
static void add_s8(const char *name, octet_shape sh, octet_quant q1, octet_quant q2, octet_quant qo, int32_t act,
                   uint64_t seed) {
    size_t n = elements(sh);
    fill_s8(in_s8, n, seed, -128, 127);
    fill_s8(in2_s8, n, seed + 1, -128, 127);
    poison_outputs();
    octet_status s = octet_add_s8(&sh, &q1, in_s8, n, &q2, in2_s8, n, &qo, out_s8, n, act, 0, 0);
    if (!expect_status(name, s, OCTET_OK)) return;
    double twice_max = 2.0 * (double)(q1.scale > q2.scale ? q1.scale : q2.scale);
    qmul m1 = quantize_multiplier((double)q1.scale / twice_max), m2 = quantize_multiplier((double)q2.scale / twice_max);
    qmul mo = quantize_multiplier(twice_max / (double)((float)(1 << 20) * qo.scale));
    int32_t lo, hi;
    int8_range(act, 0, 0, qo, &lo, &hi);
    for (size_t k = 0; k < n; k++) {
        int32_t a = apply_multiplier(((int32_t)in_s8[k] - q1.zero_point) * (1 << 20), m1);
        int32_t b = apply_multiplier(((int32_t)in2_s8[k] - q2.zero_point) * (1 << 20), m2);
        expected_s8[k] = clamp_s8(apply_multiplier(a + b, mo) + qo.zero_point, lo, hi);
    }
    if (same_bytes(name, "output", out_s8, expected_s8, n)) report(name, sh, out_s8, n, NULL);
}

/* Requantize (or, with equal quantizations through octet_clamp_s8, clamp). */
static void requantize_s8(const char *name, octet_shape sh, octet_quant qi, octet_quant qo, int32_t act, float act_min,
                          float act_max, int as_clamp, uint64_t seed) {
    size_t n = elements(sh);
    fill_s8(in_s8, n, seed, -128, 127);
    poison_outputs();
    octet_status s = as_clamp ? octet_clamp_s8(&sh, &qi, in_s8, n, out_s8, n, act, act_min, act_max)
                              : octet_requantize_s8(&sh, &qi, in_s8, n, &qo, out_s8, n, act, act_min, act_max);
    if (!expect_status(name, s, OCTET_OK)) return;
    if (as_clamp) qo = qi;
    int identity = qi.scale == qo.scale && qi.zero_point == qo.zero_point;
    qmul m = quantize_multiplier((double)qi.scale / (double)qo.scale);
    int32_t lo, hi;
    int8_range(act, act_min, act_max, qo, &lo, &hi);
    for (size_t k = 0; k < n; k++)
        expected_s8[k] = clamp_s8(identity ? in_s8[k] : apply_multiplier((int32_t)in_s8[k] - qi.zero_point, m) + qo.zero_point,
                                  lo, hi);
    if (same_bytes(name, "output", out_s8, expected_s8, n)) report(name, sh, out_s8, n, NULL);
}

/* Quantize k/64 inputs (with scale 1/32, every odd k is a tie), plus NaN and ±inf at the front. */
static void quantize_s8(const char *name, octet_shape sh, octet_quant qo, uint64_t seed) {
    size_t n = elements(sh);
    fill_f32(in_f32, n, seed);
    in_f32[0] = NAN;
    in_f32[1] = INFINITY;
    in_f32[2] = -INFINITY;
    in_f32[3] = 1e30f;
    poison_outputs();
    octet_status s = octet_quantize_s8(&sh, in_f32, n, &qo, out_s8, n);
    if (!expect_status(name, s, OCTET_OK)) return;
    for (size_t k = 0; k < n; k++) expected_s8[k] = quantize_value(in_f32[k], qo);
    if (same_bytes(name, "output", out_s8, expected_s8, n)) report(name, sh, out_s8, n, NULL);
}

static void dequantize_s8(const char *name, octet_shape sh, octet_quant qi, uint64_t seed) {
    size_t n = elements(sh);
    fill_s8(in_s8, n, seed, -128, 127);
    poison_outputs();
    octet_status s = octet_dequantize_s8(&sh, &qi, in_s8, n, out_f32, n);
    if (!expect_status(name, s, OCTET_OK)) return;
    for (size_t k = 0; k < n; k++) expected_f32[k] = qi.scale * (float)((int32_t)in_s8[k] - qi.zero_point);
    if (same_bytes(name, "output", out_f32, expected_f32, n * sizeof(float))) report(name, sh, out_f32, n * sizeof(float), NULL);
}

/* Float add (as_clamp 0) or clamp (as_clamp 1), one NaN in the input at `nan_at` (if >= 0). */
static void elementwise_f32(const char *name, octet_shape sh, int as_clamp, int32_t act, float act_min, float act_max,
                            long nan_at, uint64_t seed) {
    size_t n = elements(sh);
    fill_f32(in_f32, n, seed);
    fill_f32(in2_f32, n, seed + 1);
    if (nan_at >= 0) in_f32[nan_at] = NAN;
    poison_outputs();
    octet_status s = as_clamp ? octet_clamp_f32(&sh, in_f32, n, out_f32, n, act, act_min, act_max)
                              : octet_add_f32(&sh, in_f32, n, in2_f32, n, out_f32, n, act, act_min, act_max);
    if (!expect_status(name, s, OCTET_OK)) return;
    float lo, hi;
    real_bounds(act, act_min, act_max, &lo, &hi);
    for (size_t k = 0; k < n; k++) expected_f32[k] = clamp_f32(as_clamp ? in_f32[k] : in_f32[k] + in2_f32[k], lo, hi);
    if (same_bytes(name, "output", out_f32, expected_f32, n * sizeof(float))) report(name, sh, out_f32, n * sizeof(float), NULL);
}

/* ---- The conv-family cases ---------------------------------------------------------------------- */

static void conv_cases(void) {
    octet_conv_params p;

    p = conv_params(2, 1, 1, 1, 1, OCTET_PADDING_SAME);
    conv_s8("conv_s8 3x3 same c16->32 pc bias", shape(2, 1, 1, 9, 8, 16), filter(32, 3, 3, 16), p, 1, 1, 200);
    p = conv_params(2, 1, 1, 1, 1, OCTET_PADDING_VALID);
    conv_s8("conv_s8 3x3 valid c3->8 pt", shape(2, 2, 1, 7, 6, 3), filter(8, 3, 3, 3), p, 0, 1, 201);
    p = conv_params(2, 2, 2, 1, 1, OCTET_PADDING_SAME);
    conv_s8("conv_s8 3x3/2 same c17->19 pc", shape(2, 1, 1, 11, 10, 17), filter(19, 3, 3, 17), p, 1, 1, 202);
    p = conv_params(2, 1, 1, 2, 2, OCTET_PADDING_SAME);
    conv_s8("conv_s8 3x3 dil2 same c8->5 nobias", shape(2, 1, 1, 9, 9, 8), filter(5, 3, 3, 8), p, 1, 0, 203);
    p = conv_params(2, 1, 1, 1, 1, OCTET_PADDING_VALID);
    conv_s8("conv_s8 1x1 c16->24 pc", shape(2, 1, 1, 5, 7, 16), filter(24, 1, 1, 16), p, 1, 1, 204);
    p = conv_params(2, 2, 1, 1, 1, OCTET_PADDING_EXPLICIT);
    p.pad_begin[0] = 2; p.pad_end[0] = 0; p.pad_begin[1] = 1; p.pad_end[1] = 2;
    p.activation = OCTET_ACTIVATION_RELU6;
    conv_s8("conv_s8 3x3 asym pad relu6 c5->7", shape(2, 1, 1, 8, 6, 5), filter(7, 3, 3, 5), p, 1, 1, 205);
    p = conv_params(2, 1, 1, 1, 1, OCTET_PADDING_SAME);
    p.groups = 2;
    conv_s8("conv_s8 3x3 groups2 c8->6 pc", shape(2, 1, 1, 6, 6, 8), filter(6, 3, 3, 4), p, 1, 1, 206);
    p.groups = 4;
    conv_s8("conv_s8 3x3 groups4 c20->16 pc", shape(2, 1, 1, 5, 7, 20), filter(16, 3, 3, 5), p, 1, 1, 207);
    p.groups = 8;
    p.activation = OCTET_ACTIVATION_RELU;
    conv_s8("conv_s8 3x3 groups=C c8->8 relu", shape(2, 1, 1, 6, 5, 8), filter(8, 3, 3, 1), p, 1, 1, 208);
    p = conv_params(1, 1, 2, 1, 1, OCTET_PADDING_SAME);
    conv_s8("conv_s8 1d k5/2 same c6->10", shape(1, 2, 1, 1, 23, 6), filter(10, 1, 5, 6), p, 1, 1, 209);
    p = conv_params(1, 1, 1, 1, 3, OCTET_PADDING_VALID);
    p.activation = OCTET_ACTIVATION_CLAMP;
    p.act_min = -1.0f;
    p.act_max = 2.5f;
    conv_s8("conv_s8 1d k3 dil3 clamp c1->4", shape(1, 1, 1, 1, 17, 1), filter(4, 1, 3, 1), p, 0, 1, 210);
    p = conv_params(2, 1, 1, 1, 1, OCTET_PADDING_SAME_LOWER);
    conv_s8("conv_s8 2x4 same_lower c33->3", shape(2, 1, 1, 4, 9, 33), filter(3, 2, 4, 33), p, 1, 1, 211);
    p = conv_params(2, 3, 3, 1, 1, OCTET_PADDING_VALID);
    conv_s8("conv_s8 2x2/3 stride>kernel c2->1", shape(2, 1, 1, 8, 8, 2), filter(1, 2, 2, 2), p, 0, 0, 212);

    p = conv_params(2, 1, 1, 1, 1, OCTET_PADDING_SAME);
    depthwise_s8("dw_s8 3x3 same m1 c8", shape(2, 1, 1, 7, 7, 8), 3, 3, 1, p, 1, 1, 220);
    depthwise_s8("dw_s8 3x3 same m1 c16", shape(2, 2, 1, 6, 9, 16), 3, 3, 1, p, 1, 1, 221);
    depthwise_s8("dw_s8 3x3 same m1 c17", shape(2, 1, 1, 8, 5, 17), 3, 3, 1, p, 1, 1, 222);
    depthwise_s8("dw_s8 3x3 same m2 c8", shape(2, 1, 1, 6, 6, 8), 3, 3, 2, p, 1, 1, 223);
    depthwise_s8("dw_s8 3x3 same m2 c16", shape(2, 1, 1, 5, 7, 16), 3, 3, 2, p, 0, 1, 224);
    depthwise_s8("dw_s8 3x3 same m2 c17", shape(2, 1, 1, 7, 4, 17), 3, 3, 2, p, 1, 0, 225);
    p = conv_params(2, 2, 2, 1, 1, OCTET_PADDING_VALID);
    p.activation = OCTET_ACTIVATION_RELU6;
    depthwise_s8("dw_s8 5x5/2 valid relu6 m1 c16", shape(2, 1, 1, 11, 12, 16), 5, 5, 1, p, 1, 1, 226);
    p = conv_params(2, 1, 1, 2, 2, OCTET_PADDING_SAME);
    depthwise_s8("dw_s8 3x3 dil2 m1 c17", shape(2, 1, 1, 9, 8, 17), 3, 3, 1, p, 1, 1, 227);
    depthwise_s8("dw_s8 2x4 dil2 m3 c5", shape(2, 1, 1, 7, 9, 5), 2, 4, 3, p, 1, 1, 228);
    p = conv_params(1, 1, 2, 1, 1, OCTET_PADDING_SAME);
    depthwise_s8("dw_s8 1d k4/2 m1 c8", shape(1, 2, 1, 1, 15, 8), 1, 4, 1, p, 1, 1, 229);
    depthwise_s8("dw_s8 1d k3/2 m2 c17", shape(1, 1, 1, 1, 12, 17), 1, 3, 2, p, 1, 1, 230);

    /* The accumulator bound: 65536 taps of ±128·255 (conv: 1x1 over 65536 channels; depthwise:
     * 128x128 taps, the optimized 8-channel path). */
    p = conv_params(2, 1, 1, 1, 1, OCTET_PADDING_VALID);
    conv_family_s8("conv_s8 65536 taps extreme", shape(2, 1, 1, 1, 1, 65536), filter(2, 1, 1, 65536), 0, p, 1, 1, 1, 231);
    conv_family_s8("dw_s8 128x128 taps extreme c8", shape(2, 1, 1, 128, 128, 8), filter(1, 128, 128, 8), 1, p, 1, 0, 1,
                   232);

    static const int32_t b1[] = {1}, b3[] = {3, 1, 2};
    fc_s8("fc_s8 64->10 per-tensor", 64, 10, 0, 1, OCTET_ACTIVATION_NONE, b1, 1, 240);
    fc_s8("fc_s8 64->10 per-channel b3,1,2", 64, 10, 1, 1, OCTET_ACTIVATION_NONE, b3, 3, 241);
    fc_s8("fc_s8 33->17 pc relu nobias", 33, 17, 1, 0, OCTET_ACTIVATION_RELU, b3, 3, 242);
    fc_s8("fc_s8 1->1 per-tensor relu6", 1, 1, 0, 1, OCTET_ACTIVATION_RELU6, b3, 3, 243);
    fc_s8("fc_s8 256->40 pc", 256, 40, 1, 1, OCTET_ACTIVATION_NONE, b1, 1, 244);
}

static void elementwise_cases(void) {
    const octet_quant qa = {0.1f, 3}, qb = {0.037f, -20}, qc = {0.25f, 0}, qd = {0.0235f, -128};

    add_s8("add_s8 different scales c16", shape(2, 2, 1, 5, 4, 16), qa, qb, qc, OCTET_ACTIVATION_NONE, 250);
    add_s8("add_s8 same scales relu c17", shape(2, 1, 1, 3, 7, 17), qa, qa, qa, OCTET_ACTIVATION_RELU, 251);
    add_s8("add_s8 s2 > s1 relu6 1d c1", shape(1, 1, 1, 1, 301, 1), qb, qc, qd, OCTET_ACTIVATION_RELU6, 252);

    requantize_s8("requant_s8 0.1/3 -> 0.037/-20", shape(2, 1, 1, 6, 6, 16), qa, qb, OCTET_ACTIVATION_NONE, 0, 0, 0, 253);
    requantize_s8("requant_s8 relu6 -> 0.0235/-128", shape(2, 1, 1, 4, 5, 17), qa, qd, OCTET_ACTIVATION_RELU6, 0, 0, 0, 254);
    requantize_s8("requant_s8 same quant relu", shape(1, 1, 1, 1, 64, 3), qb, qb, OCTET_ACTIVATION_RELU, 0, 0, 0, 255);
    requantize_s8("requant_s8 upscale 0.037 -> 0.25", shape(3, 1, 2, 3, 4, 5), qb, qc, OCTET_ACTIVATION_NONE, 0, 0, 0, 256);
    requantize_s8("clamp_s8 relu6", shape(2, 1, 1, 8, 8, 4), qa, qa, OCTET_ACTIVATION_RELU6, 0, 0, 1, 257);
    requantize_s8("clamp_s8 clamp [-1.5, 0.7]", shape(1, 1, 1, 1, 100, 1), qa, qa, OCTET_ACTIVATION_CLAMP, -1.5f, 0.7f, 1,
                  258);

    const octet_quant tie = {0.03125f, 1}, coarse = {0.5f, -7};
    quantize_s8("quantize_s8 ties 1/32", shape(2, 1, 1, 9, 9, 3), tie, 259);
    quantize_s8("quantize_s8 0.5/-7", shape(1, 2, 1, 1, 50, 2), coarse, 260);
    dequantize_s8("dequantize_s8 0.1/3", shape(2, 1, 1, 5, 5, 5), qa, 261);
    dequantize_s8("dequantize_s8 0.0235/-128", shape(3, 1, 2, 2, 2, 17), qd, 262);

    elementwise_f32("add_f32 c16", shape(2, 1, 1, 6, 5, 16), 0, OCTET_ACTIVATION_NONE, 0, 0, -1, 263);
    elementwise_f32("add_f32 relu6 nan c3", shape(1, 1, 1, 1, 40, 3), 0, OCTET_ACTIVATION_RELU6, 0, 0, 17, 264);
    elementwise_f32("clamp_f32 clamp nan", shape(2, 1, 1, 4, 4, 4), 1, OCTET_ACTIVATION_CLAMP, -2.0f, 3.0f, 5, 265);
    elementwise_f32("clamp_f32 relu", shape(1, 1, 1, 1, 33, 1), 1, OCTET_ACTIVATION_RELU, 0, 0, -1, 266);
}

static void conv_float_cases(void) {
    octet_conv_params p;

    p = conv_params(2, 1, 1, 1, 1, OCTET_PADDING_SAME);
    conv_family_f32("conv_f32 3x3 same c16->8", shape(2, 1, 1, 7, 6, 16), filter(8, 3, 3, 16), 0, p, 1, 270);
    p = conv_params(2, 2, 2, 2, 1, OCTET_PADDING_VALID);
    p.activation = OCTET_ACTIVATION_RELU;
    conv_family_f32("conv_f32 3x3/2 dil(2,1) relu c3->5", shape(2, 2, 1, 11, 9, 3), filter(5, 3, 3, 3), 0, p, 0, 271);
    p = conv_params(2, 1, 1, 1, 1, OCTET_PADDING_SAME);
    p.groups = 3;
    conv_family_f32("conv_f32 groups3 c9->6", shape(2, 1, 1, 5, 5, 9), filter(6, 3, 3, 3), 0, p, 1, 272);
    p = conv_params(1, 1, 1, 1, 1, OCTET_PADDING_EXPLICIT);
    p.pad_begin[1] = 2; p.pad_end[1] = 1;
    conv_family_f32("conv_f32 1d k4 pad(2,1) c2->3", shape(1, 1, 1, 1, 10, 2), filter(3, 1, 4, 2), 0, p, 1, 273);
    p = conv_params(2, 1, 1, 1, 1, OCTET_PADDING_SAME);
    p.activation = OCTET_ACTIVATION_RELU6;
    conv_family_f32("dw_f32 3x3 same relu6 m1 c17", shape(2, 1, 1, 6, 7, 17), filter(1, 3, 3, 17), 1, p, 1, 274);
    p.activation = OCTET_ACTIVATION_NONE;
    conv_family_f32("dw_f32 3x3 same m2 c8", shape(2, 1, 1, 5, 5, 8), filter(1, 3, 3, 16), 2, p, 0, 275);
    p = conv_params(1, 1, 2, 1, 1, OCTET_PADDING_VALID);
    conv_family_f32("dw_f32 1d k3/2 m1 c16", shape(1, 2, 1, 1, 13, 16), filter(1, 1, 3, 16), 1, p, 1, 276);

    fc_f32("fc_f32 3x64->10", 3, 64, 10, 1, OCTET_ACTIVATION_NONE, 277);
    fc_f32("fc_f32 1x17->33 relu nobias", 1, 17, 33, 0, OCTET_ACTIVATION_RELU, 278);
}

/* Bad arguments for every conv-family and elementwise export: the documented status, no output
 * byte changed, *plan not written by a refused prepare, and no memory left behind. */
static void bad_conv_cases(void) {
    const octet_quant q = {0.05f, -3}, qo = {0.5f, 5}, zero_scale = {0.0f, 0}, wide_zp = {0.1f, 200}, nan_scale = {NAN, 0};
    octet_shape in = shape(2, 1, 1, 6, 6, 4), out;
    size_t n_in = elements(in);
    octet_filter_shape f = filter(6, 3, 3, 4);
    size_t nw = 6 * 3 * 3 * 4;
    octet_conv_params p = conv_params(2, 1, 1, 1, 1, OCTET_PADDING_SAME), bad;
    fill_filter(nw, 6, 1, 0.004f, 300);
    fill_s8(in_s8, n_in, 301, -128, 127);
    fill_f32(in_f32, n_in, 302);
    fill_f32(w_f32, nw, 303);
    poison_outputs();
    octet_conv2d_plan *cp;
    octet_depthwise_conv2d_plan *dp;
    octet_fully_connected_plan *fp;

/* A refused prepare: every plan variable starts as the sentinel and must still be it. */
#define BAD_PREPARE(label, call, want)                                                                   \
    do {                                                                                                 \
        cp = PLAN_SENTINEL;                                                                              \
        dp = PLAN_SENTINEL;                                                                              \
        fp = PLAN_SENTINEL;                                                                              \
        lifecycle_begin();                                                                               \
        octet_status status_ = (call);                                                                   \
        lifecycle_end();                                                                                 \
        refused_prepare(label, status_, want,                                                            \
                        cp == PLAN_SENTINEL && dp == PLAN_SENTINEL && fp == PLAN_SENTINEL);              \
    } while (0)
#define CONV_PLAN (&cp)
#define DW_PLAN (&dp)
#define FC_PLAN (&fp)

    /* Conv prepare: 6x6x4 -> 6x6x6 = 216 outputs per sample. */
    octet_shape five = shape(2, 1, 1, 6, 6, 5);
    BAD_PREPARE("bad conv_s8 channel mismatch",
                octet_conv2d_s8_prepare(&five, &q, &f, w_s8, nw, w_scales, 6, bias_s32, 6, &qo, &p, CONV_PLAN),
                OCTET_INVALID_ARGUMENT);
    BAD_PREPARE("bad conv_s8 bias length 5",
                octet_conv2d_s8_prepare(&in, &q, &f, w_s8, nw, w_scales, 6, bias_s32, 5, &qo, &p, CONV_PLAN),
                OCTET_INVALID_ARGUMENT);
    BAD_PREPARE("bad conv_s8 null bias count 6",
                octet_conv2d_s8_prepare(&in, &q, &f, w_s8, nw, w_scales, 6, NULL, 6, &qo, &p, CONV_PLAN),
                OCTET_INVALID_ARGUMENT);
    BAD_PREPARE("bad conv_s8 scale count 2",
                octet_conv2d_s8_prepare(&in, &q, &f, w_s8, nw, w_scales, 2, bias_s32, 6, &qo, &p, CONV_PLAN),
                OCTET_INVALID_ARGUMENT);
    BAD_PREPARE("bad conv_s8 scale count 0",
                octet_conv2d_s8_prepare(&in, &q, &f, w_s8, nw, w_scales, 0, bias_s32, 6, &qo, &p, CONV_PLAN),
                OCTET_INVALID_ARGUMENT);
    BAD_PREPARE("bad conv_s8 null scales",
                octet_conv2d_s8_prepare(&in, &q, &f, w_s8, nw, NULL, 6, bias_s32, 6, &qo, &p, CONV_PLAN),
                OCTET_INVALID_ARGUMENT);
    w_scales[3] = 0.0f;
    BAD_PREPARE("bad conv_s8 zero filter scale ch3",
                octet_conv2d_s8_prepare(&in, &q, &f, w_s8, nw, w_scales, 6, bias_s32, 6, &qo, &p, CONV_PLAN),
                OCTET_INVALID_ARGUMENT);
    w_scales[3] = NAN;
    BAD_PREPARE("bad conv_s8 nan filter scale ch3",
                octet_conv2d_s8_prepare(&in, &q, &f, w_s8, nw, w_scales, 6, bias_s32, 6, &qo, &p, CONV_PLAN),
                OCTET_INVALID_ARGUMENT);
    w_scales[3] = 0.004f;
    BAD_PREPARE("bad conv_s8 zero input scale",
                octet_conv2d_s8_prepare(&in, &zero_scale, &f, w_s8, nw, w_scales, 6, bias_s32, 6, &qo, &p, CONV_PLAN),
                OCTET_INVALID_ARGUMENT);
    BAD_PREPARE("bad conv_s8 output zero point 200",
                octet_conv2d_s8_prepare(&in, &q, &f, w_s8, nw, w_scales, 6, bias_s32, 6, &wide_zp, &p, CONV_PLAN),
                OCTET_INVALID_ARGUMENT);
    BAD_PREPARE("bad conv_s8 weights capacity",
                octet_conv2d_s8_prepare(&in, &q, &f, w_s8, nw - 1, w_scales, 6, bias_s32, 6, &qo, &p, CONV_PLAN),
                OCTET_INVALID_ARGUMENT);
    BAD_PREPARE("bad conv_s8 null weights",
                octet_conv2d_s8_prepare(&in, &q, &f, NULL, nw, w_scales, 6, bias_s32, 6, &qo, &p, CONV_PLAN),
                OCTET_INVALID_ARGUMENT);
    BAD_PREPARE("bad conv_s8 null input shape",
                octet_conv2d_s8_prepare(NULL, &q, &f, w_s8, nw, w_scales, 6, bias_s32, 6, &qo, &p, CONV_PLAN),
                OCTET_INVALID_ARGUMENT);
    BAD_PREPARE("bad conv_s8 null filter shape",
                octet_conv2d_s8_prepare(&in, &q, NULL, w_s8, nw, w_scales, 6, bias_s32, 6, &qo, &p, CONV_PLAN),
                OCTET_INVALID_ARGUMENT);
    BAD_PREPARE("bad conv_s8 null params",
                octet_conv2d_s8_prepare(&in, &q, &f, w_s8, nw, w_scales, 6, bias_s32, 6, &qo, NULL, CONV_PLAN),
                OCTET_INVALID_ARGUMENT);
    refused("bad conv_s8 null plan pointer",
            octet_conv2d_s8_prepare(&in, &q, &f, w_s8, nw, w_scales, 6, bias_s32, 6, &qo, &p, NULL), OCTET_INVALID_ARGUMENT);
    bad = p;
    bad.groups = 4;
    BAD_PREPARE("bad conv_s8 groups 4 of O=6",
                octet_conv2d_s8_prepare(&in, &q, &f, w_s8, nw, w_scales, 6, bias_s32, 6, &qo, &bad, CONV_PLAN),
                OCTET_INVALID_ARGUMENT);
    bad.groups = 0;
    BAD_PREPARE("bad conv_s8 groups 0",
                octet_conv2d_s8_prepare(&in, &q, &f, w_s8, nw, w_scales, 6, bias_s32, 6, &qo, &bad, CONV_PLAN),
                OCTET_INVALID_ARGUMENT);
    bad = p;
    bad.stride[1] = 0;
    BAD_PREPARE("bad conv_s8 zero stride",
                octet_conv2d_s8_prepare(&in, &q, &f, w_s8, nw, w_scales, 6, bias_s32, 6, &qo, &bad, CONV_PLAN),
                OCTET_INVALID_ARGUMENT);
    bad = p;
    bad.padding = OCTET_PADDING_EXPLICIT;
    bad.pad_begin[0] = 3;
    BAD_PREPARE("bad conv_s8 pad >= kernel",
                octet_conv2d_s8_prepare(&in, &q, &f, w_s8, nw, w_scales, 6, bias_s32, 6, &qo, &bad, CONV_PLAN),
                OCTET_INVALID_ARGUMENT);
    bad = p;
    bad.spatial_rank = 3;
    BAD_PREPARE("bad conv_s8 params rank 3",
                octet_conv2d_s8_prepare(&in, &q, &f, w_s8, nw, w_scales, 6, bias_s32, 6, &qo, &bad, CONV_PLAN),
                OCTET_INVALID_ARGUMENT);
    bad = p;
    bad.activation = 7;
    BAD_PREPARE("bad conv_s8 activation code",
                octet_conv2d_s8_prepare(&in, &q, &f, w_s8, nw, w_scales, 6, bias_s32, 6, &qo, &bad, CONV_PLAN),
                OCTET_INVALID_ARGUMENT);
    octet_shape cube = shape(3, 1, 2, 6, 6, 4);
    BAD_PREPARE("bad conv_s8 3d input",
                octet_conv2d_s8_prepare(&cube, &q, &f, w_s8, nw, w_scales, 6, bias_s32, 6, &qo, &p, CONV_PLAN),
                OCTET_INVALID_ARGUMENT);
    octet_filter_shape flat = filter(6, 0, 3, 4);
    BAD_PREPARE("bad conv_s8 filter height 0",
                octet_conv2d_s8_prepare(&in, &q, &flat, w_s8, nw, w_scales, 6, bias_s32, 6, &qo, &p, CONV_PLAN),
                OCTET_INVALID_ARGUMENT);
    bad = p;
    bad.padding = OCTET_PADDING_VALID;
    octet_filter_shape tall = filter(6, 7, 3, 4);
    BAD_PREPARE("bad conv_s8 kernel > input valid",
                octet_conv2d_s8_prepare(&in, &q, &tall, w_s8, 7 * 3 * 4 * 6, w_scales, 6, bias_s32, 6, &qo, &bad, CONV_PLAN),
                OCTET_INVALID_ARGUMENT);
    bad.dilation[0] = INT32_MAX;
    BAD_PREPARE("bad conv_s8 huge dilation",
                octet_conv2d_s8_prepare(&in, &q, &f, w_s8, nw, w_scales, 6, bias_s32, 6, &qo, &bad, CONV_PLAN),
                OCTET_INVALID_ARGUMENT);
    /* 65537 taps (1x1 filter over 65537 channels): beyond the int32 accumulator bound. */
    octet_shape deep = shape(2, 1, 1, 1, 1, 65537);
    octet_filter_shape wide = filter(1, 1, 1, 65537);
    BAD_PREPARE("bad conv_s8 65537 taps",
                octet_conv2d_s8_prepare(&deep, &q, &wide, w_s8, 65537, w_scales, 1, NULL, 0, &qo, &p, CONV_PLAN),
                OCTET_UNSUPPORTED);

    refused("bad conv_shape channel mismatch", octet_conv2d_output_shape(&five, &f, &p, &out), OCTET_INVALID_ARGUMENT);
    refused("bad conv_shape null output", octet_conv2d_output_shape(&in, &f, &p, NULL), OCTET_INVALID_ARGUMENT);
    refused("bad conv_shape null filter", octet_conv2d_output_shape(&in, NULL, &p, &out), OCTET_INVALID_ARGUMENT);
    bad = p;
    bad.padding = 9;
    refused("bad conv_shape padding code", octet_conv2d_output_shape(&in, &f, &bad, &out), OCTET_INVALID_ARGUMENT);
    /* Output element count overflow: 2^27 samples of 2^15 x 2^15 cells, a 2x2 filter dilated by
     * 2^15 - 1 with 2^15 - 1 cells of padding on each side: 2^16 - 1 outputs per axis (every window
     * touches the input), x 32 channels: about 2^64 elements. No buffer is read: every call must
     * refuse it before touching one. */
    octet_shape vast = shape(2, 1 << 27, 1, 1 << 15, 1 << 15, 1);
    octet_filter_shape f32c = filter(32, 2, 2, 1), fdw32 = filter(1, 2, 2, 32);
    octet_conv_params reach = conv_params(2, 1, 1, (1 << 15) - 1, (1 << 15) - 1, OCTET_PADDING_EXPLICIT);
    reach.pad_begin[0] = reach.pad_begin[1] = reach.pad_end[0] = reach.pad_end[1] = (1 << 15) - 1;
    refused("bad conv_shape output count overflow", octet_conv2d_output_shape(&vast, &f32c, &reach, &out),
            OCTET_INVALID_ARGUMENT);
    refused("bad dw_shape output count overflow", octet_depthwise_conv2d_output_shape(&vast, &fdw32, &reach, 32, &out),
            OCTET_INVALID_ARGUMENT);
    BAD_PREPARE("bad conv_s8 output count overflow",
                octet_conv2d_s8_prepare(&vast, &q, &f32c, w_s8, 128, w_scales, 1, NULL, 0, &qo, &reach, CONV_PLAN),
                OCTET_INVALID_ARGUMENT);
    BAD_PREPARE("bad dw_s8 output count overflow",
                octet_depthwise_conv2d_s8_prepare(&vast, &q, &fdw32, 32, w_s8, 128, w_scales, 1, NULL, 0, &qo, &reach,
                                                  DW_PLAN),
                OCTET_INVALID_ARGUMENT);
    refused("bad conv_f32 output count overflow", octet_conv2d_f32(&vast, in_f32, SIZE_MAX, &f32c, w_f32, 128, NULL, 0,
            &reach, out_f32, OUTPUT_CAP), OCTET_INVALID_ARGUMENT);

    /* Conv runs on a good plan, and runs given the wrong kind of plan. */
    octet_conv2d_plan *conv = NULL;
    octet_depthwise_conv2d_plan *dw = NULL;
    octet_fully_connected_plan *fc = NULL;
    lifecycle_begin();
    octet_status s1 = octet_conv2d_s8_prepare(&in, &q, &f, w_s8, nw, w_scales, 6, bias_s32, 6, &qo, &p, &conv);
    octet_filter_shape fdw = filter(1, 3, 3, 8);
    octet_status s2 = octet_depthwise_conv2d_s8_prepare(&in, &q, &fdw, 2, w_s8, 72, w_scales, 1, NULL, 0, &qo, &p, &dw);
    octet_status s3 = octet_fully_connected_s8_prepare(16, 4, &q, w_s8, 64, w_scales, 4, bias_s32, 4, &qo,
                                                       OCTET_ACTIVATION_NONE, 0, 0, &fc);
    lifecycle_end();
    if (expect_status("bad-run plans", s1, OCTET_OK) & expect_status("bad-run plans", s2, OCTET_OK) &
        expect_status("bad-run plans", s3, OCTET_OK)) {
        size_t n_out = 6 * 6 * 6, n_dw = 6 * 6 * 8;
        refused("bad conv_s8_run input capacity", octet_conv2d_s8_run(conv, in_s8, n_in - 1, out_s8, n_out),
                OCTET_INVALID_ARGUMENT);
        refused("bad conv_s8_run output capacity", octet_conv2d_s8_run(conv, in_s8, n_in, out_s8, n_out - 1),
                OCTET_INVALID_ARGUMENT);
        refused("bad conv_s8_run null input", octet_conv2d_s8_run(conv, NULL, n_in, out_s8, n_out), OCTET_INVALID_ARGUMENT);
        refused("bad conv_s8_run null output", octet_conv2d_s8_run(conv, in_s8, n_in, NULL, n_out), OCTET_INVALID_ARGUMENT);
        refused("bad conv_s8_run null plan", octet_conv2d_s8_run(NULL, in_s8, n_in, out_s8, n_out), OCTET_INVALID_ARGUMENT);
        refused("bad conv_s8_run depthwise plan", octet_conv2d_s8_run((const octet_conv2d_plan *)dw, in_s8, n_in, out_s8,
                OUTPUT_CAP), OCTET_INVALID_ARGUMENT);
        refused("bad conv_plan_shapes fc plan", octet_conv2d_plan_shapes((const octet_conv2d_plan *)fc, &out, &out),
                OCTET_INVALID_ARGUMENT);
        refused("bad dw_s8_run output capacity", octet_depthwise_conv2d_s8_run(dw, in_s8, n_in, out_s8, n_dw - 1),
                OCTET_INVALID_ARGUMENT);
        refused("bad dw_s8_run input capacity", octet_depthwise_conv2d_s8_run(dw, in_s8, 0, out_s8, n_dw),
                OCTET_INVALID_ARGUMENT);
        refused("bad dw_s8_run conv plan", octet_depthwise_conv2d_s8_run((const octet_depthwise_conv2d_plan *)conv, in_s8,
                n_in, out_s8, OUTPUT_CAP), OCTET_INVALID_ARGUMENT);
        refused("bad dw_plan_shapes null plan", octet_depthwise_conv2d_plan_shapes(NULL, &out, &out), OCTET_INVALID_ARGUMENT);
        refused("bad fc_s8_run batch 0", octet_fully_connected_s8_run(fc, 0, in_s8, n_in, out_s8, OUTPUT_CAP),
                OCTET_INVALID_ARGUMENT);
        refused("bad fc_s8_run batch -1", octet_fully_connected_s8_run(fc, -1, in_s8, n_in, out_s8, OUTPUT_CAP),
                OCTET_INVALID_ARGUMENT);
        refused("bad fc_s8_run input capacity", octet_fully_connected_s8_run(fc, 3, in_s8, 47, out_s8, OUTPUT_CAP),
                OCTET_INVALID_ARGUMENT);
        refused("bad fc_s8_run output capacity", octet_fully_connected_s8_run(fc, 3, in_s8, 48, out_s8, 11),
                OCTET_INVALID_ARGUMENT);
        refused("bad fc_s8_run conv plan", octet_fully_connected_s8_run((const octet_fully_connected_plan *)conv, 1, in_s8,
                n_in, out_s8, OUTPUT_CAP), OCTET_INVALID_ARGUMENT);
        int32_t features = 0;
        refused("bad fc_plan_features null plan", octet_fully_connected_plan_features(NULL, &features, &features),
                OCTET_INVALID_ARGUMENT);
    }
    lifecycle_begin();
    octet_conv2d_plan_destroy(conv);
    octet_depthwise_conv2d_plan_destroy(dw);
    octet_fully_connected_plan_destroy(fc);
    octet_conv2d_plan_destroy(NULL);
    octet_depthwise_conv2d_plan_destroy(NULL);
    octet_fully_connected_plan_destroy(NULL);
    lifecycle_end();

    /* Depthwise prepare: 4 channels, multiplier 2 -> filter [1, 3, 3, 8]. */
    size_t ndw = 72;
    BAD_PREPARE("bad dw_s8 multiplier 0",
                octet_depthwise_conv2d_s8_prepare(&in, &q, &fdw, 0, w_s8, ndw, w_scales, 8, bias_s32, 8, &qo, &p, DW_PLAN),
                OCTET_UNSUPPORTED);
    BAD_PREPARE("bad dw_s8 channels != C*M",
                octet_depthwise_conv2d_s8_prepare(&in, &q, &fdw, 3, w_s8, ndw, w_scales, 8, bias_s32, 8, &qo, &p, DW_PLAN),
                OCTET_INVALID_ARGUMENT);
    BAD_PREPARE("bad dw_s8 multiplier INT32_MAX",
                octet_depthwise_conv2d_s8_prepare(&in, &q, &fdw, INT32_MAX, w_s8, ndw, w_scales, 8, bias_s32, 8, &qo, &p,
                                                  DW_PLAN),
                OCTET_INVALID_ARGUMENT);
    BAD_PREPARE("bad dw_s8 bias length 4",
                octet_depthwise_conv2d_s8_prepare(&in, &q, &fdw, 2, w_s8, ndw, w_scales, 8, bias_s32, 4, &qo, &p, DW_PLAN),
                OCTET_INVALID_ARGUMENT);
    BAD_PREPARE("bad dw_s8 scale count 4",
                octet_depthwise_conv2d_s8_prepare(&in, &q, &fdw, 2, w_s8, ndw, w_scales, 4, bias_s32, 8, &qo, &p, DW_PLAN),
                OCTET_INVALID_ARGUMENT);
    w_scales[7] = -0.5f;
    BAD_PREPARE("bad dw_s8 negative filter scale ch7",
                octet_depthwise_conv2d_s8_prepare(&in, &q, &fdw, 2, w_s8, ndw, w_scales, 8, bias_s32, 8, &qo, &p, DW_PLAN),
                OCTET_INVALID_ARGUMENT);
    w_scales[7] = 0.004f;
    BAD_PREPARE("bad dw_s8 nan output scale",
                octet_depthwise_conv2d_s8_prepare(&in, &q, &fdw, 2, w_s8, ndw, w_scales, 8, bias_s32, 8, &nan_scale, &p,
                                                  DW_PLAN),
                OCTET_INVALID_ARGUMENT);
    BAD_PREPARE("bad dw_s8 weights capacity",
                octet_depthwise_conv2d_s8_prepare(&in, &q, &fdw, 2, w_s8, ndw - 1, w_scales, 8, bias_s32, 8, &qo, &p, DW_PLAN),
                OCTET_INVALID_ARGUMENT);
    bad = p;
    bad.groups = 4;
    BAD_PREPARE("bad dw_s8 groups 4",
                octet_depthwise_conv2d_s8_prepare(&in, &q, &fdw, 2, w_s8, ndw, w_scales, 8, bias_s32, 8, &qo, &bad, DW_PLAN),
                OCTET_INVALID_ARGUMENT);
    octet_filter_shape fdw2 = filter(2, 3, 3, 8);
    BAD_PREPARE("bad dw_s8 filter output_channels 2",
                octet_depthwise_conv2d_s8_prepare(&in, &q, &fdw2, 2, w_s8, 2 * ndw, w_scales, 8, bias_s32, 8, &qo, &p,
                                                  DW_PLAN),
                OCTET_INVALID_ARGUMENT);
    BAD_PREPARE("bad dw_s8 null quant",
                octet_depthwise_conv2d_s8_prepare(&in, NULL, &fdw, 2, w_s8, ndw, w_scales, 8, bias_s32, 8, &qo, &p, DW_PLAN),
                OCTET_INVALID_ARGUMENT);
    refused("bad dw_s8 null plan pointer",
            octet_depthwise_conv2d_s8_prepare(&in, &q, &fdw, 2, w_s8, ndw, w_scales, 8, bias_s32, 8, &qo, &p, NULL),
            OCTET_INVALID_ARGUMENT);
    /* 257 x 256 taps > 65536 (SAME on a 1x1 input keeps the geometry valid). */
    octet_shape one = shape(2, 1, 1, 1, 1, 1);
    octet_filter_shape huge_dw = filter(1, 257, 256, 1);
    BAD_PREPARE("bad dw_s8 65792 taps",
                octet_depthwise_conv2d_s8_prepare(&one, &q, &huge_dw, 1, w_s8, 257 * 256, w_scales, 1, NULL, 0, &qo, &p,
                                                  DW_PLAN),
                OCTET_UNSUPPORTED);
    refused("bad dw_shape multiplier 0", octet_depthwise_conv2d_output_shape(&in, &fdw, &p, 0, &out), OCTET_UNSUPPORTED);
    refused("bad dw_shape channels != C*M", octet_depthwise_conv2d_output_shape(&in, &fdw, &p, 1, &out),
            OCTET_INVALID_ARGUMENT);
    refused("bad dw_shape null output", octet_depthwise_conv2d_output_shape(&in, &fdw, &p, 2, NULL), OCTET_INVALID_ARGUMENT);

    /* Fully connected prepare: 16 -> 4. */
    BAD_PREPARE("bad fc_s8 bias length 3",
                octet_fully_connected_s8_prepare(16, 4, &q, w_s8, 64, w_scales, 4, bias_s32, 3, &qo, 0, 0, 0, FC_PLAN),
                OCTET_INVALID_ARGUMENT);
    BAD_PREPARE("bad fc_s8 scale count 3",
                octet_fully_connected_s8_prepare(16, 4, &q, w_s8, 64, w_scales, 3, bias_s32, 4, &qo, 0, 0, 0, FC_PLAN),
                OCTET_INVALID_ARGUMENT);
    w_scales[2] = 0.0f;
    BAD_PREPARE("bad fc_s8 zero filter scale ch2",
                octet_fully_connected_s8_prepare(16, 4, &q, w_s8, 64, w_scales, 4, bias_s32, 4, &qo, 0, 0, 0, FC_PLAN),
                OCTET_INVALID_ARGUMENT);
    w_scales[2] = 0.004f;
    BAD_PREPARE("bad fc_s8 zero output scale",
                octet_fully_connected_s8_prepare(16, 4, &q, w_s8, 64, w_scales, 4, bias_s32, 4, &zero_scale, 0, 0, 0, FC_PLAN),
                OCTET_INVALID_ARGUMENT);
    BAD_PREPARE("bad fc_s8 weights capacity",
                octet_fully_connected_s8_prepare(16, 4, &q, w_s8, 63, w_scales, 4, bias_s32, 4, &qo, 0, 0, 0, FC_PLAN),
                OCTET_INVALID_ARGUMENT);
    BAD_PREPARE("bad fc_s8 input features 0",
                octet_fully_connected_s8_prepare(0, 4, &q, w_s8, 64, w_scales, 4, bias_s32, 4, &qo, 0, 0, 0, FC_PLAN),
                OCTET_INVALID_ARGUMENT);
    BAD_PREPARE("bad fc_s8 output features -4",
                octet_fully_connected_s8_prepare(16, -4, &q, w_s8, 64, w_scales, 4, bias_s32, 4, &qo, 0, 0, 0, FC_PLAN),
                OCTET_INVALID_ARGUMENT);
    BAD_PREPARE("bad fc_s8 65537 input features",
                octet_fully_connected_s8_prepare(65537, 1, &q, w_s8, 65537, w_scales, 1, NULL, 0, &qo, 0, 0, 0, FC_PLAN),
                OCTET_UNSUPPORTED);
    BAD_PREPARE("bad fc_s8 activation code",
                octet_fully_connected_s8_prepare(16, 4, &q, w_s8, 64, w_scales, 4, bias_s32, 4, &qo, 5, 0, 0, FC_PLAN),
                OCTET_INVALID_ARGUMENT);
    BAD_PREPARE("bad fc_s8 null weights",
                octet_fully_connected_s8_prepare(16, 4, &q, NULL, 64, w_scales, 4, bias_s32, 4, &qo, 0, 0, 0, FC_PLAN),
                OCTET_INVALID_ARGUMENT);
    refused("bad fc_s8 null plan pointer",
            octet_fully_connected_s8_prepare(16, 4, &q, w_s8, 64, w_scales, 4, bias_s32, 4, &qo, 0, 0, 0, NULL),
            OCTET_INVALID_ARGUMENT);

    /* Float conv family. */
    refused("bad conv_f32 channel mismatch", octet_conv2d_f32(&five, in_f32, OUTPUT_CAP, &f, w_f32, nw, NULL, 0, &p,
            out_f32, OUTPUT_CAP), OCTET_INVALID_ARGUMENT);
    refused("bad conv_f32 bias length", octet_conv2d_f32(&in, in_f32, n_in, &f, w_f32, nw, w_f32, 5, &p, out_f32,
            OUTPUT_CAP), OCTET_INVALID_ARGUMENT);
    refused("bad conv_f32 weights capacity", octet_conv2d_f32(&in, in_f32, n_in, &f, w_f32, nw - 1, NULL, 0, &p, out_f32,
            OUTPUT_CAP), OCTET_INVALID_ARGUMENT);
    refused("bad conv_f32 output capacity", octet_conv2d_f32(&in, in_f32, n_in, &f, w_f32, nw, NULL, 0, &p, out_f32,
            6 * 6 * 6 - 1), OCTET_INVALID_ARGUMENT);
    refused("bad conv_f32 input capacity", octet_conv2d_f32(&in, in_f32, n_in - 1, &f, w_f32, nw, NULL, 0, &p, out_f32,
            OUTPUT_CAP), OCTET_INVALID_ARGUMENT);
    refused("bad conv_f32 null weights", octet_conv2d_f32(&in, in_f32, n_in, &f, NULL, nw, NULL, 0, &p, out_f32,
            OUTPUT_CAP), OCTET_INVALID_ARGUMENT);
    refused("bad conv_f32 null bias count 6", octet_conv2d_f32(&in, in_f32, n_in, &f, w_f32, nw, NULL, 6, &p, out_f32,
            OUTPUT_CAP), OCTET_INVALID_ARGUMENT);
    refused("bad dw_f32 multiplier 0", octet_depthwise_conv2d_f32(&in, in_f32, n_in, &fdw, 0, w_f32, ndw, NULL, 0, &p,
            out_f32, OUTPUT_CAP), OCTET_UNSUPPORTED);
    refused("bad dw_f32 channels != C*M", octet_depthwise_conv2d_f32(&in, in_f32, n_in, &fdw, 1, w_f32, ndw, NULL, 0, &p,
            out_f32, OUTPUT_CAP), OCTET_INVALID_ARGUMENT);
    refused("bad dw_f32 bias length", octet_depthwise_conv2d_f32(&in, in_f32, n_in, &fdw, 2, w_f32, ndw, w_f32, 4, &p,
            out_f32, OUTPUT_CAP), OCTET_INVALID_ARGUMENT);
    refused("bad dw_f32 output capacity", octet_depthwise_conv2d_f32(&in, in_f32, n_in, &fdw, 2, w_f32, ndw, NULL, 0, &p,
            out_f32, 6 * 6 * 8 - 1), OCTET_INVALID_ARGUMENT);
    refused("bad fc_f32 batch 0", octet_fully_connected_f32(0, 16, 4, in_f32, n_in, w_f32, 64, NULL, 0, out_f32,
            OUTPUT_CAP, 0, 0, 0), OCTET_INVALID_ARGUMENT);
    refused("bad fc_f32 weights capacity", octet_fully_connected_f32(2, 16, 4, in_f32, n_in, w_f32, 63, NULL, 0, out_f32,
            OUTPUT_CAP, 0, 0, 0), OCTET_INVALID_ARGUMENT);
    refused("bad fc_f32 bias length", octet_fully_connected_f32(2, 16, 4, in_f32, n_in, w_f32, 64, w_f32, 3, out_f32,
            OUTPUT_CAP, 0, 0, 0), OCTET_INVALID_ARGUMENT);
    refused("bad fc_f32 output capacity", octet_fully_connected_f32(2, 16, 4, in_f32, n_in, w_f32, 64, NULL, 0, out_f32,
            7, 0, 0, 0), OCTET_INVALID_ARGUMENT);
    refused("bad fc_f32 output features 0", octet_fully_connected_f32(2, 16, 0, in_f32, n_in, w_f32, 64, NULL, 0, out_f32,
            OUTPUT_CAP, 0, 0, 0), OCTET_INVALID_ARGUMENT);

    /* Elementwise: every tensor 6x6x4 = 144 elements (n_in). */
    refused("bad add_s8 zero scale", octet_add_s8(&in, &q, in_s8, n_in, &zero_scale, in_s8, n_in, &qo, out_s8, OUTPUT_CAP,
            0, 0, 0), OCTET_INVALID_ARGUMENT);
    refused("bad add_s8 output capacity", octet_add_s8(&in, &q, in_s8, n_in, &q, in_s8, n_in, &qo, out_s8, n_in - 1, 0, 0,
            0), OCTET_INVALID_ARGUMENT);
    refused("bad add_s8 input2 capacity", octet_add_s8(&in, &q, in_s8, n_in, &q, in_s8, n_in - 1, &qo, out_s8, OUTPUT_CAP,
            0, 0, 0), OCTET_INVALID_ARGUMENT);
    refused("bad add_s8 null input1", octet_add_s8(&in, &q, NULL, n_in, &q, in_s8, n_in, &qo, out_s8, OUTPUT_CAP, 0, 0, 0),
            OCTET_INVALID_ARGUMENT);
    refused("bad add_s8 null output quant", octet_add_s8(&in, &q, in_s8, n_in, &q, in_s8, n_in, NULL, out_s8, OUTPUT_CAP,
            0, 0, 0), OCTET_INVALID_ARGUMENT);
    refused("bad add_s8 activation code", octet_add_s8(&in, &q, in_s8, n_in, &q, in_s8, n_in, &qo, out_s8, OUTPUT_CAP,
            -1, 0, 0), OCTET_INVALID_ARGUMENT);
    refused("bad add_f32 output capacity", octet_add_f32(&in, in_f32, n_in, in_f32, n_in, out_f32, n_in - 1, 0, 0, 0),
            OCTET_INVALID_ARGUMENT);
    refused("bad add_f32 null shape", octet_add_f32(NULL, in_f32, n_in, in_f32, n_in, out_f32, OUTPUT_CAP, 0, 0, 0),
            OCTET_INVALID_ARGUMENT);
    refused("bad requant_s8 zero point 200", octet_requantize_s8(&in, &q, in_s8, n_in, &wide_zp, out_s8, OUTPUT_CAP, 0, 0,
            0), OCTET_INVALID_ARGUMENT);
    refused("bad requant_s8 nan input scale", octet_requantize_s8(&in, &nan_scale, in_s8, n_in, &q, out_s8, OUTPUT_CAP, 0,
            0, 0), OCTET_INVALID_ARGUMENT);
    refused("bad requant_s8 output capacity", octet_requantize_s8(&in, &q, in_s8, n_in, &qo, out_s8, n_in - 1,
            OCTET_ACTIVATION_RELU6, 0, 0), OCTET_INVALID_ARGUMENT);
    refused("bad clamp_s8 activation code", octet_clamp_s8(&in, &q, in_s8, n_in, out_s8, OUTPUT_CAP, 4, 0, 0),
            OCTET_INVALID_ARGUMENT);
    refused("bad clamp_s8 zero scale", octet_clamp_s8(&in, &zero_scale, in_s8, n_in, out_s8, OUTPUT_CAP,
            OCTET_ACTIVATION_RELU, 0, 0), OCTET_INVALID_ARGUMENT);
    refused("bad clamp_f32 input capacity", octet_clamp_f32(&in, in_f32, 0, out_f32, OUTPUT_CAP, OCTET_ACTIVATION_RELU, 0,
            0), OCTET_INVALID_ARGUMENT);
    refused("bad quantize_s8 zero scale", octet_quantize_s8(&in, in_f32, n_in, &zero_scale, out_s8, OUTPUT_CAP),
            OCTET_INVALID_ARGUMENT);
    refused("bad quantize_s8 output capacity", octet_quantize_s8(&in, in_f32, n_in, &q, out_s8, n_in - 1),
            OCTET_INVALID_ARGUMENT);
    refused("bad dequantize_s8 nan scale", octet_dequantize_s8(&in, &nan_scale, in_s8, n_in, out_f32, OUTPUT_CAP),
            OCTET_INVALID_ARGUMENT);
    refused("bad dequantize_s8 null output", octet_dequantize_s8(&in, &q, in_s8, n_in, NULL, OUTPUT_CAP),
            OCTET_INVALID_ARGUMENT);
    octet_shape zero = shape(2, 1, 1, 6, 0, 4);
    refused("bad dequantize_s8 zero width", octet_dequantize_s8(&zero, &q, in_s8, n_in, out_f32, OUTPUT_CAP),
            OCTET_INVALID_ARGUMENT);

#undef BAD_PREPARE
#undef CONV_PLAN
#undef DW_PLAN
#undef FC_PLAN
}

/* ---- Plan leak checks ---------------------------------------------------------------------------- */

/* One full lifecycle per call: prepare (or a refused prepare), run, destroy; 1 when every status was
 * as expected. Weights, scales, bias and input come from leak_cases. */
static int conv_cycle(void) {
    const octet_quant q = {0.05f, -3}, qo = {0.5f, 5};
    octet_shape in = shape(2, 1, 1, 6, 6, 4);
    octet_filter_shape f = filter(6, 3, 3, 4);
    octet_conv_params p = conv_params(2, 1, 1, 1, 1, OCTET_PADDING_SAME);
    octet_conv2d_plan *plan = NULL;
    lifecycle_begin();
    octet_status s = octet_conv2d_s8_prepare(&in, &q, &f, w_s8, 216, w_scales, 6, bias_s32, 6, &qo, &p, &plan);
    lifecycle_end();
    if (s != OCTET_OK) return 0;
    s = octet_conv2d_s8_run(plan, in_s8, 144, out_s8, 216);
    lifecycle_begin();
    octet_conv2d_plan_destroy(plan);
    lifecycle_end();
    return s == OCTET_OK;
}

static int depthwise_cycle(void) {
    const octet_quant q = {0.05f, -3}, qo = {0.5f, 5};
    octet_shape in = shape(2, 1, 1, 6, 6, 8);
    octet_filter_shape f = filter(1, 3, 3, 16);
    octet_conv_params p = conv_params(2, 1, 1, 1, 1, OCTET_PADDING_SAME);
    octet_depthwise_conv2d_plan *plan = NULL;
    lifecycle_begin();
    octet_status s = octet_depthwise_conv2d_s8_prepare(&in, &q, &f, 2, w_s8, 144, w_scales, 16, bias_s32, 16, &qo, &p,
                                                       &plan);
    lifecycle_end();
    if (s != OCTET_OK) return 0;
    s = octet_depthwise_conv2d_s8_run(plan, in_s8, 288, out_s8, 576);
    lifecycle_begin();
    octet_depthwise_conv2d_plan_destroy(plan);
    lifecycle_end();
    return s == OCTET_OK;
}

static int fully_connected_cycle(void) {
    const octet_quant q = {0.05f, -3}, qo = {0.5f, 5};
    octet_fully_connected_plan *plan = NULL;
    lifecycle_begin();
    octet_status s = octet_fully_connected_s8_prepare(16, 4, &q, w_s8, 64, w_scales, 4, bias_s32, 4, &qo,
                                                      OCTET_ACTIVATION_RELU, 0, 0, &plan);
    lifecycle_end();
    if (s != OCTET_OK) return 0;
    s = octet_fully_connected_s8_run(plan, 2, in_s8, 32, out_s8, 8);
    lifecycle_begin();
    octet_fully_connected_plan_destroy(plan);
    lifecycle_end();
    return s == OCTET_OK;
}

/* Refused after the requantization arrays were started (filter scale 0 at channel 3). */
static int refused_scale_cycle(void) {
    static const float scales[6] = {0.004f, 0.004f, 0.004f, 0.0f, 0.004f, 0.004f};
    const octet_quant q = {0.05f, -3}, qo = {0.5f, 5};
    octet_shape in = shape(2, 1, 1, 6, 6, 4);
    octet_filter_shape f = filter(6, 3, 3, 4);
    octet_conv_params p = conv_params(2, 1, 1, 1, 1, OCTET_PADDING_SAME);
    octet_conv2d_plan *plan = NULL;
    lifecycle_begin();
    octet_status s = octet_conv2d_s8_prepare(&in, &q, &f, w_s8, 216, scales, 6, bias_s32, 6, &qo, &p, &plan);
    lifecycle_end();
    return s == OCTET_INVALID_ARGUMENT && plan == NULL;
}

/* Refused after the whole plan was built (its output element count overflows): the plan is freed. */
static int refused_built_cycle(void) {
    const octet_quant q = {0.05f, -3}, qo = {0.5f, 5};
    octet_shape vast = shape(2, 1 << 27, 1, 1 << 15, 1 << 15, 1);
    octet_filter_shape f = filter(1, 2, 2, 32);
    octet_conv_params p = conv_params(2, 1, 1, (1 << 15) - 1, (1 << 15) - 1, OCTET_PADDING_EXPLICIT);
    p.pad_begin[0] = p.pad_begin[1] = p.pad_end[0] = p.pad_end[1] = (1 << 15) - 1;
    octet_depthwise_conv2d_plan *plan = NULL;
    lifecycle_begin();
    octet_status s = octet_depthwise_conv2d_s8_prepare(&vast, &q, &f, 32, w_s8, 128, w_scales, 32, bias_s32, 32, &qo, &p,
                                                       &plan);
    lifecycle_end();
    return s == OCTET_INVALID_ARGUMENT && plan == NULL;
}

static void leak_cases(void) {
    fill_filter(256, 32, 1, 0.004f, 310);
    fill_s8(in_s8, 576, 311, -128, 127);
    leak_check("leak conv_s8 plan lifecycle", conv_cycle);
    leak_check("leak dw_s8 plan lifecycle", depthwise_cycle);
    leak_check("leak fc_s8 plan lifecycle", fully_connected_cycle);
    leak_check("leak conv_s8 refused prepare", refused_scale_cycle);
    leak_check("leak dw_s8 refused built plan", refused_built_cycle);
}


/* ---- .octet models through octet_model_* --------------------------------------------------------- */

/* The model file (argv[1]): read into a static 16-aligned buffer (octet.h: the buffer stays alive
 * until octet_model_destroy), loaded, run on fixed inputs (int8 uniform, float32 k/64 from the LCG),
 * and every output's bytes hashed into the checksum. Also: a truncated copy and NULL arguments are
 * refused, a too-small output capacity is refused without writing, and load/destroy do not leak. */
#define MODEL_CAP (1u << 23)
static _Alignas(16) unsigned char model_bytes[MODEL_CAP];
static _Alignas(16) unsigned char model_copy[MODEL_CAP];
static _Alignas(16) unsigned char model_in[4][1u << 16];
static _Alignas(16) unsigned char model_out[4][1u << 16];
static size_t model_size;

static int model_cycle(void) {
    octet_model *m = NULL;
    lifecycle_begin();
    octet_status s = octet_model_load(model_bytes, model_size, &m, NULL);
    lifecycle_end();
    if (s != OCTET_OK) return 0;
    lifecycle_begin();
    octet_model_destroy(m);
    lifecycle_end();
    return 1;
}

static void model_cases(const char *path) {
    if (path == NULL) {
        printf("model: no .octet path given, skipped\n");
        return;
    }
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        printf("FAIL model: cannot open %s\n", path);
        failures += 1;
        return;
    }
    model_size = fread(model_bytes, 1, MODEL_CAP, f);
    int too_big = !feof(f);
    fclose(f);
    if (too_big || model_size == 0) {
        printf("FAIL model: %s is empty or larger than %u bytes\n", path, MODEL_CAP);
        failures += 1;
        return;
    }
    octet_model *m = NULL;
    lifecycle_begin();
    octet_status s = octet_model_load(model_bytes, model_size, &m, NULL);
    lifecycle_end();
    if (s != OCTET_OK) {
        printf("FAIL model load: status %d\n", (int)s);
        failures += 1;
        return;
    }
    size_t n_in = 0, n_out = 0, arena = 0;
    expect_status("model io counts", octet_model_io_counts(m, &n_in, &n_out), OCTET_OK);
    expect_status("model arena size", octet_model_arena_size(m, &arena), OCTET_OK);
    printf("model %s: %zu bytes, %zu input(s), %zu output(s), arena %zu bytes\n", path, model_size, n_in, n_out, arena);
    if (n_in > 4 || n_out > 4) {
        printf("FAIL model: more than 4 inputs or outputs\n");
        failures += 1;
        lifecycle_begin();
        octet_model_destroy(m);
        lifecycle_end();
        return;
    }
    const void *ins[4];
    void *outs[4];
    size_t in_bytes[4], out_bytes[4];
    for (size_t k = 0; k < n_in; k++) {
        octet_tensor_info info;
        expect_status("model input info", octet_model_input_info(m, k, &info), OCTET_OK);
        if (info.byte_count > sizeof model_in[k]) { printf("FAIL model: input too large\n"); failures += 1; return; }
        if (info.element_type == OCTET_ELEMENT_FLOAT32) fill_f32((float *)(void *)model_in[k], info.byte_count / 4, 900 + k);
        else if (info.element_type == OCTET_ELEMENT_INT8) fill_s8((int8_t *)model_in[k], info.byte_count, 900 + k, -128, 127);
        else memset(model_in[k], 0, info.byte_count);
        ins[k] = model_in[k];
        in_bytes[k] = info.byte_count;
        printf("  input %zu: type %d rank %d scale %g zero point %d, %u bytes\n", k, (int)info.element_type, (int)info.rank,
               (double)info.scale, (int)info.zero_point, (unsigned)info.byte_count);
    }
    for (size_t k = 0; k < n_out; k++) {
        octet_tensor_info info;
        expect_status("model output info", octet_model_output_info(m, k, &info), OCTET_OK);
        outs[k] = model_out[k];
        out_bytes[k] = info.byte_count <= sizeof model_out[k] ? info.byte_count : 0;
    }
    /* A too-small output is refused and nothing is written. */
    memset(model_out, SENTINEL, sizeof model_out);
    if (n_out > 0) {
        size_t saved = out_bytes[0];
        out_bytes[0] = saved - 1;
        expect_status("model run, output too small", octet_model_run(m, ins, in_bytes, outs, out_bytes), OCTET_INVALID_ARGUMENT);
        out_bytes[0] = saved;
        int untouched = 1;
        for (size_t i = 0; i < sizeof model_out[0]; i++) untouched &= model_out[0][i] == SENTINEL;
        if (!untouched) { printf("FAIL model run wrote an output on refusal\n"); failures += 1; }
    }
    expect_status("model run NULL inputs", octet_model_run(m, NULL, in_bytes, outs, out_bytes), OCTET_INVALID_ARGUMENT);
    /* Two runs: identical bytes (the inputs are copied in each time). */
    for (int run = 0; run < 2; run++) {
        expect_status("model run", octet_model_run(m, ins, in_bytes, outs, out_bytes), OCTET_OK);
    }
    for (size_t k = 0; k < n_out; k++) {
        uint64_t h = fnv_bytes(0xcbf29ce484222325ULL, model_out[k], out_bytes[k]);
        checksum = fnv_u32(checksum, (uint32_t)h);
        checksum = fnv_u32(checksum, (uint32_t)(h >> 32));
        printf("  output %zu: %zu bytes, fnv1a64 %016llx\n", k, out_bytes[k], (unsigned long long)h);
        printf("model output %zu checksum: %016llx\n", k, (unsigned long long)h);
    }
    lifecycle_begin();
    octet_model_destroy(m);
    lifecycle_end();

    /* Refusals: truncated copies at several lengths, a corrupted magic, NULL arguments. */
    size_t cuts[4] = {0, 15, model_size / 2, model_size - 1};
    for (int k = 0; k < 4; k++) {
        size_t offset = 12345;
        octet_model *bad = NULL;
        memcpy(model_copy, model_bytes, model_size);
        lifecycle_begin();
        s = octet_model_load(model_copy, cuts[k], &bad, &offset);
        lifecycle_end();
        if (cuts[k] == 0) expect_status("model load, empty", s, OCTET_INVALID_MODEL);
        else expect_status("model load, truncated", s, OCTET_INVALID_MODEL);
        checksum = fnv_u32(checksum, (uint32_t)offset);
        if (bad != NULL) { printf("FAIL model load stored a handle on refusal\n"); failures += 1; }
    }
    memcpy(model_copy, model_bytes, model_size);
    model_copy[2] ^= 1;
    size_t offset = 0;
    lifecycle_begin();
    s = octet_model_load(model_copy, model_size, &m, &offset);
    lifecycle_end();
    expect_status("model load, bad magic", s, OCTET_INVALID_MODEL);
    if (offset != 2) { printf("FAIL model bad magic offset %zu, expected 2\n", offset); failures += 1; }
    expect_status("model load, NULL", octet_model_load(NULL, model_size, &m, NULL), OCTET_INVALID_ARGUMENT);
    expect_status("model io counts, NULL", octet_model_io_counts(NULL, &n_in, &n_out), OCTET_INVALID_ARGUMENT);
    octet_model_destroy(NULL);
    /* Leak check of load/destroy: a load makes many allocations of many sizes, and glibc's heap
     * accounting settles only after the first ~100 cycles (a bounded ~1 KiB, the same whether 100 or
     * 3000 cycles follow), so compare in-use bytes after 100 and after 200 more cycles. */
    int ok = 1;
    for (int k = 0; ok && k < 100; k++) ok = model_cycle();
    size_t before = heap_in_use();
    for (int k = 0; ok && k < 200; k++) ok = model_cycle();
    size_t after = heap_in_use();
    if (!ok || after != before) {
        printf("FAIL leak model load/destroy: status %d, heap in use %zu -> %zu bytes over 200 cycles\n", ok, before, after);
        failures += 1;
    } else {
        printf("ok   %-34s %s\n", "leak model load/destroy", HEAP_IN_USE_KNOWN ? "no heap growth over 200 cycles" : "skipped (no mallinfo2)");
    }
}

int main(int argc, char **argv) {
    max_pool_cases();
    average_pool_cases();
    global_and_adaptive_cases();
    lp_and_unpool_cases();
    bad_argument_cases();
    pyramid_cases();
    blur_cases();
    float_cases();
    bad_new_export_cases();
    conv_cases();
    conv_float_cases();
    elementwise_cases();
    bad_conv_cases();
    leak_cases();
    /* Every model path given (argv[1...]), in order. */
    if (argc < 2) model_cases(NULL);
    for (int k = 1; k < argc; k++) model_cases(argv[k]);
    /* The counter must see the plans' own allocations, or a zero below would prove nothing. */
    if (lifecycle_allocations == 0) {
        printf("FAIL allocation counter: no allocation seen in any *_prepare\n");
        failures += 1;
    }
    printf("plan prepare/destroy: %lu heap allocations by octet (allowed; not counted below)\n", lifecycle_allocations);
    /* Allocations during runs (every call but *_prepare / *_plan_destroy): must be 0. */
    printf("heap allocations by octet: %lu\n", allocations);
    printf("checksum: %016llx\n", (unsigned long long)checksum);
    if (failures) {
        printf("%d unexpected status(es)\n", failures);
        return 1;
    }
    return 0;
}
