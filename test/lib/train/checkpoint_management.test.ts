import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { RuntimeError, ValueError } from '../../../lib/framework/errors';
import * as train from '../../../lib/train';
import { LogLevel, setLogSink } from '../../../lib/train/logging';
import { checkpointStateToText, parseCheckpointState, TextFormatParseError, cEscape } from '../../../lib/train/text_format';
import { update_checkpoint_state_internal } from '../../../lib/train/checkpoint_management';
import { cleanup, fixture, tmpDir } from './helpers';

/** Runs fn with log lines captured. */
function captureLogs<R>(fn: () => R): [R, [LogLevel, string][]] {
  const lines: [LogLevel, string][] = [];
  const prev = setLogSink((level, msg) => lines.push([level, msg]));
  try { return [fn(), lines]; } finally { setLogSink(prev); }
}

/** Runs fn with the working directory set to dir. */
function inDir<R>(dir: string, fn: () => R): R {
  const old = process.cwd();
  process.chdir(dir);
  try { return fn(); } finally { process.chdir(old); }
}

describe('train/checkpoint_management', () => {
  after(cleanup);

  describe('text format', () => {
    it('writes CheckpointState as text_format.MessageToString does', () => {
      assert.equal(checkpointStateToText({
        model_checkpoint_path: 'model.ckpt-1000', all_model_checkpoint_paths: ['model.ckpt-600', 'model.ckpt-1000'],
      }), 'model_checkpoint_path: "model.ckpt-1000"\nall_model_checkpoint_paths: "model.ckpt-600"\nall_model_checkpoint_paths: "model.ckpt-1000"\n');
      assert.equal(cEscape(Buffer.from('C:\\a "b" \'c\'\n\té')), 'C:\\\\a \\"b\\" \\\'c\\\'\\n\\t\\303\\251');
      assert.equal(checkpointStateToText({ model_checkpoint_path: 'm', all_model_checkpoint_paths: ['m'], all_model_checkpoint_timestamps: [1553024863.2812595], last_preserved_timestamp: 1e16 }),
        'model_checkpoint_path: "m"\nall_model_checkpoint_paths: "m"\nall_model_checkpoint_timestamps: 1553024863.2812595\nlast_preserved_timestamp: 1e+16\n');
    });

    it('parses escapes, comments, both quotes, concatenation and numbers', () => {
      const s = parseCheckpointState('# state\nmodel_checkpoint_path: "C:\\\\x\\\\m\\303\\251" \'a\\x41\'\nall_model_checkpoint_paths: "p"; all_model_checkpoint_timestamps: 1.5e3\nlast_preserved_timestamp: 2\n');
      assert.equal(s.model_checkpoint_path, 'C:\\x\\méaA');
      assert.deepEqual(s.all_model_checkpoint_paths, ['p']);
      assert.deepEqual(s.all_model_checkpoint_timestamps, [1500]);
      assert.equal(s.last_preserved_timestamp, 2);
      for (const text of ['model_checkpoint_path "x"', 'bogus: "x"', 'model_checkpoint_path: "x', 'model_checkpoint_path: 3', 'all_model_checkpoint_timestamps: "x"']) {
        assert.throws(() => parseCheckpointState(text), TextFormatParseError, text);
      }
    });

    it('round-trips any path through text format', () => {
      for (const p of ['/tmp/a b/model.ckpt-5', 'C:\\Users\\x\\m', 'weird"\'\n\t\\\u0001é∑']) {
        assert.equal(parseCheckpointState(checkpointStateToText({ model_checkpoint_path: p, all_model_checkpoint_paths: [p] })).model_checkpoint_path, p);
      }
    });
  });

  describe('state file', () => {
    it('stores relative paths relative to a relative save dir and reads them back joined', () => {
      const root = tmpDir();
      inDir(root, () => {
        fs.mkdirSync('ckpt');
        train.update_checkpoint_state('./ckpt', './ckpt/model.ckpt-5', { all_model_checkpoint_paths: ['./ckpt/model.ckpt-1', './ckpt/model.ckpt-5'] });
        assert.equal(fs.readFileSync('ckpt/checkpoint', 'utf8'),
          'model_checkpoint_path: "model.ckpt-5"\nall_model_checkpoint_paths: "model.ckpt-1"\nall_model_checkpoint_paths: "model.ckpt-5"\n');
        const s = train.get_checkpoint_state('./ckpt')!;
        assert.equal(s.model_checkpoint_path, './ckpt/model.ckpt-5');
        assert.deepEqual(s.all_model_checkpoint_paths, ['./ckpt/model.ckpt-1', './ckpt/model.ckpt-5']);
      });
    });

    it('stores absolute paths for an absolute save dir, or relative ones with save_relative_paths', () => {
      const dir = tmpDir();
      train.update_checkpoint_state(dir, path.join(dir, 'model.ckpt-7'));
      assert.equal(fs.readFileSync(path.join(dir, 'checkpoint'), 'utf8'),
        `model_checkpoint_path: "${dir}/model.ckpt-7"\nall_model_checkpoint_paths: "${dir}/model.ckpt-7"\n`);
      update_checkpoint_state_internal(dir, path.join(dir, 'model.ckpt-8'), { save_relative_paths: true, latest_filename: 'other' });
      assert.equal(fs.readFileSync(path.join(dir, 'other'), 'utf8'),
        'model_checkpoint_path: "model.ckpt-8"\nall_model_checkpoint_paths: "model.ckpt-8"\n');
      assert.equal(train.get_checkpoint_state(dir, 'other')!.model_checkpoint_path, path.join(dir, 'model.ckpt-8'));
      assert.deepEqual(fs.readdirSync(dir).sort(), ['checkpoint', 'other']);
    });

    it('refuses a save path equal to the state file', () => {
      const dir = tmpDir();
      assert.throws(() => train.update_checkpoint_state(dir, path.join(dir, 'checkpoint')), (e: unknown) => e instanceof RuntimeError
        && e.message === `Save path '${dir}/checkpoint' conflicts with path used for checkpoint state.  Please use a different save path.`);
    });

    it('reads nothing, null with a warning, or ValueError as TF does', () => {
      const dir = tmpDir();
      assert.equal(train.get_checkpoint_state(dir), null);
      fs.writeFileSync(path.join(dir, 'checkpoint'), 'not a proto');
      const [state, logs] = captureLogs(() => train.get_checkpoint_state(dir));
      assert.equal(state, null);
      assert.ok(logs.some(([l, m]) => l === 'WARNING' && m.includes('Checkpoint ignored')));
      fs.writeFileSync(path.join(dir, 'checkpoint'), 'all_model_checkpoint_paths: "x"\n');
      assert.throws(() => train.get_checkpoint_state(dir), (e: unknown) => e instanceof ValueError && e.message === `Invalid checkpoint state loaded from ${dir}`);
    });

    it('latest_checkpoint returns existing checkpoints only', () => {
      const dir = tmpDir();
      assert.equal(train.latest_checkpoint(dir), null);
      fs.copyFileSync(fixture('linear-regression/checkpoint'), path.join(dir, 'checkpoint'));
      const [missing, logs] = captureLogs(() => train.latest_checkpoint(dir));
      assert.equal(missing, null);
      assert.deepEqual(logs, [['ERROR', `Couldn't match files for checkpoint ${dir}/smovetf.ckpt`]]);
      fs.writeFileSync(path.join(dir, 'smovetf.ckpt.index'), '');
      assert.equal(train.latest_checkpoint(dir), `${dir}/smovetf.ckpt`);
      assert.ok(train.checkpoint_exists(`${dir}/smovetf.ckpt`));
      assert.ok(!train.checkpoint_exists(`${dir}/other`));
      assert.equal(train.latest_checkpoint(fixture('linear-regression')), fixture('linear-regression/smovetf.ckpt'));
    });

    it('reads the Windows paths of udacity-intro/checkpoint and falls back to the checkpoint beside it', () => {
      const dir = fixture('udacity-intro');
      const state = train.get_checkpoint_state(dir)!;
      const win = 'C:\\Users\\inves\\AppData\\Local\\Programs\\Python\\Python35\\Scripts\\Jupyter Notebook\\deep-learning-master\\intro-to-tensorflow\\model.ckpt';
      assert.equal(state.model_checkpoint_path, `${dir}/${win}`);
      assert.deepEqual(state.all_model_checkpoint_paths, [`${dir}/${win}`]);
      const [latest, logs] = captureLogs(() => train.latest_checkpoint(dir));
      assert.equal(latest, `${dir}/model.ckpt`);
      assert.equal(logs.length, 1);
      assert.equal(logs[0][0], 'WARNING');
      assert.deepEqual(captureLogs(() => train.list_variables(dir))[0], [['bias_0', [3]], ['weights_0', [2, 3]]]);
    });

    it('removes a checkpoint with its data shards and meta graph', () => {
      const dir = tmpDir();
      const p = path.join(dir, 'model.ckpt-3');
      for (const ext of ['.index', '.data-00000-of-00002', '.data-00001-of-00002', '.meta']) fs.writeFileSync(p + ext, '');
      fs.writeFileSync(path.join(dir, 'model.ckpt-30.index'), '');
      fs.writeFileSync(`${p}.data-extra`, '');
      train.remove_checkpoint(p);
      assert.deepEqual(fs.readdirSync(dir).sort(), ['model.ckpt-3.data-extra', 'model.ckpt-30.index']);
      assert.equal(train.meta_graph_filename('/a/model.ckpt-5-00000-of-00002'), '/a/model.ckpt-5.meta');
    });
  });

  describe('readers by folder or prefix', () => {
    it('load_checkpoint, list_variables and load_variable', () => {
      assert.deepEqual(train.list_variables(fixture('adam-classifier')).map(([n]) => n),
        ['Variable', 'Variable/Adam', 'Variable/Adam_1', 'Variable_1', 'Variable_1/Adam', 'Variable_1/Adam_1', 'beta1_power', 'beta2_power']);
      const w = train.load_variable(fixture('linear-regression/smovetf.ckpt'), 'W:0');
      assert.deepEqual(w.shape, [21, 1]);
      assert.equal(train.load_checkpoint(fixture('linear-regression')).get_tensor('W').size, 21);
      const empty = tmpDir();
      assert.throws(() => train.load_checkpoint(empty), (e: unknown) => e instanceof ValueError
        && e.message === `Couldn't find 'checkpoint' file or checkpoints in given directory ${empty}`);
    });
  });
});
