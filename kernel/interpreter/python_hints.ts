/**
 * Hints for TensorFlow Python habits that TypeScript reports in its own terms: a keyword argument
 * (`name='w'`) is "Cannot find name 'name'", a `with` block is "'with' statements are not allowed",
 * a tuple shape `(2, 3)` is "Left side of comma operator is unused". Each hint shows the
 * TypeScript spelling of the student's own code.
 */

/** The part of a compiler diagnostic the hints read (0-based line and character in the cell). */
export interface HintDiagnostic {
  code: number;
  message: string;
  line: number;
  character: number;
  /** Set when the diagnostic is in another file: no hints there. */
  fileName?: string;
}

const PYTHON_CONSTANTS: Record<string, string> = { None: 'null', True: 'true', False: 'false' };

/** Python literals in a value rewritten as TypeScript: tuples as arrays, None/True/False. */
function typescriptValue(python: string): string {
  return python
    .replace(/\b(None|True|False)\b/g, (word) => PYTHON_CONSTANTS[word])
    .replace(/\(([^()]*,[^()]*)\)/g, (_whole, items: string) => `[${items.replace(/,\s*$/, '')}]`)
    .trim();
}

/**
 * Index of the first comma (when `atComma`) or closing bracket at nesting depth 0 from `start`,
 * skipping strings; the text's length when there is none.
 */
function endOfArgument(text: string, start: number, atComma: boolean): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote && text[i - 1] !== '\\') quote = undefined;
    } else if (c === '"' || c === "'" || c === '`') {
      quote = c;
    } else if ('([{'.includes(c)) {
      depth++;
    } else if (')]}'.includes(c)) {
      if (depth === 0) return i;
      depth--;
    } else if (c === ',' && depth === 0 && atComma) {
      return i;
    }
  }
  return text.length;
}

function argumentAt(text: string, start: number): string {
  return text.slice(start, endOfArgument(text, start, true));
}

/** `name='wk', trainable=False` on one line → `{name: 'wk', trainable: false}`. */
function keywordArguments(line: string, from: number): string | undefined {
  const keyword = /([A-Za-z_]\w*)\s*=(?![=>])\s*/y;
  const pairs: string[] = [];
  let at = from;
  for (;;) {
    keyword.lastIndex = at;
    const m = keyword.exec(line);
    if (!m) break;
    const value = argumentAt(line, keyword.lastIndex);
    pairs.push(`${m[1]}: ${typescriptValue(value)}`);
    at = keyword.lastIndex + value.length;
    const comma = /\s*,\s*/y;
    comma.lastIndex = at;
    if (!comma.exec(line)) break;
    at = comma.lastIndex;
  }
  return pairs.length > 0 ? `{${pairs.join(', ')}}` : undefined;
}

function keywordHint(line: string, character: number): string | undefined {
  const before = line.slice(0, character);
  const after = line.slice(character);
  if (!/[(,]\s*$/.test(before) || !/^[A-Za-z_]\w*\s*=(?![=>])/.test(after)) return undefined;
  const options = keywordArguments(line, character);
  if (!options) return undefined;
  const python = line.slice(character, endOfArgument(line, character, false)).trim();
  return `Hint: Python keyword arguments are one trailing options object in TypeScript: write \`${options}\` instead of \`${python}\`.`;
}

function withHint(line: string): string {
  const m = /^\s*with\s+(.+?)(?:\s+as\s+([A-Za-z_]\w*))?\s*:\s*$/.exec(line);
  const general = 'Hint: a Python `with` block is a callback in TypeScript: `tf.variable_scope(\'foo\', () => { ... })`, `tf.Session((sess) => { ... })`.';
  if (!m) return general;
  const call = /^(.*)\((.*)\)$/.exec(m[1].trim());
  if (!call) return general;
  const parameter = m[2] ? `(${m[2]})` : '()';
  const args = call[2].trim();
  const ts = `${call[1]}(${args}${args ? ', ' : ''}${parameter} => { ... })`;
  return `Hint: a Python \`with\` block is a callback in TypeScript: write \`${ts}\`, with the block's lines inside the braces.`;
}

function tupleHint(line: string, character: number): string | undefined {
  // The innermost parenthesized group holding the comma operator's left side.
  const open = line.lastIndexOf('(', character);
  const close = open < 0 ? -1 : endOfArgument(line, open + 1, false);
  if (open < 0 || line[close] !== ')') return undefined;
  const tuple = line.slice(open, close + 1);
  return `Hint: shapes and lists are arrays in TypeScript: write \`${typescriptValue(tuple)}\` instead of the Python tuple \`${tuple}\`.`;
}

/** One hint per Python habit found among the diagnostics, in the order they occur. */
export function pythonHints(source: string, diagnostics: readonly HintDiagnostic[]): string[] {
  const lines = source.split('\n');
  const hints: string[] = [];
  const add = (hint: string | undefined): void => { if (hint && !hints.includes(hint)) hints.push(hint); };
  for (const d of diagnostics) {
    if (d.fileName) continue;
    const line = lines[d.line] ?? '';
    const missingName = d.code === 2304 ? /Cannot find name '(\w+)'/.exec(d.message)?.[1] : undefined;
    if (missingName !== undefined && missingName in PYTHON_CONSTANTS) {
      add(`Hint: Python's \`${missingName}\` is \`${PYTHON_CONSTANTS[missingName]}\` in TypeScript.`);
    } else if (missingName !== undefined) {
      add(keywordHint(line, d.character));
    } else if (d.code === 1101 || d.code === 2410) {
      add(withHint(line));
    } else if (d.code === 2695) {
      add(tupleHint(line, d.character));
    }
  }
  return hints;
}
