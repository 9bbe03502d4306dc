/**
 * TF Python's protocol buffer message classes at the top level of `tf`: tf.GraphDef, tf.NodeDef, tf.MetaGraphDef,
 * tf.Summary (with tf.Summary.Value, .Image, .Audio), tf.SessionLog, tf.Event, tf.HistogramProto,
 * tf.SummaryMetadata, tf.LogMessage, tf.NameAttrList and tf.TensorInfo. Each constructs from
 * its fields (with or without `new`), and has ParseFromString, SerializeToString, FromString, MergeFromString,
 * CopyFrom, Clear, HasField, WhichOneof and ListFields, as Python's messages do; nested message types and enum
 * values hang off the class (`tf.Summary.Value`, `tf.SessionLog.START`).
 *
 * An instance holds its set fields as plain properties, in the form lib/proto's codecs take (repeated fields
 * as arrays, maps as objects, int64 as numbers, bytes as Uint8Array), so it goes wherever a message object is
 * taken (FileWriter.add_summary, import_graph_def ...). Unlike Python, an unset scalar reads as undefined, not
 * as its default. Repeated message fields have Python's `add(fields)`.
 */
import * as protobuf from 'protobufjs';
import { TFTypeError, ValueError } from '../framework/errors';
import { as_dtype } from '../framework/dtypes';
import { NDArray, NestedArray } from '../framework/ndarray';
import { pythonFunction } from '../framework/python_signature';
import { DTypeLike } from '../ops/op_builder';
import { makeNdarray, makeTensorProto, shapeToProto } from '../framework/tensor_proto';
import { codec, messageType } from '../proto';
import type * as pb from '../proto';
import { messageToString } from './text_format';

/** A repeated field of messages: an array with Python's `add`, which appends a new message of those fields. */
export interface RepeatedMessageField<E> extends Array<Message<E>> { add(fields?: E): Message<E> }

type RepeatedKeys<T> = { [K in keyof T]-?: NonNullable<T[K]> extends readonly unknown[] ? K : never }[keyof T];
type Repeated<A> = A extends readonly (infer E)[] ? (E extends Uint8Array | number | string | boolean ? E[] : RepeatedMessageField<E>) : never;

/** The methods every message has (Python's google.protobuf.message.Message). */
export interface ProtoMessage {
  /**
   * Replaces the fields by the message serialized in `bytes`; returns the number of bytes read. (A string is
   * refused, as Python 3 refuses str: read the file in 'rb' mode.)
   */
  ParseFromString(bytes: Uint8Array | string): number;
  /** Merges the message serialized in `bytes` into this one (scalars replaced, repeated fields appended). */
  MergeFromString(bytes: Uint8Array): number;
  /** The binary wire form, as TF's C++ writes it. */
  SerializeToString(): Uint8Array;
  CopyFrom(other: ProtoMessage): void;
  MergeFrom(other: ProtoMessage): void;
  Clear(): void;
  /** Whether a sub-message field or a member of a oneof is set. */
  HasField(field: string): boolean;
  /** The set member of a oneof, or null. */
  WhichOneof(oneof: string): string | null;
  /** [name, value] of each set field, in field-number order. */
  ListFields(): [string, unknown][];
  ByteSize(): number;
  /** The text format (Python's str(message)). */
  toString(): string;
}

/** A message of fields T: the set fields as properties, repeated fields always present. */
export type Message<T> = ProtoMessage & Omit<T, RepeatedKeys<T>> & { [K in RepeatedKeys<T>]-?: Repeated<NonNullable<T[K]>> };

/** A message class: constructs from fields with or without `new`; FromString parses. */
export interface MessageClass<T> {
  new (fields?: T): Message<T>;
  (fields?: T): Message<T>;
  FromString(bytes: Uint8Array): Message<T>;
  /** The message's full name in TF's schemas, e.g. `tensorflow.Summary`. */
  readonly full_name: string;
}

const MESSAGE_TYPE = Symbol('message type');

/** The runtime class of each schema type, built on first use. */
const classes = new Map<protobuf.Type, new (fields?: object) => object>();

function fullName(type: protobuf.Type): string { return type.fullName.replace(/^\./, ''); }

