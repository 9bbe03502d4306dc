/**
 * TF 1.x's file readers (io_ops.py): tf.ReaderBase and its TextLineReader, TFRecordReader,
 * FixedLengthRecordReader, WholeFileReader and IdentityReader, each a resource made by its `*ReaderV2`
 * node, read with ReaderReadV2 / ReaderReadUpToV2 from a queue of work units (file names); and the file
 * ops tf.read_file, tf.write_file and tf.matching_files. Kernels: lib/kernels/cpu/readers.ts.
 */
import { int64, resource, string as stringDtype } from '../framework/dtypes';
import { AttrValue, Operation, Tensor, get_default_graph, registerOp } from '../framework/graph';
import { TFTypeError } from '../framework/errors';
import { TFRecordOptions } from '../framework/tfrecord';
import { PythonFunction, pythonClass, pythonFunction } from '../framework/python_signature';
import { fixedDtypes } from './schema_util';
import { TensorLike, convert_to_tensor, makeOp, opScope } from './op_builder';
import { registerNotDifferentiable } from './gradient_util';
import { QueueBaseImpl } from './queue_ops';

const handleAttrs: Record<string, AttrValue> = { container: { s: '' }, shared_name: { s: '' } };
const readerNode = { stateful: true, outputDtypes: fixedDtypes(resource), inferShapes: () => [[]] } as const;
registerOp({ type: 'TextLineReaderV2', ...readerNode, attrDefaults: { ...handleAttrs, skip_header_lines: { i: 0 } } });
registerOp({ type: 'TFRecordReaderV2', ...readerNode, attrDefaults: { ...handleAttrs, compression_type: { s: '' } } });
registerOp({
  type: 'FixedLengthRecordReaderV2', ...readerNode,
  attrDefaults: { ...handleAttrs, header_bytes: { i: 0 }, footer_bytes: { i: 0 }, hop_bytes: { i: 0 }, encoding: { s: '' } },
});
registerOp({ type: 'WholeFileReaderV2', ...readerNode, attrDefaults: handleAttrs });
registerOp({ type: 'IdentityReaderV2', ...readerNode, attrDefaults: handleAttrs });
registerOp({ type: 'ReaderReadV2', stateful: true, outputDtypes: fixedDtypes(stringDtype, stringDtype), inferShapes: () => [[], []] });
registerOp({ type: 'ReaderReadUpToV2', stateful: true, outputDtypes: fixedDtypes(stringDtype, stringDtype), inferShapes: () => [[null], [null]] });
registerOp({ type: 'ReaderNumRecordsProducedV2', stateful: true, outputDtypes: fixedDtypes(int64), inferShapes: () => [[]] });
registerOp({ type: 'ReaderNumWorkUnitsCompletedV2', stateful: true, outputDtypes: fixedDtypes(int64), inferShapes: () => [[]] });
registerOp({ type: 'ReaderSerializeStateV2', stateful: true, outputDtypes: fixedDtypes(stringDtype), inferShapes: () => [[]] });
registerOp({ type: 'ReaderRestoreStateV2', stateful: true, outputDtypes: fixedDtypes() });
registerOp({ type: 'ReaderResetV2', stateful: true, outputDtypes: fixedDtypes() });
// The pre-V2 readers of graphs written by old TF versions: the same ops, the reader's and the queue's handles
// Ref(string)s (TF's [container, name] vectors); FixedLengthRecordReader has no encoding. The builders make the V2 ops.
const refReaderNode = { stateful: true, outputDtypes: fixedDtypes(stringDtype._as_ref), inferShapes: () => [[2]] } as const;
registerOp({ type: 'TextLineReader', ...refReaderNode, attrDefaults: { ...handleAttrs, skip_header_lines: { i: 0 } } });
registerOp({ type: 'TFRecordReader', ...refReaderNode, attrDefaults: { ...handleAttrs, compression_type: { s: '' } } });
registerOp({ type: 'FixedLengthRecordReader', ...refReaderNode, attrDefaults: { ...handleAttrs, header_bytes: { i: 0 }, footer_bytes: { i: 0 }, hop_bytes: { i: 0 } } });
registerOp({ type: 'WholeFileReader', ...refReaderNode, attrDefaults: handleAttrs });
registerOp({ type: 'IdentityReader', ...refReaderNode, attrDefaults: handleAttrs });
registerOp({ type: 'ReaderRead', stateful: true, outputDtypes: fixedDtypes(stringDtype, stringDtype), inferShapes: () => [[], []] });
registerOp({ type: 'ReaderReadUpTo', stateful: true, outputDtypes: fixedDtypes(stringDtype, stringDtype), inferShapes: () => [[null], [null]] });
registerOp({ type: 'ReaderNumRecordsProduced', stateful: true, outputDtypes: fixedDtypes(int64), inferShapes: () => [[]] });
registerOp({ type: 'ReaderNumWorkUnitsCompleted', stateful: true, outputDtypes: fixedDtypes(int64), inferShapes: () => [[]] });
registerOp({ type: 'ReaderSerializeState', stateful: true, outputDtypes: fixedDtypes(stringDtype), inferShapes: () => [[]] });
registerOp({ type: 'ReaderRestoreState', stateful: true, outputDtypes: fixedDtypes() });
registerOp({ type: 'ReaderReset', stateful: true, outputDtypes: fixedDtypes() });
registerOp({ type: 'ReadFile', outputDtypes: fixedDtypes(stringDtype), inferShapes: () => [[]] });
registerOp({ type: 'WriteFile', stateful: true, outputDtypes: fixedDtypes() });
registerOp({ type: 'MatchingFiles', outputDtypes: fixedDtypes(stringDtype), inferShapes: () => [[null]] });
registerNotDifferentiable(
  'TextLineReaderV2', 'TFRecordReaderV2', 'FixedLengthRecordReaderV2', 'WholeFileReaderV2', 'IdentityReaderV2', 'ReaderReadV2',
  'ReaderReadUpToV2', 'ReaderNumRecordsProducedV2', 'ReaderNumWorkUnitsCompletedV2', 'ReaderSerializeStateV2', 'ReaderRestoreStateV2',
  'ReaderResetV2', 'ReadFile', 'WriteFile', 'MatchingFiles', 'TextLineReader', 'TFRecordReader', 'FixedLengthRecordReader', 'WholeFileReader',
  'IdentityReader', 'ReaderRead', 'ReaderReadUpTo', 'ReaderNumRecordsProduced', 'ReaderNumWorkUnitsCompleted', 'ReaderSerializeState',
  'ReaderRestoreState', 'ReaderReset',
);

