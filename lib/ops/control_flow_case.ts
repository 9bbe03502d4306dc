/**
 * tf.case as TF 1.15 builds it: nested tf.conds (the first predicate outermost, so predicates are tested in
 * order), with Asserts guarding the default branch (and every branch when `exclusive`).
 */
import { Operation, Tensor, get_default_graph } from '../framework/graph';
import { bool, int32 } from '../framework/dtypes';
import { TFTypeError } from '../framework/errors';
import { pythonFunction } from '../framework/python_signature';
import { TensorLike, convert_to_tensor, opScope } from './op_builder';
import { constant, stack } from './array_ops';
import { cast } from './gen_math_ops';
import { less_equal, reduce_sum } from './math_ops';
import { Assert } from './logging_ops';
import { cond } from './control_flow_ops';

type BranchResult = TensorLike | Operation | readonly (TensorLike | Operation)[];
type BranchFn = () => BranchResult;
/** Python's list of `(pred, fn)` tuples, or its dict `{pred: fn}` (a Map here: object keys cannot be tensors). */
export type PredFnPairs = readonly (readonly [Tensor, BranchFn])[] | ReadonlyMap<Tensor, BranchFn>;

export interface CaseOptions {
  default?: BranchFn | null;
  exclusive?: boolean;
  strict?: boolean;
  name?: string;
}

/** Checks the pairs as TF's _case_verify_and_canonicalize_args does; a dict's pairs come sorted by predicate name. */
function canonicalPairs(pred_fn_pairs: PredFnPairs): [Tensor[], BranchFn[]] {
  let pairs: readonly unknown[];
  if (pred_fn_pairs instanceof Map) pairs = [...pred_fn_pairs.entries()].sort((a, b) => (a[0].name < b[0].name ? -1 : a[0].name > b[0].name ? 1 : 0));
  else if (Array.isArray(pred_fn_pairs)) pairs = pred_fn_pairs;
  else throw new TFTypeError('fns must be a list, tuple, or dict');
  const predicates: Tensor[] = [], actions: BranchFn[] = [];
  for (const pair of pairs) {
    if (!Array.isArray(pair) || pair.length !== 2) throw new TFTypeError('Each entry in pred_fn_pairs must be a 2-tuple');
    const [pred, fn] = pair as [unknown, unknown];
    if (!(pred instanceof Tensor)) throw new TFTypeError(`pred must be a Tensor, got: ${String(pred)}`);
    if (pred.dtype.base_dtype !== bool) throw new TFTypeError(`pred must be Tensor of type bool: ${pred.name}`);
    if (typeof fn !== 'function') throw new TFTypeError(`fn for pred ${pred.name} must be callable.`);
    predicates.push(pred);
    actions.push(fn as BranchFn);
  }
  return [predicates, actions];
}

/** An Assert that at most `n` of `predicates` are true (TF's _assert_at_most_n_true). */
function assertAtMostNTrue(predicates: readonly Tensor[], n: number, msg: string): Operation {
  const predsC = stack(predicates, { name: 'preds_c' });
  const numTrue = reduce_sum(cast(predsC, int32), { name: 'num_true_conds' });
  const condition = less_equal(numTrue, constant(n, { name: 'n_true_conds' }));
  const names = predicates.map((p) => p.name).join(', ');
  return Assert(condition, [`${msg}: more than ${n} conditions (${names}) evaluated as True:`, predsC], { summarize: predicates.length });
}

/**
 * The last pair's fn becomes the default, guarded by Asserts that its predicate is true and no other is
 * (TF's _case_create_default_action).
 */
function defaultFromLast(predicates: Tensor[], actions: BranchFn[]): [BranchFn, Tensor[], BranchFn[]] {
  const k = predicates.length - 1;
  const predicate = predicates[k], action = actions[k];
  const others = predicates.slice(0, k);
  const defaultAction: BranchFn = () => {
    const othersMsg = `Implementation error: selected default action #${k} was called, but some of other predicates are True: `;
    const guards = [
      assertAtMostNTrue(others, 0, othersMsg),
      Assert(predicate, ['Input error: None of conditions evaluated as True:', stack(predicates, { name: 'preds_c' })]),
    ];
    return get_default_graph().control_dependencies(guards, action);
  };
  return [defaultAction, others, actions.slice(0, k)];
}

/**
 * The result of the fn of the first true predicate (of all, with `exclusive`, which checks at run time that at
 * most one is true), else `default()`; without a default, the last fn runs when its predicate is the only true one.
 * @example const y = tf.case([[x.lt(y), () => tf.constant(17)], [x.gt(z), () => tf.constant(23)]], {default: () => tf.constant(-1)});
 */
export const case_ = pythonFunction('case', ['pred_fn_pairs', 'default=None', 'exclusive=False', 'strict=False', "name='case'"], 1,
  function case_(pred_fn_pairs: PredFnPairs, options: CaseOptions = {}): Tensor | Tensor[] | Operation {
    const [predicates0, actions0] = canonicalPairs(pred_fn_pairs);
    if (options.default !== undefined && options.default !== null && typeof options.default !== 'function') {
      throw new TFTypeError('default must be callable.');
    }
    if (predicates0.length === 0 && (options.default === undefined || options.default === null)) {
      throw new TFTypeError('case(): pred_fn_pairs is empty and no default is given');
    }
    return opScope(options.name ?? 'case', 'case', predicates0, () => {
      let predicates = predicates0, actions = actions0;
      let fn: BranchFn;
      if (options.default === undefined || options.default === null) [fn, predicates, actions] = defaultFromLast(predicates, actions);
      else fn = options.default;
      // Built inside out so that the first predicate's cond is the outermost.
      for (let i = predicates.length - 1; i >= 0; i--) {
        const inner = fn, predicate = predicates[i], action = actions[i];
        fn = () => cond(predicate, action, inner, { strict: options.strict ?? false });
      }
      const build = fn;
      if (options.exclusive && predicates.length > 0) {
        return get_default_graph().control_dependencies([assertAtMostNTrue(predicates, 1, 'Input error: exclusive=True')], () => toResult(build()));
      }
      return toResult(build());
    });
  });

/** A case with no predicates left is its default's value: a tensor (list) or an op, as the fn gave it. */
function toResult(r: BranchResult): Tensor | Tensor[] | Operation {
  if (r instanceof Tensor || r instanceof Operation) return r;
  if (Array.isArray(r)) return r.map((x) => (x instanceof Tensor ? x : convert_to_tensor(x as TensorLike)));
  return convert_to_tensor(r as TensorLike);
}
