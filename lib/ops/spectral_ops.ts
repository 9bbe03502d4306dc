/**
 * The FFT ops (TF's gen_spectral_ops): FFT, IFFT, FFT2D, IFFT2D, FFT3D and IFFT3D transform the innermost
 * 1, 2 or 3 dimensions of a complex64 or complex128 tensor; the inverse ones scale by 1/size.
 */
import { Tensor, registerOp } from '../framework/graph';
import { complex128, complex64 } from '../framework/dtypes';
import { pythonFunction } from '../framework/python_signature';
import { OpType } from '../framework/op_types';
import { TensorLike, checkDtype, convert_to_tensor, makeOp, opScope } from './op_builder';
import { dtypeOfInput } from './schema_util';
import { shapeError } from './shape_fns';

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
