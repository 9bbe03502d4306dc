/**
 * The `tf.signal` namespace (and its TF 1.15 twin `tf.spectral`): the FFT functions. Re-exports only.
 */
export { fft, ifft, fft2d, ifft2d, fft3d, ifft3d, rfft, irfft, rfft2d, irfft2d, rfft3d, irfft3d } from './ops/spectral_ops';
