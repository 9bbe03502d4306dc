/**
 * Graphs as TensorFlow files: Graph → GraphDef (with `_output_shapes`), MetaGraphDef export
 * (`tf.train.export_meta_graph`), and the GraphDef import under a TF-written `.meta`: nodes in any order,
 * constants in every TensorProto encoding, op types without kernels (they fail only when run).
 * `import_meta_graph` (collections, Variables, the Saver the file describes) is in saver.ts.
 */
import * as fs from 'fs';
import { DType, as_dtype, float32 } from '../framework/dtypes';
import {
  AttrList, AttrValue, Graph, Operation, Tensor, get_default_graph,
} from '../framework/graph';
import { TensorShape } from '../framework/tensor_shape';
import { InvalidArgumentError, NotFoundError, UnimplementedError, ValueError } from '../framework/errors';
import { getOpSchema } from '../framework/graph';
import { OP_ATTR_DEFAULTS } from '../framework/op_attr_defaults';
import { TracedFunction, addFunction, allFunctions } from '../framework/function_library';
import { flatOutputIndex, outputArgOf } from '../framework/op_output_args';
import { RefVariable } from '../variables/variables';
import {
  AnyProto, AttrValue as AttrValueProto, CollectionDef, FunctionDef, FunctionDefLibrary, GraphDef, MetaGraphDef, MetaGraphDefCodec, NodeDef, OpDef,
  SaverDef, SaverDefCodec, TensorShapeProto, VariableDef, VariableDefCodec, CondContextDef, CondContextDefCodec, ValuesDef,
  WhileContextDef, WhileContextDefCodec, QueueRunnerDefCodec,
} from '../proto';
import { QueueRunnerImpl } from './queue_runner';
import { CondContext } from '../ops/control_flow_ops';
import { WhileContext } from '../ops/while_loop';
import { condContextToProto, whileContextToProto } from '../ops/control_flow_proto';
import { atomicWriteFile } from './file_io';
import * as logging from './logging';
import { makeNdarray, makeTensorProto } from '../framework/tensor_proto';
import { decodeBinaryOrText, looksLikeTextFormat, messageToString } from './text_format';
import './io_ops';
import { pythonFunction } from '../framework/python_signature';
import { strip_name_scope } from '../framework/scopes';

/** GraphDef version this library writes (a TF 1.x-era producer; consumers accept it). */
export const GRAPH_DEF_VERSION = 27;
/** The TF release whose API and file formats scopeflow reproduces (MetaInfoDef.tensorflow_version). */
export const TF_API_VERSION = '1.15.0';

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder();

// ---- shapes and attrs ---------------------------------------------------------------------------

/** A graph's (possibly partial) TensorShape as a proto: unknown rank, or -1 for unknown dims. */
export function tensorShapeToProto(s: TensorShape): TensorShapeProto {
  if (s.dims === null) return { unknown_rank: true };
  return { dim: s.dims.map((d) => ({ size: d === null ? -1 : d })) };
}

/** The TensorShape of a shape proto (an absent proto is a scalar). */
export function tensorShapeFromProto(p: TensorShapeProto | undefined): TensorShape {
  if (!p || p.unknown_rank) return new TensorShape(p ? null : []);
  return new TensorShape((p.dim ?? []).map((d) => (d.size === undefined || d.size < 0 ? null : d.size)));
}

function dtypeFromEnum(e: number | undefined, where: string): DType {
  try {
    return as_dtype(e ?? 0);
  } catch {
    throw new InvalidArgumentError(null, null, `${where}: invalid DataType ${e}`);
  }
}

/** An engine attr value as an AttrValue proto. */
export function attrToProto(v: AttrValue): AttrValueProto {
  if ('type' in v) return { type: v.type.as_datatype_enum };
  if ('shape' in v) return { shape: tensorShapeToProto(v.shape) };
  if ('i' in v) return { i: v.i };
  if ('f' in v) return { f: v.f };
  if ('b' in v) return { b: v.b };
  if ('s' in v) return { s: utf8.encode(v.s) };
  if ('tensor' in v) return { tensor: makeTensorProto(v.tensor) };
  if ('func' in v) return { func: { name: v.func } };
  if ('placeholder' in v) return { placeholder: v.placeholder };
  const l = v.list;
  return {
    list: {
      s: l.s?.map((x) => utf8.encode(x)), i: l.i ? [...l.i] : undefined, f: l.f ? [...l.f] : undefined,
      b: l.b ? [...l.b] : undefined, type: l.type?.map((d) => d.as_datatype_enum), shape: l.shape?.map(tensorShapeToProto),
      tensor: l.tensor?.map((t) => makeTensorProto(t)),
    },
  };
}

