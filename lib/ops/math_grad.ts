/**
 * Gradients of the math ops (TF's math_grad.py), and the `*Grad` op types those gradients emit
 * (SigmoidGrad, TanhGrad, SqrtGrad, RsqrtGrad, ReciprocalGrad), whose kernels are in kernels/cpu/grad.ts.
 * Names follow TensorFlow 1.15: `<op>_grad/Shape`, `Shape_1`, `BroadcastGradientArgs`, `Sum`, `Reshape` ...
 */
import { Operation, Tensor } from '../framework/graph';
import { DType, float16, float32, float64, bfloat16, complex64, complex128, int32 } from '../framework/dtypes';
import { dtypeOfInput, shapeOfInput, constantValue } from './schema_util';
import { registerOp, registerGradient } from '../framework/graph';
import { makeOp } from './op_builder';
import { registerNotDifferentiable } from './gradient_util';
import {
  add, cast, cos, cosh, cumprod, cumsum, digamma, equal, exp, floordiv, greater, greater_equal, less_equal, log, matmul,
  lgamma, maximum, multiply, negative, polygamma, pow, range, reciprocal, reduce_any, reduce_prod, reduce_sum, sign, sin, sinh,
  sqrt, square, subtract, truediv, zeta, complex, conj, real, imag, div_no_nan, div, divide, segment_sum, unsorted_segment_sum,
  unsorted_segment_prod,
} from './math_ops';
import {
  concat, constant, expand_dims, fill, gather, invert_permutation, ones_like, rank, reshape, setdiff1d, shape, size,
  strided_slice, tile, transpose, where, zeros, zeros_like,
} from './array_ops';
import { bool } from '../framework/dtypes';

// ---- the gradient op types ------------------------------------------------------------------

/** `(y, dy)` → the input gradient, where y is the forward op's output. */
export const UNARY_GRAD_OPS = ['SigmoidGrad', 'TanhGrad', 'SqrtGrad', 'RsqrtGrad', 'ReciprocalGrad'] as const;
for (const type of UNARY_GRAD_OPS) registerOp({ type, outputDtypes: dtypeOfInput(0), inferShapes: shapeOfInput(0) });

function unaryGradOp(type: (typeof UNARY_GRAD_OPS)[number], y: Tensor, dy: Tensor): Tensor {
  return makeOp(type, [y, dy], { T: { type: y.dtype.base_dtype } }, type).outputs[0];
}

// ---- helpers shared by the broadcasting binary ops -------------------------------------------

/** True when x, y and grad have the same fully known shape, so no reduction is needed. */
function shapesFullySpecifiedAndEqual(x: Tensor, y: Tensor, grad: Tensor): boolean {
  const [a, b, c] = [x.shape, y.shape, grad.shape];
  return a.is_fully_defined() && b.is_fully_defined() && c.is_fully_defined() && a.equals(b) && b.equals(c);
}

/** `Shape`, `Shape_1` and `BroadcastGradientArgs`: the axes along which each input was broadcast. */
export function broadcastGradientArgs(x: Tensor, y: Tensor): { sx: Tensor; sy: Tensor; rx: Tensor; ry: Tensor } {
  const sx = shape(x), sy = shape(y);
  const op = makeOp('BroadcastGradientArgs', [sx, sy], { T: { type: sx.dtype.base_dtype } }, 'BroadcastGradientArgs');
  return { sx, sy, rx: op.outputs[0], ry: op.outputs[1] };
}

/** Sums `grad` over the broadcast axes and gives it the input's shape. */
const unbroadcast = (grad: Tensor, axes: Tensor, inputShape: Tensor): Tensor => reshape(reduce_sum(grad, axes), inputShape);

/** Runs `fn` once `grad` is computed (TF's `with ops.control_dependencies([grad])`). */
const after = <R>(grad: Tensor, fn: () => R): R => grad.graph.control_dependencies([grad], fn);

// ---- element-wise binary ops ----------------------------------------------------------------

function addGrad(op: Operation, [grad]: (Tensor | null)[]): (Tensor | null)[] {
  const [x, y] = op.inputs;
  if (shapesFullySpecifiedAndEqual(x, y, grad!)) return [grad, grad];
  const { sx, sy, rx, ry } = broadcastGradientArgs(x, y);
  return [unbroadcast(grad!, rx, sx), unbroadcast(grad!, ry, sy)];
}
registerGradient('Add', addGrad);
registerGradient('AddV2', addGrad);

registerGradient('Sub', (op, [grad]) => {
  const [x, y] = op.inputs;
  if (shapesFullySpecifiedAndEqual(x, y, grad!)) return [grad, negative(grad!)];
  const { sx, sy, rx, ry } = broadcastGradientArgs(x, y);
  return [unbroadcast(grad!, rx, sx), reshape(negative(reduce_sum(grad!, ry)), sy)];
});

