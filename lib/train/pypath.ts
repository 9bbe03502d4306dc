/**
 * Python's posixpath functions, which TF's checkpoint code uses: they do not normalise paths the way
 * Node's `path` does, and the strings they build are returned to users.
 */
import * as path from 'path';

export function isabs(p: string): boolean { return p.startsWith('/'); }

/** `os.path.join(a, b)` */
export function join(a: string, ...rest: string[]): string {
  let out = a;
  for (const b of rest) {
    if (isabs(b) || out === '') out = b;
    else out = out.endsWith('/') ? out + b : `${out}/${b}`;
  }
  return out;
}

/** `os.path.dirname(p)`: `''` for a bare file name. */
export function dirname(p: string): string {
  const i = p.lastIndexOf('/') + 1;
  let head = p.slice(0, i);
  if (head && head !== '/'.repeat(head.length)) head = head.replace(/\/+$/, '');
  return head;
}

/** `os.path.basename(p)` */
export function basename(p: string): string { return p.slice(p.lastIndexOf('/') + 1); }

/** `os.path.relpath(p, start)` (both resolved against the working directory). */
export function relpath(p: string, start: string): string {
  if (!p) throw new Error('no path specified');
  const r = path.relative(path.resolve(start || '.'), path.resolve(p));
  return r === '' ? '.' : r;
}

/** Basename on either separator: for paths written on Windows (`C:\\dir\\model.ckpt`). */
export function anyBasename(p: string): string { return p.slice(Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\')) + 1); }
