/**
 * The default values TF 1.15's OpDefs give to attrs that graphs written by older TF versions leave out
 * (a TF 0.7 `Pack` has no `axis`, a TF 0.12 `Assign` no `validate_shape`). `import_graph_def` fills a
 * NodeDef's missing attrs from here, as TF's importer does from its op registry.
 */
import { TensorShape } from './tensor_shape';
import { AttrValue } from './graph';
import { int32, int64 } from './dtypes';
import { OpType } from './op_types';

const FALSE: AttrValue = { b: false };
const NHWC: AttrValue = { s: 'NHWC' };
const INDEX_INT32: AttrValue = { type: int32 };
const NO_SEEDS: Readonly<Record<string, AttrValue>> = { seed: { i: 0 }, seed2: { i: 0 } };
const CONV: Readonly<Record<string, AttrValue>> = { use_cudnn_on_gpu: { b: true }, data_format: NHWC, dilations: { list: { i: [1, 1, 1, 1] } }, explicit_paddings: { list: {} } };
const REDUCTION: Readonly<Record<string, AttrValue>> = { keep_dims: FALSE, Tidx: INDEX_INT32 };
const VARIABLE: Readonly<Record<string, AttrValue>> = { container: { s: '' }, shared_name: { s: '' } };
const CUMULATIVE: Readonly<Record<string, AttrValue>> = { exclusive: FALSE, reverse: FALSE, Tidx: INDEX_INT32 };
const STRIDED_SLICE_MASKS: Readonly<Record<string, AttrValue>> = {
  begin_mask: { i: 0 }, end_mask: { i: 0 }, ellipsis_mask: { i: 0 }, new_axis_mask: { i: 0 }, shrink_axis_mask: { i: 0 },
};

export const OP_ATTR_DEFAULTS: Partial<Record<OpType, Readonly<Record<string, AttrValue>>>> = {
  All: REDUCTION, Any: REDUCTION, Max: REDUCTION, Mean: REDUCTION, Min: REDUCTION, Prod: REDUCTION, Sum: REDUCTION,
  ArgMax: { Tidx: INDEX_INT32, output_type: { type: int64 } },
  ArgMin: { Tidx: INDEX_INT32, output_type: { type: int64 } },
  ApplyAdagrad: { use_locking: FALSE, update_slots: { b: true } },
  ApplyAdam: { use_locking: FALSE, use_nesterov: FALSE },
  ApplyCenteredRMSProp: { use_locking: FALSE },
  ApplyGradientDescent: { use_locking: FALSE },
  ApplyMomentum: { use_locking: FALSE, use_nesterov: FALSE },
  ApplyRMSProp: { use_locking: FALSE },
  Assign: { validate_shape: { b: true }, use_locking: { b: true } },
  AssignAdd: { use_locking: FALSE },
  AssignSub: { use_locking: FALSE },
  AvgPool: { data_format: NHWC },
  AvgPoolGrad: { data_format: NHWC },
  BatchMatMul: { adj_x: FALSE, adj_y: FALSE },
  BatchMatMulV2: { adj_x: FALSE, adj_y: FALSE },
  BiasAdd: { data_format: NHWC },
  BiasAddGrad: { data_format: NHWC },
  Cast: { Truncate: FALSE },
  ConcatV2: { Tidx: INDEX_INT32 },
  Conv2D: CONV, Conv2DBackpropFilter: CONV, Conv2DBackpropInput: CONV,
  Cumprod: CUMULATIVE, Cumsum: CUMULATIVE,
  ExpandDims: { Tdim: INDEX_INT32 },
  Fill: { index_type: INDEX_INT32 },
  GatherV2: { batch_dims: { i: 0 } },
  ListDiff: { out_idx: INDEX_INT32 },
  MatMul: { transpose_a: FALSE, transpose_b: FALSE },
  MaxPool: { data_format: NHWC },
  MaxPoolGrad: { data_format: NHWC },
  MaxPoolGradGrad: { data_format: NHWC },
  OneHot: { axis: { i: -1 }, TI: { type: int64 } },
  Pack: { axis: { i: 0 } },
  Pad: { Tpaddings: INDEX_INT32 },
  PadV2: { Tpaddings: INDEX_INT32 },
  // TF 1.15's default; graphs before producer 22 meant the same by a scalar `{}` (see importGraphDef).
  Placeholder: { shape: { shape: new TensorShape(null) } },
  Print: { message: { s: '' }, first_n: { i: -1 }, summarize: { i: 3 } },
  RandomShuffle: NO_SEEDS, RandomStandardNormal: NO_SEEDS, RandomUniform: NO_SEEDS, RandomUniformInt: NO_SEEDS,
  TruncatedNormal: NO_SEEDS,
  Range: { Tidx: INDEX_INT32 },
  Reshape: { Tshape: INDEX_INT32 },
  Shape: { out_type: INDEX_INT32 },
  ShapeN: { out_type: INDEX_INT32 },
  Size: { out_type: INDEX_INT32 },
  Slice: { Index: INDEX_INT32 },
  Squeeze: { squeeze_dims: { list: {} } },
  StridedSlice: STRIDED_SLICE_MASKS,
  StridedSliceGrad: STRIDED_SLICE_MASKS,
  Tile: { Tmultiples: INDEX_INT32 },
  Transpose: { Tperm: INDEX_INT32 },
  Unpack: { axis: { i: 0 } },
  UnsortedSegmentSum: { Tnumsegments: INDEX_INT32 },
  UnsortedSegmentMax: { Tnumsegments: INDEX_INT32 },
  UnsortedSegmentMin: { Tnumsegments: INDEX_INT32 },
  UnsortedSegmentProd: { Tnumsegments: INDEX_INT32 },
  Variable: VARIABLE,
  VariableV2: VARIABLE,
  RestoreSlice: { preferred_shard: { i: -1 } },
  Restore: { preferred_shard: { i: -1 } },
};
