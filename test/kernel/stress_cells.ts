/**
 * A seeded mix of the cells a student's mistakes make: syntax and type errors, throws of values
 * that are not Errors (from the cell, timers, promises, emitters), deep recursion, huge output,
 * wrong tf usage, junk given to `display`, values whose display throws or cannot be sent as JSON.
 * The stress test (stress.test.ts) and the survival bench run it against one kernel.
 */
import { mulberry32 } from '../../lib/framework/mulberry32';

export interface StressCell {
  kind: string;
  code: string;
}

/** Values a cell may throw, reject with or display: every kind JavaScript has, and hostile ones. */
const THROWN = [
  'undefined', 'null', '0', '42', '""', '"a string"', 'Symbol("s")', '10n', 'true', '{}', '[]', '{ code: 1 }',
  'new Error("plain")', 'new RangeError("range")', 'Object.create(null)',
  '{ toString() { throw new Error("no toString") } }',
  'new Proxy({}, { get() { throw new Error("no get") } })',
  'new Proxy({}, { get() { throw new Error("no get") }, getPrototypeOf() { throw new Error("no proto") }, ownKeys() { throw new Error("no keys") } })',
  'Object.assign(new Error("with a hostile stack"), { get stack(): string { throw new Error("no stack") } })',
  '(() => { const e = new Error("circular"); (e as unknown as Record<string, unknown>).self = e; return e; })()',
];

/** Values whose display is refused, throws, or cannot be sent as JSON. */
const DISPLAYED = [
  'undefined', 'null', 'Symbol("shown")', '10n', '() => 1', 'new Proxy({}, { get() { throw new Error("no get") } })',
  '{ [Symbol.for("Jupyter.display")]() { throw new Error("bad display") } }',
  '{ [Symbol.for("Jupyter.display")]() { return 42 } }',
  '{ [Symbol.for("Jupyter.display")]() { return null } }',
  '{ [Symbol.for("Jupyter.display")]() { const b: Record<string, unknown> = { "text/plain": "c" }; b.self = b; return b } }',
  '{ [Symbol.for("Jupyter.display")]() { return { "text/plain": "big", "application/json": { n: 1n } } } }',
  '{ [Symbol.for("Jupyter.display")]() { return { "text/plain": () => 1 } } }',
  '{ get [Symbol.for("Jupyter.display")]() { throw new Error("hostile getter") } }',
];

const pick = <T>(rng: () => number, items: readonly T[]): T => items[Math.floor(rng() * items.length)];

/** How long a cell waits so its callbacks fire while it runs (some do after it, for the next cell). */
const settle = (rng: () => number): string => (rng() < 0.5 ? '\nawait new Promise((resolve) => setTimeout(resolve, 20));' : '');

const KINDS: Record<string, (rng: () => number, i: number) => string> = {
  syntax: (rng, i) => pick(rng, [`const broken${i} = (;`, `function f${i}( {`, `let x${i} = [1, 2`, '}}}', 'class {', `import from "x${i}"`]),
  types: (rng, i) => pick(rng, [`const n${i}: number = "text";`, `undefinedName${i}.call()`, `tf.no_such_op${i}(1)`, `(1 as unknown as string).toUpperCase(${i})`]),
  'throw in the cell': (rng) => `throw ${pick(rng, THROWN)}`,
  'throw in a timer': (rng) => `setTimeout(() => { throw ${pick(rng, THROWN)} }, ${Math.floor(rng() * 5)});${settle(rng)}`,
  'throw in an immediate': (rng) => `setImmediate(() => { throw ${pick(rng, THROWN)} });${settle(rng)}`,
  'reject unhandled': (rng) => `Promise.reject(${pick(rng, THROWN)});${settle(rng)}`,
  'reject awaited': (rng) => `await Promise.reject(${pick(rng, THROWN)})`,
  'throw in an async function nobody awaits': (rng) => `(async () => { await null; throw ${pick(rng, THROWN)} })();${settle(rng)}`,
  'emitter error': (rng) => `const emitter = new (require("events").EventEmitter)();\nsetTimeout(() => emitter.emit("error", ${pick(rng, THROWN)}), 0);${settle(rng)}`,
  'interval that throws': () => 'let ticks = 0;\nconst timer = setInterval(() => { if (++ticks >= 3) clearInterval(timer); throw new Error(`tick ${ticks}`) }, 1);\nawait new Promise((resolve) => setTimeout(resolve, 30));',
  'I/O callback throws': (rng) => `require("fs").readFile("/no/such/file", () => { throw ${pick(rng, THROWN)} });${settle(rng)}`,
  'deep recursion': (rng) => pick(rng, [
    'function down(n: number): number { return down(n + 1) + 1 }\ndown(0)',
    'const nest = (n: number): unknown => [nest(n + 1)];\nnest(0)',
    'JSON.stringify((() => { let o: unknown = {}; for (let i = 0; i < 1e6; i++) o = { o }; return o })())',
  ]),
  'huge output': (rng) => pick(rng, [
    `console.log("z".repeat(${1 + Math.floor(rng() * 3)}_000_000))`,
    'for (let k = 0; k < 20000; k++) console.log(k)',
    '"y".repeat(5_000_000)',
    'Array.from({ length: 200000 }, (_, k) => k)',
    'process.stderr.write("e".repeat(3_000_000))',
  ]),
  'wrong tf usage': (rng) => pick(rng, [
    'tf.Session((s) => s.run(tf.matmul(tf.ones([2, 3]), tf.ones([2, 3]))))',
    'new tf.Session().run(undefined as unknown as tf.Tensor)',
    'const p = tf.placeholder(tf.float32, [2]);\nnew tf.Session().run(p)',
    'const v = tf.Variable(1.0);\nnew tf.Session().run(v)',
    'tf.reshape(tf.ones([6]), [4, 4])',
    'new tf.Session().run(tf.zeros([100000, 100000]))',
    'tf.constant([[1, 2], [3]])',
    'tf.get_variable("shared", [1]); tf.get_variable("shared", [1])',
    'tf.Session((s) => s.run(tf.cast(tf.constant("text"), tf.float32)))',
  ]),
  'junk to display': (rng) => pick(rng, [
    `display(${pick(rng, DISPLAYED)})`,
    `display(${pick(rng, DISPLAYED)}, { raw: true })`,
    'const meta: Record<string, unknown> = {}; meta.self = meta;\ndisplay("x", { metadata: meta })',
    'display({ "text/plain": "big", "application/json": { n: 10n } }, { raw: true })',
    'display("x", { displayId: {} as unknown as string })',
    'display("x", { update: true })',
    'display.html(123 as unknown as string)',
    'display.json(new Proxy({}, { ownKeys() { throw new Error("no keys") } }))',
    'setTimeout(() => display({ "text/plain": "late", "application/json": { n: 1n } }, { raw: true }), 0);\nawait new Promise((resolve) => setTimeout(resolve, 20));',
  ]),
  'hostile last value': (rng) => `(${pick(rng, DISPLAYED)})`,
  'hostile console': (rng) => `console.log(${pick(rng, THROWN)})`,
};

/** `count` cells drawn with `seed`, every kind in turn in a seeded order, with seeded details. */
export function stressCells(seed: number, count: number): StressCell[] {
  const rng = mulberry32(seed);
  const kinds = Object.keys(KINDS);
  const cells: StressCell[] = [];
  for (let i = 0; i < count; i++) {
    const kind = i < kinds.length ? kinds[i] : pick(rng, kinds);
    cells.push({ kind, code: KINDS[kind](rng, i) });
  }
  return cells;
}
