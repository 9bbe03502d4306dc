/**
 * TF's tensor slices (core/framework/tensor_slice and util/saved_tensor_slice_util): the
 * `shape_and_slices` strings SaveV2 and RestoreV2 take (`"10 20 0,5:-"`: the full shape, then per
 * dimension `start,length` or `-` for all of it), their TensorSliceProto form, the ordered-code keys a
 * bundle stores slices under, and the copy of one slice's values into another.
 */
import { DataLossError, InvalidArgumentError } from '../framework/errors';
import { DType } from '../framework/dtypes';
import { NDArray, numElements } from '../framework/ndarray';
import { shapeString } from '../framework/tensor_shape';
import { TensorSliceProto } from '../proto';

/** Length of an extent that covers its whole dimension (TF's kFullExtent). */
const FULL_EXTENT = -1;

/** One extent per dimension; `length` FULL_EXTENT (with start 0) means the whole dimension. */
export class TensorSlice {
  constructor(readonly starts: readonly number[], readonly lengths: readonly number[]) {}

  /** The slice covering all of a tensor of rank `rank`. */
  static full(rank: number): TensorSlice {
    return new TensorSlice(new Array(rank).fill(0), new Array(rank).fill(FULL_EXTENT));
  }

  /** Parses `start,length:...:-` (TF's TensorSlice::Parse); `""` is the full slice of rank 0. */
  static parse(spec: string): TensorSlice {
    const starts: number[] = [], lengths: number[] = [];
    if (spec !== '') {
      for (const part of spec.split(':')) {
        if (part === '-') { starts.push(0); lengths.push(FULL_EXTENT); continue; }
        const m = /^(\d+),(\d+)$/.exec(part);
        if (!m) throw new InvalidArgumentError(null, null, `Expected a pair of numbers or '-' but got '${part}': string = ${spec}`);
        const start = Number(m[1]), length = Number(m[2]);
        if (length < 0) throw new InvalidArgumentError(null, null, `Expected non-negative length but got ${length}: string = ${spec}`);
        starts.push(start);
        lengths.push(length);
      }
    }
    return new TensorSlice(starts, lengths);
  }

  static fromProto(proto: TensorSliceProto): TensorSlice {
    const extents = proto.extent ?? [];
    return new TensorSlice(extents.map((e) => e.start ?? 0), extents.map((e) => (e.length === undefined || e.length === null ? FULL_EXTENT : e.length)));
  }

  get dims(): number { return this.starts.length; }

  isFullAt(d: number): boolean { return this.lengths[d] === FULL_EXTENT && this.starts[d] === 0; }

  /** The start and length of dimension `d` within a tensor of shape `shape`. */
  extent(d: number, shape: readonly number[]): [number, number] {
    return this.lengths[d] === FULL_EXTENT ? [0, shape[d]] : [this.starts[d], this.lengths[d]];
  }

  /** The shape of this slice of a tensor of shape `shape` (checked to lie inside it). */
  sliceShape(shape: readonly number[]): number[] {
    if (this.dims !== shape.length) {
      throw new InvalidArgumentError(null, null, `Mismatching ranks: shape = [${shape}], slice = ${this.toString()}`);
    }
    return shape.map((_, d) => {
      const [start, length] = this.extent(d, shape);
      if (start + length > shape[d]) {
        throw new InvalidArgumentError(null, null, `Extent in dimension ${d} out of bounds: shape = [${shape}], slice = ${this.toString()}`);
      }
      return length;
    });
  }

  /** Whether this slice covers all of a tensor of shape `shape` (TF's IsFullSlice). */
  coversAll(shape: readonly number[]): boolean {
    return shape.every((n, d) => { const [start, length] = this.extent(d, shape); return start === 0 && length === n; });
  }

  /** The extents both slices cover within `shape`, or null when they do not meet. */
  intersect(other: TensorSlice, shape: readonly number[]): [number, number][] | null {
    const out: [number, number][] = [];
    for (let d = 0; d < shape.length; d++) {
      const [a0, al] = this.extent(d, shape), [b0, bl] = other.extent(d, shape);
      const start = Math.max(a0, b0), end = Math.min(a0 + al, b0 + bl);
      if (end <= start) return null;
      out.push([start, end - start]);
    }
    return out;
  }

