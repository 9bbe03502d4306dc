/**
 * What every op builder shares: the op's name scope, tensor conversion with TF's dtype rules, and
 * node creation in the right graph.
 */
import { DType, as_dtype } from '../framework/dtypes';
import {
  Graph, Operation, Tensor, TensorConvertible, AttrValue, graphOf, isTensorConvertible, get_default_graph,
} from '../framework/graph';
import { TFTypeError, ValueError } from '../framework/errors';
import { OpType } from '../framework/op_types';
import { NDArray, NestedArray, NumericData } from '../framework/ndarray';
import { pythonFunction } from '../framework/python_signature';

/** Anything an op accepts as a tensor input. */
export type TensorLike = Tensor | TensorConvertible | NDArray | NestedArray | NumericData | number | boolean | string;
export type DTypeLike = DType | string;

/** Runs `fn` inside the op's name scope (`name` or `defaultName`, made unique) in the inputs' graph. */
export function opScope<R>(name: string | undefined | null, defaultName: string, values: readonly unknown[], fn: (scope: string, graph: Graph) => R): R {
  const g = graphOf(values);
  return g.name_scope(name ?? defaultName, (scope) => fn(scope, g));
}

/** The `T`-style type attr of a tensor's (base) dtype. */
export function typeAttr(t: Tensor): AttrValue { return { type: t.dtype.base_dtype }; }

/** Creates one node; `name` ending in `/` is an already-unique scope used as the exact node name. */
export function makeOp(type: OpType, inputs: readonly Tensor[], attrs: Record<string, AttrValue> = {}, name?: string, graph?: Graph): Operation {
  const g = graph ?? (inputs.length ? inputs[0].graph : get_default_graph());
  return g.create_op(type, inputs, { name, attrs });
}

export function isTensorLike(x: unknown): x is Tensor | TensorConvertible { return x instanceof Tensor || isTensorConvertible(x); }

/**
 * Converts a value to a Tensor: tensors pass through (checked against `dtype`), other values
 * become a Const node (`name`, default `Const`).
 * @example tf.convert_to_tensor([1, 2]) // Tensor("Const:0", shape=(2,), dtype=int32)
 */
export const convert_to_tensor = pythonFunction('convert_to_tensor', ['value', 'dtype=None', 'name=None', 'preferred_dtype=None', 'dtype_hint=None'], 1, function convert_to_tensor(value: TensorLike, options: { dtype?: DTypeLike | null; name?: string; preferred_dtype?: DTypeLike | null } = {}): Tensor {
  const dtype = options.dtype ? as_dtype(options.dtype) : undefined;
  if (value instanceof Tensor || isTensorConvertible(value)) {
    const t = value instanceof Tensor ? value : value._as_tensor(dtype);
    if (dtype && t.dtype.base_dtype !== dtype.base_dtype) {
      throw new ValueError(`Tensor conversion requested dtype ${dtype.base_dtype.name} for Tensor with dtype ${t.dtype.base_dtype.name}: '${t}'`);
    }
    return t;
  }
  let array: NDArray;
  if (dtype) array = NDArray.from(value, dtype);
  else if (options.preferred_dtype) {
    try { array = NDArray.from(value, as_dtype(options.preferred_dtype)); } catch { array = NDArray.from(value); }
  } else array = NDArray.from(value);
  return constantFromArray(array, options.name ?? 'Const');
});

/** A Const node holding `array`. */
export function constantFromArray(array: NDArray, name = 'Const', graph?: Graph): Tensor {
  return makeOp('Const', [], { value: { tensor: array }, dtype: { type: array.dtype } }, name, graph).outputs[0];
}

/**
 * Converts the inputs of an op whose inputs share one type attr (`T`): the dtype comes from the first
 * tensor among them, and plain values are converted to it, as TF's op_def_library does.
 */
export function convertSameType(opType: string, values: readonly TensorLike[], argNames: readonly string[], dtypeHint?: DType): Tensor[] {
  const first = values.find(isTensorLike);
  const dtype = first ? convert_to_tensor(first).dtype.base_dtype : dtypeHint;
  const out = values.map((v, i) => {
    if (isTensorLike(v)) return convert_to_tensor(v);
    try {
      return convert_to_tensor(v, { dtype, name: argNames[i] });
    } catch (e) {
      throw new TFTypeError(`Expected ${dtype?.name ?? 'a tensor'} for argument '${argNames[i]}' of '${opType}' Op, got ${JSON.stringify(v)} instead: ${(e as Error).message}`);
    }
  });
  out.forEach((t, i) => {
    if (t.dtype.base_dtype !== out[0].dtype.base_dtype) {
      throw new TFTypeError(`Input '${argNames[i]}' of '${opType}' Op has type ${t.dtype.base_dtype.name} that does not match type ${out[0].dtype.base_dtype.name} of argument '${argNames[0]}'.`);
    }
  });
  return out;
}

/** Checks an input dtype against an op's allowed list, with TF's message. */
export function checkDtype(opType: string, arg: string, t: Tensor, allowed: readonly DType[]): void {
  if (!allowed.includes(t.dtype.base_dtype)) {
    throw new TFTypeError(`Value passed to parameter '${arg}' has DataType ${t.dtype.base_dtype.name} not in list of allowed values: ${allowed.map((d) => d.name).join(', ')}`);
  }
}
