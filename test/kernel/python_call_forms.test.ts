// Cells are type-checked: TF calls in both forms (positional and by keyword, classes with and without `new`)
// type-check and run there, and a misspelt keyword is a type error before anything runs.
import assert from 'node:assert/strict';
import { TypeScriptInterpreter } from '../../kernel/interpreter/typescript_interpreter';
import type { ExecuteOutcome, OutputSink } from '../../kernel/interpreter/interpreter';

describe('kernel: TF calls in Python\'s call forms type-check in cells', function () {
  this.timeout(120000);
  let interpreter: TypeScriptInterpreter;
  let count = 0;
  const sink: OutputSink = {
    stream: () => {},
    display: () => {},
    updateDisplay: () => {},
    clearOutput: () => {},
    requestInput: () => Promise.reject(new Error('no stdin')),
    comm: () => {},
    error: () => {},
  };
  const execute = (code: string): Promise<ExecuteOutcome> => interpreter.execute(
    { code, silent: false, storeHistory: true, executionCount: ++count, userExpressions: {}, allowStdin: false }, sink);

  before(() => { interpreter = new TypeScriptInterpreter({ workingDirectory: process.cwd() }); });
  after(() => interpreter.shutdown());

  it('accepts keyword forms, positional forms and classes called without new', async () => {
    const outcome = await execute([
      'const x = tf.placeholder(tf.float32, {shape: [null, 784]});',
      'const images = tf.reshape(x, {shape: [-1, 28, 28, 1]});',
      'const pooled = tf.nn.max_pool(images, [1, 2, 2, 1], [1, 2, 2, 1], "SAME");',
      'const w = tf.Variable(tf.zeros([784, 10]), {name: "w"});',
      'const logits = tf.matmul({a: x, b: w});',
      'const loss = tf.reduce_mean(logits, {axis: 1});',
      'const step = tf.train.AdamOptimizer({learning_rate: 0.001}).minimize({loss});',
      'const g: tf.Graph = tf.Graph();',
      '[pooled.shape.toString(), step.name, tf.argmax({input: logits, axis: 1}).name, g instanceof tf.Graph].join(" ");',
    ].join('\n'));
    assert.ok(outcome.status === 'ok', JSON.stringify(outcome));
    assert.match(String(outcome.result?.data['text/plain']), /\(\?, 14, 14, 1\) Adam ArgMax:0 true/);
  });

  it('runs TF 1.x code written against tf.compat.v1 (placeholder, layers, Session), type-checked', async () => {
    const outcome = await execute([
      'tf.compat.v1.disable_eager_execution();',
      'const cx = tf.compat.v1.placeholder(tf.compat.v1.float32, {shape: [null, 3], name: "cx"});',
      'const cy: tf.compat.v1.Tensor = tf.compat.v1.layers.dense(cx, 2, {name: "cdense"});',
      'const csess = tf.compat.v1.Session();',
      'csess.run(tf.compat.v1.global_variables_initializer());',
      'const cout = csess.run(cy, {feed_dict: {"cx:0": [[1, 2, 3]]}});',
      '[cx.name, cy.name, cout.shape.join("x"), tf.compat.as_text(tf.compat.as_bytes("ok"))].join(" ");',
    ].join('\n'));
    assert.ok(outcome.status === 'ok', JSON.stringify(outcome));
    assert.match(String(outcome.result?.data['text/plain']), /cx:0 cdense\/BiasAdd:0 1x2 ok/);
  });

  it('accepts keyword forms of sessions, savers, eval and uncalled initializer classes', async () => {
    const outcome = await execute([
      'const b = tf.get_variable("b", [2], {initializer: tf.zeros_initializer});',
      'const p = tf.placeholder(tf.float32, [2], "p");',
      'const out = p.add(b);',
      'const sess2 = tf.Session();',
      'sess2.run(tf.global_variables_initializer());',
      'const saver = tf.train.Saver({max_to_keep: 2});',
      'const fed = sess2.run(out, {feed_dict: {"p:0": [1, 2]}});',
      'const evaluated = out.eval({feed_dict: {"p:0": [3, 4]}, session: sess2});',
      '[fed.toString(), evaluated.toString(), String(saver.as_saver_def().max_to_keep)].join(" ");',
    ].join('\n'));
    assert.ok(outcome.status === 'ok', JSON.stringify(outcome));
    assert.match(String(outcome.result?.data['text/plain']), /\[1\. 2\.\] \[3\. 4\.\] 2/);
  });

  it('accepts TF\'s positional scope arguments, keyword cond and sess.run({fetches, feed_dict})', async () => {
    const outcome = await execute([
      'const q = tf.placeholder(tf.float32, [], "q");',
      'const scoped = tf.name_scope(null, "MyOp", [q], (scope) => tf.identity(q, {name: "inner"}));',
      'const shared = tf.variable_scope(null, "dense", [q], (vs) => tf.get_variable("k", [1]));',
      'const picked = tf.cond({pred: tf.greater(q, 0), true_fn: () => q, false_fn: () => q.neg()});',
      'const gated = tf.control_dependencies([scoped.op], () => tf.identity(q));',
      'const sess3 = tf.Session();',
      'const seen: tf.NDArray = sess3.run({fetches: picked, feed_dict: {"q:0": -2}});',
      '[scoped.op.name, shared.name, seen.toString(), gated.op.control_inputs.length].join(" ");',
    ].join('\n'));
    assert.ok(outcome.status === 'ok', JSON.stringify(outcome));
    assert.match(String(outcome.result?.data['text/plain']), /MyOp\/inner dense\/k:0 2\.0 1/);
  });

  it('runs a TF 1.x training loop: MonitoredTrainingSession with hooks built without new, and a SessionRunHook subclass', async () => {
    const outcome = await execute([
      'tf.reset_default_graph();',
      'const gs = tf.train.get_or_create_global_step();',
      'const bump = (gs as tf.Variable).assign_add(1);',
      'const coord = tf.train.Coordinator();',
      'class Counter extends tf.train.SessionRunHook {',
      '  runs = 0;',
      '  override before_run(ctx: tf.train.SessionRunContext) { return tf.train.SessionRunArgs(gs); }',
      '  override after_run(ctx: tf.train.SessionRunContext, values: tf.train.SessionRunValues) { this.runs++; }',
      '}',
      'const counter = new Counter();',
      'const hooks = [tf.train.StopAtStepHook({last_step: 4}), tf.train.LoggingTensorHook({step: gs}, {every_n_iter: 2}), counter];',
      'const loops = tf.train.MonitoredTrainingSession({hooks, save_checkpoint_secs: null}, (sess) => { let n = 0; while (!sess.should_stop()) { sess.run(bump); n++; } return n; });',
      'const open = tf.train.MonitoredSession({hooks: [tf.train.StopAtStepHook({num_steps: 1})]});',
      'open.run(bump);',
      'open.close();',
      '`${loops} ${counter.runs} ${open.should_stop()} ${coord.should_stop()}`;',
    ].join('\n'));
    assert.ok(outcome.status === 'ok', JSON.stringify(outcome));
    assert.equal(String(outcome.result?.data['text/plain']), "'4 4 true false'");
  });

  it('reports a misspelt keyword as a type error', async () => {
    const outcome = await execute('tf.reshape(tf.zeros([4]), {shap: [2, 2]});');
    assert.equal(outcome.status, 'error');
    assert.match(JSON.stringify(outcome), /shap/);
  });
});