/** An AttrValue proto as an engine attr value. */
export function attrFromProto(p: AttrValueProto, where: string): AttrValue {
  if (p.list) {
    const l = p.list;
    const out: AttrList = {};
    if (l.s?.length) out.s = l.s.map((x) => utf8Decoder.decode(x));
    if (l.i?.length) out.i = [...l.i];
    if (l.f?.length) out.f = [...l.f];
    if (l.b?.length) out.b = [...l.b];
    if (l.type?.length) out.type = l.type.map((t) => dtypeFromEnum(t, where));
    if (l.shape?.length) out.shape = l.shape.map(tensorShapeFromProto);
    if (l.tensor?.length) out.tensor = l.tensor.map((t) => makeNdarray(t));
    if (l.func?.length) throw new UnimplementedError(null, null, `${where}: function-list attrs are not supported`);
    return { list: out };
  }
  if (p.s !== undefined) return { s: utf8Decoder.decode(p.s) };
  if (p.i !== undefined) return { i: p.i };
  if (p.f !== undefined) return { f: p.f };
  if (p.b !== undefined) return { b: p.b };
  if (p.type !== undefined) return { type: dtypeFromEnum(p.type, where) };
  if (p.shape !== undefined) return { shape: tensorShapeFromProto(p.shape) };
  if (p.tensor !== undefined) {
    try {
      return { tensor: makeNdarray(p.tensor) };
    } catch (e) {
      throw new InvalidArgumentError(null, null, `${where}: ${(e as Error).message}`);
    }
  }
  if (p.func !== undefined) return { func: p.func.name ?? '' };
  if (p.placeholder !== undefined) return { placeholder: p.placeholder };
  return { list: {} };
}

// ---- Graph → GraphDef ---------------------------------------------------------------------------

export interface GraphDefOptions {
  /** Add an `_output_shapes` list attr to every node with outputs (TF's `add_shapes`). */
  add_shapes?: boolean;
  clear_devices?: boolean;
}

/** An op as a NodeDef, its inputs written by `input` (a GraphDef's `name:index`, a FunctionDef's `name:arg:index`). */
function nodeToProto(op: Operation, options: GraphDefOptions, input: (t: Tensor) => string): NodeDef {
  const nd = op.node_def;
  const attr: Record<string, AttrValueProto> = {};
  for (const [k, v] of [...nd.attr].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) attr[k] = attrToProto(v);
  if (options.add_shapes && op.outputs.length > 0) {
    attr._output_shapes = { list: { shape: op.outputs.map((t) => tensorShapeToProto(t.shape)) } };
  }
  const inputs = [...op.inputs.map(input), ...op.control_inputs.map((o) => `^${o.name}`)];
  return { name: nd.name, op: nd.op, input: inputs, device: options.clear_devices ? '' : nd.device, attr };
}

/** The graph as a GraphDef: nodes in creation order, as TF's `graph.as_graph_def()`, with the functions its ops call. */
export function graphToGraphDef(graph: Graph, options: GraphDefOptions = {}): GraphDef {
  const node = graph.get_operations().map((op) => nodeToProto(op, options, (t) => t.inputString));
  const functions = allFunctions(graph);
  const library: FunctionDefLibrary | undefined = functions.length ? { function: functions.map((f) => functionToProto(f, options)) } : undefined;
  return { node, versions: { producer: GRAPH_DEF_VERSION }, ...(library ? { library } : {}) };
}

// ---- function library ---------------------------------------------------------------------------

/** A valid OpDef arg name (`[a-z][a-z0-9_]*`) for a function's result, from the tensor's name, as TF derives it. */
function resultArgName(t: Tensor, taken: Set<string>): string {
  let base = t.name.replace(/:0$/, '').replace(/:/g, '_o').toLowerCase().replace(/[^a-z0-9_]/g, '_');
  if (!/^[a-z]/.test(base)) base = `output_${base}`;
  let name = base;
  for (let i = 1; taken.has(name); i++) name = `${base}_${i}`;
  taken.add(name);
  return name;
}

/**
 * A traced function as TF's FunctionDef: its arguments are input args named as their placeholders, every
 * other op a node_def whose inputs name outputs as `node:arg:index` (an argument by its name alone).
 */
function functionToProto(fn: TracedFunction, options: GraphDefOptions): FunctionDef {
  const argOps = new Set(fn.args.map((a) => a.op));
  const ref = (t: Tensor) => {
    if (argOps.has(t.op)) return t.op.name;
    const { name, index } = outputArgOf(t.op.type, t.op.attrs, t.value_index);
    return `${t.op.name}:${name}:${index}`;
  };
  const taken = new Set(fn.args.map((a) => a.op.name));
  const outputs = fn.results.map((r) => ({ name: resultArgName(r, taken), tensor: r }));
  return {
    signature: {
      name: fn.name,
      input_arg: fn.args.map((a) => ({ name: a.op.name, type: a.dtype.base_dtype.as_datatype_enum })),
      output_arg: outputs.map((o) => ({ name: o.name, type: o.tensor.dtype.base_dtype.as_datatype_enum })),
    },
    node_def: fn.graph.get_operations().filter((op) => !argOps.has(op)).map((op) => nodeToProto(op, { clear_devices: options.clear_devices }, ref)),
    ret: Object.fromEntries(outputs.map((o) => [o.name, ref(o.tensor)])),
  };
}