/** x / y as TF's gen_math_ops.real_div builds it (a `RealDiv` node, no integer casts). */
const realdivOf = (x: Tensor, y: Tensor): Tensor => makeOp('RealDiv', [x, y], { T: { type: x.dtype.base_dtype } }, 'RealDiv').outputs[0];

/** Element-wise product as TF's gen_math_ops.mul names it (`Mul`), not Python's `*` (`mul`). */
const genMul = (a: Tensor, b: Tensor): Tensor => multiply(a, b, { name: 'Mul' });

registerGradient('Mul', (op, [grad]) => {
  const [x, y] = op.inputs;
  const g = grad!;
  if (shapesFullySpecifiedAndEqual(x, y, g) && (g.dtype.base_dtype === int32 || g.dtype.base_dtype === float32)) {
    return [genMul(g, y), genMul(g, x)];
  }
  const { sx, sy, rx, ry } = broadcastGradientArgs(x, y);
  // TF conjugates both factors (the identity, with no node, for real dtypes).
  return [unbroadcast(genMul(g, conj(y)), rx, sx), unbroadcast(genMul(conj(x), g), ry, sy)];
});

function divGrad(op: Operation, [grad]: (Tensor | null)[]): (Tensor | null)[] {
  const [x, y] = op.inputs.map((t) => conj(t));
  const g = grad!;
  const { sx, sy, rx, ry } = broadcastGradientArgs(x, y);
  const gx = unbroadcast(realdivOf(g, y), rx, sx);
  const gy = unbroadcast(multiply(g, realdivOf(realdivOf(negative(x), y), y), { name: 'mul' }), ry, sy);
  return [gx, gy];
}
registerGradient('RealDiv', divGrad);

// TF's _DivNoNanGrad: the quotient rule with div_no_nan, so a zero divisor gives zero gradients.
registerGradient('DivNoNan', (op, [grad]) => {
  const [x, y] = op.inputs;
  const g = grad!;
  const divNoNan = (a: Tensor, b: Tensor): Tensor => makeOp('DivNoNan', [a, b], { T: { type: a.dtype.base_dtype } }, 'div_no_nan').outputs[0];
  const { sx, sy, rx, ry } = broadcastGradientArgs(x, y);
  return [
    unbroadcast(divNoNan(g, y), rx, sx),
    unbroadcast(multiply(g, divNoNan(divNoNan(negative(x), y), y), { name: 'mul' }), ry, sy),
  ];
});
registerGradient('Div', divGrad);

registerGradient('FloorMod', (op, [grad]) => {
  const [x, y] = op.inputs;
  const { sx, sy, rx, ry } = broadcastGradientArgs(x, y);
  const floorXY = floordiv(x, y);
  return [unbroadcast(grad!, rx, sx), unbroadcast(multiply(grad!, negative(floorXY), { name: 'mul' }), ry, sy)];
});

function maximumMinimumGrad(selector: (x: Tensor, y: Tensor) => Tensor) {
  return (op: Operation, [grad]: (Tensor | null)[]): (Tensor | null)[] => {
    const [x, y] = op.inputs;
    const g = grad!;
    const sx = shape(x), sy = shape(y);
    const zerosOfGrad = zeros(shape(g), g.dtype.base_dtype);
    const xmask = selector(x, y);
    const argsOp = makeOp('BroadcastGradientArgs', [sx, sy], { T: { type: sx.dtype.base_dtype } }, 'BroadcastGradientArgs');
    const xgrad = where(xmask, g, zerosOfGrad), ygrad = where(xmask, zerosOfGrad, g);
    return [unbroadcast(xgrad, argsOp.outputs[0], sx), unbroadcast(ygrad, argsOp.outputs[1], sy)];
  };
}
registerGradient('Maximum', maximumMinimumGrad((x, y) => greater_equal(x, y)));
registerGradient('Minimum', maximumMinimumGrad((x, y) => less_equal(x, y)));

registerGradient('Pow', (op, [grad]) => {
  const [x, y] = op.inputs;
  const z = op.outputs[0];
  const g = grad!;
  const { sx, sy, rx, ry } = broadcastGradientArgs(x, y);
  const gx = unbroadcast(multiply(multiply(g, y, { name: 'mul' }), pow(x, subtract(y, 1, { name: 'sub' })), { name: 'mul' }), rx, sx);
  // Where x <= 0 the log is undefined; TF uses 0 there instead of NaN (x = 0 is a false singularity).
  const mask = greater(x, 0);
  const safeX = where(mask, x, ones_like(x));
  const logX = where(mask, log(safeX), zeros_like(x));
  const gy = unbroadcast(multiply(multiply(g, z, { name: 'mul' }), logX, { name: 'mul' }), ry, sy);
  return [gx, gy];
});

