/**
 * TFRecord files (`tf.python_io`, tf.data and the TFRecordReader kernel, hence down here): each record is framed as
 * `uint64 length | uint32 masked_crc32c(length) | data | uint32 masked_crc32c(data)`, little-endian,
 * as TensorFlow's RecordWriter writes them. Event files are TFRecord files of `Event` protos.
 * Compression: NONE, and GZIP / ZLIB over the whole file, as TF's TFRecordOptions.
 */
import * as fs from 'fs';
import * as zlib from 'zlib';
import { crc32c, mask } from './crc32c';
import { DataLossError, NotFoundError, ValueError } from './errors';

export type CompressionType = 'NONE' | 'GZIP' | 'ZLIB' | '';
/** `tf.python_io.TFRecordCompressionType` (TF's enum values). */
export const TFRecordCompressionType = { NONE: 0, ZLIB: 1, GZIP: 2 } as const;

export interface TFRecordOptionsInit { compression_type?: CompressionType | number | null }

/** `tf.python_io.TFRecordOptions(compression_type)`. */
export class TFRecordOptions {
  readonly compression_type: 'NONE' | 'GZIP' | 'ZLIB';
  constructor(compression_type: CompressionType | number | null | TFRecordOptionsInit = null) {
    const c = typeof compression_type === 'object' && compression_type !== null ? compression_type.compression_type ?? null : compression_type;
    this.compression_type = compressionName(c);
  }
  /** TF's `TFRecordOptions.get_compression_type_string(options)`: '' for none. */
  static get_compression_type_string(options: TFRecordOptions | CompressionType | number | null | undefined): string {
    if (options === null || options === undefined) return '';
    const name = options instanceof TFRecordOptions ? options.compression_type : compressionName(options);
    return name === 'NONE' ? '' : name;
  }
}

/** The compression a TFRecordOptions value, a name or TF's enum number stands for. */
export function compressionName(c: CompressionType | number | null | undefined): 'NONE' | 'GZIP' | 'ZLIB' {
  if (c === null || c === undefined || c === '' || c === 'NONE' || c === TFRecordCompressionType.NONE) return 'NONE';
  if (c === 'GZIP' || c === TFRecordCompressionType.GZIP) return 'GZIP';
  if (c === 'ZLIB' || c === TFRecordCompressionType.ZLIB) return 'ZLIB';
  throw new ValueError(`Unsupported compression type: ${String(c)} (expected '', 'NONE', 'GZIP' or 'ZLIB')`);
}

/** The framed bytes of one record. */
export function frameRecord(data: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(16 + data.length);
  out.writeBigUInt64LE(BigInt(data.length), 0);
  out.writeUInt32LE(mask(crc32c(out.subarray(0, 8))), 8);
  out.set(data, 12);
  out.writeUInt32LE(mask(crc32c(data)), 12 + data.length);
  return out;
}

/**
 * The record whose frame starts at `offset` of framed bytes and the offset after it; null at the end. A
 * truncated or corrupted record raises DataLossError naming the offset, as TF's RecordReader.
 */
export function recordAt(bytes: Uint8Array, offset: number, path: string): { data: Uint8Array; next: number } | null {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (offset >= view.length) return null;
  if (view.length - offset < 12) throw new DataLossError(null, null, `truncated record at ${offset} in ${path}`);
  const lengthBytes = view.subarray(offset, offset + 8);
  if (view.readUInt32LE(offset + 8) !== mask(crc32c(lengthBytes))) {
    throw new DataLossError(null, null, `corrupted record at ${offset} in ${path}`);
  }
  const length = Number(view.readBigUInt64LE(offset));
  const start = offset + 12;
  if (view.length - start < length + 4) throw new DataLossError(null, null, `truncated record at ${offset} in ${path}`);
  const data = view.subarray(start, start + length);
  if (view.readUInt32LE(start + length) !== mask(crc32c(data))) {
    throw new DataLossError(null, null, `corrupted record at ${offset} in ${path}`);
  }
  return { data: new Uint8Array(data), next: start + length + 4 };
}

/** Each record of framed bytes with the byte offset of its frame (the good ones before a bad one first). */
export function* framedRecords(bytes: Uint8Array, path: string): Generator<{ offset: number; data: Uint8Array }> {
  for (let offset = 0, r = recordAt(bytes, 0, path); r !== null; offset = r.next, r = recordAt(bytes, offset, path)) {
    yield { offset, data: r.data };
  }
}

