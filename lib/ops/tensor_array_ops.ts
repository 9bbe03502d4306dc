/**
 * tf.TensorArray as TF 1.x builds it in graphs (TensorArrayV3 and its ops): a list of tensors of one
 * dtype, written and read by index, that while loops carry as a loop variable through its `flow`
 * (a float32 scalar each op takes and returns, so the ops on one array run in program order). Every
 * write returns a new TensorArray object on the same handle; the element shape they infer is shared.
 */
import { DType, as_dtype, int32, int64 } from '../framework/dtypes';
import { Tensor } from '../framework/graph';
import { TFTypeError, ValueError } from '../framework/errors';
import { ShapeLike, TensorShape, as_shape, unknown_shape } from '../framework/tensor_shape';
import { DTypeLike, TensorLike, convertIntegerInput, convert_to_tensor, makeOp, opScope } from './op_builder';
import { pythonClass } from '../framework/python_signature';
import { constantValue } from './schema_util';
import { getitem, identity, shape } from './array_ops';
import { cast, range } from './math_ops';
import { control_dependencies } from './control_flow_ops';
import './data_flow_ops';

export interface TensorArrayOptions {
  /** The number of elements (int32 scalar); required unless `handle` is given. */
  size?: TensorLike;
  /** Whether writes beyond `size` grow the array. */
  dynamic_size?: boolean;
  /** Whether reading an element frees it (reading it again is an error). */
  clear_after_read?: boolean;
  tensor_array_name?: string;
  /** An existing array's handle and flow (both or neither). */
  handle?: Tensor;
  flow?: Tensor;
  /** Whether the element shape is inferred from writes (all elements then share one shape). */
  infer_shape?: boolean;
  element_shape?: ShapeLike;
  /** Accepted for TF compatibility (device colocation with the first write). */
  colocate_with_first_write_call?: boolean;
  name?: string;
}

type NameOption = { name?: string };

/** The element shape the TensorArray objects of one array share, refined by each write. */
interface SharedShape { shape: TensorShape }

/** The graph TensorArray (TF's `_GraphTensorArray`); `TensorArray` is its public, Python-signatured constructor. */
export class GraphTensorArray {
  readonly dtype: DType;
  readonly handle: Tensor;
  readonly flow: Tensor;
  private readonly inferShape: boolean;
  private dynamicSize: boolean;
  private shared: SharedShape;

  constructor(dtype: DTypeLike, options: TensorArrayOptions = {}) {
    this.dtype = as_dtype(dtype).base_dtype;
    const { handle, flow, size } = options;
    if ((handle === undefined) !== (flow === undefined)) throw new ValueError('Both handle and flow must be set or neither');
    if (handle !== undefined && size !== undefined) throw new ValueError('Cannot provide both a handle and size at the same time');
    if (handle !== undefined && options.element_shape !== undefined) throw new ValueError('Cannot provide both a handle and element_shape at the same time');
    if (handle !== undefined && options.dynamic_size !== undefined) throw new ValueError('Cannot provide both a handle and dynamic_size at the same time');
    if (handle !== undefined && options.clear_after_read !== undefined) throw new ValueError('Cannot provide both a handle and clear_after_read at the same time');
    if (handle === undefined && size === undefined) throw new ValueError('Size must be provided if handle is not provided');
    this.dynamicSize = options.dynamic_size ?? false;
    this.inferShape = options.element_shape !== undefined ? true : options.infer_shape ?? true;
    this.shared = { shape: options.element_shape === undefined || options.element_shape === null ? unknown_shape() : as_shape(options.element_shape) };
    if (handle !== undefined) {
      this.handle = handle;
      this.flow = flow!;
      return;
    }
    [this.handle, this.flow] = opScope(options.name, 'TensorArray', [size], (scope, g) => {
      const sizeTensor = convert_to_tensor(size!, { dtype: int32, name: 'size' });
      const op = makeOp('TensorArrayV3', [sizeTensor], {
        dtype: { type: this.dtype }, element_shape: { shape: this.shared.shape }, dynamic_size: { b: this.dynamicSize },
        clear_after_read: { b: options.clear_after_read ?? true }, identical_element_shapes: { b: this.inferShape },
        tensor_array_name: { s: options.tensor_array_name ?? '' },
      }, scope, g);
      return [op.outputs[0], op.outputs[1]];
    });
  }

