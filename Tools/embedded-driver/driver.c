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
 * Exit status: 0 when every status was the expected one, 1 otherwise.
 * No heap: every buffer is static. Allocations made by Octet are counted (the script links with
 * -Wl,--wrap=posix_memalign) and reported, since octet.h promises none.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
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

int main(void) {
    max_pool_cases();
    average_pool_cases();
    global_and_adaptive_cases();
    lp_and_unpool_cases();
    bad_argument_cases();
    printf("heap allocations by octet: %lu\n", allocations);
    printf("checksum: %016llx\n", (unsigned long long)checksum);
    if (failures) {
        printf("%d unexpected status(es)\n", failures);
        return 1;
    }
    return 0;
}
