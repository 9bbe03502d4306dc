/**
 * State ops: the variable node and the ops that write or test it.
 */
import { bool } from '../framework/dtypes';
import { AttrValue, Tensor } from '../framework/graph';
import { TFTypeError, ValueError } from '../framework/errors';
import { attrOf, fixedDtypes } from './schema_util';
import { registerOp } from '../framework/graph';
import { TensorLike, convertIntegerInput, convert_to_tensor, makeOp } from './op_builder';
import { registerNotDifferentiable } from './gradient_util';
import { shapeError } from './shape_fns';
import { pythonFunction } from '../framework/python_signature';

/** The variable node; `Variable` is its TF ≤ 0.12 form (same attrs and behaviour), found in old graphs. */
for (const type of ['VariableV2', 'Variable'] as const) {
  registerOp({
    type,
    stateful: true,
    outputDtypes: (_i, attrs) => { const d = attrs.get('dtype'); return [d && 'type' in d ? d.type._as_ref : bool._as_ref]; },
    inferShapes: (op) => { const s = attrOf(op, 'shape'); return ['shape' in s ? s.shape : null]; },
  });
}

/** Writes input 1 into the variable of input 0; output: the variable (a ref). */
for (const type of ['Assign', 'AssignAdd', 'AssignSub'] as const) {
  registerOp({
    type,
    stateful: true,
    refInputs: [0],
    outputDtypes: (inputs) => [inputs[0].dtype],
    inferShapes: (op) => {
      const [ref, value] = op.inputs;
      const validate = op.attrs.get('validate_shape');
      const check = type !== 'Assign' || !validate || !('b' in validate) || validate.b;
      if (check && !ref.shape.is_compatible_with(value.shape)) {
        throw new ValueError(`Dimension mismatch in ${type} op '${op.name}': shapes must be equal but are ${ref.shape.debugString()} and ${value.shape.debugString()}`);
      }
      return [type === 'Assign' && !check ? value.shape : ref.shape];
    },
  });
}

registerOp({ type: 'IsVariableInitialized', refInputs: [0], outputDtypes: fixedDtypes(bool), inferShapes: () => [[]] });

/** Increments an integer variable, returning its value from before; OutOfRangeError once at `limit`. */
registerOp({ type: 'CountUpTo', stateful: true, refInputs: [0], outputDtypes: (inputs) => [inputs[0].dtype.base_dtype], inferShapes: (op) => [op.inputs[0].shape] });

/**
 * Increments `ref` until it reaches `limit` (a CountUpTo op): each run yields the value before the
 * increment; a run at the limit raises `OutOfRangeError: Reached limit of <limit>`.
 * @example const next = tf.count_up_to(counter, 3);
 */
export const count_up_to = pythonFunction('count_up_to', ['ref', 'limit', 'name=None'], 2, function count_up_to(ref: Tensor | { _ref(): Tensor }, limit: number, options: { name?: string } = {}): Tensor {
  const r = ref instanceof Tensor ? ref : ref._ref();
  checkIsVariable(r, 'count_up_to');
  if (!r.dtype.base_dtype.is_integer) throw new ValueError(`count_up_to requires an int32 or int64 variable, got ${r.dtype.base_dtype.name}`);
  return r.graph.name_scope(options.name ?? 'CountUpTo', (scope) => makeOp('CountUpTo', [r], { T: { type: r.dtype.base_dtype }, limit: { i: limit } }, scope, r.graph).outputs[0]);
});

/** `ref[indices] = updates` (ScatterUpdate), `+= updates` (ScatterAdd) ... along the first dimension. */
const SCATTER_TYPES = ['ScatterUpdate', 'ScatterAdd', 'ScatterSub', 'ScatterMul', 'ScatterDiv', 'ScatterMin', 'ScatterMax'] as const;
type ScatterType = (typeof SCATTER_TYPES)[number];
for (const type of SCATTER_TYPES) {
  registerOp({
    type,
    stateful: true,
    refInputs: [0],
    outputDtypes: (inputs) => [inputs[0].dtype],
    inferShapes: (op) => {
      const [ref, indices, updates] = op.inputs;
      // TF's ScatterUpdateShape: updates.shape = indices.shape + ref.shape[1:], or a scalar.
      if (ref.shape.dims !== null && indices.shape.dims !== null && updates.shape.dims !== null && updates.shape.dims.length !== 0) {
        const expected = indices.shape.concatenate(ref.shape.dims.slice(1));
        if (!updates.shape.is_compatible_with(expected)) {
          throw shapeError(op, `Must have updates.shape = indices.shape + params.shape[1:] or updates.shape = [], got updates.shape ${updates.shape.debugString()}, indices.shape ${indices.shape.debugString()}, params.shape ${ref.shape.debugString()}`);
        }
      }
      return [ref.shape];
    },
  });
}