/** A value of `field` as a message holds it: sub-messages as instances of their class, enums by number, bytes from strings. */
function convertValue(owner: protobuf.Type, field: protobuf.Field, value: unknown): unknown {
  field.resolve();
  const sub = field.resolvedType;
  if (sub instanceof protobuf.Type) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new TFTypeError(`Parameter to ${field.name} of ${owner.name} must be a ${sub.name} message or its fields, got ${String(value)}`);
    }
    return value instanceof classFor(sub) ? value : new (classFor(sub))(value);
  }
  if (sub instanceof protobuf.Enum) {
    if (typeof value === 'string') {
      const n = sub.values[value];
      if (n === undefined) throw new ValueError(`Enum type "${fullName(owner)}.${field.name}" has no value named ${value}.`);
      return n;
    }
    return value;
  }
  if (field.type === 'bytes' && typeof value === 'string') return new TextEncoder().encode(value);
  return value;
}

function classFor(type: protobuf.Type): new (fields?: object) => object {
  let cls = classes.get(type);
  if (cls) return cls;
  const assign = (target: Record<string, unknown>, fields: object): void => {
    for (const [name, value] of Object.entries(fields)) {
      const field = type.fields[name];
      if (!field) throw new ValueError(`Protocol message ${type.name} has no "${name}" field.`);
      if (value === undefined || value === null) continue;
      if (field.map) {
        if (typeof value !== 'object') throw new TFTypeError(`${type.name}.${name} must be an object of entries, got ${String(value)}`);
        const m = target[name] as Record<string, unknown>;
        for (const [k, x] of Object.entries(value as object)) m[k] = convertValue(type, field, x);
      } else if (field.repeated) {
        if (!Array.isArray(value)) throw new TFTypeError(`${type.name}.${name} must be an array, got ${String(value)}`);
        const arr = target[name] as unknown[];
        for (const x of value) arr.push(convertValue(type, field, x));
      } else {
        target[name] = convertValue(type, field, value);
      }
    }
  };
  const reset = (target: Record<string, unknown>): void => {
    for (const key of Object.keys(target)) delete target[key];
    for (const field of type.fieldsArray) {
      if (field.map) target[field.name] = {};
      else if (field.repeated) {
        field.resolve();
        const arr: unknown[] = [];
        if (field.resolvedType instanceof protobuf.Type) {
          const sub = field.resolvedType;
          Object.defineProperty(arr, 'add', { value: (fields: object = {}) => { const m = new (classFor(sub))(fields); arr.push(m); return m; } });
        }
        target[field.name] = arr;
      }
    }
  };
  const c = codec<object>(fullName(type));
  class MessageImpl implements ProtoMessage {
    static readonly [MESSAGE_TYPE] = type;
    static readonly full_name = fullName(type);
    constructor(fields: object = {}) {
      reset(this as unknown as Record<string, unknown>);
      assign(this as unknown as Record<string, unknown>, fields);
    }
    static FromString(bytes: Uint8Array): object {
      const m = new MessageImpl();
      m.ParseFromString(bytes);
      return m;
    }
    ParseFromString(bytes: Uint8Array | string): number {
      if (!(bytes instanceof Uint8Array)) {
        throw new TFTypeError(`ParseFromString of ${type.name} takes bytes (a Uint8Array; open files in 'rb' mode), got ${typeof bytes}`);
      }
      let decoded: object;
      try {
        decoded = c.decode(bytes);
      } catch (e) {
        throw new ValueError(`Error parsing message of type ${fullName(type)}: ${(e as Error).message}`);
      }
      reset(this as unknown as Record<string, unknown>);
      assign(this as unknown as Record<string, unknown>, decoded);
      return bytes.length;
    }
    MergeFromString(bytes: Uint8Array): number {
      const own = this.SerializeToString();
      const both = new Uint8Array(own.length + bytes.length);
      both.set(own);
      both.set(bytes, own.length);
      this.ParseFromString(both);
      return bytes.length;
    }
    SerializeToString(): Uint8Array { return c.encode(this); }
    CopyFrom(other: ProtoMessage): void { this.checkSameType(other, 'CopyFrom'); this.ParseFromString(other.SerializeToString()); }
    MergeFrom(other: ProtoMessage): void { this.checkSameType(other, 'MergeFrom'); this.MergeFromString(other.SerializeToString()); }
    Clear(): void { reset(this as unknown as Record<string, unknown>); }
    HasField(name: string): boolean {
      const field = type.fields[name];
      field?.resolve();
      if (!field || field.repeated || !(field.resolvedType instanceof protobuf.Type || field.partOf)) {
        const oneof = type.oneofs?.[name];
        if (oneof) return this.WhichOneof(name) !== null;
        throw new ValueError(`Protocol message ${type.name} has no non-repeated submessage field "${name}" nor marked as optional`);
      }
      return (this as unknown as Record<string, unknown>)[name] !== undefined;
    }
    WhichOneof(name: string): string | null {
      const oneof = type.oneofs?.[name];
      if (!oneof) throw new ValueError(`Protocol message has no oneof "${name}" field.`);
      return oneof.oneof.find((f) => (this as unknown as Record<string, unknown>)[f] !== undefined) ?? null;
    }
    ListFields(): [string, unknown][] {
      const self = this as unknown as Record<string, unknown>;
      return [...type.fieldsArray].sort((a, b) => a.id - b.id).filter((f) => {
        const v = self[f.name];
        if (v === undefined || v === null) return false;
        if (f.map) return Object.keys(v as object).length > 0;
        if (f.repeated) return (v as unknown[]).length > 0;
        return f.partOf !== null || f.resolvedType instanceof protobuf.Type || !(v === 0 || v === false || v === '' || (v instanceof Uint8Array && v.length === 0));
      }).map((f) => [f.name, self[f.name]]);
    }
    ByteSize(): number { return this.SerializeToString().length; }
    toString(): string { return messageToString(fullName(type), this); }
    [Symbol.for('nodejs.util.inspect.custom')](): string { return `${type.name} {${this.toString().trimEnd().replace(/\n/g, ' ')}}`; }
    private checkSameType(other: ProtoMessage, method: string): void {
      if ((other?.constructor as unknown as Record<symbol, unknown>)?.[MESSAGE_TYPE] !== type) {
        throw new TFTypeError(`Parameter to ${method}() must be instance of same class: expected ${fullName(type)} got ${other?.constructor?.name ?? typeof other}.`);
      }
    }
  }
  Object.defineProperty(MessageImpl, 'name', { value: type.name });
  classes.set(type, MessageImpl);
  cls = MessageImpl;
  return cls;
}