/**
 * A FunctionDef's body as a GraphDef: a Placeholder per input arg, node inputs `node:arg:index` written as
 * `node:flat_index` (the arg's place among the producing op's outputs, from the producer's OpDef where the
 * file lists it), and the results as tensor names.
 */
function functionBodyAsGraphDef(fd: FunctionDef, opDefs: ReadonlyMap<string, OpDef>, producer: number): { graph_def: GraphDef; args: string[]; results: string[] } {
  const fname = fd.signature?.name ?? '';
  const args = (fd.signature?.input_arg ?? []).map((a) => {
    if (!a.name || a.type === undefined) throw new ValueError(`Function '${fname}': input arg '${a.name ?? ''}' has no name or no concrete type`);
    return { name: a.name, type: a.type };
  });
  const argNames = new Set(args.map((a) => a.name));
  const nodes = new Map((fd.node_def ?? []).map((n) => [n.name ?? '', n]));
  const rewrite = (s: string, where: string): string => {
    if (s.startsWith('^') || argNames.has(s)) return s;
    const m = /^([^:]+):([^:]+):(\d+)$/.exec(s);
    if (!m) {
      if (nodes.has(s)) return s;
      throw new ValueError(`Function '${fname}': ${where} names '${s}', which is neither an input arg nor a node output 'node:arg:index'`);
    }
    const [, nodeName, argName, index] = m;
    const node = nodes.get(nodeName);
    if (!node) throw new ValueError(`Function '${fname}': ${where} names '${s}': there is no node '${nodeName}'`);
    const attrs = new Map(Object.entries(node.attr ?? {}).map(([k, v]) => [k, attrFromProto(v, `Function '${fname}' node '${nodeName}'`)]));
    const flat = flatIndexFromOpDef(opDefs.get(node.op ?? ''), attrs, argName, Number(index)) ?? flatOutputIndex(node.op ?? '', attrs, argName, Number(index));
    if (flat === undefined) throw new ValueError(`Function '${fname}': ${where} names '${s}', but op '${node.op}' has no output '${argName}'`);
    return flat === 0 ? nodeName : `${nodeName}:${flat}`;
  };
  const node: NodeDef[] = [
    ...args.map((a) => ({ name: a.name, op: 'Placeholder', attr: { dtype: { type: a.type }, shape: { shape: { unknown_rank: true } } } })),
    ...[...nodes.values()].map((n) => ({ ...n, input: (n.input ?? []).map((s) => rewrite(s, `node '${n.name}' input`)) })),
  ];
  const results = (fd.signature?.output_arg ?? []).map((o) => {
    const r = fd.ret?.[o.name ?? ''];
    if (r === undefined) throw new ValueError(`Function '${fname}': output arg '${o.name}' has no ret entry`);
    const t = rewrite(r, `ret '${o.name}'`);
    return t.includes(':') ? t : `${t}:0`;
  });
  return { graph_def: { node, versions: { producer } }, args: args.map((a) => `${a.name}:0`), results };
}

/** Flat output index of `arg:index` from an OpDef the file lists, or undefined without one. */
function flatIndexFromOpDef(def: OpDef | undefined, attrs: ReadonlyMap<string, AttrValue>, argName: string, index: number): number | undefined {
  if (!def?.output_arg) return undefined;
  let start = 0;
  for (const a of def.output_arg) {
    if (a.name === argName) return start + index;
    const count = a.number_attr ? attrs.get(a.number_attr) : a.type_list_attr ? attrs.get(a.type_list_attr) : undefined;
    start += count === undefined ? 1 : 'i' in count ? count.i : 'list' in count ? count.list.type?.length ?? 0 : 1;
  }
  return undefined;
}

