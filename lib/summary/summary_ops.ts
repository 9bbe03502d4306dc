/**
 * TF's summary ops (logging_ops / summary_ops in TF 1.15): each one's run value is a scalar string
 * holding a serialized `Summary` proto. Op declarations and their CPU kernels.
 */
import { string as stringDtype, uint8 } from '../framework/dtypes';
import { InvalidArgumentError } from '../framework/errors';
import { NDArray } from '../framework/ndarray';
import { registerOp } from '../framework/graph';
import { fixedDtypes } from '../ops/schema_util';
import { registerNotDifferentiable } from '../ops/gradient_util';
import { KernelContext, registerKernel } from '../kernels/registry';
import {
  Summary, SummaryCodec, SummaryMetadata, SummaryMetadataCodec, SummaryValue, TensorProto,
} from '../proto';
import { tensorToBytes } from '../framework/tensor_bytes';
import { histogramProto } from './histogram';
import { encodePng, encodeWav } from './media';

const scalarString = fixedDtypes(stringDtype);
const scalarShape = (): [number[]] => [[]];
const SUMMARY_OPS = ['ScalarSummary', 'HistogramSummary', 'ImageSummary', 'AudioSummaryV2', 'TensorSummaryV2', 'MergeSummary'] as const;
for (const type of SUMMARY_OPS) registerOp({ type, outputDtypes: scalarString, inferShapes: scalarShape });
// TF's logging_ops.py: summaries pass no gradient.
registerNotDifferentiable(...SUMMARY_OPS);

/** The default `bad_color` of ImageSummary: opaque red. */
export function defaultBadColor(): NDArray { return NDArray.from([255, 0, 0, 255], uint8); }

/** TF's TensorShape::DebugString: `[2,3]`. */
function shapeText(a: NDArray): string { return `[${a.shape.join(',')}]`; }

function stringOutput(summary: Summary): NDArray {
  return NDArray.fromStrings([SummaryCodec.encode(summary)], []);
}

function scalarTag(ctx: KernelContext, i: number, what = 'Tags'): string {
  const t = ctx.input(i);
  if (t.shape.length !== 0 || t.dtype.storage !== 'string') {
    throw new InvalidArgumentError(null, null, `${what} must be a scalar string, got shape ${shapeText(t)} of ${t.dtype.name}`);
  }
  return t.strings[0];
}

/** Values as doubles (bool as 0/1). */
function doubles(a: NDArray): ArrayLike<number> { return a.values; }

registerKernel('ScalarSummary', 'CPU', (ctx) => {
  const tags = ctx.input(0), values = ctx.input(1);
  const sameShape = tags.shape.length === values.shape.length && tags.shape.every((d, i) => d === values.shape[i]);
  if (!sameShape) {
    const single = tags.size === 1 ? ` (tag '${tags.strings[0]}')` : '';
    throw new InvalidArgumentError(null, null, `tags and values not the same shape: ${shapeText(tags)} != ${shapeText(values)}${single}`);
  }
  const names = tags.strings, v = doubles(values);
  return [stringOutput({ value: names.map((tag, i) => ({ tag, simple_value: v[i] })) })];
});

registerKernel('HistogramSummary', 'CPU', (ctx) => {
  const tag = scalarTag(ctx, 0, 'tags');
  const v = doubles(ctx.input(1));
  for (let i = 0; i < v.length; i++) {
    if (Number.isNaN(v[i])) throw new InvalidArgumentError(null, null, `Nan in summary histogram for: ${ctx.op.name}`);
    if (!Number.isFinite(v[i])) throw new InvalidArgumentError(null, null, `Infinity in summary histogram for: ${ctx.op.name}`);
  }
  return [stringOutput({ value: [{ tag, histo: histogramProto(v) }] })];
});

/** One float image [h, w, c] → uint8 as TF's NormalizeFloatImage; non-finite pixels get `badColor`. */
function normalizeFloatImage(src: ArrayLike<number>, offset: number, pixels: number, depth: number, badColor: ArrayLike<number>): Uint8Array {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < pixels * depth; i++) {
    const x = src[offset + i];
    if (Number.isFinite(x)) { if (x < lo) lo = x; if (x > hi) hi = x; }
  }
  const kZeroThreshold = 1e-6;
  let scale: number, shift: number;
  if (lo < 0) {
    const maxAbs = Math.max(Math.abs(lo), Math.abs(hi));
    scale = maxAbs < kZeroThreshold ? 0 : 127 / maxAbs;
    shift = 128;
  } else {
    scale = hi < kZeroThreshold ? 0 : 255 / hi;
    shift = 0;
  }
  const out = new Uint8Array(pixels * depth);
  for (let p = 0; p < pixels; p++) {
    let finite = true;
    for (let c = 0; c < depth; c++) if (!Number.isFinite(src[offset + p * depth + c])) finite = false;
    for (let c = 0; c < depth; c++) {
      // A float → uint8 cast truncates toward zero.
      out[p * depth + c] = finite ? Math.trunc(src[offset + p * depth + c] * scale + shift) : badColor[c];
    }
  }
  return out;
}

