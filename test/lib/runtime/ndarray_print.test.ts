import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import * as tf from '../../../lib';

describe('NDArray prints as numpy does', () => {
  const f32 = (v: Parameters<typeof tf.NDArray.from>[0]) => tf.NDArray.from(v, tf.float32);

  it('aligns floats on the decimal point and integers to the right', () => {
    assert.equal(inspect(f32([0.5, 2])), 'array([0.5, 2. ], dtype=float32)');
    assert.equal(f32([[1.25, -2], [3, 4.5]]).toString(), '[[ 1.25 -2.  ]\n [ 3.    4.5 ]]');
    assert.equal(tf.NDArray.from(new Int32Array([1, 2, 30])).toString(), '[ 1  2 30]');
    assert.equal(tf.NDArray.from([1, 2, 30]).toString(), '[ 1.  2. 30.]');
    assert.equal(tf.NDArray.from([true, false]).toString(), '[ True False]');
    assert.equal(tf.NDArray.fromStrings(['v', 'w']).toString(), "[b'v', b'w']");
  });

  it('uses float32 shortest forms, 8 fraction digits at most, and exponents for wide ranges', () => {
    assert.equal(f32([1 / 3, 0.1]).toString(), '[0.33333334 0.1       ]');
    assert.equal(tf.NDArray.from([1 / 3, 123.456789123], tf.float64).toString(), '[  0.33333333 123.45678912]');
    assert.equal(tf.NDArray.from([1e-7, 1], tf.float64).toString(), '[1.e-07 1.e+00]');
    assert.equal(tf.NDArray.from([0.001, 2.5], tf.float64).toString(), '[1.0e-03 2.5e+00]');
  });

  it('prints scalars as Python does', () => {
    assert.equal(String(f32(2)), '2.0');
    assert.equal(String(f32(1e-9)), '1e-09');
    assert.equal(String(tf.NDArray.from(1e20, tf.float64)), '1e+20');
    assert.equal(String(tf.NDArray.from(7, tf.int32)), '7');
    assert.equal(String(tf.NDArray.from(7n)), '7');
  });

  it('summarises large arrays without formatting every element', () => {
    const big = new tf.NDArray(tf.float32, [1000, 1000]);
    const text = big.toString();
    assert.equal(text.split('\n').length, 7);
    assert.match(text, /^\[\[0\. 0\. 0\. \.\.\. 0\. 0\. 0\.\]/);
    assert.match(inspect(big), /dtype=float32\)$/);
  });

  it('refuses ragged nested arrays with TF\'s ValueError', () => {
    assert.throws(() => tf.constant([[1, 2], [3]]), (e: Error) => e instanceof tf.ValueError && /Argument must be a dense tensor/.test(e.message));
  });
});
