/**
 * The kernel's side of the stdin channel: input requests sent to the front end that ran the cell,
 * and the input replies that answer them.
 */
import * as crypto from 'crypto';
import type { JupyterMessage, MessageHeader, OutgoingMessage } from './messages';

/** A cell asked for input, but the front end cannot answer (allow_stdin was false), or gave up. */
export class StdinNotImplementedError extends Error {
  override name = 'StdinNotImplementedError';
}

/** Where a request's cell may ask for input: the front end's identities, when it allows stdin. */
export interface StdinRoute {
  identities: Uint8Array[];
}

/** The request an input belongs to, as the broker sees it. */
export interface InputAsker {
  readonly parent: MessageHeader | Record<string, never>;
  readonly stdin?: StdinRoute;
  /** Set when the request's reply has gone out: later input requests are refused. */
  readonly finished: boolean;
}

/** An input request waiting for its input_reply. */
interface PendingInput {
  msgId: string;
  asker: InputAsker;
  resolve(value: string): void;
  reject(error: Error): void;
}

export class StdinBroker {
  /** Input requests sent on stdin and not answered yet, oldest first. */
  private readonly pending: PendingInput[] = [];

  constructor(private readonly send: (message: OutgoingMessage) => void, private readonly log: (text: string) => void) {}

  /** Sends an input_request on stdin to the front end that sent the asker's execute_request. */
  request(asker: InputAsker, prompt: string, password: boolean): Promise<string> {
    const name = password ? 'password' : 'input';
    if (!asker.stdin) {
      return Promise.reject(new StdinNotImplementedError(
        `${name}() was called, but this front end does not support input requests (the execute_request has allow_stdin: false)`));
    }
    if (asker.finished) {
      return Promise.reject(new StdinNotImplementedError(`${name}() was called after its cell finished; the front end no longer answers input requests for it`));
    }
    const msgId = crypto.randomUUID();
    const answer = new Promise<string>((resolve, reject) => this.pending.push({ msgId, asker, resolve, reject }));
    this.send({
      channel: 'stdin', msgType: 'input_request', content: { prompt, password }, parentHeader: asker.parent,
      identities: asker.stdin.identities, msgId,
    });
    return answer;
  }

  /** An input_reply answers the request named by its parent header; without one (jupyter_client's `input()`), the oldest. */
  answer(message: JupyterMessage): void {
    const parentId = message.parent_header.msg_id;
    let index = parentId === undefined ? -1 : this.pending.findIndex((p) => p.msgId === parentId);
    if (index < 0 && (parentId === undefined || parentId === '')) index = 0;
    const pending = index >= 0 ? this.pending.splice(index, 1)[0] : undefined;
    if (!pending) {
      this.log(`ignored an input_reply that answers no pending input request${parentId ? ` (parent ${parentId})` : ''}`);
      return;
    }
    const value = message.content.value;
    if (message.content.status === 'error' || typeof value !== 'string') {
      pending.reject(new StdinNotImplementedError(typeof value === 'string' ? 'the front end could not read input' : 'the input_reply carries no value'));
    } else {
      pending.resolve(value);
    }
  }

  /** Input requests of a request that has finished can no longer be answered. */
  cancel(asker: InputAsker, reason: string): void {
    for (let i = this.pending.length - 1; i >= 0; i--) {
      const pending = this.pending[i];
      if (pending.asker !== asker) continue;
      this.pending.splice(i, 1);
      pending.reject(new StdinNotImplementedError(reason));
    }
  }
}
