/** tf.train.MomentumOptimizer: accumulation = momentum * accumulation + grad; var -= lr * accumulation. */
import { Operation, Tensor } from '../../framework/graph';
import { apply_momentum, sparse_apply_momentum } from '../../ops/training_ops';
import { IndexedSlices } from '../../ops/indexed_slices';
import { RefVariable } from '../../variables/variables';
import { HyperParameter, Optimizer, castTo } from './optimizer';

export class MomentumOptimizer extends Optimizer {
  readonly use_nesterov: boolean;
  private learningRateTensor: Tensor | null = null;
  private momentumTensor: Tensor | null = null;

  /** @example new tf.train.MomentumOptimizer(0.01, 0.9, {use_nesterov: true}) */
  constructor(readonly learning_rate: HyperParameter, readonly momentum: HyperParameter, options: { use_locking?: boolean; name?: string; use_nesterov?: boolean } = {}) {
    super(options.use_locking ?? false, options.name ?? 'Momentum');
    this.use_nesterov = options.use_nesterov ?? false;
  }

  protected createSlots(varList: readonly RefVariable[]): void {
    for (const v of varList) this.zerosSlot(v, 'momentum', this.name);
  }

  protected prepare(): void {
    this.learningRateTensor = this.hyperTensor(this.learning_rate, 'learning_rate');
    this.momentumTensor = this.hyperTensor(this.momentum, 'momentum');
  }

  protected applyDense(grad: Tensor, v: RefVariable): Operation {
    const accum = this.get_slot(v, 'momentum')!;
    return apply_momentum(v._ref(), accum._ref(), castTo(this.learningRateTensor!, v), grad, castTo(this.momentumTensor!, v),
      { use_locking: this.use_locking, use_nesterov: this.use_nesterov });
  }

  protected override applySparse(grad: IndexedSlices, v: RefVariable): Operation {
    const accum = this.get_slot(v, 'momentum')!;
    return sparse_apply_momentum(v._ref(), accum._ref(), castTo(this.learningRateTensor!, v), grad.values, grad.indices, castTo(this.momentumTensor!, v),
      { use_locking: this.use_locking, use_nesterov: this.use_nesterov });
  }
}
