/**
 * Every folder of `../shared/fixtures/tf-wild` (TF-written files from public repositories, TF 0.7 to 1.11)
 * against what an independent reader saw in it (`expected.json`): every checkpoint tensor read exactly, every
 * graph imported (GraphDefs, metas, SavedModels, graphs inside event files), variables restored into their
 * meta graph, and the forward runs the file lists. What depends on work not done yet is listed in PENDING:
 * each pending step still runs, and counts as pending only while it fails with the error recorded for it.
 */
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '../../../lib';
import { GraphDef, GraphDefCodec, MetaGraphDef } from '../../../lib/proto';
import { read_meta_graph_file } from '../../../lib/train/meta_graph';
import { sharedFixtures } from './helpers';

interface Fingerprint { count: number; first5: number[]; last: number | null; sum: number; wsum: number; min: number | null; max: number | null }
interface TensorExpect extends Partial<Fingerprint> { dtype: string; shape: number[]; hex?: string[] }
interface FeedExpect { dtype: string; shape: number[]; values: (number | string)[] }
interface RunExpect {
  name: string;
  feeds: Record<string, FeedExpect> | string[];
  fetch: string[];
  steps?: string[];
  init_ops?: string[];
  expect?: { shape: number[]; fingerprint?: Fingerprint; values?: number[] }[];
  expect_shape_only?: number[][];
  rtol?: number;
  atol?: number;
}
interface MetaSummary {
  tensorflow_version: string; producer: number | null; node_count: number; op_counts: Record<string, number>;
  tags: string[]; variables_in_graph: { name: string; op: string; dtype: string; shape: number[] | null }[];
  signature_defs: Record<string, { inputs: Record<string, string>; outputs: Record<string, string>; method_name: string }>;
}
interface CheckpointExpect {
  prefix: string; format: 'V1' | 'V2'; tensors: Record<string, TensorExpect>; state_file_points_here: boolean;
  meta?: string; meta_summary?: MetaSummary;
  restore_expect?: Record<string, { key: string; snapshot: string; shape: number[]; fingerprint: Fingerprint }>;
  runs: RunExpect[];
}
interface GraphExpect { file: string; node_count: number; producer: number | null; op_counts: Record<string, number>; runs: RunExpect[] }
interface EventsExpect {
  file: string; records: number; file_version: string; graph_def_events: { nodes: number; producer: number; op_counts: Record<string, number> }[];
  meta_graph_def_events: unknown[]; scalar_count: number; scalars_first20: { step: number; tag: string; value: number }[];
}
interface SavedModelExpect { dir: string; schema_version: number; meta_graphs: MetaSummary[]; runs: RunExpect[] }
interface FolderExpect {
  checkpoints?: CheckpointExpect[]; graphs?: GraphExpect[]; events?: EventsExpect[]; saved_models?: SavedModelExpect[];
  metas?: { file: string; meta_summary: MetaSummary }[];
}

/** Steps that need work not done yet, by `<folder>: <step>`, with the error they fail with today. */
const PENDING: Record<string, { needs: string; fails: RegExp }> = {};

const root = sharedFixtures('tf-wild');
const folders = fs.readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();

function flatValues(a: tf.NDArray): number[] {
  if (a.dtype.storage === 'string') throw new Error('string tensor');
  return Array.from(a.values as ArrayLike<number | bigint | boolean>, Number);
}

function fingerprintOf(values: readonly number[]): Fingerprint {
  let sum = 0, wsum = 0, min = Infinity, max = -Infinity;
  values.forEach((v, i) => { sum += v; wsum += v * (1 + (i % 13)); min = Math.min(min, v); max = Math.max(max, v); });
  return {
    count: values.length, first5: values.slice(0, 5), last: values.length ? values[values.length - 1] : null,
    sum, wsum, min: values.length ? min : null, max: values.length ? max : null,
  };
}

