/**
 * tf.train.MonitoredTrainingSession, MonitoredSession, Scaffold, the session creators and the basic session
 * run hooks (monitored_session_test, basic_session_run_hooks_test, session_manager_test restated).
 */
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '../../../lib';
import { clock } from '../../../lib/train/clock';
import { cleanup, tmpDir } from '../train/helpers';

function quiet<T>(fn: () => T): { value: T; lines: string[] } {
  const lines: string[] = [];
  const prev = tf.train.setLogSink((level, m) => lines.push(`${level}:${m}`));
  try { return { value: fn(), lines }; } finally { tf.train.setLogSink(prev); }
}

/** Replaces the training clock for `fn`: time moves only when the test (or a sleep) moves it. */
function withClock<T>(fn: (advance: (secs: number) => void) => T): T {
  const saved = { ...clock };
  let now = 1000;
  clock.now = () => now;
  clock.sleep = (secs) => { now += secs; };
  try { return fn((secs) => { now += secs; }); } finally { Object.assign(clock, saved); }
}

const events = (dir: string) => fs.readdirSync(dir).filter((f) => f.startsWith('events.out.tfevents.')).flatMap((f) => [...tf.train.summary_iterator(path.join(dir, f))]);

/** A linear regression with a global step, as TF 1.x training programs build it. */
function classic() {
  tf.reset_default_graph();
  const global_step = tf.train.get_or_create_global_step();
  const x = tf.constant([[0], [1], [2], [3]]);
  const y = tf.constant([[-1], [1], [3], [5]]);
  const w = tf.get_variable('w', [1, 1], { initializer: tf.zeros_initializer() });
  const b = tf.get_variable('b', [1], { initializer: tf.zeros_initializer() });
  const loss = tf.reduce_mean(tf.square(tf.matmul(x, w).add(b).sub(y)));
  tf.summary.scalar('loss', loss);
  const train_op = tf.train.GradientDescentOptimizer(0.05).minimize(loss, { global_step });
  return { global_step, loss, train_op, w };
}

