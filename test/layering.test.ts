import * as assert from 'assert';
import * as path from 'path';
import { buildImportGraph, importCycles, ImportGraph, upwardImports } from './layering';

const root = path.resolve(__dirname, '..', '..');

describe('import layering', () => {
  const graph = buildImportGraph(root);

  it('reads the whole source tree', () => {
    for (const f of ['lib/framework/graph.ts', 'lib/train/saver.ts', 'widgets/index.ts', 'kernel/main.ts']) assert.ok(graph.has(f), f);
    assert.ok(graph.get('lib/train/saver.ts')!.includes('lib/train/meta_graph.ts'));
  });

  it('has no import cycle in lib/, widgets/ or kernel/', () => {
    assert.deepStrictEqual(importCycles(graph), []);
  });

  it('has no upward import (kernel → widgets → lib; framework → ops → kernels → runtime → variables → train)', () => {
    assert.deepStrictEqual(upwardImports(graph), []);
  });

  // The checks themselves, on the shape the tree had before the layering pass.
  const graphOf = (edges: Record<string, string[]>): ImportGraph => new Map(Object.entries(edges));

  it('finds an import cycle, naming its files in order', () => {
    const cycles = importCycles(graphOf({
      'lib/ops/array_ops.ts': ['lib/ops/math_ops.ts', 'lib/framework/graph.ts'],
      'lib/ops/math_ops.ts': ['lib/ops/array_ops.ts'],
      'lib/train/meta_graph.ts': ['lib/train/saver.ts'],
      'lib/train/saver.ts': ['lib/train/checkpoint_management.ts', 'lib/train/meta_graph.ts'],
      'lib/train/checkpoint_management.ts': [],
      'lib/framework/graph.ts': [],
      'lib/framework/self.ts': ['lib/framework/self.ts'],
    }));
    assert.deepStrictEqual(cycles.sort(), [
      'lib/framework/self.ts → lib/framework/self.ts',
      'lib/ops/array_ops.ts → lib/ops/math_ops.ts → lib/ops/array_ops.ts',
      'lib/train/meta_graph.ts → lib/train/saver.ts → lib/train/meta_graph.ts',
    ]);
  });

  it('finds imports that go up a layer, between packages and between lib folders', () => {
    const problems = upwardImports(graphOf({
      'lib/framework/graph.ts': ['lib/runtime/ndarray.ts'],
      'lib/runtime/ndarray.ts': ['lib/framework/dtypes.ts'],
      'lib/framework/dtypes.ts': [],
      'lib/ops/losses.ts': ['lib/variables/graph_keys.ts', 'lib/framework/graph.ts'],
      'lib/variables/graph_keys.ts': [],
      'lib/kernels/cpu/nn.ts': ['lib/ops/window.ts'],
      'lib/ops/window.ts': [],
      'lib/index.ts': ['lib/train/saver.ts'],
      'lib/train/saver.ts': ['widgets/index.ts'],
      'widgets/index.ts': ['kernel/main.ts', 'lib/framework/graph.ts'],
      'kernel/main.ts': ['widgets/index.ts', 'lib/index.ts'],
      'lib/extras/thing.ts': [],
    }));
    assert.deepStrictEqual(problems.sort(), [
      'lib/extras is in no place of lib\'s folder order (add it to LIB_FOLDER_ORDER)',
      'lib/framework/graph.ts imports lib/runtime/ndarray.ts, a layer above it',
      'lib/ops/losses.ts imports lib/variables/graph_keys.ts, a layer above it',
      'lib/train/saver.ts imports widgets/index.ts, a layer above it',
      'widgets/index.ts imports kernel/main.ts, a layer above it',
    ]);
  });
});
