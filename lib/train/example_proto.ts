/**
 * tf.train.Example and its parts (TF's core/example/feature.proto and example.proto) as the message classes
 * TF's Python writes them with: `tf.train.Example({features: tf.train.Features({feature: {label:
 * tf.train.Feature({int64_list: tf.train.Int64List({value: [3]})})}})})`, `SerializeToString()` (the protobuf
 * encoding, what TFRecordWriter writes and parse_example reads), `Example.FromString(bytes)` and
 * `ParseFromString(bytes)`, `HasField`, `WhichOneof('kind')`, and `toString()` in protobuf text format.
 *
 * A message field that is not set reads as an empty message (as in Python), which becomes set once it holds
 * something: `e.features.feature.x = tf.train.Feature(...)`, `f.int64_list.value.push(3)`. A sub-message given
 * as a plain object (`{value: [1, 2]}`) is built into its class, as Python's constructors
 * take dicts. Bytes values are Uint8Arrays (strings are taken as UTF-8), floats are kept at float32 precision
 * and int64 values are JavaScript integers.
 */
import { TFTypeError, ValueError } from '../framework/errors';
import { isPlainObject, pythonClass } from '../framework/python_signature';
import * as proto from '../proto';
import { messageToString } from './text_format';

const utf8 = new TextEncoder();

function describe(v: unknown): string {
  if (typeof v === 'string') return `'${v}' has type str`;
  if (typeof v === 'number') return `${v} has type ${Number.isInteger(v) ? 'int' : 'float'}`;
  if (v === null || v === undefined) return 'None has type NoneType';
  return `${String(v)} has type ${Array.isArray(v) ? 'list' : typeof v}`;
}

function listOf(v: unknown, field: string): readonly unknown[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v;
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<unknown>);
  throw new TFTypeError(`${field}: a repeated field takes a list, got ${describe(v)}`);
}

/** What the messages share: serializing through their schema's codec, and text format. */
abstract class Message<P extends object> {
  protected abstract readonly codec: proto.Codec<P>;
  /** The message as a plain proto object (what lib/proto's codecs encode). */
  abstract toProto(): P;
  protected abstract assign(p: P): void;

  /** The protobuf encoding of this message (Python's `SerializeToString()`). */
  SerializeToString(): Uint8Array { return this.codec.encode(this.toProto()); }

  /** Replaces this message's fields by those `bytes` encode; returns how many bytes it read. */
  ParseFromString(bytes: Uint8Array | string): number {
    const b = typeof bytes === 'string' ? utf8.encode(bytes) : bytes;
    let decoded: P;
    try {
      decoded = this.codec.decode(b);
    } catch (e) {
      throw new DecodeError(`Error parsing message with type '${this.codec.typeName}': ${(e as Error).message}`);
    }
    this.assign(decoded);
    return b.length;
  }

  /** The size of the encoding in bytes. */
  ByteSize(): number { return this.SerializeToString().length; }

  /** The message in protobuf text format, as Python's `str(message)` prints it. */
  toString(): string { return messageToString(this.codec.typeName, this.toProto()); }
  [Symbol.for('nodejs.util.inspect.custom')](): string { return this.toString(); }
}

/** Python protobuf's `google.protobuf.message.DecodeError`: bytes that are no encoding of the message. */
export class DecodeError extends Error {
  constructor(message: string) { super(message); this.name = 'DecodeError'; }
}

// ---- the three value lists -------------------------------------------------------------------------------

export class BytesListImpl extends Message<{ value?: Uint8Array[] }> {
  protected readonly codec = proto.BytesListCodec;
  value: Uint8Array[] = [];
  constructor(options: { value?: readonly (Uint8Array | string)[] | null } = {}) {
    super();
    this.value = listOf(options.value, 'BytesList.value').map((v) => {
      if (v instanceof Uint8Array) return v;
      if (typeof v === 'string') return utf8.encode(v);
      throw new TFTypeError(`${describe(v)}, but expected one of: bytes`);
    });
  }
  toProto(): { value: Uint8Array[] } { return { value: [...this.value] }; }
  protected assign(p: { value?: Uint8Array[] }): void { this.value = [...(p.value ?? [])]; }
  static FromString(bytes: Uint8Array): BytesListImpl { const m = new BytesListImpl(); m.ParseFromString(bytes); return m; }
}

