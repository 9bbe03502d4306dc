/** tf.estimator and tf.train's MonitoredTrainingSession and hooks (estimator_test, basic_session_run_hooks_test restated). */
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '../../../lib';
import { cleanup, tmpDir } from '../train/helpers';
import { clock } from '../../../lib/train/clock';

const xs = Array.from({ length: 32 }, (_, i) => [i / 32]);
const ys = xs.map(([x]) => [3 * x - 1]);

const model_fn: tf.estimator.ModelFn = (features, labels, mode, params) => {
  const x = tf.cast((features as Record<string, tf.Tensor>).x, tf.float32);
  const pred = tf.layers.dense(x, 1);
  if (mode === tf.estimator.ModeKeys.PREDICT) return new tf.estimator.EstimatorSpec(mode, { predictions: { y: pred } });
  const y = tf.cast(labels!, tf.float32);
  const loss = tf.losses.mean_squared_error(y, pred);
  const train_op = new tf.train.GradientDescentOptimizer(params.lr as number).minimize(loss, { global_step: tf.train.get_global_step()! });
  return new tf.estimator.EstimatorSpec(mode, { loss, train_op, eval_metric_ops: { mae: tf.metrics.mean_absolute_error(y, pred) } });
};

function quiet<T>(fn: () => T): { value: T; lines: string[] } {
  const lines: string[] = [];
  const prev = tf.train.setLogSink((level, m) => lines.push(`${level}:${m}`));
  try { return { value: fn(), lines }; } finally { tf.train.setLogSink(prev); }
}