/**
 * The public class of a message type: a function that constructs with or without `new`, built on first use
 * (so loading `tf` does not load the schemas), with the type's nested messages and enum values as properties.
 */
const publicClasses = new Map<string, unknown>();

function messageClass<T, N extends object = object>(typeName: string): MessageClass<T> & N {
  const cached = publicClasses.get(typeName);
  if (cached) return cached as MessageClass<T> & N;
  const target = function message(): void { /* the Proxy's traps construct */ };
  const impl = () => classFor(messageType(typeName));
  const nested = (key: string): unknown => {
    const type = messageType(typeName);
    const child = type.nested?.[key];
    if (child instanceof protobuf.Type) return messageClass(fullName(child));
    if (child instanceof protobuf.Enum) return Object.freeze({ ...child.values });
    // Python puts each nested enum's values on the message class too (SessionLog.START).
    for (const e of type.nestedArray) if (e instanceof protobuf.Enum && key in e.values) return e.values[key];
    return undefined;
  };
  const cls = new Proxy(target, {
    construct: (_t, args: unknown[]) => new (impl())(args[0] as object | undefined),
    apply: (_t, _self, args: unknown[]) => new (impl())(args[0] as object | undefined),
    get: (t, key) => {
      if (key === 'FromString') return (bytes: Uint8Array) => (impl() as unknown as { FromString(b: Uint8Array): object }).FromString(bytes);
      if (key === 'full_name') return typeName;
      if (key === 'name') return typeName.split('.').pop();
      if (key === Symbol.hasInstance) return (x: unknown) => x instanceof impl();
      if (typeof key === 'string') {
        const v = nested(key);
        if (v !== undefined) return v;
      }
      return Reflect.get(t, key);
    },
  }) as unknown as MessageClass<T> & N;
  publicClasses.set(typeName, cls);
  return cls;
}

