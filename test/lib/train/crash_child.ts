/**
 * Child process of crash_safety.test.ts: saves checkpoints in a loop until killed.
 * argv: <dir>. Each checkpoint's variables all hold its step number; prints `saving <step>` before
 * and `saved <step>` after each save.
 */
import * as path from 'path';
import * as tf from '../../../lib/index';
import * as train from '../../../lib/train';
import { NDArray } from '../../../lib/framework/ndarray';

// Only as a child process: loaded by a test runner glob it would save forever into a folder named after a flag.
if (require.main !== module || !process.argv[2] || process.argv[2].startsWith('-')) {
  throw new Error('crash_child.js runs as a child process of crash_safety.test.js: node crash_child.js <dir>');
}
const dir = process.argv[2];
const prefix = path.join(dir, 'model.ckpt');
const N = 1 << 20;
const big = tf.Variable(tf.zeros([N]), { name: 'big' });
const steps = tf.Variable(tf.zeros([10], tf.int64), { name: 'steps' });
const label = tf.Variable(tf.constant(NDArray.fromStrings(['', ''])), { name: 'label' });
const saver = new train.Saver(null, { max_to_keep: 3 });
const sess = new tf.Session();
sess.run(tf.global_variables_initializer());

const state = train.get_checkpoint_state(dir);
if (state) saver.recover_last_checkpoints(state.all_model_checkpoint_paths ?? []);
const latest = train.latest_checkpoint(dir);
let step = latest ? Number(/-(\d+)$/.exec(latest)![1]) : 0;
process.stdout.write('ready\n');
for (;;) {
  step++;
  big.load(new NDArray(tf.float32, [N], new Float32Array(N).fill(step)), sess);
  steps.load(NDArray.from(new Array(10).fill(step), 'int64'), sess);
  label.load(NDArray.fromStrings([`step ${step}`, 'x'.repeat(step % 50)]), sess);
  process.stdout.write(`saving ${step}\n`);
  saver.save(sess, prefix, { global_step: step });
  process.stdout.write(`saved ${step}\n`);
}