registerKernel('ImageSummary', 'CPU', (ctx) => {
  const tag = scalarTag(ctx, 0, 'Tags');
  const tensor = ctx.input(1);
  const maxImages = Number(ctx.attr('max_images'));
  const [batch, h, w, depth] = tensor.shape;
  if (tensor.shape.length !== 4 || ![1, 3, 4].includes(depth)) {
    throw new InvalidArgumentError(null, null, `Tensor must be 4-D with last dim 1, 3, or 4, not ${shapeText(tensor)}`);
  }
  const badColor = ctx.attr('bad_color') as NDArray;
  if (badColor.shape.length !== 1 || badColor.size < depth) {
    throw new InvalidArgumentError(null, null, `bad_color must have at least ${depth} elements, got shape ${shapeText(badColor)}`);
  }
  const n = Math.min(batch, maxImages), pixels = h * w;
  const value: SummaryValue[] = [];
  for (let i = 0; i < n; i++) {
    const image = tensor.dtype === uint8
      ? new Uint8Array((tensor.values as Uint8Array).subarray(i * pixels * depth, (i + 1) * pixels * depth))
      : normalizeFloatImage(tensor.values, i * pixels * depth, pixels, depth, badColor.values);
    value.push({
      tag: maxImages > 1 ? `${tag}/image/${i}` : `${tag}/image`,
      image: { height: h, width: w, colorspace: depth, encoded_image_string: encodePng(image, h, w, depth) },
    });
  }
  return [stringOutput({ value })];
});

registerKernel('AudioSummaryV2', 'CPU', (ctx) => {
  const tag = scalarTag(ctx, 0, 'Tag');
  const tensor = ctx.input(1);
  const rate = ctx.input(2);
  if (rate.size !== 1) throw new InvalidArgumentError(null, null, `sample_rate must be rank-0 or contain a single value, got shape ${shapeText(rate)}`);
  const sampleRate = Number(rate.values[0]);
  if (tensor.shape.length !== 2 && tensor.shape.length !== 3) {
    throw new InvalidArgumentError(null, null, `Tensor must be 3-D or 2-D, got: ${shapeText(tensor)}`);
  }
  const maxOutputs = Number(ctx.attr('max_outputs'));
  const [batch, frames] = tensor.shape;
  const channels = tensor.shape.length === 2 ? 1 : tensor.shape[2];
  const perClip = frames * channels;
  const value: SummaryValue[] = [];
  for (let i = 0; i < Math.min(batch, maxOutputs); i++) {
    const samples = (tensor.values as Float32Array).subarray(i * perClip, (i + 1) * perClip);
    value.push({
      tag: maxOutputs > 1 ? `${tag}/audio/${i}` : `${tag}/audio`,
      audio: {
        sample_rate: sampleRate, num_channels: channels, length_frames: frames, content_type: 'audio/wav',
        encoded_audio_string: encodeWav(samples, sampleRate, channels, frames),
      },
    });
  }
  return [stringOutput({ value })];
});

/** A value as TF's Tensor::AsProtoTensorContent (strings: AsProtoField, one string_val each). */
function tensorContentProto(a: NDArray): TensorProto {
  const proto: TensorProto = { dtype: a.dtype.as_datatype_enum, tensor_shape: { dim: a.shape.map((size) => ({ size })) } };
  if (a.dtype.storage === 'string') proto.string_val = [...(a.data as Uint8Array[])];
  else proto.tensor_content = tensorToBytes(a).slice();
  return proto;
}

registerKernel('TensorSummaryV2', 'CPU', (ctx) => {
  const tag = scalarTag(ctx, 0, 'tag');
  const meta = ctx.input(2);
  if (meta.dtype.storage !== 'string' || meta.size !== 1) {
    throw new InvalidArgumentError(null, null, `serialized_summary_metadata must be a scalar string, got shape ${shapeText(meta)}`);
  }
  let metadata: SummaryMetadata;
  try {
    metadata = SummaryMetadataCodec.decode((meta.data as Uint8Array[])[0]);
  } catch {
    throw new InvalidArgumentError(null, null, 'Could not parse serialized_summary_metadata as a SummaryMetadata proto');
  }
  return [stringOutput({ value: [{ tag, metadata, tensor: tensorContentProto(ctx.input(1)) }] })];
});

// Serialized Summary protos are `repeated Value value = 1`, so concatenating them is merging them:
// the output keeps each input's bytes as they are, after the inputs are checked and their tags compared.
registerKernel('MergeSummary', 'CPU', (ctx) => {
  const seen = new Set<string>();
  const parts: Uint8Array[] = [];
  for (let d = 0; d < ctx.numInputs; d++) {
    const input = ctx.input(d);
    if (input.dtype.storage !== 'string') throw new InvalidArgumentError(null, null, `MergeSummary inputs must be strings, got ${input.dtype.name}`);
    for (const bytes of input.data as Uint8Array[]) {
      let summary: Summary;
      try {
        summary = SummaryCodec.decode(bytes);
      } catch {
        throw new InvalidArgumentError(null, null, 'Could not parse one of the summary inputs');
      }
      for (const v of summary.value ?? []) {
        const tag = v.tag ?? '';
        if (tag !== '' && seen.has(tag)) throw new InvalidArgumentError(null, null, `Duplicate tag ${tag} found in summary inputs`);
        seen.add(tag);
      }
      parts.push(bytes);
    }
  }
  return [NDArray.fromStrings([Buffer.concat(parts)], [])];
});
