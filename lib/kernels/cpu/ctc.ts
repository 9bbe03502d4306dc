/**
 * Reference CPU kernels of the CTC ops, after TF's ctc_loss_calculator and ctc_beam_search: the loss and
 * its gradient by the forward-backward recursions in log space (Graves' thesis, ch. 7), greedy decoding,
 * and the prefix beam search with TF's default scorer.
 */
import { FailedPreconditionError, InvalidArgumentError } from '../../framework/errors';
import { shapeString } from '../../framework/tensor_shape';
import { int64 } from '../../framework/dtypes';
import { NDArray } from '../../framework/ndarray';
import { KernelContext, registerKernel } from '../registry';

const invalid = (message: string) => new InvalidArgumentError(null, null, message);

function logSumExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return Math.max(a, b) + Math.log1p(Math.exp(-Math.abs(a - b)));
}

/** Checks inputs [max_time, batch, classes] and sequence_length [batch]; returns the dimensions and lengths. */
function checkInputs(inputs: NDArray, seqLen: NDArray, error: (m: string) => Error): { T: number; B: number; C: number; lengths: number[] } {
  if (inputs.ndim !== 3) throw invalid('inputs is not a 3-Tensor');
  if (seqLen.ndim !== 1) throw invalid('sequence_length is not a vector');
  const [T, B, C] = inputs.shape;
  if (seqLen.size !== B) throw invalid(`len(sequence_length) != batch_size.  len(sequence_length):  ${seqLen.size} batch_size: ${B}`);
  const lengths = Array.from(seqLen.values, Number);
  lengths.forEach((l, b) => { if (l > T) throw error(`sequence_length(${b}) <= ${T}`); });
  return { T, B, C, lengths };
}

registerKernel('CTCLoss', 'CPU', (ctx) => {
  const inputs = ctx.input(0), indices = ctx.input(1), values = ctx.input(2), seqLen = ctx.input(3);
  const { T, B, C, lengths } = checkInputs(inputs, seqLen, invalid);
  if (indices.ndim !== 2 || indices.shape[1] !== 2) throw invalid('labels_indices is not a matrix');
  if (values.ndim !== 1) throw invalid('labels_values is not a vector');
  if (indices.shape[0] !== values.size) throw invalid(`labels_indices and labels_values must contain the same number of rows, but saw shapes: ${shapeString(indices.shape)} vs. ${shapeString(values.shape)}`);
  const collapse = ctx.attr('preprocess_collapse_repeated') === true, merge = ctx.attr('ctc_merge_repeated') === true;
  const ignoreLonger = ctx.attr('ignore_longer_outputs_than_inputs') === true;
  const blank = C - 1;
  // Each example's labels, in index order.
  const rows: [number, number][][] = Array.from({ length: B }, () => []);
  for (let i = 0; i < values.size; i++) {
    const b = Number(indices.values[2 * i]), pos = Number(indices.values[2 * i + 1]);
    if (b < 0 || b >= B) throw invalid(`labels batch index must be in [0, ${B}), got ${b}`);
    rows[b].push([pos, Number(values.values[i])]);
  }
  const loss = new NDArray(inputs.dtype, [B]), grad = new NDArray(inputs.dtype, [T, B, C]);
  const X = inputs.values, G = grad.values;
  for (let b = 0; b < B; b++) {
    let labels = rows[b].sort((p, q) => p[0] - q[0]).map(([, l]) => l);
    if (collapse) labels = labels.filter((l, i) => i === 0 || l !== labels[i - 1]);
    if (labels.some((l) => l < 0)) throw invalid(`All labels must be nonnegative integers, batch: ${b} labels: ${labels.join(',')}`);
    if (labels.some((l) => l >= blank)) throw invalid(`Saw a non-null label (index >= num_classes - 1) following a null label, batch: ${b} num_classes: ${C} labels: ${labels.join(',')}`);
    const steps = lengths[b];
    const repeats = merge ? labels.filter((l, i) => i > 0 && l === labels[i - 1]).length : 0;
    if (labels.length + repeats > steps) {
      if (ignoreLonger) continue; // loss and gradient stay 0
      throw invalid(`Not enough time for target transition sequence (required: ${labels.length + repeats}, available: ${steps}), skipping data instance in batch: ${b}`);
    }
    // log softmax of each time step's logits
    const logY = new Float64Array(steps * C);
    for (let t = 0; t < steps; t++) {
      const base = (t * B + b) * C;
      let max = -Infinity;
      for (let c = 0; c < C; c++) max = Math.max(max, X[base + c]);
      let sum = 0;
      for (let c = 0; c < C; c++) sum += Math.exp(X[base + c] - max);
      const lse = max + Math.log(sum);
      for (let c = 0; c < C; c++) logY[t * C + c] = X[base + c] - lse;
    }
    // l': the labels with blanks around and between them.
    const lp = [blank];
    for (const l of labels) lp.push(l, blank);
    const U = lp.length;
    const alpha = new Float64Array(U * steps).fill(-Infinity), beta = new Float64Array(U * steps).fill(-Infinity);
    const y = (u: number, t: number) => logY[t * C + lp[u]];
    if (steps > 0) {
      alpha[0] = y(0, 0);
      if (U > 1) alpha[1 * steps] = y(1, 0);
      for (let t = 1; t < steps; t++) {
        for (let u = Math.max(0, U - 2 * (steps - t)); u < Math.min(U, 2 * (t + 1)); u++) {
          let s = merge || lp[u] === blank ? alpha[u * steps + t - 1] : -Infinity;
          if (u > 0) s = logSumExp(s, alpha[(u - 1) * steps + t - 1]);
          if (u > 1 && lp[u] !== blank && !(merge && lp[u] === lp[u - 2])) s = logSumExp(s, alpha[(u - 2) * steps + t - 1]);
          alpha[u * steps + t] = y(u, t) + s;
        }
      }
      for (let u = Math.max(0, U - 2); u < U; u++) beta[u * steps + steps - 1] = 0;
      for (let t = steps - 2; t >= 0; t--) {
        for (let u = Math.max(0, U - 2 * (steps - t)); u < Math.min(U, 2 * (t + 1)); u++) {
          let s = -Infinity;
          if (merge || lp[u] === blank) s = logSumExp(s, beta[u * steps + t + 1] + y(u, t + 1));
          if (u + 1 < U) s = logSumExp(s, beta[(u + 1) * steps + t + 1] + y(u + 1, t + 1));
          if (u + 2 < U && lp[u + 2] !== blank && !(merge && lp[u] === lp[u + 2])) s = logSumExp(s, beta[(u + 2) * steps + t + 1] + y(u + 2, t + 1));
          beta[u * steps + t] = s;
        }
      }
    }
    let logP = -Infinity;
    for (let u = 0; u < U; u++) logP = logSumExp(logP, alpha[u * steps] + beta[u * steps]);
    loss.values[b] = -logP;
    // d loss / d logits[t, c] = y(c, t) - Σ_{u: l'(u) = c} alpha(u, t) beta(u, t) / p(z | x)
    for (let t = 0; t < steps; t++) {
      const probSum = new Float64Array(C).fill(-Infinity);
      for (let u = 0; u < U; u++) probSum[lp[u]] = logSumExp(probSum[lp[u]], alpha[u * steps + t] + beta[u * steps + t]);
      for (let c = 0; c < C; c++) G[(t * B + b) * C + c] = Math.exp(logY[t * C + c]) - Math.exp(probSum[c] - logP);
    }
  }
  return [loss, grad];
});

