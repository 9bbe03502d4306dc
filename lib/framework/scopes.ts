/**
 * The default graph's scopes as free functions: `tf.name_scope`, `tf.device`, `tf.colocate_with`.
 */
import { Graph, Operation, get_default_graph } from './graph';
import { ScopeHandle } from './context';
import { TFTypeError } from './errors';
import { pythonScope } from './python_signature';

type NameScopeOptions = { default_name?: string | null; values?: readonly unknown[] | null };

/** name_scope's forms: TF's `(name, default_name, values)` by position or by name, with or without a body. */
interface NameScopeFunction {
  <R>(name: string | null, fn: (scope: string) => R): R;
  <R>(name: string | null, options: NameScopeOptions, fn: (scope: string) => R): R;
  <R>(name: string | null, default_name: string | null, fn: (scope: string) => R): R;
  <R>(name: string | null, default_name: string | null, values: readonly unknown[] | null, fn: (scope: string) => R): R;
  (name: string | null, options?: NameScopeOptions): ScopeHandle<string>;
  (name: string | null, default_name: string | null, values?: readonly unknown[] | null): ScopeHandle<string>;
}

/**
 * Opens a name scope in the default graph (op names get its prefix; get_variable names do not).
 * The callback receives the scope string, e.g. `'bar/'`.
 * @example tf.name_scope('bar', () => tf.add(a, b))  // op 'bar/Add'
 * @example tf.name_scope(name, 'MyOp', [a, b], (scope) => ...)  // 'MyOp/' when name is null
 */
export const name_scope = pythonScope('name_scope', ['name', 'default_name=None', 'values=None'], 1,
  function name_scope<R>(name: string | null, options: NameScopeOptions, fn?: (scope: string) => R): R | ScopeHandle<string> {
    const n = name ?? options.default_name ?? null;
    const g = get_default_graph();
    return fn ? g.name_scope(n, fn) : g.name_scope(n);
  }) as NameScopeFunction;

type DeviceSpec = string | null | { to_string(): string } | ((op: Operation) => string);

interface DeviceFunction {
  <R>(device_name_or_function: DeviceSpec, fn: () => R): R;
  (device_name_or_function: DeviceSpec): ScopeHandle<void>;
  <R>(keywords: { device_name_or_function: DeviceSpec }, fn: () => R): R;
}

/** The device of ops created inside: `tf.device('/gpu:0', () => ...)`. */
export const device = pythonScope('device', ['device_name_or_function'], 1,
  function device<R>(spec: DeviceSpec, fn?: () => R): R | ScopeHandle<void> {
    const g = get_default_graph();
    return fn ? g.device(spec, fn) : g.device(spec);
  }) as DeviceFunction;

interface ContainerFunction {
  <R>(container_name: string, fn: () => R): R;
  (container_name: string): ScopeHandle<void>;
}

/**
 * Stateful ops created inside (variables, queues, readers, tables) use the resource container `container_name`,
 * as TF's `with tf.container(name):` (an empty name is the default container).
 * @example tf.container('experiment0', () => tf.Variable(1.0))  // VariableV2 with container 'experiment0'
 */
export const container = pythonScope('container', ['container_name'], 1,
  function container<R>(container_name: string, fn?: () => R): R | ScopeHandle<void> {
    if (typeof container_name !== 'string') throw new TFTypeError(`container(): container_name must be a string, got ${typeof container_name}`);
    const g = get_default_graph();
    return fn ? g.container(container_name, fn) : g.container(container_name);
  }) as ContainerFunction;

interface ColocateWithFunction {
  <R>(op: Parameters<Graph['colocate_with']>[0], fn: () => R): R;
  <R>(op: Parameters<Graph['colocate_with']>[0], ignore_existing: boolean | { ignore_existing?: boolean }, fn: () => R): R;
}

/**
 * Ops created inside are placed with `op` (`ignore_existing`: drop the colocations of outer scopes).
 * @example tf.colocate_with(v.op, () => tf.identity(v))
 */
export const colocate_with = pythonScope('colocate_with', ['op', 'ignore_existing=False'], 2,
  function colocate_with<R>(op: Parameters<Graph['colocate_with']>[0], ignore_existing: boolean | undefined, fn: () => R): R {
    if (typeof fn !== 'function') throw new TFTypeError('colocate_with(): the with-body must be passed as a last argument callback: tf.colocate_with(op, () => ...)');
    return get_default_graph().colocate_with(op, fn, ignore_existing ?? false);
  }) as ColocateWithFunction;

/**
 * `name` without its leading `export_scope/` (also after a control input's `^` or a `loc:@` colocation
 * prefix), as TF's ops.strip_name_scope writes names of an exported scope; other names stay as they are.
 */
export function strip_name_scope(name: string, export_scope?: string | null): string {
  if (!export_scope) return name;
  const scope = export_scope.endsWith('/') ? export_scope.slice(0, -1) : export_scope;
  const escaped = scope.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return name.replace(new RegExp(`(\\^|loc:@|^)${escaped}/+(.*)`), '$1$2');
}

/**
 * Python's `with tf.init_scope():` as a callback: ops built inside have no control dependencies and sit
 * outside any control-flow context (a cond branch, a while body) of the default graph, under the current name
 * scope, as TF builds variable initializers and optimizer slots.
 * @example tf.init_scope(() => tf.Variable(0, {name: 'counter'}))
 */
export const init_scope = pythonScope('init_scope', [], 0, function init_scope<R>(fn: () => R): R {
  if (typeof fn !== 'function') throw new TFTypeError('init_scope takes the body of its `with` block as a function');
  return get_default_graph().control_dependencies(null, fn);
}) as <R>(fn: () => R) => R;

/**
 * TF 1.x's deprecated `op_scope(values, name, default_name)`: name_scope with `values` first, as a callback.
 * @example tf.op_scope([a, b], null, 'MyOp', (scope) => tf.add(a, b))  // op 'MyOp/Add'
 */
export const op_scope = pythonScope('op_scope', ['values', 'name', 'default_name=None'], 2, function op_scope<R>(_values: readonly unknown[] | null, name: string | null, options: { default_name?: string | null }, fn: (scope: string) => R): R {
  if (typeof fn !== 'function') throw new TFTypeError('op_scope takes the body of its `with` block as a function');
  return get_default_graph().name_scope(name ?? options.default_name ?? null, fn);
}) as unknown as {
  <R>(values: readonly unknown[] | null, name: string | null, fn: (scope: string) => R): R;
  <R>(values: readonly unknown[] | null, name: string | null, default_name: string | null, fn: (scope: string) => R): R;
};
