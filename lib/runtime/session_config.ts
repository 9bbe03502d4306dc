/**
 * The session option messages of TF 1.x (config.proto): ConfigProto, GPUOptions, GraphOptions,
 * RunOptions and RunMetadata, as typed objects that construct from their fields with or without `new`
 * (a plain object of the same fields works wherever one is taken). Unknown fields are refused by name.
 */
import { pythonClass } from '../framework/python_signature';
import type { GraphDef } from '../proto';

/** Fields as Python's protobuf constructors take them: only the message's own, nested messages as objects or instances. */
function assignFields(target: object, fields: object): void {
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) (target as Record<string, unknown>)[key] = value;
}

export interface GPUOptionsFields {
  per_process_gpu_memory_fraction?: number;
  allocator_type?: string;
  deferred_deletion_bytes?: number;
  /** Accepted; gpu.js allocates as it goes. */
  allow_growth?: boolean;
  visible_device_list?: string;
  polling_active_delay_usecs?: number;
  polling_inactive_delay_msecs?: number;
  force_gpu_compatible?: boolean;
}

class GPUOptionsImpl implements GPUOptionsFields {
  per_process_gpu_memory_fraction = 0;
  allocator_type = '';
  deferred_deletion_bytes = 0;
  allow_growth = false;
  visible_device_list = '';
  polling_active_delay_usecs = 0;
  polling_inactive_delay_msecs = 0;
  force_gpu_compatible = false;
  constructor(fields: GPUOptionsFields = {}) { assignFields(this, fields); }
}

/** `tf.GPUOptions({allow_growth: true})`. */
export const GPUOptions = pythonClass('GPUOptions', ['per_process_gpu_memory_fraction=None', 'allocator_type=None', 'deferred_deletion_bytes=None',
  'allow_growth=None', 'visible_device_list=None', 'polling_active_delay_usecs=None', 'polling_inactive_delay_msecs=None', 'force_gpu_compatible=None'], 0, GPUOptionsImpl);
export type GPUOptions = GPUOptionsImpl;

export interface GraphOptionsFields {
  enable_recv_scheduling?: boolean;
  optimizer_options?: Record<string, unknown>;
  build_cost_model?: number;
  build_cost_model_after?: number;
  infer_shapes?: boolean;
  place_pruned_graph?: boolean;
  enable_bfloat16_sendrecv?: boolean;
  timeline_step?: number;
  rewrite_options?: Record<string, unknown>;
}

class GraphOptionsImpl implements GraphOptionsFields {
  enable_recv_scheduling = false;
  optimizer_options: Record<string, unknown> = {};
  build_cost_model = 0;
  build_cost_model_after = 0;
  infer_shapes = false;
  place_pruned_graph = false;
  enable_bfloat16_sendrecv = false;
  timeline_step = 0;
  rewrite_options: Record<string, unknown> = {};
  constructor(fields: GraphOptionsFields = {}) { assignFields(this, fields); }
}

/** `tf.GraphOptions({infer_shapes: true})`. */
export const GraphOptions = pythonClass('GraphOptions', ['enable_recv_scheduling=None', 'optimizer_options=None', 'build_cost_model=None',
  'build_cost_model_after=None', 'infer_shapes=None', 'place_pruned_graph=None', 'enable_bfloat16_sendrecv=None', 'timeline_step=None', 'rewrite_options=None'], 0, GraphOptionsImpl);
export type GraphOptions = GraphOptionsImpl;

export interface ConfigProtoFields {
  device_count?: Record<string, number>;
  intra_op_parallelism_threads?: number;
  inter_op_parallelism_threads?: number;
  use_per_session_threads?: boolean;
  placement_period?: number;
  device_filters?: string[];
  gpu_options?: GPUOptions | GPUOptionsFields;
  /** false (TF's default): an op pinned to a device that does not exist is an InvalidArgumentError. */
  allow_soft_placement?: boolean;
  /** Print each op's device when a plan is built, as TF logs it. */
  log_device_placement?: boolean;
  graph_options?: GraphOptions | GraphOptionsFields;
  /** Each run lasting longer fails with DeadlineExceededError, unless its RunOptions set timeout_in_ms (0: no timeout). */
  operation_timeout_in_ms?: number;
  isolate_session_state?: boolean;
  /**
   * scopeflow's own: the memory budget of this session's runs (bytes, or a size such as `'2GiB'`), instead
   * of SCOPEFLOW_MEMORY_LIMIT: a tensor beyond it raises ResourceExhaustedError before it is allocated.
   */
  memory_limit?: number | string;
}

