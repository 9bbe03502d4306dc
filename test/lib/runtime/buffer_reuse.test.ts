// The executor gives the buffers of dead values back for reuse: repeated runs of a plan allocate their big
// intermediate values once, and nothing a caller, a variable or a constant still holds is ever overwritten.
import assert from 'node:assert/strict';
import * as tf from '../../../lib';
import { NDArray } from '../../../lib/framework/ndarray';
import { BackendName, withBackendOrder } from '../../../lib/kernels/registry';
import { loadNative } from '../../../lib/kernels/native/addon';
import { bufferCounts, bufferPoolLimit, clearBufferPool, MIN_POOLED_BYTES, POOL_SHARE_OF_BUDGET, pooledBufferBytes, releaseBuffer, setBufferPoolLimit } from '../../../lib/framework/buffer_pool';
import { memoryLimitBytes } from '../../../lib/framework/memory';

/** Big enough for the pool: a [rows, 1024] float32 value is 64 KiB per 16 rows. */
const ROWS = 64, COLS = 1024;
assert.ok(ROWS * COLS * 4 >= MIN_POOLED_BYTES);

function filled(value: number, shape = [ROWS, COLS]): NDArray {
  const a = new NDArray(tf.float32, shape);
  (a.values as Float32Array).fill(value);
  return a;
}

/** The big buffers `fn` allocates anew and takes from the pool. */
function counting(fn: () => void): { allocated: number; reused: number } {
  const before = { ...bufferCounts };
  fn();
  return { allocated: bufferCounts.allocated - before.allocated, reused: bufferCounts.reused - before.reused };
}

/** The losses of `steps` training runs from freshly initialized variables, with the pool keeping at most `poolLimit` bytes. */
function trainingLosses(poolLimit: number, steps: number, train: tf.Operation, loss: tf.Tensor, feeds: Map<tf.Tensor, NDArray>): number[] {
  const previous = setBufferPoolLimit(poolLimit);
  try {
    return tf.Session((sess) => {
      sess.run(tf.global_variables_initializer());
      const out: number[] = [];
      for (let i = 0; i < steps; i++) out.push(sess.run([train, loss], feeds)[1]!.item() as number);
      return out;
    });
  } finally { setBufferPoolLimit(previous); }
}

