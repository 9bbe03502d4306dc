// tf.image as TF 1.15 builds and runs it: values from TF's image_ops_test.py (and small cases checked by hand),
// node names, dtypes and static shapes, gradients against finite differences, TF's errors, and PNG both ways,
// including PNGs written by TF's libpng (the image summaries of a TF 0.7 event file).
import assert from 'node:assert/strict';
import * as zlib from 'zlib';
import { crc32 } from '@node-rs/crc32';
import * as tf from '../../../lib';

const run = <T extends tf.Tensor | tf.Tensor[]>(t: T, feeds?: Map<tf.Tensor, tf.NDArray | number[] | number[][][]>) => {
  const sess = new tf.Session();
  try { return sess.run(t as tf.Tensor, feeds as never) as tf.NDArray; } finally { sess.close(); }
};
const flat = (a: tf.NDArray): number[] => Array.from(a.values as ArrayLike<number>);
const newOps = (fn: () => unknown): string[] => {
  const before = new Set(tf.get_default_graph().get_operations());
  fn();
  return tf.get_default_graph().get_operations().filter((o) => !before.has(o)).map((o) => `${o.name}:${o.type}`);
};
const close = (got: number[], want: number[], atol: number) => {
  assert.equal(got.length, want.length);
  got.forEach((g, i) => assert.ok(Math.abs(g - want[i]) <= atol, `element ${i}: ${g} vs ${want[i]}`));
};
const image = (data: number[], shape: number[], dtype: tf.DType = tf.float32) => tf.constant(data, { shape, dtype });

describe('tf.image resizing', () => {
  beforeEach(() => tf.reset_default_graph());
  const M = tf.image.ResizeMethod;

  it("matches TF's testResizeUpAlignCornersFalse and testResizeUpAlignCornersTrue (bilinear, nearest, area)", () => {
    const lo = [64, 32, 32, 64, 50, 100];
    const wantFalse: Record<number, number[]> = {
      [M.BILINEAR]: [64, 48, 32, 32, 48, 48, 48, 48, 32, 48, 64, 64, 41, 61.5, 82, 82, 50, 75, 100, 100, 50, 75, 100, 100],
      [M.NEAREST_NEIGHBOR]: [64, 64, 32, 32, 64, 64, 32, 32, 32, 32, 64, 64, 32, 32, 64, 64, 50, 50, 100, 100, 50, 50, 100, 100],
      [M.AREA]: [64, 64, 32, 32, 64, 64, 32, 32, 32, 32, 64, 64, 32, 32, 64, 64, 50, 50, 100, 100, 50, 50, 100, 100],
    };
    const wantTrue: Record<number, number[]> = {
      [M.BILINEAR]: [6, 5, 4, 3, 4.5, 4.5, 4.5, 4.5, 3, 4, 5, 6, 4.5, 5.5, 6.5, 7.5, 6, 7, 8, 9],
      [M.NEAREST_NEIGHBOR]: [6, 6, 3, 3, 3, 3, 6, 6, 3, 3, 6, 6, 6, 6, 9, 9, 6, 6, 9, 9],
      [M.AREA]: [6, 6, 6, 3, 6, 6, 6, 3, 3, 3, 3, 6, 3, 3, 3, 6, 6, 6, 6, 9],
    };
    for (const dtype of [tf.uint8, tf.int32, tf.float32, tf.float64]) {
      for (const method of [M.BILINEAR, M.NEAREST_NEIGHBOR, M.AREA]) {
        const y = tf.image.resize_images(image(lo, [1, 3, 2, 1], dtype), [6, 4], { method });
        assert.deepEqual(y.shape.as_list(), [1, 6, 4, 1]);
        assert.equal(y.dtype, method === M.NEAREST_NEIGHBOR ? dtype : tf.float32);
        close(flat(run(y)), wantFalse[method], 1e-5);
        const z = tf.image.resize_images(image([6, 3, 3, 6, 6, 9], [1, 3, 2, 1], dtype), [5, 4], { method, align_corners: true });
        close(flat(run(z)), wantTrue[method], 1e-5);
      }
    }
  });

  it("matches TF's testResizeDown, testResizeUpBicubic and testResizeDownArea", () => {
    const data = [127, 127, 64, 64, 127, 127, 64, 64, 64, 64, 127, 127, 64, 64, 127, 127, 50, 50, 100, 100, 50, 50, 100, 100];
    for (const shape of [[1, 6, 4, 1], [6, 4, 1]]) {
      for (const method of [M.BILINEAR, M.NEAREST_NEIGHBOR, M.BICUBIC, M.AREA]) {
        const y = tf.image.resize_images(image(data, shape, tf.int8), [3, 2], { method });
        assert.deepEqual(y.shape.as_list(), shape.length === 4 ? [1, 3, 2, 1] : [3, 2, 1]);
        close(flat(run(y)), [127, 64, 64, 127, 50, 100], 1e-5);
      }
    }
    const up = [128, 128, 64, 64, 128, 128, 64, 64, 64, 64, 128, 128, 64, 64, 128, 128, 50, 50, 100, 100, 50, 50, 100, 100, 50, 50, 100, 100,
      50, 50, 100, 100, 50, 50, 100, 100];
    const bicubic = [128, 135, 96, 55, 64, 114, 134, 128, 78, 81, 68, 52, 57, 118, 144, 136, 55, 49, 79, 109, 103, 89, 83, 84, 74, 70, 95, 122,
      115, 69, 49, 55, 100, 105, 75, 43, 50, 89, 105, 100, 57, 54, 74, 96, 91, 65, 55, 58, 70, 69, 75, 81, 80, 72, 69, 70, 105, 112, 75, 36,
      45, 92, 111, 105];
    close(flat(run(tf.image.resize_images(image(up, [1, 6, 6, 1], tf.uint8), [8, 8], { method: M.BICUBIC }))), bicubic, 1);
    const down = [128, 64, 32, 16, 8, 4, 4, 8, 16, 32, 64, 128, 128, 64, 32, 16, 8, 4, 5, 10, 15, 20, 25, 30, 30, 25, 20, 15, 10, 5, 5, 10, 15,
      20, 25, 30];
    close(flat(run(tf.image.resize_images(image(down, [1, 6, 6, 1], tf.uint8), [4, 4], { method: M.AREA }))),
      [73, 33, 23, 39, 73, 33, 23, 39, 14, 16, 19, 21, 14, 16, 19, 21], 1);
  });

  it('samples at pixel centers with half_pixel_centers (bilinear and nearest neighbour, checked by hand)', () => {
    const x = image([1, 2], [1, 1, 2, 1]);
    // Input columns of the outputs: (i + 0.5) / 2 - 0.5 = -0.25, 0.25, 0.75, 1.25 (clamped at the edges).
    assert.deepEqual(flat(run(tf.image.resize_bilinear(x, [1, 4], { half_pixel_centers: true }))), [1, 1.25, 1.75, 2]);
    assert.deepEqual(flat(run(tf.image.resize_bilinear(x, [1, 4]))), [1, 1.5, 2, 2]);
    // 3 → 2 columns: centers at 0.75 and 2.25 pick columns 0 and 2; the legacy 0 and 1.5 pick 0 and 1.
    const row = image([10, 20, 30], [1, 1, 3, 1]);
    assert.deepEqual(flat(run(tf.image.resize_nearest_neighbor(row, [1, 2], { half_pixel_centers: true }))), [10, 30]);
    assert.deepEqual(flat(run(tf.image.resize_nearest_neighbor(row, [1, 2]))), [10, 20]);
    assert.throws(() => run(tf.image.resize_bilinear(x, [2, 2], { align_corners: true, half_pixel_centers: true })),
      (e: Error) => e instanceof tf.errors.InvalidArgumentError && /If half_pixel_centers is True, align_corners must be False\./.test(e.message));
  });

  it("builds TF's nodes: a 3-D image through a batch of one under `resize`, the size as an int32 Const", () => {
    const x = tf.placeholder(tf.uint8, [50, 60, 3]);
    const ops = newOps(() => tf.image.resize_images(x, [55, 66]));
    assert.deepEqual(ops, ['resize/ExpandDims/dim:Const', 'resize/ExpandDims:ExpandDims', 'resize/size:Const', 'resize/ResizeBilinear:ResizeBilinear', 'resize/Squeeze:Squeeze']);
    const op = tf.get_default_graph().get_operation_by_name('resize/ResizeBilinear');
    assert.equal(op.get_attr('align_corners'), false);
    assert.equal(op.get_attr('half_pixel_centers'), false);
    assert.equal(op.get_attr('T'), tf.uint8);
    assert.equal(tf.image.resize_images(x, [55, 66], { name: 'scaled' }).op.name, 'scaled/Squeeze');
    // The same size: the image itself (squeezed back), no resize op.
    const same = tf.image.resize_images(x, [50, 60]);
    assert.equal(same.op.type, 'Squeeze');
    assert.equal(same.dtype, tf.uint8);
    assert.equal(tf.image.resize_nearest_neighbor(tf.placeholder(tf.float32, [1, 4, 4, 1]), [2, 2]).op.name, 'ResizeNearestNeighbor');
  });

  it("infers TF's shapes (testShapeInference) and preserves the aspect ratio", () => {
    const cases: [(number | null)[], (number | null)[]][] = [
      [[50, 60, 3], [55, 66, 3]], [[null, 60, 3], [55, 66, 3]], [[59, null, 3], [55, 66, 3]], [[null, null, 3], [55, 66, 3]],
      [[50, 60, null], [55, 66, null]], [[null, null, null], [55, 66, null]],
    ];
    for (const [input, want] of cases) assert.deepEqual(tf.image.resize_images(tf.placeholder(tf.float32, input), [55, 66]).shape.as_list(), want);
    // A size known only at run time: unknown height and width.
    assert.deepEqual(tf.image.resize_images(tf.placeholder(tf.float32, [2, 5, 5, 1]), tf.placeholder(tf.int32, [2])).shape.as_list(), [2, null, null, 1]);
    // preserve_aspect_ratio fits the image inside the size: 100x100 into [50, 200] is 50x50; 80x40 into [100, 100] is 100x50.
    const a = tf.image.resize_images(tf.zeros([100, 100, 10]), [50, 200], { preserve_aspect_ratio: true });
    assert.deepEqual(a.shape.as_list(), [50, 50, 10]);
    assert.deepEqual(run(a).shape, [50, 50, 10]);
    const b = tf.image.resize_images(tf.zeros([2, 80, 40, 3]), [100, 100], { preserve_aspect_ratio: true });
    assert.deepEqual(b.shape.as_list(), [2, 100, 50, 3]);
    assert.deepEqual(run(b).shape, [2, 100, 50, 3]);
  });

  it("raises TF's errors for bad images, sizes and dtypes", () => {
    assert.throws(() => tf.image.resize_images(tf.zeros([4, 4]), [2, 2]), /^ValueError: 'images' must have either 3 or 4 dimensions\.$/);
    assert.throws(() => tf.image.resize_images(tf.placeholder(tf.float32), [2, 2]), /'images' contains no shape\./);
    assert.throws(() => tf.image.resize_images(tf.zeros([4, 4, 1]), [1, 2, 3]), /'size' must be a 1-D Tensor of 2 elements: new_height, new_width/);
    assert.throws(() => tf.image.resize_images(tf.zeros([4, 4, 1]), tf.constant([6.0, 4])), /'size' must be a 1-D int32 Tensor/);
    assert.throws(() => tf.image.resize_images(tf.zeros([4, 4, 1]), [2, 2], { method: 7 as never }), /Resize method is not implemented\./);
    assert.throws(() => tf.image.resize_bilinear(tf.zeros([4, 4, 1]), [2, 2]),
      /Shape must be rank 4 but is rank 3 for 'ResizeBilinear' \(op: 'ResizeBilinear'\) with input shapes: \[4,4,1\], \[2\]\./);
    assert.throws(() => tf.image.resize_bilinear(tf.zeros([1, 4, 4, 1]), tf.placeholder(tf.int32, [3])), /Dimension must be 2 but is 3 for 'ResizeBilinear_1'/);
    assert.throws(() => tf.image.resize_bilinear(tf.constant([true], { shape: [1, 1, 1, 1] }), [2, 2]),
      /Value passed to parameter 'images' has DataType bool not in list of allowed values: int8, uint8, int16, uint16, int32, int64, bfloat16, float16, float32, float64/);
    const p = tf.placeholder(tf.float32, [1, null, null, 1]);
    assert.throws(() => run(tf.image.resize_bilinear(p, [2, 2]), new Map([[p, new tf.NDArray(tf.float32, [1, 0, 3, 1])]])),
      (e: Error) => e instanceof tf.errors.InvalidArgumentError && /input image must be of non-zero size/.test(e.message));
    const s = tf.placeholder(tf.int32, [2]);
    assert.throws(() => run(tf.image.resize_nearest_neighbor(tf.zeros([1, 2, 2, 1]), s), new Map([[s, tf.NDArray.from([0, 2], tf.int32)]])),
      (e: Error) => e instanceof tf.errors.InvalidArgumentError && /output dimensions must be positive/.test(e.message));
  });
});

