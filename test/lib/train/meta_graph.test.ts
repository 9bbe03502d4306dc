import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '../../../lib/index';
import * as train from '../../../lib/train';
import { NotFoundError, ValueError } from '../../../lib/framework/errors';
import { NDArray } from '../../../lib/framework/ndarray';
import { Session } from '../../../lib/runtime/session';
import { RefVariable } from '../../../lib/variables/variables';
import {
  MetaGraphDef, MetaGraphDefCodec, NodeDef, TensorProto, VariableDefCodec,
} from '../../../lib/proto';
import { setLogSink } from '../../../lib/train/logging';
import { FIXTURES, cleanup, fixture, tmpDir } from './helpers';

const f32 = (a: NDArray) => Array.from(a.data as Float32Array);
const close = (a: number[], b: number[], tol = 1e-5) => {
  assert.equal(a.length, b.length);
  a.forEach((x, i) => assert.ok(Math.abs(x - b[i]) <= tol * Math.max(1, Math.abs(b[i])), `[${i}] ${x} vs ${b[i]}`));
};

/** Row-major matmul of [n,k]·[k,m] in float64. */
function matmul(a: number[], b: number[], n: number, k: number, m: number): number[] {
  const out = new Array(n * m).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) for (let t = 0; t < k; t++) out[i * m + j] += a[i * k + t] * b[t * m + j];
  return out;
}

function rand(n: number, seed: number): number[] {
  let s = seed;
  return Array.from({ length: n }, () => { s = (s * 1103515245 + 12345) % 2147483648; return Math.fround(s / 2147483648 - 0.5); });
}

/** Runs fetches given by name (tensors only, so never null). */
function run(sess: Session, fetches: string[], feed?: Record<string, NDArray | number[][]>): NDArray[] {
  return sess.run(fetches, feed) as NDArray[];
}
function run1(sess: Session, fetch: string, feed?: Record<string, NDArray | number[][]>): NDArray {
  return sess.run(fetch, feed) as NDArray;
}

function metaOf(nodes: NodeDef[], extra: Partial<MetaGraphDef> = {}): MetaGraphDef {
  return { meta_info_def: {}, graph_def: { node: nodes, versions: { producer: 21 } }, ...extra };
}

