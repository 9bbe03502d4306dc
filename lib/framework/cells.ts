/**
 * Notebook cells as owners of graph pieces, so re-running a cell replaces what it built before
 * instead of failing ("already exists") or piling up `w_1`, `w_2` ...
 * Code run outside a cell (scripts, tests) keeps plain TF semantics.
 */
import { CellOrigin, Operation, _getCurrentCell, _setCurrentCell, get_default_graph } from './graph';

export type { CellOrigin };

/**
 * Marks the start of a cell's run: retires what the cell's previous run built in the default graph,
 * then records `origin` as the owner of everything built until `exitCell`.
 */
export function enterCell(origin: CellOrigin): Operation[] {
  const retired = get_default_graph().retire_cell(origin.id, origin);
  _setCurrentCell(origin);
  return retired;
}

export function exitCell(): void { _setCurrentCell(null); }

export function currentCell(): CellOrigin | null { return _getCurrentCell(); }

/** `cell [3]`: how messages name a cell run. */
export function describeCell(cell: CellOrigin): string { return `cell [${cell.execution_count}]`; }

/** Line of the user's code in a cell, from an op's creation stack (cells are compiled to files named by the kernel). */
let lineLocator: ((stack: string) => number | null) | null = null;
export function setCellLineLocator(fn: ((stack: string) => number | null) | null): void { lineLocator = fn; }

/** `cell [3], line 2` for an op built in a notebook cell, else null. */
export function describeOrigin(op: Operation): string | null {
  if (!op.cell) return null;
  const line = lineLocator && op.definedAt.stack ? lineLocator(op.definedAt.stack) : null;
  return line === null ? describeCell(op.cell) : `${describeCell(op.cell)}, line ${line}`;
}
