/**
 * The ONE place that touches tslab's internals (tslab is pinned to an exact version in package.json,
 * because these modules are not its public API). It exposes tslab's incremental TypeScript cell
 * compiler (type checking against earlier cells' declarations, completion, quick info,
 * completeness check) through plain types, and adds source maps from emitted JavaScript back to
 * the cell's TypeScript so runtime errors can name the cell line.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vm from 'vm';
import Module = require('module');

export interface CellDiagnostic {
  /** Zero-based line and character in the cell source. */
  line: number;
  character: number;
  endLine: number;
  endCharacter: number;
  message: string;
  code: number;
  /** Set when the diagnostic is in another file the cell imports. */
  fileName?: string;
}

/** Maps a 1-based line / 1-based column of the emitted JavaScript to a 1-based position in the cell. */
export type PositionMapper = (line: number, column: number) => { line: number; column: number } | undefined;

export interface CompiledCell {
  diagnostics: CellDiagnostic[];
  /** CommonJS code using `exports` for cell-level bindings and `require`. Absent when there are diagnostics. */
  javascript?: string;
  /** Declarations of everything defined so far; becomes the next cell's context. */
  declarations?: string;
  /** The exported name holding the last expression's value, when the cell ends in an expression. */
  lastExpressionName?: string;
  hasTopLevelAwait: boolean;
  /** JavaScript of local .ts/.js files the cell imports, by absolute path. */
  sideOutputs: { path: string; javascript: string }[];
  mapPosition: PositionMapper;
}

export interface CompletionCandidates {
  start: number;
  end: number;
  candidates: string[];
}

export interface QuickInfoText {
  start: number;
  length: number;
  /** e.g. `function tf.add(x: Tensor, y: Tensor): Tensor` */
  signature: string;
  documentation: string;
  tags: { name: string; text: string }[];
}

export interface CellCompiler {
  compile(previousDeclarations: string, source: string): CompiledCell;
  complete(previousDeclarations: string, source: string, position: number): CompletionCandidates;
  quickInfo(previousDeclarations: string, source: string, position: number): QuickInfoText | undefined;
  /**
   * Parser-only check: 'incomplete' (with the indent for the next line) when more input could finish
   * the cell (open brackets, an unterminated template literal or comment), 'invalid' when no
   * continuation can fix it, else 'complete'.
   */
  isComplete(source: string): { status: 'complete' } | { status: 'incomplete'; indent: string } | { status: 'invalid' };
  /**
   * Saves V8's compiled code of the TypeScript compiler for the next kernel start (see
   * loadCompilerModule); call it once the compiler has done real work, so the functions it ran are in it.
   */
  saveCodeCache(): void;
  close(): void;
}

/** The few fields of a TypeScript AST node the shorthand expansion reads. */
interface TsAstNode { kind: number; end: number; name?: { escapedText?: string; end: number } }
interface TsDisplayPart { text: string }
interface TsQuickInfo {
  textSpan: { start: number; length: number };
  displayParts?: TsDisplayPart[];
  documentation?: TsDisplayPart[];
  tags?: { name: string; text?: TsDisplayPart[] }[];
}
interface TsliteTranspileOutput { outputText: string; sourceMapText?: string }
interface TslabConvertResult {
  output?: string;
  declOutput?: string;
  diagnostics: { start: { line: number; character: number }; end: { line: number; character: number }; messageText: string; code: number; fileName?: string }[];
  lastExpressionVar?: string;
  hasToplevelAwait?: boolean;
  sideOutputs?: { path: string; data: string }[];
}
interface TslabConverter {
  convert(prevDecl: string, src: string): TslabConvertResult;
  inspect(prevDecl: string, src: string, position: number): TsQuickInfo | undefined;
  complete(prevDecl: string, src: string, position: number): CompletionCandidates;
  close(): void;
}
interface TslabConverterModule {
  createConverter(): TslabConverter;
  isCompleteCode(src: string): { completed: boolean; indent?: string };
}
type CompilerOptions = Record<string, unknown>;
type TranspileModule = (input: string, options: { compilerOptions?: CompilerOptions; fileName?: string }) => TsliteTranspileOutput;

const TSLAB_DIR = path.dirname(require.resolve('tslab/package.json'));

/**
 * A raw source map decoded into per-line segments [generatedColumn, sourceLine, sourceColumn] (0-based).
 */
