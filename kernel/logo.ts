import * as zlib from 'zlib';

/**
 * The kernelspec logo, drawn at install time so no binary lives in the repository:
 * a TypeScript-blue square with a white "graph" (three nodes and their edges).
 */
const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

function distanceToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** An RGBA PNG of size × size pixels. */
export function logoPng(size: number): Buffer {
  const nodes: [number, number][] = [[0.3, 0.28], [0.72, 0.5], [0.3, 0.74]];
  const edges: [number, number][] = [[0, 1], [1, 2], [0, 2]];
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x++) {
      const u = (x + 0.5) / size;
      const v = (y + 0.5) / size;
      const corner = 0.16;
      const inside = Math.hypot(Math.max(0, Math.abs(u - 0.5) - (0.5 - corner)), Math.max(0, Math.abs(v - 0.5) - (0.5 - corner))) <= corner;
      const onNode = nodes.some(([nx, ny]) => Math.hypot(u - nx, v - ny) < 0.11);
      const onEdge = edges.some(([a, b]) => distanceToSegment(u, v, nodes[a][0], nodes[a][1], nodes[b][0], nodes[b][1]) < 0.035);
      const [r, g, b, a] = !inside ? [0, 0, 0, 0] : onNode || onEdge ? [255, 255, 255, 255] : [49, 120, 198, 255];
      row.set([r, g, b, a], 1 + x * 4);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
