/**
 * The PyFunc, PyFuncStateless and EagerPyFunc kernels: call the function registered under the op's token with
 * the inputs' NDArrays, and check what it returns against Tout with TF's messages.
 */
import { DType, dataTypeString } from '../../framework/dtypes';
import { InvalidArgumentError, OpError, UnknownError } from '../../framework/errors';
import { NDArray } from '../../framework/ndarray';
import { PyFuncValue, pyFuncByToken } from '../../ops/script_ops';
import { KernelContext, registerKernel } from '../registry';

function callPyFunc(ctx: KernelContext): NDArray[] {
  const token = String(ctx.attr('token'));
  const touts = ctx.attr('Tout') as DType[];
  const func = pyFuncByToken(token);
  // A graph read from a file names a token this process never registered.
  if (!func) throw new UnknownError(ctx.op, ctx.op, `ValueError: callback ${token} is not found`);
  const args = Array.from({ length: ctx.numInputs }, (_, i) => ctx.input(i));
  let ret: ReturnType<typeof func>;
  try {
    ret = func(...args);
  } catch (e) {
    if (e instanceof OpError) throw e;
    const err = e as Error;
    // TF reports a Python ValueError or TypeError as InvalidArgument, other exceptions as Unknown.
    const cls = err instanceof TypeError || err instanceof RangeError || err?.name === 'ValueError' ? InvalidArgumentError : UnknownError;
    throw new cls(ctx.op, ctx.op, `${err?.name ?? 'Error'}: ${err?.message ?? String(e)}`);
  }
  const values: readonly PyFuncValue[] = ret === null || ret === undefined ? [] : Array.isArray(ret) ? ret : [ret as PyFuncValue];
  if (values.length !== touts.length) {
    throw new InvalidArgumentError(ctx.op, ctx.op, `${token} returns ${values.length} values, but expects to see ${touts.length} values.`);
  }
  return values.map((v, i) => {
    if (v instanceof NDArray) {
      if (v.dtype.base_dtype !== touts[i]) {
        throw new InvalidArgumentError(ctx.op, ctx.op, `${i}-th value returned by ${token} is ${dataTypeString(v.dtype)}, but expects ${dataTypeString(touts[i])}`);
      }
      return v;
    }
    try {
      return NDArray.from(v, touts[i]);
    } catch (e) {
      throw new InvalidArgumentError(ctx.op, ctx.op, `${i}-th value returned by ${token} does not convert to ${dataTypeString(touts[i])}: ${(e as Error).message}`);
    }
  });
}

for (const type of ['PyFunc', 'PyFuncStateless', 'EagerPyFunc'] as const) registerKernel(type, 'CPU', callPyFunc);