/** Builds each function of `library` in its own graph and adds them all to `graph` and to each other's graphs. */
function importLibrary(graph: Graph, library: FunctionDefLibrary, opDefs: readonly OpDef[], producer: number): void {
  const defs = new Map(opDefs.map((d) => [d.name ?? '', d]));
  const functions: TracedFunction[] = (library.function ?? []).map((fd) => {
    const name = fd.signature?.name;
    if (!name) throw new ValueError('GraphDef library has a function without a name');
    const body = functionBodyAsGraphDef(fd, defs, producer);
    const g = new Graph();
    try {
      importGraphDef(g, body.graph_def, { op_list: opDefs });
    } catch (e) {
      if (e instanceof ValueError) throw new ValueError(`Function '${name}': ${e.message}`);
      throw e;
    }
    return { name, graph: g, args: body.args.map((t) => g.get_tensor_by_name(t)), results: body.results.map((t) => g.get_tensor_by_name(t)) };
  });
  for (const g of [graph, ...functions.map((f) => f.graph)]) for (const f of functions) addFunction(g, f);
}

// ---- collections --------------------------------------------------------------------------------

/** What a Saver in the `savers` collection offers for export (the Saver class lives in saver.ts, above this module). */
interface SaverDefSource { as_saver_def(): SaverDef; to_proto(export_scope?: string | null): SaverDef | null }

function isSaver(x: unknown): x is SaverDefSource {
  return typeof x === 'object' && x !== null && typeof (x as { as_saver_def?: unknown }).as_saver_def === 'function';
}

/** A packed message (`google.protobuf.Any`), as SavedModel's asset collection holds AssetFileDefs. */
export function isAnyProto(x: unknown): x is AnyProto {
  return typeof x === 'object' && x !== null && typeof (x as AnyProto).type_url === 'string' && (x as AnyProto).value instanceof Uint8Array;
}

/** One collection as a CollectionDef, or null (with a warning) when its items cannot be serialized. */
/**
 * Whether a node or collection item belongs to an export of `export_scope` (TF's _should_include_node:
 * its name begins with the scope, a plain prefix test; items without a name always do).
 */
function inExportScope(item: unknown, export_scope: string | null | undefined): boolean {
  if (!export_scope || isSaver(item)) return true;
  const name = typeof item === 'string' ? item : (item as { name?: unknown } | null)?.name;
  if (typeof name !== 'string') return true;
  return name.startsWith(UNBOUND_INPUT_PREFIX) || name.startsWith(export_scope);
}

/**
 * A collection as its CollectionDef, the items outside `export_scope` left out and the scope stripped from
 * the names of the rest. As in TF, the contexts nested in an exported loop or branch keep their full names,
 * and an item whose proto is null (a Saver of another scope) is left out, the collection then written empty.
 */
function collectionToProto(key: string, all: readonly unknown[], export_scope?: string | null): CollectionDef | null {
  const items = all.filter((x) => inExportScope(x, export_scope));
  if (items.length === 0) return null;
  const first = items[0];
  const strip = (n: string) => strip_name_scope(n, export_scope);
  const bytesOf = (protos: (Uint8Array | null)[]): CollectionDef => {
    const value = protos.filter((p): p is Uint8Array => p !== null);
    return value.length ? { bytes_list: { value } } : {};
  };
  try {
    if (first instanceof RefVariable) {
      return bytesOf(items.map((v) => VariableDefCodec.encode(variableToProto(v as RefVariable, export_scope))));
    }
    if (first instanceof WhileContext || first instanceof CondContext) {
      return bytesOf(items.map((c) => {
        if (c instanceof WhileContext) return WhileContextDefCodec.encode(stripWhileContextDef(whileContextToProto(c), strip));
        if (c instanceof CondContext) return CondContextDefCodec.encode(stripCondContextDef(condContextToProto(c), strip));
        throw new TypeError(`${String(c)} is not a control flow context`);
      }));
    }
    if (first instanceof QueueRunnerImpl) {
      return bytesOf(items.map((qr) => {
        if (!(qr instanceof QueueRunnerImpl)) throw new TypeError(`${String(qr)} is not a QueueRunner`);
        const def = qr.to_proto(export_scope);
        return def ? QueueRunnerDefCodec.encode(def) : null;
      }));
    }
    if (isSaver(first)) {
      return bytesOf(items.map((s) => {
        const def = (s as SaverDefSource).to_proto(export_scope);
        return def ? SaverDefCodec.encode(def) : null;
      }));
    }
    if (isAnyProto(first)) {
      return { any_list: { value: items.map((x) => { if (!isAnyProto(x)) throw new TypeError(`${String(x)} is not an Any message`); return x; }) } };
    }
    if (first instanceof Operation || first instanceof Tensor) {
      return {
        node_list: {
          value: items.map((x) => {
            if (x instanceof Operation || x instanceof Tensor) return strip(x.name);
            throw new TypeError(`${String(x)} is not an Operation or Tensor`);
          }),
        },
      };
    }
    if (typeof first === 'string' || first instanceof Uint8Array) {
      return { bytes_list: { value: items.map((x) => (typeof x === 'string' ? utf8.encode(x) : x as Uint8Array)) } };
    }
    if (typeof first === 'number' && Number.isInteger(first)) {
      return { int64_list: { value: items.map((x) => { if (typeof x !== 'number' || !Number.isInteger(x)) throw new TypeError(`${String(x)} is not an integer`); return x; }) } };
    }
    if (typeof first === 'number') {
      return { float_list: { value: items.map((x) => { if (typeof x !== 'number') throw new TypeError(`${String(x)} is not a number`); return x; }) } };
    }
    throw new TypeError(`items of type ${typeof first === 'object' ? first?.constructor?.name : typeof first} are not supported`);
  } catch (e) {
    logging.warning(`Issue encountered when serializing: ${key}.\nType is unsupported, or the types of the items don't match field type in CollectionDef. Note this is a warning and probably safe to ignore.\n${(e as Error).message}`);
    return null;
  }
}

