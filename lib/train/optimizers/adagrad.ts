/** tf.train.AdagradOptimizer: accumulator `<var>/Adagrad` += grad²; var -= lr * grad / sqrt(accumulator). */
import { Operation, Tensor } from '../../framework/graph';
import { ValueError } from '../../framework/errors';
import { apply_adagrad, sparse_apply_adagrad } from '../../ops/training_ops';
import { IndexedSlices } from '../../ops/indexed_slices';
import { RefVariable } from '../../variables/variables';
import { constant_initializer } from '../../variables/initializers';
import { HyperParameter, Optimizer, castTo } from './optimizer';

export class AdagradOptimizer extends Optimizer {
  readonly initial_accumulator_value: number;
  private lrT: Tensor | null = null;

  /** @example new tf.train.AdagradOptimizer(0.1, {initial_accumulator_value: 0.1}) */
  constructor(readonly learning_rate: HyperParameter, options: { initial_accumulator_value?: number; use_locking?: boolean; name?: string } = {}) {
    super(options.use_locking ?? false, options.name ?? 'Adagrad');
    this.initial_accumulator_value = options.initial_accumulator_value ?? 0.1;
    if (this.initial_accumulator_value <= 0) throw new ValueError(`initial_accumulator_value must be positive: ${this.initial_accumulator_value}`);
  }

  protected createSlots(varList: readonly RefVariable[]): void {
    for (const v of varList) {
      this.slotWithInitializer(v, constant_initializer(this.initial_accumulator_value, { dtype: v.dtype.base_dtype }), 'accumulator', this.name);
    }
  }

  protected prepare(): void { this.lrT = this.hyperTensor(this.learning_rate, 'learning_rate'); }

  protected applyDense(grad: Tensor, v: RefVariable): Operation {
    return apply_adagrad(v._ref(), this.get_slot(v, 'accumulator')!._ref(), castTo(this.lrT!, v), grad, { use_locking: this.use_locking });
  }

  protected override applySparse(grad: IndexedSlices, v: RefVariable): Operation {
    return sparse_apply_adagrad(v._ref(), this.get_slot(v, 'accumulator')!._ref(), castTo(this.lrT!, v), grad.values, grad.indices, { use_locking: this.use_locking });
  }
}