registerGradient('SquaredDifference', (op, [grad]) => {
  const [x, y] = op.inputs;
  const g = grad!;
  const { sx, sy, rx, ry } = broadcastGradientArgs(x, y);
  const xGrad = after(g, () => multiply(multiply(constant(2, { dtype: g.dtype.base_dtype, name: 'scalar_mul/x' }), g, { name: 'scalar_mul' }), subtract(x, y, { name: 'sub' }), { name: 'mul' }));
  return [unbroadcast(xGrad, rx, sx), negative(unbroadcast(xGrad, ry, sy))];
});

registerNotDifferentiable('FloorDiv', 'Greater', 'GreaterEqual', 'Less', 'LessEqual', 'Equal', 'NotEqual', 'LogicalAnd', 'LogicalOr', 'LogicalNot', 'IsNan', 'IsFinite', 'IsInf');

// ---- element-wise unary ops -----------------------------------------------------------------

registerGradient('Neg', (_op, [grad]) => [negative(grad!)]);
registerGradient('Square', (op, [grad]) => {
  const x = op.inputs[0];
  return after(grad!, () => {
    const two = constant(2, { dtype: x.dtype.base_dtype, name: 'Const' });
    return [multiply(grad!, multiply(x, two, { name: 'Mul' }), { name: 'Mul' })];
  });
});
registerGradient('Sqrt', (op, [grad]) => [unaryGradOp('SqrtGrad', op.outputs[0], grad!)]);
registerGradient('Rsqrt', (op, [grad]) => [unaryGradOp('RsqrtGrad', op.outputs[0], grad!)]);
registerGradient('Reciprocal', (op, [grad]) => [unaryGradOp('ReciprocalGrad', op.outputs[0], grad!)]);
registerGradient('Inv', (op, [grad]) => [unaryGradOp('ReciprocalGrad', op.outputs[0], grad!)]);
registerGradient('Sigmoid', (op, [grad]) => [unaryGradOp('SigmoidGrad', op.outputs[0], grad!)]);
registerGradient('Tanh', (op, [grad]) => [unaryGradOp('TanhGrad', op.outputs[0], grad!)]);
registerGradient('Exp', (op, [grad]) => [after(grad!, () => multiply(grad!, op.outputs[0], { name: 'mul' }))]);
registerGradient('Log', (op, [grad]) => [after(grad!, () => multiply(grad!, reciprocal(op.inputs[0]), { name: 'mul' }))]);
registerGradient('Log1p', (op, [grad]) => [after(grad!, () => multiply(grad!, reciprocal(add(1, op.inputs[0], { name: 'add' })), { name: 'mul' }))]);
registerGradient('Abs', (op, [grad]) => [multiply(grad!, sign(op.inputs[0]), { name: 'mul' })]);
registerGradient('Sign', (op) => [zeros(shape(op.inputs[0]), op.inputs[0].dtype.base_dtype)]);
registerGradient('Sin', (op, [grad]) => [after(grad!, () => multiply(grad!, cos(op.inputs[0]), { name: 'mul' }))]);
registerGradient('Cos', (op, [grad]) => [after(grad!, () => multiply(negative(grad!), sin(op.inputs[0]), { name: 'mul' }))]);
registerGradient('Tan', (op, [grad]) => [after(grad!, () => {
  const sec2 = square(reciprocal(cos(op.inputs[0])));
  return multiply(sec2, grad!, { name: 'mul' });
})]);
/** 1 ± x², the denominator the inverse trigonometric and hyperbolic gradients share. */
const oneAndSquare = (x: Tensor, combine: typeof add | typeof subtract): Tensor => {
  const x2 = square(x);
  return combine(constant(1, { dtype: x.dtype.base_dtype, name: 'Const' }), x2);
};
registerGradient('Asin', (op, [grad]) => [after(grad!, () => multiply(grad!, reciprocal(sqrt(oneAndSquare(op.inputs[0], subtract))), { name: 'mul' }))]);
registerGradient('Acos', (op, [grad]) => [after(grad!, () => {
  const inv = reciprocal(sqrt(oneAndSquare(op.inputs[0], subtract)));
  return multiply(negative(grad!), inv, { name: 'mul' });
})]);
registerGradient('Atan', (op, [grad]) => [after(grad!, () => multiply(grad!, reciprocal(oneAndSquare(op.inputs[0], add)), { name: 'mul' }))]);
registerGradient('Atanh', (op, [grad]) => [after(grad!, () => multiply(grad!, reciprocal(oneAndSquare(op.inputs[0], subtract)), { name: 'mul' }))]);
registerGradient('Sinh', (op, [grad]) => [after(grad!, () => multiply(grad!, cosh(op.inputs[0]), { name: 'mul' }))]);
registerGradient('Cosh', (op, [grad]) => [after(grad!, () => multiply(grad!, sinh(op.inputs[0]), { name: 'mul' }))]);
// d asinh(x) = 1 / cosh(asinh x), d acosh(x) = 1 / sinh(acosh x): TF writes both from the op's output.
registerGradient('Asinh', (op, [grad]) => [after(grad!, () => truediv(grad!, cosh(op.outputs[0])))]);
registerGradient('Acosh', (op, [grad]) => [after(grad!, () => truediv(grad!, sinh(op.outputs[0])))]);
/** d erf(x) = (2/√π) e^{-x²} dx; erfc's is its negative. */
const erfGradient = (factor: number) => (op: Operation, [grad]: (Tensor | null)[]) => {
  const c = constant(factor, { dtype: grad!.dtype.base_dtype, name: 'Const' });
  return [after(grad!, () => multiply(multiply(grad!, c, { name: 'mul' }), exp(negative(square(op.inputs[0]))), { name: 'mul' }))];
};
registerGradient('Erf', erfGradient(2 / Math.sqrt(Math.PI)));
registerGradient('Erfc', erfGradient(-2 / Math.sqrt(Math.PI)));
registerGradient('Expm1', (op, [grad]) => [after(grad!, () => multiply(grad!, exp(op.inputs[0]), { name: 'mul' }))]);
registerGradient('Lgamma', (op, [grad]) => [after(grad!, () => multiply(grad!, digamma(op.inputs[0]), { name: 'mul' }))]);
registerGradient('Digamma', (op, [grad]) => {
  const x = op.inputs[0];
  return [after(grad!, () => multiply(grad!, polygamma(constant(1, { dtype: x.dtype.base_dtype, name: 'Const' }), x), { name: 'mul' }))];
});
// Only the second argument of Polygamma (the point) and of Zeta (q) is differentiable, as in TF.
registerGradient('Polygamma', (op, [grad]) => {
  const [a, x] = op.inputs;
  const { sy: sx, ry: rx } = broadcastGradientArgs(a, x);
  return [null, after(grad!, () => unbroadcast(multiply(polygamma(add(a, 1, { name: 'add' }), x), grad!, { name: 'mul' }), rx, sx))];
});
registerGradient('Zeta', (op, [grad]) => {
  const [s, q] = op.inputs;
  const { sy: sq, ry: rq } = broadcastGradientArgs(s, q);
  return [null, after(grad!, () => {
    const partialQ = multiply(negative(s), zeta(add(s, 1, { name: 'add' }), q), { name: 'mul' });
    return unbroadcast(multiply(partialQ, grad!, { name: 'mul' }), rq, sq);
  })];
});
/** ∂P/∂a by the IgammaGradA op, ∂P/∂x = e^{-x} x^{a-1} / Γ(a), each reduced over its broadcast dimensions. */
function igammaGrads(op: Operation, grad: Tensor): [Tensor, Tensor] {
  const [a, x] = op.inputs;
  const { sx: sa, sy: sx, rx: ra, ry: rx } = broadcastGradientArgs(a, x);
  return after(grad, () => {
    const partialA = makeOp('IgammaGradA', [a, x], { T: { type: a.dtype.base_dtype } }, 'IgammaGradA').outputs[0];
    const exponent = subtract(add(negative(x), multiply(subtract(a, 1, { name: 'sub' }), log(x), { name: 'mul' }), { name: 'add' }), lgamma(a), { name: 'sub' });
    const partialX = exp(exponent);
    return [unbroadcast(multiply(partialA, grad, { name: 'mul' }), ra, sa), unbroadcast(multiply(partialX, grad, { name: 'mul' }), rx, sx)];
  });
}
registerGradient('Igamma', (op, [grad]) => igammaGrads(op, grad!));
registerGradient('Igammac', (op, [grad]) => igammaGrads(op, grad!).map((g) => negative(g)));
/** Only x is differentiable, as in TF: ∂I_x(a, b)/∂x = (1-x)^{b-1} x^{a-1} / B(a, b). */
registerGradient('Betainc', (op, [grad]) => {
  const [a, b, x] = op.inputs;
  const sa = shape(a), sx = shape(x);
  const rx = makeOp('BroadcastGradientArgs', [sa, sx], { T: { type: sx.dtype.base_dtype } }, 'BroadcastGradientArgs').outputs[1];
  const logBeta = subtract(add(lgamma(a), lgamma(b), { name: 'add' }), lgamma(add(a, b, { name: 'add' })), { name: 'sub' });
  const logDensity = add(multiply(subtract(b, 1, { name: 'sub' }), log(subtract(1, x, { name: 'sub' })), { name: 'mul' }),
    multiply(subtract(a, 1, { name: 'sub' }), log(x), { name: 'mul' }), { name: 'add' });
  const partialX = exp(subtract(logDensity, logBeta, { name: 'sub' }));
  return [null, null, unbroadcast(multiply(partialX, grad!, { name: 'mul' }), rx, sx)];
});
/** d atan2(y, x) = (x dy - y dx) / (x² + y²); TF 1.15 does not reduce over broadcast dimensions here. */
registerGradient('Atan2', (op, [grad]) => {
  const [y, x] = op.inputs;
  return after(grad!, () => {
    const gradInv = truediv(grad!, add(square(x), square(y), { name: 'add' }));
    return [multiply(x, gradInv, { name: 'mul' }), multiply(negative(y), gradInv, { name: 'mul' })];
  });
});
// Piecewise constant: the gradient is zero almost everywhere, which TF expresses as no gradient.
for (const type of ['Floor', 'Ceil', 'Round', 'Rint'] as const) registerGradient(type, () => [null]);

