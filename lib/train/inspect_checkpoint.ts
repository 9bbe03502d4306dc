/**
 * `tf.train.inspect_checkpoint` (TF's tools/inspect_checkpoint.py): prints a checkpoint's tensors the
 * way TF 1.x does, through `console.log` (one call per Python `print`, so a notebook kernel captures it).
 */
import { NDArray } from '../framework/ndarray';
import { DataLossError } from '../framework/errors';
import { NewCheckpointReader } from './checkpoint_reader';
import { pythonFunction } from '../framework/python_signature';


const V2_FILE_ERROR_TEMPLATE = (proposed: string) => `
It's likely that this is a V2 checkpoint and you need to provide the filename
*prefix*.  Try removing the '.' and extension.  Try:
inspect checkpoint --file_name = ${proposed}`;

/**
 * Prints tensors of a checkpoint:
 * - `all_tensors` or `all_tensor_names`: `tensor_name:  <name>` for each tensor in sorted order, and with
 *   `all_tensors` its value;
 * - no `tensor_name`: the reader's debug string (`<name> (<DT_TYPE>) [dims]` per line) and a blank line;
 * - else `tensor_name:  <tensor_name>` and its value.
 * Errors are printed, not thrown, with TF's hints for Snappy-compressed files and for a file name given
 * where the prefix was expected.
 */
export const print_tensors_in_checkpoint_file = pythonFunction('print_tensors_in_checkpoint_file', [
  'file_name', 'tensor_name', 'all_tensors', 'all_tensor_names=False',
], 4, function print_tensors_in_checkpoint_file(file_name: string, tensor_name: string | null, all_tensors: boolean, all_tensor_names = false): void {
  const print = (s: string) => console.log(s);
  const format = (v: NDArray) => v.toString();
  try {
    const reader = NewCheckpointReader(file_name);
    if (all_tensors || all_tensor_names) {
      const map = reader.get_variable_to_shape_map();
      for (const key of Object.keys(map).sort()) {
        print(`tensor_name:  ${key}`);
        if (all_tensors) print(format(reader.get_tensor(key)));
      }
    } else if (!tensor_name) {
      print(reader.debug_string());
    } else {
      print(`tensor_name:  ${tensor_name}`);
      print(format(reader.get_tensor(tensor_name)));
    }
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    print(message);
    if (message.includes('corrupted compressed block contents')) {
      print("It's likely that your checkpoint file has been compressed with SNAPPY.");
    }
    if ((message.includes('Data loss') || e instanceof DataLossError)
      && ['.index', '.meta', '.data'].some((ext) => file_name.includes(ext))) {
      const proposed = file_name.split('.').slice(0, -1).join('.');
      print(V2_FILE_ERROR_TEMPLATE(proposed));
    }
  }
});
