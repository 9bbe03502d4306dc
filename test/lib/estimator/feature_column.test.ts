/** tf.feature_column, SparseCross, StringToHashBucketFast and Bucketize (TF 1.15's feature_column_test, sparse_cross_op_test, string_to_hash_bucket_op_test restated). */
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '../../../lib';

const fc = tf.feature_column;

function run<T extends tf.Tensor | tf.SparseTensor>(t: T): T extends tf.SparseTensor ? tf.SparseTensorValue : tf.NDArray;
function run(t: tf.Tensor | tf.SparseTensor): tf.NDArray | tf.SparseTensorValue {
  const sess = new tf.Session();
  sess.run([tf.global_variables_initializer(), tf.tables_initializer()]);
  return sess.run(t as tf.Tensor) as tf.NDArray | tf.SparseTensorValue;
}
const values = (v: tf.SparseTensorValue) => (v.values as tf.NDArray).toArray();
const sp = (indices: number[][], vals: (number | string)[], dense_shape: number[], dtype?: tf.DType) =>
  new tf.SparseTensor(indices, dtype ? tf.constant(vals as number[], { dtype }) : vals, dense_shape);
const close = (a: ArrayLike<number>, b: number[], tol = 1e-5) => { assert.equal(a.length, b.length); b.forEach((x, i) => assert.ok(Math.abs(a[i] - x) < tol, `${Array.from(a)} vs ${b}`)); };

