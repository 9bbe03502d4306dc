// tf.image.decode_gif as TF 1.15 runs it (giflib, composited as TF's gif_io.cc does): GIFs built here by a
// small LZW encoder, plus one LZW stream worked out by hand, checked pixel for pixel; interlacing, local and
// global colour tables, frames smaller than the canvas, graphic-control extensions, giflib's and TF's errors,
// every decode op on every format, and decode_image's GIF branch.
import assert from 'node:assert/strict';
import * as tf from '../../../lib';

const run = (t: tf.Tensor) => {
  const sess = new tf.Session();
  try { return sess.run(t) as tf.NDArray; } finally { sess.close(); }
};
const flat = (a: tf.NDArray): number[] => Array.from(a.values as ArrayLike<number>);
const str = (b: Uint8Array) => tf.constant(tf.NDArray.fromStrings([b], []));
const bytesOf = (a: tf.NDArray): Uint8Array => (a.data as Uint8Array[])[0];

/** GIF's variable-width LZW of `indices` with `minBits`-bit roots, as image data sub-blocks (code size byte first). */
function lzw(indices: number[], minBits: number): number[] {
  const clear = 1 << minBits, eoi = clear + 1;
  const dict = new Map<number, number>();
  let bits = minBits + 1, next = eoi + 1, decoderNext = eoi + 1, first = true;
  const data: number[] = [];
  let acc = 0, n = 0;
  const emit = (code: number) => {
    acc |= code << n;
    n += bits;
    while (n >= 8) { data.push(acc & 0xff); acc >>>= 8; n -= 8; }
  };
  // The width follows the decoder's table, which gains an entry for each code after the first.
  const emitData = (code: number) => {
    emit(code);
    if (first) { first = false; return; }
    decoderNext++;
    if (decoderNext === 1 << bits && bits < 12) bits++;
  };
  emit(clear);
  let prefix = indices[0];
  for (const k of indices.slice(1)) {
    const key = prefix * 256 + k;
    const known = dict.get(key);
    if (known !== undefined) { prefix = known; continue; }
    emitData(prefix);
    assert.ok(next < 4096, 'test images stay below a full table');
    dict.set(key, next++);
    prefix = k;
  }
  emitData(prefix);
  emit(eoi);
  if (n > 0) data.push(acc & 0xff);
  const out = [minBits];
  for (let i = 0; i < data.length; i += 255) out.push(Math.min(255, data.length - i), ...data.slice(i, i + 255));
  return [...out, 0];
}

type Rgb = [number, number, number];
const tableBits = (colors: Rgb[]) => { let b = 0; while (2 << b < colors.length) b++; return b; };
const table = (colors: Rgb[]) => {
  const size = 2 << tableBits(colors);
  return Array.from({ length: size }, (_, i) => colors[i] ?? [0, 0, 0]).flat();
};
const u16 = (v: number) => [v & 0xff, v >> 8];

interface FrameSpec { left?: number; top?: number; width: number; height: number; indices: number[]; local?: Rgb[]; interlaced?: boolean; control?: { disposal: number; transparent?: number } }

/** A GIF89a: logical screen, optional global table, then each frame (optional graphic control extension, descriptor, data). */
function gif(screen: [number, number], global: Rgb[] | null, frames: FrameSpec[], trailer = true): Uint8Array {
  const out = [...Buffer.from('GIF89a'), ...u16(screen[0]), ...u16(screen[1]), global ? 0x80 | 0x70 | tableBits(global) : 0, 0, 0];
  if (global) out.push(...table(global));
  out.push(0x21, 0xff, 11, ...Buffer.from('NETSCAPE2.0'), 3, 1, 0, 0, 0);   // an application extension, read past
  for (const f of frames) {
    if (f.control) {
      const t = f.control.transparent;
      out.push(0x21, 0xf9, 4, (f.control.disposal << 2) | (t === undefined ? 0 : 1), 10, 0, t ?? 0, 0);
    }
    out.push(0x2c, ...u16(f.left ?? 0), ...u16(f.top ?? 0), ...u16(f.width), ...u16(f.height),
      (f.local ? 0x80 | tableBits(f.local) : 0) | (f.interlaced ? 0x40 : 0));
    if (f.local) out.push(...table(f.local));
    const palette = f.local ?? global ?? [[0, 0, 0]];
    let rows = Array.from({ length: f.height }, (_, y) => f.indices.slice(y * f.width, (y + 1) * f.width));
    if (f.interlaced) rows = [[0, 8], [4, 8], [2, 4], [1, 2]].flatMap(([s, step]) => rows.filter((_, y) => y >= s && (y - s) % step === 0));
    out.push(...lzw(rows.flat(), Math.max(2, tableBits(palette) + 1)));
  }
  if (trailer) out.push(0x3b);
  return Uint8Array.from(out);
}

