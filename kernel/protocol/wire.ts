import * as crypto from 'crypto';
import { JsonObject, JupyterMessage, MessageHeader, isJsonObject, isMessageHeader } from './messages';

export const DELIMITER = '<IDS|MSG>';

/**
 * HMAC-SHA256 signing as the spec defines it: the digest covers the four JSON frames
 * (header, parent_header, metadata, content) in order. An empty key disables signing.
 */
export class MessageSigner {
  private readonly key: Buffer;

  constructor(key: string) {
    this.key = Buffer.from(key, 'utf8');
  }

  get enabled(): boolean {
    return this.key.length > 0;
  }

  sign(frames: readonly Uint8Array[]): string {
    if (!this.enabled) return '';
    const hmac = crypto.createHmac('sha256', this.key);
    for (const frame of frames) hmac.update(frame);
    return hmac.digest('hex');
  }

  /** Constant-time comparison so a forger learns nothing from response timing. */
  verify(signature: string, frames: readonly Uint8Array[]): boolean {
    if (!this.enabled) return true;
    const expected = Buffer.from(this.sign(frames), 'utf8');
    const given = Buffer.from(signature, 'utf8');
    return expected.length === given.length && crypto.timingSafeEqual(expected, given);
  }
}

/** Why an incoming multipart message was refused. */
export type DecodeFailure =
  | { kind: 'no-delimiter' }
  | { kind: 'too-few-frames' }
  | { kind: 'bad-signature' }
  | { kind: 'replayed-signature' }
  | { kind: 'bad-header'; reason: string }
  /** Signed and with a usable header, but another frame is not what the spec requires. */
  | { kind: 'bad-body'; header: MessageHeader; parentHeader: MessageHeader | Record<string, never>; identities: Uint8Array[]; reason: string };

export type DecodeResult = { ok: true; message: JupyterMessage } | { ok: false; failure: DecodeFailure };

function parseJsonFrame(frame: Uint8Array, name: string): { value?: unknown; error?: string } {
  try {
    return { value: JSON.parse(Buffer.from(frame).toString('utf8')) };
  } catch (e) {
    return { error: `${name} frame is not valid JSON (${(e as Error).message})` };
  }
}

/**
 * Remembers recent signatures so a captured message cannot be replayed; bounded so memory stays flat.
 */
export class SignatureHistory {
  private readonly seen = new Set<string>();
  constructor(private readonly capacity = 4096) {}

  /** Returns false when the signature was already seen. */
  remember(signature: string): boolean {
    if (signature === '') return true;
    if (this.seen.has(signature)) return false;
    this.seen.add(signature);
    if (this.seen.size > this.capacity) {
      const oldest = this.seen.values().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
    return true;
  }
}

export function decodeMessage(frames: readonly Uint8Array[], signer: MessageSigner, history?: SignatureHistory): DecodeResult {
  const delimiterIndex = frames.findIndex((f) => f.length === DELIMITER.length && Buffer.from(f).toString('latin1') === DELIMITER);
  if (delimiterIndex < 0) return { ok: false, failure: { kind: 'no-delimiter' } };
  const identities = frames.slice(0, delimiterIndex).map((f) => new Uint8Array(f));
  const rest = frames.slice(delimiterIndex + 1);
  if (rest.length < 5) return { ok: false, failure: { kind: 'too-few-frames' } };
  const signature = Buffer.from(rest[0]).toString('utf8');
  const signed = rest.slice(1, 5);
  if (!signer.verify(signature, signed)) return { ok: false, failure: { kind: 'bad-signature' } };
  if (history && !history.remember(signature)) return { ok: false, failure: { kind: 'replayed-signature' } };

  const header = parseJsonFrame(signed[0], 'header');
  if (header.error !== undefined) return { ok: false, failure: { kind: 'bad-header', reason: header.error } };
  if (!isMessageHeader(header.value)) {
    return { ok: false, failure: { kind: 'bad-header', reason: 'header lacks msg_id, msg_type or session strings' } };
  }
  const given = header.value;
  const fullHeader: MessageHeader = {
    ...given,
    username: given.username ?? '',
    date: typeof given.date === 'string' ? given.date : '',
    version: typeof given.version === 'string' ? given.version : '',
  };
  const bad = (reason: string, parentHeader: MessageHeader | Record<string, never> = {}): DecodeResult =>
    ({ ok: false, failure: { kind: 'bad-body', header: fullHeader, parentHeader, identities, reason } });

  const parent = parseJsonFrame(signed[1], 'parent_header');
  if (parent.error !== undefined) return bad(parent.error);
  if (!isJsonObject(parent.value)) return bad('parent_header must be a JSON object');
  const parentHeader = isMessageHeader(parent.value) ? (parent.value as unknown as MessageHeader) : {};
  const metadata = parseJsonFrame(signed[2], 'metadata');
  if (metadata.error !== undefined) return bad(metadata.error, parentHeader);
  if (!isJsonObject(metadata.value)) return bad('metadata must be a JSON object', parentHeader);
  const content = parseJsonFrame(signed[3], 'content');
  if (content.error !== undefined) return bad(content.error, parentHeader);
  if (!isJsonObject(content.value)) return bad('content must be a JSON object', parentHeader);
  return {
    ok: true,
    message: {
      identities,
      header: fullHeader,
      parent_header: parentHeader,
      metadata: metadata.value as JsonObject,
      content: content.value as JsonObject,
      buffers: rest.slice(5).map((b) => new Uint8Array(b)),
    },
  };
}

/** A message whose content, metadata or parent header JSON cannot hold (a cycle, a BigInt, a throwing getter or toJSON). */
export class MessageEncodingError extends TypeError {
  override name = 'MessageEncodingError';
}

/** JSON text of one part of a message; throws MessageEncodingError naming the part and why. */
export function encodeJsonPart(value: unknown, part: string, msgType: string): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (e) {
    let why = 'it could not be written as JSON';
    try { why = e instanceof Error ? e.message.split('\n')[0] : String(e); } catch { /* a hostile throw: keep the generic reason */ }
    throw new MessageEncodingError(`the ${part} of a ${msgType} message cannot be sent as JSON: ${why}`);
  }
  // JSON.stringify gives undefined for a function or symbol at the top.
  if (text === undefined) throw new MessageEncodingError(`the ${part} of a ${msgType} message cannot be sent as JSON: it is a ${typeof value}`);
  return text;
}

/** The frames of a message whose header and [parent header, metadata, content] are JSON texts already. */
export function encodeFrames(identities: readonly Uint8Array[], header: string, body: readonly string[], buffers: readonly Uint8Array[], signer: MessageSigner): Buffer[] {
  const jsonFrames = [header, ...body].map((part) => Buffer.from(part, 'utf8'));
  const signature = signer.sign(jsonFrames);
  return [
    ...identities.map((id) => Buffer.from(id)),
    Buffer.from(DELIMITER, 'latin1'),
    Buffer.from(signature, 'utf8'),
    ...jsonFrames,
    ...buffers.map((b) => Buffer.from(b)),
  ];
}

export function newHeader(msgType: string, session: string, username = 'scopeflow'): MessageHeader {
  return {
    msg_id: crypto.randomUUID(),
    msg_type: msgType,
    session,
    username,
    date: new Date().toISOString(),
    version: '5.3',
  };
}
