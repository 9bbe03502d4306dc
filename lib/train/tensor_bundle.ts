/**
 * TensorFlow's tensor bundle (the V2 checkpoint format): `<prefix>.index`, an SSTable mapping tensor
 * names to BundleEntryProto (key "" holds the BundleHeaderProto), and `<prefix>.data-00000-of-00001`,
 * the tensors' bytes back to back with a masked CRC32C each.
 */
import * as fs from 'fs';
import * as path from 'path';
import { DType, as_dtype } from '../framework/dtypes';
import {
  DataLossError, InvalidArgumentError, NotFoundError, PermissionDeniedError, UnimplementedError,
} from '../framework/errors';
import { NDArray, StringData } from '../framework/ndarray';
import { shapeString } from '../framework/tensor_shape';
import {
  BundleEndianness, BundleEntryProto, BundleEntryProtoCodec, BundleHeaderProto, BundleHeaderProtoCodec, RawMessage, toNumber,
} from '../proto';
import { crc32c, mask, unmask } from '../framework/crc32c';
import { ByteSink, Table, TableBuilder, compareBytes, decodeVarint } from './table';
import { bytesToTensor, isFixedSize, tensorToBytes } from '../framework/tensor_bytes';
import { shapeToProto } from '../framework/tensor_proto';
import { atomicWriteFile, tempPath } from './file_io';
import { TensorSlice, assembleSlice, encodeTensorNameSlice } from './tensor_slice';

/** kTensorBundleVersion / kTensorBundleMinProducer / kTensorBundleMinConsumer. */
export const TENSOR_BUNDLE_VERSION = 1;
const TENSOR_BUNDLE_MIN_PRODUCER = 0;

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder();

function pad5(n: number): string { return String(n).padStart(5, '0'); }

/** `<prefix>.index` */
export function metaFilename(prefix: string): string { return `${prefix}.index`; }
/** `<prefix>.data-%05d-of-%05d` */
export function dataFilename(prefix: string, shard: number, numShards: number): string {
  return `${prefix}.data-${pad5(shard)}-of-${pad5(numShards)}`;
}

// ---- writer -----------------------------------------------------------------------------------------

/** Pending writes are gathered (without copying) up to this many bytes, then written with one writev. */
const WRITE_BATCH = 1 << 20;
/** At most this many buffers per writev (below the usual IOV_MAX of 1024). */
const MAX_IOV = 512;

/**
 * Writes a bundle. Tensors go to a temporary data file as they are added (in add order); `finish()`
 * renames it into place and then writes the index (sorted keys) through a temporary file and a rename,
 * as TF's BundleWriter does. Until `finish()` returns, files of an earlier bundle with the same prefix
 * are untouched.
 */
export class BundleWriter {
  readonly prefix: string;
  /** Entries by key (slice keys, which are not text, as latin1), with the key's bytes. */
  private readonly entries = new Map<string, { key: Uint8Array; entry: BundleEntryProto }>();
  private readonly dataPath: string;
  private readonly tmpDataPath: string;
  private fd: number | null;
  private offset = 0;
  /** Views of bytes not written yet (tensor memory is immutable while the save runs). */
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private done = false;

  constructor(prefix: string) {
    this.prefix = prefix;
    // Like TF's BundleWriter: the prefix's folder is created if its parent exists (one level only).
    try { fs.mkdirSync(path.dirname(prefix)); } catch { /* exists, or its parent does not: open fails below */ }
    this.dataPath = dataFilename(prefix, 0, 1);
    this.tmpDataPath = tempPath(this.dataPath);
    try {
      this.fd = fs.openSync(this.tmpDataPath, 'w');
    } catch (e) {
      throw fileError(e, this.tmpDataPath);
    }
  }

  /** Appends one tensor under `key` (the Saver's name for it). */
  add(key: string, tensor: NDArray): void {
    if (key === '') throw new InvalidArgumentError(null, null, 'The empty string is reserved for the bundle header and cannot be a tensor key');
    this.addUnder(key, utf8.encode(key), tensor);
  }