type NameOption = { name?: string | null };
/** What a reader reads from: a queue of strings, or its handle tensor (`queue.queue_ref`). */
export type WorkQueue = QueueBaseImpl | Tensor;

const NAME_ONLY = ['name=None'] as const;
const READ_PARAMS = ['queue', 'name=None'] as const;
const READ_UP_TO_PARAMS = ['queue', 'num_records', 'name=None'] as const;
const RESTORE_PARAMS = ['state', 'name=None'] as const;

function queueRef(queue: WorkQueue): Tensor {
  return queue instanceof Tensor ? queue : queue.queue_ref;
}

/**
 * tf.ReaderBase: a reader resource behind `reader_ref` that turns work units (file names, taken from a
 * queue when it needs one) into (key, value) records.
 */
export class ReaderBaseImpl {
  constructor(readonly reader_ref: Tensor, private readonly _supports_serialize = false) {}

  /** Whether the reader's kernel can serialize its state (WholeFileReader, IdentityReader). */
  get supports_serialize(): boolean { return this._supports_serialize; }

  declare read: PythonFunction<typeof READ_PARAMS, (queue: WorkQueue, options?: NameOption) => [Tensor, Tensor], 1>;
  declare read_up_to: PythonFunction<typeof READ_UP_TO_PARAMS, (queue: WorkQueue, num_records: TensorLike, options?: NameOption) => [Tensor, Tensor], 2>;
  declare num_records_produced: PythonFunction<typeof NAME_ONLY, (options?: NameOption) => Tensor, 0>;
  declare num_work_units_completed: PythonFunction<typeof NAME_ONLY, (options?: NameOption) => Tensor, 0>;
  declare serialize_state: PythonFunction<typeof NAME_ONLY, (options?: NameOption) => Tensor, 0>;
  declare restore_state: PythonFunction<typeof RESTORE_PARAMS, (state: TensorLike, options?: NameOption) => Operation, 1>;
  declare reset: PythonFunction<typeof NAME_ONLY, (options?: NameOption) => Operation, 0>;

