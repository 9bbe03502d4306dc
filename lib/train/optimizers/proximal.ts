/**
 * The FOBOS optimizers (Duchi & Singer 2009): tf.train.ProximalGradientDescentOptimizer (no slots, one
 * ApplyProximalGradientDescent per variable) and tf.train.ProximalAdagradOptimizer (slot `<var>/ProximalAdagrad`,
 * the accumulator starting at initial_accumulator_value; ApplyProximalAdagrad). Each gradient step is followed
 * by the proximal step of the l1 and l2 regularization strengths; IndexedSlices update their rows only.
 */
import { Operation, Tensor } from '../../framework/graph';
import { ValueError } from '../../framework/errors';
import {
  apply_proximal_adagrad, apply_proximal_gradient_descent, sparse_apply_proximal_adagrad, sparse_apply_proximal_gradient_descent,
} from '../../ops/training_ops';
import { IndexedSlices } from '../../ops/indexed_slices';
import { RefVariable } from '../../variables/variables';
import { constant_initializer } from '../../variables/initializers';
import { HyperParameter, Optimizer, castTo } from './optimizer';

export interface ProximalOptions { l1_regularization_strength?: number; l2_regularization_strength?: number; use_locking?: boolean; name?: string }

/** What both FOBOS optimizers share: the l1/l2 strengths and their hyper-parameter tensors, cast to each variable. */
abstract class ProximalOptimizer extends Optimizer {
  readonly l1_regularization_strength: number;
  readonly l2_regularization_strength: number;
  private hyper: Tensor[] = [];

  constructor(readonly learning_rate: HyperParameter, options: ProximalOptions, defaultName: string) {
    super(options.use_locking ?? false, options.name ?? defaultName);
    this.l1_regularization_strength = options.l1_regularization_strength ?? 0;
    this.l2_regularization_strength = options.l2_regularization_strength ?? 0;
  }

  protected prepare(): void {
    this.hyper = [
      this.hyperTensor(this.learning_rate, 'learning_rate'),
      this.hyperTensor(this.l1_regularization_strength, 'l1_regularization_strength'),
      this.hyperTensor(this.l2_regularization_strength, 'l2_regularization_strength'),
    ];
  }

  /** learning_rate, l1 and l2, in the variable's dtype. */
  protected hyperFor(v: RefVariable): Tensor[] {
    return this.hyper.map((t) => castTo(t, v));
  }
}

export class ProximalGradientDescentOptimizer extends ProximalOptimizer {
  /** @example new tf.train.ProximalGradientDescentOptimizer(3.0, {l1_regularization_strength: 0.001}) */
  constructor(learning_rate: HyperParameter, options: ProximalOptions = {}) {
    super(learning_rate, options, 'ProximalGradientDescent');
  }

  protected createSlots(): void { /* plain descent keeps no state */ }

  protected applyDense(grad: Tensor, v: RefVariable): Operation {
    const [lr, l1, l2] = this.hyperFor(v);
    return apply_proximal_gradient_descent(v._ref(), lr, l1, l2, grad, { use_locking: this.use_locking });
  }

  protected override applySparse(grad: IndexedSlices, v: RefVariable): Operation {
    const [lr, l1, l2] = this.hyperFor(v);
    return sparse_apply_proximal_gradient_descent(v._ref(), lr, l1, l2, grad.values, grad.indices, { use_locking: this.use_locking });
  }
}

export interface ProximalAdagradOptions extends ProximalOptions { initial_accumulator_value?: number }

export class ProximalAdagradOptimizer extends ProximalOptimizer {
  readonly initial_accumulator_value: number;

  /** @example new tf.train.ProximalAdagradOptimizer(3.0, {initial_accumulator_value: 0.1, l2_regularization_strength: 2}) */
  constructor(learning_rate: HyperParameter, options: ProximalAdagradOptions = {}) {
    const initial = options.initial_accumulator_value ?? 0.1;
    if (initial <= 0) throw new ValueError(`initial_accumulator_value must be positive: ${initial}`);
    super(learning_rate, options, 'ProximalAdagrad');
    this.initial_accumulator_value = initial;
  }

  protected createSlots(varList: readonly RefVariable[]): void {
    for (const v of varList) {
      this.slotWithInitializer(v, constant_initializer(this.initial_accumulator_value, { dtype: v.dtype.base_dtype }), 'accumulator', this.name);
    }
  }

  protected applyDense(grad: Tensor, v: RefVariable): Operation {
    const [lr, l1, l2] = this.hyperFor(v);
    return apply_proximal_adagrad(v._ref(), this.get_slot(v, 'accumulator')!._ref(), lr, l1, l2, grad, { use_locking: this.use_locking });
  }

  protected override applySparse(grad: IndexedSlices, v: RefVariable): Operation {
    const [lr, l1, l2] = this.hyperFor(v);
    return sparse_apply_proximal_adagrad(v._ref(), this.get_slot(v, 'accumulator')!._ref(), lr, l1, l2, grad.values, grad.indices, { use_locking: this.use_locking });
  }
}
