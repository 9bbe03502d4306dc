// The op schema table: one place where the graph, the executor and tools look an op type up, and its
// `stateful` flag, read through statefulAncestors (what evaluating a tensor would run that has state).
import assert from 'node:assert/strict';
import * as tf from '../../../lib';
import { getOpSchema, isStateful, registeredOpTypes, statefulAncestors } from '../../../lib/framework/graph';
import { OP_TYPES } from '../../../lib/framework/op_types';

const typesOf = (ops: readonly tf.Operation[]) => ops.map((o) => o.type);

describe('framework: op schemas', () => {
  beforeEach(() => tf.reset_default_graph());

  it('declares exactly the op types OP_TYPES names (the list kernels and gradients are checked against)', () => {
    // Test files may declare probe ops of their own (`Test…`, e.g. the while-loop scheduling probe).
    assert.ok(!OP_TYPES.some((t) => t.startsWith('Test')), 'no library op type is named Test…');
    assert.deepEqual(registeredOpTypes().filter((t) => !t.startsWith('Test')), [...OP_TYPES].sort());
  });

  it('declares TF\'s stateful ops stateful, and pure ops not', () => {
    const stateful = registeredOpTypes().filter((t) => getOpSchema(t)!.stateful);
    for (const t of ['VariableV2', 'Assign', 'AssignAdd', 'AssignSub', 'CountUpTo', 'RandomStandardNormal', 'TruncatedNormal',
      'RandomUniform', 'RandomUniformInt', 'RandomShuffle', 'Print', 'SaveV2', 'RestoreV2', 'ApplyGradientDescent', 'ApplyAdam']) {
      assert.ok(stateful.includes(t), t);
    }
    for (const t of ['Const', 'Add', 'MatMul', 'Identity', 'Placeholder', 'Conv2D', 'Sum']) assert.ok(!stateful.includes(t), t);
  });

  it('lists the stateful ops a fetch depends on, through inputs and control inputs, oldest first', () => {
    const pure = tf.add(tf.constant(1), 2);
    assert.deepEqual(statefulAncestors(pure), []);
    assert.equal(isStateful(pure.op), false);

    const v = tf.Variable(1.0, { name: 'v' });
    const read = tf.multiply(v, 2);
    assert.deepEqual(typesOf(statefulAncestors(read)), ['VariableV2']);

    const noisy = tf.add(tf.random_normal([2]), 1);
    assert.deepEqual(typesOf(statefulAncestors(noisy)), ['RandomStandardNormal']);

    const printed = tf.Print(tf.constant([1, 2]), [tf.constant(3)]);
    const after = tf.control_dependencies([printed.op], () => tf.identity(tf.constant(0)));
    assert.deepEqual(typesOf(statefulAncestors(after)), ['Print']);
    assert.ok(isStateful(printed.op));

    const init = v.initializer;
    assert.deepEqual(typesOf(statefulAncestors(init)), ['VariableV2', 'Assign']);
  });
});