  static {
    const p = this.prototype;
    p.read = pythonFunction('read', READ_PARAMS, 1, function read(this: ReaderBaseImpl, queue: WorkQueue, options: NameOption = {}): [Tensor, Tensor] {
      const op = makeOp('ReaderReadV2', [this.reader_ref, queueRef(queue)], {}, options.name ?? 'ReaderReadV2', this.reader_ref.graph);
      return [op.outputs[0], op.outputs[1]];
    });
    p.read_up_to = pythonFunction('read_up_to', READ_UP_TO_PARAMS, 2, function read_up_to(this: ReaderBaseImpl, queue: WorkQueue, num_records: TensorLike, options: NameOption = {}): [Tensor, Tensor] {
      // num_records' constant sits in the op's own scope, as TF's generated wrapper makes it.
      return opScope(options.name, 'ReaderReadUpToV2', [this.reader_ref], (scope) => {
        const n = convert_to_tensor(num_records, { dtype: int64, name: 'num_records' });
        const op = makeOp('ReaderReadUpToV2', [this.reader_ref, queueRef(queue), n], {}, scope, this.reader_ref.graph);
        return [op.outputs[0], op.outputs[1]] as [Tensor, Tensor];
      });
    });
    const scalarOf = (type: 'ReaderNumRecordsProducedV2' | 'ReaderNumWorkUnitsCompletedV2' | 'ReaderSerializeStateV2') => function (this: ReaderBaseImpl, options: NameOption = {}): Tensor {
      return makeOp(type, [this.reader_ref], {}, options.name ?? type, this.reader_ref.graph).outputs[0];
    };
    p.num_records_produced = pythonFunction('num_records_produced', NAME_ONLY, 0, scalarOf('ReaderNumRecordsProducedV2'));
    p.num_work_units_completed = pythonFunction('num_work_units_completed', NAME_ONLY, 0, scalarOf('ReaderNumWorkUnitsCompletedV2'));
    p.serialize_state = pythonFunction('serialize_state', NAME_ONLY, 0, scalarOf('ReaderSerializeStateV2'));
    p.restore_state = pythonFunction('restore_state', RESTORE_PARAMS, 1, function restore_state(this: ReaderBaseImpl, state: TensorLike, options: NameOption = {}): Operation {
      return opScope(options.name, 'ReaderRestoreStateV2', [this.reader_ref], (scope) => {
        const s = convert_to_tensor(state, { dtype: stringDtype, name: 'state' });
        return makeOp('ReaderRestoreStateV2', [this.reader_ref, s], {}, scope, this.reader_ref.graph);
      });
    });
    p.reset = pythonFunction('reset', NAME_ONLY, 0, function reset(this: ReaderBaseImpl, options: NameOption = {}): Operation {
      return makeOp('ReaderResetV2', [this.reader_ref], {}, options.name ?? 'ReaderResetV2', this.reader_ref.graph);
    });
  }
}

function intAttr(value: number | null | undefined, name: string, fallback: number): AttrValue {
  const v = value ?? fallback;
  if (!Number.isInteger(v)) throw new TFTypeError(`Expected int for argument '${name}' not ${String(v)}.`);
  return { i: v };
}

function readerNodeOf(type: 'TextLineReaderV2' | 'TFRecordReaderV2' | 'FixedLengthRecordReaderV2' | 'WholeFileReaderV2' | 'IdentityReaderV2', attrs: Record<string, AttrValue>, name: string | null | undefined): Tensor {
  return makeOp(type, [], { ...handleAttrs, ...attrs }, name ?? type, get_default_graph()).outputs[0];
}

/** tf.TextLineReader: each line of each file (newline stripped), keyed `<file>:<line number>` counting from 1. */
export class TextLineReaderImpl extends ReaderBaseImpl {
  constructor(skip_header_lines: number | null = null, options: NameOption = {}) {
    super(readerNodeOf('TextLineReaderV2', { skip_header_lines: intAttr(skip_header_lines, 'skip_header_lines', 0) }, options.name));
  }
}

/** tf.TFRecordReader: each record of each TFRecord file, keyed `<file>:<byte offset of the record>`. */
export class TFRecordReaderImpl extends ReaderBaseImpl {
  constructor(options: NameOption & { options?: TFRecordOptions | null } = {}) {
    const compression = TFRecordOptions.get_compression_type_string(options.options ?? null);
    super(readerNodeOf('TFRecordReaderV2', { compression_type: { s: compression } }, options.name));
  }
}

export interface FixedLengthRecordReaderOptions extends NameOption {
  header_bytes?: number | null; footer_bytes?: number | null; hop_bytes?: number | null; encoding?: string | null;
}