describe('buffer reuse in the executor', () => {
  beforeEach(() => { tf.reset_default_graph(); clearBufferPool(); });

  // Host kernels only: XNNPACK keeps its values in the wasm heap, which is not the pool's.
  const hostOrders: BackendName<'CPU'>[][] = 'addon' in loadNative() ? [['reference'], ['native', 'reference']] : [['reference']];
  for (const order of hostOrders) it(`a repeated run takes its intermediate buffers from the pool instead of allocating them (${order[0]} kernels)`, () => withBackendOrder('CPU', order, () => {
    const x = tf.placeholder(tf.float32, [ROWS, COLS]);
    const h = tf.tanh(tf.nn.relu(x.mul(2)).add(1));
    const y = tf.reduce_sum(h.mul(h));
    tf.Session((sess) => {
      const feeds = new Map([[x, filled(0.5)]]);
      const first = counting(() => sess.run(y, feeds));
      assert.ok(first.allocated >= 2, `first run allocated ${first.allocated} big buffers`);
      for (let i = 0; i < 3; i++) {
        let sum = 0;
        const again = counting(() => { sum = sess.run(y, feeds).item() as number; });
        assert.ok(Math.abs(sum - ROWS * COLS * Math.tanh(2) ** 2) < 1, `sum ${sum}`);
        assert.equal(again.allocated, 0, 'a repeated run allocates no big buffer');
        assert.ok(again.reused >= 2, `a repeated run reused ${again.reused} buffers`);
      }
    });
  }));

  it('never reuses a fetched value, a fed array, a constant or a value kept by a variable', () => {
    const x = tf.placeholder(tf.float32, [ROWS, COLS]);
    const c = tf.constant(filled(3));
    const doubled = x.mul(2);
    const kept = tf.Variable(tf.zeros([ROWS, COLS]));
    const store = kept.assign(doubled.add(c));
    const aliased = tf.reshape(tf.identity(doubled), [COLS, ROWS]);
    const later = tf.nn.relu(aliased.mul(5));
    const total = tf.reduce_sum(doubled);
    tf.Session((sess) => {
      sess.run(tf.global_variables_initializer());
      const fed = filled(1);
      const [d1, a1] = sess.run([doubled, aliased, store], new Map([[x, fed]])) as NDArray[];
      const stored = sess.run(kept);
      for (let i = 0; i < 4; i++) sess.run([later, total], new Map([[x, filled(10 + i)]]));
      assert.ok((d1.values as Float32Array).every((v) => v === 2), 'a fetched value stays as it was');
      assert.ok((a1.values as Float32Array).every((v) => v === 2), 'a fetched alias stays as it was');
      assert.ok((fed.values as Float32Array).every((v) => v === 1), 'a fed array is never written');
      assert.ok((stored.values as Float32Array).every((v) => v === 5), 'the variable keeps the assigned value');
      assert.ok((sess.run(c).values as Float32Array).every((v) => v === 3), 'the constant is intact');
      const [r] = sess.run([later], new Map([[x, filled(1)]]));
      assert.ok((r.values as Float32Array).every((v) => v === 10));
    });
  });

  it('never reuses what a dataset built in a run still holds for the runs that iterate it', () => {
    const x = tf.placeholder(tf.float32, [ROWS, COLS]);
    const rows = x.mul(2);
    const iterator = tf.data.Dataset.from_tensor_slices(rows).make_initializable_iterator();
    const next = iterator.get_next() as tf.Tensor;
    const churn = tf.reduce_sum(tf.nn.relu(x.mul(3)).add(1));
    tf.Session((sess) => {
      sess.run(iterator.initializer, new Map([[x, filled(1)]]));
      for (let i = 0; i < 3; i++) {
        sess.run(churn, new Map([[x, filled(5)]]));
        assert.ok((sess.run(next).values as Float32Array).every((v) => v === 2), `row ${i} as the dataset got it`);
      }
    });
  });

  it('a value read after an alias of it (Identity, Reshape) is only reused once every reader ran', () => {
    const x = tf.placeholder(tf.float32, [ROWS, COLS]);
    const a = x.add(1);
    const viewed = tf.reshape(a, [COLS, ROWS]);
    const other = tf.nn.relu(x.mul(-1)).add(7);            // allocated after a's last direct read
    const y = tf.reduce_sum(tf.reshape(viewed, [ROWS, COLS]).add(other));
    tf.Session((sess) => {
      for (let i = 0; i < 3; i++) {
        const v = sess.run(y, new Map([[x, filled(i)]])).item() as number;
        assert.equal(v, ROWS * COLS * (i + 1 + 7));
      }
    });
  });

  for (const kind of ['ref', 'resource'] as const) it(`a training loop allocates no big buffer per step once warm; a weight fetched between steps keeps its values (${kind} variables)`, () => {
    const x = tf.placeholder(tf.float32, [ROWS, 32]);
    const w = tf.get_variable('w', [32, COLS], { initializer: tf.truncated_normal_initializer({ stddev: 0.1, seed: 5 }), use_resource: kind === 'resource' });
    const loss = tf.reduce_mean(tf.square(tf.matmul(x, w).sub(1)));
    const train = new tf.train.AdamOptimizer(0.01).minimize(loss);
    const feeds = new Map([[x, filled(0.25, [ROWS, 32])]]);
    tf.Session((sess) => {
      sess.run(tf.global_variables_initializer());
      for (let i = 0; i < 3; i++) sess.run(train, feeds);
      const warm = counting(() => { for (let i = 0; i < 3; i++) sess.run(train, feeds); });
      assert.equal(warm.allocated, 0, 'no big buffer allocated per step');
      const fetched = sess.run(w);
      const copy = Float32Array.from(fetched.values as Float32Array);
      for (let i = 0; i < 4; i++) sess.run(train, feeds);
      assert.deepEqual(fetched.values, copy, 'a fetched weight stays as it was');
      assert.notDeepEqual(sess.run(w).values, copy, 'the weight moved on');
    });
  });

  it('keeps at most its share of the memory budget: a session whose budget is small pools nothing, a larger one pools', () => withBackendOrder('CPU', ['reference'], () => {
    assert.equal(bufferPoolLimit(), Math.floor(memoryLimitBytes() * POOL_SHARE_OF_BUDGET));
    const x = tf.placeholder(tf.float32, [ROWS, COLS]);
    const y = tf.reduce_sum(tf.tanh(tf.nn.relu(x.mul(2)).add(1)));
    const value = ROWS * COLS * 4;
    const runs = (memory_limit: number) => {
      clearBufferPool();
      const sess = tf.Session({ config: { memory_limit } });
      const feeds = new Map([[x, filled(1)]]);
      sess.run(y, feeds);
      const pooled = pooledBufferBytes();
      const again = counting(() => sess.run(y, feeds));
      return { pooled, ...again };
    };
    // Under a budget of 2 values the pool's share is half a value: nothing fits, every run allocates anew.
    const small = runs(2 * value);
    assert.equal(small.pooled, 0);
    assert.equal(small.reused, 0);
    assert.ok(small.allocated >= 2, `allocated ${small.allocated}`);
    // Under 64 values the dead ones (a few) wait in the pool and the next run takes them.
    const large = runs(64 * value);
    assert.ok(large.pooled > 0 && large.pooled <= 16 * value, `pooled ${large.pooled}`);
    assert.equal(large.allocated, 0);
    assert.ok(large.reused >= 2, `reused ${large.reused}`);
    // A run under a smaller budget than the pool was filled for starts with it emptied.
    tf.Session({ config: { memory_limit: 2 * value } }).run(tf.constant(1));
    assert.equal(pooledBufferBytes(), 0);
  }));

  it('reuses the buffers of values that die inside a while loop body, with the loop computing the same', () => {
    const x = tf.placeholder(tf.float32, [ROWS, COLS]);
    const steps = 6;
    // Each iteration makes three big temporaries; the loop variable and the invariant x live on.
    const [, total] = tf.while_loop((i: tf.Tensor) => tf.less(i, steps),
      (i: tf.Tensor, acc: tf.Tensor) => [tf.add(i, 1), acc.add(tf.tanh(x.mul(0.5)).mul(2).sub(x))],
      [tf.constant(0), tf.zeros([ROWS, COLS])]) as tf.Tensor[];
    const y = tf.reduce_sum(total);
    const expected = (v: number) => ROWS * COLS * steps * (2 * Math.tanh(v * 0.5) - v);
    for (const order of hostOrders) withBackendOrder('CPU', order, () => tf.Session((sess) => {
      for (let r = 0; r < 3; r++) {
        const fed = filled(r + 1);
        let sum = 0;
        const counts = counting(() => { sum = sess.run(y, new Map([[x, fed]])).item() as number; });
        assert.ok(Math.abs(sum - expected(r + 1)) < 1e-3 * Math.abs(expected(r + 1)) + 1, `run ${r} (${order[0]}): sum ${sum}, expected ${expected(r + 1)}`);
        assert.ok((fed.values as Float32Array).every((v) => v === r + 1), 'the fed array (a loop invariant) is never written');
        // Without reuse each run allocates about 4 big buffers per iteration; with it, a handful in all.
        assert.ok(counts.reused >= 3 * (steps - 1), `run ${r} (${order[0]}): reused ${counts.reused}, allocated ${counts.allocated}`);
        if (r > 0) assert.ok(counts.allocated <= 2, `run ${r} (${order[0]}): allocated ${counts.allocated}`);
      }
    }));
  });

  it('never reuses, inside a while loop, a loop invariant, a value a fetch returns or the accumulated loop variable', () => {
    const x = tf.placeholder(tf.float32, [ROWS, COLS]);
    const c = x.mul(3);                                        // computed before the loop, an invariant inside it
    const [, acc] = tf.while_loop((i: tf.Tensor) => tf.less(i, 4),
      (i: tf.Tensor, a: tf.Tensor) => [tf.add(i, 1), a.add(tf.nn.relu(c.mul(1)))],
      [tf.constant(0), tf.zeros([ROWS, COLS])]) as tf.Tensor[];
    tf.Session((sess) => {
      const [cv, av] = sess.run([c, acc], new Map([[x, filled(1)]])) as NDArray[];
      for (let r = 0; r < 3; r++) sess.run(tf.reduce_sum(acc), new Map([[x, filled(7)]]));
      assert.ok((cv.values as Float32Array).every((v) => v === 3), 'the fetched invariant stays as it was');
      assert.ok((av.values as Float32Array).every((v) => v === 12), 'the fetched loop result stays as it was');
      const again = sess.run(acc, new Map([[x, filled(2)]]));
      assert.ok((again.values as Float32Array).every((v) => v === 24));
    });
  });

  it('closing a session empties the pool', () => withBackendOrder('CPU', ['reference'], () => {
    const x = tf.placeholder(tf.float32, [ROWS, COLS]);
    const y = tf.reduce_sum(tf.nn.relu(x.mul(2)).add(1));
    const sess = tf.Session();
    sess.run(y, new Map([[x, filled(1)]]));
    assert.ok(pooledBufferBytes() > 0, 'dead values wait in the pool for the next run');
    sess.close();
    assert.equal(pooledBufferBytes(), 0);
  }));

  it('hands a pooled buffer over zeroed, except to NDArray.empty, whose maker writes every element', () => {
    releaseBuffer(new Float32Array(ROWS * COLS).fill(Number.NaN));
    const zeroed = new NDArray(tf.float32, [ROWS, COLS]);
    assert.ok((zeroed.values as Float32Array).every((v) => v === 0));
    releaseBuffer(zeroed.values as Float32Array);
    (zeroed.values as Float32Array).fill(7);
    const empty = NDArray.empty(tf.float32, [ROWS, COLS]);
    assert.equal(empty.values, zeroed.values, 'the pooled buffer itself, as it was');
    assert.ok((empty.values as Float32Array).every((v) => v === 7));
  });

  it('trains a small CNN the same with reuse as without it (the kernels that take unzeroed buffers write all of them)', () => {
    const x = tf.placeholder(tf.float32, [8, 12, 12, 1]);
    const w1 = tf.Variable(tf.truncated_normal([3, 3, 1, 16], { stddev: 0.3, seed: 5 }));
    const w2 = tf.Variable(tf.truncated_normal([6 * 6 * 16, 4], { stddev: 0.1, seed: 6 }));
    const b1 = tf.Variable(tf.zeros([16]));
    const h = tf.nn.max_pool(tf.nn.relu(tf.nn.bias_add(tf.nn.conv2d(x, w1, [1, 1, 1, 1], 'SAME'), b1)), [1, 2, 2, 1], [1, 2, 2, 1], 'SAME');
    const logits = tf.matmul(tf.reshape(h, [8, 6 * 6 * 16]), w2);
    const labels = tf.one_hot(tf.constant(Int32Array.from([0, 1, 2, 3, 0, 1, 2, 3])), 4);
    const loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2({ labels, logits }));
    const train = new tf.train.AdamOptimizer(0.01).minimize(loss);
    const input = new NDArray(tf.float32, [8, 12, 12, 1]);
    (input.values as Float32Array).forEach((_, i, v) => { v[i] = Math.cos(i * 0.37); });
    const losses = (poolLimit: number) => trainingLosses(poolLimit, 4, train, loss, new Map([[x, input]]));
    const without = losses(0);
    const before = bufferCounts.reused;
    const withReuse = losses(1 << 30);
    assert.ok(bufferCounts.reused > before, 'the conv net reused buffers');
    assert.deepEqual(withReuse, without);
  });

  it('trains the same with reuse as without it', () => {
    const x = tf.placeholder(tf.float32, [ROWS, 32]);
    const w1 = tf.Variable(tf.truncated_normal([32, COLS], { stddev: 0.1, seed: 3 }));
    const w2 = tf.Variable(tf.truncated_normal([COLS, 4], { stddev: 0.1, seed: 4 }));
    const loss = tf.reduce_mean(tf.square(tf.matmul(tf.nn.relu(tf.matmul(x, w1)), w2).sub(1)));
    const train = new tf.train.GradientDescentOptimizer(0.05).minimize(loss);
    const input = new NDArray(tf.float32, [ROWS, 32]);
    (input.values as Float32Array).forEach((_, i, v) => { v[i] = Math.sin(i); });
    const losses = (poolLimit: number) => trainingLosses(poolLimit, 5, train, loss, new Map([[x, input]]));
    const before = bufferCounts.reused;
    const without = losses(0);
    assert.equal(bufferCounts.reused, before, 'no reuse with an empty pool');
    const withReuse = losses(1 << 30);
    assert.ok(bufferCounts.reused > before);
    assert.deepEqual(withReuse, without);
    assert.ok(withReuse[4] < withReuse[0]);
  });
});
