/** `tf.app` (run and flags) and `tf.flags`. Re-exports only; `tf.gfile` is lib/platform/gfile.ts. */
import * as flagsModule from './flags';
export const flags = flagsModule;
export { run } from './flags';
