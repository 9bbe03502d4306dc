/**
 * DeviceSpec: parsing, merging and printing TF device strings (`/job:ps/task:7/device:GPU:0`).
 */
import { ValueError } from './errors';

export interface DeviceFields {
  job?: string | null;
  replica?: number | null;
  task?: number | null;
  device_type?: string | null;
  device_index?: number | null;
}

export class DeviceSpec {
  readonly job: string | null;
  readonly replica: number | null;
  readonly task: number | null;
  readonly device_type: string | null;
  /** null means "any index" (printed `*`). */
  readonly device_index: number | null;

  constructor(fields: DeviceFields = {}) {
    this.job = fields.job ?? null;
    this.replica = fields.replica ?? null;
    this.task = fields.task ?? null;
    this.device_type = fields.device_type ?? null;
    this.device_index = fields.device_index ?? null;
  }

  /** Parses a device string as TF does; throws ValueError naming the bad piece. */
  static from_string(spec: string): DeviceSpec {
    const f: DeviceFields = {};
    let typeSet = false;
    const setType = (t: string, idx: string | undefined) => {
      if (typeSet) throw new ValueError(`Cannot specify multiple device types: ${spec}`);
      typeSet = true;
      f.device_type = t;
      f.device_index = idx === undefined || idx === '*' ? null : parseIndex(idx, spec);
    };
    for (const piece of spec.split('/')) {
      if (piece === '') continue;
      const y = piece.split(':');
      const key = y[0].toLowerCase();
      if (y.length === 2 && key === 'job') f.job = y[1];
      else if (y.length === 2 && key === 'replica') f.replica = parseIndex(y[1], spec);
      else if (y.length === 2 && key === 'task') f.task = parseIndex(y[1], spec);
      else if ((y.length === 1 || y.length === 2) && (key === 'cpu' || key === 'gpu')) setType(key.toUpperCase(), y[1]);
      else if (y.length === 3 && key === 'device') setType(y[1], y[2]);
      else throw new ValueError(`Unknown attribute: '${y[0]}' in '${spec}'`);
    }
    return new DeviceSpec(f);
  }

  /**
   * Fields of `other` that are set override this spec's (TF's merge_from): an index `*` is unset, so
   * `/device:GPU:*` merged into `/device:GPU:7` keeps index 7.
   */
  merge_from(other: DeviceSpec): DeviceSpec {
    return new DeviceSpec({
      job: other.job ?? this.job,
      replica: other.replica ?? this.replica,
      task: other.task ?? this.task,
      device_type: other.device_type ?? this.device_type,
      device_index: other.device_index ?? this.device_index,
    });
  }

  to_string(): string {
    let s = '';
    if (this.job !== null) s += `/job:${this.job}`;
    if (this.replica !== null) s += `/replica:${this.replica}`;
    if (this.task !== null) s += `/task:${this.task}`;
    if (this.device_type !== null) s += `/device:${this.device_type}:${this.device_index === null ? '*' : this.device_index}`;
    return s;
  }

  toString(): string { return this.to_string(); }
}

function parseIndex(s: string, spec: string): number {
  if (!/^\d+$/.test(s)) throw new ValueError(`Unknown attribute: '${s}' in '${spec}'`);
  return Number(s);
}

/** Canonical form of a device string: `'/gpu:1'` → `'/device:GPU:1'`, `''` stays `''`. */
export function canonical_name(device: string | DeviceSpec | null | undefined): string {
  if (device === null || device === undefined || device === '') return '';
  return (typeof device === 'string' ? DeviceSpec.from_string(device) : device).to_string();
}

/** Merges `inner` over `outer` (inner fields win), both device strings. */
export function mergeDevice(outer: string, inner: string): string {
  if (inner === '') return outer;
  if (outer === '') return canonical_name(inner);
  return DeviceSpec.from_string(outer).merge_from(DeviceSpec.from_string(inner)).to_string();
}
