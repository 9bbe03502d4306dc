/**
 * `tf.logging`: TF's Python logging, `<LEVEL>:tensorflow:<msg>` lines on stderr (the notebook cell's
 * stderr stream) for messages at or above the verbosity (default WARN, as TF 1.15). Messages may carry
 * Python %-style arguments: `tf.logging.info('step %d: loss %.3f', step, loss)`. The sink is replaceable
 * so notebooks and tests can capture or silence the library's messages; a replaced sink gets them all.
 */
import { registerPrintOutputStream } from '../ops/logging_ops';
import { pythonFunction } from '../framework/python_signature';

export type LogLevel = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'FATAL';
export type LogSink = (level: LogLevel, message: string) => void;

export const DEBUG = 10;
export const INFO = 20;
export const WARN = 30;
export const ERROR = 40;
export const FATAL = 50;
const LEVEL_VALUE: Record<LogLevel, number> = { DEBUG, INFO, WARNING: WARN, ERROR, FATAL };

let verbosity = WARN;

/** Messages below `level` (DEBUG, INFO, WARN, ERROR, FATAL) are dropped by the default sink. */
export function set_verbosity(level: number): void {
  if (!Number.isInteger(level)) throw new TypeError(`set_verbosity expects a level (tf.logging.DEBUG ... FATAL), got ${String(level)}`);
  verbosity = level;
}
export function get_verbosity(): number { return verbosity; }

const defaultSink: LogSink = (level, message) => {
  if (LEVEL_VALUE[level] >= verbosity) process.stderr.write(`${level}:tensorflow:${message}\n`);
};

let sink: LogSink = defaultSink;

/** Installs a log sink; returns the previous one. `null` restores the default. */
export function setLogSink(next: LogSink | null): LogSink {
  const prev = sink;
  sink = next ?? defaultSink;
  return prev;
}

