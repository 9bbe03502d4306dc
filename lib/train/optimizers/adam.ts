/**
 * tf.train.AdamOptimizer (Kingma & Ba): slots `<var>/Adam` (m) and `<var>/Adam_1` (v), and the
 * bias-correction accumulators `beta1_power` and `beta2_power`, colocated with the first variable by
 * name and multiplied by beta1/beta2 after each step's updates.
 */
import { Operation, Tensor } from '../../framework/graph';
import { apply_adam } from '../../ops/training_ops';
import { multiply, sqrt, subtract, truediv, add } from '../../ops/math_ops';
import { assign, assign_sub, scatter_add } from '../../ops/state_ops';
import { IndexedSlices } from '../../ops/indexed_slices';
import { group } from '../../ops/control_flow_ops';
import { RefVariable } from '../../variables/variables';
import { HyperParameter, Optimizer, castTo } from './optimizer';

export interface AdamOptions { beta1?: number; beta2?: number; epsilon?: number; use_locking?: boolean; name?: string }

export class AdamOptimizer extends Optimizer {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  private lrT: Tensor | null = null;
  private beta1T: Tensor | null = null;
  private beta2T: Tensor | null = null;
  private epsilonT: Tensor | null = null;

  /** @example new tf.train.AdamOptimizer(0.001, {beta1: 0.9}) */
  constructor(readonly learning_rate: HyperParameter = 0.001, options: AdamOptions = {}) {
    super(options.use_locking ?? false, options.name ?? 'Adam');
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
  }

  protected createSlots(varList: readonly RefVariable[]): void {
    const first = [...varList].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))[0];
    this.nonSlotVariable(this.beta1, 'beta1_power', first);
    this.nonSlotVariable(this.beta2, 'beta2_power', first);
    for (const v of varList) {
      this.zerosSlot(v, 'm', this.name);
      this.zerosSlot(v, 'v', this.name);
    }
  }

  protected prepare(): void {
    this.lrT = this.hyperTensor(this.learning_rate, 'learning_rate');
    this.beta1T = this.hyperTensor(this.beta1, 'beta1');
    this.beta2T = this.hyperTensor(this.beta2, 'beta2');
    this.epsilonT = this.hyperTensor(this.epsilon, 'epsilon');
  }

  protected applyDense(grad: Tensor, v: RefVariable): Operation {
    const m = this.get_slot(v, 'm')!, vSlot = this.get_slot(v, 'v')!;
    const [beta1Power, beta2Power] = this.betaAccumulators(v.graph);
    return apply_adam(v._ref(), m._ref(), vSlot._ref(), castTo(beta1Power.value(), v), castTo(beta2Power.value(), v),
      castTo(this.lrT!, v), castTo(this.beta1T!, v), castTo(this.beta2T!, v), castTo(this.epsilonT!, v), grad,
      { use_locking: this.use_locking });
  }

  /** TF's _apply_sparse_shared: m and v decay everywhere, the gradient's rows are added, var moves everywhere. */
  protected override applySparse(grad: IndexedSlices, v: RefVariable): Operation {
    const [beta1Power, beta2Power] = this.betaAccumulators(v.graph).map((p) => castTo(p.value(), v));
    const [lrT, beta1T, beta2T, epsilonT] = [this.lrT!, this.beta1T!, this.beta2T!, this.epsilonT!].map((t) => castTo(t, v));
    const lr = truediv(multiply(lrT, sqrt(subtract(1, beta2Power))), subtract(1, beta1Power));
    const g = v.graph, locking = { use_locking: this.use_locking };
    const m = this.get_slot(v, 'm')!, vSlot = this.get_slot(v, 'v')!;
    const mScaled = multiply(grad.values, subtract(1, beta1T));
    const mDecayed = assign(m._ref(), multiply(m, beta1T), locking);
    const mT = g.control_dependencies([mDecayed], () => scatter_add(m._ref(), grad.indices, mScaled, locking));
    const vScaled = multiply(multiply(grad.values, grad.values), subtract(1, beta2T));
    const vDecayed = assign(vSlot._ref(), multiply(vSlot, beta2T), locking);
    const vT = g.control_dependencies([vDecayed], () => scatter_add(vSlot._ref(), grad.indices, vScaled, locking));
    const varUpdate = assign_sub(v._ref(), truediv(multiply(lr, mT), add(sqrt(vT), epsilonT)), locking);
    return group([varUpdate.op, mT.op, vT.op]);
  }

  /** After every variable's update: beta1_power *= beta1, beta2_power *= beta2. */
  protected override finish(updateOps: readonly Operation[], nameScope: string): Operation {
    const [beta1Power, beta2Power] = this.betaAccumulators(updateOps[0].graph);
    const g = beta1Power.graph;
    const [update1, update2] = g.control_dependencies(updateOps, () => g.colocate_with(beta1Power.op, () => [
      beta1Power.assign(multiply(beta1Power, this.beta1T!, { name: 'mul' }), { use_locking: this.use_locking }) as Tensor,
      beta2Power.assign(multiply(beta2Power, this.beta2T!, { name: 'mul' }), { use_locking: this.use_locking }) as Tensor,
    ]));
    return group([...updateOps, update1.op, update2.op], { name: nameScope });
  }

  private betaAccumulators(graph: RefVariable['graph']): [RefVariable, RefVariable] {
    return [this.getNonSlotVariable('beta1_power', graph), this.getNonSlotVariable('beta2_power', graph)];
  }
}
