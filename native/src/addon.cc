// Node-API glue: every function takes typed arrays and numbers, checks that the buffers hold what the
// geometry says (a wrong length would read or write out of bounds), and calls the kernels synchronously.
// The JS side (lib/kernels/native) checks op semantics and raises TF's errors before calling in.
#include <cblas.h>
#include <node_api.h>
#include <algorithm>
#include <cstring>
#include <exception>
#include <string>
#include <utility>
#include <vector>
#include "jpeg.h"
#include "kernels.h"

namespace {

// A C++ exception carrying a message for a JS TypeError.
struct ArgError : std::exception {
  std::string message;
  explicit ArgError(std::string m) : message(std::move(m)) {}
};

void check(napi_status s, const char* what) {
  if (s != napi_ok) throw ArgError(std::string("native call failed: ") + what);
}

struct Args {
  napi_env env;
  std::vector<napi_value> v;
  Args(napi_env e, napi_callback_info info, size_t expected) : env(e), v(expected) {
    size_t argc = expected;
    check(napi_get_cb_info(e, info, &argc, v.data(), nullptr, nullptr), "arguments");
    if (argc < expected) throw ArgError("expected " + std::to_string(expected) + " arguments, got " + std::to_string(argc));
  }
  double num(size_t i) const {
    double d;
    if (napi_get_value_double(env, v[i], &d) != napi_ok) throw ArgError("argument " + std::to_string(i) + " must be a number");
    return d;
  }
  int64_t i64(size_t i) const { return int64_t(num(i)); }
  bool flag(size_t i) const {
    bool b;
    if (napi_get_value_bool(env, v[i], &b) != napi_ok) throw ArgError("argument " + std::to_string(i) + " must be a boolean");
    return b;
  }
  bool isNull(size_t i) const {
    napi_valuetype t;
    check(napi_typeof(env, v[i], &t), "typeof");
    return t == napi_null || t == napi_undefined;
  }
};

struct Typed {
  napi_typedarray_type type;
  size_t length;
  void* data;
};

Typed typedArg(const Args& a, size_t i) {
  bool is;
  check(napi_is_typedarray(a.env, a.v[i], &is), "is_typedarray");
  if (!is) throw ArgError("argument " + std::to_string(i) + " must be a typed array");
  Typed t;
  napi_value buffer;
  size_t offset;
  check(napi_get_typedarray_info(a.env, a.v[i], &t.type, &t.length, &t.data, &buffer, &offset), "typedarray_info");
  return t;
}

template <typename T> constexpr napi_typedarray_type typeOf();
template <> constexpr napi_typedarray_type typeOf<float>() { return napi_float32_array; }
template <> constexpr napi_typedarray_type typeOf<double>() { return napi_float64_array; }
template <> constexpr napi_typedarray_type typeOf<int32_t>() { return napi_int32_array; }

// The data of argument i as T*, holding at least `need` elements.
template <typename T>
T* data(const Args& a, size_t i, int64_t need) {
  Typed t = typedArg(a, i);
  if (t.type != typeOf<T>()) throw ArgError("argument " + std::to_string(i) + " has the wrong element type");
  if (int64_t(t.length) < need) {
    throw ArgError("argument " + std::to_string(i) + " holds " + std::to_string(t.length) + " elements, needs " + std::to_string(need));
  }
  return static_cast<T*>(t.data);
}

bool isF64(const Args& a, size_t i) { return typedArg(a, i).type == napi_float64_array; }

int opCode(const Args& a, size_t i, int count) {
  const int64_t op = a.i64(i);
  if (op < 0 || op >= count) throw ArgError("unknown op code " + std::to_string(op));
  return int(op);
}


template <napi_value (*F)(napi_env, napi_callback_info)>
napi_value guarded(napi_env env, napi_callback_info info) {
  try {
    return F(env, info);
  } catch (const ArgError& e) {
    napi_throw_type_error(env, nullptr, e.message.c_str());
  } catch (const std::exception& e) {
    napi_throw_error(env, nullptr, e.what());
  }
  return nullptr;
}

napi_value undefinedValue(napi_env env) {
  napi_value u;
  napi_get_undefined(env, &u);
  return u;
}

// gemm(a, b, c, batch, m, n, k, transA, transB, aOffsets: Float64Array | null, bOffsets | null)
template <typename T>
void gemmTyped(const Args& a) {
  const int64_t batch = a.i64(3), m = a.i64(4), n = a.i64(5), k = a.i64(6);
  const bool ta = a.flag(7), tb = a.flag(8);
  std::vector<int64_t> aOff, bOff;
  int64_t aNeed = batch * m * k, bNeed = batch * k * n;
  auto offsets = [&](size_t i, std::vector<int64_t>& out, int64_t span) -> int64_t {
    const double* o = data<double>(a, i, batch);
    out.resize(batch);
    int64_t need = 0;
    for (int64_t b = 0; b < batch; b++) { out[b] = int64_t(o[b]); if (out[b] < 0) throw ArgError("negative offset"); need = std::max(need, out[b] + span); }
    return need;
  };
  if (!a.isNull(9)) aNeed = offsets(9, aOff, m * k);
  if (!a.isNull(10)) bNeed = offsets(10, bOff, k * n);
  sf::gemm<T>(data<T>(a, 0, aNeed), data<T>(a, 1, bNeed), data<T>(a, 2, batch * m * n), batch, m, n, k, ta, tb,
              aOff.empty() ? nullptr : aOff.data(), bOff.empty() ? nullptr : bOff.data());
}
napi_value Gemm(napi_env env, napi_callback_info info) {
  Args a(env, info, 11);
  if (isF64(a, 0)) gemmTyped<double>(a); else gemmTyped<float>(a);
  return undefinedValue(env);
}

sf::Window windowArg(const Args& a, size_t i) {
  const int32_t* g = data<int32_t>(a, i, 18);
  sf::Window w{g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7], g[8], g[9], g[10], g[11], g[12], g[13], g[14], g[15], g[16], g[17]};
  for (int k = 0; k < 18; k++) if (g[k] < 0) throw ArgError("negative window geometry");
  if (w.groups < 1 || w.inC % w.groups != 0 || w.outC % w.groups != 0) throw ArgError("groups must divide both channel counts");
  return w;
}

