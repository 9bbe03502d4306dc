/**
 * Child process of crash_safety.test.ts: saves checkpoints in a loop until killed.
 * argv: <dir>. Each checkpoint's variables all hold its step number; prints `saved <step>` after each.
 */
import * as path from 'path';
import * as tf from '../../../lib/index';
import * as train from '../../../lib/train';
import { NDArray } from '../../../lib/runtime/ndarray';

const dir = process.argv[2];
const prefix = path.join(dir, 'model.ckpt');
const big = tf.Variable(tf.zeros([200000]), { name: 'big' });
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
  big.load(new Float32Array(200000).fill(step), sess);
  steps.load(NDArray.from(new Array(10).fill(step), 'int64'), sess);
  label.load(NDArray.fromStrings([`step ${step}`, 'x'.repeat(step % 50)]), sess);
  saver.save(sess, prefix, { global_step: step });
  process.stdout.write(`saved ${step}\n`);
}
