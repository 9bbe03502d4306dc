/**
 * Graphs as files: `graph.as_graph_def()`, `tf.train.write_graph` (binary `.pb` or text `.pbtxt`, as
 * TensorFlow writes them) and `tf.import_graph_def`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Graph, Operation, Tensor, get_default_graph } from '../framework/graph';
import { ValueError } from '../framework/errors';
import { BaseSession } from '../runtime/session';
import { GraphDef, GraphDefCodec } from '../proto';
import { GraphDefOptions, graphToGraphDef, importGraphDef } from './meta_graph';
import { atomicWriteFile } from './file_io';
import { decodeBinaryOrText, looksLikeTextFormat, messageToString } from './text_format';
import { pythonFunction } from '../framework/python_signature';

declare module '../framework/graph' {
  interface GraphImpl {
    /** The graph as a GraphDef message (nodes in creation order), as TF's `graph.as_graph_def()`. */
    as_graph_def(options?: GraphDefOptions): GraphDef;
  }
}
Graph.prototype.as_graph_def = function (this: Graph, options?: GraphDefOptions): GraphDef { return graphToGraphDef(this, options); };

declare module '../runtime/session' {
  interface BaseSession {
    /** The session's graph as a GraphDef (TF's `sess.graph_def`). */
    readonly graph_def: GraphDef;
  }
}
Object.defineProperty(BaseSession.prototype, 'graph_def', {
  get(this: BaseSession): GraphDef { return graphToGraphDef(this.graph); },
  configurable: true,
});

/**
 * Writes a graph to `<logdir>/<name>`: text format by default (`.pbtxt`), binary with `as_text: false`.
 * Creates `logdir`; returns the path written. The file is replaced atomically.
 * @example tf.train.write_graph(sess.graph_def, 'models', 'graph.pbtxt')
 */
export const write_graph = pythonFunction('write_graph', ['graph_or_graph_def', 'logdir', 'name', 'as_text=True'], 3, function write_graph(graph_or_graph_def: Graph | GraphDef, logdir: string, name: string, options: { as_text?: boolean } = {}): string {
  const def = graph_or_graph_def instanceof Graph ? graphToGraphDef(graph_or_graph_def) : graph_or_graph_def;
  fs.mkdirSync(logdir, { recursive: true });
  const file = path.join(logdir, name);
  const asText = options.as_text ?? true;
  atomicWriteFile(file, asText ? messageToString('tensorflow.GraphDef', def) : GraphDefCodec.encode(def));
  return file;
});

/**
 * Reads a GraphDef file, binary (`.pb`) or text (`.pbtxt`), choosing the format from the bytes, not the
 * name: TF's `tf.GraphDef().ParseFromString` or `text_format.Merge`, whichever the file is.
 */
export function read_graph_def(file: string): GraphDef {
  const bytes = fs.readFileSync(file);
  const asText = looksLikeTextFormat(bytes);
  try {
    return decodeBinaryOrText(GraphDefCodec, bytes);
  } catch (e) {
    throw new ValueError(`${file} is not a ${asText ? 'text-format' : 'binary'} GraphDef: ${(e as Error).message}`);
  }
}

export interface ImportGraphDefOptions {
  /** Prefix of the imported names (default `'import'`; `''` keeps them as they are). */
  name?: string;
  /** Names (`'op'` or `'op:0'`) of the imported elements to return, in order. */
  return_elements?: readonly string[];
}

/**
 * Imports a GraphDef (a message, or a file's bytes in binary or text format) into the default graph
 * under `name/` and returns the requested elements.
 * @example const [y] = tf.import_graph_def(def, {return_elements: ['y:0']}) as tf.Tensor[];
 */
export const import_graph_def = pythonFunction('import_graph_def', ['graph_def: dict', 'input_map=None', 'return_elements=None', 'name=None', 'op_dict=None', 'producer_op_list=None'], 1, function import_graph_def(graph_def: GraphDef | Uint8Array, options: ImportGraphDefOptions = {}): (Tensor | Operation)[] {
  if (graph_def instanceof Uint8Array) graph_def = decodeBinaryOrText(GraphDefCodec, graph_def);
  const g = get_default_graph();
  const prefix = options.name ?? 'import';
  const scope = prefix ? g.unique_name(prefix, true) : '';
  const created = importGraphDef(g, graph_def, { prefix: scope });
  return (options.return_elements ?? []).map((element) => {
    const m = /^(.*?)(?::(\d+))?$/.exec(element)!;
    const op = created.get(m[1]);
    if (!op) throw new ValueError(`Requested return_element '${element}' not found in graph_def.`);
    if (m[2] === undefined) return op;
    const t = op.outputs[Number(m[2])];
    if (!t) throw new ValueError(`Requested return_element '${element}' not found in graph_def.`);
    return t;
  });
});
