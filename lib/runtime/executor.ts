/**
 * The executor: prunes the graph to what the fetches need, orders it, places every op once, and runs
 * the resulting plan. Plans are cached per (fetches, feeds) so repeated `run` calls only execute.
 */
import { Operation, Tensor, AttrPlain, getOpSchema, isStateful } from '../framework/graph';
import { OpError, FailedPreconditionError, InvalidArgumentError } from '../framework/errors';
import { DEAD, Kernel, KernelContext, KernelSession, RefValue, RuntimeValue, VariableSlot } from '../kernels/registry';
import { describeCell, describeOrigin } from '../framework/cells';
import { NDArray, NumericData } from '../framework/ndarray';
import { DType, resource, variant } from '../framework/dtypes';
import { DeferredArray } from '../framework/deferred_array';
import { PooledArray, RunRecord, enterRun, finishRun, markShared, releaseBuffer } from '../framework/buffer_pool';
import { TRAINING_OP_INPUTS } from '../ops/training_ops';
import { LocalDevice } from '../kernels/devices';
import { place } from './placement';
import { checkDeadline, isRunTimeout, runDeadline } from '../framework/deadline';

/** Where a step's input comes from: another step's output, or a fed value. */
type Source = { step: number; output: number } | { feed: number };

/** How the executor routes a step's outputs between the frames of while loops. */
export const enum StepKind { Plain, Merge, Enter, Exit, NextIteration, ControlTrigger }

interface Step {
  readonly op: Operation;
  readonly kernel: Kernel;
  readonly device: LocalDevice;
  readonly kind: StepKind;
  sources: Source[];
  /** The sources as numbers, for the straight run: producing step (-1 for a feed) and its output (or the feed). */
  inputSteps: Int32Array;
  inputOutputs: Int32Array;
  /** Inputs the kernel takes as variable slots rather than values. */
  readonly refInputs: ReadonlySet<number>;
  /** Steps of the control inputs (a dead one makes this step dead). */
  controlSteps: number[];
  readonly acceptsDeadInputs: boolean;
}

export class Plan {
  readonly steps: Step[] = [];
  /** For each fetched tensor, where its value is. */
  readonly fetchSources: Source[] = [];
  /** Whether any step can produce a dead value (a conditional); otherwise runs skip the checks. */
  hasConditionals = false;
  /** The frames of the plan's while loops; null when it has none (then steps simply run in order). */
  loops: LoopPlan | null = null;
  /** Which outputs' buffers a run may reuse once their consumers ran. */
  reuse!: ReusePlan;

  /** The device each op of the plan runs on (for log_device_placement and widgets). */
  placements(): Map<string, string> {
    return new Map(this.steps.map((s) => [s.op.name, s.device.name]));
  }
}

const LOOP_KINDS: Record<string, StepKind> = {
  Merge: StepKind.Merge, RefMerge: StepKind.Merge,
  Enter: StepKind.Enter, RefEnter: StepKind.Enter,
  Exit: StepKind.Exit, RefExit: StepKind.Exit,
  NextIteration: StepKind.NextIteration, RefNextIteration: StepKind.NextIteration,
  ControlTrigger: StepKind.ControlTrigger,
};

const isBackEdge = (consumer: Operation, input: Tensor): boolean =>
  LOOP_KINDS[consumer.type] === StepKind.Merge && LOOP_KINDS[input.op.type] === StepKind.NextIteration;

