/**
 * The requests the routing table gives the I/O thread, answered there because the main thread may
 * be blocked by a cell: kernel_info (clients see a live kernel) and interrupt (the way to stop it).
 */
import type { JsonObject, JupyterMessage, OutgoingMessage, RequestChannel } from './messages';
import { IoThreadType, answerRequest, routeOf } from './routing';

export type IoThreadHandlers = { readonly [K in IoThreadType]: (channel: RequestChannel, message: JupyterMessage) => void };

/** The I/O thread's handlers: `kernelInfo` is the kernel_info_reply content, `interrupt` stops the running cell. */
export function ioThreadHandlers(send: (message: OutgoingMessage) => void, kernelInfo: JsonObject, interrupt: () => void): IoThreadHandlers {
  const reply = (channel: RequestChannel, request: JupyterMessage, msgType: string, content: JsonObject): void =>
    send({ channel, msgType, content, parentHeader: request.header, identities: request.identities });
  return {
    kernel_info_request: (channel, message) => reply(channel, message, 'kernel_info_reply', kernelInfo),
    interrupt_request: (channel, message) => {
      interrupt();
      reply(channel, message, 'interrupt_reply', { status: 'ok' });
    },
  };
}

/** Answers `message` with `handlers` when the routing table gives it to the I/O thread; false when the main thread answers it. */
export function answerOnIoThread(handlers: IoThreadHandlers, send: (message: OutgoingMessage) => void, channel: RequestChannel, message: JupyterMessage): boolean {
  const route = routeOf(message.header.msg_type, channel);
  if (route?.answeredBy !== 'io-thread') return false;
  void answerRequest(send, message.header, () => handlers[route.msgType as IoThreadType](channel, message));
  return true;
}
