// tf.image's JPEG coding as TF 1.15 builds and runs it: node names, dtypes and static shapes, decoded pixels
// byte for byte against libjpeg-turbo's own djpeg (test/fixtures/jpeg, JPEGs made by cjpeg), our encoder's
// round trip, ratio, crop, truncation, extract_jpeg_shape, decode_image's dispatch and TF's errors.
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import * as tf from '../../../lib';
import { loadNative } from '../../../lib/kernels/native/addon';
import { repoRoot } from '../train/helpers';

const run = (t: tf.Tensor) => {
  const sess = new tf.Session();
  try { return sess.run(t) as tf.NDArray; } finally { sess.close(); }
};
const flat = (a: tf.NDArray): number[] => Array.from(a.values as ArrayLike<number>);
const bytesOf = (a: tf.NDArray): Uint8Array => (a.data as Uint8Array[])[0];
const str = (b: Uint8Array) => tf.constant(tf.NDArray.fromStrings([b], []));
const fixture = (name: string) => new Uint8Array(fs.readFileSync(path.join(repoRoot(), 'test', 'fixtures', 'jpeg', name)));

/** A smooth 3-channel uint8 image, h x w. */
function smooth(h: number, w: number): number[] {
  const out: number[] = [];
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out.push(Math.round(128 + 100 * Math.sin(x / 9 + y / 13)), Math.round(255 * x / (w - 1)), Math.round(255 * y / (h - 1)));
  return out;
}
const image = (data: number[], shape: number[]) => tf.constant(data, { shape, dtype: tf.uint8 });
const encode = (data: number[], shape: number[], options = {}) => bytesOf(run(tf.image.encode_jpeg(image(data, shape), options)));

