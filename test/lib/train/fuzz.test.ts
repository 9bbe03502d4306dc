/**
 * Damaged checkpoints: every truncation and bit flips of every fixture file must give DataLossError for
 * the damaged part (or an exact read where the damage hits bytes nothing reads), never another error and
 * never a wrong value.
 */
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '../../../lib';
import * as errors from '../../../lib/framework/errors';
import { DataLossError } from '../../../lib/framework/errors';
import { import_meta_graph } from '../../../lib/train';
import { setLogSink } from '../../../lib/train/logging';
import { NDArray } from '../../../lib/framework/ndarray';
import { CheckpointReader } from '../../../lib/train/checkpoint_reader';
import { tableLayout } from '../../../lib/train/table';
import { BundleReader } from '../../../lib/train/tensor_bundle';
import { FIXTURES, cleanup, fixture, prng, tmpDir } from './helpers';

type Outcome = { kind: 'exact' } | { kind: 'dataloss'; message: string };

function sameValues(a: NDArray, b: NDArray): boolean {
  if (a.dtype !== b.dtype || a.shape.join() !== b.shape.join()) return false;
  const x = a.data as Float32Array, y = b.data as Float32Array;
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return false;
  return true;
}

/** Opens the checkpoint and reads every tensor; per tensor: exact or DataLossError, nothing else. */
function readEach(prefix: string, expected: Map<string, NDArray>): { open: Outcome; tensors: Map<string, Outcome> } {
  const tensors = new Map<string, Outcome>();
  let reader: CheckpointReader;
  try {
    reader = new CheckpointReader(prefix);
  } catch (e) {
    if (e instanceof DataLossError) return { open: { kind: 'dataloss', message: e.message }, tensors };
    throw new Error(`opening ${prefix} threw ${String(e)}`);
  }
  const shapes = reader.get_variable_to_shape_map();
  assert.deepEqual(Object.keys(shapes), [...expected.keys()], 'a damaged index was read with other keys');
  for (const [name, want] of expected) {
    try {
      const got = reader.get_tensor(name);
      if (!sameValues(got, want)) throw new Error(`wrong value read for ${name}`);
      tensors.set(name, { kind: 'exact' });
    } catch (e) {
      if (!(e instanceof DataLossError)) throw new Error(`reading ${name} threw ${String(e)}`);
      tensors.set(name, { kind: 'dataloss', message: e.message });
    }
  }
  return { open: { kind: 'exact' }, tensors };
}

function flipBit(fd: number, pos: number, bit: number): void {
  const b = Buffer.alloc(1);
  fs.readSync(fd, b, 0, 1, pos);
  b[0] ^= 1 << bit;
  fs.writeSync(fd, b, 0, 1, pos);
}

