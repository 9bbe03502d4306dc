/**
 * What cells see besides `tf`: the `display` helper, `input` / `password`, and `comms`. Cells import it through the hidden prelude,
 * so this module's declarations are what type-checks `display(...)` calls in notebooks.
 */
import * as crypto from 'crypto';
import { CommManager, commManager } from '../comm/comm_manager';
import { displayRegistry } from '../display/display_registry';
import { activeOutput } from './active_output';
import type { MimeBundle, OutputSink } from './interpreter';

export interface DisplayOptions {
  /**
   * Give the output an id so it can be replaced later: a string, or `true` for a fresh one.
   * With a displayId, display() returns a handle whose update() re-renders the output.
   */
  displayId?: string | true;
  /** Replace the output that carries `displayId` instead of adding a new one. */
  update?: boolean;
  /** Output metadata (e.g. `{ 'image/png': { width: 64 } }`). */
  metadata?: Record<string, unknown>;
  /** Treat `value` as a ready MIME bundle instead of rendering it. */
  raw?: boolean;
}

export interface DisplayHandle {
  readonly displayId: string;
  /** Re-renders `value` in place of this output. */
  update(value: unknown, options?: Omit<DisplayOptions, 'displayId' | 'update'>): void;
  toString(): string;
}

export interface Display {
  (value: unknown, options: DisplayOptions & { displayId: string | true }): DisplayHandle;
  (value: unknown, options?: DisplayOptions): void;
  html(html: string): void;
  markdown(markdown: string): void;
  text(text: string): void;
  svg(svg: string): void;
  json(value: unknown): void;
  /** Clears the cell's output; with wait, clears just before the next output arrives. */
  clear(wait?: boolean): void;
}

type ResolvedOptions = Omit<DisplayOptions, 'displayId'> & { displayId?: string };

function send(output: OutputSink, bundle: MimeBundle, options: ResolvedOptions): void {
  const shown = { data: bundle, metadata: options.metadata ?? {}, displayId: options.displayId };
  if (options.update) {
    if (!options.displayId) throw new Error('display(value, {update: true}) needs a displayId');
    output.updateDisplay({ ...shown, displayId: options.displayId });
  } else {
    output.display(shown);
  }
}

/** Whether a MIME type's data is JSON (any JSON value) rather than text (a string). */
const isJsonMimeType = (type: string): boolean => type === 'application/json' || type.endsWith('+json');

/**
 * A raw MIME bundle checked as front ends need it: text data as strings, and a text/plain
 * entry (added when missing, naming the types) for the front ends that show only text.
 */
function rawBundle(value: unknown): MimeBundle {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError('display(value, {raw: true}) needs a MIME bundle object such as {"text/html": "<b>hi</b>"}');
  }
  const bundle: MimeBundle = {};
  for (const [type, data] of Object.entries(value)) {
    if (!isJsonMimeType(type) && typeof data !== 'string') {
      throw new TypeError(`display: the ${JSON.stringify(type)} data of a MIME bundle must be a string, got ${data === null ? 'null' : typeof data}`);
    }
    bundle[type] = data;
  }
  if (Object.keys(bundle).length === 0) throw new TypeError('display(value, {raw: true}) got an empty MIME bundle');
  bundle['text/plain'] ??= `<${Object.keys(bundle).join(', ')} output>`;
  return bundle;
}

function show(value: unknown, options: ResolvedOptions): void {
  const output = activeOutput.require('display()');
  if (options.raw) {
    send(output, rawBundle(value), options);
    return;
  }
  const bundle = displayRegistry.toMimeBundle(value);
  // A bundle rendered asynchronously still goes to the request that asked for it.
  if (bundle instanceof Promise) {
    bundle.then((b) => send(output, b, options), (e: unknown) => output.stream('stderr', `display failed: ${(e as Error)?.message ?? String(e)}\n`));
  } else {
    send(output, bundle, options);
  }
}

function makeHandle(displayId: string): DisplayHandle {
  return {
    displayId,
    update: (value, options = {}) => show(value, { ...options, displayId, update: true }),
    toString: () => `DisplayHandle(${displayId})`,
  };
}

function displayValue(value: unknown, options: DisplayOptions = {}): DisplayHandle | undefined {
  const displayId = options.displayId === true ? crypto.randomUUID() : options.displayId;
  show(value, { ...options, displayId });
  // Like IPython: a handle only when an id was asked for, so `display(x)` leaves no cell value.
  return displayId === undefined ? undefined : makeHandle(displayId);
}

function displayRaw(bundle: MimeBundle): void {
  displayValue(bundle, { raw: true });
}

export const display: Display = Object.assign(displayValue as Display, {
  html: (html: string) => displayRaw({ 'text/html': html, 'text/plain': html }),
  markdown: (markdown: string) => displayRaw({ 'text/markdown': markdown, 'text/plain': markdown }),
  text: (text: string) => displayRaw({ 'text/plain': text }),
  svg: (svg: string) => displayRaw({ 'image/svg+xml': svg, 'text/plain': '<svg image>' }),
  json: (value: unknown) => displayRaw({ 'application/json': value, 'text/plain': JSON.stringify(value, null, 2) }),
  clear: (wait = false) => activeOutput.require('display.clear()').clearOutput(wait),
});

function ask(prompt: unknown, password: boolean): Promise<string> {
  const name = password ? 'password' : 'input';
  if (prompt !== undefined && typeof prompt !== 'string') return Promise.reject(new TypeError(`${name}(prompt) needs a string prompt, got ${typeof prompt}`));
  try {
    // After its cell ended, the cell's output refuses the input request itself (a StdinNotImplementedError).
    return activeOutput.require(`${name}()`, { orLatest: true }).requestInput(prompt ?? '', password);
  } catch (e) {
    return Promise.reject(e);
  }
}

/**
 * Asks the user for a line of text through the front end (Jupyter's input_request), like Python's
 * `input()`: `const name = await input('Your name? ')`. Rejects with a `StdinNotImplementedError`
 * when the front end does not take input (e.g. nbconvert, or an execute_request with allow_stdin: false).
 */
export function input(prompt?: string): Promise<string> {
  return ask(prompt, false);
}

/** Like `input`, but the front end hides what is typed (Jupyter's `password: true`; Python's `getpass`). */
export function password(prompt?: string): Promise<string> {
  return ask(prompt, true);
}

/** The kernel's comm registry, preloaded in cells as `comms` (register targets, open comms). */
export const comms: CommManager = commManager;