  /**
   * Appends one slice of the tensor `fullKey` of shape `fullShape` (TF's AddSlice): a slice covering
   * all of it is stored as the tensor itself; others go under their ordered-code slice key, and the
   * full key's entry lists the slices.
   */
  addSlice(fullKey: string, fullShape: readonly number[], slice: TensorSlice, tensor: NDArray): void {
    if (slice.coversAll(fullShape)) { this.add(fullKey, tensor); return; }
    if (fullKey === '') throw new InvalidArgumentError(null, null, 'The empty string is reserved for the bundle header and cannot be a tensor key');
    const dtype = tensor.dtype.base_dtype;
    let full = this.entries.get(fullKey)?.entry;
    if (full && (full.slices ?? []).length === 0) throw new InvalidArgumentError(null, null, `Adding duplicate key: ${fullKey}`);
    if (full && (full.dtype !== dtype.as_datatype_enum || shapeString(fromShapeProto(full)) !== shapeString(fullShape))) {
      throw new InvalidArgumentError(null, null, `Slices of ${fullKey} disagree on its dtype or full shape`);
    }
    if (!full) {
      full = { dtype: dtype.as_datatype_enum, shape: shapeToProto(fullShape), slices: [] };
      this.entries.set(fullKey, { key: utf8.encode(fullKey), entry: full });
    }
    full.slices!.push(slice.toProto());
    const sliceKey = encodeTensorNameSlice(fullKey, slice);
    this.addUnder(Buffer.from(sliceKey).toString('latin1'), sliceKey, tensor);
  }

  private addUnder(key: string, keyBytes: Uint8Array, tensor: NDArray): void {
    if (this.done) throw new Error('BundleWriter: add() after finish()');
    if (this.entries.has(key)) throw new InvalidArgumentError(null, null, `Adding duplicate key: ${key}`);
    const dtype = tensor.dtype.base_dtype;
    // Canonical proto3 form (zero scalars left out), so the index encodes without a normalising copy.
    const entry: BundleEntryProto = { dtype: dtype.as_datatype_enum, shape: shapeToProto(tensor.shape) };
    if (this.offset !== 0) entry.offset = this.offset;
    let size: number, crc: number;
    if (dtype.storage === 'string') {
      [size, crc] = this.writeStrings(tensor.data as StringData);
    } else if (isFixedSize(dtype)) {
      const bytes = tensorToBytes(tensor);
      crc = crc32c(bytes);
      this.write(bytes);
      size = bytes.length;
    } else {
      throw new UnimplementedError(null, null, `Saving tensors of dtype ${dtype.name} is not supported (key ${key})`);
    }
    if (size !== 0) entry.size = size;
    entry.crc32c = mask(crc);
    this.offset += size;
    this.entries.set(key, { key: keyBytes, entry });
  }

  /** [varint64 lengths][masked crc of lengths][bytes], checksummed as TF does. */
  private writeStrings(strings: StringData): [number, number] {
    const header = new ByteSink(16 + strings.length * 2);
    let crc = 0;
    const word = new Uint8Array(8);
    const dv = new DataView(word.buffer);
    for (const s of strings) {
      header.varint(s.length);
      if (s.length <= 0xffffffff) {
        dv.setUint32(0, s.length, true);
        crc = crc32c(word.subarray(0, 4), crc);
      } else {
        dv.setUint32(0, s.length % 4294967296, true);
        dv.setUint32(4, Math.floor(s.length / 4294967296), true);
        crc = crc32c(word, crc);
      }
    }
    const lengthsCrc = new Uint8Array(4);
    new DataView(lengthsCrc.buffer).setUint32(0, mask(crc), true);
    header.bytes(lengthsCrc);
    crc = crc32c(lengthsCrc, crc);
    let size = header.length;
    this.write(header.view().slice());
    for (const s of strings) {
      crc = crc32c(s, crc);
      this.write(s);
      size += s.length;
    }
    return [size, crc];
  }

  private write(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    if (this.pendingBytes >= WRITE_BATCH || this.pending.length >= MAX_IOV) this.flushPending();
  }

