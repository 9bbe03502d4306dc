/**
 * Codec for the TensorFlow protocol buffers scopeflow reads and writes (checkpoints, meta graphs).
 *
 * The schemas are the `.proto` files beside this module (shipped in `lib/proto`), loaded once through
 * protobufjs. Messages are plain objects: field names as in the .proto (snake_case), int64 fields as JS
 * numbers (exact up to 2^53), enums as numbers, bytes as Uint8Array. Decoded messages always carry
 * their repeated and map fields (possibly empty); absent scalars are `undefined`.
 *
 * Encoding follows proto3 as TensorFlow's C++ writes it: scalar fields holding their default value
 * (0, false, '', empty bytes) are omitted, sub-messages that are set are always written (an empty
 * `TensorShapeProto` encodes as a zero-length field), oneof members are written whenever set, and
 * fields are emitted in field-number order.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as protobuf from 'protobufjs';

// ---- message shapes -------------------------------------------------------------------------------

export interface VersionDef { producer?: number; min_consumer?: number; bad_consumers?: number[] }

export interface TensorShapeDim { size?: number; name?: string }
export interface TensorShapeProto { dim?: TensorShapeDim[]; unknown_rank?: boolean }

export interface TensorSliceExtent { start?: number; length?: number }
export interface TensorSliceProto { extent?: TensorSliceExtent[] }

export interface BundleHeaderProto { num_shards?: number; endianness?: number; version?: VersionDef }
export const BundleEndianness = { LITTLE: 0, BIG: 1 } as const;

export interface BundleEntryProto {
  dtype?: number;
  shape?: TensorShapeProto;
  shard_id?: number;
  offset?: number;
  size?: number;
  /** Masked CRC32C of the tensor's bytes (fixed32). */
  crc32c?: number;
  slices?: TensorSliceProto[];
}

export interface ResourceHandleProto {
  device?: string; container?: string; name?: string; hash_code?: number; maybe_type_name?: string;
  dtypes_and_shapes?: { dtype?: number; shape?: TensorShapeProto }[];
}

export interface VariantTensorDataProto { type_name?: string; metadata?: Uint8Array; tensors?: TensorProto[] }

export interface TensorProto {
  dtype?: number;
  tensor_shape?: TensorShapeProto;
  version_number?: number;
  tensor_content?: Uint8Array;
  half_val?: number[];
  float_val?: number[];
  double_val?: number[];
  int_val?: number[];
  string_val?: Uint8Array[];
  scomplex_val?: number[];
  int64_val?: number[];
  bool_val?: boolean[];
  dcomplex_val?: number[];
  resource_handle_val?: ResourceHandleProto[];
  variant_val?: VariantTensorDataProto[];
  uint32_val?: number[];
  uint64_val?: number[];
}

export interface NameAttrList { name?: string; attr?: Record<string, AttrValue> }

export interface AttrValueList {
  s?: Uint8Array[];
  i?: number[];
  f?: number[];
  b?: boolean[];
  type?: number[];
  shape?: TensorShapeProto[];
  tensor?: TensorProto[];
  func?: NameAttrList[];
}

/** One of its fields is set (a oneof in the schema). */
export interface AttrValue {
  list?: AttrValueList;
  s?: Uint8Array;
  i?: number;
  f?: number;
  b?: boolean;
  type?: number;
  shape?: TensorShapeProto;
  tensor?: TensorProto;
  placeholder?: string;
  func?: NameAttrList;
}

export interface NodeDef {
  name?: string;
  op?: string;
  input?: string[];
  device?: string;
  attr?: Record<string, AttrValue>;
  experimental_debug_info?: { original_node_names?: string[]; original_func_names?: string[] };
}

export interface ArgDef {
  name?: string; description?: string; type?: number; type_attr?: string; number_attr?: string;
  type_list_attr?: string; is_ref?: boolean;
}
export interface AttrDef {
  name?: string; type?: string; default_value?: AttrValue; description?: string; has_minimum?: boolean;
  minimum?: number; allowed_values?: AttrValue;
}
export interface OpDef {
  name?: string;
  input_arg?: ArgDef[];
  output_arg?: ArgDef[];
  control_output?: string[];
  attr?: AttrDef[];
  deprecation?: { version?: number; explanation?: string };
  summary?: string;
  description?: string;
  is_commutative?: boolean;
  is_aggregate?: boolean;
  is_stateful?: boolean;
  allows_uninitialized_input?: boolean;
}
export interface OpList { op?: OpDef[] }

