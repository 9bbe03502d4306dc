/**
 * TF's `contrib/rnn/python/tools/checkpoint_convert.py`: the RNN variable names of TF ≤ 1.1 (`weights`,
 * `biases`) mapped to those of TF ≥ 1.2 (`kernel`, `bias`), and a converted checkpoint written with them.
 */
import { Graph } from '../framework/graph';
import { CheckpointFormatVersion } from '../proto';
import { Session } from '../runtime/session';
import { RefVariable, global_variables_initializer } from '../variables/variables';
import { pythonFunction } from '../framework/python_signature';
import { ValueError } from '../framework/errors';
import { CheckpointReader } from './checkpoint_reader';
import * as logging from './logging';
import { Saver } from './saver';
import { rnnNameReplacement } from './rnn_names';

export { RNN_NAME_REPLACEMENTS } from './rnn_names';

/**
 * Writes the checkpoint at `checkpoint_from_path` again at `checkpoint_to_path` under TF 1.2's RNN names, and
 * returns the names it changed (old → new), as TF's `convert_names`.
 */
export const convert_names = pythonFunction('convert_names', ['checkpoint_from_path', 'checkpoint_to_path', 'write_v1_checkpoint=False'], 2,
  function convert_names(checkpoint_from_path: string, checkpoint_to_path: string, options: { write_v1_checkpoint?: boolean } = {}): Record<string, string> {
    if (typeof checkpoint_from_path !== 'string' || typeof checkpoint_to_path !== 'string') {
      throw new ValueError(`convert_names: checkpoint_from_path and checkpoint_to_path must be strings, got ${typeof checkpoint_from_path} and ${typeof checkpoint_to_path}`);
    }
    const conversion: Record<string, string> = {};
    const graph = new Graph();
    graph.as_default(() => {
      logging.info(`Reading checkpoint_from_path ${checkpoint_from_path}`);
      const reader = new CheckpointReader(checkpoint_from_path);
      const byNewName: Record<string, RefVariable> = {};
      for (const name of Object.keys(reader.get_variable_to_shape_map())) {
        const renamed = rnnNameReplacement(name);
        if (renamed in byNewName) continue;
        byNewName[renamed] = new RefVariable(reader.get_tensor(name), { name: name.replace(/[^A-Za-z0-9_.\-/]/g, '_'), trainable: false });
        if (renamed !== name) conversion[name] = renamed;
      }
      const saver = new Saver(byNewName, { write_version: options.write_v1_checkpoint ? CheckpointFormatVersion.V1 : CheckpointFormatVersion.V2 });
      const sess = new Session({ graph });
      try {
        sess.run(global_variables_initializer());
        logging.info(`Writing checkpoint_to_path ${checkpoint_to_path}`);
        saver.save(sess, checkpoint_to_path);
      } finally { sess.close(); }
      logging.info('Summary:');
      logging.info(`  Converted ${Object.keys(conversion).length} variable name(s).`);
    });
    return conversion;
  });
