// `npm run api-coverage`: the list of TF 1.15's names parses, and a name counts as binding only when its declared
// parameters are TF's, in TF's order.
import assert from 'node:assert/strict';
import * as fs from 'fs';
import { API_LIST_FILE, apiStatus, coverageTable, parseApiList } from '../bench/api_coverage';
import { pythonFunction } from '../lib/framework/python_signature';

describe('api coverage', () => {
  const list = parseApiList(fs.readFileSync(API_LIST_FILE, 'utf8'));

  it('lists TF 1.15\'s namespaces with their functions and parameter names', () => {
    assert.deepEqual([...list.keys()], ['tf', 'tf.nn', 'tf.train', 'tf.losses', 'tf.image', 'tf.io']);
    const reshape = list.get('tf')!.find((e) => e.name === 'reshape')!;
    assert.deepEqual(reshape, { name: 'reshape', kind: 'function', params: ['tensor', 'shape', 'name'] });
    assert.equal(list.get('tf.train')!.find((e) => e.name === 'AdamOptimizer')!.kind, 'class');
    assert.ok(list.get('tf')!.length > 500 && list.get('tf.nn')!.length > 100);
  });

  it('counts a function as binding when its declared parameters are TF\'s, in order', () => {
    const ns = {
      reshape: pythonFunction('reshape', ['tensor', 'shape', 'name=None'], 2, (t: number, s: number) => t + s),
      concat: pythonFunction('concat', ['axis', 'values', 'name=None'], 2, (a: number, v: number) => a + v),
      shape: () => 0,
    };
    const status = apiStatus(new Map([['tf', list.get('tf')!]]), ns);
    const byName = new Map(status.get('tf')!.map((s) => [s.entry.name, s]));
    assert.deepEqual([byName.get('reshape')!.exists, byName.get('reshape')!.binds], [true, true]);
    assert.deepEqual([byName.get('concat')!.exists, byName.get('concat')!.binds], [true, false]);
    assert.deepEqual([byName.get('shape')!.exists, byName.get('shape')!.binds, byName.get('shape')!.declared], [true, false, null]);
    assert.equal(byName.get('zeta')!.exists, false);
    assert.match(coverageTable(status), /^namespace +functions +exist +bind TF's parameters +classes +exist\ntf +\d+ +3 \(1%\) +1 \(0%\)/);
  });

  it('finds every name scopeflow binds in the issue\'s examples bound to TF\'s parameters', () => {
    const status = apiStatus(list);
    const bound = new Set([...status].flatMap(([ns, entries]) => entries.filter((s) => s.binds).map((s) => `${ns}.${s.entry.name}`)));
    for (const n of ['tf.reshape', 'tf.placeholder', 'tf.concat', 'tf.argmax', 'tf.constant', 'tf.get_variable', 'tf.nn.dropout', 'tf.nn.conv2d', 'tf.nn.max_pool']) {
      assert.ok(bound.has(n), `${n} does not bind TF's parameters`);
    }
  });
});
