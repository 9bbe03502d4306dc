// Convolution, pooling and batch normalization through oneDNN (the library TensorFlow's own CPU builds use). Activations and
// filters cross the boundary in TensorFlow's NHWC / HWIO layouts. Convolutions read and write activations
// in NHWC as they are (oneDNN's brgconv and jit kernels take it: no reorder of the big tensors, no internal
// copies of them) and let oneDNN pick the filter's internal (blocked) layout, reordering the small filter to
// and from it. Primitives are built once per geometry and cached.
#include <cstring>
#include <map>
#include <memory>
#include <vector>
#include <oneapi/dnnl/dnnl.hpp>
#include "kernels.h"

namespace sf {

using namespace dnnl;
using tag = memory::format_tag;
using dt = memory::data_type;

namespace {

engine& cpu() {
  static engine e(engine::kind::cpu, 0);
  return e;
}
stream& cpuStream() {
  static stream s(cpu());
  return s;
}

// One tensor argument of a primitive: the caller's buffer (TF layout) and, where the primitive wants
// another layout, an internal buffer with the reorder between them.
struct Port {
  memory user;
  memory internal;
  bool reordered = false;

  Port() = default;
  Port(const memory::desc& userDesc, const memory::desc& wanted) : user(userDesc, cpu(), DNNL_MEMORY_NONE) {
    reordered = wanted != userDesc;
    if (reordered) internal = memory(wanted, cpu());
  }
  memory& bind(void* data) {
    user.set_data_handle(data);
    return reordered ? internal : user;
  }
  void in() { if (reordered) reorder(user, internal).execute(cpuStream(), user, internal); }
  void out() { if (reordered) reorder(internal, user).execute(cpuStream(), internal, user); }
};

memory::dims nchw(int64_t n, int64_t c, int64_t h, int64_t w) { return {n, c, h, w}; }

// oneDNN's filter dimensions: [outC, inC, kH, kW], or [groups, outC / groups, inC / groups, kH, kW].
memory::dims filterDims(const Window& w) {
  if (w.groups == 1) return {w.outC, w.inC, w.kH, w.kW};
  return {w.groups, w.outC / w.groups, w.inC / w.groups, w.kH, w.kW};
}

struct ConvGeometry {
  memory::desc x, filter, y;   // TF layouts
  memory::desc filterAny;      // the filter in the layout oneDNN prefers
  memory::dims strides, dilations, padL, padR;
  explicit ConvGeometry(const Window& w)
      : x(nchw(w.n, w.inC, w.inH, w.inW), dt::f32, tag::nhwc),
        filter(filterDims(w), dt::f32, w.groups == 1 ? tag::hwio : tag::hwigo),
        y(nchw(w.n, w.outC, w.outH, w.outW), dt::f32, tag::nhwc),
        filterAny(filterDims(w), dt::f32, tag::any),
        strides{w.strideH, w.strideW},
        dilations{w.dilH - 1, w.dilW - 1},   // oneDNN counts the gaps between taps
        padL{w.padTop, w.padLeft},
        padR{w.padBottom, w.padRight} {}