// conv2d(pass, x, filter, y, geometry: Int32Array[18])
napi_value Conv2d(napi_env env, napi_callback_info info) {
  Args a(env, info, 5);
  const int pass = opCode(a, 0, 3);
  const sf::Window w = windowArg(a, 4);
  float* x = data<float>(a, 1, w.n * w.inH * w.inW * w.inC);
  float* f = data<float>(a, 2, w.kH * w.kW * (w.inC / w.groups) * w.outC);
  float* y = data<float>(a, 3, w.n * w.outH * w.outW * w.outC);
  sf::conv2d(sf::ConvPass(pass), w, x, f, y);
  return undefinedValue(env);
}

// pool2d(pass, x | null, y, dx | null, geometry: Int32Array[18]) (outC = inC, groups = 1)
napi_value Pool2d(napi_env env, napi_callback_info info) {
  Args a(env, info, 5);
  const auto pass = sf::PoolPass(opCode(a, 0, 4));
  const sf::Window w = windowArg(a, 4);
  const int64_t xSize = w.n * w.inH * w.inW * w.inC, ySize = w.n * w.outH * w.outW * w.inC;
  const bool needsX = pass != sf::PoolPass::AvgBackward, needsDx = pass == sf::PoolPass::MaxBackward || pass == sf::PoolPass::AvgBackward;
  sf::pool2d(pass, w, needsX ? data<float>(a, 1, xSize) : nullptr, data<float>(a, 2, ySize), needsDx ? data<float>(a, 3, xSize) : nullptr);
  return undefinedValue(env);
}

