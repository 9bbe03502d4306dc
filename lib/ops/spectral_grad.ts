/**
 * Gradients of the FFT ops (TF's spectral_grad): the transform's adjoint, i.e. the inverse transform times
 * the transformed size (or the forward transform over the size, for the inverse ops).
 */
import { Tensor, registerGradient } from '../framework/graph';
import { OpType } from '../framework/op_types';
import { getitem, shape } from './array_ops';
import { cast, multiply, reduce_prod, truediv } from './math_ops';
import { fft, fft2d, fft3d, ifft, ifft2d, ifft3d } from './spectral_ops';

/** The number of elements the transform of `rank` innermost dims covers (TF's _FFTSizeForGrad). */
const fftSize = (grad: Tensor, rank: number) => reduce_prod(getitem(shape(grad), { start: -rank }));

const PAIRS: readonly [OpType, OpType, (x: Tensor) => Tensor, (x: Tensor) => Tensor, number][] = [
  ['FFT', 'IFFT', fft, ifft, 1], ['FFT2D', 'IFFT2D', fft2d, ifft2d, 2], ['FFT3D', 'IFFT3D', fft3d, ifft3d, 3],
];

for (const [forward, inverse, forwardFn, inverseFn, rank] of PAIRS) {
  registerGradient(forward, (_op, [grad]) => [multiply(inverseFn(grad!), cast(fftSize(grad!, rank), grad!.dtype))]);
  registerGradient(inverse, (_op, [grad]) => {
    const rsize = cast(truediv(1, cast(fftSize(grad!, rank), grad!.dtype.real_dtype)), grad!.dtype);
    return [multiply(forwardFn(grad!), rsize)];
  });
}