// TF's state_grad.py: writes to a variable pass no gradient.
// (ScatterMin and ScatterMax are left undeclared there, as here.)
registerNotDifferentiable('Assign', 'AssignAdd', 'AssignSub', 'ScatterUpdate', 'ScatterAdd', 'ScatterSub', 'ScatterMul', 'ScatterDiv');

/** What a variable-writing function accepts as its `ref`: a ref tensor or a Variable. */
export type RefLike = Tensor | { _ref(): Tensor };

export function refTensor(ref: RefLike, what: string): Tensor {
  const r = ref instanceof Tensor ? ref : typeof (ref as { _ref?: unknown })?._ref === 'function' ? ref._ref() : null;
  if (r === null) throw new ValueError(`${what} requires a variable (a ref tensor) as 'ref', got ${String(ref)}`);
  checkIsVariable(r, what);
  return r;
}

/** A write op on `ref`: its value converted to the variable's dtype, output the updated ref. */
function writeOp(type: 'Assign' | 'AssignAdd' | 'AssignSub', ref: RefLike, value: TensorLike, attrs: Record<string, AttrValue>, name: string | undefined): Tensor {
  const r = refTensor(ref, type === 'Assign' ? 'assign' : type === 'AssignAdd' ? 'assign_add' : 'assign_sub');
  return r.graph.name_scope(name ?? type, (scope) => {
    const v = convert_to_tensor(value, { dtype: r.dtype.base_dtype, name: 'value' });
    return makeOp(type, [r, v], { T: { type: r.dtype.base_dtype }, ...attrs }, scope, r.graph).outputs[0];
  });
}

export interface AssignOpOptions { validate_shape?: boolean | null; use_locking?: boolean | null; name?: string }

/**
 * Writes `value` into `ref` (an Assign op named `Assign`); the result is `ref` after the write.
 * `validate_shape: false` lets the variable take another shape. TF's `use_locking` defaults to true here.
 * @example sess.run(tf.assign(v, [1.0, 2.0]))
 */
export const assign = pythonFunction('assign', ['ref', 'value', 'validate_shape=None', 'use_locking=None', 'name=None'], 2, function assign(ref: RefLike, value: TensorLike, options: AssignOpOptions = {}): Tensor {
  return writeOp('Assign', ref, value, { use_locking: { b: options.use_locking ?? true }, validate_shape: { b: options.validate_shape ?? true } }, options.name);
});
/** `ref += value` (AssignAdd). @example const step = tf.assign_add(counter, 1); step.eval() */
export const assign_add = pythonFunction('assign_add', ['ref', 'value', 'use_locking=None', 'name=None'], 2, function assign_add(ref: RefLike, value: TensorLike, options: Omit<AssignOpOptions, 'validate_shape'> = {}): Tensor {
  return writeOp('AssignAdd', ref, value, { use_locking: { b: options.use_locking ?? false } }, options.name);
});
/** `ref -= value` (AssignSub). */
export const assign_sub = pythonFunction('assign_sub', ['ref', 'value', 'use_locking=None', 'name=None'], 2, function assign_sub(ref: RefLike, value: TensorLike, options: Omit<AssignOpOptions, 'validate_shape'> = {}): Tensor {
  return writeOp('AssignSub', ref, value, { use_locking: { b: options.use_locking ?? false } }, options.name);
});

function scatter(type: ScatterType, what: string, ref: RefLike, indices: TensorLike, updates: TensorLike, useLocking: boolean, name: string | undefined): Tensor {
  const r = refTensor(ref, what);
  return r.graph.name_scope(name ?? type, (scope) => {
    if ((type === 'ScatterMin' || type === 'ScatterMax') && !r.dtype.base_dtype.is_floating && !r.dtype.base_dtype.is_integer) {
      throw new TFTypeError(`Value passed to parameter 'ref' has DataType ${r.dtype.base_dtype.name} not in list of allowed values: half, bfloat16, float32, float64, int32, int64`);
    }
    const i = convertIntegerInput(indices, 'indices');
    const u = convert_to_tensor(updates, { dtype: r.dtype.base_dtype, name: 'updates' });
    const attrs = { T: { type: r.dtype.base_dtype }, Tindices: { type: i.dtype.base_dtype }, use_locking: { b: useLocking } };
    return makeOp(type, [r, i, u], attrs, scope, r.graph).outputs[0];
  });
}