// batchNormForward(training, epsilon, rows, channels, x, scale, offset, mean, variance, y)
napi_value BatchNormForward(napi_env env, napi_callback_info info) {
  Args a(env, info, 10);
  const bool training = a.flag(0);
  const float epsilon = float(a.num(1));
  const int64_t rows = a.i64(2), channels = a.i64(3), n = rows * channels;
  if (rows < 1 || channels < 1) throw ArgError("batch norm needs at least one row and one channel");
  sf::batchNormForward(data<float>(a, 4, n), data<float>(a, 5, channels), data<float>(a, 6, channels), data<float>(a, 7, channels),
                       data<float>(a, 8, channels), data<float>(a, 9, n), rows, channels, epsilon, training);
  return undefinedValue(env);
}

// batchNormBackward(training, epsilon, rows, channels, x, dy, scale, mean, variance, dx, dscale, doffset)
napi_value BatchNormBackward(napi_env env, napi_callback_info info) {
  Args a(env, info, 12);
  const bool training = a.flag(0);
  const float epsilon = float(a.num(1));
  const int64_t rows = a.i64(2), channels = a.i64(3), n = rows * channels;
  if (rows < 1 || channels < 1) throw ArgError("batch norm needs at least one row and one channel");
  sf::batchNormBackward(data<float>(a, 4, n), data<float>(a, 5, n), data<float>(a, 6, channels), data<float>(a, 7, channels),
                        data<float>(a, 8, channels), data<float>(a, 9, n), data<float>(a, 10, channels), data<float>(a, 11, channels),
                        rows, channels, epsilon, training);
  return undefinedValue(env);
}

// unary(op, x, out, n)
napi_value Unary(napi_env env, napi_callback_info info) {
  Args a(env, info, 4);
  const int op = opCode(a, 0, sf::UNARY_OP_COUNT);
  const int64_t n = a.i64(3);
  if (isF64(a, 1)) sf::unary<double>(op, data<double>(a, 1, n), data<double>(a, 2, n), n);
  else sf::unary<float>(op, data<float>(a, 1, n), data<float>(a, 2, n), n);
  return undefinedValue(env);
}

// unaryGrad(op, g, f, out, n)
napi_value UnaryGrad(napi_env env, napi_callback_info info) {
  Args a(env, info, 5);
  const int op = opCode(a, 0, sf::UNARY_GRAD_OP_COUNT);
  const int64_t n = a.i64(4);
  if (isF64(a, 1)) sf::unaryGrad<double>(op, data<double>(a, 1, n), data<double>(a, 2, n), data<double>(a, 3, n), n);
  else sf::unaryGrad<float>(op, data<float>(a, 1, n), data<float>(a, 2, n), data<float>(a, 3, n), n);
  return undefinedValue(env);
}

// binary(op, a, b, out, shape: Float64Array, aStrides: Float64Array, bStrides: Float64Array)
template <typename T>
void binaryTyped(const Args& a, int op) {
  const int rank = int(typedArg(a, 4).length);
  if (rank < 1 || rank > 8) throw ArgError("binary: rank must be 1..8");
  const double* s = data<double>(a, 4, rank);
  const double* sa = data<double>(a, 5, rank);
  const double* sb = data<double>(a, 6, rank);
  int64_t shape[8], as[8], bs[8], total = 1, aNeed = 1, bNeed = 1;
  for (int d = 0; d < rank; d++) {
    shape[d] = int64_t(s[d]); as[d] = int64_t(sa[d]); bs[d] = int64_t(sb[d]);
    total *= shape[d];
    if (shape[d] > 0) { aNeed += (shape[d] - 1) * as[d]; bNeed += (shape[d] - 1) * bs[d]; }
  }
  if (total == 0) return;
  sf::binary<T>(op, data<T>(a, 1, aNeed), data<T>(a, 2, bNeed), data<T>(a, 3, total), rank, shape, as, bs);
}
napi_value Binary(napi_env env, napi_callback_info info) {
  Args a(env, info, 7);
  const int op = opCode(a, 0, sf::BINARY_OP_COUNT);
  if (isF64(a, 1)) binaryTyped<double>(a, op); else binaryTyped<float>(a, op);
  return undefinedValue(env);
}

