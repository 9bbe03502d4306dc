/**
 * The immutable sorted key/value table TensorFlow uses for checkpoint `.index` files
 * (tensorflow::table, the LevelDB SSTable format), laid out byte for byte as TF's TableBuilder does.
 *
 * File = data blocks · metaindex block · index block · 48-byte footer. Each block is followed by a
 * 1-byte compression type and the masked CRC32C of (contents ‖ type).
 */
import { uncompress as snappyUncompress } from 'snappyjs';
import { crc32c, mask, unmask } from '../framework/crc32c';
import { DataLossError, InvalidArgumentError } from '../framework/errors';

/** TF's table options for checkpoints: 256 KiB blocks (not LevelDB's 4 KiB). */
export const DEFAULT_BLOCK_SIZE = 262144;
export const DEFAULT_RESTART_INTERVAL = 16;
export const BLOCK_TRAILER_SIZE = 5;
export const FOOTER_SIZE = 48;
/** A BlockHandle is two varint64s: at most 10 bytes each. */
const MAX_ENCODED_HANDLE = 20;
const MAGIC_LO = 0x8b80fb57;
const MAGIC_HI = 0xdb477524;

export enum Compression { None = 0, Snappy = 1 }

// ---- growable byte buffer and varints ---------------------------------------------------------------

/** An append-only byte buffer. */
export class ByteSink {
  private buf: Uint8Array;
  length = 0;

  constructor(initial = 256) { this.buf = new Uint8Array(initial); }

