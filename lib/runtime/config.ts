/**
 * `tf.config`: the device listings of TF 2's config API (also in TF 1.15 as `tf.config.experimental`).
 */
import { localDevices } from '../kernels/devices';
import { cpuBackend, CpuBackendInfo } from '../kernels/cpu_backend';

export interface PhysicalDevice {
  /** `/physical_device:GPU:0` */
  readonly name: string;
  readonly device_type: string;
}

export interface LogicalDevice {
  /** `/device:GPU:0` */
  readonly name: string;
  readonly device_type: string;
}

function filtered(device_type?: string | null) {
  const want = device_type ? device_type.toUpperCase() : null;
  return localDevices().filter((d) => want === null || d.device_type === want);
}

/** The devices of this process, e.g. `[{name: '/physical_device:CPU:0', device_type: 'CPU'}]`. */
export function list_physical_devices(device_type?: string | null): PhysicalDevice[] {
  return filtered(device_type).map((d) => ({ name: `/physical_device:${d.device_type}:${d.index}`, device_type: d.device_type }));
}

export function list_logical_devices(device_type?: string | null): LogicalDevice[] {
  return filtered(device_type).map((d) => ({ name: `/device:${d.device_type}:${d.index}`, device_type: d.device_type }));
}

/**
 * The CPU backend computing the CPU kernels (scopeflow's own; TF has one CPU implementation), e.g.
 * `{name: 'native', description: 'oneDNN 2.6.3 (avx512_core, 2 OpenMP threads) and OpenBLAS 0.3.21 ...',
 * order: ['native', 'wasm', 'reference'], skipped: {}}`.
 */
export function cpu_backend(): CpuBackendInfo { return cpuBackend(); }

export const config = {
  list_physical_devices,
  list_logical_devices,
  cpu_backend,
  experimental: { list_physical_devices, list_logical_devices },
} as const;