describe('train/meta graphs', () => {
  let restoreLog: ReturnType<typeof setLogSink>;
  before(() => { restoreLog = setLogSink(() => undefined); });
  after(() => { setLogSink(restoreLog); cleanup(); });
  beforeEach(() => tf.reset_default_graph());

  describe('TF-written fixtures', () => {
    for (const f of FIXTURES) {
      it(`imports ${f.prefix}.meta and restores its checkpoint`, () => {
        const saver = train.import_meta_graph(fixture(`${f.prefix}.meta`))!;
        assert.ok(saver);
        const vars = tf.global_variables();
        assert.deepEqual(vars.map((v) => v.op.name).sort(), Object.keys(f.tensors).sort());
        const sess = new Session();
        saver.restore(sess, fixture(f.prefix));
        const reader = train.load_checkpoint(fixture(f.prefix));
        for (const v of vars) {
          const value = sess.run(v);
          assert.deepEqual(f32(value), f32(reader.get_tensor(v.op.name)), v.name);
          assert.deepEqual(v.shape.as_list(), reader.get_variable_to_shape_map()[v.op.name]);
        }
        assert.ok(tf.trainable_variables().length > 0);
      });
    }

    it('runs the forward pass of udacity-intro/train_model (logits, softmax cross-entropy loss)', () => {
      const saver = train.import_meta_graph(fixture('udacity-intro/train_model.ckpt.meta'))!;
      const sess = new Session();
      saver.restore(sess, fixture('udacity-intro/train_model.ckpt'));
      const reader = train.load_checkpoint(fixture('udacity-intro/train_model.ckpt'));
      const W = f32(reader.get_tensor('Variable')), b = f32(reader.get_tensor('Variable_1'));
      const x = rand(2 * 784, 7).map((v) => v + 0.5);
      const labels = [0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0];
      const feed = { 'Placeholder:0': NDArray.from(new Float32Array(x)).reshape([2, 784]), 'Placeholder_1:0': NDArray.from(new Float32Array(labels)).reshape([2, 10]) };
      const [logits, loss] = run(sess, ['Add:0', 'Mean:0'], feed);
      const want = matmul(x, W, 2, 784, 10).map((v, i) => v + b[i % 10]);
      close(f32(logits), want, 1e-4);
      let ce = 0;
      for (let r = 0; r < 2; r++) {
        const row = want.slice(r * 10, r * 10 + 10);
        const max = Math.max(...row);
        const lse = max + Math.log(row.reduce((s, v) => s + Math.exp(v - max), 0));
        ce += lse - row[labels.slice(r * 10, r * 10 + 10).indexOf(1)];
      }
      close([loss.item() as number], [ce / 2], 1e-4);
    });

    it('runs the accuracy of udacity-intro/train_model (ArgMax written by TF 1.1, without output_type)', () => {
      const saver = train.import_meta_graph(fixture('udacity-intro/train_model.ckpt.meta'))!;
      const sess = new Session();
      saver.restore(sess, fixture('udacity-intro/train_model.ckpt'));
      const reader = train.load_checkpoint(fixture('udacity-intro/train_model.ckpt'));
      const W = f32(reader.get_tensor('Variable')), b = f32(reader.get_tensor('Variable_1'));
      const x = rand(4 * 784, 5).map((v) => v + 0.5);
      const logits = matmul(x, W, 4, 784, 10).map((v, i) => v + b[i % 10]);
      const labels = new Float32Array(40);
      [3, 1, 4, 1].forEach((k, r) => { labels[r * 10 + k] = 1; });
      let correct = 0;
      for (let r = 0; r < 4; r++) {
        const row = logits.slice(r * 10, r * 10 + 10);
        if (row.indexOf(Math.max(...row)) === [3, 1, 4, 1][r]) correct++;
      }
      const acc = run1(sess, 'Mean_1:0', { 'Placeholder:0': NDArray.from(new Float32Array(x)).reshape([4, 784]), 'Placeholder_1:0': NDArray.from(labels).reshape([4, 10]) });
      assert.equal(acc.item(), correct / 4);
    });

    it('runs the forward pass of linear-regression (sigmoid output and log loss)', () => {
      const saver = train.import_meta_graph(fixture('linear-regression/smovetf.ckpt.meta'))!;
      const sess = new Session();
      saver.restore(sess, fixture('linear-regression/smovetf.ckpt'));
      const W = f32(train.load_variable(fixture('linear-regression/smovetf.ckpt'), 'W'));
      const x = rand(3 * 21, 3);
      const y = [1, 0, 1];
      const [o, loss] = run(sess, ['O:0', 'Mean:0'], {
        'X:0': NDArray.from(new Float32Array(x)).reshape([3, 21]), 'Placeholder:0': NDArray.from(new Float32Array(y)).reshape([3, 1]),
      });
      const want = matmul(x, W, 3, 21, 1).map((z) => 1 / (1 + Math.exp(-z)));
      close(f32(o), want);
      const ll = -want.reduce((s, p, i) => s + y[i] * Math.log(p) + (1 - y[i]) * Math.log(1 - p), 0) / 3;
      close([loss.item() as number], [ll], 1e-4);
    });

    it('runs the forward pass of adam-classifier (clipped log loss) and its initializers', () => {
      const saver = train.import_meta_graph(fixture('adam-classifier/model.ckpt.meta'))!;
      const sess = new Session();
      saver.restore(sess, fixture('adam-classifier/model.ckpt'));
      const r = train.load_checkpoint(fixture('adam-classifier/model.ckpt'));
      const W1 = f32(r.get_tensor('Variable')), W2 = f32(r.get_tensor('Variable_1'));
      const x = rand(4 * 2, 11);
      const [out] = run(sess, ['MatMul_1:0'], { 'x-input:0': NDArray.from(new Float32Array(x)).reshape([4, 2]) });
      close(f32(out), matmul(matmul(x, W1, 4, 2, 3), W2, 4, 3, 1), 1e-4);
      const neg = run1(sess, 'Neg:0', { 'x-input:0': NDArray.from(new Float32Array(x)).reshape([4, 2]), 'y-input:0': NDArray.from(new Float32Array([1, 0, 1, 1])).reshape([4, 1]) });
      assert.ok(Number.isFinite(neg.item() as number));
      // The random initializers (RandomStandardNormal) run too.
      sess.run('init');
      assert.deepEqual(sess.run(tf.global_variables()[0]).shape, [2, 3]);
    });

    it('runs the TruncatedNormal initializers of udacity-intro/model', () => {
      train.import_meta_graph(fixture('udacity-intro/model.ckpt.meta'));
      const sess = new Session();
      sess.run(['weights_0/Assign', 'bias_0/Assign']);
      const w = f32(run1(sess, 'weights_0/read:0'));
      assert.equal(w.length, 6);
      assert.ok(w.every((v) => Math.abs(v) <= 2), 'truncated at two standard deviations');
    });
  });

  describe('export', () => {
    it('writes a MetaGraphDef with _output_shapes, the SaverDef and VariableDef collections', () => {
      const dir = tmpDir();
      const w = tf.Variable(tf.zeros([2, 3]), { name: 'w' });
      const x = tf.placeholder(tf.float32, [null, 2], 'x');
      const y = tf.matmul(x, w, { name: 'y' });
      tf.get_default_graph().add_to_collection('outputs', y);
      tf.get_default_graph().add_to_collection('train_op', y.op);
      tf.get_default_graph().add_to_collection('numbers', 3);
      tf.get_default_graph().add_to_collection('notes', 'hello');
      tf.get_default_graph().add_to_collection('junk', { a: 1 });
      const saver = new train.Saver();
      const sess = new Session();
      sess.run(tf.global_variables_initializer());
      const p = saver.save(sess, path.join(dir, 'model.ckpt'), { global_step: 3 })!;
      const meta = MetaGraphDefCodec.decode(fs.readFileSync(`${p}.meta`));
      const { sharded, ...def } = saver.saver_def;
      assert.equal(sharded, false); // proto3 leaves false out
      assert.deepEqual(meta.saver_def, def);
      assert.equal(meta.meta_info_def!.tensorflow_version, '1.15.0');
      const node = (n: string) => meta.graph_def!.node!.find((x) => x.name === n)!;
      assert.deepEqual(node('y').attr!._output_shapes.list!.shape, [{ dim: [{ size: -1 }, { size: 3 }] }]);
      assert.deepEqual(node('w').attr!._output_shapes.list!.shape, [{ dim: [{ size: 2 }, { size: 3 }] }]);
      assert.equal(node('save/SaveV2').attr!._output_shapes, undefined);
      assert.deepEqual(node('y').input, ['x', 'w/read']);
      assert.equal(node('save/RestoreV2').device, '/device:CPU:0');
      const vars = meta.collection_def!.variables.bytes_list!.value!.map((b) => VariableDefCodec.decode(b));
      assert.deepEqual(vars, [{ variable_name: 'w:0', initial_value_name: 'zeros:0', initializer_name: 'w/Assign', snapshot_name: 'w/read:0', trainable: true }]);
      assert.deepEqual(meta.collection_def!.outputs, { node_list: { value: ['y:0'] } });
      assert.deepEqual(meta.collection_def!.train_op, { node_list: { value: ['y'] } });
      assert.deepEqual(meta.collection_def!.numbers, { int64_list: { value: [3] } });
      assert.deepEqual(meta.collection_def!.notes.bytes_list!.value!.map((b) => Buffer.from(b).toString()), ['hello']);
      assert.equal(meta.collection_def!.junk, undefined);
    });

    it('round-trips through export and import: names, types, attrs, collections and values', () => {
      const dir = tmpDir();
      const w = tf.Variable(tf.constant([[1, 2], [3, 4]], { dtype: tf.float32 }), { name: 'layer/w' });
      const x = tf.placeholder(tf.float32, [null, 2], 'x');
      const y = tf.matmul(x, w, { name: 'y' });
      tf.get_default_graph().add_to_collection('outputs', y);
      const first = new train.Saver();
      const sess = new Session();
      sess.run(tf.global_variables_initializer());
      const before = tf.get_default_graph().get_operations().map((o) => [o.name, o.type, o.node_def.input.join(','), o.device]);
      const p = first.save(sess, path.join(dir, 'm'))!;

      tf.reset_default_graph();
      const saver = train.import_meta_graph(`${p}.meta`)!;
      const g = tf.get_default_graph();
      assert.deepEqual(g.get_operations().map((o) => [o.name, o.type, o.node_def.input.join(','), o.device]), before);
      assert.equal(String(g.get_tensor_by_name('y:0').shape), '(?, 2)');
      assert.equal(g.get_tensor_by_name('layer/w:0').dtype.name, 'float32_ref');
      assert.deepEqual(g.get_collection('outputs'), [g.get_tensor_by_name('y:0')]);
      const vars = tf.global_variables();
      assert.equal(vars.length, 1);
      assert.ok(vars[0] instanceof RefVariable);
      assert.equal(vars[0].initializer.name, 'layer/w/Assign');
      assert.deepEqual(tf.trainable_variables(), vars);
      const sess2 = new Session();
      saver.restore(sess2, p);
      assert.deepEqual(run1(sess2, 'y:0', { 'x:0': [[1, 1]] }).toArray(), [[4, 6]]);
      // A new Saver in the imported graph works too.
      const again = new train.Saver();
      assert.notEqual(again.saver_def.restore_op_name, saver.saver_def.restore_op_name);
      const p2 = again.save(sess2, path.join(dir, 'again'))!;
      assert.deepEqual(Array.from(train.load_variable(p2, 'layer/w').data as Float32Array), [1, 2, 3, 4]);
    });

    it('imports under an import_scope and without devices', () => {
      const dir = tmpDir();
      tf.Variable(tf.constant([5, 6], { dtype: tf.float32 }), { name: 'v' });
      const sess = new Session();
      sess.run(tf.global_variables_initializer());
      const p = new train.Saver().save(sess, path.join(dir, 'm'))!;
      tf.reset_default_graph();
      const s1 = train.import_meta_graph(`${p}.meta`, { import_scope: 'imp', clear_devices: true })!;
      const s2 = train.import_meta_graph(`${p}.meta`, { import_scope: 'imp' })!;
      const g = tf.get_default_graph();
      assert.equal(s1.saver_def.restore_op_name, 'imp/save/restore_all');
      assert.equal(s2.saver_def.filename_tensor_name, 'imp_1/save/Const:0');
      assert.equal(g.get_operation_by_name('imp/save/RestoreV2').device, '');
      assert.equal(g.get_operation_by_name('imp_1/save/RestoreV2').device, '/device:CPU:0');
      assert.deepEqual(g.get_operation_by_name('imp/save/Assign').colocation_groups(), ['loc:@imp/v']);
      assert.deepEqual(tf.global_variables().map((v) => v.name), ['imp/v:0', 'imp_1/v:0']);
      const sess2 = new Session();
      s1.restore(sess2, p);
      assert.deepEqual(run1(sess2, 'imp/v:0').toArray(), [5, 6]);
      assert.throws(() => sess2.run('imp_1/v:0'), /uninitialized/);
    });
  });

  describe('import of hand-made graphs', () => {
    const tensorNode = (name: string, t: TensorProto): NodeDef => ({ name, op: 'Const', attr: { dtype: { type: t.dtype }, value: { tensor: t } } });

    it('reads constants in every TensorProto encoding', () => {
      const content = Buffer.alloc(8); content.writeFloatLE(1.5, 0); content.writeFloatLE(-2, 4);
      const nodes: NodeDef[] = [
        tensorNode('content', { dtype: 1, tensor_shape: { dim: [{ size: 2 }] }, tensor_content: content }),
        tensorNode('list', { dtype: 3, tensor_shape: { dim: [{ size: 3 }] }, int_val: [1, 2, 3] }),
        tensorNode('fill', { dtype: 1, tensor_shape: { dim: [{ size: 2 }, { size: 2 }] }, float_val: [7] }),
        tensorNode('scalar', { dtype: 2, tensor_shape: {}, double_val: [0.1] }),
        tensorNode('i64', { dtype: 9, tensor_shape: { dim: [{ size: 2 }] }, int64_val: [2 ** 40, -3] }),
        tensorNode('flags', { dtype: 10, tensor_shape: { dim: [{ size: 3 }] }, bool_val: [true, false] }),
        tensorNode('words', { dtype: 7, tensor_shape: { dim: [{ size: 2 }] }, string_val: [Buffer.from('hi'), Buffer.from('there')] }),
        tensorNode('half', { dtype: 19, tensor_shape: { dim: [{ size: 2 }] }, half_val: [0x3c00, 0xc000] }),
        tensorNode('zeros', { dtype: 1, tensor_shape: { dim: [{ size: 3 }] } }),
        { name: 'sum', op: 'Add', input: ['fill', 'fill'], attr: { T: { type: 1 } } },
      ];
      train.import_meta_graph(metaOf(nodes));
      const sess = new Session();
      const r = run(sess, ['content:0', 'list:0', 'fill:0', 'scalar:0', 'i64:0', 'flags:0', 'words:0', 'half:0', 'zeros:0', 'sum:0']);
      assert.deepEqual(r.map((a) => a.toArray()), [
        [1.5, -2], [1, 2, 3], [[7, 7], [7, 7]], 0.1, [2 ** 40, -3], [true, false, false], ['hi', 'there'], [1, -2], [0, 0, 0], [[14, 14], [14, 14]],
      ]);
      assert.equal(r[7].dtype.name, 'float16');
    });

    it('imports nodes listed before their inputs, and control inputs', () => {
      train.import_meta_graph(metaOf([
        { name: 'b', op: 'Identity', input: ['a', '^c'], attr: { T: { type: 1 } } },
        { name: 'a', op: 'Const', attr: { dtype: { type: 1 }, value: { tensor: { dtype: 1, tensor_shape: {}, float_val: [3] } } } },
        { name: 'c', op: 'NoOp' },
      ]));
      const g = tf.get_default_graph();
      assert.deepEqual(g.get_operations().map((o) => o.name), ['a', 'c', 'b']);
      assert.deepEqual(g.get_operation_by_name('b').control_inputs.map((o) => o.name), ['c']);
      assert.equal(run1(new Session(), 'b:0').item(), 3);
    });

    it('imports op types without kernels; running them names the op type and node', () => {
      const meta = metaOf([
        { name: 'x', op: 'Const', attr: { dtype: { type: 1 }, value: { tensor: { dtype: 1, tensor_shape: {}, float_val: [1] } } } },
        { name: 'fancy', op: 'FancyOp', input: ['x'], attr: { T: { type: 1 }, _output_shapes: { list: { shape: [{}, { dim: [{ size: 2 }] }] } } } },
        { name: 'mystery', op: 'Mystery', input: ['fancy:1'] },
      ], {
        meta_info_def: {
          stripped_op_list: {
            op: [{ name: 'FancyOp', input_arg: [{ name: 'x', type_attr: 'T' }], output_arg: [{ name: 'y', type_attr: 'T' }, { name: 'n', type: 9 }], attr: [{ name: 'T', type: 'type' }] }],
          },
        },
      });
      train.import_meta_graph(meta);
      const g = tf.get_default_graph();
      const fancy = g.get_operation_by_name('fancy');
      assert.deepEqual(fancy.outputs.map((t) => `${t.dtype.name} ${t.shape}`), ['float32 ()', 'int64 (2,)']);
      assert.equal(g.get_operation_by_name('mystery').outputs.length, 1);
      assert.throws(() => new Session().run('fancy:0'), (e: unknown) => e instanceof NotFoundError && /FancyOp/.test(e.message) && /'fancy'/.test(e.message));
      assert.equal(run1(new Session(), 'x:0').item(), 1);
    });

    it('refuses unknown inputs, cycles and duplicate names with ValueError', () => {
      assert.throws(() => train.import_meta_graph(metaOf([{ name: 'a', op: 'Identity', input: ['nope'], attr: { T: { type: 1 } } }])),
        (e: unknown) => e instanceof ValueError && e.message === "Node 'a': Unknown input node 'nope'");
      tf.reset_default_graph();
      assert.throws(() => train.import_meta_graph(metaOf([
        { name: 'a', op: 'Identity', input: ['b'], attr: { T: { type: 1 } } },
        { name: 'b', op: 'Identity', input: ['a'], attr: { T: { type: 1 } } },
      ])), (e: unknown) => e instanceof ValueError && /cycle/.test(e.message));
      tf.reset_default_graph();
      tf.constant(1, { name: 'a' });
      assert.throws(() => train.import_meta_graph(metaOf([{ name: 'a', op: 'NoOp' }])), (e: unknown) => e instanceof ValueError && /Duplicate node name in graph: 'a'/.test(e.message));
      assert.throws(() => train.import_meta_graph(path.join(tmpDir(), 'missing.meta')), NotFoundError);
      const junk = path.join(tmpDir(), 'junk.meta');
      fs.writeFileSync(junk, 'model_checkpoint_path: "x"\n');
      assert.throws(() => train.import_meta_graph(junk), ValueError);
    });

    it('returns null without a saver_def or variables, and a new Saver with variables only', () => {
      assert.equal(train.import_meta_graph(metaOf([{ name: 'c', op: 'NoOp' }])), null);
    });
  });
});
