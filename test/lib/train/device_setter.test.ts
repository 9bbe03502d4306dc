// tf.train.replica_device_setter, restating TF 1.15's device_setter_test.py: variables (and their initializers)
// round-robin over /job:ps tasks, other ops on the worker device, each merged with the device already asked for.
import assert from 'node:assert/strict';
import * as tf from '../../../lib';

const CLUSTER = { ps: ['ps0:2222', 'ps1:2222'], worker: ['worker0:2222', 'worker1:2222', 'worker2:2222'] };
const canon = (d: string) => (d === '' ? '' : tf.DeviceSpec.from_string(d).to_string());
const assertDevice = (expected: string, actual: string) => assert.equal(actual, canon(expected));

describe('tf.train.replica_device_setter', () => {
  beforeEach(() => tf.reset_default_graph());

  it('two ps tasks from a cluster: variables and their initializers round-robin, other ops on the worker', () => {
    const [v, w, a] = tf.device(tf.train.replica_device_setter({ cluster: CLUSTER }), () => {
      const v1 = tf.Variable([1, 2]), w1 = tf.Variable([2, 1]);
      return [v1, w1, tf.add(v1, w1)] as const;
    });
    assertDevice('/job:ps/task:0', v.device);
    assertDevice('/job:ps/task:0', v.initializer.device);
    assertDevice('/job:ps/task:1', w.device);
    assertDevice('/job:ps/task:1', w.initializer.device);
    assertDevice('/job:worker', a.device);
  });

  it('a device asked for inside merges in: /cpu:0 variables, /job:moon pins, an explicit /job:ps gets its task', () => {
    const setter = tf.train.replica_device_setter({ cluster: CLUSTER });
    tf.device(setter, () => {
      const v = tf.device('/cpu:0', () => tf.Variable([1, 2]));
      const w = tf.Variable([2, 1]);
      const a = tf.device('/cpu:0', () => tf.add(v, w));
      assertDevice('/job:ps/task:0/cpu:0', v.device);
      assertDevice('/job:ps/task:0/cpu:0', v.initializer.device);
      assertDevice('/job:ps/task:1', w.device);
      assertDevice('/job:worker/cpu:0', a.device);
    });
    tf.reset_default_graph();
    tf.device(tf.train.replica_device_setter({ cluster: CLUSTER }), () => {
      const v = tf.Variable([1, 2]);
      const [w, x] = tf.device('/job:moon', () => [tf.Variable([2, 1]), tf.device('/job:ps', () => tf.Variable([0, 1]))]);
      const a = tf.add(tf.add(v, w), x);
      assertDevice('/job:ps/task:0', v.device);
      assertDevice('/job:moon', w.device);
      assertDevice('/job:ps/task:1', x.device);
      assertDevice('/job:worker', a.device);
    });
  });

  it('ps_tasks with ps_device /cpu:0 (no job: no task); merge_devices false leaves a set device alone', () => {
    tf.device(tf.train.replica_device_setter({ ps_tasks: 1, ps_device: '/cpu:0' }), () => {
      const v = tf.Variable([1, 2]);
      const w = tf.device('/job:moon', () => tf.Variable([2, 1]));
      const a = tf.add(v, w);
      assertDevice('/cpu:0', v.device);
      assertDevice('/cpu:0', v.initializer.device);
      assertDevice('/job:moon/cpu:0', w.device);
      assertDevice('/job:moon/cpu:0', w.initializer.device);
      assertDevice('/job:worker', a.device);
    });
    tf.reset_default_graph();
    tf.device(tf.train.replica_device_setter({ cluster: CLUSTER, merge_devices: false }), () => {
      const v = tf.Variable([1, 2]);
      const w = tf.device('/job:ps', () => tf.Variable([2, 1]));
      assertDevice('/job:ps/task:0', v.device);
      assertDevice('/job:ps', w.device);
      assertDevice('/job:worker', tf.add(v, w).device);
    });
  });

  it('other job names (ps_device /job:moon/cpu:0, worker /job:sun); resource variables; ps_ops and ps_strategy', () => {
    const cluster = { sun: ['sun0:2222', 'sun1:2222', 'sun2:2222'], moon: ['moon0:2222', 'moon1:2222'] };
    tf.device(tf.train.replica_device_setter({ ps_device: '/job:moon/cpu:0', worker_device: '/job:sun', cluster }), () => {
      const v = tf.Variable([1, 2]);
      const w = tf.device('/job:moon/cpu:0', () => tf.Variable([2, 1]));
      assertDevice('/job:moon/task:0/cpu:0', v.device);
      assertDevice('/job:moon/task:0/cpu:0', v.initializer.device);
      assertDevice('/job:moon/task:1/cpu:0', w.device);
      assertDevice('/job:sun', tf.add(v, w).device);
    });
    tf.reset_default_graph();
    tf.device(tf.train.replica_device_setter({ cluster: CLUSTER }), () => {
      assertDevice('/job:ps/task:0', tf.get_variable('r', { initializer: tf.constant([1, 2]), use_resource: true }).device);
    });
    tf.reset_default_graph();
    tf.device(tf.train.replica_device_setter({ ps_tasks: 3, ps_ops: ['Const'], ps_strategy: () => 2 }), () => {
      assertDevice('/job:ps/task:2', tf.constant(1).device);
      assertDevice('/job:worker', tf.Variable(1).device);
    });
  });

  it('tf.train.ClusterSpec: jobs, tasks and addresses, as a replica_device_setter cluster', () => {
    const spec = tf.train.ClusterSpec(CLUSTER);
    assert.deepEqual(spec.jobs, ['ps', 'worker']);
    assert.equal(spec.num_tasks('worker'), 3);
    assert.equal(spec.task_address('ps', 1), 'ps1:2222');
    assert.deepEqual(spec.as_dict(), CLUSTER);
    const sparse = new tf.train.ClusterSpec({ ps: { 0: 'ps0:1', 2: 'ps2:1' } });
    assert.deepEqual(sparse.as_dict(), { ps: { 0: 'ps0:1', 2: 'ps2:1' } });
    assert.deepEqual(sparse.job_tasks('ps'), ['ps0:1', null, 'ps2:1']);
    assert.deepEqual(sparse.task_indices('ps'), [0, 2]);
    assert.throws(() => spec.num_tasks('chief'), { name: 'ValueError', message: 'No such job in cluster: "chief"' });
    assert.throws(() => spec.task_address('ps', 5), { name: 'ValueError', message: 'No task with index 5 in job "ps"' });
    const v = tf.device(tf.train.replica_device_setter({ cluster: spec }), () => [tf.Variable(1), tf.Variable(2), tf.Variable(3)]);
    assert.deepEqual(v.map((x) => x.device), ['/job:ps/task:0', '/job:ps/task:1', '/job:ps/task:0']);
  });

  it('no parameter servers gives null (no device function); a cluster without the ps job too', () => {
    assert.equal(tf.train.replica_device_setter(), null);
    assert.equal(tf.train.replica_device_setter({ cluster: { worker: ['w:1'] } }), null);
    assert.throws(() => tf.train.replica_device_setter({ ps_tasks: 1, ps_strategy: 3 as unknown as tf.train.PsStrategy }), { name: 'TypeError', message: 'ps_strategy must be callable' });
  });
});