export interface FunctionDef {
  signature?: OpDef;
  attr?: Record<string, AttrValue>;
  node_def?: NodeDef[];
  ret?: Record<string, string>;
  control_ret?: Record<string, string>;
}
export interface FunctionDefLibrary { function?: FunctionDef[]; gradient?: { function_name?: string; gradient_func?: string }[] }

export interface GraphDef { node?: NodeDef[]; versions?: VersionDef; version?: number; library?: FunctionDefLibrary }

export interface SaverDef {
  filename_tensor_name?: string;
  save_tensor_name?: string;
  restore_op_name?: string;
  max_to_keep?: number;
  sharded?: boolean;
  keep_checkpoint_every_n_hours?: number;
  /** CheckpointFormatVersion: LEGACY 0, V1 1, V2 2. */
  version?: number;
}
export const CheckpointFormatVersion = { LEGACY: 0, V1: 1, V2: 2 } as const;

export interface SaveSliceInfoDef { full_name?: string; full_shape?: number[]; var_offset?: number[]; var_shape?: number[] }
export interface VariableDef {
  variable_name?: string;
  initial_value_name?: string;
  initializer_name?: string;
  snapshot_name?: string;
  save_slice_info_def?: SaveSliceInfoDef;
  is_resource?: boolean;
  trainable?: boolean;
  synchronization?: number;
  aggregation?: number;
}

export interface AnyProto { type_url?: string; value?: Uint8Array }

/** One of the lists is set. */
export interface CollectionDef {
  node_list?: { value?: string[] };
  bytes_list?: { value?: Uint8Array[] };
  int64_list?: { value?: number[] };
  float_list?: { value?: number[] };
  any_list?: { value?: AnyProto[] };
}

export interface TensorInfo {
  name?: string;
  coo_sparse?: { values_tensor_name?: string; indices_tensor_name?: string; dense_shape_tensor_name?: string };
  dtype?: number;
  tensor_shape?: TensorShapeProto;
}
export interface SignatureDef { inputs?: Record<string, TensorInfo>; outputs?: Record<string, TensorInfo>; method_name?: string }

export interface MetaInfoDef {
  meta_graph_version?: string;
  stripped_op_list?: OpList;
  any_info?: AnyProto;
  tags?: string[];
  tensorflow_version?: string;
  tensorflow_git_version?: string;
  stripped_default_attrs?: boolean;
  function_aliases?: Record<string, string>;
}

export interface AssetFileDef { tensor_info?: TensorInfo; filename?: string }

export interface MetaGraphDef {
  meta_info_def?: MetaInfoDef;
  graph_def?: GraphDef;
  saver_def?: SaverDef;
  collection_def?: Record<string, CollectionDef>;
  signature_def?: Record<string, SignatureDef>;
  asset_file_def?: AssetFileDef[];
}

export interface ValuesDef { values?: string[]; external_values?: Record<string, string> }
/** One nested context: exactly one of the two is set (a oneof). */
export interface ControlFlowContextDef { cond_ctxt?: CondContextDef; while_ctxt?: WhileContextDef }
export interface CondContextDef {
  context_name?: string; pred_name?: string; pivot_name?: string; branch?: number; values_def?: ValuesDef;
  nested_contexts?: ControlFlowContextDef[];
}
export interface WhileContextDef {
  context_name?: string; parallel_iterations?: number; back_prop?: boolean; swap_memory?: boolean;
  pivot_name?: string; pivot_for_pred_name?: string; pivot_for_body_name?: string;
  loop_exit_names?: string[]; loop_enter_names?: string[]; values_def?: ValuesDef; maximum_iterations_name?: string;
  nested_contexts?: ControlFlowContextDef[];
}

export interface SavedModel { saved_model_schema_version?: number; meta_graphs?: MetaGraphDef[] }