  private flushPending(): void {
    if (this.pending.length === 0) return;
    writeAllv(this.fd!, this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
  }

  /**
   * Finishes the data file and writes the index; both land under their final names. Both are complete
   * in temporary files before the two renames (data, then index), so overwriting an existing bundle of
   * the same prefix leaves it mixed only if the process dies between those two renames.
   */
  finish(): void {
    if (this.done) throw new Error('BundleWriter: finish() called twice');
    this.done = true;
    const indexPath = metaFilename(this.prefix);
    const tmpIndexPath = tempPath(indexPath);
    try {
      this.flushPending();
      fs.closeSync(this.fd!);
      this.fd = null;
      fs.writeFileSync(tmpIndexPath, buildIndexCanonical(this.entries));
      fs.renameSync(this.tmpDataPath, this.dataPath);
      fs.renameSync(tmpIndexPath, indexPath);
    } catch (e) {
      this.abort();
      try { fs.unlinkSync(tmpIndexPath); } catch { /* not created */ }
      throw e;
    }
  }

  /** Drops the temporary data file (after an error). */
  abort(): void {
    this.done = true;
    if (this.fd !== null) { try { fs.closeSync(this.fd); } catch { /* already closed */ } this.fd = null; }
    try { fs.unlinkSync(this.tmpDataPath); } catch { /* not there */ }
  }
}

/** Writes all of `chunks` (`total` bytes) at the file position, continuing after partial writes. */
function fromShapeProto(e: BundleEntryProto): number[] { return (e.shape?.dim ?? []).map((d) => d.size ?? 0); }

function writeAllv(fd: number, chunks: Uint8Array[], total: number): void {
  let written = fs.writevSync(fd, chunks);
  if (written === total) return;
  // A partial write: finish chunk by chunk.
  for (const c of chunks) {
    if (written >= c.length) { written -= c.length; continue; }
    let done = written;
    written = 0;
    while (done < c.length) done += fs.writeSync(fd, c, done, c.length - done);
  }
}

/** The header every bundle written here carries: one shard, little-endian, version 1. */
const HEADER_BYTES = Uint8Array.of(0x08, 0x01, 0x1a, 0x02, 0x08, 0x01);

/**
 * The NotFoundError of a name a checkpoint does not hold (TF's text), told apart from other NotFoundErrors
 * (a missing kernel, a missing file) so a failed restore blames the checkpoint only when a key is missing.
 */
export class CheckpointKeyNotFoundError extends NotFoundError {}

/** The `.index` file for these entries: header under "", then the entries in bytewise key order. */
export function buildIndex(entries: Map<string, BundleEntryProto>): Uint8Array {
  const header: BundleHeaderProto = {
    num_shards: 1, endianness: BundleEndianness.LITTLE, version: { producer: TENSOR_BUNDLE_VERSION },
  };
  const keyed = [...entries].map(([k, e]) => ({ key: utf8.encode(k), entry: e }));
  keyed.sort((a, b) => compareBytes(a.key, b.key));
  const table = new TableBuilder();
  table.add(new Uint8Array(0), BundleHeaderProtoCodec.encode(header));
  for (const { key, entry } of keyed) table.add(key, BundleEntryProtoCodec.encode(entry));
  return table.finish();
}

/**
 * TF's MergeV2Checkpoints: the bundles at `sources` (each saved by one shard) become one bundle at `dest`,
 * their data files renamed to `dest.data-<i>-of-<n>` and their indexes merged into `dest.index`, each entry's
 * shard_id shifted past the shards before it. With `deleteOldDirs`, the sources' folders are removed when empty.
 */
export function mergeBundles(sources: readonly string[], dest: string, deleteOldDirs: boolean): void {
  const parsed = sources.map((prefix) => {
    const file = metaFilename(prefix);
    let bytes: Uint8Array;
    try { bytes = fs.readFileSync(file); } catch (e) { throw fileError(e, file); }
    const table = Table.parse(bytes, file);
    const header = BundleHeaderProtoCodec.decode(table.entries[0]?.value ?? new Uint8Array(0));
    return { prefix, table, numShards: header.num_shards ?? 1 };
  });
  const total = parsed.reduce((n, p) => n + p.numShards, 0);
  const merged: { key: Uint8Array; value: Uint8Array }[] = [];
  const seen = new Set<string>();
  let firstShard = 0;
  for (const p of parsed) {
    for (const { key, value } of p.table.entries.slice(1)) {
      const id = Buffer.from(key).toString('latin1');
      if (seen.has(id)) throw new InvalidArgumentError(null, null, `Duplicate tensor key ${Buffer.from(key).toString()} when merging ${sources.join(', ')}`);
      seen.add(id);
      const entry = BundleEntryProtoCodec.decode(value);
      merged.push({ key, value: BundleEntryProtoCodec.encode({ ...entry, shard_id: (entry.shard_id ?? 0) + firstShard }) });
    }
    for (let s = 0; s < p.numShards; s++) {
      fs.renameSync(dataFilename(p.prefix, s, p.numShards), dataFilename(dest, firstShard + s, total));
    }
    firstShard += p.numShards;
  }
  merged.sort((a, b) => compareBytes(a.key, b.key));
  const table = new TableBuilder();
  table.add(new Uint8Array(0), BundleHeaderProtoCodec.encode({ num_shards: total, endianness: BundleEndianness.LITTLE, version: { producer: TENSOR_BUNDLE_VERSION } }));
  for (const { key, value } of merged) table.add(key, value);
  atomicWriteFile(metaFilename(dest), table.finish());
  for (const p of parsed) {
    fs.rmSync(metaFilename(p.prefix), { force: true });
    if (deleteOldDirs) { try { fs.rmdirSync(path.dirname(p.prefix)); } catch { /* not empty, or shared */ } }
  }
}

/** `buildIndex` for entries already in canonical proto3 form (what BundleWriter makes). */
function buildIndexCanonical(entries: Map<string, { key: Uint8Array; entry: BundleEntryProto }>): Uint8Array {
  const keyed = [...entries.values()];
  keyed.sort((a, b) => compareBytes(a.key, b.key));
  const table = new TableBuilder();
  table.add(new Uint8Array(0), HEADER_BYTES);
  for (const { key, entry } of keyed) table.add(key, BundleEntryProtoCodec.encodeCanonical(entry));
  return table.finish();
}

// ---- reader -----------------------------------------------------------------------------------------

/** A checked index entry. */
export interface BundleEntry {
  readonly key: string;
  readonly dtype: DType;
  readonly shape: number[];
  readonly shardId: number;
  readonly offset: number;
  readonly size: number;
  /** Masked CRC32C as stored. */
  readonly crc32c: number;
  /** Number of slices (non-zero for a partitioned variable's full-name entry). */
  readonly numSlices: number;
  /** The stored slices of a partitioned variable's full-name entry (empty otherwise). */
  readonly slices: readonly TensorSlice[];
}

const VALID_DTYPES = new Set(Array.from({ length: 23 }, (_, i) => i + 1));

/** What a `.index` file says, parsed and validated: shared by every reader of identical index bytes. */
interface ParsedIndex {
  readonly header: BundleHeaderProto;
  readonly byKey: Map<string, BundleEntry>;
  /** Entries of stored slices, by their ordered-code key as latin1. */
  readonly bySliceKey: Map<string, BundleEntry>;
  readonly keys: string[];
  readonly bigEndian: boolean;
  readonly numShards: number;
}

/**
 * Recently parsed indexes by file name, with the exact bytes they were parsed from. A reader still
 * reads the file every time and reuses the parse only when the bytes are identical, so a rewritten,
 * truncated or damaged index is always parsed (and rejected) afresh; what the cache saves is the
 * block checksums and the decoding of every entry, which dominate restoring many small variables.
 * Small and bounded: least recently used entries go first.
 */
const INDEX_CACHE_ENTRIES = 8;
/** Indexes larger than this are not kept (the copy held for comparison would cost too much memory). */
const INDEX_CACHE_MAX_BYTES = 8 << 20;
const indexCache = new Map<string, { bytes: Uint8Array; parsed: ParsedIndex }>();

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.length).equals(b);
}

