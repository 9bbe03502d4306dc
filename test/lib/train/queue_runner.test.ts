// Restates TF 1.15's coordinator_test and queue_runner_test (threads are the cooperative queue-runner threads).
import assert from 'node:assert/strict';
import * as tf from '../../../lib';
import { InvalidArgumentError, OutOfRangeError } from '../../../lib/framework/errors';

describe('tf.train.Coordinator (coordinator_test)', () => {
  it('testStopAPI: should_stop, request_stop, wait_for_stop', () => {
    const coord = new tf.train.Coordinator();
    assert.equal(coord.should_stop(), false);
    assert.equal(coord.wait_for_stop(0.01), false);
    coord.request_stop();
    assert.equal(coord.should_stop(), true);
    assert.equal(coord.wait_for_stop(0.01), true);
  });

  it('testJoinRaiseReportException / testJoinIgnoresOutOfRange / testJoinIgnoresMyExceptionType', () => {
    const coord = new tf.train.Coordinator();
    coord.request_stop(new tf.ValueError('First'));
    coord.request_stop(new tf.ValueError('Second'));   // after a stop request, ignored
    assert.throws(() => coord.join([]), /^ValueError: First$|First/);
    assert.equal(coord.joined, true);
    const clean = tf.train.Coordinator();
    clean.request_stop(new OutOfRangeError(null, null, 'end of input'));
    clean.join([]);
    const mine = new tf.train.Coordinator({ clean_stop_exception_types: [tf.ValueError] });
    mine.request_stop(new tf.ValueError('ignored'));
    mine.join([]);
    assert.doesNotThrow(() => mine.raise_requested_exception());
  });

  it('testClearStopClearsExceptionToo / testStopOnException / raise_requested_exception', () => {
    const coord = new tf.train.Coordinator();
    const out = coord.stop_on_exception(() => { throw new tf.RuntimeError('First'); });
    assert.equal(out, undefined);
    assert.equal(coord.should_stop(), true);
    assert.throws(() => coord.raise_requested_exception(), /First/);
    coord.clear_stop();
    assert.equal(coord.should_stop(), false);
    coord.request_stop();
    coord.join([]);
    assert.equal(coord.stop_on_exception(() => 7), 7);
  });
});

