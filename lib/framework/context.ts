/**
 * Python's `with` blocks in TypeScript: a scope is entered, and left either when the callback returns
 * or when the returned handle is disposed (`using`), so both styles share one implementation.
 */

/** A scope entered without a callback; leave it with `exit()` or a `using` declaration. */
export interface ScopeHandle<V> extends Disposable {
  /** What the Python `as` clause would bind (a scope name, a VariableScope, a Session ...). */
  readonly value: V;
  exit(): void;
}

/** Enters a scope; `enter` returns the bound value and the function that leaves the scope. */
export function scoped<V, R>(enter: () => { value: V; exit: () => void }, fn: (value: V) => R): R;
export function scoped<V>(enter: () => { value: V; exit: () => void }, fn?: undefined): ScopeHandle<V>;
export function scoped<V, R>(enter: () => { value: V; exit: () => void }, fn?: (value: V) => R): R | ScopeHandle<V>;
export function scoped<V, R>(enter: () => { value: V; exit: () => void }, fn?: (value: V) => R): R | ScopeHandle<V> {
  const { value, exit } = enter();
  if (fn) {
    try { return fn(value); } finally { exit(); }
  }
  let done = false;
  const leave = () => { if (!done) { exit(); done = true; } };
  const describe = (): string => `<scope handle of ${value === undefined ? 'a scope' : String(value)}: ${done ? 'left' : 'entered until .exit() (or the end of a `using` block)'}>`;
  const handle: ScopeHandle<V> & { toString(): string } = { value, exit: leave, [Symbol.dispose]: leave, toString: describe };
  Object.defineProperty(handle, Symbol.for('nodejs.util.inspect.custom'), { value: describe });
  return handle;
}
