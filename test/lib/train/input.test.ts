// Restates TF 1.15's python/training/input_test: producers, epoch limits and the batching functions,
// run under start_queue_runners (the cooperative queue-runner threads).
import assert from 'node:assert/strict';
import * as tf from '../../../lib';
import { OutOfRangeError, ValueError } from '../../../lib/framework/errors';

type Sess = InstanceType<typeof tf.Session>;

function start(): { sess: Sess; coord: tf.train.Coordinator; threads: ReturnType<typeof tf.train.start_queue_runners> } {
  const sess = new tf.Session();
  sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()]);
  const coord = new tf.train.Coordinator();
  const threads = tf.train.start_queue_runners({ sess, coord });
  return { sess, coord, threads };
}

/** Runs `fetch` until OutOfRangeError, returning every result. */
function drain(sess: Sess, fetch: tf.Tensor[]): tf.NDArray[][] {
  const out: tf.NDArray[][] = [];
  for (;;) {
    try { out.push(sess.run(fetch)); } catch (e) {
      if (e instanceof OutOfRangeError) return out;
      throw e;
    }
    assert.ok(out.length < 1000, 'no end of input');
  }
}

describe('tf.train input pipelines (input_test)', () => {
  beforeEach(() => tf.reset_default_graph());

  it('LimitEpochsTest: the tensor for num_epochs runs, then OutOfRangeError; the counter is a local variable', () => {
    const loveMe = tf.constant('love me');
    const twice = tf.train.limit_epochs(loveMe, { num_epochs: 2 });
    assert.equal(twice.op.name, 'limit_epochs');
    assert.deepEqual(tf.get_collection(tf.GraphKeys.LOCAL_VARIABLES).map((v) => v.name), ['limit_epochs/epochs:0']);
    assert.deepEqual(tf.get_collection(tf.GraphKeys.GLOBAL_VARIABLES), []);
    assert.equal(tf.train.limit_epochs(loveMe), loveMe);
    assert.throws(() => tf.train.limit_epochs(loveMe, { num_epochs: 0 }), (e: unknown) => e instanceof ValueError && /num_epochs must be > 0 not 0\./.test((e as Error).message));
    const sess = new tf.Session();
    sess.run(tf.local_variables_initializer());
    assert.equal(sess.run(twice).item(), 'love me');
    assert.equal(sess.run(twice).item(), 'love me');
    assert.throws(() => sess.run(twice), OutOfRangeError);
  });

  it('StringInputProducerTest: every string once per epoch, then the queue ends; names, summary and runner as TF', () => {
    const strings = ['to', 'be', 'or', 'not', 'to', 'be'];
    const queue = tf.train.string_input_producer(strings, { num_epochs: 3, shuffle: false });
    assert.equal(queue.name, 'input_producer');
    const dequeue_many = queue.dequeue_many(strings.length) as tf.Tensor;
    const dequeue = queue.dequeue() as tf.Tensor;
    const runners = tf.get_collection(tf.GraphKeys.QUEUE_RUNNERS) as tf.train.QueueRunner[];
    assert.deepEqual(runners.map((r) => r.name), ['input_producer']);
    const summaries = tf.get_collection(tf.GraphKeys.SUMMARIES) as tf.Tensor[];
    assert.deepEqual(summaries.map((s) => s.op.name), ['input_producer/fraction_of_32_full']);
    const { sess, coord, threads } = start();
    for (let i = 0; i < 3; i++) assert.deepEqual(sess.run(dequeue_many).toArray(), strings);
    assert.throws(() => sess.run(dequeue), OutOfRangeError);
    coord.request_stop();
    coord.join(threads);
  });

  it('StringInputProducerTest: shuffled epochs keep every string; empty input fails', () => {
    const strings = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    const queue = tf.train.string_input_producer(strings, { num_epochs: 2, shuffle: true, seed: 271828, capacity: 8 });
    assert.equal((tf.get_collection(tf.GraphKeys.SUMMARIES) as tf.Tensor[])[0].op.name, 'input_producer/fraction_of_8_full');
    const d = queue.dequeue_many(strings.length) as tf.Tensor;
    const { sess, coord, threads } = start();
    const epochs = [sess.run(d).toArray() as string[], sess.run(d).toArray() as string[]];
    for (const e of epochs) assert.deepEqual([...e].sort(), strings);
    assert.notDeepEqual(epochs[0], strings);
    assert.throws(() => sess.run(queue.dequeue() as tf.Tensor), OutOfRangeError);
    coord.request_stop();
    coord.join(threads);
    assert.throws(() => tf.train.string_input_producer([]), /string_input_producer requires a non-null input tensor/);
  });

  it('RangeInputProducerTest and SliceInputProducerTest: rows in order per epoch, TF node names', () => {
    const r = tf.train.range_input_producer(5, { num_epochs: 2, shuffle: false, capacity: 10 });
    assert.equal(r.name, 'input_producer');
    const rd = r.dequeue_many(5) as tf.Tensor;
    const [a, b] = tf.train.slice_input_producer([tf.constant([[1, 2], [3, 4], [5, 6]]), tf.constant(['x', 'y', 'z'])], { num_epochs: 2, shuffle: false });
    assert.equal(a.op.name, 'input_producer_1/GatherV2');
    assert.equal(b.op.name, 'input_producer_1/GatherV2_1');
    assert.deepEqual(a.shape.as_list(), [2]);
    assert.deepEqual((tf.get_collection(tf.GraphKeys.QUEUE_RUNNERS) as tf.train.QueueRunner[]).map((q) => q.name), ['input_producer', 'input_producer_1/input_producer']);
    const { sess, coord, threads } = start();
    assert.deepEqual(sess.run(rd).toArray(), [0, 1, 2, 3, 4]);
    assert.deepEqual(sess.run(rd).toArray(), [0, 1, 2, 3, 4]);
    assert.throws(() => sess.run(rd), OutOfRangeError);
    const rows = drain(sess, [a, b]).map(([x, y]) => [x.toArray(), y.item()]);
    assert.deepEqual(rows, [[[1, 2], 'x'], [[3, 4], 'y'], [[5, 6], 'z'], [[1, 2], 'x'], [[3, 4], 'y'], [[5, 6], 'z']]);
    coord.request_stop();
    coord.join(threads);
  });

  it('BatchTest: batch of a counter, the `batch` dequeue, fraction_of_N_full, allow_smaller_final_batch', () => {
    const counter = tf.train.range_input_producer(7, { num_epochs: 1, shuffle: false }).dequeue() as tf.Tensor;
    const [c, sq] = tf.train.batch([counter, tf.square(counter)], 3, { capacity: 10, allow_smaller_final_batch: true }) as tf.Tensor[];
    assert.equal(c.op.name, 'batch');
    assert.equal(c.op.type, 'QueueDequeueUpToV2');
    assert.deepEqual(c.shape.as_list(), [null]);
    assert.ok((tf.get_collection(tf.GraphKeys.SUMMARIES) as tf.Tensor[]).some((s) => s.op.name === 'batch/fraction_of_10_full'));
    assert.deepEqual((tf.get_collection(tf.GraphKeys.QUEUE_RUNNERS) as tf.train.QueueRunner[]).map((q) => q.name), ['input_producer', 'batch/fifo_queue']);
    const { sess, coord, threads } = start();
    const got = drain(sess, [c, sq]).map(([x, y]) => [x.toArray(), y.toArray()]);
    assert.deepEqual(got, [[[0, 1, 2], [0, 1, 4]], [[3, 4, 5], [9, 16, 25]], [[6], [36]]]);
    coord.request_stop();
    coord.join(threads);
  });

  it('BatchTest: without allow_smaller_final_batch the short tail is OutOfRange; enqueue_many, dicts and num_threads', () => {
    const rows = tf.train.limit_epochs(tf.constant([[1, 1], [2, 2], [3, 3], [4, 4], [5, 5]]), { num_epochs: 1 });
    const out = tf.train.batch({ b: rows, a: tf.square(rows) }, 2, { enqueue_many: true, num_threads: 3 }) as Record<string, tf.Tensor>;
    assert.deepEqual(Object.keys(out).sort(), ['a', 'b']);
    assert.equal(out.a.op.type, 'QueueDequeueManyV2');
    assert.deepEqual(out.b.shape.as_list(), [2, 2]);
    const runner = (tf.get_collection(tf.GraphKeys.QUEUE_RUNNERS) as tf.train.QueueRunner[])[0];
    assert.equal(runner.enqueue_ops.length, 3);
    const { sess, coord, threads } = start();
    const got = drain(sess, [out.b]).map(([x]) => x.toArray());
    assert.deepEqual(got, [[[1, 1], [2, 2]], [[3, 3], [4, 4]]]);
    coord.request_stop();
    coord.join(threads);
  });

  it('BatchTest dynamic_pad: a padding queue pads each batch to its longest element', () => {
    const n = tf.train.range_input_producer(4, { num_epochs: 1, shuffle: false }).dequeue() as tf.Tensor;
    const row = tf.fill(tf.expand_dims(tf.add(n, 1), 0), n);   // [n+1] copies of n
    // One tensor in a list comes back as the tensor itself (TF's _as_original_type).
    const padded = tf.train.batch([row], 2, { dynamic_pad: true }) as tf.Tensor;
    assert.equal(tf.get_default_graph().get_operation_by_name('batch/padding_fifo_queue').type, 'PaddingFIFOQueueV2');
    assert.deepEqual(padded.shape.as_list(), [2, null]);
    const { sess, coord, threads } = start();
    assert.deepEqual(sess.run(padded).toArray(), [[0, 0], [1, 1]]);
    assert.deepEqual(sess.run(padded).toArray(), [[2, 2, 2, 0], [3, 3, 3, 3]]);
    assert.throws(() => sess.run(padded), OutOfRangeError);
    coord.request_stop();
    coord.join(threads);
  });

  it('a classic queue-based training program: slice_input_producer -> shuffle_batch -> Coordinator loop until OutOfRangeError', () => {
    const N = 12, EPOCHS = 3, B = 5;
    const xs = Array.from({ length: N }, (_, i) => [i / N, 1 - i / N]);
    const ys = xs.map(([a, b]) => [3 * a - 2 * b + 0.5]);
    const ids = Array.from({ length: N }, (_, i) => i);
    const [x, y, id] = tf.train.slice_input_producer([tf.constant(xs, { dtype: tf.float32 }), tf.constant(ys, { dtype: tf.float32 }), tf.constant(ids)], { num_epochs: EPOCHS, seed: 7 });
    const [bx, by, bid] = tf.train.shuffle_batch([x, y, id], B, 20, 4, { num_threads: 2, seed: 11, allow_smaller_final_batch: true }) as tf.Tensor[];
    assert.equal(bx.op.name, 'shuffle_batch');
    assert.equal(tf.get_default_graph().get_operation_by_name('shuffle_batch/random_shuffle_queue').type, 'RandomShuffleQueueV2');
    assert.ok((tf.get_collection(tf.GraphKeys.SUMMARIES) as tf.Tensor[]).some((s) => s.op.name === 'shuffle_batch/fraction_over_4_of_16_full'));
    const w = tf.Variable(tf.zeros([2, 1]), { name: 'w' });
    const b = tf.Variable(tf.zeros([1]), { name: 'b' });
    const loss = tf.reduce_mean(tf.square(tf.add(tf.matmul(bx, w), b).sub(by)));
    const train = new tf.train.GradientDescentOptimizer(0.5).minimize(loss);
    const { sess, coord, threads } = start();
    const seen: number[] = [];
    const losses: number[] = [];
    try {
      while (!coord.should_stop()) {
        const [, l, batchIds] = sess.run([train, loss, bid]);
        losses.push(l!.item() as number);
        seen.push(...(batchIds!.toArray() as number[]));
      }
    } catch (e) {
      if (!(e instanceof OutOfRangeError)) throw e;
      coord.request_stop();
    }
    coord.join(threads);
    assert.equal(seen.length, N * EPOCHS);
    assert.equal(losses.length, Math.ceil((N * EPOCHS) / B));
    const counts = ids.map((i) => seen.filter((s) => s === i).length);
    assert.deepEqual(counts, ids.map(() => EPOCHS));
    assert.notDeepEqual(seen.slice(0, N), ids);   // shuffled
    assert.ok(losses[losses.length - 1] < losses[0] / 4, `loss ${losses[0]} -> ${losses[losses.length - 1]}`);
  });

  it('shuffle_batch checks: capacity above min_after_dequeue, known ranks, at least one tensor', () => {
    assert.throws(() => tf.train.shuffle_batch([tf.constant(1)], 2, 4, 4), /capacity 4 must be bigger than min_after_dequeue 4\./);
    assert.throws(() => tf.train.shuffle_batch([], 2, 10, 4), /Expected at least one tensor in batch\(\)\./);
    assert.throws(() => tf.train.batch([tf.placeholder(tf.float32)], 2), /Cannot infer Tensor's rank/);
    assert.throws(() => tf.train.batch_join([], 2), /Expected at least one input in batch_join\(\)\./);
    assert.throws(() => tf.train.batch_join([[tf.constant(1, { dtype: tf.int32 })], [tf.constant(1.5)]], 2), /Expected types to be consistent/);
  });

  it('BatchJoinTest and ShuffleBatchJoinTest: one enqueue op per list, every element of every list arrives', () => {
    const a = tf.train.range_input_producer(6, { num_epochs: 1, shuffle: false }).dequeue() as tf.Tensor;
    const b = tf.train.range_input_producer(4, { num_epochs: 1, shuffle: false }).dequeue() as tf.Tensor;
    const j = tf.train.batch_join([[a], [tf.add(b, 100)]], 2, { allow_smaller_final_batch: true }) as tf.Tensor;
    assert.equal(j.op.name, 'batch_join');
    const runner = (tf.get_collection(tf.GraphKeys.QUEUE_RUNNERS) as tf.train.QueueRunner[]).find((r) => r.name === 'batch_join/fifo_queue')!;
    assert.equal(runner.enqueue_ops.length, 2);
    const c = tf.train.range_input_producer(5, { num_epochs: 2, shuffle: false }).dequeue() as tf.Tensor;
    const d = tf.train.range_input_producer(5, { num_epochs: 2, shuffle: false }).dequeue() as tf.Tensor;
    const sj = tf.train.shuffle_batch_join([[c], [tf.add(d, 10)]], 4, 12, 2, { seed: 3, allow_smaller_final_batch: true }) as tf.Tensor;
    assert.equal(sj.op.name, 'shuffle_batch_join');
    const { sess, coord, threads } = start();
    const got = drain(sess, [j]).flatMap(([x]) => x.toArray() as number[]);
    assert.deepEqual([...got].sort((p, q) => p - q), [0, 1, 2, 3, 4, 5, 100, 101, 102, 103]);
    const shuffled = drain(sess, [sj]).flatMap(([x]) => x.toArray() as number[]);
    assert.deepEqual([...shuffled].sort((p, q) => p - q), [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 10, 10, 11, 11, 12, 12, 13, 13, 14, 14]);
    coord.request_stop();
    coord.join(threads);
  });

  it('maybe_batch: keep_input scalar and per-element vector (enqueue_many)', () => {
    const n = tf.train.range_input_producer(6, { num_epochs: 1, shuffle: false }).dequeue() as tf.Tensor;
    const even = tf.train.maybe_batch([n], tf.equal(tf.floormod(n, 2), 0), 3) as tf.Tensor;
    const v = tf.train.limit_epochs(tf.constant([1, 2, 3, 4, 5, 6]), { num_epochs: 1 });
    const kept = tf.train.maybe_batch({ v }, tf.constant([true, false, true, true, false, true]), 2, { enqueue_many: true }) as Record<string, tf.Tensor>;
    assert.throws(() => tf.train.maybe_batch([n], tf.constant([true]), 2), /`keep_input` cannot be a vector when `enqueue_many=False`\./);
    const { sess, coord, threads } = start();
    assert.deepEqual(sess.run(even).toArray(), [0, 2, 4]);
    assert.throws(() => sess.run(even), OutOfRangeError);
    assert.deepEqual(drain(sess, [kept.v]).map(([x]) => x.toArray()), [[1, 3], [4, 6]]);
    coord.request_stop();
    coord.join(threads);
  });
});
