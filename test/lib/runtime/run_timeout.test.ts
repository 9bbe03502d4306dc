// RunOptions.timeout_in_ms and ConfigProto.operation_timeout_in_ms as TF's DirectSession has them: a run that
// outlives its timeout fails with DeadlineExceededError 'Timed out waiting for notification' (no op named),
// the session stays usable, and a dequeue nothing can serve ends so (session_test's testTimeoutWithShortOperations).
// No test measures time: each run here takes far longer than its timeout, or for ever without one.
import assert from 'node:assert/strict';
import * as tf from '../../../lib';

const timedOut = (e: unknown) => e instanceof tf.errors.DeadlineExceededError
  && e.message === 'Timed out waiting for notification' && e.op === null && e.error_code === tf.errors.DEADLINE_EXCEEDED;

/** A py_func body that returns its input after `ms` milliseconds, so the run outlives a shorter timeout. */
const slowIdentity = (ms: number) => (x: tf.NDArray) => {
  const until = performance.now() + ms;
  while (performance.now() < until) { /* busy: a kernel that takes its time */ }
  return x;
};

describe('run timeouts (RunOptions.timeout_in_ms, ConfigProto.operation_timeout_in_ms)', () => {
  beforeEach(() => tf.reset_default_graph());

  it('an endless while_loop ends with DeadlineExceededError under RunOptions.timeout_in_ms', () => {
    const i = tf.while_loop(() => tf.constant(true), (k: tf.Tensor) => [tf.add(k, 1)], [tf.constant(0)]) as unknown as tf.Tensor;   // one loop variable: TF returns it alone
    const sess = tf.Session();
    assert.throws(() => sess.run(i, { options: tf.RunOptions({ timeout_in_ms: 30 }) }), timedOut);
    // The session is still good: a later run without the loop runs.
    assert.equal(sess.run(tf.constant(3)).item(), 3);
  });

  it('a straight plan is checked between ops: a slow op makes the ops after it fail the run', () => {
    const x = tf.constant([1, 2], { name: 'x' });
    const slow = tf.py_func(slowIdentity(40), [x], tf.float32) as tf.Tensor;
    const y = tf.multiply(slow, 2);
    const sess = tf.Session();
    assert.throws(() => sess.run(y, null, tf.RunOptions({ timeout_in_ms: 5 })), timedOut);
    assert.deepEqual(sess.run(y).toArray(), [2, 4], 'without a timeout the same run completes');
    assert.deepEqual(sess.run(y, null, tf.RunOptions({ timeout_in_ms: 60000 })).toArray(), [2, 4], 'a timeout it does not reach changes nothing');
  });

  it("operation_timeout_in_ms applies to every run of the session; a run's own timeout_in_ms overrides it", () => {
    const x = tf.constant([1.5], { name: 'x' });
    const y = tf.identity(tf.py_func(slowIdentity(40), [x], tf.float32) as tf.Tensor);
    const sess = tf.Session({ config: tf.ConfigProto({ operation_timeout_in_ms: 5 }) });
    assert.throws(() => sess.run(y), timedOut);
    assert.deepEqual(sess.run(y, { options: { timeout_in_ms: 60000 } }).toArray(), [1.5]);
  });

  it('a dequeue from an empty queue with a timeout ends with DeadlineExceededError, as TF\'s session_test has it', () => {
    const q = tf.FIFOQueue(1, tf.float32);
    const dequeued = q.dequeue() as tf.Tensor;
    const sess = tf.Session({ config: { operation_timeout_in_ms: 1000 } });
    assert.throws(() => sess.run(dequeued), timedOut);
    // A full queue's enqueue too.
    sess.run(q.enqueue([1]));
    assert.throws(() => sess.run(q.enqueue([2])), timedOut);
    assert.equal(sess.run(dequeued).item(), 1, 'the failed runs left the queue as it was');
    // Without any timeout the dequeue still fails at once (nothing could ever fill the queue), with its own message.
    assert.throws(() => tf.Session().run(q.dequeue() as tf.Tensor), /no running queue runner can add more/);
  });

  it('a dequeue waiting on slow queue runners fails at its deadline, not after they filled the queue', () => {
    const q = tf.FIFOQueue(1000, tf.float32, { shapes: [[]] });
    const enqueue = q.enqueue([tf.py_func(slowIdentity(5), [tf.constant(1.0)], tf.float32) as tf.Tensor]);
    const many = q.dequeue_many(1000) as tf.Tensor;
    const sess = tf.Session();
    const threads = new tf.train.QueueRunner(q, [enqueue]).create_threads(sess);
    for (const t of threads) t.start();
    // 1000 steps of 5 ms each would take 5 s: the 20 ms deadline comes long before.
    assert.throws(() => sess.run(many, { options: { timeout_in_ms: 20 } }), timedOut);
    assert.ok(Number(sess.run(q.size()).item()) < 1000);
  });
});
