// complex64/complex128 values and the ops on them (tf.complex, real, imag, conj, angle, abs, arithmetic,
// casts) and the FFT family, against numpy's values (as TF's math_ops_test and fft_ops_test check them),
// with their gradients finite-difference checked through real-valued wrappers.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '../../../lib';
import { checkGradient } from './gradient_check';
import { assertClose, run } from './helpers';

/** Interleaved re, im of a complex array. */
const pairs = (a: tf.NDArray) => Array.from(a.values);
const c64 = (re: number[] | number[][], im: number[] | number[][]) => tf.complex(tf.constant(re, { dtype: tf.float32 }), tf.constant(im, { dtype: tf.float32 }));
const c128 = (re: number[] | number[][] | number[][][], im: number[] | number[][] | number[][][]) => tf.complex(tf.constant(re, { dtype: tf.float64 }), tf.constant(im, { dtype: tf.float64 }));
/** A real-valued view of a complex tensor for the gradient checks: its real and imaginary parts side by side. */
const parts = (z: tf.Tensor) => tf.concat([tf.real(z), tf.imag(z)], -1);

describe('complex numbers', () => {
  beforeEach(() => tf.reset_default_graph());

  it('tf.complex builds Complex from converted parts, complex64 from float32 and complex128 from float64', () => {
    const z = tf.complex([1, 2], [3, 4]);
    assert.equal(z.op.type, 'Complex');
    assert.equal(z.op.name, 'Complex');
    assert.deepEqual(z.op.inputs.map((t) => t.name), ['real:0', 'imag:0']);
    assert.equal(z.dtype, tf.complex64);
    assert.equal(z.op.get_attr('Tout'), tf.complex64);
    assert.deepEqual(run(z).toArray(), [[1, 3], [2, 4]]);
    assert.equal(run(z).toString(), '[1.+3.j 2.+4.j]');
    assert.equal(c128([1], [2]).dtype, tf.complex128);
    // The parts broadcast against each other.
    assert.deepEqual(pairs(run(tf.complex(tf.constant([[1], [2]], { dtype: tf.float64 }), tf.constant([5, 6], { dtype: tf.float64 })))), [1, 5, 1, 6, 2, 5, 2, 6]);
    assert.throws(() => tf.complex(tf.constant([1], { dtype: tf.float32 }), tf.constant([1], { dtype: tf.float64 })), /real and imag have incorrect types: float32 float64/);
  });

  it('real, imag, conj and angle; a real input gives itself, zeros, itself and zeros', () => {
    const z = c64([3, 0, -1], [4, -2, 0]);
    const sess = new tf.Session();
    const re = tf.real(z), im = tf.imag(z), ang = tf.angle(z), cj = tf.conj(z);
    assert.deepEqual([re.op.type, im.op.type, ang.op.type, cj.op.type], ['Real', 'Imag', 'Angle', 'Conj']);
    assert.deepEqual([re.op.name, im.op.name, ang.op.name, cj.op.name], ['Real', 'Imag', 'Angle', 'Conj']);
    assert.equal(re.dtype, tf.float32);
    assert.equal(re.op.get_attr('Tout'), tf.float32);
    assert.deepEqual(sess.run(re).toArray(), [3, 0, -1]);
    assert.deepEqual(sess.run(im).toArray(), [4, -2, 0]);
    assertClose(Array.from(sess.run(ang).values), [Math.atan2(4, 3), -Math.PI / 2, Math.PI], 1e-6);
    assert.deepEqual(pairs(sess.run(cj)), [3, -4, 0, 2, -1, -0]);
    const x = tf.constant([1, -2], { dtype: tf.float32 });
    assert.equal(tf.real(x), x);
    assert.equal(tf.conj(x), x);
    assert.deepEqual(sess.run(tf.imag(x)).toArray(), [0, 0]);
    assert.deepEqual(sess.run(tf.angle(x)).toArray(), [0, 0]);
    assert.equal(tf.math.real, tf.real);
    assert.throws(() => tf.conj(tf.constant(['a'])), /Expected numeric or variant tensor, got dtype <dtype: 'string'>/);
    sess.close();
  });

  it('abs of a complex tensor is ComplexAbs named Abs, in the real dtype', () => {
    const a = tf.abs(c128([3, 0], [4, -2]));
    assert.equal(a.op.type, 'ComplexAbs');
    assert.equal(a.op.name, 'Abs');
    assert.equal(a.dtype, tf.float64);
    assert.deepEqual(run(a).toArray(), [5, 2]);
    assert.equal(tf.abs(tf.constant([-1])).op.type, 'Abs');
  });

  it('adds, subtracts, multiplies and divides complex tensors with broadcasting, and reduces them', () => {
    const w = c128([1, 3], [2, -1]), v = c128([[0.5], [2]], [[-1], [0]]);
    const sess = new tf.Session();
    assertClose(pairs(sess.run(tf.multiply(w, v))), [2.5, 0, 0.5, -3.5, 2, 4, 6, -2], 1e-12);
    assertClose(pairs(sess.run(tf.divide(w, v))), [-1.2, 1.6, 2, 2, 0.5, 1, 1.5, -0.5], 1e-12);
    assertClose(pairs(sess.run(tf.subtract(w, v))), [0.5, 3, 2.5, 0, -1, 2, 1, -1], 1e-12);
    assert.deepEqual(pairs(sess.run(tf.add(w, w))), [2, 4, 6, -2]);
    assert.deepEqual(pairs(sess.run(tf.negative(w))), [-1, -2, -3, 1]);
    assert.deepEqual(pairs(sess.run(tf.square(w))), [-3, 4, 8, -6]);
    assert.deepEqual(pairs(sess.run(tf.reduce_sum(tf.multiply(w, v), 0))), [4.5, 4, 6.5, -5.5]);
    assert.deepEqual(pairs(sess.run(tf.reduce_mean(w))), [2, 0.5]);
    assert.deepEqual(sess.run(tf.equal(w, c128([1, 3], [2, 1]))).toArray(), [true, false]);
    assert.throws(() => sess.run(tf.floor(w)), /Floor is not implemented here for complex128/);
    sess.close();
  });

  it('casts between complex dtypes keep the imaginary parts; to a real dtype they are dropped', () => {
    const z = c64([1.5, -2], [0.25, 3]);
    const wide = tf.to_complex128(z);
    assert.equal(wide.op.type, 'Cast');
    assert.equal(wide.op.name, 'ToComplex128');
    assert.equal(wide.dtype, tf.complex128);
    assert.deepEqual(pairs(run(wide)), [1.5, 0.25, -2, 3]);
    assert.deepEqual(run(tf.cast(z, tf.float32)).toArray(), [1.5, -2]);
    const fromReal = tf.to_complex64(tf.constant([1, 2], { dtype: tf.int32 }));
    assert.equal(fromReal.op.name, 'ToComplex64');
    assert.deepEqual(pairs(run(fromReal)), [1, 0, 2, 0]);
  });

  it('complex variables go through a V2 checkpoint and complex constants through a GraphDef', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'complex-'));
    try {
      const v = tf.Variable(c128([1.5, 2], [-1, 3]), { name: 'z' });
      const saver = new tf.train.Saver();
      const sess = new tf.Session();
      sess.run(tf.global_variables_initializer());
      const prefix = saver.save(sess, path.join(dir, 'model'));
      sess.run(v.assign(tf.zeros_like(v)));
      saver.restore(sess, prefix!);
      assert.deepEqual(pairs(sess.run(v)), [1.5, -1, 2, 3]);
      sess.close();
      assert.deepEqual(pairs(tf.train.NewCheckpointReader(prefix!).get_tensor('z')), [1.5, -1, 2, 3]);
    } finally { fs.rmSync(dir, { recursive: true, force: true }); }
    tf.reset_default_graph();
    tf.constant(new tf.NDArray(tf.complex64, [2], Float32Array.from([1, 2, -3, 0.5])), { name: 'c' });
    const graphDef = tf.get_default_graph().as_graph_def();
    tf.reset_default_graph();
    tf.import_graph_def(graphDef, { name: '' });
    const c = tf.get_default_graph().get_tensor_by_name('c:0');
    assert.equal(c.dtype, tf.complex64);
    assert.deepEqual(pairs(run(c)), [1, 2, -3, 0.5]);
  });

  it('matmul of complex matrices: transposes, adjoints (conjugating, as TF builds them) and batches', () => {
    const a = c128([[1, 3], [0, 2]], [[2, -1], [0.5, 0]]), b = c128([[2, 1], [0, -1]], [[-1, 0], [1, 1]]);
    const sess = new tf.Session();
    assertClose(pairs(sess.run(tf.matmul(a, b))), [5, 6, -1, 6, 0.5, 3, -2, 2.5], 1e-12);
    const adj = tf.matmul(a, b, { adjoint_a: true });
    assert.equal(adj.op.inputs[0].op.type, 'Conj');
    assert.equal(adj.op.get_attr('transpose_a'), true);
    assertClose(pairs(sess.run(adj)), [0.5, -5, 1.5, -1.5, 7, 1, 1, 3], 1e-12);
    assertClose(pairs(sess.run(tf.matmul(a, b, { transpose_b: true }))), [7, 2, -4, 5, 2.5, 1, -2.5, 2], 1e-12);
    // Batched: BatchMatMulV2's adjoints conjugate; a transpose conjugates first to undo that.
    const batchA = tf.stack([a, a]), batchB = tf.stack([b, b]);
    const batched = tf.matmul(batchA, batchB, { transpose_a: true, adjoint_b: true });
    assert.equal(batched.op.type, 'BatchMatMulV2');
    assert.equal(batched.op.inputs[0].op.type, 'Conj');
    assertClose(pairs(sess.run(batched)), [0, 5.5, 2.5, -1.5, 9, 1, -3, -5, 0, 5.5, 2.5, -1.5, 9, 1, -3, -5], 1e-12);
    // transpose(conjugate=True) of a complex tensor is ConjugateTranspose; tf.linalg.adjoint builds on it.
    const h = tf.linalg.adjoint(a);
    assert.equal(h.op.type, 'ConjugateTranspose');
    assert.deepEqual(pairs(sess.run(h)), [1, -2, 0, -0.5, 3, 1, 2, -0]);
    assert.equal(tf.transpose(tf.constant([[1, 2]]), null, { conjugate: true }).op.type, 'Transpose');
    sess.close();
    checkGradient((x, y) => parts(tf.matmul(tf.complex(x, y), tf.complex(y, x), { adjoint_b: true })), [{ shape: [2, 2] }, { shape: [2, 2] }], 88);
    checkGradient((x, y) => parts(tf.matmul(tf.complex(x, y), tf.complex(y, x), { transpose_a: true })), [{ shape: [2, 2, 2] }, { shape: [2, 2, 2] }], 89);
    checkGradient((x, y) => parts(tf.transpose(tf.complex(x, y), [1, 0], { conjugate: true })), [{ shape: [2, 3] }, { shape: [2, 3] }], 80);
  });

  it('has the gradients of Complex, Real, Imag, Conj, Angle, ComplexAbs and complex Mul/RealDiv (conjugated)', () => {
    checkGradient((x, y) => parts(tf.multiply(tf.complex(x, y), tf.complex(y, tf.square(x)))), [{ shape: [2, 3] }, { shape: [2, 3] }], 81);
    checkGradient((x, y) => parts(tf.multiply(tf.complex(x, y), tf.complex(tf.constant([[1.5], [-0.5]], { dtype: tf.float64 }), y))), [{ shape: [2, 3] }, { shape: [2, 3] }], 82);
    checkGradient((x, y) => parts(tf.divide(tf.complex(x, y), tf.complex(y, x))), [{ shape: [3] }, { shape: [3], domain: 'awayFromZero' }], 83);
    checkGradient((x, y) => parts(tf.conj(tf.complex(x, y))), [{ shape: [3] }, { shape: [3] }], 84);
    checkGradient((x, y) => tf.angle(tf.complex(x, y)), [{ shape: [3], domain: 'awayFromZero' }, { shape: [3] }], 85);
    checkGradient((x, y) => tf.abs(tf.complex(x, y)), [{ shape: [3], domain: 'awayFromZero' }, { shape: [3] }], 86);
    // Broadcast parts sum their gradients back to their shapes.
    checkGradient((x, y) => parts(tf.complex(x, y)), [{ shape: [2, 3] }, { shape: [3] }], 87);
  });
});