describe('train fuzz: damaged fixture files', function () {
  this.timeout(60000);
  after(cleanup);

  for (const f of FIXTURES) {
    describe(f.prefix, () => {
      let dir: string, prefix: string, indexFile: string, dataFile: string;
      let expected: Map<string, NDArray>;
      let indexBytes: Buffer, dataBytes: Buffer;

      before(() => {
        dir = tmpDir('fuzz');
        prefix = path.join(dir, 'ckpt');
        indexFile = `${prefix}.index`;
        dataFile = `${prefix}.data-00000-of-00001`;
        indexBytes = fs.readFileSync(fixture(`${f.prefix}.index`));
        dataBytes = fs.readFileSync(fixture(`${f.prefix}.data-00000-of-00001`));
        fs.writeFileSync(indexFile, indexBytes);
        fs.writeFileSync(dataFile, dataBytes);
        const r = new CheckpointReader(fixture(f.prefix));
        expected = new Map(Object.keys(r.get_variable_to_shape_map()).map((k) => [k, r.get_tensor(k)]));
      });

      afterEach(() => {
        fs.writeFileSync(indexFile, indexBytes);
        fs.writeFileSync(dataFile, dataBytes);
      });

      it('every truncation of the .index → DataLossError', () => {
        for (let len = 0; len < indexBytes.length; len++) {
          fs.writeFileSync(indexFile, indexBytes.subarray(0, len));
          const r = readEach(prefix, expected);
          assert.equal(r.open.kind, 'dataloss', `truncated to ${len} bytes`);
        }
      });

      it('every truncation of the .data → DataLossError for the tensors cut, exact reads for the rest', () => {
        const bundle = new BundleReader(prefix);
        const fd = fs.openSync(dataFile, 'r+');
        try {
          for (let len = dataBytes.length - 1; len >= 0; len--) {
            fs.ftruncateSync(fd, len);
            const r = readEach(prefix, expected);
            assert.equal(r.open.kind, 'exact');
            for (const [name, outcome] of r.tensors) {
              const e = bundle.entry(name);
              const cut = e.offset + e.size > len;
              assert.equal(outcome.kind, cut ? 'dataloss' : 'exact', `${name} with data truncated to ${len}`);
            }
          }
        } finally {
          fs.closeSync(fd);
        }
      });

      it('every bit flip of the .index → DataLossError, except in the unused footer padding', () => {
        const layout = tableLayout(indexBytes, indexFile);
        const footer = indexBytes.length - 48;
        // Bytes of the two handles at the start of the footer; the rest up to the magic is padding.
        let handleBytes = 0;
        for (const h of [layout.metaindex, layout.index]) {
          for (const v of [h.offset, h.size]) handleBytes += v < 128 ? 1 : v < 16384 ? 2 : 3;
        }
        const fd = fs.openSync(indexFile, 'r+');
        let exact = 0;
        try {
          for (let pos = 0; pos < indexBytes.length; pos++) {
            for (let bit = 0; bit < 8; bit++) {
              flipBit(fd, pos, bit);
              const r = readEach(prefix, expected);
              // Only the footer's handles and padding are not covered by a checksum. A flip there may
              // leave the handles' values intact (e.g. a continuation bit into a zero padding byte).
              const inFooterHandles = pos >= footer && pos < footer + 40;
              const padding = pos > footer + handleBytes && pos < footer + 40;
              if (r.open.kind === 'exact') {
                exact++;
                assert.ok(inFooterHandles, `flip of bit ${bit} at ${pos} went unnoticed`);
                for (const [name, o] of r.tensors) assert.equal(o.kind, 'exact', name);
              } else {
                assert.ok(!padding, `flip of padding bit ${bit} at ${pos} was rejected: ${r.open.message}`);
              }
              flipBit(fd, pos, bit);
            }
          }
        } finally {
          fs.closeSync(fd);
        }
        assert.ok(exact >= (40 - handleBytes - 1) * 8);
      });

      it('bit flips of the .data → DataLossError for exactly the tensor hit', () => {
        const bundle = new BundleReader(prefix);
        const owner = (pos: number) => [...expected.keys()].find((k) => {
          const e = bundle.entry(k);
          return pos >= e.offset && pos < e.offset + e.size;
        });
        const rand = prng(0x5eed + dataBytes.length);
        const total = dataBytes.length * 8;
        const flips = total <= 3000 ? Array.from({ length: total }, (_, i) => i)
          : Array.from({ length: 3000 }, () => Math.floor(rand() * total));
        const fd = fs.openSync(dataFile, 'r+');
        try {
          for (const flip of flips) {
            const pos = flip >> 3, bit = flip & 7;
            flipBit(fd, pos, bit);
            const r = readEach(prefix, expected);
            const hit = owner(pos);
            for (const [name, o] of r.tensors) {
              assert.equal(o.kind, name === hit ? 'dataloss' : 'exact', `${name}, flip of bit ${bit} at ${pos}`);
              if (o.kind === 'dataloss') assert.match(o.message, /Checksum does not match/);
            }
            flipBit(fd, pos, bit);
          }
        } finally {
          fs.closeSync(fd);
        }
      });
    });
  }
});

describe('train fuzz: damaged meta graphs', function () {
  this.timeout(60000);
  after(cleanup);

  it('bit flips of a .meta import or fail with TF errors, never another exception', () => {
    // A .meta has no checksum (in TF neither): a flip may still import, as some other graph.
    const prev = setLogSink(() => undefined);
    const bytes = fs.readFileSync(fixture('udacity-intro/model.ckpt.meta'));
    const file = path.join(tmpDir('fuzz-meta'), 'm.meta');
    const rand = prng(77);
    const outcomes = new Map<string, number>();
    try {
      for (let i = 0; i < 250; i++) {
        const b = Buffer.from(bytes);
        b[Math.floor(rand() * b.length)] ^= 1 << Math.floor(rand() * 8);
        fs.writeFileSync(file, b);
        tf.reset_default_graph();
        let kind = 'imported';
        try {
          import_meta_graph(file);
        } catch (e) {
          assert.ok(e instanceof errors.ValueError || e instanceof errors.OpError || e instanceof errors.TFTypeError,
            `flip ${i}: ${(e as Error).stack}`);
          kind = (e as Error).name;
        }
        outcomes.set(kind, (outcomes.get(kind) ?? 0) + 1);
      }
    } finally {
      setLogSink(prev);
      tf.reset_default_graph();
    }
    assert.ok((outcomes.get('ValueError') ?? 0) > 0 && (outcomes.get('imported') ?? 0) > 0, JSON.stringify([...outcomes]));
  });
});
