/**
 * Reference CPU kernels of the queue ops (FIFOQueueV2, PaddingFIFOQueueV2, RandomShuffleQueueV2,
 * PriorityQueueV2 and the QueueEnqueue/Dequeue/Close/Size ops), each also serving the op's pre-V2 form with a
 * Ref(string) handle (FIFOQueue, QueueEnqueue ...: graphs written by old TF versions). A queue is made once per session by its
 * creating node (named by its shared_name, else by the node). A dequeue that would block runs the queue
 * runners feeding the queue (see ../producers.ts); an enqueue that would block inside such a runner step
 * keeps its elements waiting beside the queue, as a blocked TF thread holds them, until dequeues make room.
 */
import { DType, bool, int32, int64, resource } from '../../framework/dtypes';
import { CancelledError, DeadlineExceededError, InvalidArgumentError, OutOfRangeError } from '../../framework/errors';
import { NDArray } from '../../framework/ndarray';
import { TensorShape } from '../../framework/tensor_shape';
import { mulberry32 } from '../../framework/mulberry32';
import { Kernel, KernelContext, KernelSession, handleOutput, registerKernel, resourceKey, resourceSlot, sessionTable } from '../registry';
import { driveThreads, inProducerStep, noteQueueProgress } from '../producers';
import { copyElements } from './indexing';
import { runDeadline, timedOut } from '../../framework/deadline';

type QueueKind = 'FIFOQueue' | 'PaddingFIFOQueue' | 'RandomShuffleQueue' | 'PriorityQueue';
type Tuple = NDArray[];

interface QueueState {
  readonly kind: QueueKind;
  readonly name: string;
  readonly types: readonly DType[];
  /** The components' shapes; empty when the queue was made without shapes. */
  readonly shapes: readonly TensorShape[];
  readonly capacity: number;
  readonly minAfterDequeue: number;
  readonly random: () => number;
  readonly elements: Tuple[];
  /** Elements of enqueues that found the queue full (TF's blocked enqueue attempts), oldest first. */
  pending: Tuple[];
  closed: boolean;
}
const queues = sessionTable<QueueState>();
const uniqueIds = new WeakMap<KernelSession, number>();

/** How TF's messages name a queue's class (a PaddingFIFOQueue is a FIFOQueue to them). */
const label = (q: QueueState) => (q.kind === 'PaddingFIFOQueue' ? 'FIFOQueue' : q.kind);
const shapeText = (s: readonly number[]) => `[${s.join(',')}]`;
const dimsText = (s: TensorShape) => (s.dims === null ? '<unknown>' : `[${s.dims.map((d) => (d === null ? '?' : d)).join(',')}]`);

function makeQueue(kind: QueueKind, ctx: KernelContext): NDArray {
  const slot = resourceSlot(ctx), key = slot.key;
  const shared = String(ctx.attr('shared_name') ?? '');
  const all = queues(ctx.session);
  const types = (ctx.attr('component_types') as DType[]).slice();
  const existing = all.get(key);
  if (existing) {
    const wanted = kind === 'PriorityQueue' ? [int64, ...types] : types;
    if (existing.kind !== kind || existing.types.map((t) => t.name).join() !== wanted.map((t) => t.name).join()) {
      throw new InvalidArgumentError(ctx.op, ctx.op, `Shared queue '${existing.name}' has component types ${existing.types.map((t) => t.name).join(',')} but requested component types were ${wanted.map((t) => t.name).join(',')}`);
    }
    return queueHandle(ctx, slot, existing);
  }
  const id = uniqueIds.get(ctx.session) ?? 0;
  uniqueIds.set(ctx.session, id + 1);
  const capacity = Number(ctx.attr('capacity'));
  const minAfterDequeue = kind === 'RandomShuffleQueue' ? Number(ctx.attr('min_after_dequeue')) : 0;
  if (kind === 'RandomShuffleQueue' && capacity >= 0 && minAfterDequeue >= capacity) {
    throw new InvalidArgumentError(ctx.op, ctx.op, `min_after_dequeue ${minAfterDequeue} must be < capacity ${capacity}`);
  }
  let shapes = (ctx.attr('shapes') as TensorShape[]).slice();
  // A priority queue's first component is its int64 priority, a scalar.
  if (kind === 'PriorityQueue' && shapes.length > 0) shapes = [new TensorShape([]), ...shapes];
  const seed = kind === 'RandomShuffleQueue' ? Number(ctx.attr('seed')) : 0, seed2 = kind === 'RandomShuffleQueue' ? Number(ctx.attr('seed2')) : 0;
  const q: QueueState = {
    kind, name: shared || `_${id}_${ctx.op.name}`, types: kind === 'PriorityQueue' ? [int64, ...types] : types, shapes,
    capacity: capacity < 0 ? Infinity : capacity, minAfterDequeue,
    random: seed === 0 && seed2 === 0 ? Math.random : mulberry32((seed * 0x9e3779b1) ^ seed2),
    elements: [], pending: [], closed: false,
  };
  all.set(key, q);
  return queueHandle(ctx, slot, q);
}