function variableToProto(v: RefVariable, export_scope?: string | null): VariableDef {
  const d = v.to_proto(export_scope ?? undefined);
  return {
    variable_name: d.variable_name, initial_value_name: d.initial_value_name, initializer_name: d.initializer_name,
    snapshot_name: d.snapshot_name, is_resource: d.is_resource, trainable: d.trainable,
    save_slice_info_def: d.save_slice_info_def,
  };
}

// ---- export -------------------------------------------------------------------------------------

/** Where an exported scope's graph names an input from outside the scope (TF's _UNBOUND_INPUT_PREFIX). */
export const UNBOUND_INPUT_PREFIX = '$unbound_inputs_';
/** The collection listing those inputs. */
export const UNBOUND_INPUTS_COLLECTION = 'unbound_inputs';

const utf8Names = (l: AttrValueProto['list']) => (l?.s ?? []).map((b) => utf8Decoder.decode(b));

/**
 * A node of an exported scope as TF's meta_graph._node_def writes it: the scope stripped from its name,
 * its inputs, its colocation list (those of other scopes left out) and an Enter's frame; an input from
 * outside the scope renamed `$unbound_inputs_<name>` and recorded in `unbound`.
 */
function scopedNodeDef(n: NodeDef, scope: string, unbound: string[]): NodeDef {
  const input = (n.input ?? []).map((s) => {
    if (s.replace(/^\^+/, '').startsWith(scope)) return strip_name_scope(s, scope);
    const renamed = s.startsWith('^') ? `^${UNBOUND_INPUT_PREFIX}${s.slice(1)}` : `${UNBOUND_INPUT_PREFIX}${s}`;
    unbound.push(renamed);
    return renamed;
  });
  const attr: Record<string, AttrValueProto> = {};
  for (const [k, v] of Object.entries(n.attr ?? {})) {
    if (k === '_class') {
      const kept = utf8Names(v.list).filter((c) => (c.split('@')[1] ?? '').startsWith(scope));
      attr[k] = { list: { s: kept.map((c) => utf8.encode(strip_name_scope(c, scope))) } };
    } else if ((n.op === 'Enter' || n.op === 'RefEnter') && k === 'frame_name' && v.s && utf8Decoder.decode(v.s).startsWith(scope)) {
      attr[k] = { s: utf8.encode(strip_name_scope(utf8Decoder.decode(v.s), scope)) };
    } else {
      attr[k] = v;
    }
  }
  return { ...n, name: strip_name_scope(n.name ?? '', scope), input, attr };
}

/** A ValuesDef with every name stripped. */
function stripValuesDef(v: ValuesDef | undefined, strip: (n: string) => string): ValuesDef {
  const external: Record<string, string> = {};
  for (const [k, x] of Object.entries(v?.external_values ?? {})) external[strip(k)] = strip(x);
  return { values: (v?.values ?? []).map(strip), external_values: external };
}

/** An exported loop's WhileContextDef with its names stripped (not its nested contexts': TF writes those whole). */
function stripWhileContextDef(d: WhileContextDef, strip: (n: string) => string): WhileContextDef {
  return {
    ...d, context_name: strip(d.context_name ?? ''), pivot_name: strip(d.pivot_name ?? ''), pivot_for_pred_name: strip(d.pivot_for_pred_name ?? ''),
    pivot_for_body_name: strip(d.pivot_for_body_name ?? ''), loop_exit_names: (d.loop_exit_names ?? []).map(strip),
    loop_enter_names: (d.loop_enter_names ?? []).map(strip), values_def: stripValuesDef(d.values_def, strip),
    maximum_iterations_name: d.maximum_iterations_name ? strip(d.maximum_iterations_name) : d.maximum_iterations_name,
  };
}

/** An exported branch's CondContextDef with its names stripped (not its nested contexts'). */
function stripCondContextDef(d: CondContextDef, strip: (n: string) => string): CondContextDef {
  return {
    ...d, context_name: strip(d.context_name ?? ''), pred_name: strip(d.pred_name ?? ''), pivot_name: strip(d.pivot_name ?? ''),
    values_def: stripValuesDef(d.values_def, strip),
  };
}


