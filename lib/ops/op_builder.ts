/**
 * What every op builder shares: the op's name scope, tensor conversion with TF's dtype rules, and
 * node creation in the right graph.
 */
import { DType, as_dtype, int32, int64 } from '../framework/dtypes';
import {
  Graph, Operation, Tensor, TensorConvertible, AttrValue, graphOf, isTensorConvertible, get_default_graph,
} from '../framework/graph';
import { TFTypeError, ValueError } from '../framework/errors';
import { OpType } from '../framework/op_types';
import { NDArray, NestedArray, NumericData } from '../framework/ndarray';
import { pythonFunction } from '../framework/python_signature';

/** Anything an op accepts as a tensor input. */
export type TensorLike = Tensor | TensorConvertible | NDArray | NestedArray | NumericData | BigInt64Array | number | boolean | string;
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
 * Converts a value to a Tensor: tensors pass through (checked against `dtype`; a weakly typed constant
 * takes it when its values allow), other values become a Const node (`name`, default `Const`). JavaScript
 * numbers with no dtype make a weakly typed float32 constant.
 * @example tf.convert_to_tensor([1, 2]) // Tensor("Const:0", shape=(2,), dtype=float32)
 */
export const convert_to_tensor = pythonFunction('convert_to_tensor', ['value', 'dtype=None', 'name=None', 'preferred_dtype=None', 'dtype_hint=None'], 1, function convert_to_tensor(value: TensorLike, options: {
  dtype?: DTypeLike | null; name?: string; preferred_dtype?: DTypeLike | null; dtype_hint?: DTypeLike | null;
} = {}): Tensor {
  const dtype = options.dtype ? as_dtype(options.dtype) : undefined;
  if (value instanceof Tensor || isTensorConvertible(value)) {
    const t = value instanceof Tensor ? value : value._as_tensor(dtype);
    if (dtype && t.dtype.base_dtype !== dtype.base_dtype && !t.graph._retype_weak(t, dtype)) {
      const hint = dtypeHint(t, dtype);
      throw new ValueError(`Tensor conversion requested dtype ${dtype.base_dtype.name} for Tensor with dtype ${t.dtype.base_dtype.name}: '${t}'${hint && `. ${hint}`}`);
    }
    return t;
  }
  const preferred = options.preferred_dtype ?? options.dtype_hint;
  if (!dtype && preferred) {
    try { return constantFromValue(value, as_dtype(preferred), options.name ?? 'Const'); } catch { /* the value's own dtype, as TF */ }
  }
  return constantFromValue(value, dtype, options.name ?? 'Const');
});

/** JavaScript numbers (a number or nested arrays of them): no dtype of their own, weakly typed float32. */
export function isJsNumbers(value: unknown): boolean {
  if (typeof value === 'number') return true;
  return Array.isArray(value) && value.length > 0 && value.every(isJsNumbers);
}

/** The JavaScript values Consts were made from, for the hints of dtype errors. */
const jsValues = new WeakMap<Operation, string>();

