/** tf.train.GradientDescentOptimizer: var -= learning_rate * grad (ApplyGradientDescent). */
import { Operation, Tensor } from '../../framework/graph';
import { apply_gradient_descent } from '../../ops/training_ops';
import { IndexedSlices } from '../../ops/indexed_slices';
import { multiply } from '../../ops/math_ops';
import { scatter_sub } from '../../ops/state_ops';
import { RefVariable } from '../../variables/variables';
import { HyperParameter, Optimizer, castTo } from './optimizer';

export class GradientDescentOptimizer extends Optimizer {
  private learningRateTensor: Tensor | null = null;

  /** @example new tf.train.GradientDescentOptimizer(0.5).minimize(loss) */
  constructor(readonly learning_rate: HyperParameter, options: { use_locking?: boolean; name?: string } = {}) {
    super(options.use_locking ?? false, options.name ?? 'GradientDescent');
  }

  protected createSlots(): void { /* plain gradient descent keeps no state */ }

  protected prepare(): void { this.learningRateTensor = this.hyperTensor(this.learning_rate, 'learning_rate'); }

  protected applyDense(grad: Tensor, v: RefVariable): Operation {
    return apply_gradient_descent(v._ref(), castTo(this.learningRateTensor!, v), grad, { use_locking: this.use_locking });
  }

  /** TF's sparse step: var[indices] -= lr * values, repeated indices each subtracting (ScatterSub). */
  protected override applySparseDuplicateIndices(grad: IndexedSlices, v: RefVariable): Operation {
    const delta = multiply(grad.values, castTo(this.learningRateTensor!, v));
    return scatter_sub(v._ref(), grad.indices, delta, { use_locking: this.use_locking }).op;
  }
}
