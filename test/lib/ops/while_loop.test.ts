import assert from 'node:assert/strict';
import * as tf from '../../../lib';
import { registerOp } from '../../../lib/framework/graph';
import type { OpType } from '../../../lib/framework/op_types';
import { registerKernel } from '../../../lib/kernels/registry';
import { makeOp } from '../../../lib/ops/op_builder';
import { registerNotDifferentiable } from '../../../lib/ops/gradient_util';
import { nodes } from './helpers';

// A probe op for the executor's scheduling: it forwards its input and records the iteration it ran in.
const probeLog: number[] = [];
// (A test-only op type: it is not in the library's op type list.)
const PROBE = 'TestIterationProbe' as OpType;
registerOp({ type: PROBE, outputDtypes: (inputs: readonly tf.Tensor[]) => [inputs[0].dtype.base_dtype], inferShapes: (op: tf.Operation) => [op.inputs[0].shape], stateful: true });
registerNotDifferentiable(PROBE);
registerKernel(PROBE, 'CPU', (ctx) => { probeLog.push(ctx.frame.iteration); return [ctx.input(0)]; });
const probe = (t: tf.Tensor) => makeOp(PROBE, [t], {}, 'probe').outputs[0];

describe('tf.while_loop', () => {
  beforeEach(() => tf.reset_default_graph());

  it('builds the frame TF 1.15 builds: Enter, Merge with its back edge, LoopCond, Switch, Identity, NextIteration, Exit', () => {
    const [i, s] = tf.while_loop((i, s) => tf.less(i, 10), (i, s) => [i.add(1), s.add(i)], [tf.constant(0), tf.constant(0)]);
    assert.equal(i.name, 'while/Exit:0');
    assert.equal(s.name, 'while/Exit_1:0');
    const names = nodes();
    for (const n of ['while/Enter:Enter', 'while/Enter_1:Enter', 'while/Merge:Merge', 'while/Merge_1:Merge', 'while/Less/y:Const',
      'while/Less:Less', 'while/LoopCond:LoopCond', 'while/Switch:Switch', 'while/Switch_1:Switch', 'while/Identity:Identity',
      'while/Identity_1:Identity', 'while/add/y:Const', 'while/add:Add', 'while/add_1:Add', 'while/NextIteration:NextIteration',
      'while/NextIteration_1:NextIteration', 'while/Exit:Exit', 'while/Exit_1:Exit']) {
      assert.ok(names.includes(n), `${n} missing from ${names.join(' ')}`);
    }
    const g = tf.get_default_graph();
    const enter = g.get_operation_by_name('while/Enter');
    assert.equal(enter.get_attr('frame_name'), 'while/while_context');
    assert.equal(enter.get_attr('is_constant'), false);
    assert.equal(enter.get_attr('parallel_iterations'), 10);
    assert.deepEqual(g.get_operation_by_name('while/Merge').node_def.input, ['while/Enter', 'while/NextIteration']);
    // Constants hang on the pivots: the predicate's first Merge, the body's first Identity.
    assert.deepEqual(g.get_operation_by_name('while/Less/y').control_inputs.map((o) => o.name), ['while/Merge']);
    assert.deepEqual(g.get_operation_by_name('while/add/y').control_inputs.map((o) => o.name), ['while/Identity']);
    assert.deepEqual(g.get_collection(tf.GraphKeys.WHILE_CONTEXT).map((c) => (c as tf.WhileContext).name), ['while/while_context']);
    tf.Session((sess) => assert.deepEqual(sess.run([i, s]).map((a) => a.item()), [10, 45]));
  });

  it('enters outside tensors once, as loop invariants, and runs a single loop variable', () => {
    const x = tf.placeholder(tf.float32, [], 'x');
    const y = tf.while_loop((v) => tf.less(v, 100), (v) => v.mul(x), [tf.constant(1, { dtype: tf.float32 })]);
    const invariant = tf.get_default_graph().get_operations().filter((o) => o.type === 'Enter' && o.get_attr('is_constant') === true);
    assert.deepEqual(invariant.map((o) => o.node_def.input), [['x']]);
    tf.Session((sess) => {
      assert.equal(sess.run(y, { 'x:0': 3 }).item(), 243);
      assert.equal(sess.run(y, { 'x:0': 10 }).item(), 100);
    });
  });

  it('runs nested loops, conditionals inside loops and loops inside conditionals', () => {
    const three = tf.constant(3);
    const nested = tf.while_loop((a) => tf.less(a, 100), (a) => tf.while_loop((b) => tf.less(b, 50), (b) => b.mul(three), [a]).add(1), [tf.constant(1)]);
    const withCond = tf.while_loop((a, n) => tf.less(n, 10),
      (a, n) => [tf.cond(tf.equal(tf.floormod(n, 2), 0), () => a.add(n), () => a.sub(1)), n.add(1)], [tf.constant(0), tf.constant(0)]);
    const p = tf.placeholder(tf.bool, [], 'p');
    const inCond = tf.cond(p, () => tf.while_loop((a) => tf.less(a, 5), (a) => a.add(1), [tf.constant(0)]), () => tf.constant(-1));
    // A nested loop's inner frame is named inside the outer one.
    const frames = new Set(tf.get_default_graph().get_operations().filter((o) => o.type === 'Enter').map((o) => o.get_attr('frame_name')));
    assert.ok(frames.has('while/while/while_context'), [...frames].join(' '));
    tf.Session((sess) => {
      assert.equal(sess.run(nested).item(), 100);   // 1 → 81 → 82 → 83 ... 100
      assert.deepEqual(sess.run(withCond).map((a) => a.item()), [15, 10]);
      assert.equal(sess.run(inCond, { 'p:0': true }).item(), 5);
      assert.equal(sess.run(inCond, { 'p:0': false }).item(), -1);
    });
  });

  it('takes nested structures of loop variables and returns them in the same structure', () => {
    const out = tf.while_loop((s: { i: tf.Tensor; acc: tf.Tensor[] }) => tf.less(s.i, 3),
      (s: { i: tf.Tensor; acc: tf.Tensor[] }) => [{ i: s.i.add(1), acc: [s.acc[0].mul(2), s.acc[1].add(s.i)] }],
      [{ i: tf.constant(0), acc: [tf.constant(1), tf.constant(0)] }]) as { i: tf.Tensor; acc: tf.Tensor[] }[];
    tf.Session((sess) => {
      const v = sess.run({ i: out[0].i, a: out[0].acc[0], b: out[0].acc[1] });
      assert.deepEqual([v.i.item(), v.a.item(), v.b.item()], [3, 8, 3]);
    });
  });

  it('stops at maximum_iterations (an iteration counter in the loop), and returns the loop variables only', () => {
    const forever = tf.while_loop(() => tf.constant(true), (a) => a.add(2), [tf.constant(0)], { maximum_iterations: 7 });
    assert.ok(nodes().includes('while/iteration_counter:Const'));
    const n = tf.placeholder(tf.int32, [], 'n');
    const bounded = tf.while_loop((a) => tf.less(a, 5), (a) => a.add(1), [tf.constant(0)], { maximum_iterations: n });
    tf.Session((sess) => {
      assert.equal(sess.run(forever).item(), 14);
      assert.equal(sess.run(bounded, { 'n:0': 3 }).item(), 3);
      assert.equal(sess.run(bounded, { 'n:0': 30 }).item(), 5);
    });
    assert.throws(() => tf.while_loop((a) => tf.less(a, 5), (a) => a.add(1), [tf.constant(0)], { maximum_iterations: [1, 2] }),
      /maximum_iterations must be a scalar, saw shape: \(2,\)/);
  });

  it('checks shape invariants at graph construction, with TF\'s messages', () => {
    assert.throws(() => tf.while_loop(() => tf.constant(true), (x) => tf.concat([x, x], 0), [tf.constant([1], { name: 'start' })]),
      /Input tensor 'start:0' enters the loop with shape \(1,\), but has shape \(2,\) after one iteration. To allow the shape to vary across iterations, use the `shape_invariants` argument/);
    assert.throws(() => tf.while_loop(() => tf.constant(true), (x) => x, [tf.constant([1], { name: 'v' })], { shape_invariants: [[2]] }),
      /The shape invariant specified for v:0 is not compatible with the initial shape of the loop variable. It enters the loop with shape \(1,\), but the specified shape invariant is \(2,\)/);
    const grown = tf.while_loop((x) => tf.less(tf.size(x), 8), (x) => tf.concat([x, x], 0), [tf.constant([1])], { shape_invariants: [[null]] });
    assert.equal(grown.shape.toString(), '(?,)');
    tf.Session((sess) => assert.deepEqual(sess.run(grown).toArray(), [1, 1, 1, 1, 1, 1, 1, 1]));
  });

  it('rejects a bad cond or body with clear errors', () => {
    assert.throws(() => tf.while_loop((x) => tf.constant([true, false]), (x) => x, [tf.constant(1)]),
      /Shape must be rank 0 but is rank 1 for 'while\/LoopCond' \(op: 'LoopCond'\) with input shapes: \[2\]/);
    assert.throws(() => tf.while_loop((x) => x, (x) => x, [tf.constant(1, { dtype: tf.int32 })]), /cond must return a boolean scalar tensor, got int32/);
    assert.throws(() => tf.while_loop((x) => tf.constant(true), (x) => [x, x], [tf.constant(1)]), /The two structures don't have the same number of elements/);
    assert.throws(() => tf.while_loop((x) => tf.constant(true), (x) => x, []), /No loop variables provided/);
    assert.throws(() => tf.while_loop((x) => tf.constant(true), (x) => x, [tf.constant(1)], { parallel_iterations: 0 }), /`parallel_iterations` must be a positive integer/);
  });

  it('refuses to fetch a tensor inside the loop', () => {
    tf.while_loop((x) => tf.less(x, 3), (x) => x.add(1), [tf.constant(0)]);
    const inside = tf.get_default_graph().get_tensor_by_name('while/add:0');
    tf.Session((sess) => assert.throws(() => sess.run(inside), /Operation 'while\/add' has been marked as not fetchable: it runs inside the while loop 'while\/while_context'/));
  });

  it('runs each op once per iteration, side effects included, and long loops quickly', () => {
    const v = tf.Variable(0, { name: 'count' });
    const n = tf.placeholder(tf.int32, [], 'n');
    const loop = tf.while_loop((i) => tf.less(i, n), (i) => tf.control_dependencies([v.assign_add(1)], () => i.add(1)), [tf.constant(0, { dtype: tf.int32 })]);
    tf.Session((sess) => {
      sess.run(v.initializer);
      assert.equal(sess.run(loop, { 'n:0': 20000 }).item(), 20000);
      assert.equal(sess.run(v).item(), 20000);
      assert.equal(sess.run(loop, { 'n:0': 0 }).item(), 0);
      assert.equal(sess.run(v).item(), 20000);
    });
  });

  it('runs at most parallel_iterations iterations at once', () => {
    const chain = (parallel: number) => {
      tf.reset_default_graph();
      // The counter runs ahead of the accumulator, whose update is a chain of ops.
      const [, acc] = tf.while_loop((i, a) => tf.less(i, 12), (i, a) => {
        let x = a;
        for (let k = 0; k < 6; k++) x = x.add(1);
        return [probe(i.add(1)), probe(x)];
      }, [tf.constant(0), tf.constant(0)], { parallel_iterations: parallel });
      probeLog.length = 0;
      tf.Session((sess) => assert.equal(sess.run(acc).item(), 72));
      let spread = 0, lowest = Infinity;
      // The newest iteration seen, against the oldest one still probing.
      probeLog.forEach((it, k) => { lowest = Math.min(...probeLog.slice(k)); spread = Math.max(spread, Math.max(...probeLog.slice(0, k + 1)) - lowest); });
      return spread;
    };
    assert.equal(chain(1), 0);
    const wide = chain(4);
    assert.ok(wide >= 1 && wide <= 3, `spread ${wide}`);
  });

  it('imports a loop graph (its NextIteration → Merge back edges) and runs it, gradient loop included', () => {
    const x = tf.placeholder(tf.float32, [], 'x');
    const [, y] = tf.while_loop((i, v) => tf.less(i, 3), (i, v) => [i.add(1), v.mul(x)], [tf.constant(0), tf.constant(1, { dtype: tf.float32 })]);
    const [g] = tf.gradients(y, [x]);
    const def = tf.get_default_graph().as_graph_def();
    tf.reset_default_graph();
    tf.import_graph_def(def, { name: '' });
    const graph = tf.get_default_graph();
    assert.deepEqual(graph.get_operation_by_name('while/Merge').node_def.input, ['while/Enter', 'while/NextIteration']);
    tf.Session((sess) => assert.deepEqual((sess.run([y.name, g!.name], { 'x:0': 2 }) as tf.NDArray[]).map((a) => a.item()), [8, 12]));
  });
});