// ---- casts, matmul, sums ----------------------------------------------------------------------

const CASTABLE_FOR_GRADIENT = new Set([float16, float32, float64, bfloat16, complex64, complex128]);
registerGradient('Cast', (op, [grad]) => {
  const src = op.inputs[0].dtype.base_dtype;
  return [CASTABLE_FOR_GRADIENT.has(src) && CASTABLE_FOR_GRADIENT.has(grad!.dtype.base_dtype) ? cast(grad!, src) : null];
});

registerGradient('MatMul', (op, [grad]) => {
  const ta = op.get_attr('transpose_a') === true, tb = op.get_attr('transpose_b') === true;
  // TF conjugates both inputs (no node for real dtypes).
  const [a, b] = op.inputs.map((t) => conj(t));
  const g = grad!;
  const mm = (p: Tensor, q: Tensor, transpose_a: boolean, transpose_b: boolean) => matmul(p, q, { transpose_a, transpose_b, name: 'MatMul' });
  if (!ta && !tb) return [mm(g, b, false, true), mm(a, g, true, false)];
  if (!ta && tb) return [mm(g, b, false, false), mm(g, a, true, false)];
  if (ta && !tb) return [mm(b, g, false, true), mm(a, g, false, false)];
  return [mm(b, g, true, true), mm(g, a, true, true)];
});

