/**
 * Every op type scopeflow declares, by name: the one list that op declarations (`registerOp`), gradients,
 * kernels (reference, fast and GPU) and op builders (`makeOp`) are checked against when compiling, so a
 * name written in any of them is one declared here. A new op type starts with a line here.
 * (Graphs read from files may hold other op types: those are plain strings and run only if declared.
 * Tests may declare op types of their own, named `Test…`; the library declares none of that name.)
 */
export const OP_TYPES = [
  'Abs', 'AccumulateNV2', 'Acos', 'Acosh', 'Add', 'AddN', 'AddV2', 'All', 'Angle', 'Any', 'ApplyAdadelta', 'ApplyAdagrad', 'ApplyAdagradDA', 'ApplyAdam', 'ApplyCenteredRMSProp',
  'ApplyFtrl', 'ApplyGradientDescent', 'ApplyMomentum', 'ApplyProximalAdagrad', 'ApplyProximalGradientDescent', 'ApplyRMSProp', 'ArgMax', 'ArgMin', 'AsString', 'Asin', 'Asinh',
  'Assert', 'Assign', 'AssignAdd', 'AssignAddVariableOp', 'AssignSub', 'AssignSubVariableOp',
  'AssignVariableOp', 'Atan', 'Atan2', 'Atanh', 'AudioSummaryV2', 'AvgPool', 'AvgPoolGrad', 'BatchDatasetV2', 'BatchMatMul',
  'BatchMatMulV2', 'Betainc', 'BiasAdd', 'BiasAddGrad', 'Bitcast', 'BroadcastArgs', 'BroadcastGradientArgs', 'BroadcastTo', 'Bucketize', 'CacheDataset', 'Cast', 'DecodeBase64', 'EditDistance', 'EncodeBase64', 'ExtractImagePatches', 'HistogramFixedWidth',
  'Ceil', 'CheckNumerics', 'Cholesky', 'Complex', 'ComplexAbs', 'ComputeAccidentalHits', 'Concat', 'ConcatOffset', 'ConcatV2', 'ConcatenateDataset', 'Conj', 'ConjugateTranspose', 'Const',
  'AvgPool3D', 'AvgPool3DGrad', 'Conv3D', 'Conv3DBackpropFilterV2', 'Conv3DBackpropInputV2', 'MaxPool3D', 'MaxPool3DGrad', 'MaxPool3DGradGrad',
  'AllCandidateSampler', 'FixedUnigramCandidateSampler', 'LearnedUnigramCandidateSampler',
  'Dilation2D', 'Dilation2DBackpropFilter', 'Dilation2DBackpropInput', 'MaxPoolGradGradWithArgmax', 'MaxPoolGradWithArgmax', 'MaxPoolWithArgmax',
  'FractionalAvgPool', 'FractionalAvgPoolGrad', 'FractionalMaxPool', 'FractionalMaxPoolGrad',
  'CTCBeamSearchDecoder', 'CTCGreedyDecoder', 'CTCLoss',
  'ControlTrigger', 'Conv2D', 'Conv2DBackpropFilter', 'Conv2DBackpropInput', 'Cos', 'Cosh', 'CountUpTo', 'Cross', 'Cumprod',
  'Cumsum', 'DepthToSpace', 'DepthwiseConv2dNative', 'DepthwiseConv2dNativeBackpropFilter',
  'DepthwiseConv2dNativeBackpropInput', 'DestroyResourceOp', 'Diag', 'DiagPart', 'Digamma', 'Div', 'DivNoNan',
  'DynamicPartition', 'DynamicStitch', 'Elu', 'EluGrad', 'EagerPyFunc', 'EnsureShape', 'Enter', 'Equal', 'Erf', 'Erfc', 'Exit', 'Exp', 'ExpandDims', 'Expm1', 'FFT', 'FFT2D', 'FFT3D', 'Fill',
  'FilterDataset', 'FlatMapDataset', 'Floor', 'FloorDiv', 'FloorMod', 'FusedBatchNorm', 'FusedBatchNormGrad',
  'FusedBatchNormGradV2', 'FusedBatchNormGradV3', 'FusedBatchNormV2', 'FusedBatchNormV3', 'Gather', 'GatherV2',
  'GatherNd', 'ScatterNd', 'SparseCross', 'StringToHashBucket', 'StringToHashBucketFast', 'Timestamp', 'ParallelConcat', 'StringToHashBucketStrong',
  'GeneratorDataset', 'Greater', 'GreaterEqual', 'HashTableV2', 'HistogramSummary', 'IFFT', 'IFFT2D', 'IFFT3D', 'IRFFT', 'IRFFT2D', 'IRFFT3D', 'Fingerprint', 'GuaranteeConst', 'Identity', 'IdentityN', 'Igamma', 'IgammaGradA', 'Igammac', 'Imag', 'ImageSummary',
  'InTopKV2', 'InitializeTableFromTextFileV2', 'InitializeTableV2', 'InterleaveDataset', 'Inv', 'InvertPermutation', 'IsFinite', 'IsInf',
  'IsNan', 'IsVariableInitialized', 'IteratorFromStringHandleV2', 'IteratorGetNext', 'IteratorToStringHandle',
  'IteratorV2', 'L2Loss', 'LRN', 'LRNGrad', 'LeakyRelu', 'LeakyReluGrad', 'Less', 'LessEqual', 'Lgamma', 'LinSpace',
  'ListDiff', 'Log', 'Log1p', 'LogMatrixDeterminant', 'LogSoftmax', 'LogUniformCandidateSampler', 'LogicalAnd', 'LogicalNot',
  'LogicalOr', 'LookupTableFindV2', 'LookupTableSizeV2', 'LoopCond', 'Lu', 'MakeIterator', 'MapDataset', 'MatMul', 'SparseMatMul',
  'MatrixBandPart', 'MatrixDeterminant', 'MatrixDiag', 'MatrixDiagPart', 'MatrixInverse', 'MatrixSetDiag', 'MatrixSolve', 'MatrixSolveLs', 'MatrixSquareRoot', 'MatrixTriangularSolve', 'Max', 'MaxPool', 'MaxPoolGrad', 'MaxPoolGradGrad',
  'Maximum', 'Mean', 'Merge', 'MergeSummary', 'MergeV2Checkpoints', 'Min', 'Minimum', 'Mul', 'Multinomial', 'Neg',
  'NextIteration', 'NoOp', 'NotEqual', 'OneHot', 'OneShotIterator', 'OnesLike', 'Pack', 'Pad', 'PadV2',
  'PaddedBatchDatasetV2', 'ParseExample', 'ParseSingleExample', 'ParseSingleSequenceExample', 'ParseTensor', 'SerializeTensor', 'SerializeSparse', 'DeserializeSparse', 'SerializeManySparse', 'DeserializeManySparse', 'DecodeJSONExample', 'DecodeCompressed', 'Placeholder', 'PlaceholderWithDefault', 'Polygamma', 'Pow', 'PrefetchDataset',
  'PreventGradient', 'Print', 'PrintV2', 'PyFunc', 'PyFuncStateless', 'Prod', 'Qr', 'RFFT', 'RFFT2D', 'RFFT3D', 'RandomGamma', 'RandomGammaGrad', 'RandomPoissonV2', 'RandomShuffle', 'RandomStandardNormal', 'RandomUniform',
  'RandomUniformInt', 'Range', 'RangeDataset', 'Rank', 'ReadVariableOp', 'Real', 'RealDiv', 'Reciprocal',
  'ReciprocalGrad', 'RefEnter', 'RefExit', 'RefNextIteration', 'RefSwitch', 'Relu', 'Relu6', 'Relu6Grad',
  'ReluGrad', 'RepeatDataset', 'Reshape', 'ResourceApplyAdadelta', 'ResourceApplyAdagrad', 'ResourceApplyAdagradDA', 'ResourceApplyAdam', 'ResourceApplyProximalAdagrad', 'ResourceApplyProximalGradientDescent',
  'ResourceApplyCenteredRMSProp', 'ResourceApplyFtrl', 'ResourceApplyGradientDescent', 'ResourceApplyMomentum',
  'ResourceApplyRMSProp', 'ResourceGather', 'Restore', 'RestoreSlice', 'RestoreV2', 'ReverseSequence',
  'Reverse', 'ReverseV2', 'Rint', 'Roll', 'Round', 'Rsqrt', 'RsqrtGrad', 'SaveSlices', 'SaveV2', 'ScalarSummary', 'ScatterAdd',
  'ScatterSub', 'ScatterUpdate', 'SegmentMean', 'SegmentSum', 'Select', 'SelectV2', 'SelfAdjointEigV2', 'Selu', 'SeluGrad', 'Shape', 'ShapeN', 'ShardedFilename', 'ShuffleDataset',
  'Sigmoid', 'SigmoidGrad', 'Sign', 'Sin', 'Sinh', 'Size', 'SkipDataset', 'Slice', 'Snapshot', 'Softmax',
  'SoftmaxCrossEntropyWithLogits', 'Softplus', 'SoftplusGrad', 'Softsign', 'SoftsignGrad', 'SpaceToDepth',
  'SparseSoftmaxCrossEntropyWithLogits', 'SparseToDense', 'Split', 'SplitV', 'Sqrt', 'SqrtGrad', 'Square',
  'SparseApplyAdadelta', 'SparseApplyAdagrad', 'SparseApplyAdagradDA', 'SparseApplyCenteredRMSProp', 'SparseApplyProximalAdagrad', 'SparseApplyProximalGradientDescent', 'SparseApplyFtrl', 'SparseApplyMomentum', 'SparseApplyRMSProp',
  'SparseAdd', 'SparseAddGrad', 'SparseConcat', 'SparseDenseCwiseAdd', 'SparseDenseCwiseDiv', 'SparseDenseCwiseMul',
  'SparseFillEmptyRows', 'SparseFillEmptyRowsGrad', 'SparseReduceMax', 'SparseReduceMaxSparse', 'SparseReduceSum',
  'SparseReduceSumSparse', 'SparseReorder', 'SparseReshape', 'SparseSegmentMean', 'SparseSegmentMeanGrad',
  'SparseSegmentMeanWithNumSegments', 'SparseSegmentSqrtN', 'SparseSegmentSqrtNGrad', 'SparseSegmentSqrtNWithNumSegments',
  'SparseSegmentSum', 'SparseSegmentSumWithNumSegments', 'SparseSlice', 'SparseSliceGrad', 'SparseSoftmax',
  'SparseSparseMaximum', 'SparseSparseMinimum', 'SparseSplit', 'SparseTensorDenseAdd', 'SparseTensorDenseMatMul',
  'SquaredDifference', 'Squeeze', 'StackCloseV2', 'StackPopV2', 'StackPushV2', 'StackV2', 'StopGradient',
  'StridedSlice', 'StridedSliceGrad', 'StringFormat', 'StringJoin', 'StringLength', 'StringSplit', 'StringSplitV2', 'StringStrip', 'Substr', 'RegexReplace', 'ReduceJoin', 'StringToNumber', 'Sub', 'Sum', 'Svd', 'Switch',
  'TFRecordDataset', 'TakeDataset', 'Tan', 'Tanh', 'TanhGrad', 'TensorArrayCloseV3', 'TensorArrayConcatV3',
  'TensorArrayGatherV3', 'TensorArrayGradV3', 'TensorArrayReadV3', 'TensorArrayScatterV3', 'TensorArraySizeV3',
  'TensorArraySplitV3', 'TensorArrayV3', 'TensorArrayWriteV3', 'TensorDataset', 'TensorSliceDataset',
  'TensorSummaryV2', 'TextLineDataset', 'Tile', 'TopKV2', 'Transpose', 'TruncateDiv', 'TruncateMod', 'TruncatedNormal',
  'UniformCandidateSampler', 'Unique', 'Unpack', 'UnsortedSegmentSum', 'VarHandleOp', 'VarIsInitializedOp', 'Variable', 'VariableShape',
  'VariableV2', 'Where', 'ZerosLike', 'Zeta', 'ZipDataset',
  'ScatterNdAdd', 'ScatterNdSub', 'ScatterNdUpdate', 'TensorScatterAdd', 'TensorScatterSub',
  'TensorScatterUpdate', 'ScatterMul', 'ScatterDiv', 'ScatterMin', 'ScatterMax',
  // queues (ops/queue_ops.ts)
  'FIFOQueueV2', 'PaddingFIFOQueueV2', 'PriorityQueueV2', 'RandomShuffleQueueV2', 'QueueEnqueueV2', 'QueueEnqueueManyV2', 'QueueDequeueV2', 'QueueDequeueManyV2', 'QueueDequeueUpToV2', 'QueueCloseV2', 'QueueSizeV2', 'QueueIsClosedV2',
  // their pre-V2 forms with Ref(string) handles, found in graphs written by old TF versions
  'FIFOQueue', 'PaddingFIFOQueue', 'PriorityQueue', 'RandomShuffleQueue', 'QueueEnqueue', 'QueueEnqueueMany', 'QueueDequeue', 'QueueDequeueMany', 'QueueDequeueUpTo', 'QueueClose', 'QueueSize', 'QueueIsClosed',
  // readers and file ops (ops/reader_ops.ts), their decoders (ops/parsing_ops.ts)
  'TextLineReaderV2', 'TFRecordReaderV2', 'FixedLengthRecordReaderV2', 'WholeFileReaderV2', 'IdentityReaderV2', 'ReaderReadV2',
  'ReaderReadUpToV2', 'ReaderNumRecordsProducedV2', 'ReaderNumWorkUnitsCompletedV2', 'ReaderSerializeStateV2', 'ReaderRestoreStateV2',
  'TextLineReader', 'TFRecordReader', 'FixedLengthRecordReader', 'WholeFileReader', 'IdentityReader', 'ReaderRead', 'ReaderReadUpTo',
  'ReaderNumRecordsProduced', 'ReaderNumWorkUnitsCompleted', 'ReaderSerializeState', 'ReaderRestoreState', 'ReaderReset',
  'ResizeArea', 'ResizeBicubic', 'ResizeBicubicGrad', 'ResizeBilinear', 'ResizeBilinearGrad', 'ResizeNearestNeighbor', 'ResizeNearestNeighborGrad',
  'AdjustContrastv2', 'AdjustHue', 'AdjustSaturation', 'RGBToHSV', 'HSVToRGB', 'DecodePng', 'DecodeGif', 'DecodeBmp', 'EncodePng', 'DecodeJpeg', 'DecodeAndCropJpeg', 'EncodeJpeg', 'EncodeJpegVariableQuality', 'ExtractJpegShape', 'NonMaxSuppressionV3', 'NonMaxSuppressionV4', 'NonMaxSuppressionWithOverlaps',
  'CropAndResize', 'CropAndResizeGradImage', 'CropAndResizeGradBoxes', 'DrawBoundingBoxes', 'SampleDistortedBoundingBoxV2',
  'ReaderResetV2', 'ReadFile', 'WriteFile', 'MatchingFiles', 'DecodeRaw', 'DecodeCSV',
  'SegmentMax', 'SegmentMin', 'SegmentProd', 'UnsortedSegmentMax', 'UnsortedSegmentMin',
  'UnsortedSegmentProd',
  'UniqueWithCounts', 'UnravelIndex', 'LowerBound', 'UpperBound', 'Bincount',
  'SpaceToBatchND', 'BatchToSpaceND', 'SpaceToBatch', 'BatchToSpace',
] as const;

export type OpType = (typeof OP_TYPES)[number];

/** The entries of a table keyed by op type, keys typed as op types (Object.entries widens them to string). */
export function opTypeEntries<V>(table: Partial<Record<OpType, V>>): [OpType, V][] {
  return Object.entries(table) as [OpType, V][];
}