/** Builds the plan that computes `fetches` and runs `targets`, with `feeds` replacing their producers. */
export function buildPlan(fetches: readonly Tensor[], targets: readonly Operation[], feeds: readonly Tensor[], allowSoftPlacement = true): Plan {
  const fed = new Map<Tensor, number>(feeds.map((t, i) => [t, i]));
  const stepOf = new Map<Operation, number>();
  const plan = new Plan();
  const visiting = new Set<Operation>();
  /** NextIteration ops met as a loop Merge's back edge: visited after the rest, since they depend on it. */
  const backEdgeRoots: Operation[] = [];

  // Depth-first post-order gives a topological order of the graph without its loop back edges; an
  // explicit stack avoids deep recursion.
  const visit = (root: Operation): void => {
    if (stepOf.has(root)) return;
    if (root.retired) throw retiredError(root);
    const stack: { op: Operation; next: number }[] = [{ op: root, next: 0 }];
    visiting.add(root);
    while (stack.length) {
      const frame = stack[stack.length - 1];
      const deps = dependencies(frame.op, fed, backEdgeRoots);
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
      const { device, kernel } = place(op, allowSoftPlacement);
      const schema = getOpSchema(op.type);
      stepOf.set(op, plan.steps.length);
      if (op.type === 'Switch' || op.type === 'RefSwitch') plan.hasConditionals = true;
      plan.steps.push({
        op, kernel, device, kind: LOOP_KINDS[op.type] ?? StepKind.Plain, sources: [], inputSteps: new Int32Array(0), inputOutputs: new Int32Array(0), refInputs: new Set(schema?.refInputs ?? []),
        controlSteps: [], acceptsDeadInputs: schema?.acceptsDeadInputs === true,
      });
    }
  };

  for (const t of fetches) if (!fed.has(t)) visit(t.op);
  for (const op of targets) visit(op);
  while (backEdgeRoots.length) visit(backEdgeRoots.pop()!);
  for (const step of plan.steps) {
    step.sources = step.op.inputs.map((t) => {
      const f = fed.get(t);
      return f !== undefined ? { feed: f } : { step: stepOf.get(t.op)!, output: t.value_index };
    });
    step.inputSteps = Int32Array.from(step.sources, (src) => ('feed' in src ? -1 : src.step));
    step.inputOutputs = Int32Array.from(step.sources, (src) => ('feed' in src ? src.feed : src.output));
    step.controlSteps = step.op.control_inputs.filter((c) => !replacedByFeeds(c, fed)).map((c) => stepOf.get(c)!);
  }
  for (const t of fetches) {
    const f = fed.get(t);
    plan.fetchSources.push(f !== undefined ? { feed: f } : { step: stepOf.get(t.op)!, output: t.value_index });
  }
  if (plan.steps.some((s) => s.kind === StepKind.Enter)) plan.loops = new LoopPlan(plan);
  plan.reuse = new ReusePlan(plan);
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

/**
 * The ops `op` needs to run first: producers of unfed inputs, then control inputs not replaced by feeds.
 * A loop Merge's NextIteration input is a back edge: its producer goes to `backEdgeRoots` instead.
 */
function dependencies(op: Operation, fed: ReadonlyMap<Tensor, number>, backEdgeRoots: Operation[]): Operation[] {
  const deps: Operation[] = [];
  for (const t of op.inputs) {
    if (fed.has(t)) continue;
    if (isBackEdge(op, t)) { if (!backEdgeRoots.includes(t.op)) backEdgeRoots.push(t.op); } else deps.push(t.op);
  }
  for (const c of op.control_inputs) if (!replacedByFeeds(c, fed)) deps.push(c);
  return deps;
}

/** Runs a plan: returns the fetched values (refs read). */
export function runPlan(plan: Plan, feedValues: readonly NDArray[], session: KernelSession): NDArray[] {
  const ledger = new BufferLedger(plan.reuse);
  const outer = enterRun(ledger.record);
  if (plan.loops) {
    try {
      const fetched = fetchedValues(plan, plan.loops.run(feedValues, session, ledger));
      finishRun(ledger.record);
      return fetched;
    } finally { enterRun(outer); }
  }
  const steps = plan.steps, n = steps.length;
  const outputs: RuntimeValue[][] = new Array(n);
  const dead = plan.hasConditionals ? new Uint8Array(n) : null;
  const ctx = new StepContext(session);
  const deadline = runDeadline();
  try {
    for (let i = 0; i < n; i++) {
      checkDeadline(deadline);
      const step = steps[i];
      const inputs = ctx.inputs, from = step.inputSteps, which = step.inputOutputs;
      for (let k = 0; k < from.length; k++) inputs[k] = from[k] < 0 ? feedValues[which[k]] : outputs[from[k]][which[k]];
      ctx.step = step;
      if (dead && isDeadStep(step, dead, inputs)) {
        dead[i] = 1;
        outputs[i] = step.op.outputs.map(() => DEAD);
        continue;
      }
      let result: RuntimeValue[];
      try {
        result = step.kernel(ctx);
      } catch (e) {
        throw annotate(e, step.op);
      }
      outputs[i] = result;
      if (dead && result.length > 0 && result.every((v) => v === DEAD)) dead[i] = 1;
      ledger.stepRan(i, step, inputs, result);
    }
    const fetched = fetchedValues(plan, (s) => ('feed' in s ? feedValues[s.feed] : outputs[s.step][s.output]));
    finishRun(ledger.record);
    return fetched;
  } finally {
    enterRun(outer);
  }
}

/**
 * The fetched values, read from where `valueOf` finds them (refs read, dead values refused). The caller
 * keeps them: their buffers are never reused.
 */
function fetchedValues(plan: Plan, valueOf: (s: Source) => RuntimeValue): NDArray[] {
  const values = plan.fetchSources.map((s, k) => {
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
  for (const v of values) {
    const buffer = hostBuffer(v);
    if (buffer) markShared(buffer);
  }
  return values;
}

/** A step is dead when a control input is dead, or a data input is (unless it merges branches). */
function isDeadStep(step: Step, dead: Uint8Array, inputs: readonly RuntimeValue[]): boolean {
  for (const c of step.controlSteps) if (dead[c]) return true;
  const n = step.sources.length;
  if (step.acceptsDeadInputs) {
    if (n === 0) return false;
    for (let k = 0; k < n; k++) if (inputs[k] !== DEAD) return false;
    return true;
  }
  for (let k = 0; k < n; k++) if (inputs[k] === DEAD) return true;
  return false;
}

/**
 * What a kernel sees of its step. One context serves every step of a run in turn (kernels use it only
 * while they run): the executor points it at the step and fills in the input values.
 */
class StepContext implements KernelContext {
  step!: Step;
  /** The step's input values by input slot (only the first `numInputs` belong to the step). */
  readonly inputs: RuntimeValue[] = [];
  frame: FrameTag = ROOT_FRAME_TAG;

  constructor(readonly session: KernelSession) {}

  get op(): Operation { return this.step.op; }
  get numInputs(): number { return this.step.sources.length; }

  isDead(i: number): boolean { return this.inputs[i] === DEAD; }

  input(i: number): NDArray {
    const v = this.inputs[i];
    if (v instanceof NDArray) return v;
    if (v === DEAD) throw new InvalidArgumentError(this.op, this.op, `Input ${i} of '${this.op.name}' is on a branch of a conditional that was not taken`);
    if (v.slot.value === null) {
      throw new FailedPreconditionError(this.op, this.op, `Attempting to use uninitialized value ${this.op.inputs[i].inputString}`);
    }
    return v.slot.value;
  }

  ref(i: number): VariableSlot {
    const v = this.inputs[i];
    if (!(v instanceof RefValue)) {
      throw new InvalidArgumentError(this.op, this.op, `Input ${i} of ${this.op.type} node '${this.op.name}' must be a variable (a ref), got a value`);
    }
    return v.slot;
  }

  attr(name: string): AttrPlain { return this.op.get_attr(name); }
}

// ---- reusing the buffers of dead values -------------------------------------------------------

/**
 * The static side of buffer reuse: how many reads each step output gets in a run, and the outputs whose
 * buffers must never be reused because something may keep them after the run (a fetch, a stateful op that
 * may store its input, such as Assign, or its output, such as a dataset cache, or another device).
 */
class ReusePlan {
  /** Index of each step's first output in `reads` and `kept`. */
  readonly base: Int32Array;
  readonly reads: Int32Array;
  readonly kept: Uint8Array;
  /** Per step: whether it may keep its inputs (then what it reads is never reused, a variable's value included). */
  readonly keepsInputs: Uint8Array;

  constructor(plan: Plan) {
    const steps = plan.steps;
    this.base = new Int32Array(steps.length);
    let total = 0;
    steps.forEach((s, i) => { this.base[i] = total; total += s.op.outputs.length; });
    this.reads = new Int32Array(total);
    this.kept = new Uint8Array(total);
    this.keepsInputs = new Uint8Array(steps.length);
    const onCpu = (s: Step) => s.device.device_type === 'CPU';
    steps.forEach((s, i) => {
      // A loop invariant (an Enter with is_constant) reaches every iteration: its value lives through the loop.
      const invariant = s.kind === StepKind.Enter && s.op.get_attr('is_constant') === true;
      if (!onCpu(s) || isStateful(s.op) || invariant) this.kept.fill(1, this.base[i], this.base[i] + s.op.outputs.length);
    });
    steps.forEach((s, i) => {
      // An optimizer update only reads its gradient and hyper-parameters; other stateful ops may keep what they
      // get, and an op making a dataset or resource value (variant, resource) holds its inputs inside it.
      const keepsInputs = !onCpu(s) || (isStateful(s.op) && !TRAINING_OP_INPUTS.has(s.op.type))
        || s.op.outputs.some((t) => HANDLE_DTYPES.has(t.dtype.base_dtype));
      this.keepsInputs[i] = keepsInputs ? 1 : 0;
      for (let k = 0; k < s.inputSteps.length; k++) {
        const from = s.inputSteps[k];
        if (from < 0) continue;
        const o = this.base[from] + s.inputOutputs[k];
        this.reads[o]++;
        if (keepsInputs || s.refInputs.has(k)) this.kept[o] = 1;
      }
    });
    for (const f of plan.fetchSources) if ('step' in f) this.kept[this.base[f.step] + f.output] = 1;
  }
}

const HANDLE_DTYPES: ReadonlySet<DType> = new Set([variant, resource]);

/** A buffer the run allocated: the reads still to come of the values that hold it. */
interface Owned { readonly buffer: PooledArray; pending: number }

/**
 * The dynamic side, for one run: buffers allocated by the run's kernels are followed through the values
 * that hold them (an output, and any later output sharing its storage, as Identity or Reshape give) and
 * go back to the pool when the last read of the last of those values is done. In a plan with while loops a
 * step runs once per iteration and each run of it sends each output along each of its edges at most once
 * (a loop invariant, sent to every iteration, is kept), so the count holds there too; a value sent and never
 * read (a Merge takes only its first input) keeps its buffer out of the pool.
 */
class BufferLedger {
  /** Filled by the allocator (the big allocations of the kernel running now) and by variable updates. */
  readonly record: RunRecord = { fresh: [], retired: [] };
  private readonly owned = new Map<ArrayBufferLike, Owned>();

  constructor(private readonly plan: ReusePlan) {}

  /**
   * After step `i` ran on `inputs` (by input slot): follows its outputs' buffers, then counts the reads of
   * its inputs as done.
   */
  stepRan(i: number, step: Step, inputs: readonly (RuntimeValue | undefined)[], result: readonly RuntimeValue[]): void {
    if (this.plan.keepsInputs[i]) this.shareInputs(step, inputs);
    const fresh = this.record.fresh;
    if (fresh.length === 0 && this.owned.size === 0) return;
    const base = this.plan.base[i];
    for (let k = 0; k < result.length; k++) {
      const buffer = hostBuffer(result[k]);
      if (!buffer) continue;
      let owned = this.owned.get(buffer);
      if (!owned) {
        const data = fresh.find((d) => d.buffer === buffer);
        if (!data) continue;   // not the run's: a constant's value, a fed array, a variable's value
        this.owned.set(buffer, owned = { buffer: data, pending: 0 });
      }
      if (this.plan.kept[base + k]) { this.owned.delete(buffer); owned.pending = -1; continue; }
      if (owned.pending >= 0) owned.pending += this.plan.reads[base + k];
    }
    fresh.length = 0;
    const from = step.inputSteps;
    for (let k = 0; k < from.length; k++) {
      if (from[k] < 0) continue;
      const buffer = hostBuffer(inputs[k]);
      const owned = buffer && this.owned.get(buffer);
      if (owned && --owned.pending === 0) {
        this.owned.delete(buffer);
        releaseBuffer(owned.buffer);
      }
    }
    // Outputs nothing reads (a second output no one uses) are dead at once.
    for (let k = 0; k < result.length; k++) {
      const buffer = hostBuffer(result[k]);
      const owned = buffer && this.owned.get(buffer);
      if (owned && owned.pending === 0) {
        this.owned.delete(buffer);
        releaseBuffer(owned.buffer);
      }
    }
  }

  /** What a step that may keep its inputs read (values, and variables' values) is never reused. */
  private shareInputs(step: Step, inputs: readonly (RuntimeValue | undefined)[]): void {
    const from = step.inputSteps;
    for (let k = 0; k < from.length; k++) {
      const v = from[k] < 0 ? null : inputs[k];
      const buffer = hostBuffer(v instanceof RefValue ? v.slot.value ?? undefined : v ?? undefined);
      if (!buffer) continue;
      markShared(buffer);
      this.owned.delete(buffer);
    }
  }
}

/** The storage of a value computed on the host, or null (refs, dead values, strings, device-side values). */
function hostBuffer(v: RuntimeValue | undefined): ArrayBufferLike | null {
  if (!(v instanceof NDArray) || v instanceof DeferredArray) return null;
  const data = v.data;
  return Array.isArray(data) ? null : (data as NumericData).buffer;
}

// ---- while loops: frames and iterations (TF's executor) --------------------------------------

/**
 * A while loop's frame as the plan sees it: one per `frame_name`, with its parent frame, the number of
 * Enter steps that feed it and its Exit steps. At run time each entry into the loop (each iteration of
 * the parent that reaches it) is an instance of it (a FrameState).
 */
interface FrameInfo {
  readonly name: string;
  readonly parent: FrameInfo | null;
  enterCount: number;
  readonly exits: number[];
}

/** Merge flags: scheduled, got a live data input, got a dead control input. */
const SCHEDULED = 1, LIVE_DATA = 2, DEAD_CONTROL = 4;

/**
 * The static side of running a plan with loops: each step's consumers, the frame each step runs in
 * (an Enter leads into its `frame_name`'s frame, an Exit back to the parent), and what a Merge waits for.
 */
class LoopPlan {
  /** Per step and output: the (consumer step, input slot) of each data edge. */
  readonly dataOut: { step: number; slot: number }[][][];
  readonly controlOut: number[][];
  /** Per step: the edges from steps it waits for (all of them; for a Merge only its control edges). */
  readonly required: Int32Array;
  /** Per Merge step: its data inputs from NextIteration (the back edge), and the others. */
  readonly mergeBackEdges: Int32Array;
  readonly mergeForward: Int32Array;
  /** The frame each step runs in, and for Enter steps the frame their output goes to. */
  readonly frameOf: FrameInfo[];
  readonly enterFrame = new Map<number, FrameInfo>();
  readonly root: FrameInfo = { name: '', parent: null, enterCount: 0, exits: [] };
  readonly fetchSteps: Set<number>;

  constructor(readonly plan: Plan) {
    const steps = plan.steps, n = steps.length;
    this.dataOut = steps.map((s) => s.op.outputs.map(() => []));
    this.controlOut = steps.map(() => []);
    this.required = new Int32Array(n);
    this.mergeBackEdges = new Int32Array(n);
    this.mergeForward = new Int32Array(n);
    steps.forEach((step, i) => {
      step.sources.forEach((src, slot) => {
        if ('feed' in src) return;
        this.dataOut[src.step][src.output].push({ step: i, slot });
        if (step.kind !== StepKind.Merge) this.required[i]++;
        else if (steps[src.step].kind === StepKind.NextIteration) this.mergeBackEdges[i]++;
        else this.mergeForward[i]++;
      });
      for (const c of step.controlSteps) { this.controlOut[c].push(i); this.required[i]++; }
    });

    // In step order (topological without back edges), each step runs in the frame its first input's
    // value is in; steps without inputs run in the root frame.
    const frames = new Map<string, FrameInfo>();
    this.frameOf = new Array(n);
    const outputFrame = (i: number): FrameInfo => {
      const f = this.frameOf[i];
      if (steps[i].kind === StepKind.Exit) return f.parent ?? f;
      return this.enterFrame.get(i) ?? f;
    };
    steps.forEach((step, i) => {
      const first = step.sources.find((s): s is { step: number; output: number } => 'step' in s && !(step.kind === StepKind.Merge && steps[s.step].kind === StepKind.NextIteration));
      const from = first ? first.step : step.controlSteps[0];
      const frame = from === undefined ? this.root : outputFrame(from);
      this.frameOf[i] = frame;
      if (step.kind === StepKind.Enter) {
        const name = String(step.op.get_attr('frame_name'));
        let child = frames.get(name);
        if (!child) frames.set(name, child = { name, parent: frame, enterCount: 0, exits: [] });
        child.enterCount++;
        this.enterFrame.set(i, child);
      }
      if (step.kind === StepKind.Exit) frame.exits.push(i);
    });
    this.fetchSteps = new Set(plan.fetchSources.flatMap((s) => ('step' in s ? [s.step] : [])));
    for (const i of this.fetchSteps) {
      const frame = outputFrame(i);
      if (frame !== this.root) {
        const op = steps[i].op;
        throw new InvalidArgumentError(op, op, `Operation '${op.name}' has been marked as not fetchable: it runs inside the while loop '${frame.name}'; fetch a value the loop returns (an Exit) instead.`);
      }
    }
  }

  /** Runs the plan; returns where to read each fetched value. */
  run(feedValues: readonly NDArray[], session: KernelSession, ledger: BufferLedger): (s: Source) => RuntimeValue {
    return new LoopRun(this, feedValues, session, ledger).run();
  }
}

/** One iteration of a frame instance: what each step received so far. */
class IterationState {
  readonly arrived: Int32Array;
  readonly dead: Int32Array;
  readonly flags: Uint8Array;
  readonly inputs: (RuntimeValue[] | undefined)[];
  /** Steps queued in this iteration, and child frames started from it. */
  outstanding = 0;

  constructor(n: number) {
    this.arrived = new Int32Array(n);
    this.dead = new Int32Array(n);
    this.flags = new Uint8Array(n);
    this.inputs = new Array(n);
  }
}

/** One entry into a while loop (the root frame is one too). */
class FrameState {
  readonly iterations = new Map<number, IterationState>();
  /** The newest iteration started, and the oldest one not yet retired. */
  last = 0;
  oldest = 0;
  enters = 0;
  parallelIterations = 1;
  /** Values of loop-invariant Enters (is_constant): every iteration gets them. */
  readonly invariants: { step: number; value: RuntimeValue }[] = [];
  /** NextIteration outputs waiting for an older iteration to retire (parallel_iterations reached). */
  deferred: { step: number; value: RuntimeValue }[] = [];
  readonly liveExits = new Set<number>();
  readonly children = new Map<string, FrameState>();
  done = false;

  constructor(readonly info: FrameInfo, readonly parent: FrameState | null, readonly parentIteration: number, n: number) {
    this.iterations.set(0, new IterationState(n));
  }

  get name(): string { return this.info.name; }
}

/** A queued step: which step, in which frame instance and iteration. */
interface Ready { readonly step: number; readonly frame: FrameState; readonly iteration: number }

/** One run of a plan with loops: TF's executor, single-threaded, over a FIFO of ready steps. */
class LoopRun {
  private queue: Ready[] = [];
  private readonly rootFrame: FrameState;
  private readonly fetched = new Map<number, RuntimeValue[]>();
  private readonly n: number;

  constructor(private readonly loops: LoopPlan, private readonly feedValues: readonly NDArray[], private readonly session: KernelSession, private readonly ledger: BufferLedger) {
    this.n = loops.plan.steps.length;
    this.rootFrame = new FrameState(loops.root, null, 0, this.n);
  }

  run(): (s: Source) => RuntimeValue {
    const steps = this.loops.plan.steps;
    const rootState = this.rootFrame.iterations.get(0)!;
    for (let i = 0; i < this.n; i++) {
      if (this.loops.required[i] === 0 && steps[i].kind !== StepKind.Merge) this.schedule(i, this.rootFrame, 0, rootState);
    }
    const deadline = runDeadline();
    for (let head = 0; head < this.queue.length; head++) {
      checkDeadline(deadline);
      this.process(this.queue[head]);
      // A long loop queues many steps: drop the ones already processed now and then.
      if (head >= 4095) { this.queue = this.queue.slice(head + 1); head = -1; }
    }
    return (s) => {
      if ('feed' in s) return this.feedValues[s.feed];
      const out = this.fetched.get(s.step);
      if (!out) {
        const op = steps[s.step].op;
        throw new InvalidArgumentError(op, op, `'${op.name}' did not run: it waits on a while loop frame that never got all its inputs`);
      }
      return out[s.output];
    };
  }

  /** Whether step `i` has all it waits for in this iteration. */
  private isReady(i: number, iteration: number, state: IterationState): boolean {
    if (state.arrived[i] !== this.loops.required[i]) return false;
    if (this.loops.plan.steps[i].kind !== StepKind.Merge) return true;
    if (state.flags[i] & LIVE_DATA) return true;
    // A Merge with no live input runs (dead) once all the inputs this iteration can bring are dead:
    // the loop entry in iteration 0, the back edge after.
    const back = this.loops.mergeBackEdges[i];
    return state.dead[i] === (back > 0 && iteration > 0 ? back : this.loops.mergeForward[i]);
  }

  private schedule(step: number, frame: FrameState, iteration: number, state: IterationState): void {
    state.flags[step] |= SCHEDULED;
    state.outstanding++;
    this.queue.push({ step, frame, iteration });
  }

  /** Delivers a data value (`slot` ≥ 0) or a control signal (`slot` -1) to a step in one iteration. */
  private deliver(frame: FrameState, iteration: number, step: number, slot: number, value: RuntimeValue | null): void {
    const state = frame.iterations.get(iteration)!;
    if (state.flags[step] & SCHEDULED) return;   // a Merge already on its way ignores later inputs
    const isMerge = this.loops.plan.steps[step].kind === StepKind.Merge;
    if (slot < 0) {
      state.arrived[step]++;
      if (value === DEAD) { if (isMerge) state.flags[step] |= DEAD_CONTROL; else state.dead[step]++; }
    } else {
      let inputs = state.inputs[step];
      if (!inputs) state.inputs[step] = inputs = new Array(this.loops.plan.steps[step].sources.length);
      inputs[slot] = value!;
      if (!isMerge) state.arrived[step]++;
      if (value === DEAD) state.dead[step]++;
      else if (isMerge) state.flags[step] |= LIVE_DATA;
    }
    if (this.isReady(step, iteration, state)) this.schedule(step, frame, iteration, state);
  }

  private process({ step: i, frame, iteration }: Ready): void {
    const step = this.loops.plan.steps[i];
    const state = frame.iterations.get(iteration)!;
    const inputs = state.inputs[i] ?? [];
    let isDead: boolean;
    if (step.kind === StepKind.Merge) isDead = (state.flags[i] & (LIVE_DATA | DEAD_CONTROL)) !== LIVE_DATA;
    else isDead = step.kind !== StepKind.ControlTrigger && state.dead[i] > 0;
    state.inputs[i] = undefined;
    state.arrived[i] = 0;
    state.dead[i] = 0;
    state.flags[i] = 0;

    let outputs: RuntimeValue[];
    let read: readonly (RuntimeValue | undefined)[] = inputs;
    if (isDead) outputs = step.op.outputs.map(() => DEAD);
    else {
      const ctx = new StepContext(this.session);
      ctx.step = step;
      ctx.frame = { name: frame.name, iteration };
      step.sources.forEach((s, k) => { ctx.inputs[k] = 'feed' in s ? this.feedValues[s.feed] : inputs[k] ?? DEAD; });
      try {
        outputs = step.kernel(ctx);
      } catch (e) {
        throw annotate(e, step.op);
      }
      if (outputs.length > 0 && outputs.every((v) => v === DEAD)) isDead = true;
      read = ctx.inputs;
    }
    this.ledger.stepRan(i, step, read, outputs);
    this.propagate(i, step, frame, iteration, outputs, isDead);
    state.outstanding--;
    this.retireIterations(frame);
  }

  private propagate(i: number, step: Step, frame: FrameState, iteration: number, outputs: RuntimeValue[], isDead: boolean): void {
    switch (step.kind) {
      case StepKind.Enter: {
        const child = this.childFrame(frame, iteration, this.loops.enterFrame.get(i)!, step);
        child.enters++;
        if (step.op.get_attr('is_constant') === true) {
          // A loop invariant reaches every iteration, those running now and those to come.
          child.invariants.push({ step: i, value: outputs[0] });
          for (const it of [...child.iterations.keys()]) this.send(i, outputs, isDead, child, it);
        } else this.send(i, outputs, isDead, child, 0);
        this.retireIterations(child);
        return;
      }
      case StepKind.Exit:
        if (isDead) return;   // the loop goes on: only the last iteration's Exit leaves the frame
        frame.liveExits.add(i);
        this.send(i, outputs, isDead, frame.parent!, frame.parentIteration);
        return;
      case StepKind.NextIteration:
        if (!isDead) this.nextIteration(frame, iteration, i, outputs[0]);   // a dead value ends its path
        return;
      default:
        this.send(i, outputs, isDead, frame, iteration);
    }
  }

  /** Sends step `i`'s outputs to its consumers in one iteration of `frame`. */
  private send(i: number, outputs: RuntimeValue[], isDead: boolean, frame: FrameState, iteration: number): void {
    if (frame === this.rootFrame && this.loops.fetchSteps.has(i)) this.fetched.set(i, outputs);
    const edges = this.loops.dataOut[i];
    for (let k = 0; k < edges.length; k++) {
      for (const e of edges[k]) this.deliver(frame, iteration, e.step, e.slot, outputs[k]);
    }
    for (const c of this.loops.controlOut[i]) this.deliver(frame, iteration, c, -1, isDead ? DEAD : null);
  }

  private childFrame(parent: FrameState, iteration: number, info: FrameInfo, enter: Step): FrameState {
    const key = `${info.name}@${iteration}`;
    let child = parent.children.get(key);
    if (!child) {
      child = new FrameState(info, parent, iteration, this.n);
      child.parallelIterations = Math.max(1, Number(enter.op.get_attr('parallel_iterations')));
      parent.children.set(key, child);
      parent.iterations.get(iteration)!.outstanding++;   // the parent iteration lasts until the loop ends
    }
    return child;
  }

  private nextIteration(frame: FrameState, iteration: number, step: number, value: RuntimeValue): void {
    const next = iteration + 1;
    if (!frame.iterations.has(next)) {
      if (next - frame.oldest >= frame.parallelIterations) { frame.deferred.push({ step, value }); return; }
      this.startIteration(frame, next);
    }
    this.send(step, [value], false, frame, next);
  }

  private startIteration(frame: FrameState, iteration: number): void {
    frame.iterations.set(iteration, new IterationState(this.n));
    frame.last = iteration;
    for (const inv of frame.invariants) this.send(inv.step, [inv.value], inv.value === DEAD, frame, iteration);
  }

  /**
   * Retires finished iterations, oldest first (one is finished when nothing of it is queued and, for
   * iteration 0, every Enter has arrived), starts a deferred iteration when there is room, and ends the
   * frame when nothing more can happen in it.
   */
  private retireIterations(frame: FrameState): void {
    if (frame.done || frame === this.rootFrame) return;
    for (;;) {
      const oldest = frame.iterations.get(frame.oldest)!;
      if (oldest.outstanding > 0) return;
      if (frame.oldest === 0 && frame.enters < frame.info.enterCount) return;
      if (frame.oldest === frame.last && frame.deferred.length === 0) { this.finishFrame(frame); return; }
      frame.iterations.delete(frame.oldest);
      frame.oldest++;
      if (frame.deferred.length && frame.last + 1 - frame.oldest < frame.parallelIterations) {
        const deferred = frame.deferred;
        frame.deferred = [];
        const next = frame.last + 1;
        this.startIteration(frame, next);
        for (const d of deferred) this.send(d.step, [d.value], false, frame, next);
      }
    }
  }

  /** A loop instance ended: its Exits that delivered nothing leave dead (the loop was on a dead branch). */
  private finishFrame(frame: FrameState): void {
    frame.done = true;
    const parent = frame.parent!;
    parent.children.delete(`${frame.info.name}@${frame.parentIteration}`);
    for (const exit of frame.info.exits) {
      if (!frame.liveExits.has(exit)) this.send(exit, this.loops.plan.steps[exit].op.outputs.map(() => DEAD), true, parent, frame.parentIteration);
    }
    parent.iterations.get(frame.parentIteration)!.outstanding--;
    this.retireIterations(parent);
  }
}

/** The frame and iteration a kernel runs in. */
export interface FrameTag { readonly name: string; readonly iteration: number }
const ROOT_FRAME_TAG: FrameTag = { name: '', iteration: 0 };
/**
 * Adds TF's node annotation to an op error raised by a kernel; in a notebook it also says where the
 * node was defined, as TF 1.13+ does (`[[node w/read (defined at cell [3], line 2) ]]`).
 */
function annotate(e: unknown, op: Operation): unknown {
  if (!(e instanceof OpError) || e.message.includes('\t [[') || isRunTimeout(e)) return e;
  const origin = describeOrigin(op);
  const note = origin ? `[[node ${op.name} (defined at ${origin}) ]]` : `[[{{node ${op.name}}}]]`;
  const Cls = e.constructor as new (n: Operation, o: Operation, m: string) => OpError;
  return new Cls(op, op, `${e.message}\n\t ${note}`);
}