describe('tf.image resize gradients', () => {
  beforeEach(() => tf.reset_default_graph());

  /** The resize is linear in the image: its gradient is the sum of the weights' columns, compared here by finite differences. */
  function checkLinearGradient(build: (x: tf.Tensor) => tf.Tensor, shape: number[], gradType: string) {
    tf.reset_default_graph();
    const n = shape.reduce((a, b) => a * b, 1);
    const values = Array.from({ length: n }, (_, i) => ((i * 7) % 11) / 3);
    const x = tf.placeholder(tf.float32, shape);
    const y = build(x);
    const w = tf.placeholder(tf.float32, y.shape.as_list());
    const loss = tf.reduce_sum(tf.multiply(y, w));
    const [g] = tf.gradients(loss, [x]);
    assert.ok(tf.get_default_graph().get_operations().some((o) => o.type === gradType && o.name.startsWith('gradients/')), `no ${gradType}`);
    const sess = new tf.Session();
    try {
      const yShape = y.shape.as_list() as number[];
      const weights = tf.NDArray.from(Array.from({ length: yShape.reduce((a, b) => a * b, 1) }, (_, i) => ((i * 5) % 7) - 3), tf.float32).reshape(yShape);
      const at = (v: number[]) => new Map<tf.Tensor, tf.NDArray>([[x, tf.NDArray.from(v, tf.float32).reshape(shape)], [w, weights]]);
      const symbolic = flat(sess.run(g as tf.Tensor, at(values)));
      for (let i = 0; i < n; i++) {
        const up = [...values], down = [...values];
        up[i] += 0.5; down[i] -= 0.5;
        const numeric = (sess.run(loss, at(up)).item() as number) - (sess.run(loss, at(down)).item() as number);
        assert.ok(Math.abs(symbolic[i] - numeric) < 1e-3, `d/dx[${i}]: ${symbolic[i]} vs ${numeric}`);
      }
    } finally { sess.close(); }
  }

  it('ResizeBilinear differentiates through ResizeBilinearGrad (align_corners, half_pixel_centers, up and down)', () => {
    checkLinearGradient((x) => tf.image.resize_bilinear(x, [5, 7]), [2, 3, 4, 2], 'ResizeBilinearGrad');
    checkLinearGradient((x) => tf.image.resize_bilinear(x, [2, 3], { align_corners: true }), [1, 4, 5, 1], 'ResizeBilinearGrad');
    checkLinearGradient((x) => tf.image.resize_bilinear(x, [5, 3], { half_pixel_centers: true }), [1, 3, 4, 2], 'ResizeBilinearGrad');
  });

  it('ResizeNearestNeighbor differentiates through ResizeNearestNeighborGrad, ResizeBicubic through ResizeBicubicGrad', () => {
    checkLinearGradient((x) => tf.image.resize_nearest_neighbor(x, [5, 7]), [1, 3, 4, 2], 'ResizeNearestNeighborGrad');
    checkLinearGradient((x) => tf.image.resize_nearest_neighbor(x, [2, 2], { align_corners: true }), [1, 3, 4, 1], 'ResizeNearestNeighborGrad');
    checkLinearGradient((x) => tf.image.resize_nearest_neighbor(x, [2, 3], { half_pixel_centers: true }), [1, 3, 5, 1], 'ResizeNearestNeighborGrad');
    checkLinearGradient((x) => tf.image.resize_bicubic(x, [5, 6]), [1, 3, 4, 1], 'ResizeBicubicGrad');
    checkLinearGradient((x) => tf.image.resize_bicubic(x, [5, 6], { half_pixel_centers: true }), [1, 3, 4, 1], 'ResizeBicubicGrad');
  });

  it('a model that resizes its input trains; ResizeArea has no gradient, as in TF', () => {
    const x = tf.constant(Array.from({ length: 16 }, (_, i) => i / 16), { shape: [1, 4, 4, 1] });
    const w = tf.get_variable('w', [1, 1, 1, 1], { initializer: tf.constant_initializer(0.1) });
    const y = tf.image.resize_images(tf.nn.conv2d(x, w, [1, 1, 1, 1], 'SAME'), [8, 8]);
    const target = tf.image.resize_images(tf.multiply(x, 3), [8, 8]);
    const loss = tf.reduce_mean(tf.square(tf.subtract(y, target)));
    const step = new tf.train.GradientDescentOptimizer(0.5).minimize(loss);
    const sess = new tf.Session();
    try {
      sess.run(tf.global_variables_initializer());
      const first = sess.run(loss).item() as number;
      for (let i = 0; i < 30; i++) sess.run(step);
      assert.ok((sess.run(loss).item() as number) < first / 100);
      assert.ok(Math.abs((sess.run(w).item() as number) - 3) < 0.1);
    } finally { sess.close(); }
    const area = tf.image.resize_area(tf.placeholder(tf.float32, [1, 4, 4, 1]), [2, 2]);
    assert.throws(() => tf.gradients(tf.reduce_sum(area), [area.op.inputs[0]]), /No gradient defined for operation 'ResizeArea' \(op type: ResizeArea\)/);
  });
});

