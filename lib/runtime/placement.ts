/**
 * Device placement: maps each op's requested device string onto a local device, softly
 * (an unsatisfiable request such as `/gpu:1` or `/job:ps/task:7` falls back to a local device).
 */
import { DeviceSpec } from '../framework/device';
import { Operation } from '../framework/graph';
import { getKernel, hasKernel, Kernel } from '../kernels/registry';
import { HOST_CPU, LocalDevice, localDevices } from '../kernels/devices';
import { NotFoundError } from '../framework/errors';

export interface Placement {
  readonly device: LocalDevice;
  readonly kernel: Kernel;
}

/**
 * Chooses the device and kernel of one op: the requested device type when present locally and it has
 * a kernel there, else a GPU for unpinned ops that have a GPU kernel (TF's preference), else the CPU.
 */
export function place(op: Operation): Placement {
  const devices = localDevices();
  const requested = op.device ? DeviceSpec.from_string(op.device) : null;
  const candidates: LocalDevice[] = [];
  if (requested?.device_type) {
    const type = requested.device_type.toUpperCase();
    const exact = devices.find((d) => d.device_type === type && (requested.device_index === null || d.index === requested.device_index));
    if (exact) candidates.push(exact);
  } else {
    candidates.push(...devices.filter((d) => d.device_type === 'GPU'));
  }
  candidates.push(HOST_CPU);
  for (const d of candidates) {
    const kernel = getKernel(op.type, d.device_type);
    if (kernel) return { device: d, kernel };
  }
  throw new NotFoundError(op, op,
    `No kernel is registered for op type '${op.type}' (node '${op.name}'): scopeflow can import and show this op but cannot run it.`
    + (hasKernel(op.type, 'GPU') ? ' (only a GPU kernel exists, and no GPU is available)' : ''));
}