function parsedIndex(file: string, bytes: Uint8Array): ParsedIndex {
  const hit = indexCache.get(file);
  if (hit && sameBytes(hit.bytes, bytes)) {
    indexCache.delete(file);
    indexCache.set(file, hit);
    return hit.parsed;
  }
  if (hit) indexCache.delete(file);
  const parsed = parseIndex(file, bytes);
  if (bytes.length <= INDEX_CACHE_MAX_BYTES) {
    indexCache.set(file, { bytes, parsed });
    if (indexCache.size > INDEX_CACHE_ENTRIES) indexCache.delete(indexCache.keys().next().value as string);
  }
  return parsed;
}

/** Parses and validates a whole index (every block checksum, the header's version, every entry). */
function parseIndex(indexFile: string, bytes: Uint8Array): ParsedIndex {
  const table = Table.parse(bytes, indexFile);
  const first = table.entries[0];
  if (!first || first.key.length !== 0) {
    throw new DataLossError(null, null, `Cannot locate the bundle header entry: ${indexFile}`);
  }
  let header: BundleHeaderProto;
  try {
    header = BundleHeaderProtoCodec.decode(first.value);
  } catch {
    throw new DataLossError(null, null, `Unable to parse the BundleHeaderProto: ${indexFile}`);
  }
  checkVersions(header, indexFile);
  const numShards = header.num_shards ?? 0;
  if (numShards < 1) throw new DataLossError(null, null, `Invalid num_shards ${numShards} in the bundle header: ${indexFile}`);
  const endianness = header.endianness ?? 0;
  if (endianness !== BundleEndianness.LITTLE && endianness !== BundleEndianness.BIG) {
    throw new DataLossError(null, null, `Invalid endianness ${endianness} in the bundle header: ${indexFile}`);
  }
  const byKey = new Map<string, BundleEntry>();
  const bySliceKey = new Map<string, BundleEntry>();
  const keys: string[] = [];
  for (let i = 1; i < table.entries.length; i++) {
    const { key: rawKey, value } = table.entries[i];
    // Keys of partitioned-variable slices are ordered-code encoded and start with a 0 byte.
    if (rawKey[0] === 0) {
      const sliceKey = Buffer.from(rawKey).toString('latin1');
      bySliceKey.set(sliceKey, parseEntry(indexFile, numShards, JSON.stringify(sliceKey), value));
      continue;
    }
    const key = utf8Decoder.decode(rawKey);
    byKey.set(key, parseEntry(indexFile, numShards, key, value));
    keys.push(key);
  }
  return { header, byKey, bySliceKey, keys, bigEndian: endianness === BundleEndianness.BIG, numShards };
}

