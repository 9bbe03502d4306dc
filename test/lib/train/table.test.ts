import { strict as assert } from 'assert';
import * as fs from 'fs';
import { compress as snappyCompress } from 'snappyjs';
import { DataLossError } from '../../../lib/framework/errors';
import { crc32c, mask } from '../../../lib/framework/crc32c';
import {
  BlockBuilder, ByteSink, Compression, Table, TableBuilder, findShortSuccessor, findShortestSeparator, tableLayout,
} from '../../../lib/train/table';
import { FIXTURES, fixture, hex, unhex } from './helpers';

const enc = (s: string) => Buffer.from(s, 'latin1');
const str = (b: Uint8Array) => Buffer.from(b).toString('latin1');

/** Assembles a table from raw block contents, for files TF's builder would never write. */
function assemble(blocks: { contents: Uint8Array; type?: number; separator: string }[], opts: { badCrc?: boolean } = {}): Uint8Array {
  const out = new ByteSink();
  const writeBlock = (contents: Uint8Array, type = 0) => {
    const handle = { offset: out.length, size: contents.length };
    out.bytes(contents);
    out.byte(type);
    out.fixed32(mask(crc32c(Uint8Array.of(type), crc32c(contents))) ^ (opts.badCrc ? 1 : 0));
    return handle;
  };
  const index = new BlockBuilder(1);
  for (const b of blocks) {
    const h = writeBlock(b.contents, b.type);
    const hs = new ByteSink();
    hs.varint(h.offset); hs.varint(h.size);
    index.add(enc(b.separator), hs.view().slice());
  }
  const meta = writeBlock(new BlockBuilder(16).finish());
  const idx = writeBlock(index.finish());
  const footer = new ByteSink();
  footer.varint(meta.offset); footer.varint(meta.size); footer.varint(idx.offset); footer.varint(idx.size);
  while (footer.length < 40) footer.byte(0);
  footer.fixed32(0x8b80fb57); footer.fixed32(0xdb477524);
  out.bytes(footer.view());
  return out.view().slice();
}

function blockOf(entries: [string, string][], interval = 16): Uint8Array {
  const b = new BlockBuilder(interval);
  for (const [k, v] of entries) b.add(enc(k), enc(v));
  return b.finish();
}

function expectDataLoss(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof DataLossError, `expected DataLossError, got ${String(e)}`);
    assert.match((e as Error).message, pattern);
    return true;
  });
}

