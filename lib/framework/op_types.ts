/**
 * Every op type scopeflow declares, by name: the one list that op declarations (`registerOp`), gradients,
 * kernels (reference, fast and GPU) and op builders (`makeOp`) are checked against when compiling, so a
 * name written in any of them is one declared here. A new op type starts with a line here.
 * (Graphs read from files may hold other op types: those are plain strings and run only if declared.)
 */
export const OP_TYPES = [
  'Abs', 'Add', 'AddN', 'AddV2', 'All', 'Any', 'ApplyAdagrad', 'ApplyAdam', 'ApplyCenteredRMSProp',
  'ApplyGradientDescent', 'ApplyMomentum', 'ApplyRMSProp', 'ArgMax', 'ArgMin', 'Assign', 'AssignAdd',
  'AssignSub', 'AudioSummaryV2', 'AvgPool', 'AvgPoolGrad', 'BatchMatMul', 'BatchMatMulV2', 'BiasAdd',
  'BiasAddGrad', 'BroadcastGradientArgs', 'Cast', 'Ceil', 'ConcatOffset', 'ConcatV2', 'Const', 'Conv2D',
  'Conv2DBackpropFilter', 'Conv2DBackpropInput', 'Cos', 'CountUpTo', 'Cumprod', 'Cumsum', 'Div', 'Elu',
  'EluGrad', 'Equal', 'Exp', 'ExpandDims', 'Fill', 'Floor', 'FloorDiv', 'FloorMod', 'GatherV2', 'Greater',
  'GreaterEqual', 'HistogramSummary', 'Identity', 'ImageSummary', 'Inv', 'InvertPermutation',
  'IsVariableInitialized', 'L2Loss', 'Less', 'LessEqual', 'ListDiff', 'Log', 'Log1p', 'LogSoftmax',
  'LogicalAnd', 'LogicalNot', 'LogicalOr', 'MatMul', 'Max', 'MaxPool', 'MaxPoolGrad', 'MaxPoolGradGrad',
  'Maximum', 'Mean', 'Merge', 'MergeSummary', 'Min', 'Minimum', 'Mul', 'Neg', 'NoOp', 'NotEqual', 'OneHot',
  'OnesLike', 'Pack', 'Pad', 'PadV2', 'Placeholder', 'PlaceholderWithDefault', 'Pow', 'PreventGradient',
  'Print', 'Prod', 'RandomShuffle', 'RandomStandardNormal', 'RandomUniform', 'RandomUniformInt', 'Range',
  'Rank', 'RealDiv', 'Reciprocal', 'ReciprocalGrad', 'RefSwitch', 'Relu', 'Relu6', 'Relu6Grad', 'ReluGrad',
  'Reshape', 'RestoreV2', 'Round', 'Rsqrt', 'RsqrtGrad', 'SaveV2', 'ScalarSummary', 'Select', 'Selu',
  'SeluGrad', 'Shape', 'ShapeN', 'Sigmoid', 'SigmoidGrad', 'Sign', 'Sin', 'Size', 'Slice', 'Snapshot',
  'Softmax', 'SoftmaxCrossEntropyWithLogits', 'Softplus', 'SoftplusGrad', 'Softsign', 'SoftsignGrad',
  'SparseSoftmaxCrossEntropyWithLogits', 'Sqrt', 'SqrtGrad', 'Square', 'SquaredDifference', 'Squeeze',
  'StopGradient', 'StridedSlice', 'StridedSliceGrad', 'Sub', 'Sum', 'Switch', 'Tanh', 'TanhGrad',
  'TensorSummaryV2', 'Tile', 'Transpose', 'TruncatedNormal', 'Unpack', 'UnsortedSegmentSum', 'VariableV2',
  'Where', 'ZerosLike',
] as const;

export type OpType = (typeof OP_TYPES)[number];

/** The entries of a table keyed by op type, keys typed as op types (Object.entries widens them to string). */
export function opTypeEntries<V>(table: Partial<Record<OpType, V>>): [OpType, V][] {
  return Object.entries(table) as [OpType, V][];
}
