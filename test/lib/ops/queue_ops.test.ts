// Restates TF 1.15's fifo_queue_test, padding_fifo_queue_test, priority_queue_test and random_shuffle_queue_test
// (the single-threaded cases; those with threads become queue-runner tests in test/lib/train/queue_runner.test.ts).
import assert from 'node:assert/strict';
import * as tf from '../../../lib';
import { CancelledError, DeadlineExceededError, InvalidArgumentError, OutOfRangeError } from '../../../lib/framework/errors';

const isErr = (cls: Function, re: RegExp) => (e: unknown) => e instanceof cls && re.test((e as Error).message);

describe('queues: FIFOQueue, PaddingFIFOQueue, PriorityQueue, RandomShuffleQueue (QueueEnqueueV2 ... QueueSizeV2)', () => {
  beforeEach(() => tf.reset_default_graph());

  it('builds the FIFOQueueV2 node and its ops with TF\'s names and attrs', () => {
    const q = new tf.FIFOQueue(10, tf.float32, { shapes: [[]] });
    assert.equal(q.queue_ref.op.type, 'FIFOQueueV2');
    assert.equal(q.name, 'fifo_queue');
    assert.equal(q.queue_ref.dtype, tf.resource);
    assert.equal(q.queue_ref.op.get_attr('capacity'), 10);
    assert.deepEqual((q.queue_ref.op.get_attr('component_types') as tf.DType[]).map((d) => d.name), ['float32']);
    assert.equal(q.queue_ref.op.get_attr('shared_name'), '');
    const enq = q.enqueue([1.0]);
    const many = q.enqueue_many([[1, 2, 3]]);
    const d = q.dequeue() as tf.Tensor;
    const dm = q.dequeue_many(2) as tf.Tensor;
    const up = q.dequeue_up_to(2) as tf.Tensor;
    const names = [enq, many, d.op, dm.op, up.op, q.close(), q.close({ cancel_pending_enqueues: true }), q.size().op, q.is_closed().op].map((o) => `${o.name}:${o.type}`);
    assert.deepEqual(names, [
      'fifo_queue_enqueue:QueueEnqueueV2', 'fifo_queue_EnqueueMany:QueueEnqueueManyV2', 'fifo_queue_Dequeue:QueueDequeueV2',
      'fifo_queue_DequeueMany:QueueDequeueManyV2', 'fifo_queue_DequeueUpTo:QueueDequeueUpToV2', 'fifo_queue_Close:QueueCloseV2',
      'fifo_queue_Close_1:QueueCloseV2', 'fifo_queue_Size:QueueSizeV2', 'fifo_queue_IsClosed:QueueIsClosedV2',
    ]);
    assert.equal(enq.inputs[1].op.name, 'fifo_queue_enqueue/component_0');
    assert.equal(dm.op.inputs[1].op.name, 'fifo_queue_DequeueMany/n');
    assert.deepEqual(d.shape.as_list(), []);
    assert.deepEqual(dm.shape.as_list(), [2]);
    assert.deepEqual(up.shape.as_list(), [null]);
    assert.equal(q.close({ cancel_pending_enqueues: true }).get_attr('cancel_pending_enqueues'), true);
  });

  it('testEnqueueAndDequeue / testQueueSizeAfterEnqueueAndDequeue: values come out in order', () => {
    const q = new tf.FIFOQueue(10, tf.float32);
    const x = tf.placeholder(tf.float32);
    const enq = q.enqueue([x]);
    const deq = q.dequeue() as tf.Tensor;
    const sess = new tf.Session();
    assert.equal(sess.run(q.size()).item(), 0);
    for (const v of [10, 20, 30]) sess.run(enq, new Map([[x, v]]));
    assert.equal(sess.run(q.size()).item(), 3);
    assert.deepEqual([0, 1, 2].map(() => sess.run(deq).item()), [10, 20, 30]);
    assert.equal(sess.run(q.size()).item(), 0);
  });

  it('testMultiEnqueueAndDequeue and testEnqueueDequeueMany: tuples of components, batches of them', () => {
    const q = new tf.FIFOQueue(10, [tf.int32, tf.float32], { shapes: [[], [2]] });
    const sess = new tf.Session();
    sess.run(q.enqueue_many([[1, 2, 3, 4], [[1, 1], [2, 2], [3, 3], [4, 4]]]));
    sess.run(q.enqueue([5, [5, 5]]));
    const [a, b] = q.dequeue() as tf.Tensor[];
    assert.equal(a.dtype, tf.int32);
    assert.deepEqual(sess.run([a, b]).map((v) => v.toArray()), [1, [1, 1]]);
    const [ma, mb] = q.dequeue_many(3) as tf.Tensor[];
    assert.deepEqual(mb.shape.as_list(), [3, 2]);
    assert.deepEqual(sess.run([ma, mb]).map((v) => v.toArray()), [[2, 3, 4], [[2, 2], [3, 3], [4, 4]]]);
    // n may be a tensor (testDequeueManyWithTensorParameter): the batch dimension is then unknown.
    const n = tf.placeholder(tf.int32, []);
    const [na] = q.dequeue_many(n) as tf.Tensor[];
    assert.deepEqual(na.shape.as_list(), [null]);
    assert.deepEqual(sess.run(na, new Map([[n, 1]])).toArray(), [5]);
  });

  it('testDequeueFromClosedQueue / testEnqueueToClosedQueue / testDequeueUpToNoBlocking: TF\'s errors after close', () => {
    const q = new tf.FIFOQueue(10, tf.float32, { shapes: [[]] });
    const sess = new tf.Session();
    sess.run(q.enqueue_many([[10, 20, 30, 40]]));
    sess.run(q.close());
    assert.equal(sess.run(q.is_closed()).item(), true);
    assert.throws(() => sess.run(q.enqueue([50])), isErr(CancelledError, /^FIFOQueue '_0_fifo_queue' is closed\./));
    assert.deepEqual(sess.run(q.dequeue_up_to(3) as tf.Tensor).toArray(), [10, 20, 30]);
    assert.throws(() => sess.run(q.dequeue_many(2) as tf.Tensor), isErr(OutOfRangeError, /^FIFOQueue '_0_fifo_queue' is closed and has insufficient elements \(requested 2, current size 1\)/));
    assert.deepEqual(sess.run(q.dequeue_up_to(3) as tf.Tensor).toArray(), [40]);
    assert.throws(() => sess.run(q.dequeue() as tf.Tensor), isErr(OutOfRangeError, /is closed and has insufficient elements \(requested 1, current size 0\)/));
    assert.throws(() => sess.run(q.dequeue_up_to(3) as tf.Tensor), isErr(OutOfRangeError, /is closed and has insufficient elements \(requested 3, current size 0\)/));
  });

  it('a dequeue that would block with no producer fails at once instead of hanging', () => {
    const q = new tf.FIFOQueue(2, tf.float32, { shapes: [[]] });
    const sess = new tf.Session();
    assert.throws(() => sess.run(q.dequeue() as tf.Tensor), isErr(DeadlineExceededError, /has 0 element\(s\), is not closed, and no running queue runner can add more/));
    sess.run(q.enqueue_many([[1, 2]]));
    // A full queue: this enqueue would block for ever as well.
    assert.throws(() => sess.run(q.enqueue([3])), isErr(DeadlineExceededError, /is full \(capacity 2, size 2\)/));
    assert.equal(sess.run(q.size()).item(), 2);
  });

  it('checks shapes and dtypes when building (testEnqueueWrongShape) and when running', () => {
    const q = new tf.FIFOQueue(10, [tf.int32, tf.int32], { shapes: [[], [2]] });
    assert.throws(() => q.enqueue([[1, 2], [1, 2]]), /Shapes \(2,\) and \(\) are incompatible|incompatible/);
    assert.throws(() => q.enqueue_many([[1], [[1, 2, 3]]]), /incompatible/);
    assert.throws(() => q.enqueue([1]), /Expected 2 components for this queue, got 1/);
    assert.throws(() => new tf.FIFOQueue(10, [tf.int32], { shapes: [[null]] }), /All shapes must be fully defined/);
    assert.throws(() => new tf.FIFOQueue(10, [tf.int32, tf.float32], { shapes: [[1]] }), /Queue shapes must have the same length as dtypes/);
    const p = tf.placeholder(tf.int32);
    const enq = q.enqueue([1, p]);
    const sess = new tf.Session();
    assert.throws(() => sess.run(enq, new Map([[p, [1, 2, 3]]])), isErr(InvalidArgumentError, /Shape mismatch in tuple component 1\. Expected \[2\], got \[3\]/));
    const loose = new tf.FIFOQueue(10, tf.float32);
    sess.run(loose.enqueue([1]));
    assert.throws(() => sess.run(loose.dequeue_many(1) as tf.Tensor), isErr(InvalidArgumentError, /FIFOQueue's DequeueMany and DequeueUpTo require the components to have specified shapes\./));
  });

  it('queues with names take and give objects; shared_name shares one queue between queue objects', () => {
    const q = new tf.FIFOQueue(10, [tf.int32, tf.string], { shapes: [[], []], names: ['i', 's'], shared_name: 'shared_q' });
    const other = new tf.FIFOQueue(10, [tf.int32, tf.string], { shapes: [[], []], names: ['i', 's'], shared_name: 'shared_q', name: 'other' });
    assert.throws(() => q.enqueue([1, 'a']), /You must enqueue a dictionary in a Queue with names/);
    assert.throws(() => q.enqueue({ i: 1, t: 'a' }), /Keys in dictionary to enqueue do not match names of Queue/);
    const sess = new tf.Session();
    sess.run(q.enqueue({ s: 'a', i: 1 }));
    const out = other.dequeue() as Record<string, tf.Tensor>;
    const got = sess.run(out) as Record<string, tf.NDArray>;
    assert.equal(got.i.item(), 1);
    assert.equal(got.s.item(), 'a');
    assert.throws(() => sess.run(new tf.FIFOQueue(5, tf.float32, { shared_name: 'shared_q' }).size()), /Shared queue 'shared_q' has component types int32,string but requested component types were float32/);
  });

  it('PaddingFIFOQueue pads each batch to its longest element (padding_fifo_queue_test)', () => {
    assert.throws(() => new tf.PaddingFIFOQueue(10, [tf.int32, tf.int32], [[null]]), /Shapes must be provided for all components, but received 2 dtypes and 1 shapes\./);
    const q = new tf.PaddingFIFOQueue(10, tf.int32, [[null]]);
    assert.equal(q.queue_ref.op.name, 'padding_fifo_queue');
    const x = tf.placeholder(tf.int32, [null]);
    const enq = q.enqueue([x]);
    const sess = new tf.Session();
    for (const v of [[1], [1, 2], [1, 2, 3]]) sess.run(enq, new Map([[x, v]]));
    const batch = q.dequeue_many(3) as tf.Tensor;
    assert.deepEqual(batch.shape.as_list(), [3, null]);
    assert.deepEqual(sess.run(batch).toArray(), [[1, 0, 0], [1, 2, 0], [1, 2, 3]]);
  });

  it('PriorityQueue dequeues the lowest priority first (priority_queue_test)', () => {
    const q = new tf.PriorityQueue(10, [tf.string], { shapes: [[]] });
    assert.equal(q.queue_ref.op.type, 'PriorityQueueV2');
    assert.deepEqual(q.dtypes.map((d) => d.name), ['int64', 'string']);
    const sess = new tf.Session();
    sess.run(q.enqueue_many([tf.constant([3, 1, 2], { dtype: tf.int64 }), ['c', 'a', 'b']]));
    sess.run(q.enqueue([tf.constant(0, { dtype: tf.int64 }), 'z']));
    const [p, v] = q.dequeue_many(4) as tf.Tensor[];
    const [pv, vv] = sess.run([p, v]);
    assert.deepEqual(pv.toArray(), [0, 1, 2, 3]);
    assert.deepEqual(vv.toArray(), ['z', 'a', 'b', 'c']);
  });

  it('RandomShuffleQueue keeps min_after_dequeue until closed, returns every element once, repeats with a seed', () => {
    assert.throws(() => new tf.Session().run(new tf.RandomShuffleQueue(3, 3, tf.int32).size()), /min_after_dequeue 3 must be < capacity 3/);
    tf.reset_default_graph();
    const q = new tf.RandomShuffleQueue(10, 3, tf.int32, { shapes: [[]], seed: 42 });
    assert.equal(q.queue_ref.op.type, 'RandomShuffleQueueV2');
    assert.equal(q.queue_ref.op.get_attr('min_after_dequeue'), 3);
    assert.equal(q.queue_ref.op.get_attr('seed2'), 42);
    const enq = q.enqueue_many([[0, 1, 2, 3, 4, 5]]);
    const deq = q.dequeue() as tf.Tensor;
    const draw = () => {
      const sess = new tf.Session();
      sess.run(enq);
      const got = [0, 1, 2].map(() => sess.run(deq).item() as number);
      assert.throws(() => sess.run(deq), isErr(DeadlineExceededError, /keep min_after_dequeue=3/));
      sess.run(q.close());
      got.push(...(sess.run(q.dequeue_up_to(10) as tf.Tensor).toArray() as number[]));
      return got;
    };
    const first = draw();
    assert.deepEqual([...first].sort(), [0, 1, 2, 3, 4, 5]);
    assert.deepEqual(draw(), first);
  });
});
