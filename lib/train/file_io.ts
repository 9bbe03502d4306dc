/**
 * File writes that never leave a half-written file under the final name: the content goes to a
 * temporary file in the same directory, which is then renamed over the target (atomic on POSIX).
 */
import * as crypto from 'crypto';
import * as fs from 'fs';

/** `<file>.tempstate<random u64>`, the temporary name TF's bundle writer uses. */
export function tempPath(file: string): string {
  return `${file}.tempstate${crypto.randomBytes(8).readBigUInt64LE(0)}`;
}

/** Writes `data` to `file` through a temporary file and a rename. */
export function atomicWriteFile(file: string, data: Uint8Array | string, temp: string = tempPath(file)): void {
  try {
    fs.writeFileSync(temp, data);
    fs.renameSync(temp, file);
  } catch (e) {
    try { fs.unlinkSync(temp); } catch { /* not created */ }
    throw e;
  }
}

/** Python's `file_io.atomic_write_string_to_file`: temp name `<file>.tmp<uuid hex>`. */
export function atomicWriteString(file: string, contents: string): void {
  atomicWriteFile(file, contents, `${file}.tmp${crypto.randomUUID().replace(/-/g, '')}`);
}
