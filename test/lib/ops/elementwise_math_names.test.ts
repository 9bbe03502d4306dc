// TF 1.15's element-wise math names: trigonometric and hyperbolic functions and their inverses, erf/erfc, expm1,
// lgamma/digamma/polygamma/zeta, igamma/igammac, betainc, rint, atan2 and the raw division ops. Expected values computed at dev time with
// Python's math and numpy (digamma, polygamma and zeta from closed forms: ψ(1) = -γ, ψ'(1/2) = π²/2, ζ(2) = π²/6).
import assert from 'node:assert/strict';
import * as tf from '../../../lib';
import { Domain, checkGradient } from './gradient_check';
import { assertClose, nodes, run } from './helpers';

const f64 = (v: number[] | number[][]) => tf.constant(v, { dtype: tf.float64 });
const values = (t: tf.Tensor) => Array.from(run(t).values as ArrayLike<number>);

describe('element-wise math names', () => {
  beforeEach(() => tf.reset_default_graph());

  const T = [-0.9, -0.3, 0.2, 0.8];
  const unary: [string, (x: tf.Tensor, o?: { name?: string }) => tf.Tensor, string, number[], number[]][] = [
    ['tan', tf.tan, 'Tan', T, [-1.2601582175503392, -0.30933624960962325, 0.2027100355086725, 1.0296385570503641]],
    ['asin', tf.asin, 'Asin', T, [-1.1197695149986342, -0.3046926540153975, 0.2013579207903308, 0.9272952180016123]],
    ['acos', tf.acos, 'Acos', T, [2.6905658417935308, 1.8754889808102941, 1.369438406004566, 0.6435011087932843]],
    ['atan', tf.atan, 'Atan', T, [-0.7328151017865066, -0.2914567944778671, 0.19739555984988078, 0.6747409422235527]],
    ['sinh', tf.sinh, 'Sinh', T, [-1.0265167257081753, -0.3045202934471426, 0.20133600254109402, 0.888105982187623]],
    ['cosh', tf.cosh, 'Cosh', T, [1.4330863854487745, 1.0453385141288605, 1.020066755619076, 1.3374349463048447]],
    ['asinh', tf.asinh, 'Asinh', T, [-0.8088669356527824, -0.29567304756342244, 0.19869011034924142, 0.732668256045411]],
    ['atanh', tf.atanh, 'Atanh', T, [-1.4722194895832204, -0.30951960420311175, 0.2027325540540822, 1.0986122886681098]],
    ['acosh', tf.acosh, 'Acosh', [1, 1.5, 10], [0, 0.9624236501192069, 2.993222846126381]],
    ['erf', tf.erf, 'Erf', [-2, -0.4, 0, 0.7, 2.5, 3.5],
      [-0.9953222650189527, -0.42839235504666845, 0, 0.6778011938374184, 0.999593047982555, 0.9999992569016276]],
    ['erfc', tf.erfc, 'Erfc', [-2, -0.4, 0, 0.7, 2.5, 3.5],
      [1.9953222650189528, 1.4283923550466684, 1, 0.32219880616258156, 0.0004069520174449589, 7.430983723414128e-7]],
    ['expm1', tf.expm1, 'Expm1', [-1e-10, 1e-5, 0.5, -3], [-9.999999999500001e-11, 1.0000050000166668e-5, 0.6487212707001282, -0.950212931632136]],
    ['lgamma', tf.lgamma, 'Lgamma', [-2.5, 0.3, 1, 4.5, 25], [-0.05624371649767457, 1.0957979948180752, 0, 2.453736570842443, 54.78472939811232]],
    ['digamma', tf.digamma, 'Digamma', [1, 0.5, 2.5], [-0.5772156649015329, -1.9635100260214235, 0.7031566406452432]],
    ['rint', tf.rint, 'Rint', [0.5, 1.5, 2.5, -0.5, -1.7, 2.3], [0, 2, 2, -0, -2, 2]],
  ];
  for (const [name, f, type, xs, expected] of unary) {
    it(`${name}: ${type}, TF's node name, float64 values as numpy's (relative error 1e-12), float32 kept`, () => {
      const y = f(f64(xs));
      assert.equal(y.op.type, type);
      assert.equal(y.op.name, type);
      assert.equal(y.dtype, tf.float64);
      const got = values(y);
      assertClose(got, expected, 1e-12);
      // Small results keep their relative accuracy (erfc's tail, expm1 near 0).
      expected.forEach((e, i) => assert.ok(Math.abs(got[i] - e) <= 1e-12 * Math.abs(e) + 1e-15, `${name}(${xs[i]}): ${got[i]} vs ${e}`));
      const named = f(tf.constant(xs, { dtype: tf.float32 }), { name: 'mine' });
      assert.equal(named.op.name, 'mine');
      assert.equal(named.dtype, tf.float32);
      assertClose(values(named), expected, 1e-6);
    });
  }

  it('rint rounds halves to even, -0.5 to -0 (numpy.rint)', () => {
    assert.ok(Object.is(values(tf.rint(f64([-0.5])))[0], -0));
  });

  it('lgamma is +inf at the poles; digamma NaN there; digamma reflects below zero', () => {
    assert.deepEqual(values(tf.lgamma(f64([0, -1, -3]))), [Infinity, Infinity, Infinity]);
    assert.ok(values(tf.digamma(f64([0, -2]))).every(Number.isNaN));
    // ψ(x) = ψ(1 - x) - π cot(πx): ψ(-1/2) = ψ(3/2) = 2 - γ - 2 ln 2.
    assertClose(values(tf.digamma(f64([-0.5]))), [0.03648997397857652], 1e-12);
  });

  it('polygamma(a, x) is digamma for a = 0 and (-1)^(a+1) a! ζ(a+1, x) above; zeta(x, q) is Hurwitz zeta', () => {
    const p = tf.polygamma(f64([0, 1, 1]), f64([1, 0.5, 1]));
    assert.equal(p.op.type, 'Polygamma');
    assert.equal(p.op.name, 'Polygamma');
    assertClose(values(p), [-0.5772156649015329, 4.934802200544679, 1.6449340668482264], 1e-12);
    assert.ok(Number.isNaN(values(tf.polygamma(f64([1.5]), f64([1])))[0]), 'a non-integer order is NaN');
    const z = tf.zeta(f64([2, 4, 2]), f64([1, 1, 2]));
    assert.equal(z.op.type, 'Zeta');
    assertClose(values(z), [1.6449340668482264, 1.082323233711138, 0.6449340668482264], 1e-12);
    assert.deepEqual(values(tf.zeta(f64([1]), f64([3]))), [Infinity]);
    assert.ok(Number.isNaN(values(tf.zeta(f64([0.5]), f64([3])))[0]), 'x < 1 is NaN');
    // The binder gives TF's parameter names.
    assert.equal(tf.zeta({ x: f64([2]), q: f64([1]) }).op.type, 'Zeta');
    assert.throws(() => (tf.polygamma as (...args: unknown[]) => tf.Tensor)(f64([1]), { q: f64([1]) }), /unexpected keyword argument 'q'/);
  });

  it('igamma and igammac are the regularized incomplete gamma functions P and Q = 1 - P', () => {
    // P(1, x) = 1 - e^{-x}; P(1/2, x) = erf(√x); P(3, 10) = 1 - e^{-10} (1 + 10 + 50)
    const p = tf.igamma(f64([1, 1, 0.5, 0.5, 3]), f64([0.5, 3, 0.2, 4, 10]));
    assert.equal(p.op.type, 'Igamma');
    assert.equal(p.op.name, 'Igamma');
    assertClose(values(p), [0.3934693402873666, 0.950212931632136, 0.4729107431344619, 0.9953222650189527, 0.9972306042844884], 1e-12);
    const q = tf.igammac(f64([0.5, 3]), f64([4, 10]));
    assert.equal(q.op.type, 'Igammac');
    // Q keeps its relative accuracy in the tail.
    const got = values(q), expected = [0.004677734981047265, 0.0027693957155115762];
    expected.forEach((e, i) => assert.ok(Math.abs(got[i] - e) <= 1e-12 * e, `${got[i]} vs ${e}`));
    assert.deepEqual(values(tf.igamma(f64([2, 2]), f64([0, Infinity]))), [0, 1]);
    assert.ok(values(tf.igamma(f64([0, 1]), f64([1, -1]))).every(Number.isNaN), 'a ≤ 0 or x < 0 is NaN');
  });

  it('betainc is the regularized incomplete beta function; a, b and x are scalars or of one shape', () => {
    // I_x(1, b) = 1 - (1-x)^b, I_x(a, 1) = x^a, I_x(2, 2) = 3x² - 2x³
    const v = tf.betainc(f64([1, 3.5, 2, 2]), f64([2.5, 1, 3, 2]), f64([0.3, 0.4, 0.5, 0.9]));
    assert.equal(v.op.type, 'Betainc');
    assert.equal(v.op.name, 'Betainc');
    assertClose(values(v), [0.5900365869983031, 0.04047715405015526, 0.6875, 0.972], 1e-12);
    assertClose(values(tf.betainc(tf.constant(2, { dtype: tf.float64 }), 3, f64([0.5, 0, 1]))), [0.6875, 0, 1], 1e-12);
    assert.throws(() => tf.betainc(f64([1, 2]), 1, f64([0.1, 0.2, 0.3])), /Dimension 0 in both shapes must be equal, but are 2 and 3/);
    assert.throws(() => run(tf.betainc(tf.placeholder_with_default(f64([1, 2]), [null]), 1, f64([0.1, 0.2, 0.3]))), /Shapes of a, b, and x are inconsistent: \[2\] vs. \[\] vs. \[3\]/);
  });

  it('atan2(y, x) takes the quadrant of (x, y) and broadcasts', () => {
    const a = tf.atan2(f64([1, 1, -1, -1, 0, 2]), f64([1, -1, -1, 1, -1, 0]));
    assert.equal(a.op.type, 'Atan2');
    assert.equal(a.op.name, 'Atan2');
    assertClose(values(a), [0.7853981633974483, 2.356194490192345, -2.356194490192345, -0.7853981633974483, 3.141592653589793, 1.5707963267948966], 1e-15);
    assert.deepEqual(tf.atan2(f64([1, 2]), f64([[1], [2], [3]])).shape.toString(), '(3, 2)');
    assert.equal(tf.atan2({ y: 1, x: 1 }).op.type, 'Atan2');
  });

  it('realdiv, floor_div and truncatemod build RealDiv, FloorDiv and TruncateMod; truncatemod has the sign of x', () => {
    const d = tf.realdiv(f64([1, 3]), f64([4, 2]));
    const fd = tf.floor_div(tf.constant(new Int32Array([-7, 7, -7, 7])), tf.constant(new Int32Array([3, 3, -3, -3])));
    const m = tf.truncatemod(tf.constant(new Int32Array([-7, 7, -7, 7])), tf.constant(new Int32Array([3, 3, -3, -3])));
    const mf = tf.truncatemod(f64([-7.5, 7.5, 5.25]), f64([2, -2, 1.5]));
    assert.deepEqual(nodes().filter((n) => !n.endsWith(':Const')), ['RealDiv:RealDiv', 'FloorDiv:FloorDiv', 'TruncateMod:TruncateMod', 'TruncateMod_1:TruncateMod']);
    assert.deepEqual(values(d), [0.25, 1.5]);
    assert.equal(fd.dtype, tf.int32);
    assert.deepEqual(values(fd), [-3, 2, 2, -3]);
    assert.deepEqual(values(m), [-1, 1, -1, 1]);
    assert.deepEqual(values(mf), [-1.5, 1.5, 0.75]);
    assert.throws(() => run(tf.truncatemod(tf.constant(new Int32Array([1])), tf.constant(new Int32Array([0])))), /Integer division by zero/);
    const x = f64([1]);
    assert.throws(() => tf.gradients(tf.truncatemod(x, 2), [x]), /No gradient defined for operation 'TruncateMod_3' \(op type: TruncateMod\)/);
  });

  it('scalar_mul multiplies by a 0-D scalar of x\'s dtype (Mul) and rejects any other rank', () => {
    const x = f64([1, 2]);
    const y = tf.scalar_mul(3, x);
    assert.equal(y.op.type, 'Mul');
    assert.equal(y.op.name, 'Mul');
    assert.equal(y.op.inputs[0].op.name, 'scalar');
    assert.equal(y.dtype, tf.float64);
    assert.deepEqual(values(y), [3, 6]);
    assert.throws(() => tf.scalar_mul([1, 2], x), /Only scalar multiply works, got shape \(2,\)/);
  });

  it('log_sigmoid is -softplus(-x) in a LogSigmoid scope, finite for large |x|', () => {
    const y = tf.log_sigmoid(f64([-50, 0, 3, 100]));
    assert.deepEqual(nodes(), ['Const:Const', 'LogSigmoid/Neg:Neg', 'LogSigmoid/Softplus:Softplus', 'LogSigmoid:Neg']);
    assertClose(values(y), [-50, -0.6931471805599453, -0.04858735157374206, -3.720075976020836e-44], 1e-12);
  });

  it('lbeta reduces the last axis: Σ lgamma(x) - lgamma(Σ x), named lbeta/sub', () => {
    const b = tf.lbeta(f64([[1, 2], [0.5, 0.5]]));
    assert.equal(b.op.name, 'lbeta/sub');
    assert.equal(b.shape.toString(), '(2,)');
    // log B(1, 2) = -log 2; log B(1/2, 1/2) = log π
    assertClose(values(b), [-0.6931471805599453, 1.1447298858494002], 1e-12);
  });

  it('saturate_cast clamps to the target range (min/max constants of the source dtype), then casts', () => {
    const c = tf.saturate_cast(tf.constant([-1.5, 300, 7.9]), tf.uint8);
    assert.deepEqual(nodes(), ['Const:Const', 'saturate_cast/min:Const', 'saturate_cast/Maximum:Maximum', 'saturate_cast/max:Const',
      'saturate_cast/Minimum:Minimum', 'saturate_cast:Cast']);
    assert.equal(c.dtype, tf.uint8);
    assert.deepEqual(values(c), [0, 255, 7]);
    // int32 fits in float32's range: no clamping, just the cast.
    const w = tf.saturate_cast(tf.constant(new Int32Array([5])), tf.float32, { name: 'widen' });
    assert.equal(w.op.type, 'Cast');
    assert.equal(w.op.inputs[0].op.type, 'Const');
  });

  it('tf.math aliases the same functions, as TF 1.15 exports them', () => {
    for (const name of ['acos', 'acosh', 'asin', 'asinh', 'atan', 'atan2', 'atanh', 'cosh', 'sinh', 'tan', 'erf', 'erfc', 'expm1',
      'lgamma', 'digamma', 'rint', 'polygamma', 'zeta', 'truncatemod', 'scalar_mul', 'lbeta', 'log_sigmoid', 'igamma', 'igammac', 'betainc'] as const) {
      assert.equal(tf.math[name], tf[name], name);
    }
  });

  describe('gradients as TF\'s math_grad.py builds them, against finite differences', () => {
    const unit: Domain = 'any';
    const cases: [string, (x: tf.Tensor) => tf.Tensor, Domain, string[]][] = [
      ['Tan', (x) => tf.tan(x), unit, ['Cos', 'Reciprocal', 'Square']],
      ['Asin', (x) => tf.asin(tf.multiply(x, 0.9)), unit, ['Square', 'Sub', 'Sqrt', 'Reciprocal']],
      ['Acos', (x) => tf.acos(tf.multiply(x, 0.9)), unit, ['Sqrt', 'Reciprocal', 'Neg']],
      ['Atan', (x) => tf.atan(x), unit, ['Square', 'Add', 'Reciprocal']],
      ['Atanh', (x) => tf.atanh(tf.multiply(x, 0.9)), unit, ['Square', 'Sub', 'Reciprocal']],
      ['Sinh', (x) => tf.sinh(x), unit, ['Cosh']],
      ['Cosh', (x) => tf.cosh(x), unit, ['Sinh']],
      ['Asinh', (x) => tf.asinh(x), unit, ['Cosh', 'RealDiv']],
      ['Acosh', (x) => tf.acosh(tf.add(x, 1)), 'positive', ['Sinh', 'RealDiv']],
      ['Erf', (x) => tf.erf(x), unit, ['Square', 'Neg', 'Exp']],
      ['Erfc', (x) => tf.erfc(x), unit, ['Square', 'Neg', 'Exp']],
      ['Expm1', (x) => tf.expm1(x), unit, ['Exp']],
      ['Lgamma', (x) => tf.lgamma(x), 'positive', ['Digamma']],
      ['Digamma', (x) => tf.digamma(x), 'positive', ['Polygamma']],
      ['log_sigmoid', (x) => tf.log_sigmoid(x), unit, ['SoftplusGrad']],
      ['lbeta', (x) => tf.lbeta(x), 'positive', ['Digamma']],
    ];
    cases.forEach(([name, f, domain, gradTypes], i) => {
      it(name, () => {
        const types = checkGradient(f, [{ shape: [2, 3], domain }], 700 + i);
        for (const t of gradTypes) assert.ok(types.includes(t), `${name}'s gradient builds ${t}: ${types}`);
      });
    });

    it('Atan2: x/(x²+y²) and -y/(x²+y²)', () => {
      checkGradient((y, x) => tf.atan2(y, x), [{ shape: [2, 3], domain: 'awayFromZero' }, { shape: [2, 3], domain: 'awayFromZero' }], 720);
    });

    it('Polygamma and Zeta: the second argument only, reduced over broadcast dimensions', () => {
      const order = new tf.NDArray(tf.float64, [3], new Float64Array([0, 1, 2]));
      checkGradient((a, x) => tf.polygamma(a, x), [{ shape: [3], fixed: order }, { shape: [2, 3], domain: 'positive' }], 721);
      const s = new tf.NDArray(tf.float64, [2, 1], new Float64Array([2, 3.5]));
      checkGradient((x, q) => tf.zeta(x, q), [{ shape: [2, 1], fixed: s }, { shape: [3], domain: 'positive' }], 722);
      tf.reset_default_graph();
      const a = f64([1]), x = f64([2]);
      assert.deepEqual(tf.gradients(tf.polygamma(a, x), [a, x]).map((g) => g === null), [true, false]);
    });

    it('Igamma and Igammac: ∂/∂a through IgammaGradA and ∂/∂x, both reduced over broadcast dimensions', () => {
      for (const [f, seed] of [[tf.igamma, 730], [tf.igammac, 731]] as const) {
        const types = checkGradient((a, x) => f(a, x), [{ shape: [2, 3], domain: 'positive' }, { shape: [3], domain: 'positive' }], seed, 1e-5);
        assert.ok(types.includes('IgammaGradA'), `${types}`);
        checkGradient((a, x) => f(tf.add(a, 3), tf.multiply(x, 5)), [{ shape: [2], domain: 'positive' }, { shape: [2], domain: 'positive' }], seed + 10, 1e-5);
      }
    });

    it('Betainc: x only, reduced to x\'s shape', () => {
      const a = new tf.NDArray(tf.float64, [3], new Float64Array([0.7, 2, 3.5])), b = new tf.NDArray(tf.float64, [3], new Float64Array([1.5, 2, 0.8]));
      checkGradient((p, q, x) => tf.betainc(p, q, tf.multiply(tf.add(x, 1), 0.3)), [{ shape: [3], fixed: a }, { shape: [3], fixed: b }, { shape: [3], domain: 'any' }], 740);
      tf.reset_default_graph();
      const p = f64([2]), q = f64([3]), x = f64([0.5]);
      assert.deepEqual(tf.gradients(tf.betainc(p, q, x), [p, q, x]).map((g) => g === null), [true, true, false]);
    });

    it('Rint has no gradient (None), like Round', () => {
      const x = f64([1.2]);
      assert.deepEqual(tf.gradients(tf.rint(x), [x]), [null]);
    });
  });
});