describe('tf.image flips, transposes, rotations', () => {
  beforeEach(() => tf.reset_default_graph());
  const x3 = () => image([1, 2, 3, 4, 5, 6], [2, 3, 1]);

  it('flips and transposes 3-D and 4-D images, under their scopes', () => {
    let y!: tf.Tensor;
    const ops = newOps(() => { y = tf.image.flip_left_right(x3()); });
    assert.deepEqual(ops, ['Const:Const', 'flip_left_right/control_dependency:Identity', 'flip_left_right/ReverseV2/axis:Const', 'flip_left_right/ReverseV2:ReverseV2']);
    assert.deepEqual(flat(run(y)), [3, 2, 1, 6, 5, 4]);
    assert.deepEqual(flat(run(tf.image.flip_up_down(x3()))), [4, 5, 6, 1, 2, 3]);
    const batch = image([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2, 1]);
    assert.deepEqual(flat(run(tf.image.flip_left_right(batch))), [2, 1, 4, 3, 6, 5, 8, 7]);
    assert.deepEqual(flat(run(tf.image.flip_up_down(batch))), [3, 4, 1, 2, 7, 8, 5, 6]);
    const t = tf.image.transpose_image(x3());
    assert.equal(t.op.name, 'transpose/transpose');
    assert.deepEqual(t.shape.as_list(), [3, 2, 1]);
    assert.deepEqual(flat(run(t)), [1, 4, 2, 5, 3, 6]);
    assert.equal(tf.image.transpose, tf.image.transpose_image);
    // An image of unknown rank is taken as 3-D (TF's fix_image_flip_shape).
    assert.deepEqual(tf.image.flip_left_right(tf.placeholder(tf.float32)).shape.as_list(), [null, null, null]);
  });

  it('rot90 turns counter-clockwise k times (a case on k mod 4)', () => {
    const x = image([1, 2, 3, 4], [2, 2, 1]);
    assert.deepEqual(flat(run(tf.image.rot90(x))), [2, 4, 1, 3]);
    assert.deepEqual(flat(run(tf.image.rot90(x, 2))), [4, 3, 2, 1]);
    assert.deepEqual(flat(run(tf.image.rot90(x, 3))), [3, 1, 4, 2]);
    assert.deepEqual(flat(run(tf.image.rot90(x, -4))), [1, 2, 3, 4]);
    const batch = tf.image.rot90(image([1, 2, 3, 4, 5, 6], [1, 2, 3, 1]), 1);
    assert.deepEqual(batch.shape.as_list(), [1, null, null, 1]);
    const r = run(batch);
    assert.deepEqual(r.shape, [1, 3, 2, 1]);
    assert.deepEqual(flat(r), [3, 6, 2, 5, 1, 4]);
    assert.ok(batch.name.startsWith('rot90'));
    assert.throws(() => tf.image.rot90(x, tf.constant([1, 2], { dtype: tf.int32 })), /must have rank 0/);
  });

  it('random flips flip with probability 1/2, each image of a batch on its own draw', () => {
    const x = x3();
    const y = tf.image.random_flip_left_right(x, { seed: 7 });
    assert.deepEqual(y.shape.as_list(), [2, 3, 1]);
    const seen = new Set<string>();
    const sess = new tf.Session();
    try {
      for (let i = 0; i < 40; i++) seen.add(flat(sess.run(y)).join());
      assert.deepEqual([...seen].sort(), ['1,2,3,4,5,6', '3,2,1,6,5,4']);
      const b = tf.image.random_flip_up_down(tf.tile(tf.expand_dims(x, 0), [16, 1, 1, 1]), { seed: 3 });
      const v = flat(sess.run(b));
      const flips = Array.from({ length: 16 }, (_, i) => v.slice(i * 6, i * 6 + 6).join());
      assert.ok(flips.every((f) => f === '1,2,3,4,5,6' || f === '4,5,6,1,2,3'));
      assert.ok(new Set(flips).size === 2);
    } finally { sess.close(); }
    assert.throws(() => tf.image.random_flip_left_right(tf.zeros([2, 2])), /'image' \(shape \(2, 2\)\) must be at least three-dimensional\./);
    assert.throws(() => tf.image.flip_up_down(tf.zeros([1, 1, 2, 2, 1])), /'image' must have either 3 or 4 dimensions\./);
  });
});

describe('tf.image crops and pads', () => {
  beforeEach(() => tf.reset_default_graph());
  const x = () => image([1, 2, 3, 4, 5, 6, 7, 8, 9], [3, 3, 1]);

  it('crop_to_bounding_box and pad_to_bounding_box, with their nodes and static shapes', () => {
    let c!: tf.Tensor;
    const ops = newOps(() => { c = tf.image.crop_to_bounding_box(x(), 1, 0, 2, 2); });
    assert.deepEqual(ops, [
      'Const:Const', 'crop_to_bounding_box/ExpandDims/dim:Const', 'crop_to_bounding_box/ExpandDims:ExpandDims',
      'crop_to_bounding_box/control_dependency:Identity', 'crop_to_bounding_box/stack:Const', 'crop_to_bounding_box/stack_1:Const',
      'crop_to_bounding_box/Slice:Slice', 'crop_to_bounding_box/Squeeze:Squeeze',
    ]);
    assert.deepEqual(c.shape.as_list(), [2, 2, 1]);
    assert.deepEqual(flat(run(c)), [4, 5, 7, 8]);
    const p = tf.image.pad_to_bounding_box(image([1, 2], [1, 2, 1]), 1, 1, 3, 4);
    assert.deepEqual(p.shape.as_list(), [3, 4, 1]);
    assert.deepEqual(flat(run(p)), [0, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 0]);
    assert.throws(() => tf.image.crop_to_bounding_box(x(), 2, 0, 2, 2), /^ValueError: height must be >= target \+ offset\.$/);
    assert.throws(() => tf.image.crop_to_bounding_box(x(), 0, -1, 2, 2), /offset_width must be >= 0\./);
    assert.throws(() => tf.image.crop_to_bounding_box(x(), 0, 0, 0, 2), /target_height must be > 0\./);
    assert.throws(() => tf.image.pad_to_bounding_box(x(), 0, 0, 2, 3), /height must be <= target - offset/);
    assert.throws(() => tf.image.pad_to_bounding_box(tf.zeros([3, 3]), 0, 0, 4, 4), /'image' must have either 3 or 4 dimensions\./);
  });

  it('checks dimensions known only at run time with Asserts', () => {
    const p = tf.placeholder(tf.float32, [null, null, 1]);
    const c = tf.image.crop_to_bounding_box(p, 0, 0, 2, 2);
    assert.deepEqual(c.shape.as_list(), [2, 2, 1]);
    assert.deepEqual(flat(run(c, new Map([[p, [[[1], [2], [3]], [[4], [5], [6]]]]]))), [1, 2, 4, 5]);
    assert.throws(() => run(c, new Map([[p, [[[1], [2]]]]])),
      (e: Error) => e instanceof tf.errors.InvalidArgumentError && /height must be >= target \+ offset\./.test(e.message));
  });

  it('resize_image_with_crop_or_pad crops and pads centrally (TF testCropAndPad-style cases)', () => {
    const y = tf.image.resize_image_with_crop_or_pad(x(), 5, 1);
    assert.deepEqual(y.shape.as_list(), [5, 1, 1]);
    assert.deepEqual(flat(run(y)), [0, 2, 5, 8, 0]);
    const z = tf.image.resize_image_with_crop_or_pad(image([1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 4, 1]), 2, 2);
    assert.deepEqual(flat(run(z)), [2, 3, 6, 7]);
    assert.throws(() => tf.image.resize_image_with_crop_or_pad(x(), 0, 2), /target_height must be > 0\./);
    const p = tf.placeholder(tf.float32, [null, null, 1]);
    assert.deepEqual(flat(run(tf.image.resize_image_with_crop_or_pad(p, 2, 4), new Map([[p, [[[1], [2]], [[3], [4]], [[5], [6]]]]]))), [0, 1, 2, 0, 0, 3, 4, 0]);
  });

  it("resize_image_with_pad resizes to fit, keeping the aspect ratio, then pads (TF's pad and shrink cases)", () => {
    const x = image([1, 2, 3, 4, 5, 6, 7, 8], [2, 4, 1]);
    const y = tf.image.resize_image_with_pad(x, 4, 4);
    assert.ok(y.op.name.startsWith('resize_image_with_pad/'));
    assert.deepEqual(y.shape.as_list(), [4, 4, 1]);
    assert.deepEqual(flat(run(y)), [0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0]);
    assert.deepEqual(flat(run(tf.image.resize_image_with_pad(x, 2, 2))), [1, 3, 0, 0]);
    assert.deepEqual(run(tf.image.resize_image_with_pad(tf.zeros([3, 10, 20, 3]), 8, 8)).shape, [3, 8, 8, 3]);
    assert.throws(() => tf.image.resize_image_with_pad(x, 0, 4), /target_height must be > 0\./);
  });

  it('central_crop keeps the central fraction (a fraction of 1 is the image)', () => {
    const img = image(Array.from({ length: 16 }, (_, i) => i), [4, 4, 1]);
    const c = tf.image.central_crop(img, 0.5);
    assert.deepEqual(c.shape.as_list(), [2, 2, 1]);
    assert.deepEqual(flat(run(c)), [5, 6, 9, 10]);
    assert.equal(tf.image.central_crop(img, 1.0), img);
    assert.deepEqual(tf.image.central_crop(tf.zeros([2, 10, 8, 3]), 0.3).shape.as_list(), [2, 4, 4, 3]);
    assert.throws(() => tf.image.central_crop(img, 0), /central_fraction must be within \(0, 1\]/);
    assert.throws(() => tf.image.central_crop(tf.zeros([4, 4]), 0.5), /must be at least three-dimensional/);
    const p = tf.placeholder(tf.float32, [null, null, 1]);
    const d = tf.image.central_crop(p, 0.5);
    assert.deepEqual(d.shape.as_list(), [null, null, 1]);
    assert.deepEqual(flat(run(d, new Map([[p, run(img)]]))), [5, 6, 9, 10]);
  });

  it('tf.image.random_crop is tf.random_crop', () => {
    assert.equal(tf.image.random_crop, tf.random_crop);
    assert.deepEqual(run(tf.image.random_crop(tf.zeros([5, 5, 3]), [2, 3, 3], { seed: 1 })).shape, [2, 3, 3]);
  });
});