/** The decoded paths of a batch as sparse outputs: indices [N, 2], values [N], dense shape [batch, longest]. */
function sparseOf(paths: number[][]): NDArray[] {
  const idx: number[] = [], vals: number[] = [];
  let longest = 0;
  paths.forEach((p, b) => { p.forEach((v, i) => { idx.push(b, i); vals.push(v); }); longest = Math.max(longest, p.length); });
  return [NDArray.from(idx, int64).reshape([vals.length, 2]), NDArray.from(vals, int64).reshape([vals.length]), NDArray.from([paths.length, longest], int64).reshape([2])];
}

registerKernel('CTCGreedyDecoder', 'CPU', (ctx) => {
  const inputs = ctx.input(0);
  const { B, C, lengths } = checkInputs(inputs, ctx.input(1), (m) => new FailedPreconditionError(null, null, m));
  const merge = ctx.attr('merge_repeated') === true, blank = C - 1;
  const X = inputs.values;
  const logProb = new NDArray(inputs.dtype, [B, 1]);
  const paths = lengths.map((steps, b) => {
    const path: number[] = [];
    let prev = -1, sum = 0;
    for (let t = 0; t < steps; t++) {
      const base = (t * B + b) * C;
      let best = 0;
      for (let c = 1; c < C; c++) if (X[base + c] > X[base + best]) best = c;
      sum -= X[base + best];
      if (best !== blank && !(merge && best === prev)) path.push(best);
      prev = best;
    }
    logProb.values[b] = sum;
    return path;
  });
  return [...sparseOf(paths), logProb];
});

/** A beam search prefix: its label, parent, children by label, and its blank / label / total log probabilities now and one step before. */
interface BeamEntry {
  label: number; parent: BeamEntry | null; children: Map<number, BeamEntry>;
  oldp: { blank: number; label: number; total: number }; newp: { blank: number; label: number; total: number };
}
const reset = () => ({ blank: -Infinity, label: -Infinity, total: -Infinity });
const entry = (label: number, parent: BeamEntry | null): BeamEntry => ({ label, parent, children: new Map(), oldp: reset(), newp: reset() });
const active = (e: BeamEntry) => e.newp.total !== -Infinity;

