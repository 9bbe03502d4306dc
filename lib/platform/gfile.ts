/**
 * `tf.gfile` over the local file system, with TF's names and errors (NotFoundError, AlreadyExistsError,
 * FailedPreconditionError): Exists, IsDirectory, ListDirectory, MakeDirs, MkDir, Remove, DeleteRecursively,
 * Copy, Rename, Glob, Stat, Walk, and GFile/Open file objects.
 */
import { pythonClass, pythonFunction } from '../framework/python_signature';
import * as fs from 'fs';
import * as path from 'path';
import { matchingPaths } from '../framework/file_match';
import { AlreadyExistsError, FailedPreconditionError, NotFoundError, ValueError } from '../framework/errors';

function wrap<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new NotFoundError(null, null, `${what}; No such file or directory`);
    if (code === 'EEXIST') throw new AlreadyExistsError(null, null, `${what}; File exists`);
    if (code === 'ENOTDIR') throw new FailedPreconditionError(null, null, `${what}; Not a directory`);
    if (code === 'EISDIR') throw new FailedPreconditionError(null, null, `${what}; Is a directory`);
    if (code === 'ENOTEMPTY') throw new FailedPreconditionError(null, null, `${what}; Directory not empty`);
    throw e;
  }
}

export const Exists = pythonFunction('Exists', ['filename'], 1, function Exists(filename: string): boolean { return fs.existsSync(filename); });

export const IsDirectory = pythonFunction('IsDirectory', ['dirname'], 1, function IsDirectory(dirname: string): boolean {
  try { return fs.statSync(dirname).isDirectory(); } catch { return false; }
});

/** Entries of a directory (names only, sorted, no `.`/`..`). */
export const ListDirectory = pythonFunction('ListDirectory', ['dirname'], 1, function ListDirectory(dirname: string): string[] {
  if (!IsDirectory(dirname)) throw new NotFoundError(null, null, `Could not find directory ${dirname}`);
  return fs.readdirSync(dirname).sort();
});

/** Creates a directory and its parents; an existing directory is fine. */
export const MakeDirs = pythonFunction('MakeDirs', ['dirname'], 1, function MakeDirs(dirname: string): void { wrap(dirname, () => fs.mkdirSync(dirname, { recursive: true })); });

/** Creates one directory; the parent must exist and the directory must not. */
export const MkDir = pythonFunction('MkDir', ['dirname'], 1, function MkDir(dirname: string): void { wrap(dirname, () => fs.mkdirSync(dirname)); });

export const Remove = pythonFunction('Remove', ['filename'], 1, function Remove(filename: string): void { wrap(filename, () => fs.unlinkSync(filename)); });

export const DeleteRecursively = pythonFunction('DeleteRecursively', ['dirname'], 1, function DeleteRecursively(dirname: string): void {
  if (!fs.existsSync(dirname)) throw new NotFoundError(null, null, `${dirname}; No such file or directory`);
  fs.rmSync(dirname, { recursive: true, force: true });
});

export const Copy = pythonFunction('Copy', ['oldpath', 'newpath', 'overwrite=False'], 3, function Copy(oldpath: string, newpath: string, overwrite = false): void {
  if (!overwrite && fs.existsSync(newpath)) throw new AlreadyExistsError(null, null, `file already exists: ${newpath}`);
  wrap(oldpath, () => fs.copyFileSync(oldpath, newpath));
});

export const Rename = pythonFunction('Rename', ['oldname', 'newname', 'overwrite=False'], 3, function Rename(oldname: string, newname: string, overwrite = false): void {
  if (!overwrite && fs.existsSync(newname)) throw new AlreadyExistsError(null, null, `file already exists: ${newname}`);
  wrap(oldname, () => fs.renameSync(oldname, newname));
});

/** TF's FileStatistics: length in bytes, mtime in nanoseconds, whether a directory. */
export interface FileStatistics { length: number; mtime_nsec: number; is_directory: boolean }
export const Stat = pythonFunction('Stat', ['filename'], 1, function Stat(filename: string): FileStatistics {
  const s = wrap(filename, () => fs.statSync(filename, { bigint: true }));
  return { length: Number(s.size), mtime_nsec: Number(s.mtimeNs), is_directory: s.isDirectory() };
});

/** Paths matching a pattern of `*`, `?` and `[...]` in any component, sorted (relative patterns stay relative). */
export const Glob = pythonFunction('Glob', ['filename'], 1, function Glob(filename: string): string[] { return matchingPaths(filename); });

