import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '../../../lib/index';
import { InvalidArgumentError, ValueError } from '../../../lib/framework/errors';
import { NDArray } from '../../../lib/framework/ndarray';
import { TensorShape } from '../../../lib/framework/tensor_shape';
import { DType, float32, string as stringDtype } from '../../../lib/framework/dtypes';
import { makeOp } from '../../../lib/ops/op_builder';
import { dtypesAttrValue } from '../../../lib/train/io_ops';
import { Table } from '../../../lib/train/table';
import { TensorSlice, encodeTensorNameSlice, parseShapeAndSlice } from '../../../lib/train/tensor_slice';
import { setLogSink } from '../../../lib/train/logging';
import { checkpointBundle } from '../../../widgets/checkpoint_view';
import { cleanup, hex, sharedFixtures, tmpDir } from '../train/helpers';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
/** [rows, cols] filled with 0, 1, 2 ... row-major. */
const counting = (rows: number, cols: number) => range(rows).map((r) => range(cols).map((c) => r * cols + c));

function partitioned(name: string, shape: number[], parts: number, axis = 0): tf.PartitionedVariable {
  const init = NDArray.from(counting(shape[0], shape[1]), float32);
  return tf.get_variable(name, shape, { initializer: init, partitioner: tf.fixed_size_partitioner(parts, axis) });
}

