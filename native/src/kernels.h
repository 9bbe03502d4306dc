// The native CPU kernels behind the Node-API glue (addon.cc): plain C++ over raw buffers, no Node types.
// Layouts are TensorFlow's at every boundary: NHWC activations, HWIO filters, row-major matrices.
#pragma once
#include <cstdint>
#include <string>

namespace sf {

// ---- GEMM (OpenBLAS) -------------------------------------------------------------------------------
// C[b] = op(A[b]) · op(B[b]) for b < batch; A[b] starts at aOffsets[b] (or b·m·k when null), likewise B;
// C is contiguous (b·m·n).
template <typename T>
void gemm(const T* a, const T* b, T* c, int64_t batch, int64_t m, int64_t n, int64_t k, bool transA, bool transB,
          const int64_t* aOffsets, const int64_t* bOffsets);

// ---- convolution and pooling (oneDNN), float32 only ------------------------------------------------
// Geometry of a 2-D windowed op, NHWC input [n, inH, inW, inC], output [n, outH, outW, outC]. A convolution
// with groups > 1 convolves each of `groups` slices of inC / groups input channels into outC / groups output
// channels (depthwise: groups = inC, its filter [kH, kW, inC, multiplier]); pooling has groups = 1.
struct Window {
  int64_t n, inH, inW, inC, kH, kW, outC, outH, outW, strideH, strideW, dilH, dilW, padTop, padLeft, padBottom, padRight,
      groups;
};
enum class ConvPass { Forward = 0, BackwardData = 1, BackwardFilter = 2 };
// Forward: x, filter → y.  BackwardData: filter, dy (in y) → dx (in x).  BackwardFilter: x, dy (in y) → filter.
// The filter is HWIO, [kH, kW, inC / groups, outC] (for groups > 1 its last axis runs over groups, then outC / groups).
void conv2d(ConvPass pass, const Window& w, float* x, float* filter, float* y);

enum class PoolPass { MaxForward = 0, AvgForward = 1, MaxBackward = 2, AvgBackward = 3 };
// MaxForward/AvgForward: x → y.  MaxBackward: x (the forward input), dy (in y) → dx.  AvgBackward: dy (in y) → dx.
void pool2d(PoolPass pass, const Window& w, const float* x, float* y, float* dx);

// Batch normalization over x viewed as [rows, channels] (NHWC: rows = n·h·w), one mean and variance per channel.
// Forward, training: mean and the biased variance are computed into `mean`/`variance`; inference: read from them.
// y = (x − mean) · scale / √(variance + epsilon) + offset.
void batchNormForward(const float* x, const float* scale, const float* offset, float* mean, float* variance, float* y,
                      int64_t rows, int64_t channels, float epsilon, bool training);
// Backward from dy: dx, dscale and doffset, with the statistics the forward pass used (training: mean and variance
// are the batch's, and dx accounts for them depending on x; inference: they are constants).
void batchNormBackward(const float* x, const float* dy, const float* scale, const float* mean, const float* variance,
                       float* dx, float* dscale, float* doffset, int64_t rows, int64_t channels, float epsilon, bool training);

// oneDNN's version and the instruction set its kernels were generated for.
std::string dnnlVersion();
std::string dnnlIsa();

// ---- element-wise, reductions, softmax, optimizer updates (own loops, OpenMP) ------------------------
extern const char* const UNARY_OPS[];
extern const int UNARY_OP_COUNT;
extern const char* const UNARY_GRAD_OPS[];
extern const int UNARY_GRAD_OP_COUNT;
extern const char* const BINARY_OPS[];
extern const int BINARY_OP_COUNT;
extern const char* const REDUCE_OPS[];
extern const int REDUCE_OP_COUNT;
extern const char* const APPLY_OPS[];
extern const int APPLY_OP_COUNT;
// How many arrays (var + slots) each APPLY_OPS entry updates, and how many scalar hyper-parameters it takes.
extern const int APPLY_STATE_COUNT[];
extern const int APPLY_SCALAR_COUNT[];

template <typename T> void unary(int op, const T* x, T* out, int64_t n);
// out = op'(g, f): f is the forward output (Relu, Relu6, Elu, Selu) or input (the others), as TF's *Grad ops.
template <typename T> void unaryGrad(int op, const T* g, const T* f, T* out, int64_t n);
// out[i] = a[..] op b[..] over `shape` (rank ≤ 8), with per-dimension element strides of a and b (0 = broadcast).
template <typename T>
void binary(int op, const T* a, const T* b, T* out, int rank, const int64_t* shape, const int64_t* aStrides, const int64_t* bStrides);
// x viewed as [outer, r, inner] reduced over r into out [outer, inner].
template <typename T> void reduce(int op, const T* x, T* out, int64_t outer, int64_t r, int64_t inner);
template <typename T> void softmax(const T* x, T* out, int64_t rows, int64_t n, bool log);
// out = Σ inputs (AddN).
template <typename T> void addN(const T* const* inputs, int count, T* out, int64_t n);
// One fused optimizer update: state[k] (var, then slots) read from in[k], written to out[k] (may alias in[k]).
template <typename T>
void apply(int op, const T* const* in, T* const* out, const T* grad, const double* scalars, bool flag, int64_t n);

int threads();

}  // namespace sf
