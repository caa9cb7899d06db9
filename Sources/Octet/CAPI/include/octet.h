/*
 * octet.h — the C interface of Octet, an int8 edge-inference engine.
 *
 * Link the Octet module (built with Embedded Swift, or as a normal Swift library) and call these
 * functions from C or C++. They are the `@_cdecl` exports in Sources/Octet/CAPI/ (Swift).
 *
 * Conventions (every function):
 *   - Returns an octet_status: OCTET_OK, or a negative code. A function that does not return
 *     OCTET_OK has written nothing to its outputs.
 *   - Never traps, never aborts, never allocates on the heap, never keeps a pointer after it
 *     returns. Bad input — NULL pointers, malformed shapes, out-of-range parameters, buffers too
 *     small — is reported through the status, not a crash.
 *   - Every buffer comes with its capacity in ELEMENTS (not bytes). The function checks the
 *     capacity against the shape it needs; a larger buffer is fine (the tail is not touched).
 *     A NULL buffer counts as capacity 0.
 *   - Input and output buffers must not overlap.
 *   - Pure functions of their inputs: identical bytes out for identical inputs, on every target
 *     (x86_64, aarch64, ...).
 *
 * Layout: activations are channels-last (DESIGN.md §3):
 *   1-D NWC, 2-D NHWC, 3-D NDHWC, element (n, d, h, w, c) at (((n·D + d)·H + h)·W + w)·C + c.
 * Quantization: real = scale · (q − zero_point), per tensor.
 *
 * Parameter structs hold only int32_t and float fields (4-byte aligned, no padding); the Swift side
 * reads them field by field at the byte offsets asserted below, so their layout is part of the ABI.
 */
#ifndef OCTET_H
#define OCTET_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------------------------------------
 * Status codes (CMSIS-NN style).
 * ------------------------------------------------------------------------------------------- */

typedef int32_t octet_status;

enum {
    /* Success: the outputs are written. */
    OCTET_OK = 0,
    /* A NULL struct pointer, a malformed shape (an extent < 1, spatial_rank outside 1...3, an unused
     * spatial axis != 1, too many cells), a bad parameter (window, stride or dilation < 1, padding
     * not smaller than the dilated window, an unknown enum value, a window with no input cell, an
     * input smaller than one window), an invalid quantization (scale not finite and > 0,
     * zero_point outside −128...127), mismatched quantizations, or a buffer smaller than its shape. */
    OCTET_INVALID_ARGUMENT = -1,
    /* Arguments the kernel does not support (KernelError.unsupported): e.g. an average-pool
     * window of more than 65536 cells, an adaptive output extent < 1, no pyramid levels or a level
     * outside 1...4096, a blur-pool stride < 1, reflect padding on an extent < 2. */
    OCTET_UNSUPPORTED = -2
};

/* ---------------------------------------------------------------------------------------------
 * Parameter structs.
 * ------------------------------------------------------------------------------------------- */

/* The shape of a channels-last activation tensor. Axes the rank does not have must be 1:
 * rank 1 (NWC) has depth = height = 1, rank 2 (NHWC) has depth = 1. Every extent must be >= 1,
 * and depth·height·width must fit in int32_t (indices are int32_t). */
typedef struct octet_shape {
    int32_t batch;        /* offset  0: N */
    int32_t depth;        /* offset  4: D (1 unless spatial_rank == 3) */
    int32_t height;       /* offset  8: H (1 if spatial_rank == 1) */
    int32_t width;        /* offset 12: W */
    int32_t channels;     /* offset 16: C */
    int32_t spatial_rank; /* offset 20: 1, 2 or 3 */
} octet_shape;            /* size 24 */

/* Per-tensor affine quantization: real = scale · (q − zero_point). */
typedef struct octet_quant {
    float scale;          /* offset 0: finite, > 0 */
    int32_t zero_point;   /* offset 4: −128...127 */
} octet_quant;            /* size 8 */

