/**
 * Reading the fields of a request's content: each reader checks the field's type and names the
 * field in its error, which the router turns into an error reply.
 */
import type { JsonObject } from './messages';

/** A request whose content does not have the fields its type requires. */
export class BadRequestError extends Error {
  override name = 'BadRequest';
}

export function stringField(content: JsonObject, name: string, fallback?: string): string {
  const value = content[name];
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'string') throw new BadRequestError(`content.${name} must be a string, got ${value === undefined ? 'nothing' : JSON.stringify(value)}`);
  return value;
}

export function integerField(content: JsonObject, name: string, fallback?: number): number {
  const value = content[name];
  if ((value === undefined || value === null) && fallback !== undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new BadRequestError(`content.${name} must be an integer, got ${value === undefined ? 'nothing' : JSON.stringify(value)}`);
  return value;
}

/** An integer field that may be absent or null (undefined then). */
export function optionalIntegerField(content: JsonObject, name: string): number | undefined {
  return content[name] === undefined || content[name] === null ? undefined : integerField(content, name);
}

export function booleanField(content: JsonObject, name: string, fallback: boolean): boolean {
  const value = content[name];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'boolean') throw new BadRequestError(`content.${name} must be a boolean, got ${JSON.stringify(value)}`);
  return value;
}

export function objectField(content: JsonObject, name: string): JsonObject {
  const value = content[name];
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new BadRequestError(`content.${name} must be an object`);
  return value;
}

/** A string field that may be absent or null (undefined then). */
export function optionalStringField(content: JsonObject, name: string): string | undefined {
  const value = content[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new BadRequestError(`content.${name} must be a string`);
  return value;
}
