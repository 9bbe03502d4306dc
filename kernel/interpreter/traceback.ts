/**
 * Tracebacks as a student reads them: the frames of their own cells as `cell[n], line k` (the
 * execution count the front end shows) with the source line under each, and the engine's frames
 * folded into one line naming the public function the cell called (`in scopeflow: tf.matmul`).
 * `SCOPEFLOW_TRACEBACK=full` in the kernel's environment keeps every frame (for engine work).
 */
import * as path from 'path';

/** A position inside a compiled cell, mapped back to the cell's TypeScript. */
export interface CellFrame {
  /** The execution count the cell ran under; undefined for code without one (user_expressions). */
  executionCount: number | undefined;
  line: number;
  column: number;
  /** The TypeScript source line, shown under the frame. */
  sourceLine: string | undefined;
}

export interface TracebackContext {
  /** Maps (compiled script name, 1-based line, 1-based column) to the cell frame, or undefined for wrapper code. */
  cellFrame(script: string, line: number, column: number): CellFrame | undefined;
  /** Compiled cell scripts are named `<prefix><n>`. */
  cellScriptPrefix: string;
  /** Dotted public name (`tf.matmul`) of an engine function, by its JavaScript name; undefined if not public. */
  publicName(functionName: string): string | undefined;
  /** Keep every frame, unfolded. */
  full: boolean;
}

/** Where a stack frame's code lives: decides whether it is shown, folded or dropped. */
type FrameKind = 'cell' | 'engine' | 'library' | 'internal';

interface ParsedFrame {
  text: string;
  /** `Object.matmul`, `Proxy.layer`, `new RefVariable`; empty for anonymous code. */
  functionName: string;
  file: string;
  line: number;
  column: number;
}

const DIST_ROOT = path.resolve(__dirname, '..', '..');
const ENGINE_DIRS = ['lib', 'widgets'].map((d) => path.join(DIST_ROOT, d) + path.sep);
const KERNEL_DIR = path.join(DIST_ROOT, 'kernel') + path.sep;

function parseFrame(text: string): ParsedFrame | undefined {
  const body = /^\s+at (.*)$/.exec(text)?.[1];
  if (body === undefined) return undefined;
  const located = /^(.*?) \((.*):(\d+):(\d+)\)$/.exec(body) ?? /^()(.*):(\d+):(\d+)$/.exec(body);
  if (!located) return { text, functionName: body.replace(/ \(.*\)$/, ''), file: '', line: 0, column: 0 };
  return { text, functionName: located[1].replace(/^async /, ''), file: located[2], line: Number(located[3]), column: Number(located[4]) };
}

function kindOf(frame: ParsedFrame, prefix: string): FrameKind {
  const { file } = frame;
  if (file.startsWith(prefix)) return 'cell';
  if (ENGINE_DIRS.some((d) => file.startsWith(d))) return 'engine';
  if (file === '' || file.startsWith('node:') || file.startsWith(KERNEL_DIR) || file === 'native' || file.startsWith('<')) return 'internal';
  return 'library';
}

/** `node_modules/@tensorflow/tfjs-core/dist/...` → `@tensorflow/tfjs-core`. */
function packageOf(file: string): string {
  const m = /node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(file);
  return m ? m[1].replace(/\\/g, '/') : path.basename(file);
}

/** The name a frame's function is known by to the student: `tf.matmul`, `Tensor.eval`. */
function displayName(functionName: string, context: TracebackContext): string | undefined {
  const bare = functionName.replace(/^new /, '');
  const parts = bare.split('.');
  const method = parts[parts.length - 1];
  // `Object.matmul` is a module function; `graph_1.Tensor.eval` a method of the Tensor class.
  if (parts.length === 1 || parts[parts.length - 2] === 'Object') return context.publicName(method) ?? (method || undefined);
  const owner = parts[parts.length - 2].replace(/Impl$/, '');
  return `${owner}.${method}`;
}

function cellFrameText(cell: CellFrame, functionName: string): string[] {
  const where = cell.executionCount === undefined ? `cell, line ${cell.line}` : `cell[${cell.executionCount}], line ${cell.line}`;
  // Frames of a cell's own top level are anonymous (its wrapper) or tslab's `Proxy.<anonymous>`.
  const name = functionName.replace(/^(Proxy|Object)\./, '');
  const shown = name === '' || name === '<anonymous>' ? `  at ${where}` : `  at ${name} (${where})`;
  const lines = [shown];
  if (cell.sourceLine !== undefined && cell.sourceLine.trim() !== '') lines.push(`      ${cell.sourceLine.trim()}`);
  return lines;
}

/** The traceback lines of an error: its header (`Name: message`, all lines), then the frames. */
export function formatTraceback(stack: string, context: TracebackContext): string[] {
  const lines = stack.split('\n');
  const firstFrame = lines.findIndex((l) => /^\s+at /.test(l));
  const header = firstFrame < 0 ? lines : lines.slice(0, firstFrame);
  const frames = firstFrame < 0 ? [] : lines.slice(firstFrame);
  const out = [...header];
  /** Engine and library frames since the last cell frame, innermost first. */
  let folded: ParsedFrame[] = [];
  const flushFolded = (): void => {
    if (folded.length === 0) return;
    const engine = folded.filter((f) => kindOf(f, context.cellScriptPrefix) === 'engine');
    if (engine.length > 0) {
      // The outermost engine frame is the function the cell called.
      const name = engine.map((f) => displayName(f.functionName, context)).filter((n): n is string => n !== undefined).pop();
      out.push(name ? `  in scopeflow: ${name}` : '  in scopeflow');
    } else {
      out.push(`  in ${packageOf(folded[folded.length - 1].file)}`);
    }
    folded = [];
  };
  const parsed = frames.map(parseFrame).filter((f): f is ParsedFrame => f !== undefined);
  const cells = parsed.map((f) => (kindOf(f, context.cellScriptPrefix) === 'cell' ? context.cellFrame(f.file, f.line, f.column) : undefined));
  // Frames outside the outermost cell frame are the kernel running the cell, not the student's story.
  const outermostCell = cells.reduce((last, cell, i) => (cell ? i : last), -1);
  const shown = outermostCell < 0 || context.full ? parsed : parsed.slice(0, outermostCell + 1);
  for (const [i, frame] of shown.entries()) {
    const kind = kindOf(frame, context.cellScriptPrefix);
    if (kind === 'cell') {
      const cell = cells[i];
      if (!cell) continue; // the cell's wrapper call: not the student's code
      flushFolded();
      out.push(...cellFrameText(cell, frame.functionName));
      continue;
    }
    const { text } = frame;
    if (context.full) {
      if (kind !== 'internal' || frame.file.startsWith('node:')) out.push(text);
      continue;
    }
    if (kind === 'internal') continue;
    folded.push(frame);
  }
  flushFolded();
  return out;
}
