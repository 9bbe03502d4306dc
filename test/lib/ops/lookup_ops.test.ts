import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '../../../lib';
import { FailedPreconditionError } from '../../../lib/framework/errors';

describe('lookup tables: HashTableV2, InitializeTableV2, LookupTableFindV2 (tf.lookup, tf.tables_initializer)', () => {
  beforeEach(() => tf.reset_default_graph());

  it('maps strings to ids as estimators\' vocabulary columns do, the default for unknown keys', () => {
    const table = tf.lookup.index_table_from_tensor(['emerson', 'lake', 'palmer']);
    const ids = table.lookup(tf.constant([['lake', 'x'], ['palmer', 'emerson']]));
    assert.equal(ids.dtype, tf.int64);
    assert.deepEqual(ids.shape.as_list(), [2, 2]);
    assert.equal(table.resource_handle.op.type, 'HashTableV2');
    assert.equal(ids.op.type, 'LookupTableFindV2');
    const sess = new tf.Session();
    assert.throws(() => sess.run(ids), (e: unknown) => e instanceof FailedPreconditionError && /Table not initialized\./.test((e as Error).message));
    sess.run(tf.tables_initializer());
    assert.deepEqual(sess.run(ids).toArray(), [[1, -1], [2, 0]]);
    assert.equal(sess.run(table.size()).item(), 3);
    // Initializing again with the same data is fine, as in TF.
    sess.run(table.initializer);
  });

  it("hashes unknown keys into num_oov_buckets after the vocabulary (TF's lookup_ops_test)", () => {
    const table = tf.lookup.index_table_from_tensor(['brain', 'salad', 'surgery'], { num_oov_buckets: 1 });
    const ids = table.lookup(tf.constant(['salad', 'surgery', 'tarkus']));
    const ints = tf.lookup.index_table_from_tensor([42, 1, -1000], { num_oov_buckets: 1, dtype: tf.int64 });
    const intIds = ints.lookup(tf.constant([1, -1000, 11], { dtype: tf.int64 }));
    const sess = new tf.Session();
    sess.run(tf.tables_initializer());
    assert.deepEqual(sess.run(ids).toArray(), [1, 2, 3]);
    assert.deepEqual(sess.run(intIds).toArray(), [1, 2, 3]);
    assert.equal(sess.run(table.size()).item(), 4);
    assert.throws(() => tf.lookup.index_table_from_tensor(['a'], { num_oov_buckets: -1 }), /num_oov_buckets must be greater or equal than 0, got -1/);
  });

  it("maps int64 ids back to the vocabulary's strings, 'UNK' or the given default past it (index_to_string_table_from_tensor)", () => {
    const table = tf.lookup.index_to_string_table_from_tensor(tf.constant(['brain', 'salad', 'surgery']), { default_value: 'NONE' });
    const names = table.lookup(tf.constant([1, 2, 4], { dtype: tf.int64 }));
    assert.equal(names.dtype, tf.string);
    assert.equal(table.resource_handle.op.name, 'index_to_string/hash_table');
    const unk = tf.lookup.index_to_string_table_from_tensor(['a', 'b']).lookup(tf.constant([[0], [7]], { dtype: tf.int64 }));
    const sess = new tf.Session();
    assert.throws(() => sess.run(names), /Table not initialized\./);
    sess.run(tf.tables_initializer());
    assert.deepEqual(sess.run(names).strings, ['salad', 'surgery', 'NONE']);
    assert.deepEqual(sess.run(unk).strings, ['a', 'UNK']);
    assert.throws(() => tf.lookup.index_to_string_table_from_tensor(null as never), /`vocabulary_list` argument must be specified\./);
  });

  it('fills a table from a vocabulary file (InitializeTableFromTextFileV2), its first vocab_size lines', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vocab-')), 'vocab.txt');
    fs.writeFileSync(file, 'brain\nsalad\nsurgery\n');
    const table = tf.lookup.index_table_from_file(file, { num_oov_buckets: 1 });
    const ids = table.lookup(tf.constant(['salad', 'surgery', 'tarkus']));
    const two = tf.lookup.index_table_from_file(file, { vocab_size: 2 });
    const twoIds = two.lookup(tf.constant(['salad', 'surgery']));
    const tooMany = tf.lookup.index_table_from_file(file, { vocab_size: 4 });
    assert.equal(tf.get_default_graph().get_collection('asset_filepaths').length, 3);
    const sess = new tf.Session();
    sess.run([table.initializer, two.initializer]);
    assert.deepEqual(sess.run(ids).toArray(), [1, 2, 3]);
    assert.deepEqual(sess.run(twoIds).toArray(), [1, -1]);
    assert.throws(() => sess.run(tooMany.initializer), /Invalid vocab_size in .*vocab\.txt: expected 4 but got 3/);
    fs.rmSync(path.dirname(file), { recursive: true });
  });

  it('a HashTable of any key and value dtypes, keyword or positional', () => {
    const init = new tf.lookup.KeyValueTensorInitializer({ keys: tf.constant([3, 7], { dtype: tf.int64 }), values: tf.constant([0.5, 1.5]) });
    const table = new tf.lookup.HashTable(init, -1.0);
    const out = table.lookup(tf.constant([7, 1, 3], { dtype: tf.int64 }));
    const sess = new tf.Session();
    sess.run(tf.tables_initializer());
    assert.deepEqual(sess.run(out).toArray(), [1.5, -1, 0.5]);
    assert.throws(() => table.lookup(tf.constant(['a'])), /Signature mismatch\. Keys must be dtype int64, got string\./);
    const dup = new tf.lookup.HashTable(new tf.lookup.KeyValueTensorInitializer(['a', 'a'], [1, 2]), 0);
    assert.throws(() => sess.run(dup.initializer), /HashTable has different value for same key\. Key a has 1 and trying to add value 2/);
  });

  it('imports and runs an estimator-style lookup graph from a GraphDef', () => {
    const table = tf.lookup.index_table_from_tensor(['x', 'y']);
    table.lookup(tf.constant(['y', 'q']), { name: 'ids' });
    const def = tf.get_default_graph().as_graph_def();
    tf.reset_default_graph();
    const [ids, init] = tf.import_graph_def(def, { name: '', return_elements: ['ids:0', 'string_to_index/hash_table/table_init'] });
    const sess = new tf.Session();
    sess.run(init as tf.Operation);
    assert.deepEqual(sess.run(ids as tf.Tensor).toArray(), [1, -1]);
  });
});
