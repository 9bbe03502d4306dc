// JavaScript numbers are float32 (TensorFlow.js's rule) and weakly typed: integers come from an explicit dtype,
// an integer typed array or a BigInt, or from an op input TF types as integer; a constant made from numbers takes
// the fixed dtype it meets while its values fit and no op has used it.
import assert from 'node:assert/strict';
import * as tf from '../../../lib';
import { run } from './helpers';

describe('the dtype of JavaScript values', () => {
  beforeEach(() => tf.reset_default_graph());

  it('numbers are float32; Int32Array, BigInt and an explicit dtype make integers', () => {
    assert.equal(tf.constant(3).dtype, tf.float32);
    assert.equal(tf.constant([1.0, 2.0, 3.0]).dtype, tf.float32);
    assert.equal(tf.Variable(0.0).dtype.base_dtype, tf.float32);
    assert.equal(tf.constant(new Int32Array([1, 2])).dtype, tf.int32);
    assert.equal(tf.constant(483n).dtype, tf.int64);
    assert.deepEqual(run(tf.constant([483n, 2n])).toArray(), [483, 2]);
    assert.equal(tf.constant(3, { dtype: tf.int32 }).dtype, tf.int32);
    assert.equal(tf.constant(3, tf.int8).dtype, tf.int8);
    assert.equal(tf.convert_to_tensor([1, 2]).dtype, tf.float32);
    assert.equal(tf.zeros([2]).dtype, tf.float32);
  });

  it('the guide\'s float code computes in float32', () => {
    assert.deepEqual(run(tf.constant([1.0, 2.0]).add(0.5)).toArray(), [1.5, 2.5]);
    const product = tf.matmul(tf.constant([[1.0, 2.0]]), tf.constant([[0.5], [0.25]]));
    assert.equal(product.dtype, tf.float32);
    assert.deepEqual(run(product).toArray(), [[1]]);
    assert.deepEqual(run(tf.truediv(tf.constant(7), 2)).item(), 3.5);
  });

  it('inputs TF types as integers take numbers as int32, and tf.range of integers stays int32', () => {
    const x = tf.zeros([2, 3]);
    const reshaped = tf.reshape(x, [3, 2]);
    assert.equal(reshaped.op.inputs[1].dtype, tf.int32);
    assert.equal(tf.concat([x, x], 1).op.inputs[2].dtype, tf.int32);
    assert.equal(tf.transpose(x, [1, 0]).op.inputs[1].dtype, tf.int32);
    assert.equal(tf.tile(x, [2, 1]).op.inputs[1].dtype, tf.int32);
    assert.equal(tf.pad(x, [[1, 0], [0, 1]]).op.inputs[1].dtype, tf.int32);
    assert.equal(tf.gather(x, [1, 0]).op.inputs[1].dtype, tf.int32);
    assert.equal(tf.one_hot([0, 2], 3).op.inputs[0].dtype, tf.int32);
    assert.equal(tf.reduce_sum(x, 1).op.inputs[1].dtype, tf.int32);
    tf.random_normal([2, 2], { seed: 1 });
    assert.equal(tf.get_default_graph().get_tensor_by_name('random_normal/shape:0').dtype, tf.int32);
    assert.equal(tf.range(5).dtype, tf.int32);
    assert.equal(tf.range(0, 1, 0.25).dtype, tf.float32);
    // A float where an integer belongs is TF's TypeError.
    assert.throws(() => tf.gather(x, [0.5]), { name: 'TypeError', message: "Value passed to parameter 'indices' has DataType float32 not in list of allowed values: int32, int64" });
  });

  it('a constant made from numbers takes the dtype it meets, in place, while no op has used it', () => {
    const p = tf.placeholder(tf.int32, [2], { name: 'p' });
    const c = tf.constant([23, 42]);
    const sum = p.add(c);
    assert.equal(c.dtype, tf.int32);
    assert.equal(c.name, 'Const:0');
    assert.equal(sum.dtype, tf.int32);
    assert.deepEqual(run(sum, { 'p:0': [1, 2] }).toArray(), [24, 44]);
    // Integer-typed inputs too: a weak constant as reshape's shape becomes int32.
    const shape = tf.constant([3, 2]);
    assert.equal(tf.reshape(tf.zeros([6]), shape).shape.toString(), '(3, 2)');
    assert.equal(shape.dtype, tf.int32);
    // get_variable's dtype (the issue's example) and a float64 operand.
    const v = tf.get_variable('v', { dtype: tf.int32, initializer: tf.constant([23, 42]) });
    assert.equal(v.dtype.base_dtype, tf.int32);
    const d = tf.constant([1, 2], { dtype: tf.float64 }).mul(tf.constant([0.5, 2]));
    assert.equal(d.dtype, tf.float64);
    assert.deepEqual(run(d).toArray(), [0.5, 4]);
  });

  it('keeps its dtype once used, or where its values do not fit: TF\'s error, with a hint', () => {
    const p = tf.placeholder(tf.int32, [2], { name: 'p' });
    const used = tf.constant([1, 2]);
    tf.square(used);
    assert.throws(() => p.add(used), (e: Error) => e.name === 'TypeError'
      && e.message.startsWith("Input 'y' of 'Add' Op has type float32 that does not match type int32 of argument 'x'.")
      && /Hint: JavaScript numbers make float32 tensors, and 'Const:0' holds \[1,2\]/.test(e.message));
    assert.throws(() => p.add(tf.constant([1.5, 2])), /has type float32 that does not match type int32[^]*holds \[1\.5,2\], which is not int32/);
    assert.throws(() => tf.get_variable('w', { dtype: tf.int32, initializer: tf.constant([1.5, 2]) }),
      /Initializer type '<dtype: 'float32'>' and explicit dtype '<dtype: 'int32'>' don't match\./);
  });

  it('an int32 tensor made from JavaScript values meeting a float32 one: the hint names the value and {dtype: tf.float32}', () => {
    const ints = tf.constant([1, 2], { dtype: tf.int32 });
    assert.throws(() => tf.add(ints, tf.placeholder(tf.float32, [2])), (e: Error) => e.name === 'TypeError'
      && e.message.includes("Input 'y' of 'Add' Op has type float32 that does not match type int32 of argument 'x'.")
      && e.message.includes("Hint: 'Const:0' is int32, made from the JavaScript value [1,2] with an integer dtype; give it {dtype: tf.float32} (tf.constant([1,2], {dtype: tf.float32}))"));
    assert.throws(() => tf.convert_to_tensor(ints, { dtype: tf.float32 }), /Tensor conversion requested dtype float32 for Tensor with dtype int32[^]*give it \{dtype: tf\.float32\}/);
  });

  it('a plain number next to a tensor takes the tensor\'s dtype', () => {
    const i = tf.constant([1, 2], { dtype: tf.int32 });
    assert.equal(i.mul(2).dtype, tf.int32);
    assert.throws(() => i.mul(0.5), /Expected int32, got 0\.5 of type 'float' instead/);
    assert.equal(tf.placeholder(tf.float64).mul(2).dtype, tf.float64);
  });
});
