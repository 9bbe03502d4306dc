/**
 * tf.train.RMSPropOptimizer: slots `<var>/RMSProp` (rms, starting at ones), `<var>/RMSProp_1`
 * (momentum), and with `centered` the mean gradient `mg` between them.
 */
import { Operation, Tensor } from '../../framework/graph';
import { apply_centered_rms_prop, apply_rms_prop, sparse_apply_centered_rms_prop, sparse_apply_rms_prop } from '../../ops/training_ops';
import { IndexedSlices } from '../../ops/indexed_slices';
import { RefVariable } from '../../variables/variables';
import { ones_initializer } from '../../variables/initializers';
import { HyperParameter, Optimizer, castTo } from './optimizer';

export interface RMSPropOptions { decay?: number; momentum?: number; epsilon?: number; use_locking?: boolean; centered?: boolean; name?: string }

export class RMSPropOptimizer extends Optimizer {
  readonly decay: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly centered: boolean;
  private lrT: Tensor | null = null;
  private decayT: Tensor | null = null;
  private momentumT: Tensor | null = null;
  private epsilonT: Tensor | null = null;

  /** @example new tf.train.RMSPropOptimizer(0.01, {decay: 0.9, momentum: 0.5}) */
  constructor(readonly learning_rate: HyperParameter, options: RMSPropOptions = {}) {
    super(options.use_locking ?? false, options.name ?? 'RMSProp');
    this.decay = options.decay ?? 0.9;
    this.momentum = options.momentum ?? 0;
    this.epsilon = options.epsilon ?? 1e-10;
    this.centered = options.centered ?? false;
  }

  protected createSlots(varList: readonly RefVariable[]): void {
    for (const v of varList) {
      this.slotWithInitializer(v, ones_initializer({ dtype: v.dtype.base_dtype }), 'rms', this.name);
      if (this.centered) this.zerosSlot(v, 'mg', this.name);
      this.zerosSlot(v, 'momentum', this.name);
    }
  }

  protected prepare(): void {
    this.lrT = this.hyperTensor(this.learning_rate, 'learning_rate');
    this.decayT = this.hyperTensor(this.decay, 'decay');
    this.momentumT = this.hyperTensor(this.momentum, 'momentum');
    this.epsilonT = this.hyperTensor(this.epsilon, 'epsilon');
  }

  protected applyDense(grad: Tensor, v: RefVariable): Operation {
    const rms = this.get_slot(v, 'rms')!, mom = this.get_slot(v, 'momentum')!;
    const hyper = [this.lrT!, this.decayT!, this.momentumT!, this.epsilonT!].map((t) => castTo(t, v)) as [Tensor, Tensor, Tensor, Tensor];
    const options = { use_locking: this.use_locking };
    if (this.centered) {
      const mg = this.get_slot(v, 'mg')!;
      return apply_centered_rms_prop(v._ref(), mg._ref(), rms._ref(), mom._ref(), ...hyper, grad, options);
    }
    return apply_rms_prop(v._ref(), rms._ref(), mom._ref(), ...hyper, grad, options);
  }

  protected override applySparse(grad: IndexedSlices, v: RefVariable): Operation {
    const rms = this.get_slot(v, 'rms')!, mom = this.get_slot(v, 'momentum')!;
    const hyper = [this.lrT!, this.decayT!, this.momentumT!, this.epsilonT!].map((t) => castTo(t, v)) as [Tensor, Tensor, Tensor, Tensor];
    const options = { use_locking: this.use_locking };
    if (this.centered) {
      return sparse_apply_centered_rms_prop(v._ref(), this.get_slot(v, 'mg')!._ref(), rms._ref(), mom._ref(), ...hyper, grad.values, grad.indices, options);
    }
    return sparse_apply_rms_prop(v._ref(), rms._ref(), mom._ref(), ...hyper, grad.values, grad.indices, options);
  }
}