  convolution_forward::primitive_desc forward() const {
    return convolution_forward::primitive_desc(
        convolution_forward::desc(prop_kind::forward_training, algorithm::convolution_direct, x, filterAny, y,
                                  strides, dilations, padL, padR),
        cpu());
  }
};

struct ConvPrimitive {
  primitive prim;
  Port x, filter, y;
  // The argument names of x, filter and y for this pass.
  int xArg, filterArg, yArg;
  enum { In, Out } xDir, filterDir, yDir;
};

std::unique_ptr<ConvPrimitive> makeConv(ConvPass pass, const Window& w) {
  ConvGeometry g(w);
  auto forward = g.forward();
  auto c = std::make_unique<ConvPrimitive>();
  if (pass == ConvPass::Forward) {
    c->prim = convolution_forward(forward);
    c->x = Port(g.x, forward.src_desc());
    c->filter = Port(g.filter, forward.weights_desc());
    c->y = Port(g.y, forward.dst_desc());
    c->xArg = DNNL_ARG_SRC; c->filterArg = DNNL_ARG_WEIGHTS; c->yArg = DNNL_ARG_DST;
    c->xDir = ConvPrimitive::In; c->filterDir = ConvPrimitive::In; c->yDir = ConvPrimitive::Out;
  } else if (pass == ConvPass::BackwardData) {
    convolution_backward_data::primitive_desc pd(
        convolution_backward_data::desc(algorithm::convolution_direct, g.x, g.filterAny, g.y, g.strides,
                                        g.dilations, g.padL, g.padR),
        cpu(), forward);
    c->prim = convolution_backward_data(pd);
    c->x = Port(g.x, pd.diff_src_desc());
    c->filter = Port(g.filter, pd.weights_desc());
    c->y = Port(g.y, pd.diff_dst_desc());
    c->xArg = DNNL_ARG_DIFF_SRC; c->filterArg = DNNL_ARG_WEIGHTS; c->yArg = DNNL_ARG_DIFF_DST;
    c->xDir = ConvPrimitive::Out; c->filterDir = ConvPrimitive::In; c->yDir = ConvPrimitive::In;
  } else {
    convolution_backward_weights::primitive_desc pd(
        convolution_backward_weights::desc(algorithm::convolution_direct, g.x, g.filterAny, g.y, g.strides,
                                           g.dilations, g.padL, g.padR),
        cpu(), forward);
    c->prim = convolution_backward_weights(pd);
    c->x = Port(g.x, pd.src_desc());
    c->filter = Port(g.filter, pd.diff_weights_desc());
    c->y = Port(g.y, pd.diff_dst_desc());
    c->xArg = DNNL_ARG_SRC; c->filterArg = DNNL_ARG_DIFF_WEIGHTS; c->yArg = DNNL_ARG_DIFF_DST;
    c->xDir = ConvPrimitive::In; c->filterDir = ConvPrimitive::Out; c->yDir = ConvPrimitive::In;
  }
  return c;
}

std::vector<int64_t> keyOf(int pass, const Window& w) {
  return {pass, w.n, w.inH, w.inW, w.inC, w.kH, w.kW, w.outC, w.outH, w.outW, w.strideH, w.strideW,
          w.dilH, w.dilW, w.padTop, w.padLeft, w.padBottom, w.padRight, w.groups};
}

template <typename P>
P& cached(std::map<std::vector<int64_t>, std::unique_ptr<P>>& cache, std::vector<int64_t> key,
          std::unique_ptr<P> (*make)(int, const Window&), int pass, const Window& w) {
  auto it = cache.find(key);
  if (it == cache.end()) it = cache.emplace(std::move(key), make(pass, w)).first;
  return *it->second;
}

struct PoolPrimitive {
  primitive forward, backward;   // backward: only for the backward passes
  memory x, y, dx, workspace;    // y: the forward output (MaxBackward: scratch), or dy for the backward passes
  memory scratchY;               // MaxBackward recomputes the forward pass into this for the argmax workspace
};

std::unique_ptr<PoolPrimitive> makePool(int passIndex, const Window& w) {
  const auto pass = PoolPass(passIndex);
  const bool max = pass == PoolPass::MaxForward || pass == PoolPass::MaxBackward;
  const auto algo = max ? algorithm::pooling_max : algorithm::pooling_avg_exclude_padding;
  memory::desc x(nchw(w.n, w.inC, w.inH, w.inW), dt::f32, tag::nhwc);
  memory::desc y(nchw(w.n, w.inC, w.outH, w.outW), dt::f32, tag::nhwc);
  const memory::dims strides{w.strideH, w.strideW}, kernel{w.kH, w.kW}, padL{w.padTop, w.padLeft},
      padR{w.padBottom, w.padRight};
  const bool backward = pass == PoolPass::MaxBackward || pass == PoolPass::AvgBackward;
  pooling_forward::primitive_desc fwd(
      pooling_forward::desc(backward ? prop_kind::forward_training : prop_kind::forward_inference, algo, x, y, strides,
                            kernel, padL, padR),
      cpu());
  auto p = std::make_unique<PoolPrimitive>();
  p->forward = pooling_forward(fwd);
  p->x = memory(x, cpu(), DNNL_MEMORY_NONE);
  p->y = memory(y, cpu(), DNNL_MEMORY_NONE);
  if (backward) {
    pooling_backward::primitive_desc bwd(pooling_backward::desc(algo, x, y, strides, kernel, padL, padR), cpu(), fwd);
    p->backward = pooling_backward(bwd);
    p->dx = memory(x, cpu(), DNNL_MEMORY_NONE);
    if (max) {
      p->workspace = memory(fwd.workspace_desc(), cpu());
      p->scratchY = memory(y, cpu());
    }
  }
  return p;
}

std::unique_ptr<ConvPrimitive> makeConvByIndex(int pass, const Window& w) { return makeConv(ConvPass(pass), w); }

}  // namespace

void conv2d(ConvPass pass, const Window& w, float* x, float* filter, float* y) {
  static std::map<std::vector<int64_t>, std::unique_ptr<ConvPrimitive>> cache;
  ConvPrimitive& c = cached(cache, keyOf(int(pass), w), makeConvByIndex, int(pass), w);
  memory& xm = c.x.bind(x);
  memory& fm = c.filter.bind(filter);
  memory& ym = c.y.bind(y);
  if (c.xDir == ConvPrimitive::In) c.x.in();
  if (c.filterDir == ConvPrimitive::In) c.filter.in();
  if (c.yDir == ConvPrimitive::In) c.y.in();
  c.prim.execute(cpuStream(), {{c.xArg, xm}, {c.filterArg, fm}, {c.yArg, ym}});
  if (c.xDir == ConvPrimitive::Out) c.x.out();
  if (c.filterDir == ConvPrimitive::Out) c.filter.out();
  if (c.yDir == ConvPrimitive::Out) c.y.out();
  cpuStream().wait();
}

void pool2d(PoolPass pass, const Window& w, const float* x, float* y, float* dx) {
  static std::map<std::vector<int64_t>, std::unique_ptr<PoolPrimitive>> cache;
  PoolPrimitive& p = cached(cache, keyOf(int(pass), w), makePool, int(pass), w);
  switch (pass) {
    case PoolPass::MaxForward:
    case PoolPass::AvgForward:
      p.x.set_data_handle(const_cast<float*>(x));
      p.y.set_data_handle(y);
      p.forward.execute(cpuStream(), {{DNNL_ARG_SRC, p.x}, {DNNL_ARG_DST, p.y}});
      break;
    case PoolPass::MaxBackward:
      p.x.set_data_handle(const_cast<float*>(x));
      p.forward.execute(cpuStream(), {{DNNL_ARG_SRC, p.x}, {DNNL_ARG_DST, p.scratchY}, {DNNL_ARG_WORKSPACE, p.workspace}});
      p.y.set_data_handle(y);
      p.dx.set_data_handle(dx);
      p.backward.execute(cpuStream(), {{DNNL_ARG_DIFF_DST, p.y}, {DNNL_ARG_DIFF_SRC, p.dx}, {DNNL_ARG_WORKSPACE, p.workspace}});
      break;
    case PoolPass::AvgBackward:
      p.y.set_data_handle(y);
      p.dx.set_data_handle(dx);
      p.backward.execute(cpuStream(), {{DNNL_ARG_DIFF_DST, p.y}, {DNNL_ARG_DIFF_SRC, p.dx}});
      break;
  }
  cpuStream().wait();
}

namespace {

struct BatchNormPrimitive {
  primitive forward, backward;
  memory data, diffData, dst, diffSrc, scale, shift, diffScale, diffShift, mean, variance;
};

std::unique_ptr<BatchNormPrimitive> makeBatchNorm(bool backward, int64_t rows, int64_t channels, float epsilon, bool training) {
  // [rows, channels] as an NHWC tensor of 1 × 1 images: oneDNN's vectorised kernels take that layout.
  memory::desc data({rows, channels, 1, 1}, dt::f32, tag::nhwc), vec({channels}, dt::f32, tag::x);
  auto flags = normalization_flags::use_scale | normalization_flags::use_shift;
  if (!training) flags |= normalization_flags::use_global_stats;   // mean and variance given, not computed
  const auto kind = backward || training ? prop_kind::forward_training : prop_kind::forward_inference;
  batch_normalization_forward::primitive_desc fwd(batch_normalization_forward::desc(kind, data, epsilon, flags), cpu());
  auto p = std::make_unique<BatchNormPrimitive>();
  auto none = [&](const memory::desc& d) { return memory(d, cpu(), DNNL_MEMORY_NONE); };
  p->data = none(data);
  p->scale = none(vec);
  p->mean = none(fwd.mean_desc());
  p->variance = none(fwd.variance_desc());
  if (backward) {
    batch_normalization_backward::primitive_desc bwd(
        batch_normalization_backward::desc(prop_kind::backward, data, data, epsilon, flags), cpu(), fwd);
    p->backward = batch_normalization_backward(bwd);
    p->diffData = none(data);
    p->diffSrc = none(data);
    p->diffScale = none(vec);
    p->diffShift = none(vec);
    p->shift = memory(vec, cpu());   // the backward pass reads no shift, but the primitive takes one
  } else {
    p->forward = batch_normalization_forward(fwd);
    p->dst = none(data);
    p->shift = none(vec);
  }
  return p;
}

std::vector<int64_t> batchNormKey(bool backward, int64_t rows, int64_t channels, float epsilon, bool training) {
  int32_t bits;
  std::memcpy(&bits, &epsilon, sizeof bits);
  return {backward, rows, channels, bits, training};
}

BatchNormPrimitive& batchNorm(bool backward, int64_t rows, int64_t channels, float epsilon, bool training) {
  static std::map<std::vector<int64_t>, std::unique_ptr<BatchNormPrimitive>> cache;
  auto key = batchNormKey(backward, rows, channels, epsilon, training);
  auto it = cache.find(key);
  if (it == cache.end()) it = cache.emplace(std::move(key), makeBatchNorm(backward, rows, channels, epsilon, training)).first;
  return *it->second;
}

}  // namespace

void batchNormForward(const float* x, const float* scale, const float* offset, float* mean, float* variance, float* y,
                      int64_t rows, int64_t channels, float epsilon, bool training) {
  BatchNormPrimitive& p = batchNorm(false, rows, channels, epsilon, training);
  p.data.set_data_handle(const_cast<float*>(x));
  p.scale.set_data_handle(const_cast<float*>(scale));
  p.shift.set_data_handle(const_cast<float*>(offset));
  p.mean.set_data_handle(mean);
  p.variance.set_data_handle(variance);
  p.dst.set_data_handle(y);
  p.forward.execute(cpuStream(), {{DNNL_ARG_SRC, p.data}, {DNNL_ARG_SCALE, p.scale}, {DNNL_ARG_SHIFT, p.shift},
                                  {DNNL_ARG_MEAN, p.mean}, {DNNL_ARG_VARIANCE, p.variance}, {DNNL_ARG_DST, p.dst}});
  cpuStream().wait();
}

void batchNormBackward(const float* x, const float* dy, const float* scale, const float* mean, const float* variance,
                       float* dx, float* dscale, float* doffset, int64_t rows, int64_t channels, float epsilon, bool training) {
  BatchNormPrimitive& p = batchNorm(true, rows, channels, epsilon, training);
  p.data.set_data_handle(const_cast<float*>(x));
  p.diffData.set_data_handle(const_cast<float*>(dy));
  p.scale.set_data_handle(const_cast<float*>(scale));
  p.mean.set_data_handle(const_cast<float*>(mean));
  p.variance.set_data_handle(const_cast<float*>(variance));
  p.diffSrc.set_data_handle(dx);
  p.diffScale.set_data_handle(dscale);
  p.diffShift.set_data_handle(doffset);
  p.backward.execute(cpuStream(), {{DNNL_ARG_SRC, p.data}, {DNNL_ARG_DIFF_DST, p.diffData}, {DNNL_ARG_SCALE, p.scale},
                                   {DNNL_ARG_SHIFT, p.shift}, {DNNL_ARG_MEAN, p.mean}, {DNNL_ARG_VARIANCE, p.variance},
                                   {DNNL_ARG_DIFF_SRC, p.diffSrc}, {DNNL_ARG_DIFF_SCALE, p.diffScale},
                                   {DNNL_ARG_DIFF_SHIFT, p.diffShift}});
  cpuStream().wait();
}

std::string dnnlVersion() {
  const dnnl_version_t* v = dnnl_version();
  return std::to_string(v->major) + "." + std::to_string(v->minor) + "." + std::to_string(v->patch);
}

std::string dnnlIsa() {
  switch (get_effective_cpu_isa()) {
    case cpu_isa::sse41: return "sse41";
    case cpu_isa::avx: return "avx";
    case cpu_isa::avx2: return "avx2";
    case cpu_isa::avx512_core: return "avx512_core";
    case cpu_isa::avx512_core_vnni: return "avx512_core_vnni";
    case cpu_isa::avx512_core_bf16: return "avx512_core_bf16";
    case cpu_isa::avx512_core_amx: return "avx512_core_amx";
    default: return "other";
  }
}

}  // namespace sf