describe('FFT ops', () => {
  beforeEach(() => tf.reset_default_graph());
  const re = [[1, 2, 3], [4, 5, 6]], im = [[0.5, 0, -1], [2, -2, 1]];

  it('fft / ifft over the innermost dimension, as numpy.fft (a length that is no power of two)', () => {
    const z = c64(re, im);
    const f = tf.fft(z);
    assert.equal(f.op.type, 'FFT');
    assert.equal(f.op.name, 'FFT');
    assert.equal(f.op.get_attr('Tcomplex'), tf.complex64);
    assertClose(pairs(run(f)), [6, -0.5, -0.6339745962, 1.866025404, -2.366025404, 0.1339745962, 15, 1, -4.098076211, 3.366025404, 1.098076211, 1.633974596], 1e-5);
    assertClose(pairs(run(tf.ifft(c128(re, im)))), [2, -0.1666666667, -0.7886751346, 0.04465819874, -0.2113248654, 0.6220084679, 5, 0.3333333333, 0.3660254038, 0.5446581987, -1.366025404, 1.122008468], 1e-9);
    // Radix-2 lengths: the transform of the transform comes back.
    const x = c128([1, 2, 3, 4, 5, 6, 7, 8], [0, 1, 0, -1, 2, 0, 0, 3]);
    assertClose(pairs(run(tf.signal.ifft(tf.signal.fft(x)))), [1, 0, 2, 1, 3, 0, 4, -1, 5, 2, 6, 0, 7, 0, 8, 3], 1e-12);
    assertClose(pairs(run(tf.spectral.fft(c128([1, 0, 0, 0], [0, 0, 0, 0])))), [1, 0, 1, 0, 1, 0, 1, 0], 1e-12);
  });

  it('fft2d / ifft2d and fft3d / ifft3d, as numpy.fft.fft2 and fftn', () => {
    assertClose(pairs(run(tf.fft2d(c128(re, im)))), [21, 0.5, -4.732050808, 5.232050808, -1.267949192, 1.767949192, -9, -1.5, 3.464101615, -1.5, -3.464101615, -1.5], 1e-9);
    assertClose(pairs(run(tf.ifft2d(c128(re, im)))), [3.5, 0.08333333333, -0.2113248654, 0.2946581987, -0.7886751346, 0.8720084679, -1.5, -0.25, -0.5773502692, -0.25, 0.5773502692, -0.25], 1e-9);
    const r3 = [[[0, 1], [2, 3], [4, 5]], [[6, 7], [8, 9], [10, 11]]];
    const i3 = [[[0, 1], [2, 3], [4, 0]], [[1, 2], [3, 4], [0, 1]]];
    assertClose(pairs(run(tf.fft3d(c128(r3, i3)))), [66, 21, -6, -1, -5.937822174, 2.42820323, -4.330127019, -2.5, -18.06217783, -11.42820323, 4.330127019, -2.5,
      -36, -1, 0, 5, -4.330127019, -2.5, -4.330127019, -2.5, 4.330127019, -2.5, 4.330127019, -2.5], 1e-9);
    assertClose(pairs(run(tf.ifft3d(c128(r3, i3)))), [5.5, 1.75, -0.5, -0.08333333333, -1.505181486, -0.9523502692, 0.3608439182, -0.2083333333, -0.4948185145, 0.2023502692, -0.3608439182, -0.2083333333,
      -3, -0.08333333333, 0, 0.4166666667, 0.3608439182, -0.2083333333, 0.3608439182, -0.2083333333, -0.3608439182, -0.2083333333, -0.3608439182, -0.2083333333], 1e-9);
  });

  it('raises TF\'s errors for a low rank or a real input', () => {
    assert.throws(() => tf.fft(tf.complex(1, 2)), /Shape must be at least rank 1 but is rank 0 for 'FFT' \(op: 'FFT'\)/);
    assert.throws(() => tf.fft2d(c64([1, 2], [0, 0])), /Shape must be at least rank 2 but is rank 1/);
    assert.throws(() => tf.fft3d(c64([[1, 2]], [[0, 0]])), /Shape must be at least rank 3 but is rank 2/);
    assert.throws(() => tf.fft(tf.constant([1, 2], { dtype: tf.float32 })), /Value passed to parameter 'input' has DataType float32 not in list of allowed values: complex64, complex128/);
  });

  it('has the gradients of all six transforms', () => {
    const ops = [tf.fft, tf.ifft, tf.fft2d, tf.ifft2d, tf.fft3d, tf.ifft3d];
    ops.forEach((f, k) => checkGradient((x, y) => parts(f(tf.complex(x, y))), [{ shape: [2, 3, 2] }, { shape: [2, 3, 2] }], 90 + k));
  });

  const x = [[1, 2, 3, 4, 5], [0, -1, 2, 0.5, 3]];

  it('rfft / irfft (and 2-D, 3-D) between float32 signals and complex64 half spectra, as numpy.fft.rfft / irfft', () => {
    const f = tf.signal.rfft(x);
    assert.equal(f.op.type, 'RFFT');
    assert.equal(f.op.name, 'rfft');
    assert.equal(f.dtype, tf.complex64);
    assert.equal(f.shape.toString(), '(2, 3)');
    assertClose(pairs(run(f)), [15, 0, -2.5, 3.4409548, -2.5, 0.81229924, 4.5, 0, -1.4045085, 2.9225482, -0.8454915, 3.7777258], 1e-5);
    // A longer fft_length zero-pads the signal first (rfft/Pad), as TF's wrapper does.
    const padded = tf.spectral.rfft(x, { fft_length: [8] });
    assert.ok(tf.get_default_graph().get_operations().some((o) => o.name === 'rfft_1/Pad'));
    assertClose(pairs(run(padded)), [15, 0, -5.4142136, -7.2426407, 3, 2, -2.5857864, -1.2426407, 3, 0, 4.5, 0, -4.0606602, -1.6464466, 1, 1.5, -1.9393398, 2.3535534, 5.5, 0], 1e-5);
    assertClose(pairs(run(tf.signal.rfft2d(x))), [19.5, 0, -3.9045085, 6.363503, -3.3454915, 4.590025, 10.5, 0, -1.0954915, 0.51840661, -1.6545085, -2.9654265], 1e-5);
    const x3 = [[[0, 1], [2, 3], [4, 5]], [[6, 7], [8, 9], [10, 11]]];
    assertClose(pairs(run(tf.signal.rfft3d(x3))), [66, 0, -6, 0, -12, 6.9282032, 0, 0, -12, -6.9282032, 0, 0, -36, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 1e-5);
    // The inverse: the default length is 2 (n - 1); the signal's own length brings it back.
    const back = tf.signal.irfft(f);
    assert.equal(back.dtype, tf.float32);
    assert.equal(back.shape.toString(), '(2, 4)');
    assertClose(Array.from(run(back).values), [1.875, 2.6545226, 4.375, 6.0954774, 0.21137288, -0.12490122, 1.61588137, 2.79764697], 1e-5);
    assertClose(Array.from(run(tf.signal.irfft(f, { fft_length: [5] })).values), x.flat(), 1e-5);
    assertClose(Array.from(run(tf.signal.irfft2d(tf.signal.rfft2d(x), { fft_length: [2, 5] })).values), x.flat(), 1e-5);
    assertClose(Array.from(run(tf.signal.irfft3d(tf.signal.rfft3d(x3), { fft_length: [2, 3, 2] })).values), x3.flat(2), 1e-5);
    assert.throws(() => tf.signal.rfft(x, { fft_length: [4, 4] }), /Dimension must be 1 but is 2/);
    assert.throws(() => tf.signal.rfft2d([1, 2]), /must have rank at least 2/);
  });

  it('has the gradients of RFFT, IRFFT, RFFT2D and IRFFT2D: the adjoints of these linear maps (<f(x), w> = <x, ∇>)', () => {
    const sess = new tf.Session();
    const dot = (a: tf.NDArray, b: tf.NDArray) => Array.from(a.values).reduce((acc, v, i) => acc + v * b.values[i], 0);
    const cases: [(t: tf.Tensor) => tf.Tensor, number[], boolean][] = [
      [(t) => tf.signal.rfft(t), [2, 5], false], [(t) => tf.signal.rfft(t), [3, 6], false], [(t) => tf.signal.rfft2d(t), [2, 3, 4], false],
      [(t) => tf.signal.rfft2d(t), [3, 5], false],
      [(t) => tf.signal.irfft(t, { fft_length: [6] }), [2, 4], true], [(t) => tf.signal.irfft(t, { fft_length: [5] }), [2, 3], true],
      [(t) => tf.signal.irfft2d(t, { fft_length: [3, 4] }), [2, 3, 3], true], [(t) => tf.signal.irfft2d(t, { fft_length: [2, 5] }), [2, 3], true],
    ];
    let seed = 7;
    const random = (n: number) => Float32Array.from({ length: n }, () => { seed = (seed * 16807) % 2147483647; return seed / 2147483647 - 0.5; });
    for (const [f, shape, complexInput] of cases) {
      tf.reset_default_graph();
      const n = shape.reduce((p, d) => p * d, 1);
      const input = complexInput ? tf.placeholder(tf.complex64, shape) : tf.placeholder(tf.float32, shape);
      const y = f(input);
      const w = new tf.NDArray(y.dtype, y.shape.toNumbers(), random(y.dtype.is_complex ? 2 * y.shape.num_elements()! : y.shape.num_elements()!));
      const wT = tf.constant(w);
      const scalar = y.dtype.is_complex ? tf.reduce_sum(tf.add(tf.multiply(tf.real(y), tf.real(wT)), tf.multiply(tf.imag(y), tf.imag(wT)))) : tf.reduce_sum(tf.multiply(y, wT));
      const [g] = tf.gradients(scalar, input);
      const xv = new tf.NDArray(input.dtype, shape, random(complexInput ? 2 * n : n));
      const s2 = new tf.Session();
      const [yv, gv] = s2.run([y, g as tf.Tensor], new Map([[input, xv]]));
      s2.close();
      // The interleaved re, im pairs make these dot products the real inner products of the complex values.
      assertClose([dot(xv, gv)], [dot(yv, w)], 1e-4);
      assert.deepEqual(gv.shape, shape);
    }
    sess.close();
  });
});