/* octet_pool_params.padding */
enum {
    /* pad_begin / pad_end, per axis; each must be >= 0 and < dilation·(window − 1) + 1. */
    OCTET_PADDING_EXPLICIT = 0,
    /* No padding: every window lies inside the input. */
    OCTET_PADDING_VALID = 1,
    /* TFLite SAME / ONNX SAME_UPPER: output = ceil(in / stride), total padding
     * max((out − 1)·stride + dilation·(window − 1) + 1 − in, 0), begin = total / 2 (floor). */
    OCTET_PADDING_SAME = 2,
    /* ONNX SAME_LOWER: as SAME with begin = the larger half. */
    OCTET_PADDING_SAME_LOWER = 3
};

/* octet_pool_params.activation: a clamp applied to the output, in real units. Int8 kernels
 * quantize the bounds with the output's quantization as TFLite does:
 * min = max(−128, zp + round(lo / scale)), max = min(127, zp + round(hi / scale)). */
enum {
    OCTET_ACTIVATION_NONE = 0,  /* (−inf, +inf) */
    OCTET_ACTIVATION_RELU = 1,  /* [0, +inf) */
    OCTET_ACTIVATION_RELU6 = 2, /* [0, 6] */
    OCTET_ACTIVATION_CLAMP = 3  /* [act_min, act_max]; either may be ±INFINITY */
};

/* Parameters of a windowed pooling kernel (max, average, Lp), 1, 2 or 3 spatial axes.
 * The arrays are in (depth, height, width) order: a 2-D pool uses [1] (height) and [2] (width),
 * a 1-D pool uses [2] (width) only; entries for axes the rank does not have are ignored
 * (set them to 1, or 0 for padding).
 *
 * Output extent per axis, with e = dilation·(window − 1) + 1:
 *   floor((in + pad_begin + pad_end − e) / stride) + 1, or with ceil_mode ceil(...) + 1, dropping a
 *   last window that would start inside the end padding (PyTorch's rule).
 * Window of output o: input cells o·stride − pad_begin + t·dilation, t = 0...window − 1; cells
 * outside the input (padding) are never read. A window with no input cell is OCTET_INVALID_ARGUMENT.
 * Size limit (so that no index arithmetic can overflow, on 32-bit targets too): per axis
 * in + |pad_begin| + |pad_end| + 2·e + stride <= INT32_MAX, and the product of the three e values
 * <= INT32_MAX; larger geometries are OCTET_INVALID_ARGUMENT. */
typedef struct octet_pool_params {
    int32_t spatial_rank;      /* offset  0: 1, 2 or 3; must equal the input's spatial_rank */
    int32_t window[3];         /* offset  4: kernel size, >= 1 */
    int32_t stride[3];         /* offset 16: >= 1 */
    int32_t dilation[3];       /* offset 28: >= 1 (1 = dense window) */
    int32_t pad_begin[3];      /* offset 40: OCTET_PADDING_EXPLICIT only */
    int32_t pad_end[3];        /* offset 52: OCTET_PADDING_EXPLICIT only */
    int32_t padding;           /* offset 64: OCTET_PADDING_* */
    int32_t ceil_mode;         /* offset 68: 0 = floor, nonzero = ceil (see above) */
    int32_t count_include_pad; /* offset 72: average pooling only: nonzero divides by the window
                                  cells inside the padded extent, padding cells counting as real 0 */
    int32_t activation;        /* offset 76: OCTET_ACTIVATION_* */
    float act_min;             /* offset 80: OCTET_ACTIVATION_CLAMP only, real units */
    float act_max;             /* offset 84: OCTET_ACTIVATION_CLAMP only, real units */
} octet_pool_params;           /* size 88 */

/* The layout the Swift side reads. */
#if defined(__cplusplus) && __cplusplus >= 201103L
#define OCTET_STATIC_ASSERT(condition, message) static_assert(condition, message)
#elif defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
#define OCTET_STATIC_ASSERT(condition, message) _Static_assert(condition, message)
#else /* C99: an array type of negative size fails to compile */
#define OCTET_CONCAT_(a, b) a##b
#define OCTET_CONCAT(a, b) OCTET_CONCAT_(a, b)
#define OCTET_STATIC_ASSERT(condition, message) \
    typedef char OCTET_CONCAT(octet_layout_check_, __LINE__)[(condition) ? 1 : -1]
