// Gradient clipping as TF 1.15 builds it: global_norm, clip_by_global_norm and clip_by_average_norm
// (node names, the NaN rule for a non-finite norm, TF's TypeError for a non-list; values from numpy).
import assert from 'node:assert/strict';
import * as tf from '../../../lib';
import { assertClose, run } from './helpers';

describe('clip_ops: global and average norm clipping', () => {
  beforeEach(() => tf.reset_default_graph());

  it('global_norm is sqrt(2 * sum of L2Loss) named global_norm/global_norm, None entries skipped', () => {
    const a = tf.constant([[1, 2], [3, 4]], { dtype: tf.float32 });
    const b = tf.constant([5, -6], { dtype: tf.float32 });
    const n = tf.global_norm([a, null, b]);
    assert.equal(n.op.name, 'global_norm/global_norm');
    assert.equal(n.op.type, 'Sqrt');
    const types = tf.get_default_graph().get_operations().map((o) => o.type);
    assert.equal(types.filter((t) => t === 'L2Loss').length, 2);
    assertClose(run(n).values, [9.539392]);
    assert.throws(() => tf.global_norm(a as unknown as tf.Tensor[]), /t_list should be a sequence/);
  });

  it('clip_by_global_norm scales every tensor by clip_norm / max(norm, clip_norm) and returns the norm', () => {
    const a = tf.constant([[1, 2], [3, 4]], { dtype: tf.float32 });
    const b = tf.constant([5, -6], { dtype: tf.float32 });
    const [[ca, none, cb], norm] = tf.clip_by_global_norm([a, null, b], 2.0);
    assert.equal(none, null);
    assert.equal(ca!.op.name, 'clip_by_global_norm/clip_by_global_norm/_0');
    assert.equal(cb!.op.name, 'clip_by_global_norm/clip_by_global_norm/_2');
    assert.equal(norm.op.name, 'global_norm/global_norm');
    assertClose(run(ca!).values, [0.20965695, 0.41931391, 0.62897086, 0.83862782]);
    assertClose(run(cb!).values, [1.04828477, -1.25794172]);
    // Under the clip norm nothing changes; a given use_norm replaces the computed one.
    const [[same]] = tf.clip_by_global_norm([b], 100, { name: 'big' });
    assertClose(run(same!).values, [5, -6]);
    const [[half]] = tf.clip_by_global_norm([b], 1, { use_norm: tf.constant(2, { dtype: tf.float32 }) });
    assertClose(run(half!).values, [2.5, -3]);
    // A non-finite norm makes every clipped value NaN.
    const [[nan]] = tf.clip_by_global_norm([tf.constant([1, Infinity], { dtype: tf.float32 })], 1);
    assert.ok(Array.from(run(nan!).values).every((v) => Number.isNaN(v)));
  });

  it('clip_by_global_norm passes gradients through the scale', () => {
    const x = tf.constant([3, 4], { dtype: tf.float32 });
    const [[c]] = tf.clip_by_global_norm([x], 1);
    const [g] = (tf.gradients(tf.reduce_sum(c!), x) as tf.Tensor[]);
    // d/dx of sum(x) / |x| = 1/|x| - sum(x) x / |x|^3 at (3, 4).
    assertClose(run(g!).values, [0.032, -0.024]);
  });

  it('clip_by_average_norm clips by the L2 norm over the element count, an Identity named clip_by_average_norm', () => {
    const t = tf.constant([[3, 4], [0, 0]], { dtype: tf.float32 });
    const c = tf.clip_by_average_norm(t, 0.5);
    assert.equal(c.op.name, 'clip_by_average_norm');
    assert.equal(c.op.type, 'Identity');
    assertClose(run(c).values, [1.2, 1.6, 0, 0]);
    assertClose(run(tf.clip_by_average_norm(t, 2.0)).values, [3, 4, 0, 0]);
  });
});