describe('tf.train.QueueRunner and start_queue_runners (queue_runner_test)', () => {
  beforeEach(() => tf.reset_default_graph());

  function counter(limit: number, name?: string) {
    const v = tf.Variable(tf.constant(0, { dtype: tf.int64 }), { name });
    return { v, op: tf.count_up_to(v, limit).op };
  }

  it('testBasic / testTwoOps: each thread runs its op until OutOfRange, then the queue closes', () => {
    const a = counter(3), b = counter(30);
    const queue = new tf.FIFOQueue(10, tf.float32);
    const qr = new tf.train.QueueRunner(queue, [a.op, b.op]);
    assert.equal(qr.close_op.name, 'fifo_queue_Close');
    assert.equal(qr.cancel_op.name, 'fifo_queue_Close_1');
    assert.equal(qr.name, 'fifo_queue');
    const sess = new tf.Session();
    sess.run(tf.global_variables_initializer());
    const threads = qr.create_threads(sess);
    assert.equal(threads.length, 2);
    // testIgnoreMultiStarts: already started in this session.
    assert.deepEqual(qr.create_threads(sess), []);
    for (const t of threads) { t.start(); t.join(); }
    assert.deepEqual(sess.run([a.v, b.v]).map((x) => x.item()), [3, 30]);
    assert.deepEqual(qr.exceptions_raised, []);
    assert.equal(sess.run(queue.is_closed()).item(), true);
  });

  it('testRealDequeueEnqueue: a dequeue runs the runner that fills its queue; an upstream close ends it', () => {
    const q0 = new tf.FIFOQueue(3, tf.float32);
    const enqueue0 = q0.enqueue([10.0]);
    const close0 = q0.close();
    const q1 = new tf.FIFOQueue(30, tf.float32);
    const enqueue1 = q1.enqueue([q0.dequeue() as tf.Tensor]);
    const dequeue1 = q1.dequeue() as tf.Tensor;
    const qr = new tf.train.QueueRunner(q1, [enqueue1]);
    const sess = new tf.Session();
    const threads = qr.create_threads(sess);
    for (const t of threads) t.start();
    sess.run(enqueue0);
    sess.run(enqueue0);
    assert.equal(sess.run(dequeue1).item(), 10);
    assert.equal(sess.run(dequeue1).item(), 10);
    sess.run(close0);
    for (const t of threads) t.join();
    assert.throws(() => sess.run(dequeue1), (e: unknown) => e instanceof OutOfRangeError && /is closed and has insufficient elements/.test((e as Error).message));
  });

  it('testRespectCoordShouldStop: a stopped coordinator keeps the threads from running', () => {
    const { v, op } = counter(3);
    const qr = new tf.train.QueueRunner(new tf.FIFOQueue(10, tf.float32), [op]);
    const sess = new tf.Session();
    sess.run(tf.global_variables_initializer());
    const coord = new tf.train.Coordinator();
    coord.request_stop();
    const threads = qr.create_threads(sess, { coord, start: true });
    assert.equal(threads.length, 2);   // the loop and the close-on-stop thread
    coord.join();
    assert.equal(sess.run(v).item(), 0);
  });

  it('testRequestStopOnException: a runner\'s error stops the coordinator, cancels its queue, and join raises it', () => {
    const p = tf.placeholder(tf.float32, []);
    const queue = new tf.FIFOQueue(10, tf.float32, { shapes: [[]] });
    tf.train.add_queue_runner(new tf.train.QueueRunner(queue, [queue.enqueue([p])]));
    assert.equal(tf.get_collection(tf.GraphKeys.QUEUE_RUNNERS).length, 1);
    const sess = new tf.Session();
    const coord = new tf.train.Coordinator();
    const threads = tf.train.start_queue_runners(sess, coord);
    // The dequeue steps the runner, whose enqueue fails; the stop cancels the queue, so the dequeue ends.
    assert.throws(() => sess.run(queue.dequeue() as tf.Tensor), OutOfRangeError);
    assert.equal(coord.should_stop(), true);
    assert.throws(() => coord.join(threads), (e: unknown) => e instanceof InvalidArgumentError && /must feed a value for placeholder tensor 'Placeholder'/.test((e as Error).message));
    assert.equal(sess.run(queue.is_closed()).item(), true);
  });

  it('testStartQueueRunners / testStartQueueRunnersRaisesIfNotASession / ...IgnoresMonitoredSession', () => {
    const { v, op } = counter(3);
    tf.train.add_queue_runner(new tf.train.QueueRunner(new tf.FIFOQueue(10, tf.float32), [op]));
    const sess = new tf.Session();
    sess.run(tf.global_variables_initializer());
    const threads = tf.train.start_queue_runners(sess);
    for (const t of threads) t.join();
    assert.equal(sess.run(v).item(), 3);
    assert.throws(() => tf.train.start_queue_runners({ sess: {} as tf.Session }), /sess must be a `tf.Session` object\. Given class: Object/);
    assert.throws(() => tf.train.start_queue_runners(), /Cannot start queue runners: No default session is registered/);
  });

  it('a training loop with start_queue_runners and a Coordinator ends cleanly at the end of the input', () => {
    const { op } = counter(5);
    const queue = new tf.FIFOQueue(2, tf.int64, { shapes: [[]] });
    const v = tf.Variable(tf.constant(0, { dtype: tf.int64 }), { name: 'source' });
    const next = tf.count_up_to(v, 5);
    tf.train.add_queue_runner(new tf.train.QueueRunner(queue, [queue.enqueue([next])]));
    void op;
    const total = tf.Variable(tf.constant(0, { dtype: tf.int64 }), { name: 'total' });
    const step = tf.assign_add(total, queue.dequeue() as tf.Tensor);
    const sess = new tf.Session();
    sess.run(tf.global_variables_initializer());
    const coord = new tf.train.Coordinator();
    const threads = tf.train.start_queue_runners(sess, coord);
    let steps = 0;
    try {
      while (!coord.should_stop()) { sess.run(step); steps++; }
    } catch (e) {
      if (!(e instanceof OutOfRangeError)) throw e;
    } finally {
      coord.request_stop();
    }
    coord.join(threads);
    assert.equal(steps, 5);
    assert.equal(sess.run(total).item(), 0 + 1 + 2 + 3 + 4);
    assert.equal(threads.every((t) => !t.is_alive()), true);
  });
});
