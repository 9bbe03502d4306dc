/**
 * scopeflow widgets: renderers that turn engine objects into MIME bundles (text/plain, self-contained
 * text/html, and application/vnd.plotly.v1+json where there is a plot).
 *
 * The kernel asks `toMimeBundle(value)` for every displayed value (see kernel/display/widgets_bridge);
 * cells also get this module as `widgets` for views with options:
 * @example widgets.graph()                       // the default graph, scopes folded when large
 * @example widgets.graph({ scope: 'layer1' })     // one name scope
 * @example widgets.value(w)                       // a variable's values in the default session
 * @example widgets.checkpoint(path, { session: sess })   // a checkpoint, diffed against a session
 */
import { Graph, Operation, Tensor, get_default_graph, statefulAncestors } from '../lib/framework/graph';
import { NDArray } from '../lib/framework/ndarray';
import { place } from '../lib/runtime/placement';
import { BaseSession, get_default_session } from '../lib/runtime/session';
import { RefVariable } from '../lib/variables/variables';
import { VariableScope, get_variable_scope, AUTO_REUSE } from '../lib/variables/variable_scope';
import { checkpointBundle, CheckpointLike, CheckpointViewOptions, diffCheckpoint, diffCheckpoints, DiffRow, DiffStatus, isCheckpointLike, SessionLike } from './checkpoint_view';
import { graphBundle, GraphViewOptions } from './graph_view';
import { VARIABLE_OP_TYPES, staleOps, staleText } from './graph_model';
import { describeCell, describeOrigin } from '../lib/framework/cells';
import { AssetComms, serveAssets } from './assets';
import { escapeHtml, STYLE, table } from './html';
import type { MimeBundle, PlotlyFigure } from './types';
import { ndarrayBundle, valueBundle, ValueFacts } from './value_view';
import { numpyRepr } from './values';
import { boardBundle, BoardOptions } from './board';
import { FileWriter } from '../lib/summary/writer';

export type { MimeBundle, PlotlyFigure, GraphViewOptions, CheckpointViewOptions, DiffStatus, CheckpointLike, SessionLike, DiffRow, ValueFacts };
export { numpyRepr, diffCheckpoint, diffCheckpoints };
export { ASSET_COMM_TARGET } from './assets';

/** Called by the kernel with its comm registry: pages ask it for the plotting and layout libraries. */
export function setCommRegistry(comms: AssetComms): void {
  serveAssets(comms);
}
export { escapeHtml } from './html';

const JUPYTER_DISPLAY = Symbol.for('Jupyter.display');

/** A view: rendered when displayed (Deno's `Symbol.for('Jupyter.display')` convention). */
export class Widget {
  constructor(private readonly render: () => MimeBundle) {}
  /** The MIME bundle, rendered now. */
  bundle(): MimeBundle { return this.render(); }
  [JUPYTER_DISPLAY](): MimeBundle { return this.render(); }
  toString(): string { return String(this.render()['text/plain'] ?? ''); }
}

function shortDevice(name: string): string {
  const m = /\/device:[^/]+$/.exec(name);
  return m ? m[0] : name;
}

function placedOf(op: Operation): string {
  try { return shortDevice(place(op).device.name); } catch { return 'no kernel here'; }
}

function sessionFor(graph: Graph, session: BaseSession | null | undefined): BaseSession | null {
  const s = session ?? get_default_session();
  return s && !s._closed && s.graph === graph ? s : null;
}

function initializerText(v: RefVariable): string {
  try {
    const op = v.initial_value.op;
    return `${op.type} '${op.name}'`;
  } catch {
    return `'${v.initializer.name}'`;
  }
}

export interface ValueOptions {
  /** The session to read values from (default: the default session, e.g. an InteractiveSession). */
  session?: BaseSession | null;
  /** Feeds for evaluating a tensor that depends on placeholders. */
  feed_dict?: Parameters<BaseSession['run']>[1];
}

