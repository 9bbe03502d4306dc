import * as fs from 'fs';
import Module = require('module');
import * as path from 'path';
import * as vm from 'vm';
import { displayRegistry, plainText } from '../display/display_registry';
import { comms, display, input, password } from './cell_runtime';
import {
  CompleteResult, DisplayOutput, ExecuteError, ExecuteOutcome, ExecuteRequest, InspectResult, Interpreter,
  CellPhase, IsCompleteResult, LanguageInfo, OutputSink, UserExpressionResult,
} from './interpreter';
import { CellCompiler, CompiledCell, createLightCellCompiler } from './tslab_adapter';
import { cellOrigin, locateCellLines, runAsCell } from './cell_ownership';
import { CellCallbacks } from './cell_callbacks';
import { CellFrame, formatTraceback } from './traceback';
import type { HeapGuard } from './heap_guard';
import { pythonHints } from './python_hints';

export interface TypeScriptInterpreterOptions {
  /** Directory that relative imports and `require` in cells resolve from (the notebook's folder). */
  workingDirectory: string;
  /** Compiled module preloaded as `tf` (default: this package's dist/lib/index). */
  tfModulePath?: string;
  /** Told when a cell starts its synchronous part, starts awaiting, and ends (see CellPhase). */
  onPhase?: (phase: CellPhase) => void;
  /** Stops a cell that exhausts the JavaScript heap (absent where the native guard is not built). */
  heapGuard?: HeapGuard;
}

/** The global slot through which compiled cells reach their `exports` and `require`. */
const CELL_CONTEXT = Symbol.for('scopeflow.cell');
const CELL_FILE_PREFIX = 'scopeflow-cell-';
/** A stack frame in a compiled cell script: its script name. */
const CELL_FRAME = new RegExp(`\\(?(${CELL_FILE_PREFIX}\\d+):\\d+:\\d+`, 'g');
/** Cells whose late callbacks can still be reported under them. */
const MAX_RECENT_RUNS = 100;

/** The timers a cell sees in place of the global ones (CellCallbacks.timers). */
const CELL_TIMERS = ['setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask'] as const;

/**
 * A compiled cell as a script: its JavaScript inside a function of the cell context's `exports` and
 * `require`, itself inside one of the cell's timers (so a cell may still declare a name of its own
 * like theirs). The wrappers stay on the first line, which the frames' line offset skips.
 */
function cellScript(javascript: string | undefined, isAsync: boolean): string {
  const context = `globalThis[Symbol.for(${JSON.stringify(CELL_CONTEXT.description)})]`;
  const timers = CELL_TIMERS.map((name) => `${context}.${name}`).join(', ');
  return `(function (${CELL_TIMERS.join(', ')}) { return (${isAsync ? 'async ' : ''}function (exports, require) {\n${javascript ?? ''}\n})(${context}.exports, ${context}.require); })(${timers})`;
}

const PACKAGE_VERSION = (() => {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
})();

/** Thrown into an awaiting cell when the user interrupts it. */
class InterruptedError extends Error {
  override name = 'KeyboardInterrupt';
  constructor() { super('Execution interrupted'); }
}

/** A cell's run: where its outputs go, also after it finished (for the callbacks it left behind). */
interface CellRun {
  executionCount: number | undefined;
  output: OutputSink;
}

/** Strips a module path to the form TypeScript imports use (no .js/.d.ts extension). */
function importSpecifier(modulePath: string): string {
  return modulePath.replace(/\\/g, '/').replace(/(\.d\.ts|\.js|\.ts)$/, '');
}

