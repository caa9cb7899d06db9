/*
 * octet.h — the C interface of Octet, an int8 edge-inference engine.
 *
 * Link the Octet module (built with Embedded Swift, or as a normal Swift library) and call these
 * functions from C or C++. They are the `@_cdecl` exports in Sources/Octet/CAPI/ (Swift).
 *
 * Conventions (every function):
 *   - Returns an octet_status: OCTET_OK, or a negative code. A function that does not return
 *     OCTET_OK has written nothing to its outputs. (The *_plan_destroy functions return nothing.)
 *   - Never traps, never aborts, never keeps a pointer to a caller's buffer after it returns. Bad
 *     input — NULL pointers, malformed shapes, out-of-range parameters, buffers too small — is
 *     reported through the status, not a crash.
 *   - Never allocates on the heap, with one exception: the *_prepare functions of the plan
 *     lifecycle (see "Plans" below) allocate the plan they return, once, at load time; the plan's
 *     *_run functions then allocate nothing. (A failed heap allocation inside *_prepare is the one
 *     way a function can trap: the Swift runtime has no recoverable out-of-memory path.)
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
     * zero_point outside −128...127), mismatched quantizations, or a buffer smaller than its shape.
     * Convolutions also: a filter shape with an extent < 1, input channels that do not match the
     * filter (and groups), groups or a depth multiplier that do not divide the channels, a bias or
     * filter-scale count other than documented, a filter scale not finite and > 0, a NULL plan
     * handle or a plan handle of another kind. */
    OCTET_INVALID_ARGUMENT = -1,
    /* Arguments the kernel does not support (KernelError.unsupported and .accumulatorOverflow):
     * e.g. an average-pool window of more than 65536 cells, an adaptive output extent < 1, no
     * pyramid levels or a level outside 1...4096, a blur-pool stride < 1, reflect padding on an
     * extent < 2, an int8 conv filter of more than 65536 taps (kh·kw·input_channels), an int8
     * depthwise filter of more than 65536 taps (kh·kw), an int8 fully-connected layer of more than
     * 65536 input features, a depthwise channel multiplier < 1. */
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

/* The extents of a convolution filter (int8 or float32), in the filter's own layout:
 *   conv:            OHWI = [output_channels, height, width, input_channels], input_channels being
 *                    the input channels of ONE group (C / groups);
 *   depthwise conv:  [1, height, width, C·M] (TFLite's 1HWO): output_channels = 1,
 *                    input_channels = C·M (input channels times the channel multiplier);
 *   1-D (NWC input): height = 1.
 * Every extent must be >= 1, and their product must fit in ptrdiff_t. */
typedef struct octet_filter_shape {
    int32_t output_channels; /* offset  0: O (depthwise: 1) */
    int32_t height;          /* offset  4: kh (1 for a 1-D conv) */
    int32_t width;           /* offset  8: kw */
    int32_t input_channels;  /* offset 12: C / groups (depthwise: C·M) */
} octet_filter_shape;        /* size 16 */

/* Parameters of a 1-D or 2-D convolution (conv, grouped conv, depthwise conv; int8 and float32).
 * The arrays are in (height, width) order: a 2-D conv uses [0] (height) and [1] (width), a 1-D conv
 * uses [1] (width) only; [0] is ignored for a 1-D conv (set it to 1, or 0 for padding).
 *
 * Output extent per axis, with e = dilation·(kernel − 1) + 1 and kernel the filter's height or
 * width: floor((in + pad_begin + pad_end − e) / stride) + 1 — the formula of octet_pool_params
 * (without ceil_mode), and the same OCTET_PADDING_* codes: SAME is TFLite's SAME (output
 * ceil(in / stride), the smaller half of the padding first). Explicit padding must be >= 0 and
 * smaller than e on each side. Taps in the padding are skipped (for int8 ≡ padding with the input
 * zero point, i.e. real 0; for float32 ≡ padding with 0). The size limit of octet_pool_params holds
 * too, with the filter extents as the window; larger geometries are OCTET_INVALID_ARGUMENT. */
