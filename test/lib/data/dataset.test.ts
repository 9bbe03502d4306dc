/** tf.data in graph mode with TF1 iterators (dataset ops tests restated: values, structures, errors). */
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '../../../lib';
import { cleanup, tmpDir } from '../train/helpers';

/** Every element until OutOfRangeError, as nested JS arrays. */
function drain(sess: tf.Session, next: unknown): unknown[] {
  const out: unknown[] = [];
  for (;;) {
    try {
      const v = sess.run(next as tf.Tensor);
      out.push(Array.isArray(v) ? v.map((x) => (x as tf.NDArray).toArray()) : v instanceof tf.NDArray ? v.toArray()
        : Object.fromEntries(Object.entries(v as Record<string, tf.NDArray>).map(([k, x]) => [k, x.toArray()])));
    } catch (e) {
      if (!(e instanceof tf.errors.OutOfRangeError)) throw e;
      assert.match((e as Error).message, /End of sequence/);
      return out;
    }
  }
}
const elements = (ds: tf.data.Dataset) => drain(new tf.Session(), ds.make_one_shot_iterator().get_next());

describe('tf.data', () => {
  beforeEach(() => tf.reset_default_graph());
  after(cleanup);

  it('from_tensor_slices → map → repeat → batch; graph ops are TF\'s dataset op types', () => {
    const ds = tf.data.Dataset.from_tensor_slices([[1, 2], [3, 4], [5, 6]]).map((x) => tf.multiply(x as tf.Tensor, 2)).repeat(2).batch(2);
    const next = ds.make_one_shot_iterator().get_next() as tf.Tensor;
    assert.deepEqual(next.shape.as_list(), [null, 2]);
    const types = tf.get_default_graph().get_operations().map((o) => o.type);
    for (const t of ['TensorSliceDataset', 'MapDataset', 'RepeatDataset', 'BatchDatasetV2', 'OneShotIterator', 'IteratorGetNext']) assert.ok(types.includes(t), t);
    assert.equal(ds._variant_tensor.dtype, tf.variant);
    assert.deepEqual(drain(new tf.Session(), next), [[[2, 4], [6, 8]], [[10, 12], [2, 4]], [[6, 8], [10, 12]]]);
  });

  it('methods bind by position and by keyword, as TF 1.15 declares them', () => {
    const ds = tf.data.Dataset.range(10)
      .filter({ predicate: (x) => tf.less(x as tf.Tensor, 6) })
      .map((x) => tf.multiply(x as tf.Tensor, 10), { num_parallel_calls: 4 })
      .shuffle({ buffer_size: 1, seed: 3 })
      .batch({ batch_size: 4, drop_remainder: true })
      .repeat({ count: 2 })
      .prefetch({ buffer_size: 1 });
    assert.deepEqual(elements(ds), [[0, 10, 20, 30], [0, 10, 20, 30]]);
    assert.deepEqual(elements(tf.data.Dataset.range(3).take({ count: 2 }).concatenate({ dataset: tf.data.Dataset.range(1).skip(0) })), [0, 1, 0]);
    const padded = tf.data.Dataset.from_tensor_slices([[1, 2], [3, 4]]).padded_batch(2, { padded_shapes: [3] });
    assert.deepEqual(elements(padded), [[[1, 2, 0], [3, 4, 0]]]);
    const it = tf.data.make_initializable_iterator(tf.data.Dataset.range(2), { shared_name: 'shared' });
    assert.equal(it.initializer.type, 'MakeIterator');
    assert.throws(() => tf.data.Dataset.range(3).shuffle({ buffer: 3 } as never), { name: 'TypeError', message: "shuffle() got an unexpected keyword argument 'buffer'" });
    assert.throws(() => (tf.data.Dataset.range(3).batch as (...a: unknown[]) => unknown)(), { name: 'TypeError', message: "batch() missing 1 required positional argument: 'batch_size'" });
  });

  it('range, take, skip, filter, batch(drop_remainder), concatenate, cache', () => {
    assert.deepEqual(elements(tf.data.Dataset.range(2, 12, 3)), [2, 5, 8, 11]);
    assert.deepEqual(elements(tf.data.Dataset.range(10).skip(2).take(3)), [2, 3, 4]);
    assert.deepEqual(elements(tf.data.Dataset.range(10).filter((x) => tf.equal(tf.floormod(x as tf.Tensor, 3), 0))), [0, 3, 6, 9]);
    const dropped = tf.data.Dataset.range(7).batch(3, { drop_remainder: true });
    assert.deepEqual((dropped.output_shapes as tf.TensorShape).as_list(), [3]);
    assert.deepEqual(elements(dropped), [[0, 1, 2], [3, 4, 5]]);
    assert.deepEqual(elements(tf.data.Dataset.range(2).concatenate(tf.data.Dataset.range(5, 7))), [0, 1, 5, 6]);
    assert.deepEqual(elements(tf.data.Dataset.range(3).cache().repeat(2)), [0, 1, 2, 0, 1, 2]);
  });

  it('structures: tuples unpack into map arguments, dicts keep their keys, zip nests', () => {
    const ds = tf.data.Dataset.from_tensor_slices([new Int32Array([1, 2, 3]), ['a', 'b', 'c']]).map((x, s) => [tf.add(x as tf.Tensor, 10), s]);
    assert.deepEqual((ds.output_types as tf.DType[]).map((t) => t.name), ['int32', 'string']);
    assert.deepEqual(elements(ds.take(2)), [[11, 'a'], [12, 'b']]);
    const dict = tf.data.Dataset.from_tensor_slices({ x: [1.5, 2.5], y: [0, 1] });
    assert.deepEqual(elements(dict), [{ x: 1.5, y: 0 }, { x: 2.5, y: 1 }]);
    const zipped = tf.data.Dataset.zip([tf.data.Dataset.range(3), dict]);
    const [i, d] = zipped.make_one_shot_iterator().get_next() as [tf.Tensor, Record<string, tf.Tensor>];
    assert.deepEqual(new tf.Session().run([i, d.x, d.y]).map((v) => (v as tf.NDArray).item()), [0, 1.5, 0]);
  });

  it('shuffle: a permutation, repeatable with a seed, reshuffled each epoch', () => {
    const shuffled = (seed: number) => { tf.reset_default_graph(); return elements(tf.data.Dataset.range(20).shuffle(20, { seed }).repeat(2)) as number[]; };
    const a = shuffled(7), b = shuffled(7);
    assert.deepEqual(a, b);
    assert.deepEqual(a.slice(0, 20).sort((x, y) => x - y), Array.from({ length: 20 }, (_, k) => k));
    assert.notDeepEqual(a.slice(0, 20), a.slice(20));
    assert.notDeepEqual(a.slice(0, 20), Array.from({ length: 20 }, (_, k) => k));
  });

  it('from_generator and padded_batch', () => {
    const ds = tf.data.Dataset.from_generator(function* () { yield [1]; yield [2, 3]; yield [4, 5, 6]; }, tf.int32, [null]);
    assert.deepEqual(elements(ds.padded_batch(2, [null])), [[[1, 0], [2, 3]], [[4, 5, 6]]]);
    assert.deepEqual(elements(ds.padded_batch(3, [4], { padding_values: -1 })), [[[1, -1, -1, -1], [2, 3, -1, -1], [4, 5, 6, -1]]]);
    const bad = tf.data.Dataset.from_generator(function* () { yield [[1]]; }, tf.int32, [null]);
    assert.throws(() => elements(bad), /`generator` yielded an element of shape \(1, 1\) where an element of shape \(\?,\) was expected/);
  });

  it('flat_map and interleave (TF\'s documented order)', () => {
    assert.deepEqual(elements(tf.data.Dataset.range(3).flat_map((x) => tf.data.Dataset.from_tensors(x as tf.Tensor).repeat(2))), [0, 0, 1, 1, 2, 2]);
    const il = tf.data.Dataset.range(1, 6).interleave((x) => tf.data.Dataset.from_tensors(x as tf.Tensor).repeat(6), { cycle_length: 2, block_length: 4 });
    assert.deepEqual(elements(il), [1, 1, 1, 1, 2, 2, 2, 2, 1, 1, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 3, 3, 4, 4, 5, 5, 5, 5, 5, 5]);
  });

  it('initializable iterators with a fed placeholder; uninitialised get_next fails as TF', () => {
    const limit = tf.placeholder(tf.int64, []);
    const it = tf.data.Dataset.range(100).take(limit).make_initializable_iterator();
    const next = it.get_next() as tf.Tensor;
    const sess = new tf.Session();
    assert.throws(() => sess.run(next), (e: Error) => e instanceof tf.errors.FailedPreconditionError && /iterator has not been initialized/.test(e.message));
    sess.run(it.initializer, new Map([[limit, 3]]));
    assert.deepEqual(drain(sess, next), [0, 1, 2]);
    sess.run(it.initializer, new Map([[limit, 2]]));
    assert.deepEqual(drain(sess, next), [0, 1]);
  });

  it('Iterator.from_structure with make_initializer, and from_string_handle switching iterators', () => {
    const train = tf.data.Dataset.range(10, 13), valid = tf.data.Dataset.range(3);
    const it = tf.data.Iterator.from_structure(train.output_types, train.output_shapes);
    const next = it.get_next() as tf.Tensor;
    const sess = new tf.Session();
    sess.run(it.make_initializer(train));
    assert.equal((sess.run(next) as tf.NDArray).item(), 10);
    sess.run(it.make_initializer(valid));
    assert.deepEqual(drain(sess, next), [0, 1, 2]);
    assert.throws(() => it.make_initializer(tf.data.Dataset.from_tensors([1.5])), /Expected output types int64 but got dataset with output types float32/);

    const handle = tf.placeholder(tf.string, []);
    const feedable = tf.data.Iterator.from_string_handle(handle, train.output_types, train.output_shapes);
    const fnext = feedable.get_next() as tf.Tensor;
    const a = train.repeat().make_one_shot_iterator(), b = valid.make_one_shot_iterator();
    const [ha, hb] = sess.run([a.string_handle(), b.string_handle()]) as tf.NDArray[];
    const at = (h: tf.NDArray) => (sess.run(fnext, new Map([[handle, h.strings[0]]])) as tf.NDArray).item();
    assert.deepEqual([at(ha), at(ha), at(hb), at(ha), at(hb)], [10, 11, 0, 12, 1]);
  });

  it('TextLineDataset and TFRecordDataset read files', () => {
    const dir = tmpDir('data');
    fs.writeFileSync(path.join(dir, 'a.txt'), 'first\nsecond\r\nthird\n');
    assert.deepEqual(elements(tf.data.TextLineDataset(path.join(dir, 'a.txt'))), ['first', 'second', 'third']);
    const w = new tf.python_io.TFRecordWriter(path.join(dir, 'r.tfrecord'));
    w.write('x'); w.write('yz'); w.close();
    assert.deepEqual(elements(tf.data.TFRecordDataset([path.join(dir, 'r.tfrecord')]).map((s) => tf.identity(s as tf.Tensor))), ['x', 'yz']);
    assert.throws(() => new tf.Session().run(tf.data.TextLineDataset(path.join(dir, 'missing.txt')).make_one_shot_iterator().get_next() as tf.Tensor), tf.errors.NotFoundError);
  });

  it('a graph with dataset and iterator ops exports to a MetaGraphDef and runs after import', () => {
    const ds = tf.data.Dataset.from_tensor_slices([[1, 2], [3, 4], [5, 6]]).shuffle(3, { seed: 1 }).batch(2);
    const it = ds.make_initializable_iterator();
    it.get_next({ name: 'next' });
    const meta = tf.train.export_meta_graph(null);
    assert.deepEqual(meta.graph_def!.node!.map((n) => n.op).filter((op) => /Dataset|Iterator/.test(op ?? '')),
      ['TensorSliceDataset', 'ShuffleDataset', 'BatchDatasetV2', 'IteratorV2', 'MakeIterator', 'IteratorGetNext']);
    const g = new tf.Graph();
    g.as_default(() => {
      tf.train.import_meta_graph(meta);
      const sess = new tf.Session();
      sess.run('MakeIterator');
      const rows = drain(sess, g.get_tensor_by_name('next:0')) as number[][][];
      assert.deepEqual(rows.map((b) => b.length), [2, 1]);
      assert.deepEqual(rows.flat(1).map((r) => r[0]).sort(), [1, 3, 5]);
    });
  });

  it('a training loop over a dataset ends with OutOfRangeError after the last batch', () => {
    const xs = Array.from({ length: 8 }, (_, i) => [i / 8]);
    const ys = xs.map(([x]) => [2 * x + 1]);
    const [x, y] = tf.data.Dataset.from_tensor_slices([tf.constant(xs), tf.constant(ys)]).map((a, b) => [tf.cast(a as tf.Tensor, tf.float32), tf.cast(b as tf.Tensor, tf.float32)])
      .repeat(20).batch(4).make_one_shot_iterator().get_next() as tf.Tensor[];
    const pred = tf.layers.dense(x, 1);
    const loss = tf.losses.mean_squared_error(y, pred);
    const train = new tf.train.GradientDescentOptimizer(0.5).minimize(loss);
    const sess = new tf.Session();
    sess.run(tf.global_variables_initializer());
    let steps = 0, last = Infinity;
    try { for (;;) { last = (sess.run([train, loss]) as [null, tf.NDArray])[1].item() as number; steps++; } } catch (e) {
      assert.ok(e instanceof tf.errors.OutOfRangeError);
    }
    assert.equal(steps, 40);
    assert.ok(last < 0.05, `final loss ${last}`);
  });
});
