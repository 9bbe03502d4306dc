/**
 * Device placement: maps each op's requested device string onto a local device, softly
 * (an unsatisfiable request such as `/gpu:1` or `/job:ps/task:7` falls back to a local device).
 */
import { DeviceSpec } from '../framework/device';
import { Operation } from '../framework/graph';
import { DeviceType, getKernel, hasKernel, Kernel } from '../kernels/registry';
import { NotFoundError } from '../framework/errors';

export interface LocalDevice {
  /** Full name as TF prints it: `/job:localhost/replica:0/task:0/device:CPU:0`. */
  readonly name: string;
  readonly device_type: DeviceType;
  readonly index: number;
  /** What it is, for listings: `gpu.js webgpu (NVIDIA ...)`. */
  readonly description: string;
}

const cpu0: LocalDevice = {
  name: '/job:localhost/replica:0/task:0/device:CPU:0', device_type: 'CPU', index: 0, description: 'host CPU',
};
const devices: LocalDevice[] = [cpu0];

/** Adds a local device (the GPU module does so when gpu.js has a usable backend). */
export function registerDevice(device: LocalDevice): void {
  if (!devices.some((d) => d.name === device.name)) devices.push(device);
}

/**
 * Adds a function that finds devices lazily (the GPU module probes its adapter this way): it runs once,
 * the first time devices are listed or an op is placed, so importing the library stays cheap.
 */
export function registerDeviceProvider(provider: () => void): void { providers.push(provider); }
const providers: (() => void)[] = [];
function runProviders(): void { while (providers.length) providers.shift()!(); }

export function localDevices(): readonly LocalDevice[] { runProviders(); return devices; }

export interface Placement {
  readonly device: LocalDevice;
  readonly kernel: Kernel;
}

/**
 * Chooses the device and kernel of one op: the requested device type when present locally and it has
 * a kernel there, else a GPU for unpinned ops that have a GPU kernel (TF's preference), else the CPU.
 */
export function place(op: Operation): Placement {
  if (providers.length) runProviders();
  const requested = op.device ? DeviceSpec.from_string(op.device) : null;
  const candidates: LocalDevice[] = [];
  if (requested?.device_type) {
    const type = requested.device_type.toUpperCase();
    const exact = devices.find((d) => d.device_type === type && (requested.device_index === null || d.index === requested.device_index));
    if (exact) candidates.push(exact);
  } else {
    candidates.push(...devices.filter((d) => d.device_type === 'GPU'));
  }
  candidates.push(cpu0);
  for (const d of candidates) {
    const kernel = getKernel(op.type, d.device_type);
    if (kernel) return { device: d, kernel };
  }
  throw new NotFoundError(op, op,
    `No kernel is registered for op type '${op.type}' (node '${op.name}'): scopeflow can import and show this op but cannot run it.`
    + (hasKernel(op.type, 'GPU') ? ' (only a GPU kernel exists, and no GPU is available)' : ''));
}