describe('tf.image values and colours', () => {
  beforeEach(() => tf.reset_default_graph());

  it("convert_image_dtype scales as TF's testConvert", () => {
    const conv = (v: number[], from: tf.DType, to: tf.DType, saturate = false) => flat(run(tf.image.convert_image_dtype(tf.constant(v, { dtype: from }), to, { saturate })));
    assert.deepEqual(conv([0, 255], tf.uint8, tf.int16), [0, 255 * 128]);
    assert.deepEqual(conv([0, 32767], tf.int16, tf.uint8), [0, 255]);
    assert.deepEqual(conv([0, 2 ** 32], tf.int64, tf.int32), [0, 1]);
    assert.deepEqual(conv([0, 1], tf.int32, tf.int64), [0, 2 ** 32]);
    close(conv([0, 255], tf.uint8, tf.float32), [0, 1], 1e-7);
    assert.deepEqual(conv([0, 0.5, 1], tf.float32, tf.uint8), [0, 127, 255]);
    assert.deepEqual(conv([1.5, -0.5], tf.float32, tf.uint8, true), [255, 0]);
    tf.reset_default_graph();
    const x = tf.constant([1, 2], { dtype: tf.uint8 });
    assert.equal(tf.image.convert_image_dtype(x, tf.uint8).op.type, 'Identity');
    assert.deepEqual(newOps(() => tf.image.convert_image_dtype(x, tf.float32)), ['convert_image/Cast:Cast', 'convert_image/y:Const', 'convert_image:Mul']);
    assert.throws(() => tf.image.convert_image_dtype(x, tf.bool), (e: Error) => e.name === 'AttributeError' && /dtype must be either floating point or integer/.test(e.message));
  });

  it("adjust_brightness and adjust_contrast match TF's uint8 tests", () => {
    const data = [0, 5, 13, 54, 135, 226, 37, 8, 234, 90, 255, 1];
    const x = tf.constant(data, { shape: [2, 2, 3], dtype: tf.uint8 });
    const b = tf.image.adjust_brightness(x, 10 / 255);
    assert.equal(b.dtype, tf.uint8);
    assert.deepEqual(flat(run(b)), [10, 15, 23, 64, 145, 236, 47, 18, 244, 100, 255, 11]);
    const c = tf.image.adjust_contrast(tf.constant(data, { shape: [1, 2, 2, 3], dtype: tf.uint8 }), 2.0);
    assert.deepEqual(flat(run(c)), [0, 0, 0, 62, 169, 255, 28, 0, 255, 135, 255, 0]);
    assert.ok(tf.get_default_graph().get_operations().some((o) => o.name === 'adjust_contrast' && o.type === 'AdjustContrastv2'));
    // Float images are adjusted as they are: (x - mean) * factor + mean per channel.
    assert.deepEqual(flat(run(tf.image.adjust_contrast(image([1, 3], [1, 2, 1]), 3))), [-1, 5]);
    assert.throws(() => tf.image.adjust_contrast(tf.zeros([2, 2]), 2), /Shape must be at least rank 3 but is rank 2/);
    assert.throws(() => tf.image.random_brightness(x, -1), /max_delta must be non-negative\./);
    assert.throws(() => tf.image.random_contrast(x, 1, 0.5), /upper must be > lower\./);
    assert.throws(() => tf.image.random_contrast(x, -1, 0.5), /lower must be non-negative\./);
    const r = flat(run(tf.image.random_brightness(tf.constant([0.5], { shape: [1, 1, 1] }), 0.1, { seed: 2 })));
    assert.ok(r[0] >= 0.4 && r[0] < 0.6);
    const rc = flat(run(tf.image.random_contrast(image([0, 1], [1, 2, 1]), 0.5, 0.6, { seed: 2 })));
    assert.ok(rc[1] - rc[0] >= 0.5 && rc[1] - rc[0] < 0.6);
  });

  it('per_image_standardization: zero mean, unit variance per image, named after its scope', () => {
    const values = Array.from({ length: 2 * 3 * 2 * 2 }, (_, i) => (i * 7) % 10);
    const y = tf.image.per_image_standardization(tf.constant(values, { shape: [2, 3, 2, 2], dtype: tf.uint8 }));
    assert.equal(y.op.name, 'per_image_standardization');
    assert.equal(y.dtype, tf.float32);
    const out = flat(run(y));
    for (let n = 0; n < 2; n++) {
      const v = values.slice(n * 12, n * 12 + 12);
      const mean = v.reduce((a, b) => a + b, 0) / 12;
      const sd = Math.max(Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / 12), 1 / Math.sqrt(12));
      close(out.slice(n * 12, n * 12 + 12), v.map((e) => (e - mean) / sd), 1e-5);
    }
    // A uniform image is divided by 1 / sqrt(num_pixels), not by 0.
    assert.deepEqual(flat(run(tf.image.per_image_standardization(tf.ones([2, 2, 1])))), [0, 0, 0, 0]);
    assert.throws(() => tf.image.per_image_standardization(tf.zeros([4, 4])), /'image' \(shape \(4, 4\)\) must be at least three-dimensional\./);
  });

  it('rgb_to_grayscale and grayscale_to_rgb (luma weights 0.2989, 0.5870, 0.1140)', () => {
    const g = tf.image.rgb_to_grayscale(tf.constant([0, 5, 13, 54, 135, 226], { shape: [2, 1, 1, 3], dtype: tf.uint8 }));
    assert.equal(g.op.name, 'rgb_to_grayscale');
    assert.deepEqual(g.shape.as_list(), [2, 1, 1, 1]);
    // (0.2989 r + 0.587 g + 0.114 b) / 255, back to uint8 through * 255.5 and a truncating cast.
    assert.deepEqual(flat(run(g)), [4, 121]);
    close(flat(run(tf.image.rgb_to_grayscale(tf.constant([[[1.0, 2.0, 3.0]]])))), [1.8149], 1e-4);
    const rgb = tf.image.grayscale_to_rgb(image([1, 2], [1, 2, 1]));
    assert.equal(rgb.op.name, 'grayscale_to_rgb');
    assert.deepEqual(rgb.shape.as_list(), [1, 2, 3]);
    assert.deepEqual(flat(run(rgb)), [1, 1, 1, 2, 2, 2]);
    assert.throws(() => tf.image.grayscale_to_rgb(tf.zeros([2, 2, 3])), /Last dimension of a grayscale image should be size 1\./);
    assert.throws(() => tf.image.grayscale_to_rgb(tf.zeros([2])), /A grayscale image \(shape \(2,\)\) must be at least two-dimensional\./);
  });

  it('HSV: rgb_to_hsv, hsv_to_rgb, adjust_saturation and adjust_hue', () => {
    const rgb = image([1, 0, 0, 0, 1, 0, 0, 0, 1, 0.5, 0.5, 0.5, 0.2, 0.4, 0.8], [5, 3]);
    const hsv = run(tf.image.rgb_to_hsv(rgb));
    close(flat(hsv), [0, 1, 1, 1 / 3, 1, 1, 2 / 3, 1, 1, 0, 0, 0.5, 0.6111111, 0.75, 0.8], 1e-6);
    close(flat(run(tf.image.hsv_to_rgb(tf.constant(hsv)))), flat(run(rgb)), 1e-6);
    close(flat(run(tf.image.adjust_saturation(image([0.2, 0.4, 0.8], [1, 1, 3]), 0))), [0.8, 0.8, 0.8], 1e-6);
    close(flat(run(tf.image.adjust_saturation(image([0.2, 0.4, 0.8], [1, 1, 3]), 0.5))), [0.5, 0.6, 0.8], 1e-6);
    close(flat(run(tf.image.adjust_hue(image([1, 0, 0], [1, 1, 3]), 1 / 3))), [0, 1, 0], 1e-6);
    const u8 = tf.image.adjust_hue(tf.constant([255, 0, 0], { shape: [1, 1, 3], dtype: tf.uint8 }), -1 / 3);
    assert.equal(u8.dtype, tf.uint8);
    assert.deepEqual(flat(run(u8)), [0, 0, 255]);
    assert.throws(() => tf.image.rgb_to_hsv(image([1, 2], [1, 2])), /Dimension must be 3 but is 2/);
    assert.throws(() => tf.image.rgb_to_hsv(tf.constant([1, 2, 3], { dtype: tf.int32 })), /Value passed to parameter 'images' has DataType int32/);
  });

  it('image_gradients and total_variation (checked by hand)', () => {
    const x = image([1, 2, 4, 7, 11, 16], [1, 2, 3, 1]);
    const [dy, dx] = tf.image.image_gradients(x);
    assert.deepEqual(flat(run(dy)), [6, 9, 12, 0, 0, 0]);
    assert.deepEqual(flat(run(dx)), [1, 2, 0, 4, 5, 0]);
    assert.throws(() => tf.image.image_gradients(tf.zeros([2, 3, 1])), /image_gradients expects a 4D tensor \[batch_size, h, w, d\], not \(2, 3, 1\)\./);
    // |dy| 6 + 9 + 12 plus |dx| 1 + 2 + 4 + 5.
    assert.equal(run(tf.image.total_variation(tf.reshape(x, [2, 3, 1]))).item(), 39);
    assert.deepEqual(flat(run(tf.image.total_variation(tf.concat([x, tf.multiply(x, 2)], 0)))), [39, 78]);
    assert.throws(() => tf.image.total_variation(tf.zeros([3, 3])), /'images' must be either 3 or 4-dimensional\./);
  });
});

