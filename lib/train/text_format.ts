/**
 * Protobuf text format for any message of lib/proto (the `checkpoint` state file, `graph.pbtxt`, text
 * `.meta` and `saved_model.pbtxt`), as Python's `text_format.MessageToString` writes it and
 * `text_format.Merge` reads it. No maintained JavaScript protobuf library has a text format, so this
 * module drives protobufjs's reflected schemas itself.
 */
import * as protobuf from 'protobufjs';
import { CheckpointState, Codec, messageFromObject, messageType } from '../proto';

/** Python's text_encoding.CEscape(bytes, as_utf8=False): C escapes, octal for the rest. */
export function cEscape(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) {
    switch (b) {
      case 0x09: out += '\\t'; break;
      case 0x0a: out += '\\n'; break;
      case 0x0d: out += '\\r'; break;
      case 0x22: out += '\\"'; break;
      case 0x27: out += "\\'"; break;
      case 0x5c: out += '\\\\'; break;
      default:
        out += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\${b.toString(8).padStart(3, '0')}`;
    }
  }
  return out;
}

/** Python's repr of a float, as text_format prints doubles. */
export function formatDouble(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  const abs = Math.abs(v);
  if (abs !== 0 && (abs >= 1e16 || abs < 1e-4)) {
    const [m, e] = v.toExponential().split('e');
    const exp = Number(e);
    return `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  const s = String(v);
  return Number.isInteger(v) ? `${s}.0` : s;
}

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder();

/** `text_format.MessageToString(CheckpointState)`. */
export function checkpointStateToText(state: CheckpointState): string {
  return messageToString('tensorflow.CheckpointState', state);
}

/** The shortest decimal that reads back as the same float32 (Python's text_format for `float` fields). */
function formatFloat32(v: number): string {
  if (!Number.isFinite(v)) return formatDouble(v);
  for (let p = 1; p <= 9; p++) {
    const t = Number(v.toPrecision(p));
    if (Math.fround(t) === Math.fround(v)) return formatDouble(t);
  }
  return formatDouble(v);
}

function isDefault(v: unknown): boolean {
  return v === undefined || v === null || v === 0 || v === false || v === '' || (v instanceof Uint8Array && v.length === 0);
}

/**
 * Python's `text_format.MessageToString` for any message of lib/proto: set fields in field-number
 * order, sub-messages in braces indented by two spaces, map entries sorted by key, enums by name,
 * strings and bytes C-escaped.
 */
export function messageToString(typeName: string, message: object): string {
  const lines: string[] = [];
  const scalar = (field: protobuf.Field, v: unknown): string => {
    if (field.resolvedType instanceof protobuf.Enum) return field.resolvedType.valuesById[Number(v)] ?? String(v);
    switch (field.type) {
      case 'string': return `"${cEscape(utf8.encode(String(v)))}"`;
      case 'bytes': return `"${cEscape(v as Uint8Array)}"`;
      case 'bool': return v ? 'true' : 'false';
      case 'double': return formatDouble(Number(v));
      case 'float': return formatFloat32(Number(v));
      default: return String(v);
    }
  };
  const write = (type: protobuf.Type, msg: Record<string, unknown>, indent: string): void => {
    for (const field of [...type.fieldsArray].sort((a, b) => a.id - b.id)) {
      field.resolve();
      const v = msg[field.name];
      if (v === undefined || v === null) continue;
      const sub = field.resolvedType instanceof protobuf.Type ? field.resolvedType : null;
      const emit = (x: unknown) => {
        if (sub) {
          lines.push(`${indent}${field.name} {`);
          write(sub, x as Record<string, unknown>, `${indent}  `);
          lines.push(`${indent}}`);
        } else lines.push(`${indent}${field.name}: ${scalar(field, x)}`);
      };
      if (field.map) {
        const keyType = (field as unknown as { keyType: string }).keyType;
        for (const key of Object.keys(v as object).sort()) {
          lines.push(`${indent}${field.name} {`);
          lines.push(`${indent}  key: ${keyType === 'string' ? `"${cEscape(utf8.encode(key))}"` : key}`);
          const value = (v as Record<string, unknown>)[key];
          if (sub) {
            lines.push(`${indent}  value {`);
            write(sub, value as Record<string, unknown>, `${indent}    `);
            lines.push(`${indent}  }`);
          } else lines.push(`${indent}  value: ${scalar(field, value)}`);
          lines.push(`${indent}}`);
        }
      } else if (field.repeated) {
        for (const x of v as unknown[]) emit(x);
      } else if (sub || field.partOf || !isDefault(v)) {
        emit(v);
      }
    }
  };
  write(messageType(typeName), message as Record<string, unknown>, '');
  return lines.map((l) => `${l}\n`).join('');
}

/** Raised for text that is not a valid message of the type asked for (Python's text_format.ParseError). */
export class TextFormatParseError extends Error {
  constructor(message: string) { super(message); this.name = 'ParseError'; }
}

type Token = { kind: 'ident' | 'string' | 'number' | 'punct' | 'typeurl'; text: string; bytes?: Uint8Array; line: number; col: number };

const SIMPLE_ESCAPES: Record<string, number> = { n: 10, t: 9, r: 13, a: 7, b: 8, f: 12, v: 11, '\\': 92, "'": 39, '"': 34, '?': 63 };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0, line = 1, lineStart = 0;
  const fail = (msg: string): never => { throw new TextFormatParseError(`${line}:${i - lineStart + 1} : ${msg}`); };
  while (i < text.length) {
    const c = text[i];
    if (c === '\n') { line++; i++; lineStart = i; continue; }
    if (/\s/.test(c)) { i++; continue; }
    if (c === '#') { while (i < text.length && text[i] !== '\n') i++; continue; }
    const col = i - lineStart + 1;
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i, i + 256))!;
      tokens.push({ kind: 'ident', text: m[0], line, col });
      i += m[0].length;
      continue;
    }
    if (/[-+0-9.]/.test(c)) {
      const m = /^[-+]?(?:inf(?:inity)?|nan|(?:0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)[fF]?)/i.exec(text.slice(i, i + 256));
      if (!m) fail(`Expected a number, got ${c}`);
      tokens.push({ kind: 'number', text: m![0], line, col });
      i += m![0].length;
      continue;
    }
    if (c === '"' || c === "'") {
      const quote = c;
      const bytes: number[] = [];
      i++;
      for (;;) {
        if (i >= text.length || text[i] === '\n') fail('String missing ending quote');
        const ch = text[i];
        if (ch === quote) { i++; break; }
        if (ch !== '\\') {
          const s = String.fromCodePoint(text.codePointAt(i)!);
          for (const b of utf8.encode(s)) bytes.push(b);
          i += s.length;
          continue;
        }
        const e = text[i + 1];
        i += 2;
        if (e !== undefined && e in SIMPLE_ESCAPES) { bytes.push(SIMPLE_ESCAPES[e]); continue; }
        if (e !== undefined && /[0-7]/.test(e)) {
          let j = i - 1, v = 0, k = 0;
          while (k < 3 && j < text.length && /[0-7]/.test(text[j])) { v = v * 8 + Number(text[j]); j++; k++; }
          if (v > 255) fail('Invalid octal escape');
          bytes.push(v);
          i = j;
          continue;
        }
        if (e === 'x' || e === 'X') {
          const m = /^[0-9a-fA-F]{1,2}/.exec(text.slice(i, i + 2));
          if (!m) fail('Invalid hex escape');
          bytes.push(parseInt(m![0], 16));
          i += m![0].length;
          continue;
        }
        fail(`Invalid escape sequence: \\${e ?? ''}`);
      }
      tokens.push({ kind: 'string', text: '', bytes: Uint8Array.from(bytes), line, col });
      continue;
    }
    if (c === '[' && /^\[\s*[A-Za-z0-9_.-]+\//.test(text.slice(i, i + 256))) {
      // An expanded Any: `[type.googleapis.com/tensorflow.AssetFileDef] { ... }`.
      const end = text.indexOf(']', i);
      if (end < 0) fail('Expected "]" closing a type URL');
      tokens.push({ kind: 'typeurl', text: text.slice(i + 1, end).replace(/\s+/g, ''), line, col });
      i = end + 1;
      continue;
    }
    if (':;,{}<>[]'.includes(c)) { tokens.push({ kind: 'punct', text: c, line, col }); i++; continue; }
    fail(`Unexpected character ${JSON.stringify(c)}`);
  }
  return tokens;
}

