/**
 * tf.train.AdagradDAOptimizer (Adagrad Dual Averaging, Duchi et al. 2011): slots `<var>/AdagradDA` (the gradient
 * sum, zeros) and `<var>/AdagradDA_1` (the squared-gradient sum, from initial_gradient_squared_accumulator_value);
 * the variable is recomputed from both and the step count (global_step + 1) by ApplyAdagradDA, which sparse
 * models train with (l1 gives exact zeros).
 */
import { Operation, Tensor } from '../../framework/graph';
import { int64 } from '../../framework/dtypes';
import { TFTypeError } from '../../framework/errors';
import { apply_adagrad_da, sparse_apply_adagrad_da } from '../../ops/training_ops';
import { IndexedSlices } from '../../ops/indexed_slices';
import { add, cast } from '../../ops/math_ops';
import { identity } from '../../ops/array_ops';
import { RefVariable } from '../../variables/variables';
import { constant_initializer } from '../../variables/initializers';
import { GlobalStep } from '../training_util';
import { HyperParameter, Optimizer, castTo } from './optimizer';

export interface AdagradDAOptions {
  initial_gradient_squared_accumulator_value?: number;
  l1_regularization_strength?: number;
  l2_regularization_strength?: number;
  use_locking?: boolean;
  name?: string;
}

export class AdagradDAOptimizer extends Optimizer {
  readonly initial_gradient_squared_accumulator_value: number;
  readonly l1_regularization_strength: number;
  readonly l2_regularization_strength: number;
  private lrT: Tensor | null = null;
  private stepOnWorker: Tensor | null = null;

  /** @example new tf.train.AdagradDAOptimizer(0.1, global_step, {l1_regularization_strength: 0.001}) */
  constructor(readonly learning_rate: HyperParameter, readonly global_step: GlobalStep, options: AdagradDAOptions = {}) {
    super(options.use_locking ?? false, options.name ?? 'AdagradDA');
    if (!global_step) throw new TFTypeError('AdagradDAOptimizer needs a global step');
    this.initial_gradient_squared_accumulator_value = options.initial_gradient_squared_accumulator_value ?? 0.1;
    this.l1_regularization_strength = options.l1_regularization_strength ?? 0;
    this.l2_regularization_strength = options.l2_regularization_strength ?? 0;
  }

  protected createSlots(varList: readonly RefVariable[]): void {
    for (const v of varList) {
      this.zerosSlot(v, 'gradient_accumulator', this.name);
      this.slotWithInitializer(v, constant_initializer(this.initial_gradient_squared_accumulator_value, { dtype: v.dtype.base_dtype }), 'gradient_squared_accumulator', this.name);
    }
  }

  protected prepare(): void {
    this.lrT = this.hyperTensor(this.learning_rate, 'learning_rate');
    // A copy of the step on the worker (TF's _global_step_on_worker), counting from 1.
    const lr = this.lrT;
    this.stepOnWorker = lr.graph.colocate_with(lr.op, () => add(identity(this.global_step), 1));
  }

  /** The hyper-parameters in v's dtype and the step as int64, read on v's device. */
  private args(v: RefVariable): [Tensor, Tensor, Tensor, Tensor] {
    const g = v.graph;
    const step = g.device(v.device, () => identity(cast(this.stepOnWorker!, int64)));
    const l1 = this.hyperTensor(this.l1_regularization_strength, 'l1_regularization_strength');
    const l2 = this.hyperTensor(this.l2_regularization_strength, 'l2_regularization_strength');
    return [castTo(this.lrT!, v), castTo(l1, v), castTo(l2, v), step];
  }

  protected applyDense(grad: Tensor, v: RefVariable): Operation {
    const [lr, l1, l2, step] = this.args(v);
    return apply_adagrad_da(v._ref(), this.get_slot(v, 'gradient_accumulator')!._ref(), this.get_slot(v, 'gradient_squared_accumulator')!._ref(), grad, lr, l1, l2, step, { use_locking: this.use_locking });
  }

  protected override applySparse(grad: IndexedSlices, v: RefVariable): Operation {
    const [lr, l1, l2, step] = this.args(v);
    return sparse_apply_adagrad_da(v._ref(), this.get_slot(v, 'gradient_accumulator')!._ref(), this.get_slot(v, 'gradient_squared_accumulator')!._ref(), grad.values, grad.indices, lr, l1, l2, step, { use_locking: this.use_locking });
  }
}
