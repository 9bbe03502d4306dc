/**
 * In-memory input/output history for history_request (tail, range, search), numbered like
 * IPython: (session, line_number) with line_number = execution_count. Session numbers count kernel
 * sessions; this kernel keeps its own session only.
 */
export interface HistoryEntry {
  session: number;
  line: number;
  input: string;
  output?: string;
}

export type HistoryQuery =
  | { kind: 'tail'; n: number }
  | { kind: 'range'; session: number; start: number; stop: number | undefined }
  | { kind: 'search'; pattern: string; n: number | undefined; unique: boolean };

export class History {
  private readonly entries: HistoryEntry[] = [];
  constructor(readonly session = 1) {}

  record(line: number, input: string): void {
    this.entries.push({ session: this.session, line, input });
  }

  recordOutput(line: number, output: string): void {
    const entry = this.entries.find((e) => e.line === line);
    if (entry) entry.output = output;
  }

  query(query: HistoryQuery): HistoryEntry[] {
    switch (query.kind) {
      case 'tail':
        return query.n <= 0 ? [] : this.entries.slice(-query.n);
      case 'range': {
        // IPython's convention: session 0 (or negative offsets) means the current one.
        if (query.session > 0 && query.session !== this.session) return [];
        return this.entries.filter((e) => e.line >= query.start && (query.stop === undefined || e.line < query.stop));
      }
      case 'search': {
        const regex = globToRegExp(query.pattern);
        let matches = this.entries.filter((e) => regex.test(e.input));
        if (query.unique) {
          const seen = new Set<string>();
          // Keep the most recent occurrence of each input.
          matches = matches.reverse().filter((e) => (seen.has(e.input) ? false : (seen.add(e.input), true))).reverse();
        }
        return query.n !== undefined && query.n > 0 ? matches.slice(-query.n) : matches;
      }
    }
  }
}

/** IPython's search patterns are globs (`*` any run, `?` one character), matched against the whole input. */
function globToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[\\s\\S]*').replace(/\?/g, '[\\s\\S]');
  return new RegExp(`^${escaped}$`);
}