function variableBundle(v: RefVariable, options: ValueOptions = {}): MimeBundle {
  const facts: ValueFacts = {
    kind: 'Variable', name: v.name, shape: String(v.shape), dtype: v.dtype.base_dtype.name,
    device: v.device, placed: placedOf(v.op), initializer: initializerText(v), trainable: v.trainable,
  };
  const sess = sessionFor(v.graph, options.session);
  if (!sess) {
    facts.note = 'No session to read the value from: values show with a default session (tf.InteractiveSession(), or inside tf.Session(sess => ...)) or widgets.value(v, {session: sess}).';
    return valueBundle(facts, null);
  }
  try {
    return valueBundle(facts, sess.run(v as never) as unknown as NDArray);
  } catch (e) {
    const err = e as Error;
    if (err.name === 'FailedPreconditionError') {
      facts.warning = `Variable ${v.op.name} is not initialized in this session: run tf.global_variables_initializer() (or ${v.op.name}'s initializer) first.`;
    } else {
      facts.error = `${err.name}: ${err.message.split('\n')[0]}`;
    }
    return valueBundle(facts, null);
  }
}

/**
 * The ops that would change something if `t` were run: stateful ancestors other than the variables
 * themselves (reading a variable changes nothing; assigning to it, drawing random numbers or printing does).
 */
function effectsOf(t: Tensor): Operation[] {
  return statefulAncestors(t).filter((op) => !VARIABLE_OP_TYPES.has(op.type));
}

/**
 * A tensor's view. Displaying a tensor (`evaluate: 'if-pure'`) evaluates it only when running it
 * changes nothing, as TF's repr never runs anything: showing `v.assign_add(1)` twice must not add
 * twice. `widgets.value(t)` asks for the value explicitly (`evaluate: 'always'`).
 */
function tensorBundle(t: Tensor, options: ValueOptions = {}, evaluate: 'if-pure' | 'always' = 'always'): MimeBundle {
  const facts: ValueFacts = {
    kind: 'Tensor', name: t.name, shape: String(t.shape), dtype: t.dtype.name, device: t.device, placed: placedOf(t.op),
    note: `op ${t.op.type} '${t.op.name}'`,
  };
  const effects = evaluate === 'if-pure' ? effectsOf(t) : [];
  if (effects.length > 0) {
    const shown = effects.slice(0, 3).map((op) => `${op.type} '${op.name}'`).join(', ');
    facts.note += `. Not evaluated: running it runs ${shown}${effects.length > 3 ? ` and ${effects.length - 3} more` : ''}, which change${effects.length === 1 ? 's' : ''} state (displaying it again would show something else). See its value with sess.run(t), or widgets.value(t) to run it once and show the result.`;
    return valueBundle(facts, null);
  }
  const sess = sessionFor(t.graph, options.session);
  if (!sess) {
    facts.note += '. No session to evaluate it in: values show with a default session (tf.InteractiveSession()) or widgets.value(t, {session: sess}).';
    return valueBundle(facts, null);
  }
  try {
    return valueBundle(facts, sess.run(t, options.feed_dict) as NDArray);
  } catch (e) {
    const err = e as Error;
    facts.error = `could not evaluate: ${err.name}: ${err.message.split('\n')[0]}`;
    return valueBundle(facts, null);
  }
}