registerGradient('SparseMatMul', (op, [grad]) => {
  const ta = op.get_attr('transpose_a') === true, tb = op.get_attr('transpose_b') === true;
  const [a, b] = op.inputs, g = grad!;
  // As TF: the inputs keep their hints, and a gradient from ReluGrad counts as sparse.
  const sparse = new Map<Tensor, boolean>([[a, op.get_attr('a_is_sparse') === true], [b, op.get_attr('b_is_sparse') === true], [g, g.op.type === 'ReluGrad']]);
  const mm = (p: Tensor, q: Tensor, outDtype: DType, transpose_a = false, transpose_b = false): Tensor => {
    const pSparse = sparse.get(p) === true, qSparse = sparse.get(q) === true;
    const product = matmul(p, transpose_b ? transpose(q) : q, { transpose_a, a_is_sparse: pSparse, b_is_sparse: qSparse });
    return product.dtype.base_dtype === outDtype ? product : cast(product, outDtype);
  };
  const da = a.dtype.base_dtype, db = b.dtype.base_dtype;
  if (!ta && !tb) return [mm(g, b, da, false, true), mm(a, g, db, true)];
  if (!ta && tb) return [mm(g, b, da), mm(g, a, db, true)];
  if (ta && !tb) return [mm(b, g, da, false, true), mm(a, g, db)];
  return [mm(b, g, da, true, true), mm(g, a, db, true, true)];
});

/** Products of the batch gradient, per adjoint case (as TF's _BatchMatMul gradients). */
function batchMatMulGrads(op: Operation, grad: Tensor): [Tensor, Tensor] {
  const ax = op.get_attr('adj_x') === true, ay = op.get_attr('adj_y') === true;
  const [x, y] = op.inputs;
  const mm = (p: Tensor, q: Tensor, adjoint_a: boolean, adjoint_b: boolean) => matmul(p, q, { adjoint_a, adjoint_b, name: 'MatMul' });
  if (!ax && !ay) return [mm(grad, y, false, true), mm(x, grad, true, false)];
  if (!ax && ay) return [mm(grad, y, false, false), mm(grad, x, true, false)];
  if (ax && !ay) return [mm(y, grad, false, true), mm(x, grad, false, false)];
  return [mm(y, grad, true, true), mm(grad, x, true, true)];
}

registerGradient('BatchMatMul', (op, [grad]) => batchMatMulGrads(op, grad!));

registerGradient('BatchMatMulV2', (op, [grad]) => {
  let [gx, gy] = batchMatMulGrads(op, grad!);
  const [x, y] = op.inputs;
  if (x.shape.is_fully_defined() && y.shape.is_fully_defined() && x.shape.equals(y.shape)) return [gx, gy];
  // Broadcast batch dimensions: sum the gradient over them, as TF does with the batch part of the shapes.
  const sx = shape(x), sy = shape(y);
  const batchOf = (s: Tensor) => strided_slice(s, [0], [-2], [1], { begin_mask: 1 });
  const args = makeOp('BroadcastGradientArgs', [batchOf(sx), batchOf(sy)], { T: { type: sx.dtype.base_dtype } }, 'BroadcastGradientArgs');
  gx = reshape(reduce_sum(gx, args.outputs[0]), sx);
  gy = reshape(reduce_sum(gy, args.outputs[1]), sy);
  return [gx, gy];
});

