/**
 * The `tf` namespace itself (TF 1.15's v1 API), with TensorShape and DeviceSpec behind their TF 1.15 Python
 * signatures (constructed with or without `new`). A module of its own so that `tf.compat.v1` (lib/tf_compat.ts)
 * can name it without importing lib/index.ts, which loads the kernels and re-exports both.
 */
export * from './framework/dtypes';
export { DType } from './framework/dtypes';
import { TensorShape as TensorShapeClass } from './framework/tensor_shape';
import { DeviceSpec as DeviceSpecClass } from './framework/device';
import { pythonClass } from './framework/python_signature';
export { as_shape, unknown_shape } from './framework/tensor_shape';
export const TensorShape = pythonClass('TensorShape', ['dims'], 1, TensorShapeClass);
export type TensorShape = TensorShapeClass;
export const DeviceSpec = pythonClass('DeviceSpec', ['job=None', 'replica=None', 'task=None', 'device_type=None', 'device_index=None'], 0, DeviceSpecClass);
export type DeviceSpec = DeviceSpecClass;
export {
  Graph, Operation, Tensor, get_default_graph, reset_default_graph, get_collection, get_collection_ref, add_to_collection,
  add_to_collections,
} from './framework/graph';
export { ValueError, TFTypeError as TypeError, RuntimeError } from './framework/errors';
export * as errors from './framework/errors_api';
export { NDArray } from './framework/ndarray';
export { Session, InteractiveSession, BaseSession, get_default_session } from './runtime/session';
export type { FeedDict, FeedKey, FeedValue, Fetches, FetchResult, RunCall, RunResult, SessionOptions } from './runtime/session';
export { ConfigProto, GPUOptions, GraphOptions, RunOptions, RunMetadata } from './runtime/session_config';
export type { ConfigProtoFields, GPUOptionsFields, GraphOptionsFields, RunOptionsFields } from './runtime/session_config';
export {
  GraphDef, NodeDef, MetaGraphDef, Summary, SessionLog, Event, HistogramProto, SummaryMetadata, LogMessage, NameAttrList, TensorInfo,
} from './train/proto_messages';
export type { Message, MessageClass, ProtoMessage, RepeatedMessageField, MakeTensorProtoOptions } from './train/proto_messages';
export { make_tensor_proto, make_ndarray } from './train/proto_messages';
export { Dimension, dimension_value, dimension_at_index } from './framework/dimension';
export type { DimensionLike } from './framework/dimension';
export { encode_base64, decode_base64 } from './ops/base64_ops';
export { histogram_fixed_width, histogram_fixed_width_bins } from './ops/histogram_ops';
export type { HistogramOptions } from './ops/histogram_ops';
export { edit_distance } from './ops/edit_distance_ops';
export { broadcast_static_shape, broadcast_dynamic_shape } from './ops/broadcast_shape_ops';
export { string_to_hash_bucket, string_to_hash_bucket_strong } from './ops/hash_bucket_ops';
export { bitcast } from './ops/bitcast_ops';
export { extract_image_patches } from './ops/image_patches_ops';
export { sparse_mask, add_check_numerics_ops, timestamp, get_static_value, assert_proper_iterable, parallel_stack } from './ops/v1_utility_ops';

