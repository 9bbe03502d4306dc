import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as dtypes from '../../../lib/framework/dtypes';
import {
  DataLossError, InvalidArgumentError, NotFoundError, UnimplementedError,
} from '../../../lib/framework/errors';
import { NDArray } from '../../../lib/framework/ndarray';
import {
  BundleEntryProtoCodec, BundleHeaderProtoCodec, SavedTensorSlicesCodec, TensorProto,
} from '../../../lib/proto';
import { crc32c, mask } from '../../../lib/framework/crc32c';
import { TableBuilder } from '../../../lib/train/table';
import { BundleReader, BundleWriter, buildIndex } from '../../../lib/train/tensor_bundle';
import { CheckpointReader, NewCheckpointReader } from '../../../lib/train/checkpoint_reader';
import { makeNdarray, makeTensorProto } from '../../../lib/framework/tensor_proto';
import { FIXTURES, cleanup, fixture, hex, tmpDir } from './helpers';

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
const first = (a: NDArray, n: number) => Array.from((a.data as Float32Array).slice(0, n), round6);

function write(prefix: string, tensors: [string, NDArray][]): void {
  const w = new BundleWriter(prefix);
  for (const [k, v] of tensors) w.add(k, v);
  w.finish();
}

function assertSameArray(actual: NDArray, expected: NDArray, what: string): void {
  assert.equal(actual.dtype, expected.dtype, `${what}: dtype`);
  assert.deepEqual(actual.shape, expected.shape, `${what}: shape`);
  if (Array.isArray(expected.data)) {
    assert.deepEqual((actual.data as Uint8Array[]).map(hex), expected.data.map(hex), `${what}: strings`);
  } else {
    const a = Array.from(actual.data as ArrayLike<number>), e = Array.from(expected.data as ArrayLike<number>);
    assert.equal(a.length, e.length, `${what}: length`);
    a.forEach((x, i) => assert.ok(Object.is(x, e[i]) || (Number.isNaN(x) && Number.isNaN(e[i])), `${what}[${i}]: ${x} vs ${e[i]}`));
  }
}