export interface ExportMetaGraphOptions {
  graph?: Graph;
  graph_def?: GraphDef;
  saver_def?: SaverDef | null;
  /** Collections to export (default: all). */
  collection_list?: readonly string[] | null;
  clear_devices?: boolean;
  as_text?: boolean;
  export_scope?: string | null;
  strip_default_attrs?: boolean;
  meta_info_def?: MetaGraphDef['meta_info_def'];
}

/**
 * Builds a MetaGraphDef of the graph (default graph unless given) and writes it to `filename` when
 * given (binary, or text format with `as_text`; atomically). Returns the MetaGraphDef.
 * @example tf.train.export_meta_graph('/tmp/model.meta')
 */
export const export_meta_graph = pythonFunction('export_meta_graph', ['filename=None', 'meta_info_def=None', 'graph_def=None', 'saver_def=None', 'collection_list=None', 'as_text=False', 'graph=None', 'export_scope=None', 'clear_devices=False', 'clear_extraneous_savers=False', 'strip_default_attrs=False', 'save_debug_info=False'], 1, function export_meta_graph(filename?: string | null, options: ExportMetaGraphOptions = {}): MetaGraphDef {
  const graph = options.graph ?? get_default_graph();
  const scope = options.export_scope || null;
  let graph_def = options.graph_def ?? graphToGraphDef(graph, { add_shapes: true, clear_devices: options.clear_devices });
  if (options.clear_devices) for (const n of graph_def.node ?? []) n.device = '';
  if (scope) {
    const unbound: string[] = [];
    graph_def = { ...graph_def, node: (graph_def.node ?? []).filter((n) => inExportScope(n.name ?? '', scope)).map((n) => scopedNodeDef(n, scope, unbound)) };
    // TF keeps the inputs from outside the scope in the graph's own unbound_inputs collection, exported with it.
    graph.clear_collection(UNBOUND_INPUTS_COLLECTION);
    for (const u of unbound) graph.add_to_collection(UNBOUND_INPUTS_COLLECTION, u);
  }
  const meta: MetaGraphDef = {
    meta_info_def: options.meta_info_def ?? { tensorflow_version: TF_API_VERSION, tensorflow_git_version: 'scopeflow' },
    graph_def,
    collection_def: {},
  };
  if (options.saver_def) meta.saver_def = options.saver_def;
  const keys = options.collection_list ?? graph.get_all_collection_keys();
  for (const key of keys) {
    const c = collectionToProto(key, graph.get_collection(key), scope);
    if (c) meta.collection_def![key] = c;
  }
  if (filename) atomicWriteFile(filename, options.as_text ? messageToString('tensorflow.MetaGraphDef', meta) : MetaGraphDefCodec.encode(meta));
  return meta;
});

// ---- import -------------------------------------------------------------------------------------

/** Reads a MetaGraphDef file, binary or text format (TF's `read_meta_graph_file`), told apart by its bytes. */
export function read_meta_graph_file(filename: string): MetaGraphDef {
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(filename);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new NotFoundError(null, null, `File ${filename} does not exist.`);
    throw e;
  }
  const asText = looksLikeTextFormat(bytes);
  let meta: MetaGraphDef;
  try {
    meta = decodeBinaryOrText(MetaGraphDefCodec, bytes);
  } catch (e) {
    throw new ValueError(`Cannot parse file ${filename} as a ${asText ? 'text-format' : 'binary'} MetaGraphDef: ${(e as Error).message}.`);
  }
  if (!meta.graph_def) throw new ValueError(`Cannot parse file ${filename}: it holds no graph_def (not a MetaGraphDef).`);
  return meta;
}

/** Output dtypes of a node from its OpDef (as the producer of the file declared it). */
function dtypesFromOpDef(def: OpDef, attrs: ReadonlyMap<string, AttrValue>, where: string): DType[] {
  const out: DType[] = [];
  const attr = (name: string) => {
    const v = attrs.get(name);
    if (!v) throw new ValueError(`${where}: missing attr '${name}' needed by its op definition`);
    return v;
  };
  for (const arg of def.output_arg ?? []) {
    let types: DType[];
    if (arg.type_list_attr) {
      const v = attr(arg.type_list_attr);
      types = 'list' in v ? [...(v.list.type ?? [])] : [];
    } else {
      let t: DType;
      if (arg.type) t = as_dtype(arg.type);
      else if (arg.type_attr) {
        const v = attr(arg.type_attr);
        if (!('type' in v)) throw new ValueError(`${where}: attr '${arg.type_attr}' is not a type`);
        t = v.type;
      } else throw new ValueError(`${where}: output '${arg.name}' of its op definition has no type`);
      let count = 1;
      if (arg.number_attr) {
        const v = attr(arg.number_attr);
        if (!('i' in v)) throw new ValueError(`${where}: attr '${arg.number_attr}' is not an int`);
        count = v.i;
      }
      types = Array<DType>(count).fill(t);
    }
    for (const t of types) out.push(arg.is_ref ? t._as_ref : t);
  }
  return out;
}