function parseEntry(indexFile: string, numShards: number, key: string, value: Uint8Array): BundleEntry {
  const bad = (what: string) => new DataLossError(null, null, `Entry for key ${key} not parseable: ${what}: ${indexFile}`);
  let p: RawMessage;
  try {
    p = BundleEntryProtoCodec.decodeRaw(value);
  } catch {
    throw bad('malformed BundleEntryProto');
  }
  const dtypeEnum = toNumber(p.dtype ?? 0);
  if (!VALID_DTYPES.has(dtypeEnum)) throw bad(`invalid dtype ${dtypeEnum}`);
  const shapeMsg = p.shape as RawMessage | null;
  if (shapeMsg?.unknown_rank) throw bad('shape of unknown rank');
  const dims = (shapeMsg?.dim ?? []) as RawMessage[];
  const shape = dims.map((d) => toNumber(d.size ?? 0));
  if (shape.some((d) => !Number.isSafeInteger(d) || d < 0)) throw bad(`invalid shape [${shape}]`);
  const shardId = toNumber(p.shard_id ?? 0), offset = toNumber(p.offset ?? 0), size = toNumber(p.size ?? 0);
  const slices = ((p.slices ?? []) as RawMessage[]).map((sl) => TensorSlice.fromProto({
    extent: ((sl.extent ?? []) as RawMessage[]).map((e) => ({
      start: toNumber(e.start ?? 0), length: e.length === undefined || e.length === null ? undefined : toNumber(e.length),
    })),
  }));
  const numSlices = slices.length;
  if (slices.some((sl) => sl.dims !== shape.length)) throw bad(`a slice of another rank than shape [${shape}]`);
  if (numSlices === 0) {
    if (shardId < 0 || shardId >= numShards) throw bad(`shard_id ${shardId} not below num_shards ${numShards}`);
    if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(size) || size < 0) {
      throw bad(`invalid offset ${offset} or size ${size}`);
    }
  }
  return { key, dtype: as_dtype(dtypeEnum), shape, shardId, offset, size, crc32c: toNumber(p.crc32c ?? 0) >>> 0, numSlices, slices };
}

/**
 * Reads a bundle. The constructor reads and validates the whole index (every block checksum, the
 * header's version, every entry); tensor data is read on demand and checked against its CRC.
 * Entries (and `keys`) may be shared with other readers of the same index bytes: treat them as read-only.
 */
export class BundleReader {
  readonly prefix: string;
  readonly indexFile: string;
  readonly header: BundleHeaderProto;
  private readonly byKey: Map<string, BundleEntry>;
  private readonly bySliceKey: Map<string, BundleEntry>;
  /** Keys in bytewise order (tensor names; partition slice keys excluded). */
  readonly keys: readonly string[];
  private readonly bigEndian: boolean;
  private readonly numShards: number;