#endif
OCTET_STATIC_ASSERT(sizeof(float) == 4, "octet.h: float must be IEEE-754 binary32");
OCTET_STATIC_ASSERT(sizeof(octet_shape) == 24, "octet_shape layout");
OCTET_STATIC_ASSERT(offsetof(octet_shape, spatial_rank) == 20, "octet_shape layout");
OCTET_STATIC_ASSERT(sizeof(octet_quant) == 8, "octet_quant layout");
OCTET_STATIC_ASSERT(offsetof(octet_quant, zero_point) == 4, "octet_quant layout");
OCTET_STATIC_ASSERT(sizeof(octet_pool_params) == 88, "octet_pool_params layout");
OCTET_STATIC_ASSERT(offsetof(octet_pool_params, stride) == 16, "octet_pool_params layout");
OCTET_STATIC_ASSERT(offsetof(octet_pool_params, dilation) == 28, "octet_pool_params layout");
OCTET_STATIC_ASSERT(offsetof(octet_pool_params, pad_begin) == 40, "octet_pool_params layout");
OCTET_STATIC_ASSERT(offsetof(octet_pool_params, pad_end) == 52, "octet_pool_params layout");
OCTET_STATIC_ASSERT(offsetof(octet_pool_params, padding) == 64, "octet_pool_params layout");
OCTET_STATIC_ASSERT(offsetof(octet_pool_params, activation) == 76, "octet_pool_params layout");
OCTET_STATIC_ASSERT(offsetof(octet_pool_params, act_max) == 84, "octet_pool_params layout");

/* ---------------------------------------------------------------------------------------------
 * Pooling geometry.
 * ------------------------------------------------------------------------------------------- */

/* The output shape of a windowed pool (max, average, Lp) of `input` with `params`: batch and
 * channels as the input, spatial extents by the formula at octet_pool_params. Validates the
 * input shape and every parameter exactly as the pooling functions do, so OCTET_OK here means
 * the same shape and parameters are accepted there. `output` is written only on OCTET_OK. */
octet_status octet_pool_output_shape(
    const octet_shape *input, const octet_pool_params *params, octet_shape *output);

/* ---------------------------------------------------------------------------------------------
 * Max pooling.
 *
 * out[n, od, oh, ow, c] = clamp(max over the window's input cells); padding cells never win.
 * Output shape: octet_pool_output_shape(input_shape, params). The int8 result is one of the
 * input values (no arithmetic), clamped to the quantized activation range.
 *
 * Indices (optional; NULL = not wanted): one int32_t per output element, the winner's flat
 * position in its own (n, c) plane of the input — 1-D w, 2-D h·W + w, 3-D (d·H + h)·W + w —
 * i.e. NOT including n or c (PyTorch's return_indices convention). Tie rule: the first maximum in
 * row-major window scan order (d, then h, then w) wins, i.e. the smallest index; a window of all
 * −128 returns its first input cell. These indices are what octet_max_unpool_s8 consumes.
 * ------------------------------------------------------------------------------------------- */

/* Int8 max pooling; input and output share `quant` (TFLite MAX_POOL_2D). */
octet_status octet_max_pool_s8(
    const octet_shape *input_shape, const octet_quant *quant,
    const int8_t *input, size_t input_capacity,
    const octet_pool_params *params,
    int8_t *output, size_t output_capacity,
    int32_t *indices, size_t indices_capacity);

/* Float32 max pooling (reference kernel). NaN wins over every number (the first NaN of the window);
 * the activation clamp passes NaN through. Indices as octet_max_pool_s8. */
octet_status octet_max_pool_f32(
    const octet_shape *input_shape,
    const float *input, size_t input_capacity,
    const octet_pool_params *params,
    float *output, size_t output_capacity,
    int32_t *indices, size_t indices_capacity);

/* ---------------------------------------------------------------------------------------------
 * Average pooling.
 * ------------------------------------------------------------------------------------------- */

/* Int8 average pooling; input and output share `quant` (TFLite AVERAGE_POOL_2D).
 * acc = Σ q over the window's input cells; n = their count (count_include_pad = 0), or the cells
 * inside the padded extent with each padding cell adding zero_point to acc (count_include_pad != 0);
 * out = clamp((acc ± n/2) / n), rounding half away from zero (TFLite). Bit-exact with TFLite for
 * count_include_pad = 0. Output shape: octet_pool_output_shape(input_shape, params).
 * Windows of more than 65536 cells: OCTET_UNSUPPORTED (use octet_global_avg_pool_s8). */
