/**
 * The output args of TF's OpDefs, by name: inside a FunctionDef a node's output is written
 * `node:arg:index` (`add:z:0`, `split:output:1`, `TopKV2:indices:0`), so exporting a function and reading a
 * TF-written one both need them. Ops not listed have one output arg: `z` for the binary element-wise ops,
 * `y` for the unary ones, `handle` for dataset ops, `output` otherwise. An arg with a count (a number attr, or a type-list attr)
 * holds that many tensors.
 */
import { AttrValue } from './graph';

export interface OutputArg { readonly name: string; readonly count?: string }

const arg = (name: string, count?: string): OutputArg => ({ name, count });

const NAMED: Readonly<Record<string, readonly OutputArg[]>> = {
  NoOp: [], Assert: [], ControlTrigger: [], MakeIterator: [], InitializeTableV2: [], AssignVariableOp: [], AssignAddVariableOp: [],
  AssignSubVariableOp: [], DestroyResourceOp: [],
  MatMul: [arg('product')], SparseMatMul: [arg('product')], AddN: [arg('sum')],
  Relu: [arg('activations')], Relu6: [arg('activations')], Elu: [arg('activations')], Selu: [arg('activations')],
  LeakyRelu: [arg('activations')], Softplus: [arg('activations')], Softsign: [arg('activations')],
  Softmax: [arg('softmax')], LogSoftmax: [arg('logsoftmax')],
  SoftmaxCrossEntropyWithLogits: [arg('loss'), arg('backprop')], SparseSoftmaxCrossEntropyWithLogits: [arg('loss'), arg('backprop')],
  Transpose: [arg('y')], ConjugateTranspose: [arg('y')], InvertPermutation: [arg('y')], Cast: [arg('y')],
  ZerosLike: [arg('y')], OnesLike: [arg('y')], Where: [arg('index')], Cumsum: [arg('out')], Cumprod: [arg('out')],
  Split: [arg('output', 'num_split')], SplitV: [arg('output', 'num_split')], Unpack: [arg('output', 'num')],
  TopKV2: [arg('values'), arg('indices')], Unique: [arg('y'), arg('idx')], UniqueWithCounts: [arg('y'), arg('idx'), arg('count')],
  Switch: [arg('output_false'), arg('output_true')], RefSwitch: [arg('output_false'), arg('output_true')],
  Merge: [arg('output'), arg('value_index')], RefMerge: [arg('output'), arg('value_index')],
  IdentityN: [arg('output', 'T')], ShapeN: [arg('output', 'N')], DynamicPartition: [arg('outputs', 'num_partitions')],
  BroadcastGradientArgs: [arg('r0'), arg('r1')],
  StringSplit: [arg('indices'), arg('values'), arg('shape')], StringSplitV2: [arg('indices'), arg('values'), arg('shape')],
  DecodeCSV: [arg('output', 'OUT_TYPE')], IteratorGetNext: [arg('components', 'output_types')],
  ParseExample: [arg('sparse_indices', 'Nsparse'), arg('sparse_values', 'sparse_types'), arg('sparse_shapes', 'Nsparse'), arg('dense_values', 'Tdense')],
  ParseSingleSequenceExample: [
    arg('context_sparse_indices', 'Ncontext_sparse'), arg('context_sparse_values', 'context_sparse_types'), arg('context_sparse_shapes', 'Ncontext_sparse'),
    arg('context_dense_values', 'Tcontext_dense'), arg('feature_list_sparse_indices', 'Nfeature_list_sparse'),
    arg('feature_list_sparse_values', 'feature_list_sparse_types'), arg('feature_list_sparse_shapes', 'Nfeature_list_sparse'),
    arg('feature_list_dense_values', 'feature_list_dense_types'),
  ],
  ParseSingleExample: [arg('sparse_indices', 'num_sparse'), arg('sparse_values', 'sparse_types'), arg('sparse_shapes', 'num_sparse'), arg('dense_values', 'Tdense')],
  FusedBatchNorm: ['y', 'batch_mean', 'batch_variance', 'reserve_space_1', 'reserve_space_2'].map((n) => arg(n)),
  FusedBatchNormV2: ['y', 'batch_mean', 'batch_variance', 'reserve_space_1', 'reserve_space_2'].map((n) => arg(n)),
  FusedBatchNormV3: ['y', 'batch_mean', 'batch_variance', 'reserve_space_1', 'reserve_space_2', 'reserve_space_3'].map((n) => arg(n)),
  MaxPoolWithArgmax: [arg('output'), arg('argmax')],
  PyFunc: [arg('output', 'Tout')], PyFuncStateless: [arg('output', 'Tout')], EagerPyFunc: [arg('output', 'Tout')],
  LookupTableFindV2: [arg('values')], LookupTableSizeV2: [arg('size')], HashTableV2: [arg('table_handle')],
  VarHandleOp: [arg('resource')], ReadVariableOp: [arg('value')], VariableV2: [arg('ref')], Variable: [arg('ref')],
  StringToHashBucketFast: [arg('output')], ReaderReadV2: [arg('key'), arg('value')], ReaderReadUpToV2: [arg('keys'), arg('values')],
  IteratorV2: [arg('handle')], OneShotIterator: [arg('handle')], IteratorToStringHandle: [arg('string_handle')],
  IteratorFromStringHandleV2: [arg('resource_handle')],
};