  constructor(prefix: string) {
    this.prefix = prefix;
    this.indexFile = metaFilename(prefix);
    let bytes: Uint8Array;
    try {
      bytes = fs.readFileSync(this.indexFile);
    } catch (e) {
      throw fileError(e, this.indexFile);
    }
    const parsed = parsedIndex(this.indexFile, bytes);
    this.header = parsed.header;
    this.byKey = parsed.byKey;
    this.bySliceKey = parsed.bySliceKey;
    this.keys = parsed.keys;
    this.bigEndian = parsed.bigEndian;
    this.numShards = parsed.numShards;
  }

  has(key: string): boolean { return this.byKey.has(key); }

  /** The entry for `key`, or CheckpointKeyNotFoundError `Key <key> not found in checkpoint`. */
  entry(key: string): BundleEntry {
    const e = this.byKey.get(key);
    if (!e) throw new CheckpointKeyNotFoundError(null, null, `Key ${key} not found in checkpoint`);
    return e;
  }

  /** Reads, checks and decodes one tensor. */
  lookup(key: string): NDArray { return this.lookupMany([key])[0]; }

  /**
   * Reads, checks and decodes several tensors with one open file per shard, reading neighbouring small
   * tensors in one go. A partitioned variable's full name reads as the whole tensor, assembled from its
   * slices. Any bad entry fails the whole call.
   */
  lookupMany(keys: readonly string[]): NDArray[] {
    const out: NDArray[] = new Array(keys.length);
    const plain: number[] = [];
    keys.forEach((k, i) => {
      const e = this.entry(k);
      if (e.numSlices > 0) out[i] = this.lookupSlice(k, TensorSlice.full(e.shape.length));
      else plain.push(i);
    });
    const values = this.readEntries(plain.map((i) => this.readableEntry(keys[i])));
    plain.forEach((i, j) => { out[i] = values[j]; });
    return out;
  }

  /**
   * The values of `slice` of the tensor `key` (TF's LookupSlice), copied from whichever stored slices
   * meet it: a tensor saved whole reads as its one full slice, so any layout restores into any other.
   */
  lookupSlice(key: string, slice: TensorSlice): NDArray {
    const e = this.entry(key);
    const stored = e.numSlices > 0 ? e.slices : [TensorSlice.full(e.shape.length)];
    return assembleSlice(key, e.dtype, e.shape, slice, stored, (indices) => this.readEntries(indices.map((i) =>
      (e.numSlices === 0 ? this.readableEntry(key) : this.sliceEntry(key, stored[i])))), this.indexFile);
  }

  /** The stored slice `slice` of `key`, checked to be readable. */
  private sliceEntry(key: string, slice: TensorSlice): BundleEntry {
    const sliceKey = Buffer.from(encodeTensorNameSlice(key, slice)).toString('latin1');
    const e = this.bySliceKey.get(sliceKey);
    if (!e) throw new DataLossError(null, null, `The entry of slice ${slice} of ${key} is missing: ${this.indexFile}`);
    return this.checkedEntry(key, e);
  }

  /** Reads and decodes the given entries, neighbouring small tensors in one read. */
  private readEntries(entries: readonly BundleEntry[]): NDArray[] {
    const out: NDArray[] = new Array(entries.length);
    if (entries.length === 0) return out;
    const files = new DataFiles(this.prefix, this.numShards);
    try {
      const order = entries.map((_, i) => i).sort((a, b) => entries[a].shardId - entries[b].shardId || entries[a].offset - entries[b].offset);
      const raw: Uint8Array[] = new Array(entries.length);
      for (let k = 0; k < order.length;) {
        // A run of small tensors stored back to back is read at once, then split.
        let j = k + 1, end = entries[order[k]].offset + entries[order[k]].size;
        while (j < order.length && entries[order[k]].size < SMALL_TENSOR) {
          const e = entries[order[j]];
          if (e.shardId !== entries[order[k]].shardId || e.offset !== end || e.size >= SMALL_TENSOR || end + e.size - entries[order[k]].offset > READ_SPAN) break;
          end += e.size;
          j++;
        }
        if (j === k + 1) {
          raw[order[k]] = files.read(entries[order[k]], entries[order[k]].offset, entries[order[k]].size);
        } else {
          const first = entries[order[k]];
          for (let m = k; m < j; m++) files.checkRange(entries[order[m]]);
          const span = files.read(first, first.offset, end - first.offset);
          for (let m = k; m < j; m++) {
            const e = entries[order[m]];
            // Views of one buffer (bytesToTensor copies a view that is not aligned for its dtype).
            raw[order[m]] = span.subarray(e.offset - first.offset, e.offset - first.offset + e.size);
          }
        }
        k = j;
      }
      entries.forEach((e, i) => { out[i] = this.decode(e, raw[i]); });
    } finally {
      files.close();
    }
    return out;
  }