export { convert_to_tensor } from './ops/op_builder';
export {
  pack, unpack, newaxis, constant, placeholder, placeholder_with_default, identity, identity_n, guarantee_const, roll, reshape, shape, size, rank, fill,
  zeros, ones, zeros_like, ones_like, expand_dims, squeeze, tile, stack, unstack, concat, transpose, slice,
  strided_slice, getitem, gather, where, boolean_mask, one_hot, stop_gradient, pad, strided_slice_grad,
  invert_permutation, concat_offset, shape_n, setdiff1d, split, reverse, reverse_v2, broadcast_to, unique, unique_with_counts, unravel_index, searchsorted, meshgrid,
  space_to_batch_nd, batch_to_space_nd, space_to_batch, batch_to_space,
  sequence_mask, reverse_sequence, dynamic_stitch, dynamic_partition, where_v2, gather_nd, scatter_nd,
} from './ops/array_ops';
export type { ConstantOptions } from './ops/array_ops';
export {
  mod, arg_max, arg_min, add, subtract, multiply, maximum, minimum, pow, squared_difference, floordiv, floormod, div,
  truediv, divide, greater, greater_equal, less, less_equal, equal, not_equal, logical_and, logical_or, logical_not,
  negative, square, sqrt, rsqrt, exp, log, log1p, abs, sign, reciprocal, sigmoid, tanh, floor, ceil, round, sin, cos,
  cast, to_float, to_int32, to_int64, to_double, truncatediv, is_nan, is_finite, is_inf, linspace, lin_space,
  reduce_logsumexp, count_nonzero, logical_xor, matmul, sparse_matmul, reduce_sum, reduce_mean, reduce_max, reduce_min, reduce_prod, reduce_all,
  reduce_any, argmax, argmin, add_n, range, cumsum, cumprod, unsorted_segment_sum, div_no_nan, unsorted_segment_max, unsorted_segment_min,
  unsorted_segment_prod, unsorted_segment_mean, unsorted_segment_sqrt_n, segment_sum, segment_mean, segment_max, segment_min, segment_prod,
  bincount, accumulate_n, to_bfloat16,
  tan, asin, acos, atan, atan2, sinh, cosh, asinh, acosh, atanh, erf, erfc, expm1, lgamma, digamma, polygamma, zeta, rint,
  realdiv, floor_div, truncatemod, scalar_mul, lbeta, saturate_cast, igamma, igammac, betainc,
  complex, real, imag, conj, angle, to_complex64, to_complex128,
} from './ops/math_ops';
export { required_space_to_batch_paddings } from './ops/space_batch_ops';
export { fft, ifft, fft2d, ifft2d, fft3d, ifft3d } from './ops/spectral_ops';
export * as signal from './tf_signal';
export * as image from './tf_image';
export * as spectral from './tf_signal';
export type { TensorOperators } from './ops/math_ops';
export { log_sigmoid, space_to_depth, depth_to_space } from './ops/nn_ops';
export { no_op, group, control_dependencies, with_dependencies, tuple, cond } from './ops/control_flow_ops';
export { case_ as case } from './ops/control_flow_case';
export type { CaseOptions, PredFnPairs } from './ops/control_flow_case';
export { while_loop, WhileContext } from './ops/while_loop';
export type { WhileLoopOptions } from './ops/while_loop';
export { QueueBase, FIFOQueue, PaddingFIFOQueue, RandomShuffleQueue, PriorityQueue } from './ops/queue_ops';
export type { QueueValues, Dequeued, FIFOQueueOptions, RandomShuffleQueueOptions } from './ops/queue_ops';
export {
  ReaderBase, TextLineReader, TFRecordReader, FixedLengthRecordReader, WholeFileReader, IdentityReader, read_file, write_file, matching_files,
} from './ops/reader_ops';
export type { WorkQueue, FixedLengthRecordReaderOptions } from './ops/reader_ops';
export { TensorArray } from './ops/tensor_array_ops';
export type { TensorArrayOptions } from './ops/tensor_array_ops';
export { map_fn, scan, foldl, foldr } from './ops/functional_ops';
export * as nest from './ops/nest';
export { name_scope, device, colocate_with, container, init_scope, op_scope } from './framework/scopes';
export { executing_eagerly, disable_eager_execution, disable_v2_behavior } from './framework/eager';
export { make_template } from './variables/template';
export type { Template, MakeTemplateOptions } from './variables/template';