function jsRepr(value: unknown): string {
  const text = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * A Const from a JavaScript value: in `dtype` when given, else in the value's own dtype; JavaScript numbers
 * without a dtype are weakly typed (`make` rebuilds the value in the dtype they meet).
 */
export function constantFromValue(value: unknown, dtype: DType | undefined, name: string, make: (d?: DType) => NDArray = (d) => NDArray.from(value, d)): Tensor {
  const t = constantFromArray(make(dtype), name);
  if (!(value instanceof NDArray)) jsValues.set(t.op, jsRepr(value));
  if (!dtype && isJsNumbers(value)) t.graph._mark_weak(t.op, make);
  return t;
}

/** The hint an int/float mismatch adds: which tensor came from which JavaScript value, and the fix ('' for others). */
function dtypeHint(t: Tensor, wanted: DType): string {
  const have = t.dtype.base_dtype, want = wanted.base_dtype;
  const intFloat = (have.is_integer && want.is_floating) || (have.is_floating && want.is_integer);
  if (!intFloat) return '';
  const source = jsValues.get(t.op);
  if (have.is_integer && source !== undefined) {
    return `Hint: '${t.name}' is ${have.name}, made from the JavaScript value ${source} with an integer dtype; give it {dtype: tf.${want.name}} (tf.constant(${source}, {dtype: tf.${want.name}})) to compute in ${want.name}`;
  }
  if (have.is_floating && source !== undefined) {
    return `Hint: JavaScript numbers make ${have.name} tensors, and '${t.name}' holds ${source}, which is not ${want.name}; for ${have.name} throughout give the ${want.name} side {dtype: tf.${have.name}}, or cast it: tf.cast(x, tf.${have.name})`;
  }
  return `Hint: cast one side, e.g. tf.cast(x, tf.${have.is_floating ? have.name : want.name})`;
}

/** The hint for two mismatched operands: about the integer one if it came from a JavaScript value, else the float one. */
function operandsHint(a: Tensor, b: Tensor): string {
  const [int, float] = a.dtype.is_integer ? [a, b] : [b, a];
  if (!int.dtype.is_integer || !float.dtype.is_floating) return '';
  return jsValues.has(int.op) ? dtypeHint(int, float.dtype) : dtypeHint(float, int.dtype);
}

/**
 * Converts an input whose op fixes an integer type (shapes, axes, perm, multiples, paddings, begin/size,
 * indices, depth): JavaScript numbers become int32 (int64 beyond int32's range), a weakly typed constant
 * takes int32, and anything else not integer is TF's TypeError.
 */
export function convertIntegerInput(value: TensorLike, name: string, nodeName = name): Tensor {
  if (value instanceof Tensor || isTensorConvertible(value)) {
    const t = value instanceof Tensor ? value : value._as_tensor();
    if (!t.dtype.base_dtype.is_integer) t.graph._retype_weak(t, int32);
    checkDtype('', name, t, INDEX_DTYPES);
    return t;
  }
  try {
    return constantFromValue(value, int32, nodeName);
  } catch (e) {
    if (e instanceof RangeError) return constantFromValue(value, int64, nodeName);
    throw new TFTypeError(`Value passed to parameter '${name}' has DataType ${NDArray.from(value).dtype.name} not in list of allowed values: int32, int64`);
  }
}
const INDEX_DTYPES: readonly DType[] = [int32, int64];

/** A Const node holding `array`. */
export function constantFromArray(array: NDArray, name = 'Const', graph?: Graph): Tensor {
  return makeOp('Const', [], { value: { tensor: array }, dtype: { type: array.dtype } }, name, graph).outputs[0];
}

/**
 * Converts the inputs of an op whose inputs share one type attr (`T`): the dtype comes from the first
 * tensor among them, and plain values are converted to it, as TF's op_def_library does.
 */
export function convertSameType(opType: string, values: readonly TensorLike[], argNames: readonly string[], dtypeHint?: DType): Tensor[] {
  // The first tensor of a fixed dtype decides; weakly typed constants take it when their values allow.
  const tensors = values.filter(isTensorLike).map((v) => convert_to_tensor(v));
  const decides = tensors.find((t) => !t.graph._is_weak(t));
  const dtype = decides?.dtype.base_dtype ?? dtypeHint ?? tensors[0]?.dtype.base_dtype;
  const out = values.map((v, i) => {
    if (isTensorLike(v)) {
      const t = convert_to_tensor(v);
      if (dtype && t.dtype.base_dtype !== dtype) t.graph._retype_weak(t, dtype);
      return t;
    }
    try {
      return convert_to_tensor(v, { dtype, name: argNames[i] });
    } catch (e) {
      throw new TFTypeError(`Expected ${dtype?.name ?? 'a tensor'} for argument '${argNames[i]}' of '${opType}' Op, got ${JSON.stringify(v)} instead: ${(e as Error).message}`);
    }
  });
  out.forEach((t, i) => {
    if (t.dtype.base_dtype !== out[0].dtype.base_dtype) {
      const hint = operandsHint(out[0], t);
      throw new TFTypeError(`Input '${argNames[i]}' of '${opType}' Op has type ${t.dtype.base_dtype.name} that does not match type ${out[0].dtype.base_dtype.name} of argument '${argNames[0]}'.${hint && ` ${hint}`}`);
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
