/**
 * `tf.train.SessionManager` (TF 1.15 session_manager.py): makes a session whose model is ready, by
 * restoring a checkpoint or running the init op and init_fn (the chief's `prepare_session`), or by waiting
 * until others have made it ready (a worker's `wait_for_session`); then runs the local init op.
 */
import { Graph, Operation, Tensor, get_default_graph } from '../framework/graph';
import { DeadlineExceededError, FailedPreconditionError, RuntimeError, ValueError } from '../framework/errors';
import { NDArray } from '../framework/ndarray';
import { PythonSignature, pythonClass } from '../framework/python_signature';
import { FeedDict, Session } from '../runtime/session';
import { ConfigProto, ConfigProtoFields } from '../runtime/session_config';
import { get_checkpoint_state } from './checkpoint_management';
import * as logging from './logging';
import { Saver } from './saver';
import { clock } from './clock';

type InitOp = Operation | Tensor;
type Config = ConfigProto | ConfigProtoFields | null;


export interface SessionManagerOptions {
  local_init_op?: InitOp | null;
  ready_op?: Tensor | null;
  ready_for_local_init_op?: Tensor | null;
  graph?: Graph | null;
  recovery_wait_secs?: number;
  local_init_run_options?: unknown;
  local_init_feed_dict?: FeedDict | null;
}

export interface PrepareSessionOptions {
  init_op?: InitOp | null;
  saver?: Saver | null;
  checkpoint_dir?: string | null;
  checkpoint_filename_with_path?: string | null;
  wait_for_checkpoint?: boolean;
  max_wait_secs?: number;
  config?: Config;
  init_feed_dict?: FeedDict | null;
  init_fn?: ((sess: Session) => void) | null;
}

// The methods' TF 1.15 signatures: any parameter by position or keyword.
const PREPARE = new PythonSignature('prepare_session', [
  'master', 'init_op=None', 'saver=None', 'checkpoint_dir=None', 'checkpoint_filename_with_path=None', 'wait_for_checkpoint=False',
  'max_wait_secs=7200', 'config=None', 'init_feed_dict: dict = None', 'init_fn=None',
]);
const RECOVER = new PythonSignature('recover_session', ['master', 'saver=None', 'checkpoint_dir=None', 'checkpoint_filename_with_path=None', 'wait_for_checkpoint=False', 'max_wait_secs=7200', 'config=None']);
const WAIT = new PythonSignature('wait_for_session', ['master', 'config=None', 'max_wait_secs=float("Inf")']);
type Bound<O> = [string, O];

const opName = (op: InitOp | null | undefined): string => (op ? (op instanceof Tensor ? op.op.name : op.name) : 'None');

export class SessionManagerImpl {
  private readonly localInitOp: InitOp | null;
  private readonly readyOp: Tensor | null;
  private readonly readyForLocalInitOp: Tensor | null;
  private readonly graph: Graph;
  private readonly recoveryWaitSecs: number;
  private readonly localInitFeedDict: FeedDict | null;
  constructor(options: SessionManagerOptions = {}) {
    this.localInitOp = options.local_init_op ?? null;
    this.readyOp = options.ready_op ?? null;
    this.readyForLocalInitOp = options.ready_for_local_init_op ?? null;
    this.graph = options.graph ?? get_default_graph();
    this.recoveryWaitSecs = options.recovery_wait_secs ?? 30;
    this.localInitFeedDict = options.local_init_feed_dict ?? null;
    if (this.readyForLocalInitOp !== null && this.localInitOp === null) {
      throw new ValueError('If you pass a ready_for_local_init_op you must also pass a local_init_op , ready_for_local_init_op [' + this.readyForLocalInitOp.name + ']');
    }
  }

  /** A session restored from the latest checkpoint (or `checkpoint_filename_with_path`), or initialised; then made ready. */
  prepare_session(master: string, options?: PrepareSessionOptions): Session;
  prepare_session(...args: unknown[]): Session;
  prepare_session(...args: unknown[]): Session {
    const [master, options] = PREPARE.shape(PREPARE.bind(args), 1) as Bound<PrepareSessionOptions>;
    const { init_op = null, init_fn = null } = options;
    const [sess, restored] = this.restoreCheckpoint(master, options);
    if (!restored) {
      if (init_op === null && !init_fn && this.localInitOp === null) throw new RuntimeError('Model is not initialized and no init_op or init_fn or local_init_op was given');
      if (init_op !== null) sess.run(init_op, options.init_feed_dict ?? null);
      if (init_fn) init_fn(sess);
    }
    const [localOk, localMsg] = this.tryRunLocalInitOp(sess);
    if (!localOk) throw new RuntimeError(`Init operations did not make model ready for local_init.  Init op: ${opName(init_op)}, init fn: ${init_fn ? 'given' : 'None'}, error: ${localMsg}`);
    const [ready, msg] = this.ready(this.readyOp, sess);
    if (!ready) throw new RuntimeError(`Init operations did not make model ready.  Init op: ${opName(init_op)}, init fn: ${init_fn ? 'given' : 'None'}, local_init_op: ${opName(this.localInitOp)}, error: ${msg}`);
    return sess;
  }