// ---- PNG ----------------------------------------------------------------------------------------

/** A PNG file from its chunks, written here by hand (another encoder than ours). */
function pngFile(chunks: [string, Uint8Array][]): Uint8Array {
  const parts = [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])];
  for (const [type, data] of chunks) {
    const c = Buffer.alloc(12 + data.length);
    c.writeUInt32BE(data.length, 0);
    c.write(type, 4, 'latin1');
    Buffer.from(data).copy(c, 8);
    c.writeUInt32BE(crc32(c.subarray(4, 8 + data.length)) >>> 0, 8 + data.length);
    parts.push(c);
  }
  return Buffer.concat(parts);
}
function ihdr(width: number, height: number, depth: number, colorType: number, interlace = 0): [string, Uint8Array] {
  const b = Buffer.alloc(13);
  b.writeUInt32BE(width, 0); b.writeUInt32BE(height, 4); b[8] = depth; b[9] = colorType; b[12] = interlace;
  return ['IHDR', b];
}
/** Rows filtered with the given filter type each (Sub, Up, Average, Paeth by their definitions). */
function filtered(rows: number[][], filters: number[], bpp: number): Uint8Array {
  const out: number[] = [];
  rows.forEach((row, y) => {
    const f = filters[y % filters.length];
    out.push(f);
    row.forEach((v, i) => {
      const a = i >= bpp ? row[i - bpp] : 0, b = y > 0 ? rows[y - 1][i] : 0, c = y > 0 && i >= bpp ? rows[y - 1][i - bpp] : 0;
      const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
      const pred = [0, a, b, (a + b) >> 1, pa <= pb && pa <= pc ? a : pb <= pc ? b : c][f];
      out.push((v - pred) & 0xff);
    });
  });
  return zlib.deflateSync(Buffer.from(out));
}
const decode = (bytes: Uint8Array, options: { channels?: number; dtype?: tf.DType } = {}) => run(tf.image.decode_png(tf.constant(NDArrayOf(bytes)), options));
const NDArrayOf = (bytes: Uint8Array) => tf.NDArray.fromStrings([bytes], []);

/** A BMP file written here by hand: a 54-byte header, then `rows` (each padded to 4 bytes) as stored. */
function bmpFile(width: number, height: number, bpp: number, rows: number[][]): Uint8Array {
  const rowSize = Math.floor((bpp * width + 31) / 32) * 4;
  const b = Buffer.alloc(54 + rowSize * rows.length);
  b.write('BM', 0, 'latin1');
  b.writeUInt32LE(b.length, 2);
  b.writeInt32LE(54, 10);      // pixel data offset
  b.writeInt32LE(40, 14);      // BITMAPINFOHEADER
  b.writeInt32LE(width, 18);
  b.writeInt32LE(height, 22);
  b.writeInt16LE(1, 26);
  b.writeInt16LE(bpp, 28);
  rows.forEach((r, i) => Buffer.from(r).copy(b, 54 + i * rowSize));
  return b;
}

