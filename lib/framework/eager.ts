/** Eager execution as TF 1.15 reports it: scopeflow only builds graphs and runs them in sessions. */
import { pythonFunction } from './python_signature';

/**
 * Whether ops run as they are created (TF 2's default, TF 1.x's after enable_eager_execution): never here.
 * @example if (!tf.executing_eagerly()) sess.run(y);
 */
export const executing_eagerly = pythonFunction('executing_eagerly', [], 0, function executing_eagerly(): boolean { return false; });