/**
 * tf.FixedLengthRecordReader: records of `record_bytes` bytes after `header_bytes`, before `footer_bytes`,
 * each `hop_bytes` after the last (0: back to back), keyed `<file>:<record number>` from 0; `encoding`
 * 'ZLIB' or 'GZIP' reads compressed files.
 */
export class FixedLengthRecordReaderImpl extends ReaderBaseImpl {
  constructor(record_bytes: number, options: FixedLengthRecordReaderOptions = {}) {
    super(readerNodeOf('FixedLengthRecordReaderV2', {
      record_bytes: intAttr(record_bytes, 'record_bytes', 0), header_bytes: intAttr(options.header_bytes, 'header_bytes', 0),
      footer_bytes: intAttr(options.footer_bytes, 'footer_bytes', 0), hop_bytes: intAttr(options.hop_bytes, 'hop_bytes', 0),
      encoding: { s: options.encoding ?? '' },
    }, options.name));
  }
}

/** tf.WholeFileReader: one record per file, its name (key) and its contents (value). */
export class WholeFileReaderImpl extends ReaderBaseImpl {
  constructor(options: NameOption = {}) {
    super(readerNodeOf('WholeFileReaderV2', {}, options.name), true);
  }
}

/** tf.IdentityReader: each work unit as both key and value. */
export class IdentityReaderImpl extends ReaderBaseImpl {
  constructor(options: NameOption = {}) {
    super(readerNodeOf('IdentityReaderV2', {}, options.name), true);
  }
}

export const ReaderBase = pythonClass('ReaderBase', ['reader_ref', 'supports_serialize=False'], 2, ReaderBaseImpl);
export type ReaderBase = ReaderBaseImpl;
export const TextLineReader = pythonClass('TextLineReader', ['skip_header_lines=None', 'name=None'], 1, TextLineReaderImpl);
export type TextLineReader = TextLineReaderImpl;
export const TFRecordReader = pythonClass('TFRecordReader', ['name=None', 'options=None'], 0, TFRecordReaderImpl);
export type TFRecordReader = TFRecordReaderImpl;
export const FixedLengthRecordReader = pythonClass('FixedLengthRecordReader', ['record_bytes', 'header_bytes=None', 'footer_bytes=None', 'hop_bytes=None', 'name=None', 'encoding=None'], 1, FixedLengthRecordReaderImpl);
export type FixedLengthRecordReader = FixedLengthRecordReaderImpl;
export const WholeFileReader = pythonClass('WholeFileReader', ['name=None'], 0, WholeFileReaderImpl);
export type WholeFileReader = WholeFileReaderImpl;
export const IdentityReader = pythonClass('IdentityReader', ['name=None'], 0, IdentityReaderImpl);
export type IdentityReader = IdentityReaderImpl;

/** tf.read_file: a file's contents as a string scalar. */
export const read_file = pythonFunction('read_file', ['filename', 'name=None'], 1, function read_file(filename: TensorLike, options: NameOption = {}): Tensor {
  return opScope(options.name, 'ReadFile', [filename], (scope) => {
    const f = convert_to_tensor(filename, { dtype: stringDtype, name: 'filename' });
    return makeOp('ReadFile', [f], {}, scope).outputs[0];
  });
});

/** tf.write_file: writes `contents` to `filename`, making its directory if needed. */
export const write_file = pythonFunction('write_file', ['filename', 'contents', 'name=None'], 2, function write_file(filename: TensorLike, contents: TensorLike, options: NameOption = {}): Operation {
  return opScope(options.name, 'WriteFile', [filename, contents], (scope) => {
    const f = convert_to_tensor(filename, { dtype: stringDtype, name: 'filename' });
    const c = convert_to_tensor(contents, { dtype: stringDtype, name: 'contents' });
    return makeOp('WriteFile', [f, c], {}, scope);
  });
});

/** tf.matching_files: the sorted file names matching a pattern (or each of a vector of patterns). */
export const matching_files = pythonFunction('matching_files', ['pattern', 'name=None'], 1, function matching_files(pattern: TensorLike, options: NameOption = {}): Tensor {
  return opScope(options.name, 'MatchingFiles', [pattern], (scope) => {
    const p = convert_to_tensor(pattern, { dtype: stringDtype, name: 'pattern' });
    return makeOp('MatchingFiles', [p], {}, scope).outputs[0];
  });
});