octet_status octet_avg_pool_s8(
    const octet_shape *input_shape, const octet_quant *quant,
    const int8_t *input, size_t input_capacity,
    const octet_pool_params *params,
    int8_t *output, size_t output_capacity);

/* Float32 average pooling (reference kernel): the sum of the window's input cells in double, divided
 * by their count (count_include_pad = 0) or by the cells inside the padded extent, padding cells
 * adding 0 (count_include_pad != 0); one rounding to float, then the activation clamp (NaN passes
 * through it). No window-size limit. Output shape: octet_pool_output_shape(input_shape, params). */
octet_status octet_avg_pool_f32(
    const octet_shape *input_shape,
    const float *input, size_t input_capacity,
    const octet_pool_params *params,
    float *output, size_t output_capacity);

/* ---------------------------------------------------------------------------------------------
 * Global pooling: one output per (n, c) over all D·H·W cells. Output shape: the input's with every
 * spatial extent 1 (N×W=1×C, N×1×1×C or N×1×1×1×C; spatial_rank as the input), so the output holds
 * batch·channels elements. Input and output quantization may differ. The activation is given as
 * `activation` (OCTET_ACTIVATION_*) and, for OCTET_ACTIVATION_CLAMP, [act_min, act_max] in real
 * units, quantized with `output_quant`.
 * ------------------------------------------------------------------------------------------- */

/* Int8 global average pooling. Equal quantizations: out = clamp((Σq ± n/2) / n), ties away from
 * zero. Different: acc = Σ (q − zp_in), one requantization with M = s_in / (s_out · n) (TFLite's
 * fixed-point double rounding), + zp_out, clamp — one rounding, so it may differ from TFLite MEAN
 * (two or three roundings) by ±1. Planes of more than 2^23 cells with s_in / s_out >= 2^32:
 * OCTET_UNSUPPORTED. */
octet_status octet_global_avg_pool_s8(
    const octet_shape *input_shape, const octet_quant *input_quant,
    const int8_t *input, size_t input_capacity,
    const octet_quant *output_quant,
    int8_t *output, size_t output_capacity,
    int32_t activation, float act_min, float act_max);

/* Int8 global max pooling, optional indices (NULL = none; convention and tie rule as
 * octet_max_pool_s8). Different quantizations: out = clamp(zp_out + M·(max − zp_in)),
 * M = s_in / s_out, TFLite's fixed-point rounding (exact to requantize after the max: it is monotone). */
octet_status octet_global_max_pool_s8(
    const octet_shape *input_shape, const octet_quant *input_quant,
    const int8_t *input, size_t input_capacity,
    const octet_quant *output_quant,
    int8_t *output, size_t output_capacity,
    int32_t *indices, size_t indices_capacity,
    int32_t activation, float act_min, float act_max);

/* Float32 global average pooling (reference kernel): the mean over all D·H·W cells, summed in double,
 * one rounding to float, then the activation clamp (NaN passes through it). */
octet_status octet_global_avg_pool_f32(
    const octet_shape *input_shape,
    const float *input, size_t input_capacity,
    float *output, size_t output_capacity,
    int32_t activation, float act_min, float act_max);

/* Float32 global max pooling (reference kernel), optional indices (NULL = none); NaN wins (the first
 * NaN), tie rule and index convention as octet_max_pool_s8. */
octet_status octet_global_max_pool_f32(
    const octet_shape *input_shape,
    const float *input, size_t input_capacity,
    float *output, size_t output_capacity,
    int32_t *indices, size_t indices_capacity,
    int32_t activation, float act_min, float act_max);

/* ---------------------------------------------------------------------------------------------
 * Adaptive pooling (PyTorch's AdaptiveAvgPool / AdaptiveMaxPool). The caller chooses
 * `output_shape`: batch, channels and spatial_rank equal to the input's, each spatial extent >= 1
 * (an extent < 1: OCTET_UNSUPPORTED); an extent larger than the input's is allowed (windows then
 * repeat cells). Output i on an axis of input extent In and output extent Out reads input cells
 * [floor(i·In/Out), ceil((i+1)·In/Out)). Input and output share `quant`. Activation arguments as
 * the global pools.
 * ------------------------------------------------------------------------------------------- */