export {
  Variable, RefVariable, global_variables, trainable_variables, local_variables, model_variables,
  moving_average_variables, all_variables, variables_initializer, initialize_variables, global_variables_initializer,
  initialize_all_variables, local_variables_initializer, initialize_local_variables, is_variable_initialized, report_uninitialized_variables,
  assert_variables_initialized,
  SaveSliceInfo,
} from './variables/variables';
export type { VariableOptions, VariableDef } from './variables/variables';
export { GraphKeys } from './framework/graph_keys';
export {
  AUTO_REUSE, VariableScope, get_variable, get_local_variable, get_variable_scope, variable_scope, variable_store, no_regularizer, variable_op_scope,
} from './variables/variable_scope';
export * from './variables/initializers';
export {
  PartitionedVariable, fixed_size_partitioner, variable_axis_size_partitioner, min_max_variable_partitioner,
} from './variables/partitioned_variables';
export type { Partitioner } from './variables/partitioned_variables';
export {
  enable_resource_variables, disable_resource_variables, resource_variables_enabled, is_resource_variable,
} from './variables/variables';
import { ResourceVariable as ResourceVariableClass, ResourceVariableCallable } from './variables/variables';
export const ResourceVariable = ResourceVariableCallable;
export type ResourceVariable = ResourceVariableClass;

export * from './ops/random_ops';
export {
  assert_equal, assert_none_equal, assert_less, assert_less_equal, assert_greater, assert_greater_equal, assert_positive, assert_negative,
  assert_non_negative, assert_non_positive, assert_rank, assert_rank_at_least, assert_rank_in, assert_same_float_dtype, assert_scalar, assert_type, assert_integer, is_tensor, is_numeric_tensor,
  assert_near, is_non_decreasing, is_strictly_increasing, check_numerics, verify_tensor_all_finite, ensure_shape,
} from './ops/check_ops';
export { clip_by_value, clip_by_norm, clip_by_global_norm, global_norm, clip_by_average_norm } from './ops/clip_ops';
export { Print, Assert, print_v2 as print } from './ops/logging_ops';
export type { PrintOptions, PrintV2Options } from './ops/logging_ops';
export * as strings from './tf_strings';
export { string_join, string_strip, substr, regex_replace, reduce_join, string_split, string_to_hash_bucket_fast, fingerprint } from './ops/string_ops';
export type { ReduceJoinOptions } from './ops/string_ops';
export { py_func, numpy_function, py_function } from './ops/script_ops';
export type { PyFuncCallable, PyFuncValue } from './ops/script_ops';
export {
  count_up_to, assign, assign_add, assign_sub, scatter_update, scatter_add, scatter_sub, scatter_mul, scatter_div, scatter_min, scatter_max,
} from './ops/state_ops';
export {
  tensor_scatter_update, tensor_scatter_add, tensor_scatter_sub, tensor_scatter_update as tensor_scatter_nd_update,
  tensor_scatter_add as tensor_scatter_nd_add, tensor_scatter_sub as tensor_scatter_nd_sub, scatter_nd_update, scatter_nd_add, scatter_nd_sub,
  batch_gather, batch_scatter_update,
} from './ops/scatter_nd_ops';
export type { RefLike, AssignOpOptions } from './ops/state_ops';
export * as nn from './tf_nn';
export {
  FixedLenFeature, FixedLenSequenceFeature, VarLenFeature, SparseFeature, parse_example, parse_single_example, string_to_number, as_string, decode_raw,
  decode_csv, serialize_tensor, parse_tensor, parse_single_sequence_example, decode_json_example, decode_compressed,
} from './ops/parsing_ops';
export type { FeatureConfig, ParsedFeatures, ParsedFeaturesOf } from './ops/parsing_ops';
export type { DecodeCSVOptions } from './ops/parsing_ops';
export {
  sparse_to_dense, sparse_placeholder, sparse_tensor_to_dense, sparse_tensor_dense_matmul, sparse_add, sparse_concat, sparse_reorder,
  sparse_reshape, sparse_retain, sparse_slice, sparse_split, sparse_transpose, sparse_reduce_sum, sparse_reduce_sum_sparse,
  sparse_reduce_max, sparse_reduce_max_sparse, sparse_softmax, sparse_maximum, sparse_minimum, sparse_to_indicator, sparse_merge,
  sparse_fill_empty_rows, sparse_reset_shape, sparse_segment_sum, sparse_segment_mean, sparse_segment_sqrt_n,
} from './ops/sparse_ops';
export { SparseTensor, SparseTensorValue, convert_to_tensor_or_sparse_tensor } from './ops/sparse_tensor';
export { serialize_sparse, serialize_many_sparse, deserialize_many_sparse } from './ops/sparse_serialize';
export { IndexedSlices, IndexedSlicesValue, convert_to_tensor_or_indexed_slices } from './ops/indexed_slices';
export type { GradientValue } from './ops/indexed_slices';
export type { SparseTensorValueLike } from './ops/sparse_tensor';
export * as sparse from './tf_sparse';
export * as lookup from './ops/lookup_api';
export { tables_initializer, initialize_all_tables } from './ops/lookup_ops';
export {
  diag, diag_part, trace, matrix_band_part, matrix_diag, matrix_diag_part, matrix_set_diag, eye, matrix_transpose, tensordot, einsum, norm,
  cholesky, cholesky_solve, matrix_determinant, matrix_inverse, matrix_solve, matrix_solve_ls, matrix_triangular_solve,
  matrix_square_root, qr, svd, self_adjoint_eig, self_adjoint_eigvals, cross,
} from './ops/linalg_ops';
export { sort, argsort } from './ops/sort_ops';
export { confusion_matrix } from './ops/confusion_matrix';
export * as math from './tf_math';
export * as random from './tf_random';
export * as linalg from './tf_linalg';