/** One feature of a tf.train.Example: one of the three lists is set (a oneof). */
export interface Feature { bytes_list?: { value?: Uint8Array[] }; float_list?: { value?: number[] }; int64_list?: { value?: number[] } }
export interface Features { feature?: Record<string, Feature> }
export interface Example { features?: Features }
export interface FeatureList { feature?: Feature[] }
export interface FeatureLists { feature_list?: Record<string, FeatureList> }
export interface SequenceExample { context?: Features; feature_lists?: FeatureLists }

export interface CheckpointState {
  model_checkpoint_path?: string;
  all_model_checkpoint_paths?: string[];
  all_model_checkpoint_timestamps?: number[];
  last_preserved_timestamp?: number;
}

export interface SavedSliceMeta { name?: string; shape?: TensorShapeProto; type?: number; slice?: TensorSliceProto[] }
export interface SavedTensorSlices {
  meta?: { tensor?: SavedSliceMeta[]; versions?: VersionDef };
  data?: { name?: string; slice?: TensorSliceProto; data?: TensorProto };
}

export interface HistogramProto {
  min?: number; max?: number; num?: number; sum?: number; sum_squares?: number; bucket_limit?: number[]; bucket?: number[];
}
export interface SummaryMetadata {
  plugin_data?: { plugin_name?: string; content?: Uint8Array };
  display_name?: string;
  summary_description?: string;
}
export interface SummaryImage { height?: number; width?: number; colorspace?: number; encoded_image_string?: Uint8Array }
export interface SummaryAudio {
  sample_rate?: number; num_channels?: number; length_frames?: number; encoded_audio_string?: Uint8Array; content_type?: string;
}
/** One summary value; at most one of simple_value, image, histo, audio, tensor is set (a oneof). */
export interface SummaryValue {
  node_name?: string;
  tag?: string;
  metadata?: SummaryMetadata;
  simple_value?: number;
  obsolete_old_style_histogram?: Uint8Array;
  image?: SummaryImage;
  histo?: HistogramProto;
  audio?: SummaryAudio;
  tensor?: TensorProto;
}
export interface Summary { value?: SummaryValue[] }

export const LogMessageLevel = { UNKNOWN: 0, DEBUGGING: 10, INFO: 20, WARN: 30, ERROR: 40, FATAL: 50 } as const;
export interface LogMessage { level?: number; message?: string }
export const SessionStatus = { STATUS_UNSPECIFIED: 0, START: 1, STOP: 2, CHECKPOINT: 3 } as const;
export interface SessionLog { status?: number; checkpoint_path?: string; msg?: string }
export interface TaggedRunMetadata { tag?: string; run_metadata?: Uint8Array }
/** One record of an event file; at most one of the fields after `step` is set (a oneof). */
export interface Event {
  wall_time?: number;
  step?: number;
  file_version?: string;
  graph_def?: Uint8Array;
  summary?: Summary;
  log_message?: LogMessage;
  session_log?: SessionLog;
  tagged_run_metadata?: TaggedRunMetadata;
  meta_graph_def?: Uint8Array;
}
export interface RunMetadata { partition_graphs?: GraphDef[] }
/** What a reader's serialize_state holds (TF's reader_base.proto). */
export interface ReaderBaseState { work_started?: number; work_finished?: number; num_records_produced?: number; current_work?: Uint8Array }
/** A QueueRunner of a meta graph's `queue_runners` collection (TF's queue_runner.proto); the error types are error codes. */
export interface QueueRunnerDef {
  queue_name?: string; enqueue_op_name?: string[]; close_op_name?: string; cancel_op_name?: string; queue_closed_exception_types?: number[];
}

// ---- schema loading -------------------------------------------------------------------------------

const PROTO_FILES = [
  'types.proto', 'tensor_shape.proto', 'versions.proto', 'tensor_slice.proto', 'resource_handle.proto',
  'tensor.proto', 'attr_value.proto', 'node_def.proto', 'op_def.proto', 'function.proto', 'graph.proto',
  'saver.proto', 'variable.proto', 'meta_graph.proto', 'tensor_bundle.proto', 'checkpoint_state.proto',
  'saved_tensor_slice.proto', 'summary.proto', 'event.proto', 'config.proto', 'saved_model.proto', 'example.proto', 'control_flow.proto',
  'reader_base.proto', 'queue_runner.proto',
];