registerGradient('AddN', (op, [grad]) => op.inputs.map(() => grad));
registerGradient('AccumulateNV2', (op, [grad]) => op.inputs.map(() => grad));

/** floor(x / max(y, 1)): a shape quotient that stays defined when y has zeros. */
const safeShapeDiv = (x: Tensor, y: Tensor): Tensor => floordiv(x, maximum(y, 1), { name: 'floordiv' });

/**
 * The input shape with the reduced axes set to 1 (TF's math_ops.reduced_shape): a Const when the
 * rank and the axes are known, else computed with a mask over range(rank).
 */
export function reducedShape(input: Tensor, axes: Tensor): Tensor {
  const axesValue = constantValue(axes);
  const dims = input.shape.dims;
  if (axesValue && dims !== null && dims.every((d) => d !== null)) {
    const rank = dims.length;
    const reduced = new Set(Array.from(axesValue.values, (a) => ((a % rank) + rank) % rank));
    return constant(dims.map((d, i) => (reduced.has(i) ? 1 : d!)), { dtype: int32 });
  }
  const inputShape = shape(input);
  const rank = size(inputShape);
  const normalized = floormodOf(add(cast(axes, int32), rank), rank);
  const isReduced = reduce_any(equal(expand_dims(range(0, rank), 1), reshape(normalized, [1, -1])), 1);
  return where(isReduced, ones_like(inputShape), inputShape);
}
const floormodOf = (x: Tensor, y: Tensor): Tensor => makeOp('FloorMod', [x, y], { T: { type: x.dtype.base_dtype } }, 'FloorMod').outputs[0];

function sumGrad(op: Operation, [grad]: (Tensor | null)[]): (Tensor | null)[] {
  const [input, axes] = op.inputs;
  const dims = input.shape.dims;
  const axesValue = constantValue(axes);
  if (dims !== null && axesValue && axesValue.size === dims.length && Array.from(axesValue.values).every((a, i) => a === i)) {
    // Reduced over every axis: reshape to all ones and tile back (only Reshape and Tile, as TF's fast path).
    const g = reshape(grad!, dims.map(() => 1));
    const inputShape = dims.every((d) => d !== null) ? constant(dims as number[], { dtype: int32 }) : shape(input);
    return [tile(g, inputShape), null];
  }
  const inputShape = shape(input);
  const keptDims = reducedShape(input, axes);
  const tileScaling = safeShapeDiv(inputShape, keptDims);
  return [tile(reshape(grad!, keptDims), tileScaling), null];
}
registerGradient('Sum', sumGrad);

registerGradient('Mean', (op, grads) => {
  const sum = sumGrad(op, grads)[0]!;
  const inDims = op.inputs[0].shape, outDims = op.outputs[0].shape;
  let factor: Tensor;
  if (inDims.is_fully_defined() && outDims.is_fully_defined()) {
    const inSize = inDims.num_elements()!, outSize = outDims.num_elements()!;
    factor = constant(Math.floor(inSize / Math.max(outSize, 1)), { dtype: sum.dtype.base_dtype });
  } else {
    const inputShape = shape(op.inputs[0]), outputShape = shape(op.outputs[0]);
    factor = safeShapeDiv(reduce_prod(inputShape), reduce_prod(outputShape));
  }
  return [truediv(sum, cast(factor, sum.dtype.base_dtype)), null];
});

function minOrMaxGrad(op: Operation, [grad]: (Tensor | null)[]): (Tensor | null)[] {
  const [input, axes] = op.inputs;
  const keptDims = reducedShape(input, axes);
  const y = reshape(op.outputs[0], keptDims);
  const g = reshape(grad!, keptDims);
  const indicators = cast(equal(y, input), g.dtype.base_dtype);
  const numSelected = reshape(reduce_sum(indicators, axes), keptDims);
  return [multiply(truediv(indicators, numSelected), g, { name: 'mul' }), null];
}
registerGradient('Max', minOrMaxGrad);
registerGradient('Min', minOrMaxGrad);

registerNotDifferentiable('ArgMax', 'ArgMin', 'Range', 'LinSpace', 'All', 'Any');

/**
 * TF's _ProdGrad: the product of all other entries as the product of two exclusive cumprods (before
 * and after each entry), so zeros in the input need no division. The reduced axes are moved first and
 * flattened, the shape bookkeeping is pinned to the CPU, and the result is moved back.
 */