export class FloatListImpl extends Message<{ value?: number[] }> {
  protected readonly codec = proto.FloatListCodec;
  value: number[] = [];
  constructor(options: { value?: readonly (number | boolean)[] | Float32Array | null } = {}) {
    super();
    this.value = listOf(options.value, 'FloatList.value').map((b) => {
      // Python's bool is an int: True stores as 1.
      const v = typeof b === 'boolean' ? Number(b) : b;
      if (typeof v !== 'number') throw new TFTypeError(`${describe(v)}, but expected one of: int, long, float`);
      return Math.fround(v);
    });
  }
  toProto(): { value: number[] } { return { value: [...this.value] }; }
  protected assign(p: { value?: number[] }): void { this.value = [...(p.value ?? [])]; }
  static FromString(bytes: Uint8Array): FloatListImpl { const m = new FloatListImpl(); m.ParseFromString(bytes); return m; }
}

const INT64_MAX = 2 ** 63;

export class Int64ListImpl extends Message<{ value?: number[] }> {
  protected readonly codec = proto.Int64ListCodec;
  value: number[] = [];
  constructor(options: { value?: readonly (number | bigint | boolean)[] | BigInt64Array | null } = {}) {
    super();
    this.value = listOf(options.value, 'Int64List.value').map((v) => {
      const n = typeof v === 'bigint' || typeof v === 'boolean' ? Number(v) : v;
      if (typeof n !== 'number' || !Number.isInteger(n)) throw new TFTypeError(`${describe(v)}, but expected one of: int, long`);
      if (n < -INT64_MAX || n >= INT64_MAX) throw new ValueError(`Value out of range: ${String(v)}`);
      return n;
    });
  }
  toProto(): { value: number[] } { return { value: [...this.value] }; }
  protected assign(p: { value?: number[] }): void { this.value = [...(p.value ?? [])]; }
  static FromString(bytes: Uint8Array): Int64ListImpl { const m = new Int64ListImpl(); m.ParseFromString(bytes); return m; }
}

function build<T, O>(v: T | O | null | undefined, cls: new (o: O) => T, what: string): T | null {
  if (v === undefined || v === null) return null;
  if (v instanceof cls) return v;
  if (isPlainObject(v)) return new cls(v as O);
  throw new TFTypeError(`Parameter to ${what} must be a ${cls.name.replace(/Impl$/, '')} or a dict of its fields, got ${describe(v)}`);
}

// ---- Feature, Features, Example ------------------------------------------------------------------------

type FeatureKind = 'bytes_list' | 'float_list' | 'int64_list';
const FEATURE_KINDS: readonly FeatureKind[] = ['bytes_list', 'float_list', 'int64_list'];

export interface FeatureInit {
  bytes_list?: BytesListImpl | { value?: readonly (Uint8Array | string)[] } | null;
  float_list?: FloatListImpl | { value?: readonly (number | boolean)[] | Float32Array } | null;
  int64_list?: Int64ListImpl | { value?: readonly (number | bigint | boolean)[] | BigInt64Array } | null;
}

/** One feature: one of a BytesList, FloatList or Int64List (the oneof `kind`), or none. */
export class FeatureImpl extends Message<proto.Feature> {
  protected readonly codec = proto.FeatureCodec;
  private setKind: FeatureKind | null = null;
  private list: BytesListImpl | FloatListImpl | Int64ListImpl | null = null;
  /** Lists read while no kind is set: the first one given values becomes the kind (as Python sets a oneof on mutation). */
  private readonly unset: { bytes_list?: BytesListImpl; float_list?: FloatListImpl; int64_list?: Int64ListImpl } = {};

  constructor(options: FeatureInit = {}) {
    super();
    const given = FEATURE_KINDS.filter((k) => options[k] !== undefined && options[k] !== null);
    if (given.length > 1) throw new ValueError(`Feature takes one of bytes_list, float_list and int64_list (the oneof 'kind'), got ${given.join(' and ')}`);
    if (given.length === 1) this.set(given[0], options);
  }