export class TypeScriptInterpreter implements Interpreter {
  readonly languageInfo: LanguageInfo = {
    name: 'typescript',
    version: '5.0',
    mimetype: 'text/typescript',
    file_extension: '.ts',
    // The mode spec CodeMirror 5 documents for TypeScript (its javascript mode with the typescript
    // option), which front ends pass to CodeMirror as is.
    codemirror_mode: { name: 'javascript', typescript: true },
    pygments_lexer: 'typescript',
  };
  readonly implementation = 'scopeflow';
  readonly implementationVersion = PACKAGE_VERSION;
  readonly banner = `scopeflow ${PACKAGE_VERSION}: TypeScript cells with TensorFlow 1.x graphs; \`tf\` and \`display\` are preloaded`;
  readonly helpLinks = [
    { text: 'TypeScript handbook', url: 'https://www.typescriptlang.org/docs/handbook/' },
    { text: 'TensorFlow 1.x API', url: 'https://github.com/tensorflow/docs/tree/master/site/en/api_docs/python/tf' },
  ];

  private compiler: CellCompiler | undefined;
  private declarations = '';
  private readonly cellExports: Record<string, unknown> = {};
  private readonly exportsProxy: Record<string, unknown>;
  private readonly cellRequire: NodeJS.Require;
  private readonly preludeWarnings: string[] = [];
  private rejectRunning: ((reason: Error) => void) | undefined;
  private compileCount = 0;
  /** Compiled cell scripts by name, with the execution count and source their frames are shown with. */
  private readonly compiledCells = new Map<string, { compiled: CompiledCell; executionCount: number | undefined; source: string }>();
  /** Dotted public names of tf's functions by their JavaScript name (built on the first traceback). */
  private publicNames: Map<string, string> | undefined;
  /** Recent conversions keyed by (declarations, source): re-running an unchanged cell skips type checking. */
  private readonly conversionCache = new Map<string, CompiledCell>();
  /** Recent cell runs by execution count, so a callback's throw reaches the cell that started it or whose code threw. */
  private readonly recentRuns = new Map<number, CellRun>();
  private runningCell: CellRun | undefined;
  private latestRun: CellRun | undefined;
  /** Which cell started each callback, and the heap guard around the callbacks cells start. */
  private readonly callbacks: CellCallbacks;

  constructor(private readonly options: TypeScriptInterpreterOptions) {
    const cellExports = this.cellExports;
    // TypeScript compiles `export const x` into defineProperty; cells must be able to redefine
    // their bindings in later cells, so definitions are turned into plain assignments.
    this.exportsProxy = new Proxy(cellExports, {
      defineProperty: (_target, key, descriptor) => {
        if (key === '__esModule') return true;
        cellExports[key as string] = descriptor.get ? descriptor.get() : descriptor.value;
        return true;
      },
    });
    this.cellRequire = Module.createRequire(path.join(options.workingDirectory, '__scopeflow_cell__.js'));
    this.callbacks = new CellCallbacks(options.heapGuard, (thrown, source, origin) => { this.reportCallbackError(thrown, source, origin); });
    (globalThis as Record<symbol, unknown>)[CELL_CONTEXT] = { exports: this.exportsProxy, require: this.cellRequire, ...this.callbacks.timers };
    // tf and the widgets load with the compiler (warmUp), so constructing the interpreter stays cheap
    // and the I/O thread can start first.
    locateCellLines(CELL_FILE_PREFIX, (script, line, column) => this.compiledCells.get(script)?.compiled.mapPosition(line, column)?.line ?? null);
    // Errors raised by the engine deep inside a function the student wrote must still reach the
    // student's frames (V8's default keeps 10 frames, all of them the engine's).
    Error.stackTraceLimit = Math.max(Error.stackTraceLimit, 200);
  }