/**
 * A queue node's output: a V2 resource handle naming the queue's slot, or TF's Ref(string) handle, the
 * [container, queue name] pair (`_<id>_<node>` unless shared), which then names the queue too.
 */
function queueHandle(ctx: KernelContext, slot: ReturnType<typeof resourceSlot>, q: QueueState): NDArray {
  if (ctx.op.outputs[0].dtype === resource) return handleOutput(ctx, slot);
  const named = { container: slot.container, name: q.name, key: `${slot.container}/${q.name}` };
  queues(ctx.session).set(named.key, q);
  return handleOutput(ctx, named);
}

type QueueOpType = QueueKind | 'QueueEnqueue' | 'QueueEnqueueMany' | 'QueueDequeue' | 'QueueDequeueMany' | 'QueueDequeueUpTo' | 'QueueClose' | 'QueueSize' | 'QueueIsClosed';
/**
 * Registers one kernel for a V2 queue op (a resource handle) and for its pre-V2 form, the op of old graphs
 * whose handle is a Ref(string) (resourceKey reads both).
 */
function registerQueueKernel(type: QueueOpType, kernel: Kernel): void {
  registerKernel(`${type}V2`, 'CPU', kernel);
  registerKernel(type, 'CPU', kernel);
}

for (const kind of ['FIFOQueue', 'PaddingFIFOQueue', 'RandomShuffleQueue', 'PriorityQueue'] as const) {
  registerQueueKernel(kind, (ctx) => [makeQueue(kind, ctx)]);
}

function queueOf(ctx: KernelContext): { key: string; q: QueueState } {
  const key = resourceKey(ctx.input(0));
  const q = queues(ctx.session).get(key);
  if (!q) throw new InvalidArgumentError(ctx.op, ctx.op, `Queue ${key} does not exist in this session (it is made by running its queue op)`);
  return { key, q };
}

/** The queue's elements and those waiting to enter it. */
const total = (q: QueueState) => q.elements.length + q.pending.length;

function refill(q: QueueState): void {
  while (q.pending.length > 0 && q.elements.length < q.capacity) insert(q, q.pending.shift()!);
}

function insert(q: QueueState, t: Tuple): void {
  if (q.kind !== 'PriorityQueue') { q.elements.push(t); return; }
  // Lowest priority first; equal priorities keep their enqueue order.
  const p = Number(t[0].item());
  let at = q.elements.length;
  while (at > 0 && Number(q.elements[at - 1][0].item()) > p) at--;
  q.elements.splice(at, 0, t);
}