  private set(kind: FeatureKind, o: FeatureInit): void {
    this.setKind = kind;
    this.list = kind === 'bytes_list' ? build(o.bytes_list, BytesListImpl, 'Feature.bytes_list')
      : kind === 'float_list' ? build(o.float_list, FloatListImpl, 'Feature.float_list') : build(o.int64_list, Int64ListImpl, 'Feature.int64_list');
  }

  /** The kind set, or that of a list read while none was and given values since. */
  private get kind(): FeatureKind | null {
    return this.setKind ?? FEATURE_KINDS.find((k) => (this.unset[k]?.value.length ?? 0) > 0) ?? null;
  }

  private listOf<L extends BytesListImpl | FloatListImpl | Int64ListImpl>(kind: FeatureKind, make: () => L): L {
    if (this.setKind === kind) return this.list as L;
    if (this.setKind !== null) return make();
    return (this.unset[kind] ??= make() as never) as L;
  }

  /** The list set; while none is, a list whose values (`value.push(...)`) make it the one set. */
  get bytes_list(): BytesListImpl { return this.listOf('bytes_list', () => new BytesListImpl()); }
  get float_list(): FloatListImpl { return this.listOf('float_list', () => new FloatListImpl()); }
  get int64_list(): Int64ListImpl { return this.listOf('int64_list', () => new Int64ListImpl()); }

  /** Which list is set: `'bytes_list'`, `'float_list'`, `'int64_list'`, or null. */
  WhichOneof(group: 'kind'): FeatureKind | null {
    if (group !== 'kind') throw new ValueError(`Protocol message has no oneof "${String(group)}" field.`);
    return this.kind;
  }
  HasField(field: FeatureKind | 'kind'): boolean { return field === 'kind' ? this.kind !== null : this.kind === field; }

  toProto(): proto.Feature {
    const kind = this.kind;
    if (kind === null) return {};
    return { [kind]: (this.setKind === kind ? this.list! : this.unset[kind]!).toProto() };
  }
  protected assign(p: proto.Feature): void {
    this.setKind = null;
    this.list = null;
    for (const k of FEATURE_KINDS) delete this.unset[k];
    const k = FEATURE_KINDS.find((f) => p[f] !== undefined);
    if (k) this.set(k, { [k]: p[k] });
  }
  /** @internal */ static fromProto(p: proto.Feature): FeatureImpl { const f = new FeatureImpl(); f.assign(p); return f; }
  static FromString(bytes: Uint8Array): FeatureImpl { const m = new FeatureImpl(); m.ParseFromString(bytes); return m; }
}

/**
 * A singular message field: the message set, or one read while unset, which counts as set once it holds
 * anything (Python sets a field when its message is changed, not when it is read).
 */
class SubMessage<T extends Message<object>> {
  private pending: T | null = null;
  constructor(private value: T | null, private readonly make: () => T) {}
  get(): T { return this.value ?? (this.pending ??= this.make()); }
  present(): boolean { return this.value !== null || (this.pending !== null && this.pending.ByteSize() > 0); }
  reset(value: T | null): void { this.value = value; this.pending = null; }
}

function featureMap(v: unknown, what: string): Record<string, FeatureImpl> {
  if (v === undefined || v === null) return {};
  const entries = v instanceof Map ? [...v.entries()] : isPlainObject(v) ? Object.entries(v) : null;
  if (!entries) throw new TFTypeError(`${what} takes a dict of features, got ${describe(v)}`);
  return Object.fromEntries(entries.map(([k, f]) => [String(k), build(f as FeatureImpl | FeatureInit, FeatureImpl, `${what}['${String(k)}']`) ?? new FeatureImpl()]));
}

export interface FeaturesInit { feature?: Record<string, FeatureImpl | FeatureInit> | ReadonlyMap<string, FeatureImpl | FeatureInit> | null }

