/**
 * The language side of the kernel, as the protocol layer sees it. The protocol layer knows
 * nothing about TypeScript: any language that implements this interface can sit behind it.
 */

import type { JsonObject } from '../protocol/messages';

/** A MIME bundle: MIME type → data (string for text types, JSON for +json types). */
export type MimeBundle = Record<string, unknown>;

export interface DisplayOutput {
  data: MimeBundle;
  metadata: Record<string, unknown>;
  /** When set, the output can be updated later through update_display_data. */
  displayId?: string;
}

/** Where a request's side outputs go (a cell's, or a comm handler's); bound to that request. */
export interface OutputSink {
  stream(name: 'stdout' | 'stderr', text: string): void;
  display(output: DisplayOutput): void;
  updateDisplay(output: DisplayOutput & { displayId: string }): void;
  clearOutput(wait: boolean): void;
  /** An error output (iopub `error`) that does not end the request: a failing callback, a message that could not be sent. */
  error(error: ExecuteError): void;
  /**
   * Asks the front end for a line of input (an input_request on the stdin channel) and resolves
   * with the text the user typed. Rejects with a `StdinNotImplementedError` when the request that
   * started the cell did not allow stdin, and when the cell finishes or is interrupted first.
   */
  requestInput(prompt: string, password: boolean): Promise<string>;
  /** Sends comm traffic (see kernel/comm) under this request. */
  comm(msgType: 'comm_open' | 'comm_msg' | 'comm_close', content: JsonObject, buffers: Uint8Array[], metadata: JsonObject): void;
}

export interface ExecuteRequest {
  code: string;
  silent: boolean;
  storeHistory: boolean;
  /** The execution_count this request will report (already incremented when storeHistory). */
  executionCount: number;
  /** The notebook cell id from the request metadata (`cellId`), when the front end sends it. */
  cellId?: string;
  /** user_expressions from the request: name → expression source. */
  userExpressions: Record<string, string>;
  /** Whether the front end answers input requests for this execution (the request's allow_stdin). */
  allowStdin: boolean;
}

export interface ExecuteError {
  ename: string;
  evalue: string;
  traceback: string[];
}

export type ExecuteOutcome =
  | { status: 'ok'; result?: DisplayOutput; userExpressions: Record<string, UserExpressionResult> }
  | ({ status: 'error' } & ExecuteError);

export type UserExpressionResult =
  | { status: 'ok'; data: MimeBundle; metadata: Record<string, unknown> }
  | ({ status: 'error' } & ExecuteError);

export interface CompleteResult {
  matches: string[];
  cursorStart: number;
  cursorEnd: number;
  metadata: Record<string, unknown>;
}

export interface InspectResult {
  found: boolean;
  data: MimeBundle;
  metadata: Record<string, unknown>;
}

export type IsCompleteResult =
  | { status: 'complete' }
  | { status: 'incomplete'; indent: string }
  | { status: 'invalid' }
  | { status: 'unknown' };

export interface LanguageInfo {
  name: string;
  version: string;
  mimetype: string;
  file_extension: string;
  /** A CodeMirror mode name, or a mode spec with options (`{name: 'javascript', typescript: true}`). */
  codemirror_mode?: string | { name: string; typescript?: boolean };
  pygments_lexer?: string;
}

/**
 * What the main thread is doing for the current cell, shared with the I/O thread so an interrupt can
 * pick the way to stop it: 'synchronous' while the cell's top-level code runs (a SIGINT breaks it),
 * 'awaiting' once it awaits (its continuations run from the event loop), 'idle' otherwise.
 */
export type CellPhase = 'idle' | 'synchronous' | 'awaiting';

export interface Interpreter {
  readonly languageInfo: LanguageInfo;
  readonly implementation: string;
  readonly implementationVersion: string;
  readonly banner: string;
  /** kernel_info's help_links: documentation the front end offers in its help menu. */
  readonly helpLinks: readonly { text: string; url: string }[];
  /** Runs one cell; must not throw (failures come back as status 'error'). */
  execute(request: ExecuteRequest, output: OutputSink): Promise<ExecuteOutcome>;
  complete(code: string, cursorPos: number): CompleteResult;
  inspect(code: string, cursorPos: number, detailLevel: number): InspectResult;
  isComplete(code: string): IsCompleteResult;
  /** Cancels what the current cell is awaiting (a synchronous loop is broken by SIGINT itself). */
  interrupt(): void;
  shutdown(): void;
}