const RED: Rgb = [255, 0, 0], GREEN: Rgb = [0, 255, 0], BLUE: Rgb = [0, 0, 255], WHITE: Rgb = [255, 255, 255];
const paint = (indices: number[], colors: Rgb[]) => indices.flatMap((i) => colors[i]);
const decode = (bytes: Uint8Array) => run(tf.image.decode_gif(str(bytes)));
const fails = (t: () => unknown, text: string) =>
  assert.throws(t, (e: Error) => e instanceof tf.errors.InvalidArgumentError && e.message.includes(text), text);

describe('tf.image.decode_gif', () => {
  beforeEach(() => tf.reset_default_graph());

  it("builds DecodeGif with TF's name, dtype and static shape", () => {
    const data = tf.placeholder(tf.string, []);
    const frames = tf.image.decode_gif(data);
    assert.equal(frames.op.name, 'DecodeGif');
    assert.equal(frames.op.type, 'DecodeGif');
    assert.equal(frames.dtype, tf.uint8);
    assert.deepEqual(frames.shape.as_list(), [null, null, null, 3]);
    assert.equal(tf.io.decode_gif, tf.image.decode_gif);
    assert.throws(() => tf.image.decode_gif(tf.constant(tf.NDArray.fromStrings([new Uint8Array(1), new Uint8Array(1)], [2]))), /Shape must be rank 0 but is rank 1/);
  });

  it('decodes an LZW stream worked out by hand (clear, 0, the code being defined, 0, end)', () => {
    // Four 0 pixels with 2-bit roots: codes 4 0 6 0 in 3 bits, then 5 in 4 bits (the table reached 8): bytes 0x84 0x51.
    const bytes = Uint8Array.from([...Buffer.from('GIF87a'), 2, 0, 2, 0, 0x80, 0, 0, 1, 2, 3, 4, 5, 6,
      0x2c, 0, 0, 0, 0, 2, 0, 2, 0, 0, 2, 2, 0x84, 0x51, 0, 0x3b]);
    const out = decode(bytes);
    assert.deepEqual(out.shape, [1, 2, 2, 3]);
    assert.deepEqual(flat(out), [1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3]);
  });

  it('decodes palettes of 2 to 256 colours, with the code width growing to 12 bits', () => {
    const four: Rgb[] = [RED, GREEN, BLUE, WHITE];
    const indices = Array.from({ length: 30 }, (_, i) => (i * 7 + (i >> 2)) % 4);
    assert.deepEqual(flat(decode(gif([6, 5], four, [{ width: 6, height: 5, indices }]))), paint(indices, four));
    const two: Rgb[] = [[9, 8, 7], [1, 2, 3]];
    const bits = Array.from({ length: 12 }, (_, i) => (i % 3 === 0 ? 1 : 0));
    assert.deepEqual(flat(decode(gif([4, 3], two, [{ width: 4, height: 3, indices: bits }]))), paint(bits, two));
    const all: Rgb[] = Array.from({ length: 256 }, (_, i) => [i, 255 - i, (i * 37) & 0xff]);
    const noisy = Array.from({ length: 64 * 48 }, (_, i) => (i * 2654435761 >>> 13) & 0xff);
    const big = gif([64, 48], all, [{ width: 64, height: 48, indices: noisy }]);
    const out = decode(big);
    assert.deepEqual(out.shape, [1, 48, 64, 3]);
    assert.deepEqual(flat(out), paint(noisy, all));
  });

  it("de-interlaces, prefers a frame's local colour table, and composites frames as TF 1.15 does", () => {
    const global: Rgb[] = [RED, GREEN, BLUE, WHITE];
    const tall = Array.from({ length: 3 * 10 }, (_, i) => Math.floor(i / 3) % 4);
    assert.deepEqual(flat(decode(gif([3, 10], global, [{ width: 3, height: 10, indices: tall, interlaced: true }]))), paint(tall, global));
    const local: Rgb[] = [[10, 20, 30], [40, 50, 60]];
    const first = [0, 1, 2, 3, 3, 2, 1, 0, 0, 0, 1, 1];
    // Frame 1: 2x2 at (1, 1), local table, transparent index 0 and disposal 2 (which TF 1.15 does not apply):
    // the rest of the canvas is frame 0's, index 0 is painted with its colour.
    // Frame 2: 2x2 at (3, 2), reaching past the 4x3 canvas, clipped to it.
    const bytes = gif([4, 3], global, [
      { width: 4, height: 3, indices: first },
      { left: 1, top: 1, width: 2, height: 2, indices: [1, 0, 0, 1], local, control: { disposal: 2, transparent: 0 } },
      { left: 3, top: 2, width: 2, height: 2, indices: [3, 3, 3, 3], control: { disposal: 1 } },
    ]);
    const out = decode(bytes);
    assert.deepEqual(out.shape, [3, 3, 4, 3]);
    const f0 = paint(first, global);
    const f1 = [...f0];
    [[1, 1, 1], [1, 2, 0], [2, 1, 0], [2, 2, 1]].forEach(([y, x, i]) => f1.splice((y * 4 + x) * 3, 3, ...local[i]));
    const f2 = [...f1];
    f2.splice((2 * 4 + 3) * 3, 3, ...WHITE);
    assert.deepEqual(flat(out), [...f0, ...f1, ...f2]);
  });

  it("fails with giflib's and TF's texts for bad data", () => {
    const global: Rgb[] = [RED, GREEN];
    const good = gif([2, 2], global, [{ width: 2, height: 2, indices: [0, 1, 1, 0] }]);
    const bad = (bytes: Uint8Array, text: string) => fails(() => decode(bytes), `Invalid GIF data (size ${bytes.length}), ${text}`);
    bad(Buffer.from('GIF89a..'), 'failed to open gif file: Failed to read from given file');
    bad(good.subarray(0, good.length - 6), 'failed to slurp gif file: Failed to read from given file');
    bad(good.subarray(0, good.length - 1), 'failed to slurp gif file: Failed to read from given file');
    const wrong = Uint8Array.from(good);
    wrong[wrong.length - 1] = 0x00;
    bad(wrong, 'failed to slurp gif file: Wrong record type detected');
    bad(gif([2, 2], global, []), 'gif file does not contain any image');
    bad(gif([2, 2], null, [{ width: 2, height: 2, indices: [0, 0, 0, 0] }]), 'missing color map for frame 0');
    bad(gif([3, 3], global, [{ width: 2, height: 2, indices: [0, 0, 0, 0] }, { width: 3, height: 3, indices: Array(9).fill(1) }]), 'the first frame does not fill the canvas');
    bad(gif([2, 1], global, [{ width: 2, height: 1, indices: [0, 3] }]), 'found color index 3 outside of color map range 2');
    // The data sub-blocks end (a zero-length block) before every pixel is read; an end code comes too soon.
    const header = [...Buffer.from('GIF89a'), 2, 0, 2, 0, 0x80, 0, 0, 1, 2, 3, 4, 5, 6, 0x2c, 0, 0, 0, 0, 2, 0, 2, 0, 0];
    bad(Uint8Array.from([...header, 2, 1, 0x04, 0, 0x3b]), 'failed to slurp gif file: Image is defective, decoding aborted');
    bad(Uint8Array.from([...header, 2, 1, 0x2c, 0, 0x3b]), 'failed to slurp gif file: Image EOF detected before image complete');
    // Clear then code 7, beyond the table (next is 6): giflib's defective image.
    bad(Uint8Array.from([...header, 2, 1, 0x3c, 0, 0x3b]), 'failed to slurp gif file: Image is defective, decoding aborted');
    fails(() => decode(Buffer.from('no image here')), "Expected image (JPEG, PNG, or GIF), got unknown format starting with 'no image here'");
  });

  it('decodes PNG data to a 3-D image, and DecodePng and DecodeJpeg decode one-frame GIFs, as TF\'s DecodeImageOp does', () => {
    const png = bytesOf(run(tf.image.encode_png(tf.constant([1, 2, 3, 4, 5, 6], { shape: [1, 2, 3], dtype: tf.uint8 }))));
    const fromPng = decode(png);
    assert.deepEqual(fromPng.shape, [1, 2, 3]);
    assert.deepEqual(flat(fromPng), [1, 2, 3, 4, 5, 6]);
    const gray = bytesOf(run(tf.image.encode_png(tf.constant([7, 9], { shape: [1, 2, 1], dtype: tf.uint8 }))));
    assert.deepEqual(flat(decode(gray)), [7, 7, 7, 9, 9, 9]);
    const colors: Rgb[] = [RED, BLUE];
    const one = gif([2, 1], colors, [{ width: 2, height: 1, indices: [1, 0] }]);
    for (const t of [tf.image.decode_png(str(one)), tf.image.decode_png(str(one), { channels: 3 }), tf.image.decode_jpeg(str(one))]) {
      const out = run(t);
      assert.deepEqual(out.shape, [1, 2, 3]);
      assert.deepEqual(flat(out), [...BLUE, ...RED]);
    }
    const two = gif([2, 1], colors, [{ width: 2, height: 1, indices: [1, 0] }, { width: 2, height: 1, indices: [0, 0] }]);
    fails(() => run(tf.image.decode_png(str(two))), 'Got 2 frames, but animated gifs can only be decoded by tf.image.decode_gif or tf.image.decode_image');
    fails(() => run(tf.image.decode_png(str(one), { channels: 1 })), 'channels must be 0 or 3 for GIF, got 1');
    fails(() => run(tf.image.decode_jpeg(str(one), { channels: 4 })), 'channels must be 0 or 3 for GIF, got 4');
    fails(() => run(tf.image.decode_png(str(one), { dtype: tf.uint16 })), 'GIF does not support uint16 output');
    fails(() => run(tf.image.decode_png(str(Buffer.from('abc')))), "Expected image (JPEG, PNG, or GIF), got unknown format starting with 'abc'");
  });

  it('decode_image gives a GIF\'s frames through its cond_gif branch; tf.io\'s expand_animations=False the first', () => {
    const colors: Rgb[] = [RED, BLUE, GREEN, WHITE];
    const bytes = gif([2, 2], colors, [{ width: 2, height: 2, indices: [0, 1, 2, 3] }, { left: 1, width: 1, height: 1, indices: [0] }]);
    const f0 = paint([0, 1, 2, 3], colors), f1 = paint([0, 0, 2, 3], colors);
    const data = tf.placeholder(tf.string, []);
    const img = tf.image.decode_image(data);
    const ops = tf.get_default_graph().get_operations().map((o) => `${o.name}:${o.type}`);
    for (const op of ['decode_image/cond_jpeg/cond_png/is_gif:Equal', 'decode_image/cond_jpeg/cond_png/cond_gif/check_gif_channels:NotEqual',
      'decode_image/cond_jpeg/cond_png/cond_gif/check_gif_channels_1:NotEqual', 'decode_image/cond_jpeg/cond_png/cond_gif/LogicalAnd:LogicalAnd',
      'decode_image/cond_jpeg/cond_png/cond_gif/DecodeGif:DecodeGif', 'decode_image/cond_jpeg/cond_png/cond_gif/DecodeBmp:DecodeBmp']) {
      assert.ok(ops.includes(op), op);
    }
    const asFloat = tf.image.decode_image(data, { dtype: tf.float32 });
    const first = tf.io.decode_image(data, { expand_animations: false });
    const three = tf.io.decode_image(data, { channels: 3 });
    const gray = tf.image.decode_image(data, { channels: 1 });
    const sess = new tf.Session();
    try {
      const feed = (t: tf.Tensor, b: Uint8Array = bytes) => sess.run(t, new Map([[data, tf.NDArray.fromStrings([b], [])]])) as tf.NDArray;
      const all = feed(img);
      assert.deepEqual(all.shape, [2, 2, 2, 3]);
      assert.deepEqual(flat(all), [...f0, ...f1]);
      assert.deepEqual(flat(feed(asFloat)), [...f0, ...f1].map((v) => Math.fround(v / 255)));
      const one = feed(first);
      assert.deepEqual(one.shape, [2, 2, 3]);
      assert.deepEqual(flat(one), f0);
      assert.deepEqual(feed(three).shape, [2, 2, 2, 3]);
      assert.throws(() => feed(gray), /Channels must be in \(None, 0, 3\) when decoding GIF images/);
      assert.throws(() => feed(img, Buffer.from('nothing at all')), /Unable to decode bytes as JPEG, PNG, GIF, or BMP/);
    } finally { sess.close(); }
    assert.throws(() => run(tf.image.decode_image(str(bytes), { channels: 4 })), /Channels must be in \(None, 0, 3\) when decoding GIF images/);
  });
});