function operationBundle(op: Operation): MimeBundle {
  const rows: [string, string][] = [
    ['name', op.name], ['type', op.type], ['device (requested)', op.device || '(none)'], ['device (placed)', placedOf(op)],
  ];
  const origin = describeOrigin(op);
  if (origin) rows.push(['defined in', origin]);
  if (op.retired) rows.push(['retired', `replaced when ${op.retiredBy ? describeCell(op.retiredBy) : 'its cell'} re-ran: no longer in the graph`]);
  const staleness = op.retired ? undefined : staleOps(op.graph, [...op.graph.get_operations()]).get(op);
  if (staleness) rows.push(['stale', staleText(staleness).replace(/^stale: /, '')]);
  op.inputs.forEach((t, i) => rows.push([`input ${i}`, `${t.name} ${t.dtype.name} ${String(t.shape)}`]));
  op.control_inputs.forEach((c) => rows.push(['control input', `^${c.name}`]));
  op.outputs.forEach((t, i) => rows.push([`output ${i}`, `${t.name} ${t.dtype.name} ${String(t.shape)}`]));
  for (const key of op.attrs.keys()) {
    let v: string;
    try { v = String(op.get_attr(key)); } catch { v = '?'; }
    rows.push([`attr ${key}`, v.length > 120 ? `${v.slice(0, 117)}...` : v]);
  }
  return {
    'text/plain': [String(op), ...rows.slice(1).map(([k, v]) => `  ${k}: ${v}`)].join('\n'),
    'text/html': `<div class="sf-widget sf-op-card">${STYLE}<div class="sf-title">op <code>${escapeHtml(op.name)}</code></div>${table([], rows.map(([k, v]) => [escapeHtml(k), escapeHtml(v)]))}</div>`,
  };
}

function reuseText(r: boolean | typeof AUTO_REUSE): string {
  return r === AUTO_REUSE ? 'AUTO_REUSE' : r ? 'True' : 'False';
}

/** A Saver-like object: its last checkpoints, newest last. */
function isSaverLike(x: unknown): x is { last_checkpoints: readonly string[] } {
  return typeof x === 'object' && x !== null && Array.isArray((x as { last_checkpoints?: unknown }).last_checkpoints) &&
    typeof (x as { save?: unknown }).save === 'function';
}

interface TrainModule { load_checkpoint(path: string): CheckpointLike }

/** Opens a checkpoint by prefix or folder through the engine's reader (loaded when first needed). */
function openCheckpoint(path: string): CheckpointLike {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const train = require('../lib/train/index') as TrainModule;
  return train.load_checkpoint(path);
}

function saverBundle(saver: { last_checkpoints: readonly string[] }): MimeBundle {
  const last = saver.last_checkpoints[saver.last_checkpoints.length - 1];
  if (!last) return { 'text/plain': '<tf.train.Saver: nothing saved yet>', 'text/html': `<div class="sf-widget">${STYLE}<div class="sf-note">tf.train.Saver: nothing saved yet.</div></div>` };
  return checkpointBundle(openCheckpoint(last), { title: `Saver's last checkpoint ${last}` });
}

/**
 * The kernel's renderer: a MIME bundle for engine objects, undefined for anything else
 * (which then falls back to its own display method or text/plain).
 */
export function toMimeBundle(value: unknown): MimeBundle | undefined {
  if (value instanceof NDArray) return ndarrayBundle(value);
  if (value instanceof RefVariable) return variableBundle(value);
  if (value instanceof Tensor) return tensorBundle(value, {}, 'if-pure');
  if (value instanceof Operation) return operationBundle(value);
  if (value instanceof Graph) return graphBundle(value, { currentScope: currentScopeMark(value) });
  if (value instanceof VariableScope) {
    return graphBundle(get_default_graph(), { scope: value.original_name_scope || value.name, variableScope: value });
  }
  if (isCheckpointLike(value)) return checkpointBundle(value);
  if (isSaverLike(value)) return saverBundle(value);
  if (value instanceof FileWriter) { value.flush(); return boardBundle(value.get_logdir()); }
  return undefined;
}

function currentScopeMark(g: Graph): GraphViewOptions['currentScope'] {
  if (g !== get_default_graph()) return undefined;
  const s = get_variable_scope();
  return s.name ? { name: s.name, reuse: reuseText(s.reuse) } : undefined;
}

// ---- views with options, for cells -----------------------------------------------------------

/**
 * The graph view: a graph (default: the default graph), one name scope of it, or a variable scope.
 * @example widgets.graph()  @example widgets.graph({ scope: 'layer1' })  @example widgets.graph(g, { maxVisible: 80 })
 */
