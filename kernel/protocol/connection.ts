import * as fs from 'fs';

/** The fields of a Jupyter connection file that this kernel uses. */
export interface ConnectionInfo {
  transport: 'tcp' | 'ipc';
  ip: string;
  shell_port: number;
  control_port: number;
  stdin_port: number;
  iopub_port: number;
  hb_port: number;
  key: string;
  signature_scheme: string;
}

export class ConnectionFileError extends Error {
  override name = 'ConnectionFileError';
}

const PORT_FIELDS = ['shell_port', 'control_port', 'stdin_port', 'iopub_port', 'hb_port'] as const;

/** Parses and validates connection-file JSON; throws ConnectionFileError naming the bad field. */
export function parseConnectionInfo(text: string, source = 'connection file'): ConnectionInfo {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ConnectionFileError(`${source} is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConnectionFileError(`${source} must hold a JSON object`);
  }
  const obj = raw as Record<string, unknown>;
  const transport = obj.transport ?? 'tcp';
  if (transport !== 'tcp' && transport !== 'ipc') {
    throw new ConnectionFileError(`${source}: transport must be "tcp" or "ipc", got ${JSON.stringify(transport)}`);
  }
  const ip = obj.ip ?? '127.0.0.1';
  if (typeof ip !== 'string' || ip === '') throw new ConnectionFileError(`${source}: ip must be a non-empty string`);
  const ports: Record<string, number> = {};
  for (const field of PORT_FIELDS) {
    const port = obj[field] ?? 0;
    if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535) {
      throw new ConnectionFileError(`${source}: ${field} must be an integer port number, got ${JSON.stringify(obj[field])}`);
    }
    ports[field] = port;
  }
  const key = obj.key ?? '';
  if (typeof key !== 'string') throw new ConnectionFileError(`${source}: key must be a string`);
  const scheme = obj.signature_scheme ?? 'hmac-sha256';
  if (scheme !== 'hmac-sha256') {
    throw new ConnectionFileError(`${source}: signature_scheme ${JSON.stringify(scheme)} is not supported (only hmac-sha256)`);
  }
  return {
    transport, ip,
    shell_port: ports.shell_port, control_port: ports.control_port, stdin_port: ports.stdin_port,
    iopub_port: ports.iopub_port, hb_port: ports.hb_port,
    key, signature_scheme: scheme,
  };
}

export function readConnectionFile(path: string): ConnectionInfo {
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConnectionFileError(`cannot read connection file ${path}: ${(e as Error).message}`);
  }
  return parseConnectionInfo(text, `connection file ${path}`);
}

/** The ZeroMQ endpoint for one channel; port 0 asks for a random free port (tcp only). */
export function endpoint(info: ConnectionInfo, port: number): string {
  if (info.transport === 'ipc') return `ipc://${info.ip}-${port}`;
  return `tcp://${info.ip}:${port === 0 ? '*' : port}`;
}