describe('tf.image.decode_bmp', () => {
  beforeEach(() => tf.reset_default_graph());
  const decodeBmp = (bytes: Uint8Array, channels?: number) => run(tf.image.decode_bmp(tf.constant(NDArrayOf(bytes)), { channels }));

  it('reads 24-bit bottom-up rows (padded to 4 bytes), 32-bit top-down rows and 8-bit gray, BGR to RGB', () => {
    // Stored bottom row first, each pixel B, G, R.
    const bgr = bmpFile(3, 2, 24, [[3, 2, 1, 6, 5, 4, 9, 8, 7], [30, 20, 10, 60, 50, 40, 90, 80, 70]]);
    const rgb = decodeBmp(bgr);
    assert.deepEqual(rgb.shape, [2, 3, 3]);
    assert.equal(rgb.dtype, tf.uint8);
    assert.deepEqual(flat(rgb), [10, 20, 30, 40, 50, 60, 70, 80, 90, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const bgra = bmpFile(1, -2, 32, [[3, 2, 1, 255], [6, 5, 4, 128]]);
    assert.deepEqual(flat(decodeBmp(bgra)), [1, 2, 3, 255, 4, 5, 6, 128]);
    assert.deepEqual(flat(decodeBmp(bmpFile(2, 1, 8, [[7, 9]]))), [7, 9]);
    assert.equal(tf.image.decode_bmp(tf.constant(NDArrayOf(bgr))).op.name, 'DecodeBmp_3');
  });

  it("fails as TF's DecodeBmp does", () => {
    const bad = (bytes: Uint8Array, re: RegExp, channels?: number) => assert.throws(() => decodeBmp(bytes, channels), (e: Error) => e instanceof tf.errors.InvalidArgumentError && re.test(e.message));
    bad(Buffer.from('BM too short'), /Incomplete bmp content, requires at least 32 bytes to find the header size, width, height, and bpp, got 12 bytes/);
    const bgr = bmpFile(3, 2, 24, [[3, 2, 1, 6, 5, 4, 9, 8, 7], [30, 20, 10, 60, 50, 40, 90, 80, 70]]);
    bad(bgr, /channels attribute 4 does not match bits per pixel from file 3/, 4);
    bad(bgr.subarray(0, 70), /Incomplete bmp content, requires at least 75 bytes, got 70 bytes/);
    bad(bmpFile(2, 1, 16, [[1, 2, 3, 4]]), /Number of channels must be 1, 3 or 4, was 2/);
    assert.throws(() => decodeBmp(bgr, 2), /channels must be 0, 1, 3 or 4, got 2/);
  });
});

describe('tf.image PNG', () => {
  beforeEach(() => tf.reset_default_graph());

  it('round-trips 8- and 16-bit images of 1 to 4 channels through encode_png and decode_png', () => {
    for (const [dtype, max] of [[tf.uint8, 255], [tf.uint16, 65535]] as const) {
      for (const c of [1, 2, 3, 4]) {
        const values = Array.from({ length: 3 * 5 * c }, (_, i) => (i * 9973) % (max + 1));
        const img = tf.constant(values, { shape: [3, 5, c], dtype });
        const encoded = tf.image.encode_png(img, { compression: c });
        assert.equal(encoded.dtype, tf.string);
        assert.deepEqual(encoded.shape.as_list(), []);
        const decoded = tf.image.decode_png(encoded, { channels: c === 2 ? 0 : c, dtype });
        assert.deepEqual(decoded.shape.as_list(), [null, null, c === 2 ? null : c]);
        const out = run(decoded);
        assert.deepEqual(out.shape, [3, 5, c]);
        assert.equal(out.dtype, dtype);
        assert.deepEqual(flat(out), values);
      }
    }
    assert.equal(tf.image.encode_png(tf.zeros([1, 1, 1], tf.uint8)).op.name, 'EncodePng_8');
  });

  it("decodes TF's own PNGs (libpng's filters), as an independent decoder reads them", () => {
    const file = '../shared/fixtures/tf-wild/jackyko_tf07_events_cifar/events.out.tfevents.1457633455.MacBook-Pro.local';
    const images = [...tf.train.summary_iterator(file)].flatMap((e) => (e.summary?.value ?? []).filter((v) => v.image).map((v) => v.image!));
    assert.equal(images.length, 20);
    const first = decode(images[0].encoded_image_string as Uint8Array);
    assert.deepEqual(first.shape, [32, 32, 3]);
    const px = flat(first);
    assert.deepEqual(px.slice(0, 6), [147, 139, 131, 168, 160, 158]);
    assert.equal(px.reduce((a, b) => a + b, 0), 391677);
    assert.equal(px.reduce((a, b, i) => a + b * (1 + (i % 13)), 0), 2734990);
    // channels 4 adds an opaque alpha; channels 1 is libpng's rgb_to_gray(0.299, 0.587) in fixed point.
    const rgba = flat(decode(images[0].encoded_image_string as Uint8Array, { channels: 4 }));
    assert.deepEqual(rgba.slice(0, 8), [147, 139, 131, 255, 168, 160, 158, 255]);
    const gray = flat(decode(images[0].encoded_image_string as Uint8Array, { channels: 1 }));
    assert.deepEqual(gray.slice(0, 2), [Math.floor((9797 * 147 + 19234 * 139 + 13737 * 131) / 32768), Math.floor((9797 * 168 + 19234 * 160 + 13737 * 158) / 32768)]);
  });

  it('decodes hand-written PNGs: every filter, palettes with tRNS, low bit depths, 16 bits, Adam7', () => {
    const rows = [[10, 20, 30, 40, 50, 60], [11, 25, 39, 200, 100, 0], [255, 0, 128, 7, 9, 250]];
    const rgb = pngFile([ihdr(2, 3, 8, 2), ['IDAT', filtered(rows, [1, 2, 3, 4], 3)], ['IEND', new Uint8Array()]]);
    assert.deepEqual(flat(decode(rgb)), rows.flat());
    // Palette + tRNS: 4 channels by default, alpha from tRNS (255 past its end).
    const pal = pngFile([ihdr(3, 1, 8, 3), ['PLTE', Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9])], ['tRNS', Uint8Array.from([0, 128])],
      ['IDAT', filtered([[2, 0, 1]], [0], 1)], ['IEND', new Uint8Array()]]);
    assert.deepEqual(flat(decode(pal)), [7, 8, 9, 255, 1, 2, 3, 0, 4, 5, 6, 128]);
    assert.deepEqual(flat(decode(pal, { channels: 3 })), [7, 8, 9, 1, 2, 3, 4, 5, 6]);
    // 1-bit gray: 0 and 1 become 0 and 255; to RGB the gray repeats.
    const bits = pngFile([ihdr(10, 1, 1, 0), ['IDAT', filtered([[0b10110000, 0b01000000]], [0], 1)], ['IEND', new Uint8Array()]]);
    assert.deepEqual(flat(decode(bits)), [255, 0, 255, 255, 0, 0, 0, 0, 0, 255]);
    assert.deepEqual(flat(decode(bits, { channels: 3 })).slice(0, 6), [255, 255, 255, 0, 0, 0]);
    // 16-bit gray: uint16 as it is, uint8 its high byte; 8-bit data as uint16 is scaled by 257.
    const g16 = pngFile([ihdr(2, 1, 16, 0), ['IDAT', filtered([[0x12, 0x34, 0xff, 0x01]], [0], 2)], ['IEND', new Uint8Array()]]);
    assert.deepEqual(flat(decode(g16, { dtype: tf.uint16 })), [0x1234, 0xff01]);
    assert.deepEqual(flat(decode(g16)), [0x12, 0xff]);
    assert.deepEqual(flat(decode(rgb, { dtype: tf.uint16 })).slice(0, 3), [10 * 257, 20 * 257, 30 * 257]);
    // Adam7: a 3x3 gray image's non-empty passes (1, 4, 5, 6, 7 of the PNG spec's grid), each filtered on its own.
    const grid = [[1, 2, 3], [4, 5, 6], [7, 8, 9]];
    const passes = [[[1]], [[3]], [[7, 9]], [[2], [8]], [[4, 5, 6]]];
    const data = Buffer.concat(passes.map((p) => zlib.inflateSync(Buffer.from(filtered(p, [0], 1)))));
    const interlaced = pngFile([ihdr(3, 3, 8, 0, 1), ['IDAT', zlib.deflateSync(data)], ['IEND', new Uint8Array()]]);
    assert.deepEqual(flat(decode(interlaced)), grid.flat());
  });

  it("fails as TF's DecodePng and EncodePng do", () => {
    const bad = (bytes: Uint8Array, re: RegExp, options = {}) => assert.throws(() => decode(bytes, options), (e: Error) => e instanceof tf.errors.InvalidArgumentError && re.test(e.message));
    bad(Buffer.from('abc'), /Expected image \(JPEG, PNG, or GIF\), got unknown format starting with 'abc'/);
    const good = Buffer.from(run(tf.image.encode_png(tf.zeros([2, 2, 1], tf.uint8))).data![0] as Uint8Array);
    const broken = Buffer.from(good);
    broken[broken.length - 20] ^= 0xff;   // inside IDAT: its CRC no longer matches
    bad(broken, new RegExp(`Invalid PNG data, size ${broken.length}`));
    const header = Buffer.from(good);
    header[16] ^= 0xff;                    // inside IHDR
    bad(header, new RegExp(`Invalid PNG header, data size ${header.length}`));
    bad(good, /channels must be 0, 1, 3, or 4, got 2/, { channels: 2 });
    assert.throws(() => tf.image.decode_png(tf.constant(tf.NDArray.fromStrings([good, good]))), /Shape must be rank 0 but is rank 1/);
    assert.throws(() => tf.image.decode_png(tf.constant(NDArrayOf(good)), { dtype: tf.float32 }), /Value passed to parameter 'dtype' has DataType float32 not in list of allowed values: uint8, uint16/);
    assert.throws(() => tf.image.encode_png(tf.zeros([2, 2, 1])), /Value passed to parameter 'image' has DataType float32 not in list of allowed values: uint8, uint16/);
    assert.throws(() => tf.image.encode_png(tf.zeros([2, 2], tf.uint8)), /Shape must be rank 3 but is rank 2/);
    assert.throws(() => run(tf.image.encode_png(tf.zeros([2, 2, 5], tf.uint8))), /image must have 1, 2, 3, or 4 channels, got 5/);
    assert.throws(() => run(tf.image.encode_png(tf.zeros([2, 2, 1], tf.uint8), { compression: 10 })), /compression should be in \[-1,9\], got 10/);
  });
});