describe('tf.image JPEG coding (libjpeg-turbo through the native backend)', function () {
  beforeEach(() => tf.reset_default_graph());
  before(function () {
    const native = loadNative();
    // The set-up builds the addon wherever its Debian packages are installed; these tests need it.
    if (!('addon' in native)) throw new Error(`the native addon is needed for JPEG: ${native.reason}`);
  });

  it('builds DecodeJpeg, DecodeAndCropJpeg, EncodeJpeg and ExtractJpegShape with TF\'s names, attrs, dtypes and shapes', () => {
    const data = tf.placeholder(tf.string, []);
    const d = tf.image.decode_jpeg(data, { channels: 3 });
    assert.equal(d.op.name, 'DecodeJpeg');
    assert.equal(d.dtype, tf.uint8);
    assert.deepEqual(d.shape.as_list(), [null, null, 3]);
    assert.deepEqual([d.op.get_attr('ratio'), d.op.get_attr('fancy_upscaling'), d.op.get_attr('try_recover_truncated'), d.op.get_attr('acceptable_fraction')], [1, true, false, 1]);
    assert.deepEqual(tf.image.decode_jpeg(data).shape.as_list(), [null, null, null]);
    const c = tf.image.decode_and_crop_jpeg(data, [1, 2, 5, 6], { name: 'crop' });
    assert.equal(c.op.name, 'crop');
    assert.equal(c.op.type, 'DecodeAndCropJpeg');
    assert.deepEqual(c.shape.as_list(), [5, 6, null]);
    assert.deepEqual(tf.image.decode_and_crop_jpeg(data, tf.placeholder(tf.int32, [4]), { channels: 1 }).shape.as_list(), [null, null, 1]);
    const e = tf.image.encode_jpeg(tf.placeholder(tf.uint8, [null, null, 3]), { quality: 80 });
    assert.equal(e.op.name, 'EncodeJpeg');
    assert.equal(e.dtype, tf.string);
    assert.deepEqual(e.shape.as_list(), []);
    assert.equal(e.op.get_attr('quality'), 80);
    const s = tf.image.extract_jpeg_shape(data, { output_type: tf.int64 });
    assert.equal(s.op.name, 'ExtractJpegShape');
    assert.equal(s.dtype, tf.int64);
    assert.deepEqual(s.shape.as_list(), [3]);
    assert.equal(tf.io.decode_jpeg, tf.image.decode_jpeg);
    assert.throws(() => tf.image.decode_jpeg(tf.placeholder(tf.string, [2])), /Shape must be rank 0 but is rank 1/);
    assert.throws(() => tf.image.encode_jpeg(tf.placeholder(tf.uint8, [2, 2])), /Shape must be rank 3 but is rank 2/);
    assert.throws(() => tf.image.extract_jpeg_shape(data, { output_type: tf.float32 }), /not in list of allowed values: int32, int64/);
  });

  it('decodes JPEGs made by cjpeg exactly as djpeg does (4:2:0 RGB, gray, fancy upsampling on and off, both integer DCTs; an empty dct_method is TF\'s default, the fast one)', () => {
    const rgb = fixture('rgb_13x9.jpg'), gray = fixture('gray_13x9.jpg');
    const check = (got: tf.NDArray, raw: string, shape: number[]) => {
      assert.deepEqual(got.shape, shape);
      assert.deepEqual(flat(got), Array.from(fixture(raw)), raw);
    };
    check(run(tf.image.decode_jpeg(str(rgb))), 'rgb_fast.raw', [9, 13, 3]);
    check(run(tf.image.decode_jpeg(str(rgb), { dct_method: 'INTEGER_ACCURATE' })), 'rgb.raw', [9, 13, 3]);
    check(run(tf.image.decode_jpeg(str(rgb), { fancy_upscaling: false, dct_method: 'INTEGER_ACCURATE' })), 'rgb_nosmooth.raw', [9, 13, 3]);
    check(run(tf.image.decode_jpeg(str(rgb), { dct_method: 'INTEGER_FAST' })), 'rgb_fast.raw', [9, 13, 3]);
    check(run(tf.image.decode_jpeg(str(rgb), { channels: 1, dct_method: 'INTEGER_ACCURATE' })), 'rgb_as_gray.raw', [9, 13, 1]);
    check(run(tf.image.decode_jpeg(str(gray), { dct_method: 'INTEGER_ACCURATE' })), 'gray.raw', [9, 13, 1]);
    // channels=3 of a gray JPEG repeats its gray value.
    const g3 = run(tf.image.decode_jpeg(str(gray), { channels: 3, dct_method: 'INTEGER_ACCURATE' }));
    assert.deepEqual(g3.shape, [9, 13, 3]);
    assert.deepEqual(flat(g3), Array.from(fixture('gray.raw')).flatMap((v) => [v, v, v]));
  });

  it('scales by ratio 2, 4 and 8 while decoding, as djpeg -scale does', () => {
    const rgb = fixture('rgb_13x9.jpg');
    for (const [ratio, shape] of [[2, [5, 7, 3]], [4, [3, 4, 3]], [8, [2, 2, 3]]] as const) {
      const got = run(tf.image.decode_jpeg(str(rgb), { ratio, dct_method: 'INTEGER_ACCURATE' }));
      assert.deepEqual(got.shape, shape);
      assert.deepEqual(flat(got), Array.from(fixture(`rgb_scale${ratio}.raw`)), `ratio ${ratio}`);
    }
  });

  it('round-trips a smooth image through encode_jpeg and decode_jpeg within a few levels', () => {
    const [h, w] = [37, 50];
    const data = smooth(h, w);
    for (const options of [{}, { quality: 100, chroma_downsampling: false }, { progressive: true, optimize_size: true }, { format: 'rgb' as const, density_unit: 'cm' as const, x_density: 72, y_density: 72 }]) {
      const bytes = encode(data, [h, w, 3], options);
      assert.deepEqual(Array.from(bytes.subarray(0, 3)), [0xff, 0xd8, 0xff]);
      const back = run(tf.image.decode_jpeg(str(bytes)));
      assert.deepEqual(back.shape, [h, w, 3]);
      const err = flat(back).reduce((s, v, i) => s + Math.abs(v - data[i]), 0) / data.length;
      assert.ok(err < 3, `mean error ${err} with ${JSON.stringify(options)}`);
    }
    // Gray in, gray out; a higher quality costs more bytes.
    const grayData = smooth(h, w).filter((_, i) => i % 3 === 0);
    const g = run(tf.image.decode_jpeg(str(encode(grayData, [h, w, 1], { format: 'grayscale' })), { dct_method: 'INTEGER_ACCURATE' }));
    assert.deepEqual(g.shape, [h, w, 1]);
    assert.ok(flat(g).every((v, i) => Math.abs(v - grayData[i]) <= 4));
    assert.ok(encode(data, [h, w, 3], { quality: 30 }).length < encode(data, [h, w, 3], { quality: 95 }).length);
    // The JFIF density and the XMP packet (in APP1, after Adobe's namespace) are written as asked.
    const dense = Buffer.from(encode(data, [h, w, 3], { density_unit: 'cm', x_density: 72, y_density: 96, xmp_metadata: '<x:xmpmeta/>' }));
    const jfif = dense.indexOf('JFIF\0');
    assert.deepEqual([dense[jfif + 7], dense.readUInt16BE(jfif + 8), dense.readUInt16BE(jfif + 10)], [2, 72, 96]);
    assert.ok(dense.indexOf('http://ns.adobe.com/xap/1.0/\0<x:xmpmeta/>') > 0);
  });

  it('decode_and_crop_jpeg gives the window of the full decode; extract_jpeg_shape reads the header', () => {
    const [h, w] = [40, 56];
    const bytes = encode(smooth(h, w), [h, w, 3]);
    // Without fancy upsampling the window is exactly the full decode's; with it, libjpeg-turbo upsamples the
    // chroma at a window's left and right edges as at the image's, so those columns differ by a few levels.
    for (const fancy_upscaling of [false, true]) {
      const full = run(tf.image.decode_jpeg(str(bytes), { fancy_upscaling }));
      for (const [y, x, ch, cw] of [[0, 0, h, w], [3, 5, 17, 30], [16, 16, 8, 8], [17, 0, 9, 8], [39, 55, 1, 1]]) {
        const got = run(tf.image.decode_and_crop_jpeg(str(bytes), [y, x, ch, cw], { fancy_upscaling }));
        assert.deepEqual(got.shape, [ch, cw, 3]);
        const want: number[] = [];
        for (let i = y; i < y + ch; i++) for (let j = x; j < x + cw; j++) for (let k = 0; k < 3; k++) want.push(full.values[(i * w + j) * 3 + k] as number);
        if (fancy_upscaling) flat(got).forEach((v, i) => assert.ok(Math.abs(v - want[i]) <= 8, `window ${[y, x, ch, cw]}, element ${i}: ${v} vs ${want[i]}`));
        else assert.deepEqual(flat(got), want, `window ${[y, x, ch, cw]}`);
      }
    }
    const bad = (win: number[]) => assert.throws(() => run(tf.image.decode_and_crop_jpeg(str(bytes), win)), (e: Error) => e instanceof tf.errors.InvalidArgumentError && e.message.includes(`Invalid JPEG data or crop window, data size ${bytes.length}`));
    bad([0, 0, h + 1, w]);
    bad([-1, 0, 2, 2]);
    bad([0, 0, 0, 5]);
    assert.throws(() => run(tf.image.decode_and_crop_jpeg(str(bytes), tf.placeholder_with_default(tf.constant([1, 2, 3], { dtype: tf.int32 }), [null]))), /crop_size must have four elements \[3\]/);
    assert.deepEqual(flat(run(tf.image.extract_jpeg_shape(str(bytes)))), [h, w, 3]);
    assert.deepEqual(flat(run(tf.image.extract_jpeg_shape(str(fixture('gray_13x9.jpg')), { output_type: tf.int64 }))), [9, 13, 1]);
    assert.throws(() => run(tf.image.extract_jpeg_shape(str(Buffer.from('not a jpeg')))), /Invalid JPEG data, size 10/);
  });

  it('fails on truncated and non-JPEG data as TF does, and accepts a partial image by acceptable_fraction or recovery', () => {
    const [h, w] = [64, 48];
    const bytes = encode(smooth(h, w), [h, w, 3]);
    const cut = bytes.subarray(0, Math.floor(bytes.length * 0.6));
    assert.throws(() => run(tf.image.decode_jpeg(str(cut))), (e: Error) => e instanceof tf.errors.InvalidArgumentError && e.message.includes(`Invalid JPEG data or crop window, data size ${cut.length}`));
    const full = flat(run(tf.image.decode_jpeg(str(bytes))));
    const partial = run(tf.image.decode_jpeg(str(cut), { acceptable_fraction: 0.1 }));
    assert.deepEqual(partial.shape, [h, w, 3]);
    const p = flat(partial);
    const row = w * 3;
    const lastRow = p.slice(-row);
    assert.ok(lastRow.every((v) => v === 0), 'rows not read are black');
    assert.deepEqual(p.slice(0, row), full.slice(0, row), 'rows read are decoded');
    const recovered = flat(run(tf.image.decode_jpeg(str(cut), { try_recover_truncated: true })));
    assert.deepEqual(recovered.slice(-row), recovered.slice(-2 * row, -row), 'missing rows repeat the last one read');
    // A header that never completes fails, with recovery too (it once looped forever).
    const corrupt = fixture('corrupt_header.jpg');
    assert.throws(() => run(tf.image.decode_jpeg(str(corrupt), { try_recover_truncated: true, channels: 1, ratio: 8 })), new RegExp(`Invalid JPEG data or crop window, data size ${corrupt.length}`));
    const bad = (data: Uint8Array, re: RegExp, options = {}) => assert.throws(() => run(tf.image.decode_jpeg(str(data), options)), (e: Error) => e instanceof tf.errors.InvalidArgumentError && re.test(e.message));
    bad(Buffer.from('abc'), /Expected image \(JPEG, PNG, or GIF\), got unknown format starting with 'abc'/);
    bad(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]), /Invalid JPEG data or crop window, data size 7/);
    bad(bytes, /channels must be 0, 1, 3, or 4, got 2/, { channels: 2 });
    bad(bytes, /Invalid JPEG data or crop window/, { channels: 4 });
    bad(bytes, /ratio must be 1, 2, 4, or 8, got 3/, { ratio: 3 });
    bad(bytes, /dct_method must be one of \{'', 'INTEGER_FAST', 'INTEGER_ACCURATE'\}/, { dct_method: 'FLOAT' });
    bad(Buffer.from('GIF89a....'), /Invalid GIF data \(size 10\), failed to open gif file: Failed to read from given file/);
    assert.throws(() => run(tf.image.decode_and_crop_jpeg(str(bytesOf(run(tf.image.encode_png(tf.zeros([2, 2, 3], tf.uint8))))), [0, 0, 1, 1])), /DecodeAndCropJpeg operation can run on JPEG only, but detected PNG/);
    const enc = (shape: number[], re: RegExp, options = {}) => assert.throws(() => run(tf.image.encode_jpeg(tf.zeros(shape, tf.uint8), options)), re);
    enc([2, 2, 2], /image must have 1 or 3 channels, got \[2,2,2\]/);
    enc([2, 2, 3], /format grayscale expects 1 channels, got \[2,2,3\]/, { format: 'grayscale' });
    enc([2, 2, 3], /quality must be in \[0,100\], got 101/, { quality: 101 });
    enc([2, 2, 3], /density_unit must be 'in' or 'cm'/, { density_unit: 'mm' });
    enc([2, 2, 3], /format must be '', rgb or grayscale, got rgba/, { format: 'rgba' });
  });

  it('decode_jpeg also decodes PNG data, as TF\'s does', () => {
    const png = bytesOf(run(tf.image.encode_png(image([1, 2, 3, 4, 5, 6], [1, 2, 3]))));
    assert.deepEqual(flat(run(tf.image.decode_jpeg(str(png)))), [1, 2, 3, 4, 5, 6]);
  });

  it('decode_png and decode_gif decode JPEG data with TF\'s default fast DCT, as TF\'s DecodeImageOp does', () => {
    const jpeg = fixture('rgb_13x9.jpg');
    for (const t of [tf.image.decode_png(str(jpeg)), tf.image.decode_png(str(jpeg), { channels: 3 }), tf.image.decode_gif(str(jpeg))]) {
      const out = run(t);
      assert.deepEqual(out.shape, [9, 13, 3]);
      assert.deepEqual(flat(out), Array.from(fixture('rgb_fast.raw')));
    }
    assert.deepEqual(flat(run(tf.image.decode_png(str(jpeg), { channels: 1 }))), Array.from(fixture('rgb_as_gray_fast.raw')));
    assert.throws(() => run(tf.image.decode_png(str(jpeg), { dtype: tf.uint16 })), /JPEG does not support uint16 output/);
  });

  it('decode_image picks the JPEG, PNG, GIF or BMP decoder by the first bytes and converts to dtype', () => {
    const data = tf.placeholder(tf.string, []);
    const img = tf.image.decode_image(data);
    assert.equal(img.dtype, tf.uint8);
    assert.equal(img.op.name, 'decode_image/cond_jpeg/Merge');
    const asFloat = tf.image.decode_image(data, { dtype: tf.float32, channels: 3 });
    assert.equal(asFloat.dtype, tf.float32);
    const sess = new tf.Session();
    try {
      const feed = (b: Uint8Array, t: tf.Tensor = img) => sess.run(t, new Map([[data, tf.NDArray.fromStrings([b], [])]])) as tf.NDArray;
      const jpeg = fixture('rgb_13x9.jpg');
      const j = feed(jpeg);
      assert.deepEqual(j.shape, [9, 13, 3]);
      assert.deepEqual(flat(j), Array.from(fixture('rgb_fast.raw')), 'DecodeJpeg with TF\'s default dct_method');
      const f = feed(jpeg, asFloat);
      assert.ok(Math.abs((f.values[0] as number) - (j.values[0] as number) / 255) < 1e-6);
      const png = bytesOf(run(tf.image.encode_png(image([10, 20, 30, 40], [2, 2, 1]))));
      assert.deepEqual(flat(feed(png)), [10, 20, 30, 40]);
      // A 1x1 24-bit BMP (bottom-up, rows 4-byte aligned): blue, green, red bytes.
      const bmp = new Uint8Array(58);
      bmp.set([0x42, 0x4d]);
      const v = new DataView(bmp.buffer);
      v.setInt32(10, 54, true); v.setInt32(14, 40, true); v.setInt32(18, 1, true); v.setInt32(22, 1, true); v.setInt16(26, 1, true); v.setInt16(28, 24, true);
      bmp.set([7, 8, 9], 54);
      assert.deepEqual(flat(feed(bmp)), [9, 8, 7]);
      assert.throws(() => feed(Buffer.from('GIF89a.......')), /Invalid GIF data \(size 13\), failed to slurp gif file: Failed to read from given file/);
      assert.throws(() => feed(Buffer.from('nothing at all')), /Unable to decode bytes as JPEG, PNG, GIF, or BMP/);
    } finally { sess.close(); }
    // tf.io's decode_image takes expand_animations too (it concerns GIFs only).
    const io = tf.io.decode_image(data, { channels: 3, expand_animations: false });
    assert.equal(io.op.name, 'decode_image_2/cond_jpeg/Merge');
    assert.deepEqual(flat(run(tf.io.decode_image(str(fixture('gray_13x9.jpg'))))), flat(run(tf.image.decode_jpeg(str(fixture('gray_13x9.jpg'))))));
    assert.equal(tf.io.decode_png, tf.image.decode_png);
    assert.throws(() => tf.image.decode_image(data, { channels: 2 }), /channels must be in \(None, 0, 1, 3, 4\)/);
    assert.throws(() => run(tf.image.decode_image(str(fixture('rgb_13x9.jpg')), { channels: 4 })), /Channels must be in \(None, 0, 1, 3\) when decoding JPEG images/);
  });

  it('adjust_jpeg_quality re-encodes at the given quality and keeps the dtype; random_jpeg_quality draws the quality', () => {
    const [h, w] = [24, 32];
    const data = smooth(h, w);
    const asFloat = tf.divide(tf.cast(image(data, [h, w, 3]), tf.float32), 255);
    const y = tf.image.adjust_jpeg_quality(asFloat, 50);
    assert.equal(y.dtype, tf.float32);
    const ops = tf.get_default_graph().get_operations().filter((o) => o.name.startsWith('adjust_jpeg_quality/')).map((o) => `${o.name}:${o.type}`);
    assert.ok(ops.includes('adjust_jpeg_quality/EncodeJpegVariableQuality:EncodeJpegVariableQuality'), ops.join(' '));
    const decodeOp = tf.get_default_graph().get_operations().find((o) => o.type === 'DecodeJpeg')!;
    assert.equal(decodeOp.get_attr('channels'), 3);
    const got = flat(run(y));
    // The same as encoding the uint8 image at quality 50 and decoding it.
    const at = (q: number) => flat(run(tf.image.decode_jpeg(str(encode(data, [h, w, 3], { quality: q })))));
    const want = at(50);
    got.forEach((v, i) => assert.ok(Math.abs(v - want[i] / 255) < 1e-6, `element ${i}`));
    // A tensor quality works too; out of range fails as TF's kernel does.
    const q = tf.placeholder(tf.int32, []);
    const z = tf.image.adjust_jpeg_quality(image(data, [h, w, 3]), q);
    const sess = new tf.Session();
    try {
      assert.deepEqual(flat(sess.run(z, new Map([[q, 50]])) as tf.NDArray), want);
      assert.throws(() => sess.run(z, new Map([[q, 101]])), /quality must be in \[0,100\], got 101/);
    } finally { sess.close(); }
    // random_jpeg_quality: some quality in [70, 75) each run.
    const r = flat(run(tf.image.random_jpeg_quality(image(data, [h, w, 3]), 70, 75, { seed: 3 })));
    assert.ok([70, 71, 72, 73, 74].some((k) => at(k).every((v, i) => v === r[i])), 'a quality in [70, 75)');
    assert.throws(() => tf.image.random_jpeg_quality(image(data, [h, w, 3]), 80, 70), /`min_jpeg_quality` must be less than `max_jpeg_quality`/);
    assert.throws(() => tf.image.random_jpeg_quality(image(data, [h, w, 3]), -1, 70), /jpeg encoding range must be between 0 and 100/);
  });
});