/**
 * Fallback for op types nobody describes (no op list, not declared here): one output per `_output_shapes`
 * entry, else as many as the graph's consumers use, typed by `T`/`dtype`.
 */
function guessDtypes(attrs: ReadonlyMap<string, AttrValue>, count: number): DType[] {
  let t: DType = float32;
  for (const k of ['T', 'dtype', 'out_type', 'DstT']) {
    const v = attrs.get(k);
    if (v && 'type' in v) { t = v.type; break; }
  }
  return Array<DType>(count).fill(t);
}

interface ParsedInput { node: string; index: number; control: boolean }

function parseInput(s: string): ParsedInput {
  if (s.startsWith('^')) return { node: s.slice(1), index: -1, control: true };
  const m = /^(.*):(\d+)$/.exec(s);
  return m ? { node: m[1], index: Number(m[2]), control: false } : { node: s, index: 0, control: false };
}

export interface ImportGraphDefOptions {
  /** Prefix for every imported name (`''`: none). */
  prefix?: string;
  /** OpDefs of the producer (a MetaGraphDef's stripped_op_list). */
  op_list?: readonly OpDef[];
}

/** Placeholders of graphs before this producer version wrote an unknown shape as `{}` (TF's shape function rule). */
const PLACEHOLDER_SCALAR_MEANS_UNKNOWN_BEFORE = 22;

/**
 * A NodeDef's attrs with those it leaves out filled in: first from the producer's OpDef (its
 * `default_value`s), then from TF 1.15's defaults, as TF's importer adds its registry's defaults.
 */
function withDefaultAttrs(type: string, attrs: Record<string, AttrValue>, def: OpDef | undefined, where: string): void {
  for (const a of def?.attr ?? []) {
    if (a.name && !(a.name in attrs) && a.default_value) attrs[a.name] = attrFromProto(a.default_value, where);
  }
  for (const [k, v] of Object.entries((OP_ATTR_DEFAULTS as Record<string, Record<string, AttrValue> | undefined>)[type] ?? {})) {
    if (!(k in attrs)) attrs[k] = v;
  }
}

/**
 * Adds the nodes of `graph_def` to `graph`, in dependency order, with their exact names (prefixed).
 * Returns the created operations by their original node names.
 */
