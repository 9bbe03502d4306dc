/**
 * TensorBoard event files: `tf.summary.FileWriter`, its EventFileWriter and `tf.summary.FileWriterCache`.
 *
 * A file is `<logdir>/events.out.tfevents.<10-digit secs>.<hostname><suffix>`, a TFRecord file of
 * `Event` protos starting with `file_version: "brain.Event:2"` (written and synced at creation, as TF's
 * EventsWriter does). Events are queued in memory and written out when `max_queue` are pending, when
 * `flush_secs` have passed (checked on each event and by a timer), on `flush()`, on `close()` and at
 * process exit; every write ends with an fsync, so a flushed event survives a crash.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Graph, get_default_graph } from '../framework/graph';
import { TFTypeError, ValueError } from '../framework/errors';
import { NDArray } from '../framework/ndarray';
import {
  Event, EventCodec, GraphDef, GraphDefCodec, MetaGraphDef, MetaGraphDefCodec, RunMetadata, RunMetadataCodec, SessionLog,
  Summary, SummaryCodec,
} from '../proto';
import { frameRecord } from '../framework/tfrecord';
import { graphToGraphDef, export_meta_graph } from '../train/meta_graph';
import * as logging from '../train/logging';

export const FILE_VERSION = 'brain.Event:2';

/** Writers with events not yet on disk, flushed at process exit. */
const openWriters = new Set<EventFileWriter>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => { for (const w of [...openWriters]) w.flush(); });
}

export interface EventFileWriterOptions {
  /** Events queued before they are written out (default 10). */
  max_queue?: number;
  /** Seconds between automatic flushes (default 120). */
  flush_secs?: number;
  /** Appended to the event file's name. */
  filename_suffix?: string | null;
}

/** Writes `Event` protos to an event file in `logdir` (TF's EventFileWriter). */
export class EventFileWriter {
  private fd: number | null = null;
  private file = '';
  private queue: Uint8Array[] = [];
  private lastFlush = Date.now();
  private timer: NodeJS.Timeout | null = null;
  private readonly maxQueue: number;
  private readonly flushSecs: number;
  private readonly suffix: string;

  constructor(private readonly logdir: string, options: EventFileWriterOptions = {}) {
    this.maxQueue = options.max_queue ?? 10;
    this.flushSecs = options.flush_secs ?? 120;
    this.suffix = options.filename_suffix ?? '';
    if (!Number.isInteger(this.maxQueue) || this.maxQueue < 1) throw new ValueError(`max_queue must be a positive integer, got ${this.maxQueue}`);
    if (!(this.flushSecs > 0)) throw new ValueError(`flush_secs must be positive, got ${this.flushSecs}`);
    this.open();
  }

  get_logdir(): string { return this.logdir; }
  /** The event file being written. */
  get filename(): string { return this.file; }
  get closed(): boolean { return this.fd === null; }

  /** Queues one event; writes the queue out when it is full or `flush_secs` have passed. */
  add_event(event: Event): void {
    if (this.fd === null) return;
    this.queue.push(frameRecord(EventCodec.encode(event)));
    if (this.queue.length >= this.maxQueue || Date.now() - this.lastFlush >= this.flushSecs * 1000) this.flush();
  }

  /** Writes every queued event to disk (synced). */
  flush(): void {
    if (this.fd === null) return;
    if (this.queue.length) {
      const data = Buffer.concat(this.queue);
      this.queue = [];
      let written = 0;
      while (written < data.length) written += fs.writeSync(this.fd, data, written);
    }
    fs.fsyncSync(this.fd);
    this.lastFlush = Date.now();
  }

  /** Flushes and closes the file; later events are dropped until `reopen()`. */
  close(): void {
    if (this.fd === null) return;
    this.flush();
    fs.closeSync(this.fd);
    this.fd = null;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    openWriters.delete(this);
  }

  /** After `close()`: starts a new event file in the same logdir. */
  reopen(): void {
    if (this.fd === null) this.open();
  }

  private open(): void {
    fs.mkdirSync(this.logdir, { recursive: true });
    const secs = Math.floor(Date.now() / 1000);
    this.file = path.join(this.logdir, `events.out.tfevents.${String(secs).padStart(10, '0')}.${os.hostname()}${this.suffix}`);
    // Append: a second writer opened in the same second must not clobber the first one's events.
    this.fd = fs.openSync(this.file, 'a');
    this.add_event({ wall_time: secs, file_version: FILE_VERSION });
    this.flush();
    this.timer = setInterval(() => this.flush(), this.flushSecs * 1000);
    this.timer.unref();
    openWriters.add(this);
    installExitHook();
  }
}

/** What `add_summary` takes: a Summary message, or its serialized bytes (a `sess.run` value of a summary op). */
export type SummaryInput = Summary | Uint8Array | NDArray;

function summaryFrom(summary: SummaryInput): Summary {
  if (summary instanceof NDArray) {
    if (summary.dtype.storage !== 'string' || summary.size !== 1) {
      throw new TFTypeError(`add_summary expects a Summary or a scalar string (a serialized Summary), got an array of ${summary.dtype.name} with shape [${summary.shape}]`);
    }
    return summaryFrom((summary.data as Uint8Array[])[0]);
  }
  if (summary instanceof Uint8Array) {
    try {
      return SummaryCodec.decode(summary);
    } catch (e) {
      throw new ValueError(`add_summary: the bytes are not a serialized Summary proto (${(e as Error).message})`);
    }
  }
  if (typeof summary !== 'object' || summary === null) throw new TFTypeError(`add_summary expects a Summary, got ${String(summary)}`);
  return summary;
}