/* Int8 adaptive average pooling: arithmetic and rounding as octet_avg_pool_s8 (no padding). */
octet_status octet_adaptive_avg_pool_s8(
    const octet_shape *input_shape, const octet_quant *quant,
    const int8_t *input, size_t input_capacity,
    const octet_shape *output_shape,
    int8_t *output, size_t output_capacity,
    int32_t activation, float act_min, float act_max);

/* Int8 adaptive max pooling, optional indices (NULL = none; convention and tie rule as
 * octet_max_pool_s8). */
octet_status octet_adaptive_max_pool_s8(
    const octet_shape *input_shape, const octet_quant *quant,
    const int8_t *input, size_t input_capacity,
    const octet_shape *output_shape,
    int8_t *output, size_t output_capacity,
    int32_t *indices, size_t indices_capacity,
    int32_t activation, float act_min, float act_max);

/* Float32 adaptive average pooling (reference kernel): arithmetic as octet_avg_pool_f32. */
octet_status octet_adaptive_avg_pool_f32(
    const octet_shape *input_shape,
    const float *input, size_t input_capacity,
    const octet_shape *output_shape,
    float *output, size_t output_capacity,
    int32_t activation, float act_min, float act_max);

/* Float32 adaptive max pooling (reference kernel), optional indices (NULL = none); NaN wins (the
 * first NaN), tie rule and index convention as octet_max_pool_s8. */
octet_status octet_adaptive_max_pool_f32(
    const octet_shape *input_shape,
    const float *input, size_t input_capacity,
    const octet_shape *output_shape,
    float *output, size_t output_capacity,
    int32_t *indices, size_t indices_capacity,
    int32_t activation, float act_min, float act_max);

/* ---------------------------------------------------------------------------------------------
 * Spatial pyramid pooling (He et al. 2014, SPP): for each level L of `levels`, adaptive max or
 * average pooling of each sample to L cells per spatial axis (L^spatial_rank cells), all levels
 * concatenated. Each level is exactly octet_adaptive_max_pool_* / octet_adaptive_avg_pool_* (their
 * windows, rounding, tie rule and clamp); input and output share `quant`; activation arguments as
 * the global pools.
 *
 * Output shape (octet_spatial_pyramid_pool_shape): NWC, spatial_rank 1, whatever the input's rank:
 * batch N, width Σ_levels L^spatial_rank, channels C. Element (n, k, c) is cell k of the
 * concatenated levels — level 0's cells in (d, h, w) row-major order, then level 1's, … — so per
 * sample the order is (level, d, h, w, c). PyTorch's SPP (flatten of NCHW per level) orders
 * (level, c, d, h, w): permute a following fully-connected layer's weights accordingly.
 *
 * Levels: `level_count` int32_t values, each in 1...4096, any order, repeats allowed (a level larger
 * than an input extent repeats cells). level_count < 1 or a level outside 1...4096:
 * OCTET_UNSUPPORTED; `levels` NULL with level_count >= 1: OCTET_INVALID_ARGUMENT; a total of more
 * than INT32_MAX cells per sample: OCTET_INVALID_ARGUMENT. Every level is checked before the first
 * one is pooled, so a refused call writes nothing.
 * ------------------------------------------------------------------------------------------- */

/* octet_spatial_pyramid_pool_*.pooling */
enum {
    OCTET_PYRAMID_MAX = 0,    /* adaptive max pooling per level */
    OCTET_PYRAMID_AVERAGE = 1 /* adaptive average pooling per level */
};

/* The output shape of spatial pyramid pooling (above). Validates the input shape and the levels as
 * the pooling functions do; they may still refuse an int8 average level whose windows exceed 65536
 * cells (OCTET_UNSUPPORTED, as octet_avg_pool_s8). `output` is written only on OCTET_OK. */
octet_status octet_spatial_pyramid_pool_shape(
    const octet_shape *input, const int32_t *levels, int32_t level_count, octet_shape *output);

/* Int8 spatial pyramid pooling; `pooling` is OCTET_PYRAMID_* (another value:
 * OCTET_INVALID_ARGUMENT). Average levels: windows of more than 65536 cells (a small level on a
 * large input) are OCTET_UNSUPPORTED, as octet_adaptive_avg_pool_s8. */