export function importGraphDef(graph: Graph, graph_def: GraphDef, options: ImportGraphDefOptions = {}): Map<string, Operation> {
  const prefix = options.prefix ? `${options.prefix}/` : '';
  const nodes = graph_def.node ?? [];
  if (graph_def.library?.function?.length) importLibrary(graph, graph_def.library, options.op_list ?? [], graph_def.versions?.producer ?? 0);
  const byName = new Map<string, NodeDef>();
  for (const n of nodes) {
    if (!n.name) throw new ValueError('GraphDef has a node without a name');
    if (byName.has(n.name)) throw new ValueError(`GraphDef has two nodes named '${n.name}'`);
    byName.set(n.name, n);
  }
  const opDefs = new Map((options.op_list ?? []).map((d) => [d.name ?? '', d]));
  const producer = graph_def.versions?.producer ?? 0;
  const outputsUsed = new Map<string, number>();
  for (const n of nodes) {
    for (const s of n.input ?? []) {
      const p = parseInput(s);
      if (!p.control) outputsUsed.set(p.node, Math.max(outputsUsed.get(p.node) ?? 1, p.index + 1));
    }
  }

  // A while loop's back edge (NextIteration → Merge) closes a cycle: as TF's importer does, the Merge is
  // built first with its forward input in that slot, and the edge is set once the NextIteration exists.
  const isBackEdge = (consumer: NodeDef, input: ParsedInput) => !input.control && (consumer.op === 'Merge' || consumer.op === 'RefMerge')
    && ['NextIteration', 'RefNextIteration'].includes(byName.get(input.node)?.op ?? '');
  const backEdges: { consumer: string; slot: number; input: ParsedInput }[] = [];

  // Dependency order (depth first, in file order), so inputs exist before their consumers.
  const order: NodeDef[] = [];
  const state = new Map<string, 1 | 2>();
  for (const root of nodes) {
    if (state.get(root.name!) === 2) continue;
    const stack: { node: NodeDef; next: number }[] = [{ node: root, next: 0 }];
    state.set(root.name!, 1);
    while (stack.length) {
      const frame = stack[stack.length - 1];
      const inputs = frame.node.input ?? [];
      if (frame.next < inputs.length) {
        const parsed = parseInput(inputs[frame.next++]);
        if (isBackEdge(frame.node, parsed)) continue;
        const dep = parsed.node;
        const depNode = byName.get(dep);
        if (!depNode) throw new ValueError(`Node '${frame.node.name}': Unknown input node '${inputs[frame.next - 1]}'`);
        const s = state.get(dep);
        if (s === 2) continue;
        if (s === 1) throw new ValueError(`GraphDef has a cycle through node '${dep}' (a cycle other than a while loop's NextIteration → Merge back edge)`);
        state.set(dep, 1);
        stack.push({ node: depNode, next: 0 });
        continue;
      }
      stack.pop();
      state.set(frame.node.name!, 2);
      order.push(frame.node);
    }
  }

  const created = new Map<string, Operation>();
  const scopedLoc = (s: string) => (prefix && s.startsWith('loc:@') ? `loc:@${prefix}${s.slice(5)}` : s);
  graph.name_scope(null, () => {
    for (const n of order) {
      const name = `${prefix}${n.name}`;
      const where = `Node '${n.name}' (op '${n.op}')`;
      if (!n.op) throw new ValueError(`Node '${n.name}' has no op type`);
      const attrs: Record<string, AttrValue> = {};
      let outputShapes: (TensorShape | null)[] | undefined;
      for (const [k, v] of Object.entries(n.attr ?? {})) {
        if (k === '_output_shapes') {
          outputShapes = (v.list?.shape ?? []).map(tensorShapeFromProto);
          continue;
        }
        const a = attrFromProto(v, where);
        if (k === '_class' && 'list' in a && a.list.s) a.list.s = a.list.s.map(scopedLoc);
        attrs[k] = a;
      }
      const inputs: Tensor[] = [];
      const controls: Operation[] = [];
      for (const s of n.input ?? []) {
        const p = parseInput(s);
        if (isBackEdge(n, p)) {
          const forward = inputs[0] ?? created.get(parseInput((n.input ?? []).find((i) => !isBackEdge(n, parseInput(i)))!).node)!.outputs[0];
          backEdges.push({ consumer: n.name!, slot: inputs.length, input: p });
          inputs.push(forward);
          continue;
        }
        const op = created.get(p.node)!;
        if (p.control) { controls.push(op); continue; }
        const t = op.outputs[p.index];
        if (!t) throw new ValueError(`${where}: input '${s}' names output ${p.index} of '${p.node}', which has ${op.outputs.length} outputs`);
        inputs.push(t);
      }
      if (hasOp(graph, name)) throw new ValueError(`Duplicate node name in graph: '${name}'`);
      graph.unique_name(name, true);
      const def = opDefs.get(n.op);
      withDefaultAttrs(n.op, attrs, def, where);
      if (n.op === 'Placeholder' && producer < PLACEHOLDER_SCALAR_MEANS_UNKNOWN_BEFORE) {
        const s = attrs.shape;
        if (s && 'shape' in s && (s.shape.dims?.length ?? 0) === 0) outputShapes = [new TensorShape(null)];
      }
      const attrMap = new Map(Object.entries(attrs));
      let outputDtypes: DType[] | undefined;
      try {
        if (def) outputDtypes = dtypesFromOpDef(def, attrMap, where);
        else if (!getOpSchema(n.op)) outputDtypes = guessDtypes(attrMap, outputShapes?.length ?? outputsUsed.get(n.name!) ?? 1);
      } catch (e) {
        throw new ValueError(`${where}: ${(e as Error).message}`);
      }
      if (outputShapes && outputDtypes && outputShapes.length !== outputDtypes.length) outputShapes = undefined;
      let op: Operation;
      try {
        op = graph.create_op(n.op, inputs, { name: `${name}/`, attrs, outputDtypes, outputShapes: outputShapes ?? undefined });
      } catch (e) {
        if (e instanceof ValueError) throw new ValueError(`${where}: ${e.message}`);
        throw e;
      }
      op._set_device(n.device ?? '');
      for (const c of controls) op._add_control_input(c);
      created.set(n.name!, op);
    }
  });
  for (const e of backEdges) {
    const next = created.get(e.input.node)!.outputs[e.input.index];
    if (!next) throw new ValueError(`Node '${e.consumer}': input '${e.input.node}:${e.input.index}' names an output '${e.input.node}' does not have`);
    created.get(e.consumer)!._update_input(e.slot, next);
  }
  return created;
}

function hasOp(graph: Graph, name: string): boolean {
  try { graph.get_operation_by_name(name); return true; } catch { return false; }
}