  /** Loads `tf` and `display` and returns the declarations that make them typed in every cell. */
  private loadPrelude(): string {
    const lines: string[] = [];
    const runtimePath = path.join(__dirname, 'cell_runtime');
    this.cellExports.display = display;
    this.cellExports.comms = comms;
    this.cellExports.input = input;
    this.cellExports.password = password;
    lines.push(`import { display, comms, input, password } from ${JSON.stringify(importSpecifier(runtimePath))};`);
    const tfPath = this.options.tfModulePath ?? path.resolve(__dirname, '../../lib/index.js');
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      this.cellExports.tf = require(tfPath);
      const typesPath = tfPath.replace(/\.js$/, '.d.ts');
      if (fs.existsSync(typesPath) && /\bexport\b/.test(fs.readFileSync(typesPath, 'utf8'))) {
        lines.push(`import * as tf from ${JSON.stringify(importSpecifier(tfPath))};`);
      } else {
        lines.push('declare const tf: {};');
      }
    } catch (e) {
      this.preludeWarnings.push(`scopeflow: the tf namespace could not be loaded from ${tfPath}: ${(e as Error).message}\n`);
    }
    // widgets/ (views with options: widgets.graph(), widgets.value(v), widgets.checkpoint(path)), when built.
    const widgetsPath = path.resolve(__dirname, '../../widgets/index.js');
    if (fs.existsSync(widgetsPath)) {
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        this.cellExports.widgets = require(widgetsPath);
        lines.push(`import * as widgets from ${JSON.stringify(importSpecifier(widgetsPath))};`);
      } catch (e) {
        this.preludeWarnings.push(`scopeflow: widgets could not be loaded from ${widgetsPath}: ${(e as Error).message}\n`);
      }
    }
    return lines.join('\n') + '\n';
  }

  /** Builds the TypeScript compiler now (about a second) instead of on the first cell. */
  warmUp(): void {
    this.getCompiler();
  }

  private getCompiler(): CellCompiler {
    if (!this.compiler) {
      // Loading tf and the compiler is the slow part of a start, so it happens here (warmUp, right
      // after the sockets are up) rather than in the constructor.
      this.declarations = this.loadPrelude();
      this.compiler = createLightCellCompiler();
      // The first type check loads lib.d.ts and the tf declarations; do it before a user waits on it.
      this.compileCached(this.declarations, '');
      this.compiler.saveCodeCache();
    }
    return this.compiler;
  }

  private compileCached(declarations: string, source: string): CompiledCell {
    const key = `${declarations}\u0000${source}`;
    const cached = this.conversionCache.get(key);
    if (cached) return cached;
    const compiled = this.getCompiler().compile(declarations, source);
    // Only self-contained successful conversions are reusable: side outputs depend on files on disk.
    if (compiled.diagnostics.length === 0 && compiled.sideOutputs.length === 0) {
      if (this.conversionCache.size >= 256) {
        const oldest = this.conversionCache.keys().next().value;
        if (oldest !== undefined) this.conversionCache.delete(oldest);
      }
      this.conversionCache.set(key, compiled);
    }
    return compiled;
  }

  async execute(request: ExecuteRequest, output: OutputSink): Promise<ExecuteOutcome> {
    const run: CellRun = { executionCount: request.executionCount, output };
    this.options.heapGuard?.beforeCell();
    this.runningCell = run;
    this.latestRun = run;
    this.recentRuns.set(request.executionCount, run);
    if (this.recentRuns.size > MAX_RECENT_RUNS) this.recentRuns.delete(this.recentRuns.keys().next().value as number);
    try {
      return await this.executeCell(request, output);
    } finally {
      if (this.runningCell === run) this.runningCell = undefined;
      // After the reply has left, so the collection costs no cell its time.
      const heapGuard = this.options.heapGuard;
      if (heapGuard) setImmediate(() => heapGuard.afterCell());
    }
  }

  /**
   * Reports a throw that reached no cell (from a timer, a promise nobody awaited, an event emitter,
   * a comm handler) as an error output: to the cell running now, else to the cell that started the
   * callback (`origin`, else the one whose code threw, found from the error's stack), else to the
   * latest cell. Never throws; false when no cell ran yet.
   */
  reportCallbackError(thrown: unknown, source: string, origin?: number): boolean {
    const described = this.describeError(thrown, undefined);
    const originCount = origin ?? this.throwingCell(thrown);
    const originRun = originCount === undefined ? undefined : this.recentRuns.get(originCount);
    const target = this.runningCell ?? originRun ?? this.latestRun;
    if (!target) return false;
    const cellName = originCount === undefined ? 'an earlier cell' : `cell[${originCount}]`;
    const note = target === this.runningCell && (originRun === undefined ? originCount === undefined : originRun === target)
      ? `Uncaught in ${source} (the cell goes on):`
      : target === this.runningCell ? `Uncaught in ${source} of ${cellName}, shown in the cell running now:`
        : `Uncaught in ${source} of ${cellName}, after that cell finished:`;
    try {
      target.output.error({ ...described, traceback: [note, ...described.traceback] });
      return true;
    } catch {
      return false;
    }
  }

  /** The cell whose code made `promise` (for a rejection nobody handled), if a cell did. */
  promiseOrigin(promise: unknown): number | undefined {
    return this.callbacks.originOf(promise);
  }

  /** Puts the cells' bindings back as they were (names added since are removed, reassigned ones restored). */
  private restoreBindings(before: ReadonlyMap<string, unknown>): void {
    for (const name of Object.keys(this.cellExports)) if (!before.has(name)) delete this.cellExports[name];
    for (const [name, value] of before) this.cellExports[name] = value;
  }

  /** The execution count of the innermost cell frame on a thrown Error's stack (none for other values). */
  private throwingCell(thrown: unknown): number | undefined {
    try {
      if (!(thrown instanceof Error) || typeof thrown.stack !== 'string') return undefined;
      for (const m of thrown.stack.matchAll(CELL_FRAME)) {
        const count = this.compiledCells.get(m[1])?.executionCount;
        if (count !== undefined) return count;
      }
    } catch { /* a hostile value: no origin */ }
    return undefined;
  }

  private async executeCell(request: ExecuteRequest, output: OutputSink): Promise<ExecuteOutcome> {
    try {
      this.getCompiler();
    } catch (e) {
      return { status: 'error', ...this.describeError(e, undefined) };
    }
    for (const warning of this.preludeWarnings.splice(0)) output.stream('stderr', warning);
    let compiled: CompiledCell;
    const cellName = `${CELL_FILE_PREFIX}${++this.compileCount}`;
    try {
      compiled = this.compileCached(this.declarations, request.code);
    } catch (e) {
      return { status: 'error', ...this.describeError(e, undefined) };
    }
    if (compiled.diagnostics.length > 0) return { status: 'error', ...this.compileError(compiled, request.code, request.executionCount) };
    this.compiledCells.set(cellName, { compiled, executionCount: request.executionCount, source: request.code });
    if (this.compiledCells.size > 1000) this.compiledCells.delete(this.compiledCells.keys().next().value as string);
    if (compiled.sideOutputs.length > 0) this.registerSideOutputs(compiled.sideOutputs);

    const wrap = (isAsync: boolean): string => cellScript(compiled.javascript, isAsync);
    let isAsync = compiled.hasTopLevelAwait;
    const heapGuard = this.options.heapGuard;
    if (heapGuard?.exhausted) heapGuard.recover();   // hit outside any cell (the kernel's own work)
    // The bindings before the cell: a cell stopped for exhausting the heap leaves them as they were.
    // Let go of when the cell ends: whatever outlives the cell's run and still reaches this function's
    // scope would otherwise keep each cell's previous values (graphs, tensors), one cell after another.
    let bindingsBefore = heapGuard ? new Map(Object.entries(this.cellExports)) : undefined;
    const failure = await runAsCell(cellOrigin(request), async (): Promise<ExecuteOutcome | undefined> => {
      try {
        let script: vm.Script;
        try {
          script = new vm.Script(wrap(isAsync), { filename: cellName, lineOffset: -1 });
        } catch (e) {
          // tslab spots top-level await through a type-check diagnostic, which TypeScript does not give
          // for `await (expr)` (parsed as a call of `await` outside async code); the emitted JavaScript
          // still holds the await, so the cell runs as an async function.
          if (isAsync || !(e instanceof SyntaxError) || !/await is only valid/.test(e.message)) throw e;
          isAsync = true;
          script = new vm.Script(wrap(true), { filename: cellName, lineOffset: -1 });
        }
        // breakOnSigint: an interrupt (SIGINT, also sent by the I/O thread for interrupt_request)
        // stops a synchronous endless loop here without killing the process.
        let returned: unknown;
        this.options.onPhase?.('synchronous');
        try {
          // displayErrors: false keeps Node from prefixing error.stack with the throw site's source
          // text (an engine line, or a whole minified library).
          returned = this.callbacks.runAs(request.executionCount, () => script.runInThisContext({ breakOnSigint: true, displayErrors: false }));
        } finally {
          this.options.onPhase?.('idle');
        }
        if (isAsync) {
          const interrupted = new Promise<never>((_, reject) => { this.rejectRunning = reject; });
          // While 'awaiting', an interrupt that the event loop does not get to (a busy loop after an
          // await) is ended by the I/O thread through the inspector (Runtime.terminateExecution).
          this.options.onPhase?.('awaiting');
          heapGuard?.setAwaiting(true);
          try {
            await Promise.race([returned, interrupted]);
          } finally {
            heapGuard?.setAwaiting(false);
            this.options.onPhase?.('idle');
            this.rejectRunning = undefined;
          }
        }
      } catch (e) {
        if (heapGuard && bindingsBefore && isInterrupt(e) && heapGuard.exhausted) {
          const { ename, evalue } = heapGuard.describe();
          this.restoreBindings(bindingsBefore);
          heapGuard.recover();
          return { status: 'error', ename, evalue, traceback: [`${ename}: ${evalue}`] };
        }
        // Declarations made before the failure still exist in `exports`; keep their types.
        if (compiled.declarations !== undefined) this.declarations = compiled.declarations;
        return { status: 'error', ...this.describeError(e, request.executionCount) };
      } finally {
        bindingsBefore = undefined;
      }
      return undefined;
    });
    if (failure) return failure;
    if (compiled.declarations !== undefined) this.declarations = compiled.declarations;

    let result: DisplayOutput | undefined;
    if (compiled.lastExpressionName !== undefined) {
      const value = this.cellExports[compiled.lastExpressionName];
      delete this.cellExports[compiled.lastExpressionName];
      if (value !== undefined && !request.silent) {
        try {
          result = { data: await displayRegistry.toMimeBundle(value), metadata: {} };
        } catch (e) {
          return { status: 'error', ...this.describeError(e, request.executionCount) };
        }
      }
    }
    const userExpressions = await this.evaluateUserExpressions(request.userExpressions);
    return { status: 'ok', result, userExpressions };
  }

  private async evaluateUserExpressions(expressions: Record<string, string>): Promise<Record<string, UserExpressionResult>> {
    const results: Record<string, UserExpressionResult> = {};
    for (const [name, expression] of Object.entries(expressions)) {
      const compiled = this.compileCached(this.declarations, expression);
      if (compiled.diagnostics.length > 0) {
        results[name] = { status: 'error', ...this.compileError(compiled, expression, undefined) };
        continue;
      }
      try {
        const scriptName = `${CELL_FILE_PREFIX}expression`;
        this.compiledCells.set(scriptName, { compiled, executionCount: undefined, source: expression });
        const script = new vm.Script(cellScript(compiled.javascript, false), { filename: scriptName, lineOffset: -1 });
        script.runInThisContext({ breakOnSigint: true, displayErrors: false });
        const value = compiled.lastExpressionName !== undefined ? this.cellExports[compiled.lastExpressionName] : undefined;
        if (compiled.lastExpressionName !== undefined) delete this.cellExports[compiled.lastExpressionName];
        results[name] = { status: 'ok', data: await displayRegistry.toMimeBundle(value), metadata: {} };
      } catch (e) {
        results[name] = { status: 'error', ...this.describeError(e, undefined) };
      }
    }
    return results;
  }

  /** Local .ts files imported by a cell are compiled by tslab; they load through a module cache of their own. */
  private registerSideOutputs(outputs: { path: string; javascript: string }[]): void {
    for (const output of outputs) {
      const filename = output.path.replace(/\.tsx?$/, '.js');
      const mod = new Module(filename);
      mod.filename = filename;
      mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(filename));
      (mod as unknown as { _compile(code: string, filename: string): void })._compile(output.javascript, filename);
      (require.cache as Record<string, NodeModule>)[filename] = mod;
    }
  }

  private compileError(compiled: CompiledCell, source: string, executionCount: number | undefined): ExecuteError {
    const sourceLines = source.split('\n');
    const where = executionCount === undefined ? 'cell' : `cell[${executionCount}]`;
    const traceback: string[] = [];
    const diagnostics = compiled.diagnostics.map((d) => ({ ...d, message: typescriptTerms(d.message) }));
    for (const d of diagnostics) {
      const file = d.fileName ?? where;
      traceback.push(`${file}, line ${d.line + 1}, column ${d.character + 1}: error TS${d.code}: ${d.message}`);
      if (!d.fileName && sourceLines[d.line] !== undefined) {
        traceback.push(`    ${sourceLines[d.line]}`);
        const width = d.endLine === d.line ? Math.max(1, d.endCharacter - d.character) : 1;
        traceback.push(`    ${' '.repeat(d.character)}${'^'.repeat(width)}`);
      }
    }
    traceback.push(...pythonHints(source, diagnostics));
    const first = diagnostics[0];
    return {
      ename: 'TSError',
      evalue: `TS${first.code}: ${first.message} (line ${first.line + 1}, column ${first.character + 1})`,
      traceback,
    };
  }

  /**
   * Error name, message and a traceback whose cell frames point at TypeScript lines. Never throws:
   * a thrown value whose every property access throws (a hostile Proxy) is still described.
   */
  private describeError(error: unknown, executionCount: number | undefined): ExecuteError {
    try {
      return this.describeThrown(error, executionCount);
    } catch (e) {
      let why = 'it threw';
      try { why = e instanceof Error ? String(e.message) : typeof e; } catch { /* the inner value is hostile too */ }
      const kind = error === null ? 'null' : typeof error;
      return { ename: 'Uncaught', evalue: `a ${kind} that cannot be shown was thrown`, traceback: [`Uncaught a ${kind} that cannot be shown (reading it threw: ${why})`] };
    }
  }

  private describeThrown(error: unknown, executionCount: number | undefined): ExecuteError {
    if (isInterrupt(error)) {
      return { ename: 'KeyboardInterrupt', evalue: 'Execution interrupted', traceback: ['KeyboardInterrupt: Execution interrupted'] };
    }
    if (!(error instanceof Error)) {
      const shown = plainText(error);
      return { ename: 'Uncaught', evalue: shown, traceback: [`Uncaught ${shown} (a value that is not an Error was thrown)`] };
    }
    const ename = error.name || error.constructor?.name || 'Error';
    const evalue = error.message;
    const traceback = formatTraceback(error.stack ?? `${ename}: ${evalue}`, {
      cellScriptPrefix: CELL_FILE_PREFIX,
      cellFrame: (script, line, column) => this.cellFrame(script, line, column),
      publicName: (name) => this.publicName(name),
      full: process.env.SCOPEFLOW_TRACEBACK === 'full',
    });
    return { ename, evalue, traceback };
  }

  private cellFrame(script: string, line: number, column: number): CellFrame | undefined {
    const cell = this.compiledCells.get(script);
    const mapped = cell?.compiled.mapPosition(line, column);
    if (!cell || !mapped) return undefined;
    return { executionCount: cell.executionCount, line: mapped.line, column: mapped.column, sourceLine: cell.source.split('\n')[mapped.line - 1] };
  }

  /** `tf.matmul` for the engine function named `matmul`: tf's exports and its namespaces one level down. */
  private publicName(functionName: string): string | undefined {
    if (!this.publicNames) {
      const names = new Map<string, string>();
      const tf = this.cellExports.tf;
      const visit = (namespace: object, prefix: string, depth: number): void => {
        for (const [key, value] of Object.entries(namespace)) {
          if (typeof value === 'function' && value.name && !names.has(value.name)) names.set(value.name, `${prefix}.${key}`);
          else if (depth > 0 && typeof value === 'object' && value !== null && !Array.isArray(value)) visit(value, `${prefix}.${key}`, depth - 1);
        }
      };
      // Top-level names first, so `tf.zeros` wins over a namespace's alias of the same function.
      if (typeof tf === 'object' && tf !== null) {
        visit(Object.fromEntries(Object.entries(tf).filter(([, v]) => typeof v === 'function')), 'tf', 0);
        visit(tf, 'tf', 1);
      }
      this.publicNames = names;
    }
    return this.publicNames.get(functionName);
  }

  complete(code: string, cursorPos: number): CompleteResult {
    const offset = codePointToUtf16(code, cursorPos);
    const found = this.getCompiler().complete(this.declarations, code, offset);
    return {
      matches: found.candidates,
      cursorStart: utf16ToCodePoint(code, found.start),
      cursorEnd: utf16ToCodePoint(code, found.end),
      metadata: {},
    };
  }

  inspect(code: string, cursorPos: number, detailLevel: number): InspectResult {
    const offset = codePointToUtf16(code, cursorPos);
    const compiler = this.getCompiler();
    // The cursor usually sits just after the name (`tf.add|`), where TypeScript finds nothing.
    const info = compiler.quickInfo(this.declarations, code, offset) ??
      (offset > 0 ? compiler.quickInfo(this.declarations, code, offset - 1) : undefined);
    if (!info) return { found: false, data: {}, metadata: {} };
    const parts = [info.signature];
    if (info.documentation) parts.push('', info.documentation);
    if (detailLevel > 0 || info.tags.length > 0) {
      for (const tag of info.tags) parts.push(`@${tag.name} ${tag.text}`.trimEnd());
    }
    const text = parts.join('\n');
    return {
      found: true,
      data: { 'text/plain': text, 'text/markdown': '```typescript\n' + info.signature + '\n```' + (info.documentation ? `\n\n${info.documentation}` : '') },
      metadata: {},
    };
  }

  isComplete(code: string): IsCompleteResult {
    return this.getCompiler().isComplete(code);
  }

  interrupt(): void {
    this.rejectRunning?.(new InterruptedError());
  }

  shutdown(): void {
    this.compiler?.close();
    this.compiler = undefined;
  }
}