registerGradient('Prod', (op, [grad]) => {
  const [input, axes] = op.inputs;
  const inputShape = shape(input);
  let reductionIndices = reshape(axes, [-1]);
  const keptDims = reducedShape(input, axes);
  const tileScaling = safeShapeDiv(inputShape, keptDims);
  const g = tile(reshape(grad!, keptDims), tileScaling);
  const { perm, reducedNum, otherNum } = op.graph.device('/cpu:0', () => {
    const r = rank(input);
    reductionIndices = reductionIndices.add(r).mod(r);
    const reduced = cast(reductionIndices, int32);
    const idx = range(0, r);
    const [other] = setdiff1d(idx, reduced);
    return {
      perm: concat([reduced, other], 0),
      reducedNum: reduce_prod(gather(inputShape, reduced)),
      otherNum: reduce_prod(gather(inputShape, other)),
    };
  });
  const permuted = transpose(input, perm);
  const permutedShape = shape(permuted);
  const reshaped = reshape(permuted, [reducedNum, otherNum]);
  const left = cumprod(reshaped, 0, { exclusive: true });
  const right = cumprod(reshaped, 0, { exclusive: true, reverse: true });
  // TF conjugates left and right for complex inputs; for real dtypes conj is the identity (no op).
  const y = reshape(left.mul(right), permutedShape);
  const out = g.mul(transpose(y, invert_permutation(perm)));
  return [reshape(out, inputShape), null];
});

registerGradient('Cumsum', (op, [grad]) => {
  const exclusive = op.get_attr('exclusive') === true, reverse = op.get_attr('reverse') === true;
  return [cumsum(grad!, op.inputs[1], { exclusive, reverse: !reverse }), null];
});

// TF's _CumprodGrad (like TF, it divides by x, so it is undefined where x has zeros).
registerGradient('Cumprod', (op, [grad]) => {
  const [x, axis] = op.inputs;
  const exclusive = op.get_attr('exclusive') === true, reverse = op.get_attr('reverse') === true;
  const prod = cumprod(x, axis, { exclusive, reverse });
  const out = cumsum(prod.mul(grad!), axis, { exclusive, reverse: !reverse });
  return [out.truediv(x), null];
});

/**
 * TF's _GatherDropNegatives: `params` gathered at `ids`, with zeros where an id is negative (rows the
 * unsorted segment ops dropped); also the clipped ids and the full-shape mask, for reuse.
 */
function gatherDropNegatives(params: Tensor, ids: Tensor | null, zeroClipped: Tensor | null = null, positive: Tensor | null = null): [Tensor, Tensor, Tensor] {
  const clipped = zeroClipped ?? maximum(ids!, zeros_like(ids!));
  const gathered = gather(params, clipped);
  let isPositive = positive;
  if (isPositive === null) {
    isPositive = greater_equal(ids!, 0);
    const extra = (gathered.shape.ndims ?? 0) - (isPositive.shape.ndims ?? 0);
    for (let i = 0; i < extra; i++) isPositive = expand_dims(isPositive, -1);
    // Select needs a condition of the values' full shape (Select does not broadcast here, as in TF 1.x).
    isPositive = isPositive.and(ones_like(gathered, bool));
  }
  return [where(isPositive, gathered, zeros_like(gathered)), clipped, isPositive];
}
registerGradient('UnsortedSegmentSum', (op, [grad]) => [gatherDropNegatives(grad!, op.inputs[1])[0], null, null]);

// TF's _UnsortedSegmentMinOrMaxGrad: the gradient shared evenly among the entries equal to their segment's result.
for (const type of ['UnsortedSegmentMax', 'UnsortedSegmentMin'] as const) {
  registerGradient(type, (op, [grad]) => {
    const [gatheredOutputs, clipped, isPositive] = gatherDropNegatives(op.outputs[0], op.inputs[1]);
    const isSelected = equal(op.inputs[0], gatheredOutputs).and(isPositive);
    const numSelected = unsorted_segment_sum(cast(isSelected, grad!.dtype), op.inputs[1], op.inputs[2]);
    const weighted = divide(grad!, numSelected);
    const [gatheredGrads] = gatherDropNegatives(weighted, null, clipped, isPositive);
    return [where(isSelected, gatheredGrads, zeros_like(gatheredGrads)), null, null];
  });
}

// TF's _UnsortedSegmentProdGrad: the product of the other entries (segments with one zero handled apart, two or more give 0).
registerGradient('UnsortedSegmentProd', (op, [grad]) => {
  const [data, ids, num] = op.inputs;
  const isZero = equal(data, 0);
  const numZeros = unsorted_segment_sum(cast(isZero, int32), ids, num);
  const g = where(greater(numZeros, 1), zeros_like(grad!), grad!);
  const nonZeroData = where(isZero, ones_like(data), data);
  const nonZeroProd = unsorted_segment_prod(nonZeroData, ids, num);
  const clipped = maximum(ids, zeros_like(ids));
  const gatheredProd = gather(op.outputs[0], clipped);
  const gatheredNonZeroProd = gather(nonZeroProd, clipped);
  const prodDividedByEl = gatheredProd.truediv(data); // may hold nan/inf where data is 0, replaced just below
  const partial = where(isZero, gatheredNonZeroProd, prodDividedByEl);
  const [gatheredGrad] = gatherDropNegatives(g, ids, clipped);
  return [gatheredGrad.mul(partial), null, null];
});