function checkComponents(ctx: KernelContext, q: QueueState, many: boolean): NDArray[] {
  const values = Array.from({ length: ctx.numInputs - 1 }, (_, i) => ctx.input(i + 1));
  if (values.length !== q.types.length) {
    throw new InvalidArgumentError(ctx.op, ctx.op, `${label(q)} '${q.name}' expects ${q.types.length} components, got ${values.length}`);
  }
  values.forEach((v, i) => {
    if (v.dtype !== q.types[i]) throw new InvalidArgumentError(ctx.op, ctx.op, `Type mismatch in tuple component ${i}. Expected ${q.types[i].name}, got ${v.dtype.name}`);
    const element = many ? v.shape.slice(1) : v.shape;
    if (many && v.shape.length === 0) throw new InvalidArgumentError(ctx.op, ctx.op, `Input tensor ${i} must have rank at least 1 to enqueue many, got a scalar`);
    if (many && v.shape[0] !== values[0].shape[0]) {
      throw new InvalidArgumentError(ctx.op, ctx.op, `All input tensors must have the same size in the 0th dimension. Component 0 has ${values[0].shape[0]}, and component ${i} has ${v.shape[0]}`);
    }
    const s = q.shapes[i];
    if (s && !s.is_compatible_with(element)) {
      throw new InvalidArgumentError(ctx.op, ctx.op, `Shape mismatch in tuple component ${i}. Expected ${many ? `[?,${dimsText(s).slice(1)}` : dimsText(s)}, got ${shapeText(v.shape)}`);
    }
  });
  return values;
}

function enqueue(ctx: KernelContext, tuples: Tuple[]): void {
  const { q } = queueOf(ctx);
  if (q.closed) throw new CancelledError(ctx.op, ctx.op, `${label(q)} '${q.name}' is closed.`);
  const room = q.pending.length > 0 ? 0 : q.capacity - q.elements.length;
  if (tuples.length > room && !inProducerStep()) {
    // Nothing runs beside this run that could make room: with a timeout, TF's run would end so, later.
    if (runDeadline() !== Infinity) throw timedOut();
    throw new DeadlineExceededError(ctx.op, ctx.op, `${label(q)} '${q.name}' is full (capacity ${q.capacity}, size ${q.elements.length}): enqueueing ${tuples.length} element(s) would wait for ever, since only queue runners run beside a session's run and none of them dequeues`);
  }
  for (const t of tuples) q.pending.push(t);
  refill(q);
  noteQueueProgress();
}

registerQueueKernel('QueueEnqueue', (ctx) => {
  const { q } = queueOf(ctx);
  enqueue(ctx, [checkComponents(ctx, q, false)]);
  return [];
});

/** Row `i` of `v` (a batch) as an array of its own. */
function row(v: NDArray, i: number): NDArray {
  const shape = v.shape.slice(1);
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new NDArray(v.dtype, shape);
  copyElements(out, 0, v, i * n, n);
  return out;
}

registerQueueKernel('QueueEnqueueMany', (ctx) => {
  const { q } = queueOf(ctx);
  const values = checkComponents(ctx, q, true);
  const n = values[0].shape[0];
  enqueue(ctx, Array.from({ length: n }, (_, i) => values.map((v) => row(v, i))));
  return [];
});

/** Takes `n` tuples off the queue (n ≤ total), in the queue's order. */
function take(q: QueueState, n: number): Tuple[] {
  const out: Tuple[] = [];
  for (let k = 0; k < n; k++) {
    const at = q.kind === 'RandomShuffleQueue' ? Math.floor(q.random() * q.elements.length) : 0;
    out.push(q.elements.splice(at, 1)[0]);
    refill(q);
  }
  noteQueueProgress();
  return out;
}

/**
 * Waits (by running the queue's runners) until `n` elements can be dequeued, or the queue is closed;
 * returns how many to take: `n`, or for `upTo` what a closed queue still holds.
 */
function await_(ctx: KernelContext, n: number, upTo: boolean): { q: QueueState; count: number } {
  const { key, q } = queueOf(ctx);
  // A random shuffle queue keeps min_after_dequeue elements to mix with until it is closed.
  const ready = () => q.closed || total(q) >= n + q.minAfterDequeue;
  if (!ready()) driveThreads(ctx.session, key, ready);
  if (!ready()) {
    if (runDeadline() !== Infinity) throw timedOut();
    const keep = q.minAfterDequeue > 0 ? ` (and keep min_after_dequeue=${q.minAfterDequeue})` : '';
    throw new DeadlineExceededError(ctx.op, ctx.op, `${label(q)} '${q.name}' has ${q.elements.length} element(s), is not closed, and no running queue runner can add more: dequeueing ${n}${keep} would wait for ever (start the queue runners that fill it with tf.train.start_queue_runners)`);
  }
  const have = total(q);
  if (have >= n) return { q, count: n };
  if (upTo && have > 0) return { q, count: have };
  throw new OutOfRangeError(ctx.op, ctx.op, `${label(q)} '${q.name}' is closed and has insufficient elements (requested ${n}, current size ${q.elements.length})`);
}

registerQueueKernel('QueueDequeue', (ctx) => {
  const { q } = await_(ctx, 1, false);
  return take(q, 1)[0];
});

/** Stacks component `c` of the tuples into one batch (padded with zeros for a padding queue). */
function batchOf(ctx: KernelContext, q: QueueState, tuples: Tuple[], c: number): NDArray {
  const declared = q.shapes[c];
  if (tuples.length === 0) return new NDArray(q.types[c], [0, ...(declared?.dims ?? []).map((d) => d ?? 0)]);
  const shapes = tuples.map((t) => t[c].shape);
  const dims = shapes[0].map((_, d) => Math.max(...shapes.map((s) => s[d])));
  const out = new NDArray(q.types[c], [tuples.length, ...dims]);
  const rowSize = dims.reduce((a, b) => a * b, 1);
  tuples.forEach((t, i) => {
    const v = t[c];
    if (v.shape.join() === dims.join()) { copyElements(out, i * rowSize, v, 0, rowSize); return; }
    // Padded copy: each innermost run of `v` goes to its place in the larger element.
    const inner = v.shape.length === 0 ? 1 : v.shape[v.shape.length - 1];
    const outer = inner === 0 ? 0 : v.size / inner;
    for (let r = 0; r < outer; r++) {
      let rest = r, offset = 0, stride = dims.length ? dims[dims.length - 1] : 1;
      for (let d = v.shape.length - 2; d >= 0; d--) {
        offset += (rest % v.shape[d]) * stride;
        rest = Math.floor(rest / v.shape[d]);
        stride *= dims[d];
      }
      copyElements(out, i * rowSize + offset, v, r * inner, inner);
    }
  });
  return out;
}

function dequeueMany(ctx: KernelContext, upTo: boolean): NDArray[] {
  const n = Number(ctx.input(1).item());
  const { q: queue } = queueOf(ctx);
  const specified = queue.shapes.length > 0 && (queue.kind === 'PaddingFIFOQueue' ? queue.shapes.every((s) => s.dims !== null) : queue.shapes.every((s) => s.is_fully_defined()));
  if (!specified) {
    throw new InvalidArgumentError(ctx.op, ctx.op, `${label(queue)}'s DequeueMany and DequeueUpTo require the components to have specified shapes.`);
  }
  if (n < 0) throw new InvalidArgumentError(ctx.op, ctx.op, `${upTo ? 'DequeueUpToOp' : 'DequeueManyOp'} requested ${n} < 0 elements`);
  const { q, count } = await_(ctx, n, upTo);
  const tuples = take(q, count);
  return q.types.map((_, c) => batchOf(ctx, q, tuples, c));
}

registerQueueKernel('QueueDequeueMany', (ctx) => dequeueMany(ctx, false));
registerQueueKernel('QueueDequeueUpTo', (ctx) => dequeueMany(ctx, true));

registerQueueKernel('QueueClose', (ctx) => {
  const { q } = queueOf(ctx);
  q.closed = true;
  if (ctx.attr('cancel_pending_enqueues') === true) q.pending = [];
  noteQueueProgress();
  return [];
});

registerQueueKernel('QueueSize', (ctx) => [NDArray.scalar(queueOf(ctx).q.elements.length, int32)]);
registerQueueKernel('QueueIsClosed', (ctx) => [NDArray.scalar(queueOf(ctx).q.closed, bool)]);

/** Whether the queue a handle key names exists and has room for one more element (for the runners' scheduling). */
export function queueHasRoom(session: KernelSession, key: string): boolean {
  const q = queues(session).get(key);
  return q === undefined || (!q.closed && q.pending.length === 0 && q.elements.length < q.capacity);
}

/**
 * Dequeues one element (all its components) for another kernel (a reader taking its next work unit),
 * waiting as QueueDequeueV2 does.
 */
export function dequeueFor(ctx: KernelContext, handle: NDArray): NDArray[] {
  const inner: KernelContext = {
    op: ctx.op, session: ctx.session, numInputs: 1, frame: ctx.frame,
    input: () => handle, ref: (i) => ctx.ref(i), isDead: () => false, attr: (name) => ctx.attr(name),
  };
  const { q } = await_(inner, 1, false);
  return take(q, 1)[0];
}
