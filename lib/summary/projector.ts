/**
 * `tf.contrib.tensorboard.plugins.projector`: the embedding projector's config (TensorBoard's
 * projector_config.proto: ProjectorConfig, EmbeddingInfo, SpriteMetadata) and `visualize_embeddings`,
 * which writes it as `projector_config.pbtxt` in a FileWriter's log directory, in protobuf text format.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ValueError } from '../framework/errors';
import { pythonClass } from '../framework/python_signature';
import { cEscape } from '../train/text_format';
import { FileWriter } from './writer';

/** The file TensorBoard's projector plugin reads from a log directory. */
export const PROJECTOR_FILENAME = 'projector_config.pbtxt';

// Text-format lines of proto3 fields, as MessageToString writes them: a string when non-empty, each number of a
// repeated field, a submessage as a block.
const utf8 = new TextEncoder();
const text = (indent: string, name: string, v: string): string[] => (v === '' ? [] : [`${indent}${name}: "${cEscape(utf8.encode(v))}"`]);
const numbers = (indent: string, name: string, v: readonly number[]): string[] => v.map((n) => `${indent}${name}: ${n}`);
const block = (indent: string, name: string, inner: readonly string[]): string[] => [`${indent}${name} {`, ...inner, `${indent}}`];

/** A repeated integer field: an array with protobuf's `append` and `extend` (`sprite.single_image_dim.extend([28, 28])`). */
export class RepeatedScalar extends Array<number> {
  append(value: number): void { this.push(value); }
  extend(values: Iterable<number>): void { this.push(...values); }
}

/** Sets the fields given (a keyword left out or None keeps the default); a repeated field keeps its kind. */
function setFields<T extends object>(target: T, fields: Partial<T>): void {
  const t = target as Record<string, unknown>;
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined || v === null) continue;
    if (t[k] instanceof RepeatedScalar) (t[k] as RepeatedScalar).extend(v as Iterable<number>);
    else t[k] = v;
  }
}

/** An embedding's sprite image: its path and the size of one thumbnail, [width, height]. */
export class SpriteMetadataImpl {
  image_path = '';
  readonly single_image_dim = new RepeatedScalar();
  constructor(fields: { image_path?: string; single_image_dim?: readonly number[] } = {}) { setFields(this, fields as Partial<SpriteMetadataImpl>); }
  /** Whether a field is set (a proto3 submessage is written only then). */
  get isSet(): boolean { return this.image_path !== '' || this.single_image_dim.length > 0; }
  _lines(indent: string): string[] {
    return [...text(indent, 'image_path', this.image_path), ...numbers(indent, 'single_image_dim', this.single_image_dim)];
  }
}

/** EmbeddingInfo's fields, as its constructor and `add()` take them. */
export type EmbeddingInfoFields = Partial<Pick<EmbeddingInfoImpl, 'tensor_name' | 'metadata_path' | 'bookmarks_path' | 'sprite' | 'tensor_path'>> & { tensor_shape?: readonly number[] };

/** One embedding the projector shows: the variable's tensor name and optional metadata, bookmarks and sprite. */
export class EmbeddingInfoImpl {
  tensor_name = '';
  metadata_path = '';
  bookmarks_path = '';
  readonly tensor_shape = new RepeatedScalar();
  sprite = new SpriteMetadataImpl();
  tensor_path = '';
  constructor(fields: EmbeddingInfoFields = {}) { setFields(this, fields as Partial<EmbeddingInfoImpl>); }
  _lines(indent: string): string[] {
    return [
      ...text(indent, 'tensor_name', this.tensor_name), ...text(indent, 'metadata_path', this.metadata_path),
      ...text(indent, 'bookmarks_path', this.bookmarks_path), ...numbers(indent, 'tensor_shape', this.tensor_shape),
      ...(this.sprite.isSet ? block(indent, 'sprite', this.sprite._lines(`${indent}  `)) : []), ...text(indent, 'tensor_path', this.tensor_path),
    ];
  }
}

/** A repeated EmbeddingInfo field: an array with protobuf's `add()`. */
export class RepeatedEmbeddingInfo extends Array<EmbeddingInfoImpl> {
  /** Appends a new EmbeddingInfo (with `fields` set) and returns it: `config.embeddings.add()`. */
  add(fields: EmbeddingInfoFields = {}): EmbeddingInfoImpl {
    const e = new EmbeddingInfoImpl(fields);
    this.push(e);
    return e;
  }
}

/** The projector plugin's config: the embeddings to show and, optionally, the checkpoint holding them. */
export class ProjectorConfigImpl {
  model_checkpoint_path = '';
  readonly embeddings = new RepeatedEmbeddingInfo();
  model_checkpoint_dir = '';
  constructor(fields: { model_checkpoint_path?: string; model_checkpoint_dir?: string; embeddings?: readonly EmbeddingInfoFields[] } = {}) {
    this.model_checkpoint_path = fields.model_checkpoint_path ?? '';
    this.model_checkpoint_dir = fields.model_checkpoint_dir ?? '';
    for (const e of fields.embeddings ?? []) this.embeddings.add(e);
  }
  /** Python's text_format.MessageToString of the message. */
  toString(): string {
    const lines = [
      ...text('', 'model_checkpoint_path', this.model_checkpoint_path),
      ...this.embeddings.flatMap((e) => block('', 'embeddings', e._lines('  '))),
      ...text('', 'model_checkpoint_dir', this.model_checkpoint_dir),
    ];
    return lines.map((l) => `${l}\n`).join('');
  }
}

/**
 * Writes `config` to the summary writer's log directory as projector_config.pbtxt, where TensorBoard's
 * projector finds it.
 * @example tf.contrib.tensorboard.plugins.projector.visualize_embeddings(writer, config)
 */
export function visualize_embeddings(summary_writer: FileWriter, config: ProjectorConfigImpl): void {
  const logdir = summary_writer.get_logdir();
  if (!logdir) throw new ValueError('Summary writer must have a logdir');
  fs.mkdirSync(logdir, { recursive: true });
  fs.writeFileSync(path.join(logdir, PROJECTOR_FILENAME), config.toString());
}

// Protocol buffer classes, called with or without `new`, fields by keyword: `projector.ProjectorConfig()`.
export const SpriteMetadata = pythonClass('SpriteMetadata', ['image_path=None', 'single_image_dim=None'], 0, SpriteMetadataImpl);
export type SpriteMetadata = SpriteMetadataImpl;
export const EmbeddingInfo = pythonClass('EmbeddingInfo', ['tensor_name=None', 'metadata_path=None', 'bookmarks_path=None', 'tensor_shape=None', 'sprite=None', 'tensor_path=None'], 0, EmbeddingInfoImpl);
export type EmbeddingInfo = EmbeddingInfoImpl;
export const ProjectorConfig = pythonClass('ProjectorConfig', ['model_checkpoint_path=None', 'embeddings=None', 'model_checkpoint_dir=None'], 0, ProjectorConfigImpl);
export type ProjectorConfig = ProjectorConfigImpl;
