/**
 * Sliding-window geometry shared by convolution and pooling: output sizes and padding exactly as TF's
 * GetWindowedOutputSizeVerboseV2 computes them, used by shape functions and kernels alike.
 */

export type Padding = 'SAME' | 'VALID';

export interface WindowedSize { size: number; padBefore: number }

/** Output size and leading padding of one spatial dimension; throws TF's message when negative. */
export function windowedOutputSize(input: number, filter: number, dilation: number, stride: number, padding: Padding): WindowedSize {
  const effective = (filter - 1) * dilation + 1;
  let size: number, padBefore = 0;
  if (padding === 'VALID') size = Math.trunc((input - effective + stride) / stride);
  else {
    size = Math.trunc((input + stride - 1) / stride);
    padBefore = Math.floor(Math.max(0, (size - 1) * stride + effective - input) / 2);
  }
  if (size < 0) throw new RangeError(`Computed output size would be negative: ${size} [input_size: ${input}, effective_filter_size: ${effective}, stride: ${stride}]`);
  return { size, padBefore };
}

/** Which dimension of a 4-D tensor is batch, height, width and channels for a data format. */
export interface Layout4D { n: number; h: number; w: number; c: number }
export function layoutOf(dataFormat: string): Layout4D {
  if (dataFormat === 'NHWC') return { n: 0, h: 1, w: 2, c: 3 };
  if (dataFormat === 'NCHW') return { n: 0, c: 1, h: 2, w: 3 };
  throw new RangeError(`Invalid data format: ${dataFormat}`);
}

/** The geometry of one 2-D sliding window pass. */
export interface Window2D {
  inH: number; inW: number; kH: number; kW: number;
  strideH: number; strideW: number; dilH: number; dilW: number;
  outH: number; outW: number; padTop: number; padLeft: number;
}

export function window2D(inH: number, inW: number, kH: number, kW: number, strides: [number, number], dilations: [number, number], padding: Padding): Window2D {
  const h = windowedOutputSize(inH, kH, dilations[0], strides[0], padding);
  const w = windowedOutputSize(inW, kW, dilations[1], strides[1], padding);
  return { inH, inW, kH, kW, strideH: strides[0], strideW: strides[1], dilH: dilations[0], dilW: dilations[1], outH: h.size, outW: w.size, padTop: h.padBefore, padLeft: w.padBefore };
}

/** Calls `visit(kh, kw, ih, iw)` for every filter tap of output position (oh, ow) that lands inside the input. */
export function forEachTap(g: Window2D, oh: number, ow: number, visit: (kh: number, kw: number, ih: number, iw: number) => void): void {
  const h0 = oh * g.strideH - g.padTop, w0 = ow * g.strideW - g.padLeft;
  for (let kh = 0; kh < g.kH; kh++) {
    const ih = h0 + kh * g.dilH;
    if (ih < 0 || ih >= g.inH) continue;
    for (let kw = 0; kw < g.kW; kw++) {
      const iw = w0 + kw * g.dilW;
      if (iw < 0 || iw >= g.inW) continue;
      visit(kh, kw, ih, iw);
    }
  }
}

/** The geometry of one 3-D sliding window pass (planes, rows, columns). */
export interface Window3D { in: number[]; k: number[]; stride: number[]; dil: number[]; out: number[]; pad: number[] }

export function window3D(input: readonly number[], kernel: readonly number[], strides: readonly number[], dilations: readonly number[], padding: Padding): Window3D {
  const sizes = [0, 1, 2].map((i) => windowedOutputSize(input[i], kernel[i], dilations[i], strides[i], padding));
  return { in: [...input], k: [...kernel], stride: [...strides], dil: [...dilations], out: sizes.map((s) => s.size), pad: sizes.map((s) => s.padBefore) };
}

/**
 * Calls `visit(tap, at)` for every filter tap of output position (od, oh, ow) inside the input: `tap` the
 * tap's flat index in the filter's spatial dims, `at` the input's flat spatial index.
 */
export function forEachTap3D(g: Window3D, od: number, oh: number, ow: number, visit: (tap: number, at: number) => void): void {
  const d0 = od * g.stride[0] - g.pad[0], h0 = oh * g.stride[1] - g.pad[1], w0 = ow * g.stride[2] - g.pad[2];
  for (let kd = 0; kd < g.k[0]; kd++) {
    const id = d0 + kd * g.dil[0];
    if (id < 0 || id >= g.in[0]) continue;
    for (let kh = 0; kh < g.k[1]; kh++) {
      const ih = h0 + kh * g.dil[1];
      if (ih < 0 || ih >= g.in[1]) continue;
      for (let kw = 0; kw < g.k[2]; kw++) {
        const iw = w0 + kw * g.dil[2];
        if (iw < 0 || iw >= g.in[2]) continue;
        visit((kd * g.k[1] + kh) * g.k[2] + kw, (id * g.in[1] + ih) * g.in[2] + iw);
      }
    }
  }
}
