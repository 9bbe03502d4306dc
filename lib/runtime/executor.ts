/**
 * The executor: prunes the graph to what the fetches need, orders it, places every op once, and runs
 * the resulting plan. Plans are cached per (fetches, feeds) so repeated `run` calls only execute.
 */
import { Operation, Tensor, AttrPlain } from '../framework/graph';
import { OpError, FailedPreconditionError, InvalidArgumentError } from '../framework/errors';
import { DEAD, Kernel, KernelContext, KernelSession, RefValue, RuntimeValue, VariableSlot } from '../kernels/registry';
import { getOpSchema } from '../framework/graph';
import { describeCell, describeOrigin } from '../framework/cells';
import { NDArray } from '../framework/ndarray';
import { LocalDevice } from '../kernels/devices';
import { place } from './placement';

/** Where a step's input comes from: another step's output, or a fed value. */
type Source = { step: number; output: number } | { feed: number };

interface Step {
  readonly op: Operation;
  readonly kernel: Kernel;
  readonly device: LocalDevice;
  readonly sources: Source[];
  /** Inputs the kernel takes as variable slots rather than values. */
  readonly refInputs: ReadonlySet<number>;
  /** Steps of the control inputs (a dead one makes this step dead). */
  readonly controlSteps: number[];
  readonly acceptsDeadInputs: boolean;
}

export class Plan {
  readonly steps: Step[] = [];
  /** For each fetched tensor, where its value is. */
  readonly fetchSources: Source[] = [];
  /** Whether any step can produce a dead value (a conditional); otherwise runs skip the checks. */
  hasConditionals = false;

  /** The device each op of the plan runs on (for log_device_placement and widgets). */
  placements(): Map<string, string> {
    return new Map(this.steps.map((s) => [s.op.name, s.device.name]));
  }
}

/** Builds the plan that computes `fetches` and runs `targets`, with `feeds` replacing their producers. */
export function buildPlan(fetches: readonly Tensor[], targets: readonly Operation[], feeds: readonly Tensor[]): Plan {
  const fed = new Map<Tensor, number>(feeds.map((t, i) => [t, i]));
  const stepOf = new Map<Operation, number>();
  const plan = new Plan();
  const visiting = new Set<Operation>();

  const sourceOf = (t: Tensor): Source => {
    const f = fed.get(t);
    if (f !== undefined) return { feed: f };
    return { step: visit(t.op), output: t.value_index };
  };

  // Depth-first post-order gives a topological order; an explicit stack avoids deep recursion.
  const visit = (root: Operation): number => {
    const done = stepOf.get(root);
    if (done !== undefined) return done;
    if (root.retired) throw retiredError(root);
    const stack: { op: Operation; next: number }[] = [{ op: root, next: 0 }];
    visiting.add(root);
    while (stack.length) {
      const frame = stack[stack.length - 1];
      const deps = dependencies(frame.op, fed);
      if (frame.next < deps.length) {
        const dep = deps[frame.next++];
        if (stepOf.has(dep)) continue;
        if (dep.retired) throw staleError(frame.op, dep);
        if (visiting.has(dep)) throw new InvalidArgumentError(dep, dep, `Graph has a cycle through node '${dep.name}'`);
        visiting.add(dep);
        stack.push({ op: dep, next: 0 });
        continue;
      }
      stack.pop();
      visiting.delete(frame.op);
      const op = frame.op;
      const { device, kernel } = place(op);
      const schema = getOpSchema(op.type);
      const sources = op.inputs.map((t) => {
        const f = fed.get(t);
        return f !== undefined ? { feed: f } : { step: stepOf.get(t.op)!, output: t.value_index };
      });
      stepOf.set(op, plan.steps.length);
      const controlSteps = op.control_inputs.filter((c) => !replacedByFeeds(c, fed)).map((c) => stepOf.get(c)!);
      if (op.type === 'Switch' || op.type === 'RefSwitch') plan.hasConditionals = true;
      plan.steps.push({
        op, kernel, device, sources, refInputs: new Set(schema?.refInputs ?? []), controlSteps,
        acceptsDeadInputs: schema?.acceptsDeadInputs === true,
      });
    }
    return stepOf.get(root)!;
  };

  for (const t of fetches) plan.fetchSources.push(sourceOf(t));
  for (const op of targets) visit(op);
  return plan;
}

function retiredError(op: Operation): OpError {
  const by = op.retiredBy!;
  return new FailedPreconditionError(op, op,
    `'${op.name}' was built by an earlier run of ${op.cell ? describeCell(op.cell) : 'its cell'} and replaced when ${describeCell(by)} re-ran; use the new one (re-run the cells that refer to the old object).`);
}

function staleError(consumer: Operation, dep: Operation): OpError {
  const where = consumer.cell ? ` (built by ${describeCell(consumer.cell)})` : '';
  const rerun = consumer.cell ? `re-run ${describeCell(consumer.cell)}` : 'rebuild it';
  return new FailedPreconditionError(consumer, consumer,
    `Operation '${consumer.name}'${where} uses '${dep.name}', which was replaced when ${describeCell(dep.retiredBy!)} re-ran: it is stale; ${rerun} to use the new '${dep.name}'.`);
}

