/**
 * The local devices of this process: the host CPU always, plus what device modules add (the GPU module
 * registers `/device:GPU:0` when gpu.js has a usable backend). Placement (runtime/placement.ts) chooses
 * among them.
 */
import { DeviceType } from './registry';
import { cpuBackend } from './cpu_backend';

export interface LocalDevice {
  /** Full name as TF prints it: `/job:localhost/replica:0/task:0/device:CPU:0`. */
  readonly name: string;
  readonly device_type: DeviceType;
  readonly index: number;
  /** What it is, for listings: `gpu.js webgpu (NVIDIA ...)`. */
  readonly description: string;
}

/** The host CPU, the device every op can fall back to. */
export const HOST_CPU: LocalDevice = {
  name: '/job:localhost/replica:0/task:0/device:CPU:0', device_type: 'CPU', index: 0,
  get description() { const b = cpuBackend(); return `host CPU, ${b.name} kernels: ${b.description}`; },
};
const devices: LocalDevice[] = [HOST_CPU];

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

/** Every local device, after running the pending providers. */
export function localDevices(): readonly LocalDevice[] {
  while (providers.length) providers.shift()!();
  return devices;
}
