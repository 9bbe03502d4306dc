/**
 * State ops: the variable node and the ops that write or test it.
 */
import { bool } from '../framework/dtypes';
import { Tensor } from '../framework/graph';
import { ValueError } from '../framework/errors';
import { registerOp, attrOf, fixedDtypes } from './registry';
import { registerNotDifferentiable } from './gradient_util';

registerOp({
  type: 'VariableV2',
  stateful: true,
  outputDtypes: (_i, attrs) => { const d = attrs.get('dtype'); return [d && 'type' in d ? d.type._as_ref : bool._as_ref]; },
  inferShapes: (op) => { const s = attrOf(op, 'shape'); return ['shape' in s ? s.shape : null]; },
});

/** Writes input 1 into the variable of input 0; output: the variable (a ref). */
for (const type of ['Assign', 'AssignAdd', 'AssignSub']) {
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

// TF's state_grad.py: writes to a variable pass no gradient.
registerNotDifferentiable('Assign', 'AssignAdd', 'AssignSub');

/** Checks the ref input of an assign-like builder. */
export function checkIsVariable(ref: Tensor, what: string): void {
  if (!ref.dtype.is_ref_dtype) throw new ValueError(`${what} requires a variable (a ref tensor), got ${ref}`);
}
