/**
 * Gradients of the FFT ops (TF's spectral_grad): the transform's adjoint, i.e. the inverse transform times
 * the transformed size (or the forward transform over the size, for the inverse ops); for the real FFTs, the
 * other transform with TF's corrections for the half spectrum.
 */
import { Tensor, registerGradient } from '../framework/graph';
import { OpType } from '../framework/op_types';
import { NDArray } from '../framework/ndarray';
import { complex64, float32, int32 } from '../framework/dtypes';
import { concat, constant, expand_dims, getitem, ones, rank, reshape, shape, stack, tile, transpose } from './array_ops';
import { add, cast, conj, exp, floormod, matmul, multiply, range, real, reciprocal, reduce_prod, subtract, truediv } from './math_ops';
import { fft, fft2d, fft3d, ifft, ifft2d, ifft3d, irfft, irfft2d, rfft, rfft2d } from './spectral_ops';

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

// ---- RFFT / IRFFT (TF's _rfft_grad_helper and _irfft_grad_helper; TF registers none for the 3-D ones) ----

/** 1, -1, 1, -1 ... as complex64, `length` long (TF's _ymask). */
const ymask = (length: Tensor) => cast(subtract(1, multiply(2, floormod(range(length), 2))), complex64);

/** exp(-2πi·a·b / n) over a, b in [0, n) (TF's _mask_matrix). */
function maskMatrix(length: Tensor): Tensor {
  const a = tile(expand_dims(range(length), 0), stack([length, 1]));
  const b = transpose(a, [1, 0]);
  const minusTwoPiI = constant(new NDArray(complex64, [], Float32Array.from([0, -2 * Math.PI])));
  return exp(truediv(multiply(minusTwoPiI, cast(multiply(a, b), complex64)), cast(length, complex64)));
}

/** `matrix` reshaped and tiled to the batch dims of `t` (TF's _tile_for_broadcasting). */
function tileForBroadcasting(matrix: Tensor, t: Tensor): Tensor {
  const expanded = reshape(matrix, concat([ones(stack([subtract(rank(t), 2)]), int32), shape(matrix)], 0));
  return tile(expanded, concat([getitem(shape(t), { stop: -2 }), [1, 1]], 0));
}

for (const [type, r, irfftFn] of [['RFFT', 1, irfft], ['RFFT2D', 2, irfft2d]] as const) {
  registerGradient(type, (op, [gradIn]) => {
    const grad = gradIn!;
    const fftLength = op.inputs[1];
    const inputShape = shape(op.inputs[0]);
    const isEven = cast(subtract(1, floormod(getitem(fftLength, -1), 2)), complex64);
    const y0 = getitem(grad, '...', { start: 0, stop: 1 });
    const ym = getitem(grad, '...', { start: -1 });
    let extraTerms: Tensor;
    if (r === 1) {
      extraTerms = add(y0, multiply(multiply(isEven, ym), ymask(getitem(inputShape, -1))));
    } else {
      const tiledMask = tileForBroadcasting(maskMatrix(getitem(inputShape, -2)), y0);
      const innerDim = getitem(inputShape, -1);
      let ymTerm = matmul(tiledMask, conj(ym));
      ymTerm = multiply(tile(ymTerm, concat([ones(stack([subtract(rank(grad), 1)]), int32), stack([innerDim])], 0)), ymask(innerDim));
      extraTerms = add(matmul(tiledMask, conj(y0)), multiply(isEven, ymTerm));
    }
    // The IRFFT of the gradient, scaled, plus the terms Hermitian symmetry dropped.
    const inputSize = cast(fftSize(op.inputs[0], r), float32);
    const theIrfft = irfftFn(grad, { fft_length: fftLength });
    return [multiply(0.5, add(multiply(theIrfft, inputSize), real(extraTerms))), null];
  });
}

for (const [type, r, rfftFn] of [['IRFFT', 1, rfft], ['IRFFT2D', 2, rfft2d]] as const) {
  registerGradient(type, (op, [gradIn]) => {
    const grad = gradIn!;
    const fftLength = op.inputs[1];
    const isOdd = floormod(getitem(fftLength, -1), 2);
    const inputLastDimension = getitem(shape(op.inputs[0]), -1);
    // [1, 2, ..., 2, 1] for an even length, [1, 2, ..., 2] for an odd one: the de-duplicated components count twice.
    const mask = concat([constant([1.0], { dtype: float32 }), multiply(2.0, ones(stack([add(subtract(inputLastDimension, 2), isOdd)]), float32)),
      ones(stack([subtract(1, isOdd)]), float32)], 0);
    const rsize = reciprocal(cast(fftSize(grad, r), float32));
    const theRfft = rfftFn(grad, { fft_length: fftLength });
    return [multiply(theRfft, cast(multiply(rsize, mask), complex64)), null];
  });
}
