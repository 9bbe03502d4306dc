import * as crypto from 'crypto';
import type { JsonObject } from '../protocol/messages';

/** One side of a Jupyter comm (a bidirectional channel between kernel code and front-end code). */
export interface Comm {
  readonly commId: string;
  readonly targetName: string;
  send(data: JsonObject, metadata?: JsonObject, buffers?: Uint8Array[]): void;
  close(data?: JsonObject): void;
  onMsg(handler: (data: JsonObject, buffers: Uint8Array[]) => void): void;
  onClose(handler: (data: JsonObject) => void): void;
}

/** Called when a front end opens a comm for this target; the open message's data comes along. */
export type CommTargetHandler = (comm: Comm, data: JsonObject) => void;

/** How comm traffic reaches the front end; the kernel server provides it. */
export interface CommTransport {
  publish(msgType: 'comm_open' | 'comm_msg' | 'comm_close', content: JsonObject, buffers: Uint8Array[], metadata: JsonObject): void;
}

class KernelComm implements Comm {
  private readonly messageHandlers: ((data: JsonObject, buffers: Uint8Array[]) => void)[] = [];
  private readonly closeHandlers: ((data: JsonObject) => void)[] = [];
  closed = false;

  constructor(readonly commId: string, readonly targetName: string, private readonly manager: CommManager) {}

  send(data: JsonObject, metadata: JsonObject = {}, buffers: Uint8Array[] = []): void {
    if (this.closed) throw new Error(`comm ${this.commId} (${this.targetName}) is closed`);
    this.manager.publish('comm_msg', { comm_id: this.commId, data }, buffers, metadata);
  }

  close(data: JsonObject = {}): void {
    if (this.closed) return;
    this.closed = true;
    this.manager.publish('comm_close', { comm_id: this.commId, data });
    this.manager.forget(this.commId);
  }

  onMsg(handler: (data: JsonObject, buffers: Uint8Array[]) => void): void {
    this.messageHandlers.push(handler);
  }

  onClose(handler: (data: JsonObject) => void): void {
    this.closeHandlers.push(handler);
  }

  deliver(data: JsonObject, buffers: Uint8Array[]): void {
    for (const handler of this.messageHandlers) handler(data, buffers);
  }

  closedByFrontEnd(data: JsonObject): void {
    this.closed = true;
    for (const handler of this.closeHandlers) handler(data);
  }
}

/**
 * The kernel's comm registry: targets that front ends may open, and the comms currently open.
 * widgets/ (or a cell, through the preloaded `comms`) registers targets here.
 */
export class CommManager {
  private readonly targets = new Map<string, CommTargetHandler>();
  private readonly comms = new Map<string, KernelComm>();
  private transport: CommTransport | undefined;

  attach(transport: CommTransport): void {
    this.transport = transport;
  }

  registerTarget(targetName: string, handler: CommTargetHandler): void {
    this.targets.set(targetName, handler);
  }

  unregisterTarget(targetName: string): void {
    this.targets.delete(targetName);
  }

  /** Opens a comm from the kernel side; the front end must have a handler for targetName. */
  open(targetName: string, data: JsonObject = {}, metadata: JsonObject = {}): Comm {
    const comm = new KernelComm(crypto.randomUUID(), targetName, this);
    this.comms.set(comm.commId, comm);
    this.publish('comm_open', { comm_id: comm.commId, target_name: targetName, data }, [], metadata);
    return comm;
  }

  /** comm_info_reply content: open comms, optionally only those of one target. */
  info(targetName?: string): Record<string, { target_name: string }> {
    const result: Record<string, { target_name: string }> = {};
    for (const comm of this.comms.values()) {
      if (targetName === undefined || comm.targetName === targetName) result[comm.commId] = { target_name: comm.targetName };
    }
    return result;
  }

  /** Handles comm_open from the front end; returns an error text when the target is unknown. */
  handleOpen(commId: string, targetName: string, data: JsonObject): string | undefined {
    const handler = this.targets.get(targetName);
    if (!handler) {
      // The spec: an open for an unknown target is answered by closing the comm.
      this.publish('comm_close', { comm_id: commId, data: {} });
      return `no comm target named ${JSON.stringify(targetName)} is registered`;
    }
    const comm = new KernelComm(commId, targetName, this);
    this.comms.set(commId, comm);
    handler(comm, data);
    return undefined;
  }

  handleMsg(commId: string, data: JsonObject, buffers: Uint8Array[]): string | undefined {
    const comm = this.comms.get(commId);
    if (!comm) return `no open comm with id ${JSON.stringify(commId)}`;
    comm.deliver(data, buffers);
    return undefined;
  }

  handleClose(commId: string, data: JsonObject): string | undefined {
    const comm = this.comms.get(commId);
    if (!comm) return `no open comm with id ${JSON.stringify(commId)}`;
    this.comms.delete(commId);
    comm.closedByFrontEnd(data);
    return undefined;
  }

  forget(commId: string): void {
    this.comms.delete(commId);
  }

  publish(msgType: 'comm_open' | 'comm_msg' | 'comm_close', content: JsonObject, buffers: Uint8Array[] = [], metadata: JsonObject = {}): void {
    if (!this.transport) throw new Error('comms are only available inside a running kernel');
    this.transport.publish(msgType, content, buffers, metadata);
  }
}

/** The kernel process's comm registry (one kernel per process). */
export const commManager = new CommManager();