const DIST_ROOT = path.resolve(__dirname, '..', '..');

/**
 * Compiler messages name the preloaded modules by file (`typeof import("/…/dist/lib/index")`);
 * a cell knows them as `tf`, `widgets` and the bare names `display`, `input` ... come from.
 */
function typescriptTerms(message: string): string {
  return message.replace(/import\("([^"]+)"\)(\.)?/g, (whole, specifier: string, dot: string | undefined) => {
    const relative = path.relative(DIST_ROOT, specifier);
    if (relative.startsWith('..') || path.isAbsolute(relative)) return whole;
    const namespace = relative.startsWith(`lib${path.sep}`) ? 'tf' : relative.startsWith(`widgets${path.sep}`) ? 'widgets' : undefined;
    if (namespace === undefined) return '';
    return dot ? `${namespace}.` : namespace;
  });
}

function isInterrupt(error: unknown): boolean {
  return error instanceof InterruptedError ||
    (error instanceof Error && (error as NodeJS.ErrnoException).code === 'ERR_SCRIPT_EXECUTION_INTERRUPTED');
}

/** Jupyter counts cursor positions in Unicode code points; TypeScript in UTF-16 units. */
function codePointToUtf16(text: string, codePoints: number): number {
  let units = 0;
  let seen = 0;
  for (const char of text) {
    if (seen >= codePoints) break;
    units += char.length;
    seen++;
  }
  return units;
}

function utf16ToCodePoint(text: string, units: number): number {
  return [...text.slice(0, units)].length;
}