type DecodedMap = number[][][];

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_VALUE = new Map([...BASE64].map((c, i) => [c, i]));

function decodeMappings(mappings: string): DecodedMap {
  const lines: DecodedMap = [];
  let sourceLine = 0;
  let sourceColumn = 0;
  let sourceIndex = 0;
  for (const lineText of mappings.split(';')) {
    const segments: number[][] = [];
    let generatedColumn = 0;
    for (const segmentText of lineText.split(',')) {
      if (segmentText === '') continue;
      const fields: number[] = [];
      let value = 0;
      let shift = 0;
      for (const char of segmentText) {
        const digit = BASE64_VALUE.get(char) ?? 0;
        value += (digit & 31) << shift;
        if (digit & 32) {
          shift += 5;
        } else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      generatedColumn += fields[0] ?? 0;
      if (fields.length >= 4) {
        sourceIndex += fields[1];
        sourceLine += fields[2];
        sourceColumn += fields[3];
        segments.push([generatedColumn, sourceLine, sourceColumn]);
      }
    }
    lines.push(segments);
  }
  void sourceIndex;
  return lines;
}

/** 0-based lookup: the last segment at or before the column on that line (or the line's first). */
function lookup(map: DecodedMap, line: number, column: number): { line: number; column: number } | undefined {
  const segments = map[line];
  if (!segments || segments.length === 0) return undefined;
  let best = segments[0];
  for (const segment of segments) {
    if (segment[0] <= column) best = segment;
    else break;
  }
  return { line: best[1], column: best[0] <= column ? best[2] + (column - best[0]) : best[2] };
}

function parseMapJson(text: string | undefined): DecodedMap | undefined {
  if (!text) return undefined;
  try {
    const json = JSON.parse(text) as { mappings?: unknown };
    return typeof json.mappings === 'string' ? decodeMappings(json.mappings) : undefined;
  } catch {
    return undefined;
  }
}

const INLINE_MAP = /\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/m;
const ANY_MAP_COMMENT = /^\/\/# sourceMappingURL=.*$/gm;

/** Lines the converter prepends to every cell (`export {};\n`) before handing it to TypeScript. */
const CELL_PREFIX_LINES = 1;

/**
 * Reads a UTF-8 JavaScript file into a string of one byte per character. V8 keeps a script's source for
 * as long as its functions live, in one byte per character while every character is Latin-1 and in two
 * otherwise: TypeScript's 8 MB compiler has five characters beyond ASCII (’ and → in comments), which
 * would double its source to 16 MiB held by every kernel. Each non-ASCII character is written as its
 * `\uXXXX` escape, which means the same in a comment, a string, a template, a regular expression or an
 * identifier; the file is rewritten as bytes, so no two-byte copy of it is ever made.
 */
export function readAsciiSource(file: string): string {
  const bytes = fs.readFileSync(file);
  const chunks: Buffer[] = [];
  let copied = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] < 0x80) continue;
    let end = i + 1;
    while (end < bytes.length && bytes[end] >= 0x80) end++;
    // A run of bytes from 0x80 up is whole UTF-8 sequences: each UTF-16 unit of it becomes an escape.
    const text = bytes.toString('utf8', i, end);
    let escaped = '';
    for (let unit = 0; unit < text.length; unit++) escaped += `\\u${text.charCodeAt(unit).toString(16).padStart(4, '0')}`;
    chunks.push(bytes.subarray(copied, i), Buffer.from(escaped, 'latin1'));
    copied = end;
    i = end - 1;
  }
  if (copied === 0) return bytes.toString('latin1');
  chunks.push(bytes.subarray(copied));
  return Buffer.concat(chunks).toString('latin1');
}

/**
 * Loads the TypeScript compiler module (10 MB of JavaScript) with V8's code cache: compiling it and
 * then lazily compiling the functions a first type check runs take about 0.4 s of every kernel start,
 * which the cache saved by an earlier kernel skips (the same thing Node 22's module.enableCompileCache
 * does). The cache lives in the user's cache folder ($XDG_CACHE_HOME or ~/.cache, under scopeflow/),
 * keyed by the compiler file, Node and V8 versions; V8 checks it again and ignores a cache that does
 * not fit (then a fresh one is written).
 */