/** A map of feature name to Feature. */
export class FeaturesImpl extends Message<proto.Features> {
  protected readonly codec = proto.FeaturesCodec;
  feature: Record<string, FeatureImpl>;
  constructor(options: FeaturesInit = {}) {
    super();
    this.feature = featureMap(options.feature, 'Features.feature');
  }
  toProto(): proto.Features { return { feature: Object.fromEntries(Object.entries(this.feature).map(([k, f]) => [k, f.toProto()])) }; }
  protected assign(p: proto.Features): void {
    this.feature = Object.fromEntries(Object.entries(p.feature ?? {}).map(([k, f]) => [k, FeatureImpl.fromProto(f)]));
  }
  /** @internal */ static fromProto(p: proto.Features): FeaturesImpl { const f = new FeaturesImpl(); f.assign(p); return f; }
  static FromString(bytes: Uint8Array): FeaturesImpl { const m = new FeaturesImpl(); m.ParseFromString(bytes); return m; }
}

/** One training example: its features. */
export class ExampleImpl extends Message<proto.Example> {
  protected readonly codec = proto.ExampleCodec;
  private readonly featuresField: SubMessage<FeaturesImpl>;
  constructor(options: { features?: FeaturesImpl | FeaturesInit | null } = {}) {
    super();
    this.featuresField = new SubMessage(build(options.features, FeaturesImpl, 'Example.features'), () => new FeaturesImpl());
  }
  get features(): FeaturesImpl { return this.featuresField.get(); }
  HasField(field: 'features'): boolean {
    if (field !== 'features') throw new ValueError(`Protocol message Example has no field ${String(field)}.`);
    return this.featuresField.present();
  }
  toProto(): proto.Example { return this.featuresField.present() ? { features: this.featuresField.get().toProto() } : {}; }
  protected assign(p: proto.Example): void { this.featuresField.reset(p.features ? FeaturesImpl.fromProto(p.features) : null); }
  static FromString(bytes: Uint8Array): ExampleImpl { const m = new ExampleImpl(); m.ParseFromString(bytes); return m; }
}

// ---- SequenceExample ----------------------------------------------------------------------------------

/** A list of features, one per step of a sequence. */
export class FeatureListImpl extends Message<proto.FeatureList> {
  protected readonly codec = proto.FeatureListCodec;
  feature: FeatureImpl[];
  constructor(options: { feature?: readonly (FeatureImpl | FeatureInit)[] | null } = {}) {
    super();
    this.feature = listOf(options.feature, 'FeatureList.feature').map((f, i) => build(f as FeatureImpl, FeatureImpl, `FeatureList.feature[${i}]`) ?? new FeatureImpl());
  }
  toProto(): proto.FeatureList { return { feature: this.feature.map((f) => f.toProto()) }; }
  protected assign(p: proto.FeatureList): void { this.feature = (p.feature ?? []).map((f) => FeatureImpl.fromProto(f)); }
  /** @internal */ static fromProto(p: proto.FeatureList): FeatureListImpl { const f = new FeatureListImpl(); f.assign(p); return f; }
  static FromString(bytes: Uint8Array): FeatureListImpl { const m = new FeatureListImpl(); m.ParseFromString(bytes); return m; }
}

export interface FeatureListsInit {
  feature_list?: Record<string, FeatureListImpl | { feature?: readonly (FeatureImpl | FeatureInit)[] }> | null;
}

/** A map of feature-list name to FeatureList. */
export class FeatureListsImpl extends Message<proto.FeatureLists> {
  protected readonly codec = proto.FeatureListsCodec;
  feature_list: Record<string, FeatureListImpl>;
  constructor(options: FeatureListsInit = {}) {
    super();
    const given = options.feature_list ?? {};
    if (!isPlainObject(given)) throw new TFTypeError(`FeatureLists.feature_list takes a dict of feature lists, got ${describe(given)}`);
    this.feature_list = Object.fromEntries(Object.entries(given).map(([k, l]) => [k, build(l, FeatureListImpl, `FeatureLists.feature_list['${k}']`) ?? new FeatureListImpl()]));
  }
  toProto(): proto.FeatureLists { return { feature_list: Object.fromEntries(Object.entries(this.feature_list).map(([k, l]) => [k, l.toProto()])) }; }
  protected assign(p: proto.FeatureLists): void {
    this.feature_list = Object.fromEntries(Object.entries(p.feature_list ?? {}).map(([k, l]) => [k, FeatureListImpl.fromProto(l)]));
  }
  /** @internal */ static fromProto(p: proto.FeatureLists): FeatureListsImpl { const f = new FeatureListsImpl(); f.assign(p); return f; }
  static FromString(bytes: Uint8Array): FeatureListsImpl { const m = new FeatureListsImpl(); m.ParseFromString(bytes); return m; }
}