describe('tf.image non-maximum suppression, YIQ/YUV, PSNR, random hue and saturation', () => {
  beforeEach(() => tf.reset_default_graph());
  const boxes = [[0, 0, 1, 1], [0, 0.1, 1, 1.1], [0, -0.1, 1, 0.9], [0, 10, 1, 11], [0, 10.1, 1, 11.1], [0, 100, 1, 101]];
  const scores = [0.9, 0.75, 0.6, 0.95, 0.5, 0.3];

  it("non_max_suppression selects TF's testSelectFromThreeClusters boxes (NonMaxSuppressionV3)", () => {
    const keep = tf.image.non_max_suppression(boxes, scores, 3, { iou_threshold: 0.5 });
    assert.equal(keep.op.name, 'non_max_suppression/NonMaxSuppressionV3');
    assert.equal(keep.dtype, tf.int32);
    assert.deepEqual(keep.shape.as_list(), [null]);
    assert.deepEqual(flat(run(keep)), [3, 0, 5]);
    // Corners in either order; a score threshold drops the low scores; more room keeps the far boxes only once each cluster.
    const flipped = boxes.map(([a, b, c, d]) => [c, d, a, b]);
    assert.deepEqual(flat(run(tf.image.non_max_suppression(flipped, scores, 6, { iou_threshold: 0.5 }))), [3, 0, 5]);
    assert.deepEqual(flat(run(tf.image.non_max_suppression(boxes, scores, 6, { iou_threshold: 0.5, score_threshold: 0.4 }))), [3, 0]);
    assert.deepEqual(flat(run(tf.image.non_max_suppression(boxes, scores, 2, { iou_threshold: 1.0 }))), [3, 0]);
    const [padded, valid] = tf.image.non_max_suppression_padded(boxes, scores, 5, { iou_threshold: 0.5, pad_to_max_output_size: true });
    assert.deepEqual(padded.shape.as_list(), [5]);
    assert.deepEqual(flat(run(padded)), [3, 0, 5, 0, 0]);
    assert.equal(run(valid).item(), 3);
    assert.throws(() => tf.image.non_max_suppression([[0, 0, 1]], [1], 1), /Dimension must be 4 but is 3/);
    assert.throws(() => tf.image.non_max_suppression(boxes, [1, 2], 1), /Dimensions must be equal, but are 6 and 2/);
    assert.throws(() => run(tf.image.non_max_suppression(boxes, scores, 1, { iou_threshold: 1.5 })),
      (e: Error) => e instanceof tf.errors.InvalidArgumentError && /iou_threshold must be in \[0, 1\]/.test(e.message));
  });

  it('rgb_to_yiq / rgb_to_yuv and back (TF\'s kernels; the docstring value of rgb_to_yiq)', () => {
    close(flat(run(tf.image.rgb_to_yiq(tf.constant([[[1.0, 2.0, 3.0]]])))), [1.815, -0.91724455, 0.09962624], 1e-6);
    const rgb = tf.constant([[[0.1, 0.5, 0.9], [1, 0, 0.3]]]);
    close(flat(run(tf.image.yiq_to_rgb(tf.image.rgb_to_yiq(rgb)))), [0.1, 0.5, 0.9, 1, 0, 0.3], 1e-4);
    close(flat(run(tf.image.yuv_to_rgb(tf.image.rgb_to_yuv(rgb)))), [0.1, 0.5, 0.9, 1, 0, 0.3], 1e-4);
  });

  it('psnr: 10 log10(max^2 / mse) per image, uint8 images scaled with their max_val', () => {
    const a = tf.constant([0.5, 0.1, 0.3, 0.3], { shape: [2, 1, 2, 1] }), b = tf.constant([0.4, 0.2, 0.3, 0.1], { shape: [2, 1, 2, 1] });
    const p = tf.image.psnr(a, b, 1.0);
    assert.ok(p.op.name.startsWith('PSNR/'));
    close(flat(run(p)), [20, 10 * Math.log10(1 / 0.02)], 1e-4);
    const u = tf.image.psnr(tf.constant([100, 110], { shape: [1, 2, 1], dtype: tf.uint8 }), tf.constant([90, 110], { shape: [1, 2, 1], dtype: tf.uint8 }), 255);
    close([run(u).item() as number], [10 * Math.log10((255 * 255) / 50)], 1e-3);
    assert.throws(() => tf.image.psnr(tf.zeros([2, 2, 1]), tf.zeros([2, 3, 1]), 1), /Dimensions must be equal, but are 2 and 3/);
    assert.throws(() => tf.image.psnr(tf.zeros([2, 1]), tf.zeros([2, 1]), 1), /Invalid reduction dimension -3 for input with 2 dimensions/);
  });

  it('random_hue and random_saturation draw their factors and check their ranges', () => {
    const x = tf.constant([[[0.8, 0.2, 0.2]]]);
    const h = flat(run(tf.image.random_hue(x, 0.1, { seed: 3 })));
    assert.equal(h.length, 3);
    assert.ok(Math.abs(Math.max(...h) - 0.8) < 1e-6 && Math.abs(Math.min(...h) - 0.2) < 1e-6);
    const s = flat(run(tf.image.random_saturation(x, 0.5, 0.6, { seed: 3 })));
    assert.ok(s[1] > 0.2 && s[1] < 0.6 && Math.abs(s[0] - 0.8) < 1e-6);
    assert.throws(() => tf.image.random_hue(x, 0.6), /max_delta must be <= 0\.5\./);
    assert.throws(() => tf.image.random_hue(x, -0.1), /max_delta must be non-negative\./);
    assert.throws(() => tf.image.random_saturation(x, 0.5, 0.5), /upper must be > lower\./);
  });
});

describe('tf.image.crop_and_resize', () => {
  beforeEach(() => tf.reset_default_graph());
  const img = () => tf.constant([1, 2, 3, 4], { shape: [1, 2, 2, 1] });

  it('samples each box onto the crop grid (bilinear, nearest, extrapolation), as checked by hand', () => {
    const c = tf.image.crop_and_resize(img(), [[0, 0, 1, 1], [0.5, 0.5, 0.5, 0.5], [-1, 0, 0, 1]], [0, 0, 0], [3, 3], { extrapolation_value: -7 });
    assert.equal(c.op.name, 'CropAndResize');
    assert.equal(c.dtype, tf.float32);
    assert.deepEqual(c.shape.as_list(), [3, 3, 3, 1]);
    assert.deepEqual(flat(run(c)), [1, 1.5, 2, 2, 2.5, 3, 3, 3.5, 4, 2.5, 2.5, 2.5, 2.5, 2.5, 2.5, 2.5, 2.5, 2.5, -7, -7, -7, -7, -7, -7, 1, 1.5, 2]);
    // Nearest: C's roundf (0.5 rounds up).
    assert.deepEqual(flat(run(tf.image.crop_and_resize(img(), [[0, 0, 1, 1]], [0], [3, 3], { method: 'nearest' }))), [1, 2, 2, 3, 4, 4, 3, 4, 4]);
    // A crop of one pixel samples the box's center.
    assert.deepEqual(flat(run(tf.image.crop_and_resize(img(), [[0, 0, 1, 1]], { box_indices: [0], crop_size: [1, 1] } as never))), [2.5]);
  });

  it('differentiates in the image (CropAndResizeGradImage) and the boxes (CropAndResizeGradBoxes)', () => {
    const x = tf.placeholder(tf.float32, [1, 3, 3, 1]), b = tf.placeholder(tf.float32, [1, 4]);
    const loss = tf.reduce_sum(tf.multiply(tf.image.crop_and_resize(x, b, [0], [2, 2]), tf.constant([1, 2, 3, 4], { shape: [1, 2, 2, 1] })));
    const [gx, gb] = tf.gradients(loss, [x, b]) as tf.Tensor[];
    assert.equal(gx.op.type, 'CropAndResizeGradImage');
    assert.equal(gb.op.type, 'CropAndResizeGradBoxes');
    const xv = [1, 4, 2, 7, 3, 9, 2, 5, 8], bv = [0.1, 0.2, 0.7, 0.9];
    const sess = new tf.Session();
    try {
      const feed = (xs: number[], bs: number[]) => new Map([[x, tf.NDArray.from(xs, tf.float32).reshape([1, 3, 3, 1])], [b, tf.NDArray.from([bs], tf.float32)]]);
      const lossAt = (xs: number[], bs: number[]) => sess.run(loss, feed(xs, bs)).item() as number;
      const [sx, sb] = sess.run([gx, gb], feed(xv, bv)).map(flat);
      xv.forEach((_, i) => {
        const up = [...xv], down = [...xv];
        up[i] += 0.5; down[i] -= 0.5;
        assert.ok(Math.abs(sx[i] - (lossAt(up, bv) - lossAt(down, bv))) < 1e-3, `image ${i}`);
      });
      bv.forEach((_, i) => {
        const up = [...bv], down = [...bv];
        up[i] += 1e-3; down[i] -= 1e-3;
        assert.ok(Math.abs(sb[i] - (lossAt(xv, up) - lossAt(xv, down)) / 2e-3) < 2e-2, `box ${i}: ${sb[i]}`);
      });
    } finally { sess.close(); }
  });

  it("raises TF's errors", () => {
    assert.throws(() => tf.image.crop_and_resize(tf.zeros([2, 2, 1]), [[0, 0, 1, 1]], [0], [2, 2]), /Shape must be rank 4 but is rank 3 for 'CropAndResize'/);
    assert.throws(() => tf.image.crop_and_resize(img(), [[0, 0, 1]], [0], [2, 2]), /Dimension must be 4 but is 3/);
    assert.throws(() => tf.image.crop_and_resize(img(), [[0, 0, 1, 1]], [0, 0], [2, 2]), /Dimensions must be equal, but are 1 and 2/);
    assert.throws(() => run(tf.image.crop_and_resize(img(), [[0, 0, 1, 1]], [1], [2, 2])),
      (e: Error) => e instanceof tf.errors.InvalidArgumentError && /box_index has values outside \[0, batch_size\)/.test(e.message));
    assert.throws(() => tf.image.crop_and_resize(img(), [[0, 0, 1, 1]], [0], [2, 2], { method: 'bicubic' as never }), /method must be 'bilinear' or 'nearest'/);
  });
});