describe('tf.image JPEG coding without the native backend', () => {
  it('raises an UnimplementedError naming the missing backend for JPEG data, and still decodes PNG data', () => {
    // scopeflow's own build, loaded from a package folder that has no native/build (symlinks kept as they are).
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scopeflow-nojpeg-'));
    try {
      fs.writeFileSync(path.join(dir, 'package.json'), '{"name": "scopeflow-without-addon"}');
      fs.symlinkSync(path.join(repoRoot(), 'dist'), path.join(dir, 'dist'));
      fs.symlinkSync(fs.realpathSync(path.join(repoRoot(), 'node_modules')), path.join(dir, 'node_modules'));
      const script = `
        const tf = require(${JSON.stringify(path.join(dir, 'dist', 'lib'))});
        const sess = new tf.Session();
        const jpeg = tf.constant(tf.NDArray.fromStrings([Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0])], []));
        try { sess.run(tf.image.decode_jpeg(jpeg)); console.log('decoded'); } catch (e) { console.log(e.constructor.name + ': ' + e.message.split('\\n')[0]); }
        try { sess.run(tf.image.encode_jpeg(tf.zeros([1, 1, 3], tf.uint8))); console.log('encoded'); } catch (e) { console.log(e.constructor.name + ': ' + e.message.split('\\n')[0]); }
        console.log(JSON.stringify(sess.run(tf.image.decode_jpeg(tf.image.encode_png(tf.zeros([1, 2, 1], tf.uint8)))).shape));`;
      const r = spawnSync(process.execPath, ['--preserve-symlinks', '-e', script], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      const lines = r.stdout.trim().split('\n');
      assert.match(lines[0], /^UnimplementedError: DecodeJpeg needs scopeflow's native backend \(libjpeg-turbo\), which is absent: not built here/);
      assert.match(lines[1], /^UnimplementedError: EncodeJpeg needs scopeflow's native backend/);
      assert.equal(lines[2], '[1,2,1]');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
