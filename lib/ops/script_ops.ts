/**
 * tf.py_func, tf.numpy_function and tf.py_function: ops that call a function of the program at run time.
 * Here the "Python" function is a JavaScript one: it is kept in a registry under a token (`pyfunc_<n>`, the
 * op's `token` attr, as TF's FuncRegistry does) and called with the inputs' NDArrays. The ops are TF's
 * (PyFunc, PyFuncStateless, EagerPyFunc with token, Tin and Tout attrs), so exported graphs parse in TF.
 */
import { Operation, Tensor, registerOp } from '../framework/graph';
import { DType, as_dtype } from '../framework/dtypes';
import { TFTypeError } from '../framework/errors';
import { NDArray, NestedArray } from '../framework/ndarray';
import { pythonFunction } from '../framework/python_signature';
import { registerNotDifferentiable } from './gradient_util';
import { DTypeLike, TensorLike, convert_to_tensor, makeOp, opScope } from './op_builder';

const toutDtypes = (_inputs: readonly Tensor[], attrs: ReadonlyMap<string, unknown>): DType[] => {
  const v = attrs.get('Tout') as { list?: { type?: DType[] } } | undefined;
  return [...(v?.list?.type ?? [])];
};
registerOp({ type: 'PyFunc', stateful: true, outputDtypes: toutDtypes });
registerOp({ type: 'PyFuncStateless', outputDtypes: toutDtypes });
registerOp({ type: 'EagerPyFunc', stateful: true, outputDtypes: toutDtypes });
// As TF: a PyFunc's gradient comes only from a gradient_override_map to a tf.RegisterGradient name.
registerNotDifferentiable('PyFunc', 'PyFuncStateless');

/** What the function may return per output: an NDArray (its dtype must be the output's), or plain values converted to it. */
export type PyFuncValue = NDArray | NestedArray | number | boolean | string;
/** The function: one NDArray per input; one value, a list of values (one per Tout), or nothing for no outputs. */
export type PyFuncCallable = (...args: NDArray[]) => PyFuncValue | readonly PyFuncValue[] | null | undefined | void;

const registry = new Map<string, PyFuncCallable>();
let nextToken = 0;

/** The function registered under `token`, for the kernel. */
export function pyFuncByToken(token: string): PyFuncCallable | undefined { return registry.get(token); }

function internalPyFunc(type: 'PyFunc' | 'PyFuncStateless' | 'EagerPyFunc', func: PyFuncCallable, inp: readonly TensorLike[], Tout: DTypeLike | readonly DTypeLike[], name: string | undefined): Tensor | Tensor[] | Operation {
  if (typeof func !== 'function') throw new TFTypeError(`func must be callable, got ${String(func)}`);
  if (!Array.isArray(inp)) throw new TFTypeError(`Expected list for 'input' argument to '${type}' Op, not ${String(inp)}.`);
  const isList = Array.isArray(Tout);
  const touts = (isList ? Tout as readonly DTypeLike[] : [Tout as DTypeLike]).map((d) => as_dtype(d).base_dtype);
  const token = `pyfunc_${nextToken++}`;
  registry.set(token, func);
  return opScope(name, type, inp, (scope) => {
    const inputs = inp.map((x) => convert_to_tensor(x));
    const op = makeOp(type, inputs, {
      token: { s: token },
      Tin: { list: { type: inputs.map((t) => t.dtype.base_dtype) } },
      Tout: { list: { type: touts } },
    }, scope);
    // No outputs: the op itself, as TF's generated wrapper returns it.
    if (touts.length === 0) return op;
    return isList ? [...op.outputs] : op.outputs[0];
  });
}

/**
 * Wraps `func` as an op: when run, it gets the inputs' values as NDArrays and returns the outputs' values, of the
 * dtypes `Tout` (one dtype, or a list: then a list comes back). An array returned is a list of outputs, as in
 * Python; return an NDArray for a tensor value. `stateful: false` makes a PyFuncStateless.
 * @example const y = tf.py_func((x) => tf.NDArray.from(Array.from(x.values, Math.sinh), tf.float32).reshape(x.shape), [x], tf.float32);
 */
export const py_func = pythonFunction('py_func', ['func', 'inp', 'Tout', 'stateful=True', 'name=None'], 3,
  function py_func(func: PyFuncCallable, inp: readonly TensorLike[], Tout: DTypeLike | readonly DTypeLike[], options: { stateful?: boolean; name?: string } = {}): Tensor | Tensor[] | Operation {
    return internalPyFunc(options.stateful ?? true ? 'PyFunc' : 'PyFuncStateless', func, inp, Tout, options.name);
  });

/** TF 1.15's numpy_function: py_func, stateful. */
export const numpy_function = pythonFunction('numpy_function', ['func', 'inp', 'Tout', 'name=None'], 3,
  function numpy_function(func: PyFuncCallable, inp: readonly TensorLike[], Tout: DTypeLike | readonly DTypeLike[], options: { name?: string } = {}): Tensor | Tensor[] | Operation {
    return internalPyFunc('PyFunc', func, inp, Tout, options.name);
  });

/** TF's py_function (an EagerPyFunc op); here its function gets NDArrays too. */
export const py_function = pythonFunction('py_function', ['func', 'inp', 'Tout', 'name=None'], 3,
  function py_function(func: PyFuncCallable, inp: readonly TensorLike[], Tout: DTypeLike | readonly DTypeLike[], options: { name?: string } = {}): Tensor | Tensor[] | Operation {
    return internalPyFunc('EagerPyFunc', func, inp, Tout, options.name);
  });