  /** TF's TensorSliceProto: full extents empty, others with start (left out when 0, as proto3 does) and length. */
  toProto(): TensorSliceProto {
    return { extent: this.starts.map((s, d) => (this.isFullAt(d) ? {} : s === 0 ? { length: this.lengths[d] } : { start: s, length: this.lengths[d] })) };
  }

  equals(other: TensorSlice): boolean {
    return this.dims === other.dims && this.starts.every((s, d) => s === other.starts[d] && this.lengths[d] === other.lengths[d]);
  }

  /** `0,5:-` (TF's DebugString). */
  toString(): string {
    return this.starts.map((s, d) => (this.isFullAt(d) ? '-' : `${s},${this.lengths[d]}`)).join(':');
  }
}

/** A parsed `shape_and_slices` entry: the full shape and the slice of it. */
export interface ShapeAndSlice {
  readonly fullShape: number[];
  readonly slice: TensorSlice;
  readonly sliceShape: number[];
}

/** Parses `"<dim0> <dim1> ... <slice>"` (TF's ParseShapeAndSlice). */
export function parseShapeAndSlice(spec: string): ShapeAndSlice {
  const parts = spec.split(' ');
  if (parts.length < 2) {
    throw new InvalidArgumentError(null, null, `Need least two elements in shape_and_slice specification: ${spec}`);
  }
  const fullShape = parts.slice(0, -1).map((p) => {
    if (!/^\d+$/.test(p)) throw new InvalidArgumentError(null, null, `Non numerical dimension in shape_and_slice: ${spec}`);
    return Number(p);
  });
  const slice = TensorSlice.parse(parts[parts.length - 1]);
  if (slice.dims !== fullShape.length) {
    throw new InvalidArgumentError(null, null, `Expected ${fullShape.length} dimensions in slice but got ${slice.dims}: ${spec}`);
  }
  return { fullShape, slice, sliceShape: slice.sliceShape(fullShape) };
}

// ---- ordered-code slice keys ----------------------------------------------------------------------------

/** TF's OrderedCode::WriteNumIncreasing: a length byte, then the value big-endian without leading zeros. */
function writeNumIncreasing(out: number[], value: number): void {
  const bytes: number[] = [];
  let v = BigInt(value);
  while (v > 0n) { bytes.unshift(Number(v & 0xffn)); v >>= 8n; }
  out.push(bytes.length, ...bytes);
}

/** TF's OrderedCode::WriteString: 0x00 → 00 ff, 0xff → ff 00, then the separator 00 01. */
function writeString(out: number[], s: Uint8Array): void {
  for (const b of s) {
    if (b === 0x00) out.push(0x00, 0xff);
    else if (b === 0xff) out.push(0xff, 0x00);
    else out.push(b);
  }
  out.push(0x00, 0x01);
}

/** Header bits of the first two bytes by encoding length (OrderedCode's kLengthToHeaderBits). */
const LENGTH_TO_HEADER_BITS: readonly [number, number][] = [
  [0, 0], [0x80, 0], [0xc0, 0], [0xe0, 0], [0xf0, 0], [0xf8, 0], [0xfc, 0], [0xfe, 0], [0xff, 0], [0xff, 0x80], [0xff, 0xc0],
];

/** TF's OrderedCode::WriteSignedNumIncreasing: sign and length bits, then the two's complement value. */
function writeSignedNumIncreasing(out: number[], value: number): void {
  const v = BigInt(value);
  const x = v < 0n ? ~v : v;
  if (x < 64n) { out.push((0x80 ^ Number(BigInt.asUintN(8, v)))); return; }
  const bits = x.toString(2).length;
  const len = Math.floor(bits / 7) + 1;
  const buf: number[] = [];
  const u = BigInt.asUintN(80, v); // sign-extended to 10 bytes
  for (let i = 9; i >= 0; i--) buf.push(Number((u >> BigInt(8 * i)) & 0xffn));
  const begin = buf.slice(10 - len);
  begin[0] ^= LENGTH_TO_HEADER_BITS[len][0];
  begin[1] ^= LENGTH_TO_HEADER_BITS[len][1];
  out.push(...begin);
}

const utf8 = new TextEncoder();

