/**
 * Python's calling convention for the public API. Each public function, method and constructor declares its
 * TF 1.15 signature once (parameter names in TF's order, with their defaults), and every call binds through
 * `PythonSignature.bind`: positional arguments first, then one trailing plain object whose keys are parameter
 * names (Python's keyword arguments). Mistakes raise the TypeErrors Python raises, worded as Python words them.
 *
 * A declared parameter is written as in Python: `'shape'` (required), `'name=None'` (a default, shown in the
 * signature; the implementation applies it), `'var_list: dict = None'` (a parameter that takes a plain object
 * as its value: a trailing plain object with a key that is no parameter name is then that value, as in
 * `Saver({my_v2: v2})`, where anywhere else it is an unexpected keyword argument), `'**kwargs'` last (any other
 * keyword arguments, handed on in the implementation's options object).
 */
import { TFTypeError } from './errors';

export interface PythonParam {
  readonly name: string;
  readonly required: boolean;
  /** The default as Python writes it (`None`, `'SAME'`, `0.001`), for the signature's text. */
  readonly default?: string;
  readonly takesDict: boolean;
  /** Python's `*args`: the positional arguments after the ones before it, as a list (those after it are keyword-only). */
  readonly varargs: boolean;
}

const PARAM_SPEC = /^(\*?)([A-Za-z_]\w*)\s*(:\s*dict)?\s*(?:=\s*(.+))?$/;

/** A plain object literal (of any realm: notebook cells run in their own `vm` context), not a class instance. */
export function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/**
 * Python's repr of a JavaScript value as pprint writes it (`None`, `True`, `'text'`, lists, dicts with sorted
 * keys); `leaf` may write some values its own way (undefined: the default).
 */