describe('train/tensor_bundle', () => {
  after(cleanup);

  describe('TF-written fixtures', () => {
    for (const f of FIXTURES) {
      it(`reads ${f.prefix} exactly`, () => {
        const reader = new CheckpointReader(fixture(f.prefix));
        assert.equal(reader.format, 'V2');
        const shapes = reader.get_variable_to_shape_map();
        const dts = reader.get_variable_to_dtype_map();
        assert.deepEqual(Object.keys(shapes), Object.keys(f.tensors));
        for (const [name, [dtype, shape]] of Object.entries(f.tensors)) {
          assert.deepEqual(shapes[name], shape);
          assert.equal(dts[name], dtypes.as_dtype(dtype));
          const t = reader.get_tensor(name);
          assert.equal(t.dtype.name, dtype);
          assert.deepEqual(t.shape, shape);
          assert.ok(reader.has_tensor(name));
        }
        assert.ok(!reader.has_tensor('nope'));
      });
    }

    it('decodes the values listed in the fixtures README', () => {
      const m = new CheckpointReader(fixture('udacity-intro/model.ckpt'));
      assert.deepEqual(first(m.get_tensor('bias_0'), 3), [-0.505389, 0.344745, -1.513969]);
      assert.deepEqual(first(m.get_tensor('weights_0'), 3), [0.440769, -0.53423, 0.883095]);
      const t = new CheckpointReader(fixture('udacity-intro/train_model.ckpt'));
      assert.deepEqual(first(t.get_tensor('Variable'), 3), [0.33913, 0.527516, 0.06988]);
      assert.deepEqual(first(t.get_tensor('Variable_1'), 2), [-0.206301, 0.058836]);
      const l = new CheckpointReader(fixture('linear-regression/smovetf.ckpt'));
      assert.deepEqual(first(l.get_tensor('W'), 3), [0.049417, 0.14809, 0.133913]);
      // adam-classifier: the data file is the tensors back to back in sorted-name order.
      const a = new CheckpointReader(fixture('adam-classifier/model.ckpt'));
      const raw = new Float32Array(Uint8Array.from(fs.readFileSync(fixture('adam-classifier/model.ckpt.data-00000-of-00001'))).buffer);
      const all = Object.keys(a.get_variable_to_shape_map()).flatMap((k) => Array.from(a.get_tensor(k).data as Float32Array));
      assert.deepEqual(all, Array.from(raw));
      assert.equal(a.get_tensor('beta1_power').item(), raw[raw.length - 2]);
    });

    it('prints the debug string as TF does', () => {
      assert.equal(new CheckpointReader(fixture('adam-classifier/model.ckpt')).debug_string(),
        'Variable (DT_FLOAT) [2,3]\nVariable/Adam (DT_FLOAT) [2,3]\nVariable/Adam_1 (DT_FLOAT) [2,3]\n'
        + 'Variable_1 (DT_FLOAT) [3,1]\nVariable_1/Adam (DT_FLOAT) [3,1]\nVariable_1/Adam_1 (DT_FLOAT) [3,1]\n'
        + 'beta1_power (DT_FLOAT) []\nbeta2_power (DT_FLOAT) []\n');
    });
  });

  describe('writing', () => {
    it('rewrites udacity-intro/model.ckpt byte for byte from the same names and values', () => {
      const dir = tmpDir();
      const bias = NDArray.from([-0.5053891539573669, 0.3447447717189789, -1.5139691829681396], 'float32');
      const src = new CheckpointReader(fixture('udacity-intro/model.ckpt'));
      const weights = NDArray.from(Array.from(src.get_tensor('weights_0').data as Float32Array), 'float32').reshape([2, 3]);
      write(path.join(dir, 'model.ckpt'), [['bias_0', bias], ['weights_0', weights]]);
      for (const ext of ['.index', '.data-00000-of-00001']) {
        assert.equal(hex(fs.readFileSync(path.join(dir, `model.ckpt${ext}`))), hex(fs.readFileSync(fixture(`udacity-intro/model.ckpt${ext}`))), ext);
      }
      assert.deepEqual(fs.readdirSync(dir).sort(), ['model.ckpt.data-00000-of-00001', 'model.ckpt.index']);
    });

    it('rewrites every fixture byte for byte', () => {
      for (const f of FIXTURES) {
        const dir = tmpDir();
        const src = new CheckpointReader(fixture(f.prefix));
        write(path.join(dir, 'x'), Object.keys(src.get_variable_to_shape_map()).map((k) => [k, src.get_tensor(k)]));
        assert.equal(hex(fs.readFileSync(path.join(dir, 'x.index'))), hex(fs.readFileSync(fixture(`${f.prefix}.index`))), f.prefix);
        assert.ok(fs.readFileSync(path.join(dir, 'x.data-00000-of-00001')).equals(fs.readFileSync(fixture(`${f.prefix}.data-00000-of-00001`))));
      }
    });

    it('writes the derived one-tensor checkpoint of the spec', () => {
      const dir = tmpDir();
      write(path.join(dir, 'v'), [['v', NDArray.from([1, 2, 3], 'float32')]]);
      const index = fs.readFileSync(path.join(dir, 'v.index'));
      assert.equal(index.length, 121);
      assert.equal(hex(index.subarray(0, 36)), '00000608011a020801' + '00010f76' + '0801120412020803280c35735b8971' + '0000000001000000');
      assert.equal(hex(fs.readFileSync(path.join(dir, 'v.data-00000-of-00001'))), '0000803f0000004000004040');
    });

    it('lays out string tensors with varint lengths and a masked length checksum', () => {
      const dir = tmpDir();
      write(path.join(dir, 's'), [['s', NDArray.fromStrings(['a', 'bc'])]]);
      const data = fs.readFileSync(path.join(dir, 's.data-00000-of-00001'));
      const lengthsCrc = crc32c(Uint8Array.of(1, 0, 0, 0, 2, 0, 0, 0));
      const m = Buffer.alloc(4); m.writeUInt32LE(mask(lengthsCrc));
      assert.equal(hex(data), `0102${hex(m)}616263`);
      const entry = new BundleReader(path.join(dir, 's')).entry('s');
      assert.equal(entry.size, 9);
      assert.equal(entry.crc32c, mask(crc32c(Buffer.from('abc'), crc32c(m, lengthsCrc))));
    });

    it('writes tensors in add order and the index in bytewise key order', () => {
      const dir = tmpDir();
      const p = path.join(dir, 'o');
      write(p, [['b', NDArray.from([2], 'int32')], ['B', NDArray.from([1], 'int32')], ['a/b', NDArray.from([3], 'int32')]]);
      const r = new BundleReader(p);
      assert.deepEqual(r.keys, ['B', 'a/b', 'b']);
      assert.deepEqual(['b', 'B', 'a/b'].map((k) => r.entry(k).offset), [0, 4, 8]);
    });

    it('refuses duplicate and empty keys', () => {
      const w = new BundleWriter(path.join(tmpDir(), 'd'));
      w.add('v', NDArray.from([1]));
      assert.throws(() => w.add('v', NDArray.from([1])), (e: unknown) => e instanceof InvalidArgumentError && e.message === 'Adding duplicate key: v');
      assert.throws(() => w.add('', NDArray.from([1])), InvalidArgumentError);
      w.abort();
    });

    it('leaves no temporary files and does not touch an earlier bundle until finish', () => {
      const dir = tmpDir();
      const p = path.join(dir, 'm');
      write(p, [['v', NDArray.from([1, 2], 'float32')]]);
      const w = new BundleWriter(p);
      w.add('v', NDArray.from([5, 6], 'float32'));
      assert.deepEqual(Array.from(new BundleReader(p).lookup('v').data as Float32Array), [1, 2]);
      assert.ok(fs.readdirSync(dir).some((n) => n.includes('.tempstate')));
      w.finish();
      assert.deepEqual(Array.from(new BundleReader(p).lookup('v').data as Float32Array), [5, 6]);
      assert.deepEqual(fs.readdirSync(dir).sort(), ['m.data-00000-of-00001', 'm.index']);
    });
  });

  describe('round trips', () => {
    const cases: [string, NDArray][] = [
      ['f32', NDArray.from([[1.5, -2], [Infinity, NaN]], 'float32')],
      ['f64', NDArray.from([Math.PI, -0, 1e-300, Number.MAX_VALUE], 'float64')],
      ['i32', NDArray.from([-2147483648, 2147483647, 0], 'int32')],
      ['u8', NDArray.from([0, 255, 7], 'uint8')],
      ['i16', NDArray.from([-32768, 32767], 'int16')],
      ['i8', NDArray.from([-128, 127], 'int8')],
      ['u16', NDArray.from([0, 65535], 'uint16')],
      ['u32', NDArray.from([0, 4294967295], 'uint32')],
      ['i64', NDArray.from([0, -1, 2 ** 53 - 1, -(2 ** 53), 4294967296, -4294967297], 'int64')],
      ['u64', NDArray.from([0, 2 ** 53 - 1, 4294967296], 'uint64')],
      ['bool', NDArray.from([[true, false, true]], 'bool')],
      ['c64', new NDArray(dtypes.complex64, [2], new Float32Array([1, -2, 3.5, 4]))],
      ['c128', new NDArray(dtypes.complex128, [1], new Float64Array([Math.E, -Math.PI]))],
      ['f16', NDArray.from([1, -2.5, 65504, 2 ** -24, -0, Infinity, -Infinity, 0.0999755859375], 'float16')],
      ['bf16', NDArray.from([1, -2.5, 3.3895313892515355e38, 0.1015625, -0], 'bfloat16')],
      ['qi8', new NDArray(dtypes.qint8, [2], new Int8Array([-5, 5]))],
      ['qu8', new NDArray(dtypes.quint8, [1], new Uint8Array([200]))],
      ['qi16', new NDArray(dtypes.qint16, [1], new Int16Array([-300]))],
      ['qu16', new NDArray(dtypes.quint16, [1], new Uint16Array([60000]))],
      ['qi32', new NDArray(dtypes.qint32, [1], new Int32Array([-70000]))],
      ['scalar', NDArray.from(42.25, 'float32')],
      ['scalar_i64', NDArray.from(-7, 'int64')],
      ['empty', new NDArray(dtypes.float32, [0])],
      ['empty_2x0', new NDArray(dtypes.int32, [2, 0])],
      ['empty_strings', new NDArray(dtypes.string, [0, 3])],
      ['str0d', NDArray.fromStrings(['hello'], [])],
      ['str0d_empty', NDArray.fromStrings([''], [])],
      ['strs', NDArray.fromStrings(['', 'é∑', 'x'.repeat(300), new Uint8Array([0, 255, 10])], [2, 2])],
    ];

    it('reads back every dtype, scalars, empty tensors and strings exactly', () => {
      const p = path.join(tmpDir(), 'all');
      write(p, cases);
      const reader = new CheckpointReader(p);
      for (const [k, v] of cases) assertSameArray(reader.get_tensor(k), v, k);
      const dtypeMap = reader.get_variable_to_dtype_map();
      for (const [k, v] of cases) assert.equal(dtypeMap[k], v.dtype, k);
    });

    it('rounds float16 and bfloat16 to nearest even', () => {
      const p = path.join(tmpDir(), 'h');
      write(p, [
        ['h', NDArray.from([1 + 2 ** -11, 1 + 3 * 2 ** -11, 70000, 2 ** -26], 'float16')],
        ['b', NDArray.from([1 + 2 ** -8, 1 + 3 * 2 ** -8], 'bfloat16')],
      ]);
      const r = new CheckpointReader(p);
      assert.deepEqual(Array.from(r.get_tensor('h').data as Float32Array), [1, 1 + 2 * 2 ** -10, Infinity, 0]);
      assert.deepEqual(Array.from(r.get_tensor('b').data as Float32Array), [1, 1 + 2 * 2 ** -7]);
    });

    it('refuses int64 values that are not integers', () => {
      const w = new BundleWriter(path.join(tmpDir(), 'i'));
      assert.throws(() => w.add('x', new NDArray(dtypes.int64, [1], new Float64Array([0.5]))), RangeError);
      w.abort();
    });

    it('reads a bundle written big-endian, swapping the data', () => {
      const dir = tmpDir();
      const p = path.join(dir, 'be');
      const f32be = Buffer.alloc(12); [1, 2, 3].forEach((v, i) => f32be.writeFloatBE(v, 4 * i));
      const i16be = Buffer.alloc(4); i16be.writeInt16BE(-2, 0); i16be.writeInt16BE(300, 2);
      const c64be = Buffer.alloc(8); c64be.writeFloatBE(1.5, 0); c64be.writeFloatBE(-2, 4);
      const data = Buffer.concat([f32be, i16be, c64be]);
      fs.writeFileSync(`${p}.data-00000-of-00001`, data);
      const t = new TableBuilder();
      t.add(new Uint8Array(0), BundleHeaderProtoCodec.encode({ num_shards: 1, endianness: 1, version: { producer: 1 } }));
      const entry = (dtype: number, shape: number[], offset: number, bytes: Buffer) => BundleEntryProtoCodec.encode({
        dtype, shape: { dim: shape.map((size) => ({ size })) }, offset, size: bytes.length, crc32c: mask(crc32c(bytes)),
      });
      t.add(Buffer.from('c'), entry(8, [1], 16, c64be));
      t.add(Buffer.from('f'), entry(1, [3], 0, f32be));
      t.add(Buffer.from('s'), entry(5, [2], 12, i16be));
      fs.writeFileSync(`${p}.index`, t.finish());
      const r = new CheckpointReader(p);
      assert.deepEqual(Array.from(r.get_tensor('f').data as Float32Array), [1, 2, 3]);
      assert.deepEqual(Array.from(r.get_tensor('s').data as Int16Array), [-2, 300]);
      assert.deepEqual(Array.from(r.get_tensor('c').data as Float32Array), [1.5, -2]);
    });
  });

  describe('errors', () => {
    it('names a missing key, a missing checkpoint and a missing data file as TF does', () => {
      const r = new CheckpointReader(fixture('udacity-intro/model.ckpt'));
      assert.throws(() => r.get_tensor('foo'), (e: unknown) => e instanceof NotFoundError && e.message === 'Key foo not found in checkpoint');
      const missing = path.join(tmpDir(), 'nothing');
      assert.throws(() => NewCheckpointReader(missing), (e: unknown) => e instanceof NotFoundError
        && e.message === `Unsuccessful TensorSliceReader constructor: Failed to find any matching files for ${missing}`);
      const dir = tmpDir();
      fs.copyFileSync(fixture('udacity-intro/model.ckpt.index'), path.join(dir, 'm.index'));
      const noData = new CheckpointReader(path.join(dir, 'm'));
      assert.deepEqual(Object.keys(noData.get_variable_to_shape_map()), ['bias_0', 'weights_0']);
      assert.throws(() => noData.get_tensor('bias_0'), (e: unknown) => e instanceof NotFoundError
        && e.message === `${path.join(dir, 'm.data-00000-of-00001')}; No such file or directory`);
    });

    it('reports a wrong entry size and a wrong checksum as DataLossError', () => {
      const dir = tmpDir();
      const p = path.join(dir, 'e');
      fs.writeFileSync(`${p}.data-00000-of-00001`, new Uint8Array(new Float32Array([1, 2, 3]).buffer));
      const entries = new Map([
        ['short', { dtype: 1, shape: { dim: [{ size: 3 }] }, size: 8, crc32c: 0 }],
        ['badcrc', { dtype: 1, shape: { dim: [{ size: 3 }] }, size: 12, crc32c: mask(0x384de783) ^ 0x100 }],
        ['good', { dtype: 1, shape: { dim: [{ size: 3 }] }, size: 12, crc32c: mask(0x384de783) }],
        ['past_end', { dtype: 1, shape: { dim: [{ size: 3 }] }, offset: 4, size: 12, crc32c: mask(0x384de783) }],
        ['variant', { dtype: 21, shape: {}, size: 0, crc32c: 0 }],
      ]);
      fs.writeFileSync(`${p}.index`, buildIndex(entries));
      const r = new CheckpointReader(p);
      assert.deepEqual(Array.from(r.get_tensor('good').data as Float32Array), [1, 2, 3]);
      assert.throws(() => r.get_tensor('short'), (e: unknown) => e instanceof DataLossError
        && e.message.startsWith('Invalid size in bundle entry: key short; stored size 8; expected size 12'));
      assert.throws(() => r.get_tensor('badcrc'), (e: unknown) => e instanceof DataLossError
        && e.message === `TensorBundle at ${p} shard 0 (12 bytes): Checksum does not match: stored 936241027 vs. calculated on the restored bytes 944629635`);
      assert.throws(() => r.get_tensor('past_end'), (e: unknown) => e instanceof DataLossError && /truncated/.test(e.message));
      assert.throws(() => r.get_tensor('variant'), UnimplementedError);
    });

    it('checks the header version as TF does', () => {
      const p = path.join(tmpDir(), 'v');
      const t = new TableBuilder();
      t.add(new Uint8Array(0), BundleHeaderProtoCodec.encode({ num_shards: 1, version: { producer: 1, min_consumer: 2 } }));
      fs.writeFileSync(`${p}.index`, t.finish());
      assert.throws(() => new CheckpointReader(p), (e: unknown) => e instanceof InvalidArgumentError && /min consumer version 2 above current version 1/.test(e.message));
    });

    it('explains a data file or an index file given instead of the prefix', () => {
      const data = fixture('udacity-intro/model.ckpt.data-00000-of-00001');
      assert.throws(() => NewCheckpointReader(data), (e: unknown) => e instanceof DataLossError
        && e.message === `Unable to open table file ${data}: Data loss: file is too short to be an sstable: perhaps your file is in a different file format and you need to use a different restore operator?`);
      const index = fixture('udacity-intro/model.ckpt.index');
      assert.throws(() => NewCheckpointReader(index), (e: unknown) => e instanceof DataLossError && e.message.startsWith(`Unable to open table file ${index}: Data loss: `));
    });
  });

  describe('V1 checkpoints', () => {
    it('reads whole tensors from a V1 table file', () => {
      const file = path.join(tmpDir(), 'model-v1.ckpt');
      const w = NDArray.from([[1, 2], [3, 4]], 'float32');
      const s = NDArray.fromStrings(['x']);
      const t = new TableBuilder();
      t.add(new Uint8Array(0), SavedTensorSlicesCodec.encode({
        meta: {
          tensor: [
            { name: 'w', shape: { dim: [{ size: 2 }, { size: 2 }] }, type: 1, slice: [{ extent: [{}, {}] }] },
            { name: 'names', shape: { dim: [{ size: 1 }] }, type: 7, slice: [{ extent: [{}] }] },
          ],
          versions: { producer: 1 },
        },
      }));
      // Keys of data entries are ordered-code encoded in TF; any increasing keys serve the reader.
      const slice = (name: string, proto: TensorProto) => SavedTensorSlicesCodec.encode({ data: { name, slice: { extent: [{}] }, data: proto } });
      t.add(Uint8Array.of(0, 1), slice('names', makeTensorProto(s)));
      t.add(Uint8Array.of(0, 2), slice('w', { dtype: 1, float_val: [1, 2, 3, 4] }));
      fs.writeFileSync(file, t.finish());
      const r = NewCheckpointReader(file);
      assert.equal(r.format, 'V1');
      assert.deepEqual(r.get_variable_to_shape_map(), { names: [1], w: [2, 2] });
      assertSameArray(r.get_tensor('w'), w, 'w');
      assertSameArray(r.get_tensor('names'), s, 'names');
      assert.equal(r.debug_string(), 'names (DT_STRING) [1]\nw (DT_FLOAT) [2,2]\n');
    });
  });

  describe('TensorProto values', () => {
    it('reads tensor_content, typed lists and a last value filling the shape', () => {
      assertSameArray(makeNdarray({ dtype: 3, tensor_shape: { dim: [{ size: 2 }] }, tensor_content: Uint8Array.of(2, 0, 0, 0, 3, 0, 0, 0) }),
        NDArray.from([2, 3], 'int32'), 'content');
      assertSameArray(makeNdarray({ dtype: 1, tensor_shape: { dim: [{ size: 2 }, { size: 2 }] }, float_val: [0] }),
        NDArray.from([[0, 0], [0, 0]], 'float32'), 'fill');
      assertSameArray(makeNdarray({ dtype: 1, tensor_shape: { dim: [{ size: 3 }] }, float_val: [1, 2] }),
        NDArray.from([1, 2, 2], 'float32'), 'last repeats');
      assertSameArray(makeNdarray({ dtype: 9, tensor_shape: { dim: [{ size: 2 }] } }), NDArray.from([0, 0], 'int64'), 'empty → zeros');
      assertSameArray(makeNdarray({ dtype: 19, tensor_shape: {}, half_val: [0x3c00] }), NDArray.from(1, 'float16'), 'half');
      assertSameArray(makeNdarray({ dtype: 10, tensor_shape: { dim: [{ size: 2 }] }, bool_val: [true] }), NDArray.from([true, true]), 'bool');
      assertSameArray(makeNdarray({ dtype: 7, tensor_shape: { dim: [{ size: 2 }] }, string_val: [Buffer.from('a')] }), NDArray.fromStrings(['a', 'a']), 'str');
      assert.throws(() => makeNdarray({ dtype: 1, tensor_shape: { dim: [{ size: 1 }] }, float_val: [1, 2] }), InvalidArgumentError);
      assert.throws(() => makeNdarray({ dtype: 1, tensor_shape: { dim: [{ size: 2 }] }, tensor_content: Uint8Array.of(1) }), InvalidArgumentError);
    });

    it('writes TensorProtos as Python make_tensor_proto does', () => {
      assert.deepEqual(Object.keys(makeTensorProto(NDArray.from([1, 2], 'float32'))), ['dtype', 'tensor_shape', 'tensor_content']);
      assert.deepEqual(makeTensorProto(NDArray.from(0, 'float32')).float_val, [0]);
      assert.deepEqual(makeTensorProto(NDArray.from([true, false])).bool_val, [true, false]);
      for (const [, v] of [['a', NDArray.from([[1, 2], [3, 4]], 'int64')], ['b', NDArray.from(1.5, 'float16')], ['c', NDArray.fromStrings(['q', 'r'])]] as [string, NDArray][]) {
        assertSameArray(makeNdarray(makeTensorProto(v)), v, v.dtype.name);
      }
    });
  });
});


