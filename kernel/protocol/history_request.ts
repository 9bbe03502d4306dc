/** history_request content as a history query, and the history_reply content of its entries. */
import { BadRequestError, booleanField, integerField, optionalIntegerField, stringField } from './content_fields';
import type { HistoryEntry, HistoryQuery } from '../history';
import type { JsonObject, JsonValue } from './messages';

export function historyQuery(content: JsonObject): HistoryQuery {
  // `raw` asks for inputs before or after IPython's input transformations; cells have one form,
  // so both answers are the same, but a raw that is not a boolean is still a bad request.
  booleanField(content, 'raw', true);
  const access = stringField(content, 'hist_access_type');
  switch (access) {
    case 'tail':
      return { kind: 'tail', n: integerField(content, 'n', 10) };
    case 'range':
      return { kind: 'range', session: integerField(content, 'session', 0), start: integerField(content, 'start', 0), stop: optionalIntegerField(content, 'stop') };
    case 'search':
      return { kind: 'search', pattern: stringField(content, 'pattern', '*'), n: optionalIntegerField(content, 'n'), unique: booleanField(content, 'unique', false) };
    default:
      throw new BadRequestError(`content.hist_access_type must be "tail", "range" or "search", got ${JSON.stringify(access)}`);
  }
}

/** Entries as (session, line, input), or (session, line, [input, output]) when the request asked for output. */
export function historyReply(entries: HistoryEntry[], content: JsonObject): JsonObject {
  const includeOutput = booleanField(content, 'output', false);
  const history: JsonValue[] = entries.map((entry) =>
    includeOutput ? [entry.session, entry.line, [entry.input, entry.output ?? null]] : [entry.session, entry.line, entry.input]);
  return { status: 'ok', history };
}