registerGradient('SegmentSum', (op, [grad]) => [gather(grad!, op.inputs[1]), null]);
// TF's _SegmentMeanGrad: the gradient divided by each segment's size.
registerGradient('SegmentMean', (op, [grad]) => {
  const inputRank = rank(op.inputs[0]);
  const onesShape = concat([shape(op.inputs[1]), fill(expand_dims(inputRank.sub(1), 0), constant(1, { dtype: int32 }))], 0);
  const ones = fill(onesShape, constant(1, { dtype: grad!.dtype }));
  const scaled = div(grad!, segment_sum(ones, op.inputs[1]));
  return [gather(scaled, op.inputs[1]), null];
});
// TF's _SegmentMinOrMaxGrad.
for (const type of ['SegmentMax', 'SegmentMin'] as const) {
  registerGradient(type, (op, [grad]) => {
    const zeros_ = zeros_like(op.inputs[0], { dtype: op.inputs[0].dtype });
    const gatheredOutputs = gather(op.outputs[0], op.inputs[1]);
    const isSelected = equal(op.inputs[0], gatheredOutputs);
    const numSelected = segment_sum(cast(isSelected, grad!.dtype), op.inputs[1]);
    const weighted = divide(grad!, numSelected);
    return [where(isSelected, gather(weighted, op.inputs[1]), zeros_), null];
  });
}

// ---- second derivatives of the unary gradient ops (inputs: y, dy) ---------------------------------

registerGradient('TanhGrad', (op, [grad]) => after(grad!, () => {
  const [a, b] = op.inputs;
  return [grad!.mul(-2).mul(b).mul(a), unaryGradOp('TanhGrad', a, grad!)];
}));
registerGradient('SigmoidGrad', (op, [grad]) => after(grad!, () => {
  const [a, b] = op.inputs;
  const gb = grad!.mul(b);
  return [gb.sub(multiply(2, gb, { name: 'mul' }).mul(a)), unaryGradOp('SigmoidGrad', a, grad!)];
}));
registerGradient('RsqrtGrad', (op, [grad]) => {
  const [a, b] = op.inputs;
  return after(grad!, () => [multiply(-1.5, grad!, { name: 'mul' }).mul(b).mul(square(a)), unaryGradOp('RsqrtGrad', a, grad!)]);
});
// TF 1.15 builds Xdivy and MulNoNan here; with a != 0 (where SqrtGrad is defined) they equal RealDiv and Mul.
registerGradient('SqrtGrad', (op, [grad]) => {
  const a = op.inputs[0], y = op.outputs[0];
  return after(grad!, () => {
    const ga = grad!.truediv(a);
    return [negative(ga).mul(y), multiply(0.5, ga, { name: 'mul' })];
  });
});
registerGradient('ReciprocalGrad', (op, [grad]) => {
  const [a, b] = op.inputs;
  return after(grad!, () => [grad!.mul(-2).mul(b).mul(a), unaryGradOp('ReciprocalGrad', a, grad!)]);
});


// ---- complex numbers (TF's _ComplexGrad, _RealGrad, _ImagGrad, _ConjGrad, _AngleGrad, _ComplexAbsGrad) ----

registerGradient('Complex', (op, [grad]) => {
  const [x, y] = op.inputs;
  const { sx, sy, rx, ry } = broadcastGradientArgs(x, y);
  return [unbroadcast(real(grad!), rx, sx), unbroadcast(imag(grad!), ry, sy)];
});
registerGradient('Real', (_op, [grad]) => [complex(grad!, constant(0, { dtype: grad!.dtype.base_dtype }))]);
registerGradient('Imag', (_op, [grad]) => [complex(constant(0, { dtype: grad!.dtype.base_dtype }), grad!)]);
registerGradient('Conj', (_op, [grad]) => [conj(grad!)]);
registerGradient('Angle', (op, [grad]) => {
  const x = op.inputs[0];
  const z = reciprocal(complex(imag(x), real(x)));
  const complexGrad = complex(grad!, constant(0, { dtype: grad!.dtype.base_dtype }));
  return [multiply(negative(complexGrad), z)];
});
registerGradient('ComplexAbs', (op, [grad]) => {
  const asComplex = (t: Tensor) => complex(t, zeros_like(t));
  return [div_no_nan(multiply(asComplex(grad!), op.inputs[0]), asComplex(op.outputs[0]))];
});