// reduce(op, x, out, outer, r, inner)
napi_value Reduce(napi_env env, napi_callback_info info) {
  Args a(env, info, 6);
  const int op = opCode(a, 0, sf::REDUCE_OP_COUNT);
  const int64_t outer = a.i64(3), r = a.i64(4), inner = a.i64(5);
  if (isF64(a, 1)) sf::reduce<double>(op, data<double>(a, 1, outer * r * inner), data<double>(a, 2, outer * inner), outer, r, inner);
  else sf::reduce<float>(op, data<float>(a, 1, outer * r * inner), data<float>(a, 2, outer * inner), outer, r, inner);
  return undefinedValue(env);
}

// softmax(x, out, rows, n, log)
napi_value Softmax(napi_env env, napi_callback_info info) {
  Args a(env, info, 5);
  const int64_t rows = a.i64(2), n = a.i64(3);
  const bool log = a.flag(4);
  if (isF64(a, 0)) sf::softmax<double>(data<double>(a, 0, rows * n), data<double>(a, 1, rows * n), rows, n, log);
  else sf::softmax<float>(data<float>(a, 0, rows * n), data<float>(a, 1, rows * n), rows, n, log);
  return undefinedValue(env);
}

// addN(out, n, ...inputs)
template <typename T>
void addNTyped(const Args& a, size_t argc) {
  const int64_t n = a.i64(1);
  std::vector<const T*> inputs;
  for (size_t i = 2; i < argc; i++) inputs.push_back(data<T>(a, i, n));
  sf::addN<T>(inputs.data(), int(inputs.size()), data<T>(a, 0, n), n);
}
napi_value AddN(napi_env env, napi_callback_info info) {
  size_t argc = 0;
  check(napi_get_cb_info(env, info, &argc, nullptr, nullptr, nullptr), "arguments");
  if (argc < 3) throw ArgError("addN needs an output, a length and at least one input");
  Args a(env, info, argc);
  if (isF64(a, 0)) addNTyped<double>(a, argc); else addNTyped<float>(a, argc);
  return undefinedValue(env);
}

// apply(op, grad, scalars: Float64Array, flag, n, in0, out0, in1, out1, ...)
template <typename T>
void applyTyped(const Args& a, int op) {
  const int64_t n = a.i64(4);
  const int states = sf::APPLY_STATE_COUNT[op];
  const T* in[4] = {nullptr, nullptr, nullptr, nullptr};
  T* out[4] = {nullptr, nullptr, nullptr, nullptr};
  for (int k = 0; k < states; k++) { in[k] = data<T>(a, 5 + 2 * k, n); out[k] = data<T>(a, 6 + 2 * k, n); }
  sf::apply<T>(op, in, out, data<T>(a, 1, n), data<double>(a, 2, sf::APPLY_SCALAR_COUNT[op]), a.flag(3), n);
}
napi_value Apply(napi_env env, napi_callback_info info) {
  size_t argc = 0;
  check(napi_get_cb_info(env, info, &argc, nullptr, nullptr, nullptr), "arguments");
  Args head(env, info, 1);
  const int op = opCode(head, 0, sf::APPLY_OP_COUNT);
  Args a(env, info, 5 + 2 * sf::APPLY_STATE_COUNT[op]);
  if (isF64(a, 1)) applyTyped<double>(a, op); else applyTyped<float>(a, op);
  return undefinedValue(env);
}