/** The records of framed bytes, in order (see framedRecords). */
export function* parseRecords(bytes: Uint8Array, path: string): Generator<Uint8Array> {
  for (const r of framedRecords(bytes, path)) yield r.data;
}

/** A file's bytes; a missing file is TF's NotFoundError. */
export function readFileOrNotFound(path: string): Buffer {
  try {
    return fs.readFileSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new NotFoundError(null, null, `${path}; No such file or directory`);
    throw e;
  }
}

/** A whole-file GZIP or ZLIB stream inflated (NONE: the bytes themselves); a bad stream is DataLossError. */
export function decompress(bytes: Buffer, compression: 'NONE' | 'GZIP' | 'ZLIB', path: string): Buffer {
  if (compression === 'NONE') return bytes;
  try {
    return compression === 'GZIP' ? zlib.gunzipSync(bytes) : zlib.inflateSync(bytes);
  } catch (e) {
    throw new DataLossError(null, null, `${path}: not a valid ${compression} stream (${(e as Error).message})`);
  }
}

/**
 * `tf.python_io.tf_record_iterator(path, options)`: the records of a TFRecord file, in order.
 * @example for (const r of tf.python_io.tf_record_iterator('data.tfrecord')) console.log(r.length);
 */
export function* tf_record_iterator(path: string, options: TFRecordOptions | CompressionType | null = null): Generator<Uint8Array> {
  const compression = options instanceof TFRecordOptions ? options.compression_type : compressionName(options);
  yield* parseRecords(decompress(readFileOrNotFound(path), compression, path), path);
}

/**
 * `tf.python_io.TFRecordWriter(path, options)`: appends framed records. Uncompressed files are written
 * through on `flush()` (and on every write past the buffer size), so a crash never loses a flushed
 * record; compressed files are one stream, written whole on `close()`.
 */
export class TFRecordWriter {
  private fd: number | null;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private readonly compression: 'NONE' | 'GZIP' | 'ZLIB';
  /** Bytes kept in memory before they are written out without an explicit flush. */
  private static readonly BUFFER_BYTES = 256 * 1024;

  constructor(readonly path: string, options: TFRecordOptions | CompressionType | null = null) {
    this.compression = options instanceof TFRecordOptions ? options.compression_type : compressionName(options);
    try {
      this.fd = fs.openSync(path, 'w');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new NotFoundError(null, null, `${path}; No such file or directory`);
      throw e;
    }
  }

  /** Adds one record (bytes, or a string as UTF-8). */
  write(record: Uint8Array | string): void {
    if (this.fd === null) throw new ValueError(`TFRecordWriter for ${this.path} is closed`);
    const framed = frameRecord(typeof record === 'string' ? Buffer.from(record, 'utf8') : record);
    this.pending.push(framed);
    this.pendingBytes += framed.length;
    if (this.compression === 'NONE' && this.pendingBytes >= TFRecordWriter.BUFFER_BYTES) this.writeOut(false);
  }

  /** Writes buffered records to the file and syncs it to disk (compressed files: on close only). */
  flush(): void {
    if (this.fd === null) throw new ValueError(`TFRecordWriter for ${this.path} is closed`);
    if (this.compression === 'NONE') this.writeOut(true);
  }

  close(): void {
    if (this.fd === null) return;
    if (this.compression === 'NONE') this.writeOut(true);
    else {
      const all = Buffer.concat(this.pending);
      fs.writeSync(this.fd, this.compression === 'GZIP' ? zlib.gzipSync(all) : zlib.deflateSync(all));
      this.pending = [];
    }
    fs.closeSync(this.fd);
    this.fd = null;
  }

  get closed(): boolean { return this.fd === null; }

  [Symbol.dispose](): void { this.close(); }

  private writeOut(sync: boolean): void {
    if (this.fd === null) return;
    if (this.pending.length) {
      const data = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending);
      let written = 0;
      while (written < data.length) written += fs.writeSync(this.fd, data, written);
      this.pending = [];
      this.pendingBytes = 0;
    }
    if (sync) fs.fsyncSync(this.fd);
  }
}