typedef struct octet_conv_params {
    int32_t spatial_rank; /* offset  0: 1 (NWC) or 2 (NHWC); must equal the input's spatial_rank */
    int32_t stride[2];    /* offset  4: >= 1 */
    int32_t dilation[2];  /* offset 12: >= 1 (1 = dense filter) */
    int32_t pad_begin[2]; /* offset 20: OCTET_PADDING_EXPLICIT only */
    int32_t pad_end[2];   /* offset 28: OCTET_PADDING_EXPLICIT only */
    int32_t padding;      /* offset 36: OCTET_PADDING_* */
    int32_t groups;       /* offset 40: conv: >= 1, dividing the input channels C and the output
                             channels O (filter input_channels = C / groups); depthwise: must be 1 */
    int32_t activation;   /* offset 44: OCTET_ACTIVATION_* (fused, applied to the output) */
    float act_min;        /* offset 48: OCTET_ACTIVATION_CLAMP only, real units */
    float act_max;        /* offset 52: OCTET_ACTIVATION_CLAMP only, real units */
} octet_conv_params;      /* size 56 */

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
OCTET_STATIC_ASSERT(sizeof(octet_filter_shape) == 16, "octet_filter_shape layout");
OCTET_STATIC_ASSERT(offsetof(octet_filter_shape, input_channels) == 12, "octet_filter_shape layout");
OCTET_STATIC_ASSERT(sizeof(octet_conv_params) == 56, "octet_conv_params layout");
OCTET_STATIC_ASSERT(offsetof(octet_conv_params, dilation) == 12, "octet_conv_params layout");
OCTET_STATIC_ASSERT(offsetof(octet_conv_params, pad_begin) == 20, "octet_conv_params layout");
OCTET_STATIC_ASSERT(offsetof(octet_conv_params, pad_end) == 28, "octet_conv_params layout");
OCTET_STATIC_ASSERT(offsetof(octet_conv_params, padding) == 36, "octet_conv_params layout");
OCTET_STATIC_ASSERT(offsetof(octet_conv_params, groups) == 40, "octet_conv_params layout");
OCTET_STATIC_ASSERT(offsetof(octet_conv_params, activation) == 44, "octet_conv_params layout");
OCTET_STATIC_ASSERT(offsetof(octet_conv_params, act_max) == 52, "octet_conv_params layout");

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

/* ---------------------------------------------------------------------------------------------
 * Plans: prepare once, run many times, destroy once.
 *
 * The int8 convolution, depthwise convolution and fully-connected layers validate their arguments
 * and copy their weights into a plan (the weights as given and packed for the kernel, the bias, the
 * per-channel requantization), so that a run only checks its buffers. A plan is an opaque handle:
 * octet_conv2d_plan, octet_depthwise_conv2d_plan, octet_fully_connected_plan. Rules, every kind:
 *
 *   1. prepare — octet_*_s8_prepare(..., &plan) validates everything, and on OCTET_OK stores a new
 *      handle in *plan. It is the ONLY kind of function in octet.h that allocates heap memory
 *      (through the Swift runtime: posix_memalign, released with free), so call it at load time,
 *      not per inference. A plan holds about 3 bytes per weight (the int8 weights as given plus an
 *      int16 copy packed in 4-output-channel tiles and channel pairs; up to 4 times that packed
 *      size for conv groups of fewer than 4 output channels) and about 20 bytes per output channel.
 *      prepare keeps no pointer to its arguments: weights, scales and bias may be freed as soon as
 *      it returns. On failure *plan is not written and nothing stays allocated.
 *   2. run — octet_*_s8_run(plan, ...) reads the plan and the caller's buffers and writes the
 *      output; it never allocates, and may be called any number of times. A plan is never changed
 *      after prepare, so several threads may run the same plan at once (each with its own output).
 *   3. destroy — octet_*_plan_destroy(plan) frees the plan; NULL is a no-op. The handle then
 *      dangles: running, querying or destroying it again is undefined behaviour (as with free()).
 *      Destroy a plan with the destroy function of its kind.
 *   4. run and the *_plan_* query functions refuse NULL, and a handle of another plan kind (e.g. a
 *      depthwise plan cast to octet_conv2d_plan *), with OCTET_INVALID_ARGUMENT.
 *   5. Plans are independent: there is no global state, and destroying one plan never affects
 *      another.
 *
 * Weights and bias (DESIGN.md §3): weights int8, symmetric (zero point 0; the contract's range is
 * −127...127, −128 is accepted), with `filter_scale_count` scales: 1 (per tensor) or one per output
 * channel (per channel), each finite and > 0. Bias: int32 with scale input_scale·filter_scale[c]
 * and zero point 0, exactly one value per output channel (bias_count), or bias = NULL with
 * bias_count = 0 for none (zeros). A NULL scale or bias pointer with a nonzero count is
 * OCTET_INVALID_ARGUMENT. These counts are exact counts, not capacities; weights_capacity is a
 * capacity (>= the filter's element count).
 * ------------------------------------------------------------------------------------------- */