class ConfigProtoImpl implements ConfigProtoFields {
  device_count: Record<string, number> = {};
  intra_op_parallelism_threads = 0;
  inter_op_parallelism_threads = 0;
  use_per_session_threads = false;
  placement_period = 0;
  device_filters: string[] = [];
  gpu_options: GPUOptions;
  allow_soft_placement = false;
  log_device_placement = false;
  graph_options: GraphOptions;
  operation_timeout_in_ms = 0;
  isolate_session_state = false;
  memory_limit?: number | string;
  constructor(fields: ConfigProtoFields = {}) {
    const { gpu_options, graph_options, ...rest } = fields;
    assignFields(this, rest);
    this.gpu_options = gpu_options instanceof GPUOptionsImpl ? gpu_options : new GPUOptions(gpu_options ?? {});
    this.graph_options = graph_options instanceof GraphOptionsImpl ? graph_options : new GraphOptions(graph_options ?? {});
  }
}

/**
 * `tf.ConfigProto({allow_soft_placement: true, log_device_placement: true})`, for `tf.Session({config})`.
 * @example new tf.Session({config: tf.ConfigProto({allow_soft_placement: true})})
 */
export const ConfigProto = pythonClass('ConfigProto', ['device_count=None', 'intra_op_parallelism_threads=None', 'inter_op_parallelism_threads=None',
  'use_per_session_threads=None', 'placement_period=None', 'device_filters=None', 'gpu_options=None', 'allow_soft_placement=None',
  'log_device_placement=None', 'graph_options=None', 'operation_timeout_in_ms=None', 'isolate_session_state=None', 'memory_limit=None'], 0, ConfigProtoImpl);
export type ConfigProto = ConfigProtoImpl;

/** A session's config from what a cell gave: a ConfigProto, its fields as a plain object, or nothing. */
export function asConfigProto(config: ConfigProto | ConfigProtoFields | null | undefined): ConfigProto {
  return config instanceof ConfigProtoImpl ? config : new ConfigProto(config ?? {});
}

const TRACE_LEVELS = { NO_TRACE: 0, SOFTWARE_TRACE: 1, HARDWARE_TRACE: 2, FULL_TRACE: 3 } as const;
export type TraceLevel = keyof typeof TRACE_LEVELS | (typeof TRACE_LEVELS)[keyof typeof TRACE_LEVELS];

export interface RunOptionsFields {
  trace_level?: TraceLevel;
  /** A run lasting longer fails with DeadlineExceededError (checked between ops; 0: the config's operation_timeout_in_ms). */
  timeout_in_ms?: number;
  inter_op_thread_pool?: number;
  output_partition_graphs?: boolean;
  report_tensor_allocations_upon_oom?: boolean;
}

class RunOptionsImpl implements RunOptionsFields {
  static readonly NO_TRACE = 0;
  static readonly SOFTWARE_TRACE = 1;
  static readonly HARDWARE_TRACE = 2;
  static readonly FULL_TRACE = 3;
  trace_level: TraceLevel = 0;
  timeout_in_ms = 0;
  inter_op_thread_pool = 0;
  output_partition_graphs = false;
  report_tensor_allocations_upon_oom = false;
  constructor(fields: RunOptionsFields = {}) { assignFields(this, fields); }
  /** The trace level as its number. */
  get traceLevelNumber(): number { return typeof this.trace_level === 'number' ? this.trace_level : TRACE_LEVELS[this.trace_level]; }
}

/** `tf.RunOptions({trace_level: tf.RunOptions.FULL_TRACE})`, for `sess.run(fetches, feeds, options, run_metadata)`. */
export const RunOptions = pythonClass('RunOptions', ['trace_level=None', 'timeout_in_ms=None', 'inter_op_thread_pool=None',
  'output_partition_graphs=None', 'report_tensor_allocations_upon_oom=None'], 0, RunOptionsImpl);
export type RunOptions = RunOptionsImpl;

export function asRunOptions(options: RunOptions | RunOptionsFields | null | undefined): RunOptions | null {
  if (options === null || options === undefined) return null;
  return options instanceof RunOptionsImpl ? options : new RunOptions(options);
}

/** One node's record in a traced run. */
export interface NodeExecStats { node_name: string; timeline_label: string }
export interface DeviceStepStats { device: string; node_stats: NodeExecStats[] }

export class RunMetadataImpl {
  /** With a trace level other than NO_TRACE: the nodes each device ran, in their order. */
  step_stats: { dev_stats: DeviceStepStats[] } = { dev_stats: [] };
  cost_graph: Record<string, unknown> = {};
  /** With `output_partition_graphs`: the GraphDef of the nodes each device ran. */
  partition_graphs: GraphDef[] = [];
}

/** `tf.RunMetadata()`: filled by `sess.run` when given with RunOptions. */
export const RunMetadata = pythonClass('RunMetadata', [], 0, RunMetadataImpl);
export type RunMetadata = RunMetadataImpl;