/** The bundle key of one stored slice of `name` (TF's checkpoint::EncodeTensorNameSlice); starts with a 0 byte. */
export function encodeTensorNameSlice(name: string, slice: TensorSlice): Uint8Array {
  const out: number[] = [];
  writeNumIncreasing(out, 0);
  writeString(out, utf8.encode(name));
  writeNumIncreasing(out, slice.dims);
  for (let d = 0; d < slice.dims; d++) {
    writeSignedNumIncreasing(out, slice.starts[d]);
    writeSignedNumIncreasing(out, slice.lengths[d]);
  }
  return Uint8Array.from(out);
}

// ---- copying between slices ---------------------------------------------------------------------------

/**
 * Copies the part of `src` (the values of slice `srcExtents` of the full tensor) that lies in `region`
 * into `dst` (the values of slice `dstExtents`). All extents are absolute `[start, length]` pairs.
 */
export function copySliceRegion(
  src: NDArray, srcExtents: readonly [number, number][], dst: NDArray, dstExtents: readonly [number, number][],
  region: readonly [number, number][],
): void {
  const rank = region.length;
  const width = src.size === 0 ? 1 : src.data.length / src.size;
  const srcShape = srcExtents.map(([, l]) => l), dstShape = dstExtents.map(([, l]) => l);
  const stridesOf = (shape: number[]) => {
    const s = new Array(rank).fill(1);
    for (let d = rank - 2; d >= 0; d--) s[d] = s[d + 1] * shape[d + 1];
    return s;
  };
  const srcStrides = stridesOf(srcShape), dstStrides = stridesOf(dstShape);
  const count = numElements(region.map(([, l]) => l));
  if (count === 0) return;
  const srcData = src.data as unknown as { [i: number]: unknown }, dstData = dst.data as unknown as { [i: number]: unknown };
  const index = new Array(rank).fill(0);
  for (let n = 0; n < count; n++) {
    let s = 0, t = 0;
    for (let d = 0; d < rank; d++) {
      const at = region[d][0] + index[d];
      s += (at - srcExtents[d][0]) * srcStrides[d];
      t += (at - dstExtents[d][0]) * dstStrides[d];
    }
    for (let w = 0; w < width; w++) dstData[t * width + w] = srcData[s * width + w];
    for (let d = rank - 1; d >= 0; d--) {
      if (++index[d] < region[d][1]) break;
      index[d] = 0;
    }
  }
}

/** Absolute `[start, length]` extents of `slice` within `shape`. */
export function extentsOf(slice: TensorSlice, shape: readonly number[]): [number, number][] {
  return shape.map((_, d) => slice.extent(d, shape));
}

/**
 * The values of `wanted` of the tensor `key` (full shape `fullShape`), copied from whichever of its stored
 * slices meet it (TF's GetSliceValue): `read` gets the values of the meeting slices, by their index in
 * `stored`, all at once. InvalidArgumentError when the stored slices do not cover `wanted`; DataLossError
 * when a stored slice's values have another dtype or shape than its slice says (`where` names the file).
 */
export function assembleSlice(
  key: string, dtype: DType, fullShape: readonly number[], wanted: TensorSlice, stored: readonly TensorSlice[],
  read: (indices: number[]) => NDArray[], where: string,
): NDArray {
  const out = new NDArray(dtype, wanted.sliceShape(fullShape));
  const outExtents = extentsOf(wanted, fullShape);
  const meeting: { index: number; region: [number, number][] }[] = [];
  let covered = 0;
  stored.forEach((s, index) => {
    const region = s.intersect(wanted, fullShape);
    if (!region) return;
    meeting.push({ index, region });
    covered += region.reduce((n, [, l]) => n * l, 1);
  });
  if (covered < out.size) {
    throw new InvalidArgumentError(null, null, `Does not have sufficient slices for partitioned tensor ${key} to restore in slice_spec: ${wanted}`);
  }
  const values = read(meeting.map((m) => m.index));
  meeting.forEach((m, i) => {
    const extents = extentsOf(stored[m.index], fullShape);
    if (values[i].dtype !== dtype) throw new DataLossError(null, null, `A slice of ${key} has dtype ${values[i].dtype.name}, expected ${dtype.name}: ${where}`);
    if (shapeString(values[i].shape) !== shapeString(extents.map(([, l]) => l))) {
      throw new DataLossError(null, null, `A slice of ${key} has shape [${values[i].shape}], expected the shape of its slice ${stored[m.index]}: ${where}`);
    }
    copySliceRegion(values[i], extents, out, outExtents, m.region);
  });
  return out;
}
