// tf.train.Example and its parts as TF's Python builds them: the bytes SerializeToString writes are the protobuf
// encoding of tensorflow/core/example/example.proto (decoded here with protobufjs and a schema of the test's
// own, independent of lib/proto), FromString / ParseFromString read them back, and bad values fail as Python's.
import assert from 'node:assert/strict';
import * as protobuf from 'protobufjs';
import * as tf from '../../../lib';

// The fields and numbers of TF's feature.proto and example.proto.
const schema = protobuf.parse(`
  syntax = "proto3";
  package t;
  message BytesList { repeated bytes value = 1; }
  message FloatList { repeated float value = 1 [packed = true]; }
  message Int64List { repeated int64 value = 1 [packed = true]; }
  message Feature { oneof kind { BytesList bytes_list = 1; FloatList float_list = 2; Int64List int64_list = 3; } }
  message Features { map<string, Feature> feature = 1; }
  message Example { Features features = 1; }
  message FeatureList { repeated Feature feature = 1; }
  message FeatureLists { map<string, FeatureList> feature_list = 1; }
  message SequenceExample { Features context = 1; FeatureLists feature_lists = 2; }
`, { keepCase: true }).root.resolveAll();
const decode = (type: string, bytes: Uint8Array) => schema.lookupType(`t.${type}`).toObject(schema.lookupType(`t.${type}`).decode(bytes), { longs: Number, arrays: true });
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('tf.train.Example, Features, Feature and the value lists', () => {
  it('serializes as protobuf encodes example.proto: field numbers, packed lists, map entries', () => {
    const label = tf.train.Example({ features: tf.train.Features({ feature: { label: tf.train.Feature({ int64_list: tf.train.Int64List({ value: [3] }) }) } }) });
    // Example.features (1) { Features.feature (1) { key (1) "label", value (2) { int64_list (3) { value (1, packed) [3] } } } }
    assert.equal(hex(label.SerializeToString()), '0a100a0e0a056c6162656c12051a030a0103');
    const e = tf.train.Example({
      features: tf.train.Features({
        feature: {
          x: tf.train.Feature({ float_list: tf.train.FloatList({ value: [1.5, -2, 0.1] }) }),
          id: tf.train.Feature({ int64_list: { value: [-1, 2 ** 40] } }),
          name: tf.train.Feature({ bytes_list: tf.train.BytesList({ value: ['cat', Uint8Array.of(0, 255)] }) }),
          empty: tf.train.Feature(),
        },
      }),
    });
    const bytes = e.SerializeToString();
    const d = decode('Example', bytes) as { features: { feature: Record<string, { float_list?: { value: number[] }; int64_list?: { value: number[] }; bytes_list?: { value: Uint8Array[] } }> } };
    assert.deepEqual(Object.keys(d.features.feature).sort(), ['empty', 'id', 'name', 'x']);
    assert.deepEqual(d.features.feature.x.float_list!.value, [1.5, -2, Math.fround(0.1)]);
    assert.deepEqual(d.features.feature.id.int64_list!.value, [-1, 2 ** 40]);
    assert.deepEqual(d.features.feature.name.bytes_list!.value.map((v) => [...v]), [[0x63, 0x61, 0x74], [0, 255]]);
    assert.deepEqual(d.features.feature.empty, {});
    // The same bytes protobufjs writes for that message from the test's schema.
    const T = schema.lookupType('t.Example');
    assert.equal(hex(bytes), hex(T.encode(T.fromObject(d)).finish()));
    // An Example with no features set is empty; with empty features set, one empty field.
    assert.equal(tf.train.Example().SerializeToString().length, 0);
    assert.equal(hex(tf.train.Example({ features: tf.train.Features() }).SerializeToString()), '0a00');
  });

  it('FromString and ParseFromString read what SerializeToString wrote; fields read as in Python', () => {
    const e = tf.train.Example({ features: { feature: { a: { float_list: { value: [0.5] } }, b: { bytes_list: { value: ['x'] } } } } });
    const back = tf.train.Example.FromString(e.SerializeToString());
    assert.ok(back instanceof tf.train.Example);
    assert.deepEqual(back.features.feature.a.float_list.value, [0.5]);
    assert.equal(new TextDecoder().decode(back.features.feature.b.bytes_list.value[0]), 'x');
    assert.equal(back.features.feature.a.WhichOneof('kind'), 'float_list');
    assert.ok(back.features.feature.a.HasField('float_list') && !back.features.feature.a.HasField('int64_list'));
    // An unset list reads as an empty one.
    assert.deepEqual(back.features.feature.a.int64_list.value, []);
    assert.ok(back.HasField('features') && !tf.train.Example().HasField('features'));
    assert.deepEqual(Object.keys(tf.train.Example().features.feature), []);
    const into = tf.train.Example({ features: { feature: { old: { int64_list: { value: [1] } } } } });
    assert.equal(into.ParseFromString(e.SerializeToString()), e.ByteSize());
    assert.deepEqual(Object.keys(into.features.feature).sort(), ['a', 'b']);
    assert.equal(String(tf.train.Example({ features: { feature: { n: { int64_list: { value: [7] } } } } })),
      'features {\n  feature {\n    key: "n"\n    value {\n      int64_list {\n        value: 7\n      }\n    }\n  }\n}\n');
    assert.throws(() => tf.train.Example.FromString(Uint8Array.of(0x0a, 0x05, 0x01)), (err: Error) => err.name === 'DecodeError' && /tensorflow\.Example/.test(err.message));
  });

  it('builds by mutation as Python code does: a field read while unset becomes set once it holds something', () => {
    const e = tf.train.Example();
    assert.equal(e.features.ByteSize(), 0);
    assert.ok(!e.HasField('features'), 'reading a field does not set it');
    const f = tf.train.Feature();
    f.int64_list.value.push(3);
    assert.equal(f.WhichOneof('kind'), 'int64_list');
    assert.deepEqual(f.float_list.value, [], 'another kind reads as empty');
    e.features.feature.label = f;
    assert.ok(e.HasField('features'));
    assert.equal(hex(e.SerializeToString()), '0a100a0e0a056c6162656c12051a030a0103');
    const untouched = tf.train.Feature();
    void untouched.bytes_list.value;
    assert.equal(untouched.WhichOneof('kind'), null);
    const s = tf.train.SequenceExample();
    s.context.feature.n = tf.train.Feature({ int64_list: { value: [1] } });
    assert.ok(s.HasField('context') && !s.HasField('feature_lists'));
  });

  it('refuses values of the wrong type as Python protobuf does', () => {
    assert.deepEqual([tf.train.Int64List({ value: [true, false, 3n] }).value, tf.train.FloatList({ value: Float32Array.of(0.25) }).value], [[1, 0, 3], [0.25]]);
    assert.throws(() => tf.train.Int64List({ value: [2n ** 63n] }), /Value out of range: 9223372036854775808/);
    assert.throws(() => tf.train.Int64List({ value: [1.5] }), (err: Error) => err instanceof TypeError && /1\.5 has type float, but expected one of: int, long/.test(err.message));
    assert.throws(() => tf.train.FloatList({ value: ['a' as unknown as number] }), /'a' has type str, but expected one of: int, long, float/);
    assert.throws(() => tf.train.BytesList({ value: [3 as unknown as string] }), /3 has type int, but expected one of: bytes/);
    assert.throws(() => tf.train.Feature({ int64_list: { value: [1] }, float_list: { value: [1] } }), /one of bytes_list, float_list and int64_list/);
    assert.throws(() => tf.train.Feature({ int64_list: 5 as unknown as { value: number[] } }), /Feature\.int64_list must be a Int64List or a dict/);
  });

  it('SequenceExample: a context and feature lists, encoded as example.proto', () => {
    const s = tf.train.SequenceExample({
      context: tf.train.Features({ feature: { length: tf.train.Feature({ int64_list: tf.train.Int64List({ value: [2] }) }) } }),
      feature_lists: tf.train.FeatureLists({
        feature_list: { tokens: tf.train.FeatureList({ feature: [tf.train.Feature({ int64_list: { value: [4, 5] } }), tf.train.Feature({ int64_list: { value: [6] } })] }) },
      }),
    });
    const d = decode('SequenceExample', s.SerializeToString()) as {
      context: { feature: Record<string, { int64_list: { value: number[] } }> }; feature_lists: { feature_list: Record<string, { feature: { int64_list: { value: number[] } }[] }> };
    };
    assert.deepEqual(d.context.feature.length.int64_list.value, [2]);
    assert.deepEqual(d.feature_lists.feature_list.tokens.feature.map((f) => f.int64_list.value), [[4, 5], [6]]);
    const back = tf.train.SequenceExample.FromString(s.SerializeToString());
    assert.deepEqual(back.feature_lists.feature_list.tokens.feature[1].int64_list.value, [6]);
    assert.ok(back.HasField('context') && !tf.train.SequenceExample().HasField('feature_lists'));
  });
});
