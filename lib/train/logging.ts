/**
 * TF's Python logging as the checkpoint code uses it: `WARNING:tensorflow:<msg>` lines on stderr.
 * Replaceable so notebooks and tests can capture or silence it.
 */
export type LogLevel = 'INFO' | 'WARNING' | 'ERROR';
export type LogSink = (level: LogLevel, message: string) => void;

/** Like TF's default verbosity: INFO is dropped, WARNING and ERROR go to stderr. */
const defaultSink: LogSink = (level, message) => {
  if (level !== 'INFO') process.stderr.write(`${level}:tensorflow:${message}\n`);
};

let sink: LogSink = defaultSink;

/** Installs a log sink; returns the previous one. `null` restores the default. */
export function setLogSink(next: LogSink | null): LogSink {
  const prev = sink;
  sink = next ?? defaultSink;
  return prev;
}

export function info(message: string): void { sink('INFO', message); }
export function warning(message: string): void { sink('WARNING', message); }
export function error(message: string): void { sink('ERROR', message); }
