// Session options as TF 1.x has them: ConfigProto and its nested messages, strict placement unless
// allow_soft_placement, log_device_placement, RunOptions / RunMetadata; and the device-string rules of
// TF's device and ops tests.
import assert from 'node:assert/strict';
import * as tf from '../../../lib';

describe('session options and device strings', () => {
  beforeEach(() => tf.reset_default_graph());

  it('ConfigProto, GPUOptions, GraphOptions, RunOptions construct with or without new, from their fields', () => {
    const c = tf.ConfigProto({ allow_soft_placement: true, gpu_options: { allow_growth: true }, graph_options: tf.GraphOptions({ infer_shapes: true }) });
    assert.ok(c instanceof tf.ConfigProto);
    assert.equal(c.allow_soft_placement, true);
    assert.equal(c.log_device_placement, false, "TF's defaults for the fields not given");
    assert.ok(c.gpu_options instanceof tf.GPUOptions);
    assert.equal(c.gpu_options.allow_growth, true);
    assert.equal(c.graph_options.infer_shapes, true);
    assert.equal(new tf.ConfigProto().allow_soft_placement, false);
    assert.equal(new tf.GPUOptions({ per_process_gpu_memory_fraction: 0.4 }).per_process_gpu_memory_fraction, 0.4);
    assert.equal(tf.RunOptions.FULL_TRACE, 3);
    assert.equal(tf.RunOptions({ trace_level: tf.RunOptions.FULL_TRACE }).trace_level, 3);
    assert.throws(() => tf.ConfigProto({ allow_soft_placment: true } as unknown as tf.ConfigProtoFields), { name: 'TypeError', message: "ConfigProto() got an unexpected keyword argument 'allow_soft_placment'" });
    assert.throws(() => tf.ConfigProto({ gpu_options: { allow_grow: true } as unknown as tf.GPUOptionsFields }), /GPUOptions\(\) got an unexpected keyword argument 'allow_grow'/);
    const sess = tf.Session({ config: { log_device_placement: false } });
    assert.ok(sess.config instanceof tf.ConfigProto, 'a plain object becomes a ConfigProto');
  });

  it("without allow_soft_placement (TF's default) a pin to a missing device is TF's InvalidArgumentError", () => {
    const a = tf.device('/device:GPU:7', () => tf.constant(1.5, { name: 'a' }));
    const b = tf.device('/job:ps/task:7', () => tf.add(a, 1, { name: 'b' }));
    const devices = new tf.Session().list_devices().map((d) => d.name).join(', ');
    assert.throws(() => new tf.Session().run(a), (e: Error) => e instanceof tf.errors.InvalidArgumentError
      && e.message === `Cannot assign a device for operation a: Operation was explicitly assigned to /device:GPU:7 but available devices are [ ${devices} ]. Make sure the device specification refers to a valid device.`);
    assert.throws(() => tf.Session({ config: { allow_soft_placement: false } }).run(b), /Cannot assign a device for operation (a|b): Operation was explicitly assigned to/);
    const soft = tf.Session({ config: tf.ConfigProto({ allow_soft_placement: true }) });
    assert.equal(soft.run(b).item(), 2.5);
    assert.equal(soft.placements(b).get('b'), '/job:localhost/replica:0/task:0/device:CPU:0');
    const local = tf.device('/job:localhost/replica:0/task:0/device:CPU:0', () => tf.add(1, 2, { name: 'local' }));
    assert.equal(new tf.Session().run(local).item(), 3, 'a pin to a device that exists runs');
  });

  it('log_device_placement prints each op with its type and device', () => {
    const x = tf.constant(1.5, { name: 'x' });
    const y = tf.multiply(x, 2, { name: 'y' });
    const lines: string[] = [];
    const original = console.log;
    console.log = (...args: unknown[]) => { lines.push(args.join(' ')); };
    try { tf.Session({ config: tf.ConfigProto({ log_device_placement: true }) }).run(y); } finally { console.log = original; }
    assert.ok(lines.includes('y: (Mul): /job:localhost/replica:0/task:0/device:CPU:0'), lines.join('\n'));
    assert.ok(lines.includes('x: (Const): /job:localhost/replica:0/task:0/device:CPU:0'));
  });

  it('RunOptions and RunMetadata: a traced run records the nodes each device ran, and their graphs', () => {
    const y = tf.multiply(tf.constant(2.5, { name: 'x' }), 2, { name: 'y' });
    const sess = new tf.Session();
    const meta = tf.RunMetadata();
    assert.equal(sess.run(y, null, tf.RunOptions({ trace_level: tf.RunOptions.FULL_TRACE, output_partition_graphs: true }), meta).item(), 5);
    assert.equal(meta.step_stats.dev_stats.length, 1);
    assert.equal(meta.step_stats.dev_stats[0].device, '/job:localhost/replica:0/task:0/device:CPU:0');
    assert.deepEqual(meta.step_stats.dev_stats[0].node_stats.map((n) => n.timeline_label).sort(), ['x = Const()', 'y = Mul()', 'y/y = Const()']);
    assert.equal(meta.partition_graphs.length, 1);
    const untraced = tf.RunMetadata();
    sess.run(y, null, { trace_level: 'NO_TRACE' }, untraced);
    assert.deepEqual(untraced.step_stats.dev_stats, []);
  });

  it("device strings as TF's device tests have them", () => {
    assert.throws(() => tf.DeviceSpec.from_string('/barcpugpu:muu/baz:2'), { message: "Unknown attribute: 'barcpugpu' in '/barcpugpu:muu/baz:2'" });
    const kept = tf.device('/device:GPU:7', () => tf.device('/device:GPU:*', () => tf.constant(1, { name: 'k' })));
    assert.equal(kept.device, '/device:GPU:7', 'an inner GPU:* keeps the outer index');
    assert.equal(tf.device('/job:worker', () => tf.device('/cpu:0', () => tf.constant(1))).device, '/job:worker/device:CPU:0');
    // An outer device function has the last word: it sees the inner string's device and replaces it.
    const byFn = tf.device((op) => (op.type === 'Const' ? '/cpu:0' : op.device), () => tf.device('/gpu:0', () => [tf.constant(1, { name: 'c1' }), tf.add(1, 2, { name: 'sum' })]));
    assert.equal(byFn[0].device, '/device:CPU:0');
    assert.equal(byFn[1].device, '/device:GPU:0');
    // An outer string fills only what an inner function left unset.
    const inner = tf.device('/job:ps/cpu:0', () => tf.device(() => '/device:GPU:1', () => tf.constant(1, { name: 'c2' })));
    assert.equal(inner.device, '/job:ps/device:GPU:1');
  });
});
