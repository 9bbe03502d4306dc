// Small TF 1.15 names: tf.errors' code <-> class lookups, tf.nn.atrous_conv2d_transpose, tf.sparse_matmul,
// tf.guarantee_const, tf.container and tf.get_logger, restating TF's own tests (errors_test,
// atrous_conv2d_test, sparse_matmul_op_test, Graph.container's tests) with values worked out here.
import assert from 'node:assert/strict';
import * as tf from '../../../lib';
import { assertClose, run } from './helpers';

const f32 = (v: ArrayLike<number>, shape: number[]) => tf.constant(Array.from(v), { dtype: tf.float32, shape });
const iota = (shape: number[]) => Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => i);

describe('small TF 1.15 names', () => {
  beforeEach(() => tf.reset_default_graph());

  it('tf.errors: every canonical code, every class, and the two lookups between them', () => {
    const codes = ['OK', 'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND', 'ALREADY_EXISTS', 'PERMISSION_DENIED',
      'RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION', 'ABORTED', 'OUT_OF_RANGE', 'UNIMPLEMENTED', 'INTERNAL', 'UNAVAILABLE', 'DATA_LOSS', 'UNAUTHENTICATED'] as const;
    codes.forEach((name, code) => assert.equal(tf.errors[name], code, name));
    const classes = [tf.errors.CancelledError, tf.errors.UnknownError, tf.errors.InvalidArgumentError, tf.errors.DeadlineExceededError,
      tf.errors.NotFoundError, tf.errors.AlreadyExistsError, tf.errors.PermissionDeniedError, tf.errors.ResourceExhaustedError,
      tf.errors.FailedPreconditionError, tf.errors.AbortedError, tf.errors.OutOfRangeError, tf.errors.UnimplementedError,
      tf.errors.InternalError, tf.errors.UnavailableError, tf.errors.DataLossError, tf.errors.UnauthenticatedError];
    // As TF's errors_test: each code maps to its class and back, and an instance carries the code.
    classes.forEach((cls, i) => {
      const code = i + 1;
      assert.equal(tf.errors.exception_type_from_error_code(code), cls);
      assert.equal(tf.errors.error_code_from_exception_type(cls), code);
      const e = new cls(null, null, 'message');
      assert.ok(e instanceof tf.errors.OpError);
      assert.equal(e.error_code, code);
      assert.equal(e.name, cls.name);
    });
    assert.equal(tf.errors.exception_type_from_error_code({ error_code: 5 }), tf.errors.NotFoundError);
    assert.equal(tf.errors.error_code_from_exception_type({ cls: tf.errors.AbortedError }), tf.errors.ABORTED);
    // TF's KeyError for a code with no class (OK has none), and its UnknownError stand-in for another class.
    assert.throws(() => tf.errors.exception_type_from_error_code(0), (e: Error) => e.name === 'LookupError' && e.message === '0');
    assert.throws(() => tf.errors.exception_type_from_error_code(17), /17/);
    // Python's warnings.warn is Node's process.emitWarning here: captured so the message can be checked.
    const warnings: string[] = [];
    const emitWarning = process.emitWarning;
    process.emitWarning = ((warning: string | Error) => { warnings.push(String(warning)); }) as typeof process.emitWarning;
    try {
      const unknown = tf.errors.error_code_from_exception_type(RangeError);
      assert.ok(unknown instanceof tf.errors.UnknownError);
      assert.equal((unknown as InstanceType<typeof tf.errors.UnknownError>).message, 'Unknown class exception');
    } finally {
      process.emitWarning = emitWarning;
    }
    assert.deepEqual(warnings, ['Unknown class exception']);
  });

  it('atrous_conv2d_transpose: conv2d_transpose with the filter upsampled by the rate (as TF\'s atrous_conv2d_test)', () => {
    // f_up holds f's taps `rate` apart, zeros between.
    const upsample = (f: number[], [kh, kw, o, i]: number[], rate: number): [number[], number[]] => {
      const uh = kh + (kh - 1) * (rate - 1), uw = kw + (kw - 1) * (rate - 1);
      const out = new Array<number>(uh * uw * o * i).fill(0);
      for (let a = 0; a < kh; a++) for (let b = 0; b < kw; b++) for (let c = 0; c < o * i; c++) {
        out[((a * rate) * uw + b * rate) * o * i + c] = f[(a * kw + b) * o * i + c];
      }
      return [out, [uh, uw, o, i]];
    };
    const sess = new tf.Session();
    try {
      for (const height of [4, 5]) for (const width of [4, 5]) for (const kh of [1, 2, 3]) for (const kw of [1, 3]) for (const rate of [1, 2, 3]) {
        for (const padding of ['SAME', 'VALID'] as const) {
          const xShape = [2, height, width, 2], fShape = [kh, kw, 2, 2];
          const x = f32(iota(xShape), xShape), f = iota(fShape);
          const [fUp, upShape] = upsample(f, fShape, rate);
          const yShape = padding === 'SAME' ? [2, height, width, 2] : [2, height + upShape[0] - 1, width + upShape[1] - 1, 2];
          const y1 = tf.nn.atrous_conv2d_transpose(x, f32(f, fShape), yShape, rate, padding);
          const y2 = tf.nn.conv2d_transpose(x, f32(fUp, upShape), yShape, { strides: [1, 1, 1, 1], padding });
          const [v1, v2] = sess.run([y1, y2]) as tf.NDArray[];
          assert.deepEqual(v1.shape, yShape);
          assertClose(v1.values, v2.values, 1e-5);
        }
      }
    } finally { sess.close(); }
    tf.reset_default_graph();
    const y = tf.nn.atrous_conv2d_transpose(f32(iota([1, 3, 3, 1]), [1, 3, 3, 1]), f32([1, 1, 1, 1], [2, 2, 1, 1]), [1, 3, 3, 1], 2, 'SAME');
    // TF's graph: SpaceToBatchND, a VALID Conv2DBackpropInput, BatchToSpace (TF 1.15's batch_to_space) under the scope.
    assert.equal(y.op.type, 'BatchToSpace');
    assert.ok(y.op.name.startsWith('atrous_conv2d_transpose/'));
    assert.equal(y.op.inputs[0].op.type, 'Conv2DBackpropInput');
    assert.equal(y.op.inputs[0].op.get_attr('padding'), 'VALID');
    assert.equal(y.op.inputs[0].op.inputs[2].op.type, 'SpaceToBatchND');
    const bad = f32(iota([1, 3, 3, 2]), [1, 3, 3, 2]);
    assert.throws(() => tf.nn.atrous_conv2d_transpose(bad, f32([1, 1, 1, 1], [2, 2, 1, 1]), [1, 3, 3, 1], 2, 'SAME'), /value's input channels does not match filters' input channels, 2 != 1/);
    assert.throws(() => tf.nn.atrous_conv2d_transpose(f32(iota([1, 3, 3, 1]), [1, 3, 3, 1]), f32([1, 1, 1, 1], [2, 2, 1, 1]), [1, 3, 3, 1], 0, 'SAME'), /rate 0 cannot be less than one/);
    assert.throws(() => tf.nn.atrous_conv2d_transpose(f32(iota([1, 3, 3, 1]), [1, 3, 3, 1]), f32([1, 1, 1, 1], [2, 2, 1, 1]), [1, 3, 3, 2], 2, 'SAME'), /output_shape does not match filter's output channels, 2 != 1/);
  });

  it('sparse_matmul: SparseMatMul with the sparsity hints, MatMul\'s values, float32 out; its gradient as TF\'s', () => {
    // Mostly-zero matrices, as sparse_matmul_op_test builds them.
    const aV = [0, 2, 0, 0, 0, 3, 1, 0, 0, 0, 0, 4], bV = [1, 0, 0, 0, 5, 0, 0, 0, 2, 0, 3, 0];
    const a = f32(aV, [3, 4]), b = f32(bV, [4, 3]);
    const s = tf.sparse_matmul(a, b, { a_is_sparse: true });
    assert.equal(s.op.type, 'SparseMatMul');
    assert.equal(s.op.name, 'SparseMatMul');
    assert.equal(s.op.get_attr('a_is_sparse'), true);
    assert.equal(s.op.get_attr('b_is_sparse'), false);
    assert.equal(s.dtype, tf.float32);
    assert.equal(s.shape.toString(), '(3, 3)');
    const sess = new tf.Session();
    try {
      for (const ta of [false, true]) for (const tb of [false, true]) for (const sa of [false, true]) for (const sb of [false, true]) {
        const x = ta ? tf.transpose(a) : a, y = tb ? tf.transpose(b) : b;
        const got = tf.sparse_matmul(x, y, { transpose_a: ta, transpose_b: tb, a_is_sparse: sa, b_is_sparse: sb });
        const want = tf.matmul(a, b);
        const [g, w] = sess.run([got, want]) as tf.NDArray[];
        assert.deepEqual(g.toArray(), w.toArray());
        // The gradients are MatMul's.
        const [ga, gb] = tf.gradients(tf.reduce_sum(tf.square(got)), [x, y]) as tf.Tensor[];
        const mm = tf.matmul(x, y, { transpose_a: ta, transpose_b: tb });
        const [wa, wb] = tf.gradients(tf.reduce_sum(tf.square(mm)), [x, y]) as tf.Tensor[];
        const [vga, vgb, vwa, vwb] = sess.run([ga, gb, wa, wb]) as tf.NDArray[];
        assertClose(vga.values, vwa.values);
        assertClose(vgb.values, vwb.values);
      }
    } finally { sess.close(); }
    // As TF's matmul: a sparsity hint on float32 inputs builds SparseMatMul named after matmul's scope.
    const m = tf.matmul(a, b, { b_is_sparse: true });
    assert.equal(m.op.type, 'SparseMatMul');
    assert.match(m.op.name, /^MatMul_\d+$/);
    assert.equal(m.op.get_attr('b_is_sparse'), true);
    assert.equal(tf.matmul(tf.cast(a, tf.float64), tf.cast(b, tf.float64), { a_is_sparse: true }).op.type, 'MatMul');
    // The gradient of a hinted product keeps the hint on the input it multiplies with.
    const [gb] = tf.gradients(tf.reduce_sum(tf.sparse_matmul(a, b, { a_is_sparse: true })), [b]) as tf.Tensor[];
    assert.equal(gb.op.type, 'SparseMatMul');
    assert.equal(gb.op.get_attr('a_is_sparse'), true);
    assert.equal(gb.op.get_attr('transpose_a'), true);
    assert.deepEqual(run(gb).toArray(), [[0, 0, 0], [5, 5, 5], [1, 1, 1], [4, 4, 4]]);
    // TF's heuristic: a gradient coming out of ReluGrad counts as sparse.
    const [gr] = tf.gradients(tf.reduce_sum(tf.nn.relu(tf.sparse_matmul(a, b))), [b]) as tf.Tensor[];
    assert.equal(gr.op.type, 'SparseMatMul');
    assert.equal(gr.op.get_attr('a_is_sparse'), false);
    assert.equal(gr.op.get_attr('b_is_sparse'), true);
    assert.throws(() => tf.sparse_matmul(tf.constant([[1]], { dtype: tf.int32 }), a), /Value passed to parameter 'Ta' has DataType int32 not in list of allowed values: float32, bfloat16/);
    assert.throws(() => tf.sparse_matmul(a, a), /Dimensions must be equal, but are 4 and 3 for 'SparseMatMul_\d+' \(op: 'SparseMatMul'\)/);
  });

  it('guarantee_const: GuaranteeConst passes its input through; TF defines no gradient for it', () => {
    const x = f32([1, 2, 3], [3]);
    const g = tf.guarantee_const(x);
    assert.equal(g.op.type, 'GuaranteeConst');
    assert.equal(g.op.name, 'GuaranteeConst');
    assert.equal(g.shape.toString(), '(3,)');
    assert.equal(g.dtype, tf.float32);
    assert.deepEqual(run(g).toArray(), [1, 2, 3]);
    assert.equal(tf.guarantee_const({ input: x, name: 'c' }).op.name, 'c');
    assert.throws(() => tf.gradients(tf.reduce_sum(g), x), /No gradient defined for operation 'GuaranteeConst' \(op type: GuaranteeConst\)/);
  });

  it('container: stateful ops built inside get the container attr (as TF\'s Graph.container test)', () => {
    const a = tf.Variable(1.0, { name: 'a' });
    const [b, c] = tf.container('a1', () => {
      const inner = tf.Variable(2.0, { name: 'b' });
      const nested = tf.container('a2', () => tf.Variable(3.0, { name: 'c' }));
      return [inner, nested];
    });
    const d = tf.Variable(4.0, { name: 'd' });
    assert.equal(a.op.get_attr('container'), '');
    assert.equal(b.op.get_attr('container'), 'a1');
    assert.equal(c.op.get_attr('container'), 'a2');
    assert.equal(d.op.get_attr('container'), '');
    // Ops without a container attr, or not stateful, are untouched; the handle form is left with exit().
    const scope = tf.container('q');
    const q = tf.FIFOQueue(2, [tf.float32]);
    const sum = tf.add(1, 2);
    scope.exit();
    assert.equal(q.queue_ref.op.get_attr('container'), 'q');
    assert.equal(sum.op.node_def.attr.has('container'), false);
    assert.equal(tf.Variable(0, { name: 'e' }).op.get_attr('container'), '');
    const sess = new tf.Session();
    try {
      sess.run(tf.global_variables_initializer());
      assert.equal(sess.run(b.value()).values[0], 2);
    } finally { sess.close(); }
  });

  it('get_logger: the tensorflow logger, its level the tf.logging verbosity', () => {
    const logger = tf.get_logger();
    assert.equal(logger, tf.get_logger());
    assert.equal(logger.name, 'tensorflow');
    const before = tf.logging.get_verbosity();
    try {
      tf.logging.set_verbosity(tf.logging.INFO);
      assert.equal(logger.level, tf.logging.INFO);
      assert.equal(logger.getEffectiveLevel(), tf.logging.INFO);
      logger.setLevel(tf.logging.ERROR);
      assert.equal(tf.logging.get_verbosity(), tf.logging.ERROR);
      assert.equal(logger.isEnabledFor(tf.logging.WARN), false);
      assert.equal(logger.isEnabledFor(tf.logging.FATAL), true);
    } finally { tf.logging.set_verbosity(before); }
  });
  it('fingerprint: FarmHash Fingerprint64 per first-dimension slice, TF\'s golden values (fingerprint_op_test)', () => {
    const hex = (t: tf.Tensor) => Array.from(run(t).values as Uint8Array, (b) => b.toString(16).padStart(2, '0')).join('');
    // 2520 uint8 bytes counting up from 47 (the >64-byte loop of FarmHash).
    const n = 3 * 4 * 5 * 6 * 7;
    const data = tf.constant(Array.from({ length: n }, (_, i) => (47 + i) % 256), { dtype: tf.uint8, shape: [1, 3, 4, 5, 6, 7] });
    const f = tf.fingerprint(data);
    assert.equal(f.op.type, 'Fingerprint');
    assert.equal(f.op.name, 'Fingerprint');
    assert.equal(f.dtype, tf.uint8);
    assert.equal(f.shape.toString(), '(1, 8)');
    assert.equal(hex(f), '2d90df0379363c43');
    // Strings of 10, 7, 0 and 19 bytes: one per row is fingerprinted directly, several per row twice.
    const bytes = (len: number, start: number) => String.fromCharCode(...Array.from({ length: len }, (_, i) => start + i));
    const strs = [bytes(10, 0), bytes(7, 7), bytes(0, 71), bytes(19, 41)];
    assert.equal(hex(tf.fingerprint(tf.constant(strs, { shape: [1, 2, 2] }))), '92432852a37c4818');
    assert.equal(hex(tf.fingerprint(tf.constant(strs))), 'eaffd6b2b24d709b' + '6e9ded21c64a6152' + '4f40902f3b6ae19a' + '0d9b7f6323141cb8');
    // As TF's python test: dropping an element changes the fingerprint; empty data gives shape (0, 8).
    const ten = tf.constant([Array.from({ length: 10 }, (_, i) => i)], { dtype: tf.int64 });
    const [f0, f1] = [run(tf.fingerprint(ten)), run(tf.fingerprint(tf.slice(ten, [0, 1], [1, 9])))];
    assert.deepEqual(f0.shape, f1.shape);
    assert.notDeepEqual(Array.from(f0.values), Array.from(f1.values));
    assert.deepEqual(run(tf.fingerprint([])).shape, [0, 8]);
    // A float row and the string of its bytes fingerprint the same (CompareBytesAndString).
    const floats = new Float32Array([1.5, -2, 3.25, 1e-3]);
    const asString = tf.NDArray.fromStrings([new Uint8Array(floats.buffer)]);
    assert.equal(hex(tf.fingerprint(tf.constant([Array.from(floats)], { dtype: tf.float32 }))), hex(tf.fingerprint(tf.constant(asString))));
    assert.throws(() => tf.fingerprint(tf.constant(1)), /Shape must be at least rank 1 but is rank 0/);
    assert.throws(() => tf.fingerprint(data, { method: 'md5' }), /Unsupported fingerprint method: md5/);
  });
});
