/**
 * An event-file reader independent of scopeflow's: TFRecord framing and CRC32C checked by hand, and a
 * hand-written protobuf wire decoder for the Event/Summary fields the tests look at.
 */
import * as fs from 'fs';
import { crc32c } from '@node-rs/crc32';

function maskedCrc(data: Uint8Array): number {
  const c = crc32c(data) >>> 0;
  return ((((c >>> 15) | (c << 17)) >>> 0) + 0xa282ead8) >>> 0;
}

/** Each record's payload; throws on a bad length or data CRC. */
export function readRecords(file: string): Buffer[] {
  const buf = fs.readFileSync(file);
  const out: Buffer[] = [];
  let off = 0;
  while (off < buf.length) {
    const len = Number(buf.readBigUInt64LE(off));
    if (buf.readUInt32LE(off + 8) !== maskedCrc(buf.subarray(off, off + 8))) throw new Error(`bad length crc at ${off}`);
    const data = buf.subarray(off + 12, off + 12 + len);
    if (buf.readUInt32LE(off + 12 + len) !== maskedCrc(data)) throw new Error(`bad data crc at ${off}`);
    out.push(data);
    off += 16 + len;
  }
  return out;
}

export type WireValue = number | bigint | Buffer;
/** field number → values in order (varints as numbers, fixed64 as doubles, fixed32 as floats, length-delimited as bytes). */
export type Fields = Map<number, WireValue[]>;

export function decodeFields(buf: Buffer): Fields {
  const fields: Fields = new Map();
  let off = 0;
  const varint = (): bigint => {
    let result = 0n, shift = 0n;
    for (;;) {
      const b = buf[off++];
      result |= BigInt(b & 0x7f) << shift;
      if (!(b & 0x80)) return result;
      shift += 7n;
    }
  };
  while (off < buf.length) {
    const key = Number(varint());
    const field = key >>> 3, wire = key & 7;
    let v: WireValue;
    if (wire === 0) v = Number(varint());
    else if (wire === 1) { v = buf.readDoubleLE(off); off += 8; }
    else if (wire === 5) { v = buf.readFloatLE(off); off += 4; }
    else if (wire === 2) { const n = Number(varint()); v = buf.subarray(off, off + n); off += n; }
    else throw new Error(`unsupported wire type ${wire}`);
    if (!fields.has(field)) fields.set(field, []);
    fields.get(field)!.push(v);
  }
  return fields;
}

export interface IndependentEvent {
  wall_time: number;
  step: number;
  file_version?: string;
  graph_def?: Buffer;
  /** Summary values: tag, simple_value (if set), and which oneof field holds the value. */
  values: { tag: string; simple_value?: number; kind: number }[];
}

/** Event: 1 wall_time (double), 2 step, 3 file_version, 4 graph_def, 5 summary (1 value: 1 tag, 2 simple_value ...). */
export function readEvents(file: string): IndependentEvent[] {
  return readRecords(file).map((rec) => {
    const f = decodeFields(rec);
    const summary = f.get(5)?.[0] as Buffer | undefined;
    const values = summary ? (decodeFields(summary).get(1) ?? []).map((vb) => {
      const vf = decodeFields(vb as Buffer);
      const kind = [2, 4, 5, 6, 8].find((k) => vf.has(k)) ?? 0;
      return { tag: (vf.get(1)?.[0] as Buffer | undefined)?.toString('utf8') ?? '', simple_value: vf.get(2)?.[0] as number | undefined, kind };
    }) : [];
    return {
      wall_time: f.get(1)?.[0] as number,
      step: (f.get(2)?.[0] as number | undefined) ?? 0,
      file_version: (f.get(3)?.[0] as Buffer | undefined)?.toString('utf8'),
      graph_def: f.get(4)?.[0] as Buffer | undefined,
      values,
    };
  });
}