  /** The entry for `key`, checked to be readable here (not partitioned, consistent size). */
  private readableEntry(key: string): BundleEntry { return this.checkedEntry(key, this.entry(key)); }

  /** `e` (the entry of `key` or of one of its slices), checked to hold values of a consistent size. */
  private checkedEntry(key: string, e: BundleEntry): BundleEntry {
    if (e.numSlices > 0) throw new DataLossError(null, null, `The entry of ${key} lists slices where values were expected: ${this.indexFile}`);
    const n = e.shape.reduce((a, b) => a * b, 1);
    if (!Number.isSafeInteger(n)) throw new DataLossError(null, null, `Invalid shape in bundle entry: key ${key}: ${this.indexFile}`);
    if (isFixedSize(e.dtype)) {
      const expected = n * e.dtype.size;
      if (e.size !== expected) {
        throw new DataLossError(null, null, `Invalid size in bundle entry: key ${key}; stored size ${e.size}; expected size ${expected} (${this.indexFile})`);
      }
    } else if (e.dtype.storage === 'string') {
      if (n > e.size) {
        throw new DataLossError(null, null, `TensorBundle at ${this.prefix} shard ${e.shardId}: string tensor ${key} is corrupt: ${n} elements cannot fit in ${e.size} bytes`);
      }
    } else {
      throw new UnimplementedError(null, null, `Reading tensors of dtype ${e.dtype.name} is not supported (key ${key})`);
    }
    return e;
  }

  /** Checks the bytes of one entry against its CRC and decodes them. */
  private decode(e: BundleEntry, bytes: Uint8Array): NDArray {
    if (e.dtype.storage === 'string') return this.decodeStrings(e, e.shape.reduce((a, b) => a * b, 1), bytes);
    this.checkCrc(e, crc32c(bytes));
    return bytesToTensor(e.dtype, e.shape, bytes, this.bigEndian);
  }

  private checkCrc(e: BundleEntry, actual: number): void {
    const stored = unmask(e.crc32c);
    if (stored !== actual) {
      throw new DataLossError(null, null,
        `TensorBundle at ${this.prefix} shard ${e.shardId} (${e.size} bytes): Checksum does not match: stored ${String(stored).padStart(8, '0')} vs. calculated on the restored bytes ${actual}`);
    }
  }

  private decodeStrings(e: BundleEntry, n: number, bytes: Uint8Array): NDArray {
    const bad = (what: string) => new DataLossError(null, null,
      `TensorBundle at ${this.prefix} shard ${e.shardId}: string tensor ${e.key} is corrupt: ${what}`);
    const lengths: number[] = new Array(n);
    let pos = 0, crc = 0;
    const word = new Uint8Array(8);
    const dv = new DataView(word.buffer);
    let total = 0;
    for (let i = 0; i < n; i++) {
      const r = decodeVarint(bytes, pos, bytes.length, 10);
      if (!r) throw bad('bad length varint');
      const len = r[0];
      pos = r[1];
      lengths[i] = len;
      total += len;
      if (len <= 0xffffffff) { dv.setUint32(0, len, true); crc = crc32c(word.subarray(0, 4), crc); } else {
        dv.setUint32(0, len % 4294967296, true);
        dv.setUint32(4, Math.floor(len / 4294967296), true);
        crc = crc32c(word, crc);
      }
    }
    if (pos + 4 > bytes.length) throw bad('truncated length checksum');
    const storedLengthCrc = new DataView(bytes.buffer, bytes.byteOffset + pos, 4).getUint32(0, true);
    if (unmask(storedLengthCrc) !== crc) {
      throw new DataLossError(null, null,
        `The length checksum does not match: expected ${String(unmask(storedLengthCrc)).padStart(8, '0')} but actual is ${String(crc).padStart(8, '0')} (key ${e.key} in ${this.prefix})`);
    }
    crc = crc32c(bytes.subarray(pos, pos + 4), crc);
    pos += 4;
    if (pos + total !== bytes.length) throw bad(`string bytes (${total}) do not match the entry size ${e.size}`);
    crc = crc32c(bytes.subarray(pos), crc);
    this.checkCrc(e, crc);
    const out: StringData = new Array(n);
    for (let i = 0; i < n; i++) { out[i] = bytes.slice(pos, pos + lengths[i]); pos += lengths[i]; }
    return new NDArray(as_dtype('string'), e.shape, out);
  }

