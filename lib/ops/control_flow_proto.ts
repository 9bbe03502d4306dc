/**
 * Control flow contexts as meta graphs hold them (TF's `to_proto`/`from_proto` of CondContext and
 * WhileContext): the `cond_context` and `while_context` collections. Importing a context gives each op
 * named in its ValuesDef that context back, so tf.gradients can build gradient loops on an imported graph.
 */
import { ControlFlowContext, Graph, Operation, Tensor } from '../framework/graph';
import { ValueError } from '../framework/errors';
import { CondContextDef, ControlFlowContextDef, ValuesDef, WhileContextDef } from '../proto';
import { CondContext } from './control_flow_ops';
import { WhileContext } from './while_loop';

/** The contexts directly inside `outer` (null: the outermost ones) and the ops of each context, over the whole graph. */
function contextTree(graph: Graph): { children: Map<ControlFlowContext | null, Set<ControlFlowContext>>; ops: Map<ControlFlowContext, Operation[]> } {
  const children = new Map<ControlFlowContext | null, Set<ControlFlowContext>>();
  const ops = new Map<ControlFlowContext, Operation[]>();
  for (const op of graph.get_operations()) {
    const own = op._control_flow_context;
    if (!own) continue;
    if (!ops.has(own)) ops.set(own, []);
    ops.get(own)!.push(op);
    for (let c: ControlFlowContext | null = own; c; c = c.outer) {
      if (!children.has(c.outer)) children.set(c.outer, new Set());
      children.get(c.outer)!.add(c);
    }
  }
  return { children, ops };
}

/** The outputs of `op` a conditional branch lists among its values: its branch's one for an input's Switch. */
function condOutputs(context: CondContext, op: Operation): Tensor[] {
  return context.isInputSwitch(op) ? [op.outputs[context.branch]] : op.outputs;
}

/** The cond contexts anywhere inside `context`. */
function condsWithin(context: ControlFlowContext, tree: ReturnType<typeof contextTree>): CondContext[] {
  return [...(tree.children.get(context) ?? [])].flatMap((c) => [...(c instanceof CondContext ? [c] : []), ...condsWithin(c, tree)]);
}

/**
 * The ControlFlowContextDef of `context` with the contexts nested in it. Its values are as TF 1.x
 * leaves them: the outputs of its ops; those of the ops of every conditional inside it (a branch's ops
 * are marked in all enclosing contexts), but not an input Switch's; the tensors it reads from outside
 * and what it reads them through; the Exits of the loops directly inside (their ExitResult); for a loop,
 * the initial values of the loop variables gradients add (not the user's: TF resets the values to the
 * Enters); for a branch, the predicate and the pivot.
 */
function contextDefOf(context: ControlFlowContext, tree: ReturnType<typeof contextTree>): ControlFlowContextDef {
  const nested = [...(tree.children.get(context) ?? [])].map((c) => contextDefOf(c, tree));
  const values = new Set<string>();
  for (const op of tree.ops.get(context) ?? []) {
    for (const t of context instanceof CondContext ? condOutputs(context, op) : op.outputs) values.add(t.name);
  }
  for (const inner of condsWithin(context, tree)) {
    for (const op of tree.ops.get(inner) ?? []) if (!inner.isInputSwitch(op)) for (const t of op.outputs) values.add(t.name);
  }
  for (const child of tree.children.get(context) ?? []) if (child instanceof WhileContext) for (const e of child.loopExits) values.add(e.name);
  if (context instanceof WhileContext) {
    for (const [t, inside] of context.externalValues()) { values.add(t.name); values.add(inside.name); }
    for (const t of context.namedValues()) values.add(t.name);
    return { while_ctxt: context.toProto([...values].sort(), nested) };
  }
  if (context instanceof CondContext) {
    const def = context.toProto([], nested);
    for (const [t, inside] of Object.entries(def.values_def?.external_values ?? {})) { values.add(t); values.add(inside); }
    values.add(context.pred.name);
    values.add(context.controlPivot().name);
    return { cond_ctxt: { ...def, values_def: { ...def.values_def, values: [...values].sort() } } };
  }
  throw new ValueError(`A control flow context of type ${context.constructor.name} cannot be written to a meta graph`);
}

/** The WhileContextDef TF writes for loop `context` (its values, and the loops and conditionals nested in it). */
export function whileContextToProto(context: WhileContext): WhileContextDef {
  return contextDefOf(context, contextTree(context.pivot!.graph)).while_ctxt!;
}

/** The CondContextDef TF writes for conditional branch `context`. */
export function condContextToProto(context: CondContext): CondContextDef {
  return contextDefOf(context, contextTree(context.pred.graph)).cond_ctxt!;
}

/** Resolves names of a context def in `graph`, under the import scope. */
type TensorLookup = (name: string) => Tensor;

function lookupIn(graph: Graph, importScope: string): TensorLookup {
  return (name) => {
    const el = graph.as_graph_element(importScope ? `${importScope}/${name}` : name);
    if (!(el instanceof Tensor)) throw new ValueError(`Control flow context names '${name}', which is not a tensor of the graph`);
    return el;
  };
}

