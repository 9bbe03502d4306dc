/**
 * Shapes of Jupyter messages (messaging spec 5.3) as the protocol layer sees them.
 * Content stays a plain JSON object here; handlers validate the fields they read.
 */

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue | undefined;
}

export const PROTOCOL_VERSION = '5.3';

/** CellPhase values by the number the main thread stores in the shared cell-phase word. */
export const CELL_PHASES = ['idle', 'synchronous', 'awaiting'] as const;

/** The channels a kernel listens on; heartbeat never carries Jupyter messages. */
export type RequestChannel = 'shell' | 'control' | 'stdin';
export type Channel = RequestChannel | 'iopub';

export interface MessageHeader {
  msg_id: string;
  msg_type: string;
  session: string;
  username: string;
  date: string;
  version: string;
}

/** A message as decoded from (or about to be encoded into) ZeroMQ frames. */
export interface JupyterMessage {
  /** ZeroMQ routing identities that precede the `<IDS|MSG>` delimiter. */
  identities: Uint8Array[];
  header: MessageHeader;
  /** Empty object when the message has no parent. */
  parent_header: MessageHeader | Record<string, never>;
  metadata: JsonObject;
  content: JsonObject;
  buffers: Uint8Array[];
}

/** What the main thread asks the I/O thread to send; the I/O thread fills in header and signature. */
export interface OutgoingMessage {
  channel: Channel;
  msgType: string;
  content: JsonObject;
  parentHeader: MessageHeader | Record<string, never>;
  identities: Uint8Array[];
  metadata?: JsonObject;
  buffers?: Uint8Array[];
  /** The header's msg_id, when the sender must recognise replies to this message (input_request). */
  msgId?: string;
}

/** Messages posted from the I/O thread to the main thread. */
export type IoEvent =
  | { kind: 'ready'; ports: Record<'shell' | 'control' | 'stdin' | 'iopub' | 'hb', number> }
  | { kind: 'request'; channel: RequestChannel; message: JupyterMessage }
  /** A signed message whose body could not be decoded: the main thread answers it with an error reply. */
  | { kind: 'malformed'; channel: RequestChannel; identities: Uint8Array[]; header: MessageHeader; parentHeader: MessageHeader | Record<string, never>; reason: string }
  | { kind: 'fatal'; text: string };

/**
 * An outgoing message as the main thread posts it: parent header, metadata and content already
 * written as JSON there, so a value JSON cannot hold fails in the code that sent it.
 */
export type EncodedMessage = Omit<OutgoingMessage, 'content' | 'metadata' | 'parentHeader'> & { parentHeader: string; metadata: string; content: string };

/** Messages posted from the main thread to the I/O thread. */
export type MainEvent =
  | { kind: 'send'; message: EncodedMessage }
  | { kind: 'close' };

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isMessageHeader(value: unknown): value is MessageHeader {
  if (!isJsonObject(value)) return false;
  return typeof value.msg_id === 'string' && typeof value.msg_type === 'string' &&
    typeof value.session === 'string' && (value.username === undefined || typeof value.username === 'string');
}