/**
 * `ref[indices, ...] = updates` (ScatterUpdate); the result is `ref` after the write.
 * @example tf.scatter_update(v, [0, 2], [10.0, 30.0])
 */
export const scatter_update = pythonFunction('scatter_update', ['ref', 'indices', 'updates', 'use_locking=True', 'name=None'], 3, function scatter_update(ref: RefLike, indices: TensorLike, updates: TensorLike, options: { use_locking?: boolean; name?: string } = {}): Tensor {
  return scatter('ScatterUpdate', 'scatter_update', ref, indices, updates, options.use_locking ?? true, options.name);
});
/** `ref[indices, ...] += updates` (ScatterAdd; repeated indices add up). */
export const scatter_add = pythonFunction('scatter_add', ['ref', 'indices', 'updates', 'use_locking=False', 'name=None'], 3, function scatter_add(ref: RefLike, indices: TensorLike, updates: TensorLike, options: { use_locking?: boolean; name?: string } = {}): Tensor {
  return scatter('ScatterAdd', 'scatter_add', ref, indices, updates, options.use_locking ?? false, options.name);
});

type ScatterOptions = { use_locking?: boolean; name?: string };
/** `ref[indices, ...] -= updates` (ScatterSub). */
export const scatter_sub = pythonFunction('scatter_sub', ['ref', 'indices', 'updates', 'use_locking=False', 'name=None'], 3, function scatter_sub(ref: RefLike, indices: TensorLike, updates: TensorLike, options: ScatterOptions = {}): Tensor {
  return scatter('ScatterSub', 'scatter_sub', ref, indices, updates, options.use_locking ?? false, options.name);
});
/** `ref[indices, ...] *= updates` (ScatterMul). */
export const scatter_mul = pythonFunction('scatter_mul', ['ref', 'indices', 'updates', 'use_locking=False', 'name=None'], 3, function scatter_mul(ref: RefLike, indices: TensorLike, updates: TensorLike, options: ScatterOptions = {}): Tensor {
  return scatter('ScatterMul', 'scatter_mul', ref, indices, updates, options.use_locking ?? false, options.name);
});
/** `ref[indices, ...] /= updates` (ScatterDiv). */
export const scatter_div = pythonFunction('scatter_div', ['ref', 'indices', 'updates', 'use_locking=False', 'name=None'], 3, function scatter_div(ref: RefLike, indices: TensorLike, updates: TensorLike, options: ScatterOptions = {}): Tensor {
  return scatter('ScatterDiv', 'scatter_div', ref, indices, updates, options.use_locking ?? false, options.name);
});
/** `ref[indices, ...] = minimum(ref[indices, ...], updates)` (ScatterMin). */
export const scatter_min = pythonFunction('scatter_min', ['ref', 'indices', 'updates', 'use_locking=False', 'name=None'], 3, function scatter_min(ref: RefLike, indices: TensorLike, updates: TensorLike, options: ScatterOptions = {}): Tensor {
  return scatter('ScatterMin', 'scatter_min', ref, indices, updates, options.use_locking ?? false, options.name);
});
/** `ref[indices, ...] = maximum(ref[indices, ...], updates)` (ScatterMax). */
export const scatter_max = pythonFunction('scatter_max', ['ref', 'indices', 'updates', 'use_locking=False', 'name=None'], 3, function scatter_max(ref: RefLike, indices: TensorLike, updates: TensorLike, options: ScatterOptions = {}): Tensor {
  return scatter('ScatterMax', 'scatter_max', ref, indices, updates, options.use_locking ?? false, options.name);
});

/** Checks the ref input of an assign-like builder. */
export function checkIsVariable(ref: Tensor, what: string): void {
  if (!ref.dtype.is_ref_dtype) throw new ValueError(`${what} requires a variable (a ref tensor), got ${ref}`);
}
