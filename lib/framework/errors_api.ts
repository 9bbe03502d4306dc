/**
 * The `tf.errors` namespace: the error classes and codes of ./errors, plus TF 1.15's two public lookups between
 * them with TF's argspecs and TF's behaviour for a code or class that has no partner.
 */
import { LookupError, OpErrorClass, UnknownError } from './errors';
import * as internal from './errors';
import { pythonFunction } from './python_signature';

// Everything of ./errors, its two lookups replaced by the ones below (a module's own exports win over `export *`).
export * from './errors';

/** The `tf.errors` class of a canonical error code; as TF's KeyError, a LookupError for a code with no class (OK included). */
export const exception_type_from_error_code = pythonFunction('exception_type_from_error_code', ['error_code'], 1, function exception_type_from_error_code(error_code: number): OpErrorClass {
  try {
    return internal.exception_type_from_error_code(error_code);
  } catch {
    throw new LookupError(`${error_code}`);
  }
});

/**
 * The canonical code of a `tf.errors` class. As TF 1.15, any other class gives a "Unknown class exception" warning
 * and an UnknownError instance in place of a code.
 */
export const error_code_from_exception_type = pythonFunction('error_code_from_exception_type', ['cls'], 1, function error_code_from_exception_type(cls: abstract new (...args: never[]) => Error): number | InstanceType<typeof UnknownError> {
  try {
    return internal.error_code_from_exception_type(cls);
  } catch {
    process.emitWarning('Unknown class exception', 'UserWarning');
    return new UnknownError(null, null, 'Unknown class exception');
  }
});
