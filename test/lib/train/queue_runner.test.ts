// Restates TF 1.15's coordinator_test and queue_runner_test (threads are the cooperative queue-runner threads).
import assert from 'node:assert/strict';
import * as path from 'path';
import * as protobuf from 'protobufjs';
import * as tf from '../../../lib';
import { CancelledError, InvalidArgumentError, OutOfRangeError, ValueError } from '../../../lib/framework/errors';
import { LogLevel, setLogSink } from '../../../lib/train/logging';
import { cleanup, sharedFixtures, tmpDir } from './helpers';

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

/** Runs fn with log lines captured. */
function captureLogs<R>(fn: () => R): [R, [LogLevel, string][]] {
  const lines: [LogLevel, string][] = [];
  const prev = setLogSink((level, msg) => lines.push([level, msg]));
  try { return [fn(), lines]; } finally { setLogSink(prev); }
}

// TF's QueueRunnerDef, spelled out here from queue_runner.proto's field numbers, apart from the library's schema.
const QueueRunnerDefType = new protobuf.Type('QueueRunnerDef')
  .add(new protobuf.Field('queue_name', 1, 'string'))
  .add(new protobuf.Field('enqueue_op_name', 2, 'string', 'repeated'))
  .add(new protobuf.Field('close_op_name', 3, 'string'))
  .add(new protobuf.Field('cancel_op_name', 4, 'string'))
  .add(new protobuf.Field('queue_closed_exception_types', 5, 'int32', 'repeated'));
new protobuf.Root().define('tensorflow').add(QueueRunnerDefType);
const decodeDef = (b: Uint8Array) => QueueRunnerDefType.toObject(QueueRunnerDefType.decode(b), { arrays: true, defaults: true });

