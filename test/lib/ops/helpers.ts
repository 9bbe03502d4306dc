// Shared helpers for the op tests: run a tensor in a fresh session, list node names, compare floats.
import assert from 'node:assert/strict';
import * as tf from '../../../lib';

export function run(t: tf.Tensor, feeds?: tf.FeedDict): tf.NDArray {
  const sess = new tf.Session();
  try { return sess.run(t, feeds); } finally { sess.close(); }
}

/** `name:Type` of every node of the default graph, in creation order. */
export function nodes(): string[] {
  return tf.get_default_graph().get_operations().map((o) => `${o.name}:${o.type}`);
}

export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-5): void {
  assert.equal(actual.length, expected.length, `length ${actual.length} vs ${expected.length}`);
  for (let i = 0; i < actual.length; i++) {
    assert.ok(Math.abs(actual[i] - expected[i]) <= tol * Math.max(1, Math.abs(expected[i])), `element ${i}: ${actual[i]} vs ${expected[i]}`);
  }
}
