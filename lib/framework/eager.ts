/** Eager execution as TF 1.15 reports it: scopeflow only builds graphs and runs them in sessions. */
import { pythonFunction } from './python_signature';

/**
 * Whether ops run as they are created (TF 2's default, TF 1.x's after enable_eager_execution): never here.
 * @example if (!tf.executing_eagerly()) sess.run(y);
 */
export const executing_eagerly = pythonFunction('executing_eagerly', [], 0, function executing_eagerly(): boolean { return false; });

/**
 * TF 1.15's switch to graph building, which is all scopeflow does: nothing to change.
 * @example tf.compat.v1.disable_eager_execution();
 */
export const disable_eager_execution = pythonFunction('disable_eager_execution', [], 0, function disable_eager_execution(): void {});

/**
 * TF 1.15's switch from TF 2's behaviours to TF 1.x's (graphs, sessions, reference variables): scopeflow's own
 * behaviours, so nothing to change.
 * @example tf.compat.v1.disable_v2_behavior();
 */
export const disable_v2_behavior = pythonFunction('disable_v2_behavior', [], 0, function disable_v2_behavior(): void {});
