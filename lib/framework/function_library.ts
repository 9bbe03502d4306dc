/**
 * Graph functions (TF's FunctionDefs): a function has its own graph, argument placeholders and results, and
 * the graph whose ops call it (tf.data's map, filter, flat_map, interleave) holds it by name, as TF's
 * graph holds its function library. Exported as the GraphDef's `library`, and read back from it.
 */
import { Graph, Tensor } from './graph';

export interface TracedFunction { readonly name: string; readonly graph: Graph; readonly args: Tensor[]; readonly results: Tensor[] }

const functionsOf = new WeakMap<Graph, Map<string, TracedFunction>>();

/** Adds `fn` to the function library of `outer`, the graph whose ops call it. */
export function addFunction(outer: Graph, fn: TracedFunction): void {
  let lib = functionsOf.get(outer);
  if (!lib) functionsOf.set(outer, lib = new Map());
  lib.set(fn.name, fn);
}

/** The functions `g`'s ops call, by name. */
export function graphFunctions(g: Graph): ReadonlyMap<string, TracedFunction> { return functionsOf.get(g) ?? new Map(); }

/** `g`'s functions and, depth first, the functions their graphs call: a GraphDef's flat library. */
export function allFunctions(g: Graph): TracedFunction[] {
  const seen = new Map<string, TracedFunction>();
  const visit = (graph: Graph) => {
    for (const fn of graphFunctions(graph).values()) {
      if (seen.has(fn.name)) continue;
      seen.set(fn.name, fn);
      visit(fn.graph);
    }
  };
  visit(g);
  return [...seen.values()];
}