typedef struct octet_conv2d_plan octet_conv2d_plan;                     /* opaque */
typedef struct octet_depthwise_conv2d_plan octet_depthwise_conv2d_plan; /* opaque */
typedef struct octet_fully_connected_plan octet_fully_connected_plan;   /* opaque */

/* ---------------------------------------------------------------------------------------------
 * Convolution (TFLite CONV_2D; ONNX Conv with NHWC data and OHWI weights), 1-D or 2-D, grouped.
 *
 * Input NWC / NHWC with C = groups·filter.input_channels channels; filter OHWI (octet_filter_shape);
 * output NWC / NHWC with O = filter.output_channels channels and the spatial extents of
 * octet_conv_params. Output channel oc belongs to group g = oc / (O / groups) and reads input
 * channels g·I ... g·I + I − 1 (I = filter.input_channels). Weight (oc, ky, kx, i) is at
 * ((oc·kh + ky)·kw + kx)·I + i.
 *
 * Int8: acc = Σ w[oc, ky, kx, i]·(x − input_zero_point) over the taps inside the input, + bias[oc]:
 * int32, at most 65536 taps (kh·kw·I; more is OCTET_UNSUPPORTED) so the sum cannot overflow
 * (|w·(x − zp)| <= 128·255; the bias is added modulo 2^32). Then
 * out = clamp(output_zero_point + MultiplyByQuantizedMultiplier(acc, M[oc])), M[oc] =
 * input_scale·filter_scale[oc]/output_scale in double, quantized as TFLite's QuantizeMultiplier,
 * applied with TFLite's fixed-point double rounding (SaturatingRoundingDoublingHighMul, ties toward
 * +inf, then RoundingDivideByPOT, ties away from zero); clamp to the activation range quantized
 * with the output quantization (see OCTET_ACTIVATION_*). Bit-exact with TFLite's reference
 * per-channel CONV_2D.
 * ------------------------------------------------------------------------------------------- */

/* The output shape of a conv (int8 plan or octet_conv2d_f32) of `input` with `filter` and `params`:
 * batch as the input, channels filter->output_channels, spatial extents as at octet_conv_params.
 * Validates the input shape, the filter shape, groups and every parameter exactly as those
 * functions do (the int8 prepare also limits taps, see above, and checks weights, scales, bias and
 * quantization). `output` is written only on OCTET_OK. */
octet_status octet_conv2d_output_shape(
    const octet_shape *input, const octet_filter_shape *filter, const octet_conv_params *params,
    octet_shape *output);

/* Prepares an int8 conv for inputs of exactly `input_shape` (batch included: another batch size
 * needs another plan) and `input_quant`, producing `output_quant`. weights: the OHWI filter,
 * int8, weights_capacity >= O·kh·kw·I elements; filter_scales: 1 or O values; bias: O values or
 * NULL (see "Plans"). On OCTET_OK, *plan is a new plan (rule 1: this allocates). */
octet_status octet_conv2d_s8_prepare(
    const octet_shape *input_shape, const octet_quant *input_quant,
    const octet_filter_shape *filter_shape, const int8_t *weights, size_t weights_capacity,
    const float *filter_scales, size_t filter_scale_count,
    const int32_t *bias, size_t bias_count,
    const octet_quant *output_quant, const octet_conv_params *params,
    octet_conv2d_plan **plan);

/* Runs a prepared int8 conv: `input` holds the plan's input shape (input_capacity >= its element
 * count), `output` receives the plan's output shape. Allocates nothing. */