describe('tf.feature_column', () => {
  beforeEach(() => tf.reset_default_graph());

  it("StringToHashBucketFast is TF's Fingerprint64 modulo the buckets", () => {
    // Fingerprint64('a') = 12917804110809363939, 'b' 11795596070477164822, 'c' 11430444447143000872, 'd' 4470636696479570465.
    assert.deepEqual(run(tf.strings.to_hash_bucket_fast(['a', 'b', 'c', 'd'], 10)).toArray(), [9, 2, 2, 5]);
    assert.deepEqual(run(tf.strings.to_hash_bucket_fast(['a', 'b', 'c'], 1)).toArray(), [0, 0, 0]);
    const t = tf.strings.to_hash_bucket_fast(tf.constant(['x']), 3);
    assert.equal(t.op.type, 'StringToHashBucketFast');
    assert.equal(t.dtype, tf.int64);
  });

  it('numeric_column and bucketized_column: names, shapes, errors', () => {
    const price = fc.numeric_column('price', { shape: [2], default_value: 3 });
    assert.deepEqual(price.default_value, [3, 3]);
    assert.throws(() => fc.numeric_column('aaa', { shape: [2], default_value: [1, 2, 3] }), /The shape of default_value must be equal to given shape/);
    assert.throws(() => fc.numeric_column('aaa', { dtype: tf.string }), /dtype must be convertible to float/);
    const b = fc.bucketized_column(price, [0, 2, 4, 6]);
    assert.equal(b.name, 'price_bucketized');
    assert.deepEqual(b.variable_shape, [2, 5]);
    assert.equal(b.num_buckets, 10);
    assert.throws(() => fc.bucketized_column(price, [1, 1]), /boundaries must be a sorted list\./);
    assert.throws(() => fc.bucketized_column(fc.numeric_column('m', { shape: [2, 2] }), [0]), /source_column must be one-dimensional column/);
    // The bucketized dense tensor is one-hot per element (TF's BucketizedColumnTest.test_get_dense_tensor_two_input_values).
    const out = fc.input_layer({ price: tf.constant([[-1, 1], [5, 6]]) }, [b]);
    assert.deepEqual(run(out).toArray(), [[1, 0, 0, 0, 0, 0, 1, 0, 0, 0], [0, 0, 0, 1, 0, 0, 0, 0, 0, 1]]);
    assert.ok(tf.get_default_graph().get_operation_by_name('input_layer/price_bucketized/Bucketize'));
  });

  it("linear_model over a bucketized column: ids offset per element (TF's test_linear_model_two_input_values)", () => {
    const b = fc.bucketized_column(fc.numeric_column('price', { shape: [2] }), [0, 2, 4, 6]);
    const cols = new Map<tf.feature_column.FeatureColumn | 'bias', tf.Variable | tf.PartitionedVariable>();
    const logits = fc.linear_model({ price: tf.constant([[-1, 1], [5, 6]]) }, [b], { cols_to_vars: cols });
    const w = cols.get(b) as tf.Variable;
    assert.equal(w.op.name, 'linear_model/price_bucketized/weights');
    assert.deepEqual(w.shape.as_list(), [10, 1]);
    const sess = new tf.Session();
    sess.run(tf.global_variables_initializer());
    sess.run(tf.assign(w, tf.constant([[1], [2], [3], [4], [5], [6], [7], [8], [9], [10]])));
    // buckets (0, 1) → ids 0, 6 → 1 + 7; buckets (3, 4) → ids 3, 9 → 4 + 10.
    close(sess.run(logits).data as Float32Array, [8, 14]);
    sess.run(tf.assign(cols.get('bias') as tf.Variable, [1]));
    close(sess.run(logits).data as Float32Array, [9, 15]);
  });

  it('categorical_column_with_hash_bucket: strings and integers hashed as TF hashes them', () => {
    const strings = fc.categorical_column_with_hash_bucket('wire', 10);
    const builder = new fc.LazyBuilder({ wire: sp([[0, 0], [1, 0], [1, 1]], ['omar', 'stringer', 'marlo'], [2, 2]) });
    const got = run(builder.get(strings) as tf.SparseTensor);
    assert.deepEqual(values(got), [6, 4, 1]);
    const ints = fc.categorical_column_with_hash_bucket('wire', 10, { dtype: tf.int64 });
    const b2 = new fc.LazyBuilder({ wire: sp([[0, 0], [1, 0], [1, 1]], [101, 201, 301], [2, 2], tf.int32) });
    assert.deepEqual(values(run(b2.get(ints) as tf.SparseTensor)), [3, 7, 5]);
    assert.throws(() => fc.categorical_column_with_hash_bucket('aaa', 0), /hash_bucket_size must be at least 1\. hash_bucket_size: 0, key: aaa/);
    assert.throws(() => fc.categorical_column_with_hash_bucket('aaa', 10, { dtype: tf.float32 }), /column_name: aaa dtype must be string or integer\. dtype: float32\./);
  });

  it("linear_model over a hashed column (TF's test_linear_model: 'marlo' → 3, 'skywalker' and 'omar' → 2)", () => {
    const wire = fc.categorical_column_with_hash_bucket('wire', 4);
    const cols = new Map<tf.feature_column.FeatureColumn | 'bias', tf.Variable | tf.PartitionedVariable>();
    const logits = fc.linear_model({ wire: sp([[0, 0], [1, 0], [1, 1]], ['marlo', 'skywalker', 'omar'], [2, 2]) }, [wire], { cols_to_vars: cols });
    const w = cols.get(wire) as tf.Variable;
    assert.equal(w.op.name, 'linear_model/wire/weights');
    const sess = new tf.Session();
    sess.run(tf.global_variables_initializer());
    close(sess.run(logits).data as Float32Array, [0, 0]);
    sess.run(tf.assign(w, [[1], [2], [3], [4]]));
    close(sess.run(logits).data as Float32Array, [4, 6]);
    assert.ok(tf.get_default_graph().get_operation_by_name('linear_model/wire/lookup'));
  });

  it('categorical_column_with_vocabulary_list: ids, default_value, OOV buckets, integer vocabularies', () => {
    const input = () => sp([[0, 0], [1, 0], [1, 1]], ['marlo', 'skywalker', 'omar'], [2, 2]);
    const col = fc.categorical_column_with_vocabulary_list('aaa', ['omar', 'stringer', 'marlo']);
    assert.equal(col.num_buckets, 3);
    const ids = run(new fc.LazyBuilder({ aaa: input() }).get(col) as tf.SparseTensor);
    assert.deepEqual(values(ids), [2, -1, 0]);
    assert.deepEqual((ids.indices as tf.NDArray).toArray(), [[0, 0], [1, 0], [1, 1]]);
    tf.reset_default_graph();
    const def = fc.categorical_column_with_vocabulary_list('aaa', ['omar', 'stringer', 'marlo'], { default_value: 2 });
    assert.deepEqual(values(run(new fc.LazyBuilder({ aaa: input() }).get(def) as tf.SparseTensor)), [2, 2, 0]);
    tf.reset_default_graph();
    const oov = fc.categorical_column_with_vocabulary_list('aaa', ['omar', 'stringer', 'marlo'], { num_oov_buckets: 100 });
    assert.equal(oov.num_buckets, 103);
    const four = sp([[0, 0], [1, 0], [1, 1], [2, 2]], ['marlo', 'skywalker', 'omar', 'heisenberg'], [3, 3]);
    assert.deepEqual(values(run(new fc.LazyBuilder({ aaa: four }).get(oov) as tf.SparseTensor)), [2, 33, 0, 62]);
    tf.reset_default_graph();
    const ints = fc.categorical_column_with_vocabulary_list('aaa', [12, 24, 36], { dtype: tf.int32 });
    const dense = new fc.LazyBuilder({ aaa: tf.constant([[12, -1], [36, 24]], { dtype: tf.int32 }) }).get(ints) as tf.SparseTensor;
    const v = run(dense);
    // A dense input drops its ignore value (-1 for integers) first.
    assert.deepEqual((v.indices as tf.NDArray).toArray(), [[0, 0], [1, 0], [1, 1]]);
    assert.deepEqual(values(v), [0, 2, 1]);
    assert.throws(() => fc.categorical_column_with_vocabulary_list('aaa', ['a', 'a']), /Duplicate keys in vocabulary_list/);
    assert.throws(() => fc.categorical_column_with_vocabulary_list('aaa', ['a'], { num_oov_buckets: 1, default_value: 0 }), /Can't specify both num_oov_buckets and default_value in aaa\./);
    assert.throws(() => fc.categorical_column_with_vocabulary_list('aaa', ['a'], { dtype: tf.int64 }), /dtype int64 and vocabulary dtype string do not match, column_name: aaa/);
  });

  it('categorical_column_with_vocabulary_file: line numbers, vocabulary_size, OOV buckets', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fc-vocab-'));
    const file = path.join(dir, 'wire_vocabulary.txt');
    fs.writeFileSync(file, 'omar\nstringer\nmarlo\n');
    const col = fc.categorical_column_with_vocabulary_file('aaa', file);
    assert.equal(col.num_buckets, 3);
    const input = sp([[0, 0], [1, 0], [1, 1]], ['marlo', 'skywalker', 'omar'], [2, 2]);
    assert.deepEqual(values(run(new fc.LazyBuilder({ aaa: input }).get(col) as tf.SparseTensor)), [2, -1, 0]);
    tf.reset_default_graph();
    const oov = fc.categorical_column_with_vocabulary_file('aaa', file, { vocabulary_size: 2, num_oov_buckets: 1 });
    assert.equal(oov.num_buckets, 3);
    const input2 = sp([[0, 0], [1, 0], [1, 1]], ['marlo', 'skywalker', 'stringer'], [2, 2]);
    assert.deepEqual(values(run(new fc.LazyBuilder({ aaa: input2 }).get(oov) as tf.SparseTensor)), [2, 2, 1]);
    assert.throws(() => fc.categorical_column_with_vocabulary_file('aaa', path.join(dir, 'none.txt')), /vocabulary_file in aaa does not exist\./);
    assert.throws(() => fc.categorical_column_with_vocabulary_file('aaa', ''), /Missing vocabulary_file in aaa\./);
    fs.rmSync(dir, { recursive: true });
  });

  it('categorical_column_with_identity: ids checked in range, or the default for out-of-range ones', () => {
    const col = fc.categorical_column_with_identity('aaa', 3);
    const ok = new fc.LazyBuilder({ aaa: sp([[0, 0], [1, 0], [1, 1]], [0, 1, 0], [2, 2], tf.int64) }).get(col) as tf.SparseTensor;
    assert.deepEqual(values(run(ok)), [0, 1, 0]);
    tf.reset_default_graph();
    const bad = new fc.LazyBuilder({ aaa: sp([[0, 0], [1, 0], [1, 1]], [1, -1, 99], [2, 2], tf.int64) }).get(col) as tf.SparseTensor;
    assert.throws(() => run(bad), /assert_less_than_num_buckets|assert_greater_or_equal_0/);
    tf.reset_default_graph();
    const withDefault = fc.categorical_column_with_identity('aaa', 4, { default_value: 3 });
    const d = new fc.LazyBuilder({ aaa: sp([[0, 0], [1, 0], [1, 1]], [1, -1, 99], [2, 2], tf.int64) }).get(withDefault) as tf.SparseTensor;
    assert.deepEqual(values(run(d)), [1, 3, 3]);
    assert.throws(() => fc.categorical_column_with_identity('aaa', 0), /num_buckets 0 < 1, column_name aaa/);
    assert.throws(() => fc.categorical_column_with_identity('aaa', 3, { default_value: 3 }), /default_value 3 not in range \[0, 3\), column_name aaa/);
  });

  it("crossed_column: SparseCross hashes as TF does (TF's test_get_sparse_tensors, nested crosses, hash_key 5)", () => {
    const a = fc.numeric_column('a', { dtype: tf.int32, shape: [2] });
    const b = fc.bucketized_column(a, [0, 1]);
    const crossed1 = fc.crossed_column(['d1', 'd2'], 10);
    const crossed2 = fc.crossed_column([b, 'c', crossed1], 15, { hash_key: 5 });
    assert.equal(crossed2.name, 'a_bucketized_X_c_X_d1_X_d2');
    assert.equal(crossed2.num_buckets, 15);
    const builder = new fc.LazyBuilder({
      a: tf.constant([[-1, 0.5], [0.5, 1]]),
      c: sp([[0, 0], [1, 0], [1, 1]], ['cA', 'cB', 'cC'], [2, 2]),
      d1: sp([[0, 0], [1, 0], [1, 1]], ['d1A', 'd1B', 'd1C'], [2, 2]),
      d2: sp([[0, 0], [1, 0], [1, 1]], ['d2A', 'd2B', 'd2C'], [2, 2]),
    });
    const ids = crossed2.getSparseTensors(builder).id_tensor;
    assert.equal(ids.values.op.type, 'SparseCross');
    const v = run(ids);
    assert.deepEqual((v.indices as tf.NDArray).toArray(), [[0, 0], [0, 1], ...Array.from({ length: 16 }, (_, i) => [1, i])]);
    assert.deepEqual(values(v), [6, 14, 0, 13, 8, 8, 10, 12, 2, 0, 1, 9, 8, 12, 2, 0, 10, 11]);
    assert.deepEqual((v.dense_shape as tf.NDArray).toArray(), [2, 16]);
    assert.throws(() => fc.crossed_column(['a'], 10), /keys must be a list with length > 1/);
    assert.throws(() => fc.crossed_column(['a', fc.categorical_column_with_hash_bucket('h', 5)], 10), /categorical_column_with_hash_bucket is not supported for crossing/);
  });

  it('sparse_cross joins features with _X_, dense inputs after sparse ones', () => {
    const out = tf.sparse.cross([sp([[0, 0], [1, 0], [1, 1]], ['a', 'b', 'c'], [2, 2]), tf.constant([['x'], ['y']])]);
    const v = run(out);
    assert.deepEqual((v.values as tf.NDArray).strings, ['a_X_x', 'b_X_y', 'c_X_y']);
    assert.deepEqual((v.indices as tf.NDArray).toArray(), [[0, 0], [1, 0], [1, 1]]);
  });

  it("indicator_column: multi-hot counts, or weights from a weighted column (TF's IndicatorColumnTest)", () => {
    const animal = fc.indicator_column(fc.categorical_column_with_identity('animal', 4));
    assert.equal(animal.name, 'animal_indicator');
    const out = fc.input_layer({ animal: sp([[0, 0], [0, 1]], [1, 2], [1, 2], tf.int64) }, [animal]);
    assert.deepEqual(run(out).toArray(), [[0, 1, 1, 0]]);
    tf.reset_default_graph();
    const weighted = fc.weighted_categorical_column(fc.categorical_column_with_identity('ids', 3), 'weights');
    assert.equal(weighted.name, 'ids_weighted_by_weights');
    const ind = fc.indicator_column(weighted);
    const w = fc.input_layer({ ids: sp([[0, 0], [0, 1]], [2, 1], [1, 2], tf.int64), weights: sp([[0, 0], [0, 1]], [6, 4], [1, 2], tf.float32) }, [ind]);
    close(run(w).data as Float32Array, [0, 4, 6]);
    assert.throws(() => fc.input_layer({ animal: tf.constant([[1]], { dtype: tf.int64 }) }, [fc.categorical_column_with_identity('animal', 4)]),
      /Items of feature_columns must be a _DenseColumn\. You can wrap a categorical column with an embedding_column or indicator_column/);
  });

  it("embedding_column in input_layer: TF's variable name and mean-combined rows (TF's EmbeddingColumnTest.test_get_dense_tensor)", () => {
    const col = fc.embedding_column(fc.categorical_column_with_identity('aaa', 3), 2, { initializer: tf.constant_initializer([[1, 2], [3, 5], [7, 11]]) });
    assert.equal(col.name, 'aaa_embedding');
    const out = fc.input_layer({ aaa: sp([[0, 0], [1, 0], [1, 4], [3, 0]], [2, 0, 1, 1], [4, 5], tf.int64) }, [col]);
    const vars = tf.global_variables().map((v) => `${v.op.name} ${v.shape}`);
    assert.deepEqual(vars, ['input_layer/aaa_embedding/embedding_weights (3, 2)']);
    close(run(out).data as Float32Array, [7, 11, 2, 3.5, 0, 0, 3, 5]);
    tf.reset_default_graph();
    const sum = fc.embedding_column(fc.categorical_column_with_identity('aaa', 3), 2, { combiner: 'sum', initializer: tf.constant_initializer([[1, 2], [3, 5], [7, 11]]) });
    close(run(fc.input_layer({ aaa: sp([[0, 0], [0, 1]], [0, 1], [1, 2], tf.int64) }, [sum])).data as Float32Array, [4, 7]);
    assert.throws(() => fc.embedding_column(fc.categorical_column_with_identity('aaa', 3), 0), /Invalid dimension 0\./);
    assert.throws(() => fc.embedding_column(fc.categorical_column_with_identity('aaa', 3), 2, { ckpt_to_load_from: 'x' }), /Must specify both `ckpt_to_load_from` and `tensor_name_in_ckpt` or none of them\./);
  });

  it('weighted_categorical_column in linear_model: weights scale the id rows', () => {
    const col = fc.weighted_categorical_column(fc.categorical_column_with_identity('ids', 3), 'values');
    const cols = new Map<tf.feature_column.FeatureColumn | 'bias', tf.Variable | tf.PartitionedVariable>();
    const logits = fc.linear_model({
      ids: sp([[0, 0], [1, 0], [1, 1]], [0, 2, 1], [2, 2], tf.int64), values: sp([[0, 0], [1, 0], [1, 1]], [0.5, 1, 0.1], [2, 2], tf.float32),
    }, [col], { cols_to_vars: cols });
    assert.equal((cols.get(col) as tf.Variable).op.name, 'linear_model/ids_weighted_by_values/weights');
    const sess = new tf.Session();
    sess.run(tf.global_variables_initializer());
    sess.run(tf.assign(cols.get(col) as tf.Variable, [[1], [2], [3]]));
    // .5 × 1; 1 × 3 + .1 × 2.
    close(sess.run(logits).data as Float32Array, [0.5, 3.2]);
    assert.throws(() => fc.weighted_categorical_column(fc.categorical_column_with_identity('ids', 3), 'values', { dtype: tf.string }), /dtype string is not convertible to float\./);
  });

  it("input_layer of several columns: name order, TF's scopes and variable names, hand-computed rows", () => {
    const emb = fc.embedding_column(fc.categorical_column_with_vocabulary_list('word', ['a', 'b', 'c']), 2, { initializer: tf.constant_initializer([[1, 2], [3, 5], [7, 11]]) });
    const price = fc.numeric_column('price', { shape: [2] });
    const color = fc.indicator_column(fc.categorical_column_with_hash_bucket('color', 3));
    // Given out of order: TF sorts by name (color_indicator, price, word_embedding).
    const out = fc.input_layer({
      price: tf.constant([[1, 2], [3, 4]]),
      word: sp([[0, 0], [0, 1], [1, 0]], ['a', 'c', 'b'], [2, 2]),
      color: sp([[0, 0], [1, 0]], ['a', 'b'], [2, 1]),
    }, [price, emb, color]);
    assert.deepEqual(tf.global_variables().map((v) => v.op.name), ['input_layer/word_embedding/embedding_weights']);
    assert.deepEqual(tf.trainable_variables().map((v) => v.op.name), ['input_layer/word_embedding/embedding_weights']);
    // input_layer puts its variables in MODEL_VARIABLES too, as TF's _internal_input_layer does.
    assert.deepEqual(tf.get_collection(tf.GraphKeys.MODEL_VARIABLES).map((v) => (v as tf.Variable).op.name), ['input_layer/word_embedding/embedding_weights']);
    const g = tf.get_default_graph();
    assert.equal(out.op.name, 'input_layer/concat');
    for (const n of ['input_layer/color_indicator/Reshape', 'input_layer/price/Reshape', 'input_layer/word_embedding/Reshape']) assert.ok(g.get_operation_by_name(n), n);
    // Fingerprint64 (values above) mod 3: 'a' → 0, 'b' → 1; word rows mean-combined: (a + c) / 2, b.
    const rows = run(out);
    assert.deepEqual(rows.shape, [2, 7]);
    close(rows.data as Float32Array, [1, 0, 0, 1, 2, 4, 6.5, 0, 1, 0, 3, 4, 3, 5]);
  });

  it("linear_model over numeric, embedding and categorical columns: TF's variable names, units 2, hand-computed logits", () => {
    const emb = fc.embedding_column(fc.categorical_column_with_identity('aaa', 3), 2, { initializer: tf.constant_initializer([[1, 2], [3, 5], [7, 11]]) });
    const x = fc.numeric_column('x');
    const ids = fc.categorical_column_with_identity('bbb', 2);
    const cols = new Map<tf.feature_column.FeatureColumn | 'bias', tf.Variable | tf.PartitionedVariable>();
    const logits = fc.linear_model({
      aaa: sp([[0, 0], [1, 0], [1, 1]], [0, 1, 2], [2, 2], tf.int64),
      x: tf.constant([[2], [-1]]),
      bbb: sp([[0, 0], [1, 0]], [1, 0], [2, 1], tf.int64),
    }, [x, emb, ids], { units: 2, cols_to_vars: cols });
    assert.deepEqual(tf.global_variables().map((v) => `${v.op.name} ${v.shape}`).sort(), [
      'linear_model/aaa_embedding/embedding_weights (3, 2)',
      'linear_model/aaa_embedding/weights (2, 2)',
      'linear_model/bbb/weights (2, 2)',
      'linear_model/bias_weights (2,)',
      'linear_model/x/weights (1, 2)',
    ]);
    assert.deepEqual(tf.get_collection(tf.GraphKeys.MODEL_VARIABLES).map((v) => (v as tf.Variable).op.name).sort(), [
      'linear_model/aaa_embedding/embedding_weights', 'linear_model/aaa_embedding/weights', 'linear_model/bbb/weights', 'linear_model/bias_weights', 'linear_model/x/weights',
    ]);
    assert.equal(logits.op.name, 'linear_model/weighted_sum');
    assert.equal(logits.op.type, 'BiasAdd');
    assert.equal(tf.get_default_graph().get_operation_by_name('linear_model/weighted_sum_no_bias').type, 'AddN');
    const sess = new tf.Session();
    sess.run(tf.global_variables_initializer());
    close(sess.run(logits).data as Float32Array, [0, 0, 0, 0]);
    sess.run([
      tf.assign(cols.get(emb) as tf.Variable, [[1, 0], [0, 1]]),
      tf.assign(cols.get(x) as tf.Variable, [[10, 100]]),
      tf.assign(cols.get(ids) as tf.Variable, [[1, 2], [3, 4]]),
      tf.assign(cols.get('bias') as tf.Variable, [0.5, -0.5]),
    ]);
    // Row 0: x 2 → (20, 200); embedding row 0 (1, 2); bbb id 1 → (3, 4); bias → (24.5, 205.5).
    // Row 1: x -1 → (-10, -100); embedding mean of rows 1, 2 (5, 8); bbb id 0 → (1, 2); bias → (-3.5, -90.5).
    close(sess.run(logits).data as Float32Array, [24.5, 205.5, -3.5, -90.5]);
  });

  it('input_layer and linear_model refuse what TF refuses', () => {
    const a = fc.numeric_column('a');
    assert.throws(() => fc.input_layer({ a: tf.constant([1]) }, []), /feature_columns must not be empty\./);
    assert.throws(() => fc.input_layer({ a: tf.constant([1]) }, [a, fc.numeric_column('a')]), /Duplicate feature column name found for columns/);
    assert.throws(() => fc.linear_model({ a: tf.constant([1]) }, [a], { sparse_combiner: 'max' as 'sum' }), /sparse_combiner must be one of/);
    assert.throws(() => fc.input_layer({ b: tf.constant([1]) }, [a]), /Feature a is not in features dictionary\./);
  });
});
