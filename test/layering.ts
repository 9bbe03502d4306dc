/**
 * The import graph of the project's sources and the layering rules it must keep (see ARCHITECTURE.md):
 * `kernel → widgets → lib`, and inside lib one way, framework → ops → kernels → runtime → variables →
 * train (each folder imports only folders before it), with no import cycle anywhere.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/** Source file (repo-relative, `/`-separated) → the project files it imports (type-only imports included). */
export type ImportGraph = ReadonlyMap<string, readonly string[]>;

/** The top-level packages, lowest first: each may import only itself and those before it. */
export const PACKAGE_ORDER = ['lib', 'widgets', 'kernel'] as const;
/** lib's folders, lowest first (lib/proto holds the generated codecs and sits with framework). */
export const LIB_FOLDER_ORDER: readonly (readonly string[])[] = [
  ['framework', 'proto'], ['ops'], ['kernels'], ['runtime'], ['variables'], ['train'], ['summary', 'layers', 'metrics', 'platform', 'data', 'saved_model'], ['estimator'],
];

/** Reads every `.ts` file under `packages` of `root` and resolves its relative imports. */
export function buildImportGraph(root: string, packages: readonly string[] = PACKAGE_ORDER): ImportGraph {
  const graph = new Map<string, string[]>();
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(rel);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) graph.set(rel, importsOf(root, rel));
    }
  };
  for (const p of packages) walk(p);
  return graph;
}

function importsOf(root: string, file: string): string[] {
  const source = fs.readFileSync(path.join(root, file), 'utf8');
  const info = ts.preProcessFile(source, true, true);
  const targets: string[] = [];
  for (const ref of info.importedFiles) {
    if (!ref.fileName.startsWith('.')) continue;   // a package, not a project file
    const base = path.posix.normalize(path.posix.join(path.posix.dirname(file), ref.fileName));
    const resolved = [`${base}.ts`, `${base}/index.ts`, base].find((c) => fs.existsSync(path.join(root, c)) && fs.statSync(path.join(root, c)).isFile());
    if (!resolved) throw new Error(`${file} imports '${ref.fileName}', which is not a file of the project`);
    targets.push(resolved);
  }
  return targets;
}

/** The layer of a file: [package index, lib folder index] (lib/index.ts is above every lib folder). */
function layerOf(file: string): { pkg: number; libFolder: number } | string {
  const [pkg, folder, ...rest] = file.split('/');
  const p = (PACKAGE_ORDER as readonly string[]).indexOf(pkg);
  if (p < 0) return `${file} is in no package of the order ${PACKAGE_ORDER.join(' → ')}`;
  if (pkg !== 'lib') return { pkg: p, libFolder: 0 };
  if (rest.length === 0) return { pkg: p, libFolder: LIB_FOLDER_ORDER.length };
  const level = LIB_FOLDER_ORDER.findIndex((names) => names.includes(folder));
  if (level < 0) return `lib/${folder} is in no place of lib's folder order (add it to LIB_FOLDER_ORDER)`;
  return { pkg: p, libFolder: level };
}

/** Every import that goes up a layer (or leaves the known layers), as one readable line each. */
export function upwardImports(graph: ImportGraph): string[] {
  const problems: string[] = [];
  for (const [from, targets] of graph) {
    const a = layerOf(from);
    if (typeof a === 'string') { problems.push(a); continue; }
    for (const to of targets) {
      const b = layerOf(to);
      if (typeof b === 'string') problems.push(b);
      else if (b.pkg > a.pkg || (a.pkg === b.pkg && b.libFolder > a.libFolder && from.startsWith('lib/'))) {
        problems.push(`${from} imports ${to}, a layer above it`);
      }
    }
  }
  return [...new Set(problems)];
}

/** Every import cycle (one per strongly connected set of files), as `a → b → … → a`. */
export function importCycles(graph: ImportGraph): string[] {
  // Tarjan's strongly connected components; a component of two or more files, or a file importing itself, is a cycle.
  let counter = 0;
  const index = new Map<string, number>(), low = new Map<string, number>();
  const stack: string[] = [], onStack = new Set<string>();
  const cycles: string[] = [];
  const visit = (v: string): void => {
    index.set(v, counter); low.set(v, counter); counter++;
    stack.push(v); onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) { visit(w); low.set(v, Math.min(low.get(v)!, low.get(w)!)); }
      else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do { w = stack.pop()!; onStack.delete(w); component.push(w); } while (w !== v);
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(describeCycle(graph, new Set(component)));
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return cycles;
}

/** One concrete cycle through a strongly connected set, starting at its first file in sort order. */
function describeCycle(graph: ImportGraph, component: ReadonlySet<string>): string {
  const start = [...component].sort()[0];
  // Breadth-first search for the shortest way back to `start` inside the component.
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length) {
    const v = queue.shift()!;
    for (const w of graph.get(v) ?? []) {
      if (!component.has(w)) continue;
      if (w === start) {
        const pathBack = [v];
        while (pathBack[0] !== start) pathBack.unshift(previous.get(pathBack[0])!);
        return [...pathBack, start].join(' → ');
      }
      if (!previous.has(w)) { previous.set(w, v); queue.push(w); }
    }
  }
  return [...component].join(' → ');
}