const BINARY = new Set([
  'Add', 'AddV2', 'Sub', 'Mul', 'Div', 'RealDiv', 'DivNoNan', 'FloorDiv', 'FloorMod', 'TruncateDiv', 'TruncateMod', 'Mod', 'Pow',
  'Maximum', 'Minimum', 'SquaredDifference', 'Atan2', 'Equal', 'NotEqual', 'Less', 'LessEqual', 'Greater', 'GreaterEqual',
  'LogicalAnd', 'LogicalOr', 'BitwiseAnd', 'BitwiseOr', 'BitwiseXor', 'LeftShift', 'RightShift', 'Igamma', 'Igammac', 'Zeta',
  'Polygamma', 'Xdivy', 'Xlogy', 'MulNoNan', 'Betainc', 'ApproximateEqual', 'SigmoidGrad', 'TanhGrad', 'RsqrtGrad',
  'SqrtGrad', 'ReciprocalGrad', 'InvGrad',
]);
const UNARY = new Set([
  'Abs', 'Neg', 'Square', 'Rsqrt', 'Exp', 'Expm1', 'Log', 'Log1p', 'Sigmoid', 'Tanh', 'Sin', 'Cos', 'Tan', 'Asin', 'Acos', 'Atan',
  'Sinh', 'Cosh', 'Asinh', 'Acosh', 'Atanh', 'Floor', 'Ceil', 'Round', 'Rint', 'Sign', 'Reciprocal', 'Inv', 'Erf', 'Erfc',
  'Lgamma', 'Digamma', 'IsNan', 'IsInf', 'IsFinite', 'LogicalNot', 'Invert',
]);

/** The output args of op type `type`. */
export function outputArgs(type: string): readonly OutputArg[] {
  if (NAMED[type]) return NAMED[type];
  // Every dataset op (TensorSliceDataset, MapDataset, ...) yields its variant as `handle`.
  if (type.endsWith('Dataset') || /DatasetV\d$/.test(type)) return [arg('handle')];
  return [arg(BINARY.has(type) ? 'z' : UNARY.has(type) ? 'y' : 'output')];
}

/** How many tensors one output arg holds, from the node's attrs. */
function argCount(a: OutputArg, attrs: ReadonlyMap<string, AttrValue>): number {
  if (!a.count) return 1;
  const v = attrs.get(a.count);
  if (v && 'i' in v) return v.i;
  if (v && 'list' in v) return v.list.type?.length ?? 0;
  return 0;
}

/** Output `index` of a node as a FunctionDef writes it: its arg's name and its index inside that arg. */
export function outputArgOf(type: string, attrs: ReadonlyMap<string, AttrValue>, index: number): { name: string; index: number } {
  const args = outputArgs(type);
  let start = 0;
  for (const [i, a] of args.entries()) {
    // The last arg takes what is left, so an op whose count attr is absent still names all its outputs.
    const n = i === args.length - 1 ? Infinity : argCount(a, attrs);
    if (index < start + n) return { name: a.name, index: index - start };
    start += n;
  }
  return { name: 'output', index };
}

/** The flat output index of `arg:index` of a node, or undefined when the op has no such arg. */
export function flatOutputIndex(type: string, attrs: ReadonlyMap<string, AttrValue>, argName: string, index: number): number | undefined {
  let start = 0;
  for (const a of outputArgs(type)) {
    if (a.name === argName) return start + index;
    start += argCount(a, attrs);
  }
  return undefined;
}