describe('train/table (SSTable)', () => {
  it('an empty block is exactly 00000000 01000000', () => {
    assert.equal(hex(new BlockBuilder(16).finish()), '0000000001000000');
  });

  it('writes the derived one-entry index of the spec byte for byte (121 bytes)', () => {
    const t = new TableBuilder();
    t.add(new Uint8Array(0), unhex('08011a020801'));
    t.add(enc('v'), unhex('0801120412020803280c35735b8971'));
    const bytes = t.finish();
    assert.equal(bytes.length, 121);
    const expected = unhex(
      '000006 08011a020801 00010f76 0801120412020803280c35735b8971 0000000001000000 00e2dd6e73'
      + ' 0000000001000000 00c0f2a1b0'
      + ' 000102770024 0000000001000000 009460b2cd'
      + ' 2908360e' + '00'.repeat(36) + '57fb808b247547db');
    assert.equal(hex(bytes), hex(expected));
  });

  it('every TF-written fixture index has the empty metaindex block and footer magic', () => {
    for (const f of FIXTURES) {
      const file = fixture(`${f.prefix}.index`);
      const bytes = fs.readFileSync(file);
      const layout = tableLayout(bytes, file);
      assert.equal(layout.metaindex.size, 8);
      assert.equal(hex(bytes.subarray(layout.metaindex.offset, layout.metaindex.offset + 13)), '000000000100000000c0f2a1b0');
      assert.equal(hex(bytes.subarray(bytes.length - 8)), '57fb808b247547db');
      assert.equal(layout.dataBlocks.length, 1);
      assert.equal(layout.index.restarts, 1);
    }
  });

  it('re-encodes every fixture index identically from its entries', () => {
    for (const f of FIXTURES) {
      const file = fixture(`${f.prefix}.index`);
      const bytes = fs.readFileSync(file);
      const t = new TableBuilder();
      for (const e of Table.parse(bytes, file).entries) t.add(e.key, e.value);
      assert.equal(hex(t.finish()), hex(bytes), f.prefix);
    }
  });

  it('computes TF separators and successors', () => {
    const sep = (a: string, b: string) => str(findShortestSeparator(enc(a), enc(b)));
    assert.equal(sep('the quick brown fox', 'the who'), 'the r');
    assert.equal(sep('abc', 'abd'), 'abc');        // c+1 is not < d
    assert.equal(sep('abc', 'abe'), 'abd');
    assert.equal(sep('ab', 'abc'), 'ab');           // prefix: unchanged
    assert.equal(sep('a\xff\x01', 'b'), 'a\xff\x01'); // a+1 is not < b
    assert.equal(sep('a\xffz', 'c'), 'b');
    assert.equal(sep('\xff\x01', '\xff\x05'), '\xff\x02');
    const succ = (a: string) => str(findShortSuccessor(enc(a)));
    assert.equal(succ('v'), 'w');
    assert.equal(succ('weights_0'), 'x');
    assert.equal(succ('\xff\xffa'), '\xff\xffb');
    assert.equal(succ('\xff\xff'), '\xff\xff');
    assert.equal(succ(''), '');
  });

  it('splits data blocks at 256 KiB with restart points every 16 entries', () => {
    const t = new TableBuilder();
    const keys: string[] = [];
    for (let i = 0; i < 12000; i++) keys.push(`layer_${String(i).padStart(6, '0')}/weights`);
    const value = new Uint8Array(40).fill(7);
    for (const k of keys) t.add(enc(k), value);
    const bytes = t.finish();
    const layout = tableLayout(bytes, 'big.index');
    assert.ok(layout.dataBlocks.length >= 2, `${layout.dataBlocks.length} blocks`);
    let total = 0;
    for (const [i, b] of layout.dataBlocks.entries()) {
      total += b.entries;
      assert.equal(b.restarts, Math.ceil(b.entries / 16));
      if (i < layout.dataBlocks.length - 1) {
        // Flushed as soon as the estimate reached the block size, and not before.
        assert.ok(b.size >= 262144 && b.size < 262144 + 100, `block ${i}: ${b.size} bytes`);
      }
    }
    assert.equal(total, keys.length);
    assert.equal(layout.index.restarts, layout.dataBlocks.length);
    const entries = Table.parse(bytes, 'big.index').entries;
    assert.deepEqual(entries.map((e) => str(e.key)), keys);
    // Separators lie between the last key of a block and the first key of the next.
    let seen = 0;
    for (const b of layout.dataBlocks.slice(0, -1)) {
      seen += b.entries;
      assert.ok(Buffer.compare(Buffer.from(b.separator), Buffer.from(entries[seen - 1].key)) >= 0);
      assert.ok(Buffer.compare(Buffer.from(b.separator), Buffer.from(entries[seen].key)) < 0);
    }
    assert.equal(str(layout.dataBlocks[layout.dataBlocks.length - 1].separator), 'm');
  });

  it('gives an entry of twice the block size a block of its own', () => {
    const t = new TableBuilder({ blockSize: 100 });
    t.add(enc('a'), new Uint8Array(10));
    t.add(enc('b'), new Uint8Array(250));
    t.add(enc('c'), new Uint8Array(10));
    const layout = tableLayout(t.finish(), 'x');
    assert.deepEqual(layout.dataBlocks.map((b) => b.entries), [1, 1, 1]);
  });

  it('refuses keys out of order', () => {
    const t = new TableBuilder();
    t.add(enc('b'), enc('1'));
    assert.throws(() => t.add(enc('a'), enc('2')), /strictly increasing/);
    assert.throws(() => t.add(enc('b'), enc('2')), /strictly increasing/);
  });

  it('reads Snappy-compressed blocks', () => {
    const t = new TableBuilder({ compression: Compression.Snappy, snappyCompress: snappyCompress });
    const keys = Array.from({ length: 200 }, (_, i) => `tensor/${String(i).padStart(4, '0')}`);
    for (const k of keys) t.add(enc(k), new Uint8Array(30).fill(1));
    const bytes = t.finish();
    const layout = tableLayout(bytes, 'snappy.index');
    assert.ok(layout.dataBlocks[0].compressed);
    assert.deepEqual(Table.parse(bytes, 'snappy.index').entries.map((e) => str(e.key)), keys);
  });

  it('reports damaged Snappy contents as corrupted compressed block contents', () => {
    const bytes = assemble([{ contents: Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2), type: 1, separator: 'z' }]);
    expectDataLoss(() => Table.parse(bytes, 'f.index'), /^corrupted compressed block contents .*: f\.index$/);
  });

  it('reports each defect as DataLossError naming the file', () => {
    const good = assemble([{ contents: blockOf([['a', '1'], ['b', '2']]), separator: 'c' }]);
    assert.equal(Table.parse(good, 'f').entries.length, 2);
    expectDataLoss(() => Table.parse(new Uint8Array(47), 'short.index'), /^file is too short to be an sstable: short\.index$/);
    expectDataLoss(() => Table.parse(new Uint8Array(48), 'f.index'), /^not an sstable \(bad magic number\): f\.index$/);
    expectDataLoss(() => Table.parse(assemble([{ contents: blockOf([['a', '1']]), separator: 'b' }], { badCrc: true }), 'f'),
      /^block checksum mismatch/);
    expectDataLoss(() => Table.parse(assemble([{ contents: blockOf([['a', '1']]), type: 2, separator: 'b' }]), 'f'),
      /^bad block type 2/);
    const badHandle = good.slice();
    badHandle.fill(0xff, good.length - 48, good.length - 8);
    expectDataLoss(() => Table.parse(badHandle, 'f'), /^bad block handle: f$/);
    const farHandle = good.slice();
    farHandle[good.length - 48] = 0x7f; // metaindex offset 127: past the end
    expectDataLoss(() => Table.parse(farHandle, 'f'), /^truncated block read/);
    expectDataLoss(() => Table.parse(assemble([{ contents: blockOf([['b', '1'], ['a', '2']]), separator: 'c' }]), 'f'),
      /keys out of order/);
    expectDataLoss(() => Table.parse(assemble([{ contents: blockOf([['a', '1'], ['d', '2']]), separator: 'c' }]), 'f'),
      /outside its index range/);
    expectDataLoss(() => Table.parse(assemble([{ contents: Uint8Array.of(1, 2), separator: 'c' }]), 'f'), /^bad block contents/);
    expectDataLoss(() => Table.parse(assemble([{ contents: Uint8Array.of(5, 9, 9, 0, 0, 0, 0, 1, 0, 0, 0), separator: 'c' }]), 'f'),
      /^bad entry in block/);
    const tooManyRestarts = blockOf([['a', '1']]);
    tooManyRestarts[tooManyRestarts.length - 4] = 200;
    expectDataLoss(() => Table.parse(assemble([{ contents: tooManyRestarts, separator: 'c' }]), 'f'), /^bad block contents/);
  });
});