napi_value stringValue(napi_env env, const std::string& s) {
  napi_value v;
  napi_create_string_utf8(env, s.c_str(), s.size(), &v);
  return v;
}

napi_value names(napi_env env, const char* const* list, int count) {
  napi_value arr;
  napi_create_array_with_length(env, count, &arr);
  for (int i = 0; i < count; i++) napi_set_element(env, arr, i, stringValue(env, list[i]));
  return arr;
}

napi_value numberValue(napi_env env, double d) {
  napi_value v;
  napi_create_double(env, d, &v);
  return v;
}

// info(): the libraries, the instruction set and the thread counts.
napi_value Info(napi_env env, napi_callback_info) {
  napi_value o;
  napi_create_object(env, &o);
  napi_set_named_property(env, o, "dnnl", stringValue(env, sf::dnnlVersion()));
  napi_set_named_property(env, o, "isa", stringValue(env, sf::dnnlIsa()));
  napi_set_named_property(env, o, "blas", stringValue(env, openblas_get_config()));
  napi_set_named_property(env, o, "blasThreads", numberValue(env, openblas_get_num_threads()));
  napi_set_named_property(env, o, "threads", numberValue(env, sf::threads()));
  return o;
}

// ---- JPEG (native/src/jpeg.cc) ----

// The bytes of a Uint8Array argument.
std::pair<const uint8_t*, size_t> bytesArg(const Args& a, size_t i) {
  Typed t = typedArg(a, i);
  if (t.type != napi_uint8_array) throw ArgError("argument " + std::to_string(i) + " must be a Uint8Array");
  return {static_cast<const uint8_t*>(t.data), t.length};
}

napi_value nullValue(napi_env env) {
  napi_value v;
  napi_get_null(env, &v);
  return v;
}

napi_value newBytes(napi_env env, const std::vector<uint8_t>& bytes) {
  void* data;
  napi_value buffer, array;
  check(napi_create_arraybuffer(env, bytes.size(), &data, &buffer), "arraybuffer");
  if (!bytes.empty()) std::memcpy(data, bytes.data(), bytes.size());
  check(napi_create_typedarray(env, napi_uint8_array, bytes.size(), buffer, 0, &array), "typedarray");
  return array;
}

// jpegDecode(contents, flags: Float64Array [channels, ratio, fancy, recover, fraction, fastDct, crop, y, x, h, w])
//   → {pixels, height, width, channels} | null
napi_value JpegDecode(napi_env env, napi_callback_info info) {
  Args a(env, info, 2);
  auto [bytes, size] = bytesArg(a, 0);
  const double* f = data<double>(a, 1, 11);
  sf::JpegDecodeFlags flags;
  flags.components = int(f[0]);
  flags.ratio = int(f[1]);
  flags.fancyUpscaling = f[2] != 0;
  flags.recover = f[3] != 0;
  flags.acceptableFraction = float(f[4]);
  flags.fastDct = f[5] != 0;
  flags.crop = f[6] != 0;
  flags.cropY = int(f[7]);
  flags.cropX = int(f[8]);
  flags.cropHeight = int(f[9]);
  flags.cropWidth = int(f[10]);
  const sf::JpegImage image = sf::jpegDecode(bytes, size, flags);
  if (!image.ok) return nullValue(env);
  napi_value o;
  napi_create_object(env, &o);
  napi_set_named_property(env, o, "pixels", newBytes(env, image.pixels));
  napi_set_named_property(env, o, "height", numberValue(env, image.height));
  napi_set_named_property(env, o, "width", numberValue(env, image.width));
  napi_set_named_property(env, o, "channels", numberValue(env, image.components));
  return o;
}