describe('QueueRunners in meta graphs (the queue_runners collection of QueueRunnerDefs)', () => {
  beforeEach(() => tf.reset_default_graph());
  after(cleanup);

  it('testExportImport: to_proto names the ops and error codes; from_proto finds the same ops', () => {
    const queue = new tf.FIFOQueue(10, tf.float32, { name: 'queue' });
    const enqueue = queue.enqueue([5.0]);
    const close = queue.close();
    const cancel = queue.close({ cancel_pending_enqueues: true });
    const qr = new tf.train.QueueRunner(queue, [enqueue], { close_op: close, cancel_op: cancel, queue_closed_exception_types: [OutOfRangeError, CancelledError] });
    const def = qr.to_proto()!;
    assert.deepEqual(def, {
      queue_name: 'queue', enqueue_op_name: ['queue_enqueue'], close_op_name: 'queue_Close', cancel_op_name: 'queue_Close_1',
      queue_closed_exception_types: [11, 1],
    });
    const copy = tf.train.QueueRunner.from_proto(def);
    assert.equal(copy.name, 'queue');
    assert.equal(copy.queue, queue.queue_ref.op);
    assert.deepEqual(copy.enqueue_ops, [enqueue]);
    assert.equal(copy.close_op, close);
    assert.equal(copy.cancel_op, cancel);
    assert.deepEqual(copy.queue_closed_exception_types, [OutOfRangeError, CancelledError]);
    // A def without codes (written before the field existed) closes on OutOfRange.
    assert.deepEqual(tf.train.QueueRunner({ queue_runner_def: { ...def, queue_closed_exception_types: [] } }).queue_closed_exception_types, [OutOfRangeError]);
    assert.throws(() => tf.train.QueueRunner(queue, [enqueue], { queue_runner_def: def }), (e: Error) => e instanceof ValueError && /queue_runner_def and queue are mutually exclusive/.test(e.message));
    assert.throws(() => tf.train.QueueRunner.from_proto({ ...def, close_op_name: 'nope' }), /nope/);
    assert.throws(() => tf.train.QueueRunner.from_proto({ ...def, queue_closed_exception_types: [42] }), /42 is not the error code/);
  });

  it('to_proto strips export_scope and is null for a queue outside it', () => {
    const inScope = tf.name_scope('in', () => {
      const q = new tf.FIFOQueue(2, tf.int32, { name: 'q' });
      return new tf.train.QueueRunner(q, [q.enqueue([1])]);
    });
    assert.deepEqual(inScope.to_proto('in'), {
      queue_name: 'q', enqueue_op_name: ['q_enqueue'], close_op_name: 'q_Close', cancel_op_name: 'q_Close_1', queue_closed_exception_types: [11],
    });
    assert.equal(inScope.to_proto('out'), null);
  });

  /** A string_input_producer and a runner of our own that fills a queue from a counter; dequeue ops named d1, d2. */
  function pipeline() {
    const names = tf.train.string_input_producer(['a', 'b', 'c'], { shuffle: false, name: 'files' });
    names.dequeue({ name: 'd1' });
    const v = tf.Variable(tf.constant(0, { dtype: tf.int64 }), { name: 'counter' });
    const q = new tf.FIFOQueue(4, tf.int64, { shapes: [[]], name: 'numbers' });
    tf.train.add_queue_runner(new tf.train.QueueRunner(q, [q.enqueue([tf.count_up_to(v, 3)])]));
    q.dequeue({ name: 'd2' });
  }

  it('exports the runners as QueueRunnerDefs, without a warning, that TF\'s schema decodes', () => {
    pipeline();
    const [meta, logs] = captureLogs(() => tf.train.export_meta_graph());
    assert.deepEqual(logs.filter(([, m]) => /Issue encountered/.test(m)), []);
    const values = meta.collection_def!.queue_runners.bytes_list!.value!;
    assert.deepEqual(values.map(decodeDef), [
      {
        queue_name: 'files', enqueue_op_name: ['files/files_EnqueueMany'], close_op_name: 'files/files_Close', cancel_op_name: 'files/files_Close_1',
        queue_closed_exception_types: [11],
      },
      { queue_name: 'numbers', enqueue_op_name: ['numbers_enqueue'], close_op_name: 'numbers_Close', cancel_op_name: 'numbers_Close_1', queue_closed_exception_types: [11] },
    ]);
  });

  it('round trip: Saver.save → import_meta_graph with import_scope → start_queue_runners feeds the imported queues', () => {
    pipeline();
    const sess0 = new tf.Session();
    sess0.run(tf.global_variables_initializer());
    const prefix = path.join(tmpDir('qr'), 'model');
    const [, logs] = captureLogs(() => tf.train.Saver().save(sess0, prefix));
    assert.deepEqual(logs.filter(([, m]) => /queue_runners/.test(m)), []);

    tf.reset_default_graph();
    const [, importLogs] = captureLogs(() => tf.train.import_meta_graph(`${prefix}.meta`, { import_scope: 'imp' }));
    assert.deepEqual(importLogs.filter(([, m]) => /queue_runners/.test(m)), []);
    const runners = tf.get_collection(tf.GraphKeys.QUEUE_RUNNERS) as tf.train.QueueRunner[];
    assert.deepEqual(runners.map((r) => r.name), ['imp/files', 'imp/numbers']);
    const g = tf.get_default_graph();
    assert.equal(runners[1].enqueue_ops[0], g.get_operation_by_name('imp/numbers_enqueue'));
    assert.equal(runners[1].close_op, g.get_operation_by_name('imp/numbers_Close'));
    assert.equal(runners[1].cancel_op, g.get_operation_by_name('imp/numbers_Close_1'));
    assert.deepEqual(runners[1].queue_closed_exception_types, [OutOfRangeError]);

    const sess = new tf.Session();
    sess.run(tf.global_variables_initializer());
    const coord = new tf.train.Coordinator();
    const threads = tf.train.start_queue_runners(sess, coord);
    const files = Array.from({ length: 4 }, () => String((sess.run('imp/d1:0') as tf.NDArray).item()));
    assert.deepEqual(files, ['a', 'b', 'c', 'a']);
    const numbers: number[] = [];
    try {
      for (;;) numbers.push(Number((sess.run('imp/d2:0') as tf.NDArray).item()));
    } catch (e) {
      if (!(e instanceof OutOfRangeError)) throw e;
    }
    // count_up_to(3) yields 0, 1, 2; its OutOfRange then closes the queue.
    assert.deepEqual(numbers, [0, 1, 2]);
    coord.request_stop();
    coord.join(threads);
  });

  it('export_meta_graph(export_scope) keeps the scope\'s runners, names stripped; an import under another scope feeds its queue', () => {
    tf.name_scope('model', () => {
      const q = new tf.FIFOQueue(3, tf.int32, { shapes: [[]], name: 'q' });
      tf.train.add_queue_runner(new tf.train.QueueRunner(q, [q.enqueue([7])]));
      q.dequeue({ name: 'd' });
    });
    const other = new tf.FIFOQueue(3, tf.int32, { shapes: [[]], name: 'other' });
    tf.train.add_queue_runner(new tf.train.QueueRunner(other, [other.enqueue([1])]));
    const meta = tf.train.export_meta_graph(null, { export_scope: 'model' });
    assert.deepEqual(meta.collection_def!.queue_runners.bytes_list!.value!.map(decodeDef), [
      { queue_name: 'q', enqueue_op_name: ['q_enqueue'], close_op_name: 'q_Close', cancel_op_name: 'q_Close_1', queue_closed_exception_types: [11] },
    ]);
    tf.reset_default_graph();
    tf.train.import_meta_graph(meta, { import_scope: 'again' });
    const runners = tf.get_collection(tf.GraphKeys.QUEUE_RUNNERS) as tf.train.QueueRunner[];
    assert.deepEqual(runners.map((r) => r.name), ['again/q']);
    const sess = new tf.Session();
    const coord = new tf.train.Coordinator();
    const threads = tf.train.start_queue_runners(sess, coord);
    assert.deepEqual([0, 1, 2, 3].map(() => (sess.run('again/d:0') as tf.NDArray).item()), [7, 7, 7, 7]);
    coord.request_stop();
    coord.join(threads);
  });

  it('imports the queue runners of TF 0.7\'s CIFAR meta graph (defs without error codes) under an import scope', () => {
    const [, logs] = captureLogs(() => tf.train.import_meta_graph(path.join(sharedFixtures('tf-wild'), 'jackyko_tf07_events_cifar', 'saved_checkpoint-0.meta'), { import_scope: 'cifar' }));
    assert.deepEqual(logs.filter(([, m]) => /queue_runners/.test(m)), []);
    const runners = tf.get_collection(tf.GraphKeys.QUEUE_RUNNERS) as tf.train.QueueRunner[];
    assert.deepEqual(runners.map((r) => r.name), [
      'cifar/input/input_producer', 'cifar/batching_shuffling_distortion/random_shuffle_queue',
      'cifar/input_1/string_input_producer', 'cifar/input_1/batching_shuffling/random_shuffle_queue',
    ]);
    const g = tf.get_default_graph();
    const shuffle = runners[1];
    assert.equal(shuffle.enqueue_ops.length, 5);
    assert.equal(shuffle.enqueue_ops[0], g.get_operation_by_name('cifar/batching_shuffling_distortion/random_shuffle_queue_enqueue'));
    assert.equal(shuffle.queue, g.get_operation_by_name('cifar/batching_shuffling_distortion/random_shuffle_queue'));
    assert.equal(shuffle.cancel_op.type, 'QueueClose');
    for (const r of runners) assert.deepEqual(r.queue_closed_exception_types, [OutOfRangeError]);
    // Written back, each is the def it was read from, the scope stripped.
    assert.deepEqual(runners[0].to_proto('cifar'), {
      queue_name: 'input/input_producer', enqueue_op_name: ['input/input_producer/input_producer_EnqueueMany'],
      close_op_name: 'input/input_producer/input_producer_Close', cancel_op_name: 'input/input_producer/input_producer_Close_1',
      queue_closed_exception_types: [11],
    });
  });
});
