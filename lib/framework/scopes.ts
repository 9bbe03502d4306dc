/**
 * The default graph's scopes as free functions: `tf.name_scope`, `tf.device`, `tf.colocate_with`.
 */
import { Graph, Operation, get_default_graph } from './graph';
import { ScopeHandle, optionsAndCallback } from './context';

/**
 * Opens a name scope in the default graph (op names get its prefix; get_variable names do not).
 * The callback receives the scope string, e.g. `'bar/'`.
 * @example tf.name_scope('bar', () => tf.add(a, b))  // op 'bar/Add'
 */
export function name_scope<R>(name: string | null, fn: (scope: string) => R): R;
export function name_scope<R>(name: string | null, options: { default_name?: string; values?: readonly unknown[] }, fn: (scope: string) => R): R;
export function name_scope(name: string | null, options?: { default_name?: string; values?: readonly unknown[] }): ScopeHandle<string>;
export function name_scope<R>(
  name: string | null,
  a?: { default_name?: string; values?: readonly unknown[] } | ((scope: string) => R),
  b?: (scope: string) => R,
): R | ScopeHandle<string> {
  const { options, fn } = optionsAndCallback<{ default_name?: string; values?: readonly unknown[] }, (scope: string) => R>(a, b);
  const n = name ?? options.default_name ?? null;
  const g = get_default_graph();
  return fn ? g.name_scope(n, fn) : g.name_scope(n);
}

/** The device of ops created inside: `tf.device('/gpu:0', () => ...)`. */
export function device<R>(spec: string | null | { to_string(): string } | ((op: Operation) => string), fn: () => R): R;
export function device(spec: string | null | { to_string(): string } | ((op: Operation) => string)): ScopeHandle<void>;
export function device<R>(spec: string | null | { to_string(): string } | ((op: Operation) => string), fn?: () => R): R | ScopeHandle<void> {
  const g = get_default_graph();
  return fn ? g.device(spec, fn) : g.device(spec);
}

/** Ops created inside are placed with `op`. */
export function colocate_with<R>(op: Parameters<Graph['colocate_with']>[0], fn: () => R, ignore_existing = false): R {
  return get_default_graph().colocate_with(op, fn, ignore_existing);
}
