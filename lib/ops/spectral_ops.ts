/**
 * The FFT ops (TF's gen_spectral_ops): FFT, IFFT, FFT2D, IFFT2D, FFT3D and IFFT3D transform the innermost
 * 1, 2 or 3 dimensions of a complex64 or complex128 tensor; the inverse ones scale by 1/size. RFFT* take a
 * float32 signal to the non-negative half of its complex64 spectrum and IRFFT* back (TF 1.15's dtypes).
 */
import { Tensor, registerOp } from '../framework/graph';
import { complex128, complex64, float32, int32 } from '../framework/dtypes';
import { ValueError } from '../framework/errors';
import { Dim } from '../framework/tensor_shape';
import { pythonFunction } from '../framework/python_signature';
import { OpType } from '../framework/op_types';
import { TensorLike, checkDtype, convert_to_tensor, makeOp, opScope } from './op_builder';
import { dtypeOfInput, fixedDtypes } from './schema_util';
import { checkRank, constantInts, shapeError } from './shape_fns';
import { pad } from './array_ops';

const FFT_OPS: readonly [OpType, number][] = [['FFT', 1], ['IFFT', 1], ['FFT2D', 2], ['IFFT2D', 2], ['FFT3D', 3], ['IFFT3D', 3]];

for (const [type, rank] of FFT_OPS) {
  registerOp({
    type,
    outputDtypes: dtypeOfInput(0),
    inferShapes: (op) => {
      const r = op.inputs[0].shape.ndims;
      if (r !== null && r < rank) throw shapeError(op, `Shape must be at least rank ${rank} but is rank ${r}`);
      return [op.inputs[0].shape];
    },
  });
}

function fftOp(type: OpType, input: TensorLike, name: string | undefined): Tensor {
  return opScope(name, type, [input], (scope) => {
    const t = convert_to_tensor(input, { name: 'input' });
    checkDtype(type, 'input', t, [complex64, complex128]);
    return makeOp(type, [t], { Tcomplex: { type: t.dtype.base_dtype } }, scope).outputs[0];
  });
}

type NameOption = { name?: string };

/** The 1-D discrete Fourier transform over the innermost dimension (FFT). @example tf.fft(tf.complex(re, im)) */
export const fft = pythonFunction('fft', ['input', 'name=None'], 1, function fft(input: TensorLike, options: NameOption = {}): Tensor { return fftOp('FFT', input, options.name); });
/** The inverse 1-D discrete Fourier transform over the innermost dimension (IFFT). */
export const ifft = pythonFunction('ifft', ['input', 'name=None'], 1, function ifft(input: TensorLike, options: NameOption = {}): Tensor { return fftOp('IFFT', input, options.name); });
/** The 2-D discrete Fourier transform over the two innermost dimensions (FFT2D). */
export const fft2d = pythonFunction('fft2d', ['input', 'name=None'], 1, function fft2d(input: TensorLike, options: NameOption = {}): Tensor { return fftOp('FFT2D', input, options.name); });
/** The inverse 2-D discrete Fourier transform over the two innermost dimensions (IFFT2D). */
export const ifft2d = pythonFunction('ifft2d', ['input', 'name=None'], 1, function ifft2d(input: TensorLike, options: NameOption = {}): Tensor { return fftOp('IFFT2D', input, options.name); });
/** The 3-D discrete Fourier transform over the three innermost dimensions (FFT3D). */
export const fft3d = pythonFunction('fft3d', ['input', 'name=None'], 1, function fft3d(input: TensorLike, options: NameOption = {}): Tensor { return fftOp('FFT3D', input, options.name); });
/** The inverse 3-D discrete Fourier transform over the three innermost dimensions (IFFT3D). */
export const ifft3d = pythonFunction('ifft3d', ['input', 'name=None'], 1, function ifft3d(input: TensorLike, options: NameOption = {}): Tensor { return fftOp('IFFT3D', input, options.name); });

const REAL_FFT_OPS: readonly [OpType, number, boolean][] = [
  ['RFFT', 1, false], ['IRFFT', 1, true], ['RFFT2D', 2, false], ['IRFFT2D', 2, true], ['RFFT3D', 3, false], ['IRFFT3D', 3, true],
];

for (const [type, rank, inverse] of REAL_FFT_OPS) {
  registerOp({
    type,
    outputDtypes: fixedDtypes(inverse ? float32 : complex64),
    // TF's RFFTShape: the inner dims become fft_length (its last one halved plus one for the forward transform).
    inferShapes: (op) => {
      const [input, fftLength] = op.inputs;
      const d = input.shape.dims;
      if (d !== null && d.length < rank) throw shapeError(op, `Shape must be at least rank ${rank} but is rank ${d.length}`);
      checkRank(op, fftLength, 1);
      const n = fftLength.shape.dims?.[0] ?? null;
      if (n !== null && n !== rank) throw shapeError(op, `Dimension must be ${rank} but is ${n}`);
      if (d === null) return [null];
      const lengths = constantInts(fftLength);
      const inner: Dim[] = lengths ? lengths.map((l, i) => (i === rank - 1 && !inverse ? Math.floor(l / 2) + 1 : l)) : Array<Dim>(rank).fill(null);
      return [[...d.slice(0, -rank), ...inner]];
    },
  });
}

