// TF 1.15's tf.estimator exposes tf.train's session hooks under the same names: the same classes, usable by an Estimator.
import assert from 'node:assert/strict';
import * as tf from '../../../lib';

describe('tf.estimator session hook aliases', () => {
  it('are tf.train\'s classes', () => {
    const names = ['SessionRunHook', 'SessionRunArgs', 'SessionRunContext', 'SessionRunValues', 'SecondOrStepTimer', 'StopAtStepHook',
      'LoggingTensorHook', 'NanTensorHook', 'NanLossDuringTrainingError', 'StepCounterHook', 'SummarySaverHook', 'CheckpointSaverHook',
      'CheckpointSaverListener', 'FinalOpsHook', 'FeedFnHook', 'GlobalStepWaiterHook'] as const;
    for (const n of names) assert.equal((tf.estimator as Record<string, unknown>)[n], (tf.train as Record<string, unknown>)[n], n);
    const hook = tf.estimator.StopAtStepHook({ last_step: 3 });
    assert.ok(hook instanceof tf.train.StopAtStepHook);
  });
});