export interface SequenceExampleInit { context?: FeaturesImpl | FeaturesInit | null; feature_lists?: FeatureListsImpl | FeatureListsInit | null }

/** An example with a context (Features) and sequences of features (FeatureLists). */
export class SequenceExampleImpl extends Message<proto.SequenceExample> {
  protected readonly codec = proto.SequenceExampleCodec;
  private readonly contextField: SubMessage<FeaturesImpl>;
  private readonly listsField: SubMessage<FeatureListsImpl>;
  constructor(options: SequenceExampleInit = {}) {
    super();
    this.contextField = new SubMessage(build(options.context, FeaturesImpl, 'SequenceExample.context'), () => new FeaturesImpl());
    this.listsField = new SubMessage(build(options.feature_lists, FeatureListsImpl, 'SequenceExample.feature_lists'), () => new FeatureListsImpl());
  }
  get context(): FeaturesImpl { return this.contextField.get(); }
  get feature_lists(): FeatureListsImpl { return this.listsField.get(); }
  HasField(field: 'context' | 'feature_lists'): boolean {
    if (field === 'context') return this.contextField.present();
    if (field === 'feature_lists') return this.listsField.present();
    throw new ValueError(`Protocol message SequenceExample has no field ${String(field)}.`);
  }
  toProto(): proto.SequenceExample {
    return {
      ...(this.contextField.present() ? { context: this.contextField.get().toProto() } : {}),
      ...(this.listsField.present() ? { feature_lists: this.listsField.get().toProto() } : {}),
    };
  }
  protected assign(p: proto.SequenceExample): void {
    this.contextField.reset(p.context ? FeaturesImpl.fromProto(p.context) : null);
    this.listsField.reset(p.feature_lists ? FeatureListsImpl.fromProto(p.feature_lists) : null);
  }
  static FromString(bytes: Uint8Array): SequenceExampleImpl { const m = new SequenceExampleImpl(); m.ParseFromString(bytes); return m; }
}

// ---- the public classes, behind their Python constructors (keyword arguments only in Python) ------------

export const BytesList = pythonClass('BytesList', ['value=None'], 0, BytesListImpl);
export type BytesList = BytesListImpl;
export const FloatList = pythonClass('FloatList', ['value=None'], 0, FloatListImpl);
export type FloatList = FloatListImpl;
export const Int64List = pythonClass('Int64List', ['value=None'], 0, Int64ListImpl);
export type Int64List = Int64ListImpl;
export const Feature = pythonClass('Feature', ['bytes_list=None', 'float_list=None', 'int64_list=None'], 0, FeatureImpl);
export type Feature = FeatureImpl;
export const Features = pythonClass('Features', ['feature: dict = None'], 0, FeaturesImpl);
export type Features = FeaturesImpl;
export const Example = pythonClass('Example', ['features=None'], 0, ExampleImpl);
export type Example = ExampleImpl;
export const FeatureList = pythonClass('FeatureList', ['feature=None'], 0, FeatureListImpl);
export type FeatureList = FeatureListImpl;
export const FeatureLists = pythonClass('FeatureLists', ['feature_list: dict = None'], 0, FeatureListsImpl);
export type FeatureLists = FeatureListsImpl;
export const SequenceExample = pythonClass('SequenceExample', ['context=None', 'feature_lists=None'], 0, SequenceExampleImpl);
export type SequenceExample = SequenceExampleImpl;