  /** Like prepare_session without initialising: [session, whether a checkpoint was restored]. */
  recover_session(master: string, options?: Omit<PrepareSessionOptions, 'init_op' | 'init_fn' | 'init_feed_dict'>): [Session, boolean];
  recover_session(...args: unknown[]): [Session, boolean];
  recover_session(...args: unknown[]): [Session, boolean] {
    const [master, options] = RECOVER.shape(RECOVER.bind(args), 1) as Bound<Omit<PrepareSessionOptions, 'init_op' | 'init_fn' | 'init_feed_dict'>>;
    const [sess, restored] = this.restoreCheckpoint(master, options);
    const [localOk] = this.tryRunLocalInitOp(sess);
    if (!restored || !localOk) return [sess, false];
    const [ready, msg] = this.ready(this.readyOp, sess);
    if (!ready) { logging.info('Restoring model from checkpoint did not make model ready: %s', msg); return [sess, false]; }
    return [sess, true];
  }

  /** A session once the model is ready (initialised by others), checking every recovery_wait_secs up to max_wait_secs. */
  wait_for_session(master: string, options?: { config?: Config; max_wait_secs?: number }): Session;
  wait_for_session(...args: unknown[]): Session;
  wait_for_session(...args: unknown[]): Session {
    const [master, options] = WAIT.shape(WAIT.bind(args), 1) as Bound<{ config?: Config; max_wait_secs?: number }>;
    const maxWait = options.max_wait_secs ?? Infinity;
    const start = clock.now();
    for (;;) {
      const sess = new Session(master, this.graph, options.config ?? undefined);
      const [localOk, localMsg] = this.tryRunLocalInitOp(sess);
      let notReady = localMsg;
      if (localOk) {
        const [ready, msg] = this.ready(this.readyOp, sess);
        if (ready) return sess;
        notReady = msg;
      }
      sess.close();
      if (clock.now() - start + this.recoveryWaitSecs > maxWait) throw new DeadlineExceededError(null, null, `Session was not ready after waiting ${maxWait} secs.`);
      logging.info('Waiting for model to be ready.  Ready_for_local_init_op:  %s, ready: %s', localOk ? 'None' : localMsg, notReady);
      clock.sleep(this.recoveryWaitSecs);
    }
  }

  private restoreCheckpoint(master: string, options: Omit<PrepareSessionOptions, 'init_op' | 'init_fn' | 'init_feed_dict'>): [Session, boolean] {
    const sess = new Session(master, this.graph, options.config ?? undefined);
    const { saver = null, checkpoint_dir = null, checkpoint_filename_with_path = null } = options;
    if (checkpoint_dir && checkpoint_filename_with_path) throw new ValueError('Can not provide both checkpoint_dir and checkpoint_filename_with_path.');
    if (!saver || !(checkpoint_dir || checkpoint_filename_with_path)) return [sess, false];
    if (checkpoint_filename_with_path) { saver.restore(sess, checkpoint_filename_with_path); return [sess, true]; }
    const maxWait = options.max_wait_secs ?? 7200;
    let waited = 0;
    let ckpt = get_checkpoint_state(checkpoint_dir!);
    while (!ckpt?.model_checkpoint_path) {
      if (!options.wait_for_checkpoint || waited >= maxWait) return [sess, false];
      logging.info('Waiting for checkpoint to be available.');
      const secs = Math.min(this.recoveryWaitSecs, maxWait - waited);
      clock.sleep(secs);
      waited += secs;
      ckpt = get_checkpoint_state(checkpoint_dir!);
    }
    saver.restore(sess, ckpt.model_checkpoint_path);
    saver.recover_last_checkpoints(ckpt.all_model_checkpoint_paths ?? []);
    return [sess, true];
  }

  private tryRunLocalInitOp(sess: Session): [boolean, string | null] {
    if (this.localInitOp === null) return [true, null];
    const [ready, msg] = this.ready(this.readyForLocalInitOp, sess);
    if (!ready) return [false, msg];
    logging.info('Running local_init_op.');
    sess.run(this.localInitOp, this.localInitFeedDict);
    logging.info('Done running local_init_op.');
    return [true, null];
  }

  /** Runs a ready op: an empty list of names (or no op, or a non-string result) is ready. */
  private ready(op: Tensor | null, sess: Session): [boolean, string | null] {
    if (op === null) return [true, null];
    try {
      const value = sess.run(op) as NDArray | null;
      if (value === null || value.dtype.name !== 'string' || value.size === 0) return [true, null];
      return [false, `Variables not initialized: ${(value.toArray() as unknown[]).map(String).join(', ')}`];
    } catch (e) {
      if (e instanceof FailedPreconditionError && String(e.message).includes('uninitialized')) return [false, String(e.message)];
      throw e;
    }
  }
}
export const SessionManager = pythonClass('SessionManager', [
  'local_init_op=None', 'ready_op=None', 'ready_for_local_init_op=None', 'graph=None', 'recovery_wait_secs=30', 'local_init_run_options=None', 'local_init_feed_dict=None',
], 0, SessionManagerImpl);
export type SessionManager = SessionManagerImpl;