describe('tf.image.draw_bounding_boxes', () => {
  beforeEach(() => tf.reset_default_graph());

  it("outlines each box in TF's colour table (white on gray), skipping inverted boxes", () => {
    const y = tf.image.draw_bounding_boxes(tf.zeros([1, 3, 3, 3]), [[[0, 0, 1, 1], [0.5, 0.5, 1, 1], [1, 1, 0, 0]]]);
    assert.equal(y.op.name, 'DrawBoundingBoxes');
    assert.deepEqual(y.shape.as_list(), [1, 3, 3, 3]);
    // Box 0 is yellow around the border, box 1 blue over the lower-right 2x2; the inverted box 2 is not drawn.
    const Y = [1, 1, 0], B = [0, 0, 1];
    assert.deepEqual(flat(run(y)), [Y, Y, Y, Y, B, B, Y, B, B].flat());
    const g = tf.image.draw_bounding_boxes(tf.zeros([1, 3, 4, 1]), [[[0, 0, 1, 0.5]]]);
    assert.deepEqual(flat(run(g)), [1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0]);
    assert.throws(() => tf.image.draw_bounding_boxes(tf.zeros([1, 3, 3, 3], tf.uint8), [[[0, 0, 1, 1]]]), /Value passed to parameter 'images' has DataType uint8/);
    assert.throws(() => run(tf.image.draw_bounding_boxes(tf.zeros([1, 3, 3, 2]), [[[0, 0, 1, 1]]])), /Channel depth should be either 1 \(GRY\), 3 \(RGB\), or 4 \(RGBA\)/);
  });
});

describe('tf.image.ssim and is_jpeg', () => {
  beforeEach(() => tf.reset_default_graph());

  it('ssim is 1 for equal images and the Gaussian-window formula otherwise (one 11x11 window, by hand)', () => {
    const n = 11 * 11;
    const a = Array.from({ length: n }, (_, i) => ((i * 37) % 101) / 100), b = a.map((v, i) => Math.min(1, v * 0.8 + ((i % 7) / 40)));
    const x = tf.constant(a, { shape: [11, 11, 1] }), y = tf.constant(b, { shape: [11, 11, 1] });
    close([run(tf.image.ssim(x, x, 1.0)).item() as number], [1], 1e-5);
    const w = Array.from({ length: n }, (_, k) => Math.exp(-(((Math.floor(k / 11) - 5) ** 2) + ((k % 11) - 5) ** 2) / (2 * 1.5 * 1.5)));
    const total = w.reduce((s, v) => s + v, 0);
    const mean = (f: (i: number) => number) => w.reduce((s, v, i) => s + (v / total) * f(i), 0);
    const mx = mean((i) => a[i]), my = mean((i) => b[i]);
    const vx = mean((i) => a[i] * a[i]) - mx * mx, vy = mean((i) => b[i] * b[i]) - my * my, cxy = mean((i) => a[i] * b[i]) - mx * my;
    const c1 = 0.01 ** 2, c2 = 0.03 ** 2;
    const want = ((2 * mx * my + c1) * (2 * cxy + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2));
    close([run(tf.image.ssim(x, y, 1.0)).item() as number], [want], 1e-4);
    // uint8 images with max_val 255 give the same value as their float forms with 1.
    const u = (v: number[]) => tf.constant(v.map((e) => Math.round(e * 255)), { shape: [1, 11, 11, 1], dtype: tf.uint8 });
    const f = (v: number[]) => tf.constant(v.map((e) => Math.round(e * 255) / 255), { shape: [1, 11, 11, 1] });
    close(flat(run(tf.image.ssim(u(a), u(b), 255))), flat(run(tf.image.ssim(f(a), f(b), 1.0))), 1e-4);
    assert.throws(() => run(tf.image.ssim(tf.zeros([5, 5, 1]), tf.zeros([5, 5, 1]), 1.0)), (e: Error) => e instanceof tf.errors.InvalidArgumentError);
  });

  it('is_jpeg looks at the first three bytes', () => {
    const t = (bytes: number[]) => run(tf.image.is_jpeg(tf.constant(tf.NDArray.fromStrings([Uint8Array.from(bytes)], [])))).item();
    assert.equal(t([0xff, 0xd8, 0xff, 0xe0, 0]), true);
    assert.equal(t([0x89, 0x50, 0x4e, 0x47]), false);
    assert.equal(t([0xff, 0xd8]), false);
  });
});

describe('tf.image.sample_distorted_bounding_box', () => {
  beforeEach(() => tf.reset_default_graph());

  it('draws crops inside the image that satisfy the area, aspect and coverage constraints, reproducibly with seeds', () => {
    const img = tf.zeros([100, 80, 3]);
    const box = [0.1, 0.2, 0.6, 0.9];
    const [begin, size, bboxes] = tf.image.sample_distorted_bounding_box(tf.shape(img), [[box]], { seed: 1, seed2: 2, min_object_covered: 0.5, area_range: [0.3, 1] });
    assert.equal(begin.op.name, 'sample_distorted_bounding_box/SampleDistortedBoundingBoxV2');
    assert.deepEqual([begin.dtype, size.dtype, bboxes.dtype], [tf.int32, tf.int32, tf.float32]);
    assert.deepEqual([begin.shape.as_list(), size.shape.as_list(), bboxes.shape.as_list()], [[3], [3], [1, 1, 4]]);
    const draws = (sess: tf.Session) => Array.from({ length: 20 }, () => sess.run([begin, size, bboxes]).map(flat));
    const sess = new tf.Session(), again = new tf.Session();
    try {
      const first = draws(sess);
      assert.deepEqual(draws(again), first);
      const [bx0, by0, bx1, by1] = [box[1] * 80, box[0] * 100, box[3] * 80, box[2] * 100].map(Math.trunc);
      for (const [[y, x, z], [h, w, c], bb] of first) {
        assert.deepEqual([z, c], [0, -1]);
        assert.ok(y >= 0 && x >= 0 && y + h <= 100 && x + w <= 80, `crop ${[y, x, h, w]}`);
        const area = (h * w) / 8000;
        assert.ok(area >= 0.3 - 1e-6 && area <= 1 + 1e-6, `area ${area}`);
        const inter = Math.max(0, Math.min(x + w, bx1) - Math.max(x, bx0)) * Math.max(0, Math.min(y + h, by1) - Math.max(y, by0));
        assert.ok(inter / ((bx1 - bx0) * (by1 - by0)) >= 0.5);
        close(bb, [y / 100, x / 80, (y + h) / 100, (x + w) / 80], 1e-6);
      }
      assert.ok(new Set(first.map((d) => d.join())).size > 1);
      assert.deepEqual(run(tf.slice(img, begin, size)).shape.length, 3);
    } finally { sess.close(); again.close(); }
  });

  it("falls back to the whole image and fails as TF's kernel does", () => {
    // An impossible coverage: every attempt fails, the crop is the whole image.
    const [begin, size] = tf.image.sample_distorted_bounding_box([10, 10, 1], [[[0, 0, 0.2, 0.2]]], { seed: 3, min_object_covered: 2 });
    assert.deepEqual(flat(run(begin)).concat(flat(run(size))), [0, 0, 0, 10, 10, -1]);
    const empty = tf.zeros([1, 0, 4]);
    assert.throws(() => run(tf.image.sample_distorted_bounding_box([10, 10, 1], empty)[0]), /No bounding boxes provided as input\. One must enable use_image_if_no_bounding_boxes/);
    assert.deepEqual(run(tf.image.sample_distorted_bounding_box([10, 10, 1], empty, { use_image_if_no_bounding_boxes: true, seed: 1 })[1]).shape, [3]);
    assert.throws(() => run(tf.image.sample_distorted_bounding_box([10, 10, 1], [[[0, 0, 1.5, 1]]])[0]), /All bounding box coordinates must be in \[0\.0, 1\.0\]: 1\.5/);
    assert.throws(() => tf.image.sample_distorted_bounding_box([10, 10], [[[0, 0, 1, 1]]]), /Dimension must be 3 but is 2/);
  });
});

describe('tf.image.non_max_suppression_overlaps', () => {
  beforeEach(() => tf.reset_default_graph());

  it("suppresses by the given overlaps (TF's testSelectOneFromThree-style matrix)", () => {
    const overlaps = [[1.0, 1.1, 0.5], [1.1, 1.0, 0.5], [0.5, 0.5, 1.0]];
    const keep = tf.image.non_max_suppression_overlaps(overlaps, [0.1, 0.3, 0.2], 3, { overlap_threshold: 0.6 });
    assert.equal(keep.op.name, 'non_max_suppression_overlaps/NonMaxSuppressionWithOverlaps');
    assert.deepEqual(flat(run(keep)), [1, 2]);
    assert.deepEqual(flat(run(tf.image.non_max_suppression_overlaps(overlaps, [0.1, 0.3, 0.2], 3, { overlap_threshold: 0.4 }))), [1]);
    assert.deepEqual(flat(run(tf.image.non_max_suppression_overlaps(overlaps, [0.1, 0.3, 0.2], 3, { overlap_threshold: 0.6, score_threshold: 0.25 }))), [1]);
    assert.throws(() => tf.image.non_max_suppression_overlaps([[1, 0]], [1], 1), /Dimensions must be equal, but are 1 and 2/);
  });
});
