/**
 * Reference CPU kernels of the readers (TextLineReaderV2, TFRecordReaderV2, FixedLengthRecordReaderV2,
 * WholeFileReaderV2, IdentityReaderV2 and the Reader* verbs), each also serving the op's pre-V2 form with a
 * Ref(string) handle (TFRecordReader, ReaderRead ...: graphs written by old TF versions), and of ReadFile,
 * WriteFile and MatchingFiles.
 * A reader is made once per session by its node (named by its shared_name, else by the node) and keeps
 * TF's ReaderBase bookkeeping: a read takes the next work unit from the queue when the last one is done
 * (waiting as a dequeue does, so a closed, empty queue ends the input with its OutOfRangeError), keys are
 * TF's (`<file>:<line>` from 1, `<file>:<byte offset>`, `<file>:<record number>` from 0, the file name).
 * Files are read whole when their work unit starts.
 */
import * as fs from 'fs';
import * as path from 'path';
import { int64, string as stringDtype } from '../../framework/dtypes';
import { InvalidArgumentError, NotFoundError, UnimplementedError } from '../../framework/errors';
import { NDArray } from '../../framework/ndarray';
import { compressionName, decompress, readFileOrNotFound, recordAt } from '../../framework/tfrecord';
import { matchingPaths } from '../../framework/file_match';
import { ReaderBaseState, ReaderBaseStateCodec } from '../../proto';
import { Kernel, KernelContext, handleOutput, registerKernel, resourceKey, resourceSlot, sessionTable } from '../registry';
import { dequeueFor } from './queues';
import { cEscape } from './strings';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** One record (`last`: the work unit ends with it, TF's produced and at_end at once), or null: the unit has no more. */
type Record_ = { key: string; value: Uint8Array; last?: boolean } | null;

/** What a reader type adds to ReaderBase: TF's OnWorkStartedLocked, ReadLocked, OnWorkFinishedLocked, ResetLocked. */
interface ReaderFormat {
  start(work: string): void;
  read(work: string): Record_;
  finish(): void;
  reset(): void;
  /** Whether SerializeState/RestoreState are implemented (a ReaderBaseState is the whole state). */
  readonly serializes: boolean;
}

interface ReaderState {
  /** How TF's messages name the reader: `TextLineReader 'node'`. */
  readonly label: string;
  readonly format: ReaderFormat;
  workStarted: number;
  workFinished: number;
  produced: number;
  work: string;
}
const readers = sessionTable<ReaderState>();

/** Bytes of a file, inflated for 'ZLIB' and 'GZIP' (other names: as stored, as TF's readers take them). */
function fileBytes(file: string, compression: string): Uint8Array {
  const raw = readFileOrNotFound(file);
  return compression === 'ZLIB' || compression === 'GZIP' ? decompress(raw, compressionName(compression), file) : raw;
}

/** TF's InputBuffer::ReadLine over a whole file: lines split at '\n', one trailing '\r' dropped, no empty last line. */
class LineCursor {
  private pos = 0;
  constructor(private readonly bytes: Uint8Array) {}
  next(): Uint8Array | null {
    if (this.pos >= this.bytes.length) return null;
    let end = this.bytes.indexOf(0x0a, this.pos);
    const after = end < 0 ? this.bytes.length : end + 1;
    if (end < 0) end = this.bytes.length;
    const stop = end > this.pos && this.bytes[end - 1] === 0x0d ? end - 1 : end;
    const line = this.bytes.slice(this.pos, stop);
    this.pos = after;
    return line;
  }
}

function textLineFormat(skipHeaderLines: number): ReaderFormat {
  let lines: LineCursor | null = null;
  let lineNumber = 0;
  return {
    serializes: false,
    start(work) {
      lineNumber = 0;
      lines = new LineCursor(readFileOrNotFound(work));
      // A file shorter than its header just ends at once.
      for (; lineNumber < skipHeaderLines; lineNumber++) if (lines.next() === null) return;
    },
    read(work) {
      const line = lines!.next();
      lineNumber++;
      return line === null ? null : { key: `${work}:${lineNumber}`, value: line };
    },
    finish() { lines = null; },
    reset() { lineNumber = 0; lines = null; },
  };
}

function tfRecordFormat(compression: string): ReaderFormat {
  let bytes: Uint8Array | null = null;
  let offset = 0;
  return {
    serializes: false,
    start(work) { offset = 0; bytes = fileBytes(work, compression); },
    read(work) {
      // A bad record leaves the offset where it is: the next read meets it again, as TF's.
      const r = recordAt(bytes!, offset, work);
      if (r === null) return null;
      const key = `${work}:${offset}`;
      offset = r.next;
      return { key, value: r.data };
    },
    finish() { bytes = null; },
    reset() { offset = 0; bytes = null; },
  };
}

function fixedLengthFormat(header: number, record: number, footer: number, hop: number, encoding: string): ReaderFormat {
  let bytes: Uint8Array | null = null;
  let recordNumber = 0;
  // Each record after the first starts `hop` bytes after the one before (record_bytes when hop is 0).
  const step = hop === 0 ? record : hop;
  return {
    serializes: false,
    start(work) { recordNumber = 0; bytes = fileBytes(work, encoding); },
    read(work) {
      const begin = header + recordNumber * step;
      // TF reads a record and the footer after it ahead: a record is one only when both fit.
      if (begin + record + footer > bytes!.length) return null;
      const value = bytes!.slice(begin, begin + record);
      return { key: `${work}:${recordNumber++}`, value };
    },
    finish() { bytes = null; },
    reset() { recordNumber = 0; bytes = null; },
  };
}

/** Formats whose records are the work unit itself: each yields one record and ends. */
function oneRecordFormat(value: (work: string) => Uint8Array): ReaderFormat {
  return {
    serializes: true,
    start() { /* nothing to open */ },
    read(work) { return { key: work, value: value(work), last: true }; },
    finish() { /* nothing held */ },
    reset() { /* nothing held */ },
  };
}

type ReaderOpType = 'TextLineReader' | 'TFRecordReader' | 'FixedLengthRecordReader' | 'WholeFileReader' | 'IdentityReader' | 'ReaderRead'
  | 'ReaderReadUpTo' | 'ReaderNumRecordsProduced' | 'ReaderNumWorkUnitsCompleted' | 'ReaderSerializeState' | 'ReaderRestoreState' | 'ReaderReset';
/** Registers one kernel for a V2 reader op and for its pre-V2 form (a Ref(string) handle; resourceKey reads both). */
function registerReaderKernel(type: ReaderOpType, kernel: Kernel): void {
  registerKernel(`${type}V2`, 'CPU', kernel);
  registerKernel(type, 'CPU', kernel);
}

function nonNegative(ctx: KernelContext, name: string): number {
  const v = Number(ctx.attr(name) ?? 0);
  if (v < 0) throw new InvalidArgumentError(ctx.op, ctx.op, `${name} must be >= 0 not ${v}`);
  return v;
}

// Each reader kind's format; its kernel serves the V2 op (a resource handle) and the pre-V2 op of old graphs (a Ref(string) handle).
const FORMATS = {
  TextLineReader: (ctx: KernelContext) => textLineFormat(nonNegative(ctx, 'skip_header_lines')),
  TFRecordReader: (ctx: KernelContext) => tfRecordFormat(String(ctx.attr('compression_type') ?? '')),
  FixedLengthRecordReader: (ctx: KernelContext) => {
    const [header, record, footer, hop] = ['header_bytes', 'record_bytes', 'footer_bytes', 'hop_bytes'].map((n) => nonNegative(ctx, n));
    // The pre-V2 op has no encoding attr: it reads uncompressed files.
    return fixedLengthFormat(header, record, footer, hop, ctx.op.attrs.has('encoding') ? String(ctx.attr('encoding')) : '');
  },
  WholeFileReader: () => oneRecordFormat((work) => new Uint8Array(readFileOrNotFound(work))),
  IdentityReader: () => oneRecordFormat((work) => encoder.encode(work)),
} as const;

for (const [label, make] of Object.entries(FORMATS) as [keyof typeof FORMATS, (ctx: KernelContext) => ReaderFormat][]) {
  registerReaderKernel(label, (ctx) => {
    const slot = resourceSlot(ctx);
    const all = readers(ctx.session);
    if (!all.has(slot.key)) {
      all.set(slot.key, { label: `${label} '${ctx.op.name}'`, format: make(ctx), workStarted: 0, workFinished: 0, produced: 0, work: '' });
    }
    return [handleOutput(ctx, slot)];
  });
}

function readerOf(ctx: KernelContext): ReaderState {
  const key = resourceKey(ctx.input(0));
  const r = readers(ctx.session).get(key);
  if (!r) throw new NotFoundError(ctx.op, ctx.op, `Resource ${key} of a reader does not exist in this session (it is made by running its reader op)`);
  return r;
}

const inProgress = (r: ReaderState) => r.workFinished < r.workStarted;

/** Takes the next work unit from the queue (TF's GetNextWorkLocked) and starts it. */
function startNextWork(ctx: KernelContext, r: ReaderState): void {
  const tuple = dequeueFor(ctx, ctx.input(1));
  if (tuple.length !== 1) throw new InvalidArgumentError(ctx.op, ctx.op, 'Expected single component queue');
  if (tuple[0].dtype !== stringDtype) throw new InvalidArgumentError(ctx.op, ctx.op, 'Expected queue with single string component');
  if (tuple[0].size !== 1) throw new InvalidArgumentError(ctx.op, ctx.op, 'Expected to dequeue a one-element string tensor');
  r.work = decoder.decode((tuple[0].data as Uint8Array[])[0]);
  // A work unit that fails to start (a missing file) is dropped: the next read takes the next one.
  r.format.start(r.work);
  r.workStarted++;
}

function finishWork(r: ReaderState): void {
  r.format.finish();
  r.workFinished = r.workStarted;
}

/** ReaderReadV2: the next record, from the work in progress or the next work units. */
registerReaderKernel('ReaderRead', (ctx) => {
  const r = readerOf(ctx);
  for (;;) {
    if (!inProgress(r)) startNextWork(ctx, r);
    const rec = r.format.read(r.work);
    if (rec === null) { finishWork(r); continue; }
    r.produced++;
    if (rec.last) finishWork(r);
    return [NDArray.fromStrings([rec.key], []), NDArray.fromStrings([rec.value], [])];
  }
});

/**
 * ReaderReadUpToV2: up to num_records records, never past the end of the work unit that produced some
 * (TF's ReaderBase::ReadUpTo); an exhausted, closed queue fails only a call that produced nothing.
 */
registerReaderKernel('ReaderReadUpTo', (ctx) => {
  const r = readerOf(ctx);
  const n = Number(ctx.input(2).item());
  const keys: string[] = [];
  const values: Uint8Array[] = [];
  while (keys.length < n) {
    if (!inProgress(r)) startNextWork(ctx, r);
    const rec = r.format.read(r.work);
    if (rec === null) {
      finishWork(r);
      if (keys.length > 0) break;
      continue;
    }
    keys.push(rec.key);
    values.push(rec.value);
    r.produced++;
    if (rec.last) { finishWork(r); break; }
  }
  return [NDArray.fromStrings(keys, [keys.length]), NDArray.fromStrings(values, [values.length])];
});

registerReaderKernel('ReaderNumRecordsProduced', (ctx) => [NDArray.scalar(readerOf(ctx).produced, int64)]);
registerReaderKernel('ReaderNumWorkUnitsCompleted', (ctx) => [NDArray.scalar(readerOf(ctx).workFinished, int64)]);

function resetReader(r: ReaderState): void {
  r.format.reset();
  r.workStarted = 0;
  r.workFinished = 0;
  r.produced = 0;
  r.work = '';
}

registerReaderKernel('ReaderReset', (ctx) => {
  resetReader(readerOf(ctx));
  return [];
});

registerReaderKernel('ReaderSerializeState', (ctx) => {
  const r = readerOf(ctx);
  if (!r.format.serializes) throw new UnimplementedError(ctx.op, ctx.op, 'Reader SerializeState');
  const state: ReaderBaseState = { work_started: r.workStarted, work_finished: r.workFinished, num_records_produced: r.produced, current_work: encoder.encode(r.work) };
  return [NDArray.fromStrings([ReaderBaseStateCodec.encode(state)], [])];
});

/** A ReaderBaseState in protobuf's text format (TF's DebugString): the fields that are set. */
function debugString(s: ReaderBaseState): string {
  const parts: string[] = [];
  for (const f of ['work_started', 'work_finished', 'num_records_produced'] as const) if (s[f]) parts.push(`${f}: ${s[f]}\n`);
  if (s.current_work?.length) parts.push(`current_work: "${cEscape(s.current_work)}"\n`);
  return parts.join('');
}

/** ReaderRestoreStateV2: a serialized state back in the reader; a failed restore leaves the reader reset, as TF's. */
registerReaderKernel('ReaderRestoreState', (ctx) => {
  const r = readerOf(ctx);
  const input = ctx.input(1);
  if (input.shape.length !== 0) throw new InvalidArgumentError(ctx.op, ctx.op, `Reader state must be scalar, but had shape: [${input.shape.join(',')}]`);
  const bytes = (input.data as Uint8Array[])[0];
  try {
    if (!r.format.serializes) throw new UnimplementedError(ctx.op, ctx.op, 'Reader RestoreState');
    let s: ReaderBaseState;
    try { s = ReaderBaseStateCodec.decode(bytes); } catch {
      throw new InvalidArgumentError(ctx.op, ctx.op, `Could not parse state for ${r.label}: ${cEscape(bytes)}`);
    }
    const [started, finished, produced] = [s.work_started ?? 0, s.work_finished ?? 0, s.num_records_produced ?? 0];
    r.workStarted = started;
    r.workFinished = finished;
    r.produced = produced;
    r.work = decoder.decode(s.current_work ?? new Uint8Array(0));
    if (started < 0 || finished < 0 || produced < 0) {
      throw new InvalidArgumentError(ctx.op, ctx.op, `Unexpected negative value when restoring in ${r.label}: ${debugString(s)}`);
    }
    if (started > finished) {
      throw new InvalidArgumentError(ctx.op, ctx.op, `Inconsistent work started vs. finished when restoring in ${r.label}: ${debugString(s)}`);
    }
  } catch (e) {
    resetReader(r);
    throw e;
  }
  return [];
});

function scalarFilename(ctx: KernelContext, i: number, what: string): string {
  const x = ctx.input(i);
  if (x.shape.length !== 0) throw new InvalidArgumentError(ctx.op, ctx.op, `${what} must be scalar, but had shape: [${x.shape.join(',')}]`);
  return decoder.decode((x.data as Uint8Array[])[0]);
}

registerKernel('ReadFile', 'CPU', (ctx) => {
  const file = scalarFilename(ctx, 0, 'Input filename tensor');
  return [NDArray.fromStrings([new Uint8Array(readFileOrNotFound(file))], [])];
});

registerKernel('WriteFile', 'CPU', (ctx) => {
  const file = scalarFilename(ctx, 0, 'Input filename tensor');
  const contents = ctx.input(1);
  if (contents.shape.length !== 0) throw new InvalidArgumentError(ctx.op, ctx.op, `Contents tensor must be scalar, but had shape: [${contents.shape.join(',')}]`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, (contents.data as Uint8Array[])[0]);
  return [];
});

registerKernel('MatchingFiles', 'CPU', (ctx) => {
  const patterns = ctx.input(0);
  if (patterns.shape.length > 1) {
    throw new InvalidArgumentError(ctx.op, ctx.op, `Input patterns tensor must be scalar or vector, but had shape: [${patterns.shape.join(',')}]`);
  }
  const names = (patterns.data as Uint8Array[]).flatMap((p) => matchingPaths(decoder.decode(p))).sort();
  return [NDArray.fromStrings(names, [names.length])];
});
