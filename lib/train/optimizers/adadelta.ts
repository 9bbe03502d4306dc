/**
 * tf.train.AdadeltaOptimizer (Zeiler 2012): slots `<var>/Adadelta` (accum, the decayed mean of g²) and
 * `<var>/Adadelta_1` (accum_update, the decayed mean of the squared updates), both zeros; one ApplyAdadelta
 * per variable, SparseApplyAdadelta for the rows of IndexedSlices.
 */
import { Operation, Tensor } from '../../framework/graph';
import { apply_adadelta, sparse_apply_adadelta } from '../../ops/training_ops';
import { IndexedSlices } from '../../ops/indexed_slices';
import { RefVariable } from '../../variables/variables';
import { HyperParameter, Optimizer, castTo } from './optimizer';

export interface AdadeltaOptions { rho?: HyperParameter; epsilon?: HyperParameter; use_locking?: boolean; name?: string }

export class AdadeltaOptimizer extends Optimizer {
  readonly rho: HyperParameter;
  readonly epsilon: HyperParameter;
  private hyper: Tensor[] = [];

  /** @example new tf.train.AdadeltaOptimizer(1.0, {rho: 0.95, epsilon: 1e-6}) */
  constructor(readonly learning_rate: HyperParameter = 0.001, options: AdadeltaOptions = {}) {
    super(options.use_locking ?? false, options.name ?? 'Adadelta');
    this.rho = options.rho ?? 0.95;
    this.epsilon = options.epsilon ?? 1e-8;
  }

  protected createSlots(varList: readonly RefVariable[]): void {
    for (const v of varList) {
      this.zerosSlot(v, 'accum', this.name);
      this.zerosSlot(v, 'accum_update', this.name);
    }
  }

  protected prepare(): void {
    this.hyper = [this.hyperTensor(this.learning_rate, 'lr'), this.hyperTensor(this.rho, 'rho'), this.hyperTensor(this.epsilon, 'epsilon')];
  }

  private refs(v: RefVariable): [Tensor, Tensor, Tensor] {
    return [v._ref(), this.get_slot(v, 'accum')!._ref(), this.get_slot(v, 'accum_update')!._ref()];
  }

  protected applyDense(grad: Tensor, v: RefVariable): Operation {
    const [lr, rho, eps] = this.hyper.map((t) => castTo(t, v));
    return apply_adadelta(...this.refs(v), lr, rho, eps, grad, { use_locking: this.use_locking });
  }

  protected override applySparse(grad: IndexedSlices, v: RefVariable): Operation {
    const [lr, rho, eps] = this.hyper.map((t) => castTo(t, v));
    return sparse_apply_adadelta(...this.refs(v), lr, rho, eps, grad.values, grad.indices, { use_locking: this.use_locking });
  }
}
