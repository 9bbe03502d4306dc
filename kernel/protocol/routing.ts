/**
 * Which thread answers each Jupyter message, and the one way a request is answered. Both threads
 * route by this table: the I/O thread answers its rows itself (the main thread may be blocked by a
 * cell) and posts every other message to the main thread's router (`router.ts`).
 */
import type { MessageHeader, OutgoingMessage, RequestChannel } from './messages';

export interface MessageRoute {
  answeredBy: 'io-thread' | 'main-thread';
  /** The channels the message is taken on; on another it is answered like an unknown message. */
  channels: readonly RequestChannel[];
  /** The reply's msg_type; messages that are not requests (comm traffic, input_reply) have none. */
  reply?: string;
}

const REQUEST_CHANNELS = ['shell', 'control'] as const;

/**
 * Every message the kernel takes. On the main thread, shell messages are handled one at a time in
 * arrival order, control messages at once, and stdin carries only the answers to input requests.
 */
export const MESSAGE_ROUTES = {
  // Answered while a cell runs, so clients see a live kernel and can stop a cell.
  kernel_info_request: { answeredBy: 'io-thread', channels: REQUEST_CHANNELS, reply: 'kernel_info_reply' },
  interrupt_request: { answeredBy: 'io-thread', channels: REQUEST_CHANNELS, reply: 'interrupt_reply' },
  execute_request: { answeredBy: 'main-thread', channels: REQUEST_CHANNELS, reply: 'execute_reply' },
  complete_request: { answeredBy: 'main-thread', channels: REQUEST_CHANNELS, reply: 'complete_reply' },
  inspect_request: { answeredBy: 'main-thread', channels: REQUEST_CHANNELS, reply: 'inspect_reply' },
  is_complete_request: { answeredBy: 'main-thread', channels: REQUEST_CHANNELS, reply: 'is_complete_reply' },
  history_request: { answeredBy: 'main-thread', channels: REQUEST_CHANNELS, reply: 'history_reply' },
  comm_info_request: { answeredBy: 'main-thread', channels: REQUEST_CHANNELS, reply: 'comm_info_reply' },
  shutdown_request: { answeredBy: 'main-thread', channels: REQUEST_CHANNELS, reply: 'shutdown_reply' },
  comm_open: { answeredBy: 'main-thread', channels: REQUEST_CHANNELS },
  comm_msg: { answeredBy: 'main-thread', channels: REQUEST_CHANNELS },
  comm_close: { answeredBy: 'main-thread', channels: REQUEST_CHANNELS },
  // Arrives while the cell that asked is still running: never queued.
  input_reply: { answeredBy: 'main-thread', channels: ['stdin'] },
} as const satisfies Record<string, MessageRoute>;

export type RoutedType = keyof typeof MESSAGE_ROUTES;
type AnsweredBy<A extends MessageRoute['answeredBy']> = { [K in RoutedType]: (typeof MESSAGE_ROUTES)[K]['answeredBy'] extends A ? K : never }[RoutedType];
/** The messages the I/O thread answers (io_requests.ts has one handler each). */
export type IoThreadType = AnsweredBy<'io-thread'>;
/** The messages the main thread answers (router.ts has one handler each). */
export type MainThreadType = AnsweredBy<'main-thread'>;

/** The route of a message taken on `channel`, or undefined for a message the kernel does not know there. */
export function routeOf(msgType: string, channel: RequestChannel): (MessageRoute & { msgType: RoutedType }) | undefined {
  if (!Object.prototype.hasOwnProperty.call(MESSAGE_ROUTES, msgType)) return undefined;
  const route: MessageRoute = MESSAGE_ROUTES[msgType as RoutedType];
  return route.channels.includes(channel) ? { ...route, msgType: msgType as RoutedType } : undefined;
}

/** The reply type of a request, also for requests the kernel does not know (`foo_request` → `foo_reply`). */
export function replyTypeOf(msgType: string): string {
  const known = routeOf(msgType, 'shell')?.reply;
  if (known) return known;
  return msgType.endsWith('_request') ? msgType.replace(/_request$/, '_reply') : `${msgType}_reply`;
}

/**
 * How every shell and control message is answered, on either thread: status busy, whatever
 * `handle` sends (its reply, its outputs), status idle, also when `handle` fails.
 */
export async function answerRequest(send: (message: OutgoingMessage) => void, request: MessageHeader, handle: () => void | Promise<void>): Promise<void> {
  const status = (state: 'busy' | 'idle'): void =>
    send({ channel: 'iopub', msgType: 'status', content: { execution_state: state }, parentHeader: request, identities: [] });
  status('busy');
  try {
    await handle();
  } finally {
    status('idle');
  }
}