describe('tf.estimator', () => {
  after(cleanup);
  const config = new tf.estimator.RunConfig({ save_checkpoints_steps: 50, log_step_count_steps: 50, save_summary_steps: 10, tf_random_seed: 1 });
  const trainInput = tf.estimator.inputs.numpy_input_fn({ x: xs }, { y: ys, batch_size: 8, num_epochs: null, shuffle: true });

  it('EstimatorSpec checks what each mode needs', () => {
    tf.reset_default_graph();
    const loss = tf.constant(1.5);
    assert.throws(() => new tf.estimator.EstimatorSpec(tf.estimator.ModeKeys.TRAIN, { loss }), /Missing train_op\./);
    assert.throws(() => new tf.estimator.EstimatorSpec(tf.estimator.ModeKeys.EVAL, {}), /Missing loss\./);
    assert.throws(() => new tf.estimator.EstimatorSpec(tf.estimator.ModeKeys.PREDICT, {}), /Missing predictions\./);
    assert.throws(() => new tf.estimator.EstimatorSpec(tf.estimator.ModeKeys.EVAL, { loss: tf.constant([1, 2]) }), /Loss must be scalar/);
    assert.throws(() => tf.estimator.inputs.numpy_input_fn({ x: xs }, { y: ys }), /shuffle must be provided and explicitly set as boolean/);
  });

  it('train writes TF\'s model_dir, resumes, stops at max_steps; evaluate writes eval/; predict yields examples', () => {
    const dir = tmpDir('estimator');
    const est = new tf.estimator.Estimator(model_fn, dir, config, { lr: 0.5 });
    const { lines } = quiet(() => est.train(trainInput, { steps: 120 }));
    const files = fs.readdirSync(dir);
    for (const f of ['checkpoint', 'graph.pbtxt', 'model.ckpt-0.index', 'model.ckpt-50.index', 'model.ckpt-100.index', 'model.ckpt-120.index', 'model.ckpt-120.meta']) assert.ok(files.includes(f), `${f} in ${files}`);
    assert.equal(path.basename(est.latest_checkpoint()!), 'model.ckpt-120');
    assert.ok(lines.some((l) => /^INFO:loss = [\d.e-]+, step = 0$/.test(l)), lines.join('\n'));
    assert.ok(lines.some((l) => /^INFO:loss = [\d.e-]+, step = 50 \(\d+\.\d{3} sec\)$/.test(l)), lines.join('\n'));
    assert.ok(lines.some((l) => /^INFO:global_step\/sec: /.test(l)));
    assert.ok(lines.some((l) => /^INFO:Loss for final step: /.test(l)));
    const events = fs.readdirSync(dir).filter((f) => f.startsWith('events.out.tfevents.')).flatMap((f) => [...tf.train.summary_iterator(path.join(dir, f))]);
    const tags = new Set(events.flatMap((e) => (e.summary?.value ?? []).map((v) => v.tag)));
    assert.ok(tags.has('loss') && tags.has('global_step/sec'), [...tags].join(', '));
    assert.ok(events.some((e) => e.graph_def) && events.some((e) => e.meta_graph_def));

    quiet(() => est.train(trainInput, { max_steps: 150 }));
    assert.equal(path.basename(est.latest_checkpoint()!), 'model.ckpt-150');
    const skipped = quiet(() => est.train(trainInput, { max_steps: 100 })).lines;
    assert.ok(skipped.includes('INFO:Skipping training since max_steps has already saved.'));

    const result = quiet(() => est.evaluate(tf.estimator.inputs.numpy_input_fn({ x: xs }, { y: ys, batch_size: 8, shuffle: false }))).value;
    assert.equal(result.global_step, 150);
    assert.ok(result.loss < 1e-3 && result.mae < 0.05, JSON.stringify(result));
    const evalEvents = fs.readdirSync(path.join(dir, 'eval')).flatMap((f) => [...tf.train.summary_iterator(path.join(dir, 'eval', f))]);
    const evalValues = evalEvents.flatMap((e) => (e.summary?.value ?? []).map((v) => [e.step, v.tag]));
    assert.deepEqual(evalValues.sort(), [[150, 'loss'], [150, 'mae']]);

    const preds = [...est.predict(tf.estimator.inputs.numpy_input_fn({ x: [[0], [1]] }, { shuffle: false }))] as Record<string, tf.NDArray>[];
    assert.equal(preds.length, 2);
    assert.ok(Math.abs(Number(preds[0].y.item()) + 1) < 0.05 && Math.abs(Number(preds[1].y.item()) - 2) < 0.05);
    assert.ok(Math.abs(Number(est.get_variable_value('dense/kernel').item()) - 3) < 0.1);
  });

  it('binds as TF 1.15 declares it: classes without new, train/evaluate/predict and numpy_input_fn by keyword', () => {
    const dir = tmpDir('estimator-keywords');
    const est = tf.estimator.Estimator({ model_fn, model_dir: dir, config: tf.estimator.RunConfig({ save_checkpoints_steps: 20, tf_random_seed: 2 }), params: { lr: 0.5 } });
    assert.ok(est instanceof tf.estimator.Estimator);
    const input_fn = tf.estimator.inputs.numpy_input_fn({ x: { x: xs }, y: ys, batch_size: 8, num_epochs: null, shuffle: true });
    // Typed arrays count their rows as arrays do.
    tf.reset_default_graph();
    const typed = tf.estimator.inputs.numpy_input_fn({ x: { x: xs }, y: Float32Array.from(ys.map(([y]) => y)), batch_size: 8, shuffle: false })() as tf.data.Dataset;
    const [features, label] = typed.make_one_shot_iterator().get_next() as [Record<string, tf.Tensor>, tf.Tensor];
    assert.deepEqual([features.x.shape.as_list(), label.shape.as_list()], [[null, 1], [null]]);
    quiet(() => est.train({ input_fn, steps: 20 }));
    assert.equal(path.basename(est.latest_checkpoint()!), 'model.ckpt-20');
    const result = quiet(() => est.evaluate({ input_fn: tf.estimator.inputs.numpy_input_fn({ x: { x: xs }, y: ys, shuffle: false }), name: 'kw' })).value;
    assert.equal(result.global_step, 20);
    assert.ok(fs.existsSync(path.join(dir, 'eval_kw')));
    const preds = [...est.predict({ input_fn: tf.estimator.inputs.numpy_input_fn({ x: { x: [[0]] }, shuffle: false }), yield_single_examples: true })];
    assert.equal(preds.length, 1);
    assert.throws(() => est.train({ input_fn, step: 3 } as never), { name: 'TypeError', message: "train() got an unexpected keyword argument 'step'" });
    tf.reset_default_graph();
    const spec = tf.estimator.EstimatorSpec({ mode: tf.estimator.ModeKeys.PREDICT, predictions: tf.constant(1) });
    assert.ok(spec instanceof tf.estimator.EstimatorSpec && spec.mode === 'infer');
  });

  it('MonitoredTrainingSession: initialises or restores, runs hooks, stops at the step or at the end of input', () => {
    const dir = tmpDir('monitored');
    const build = () => {
      tf.reset_default_graph();
      const step = tf.train.get_or_create_global_step();
      const data = tf.data.Dataset.range(5).make_one_shot_iterator().get_next() as tf.Tensor;
      const total = tf.get_variable('total', [], { dtype: tf.int64, initializer: tf.zeros_initializer() });
      const train = tf.group([total.assign_add(data), (step as tf.Variable).assign_add(1)]);
      return { step, train, total };
    };
    let m = build();
    let seen = 0;
    const final = tf.train.FinalOpsHook(m.total);
    tf.train.MonitoredTrainingSession({ checkpoint_dir: dir, save_checkpoint_steps: 2, hooks: [new tf.train.StopAtStepHook({ last_step: 3 }), final] }, (sess) => {
      while (!sess.should_stop()) { sess.run(m.train); seen++; }
      // As TF: a stopped session runs nothing more.
      assert.throws(() => sess.run(m.total), /Run called even after should_stop requested\./);
    });
    assert.equal(seen, 3);
    assert.equal((final.final_ops_values as tf.NDArray).item(), 0 + 1 + 2);
    assert.equal(path.basename(tf.train.latest_checkpoint(dir)!), 'model.ckpt-3');
    // A new session restores step 3 and total 3, then runs until the dataset ends.
    m = build();
    seen = 0;
    tf.train.MonitoredTrainingSession({ checkpoint_dir: dir, save_checkpoint_steps: 100 }, (sess) => {
      assert.equal((sess.run(m.total) as tf.NDArray).item(), 3);
      for (;;) { sess.run(m.train); seen++; }
    });
    assert.equal(seen, 5);
    assert.equal(path.basename(tf.train.latest_checkpoint(dir)!), 'model.ckpt-8');
    assert.throws(() => new tf.train.StopAtStepHook({}), /One of num_steps or last_step must be specified/);
  });

  it('RunConfig as TF 1.15: 600 s by default, steps or secs (setting one clears the other), checked values', () => {
    const d = tf.estimator.RunConfig();
    assert.deepEqual([d.save_checkpoints_secs, d.save_checkpoints_steps, d.session_config, d.keep_checkpoint_every_n_hours], [600, null, null, 10000]);
    const withSteps = d.replace({ save_checkpoints_steps: 100 });
    assert.deepEqual([withSteps.save_checkpoints_steps, withSteps.save_checkpoints_secs], [100, null]);
    const withSecs = withSteps.replace({ save_checkpoints_secs: 200 });
    assert.deepEqual([withSecs.save_checkpoints_steps, withSecs.save_checkpoints_secs], [null, 200]);
    const none = tf.estimator.RunConfig({ save_checkpoints_steps: null });
    assert.deepEqual([none.save_checkpoints_steps, none.save_checkpoints_secs], [null, null]);
    assert.deepEqual([d.replace({ save_checkpoints_secs: null }).save_checkpoints_secs, d.replace({ save_checkpoints_steps: null }).save_checkpoints_secs], [null, 600]);
    const session_config = tf.ConfigProto({ allow_soft_placement: true });
    const c = tf.estimator.RunConfig({ save_checkpoints_secs: 14, session_config, keep_checkpoint_every_n_hours: 17 });
    assert.deepEqual([c.save_checkpoints_secs, c.session_config, c.keep_checkpoint_every_n_hours], [14, session_config, 17]);
    const both = '`save_checkpoints_steps` and `save_checkpoints_secs` cannot be both set.';
    assert.throws(() => tf.estimator.RunConfig({ save_checkpoints_steps: 100, save_checkpoints_secs: 200 }), { name: 'ValueError', message: both });
    assert.throws(() => d.replace({ save_checkpoints_steps: 100, save_checkpoints_secs: 200 }), { name: 'ValueError', message: both });
    assert.throws(() => tf.estimator.RunConfig({ save_checkpoints_secs: -1 }), { name: 'ValueError', message: 'save_checkpoints_secs should be >= 0' });
    assert.throws(() => tf.estimator.RunConfig({ save_checkpoints_steps: -1 }), { name: 'ValueError', message: 'save_checkpoints_steps should be >= 0' });
    assert.throws(() => tf.estimator.RunConfig({ session_config: {} as never }), { name: 'ValueError', message: 'session_config must be instance of ConfigProto' });
    assert.throws(() => tf.estimator.RunConfig({ keep_checkpoint_every_n_hours: 0 }), { name: 'ValueError', message: 'keep_checkpoint_every_n_hours should be > 0' });
    assert.throws(() => tf.estimator.RunConfig({ model_dir: '' }), { name: 'ValueError', message: 'model_dir should be non-empty' });
    assert.throws(() => tf.estimator.RunConfig({ tf_random_seed: 1.5 }), { name: 'ValueError', message: 'tf_random_seed must be integer.' });
    assert.throws(() => d.replace({ master: 'x' } as never), { name: 'ValueError', message: /^Replacing master is not supported/ });
  });

  it('save_checkpoints_secs saves as the training clock says; session_config reaches the sessions', () => {
    const dir = tmpDir('estimator-secs');
    let now = 1000;
    // Each training step moves the test's clock 7 s on, after the saver's hook looked (TF runs the model's hooks
    // after MonitoredTrainingSession's): step k's hook sees t = 1000 + 7(k-1), so a 30 s period saves at 6 and 11.
    const prevNow = clock.now;
    clock.now = () => now;
    const configs: unknown[] = [];
    const ticking: tf.estimator.ModelFn = (features, labels, mode, params, cfg) => {
      const spec = model_fn(features, labels, mode, params, cfg);
      if (mode !== tf.estimator.ModeKeys.TRAIN) return spec;
      const tick = new (class extends tf.train.SessionRunHook {
        override after_create_session(session: tf.Session) { configs.push(session.config); }
        override after_run() { now += 7; }
      })();
      return new tf.estimator.EstimatorSpec(mode, { loss: spec.loss, train_op: spec.train_op, training_hooks: [tick] });
    };
    try {
      const session_config = tf.ConfigProto({ allow_soft_placement: true });
      const est = new tf.estimator.Estimator(ticking, dir, tf.estimator.RunConfig({ save_checkpoints_secs: 30, session_config, tf_random_seed: 3 }), { lr: 0.5 });
      const { lines } = quiet(() => est.train(trainInput, { steps: 12 }));
      const saved = lines.filter((l) => l.startsWith('INFO:Saving checkpoints for')).map((l) => Number(/for (\d+) into/.exec(l)![1]));
      assert.deepEqual(saved, [0, 6, 11, 12]);
      assert.deepEqual(configs, [session_config]);
    } finally {
      clock.now = prevNow;
    }
    // No checkpoints at all when both are null (TF's way to turn them off).
    const off = tmpDir('estimator-no-ckpt');
    const est = new tf.estimator.Estimator(model_fn, off, tf.estimator.RunConfig({ save_checkpoints_steps: null, save_checkpoints_secs: null }), { lr: 0.5 });
    quiet(() => est.train(trainInput, { steps: 3 }));
    assert.equal(tf.train.latest_checkpoint(off), null);
  });

  it('NanTensorHook fails on a NaN loss', () => {
    tf.reset_default_graph();
    tf.train.get_or_create_global_step();
    const loss = tf.divide(tf.constant(0, { dtype: tf.float32 }), tf.constant(0, { dtype: tf.float32 }));
    assert.throws(() => tf.train.MonitoredTrainingSession({ hooks: [new tf.train.NanTensorHook(loss)] }, (sess) => { sess.run(loss); }), /NaN loss during training\./);
  });
});
