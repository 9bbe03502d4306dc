// Element-wise ops, reductions, softmax and the fused optimizer updates: memory-bound loops, split across
// the cores with OpenMP above a size where the fork/join costs less than it saves. Arithmetic follows the
// reference kernels: accumulations and optimizer updates in double, element-wise maps in the dtype.
#include <algorithm>
#include <cmath>
#include <vector>
#include <omp.h>
#include "kernels.h"

namespace sf {

namespace {
// Below this many elements one thread does the whole loop.
constexpr int64_t PARALLEL_MIN = 1 << 15;

constexpr double SELU_SCALE = 1.0507009873554804934193349852946;
constexpr double SELU_ALPHA = 1.6732632423543772848170429916717;

template <typename T> T roundHalfToEven(T x) { return std::nearbyint(x); }   // default rounding mode: to even
}  // namespace

int threads() { return omp_get_max_threads(); }

const char* const UNARY_OPS[] = {
  "Relu", "Relu6", "Elu", "Selu", "Softplus", "Softsign", "Sigmoid", "Tanh", "Exp", "Log", "Log1p", "Neg", "Abs",
  "Square", "Sqrt", "Rsqrt", "Reciprocal", "Inv", "Sign", "Floor", "Ceil", "Round", "Sin", "Cos",
};
const int UNARY_OP_COUNT = sizeof(UNARY_OPS) / sizeof(UNARY_OPS[0]);

namespace {
// One functor per op, so each loop is compiled (and vectorised) for its op with no call per element.
#define SF_UNARY(NAME, EXPR) struct NAME { template <typename T> static T f(T v) { return EXPR; } };
SF_UNARY(Relu, v > 0 ? v : T(0))
SF_UNARY(Relu6, std::min<T>(std::max<T>(v, 0), 6))
SF_UNARY(Elu, v < 0 ? std::expm1(v) : v)
SF_UNARY(Selu, v < 0 ? T(SELU_SCALE * SELU_ALPHA * std::expm1(double(v))) : T(SELU_SCALE * v))
SF_UNARY(Softplus, v > 0 ? v + std::log1p(std::exp(-v)) : std::log1p(std::exp(v)))
SF_UNARY(Softsign, v / (std::abs(v) + 1))
SF_UNARY(Sigmoid, T(1) / (T(1) + std::exp(-v)))
SF_UNARY(Tanh, std::tanh(v))
SF_UNARY(Exp, std::exp(v))
SF_UNARY(Log, std::log(v))
SF_UNARY(Log1p, std::log1p(v))
SF_UNARY(Neg, -v)
SF_UNARY(Abs, std::abs(v))
SF_UNARY(Square, v * v)
SF_UNARY(Sqrt, std::sqrt(v))
SF_UNARY(Rsqrt, T(1) / std::sqrt(v))
SF_UNARY(Reciprocal, T(1) / v)
SF_UNARY(Sign, std::isnan(v) ? v : T((v > 0) - (v < 0)))
SF_UNARY(Floor, std::floor(v))
SF_UNARY(Ceil, std::ceil(v))
SF_UNARY(Round, roundHalfToEven(v))
SF_UNARY(Sin, std::sin(v))
SF_UNARY(Cos, std::cos(v))
#undef SF_UNARY

template <typename Op, typename T>
void unaryLoop(const T* x, T* out, int64_t n) {
#pragma omp parallel for simd schedule(static) if (n >= PARALLEL_MIN)
  for (int64_t i = 0; i < n; i++) out[i] = Op::f(x[i]);
}
}  // namespace

template <typename T>
void unary(int op, const T* x, T* out, int64_t n) {
  // In UNARY_OPS order.
  switch (op) {
    case 0: return unaryLoop<Relu>(x, out, n);
    case 1: return unaryLoop<Relu6>(x, out, n);
    case 2: return unaryLoop<Elu>(x, out, n);
    case 3: return unaryLoop<Selu>(x, out, n);
    case 4: return unaryLoop<Softplus>(x, out, n);
    case 5: return unaryLoop<Softsign>(x, out, n);
    case 6: return unaryLoop<Sigmoid>(x, out, n);
    case 7: return unaryLoop<Tanh>(x, out, n);
    case 8: return unaryLoop<Exp>(x, out, n);
    case 9: return unaryLoop<Log>(x, out, n);
    case 10: return unaryLoop<Log1p>(x, out, n);
    case 11: return unaryLoop<Neg>(x, out, n);
    case 12: return unaryLoop<Abs>(x, out, n);
    case 13: return unaryLoop<Square>(x, out, n);
    case 14: return unaryLoop<Sqrt>(x, out, n);
    case 15: return unaryLoop<Rsqrt>(x, out, n);
    case 16: case 17: return unaryLoop<Reciprocal>(x, out, n);
    case 18: return unaryLoop<Sign>(x, out, n);
    case 19: return unaryLoop<Floor>(x, out, n);
    case 20: return unaryLoop<Ceil>(x, out, n);
    case 21: return unaryLoop<Round>(x, out, n);
    case 22: return unaryLoop<Sin>(x, out, n);
    case 23: return unaryLoop<Cos>(x, out, n);
  }
}

const char* const UNARY_GRAD_OPS[] = { "ReluGrad", "Relu6Grad", "EluGrad", "SeluGrad", "SoftplusGrad", "SoftsignGrad" };
const int UNARY_GRAD_OP_COUNT = sizeof(UNARY_GRAD_OPS) / sizeof(UNARY_GRAD_OPS[0]);

namespace {
#define SF_GRAD(NAME, EXPR) struct NAME { template <typename T> static T f(T g, T y) { return EXPR; } };
SF_GRAD(ReluGrad, y > 0 ? g : T(0))
SF_GRAD(Relu6Grad, y > 0 && y < 6 ? g : T(0))
SF_GRAD(EluGrad, y < 0 ? g * (y + 1) : g)
SF_GRAD(SeluGrad, y < 0 ? T(g * (y + SELU_SCALE * SELU_ALPHA)) : T(g * SELU_SCALE))
SF_GRAD(SoftplusGrad, g / (1 + std::exp(-y)))
SF_GRAD(SoftsignGrad, g / ((1 + std::abs(y)) * (1 + std::abs(y))))
#undef SF_GRAD

template <typename Op, typename T>
void gradLoop(const T* g, const T* f, T* out, int64_t n) {
#pragma omp parallel for simd schedule(static) if (n >= PARALLEL_MIN)
  for (int64_t i = 0; i < n; i++) out[i] = Op::f(g[i], f[i]);
}
}  // namespace

template <typename T>
void unaryGrad(int op, const T* g, const T* f, T* out, int64_t n) {
  // In UNARY_GRAD_OPS order; f is the forward output for the first four, the forward input for the others.
  switch (op) {
    case 0: return gradLoop<ReluGrad>(g, f, out, n);
    case 1: return gradLoop<Relu6Grad>(g, f, out, n);
    case 2: return gradLoop<EluGrad>(g, f, out, n);
    case 3: return gradLoop<SeluGrad>(g, f, out, n);
    case 4: return gradLoop<SoftplusGrad>(g, f, out, n);
    case 5: return gradLoop<SoftsignGrad>(g, f, out, n);
  }
}

const char* const BINARY_OPS[] = { "Add", "Sub", "Mul", "RealDiv", "Maximum", "Minimum", "SquaredDifference", "Pow" };
const int BINARY_OP_COUNT = sizeof(BINARY_OPS) / sizeof(BINARY_OPS[0]);

namespace {
struct Add { template <typename T> static T f(T x, T y) { return x + y; } };
struct Sub { template <typename T> static T f(T x, T y) { return x - y; } };
struct Mul { template <typename T> static T f(T x, T y) { return x * y; } };
struct Div { template <typename T> static T f(T x, T y) { return x / y; } };
struct Max { template <typename T> static T f(T x, T y) { return std::isnan(x) || std::isnan(y) ? NAN : std::max(x, y); } };
struct Min { template <typename T> static T f(T x, T y) { return std::isnan(x) || std::isnan(y) ? NAN : std::min(x, y); } };
struct SqDiff { template <typename T> static T f(T x, T y) { return (x - y) * (x - y); } };
struct Pow { template <typename T> static T f(T x, T y) { return std::pow(x, y); } };

// The innermost dimension as a tight loop (contiguous, or one side broadcast), the others walked by index.
template <typename Op, typename T>
void broadcastLoop(const T* a, const T* b, T* out, int rank, const int64_t* shape, const int64_t* sa, const int64_t* sb) {
  const int64_t inner = shape[rank - 1], ia = sa[rank - 1], ib = sb[rank - 1];
  int64_t rows = 1;
  for (int d = 0; d < rank - 1; d++) rows *= shape[d];
#pragma omp parallel for schedule(static) if (rows * inner >= PARALLEL_MIN && rows > 1)
  for (int64_t row = 0; row < rows; row++) {
    int64_t pa = 0, pb = 0, rest = row;
    for (int d = rank - 2; d >= 0; d--) {
      const int64_t idx = rest % shape[d];
      rest /= shape[d];
      pa += idx * sa[d];
      pb += idx * sb[d];
    }
    const T* A = a + pa;
    const T* B = b + pb;
    T* O = out + row * inner;
    if (ia == 1 && ib == 1) for (int64_t j = 0; j < inner; j++) O[j] = Op::f(A[j], B[j]);
    else if (ia == 1) { const T y = B[0]; for (int64_t j = 0; j < inner; j++) O[j] = Op::f(A[j], y); }
    else if (ib == 1) { const T x = A[0]; for (int64_t j = 0; j < inner; j++) O[j] = Op::f(x, B[j]); }
    else { const T x = A[0], y = B[0]; for (int64_t j = 0; j < inner; j++) O[j] = Op::f(x, y); }
  }
}

// A single row (rank 1) split across threads: the common same-shape and scalar cases.
template <typename Op, typename T>
void flatLoop(const T* a, const T* b, T* out, int64_t n, int64_t ia, int64_t ib) {
#pragma omp parallel for schedule(static) if (n >= PARALLEL_MIN)
  for (int64_t i = 0; i < n; i++) out[i] = Op::f(a[i * ia], b[i * ib]);
}

template <typename Op, typename T>
void binaryOp(const T* a, const T* b, T* out, int rank, const int64_t* shape, const int64_t* sa, const int64_t* sb) {
  if (rank == 1) flatLoop<Op>(a, b, out, shape[0], sa[0], sb[0]);
  else broadcastLoop<Op>(a, b, out, rank, shape, sa, sb);
}
}  // namespace

template <typename T>
void binary(int op, const T* a, const T* b, T* out, int rank, const int64_t* shape, const int64_t* sa, const int64_t* sb) {
  switch (op) {
    case 0: return binaryOp<Add>(a, b, out, rank, shape, sa, sb);
    case 1: return binaryOp<Sub>(a, b, out, rank, shape, sa, sb);
    case 2: return binaryOp<Mul>(a, b, out, rank, shape, sa, sb);
    case 3: return binaryOp<Div>(a, b, out, rank, shape, sa, sb);
    case 4: return binaryOp<Max>(a, b, out, rank, shape, sa, sb);
    case 5: return binaryOp<Min>(a, b, out, rank, shape, sa, sb);
    case 6: return binaryOp<SqDiff>(a, b, out, rank, shape, sa, sb);
    case 7: return binaryOp<Pow>(a, b, out, rank, shape, sa, sb);
  }
}

const char* const REDUCE_OPS[] = { "Sum", "Mean", "Max", "Min", "Prod" };
const int REDUCE_OP_COUNT = sizeof(REDUCE_OPS) / sizeof(REDUCE_OPS[0]);

template <typename T>
void reduce(int op, const T* x, T* out, int64_t outer, int64_t r, int64_t inner) {
  // Blocks of the inner dimension, so each thread walks rows of contiguous memory.
  constexpr int64_t BLOCK = 256;
  const int64_t blocksPerOuter = (inner + BLOCK - 1) / BLOCK, blocks = outer * blocksPerOuter;
  const double init = op == 2 ? -INFINITY : op == 3 ? INFINITY : op == 4 ? 1.0 : 0.0;
#pragma omp parallel for schedule(static) if (outer * r * inner >= PARALLEL_MIN && blocks > 1)
  for (int64_t blk = 0; blk < blocks; blk++) {
    const int64_t o = blk / blocksPerOuter, i0 = (blk % blocksPerOuter) * BLOCK, len = std::min(BLOCK, inner - i0);
    double acc[BLOCK];
    for (int64_t j = 0; j < len; j++) acc[j] = init;
    for (int64_t k = 0; k < r; k++) {
      const T* row = x + (o * r + k) * inner + i0;
      switch (op) {
        case 0: case 1: for (int64_t j = 0; j < len; j++) acc[j] += row[j]; break;
        // As the reference: a NaN is taken, and a later element replaces a NaN accumulator.
        case 2: for (int64_t j = 0; j < len; j++) { const double v = row[j]; if (std::isnan(acc[j]) || v > acc[j] || std::isnan(v)) acc[j] = v; } break;
        case 3: for (int64_t j = 0; j < len; j++) { const double v = row[j]; if (std::isnan(acc[j]) || v < acc[j] || std::isnan(v)) acc[j] = v; } break;
        case 4: for (int64_t j = 0; j < len; j++) acc[j] *= row[j]; break;
      }
    }
    T* dst = out + o * inner + i0;
    for (int64_t j = 0; j < len; j++) dst[j] = T(op == 1 ? acc[j] / double(r) : acc[j]);
  }
}

template <typename T>
void softmax(const T* x, T* out, int64_t rows, int64_t n, bool log) {
#pragma omp parallel for schedule(static) if (rows * n >= PARALLEL_MIN && rows > 1)
  for (int64_t row = 0; row < rows; row++) {
    const T* v = x + row * n;
    T* o = out + row * n;
    double max = -INFINITY;
    for (int64_t j = 0; j < n; j++) max = std::max(max, double(v[j]));
    double sum = 0;
    for (int64_t j = 0; j < n; j++) sum += std::exp(double(v[j]) - max);
    const double lse = max + std::log(sum);
    for (int64_t j = 0; j < n; j++) o[j] = T(log ? double(v[j]) - lse : std::exp(double(v[j]) - lse));
  }
}

template <typename T>
void addN(const T* const* inputs, int count, T* out, int64_t n) {
#pragma omp parallel for schedule(static) if (n * count >= PARALLEL_MIN)
  for (int64_t i = 0; i < n; i++) {
    double s = 0;
    for (int k = 0; k < count; k++) s += inputs[k][i];
    out[i] = T(s);
  }
}

const char* const APPLY_OPS[] = {
  "ApplyGradientDescent", "ApplyMomentum", "ApplyAdam", "ApplyRMSProp", "ApplyCenteredRMSProp", "ApplyAdagrad",
  "ApplyFtrl",
};
const int APPLY_OP_COUNT = sizeof(APPLY_OPS) / sizeof(APPLY_OPS[0]);
const int APPLY_STATE_COUNT[] = { 1, 2, 3, 3, 4, 2, 3 };
// GradientDescent: alpha.  Momentum: lr, momentum.  Adam: lr_t (bias-corrected), beta1, beta2, epsilon.
// RMSProp and CenteredRMSProp: lr, rho, momentum, epsilon.  Adagrad: lr.  Ftrl: lr, l1, l2, lr_power.
const int APPLY_SCALAR_COUNT[] = { 1, 2, 4, 4, 4, 1, 4 };

namespace {
// Each update in double, as the reference kernel computes it; one loop per op so each vectorises.
template <typename T, typename F>
void forEach(int64_t n, F body) {
#pragma omp parallel for simd schedule(static) if (n >= PARALLEL_MIN)
  for (int64_t e = 0; e < n; e++) body(e);
}
}  // namespace

template <typename T>
void apply(int op, const T* const* in, T* const* out, const T* grad, const double* p, bool flag, int64_t n) {
  // `flag`: use_nesterov for Momentum and Adam, update_slots for Adagrad.
  const T *v0 = in[0], *s1 = in[1], *s2 = in[2], *s3 = in[3];
  T *o0 = out[0], *o1 = out[1], *o2 = out[2], *o3 = out[3];
  switch (op) {
    case 0: {
      const double alpha = p[0];
      return forEach<T>(n, [=](int64_t e) { o0[e] = T(v0[e] - alpha * grad[e]); });
    }
    case 1: {
      const double lr = p[0], momentum = p[1];
      return forEach<T>(n, [=](int64_t e) {
        const double g = grad[e], accum = double(s1[e]) * momentum + g;
        o0[e] = T(v0[e] - (flag ? g * lr + accum * momentum * lr : lr * accum));
        o1[e] = T(accum);
      });
    }
    case 2: {
      const double lrT = p[0], beta1 = p[1], beta2 = p[2], epsilon = p[3];
      return forEach<T>(n, [=](int64_t e) {
        const double g = grad[e];
        const double m = s1[e] + (g - s1[e]) * (1 - beta1), v = s2[e] + (g * g - s2[e]) * (1 - beta2);
        const double direction = flag ? g * (1 - beta1) + beta1 * m : m;
        o0[e] = T(v0[e] - (direction * lrT) / (std::sqrt(v) + epsilon));
        o1[e] = T(m);
        o2[e] = T(v);
      });
    }
    case 3: {
      const double lr = p[0], rho = p[1], momentum = p[2], epsilon = p[3];
      return forEach<T>(n, [=](int64_t e) {
        const double g = grad[e];
        const double ms = s1[e] + (g * g - s1[e]) * (1 - rho);
        const double mom = momentum * s2[e] + (lr * g) / std::sqrt(ms + epsilon);
        o0[e] = T(v0[e] - mom);
        o1[e] = T(ms);
        o2[e] = T(mom);
      });
    }
    case 4: {
      const double lr = p[0], rho = p[1], momentum = p[2], epsilon = p[3];
      return forEach<T>(n, [=](int64_t e) {
        const double g = grad[e];
        const double mg = s1[e] + (g - s1[e]) * (1 - rho), ms = s2[e] + (g * g - s2[e]) * (1 - rho);
        const double mom = momentum * s3[e] + (lr * g) / std::sqrt(ms - mg * mg + epsilon);
        o0[e] = T(v0[e] - mom);
        o1[e] = T(mg);
        o2[e] = T(ms);
        o3[e] = T(mom);
      });
    }
    case 5: {
      const double lr = p[0];
      return forEach<T>(n, [=](int64_t e) {
        const double g = grad[e], accum = flag ? s1[e] + g * g : double(s1[e]);
        o0[e] = T(v0[e] - (lr * g) / std::sqrt(accum));
        o1[e] = T(accum);
      });
    }
    case 6: {
      // TF's FtrlCompute, with its square-root shortcut for lr_power = -0.5.
      const double lr = p[0], l1 = p[1], l2 = p[2], lrPower = p[3];
      const bool sqrtPower = lrPower == -0.5;
      return forEach<T>(n, [=](int64_t e) {
        const double g = grad[e], accum = s1[e], newAccum = accum + g * g;
        const double powNew = sqrtPower ? std::sqrt(newAccum) : std::pow(newAccum, -lrPower);
        const double powOld = sqrtPower ? std::sqrt(accum) : std::pow(accum, -lrPower);
        const double linear = double(s2[e]) + g - ((powNew - powOld) / lr) * double(v0[e]);
        const double quadratic = powNew / lr + 2 * l2;
        const double sign = (linear > 0) - (linear < 0);
        o0[e] = T(std::fabs(linear) > l1 ? (sign * l1 - linear) / quadratic : 0.0);
        o1[e] = T(newAccum);
        o2[e] = T(linear);
      });
    }
  }
}

#define SF_INSTANTIATE(T)                                                                                   \
  template void unary<T>(int, const T*, T*, int64_t);                                                      \
  template void unaryGrad<T>(int, const T*, const T*, T*, int64_t);                                        \
  template void binary<T>(int, const T*, const T*, T*, int, const int64_t*, const int64_t*, const int64_t*); \
  template void reduce<T>(int, const T*, T*, int64_t, int64_t, int64_t);                                   \
  template void softmax<T>(const T*, T*, int64_t, int64_t, bool);                                          \
  template void addN<T>(const T* const*, int, T*, int64_t);                                                \
  template void apply<T>(int, const T* const*, T* const*, const T*, const double*, bool, int64_t);
SF_INSTANTIATE(float)
SF_INSTANTIATE(double)

}  // namespace sf