export { gradients, LookupError, NOT_DIFFERENTIABLE, registerNotDifferentiable } from './ops/gradients_impl';
export {
  RegisterGradient, NotDifferentiable, NotDifferentiable as NoGradient, NotDifferentiable as no_gradient,
} from './ops/gradient_util';
export type { UserGradientFunction } from './ops/gradient_util';
export { custom_gradient, hessians } from './ops/custom_gradient';
export type { CustomGradientFunction, HessiansOptions } from './ops/custom_gradient';
export type { GradientsOptions, GradientTarget } from './ops/gradients_impl';
export { config } from './runtime/config';
export type { PhysicalDevice, LogicalDevice } from './runtime/config';
export type { CpuBackendInfo } from './kernels/cpu_backend';
export * as losses from './ops/losses';
export * as contrib from './tf_contrib';
export * as train from './tf_train';
export { import_graph_def } from './train/graph_io';
export * as summary from './summary';
export * as layers from './layers';
export * as metrics from './metrics';
export * as data from './data';
export * as estimator from './estimator';
export * as feature_column from './estimator/feature_column';
export * as saved_model from './saved_model';
export * as logging from './train/tf_logging';
export { get_logger } from './train/logging';
export * as gfile from './platform/gfile';
export * as app from './platform';
export * as flags from './platform/flags';
export * as python_io from './train/python_io';
export * as io from './tf_io';

// camelCase names for JavaScript habits: the same functions under a second name.
export {
  get_variable as getVariable, variable_scope as variableScope, get_variable_scope as getVariableScope,
  AUTO_REUSE as autoReuse,
} from './variables/variable_scope';
export {
  global_variables as globalVariables, trainable_variables as trainableVariables,
  global_variables_initializer as globalVariablesInitializer, variables_initializer as variablesInitializer,
  report_uninitialized_variables as reportUninitializedVariables,
} from './variables/variables';
export { get_default_graph as getDefaultGraph, reset_default_graph as resetDefaultGraph } from './framework/graph';
export { get_default_session as getDefaultSession } from './runtime/session';
export { name_scope as nameScope, colocate_with as colocateWith } from './framework/scopes';
export { control_dependencies as controlDependencies } from './ops/control_flow_ops';
export {
  zeros_initializer as zerosInitializer, ones_initializer as onesInitializer, constant_initializer as constantInitializer,
  random_normal_initializer as randomNormalInitializer, truncated_normal_initializer as truncatedNormalInitializer,
  random_uniform_initializer as randomUniformInitializer, glorot_uniform_initializer as glorotUniformInitializer,
} from './variables/initializers';
export { random_normal as randomNormal, truncated_normal as truncatedNormal, random_uniform as randomUniform, set_random_seed as setRandomSeed } from './ops/random_ops';
export { zeros_like as zerosLike, ones_like as onesLike } from './ops/array_ops';
export { reduce_sum as reduceSum, reduce_mean as reduceMean, reduce_max as reduceMax, reduce_min as reduceMin } from './ops/math_ops';
