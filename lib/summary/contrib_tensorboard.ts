/** `tf.contrib.tensorboard`: its `plugins.projector` module (the embedding projector's config). */
import * as projector from './projector';

export const plugins = { projector };
