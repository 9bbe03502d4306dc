/**
 * Tells the graph engine which notebook cell is running, so re-running a cell replaces what its
 * previous run built (see lib/framework/cells.ts).
 */
import { createHash } from 'crypto';
import { CellOrigin, enterCell, exitCell, setCellLineLocator } from '../../lib/framework/cells';
import { ExecuteRequest } from './interpreter';

/**
 * Lets messages name the cell line that built an op: `frameLine` maps a stack frame position in a
 * compiled cell script (named `<prefix><n>`) back to the TypeScript source line.
 */
export function locateCellLines(scriptPrefix: string, frameLine: (script: string, line: number, column: number) => number | null): void {
  const frame = new RegExp(`(${scriptPrefix}\\d+):(\\d+):(\\d+)`, 'g');
  setCellLineLocator((stack) => {
    // The outermost cell frame that maps to a source line is the running cell's own code (the last
    // one is its wrapper's call); frames above it may be functions defined in earlier cells.
    const frames = [...stack.matchAll(frame)].reverse();
    for (const m of frames) {
      const line = frameLine(m[1], Number(m[2]), Number(m[3]));
      if (line !== null) return line;
    }
    return null;
  });
}

/** The cell's identity: the front end's cellId, else one derived from its code (stable across re-runs). */
export function cellOrigin(request: Pick<ExecuteRequest, 'cellId' | 'code' | 'executionCount'>): CellOrigin {
  const id = request.cellId ?? `code:${createHash('sha1').update(request.code).digest('hex')}`;
  return { id, execution_count: request.executionCount ?? 0 };
}

/** Runs a cell's code as the owner of what it builds. */
export async function runAsCell<R>(origin: CellOrigin, run: () => Promise<R>): Promise<R> {
  enterCell(origin);
  try { return await run(); } finally { exitCell(); }
}
