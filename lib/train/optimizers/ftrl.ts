/**
 * tf.train.FtrlOptimizer (FTRL-Proximal, McMahan et al. 2013): slots `<var>/Ftrl` (the accumulator, starting
 * at initial_accumulator_value) and `<var>/Ftrl_1` (the linear term, zeros), one ApplyFtrl per variable.
 * The linear estimators train with it.
 */
import { Operation, Tensor } from '../../framework/graph';
import { ValueError } from '../../framework/errors';
import { apply_ftrl, sparse_apply_ftrl } from '../../ops/training_ops';
import { IndexedSlices } from '../../ops/indexed_slices';
import { RefVariable } from '../../variables/variables';
import { constant_initializer } from '../../variables/initializers';
import { HyperParameter, Optimizer, castTo } from './optimizer';

export interface FtrlOptions {
  learning_rate_power?: number;
  initial_accumulator_value?: number;
  l1_regularization_strength?: number;
  l2_regularization_strength?: number;
  use_locking?: boolean;
  name?: string;
  accum_name?: string | null;
  linear_name?: string | null;
  l2_shrinkage_regularization_strength?: number;
}

export class FtrlOptimizer extends Optimizer {
  readonly learning_rate_power: number;
  readonly initial_accumulator_value: number;
  readonly l1_regularization_strength: number;
  readonly l2_regularization_strength: number;
  private readonly accumName: string;
  private readonly linearName: string;
  private hyper: Tensor[] = [];

  /** @example new tf.train.FtrlOptimizer(0.2) */
  constructor(readonly learning_rate: HyperParameter, options: FtrlOptions = {}) {
    super(options.use_locking ?? false, options.name ?? 'Ftrl');
    this.learning_rate_power = options.learning_rate_power ?? -0.5;
    this.initial_accumulator_value = options.initial_accumulator_value ?? 0.1;
    this.l1_regularization_strength = options.l1_regularization_strength ?? 0;
    this.l2_regularization_strength = options.l2_regularization_strength ?? 0;
    if (this.initial_accumulator_value < 0) throw new ValueError(`initial_accumulator_value ${this.initial_accumulator_value} needs to be positive or zero`);
    if (this.learning_rate_power > 0) throw new ValueError(`learning_rate_power ${this.learning_rate_power} needs to be negative or zero`);
    if (this.l1_regularization_strength < 0) throw new ValueError(`l1_regularization_strength ${this.l1_regularization_strength} needs to be positive or zero`);
    if (this.l2_regularization_strength < 0) throw new ValueError(`l2_regularization_strength ${this.l2_regularization_strength} needs to be positive or zero`);
    if ((options.l2_shrinkage_regularization_strength ?? 0) !== 0) {
      throw new ValueError('l2_shrinkage_regularization_strength needs ApplyFtrlV2, which scopeflow does not have; leave it at 0');
    }
    this.accumName = options.accum_name ?? this.name;
    this.linearName = options.linear_name ?? this.name;
  }

  protected createSlots(varList: readonly RefVariable[]): void {
    for (const v of varList) {
      this.slotWithInitializer(v, constant_initializer(this.initial_accumulator_value, { dtype: v.dtype.base_dtype }), 'accum', this.accumName);
      this.zerosSlot(v, 'linear', this.linearName);
    }
  }

  protected prepare(): void {
    this.hyper = [
      this.hyperTensor(this.learning_rate, 'learning_rate'),
      this.hyperTensor(this.l1_regularization_strength, 'l1_regularization_strength'),
      this.hyperTensor(this.l2_regularization_strength, 'l2_regularization_strength'),
      this.hyperTensor(this.learning_rate_power, 'learning_rate_power'),
    ];
  }

  protected applyDense(grad: Tensor, v: RefVariable): Operation {
    const [lr, l1, l2, power] = this.hyper.map((t) => castTo(t, v));
    return apply_ftrl(v._ref(), this.get_slot(v, 'accum')!._ref(), this.get_slot(v, 'linear')!._ref(), grad, lr, l1, l2, power,
      { use_locking: this.use_locking });
  }

  protected override applySparse(grad: IndexedSlices, v: RefVariable): Operation {
    const [lr, l1, l2, power] = this.hyper.map((t) => castTo(t, v));
    return sparse_apply_ftrl(v._ref(), this.get_slot(v, 'accum')!._ref(), this.get_slot(v, 'linear')!._ref(), grad.values, grad.indices, lr, l1, l2, power,
      { use_locking: this.use_locking });
  }
}