/**
 * Gives `context` to each op of `values` except those outside it (the tensors it reads from outside,
 * and `outside`: a loop's initial values, which TF also lists), then rebuilds the nested contexts.
 */
function adoptValues(graph: Graph, context: WhileContext | CondContext, values: ValuesDef | undefined, outside: Set<string>,
  nested: ControlFlowContextDef[] | undefined, lookup: TensorLookup, importScope: string): void {
  for (const [k, v] of Object.entries(values?.external_values ?? {})) {
    context.addExternalValue(lookup(k), lookup(v));
    outside.add(k);
  }
  for (const name of values?.values ?? []) {
    if (outside.has(name)) continue;
    lookup(name).op._set_control_flow_context(context);
  }
  for (const def of nested ?? []) contextFromProto(graph, def, context, importScope);
}

function contextFromProto(graph: Graph, def: ControlFlowContextDef, outer: ControlFlowContext | null, importScope: string): ControlFlowContext {
  if (def.while_ctxt) return whileContextFromProto(graph, def.while_ctxt, importScope, outer);
  if (def.cond_ctxt) return condContextFromProto(graph, def.cond_ctxt, importScope, outer);
  throw new ValueError('A nested ControlFlowContextDef holds neither a cond_ctxt nor a while_ctxt');
}

/** Rebuilds the while loop a WhileContextDef describes over the (imported) graph's ops. */
export function whileContextFromProto(graph: Graph, def: WhileContextDef, importScope = '', outer: ControlFlowContext | null = null): WhileContext {
  const lookup = lookupIn(graph, importScope);
  if (!def.context_name) throw new ValueError('WhileContextDef has no context_name');
  const enters = (def.loop_enter_names ?? []).map(lookup);
  // Under an import scope the loop is `<scope>/<context_name>`, and its Enters' frame is renamed to
  // match (TF's WhileContext._init_from_proto); otherwise it is the frame its Enters name, which the
  // gradient loop's counters must enter too.
  const frame = enters.length ? String(enters[0].op.get_attr('frame_name')) : '';
  const name = importScope ? `${importScope}/${def.context_name}` : frame || def.context_name;
  const maxIterations = def.maximum_iterations_name ? lookup(def.maximum_iterations_name) : null;
  const context = graph._with_control_flow_context(outer, () =>
    new WhileContext(graph, def.parallel_iterations ?? 10, !!def.back_prop, !!def.swap_memory, maxIterations, null, name, name));
  if (def.pivot_name) context.pivot = lookup(def.pivot_name);
  if (def.pivot_for_pred_name) context.pivotForPred = lookup(def.pivot_for_pred_name);
  if (def.pivot_for_body_name) context.pivotForBody = lookup(def.pivot_for_body_name);
  context.loopEnters = enters;
  context.loopExits = (def.loop_exit_names ?? []).map(lookup);
  const initialValues = new Set(context.loopEnters.map((e) => e.op.inputs[0].name));
  // The initial values TF lists were named by gradients (AddName); they stay outside the loop.
  const listed = new Set(def.values_def?.values ?? []);
  for (const e of enters) if (listed.has(e.op.inputs[0].name)) context.addName(e.op.inputs[0]);
  if (importScope) {
    // The tensors it reads from outside (an outer loop's Enters among them) keep their frames.
    const outside = new Set([...initialValues, ...Object.keys(def.values_def?.external_values ?? {})]);
    for (const value of listed) {
      if (outside.has(value)) continue;
      const op = lookup(value).op;
      if (op.type === 'Enter' || op.type === 'RefEnter') op.attrs.set('frame_name', { s: name });
    }
  }
  adoptValues(graph, context, def.values_def, initialValues, def.nested_contexts, lookup, importScope);
  for (const t of [...context.loopEnters, ...context.loopExits]) t.op._set_control_flow_context(context);
  return context;
}

/** Rebuilds the conditional branch a CondContextDef describes over the (imported) graph's ops. */
export function condContextFromProto(graph: Graph, def: CondContextDef, importScope = '', outer: ControlFlowContext | null = null): CondContext {
  const lookup = lookupIn(graph, importScope);
  if (!def.context_name || !def.pred_name || !def.pivot_name) throw new ValueError(`CondContextDef '${def.context_name ?? ''}' lacks its context_name, pred_name or pivot_name`);
  const name = importScope ? `${importScope}/${def.context_name}` : def.context_name;
  const branch = def.branch === 1 ? 1 : 0;
  const context = new CondContext(graph, outer, lookup(def.pred_name), lookup(def.pivot_name), branch, name.slice(0, name.lastIndexOf('/') + 1), name);
  adoptValues(graph, context, def.values_def, new Set(), def.nested_contexts, lookup, importScope);
  // A Switch with both outputs listed was made for a returned outside tensor, not for an input.
  const listed = new Set(def.values_def?.values ?? []);
  for (const name of listed) {
    const op = lookup(name).op;
    if ((op.type === 'Switch' || op.type === 'RefSwitch') && op.outputs.every((t) => listed.has(t.name))) context.addResultSwitch(op);
  }
  return context;
}