/** Python's `msg % args` for the conversions log messages use: %s %r %d %i %f %e %g %x %%, with flags, width, precision. */
export function percentFormat(msg: string, args: readonly unknown[]): string {
  if (args.length === 0) return msg;
  let i = 0;
  const out = msg.replace(/%([-+ 0#]*)(\d+)?(?:\.(\d+))?([srdifeEgGxX%])/g, (whole, flags: string, width: string | undefined, precision: string | undefined, conv: string) => {
    if (conv === '%') return '%';
    if (i >= args.length) throw new TypeError('not enough arguments for format string');
    const a = args[i++];
    const n = Number(a);
    let s: string;
    switch (conv) {
      case 's': s = String(a); break;
      case 'r': s = typeof a === 'string' ? `'${a}'` : String(a); break;
      case 'd': case 'i': s = String(Math.trunc(n)); break;
      case 'f': s = toFixedHalfEven(n, precision !== undefined ? Number(precision) : 6); break;
      case 'e': case 'E': s = n.toExponential(precision !== undefined ? Number(precision) : 6).replace(/e([+-])(\d)$/, 'e$10$2'); if (conv === 'E') s = s.toUpperCase(); break;
      case 'g': case 'G': s = String(Number(n.toPrecision(precision !== undefined ? Math.max(1, Number(precision)) : 6))); break;
      default: s = Math.trunc(n).toString(16); if (conv === 'X') s = s.toUpperCase();
    }
    if (flags.includes('+') && n >= 0 && 'difeEgG'.includes(conv)) s = `+${s}`;
    const w = width ? Number(width) : 0;
    if (s.length < w) s = flags.includes('-') ? s.padEnd(w) : flags.includes('0') && conv !== 's' ? s.padStart(w, '0') : s.padStart(w);
    return s;
  });
  if (i < args.length) throw new TypeError('not all arguments converted during string formatting');
  return out;
}

/** `toFixed` with Python's rounding of exact ties to even (`'%.1f' % 2.25` is `2.2`; JS gives 2.3). */
function toFixedHalfEven(x: number, digits: number): string {
  const scaled = x * 10 ** digits;
  if (Number.isFinite(scaled) && Math.abs(scaled) < 2 ** 52 && !Number.isInteger(scaled) && Number.isInteger(scaled * 2)) {
    const down = Math.floor(scaled);
    const even = down % 2 === 0 ? down : down + 1;
    return (even / 10 ** digits).toFixed(digits);
  }
  return x.toFixed(digits);
}

function emit(level: LogLevel, msg: unknown, args: readonly unknown[]): void { sink(level, percentFormat(String(msg), args)); }

export function debug(msg: unknown, ...args: unknown[]): void { emit('DEBUG', msg, args); }
export function info(msg: unknown, ...args: unknown[]): void { emit('INFO', msg, args); }
export function warning(msg: unknown, ...args: unknown[]): void { emit('WARNING', msg, args); }
export const warn = warning;
export function error(msg: unknown, ...args: unknown[]): void { emit('ERROR', msg, args); }
/** Logs at FATAL (TF's Python logger only logs; it does not exit). */
export function fatal(msg: unknown, ...args: unknown[]): void { emit('FATAL', msg, args); }

/** Logs at a numeric level (the nearest named level at or below it). */
export function log(level: number, msg: unknown, ...args: unknown[]): void {
  const name: LogLevel = level >= FATAL ? 'FATAL' : level >= ERROR ? 'ERROR' : level >= WARN ? 'WARNING' : level >= INFO ? 'INFO' : 'DEBUG';
  emit(name, msg, args);
}

const callCounts = new Map<string, number>();
/** Logs the first `n` times this call site (message text) is reached. */
export function log_first_n(level: number, msg: string, n: number, ...args: unknown[]): void {
  const count = callCounts.get(msg) ?? 0;
  callCounts.set(msg, count + 1);
  if (count < n) log(level, msg, ...args);
}
/** Logs every `n`th time this call site (message text) is reached, starting with the first. */
export function log_every_n(level: number, msg: string, n: number, ...args: unknown[]): void {
  const count = callCounts.get(msg) ?? 0;
  callCounts.set(msg, count + 1);
  if (count % n === 0) log(level, msg, ...args);
}

/** The shape of Python's logging.Logger that TF's `tensorflow` logger offers (what tf.get_logger returns). */
export interface Logger {
  readonly name: 'tensorflow';
  /** The verbosity (tf.logging.set_verbosity sets it). */
  readonly level: number;
  setLevel(level: number): void;
  getEffectiveLevel(): number;
  isEnabledFor(level: number): boolean;
  debug(msg: unknown, ...args: unknown[]): void;
  info(msg: unknown, ...args: unknown[]): void;
  warning(msg: unknown, ...args: unknown[]): void;
  warn(msg: unknown, ...args: unknown[]): void;
  error(msg: unknown, ...args: unknown[]): void;
  critical(msg: unknown, ...args: unknown[]): void;
  fatal(msg: unknown, ...args: unknown[]): void;
  log(level: number, msg: unknown, ...args: unknown[]): void;
}

const logger: Logger = {
  name: 'tensorflow',
  get level() { return verbosity; },
  setLevel: set_verbosity,
  getEffectiveLevel: get_verbosity,
  isEnabledFor: (level) => level >= verbosity,
  debug, info, warning, warn, error, critical: fatal, fatal, log,
};

/** TF's `tensorflow` logger, which tf.logging writes through: one object, its level the tf.logging verbosity. */
export const get_logger = pythonFunction('get_logger', [], 0, function get_logger(): Logger { return logger; });

// tf.print's output_stream takes these functions and levels (as TF's tf.logging ones).
for (const [value, stream] of [[info, 'log(info)'], [INFO, 'log(info)'], [warning, 'log(warning)'], [WARN, 'log(warning)'], [error, 'log(error)'], [ERROR, 'log(error)']] as const) {
  registerPrintOutputStream(value, stream);
}