/** The beam: at most `width` entries, the lowest by total probability dropped first (TF's TopN). */
class Leaves {
  items: BeamEntry[] = [];
  constructor(readonly width: number) {}
  bottom(): BeamEntry {
    let low = this.items[0];
    for (const e of this.items) if (e.newp.total < low.newp.total) low = e;
    return low;
  }
  push(e: BeamEntry): void {
    if (this.items.length < this.width) { this.items.push(e); return; }
    const low = this.bottom();
    if (e.newp.total > low.newp.total) this.items[this.items.indexOf(low)] = e;
  }
  /** The entries by decreasing total probability, leaving the beam empty. */
  extract(): BeamEntry[] {
    const out = this.items.sort((a, b) => b.newp.total - a.newp.total);
    this.items = [];
    return out;
  }
}

/** One example's beam search over its time steps, TF's CTCBeamSearchDecoder::Step with the default scorer. */
function beamSearch(step: (t: number) => ArrayLike<number>, steps: number, classes: number, width: number): Leaves {
  const blank = classes - 1;
  const leaves = new Leaves(width);
  const root = entry(-1, null);
  root.newp.total = 0;
  root.newp.blank = 0;
  leaves.push(root);
  for (let t = 0; t < steps; t++) {
    const input = step(t);
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, input[c]);
    const branches = leaves.extract();
    for (const b of branches) b.oldp = { ...b.newp };
    for (const b of branches) {
      if (b.parent !== null) {
        if (active(b.parent)) {
          const previous = b.label === b.parent.label ? b.parent.oldp.blank : b.parent.oldp.total;
          b.newp.label = logSumExp(b.newp.label, previous);
        }
        b.newp.label += input[b.label] - max;
      }
      b.newp.blank = b.oldp.total + input[blank] - max;
      b.newp.total = logSumExp(b.newp.blank, b.newp.label);
      leaves.push(b);
    }
    const candidate = (p: { total: number }) => p.total > -Infinity && (leaves.items.length < width || p.total > leaves.bottom().newp.total);
    for (const b of branches) {
      if (!candidate(b.oldp)) continue;
      for (let label = 0; label < classes - 1; label++) {
        let c = b.children.get(label);
        if (!c) { c = entry(label, b); b.children.set(label, c); }
        if (active(c)) continue;
        c.newp.blank = -Infinity;
        const previous = c.label === b.label ? b.oldp.blank : b.oldp.total;
        c.newp.label = input[label] - max + previous;
        c.newp.total = c.newp.label;
        if (candidate(c.newp)) {
          if (leaves.items.length === width) leaves.bottom().newp = reset();
          leaves.push(c);
        } else {
          c.oldp = reset();
          c.newp = reset();
        }
      }
    }
  }
  return leaves;
}

/** A prefix's labels, root first; with merge_repeated, equal neighbours merged (TF's BeamEntry::LabelSeq). */
function labelSeq(e: BeamEntry, merge: boolean): number[] {
  const labels: number[] = [];
  let prev = -1;
  for (let c: BeamEntry = e; c.parent !== null; c = c.parent) {
    if (!merge || c.label !== prev) labels.push(c.label);
    prev = c.label;
  }
  return labels.reverse();
}

registerKernel('CTCBeamSearchDecoder', 'CPU', (ctx) => {
  const inputs = ctx.input(0);
  const { B, C, lengths } = checkInputs(inputs, ctx.input(1), (m) => new FailedPreconditionError(null, null, m));
  const width = ctx.attr('beam_width') as number, topPaths = ctx.attr('top_paths') as number, merge = ctx.attr('merge_repeated') === true;
  if (topPaths > width) throw invalid('requested more paths than the beam width.');
  const X = inputs.values;
  const logProb = new NDArray(inputs.dtype, [B, topPaths]);
  const paths: number[][][] = Array.from({ length: topPaths }, () => []);
  for (let b = 0; b < B; b++) {
    const leaves = beamSearch((t) => X.subarray((t * B + b) * C, (t * B + b + 1) * C), lengths[b], C, width);
    if (topPaths > leaves.items.length) throw invalid('Less leaves in the beam search than requested.');
    const best = leaves.extract().slice(0, topPaths);
    best.forEach((e, p) => { paths[p].push(labelSeq(e, merge)); logProb.values[b * topPaths + p] = e.newp.total; });
  }
  const sparse = paths.map(sparseOf);
  return [...sparse.map((s) => s[0]), ...sparse.map((s) => s[1]), ...sparse.map((s) => s[2]), logProb];
});