/** Values exactly; sums to 1e-12 relative (the reader's summation order is numpy's, pairwise). */
function assertFingerprint(actual: tf.NDArray, expected: Partial<Fingerprint> & { hex?: string[] }, what: string): void {
  if (actual.dtype.storage === 'string') {
    if (expected.hex) assert.deepEqual(actual.strings.map((s) => Buffer.from(s).toString('hex')), expected.hex, what);
    return;
  }
  const fp = fingerprintOf(flatValues(actual));
  assert.equal(fp.count, expected.count, `${what}: count`);
  assert.deepEqual(fp.first5, expected.first5, `${what}: first5`);
  assert.equal(fp.last, expected.last, `${what}: last`);
  assert.equal(fp.min, expected.min, `${what}: min`);
  assert.equal(fp.max, expected.max, `${what}: max`);
  for (const k of ['sum', 'wsum'] as const) {
    const e = expected[k]!;
    assert.ok(Math.abs(fp[k] - e) <= 1e-12 * Math.max(1, Math.abs(e)), `${what}: ${k} ${fp[k]} vs ${e}`);
  }
}

function opCounts(def: GraphDef): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const n of def.node ?? []) counts[n.op!] = (counts[n.op!] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function sorted(r: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function checkMetaSummary(meta: MetaGraphDef, s: MetaSummary, what: string): void {
  assert.equal(meta.meta_info_def?.tensorflow_version ?? '', s.tensorflow_version, `${what}: tensorflow_version`);
  assert.equal(meta.graph_def?.versions?.producer ?? null, s.producer, `${what}: producer`);
  assert.equal(meta.graph_def?.node?.length, s.node_count, `${what}: node count`);
  assert.deepEqual(opCounts(meta.graph_def ?? {}), sorted(s.op_counts), `${what}: op counts`);
  assert.deepEqual(meta.meta_info_def?.tags ?? [], s.tags, `${what}: tags`);
}

/** After the import: the graph holds every node, and each variable the summary lists with its dtype and shape. */
function checkImported(graph: tf.Graph, s: MetaSummary, scope: string): void {
  const ops = graph.get_operations();
  assert.ok(ops.length >= s.node_count, `${ops.length} ops for ${s.node_count} nodes`);
  for (const v of s.variables_in_graph) {
    const op = graph.get_operation_by_name(scope + v.name);
    assert.equal(op.type, v.op, v.name);
    assert.equal(op.outputs[0].dtype.base_dtype.name, v.dtype, v.name);
    if (v.shape) assert.deepEqual(op.outputs[0].shape.as_list(), v.shape, v.name);
  }
}

function feedsOf(run: RunExpect): Record<string, tf.NDArray> {
  const feeds: Record<string, tf.NDArray> = {};
  if (Array.isArray(run.feeds)) return feeds;
  for (const [name, f] of Object.entries(run.feeds)) {
    const dtype = tf.as_dtype(f.dtype);
    feeds[name] = tf.NDArray.from(f.values as number[], dtype).reshape(f.shape);
  }
  return feeds;
}

function checkRun(sess: tf.Session, run: RunExpect): void {
  for (const op of run.init_ops ?? []) sess.run(op);
  for (const step of run.steps ?? []) sess.run(step);
  const values = sess.run(run.fetch, feedsOf(run)) as tf.NDArray[];
  (run.expect ?? []).forEach((e, i) => {
    const got = values[i];
    assert.deepEqual(got.shape, e.shape, `${run.fetch[i]}: shape`);
    const want = e.values ?? e.fingerprint!.first5;
    const flat = flatValues(got);
    want.forEach((w, j) => {
      const tol = (run.atol ?? 0) + (run.rtol ?? 0) * Math.abs(w);
      assert.ok(Math.abs(flat[j] - w) <= tol, `${run.fetch[i]}[${j}] = ${flat[j]}, expected ${w}`);
    });
    if (e.fingerprint) {
      const fp = fingerprintOf(flat);
      const tol = (run.atol ?? 0) * fp.count + (run.rtol ?? 0) * Math.abs(e.fingerprint.sum);
      assert.ok(Math.abs(fp.sum - e.fingerprint.sum) <= tol + 1e-9, `${run.fetch[i]}: sum ${fp.sum} vs ${e.fingerprint.sum}`);
    }
  });
}

/**
 * Runs a step. A PENDING one runs too: it passes once the work it needs has landed, shows as pending
 * (mocha's skip) while it fails with the recorded error, and fails on any other error.
 */
function step(folder: string, name: string, fn: () => void): void {
  const pending = PENDING[`${folder}: ${name}`];
  if (!pending) { it(name, fn); return; }
  it(`${name} [pending until ${pending.needs}]`, function () {
    try {
      fn();
    } catch (e) {
      if (pending.fails.test((e as Error).message)) this.skip();
      throw e;
    }
  });
}

describe('tf-wild: TF-written files from public repositories, read as an independent reader saw them', function () {
  this.timeout(120000);
  beforeEach(() => tf.reset_default_graph());

  it('covers every folder', () => {
    assert.ok(folders.length >= 8);
    for (const f of folders) assert.ok(fs.existsSync(path.join(root, f, 'expected.json')), f);
  });

  for (const folder of folders) {
    describe(folder, () => {
      const dir = path.join(root, folder);
      const exp = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8')) as FolderExpect;

      for (const c of exp.checkpoints ?? []) {
        const prefix = path.join(dir, c.prefix);
        step(folder, `reads every tensor of ${c.prefix} (${c.format})`, () => {
          const reader = tf.train.load_checkpoint(prefix);
          assert.equal(reader.format, c.format);
          const shapes = reader.get_variable_to_shape_map();
          const dtypes = reader.get_variable_to_dtype_map();
          assert.deepEqual(Object.keys(shapes).sort(), Object.keys(c.tensors).sort());
          for (const [name, t] of Object.entries(c.tensors)) {
            assert.equal(dtypes[name].name, t.dtype, name);
            assert.deepEqual(shapes[name], t.shape, name);
            const value = reader.get_tensor(name);
            assert.deepEqual(value.shape, t.shape, name);
            assertFingerprint(value, t, name);
          }
        });
        step(folder, `the state file points at ${c.prefix}: ${c.state_file_points_here}`, () => {
          const latest = tf.train.latest_checkpoint(dir);
          assert.equal(latest !== null && path.resolve(latest) === path.resolve(prefix), c.state_file_points_here);
        });
        if (!c.meta) continue;
        const metaFile = path.join(dir, c.meta);
        step(folder, `import ${c.meta}`, () => {
          const meta = read_meta_graph_file(metaFile);
          if (c.meta_summary) checkMetaSummary(meta, c.meta_summary, c.meta!);
          tf.train.import_meta_graph(metaFile);
          if (c.meta_summary) checkImported(tf.get_default_graph(), c.meta_summary, '');
        });
        step(folder, `import ${c.meta}, restore ${c.prefix} and read every variable back`, () => {
          const saver = tf.train.import_meta_graph(metaFile)!;
          const sess = new tf.Session();
          saver.restore(sess, prefix);
          const entries = Object.entries(c.restore_expect ?? {});
          const values = sess.run(entries.map(([, r]) => r.snapshot)) as tf.NDArray[];
          entries.forEach(([name, r], i) => {
            assert.deepEqual(values[i].shape, r.shape, name);
            assertFingerprint(values[i], r.fingerprint, name);
          });
        });
        for (const run of c.runs) {
          step(folder, `import ${c.meta}, restore, run: ${run.name}`, () => {
            const saver = tf.train.import_meta_graph(metaFile)!;
            const sess = new tf.Session();
            saver.restore(sess, prefix);
            if (run.expect_shape_only) {
              const values = sess.run(run.fetch, feedsOf(run)) as tf.NDArray[];
              run.expect_shape_only.forEach((s, i) => assert.deepEqual(values[i].shape, s));
            } else checkRun(sess, run);
          });
        }
      }

      for (const g of exp.graphs ?? []) {
        step(folder, `import ${g.file}`, () => {
          const def = tf.train.read_graph_def(path.join(dir, g.file));
          assert.equal(def.node!.length, g.node_count);
          assert.equal(def.versions?.producer ?? null, g.producer);
          assert.deepEqual(opCounts(def), sorted(g.op_counts));
          tf.import_graph_def(def, { name: '' });
          assert.equal(tf.get_default_graph().get_operations().length, g.node_count);
        });
        for (const run of g.runs) {
          step(folder, `${g.file}, run: ${run.name}`, () => {
            tf.import_graph_def(tf.train.read_graph_def(path.join(dir, g.file)), { name: '' });
            checkRun(new tf.Session(), run);
          });
        }
      }

      for (const e of exp.events ?? []) {
        const file = path.join(dir, e.file);
        step(folder, `reads the events of ${e.file}`, () => {
          const events = [...tf.train.summary_iterator(file)];
          assert.equal(events.length, e.records);
          assert.equal(events[0].file_version, e.file_version);
          const scalars = events.flatMap((ev) => (ev.summary?.value ?? []).filter((v) => v.simple_value !== undefined)
            .map((v) => ({ step: ev.step ?? 0, tag: v.tag, value: v.simple_value })));
          assert.equal(scalars.length, e.scalar_count);
          assert.deepEqual(scalars.slice(0, 20), e.scalars_first20);
          const graphs = events.filter((ev) => ev.graph_def).map((ev) => GraphDefCodec.decode(ev.graph_def!));
          assert.deepEqual(graphs.map((d) => ({ nodes: d.node!.length, producer: d.versions?.producer, op_counts: opCounts(d) })),
            e.graph_def_events.map((d) => ({ ...d, op_counts: sorted(d.op_counts) })));
          assert.equal(events.filter((ev) => ev.meta_graph_def).length, e.meta_graph_def_events.length);
        });
        step(folder, `graph in ${e.file}`, () => {
          for (const ev of tf.train.summary_iterator(file)) {
            if (!ev.graph_def) continue;
            tf.reset_default_graph();
            const def = GraphDefCodec.decode(ev.graph_def);
            tf.import_graph_def(def, { name: '' });
            assert.equal(tf.get_default_graph().get_operations().length, def.node!.length);
          }
        });
      }

      for (const m of exp.metas ?? []) {
        step(folder, `import ${m.file}`, () => {
          const file = path.join(dir, m.file);
          checkMetaSummary(read_meta_graph_file(file), m.meta_summary, m.file);
          tf.train.import_meta_graph(file);
          checkImported(tf.get_default_graph(), m.meta_summary, '');
        });
      }

      for (const sm of exp.saved_models ?? []) {
        const exportDir = path.join(dir, sm.dir);
        for (const [i, s] of sm.meta_graphs.entries()) {
          step(folder, `load SavedModel ${sm.dir} (${s.tags.join(', ')}) and check its signatures`, () => {
            const sess = new tf.Session();
            const meta = tf.saved_model.loader.load(sess, s.tags, exportDir);
            assert.equal(i < sm.meta_graphs.length, true);
            checkMetaSummary(meta, s, sm.dir);
            checkImported(sess.graph, s, '');
            const sigs = Object.fromEntries(Object.entries(meta.signature_def ?? {}).map(([k, d]) => [k, {
              inputs: Object.fromEntries(Object.entries(d.inputs ?? {}).map(([n, t]) => [n, t.name])),
              outputs: Object.fromEntries(Object.entries(d.outputs ?? {}).map(([n, t]) => [n, t.name])),
              method_name: d.method_name,
            }]));
            assert.deepEqual(sigs, s.signature_defs);
            for (const sig of Object.values(meta.signature_def ?? {})) {
              for (const t of [...Object.values(sig.inputs ?? {}), ...Object.values(sig.outputs ?? {})]) sess.graph.get_tensor_by_name(t.name!);
            }
          });
        }
        for (const run of sm.runs) {
          step(folder, `load SavedModel ${sm.dir}, run: ${run.name}`, () => {
            const sess = new tf.Session();
            tf.saved_model.loader.load(sess, sm.meta_graphs[0].tags, exportDir);
            checkRun(sess, run);
          });
        }
      }
    });
  }
});