/** Pads the inner `rank` dims of `x` up to `sizes` where the shapes are known and short (TF's _maybe_pad_for_rfft). */
function maybePad(x: Tensor, rank: number, sizes: readonly number[] | null): Tensor {
  const d = x.shape.dims;
  if (sizes === null || d === null || d.some((v) => v === 0)) return x;
  const inner = d.slice(-rank);
  if (inner.some((v) => v === null)) return x;
  const paddings = sizes.map((size, i) => [0, Math.max(size - (inner[i] as number), 0)]);
  if (!paddings.some(([, p]) => p > 0)) return x;
  return pad(x, [...Array.from({ length: d.length - rank }, () => [0, 0]), ...paddings]);
}

function realFftOp(type: OpType, rank: number, inverse: boolean, input: TensorLike, fftLength: TensorLike | null | undefined, name: string | undefined, defaultName: string): Tensor {
  return opScope(name, defaultName, [input], (scope) => {
    let t = convert_to_tensor(input, { dtype: inverse ? complex64 : float32 });
    const d = t.shape.dims;
    if (d !== null && d.length < rank) throw new ValueError(`Shape ${t.shape} must have rank at least ${rank}`);
    let length: Tensor;
    if (fftLength !== undefined && fftLength !== null) length = convert_to_tensor(fftLength, { dtype: int32 });
    else {
      // Inferred from the static inner dims (the inverse's last one is 2 (n - 1)).
      const inner = d?.slice(-rank) ?? null;
      if (inner === null || inner.some((v) => v === null)) throw new ValueError(`${defaultName} needs fft_length when the inner ${rank} dims of ${t.name} are unknown, got ${t.shape}`);
      const sizes = (inner as number[]).map((v, i) => (inverse && i === rank - 1 ? 2 * (v - 1) : v));
      length = convert_to_tensor(sizes, { dtype: int32 });
    }
    const sizes = constantInts(length);
    t = maybePad(t, rank, sizes && (inverse ? sizes.map((v, i) => (i === rank - 1 ? Math.floor(v / 2) + 1 : v)) : sizes));
    return makeOp(type, [t, length], {}, scope).outputs[0];
  });
}

type FftLengthOptions = NameOption & { fft_length?: TensorLike | null };

/** The non-negative half of the 1-D spectrum of a float32 signal (RFFT): the last dim becomes fft_length/2 + 1. */
export const rfft = pythonFunction('rfft', ['input_tensor', 'fft_length=None', 'name=None'], 1, function rfft(input_tensor: TensorLike, options: FftLengthOptions = {}): Tensor { return realFftOp('RFFT', 1, false, input_tensor, options.fft_length, options.name, 'rfft'); });
/** The float32 signal of a 1-D half spectrum (IRFFT), fft_length long (default 2 (n - 1)). */
export const irfft = pythonFunction('irfft', ['input_tensor', 'fft_length=None', 'name=None'], 1, function irfft(input_tensor: TensorLike, options: FftLengthOptions = {}): Tensor { return realFftOp('IRFFT', 1, true, input_tensor, options.fft_length, options.name, 'irfft'); });
/** RFFT over the two innermost dims (RFFT2D). */
export const rfft2d = pythonFunction('rfft2d', ['input_tensor', 'fft_length=None', 'name=None'], 1, function rfft2d(input_tensor: TensorLike, options: FftLengthOptions = {}): Tensor { return realFftOp('RFFT2D', 2, false, input_tensor, options.fft_length, options.name, 'rfft2d'); });
/** IRFFT over the two innermost dims (IRFFT2D). */
export const irfft2d = pythonFunction('irfft2d', ['input_tensor', 'fft_length=None', 'name=None'], 1, function irfft2d(input_tensor: TensorLike, options: FftLengthOptions = {}): Tensor { return realFftOp('IRFFT2D', 2, true, input_tensor, options.fft_length, options.name, 'irfft2d'); });
/** RFFT over the three innermost dims (RFFT3D). */
export const rfft3d = pythonFunction('rfft3d', ['input_tensor', 'fft_length=None', 'name=None'], 1, function rfft3d(input_tensor: TensorLike, options: FftLengthOptions = {}): Tensor { return realFftOp('RFFT3D', 3, false, input_tensor, options.fft_length, options.name, 'rfft3d'); });
/** IRFFT over the three innermost dims (IRFFT3D). */
export const irfft3d = pythonFunction('irfft3d', ['input_tensor', 'fft_length=None', 'name=None'], 1, function irfft3d(input_tensor: TensorLike, options: FftLengthOptions = {}): Tensor { return realFftOp('IRFFT3D', 3, true, input_tensor, options.fft_length, options.name, 'irfft3d'); });