describe('variables/partitioned variables', () => {
  let restoreLog: ReturnType<typeof setLogSink>;
  before(() => { restoreLog = setLogSink(() => undefined); });
  after(() => { setLogSink(restoreLog); cleanup(); });
  beforeEach(() => tf.reset_default_graph());

  describe('partitioners', () => {
    it('fixed_size_partitioner takes the given number of parts, at most the axis length', () => {
      assert.deepEqual(tf.fixed_size_partitioner(3)(new TensorShape([10, 4]), float32), [3, 1]);
      assert.deepEqual(tf.fixed_size_partitioner(3, 1)(new TensorShape([10, 2]), float32), [1, 2]);
    });

    it('variable_axis_size_partitioner keeps parts below max_shard_bytes', () => {
      // 1024 rows of 64 float32 = 256 bytes a row; 64 KiB holds 256 rows.
      assert.deepEqual(tf.variable_axis_size_partitioner(64 << 10)(new TensorShape([1024, 64]), float32), [4, 1]);
      assert.deepEqual(tf.variable_axis_size_partitioner(64 << 10, 0, 16, 3)(new TensorShape([1024, 64]), float32), [3, 1]);
      assert.deepEqual(tf.variable_axis_size_partitioner(100, 0, 10)(new TensorShape([5, 4]), stringDtype), [3, 1]);
      assert.throws(() => tf.variable_axis_size_partitioner(0), /Both max_shard_bytes and bytes_per_string_element must be positive/);
    });

    it('min_max_variable_partitioner: parts of at least min_slice_size, at most max_partitions (TF docstring example)', () => {
      assert.deepEqual(tf.min_max_variable_partitioner(32)(new TensorShape([1024, 1024]), float32), [16, 1]);
      assert.deepEqual(tf.min_max_variable_partitioner(8)(new TensorShape([1024, 1024]), float32), [8, 1]);
      assert.throws(() => tf.min_max_variable_partitioner(2, 2)(new TensorShape([4, 4]), float32), /Can not partition variable along axis 2/);
    });
  });

  describe('get_variable with a partitioner', () => {
    it('makes <name>/part_<i> variables, the first size % n one longer, with their SaveSliceInfo', () => {
      const w = partitioned('w', [10, 4], 3);
      assert.ok(w instanceof tf.PartitionedVariable);
      assert.equal(w.name, 'w');
      assert.equal(String(w.get_shape()), '(10, 4)');
      assert.equal(w.length, 3);
      const parts = [...w];
      assert.deepEqual(parts.map((p) => p.name), ['w/part_0:0', 'w/part_1:0', 'w/part_2:0']);
      assert.deepEqual(parts.map((p) => p.shape.as_list()), [[4, 4], [3, 4], [3, 4]]);
      const info = parts[1]._save_slice_info!;
      assert.equal(info.full_name, 'w');
      assert.deepEqual([...info.full_shape], [10, 4]);
      assert.deepEqual([...info.var_offset], [4, 0]);
      assert.deepEqual([...info.var_shape], [3, 4]);
      assert.equal(info.spec, '10 4 4,3:0,4');
      assert.deepEqual(tf.global_variables().map((v) => v.op.name), ['w/part_0', 'w/part_1', 'w/part_2']);
      assert.deepEqual(w._get_partitions(), [3, 1]);
    });

    it('as_tensor concatenates the parts (ConcatPartitions, then an Identity named like the variable)', () => {
      const w = partitioned('w', [5, 3], 2, 1);
      assert.deepEqual([...w].map((p) => p.shape.as_list()), [[5, 2], [5, 1]]);
      const t = w.as_tensor();
      assert.equal(t.op.name, 'w');
      assert.equal(t.op.inputs[0].op.name, 'w/ConcatPartitions/concat');
      const sess = new tf.Session();
      sess.run(tf.global_variables_initializer());
      assert.deepEqual(sess.run(t).toArray(), counting(5, 3));
      // Used as a tensor, it is the full value.
      assert.deepEqual(sess.run(tf.reduce_sum(w)).item(), 105);
      // assign gives each part its slice of the value.
      sess.run(w.assign_add(tf.ones([5, 3])));
      assert.deepEqual(sess.run(t).toArray(), counting(5, 3).map((r) => r.map((x) => x + 1)));
    });

    it('an initializer function is called per part with its partition info (fans of the full variable)', () => {
      const seen: unknown[] = [];
      const init = Object.assign((shape: readonly number[], dtype?: DType | null, info?: tf.PartitionInfo | null) => {
        seen.push({ shape: [...shape], info });
        return tf.zeros(shape, { dtype: dtype ?? float32 });
      }, { className: 'Probe' }) as tf.Initializer;
      tf.get_variable('v', [7, 2], { initializer: init, partitioner: tf.fixed_size_partitioner(2) });
      assert.deepEqual(seen, [
        { shape: [4, 2], info: { full_shape: [7, 2], var_offset: [0, 0] } },
        { shape: [3, 2], info: { full_shape: [7, 2], var_offset: [4, 0] } },
      ]);
    });

    it('a variable_scope partitioner applies inside; reuse returns the same PartitionedVariable', () => {
      const a = tf.variable_scope('s', { partitioner: tf.fixed_size_partitioner(2) }, () => tf.get_variable('v', [4, 1]));
      assert.ok(a instanceof tf.PartitionedVariable);
      const b = tf.variable_scope('s', { reuse: true }, () => tf.get_variable('v', [4, 1]));
      assert.equal(b, a);
    });

    it("gives TF's errors for conflicting partitionings", () => {
      partitioned('w', [4, 2], 2);
      assert.throws(() => tf.get_variable('w', [4, 2]), (e: unknown) => e instanceof ValueError
        && /No partitioner was provided, but a partitioned version of the variable was found: w\/part_0/.test((e as Error).message));
      tf.get_variable('u', [4, 2]);
      assert.throws(() => tf.get_variable('u', [4, 2], { partitioner: tf.fixed_size_partitioner(2) }),
        /A partitioner was provided, but an unpartitioned version of the variable was found: u/);
      assert.throws(() => tf.get_variable('w', [4, 2], { partitioner: tf.fixed_size_partitioner(2) }),
        /Partitioned variable with name w already exists/);
      assert.throws(() => tf.variable_scope('', { reuse: true }, () => tf.get_variable('w', [4, 2], { partitioner: tf.fixed_size_partitioner(4) })),
        /Trying to reuse partitioned variable w, but specified partitions \[4, 1\] and found partitions \[2, 1\]/);
      assert.throws(() => tf.get_variable('x', [4, 2], { partitioner: () => [2, 2] }), /Can only slice a variable along one dimension/);
      assert.throws(() => tf.get_variable('y', [4, 2], { partitioner: () => [2] }), /does not match the Variable's rank/);
      assert.throws(() => tf.get_variable('z', [null, 2], { partitioner: tf.fixed_size_partitioner(2) }), /must be fully defined/);
    });

    it('a partitioned variable trains: slots are per part, saved as the same slices of <full name>/<slot>', () => {
      const w = partitioned('w', [4, 2], 2);
      const opt = new tf.train.AdamOptimizer(0.1);
      const train = opt.minimize(tf.reduce_sum(tf.square(w)));
      const slot = opt.get_slot([...w][1], 'm')!;
      assert.equal(slot.name, 'w/part_1/Adam:0');
      assert.equal(slot._save_slice_info!.full_name, 'w/Adam');
      assert.equal(slot._save_slice_info!.spec, '4 2 2,2:0,2');
      const sess = new tf.Session();
      sess.run(tf.global_variables_initializer());
      sess.run(train);
      const dir = tmpDir('partitioned');
      new tf.train.Saver().save(sess, path.join(dir, 'model'));
      assert.deepEqual(tf.train.list_variables(path.join(dir, 'model')).map(([n]) => n),
        ['beta1_power', 'beta2_power', 'w', 'w/Adam', 'w/Adam_1']);
    });
  });

  describe('Saver', () => {
    it("saves parts as slices of the full name: TF's slice keys and a full entry listing the slices", () => {
      const w = partitioned('w', [10, 4], 3);
      const sess = new tf.Session();
      sess.run(tf.global_variables_initializer());
      const saver = new tf.train.Saver();
      const specs = sess.run(tf.get_default_graph().get_tensor_by_name('save/SaveV2/shape_and_slices:0')).strings;
      assert.deepEqual(specs, ['10 4 0,4:0,4', '10 4 4,3:0,4', '10 4 7,3:0,4']);
      assert.deepEqual(sess.run(tf.get_default_graph().get_tensor_by_name('save/SaveV2/tensor_names:0')).strings, ['w', 'w', 'w']);
      const prefix = path.join(tmpDir('partitioned'), 'model');
      saver.save(sess, prefix);
      assert.deepEqual(tf.train.list_variables(prefix), [['w', [10, 4]]]);
      assert.deepEqual(tf.train.load_variable(prefix, 'w').toArray(), counting(10, 4));
      // The index holds the three slice keys (ordered-code, starting with 0) before the full entry.
      const keys = Table.parse(fs.readFileSync(`${prefix}.index`), 'index').entries.map((e) => hex(e.key));
      assert.deepEqual(keys, ['',
        hex(encodeTensorNameSlice('w', TensorSlice.parse('0,4:0,4'))),
        hex(encodeTensorNameSlice('w', TensorSlice.parse('4,3:0,4'))),
        hex(encodeTensorNameSlice('w', TensorSlice.parse('7,3:0,4'))),
        hex(new TextEncoder().encode('w'))]);
      void w;
    });

    it('restores any partitioning from any other, and a whole variable from slices and back', () => {
      partitioned('w', [10, 4], 3);
      let sess = new tf.Session();
      sess.run(tf.global_variables_initializer());
      const sliced = path.join(tmpDir('partitioned'), 'sliced');
      new tf.train.Saver().save(sess, sliced);

      for (const [parts, axis] of [[2, 0], [5, 0], [1, 0], [2, 1]]) {
        tf.reset_default_graph();
        const v = tf.get_variable('w', [10, 4], { partitioner: tf.fixed_size_partitioner(parts, axis) });
        sess = new tf.Session();
        new tf.train.Saver().restore(sess, sliced);
        assert.deepEqual(sess.run(v.as_tensor()).toArray(), counting(10, 4), `${parts} parts along ${axis}`);
      }

      tf.reset_default_graph();
      const whole = tf.get_variable('w', [10, 4]);
      sess = new tf.Session();
      const saver = new tf.train.Saver();
      saver.restore(sess, sliced);
      assert.deepEqual(sess.run(whole).toArray(), counting(10, 4));
      const wholePrefix = path.join(tmpDir('partitioned'), 'whole');
      saver.save(sess, wholePrefix);

      tf.reset_default_graph();
      const again = tf.get_variable('w', [10, 4], { partitioner: tf.fixed_size_partitioner(4) });
      sess = new tf.Session();
      new tf.train.Saver().restore(sess, wholePrefix);
      assert.deepEqual(sess.run(again.as_tensor()).toArray(), counting(10, 4));
    });

    it('a V1 checkpoint (SaverDef.V1) saves the slices and restores them into another partitioning', () => {
      partitioned('w', [10, 4], 3);
      const sess = new tf.Session();
      sess.run(tf.global_variables_initializer());
      const prefix = path.join(tmpDir('partitioned'), 'model');
      new tf.train.Saver(null, { write_version: tf.train.SaverDef.V1 }).save(sess, prefix, { write_meta_graph: false });
      assert.equal(tf.train.load_checkpoint(prefix).format, 'V1');
      assert.deepEqual(tf.train.list_variables(prefix), [['w', [10, 4]]]);
      assert.deepEqual(tf.train.load_variable(prefix, 'w').toArray(), counting(10, 4));
      tf.reset_default_graph();
      const again = tf.get_variable('w', [10, 4], { partitioner: tf.fixed_size_partitioner(4) });
      const s2 = new tf.Session();
      new tf.train.Saver().restore(s2, prefix);
      assert.deepEqual(s2.run(again.as_tensor()).toArray(), counting(10, 4));
    });

    it('a dict entry may hold a PartitionedVariable or its list of parts', () => {
      const w = partitioned('w', [6, 2], 2);
      const sess = new tf.Session();
      sess.run(tf.global_variables_initializer());
      const prefix = path.join(tmpDir('partitioned'), 'model');
      new tf.train.Saver({ renamed: w }).save(sess, prefix);
      assert.deepEqual(tf.train.list_variables(prefix), [['renamed', [6, 2]]]);
      tf.reset_default_graph();
      const parts = [...tf.get_variable('x', [6, 2], { partitioner: tf.fixed_size_partitioner(3) })];
      const s2 = new tf.Session();
      new tf.train.Saver({ renamed: parts }).restore(s2, prefix);
      assert.deepEqual(s2.run(parts[2]).toArray(), [[8, 9], [10, 11]]);
    });

    it("RestoreV2 checks the spec's full shape and that the stored slices cover the one asked for", () => {
      partitioned('w', [10, 4], 2);
      const sess = new tf.Session();
      sess.run(tf.global_variables_initializer());
      const prefix = path.join(tmpDir('partitioned'), 'model');
      new tf.train.Saver().save(sess, prefix);
      const restore = (spec: string) => sess.run(makeOp('RestoreV2', [
        tf.constant(prefix), tf.constant(NDArray.fromStrings(['w'])), tf.constant(NDArray.fromStrings([spec])),
      ], { dtypes: dtypesAttrValue([float32]) }, 'RestoreV2').outputs[0]);
      assert.deepEqual(restore('10 4 3,4:1,2').toArray(), [[13, 14], [17, 18], [21, 22], [25, 26]]);
      assert.deepEqual(restore('').shape, [10, 4]);
      const gappy = path.join(tmpDir('partitioned'), 'gappy');
      const writer = new tf.train.BundleWriter(gappy);
      writer.addSlice('t', [4], TensorSlice.parse('0,2'), NDArray.from([1, 2], float32));
      writer.finish();
      assert.deepEqual(new tf.train.BundleReader(gappy).lookupSlice('t', TensorSlice.parse('1,1')).toArray(), [2]);
      assert.throws(() => new tf.train.BundleReader(gappy).lookup('t'), (e: unknown) => e instanceof InvalidArgumentError
        && (e as Error).message === 'Does not have sufficient slices for partitioned tensor t to restore in slice_spec: -');
      assert.throws(() => restore('10 5 0,1:0,1'), (e: unknown) => e instanceof InvalidArgumentError
        && /tensor_name = w; shape in shape_and_slice spec \[10,5\] does not match the shape stored in checkpoint: \[10,4\]/.test((e as Error).message));
    });
  });

  describe('slice specs and keys', () => {
    it("parses TF's shape-and-slice strings", () => {
      const s = parseShapeAndSlice('10 20 0,5:-');
      assert.deepEqual(s.fullShape, [10, 20]);
      assert.deepEqual(s.sliceShape, [5, 20]);
      assert.equal(String(s.slice), '0,5:-');
      assert.throws(() => parseShapeAndSlice('10 0,5:-'), /Expected 1 dimensions in slice but got 2/);
      assert.throws(() => parseShapeAndSlice('10 8,5'), /out of bounds/);
    });

    it("encodes slice keys in TF's ordered code (the examples of ordered_code.cc)", () => {
      // 0 (WriteNumIncreasing), "w" then the 00 01 separator, rank 1, then signed start and length.
      assert.equal(hex(encodeTensorNameSlice('w', new TensorSlice([0x424242], [-0x800]))), '00' + '7700' + '01' + '0101' + 'f0424242' + '3800');
      assert.equal(hex(encodeTensorNameSlice('a\u0000', new TensorSlice([0, 64], [-1, -65]))), '00' + '6100ff0001' + '0102' + '80' + '7f' + 'c040' + '3fbf');
    });
  });

  describe('the checkpoint widget', () => {
    it('shows a partitioned variable as its full tensor, with its slice count', () => {
      partitioned('w', [4, 2], 2);
      const sess = new tf.Session();
      sess.run(tf.global_variables_initializer());
      const prefix = path.join(tmpDir('partitioned'), 'model');
      new tf.train.Saver().save(sess, prefix);
      const bundle = checkpointBundle(tf.train.load_checkpoint(prefix), { session: sess });
      assert.match(String(bundle['text/plain']), /w {2}float32 \[4, 2\] in 2 slices {2}same/);
    });
  });

  describe("TF 1.4's LinearClassifier model_dir (hose_tf14_linear_estimator)", () => {
    const dir = () => path.join(sharedFixtures('tf-wild'), 'hose_tf14_linear_estimator');

    it('restores into its own meta graph, slot keys (…/part_0/Ftrl) included, as the independent reader saw', () => {
      const expected = JSON.parse(fs.readFileSync(path.join(dir(), 'expected.json'), 'utf8'));
      const ckpt = expected.checkpoints.find((c: { prefix: string }) => c.prefix === 'model.ckpt-1');
      const saver = tf.train.import_meta_graph(path.join(dir(), 'model.ckpt-1.meta'))!;
      const sess = new tf.Session();
      saver.restore(sess, path.join(dir(), 'model.ckpt-1'));
      const byOpName = new Map(tf.global_variables().map((v) => [v.op.name, v]));
      const entries = Object.entries(ckpt.restore_expect) as [string, { snapshot: string; fingerprint: { sum: number; count: number }; partitioned_slice: { full_name: string; var_offset: number[] } | null }][];
      assert.equal(entries.length, 226);
      for (const [name, want] of entries) {
        const value = sess.run(want.snapshot)!;
        assert.equal(value.size, want.fingerprint.count, name);
        const sum = Array.from(value.data as ArrayLike<number>).reduce((a, b) => a + Number(b), 0);
        assert.ok(Math.abs(sum - want.fingerprint.sum) <= 1e-6 * Math.max(1, Math.abs(want.fingerprint.sum)), `${name}: ${sum} vs ${want.fingerprint.sum}`);
        const info = byOpName.get(name)!._save_slice_info;
        assert.equal(info?.full_name ?? null, want.partitioned_slice?.full_name ?? null, name);
      }
      // The later checkpoint restores into the same graph.
      saver.restore(sess, path.join(dir(), 'model.ckpt-300'));
      assert.equal(sess.run('global_step:0')!.item(), 300);
    });
  });
});
