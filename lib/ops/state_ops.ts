/**
 * State ops: the variable node and the ops that write or test it.
 */
import { bool } from '../framework/dtypes';
import { Tensor } from '../framework/graph';
import { ValueError } from '../framework/errors';
import { attrOf, fixedDtypes } from './schema_util';
import { registerOp } from '../framework/graph';
import { makeOp } from './op_builder';
import { registerNotDifferentiable } from './gradient_util';

registerOp({
  type: 'VariableV2',
  stateful: true,
  outputDtypes: (_i, attrs) => { const d = attrs.get('dtype'); return [d && 'type' in d ? d.type._as_ref : bool._as_ref]; },
  inferShapes: (op) => { const s = attrOf(op, 'shape'); return ['shape' in s ? s.shape : null]; },
});

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
export function count_up_to(ref: Tensor | { _ref(): Tensor }, limit: number, options: { name?: string } = {}): Tensor {
  const r = ref instanceof Tensor ? ref : ref._ref();
  checkIsVariable(r, 'count_up_to');
  if (!r.dtype.base_dtype.is_integer) throw new ValueError(`count_up_to requires an int32 or int64 variable, got ${r.dtype.base_dtype.name}`);
  return r.graph.name_scope(options.name ?? 'CountUpTo', (scope) => makeOp('CountUpTo', [r], { T: { type: r.dtype.base_dtype }, limit: { i: limit } }, scope, r.graph).outputs[0]);
}

// TF's state_grad.py: writes to a variable pass no gradient.
registerNotDifferentiable('Assign', 'AssignAdd', 'AssignSub');

/** Checks the ref input of an assign-like builder. */
export function checkIsVariable(ref: Tensor, what: string): void {
  if (!ref.dtype.is_ref_dtype) throw new ValueError(`${what} requires a variable (a ref tensor), got ${ref}`);
}