describe('tf.train.MonitoredTrainingSession and session hooks', () => {
  after(cleanup);

  it('a classic training program: StopAtStepHook, CheckpointSaverHook every k steps, LoggingTensorHook, until should_stop; a new session restores', () => {
    const dir = tmpDir('mts-classic');
    let m = classic();
    const hooks = [
      tf.train.StopAtStepHook({ last_step: 30 }),
      tf.train.CheckpointSaverHook(dir, { save_steps: 10 }),
      tf.train.LoggingTensorHook({ step: m.global_step, loss: m.loss }, { every_n_iter: 10 }),
    ];
    let runs = 0;
    const { lines } = quiet(() => {
      tf.logging.set_verbosity(tf.logging.INFO);
      try {
        // Positional, as in `MonitoredTrainingSession('', True, dir, None, hooks)`; no checkpoints by time.
        tf.train.MonitoredTrainingSession('', true, dir, null, hooks, { save_checkpoint_secs: null, log_step_count_steps: 10 }, (sess: tf.train.MonitoredSession) => {
          while (!sess.should_stop()) { sess.run(m.train_op); runs++; }
        });
      } finally { tf.logging.set_verbosity(tf.logging.WARN); }
    });
    assert.equal(runs, 30);
    const files = fs.readdirSync(dir);
    for (const f of ['checkpoint', 'graph.pbtxt', 'model.ckpt-0.index', 'model.ckpt-10.index', 'model.ckpt-20.index', 'model.ckpt-30.index', 'model.ckpt-30.meta']) assert.ok(files.includes(f), `${f} in ${files}`);
    assert.equal(path.basename(tf.train.latest_checkpoint(dir)!), 'model.ckpt-30');
    // The tags of an object log in sorted order, with the seconds since the previous line.
    assert.ok(lines.some((l) => /^INFO:loss = [\d.e-]+, step = 0$/.test(l)), lines.join('\n'));
    assert.ok(lines.some((l) => /^INFO:loss = [\d.e-]+, step = 20 \(\d+\.\d{3} sec\)$/.test(l)), lines.join('\n'));
    assert.ok(lines.includes('INFO:Saving checkpoints for 10 into ' + path.join(dir, 'model.ckpt') + '.'), lines.join('\n'));
    assert.ok(lines.some((l) => /^INFO:global_step\/sec: /.test(l)), lines.join('\n'));
    const evs = events(dir);
    const tags = new Set(evs.flatMap((e) => (e.summary?.value ?? []).map((v) => v.tag)));
    assert.ok(tags.has('loss') && tags.has('global_step/sec'), [...tags].join(', '));
    // SummarySaverHook's default 100 steps: the loss at the first step only.
    assert.deepEqual(evs.filter((e) => e.summary?.value?.some((v) => v.tag === 'loss')).map((e) => e.step), [1]);
    assert.deepEqual(evs.filter((e) => e.session_log?.status === 1).map((e) => e.step), [1]);   // START, after the first run
    assert.deepEqual(evs.filter((e) => e.session_log?.status === 3).map((e) => Number(e.step ?? 0)), [0, 10, 20, 30]);   // CHECKPOINT
    assert.ok(evs.some((e) => e.graph_def) && evs.some((e) => e.meta_graph_def));

    // A new program restores step 30 and the trained weight, and trains on to 40 (num_steps past the restored step).
    m = classic();
    const final = tf.train.FinalOpsHook({ step: m.global_step, w: m.w });
    quiet(() => tf.train.MonitoredTrainingSession({ checkpoint_dir: dir, hooks: [tf.train.StopAtStepHook({ num_steps: 10 }), final] }, (sess) => {
      assert.equal((sess.run(m.global_step) as tf.NDArray).item(), 30);
      while (!sess.should_stop()) sess.run(m.train_op);
    }));
    const values = final.final_ops_values as { step: tf.NDArray; w: tf.NDArray };
    assert.equal(values.step.item(), 40);
    assert.ok(Math.abs(Number(values.w.item()) - 2) < 0.3, String(values.w.item()));
    // The default save_checkpoint_secs=600 saved at the start and at the end only.
    assert.equal(path.basename(tf.train.latest_checkpoint(dir)!), 'model.ckpt-40');
    assert.ok(!fs.readdirSync(dir).includes('model.ckpt-35.index'));
    // The graph is open to changes again once the session is closed.
    assert.equal(tf.get_default_graph().finalized, false);
  });

  it('TF\'s defaults by the clock: checkpoints every 600 s, summaries every save_summaries_secs, logging every_n_secs', () => {
    const dir = tmpDir('mts-clock');
    const m = classic();
    const { lines } = quiet(() => withClock((advance) => {
      tf.logging.set_verbosity(tf.logging.INFO);
      try {
        return tf.train.MonitoredTrainingSession({
          checkpoint_dir: dir, save_summaries_secs: 30, log_step_count_steps: null,
          hooks: [tf.train.StopAtStepHook(null, 6), tf.train.LoggingTensorHook([m.loss.name], { every_n_secs: 100 })],
        }, (sess) => {
          for (const secs of [0, 10, 25, 601, 10, 10]) { advance(secs); sess.run(m.train_op); }
          assert.equal(sess.should_stop(), true);
        });
      } finally { tf.logging.set_verbosity(tf.logging.WARN); }
    }));
    const ckpts = tf.train.get_checkpoint_state(dir)!.all_model_checkpoint_paths!.map((p) => path.basename(p));
    // At the start, once 600 s had passed (after the 4th step), and at the end.
    assert.deepEqual(ckpts, ['model.ckpt-0', 'model.ckpt-4', 'model.ckpt-6']);
    const summarySteps = events(dir).filter((e) => e.summary?.value?.some((v) => v.tag === 'loss')).map((e) => e.step);
    assert.deepEqual(summarySteps, [1, 3, 4]);
    const logged = lines.filter((l) => l.startsWith('INFO:Mean:0 = '));
    assert.equal(logged.length, 2, lines.join('\n'));
    assert.match(logged[1], /\(636\.000 sec\)$/);
  });

  it('SecondOrStepTimer triggers by steps or seconds', () => {
    withClock((advance) => {
      const steps = tf.train.SecondOrStepTimer({ every_steps: 3 });
      assert.equal(steps.should_trigger_for_step(0), true);
      assert.deepEqual(steps.update_last_triggered_step(0), [null, null]);
      assert.equal(steps.should_trigger_for_step(0), false);
      assert.equal(steps.should_trigger_for_step(2), false);
      assert.equal(steps.should_trigger_for_step(3), true);
      advance(5);
      assert.deepEqual(steps.update_last_triggered_step(3), [5, 3]);
      assert.equal(steps.last_triggered_step(), 3);
      const secs = tf.train.SecondOrStepTimer(10);
      secs.update_last_triggered_step(1);
      advance(9);
      assert.equal(secs.should_trigger_for_step(2), false);
      advance(1);
      assert.equal(secs.should_trigger_for_step(2), true);
      secs.reset();
      assert.equal(secs.last_triggered_step(), null);
    });
    assert.throws(() => tf.train.SecondOrStepTimer(), /^ValueError: Either every_secs or every_steps should be provided\.$/m);
    assert.throws(() => tf.train.SecondOrStepTimer(1, 1), /Can not provide both every_secs and every_steps\./);
  });

  it('bad hook arguments raise TF\'s errors', () => {
    tf.reset_default_graph();
    const t = tf.constant(1);
    const cases: [() => unknown, RegExp][] = [
      [() => tf.train.StopAtStepHook(), /^ValueError: One of num_steps or last_step must be specified\./],
      [() => tf.train.StopAtStepHook(1, 2), /Only one of num_steps or last_step can be specified\./],
      [() => tf.train.StopAtStepHook({ steps: 1 } as never), /^TypeError: StopAtStepHook\(\) got an unexpected keyword argument 'steps'/],
      [() => tf.train.LoggingTensorHook({ t }), /either at_end and\/or exactly one of every_n_iter and every_n_secs must be provided\./],
      [() => tf.train.LoggingTensorHook({ t }, { every_n_iter: 1, every_n_secs: 1 }), /either at_end and\/or exactly one/],
      [() => tf.train.LoggingTensorHook([t], 0), /invalid every_n_iter=0\./],
      [() => tf.train.CheckpointSaverHook('/tmp/x'), /Either every_secs or every_steps should be provided\./],
      [() => tf.train.CheckpointSaverHook('/tmp/x', 1, 1), /Can not provide both every_secs and every_steps\./],
      [() => tf.train.CheckpointSaverHook('/tmp/x', { save_steps: 1, saver: tf.train.Saver({ allow_empty: true }), scaffold: tf.train.Scaffold() }), /You cannot provide both saver and scaffold\./],
      [() => (tf.train.CheckpointSaverHook as unknown as () => unknown)(), /missing 1 required positional argument: 'checkpoint_dir'/],
      [() => tf.train.SummarySaverHook({ save_steps: 1 }), /Exactly one of scaffold or summary_op must be provided\./],
      [() => tf.train.SummarySaverHook({ save_steps: 1, summary_op: t, scaffold: tf.train.Scaffold() }), /Exactly one of scaffold or summary_op must be provided\./],
      [() => tf.train.StepCounterHook({ every_n_steps: 1, every_n_secs: 1 }), /exactly one of every_n_steps and every_n_secs should be provided\./],
      [() => tf.train.StepCounterHook(null), /exactly one of every_n_steps and every_n_secs should be provided\./],
      [() => tf.train.Scaffold({ copy_from_scaffold: {} as never }), /^TypeError: copy_from_scaffold is not a Scaffold instance\./],
    ];
    for (const [fn, re] of cases) assert.throws(fn, (e: Error) => re.test(`${e.name}: ${e.message}`), String(re));
    // No global step: the hooks that need one say so when the session begins.
    for (const [hook, name] of [[tf.train.StopAtStepHook({ last_step: 1 }), 'StopAtStepHook'], [tf.train.StepCounterHook(), 'StepCounterHook'], [tf.train.CheckpointSaverHook('/tmp/x', { save_steps: 1 }), 'CheckpointSaverHook']] as const) {
      tf.reset_default_graph();
      assert.throws(() => tf.train.MonitoredSession({ hooks: [hook] }), new RegExp(`^RuntimeError: Global step should be created to use ${name}\\.$`));
    }
  });

  it('a SessionRunHook subclass sees begin, after_create_session, before_run, after_run, end; its fetches, feeds and request_stop', () => {
    tf.reset_default_graph();
    const step = tf.train.get_or_create_global_step();
    const p = tf.placeholder(tf.float32, []);
    const doubled = p.mul(2);
    const inc = (step as tf.Variable).assign_add(1);
    const calls: string[] = [];
    class Recorder extends tf.train.SessionRunHook {
      runs = 0;
      override begin() { calls.push('begin'); }
      override after_create_session(_s: tf.Session, coord?: tf.train.Coordinator | null) { calls.push(`created:${coord instanceof tf.train.Coordinator}`); }
      override before_run(ctx: tf.train.SessionRunContext) {
        calls.push(`before:${ctx.original_args.fetches === inc}`);
        return tf.train.SessionRunArgs({ step }, { [p.name]: 21 });
      }
      override after_run(ctx: tf.train.SessionRunContext, values: tf.train.SessionRunValues) {
        // The step read in the run that increments it may be either value, as in TF: only its presence is checked.
        calls.push(`after:${(values.results as { step: tf.NDArray }).step.dtype.name}`);
        if (++this.runs === 2) ctx.request_stop();
      }
      override end() { calls.push('end'); }
    }
    const feeder = tf.train.FeedFnHook(() => ({}));
    const sess = tf.train.MonitoredSession({ hooks: [new Recorder(), feeder] });
    // It starts its own queue runners: start_queue_runners leaves it alone, as TF's.
    assert.deepEqual(tf.train.start_queue_runners(sess as never), []);
    assert.equal((sess.run(inc) as tf.NDArray).item(), 1);
    assert.equal(sess.should_stop(), false);
    // The hook fed the placeholder the user did not.
    assert.equal(sess.run({ fetches: doubled }) instanceof tf.NDArray, true);
    assert.equal(sess.should_stop(), true);
    sess.close();
    assert.deepEqual(calls, ['begin', 'created:true', 'before:true', 'after:int64', 'before:false', 'after:int64', 'end']);
    assert.throws(() => sess.close(), /Session is already closed\./);
    assert.throws(() => sess.run(inc), /Run called on a closed MonitoredSession\./);
    // Feeding what a hook feeds too is TF's RuntimeError.
    tf.reset_default_graph();
    const q = tf.placeholder(tf.float32, [], { name: 'q' });
    const q1 = q.add(1);
    const s2 = tf.train.MonitoredSession(null, [tf.train.FeedFnHook(() => ({ 'q:0': 1 }))]);
    assert.throws(() => s2.run(q1, { 'q:0': 2 }), /^RuntimeError: Same tensor is fed by a SessionRunHook and user\. Conflict\(s\): \['q:0'\]$/);
    assert.throws(() => tf.train.MonitoredSession({ hooks: [tf.train.FeedFnHook(() => ({ 'q:0': 1 })), tf.train.FeedFnHook(() => ({ 'q:0': 3 }))] }).run(q), /Same tensor is fed by two hooks\./);
    s2.close();
  });

  it('run_step_fn, run with options and run_metadata, NanTensorHook without failing, LoggingTensorHook at_end with a formatter', () => {
    tf.reset_default_graph();
    const step = tf.train.get_or_create_global_step();
    const inc = (step as tf.Variable).assign_add(1);
    const nan = tf.placeholder(tf.float32, [], { name: 'loss' });
    const { lines } = quiet(() => {
      tf.logging.set_verbosity(tf.logging.INFO);
      try {
        tf.train.MonitoredTrainingSession({ hooks: [tf.train.LoggingTensorHook({ step }, { at_end: true, formatter: (v) => `at end: ${v.step.item()}` })] }, (sess) => {
          const got = sess.run_step_fn((ctx) => {
            ctx.session.run(inc);          // the raw session: no hooks
            return ctx.run_with_hooks(inc);
          });
          assert.equal((got as tf.NDArray).item(), 2);
          const metadata = tf.RunMetadata();
          sess.run(inc, { options: tf.RunOptions({ trace_level: tf.RunOptions.FULL_TRACE }), run_metadata: metadata });
          assert.ok(metadata.step_stats?.dev_stats?.length);
          assert.equal(sess.run_step_fn((ctx) => { ctx.request_stop(); }), null);
          assert.equal(sess.should_stop(), true);
        });
      } finally { tf.logging.set_verbosity(tf.logging.WARN); }
    });
    assert.ok(lines.includes('INFO:at end: 3'), lines.join('\n'));
    const { lines: warned } = quiet(() => tf.train.MonitoredTrainingSession({ hooks: [tf.train.NanTensorHook(nan, { fail_on_nan_loss: false })] }, (sess) => {
      sess.run(inc, { 'loss:0': 1 });
      assert.equal(sess.should_stop(), false);
      sess.run(inc, { 'loss:0': NaN });
      assert.equal(sess.should_stop(), true);
    }));
    assert.ok(warned.includes('WARNING:Model diverged with loss = NaN.'));
    const { lines: failed } = quiet(() => assert.throws(() => tf.train.MonitoredTrainingSession({ hooks: [tf.train.NanTensorHook(nan)] }, (sess) => sess.run(inc, { 'loss:0': NaN })),
      (e: Error) => e instanceof tf.train.NanLossDuringTrainingError && e.message === 'NaN loss during training.'));
    assert.deepEqual(failed.filter((l) => l.startsWith('ERROR')), ['ERROR:Model diverged with loss = NaN.']);
  });

  it('Scaffold: init_fn, ops from their collections, copy_from_scaffold, finalize; SingularMonitoredSession and the session creators', () => {
    const dir = tmpDir('mts-scaffold');
    tf.reset_default_graph();
    const v = tf.get_variable('v', [], { initializer: tf.constant_initializer(1) });
    const set7 = v.assign(7);
    const scaffold = tf.train.Scaffold({ init_fn: (sc: tf.train.Scaffold, s: tf.Session) => { assert.ok(sc instanceof tf.train.Scaffold); s.run(set7); } });
    const copy = tf.train.Scaffold({ copy_from_scaffold: scaffold, summary_op: null });
    assert.equal(copy.init_fn, scaffold.init_fn);
    const sess = tf.train.SingularMonitoredSession({ scaffold, checkpoint_dir: dir });
    assert.equal((sess.raw_session().run(v) as tf.NDArray).item(), 7);
    assert.ok(scaffold.saver instanceof tf.train.Saver && tf.get_collection(tf.GraphKeys.SAVERS)[0] === scaffold.saver);
    assert.equal(tf.get_collection('init_op')[0], scaffold.init_op);
    assert.equal(tf.get_collection('ready_op')[0], scaffold.ready_op);
    assert.equal(tf.get_collection('local_init_op')[0], scaffold.local_init_op);
    assert.equal(scaffold.summary_op, null);
    assert.equal(tf.get_default_graph().finalized, true);
    scaffold.saver!.save(sess.raw_session(), path.join(dir, 'model.ckpt'), { global_step: 5 });
    sess.close();
    assert.equal(tf.get_default_graph().finalized, false);

    // A chief restores a given checkpoint file; init_fn is not called then.
    tf.add_to_collection(tf.GraphKeys.INIT_OP, tf.no_op());
    assert.throws(() => tf.train.Scaffold().finalize(), /More than one item in the collection "init_op"\. Please indicate which one to use by passing it to the tf\.Scaffold constructor as: {2}tf\.Scaffold\(init_op=item to use\)/);
    tf.get_default_graph()._unsafe_unfinalize();
    tf.reset_default_graph();
    const w = tf.get_variable('v', [], { initializer: tf.constant_initializer(1) });
    const chief = tf.train.ChiefSessionCreator({ checkpoint_filename_with_path: path.join(dir, 'model.ckpt-5') });
    const restored = tf.train.MonitoredSession(chief);
    assert.equal((restored.run(w) as tf.NDArray).item(), 7);
    restored.close();
    assert.throws(() => tf.train.ChiefSessionCreator({ checkpoint_dir: dir, checkpoint_filename_with_path: path.join(dir, 'model.ckpt-5') }).create_session(),
      /Can not provide both checkpoint_dir and checkpoint_filename_with_path\./);
    tf.get_default_graph()._unsafe_unfinalize();
    // The `with` form of MonitoredSession: closed after the body, which may end by running out of input.
    tf.reset_default_graph();
    const it = tf.data.Dataset.range(3).make_one_shot_iterator().get_next() as tf.Tensor;
    const got: number[] = [];
    const out = tf.train.SingularMonitoredSession({ hooks: [] }, (s) => { for (;;) got.push(Number((s.run(it) as tf.NDArray).item())); });
    assert.equal(out, undefined);
    assert.deepEqual(got, [0, 1, 2]);
    const five = tf.constant(5);
    assert.equal(tf.train.MonitoredSession((s) => (s.run(five) as tf.NDArray).item()), 5);
    assert.equal(tf.get_default_graph().finalized, false);
    // A SessionCreator subclass makes the session a MonitoredSession runs.
    tf.reset_default_graph();
    const c = tf.constant(3);
    class Plain extends tf.train.SessionCreator { override create_session() { return tf.Session(); } }
    const own = tf.train.MonitoredSession({ session_creator: new Plain() });
    assert.equal((own.run(c) as tf.NDArray).item(), 3);
    own.close();
    assert.throws(() => tf.train.SessionCreator().create_session(), /NotImplementedError/);

    // A worker's session waits for a model that nobody initializes here, then gives up.
    tf.reset_default_graph();
    tf.get_variable('u', [], { initializer: tf.zeros_initializer() });
    const { lines } = quiet(() => withClock(() => {
      tf.logging.set_verbosity(tf.logging.INFO);
      try {
        assert.throws(() => tf.train.MonitoredTrainingSession({ is_chief: false, max_wait_secs: 60 }),
          (e: Error) => e instanceof tf.errors.DeadlineExceededError && e.message === 'Session was not ready after waiting 60 secs.');
      } finally { tf.logging.set_verbosity(tf.logging.WARN); }
    }));
    assert.ok(lines.some((l) => l.startsWith('INFO:Waiting for model to be ready.') && l.includes('u')), lines.join('\n'));
    tf.get_default_graph()._unsafe_unfinalize();
  });

  it('GlobalStepWaiterHook holds the first run until the global step is reached; FeedFnHook feeds every run', () => {
    tf.reset_default_graph();
    const step = tf.train.get_or_create_global_step() as tf.Variable;
    const other = step.assign_add(1);   // what other workers' training does meanwhile
    const p = tf.placeholder(tf.float32, [], { name: 'p' });
    const doubled = p.mul(2);
    let fed = 0;
    const sess = tf.train.SingularMonitoredSession({ hooks: [tf.train.GlobalStepWaiterHook(3), tf.train.FeedFnHook(() => ({ 'p:0': ++fed }))] });
    const { lines } = quiet(() => withClock(() => {
      tf.logging.set_verbosity(tf.logging.INFO);
      const sleeps: number[] = [];
      clock.sleep = (secs) => { sleeps.push(secs); sess.raw_session().run(other); };
      try {
        assert.equal((sess.run(doubled) as tf.NDArray).item(), 2);
        assert.equal((sess.run(doubled) as tf.NDArray).item(), 4);
      } finally { tf.logging.set_verbosity(tf.logging.WARN); }
      assert.deepEqual(sleeps, [0.5, 0.5, 0.5]);
    }));
    assert.ok(lines.includes('INFO:Waiting for global step 3 before starting training.'), lines.join('\n'));
    assert.equal((sess.raw_session().run(step) as tf.NDArray).item(), 3);
    sess.close();
  });

  it('SessionManager: prepare_session by position or keyword, recover_session, TF\'s errors when the model is not made ready', () => {
    const dir = tmpDir('mts-manager');
    tf.reset_default_graph();
    const v = tf.get_variable('v', [], { initializer: tf.constant_initializer(4) });
    const init = tf.global_variables_initializer();
    const saver = tf.train.Saver();
    const ready = tf.report_uninitialized_variables();
    const sm = tf.train.SessionManager({ ready_op: ready });
    const sess = sm.prepare_session('', init);
    assert.equal((sess.run(v) as tf.NDArray).item(), 4);
    saver.save(sess, path.join(dir, 'model.ckpt'));
    assert.throws(() => sm.prepare_session(''), /^RuntimeError: Model is not initialized and no init_op or init_fn or local_init_op was given$/);
    assert.throws(() => sm.prepare_session('', { init_op: tf.no_op() }), /Init operations did not make model ready\. {2}Init op: NoOp, init fn: None, local_init_op: None, error: Variables not initialized: v/);
    const [restored, ok] = sm.recover_session('', saver, dir);
    assert.equal(ok, true);
    assert.equal((restored.run(v) as tf.NDArray).item(), 4);
    assert.equal(sm.recover_session('', { saver, checkpoint_dir: tmpDir('mts-empty') })[1], false);
    assert.throws(() => tf.train.SessionManager({ ready_for_local_init_op: ready }), /If you pass a ready_for_local_init_op you must also pass a local_init_op/);
    assert.throws(() => sm.prepare_session('', { init_ops: init } as never), /prepare_session\(\) got an unexpected keyword argument 'init_ops'/);
  });

  it('CheckpointSaverHook listeners: before_save and after_save around each save, a true after_save stops training', () => {
    const dir = tmpDir('mts-listener');
    const m = classic();
    const seen: string[] = [];
    class Listener extends tf.train.CheckpointSaverListener {
      override begin() { seen.push('begin'); }
      override before_save(_s: tf.Session, step: number) { seen.push(`before:${step}`); }
      override after_save(_s: tf.Session, step: number) { seen.push(`after:${step}`); return step >= 4; }
      override end(_s: tf.Session, step: number) { seen.push(`end:${step}`); }
    }
    quiet(() => tf.train.MonitoredTrainingSession({ chief_only_hooks: [tf.train.CheckpointSaverHook(dir, { save_steps: 2, listeners: [new Listener()], checkpoint_basename: 'm.ckpt' })] }, (sess) => {
      while (!sess.should_stop()) sess.run(m.train_op);
    }));
    assert.deepEqual(seen, ['begin', 'before:0', 'after:0', 'before:2', 'after:2', 'before:4', 'after:4', 'end:4']);
    assert.equal(path.basename(tf.train.latest_checkpoint(dir)!), 'm.ckpt-4');
  });
});

