/**
 * Protobuf text format for the `checkpoint` state file (CheckpointState), as Python's
 * `text_format.MessageToString` writes it and `text_format.Merge` reads it.
 */
import * as protobuf from 'protobufjs';
import { CheckpointState, messageType } from '../proto';

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

/** Raised for text that is not a valid CheckpointState (Python's text_format.ParseError). */
export class TextFormatParseError extends Error {
  constructor(message: string) { super(message); this.name = 'ParseError'; }
}

type Token = { kind: 'ident' | 'string' | 'number' | 'punct'; text: string; bytes?: Uint8Array; line: number; col: number };

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
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i))!;
      tokens.push({ kind: 'ident', text: m[0], line, col });
      i += m[0].length;
      continue;
    }
    if (/[-+0-9.]/.test(c)) {
      const m = /^[-+]?(?:inf(?:inity)?|nan|(?:0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)[fF]?)/i.exec(text.slice(i));
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
          const cp = text.codePointAt(i)!;
          const s = String.fromCodePoint(cp);
          for (const b of utf8.encode(s)) bytes.push(b);
          i += s.length;
          continue;
        }
        const e = text[i + 1];
        i += 2;
        const simple: Record<string, number> = { n: 10, t: 9, r: 13, a: 7, b: 8, f: 12, v: 11, '\\': 92, "'": 39, '"': 34, '?': 63 };
        if (e !== undefined && e in simple) { bytes.push(simple[e]); continue; }
        if (e !== undefined && /[0-7]/.test(e)) {
          let j = i - 1, v = 0, k = 0;
          while (k < 3 && j < text.length && /[0-7]/.test(text[j])) { v = v * 8 + Number(text[j]); j++; k++; }
          if (v > 255) fail('Invalid octal escape');
          bytes.push(v);
          i = j;
          continue;
        }
        if (e === 'x' || e === 'X') {
          const m = /^[0-9a-fA-F]{1,2}/.exec(text.slice(i));
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
    if (c === ':' || c === ';' || c === ',') { tokens.push({ kind: 'punct', text: c, line, col }); i++; continue; }
    fail(`Unexpected character ${JSON.stringify(c)}`);
  }
  return tokens;
}

function parseNumber(t: Token): number {
  const s = t.text.replace(/[fF]$/, '').toLowerCase();
  if (/^[-+]?inf(inity)?$/.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
  if (/^[-+]?nan$/.test(s)) return NaN;
  const v = Number(s);
  if (Number.isNaN(v)) throw new TextFormatParseError(`${t.line}:${t.col} : Couldn't parse number: ${t.text}`);
  return v;
}

/** `text_format.Merge(text, CheckpointState())`; unknown fields are an error, as in Python. */
export function parseCheckpointState(text: string): CheckpointState {
  const tokens = tokenize(text);
  const state: CheckpointState = { all_model_checkpoint_paths: [], all_model_checkpoint_timestamps: [] };
  let i = 0;
  const fail = (t: Token | undefined, msg: string): never => {
    throw new TextFormatParseError(t ? `${t.line}:${t.col} : ${msg}` : msg);
  };
  while (i < tokens.length) {
    const name = tokens[i++];
    if (name.kind !== 'ident') fail(name, `Expected identifier or number, got ${name.text}.`);
    const colon = tokens[i];
    if (!colon || colon.kind !== 'punct' || colon.text !== ':') fail(colon ?? name, `Expected ":".`);
    i++;
    const readString = (): string => {
      const first = tokens[i];
      if (!first || first.kind !== 'string') fail(first ?? name, 'Expected string.');
      const parts: Uint8Array[] = [];
      while (tokens[i] && tokens[i].kind === 'string') parts.push(tokens[i++].bytes!);
      return utf8Decoder.decode(Buffer.concat(parts));
    };
    const readNumber = (): number => {
      const t = tokens[i];
      if (!t || t.kind !== 'number') fail(t ?? name, 'Expected a number.');
      i++;
      return parseNumber(t!);
    };
    switch (name.text) {
      case 'model_checkpoint_path': state.model_checkpoint_path = readString(); break;
      case 'all_model_checkpoint_paths': state.all_model_checkpoint_paths!.push(readString()); break;
      case 'all_model_checkpoint_timestamps': state.all_model_checkpoint_timestamps!.push(readNumber()); break;
      case 'last_preserved_timestamp': state.last_preserved_timestamp = readNumber(); break;
      default: fail(name, `Message type "tensorflow.CheckpointState" has no field named "${name.text}".`);
    }
    if (tokens[i] && tokens[i].kind === 'punct' && (tokens[i].text === ';' || tokens[i].text === ',')) i++;
  }
  return state;
}
