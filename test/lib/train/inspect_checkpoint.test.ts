import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { inspect_checkpoint, load_checkpoint } from '../../../lib/train';
import { crc32c, mask } from '../../../lib/framework/crc32c';
import { tableLayout } from '../../../lib/train/table';
import { cleanup, fixture, tmpDir } from './helpers';

/** What `print` (console.log) prints while `fn` runs, as one string (each print adds a newline). */
function printed(fn: () => void): string {
  let out = '';
  const log = console.log;
  console.log = (s: string) => { out += `${s}\n`; };
  try { fn(); } finally { console.log = log; }
  return out;
}

/** What print_tensors_in_checkpoint_file prints, given its arguments positionally. */
function output(file: string, tensor: string | null, all: boolean, names = false): string {
  return printed(() => inspect_checkpoint.print_tensors_in_checkpoint_file(file, tensor, all, names));
}

describe('train/inspect_checkpoint', () => {
  after(cleanup);
  const prefix = fixture('udacity-intro/model.ckpt');
  const reader = load_checkpoint(prefix);
  const bias = reader.get_tensor('bias_0').toString();
  const weights = reader.get_tensor('weights_0').toString();

  it('prints the debug string and a blank line without a tensor name', () => {
    assert.equal(output(prefix, '', false), 'bias_0 (DT_FLOAT) [3]\nweights_0 (DT_FLOAT) [2,3]\n\n');
    assert.equal(output(fixture('adam-classifier/model.ckpt'), null, false).split('\n').slice(-4).join('\n'),
      'beta1_power (DT_FLOAT) []\nbeta2_power (DT_FLOAT) []\n\n');
  });

  it('prints names (two spaces after the colon) and values', () => {
    assert.equal(output(prefix, '', false, true), 'tensor_name:  bias_0\ntensor_name:  weights_0\n');
    assert.equal(output(prefix, '', true), `tensor_name:  bias_0\n${bias}\ntensor_name:  weights_0\n${weights}\n`);
    assert.equal(output(prefix, 'weights_0', false), `tensor_name:  weights_0\n${weights}\n`);
    assert.match(bias, /^\[-0\.50538915 +0\.34474477 +-1\.5139692 *\]$/);
  });

  it('takes its options by keyword', () => {
    assert.equal(printed(() => inspect_checkpoint.print_tensors_in_checkpoint_file(prefix, { tensor_name: 'weights_0', all_tensors: false })),
      `tensor_name:  weights_0\n${weights}\n`);
    assert.equal(printed(() => inspect_checkpoint.print_tensors_in_checkpoint_file(prefix, { tensor_name: '', all_tensors: false, all_tensor_names: true })),
      'tensor_name:  bias_0\ntensor_name:  weights_0\n');
    assert.equal(printed(() => inspect_checkpoint.print_tensors_in_checkpoint_file({ file_name: prefix, tensor_name: null, all_tensors: true })),
      `tensor_name:  bias_0\n${bias}\ntensor_name:  weights_0\n${weights}\n`);
    assert.throws(() => inspect_checkpoint.print_tensors_in_checkpoint_file(prefix, { all_tensors: true } as never),
      { name: 'TypeError', message: "print_tensors_in_checkpoint_file() missing 1 required positional argument: 'tensor_name'" });
  });

  it('prints errors instead of throwing', () => {
    assert.equal(output(prefix, 'foo', false), 'tensor_name:  foo\nKey foo not found in checkpoint\n');
    const missing = path.join(tmpDir(), 'nothing');
    assert.equal(output(missing, '', false), `Unsuccessful TensorSliceReader constructor: Failed to find any matching files for ${missing}\n`);
  });

  it('hints at the prefix when given a .data, .index or .meta file', () => {
    const data = fixture('udacity-intro/model.ckpt.data-00000-of-00001');
    assert.equal(output(data, '', false),
      `Unable to open table file ${data}: Data loss: file is too short to be an sstable: perhaps your file is in a different file format and you need to use a different restore operator?\n`
      + "\nIt's likely that this is a V2 checkpoint and you need to provide the filename\n*prefix*.  Try removing the '.' and extension.  Try:\n"
      + `inspect checkpoint --file_name = ${fixture('udacity-intro/model.ckpt')}\n`);
    const meta = fixture('udacity-intro/model.ckpt.meta');
    assert.match(output(meta, '', false), /Data loss: .*\n\nIt's likely that this is a V2 checkpoint[^]*--file_name = .*udacity-intro\/model\.ckpt\n$/);
  });

  it('hints at Snappy for compressed blocks', () => {
    const dir = tmpDir();
    const p = path.join(dir, 'c');
    const bytes = fs.readFileSync(fixture('udacity-intro/model.ckpt.index'));
    // Mark the data block as Snappy-compressed and fix its checksum: the contents do not decompress.
    const size = tableLayout(bytes, 'x').dataBlocks[0].size;
    const b = Buffer.from(bytes);
    b[size] = 1;
    b.writeUInt32LE(mask(crc32c(b.subarray(0, size + 1))), size + 1);
    fs.writeFileSync(`${p}.index`, b);
    assert.equal(output(p, '', false),
      `corrupted compressed block contents (data block 0 at offset 0): ${p}.index\nIt's likely that your checkpoint file has been compressed with SNAPPY.\n`);
  });
});
