import assert from 'node:assert/strict';
import * as tf from '../../../lib';

/** What `fn` writes to stderr. */
function stderrOf(fn: () => void): string {
  const original = process.stderr.write.bind(process.stderr);
  let text = '';
  process.stderr.write = ((chunk: string | Uint8Array) => { text += String(chunk); return true; }) as typeof process.stderr.write;
  try { fn(); } finally { process.stderr.write = original; }
  return text;
}

describe('tf.Print', () => {
  beforeEach(() => tf.reset_default_graph());

  it('passes its input through and prints the message and summarised values, first_n times', () => {
    const x = tf.constant([1, 2, 3, 4, 5], tf.float32);
    const y = tf.Print(x, [x, tf.shape(x)], { message: 'x is: ', first_n: 2 });
    assert.equal(y.op.type, 'Print');
    tf.Session((sess) => {
      const printed = stderrOf(() => { for (let i = 0; i < 3; i++) assert.deepEqual(sess.run(y).toArray(), [1, 2, 3, 4, 5]); });
      assert.equal(printed, 'x is: [1 2 3...][5]\nx is: [1 2 3...][5]\n');
    });
  });

  it('lets gradients through to its input', () => {
    const x = tf.constant([1, 2], tf.float32);
    const g = (tf.gradients(tf.reduce_sum(tf.Print(x, [x]).mul(3)), [x]) as tf.Tensor[])[0]!;
    tf.Session((sess) => stderrOf(() => assert.deepEqual(sess.run(g).toArray(), [3, 3])));
  });
});
