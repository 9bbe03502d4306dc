// The control flow collections of meta graphs (while_context, cond_context): written by
// export_meta_graph as TF writes them, and rebuilt by import_meta_graph so tf.gradients works on the
// imported loops and conditionals, ours and TF-written ones.
import assert from 'node:assert/strict';
import * as path from 'path';
import * as tf from '../../../lib';
import { CondContextDef, CondContextDefCodec, MetaGraphDef, VariableDefCodec, WhileContextDef, WhileContextDefCodec } from '../../../lib/proto';
import { cleanup, sharedFixtures, tmpDir } from './helpers';

const f64 = (v: number) => tf.constant(v, { dtype: tf.float64 });

function collectionDefs<T>(meta: MetaGraphDef, key: string, codec: { decode(b: Uint8Array): T }): T[] {
  return (meta.collection_def?.[key]?.bytes_list?.value ?? []).map((b) => codec.decode(b));
}

/** d y / d x at `at` by central differences, running `y` with `x` fed. */
function finiteDifference(sess: tf.Session, y: string, x: string, at: number, h = 1e-5): number {
  const f = (v: number) => (sess.run(y, { [x]: v }) as tf.NDArray).item() as number;
  return (f(at + h) - f(at - h)) / (2 * h);
}

describe('control flow contexts in meta graphs', function () {
  this.timeout(60000);
  beforeEach(() => tf.reset_default_graph());
  after(cleanup);

  it('writes a while loop\'s WhileContextDef as TF does and rebuilds it on import, for tf.gradients', () => {
    const x = tf.placeholder(tf.float64, [], 'x');
    const [, y] = tf.while_loop((i, v) => tf.less(i, 3), (i, v) => [i.add(1), tf.sin(v.mul(x))], [tf.constant(0), f64(1)],
      { maximum_iterations: 5, parallel_iterations: 7 }) as tf.Tensor[];
    tf.identity(y, { name: 'y' });
    const meta = tf.train.export_meta_graph();
    const [def] = collectionDefs<WhileContextDef>(meta, 'while_context', WhileContextDefCodec);
    assert.equal(def.context_name, 'while/while_context');
    assert.equal(def.parallel_iterations, 7);
    assert.equal(def.back_prop, true);
    assert.equal(def.swap_memory, undefined);
    assert.equal(def.pivot_name, 'while/LoopCond:0');
    assert.equal(def.pivot_for_pred_name, 'while/Merge:0');
    assert.equal(def.pivot_for_body_name, 'while/Identity:0');
    assert.deepEqual(def.loop_exit_names, ['while/Exit:0', 'while/Exit_1:0', 'while/Exit_2:0']);
    assert.deepEqual(def.loop_enter_names, ['while/Enter:0', 'while/Enter_1:0', 'while/Enter_2:0']);
    assert.equal(def.maximum_iterations_name, 'while/maximum_iterations:0');
    const values = def.values_def!.values!;
    assert.deepEqual(values, [...values].sort());
    for (const v of ['while/Merge_1:0', 'while/Switch_1:1', 'while/NextIteration_1:0', 'x:0']) assert.ok(values.includes(v), `${v} not among the values`);
    assert.equal(def.values_def!.external_values!['x:0'], 'while/mul/Enter:0');

    tf.reset_default_graph();
    tf.train.import_meta_graph(meta);
    const graph = tf.get_default_graph();
    const [context] = graph.get_collection('while_context') as tf.WhileContext[];
    assert.equal(context.name, 'while/while_context');
    assert.equal(context.parallel_iterations, 7);
    assert.equal(context.pivot!.name, 'while/LoopCond:0');
    assert.equal(graph.get_operation_by_name('while/Merge_1')._control_flow_context, context);
    assert.equal(graph.get_operation_by_name('x')._control_flow_context, null);
    // Written again, the imported loop gives the same def.
    assert.deepEqual(collectionDefs<WhileContextDef>(tf.train.export_meta_graph(), 'while_context', WhileContextDefCodec), [def]);

    const [g] = tf.gradients(graph.get_tensor_by_name('y:0'), [graph.get_tensor_by_name('x:0')]);
    assert.ok(g, 'no gradient through the imported loop');
    tf.Session((sess) => {
      for (const at of [0.7, -1.3]) {
        const got = (sess.run(g!, { 'x:0': at }) as tf.NDArray).item() as number;
        assert.ok(Math.abs(got - finiteDifference(sess, 'y:0', 'x:0', at)) < 1e-6, `gradient at ${at}: ${got}`);
      }
    });
  });

  it('writes both branches\' CondContextDefs as TF does and rebuilds them on import, for tf.gradients', () => {
    const x = tf.placeholder(tf.float64, [], 'x');
    const y = tf.cond(tf.less(x, 0), () => tf.sin(x), () => x.mul(x));
    tf.identity(y, { name: 'y' });
    const meta = tf.train.export_meta_graph();
    const defs = collectionDefs<CondContextDef>(meta, 'cond_context', CondContextDefCodec);
    assert.deepEqual(defs.map((d) => [d.context_name, d.pred_name, d.pivot_name, d.branch ?? 0]), [
      ['cond/cond_text', 'cond/pred_id:0', 'cond/switch_t:0', 1],
      ['cond/cond_text_1', 'cond/pred_id:0', 'cond/switch_f:0', 0],
    ]);
    assert.deepEqual(defs[0].values_def!.external_values, { 'cond/pred_id:0': 'cond/pred_id:0', 'x:0': 'cond/Sin/Switch:1' });
    for (const v of ['cond/Sin:0', 'cond/switch_t:0', 'x:0']) assert.ok(defs[0].values_def!.values!.includes(v), `${v} not among the values`);

    tf.reset_default_graph();
    tf.train.import_meta_graph(meta);
    const graph = tf.get_default_graph();
    const contexts = graph.get_collection('cond_context') as { name: string }[];
    assert.deepEqual(contexts.map((c) => c.name), ['cond/cond_text', 'cond/cond_text_1']);
    assert.equal(graph.get_operation_by_name('cond/Sin')._control_flow_context, contexts[0]);
    const [g] = tf.gradients(graph.get_tensor_by_name('y:0'), [graph.get_tensor_by_name('x:0')]);
    tf.Session((sess) => {
      for (const at of [0.7, -1.3]) {
        const got = (sess.run(g!, { 'x:0': at }) as tf.NDArray).item() as number;
        assert.ok(Math.abs(got - finiteDifference(sess, 'y:0', 'x:0', at)) < 1e-6, `gradient at ${at}: ${got}`);
      }
    });
  });

  it('writes a conditional inside a loop as the loop\'s nested contexts, and rebuilds it under an import scope', () => {
    const x = tf.placeholder(tf.float64, [], 'x');
    const [, y] = tf.while_loop((i, v) => tf.less(i, 4), (i, v) => [i.add(1), tf.cond(tf.less(v, 1), () => v.mul(x).add(1), () => tf.sin(v))],
      [tf.constant(0), f64(0.5)]) as tf.Tensor[];
    tf.identity(y, { name: 'y' });
    const meta = tf.train.export_meta_graph();
    assert.equal(meta.collection_def!['cond_context'], undefined, 'a nested conditional is not an outermost context');
    const [def] = collectionDefs<WhileContextDef>(meta, 'while_context', WhileContextDefCodec);
    const nested = def.nested_contexts!.map((n) => n.cond_ctxt!);
    assert.deepEqual(nested.map((c) => [c.context_name, c.branch ?? 0]), [['while/cond/cond_text', 1], ['while/cond/cond_text_1', 0]]);

    tf.reset_default_graph();
    tf.train.import_meta_graph(meta, { import_scope: 'copy' });
    const graph = tf.get_default_graph();
    const [loop] = graph.get_collection('while_context') as tf.WhileContext[];
    // As in TF, the loop's name takes the scope, and so does the frame its Enters name.
    assert.equal(loop.name, 'copy/while/while_context');
    const enters = graph.get_operations().filter((op) => op.type === 'Enter');
    assert.ok(enters.length >= 3);
    for (const op of enters) assert.equal(op.get_attr('frame_name'), 'copy/while/while_context', op.name);
    const branch = graph.get_operation_by_name('copy/while/cond/Sin')._control_flow_context as unknown as { name: string; outer: unknown };
    assert.equal(branch.name, 'copy/while/cond/cond_text_1');
    assert.equal(branch.outer, loop);
    const [g] = tf.gradients(graph.get_tensor_by_name('copy/y:0'), [graph.get_tensor_by_name('copy/x:0')]);
    tf.Session((sess) => {
      for (const at of [0.3, 0.9]) {
        const got = (sess.run(g!, { 'copy/x:0': at }) as tf.NDArray).item() as number;
        assert.ok(Math.abs(got - finiteDifference(sess, 'copy/y:0', 'copy/x:0', at)) < 1e-6, `gradient at ${at}: ${got}`);
      }
    });
  });

  it('export_meta_graph({export_scope}) writes the scope alone with the scope stripped, as TF does; imported under another scope it restores, runs and differentiates', () => {
    const dir = tmpDir('export_scope');
    tf.placeholder(tf.float64, [], 'x');   // outside the scope: left out
    const [y, w] = tf.variable_scope('model', () => {
      const x = tf.placeholder(tf.float64, [], 'x');
      const w = tf.get_variable('w', [], { dtype: tf.float64, initializer: tf.constant_initializer(1.5) });
      const [, v] = tf.while_loop((i, v) => tf.less(i, 3), (i, v) => [i.add(1), v.mul(x).add(w)], [tf.constant(0), w.read_value()],
        { maximum_iterations: 5 }) as tf.Tensor[];
      return [tf.identity(v, { name: 'y' }), w];
    });
    assert.equal(y.name, 'model/y:0');
    const saver = new tf.train.Saver();
    const ckpt = tf.Session((sess) => {
      sess.run(tf.global_variables_initializer());
      sess.run(tf.assign(w, f64(0.75)));
      return saver.save(sess, path.join(dir, 'model'))!;
    });
    const [full] = collectionDefs<WhileContextDef>(tf.train.export_meta_graph(), 'while_context', WhileContextDefCodec);
    const meta = tf.train.export_meta_graph(path.join(dir, 'scoped.meta'), { export_scope: 'model' });

    const nodes = meta.graph_def!.node!;
    assert.ok(nodes.every((n) => !n.name!.startsWith('model/') && !n.name!.startsWith('save/')), 'only the scope, stripped');
    const names = new Set(nodes.map((n) => n.name));
    for (const n of ['x', 'w', 'w/Assign', 'w/read', 'while/Enter', 'while/Merge', 'while/NextIteration', 'while/Exit_1', 'y']) assert.ok(names.has(n), n);
    const node = (name: string) => nodes.find((n) => n.name === name)!;
    assert.ok(node('while/Merge').input!.includes('while/NextIteration'));
    const text = (b: Uint8Array) => new TextDecoder().decode(b);
    assert.equal(text(node('while/Enter').attr!.frame_name.s!), 'while/while_context');
    assert.deepEqual(node('w/Assign').attr!._class.list!.s!.map(text), ['loc:@w']);
    assert.equal(meta.collection_def!['unbound_inputs'], undefined, 'nothing is read from outside');
    const [varDef] = collectionDefs(meta, 'variables', VariableDefCodec);
    assert.deepEqual([varDef.variable_name, varDef.initializer_name, varDef.snapshot_name], ['w:0', 'w/Assign', 'w/read:0']);
    // The WhileContextDef is the full export's, every name without `model/`.
    const [def] = collectionDefs<WhileContextDef>(meta, 'while_context', WhileContextDefCodec);
    const strip = (n: string) => n.replace(/^model\//, '');
    assert.equal(def.context_name, 'while/while_context');
    assert.equal(def.maximum_iterations_name, strip(full.maximum_iterations_name!));
    assert.deepEqual(def.loop_enter_names, full.loop_enter_names!.map(strip));
    assert.deepEqual(def.loop_exit_names, full.loop_exit_names!.map(strip));
    assert.deepEqual(def.values_def!.values, full.values_def!.values!.map(strip));
    assert.deepEqual(Object.entries(def.values_def!.external_values!), Object.entries(full.values_def!.external_values!).map(([k, v]) => [strip(k), strip(v)]));

    tf.reset_default_graph();
    tf.train.import_meta_graph(path.join(dir, 'scoped.meta'), { import_scope: 'copy' });
    const graph = tf.get_default_graph();
    const [loop] = graph.get_collection('while_context') as tf.WhileContext[];
    assert.equal(loop.name, 'copy/while/while_context');
    const [copyW] = tf.global_variables();
    assert.equal(copyW.name, 'copy/w:0');
    const [g] = tf.gradients(graph.get_tensor_by_name('copy/y:0'), [graph.get_tensor_by_name('copy/x:0')]);
    tf.Session((sess) => {
      new tf.train.Saver({ 'model/w': copyW }).restore(sess, ckpt);
      const at = 0.5;
      // v = w, then three times v * x + w.
      let v = 0.75;
      for (let k = 0; k < 3; k++) v = v * at + 0.75;
      assert.ok(Math.abs(((sess.run('copy/y:0', { 'copy/x:0': at }) as tf.NDArray).item() as number) - v) < 1e-12);
      const got = (sess.run(g!, { 'copy/x:0': at }) as tf.NDArray).item() as number;
      assert.ok(Math.abs(got - finiteDifference(sess, 'copy/y:0', 'copy/x:0', at)) < 1e-6, `gradient ${got}`);
    });
  });

  it('export_scope: inputs from outside the scope become $unbound_inputs_ names that import_meta_graph refuses without an input_map; nested contexts keep their full names', () => {
    const outside = f64(2);
    tf.name_scope('reader', () => {
      const [, v] = tf.while_loop((i, v) => tf.less(i, 2), (i, v) => [i.add(1), tf.cond(tf.less(v, 1), () => v.mul(outside), () => tf.sin(v))],
        [tf.constant(0), f64(0.5)]) as tf.Tensor[];
      tf.identity(v, { name: 'y' });
    });
    const meta = tf.train.export_meta_graph(null, { export_scope: 'reader' });
    const unbound = meta.collection_def!['unbound_inputs'].bytes_list!.value!.map((b) => new TextDecoder().decode(b));
    assert.ok(unbound.length > 0 && unbound.every((u) => u.replace(/^\^/, '').startsWith('$unbound_inputs_Const')), unbound.join());
    const readers = meta.graph_def!.node!.filter((n) => (n.input ?? []).some((i) => i.startsWith('$unbound_inputs_')));
    assert.ok(readers.length > 0 && readers.every((n) => !n.name!.startsWith('reader/')));
    const [def] = collectionDefs<WhileContextDef>(meta, 'while_context', WhileContextDefCodec);
    assert.equal(def.context_name, 'while/while_context');
    // TF writes the contexts nested in an exported one without the export scope.
    assert.deepEqual(def.nested_contexts!.map((n) => n.cond_ctxt!.context_name), ['reader/while/cond/cond_text', 'reader/while/cond/cond_text_1']);
    tf.reset_default_graph();
    assert.throws(() => tf.train.import_meta_graph(meta, { import_scope: 'copy' }),
      (e: Error) => e instanceof tf.errors.ValueError && e.message === `Graph contains unbound inputs: ${unbound.join(',')}. Must provide these inputs through input_map.`);
  });

  it('lists a loop\'s values as TF does: its conditional\'s ops, an input Switch by its branch output only, gradients\' initial values but not the user\'s', () => {
    const x = tf.placeholder(tf.float64, [], 'x');
    const w = tf.placeholder(tf.float64, [], 'w');
    const [, y] = tf.while_loop((i, v) => tf.less(i, 3), (i, v) => [i.add(1), tf.cond(tf.less(v, 1), () => v.mul(x), () => w)],
      [tf.constant(0, { name: 'i0' }), f64(0.5)]) as tf.Tensor[];
    tf.gradients(y, [x]);
    const [def] = collectionDefs<WhileContextDef>(tf.train.export_meta_graph(), 'while_context', WhileContextDefCodec);
    const values = new Set(def.values_def!.values!);
    // The user's initial values stay out; the gradient's iteration counter's is named (AddName).
    assert.ok(!values.has('i0:0') && !values.has('Const:0'), 'an initial loop value is listed');
    assert.ok(values.has('gradients/f_count:0'), 'f_count\'s initial value is not listed');
    // The conditional's ops count in the loop too, not the Switch its input `x` is read through.
    const [t, f] = def.nested_contexts!.map((n) => n.cond_ctxt!);
    const enter = def.values_def!.external_values!['x:0'];
    // The branch reads `x` through the loop's Enter, which it lists as read from outside as itself.
    assert.equal(t.values_def!.external_values![enter], enter);
    const inputSwitch = t.values_def!.external_values!['x:0'];
    // Named in its consumer's scope, as TF's AddValue leaves it.
    assert.equal(inputSwitch, 'while/cond/mul/Switch_1:1');
    const switchOp = inputSwitch.slice(0, inputSwitch.lastIndexOf(':'));
    assert.ok(t.values_def!.values!.includes(inputSwitch) && !t.values_def!.values!.includes(`${switchOp}:0`), 'the input Switch is not listed by its branch output alone');
    assert.ok(!values.has(inputSwitch), 'the input Switch is listed in the loop');
    for (const v of ['while/cond/mul:0', 'while/cond/switch_t:0', 'while/cond/switch_f:0', enter]) assert.ok(values.has(v), `${v} not among the loop's values`);
    // The false branch returns the outside `w`: that Switch is a branch op, both outputs listed, in the loop too.
    const resultSwitch = f.values_def!.external_values!['w:0'];
    const resultOp = resultSwitch.slice(0, resultSwitch.lastIndexOf(':'));
    for (const v of [`${resultOp}:0`, `${resultOp}:1`]) {
      assert.ok(f.values_def!.values!.includes(v), `${v} not among the false branch's values`);
      assert.ok(values.has(v), `${v} not among the loop's values`);
    }
  });

  it('writes the TF 1.11 dynamic_rnn graph\'s imported contexts back as TF wrote them, field by field', () => {
    const file = path.join(sharedFixtures('tf-wild'), 'seq2seq_tf111_dynamic_rnn', 'model.ckpt.meta');
    const original = tf.train.read_meta_graph_file(file);
    tf.train.import_meta_graph(file);
    const again = tf.train.export_meta_graph();
    // external_values is a proto map: its order is not part of the def.
    const canonical = (d: WhileContextDef | CondContextDef): unknown => JSON.parse(JSON.stringify(d, (k, v) =>
      (k === 'external_values' ? Object.fromEntries(Object.entries(v as Record<string, string>).sort()) : v)));
    const ours = collectionDefs<WhileContextDef>(again, 'while_context', WhileContextDefCodec).map(canonical);
    const theirs = collectionDefs<WhileContextDef>(original, 'while_context', WhileContextDefCodec).map(canonical);
    assert.equal(theirs.length, 3);
    assert.deepEqual(ours, theirs);
  });

  it('writes the WhileContextDefs TF 1.11 wrote for the same bidirectional GRU encoder, both directions, field by field', () => {
    const file = path.join(sharedFixtures('tf-wild'), 'seq2seq_tf111_dynamic_rnn', 'model.ckpt.meta');
    const theirLoops = collectionDefs<WhileContextDef>(tf.train.read_meta_graph_file(file), 'while_context', WhileContextDefCodec);
    // The fixture's encoder: embeddings of 13 tokens, one GRUCell(50) for both directions.
    const x = tf.placeholder(tf.int32, [null, null], 'seq_inputs');
    const len = tf.placeholder(tf.int32, [null], 'seq_inputs_length');
    tf.variable_scope('encoder', () => {
      const inputs = tf.nn.embedding_lookup(tf.get_variable('encoder_embedding', [13, 100], { dtype: tf.float32 }), x);
      const cell = new tf.nn.rnn_cell.GRUCell(50);
      tf.nn.bidirectional_dynamic_rnn(cell, cell, inputs, { sequence_length: len, dtype: tf.float32 });
    });
    const ourLoops = collectionDefs<WhileContextDef>(tf.train.export_meta_graph(), 'while_context', WhileContextDefCodec);
    assert.deepEqual(ourLoops.map((d) => d.context_name), ['encoder/bidirectional_rnn/fw/fw/while/while_context', 'encoder/bidirectional_rnn/bw/bw/while/while_context']);
    // TF's graph also holds its training gradients; their additions to the loop are left out here.
    const forward = (n: string) => !n.startsWith('gradients/');
    const externals = (e: Record<string, string>) => Object.entries(e).filter(([k]) => forward(k)).sort();
    for (const [i, ours] of ourLoops.entries()) {
      const theirs = theirLoops[i];
      const { values_def: theirValues, ...theirFields } = theirs;
      const { values_def: ourValues, ...ourFields } = ours;
      assert.deepEqual({ ...ourFields, loop_enter_names: ourFields.loop_enter_names, loop_exit_names: ourFields.loop_exit_names },
        { ...theirFields, loop_enter_names: theirFields.loop_enter_names!.filter(forward), loop_exit_names: theirFields.loop_exit_names!.filter(forward) });
      // The TensorArray reads and writes inside the loop read their handles through Enters named in their own scope.
      const arrayEnters = (values: string[]) => values.filter((v) => /TensorArray.*\/Enter(_\d+)?:0$/.test(v));
      assert.equal(arrayEnters(ourValues!.values!).length, 3, ours.context_name);
      assert.deepEqual(arrayEnters(ourValues!.values!), arrayEnters(theirValues!.values!.filter(forward)));
      assert.deepEqual(ourValues!.values, theirValues!.values!.filter(forward));
      assert.deepEqual(externals(ourValues!.external_values!), externals(theirValues!.external_values!));
    }
  });

  it('imports the TF 1.11 dynamic_rnn graph under an import scope: frames renamed as TF does, then run and differentiated as unscoped', () => {
    const dir = path.join(sharedFixtures('tf-wild'), 'seq2seq_tf111_dynamic_rnn');
    const feeds = (scope: string) => ({
      [`${scope}seq_inputs:0`]: tf.NDArray.from([[3, 4, 5, 0], [6, 7, 0, 0]], tf.int32), [`${scope}seq_inputs_length:0`]: tf.NDArray.from([3, 2], tf.int32),
    });
    const kernel = 'encoder/bidirectional_rnn/fw/gru_cell/gates/kernel:0';
    /** The encoder's sum of states and d(sum of it)/d kernel, imported under `scope`. */
    const run = (scope: string) => {
      tf.reset_default_graph();
      const saver = tf.train.import_meta_graph(path.join(dir, 'model.ckpt.meta'), scope ? { import_scope: scope } : {})!;
      const prefix = scope ? `${scope}/` : '';
      const graph = tf.get_default_graph();
      const contexts = graph.get_collection('while_context') as tf.WhileContext[];
      assert.deepEqual(contexts.map((c) => c.name), ['encoder/bidirectional_rnn/fw/fw/while/while_context', 'encoder/bidirectional_rnn/bw/bw/while/while_context', 'decoder/rnn/while/while_context'].map((n) => prefix + n));
      for (const c of contexts) for (const e of c.loopEnters) assert.equal(e.op.get_attr('frame_name'), c.name, e.name);
      const out = graph.get_tensor_by_name(`${prefix}encoder/Add:0`);
      const [g] = tf.gradients(tf.reduce_sum(out), [graph.get_tensor_by_name(prefix + kernel)]);
      return tf.Session((sess) => {
        saver.restore(sess, path.join(dir, 'model.ckpt'));
        return sess.run([out, g!], feeds(prefix)) as tf.NDArray[];
      });
    };
    const [plain, plainGrad] = run('');
    const [scoped, scopedGrad] = run('x');
    assert.deepEqual(scoped.toArray(), plain.toArray());
    assert.deepEqual(scopedGrad.toArray(), plainGrad.toArray());
    assert.ok((plainGrad.toArray() as number[][]).flat().some((v) => v !== 0));
  });

  it('rebuilds the while contexts of a TF 1.11 dynamic_rnn graph, and tf.gradients of its encoder matches finite differences', () => {
    const dir = path.join(sharedFixtures('tf-wild'), 'seq2seq_tf111_dynamic_rnn');
    const saver = tf.train.import_meta_graph(path.join(dir, 'model.ckpt.meta'))!;
    const graph = tf.get_default_graph();
    const contexts = graph.get_collection('while_context') as tf.WhileContext[];
    assert.deepEqual(contexts.map((c) => c.name), [
      'encoder/bidirectional_rnn/fw/fw/while/while_context', 'encoder/bidirectional_rnn/bw/bw/while/while_context', 'decoder/rnn/while/while_context',
    ]);
    for (const c of contexts) {
      // The names in each def are the loop's ops: its Enters' frame, its LoopCond, its Merges and Exits.
      for (const e of c.loopEnters) assert.equal(e.op.get_attr('frame_name'), c.name);
      assert.equal(c.pivot!.op.type, 'LoopCond');
      assert.equal(c.pivotForPred!.op.type, 'Merge');
      assert.equal(c.pivotForPred!.op._control_flow_context, c);
      for (const x of c.loopExits) assert.equal(x.op.type, 'Exit');
    }
    assert.equal(contexts[0].maximum_iterations!.name, 'encoder/bidirectional_rnn/fw/fw/strided_slice_1:0');
    assert.equal(graph.get_operation_by_name('encoder/bidirectional_rnn/fw/fw/while/gru_cell/MatMul')._control_flow_context, contexts[0]);

    const prefix = 'encoder/bidirectional_rnn/fw/gru_cell/gates/kernel';
    const kernel = tf.trainable_variables().find((v) => v.name === `${prefix}:0`)!;
    const loss = tf.reduce_sum(graph.get_tensor_by_name('encoder/Add:0'));
    const [g] = tf.gradients(loss, [kernel]);
    assert.deepEqual(g!.shape.as_list(), [150, 100]);
    const feeds = { 'seq_inputs:0': tf.NDArray.from([[3, 4, 5, 0], [6, 7, 0, 0]], tf.int32), 'seq_inputs_length:0': tf.NDArray.from([3, 2], tf.int32) };
    tf.Session((sess) => {
      saver.restore(sess, path.join(dir, 'model.ckpt'));
      const grad = (sess.run(g!, feeds) as tf.NDArray).toArray() as number[][];
      const k = (sess.run(kernel) as tf.NDArray).toArray() as number[][];
      // Both directions read the kernel (the model shares it): feeding its read value moves both.
      const lossWith = (i: number, j: number, d: number) => {
        const moved = k.map((row) => row.slice());
        moved[i][j] += d;
        return (sess.run(loss, { ...feeds, [`${prefix}/read:0`]: tf.NDArray.from(moved, tf.float32) }) as tf.NDArray).item() as number;
      };
      for (const [i, j] of [[3, 5], [60, 17], [120, 88]]) {
        const h = 1e-2, fd = (lossWith(i, j, h) - lossWith(i, j, -h)) / (2 * h);
        assert.ok(Math.abs(grad[i][j] - fd) < 2e-4 + 1e-3 * Math.abs(fd), `d loss / d kernel[${i}][${j}]: ${grad[i][j]} vs ${fd}`);
      }
    });
  });
});
