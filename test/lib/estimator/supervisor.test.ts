// tf.train.Supervisor and tf.train.basic_train_loop, restating TF 1.15's supervisor_test.py: managed sessions (errors
// re-raised, OutOfRange a clean stop), the events the chief writes (graph, meta graph, START, summaries,
// global_step/sec, CHECKPOINT, STOP), checkpoints in logdir and the restore on the next run, services due by time.
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '../../../lib';
import { clock } from '../../../lib/train/clock';
import type { Event } from '../../../lib/proto';

const dirs: string[] = [];
function logdir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'scopeflow-sv-'));
  dirs.push(d);
  return d;
}
function events(dir: string): Event[] {
  return fs.readdirSync(dir).filter((f) => f.startsWith('events.out.tfevents')).sort()
    .flatMap((f) => [...tf.train.summary_iterator(path.join(dir, f))]);
}
/** Each event as a short label: 'graph', 'meta', 'START@123', 'summary@123:c1,c2', ... */
function labels(dir: string): string[] {
  const statuses = ['UNSPECIFIED', 'START', 'STOP', 'CHECKPOINT'];
  return events(dir).flatMap((e) => {
    if (e.file_version) return [];
    if (e.graph_def) return ['graph'];
    if (e.meta_graph_def) return ['meta'];
    if (e.session_log) return [`${statuses[e.session_log.status ?? 0]}${e.step ? `@${e.step}` : ''}`];
    if (e.summary) return [`summary@${e.step ?? 0}:${e.summary.value!.map((v) => v.tag).join(',')}`];
    return ['?'];
  });
}

describe('tf.train.Supervisor', () => {
  const realNow = clock.now;
  afterEach(() => { clock.now = realNow; });
  after(() => { for (const d of dirs) fs.rmSync(d, { recursive: true, force: true }); });

  it('managed_session: a session for the body, then stopped; a user error is raised again, OutOfRange ends it cleanly', () => {
    tf.reset_default_graph();
    const myOp = tf.constant(1.0);
    const sv = new tf.train.Supervisor({ logdir: logdir() });
    sv.managed_session('', (sess) => { for (let i = 0; i < 10; i++) sess.run(myOp); });
    assert.ok(sv.should_stop());
    let lastStep = 0;
    assert.throws(() => sv.managed_session((sess) => {
      for (let step = 0; step < 10; step++) { lastStep = step; if (step === 1) throw new tf.RuntimeError('failing here'); sess.run(myOp); }
    }), { message: 'failing here' });
    assert.equal(lastStep, 1);
    sv.managed_session((sess) => {
      for (let step = 0; step < 10; step++) { lastStep = step; if (step === 3) throw new tf.errors.OutOfRangeError(null, null, 'all done'); sess.run(myOp); }
    });
    assert.equal(lastStep, 3);
    const handle = sv.managed_session();
    assert.equal(handle.value.run(myOp).item(), 1);
    handle.exit();
    assert.ok(sv.should_stop());
  });

  it('the chief writes the graph, summary_computed\'s summary and STOP; no logdir means no writer', () => {
    const dir = logdir();
    tf.reset_default_graph();
    const summ = tf.summary.scalar('c1', tf.constant(1));
    const sv = tf.train.Supervisor({ logdir: dir, summary_op: null });
    const sess = sv.prepare_or_wait_for_session('');
    sv.summary_computed(sess, sess.run(summ));
    sess.close();
    sv.stop();
    assert.deepEqual(labels(dir), ['graph', 'meta', 'summary@0:c1', 'STOP']);
    assert.ok(fs.existsSync(path.join(dir, 'graph.pbtxt')));
    assert.ok(tf.get_default_graph().finalized);

    tf.reset_default_graph();
    const s2 = tf.summary.scalar('c1', tf.constant(1));
    const noLog = new tf.train.Supervisor({ logdir: '', summary_op: null });
    const sess2 = noLog.prepare_or_wait_for_session('');
    assert.throws(() => noLog.summary_computed(sess2, sess2.run(s2)), { name: 'RuntimeError', message: 'Writing a summary requires a summary writer.' });
    noLog.stop();
  });

  it('standard services with a global step: START, summaries, global_step/sec, a checkpoint at the step; restored next time', () => {
    const dir = logdir();
    const build = () => {
      tf.reset_default_graph();
      const step = tf.Variable(123, { name: 'global_step', trainable: false, dtype: tf.int64 });
      const v = tf.Variable(1.0, { name: 'v' });
      tf.summary.scalar('c1', tf.constant(1));
      tf.summary.scalar('c2', tf.constant(2));
      return { step, v, inc: step.assign_add(1), bump: v.assign_add(1) };
    };
    let t = 1000;
    clock.now = () => t;
    const { inc, bump } = build();
    const sv = new tf.train.Supervisor({ logdir: dir, save_summaries_secs: 10, save_model_secs: 30 });
    assert.equal(sv.global_step!.op.name, 'global_step');
    sv.managed_session((sess) => {
      for (let i = 0; i < 5; i++) { sess.run([inc, bump]); t += 3; sv.should_stop(); }
    });
    // Step 123 at the start; after 5 steps of 3 s (t = 1015) the summaries ran again at 1012 (step 127).
    assert.deepEqual(labels(dir), ['graph', 'meta', 'START@123', 'summary@123:c1,c2', 'summary@123:global_step/sec', 'CHECKPOINT@123',
      'summary@127:c1,c2', 'summary@127:global_step/sec', 'STOP']);
    const perSec = events(dir).filter((e) => e.summary?.value?.[0].tag === 'global_step/sec').map((e) => e.summary!.value![0].simple_value);
    assert.ok(Math.abs(perSec[1]! - 4 / 12) < 1e-6, String(perSec));
    assert.equal(path.basename(tf.train.latest_checkpoint(dir)!), 'model.ckpt-123');

    // The next supervisor of the same logdir restores model.ckpt-123 instead of initialising.
    const again = build();
    const sv2 = tf.train.Supervisor({ logdir: dir, save_model_secs: 0, save_summaries_secs: 0 });
    sv2.managed_session((sess) => {
      assert.equal(sess.run(again.v).item(), 1);
      assert.equal(sess.run(again.step).item(), 123);
    });
  });

  it('basic_train_loop runs steps until should_stop; loop() calls its target on its interval', () => {
    tf.reset_default_graph();
    const counter = tf.Variable(0, { name: 'counter' });
    const inc = counter.assign_add(1);
    const sv = new tf.train.Supervisor({ logdir: logdir(), save_model_secs: 0 });
    let steps = 0;
    tf.train.basic_train_loop(sv, (sess, limit) => { steps++; if ((sess.run(inc).item() as number) >= (limit as number)) sv.request_stop(); }, { args: [4] });
    assert.equal(steps, 4);
    let t = 0, calls = 0;
    clock.now = () => t;
    tf.reset_default_graph();
    const sv2 = new tf.train.Supervisor();
    sv2.loop(5, () => { calls++; });
    for (let i = 0; i < 12; i++) { t += 1; sv2.should_stop(); }
    assert.equal(calls, 3);
    assert.equal(tf.train.Supervisor.USE_DEFAULT, 0);
  });

  it('a non-chief refuses variables without a device', () => {
    tf.reset_default_graph();
    tf.Variable(1, { name: 'w' });
    assert.throws(() => new tf.train.Supervisor({ is_chief: false }), { name: 'ValueError', message: /When using replicas, all Variables must have their device set: w/ });
  });
});