function loadCompilerModule(modulePath: string): { exports: Record<string, unknown>; saveCache(): void } {
  const cache = require.cache as Record<string, NodeModule | undefined>;
  const loaded = cache[modulePath];
  if (loaded) return { exports: loaded.exports as Record<string, unknown>, saveCache: () => undefined };
  const source = readAsciiSource(modulePath);
  const stat = fs.statSync(modulePath);
  const key = crypto.createHash('sha1')
    .update(`${modulePath}\0${stat.size}\0${stat.mtimeMs}\0${source.length}\0${process.version}\0${process.versions.v8}\0${process.arch}`)
    .digest('hex').slice(0, 16);
  // The user's own cache folder, never a shared one: a code cache is code that this process runs.
  const cacheDir = process.env.XDG_CACHE_HOME ? path.join(process.env.XDG_CACHE_HOME, 'scopeflow') : path.join(os.homedir(), '.cache', 'scopeflow');
  const cacheFile = path.join(cacheDir, `typescript-code-cache-${key}.bin`);
  let cachedData: Buffer | undefined;
  try { cachedData = fs.readFileSync(cacheFile); } catch { /* no cache yet */ }
  const script = new vm.Script(Module.wrap(source), { filename: modulePath, cachedData });
  const mod = new Module(modulePath);
  mod.filename = modulePath;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(modulePath));
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: NodeModule, filename: string, dirname: string) => void;
  wrapper.call(mod.exports, mod.exports, Module.createRequire(modulePath), mod, modulePath, path.dirname(modulePath));
  mod.loaded = true;
  cache[modulePath] = mod;
  const needsSave = cachedData === undefined || script.cachedDataRejected === true;
  let saved = !needsSave;
  return {
    exports: mod.exports as Record<string, unknown>,
    saveCache: () => {
      if (saved) return;
      saved = true;
      try {
        fs.mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
        const temp = `${cacheFile}.${process.pid}.tmp`;
        fs.writeFileSync(temp, script.createCachedData());
        fs.renameSync(temp, cacheFile);
      } catch { /* a read-only cache folder only costs the next start its 0.4 s */ }
    },
  };
}

/**
 * Node's declarations (@types/node, 2.2 MB of .d.ts) are the largest part of the compiler's memory, about
 * 35 MiB held by every kernel. Most cells only use Node's globals (console, timers, process, Buffer,
 * require), so a kernel starts with the files declaring those and loads all of Node's declarations
 * (createCellCompiler's default) on the first cell whose errors could read otherwise with all of them
 * (nodeTypesCouldChange: a Node module import, a name a left-out Node file declares; a cell's type error
 * or typo among its own and tf's names keeps the smaller compiler, about 60 MiB less) and on the first
 * inspection or completion (but of a tf or widgets member: completesPreludeMember).
 */
const NODE_GLOBAL_FILES = /(^|\/)(compatibility\/index|globals|module|globals\.typedarray|buffer\.buffer|buffer|console|process|timers|web-globals\/(abortcontroller|domexception|events))\.d\.ts$/;

/** Node's declaration files that `types: ['node']` would reach (its index's references), or undefined. */
function nodeDeclarationFiles(realTs: Record<string, unknown>, options: CompilerOptions, containingFile: string): string[] | undefined {
  const resolve = realTs.resolveTypeReferenceDirective as (name: string, containing: string, options: CompilerOptions, host: { fileExists(p: string): boolean; readFile(p: string): string | undefined; directoryExists(p: string): boolean }) =>
    { resolvedTypeReferenceDirective?: { resolvedFileName?: string } };
  const host = { fileExists: (p: string) => fs.existsSync(p), readFile: (p: string) => fs.readFileSync(p, 'utf8'), directoryExists: (p: string) => fs.existsSync(p) };
  const index = resolve('node', containingFile, options, host).resolvedTypeReferenceDirective?.resolvedFileName;
  if (!index) return undefined;
  return [...fs.readFileSync(index, 'utf8').matchAll(/^\/\/\/\s*<reference\s+path="([^"]+)"/gm)].map((m) => path.resolve(path.dirname(index), m[1]));
}

const isNodeGlobalFile = (file: string): boolean => NODE_GLOBAL_FILES.test(file.replace(/\\/g, '/'));

/**
 * Words in diagnostics' types that name TypeScript's own types and operators (and the printer's
 * `... 7 more ...`), which no Node declaration changes.
 */
