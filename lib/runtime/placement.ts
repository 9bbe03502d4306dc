/**
 * Device placement: maps each op's requested device string onto a local device. With TF's
 * allow_soft_placement (a session option) an unsatisfiable request such as `/gpu:1` or `/job:ps/task:7`
 * falls back to a local device; without it (TF's default) it is TF's InvalidArgumentError.
 */
import { DeviceSpec } from '../framework/device';
import { Operation } from '../framework/graph';
import { getKernel, hasKernel, Kernel } from '../kernels/registry';
import { HOST_CPU, LocalDevice, localDevices } from '../kernels/devices';
import { InvalidArgumentError, NotFoundError } from '../framework/errors';

export interface Placement {
  readonly device: LocalDevice;
  readonly kernel: Kernel;
}

/**
 * Chooses the device and kernel of one op: the requested device type when present locally and it has
 * a kernel there, else a GPU for unpinned ops that have a GPU kernel (TF's preference), else the CPU.
 */
export function place(op: Operation, allowSoftPlacement = true): Placement {
  const devices = localDevices();
  const requested = op.device ? DeviceSpec.from_string(op.device) : null;
  if (requested && !allowSoftPlacement) return placeStrictly(op, requested, devices);
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

/** Whether a local device (all of `/job:localhost/replica:0/task:0`) meets every field `spec` sets. */
function satisfies(d: LocalDevice, spec: DeviceSpec): boolean {
  return (spec.job === null || spec.job === 'localhost') && (spec.replica === null || spec.replica === 0) && (spec.task === null || spec.task === 0)
    && (spec.device_type === null || spec.device_type.toUpperCase() === d.device_type) && (spec.device_index === null || spec.device_index === d.index);
}

/**
 * TF's placer without soft placement: the pinned device must exist. When it exists but has no kernel for
 * the op the op runs on the CPU (TF would raise; here the GPU's kernel set is smaller than TF's).
 */
function placeStrictly(op: Operation, spec: DeviceSpec, devices: readonly LocalDevice[]): Placement {
  const matching = devices.filter((d) => satisfies(d, spec));
  if (!matching.length) {
    throw new InvalidArgumentError(op, op, `Cannot assign a device for operation ${op.name}: Operation was explicitly assigned to ${op.device} but available devices are [ ${devices.map((d) => d.name).join(', ')} ]. Make sure the device specification refers to a valid device.`);
  }
  for (const d of [...matching, HOST_CPU]) {
    const kernel = getKernel(op.type, d.device_type);
    if (kernel) return { device: d, kernel };
  }
  return place(op, true);
}