octet_status octet_spatial_pyramid_pool_s8(
    const octet_shape *input_shape, const octet_quant *quant,
    const int8_t *input, size_t input_capacity,
    const int32_t *levels, int32_t level_count, int32_t pooling,
    int8_t *output, size_t output_capacity,
    int32_t activation, float act_min, float act_max);

/* Float32 spatial pyramid pooling (reference kernel): levels as octet_adaptive_max_pool_f32 /
 * octet_adaptive_avg_pool_f32; no window-size limit. */
octet_status octet_spatial_pyramid_pool_f32(
    const octet_shape *input_shape,
    const float *input, size_t input_capacity,
    const int32_t *levels, int32_t level_count, int32_t pooling,
    float *output, size_t output_capacity,
    int32_t activation, float act_min, float act_max);

/* ---------------------------------------------------------------------------------------------
 * Lp pooling (ONNX LpPool, PyTorch LPPool; with `mean`, TFLite L2_POOL_2D's form).
 * ------------------------------------------------------------------------------------------- */

/* Int8 Lp pooling: y = (Σ |x|^p)^(1/p) over the window's input cells (padding adds nothing), or
 * with mean != 0, y = (Σ |x|^p / n)^(1/p), n = the input cells (the padded count with
 * params->count_include_pad). x = s_in·(q − zp_in); out = clamp(zp_out + round(y / s_out)), ties away
 * from zero, one rounding per output. p = 1 and p = 2 use exact integer sums; other p use a
 * deterministic (libm-free) pow, so every target gives the same bytes. Output shape:
 * octet_pool_output_shape(input_shape, params). Input and output quantization may differ.
 * p must be finite and > 0, else OCTET_UNSUPPORTED. */
octet_status octet_lp_pool_s8(
    const octet_shape *input_shape, const octet_quant *input_quant,
    const int8_t *input, size_t input_capacity,
    const octet_pool_params *params,
    const octet_quant *output_quant,
    int8_t *output, size_t output_capacity,
    float p, int32_t mean);

/* Float32 Lp pooling (reference kernel): y = (Σ |x|^p)^(1/p), or with mean != 0 (Σ |x|^p / n)^(1/p)
 * (n as octet_lp_pool_s8), accumulated in double (p = 1: Σ|x|; p = 2: sqrt(Σ x²); other p: the same
 * deterministic pow), one rounding to float, then the activation clamp. A NaN in the window gives
 * NaN for p = 1 and p = 2. p must be finite and > 0, else OCTET_UNSUPPORTED. For now, p other than
 * 1 and 2 with a NaN anywhere in the input is OCTET_UNSUPPORTED too. */
octet_status octet_lp_pool_f32(
    const octet_shape *input_shape,
    const float *input, size_t input_capacity,
    const octet_pool_params *params,
    float *output, size_t output_capacity,
    float p, int32_t mean);

/* ---------------------------------------------------------------------------------------------
 * Max unpooling (ONNX MaxUnpool, PyTorch MaxUnpool): the inverse of max pooling with indices.
 * ------------------------------------------------------------------------------------------- */

/* Int8 max unpooling. `indices` has the input's shape and the index convention of
 * octet_max_pool_s8 (flat position in the OUTPUT's (n, c) plane). The caller chooses
 * `output_shape`: batch, channels and spatial_rank as the input's, any spatial extents (e.g. the
 * max pool's input shape). Every output cell no index names holds the zero point (real 0); two
 * inputs naming the same cell: the later one in NDHWC order wins. Every index is checked before
 * anything is written: one outside 0...D·H·W − 1 is OCTET_INVALID_ARGUMENT. Input and output share
 * `quant`. */
octet_status octet_max_unpool_s8(
    const octet_shape *input_shape, const octet_quant *quant,
    const int8_t *input, size_t input_capacity,
    const int32_t *indices, size_t indices_capacity,
    const octet_shape *output_shape,
    int8_t *output, size_t output_capacity);

/* Float32 max unpooling: as octet_max_unpool_s8, every output cell no index names holds 0. */
octet_status octet_max_unpool_f32(
    const octet_shape *input_shape,
    const float *input, size_t input_capacity,
    const int32_t *indices, size_t indices_capacity,
    const octet_shape *output_shape,
    float *output, size_t output_capacity);