describe('MonitoredSession recovery (monitored_session_test RecoverableSession restated)', () => {
  beforeEach(() => tf.reset_default_graph());
  after(cleanup);

  /**
   * A counter variable checkpointed at 5, and a step that adds 1 to it after a py_func that throws
   * `failures` (an error class per call, null for success) in turn.
   */
  function failingStep(failures: (typeof tf.errors.AbortedError | null)[]) {
    const dir = tmpDir('recover');
    const v = tf.Variable(5, { name: 'v', dtype: tf.int32 });
    const sess = tf.Session();
    sess.run(v.initializer);
    new tf.train.Saver().save(sess, path.join(dir, 'model.ckpt'));
    sess.close();
    let call = 0;
    const gate = tf.py_func(() => {
      const error = failures[call++] ?? null;
      if (error) throw new error(null, null, `worker ${call} went away`);
      return 0;
    }, [], tf.int32) as tf.Tensor;
    const step = tf.control_dependencies([gate], () => tf.assign_add(v, 1));
    const created: number[] = [];
    class CountCreations extends tf.train.SessionRunHook {
      override after_create_session(session: tf.Session) { created.push(session.run(v).item() as number); }
    }
    return { dir, step, created, hook: new CountCreations() };
  }

  for (const error of [tf.errors.AbortedError, tf.errors.UnavailableError]) {
    it(`an ${error.name} in run closes the session, makes a new one from the latest checkpoint and runs again`, () => {
      const { dir, step, created, hook } = failingStep([null, error, null]);
      const creator = tf.train.ChiefSessionCreator({ checkpoint_dir: dir });
      const { value: results, lines } = quiet(() => tf.train.MonitoredSession({ session_creator: creator, hooks: [hook] }, (sess) => [sess.run(step), sess.run(step)]));
      // The second run failed once: its retry ran on a session restored from the checkpoint (v = 5 again).
      assert.deepEqual((results as tf.NDArray[]).map((r) => r.item()), [6, 6]);
      assert.deepEqual(created, [5, 5]);
      assert.ok(lines.some((l) => /The current session will be closed and a new session will be created\. Error: .*worker 2 went away/.test(l)), lines.join('\n'));
    });
  }

  it('run_step_fn is retried too; SingularMonitoredSession and other errors are not recovered', () => {
    const a = failingStep([tf.errors.AbortedError, null]);
    const viaStep = quiet(() => tf.train.MonitoredSession({ session_creator: tf.train.ChiefSessionCreator({ checkpoint_dir: a.dir }), hooks: [a.hook] },
      (sess) => sess.run_step_fn((ctx) => ctx.session.run(a.step)))).value as tf.NDArray;
    assert.equal(viaStep.item(), 6);
    assert.equal(a.created.length, 2);

    tf.reset_default_graph();
    const b = failingStep([tf.errors.AbortedError]);
    assert.throws(() => tf.train.SingularMonitoredSession({ checkpoint_dir: b.dir, hooks: [b.hook] }, (sess) => sess.run(b.step)), (e: unknown) => e instanceof tf.errors.AbortedError);
    assert.equal(b.created.length, 1);

    tf.reset_default_graph();
    const c = failingStep([tf.errors.InvalidArgumentError as typeof tf.errors.AbortedError]);
    assert.throws(() => tf.train.MonitoredSession({ session_creator: tf.train.ChiefSessionCreator({ checkpoint_dir: c.dir }), hooks: [c.hook] }, (sess) => sess.run(c.step)),
      (e: unknown) => e instanceof tf.errors.InvalidArgumentError);
    assert.equal(c.created.length, 1);
  });
});