octet_status octet_conv2d_s8_run(
    const octet_conv2d_plan *plan,
    const int8_t *input, size_t input_capacity,
    int8_t *output, size_t output_capacity);

/* The input and output shapes of a conv plan; either pointer may be NULL (not wanted). */
octet_status octet_conv2d_plan_shapes(
    const octet_conv2d_plan *plan, octet_shape *input_shape, octet_shape *output_shape);

/* Frees a conv plan (NULL: nothing). See "Plans", rule 3. */
void octet_conv2d_plan_destroy(octet_conv2d_plan *plan);

/* Float32 conv (reference kernel; no plan, no allocation): geometry, layouts and groups as the int8
 * conv; bias: O floats or NULL (bias_count 0). Each output: the bias, then the products of the
 * taps inside the input in (ky, kx, i) order, summed in double; one rounding to float; then the
 * activation clamp in real units (NaN passes through it). No tap limit. Output shape:
 * octet_conv2d_output_shape(input_shape, filter_shape, params). */
octet_status octet_conv2d_f32(
    const octet_shape *input_shape, const float *input, size_t input_capacity,
    const octet_filter_shape *filter_shape, const float *weights, size_t weights_capacity,
    const float *bias, size_t bias_count,
    const octet_conv_params *params,
    float *output, size_t output_capacity);

/* ---------------------------------------------------------------------------------------------
 * Depthwise convolution (TFLite DEPTHWISE_CONV_2D), 1-D or 2-D, channel multiplier M >= 1.
 *
 * Input NWC / NHWC with C channels; filter [1, kh, kw, C·M] (octet_filter_shape {1, kh, kw, C·M});
 * output NWC / NHWC with C·M channels, spatial extents as at octet_conv_params (whose groups must
 * be 1). Output channel oc = c·M + m reads only input channel c; weight (ky, kx, oc) is at
 * (ky·kw + kx)·C·M + oc; bias and filter scales per output channel (C·M), or 1 scale.
 *
 * Int8: acc = Σ w[ky, kx, oc]·(x[c] − input_zero_point) over the taps inside the input, + bias[oc]
 * (int32; at most 65536 taps kh·kw, more is OCTET_UNSUPPORTED), then requantized per output channel
 * exactly as the int8 conv. Bit-exact with TFLite's reference per-channel DEPTHWISE_CONV_2D.
 * ------------------------------------------------------------------------------------------- */

/* The output shape of a depthwise conv (int8 plan or octet_depthwise_conv2d_f32); validates as
 * those functions do (depth_multiplier < 1: OCTET_UNSUPPORTED; filter input_channels != C·M:
 * OCTET_INVALID_ARGUMENT). `output` is written only on OCTET_OK. */
octet_status octet_depthwise_conv2d_output_shape(
    const octet_shape *input, const octet_filter_shape *filter, const octet_conv_params *params,
    int32_t depth_multiplier, octet_shape *output);

/* Prepares an int8 depthwise conv for inputs of exactly `input_shape`. weights: kh·kw·C·M int8
 * values (capacity at least that); filter_scales: 1 or C·M; bias: C·M values or NULL. On OCTET_OK,
 * *plan is a new plan (rule 1: this allocates). */
octet_status octet_depthwise_conv2d_s8_prepare(
    const octet_shape *input_shape, const octet_quant *input_quant,
    const octet_filter_shape *filter_shape, int32_t depth_multiplier,
    const int8_t *weights, size_t weights_capacity,
    const float *filter_scales, size_t filter_scale_count,
    const int32_t *bias, size_t bias_count,
    const octet_quant *output_quant, const octet_conv_params *params,
    octet_depthwise_conv2d_plan **plan);

/* Runs a prepared int8 depthwise conv (buffers as octet_conv2d_s8_run). Allocates nothing. */
octet_status octet_depthwise_conv2d_s8_run(
    const octet_depthwise_conv2d_plan *plan,
    const int8_t *input, size_t input_capacity,
    int8_t *output, size_t output_capacity);

/* The input and output shapes of a depthwise plan; either pointer may be NULL (not wanted). */
octet_status octet_depthwise_conv2d_plan_shapes(
    const octet_depthwise_conv2d_plan *plan, octet_shape *input_shape, octet_shape *output_shape);

