/**
 * `tf.train.ExponentialMovingAverage`: a shadow variable per tracked variable (`<var>/ExponentialMovingAverage`,
 * starting at the variable's initial value), moved toward it by `apply()`'s op:
 * `shadow -= (shadow - var) * (1 - decay)`, with `decay = min(decay, (1 + n) / (10 + n))` given `num_updates`.
 */
import { Operation, Tensor, get_default_graph } from '../framework/graph';
import { GraphKeys } from '../framework/graph_keys';
import { TFTypeError, ValueError } from '../framework/errors';
import { TensorLike, convert_to_tensor } from '../ops/op_builder';
import { group } from '../ops/control_flow_ops';
import { cast, minimum, multiply, subtract, truediv, add } from '../ops/math_ops';
import { shape as shapeOf, zeros as zerosOf } from '../ops/array_ops';
import { RefVariable, Variable, global_variables, trainable_variables } from '../variables/variables';

/** `variable -= (variable - value) * (1 - decay)` in scope `AssignMovingAvg` (TF's assign_moving_average). */
export function assign_moving_average(variable: RefVariable, value: TensorLike, decay: TensorLike, options: { name?: string | null } = {}): Tensor {
  const g = variable.graph;
  return g.name_scope(options.name ?? 'AssignMovingAvg', (scope) => g.colocate_with(variable, () => {
    const oneMinusDecay = subtract(1, decay, { name: 'sub' });
    const delta = multiply(subtract(variable, value, { name: 'sub' }), oneMinusDecay, { name: 'mul' });
    return variable.assign_sub(delta, { name: scope }) as Tensor;
  }));
}

export class ExponentialMovingAverage {
  private readonly averages = new Map<RefVariable | Tensor, RefVariable>();

  constructor(readonly decay: number, private readonly options: { num_updates?: TensorLike | null; zero_debias?: boolean; name?: string } = {}) {
    if (options.zero_debias) throw new ValueError('ExponentialMovingAverage: zero_debias is not supported');
  }

  get name(): string { return this.options.name ?? 'ExponentialMovingAverage'; }

  /**
   * Creates the shadow variables (first call per variable or tensor) and returns the op that updates them all.
   * A variable's average starts at its initial value; a tensor's (a loss, say) at zeros of its shape.
   */
  apply(var_list: readonly (RefVariable | Tensor)[] | null = null): Operation {
    const vars = var_list ?? trainable_variables();
    for (const v of vars) {
      if (!(v instanceof RefVariable) && !(v instanceof Tensor)) throw new TFTypeError(`The variables must be tf.Variable objects or tensors, got ${String(v)}`);
      if (!v.dtype.base_dtype.is_floating) throw new TFTypeError(`The variables must be half, float, or double: ${v.name}`);
      if (this.averages.has(v)) throw new ValueError(`Moving average already computed for: ${v.name}`);
      const g = v.graph;
      // Outside control dependencies and name scopes (TF's init_scope); a variable's average sits with it.
      const shadow = g.control_dependencies(null, () => g.name_scope(null, () => {
        if (!(v instanceof RefVariable)) {
          const zeros = v.shape.is_fully_defined() ? zerosOf(v.shape.toNumbers(), v.dtype.base_dtype) : zerosOf(shapeOf(v), v.dtype.base_dtype);
          return Variable(zeros, { name: this.average_name(v), trainable: false, validate_shape: v.shape.is_fully_defined() });
        }
        return g.colocate_with(v, () => Variable(v.initialized_value(), { name: this.average_name(v), trainable: false }));
      }));
      this.averages.set(v, shadow);
      // Only variables join MOVING_AVERAGE_VARIABLES.
      if (v instanceof RefVariable) g.add_to_collection(GraphKeys.MOVING_AVERAGE_VARIABLES, v);
    }
    const g = vars.length ? vars[0].graph : undefined;
    const build = (scope: string): Operation => {
      let decay: Tensor = convert_to_tensor(this.decay, { name: 'decay', dtype: 'float32' });
      if (this.options.num_updates !== undefined && this.options.num_updates !== null) {
        const n = cast(this.options.num_updates, 'float32', { name: 'num_updates' });
        decay = minimum(decay, truediv(add(1, n), add(10, n)));
      }
      const updates = vars.map((v) => assign_moving_average(this.averages.get(v)!, v, decay));
      return group(updates, { name: scope });
    };
    return g ? g.name_scope(this.name, build) : group([], { name: this.name });
  }

  /** The shadow variable of `v`, a variable or tensor (null before `apply`). */
  average(v: RefVariable | Tensor): RefVariable | null { return this.averages.get(v) ?? null; }

  /** `<v.op.name>/ExponentialMovingAverage`, the name of v's shadow (also its checkpoint key). */
  average_name(v: RefVariable | Tensor): string { return `${v.op.name}/${this.name}`; }

  /**
   * Checkpoint keys → variables for a Saver that loads the averages into the model's variables: trainable
   * and MOVING_AVERAGE_VARIABLES ones from their averages, every other global variable from its own name.
   */
  variables_to_restore(moving_avg_variables: readonly RefVariable[] | null = null): Record<string, RefVariable> {
    const g = get_default_graph();
    const averaged = new Set(moving_avg_variables ?? [...trainable_variables(), ...g.get_collection<RefVariable>(GraphKeys.MOVING_AVERAGE_VARIABLES)]);
    const out: Record<string, RefVariable> = {};
    for (const v of averaged) out[this.average_name(v)] = v;
    for (const v of global_variables()) if (!averaged.has(v) && !(v.op.name in out)) out[v.op.name] = v;
    return out;
  }
}