  /** The shape every element has, as far as the writes so far tell. */
  get element_shape(): TensorShape { return this.shared.shape; }
  get dynamic_size(): boolean { return this.dynamicSize; }

  /** This array with another flow: what a while loop's body and results see. */
  _withFlow(flow: Tensor): GraphTensorArray {
    const ta = new GraphTensorArray(this.dtype, { handle: this.handle, flow, infer_shape: this.inferShape });
    ta.shared = this.shared;
    ta.dynamicSize = this.dynamicSize;
    return ta;
  }

  /** Refines the shared element shape with a written value's shape (TF's `_check_element_shape`). */
  private checkElementShape(s: TensorShape): void {
    if (!s.is_compatible_with(this.shared.shape)) throw new ValueError(`Inconsistent shapes: saw ${s} but expected ${this.shared.shape} (and infer_shape=True)`);
    if (this.inferShape) this.shared.shape = this.shared.shape.merge_with(s);
  }

  private value(value: TensorLike): Tensor {
    const v = convert_to_tensor(value, { preferred_dtype: this.dtype, name: 'value' });
    if (v.dtype.base_dtype !== this.dtype) v.graph._retype_weak(v, this.dtype);
    if (v.dtype.base_dtype !== this.dtype) throw new TFTypeError(`TensorArray dtype is ${this.dtype.name} but Op is trying to write dtype ${v.dtype.base_dtype.name}.`);
    return v;
  }

  /** The element at `index`. */
  read(index: TensorLike, options: NameOption = {}): Tensor {
    const i = convert_to_tensor(index, { dtype: int32 });
    const v = makeOp('TensorArrayReadV3', [this.handle, i, this.flow], { dtype: { type: this.dtype } }, options.name ?? 'TensorArrayReadV3').outputs[0];
    if (this.shared.shape.ndims !== null) v.set_shape(this.shared.shape);
    return v;
  }

  /** Writes `value` at `index`; returns the array after the write. */
  write(index: TensorLike, value: TensorLike, options: NameOption = {}): GraphTensorArray {
    return opScope(options.name, 'TensorArrayWrite', [this.handle, index, value], () => {
      const i = convert_to_tensor(index, { dtype: int32, name: 'index' });
      const v = this.value(value);
      this.checkElementShape(v.shape);
      const flow = makeOp('TensorArrayWriteV3', [this.handle, i, v, this.flow], { T: { type: this.dtype } }, 'TensorArrayWriteV3').outputs[0];
      return this._withFlow(flow);
    });
  }

  /** The elements at `indices`, stacked along a new first dimension. */
  gather(indices: TensorLike, options: NameOption = {}): Tensor {
    const idx = convert_to_tensor(indices, { dtype: int32 });
    const v = makeOp('TensorArrayGatherV3', [this.handle, idx, this.flow], { dtype: { type: this.dtype }, element_shape: { shape: this.shared.shape } }, options.name ?? 'TensorArrayGatherV3').outputs[0];
    if (this.shared.shape.ndims !== null) v.set_shape(new TensorShape([null]).concatenate(this.shared.shape));
    return v;
  }

  /** All elements stacked along a new first dimension. */
  stack(options: NameOption = {}): Tensor {
    return opScope(options.name, 'TensorArrayStack', [this.handle], () => this.gather(range(0, this.size())));
  }

  /** Writes `value[i]` at index i for every i along the first dimension. */
  unstack(value: TensorLike, options: NameOption = {}): GraphTensorArray {
    return opScope(options.name, 'TensorArrayUnstack', [this.handle, value], () => {
      const v = this.value(value);
      return this.scatter(range(0, getitem(shape(v), 0)), v);
    });
  }