/** Top-down walk: `[dirname, subdirectories, files]` for each directory under `top` (TF's Walk). */
export const Walk = pythonFunction('Walk', ['top', 'in_order=True'], 2, function* Walk(top: string, in_order = true): Generator<[string, string[], string[]]> {
  if (!IsDirectory(top)) return;
  const entries = ListDirectory(top);
  const dirs = entries.filter((e) => IsDirectory(path.join(top, e)));
  const files = entries.filter((e) => !dirs.includes(e));
  if (in_order) yield [top, dirs, files];
  for (const d of dirs) yield* Walk(path.join(top, d), in_order);
  if (!in_order) yield [top, dirs, files];
});

export type FileMode = 'r' | 'rb' | 'w' | 'wb' | 'a' | 'ab';

/**
 * `tf.gfile.GFile(name, mode)` / `tf.gfile.Open`: reads the whole file or line by line, or writes
 * (buffered until flush/close). Binary modes read and write bytes.
 */
export class GFileImpl {
  private readonly binary: boolean;
  private readonly writing: boolean;
  private content: Buffer | null = null;
  private position = 0;
  private pending: Buffer[] = [];
  private closedFlag = false;

  constructor(readonly name: string, readonly mode: FileMode = 'r') {
    if (!['r', 'rb', 'w', 'wb', 'a', 'ab'].includes(mode)) throw new ValueError(`mode must be one of 'r', 'rb', 'w', 'wb', 'a', 'ab'; got '${mode}'`);
    this.binary = mode.endsWith('b');
    this.writing = !mode.startsWith('r');
    if (this.writing) {
      if (mode.startsWith('w')) wrap(name, () => fs.writeFileSync(name, ''));
      else if (!fs.existsSync(name)) wrap(name, () => fs.writeFileSync(name, ''));
    } else if (!fs.existsSync(name)) {
      throw new NotFoundError(null, null, `${name}; No such file or directory`);
    }
  }

  private data(): Buffer {
    if (this.writing) throw new FailedPreconditionError(null, null, "File isn't open for reading");
    return (this.content ??= wrap(this.name, () => fs.readFileSync(this.name)));
  }

  private out(b: Buffer): string | Uint8Array { return this.binary ? new Uint8Array(b) : b.toString('utf8'); }

  /** The next `n` bytes (all the rest by default). */
  read(n = -1): string | Uint8Array {
    const d = this.data();
    const end = n < 0 ? d.length : Math.min(d.length, this.position + n);
    const chunk = d.subarray(this.position, end);
    this.position = end;
    return this.out(chunk);
  }

  /** The next line with its `\n` ('' at the end). */
  readline(): string | Uint8Array {
    const d = this.data();
    if (this.position >= d.length) return this.out(Buffer.alloc(0));
    const nl = d.indexOf(10, this.position);
    const end = nl < 0 ? d.length : nl + 1;
    const line = d.subarray(this.position, end);
    this.position = end;
    return this.out(line);
  }

  readlines(): (string | Uint8Array)[] {
    const lines: (string | Uint8Array)[] = [];
    for (;;) {
      const l = this.readline();
      if (l.length === 0) return lines;
      lines.push(l);
    }
  }

  *[Symbol.iterator](): Generator<string | Uint8Array> { yield* this.readlines(); }

  write(contents: string | Uint8Array): void {
    if (!this.writing) throw new FailedPreconditionError(null, null, "File isn't open for writing");
    if (this.closedFlag) throw new FailedPreconditionError(null, null, `${this.name} is closed`);
    this.pending.push(typeof contents === 'string' ? Buffer.from(contents, 'utf8') : Buffer.from(contents));
  }

  seek(offset: number): void { this.position = offset; }
  tell(): number { return this.position; }
  size(): number { return Stat(this.name).length; }

  flush(): void {
    if (!this.writing || this.pending.length === 0) return;
    fs.appendFileSync(this.name, Buffer.concat(this.pending));
    this.pending = [];
  }

  close(): void {
    this.flush();
    this.closedFlag = true;
  }

  [Symbol.dispose](): void { this.close(); }
}

/** The file object, constructed with or without `new`. */
export const GFile = pythonClass('GFile', ['name', "mode='r'"], 2, GFileImpl);
export type GFile = GFileImpl;
/** Same as `GFile(name, mode)`. */
export const Open = pythonFunction('Open', ['name', "mode='r'"], 2, function Open(name: string, mode: FileMode = 'r'): GFile { return new GFileImpl(name, mode); });
/** TF's FastGFile: the same file object. */
export const FastGFile = pythonClass('FastGFile', ['name', "mode='r'"], 2, GFileImpl);