function parseNumber(t: Token): number {
  const s = t.text.replace(/([0-9.])[fF]$/, '$1').toLowerCase();
  if (/^[-+]?inf(inity)?$/.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
  if (/^[-+]?nan$/.test(s)) return NaN;
  const v = /^[-+]?0x/.test(s) ? (s.startsWith('-') ? -1 : 1) * parseInt(s.replace(/^[-+]/, ''), 16) : Number(s);
  if (Number.isNaN(v)) throw new TextFormatParseError(`${t.line}:${t.col} : Couldn't parse number: ${t.text}`);
  return v;
}

const INTEGER_TYPES = new Set(['int32', 'int64', 'uint32', 'uint64', 'sint32', 'sint64', 'fixed32', 'fixed64', 'sfixed32', 'sfixed64']);

/** Parses tokens into a plain object of `type` (enums as numbers, bytes as Uint8Array, int64 as numbers). */
class TextParser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  private fail(t: Token | undefined, msg: string): never {
    const at = t ?? this.tokens[this.tokens.length - 1];
    throw new TextFormatParseError(at ? `${at.line}:${at.col} : ${msg}` : msg);
  }

  private peek(): Token | undefined { return this.tokens[this.i]; }

  private isPunct(text: string): boolean {
    const t = this.peek();
    return t !== undefined && t.kind === 'punct' && t.text === text;
  }

  private expectPunct(text: string): void {
    if (!this.isPunct(text)) this.fail(this.peek(), `Expected "${text}".`);
    this.i++;
  }

  /** Fields until `end` (a closing brace, or the end of the text when null). */
  parseFields(type: protobuf.Type, end: string | null): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (;;) {
      const t = this.peek();
      if (end === null ? t === undefined : this.isPunct(end)) { if (end !== null) this.i++; return out; }
      if (t === undefined) this.fail(t, `Expected "${end}".`);
      if (t.kind === 'typeurl' && type.fullName === '.google.protobuf.Any') {
        this.i++;
        if (this.isPunct(':')) this.i++;
        const inner = this.anyType(t);
        const value = this.parseBlock(inner);
        out.type_url = t.text;
        out.value = inner.encode(inner.fromObject(value)).finish();
      } else {
        if (t.kind !== 'ident') this.fail(t, `Expected identifier or number, got ${t.text}.`);
        this.i++;
        const field = type.fields[t.text];
        if (!field) this.fail(t, `Message type "${type.fullName.replace(/^\./, '')}" has no field named "${t.text}".`);
        field.resolve();
        this.parseField(field, out);
      }
      if (this.isPunct(';') || this.isPunct(',')) this.i++;
    }
  }

  private anyType(t: Token): protobuf.Type {
    const name = t.text.slice(t.text.lastIndexOf('/') + 1);
    try {
      return messageType(name);
    } catch {
      return this.fail(t, `Type ${name} not found in the schemas.`);
    }
  }

  private parseBlock(type: protobuf.Type): Record<string, unknown> {
    if (this.isPunct('{')) { this.i++; return this.parseFields(type, '}'); }
    if (this.isPunct('<')) { this.i++; return this.parseFields(type, '>'); }
    return this.fail(this.peek(), 'Expected "{".');
  }

  private parseField(field: protobuf.Field, out: Record<string, unknown>): void {
    const sub = field.resolvedType instanceof protobuf.Type ? field.resolvedType : null;
    if (field.map) {
      if (this.isPunct(':')) this.i++;
      const entry = this.parseMapEntry(field);
      const m = (out[field.name] ??= {}) as Record<string, unknown>;
      m[String(entry.key)] = entry.value;
      return;
    }
    const readValue = (): unknown => (sub ? this.parseBlock(sub) : this.parseScalar(field));
    if (sub) {
      if (this.isPunct(':')) this.i++;
    } else this.expectPunct(':');
    const values: unknown[] = [];
    if (this.isPunct('[') && field.repeated) {
      this.i++;
      if (!this.isPunct(']')) {
        for (;;) {
          values.push(readValue());
          if (this.isPunct(']')) break;
          this.expectPunct(',');
        }
      }
      this.i++;
    } else values.push(readValue());
    if (field.repeated) ((out[field.name] ??= []) as unknown[]).push(...values);
    else out[field.name] = values[0];
  }

  private parseMapEntry(field: protobuf.Field): { key: unknown; value: unknown } {
    const keyType = (field as unknown as { keyType: string }).keyType;
    const keyField = new protobuf.Field('key', 1, keyType);
    const open = this.peek();
    if (!this.isPunct('{') && !this.isPunct('<')) this.fail(open, 'Expected "{".');
    const end = open!.text === '{' ? '}' : '>';
    this.i++;
    let key: unknown = keyType === 'string' ? '' : 0;
    let value: unknown = field.resolvedType instanceof protobuf.Type ? {} : undefined;
    while (!this.isPunct(end)) {
      const t = this.peek();
      if (!t || t.kind !== 'ident' || (t.text !== 'key' && t.text !== 'value')) this.fail(t, `Expected "key" or "value" in a map entry.`);
      this.i++;
      if (t.text === 'key') { this.expectPunct(':'); key = this.parseScalar(keyField); } else {
        const holder: Record<string, unknown> = {};
        this.parseField(new MapValueField(field), holder);
        value = holder.value;
      }
      if (this.isPunct(';') || this.isPunct(',')) this.i++;
    }
    this.i++;
    return { key, value };
  }

  private parseScalar(field: protobuf.Field): unknown {
    const t = this.peek();
    if (!t) return this.fail(t, 'Expected a value.');
    const enumType = field.resolvedType instanceof protobuf.Enum ? field.resolvedType : null;
    if (enumType) {
      this.i++;
      if (t.kind === 'ident') {
        const v = enumType.values[t.text];
        if (v === undefined) this.fail(t, `Enum type "${enumType.fullName.replace(/^\./, '')}" has no value named ${t.text}.`);
        return v;
      }
      if (t.kind === 'number') return parseNumber(t);
      return this.fail(t, `Expected an enum value, got ${t.text}.`);
    }
    switch (field.type) {
      case 'string':
      case 'bytes': {
        if (t.kind !== 'string') this.fail(t, 'Expected string.');
        const parts: Uint8Array[] = [];
        while (this.peek()?.kind === 'string') parts.push(this.tokens[this.i++].bytes!);
        // A Buffer, as protobufjs's binary decoder gives bytes under Node.
        const bytes = Buffer.concat(parts);
        return field.type === 'string' ? utf8Decoder.decode(bytes) : bytes;
      }
      case 'bool': {
        this.i++;
        if (t.kind === 'ident' && ['true', 'True', 't'].includes(t.text)) return true;
        if (t.kind === 'ident' && ['false', 'False', 'f'].includes(t.text)) return false;
        if (t.kind === 'number' && (t.text === '0' || t.text === '1')) return t.text === '1';
        return this.fail(t, `Expected "true" or "false", got ${t.text}.`);
      }
      case 'float':
      case 'double': {
        this.i++;
        if (t.kind === 'ident' && /^-?(inf(inity)?|nan)$/i.test(t.text)) return parseNumber(t);
        if (t.kind !== 'number') this.fail(t, `Expected a number, got ${t.text || 'a string'}.`);
        return parseNumber(t);
      }
      default: {
        this.i++;
        if (t.kind !== 'number' || !INTEGER_TYPES.has(field.type)) this.fail(t, `Expected an integer, got ${t.text || 'a string'}.`);
        const v = parseNumber(t);
        if (!Number.isInteger(v)) this.fail(t, `Expected an integer, got ${t.text}.`);
        if (field.type.startsWith('u') && v < 0) this.fail(t, `Expected a non-negative integer, got ${t.text}.`);
        return v;
      }
    }
  }
}

