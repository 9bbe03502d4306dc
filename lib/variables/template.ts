/**
 * tf.make_template: wraps a function so that every call shares the variables the first call created
 * (TF 1.15's Template: the first call runs in a fresh variable scope, later calls re-enter it with reuse).
 */
import { get_default_graph } from '../framework/graph';
import { GraphKeys } from '../framework/graph_keys';
import { ValueError } from '../framework/errors';
import { isPlainObject, pythonFunction } from '../framework/python_signature';
import { CustomGetter, VariableScope, variable_scope } from './variable_scope';
import { Variable } from './variables';

/** What make_template returns: the function, callable, with TF's Template attributes. */
export interface Template<A extends unknown[], R> {
  (...args: A): R;
  readonly name: string;
  readonly func: (...args: A) => R;
  /** The variable scope, once created (at construction with create_scope_now_, else at the first call). */
  readonly variable_scope: VariableScope | null;
  /** The scope's name with a trailing `/` (so it matches no longer scope name). */
  readonly variable_scope_name: string | null;
  readonly variables: Variable[];
  readonly trainable_variables: Variable[];
  readonly non_trainable_variables: Variable[];
  readonly global_variables: Variable[];
  readonly local_variables: Variable[];
}

export interface MakeTemplateOptions {
  create_scope_now_?: boolean;
  unique_name_?: string | null;
  custom_getter_?: CustomGetter | null;
}

type TemplateKeywords = MakeTemplateOptions & Record<string, unknown>;
interface MakeTemplateFunction {
  <A extends unknown[], R>(name_: string, func_: (...args: A) => R, options?: TemplateKeywords): Template<A, R>;
  <A extends unknown[], R>(keywords: { name_: string; func_: (...args: A) => R } & TemplateKeywords): Template<A, R>;
}

/**
 * A function whose calls share variables: the first call creates them (in a scope named `name_`, made unique),
 * later ones reuse them; creating a new trainable variable after the first call is a ValueError. Other keyword
 * arguments are passed to every call of `func_` (in its trailing options object).
 * @example const scale = tf.make_template('scale_by_y', (x) => x.mul(tf.get_variable('y', [1]))); scale(a); scale(b); // one variable y
 */
export const make_template = pythonFunction('make_template', ['name_', 'func_', 'create_scope_now_=False', 'unique_name_=None', 'custom_getter_=None', '**kwargs'], 2,
  function make_template<A extends unknown[], R>(name_: string, func_: (...args: A) => R, options: MakeTemplateOptions & Record<string, unknown> = {}): Template<A, R> {
    if (name_ === null || name_ === undefined) throw new ValueError('name cannot be None.');
    if (typeof func_ !== 'function') throw new ValueError(`func_ must be callable, got ${String(func_)}`);
    const { create_scope_now_: createNow = false, unique_name_: uniqueName = null, custom_getter_: customGetter = null, ...kwargs } = options;
    const hasKwargs = Object.keys(kwargs).length > 0;
    const withKwargs = (args: unknown[]): unknown[] => {
      if (!hasKwargs) return args;
      // functools.partial(func_, **kwargs): keywords of the call win over the template's.
      const last = args[args.length - 1];
      return isPlainObject(last) ? [...args.slice(0, -1), { ...kwargs, ...last }] : [...args, kwargs];
    };
    let scope: VariableScope | null = null;
    let variablesCreated = false;
    if (createNow) {
      // TF's _pure_variable_scope: the variable scope now (its name made unique), its name scope at the first call.
      scope = variable_scope(uniqueName, { default_name: name_, auxiliary_name_scope: false, custom_getter: customGetter }, (vs) => vs);
    }
    const callFunc = (args: unknown[]): R => {
      const g = get_default_graph();
      const trainableAtStart = g.get_collection(GraphKeys.TRAINABLE_VARIABLES).length;
      const result = func_(...(withKwargs(args) as A));
      if (variablesCreated) {
        const trainable = g.get_collection<Variable>(GraphKeys.TRAINABLE_VARIABLES);
        if (trainable.length !== trainableAtStart) {
          throw new ValueError(`Trainable variable created when calling a template after the first time, perhaps you used tf.Variable when you meant tf.get_variable: [${trainable.slice(trainableAtStart).map(String).join(', ')}]`);
        }
      }
      variablesCreated = true;
      return result;
    };
    const template = function (...args: A): R {
      if (scope) return variable_scope(scope, { reuse: variablesCreated || null }, () => callFunc(args));
      return variable_scope(uniqueName, { default_name: name_, custom_getter: customGetter }, (vs) => {
        scope = vs;
        return callFunc(args);
      });
    };
    const scopeName = (): string | null => (scope === null ? null : !scope.name || scope.name.endsWith('/') ? scope.name : `${scope.name}/`);
    const collected = (key: string) => (): Variable[] => (variablesCreated ? get_default_graph().get_collection<Variable>(key, scopeName()) : []);
    const props: Record<string, () => unknown> = {
      name: () => name_,
      func: () => func_,
      variable_scope: () => scope,
      variable_scope_name: scopeName,
      variables: collected(GraphKeys.GLOBAL_VARIABLES),
      global_variables: collected(GraphKeys.GLOBAL_VARIABLES),
      trainable_variables: collected(GraphKeys.TRAINABLE_VARIABLES),
      local_variables: collected(GraphKeys.LOCAL_VARIABLES),
      non_trainable_variables: () => {
        const trainable = new Set(collected(GraphKeys.TRAINABLE_VARIABLES)());
        return collected(GraphKeys.GLOBAL_VARIABLES)().filter((v) => !trainable.has(v));
      },
    };
    for (const [key, get] of Object.entries(props)) Object.defineProperty(template, key, { get, configurable: true });
    return template as Template<A, R>;
  }) as MakeTemplateFunction;