// jpegEncode(pixels, height, width, channels, flags: Float64Array [quality, progressive, optimize, chroma, unit, xd, yd], xmp)
//   → Uint8Array | null
napi_value JpegEncode(napi_env env, napi_callback_info info) {
  Args a(env, info, 6);
  auto [pixels, size] = bytesArg(a, 0);
  const int64_t h = a.i64(1), w = a.i64(2), c = a.i64(3);
  if (h < 0 || w < 0 || c < 0 || int64_t(size) < h * w * c) throw ArgError("the pixels do not fill the image");
  const double* f = data<double>(a, 4, 7);
  auto [xmp, xmpSize] = bytesArg(a, 5);
  sf::JpegEncodeFlags flags;
  flags.quality = int(f[0]);
  flags.progressive = f[1] != 0;
  flags.optimizeSize = f[2] != 0;
  flags.chromaDownsampling = f[3] != 0;
  flags.densityUnit = int(f[4]);
  flags.xDensity = int(f[5]);
  flags.yDensity = int(f[6]);
  flags.xmp = xmp;
  flags.xmpSize = xmpSize;
  std::vector<uint8_t> out;
  if (!sf::jpegEncode(pixels, int(h), int(w), int(c), flags, &out)) return nullValue(env);
  return newBytes(env, out);
}

// jpegShape(contents) → [height, width, components] | null
napi_value JpegShape(napi_env env, napi_callback_info info) {
  Args a(env, info, 1);
  auto [bytes, size] = bytesArg(a, 0);
  int dims[3];
  if (!sf::jpegInfo(bytes, size, dims)) return nullValue(env);
  napi_value arr;
  napi_create_array_with_length(env, 3, &arr);
  for (int i = 0; i < 3; i++) napi_set_element(env, arr, i, numberValue(env, dims[i]));
  return arr;
}

void exportFunction(napi_env env, napi_value exports, const char* name, napi_callback f) {
  napi_value fn;
  napi_create_function(env, name, NAPI_AUTO_LENGTH, f, nullptr, &fn);
  napi_set_named_property(env, exports, name, fn);
}

napi_value Init(napi_env env, napi_value exports) {
  exportFunction(env, exports, "gemm", guarded<Gemm>);
  exportFunction(env, exports, "conv2d", guarded<Conv2d>);
  exportFunction(env, exports, "pool2d", guarded<Pool2d>);
  exportFunction(env, exports, "batchNormForward", guarded<BatchNormForward>);
  exportFunction(env, exports, "batchNormBackward", guarded<BatchNormBackward>);
  exportFunction(env, exports, "unary", guarded<Unary>);
  exportFunction(env, exports, "unaryGrad", guarded<UnaryGrad>);
  exportFunction(env, exports, "binary", guarded<Binary>);
  exportFunction(env, exports, "reduce", guarded<Reduce>);
  exportFunction(env, exports, "softmax", guarded<Softmax>);
  exportFunction(env, exports, "addN", guarded<AddN>);
  exportFunction(env, exports, "apply", guarded<Apply>);
  exportFunction(env, exports, "info", guarded<Info>);
  exportFunction(env, exports, "jpegDecode", guarded<JpegDecode>);
  exportFunction(env, exports, "jpegEncode", guarded<JpegEncode>);
  exportFunction(env, exports, "jpegShape", guarded<JpegShape>);
  napi_set_named_property(env, exports, "unaryOps", names(env, sf::UNARY_OPS, sf::UNARY_OP_COUNT));
  napi_set_named_property(env, exports, "unaryGradOps", names(env, sf::UNARY_GRAD_OPS, sf::UNARY_GRAD_OP_COUNT));
  napi_set_named_property(env, exports, "binaryOps", names(env, sf::BINARY_OPS, sf::BINARY_OP_COUNT));
  napi_set_named_property(env, exports, "reduceOps", names(env, sf::REDUCE_OPS, sf::REDUCE_OP_COUNT));
  napi_set_named_property(env, exports, "applyOps", names(env, sf::APPLY_OPS, sf::APPLY_OP_COUNT));
  return exports;
}

}  // namespace

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