/** The `value` field of a map entry, typed as the map's values. */
class MapValueField extends protobuf.Field {
  constructor(map: protobuf.Field) {
    super('value', 2, map.type);
    this.resolvedType = map.resolvedType;
  }
  override resolve(): protobuf.Field { return this; }
}

/**
 * `text_format.Merge(text, <typeName>())`: the message as lib/proto's codecs decode it. Unknown fields
 * and values of the wrong kind are a TextFormatParseError naming line and column, as in Python.
 * @example parseMessage<GraphDef>('tensorflow.GraphDef', fs.readFileSync('graph.pbtxt', 'utf8'))
 */
export function parseMessage<T>(typeName: string, text: string): T {
  const type = messageType(typeName);
  const plain = new TextParser(tokenize(text)).parseFields(type, null);
  return messageFromObject<T>(typeName, plain);
}

/** `text_format.Merge(text, CheckpointState())`; unknown fields are an error, as in Python. */
export function parseCheckpointState(text: string): CheckpointState {
  return parseMessage<CheckpointState>('tensorflow.CheckpointState', text);
}

/**
 * Whether a file's bytes are a binary protobuf rather than text format, judged as TF's loaders do in
 * effect (they try one parser, then the other): text format is printable UTF-8 whose first token is a
 * field name or a comment.
 */
export function looksLikeTextFormat(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 4096);
  for (const b of head) if (b < 0x09 || (b > 0x0d && b < 0x20) || b === 0x7f) return false;
  const text = utf8Decoder.decode(head).trimStart();
  return /^(#|[A-Za-z_][A-Za-z0-9_]*\s*[:{<])/.test(text) || text.length === 0;
}

/**
 * A message from a file's bytes in either format, told apart by the bytes (TF's loaders accept both, and
 * files are misnamed: a text GraphDef called `.pb`). Errors name the format that was tried.
 */
export function decodeBinaryOrText<T>(codec: Codec<T>, bytes: Uint8Array): T {
  if (looksLikeTextFormat(bytes)) return parseMessage<T>(codec.typeName, utf8Decoder.decode(bytes));
  return codec.decode(bytes);
}