  /** One line per entry, `<key> (<DT_NAME>) <shape>\n`, partitioned full-name entries skipped. */
  debugString(): string {
    let s = '';
    for (const key of this.keys) {
      const e = this.byKey.get(key)!;
      if (e.numSlices > 0) continue;
      s += `${key} (${e.dtype.enum_name}) ${shapeString(e.shape)}\n`;
    }
    return s;
  }
}

/** Tensors below this size are read together with their neighbours. */
const SMALL_TENSOR = 1 << 16;
/** Largest span of small tensors read at once. */
const READ_SPAN = 1 << 22;

/** The open data files of one read: one descriptor and size per shard. */
class DataFiles {
  private readonly open = new Map<number, { fd: number; size: number; file: string }>();

  constructor(private readonly prefix: string, private readonly numShards: number) {}

  private shard(id: number): { fd: number; size: number; file: string } {
    let f = this.open.get(id);
    if (!f) {
      const file = dataFilename(this.prefix, id, this.numShards);
      let fd: number;
      try {
        fd = fs.openSync(file, 'r');
      } catch (err) {
        throw fileError(err, file);
      }
      f = { fd, size: fs.fstatSync(fd).size, file };
      this.open.set(id, f);
    }
    return f;
  }

  /** DataLossError when the entry's bytes lie beyond the end of its data file. */
  checkRange(e: BundleEntry): void {
    const f = this.shard(e.shardId);
    if (e.offset + e.size > f.size) {
      throw new DataLossError(null, null,
        `Data file is truncated: key ${e.key} needs bytes ${e.offset}..${e.offset + e.size} but ${f.file} has ${f.size} bytes`);
    }
  }

  /** Exactly `size` bytes at `offset` of `e`'s shard, in a fresh buffer (after checking `e`'s range). */
  read(e: BundleEntry, offset: number, size: number): Uint8Array {
    this.checkRange(e);
    const f = this.shard(e.shardId);
    if (offset + size > f.size) throw new DataLossError(null, null, `Data file is truncated: ${f.file} has ${f.size} bytes`);
    const out = new Uint8Array(size);
    let done = 0;
    while (done < size) {
      const r = fs.readSync(f.fd, out, done, size - done, offset + done);
      if (r <= 0) throw new DataLossError(null, null, `Unexpected end of file reading key ${e.key}: ${f.file}`);
      done += r;
    }
    return out;
  }

  close(): void {
    for (const f of this.open.values()) { try { fs.closeSync(f.fd); } catch { /* already closed */ } }
    this.open.clear();
  }
}

/** TF's VersionDef check for bundles (current version 1, min producer 0). */
function checkVersions(header: BundleHeaderProto, file: string): void {
  const v = header.version ?? {};
  const producer = v.producer ?? 0, minConsumer = v.min_consumer ?? 0;
  if (producer < TENSOR_BUNDLE_MIN_PRODUCER) {
    throw new InvalidArgumentError(null, null, `Checkpoint producer version ${producer} below min producer ${TENSOR_BUNDLE_MIN_PRODUCER} supported by scopeflow.  Please regenerate your checkpoint. (${file})`);
  }
  if (minConsumer > TENSOR_BUNDLE_VERSION) {
    throw new InvalidArgumentError(null, null, `Checkpoint min consumer version ${minConsumer} above current version ${TENSOR_BUNDLE_VERSION} for scopeflow.  Please upgrade scopeflow. (${file})`);
  }
  if ((v.bad_consumers ?? []).includes(TENSOR_BUNDLE_VERSION)) {
    throw new InvalidArgumentError(null, null, `Checkpoint disallows consumer version ${TENSOR_BUNDLE_VERSION}.  Please upgrade scopeflow: this version is likely buggy. (${file})`);
  }
}

/** Maps a Node fs error to TF's error class and text. */
export function fileError(e: unknown, file: string): Error {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return new NotFoundError(null, null, `${file}; No such file or directory`);
  if (code === 'EISDIR') return new InvalidArgumentError(null, null, `${file}; Is a directory`);
  if (code === 'EACCES' || code === 'EPERM') return new PermissionDeniedError(null, null, `${file}; Permission denied`);
  return e instanceof Error ? e : new Error(String(e));
}