/* Frees a depthwise plan (NULL: nothing). See "Plans", rule 3. */
void octet_depthwise_conv2d_plan_destroy(octet_depthwise_conv2d_plan *plan);

/* Float32 depthwise conv (reference kernel; no plan, no allocation): as the int8 layout; bias C·M
 * floats or NULL; arithmetic as octet_conv2d_f32 (double sums, one rounding, then the clamp). */
octet_status octet_depthwise_conv2d_f32(
    const octet_shape *input_shape, const float *input, size_t input_capacity,
    const octet_filter_shape *filter_shape, int32_t depth_multiplier,
    const float *weights, size_t weights_capacity,
    const float *bias, size_t bias_count,
    const octet_conv_params *params,
    float *output, size_t output_capacity);

/* ---------------------------------------------------------------------------------------------
 * Fully connected (TFLite FULLY_CONNECTED; ONNX Gemm with transB = 1).
 *
 * Input [batch, I] and output [batch, O], row-major (as octet_shape: NWC {batch, 1, 1, 1, I, 1},
 * i.e. width 1 and the features as channels); weights [O, I] row-major (weight (o, i) at o·I + i).
 * A plan is for any batch size: each run gives its `batch` (>= 1).
 *
 * Int8: acc = Σ_i w[o, i]·(x[b, i] − input_zero_point) + bias[o] (int32; at most 65536 input
 * features, more is OCTET_UNSUPPORTED). Requantization as TFLite 2.21's reference FULLY_CONNECTED,
 * which — unlike CONV_2D — works in double precision: out = clamp(output_zero_point +
 * round(acc·M[o])), M[o] = input_scale·filter_scale[o]/output_scale as a double, rounding half away
 * from zero; then the activation range. Per tensor (1 filter scale) or per channel (O scales).
 * ------------------------------------------------------------------------------------------- */

/* Prepares an int8 fully-connected layer: input_features I and output_features O (>= 1 each),
 * weights O·I int8 values (capacity at least that), filter_scales 1 or O, bias O values or NULL,
 * activation as the global pools (OCTET_ACTIVATION_*, [act_min, act_max] for CLAMP). On OCTET_OK,
 * *plan is a new plan (rule 1: this allocates). */
octet_status octet_fully_connected_s8_prepare(
    int32_t input_features, int32_t output_features, const octet_quant *input_quant,
    const int8_t *weights, size_t weights_capacity,
    const float *filter_scales, size_t filter_scale_count,
    const int32_t *bias, size_t bias_count,
    const octet_quant *output_quant,
    int32_t activation, float act_min, float act_max,
    octet_fully_connected_plan **plan);

/* Runs a prepared int8 fully-connected layer on `batch` rows: input batch·I values, output
 * batch·O values (capacities at least that). batch < 1: OCTET_INVALID_ARGUMENT. Allocates nothing. */
octet_status octet_fully_connected_s8_run(
    const octet_fully_connected_plan *plan, int32_t batch,
    const int8_t *input, size_t input_capacity,
    int8_t *output, size_t output_capacity);

/* The input and output features of a fully-connected plan; either pointer may be NULL. */
octet_status octet_fully_connected_plan_features(
    const octet_fully_connected_plan *plan, int32_t *input_features, int32_t *output_features);

/* Frees a fully-connected plan (NULL: nothing). See "Plans", rule 3. */
void octet_fully_connected_plan_destroy(octet_fully_connected_plan *plan);

/* Float32 fully connected (reference kernel; no plan, no allocation): shapes as the int8 layer; each
 * output the bias (or 0; bias O floats or NULL) plus Σ_i w[o, i]·x[b, i] in i order, summed in
 * double, one rounding to float, then the activation clamp (NaN passes through it). */
octet_status octet_fully_connected_f32(
    int32_t batch, int32_t input_features, int32_t output_features,
    const float *input, size_t input_capacity,
    const float *weights, size_t weights_capacity,
    const float *bias, size_t bias_count,
    float *output, size_t output_capacity,
    int32_t activation, float act_min, float act_max);