/**
 * Whether feeds replace `op` entirely (all its outputs fed): as in TF, a control dependency on it is then
 * met by the feed, so `tf.control_dependencies([placeholder])` does not make a fed placeholder run.
 */
function replacedByFeeds(op: Operation, fed: ReadonlyMap<Tensor, number>): boolean {
  return op.outputs.length > 0 && op.outputs.every((t) => fed.has(t));
}

/** The ops `op` needs to run first: producers of unfed inputs, then control inputs not replaced by feeds. */
function dependencies(op: Operation, fed: ReadonlyMap<Tensor, number>): Operation[] {
  const deps: Operation[] = [];
  for (const t of op.inputs) if (!fed.has(t)) deps.push(t.op);
  for (const c of op.control_inputs) if (!replacedByFeeds(c, fed)) deps.push(c);
  return deps;
}

/** Runs a plan: returns the fetched values (refs read). */
export function runPlan(plan: Plan, feedValues: readonly NDArray[], session: KernelSession): NDArray[] {
  const outputs: RuntimeValue[][] = new Array(plan.steps.length);
  const valueOf = (s: Source): RuntimeValue => ('feed' in s ? feedValues[s.feed] : outputs[s.step][s.output]);

  const deadOutputs = (step: Step): RuntimeValue[] => step.op.outputs.map(() => DEAD);
  const dead = plan.hasConditionals ? new Uint8Array(plan.steps.length) : null;
  for (let i = 0; i < plan.steps.length; i++) {
    const step = plan.steps[i];
    if (dead && isDeadStep(step, dead, valueOf)) {
      dead[i] = 1;
      outputs[i] = deadOutputs(step);
      continue;
    }
    const ctx = new StepContext(step, session, valueOf);
    let result: RuntimeValue[];
    try {
      result = step.kernel(ctx);
    } catch (e) {
      throw annotate(e, step.op);
    }
    outputs[i] = result;
    if (dead && result.length > 0 && result.every((v) => v === DEAD)) dead[i] = 1;
  }
  return plan.fetchSources.map((s, k) => {
    const v = valueOf(s);
    if (v === DEAD) {
      const op = 'step' in s ? plan.steps[s.step].op : null;
      throw new InvalidArgumentError(op, op, `Retval[${k}] does not have value: '${op?.name ?? 'fetch'}' is on the branch of a conditional that was not taken`);
    }
    if (v instanceof RefValue) {
      if (!v.slot.value) {
        const op = 'step' in s ? plan.steps[s.step].op : null;
        throw new FailedPreconditionError(op, op, `Attempting to use uninitialized value ${v.slot.name}`);
      }
      return v.slot.value;
    }
    return v;
  });
}

/** A step is dead when a control input is dead, or a data input is (unless it merges branches). */
function isDeadStep(step: Step, dead: Uint8Array, valueOf: (s: Source) => RuntimeValue): boolean {
  for (const c of step.controlSteps) if (dead[c]) return true;
  if (step.acceptsDeadInputs) return step.sources.length > 0 && step.sources.every((s) => valueOf(s) === DEAD);
  for (const s of step.sources) if (valueOf(s) === DEAD) return true;
  return false;
}

class StepContext implements KernelContext {
  constructor(
    private readonly step: Step,
    readonly session: KernelSession,
    private readonly valueOf: (s: Source) => RuntimeValue,
  ) {}

  get op(): Operation { return this.step.op; }
  get numInputs(): number { return this.step.sources.length; }

  isDead(i: number): boolean { return this.valueOf(this.step.sources[i]) === DEAD; }

  input(i: number): NDArray {
    const v = this.valueOf(this.step.sources[i]);
    if (v === DEAD) throw new InvalidArgumentError(this.op, this.op, `Input ${i} of '${this.op.name}' is on a branch of a conditional that was not taken`);
    if (v instanceof RefValue) {
      if (v.slot.value === null) {
        throw new FailedPreconditionError(this.op, this.op, `Attempting to use uninitialized value ${this.op.inputs[i].inputString}`);
      }
      return v.slot.value;
    }
    return v;
  }

  ref(i: number): VariableSlot {
    const v = this.valueOf(this.step.sources[i]);
    if (!(v instanceof RefValue)) {
      throw new InvalidArgumentError(this.op, this.op, `Input ${i} of ${this.op.type} node '${this.op.name}' must be a variable (a ref), got a value`);
    }
    return v.slot;
  }

  attr(name: string): AttrPlain { return this.op.get_attr(name); }
}

/**
 * Adds TF's node annotation to an op error raised by a kernel; in a notebook it also says where the
 * node was defined, as TF 1.13+ does (`[[node w/read (defined at cell [3], line 2) ]]`).
 */
function annotate(e: unknown, op: Operation): unknown {
  if (!(e instanceof OpError) || e.message.includes('\t [[')) return e;
  const origin = describeOrigin(op);
  const note = origin ? `[[node ${op.name} (defined at ${origin}) ]]` : `[[{{node ${op.name}}}]]`;
  const Cls = e.constructor as new (n: Operation, o: Operation, m: string) => OpError;
  return new Cls(op, op, `${e.message}\n\t ${note}`);
}