const TYPESCRIPT_WORDS = new Set(['string', 'number', 'boolean', 'bigint', 'symbol', 'object', 'any', 'unknown', 'never', 'void',
  'undefined', 'null', 'true', 'false', 'this', 'typeof', 'keyof', 'readonly', 'unique', 'infer', 'extends', 'new', 'import',
  'asserts', 'is', 'in', 'of', 'as', 'const', 'more']);

/**
 * TypeScript's errors that look a name up: a variable, a module or its export, a namespace's member, a
 * property (each may be declared in a Node file the reduced set leaves out).
 */
const NAME_LOOKUP_ERRORS = new Set([2304, 2305, 2306, 2307, 2339, 2503, 2551, 2552, 2580, 2591, 2592, 2614, 2694, 2724, 7016]);

/**
 * Whether all of Node's declarations could change these diagnostics: some name they quote (a variable,
 * module, property or type looked up, a type's name) appears in one of the Node files the reduced set leaves out. Otherwise (a type
 * error among tf's or the cell's own types, a name no Node file declares, a syntax error) the reduced set's
 * diagnostics are the ones the full set gives, and a kernel keeps its smaller compiler.
 */
export function nodeTypesCouldChange(diagnostics: readonly CellDiagnostic[], leftOutFiles: readonly string[] | undefined): boolean {
  if (!leftOutFiles) return true;
  const words = new Set<string>();
  for (const d of diagnostics) {
    // Outside the lookups of a name, the quoted words that could be Node's are its types' names
    // (capitalized); the rest are parameters' and properties' names of the cell's or tf's types.
    const lookup = NAME_LOOKUP_ERRORS.has(d.code);
    // String literals in a type (a module's path in `typeof import("/…/lib/index")`, the argument names of
    // a tf function's call forms) name no declaration.
    for (const quoted of d.message.replace(/"[^"]*"/g, '').matchAll(/'([^']*)'/g)) {
      for (const word of quoted[1].matchAll(/[A-Za-z_$][\w$]*/g)) {
        if (!TYPESCRIPT_WORDS.has(word[0]) && (lookup || /^[A-Z]/.test(word[0]))) words.add(word[0]);
      }
    }
  }
  if (words.size === 0) return false;
  const declared = (text: string, word: string): boolean => new RegExp(`(?<![\\w$])${word.replace(/\$/g, '\\$')}(?![\\w$])`).test(text);
  return leftOutFiles.some((file) => {
    let text: string;
    // Declarations only: the words of the documentation comments declare nothing.
    try { text = fs.readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, ''); } catch { return true; }
    return [...words].some((word) => declared(text, word));
  });
}

/**
 * Whether the text before a completion's position ends in a member of tf or widgets (`tf.train.Gra`):
 * their members' names are the same whatever Node declarations are loaded, so such a completion (the
 * commonest in a TF notebook) needs no switch to all of them.
 */
export function completesPreludeMember(textBefore: string): boolean {
  return /(?:^|[^\w$.])(?:tf|widgets)(?:\s*\.\s*[A-Za-z_$][\w$]*)*\s*\.\s*[\w$]*$/.test(textBefore);
}

/** A cell compiler that starts with Node's globals only and switches to all of Node's declarations when needed. */
export function createLightCellCompiler(): CellCompiler & { readonly allNodeTypes: boolean } {
  let leftOut: string[] | undefined;
  let compiler = createCellCompiler({ nodeTypes: 'globals', onNodeFiles: (files) => { leftOut = files.filter((f) => !isNodeGlobalFile(f)); } });
  let allNodeTypes = false;
  const full = (): CellCompiler => {
    if (!allNodeTypes) {
      compiler.close();
      compiler = createCellCompiler();
      allNodeTypes = true;
    }
    return compiler;
  };
  return {
    get allNodeTypes() { return allNodeTypes; },
    compile: (previousDeclarations, source) => {
      const compiled = compiler.compile(previousDeclarations, source);
      return compiled.diagnostics.length === 0 || allNodeTypes || !nodeTypesCouldChange(compiled.diagnostics, leftOut)
        ? compiled : full().compile(previousDeclarations, source);
    },
    complete: (previousDeclarations, source, position) =>
      (completesPreludeMember(source.slice(0, position)) ? compiler : full()).complete(previousDeclarations, source, position),
    quickInfo: (previousDeclarations, source, position) => full().quickInfo(previousDeclarations, source, position),
    isComplete: (source) => compiler.isComplete(source),
    saveCodeCache: () => compiler.saveCodeCache(),
    close: () => compiler.close(),
  };
}