/* ---------------------------------------------------------------------------------------------
 * Elementwise: every tensor of a call has the one `shape` given (no broadcasting); an int8 tensor
 * has its own quantization. Activation arguments as the global pools: OCTET_ACTIVATION_* and, for
 * OCTET_ACTIVATION_CLAMP, [act_min, act_max] in real units; int8 kernels quantize them with the
 * OUTPUT quantization.
 * ------------------------------------------------------------------------------------------- */

/* Int8 addition, exactly TFLite's ADD (reference_integer_ops::Add): left shift 20;
 * twice_max = 2·max(s1, s2); M1 = s1/twice_max, M2 = s2/twice_max, Mout = twice_max/(2^20·s_out),
 * each quantized as QuantizeMultiplier; a' = M1((a − zp1)·2^20), b' = M2((b − zp2)·2^20) with the
 * fixed-point double rounding; out = clamp(zp_out + Mout(a' + b')). */
octet_status octet_add_s8(
    const octet_shape *shape,
    const octet_quant *input1_quant, const int8_t *input1, size_t input1_capacity,
    const octet_quant *input2_quant, const int8_t *input2, size_t input2_capacity,
    const octet_quant *output_quant, int8_t *output, size_t output_capacity,
    int32_t activation, float act_min, float act_max);

/* Float32 addition (reference kernel): a + b in float, then the activation clamp (NaN passes). */
octet_status octet_add_f32(
    const octet_shape *shape,
    const float *input1, size_t input1_capacity,
    const float *input2, size_t input2_capacity,
    float *output, size_t output_capacity,
    int32_t activation, float act_min, float act_max);

/* Int8 → int8 in another quantization (TFLite QUANTIZE with int8 input / reference Requantize):
 * out = clamp(zp_out + MultiplyByQuantizedMultiplier(q − zp_in, M)), M = s_in/s_out (double,
 * QuantizeMultiplier; fixed-point double rounding); equal quantizations copy. The activation range
 * is quantized with output_quant, so OCTET_ACTIVATION_RELU / RELU6 make this TFLite's quantized
 * RELU / RELU6. */
octet_status octet_requantize_s8(
    const octet_shape *shape,
    const octet_quant *input_quant, const int8_t *input, size_t input_capacity,
    const octet_quant *output_quant, int8_t *output, size_t output_capacity,
    int32_t activation, float act_min, float act_max);

/* Int8 clamp / ReLU / ReLU6 (input and output share `quant`): out = clamp(q) to the activation
 * range quantized with `quant` — octet_requantize_s8 with equal quantizations. */
octet_status octet_clamp_s8(
    const octet_shape *shape, const octet_quant *quant,
    const int8_t *input, size_t input_capacity,
    int8_t *output, size_t output_capacity,
    int32_t activation, float act_min, float act_max);

/* Float32 clamp / ReLU / ReLU6 (reference kernel): out = min(max(x, lo), hi); NaN passes through. */
octet_status octet_clamp_f32(
    const octet_shape *shape,
    const float *input, size_t input_capacity,
    float *output, size_t output_capacity,
    int32_t activation, float act_min, float act_max);

/* Float32 → int8 (TFLite's reference Quantize): out = clamp(zero_point + round(x / scale)), float
 * division, rounding half away from zero, saturating to −128...127 (±INFINITY too); NaN → the zero
 * point (real 0). */
octet_status octet_quantize_s8(
    const octet_shape *shape,
    const float *input, size_t input_capacity,
    const octet_quant *output_quant, int8_t *output, size_t output_capacity);

/* Int8 → float32 (TFLite's Dequantize): out = scale · (q − zero_point), computed in float. */
octet_status octet_dequantize_s8(
    const octet_shape *shape,
    const octet_quant *input_quant, const int8_t *input, size_t input_capacity,
    float *output, size_t output_capacity);