export function pythonRepr(x: unknown, leaf: (x: unknown) => string | undefined = () => undefined): string {
  const own = leaf(x);
  if (own !== undefined) return own;
  if (x === null || x === undefined) return 'None';
  if (typeof x === 'boolean') return x ? 'True' : 'False';
  if (typeof x === 'string') return `'${x.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (Array.isArray(x)) return `[${x.map((v) => pythonRepr(v, leaf)).join(', ')}]`;
  if (isPlainObject(x)) {
    return `{${Object.keys(x).sort().map((k) => `${pythonRepr(k, leaf)}: ${pythonRepr(x[k], leaf)}`).join(', ')}}`;
  }
  return String(x);
}

/** "'a'", "'a' and 'b'", "'a', 'b', and 'c'", as Python lists missing arguments. */
function pythonList(names: readonly string[]): string {
  const q = names.map((n) => `'${n}'`);
  if (q.length <= 2) return q.join(' and ');
  return `${q.slice(0, -1).join(', ')}, and ${q[q.length - 1]}`;
}

export class PythonSignature {
  readonly params: readonly PythonParam[];
  private readonly index: ReadonlyMap<string, number>;
  /** How many leading parameters are required. */
  private readonly required: number;
  /** The index of the `*args` parameter, or -1. */
  private readonly varargsAt: number;
  /** The name of Python's `**kwargs`, which takes every other keyword argument, or null. */
  readonly kwargs: string | null;

  constructor(readonly name: string, specs: readonly string[]) {
    const last = specs[specs.length - 1]?.trim();
    this.kwargs = last?.startsWith('**') ? last.slice(2) : null;
    if (this.kwargs !== null) specs = specs.slice(0, -1);
    this.params = specs.map((spec) => {
      const m = PARAM_SPEC.exec(spec.trim());
      if (!m) throw new Error(`${name}: bad parameter declaration '${spec}'`);
      const varargs = m[1] === '*';
      return { name: m[2], required: !varargs && m[4] === undefined, default: m[4], takesDict: m[3] !== undefined, varargs };
    });
    this.index = new Map(this.params.map((p, i) => [p.name, i]));
    this.required = this.params.filter((p) => p.required).length;
    if (this.index.size !== this.params.length) throw new Error(`${name}: a parameter is declared twice in ${specs.join(', ')}`);
    this.varargsAt = this.params.findIndex((p) => p.varargs);
    const positionalParams = this.varargsAt >= 0 ? this.params.slice(0, this.varargsAt) : this.params;
    const firstOptional = positionalParams.findIndex((p) => !p.required);
    if (firstOptional >= 0 && positionalParams.slice(firstOptional).some((p) => p.required)) {
      throw new Error(`${name}: non-default parameter follows default parameter in ${specs.join(', ')}`);
    }
  }

  get names(): string[] { return this.params.map((p) => p.name); }

  has(name: string): boolean { return this.index.has(name); }

  /** As Python's `inspect.signature` shows it: `reshape(tensor, shape, name=None)`. */
  toString(): string {
    const params = this.params.map((p) => `${p.varargs ? '*' : ''}${p.name}${p.default === undefined ? '' : `=${p.default}`}`);
    return `${this.name}(${[...params, ...(this.kwargs === null ? [] : [`**${this.kwargs}`])].join(', ')})`;
  }

  /**
   * One value per declared parameter (`undefined` where the call gave none), from positional arguments and
   * an optional trailing object of keyword arguments. `undefined` passed positionally counts as not given.
   * With `**kwargs`, one more value: the object of the other keyword arguments.
   */
  bind(args: readonly unknown[]): unknown[] {
    let positional = args;
    let keywords: Record<string, unknown> = {};
    const last = args[args.length - 1];
    if (args.length > 0 && isPlainObject(last)) {
      const unknown = Object.keys(last).find((k) => !this.index.has(k) || this.params[this.index.get(k)!].varargs);
      const slot = this.params[this.varargsAt >= 0 ? Math.min(args.length - 1, this.varargsAt) : args.length - 1];
      // With **kwargs, other keys are keyword arguments too, once the required parameters have their values
      // (positionally or among these keys).
      const requiredGiven = this.params.slice(args.length - 1).every((p) => !p.required || p.name in last);
      if (unknown === undefined || (this.kwargs !== null && requiredGiven)) {
        keywords = last;
        positional = args.slice(0, -1);
      } else if (!slot?.takesDict && this.kwargs === null) {
        throw new TFTypeError(`${this.name}() got an unexpected keyword argument '${unknown}'`);
      }
    }
    if (this.varargsAt >= 0) {
      // *args takes the positional arguments from its place on; the parameters after it are keyword-only.
      positional = [...positional.slice(0, this.varargsAt), positional.slice(this.varargsAt)];
    } else if (positional.length > this.params.length) {
      const required = this.required;
      const takes = required === this.params.length ? `${required}` : `from ${required} to ${this.params.length}`;
      const plural = this.params.length === 1 && required === 1 ? 'argument' : 'arguments';
      throw new TFTypeError(`${this.name}() takes ${takes} positional ${plural} but ${positional.length} ${positional.length === 1 ? 'was' : 'were'} given`);
    }
    const values: unknown[] = this.params.map((_, i) => positional[i]);
    const extra: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(keywords)) {
      const i = this.index.get(key);
      if (i === undefined || this.params[i].varargs) { extra[key] = value; continue; }
      if (positional[i] !== undefined) throw new TFTypeError(`${this.name}() got multiple values for argument '${key}'`);
      values[i] = value;
    }
    const missing = this.params.filter((p, i) => p.required && values[i] === undefined).map((p) => p.name);
    if (missing.length) {
      throw new TFTypeError(`${this.name}() missing ${missing.length} required positional argument${missing.length > 1 ? 's' : ''}: ${pythonList(missing)}`);
    }
    return this.kwargs === null ? values : [...values, extra];
  }

  /**
   * The arguments for an implementation taking the first `positional` parameters positionally and the rest
   * in one options object (keys only for the parameters given).
   */
  implArgs(args: readonly unknown[], positional: number): unknown[] {
    // The common call, positional arguments only, needs no binding (engine code calls through here too).
    if (this.varargsAt < 0 && args.length <= positional && args.length >= this.required && !isPlainObject(args[args.length - 1])
      && !args.slice(0, this.required).includes(undefined)) return args as unknown[];
    return this.shape(this.bind(args), positional);
  }

  /** Bound values as an implementation takes them: the first `positional`, then the rest in one options object. */
  shape(values: readonly unknown[], positional: number): unknown[] {
    const n = this.params.length;
    if (positional >= n && this.kwargs === null) return [...values];
    const options: Record<string, unknown> = this.kwargs === null ? {} : { ...(values[n] as Record<string, unknown>) };
    for (let i = positional; i < n; i++) if (values[i] !== undefined) options[this.params[i].name] = values[i];
    return [...values.slice(0, Math.min(positional, n)), options];
  }
}

const SIGNATURE = Symbol('python signature');

/** Marks `fn` as taking `signature` (for a wrapper that binds through it itself). */
export function attachSignature(fn: object, signature: PythonSignature): void {
  Object.defineProperty(fn, SIGNATURE, { value: signature });
}

/** The Python signature a public function or class declared, if it declared one. */
export function signatureOf(fn: unknown): PythonSignature | undefined {
  return (typeof fn === 'function' ? (fn as unknown as Record<symbol, PythonSignature | undefined>)[SIGNATURE] : undefined);
}

// ---- types: both call forms, from the declaration and the implementation's parameter types ------------

/** `'name=None'` → `'name'`. */
type ParamName<S extends string> = S extends `${infer N}:${string}` ? Trim<N> : S extends `${infer N}=${string}` ? Trim<N> : S;
type Trim<S extends string> = S extends ` ${infer R}` ? Trim<R> : S extends `${infer R} ` ? Trim<R> : S;
type IsOptional<S extends string> = S extends `${string}=${string}` ? true : false;

type AnyFunction = (...args: never[]) => unknown;
type AnyClass = abstract new (...args: never[]) => unknown;

/** The first K elements of a parameter tuple (optional ones included, as `T | undefined`). */
type Take<A extends readonly unknown[], K extends number, Acc extends unknown[] = []> =
  Acc['length'] extends K ? Acc : Take<A, K, [...Acc, A[Acc['length']]]>;
type OptionValue<O, N extends string> = O extends object ? (N extends keyof O ? O[N] : never) : never;

/** Each declared parameter's type: the implementation's positional parameter, or the member of its options. */
type ParamTypes<S extends readonly string[], Pos extends readonly unknown[], O, Acc extends unknown[] = []> =
  S extends readonly [infer H extends string, ...infer T extends readonly string[]]
    ? [`${Acc['length']}` extends keyof Pos ? Pos[Acc['length']] : OptionValue<O, ParamName<H>>, ...ParamTypes<T, Pos, O, [...Acc, H]>]
    : [];

/** The keyword arguments object for the parameters `S` (typed `V`), required ones required. */
type Keywords<S extends readonly string[], V extends readonly unknown[]> =
  S extends readonly [infer H extends string, ...infer T extends readonly string[]]
    ? V extends readonly [infer VH, ...infer VT]
      ? (IsOptional<H> extends true ? { [P in ParamName<H>]?: VH } : { [P in ParamName<H>]: VH }) & Keywords<T, VT>
      : unknown
    : unknown;
type KeywordTail<S extends readonly string[], V extends readonly unknown[]> =
  S extends readonly [] ? [] : object extends Keywords<S, V> ? [keywords?: Keywords<S, V>] : [keywords: Keywords<S, V>];

/** Every call form: the first j parameters positionally, the rest in a trailing keyword object. */
export type PythonCallForms<S extends readonly string[], V extends readonly unknown[], Done extends unknown[] = []> =
  | [...Done, ...KeywordTail<S, V>]
  | (S extends readonly [string, ...infer T extends readonly string[]]
    ? V extends readonly [infer VH, ...infer VT] ? PythonCallForms<T, VT, [...Done, VH]> : never
    : never);

type ImplParamTypes<S extends readonly string[], A extends readonly unknown[], K extends number> = ParamTypes<S, Take<A, K>, NonNullable<A[K]>>;
/** The declared parameters that a call form names (`**kwargs` takes the implementation's own options). */
type Named<S extends readonly string[]> =
  S extends readonly [infer H extends string, ...infer T extends readonly string[]] ? (H extends `**${string}` ? Named<T> : [H, ...Named<T>]) : [];

/** A function declared with `pythonFunction`: its implementation's own call form plus every Python call form. */
export type PythonFunction<S extends readonly string[], F extends AnyFunction, K extends number> =
  F & ((...args: PythonCallForms<Named<S>, ImplParamTypes<Named<S>, Parameters<F>, K>>) => ReturnType<F>);

/** A class declared with `pythonClass`: constructed with or without `new`, in every Python call form. */
export type PythonClass<S extends readonly string[], C extends AnyClass, K extends number> =
  C & {
    new (...args: PythonCallForms<Named<S>, ImplParamTypes<Named<S>, ConstructorParameters<C>, K>>): InstanceType<C>;
    (...args: ConstructorParameters<C>): InstanceType<C>;
    (...args: PythonCallForms<Named<S>, ImplParamTypes<Named<S>, ConstructorParameters<C>, K>>): InstanceType<C>;
  };

/**
 * Declares a public function's Python signature. `impl` takes the first `positional` declared parameters
 * positionally and the others in one options object after them; the returned function takes any Python
 * call form and hands `impl` its arguments in that shape (`this` passes through, so methods bind too).
 * @example export const reshape = pythonFunction('reshape', ['tensor', 'shape', 'name=None'], 2, reshapeImpl);
 */
export function pythonFunction<const S extends readonly string[], F extends AnyFunction, K extends number>(
  name: string, specs: S, positional: K, impl: F,
): PythonFunction<S, F, K> {
  const signature = new PythonSignature(name, specs);
  const call = impl as unknown as (this: unknown, ...args: unknown[]) => unknown;
  const bound = function (this: unknown, ...args: unknown[]): unknown { return call.apply(this, signature.implArgs(args, positional)); };
  Object.defineProperty(bound, 'name', { value: name });
  attachSignature(bound, signature);
  return bound as unknown as PythonFunction<S, F, K>;
}

/**
 * Declares a Python context manager (`with tf.device('/cpu:0'):`), whose `with` body is a trailing callback:
 * a last argument that is a function, after at least one other (or where no parameter is required), is the
 * body; the arguments before it bind as `pythonFunction` binds them, and `impl` gets the body after them.
 * @example export const device = pythonScope('device', ['device_name_or_function'], 1, deviceImpl) as DeviceFunction;
 */
export function pythonScope<F extends AnyFunction>(
  name: string, specs: readonly string[], positional: number, impl: F,
): F {
  const signature = new PythonSignature(name, specs);
  const bodyOptional = signature.params.every((p) => !p.required);
  const call = impl as unknown as (this: unknown, ...args: unknown[]) => unknown;
  const bound = function (this: unknown, ...args: unknown[]): unknown {
    const last = args[args.length - 1];
    const hasBody = typeof last === 'function' && (args.length > 1 || bodyOptional);
    const rest = hasBody ? args.slice(0, -1) : args;
    const values = signature.shape(signature.bind(rest), positional);
    return call.apply(this, hasBody ? [...values, last] : values);
  };
  Object.defineProperty(bound, 'name', { value: name });
  attachSignature(bound, signature);
  return bound as unknown as F;
}

/**
 * Declares a public class's constructor signature, as `pythonFunction` does for functions; the class then
 * constructs with or without `new`, and `instanceof`, static members and subclassing work as on the class.
 */
export function pythonClass<const S extends readonly string[], C extends AnyClass, K extends number>(
  name: string, specs: S, positional: K, cls: C,
): PythonClass<S, C, K> {
  const signature = new PythonSignature(name, specs);
  const target = cls as unknown as new (...args: unknown[]) => object;
  const construct = (t: typeof target, args: unknown[], newTarget: Function): object => Reflect.construct(t, signature.implArgs(args, positional), newTarget);
  const apply = (t: typeof target, _self: unknown, args: unknown[]): object => Reflect.construct(t, signature.implArgs(args, positional));
  // Tracebacks name the class, not the proxy's traps.
  for (const trap of [construct, apply]) Object.defineProperty(trap, 'name', { value: name });
  return new Proxy(target, {
    construct, apply, get: (t, key, receiver) => (key === SIGNATURE ? signature : Reflect.get(t, key, receiver)),
  }) as unknown as PythonClass<S, C, K>;
}