/**
 * The folder holding the .proto files: beside this module when run from source, or `lib/proto` of
 * the package when run from the compiled `dist/lib/proto`.
 */
export function protoDir(): string {
  const candidates = [__dirname, path.resolve(__dirname, '..', '..', '..', 'lib', 'proto')];
  for (const dir of candidates) {
    if (fs.existsSync(path.join(dir, 'tensor_bundle.proto'))) return dir;
  }
  throw new Error(`scopeflow: TensorFlow .proto schemas not found (looked in ${candidates.join(', ')})`);
}

let rootCache: protobuf.Root | undefined;

function root(): protobuf.Root {
  if (!rootCache) {
    const dir = protoDir();
    const r = new protobuf.Root();
    r.loadSync(PROTO_FILES.map((f) => path.join(dir, f)), { keepCase: true });
    r.resolveAll();
    rootCache = r;
  }
  return rootCache;
}

/** The reflected schema of a message type, e.g. `tensorflow.GraphDef` (for generic writers). */
export function messageType(typeName: string): protobuf.Type { return root().lookupType(typeName); }

// ---- codec ----------------------------------------------------------------------------------------

const TO_OBJECT: protobuf.IConversionOptions = {
  longs: Number, enums: Number, arrays: true, objects: true, defaults: false,
};

/** Whether a scalar holds its proto3 default, so TF's C++ serializer would leave it out. */
function isDefaultScalar(v: unknown): boolean {
  if (typeof v === 'number') return Object.is(v, 0);
  if (typeof v === 'boolean') return v === false;
  if (typeof v === 'string') return v === '';
  if (v instanceof Uint8Array) return v.length === 0;
  return false;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

/** Copies `obj` keeping only what proto3 would serialize (see the module comment). */
function prune(type: protobuf.Type, obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of type.fieldsArray) {
    const v = obj[field.name];
    if (v === undefined || v === null) continue;
    const sub = field.resolvedType instanceof protobuf.Type ? field.resolvedType : null;
    if (field.map) {
      if (!isPlainObject(v)) throw new TypeError(`${type.name}.${field.name} must be an object`);
      const m: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) m[k] = sub && isPlainObject(x) ? prune(sub, x) : x;
      out[field.name] = m;
    } else if (field.repeated) {
      if (!Array.isArray(v)) throw new TypeError(`${type.name}.${field.name} must be an array`);
      out[field.name] = sub ? v.map((x: unknown) => (isPlainObject(x) ? prune(sub, x) : x)) : v;
    } else if (sub) {
      if (!isPlainObject(v)) throw new TypeError(`${type.name}.${field.name} must be a message object`);
      out[field.name] = prune(sub, v);
    } else if (field.partOf || !isDefaultScalar(v)) {
      out[field.name] = v;
    }
  }
  return out;
}

export interface Codec<T> {
  /** Full protobuf name, e.g. `tensorflow.BundleEntryProto`. */
  readonly typeName: string;
  encode(message: T): Uint8Array;
  /** Throws a plain Error on malformed bytes; callers turn it into a TF error naming the file. */
  decode(bytes: Uint8Array): T;
  /**
   * Encodes a message already in canonical form (no scalar holding its default, enums as numbers,
   * bytes as Uint8Array), skipping the normalising copy `encode` makes: for hot paths.
   */
  encodeCanonical(message: T): Uint8Array;
  /**
   * Decodes to protobufjs's message object without conversion: int64 fields may be `Long` objects and
   * absent fields read as their defaults. For hot paths; see `toNumber`.
   */
  decodeRaw(bytes: Uint8Array): RawMessage;
}

/** A decoded protobufjs message, fields unconverted. */
export type RawMessage = { readonly [field: string]: unknown };