/* ---------------------------------------------------------------------------------------------
 * Models: the .octet runtime (Sources/Octet/Runtime, format in Runtime/OctetFormat.md).
 *
 * Lifecycle: octet_model_load validates the whole file (header, sections, every offset, tensor
 * records, ops, operand types, quantization, shapes, graph order) and builds every kernel plan and
 * the activation arena — the one allocating call besides octet_model_destroy. octet_model_run then
 * allocates nothing. The byte buffer passed to octet_model_load is NOT copied: constants (weights,
 * bias, scales) are read in place, so the buffer must stay alive and unchanged until
 * octet_model_destroy, and must start at a 16-byte-aligned address (malloc's is). A model handle
 * owns one arena: run one handle from one thread at a time (load the file twice for two threads).
 * ------------------------------------------------------------------------------------------- */

/* Status codes of the model functions, besides OCTET_OK / OCTET_INVALID_ARGUMENT. */
enum {
    /* octet_model_load: the reader rejected the file; *error_offset names the offending byte. */
    OCTET_INVALID_MODEL = -3,
    /* octet_model_run: a kernel refused the data at run time (a MAX_UNPOOL index outside its
     * plane); the outputs are not written. */
    OCTET_RUN_FAILED = -4
};

/* Element types of octet_tensor_info.element_type (the file's values). */
enum {
    OCTET_ELEMENT_INT8 = 1,
    OCTET_ELEMENT_INT32 = 2,
    OCTET_ELEMENT_FLOAT32 = 3
};

/* A graph input's or output's description. dims[0..<rank] are the channels-last extents
 * ([N, W, C], [N, H, W, C] or [N, D, H, W, C]; spatial_rank 1, 2 or 3); int8 tensors have their
 * quantization (real = scale · (q − zero_point)), others scale 0 and zero point 0. */
typedef struct octet_tensor_info {
    int32_t element_type; /* offset 0: OCTET_ELEMENT_* */
    int32_t rank;         /* offset 4: 3...5 */
    int32_t dims[5];      /* offset 8 */
    int32_t spatial_rank; /* offset 28 */
    float scale;          /* offset 32 */
    int32_t zero_point;   /* offset 36 */
    uint32_t byte_count;  /* offset 40: element count × element size */
} octet_tensor_info;

OCTET_STATIC_ASSERT(sizeof(octet_tensor_info) == 44, "octet_tensor_info layout");
OCTET_STATIC_ASSERT(offsetof(octet_tensor_info, spatial_rank) == 28, "octet_tensor_info layout");
OCTET_STATIC_ASSERT(offsetof(octet_tensor_info, byte_count) == 40, "octet_tensor_info layout");

/* Opaque model handle. */
typedef struct octet_model octet_model;

/* Loads a model from `bytes` (kept alive and unchanged by the caller until octet_model_destroy;
 * 16-byte aligned). On OCTET_OK stores a new handle in *model. OCTET_INVALID_MODEL: the file was
 * rejected; `*error_offset` (when error_offset is not NULL) is the byte offset of the offending
 * field. OCTET_INVALID_ARGUMENT: NULL bytes or model. */
octet_status octet_model_load(const void *bytes, size_t byte_count, octet_model **model, size_t *error_offset);

/* Frees everything the model allocated (not the caller's byte buffer). NULL is a no-op. */
void octet_model_destroy(octet_model *model);

/* The number of graph inputs and outputs (either pointer may be NULL). */
octet_status octet_model_io_counts(const octet_model *model, size_t *input_count, size_t *output_count);

/* Graph input / output `position` (0-based, in the file's GRIO order). */
octet_status octet_model_input_info(const octet_model *model, size_t position, octet_tensor_info *info);
octet_status octet_model_output_info(const octet_model *model, size_t position, octet_tensor_info *info);

/* The activation arena's size in bytes (owned by the model; known at load). */
octet_status octet_model_arena_size(const octet_model *model, size_t *bytes);

/* Runs the model: inputs[k] holds input k's bytes (input_byte_counts[k] >= its byte_count),
 * outputs[k] receives output k's bytes (output_byte_counts[k] >= its byte_count). Capacities here
 * are in BYTES (tensors of several element types). Every pointer and capacity is checked before
 * anything runs; no output is written unless OCTET_OK. Allocates nothing. */
octet_status octet_model_run(
    octet_model *model,
    const void *const *inputs, const size_t *input_byte_counts,
    void *const *outputs, const size_t *output_byte_counts);

#ifdef __cplusplus
}
#endif

#endif /* OCTET_H */
