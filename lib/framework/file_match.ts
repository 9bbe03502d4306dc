/**
 * File name patterns as TF's GetMatchingPaths reads them: `*`, `?` and `[...]` within one path component,
 * in any component. Here, below ops and kernels, for the MatchingFiles kernel and for `tf.gfile.Glob`.
 */
import * as fs from 'fs';

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end < 0) { re += '\\['; continue; }
      const body = glob.slice(i + 1, end);
      re += `[${body.startsWith('!') ? `^${body.slice(1)}` : body}]`;
      i = end;
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function isDirectory(p: string): boolean {
  try { return fs.statSync(p).isDirectory(); } catch { return false; }
}

/** The existing paths matching `pattern`, sorted (relative patterns give relative paths). */
export function matchingPaths(pattern: string): string[] {
  const absolute = pattern.startsWith('/');
  let matches = [absolute ? '/' : ''];
  for (const part of pattern.split('/').filter((p) => p !== '')) {
    const next: string[] = [];
    for (const base of matches) {
      const join = (e: string) => (base === '' ? e : base === '/' ? `/${e}` : `${base}/${e}`);
      if (!/[*?[]/.test(part)) {
        if (fs.existsSync(join(part))) next.push(join(part));
      } else if (isDirectory(base || '.')) {
        const re = globToRegExp(part);
        for (const e of fs.readdirSync(base || '.')) if (re.test(e)) next.push(join(e));
      }
    }
    matches = next;
  }
  return matches.filter((m) => m !== '' && m !== '/').sort();
}
