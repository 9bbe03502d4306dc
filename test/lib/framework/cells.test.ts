// Re-running a notebook cell replaces what it built: names are reused, stale consumers are refused,
// variable values survive when the variable is re-created unchanged.
import assert from 'node:assert/strict';
import * as tf from '../../../lib';
import { enterCell, exitCell } from '../../../lib/framework/cells';

function inCell<R>(id: string, count: number, fn: () => R): R {
  enterCell({ id, execution_count: count });
  try { return fn(); } finally { exitCell(); }
}

describe('cells: re-running a cell', () => {
  beforeEach(() => tf.reset_default_graph());

  it('reuses names and does not raise "already exists" on re-run', () => {
    const build = () => tf.variable_scope('layer', () => tf.get_variable('w', [2], { initializer: tf.ones_initializer() }));
    const w1 = inCell('a', 1, build);
    const w2 = inCell('a', 2, build);
    const w3 = inCell('a', 3, build);
    assert.equal(w1.name, 'layer/w:0');
    assert.equal(w2.name, 'layer/w:0');
    assert.equal(w3.name, 'layer/w:0');
    assert.ok(w1.op.retired && w2.op.retired && !w3.op.retired);
    assert.deepEqual(tf.global_variables().map((v) => v.name), ['layer/w:0']);
    assert.equal(tf.get_default_graph().get_operation_by_name('layer/w'), w3.op);
    const c = inCell('b', 4, () => tf.constant(1, { name: 'c' }));
    assert.equal(inCell('b', 5, () => tf.constant(1, { name: 'c' })).op.name, 'c');
    assert.ok(c.op.retired);
  });

  it('keeps variable values in live sessions across a re-run, unless shape or dtype changed', () => {
    const make = (shape: number[]) => inCell('model', 1, () => tf.get_variable('v', shape, { initializer: tf.zeros_initializer() }));
    const v1 = make([2]);
    const sess = new tf.Session();
    sess.run(v1.initializer);
    sess.run(v1.assign([5, 6]));
    const v2 = make([2]);
    assert.deepEqual(sess.run(v2).toArray(), [5, 6]);
    const v3 = make([3]);
    assert.throws(() => sess.run(v3), /Attempting to use uninitialized value v/);
  });

  it('refuses stale consumers built by other cells, naming the cells to re-run', () => {
    const w = inCell('def', 3, () => tf.Variable([1.5, 2.5], { name: 'w' }));
    const y = inCell('use', 4, () => w.mul(2));
    inCell('def', 5, () => tf.Variable([1.5, 2.5], { name: 'w' }));
    const sess = new tf.Session();
    assert.throws(() => sess.run(y), (e: Error) => e instanceof tf.errors.FailedPreconditionError
      && /Operation 'mul' \(built by cell \[4\]\) uses 'w\/read', which was replaced when cell \[5\] re-ran: it is stale; re-run cell \[4\]/.test(e.message));
    assert.throws(() => sess.run(w), /'w\/read' was built by an earlier run of cell \[3\] and replaced when cell \[5\] re-ran/);
    assert.deepEqual(tf.get_default_graph().stale_inputs(y.op).map((o) => o.name), ['w/read']);
  });

  it('says in runtime errors where the failing node was defined', () => {
    const v = inCell('def', 7, () => tf.Variable([1, 2], { name: 'u' }));
    const sess = new tf.Session();
    assert.throws(() => sess.run(v), /Attempting to use uninitialized value u\n\t \[\[node u\/read \(defined at cell \[7\]\) \]\]/);
  });

  it('still raises TF\'s clash error between different cells, saying where the variable was defined', () => {
    inCell('first', 3, () => tf.get_variable('shared', [1]));
    assert.throws(() => inCell('second', 4, () => tf.get_variable('shared', [1])),
      /Variable shared already exists, disallowed\. Did you mean to set reuse=True or reuse=tf\.AUTO_REUSE in VarScope\? Originally defined at:\n\ncell \[3\]/);
  });

  it('leaves code outside cells with plain TF semantics', () => {
    tf.constant(1, { name: 'x' });
    assert.equal(tf.constant(1, { name: 'x' }).op.name, 'x_1');
    tf.get_variable('v', [1]);
    assert.throws(() => tf.get_variable('v', [1]), /already exists/);
  });
});
