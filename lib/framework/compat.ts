/**
 * `tf.compat`'s conversions between text and bytes (TF's util/compat.py). TF's bytes are a `Uint8Array`
 * here (the elements of a string tensor's value), its text a JavaScript string.
 */
import { LookupError, TFTypeError, ValueError } from './errors';
import { pythonFunction, pythonRepr } from './python_signature';

export type BytesOrText = string | Uint8Array;

/** Python's codec names this module knows, lower-cased, as the codec they name. */
const CODECS: Readonly<Record<string, 'utf-8' | 'latin-1' | 'ascii'>> = {
  'utf-8': 'utf-8', utf8: 'utf-8', 'utf_8': 'utf-8', u8: 'utf-8',
  'latin-1': 'latin-1', latin1: 'latin-1', 'latin_1': 'latin-1', 'iso-8859-1': 'latin-1', 'iso8859-1': 'latin-1',
  ascii: 'ascii', 'us-ascii': 'ascii',
};

function codecOf(encoding: string): 'utf-8' | 'latin-1' | 'ascii' {
  const codec = CODECS[encoding.toLowerCase()];
  if (!codec) throw new LookupError(`unknown encoding: ${encoding}`);
  return codec;
}

const isBytes = (x: unknown): x is Uint8Array => x instanceof Uint8Array || Object.prototype.toString.call(x) === '[object Uint8Array]';
const notText = (x: unknown) => new TFTypeError(`Expected binary or unicode string, got ${pythonRepr(x)}`);

function encode(text: string, encoding: string): Uint8Array {
  const codec = codecOf(encoding);
  if (codec === 'utf-8') return new TextEncoder().encode(text);
  const limit = codec === 'ascii' ? 128 : 256;
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // Python's UnicodeEncodeError is a ValueError.
    if (c >= limit) throw new ValueError(`'${codec === 'ascii' ? 'ascii' : 'latin-1'}' codec can't encode character '\\x${c.toString(16)}' in position ${i}: ordinal not in range(${limit})`);
    out[i] = c;
  }
  return out;
}

function decode(bytes: Uint8Array, encoding: string): string {
  const codec = codecOf(encoding);
  if (codec === 'utf-8') return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    if (codec === 'ascii' && bytes[i] >= 128) throw new ValueError(`'ascii' codec can't decode byte 0x${bytes[i].toString(16)} in position ${i}: ordinal not in range(128)`);
    out += String.fromCharCode(bytes[i]);
  }
  return out;
}

/**
 * Bytes of text (encoded) or of bytes (as they are); TypeError for anything else.
 * @example tf.compat.as_bytes('héllo')  // Uint8Array [104, 195, 169, 108, 108, 111]
 */
export const as_bytes = pythonFunction('as_bytes', ['bytes_or_text', "encoding='utf-8'"], 1,
  function as_bytes(bytes_or_text: BytesOrText, options: { encoding?: string } = {}): Uint8Array {
    if (typeof bytes_or_text === 'string') return encode(bytes_or_text, options.encoding ?? 'utf-8');
    if (isBytes(bytes_or_text)) return bytes_or_text;
    throw notText(bytes_or_text);
  });

/**
 * Text of bytes (decoded) or of text (as it is); TypeError for anything else.
 * @example tf.compat.as_text(sess.run(tf.constant('abc')).data[0])  // 'abc'
 */
export const as_text = pythonFunction('as_text', ['bytes_or_text', "encoding='utf-8'"], 1,
  function as_text(bytes_or_text: BytesOrText, options: { encoding?: string } = {}): string {
    if (typeof bytes_or_text === 'string') return bytes_or_text;
    if (isBytes(bytes_or_text)) return decode(bytes_or_text, options.encoding ?? 'utf-8');
    throw notText(bytes_or_text);
  });

/** Python 3's `as_str`: `as_text`. */
export const as_str = as_text;

/**
 * Text of any value: bytes decoded as UTF-8, anything else as Python's `str()` writes it.
 * @example tf.compat.as_str_any(3)  // '3'
 */
export const as_str_any = pythonFunction('as_str_any', ['value'], 1, function as_str_any(value: unknown): string {
  if (isBytes(value)) return decode(value, 'utf-8');
  return typeof value === 'string' ? value : pythonRepr(value);
});

/**
 * A path as text: an object with Python's `__fspath__` becomes what it returns, anything else is returned as it is.
 * @example tf.compat.path_to_str('/tmp/model')  // '/tmp/model'
 */
export const path_to_str = pythonFunction('path_to_str', ['path'], 1, function path_to_str<T>(path: T): T | string {
  const fspath = (path as { __fspath__?: unknown } | null)?.__fspath__;
  if (typeof fspath === 'function') return as_str_any(fspath.call(path) as unknown);
  return path;
});