  /** Writes `value[k]` at index `indices[k]`. */
  scatter(indices: TensorLike, value: TensorLike, options: NameOption = {}): GraphTensorArray {
    return opScope(options.name, 'TensorArrayScatter', [this.handle, value, indices], () => {
      const idx = convert_to_tensor(indices, { dtype: int32, name: 'indices' });
      const v = this.value(value);
      if (v.shape.ndims !== null && v.shape.ndims > 0) this.checkElementShape(new TensorShape(v.shape.dims!.slice(1)));
      const flow = makeOp('TensorArrayScatterV3', [this.handle, idx, v, this.flow], { T: { type: this.dtype } }, 'TensorArrayScatterV3').outputs[0];
      return this._withFlow(flow);
    });
  }

  /** All elements concatenated along their first dimension. */
  concat(options: NameOption = {}): Tensor {
    const dims = this.shared.shape.dims;
    const except0 = dims === null || dims.length === 0 ? unknown_shape() : new TensorShape(dims.slice(1));
    const op = makeOp('TensorArrayConcatV3', [this.handle, this.flow], { dtype: { type: this.dtype }, element_shape_except0: { shape: except0 } }, options.name ?? 'TensorArrayConcatV3');
    if (dims !== null && dims.length > 0) op.outputs[0].set_shape(new TensorShape([null]).concatenate(except0));
    return op.outputs[0];
  }

  /** Splits `value` along its first dimension into pieces of `lengths`, one element each. */
  split(value: TensorLike, lengths: TensorLike, options: NameOption = {}): GraphTensorArray {
    return opScope(options.name, 'TensorArraySplit', [this.handle, value, lengths], () => {
      const v = this.value(value);
      const lengthsTensor = convertIntegerInput(lengths, 'lengths', 'Const');
      const known = constantValue(lengthsTensor);
      const lengths64 = lengthsTensor.dtype.base_dtype === int64 ? lengthsTensor : cast(lengthsTensor, int64);
      if (v.shape.dims !== null && known !== null && known.size > 0) {
        const ls = Array.from(known.values, Number);
        if (ls.every((l) => l === ls[0])) this.checkElementShape(new TensorShape([ls[0], ...v.shape.dims.slice(1)]));
      }
      const flow = makeOp('TensorArraySplitV3', [this.handle, v, lengths64, this.flow], { T: { type: this.dtype } }, 'TensorArraySplitV3').outputs[0];
      return this._withFlow(flow);
    });
  }

  /** The number of elements. */
  size(options: NameOption = {}): Tensor {
    return makeOp('TensorArraySizeV3', [this.handle, this.flow], {}, options.name ?? 'TensorArraySizeV3').outputs[0];
  }

  /** Frees the array. */
  close(options: NameOption = {}) {
    return makeOp('TensorArrayCloseV3', [this.handle], {}, options.name ?? 'TensorArrayCloseV3');
  }

  /**
   * The gradient array of this one for the gradient computation `source` (TensorArrayGradV3): made on
   * first use with this array's size; writes to one index there add up.
   */
  grad(source: string, flow: Tensor = this.flow, options: NameOption = {}): GraphTensorArray {
    return opScope(options.name, 'TensorArrayGrad', [this.handle], (_scope, g) => g.colocate_with(this.handle.op, () => {
      const op = makeOp('TensorArrayGradV3', [this.handle, flow], { source: { s: source } }, 'TensorArrayGradV3');
      const gradFlow = control_dependencies([op.outputs[0]], () => identity(flow, { name: 'gradient_flow' }));
      const ta = new GraphTensorArray(this.dtype, { handle: op.outputs[0], flow: gradFlow, infer_shape: this.inferShape });
      ta.shared.shape = this.shared.shape;
      return ta;
    }));
  }

  toString(): string { return `<tf.TensorArray '${this.handle.op.name}' dtype=${this.dtype.name}>`; }
}

/**
 * A TensorArray, with or without `new`: `tf.TensorArray(tf.float32, {size: 3})`.
 */
export const TensorArray = pythonClass('TensorArray', [
  'dtype', 'size=None', 'dynamic_size=None', 'clear_after_read=None', 'tensor_array_name=None', 'handle=None', 'flow=None',
  'infer_shape=True', 'element_shape=None', 'colocate_with_first_write_call=True', 'name=None',
], 1, GraphTensorArray);
export type TensorArray = GraphTensorArray;