  private reserve(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.length + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  byte(b: number): void { this.reserve(1); this.buf[this.length++] = b; }

  bytes(data: Uint8Array): void {
    this.reserve(data.length);
    this.buf.set(data, this.length);
    this.length += data.length;
  }

  fixed32(v: number): void {
    this.reserve(4);
    const b = this.buf, o = this.length;
    b[o] = v & 0xff; b[o + 1] = (v >>> 8) & 0xff; b[o + 2] = (v >>> 16) & 0xff; b[o + 3] = (v >>> 24) & 0xff;
    this.length += 4;
  }

  /** Unsigned varint of a non-negative integer up to 2^53. */
  varint(v: number): void {
    if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`varint out of range: ${v}`);
    while (v >= 0x80) {
      this.byte((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    this.byte(v);
  }

  /** The bytes written so far (a view; copy before writing more if it must be kept). */
  view(): Uint8Array { return this.buf.subarray(0, this.length); }
  reset(): void { this.length = 0; }
}

/**
 * Decodes an unsigned varint at `pos`, at most `maxBytes` long (5 for varint32, 10 for varint64).
 * Returns [value, next position] or null when the bytes are not a complete varint in range.
 * Values above 2^53 are rejected (never needed by TF files of sane size).
 */
export function decodeVarint(buf: Uint8Array, pos: number, limit: number, maxBytes = 10): [number, number] | null {
  let result = 0, scale = 1;
  for (let i = 0; i < maxBytes; i++) {
    if (pos >= limit) return null;
    const b = buf[pos++];
    result += (b & 0x7f) * scale;
    if (b < 0x80) {
      if (maxBytes === 5 && result > 0xffffffff) return null;
      if (!Number.isSafeInteger(result)) return null;
      return [result, pos];
    }
    scale *= 0x80;
  }
  return null;
}

function restartCount(block: Uint8Array): number { return readFixed32(block, block.length - 4); }

function readFixed32(buf: Uint8Array, pos: number): number {
  return (buf[pos] | (buf[pos + 1] << 8) | (buf[pos + 2] << 16) | (buf[pos + 3] << 24)) >>> 0;
}

/** memcmp order, shorter prefix first (TF's BytewiseComparator). */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

// ---- writing ----------------------------------------------------------------------------------------

/** Builds the contents of one block: prefix-compressed entries, restart array, restart count. */
export class BlockBuilder {
  private readonly sink = new ByteSink(1024);
  private restarts: number[] = [0];
  private counter = 0;
  private lastKey: Uint8Array = new Uint8Array(0);
  private entries = 0;

  constructor(private readonly restartInterval: number) {}

  get empty(): boolean { return this.entries === 0; }

  /** Size of the finished block if finished now. */
  currentSizeEstimate(): number { return this.sink.length + this.restarts.length * 4 + 4; }

  add(key: Uint8Array, value: Uint8Array): void {
    let shared = 0;
    if (this.counter < this.restartInterval) {
      const n = Math.min(this.lastKey.length, key.length);
      while (shared < n && this.lastKey[shared] === key[shared]) shared++;
    } else {
      this.restarts.push(this.sink.length);
      this.counter = 0;
    }
    const s = this.sink;
    s.varint(shared);
    s.varint(key.length - shared);
    s.varint(value.length);
    s.bytes(key.subarray(shared));
    s.bytes(value);
    this.lastKey = key;
    this.counter++;
    this.entries++;
  }

  /** The finished block contents (a fresh copy). */
  finish(): Uint8Array {
    for (const r of this.restarts) this.sink.fixed32(r);
    this.sink.fixed32(this.restarts.length);
    return this.sink.view().slice();
  }

  reset(): void {
    this.sink.reset();
    this.restarts = [0];
    this.counter = 0;
    this.lastKey = new Uint8Array(0);
    this.entries = 0;
  }
}

/** TF's BytewiseComparator::FindShortestSeparator: a short key in [start, limit). */
export function findShortestSeparator(start: Uint8Array, limit: Uint8Array): Uint8Array {
  const n = Math.min(start.length, limit.length);
  let i = 0;
  while (i < n && start[i] === limit[i]) i++;
  if (i >= n) return start;
  const b = start[i];
  if (b < 0xff && b + 1 < limit[i]) {
    const out = start.slice(0, i + 1);
    out[i] = b + 1;
    return out;
  }
  return start;
}

/** TF's BytewiseComparator::FindShortSuccessor: a short key ≥ key. */
export function findShortSuccessor(key: Uint8Array): Uint8Array {
  for (let i = 0; i < key.length; i++) {
    if (key[i] !== 0xff) {
      const out = key.slice(0, i + 1);
      out[i] = key[i] + 1;
      return out;
    }
  }
  return key;
}

export interface TableBuilderOptions {
  blockSize?: number;
  blockRestartInterval?: number;
  /** Compression of data blocks; TF's bundle writer uses none. */
  compression?: Compression;
  /** Used by the Snappy option (for tests of readers); must return raw Snappy bytes. */
  snappyCompress?: (raw: Uint8Array) => Uint8Array;
}

/**
 * Writes an SSTable into memory exactly as TF's TableBuilder: keys must be added in strictly
 * increasing bytewise order.
 */
export class TableBuilder {
  private readonly out = new ByteSink(4096);
  private readonly blockSize: number;
  private readonly compression: Compression;
  private readonly snappyCompress?: (raw: Uint8Array) => Uint8Array;
  private readonly dataBlock: BlockBuilder;
  private readonly indexBlock = new BlockBuilder(1);
  private readonly restartInterval: number;
  private lastKey: Uint8Array = new Uint8Array(0);
  private numEntries = 0;
  private pendingIndexEntry = false;
  private pendingHandle = { offset: 0, size: 0 };
  private closed = false;

  constructor(options: TableBuilderOptions = {}) {
    this.blockSize = options.blockSize ?? DEFAULT_BLOCK_SIZE;
    this.restartInterval = options.blockRestartInterval ?? DEFAULT_RESTART_INTERVAL;
    this.compression = options.compression ?? Compression.None;
    this.snappyCompress = options.snappyCompress;
    this.dataBlock = new BlockBuilder(this.restartInterval);
  }

  get entries(): number { return this.numEntries; }

  add(key: Uint8Array, value: Uint8Array): void {
    if (this.closed) throw new Error('TableBuilder: add() after finish()');
    if (this.numEntries > 0) {
      if (compareBytes(key, this.lastKey) <= 0) {
        throw new InvalidArgumentError(null, null, `Table keys must be added in strictly increasing order: ${JSON.stringify(Buffer.from(key).toString('latin1'))}`);
      }
      // An entry of at least twice the block size starts a block of its own.
      if (key.length + value.length >= 2 * this.blockSize) this.flush();
    }
    if (this.pendingIndexEntry) {
      this.addIndexEntry(findShortestSeparator(this.lastKey, key));
    }
    this.lastKey = key.slice();
    this.numEntries++;
    this.dataBlock.add(this.lastKey, value);
    if (this.dataBlock.currentSizeEstimate() >= this.blockSize) this.flush();
  }

  private addIndexEntry(separator: Uint8Array): void {
    const handle = new ByteSink(MAX_ENCODED_HANDLE);
    handle.varint(this.pendingHandle.offset);
    handle.varint(this.pendingHandle.size);
    this.indexBlock.add(separator, handle.view().slice());
    this.pendingIndexEntry = false;
  }

  private flush(): void {
    if (this.dataBlock.empty) return;
    this.pendingHandle = this.writeBlock(this.dataBlock, this.compression);
    this.pendingIndexEntry = true;
  }

  private writeBlock(block: BlockBuilder, compression: Compression): { offset: number; size: number } {
    const raw = block.finish();
    let contents = raw;
    let type = Compression.None;
    if (compression === Compression.Snappy && this.snappyCompress) {
      const compressed = this.snappyCompress(raw);
      if (compressed.length < raw.length - Math.floor(raw.length / 8)) {
        contents = compressed;
        type = Compression.Snappy;
      }
    }
    block.reset();
    return this.writeRawBlock(contents, type);
  }

  private writeRawBlock(contents: Uint8Array, type: Compression): { offset: number; size: number } {
    const handle = { offset: this.out.length, size: contents.length };
    this.out.bytes(contents);
    let crc = crc32c(contents);
    crc = crc32c(Uint8Array.of(type), crc);
    this.out.byte(type);
    this.out.fixed32(mask(crc));
    return handle;
  }

  /** Writes the remaining blocks and the footer; returns the whole file. */
  finish(): Uint8Array {
    if (this.closed) throw new Error('TableBuilder: finish() called twice');
    this.flush();
    this.closed = true;
    const metaindex = this.writeBlock(new BlockBuilder(this.restartInterval), Compression.None);
    if (this.pendingIndexEntry) this.addIndexEntry(findShortSuccessor(this.lastKey));
    const index = this.writeBlock(this.indexBlock, Compression.None);
    const footer = new ByteSink(FOOTER_SIZE);
    footer.varint(metaindex.offset);
    footer.varint(metaindex.size);
    footer.varint(index.offset);
    footer.varint(index.size);
    while (footer.length < 2 * MAX_ENCODED_HANDLE) footer.byte(0);
    footer.fixed32(MAGIC_LO);
    footer.fixed32(MAGIC_HI);
    this.out.bytes(footer.view());
    return this.out.view().slice();
  }
}

// ---- reading ----------------------------------------------------------------------------------------

export interface TableEntry { key: Uint8Array; value: Uint8Array }

interface BlockHandle { offset: number; size: number }

/**
 * A parsed table: every entry, checked. Construction validates the whole file (footer, magic, every
 * block's checksum and type, block structure, key order, index separators) and throws
 * `DataLossError` naming `fileName` and the defect.
 */
export class Table {
  readonly entries: TableEntry[];

  private constructor(entries: TableEntry[]) { this.entries = entries; }

  /** Parses `bytes`, the whole content of `fileName`. */
  static parse(bytes: Uint8Array, fileName: string, formatError?: (defect: string) => string): Table {
    return new Table(new TableParser(bytes, fileName, formatError).parse());
  }

  /** Binary search for an exact key. */
  get(key: Uint8Array): Uint8Array | undefined {
    let lo = 0, hi = this.entries.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const c = compareBytes(this.entries[mid].key, key);
      if (c === 0) return this.entries[mid].value;
      if (c < 0) lo = mid + 1; else hi = mid - 1;
    }
    return undefined;
  }
}

/** Where the blocks of a table are and how they are built (for tests and tools). */
export interface TableLayout {
  metaindex: { offset: number; size: number; restarts: number; entries: number };
  index: { offset: number; size: number; restarts: number };
  dataBlocks: { offset: number; size: number; separator: Uint8Array; restarts: number; entries: number; compressed: boolean }[];
}

/** The block structure of a valid table (throws DataLossError like `Table.parse`). */
export function tableLayout(bytes: Uint8Array, fileName: string): TableLayout {
  return new TableParser(bytes, fileName).layout();
}

/** Largest uncompressed block a Snappy block may claim (corrupt lengths must not allocate gigabytes). */
const MAX_UNCOMPRESSED_BLOCK = 1 << 28;

class TableParser {
  constructor(
    private readonly bytes: Uint8Array,
    private readonly fileName: string,
    private readonly formatError?: (defect: string) => string,
  ) {}

  private fail(defect: string): never {
    throw new DataLossError(null, null, this.formatError ? this.formatError(defect) : `${defect}: ${this.fileName}`);
  }

  layout(): TableLayout {
    this.parse();
    const l = this.lastLayout!;
    return l;
  }

  private lastLayout?: TableLayout;

  parse(): TableEntry[] {
    const { bytes } = this;
    if (bytes.length < FOOTER_SIZE) this.fail('file is too short to be an sstable');
    const footerStart = bytes.length - FOOTER_SIZE;
    if (readFixed32(bytes, footerStart + 40) !== MAGIC_LO || readFixed32(bytes, footerStart + 44) !== MAGIC_HI) {
      this.fail('not an sstable (bad magic number)');
    }
    const footerEnd = footerStart + 2 * MAX_ENCODED_HANDLE;
    const meta = this.decodeHandle(bytes, footerStart, footerEnd);
    const index = this.decodeHandle(bytes, meta.next, footerEnd);

    const metaBlock = this.readBlock(meta.handle, 'metaindex block');
    const metaEntries = this.parseBlock(metaBlock, 'metaindex block');
    const indexBlock = this.readBlock(index.handle, 'index block');
    const indexEntries = this.parseBlock(indexBlock, 'index block');
    const layout: TableLayout = {
      metaindex: { ...meta.handle, restarts: restartCount(metaBlock), entries: metaEntries.length },
      index: { ...index.handle, restarts: restartCount(indexBlock) },
      dataBlocks: [],
    };

    const entries: TableEntry[] = [];
    let prevSeparator: Uint8Array | null = null;
    indexEntries.forEach((ie, n) => {
      const where = `data block ${n}`;
      const h = this.decodeHandle(ie.value, 0, ie.value.length);
      if (h.next !== ie.value.length) this.fail(`bad block handle in index block entry ${n}`);
      const block = this.readBlock(h.handle, where);
      const blockEntries = this.parseBlock(block, where);
      layout.dataBlocks.push({
        ...h.handle, separator: ie.key, restarts: restartCount(block), entries: blockEntries.length,
        compressed: this.bytes[h.handle.offset + h.handle.size] !== Compression.None,
      });
      if (blockEntries.length === 0) this.fail(`bad block contents: ${where} is empty`);
      for (const e of blockEntries) {
        if (entries.length > 0 && compareBytes(entries[entries.length - 1].key, e.key) >= 0) {
          this.fail(`keys out of order in ${where}`);
        }
        if (compareBytes(e.key, ie.key) > 0 || (prevSeparator !== null && compareBytes(e.key, prevSeparator) <= 0)) {
          this.fail(`key outside its index range in ${where}`);
        }
        entries.push(e);
      }
      prevSeparator = ie.key;
    });
    this.lastLayout = layout;
    return entries;
  }

  private decodeHandle(buf: Uint8Array, pos: number, limit: number): { handle: BlockHandle; next: number } {
    const o = decodeVarint(buf, pos, limit);
    const s = o && decodeVarint(buf, o[1], limit);
    if (!o || !s) this.fail('bad block handle');
    return { handle: { offset: o[0], size: s[0] }, next: s[1] };
  }

  private readBlock(h: BlockHandle, what: string): Uint8Array {
    const end = h.offset + h.size + BLOCK_TRAILER_SIZE;
    if (end > this.bytes.length - FOOTER_SIZE) {
      this.fail(`truncated block read (${what} at offset ${h.offset}, ${h.size} bytes)`);
    }
    const contents = this.bytes.subarray(h.offset, h.offset + h.size);
    const type = this.bytes[h.offset + h.size];
    const stored = readFixed32(this.bytes, h.offset + h.size + 1);
    const actual = crc32c(this.bytes.subarray(h.offset, h.offset + h.size + 1));
    if (unmask(stored) !== actual) this.fail(`block checksum mismatch (${what} at offset ${h.offset})`);
    if (type === Compression.None) return contents;
    if (type === Compression.Snappy) {
      try {
        const out = snappyUncompress(contents, MAX_UNCOMPRESSED_BLOCK);
        if (!(out instanceof Uint8Array)) throw new Error('no output');
        return out;
      } catch {
        this.fail(`corrupted compressed block contents (${what} at offset ${h.offset})`);
      }
    }
    return this.fail(`bad block type ${type} (${what} at offset ${h.offset})`);
  }

  /** Decodes every entry of a block, checking the restart array and prefix compression. */
  private parseBlock(block: Uint8Array, what: string): TableEntry[] {
    if (block.length < 4) this.fail(`bad block contents (${what} too short)`);
    const numRestarts = readFixed32(block, block.length - 4);
    const maxRestarts = Math.floor((block.length - 4) / 4);
    if (numRestarts < 1 || numRestarts > maxRestarts) this.fail(`bad block contents (${what} restart count)`);
    const restartsStart = block.length - 4 - 4 * numRestarts;
    const restarts: number[] = [];
    for (let i = 0; i < numRestarts; i++) restarts.push(readFixed32(block, restartsStart + 4 * i));
    if (restarts[0] !== 0) this.fail(`bad block contents (${what} first restart point)`);

    const entries: TableEntry[] = [];
    let pos = 0;
    let prev: Uint8Array = new Uint8Array(0);
    let nextRestart = 1;
    while (pos < restartsStart) {
      const atRestart = nextRestart < restarts.length && restarts[nextRestart] === pos;
      if (nextRestart < restarts.length && restarts[nextRestart] < pos) {
        this.fail(`bad entry in block (${what}: restart point ${restarts[nextRestart]} is not an entry)`);
      }
      const a = decodeVarint(block, pos, restartsStart, 5);
      const b = a && decodeVarint(block, a[1], restartsStart, 5);
      const c = b && decodeVarint(block, b[1], restartsStart, 5);
      if (!a || !b || !c) this.fail(`bad entry in block (${what} at ${pos})`);
      const shared = a[0], nonShared = b[0], valueLen = c[0];
      const keyStart = c[1];
      if (shared > prev.length || keyStart + nonShared + valueLen > restartsStart) {
        this.fail(`bad entry in block (${what} at ${pos})`);
      }
      if ((pos === 0 || atRestart) && shared !== 0) this.fail(`bad entry in block (${what}: restart entry at ${pos} shares a prefix)`);
      const key = new Uint8Array(shared + nonShared);
      key.set(prev.subarray(0, shared));
      key.set(block.subarray(keyStart, keyStart + nonShared), shared);
      const value = block.subarray(keyStart + nonShared, keyStart + nonShared + valueLen);
      if (entries.length > 0 && compareBytes(prev, key) >= 0) this.fail(`keys out of order in ${what}`);
      entries.push({ key, value });
      prev = key;
      if (atRestart) nextRestart++;
      pos = keyStart + nonShared + valueLen;
    }
    if (nextRestart !== restarts.length) this.fail(`bad block contents (${what} restart array)`);
    return entries;
  }
}