/** A number from a raw int64 field (a number or a Long); NaN for anything else. */
export function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'object' && v !== null && typeof (v as { toNumber?: unknown }).toNumber === 'function') {
    return (v as { toNumber(): number }).toNumber();
  }
  return NaN;
}

/** The codec of any message type of the schemas, by its full name (`tensorflow.Summary`). */
export function codec<T>(typeName: string): Codec<T> {
  let type: protobuf.Type | undefined;
  const get = (): protobuf.Type => (type ??= root().lookupType(typeName));
  return {
    typeName,
    encode(message: T): Uint8Array {
      const t = get();
      return t.encode(t.fromObject(prune(t, message as Record<string, unknown>))).finish();
    },
    decode(bytes: Uint8Array): T {
      const t = get();
      return t.toObject(t.decode(bytes), TO_OBJECT) as T;
    },
    encodeCanonical(message: T): Uint8Array {
      return get().encode(message as Record<string, unknown>).finish();
    },
    decodeRaw(bytes: Uint8Array): RawMessage {
      return get().decode(bytes) as unknown as RawMessage;
    },
  };
}

/**
 * A loosely built message (enum names or numbers, numbers for int64, Uint8Array bytes) in the form the
 * codecs decode to: what a text-format parser hands back.
 */
export function messageFromObject<T>(typeName: string, obj: object): T {
  const t = root().lookupType(typeName);
  return t.toObject(t.fromObject(obj), TO_OBJECT) as T;
}

export const BundleHeaderProtoCodec = codec<BundleHeaderProto>('tensorflow.BundleHeaderProto');
export const BundleEntryProtoCodec = codec<BundleEntryProto>('tensorflow.BundleEntryProto');
export const GraphDefCodec = codec<GraphDef>('tensorflow.GraphDef');
export const SaverDefCodec = codec<SaverDef>('tensorflow.SaverDef');
export const VariableDefCodec = codec<VariableDef>('tensorflow.VariableDef');
export const MetaGraphDefCodec = codec<MetaGraphDef>('tensorflow.MetaGraphDef');
export const CondContextDefCodec = codec<CondContextDef>('tensorflow.CondContextDef');
export const WhileContextDefCodec = codec<WhileContextDef>('tensorflow.WhileContextDef');
export const SavedModelCodec = codec<SavedModel>('tensorflow.SavedModel');
export const ExampleCodec = codec<Example>('tensorflow.Example');
export const FeaturesCodec = codec<Features>('tensorflow.Features');
export const FeatureCodec = codec<Feature>('tensorflow.Feature');
export const BytesListCodec = codec<{ value?: Uint8Array[] }>('tensorflow.BytesList');
export const FloatListCodec = codec<{ value?: number[] }>('tensorflow.FloatList');
export const Int64ListCodec = codec<{ value?: number[] }>('tensorflow.Int64List');
export const FeatureListCodec = codec<FeatureList>('tensorflow.FeatureList');
export const FeatureListsCodec = codec<FeatureLists>('tensorflow.FeatureLists');
export const SequenceExampleCodec = codec<SequenceExample>('tensorflow.SequenceExample');
export const TensorProtoCodec = codec<TensorProto>('tensorflow.TensorProto');
export const AssetFileDefCodec = codec<AssetFileDef>('tensorflow.AssetFileDef');
export const SavedTensorSlicesCodec = codec<SavedTensorSlices>('tensorflow.SavedTensorSlices');
export const SummaryCodec = codec<Summary>('tensorflow.Summary');
export const SummaryMetadataCodec = codec<SummaryMetadata>('tensorflow.SummaryMetadata');
export const EventCodec = codec<Event>('tensorflow.Event');
export const RunMetadataCodec = codec<RunMetadata>('tensorflow.RunMetadata');
export const ReaderBaseStateCodec = codec<ReaderBaseState>('tensorflow.ReaderBaseState');
export const QueueRunnerDefCodec = codec<QueueRunnerDef>('tensorflow.QueueRunnerDef');

/** Enum value names of a schema enum, e.g. `enumName('tensorflow.DataType', 1)` → `DT_FLOAT`. */
export function enumName(enumType: string, value: number): string | undefined {
  return root().lookupEnum(enumType).valuesById[value];
}
