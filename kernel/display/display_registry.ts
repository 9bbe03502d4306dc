import * as util from 'util';
import type { MimeBundle } from '../interpreter/interpreter';

/**
 * Turns a value into a MIME bundle, or says "not mine" with undefined.
 * widgets/ registers one of these (its `toMimeBundle`); users may register their own.
 */
export type MimeRenderer = (value: unknown) => MimeBundle | undefined;

/** Deno's convention: `value[Symbol.for('Jupyter.display')]()` returns a MIME bundle. */
export const JUPYTER_DISPLAY = Symbol.for('Jupyter.display');

function hasDisplayMethod(value: unknown): value is { [JUPYTER_DISPLAY]: () => unknown } {
  return (typeof value === 'object' || typeof value === 'function') && value !== null &&
    typeof (value as Record<symbol, unknown>)[JUPYTER_DISPLAY] === 'function';
}

function isMimeBundle(value: unknown): value is MimeBundle {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length > 0;
}

/** True for class instances whose class (or an ancestor other than Object/Error) defines toString. */
function hasCustomToString(value: object): boolean {
  let proto: object | null = Object.getPrototypeOf(value);
  while (proto !== null && proto !== Object.prototype) {
    if (proto === Array.prototype || proto === Error.prototype || proto === Function.prototype ||
        proto === Date.prototype || proto === RegExp.prototype) return false;
    if (Object.prototype.hasOwnProperty.call(proto, 'toString')) return true;
    proto = Object.getPrototypeOf(proto);
  }
  return false;
}

/** Longest text/plain a value gets; a 50 MB string as a cell value must not flood the front end. */
const MAX_PLAIN_TEXT = 1024 * 1024;

/** The text/plain every value gets when nothing richer applies (cut after MAX_PLAIN_TEXT characters). */
export function plainText(value: unknown): string {
  const text = fullPlainText(value);
  return text.length <= MAX_PLAIN_TEXT ? text : `${text.slice(0, MAX_PLAIN_TEXT)}… [${text.length - MAX_PLAIN_TEXT} more characters]`;
}

function fullPlainText(value: unknown): string {
  if (typeof value === 'string') return util.inspect(value);
  if (typeof value === 'object' && value !== null && hasCustomToString(value)) {
    try {
      return String(value);
    } catch {
      // A throwing toString must not hide the value: fall through to inspect.
    }
  }
  return util.inspect(value, { depth: 4, maxArrayLength: 100, breakLength: 100 });
}

/**
 * Renderer registry consulted in order: registered renderers (most recent first), then the value's
 * own Symbol.for('Jupyter.display') method, then text/plain. Every bundle it returns has text/plain.
 */
export class DisplayRegistry {
  private readonly renderers: { name: string; render: MimeRenderer }[] = [];

  /** Adds a renderer; returns a function that removes it again. */
  register(name: string, render: MimeRenderer): () => void {
    const entry = { name, render };
    this.renderers.unshift(entry);
    return () => {
      const index = this.renderers.indexOf(entry);
      if (index >= 0) this.renderers.splice(index, 1);
    };
  }

  get rendererNames(): string[] {
    return this.renderers.map((r) => r.name);
  }

  /**
   * Synchronous unless the value's display method returns a promise (allowed by Deno's convention),
   * so output order matches call order in the common case.
   */
  toMimeBundle(value: unknown): MimeBundle | Promise<MimeBundle> {
    for (const { name, render } of this.renderers) {
      let bundle: MimeBundle | undefined;
      try {
        bundle = render(value);
      } catch (e) {
        bundle = { 'text/plain': `${plainText(value)}\n(renderer ${name} failed: ${(e as Error)?.message ?? String(e)})` };
      }
      if (isMimeBundle(bundle)) return withPlainText(bundle, value);
    }
    if (hasDisplayMethod(value)) {
      const bundle: unknown = value[JUPYTER_DISPLAY]();
      if (bundle instanceof Promise) {
        return bundle.then((b: unknown) => (isMimeBundle(b) ? withPlainText(b, value) : { 'text/plain': plainText(value) }));
      }
      if (isMimeBundle(bundle)) return withPlainText(bundle, value);
    }
    return { 'text/plain': plainText(value) };
  }
}

function withPlainText(bundle: MimeBundle, value: unknown): MimeBundle {
  const normalized: MimeBundle = {};
  for (const [mime, data] of Object.entries(bundle)) {
    // Text types must be strings on the wire; JSON types stay structured.
    normalized[mime] = typeof data === 'string' || mime.endsWith('json') ? data : String(data);
  }
  if (typeof normalized['text/plain'] !== 'string') normalized['text/plain'] = plainText(value);
  return normalized;
}

/** The kernel's registry; widgets/ is wired into it at kernel start (see kernel/display/widgets_bridge). */
export const displayRegistry = new DisplayRegistry();