export interface FileWriterOptions extends EventFileWriterOptions {
  /** Deprecated in TF: a GraphDef to write instead of a Graph. */
  graph_def?: GraphDef | null;
}

/**
 * `tf.summary.FileWriter(logdir, graph)`: writes summaries, graphs and run metadata to an event file
 * for TensorBoard.
 * @example const w = tf.summary.FileWriter('logs/run1', sess.graph); w.add_summary(sess.run(merged), step); w.close();
 */
export class FileWriter {
  readonly event_writer: EventFileWriter;
  private readonly seenSummaryTags = new Set<string>();
  private readonly sessionRunTags = new Set<string>();

  constructor(logdir: string, graph: Graph | GraphDef | null = null, options: FileWriterOptions = {}) {
    if (typeof logdir !== 'string' || logdir === '') throw new ValueError('FileWriter needs a logdir (a non-empty path)');
    this.event_writer = new EventFileWriter(logdir, options);
    const graph_def = options.graph_def ?? null;
    if (graph !== null || graph_def !== null) {
      this.add_graph(graph, null, graph_def);
      // TF also writes the meta graph when it is given a graph.
      if (graph instanceof Graph) this.add_meta_graph(export_meta_graph(null, { graph }));
    }
  }

  get_logdir(): string { return this.event_writer.get_logdir(); }

  /** Adds a summary (a Summary message or a summary op's run value) at `global_step`. */
  add_summary(summary: SummaryInput, global_step: number | null = null): void {
    if (this.warnIfClosed()) return;
    const s = summaryFrom(summary);
    // Plugin metadata is stored with the first value of each tag only, as TF does.
    const value = (s.value ?? []).map((v) => {
      if (!v.metadata) return v;
      if (this.seenSummaryTags.has(v.tag ?? '')) {
        const { metadata: _dropped, ...rest } = v;
        return rest;
      }
      this.seenSummaryTags.add(v.tag ?? '');
      return v;
    });
    this.addEvent({ summary: { value } }, global_step);
  }

  add_session_log(session_log: SessionLog, global_step: number | null = null): void {
    if (this.warnIfClosed()) return;
    this.addEvent({ session_log }, global_step);
  }

  /** Writes the graph (as `graph.as_graph_def(add_shapes=True)`), which TensorBoard's graph tab shows. */
  add_graph(graph: Graph | GraphDef | null, global_step: number | null = null, graph_def: GraphDef | null = null): void {
    if (this.warnIfClosed()) return;
    if (graph !== null && graph_def !== null) throw new ValueError('Please pass only graph, or graph_def (deprecated), but not both.');
    const g = graph ?? graph_def;
    let def: GraphDef;
    if (g instanceof Graph) def = graphToGraphDef(g, { add_shapes: true });
    else if (g !== null && typeof g === 'object' && Array.isArray((g as GraphDef).node)) {
      logging.warning('Passing a `GraphDef` to the SummaryWriter is deprecated. Pass a `Graph` object instead, such as `sess.graph`.');
      def = g;
    } else throw new TFTypeError('The passed graph must be an instance of `Graph` or the deprecated `GraphDef`');
    this.addEvent({ graph_def: GraphDefCodec.encode(def) }, global_step);
  }

  add_meta_graph(meta_graph_def: MetaGraphDef, global_step: number | null = null): void {
    if (this.warnIfClosed()) return;
    this.addEvent({ meta_graph_def: MetaGraphDefCodec.encode(meta_graph_def) }, global_step);
  }

  /** Adds a run's metadata (a RunMetadata message or its bytes) under a tag used once per writer. */
  add_run_metadata(run_metadata: RunMetadata | Uint8Array, tag: string, global_step: number | null = null): void {
    if (this.warnIfClosed()) return;
    if (this.sessionRunTags.has(tag)) throw new ValueError('The provided tag was already used for this event type');
    this.sessionRunTags.add(tag);
    const bytes = run_metadata instanceof Uint8Array ? run_metadata : RunMetadataCodec.encode(run_metadata);
    this.addEvent({ tagged_run_metadata: { tag, run_metadata: bytes } }, global_step);
  }

  /** Adds a ready-made Event (wall_time and step as given). */
  add_event(event: Event): void {
    if (this.warnIfClosed()) return;
    this.event_writer.add_event(event);
  }

  flush(): void { this.event_writer.flush(); }
  close(): void { this.event_writer.close(); }
  reopen(): void { this.event_writer.reopen(); }
  [Symbol.dispose](): void { this.close(); }

  private addEvent(event: Event, global_step: number | null): void {
    const e: Event = { wall_time: Date.now() / 1000, ...event };
    if (global_step !== null && global_step !== undefined) {
      if (!Number.isFinite(global_step)) throw new TFTypeError(`global_step must be a number, got ${String(global_step)}`);
      e.step = Math.trunc(global_step);
    }
    this.event_writer.add_event(e);
  }

  private warnIfClosed(): boolean {
    if (!this.event_writer.closed) return false;
    logging.warning('Attempting to use a closed FileWriter. The operation will be a noop unless the FileWriter is explicitly reopened.');
    return true;
  }
}

const cachedWriters = new Map<string, FileWriter>();

/** `tf.summary.FileWriterCache`: one FileWriter per logdir, for the default graph. */
export const FileWriterCache = {
  /** The cached writer for `logdir`, created (with the default graph) on first use. */
  get(logdir: string): FileWriter {
    let w = cachedWriters.get(logdir);
    if (!w) {
      w = new FileWriter(logdir, get_default_graph());
      cachedWriters.set(logdir, w);
    }
    return w;
  },
  /** Closes and forgets every cached writer. */
  clear(): void {
    for (const w of cachedWriters.values()) w.close();
    cachedWriters.clear();
  },
};