export function createCellCompiler(options: { nodeTypes?: 'globals' | 'all'; onNodeFiles?: (files: readonly string[]) => void } = {}): CellCompiler {
  const forkPath = require.resolve('@tslab/typescript-for-tslab', { paths: [TSLAB_DIR] });
  const compilerModule = loadCompilerModule(forkPath);
  const realTs = compilerModule.exports;
  const realTranspile = realTs.transpileModule as TranspileModule;
  const realCreateHost = realTs.createWatchCompilerHost as (...args: unknown[]) => unknown;

  /** The ES-module → CommonJS conversions of the current compile, in call order. */
  let transpiles: { esmMap?: DecodedMap; cjsMap?: DecodedMap }[] = [];

  // tslab's converter reads the compiler through its module object, whose properties are
  // non-configurable getters; so the converter gets a copy with two functions wrapped:
  // the cell program emits inline source maps, and the CommonJS pass records its map too.
  // Cells see Node's types, not every @types package installed beside the kernel (test
  // frameworks' globals, emscripten's...): each would be parsed and held by every kernel.
  const wrappedTs: Record<string, unknown> = {};
  for (const key of Object.keys(realTs)) {
    if (key === 'createWatchCompilerHost' || key === 'transpileModule') continue;
    Object.defineProperty(wrappedTs, key, { enumerable: true, get: () => realTs[key] });
  }
  Object.defineProperty(wrappedTs, 'createWatchCompilerHost', {
    enumerable: true,
    value: (rootFiles: string[], compilerOptions: CompilerOptions, ...rest: unknown[]) => {
      const nodeFiles = options.nodeTypes === 'globals' ? nodeDeclarationFiles(realTs, compilerOptions, rootFiles[0]) : undefined;
      if (nodeFiles) options.onNodeFiles?.(nodeFiles);
      const reduced = nodeFiles?.filter(isNodeGlobalFile);
      const globals = reduced && reduced.length > 0 ? reduced : undefined;
      return globals
        ? realCreateHost([...rootFiles, ...globals], { ...compilerOptions, inlineSourceMap: true, types: [] }, ...rest)
        : realCreateHost(rootFiles, { ...compilerOptions, inlineSourceMap: true, types: ['node'] }, ...rest);
    },
  });
  Object.defineProperty(wrappedTs, 'transpileModule', {
    enumerable: true,
    value: (input: string, transpileOptions: { compilerOptions?: CompilerOptions; fileName?: string }) => {
      const inline = INLINE_MAP.exec(input);
      const esmMap = inline ? parseMapJson(Buffer.from(inline[1], 'base64').toString('utf8')) : undefined;
      const stripped = input.replace(ANY_MAP_COMMENT, '');
      const out = realTranspile(stripped, {
        ...transpileOptions,
        compilerOptions: { ...transpileOptions.compilerOptions, sourceMap: true },
      });
      transpiles.push({ esmMap, cjsMap: parseMapJson(out.sourceMapText) });
      return { ...out, outputText: out.outputText.replace(ANY_MAP_COMMENT, '') };
    },
  });

  const cache = require.cache as Record<string, NodeModule | undefined>;
  const previous = cache[forkPath];
  const shim = new Module(forkPath);
  shim.exports = wrappedTs;
  shim.loaded = true;
  cache[forkPath] = shim;
  let converterModule: TslabConverterModule;
  let converter: TslabConverter;
  const converterPath = path.join(TSLAB_DIR, 'dist', 'converter.js');
  try {
    converterModule = require(converterPath) as TslabConverterModule;
    converter = converterModule.createConverter();
  } finally {
    if (previous) cache[forkPath] = previous;
    else delete cache[forkPath];
    // The converter module holds the compiler copy it was loaded with: a later compiler loads its own.
    delete cache[converterPath];
  }

  /**
   * tslab rewrites references to earlier cells' bindings as `exports.x` but misses shorthand
   * properties (`{loss}`), which then fail at run time; spelling them out (`{loss: loss}`) is the
   * same JavaScript and gets rewritten. Only names earlier cells declared are touched.
   */
  function expandShorthandProperties(previousDeclarations: string, source: string): string {
    if (!source.includes('{') || previousDeclarations === '') return source;
    const createSourceFile = realTs.createSourceFile as (name: string, text: string, target: number, setParents: boolean) => TsAstNode;
    const forEachChild = realTs.forEachChild as (node: TsAstNode, visit: (child: TsAstNode) => void) => void;
    const shorthandKind = (realTs.SyntaxKind as Record<string, number>).ShorthandPropertyAssignment;
    const root = createSourceFile('cell.ts', source, (realTs.ScriptTarget as Record<string, number>).Latest, true);
    const inserts: { at: number; name: string }[] = [];
    const visit = (node: TsAstNode): void => {
      if (node.kind === shorthandKind && node.name) {
        const name = node.name.escapedText ?? '';
        if (name && new RegExp(`\\b${name}\\b`).test(previousDeclarations)) inserts.push({ at: node.name.end, name });
      }
      forEachChild(node, visit);
    };
    visit(root);
    let out = source;
    for (const { at, name } of inserts.sort((a, b) => b.at - a.at)) out = `${out.slice(0, at)}: ${name}${out.slice(at)}`;
    return out;
  }

  function compile(previousDeclarations: string, source: string): CompiledCell {
    transpiles = [];
    const result = converter.convert(previousDeclarations, expandShorthandProperties(previousDeclarations, source));
    const main = transpiles[transpiles.length - 1];
    const mapPosition: PositionMapper = (line, column) => {
      if (!main?.cjsMap || !main.esmMap) return undefined;
      const inEsm = lookup(main.cjsMap, line - 1, column - 1);
      if (!inEsm) return undefined;
      const inTs = lookup(main.esmMap, inEsm.line, inEsm.column);
      if (!inTs) return undefined;
      const cellLine = inTs.line - CELL_PREFIX_LINES;
      return cellLine < 0 ? undefined : { line: cellLine + 1, column: inTs.column + 1 };
    };
    return {
      diagnostics: result.diagnostics.map((d) => ({
        line: d.start.line, character: d.start.character, endLine: d.end.line, endCharacter: d.end.character,
        message: d.messageText, code: d.code, fileName: d.fileName,
      })),
      javascript: result.output,
      declarations: result.declOutput,
      lastExpressionName: result.lastExpressionVar,
      hasTopLevelAwait: result.hasToplevelAwait === true,
      sideOutputs: (result.sideOutputs ?? []).map((s) => ({ path: s.path, javascript: s.data })),
      mapPosition,
    };
  }

  function quickInfo(previousDeclarations: string, source: string, position: number): QuickInfoText | undefined {
    const info = converter.inspect(previousDeclarations, source, position);
    if (!info) return undefined;
    const join = (parts: TsDisplayPart[] | undefined): string => (parts ?? []).map((p) => p.text).join('');
    return {
      start: info.textSpan.start,
      length: info.textSpan.length,
      signature: join(info.displayParts),
      documentation: join(info.documentation),
      tags: (info.tags ?? []).map((t) => ({ name: t.name, text: join(t.text) })),
    };
  }

  return {
    compile,
    complete: (previousDeclarations, source, position) => {
      const { start, end, candidates } = converter.complete(previousDeclarations, source, position);
      return { start, end, candidates };
    },
    quickInfo,
    isComplete: (source) => {
      const tslabAnswer = converterModule.isCompleteCode(source);
      if (!tslabAnswer.completed) return { status: 'incomplete', indent: tslabAnswer.indent ?? '' };
      const createSourceFile = realTs.createSourceFile as (name: string, text: string, target: number, setParents: boolean, kind: number) => { parseDiagnostics?: { start: number; length: number; messageText: unknown }[] };
      const scriptTarget = (realTs.ScriptTarget as Record<string, number>).Latest;
      const tsx = (realTs.ScriptKind as Record<string, number>).TS;
      const diagnostics = createSourceFile('cell.ts', source, scriptTarget, false, tsx).parseDiagnostics ?? [];
      if (diagnostics.length === 0) return { status: 'complete' };
      const continuable = diagnostics.every((d) => {
        const message = typeof d.messageText === 'string' ? d.messageText : '';
        return message === 'Unterminated template literal.' || (d.start >= source.trimEnd().length && message.endsWith(' expected.'));
      });
      if (continuable) {
        const lastLine = /[^\n]*$/.exec(source)?.[0] ?? '';
        return { status: 'incomplete', indent: /^\s*/.exec(lastLine)?.[0] ?? '' };
      }
      return { status: 'invalid' };
    },
    saveCodeCache: () => compilerModule.saveCache(),
    close: () => converter.close(),
  };
}