describe('train/tensor_bundle: reusing a parsed index', () => {
  it('re-reads an index rewritten at the same path, even with the same size', () => {
    const dir = tmpDir('bundle-cache');
    try {
      const prefix = path.join(dir, 'model.ckpt');
      write(prefix, [['a', NDArray.from([1, 2, 3], dtypes.float32)], ['b', NDArray.from([4], dtypes.float32)]]);
      assert.deepEqual(Array.from(new BundleReader(prefix).lookup('a').data as Float32Array), [1, 2, 3]);
      // Same keys, sizes and file sizes: only the values (and so the CRCs) differ.
      write(prefix, [['a', NDArray.from([5, 6, 7], dtypes.float32)], ['b', NDArray.from([8], dtypes.float32)]]);
      const r = new BundleReader(prefix);
      assert.deepEqual(Array.from(r.lookup('a').data as Float32Array), [5, 6, 7]);
      assert.deepEqual(Array.from(r.lookup('b').data as Float32Array), [8]);
      // Other keys at the same path.
      write(prefix, [['c', NDArray.from([9], dtypes.float32)]]);
      const r2 = new BundleReader(prefix);
      assert.deepEqual(r2.keys, ['c']);
      assert.equal(r2.has('a'), false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('still rejects an index damaged after it was read once', () => {
    const dir = tmpDir('bundle-cache');
    try {
      const prefix = path.join(dir, 'model.ckpt');
      write(prefix, [['a', NDArray.from([1, 2, 3], dtypes.float32)]]);
      new BundleReader(prefix);
      const index = `${prefix}.index`;
      const bytes = fs.readFileSync(index);
      bytes[3] ^= 0xff;
      fs.writeFileSync(index, bytes);
      assert.throws(() => new BundleReader(prefix), DataLossError);
      fs.writeFileSync(index, bytes.subarray(0, bytes.length - 1));
      assert.throws(() => new BundleReader(prefix), DataLossError);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives each reader values that do not change when the checkpoint is restored again', () => {
    const dir = tmpDir('bundle-cache');
    try {
      const prefix = path.join(dir, 'model.ckpt');
      write(prefix, [['a', NDArray.from([1, 2, 3], dtypes.float32)], ['b', NDArray.from([4, 5], dtypes.float32)]]);
      const [a1] = new BundleReader(prefix).lookupMany(['a', 'b']);
      (new BundleReader(prefix).lookup('a').data as Float32Array)[0] = 100;
      assert.deepEqual(Array.from(a1.data as Float32Array), [1, 2, 3]);
      assert.deepEqual(Array.from(new BundleReader(prefix).lookup('a').data as Float32Array), [1, 2, 3]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