export const GraphDef = messageClass<pb.GraphDef>('tensorflow.GraphDef');
export type GraphDef = Message<pb.GraphDef>;
export const NodeDef = messageClass<pb.NodeDef>('tensorflow.NodeDef');
export type NodeDef = Message<pb.NodeDef>;
export const MetaGraphDef = messageClass<pb.MetaGraphDef>('tensorflow.MetaGraphDef');
export type MetaGraphDef = Message<pb.MetaGraphDef>;
export const Summary = messageClass<pb.Summary, { Value: MessageClass<pb.SummaryValue>; Image: MessageClass<pb.SummaryImage>; Audio: MessageClass<pb.SummaryAudio> }>('tensorflow.Summary');
export type Summary = Message<pb.Summary>;
export const SessionLog = messageClass<pb.SessionLog, { STATUS_UNSPECIFIED: 0; START: 1; STOP: 2; CHECKPOINT: 3; SessionStatus: Readonly<Record<string, number>> }>('tensorflow.SessionLog');
export type SessionLog = Message<pb.SessionLog>;
export const Event = messageClass<pb.Event>('tensorflow.Event');
export type Event = Message<pb.Event>;
export const HistogramProto = messageClass<pb.HistogramProto>('tensorflow.HistogramProto');
export type HistogramProto = Message<pb.HistogramProto>;
export const SummaryMetadata = messageClass<pb.SummaryMetadata, { PluginData: MessageClass<NonNullable<pb.SummaryMetadata['plugin_data']>> }>('tensorflow.SummaryMetadata');
export type SummaryMetadata = Message<pb.SummaryMetadata>;
export const LogMessage = messageClass<pb.LogMessage, { UNKNOWN: 0; DEBUGGING: 10; INFO: 20; WARN: 30; ERROR: 40; FATAL: 50; Level: Readonly<Record<string, number>> }>('tensorflow.LogMessage');
export type LogMessage = Message<pb.LogMessage>;
export const NameAttrList = messageClass<pb.NameAttrList>('tensorflow.NameAttrList');
export type NameAttrList = Message<pb.NameAttrList>;
export const TensorInfo = messageClass<pb.TensorInfo>('tensorflow.TensorInfo');
export type TensorInfo = Message<pb.TensorInfo>;

export const TensorProto = messageClass<pb.TensorProto>('tensorflow.TensorProto');
export type TensorProto = Message<pb.TensorProto>;

export interface MakeTensorProtoOptions { dtype?: DTypeLike | null; shape?: readonly number[] | null; verify_shape?: boolean; allow_broadcast?: boolean }

/**
 * The TensorProto of a value, as TF Python's make_tensor_proto writes it: `tensor_content` bytes for more than one
 * element of a numeric dtype, else the typed list; with a `shape` larger than the value, the values given (the
 * last one repeats when the proto is read), as tf.constant(1, {shape: [2, 3]}) stores its value.
 * @example tf.make_tensor_proto([1, 2, 3], {dtype: tf.int32})
 */
export const make_tensor_proto = pythonFunction('make_tensor_proto', ['values', 'dtype=None', 'shape=None', 'verify_shape=False', 'allow_broadcast=False'], 1, function make_tensor_proto(values: NDArray | NestedArray | number | boolean | string, options: MakeTensorProtoOptions = {}): TensorProto {
  const arr = NDArray.from(values, options.dtype ? as_dtype(options.dtype).base_dtype : undefined);
  const shape = options.shape ? [...options.shape] : null;
  const shapeSize = shape ? shape.reduce((a, b) => a * b, 1) : arr.size;
  const shapeStr = (s: readonly number[]) => `(${s.join(', ')}${s.length === 1 ? ',' : ''})`;
  if (shape) {
    if (options.allow_broadcast) {
      if (arr.size !== 1 && arr.size !== shapeSize) throw new TFTypeError(`Expected Tensor's shape: ${shapeStr(shape)}, got ${shapeStr(arr.shape)}.`);
    } else {
      if (options.verify_shape && shapeStr(arr.shape) !== shapeStr(shape)) throw new TFTypeError(`Expected Tensor's shape: ${shapeStr(shape)}, got ${shapeStr(arr.shape)}.`);
      if (arr.size > shapeSize) throw new ValueError(`Too many elements provided. Needed at most ${shapeSize}, but received ${arr.size}`);
    }
  }
  const sameSize = shapeSize === arr.size;
  const proto = sameSize ? makeTensorProto(shape ? arr.reshape(shape) : arr) : { ...makeTensorProto(arr, false), tensor_shape: shapeToProto(shape!) };
  return TensorProto(proto);
});

/** The value a TensorProto (or its serialized bytes) holds, as an NDArray (TF's make_ndarray). */
export const make_ndarray = pythonFunction('make_ndarray', ['tensor'], 1, function make_ndarray(tensor: pb.TensorProto | Uint8Array): NDArray {
  return makeNdarray(tensor instanceof Uint8Array ? TensorProto.FromString(tensor) : tensor);
});