/* ---------------------------------------------------------------------------------------------
 * Blur pooling (Zhang 2019, "Making Convolutional Networks Shift-Invariant Again"): anti-aliased
 * downsampling. The binomial filter [1, 2, 1] on every spatial axis (outer product: 3^spatial_rank
 * taps whose weights sum to 4^spatial_rank), one cell of padding on each side of every spatial
 * axis, then subsampling by `stride` (the same on every axis). Output o on an axis reads the
 * padded positions o·stride − 1, o·stride, o·stride + 1.
 *
 * Output extent per spatial axis: floor((S − 1) / stride) + 1, where S is the source extent: the
 * input's for blur pooling, In − 1 for max-blur pooling (its max pool's output). Batch, channels
 * and spatial_rank as the input (octet_blur_pool_output_shape).
 *
 * `padding` is OCTET_BLUR_PADDING_* (another value: OCTET_INVALID_ARGUMENT). stride < 1, or
 * OCTET_BLUR_PADDING_REFLECT with a source extent < 2: OCTET_UNSUPPORTED. Max-blur pooling of an
 * input extent < 2 (no window-2 max pool output): OCTET_INVALID_ARGUMENT.
 * ------------------------------------------------------------------------------------------- */

/* Blur-pool `padding`: how position −1 and position S (source extent S) are read. */
enum {
    OCTET_BLUR_PADDING_REFLECT = 0,   /* mirror without repeating the edge: −1 → 1, S → S − 2
                                         (PyTorch ReflectionPad, Zhang 2019's default) */
    OCTET_BLUR_PADDING_REPLICATE = 1, /* repeat the edge: −1 → 0, S → S − 1 */
    OCTET_BLUR_PADDING_ZERO = 2       /* real 0: the zero point in int8, 0.0 in float */
};

/* The output shape of octet_blur_pool_* (max_blur == 0) or octet_max_blur_pool_* (max_blur != 0)
 * for `input`, `stride` and `padding`; validates them exactly as those functions do. `output` is
 * written only on OCTET_OK. */
octet_status octet_blur_pool_output_shape(
    const octet_shape *input, int32_t stride, int32_t padding, int32_t max_blur, octet_shape *output);

/* Int8 blur pooling; input and output share `quant`. out = clamp(round(Σ_t w_t · q_t / 4^rank)),
 * rounding half away from zero, q_t of a zero-padding tap = zero_point. Exact for shared
 * quantization (the weights sum to 4^rank, so the zero point passes through), one rounding;
 * |accumulator| <= 64·128: int32, no overflow. No activation. */
octet_status octet_blur_pool_s8(
    const octet_shape *input_shape, const octet_quant *quant,
    const int8_t *input, size_t input_capacity,
    int32_t stride, int32_t padding,
    int8_t *output, size_t output_capacity);

/* Int8 max-blur pooling (Zhang 2019's MaxBlurPool): max pooling with window 2 and stride 1 on every
 * spatial axis (no padding; source extents In − 1), then octet_blur_pool_s8 of that, exactly
 * (the max is taken per tap; no scratch buffer). Needs every spatial extent >= 2 (>= 3 with
 * OCTET_BLUR_PADDING_REFLECT). */
octet_status octet_max_blur_pool_s8(
    const octet_shape *input_shape, const octet_quant *quant,
    const int8_t *input, size_t input_capacity,
    int32_t stride, int32_t padding,
    int8_t *output, size_t output_capacity);

/* Float32 blur pooling (reference kernel): Σ_t w_t · x_t / 4^rank summed in double, one rounding to
 * float; zero-padding taps read 0. */
octet_status octet_blur_pool_f32(
    const octet_shape *input_shape,
    const float *input, size_t input_capacity,
    int32_t stride, int32_t padding,
    float *output, size_t output_capacity);

/* Float32 max-blur pooling (reference kernel): as octet_max_blur_pool_s8; NaN wins the max (the
 * first NaN), as octet_max_pool_f32. */
octet_status octet_max_blur_pool_f32(
    const octet_shape *input_shape,
    const float *input, size_t input_capacity,
    int32_t stride, int32_t padding,
    float *output, size_t output_capacity);

#ifdef __cplusplus
}
#endif

#endif /* OCTET_H */
