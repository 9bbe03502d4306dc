/**
 * TensorFlow's Python exception classes and `tf.errors.*` with their canonical codes.
 */

/** Python's ValueError: a bad argument value (shapes, names, reuse ...). */
export class ValueError extends Error {
  constructor(message: string) { super(message); this.name = 'ValueError'; }
}

/** Python's TypeError: an argument of the wrong kind (named TypeError in the `tf` namespace). */
export class TFTypeError extends TypeError {
  constructor(message: string) { super(message); this.name = 'TypeError'; }
}

/** Python's LookupError: no gradient registered for an op on the path, an unknown text encoding. */
export class LookupError extends Error {
  constructor(message: string) { super(message); this.name = 'LookupError'; }
}

/** Python's NotImplementedError (a case TF itself does not implement). */
export class NotImplementedError extends Error {
  constructor(message: string) { super(message); this.name = 'NotImplementedError'; }
}

/** Python's RuntimeError (e.g. improper nesting of scopes, using a closed session). */
export class RuntimeError extends Error {
  constructor(message: string) { super(message); this.name = 'RuntimeError'; }
}

/** Python's IOError (OSError): a file that is missing or unreadable where a library checks before reading. */
export class IOError extends Error {
  constructor(message: string) { super(message); this.name = 'IOError'; }
}

/** Python's AssertionError, which TF raises for misuse of some builders (SavedModelBuilder). */
export class AssertionError extends Error {
  constructor(message: string) { super(message); this.name = 'AssertionError'; }
}

/** Python's AttributeError, which TF raises for a dtype convert_image_dtype cannot scale to. */
export class AttributeError extends Error {
  constructor(message: string) { super(message); this.name = 'AttributeError'; }
}

/** The node an OpError refers to; just what a message needs. */
export interface OpRef { readonly name: string; readonly type: string }

/** Base of `tf.errors.*`: an error raised while running an op. */
export class OpError extends Error {
  declare readonly node_def: OpRef | null;
  declare readonly op: OpRef | null;

  constructor(node_def: OpRef | null, op: OpRef | null, message: string, readonly error_code: number) {
    super(message);
    this.name = 'OpError';
    // Not enumerable: printing an error must not dump the whole graph the op belongs to.
    Object.defineProperty(this, 'node_def', { value: node_def, enumerable: false });
    Object.defineProperty(this, 'op', { value: op, enumerable: false });
  }
  /** TF's attribute name for the message. */
  get messageText(): string { return this.message; }
}

function opError(name: string, code: number) {
  const cls = class extends OpError {
    constructor(node_def: OpRef | null, op: OpRef | null, message: string) {
      super(node_def, op, message, code);
      this.name = name;
    }
  };
  Object.defineProperty(cls, 'name', { value: name });
  return cls;
}

export const OK = 0;
export const CANCELLED = 1;
export const UNKNOWN = 2;
export const INVALID_ARGUMENT = 3;
export const DEADLINE_EXCEEDED = 4;
export const NOT_FOUND = 5;
export const ALREADY_EXISTS = 6;
export const PERMISSION_DENIED = 7;
export const RESOURCE_EXHAUSTED = 8;
export const FAILED_PRECONDITION = 9;
export const ABORTED = 10;
export const OUT_OF_RANGE = 11;
export const UNIMPLEMENTED = 12;
export const INTERNAL = 13;
export const UNAVAILABLE = 14;
export const DATA_LOSS = 15;
export const UNAUTHENTICATED = 16;

export const CancelledError = opError('CancelledError', CANCELLED);
export const UnknownError = opError('UnknownError', UNKNOWN);
export const InvalidArgumentError = opError('InvalidArgumentError', INVALID_ARGUMENT);
export const DeadlineExceededError = opError('DeadlineExceededError', DEADLINE_EXCEEDED);
export const NotFoundError = opError('NotFoundError', NOT_FOUND);
export const AlreadyExistsError = opError('AlreadyExistsError', ALREADY_EXISTS);
export const PermissionDeniedError = opError('PermissionDeniedError', PERMISSION_DENIED);
export const ResourceExhaustedError = opError('ResourceExhaustedError', RESOURCE_EXHAUSTED);
export const FailedPreconditionError = opError('FailedPreconditionError', FAILED_PRECONDITION);
export const AbortedError = opError('AbortedError', ABORTED);
export const OutOfRangeError = opError('OutOfRangeError', OUT_OF_RANGE);
export const UnimplementedError = opError('UnimplementedError', UNIMPLEMENTED);
export const InternalError = opError('InternalError', INTERNAL);
export const UnavailableError = opError('UnavailableError', UNAVAILABLE);
export const DataLossError = opError('DataLossError', DATA_LOSS);
export const UnauthenticatedError = opError('UnauthenticatedError', UNAUTHENTICATED);

export type OpErrorClass = typeof InvalidArgumentError;

const ERROR_CLASSES: readonly OpErrorClass[] = [
  CancelledError, UnknownError, InvalidArgumentError, DeadlineExceededError, NotFoundError, AlreadyExistsError, PermissionDeniedError,
  ResourceExhaustedError, FailedPreconditionError, AbortedError, OutOfRangeError, UnimplementedError, InternalError, UnavailableError,
  DataLossError, UnauthenticatedError,
];

/** The `tf.errors` class of an error code (TF's exception_type_from_error_code); ValueError for a code that has none. */
export function exception_type_from_error_code(code: number): OpErrorClass {
  const cls = ERROR_CLASSES[code - 1];
  if (!cls) throw new ValueError(`${code} is not the error code of a tf.errors class (codes ${CANCELLED} to ${UNAUTHENTICATED})`);
  return cls;
}

/** The error code of a `tf.errors` class (TF's error_code_from_exception_type); ValueError for any other class. */
export function error_code_from_exception_type(cls: abstract new (...args: never[]) => Error): number {
  const code = ERROR_CLASSES.indexOf(cls as OpErrorClass);
  if (code < 0) throw new ValueError(`${cls.name} is not a tf.errors class: it has no error code`);
  return code + 1;
}