export function graph(target?: Graph | VariableScope | GraphViewOptions, options: GraphViewOptions = {}): Widget {
  return new Widget(() => {
    if (target instanceof Graph) return graphBundle(target, { currentScope: currentScopeMark(target), ...options });
    if (target instanceof VariableScope) return graphBundle(get_default_graph(), { scope: target.original_name_scope || target.name, variableScope: target, ...options });
    const g = get_default_graph();
    return graphBundle(g, { currentScope: currentScopeMark(g), ...(target ?? {}), ...options });
  });
}

/** The value view of a Variable, a Tensor (evaluated in the session), an NDArray or nested numbers. */
export function value(x: RefVariable | Tensor | NDArray | number | number[] | number[][] | number[][][], options: ValueOptions & { name?: string } = {}): Widget {
  return new Widget(() => {
    if (x instanceof RefVariable) return variableBundle(x, options);
    if (x instanceof Tensor) return tensorBundle(x, options);
    const a = x instanceof NDArray ? x : NDArray.from(x);
    return valueBundle({ kind: 'NDArray', name: options.name, shape: `[${a.shape.join(', ')}]`, dtype: a.dtype.name }, a);
  });
}

/** A checkpoint reader for a prefix or folder (`tf.train.load_checkpoint`). */
export function checkpointReader(path: string): CheckpointLike { return openCheckpoint(path); }

/** Options of `widgets.checkpoint`: `against` may also be a checkpoint prefix or folder. */
export interface CheckpointOptions extends Omit<CheckpointViewOptions, 'against'> {
  against?: CheckpointLike | string;
}

/**
 * The checkpoint view of a reader, a checkpoint prefix or folder; with `session`, the diff against
 * that session; with `against`, the diff against another checkpoint.
 * @example widgets.checkpoint(saver.last_checkpoints[1], { against: saver.last_checkpoints[0] })
 */
export function checkpoint(reader: CheckpointLike | string, options: CheckpointOptions = {}): Widget {
  return new Widget(() => {
    const against = typeof options.against === 'string' ? openCheckpoint(options.against) : options.against;
    return checkpointBundle(typeof reader === 'string' ? openCheckpoint(reader) : reader, { ...options, against });
  });
}

/** The checkpoint view in diff mode against a live session. */
export function checkpointDiff(reader: CheckpointLike | string, session: SessionLike): Widget {
  return checkpoint(reader, { session });
}

// ---- the board -----------------------------------------------------------------------------------

/** What `display(value, {displayId: true})` returns in a notebook cell. */
export interface UpdatableDisplay { update(value: unknown): void }

/** The board of a logdir; `refresh(handle)` re-renders a displayed board at most every `throttle_ms`. */
export class Board extends Widget {
  private lastRefresh = 0;
  constructor(readonly logdir: string, private readonly options: BoardOptions & { throttle_ms?: number } = {}) {
    super(() => boardBundle(logdir, options));
  }

  /**
   * Updates the displayed board in place when `throttle_ms` (default 1000) have passed since the last
   * update, or always with `force`; returns whether it did. Flush the FileWriter first so its events are on disk.
   */
  refresh(handle: UpdatableDisplay, options: { force?: boolean } = {}): boolean {
    const now = Date.now();
    if (!options.force && now - this.lastRefresh < (this.options.throttle_ms ?? 1000)) return false;
    this.lastRefresh = now;
    handle.update(this);
    return true;
  }
}

/**
 * TensorBoard inline: the scalars (smoothed, runs overlaid), histograms, images, text and graph of the
 * event files under `logdir`. Displaying a tf.summary.FileWriter shows its logdir's board too.
 * @example const b = widgets.board('logs'); const h = display(b, {displayId: true}); ... b.refresh(h);
 */
export function board(logdir: string, options: BoardOptions & { throttle_ms?: number } = {}): Board {
  return new Board(logdir, options);
}
